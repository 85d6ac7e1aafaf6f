//! Captured tracing output holds no secret. Alone in its own test binary: tracing
//! caches callsite interest process-wide, so a thread-local subscriber only sees
//! every span reliably when no other test thread registers the callsites first.
#![cfg(feature = "testkit")]

use std::time::Duration;

use easysecure_sdk::Client;
use easysecure_sdk::auth::Admin;
use easysecure_sdk::testkit::EasySecureSim;

async fn admin(sim: &EasySecureSim) -> Client<Admin> {
    Client::builder()
        .base_url(sim.uri())
        .clock(sim.shared_clock())
        .login_admin(
            EasySecureSim::COMPANY,
            EasySecureSim::ADMIN_EMAIL,
            EasySecureSim::ADMIN_PASSWORD.to_string().into(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn tracing_output_holds_no_secret() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

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
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    client.groups().list().await.unwrap();
    sim.clock().advance(Duration::from_secs(3600));
    client.groups().list().await.unwrap();
    sim.expire_tokens();
    client.groups().list().await.unwrap();
    let _ = Client::builder()
        .base_url(sim.uri())
        .login_admin(
            EasySecureSim::COMPANY,
            EasySecureSim::ADMIN_EMAIL,
            "wrong-password-x".to_string().into(),
        )
        .await;
    let out = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(out.contains("access.call"), "tracing was captured: {out}");
    for secret in [
        EasySecureSim::ADMIN_PASSWORD,
        "wrong-password-x",
        "sim-id-",
        "sim-refresh-",
        "Bearer",
    ] {
        assert!(!out.contains(secret), "{secret} leaked into tracing");
    }
}
