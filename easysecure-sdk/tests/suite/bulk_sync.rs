//! Recipes for the bulk HR sync (`access_core::sync`) against EasySecure: one
//! `getUsers` listing and one `getGroups`, the differences written with
//! `setUsers` batches, one terminal sync; per-person refusals kept, nothing
//! written on a rerun.
#![cfg(feature = "testkit")]

use std::sync::Mutex;

use access_core::model::{CardNumber, ExternalId, Person};
use access_core::sync::{BulkDirectory, ChangeKind, Member, SyncOptions, SyncProgress, sync};
use easysecure_sdk::Client;
use easysecure_sdk::auth::Admin;
use easysecure_sdk::testkit::EasySecureSim;
use serde_json::Value;

use crate::shared::{admin, ws};

const GET_USERS: &str = "/admins/getUsers";
const GET_GROUPS: &str = "/admins/getGroups";
const SET_USERS: &str = "/admins/setUsers";
const SYNC: &str = "/admins/sync";
const SYNC_LOGS: &str = "/admins/getSyncLogs";

/// An employee of the HR file, in group Staff.
fn employee(i: usize) -> Member {
    let id = ExternalId::new(format!("HR-{i:04}")).unwrap();
    Member::new(
        Person::new(id, "Emma", format!("Employee {i}"))
            .unwrap()
            .with_groups(["Staff"]),
    )
}

fn employees(n: usize) -> Vec<Member> {
    (1..=n).map(employee).collect()
}

/// The bodies of the `setUsers` calls made so far.
fn set_users_bodies(sim: &EasySecureSim) -> Vec<Value> {
    sim.requests()
        .into_iter()
        .filter(|r| r.url.path() == SET_USERS)
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

/// Syncs with default options, no progress display.
async fn run(client: &Client<Admin>, wanted: &[Member]) -> access_core::sync::SyncReport {
    sync(client, wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap()
}

#[tokio::test]
async fn a_first_sync_makes_the_minimum_of_requests() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    let before = sim.total_requests();

    let report = run(&client, &employees(300)).await;

    assert_eq!(report.created, 300, "{report}");
    assert!(report.failures.is_empty());
    // The minimum: one page of users (303 < 1000), the groups, one batch, one
    // terminal sync and its polls.
    assert_eq!(sim.count("POST", GET_USERS), 1);
    assert_eq!(sim.count("POST", GET_GROUPS), 1);
    assert_eq!(sim.count("POST", SET_USERS), 1);
    assert_eq!(sim.count("POST", SYNC), 1);
    let polls = sim.count("POST", SYNC_LOGS);
    assert!((1..=2).contains(&polls), "{polls} polls");
    assert_eq!(sim.total_requests() - before, 4 + polls);
    assert_eq!(
        set_users_bodies(&sim)[0]["users"].as_array().unwrap().len(),
        300
    );

    let hired = sim.user(&ws("HR-0150")).unwrap();
    assert_eq!(hired.last_name, "Employee 150");
    assert_eq!(hired.groups, vec!["Staff".to_string()]);
    assert!(hired.expire.unwrap() > sim.clock_now(), "open-ended");
}

#[tokio::test]
async fn a_rerun_with_nothing_changed_only_reads() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    let wanted = employees(200);
    run(&client, &wanted).await;
    let writes = sim.count("POST", SET_USERS);
    let before = sim.total_requests();

    let report = run(&client, &wanted).await;

    assert!(!report.changed_anything(), "{report}");
    assert_eq!(report.unchanged, 200);
    assert_eq!(sim.count("POST", SET_USERS), writes);
    assert_eq!(
        sim.total_requests() - before,
        2,
        "one getUsers page and getGroups"
    );
}

#[tokio::test]
async fn changing_three_people_writes_only_those_three_in_one_batch() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    let mut wanted = employees(120);
    run(&client, &wanted).await;
    let writes = sim.count("POST", SET_USERS);

    wanted[9].person.last_name = "Married Name".into();
    wanted[49].person.groups.push("Parking".into());
    let badge = CardNumber::new("65 D8 A1 BE").unwrap();
    wanted[99] = wanted[99].clone().with_card(badge);
    let report = run(&client, &wanted).await;

    assert_eq!(report.updated, 3, "{report}");
    assert_eq!(report.unchanged, 117);
    assert_eq!(report.groups_changed, 1);
    assert_eq!(report.cards_changed, 1);
    assert_eq!(sim.count("POST", SET_USERS), writes + 1);
    let body = set_users_bodies(&sim).pop().unwrap();
    let sent: Vec<&str> = body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["wsAltUserId"].as_str().unwrap())
        .collect();
    assert_eq!(sent, ["HR-0010", "HR-0050", "HR-0100"]);
    assert_eq!(sim.user(&ws("HR-0010")).unwrap().last_name, "Married Name");
    assert_eq!(sim.user(&ws("HR-0050")).unwrap().groups.len(), 2);
    // The hex card is sent as the decimal a USB reader types.
    assert_eq!(sim.user(&ws("HR-0100")).unwrap().card_id, "1708695998");

    // The card compares by number: the next run changes nothing.
    let writes = sim.count("POST", SET_USERS);
    let report = run(&client, &wanted).await;
    assert!(!report.changed_anything(), "{report}");
    assert_eq!(sim.count("POST", SET_USERS), writes);
}

#[tokio::test]
async fn more_people_than_a_batch_take_ceil_n_over_batch_requests() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    let options = SyncOptions::default().batch_size(10);

    let report = sync(&client, &employees(25), &options, &|_| {})
        .await
        .unwrap();

    assert_eq!(report.created, 25, "{report}");
    assert_eq!(sim.count("POST", SET_USERS), 3);
    let sizes: Vec<usize> = set_users_bodies(&sim)
        .iter()
        .map(|b| b["users"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [10, 10, 5]);
    assert_eq!(sim.count("POST", SYNC), 1, "one sync covers every batch");
    assert!(sim.user(&ws("HR-0025")).is_some());
}

#[tokio::test]
async fn a_refused_person_fails_alone_and_the_others_are_written() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    let mut wanted = employees(8);
    // EMP-001 holds this card: EasySecure refuses to give it to another user,
    // and refuses the whole setUsers call that asks for it.
    wanted[1] = wanted[1]
        .clone()
        .with_card(CardNumber::new("1708695997").unwrap());
    let last = Mutex::new(None::<SyncProgress>);
    let on_progress = |p: &SyncProgress| *last.lock().unwrap() = Some(*p);

    let report = sync(&client, &wanted, &SyncOptions::default(), &on_progress)
        .await
        .unwrap();

    assert_eq!(report.created, 7, "{report}");
    assert_eq!(report.failures.len(), 1);
    let failure = &report.failures[0];
    assert_eq!(failure.id.as_str(), "HR-0002");
    assert_eq!(failure.change, ChangeKind::Create);
    assert_eq!(failure.error.status(), Some(400));
    assert!(
        sim.user(&ws("HR-0002")).is_none(),
        "nothing written for them"
    );
    assert!(sim.user(&ws("HR-0001")).is_some());
    assert!(sim.user(&ws("HR-0008")).is_some());
    assert_eq!(sim.user(&ws("EMP-001")).unwrap().card_id, "1708695997");
    // Halves until the refused person is alone: 8, 4+4, 2+2, 1+1.
    assert_eq!(sim.count("POST", SET_USERS), 7);

    let p = last.lock().unwrap().unwrap();
    assert_eq!(p.vendor, "easysecure");
    assert_eq!(p.planned, 8);
    assert_eq!((p.done, p.failed), (7, 1));
    assert!(p.is_complete());
}

#[tokio::test]
async fn leavers_are_removed_and_a_rehire_is_opened_again() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    // The HR file: the seeded people as EasySecure holds them, without EMP-003.
    let snapshot = client.snapshot().await.unwrap();
    let everyone: Vec<Member> = snapshot
        .members
        .iter()
        .map(|m| Member::new(m.person.clone()).with_cards(m.cards.clone()))
        .collect();
    assert_eq!(everyone.len(), 3);
    let staying: Vec<Member> = everyone
        .iter()
        .filter(|m| m.id().as_str() != "EMP-003")
        .cloned()
        .collect();
    let options = SyncOptions::default().remove_leavers(true);

    let report = sync(&client, &staying, &options, &|_| {}).await.unwrap();

    assert_eq!((report.removed, report.unchanged), (1, 2), "{report}");
    let gone = sim.user(&ws("EMP-003")).unwrap();
    assert!(gone.groups.is_empty());
    assert!(gone.expire.unwrap() <= sim.clock_now());

    // Removed users are not members: the rerun writes nothing.
    let writes = sim.count("POST", SET_USERS);
    let report = sync(&client, &staying, &options, &|_| {}).await.unwrap();
    assert!(!report.changed_anything(), "{report}");
    assert_eq!(sim.count("POST", SET_USERS), writes);

    // Hired again, without an end date: a create that reopens the user.
    let rehired = Person::new(ExternalId::new("EMP-003").unwrap(), "Pieter", "de Boer")
        .unwrap()
        .with_groups(["Staff"]);
    let mut wanted = staying.clone();
    wanted.push(Member::new(rehired));
    let report = sync(&client, &wanted, &options, &|_| {}).await.unwrap();
    assert_eq!(report.created, 1, "{report}");
    let back = sim.user(&ws("EMP-003")).unwrap();
    assert_eq!(back.groups, vec!["Staff".to_string()]);
    assert!(back.expire.unwrap() > sim.clock_now());
    let report = sync(&client, &wanted, &options, &|_| {}).await.unwrap();
    assert!(!report.changed_anything(), "{report}");
}

#[tokio::test]
async fn a_snapshot_of_ten_thousand_users_reads_every_page_once() {
    use easysecure_sdk::testkit::{Recording, SimConfig};
    let config = SimConfig::default().users(10_000).recording(Recording::Off);
    let sim = EasySecureSim::start_with(config).await;
    let client = admin(&sim).await;

    let snapshot = client.snapshot().await.unwrap();

    assert_eq!(snapshot.members.len(), 10_003);
    // floor(10003 / 1000) + 1 pages of getUsers, and getGroups.
    assert_eq!(sim.count("POST", GET_USERS), 11);
    assert_eq!(sim.count("POST", GET_GROUPS), 1);
    let jan = snapshot
        .members
        .iter()
        .find(|m| m.id().as_str() == "EMP-001")
        .unwrap();
    assert!(jan.holds(&CardNumber::new("65 D8 A1 BD").unwrap()));
    assert!(
        jan.record::<easysecure_sdk::model::UserRecord>().is_some(),
        "the user's record is kept for apply"
    );
}
