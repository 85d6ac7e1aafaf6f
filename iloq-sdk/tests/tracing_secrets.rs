//! No secret in captured TRACE logs (alone in its test binary, so no other
//! test thread caches tracing interest while the subscriber is scoped).

use access_core::testkit::{TraceCapture, assert_no_secret_in};
use iloq_sdk::testkit::IloqSim;

#[tokio::test]
async fn no_secret_in_trace_logs_errors_or_debug() {
    let capture = TraceCapture::new();
    let _guard = capture.install();

    let sim = IloqSim::start().await;
    let c = sim.client();
    let state = c.login().await.unwrap();
    sim.expire_sessions();
    c.keys().list().await.unwrap();
    let err = c
        .persons()
        .get(iloq_sdk::PersonId::new(uuid::Uuid::nil()))
        .await
        .unwrap_err();
    sim.faults().fail_next(3);
    let retried = c.zones().list().await.unwrap_err();
    c.logout().await.unwrap();

    let password = sim.seed().password.clone();
    let logs = capture.assert_traced_without("iLOQ session set up", &[&password]);
    assert!(logs.contains("retrying"), "tracing was captured: {logs}");
    let texts = [
        logs,
        err.to_string(),
        retried.to_string(),
        format!("{c:?}"),
        format!("{state:?}"),
        format!("{err:?}"),
    ];
    assert_no_secret_in(&texts, &[&password]);
    // Session ids the simulator handed out never reach the logs either.
    let requests = sim.requests();
    let sids: Vec<String> = requests
        .iter()
        .filter_map(|r| {
            r.headers
                .get("sessionid")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .collect();
    assert!(!sids.is_empty());
    let sids: Vec<&str> = sids.iter().map(String::as_str).collect();
    assert_no_secret_in(&texts, &sids);
}
