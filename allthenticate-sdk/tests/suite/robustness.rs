//! Robustness, table-driven from the endpoint definitions: every documented
//! endpoint against every hostile answer of the shared matrix (a typed error
//! within the timeout, never a panic or a hang), and retry safety (door control,
//! invites, groups, smartcards and guest links are sent exactly once under a 503,
//! a timeout and a reset; the two list reads are retried up to the bound).

use crate::common;

use access_core::testkit::hostile::{run_full_matrix, run_retry_safety};
use common::{KEY, LIMIT, cases};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_survives_every_hostile_answer() {
    let matrix = run_full_matrix("allthenticate", &cases(), LIMIT, 12).await;
    println!("allthenticate hostile matrix: {}", matrix.summary());
    assert_eq!(
        matrix.endpoints(),
        9,
        "every documented endpoint is in the table"
    );
    matrix.assert_no_secret(&[KEY]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_are_sent_once_and_reads_retried_within_the_bound() {
    let (endpoints, idempotent, ..) = run_retry_safety("allthenticate", &cases(), LIMIT, 12).await;
    assert_eq!((endpoints, idempotent), (9, 2));
}

/// Recursion on server data (issue 16): every endpoint against answers nested
/// 200, 1 000 and 100 000 levels deep, on 2 MiB tokio workers and on the calling
/// thread: `Error::Decode` every time (a stack overflow would abort the binary).
#[test]
fn every_endpoint_refuses_deep_nesting_on_any_stack() {
    let cells = access_core::testkit::hostile::run_deep_nesting("allthenticate", cases, 9);
    assert_eq!(cells, 2 * 9 * 3);
}
