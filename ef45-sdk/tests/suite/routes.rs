//! Every endpoint of the crate has a route in the simulator (issue 15): each
//! case of the robustness table, and each session flow, is sent to
//! [`Ef45Sim`] and none may land on "no route" (which answers the device's 404
//! and would look like a device error).

#![cfg(feature = "testkit")]

use std::collections::BTreeSet;
use std::time::Duration;

use access_core::testkit::NO_ROUTE_HEADER;
use access_core::testkit::hostile::CallSettings;
use ef45_sdk::LockUid;
use ef45_sdk::testkit::Ef45Sim;
use serde_json::Value;

use crate::common::{LOCK, cases, session_cases};

/// The crate's documented operations (`robustness.rs` asserts the table holds them all).
const ENDPOINTS: usize = 55;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_and_session_flow_has_a_route() {
    let sim = Ef45Sim::start().await;
    let lock = LockUid::new(LOCK).unwrap();
    let settings = CallSettings::new(Duration::from_secs(5), 1 << 20);
    let endpoints = cases(None);
    let sessions = session_cases(None);
    let mut names = BTreeSet::new();
    for (i, case) in endpoints.iter().chain(sessions.iter()).enumerate() {
        // The cases carry a fixed lock: hold it for them, so that each request
        // passes the lock check and reaches its route's handler (a take-over
        // or a disconnect among them changes the holder).
        sim.connect_as(&lock);
        let _ = case.call(sim.uri(), settings.clone()).await;
        if i < endpoints.len() {
            names.insert(case.name().to_string());
        }
    }
    assert!(
        sim.unrouted().is_empty(),
        "no route for {:?}",
        sim.unrouted()
    );
    assert_eq!(endpoints.len(), ENDPOINTS);
    assert_eq!(names.len(), ENDPOINTS, "distinct endpoints sent: {names:?}");
    assert!(sim.requests().len() >= ENDPOINTS);
    // 53 paths (GET /logs serves both log lists, GET /faces/{user_uuid}
    // serves both FacesOfUser and GetFace's `?subId=`), plus the original
    // biometric-data path of apps up to 1.2.33, the `/match-data/{id}` form
    // and the revised firmware endpoints (`/firmware/v2`, `/unit/v2`, `/final/v2`).
    assert_eq!(sim.routes().len(), ENDPOINTS + 3, "{:#?}", sim.routes());
}

#[tokio::test]
async fn an_unknown_path_is_reported_as_unrouted() {
    let sim = Ef45Sim::start().await;
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{}/nowhere?lock_uid={LOCK}", sim.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.headers()
            .get(NO_ROUTE_HEADER)
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    // In the device's own error shape.
    let body: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(body["status_code"], 404);
    assert_eq!(body["reason_phrase"], "Not Found");
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains("/1.0/nowhere")
    );
    // A documented path without the `/1.0` base is no route either.
    let root = sim.uri().trim_end_matches("/1.0").to_string();
    let r = http.get(format!("{root}/version")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(sim.unrouted(), ["GET /1.0/nowhere", "GET /version"]);
    // A known path with a method it does not serve.
    let r = http
        .patch(format!("{}/version", sim.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(sim.unrouted().len(), 3);
}
