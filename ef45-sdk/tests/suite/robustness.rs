//! Robustness, table-driven from the endpoint definitions: every documented
//! EF-45 operation (and the client's session flows) against every hostile answer
//! of the shared matrix (a typed error within the timeout, never a panic or a
//! hang; a success only where the operation's answer carries nothing), and retry
//! safety (every write, capture, relay and firmware call is sent exactly once
//! under a 503, a timeout and a reset; every read is retried up to the bound).

#![cfg(feature = "testkit")]

use crate::common;

use access_core::testkit::hostile::{no_redirect_client, run_full_matrix, run_retry_safety};
use common::{LIMIT, LOCK, cases, session_cases};

/// The per-endpoint cases share one HTTP client that follows no redirects, like
/// the SDK's own; the session cases build the SDK's own client, so the matrix's
/// off-host redirect cells check the SDK's policy too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_survives_every_hostile_answer() {
    let mut all = cases(Some(no_redirect_client()));
    let endpoints = all.len();
    all.extend(session_cases(None));
    let matrix = run_full_matrix("ef45", &all, LIMIT, 16).await;
    assert_eq!(endpoints, 55, "every documented operation is in the table");
    matrix.assert_no_secret(&[LOCK]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_are_sent_once_and_reads_retried_within_the_bound() {
    let (endpoints, ..) =
        run_retry_safety("ef45", &cases(Some(no_redirect_client())), LIMIT, 16).await;
    assert_eq!(endpoints, 55);
}
