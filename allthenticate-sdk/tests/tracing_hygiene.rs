//! With tracing captured at TRACE, no call, retry or failure logs the API key or
//! a magic token.

use std::time::Duration;

use access_core::model::{EmailAddress, WeeklySchedule};
use access_core::testkit::{TraceCapture, assert_no_secret_in};
use allthenticate_sdk::ResourceId;
use allthenticate_sdk::SecretString;
use allthenticate_sdk::guest_links::CreateMagicLink;
use allthenticate_sdk::model::UnlockTime;
use allthenticate_sdk::resources::{ListResources, MassLock, SetLockStatus};
use allthenticate_sdk::testkit::{AllthenticateSim, DOWNSTAIRS_DOOR_UUID, SIM_API_KEY};
use allthenticate_sdk::users::ListUsers;
use chrono::{TimeZone, Utc};

#[tokio::test(flavor = "current_thread")]
async fn no_secret_in_traces() {
    let capture = TraceCapture::new();
    let _guard = capture.install();

    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    let debug = format!("{client:?}");
    client.users().list(ListUsers::new()).await.unwrap();
    sim.faults().fail_next(1);
    client.resources().list(ListResources::new()).await.unwrap(); // retried
    let link = client
        .guest_links()
        .create(
            CreateMagicLink::new(
                [EmailAddress::new("g@x.example").unwrap()],
                [ResourceId::new(203)],
                "Traced",
                Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap(),
            )
            .unwrap()
            .time_mapping(WeeklySchedule::workdays(9, 17).unwrap()),
        )
        .await
        .unwrap();
    let token = link.expose_token().unwrap().to_string();
    tracing::info!(?link, "created");
    let uuid = SetLockStatus::parse_uuid(DOWNSTAIRS_DOOR_UUID).unwrap();
    sim.faults().fail_next(1);
    let e = client
        .send(&SetLockStatus::unlock_for(uuid, UnlockTime::MIN))
        .await
        .unwrap_err();
    tracing::warn!(error = %e, debug = ?e, "unlock failed");
    let weak = sim
        .client_builder()
        .api_key(SecretString::from("wrong-key-zz9"))
        .build()
        .unwrap();
    let e = weak.send(&MassLock::lock_all()).await.unwrap_err();
    tracing::warn!(error = %e, "mass lock failed");
    let quick = sim
        .client_builder()
        .attempt_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    sim.faults().hang_next();
    let e = quick.send(&SetLockStatus::lock(uuid)).await.unwrap_err();
    assert!(e.may_have_been_sent());
    tracing::warn!(error = %e, "lock timed out");

    let secrets = [SIM_API_KEY, token.as_str(), "wrong-key-zz9"];
    capture.assert_traced_without("access.call", &secrets);
    assert_no_secret_in(&[debug], &secrets);
}
