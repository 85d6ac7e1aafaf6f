//! The bulk sync engine over an in-memory vendor: one snapshot, a local plan,
//! only the differences written, per-person failures kept, nothing on a rerun.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use access_core::model::{CardNumber, ExternalId, Person};
use access_core::sync::{
    self, BulkDirectory, Change, ChangeKind, Member, Reporter, Snapshot, SyncOptions, SyncProgress,
};
use access_core::traits::{AccessSystem, Capabilities};
use access_core::{CoreResult, Error, ValidationError};
use async_trait::async_trait;

/// A vendor held in memory that counts its reads and writes and refuses the
/// people named in `refuse`.
#[derive(Default)]
struct Memory {
    people: Mutex<BTreeMap<String, Member>>,
    groups: Option<Vec<String>>,
    cards: bool,
    removes: bool,
    refuse: Vec<String>,
    snapshots: AtomicUsize,
    writes: AtomicUsize,
}

impl AccessSystem for Memory {
    fn vendor(&self) -> &'static str {
        "memory"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::none("memory")
    }
}

#[async_trait]
impl BulkDirectory for Memory {
    async fn snapshot(&self) -> CoreResult<Snapshot> {
        self.snapshots.fetch_add(1, Ordering::SeqCst);
        let members = self.people.lock().unwrap().values().cloned().collect();
        let mut s = Snapshot::new(members);
        if let Some(g) = &self.groups {
            s = s.with_groups(g.iter().cloned());
        }
        if self.cards {
            s = s.with_cards();
        }
        if self.removes {
            s = s.with_removes();
        }
        Ok(s)
    }

    async fn apply(
        &self,
        changes: &[Change],
        options: &SyncOptions,
        reporter: &Reporter<'_>,
    ) -> CoreResult<()> {
        sync::for_each_change(
            changes,
            options.concurrency_or(4),
            reporter,
            |c| async move {
                self.writes.fetch_add(1, Ordering::SeqCst);
                if self.refuse.iter().any(|r| r == c.id().as_str()) {
                    return Err(Error::Validation(ValidationError::new(
                        "person",
                        "refused by the vendor",
                    )));
                }
                let mut people = self.people.lock().unwrap();
                match c {
                    Change::Remove { have } => {
                        people.remove(have.id().as_str());
                    }
                    other => {
                        let want = other.want().unwrap().clone();
                        people.insert(want.id().as_str().to_string(), want);
                    }
                }
                Ok(())
            },
        )
        .await
    }
}

fn member(id: &str, last: &str, groups: &[&str], card: Option<&str>) -> Member {
    let p = Person::new(ExternalId::new(id).unwrap(), "First", last)
        .unwrap()
        .with_groups(groups.iter().copied());
    let m = Member::new(p);
    match card {
        Some(c) => m.with_card(CardNumber::from_decimal(c).unwrap()),
        None => m,
    }
}

fn vendor() -> Memory {
    Memory {
        groups: Some(vec!["Office".into(), "Lab".into()]),
        cards: true,
        removes: true,
        ..Memory::default()
    }
}

async fn run(v: &Memory, wanted: &[Member], options: &SyncOptions) -> sync::SyncReport {
    sync::sync(v, wanted, options, &|_| {}).await.unwrap()
}

#[tokio::test]
async fn first_sync_creates_everyone_and_a_rerun_writes_nothing() {
    let v = vendor();
    let wanted: Vec<Member> = (0..50)
        .map(|i| {
            member(
                &format!("E{i}"),
                "Doe",
                &["Office"],
                Some(&format!("{}", 1000 + i)),
            )
        })
        .collect();
    let first = run(&v, &wanted, &SyncOptions::default()).await;
    assert_eq!((first.created, first.updated, first.unchanged), (50, 0, 0));
    assert_eq!(v.writes.load(Ordering::SeqCst), 50);
    let second = run(&v, &wanted, &SyncOptions::default()).await;
    assert_eq!(
        (second.created, second.updated, second.unchanged),
        (0, 0, 50)
    );
    assert!(!second.changed_anything());
    assert_eq!(v.writes.load(Ordering::SeqCst), 50, "the rerun wrote");
    assert_eq!(v.snapshots.load(Ordering::SeqCst), 2, "one read per sync");
}

#[tokio::test]
async fn only_the_differences_are_written_and_say_what_differs() {
    let v = vendor();
    let wanted = vec![
        member("A", "Same", &["Office"], Some("1")),
        member("B", "Renamed", &["Office"], Some("2")),
        member("C", "Moved", &["Lab"], Some("3")),
        member("D", "Recarded", &["Office"], Some("4")),
    ];
    run(&v, &wanted, &SyncOptions::default()).await;
    let before = v.writes.load(Ordering::SeqCst);
    let changed = vec![
        member("A", "Same", &["Office"], Some("1")),
        member("B", "Renamed2", &["Office"], Some("2")),
        member("C", "Moved", &["Office"], Some("3")),
        member("D", "Recarded", &["Office"], Some("44")),
    ];
    let snap = v.snapshot().await.unwrap();
    let plan = sync::plan(&v, &snap, &changed, &SyncOptions::default());
    let what: Vec<(&str, bool, bool, bool)> = plan
        .changes
        .iter()
        .map(|c| {
            let d = c.differences();
            (c.id().as_str(), d.profile, d.groups, d.cards)
        })
        .collect();
    assert_eq!(
        what,
        vec![
            ("B", true, false, false),
            ("C", false, true, false),
            ("D", false, false, true)
        ]
    );
    let report = run(&v, &changed, &SyncOptions::default()).await;
    assert_eq!((report.updated, report.unchanged), (3, 1));
    assert_eq!((report.groups_changed, report.cards_changed), (1, 1));
    assert_eq!(v.writes.load(Ordering::SeqCst) - before, 3);
}

#[tokio::test]
async fn a_card_compares_by_number_not_by_spelling() {
    let v = vendor();
    run(
        &v,
        &[member("A", "Doe", &[], Some("1708695997"))],
        &SyncOptions::default(),
    )
    .await;
    let hex =
        member("A", "Doe", &[], None).with_card(CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap());
    let report = run(&v, &[hex], &SyncOptions::default()).await;
    assert_eq!(report.unchanged, 1);
}

#[tokio::test]
async fn a_refused_person_is_a_failure_and_the_others_are_written() {
    let v = Memory {
        refuse: vec!["BAD".into()],
        ..vendor()
    };
    let wanted = vec![
        member("A", "Doe", &[], None),
        member("BAD", "Doe", &[], None),
        member("C", "Doe", &[], None),
    ];
    let report = run(&v, &wanted, &SyncOptions::default()).await;
    assert_eq!(report.created, 2);
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].id.as_str(), "BAD");
    assert_eq!(report.failures[0].change, ChangeKind::Create);
    assert!(
        report.failures[0]
            .to_string()
            .contains("refused by the vendor")
    );
    // The rerun tries the refused person again and nobody else.
    let before = v.writes.load(Ordering::SeqCst);
    let again = run(&v, &wanted, &SyncOptions::default()).await;
    assert_eq!((again.unchanged, again.failures.len()), (2, 1));
    assert_eq!(v.writes.load(Ordering::SeqCst) - before, 1);
}

#[tokio::test]
async fn leavers_are_removed_only_when_asked_and_where_the_vendor_can() {
    let v = vendor();
    run(
        &v,
        &[member("A", "Doe", &[], None), member("B", "Doe", &[], None)],
        &SyncOptions::default(),
    )
    .await;
    let only_a = [member("A", "Doe", &[], None)];
    let kept = run(&v, &only_a, &SyncOptions::default()).await;
    assert_eq!(kept.removed, 0);
    assert!(
        kept.notes
            .iter()
            .any(|n| n.contains("1 not in the wanted list"))
    );
    let removed = run(&v, &only_a, &SyncOptions::default().remove_leavers(true)).await;
    assert_eq!(removed.removed, 1);
    assert_eq!(v.people.lock().unwrap().len(), 1);

    let cannot = Memory {
        removes: false,
        ..vendor()
    };
    run(
        &cannot,
        &[member("X", "Doe", &[], None)],
        &SyncOptions::default(),
    )
    .await;
    let r = run(&cannot, &[], &SyncOptions::default().remove_leavers(true)).await;
    assert_eq!(r.removed, 0);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("memory cannot remove people"))
    );
}

#[tokio::test]
async fn groups_and_cards_the_vendor_lacks_are_left_out_with_a_note() {
    let v = Memory {
        groups: Some(vec!["Office".into()]),
        cards: false,
        ..vendor()
    };
    let wanted = [member("A", "Doe", &["Office", "Moon base"], Some("7"))];
    let first = run(&v, &wanted, &SyncOptions::default()).await;
    assert!(first.notes.iter().any(|n| n.contains("Moon base")));
    assert!(first.notes.iter().any(|n| n.contains("cannot list cards")));
    let stored = v.people.lock().unwrap()["A"].clone();
    assert_eq!(stored.person.groups, vec!["Office".to_string()]);
    assert!(stored.cards.is_empty());
    let again = run(&v, &wanted, &SyncOptions::default()).await;
    assert_eq!(
        again.unchanged, 1,
        "an unknown group is not a difference on every run"
    );

    let no_groups = Memory {
        groups: None,
        ..vendor()
    };
    run(&no_groups, &wanted, &SyncOptions::default()).await;
    let r = run(&no_groups, &wanted, &SyncOptions::default()).await;
    assert_eq!(r.unchanged, 1);
}

#[tokio::test]
async fn an_id_listed_twice_is_written_once() {
    let v = vendor();
    let wanted = [
        member("A", "Doe", &[], None),
        member("A", "Other", &[], None),
    ];
    let r = run(&v, &wanted, &SyncOptions::default()).await;
    assert_eq!(r.created, 1);
    assert!(r.notes.iter().any(|n| n.contains("listed twice")));
    assert_eq!(v.people.lock().unwrap()["A"].person.last_name, "Doe");
}

#[tokio::test]
async fn progress_counts_up_to_the_plan() {
    let v = Memory {
        refuse: vec!["E3".into()],
        ..vendor()
    };
    let wanted: Vec<Member> = (0..10)
        .map(|i| member(&format!("E{i}"), "Doe", &[], None))
        .collect();
    let seen = Mutex::new(Vec::<SyncProgress>::new());
    let on = |p: &SyncProgress| seen.lock().unwrap().push(*p);
    sync::sync(&v, &wanted, &SyncOptions::default().concurrency(3), &on)
        .await
        .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.len(), 11, "the plan, then one call per write");
    assert_eq!((seen[0].planned, seen[0].finished()), (10, 0));
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.failed, last.vendor), (9, 1, "memory"));
    assert!(last.is_complete());
    assert!(
        seen.windows(2)
            .all(|w| w[1].finished() == w[0].finished() + 1)
    );
}

#[tokio::test]
async fn an_auth_failure_ends_the_run_instead_of_failing_everyone() {
    struct Locked;
    impl AccessSystem for Locked {
        fn vendor(&self) -> &'static str {
            "locked"
        }
        fn capabilities(&self) -> Capabilities {
            Capabilities::none("locked")
        }
    }
    #[async_trait]
    impl BulkDirectory for Locked {
        async fn snapshot(&self) -> CoreResult<Snapshot> {
            Ok(Snapshot::new(Vec::new()))
        }
        async fn apply(
            &self,
            changes: &[Change],
            _: &SyncOptions,
            reporter: &Reporter<'_>,
        ) -> CoreResult<()> {
            sync::for_each_change(changes, 1, reporter, |_| async {
                Err(Error::Auth(access_core::AuthError::Rejected {
                    message: "session expired".into(),
                }))
            })
            .await
        }
    }
    let wanted: Vec<Member> = (0..5)
        .map(|i| member(&format!("E{i}"), "Doe", &[], None))
        .collect();
    let report = sync::sync(&Locked, &wanted, &SyncOptions::default(), &|_| {})
        .await
        .unwrap();
    let err = report.aborted.expect("the run was cut short");
    assert_eq!(err.kind(), access_core::ErrorKind::Auth);
    assert!(
        report.failures.is_empty(),
        "nobody is blamed for the session"
    );
}
