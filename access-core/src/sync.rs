//! Bulk directory sync: bring a vendor to a whole list of people in as few round
//! trips as its API allows.
//!
//! The per-person [`Directory`] calls look a person up before each write, which
//! costs at least one request per person even when nothing changed (and, at a
//! vendor without a lookup by external id, a whole listing per person). A bulk
//! sync instead:
//!
//! 1. reads the vendor's people **once** ([`BulkDirectory::snapshot`]: one paged
//!    listing, with groups and cards where the listing carries them);
//! 2. compares them locally with the wanted state ([`plan`]), which costs no
//!    request at all;
//! 3. writes only the differences ([`BulkDirectory::apply`]), with the vendor's
//!    batch endpoints where it has them (EasySecure `setUsers` and one sync,
//!    Allthenticate `/invites` and group membership lists) and a bounded number
//!    of requests in flight where it does not (iLOQ, EF-45).
//!
//! A failure that concerns one person (the vendor refused that person's write) is
//! reported in [`SyncReport::failures`] and the others go on; a failure that
//! concerns the whole vendor (the login, the listing) ends that vendor's sync with
//! an error. Writes that are not idempotent are never retried. A rerun with
//! nothing changed reads the snapshot and writes nothing.
//!
//! ```
//! use access_core::sync::{Member, SyncOptions, SyncProgress};
//! use access_core::model::{ExternalId, Person};
//!
//! # fn wanted() -> Result<Vec<Member>, access_core::ValidationError> {
//! let ada = Person::new(ExternalId::new("E-1001")?, "Ada", "Lovelace")?.with_groups(["Office"]);
//! let wanted = vec![Member::new(ada)];
//! let options = SyncOptions::default().remove_leavers(true);
//! let on_progress = |p: &SyncProgress| eprint!("\r{}: {}/{} ({} failed)", p.vendor, p.finished(), p.planned, p.failed);
//! // let report = access_core::sync::sync(&client, &wanted, &options, &on_progress).await?;
//! # let _ = (options, on_progress);
//! # Ok(wanted)
//! # }
//! ```
//!
//! [`Directory`]: crate::traits::Directory

use std::any::Any;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use crate::error::{AnyError, CoreResult, Error};
use crate::model::{CardNumber, ExternalId, Person};
use crate::traits::AccessSystem;

/// A person as a bulk sync sees them: the person (names, contact, validity,
/// groups) and the cards they hold.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Member {
    /// The person, keyed by [`Person::external_id`].
    pub person: Person,
    /// The badge numbers the person holds (wanted: usually none or one).
    pub cards: Vec<CardNumber>,
    /// The vendor's own record of the person, as its snapshot read it, for its
    /// [`BulkDirectory::apply`] (an update that must send the whole record back
    /// needs no second read). Not compared.
    pub record: Option<VendorRecord>,
}

/// A vendor's own record of a person, kept beside a [`Member`] read in a
/// snapshot. It takes no part in comparisons.
#[derive(Clone)]
pub struct VendorRecord(Arc<dyn Any + Send + Sync>);

impl VendorRecord {
    /// Keeps `record`.
    pub fn new<T: Any + Send + Sync>(record: T) -> Self {
        Self(Arc::new(record))
    }

    /// The record, if it is a `T`.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

impl fmt::Debug for VendorRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VendorRecord(..)")
    }
}

impl PartialEq for VendorRecord {
    /// Records never make two members differ.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Member {
    /// A member without cards.
    pub fn new(person: Person) -> Self {
        Self {
            person,
            cards: Vec::new(),
            record: None,
        }
    }

    /// Keeps the vendor's own record beside the member (see [`Member::record`]).
    pub fn with_record<T: Any + Send + Sync>(mut self, record: T) -> Self {
        self.record = Some(VendorRecord::new(record));
        self
    }

    /// The vendor's own record, if the snapshot kept one of type `T`.
    pub fn record<T: Any>(&self) -> Option<&T> {
        self.record.as_ref().and_then(|r| r.get())
    }

    /// The member holding `card` (replacing any other).
    pub fn with_card(mut self, card: CardNumber) -> Self {
        self.cards = vec![card];
        self
    }

    /// The member holding these cards.
    pub fn with_cards(mut self, cards: impl IntoIterator<Item = CardNumber>) -> Self {
        self.cards = cards.into_iter().collect();
        self
    }

    /// The member's external id.
    pub fn id(&self) -> &ExternalId {
        &self.person.external_id
    }

    /// Whether the member holds `card` (`CardNumber` compares by number: the
    /// decimal `1708695997` and the hex pairs `65 D8 A1 BD` are the same card).
    pub fn holds(&self, card: &CardNumber) -> bool {
        self.cards.contains(card)
    }
}

/// Which parts of a member differ between the wanted state and the vendor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Differences {
    /// Names, contact data or validity.
    pub profile: bool,
    /// Group memberships.
    pub groups: bool,
    /// Cards.
    pub cards: bool,
}

impl Differences {
    /// Whether anything differs.
    pub fn any(&self) -> bool {
        self.profile || self.groups || self.cards
    }
}

/// What a sync does to one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// The vendor does not have the person yet.
    Create,
    /// The vendor has the person in another state.
    Update,
    /// The person is not in the wanted list (a leaver).
    Remove,
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeKind::Create => "create",
            ChangeKind::Update => "update",
            ChangeKind::Remove => "remove",
        })
    }
}

/// One write a sync plans.
// An update holds two members; the changes of a plan live in one `Vec`, where
// boxing would cost an allocation per change for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Change {
    /// Create `want` (with its groups and cards).
    Create {
        /// The wanted state.
        want: Member,
    },
    /// Bring `have` to `want`; `differences` says which parts differ.
    Update {
        /// The wanted state.
        want: Member,
        /// The vendor's state, from the snapshot (with the vendor's own id in
        /// [`Person::vendor_id`]).
        have: Member,
        /// What differs.
        differences: Differences,
    },
    /// Remove `have`, who is not in the wanted list.
    Remove {
        /// The vendor's state, from the snapshot.
        have: Member,
    },
}

impl Change {
    /// The external id of the person the change is about.
    pub fn id(&self) -> &ExternalId {
        match self {
            Change::Create { want } | Change::Update { want, .. } => want.id(),
            Change::Remove { have } => have.id(),
        }
    }

    /// What kind of change it is.
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::Create { .. } => ChangeKind::Create,
            Change::Update { .. } => ChangeKind::Update,
            Change::Remove { .. } => ChangeKind::Remove,
        }
    }

    /// The wanted state (`None` for a removal).
    pub fn want(&self) -> Option<&Member> {
        match self {
            Change::Create { want } | Change::Update { want, .. } => Some(want),
            Change::Remove { .. } => None,
        }
    }

    /// The vendor's state (`None` for a creation).
    pub fn have(&self) -> Option<&Member> {
        match self {
            Change::Update { have, .. } | Change::Remove { have } => Some(have),
            Change::Create { .. } => None,
        }
    }

    /// Which parts the change writes: everything for a creation or a removal.
    pub fn differences(&self) -> Differences {
        match self {
            Change::Update { differences, .. } => *differences,
            Change::Create { want } => Differences {
                profile: true,
                groups: !want.person.groups.is_empty(),
                cards: !want.cards.is_empty(),
            },
            Change::Remove { have } => Differences {
                profile: true,
                groups: !have.person.groups.is_empty(),
                cards: !have.cards.is_empty(),
            },
        }
    }
}

/// What the vendor holds, read once at the start of a sync.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Snapshot {
    /// Every person the vendor has an external id for.
    pub members: Vec<Member>,
    /// The names of the vendor's groups (`None`: the vendor has no groups, and
    /// wanted groups are ignored).
    pub groups: Option<BTreeSet<String>>,
    /// Whether [`Member::cards`] of the snapshot are what the vendor holds (else
    /// cards are not synced: without a list, issuing again on every run would not
    /// be idempotent).
    pub cards: bool,
    /// Why the vendor's cards are not synced when [`Snapshot::cards`] is false
    /// (for the report; a generic reason when `None`).
    pub no_cards: Option<String>,
    /// Whether the vendor can remove people (else leavers stay and are counted
    /// in a note).
    pub removes: bool,
    /// What the vendor could not read or do, for the report.
    pub notes: Vec<String>,
}

impl Snapshot {
    /// A snapshot of `members`, without groups or cards, that cannot remove.
    pub fn new(members: Vec<Member>) -> Self {
        Self {
            members,
            ..Self::default()
        }
    }

    /// The vendor's group names.
    pub fn with_groups(mut self, groups: impl IntoIterator<Item = String>) -> Self {
        self.groups = Some(groups.into_iter().collect());
        self
    }

    /// The members' cards are what the vendor holds.
    pub fn with_cards(mut self) -> Self {
        self.cards = true;
        self
    }

    /// The vendor's cards are not synced, for this reason (e.g. "iLOQ issues
    /// keys, not cards").
    pub fn without_cards(mut self, reason: impl Into<String>) -> Self {
        self.cards = false;
        self.no_cards = Some(reason.into());
        self
    }

    /// The vendor can remove people.
    pub fn with_removes(mut self) -> Self {
        self.removes = true;
        self
    }
}

/// The writes a sync will make, computed locally from a [`Snapshot`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Plan {
    /// The writes, removals first (their cards are free before anyone is given one).
    pub changes: Vec<Change>,
    /// People already in the wanted state.
    pub unchanged: usize,
    /// What the plan left out and why.
    pub notes: BTreeSet<String>,
}

impl Plan {
    /// How many changes of `kind` the plan holds.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind() == kind).count()
    }
}

/// How a sync runs.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SyncOptions {
    /// Remove the vendor's people whose external id is not in the wanted list.
    /// Off by default: a partial list must not remove everyone else.
    pub remove_leavers: bool,
    /// At most this many write requests in flight at a vendor without batch
    /// writes (`None`: the vendor's default, documented on its implementation).
    pub concurrency: Option<usize>,
    /// At most this many people per batch write (`None`: the vendor's default).
    pub batch_size: Option<usize>,
}

impl SyncOptions {
    /// Removes (or keeps) the people the wanted list does not name.
    pub fn remove_leavers(mut self, yes: bool) -> Self {
        self.remove_leavers = yes;
        self
    }

    /// At most `n` (at least 1) writes in flight.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = Some(n.max(1));
        self
    }

    /// At most `n` (at least 1) people per batch write.
    pub fn batch_size(mut self, n: usize) -> Self {
        self.batch_size = Some(n.max(1));
        self
    }

    /// The concurrency to use: the option, else `default`, at least 1.
    pub fn concurrency_or(&self, default: usize) -> usize {
        self.concurrency.unwrap_or(default).max(1)
    }

    /// The batch size to use: the option, else `default`, at least 1.
    pub fn batch_size_or(&self, default: usize) -> usize {
        self.batch_size.unwrap_or(default).max(1)
    }
}

/// How far a vendor's sync is, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncProgress {
    /// The vendor.
    pub vendor: &'static str,
    /// Writes planned (known once the snapshot is compared; 0 before).
    pub planned: usize,
    /// Writes done.
    pub done: usize,
    /// Writes the vendor refused.
    pub failed: usize,
}

impl SyncProgress {
    /// Writes done or failed.
    pub fn finished(&self) -> usize {
        self.done + self.failed
    }

    /// Whether every planned write is done or failed.
    pub fn is_complete(&self) -> bool {
        self.finished() >= self.planned
    }
}

/// A progress callback; called after the plan and after every finished write.
pub type OnProgress<'a> = &'a (dyn Fn(&SyncProgress) + Send + Sync);

/// One write that failed, and why.
#[derive(Debug)]
#[non_exhaustive]
pub struct PersonFailure {
    /// The person.
    pub id: ExternalId,
    /// What was to be done.
    pub change: ChangeKind,
    /// The vendor's answer (or the error before sending).
    pub error: Error<AnyError>,
}

impl fmt::Display for PersonFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.change, self.id, self.error)
    }
}

/// Where a vendor's [`BulkDirectory::apply`] reports each write as it finishes.
/// It counts them, calls the progress callback and keeps the failures.
pub struct Reporter<'a> {
    progress: Mutex<SyncProgress>,
    results: Mutex<Results>,
    on_progress: OnProgress<'a>,
}

#[derive(Default)]
struct Results {
    done: Vec<(ChangeKind, Differences)>,
    failures: Vec<PersonFailure>,
    notes: BTreeSet<String>,
}

impl fmt::Debug for Reporter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reporter")
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}

impl<'a> Reporter<'a> {
    /// A reporter for `vendor` that calls `on_progress`.
    pub fn new(vendor: &'static str, on_progress: OnProgress<'a>) -> Self {
        Self {
            progress: Mutex::new(SyncProgress {
                vendor,
                planned: 0,
                done: 0,
                failed: 0,
            }),
            results: Mutex::new(Results::default()),
            on_progress,
        }
    }

    fn lock_progress(&self) -> std::sync::MutexGuard<'_, SyncProgress> {
        self.progress.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_results(&self) -> std::sync::MutexGuard<'_, Results> {
        self.results.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The progress so far.
    pub fn progress(&self) -> SyncProgress {
        *self.lock_progress()
    }

    fn planned(&self, n: usize) {
        let p = {
            let mut p = self.lock_progress();
            p.planned = n;
            *p
        };
        (self.on_progress)(&p);
    }

    /// `change` was written.
    pub fn done(&self, change: &Change) {
        self.lock_results()
            .done
            .push((change.kind(), change.differences()));
        let p = {
            let mut p = self.lock_progress();
            p.done += 1;
            *p
        };
        (self.on_progress)(&p);
    }

    /// `change` failed with `error`; the sync goes on with the others.
    pub fn failed(&self, change: &Change, error: Error<AnyError>) {
        self.lock_results().failures.push(PersonFailure {
            id: change.id().clone(),
            change: change.kind(),
            error,
        });
        let p = {
            let mut p = self.lock_progress();
            p.failed += 1;
            *p
        };
        (self.on_progress)(&p);
    }

    /// Reports the outcome of `change`.
    pub fn outcome(&self, change: &Change, outcome: CoreResult<()>) {
        match outcome {
            Ok(()) => self.done(change),
            Err(e) => self.failed(change, e),
        }
    }

    /// A note for the report (e.g. a terminal sync still running).
    pub fn note(&self, note: impl Into<String>) {
        self.lock_results().notes.insert(note.into());
    }
}

/// What a bulk sync did at one vendor.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct SyncReport {
    /// People created.
    pub created: usize,
    /// People updated.
    pub updated: usize,
    /// People already right.
    pub unchanged: usize,
    /// Leavers removed.
    pub removed: usize,
    /// Writes that changed group memberships.
    pub groups_changed: usize,
    /// Writes that changed cards.
    pub cards_changed: usize,
    /// Writes the vendor refused, per person.
    pub failures: Vec<PersonFailure>,
    /// What was left out and why.
    pub notes: BTreeSet<String>,
    /// The error that cut the vendor's writes short (the session was refused,
    /// the vendor went away); the counts say what was done before it. A rerun
    /// completes the sync.
    pub aborted: Option<Error<AnyError>>,
}

impl SyncReport {
    /// Whether the sync changed anything at the vendor.
    pub fn changed_anything(&self) -> bool {
        self.created + self.updated + self.removed > 0
    }
}

impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "created {}, updated {}, unchanged {}, removed {}, group changes {}, card changes {}, failed {}",
            self.created,
            self.updated,
            self.unchanged,
            self.removed,
            self.groups_changed,
            self.cards_changed,
            self.failures.len()
        )
    }
}

/// A vendor that can be synced in bulk: read once, compare locally, write the
/// differences.
#[async_trait]
pub trait BulkDirectory: AccessSystem {
    /// Reads every person the vendor has an external id for, with groups and
    /// cards where the vendor lists them: one paged listing (the vendor's
    /// implementation documents its requests).
    async fn snapshot(&self) -> CoreResult<Snapshot>;

    /// What differs between `want` and the vendor's `have`. The default compares
    /// names, e-mail, phone, validity, groups (as sets) and cards (by number);
    /// a vendor that does not store a field overrides this to leave it out.
    fn differences(&self, want: &Member, have: &Member) -> Differences {
        compare(want, have)
    }

    /// Writes `changes` (from [`plan`]), reporting each to `reporter` as it
    /// finishes. A person the vendor refuses is a [`Reporter::failed`], not an
    /// error; an error ends the vendor's sync (changes not reported are counted
    /// as not done).
    async fn apply(
        &self,
        changes: &[Change],
        options: &SyncOptions,
        reporter: &Reporter<'_>,
    ) -> CoreResult<()>;
}

/// The default comparison of [`BulkDirectory::differences`].
pub fn compare(want: &Member, have: &Member) -> Differences {
    let w = &want.person;
    let h = &have.person;
    let profile = w.first_name != h.first_name
        || w.last_name != h.last_name
        || (w.email.is_some() && w.email != h.email)
        || (w.phone.is_some() && w.phone != h.phone)
        || w.validity != h.validity;
    Differences {
        profile,
        groups: !same_groups(&w.groups, &h.groups),
        cards: !same_cards(&want.cards, &have.cards),
    }
}

/// Whether two group lists hold the same names, in any order.
pub fn same_groups(a: &[String], b: &[String]) -> bool {
    let a: BTreeSet<&str> = a.iter().map(String::as_str).collect();
    let b: BTreeSet<&str> = b.iter().map(String::as_str).collect();
    a == b
}

/// Whether two card lists hold the same cards, by number, in any order.
pub fn same_cards(a: &[CardNumber], b: &[CardNumber]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x)) && b.iter().all(|y| a.contains(y))
}

/// Compares `wanted` with `snapshot` and plans the writes, without a request.
///
/// Wanted groups the vendor does not have are left out (with a note), as are
/// groups and cards of a vendor that has none or cannot list them; a wanted
/// external id given twice is planned once (the first) with a note; leavers are
/// removed only with [`SyncOptions::remove_leavers`] and where the vendor can.
pub fn plan<T: BulkDirectory + ?Sized>(
    target: &T,
    snapshot: &Snapshot,
    wanted: &[Member],
    options: &SyncOptions,
) -> Plan {
    let mut out = Plan::default();
    let mut have: HashMap<&str, &Member> = HashMap::with_capacity(snapshot.members.len());
    for m in &snapshot.members {
        have.entry(m.id().as_str()).or_insert(m);
    }
    let mut unknown_groups = BTreeSet::new();
    let mut cards_ignored = false;
    let mut seen: HashMap<&str, ()> = HashMap::with_capacity(wanted.len());
    let mut twice = Vec::new();
    let mut writes = Vec::new();
    for want in wanted {
        if seen.insert(want.id().as_str(), ()).is_some() {
            twice.push(want.id().as_str().to_string());
            continue;
        }
        let current = have.get(want.id().as_str()).copied();
        let mut want = want.clone();
        match &snapshot.groups {
            Some(known) => want.person.groups.retain(|g| {
                let ok = known.contains(g);
                if !ok {
                    unknown_groups.insert(g.clone());
                }
                ok
            }),
            None => {
                want.person.groups = current.map(|h| h.person.groups.clone()).unwrap_or_default()
            }
        }
        if !snapshot.cards {
            cards_ignored |= !want.cards.is_empty();
            want.cards = current.map(|h| h.cards.clone()).unwrap_or_default();
        }
        match current {
            None => writes.push(Change::Create { want }),
            Some(h) => {
                let differences = target.differences(&want, h);
                if differences.any() {
                    writes.push(Change::Update {
                        want,
                        have: h.clone(),
                        differences,
                    });
                } else {
                    out.unchanged += 1;
                }
            }
        }
    }
    let vendor = target.vendor();
    let leavers: Vec<&Member> = snapshot
        .members
        .iter()
        .filter(|m| !seen.contains_key(m.id().as_str()))
        .collect();
    if options.remove_leavers && snapshot.removes {
        out.changes.extend(
            leavers
                .into_iter()
                .map(|have| Change::Remove { have: have.clone() }),
        );
    } else if !leavers.is_empty() {
        let why = if options.remove_leavers {
            format!("{vendor} cannot remove people")
        } else {
            "leavers are kept (remove_leavers is off)".to_string()
        };
        out.notes.insert(format!(
            "{why}: {} not in the wanted list left in place",
            leavers.len()
        ));
    }
    out.changes.extend(writes);
    if !unknown_groups.is_empty() {
        out.notes.insert(format!(
            "groups {} do not exist at {vendor} and were left out",
            unknown_groups.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if cards_ignored {
        let why = snapshot
            .no_cards
            .clone()
            .unwrap_or_else(|| format!("{vendor} cannot list cards"));
        out.notes.insert(format!("cards are not synced: {why}"));
    }
    if !twice.is_empty() {
        out.notes.insert(format!(
            "external ids listed twice, the first kept: {}",
            twice.join(", ")
        ));
    }
    out.notes.extend(snapshot.notes.iter().cloned());
    out
}

/// Syncs `target` to `wanted`: one snapshot, a local comparison, the
/// differences written. `on_progress` is called once the plan is known and after
/// every write (use `&|_| {}` for none).
///
/// An `Err` means the vendor's sync could not start (the snapshot failed); an
/// error that cuts the writes short is in [`SyncReport::aborted`], beside the
/// counts of what was done; per-person refusals are in
/// [`SyncReport::failures`].
pub async fn sync<T: BulkDirectory + ?Sized>(
    target: &T,
    wanted: &[Member],
    options: &SyncOptions,
    on_progress: OnProgress<'_>,
) -> CoreResult<SyncReport> {
    let snapshot = target.snapshot().await?;
    let plan = plan(target, &snapshot, wanted, options);
    drop(snapshot);
    let reporter = Reporter::new(target.vendor(), on_progress);
    reporter.planned(plan.changes.len());
    let aborted = if plan.changes.is_empty() {
        None
    } else {
        target.apply(&plan.changes, options, &reporter).await.err()
    };
    let results = reporter
        .results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let mut report = SyncReport {
        unchanged: plan.unchanged,
        notes: plan.notes,
        failures: results.failures,
        aborted,
        ..SyncReport::default()
    };
    report.notes.extend(results.notes);
    for (kind, differences) in results.done {
        match kind {
            ChangeKind::Create => report.created += 1,
            ChangeKind::Update => report.updated += 1,
            ChangeKind::Remove => report.removed += 1,
        }
        report.groups_changed += usize::from(differences.groups);
        report.cards_changed += usize::from(differences.cards);
    }
    let reported = report.created + report.updated + report.removed + report.failures.len();
    if reported < plan.changes.len() && report.aborted.is_none() {
        report.notes.insert(format!(
            "{} of {} planned writes were not reported by the vendor's apply",
            plan.changes.len() - reported,
            plan.changes.len()
        ));
    }
    Ok(report)
}

/// Runs `write` for every change with at most `concurrency` in flight, reporting
/// each outcome to `reporter`: the form of [`BulkDirectory::apply`] for a vendor
/// without batch writes. A write's error is that person's failure; an error whose
/// kind is [`crate::ErrorKind::Auth`] ends the run (every other write would be
/// refused the same way).
pub async fn for_each_change<'c, F, Fut>(
    changes: &'c [Change],
    concurrency: usize,
    reporter: &Reporter<'_>,
    write: F,
) -> CoreResult<()>
where
    F: Fn(&'c Change) -> Fut,
    Fut: std::future::Future<Output = CoreResult<()>> + Send + 'c,
{
    use futures_util::StreamExt;
    use futures_util::stream::FuturesUnordered;
    type Write<'c> = std::pin::Pin<
        Box<dyn std::future::Future<Output = (&'c Change, CoreResult<()>)> + Send + 'c>,
    >;
    // A write is made only when a slot is free, so memory holds `concurrency`
    // writes whatever the number of changes; boxed, so the set's type names no
    // closure and the caller's future stays `Send`.
    let start = |change: &'c Change| -> Write<'c> {
        let fut = write(change);
        Box::pin(async move { (change, fut.await) })
    };
    let mut waiting = changes.iter();
    let mut running: FuturesUnordered<Write<'c>> = FuturesUnordered::new();
    for change in waiting.by_ref().take(concurrency.max(1)) {
        running.push(start(change));
    }
    while let Some((change, outcome)) = running.next().await {
        match outcome {
            Err(e) if e.kind() == crate::ErrorKind::Auth => return Err(e),
            other => reporter.outcome(change, other),
        }
        if let Some(next) = waiting.next() {
            running.push(start(next));
        }
    }
    Ok(())
}
