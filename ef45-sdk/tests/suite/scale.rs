//! The simulated EF-45 scales (issue 15): seeded with 10,000 generated users it
//! starts and answers lookups by uuid, by card and by external id from indexed
//! tables (not timed here: `benchmarks/` measures the rate).

#![cfg(feature = "testkit")]

use access_core::model::ExternalId;
use access_core::testkit::Recording;
use access_core::traits::Directory;
use ef45_sdk::model::Paging;
use ef45_sdk::subjects::ListSubjects;
use ef45_sdk::testkit::{Ef45Sim, SimConfig, generated_card, generated_user};

#[tokio::test]
async fn ten_thousand_users_answer_lookups_by_uuid_card_and_external_id() {
    let sim =
        Ef45Sim::start_with(SimConfig::default().users(10_000).recording(Recording::Off)).await;
    assert_eq!(
        sim.user_count(),
        10_003,
        "the seed's three and the generated users"
    );
    let c = sim.client();

    let last = generated_user(9_999);
    let user = c.users().get(&last).await.unwrap();
    assert_eq!(user.subject.user_uuid, last);
    assert_eq!(user.card, Some(generated_card(9_999)));
    assert_eq!(
        c.subjects()
            .get(&generated_user(0))
            .await
            .unwrap()
            .user_uuid,
        generated_user(0)
    );

    let info = c.user_info().by_card(&generated_card(4_321)).await.unwrap();
    assert_eq!(info.user_uuid, generated_user(4_321));

    // The Directory's external id is the user_uuid.
    let id = ExternalId::new(generated_user(1_234).as_str()).unwrap();
    let person = c.find_person(&id).await.unwrap().unwrap();
    assert_eq!(person.external_id, id);

    // Lists page through the whole table.
    let page = c
        .send(&ListSubjects::new(Paging::sized(200, 50).unwrap()))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 50);
    assert_eq!(page.total, Some(10_003));
    assert!(page.has_more);

    // Counts stay exact with recording off.
    assert_eq!(sim.count("GET", &format!("/1.0/user/{last}")), 1);
    assert!(sim.requests().is_empty());
}
