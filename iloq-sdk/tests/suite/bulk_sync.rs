//! Recipes for the bulk sync (`access_core::sync`) at iLOQ, on the simulator:
//! one `GET /Persons` for the snapshot, then one request per write (iLOQ has no
//! batch writes), a bounded number in flight, per-person refusals kept, and
//! nothing written on a rerun.
#![cfg(feature = "testkit")]

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use access_core::model::{EmailAddress, ExternalId, Person, PhoneNumber, Validity};
use access_core::sync::{self, ChangeKind, Member, SyncOptions, SyncProgress};
use access_core::testkit::Recording;
use access_core::traits::Directory;
use iloq_sdk::Client;
use iloq_sdk::access::DEFAULT_SYNC_CONCURRENCY;
use iloq_sdk::testkit::{IloqSim, SimConfig};

const PERSONS: &str = "/iloqwspool1/api/v2/Persons";
const ZONES: &str = "/iloqwspool1/api/v2/Zones";
const LOOKUP: &str = "/iloqwspool1/api/v2/Persons/GetByExternalPersonIds";

fn ext(id: &str) -> ExternalId {
    ExternalId::new(id).unwrap()
}

/// Employee `i` of an HR file: names, e-mail and phone.
fn employee(i: usize) -> Member {
    let person = Person::new(ext(&format!("E-{i:05}")), format!("First{i}"), "Doe")
        .unwrap()
        .with_email(EmailAddress::new(format!("e{i}@example.org")).unwrap())
        .with_phone(PhoneNumber::new(format!("+3161{i:07}")).unwrap());
    Member::new(person)
}

fn employees(n: usize) -> Vec<Member> {
    (0..n).map(employee).collect()
}

/// A logged-in client, so the counts below hold the sync's requests only (the
/// login is four: `GetUrl`, `CreateSession`, `LockGroups`, `SetLockgroup`).
async fn client(sim: &IloqSim) -> Client {
    let c = sim.client();
    c.login().await.unwrap();
    assert_eq!(sim.total_requests(), 4, "the login of a fresh simulator");
    c
}

/// How many persons are planned, created, updated, ... and how many requests
/// the sync made, by counting the simulator before and after.
async fn run(
    sim: &IloqSim,
    c: &Client,
    wanted: &[Member],
    options: &SyncOptions,
) -> (sync::SyncReport, usize) {
    let before = sim.total_requests();
    let report = sync::sync(c, wanted, options, &|_| {}).await.unwrap();
    (report, sim.total_requests() - before)
}

#[tokio::test]
async fn a_first_sync_reads_once_and_makes_one_request_per_new_person() {
    let sim = IloqSim::start_with(SimConfig::default().recording(Recording::Off)).await;
    let c = client(&sim).await;
    let mut wanted = employees(300);
    // An id longer than iLOQ's 20-character PersonCode.
    wanted.push(Member::new(
        Person::new(ext("CONTRACTOR-2026-000001-NL"), "Long", "Id").unwrap(),
    ));

    let (report, requests) = run(&sim, &c, &wanted, &SyncOptions::default()).await;

    assert_eq!(
        (report.created, report.updated, report.removed),
        (301, 0, 0)
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    // The minimum: 1 listing + 1 zone lookup + 301 inserts.
    assert_eq!(requests, 1 + 1 + 301);
    assert_eq!(sim.count("GET", PERSONS), 1);
    assert_eq!(sim.count("GET", ZONES), 1);
    assert_eq!(sim.count("POST", PERSONS), 301);
    // The two seeded persons are not in the list: kept, with a note.
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("2 not in the wanted list"))
    );

    let stored = c.find_person(&ext("E-00007")).await.unwrap().unwrap();
    assert_eq!(
        (stored.first_name.as_str(), stored.last_name.as_str()),
        ("First7", "Doe")
    );
    assert_eq!(stored.email.unwrap().as_str(), "e7@example.org");
    assert_eq!(stored.phone.unwrap().as_str(), "+31610000007");
    let long = c
        .persons()
        .by_external_ids(&["CONTRACTOR-2026-000001-NL"])
        .await
        .unwrap();
    assert_eq!(long[0].person_code.as_deref(), Some("CONTRACTOR-2026-0000"));
}

#[tokio::test]
async fn a_rerun_with_nothing_changed_reads_once_and_writes_nothing() {
    let sim = IloqSim::start_with(SimConfig::default().recording(Recording::Off)).await;
    let c = client(&sim).await;
    let wanted = employees(300);
    run(&sim, &c, &wanted, &SyncOptions::default()).await;
    let writes = sim.count("POST", PERSONS) + sim.count("PUT", PERSONS);

    // Validity is not stored by iLOQ, so a wanted validity is no difference.
    let mut again = wanted.clone();
    again[0].person = again[0].person.clone().with_validity(
        Validity::between(
            "2026-01-01T00:00:00".parse().unwrap(),
            "2027-01-01T00:00:00".parse().unwrap(),
        )
        .unwrap(),
    );
    let (report, requests) = run(&sim, &c, &again, &SyncOptions::default()).await;

    assert_eq!(
        (report.unchanged, report.created, report.updated),
        (300, 0, 0)
    );
    assert!(!report.changed_anything());
    assert_eq!(requests, 1, "only the snapshot's GET /Persons");
    assert_eq!(
        sim.count("POST", PERSONS) + sim.count("PUT", PERSONS),
        writes
    );
}

#[tokio::test]
async fn changing_three_people_writes_exactly_those_three_records() {
    let sim = IloqSim::start().await;
    let c = client(&sim).await;
    let mut wanted = employees(200);
    run(&sim, &c, &wanted, &SyncOptions::default()).await;
    let before = c
        .persons()
        .by_external_ids(&["E-00010"])
        .await
        .unwrap()
        .remove(0);

    wanted[10].person.last_name = "Married".into();
    wanted[20].person.email = Some(EmailAddress::new("new20@example.org").unwrap());
    wanted[30].person.phone = Some(PhoneNumber::new("+31699999999").unwrap());
    let recorded = sim.requests().len();
    let (report, requests) = run(&sim, &c, &wanted, &SyncOptions::default()).await;

    assert_eq!(
        (report.updated, report.unchanged, report.created),
        (3, 197, 0)
    );
    assert_eq!(
        requests,
        1 + 3,
        "one listing, three PUTs, no read before a PUT"
    );
    let puts: Vec<serde_json::Value> = sim.requests()[recorded..]
        .iter()
        .filter(|r| r.method.as_str() == "PUT")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let mut ids: Vec<&str> = puts
        .iter()
        .map(|b| b["Person"]["ExternalPersonId"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["E-00010", "E-00020", "E-00030"]);

    // The whole record went back: the changed name, everything else as read.
    let after = c
        .persons()
        .by_external_ids(&["E-00010"])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(after.last_name.as_deref(), Some("Married"));
    assert_eq!(
        (after.id, &after.person_code, &after.email),
        (before.id, &before.person_code, &before.email)
    );
    let p20 = c.find_person(&ext("E-00020")).await.unwrap().unwrap();
    assert_eq!(p20.email.unwrap().as_str(), "new20@example.org");
    let p30 = c.find_person(&ext("E-00030")).await.unwrap().unwrap();
    assert_eq!(p30.phone.unwrap().as_str(), "+31699999999");

    let (rerun, requests) = run(&sim, &c, &wanted, &SyncOptions::default()).await;
    assert_eq!((rerun.unchanged, requests), (200, 1));
}

/// iLOQ has no batch writes: the sync's concurrency bounds the writes in
/// flight. Each time a write finishes (the progress callback), the inserts the
/// simulator has received so far, less those finished before, were all in
/// flight together: never more than the bound, however the latency falls.
async fn most_in_flight(concurrency: Option<usize>, n: usize) -> (usize, sync::SyncReport) {
    let sim = IloqSim::start_with(SimConfig::default().recording(Recording::Off)).await;
    let c = client(&sim).await;
    sim.faults().set_latency(Some(Duration::from_millis(20)));
    let most = AtomicUsize::new(0);
    let on = |p: &SyncProgress| {
        if p.finished() > 0 {
            let in_flight = sim.count("POST", PERSONS) - (p.finished() - 1);
            most.fetch_max(in_flight, Ordering::SeqCst);
        }
    };
    let options = match concurrency {
        Some(k) => SyncOptions::default().concurrency(k),
        None => SyncOptions::default(),
    };
    let report = sync::sync(&c, &employees(n), &options, &on).await.unwrap();
    assert_eq!(
        sim.count("POST", PERSONS),
        n,
        "one insert per person, none resent"
    );
    (most.into_inner(), report)
}

#[tokio::test]
async fn writes_in_flight_never_exceed_the_concurrency() {
    let (most, report) = most_in_flight(Some(8), 40).await;
    assert_eq!(report.created, 40);
    assert!(
        (1..=8).contains(&most),
        "{most} inserts in flight with concurrency 8"
    );

    let (most, report) = most_in_flight(Some(1), 12).await;
    assert_eq!(report.created, 12);
    assert_eq!(most, 1, "concurrency 1 sends one insert at a time");

    let (most, _) = most_in_flight(None, 30).await;
    assert!(
        most <= DEFAULT_SYNC_CONCURRENCY,
        "{most} in flight by default"
    );
}

#[tokio::test]
async fn a_person_holding_a_key_is_refused_and_the_other_leaver_is_removed() {
    let sim = IloqSim::start().await;
    let c = client(&sim).await;
    let wanted = employees(5);
    run(&sim, &c, &wanted, &SyncOptions::default()).await;
    // The seeded HR-1 holds a programmed key; HR-2 holds none. Neither is wanted.
    let hr1 = sim.seed().persons[0];
    let hr2 = sim.seed().persons[1];
    let seen = Mutex::new(Vec::<SyncProgress>::new());
    let on = |p: &SyncProgress| seen.lock().unwrap().push(*p);
    let before = sim.total_requests();

    let report = sync::sync(
        &c,
        &wanted,
        &SyncOptions::default().remove_leavers(true),
        &on,
    )
    .await
    .unwrap();

    assert_eq!((report.removed, report.unchanged), (1, 5));
    assert_eq!(report.failures.len(), 1);
    let failure = &report.failures[0];
    assert_eq!(
        (failure.id.as_str(), failure.change),
        ("HR-1", ChangeKind::Remove)
    );
    assert!(failure.to_string().contains("active keys"), "{failure}");
    // 1 listing, then CanDelete for both and one DELETE: HR-1's is never sent.
    assert_eq!(sim.total_requests() - before, 1 + 2 + 1);
    assert_eq!(sim.count("DELETE", &format!("{PERSONS}/{hr1}")), 0);
    assert_eq!(sim.count("DELETE", &format!("{PERSONS}/{hr2}")), 1);
    assert!(c.find_person(&ext("HR-1")).await.unwrap().is_some());
    assert!(c.find_person(&ext("HR-2")).await.unwrap().is_none());

    let seen = seen.into_inner().unwrap();
    let last = seen.last().unwrap();
    assert_eq!((last.planned, last.done, last.failed), (2, 1, 1));
    assert!(last.is_complete());
    assert_eq!(seen.len(), 1 + 2, "the plan, then one call per write");

    // A rerun tries HR-1 again and nobody else.
    let (again, requests) = run(
        &sim,
        &c,
        &wanted,
        &SyncOptions::default().remove_leavers(true),
    )
    .await;
    assert_eq!(
        (again.failures.len(), again.removed, again.unchanged),
        (1, 0, 5)
    );
    assert_eq!(requests, 1 + 1);
}

#[tokio::test]
async fn leavers_are_removed_only_with_remove_leavers() {
    let sim = IloqSim::start().await;
    let c = client(&sim).await;
    // The seeded persons as iLOQ holds them stay wanted; HR-1 holds a key.
    let seeded: Vec<Member> = c
        .list_people()
        .await
        .unwrap()
        .into_iter()
        .map(Member::new)
        .collect();
    let mut wanted = seeded.clone();
    wanted.extend(employees(6));
    run(&sim, &c, &wanted, &SyncOptions::default()).await;
    wanted.truncate(seeded.len() + 4);

    let (kept, _) = run(&sim, &c, &wanted, &SyncOptions::default()).await;
    assert_eq!((kept.removed, kept.unchanged), (0, 6));
    assert_eq!(
        sim.count("DELETE", &format!("{PERSONS}/{}", sim.seed().persons[1])),
        0
    );

    let (removed, requests) = run(
        &sim,
        &c,
        &wanted,
        &SyncOptions::default().remove_leavers(true),
    )
    .await;
    assert_eq!((removed.removed, removed.unchanged), (2, 6));
    assert!(removed.failures.is_empty(), "{:?}", removed.failures);
    assert_eq!(
        requests,
        1 + 2 * 2,
        "a listing, then CanDelete and DELETE per leaver"
    );
    assert!(c.find_person(&ext("E-00004")).await.unwrap().is_none());
    assert!(c.find_person(&ext("E-00003")).await.unwrap().is_some());
    assert_eq!(c.list_people().await.unwrap().len(), 6);
}

#[tokio::test]
async fn progress_reaches_the_plan_on_a_first_sync() {
    let sim = IloqSim::start_with(SimConfig::default().recording(Recording::Off)).await;
    let c = client(&sim).await;
    let seen = Mutex::new(Vec::<SyncProgress>::new());
    let on = |p: &SyncProgress| seen.lock().unwrap().push(*p);
    sync::sync(
        &c,
        &employees(25),
        &SyncOptions::default().concurrency(4),
        &on,
    )
    .await
    .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(
        (seen[0].vendor, seen[0].planned, seen[0].finished()),
        ("iloq", 25, 0)
    );
    assert!(
        seen.windows(2)
            .all(|w| w[1].finished() == w[0].finished() + 1)
    );
    let last = seen.last().unwrap();
    assert_eq!((last.planned, last.done + last.failed), (25, 25));
}

#[tokio::test]
async fn find_person_is_one_request_and_find_people_takes_many_ids_a_request() {
    let sim = IloqSim::start_with(
        SimConfig::default()
            .persons(1_000)
            .recording(Recording::Off),
    )
    .await;
    let c = client(&sim).await;

    let before = sim.total_requests();
    let one = c
        .find_person(&ext(&IloqSim::generated_external_id(777)))
        .await
        .unwrap();
    assert_eq!(
        one.unwrap().vendor_id,
        Some(IloqSim::generated_person_id(777).to_string())
    );
    assert_eq!(
        sim.total_requests() - before,
        1,
        "one lookup among 1,002 persons"
    );

    // 50 ids (and a repeat, and an unknown one) in one request.
    let mut ids: Vec<ExternalId> = (0..50)
        .map(|i| ext(&IloqSim::generated_external_id(i)))
        .collect();
    ids.push(ext(&IloqSim::generated_external_id(3)));
    ids.push(ext("NOBODY"));
    let found = c.find_people(&ids).await.unwrap();
    assert_eq!(found.len(), 50);
    assert_eq!(sim.count("GET", LOOKUP), 2);

    // 600 ids: several requests, each query within IIS's 2048 bytes.
    sim.set_recording(Recording::All);
    let ids: Vec<ExternalId> = (0..600)
        .map(|i| ext(&IloqSim::generated_external_id(i)))
        .collect();
    let found = c.find_people(&ids).await.unwrap();
    assert_eq!(found.len(), 600);
    let lookups: Vec<usize> = sim
        .requests()
        .iter()
        .filter(|r| r.url.path() == LOOKUP)
        .map(|r| r.url.query().unwrap_or_default().len())
        .collect();
    // `externalPersonIds=GEN-00000&` is 28 bytes: 64 ids fit in 1,800.
    assert_eq!(lookups.len(), 600_usize.div_ceil(64));
    assert!(lookups.iter().all(|&q| q <= 2048), "{lookups:?}");
    assert!(c.find_people(&[]).await.unwrap().is_empty());
    assert_eq!(
        sim.count("GET", LOOKUP),
        2 + lookups.len(),
        "no request for no ids"
    );
}
