//! The simulator's control API (`/_sim/...`, at the server root, not under
//! the device's `/1.0`) driven over plain HTTP, as the `access-sim` server's
//! clients drive it: each knob does what it says, a state dump restored into
//! a fresh simulator answers the SDK alike, a corrupt dump is refused and
//! leaves the state alone.
#![cfg(feature = "testkit")]

use access_core::testkit::control::call;
use ef45_sdk::UserUuid;
use ef45_sdk::testkit::{BASE_PATH, Ef45Sim, FIRST_LOG_ID, SEED_USERS, SimConfig};
use serde_json::{Value, json};

fn uuid(s: &str) -> UserUuid {
    UserUuid::new(s).unwrap()
}

#[tokio::test]
async fn the_index_names_the_simulator_and_lists_its_knobs() {
    let sim = Ef45Sim::start().await;
    assert!(sim.uri().ends_with(BASE_PATH));
    let (status, index) = call(&sim.control_url(), "GET", "", None).await;
    assert_eq!(status, 200, "{index}");
    assert_eq!(index["simulator"], "ef45");
    let knobs: Vec<&str> = index["knobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for knob in [
        "POST /_sim/present",
        "POST /_sim/present-unknown",
        "POST /_sim/take-over",
        "POST /_sim/users/{user_uuid}/apb-violation",
        "PUT /_sim/door",
        "GET /_sim/seed",
    ] {
        assert!(knobs.contains(&knob), "{knob} missing from {knobs:?}");
    }
}

#[tokio::test]
async fn presenting_a_user_reaches_the_match_data_the_log_and_the_door() {
    let sim = Ef45Sim::start().await;
    let c = sim.client();
    assert!(c.recognition().match_data().await.unwrap().items.is_empty());
    let logs_before = sim.log_len();

    let (status, answer) = call(
        &sim.control_url(),
        "POST",
        "present",
        Some(json!({"user_uuid": "111"})),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer,
        json!({"user_uuid": "111", "allowed": true, "door": "open"})
    );

    let matches = c.recognition().match_data().await.unwrap().items;
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].user_uuid, Some(uuid("111")));
    assert!(matches[0].allowed());
    assert_eq!(sim.log_len(), logs_before + 1);
    let last = c.logs().all(50).await.unwrap().pop().unwrap();
    assert_eq!(last.user_uuid, Some(uuid("111")));
    assert_eq!(last.additional_data.as_deref(), Some("Allowed"));
    assert_eq!(
        c.recognition()
            .door_status()
            .await
            .unwrap()
            .door_status
            .as_deref(),
        Some("open")
    );
}

#[tokio::test]
async fn presenting_a_user_who_is_not_enrolled_is_404_and_changes_nothing() {
    let sim = Ef45Sim::start().await;
    let logs_before = sim.log_len();
    let (status, answer) = call(
        &sim.control_url(),
        "POST",
        "present",
        Some(json!({"user_uuid": "999"})),
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        answer["error"].as_str().unwrap().contains("999"),
        "{answer}"
    );
    assert_eq!(sim.log_len(), logs_before);
    let (status, answer) = call(
        &sim.control_url(),
        "POST",
        "present",
        Some(json!({"user": "111"})),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer["error"].is_string());
    assert_eq!(sim.log_len(), logs_before);
}

#[tokio::test]
async fn an_unknown_person_is_denied_in_the_log_without_a_match() {
    let sim = Ef45Sim::start().await;
    let c = sim.client();
    let (status, answer) = call(&sim.control_url(), "POST", "present-unknown", None).await;
    assert_eq!(status, 200);
    assert_eq!(answer, json!({"allowed": false}));
    assert!(c.recognition().match_data().await.unwrap().items.is_empty());
    let last = c.logs().all(50).await.unwrap().pop().unwrap();
    assert_eq!(last.user_uuid, None);
    assert_eq!(last.info.as_deref(), Some("Recog/BioOnly/NoMatch"));
    assert_eq!(last.additional_data.as_deref(), Some("Denied"));
    assert_eq!(
        c.recognition()
            .door_status()
            .await
            .unwrap()
            .door_status
            .as_deref(),
        Some("closed")
    );
}

#[tokio::test]
async fn an_anti_passback_violation_denies_the_next_recognition() {
    let sim = Ef45Sim::start().await;
    let (status, answer) = call(&sim.control_url(), "POST", "users/1/apb-violation", None).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, json!({"user_uuid": "1", "violation": true}));
    assert!(sim.apb_violation(&uuid("1")));
    let (_, answer) = call(
        &sim.control_url(),
        "POST",
        "present",
        Some(json!({"user_uuid": "1"})),
    )
    .await;
    assert_eq!(answer["allowed"], false);
    assert_eq!(answer["door"], "closed");
    let (status, _) = call(
        &sim.control_url(),
        "POST",
        "users/nobody/apb-violation",
        None,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_door_knob_sets_what_the_sdk_reads() {
    let sim = Ef45Sim::start().await;
    let c = sim.client();
    let (status, answer) = call(
        &sim.control_url(),
        "PUT",
        "door",
        Some(json!({"status": "forced"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(answer, json!({"door": "forced"}));
    assert_eq!(
        c.recognition()
            .door_status()
            .await
            .unwrap()
            .door_status
            .as_deref(),
        Some("forced")
    );
}

#[tokio::test]
async fn another_client_taking_the_lock_makes_the_sdk_take_it_back() {
    let sim = Ef45Sim::start().await;
    let c = sim.client();
    c.camera().settings().await.unwrap();
    let before = c.lock_uid().await.unwrap().expose_secret().to_string();
    let (status, answer) = call(&sim.control_url(), "POST", "take-over", None).await;
    assert_eq!(status, 200);
    assert_eq!(answer, json!({"locked": true}));
    assert_eq!(sim.count("PUT", "/1.0/lock"), 0);
    c.camera().settings().await.unwrap();
    assert_eq!(
        sim.count("PUT", "/1.0/lock"),
        1,
        "the stale lock was taken back"
    );
    assert_ne!(c.lock_uid().await.unwrap().expose_secret(), before);
}

#[tokio::test]
async fn the_seed_describes_the_started_device() {
    let sim = Ef45Sim::start_with(SimConfig::default().users(2)).await;
    let (status, seed) = call(&sim.control_url(), "GET", "seed", None).await;
    assert_eq!(status, 200);
    assert_eq!(seed["base_path"], BASE_PATH);
    assert_eq!(seed["app_version"], sim.version());
    let users = seed["users"].as_array().unwrap();
    assert_eq!(users.len(), SEED_USERS.len() + 2);
    let park = users.iter().find(|u| u["user_uuid"] == "111").unwrap();
    assert_eq!(park["last_name"], "Park");
    assert_eq!(park["card"], "65 D8 A1 BD");
    assert_eq!(seed["log_ids"][0], FIRST_LOG_ID);
    // The seed is the started device, not the current one.
    call(
        &sim.control_url(),
        "POST",
        "present",
        Some(json!({"user_uuid": "1"})),
    )
    .await;
    let (_, again) = call(&sim.control_url(), "GET", "seed", None).await;
    assert_eq!(again, seed);
}

#[tokio::test]
async fn reset_goes_back_to_the_seeded_device() {
    let sim = Ef45Sim::start().await;
    let c = sim.client();
    c.users().delete(&uuid("2")).await.unwrap();
    call(
        &sim.control_url(),
        "POST",
        "present",
        Some(json!({"user_uuid": "111"})),
    )
    .await;
    assert_eq!(sim.user_count(), 2);
    let (status, _) = call(&sim.control_url(), "POST", "reset", None).await;
    assert_eq!(status, 200);
    assert_eq!(sim.user_count(), SEED_USERS.len());
    assert_eq!(sim.log_len(), 3);
    assert!(!sim.is_locked(), "the seed holds no lock");
    let c = sim.client();
    assert!(c.recognition().match_data().await.unwrap().items.is_empty());
    assert_eq!(
        c.recognition()
            .door_status()
            .await
            .unwrap()
            .door_status
            .as_deref(),
        Some("closed")
    );
}

#[tokio::test]
async fn a_dump_restored_into_a_fresh_simulator_answers_alike() {
    let sim = Ef45Sim::start().await;
    let c = sim.client();
    c.users().delete(&uuid("2")).await.unwrap();
    call(
        &sim.control_url(),
        "POST",
        "present",
        Some(json!({"user_uuid": "111"})),
    )
    .await;
    call(&sim.control_url(), "POST", "users/1/apb-violation", None).await;
    let (status, dump) = call(&sim.control_url(), "GET", "state", None).await;
    assert_eq!(status, 200);
    // Readable: the people, their cards, the logs and settings by name.
    assert_eq!(dump["subjects"]["111"]["last_name"], "Park");
    assert_eq!(dump["user_info"]["1"]["card"], "12 34 56 78");
    assert!(dump["logs"].as_object().unwrap().len() >= 4);
    assert_eq!(dump["config_values"]["UseManualCommand"]["type"], "bool");

    let fresh = Ef45Sim::start().await;
    let (status, answer) = call(&fresh.control_url(), "PUT", "state", Some(dump.clone())).await;
    assert_eq!(status, 200, "{answer}");
    let (_, again) = call(&fresh.control_url(), "GET", "state", None).await;
    assert_eq!(again, dump);

    let f = fresh.client();
    let mut got = f.users().all(50).await.unwrap();
    let mut want = c.users().all(50).await.unwrap();
    got.sort_by(|a, b| {
        a.subject
            .user_uuid
            .as_str()
            .cmp(b.subject.user_uuid.as_str())
    });
    want.sort_by(|a, b| {
        a.subject
            .user_uuid
            .as_str()
            .cmp(b.subject.user_uuid.as_str())
    });
    assert_eq!(
        got.iter()
            .map(|u| u.subject.user_uuid.clone())
            .collect::<Vec<_>>(),
        want.iter()
            .map(|u| u.subject.user_uuid.clone())
            .collect::<Vec<_>>()
    );
    // The indexes were rebuilt: lookups by card still answer.
    let card = access_core::model::CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap();
    assert_eq!(
        f.user_info().by_card(&card).await.unwrap().user_uuid,
        uuid("111")
    );
    assert_eq!(
        f.logs().all(50).await.unwrap().len(),
        c.logs().all(50).await.unwrap().len()
    );
    let matches = f.recognition().match_data().await.unwrap().items;
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].user_uuid, Some(uuid("111")));
    assert!(fresh.apb_violation(&uuid("1")));
    assert_eq!(
        f.recognition()
            .door_status()
            .await
            .unwrap()
            .door_status
            .as_deref(),
        Some("open")
    );
}

#[tokio::test]
async fn a_corrupt_dump_is_refused_and_leaves_the_state_alone() {
    let sim = Ef45Sim::start().await;
    let (_, before) = call(&sim.control_url(), "GET", "state", None).await;
    let mut corrupt = before.clone();
    corrupt["subjects"] = json!("not a table");
    let (status, answer) = call(&sim.control_url(), "PUT", "state", Some(corrupt)).await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer["error"].is_string());
    let mut bad_image = before.clone();
    bad_image["images"] = json!({"lefteye.bmp": "***"});
    let (status, _) = call(&sim.control_url(), "PUT", "state", Some(bad_image)).await;
    assert_eq!(status, 400);
    let (status, _) = call(&sim.control_url(), "PUT", "state", Some(json!([1, 2, 3]))).await;
    assert_eq!(status, 400);
    let (_, after) = call(&sim.control_url(), "GET", "state", None).await;
    assert_eq!(after, before);
    assert_eq!(sim.user_count(), SEED_USERS.len());
}

#[tokio::test]
async fn serves_on_a_given_listener() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let sim = Ef45Sim::start_with(SimConfig::default().listener(listener)).await;
    assert_eq!(*sim.address(), addr);
    assert_eq!(sim.uri(), format!("http://{addr}{BASE_PATH}"));
    let user = sim.client().users().get(&uuid("111")).await.unwrap();
    assert_eq!(user.subject.last_name, "Park");
}
