//! The HR sync and the audit export on the four simulators at once, through
//! access-core's traits only: the idempotent second sync, leavers and card changes,
//! a vendor failing in the middle (the others finish, the report says what failed,
//! a rerun completes it), and an export that resumes from its cursors.

// Needs every vendor (the default features).
#![cfg(all(
    feature = "easysecure",
    feature = "iloq",
    feature = "allthenticate",
    feature = "ef45"
))]

use std::collections::BTreeMap;

use std::sync::atomic::Ordering;

use access_core::model::{AccessEvent, CardNumber, EventCursor, ExternalId};
use access_core::testkit::Faults;
use access_core::traits::{AccessSystem, Capabilities, Directory, EventLog, EventStream};
use examples::audit_export::{self, Cursors};
use examples::hr_sync::{self, Employee, SyncReport};
use examples::vendors::Site;
use futures_util::StreamExt;

fn employees() -> Vec<Employee> {
    hr_sync::parse_employees(include_str!("../../data/employees.csv")).unwrap()
}

async fn site_ready_for(employees: &[Employee]) -> Site {
    let site = Site::simulated().await;
    assert!(site.failures().is_empty(), "{:?}", site.failures());
    let groups: std::collections::BTreeSet<&str> = employees
        .iter()
        .flat_map(|e| e.person.groups.iter().map(String::as_str))
        .collect();
    site.prepare_groups(groups).await;
    site
}

/// Card writes of the first sync: the five new employees with a card, and the
/// leavers who held one (two of the three seeded people at EasySecure and at the EF-45).
const CARDS_FIRST_EASYSECURE: usize = 7;
const CARDS_FIRST_EF45: usize = 7;

fn assert_no_failure(report: &SyncReport) {
    for (vendor, r) in report {
        assert!(r.failure.is_none(), "{vendor}: {r}");
    }
}

#[tokio::test]
async fn the_hr_file_reaches_all_four_vendors_and_a_second_run_changes_nothing() {
    let employees = employees();
    let site = site_ready_for(&employees).await;

    let first = site.sync(&employees).await;
    assert_no_failure(&first);
    assert_eq!(first.len(), 4);
    for (vendor, r) in &first {
        assert_eq!(r.created, 8, "{vendor}: {r}");
    }
    // Cards where the vendor issues and lists them.
    assert_eq!(first["easysecure"].cards_changed, CARDS_FIRST_EASYSECURE);
    assert_eq!(first["ef45"].cards_changed, CARDS_FIRST_EF45);
    assert_eq!(first["iloq"].cards_changed, 0);
    // Leavers: EasySecure's three seeded employees, the EF-45's three subjects,
    // iLOQ's HR-2 (HR-1 still holds a key: iLOQ refuses, and the report says so).
    assert_eq!(first["easysecure"].removed, 3);
    assert_eq!(first["ef45"].removed, 3);
    assert_eq!(first["iloq"].removed, 1);
    assert!(
        first["iloq"]
            .failures
            .iter()
            .any(|n| n.contains("HR-1") && n.contains("return them first")),
        "{}",
        first["iloq"]
    );
    assert_eq!(first["iloq"].failures.len(), 1, "{}", first["iloq"]);
    assert!(
        first["allthenticate"]
            .notes
            .iter()
            .any(|n| n.contains("cannot remove people")),
        "{}",
        first["allthenticate"]
    );

    // The vendors hold the file's state.
    let es = site.easysecure.as_ref().unwrap().sim.as_ref().unwrap();
    let anna = es
        .user(&easysecure_sdk::WsAltUserId::new("E-1001").unwrap())
        .unwrap();
    assert_eq!(
        (anna.first_name.as_str(), anna.last_name.as_str()),
        ("Anna", "de Vries")
    );
    assert_eq!(anna.groups, vec!["Staff"], "Office maps to Staff");
    assert_eq!(anna.card_id, "1708695997", "the leaver's card went to Anna");
    assert!(
        es.user(&easysecure_sdk::WsAltUserId::new("EMP-001").unwrap())
            .unwrap()
            .groups
            .is_empty(),
        "leaver"
    );
    let at = site.allthenticate.as_ref().unwrap().sim.as_ref().unwrap();
    let member = at.user("anna.devries@example.com").unwrap();
    assert_eq!(member.email, "anna.devries@example.com");
    assert!(
        at.group("Office")
            .unwrap()
            .members
            .contains(&member.email_id)
    );
    let ef = &site.ef45.as_ref().unwrap().client;
    let people = ef.list_people().await.unwrap();
    assert_eq!(people.len(), 8);
    let iloq = &site.iloq.as_ref().unwrap().client;
    let gwen = iloq
        .find_person(&ExternalId::new("E-2001").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(gwen.full_name(), "Gwen Mulder");

    let second = site.sync(&employees).await;
    assert_no_failure(&second);
    for (vendor, r) in &second {
        assert!(
            !r.changed_anything(),
            "{vendor} changed on the second run: {r}"
        );
        assert_eq!(r.unchanged, 8, "{vendor}: {r}");
    }
}

#[tokio::test]
async fn a_leaver_and_a_new_badge_reach_every_vendor() {
    let employees = employees();
    let site = site_ready_for(&employees).await;
    assert_no_failure(&site.sync(&employees).await);

    let mut changed = employees.clone();
    changed.retain(|e| e.person.external_id.as_str() != "E-2002");
    changed[0].card = Some(CardNumber::from_decimal("4242424242").unwrap());
    let third = site.sync(&changed).await;
    assert_no_failure(&third);
    for vendor in ["easysecure", "ef45"] {
        let r = &third[vendor];
        assert_eq!(
            (r.removed, r.updated, r.cards_changed, r.unchanged),
            (1, 1, 1, 6),
            "{vendor}: the leaver (who held no card) and the new badge: {r}"
        );
    }
    assert_eq!(third["iloq"].removed, 1);
    let es = site.easysecure.as_ref().unwrap().sim.as_ref().unwrap();
    assert_eq!(
        es.user(&easysecure_sdk::WsAltUserId::new("E-1001").unwrap())
            .unwrap()
            .card_id,
        "4242424242"
    );
    assert!(
        es.user(&easysecure_sdk::WsAltUserId::new("E-2002").unwrap())
            .unwrap()
            .groups
            .is_empty()
    );
}

#[tokio::test]
async fn a_vendor_failing_midway_is_reported_the_others_finish_and_a_rerun_completes_it() {
    let employees = employees();
    let site = site_ready_for(&employees).await;
    let es_sim = site.easysecure.as_ref().unwrap().sim.as_ref().unwrap();
    // EasySecure goes down after its people were read: every attempt of the
    // write answers 503 (the client retries `setUsers`, an upsert, 3 times).
    es_sim.faults().at("POST /admins/setUsers").fail_next(100);

    let first = site.sync(&employees).await;
    let failed = &first["easysecure"];
    assert!(failed.failed_anything(), "{failed}");
    assert_eq!(
        failed.failures.len(),
        11,
        "each employee and each of the three leavers is reported: {failed}"
    );
    assert!(
        failed.failures.iter().all(|f| f.contains("503")),
        "the report says what failed: {:?}",
        failed.failures
    );
    assert_eq!(failed.created, 0, "nothing was written: {failed}");
    for vendor in ["iloq", "allthenticate", "ef45"] {
        let r = &first[vendor];
        assert!(r.failure.is_none(), "{vendor}: {r}");
        assert_eq!(r.created, 8, "{vendor} finished: {r}");
    }
    assert!(
        es_sim
            .user(&easysecure_sdk::WsAltUserId::new("E-1004").unwrap())
            .is_none(),
        "not written"
    );

    // The service is back: a rerun completes EasySecure and changes nothing elsewhere.
    es_sim.faults().clear();
    let rerun = site.sync(&employees).await;
    assert_no_failure(&rerun);
    let r = &rerun["easysecure"];
    assert!(r.failures.is_empty(), "{r}");
    assert_eq!(r.created, 8, "{r}");
    assert!(
        es_sim
            .user(&easysecure_sdk::WsAltUserId::new("E-2002").unwrap())
            .is_some()
    );
    for vendor in ["iloq", "allthenticate", "ef45"] {
        assert!(
            !rerun[vendor].changed_anything(),
            "{vendor}: {}",
            rerun[vendor]
        );
    }
    assert!(!site.sync(&employees).await["easysecure"].changed_anything());
}

fn lines(out: &[u8]) -> Vec<AccessEvent> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn per_vendor(events: &[AccessEvent]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for e in events {
        *m.entry(e.vendor.clone()).or_default() += 1;
    }
    m
}

/// New events: a badge at the EasySecure entrance, a key at an iLOQ lock, a face
/// at the EF-45.
fn produce_one_event_each(site: &Site) {
    use access_core::clock::Clock;
    let es = site.easysecure.as_ref().unwrap().sim.as_ref().unwrap();
    es.present(
        &easysecure_sdk::WsAltUserId::new(
            easysecure_sdk::testkit::EasySecureSim::USER_WS_ALT_USER_ID,
        )
        .unwrap(),
        easysecure_sdk::testkit::EasySecureSim::ENTRANCE,
        "",
    )
    .unwrap();
    let il = site.iloq.as_ref().unwrap().sim.as_ref().unwrap();
    il.clock().advance(std::time::Duration::from_secs(5));
    il.record_access(
        il.seed().locks[0],
        Some(il.seed().programmed_key),
        il.clock().now(),
        true,
    );
    il.clock().advance(std::time::Duration::from_secs(1));
    let ef = site.ef45.as_ref().unwrap().sim.as_ref().unwrap();
    assert!(ef.present(&ef45_sdk::UserUuid::new("111").unwrap()));
}

#[tokio::test]
async fn the_export_merges_three_logs_and_the_next_run_exports_only_what_is_new() {
    let site = Site::simulated().await;
    produce_one_event_each(&site);
    let sources = site.event_logs();
    assert_eq!(
        sources.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
        ["easysecure", "iloq", "ef45"],
        "Allthenticate documents no event log"
    );
    let dir = std::env::temp_dir().join(format!("multi-vendor-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cursor_file = dir.join("cursors.json");
    let _ = std::fs::remove_file(&cursor_file);

    let mut cursors = audit_export::load_cursors(&cursor_file).unwrap();
    assert!(cursors.is_empty(), "no file: from the start");
    let mut out = Vec::new();
    let first = audit_export::export(&sources, &mut cursors, &mut out)
        .await
        .unwrap();
    audit_export::save_cursors(&cursor_file, &cursors).unwrap();
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    let events = lines(&out);
    assert_eq!(events.len(), first.total());
    let counts = per_vendor(&events);
    assert_eq!(counts.len(), 3, "{counts:?}");
    assert_eq!(counts["iloq"], 1);
    // Each vendor's events keep their log order, and the cursors point at the last.
    for (vendor, _) in &sources {
        let last = events.iter().rev().find(|e| e.vendor == *vendor).unwrap();
        assert_eq!(cursors[*vendor], last.cursor.to_string());
    }
    // Across vendors, an event is written when it is the oldest head of all logs.
    let heads_in_time_order = events
        .windows(2)
        .all(|w| w[0].vendor == w[1].vendor || w[0].occurred_at <= w[1].occurred_at);
    assert!(heads_in_time_order, "{events:#?}");

    // Nothing new: nothing written.
    let mut stored = audit_export::load_cursors(&cursor_file).unwrap();
    assert_eq!(stored, cursors);
    let mut none = Vec::new();
    let again = audit_export::export(&sources, &mut stored, &mut none)
        .await
        .unwrap();
    assert_eq!(again.total(), 0);
    assert!(none.is_empty());

    // One new event per vendor: exactly those.
    produce_one_event_each(&site);
    let mut fresh = Vec::new();
    let next = audit_export::export(&sources, &mut stored, &mut fresh)
        .await
        .unwrap();
    assert!(next.failures.is_empty(), "{:?}", next.failures);
    let new_events = lines(&fresh);
    assert_eq!(
        per_vendor(&new_events),
        BTreeMap::from([
            ("easysecure".to_string(), 1),
            ("ef45".to_string(), 1),
            ("iloq".to_string(), 1)
        ])
    );
    for e in &new_events {
        assert!(
            !events
                .iter()
                .any(|old| old.vendor == e.vendor && old.id == e.id)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A vendor's log whose service starts answering 503 after `after` events.
struct LogFailsMidway<'a, L> {
    inner: &'a L,
    faults: &'a Faults,
    after: usize,
    armed: std::sync::atomic::AtomicBool,
}

impl<L: AccessSystem> AccessSystem for LogFailsMidway<'_, L> {
    fn vendor(&self) -> &'static str {
        self.inner.vendor()
    }
    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }
}

impl<L: EventLog> EventLog for LogFailsMidway<'_, L> {
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_> {
        let armed = !self.armed.swap(true, Ordering::SeqCst);
        let (faults, after) = (self.faults, self.after);
        Box::pin(
            self.inner
                .events_since(cursor)
                .enumerate()
                .map(move |(i, e)| {
                    if armed && i + 1 == after {
                        faults.fail_next(3);
                    }
                    e
                }),
        )
    }
}

#[tokio::test]
async fn an_export_failing_midway_keeps_the_vendor_cursor_and_the_rerun_exports_the_rest() {
    let site = Site::simulated().await;
    let es = site.easysecure.as_ref().unwrap();
    let es_sim = es.sim.as_ref().unwrap();
    // More than one getLogs page (500 ids) in EasySecure's log.
    es_sim.add_logs(1200);
    let total = es_sim.log_count();
    let flaky = LogFailsMidway {
        inner: &es.client,
        faults: es_sim.faults(),
        after: 500,
        armed: Default::default(),
    };
    let ef = &site.ef45.as_ref().unwrap().client;
    let il = &site.iloq.as_ref().unwrap().client;
    let sources: [(&str, &dyn EventLog); 3] = [("easysecure", &flaky), ("iloq", il), ("ef45", ef)];

    let mut cursors = Cursors::new();
    let mut out = Vec::new();
    let first = audit_export::export(&sources, &mut cursors, &mut out)
        .await
        .unwrap();
    let failure = &first.failures["easysecure"];
    assert!(failure.contains("503"), "{failure}");
    assert_eq!(
        first.written["easysecure"], 500,
        "the first page was written"
    );
    assert!(first.written["ef45"] > 0, "the others finished");
    let written = lines(&out);
    let last_es = written
        .iter()
        .rev()
        .find(|e| e.vendor == "easysecure")
        .unwrap();
    assert_eq!(cursors["easysecure"], last_es.cursor.to_string());

    // The service is back: the rerun exports EasySecure's rest, nothing else.
    let mut rest = Vec::new();
    let rerun = audit_export::export(&sources, &mut cursors, &mut rest)
        .await
        .unwrap();
    assert!(rerun.failures.is_empty(), "{:?}", rerun.failures);
    assert_eq!(rerun.written["easysecure"], total - 500);
    assert_eq!(rerun.written["ef45"] + rerun.written["iloq"], 0);
    let rest = lines(&rest);
    assert!(
        rest.iter()
            .all(|e| !written.iter().any(|w| w.vendor == e.vendor && w.id == e.id)),
        "nothing twice"
    );
}
