//! Captured tracing output holds no secret. Alone in its own test binary: tracing
//! caches callsite interest process-wide, so a thread-local subscriber only sees
//! every span reliably when no other test thread registers the callsites first.
#![cfg(feature = "testkit")]

use std::time::Duration;

use access_core::testkit::TraceCapture;
use easysecure_sdk::Client;
use easysecure_sdk::testkit::EasySecureSim;

mod shared;

use shared::{admin, admin_login};

#[tokio::test]
async fn tracing_output_holds_no_secret() {
    let capture = TraceCapture::new();
    let _guard = capture.install();

    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    client.groups().list().await.unwrap();
    sim.clock().advance(Duration::from_secs(3600));
    client.groups().list().await.unwrap();
    sim.expire_tokens();
    client.groups().list().await.unwrap();
    let _ = admin_login(Client::builder().base_url(sim.uri()), "wrong-password-x").await;
    capture.assert_traced_without(
        "access.call",
        &[
            EasySecureSim::ADMIN_PASSWORD,
            "wrong-password-x",
            "sim-id-",
            "sim-refresh-",
            "Bearer",
        ],
    );
}
