//! The vendor-neutral `access-core` traits for an admin client.
//!
//! | trait | EasySecure calls |
//! |---|---|
//! | [`Directory`] | `getUsers` (all pages, matched by `wsAltUserId`), `setUsers`; removal expires the user now, clears groups, card and mobile key, then syncs (the REST API has no delete) |
//! | [`AccessGroups`] | `getGroups`; `getUsers` to find the user (none: [`Error::NotFound`]), then `setUsers` with `groupName` and `groupUpdate = 1` |
//! | [`Credentials`] | `getUsers` to find the user (none: [`Error::NotFound`], nothing written; a credential already held: a completed [`Operation`], nothing written), then `setUsers` (card, PIN, licence plate, Tapkey mobile key) and a sync as a pending [`Operation`]; faces need the person's own user session ([`Client<User>`]) and are reported unsupported here |
//! | [`EventLog`] | `getLogsMinMaxIds`, then `getLogs` by id range, a window at a time through the pager ([`Logs::events`](crate::logs::Logs::events)); cursor = `scanID` |
//! | [`BulkDirectory`] | snapshot: `floor(N/1000) + 1` `getUsers` pages + 1 `getGroups`; apply: `ceil(changes/1000)` `setUsers` (bisected when the vendor refuses a batch) + 1 `/admins/sync` of everyone and its `getSyncLogs` polls (at most 2 s) |
//!
//! Doors are not remotely controllable through the documented API.

use access_core::model::{
    AccessEvent, AccessEventKind, AccessGroup, CardNumber, Credential, CredentialKind,
    CredentialRecord, CredentialState, EventCursor, ExternalId, Person, PhoneNumber, Pin,
    RemoveOutcome, UpsertOutcome, Validity,
};
use access_core::sync::{
    BulkDirectory, Change, Differences, Member, Reporter, Snapshot, SyncOptions, same_cards,
    same_groups,
};
use access_core::traits::{
    AccessGroups, AccessSystem, Capabilities, Credentials, Directory, EventLog, EventStream,
};
use access_core::{CoreResult, Error, ErrorKind, Operation, PollPolicy};
use async_trait::async_trait;

use crate::auth::Admin;
use crate::client::Client;
use crate::model::{LogEntry, PinCode, TerminalKey, UserRecord, WsAltUserId};
use crate::sync::{AdminSync, AdminSyncError, SyncReport};
use crate::users::{SetUsers, UserUpsert};

/// The vendor name in cursors and events.
pub const VENDOR: &str = "easysecure";

/// How many log ids one `getLogs` call of the event export covers.
pub const EVENT_PAGE_SIZE: i64 = 500;

fn ws(id: &ExternalId) -> CoreResult<WsAltUserId> {
    WsAltUserId::try_from(id).map_err(Error::Validation)
}

/// The answer for a `wsAltUserId` no EasySecure user has: nothing was written
/// (`setUsers` would have created the user).
fn no_user(key: &WsAltUserId) -> Error<access_core::AnyError> {
    Error::not_found(VENDOR, format!("user with wsAltUserId {}", key.as_str()))
}

/// Whether `user` already holds `credential` as issuing it would leave it: the
/// same card by number, the same PIN, the same licence plate, or a mobile key
/// already on (to the same phone, when one is given).
fn already_holds(user: &UserRecord, credential: &Credential) -> bool {
    match credential {
        Credential::Card { number } => {
            let held = user
                .card_id
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty());
            held.is_some_and(|h| number.to_decimal().as_deref() == Some(h))
        }
        Credential::Pin { pin } => user
            .pin
            .as_ref()
            .is_some_and(|p| p.expose() == pin.expose()),
        Credential::LicencePlate { plate } => user.license_plate.as_deref() == Some(plate.as_str()),
        Credential::MobileKey { phone, .. } => {
            user.mobile_key == Some(true)
                && phone.as_ref().is_none_or(|p| {
                    user.phone
                        .as_deref()
                        .and_then(|h| PhoneNumber::new(h).ok())
                        .as_ref()
                        == Some(p)
                })
        }
        _ => false,
    }
}

/// A person from an EasySecure user (users without a `wsAltUserId` are not people
/// of the integration and give `None`).
pub fn person_from(user: &UserRecord) -> Option<Person> {
    let external = ExternalId::new(user.ws_alt_user_id.clone()?).ok()?;
    let first = user.first_name.clone().unwrap_or_default();
    let last = match (&user.insertion, &user.last_name) {
        (Some(i), Some(l)) => format!("{i} {l}"),
        (None, Some(l)) => l.clone(),
        (Some(i), None) => i.clone(),
        (None, None) => String::new(),
    };
    let mut person = match Person::new(external.clone(), first.clone(), last.clone()) {
        Ok(p) => p,
        Err(_) => Person::new(external, "", external_name(user)).ok()?,
    };
    if let Ok(v) = Validity::new(user.start_date, user.expire_date) {
        person = person.with_validity(v);
    }
    if let Some(p) = user.phone.as_deref().and_then(|p| PhoneNumber::new(p).ok()) {
        person = person.with_phone(p);
    }
    person = person.with_groups(user.groups.clone());
    person.vendor_id = user.user_id.clone();
    Some(person)
}

fn external_name(user: &UserRecord) -> String {
    user.ws_alt_user_id.clone().unwrap_or_default()
}

/// The expiry that gives an open-ended person access again: EasySecure's own default
/// for a user created without one, `2030-12-31` **\[V\]** D (its last second, as the
/// API lists it **\[I\]**), or ten years from now once that day has passed.
fn open_ended_expiry(now: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    let default =
        chrono::NaiveDate::from_ymd_opt(2030, 12, 31).and_then(|d| d.and_hms_opt(23, 59, 59));
    match default {
        Some(d) if d > now => d,
        _ => now + chrono::Duration::days(3653),
    }
}

/// Whether `user` already is what `person` asks for. A person without an end date
/// is not a user whose expiry has passed: that user was removed (or ran out) and
/// must be opened again.
fn same(person: &Person, user: &UserRecord, now: chrono::NaiveDateTime) -> bool {
    same_profile(person, user, now) && same_groups(&person.groups, &user.groups)
}

/// Whether `user`'s names and validity are what `person` asks for (EasySecure's
/// rules: an open-ended wanted expiry matches any expiry still in the future).
fn same_profile(person: &Person, user: &UserRecord, now: chrono::NaiveDateTime) -> bool {
    user.first_name.as_deref().unwrap_or_default() == person.first_name
        && user.last_name.as_deref().unwrap_or_default() == person.last_name
        && same_validity(person, user, now)
}

/// Whether `user`'s validity is what `person` asks for: the same start when one
/// is wanted, and the same expiry, or any expiry still in the future when none
/// is wanted.
fn same_validity(person: &Person, user: &UserRecord, now: chrono::NaiveDateTime) -> bool {
    person
        .validity
        .not_before()
        .is_none_or(|t| Some(t) == user.start_date)
        && match person.validity.not_after() {
            Some(t) => Some(t) == user.expire_date,
            None => user.expire_date.is_none_or(|e| e > now),
        }
}

/// The `setUsers` item that brings the user `key` to `person`: names, groups
/// (replacing), validity and phone. A person without an end date whose user has
/// `expired` (removed, or run out) gets EasySecure's open-ended expiry again,
/// since an expiry that is not sent is kept.
fn person_upsert(
    key: WsAltUserId,
    person: &Person,
    expired: bool,
    now: chrono::NaiveDateTime,
) -> UserUpsert {
    let mut up = UserUpsert::new(key)
        .name(person.first_name.clone(), person.last_name.clone())
        .groups(person.groups.clone(), true);
    if person.validity.not_after().is_none() && expired {
        // Hired again after a removal (which expired the user): EasySecure keeps
        // an expiry it is not sent, so the old one must be replaced.
        up = up.validity(person.validity.not_before(), Some(open_ended_expiry(now)));
    } else if person.validity.not_before().is_some() || person.validity.not_after().is_some() {
        up = up.validity(person.validity.not_before(), person.validity.not_after());
    }
    if let Some(p) = &person.phone {
        up = up.phone(p.clone());
    }
    up
}

/// The `setUsers` item of a removal: expired now (from its start, or a minute
/// ago), without groups, card or mobile key.
fn removal_upsert(
    key: WsAltUserId,
    start_date: Option<chrono::NaiveDateTime>,
    now: chrono::NaiveDateTime,
) -> UserUpsert {
    let start = start_date
        .filter(|s| *s < now)
        .unwrap_or(now - chrono::Duration::minutes(1));
    UserUpsert::new(key)
        .validity(Some(start), Some(now))
        .groups(Vec::<String>::new(), true)
        .remove_card()
        .mobile_key(false)
}

/// Whether a user is in the state `remove_person` leaves: expired, and without
/// groups, card or mobile key.
fn already_removed(user: &UserRecord, now: chrono::NaiveDateTime) -> bool {
    user.expire_date.is_some_and(|e| e <= now)
        && user.groups.is_empty()
        && user.card_id.as_deref().is_none_or(|c| c.trim().is_empty())
        && user.mobile_key != Some(true)
}

/// An access event from a log entry (`None` when it has no `scanID`).
///
/// `Time` is zone-less company time; `occurred_at` reads it as UTC and
/// `local_time` keeps it as sent. A failed registration (`Success = 0`) is
/// `Denied` whatever its key; otherwise IN, OUT, DUTY IN, DUTY OUT are clock
/// events, TNA_n is `Other("TNA_n")`, and an access passage is `Granted`.
pub fn event_from(entry: &LogEntry) -> Option<AccessEvent> {
    let id = entry.scan_id?;
    let local = entry.time.unwrap_or_default();
    let denied = entry.success == Some(false)
        || (entry.success.is_none()
            && entry.log_text.as_ref().and_then(|t| t.is_success()) == Some(false));
    let kind = if denied {
        AccessEventKind::Denied
    } else {
        match &entry.terminal_key {
            Some(TerminalKey::In) => AccessEventKind::ClockIn,
            Some(TerminalKey::Out) => AccessEventKind::ClockOut,
            Some(TerminalKey::DutyIn) => AccessEventKind::DutyIn,
            Some(TerminalKey::DutyOut) => AccessEventKind::DutyOut,
            Some(k @ TerminalKey::Tna(_)) => AccessEventKind::Other(k.as_wire()),
            _ => AccessEventKind::Granted,
        }
    };
    let mut event = AccessEvent::new(
        VENDOR,
        id.to_string(),
        local.and_utc(),
        kind,
        EventCursor::new(VENDOR, id.to_string()),
    );
    event.local_time = entry.time;
    event.person = entry.user_id.clone();
    event.device = entry
        .terminal_name
        .clone()
        .or_else(|| entry.terminal.clone());
    event.description = entry.log_text.as_ref().map(|t| t.as_wire().to_string());
    Some(event)
}

impl AccessSystem for Client<Admin> {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none(VENDOR);
        c.directory = true;
        c.access_groups = true;
        c.credentials = vec![
            CredentialKind::Card,
            CredentialKind::Pin,
            CredentialKind::LicencePlate,
            CredentialKind::MobileKey,
        ];
        c.event_log = true;
        c.deferred_credentials = true;
        c
    }
}

impl Client<Admin> {
    fn now_local(&self) -> chrono::NaiveDateTime {
        self.transport().clock().now().naive_utc()
    }

    async fn sync_credential(&self, id: WsAltUserId) -> CoreResult<Operation<CredentialState>> {
        let op = self
            .syncs()
            .to_terminals(AdminSync::user(id))
            .await
            .map_err(Error::erase)?;
        Ok(op.map(|r: SyncReport| {
            if r.any_failed() {
                CredentialState::Failed {
                    reason: "the sync to a terminal failed".into(),
                }
            } else {
                CredentialState::Active
            }
        }))
    }
}

#[async_trait]
impl Directory for Client<Admin> {
    /// Reads `getUsers` pages in order until the page holding the user (the
    /// REST API has no filter by `wsAltUserId`): up to `floor(N/1000) + 1`
    /// requests for a company of N users, all of them for someone absent. For
    /// many people use the bulk sync ([`access_core::sync`], [`BulkDirectory`]),
    /// which reads the pages once for everyone.
    async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<Person>> {
        let key = ws(id)?;
        Ok(self
            .users()
            .find(&key)
            .await
            .map_err(Error::erase)?
            .as_ref()
            .and_then(person_from))
    }

    async fn list_people(&self) -> CoreResult<Vec<Person>> {
        Ok(self
            .users()
            .all()
            .await
            .map_err(Error::erase)?
            .iter()
            .filter_map(person_from)
            .collect())
    }

    /// `setUsers` keyed by the person's `wsAltUserId`; nothing is written when the
    /// user already matches. A person without an end date whose user has expired
    /// (removed by [`Directory::remove_person`], or run out) is opened again: the
    /// expiry becomes EasySecure's default, 2030-12-31, since an expiry that is not
    /// sent is kept. The change reaches the terminals at the next sync.
    async fn upsert_person(&self, person: &Person) -> CoreResult<UpsertOutcome> {
        let key = ws(&person.external_id)?;
        let existing = self.users().find(&key).await.map_err(Error::erase)?;
        let now = self.now_local();
        if let Some(u) = &existing
            && same(person, u, now)
        {
            return Ok(UpsertOutcome::Unchanged);
        }
        let expired = existing
            .as_ref()
            .and_then(|u| u.expire_date)
            .is_some_and(|e| e <= now);
        let up = person_upsert(key, person, expired, now);
        self.users().upsert(up).await.map_err(Error::erase)?;
        Ok(if existing.is_some() {
            UpsertOutcome::Updated
        } else {
            UpsertOutcome::Created
        })
    }

    /// The REST API documents no delete: the user is expired now, loses every
    /// group, card and mobile key, and is synced off the terminals (waiting for
    /// the sync up to [`PollPolicy::default`]'s minute; after that the removal
    /// stands and the terminals take it at their next sync).
    ///
    /// A user who was never synced belongs to no location once their groups
    /// are gone, and EasySecure refuses to sync them ("User not linked to
    /// location"): they are on no terminal, and the removal answers
    /// [`RemoveOutcome::Removed`] **\[I\]**.
    ///
    /// The removed user stays in `getUsers` (and [`Directory::list_people`]);
    /// removing them again answers [`RemoveOutcome::NotFound`] without writing,
    /// so a repeated HR sync changes nothing.
    async fn remove_person(&self, id: &ExternalId) -> CoreResult<RemoveOutcome> {
        let key = ws(id)?;
        let Some(existing) = self.users().find(&key).await.map_err(Error::erase)? else {
            return Ok(RemoveOutcome::NotFound);
        };
        let now = self.now_local();
        if already_removed(&existing, now) {
            return Ok(RemoveOutcome::NotFound);
        }
        let up = removal_upsert(key.clone(), existing.start_date, now);
        self.users().upsert(up).await.map_err(Error::erase)?;
        let op = match self.syncs().to_terminals(AdminSync::user(key)).await {
            Ok(op) => op,
            // Without groups the user belongs to no location, and EasySecure
            // refuses the sync; a user who was never synced is on no terminal,
            // so the removal stands [I].
            Err(e)
                if matches!(
                    e.service_error(),
                    Some(AdminSyncError::UserNotLinkedToLocation { .. })
                ) =>
            {
                return Ok(RemoveOutcome::Removed);
            }
            Err(e) => return Err(e.erase()),
        };
        match op.wait(&PollPolicy::default()).await {
            // The removal is stored; the terminals will take it at their next sync.
            Ok(_) | Err(Error::StillPending { .. }) => Ok(RemoveOutcome::Removed),
            Err(e) => Err(e),
        }
    }
}

/// How many users one `setUsers` call of a bulk sync carries unless
/// [`SyncOptions::batch_size`] says otherwise: the `getUsers` page size, 1000
/// (no `setUsers` limit is documented; a batch the size of a page the server
/// already answers is assumed acceptable **\[I\]**).
pub const BULK_BATCH_SIZE: usize = crate::users::USERS_PAGE_SIZE;

/// The most `getUsers` pages a bulk snapshot reads: a million users. A server
/// answering more ends the snapshot with [`Error::Paging`] instead of reading
/// forever.
pub const SNAPSHOT_MAX_PAGES: u32 = 1000;

/// How long a bulk sync follows its terminal sync: `getSyncLogs` every 50 ms for
/// at most 2 s. The changes are stored by then; a sync still running is noted in
/// the report and the terminals take the changes when it finishes.
pub fn bulk_sync_wait() -> PollPolicy {
    PollPolicy::every(
        std::time::Duration::from_millis(50),
        std::time::Duration::from_secs(2),
    )
}

/// The card a user holds (EasySecure keeps one `cardId` per user).
fn cards_of(user: &UserRecord) -> Vec<CardNumber> {
    user.card_id
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .and_then(|c| CardNumber::new(c).ok())
        .into_iter()
        .collect()
}

/// The `setUsers` item of one planned change, checked as `setUsers` checks it
/// (a person it would refuse before sending fails alone, not their batch).
fn change_upsert(change: &Change, now: chrono::NaiveDateTime) -> CoreResult<UserUpsert> {
    let key = ws(change.id())?;
    let up = match change {
        Change::Remove { have } => {
            let start = have
                .record::<UserRecord>()
                .and_then(|u| u.start_date)
                .or(have.person.validity.not_before());
            removal_upsert(key, start, now)
        }
        Change::Create { want } | Change::Update { want, .. } => {
            // A create is either a new user or one removed earlier (the snapshot
            // leaves removed users out): both get the open-ended expiry, which
            // for a new user is EasySecure's default.
            let expired = match change.have() {
                None => true,
                Some(h) => h
                    .record::<UserRecord>()
                    .and_then(|u| u.expire_date)
                    .or(h.person.validity.not_after())
                    .is_some_and(|e| e <= now),
            };
            let mut up = person_upsert(key, &want.person, expired, now);
            if change.differences().cards {
                up = match want.cards.first() {
                    Some(card) => up.card(card),
                    None => up.remove_card(),
                };
            }
            up
        }
        _ => return Err(unsupported(&format!("{} changes", change.kind()))),
    };
    SetUsers::one(up.clone()).map_err(Error::Validation)?;
    Ok(up)
}

/// Whether a refusal of `kind` concerns what a batch holds (so splitting the
/// batch finds the person it concerns), not the service.
fn refuses_content(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::InvalidInput | ErrorKind::Conflict | ErrorKind::NotFound
    )
}

impl Client<Admin> {
    /// Writes one batch with `setUsers`, reporting each change once. A batch the
    /// vendor refuses for its content (invalid input, a conflict such as a card
    /// another user holds: it answered, and `setUsers` is an upsert keyed by
    /// `wsAltUserId`, so resending is safe) is split in halves until the refused
    /// people are found alone; they fail, the others are written. Any other
    /// failure of a part (a 5xx that outlasted the transport's retries, the
    /// connection, an unreadable answer) fails the people of that part with it
    /// and the next batches are tried; a refused session ends the sync.
    /// Answers how many changes were written.
    async fn write_batch(
        &self,
        batch: &[(&Change, UserUpsert)],
        reporter: &Reporter<'_>,
    ) -> CoreResult<usize> {
        let mut written = 0;
        let mut parts = vec![batch];
        while let Some(part) = parts.pop() {
            let users = part.iter().map(|(_, up)| up.clone()).collect();
            match self.users().set(users).await {
                Ok(_) => {
                    written += part.len();
                    for (change, _) in part {
                        reporter.done(change);
                    }
                }
                Err(e @ Error::Service { .. }) if refuses_content(e.kind()) && part.len() > 1 => {
                    let (left, right) = part.split_at(part.len() / 2);
                    parts.push(right);
                    parts.push(left);
                }
                Err(e) if e.kind() == ErrorKind::Auth => return Err(e.erase()),
                Err(e) => {
                    // The people of this part fail with the vendor's answer (or
                    // the transport's error, which says whether it may have
                    // been sent); the next batches are still tried.
                    let e = e.erase();
                    for (change, _) in part {
                        reporter.failed(change, e.duplicate());
                    }
                }
            }
        }
        Ok(written)
    }

    /// One sync of every user to the terminals after a bulk write, followed for
    /// [`bulk_sync_wait`]. Its problems are notes: the changes are stored.
    async fn sync_after_bulk(&self, reporter: &Reporter<'_>) {
        let op = match self.syncs().to_terminals(AdminSync::all()).await {
            Ok(op) => op,
            Err(e) => {
                reporter.note(format!(
                    "terminal sync refused ({e}): the changes are stored and reach the terminals at their next sync"
                ));
                return;
            }
        };
        match op.wait(&bulk_sync_wait()).await {
            Ok(r) if r.any_failed() => reporter.note(
                "terminal sync finished with failures at some terminals (see getSyncLogs)",
            ),
            Ok(_) => {}
            Err(Error::StillPending { .. }) => reporter.note(
                "terminal sync still running after 2 s: the terminals take the changes when it finishes",
            ),
            Err(e) => reporter.note(format!("terminal sync could not be followed: {e}")),
        }
    }
}

/// The bulk sync ([`access_core::sync`]) of an EasySecure company.
///
/// Requests of a sync of N users (at the vendor) with C changes:
///
/// - **snapshot**: `floor(N/1000) + 1` `getUsers` pages (pages of 1000 until a
///   short page, at most [`SNAPSHOT_MAX_PAGES`]) + 1 `getGroups`;
/// - **apply**: `ceil(C/batch)` `setUsers` (batch [`BULK_BATCH_SIZE`] = 1000 by
///   default, [`SyncOptions::batch_size`] to change it), then, when anything was
///   written, 1 `/admins/sync` of every user (one request, whatever the number
///   of users) and the `getSyncLogs` polls that follow it ([`bulk_sync_wait`]:
///   every 50 ms for at most 2 s; the simulator finishes after 2).
///
/// A rerun with nothing changed makes only the snapshot's requests.
///
/// - Members are the users with a `wsAltUserId`, with their card (`cardId`) and
///   their [`UserRecord`]; users left as [`Directory::remove_person`] leaves them
///   (expired, without groups, card or mobile key) are not members, so wanting
///   them again is a create that opens them (the open-ended expiry, EasySecure's
///   default 2030-12-31, is sent).
/// - Differences follow EasySecure's rules: names, groups as sets, validity (an
///   open-ended wanted expiry matches any expiry still in the future), the phone
///   when one is wanted, and the card by number. EasySecure holds one card per
///   user: only the first wanted card is compared and written.
/// - Each change is one `setUsers` item (names, groups replaced, validity, phone,
///   the card set or removed when it differs; a removal expires the user now and
///   clears groups, card and mobile key). `setUsers` is an upsert keyed by
///   `wsAltUserId`: a batch the vendor refuses is split in halves until the
///   refused people are found, who fail alone; the others are written. A change
///   is reported done only once its batch was accepted.
/// - A terminal sync refused (e.g. "User not linked to location") or still
///   running after 2 s is a note in the report, not a failure.
#[async_trait]
impl BulkDirectory for Client<Admin> {
    async fn snapshot(&self) -> CoreResult<Snapshot> {
        let users = self
            .users()
            .pager()
            .max_pages(SNAPSHOT_MAX_PAGES)
            .all()
            .await
            .map_err(Error::erase)?;
        let groups = self.groups().list().await.map_err(Error::erase)?;
        let now = self.now_local();
        let members = users
            .into_iter()
            .filter(|u| !already_removed(u, now))
            .filter_map(|u| {
                let person = person_from(&u)?;
                let cards = cards_of(&u);
                Some(Member::new(person).with_cards(cards).with_record(u))
            })
            .collect();
        Ok(Snapshot::new(members)
            .with_groups(groups.into_iter().map(|g| g.name))
            .with_cards()
            .with_removes())
    }

    fn differences(&self, want: &Member, have: &Member) -> Differences {
        let Some(user) = have.record::<UserRecord>() else {
            return access_core::sync::compare(want, have);
        };
        let now = self.now_local();
        let w = &want.person;
        // The last name as listed, or with its insertion ("van Dijk").
        let names = user.first_name.as_deref().unwrap_or_default() == w.first_name
            && (user.last_name.as_deref().unwrap_or_default() == w.last_name
                || have.person.last_name == w.last_name);
        let mut d = Differences::default();
        d.profile = !names
            || !same_validity(w, user, now)
            || (w.phone.is_some() && w.phone != have.person.phone);
        d.groups = !same_groups(&w.groups, &user.groups);
        d.cards = !same_cards(&want.cards[..want.cards.len().min(1)], &have.cards);
        d
    }

    /// One `setUsers` per batch of changes (bisected on a refusal), then one
    /// terminal sync; see the implementation's documentation.
    async fn apply(
        &self,
        changes: &[Change],
        options: &SyncOptions,
        reporter: &Reporter<'_>,
    ) -> CoreResult<()> {
        let now = self.now_local();
        let mut ready = Vec::with_capacity(changes.len());
        for change in changes {
            match change_upsert(change, now) {
                Ok(up) => ready.push((change, up)),
                Err(e) => reporter.failed(change, e),
            }
        }
        let mut written = 0;
        for batch in ready.chunks(options.batch_size_or(BULK_BATCH_SIZE)) {
            written += self.write_batch(batch, reporter).await?;
        }
        if written > 0 {
            self.sync_after_bulk(reporter).await;
        }
        Ok(())
    }
}

#[async_trait]
impl AccessGroups for Client<Admin> {
    async fn list_groups(&self) -> CoreResult<Vec<AccessGroup>> {
        Ok(self
            .groups()
            .list()
            .await
            .map_err(Error::erase)?
            .into_iter()
            .map(|g| AccessGroup::new(g.id.unwrap_or_else(|| g.name.clone()), g.name))
            .collect())
    }

    /// `getUsers` to find the user, then `setUsers` with the groups replacing
    /// theirs (nothing written when they already match). A `wsAltUserId` no
    /// user has answers [`Error::NotFound`] without writing.
    async fn set_person_groups(
        &self,
        person: &ExternalId,
        groups: &[String],
    ) -> CoreResult<UpsertOutcome> {
        let key = ws(person)?;
        let Some(existing) = self.users().find(&key).await.map_err(Error::erase)? else {
            return Err(no_user(&key));
        };
        let mut want = groups.to_vec();
        let mut have = existing.groups.clone();
        want.sort();
        have.sort();
        if want == have {
            return Ok(UpsertOutcome::Unchanged);
        }
        let up = UserUpsert::new(key).groups(groups.to_vec(), true);
        self.users().upsert(up).await.map_err(Error::erase)?;
        Ok(UpsertOutcome::Updated)
    }
}

fn unsupported(what: &str) -> Error<access_core::AnyError> {
    Error::unsupported(VENDOR, what)
}

#[async_trait]
impl Credentials for Client<Admin> {
    /// The user's card, PIN, licence plate and mobile key, from `getUsers`. A
    /// `wsAltUserId` no user has answers [`Error::NotFound`].
    async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        let key = ws(person)?;
        let Some(u) = self.users().find(&key).await.map_err(Error::erase)? else {
            return Err(no_user(&key));
        };
        let mut out = Vec::new();
        if let Some(card) = u.card_id.as_deref().and_then(|c| CardNumber::new(c).ok()) {
            out.push(CredentialRecord::active(Credential::card(card)));
        }
        if let Some(pin) = u.pin.as_ref().and_then(|p| Pin::new(p.expose()).ok()) {
            out.push(CredentialRecord::active(Credential::pin(pin)));
        }
        if let Some(plate) = u.license_plate.as_deref()
            && let Ok(c) = Credential::licence_plate(plate)
        {
            out.push(CredentialRecord::active(c));
        }
        if u.mobile_key == Some(true) {
            let phone = u.phone.as_deref().and_then(|p| PhoneNumber::new(p).ok());
            out.push(CredentialRecord::active(Credential::MobileKey {
                phone,
                email: None,
            }));
        }
        Ok(out)
    }

    /// `getUsers` to find the user, then `setUsers` and a sync of that user to
    /// the terminals (a pending [`Operation`]). Checked before any request: a
    /// card number must be numeric (decimal, or hex pairs converted to decimal).
    ///
    /// - A `wsAltUserId` no user has answers [`Error::NotFound`] without
    ///   writing (`setUsers` would create the user: a typo must not create a
    ///   person).
    /// - A credential the user already holds (the same card by number, the
    ///   same PIN, the same plate, a mobile key already on to the same phone)
    ///   answers a completed [`Operation`] with [`CredentialState::Active`],
    ///   without writing or starting another sync.
    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let key = ws(person)?;
        let up = UserUpsert::new(key.clone());
        let up = match credential {
            Credential::Card { number } => up.card(number),
            Credential::Pin { pin } => {
                up.pin(PinCode::new(pin.expose()).map_err(Error::Validation)?)
            }
            Credential::LicencePlate { plate } => up.license_plate(plate.clone()),
            Credential::MobileKey { phone, .. } => {
                let up = up.mobile_key(true);
                match phone {
                    Some(p) => up.phone(p.clone()),
                    None => up,
                }
            }
            Credential::Face { .. } => {
                return Err(unsupported(
                    "faces are set by the person's own user session: user.profile().set_picture",
                ));
            }
            other => return Err(unsupported(&format!("{} credentials", other.kind()))),
        };
        // Refused before any request (a card number that is not numeric, ...).
        SetUsers::one(up.clone()).map_err(Error::Validation)?;
        // `setUsers` would create a user for an unknown wsAltUserId.
        let Some(existing) = self.users().find(&key).await.map_err(Error::erase)? else {
            return Err(no_user(&key));
        };
        if already_holds(&existing, credential) {
            return Ok(Operation::completed(CredentialState::Active));
        }
        self.users().upsert(up).await.map_err(Error::erase)?;
        self.sync_credential(key).await
    }

    /// `getUsers` to find the user, then `setUsers` clearing the credential
    /// and a sync of that user. A `wsAltUserId` no user has answers
    /// [`Error::NotFound`] without writing.
    async fn revoke_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let key = ws(person)?;
        let up = UserUpsert::new(key.clone());
        let up = match credential {
            Credential::Card { .. } => up.remove_card(),
            Credential::Pin { .. } => up.clear_pin(),
            Credential::LicencePlate { .. } => up.license_plate(""),
            Credential::MobileKey { .. } => up.mobile_key(false),
            other => {
                return Err(unsupported(&format!(
                    "revoking {} credentials",
                    other.kind()
                )));
            }
        };
        // `setUsers` would create a user for an unknown wsAltUserId.
        if self
            .users()
            .find(&key)
            .await
            .map_err(Error::erase)?
            .is_none()
        {
            return Err(no_user(&key));
        }
        self.users().upsert(up).await.map_err(Error::erase)?;
        Ok(self.sync_credential(key).await?.map(|s| match s {
            CredentialState::Active => CredentialState::Revoked,
            other => other,
        }))
    }
}

impl EventLog for Client<Admin> {
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_> {
        self.logs().events(cursor, EVENT_PAGE_SIZE)
    }
}
