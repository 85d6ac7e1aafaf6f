//! The simulator at size (not timed): with 10,000 generated members it starts,
//! and a lookup by id (`/modifysmartcards` addresses a member by `email_id`)
//! and by external id (`/invites` finds a member by e-mail) answers correctly.

#![cfg(feature = "testkit")]

use access_core::model::EmailAddress;
use access_core::testkit::Recording;
use allthenticate_sdk::EmailId;
use allthenticate_sdk::model::Smartcard;
use allthenticate_sdk::smartcards::ModifySmartcards;
use allthenticate_sdk::testkit::{AllthenticateSim, SimConfig, generated_user_email};
use allthenticate_sdk::users::Invite;

#[tokio::test]
async fn ten_thousand_users_answer_lookups_by_id_and_by_email() {
    let sim =
        AllthenticateSim::start_with(SimConfig::default().users(10_000).recording(Recording::Off))
            .await;
    assert_eq!(sim.user_count(), 10_003);
    let client = sim.client();

    // By id: the 9,999th generated member has email_id 3 + 9,999.
    let id = EmailId::new(10_002);
    client
        .smartcards()
        .assign(ModifySmartcards::new(id, [Smartcard::new("4242001").unwrap()]).unwrap())
        .await
        .unwrap();
    let user = sim.user_by_id(id).unwrap();
    assert_eq!(user.email, generated_user_email(9_999));
    assert_eq!(user.smartcards, [("4242001".to_string(), None)]);
    // The duplicate rule finds the owner without a scan.
    let e = client
        .smartcards()
        .assign(
            ModifySmartcards::new(EmailId::new(4), [Smartcard::new("4242001").unwrap()]).unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(400));
    let missing = ModifySmartcards::new(EmailId::new(10_004), [Smartcard::new("1").unwrap()]);
    let e = client
        .smartcards()
        .assign(missing.unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));

    // By external id (the e-mail): an invite finds the member, in any case.
    let email = generated_user_email(5_000).to_uppercase();
    let result = client
        .users()
        .invite(Invite::new([EmailAddress::new(email.clone()).unwrap()]).unwrap())
        .await
        .unwrap();
    assert_eq!(result.exists, [email]);
    assert_eq!(result.add_ids, [EmailId::new(5_003)]);
    assert_eq!(
        sim.user(&generated_user_email(5_000)).unwrap().email_id,
        5_003
    );
    // Counting stays exact with recording off.
    assert!(sim.requests().is_empty());
    assert_eq!(sim.count("PUT", "/modifysmartcards"), 3);
}
