//! The vendor-neutral access-core traits, implemented on [`Client`].
//!
//! What Allthenticate offers through them, and what it does not:
//!
//! * [`Directory`]: people are keyed by **e-mail** (the [`ExternalId`] is the
//!   address). `list_people`/`find_person` read `/multipleusers` (members and
//!   guests); `upsert_person` invites a new address (`/invites`) and answers
//!   `Unchanged` for an existing member (no update endpoint is documented);
//!   `remove_person` is unsupported (no delete endpoint is documented).
//! * [`AccessGroups`]: no endpoint lists groups or their ids, so the client
//!   knows the groups created through it ([`crate::groups::Groups::create`]) or
//!   registered with [`crate::groups::Groups::remember`]; membership changes use `PUT /groups`.
//! * [`Credentials`]: cards and PINs through `/modifysmartcards`, whose list
//!   replaces the member's cards **\[I\]**: issuing a credential leaves the member
//!   with that one card or PIN. Listing and revoking are unsupported (no documented
//!   endpoint reads cards, so one card cannot be removed while keeping the others;
//!   `client.smartcards().clear(email_id)` removes them all).
//! * [`DoorControl`]: `/multipleresources?type=DOOR`, `/setlockstatus` (any
//!   positive whole number of seconds); never retried; a timeout's error says `may_have_been_sent()`.
//!   `lock`/`unlock` read the doors first (1 `GET /multipleresources?type=DOOR`).
//! * Unknown ids: a method given an e-mail that is no member or guest
//!   (`set_person_groups`, `issue_credential`) or a door uuid that is no door
//!   of the organisation (`lock`, `unlock`) answers [`Error::NotFound`] (kind
//!   `NotFound`) before anything is written. `find_person` answers `Ok(None)`.
//! * Time-limited guest access with a schedule: [`crate::guest_links::GuestLinks::grant`].
//! * [`BulkDirectory`] ([`access_core::sync`]): people keyed by e-mail. The
//!   snapshot is 2 requests (`/multipleusers` for members and for guests, not
//!   paged); apply sends one `/invites` per wanted group set and batch (default
//!   500 addresses) and one `PUT /groups` per group that gains or loses members.
//!   Only group memberships are synced for existing members (no update
//!   endpoint), cards are not (none can be listed), leavers stay (no delete
//!   endpoint). Invites send e-mails and are never resent.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::Duration;

use access_core::model::{
    AccessGroup, Credential, CredentialKind, CredentialRecord, CredentialState, Door, DoorId,
    DoorState, EmailAddress, ExternalId, Person, RemoveOutcome, UpsertOutcome,
};
use access_core::sync::{
    BulkDirectory, Change, Differences, Member, Reporter, Snapshot, SyncOptions,
};
use access_core::traits::{
    AccessGroups, AccessSystem, Capabilities, Credentials, Directory, DoorControl,
};
use access_core::{
    AnyError, CoreResult, Error, ErrorKind, Operation, ServiceError, ValidationError,
};
use async_trait::async_trait;
use futures_util::StreamExt;

use crate::client::VENDOR;
use crate::groups::{GroupRef, UpdateGroup, UpdateGroupError};
use crate::model::{LockStatus, Smartcard, Success, UnlockTime};
use crate::resources::{ListResources, Resource, SetLockStatus};
use crate::smartcards::ModifySmartcards;
use crate::users::{Invite, InviteError, InviteResult, ListUsers, User};
use crate::{EmailId, GroupId};

fn unsupported<T>(what: &str) -> CoreResult<T> {
    Err(Error::unsupported(VENDOR, what))
}

fn invalid<T>(field: &str, rule: impl Into<String>) -> CoreResult<T> {
    Err(Error::Validation(ValidationError::new(field, rule)))
}

fn person_of(user: &User) -> Option<Person> {
    let email = user.email.as_deref()?;
    let id = ExternalId::new(email).ok()?;
    let first = user.first_name.clone().unwrap_or_default();
    let last = user.last_name.clone().unwrap_or_default();
    let (first, last) = if first.trim().is_empty() && last.trim().is_empty() {
        (email.to_string(), String::new())
    } else {
        (first, last)
    };
    let mut p = Person::new(id, first, last).ok()?;
    if let Ok(e) = EmailAddress::new(email) {
        p = p.with_email(e);
    }
    p = p.with_groups(user.group_names().map(str::to_owned));
    p.vendor_id = user.email_id.map(|i| i.to_string());
    Some(p)
}

fn door_of(r: &Resource) -> Option<Door> {
    let uuid = r.uuid.clone()?;
    let state = match r.lock_status() {
        Some(LockStatus::Locked) => DoorState::Locked,
        Some(LockStatus::Unlocked) => DoorState::Unlocked,
        Some(LockStatus::Unknown(s)) => DoorState::Unknown(s.clone()),
        None => DoorState::Unknown(String::new()),
    };
    let online = match r.online_status() {
        Some(crate::model::OnlineStatus::Online) => Some(true),
        Some(crate::model::OnlineStatus::Offline) => Some(false),
        _ => None,
    };
    Some(Door::new(
        DoorId(uuid),
        r.name.clone().unwrap_or_default(),
        state,
        online,
    ))
}

impl Client {
    pub(crate) fn groups_registry(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<String, crate::GroupId>> {
        self.inner.groups.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn all_users(&self) -> CoreResult<Vec<User>> {
        let mut users = self.send(&ListUsers::new()).await.map_err(Error::erase)?;
        users.extend(
            self.send(&ListUsers::guests())
                .await
                .map_err(Error::erase)?,
        );
        Ok(users)
    }

    async fn user_by_email(&self, id: &ExternalId) -> CoreResult<Option<User>> {
        Ok(self.all_users().await?.into_iter().find(|u| {
            u.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(id.as_str()))
        }))
    }

    /// The member or guest with the e-mail address `id`, or
    /// [`Error::NotFound`] (read before anything is written).
    async fn member(&self, id: &ExternalId) -> CoreResult<User> {
        self.user_by_email(id)
            .await?
            .ok_or_else(|| Error::not_found(VENDOR, format!("member with e-mail {id}")))
    }

    /// The uuid of `door`, checked against `GET /multipleresources?type=DOOR`
    /// before anything is written: an id that is no door of the organisation is
    /// [`Error::NotFound`].
    async fn door_uuid(&self, door: &DoorId) -> CoreResult<uuid::Uuid> {
        let uuid = SetLockStatus::parse_uuid(&door.0)?;
        let doors = self
            .send(&ListResources::doors())
            .await
            .map_err(Error::erase)?;
        let known = doors.iter().any(|r| {
            r.is_door()
                && r.uuid
                    .as_deref()
                    .and_then(|u| uuid::Uuid::parse_str(u).ok())
                    == Some(uuid)
        });
        if known {
            Ok(uuid)
        } else {
            Err(Error::not_found(VENDOR, format!("door with uuid {door}")))
        }
    }
}

use crate::Client;

impl AccessSystem for Client {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none(VENDOR);
        c.directory = true;
        c.access_groups = true;
        c.credentials = vec![CredentialKind::Card, CredentialKind::Pin];
        c.door_control = true;
        c
    }
}

#[async_trait]
impl Directory for Client {
    /// Looks a member or guest up by e-mail (compared without case).
    ///
    /// **Cost**: Allthenticate has no endpoint that finds one user, so every call
    /// reads the whole of `/multipleusers` twice (members, then guests: 2
    /// requests, each answering every user). Looking up N people this way costs
    /// 2·N whole listings; to bring many people to a wanted state use
    /// [`access_core::sync`] (the [`BulkDirectory`] impl reads both listings once).
    async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<Person>> {
        Ok(self.user_by_email(id).await?.as_ref().and_then(person_of))
    }

    async fn list_people(&self) -> CoreResult<Vec<Person>> {
        Ok(self
            .all_users()
            .await?
            .iter()
            .filter_map(person_of)
            .collect())
    }

    async fn upsert_person(&self, person: &Person) -> CoreResult<UpsertOutcome> {
        let email = match &person.email {
            Some(e) => e.clone(),
            None => EmailAddress::new(person.external_id.as_str())?,
        };
        if self.user_by_email(&person.external_id).await?.is_some() {
            return Ok(UpsertOutcome::Unchanged);
        }
        let mut invite = Invite::new([email])?;
        let known = self.groups().known();
        for name in &person.groups {
            match known.iter().find(|g| &g.name == name) {
                Some(g) => invite = invite.group(g.clone()),
                None => {
                    return invalid(
                        "groups",
                        format!(
                            "group {name:?} has no known id; create it with this client or use client.groups().remember(..)"
                        ),
                    );
                }
            }
        }
        self.send(&invite).await.map_err(Error::erase)?;
        Ok(UpsertOutcome::Created)
    }

    async fn remove_person(&self, _id: &ExternalId) -> CoreResult<RemoveOutcome> {
        unsupported("removing people (no documented endpoint)")
    }
}

#[async_trait]
impl AccessGroups for Client {
    async fn list_groups(&self) -> CoreResult<Vec<AccessGroup>> {
        Ok(self
            .groups()
            .known()
            .into_iter()
            .map(|g| AccessGroup::new(g.id.to_string(), g.name))
            .collect())
    }

    async fn set_person_groups(
        &self,
        person: &ExternalId,
        groups: &[String],
    ) -> CoreResult<UpsertOutcome> {
        let user = self.member(person).await?;
        let Some(email_id) = user.email_id else {
            return invalid("person", "the member has no email_id");
        };
        let current: Vec<String> = user.group_names().map(str::to_owned).collect();
        let known = self.groups().known();
        let id_of = |name: &str| -> CoreResult<crate::GroupId> {
            known
                .iter()
                .find(|g| g.name == name)
                .map(|g| g.id)
                .ok_or_else(|| {
                    Error::Validation(ValidationError::new(
                        "groups",
                        format!("group {name:?} has no known id; use client.groups().remember(..)"),
                    ))
                })
        };
        let mut changed = false;
        for name in groups.iter().filter(|g| !current.contains(g)) {
            let req = UpdateGroup::users(id_of(name)?, [email_id], [])?;
            self.send(&req).await.map_err(Error::erase)?;
            changed = true;
        }
        for name in current.iter().filter(|g| !groups.contains(g)) {
            let req = UpdateGroup::users(id_of(name)?, [], [email_id])?;
            self.send(&req).await.map_err(Error::erase)?;
            changed = true;
        }
        Ok(if changed {
            UpsertOutcome::Updated
        } else {
            UpsertOutcome::Unchanged
        })
    }
}

#[async_trait]
impl Credentials for Client {
    async fn list_credentials(&self, _person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        unsupported("listing credentials (no documented endpoint reads smartcards)")
    }

    /// Sends the card (or PIN) as the member's whole list: `/modifysmartcards`
    /// replaces the member's cards **\[I\]**, so cards issued earlier are removed.
    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let card = match credential {
            Credential::Card { number } => Smartcard::from_card_number(number)?,
            Credential::Pin { pin } => Smartcard::pin(pin.expose())?,
            other => return unsupported(&format!("{} credentials", other.kind())),
        };
        let user = self.member(person).await?;
        let Some(email_id) = user.email_id else {
            return invalid("person", "the member has no email_id");
        };
        self.send(&ModifySmartcards::new(email_id, [card])?)
            .await
            .map_err(Error::erase)?;
        Ok(Operation::completed(CredentialState::Active))
    }

    async fn revoke_credential(
        &self,
        _person: &ExternalId,
        _credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        unsupported(
            "revoking one credential (no documented endpoint reads a member's smartcards, \
             so the others cannot be kept; smartcards().clear(email_id) removes them all)",
        )
    }
}

#[async_trait]
impl DoorControl for Client {
    async fn list_doors(&self) -> CoreResult<Vec<Door>> {
        let doors = self
            .send(&ListResources::doors())
            .await
            .map_err(Error::erase)?;
        Ok(doors
            .iter()
            .filter(|r| r.is_door())
            .filter_map(door_of)
            .collect())
    }

    /// Unlocks for `duration`: a positive whole number of seconds (the seed gives
    /// `/setlockstatus` no range), else refused before sending.
    async fn unlock(&self, door: &DoorId, duration: Duration) -> CoreResult<Operation<DoorState>> {
        let time = UnlockTime::from_duration(duration)?;
        let uuid = self.door_uuid(door).await?;
        self.send(&SetLockStatus::unlock_for(uuid, time))
            .await
            .map_err(Error::erase)?;
        Ok(Operation::completed(DoorState::Unlocked))
    }

    async fn lock(&self, door: &DoorId) -> CoreResult<Operation<DoorState>> {
        let uuid = self.door_uuid(door).await?;
        self.send(&SetLockStatus::lock(uuid))
            .await
            .map_err(Error::erase)?;
        Ok(Operation::completed(DoorState::Locked))
    }
}

/// People per `POST /invites` in a bulk sync unless [`SyncOptions::batch_size`]
/// says otherwise. Allthenticate documents no limit **\[I\]**: 500 addresses make a
/// body of about 15 KB, and a batch whose answer is lost (a timeout) leaves at
/// most 500 people unknown, each reported as failed and never re-invited.
const DEFAULT_INVITE_BATCH: usize = 500;

/// Requests in flight in a bulk sync's apply unless
/// [`SyncOptions::concurrency`] says otherwise **\[I\]** (no rate limit is documented).
const DEFAULT_SYNC_CONCURRENCY: usize = 4;

/// A failure of a bulk sync that concerns one person or a copy of a batch
/// request's failure for each person the request carried.
#[derive(Debug, Clone)]
struct SyncFailure {
    kind: ErrorKind,
    sent: bool,
    message: String,
}

impl std::fmt::Display for SyncFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyncFailure {}

impl ServiceError for SyncFailure {
    fn from_response(_: &access_core::http::Response) -> Option<Self> {
        None
    }

    fn kind(&self) -> ErrorKind {
        self.kind
    }

    fn request_was_sent(&self) -> bool {
        self.sent
    }

    fn message(&self) -> Option<&str> {
        Some(&self.message)
    }
}

/// The `/invites` answer named `address` as one it did not add (HTTP 200 with
/// the address in `invalid` or `exists`).
fn invite_refused(kind: ErrorKind, message: String) -> Error<AnyError> {
    Error::Service {
        status: 200,
        error: AnyError::new(
            200,
            SyncFailure {
                kind,
                sent: true,
                message,
            },
        ),
    }
}

/// Reports every change of `people` failed with a batch request's error: the
/// last gets the error itself, the others an [`Error::duplicate`] of it.
fn fail_all<E: ServiceError>(
    changes: &[Change],
    people: &[usize],
    error: Error<E>,
    reporter: &Reporter<'_>,
) {
    let Some((last, others)) = people.split_last() else {
        return;
    };
    let error = error.erase();
    for &i in others {
        reporter.failed(&changes[i], error.duplicate());
    }
    reporter.failed(&changes[*last], error);
}

/// The groups of `groups` this client knows an id for, in name order.
fn known_only<'a>(groups: &'a [String], known: &BTreeMap<String, GroupId>) -> BTreeSet<&'a str> {
    groups
        .iter()
        .map(String::as_str)
        .filter(|g| known.contains_key(*g))
        .collect()
}

/// The address to invite for a wanted member, and the groups to invite them
/// to, checked before anything is sent.
fn invitee(
    want: &Member,
    known: &BTreeMap<String, GroupId>,
) -> CoreResult<(EmailAddress, Vec<(String, GroupId)>)> {
    let address = EmailAddress::new(want.id().as_str())?;
    if let Some(email) = &want.person.email
        && !email.as_str().eq_ignore_ascii_case(address.as_str())
    {
        return invalid(
            "email",
            format!(
                "Allthenticate keys people by e-mail: the contact address {} must be the external id {}",
                email.as_str(),
                address.as_str()
            ),
        );
    }
    let mut groups = Vec::new();
    for name in want.person.groups.iter().collect::<BTreeSet<_>>() {
        match known.get(name) {
            Some(id) => groups.push((name.clone(), *id)),
            None => {
                return invalid(
                    "groups",
                    format!("group {name:?} has no known id; use client.groups().remember(..)"),
                );
            }
        }
    }
    Ok((address, groups))
}

/// The `email_id` of a member the snapshot read.
fn email_id_of(have: &Member) -> Option<EmailId> {
    have.record::<User>()
        .and_then(|u| u.email_id)
        .or_else(|| have.person.vendor_id.as_deref()?.parse().ok())
}

/// What one request of a bulk sync's apply carried and answered.
enum Outcome {
    /// An invite: the changes (by index) with the address each was invited by.
    Invite(
        Vec<(usize, String)>,
        Result<InviteResult, Error<InviteError>>,
    ),
    /// A group update: the changes (by index) it adds or removes.
    Group(Vec<usize>, Result<Success, Error<UpdateGroupError>>),
}

type Job<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + Send + 'a>>;

/// One group's membership changes in a bulk sync.
#[derive(Default)]
struct GroupEdit {
    add: Vec<EmailId>,
    remove: Vec<EmailId>,
    changes: Vec<usize>,
}

/// Bulk sync (issue 19): people keyed by e-mail, groups the client knows.
///
/// Requests, for N users (members and guests) at the vendor:
///
/// * **snapshot**: exactly 2 (`GET /multipleusers` and `GET
///   /multipleusers?user_tag=GUEST`). Neither is paged **\[V\]** (each answers one
///   array of every user), so the whole listing must fit the client's
///   `max_response_bytes` (16 MiB by default, about 25,000 users at the ~600
///   bytes a user takes; raise it with `ClientBuilder::max_response_bytes` for a
///   larger organisation). Groups come from the client's registry
///   ([`crate::groups::Groups::known`]): no request, as no endpoint lists groups.
///   Cards are not read (no endpoint lists smartcards), so `Snapshot.cards` is
///   false and wanted cards are left out with a note.
/// * **apply**: `Σ over distinct wanted group sets of ceil(creates in the set /
///   batch)` `POST /invites` (batch = [`SyncOptions::batch_size`], default 500),
///   plus one `PUT /groups` per known group that gains or loses a member of the
///   update, with every such member in it; at most
///   [`SyncOptions::concurrency`] (default 4) in flight. Nothing else: no
///   lookup, no read-back.
///
/// Only group memberships can differ for an existing member
/// ([`BulkDirectory::differences`]): Allthenticate has no endpoint that updates
/// names or contact data, and it cannot remove people (`Snapshot.removes` is
/// false: leavers stay, with a note). Groups the client has no id for are left
/// as they are on both sides.
///
/// Writes: an invite sends invitation e-mails and is not idempotent, so an
/// invite is sent once and never again, whatever its failure; each address is
/// validated before batching (a bad address fails that person without a
/// request), addresses the answer lists as `invalid` or `exists` fail those
/// people, and a failed invite fails everyone in it. `PUT /groups` is not
/// documented as idempotent (the simulator's set semantics are **\[I\]**), so it
/// is not resent either: a refused group update fails every person in it. A
/// person is reported done once all of their writes succeeded (an update that
/// touches two groups is done when both group requests succeeded, failed when
/// one failed). A 401/403 ends the sync with an error.
#[async_trait]
impl BulkDirectory for Client {
    async fn snapshot(&self) -> CoreResult<Snapshot> {
        let users = self.all_users().await?;
        let mut members = Vec::with_capacity(users.len());
        let mut without_address = 0usize;
        for user in users {
            match person_of(&user) {
                Some(person) => members.push(Member::new(person).with_record(user)),
                None => without_address += 1,
            }
        }
        let mut snapshot = Snapshot::new(members)
            .with_groups(self.groups().known().into_iter().map(|g| g.name))
            .without_cards("no documented Allthenticate endpoint reads a member's smartcards");
        if without_address > 0 {
            snapshot.notes.push(format!(
                "{without_address} Allthenticate users without a usable e-mail address were left out"
            ));
        }
        Ok(snapshot)
    }

    /// Only groups: names and contact data cannot be updated at Allthenticate,
    /// cards cannot be listed, and groups the client has no id for are left out
    /// on both sides.
    fn differences(&self, want: &Member, have: &Member) -> Differences {
        let known: BTreeMap<String, GroupId> = self.groups_registry().clone();
        let mut d = Differences::default();
        d.groups =
            known_only(&want.person.groups, &known) != known_only(&have.person.groups, &known);
        d
    }

    async fn apply(
        &self,
        changes: &[Change],
        options: &SyncOptions,
        reporter: &Reporter<'_>,
    ) -> CoreResult<()> {
        let known: BTreeMap<String, GroupId> = self.groups_registry().clone();
        // Creates by wanted group set (one invite per set and batch), group
        // edits by group name (one PUT per group).
        let mut invites: BTreeMap<Vec<(String, GroupId)>, Vec<(usize, EmailAddress)>> =
            BTreeMap::new();
        let mut addresses: HashSet<String> = HashSet::new();
        let mut edits: BTreeMap<&str, GroupEdit> = BTreeMap::new();
        let mut pending = vec![0usize; changes.len()];
        for (i, change) in changes.iter().enumerate() {
            match change {
                Change::Create { want } => match invitee(want, &known) {
                    Ok((address, groups)) => {
                        if addresses.insert(address.as_str().to_ascii_lowercase()) {
                            invites.entry(groups).or_default().push((i, address));
                        } else {
                            reporter.failed(
                                change,
                                Error::Validation(ValidationError::new(
                                    "email",
                                    "another wanted person has the same address (Allthenticate compares addresses without case)",
                                )),
                            );
                        }
                    }
                    Err(e) => reporter.failed(change, e),
                },
                Change::Update {
                    want,
                    have,
                    differences,
                } => {
                    if differences.profile || differences.cards {
                        reporter.failed(
                            change,
                            Error::unsupported(
                                VENDOR,
                                "updating names, contact data or cards of a member (no documented endpoint)",
                            ),
                        );
                        continue;
                    }
                    let Some(email_id) = email_id_of(have) else {
                        reporter.failed(
                            change,
                            Error::Validation(ValidationError::new(
                                "person",
                                "the member has no email_id",
                            )),
                        );
                        continue;
                    };
                    let wanted = known_only(&want.person.groups, &known);
                    let current = known_only(&have.person.groups, &known);
                    for name in wanted.difference(&current) {
                        let edit = edits.entry(name).or_default();
                        edit.add.push(email_id);
                        edit.changes.push(i);
                        pending[i] += 1;
                    }
                    for name in current.difference(&wanted) {
                        let edit = edits.entry(name).or_default();
                        edit.remove.push(email_id);
                        edit.changes.push(i);
                        pending[i] += 1;
                    }
                    if pending[i] == 0 {
                        reporter.done(change);
                    }
                }
                Change::Remove { .. } => reporter.failed(
                    change,
                    Error::unsupported(VENDOR, "removing people (no documented endpoint)"),
                ),
                _ => reporter.failed(change, Error::unsupported(VENDOR, "this kind of change")),
            }
        }

        let batch = options.batch_size_or(DEFAULT_INVITE_BATCH);
        let mut jobs: Vec<Job<'_>> = Vec::new();
        for (groups, people) in &invites {
            for chunk in people.chunks(batch) {
                let carried: Vec<(usize, String)> = chunk
                    .iter()
                    .map(|(i, a)| (*i, a.as_str().to_string()))
                    .collect();
                let mut invite = Invite::new(chunk.iter().map(|(_, a)| a.clone()))?;
                for (name, id) in groups {
                    invite = invite.group(GroupRef::new(*id, name.clone()));
                }
                jobs.push(Box::pin(async move {
                    let answer = self.send(&invite).await;
                    Outcome::Invite(carried, answer)
                }));
            }
        }
        for (name, edit) in edits {
            let request = match known.get(name) {
                Some(id) => UpdateGroup::users(*id, edit.add, edit.remove),
                None => Err(ValidationError::new(
                    "groups",
                    format!("group {name:?} has no known id"),
                )),
            };
            let carried = edit.changes;
            jobs.push(Box::pin(async move {
                let answer = match request {
                    Ok(request) => self.send(&request).await,
                    Err(e) => Err(Error::Validation(e)),
                };
                Outcome::Group(carried, answer)
            }));
        }

        let mut failed = vec![false; changes.len()];
        let mut outcomes = futures_util::stream::iter(jobs)
            .buffer_unordered(options.concurrency_or(DEFAULT_SYNC_CONCURRENCY));
        while let Some(outcome) = outcomes.next().await {
            match outcome {
                Outcome::Invite(carried, Ok(answer)) => {
                    let lower = |list: &[String]| -> HashSet<String> {
                        list.iter().map(|a| a.to_ascii_lowercase()).collect()
                    };
                    let refused = lower(&answer.invalid);
                    let existing = lower(&answer.exists);
                    let not_sent = lower(&answer.failed_invite);
                    let mut unsent = 0usize;
                    for (i, address) in carried {
                        let key = address.to_ascii_lowercase();
                        if refused.contains(&key) {
                            reporter.failed(
                                &changes[i],
                                invite_refused(
                                    ErrorKind::InvalidInput,
                                    format!("Allthenticate refused {address} as invalid"),
                                ),
                            );
                        } else if existing.contains(&key) {
                            reporter.failed(
                                &changes[i],
                                invite_refused(
                                    ErrorKind::Conflict,
                                    format!(
                                        "{address} is already an Allthenticate user (listed with another spelling, or added since the snapshot); not invited"
                                    ),
                                ),
                            );
                        } else {
                            unsent += usize::from(not_sent.contains(&key));
                            reporter.done(&changes[i]);
                        }
                    }
                    if unsent > 0 {
                        reporter.note(format!(
                            "Allthenticate added {unsent} people but could not send their invitation e-mails (failed_invite)"
                        ));
                    }
                }
                Outcome::Invite(carried, Err(e)) => {
                    if e.kind() == ErrorKind::Auth {
                        return Err(e.erase());
                    }
                    let people: Vec<usize> = carried.into_iter().map(|(i, _)| i).collect();
                    fail_all(changes, &people, e, reporter);
                }
                Outcome::Group(carried, Ok(_)) => {
                    for i in carried {
                        if !failed[i] {
                            pending[i] -= 1;
                            if pending[i] == 0 {
                                reporter.done(&changes[i]);
                            }
                        }
                    }
                }
                Outcome::Group(carried, Err(e)) => {
                    if e.kind() == ErrorKind::Auth {
                        return Err(e.erase());
                    }
                    let people: Vec<usize> = carried
                        .into_iter()
                        .filter(|&i| !std::mem::replace(&mut failed[i], true))
                        .collect();
                    fail_all(changes, &people, e, reporter);
                }
            }
        }
        Ok(())
    }
}
