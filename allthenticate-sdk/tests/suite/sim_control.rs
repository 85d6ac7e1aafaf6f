//! The simulator's control API (`/_sim/...`) driven over plain HTTP, as the
//! `access-sim` server's clients drive it: a guest presents a link at a door,
//! a controller goes offline, a state dump restored into a fresh simulator
//! answers the SDK alike, and a corrupt dump is refused and changes nothing.

use access_core::model::{EmailAddress, WeeklySchedule};
use access_core::testkit::control::call;
use allthenticate_sdk::guest_links::CreateMagicLink;
use allthenticate_sdk::resources::SetLockStatus;
use allthenticate_sdk::testkit::{AllthenticateSim, DOWNSTAIRS_DOOR_UUID, LAB_DOOR};
use chrono::{Duration as Days, TimeZone, Utc};
use serde_json::json;

#[tokio::test]
async fn the_index_names_the_simulator_and_lists_its_knobs() {
    let sim = AllthenticateSim::start().await;
    let (status, index) = call(&sim.control_url(), "GET", "", None).await;
    assert_eq!(status, 200);
    assert_eq!(index["simulator"], "allthenticate");
    for knob in [
        "GET /_sim/magic-links",
        "POST /_sim/doors/{resource_id}/magic-link",
        "PUT /_sim/doors/{resource_id}/online",
    ] {
        assert!(
            index["knobs"].as_array().unwrap().contains(&json!(knob)),
            "{index}"
        );
    }
}

#[tokio::test]
async fn a_guest_presents_the_link_the_sdk_created_at_its_door_only() {
    let sim = AllthenticateSim::start().await; // Monday 2026-03-02 10:00 UTC
    let client = sim.client();
    let doors = client.resources().doors().await.unwrap();
    let downstairs = doors
        .iter()
        .find(|d| d.uuid.as_deref() == Some(DOWNSTAIRS_DOOR_UUID))
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    let request = CreateMagicLink::for_doors(
        [EmailAddress::new("guest@partner.example").unwrap()],
        [downstairs],
        "Partner visit",
        now + Days::days(14),
    )
    .unwrap()
    .time_mapping(WeeklySchedule::workdays(9, 17).unwrap())
    .send_email(false);
    client.guest_links().create_checked(request).await.unwrap();

    // The token travels to the guest by e-mail: the control API shows it.
    let (status, links) = call(&sim.control_url(), "GET", "magic-links", None).await;
    assert_eq!(status, 200);
    let token = links[0]["token"].as_str().unwrap().to_string();
    assert_eq!(links[0]["resource_ids"], json!([203]));

    for (door, entry, locked) in [(204, "wrong_door", true), (203, "granted", false)] {
        let (status, answer) = call(
            &sim.control_url(),
            "POST",
            &format!("doors/{door}/magic-link"),
            Some(json!({ "token": token })),
        )
        .await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(
            answer,
            json!({ "entry": entry, "locked": locked }),
            "door {door}"
        );
    }
    let (_, unknown) = call(
        &sim.control_url(),
        "POST",
        "doors/203/magic-link",
        Some(json!({ "token": "not-a-token" })),
    )
    .await;
    assert_eq!(unknown["entry"], "unknown_token");
    // Saturday: outside the weekday schedule.
    sim.clock()
        .set(Utc.with_ymd_and_hms(2026, 3, 7, 12, 0, 0).unwrap());
    let (_, weekend) = call(
        &sim.control_url(),
        "POST",
        "doors/203/magic-link",
        Some(json!({ "token": token })),
    )
    .await;
    assert_eq!(weekend["entry"], "outside_schedule");
}

#[tokio::test]
async fn an_offline_controller_refuses_the_sdks_unlock_until_it_is_back() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    let lab = SetLockStatus::parse_uuid(&sim.resource(LAB_DOOR).unwrap().uuid).unwrap();
    let (status, _) = call(
        &sim.control_url(),
        "PUT",
        "doors/204/online",
        Some(json!({ "online": false })),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        client
            .resources()
            .set_lock_status(SetLockStatus::unlock(lab))
            .await
            .is_err()
    );
    call(
        &sim.control_url(),
        "PUT",
        "doors/204/online",
        Some(json!({ "online": true })),
    )
    .await;
    client
        .resources()
        .set_lock_status(SetLockStatus::unlock(lab))
        .await
        .unwrap();
    let (status, refused) = call(
        &sim.control_url(),
        "PUT",
        "doors/999/online",
        Some(json!({ "online": false })),
    )
    .await;
    assert_eq!(
        (status, refused),
        (404, json!({ "error": "no resource 999" }))
    );
}

#[tokio::test]
async fn a_dump_restored_into_a_fresh_simulator_answers_alike_and_a_corrupt_one_changes_nothing() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    client
        .users()
        .invite(
            allthenticate_sdk::users::Invite::new([
                EmailAddress::new("mia@contractor.example").unwrap()
            ])
            .unwrap(),
        )
        .await
        .unwrap();
    let (status, dump) = call(&sim.control_url(), "GET", "state", None).await;
    assert_eq!(status, 200);

    let fresh = AllthenticateSim::start().await;
    assert!(fresh.user("mia@contractor.example").is_none());
    let (status, _) = call(&fresh.control_url(), "PUT", "state", Some(dump.clone())).await;
    assert_eq!(status, 200);
    assert_eq!(
        fresh.user("mia@contractor.example"),
        sim.user("mia@contractor.example")
    );
    let listed = |c: &allthenticate_sdk::Client| {
        let c = c.clone();
        async move {
            let mut emails: Vec<String> = c
                .send(&allthenticate_sdk::users::ListUsers::new())
                .await
                .unwrap()
                .into_iter()
                .filter_map(|u| u.email)
                .collect();
            emails.sort();
            emails
        }
    };
    assert_eq!(listed(&fresh.client()).await, listed(&client).await);

    for corrupt in [json!({ "users": 7 }), json!("state"), json!(null)] {
        let (status, refused) =
            call(&fresh.control_url(), "PUT", "state", Some(corrupt.clone())).await;
        assert_eq!(status, 400, "{corrupt}: {refused}");
        let (_, after) = call(&fresh.control_url(), "GET", "state", None).await;
        assert_eq!(after, dump, "{corrupt} changed the state");
    }
}
