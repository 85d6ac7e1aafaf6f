//! The sync and export engines against an in-memory vendor that implements the
//! access-core traits by the book. (The same flows run on the real simulators in
//! `multi_vendor.rs`.)

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use access_core::model::*;
use access_core::sync::{BulkDirectory, Change, Member, Reporter, Snapshot, SyncOptions};
use access_core::traits::*;
use access_core::{CoreResult, Error};
use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use examples::{audit_export, hr_sync};

#[derive(Default)]
struct Memory {
    people: Mutex<BTreeMap<ExternalId, Member>>,
    fail_after_writes: Mutex<Option<usize>>,
    events: Vec<(i64, &'static str)>,
    fail_events: AtomicBool,
}

impl AccessSystem for Memory {
    fn vendor(&self) -> &'static str {
        "memory"
    }
    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none("memory");
        c.directory = true;
        c.credentials = vec![CredentialKind::Card];
        c
    }
}

#[async_trait]
impl BulkDirectory for Memory {
    async fn snapshot(&self) -> CoreResult<Snapshot> {
        let members = self.people.lock().unwrap().values().cloned().collect();
        Ok(Snapshot::new(members).with_cards().with_removes())
    }
    async fn apply(
        &self,
        changes: &[Change],
        _: &SyncOptions,
        reporter: &Reporter<'_>,
    ) -> CoreResult<()> {
        for change in changes {
            {
                let mut fail = self.fail_after_writes.lock().unwrap();
                if let Some(n) = fail.as_mut() {
                    if *n == 0 {
                        // The vendor is gone: the whole sync stops here.
                        return Err(Error::Unsupported {
                            vendor: "memory",
                            what: "injected failure".into(),
                        });
                    }
                    *n -= 1;
                }
            }
            let mut people = self.people.lock().unwrap();
            match change.want() {
                Some(want) => {
                    people.insert(want.id().clone(), want.clone());
                }
                None => {
                    people.remove(change.id());
                }
            }
            reporter.done(change);
        }
        Ok(())
    }
}

impl EventLog for Memory {
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_> {
        let after: i64 = cursor.map(|c| c.position().parse().unwrap()).unwrap_or(-1);
        let fail = self.fail_events.load(Ordering::SeqCst);
        let items: Vec<CoreResult<AccessEvent>> = self
            .events
            .iter()
            .enumerate()
            .filter(|(i, _)| *i as i64 > after)
            .map(|(i, (t, vendor))| {
                if fail && i == 2 {
                    return Err(Error::Unsupported {
                        vendor: "memory",
                        what: "log gone".into(),
                    });
                }
                Ok(AccessEvent::new(
                    *vendor,
                    i.to_string(),
                    Utc.timestamp_opt(*t, 0).unwrap(),
                    AccessEventKind::Granted,
                    EventCursor::new(*vendor, i.to_string()),
                ))
            })
            .collect();
        Box::pin(futures_util::stream::iter(items))
    }
}

fn employees() -> Vec<hr_sync::Employee> {
    hr_sync::parse_employees(include_str!("../../data/employees.csv")).unwrap()
}

fn target(m: &Memory) -> hr_sync::Target<'_> {
    hr_sync::Target::new("memory", m)
}

#[tokio::test]
async fn the_hr_file_parses_and_bad_rows_are_named() {
    let e = employees();
    assert_eq!(e.len(), 8);
    assert_eq!(e[0].person.groups, vec!["Staff", "Office"]);
    assert_eq!(
        e[0].card.as_ref().unwrap().to_hex_pairs().unwrap(),
        "65 D8 A1 BD"
    );
    let err = hr_sync::parse_employees("E-1,A,B,not-an-email,,,,,\n").unwrap_err();
    assert!(err.field.starts_with("line 1"), "{err}");
}

#[tokio::test]
async fn a_second_sync_with_the_same_file_changes_nothing() {
    let m = Memory::default();
    let first = hr_sync::sync_all(&[target(&m)], &employees(), &|_| {}).await;
    assert_eq!(first["memory"].created, 8);
    assert_eq!(first["memory"].cards_changed, 5);
    let second = hr_sync::sync_all(&[target(&m)], &employees(), &|_| {}).await;
    assert!(!second["memory"].changed_anything(), "{}", second["memory"]);
    assert_eq!(second["memory"].unchanged, 8);
    // A leaver and a new card.
    let mut fewer = employees();
    fewer.retain(|e| e.person.external_id.as_str() != "E-2002");
    fewer[0].card = Some(CardNumber::from_decimal("42").unwrap());
    let third = hr_sync::sync_all(&[target(&m)], &fewer, &|_| {}).await;
    assert_eq!(
        (
            third["memory"].removed,
            third["memory"].updated,
            third["memory"].cards_changed,
            third["memory"].unchanged
        ),
        (1, 1, 1, 6),
        "the leaver (who held no card) and the new badge: {}",
        third["memory"]
    );
    let held = m.people.lock().unwrap()[&fewer[0].person.external_id]
        .cards
        .clone();
    assert_eq!(held, vec![CardNumber::from_decimal("42").unwrap()]);
}

#[tokio::test]
async fn a_vendor_failing_midway_is_reported_and_a_rerun_completes_it() {
    let broken = Memory::default();
    *broken.fail_after_writes.lock().unwrap() = Some(3);
    let healthy = Memory::default();
    let targets = [
        hr_sync::Target::new("broken", &broken),
        hr_sync::Target::new("healthy", &healthy),
    ];
    let first = hr_sync::sync_all(&targets, &employees(), &|_| {}).await;
    assert!(
        first["broken"]
            .failure
            .as_deref()
            .unwrap()
            .contains("injected")
    );
    assert_eq!(first["broken"].created, 3);
    assert_eq!(first["healthy"].created, 8, "the other vendor finished");
    *broken.fail_after_writes.lock().unwrap() = None;
    let rerun = hr_sync::sync_all(&targets, &employees(), &|_| {}).await;
    assert!(rerun["broken"].failure.is_none());
    assert_eq!(rerun["broken"].created, 5);
    assert!(!rerun["healthy"].changed_anything());
}

#[tokio::test]
async fn the_export_merges_by_time_and_resumes_from_cursors() {
    let a = Memory {
        events: vec![(10, "a"), (30, "a"), (50, "a")],
        ..Memory::default()
    };
    let b = Memory {
        events: vec![(20, "b"), (40, "b")],
        ..Memory::default()
    };
    let sources: [(&str, &dyn EventLog); 2] = [("a", &a), ("b", &b)];
    let mut cursors = audit_export::Cursors::new();
    let mut out = Vec::new();
    let report = audit_export::export(&sources, &mut cursors, &mut out)
        .await
        .unwrap();
    assert_eq!(report.total(), 5);
    let times: Vec<i64> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<AccessEvent>(l)
                .unwrap()
                .occurred_at
                .timestamp()
        })
        .collect();
    assert_eq!(times, vec![10, 20, 30, 40, 50]);
    let mut again = Vec::new();
    let report = audit_export::export(&sources, &mut cursors, &mut again)
        .await
        .unwrap();
    assert_eq!(report.total(), 0, "only what is new");
    assert!(again.is_empty());
}

#[tokio::test]
async fn an_export_failure_keeps_the_cursor_at_the_last_written_event() {
    let a = Memory {
        events: vec![(10, "a"), (20, "a"), (30, "a"), (40, "a")],
        ..Memory::default()
    };
    a.fail_events.store(true, Ordering::SeqCst);
    let sources: [(&str, &dyn EventLog); 1] = [("a", &a)];
    let mut cursors = audit_export::Cursors::new();
    let report = audit_export::export(&sources, &mut cursors, &mut Vec::new())
        .await
        .unwrap();
    assert_eq!(report.written["a"], 2);
    assert!(report.failures.contains_key("a"));
    assert_eq!(cursors["a"], "a:1");
    a.fail_events.store(false, Ordering::SeqCst);
    let report = audit_export::export(&sources, &mut cursors, &mut Vec::new())
        .await
        .unwrap();
    assert_eq!(report.written["a"], 2, "the rerun exports the rest");
}
