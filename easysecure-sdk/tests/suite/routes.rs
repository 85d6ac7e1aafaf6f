//! Every endpoint of the crate has a route in the simulators: each case of the
//! endpoint table (REST on both role paths, every ESWS function, the client's
//! login flows) is sent to the simulator, and none lands on "no route" (the
//! vendor's 404 with `x-sim-no-route`, listed in `unrouted()`). The routes are
//! exactly the endpoints' names. A request the vendor does not know is listed.
#![cfg(all(feature = "testkit", feature = "soap"))]

use std::collections::BTreeSet;
use std::time::Duration;

use access_core::testkit::hostile::{CallSettings, Case};
use easysecure_sdk::testkit::{EasySecureSim, EasySecureSoapSim};

use crate::common::{cases, rest_cases, session_cases, soap_cases};

/// The crate's documented endpoints: 28 REST (both role paths) and 24 ESWS
/// functions, as the robustness test states.
const ENDPOINTS: usize = 52;

fn settings() -> CallSettings {
    CallSettings::new(Duration::from_secs(5), 1 << 20)
}

/// Sends every case (outcome ignored: a refusal is an answer) and answers the
/// distinct names sent.
async fn send_all(uri: &str, all: &[Case]) -> BTreeSet<String> {
    let mut sent = BTreeSet::new();
    for case in all {
        let _ = case.call(uri.to_string(), settings()).await;
        sent.insert(case.name().to_string());
    }
    sent
}

/// An endpoint name as a route: `POST /admins/login` is `POST admins/login`.
fn as_route(name: &str) -> String {
    match name.split_once(' ') {
        Some((method, path)) => format!("{method} {}", path.trim_start_matches('/')),
        None => name.to_string(),
    }
}

#[tokio::test]
async fn every_endpoint_has_a_route_on_the_shared_server() {
    let sim = EasySecureSim::start().await;
    let all = cases(None);
    let sent = send_all(&sim.uri(), &all).await;
    send_all(&sim.uri(), &session_cases(None)).await;
    assert_eq!(
        sim.unrouted(),
        Vec::<String>::new(),
        "requests without a route"
    );
    assert_eq!(sent.len(), ENDPOINTS, "distinct endpoints sent");
    let routes: BTreeSet<String> = sim.routes().iter().cloned().collect();
    let named: BTreeSet<String> = sent.iter().map(|n| as_route(n)).collect();
    assert_eq!(routes, named, "the routes are the endpoints");
}

#[tokio::test]
async fn every_esws_function_has_a_route_on_the_soap_simulator() {
    let sim = EasySecureSoapSim::start().await;
    let soap = soap_cases(None);
    let sent = send_all(&sim.uri(), &soap).await;
    assert_eq!(sim.unrouted(), Vec::<String>::new());
    assert_eq!(sent.len() + rest_cases(None).len(), ENDPOINTS);
    let routes: BTreeSet<String> = sim.routes().iter().cloned().collect();
    assert_eq!(routes, sent, "the routes are the ESWS functions");
    // The REST paths are no ESWS routes: every one is reported.
    let rest = rest_cases(None);
    send_all(&sim.uri(), &rest).await;
    assert_eq!(sim.unrouted().len(), rest.len());
}

#[tokio::test]
async fn an_unknown_path_or_function_is_reported() {
    let http = reqwest::Client::new();
    let sim = EasySecureSim::start().await;
    let resp = http
        .post(format!("{}/admins/getEverything", sim.uri()))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    assert_eq!(
        resp.headers()
            .get("x-sim-no-route")
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    let body: serde_json::Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(body["code"], "404", "EasySecure's error body: {body}");
    assert_eq!(sim.unrouted(), ["POST /admins/getEverything"]);

    // ESWS: a function the service does not have is PHP's Server fault.
    let soap = EasySecureSoapSim::start().await;
    let envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:uen=\"uen:esws\"><soapenv:Body><uen:Esws.getEverything><p_companyID>k</p_companyID></uen:Esws.getEverything></soapenv:Body></soapenv:Envelope>";
    let resp = http
        .post(format!("{}/webservicesesws", soap.uri()))
        .body(envelope)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 500);
    assert!(resp.headers().contains_key("x-sim-no-route"));
    let text = resp.text().await.unwrap();
    assert!(
        text.contains("<faultcode>SOAP-ENV:Server</faultcode>"),
        "{text}"
    );
    assert_eq!(soap.unrouted(), ["ESWS Esws.getEverything"]);
}
