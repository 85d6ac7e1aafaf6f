//! The hostile-server matrix over the three endpoint kinds of the test API: every
//! cell ends in a typed error within the timeout (or a success where the endpoint
//! documents that the body does not matter), never a panic or a hang.

use crate::common;

use std::time::Duration;

use access_core::http::{RetryPolicy, Transport};
use access_core::testkit::StaticAuth;
use access_core::testkit::hostile::{EndpointKind, HostileServer, Hostility, Matrix, RetryProbe};
use common::*;

const LIMIT: usize = 64 * 1024;

fn transport(uri: &str) -> Transport {
    Transport::builder("test")
        .base_url(uri)
        .attempt_timeout(Duration::from_millis(800))
        .max_response_bytes(LIMIT)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_hostile_answer_gives_a_typed_error() {
    // "Another host" on a different loopback address: it must see nothing.
    let elsewhere = HostileServer::start_on("127.0.0.2:0", Hostility::Status(200))
        .await
        .unwrap();
    let deadline = Duration::from_secs(5);
    let mut matrix = Matrix::new();
    for h in Hostility::matrix(LIMIT, &format!("{}/steal", elsewhere.uri())) {
        matrix
            .cell(
                "GET /things/{id}",
                EndpointKind::JsonObject,
                h.clone(),
                deadline,
                |uri| async move {
                    transport(&uri)
                        .send(
                            &GetThing("1".into()),
                            Some(&StaticAuth::none().header("x-key", "K-SECRET")),
                        )
                        .await
                },
            )
            .await;
        matrix
            .cell(
                "GET /things",
                EndpointKind::OptionalBody,
                h.clone(),
                deadline,
                |uri| async move { transport(&uri).send(&ListThings(vec![1]), None).await },
            )
            .await;
        matrix
            .cell(
                "POST /doors/{id}/unlock",
                EndpointKind::EmptyBody,
                h.clone(),
                deadline,
                |uri| async move {
                    transport(&uri)
                        .send(&Unlock::new("front", 5).unwrap(), None)
                        .await
                },
            )
            .await;
    }
    matrix.assert_all_passed();
    assert_eq!(matrix.counts().0, 3 * Hostility::matrix(64, "x").len());
    assert!(
        elsewhere.requests().is_empty(),
        "credentials followed a redirect"
    );
}

#[tokio::test]
async fn retry_safety_follows_the_endpoint_definition() {
    let bound = 3;
    let policy = RetryPolicy::standard()
        .with_max_attempts(bound)
        .with_backoff(Duration::from_millis(5), Duration::from_millis(10));
    for h in [
        Hostility::Status(503),
        Hostility::SlowDrip(Duration::from_millis(300)),
        Hostility::ResetMidBody,
    ] {
        let probe = RetryProbe::start(h.clone()).await.unwrap();
        let t = Transport::builder("test")
            .base_url(probe.uri())
            .attempt_timeout(Duration::from_millis(300))
            .retry(policy.clone())
            .build()
            .unwrap();
        assert!(
            t.send(&Unlock::new("front", 5).unwrap(), None)
                .await
                .is_err()
        );
        assert_eq!(
            probe.hits(),
            1,
            "non-idempotent unlock under {}: sent exactly once",
            h.name()
        );

        let probe = RetryProbe::start(h.clone()).await.unwrap();
        let t = Transport::builder("test")
            .base_url(probe.uri())
            .attempt_timeout(Duration::from_millis(300))
            .retry(policy.clone())
            .build()
            .unwrap();
        assert!(t.send(&GetThing("1".into()), None).await.is_err());
        assert_eq!(
            probe.hits(),
            bound as usize,
            "idempotent read under {}: retried within the bound",
            h.name()
        );
    }
}

/// docs/reliability.md's table of expected outcomes is generated from the table
/// every matrix cell is judged by (`Hostility::expected`): when the table changes,
/// this fails and prints the new one to paste between the markers.
#[test]
fn the_documented_outcomes_are_the_ones_the_matrix_asserts() {
    const DOC: &str = include_str!("../../../docs/reliability.md");
    const BEGIN: &str = "<!-- expected-outcomes:begin -->\n";
    const END: &str = "<!-- expected-outcomes:end -->";
    let expected = access_core::testkit::hostile::expected_outcomes_markdown();
    let start = DOC.find(BEGIN).expect("the begin marker") + BEGIN.len();
    let end = DOC[start..].find(END).expect("the end marker") + start;
    assert!(
        DOC[start..end] == expected,
        "docs/reliability.md is stale; put between the markers:\n\n{expected}"
    );
}
