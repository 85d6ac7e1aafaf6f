//! `Directory::remove_person` is idempotent: the REST API has no delete, so a
//! removed user stays listed; removing them again must not write or sync again
//! (an HR sync run twice with the same file changes nothing).

use access_core::model::{ExternalId, RemoveOutcome};
use access_core::traits::Directory;
use easysecure_sdk::testkit::EasySecureSim;

use crate::shared::{admin, ws};

#[tokio::test]
async fn removing_a_removed_person_again_writes_nothing() {
    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;
    let id = ExternalId::new("EMP-002").unwrap();

    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::Removed
    );
    let view = sim.user(&ws("EMP-002")).unwrap();
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

    let writes = sim.count("POST", "/admins/setUsers");
    let syncs = sim.count("POST", "/admins/sync");
    assert!(
        writes > 0 && syncs > 0,
        "the first removal wrote and synced"
    );
    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::NotFound
    );
    assert_eq!(
        sim.count("POST", "/admins/setUsers"),
        writes,
        "no second write"
    );
    assert_eq!(sim.count("POST", "/admins/sync"), syncs, "no second sync");
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
    assert!(!sim.user(&ws("VISITOR-7")).unwrap().in_sync, "never synced");

    // Without groups EasySecure refuses the sync ("User not linked to location"):
    // the user is on no terminal, the removal stands.
    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::Removed
    );
    let view = sim.user(&ws("VISITOR-7")).unwrap();
    assert!(view.groups.is_empty());
    assert!(view.expire.is_some_and(|e| e <= sim.clock_now()));
    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::NotFound
    );
}

/// Rehiring: a person removed (the user expired now) and then back in the HR file
/// without an end date gets access again. EasySecure keeps an expiry it is not
/// sent, so a plain upsert would leave the user expired on every terminal.
#[tokio::test]
async fn a_removed_person_hired_again_gets_access_again() {
    use access_core::PollPolicy;
    use access_core::model::{Person, UpsertOutcome};
    use easysecure_sdk::WsAltUserId;
    use easysecure_sdk::logs::GetLogs;
    use easysecure_sdk::sync::AdminSync;
    use std::time::Duration;

    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;
    let id = ExternalId::new("RH-1").unwrap();
    let person = Person::new(id.clone(), "Lotte", "Bakker")
        .unwrap()
        .with_groups(["Staff"]);
    assert_eq!(
        admin.upsert_person(&person).await.unwrap(),
        UpsertOutcome::Created
    );
    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::Removed
    );
    sim.clock().advance(Duration::from_secs(7 * 24 * 3600));
    let removed = sim.user(&ws("RH-1")).unwrap().expire.unwrap();
    assert!(removed < sim.clock_now(), "the removal expired the user");

    // Back in the file, open-ended.
    assert_eq!(
        admin.upsert_person(&person).await.unwrap(),
        UpsertOutcome::Updated
    );
    let expire = sim.user(&ws("RH-1")).unwrap().expire.unwrap();
    assert!(expire > sim.clock_now(), "expiry {expire} must lie ahead");
    // Run again with the same file: nothing to write.
    let writes = sim.count("POST", "/admins/setUsers");
    assert_eq!(
        admin.upsert_person(&person).await.unwrap(),
        UpsertOutcome::Unchanged
    );
    assert_eq!(sim.count("POST", "/admins/setUsers"), writes);

    // After the sync the entrance lets them in.
    let key = WsAltUserId::new("RH-1").unwrap();
    admin
        .syncs()
        .to_terminals(AdminSync::user(key))
        .await
        .unwrap()
        .wait(&PollPolicy::every(
            Duration::from_millis(5),
            Duration::from_secs(10),
        ))
        .await
        .unwrap();
    let scan = sim
        .present(&ws("RH-1"), EasySecureSim::ENTRANCE, "")
        .unwrap();
    let logs = admin
        .logs()
        .get(GetLogs::id_range(scan, scan).unwrap())
        .await
        .unwrap();
    assert_eq!(logs[0].success, Some(true), "{:?}", logs[0].log_text);
}
