//! Robustness, table-driven from the endpoint definitions: every documented
//! EF-45 operation (and the client's session flows) against every hostile answer
//! of the shared matrix (a typed error within the timeout, never a panic or a
//! hang; a success only where the operation's answer carries nothing), and retry
//! safety (every write, capture, relay and firmware call is sent exactly once
//! under a 503, a timeout and a reset; every read is retried up to the bound).

#![cfg(feature = "testkit")]

use crate::common;

use std::time::Duration;

use access_core::http::RetryPolicy;
use access_core::testkit::hostile::{CallSettings, Hostility, check_retry_safety, run_matrix};
use common::{LIMIT, LOCK, cases, session_cases};

/// One HTTP client shared by the per-endpoint cases: building one per cell (TLS
/// roots) would dominate the run. It follows no redirects, like the SDK's own;
/// the session cases build the SDK's own client, so the matrix's off-host
/// redirect cells check the SDK's policy too.
fn shared_http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_survives_every_hostile_answer() {
    let mut all = cases(Some(shared_http()));
    let endpoints = all.len();
    all.extend(session_cases(None));
    let settings = CallSettings::new(Duration::from_millis(600), LIMIT);
    let answers = Hostility::matrix(LIMIT, "set by run_matrix");
    let matrix = run_matrix(&all, &answers, &settings, Duration::from_secs(10), 16).await;
    println!("ef45 hostile matrix: {}", matrix.summary());
    matrix.assert_all_passed();
    assert_eq!(matrix.counts().0, all.len() * answers.len());
    assert_eq!(endpoints, 55, "every documented operation is in the table");
    matrix.assert_no_secret(&[LOCK]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_are_sent_once_and_reads_retried_within_the_bound() {
    let cases = cases(Some(shared_http()));
    let settings = CallSettings::new(Duration::from_millis(300), LIMIT).with_retry(
        RetryPolicy::standard()
            .with_max_attempts(3)
            .with_backoff(Duration::from_millis(5), Duration::from_millis(10)),
    );
    let table = check_retry_safety(&cases, &Hostility::retry_probes(), &settings, 16).await;
    table.assert_all_passed();
    let (endpoints, idempotent, rows, passed) = table.counts();
    println!(
        "ef45 retry safety: {endpoints} endpoints ({idempotent} idempotent), {passed}/{rows} rows passed"
    );
    assert_eq!(endpoints, 55);
}
