//! Route coverage: every endpoint of the crate (the robustness table's cases,
//! which it asserts cover all 136) reaches a route of the simulator, on the
//! service address and on the pool; a request the simulator does not know is
//! reported in `unrouted()` and answered iLOQ's 404 with `x-sim-no-route`.
#![cfg(feature = "testkit")]

use std::collections::BTreeSet;
use std::time::Duration;

use access_core::testkit::NO_ROUTE_HEADER;
use access_core::testkit::hostile::{CallSettings, no_redirect_client};
use iloq_sdk::testkit::{IloqSim, POOL};

use crate::common::{cases, session_cases};

const ENDPOINTS: usize = 136;

#[tokio::test]
async fn every_endpoint_has_a_route() {
    let sim = IloqSim::start().await;
    let endpoints = cases(None);
    // One shared HTTP client (building one per call loads the TLS roots each time).
    let http = no_redirect_client();
    let mut all = cases(Some(http.clone()));
    all.extend(session_cases(Some(http)));
    let pool = format!("{}/{POOL}/", sim.uri());
    let mut sent = BTreeSet::new();
    for case in &all {
        for base in [sim.uri(), pool.clone()] {
            // The outcome does not matter (the cases carry no live session):
            // only that a route answered.
            let _ = case
                .call(base, CallSettings::new(Duration::from_secs(5), 1 << 20))
                .await;
        }
        if case.is_endpoint() {
            sent.insert(case.name().to_string());
        }
    }
    assert_eq!(
        sim.unrouted(),
        Vec::<String>::new(),
        "requests without a route"
    );
    assert_eq!(endpoints.len(), ENDPOINTS);
    assert_eq!(sent.len(), ENDPOINTS, "distinct endpoints sent: {sent:#?}");
    assert_eq!(sim.routes().len(), ENDPOINTS, "{:#?}", sim.routes());
}

#[tokio::test]
async fn an_unknown_path_is_reported_as_unrouted() {
    let sim = IloqSim::start().await;
    let http = reqwest::Client::new();
    let unknown = http
        .get(format!("{}/{POOL}/api/v2/Nothing/Here", sim.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown
            .headers()
            .get(NO_ROUTE_HEADER)
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    let body: serde_json::Value = serde_json::from_str(&unknown.text().await.unwrap()).unwrap();
    assert_eq!(body["Code"], "NotFound", "{body}");
    // A doubled slash is no route either (the client must never send one).
    let doubled = http
        .get(format!("{}/{POOL}//api/v2/Zones", sim.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(doubled.status(), 404);
    // A known route in another case is a route (iLOQ's IIS folds case).
    let folded = http
        .get(format!("{}/{POOL}/API/V2/zones", sim.uri()))
        .send()
        .await
        .unwrap();
    assert!(folded.headers().get(NO_ROUTE_HEADER).is_none());
    assert_eq!(
        folded.status(),
        401,
        "routed, then refused without a session"
    );
    assert_eq!(
        sim.unrouted(),
        vec![
            "GET /api/v2/Nothing/Here".to_string(),
            format!("GET /{POOL}//api/v2/Zones"),
        ]
    );
}
