//! The simulators at size (not timed): seeded with 10,000 generated users and no
//! request recording, they start, and a lookup by EasySecure id and one by
//! wsAltUserId answer the right user (both go through the state's indexes).
#![cfg(all(feature = "testkit", feature = "soap"))]

use easysecure_sdk::UserId;
use easysecure_sdk::testkit::{EasySecureSim, EasySecureSoapSim, Recording, SimConfig};
use easysecure_sdk::users::{GetUsers, UserUpsert};

use crate::shared::ws;

fn large() -> SimConfig {
    SimConfig::default().users(10_000).recording(Recording::Off)
}

#[tokio::test]
async fn ten_thousand_users_rest() {
    let sim = EasySecureSim::start_with(large()).await;
    let admin = sim.client().await;
    let view = sim.user(&ws("SIM-07777")).unwrap();
    assert_eq!(view.last_name, "User 7777");
    assert!(view.in_sync, "generated users are on the terminals");

    // By id: getUsers with userId.
    let found = admin
        .users()
        .page(GetUsers::new().user_id(view.user_id))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].ws_alt_user_id.as_deref(), Some("SIM-07777"));

    // By wsAltUserId: setUsers updates the user with that key.
    admin
        .users()
        .upsert(UserUpsert::new(ws("SIM-07777")).name("Sanne", "Visser"))
        .await
        .unwrap();
    let found = admin
        .users()
        .page(GetUsers::new().user_id(view.user_id))
        .await
        .unwrap();
    assert_eq!(found[0].last_name.as_deref(), Some("Visser"));
    assert_eq!(sim.user(&ws("SIM-07777")).unwrap().user_id, view.user_id);

    // A page from the middle, in id order.
    let page = admin.users().page(GetUsers::new().page(5)).await.unwrap();
    assert_eq!(page.len(), 1000);
    assert_eq!(page[0].user_id.as_deref(), Some("5001"));

    // Counting is exact without recording.
    assert_eq!(sim.count("POST", "/admins/getUsers"), 3);
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn ten_thousand_users_esws() {
    let sim = EasySecureSoapSim::start_with(large()).await;
    let client = sim.client();
    let id: UserId = sim.user(&ws("SIM-09999")).unwrap().user_id;
    // By id: getUsers with p_userId.
    let found = client.users().by_id(id).await.unwrap().unwrap();
    assert_eq!(found.ws_alt_user_id.as_deref(), Some("SIM-09999"));
    assert_eq!(found.last_name.as_deref(), Some("User 9999"));
    // By wsAltUserId: setQR and getQR.
    let qr = client.qr_codes().set(ws("SIM-09999")).await.unwrap();
    assert_eq!(
        client.qr_codes().get(ws("SIM-09999")).await.unwrap(),
        Some(qr)
    );
    assert_eq!(client.users().page_count().await.unwrap(), 11);
    assert_eq!(sim.count("POST", "/webservicesesws"), 4);
}
