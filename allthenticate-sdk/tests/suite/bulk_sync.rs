//! Bulk sync recipes (issue 19) on the simulator: people keyed by e-mail, one
//! read of `/multipleusers` (members and guests), creates batched into
//! `/invites` (one per wanted group set and batch), group changes of existing
//! members in one `PUT /groups` per group, a request count that is the minimum.

#![cfg(feature = "testkit")]

use std::collections::BTreeSet;
use std::sync::Mutex;

use access_core::model::{ExternalId, Person};
use access_core::sync::{ChangeKind, Member, SyncOptions, SyncProgress, SyncReport, sync};
use access_core::testkit::{Recording, Request};
use allthenticate_sdk::groups::GroupRef;
use allthenticate_sdk::testkit::{AllthenticateSim, SimConfig, generated_user_email};
use allthenticate_sdk::{Client, GroupId};
use serde_json::Value;

/// The seeded user groups: "Employees" (id 1, joe and ada) and "Admins" (id 3,
/// ada). The seeded "Doors" (id 2) is a group of resources.
const EMPLOYEES: i64 = 1;
const ADMINS: i64 = 3;

fn client_with_groups(sim: &AllthenticateSim) -> Client {
    let client = sim.client();
    client
        .groups()
        .remember(GroupRef::new(GroupId::new(EMPLOYEES), "Employees"));
    client
        .groups()
        .remember(GroupRef::new(GroupId::new(ADMINS), "Admins"));
    client
}

fn member(email: &str, groups: &[&str]) -> Member {
    let person = Person::new(ExternalId::new(email).unwrap(), "Given", "Family")
        .unwrap()
        .with_groups(groups.iter().copied());
    Member::new(person)
}

fn new_address(i: usize) -> String {
    format!("person{i:04}@hr.acme.example")
}

/// The seeded members as they are: joe in Employees, ada in Employees and Admins.
fn seeded_as_they_are() -> Vec<Member> {
    vec![
        member("joe@developer.com", &["Employees"]),
        member("ada@acme.example", &["Employees", "Admins"]),
    ]
}

async fn run(client: &Client, wanted: &[Member], options: &SyncOptions) -> SyncReport {
    sync(client, wanted, options, &|_| {}).await.unwrap()
}

fn bodies(sim: &AllthenticateSim, method: &str, path: &str) -> Vec<Value> {
    sim.requests()
        .iter()
        .filter(|r: &&Request| r.method.as_str() == method && r.url.path() == path)
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

fn ids(v: &Value, field: &str) -> BTreeSet<i64> {
    v[field]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

fn failed_ids(report: &SyncReport) -> BTreeSet<String> {
    report
        .failures
        .iter()
        .map(|f| f.id.as_str().to_string())
        .collect()
}

#[tokio::test]
async fn first_sync_makes_the_minimum_requests_and_a_rerun_writes_nothing() {
    let sim = AllthenticateSim::start().await;
    let client = client_with_groups(&sim);
    // 300 new people in three group sets, joe gaining Admins, ada as she is.
    let mut wanted = vec![
        member("joe@developer.com", &["Employees", "Admins"]),
        member("ada@acme.example", &["Admins", "Employees"]),
    ];
    let sets: [&[&str]; 3] = [&[], &["Employees"], &["Employees", "Admins"]];
    for i in 0..300 {
        wanted.push(member(&new_address(i), sets[i % 3]));
    }

    let report = run(&client, &wanted, &SyncOptions::default()).await;
    assert!(report.failures.is_empty(), "{report}");
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (300, 1, 1)
    );
    assert_eq!(report.groups_changed, 1 + 200);
    // Minimum: 2 listings (members, guests), 1 invite per group set (300 < 500),
    // 1 PUT /groups (Admins gains joe).
    assert_eq!(sim.count("GET", "/multipleusers"), 2);
    assert_eq!(sim.count("POST", "/invites"), 3);
    assert_eq!(sim.count("PUT", "/groups"), 1);
    assert_eq!(sim.total_requests(), 6);
    let invites = bodies(&sim, "POST", "/invites");
    let mut sizes: Vec<usize> = invites
        .iter()
        .map(|b| b["emails"].as_array().unwrap().len())
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [100, 100, 100]);
    let put = &bodies(&sim, "PUT", "/groups")[0];
    assert_eq!(put["group_id"], ADMINS);
    assert_eq!(ids(put, "add_ids"), BTreeSet::from([1]));
    assert_eq!(ids(put, "del_ids"), BTreeSet::new());

    // The vendor holds what was wanted, and each invitee got one e-mail.
    let admins = sim.group("Admins").unwrap().members;
    let employees = sim.group("Employees").unwrap().members;
    for i in [0, 1, 2, 299] {
        let user = sim.user(&new_address(i)).unwrap();
        assert_eq!(user.invitations_sent, 1);
        assert_eq!(employees.contains(&user.email_id), i % 3 != 0, "{i}");
        assert_eq!(admins.contains(&user.email_id), i % 3 == 2, "{i}");
    }
    assert!(admins.contains(&1));

    // A rerun with nothing changed reads the two listings and writes nothing.
    let before = Counts::of(&sim);
    let again = run(&client, &wanted, &SyncOptions::default()).await;
    assert!(!again.changed_anything(), "{again}");
    assert!(again.failures.is_empty(), "{again}");
    assert_eq!(again.unchanged, 302);
    assert_eq!(Counts::of(&sim).since(&before), (2, 2, 0, 0));
    assert_eq!(sim.user(&new_address(0)).unwrap().invitations_sent, 1);
}

/// Request counts of the simulator: (total, listings, invites, group updates).
struct Counts(usize, usize, usize, usize);

impl Counts {
    fn of(sim: &AllthenticateSim) -> Self {
        Self(
            sim.total_requests(),
            sim.count("GET", "/multipleusers"),
            sim.count("POST", "/invites"),
            sim.count("PUT", "/groups"),
        )
    }

    fn since(&self, before: &Self) -> (usize, usize, usize, usize) {
        (
            self.0 - before.0,
            self.1 - before.1,
            self.2 - before.2,
            self.3 - before.3,
        )
    }
}

#[tokio::test]
async fn changing_three_people_writes_only_those_three_in_one_group_update() {
    let sim = AllthenticateSim::start_with(SimConfig::default().users(200)).await;
    let client = client_with_groups(&sim);
    let mut wanted = seeded_as_they_are();
    wanted.extend((1..=200).map(|i| member(&generated_user_email(i), &[])));
    let first = run(&client, &wanted, &SyncOptions::default()).await;
    assert!(!first.changed_anything(), "{first}");

    // Three generated members join Admins.
    for i in [10, 50, 150] {
        wanted[1 + i] = member(&generated_user_email(i), &["Admins"]);
    }
    let before = Counts::of(&sim);
    let report = run(&client, &wanted, &SyncOptions::default()).await;
    assert!(report.failures.is_empty(), "{report}");
    assert_eq!((report.updated, report.unchanged), (3, 199));
    assert_eq!(report.groups_changed, 3);
    assert_eq!(Counts::of(&sim).since(&before), (3, 2, 0, 1));
    let put = bodies(&sim, "PUT", "/groups").pop().unwrap();
    assert_eq!(put["group_id"], ADMINS);
    // The generated member i has email_id 3 + i.
    assert_eq!(ids(&put, "add_ids"), BTreeSet::from([13, 53, 153]));
    assert!(put.get("del_ids").is_none());
    assert_eq!(
        sim.group("Admins").unwrap().members,
        BTreeSet::from([2, 13, 53, 153])
    );
}

#[tokio::test]
async fn a_member_moving_between_groups_is_in_both_group_updates() {
    let sim = AllthenticateSim::start().await;
    let client = client_with_groups(&sim);
    // ada leaves Employees (one PUT removes her), joe joins Admins (one PUT adds him).
    let wanted = vec![
        member("joe@developer.com", &["Employees", "Admins"]),
        member("ada@acme.example", &["Admins"]),
    ];
    let report = run(&client, &wanted, &SyncOptions::default()).await;
    assert!(report.failures.is_empty(), "{report}");
    assert_eq!(report.updated, 2);
    assert_eq!(sim.total_requests(), 2 + 2);
    let puts = bodies(&sim, "PUT", "/groups");
    let employees = puts.iter().find(|b| b["group_id"] == EMPLOYEES).unwrap();
    assert_eq!(ids(employees, "del_ids"), BTreeSet::from([2]));
    let admins = puts.iter().find(|b| b["group_id"] == ADMINS).unwrap();
    assert_eq!(ids(admins, "add_ids"), BTreeSet::from([1]));
    assert_eq!(sim.group("Employees").unwrap().members, BTreeSet::from([1]));
    assert_eq!(sim.group("Admins").unwrap().members, BTreeSet::from([1, 2]));
}

#[tokio::test]
async fn more_people_than_the_batch_size_take_ceil_n_over_batch_invites() {
    let sim = AllthenticateSim::start().await;
    let client = client_with_groups(&sim);
    let mut wanted = seeded_as_they_are();
    wanted.extend((0..1_050).map(|i| member(&new_address(i), &["Employees"])));
    let options = SyncOptions::default().batch_size(200);
    let report = run(&client, &wanted, &options).await;
    assert!(report.failures.is_empty(), "{report}");
    assert_eq!(report.created, 1_050);
    // ceil(1050 / 200) = 6 invites, no group update (the invite carries the group).
    assert_eq!(Counts::of(&sim).since(&Counts(0, 0, 0, 0)), (8, 2, 6, 0));
    let invites = bodies(&sim, "POST", "/invites");
    let mut invited = BTreeSet::new();
    for body in &invites {
        let emails = body["emails"].as_array().unwrap();
        assert!(emails.len() <= 200);
        assert_eq!(body["groups"][0]["id"], EMPLOYEES);
        invited.extend(emails.iter().map(|e| e.as_str().unwrap().to_string()));
    }
    assert_eq!(invited.len(), 1_050);
    assert_eq!(sim.user(&new_address(1_049)).unwrap().invitations_sent, 1);

    // The default batch (500): 1,200 more people take ceil(1200 / 500) = 3 invites.
    wanted.extend((1_050..2_250).map(|i| member(&new_address(i), &[])));
    let before = Counts::of(&sim);
    let report = run(&client, &wanted, &SyncOptions::default()).await;
    assert_eq!((report.created, report.unchanged), (1_200, 1_052));
    assert_eq!(Counts::of(&sim).since(&before), (5, 2, 3, 0));
}

#[tokio::test]
async fn refused_people_are_failures_with_their_id_and_the_others_are_written() {
    let sim = AllthenticateSim::start().await;
    let client = client_with_groups(&sim);
    // A real vendor rule: "Doors" (id 2) is a group of resources, so the
    // vendor refuses to put members in it, by invite or by PUT /groups.
    client
        .groups()
        .remember(GroupRef::new(GroupId::new(2), "Doors"));
    let wanted = vec![
        // Refused before sending: not an address.
        member("not-an-address", &[]),
        // Already a member, spelled otherwise: the invite answers `exists`.
        member("ADA@acme.example", &[]),
        // Invited alone, in the same invite as the one above.
        member("new@hr.acme.example", &["Employees"]),
        // An invite into Doors: refused as a whole.
        member("door@hr.acme.example", &["Doors"]),
        // Joins Admins (accepted) and Doors (refused): failed.
        member("joe@developer.com", &["Employees", "Admins", "Doors"]),
        // Leaves Admins, in the same (accepted) Admins update as joe.
        member("ada@acme.example", &["Employees"]),
    ];
    let progress = Mutex::new(Vec::<SyncProgress>::new());
    let on_progress = |p: &SyncProgress| progress.lock().unwrap().push(*p);
    let report = sync(&client, &wanted, &SyncOptions::default(), &on_progress)
        .await
        .unwrap();

    assert_eq!(
        failed_ids(&report),
        BTreeSet::from(
            [
                "not-an-address",
                "ADA@acme.example",
                "door@hr.acme.example",
                "joe@developer.com",
            ]
            .map(String::from)
        ),
        "{report}"
    );
    let failure = |id: &str| {
        report
            .failures
            .iter()
            .find(|f| f.id.as_str() == id)
            .unwrap()
    };
    assert_eq!(failure("not-an-address").change, ChangeKind::Create);
    assert!(!failure("not-an-address").error.may_have_been_sent());
    assert_eq!(failure("door@hr.acme.example").error.status(), Some(400));
    assert_eq!(failure("joe@developer.com").change, ChangeKind::Update);
    assert_eq!(failure("joe@developer.com").error.status(), Some(400));
    assert!(
        failure("ADA@acme.example")
            .error
            .to_string()
            .contains("already")
    );
    assert_eq!((report.created, report.updated), (1, 1));

    // Requests: 2 listings, 3 invites (one per wanted group set: {} holds
    // ADA, {Employees} new, {Doors} door), 2 group updates (Admins, Doors).
    assert_eq!(sim.count("POST", "/invites"), 3);
    assert_eq!(sim.count("PUT", "/groups"), 2);
    assert_eq!(sim.total_requests(), 7);
    // The others are written.
    let new = sim.user("new@hr.acme.example").unwrap();
    assert!(
        sim.group("Employees")
            .unwrap()
            .members
            .contains(&new.email_id)
    );
    assert_eq!(sim.group("Admins").unwrap().members, BTreeSet::from([1]));
    assert!(sim.user("door@hr.acme.example").is_none());
    assert_eq!(sim.user("ada@acme.example").unwrap().invitations_sent, 0);

    // Progress reaches planned == done + failed.
    let last = *progress.lock().unwrap().last().unwrap();
    assert_eq!(last.planned, 6);
    assert_eq!((last.done, last.failed), (2, 4));
    assert!(last.is_complete());
}

#[tokio::test]
async fn leavers_stay_because_allthenticate_cannot_remove_people() {
    let sim = AllthenticateSim::start().await;
    let client = client_with_groups(&sim);
    let wanted = vec![member("ada@acme.example", &["Employees", "Admins"])];
    let options = SyncOptions::default().remove_leavers(true);
    let report = run(&client, &wanted, &options).await;
    assert_eq!((report.removed, report.unchanged), (0, 1));
    assert!(report.failures.is_empty());
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("cannot remove") && n.contains("2 not in the wanted list")),
        "{:?}",
        report.notes
    );
    assert_eq!(sim.total_requests(), 2);
    assert_eq!(sim.user_count(), 3);
}

#[tokio::test]
async fn ten_thousand_members_are_read_in_two_requests() {
    let sim =
        AllthenticateSim::start_with(SimConfig::default().users(10_000).recording(Recording::Off))
            .await;
    let client = client_with_groups(&sim);
    let mut wanted = seeded_as_they_are();
    wanted.extend((1..=10_000).map(|i| member(&generated_user_email(i), &[])));
    wanted.extend((0..100).map(|i| member(&new_address(i), &["Employees"])));
    let report = run(&client, &wanted, &SyncOptions::default()).await;
    assert!(report.failures.is_empty(), "{report}");
    assert_eq!((report.created, report.unchanged), (100, 10_002));
    assert_eq!(Counts::of(&sim).since(&Counts(0, 0, 0, 0)), (3, 2, 1, 0));
}

#[tokio::test]
async fn an_invite_without_an_answer_is_never_resent_and_fails_everyone_in_it() {
    let sim = AllthenticateSim::start().await;
    let client = client_with_groups(&sim);
    let mut wanted = seeded_as_they_are();
    wanted.extend((0..5).map(|i| member(&new_address(i), &[])));
    wanted.extend((5..8).map(|i| member(&new_address(i), &["Admins"])));
    // One invite is lost (no answer within the attempt timeout), one answers 503.
    sim.faults().at("POST /invites").hang_next();
    sim.faults().at("POST /invites").fail_next_with(1, 503);
    let options = SyncOptions::default().concurrency(1);
    let report = run(&client, &wanted, &options).await;
    assert_eq!(report.failures.len(), 8, "{report}");
    assert_eq!(report.created, 0);
    assert!(report.failures.iter().all(|f| f.error.may_have_been_sent()));
    let statuses: BTreeSet<Option<u16>> =
        report.failures.iter().map(|f| f.error.status()).collect();
    assert!(statuses.contains(&Some(503)), "{statuses:?}");
    // The lost invite's people fail with the timeout (one holds the error itself).
    assert!(
        report
            .failures
            .iter()
            .any(|f| matches!(f.error, allthenticate_sdk::Error::Transport(_)))
    );
    // Sent once each: invitations are not idempotent.
    assert_eq!(sim.count("POST", "/invites"), 2);
    assert_eq!(sim.total_requests(), 4);
}

#[tokio::test]
async fn a_refused_key_cuts_the_sync_short() {
    let sim = AllthenticateSim::start().await;
    let client = client_with_groups(&sim);
    let wanted = vec![member("joe@developer.com", &["Employees", "Admins"])];
    sim.faults().at("PUT /groups").fail_next_with(1, 401);
    let report = run(&client, &wanted, &SyncOptions::default()).await;
    let e = report.aborted.as_ref().expect("the sync is cut short");
    assert_eq!(e.kind(), allthenticate_sdk::ErrorKind::Auth);
    // Not a per-person failure: the whole vendor refused the key.
    assert!(report.failures.is_empty(), "{report}");
    assert_eq!(report.updated, 0);
    assert_eq!(sim.count("PUT", "/groups"), 1);
}
