//! Goal 1: what a call through the SDK costs beside a hand-written reqwest +
//! serde call of the same endpoint on the same loopback server.
//!
//! * EasySecure `POST /admins/getUsers` answering 100 users;
//! * iLOQ `GET /api/v2/Persons` answering 1,000 persons;
//!
//! each sequentially and with 64 calls in flight. The raw client does what a
//! careful integrator would: one shared `reqwest::Client`, the bearer token or
//! `SessionId` header, `error_for_status`, `.json()` into plain structs.
//!
//! `cargo bench -p benchmarks --bench overhead`

use std::sync::Arc;
use std::time::{Duration, Instant};

use benchmarks::handlers::{self, EsCounters};
use benchmarks::plain::{EsUser, IloqPerson};
use benchmarks::server::LoopbackServer;
use benchmarks::stats::{self, fmt_secs, interleaved, record};
use benchmarks::{fixtures, machine_line};
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

type Call = fn(Fixture) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

fn calls() -> [(&'static str, &'static str, Call); 6] {
    [
        ("iloq_persons_0", "sdk", |f| {
            Box::pin(async move { empty_sdk_call(&f).await })
        }),
        ("iloq_persons_0", "raw", |f| {
            Box::pin(async move { empty_raw_call(&f).await })
        }),
        ("es_get_users_100", "sdk", |f| {
            Box::pin(async move { es_sdk_call(&f).await })
        }),
        ("es_get_users_100", "raw", |f| {
            Box::pin(async move { es_raw_call(&f).await })
        }),
        ("iloq_persons_1000", "sdk", |f| {
            Box::pin(async move { iloq_sdk_call(&f).await })
        }),
        ("iloq_persons_1000", "raw", |f| {
            Box::pin(async move { iloq_raw_call(&f).await })
        }),
    ]
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
    let bench_mode = std::env::args().any(|a| a == "--bench");
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
    println!("overhead: {}", machine_line());

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
    println!("| endpoint | mode | SDK | raw | SDK/raw |");
    println!("|---|---|---|---|---|");
    for endpoint in ["iloq_persons_0", "es_get_users_100", "iloq_persons_1000"] {
        for mode in ["sequential", "in_flight_64"] {
            let sdk = stats::recorded_median(&format!("{endpoint}/sdk/{mode}"));
            let raw = stats::recorded_median(&format!("{endpoint}/raw/{mode}"));
            if let (Some(s), Some(r)) = (sdk, raw) {
                println!(
                    "| {endpoint} | {mode} | {} | {} | {:.3} |",
                    fmt_secs(s),
                    fmt_secs(r),
                    s / r
                );
            }
        }
    }
    if !bench_mode {
        return;
    }

    // The same comparisons interleaved (SDK and raw alternate in short rounds),
    // robust to the load of other builds on the machine.
    println!("\n## overhead per call, interleaved A/B (median of per-round ratios)\n");
    println!("| endpoint | mode | SDK | raw | SDK/raw | rounds |");
    println!("|---|---|---|---|---|---|");
    let cs = calls();
    for pair in cs.chunks(2) {
        let (endpoint, _, sdk) = pair[0];
        let (_, _, raw) = pair[1];
        let f = fixture.clone();
        let seq = rt.block_on(interleaved(20, 20, || sdk(f.clone()), || raw(f.clone())));
        println!(
            "| {endpoint} | sequential | {} | {} | {:.3} | {} |",
            fmt_secs(seq.a.as_secs_f64()),
            fmt_secs(seq.b.as_secs_f64()),
            seq.ratio,
            seq.rounds
        );
        let par = rt.block_on(interleaved(
            12,
            2,
            || {
                let f = f.clone();
                async move { in_flight(&f, sdk).await }
            },
            || {
                let f = f.clone();
                async move { in_flight(&f, raw).await }
            },
        ));
        println!(
            "| {endpoint} | in_flight_64 | {} | {} | {:.3} | {} |",
            fmt_secs(par.a.as_secs_f64() / IN_FLIGHT as f64),
            fmt_secs(par.b.as_secs_f64() / IN_FLIGHT as f64),
            par.ratio,
            par.rounds
        );
    }
    println!("\n{}", machine_line());
}
