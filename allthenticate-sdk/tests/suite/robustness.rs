//! Robustness, table-driven from the endpoint definitions: every documented
//! endpoint against every hostile answer of the shared matrix (a typed error
//! within the timeout, never a panic or a hang), and retry safety (door control,
//! invites, groups, smartcards and guest links are sent exactly once under a 503,
//! a timeout and a reset; the two list reads are retried up to the bound).

use crate::common;

use std::time::Duration;

use access_core::http::RetryPolicy;
use access_core::testkit::hostile::{CallSettings, Hostility, check_retry_safety, run_matrix};
use common::{KEY, LIMIT, cases};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_survives_every_hostile_answer() {
    let cases = cases();
    let settings = CallSettings::new(Duration::from_millis(600), LIMIT);
    let answers = Hostility::matrix(LIMIT, "set by run_matrix");
    let matrix = run_matrix(&cases, &answers, &settings, Duration::from_secs(10), 12).await;
    println!("allthenticate hostile matrix: {}", matrix.summary());
    matrix.assert_all_passed();
    assert_eq!(matrix.counts().0, cases.len() * answers.len());
    assert_eq!(
        matrix.endpoints(),
        9,
        "every documented endpoint is in the table"
    );
    matrix.assert_no_secret(&[KEY]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_are_sent_once_and_reads_retried_within_the_bound() {
    let cases = cases();
    let settings = CallSettings::new(Duration::from_millis(300), LIMIT).with_retry(
        RetryPolicy::standard()
            .with_max_attempts(3)
            .with_backoff(Duration::from_millis(5), Duration::from_millis(10)),
    );
    let table = check_retry_safety(&cases, &Hostility::retry_probes(), &settings, 12).await;
    table.assert_all_passed();
    let (endpoints, idempotent, rows, passed) = table.counts();
    println!(
        "allthenticate retry safety: {endpoints} endpoints ({idempotent} idempotent), {passed}/{rows} rows passed"
    );
    assert_eq!((endpoints, idempotent), (9, 2));
}
