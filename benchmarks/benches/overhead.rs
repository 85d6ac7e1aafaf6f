//! Goal 1: what a call through the SDK costs beside a hand-written reqwest +
//! serde call of the same endpoint on the same loopback server.
//!
//! * EasySecure `POST /admins/getUsers` answering 100 users;
//! * iLOQ `GET /api/v2/Persons` answering 1,000 persons;
//!
//! * iLOQ `GET /api/v2/Persons` answering `[]`: the fixed cost of a call;
//!
//! each sequentially and with 64 calls in flight. Two raw clients, each doing
//! what an integrator would: one shared `reqwest::Client`, the bearer token or
//! `SessionId` header, `error_for_status`, then either `.json()` into the
//! plain structs (*raw*, `benchmarks::plain`) or `.bytes()` and
//! `benchmarks::tight::decode` into the tight ones (*tight*: borrowed strings,
//! no per-field allocation). Goal 1 (SDK ≤ 1.05 × raw per call) is judged
//! against the tight one.
//!
//! `cargo bench -p benchmarks --bench overhead`; smoke mode (`BENCH_SMOKE=1`,
//! or without `--bench`): every call checks its count, one short interleaved
//! pass prints the ratios (not asserted), no criterion.

use std::sync::Arc;
use std::time::{Duration, Instant};

use benchmarks::handlers::{self, EsCounters};
use benchmarks::plain::{EsUser, IloqPerson};
use benchmarks::server::LoopbackServer;
use benchmarks::stats::{self, Ab3Result, fmt_secs, interleaved3, record};
use benchmarks::{fixtures, machine_line, smoke_mode, tight};
use criterion::Criterion;
use easysecure_sdk::auth::Admin;
use easysecure_sdk::auth::Tokens;
use easysecure_sdk::users::GetUsers;

fn secret(s: &str) -> access_core::SecretString {
    access_core::SecretString::from(s.to_string())
}

const IN_FLIGHT: usize = 64;
const ES_TOKEN: &str = "bench-id-token-1";

#[derive(Clone)]
struct Fixture {
    es_url: String,
    es_sdk: easysecure_sdk::Client<Admin>,
    iloq_url: String,
    iloq_sdk: iloq_sdk::Client,
    empty_url: String,
    empty_sdk: iloq_sdk::Client,
    raw: reqwest::Client,
}

async fn es_sdk_call(f: &Fixture) {
    let users = f
        .es_sdk
        .users()
        .page(GetUsers::new())
        .await
        .expect("sdk getUsers");
    assert_eq!(users.len(), 100);
}

async fn es_raw_call(f: &Fixture) {
    let users: Vec<EsUser> = f
        .raw
        .post(format!("{}/admins/getUsers", f.es_url))
        .bearer_auth(ES_TOKEN)
        .json(&serde_json::json!({}))
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("raw getUsers")
        .json()
        .await
        .expect("raw getUsers decode");
    assert_eq!(users.len(), 100);
}

async fn iloq_sdk_call(f: &Fixture) {
    let persons = f.iloq_sdk.persons().list().await.expect("sdk Persons");
    assert_eq!(persons.len(), 1000);
}

async fn iloq_raw_call(f: &Fixture) {
    let persons: Vec<IloqPerson> = f
        .raw
        .get(format!("{}/api/v2/Persons", f.iloq_url))
        .header("SessionId", "bench-session-id")
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("raw Persons")
        .json()
        .await
        .expect("raw Persons decode");
    assert_eq!(persons.len(), 1000);
}

/// `GET /Persons` answering `[]`: what is left is the fixed cost of a call.
async fn empty_sdk_call(f: &Fixture) {
    let persons = f.empty_sdk.persons().list().await.expect("sdk Persons");
    assert!(persons.is_empty());
}

async fn empty_raw_call(f: &Fixture) {
    let persons: Vec<IloqPerson> = f
        .raw
        .get(format!("{}/api/v2/Persons", f.empty_url))
        .header("SessionId", "bench-session-id")
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("raw Persons")
        .json()
        .await
        .expect("raw Persons decode");
    assert!(persons.is_empty());
}

async fn get_bytes(f: &Fixture, url: String, session: Option<&str>) -> bytes::Bytes {
    let req = match session {
        Some(id) => f.raw.get(url).header("SessionId", id),
        None => f.raw.get(url),
    };
    req.send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("raw call")
        .bytes()
        .await
        .expect("raw body")
}

async fn es_tight_call(f: &Fixture) {
    let body = f
        .raw
        .post(format!("{}/admins/getUsers", f.es_url))
        .bearer_auth(ES_TOKEN)
        .json(&serde_json::json!({}))
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("raw getUsers")
        .bytes()
        .await
        .expect("raw getUsers body");
    let users: Vec<tight::EsUser> = tight::decode(&body).expect("tight getUsers decode");
    assert_eq!(users.len(), 100);
}

async fn iloq_tight_call(f: &Fixture) {
    let url = format!("{}/api/v2/Persons", f.iloq_url);
    let body = get_bytes(f, url, Some("bench-session-id")).await;
    let persons: Vec<tight::IloqPerson> = tight::decode(&body).expect("tight Persons decode");
    assert_eq!(persons.len(), 1000);
}

async fn empty_tight_call(f: &Fixture) {
    let url = format!("{}/api/v2/Persons", f.empty_url);
    let body = get_bytes(f, url, Some("bench-session-id")).await;
    let persons: Vec<tight::IloqPerson> = tight::decode(&body).expect("tight Persons decode");
    assert!(persons.is_empty());
}

type Call = fn(Fixture) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// SDK, raw and tight calls of each endpoint, in that order.
fn calls() -> [(&'static str, &'static str, Call); 9] {
    [
        ("iloq_persons_0", "sdk", |f| {
            Box::pin(async move { empty_sdk_call(&f).await })
        }),
        ("iloq_persons_0", "raw", |f| {
            Box::pin(async move { empty_raw_call(&f).await })
        }),
        ("iloq_persons_0", "tight", |f| {
            Box::pin(async move { empty_tight_call(&f).await })
        }),
        ("es_get_users_100", "sdk", |f| {
            Box::pin(async move { es_sdk_call(&f).await })
        }),
        ("es_get_users_100", "raw", |f| {
            Box::pin(async move { es_raw_call(&f).await })
        }),
        ("es_get_users_100", "tight", |f| {
            Box::pin(async move { es_tight_call(&f).await })
        }),
        ("iloq_persons_1000", "sdk", |f| {
            Box::pin(async move { iloq_sdk_call(&f).await })
        }),
        ("iloq_persons_1000", "raw", |f| {
            Box::pin(async move { iloq_raw_call(&f).await })
        }),
        ("iloq_persons_1000", "tight", |f| {
            Box::pin(async move { iloq_tight_call(&f).await })
        }),
    ]
}

fn row3(endpoint: &str, mode: &str, r: &Ab3Result, per: f64) -> String {
    format!(
        "| {endpoint} | {mode} | {} | {} | {} | {:.3} | **{:.3}** | {} |",
        fmt_secs(r.a.as_secs_f64() / per),
        fmt_secs(r.b.as_secs_f64() / per),
        fmt_secs(r.c.as_secs_f64() / per),
        r.ratio_b,
        r.ratio_c,
        r.rounds
    )
}

async fn in_flight(f: &Fixture, call: Call) {
    let tasks: Vec<_> = (0..IN_FLIGHT)
        .map(|_| tokio::spawn(call(f.clone())))
        .collect();
    for t in tasks {
        t.await.expect("call task");
    }
}

fn main() {
    let smoke = smoke_mode();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let es = LoopbackServer::start(handlers::easysecure(
        fixtures::easysecure_users(100).into(),
        0,
        None,
        Arc::new(EsCounters::default()),
    ));
    let iloq = LoopbackServer::start(handlers::iloq(fixtures::iloq_persons(1000).into()));
    let empty = LoopbackServer::start(handlers::iloq(bytes::Bytes::from_static(b"[]")));
    let fixture = rt.block_on(async {
        let es_sdk = easysecure_sdk::Client::builder()
            .base_url(es.url())
            .with_tokens::<Admin>(Tokens::new(secret(ES_TOKEN), None))
            .expect("easysecure client");
        let iloq_sdk = iloq_sdk::Client::builder()
            .base_url(iloq.url())
            .customer_code("BENCH")
            .credentials("bench", secret("bench-password"))
            .build()
            .expect("iloq client");
        iloq_sdk.login().await.expect("iloq session");
        let empty_sdk = iloq_sdk::Client::builder()
            .base_url(empty.url())
            .customer_code("BENCH")
            .credentials("bench", secret("bench-password"))
            .build()
            .expect("iloq client");
        empty_sdk.login().await.expect("iloq session");
        Fixture {
            empty_url: empty.url(),
            empty_sdk,
            es_url: es.url(),
            es_sdk,
            iloq_url: iloq.url(),
            iloq_sdk,
            raw: reqwest::Client::new(),
        }
    });
    println!(
        "overhead{}: {}",
        if smoke { " (smoke)" } else { "" },
        machine_line()
    );

    if !smoke {
        let mut c = Criterion::default()
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2))
            .configure_from_args();
        for (endpoint, who, call) in calls() {
            let mut group = c.benchmark_group(endpoint);
            let f = fixture.clone();
            let id = format!("{endpoint}/{who}/sequential");
            group.bench_function(format!("{who}/sequential"), |b| {
                b.to_async(&rt).iter_custom(|iters| {
                    let f = f.clone();
                    let id = id.clone();
                    async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            call(f.clone()).await;
                        }
                        let d = start.elapsed();
                        record(&id, iters, d);
                        d
                    }
                })
            });
            let id = format!("{endpoint}/{who}/in_flight_64");
            group.bench_function(format!("{who}/in_flight_64"), |b| {
                b.to_async(&rt).iter_custom(|iters| {
                    let f = f.clone();
                    let id = id.clone();
                    async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            in_flight(&f, call).await;
                        }
                        let d = start.elapsed();
                        record(&id, iters * IN_FLIGHT as u64, d);
                        d
                    }
                })
            });
            group.finish();
        }
        c.final_summary();

        println!("\n## overhead per call (criterion medians, per call)\n");
        println!("| endpoint | mode | SDK | raw .json() | raw tight | SDK/raw | SDK/tight |");
        println!("|---|---|---|---|---|---|---|");
        for endpoint in ["iloq_persons_0", "es_get_users_100", "iloq_persons_1000"] {
            for mode in ["sequential", "in_flight_64"] {
                let m = |who: &str| stats::recorded_median(&format!("{endpoint}/{who}/{mode}"));
                if let (Some(s), Some(r), Some(t)) = (m("sdk"), m("raw"), m("tight")) {
                    println!(
                        "| {endpoint} | {mode} | {} | {} | {} | {:.3} | **{:.3}** |",
                        fmt_secs(s),
                        fmt_secs(r),
                        fmt_secs(t),
                        s / r,
                        s / t
                    );
                }
            }
        }
    }

    // The same comparisons interleaved (SDK, raw and tight take turns in short
    // rounds), robust to the load of other builds on the machine. Smoke mode:
    // three rounds of a few calls, enough to run every path once.
    let (seq_rounds, seq_iters, par_rounds, par_iters) =
        if smoke { (3, 2, 3, 1) } else { (20, 20, 12, 2) };
    println!(
        "\n## overhead per call, interleaved (median of per-round ratios{}; goal 1: SDK/tight ≤ 1.05)\n",
        if smoke {
            "; smoke pass, not a measurement"
        } else {
            ""
        }
    );
    println!("| endpoint | mode | SDK | raw .json() | raw tight | SDK/raw | SDK/tight | rounds |");
    println!("|---|---|---|---|---|---|---|---|");
    let cs = calls();
    let mut summary = Vec::new();
    for triple in cs.chunks(3) {
        let (endpoint, _, sdk) = triple[0];
        let (_, _, raw) = triple[1];
        let (_, _, tight) = triple[2];
        let f = fixture.clone();
        let seq = rt.block_on(interleaved3(
            seq_rounds,
            seq_iters,
            || sdk(f.clone()),
            || raw(f.clone()),
            || tight(f.clone()),
        ));
        println!("{}", row3(endpoint, "sequential", &seq, 1.0));
        let batch = |call: Call| {
            let f = f.clone();
            move || {
                let f = f.clone();
                async move { in_flight(&f, call).await }
            }
        };
        let par = rt.block_on(interleaved3(
            par_rounds,
            par_iters,
            batch(sdk),
            batch(raw),
            batch(tight),
        ));
        println!("{}", row3(endpoint, "in_flight_64", &par, IN_FLIGHT as f64));
        summary.push((endpoint, seq, par));
    }
    println!("\n## summary (SDK/raw .json() and SDK/tight, sequential / 64 in flight)\n");
    for (endpoint, seq, par) in &summary {
        let what = if *endpoint == "iloq_persons_0" {
            "fixed cost of a call: the empty iLOQ answer"
        } else {
            "goal 1"
        };
        println!(
            "* {endpoint} ({what}): raw {:.2} / {:.2}, tight {:.2} / {:.2}",
            seq.ratio_b, par.ratio_b, seq.ratio_c, par.ratio_c
        );
    }
    println!("\n{}", machine_line());
}
