//! The vendor-neutral traits of `access-core`, implemented for iLOQ.
//!
//! * [`Directory`]: people keyed by `ExternalPersonId`. A new person's
//!   `PersonCode` (required, at most 20 characters) is the external id's first
//!   20 characters **\[I\]**; persons go into the Type 4 zone.
//! * Unknown ids: a person (`ExternalPersonId`), key (`FNKey_ID` or ROM id)
//!   or phone key that iLOQ has no record of answers [`Error::NotFound`] in
//!   [`Credentials`], found by reading before any write;
//!   [`Directory::find_person`] answers `Ok(None)` and
//!   [`Directory::remove_person`] `RemoveOutcome::NotFound`, as documented.
//! * [`Credentials`]: physical keys and fobs (by `FNKey_ID` or ROM id) and
//!   phone keys (by phone and/or e-mail). Issuing links or sends and orders;
//!   the [`Operation`] completes when iLOQ reports the key Programmed. No
//!   access rights are attached here: use [`crate::flows::Flows::link_key`] or
//!   [`crate::flows::Flows::change_key_accesses`] for that.
//! * [`EventLog`]: lock logs by arrival time (`TimestampUtc`) windows, so
//!   entries from offline locks that arrive late are still exported. The last
//!   window includes "now" (see [`crate::lock_logs::LockLogs::audit_pager`]). Without a
//!   cursor the export starts a year back **\[I\]** (iLOQ has no "start of log").
//! * [`BulkDirectory`]: a whole list of people in as few round trips as iLOQ
//!   allows (see `access_core::sync`). iLOQ has no batch writes, so every write
//!   is one request, [`DEFAULT_SYNC_CONCURRENCY`] in flight:
//!
//! | Step | Requests | Notes |
//! |---|---|---|
//! | snapshot | 1 `GET /Persons` | iLOQ answers every person in one listing (no paging); persons without `ExternalPersonId` are not synced (never removed) |
//! | create | 1 `POST /Persons` | + 1 `GET /Zones` per apply with creates (the Type 4 zone, looked up once); never retried (not idempotent) |
//! | update | 1 `PUT /Persons` | the snapshot's record with the wanted names, e-mail and phone; no second read |
//! | remove | `GET /Persons/{id}/CanDelete` + `DELETE /Persons/{id}` | a person holding keys is refused by `CanDelete` (a per-person failure); the delete is not sent |
//!
//! Groups are not synced (iLOQ has no groups through the traits) nor cards (its
//! credentials are keys) nor validity (`Person` has no validity).
//! [`Client::find_people`] looks many external ids up in a few requests.

use std::collections::HashMap;

use access_core::model::{
    AccessEvent, AccessEventKind, Credential, CredentialKind, CredentialRecord, CredentialState,
    EmailAddress, EventCursor, ExternalId, Person as CorePerson, PhoneNumber, RemoveOutcome,
    UpsertOutcome,
};
use access_core::sync::{
    self, BulkDirectory, Change, Differences, Member, Reporter, Snapshot, SyncOptions,
};
use access_core::traits::{
    AccessSystem, Capabilities, Credentials, Directory, EventLog, EventStream,
};
use access_core::{CoreResult, Error, ErrorKind, Operation, ValidationError};
use async_trait::async_trait;
use futures_util::StreamExt;

use crate::client::Client;
use crate::flows::Invite;
use crate::ids::{KeyId, PersonId, ZoneId};
use crate::keys::{Key, KeyState, ProgrammingState};
use crate::lock_logs::DeviceLogTypeMask;
use crate::lock_logs::{AuditCursor, LockLogData};
use crate::persons::Person;

const VENDOR: &str = "iloq";

impl AccessSystem for Client {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none(VENDOR);
        c.directory = true;
        c.credentials = vec![CredentialKind::PhysicalKey, CredentialKind::MobileKey];
        c.event_log = true;
        c.deferred_credentials = true;
        c
    }
}

fn to_core(p: &Person) -> Option<CorePerson> {
    let ext = ExternalId::new(p.external_id.clone()?).ok()?;
    let first = p.first_name.clone().unwrap_or_default();
    let mut last = p.last_name.clone().unwrap_or_default();
    if first.trim().is_empty() && last.trim().is_empty() {
        last = p
            .person_code
            .clone()
            .unwrap_or_else(|| ext.as_str().to_string());
    }
    let mut core = CorePerson::new(ext, first, last).ok()?;
    if let Some(e) = p.email.as_deref().and_then(|e| EmailAddress::new(e).ok()) {
        core = core.with_email(e);
    }
    if let Some(ph) = p.phone1.as_deref().and_then(|ph| PhoneNumber::new(ph).ok()) {
        core = core.with_phone(ph);
    }
    core.vendor_id = Some(p.id.to_string());
    Some(core)
}

fn apply(target: &mut Person, p: &CorePerson) -> bool {
    let mut changed = false;
    let mut set = |field: &mut Option<String>, value: Option<String>| {
        if value.is_some() && *field != value {
            *field = value;
            changed = true;
        }
    };
    set(&mut target.first_name, Some(p.first_name.clone()));
    set(&mut target.last_name, Some(p.last_name.clone()));
    set(
        &mut target.email,
        p.email.as_ref().map(|e| e.as_str().to_string()),
    );
    set(
        &mut target.phone1,
        p.phone.as_ref().map(|e| e.as_str().to_string()),
    );
    changed
}

/// A new iLOQ person for `p`: `PersonCode` is the external id's first 20
/// characters **\[I\]** (iLOQ requires one, at most 20 characters).
fn new_person(p: &CorePerson) -> CoreResult<Person> {
    let code: String = p.external_id.as_str().chars().take(20).collect();
    let mut new = Person::new(code)?.external_id(p.external_id.as_str());
    apply(&mut new, p);
    Ok(new)
}

/// The bytes of `GetByExternalPersonIds` query text one request carries at
/// most: iLOQ is served by IIS, whose default `maxQueryString` is 2048 bytes
/// **\[I\]**; the rest is a margin.
const LOOKUP_QUERY_BYTES: usize = 1800;

/// `ids` cut into runs whose `externalPersonIds=..&` text stays within
/// [`LOOKUP_QUERY_BYTES`] (an id longer than that alone is a run of its own).
fn lookup_chunks<'a>(ids: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut chunks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut bytes = 0;
    for id in ids {
        let len = "externalPersonIds=&".len()
            + url::form_urlencoded::byte_serialize(id.as_bytes())
                .map(str::len)
                .sum::<usize>();
        if !current.is_empty() && bytes + len > LOOKUP_QUERY_BYTES {
            chunks.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += len;
        current.push(id);
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Writes to iLOQ in flight at once in a bulk sync, by default.
///
/// iLOQ is a cloud service with no batch writes and no published rate limit:
/// eight requests in flight hide most of a cloud round trip (at 50 ms, about
/// 160 writes a second: 10,000 people in about a minute) while a customer's
/// sync stays a small, steady load on a shared service; writes are not
/// retried, so a throttled write would be a failure. Change it with
/// `SyncOptions::concurrency`.
pub const DEFAULT_SYNC_CONCURRENCY: usize = 8;

fn state_of(key: &Key) -> CredentialState {
    match (key.state, key.programming_state) {
        (KeyState::Returned | KeyState::Deleted, _) => CredentialState::Revoked,
        (_, ProgrammingState::Programmed) => CredentialState::Active,
        (_, ProgrammingState::Error) => CredentialState::Failed {
            reason: "iLOQ reports a programming error".into(),
        },
        (_, s) => CredentialState::Pending {
            stage: s.stage_name(key.is_phone()).into(),
        },
    }
}

impl Client {
    async fn person_by_external(&self, id: &ExternalId) -> CoreResult<Option<Person>> {
        Ok(self
            .persons()
            .by_external_ids(&[id.as_str()])
            .await
            .map_err(Error::erase)?
            .into_iter()
            .find(|p| p.external_id.as_deref() == Some(id.as_str())))
    }

    async fn require_person(&self, id: &ExternalId) -> CoreResult<Person> {
        self.person_by_external(id).await?.ok_or_else(|| {
            Error::not_found(
                VENDOR,
                format!("person with ExternalPersonId {}", id.as_str()),
            )
        })
    }

    /// The persons with these external ids (each looked up once, in the order
    /// iLOQ answers; ids iLOQ does not know are left out), with
    /// `GetByExternalPersonIds` taking many ids a request: one request for up to
    /// 46 ids of 20 characters (64 of 9), about `ceil(query bytes / 1800)` in
    /// general (a request's query text stays under IIS's 2048-byte default
    /// **\[I\]**).
    /// For a whole HR list use `access_core::sync` instead, which reads
    /// everyone in one request.
    pub async fn find_people(&self, ids: &[ExternalId]) -> CoreResult<Vec<CorePerson>> {
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        let unique: Vec<&str> = ids
            .iter()
            .map(ExternalId::as_str)
            .filter(|id| seen.insert(*id))
            .collect();
        let mut out = Vec::with_capacity(unique.len());
        for chunk in lookup_chunks(&unique) {
            let found = self
                .persons()
                .by_external_ids(&chunk)
                .await
                .map_err(Error::erase)?;
            out.extend(found.iter().filter_map(to_core));
        }
        Ok(out)
    }

    /// The iLOQ record of a member of a snapshot, else (a member built
    /// elsewhere) read by external id.
    async fn record_of(&self, have: &Member) -> CoreResult<Person> {
        match have.record::<Person>() {
            Some(p) => Ok(p.clone()),
            None => self.require_person(have.id()).await,
        }
    }

    /// One change of a bulk sync: one request (two for a removal: `CanDelete`
    /// and the delete).
    async fn write_change(&self, change: &Change, zones: &[ZoneId]) -> CoreResult<()> {
        match change {
            Change::Create { want } => {
                // POST is not idempotent: sent once, never retried.
                self.persons()
                    .insert(new_person(&want.person)?, zones.to_vec())
                    .await
                    .map(|_| ())
                    .map_err(Error::erase)
            }
            Change::Update { want, have, .. } => {
                let mut record = self.record_of(have).await?;
                apply(&mut record, &want.person);
                self.persons().update(record).await.map_err(Error::erase)
            }
            Change::Remove { have } => {
                let id: PersonId = match have.record::<Person>() {
                    Some(p) => p.id,
                    None => self.require_person(have.id()).await?.id,
                };
                self.persons().delete(id).await.map_err(Error::erase)
            }
            other => Err(Error::unsupported(
                VENDOR,
                format!("a bulk change of kind {}", other.kind()),
            )),
        }
    }

    async fn resolve_key(&self, key_id: &str) -> CoreResult<KeyId> {
        if let Ok(id) = key_id.parse::<KeyId>() {
            return Ok(id);
        }
        self.keys()
            .by_rom_ids(&[key_id])
            .await
            .map_err(Error::erase)?
            .first()
            .map(|k| k.id)
            .ok_or_else(|| {
                Error::not_found(VENDOR, format!("key with FNKey_ID or ROM_ID {key_id}"))
            })
    }
}

#[async_trait]
impl Directory for Client {
    /// One request whatever the number of persons: `GetByExternalPersonIds`
    /// with this one id (iLOQ looks external ids up itself). Many ids at once:
    /// [`Client::find_people`]; a whole HR list: `access_core::sync`.
    async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<CorePerson>> {
        Ok(self
            .person_by_external(id)
            .await?
            .as_ref()
            .and_then(to_core))
    }

    async fn list_people(&self) -> CoreResult<Vec<CorePerson>> {
        Ok(self
            .persons()
            .list()
            .await
            .map_err(Error::erase)?
            .iter()
            .filter_map(to_core)
            .collect())
    }

    async fn upsert_person(&self, person: &CorePerson) -> CoreResult<UpsertOutcome> {
        match self.person_by_external(&person.external_id).await? {
            Some(mut existing) => {
                if !apply(&mut existing, person) {
                    return Ok(UpsertOutcome::Unchanged);
                }
                self.persons()
                    .update(existing)
                    .await
                    .map_err(Error::erase)?;
                Ok(UpsertOutcome::Updated)
            }
            None => {
                self.persons()
                    .insert(new_person(person)?, Vec::new())
                    .await
                    .map_err(Error::erase)?;
                Ok(UpsertOutcome::Created)
            }
        }
    }

    async fn remove_person(&self, id: &ExternalId) -> CoreResult<RemoveOutcome> {
        let Some(person) = self.person_by_external(id).await? else {
            return Ok(RemoveOutcome::NotFound);
        };
        self.persons()
            .delete(person.id)
            .await
            .map_err(Error::erase)?;
        Ok(RemoveOutcome::Removed)
    }
}

/// Bulk sync (`access_core::sync`): one listing, a local comparison, one
/// request per write with [`DEFAULT_SYNC_CONCURRENCY`] in flight.
///
/// * **snapshot**: exactly 1 request, `GET /api/v2/Persons` (iLOQ answers every
///   person of the user's zones in one listing; it has no paging). Persons with
///   an `ExternalPersonId` become members, each keeping its iLOQ [`Person`]
///   record ([`Member::with_record`]); persons without one are not the sync's
///   and are never removed. No groups (`Snapshot::groups` is `None`: iLOQ has
///   no groups through the traits), no cards (iLOQ's credentials are keys);
///   leavers can be removed.
/// * **apply**: iLOQ has no batch writes, so each change is written on its own,
///   at most `SyncOptions::concurrency` (default [`DEFAULT_SYNC_CONCURRENCY`])
///   in flight: a creation is 1 `POST /Persons` (never retried), an update
///   1 `PUT /Persons` of the snapshot's record with the wanted names, e-mail
///   and phone (no second read), a removal `GET /Persons/{id}/CanDelete` and
///   `DELETE /Persons/{id}` (a person iLOQ will not delete, e.g. one holding
///   keys, is refused by `CanDelete` and reported as that person's failure).
///   With any creation, 1 `GET /Zones` first finds the Type 4 zone new persons
///   go into.
///
/// In all: `1 + [C > 0] + C + U + 2R` requests for C creations, U updates and
/// R removals (plus iLOQ's four-request login when the client has no session).
/// An update writes back the record as the snapshot read it: an edit made in
/// Manager between the snapshot and the write is overwritten.
#[async_trait]
impl BulkDirectory for Client {
    async fn snapshot(&self) -> CoreResult<Snapshot> {
        let persons = self.persons().list().await.map_err(Error::erase)?;
        let mut members = Vec::with_capacity(persons.len());
        let mut unreadable = 0usize;
        for p in persons {
            match to_core(&p) {
                Some(core) => members.push(Member::new(core).with_record(p)),
                None => unreadable += usize::from(p.external_id.is_some()),
            }
        }
        let mut snapshot = Snapshot::new(members)
            .with_removes()
            .without_cards("iLOQ issues keys, not cards (Credentials::issue_credential)");
        if unreadable > 0 {
            snapshot.notes.push(format!(
                "{unreadable} iLOQ persons have an ExternalPersonId that is not a valid external id and were left alone"
            ));
        }
        Ok(snapshot)
    }

    /// iLOQ's own rule, the one `upsert_person` writes by: the names always,
    /// e-mail and phone when the wanted person has them. Validity is not
    /// compared (an iLOQ person has none).
    fn differences(&self, want: &Member, have: &Member) -> Differences {
        let profile = match have.record::<Person>() {
            Some(record) => apply(&mut record.clone(), &want.person),
            None => {
                let (w, h) = (&want.person, &have.person);
                w.first_name != h.first_name
                    || w.last_name != h.last_name
                    || (w.email.is_some() && w.email != h.email)
                    || (w.phone.is_some() && w.phone != h.phone)
            }
        };
        let mut d = Differences::default();
        d.profile = profile;
        d.groups = !sync::same_groups(&want.person.groups, &have.person.groups);
        d.cards = !sync::same_cards(&want.cards, &have.cards);
        d
    }

    async fn apply(
        &self,
        changes: &[Change],
        options: &SyncOptions,
        reporter: &Reporter<'_>,
    ) -> CoreResult<()> {
        // The Type 4 zone once, not once per creation. If it cannot be read,
        // each insert looks it up itself and fails (or not) on its own.
        let mut zones = Vec::new();
        if changes.iter().any(|c| matches!(c, Change::Create { .. })) {
            match self.zones().default_zone().await {
                Ok(zone) => zones.push(zone),
                Err(e) if e.kind() == ErrorKind::Auth => return Err(e.erase()),
                Err(_) => {}
            }
        }
        let zones = &zones;
        sync::for_each_change(
            changes,
            options.concurrency_or(DEFAULT_SYNC_CONCURRENCY),
            reporter,
            |change| async move { self.write_change(change, zones).await },
        )
        .await
    }
}

#[async_trait]
impl Credentials for Client {
    async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        let person = self.require_person(person).await?;
        let keys = self.persons().keys(person.id).await.map_err(Error::erase)?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let credential = if key.is_phone() {
                let phone = self.key_phones().get(key.id).await.map_err(Error::erase)?;
                Credential::MobileKey {
                    phone: phone
                        .phone
                        .as_deref()
                        .and_then(|p| PhoneNumber::new(p).ok()),
                    email: phone
                        .email
                        .as_deref()
                        .and_then(|e| EmailAddress::new(e).ok()),
                }
            } else {
                Credential::PhysicalKey {
                    key_id: key.id.to_string(),
                }
            };
            out.push(CredentialRecord::new(credential, state_of(&key)));
        }
        Ok(out)
    }

    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let person = self.require_person(person).await?;
        let op = match credential {
            Credential::PhysicalKey { key_id } => {
                let key = self.resolve_key(key_id).await?;
                self.flows()
                    .link_key(key, person.id, &[])
                    .await
                    .map_err(Error::erase)?
            }
            Credential::MobileKey { phone, email } => {
                let invite = match (phone, email) {
                    (phone, Some(email)) => Invite::Email(email.clone(), phone.clone()),
                    (Some(phone), None) => Invite::Sms(phone.clone()),
                    (None, None) => {
                        return Err(ValidationError::new(
                            "mobile_key",
                            "needs a phone or an e-mail",
                        )
                        .into());
                    }
                };
                self.flows()
                    .send_mobile_key(person.id, invite, &[])
                    .await
                    .map_err(Error::erase)?
            }
            other => {
                return Err(Error::unsupported(
                    VENDOR,
                    format!("issuing a {} credential", other.kind()),
                ));
            }
        };
        Ok(op.map(|_| CredentialState::Active))
    }

    async fn revoke_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let person = self.require_person(person).await?;
        let key = match credential {
            Credential::PhysicalKey { key_id } => self.resolve_key(key_id).await?,
            Credential::MobileKey { phone, email } => {
                let keys = self.persons().keys(person.id).await.map_err(Error::erase)?;
                let mut found = None;
                for key in keys
                    .iter()
                    .filter(|k| k.is_phone() && k.state != KeyState::Returned)
                {
                    let p = self.key_phones().get(key.id).await.map_err(Error::erase)?;
                    let same_phone = phone
                        .as_ref()
                        .is_some_and(|x| p.phone.as_deref() == Some(x.as_str()));
                    let same_mail = email
                        .as_ref()
                        .is_some_and(|x| p.email.as_deref() == Some(x.as_str()));
                    if same_phone || same_mail {
                        found = Some(key.id);
                        break;
                    }
                }
                found.ok_or_else(|| {
                    Error::not_found(
                        VENDOR,
                        format!(
                            "phone key of person {} with this number or address",
                            person.id
                        ),
                    )
                })?
            }
            other => {
                return Err(Error::unsupported(
                    VENDOR,
                    format!("revoking a {} credential", other.kind()),
                ));
            }
        };
        let op = self.flows().unlink_key(key).await.map_err(Error::erase)?;
        Ok(op.map(|_| CredentialState::Revoked))
    }
}

pub(crate) fn to_event(
    log: &LockLogData,
    cursor: &AuditCursor,
    people: &HashMap<KeyId, String>,
) -> AccessEvent {
    let kind = if log
        .access_type
        .contains(DeviceLogTypeMask::SUCCESSFUL_ACCESS)
    {
        AccessEventKind::Granted
    } else if log.access_type.contains(DeviceLogTypeMask::FAILED_ACCESS) {
        AccessEventKind::Denied
    } else {
        AccessEventKind::Other(format!("{:?}", log.access_type))
    };
    let occurred = log.going_date.unwrap_or(log.timestamp);
    let mut event = AccessEvent::new(
        VENDOR,
        log.id.to_string(),
        occurred,
        kind,
        EventCursor::new(VENDOR, cursor.to_string()),
    );
    event.person = log
        .key_id
        .map(|k| people.get(&k).cloned().unwrap_or_else(|| k.to_string()));
    event.device = Some(
        log.locking_object
            .clone()
            .unwrap_or_else(|| log.lock_id.to_string()),
    );
    event.description = log.error_description.clone();
    event
}

impl EventLog for Client {
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_> {
        let client = self.clone();
        let setup = async move {
            let cursor = match cursor
                .as_ref()
                .map(|c| c.expect_vendor(VENDOR).and_then(AuditCursor::parse))
            {
                Some(Err(e)) => return Err(Error::from(e)),
                Some(Ok(c)) => Some(c),
                None => None,
            };
            // Key -> the holder's ExternalPersonId, so events name people as the caller knows them.
            let persons = client.persons().list().await.map_err(Error::erase)?;
            let keys = client.keys().list().await.map_err(Error::erase)?;
            let ext: HashMap<_, _> = persons
                .into_iter()
                .filter_map(|p| Some((p.id, p.external_id?)))
                .collect();
            let people: HashMap<KeyId, String> = keys
                .into_iter()
                .filter_map(|k| Some((k.id, ext.get(&k.person_id?)?.clone())))
                .collect();
            let start = client.now() - chrono::Duration::days(365);
            let stream = client
                .lock_logs()
                .audit_trail(cursor, start, chrono::Duration::days(7))
                .map(move |r| {
                    r.map(|(log, c)| to_event(&log, &c, &people))
                        .map_err(Error::erase)
                });
            Ok(stream)
        };
        Box::pin(
            futures_util::stream::once(setup)
                .map(|r| match r {
                    Ok(s) => s.left_stream(),
                    Err(e) => futures_util::stream::once(async move { Err(e) }).right_stream(),
                })
                .flatten(),
        )
    }
}
