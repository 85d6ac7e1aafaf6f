//! Injected failures arrive as Allthenticate's own typed errors (the
//! simulator renders them as `{"error": ...}` with their status), faults aimed
//! at one endpoint leave every other request alone, and `reset()` restores the
//! seeded organisation.

#![cfg(feature = "testkit")]

use access_core::ErrorKind;
use access_core::http::RetryPolicy;
use access_core::model::EmailAddress;
use access_core::testkit::SimError;
use allthenticate_sdk::groups::CreateGroup;
use allthenticate_sdk::model::UnlockTime;
use allthenticate_sdk::resources::{
    ListResources, ListResourcesError, MassLock, SetLockStatus, SetLockStatusError,
};
use allthenticate_sdk::testkit::{
    AllthenticateSim, DOWNSTAIRS_DOOR, DOWNSTAIRS_DOOR_UUID, LAB_DOOR_UUID, SIM_API_KEY,
};
use allthenticate_sdk::users::{Invite, InviteError, ListUsers};
use allthenticate_sdk::{EmailId, ResourceId};

fn downstairs() -> uuid::Uuid {
    SetLockStatus::parse_uuid(DOWNSTAIRS_DOOR_UUID).unwrap()
}

#[tokio::test]
async fn an_injected_500_is_the_documented_server_variant() {
    let sim = AllthenticateSim::start().await;
    let client = sim
        .client_builder()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    sim.faults().fail_next_with(1, 500);
    let e = client
        .resources()
        .list(ListResources::new())
        .await
        .unwrap_err();
    assert!(
        matches!(
            e.service_error(),
            Some(ListResourcesError::Server { status: 500, .. })
        ),
        "{e:?}"
    );
    assert_eq!(e.message(), Some("injected 500"));
    assert_eq!(e.kind(), ErrorKind::Other);

    // The vendor's message reaches the caller as the message of the variant.
    sim.faults()
        .fail_next_with_error(1, SimError::new(500, "Database unavailable"));
    let e = client
        .users()
        .invite(Invite::new([EmailAddress::new("x@acme.example").unwrap()]).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(InviteError::Server { status: 500, .. })
    ));
    assert_eq!(e.message(), Some("Database unavailable"));
    assert!(sim.user("x@acme.example").is_none(), "nothing was invited");

    // 503 is `Unavailable` (retryable); the body is Allthenticate's shape.
    sim.faults().fail_next(1);
    let e = client
        .resources()
        .list(ListResources::new())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ListResourcesError::Unavailable { status: 503, .. })
    ));
    assert!(e.is_retryable());
    sim.faults().fail_next_with(1, 502);
    let raw = reqwest::Client::new()
        .get(format!("{}/multipleusers?api_key={SIM_API_KEY}", sim.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 502);
    let body: serde_json::Value = serde_json::from_slice(&raw.bytes().await.unwrap()).unwrap();
    assert_eq!(body, serde_json::json!({"error": "injected 502"}));
    assert_eq!(sim.faults().fired(), 4);
    assert_eq!(sim.faults().pending(), 0);
}

#[tokio::test]
async fn a_targeted_fault_leaves_other_endpoints_alone() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    sim.faults()
        .endpoint::<SetLockStatus>()
        .fail_next_with_error(1, SimError::new(500, "Controller unreachable"));
    sim.faults().at("POST /masslock").fail_next_with(1, 503);
    assert_eq!(sim.faults().pending(), 2);

    // Other endpoints are untouched.
    client.users().list(ListUsers::new()).await.unwrap();
    client.resources().doors().await.unwrap();
    client
        .groups()
        .create(CreateGroup::users("Night shift", [EmailId::new(1)]).unwrap())
        .await
        .unwrap();
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (2, 0));

    // The aimed endpoint gets its fault, once, without touching the door.
    let e = client
        .resources()
        .set_lock_status(SetLockStatus::unlock_for(downstairs(), UnlockTime::MIN))
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(SetLockStatusError::Server { status: 500, .. })
    ));
    assert_eq!(e.message(), Some("Controller unreachable"));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (1, 1));
    client
        .resources()
        .set_lock_status(SetLockStatus::unlock_for(downstairs(), UnlockTime::MIN))
        .await
        .unwrap();
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));

    let e = client
        .resources()
        .mass_lock(MassLock::lock_all())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (0, 2));
    assert_eq!(sim.count("POST", "/masslock"), 1);
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    let invited = client
        .users()
        .invite(Invite::new([EmailAddress::new("new@acme.example").unwrap()]).unwrap())
        .await
        .unwrap();
    assert_eq!(invited.add_ids, [EmailId::new(4)]);
    client
        .groups()
        .create(CreateGroup::resources("Side doors", [ResourceId::new(203)]).unwrap())
        .await
        .unwrap();
    client
        .resources()
        .mass_lock(MassLock::unlock_all())
        .await
        .unwrap();
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(false));
    sim.faults().fail_next(3);
    assert!(!sim.requests().is_empty());

    sim.reset();
    assert!(sim.user("new@acme.example").is_none());
    assert!(sim.group("Side doors").is_none());
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(true));
    assert_eq!(sim.resource(DOWNSTAIRS_DOOR).unwrap().commands, 0);
    assert_eq!(sim.faults().pending(), 0);
    assert!(sim.requests().is_empty());
    assert_eq!(sim.count("POST", "/invites"), 0);
    assert_eq!(
        sim.user("joe@developer.com").unwrap().smartcards,
        [("1234567".to_string(), Some("Badge".to_string()))]
    );
    // The ids start over too.
    let again = client
        .users()
        .invite(Invite::new([EmailAddress::new("other@acme.example").unwrap()]).unwrap())
        .await
        .unwrap();
    assert_eq!(again.add_ids, [EmailId::new(4)]);
}
