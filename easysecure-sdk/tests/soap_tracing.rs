//! Captured TRACE output of SOAP calls (successes, documented errors, faults,
//! retries) holds neither the company key nor the getSyncToken password or token.
//! Alone in its own test binary, as tracing caches callsite interest per process.
#![cfg(all(feature = "soap", feature = "testkit"))]

use std::io::Write;
use std::sync::{Arc, Mutex};

use access_core::SecretString;
use easysecure_sdk::soap::SoapClient;
use easysecure_sdk::soap::testkit::SoapSim;
use easysecure_sdk::soap::users::UserFields;
use easysecure_sdk::{UserId, WsAltUserId};

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
async fn soap_tracing_holds_no_secret() {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sim = SoapSim::start().await;
    let client = SoapClient::builder(SecretString::from(SoapSim::SECURITY_KEY.to_string()))
        .base_url(sim.uri())
        .build()
        .unwrap();
    let alt = WsAltUserId::new("EMP-001").unwrap();
    client.groups().list().await.unwrap();
    client
        .users()
        .update_alt_id(alt.clone(), UserFields::new().name("Jan", "Jansen"))
        .await
        .unwrap();
    let qr = client.qr_codes().set(alt.clone()).await.unwrap();
    let token = client
        .syncs()
        .login_token(
            SoapSim::ADMIN_USERNAME,
            SecretString::from(SoapSim::ADMIN_PASSWORD.to_string()),
            UserId::new(1001),
        )
        .await
        .unwrap();
    sim.faults().fail_next(1);
    client.qr_codes().get(alt.clone()).await.unwrap();
    let wrong = SoapClient::builder(SecretString::from(
        "wrong-key-^;+#-0000000000000000".to_string(),
    ))
    .base_url(sim.uri())
    .build()
    .unwrap();
    assert!(wrong.groups().list().await.is_err());

    let out = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(out.contains("Esws.getGroups"), "spans were captured: {out}");
    for secret in [
        SoapSim::SECURITY_KEY,
        "tU0Q+#dE",
        "wrong-key-^;+#",
        SoapSim::ADMIN_PASSWORD,
        qr.expose(),
        token.expose(),
    ] {
        assert!(!out.contains(secret), "{secret:?} leaked into the trace");
    }
}
