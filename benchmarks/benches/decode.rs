//! Goal 2: decoding large answers, SDK against serde_json into plain structs.
//!
//! * EasySecure `getLogs` with 100,000 entries;
//! * iLOQ `GetLockLogDataByTimestamp` with 100,000 entries;
//! * an EF-45 biometric-data answer of 5 MB.
//!
//! The decoders alone (each endpoint's `Endpoint::decode` on an
//! `access_core::http::Response`), then end to end on a loopback server. Two
//! baselines: *plain* (`benchmarks::plain`: owned `String`s, chrono format
//! strings; `.json()` end to end) and *tight* (`benchmarks::tight`: borrowed
//! strings, no per-field allocation, the SDK's date strategy by hand;
//! `.bytes()` then `tight::decode` end to end). Goal 2 (SDK ≤ 1.10 × baseline,
//! decoders alone) is judged against the tight one.
//!
//! `cargo bench -p benchmarks --bench decode`; smoke mode (`BENCH_SMOKE=1`, or
//! without `--bench`): 2,000 log entries and a 1 MiB biometric answer, every
//! decoder's count and the SDK's and tight baseline's values checked, one short
//! interleaved pass printed (ratios not asserted).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use access_core::http::{Endpoint, HeaderMap, Response};
use benchmarks::plain::{Ef45Biometric, Ef45Page, EsLog, EsLogWithExtra, EsUser, IloqLockLogPage};
use benchmarks::server::LoopbackServer;
use benchmarks::stats::{self, Ab3Result, fmt_secs, interleaved, interleaved3, record};
use benchmarks::{fixtures, handlers, machine_line, smoke_mode, tight};
use bytes::Bytes;
use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput};
use easysecure_sdk::auth::Admin;
use easysecure_sdk::auth::Tokens;
use ef45_sdk::enrolment::{BiometricDataVersion, GetBiometricData};
use iloq_sdk::lock_logs::GetLockLogDataByTimestamp;

/// Log entries per answer (100,000; 2,000 in smoke mode), set once in `main`.
static LOGS: OnceLock<u64> = OnceLock::new();

fn logs() -> u64 {
    *LOGS.get_or_init(|| 100_000)
}

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
    let req = easysecure_sdk::logs::GetLogs::id_range(1, logs() as i64).expect("request");
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

fn tight_es(body: &Bytes) -> usize {
    tight::decode::<Vec<tight::EsLog>>(body)
        .expect("tight decode")
        .len()
}

fn tight_es_users(body: &Bytes) -> usize {
    tight::decode::<Vec<tight::EsUser>>(body)
        .expect("tight decode")
        .len()
}

fn tight_iloq_persons(body: &Bytes) -> usize {
    tight::decode::<Vec<tight::IloqPerson>>(body)
        .expect("tight decode")
        .len()
}

fn tight_iloq(body: &Bytes) -> usize {
    tight::decode::<tight::IloqLockLogPage>(body)
        .expect("tight decode")
        .logs
        .len()
}

fn tight_ef45(body: &Bytes) -> usize {
    tight::decode::<tight::Ef45BiometricPage>(body)
        .expect("tight decode")
        .items
        .len()
}

/// The tight EasySecure structs with owned `String`s (breakdown only).
fn owned_es(body: &Bytes) -> usize {
    tight::decode::<Vec<tight::owned::EsLog>>(body)
        .expect("owned decode")
        .len()
}

fn owned_es_users(body: &Bytes) -> usize {
    tight::decode::<Vec<tight::owned::EsUser>>(body)
        .expect("owned decode")
        .len()
}

type Decoder = fn(&Bytes) -> usize;

/// The SDK and the tight baseline read the same values (so the tight one is
/// not fast by skipping work): EasySecure ids, times and users, iLOQ times.
fn check_values(bodies: &Bodies) {
    let req = easysecure_sdk::logs::GetLogs::id_range(1, logs() as i64).expect("request");
    let sdk = req.decode(response(&bodies.es_logs)).expect("sdk decode");
    let raw: Vec<tight::EsLog> = tight::decode(&bodies.es_logs).expect("tight decode");
    assert_eq!(sdk.len(), raw.len());
    for (s, t) in sdk.iter().zip(&raw) {
        assert_eq!(s.scan_id, Some(t.scan_id));
        assert_eq!(s.time, t.time);
        assert_eq!(s.user_id.as_deref(), Some(&*t.user_id));
    }
    let sdk = easysecure_sdk::users::GetUsers::new()
        .decode(response(&bodies.es_users))
        .expect("sdk decode");
    let raw: Vec<tight::EsUser> = tight::decode(&bodies.es_users).expect("tight decode");
    assert_eq!(sdk.len(), raw.len());
    let page = iloq_request()
        .decode(response(&bodies.iloq_logs))
        .expect("sdk decode");
    let raw: tight::IloqLockLogPage = tight::decode(&bodies.iloq_logs).expect("tight decode");
    assert_eq!(page.logs.len(), raw.logs.len());
    for (s, t) in page.logs.iter().zip(&raw.logs) {
        assert_eq!((s.timestamp, s.going_date), (t.timestamp, t.going_date));
    }
}

/// `--profile <answer> <sdk|plain|tight|model> <times>`: runs one decoder alone, for
/// `heaptrack` (allocations) or `perf record` (where the time goes).
fn profile(args: &[String]) {
    let (name, who, times) = (&args[0], &args[1], args[2].parse::<usize>().expect("times"));
    type Profiled = (Bytes, Decoder, Decoder, Decoder, Decoder);
    let (body, sdk, plain, model, tight): Profiled = match name.as_str() {
        "es_get_logs_100k" => (
            fixtures::easysecure_logs(1, logs()).into(),
            sdk_es,
            plain_es,
            model_es,
            tight_es,
        ),
        "es_get_users_100" => (
            fixtures::easysecure_users(100).into(),
            sdk_es_users,
            plain_es_users,
            model_es_users,
            tight_es_users,
        ),
        "iloq_persons_1000" => (
            fixtures::iloq_persons(1000).into(),
            sdk_iloq_persons,
            plain_iloq_persons,
            sdk_iloq_persons,
            tight_iloq_persons,
        ),
        other => panic!("unknown answer {other}"),
    };
    let f = match who.as_str() {
        "sdk" => sdk,
        "model" => model,
        "tight" => tight,
        _ => plain,
    };
    let mut n = 0;
    for _ in 0..times {
        n += std::hint::black_box(f(&body));
    }
    println!("decoded {n} items");
}

/// One row of the three-way tables: SDK, plain and tight.
fn row3(name: &str, r: &Ab3Result) -> String {
    format!(
        "| {name} | {} | {} | {} | {:.2} | **{:.2}** | {} |",
        fmt_secs(r.a.as_secs_f64()),
        fmt_secs(r.b.as_secs_f64()),
        fmt_secs(r.c.as_secs_f64()),
        r.ratio_b,
        r.ratio_c,
        r.rounds
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = smoke_mode();
    let _ = LOGS.set(if smoke { 2_000 } else { 100_000 });
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        profile(&args[i + 1..]);
        return;
    }
    let biometric_bytes = if smoke { 1 << 20 } else { 5 << 20 };
    let logs_label = if smoke { "2k" } else { "100k" };
    let bodies = Bodies {
        iloq_persons: fixtures::iloq_persons(1000).into(),
        es_users: fixtures::easysecure_users(100).into(),
        es_logs: fixtures::easysecure_logs(1, logs()).into(),
        iloq_logs: fixtures::iloq_lock_log_data(logs()).into(),
        biometric: fixtures::ef45_biometric(biometric_bytes).into(),
    };
    // Every decoder agrees on the data before anything is timed.
    let n = logs() as usize;
    let expected: [(&str, &Bytes, usize, [Decoder; 3]); 5] = [
        (
            "iLOQ persons",
            &bodies.iloq_persons,
            1000,
            [sdk_iloq_persons, plain_iloq_persons, tight_iloq_persons],
        ),
        (
            "EasySecure users",
            &bodies.es_users,
            100,
            [sdk_es_users, plain_es_users, tight_es_users],
        ),
        (
            "EasySecure logs",
            &bodies.es_logs,
            n,
            [sdk_es, plain_es, tight_es],
        ),
        (
            "iLOQ lock logs",
            &bodies.iloq_logs,
            n,
            [sdk_iloq, plain_iloq, tight_iloq],
        ),
        (
            "EF-45 biometric",
            &bodies.biometric,
            1,
            [sdk_ef45, plain_ef45, tight_ef45],
        ),
    ];
    for (what, body, count, decoders) in expected {
        for f in decoders {
            assert_eq!(f(body), count, "{what}: every decoder reads {count}");
        }
    }
    assert_eq!(model_es_users(&bodies.es_users), 100);
    assert_eq!(owned_es_users(&bodies.es_users), 100);
    assert_eq!(model_es(&bodies.es_logs), n);
    assert_eq!(owned_es(&bodies.es_logs), n);
    assert_eq!(plain_extra_es(&bodies.es_logs), n);
    check_values(&bodies);
    println!(
        "decode{}: {}",
        if smoke { " (smoke)" } else { "" },
        machine_line()
    );
    println!(
        "checked: every decoder reads 1,000 persons, 100 users, {n} EasySecure and {n} iLOQ log entries, 1 capture; the SDK and the tight baseline read the same ids and times"
    );

    let es_logs_name = format!("es_get_logs_{logs_label}");
    let iloq_logs_name = format!("iloq_lock_log_data_{logs_label}");
    let ef45_name = if smoke {
        "ef45_biometric_1mb"
    } else {
        "ef45_biometric_5mb"
    };
    let cases: [(&str, &Bytes, [Decoder; 3]); 5] = [
        (
            "iloq_persons_1000",
            &bodies.iloq_persons,
            [sdk_iloq_persons, plain_iloq_persons, tight_iloq_persons],
        ),
        (
            "es_get_users_100",
            &bodies.es_users,
            [sdk_es_users, plain_es_users, tight_es_users],
        ),
        (&es_logs_name, &bodies.es_logs, [sdk_es, plain_es, tight_es]),
        (
            &iloq_logs_name,
            &bodies.iloq_logs,
            [sdk_iloq, plain_iloq, tight_iloq],
        ),
        (
            ef45_name,
            &bodies.biometric,
            [sdk_ef45, plain_ef45, tight_ef45],
        ),
    ];

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    if !smoke {
        for (name, body, [sdk, plain, tight]) in cases {
            let mut group = c.benchmark_group(format!("decode/{name}"));
            group.throughput(Throughput::Bytes(body.len() as u64));
            for (who, f) in [("sdk", sdk), ("plain", plain), ("tight", tight)] {
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

    let es_request = |raw: &reqwest::Client, url: String| {
        raw.post(url)
            .bearer_auth("bench-id-token-1")
            .json(&serde_json::json!({"exportIdFrom": 1, "exportIdTo": logs()}))
    };
    let iloq_request_raw = |raw: &reqwest::Client, url: String| {
        raw.post(url)
            .header("SessionId", "bench-session-id")
            .json(&serde_json::json!({
                "StartDateUtc": "2025-01-01T00:00:00Z",
                "EndDateUtc": "2025-01-03T00:00:00Z"
            }))
    };
    let e2e_es_sdk = || {
        let c = es_sdk.clone();
        async move {
            let req = easysecure_sdk::logs::GetLogs::id_range(1, logs() as i64).expect("request");
            assert_eq!(c.logs().get(req).await.expect("sdk").len(), logs() as usize);
        }
    };
    let e2e_es_raw = || {
        let req = es_request(&raw, es_url.clone());
        async move {
            let logs: Vec<EsLog> = req
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("raw")
                .json()
                .await
                .expect("raw decode");
            assert_eq!(logs.len(), self::logs() as usize);
        }
    };
    let e2e_es_tight = || {
        let req = es_request(&raw, es_url.clone());
        async move {
            let body = req
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("raw")
                .bytes()
                .await
                .expect("raw body");
            let logs: Vec<tight::EsLog> = tight::decode(&body).expect("tight decode");
            assert_eq!(logs.len(), self::logs() as usize);
        }
    };
    let e2e_iloq_sdk = || {
        let c = iloq_sdk.clone();
        async move {
            let page = c.send(&iloq_request()).await.expect("sdk");
            assert_eq!(page.logs.len(), logs() as usize);
        }
    };
    let e2e_iloq_raw = || {
        let req = iloq_request_raw(&raw, iloq_url.clone());
        async move {
            let page: IloqLockLogPage = req
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("raw")
                .json()
                .await
                .expect("raw decode");
            assert_eq!(page.logs.len(), logs() as usize);
        }
    };
    let e2e_iloq_tight = || {
        let req = iloq_request_raw(&raw, iloq_url.clone());
        async move {
            let body = req
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("raw")
                .bytes()
                .await
                .expect("raw body");
            let page: tight::IloqLockLogPage = tight::decode(&body).expect("tight decode");
            assert_eq!(page.logs.len(), logs() as usize);
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
    let e2e_ef45_tight = || {
        let (raw, url) = (raw.clone(), ef45_url.clone());
        async move {
            let body = raw
                .get(url)
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .expect("raw")
                .bytes()
                .await
                .expect("raw body");
            let page: tight::Ef45BiometricPage = tight::decode(&body).expect("tight decode");
            assert_eq!(page.items.len(), 1);
        }
    };

    if smoke {
        // One short interleaved pass of every pair: the code paths run and the
        // ratios print; small sizes and three rounds measure nothing reliable.
        println!("\n## decoding, smoke pass (decoders alone; ratios printed, not asserted)\n");
        println!("| answer | SDK | plain | tight | SDK/plain | SDK/tight | rounds |");
        println!("|---|---|---|---|---|---|---|");
        for (name, body, [sdk, plain, tight]) in cases {
            let r = rt.block_on(interleaved3(
                3,
                1,
                || async {
                    std::hint::black_box(sdk(body));
                },
                || async {
                    std::hint::black_box(plain(body));
                },
                || async {
                    std::hint::black_box(tight(body));
                },
            ));
            println!("{}", row3(name, &r));
        }
        println!("\n## end to end on loopback, smoke pass\n");
        println!("| answer | SDK | raw .json() | raw tight | SDK/raw | SDK/tight | rounds |");
        println!("|---|---|---|---|---|---|---|");
        let rows = [
            (
                &es_logs_name,
                rt.block_on(interleaved3(3, 1, e2e_es_sdk, e2e_es_raw, e2e_es_tight)),
            ),
            (
                &iloq_logs_name,
                rt.block_on(interleaved3(
                    3,
                    1,
                    e2e_iloq_sdk,
                    e2e_iloq_raw,
                    e2e_iloq_tight,
                )),
            ),
            (
                &ef45_name.to_string(),
                rt.block_on(interleaved3(
                    3,
                    1,
                    e2e_ef45_sdk,
                    e2e_ef45_raw,
                    e2e_ef45_tight,
                )),
            ),
        ];
        for (name, r) in rows {
            println!("{}", row3(name, &r));
        }
        println!("\n{}", machine_line());
        return;
    }

    {
        let mut group = c.benchmark_group("end_to_end");
        macro_rules! e2e {
            ($name:expr, $bytes:expr, $sdk:expr, $raw:expr, $tight:expr) => {
                group.throughput(Throughput::Bytes($bytes as u64));
                for who in ["sdk", "raw", "tight"] {
                    let id = format!("end_to_end/{}/{who}", $name);
                    group.bench_function(format!("{}/{who}", $name), |b| {
                        b.to_async(&rt).iter_custom(|iters| {
                            let id = id.clone();
                            async move {
                                let start = Instant::now();
                                for _ in 0..iters {
                                    match who {
                                        "sdk" => $sdk().await,
                                        "raw" => $raw().await,
                                        _ => $tight().await,
                                    }
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
            es_logs_name,
            bodies.es_logs.len(),
            e2e_es_sdk,
            e2e_es_raw,
            e2e_es_tight
        );
        e2e!(
            iloq_logs_name,
            bodies.iloq_logs.len(),
            e2e_iloq_sdk,
            e2e_iloq_raw,
            e2e_iloq_tight
        );
        e2e!(
            ef45_name,
            bodies.biometric.len(),
            e2e_ef45_sdk,
            e2e_ef45_raw,
            e2e_ef45_tight
        );
        group.finish();
    }
    c.final_summary();

    println!("\n## decoding (criterion medians)\n");
    println!(
        "| answer | bytes | stage | SDK | plain | tight | SDK MB/s | plain MB/s | tight MB/s | SDK/plain | SDK/tight |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, body, _) in cases {
        let bytes = body.len();
        for (stage, prefix, plain) in [
            ("decode", "decode", "plain"),
            ("end to end", "end_to_end", "raw"),
        ] {
            let m = |who: &str| stats::recorded_median(&format!("{prefix}/{name}/{who}"));
            if let (Some(s), Some(p), Some(t)) = (m("sdk"), m(plain), m("tight")) {
                let mbs = |t: f64| bytes as f64 / t / 1e6;
                println!(
                    "| {name} | {bytes} | {stage} | {} | {} | {} | {:.0} | {:.0} | {:.0} | {:.2} | **{:.2}** |",
                    fmt_secs(s),
                    fmt_secs(p),
                    fmt_secs(t),
                    mbs(s),
                    mbs(p),
                    mbs(t),
                    s / p,
                    s / t
                );
            }
        }
    }

    println!("\n## decoding, interleaved (decoders alone; goal 2: SDK/tight ≤ 1.10)\n");
    println!("| answer | SDK | plain | tight | SDK/plain | SDK/tight | rounds |");
    println!("|---|---|---|---|---|---|---|");
    for (name, body, [sdk, plain, tight]) in cases {
        let r = rt.block_on(interleaved3(
            10,
            2,
            || async {
                std::hint::black_box(sdk(body));
            },
            || async {
                std::hint::black_box(plain(body));
            },
            || async {
                std::hint::black_box(tight(body));
            },
        ));
        println!("{}", row3(name, &r));
    }

    println!("\n## end to end on loopback, interleaved\n");
    println!("| answer | SDK | raw .json() | raw tight | SDK/raw | SDK/tight | rounds |");
    println!("|---|---|---|---|---|---|---|");
    let e2e_rows = [
        (
            &es_logs_name,
            rt.block_on(interleaved3(8, 1, e2e_es_sdk, e2e_es_raw, e2e_es_tight)),
        ),
        (
            &iloq_logs_name,
            rt.block_on(interleaved3(
                8,
                1,
                e2e_iloq_sdk,
                e2e_iloq_raw,
                e2e_iloq_tight,
            )),
        ),
        (
            &ef45_name.to_string(),
            rt.block_on(interleaved3(
                10,
                10,
                e2e_ef45_sdk,
                e2e_ef45_raw,
                e2e_ef45_tight,
            )),
        ),
    ];
    for (name, r) in e2e_rows {
        println!("{}", row3(name, &r));
    }

    // Where the EasySecure time goes: each step of the SDK's decoder alone.
    println!("\n## EasySecure decoding breakdown (median of interleaved rounds)\n");
    println!("| answer | decoder | time | ratio to plain |");
    println!("|---|---|---|---|");
    type Steps<'a> = (
        &'a str,
        &'a Bytes,
        Decoder,
        usize,
        usize,
        [(&'a str, Decoder); 6],
    );
    let steps: [Steps; 2] = [
        (
            &es_logs_name,
            &bodies.es_logs,
            plain_es,
            6,
            1,
            [
                ("tight baseline (borrowed, by-offset dates)", tight_es),
                ("tight with owned Strings (by-offset dates)", owned_es),
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
            plain_es_users,
            10,
            50,
            [
                ("tight baseline (borrowed, by-offset dates)", tight_es_users),
                ("tight with owned Strings (by-offset dates)", owned_es_users),
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
    for (name, body, plain, rounds, iters, decoders) in steps {
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
