//! The vendor-neutral `access_core` traits for the EF-45.
//!
//! * [`Directory`]: people are subjects keyed by `user_uuid` (the
//!   [`ExternalId`] is used as the `user_uuid`); names live in the subject;
//!   removal deletes the user from every table (`DELETE /user/{user_uuid}`).
//! * [`Credentials`]: **card** (the user-info `card`, in hex pairs) and
//!   **face**. The EF-45 enrols faces from its own camera, not from an
//!   uploaded picture: issuing a face credential sets the camera to `Slave`,
//!   starts a face capture and answers a pending [`Operation`] that completes
//!   when the person has stood in front of the device and the captured faces
//!   are stored (the `image_base64` of the credential is not used). Listing
//!   reports faces with an empty `image_base64`.
//! * Unknown ids: [`Credentials`] methods given an id with no subject on the
//!   device answer [`Error::NotFound`] (kind `NotFound`), found with
//!   `GET /subjects/{user_uuid}` before anything is written;
//!   [`Directory::find_person`] answers `Ok(None)` and
//!   [`Directory::remove_person`] `RemoveOutcome::NotFound`.
//! * Card uniqueness: the EF-45 stores a card for any number of users without
//!   a word **\[I\]** (nothing in its documentation says a card is unique, and
//!   `GET /user-info/card/{card}` answers one holder), so issuing a card first
//!   looks it up: a card another user holds is refused with a
//!   [`CardHeldByAnother`] error (kind `Conflict`) naming the holder, and
//!   nothing is written.
//! * [`EventLog`]: the cursor is the last handled log id; events are read with
//!   `GET /logs/from/to` page by page.
//! * [`BulkDirectory`]: a whole list of people in a few round trips (see
//!   `access_core::sync`):
//!
//! | Step | Requests | Notes |
//! |---|---|---|
//! | snapshot | `ceil(S/1000)` `GET /subjects` + `ceil(U/1000)` `GET /user-info` | S subjects, U user-info rows; [`SNAPSHOT_PAGE_SIZE`] rows a page, at most [`SNAPSHOT_MAX_PAGES`] pages a listing |
//! | create | `POST /subjects` (+ `POST /user-info` with a card) | + 1 `GET /subjects/record-version` per connection, before the first create |
//! | update | `POST /subjects` when a name differs, `POST /user-info` when the card differs | nothing else |
//! | remove | `DELETE /user/{user_uuid}` | subject, user info and faces |
//!
//! Writes run [`DEFAULT_SYNC_CONCURRENCY`] at a time (`SyncOptions::concurrency`
//! overrides it); the EF-45 has no batch writes. Groups are not synced (the
//! EF-45 has none), nor e-mail, phone or validity (it does not store them).

use std::collections::HashMap;
use std::sync::Arc;

use access_core::model::{
    AccessEvent, AccessEventKind, CardNumber, Credential, CredentialKind, CredentialRecord,
    CredentialState, EventCursor, ExternalId, Person, RemoveOutcome, UpsertOutcome,
};
use access_core::sync::{
    self, BulkDirectory, Change, Differences, Member, Reporter, Snapshot, SyncOptions,
};
use access_core::traits::{
    AccessSystem, Capabilities, Credentials, Directory, EventLog, EventStream,
};
use access_core::{CoreResult, Error, ErrorKind, Operation, Progress, ValidationError};
use async_trait::async_trait;
use futures_util::StreamExt;

use crate::camera::{CameraMode, CaptureModes, StartCamera};
use crate::client::Client;
use crate::enrolment::DeleteBiometricData;
use crate::faces::{AddFace, DeleteFace, FacesOfUser};
use crate::ids::UserUuid;
use crate::logs::{EventType, LogEntry};
use crate::subjects::Subject;
use crate::users::UserInfo;

const VENDOR: &str = "ef45";

fn uuid_of(id: &ExternalId) -> CoreResult<UserUuid> {
    UserUuid::new(id.as_str()).map_err(Error::from)
}

/// A card issued through [`Credentials::issue_credential`] is held by another
/// user of the device (kind [`ErrorKind::Conflict`]; nothing was written). The
/// EF-45 itself accepts a card any number of users hold **\[I\]**; the SDK looks
/// the card up (`GET /user-info/card/{card}`) before saving it. Reach it with
/// `e.service_error().and_then(|a| a.downcast_ref::<CardHeldByAnother>())`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("card {card} is already held by user {holder} on the EF-45; not issued to {user}")]
#[non_exhaustive]
pub struct CardHeldByAnother {
    /// The card, in hex pairs.
    pub card: CardNumber,
    /// The user who holds it.
    pub holder: UserUuid,
    /// The user it was to be issued to.
    pub user: UserUuid,
}

impl access_core::ServiceError for CardHeldByAnother {
    fn from_response(_: &access_core::http::Response) -> Option<Self> {
        None
    }

    fn kind(&self) -> ErrorKind {
        ErrorKind::Conflict
    }

    fn request_was_sent(&self) -> bool {
        false
    }
}

fn not_found<T, E: access_core::ServiceError>(r: Result<T, Error<E>>) -> CoreResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.erase()),
    }
}

/// The names as the EF-45 stores them: `(last, first)`. The device refuses a
/// subject without a last name (-210), so a person known by one name only
/// keeps it as the last name.
fn stored_names(person: &Person) -> (String, String) {
    let last = if person.last_name.trim().is_empty() {
        person.first_name.clone()
    } else {
        person.last_name.clone()
    };
    (last, person.first_name.clone())
}

fn person_of(s: &Subject) -> Option<Person> {
    let id = ExternalId::new(s.user_uuid.as_str()).ok()?;
    let mut p = Person::new(id, s.first_name.clone(), s.last_name.clone()).ok()?;
    p.vendor_id = Some(s.user_uuid.as_str().to_string());
    Some(p)
}

impl AccessSystem for Client {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none(VENDOR);
        c.directory = true;
        c.credentials = vec![CredentialKind::Card, CredentialKind::Face];
        c.event_log = true;
        c.deferred_credentials = true;
        c
    }
}

#[async_trait]
impl Directory for Client {
    /// One request, `GET /subjects/{user_uuid}` (the external id is the
    /// `user_uuid`): O(1), whatever the number of people on the device.
    async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<Person>> {
        let user = uuid_of(id)?;
        Ok(not_found(self.subjects().get(&user).await)?.and_then(|s| person_of(&s)))
    }

    /// `ceil(N/1000)` `GET /subjects` pages of [`SNAPSHOT_PAGE_SIZE`] rows (at
    /// most [`SNAPSHOT_MAX_PAGES`]).
    async fn list_people(&self) -> CoreResult<Vec<Person>> {
        let subjects: Vec<Subject> = self
            .subjects()
            .pager(SNAPSHOT_PAGE_SIZE)
            .max_pages(SNAPSHOT_MAX_PAGES)
            .all()
            .await
            .map_err(Error::erase)?;
        Ok(subjects.iter().filter_map(person_of).collect())
    }

    async fn upsert_person(&self, person: &Person) -> CoreResult<UpsertOutcome> {
        let user = uuid_of(&person.external_id)?;
        let (last, first) = stored_names(person);
        match not_found(self.subjects().get(&user).await)? {
            Some(existing) if existing.last_name == last && existing.first_name == first => {
                Ok(UpsertOutcome::Unchanged)
            }
            Some(mut existing) => {
                existing.last_name = last;
                existing.first_name = first;
                self.subjects().save(existing).await.map_err(Error::erase)?;
                Ok(UpsertOutcome::Updated)
            }
            None => {
                let subject = Subject::new(user, last, first)?;
                self.subjects().save(subject).await.map_err(Error::erase)?;
                Ok(UpsertOutcome::Created)
            }
        }
    }

    async fn remove_person(&self, id: &ExternalId) -> CoreResult<RemoveOutcome> {
        let user = uuid_of(id)?;
        Ok(match not_found(self.users().delete(&user).await)? {
            Some(_) => RemoveOutcome::Removed,
            None => RemoveOutcome::NotFound,
        })
    }
}

/// Rows a page of the bulk snapshot's listings (`GET /subjects`,
/// `GET /user-info`). The seed documents `page_size` as an `int32` with a
/// default of 50 and no maximum (and a "view all" without paging); 1000 keeps
/// a 10,000-person device at 10 pages a listing while a page of subjects with
/// their iris templates stays a few MB **\[I\]**.
pub const SNAPSHOT_PAGE_SIZE: u32 = 1000;

/// The most pages the bulk snapshot reads a listing (1,000,000 rows at
/// [`SNAPSHOT_PAGE_SIZE`]): a device that keeps answering `has_more` ends the
/// snapshot with an error instead of reading forever.
pub const SNAPSHOT_MAX_PAGES: u32 = 1000;

/// Writes in flight during a bulk sync's apply, unless
/// `SyncOptions::concurrency` says otherwise. The EF-45 is one embedded device
/// on a LAN that serves one client (the lock holder) and whose documentation
/// says nothing about parallel requests; its records live in one on-device
/// database, so parallel writes queue there. Four in flight hide the LAN round
/// trip without piling requests up on the device **\[I\]** (a conservative
/// choice, not a measured limit: the simulator serves any number at once).
pub const DEFAULT_SYNC_CONCURRENCY: usize = 4;

/// The EF-45's own record of a person, kept beside a snapshot's member so an
/// update sends the whole subject (templates, Wiegand data) and user-info row
/// (PIN, flags) back without reading them again.
#[derive(Debug, Clone)]
struct Record {
    subject: Subject,
    info: Option<UserInfo>,
}

/// The card a member may hold at the EF-45 (one, in hex pairs), checked before
/// anything is sent.
fn wanted_card(member: &Member) -> CoreResult<Option<CardNumber>> {
    match member.cards.as_slice() {
        [] => Ok(None),
        [card] => hex_card(card).map(Some),
        _ => Err(ValidationError::new("cards", "the EF-45 holds one card per person").into()),
    }
}

impl Client {
    /// One change of a bulk sync: every value is checked before the first
    /// request, and no request is sent twice.
    async fn sync_write(&self, change: &Change) -> CoreResult<()> {
        match change {
            Change::Create { want } => {
                let user = uuid_of(want.id())?;
                let card = wanted_card(want)?;
                let (last, first) = stored_names(&want.person);
                let subject = Subject::new(user.clone(), last, first)?;
                self.subjects().save(subject).await.map_err(Error::erase)?;
                if let Some(card) = card {
                    self.user_info()
                        .save(UserInfo::new(user).card(card))
                        .await
                        .map_err(Error::erase)?;
                }
                Ok(())
            }
            Change::Update {
                want,
                have,
                differences,
            } => {
                let user = uuid_of(want.id())?;
                let record = have.record::<Record>();
                let card = if differences.cards {
                    Some(wanted_card(want)?)
                } else {
                    None
                };
                if differences.profile {
                    let (last, first) = stored_names(&want.person);
                    // The save replaces the whole subject: send the device's
                    // own record back (read now only when the snapshot kept none).
                    let mut subject = match record {
                        Some(r) => r.subject.clone(),
                        None => self.subjects().get(&user).await.map_err(Error::erase)?,
                    };
                    subject.last_name = last;
                    subject.first_name = first;
                    self.subjects().save(subject).await.map_err(Error::erase)?;
                }
                if let Some(card) = card {
                    let mut info = record
                        .and_then(|r| r.info.clone())
                        .unwrap_or_else(|| UserInfo::new(user));
                    info.card = card;
                    self.user_info().save(info).await.map_err(Error::erase)?;
                }
                Ok(())
            }
            Change::Remove { have } => {
                let user = uuid_of(have.id())?;
                // Already gone (removed elsewhere since the snapshot) is done.
                not_found(self.users().delete(&user).await)?;
                Ok(())
            }
            other => Err(Error::unsupported(
                VENDOR,
                format!("{} changes", other.kind()),
            )),
        }
    }
}

/// Bulk sync of the EF-45's subjects (see `access_core::sync`).
///
/// * **snapshot**: `ceil(S/1000)` `GET /subjects?page=&page_size=1000` +
///   `ceil(U/1000)` `GET /user-info?page=&page_size=1000` (S subjects, U
///   user-info rows; one page each when the device is empty), joined by
///   `user_uuid`. Pages are [`SNAPSHOT_PAGE_SIZE`] rows, at most
///   [`SNAPSHOT_MAX_PAGES`] a listing. The subject and user-info row are kept
///   with each member, so apply reads nothing again. Cards are synced (one per
///   person, in hex pairs, compared by number); groups are not (the EF-45 has
///   none); leavers can be removed.
/// * **apply**: no batch writes, so [`DEFAULT_SYNC_CONCURRENCY`] (4) writes in
///   flight (`SyncOptions::concurrency` overrides it):
///   - before the first create, 1 `GET /subjects/record-version` (once per
///     connection; none when the client already knows it);
///   - create: `POST /subjects`, then `POST /user-info` when the person has a
///     card (2 requests; 1 without a card);
///   - update: `POST /subjects` when a name differs, `POST /user-info` when
///     the card differs (1 or 2 requests), each sending the device's record
///     back with the new values;
///   - remove: `DELETE /user/{user_uuid}` (1 request; already gone counts as done).
///
/// So a first sync of N people with cards to an empty device costs
/// 2 + 1 + 2N requests (plus `POST /lock` on the client's first call), and a
/// rerun with nothing changed costs the 2 list requests only.
///
/// None of these writes is resent: `POST /subjects` and `POST /user-info`
/// replace the whole record keyed by `user_uuid` (the seed's "add or update"),
/// but are sent once, like the `DELETE`, which answers -761 the second time.
/// A person the SDK or the device refuses (a card that is not a number, two
/// cards, an id that is not a `user_uuid`, a device error) is a failure of
/// that person; a lost session (an authentication error) ends the apply.
#[async_trait]
impl BulkDirectory for Client {
    async fn snapshot(&self) -> CoreResult<Snapshot> {
        let subjects = self
            .subjects()
            .pager(SNAPSHOT_PAGE_SIZE)
            .max_pages(SNAPSHOT_MAX_PAGES)
            .all()
            .await
            .map_err(Error::erase)?;
        let infos = self
            .user_info()
            .pager(SNAPSHOT_PAGE_SIZE)
            .max_pages(SNAPSHOT_MAX_PAGES)
            .all()
            .await
            .map_err(Error::erase)?;
        let mut infos: HashMap<String, UserInfo> = infos
            .into_iter()
            .map(|i| (i.user_uuid.as_str().to_string(), i))
            .collect();
        let mut skipped = 0usize;
        let mut members = Vec::with_capacity(subjects.len());
        for subject in subjects {
            let Some(person) = person_of(&subject) else {
                skipped += 1;
                continue;
            };
            let info = infos.remove(subject.user_uuid.as_str());
            let cards: Vec<CardNumber> = info.iter().filter_map(|i| i.card.clone()).collect();
            members.push(
                Member::new(person)
                    .with_cards(cards)
                    .with_record(Record { subject, info }),
            );
        }
        let mut snapshot = Snapshot::new(members).with_cards().with_removes();
        if skipped > 0 {
            snapshot.notes.push(format!(
                "{skipped} EF-45 subjects without a usable id or name were left out"
            ));
        }
        Ok(snapshot)
    }

    /// Names (as stored: a person with one name keeps it as the last name)
    /// and the card (by number); the EF-45 stores no e-mail, phone or
    /// validity, and has no groups.
    fn differences(&self, want: &Member, have: &Member) -> Differences {
        let (last, first) = stored_names(&want.person);
        let mut d = sync::compare(want, have);
        d.profile = last != have.person.last_name || first != have.person.first_name;
        d.groups = false;
        d
    }

    async fn apply(
        &self,
        changes: &[Change],
        options: &SyncOptions,
        reporter: &Reporter<'_>,
    ) -> CoreResult<()> {
        // Every create's subject needs the device's record version: ask once
        // here rather than from several creates in flight at once. If it
        // fails, each create asks again and fails on its own.
        if changes.iter().any(|c| matches!(c, Change::Create { .. }))
            && let Err(e) = self.record_version().await
            && e.kind() == ErrorKind::Auth
        {
            return Err(e.erase());
        }
        sync::for_each_change(
            changes,
            options.concurrency_or(DEFAULT_SYNC_CONCURRENCY),
            reporter,
            |c| self.sync_write(c),
        )
        .await
    }
}

fn hex_card(card: &CardNumber) -> CoreResult<CardNumber> {
    let pairs = card.to_hex_pairs().ok_or_else(|| {
        ValidationError::new("card_number", "must be decimal or hex pairs for the EF-45")
    })?;
    Ok(CardNumber::from_hex_pairs(&pairs)?)
}

impl Client {
    /// The subject `user`, or [`Error::NotFound`] when the device has none
    /// (`GET /subjects/{user_uuid}`, before anything is written).
    async fn existing_subject(&self, user: &UserUuid) -> CoreResult<Subject> {
        not_found(self.subjects().get(user).await)?
            .ok_or_else(|| Error::not_found(VENDOR, format!("subject with user_uuid {user}")))
    }

    /// Refuses `card` for `user` when another user holds it
    /// (`GET /user-info/card/{card}`).
    async fn check_card_is_free(&self, card: &CardNumber, user: &UserUuid) -> CoreResult<()> {
        match not_found(self.user_info().by_card(card).await)? {
            Some(holder) if holder.user_uuid != *user => Err(Error::Service {
                status: 200,
                error: access_core::AnyError::new(
                    200,
                    CardHeldByAnother {
                        card: card.clone(),
                        holder: holder.user_uuid,
                        user: user.clone(),
                    },
                ),
            }),
            _ => Ok(()),
        }
    }
}

/// Every method reads the subject first (`GET /subjects/{user_uuid}`): an id
/// the device has no subject for is [`Error::NotFound`], and nothing is written.
#[async_trait]
impl Credentials for Client {
    async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        let user = uuid_of(person)?;
        self.existing_subject(&user).await?;
        let mut out = Vec::new();
        if let Some(info) = not_found(self.user_info().get(&user).await)?
            && let Some(card) = info.card
        {
            out.push(CredentialRecord::active(Credential::card(card)));
        }
        let faces = not_found(self.faces().of_user(FacesOfUser::new(user.clone())).await)?
            .unwrap_or_default();
        for _ in faces {
            out.push(CredentialRecord::active(Credential::Face {
                image_base64: String::new(),
            }));
        }
        Ok(out)
    }

    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let user = uuid_of(person)?;
        if !matches!(
            credential,
            Credential::Card { .. } | Credential::Face { .. }
        ) {
            return Err(Error::unsupported(
                VENDOR,
                format!("{} credentials", credential.kind()),
            ));
        }
        self.existing_subject(&user).await?;
        match credential {
            Credential::Card { number } => {
                let card = hex_card(number)?;
                self.check_card_is_free(&card, &user).await?;
                let info = not_found(self.user_info().get(&user).await)?
                    .unwrap_or_else(|| UserInfo::new(user.clone()));
                let info = info.card(card);
                self.user_info().save(info).await.map_err(Error::erase)?;
                Ok(Operation::completed(CredentialState::Active))
            }
            Credential::Face { .. } => {
                self.camera()
                    .set_mode(CameraMode::Slave)
                    .await
                    .map_err(Error::erase)?;
                self.enrolment()
                    .clear_buffer()
                    .await
                    .map_err(Error::erase)?;
                self.send(&StartCamera::new(CaptureModes::face())?)
                    .await
                    .map_err(Error::erase)?;
                let client = Arc::new(self.clone());
                Ok(Operation::pending_fn(
                    format!("EF-45 face enrolment of {user}"),
                    Some("waiting for the person at the device".into()),
                    move || {
                        let client = client.clone();
                        let user = user.clone();
                        async move {
                            let page = client
                                .enrolment()
                                .biometric_data()
                                .await
                                .map_err(Error::erase)?;
                            let Some(record) = page.items.into_iter().next() else {
                                return Ok(Progress::Pending(None));
                            };
                            if let Some(id) = &record.encounter_id {
                                client
                                    .send(&DeleteBiometricData::new(id.clone()))
                                    .await
                                    .map_err(Error::erase)?;
                            }
                            if record.faces.is_empty() {
                                return Ok(Progress::Done(CredentialState::Failed {
                                    reason: "the capture holds no face".into(),
                                }));
                            }
                            for face in record.faces {
                                let face = face.user(user.clone());
                                client
                                    .send(&AddFace::new(face)?)
                                    .await
                                    .map_err(Error::erase)?;
                            }
                            Ok(Progress::Done(CredentialState::Active))
                        }
                    },
                ))
            }
            other => Err(Error::unsupported(
                VENDOR,
                format!("{} credentials", other.kind()),
            )),
        }
    }

    async fn revoke_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let user = uuid_of(person)?;
        if !matches!(
            credential,
            Credential::Card { .. } | Credential::Face { .. }
        ) {
            return Err(Error::unsupported(
                VENDOR,
                format!("{} credentials", credential.kind()),
            ));
        }
        self.existing_subject(&user).await?;
        match credential {
            Credential::Card { .. } => {
                if let Some(mut info) = not_found(self.user_info().get(&user).await)? {
                    info.card = None;
                    self.user_info().save(info).await.map_err(Error::erase)?;
                }
                Ok(Operation::completed(CredentialState::Revoked))
            }
            Credential::Face { .. } => {
                let faces = not_found(self.faces().of_user(FacesOfUser::new(user.clone())).await)?
                    .unwrap_or_default();
                for f in faces {
                    self.send(&DeleteFace::new(user.clone(), f.sub_id)?)
                        .await
                        .map_err(Error::erase)?;
                }
                Ok(Operation::completed(CredentialState::Revoked))
            }
            other => Err(Error::unsupported(
                VENDOR,
                format!("{} credentials", other.kind()),
            )),
        }
    }
}

/// Maps a log entry to a vendor-neutral event.
pub fn to_access_event(e: &LogEntry) -> AccessEvent {
    let kind = match (&e.event_type, e.additional_data.as_deref()) {
        (EventType::Recognition, Some(a)) if a.eq_ignore_ascii_case("allowed") => {
            AccessEventKind::Granted
        }
        (EventType::Recognition, Some(a)) if a.eq_ignore_ascii_case("denied") => {
            AccessEventKind::Denied
        }
        (t, _) => AccessEventKind::Other(format!(
            "{}/{}",
            t.as_str(),
            e.info.as_deref().unwrap_or("")
        )),
    };
    let at = e.occurred_at().unwrap_or_default();
    let mut ev = AccessEvent::new(
        VENDOR,
        e.id.to_string(),
        at,
        kind,
        EventCursor::new(VENDOR, e.id.to_string()),
    );
    ev.person = e.user_uuid.as_ref().map(|u| u.as_str().to_string());
    ev.description = e.info.clone();
    ev
}

impl EventLog for Client {
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_> {
        let after = match cursor
            .as_ref()
            .map(|c| c.expect_vendor(VENDOR).map(str::to_string))
        {
            None => None,
            Some(Ok(p)) => match p.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    let e: Error<access_core::AnyError> =
                        ValidationError::new("cursor", "must be an EF-45 log id").into();
                    return Box::pin(futures_util::stream::once(async move { Err(e) }));
                }
            },
            Some(Err(v)) => {
                let e: Error<access_core::AnyError> = v.into();
                return Box::pin(futures_util::stream::once(async move { Err(e) }));
            }
        };
        Box::pin(
            self.logs()
                .since(after, 100)
                .map(|r| r.map(|e| to_access_event(&e)).map_err(Error::erase)),
        )
    }
}
