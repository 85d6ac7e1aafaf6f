//! No secret in captured TRACE logs (alone in its test binary, so no other
//! test thread caches tracing interest while the subscriber is scoped).

use std::io::Write;
use std::sync::{Arc, Mutex};

use iloq_sdk::testkit::IloqSimulator;

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_in_trace_logs_errors_or_debug() {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sim = IloqSimulator::start().await;
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
    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("iLOQ session set up") && logs.contains("retrying"),
        "tracing was captured: {logs}"
    );
    let texts = [
        logs,
        err.to_string(),
        retried.to_string(),
        format!("{c:?}"),
        format!("{state:?}"),
        format!("{err:?}"),
    ];
    for text in &texts {
        assert!(!text.contains(&password), "password leaked: {text}");
    }
    // Session ids the simulator handed out never reach the logs either.
    let requests = sim.server().requests().await;
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
    for sid in sids {
        for text in &texts {
            assert!(!text.contains(&sid), "session id leaked: {text}");
        }
    }
}
