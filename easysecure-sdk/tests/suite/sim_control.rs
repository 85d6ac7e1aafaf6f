//! The simulators' control API (`/_sim/...`) driven over plain HTTP, as the
//! `access-sim` server's clients drive it: each knob does what it says, a
//! state dump restored into a fresh simulator answers the SDK alike, a corrupt
//! dump is refused and leaves the state alone, and a SOAP server sharing the
//! REST simulator's state sees what REST writes.
#![cfg(feature = "testkit")]

use access_core::testkit::control::call;
use easysecure_sdk::WsAltUserId;
use easysecure_sdk::testkit::{EasySecureSim, SimConfig};
use easysecure_sdk::users::{SyncUserToFirebase, UserUpsert};
use serde_json::{Value, json};

fn ws(s: &str) -> WsAltUserId {
    WsAltUserId::new(s).unwrap()
}

#[tokio::test]
async fn the_index_names_the_simulator_and_lists_its_knobs() {
    let sim = EasySecureSim::start().await;
    let (status, index) = call(&sim.control_url(), "GET", "", None).await;
    assert_eq!(status, 200);
    assert_eq!(index["simulator"], "easysecure");
    let knobs: Vec<&str> = index["knobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for knob in [
        "POST /_sim/badge",
        "POST /_sim/tokens/expire",
        "GET /_sim/reset-token",
        "PUT /_sim/users/{wsAltUserId}/self-service",
        "PUT /_sim/ws-alt-label",
        "GET /_sim/seed",
    ] {
        assert!(knobs.contains(&knob), "{knob} missing from {knobs:?}");
    }
}

#[tokio::test]
async fn a_badge_writes_the_log_the_sdk_reads() {
    let sim = EasySecureSim::start().await;
    let admin = sim.client().await;
    let (status, badge) = call(
        &sim.control_url(),
        "POST",
        "badge",
        Some(json!({ "user": "EMP-001", "terminal": EasySecureSim::TIME_CLOCK, "key": "IN" })),
    )
    .await;
    assert_eq!(status, 200, "{badge}");
    let scan = badge["scanID"].as_i64().unwrap();
    assert_eq!(badge["success"], true, "{badge}");
    assert_eq!(admin.logs().id_range().await.unwrap().max_id, Some(scan));
    // An unknown user is refused at the terminal, and still logged.
    let (_, unknown) = call(
        &sim.control_url(),
        "POST",
        "badge",
        Some(json!({ "user": "NOBODY", "terminal": EasySecureSim::ENTRANCE })),
    )
    .await;
    assert_eq!(unknown["scanID"].as_i64(), Some(scan + 1));
    assert_eq!(unknown["success"], false);
    assert_eq!(unknown["logText"], "Identify Fail");
    let (status, refused) = call(
        &sim.control_url(),
        "POST",
        "badge",
        Some(json!({ "user": "X" })),
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused["error"].is_string());
}

#[tokio::test]
async fn expiring_the_tokens_makes_the_client_renew() {
    let sim = EasySecureSim::start().await;
    let admin = sim.client().await;
    admin.groups().list().await.unwrap();
    assert_eq!(sim.count("POST", "/admins/refreshToken"), 0);
    let (status, expired) = call(&sim.control_url(), "POST", "tokens/expire", None).await;
    assert_eq!(status, 200);
    assert_eq!(expired["expired"], 1);
    admin.groups().list().await.unwrap();
    assert_eq!(sim.count("POST", "/admins/refreshToken"), 1);
}

#[tokio::test]
async fn the_reset_token_knob_answers_the_mailed_token() {
    use easysecure_sdk::Client;
    use easysecure_sdk::auth::User;
    let sim = EasySecureSim::start().await;
    let (_, none) = call(&sim.control_url(), "GET", "reset-token", None).await;
    assert_eq!(none["token"], Value::Null);
    let b = || Client::builder().base_url(sim.uri());
    b().request_password_reset::<User>(EasySecureSim::COMPANY, EasySecureSim::USER_EMAIL)
        .await
        .unwrap();
    let (status, token) = call(&sim.control_url(), "GET", "reset-token", None).await;
    assert_eq!(status, 200);
    let token = token["token"].as_str().unwrap().to_string();
    assert_eq!(sim.last_reset_token().as_deref(), Some(token.as_str()));
    b().reset_password::<User>(token.into(), "brand-new".to_string().into())
        .await
        .unwrap();
    b().login_user(
        EasySecureSim::COMPANY,
        EasySecureSim::USER_EMAIL,
        "brand-new".to_string().into(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn self_service_off_refuses_the_app_user_and_on_lets_them() {
    let sim = EasySecureSim::start().await;
    let user = sim.user_client().await;
    let (status, answer) = call(
        &sim.control_url(),
        "PUT",
        "users/EMP-001/self-service",
        Some(json!({ "allowed": false })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        json!({ "wsAltUserId": "EMP-001", "allowed": false })
    );
    let err = user
        .profile()
        .set_license_plate("AB-12-CD")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
    call(
        &sim.control_url(),
        "PUT",
        "users/EMP-001/self-service",
        Some(json!({ "allowed": true })),
    )
    .await;
    user.profile().set_license_plate("AB-12-CD").await.unwrap();
    assert_eq!(sim.user(&ws("EMP-001")).unwrap().license_plate, "AB-12-CD");
    let (status, _) = call(
        &sim.control_url(),
        "PUT",
        "users/NOBODY/self-service",
        Some(json!({ "allowed": true })),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn removing_the_ws_alt_label_breaks_the_label_functions() {
    let sim = EasySecureSim::start().await;
    let admin = sim.client().await;
    let (status, _) = call(
        &sim.control_url(),
        "PUT",
        "ws-alt-label",
        Some(json!({ "present": false })),
    )
    .await;
    assert_eq!(status, 200);
    let err = admin
        .users()
        .sync_to_firebase(SyncUserToFirebase::new(ws("EMP-002")))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    call(
        &sim.control_url(),
        "PUT",
        "ws-alt-label",
        Some(json!({ "present": true })),
    )
    .await;
    admin
        .users()
        .sync_to_firebase(SyncUserToFirebase::new(ws("EMP-002")))
        .await
        .unwrap();
}

#[tokio::test]
async fn the_seed_names_what_a_client_logs_in_with() {
    use easysecure_sdk::Client;
    let sim = EasySecureSim::start().await;
    let (status, seed) = call(&sim.control_url(), "GET", "seed", None).await;
    assert_eq!(status, 200);
    assert_eq!(seed, sim.seed());
    assert_eq!(seed["company"], EasySecureSim::COMPANY);
    assert_eq!(seed["admin"]["email"], EasySecureSim::ADMIN_EMAIL);
    assert_eq!(seed["app_user"]["wsAltUserId"], "EMP-001");
    assert_eq!(seed["app_user"]["email"], EasySecureSim::USER_EMAIL);
    #[cfg(feature = "soap")]
    assert_eq!(seed["soap_key"], EasySecureSim::SECURITY_KEY);
    let serials: Vec<&str> = seed["terminals"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["serial"].as_str())
        .collect();
    assert!(serials.contains(&EasySecureSim::ENTRANCE), "{serials:?}");
    assert!(serials.contains(&EasySecureSim::TIME_CLOCK), "{serials:?}");
    Client::builder()
        .base_url(sim.uri())
        .login_admin(
            seed["company"].as_str().unwrap(),
            seed["admin"]["email"].as_str().unwrap(),
            seed["admin"]["password"]
                .as_str()
                .unwrap()
                .to_string()
                .into(),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let sim = EasySecureSim::start().await;
    let before = sim.log_count();
    call(
        &sim.control_url(),
        "POST",
        "badge",
        Some(json!({ "user": "EMP-001", "terminal": EasySecureSim::ENTRANCE })),
    )
    .await;
    call(
        &sim.control_url(),
        "PUT",
        "users/EMP-001/self-service",
        Some(json!({ "allowed": false })),
    )
    .await;
    assert_eq!(sim.log_count(), before + 1);
    let (status, _) = call(&sim.control_url(), "POST", "reset", None).await;
    assert_eq!(status, 200);
    assert_eq!(sim.log_count(), before);
    let user = sim.user_client().await;
    user.profile().set_license_plate("AB-12-CD").await.unwrap();
}

#[tokio::test]
async fn a_dump_restored_into_a_fresh_simulator_answers_alike() {
    let sim = EasySecureSim::start().await;
    let admin = sim.client().await;
    admin
        .users()
        .upsert(UserUpsert::new(ws("NEW-1")).name("Nieuw", "Mens"))
        .await
        .unwrap();
    let scan = sim
        .present(&ws("EMP-001"), EasySecureSim::TIME_CLOCK, "IN")
        .unwrap();
    let (status, dump) = call(&sim.control_url(), "GET", "state", None).await;
    assert_eq!(status, 200);
    assert!(dump["companies"][EasySecureSim::COMPANY]["users"]["NEW-1"].is_object());
    assert_eq!(dump["id_tokens"].as_object().map(|t| t.len()), Some(1));

    let fresh = EasySecureSim::start().await;
    let fresh_admin = fresh.client().await;
    assert!(
        fresh_admin
            .users()
            .find(&ws("NEW-1"))
            .await
            .unwrap()
            .is_none()
    );
    let (status, restored) = call(&fresh.control_url(), "PUT", "state", Some(dump.clone())).await;
    assert_eq!(status, 200, "{restored}");
    // The restored state keeps tokens: the dump's admin session is there, and
    // the fresh admin's own session is gone, so its client logs in again.
    let found = fresh_admin
        .users()
        .find(&ws("NEW-1"))
        .await
        .unwrap()
        .unwrap();
    let original = admin.users().find(&ws("NEW-1")).await.unwrap().unwrap();
    assert_eq!(found.user_id, original.user_id);
    assert_eq!(found.last_name.as_deref(), Some("Mens"));
    assert_eq!(
        fresh_admin.logs().id_range().await.unwrap().max_id,
        Some(scan)
    );
    assert_eq!(
        admin.users().all().await.unwrap().len(),
        fresh_admin.users().all().await.unwrap().len()
    );
    // The indexes are rebuilt: the card lookup and the id order still work.
    assert_eq!(fresh.user(&ws("EMP-001")).unwrap().card_id, "1708695997");
    let next = fresh.present(&ws("EMP-001"), EasySecureSim::TIME_CLOCK, "OUT");
    assert_eq!(next, Some(scan + 1));
}

#[tokio::test]
async fn a_corrupt_dump_is_refused_and_leaves_the_state_alone() {
    let sim = EasySecureSim::start().await;
    sim.present(&ws("EMP-002"), EasySecureSim::ENTRANCE, "");
    let (_, before) = call(&sim.control_url(), "GET", "state", None).await;
    let mut misfiled = before.clone();
    misfiled["companies"][EasySecureSim::COMPANY]["users"]["EMP-001"]["ws_alt_user_id"] =
        json!("EMP-999");
    let mut twin = before.clone();
    twin["companies"][EasySecureSim::COMPANY]["users"]["EMP-002"]["user_id"] =
        before["companies"][EasySecureSim::COMPANY]["users"]["EMP-001"]["user_id"].clone();
    for corrupt in [json!({ "companies": 5 }), json!([1, 2]), misfiled, twin] {
        let (status, refused) =
            call(&sim.control_url(), "PUT", "state", Some(corrupt.clone())).await;
        assert_eq!(status, 400, "{corrupt}: {refused}");
        assert!(
            refused["error"]
                .as_str()
                .unwrap()
                .starts_with("state refused"),
            "{refused}"
        );
        let (_, after) = call(&sim.control_url(), "GET", "state", None).await;
        assert_eq!(after, before);
    }
    sim.client().await.groups().list().await.unwrap();
}

#[tokio::test]
async fn a_chosen_listener_is_served_on() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let sim = EasySecureSim::start_with(SimConfig::default().listener(listener)).await;
    assert_eq!(*sim.address(), address);
    let (status, _) = call(&format!("http://{address}/_sim"), "GET", "seed", None).await;
    assert_eq!(status, 200);
}

#[cfg(feature = "soap")]
mod soap {
    use super::*;
    use easysecure_sdk::testkit::EasySecureSoapSim;
    use futures_util::StreamExt;

    #[tokio::test]
    async fn a_soap_server_shares_the_rest_state_and_its_seed() {
        let sim = EasySecureSim::start().await;
        let soap = sim.soap_server(None).await;
        assert_ne!(soap.uri(), sim.uri());
        let (_, index) = call(&soap.control_url(), "GET", "", None).await;
        assert_eq!(index["simulator"], "easysecure-soap");
        // Written over REST, read over SOAP.
        let admin = sim.client().await;
        admin
            .users()
            .upsert(UserUpsert::new(ws("REST-1")).name("Via", "Rest"))
            .await
            .unwrap();
        let users: Vec<_> = soap.client().users().stream().collect().await;
        assert!(
            users
                .iter()
                .flatten()
                .any(|u| u.ws_alt_user_id.as_deref() == Some("REST-1"))
        );
        assert_eq!(soap.user(&ws("REST-1")).unwrap().last_name, "Rest");
        // A badge on the SOAP server's control is in the REST logs.
        let (_, badge) = call(
            &soap.control_url(),
            "POST",
            "badge",
            Some(json!({ "user": "EMP-001", "terminal": EasySecureSim::ENTRANCE })),
        )
        .await;
        let scan = badge["scanID"].as_i64().unwrap();
        assert_eq!(admin.logs().id_range().await.unwrap().max_id, Some(scan));
        assert_eq!(soap.last_scan_id(), Some(scan));
        // The SOAP server's seed is the shared one, and so is its reset.
        let (_, seed) = call(&soap.control_url(), "GET", "seed", None).await;
        assert_eq!(seed, sim.seed());
        let (_, rest_state) = call(&sim.control_url(), "GET", "state", None).await;
        let (_, soap_state) = call(&soap.control_url(), "GET", "state", None).await;
        assert_eq!(rest_state, soap_state);
        soap.reset();
        assert!(sim.user(&ws("REST-1")).is_none());
        assert!(soap.user(&ws("REST-1")).is_none());
    }

    #[tokio::test]
    async fn a_standalone_soap_simulator_has_the_knobs_and_its_branch_company() {
        let sim = EasySecureSoapSim::start().await;
        let (_, index) = call(&sim.control_url(), "GET", "", None).await;
        assert_eq!(index["simulator"], "easysecure-soap");
        let (_, seed) = call(&sim.control_url(), "GET", "seed", None).await;
        assert_eq!(seed["soap_key"], EasySecureSoapSim::SECURITY_KEY);
        assert_eq!(seed["admin"]["email"], EasySecureSoapSim::ADMIN_USERNAME);
        let branch = seed["companies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == EasySecureSoapSim::BRANCH_COMPANY)
            .expect("the Branch company is seeded");
        assert_eq!(branch["soap_keys"][0]["key"], EasySecureSoapSim::BRANCH_KEY);
        assert_eq!(branch["soap_keys"][0]["kind"], "Branches");
        let (_, badge) = call(
            &sim.control_url(),
            "POST",
            "badge",
            Some(json!({ "user": "EMP-001", "terminal": EasySecureSoapSim::TIME_CLOCK, "key": "IN" })),
        )
        .await;
        let scan = badge["scanID"].as_i64().unwrap();
        assert_eq!(sim.last_scan_id(), Some(scan));
        let logs = sim.client().logs().by_id(scan, scan).await.unwrap();
        assert_eq!(logs[0].scan_id, Some(scan));
        // A dump, QR codes included, restores into a fresh stand-alone one.
        sim.client().qr_codes().set(ws("EMP-002")).await.unwrap();
        let (_, dump) = call(&sim.control_url(), "GET", "state", None).await;
        let fresh = EasySecureSoapSim::start().await;
        let (status, _) = call(&fresh.control_url(), "PUT", "state", Some(dump)).await;
        assert_eq!(status, 200);
        assert!(fresh.user(&ws("EMP-002")).unwrap().has_qr);
        assert_eq!(fresh.last_scan_id(), Some(scan));
        let (status, _) = call(&sim.control_url(), "POST", "reset", None).await;
        assert_eq!(status, 200);
        assert!(!sim.user(&ws("EMP-002")).unwrap().has_qr);
    }
}
