//! Goal 5: credential renewal under contention. 1,000 concurrent EasySecure
//! calls start right after the `idToken` expired (on the testkit's `SimClock`):
//! how many `refreshToken` requests reach the server (must be 1 per expiry),
//! and the latency the renewal adds beside the same 1,000 calls with a fresh
//! token.
//!
//! Measured with a token endpoint answering at once and one answering after
//! 50 ms (a realistic identity provider): for each, nine expiries under 1,000
//! concurrent calls, then 27 expiries crossed by one call alone (the price of
//! the renewal itself). Every expiry is counted and asserted to send exactly one
//! `refreshToken` request (the server's count, checked against the session's
//! own counter); the times are printed, never asserted.
//!
//! `cargo bench -p benchmarks --bench renewal`; smoke mode (`BENCH_SMOKE=1`,
//! or without `--bench`): one expiry under 1,000 concurrent calls and three of
//! one call, for each token endpoint, with the same assertions.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use access_core::testkit::SimClock;
use benchmarks::fixtures;
use benchmarks::handlers::{self, EsCounters};
use benchmarks::server::LoopbackServer;
use benchmarks::stats::{fmt_secs, median, quantile};
use benchmarks::{machine_line, smoke_mode};
use easysecure_sdk::auth::Admin;
use easysecure_sdk::auth::Tokens;
use easysecure_sdk::users::GetUsers;

const CALLS: usize = 1000;

struct Batch {
    wall: f64,
    p50: f64,
    p99: f64,
    max: f64,
}

async fn batch(client: &easysecure_sdk::Client<Admin>) -> Batch {
    let start = Instant::now();
    let tasks: Vec<_> = (0..CALLS)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move {
                let t = Instant::now();
                let users = c.users().page(GetUsers::new()).await.expect("getUsers");
                assert_eq!(users.len(), 1);
                t.elapsed().as_secs_f64()
            })
        })
        .collect();
    let mut lat = Vec::with_capacity(CALLS);
    for t in tasks {
        lat.push(t.await.expect("task"));
    }
    let wall = start.elapsed().as_secs_f64();
    Batch {
        wall,
        p50: quantile(&mut lat, 0.5),
        p99: quantile(&mut lat, 0.99),
        max: quantile(&mut lat, 1.0),
    }
}

fn main() {
    let smoke = smoke_mode();
    let rounds: u64 = if smoke { 1 } else { 9 };
    let singles_rounds = rounds * 3;
    println!(
        "renewal{}: {}",
        if smoke { " (smoke)" } else { "" },
        machine_line()
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!("\n## credential renewal under contention ({CALLS} concurrent getUsers calls)\n");
    println!(
        "| token endpoint | round | refresh requests | fresh: wall / p50 / p99 / max | after expiry: wall / p50 / p99 / max | added p50 | added max |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut singles = Vec::new();
    let mut summary = Vec::new();
    for delay in [None, Some(Duration::from_millis(50))] {
        let counters = Arc::new(EsCounters::default());
        let server = LoopbackServer::start(handlers::easysecure(
            fixtures::easysecure_users(1).into(),
            0,
            delay,
            counters.clone(),
        ));
        let clock = SimClock::new();
        let client = easysecure_sdk::Client::builder()
            .base_url(server.url())
            .clock(Arc::new(clock.clone()))
            .with_tokens::<Admin>(Tokens::new(
                access_core::SecretString::from("bench-id-token-1".to_string()),
                Some(access_core::SecretString::from(
                    "bench-refresh-token".to_string(),
                )),
            ))
            .expect("client");
        let label = match delay {
            None => "immediate".to_string(),
            Some(d) => format!("{} ms", d.as_millis()),
        };
        let mut added_p50 = Vec::new();
        let mut added_max = Vec::new();
        let mut added_wall = Vec::new();
        let mut single_fresh = Vec::new();
        let mut single_expired = Vec::new();
        let mut per_expiry = Vec::new();
        let mut single_refreshes = 0;
        rt.block_on(async {
            // Warm the connection pool.
            batch(&client).await;
            for round in 1..=rounds {
                let fresh = batch(&client).await;
                let before = counters.refreshes.load(Ordering::SeqCst);
                let session_before = client.session().refresh_count();
                clock.advance(Duration::from_secs(3601));
                let expired = batch(&client).await;
                let refreshes = counters.refreshes.load(Ordering::SeqCst) - before;
                let session_refreshes = client.session().refresh_count() - session_before;
                assert_eq!(refreshes, session_refreshes);
                assert_eq!(
                    refreshes, 1,
                    "{label}, round {round}: one refresh request for {CALLS} calls across one expiry"
                );
                per_expiry.push(refreshes);
                added_wall.push(expired.wall - fresh.wall);
                added_p50.push(expired.p50 - fresh.p50);
                added_max.push(expired.max - fresh.max);
                println!(
                    "| {label} | {round} | {refreshes} | {} / {} / {} / {} | {} / {} / {} / {} | {} | {} |",
                    fmt_secs(fresh.wall),
                    fmt_secs(fresh.p50),
                    fmt_secs(fresh.p99),
                    fmt_secs(fresh.max),
                    fmt_secs(expired.wall),
                    fmt_secs(expired.p50),
                    fmt_secs(expired.p99),
                    fmt_secs(expired.max),
                    fmt_secs(expired.p50 - fresh.p50),
                    fmt_secs(expired.max - fresh.max),
                );
            }
            // One call alone across an expiry: the price of the renewal itself.
            let before = counters.refreshes.load(Ordering::SeqCst);
            for _ in 0..singles_rounds {
                let t = Instant::now();
                client.users().page(GetUsers::new()).await.expect("getUsers");
                single_fresh.push(t.elapsed().as_secs_f64());
                clock.advance(Duration::from_secs(3601));
                let t = Instant::now();
                client.users().page(GetUsers::new()).await.expect("getUsers");
                single_expired.push(t.elapsed().as_secs_f64());
            }
            single_refreshes = counters.refreshes.load(Ordering::SeqCst) - before;
            assert_eq!(
                single_refreshes, singles_rounds,
                "{label}: one refresh request per expiry crossed by one call"
            );
        });
        let total: u64 = per_expiry.iter().sum();
        let min = per_expiry.iter().min().copied().unwrap_or(0);
        let max = per_expiry.iter().max().copied().unwrap_or(0);
        println!(
            "| {label} | median of {rounds} | {total} in {} expiries (min {min}, max {max} per expiry) | added wall {} | | {} | {} |",
            per_expiry.len(),
            fmt_secs(median(&mut added_wall)),
            fmt_secs(median(&mut added_p50)),
            fmt_secs(median(&mut added_max))
        );
        summary.push(format!(
            "* {label}: {total} refresh requests for {} expiries under {CALLS} concurrent calls, {single_refreshes} for {singles_rounds} expiries crossed by one call",
            per_expiry.len()
        ));
        let (f, e) = (median(&mut single_fresh), median(&mut single_expired));
        singles.push(format!(
            "| {label} | {} | {} | {} |",
            fmt_secs(f),
            fmt_secs(e),
            fmt_secs(e - f)
        ));
    }
    println!("\n### one call alone across an expiry (median of {singles_rounds} rounds)\n");
    println!("| token endpoint | fresh token | after expiry | added |");
    println!("|---|---|---|---|");
    for row in singles {
        println!("{row}");
    }
    println!("\n### refresh requests, counted (asserted: one per expiry)\n");
    for line in summary {
        println!("{line}");
    }
    println!("\n{}", machine_line());
}
