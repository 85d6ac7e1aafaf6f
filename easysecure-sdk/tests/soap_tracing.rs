//! Captured TRACE output of SOAP calls (successes, documented errors, faults,
//! retries) holds neither the company key nor the getSyncToken password or token.
//! Alone in its own test binary, as tracing caches callsite interest per process.
#![cfg(all(feature = "soap", feature = "testkit"))]

use access_core::SecretString;
use access_core::testkit::TraceCapture;
use easysecure_sdk::soap::SoapClient;
use easysecure_sdk::soap::users::UserFields;
use easysecure_sdk::testkit::EasySecureSoapSim;
use easysecure_sdk::{UserId, WsAltUserId};

#[tokio::test]
async fn soap_tracing_holds_no_secret() {
    let capture = TraceCapture::new();
    let _guard = capture.install();

    let sim = EasySecureSoapSim::start().await;
    let client = SoapClient::builder(SecretString::from(
        EasySecureSoapSim::SECURITY_KEY.to_string(),
    ))
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
            EasySecureSoapSim::ADMIN_USERNAME,
            SecretString::from(EasySecureSoapSim::ADMIN_PASSWORD.to_string()),
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

    capture.assert_traced_without(
        "Esws.getGroups",
        &[
            EasySecureSoapSim::SECURITY_KEY,
            "tU0Q+#dE",
            "wrong-key-^;+#",
            EasySecureSoapSim::ADMIN_PASSWORD,
            qr.expose(),
            token.expose(),
        ],
    );
}
