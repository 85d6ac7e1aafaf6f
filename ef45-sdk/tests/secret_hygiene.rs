//! Secret hygiene with known secrets, with every span and event captured at
//! TRACE (this file holds one test: tracing's call-site cache is global, so a
//! capturing test must be alone in its binary). The lock (`lock_uid`, which
//! authorises every call) and a PIN never reach the log, any `Debug` output or
//! any error, through connect, a lost lock taken back, errors, a retried 503 and
//! a server that quotes the request (the lock included) in its error bodies.

mod common;

use std::time::Duration;

use access_core::http::RetryPolicy;
use access_core::testkit::hostile::{
    assert_no_secret_in_errors, echo_settings, echoes, no_redirect_client,
};
use access_core::testkit::{TraceCapture, assert_no_secret_in};
use ef45_sdk::UserUuid;
use ef45_sdk::testkit::Ef45Sim;
use ef45_sdk::users::{SaveUserInfo, UserInfo};

use common::PIN;

#[tokio::test(flavor = "current_thread")]
async fn no_secret_in_traces_debug_or_errors() {
    let capture = TraceCapture::new();
    let _guard = capture.install();

    // Connect on first use ("login"), a lost lock taken back ("renewal"), a
    // retried 503, a documented error.
    let device = Ef45Sim::start().await;
    let client = device
        .client_builder()
        .retry(
            RetryPolicy::standard()
                .with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    client.camera().settings().await.unwrap();
    let first = client.lock_uid().await.unwrap();
    let first_uid = first.expose_secret().to_string();
    device.take_over_as_other_client();
    client.camera().settings().await.unwrap();
    let second_uid = client.lock_uid().await.unwrap().expose_secret().to_string();
    assert_ne!(first_uid, second_uid, "the lost lock was taken back");
    device.faults().fail_next(1);
    client.camera().settings().await.unwrap();
    let mut errors = vec![
        client
            .subjects()
            .get(&UserUuid::new("nobody").unwrap())
            .await
            .unwrap_err()
            .to_string(),
    ];
    // A PIN travels in a user-info record.
    let info =
        UserInfo::new(UserUuid::new("5").unwrap()).pin(access_core::model::Pin::new(PIN).unwrap());
    let request = SaveUserInfo::new(info.clone());
    client.send(&request).await.unwrap();
    device.faults().fail_next_with(1, 500);
    let e = client.send(&request).await.unwrap_err();
    errors.push(e.to_string());
    errors.push(format!("{e:?}"));
    client.disconnect().await.unwrap();

    // Every endpoint against servers that quote the request, lock included.
    let settings = echo_settings(common::LIMIT);
    let cases = common::cases(Some(no_redirect_client()));
    let answers = echoes(&[400, 404, 500, 503, 200]);
    let check = assert_no_secret_in_errors(&cases, &answers, &settings, &[common::LOCK, PIN]).await;
    // Exact: no call skipped (a panic, or a success against a failure status,
    // fails the check itself); only the 200 echoes may decode.
    assert_eq!(check.calls, cases.len() * answers.len());
    assert_eq!(
        (check.errors, check.succeeded, check.carried, check.echoed),
        (462, 88, 530, 520),
        "{check:?}"
    );

    let secrets = [first_uid.as_str(), second_uid.as_str(), common::LOCK, PIN];
    let log = capture.assert_traced_without("access.call", &secrets);
    assert!(log.contains("POST /lock"), "connect was traced");
    let shown = [
        format!("{client:?}"),
        format!("{:?}", client.session()),
        format!("{first:?}"),
        format!("{info:?}"),
        format!("{request:?}"),
    ];
    assert_no_secret_in(&shown, &secrets);
    assert_no_secret_in(&errors, &secrets);
    println!(
        "ef45 secret hygiene: {} calls, {} errors ({} texts), {} (call, secret it carried) pairs, trace and {} Debug outputs clean",
        check.calls,
        check.errors,
        check.texts,
        check.carried,
        shown.len()
    );
}
