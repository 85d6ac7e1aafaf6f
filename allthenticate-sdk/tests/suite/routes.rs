//! Route coverage: every endpoint of the crate reaches a route of the
//! simulator (none lands on "no route"), and a request the simulator does not
//! know is reported in `unrouted()`.

#![cfg(feature = "testkit")]

use std::collections::BTreeSet;
use std::time::Duration;

use access_core::testkit::NO_ROUTE_HEADER;
use access_core::testkit::hostile::CallSettings;
use allthenticate_sdk::testkit::{AllthenticateSim, SIM_API_KEY};

use crate::common::cases;

/// The crate's endpoint count (`robustness.rs` asserts the table covers them all).
const ENDPOINTS: usize = 9;

#[tokio::test]
async fn every_endpoint_has_a_route() {
    let sim = AllthenticateSim::start().await;
    let mut sent = BTreeSet::new();
    for case in cases() {
        // The table's key is not the simulator's: each call ends in the vendor's
        // 401, which is a routed answer (the guard ran on the endpoint's route).
        let _ = case
            .call(
                sim.uri(),
                CallSettings::new(Duration::from_secs(5), 1 << 20),
            )
            .await;
        sent.insert(case.name().to_string());
    }
    assert!(
        sim.unrouted().is_empty(),
        "no route for {:?}",
        sim.unrouted()
    );
    assert_eq!(sent.len(), ENDPOINTS, "distinct endpoints sent: {sent:?}");
    for name in &sent {
        let (method, path) = name.split_once(' ').unwrap();
        assert_eq!(
            sim.count(method, path),
            1,
            "{name} reached the simulator once"
        );
        let route = format!("{method} {}", path.trim_start_matches('/'));
        assert!(
            sim.routes().contains(&route),
            "{route} is one of {:?}",
            sim.routes()
        );
    }
}

#[tokio::test]
async fn an_unknown_path_is_reported_as_unrouted() {
    let sim = AllthenticateSim::start().await;
    let answer = reqwest::Client::new()
        .get(format!("{}/multipleusrs?api_key={SIM_API_KEY}", sim.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 404);
    assert_eq!(
        answer
            .headers()
            .get(NO_ROUTE_HEADER)
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    // In the vendor's error shape, like every other failure.
    let body: serde_json::Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("multipleusrs"),
        "{body}"
    );
    assert_eq!(sim.unrouted(), ["GET /multipleusrs"]);
    // A documented path with another method is routed (the vendor's 405).
    let answer = reqwest::Client::new()
        .delete(format!("{}/groups?api_key={SIM_API_KEY}", sim.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 405);
    assert_eq!(sim.unrouted(), ["GET /multipleusrs"]);
}
