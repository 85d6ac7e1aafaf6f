//! `Directory::remove_person` is idempotent: the REST API has no delete, so a
//! removed user stays listed; removing them again must not write or sync again
//! (an HR sync run twice with the same file changes nothing).

use access_core::model::{ExternalId, RemoveOutcome};
use access_core::traits::Directory;
use easysecure_sdk::testkit::EasySecureSim;
use easysecure_sdk::{Admin, Client};

async fn admin(sim: &EasySecureSim) -> Client<Admin> {
    Client::builder()
        .base_url(sim.uri())
        .clock(sim.shared_clock())
        .login_admin(
            EasySecureSim::COMPANY,
            EasySecureSim::ADMIN_EMAIL,
            EasySecureSim::ADMIN_PASSWORD.to_string().into(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn removing_a_removed_person_again_writes_nothing() {
    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;
    let id = ExternalId::new("EMP-002").unwrap();

    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::Removed
    );
    let view = sim.user("EMP-002").unwrap();
    assert!(view.groups.is_empty() && view.card_id.is_empty());
    // Still listed: EasySecure keeps the expired user.
    assert!(
        admin
            .list_people()
            .await
            .unwrap()
            .iter()
            .any(|p| p.external_id == id)
    );

    let writes = sim.count("/admins/setUsers").await;
    let syncs = sim.count("/admins/sync").await;
    assert!(
        writes > 0 && syncs > 0,
        "the first removal wrote and synced"
    );
    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::NotFound
    );
    assert_eq!(
        sim.count("/admins/setUsers").await,
        writes,
        "no second write"
    );
    assert_eq!(sim.count("/admins/sync").await, syncs, "no second sync");
}

#[tokio::test]
async fn a_user_never_synced_to_a_terminal_is_removed_without_a_sync() {
    use access_core::model::Person;
    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;
    let id = ExternalId::new("VISITOR-7").unwrap();
    let person = Person::new(id.clone(), "Hugo", "de Boer")
        .unwrap()
        .with_groups(["Visitors"]);
    admin.upsert_person(&person).await.unwrap();
    assert!(!sim.user("VISITOR-7").unwrap().in_sync, "never synced");

    // Without groups EasySecure refuses the sync ("User not linked to location"):
    // the user is on no terminal, the removal stands.
    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::Removed
    );
    let view = sim.user("VISITOR-7").unwrap();
    assert!(view.groups.is_empty());
    assert!(view.expire.is_some_and(|e| e <= sim.clock_now()));
    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::NotFound
    );
}
