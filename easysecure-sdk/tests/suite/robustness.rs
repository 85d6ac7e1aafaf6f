//! Robustness, table-driven from the endpoint definitions: every documented
//! EasySecure endpoint, REST on both role paths and every SOAP operation (and
//! the client's login flows) against every hostile answer
//! of the shared matrix (a typed error within the timeout, never a panic or a
//! hang; a success only where the operation's answer carries nothing), and retry
//! safety (every login, write, sync and QR call is sent exactly once
//! under a 503, a timeout and a reset; every read is retried up to the bound).
#![cfg(all(feature = "testkit", feature = "soap"))]

use crate::common;

use access_core::testkit::hostile::{no_redirect_client, run_full_matrix, run_retry_safety};
use common::{COMPANY_KEY, LIMIT, PASSWORD, TOKEN, cases, session_cases};

/// The per-endpoint cases share one HTTP client that follows no redirects, like
/// the SDK's own; the session cases build the SDK's own client, so the matrix's
/// off-host redirect cells check the SDK's policy too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_survives_every_hostile_answer() {
    let mut all = cases(Some(no_redirect_client()));
    let endpoints = all.len();
    all.extend(session_cases(None));
    let matrix = run_full_matrix("easysecure", &all, LIMIT, 16).await;
    println!("easysecure hostile matrix: {}", matrix.summary());
    assert_eq!(endpoints, 52, "every documented endpoint is in the table");
    matrix.assert_no_secret(&[TOKEN, PASSWORD, COMPANY_KEY]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_are_sent_once_and_reads_retried_within_the_bound() {
    let (endpoints, ..) =
        run_retry_safety("easysecure", &cases(Some(no_redirect_client())), LIMIT, 16).await;
    assert_eq!(endpoints, 52);
}

/// Recursion on server data (issue 16): every endpoint and session flow against
/// answers nested 200, 1 000 and 100 000 levels deep (JSON, or a SOAP envelope to
/// a SOAP request), on 2 MiB tokio workers and on the calling thread:
/// `Error::Decode` every time (a stack overflow would abort the binary).
#[test]
fn every_endpoint_refuses_deep_nesting_on_any_stack() {
    let all = || {
        let mut all = cases(Some(no_redirect_client()));
        all.extend(session_cases(None));
        all
    };
    let count = all().len();
    let cells = access_core::testkit::hostile::run_deep_nesting("easysecure", all, 16);
    assert_eq!(cells, 2 * count * 3);
}
