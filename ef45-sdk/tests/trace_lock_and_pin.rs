//! The lock uid and PINs never reach the TRACE log, a `Debug` output or an error,
//! through a lost lock, a renewal, an error and a retry. Alone in its test binary:
//! tracing's call-site cache is global, and a concurrent test without a subscriber
//! could make the capture miss spans.

use access_core::testkit::{TraceCapture, assert_no_secret_in};
use ef45_sdk::UserUuid;
use ef45_sdk::testkit::Ef45Sim;
use ef45_sdk::users::UserInfo;

#[tokio::test(flavor = "current_thread")]
async fn lock_uid_and_pin_never_leak() {
    let logs = TraceCapture::new();
    let _guard = logs.install();

    let device = Ef45Sim::start().await;
    let c = device.client_builder().build().unwrap();
    c.camera().settings().await.unwrap();
    let uid = c.lock_uid().await.unwrap();
    let secret = uid.expose_secret().to_string();
    // A lost lock, a renewal, an error, a retry.
    device.take_over_as_other_client();
    c.camera().settings().await.unwrap();
    let renewed = c.lock_uid().await.unwrap().expose_secret().to_string();
    device.faults().fail_next(1);
    c.camera().settings().await.unwrap();
    let err = c
        .subjects()
        .get(&UserUuid::new("none").unwrap())
        .await
        .unwrap_err();
    // A PIN in a record.
    let info = UserInfo::new(UserUuid::new("5").unwrap())
        .pin(access_core::model::Pin::new("482916").unwrap());

    let secrets = [secret.as_str(), renewed.as_str(), "482916"];
    let text = logs.assert_traced_without("access.call", &secrets);
    let shown = [
        text,
        format!("{c:?}"),
        format!("{:?}", c.session()),
        format!("{uid:?}"),
        format!("{info:?}"),
        err.to_string(),
        format!("{err:?}"),
    ];
    assert_no_secret_in(&shown, &secrets);
}
