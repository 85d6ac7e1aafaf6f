//! Recipes for syncing many people to an EF-45 with `access_core::sync`: one
//! snapshot (subjects and user-info rows, 1000 a page), a local comparison, and
//! only the differences written, four at a time.

#![cfg(feature = "testkit")]

use std::sync::Mutex;

use access_core::model::{CardNumber, ExternalId, Person};
use access_core::sync::{
    self, BulkDirectory, ChangeKind, Member, Reporter, SyncOptions, SyncProgress,
};
use access_core::testkit::{Recording, SimError};
use ef45_sdk::UserUuid;
use ef45_sdk::subjects::SaveSubject;
use ef45_sdk::testkit::{Ef45Sim, SimConfig, generated_card, generated_user};

fn id(text: &str) -> ExternalId {
    ExternalId::new(text).unwrap()
}

fn uuid(text: &str) -> UserUuid {
    UserUuid::new(text).unwrap()
}

/// The `i`-th employee of the HR list: `E-1000`, `E-1001`, ... with a decimal
/// badge number.
fn employee(i: usize) -> Member {
    let person = Person::new(id(&format!("E-{}", 1000 + i)), "Ada", format!("Worker{i}")).unwrap();
    Member::new(person).with_card(CardNumber::new((5_000_000 + i).to_string()).unwrap())
}

fn staff(n: usize) -> Vec<Member> {
    (0..n).map(employee).collect()
}

fn empty_device() -> SimConfig {
    SimConfig::default().empty()
}

#[tokio::test]
async fn first_sync_of_three_hundred_people_costs_two_lists_one_record_version_and_two_writes_each()
{
    let sim = Ef45Sim::start_with(empty_device()).await;
    let client = sim.client();
    let wanted = staff(300);

    let report = sync::sync(&client, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();

    assert_eq!(report.created, 300, "{report}");
    assert_eq!(report.cards_changed, 300);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(sim.user_count(), 300);

    // The minimum: connect, one page of each list, the record version once,
    // then a subject and a user-info row per person.
    assert_eq!(sim.count("POST", "/1.0/lock"), 1);
    assert_eq!(sim.count("GET", "/1.0/subjects"), 1);
    assert_eq!(sim.count("GET", "/1.0/user-info"), 1);
    assert_eq!(sim.count("GET", "/1.0/subjects/record-version"), 1);
    assert_eq!(sim.count("POST", "/1.0/subjects"), 300);
    assert_eq!(sim.count("POST", "/1.0/user-info"), 300);
    assert_eq!(sim.total_requests(), 1 + 2 + 1 + 2 * 300);

    // The device holds the badge in hex pairs: 5,000,123 = 4C 4B BB.
    let info = client.user_info().get(&uuid("E-1123")).await.unwrap();
    assert_eq!(
        info.card,
        Some(CardNumber::from_hex_pairs("4C 4B BB").unwrap())
    );
    let subject = client.subjects().get(&uuid("E-1123")).await.unwrap();
    assert_eq!(
        (subject.first_name.as_str(), subject.last_name.as_str()),
        ("Ada", "Worker123")
    );
}

#[tokio::test]
async fn a_rerun_with_nothing_changed_reads_the_two_lists_and_writes_nothing() {
    let sim = Ef45Sim::start_with(empty_device()).await;
    let client = sim.client();
    let wanted = staff(300);
    sync::sync(&client, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();
    let before = sim.total_requests();
    let writes_before = sim.count("POST", "/1.0/subjects") + sim.count("POST", "/1.0/user-info");

    let report = sync::sync(&client, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();

    assert_eq!(report.unchanged, 300, "{report}");
    assert!(!report.changed_anything());
    assert_eq!(sim.total_requests() - before, 2, "one page of each list");
    assert_eq!(
        sim.count("POST", "/1.0/subjects") + sim.count("POST", "/1.0/user-info"),
        writes_before
    );
}

#[tokio::test]
async fn the_seeded_people_are_unchanged_when_their_cards_are_given_in_decimal() {
    let sim = Ef45Sim::start().await;
    let client = sim.client();
    // The seed: 1 Kim Minji `12 34 56 78`, 2 Lee Joon (no card), 111 Park Sora `65 D8 A1 BD`.
    let wanted = vec![
        Member::new(Person::new(id("1"), "Minji", "Kim").unwrap())
            .with_card(CardNumber::new("305419896").unwrap()),
        Member::new(Person::new(id("2"), "Joon", "Lee").unwrap()),
        Member::new(Person::new(id("111"), "Sora", "Park").unwrap())
            .with_card(CardNumber::new("1708695997").unwrap()),
    ];

    let report = sync::sync(&client, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();

    assert_eq!(report.unchanged, 3, "{report}");
    assert_eq!(sim.count("POST", "/1.0/subjects"), 0);
    assert_eq!(sim.count("POST", "/1.0/user-info"), 0);
}

#[tokio::test]
async fn changing_three_people_writes_only_their_differing_parts() {
    let sim = Ef45Sim::start().await;
    let client = sim.client();
    let left_eye_before = client
        .subjects()
        .get(&uuid("111"))
        .await
        .unwrap()
        .left_eye_template;
    assert!(left_eye_before.is_some(), "the seed enrols 111's irises");
    let mut wanted: Vec<Member> = vec![
        // Renamed: one subject write, the iris templates kept.
        Member::new(Person::new(id("111"), "Sora", "Park-Lee").unwrap())
            .with_card(CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap()),
        // A new badge: one user-info write.
        Member::new(Person::new(id("1"), "Minji", "Kim").unwrap())
            .with_card(CardNumber::from_hex_pairs("12 34 56 79").unwrap()),
        // A first badge for someone without one: one user-info write.
        Member::new(Person::new(id("2"), "Joon", "Lee").unwrap())
            .with_card(CardNumber::new("42").unwrap()),
    ];
    wanted.extend(staff(20));
    sync::sync(&client, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();
    // Then change three of the staff: a first name, a badge, a badge taken away.
    let mut next = wanted.clone();
    next[3] = Member::new(Person::new(id("E-1000"), "Adele", "Worker0").unwrap())
        .with_card(CardNumber::new("5000000").unwrap());
    next[4] = employee(1).with_card(CardNumber::new("6000001").unwrap());
    next[5] = Member::new(Person::new(id("E-1002"), "Ada", "Worker2").unwrap());
    let subjects = sim.count("POST", "/1.0/subjects");
    let infos = sim.count("POST", "/1.0/user-info");
    let total = sim.total_requests();

    let report = sync::sync(&client, &next, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();

    assert_eq!(report.updated, 3, "{report}");
    assert_eq!(report.unchanged, 20);
    assert_eq!(report.cards_changed, 2, "one new badge, one taken away");
    assert_eq!(sim.count("POST", "/1.0/subjects") - subjects, 1);
    assert_eq!(sim.count("POST", "/1.0/user-info") - infos, 2);
    assert_eq!(sim.total_requests() - total, 2 + 3);

    assert_eq!(
        client
            .subjects()
            .get(&uuid("E-1000"))
            .await
            .unwrap()
            .first_name,
        "Adele"
    );
    assert_eq!(
        client.user_info().get(&uuid("E-1001")).await.unwrap().card,
        Some(CardNumber::from_hex_pairs("5B 8D 81").unwrap())
    );
    assert_eq!(
        client.user_info().get(&uuid("E-1002")).await.unwrap().card,
        None
    );
    // The first sync's rename sent 111's record back whole.
    let park = client.subjects().get(&uuid("111")).await.unwrap();
    assert_eq!(park.last_name, "Park-Lee");
    assert_eq!(park.left_eye_template, left_eye_before);
    assert!(park.record_version.is_some());
}

#[tokio::test]
async fn the_snapshot_reads_a_thousand_rows_a_page() {
    let sim =
        Ef45Sim::start_with(SimConfig::default().users(2_500).recording(Recording::Off)).await;
    let client = sim.client();

    let snapshot = client.snapshot().await.unwrap();

    assert_eq!(snapshot.members.len(), 2_503, "the seed's three and 2,500");
    assert!(snapshot.cards && snapshot.removes && snapshot.groups.is_none());
    assert_eq!(sim.count("GET", "/1.0/subjects"), 3, "ceil(2503/1000)");
    assert_eq!(sim.count("GET", "/1.0/user-info"), 3);
    let last = snapshot
        .members
        .iter()
        .find(|m| m.id().as_str() == generated_user(2_499).as_str())
        .unwrap();
    assert_eq!(last.cards, vec![generated_card(2_499)]);

    // Syncing the device to what it holds reads the lists again and writes nothing.
    let wanted: Vec<Member> = snapshot
        .members
        .iter()
        .map(|m| Member::new(m.person.clone()).with_cards(m.cards.clone()))
        .collect();
    let before = sim.total_requests();
    let report = sync::sync(&client, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.unchanged, 2_503, "{report}");
    assert_eq!(sim.total_requests() - before, 6);
}

#[tokio::test]
async fn a_person_the_device_cannot_hold_is_a_failure_and_the_others_are_written() {
    let sim = Ef45Sim::start_with(empty_device()).await;
    let client = sim.client();
    let mut wanted = staff(5);
    // The EF-45 stores a card as hex pairs of a number: a plate-like text is
    // no card for it, and it holds one card per person.
    wanted[1] = Member::new(Person::new(id("E-1001"), "Ada", "Worker1").unwrap())
        .with_card(CardNumber::new("AB-12-CD").unwrap());
    wanted[3] =
        employee(3).with_cards([CardNumber::new("1").unwrap(), CardNumber::new("2").unwrap()]);

    let report = sync::sync(&client, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();

    assert_eq!(report.created, 3, "{report}");
    let mut failed: Vec<(&str, ChangeKind)> = report
        .failures
        .iter()
        .map(|f| (f.id.as_str(), f.change))
        .collect();
    failed.sort_by_key(|f| f.0);
    assert_eq!(
        failed,
        vec![
            ("E-1001", ChangeKind::Create),
            ("E-1003", ChangeKind::Create)
        ]
    );
    // Refused before anything was sent: no half-written person.
    assert_eq!(sim.count("POST", "/1.0/subjects"), 3);
    assert_eq!(sim.count("POST", "/1.0/user-info"), 3);
    assert!(client.subjects().get(&uuid("E-1001")).await.is_err());
    assert_eq!(sim.user_count(), 3);
}

#[tokio::test]
async fn leavers_are_deleted_only_with_remove_leavers() {
    let sim = Ef45Sim::start().await;
    let client = sim.client();
    let wanted = vec![
        Member::new(Person::new(id("1"), "Minji", "Kim").unwrap())
            .with_card(CardNumber::from_hex_pairs("12 34 56 78").unwrap()),
    ];

    let kept = sync::sync(&client, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(kept.removed, 0);
    assert!(
        kept.notes
            .iter()
            .any(|n| n.contains("2 not in the wanted list")),
        "{:?}",
        kept.notes
    );
    assert_eq!(sim.user_count(), 3);

    let report = sync::sync(
        &client,
        &wanted,
        &SyncOptions::default().remove_leavers(true),
        &|_| {},
    )
    .await
    .unwrap();

    assert_eq!(report.removed, 2, "{report}");
    assert_eq!(report.unchanged, 1);
    assert_eq!(sim.count("DELETE", "/1.0/user/2"), 1);
    assert_eq!(sim.count("DELETE", "/1.0/user/111"), 1);
    assert_eq!(sim.user_count(), 1);
    assert!(client.user_info().get(&uuid("111")).await.is_err());
}

#[tokio::test]
async fn progress_reaches_planned_equals_done_plus_failed() {
    let sim = Ef45Sim::start_with(empty_device()).await;
    let client = sim.client();
    let mut wanted = staff(40);
    wanted[7] = employee(7).with_card(CardNumber::new("not a number").unwrap());
    let seen: Mutex<Vec<SyncProgress>> = Mutex::new(Vec::new());
    let on_progress = |p: &SyncProgress| seen.lock().unwrap().push(*p);

    let report = sync::sync(
        &client,
        &wanted,
        &SyncOptions::default().concurrency(2),
        &on_progress,
    )
    .await
    .unwrap();

    let seen = seen.into_inner().unwrap();
    let last = *seen.last().unwrap();
    assert_eq!(last.vendor, "ef45");
    assert_eq!(last.planned, 40);
    assert_eq!((last.done, last.failed), (39, 1));
    assert!(last.is_complete());
    assert_eq!(seen.len(), 1 + 40, "once for the plan, once per write");
    assert_eq!(report.created + report.failures.len(), 40);
}

#[tokio::test]
async fn a_write_the_device_refuses_is_that_persons_failure_and_is_not_resent() {
    let sim = Ef45Sim::start_with(empty_device()).await;
    let client = sim.client();
    // The first subject write meets a full subject table (device code -211).
    sim.faults()
        .endpoint::<SaveSubject>()
        .fail_next_with_error(1, SimError::coded(500, "-211", "subject DB full"));

    let report = sync::sync(
        &client,
        &staff(6),
        &SyncOptions::default().concurrency(1),
        &|_| {},
    )
    .await
    .unwrap();

    assert_eq!(report.created, 5, "{report}");
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].id.as_str(), "E-1000");
    assert_eq!(report.failures[0].change, ChangeKind::Create);
    // Sent once (a POST is not resent), and its card was not written either.
    assert_eq!(sim.count("POST", "/1.0/subjects"), 6);
    assert_eq!(sim.count("POST", "/1.0/user-info"), 5);
    assert!(client.user_info().get(&uuid("E-1000")).await.is_err());

    // The next run creates the one that failed, and only that one.
    let report = sync::sync(&client, &staff(6), &SyncOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!((report.created, report.unchanged), (1, 5), "{report}");
}

#[tokio::test]
async fn a_leaver_removed_elsewhere_since_the_snapshot_counts_as_removed() {
    let sim = Ef45Sim::start().await;
    let client = sim.client();
    let options = SyncOptions::default().remove_leavers(true);
    let snapshot = client.snapshot().await.unwrap();
    let plan = sync::plan(&client, &snapshot, &[], &options);
    assert_eq!(plan.count(ChangeKind::Remove), 3);
    // Someone else deletes user 2 between the snapshot and the writes.
    client.users().delete(&uuid("2")).await.unwrap();

    let reporter = Reporter::new("ef45", &|_| {});
    client
        .apply(&plan.changes, &options, &reporter)
        .await
        .unwrap();

    let progress = reporter.progress();
    assert_eq!((progress.done, progress.failed), (3, 0));
    assert_eq!(
        sim.count("DELETE", "/1.0/user/2"),
        2,
        "ours and theirs, none resent"
    );
    assert_eq!(sim.user_count(), 0);
}
