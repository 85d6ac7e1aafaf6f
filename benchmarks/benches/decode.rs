//! Goal 2: decoding large answers, SDK against serde_json into plain structs.
//!
//! * EasySecure `getLogs` with 100,000 entries;
//! * iLOQ `GetLockLogDataByTimestamp` with 100,000 entries;
//! * an EF-45 biometric-data answer of 5 MB.
//!
//! The decoders alone (each endpoint's `Endpoint::decode` on an
//! `access_core::http::Response`), then end to end on a loopback server (the
//! SDK call against a reqwest call with `.json()` into the plain structs).
//!
//! `cargo bench -p benchmarks --bench decode`

use std::time::{Duration, Instant};

use access_core::http::{Endpoint, HeaderMap, Response};
use benchmarks::plain::{Ef45Biometric, Ef45Page, EsLog, EsLogWithExtra, EsUser, IloqLockLogPage};
use benchmarks::server::LoopbackServer;
use benchmarks::stats::{self, fmt_secs, interleaved, record};
use benchmarks::{fixtures, handlers, machine_line};
use bytes::Bytes;
use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput};
use easysecure_sdk::auth::Admin;
use easysecure_sdk::auth::Tokens;
use ef45_sdk::enrolment::{BiometricDataVersion, GetBiometricData};
use iloq_sdk::lock_logs::GetLockLogDataByTimestamp;

const LOGS: u64 = 100_000;
const BIOMETRIC_BYTES: usize = 5 * 1024 * 1024;

fn response(body: &Bytes) -> Response {
    Response::new(200, HeaderMap::new(), body.clone())
}

struct Bodies {
    iloq_persons: Bytes,
    es_users: Bytes,
    es_logs: Bytes,
    iloq_logs: Bytes,
    biometric: Bytes,
}

fn sdk_es(body: &Bytes) -> usize {
    let req = easysecure_sdk::logs::GetLogs::id_range(1, LOGS as i64).expect("request");
    req.decode(response(body)).expect("sdk decode").len()
}

fn plain_es(body: &Bytes) -> usize {
    serde_json::from_slice::<Vec<EsLog>>(body)
        .expect("plain decode")
        .len()
}

fn sdk_es_users(body: &Bytes) -> usize {
    easysecure_sdk::users::GetUsers::new()
        .decode(response(body))
        .expect("sdk decode")
        .len()
}

fn plain_es_users(body: &Bytes) -> usize {
    serde_json::from_slice::<Vec<EsUser>>(body)
        .expect("plain decode")
        .len()
}

/// The SDK's model decoded straight from the body, without `decode_list`'s
/// detour through `serde_json::Value`.
fn model_es(body: &Bytes) -> usize {
    serde_json::from_slice::<Vec<easysecure_sdk::model::LogEntry>>(body)
        .expect("model decode")
        .len()
}

fn model_es_users(body: &Bytes) -> usize {
    serde_json::from_slice::<Vec<easysecure_sdk::model::UserRecord>>(body)
        .expect("model decode")
        .len()
}

/// The plain struct plus a flattened `extra` map.
fn plain_extra_es(body: &Bytes) -> usize {
    serde_json::from_slice::<Vec<EsLogWithExtra>>(body)
        .expect("plain decode")
        .len()
}

/// `decode_list`'s first two steps alone: parse into a `Value`, serialize back.
fn value_round_trip(body: &Bytes) -> usize {
    let v: serde_json::Value = serde_json::from_slice(body).expect("value");
    serde_json::to_vec(&v).expect("bytes").len()
}

fn sdk_iloq_persons(body: &Bytes) -> usize {
    iloq_sdk::persons::ListPersons::new()
        .decode(response(body))
        .expect("sdk decode")
        .len()
}

fn plain_iloq_persons(body: &Bytes) -> usize {
    serde_json::from_slice::<Vec<benchmarks::plain::IloqPerson>>(body)
        .expect("plain decode")
        .len()
}

fn iloq_request() -> GetLockLogDataByTimestamp {
    let start = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .expect("date");
    GetLockLogDataByTimestamp::new(start, start + chrono::Duration::days(2)).expect("request")
}

fn sdk_iloq(body: &Bytes) -> usize {
    iloq_request()
        .decode(response(body))
        .expect("sdk decode")
        .logs
        .len()
}

fn plain_iloq(body: &Bytes) -> usize {
    serde_json::from_slice::<IloqLockLogPage>(body)
        .expect("plain decode")
        .logs
        .len()
}

fn sdk_ef45(body: &Bytes) -> usize {
    GetBiometricData::new(BiometricDataVersion::Revised)
        .decode(response(body))
        .expect("sdk decode")
        .items
        .len()
}

fn plain_ef45(body: &Bytes) -> usize {
    serde_json::from_slice::<Ef45Page<Ef45Biometric>>(body)
        .expect("plain decode")
        .items
        .len()
}

type Decoder = fn(&Bytes) -> usize;

/// `--profile <answer> <sdk|plain|model> <times>`: runs one decoder alone, for
/// `heaptrack` (allocations) or `perf record` (where the time goes).
fn profile(args: &[String]) {
    let (name, who, times) = (&args[0], &args[1], args[2].parse::<usize>().expect("times"));
    let (body, sdk, plain, model): (Bytes, Decoder, Decoder, Decoder) = match name.as_str() {
        "es_get_logs_100k" => (
            fixtures::easysecure_logs(1, LOGS).into(),
            sdk_es,
            plain_es,
            model_es,
        ),
        "es_get_users_100" => (
            fixtures::easysecure_users(100).into(),
            sdk_es_users,
            plain_es_users,
            model_es_users,
        ),
        "iloq_persons_1000" => (
            fixtures::iloq_persons(1000).into(),
            sdk_iloq_persons,
            plain_iloq_persons,
            sdk_iloq_persons,
        ),
        other => panic!("unknown answer {other}"),
    };
    let f = match who.as_str() {
        "sdk" => sdk,
        "model" => model,
        _ => plain,
    };
    let mut n = 0;
    for _ in 0..times {
        n += std::hint::black_box(f(&body));
    }
    println!("decoded {n} items");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        profile(&args[i + 1..]);
        return;
    }
    let bench_mode = args.iter().any(|a| a == "--bench");
    let bodies = Bodies {
        iloq_persons: fixtures::iloq_persons(1000).into(),
        es_users: fixtures::easysecure_users(100).into(),
        es_logs: fixtures::easysecure_logs(1, LOGS).into(),
        iloq_logs: fixtures::iloq_lock_log_data(LOGS).into(),
        biometric: fixtures::ef45_biometric(BIOMETRIC_BYTES).into(),
    };
    // Both decoders agree on the data before anything is timed.
    assert_eq!(sdk_es_users(&bodies.es_users), 100);
    assert_eq!(plain_es_users(&bodies.es_users), 100);
    assert_eq!(model_es_users(&bodies.es_users), 100);
    assert_eq!(model_es(&bodies.es_logs), LOGS as usize);
    assert_eq!(plain_extra_es(&bodies.es_logs), LOGS as usize);
    assert_eq!(sdk_es(&bodies.es_logs), LOGS as usize);
    assert_eq!(plain_es(&bodies.es_logs), LOGS as usize);
    assert_eq!(sdk_iloq(&bodies.iloq_logs), LOGS as usize);
    assert_eq!(plain_iloq(&bodies.iloq_logs), LOGS as usize);
    assert_eq!(sdk_ef45(&bodies.biometric), 1);
    assert_eq!(plain_ef45(&bodies.biometric), 1);
    println!("decode: {}", machine_line());

    assert_eq!(sdk_iloq_persons(&bodies.iloq_persons), 1000);
    assert_eq!(plain_iloq_persons(&bodies.iloq_persons), 1000);
    let cases: [(&str, &Bytes, Decoder, Decoder); 5] = [
        (
            "iloq_persons_1000",
            &bodies.iloq_persons,
            sdk_iloq_persons,
            plain_iloq_persons,
        ),
        (
            "es_get_users_100",
            &bodies.es_users,
            sdk_es_users,
            plain_es_users,
        ),
        ("es_get_logs_100k", &bodies.es_logs, sdk_es, plain_es),
        (
            "iloq_lock_log_data_100k",
            &bodies.iloq_logs,
            sdk_iloq,
            plain_iloq,
        ),
        (
            "ef45_biometric_5mb",
            &bodies.biometric,
            sdk_ef45,
            plain_ef45,
        ),
    ];

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for (name, body, sdk, plain) in cases {
        let mut group = c.benchmark_group(format!("decode/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        for (who, f) in [("sdk", sdk), ("plain", plain)] {
            let id = format!("decode/{name}/{who}");
            group.bench_function(who, |b| {
                b.iter_custom(|iters| {
                    let start = Instant::now();
                    for _ in 0..iters {
                        std::hint::black_box(f(body));
                    }
                    let d = start.elapsed();
                    record(&id, iters, d);
                    d
                })
            });
        }
        group.finish();
    }

    // End to end on loopback.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let es = LoopbackServer::start(handlers::fixed(vec![(
        "/admins/getLogs",
        bodies.es_logs.clone(),
    )]));
    let iloq = LoopbackServer::start(handlers::iloq_with(
        Bytes::from_static(b"[]"),
        vec![(
            "/api/v2/LockLogs/GetLockLogDataByTimestamp",
            bodies.iloq_logs.clone(),
        )],
    ));
    let ef45 = LoopbackServer::start(handlers::ef45_biometric(bodies.biometric.clone()));
    let limit = 64 * 1024 * 1024;
    let (es_sdk, iloq_sdk, ef45_sdk) = rt.block_on(async {
        let es_sdk = easysecure_sdk::Client::builder()
            .base_url(es.url())
            .max_response_bytes(limit)
            .with_tokens::<Admin>(Tokens::new(
                access_core::SecretString::from("bench-id-token-1".to_string()),
                None,
            ))
            .expect("easysecure client");
        let iloq_sdk = iloq_sdk::Client::builder()
            .base_url(iloq.url())
            .customer_code("BENCH")
            .credentials("bench", access_core::SecretString::from("pw".to_string()))
            .max_response_bytes(limit)
            .build()
            .expect("iloq client");
        iloq_sdk.login().await.expect("iloq session");
        let ef45_sdk = ef45_sdk::Client::builder()
            .base_url(format!("{}/1.0", ef45.url()))
            .biometric_data_version(BiometricDataVersion::Revised)
            .build()
            .expect("ef45 client");
        (es_sdk, iloq_sdk, ef45_sdk)
    });
    let raw = reqwest::Client::new();
    let es_url = format!("{}/admins/getLogs", es.url());
    let iloq_url = format!("{}/api/v2/LockLogs/GetLockLogDataByTimestamp", iloq.url());
    let ef45_url = format!(
        "{}/1.0/biometric-data/v2?lock_uid={}",
        ef45.url(),
        handlers::ef45_lock_uid()
    );

    let e2e_es_sdk = || {
        let c = es_sdk.clone();
        async move {
            let req = easysecure_sdk::logs::GetLogs::id_range(1, LOGS as i64).expect("request");
            assert_eq!(c.logs().get(req).await.expect("sdk").len(), LOGS as usize);
        }
    };
    let e2e_es_raw = || {
        let (raw, url) = (raw.clone(), es_url.clone());
        async move {
            let logs: Vec<EsLog> = raw
                .post(url)
                .bearer_auth("bench-id-token-1")
                .json(&serde_json::json!({"exportIdFrom": 1, "exportIdTo": LOGS}))
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("raw")
                .json()
                .await
                .expect("raw decode");
            assert_eq!(logs.len(), LOGS as usize);
        }
    };
    let e2e_iloq_sdk = || {
        let c = iloq_sdk.clone();
        async move {
            let page = c.send(&iloq_request()).await.expect("sdk");
            assert_eq!(page.logs.len(), LOGS as usize);
        }
    };
    let e2e_iloq_raw = || {
        let (raw, url) = (raw.clone(), iloq_url.clone());
        async move {
            let page: IloqLockLogPage = raw
                .post(url)
                .header("SessionId", "bench-session-id")
                .json(&serde_json::json!({
                    "StartDateUtc": "2025-01-01T00:00:00Z",
                    "EndDateUtc": "2025-01-03T00:00:00Z"
                }))
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("raw")
                .json()
                .await
                .expect("raw decode");
            assert_eq!(page.logs.len(), LOGS as usize);
        }
    };
    let e2e_ef45_sdk = || {
        let c = ef45_sdk.clone();
        async move {
            let page = c.enrolment().biometric_data().await.expect("sdk");
            assert_eq!(page.items.len(), 1);
        }
    };
    let e2e_ef45_raw = || {
        let (raw, url) = (raw.clone(), ef45_url.clone());
        async move {
            let page: Ef45Page<Ef45Biometric> = raw
                .get(url)
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("raw")
                .json()
                .await
                .expect("raw decode");
            assert_eq!(page.items.len(), 1);
        }
    };
    {
        let mut group = c.benchmark_group("end_to_end");
        macro_rules! e2e {
            ($name:literal, $bytes:expr, $sdk:expr, $raw:expr) => {
                group.throughput(Throughput::Bytes($bytes as u64));
                for (who, is_sdk) in [("sdk", true), ("raw", false)] {
                    let id = format!("end_to_end/{}/{who}", $name);
                    group.bench_function(format!("{}/{who}", $name), |b| {
                        b.to_async(&rt).iter_custom(|iters| {
                            let id = id.clone();
                            async move {
                                let start = Instant::now();
                                for _ in 0..iters {
                                    if is_sdk { $sdk().await } else { $raw().await }
                                }
                                let d = start.elapsed();
                                record(&id, iters, d);
                                d
                            }
                        })
                    });
                }
            };
        }
        e2e!(
            "es_get_logs_100k",
            bodies.es_logs.len(),
            e2e_es_sdk,
            e2e_es_raw
        );
        e2e!(
            "iloq_lock_log_data_100k",
            bodies.iloq_logs.len(),
            e2e_iloq_sdk,
            e2e_iloq_raw
        );
        e2e!(
            "ef45_biometric_5mb",
            bodies.biometric.len(),
            e2e_ef45_sdk,
            e2e_ef45_raw
        );
        group.finish();
    }
    c.final_summary();

    println!("\n## decoding (criterion medians)\n");
    println!("| answer | bytes | stage | SDK | plain serde | SDK MB/s | plain MB/s | SDK/plain |");
    println!("|---|---|---|---|---|---|---|---|");
    let sizes = [
        ("iloq_persons_1000", bodies.iloq_persons.len()),
        ("es_get_users_100", bodies.es_users.len()),
        ("es_get_logs_100k", bodies.es_logs.len()),
        ("iloq_lock_log_data_100k", bodies.iloq_logs.len()),
        ("ef45_biometric_5mb", bodies.biometric.len()),
    ];
    for (name, bytes) in sizes {
        for (stage, sdk_id, plain_id) in [
            (
                "decode",
                format!("decode/{name}/sdk"),
                format!("decode/{name}/plain"),
            ),
            (
                "end to end",
                format!("end_to_end/{name}/sdk"),
                format!("end_to_end/{name}/raw"),
            ),
        ] {
            if let (Some(s), Some(p)) = (
                stats::recorded_median(&sdk_id),
                stats::recorded_median(&plain_id),
            ) {
                let mbs = |t: f64| bytes as f64 / t / 1e6;
                println!(
                    "| {name} | {bytes} | {stage} | {} | {} | {:.0} | {:.0} | {:.2} |",
                    fmt_secs(s),
                    fmt_secs(p),
                    mbs(s),
                    mbs(p),
                    s / p
                );
            }
        }
    }
    if !bench_mode {
        return;
    }
    println!("\n## decoding, interleaved A/B (decoders alone)\n");
    println!("| answer | SDK | plain | SDK/plain | rounds |");
    println!("|---|---|---|---|---|");
    for (name, body, sdk, plain) in cases {
        let r = rt.block_on(interleaved(
            10,
            2,
            || async {
                std::hint::black_box(sdk(body));
            },
            || async {
                std::hint::black_box(plain(body));
            },
        ));
        println!(
            "| {name} | {} | {} | {:.2} | {} |",
            fmt_secs(r.a.as_secs_f64()),
            fmt_secs(r.b.as_secs_f64()),
            r.ratio,
            r.rounds
        );
    }

    println!("\n## end to end on loopback, interleaved A/B\n");
    println!("| answer | SDK | raw | SDK/raw | rounds |");
    println!("|---|---|---|---|---|");
    let e2e_rows = [
        (
            "es_get_logs_100k",
            rt.block_on(interleaved(8, 1, e2e_es_sdk, e2e_es_raw)),
        ),
        (
            "iloq_lock_log_data_100k",
            rt.block_on(interleaved(8, 1, e2e_iloq_sdk, e2e_iloq_raw)),
        ),
        (
            "ef45_biometric_5mb",
            rt.block_on(interleaved(10, 10, e2e_ef45_sdk, e2e_ef45_raw)),
        ),
    ];
    for (name, r) in e2e_rows {
        println!(
            "| {name} | {} | {} | {:.2} | {} |",
            fmt_secs(r.a.as_secs_f64()),
            fmt_secs(r.b.as_secs_f64()),
            r.ratio,
            r.rounds
        );
    }

    // Where the EasySecure time goes: each step of the SDK's decoder alone.
    println!("\n## EasySecure decoding breakdown (median of interleaved rounds)\n");
    println!("| answer | decoder | time | ratio to plain |");
    println!("|---|---|---|---|");
    type Steps<'a> = (&'a str, &'a Bytes, usize, usize, [(&'a str, Decoder); 4]);
    let steps: [Steps; 2] = [
        (
            "es_get_logs_100k",
            &bodies.es_logs,
            6,
            1,
            [
                ("plain struct + flatten extra map", plain_extra_es),
                ("SDK model (LogEntry) straight from the body", model_es),
                (
                    "Value parse + re-serialize (decode_list detour)",
                    value_round_trip,
                ),
                ("SDK decode (GetLogs::decode)", sdk_es),
            ],
        ),
        (
            "es_get_users_100",
            &bodies.es_users,
            10,
            50,
            [
                ("plain struct (same as baseline)", plain_es_users),
                (
                    "SDK model (UserRecord) straight from the body",
                    model_es_users,
                ),
                (
                    "Value parse + re-serialize (decode_list detour)",
                    value_round_trip,
                ),
                ("SDK decode (GetUsers::decode)", sdk_es_users),
            ],
        ),
    ];
    for (name, body, rounds, iters, decoders) in steps {
        let plain: Decoder = if name == "es_get_logs_100k" {
            plain_es
        } else {
            plain_es_users
        };
        for (label, f) in decoders {
            let r = rt.block_on(interleaved(
                rounds,
                iters,
                || async {
                    std::hint::black_box(f(body));
                },
                || async {
                    std::hint::black_box(plain(body));
                },
            ));
            println!(
                "| {name} | {label} | {} | {:.2} |",
                fmt_secs(r.a.as_secs_f64()),
                r.ratio
            );
        }
    }
    println!("\n{}", machine_line());
}
