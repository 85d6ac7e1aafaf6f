//! One vocabulary for integrators who sync to several vendors at once.
//!
//! Each vendor client implements the traits its vendor supports, honestly: a
//! capability the vendor lacks is reported as missing by
//! [`AccessSystem::capabilities`], not faked. Vendor-specific features stay on
//! the vendor client.
//!
//! Each trait's page lists its methods in prose (what each does, what it
//! costs in requests, which errors it answers), because rustdoc shows the
//! `async` methods as their `async_trait` expansion (`fn ... -> Pin<Box<dyn
//! Future ...>>`). Call them as ordinary `async fn`s: `dir.find_person(&id).await?`.
//!
//! Rules shared by every trait:
//!
//! - Every method answers [`CoreResult`]: `Error<AnyError>`, the vendor's own
//!   error reachable through [`AnyError::downcast_ref`](crate::AnyError::downcast_ref).
//!   `kind()`, `is_retryable()` and `may_have_been_sent()` work as on every call
//!   (see `docs/errors.md`).
//! - A method that takes the id of a person or a door the vendor has no record
//!   of answers [`Error::NotFound`](crate::Error::NotFound) (kind
//!   [`ErrorKind::NotFound`](crate::ErrorKind::NotFound)) and writes nothing;
//!   the lookups [`Directory::find_person`] (`Ok(None)`) and
//!   [`Directory::remove_person`] ([`RemoveOutcome::NotFound`]) are the
//!   exceptions, because "not there" is their answer.
//! - Something the vendor cannot do answers
//!   [`Error::Unsupported`](crate::Error::Unsupported) before any request;
//!   [`AccessSystem::capabilities`] says in advance what that is.
//! - A method that reads before it writes (to find the person, to compare, to
//!   check an id) costs those reads as well; the vendor guides
//!   (`docs/<vendor>.md`, "access-core traits") give each vendor's requests.

use std::time::Duration;

use async_trait::async_trait;
use futures_core::Stream;
use serde::Serialize;

use crate::error::CoreResult;
use crate::model::{
    AccessEvent, AccessGroup, Credential, CredentialKind, CredentialRecord, CredentialState, Door,
    DoorId, DoorState, EventCursor, ExternalId, Person, RemoveOutcome, UpsertOutcome,
};
use crate::operation::Operation;

/// What a vendor client can do through the vendor-neutral traits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Capabilities {
    /// The vendor.
    pub vendor: &'static str,
    /// [`Directory`]: find, upsert, remove and list people by external id.
    pub directory: bool,
    /// [`AccessGroups`]: list groups and set a person's groups.
    pub access_groups: bool,
    /// [`Credentials`]: the kinds that can be issued and revoked.
    pub credentials: Vec<CredentialKind>,
    /// [`DoorControl`]: lock and unlock doors remotely.
    pub door_control: bool,
    /// [`EventLog`]: export access events from a cursor.
    pub event_log: bool,
    /// Whether issued credentials complete later (programming, sync), i.e. answer
    /// pending [`Operation`]s.
    pub deferred_credentials: bool,
}

impl Capabilities {
    /// Nothing supported yet; set what the vendor offers.
    pub fn none(vendor: &'static str) -> Self {
        Self {
            vendor,
            directory: false,
            access_groups: false,
            credentials: Vec::new(),
            door_control: false,
            event_log: false,
            deferred_credentials: false,
        }
    }

    /// Whether the vendor can issue `kind`.
    pub fn supports_credential(&self, kind: CredentialKind) -> bool {
        self.credentials.contains(&kind)
    }
}

/// Any vendor client.
///
/// # Methods
///
/// - `vendor(&self) -> &'static str`: the vendor's name (`easysecure`, `iloq`,
///   `allthenticate`, `ef45`), for logs and reports. No request, no error.
/// - `capabilities(&self) -> Capabilities`: which of the other traits the
///   client implements and which credential kinds it can issue, so a caller
///   can skip what the vendor cannot do instead of meeting
///   [`Error::Unsupported`](crate::Error::Unsupported). No request, no error.
pub trait AccessSystem: Send + Sync {
    /// The vendor name (`easysecure`, `iloq`, `allthenticate`, `ef45`).
    fn vendor(&self) -> &'static str;
    /// What the client supports.
    fn capabilities(&self) -> Capabilities;
}

/// People, keyed by the caller's [`ExternalId`].
///
/// # Methods
///
/// - `async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<Person>>`:
///   the person with this external id, or `Ok(None)` when the vendor has none
///   (an unknown id is an answer here, not an error). Reads only; where the
///   vendor cannot look a person up by external id it pages the list up to
///   the person (all of it for an absent id).
/// - `async fn list_people(&self) -> CoreResult<Vec<Person>>`: every person the
///   vendor has an external id for (records without one are left out). Reads
///   the whole list, page by page; the answer holds every person in memory.
/// - `async fn upsert_person(&self, person: &Person) -> CoreResult<UpsertOutcome>`:
///   creates the person, or brings the existing one to this state: names,
///   contact data, validity (and groups where the vendor stores them with the
///   person). Reads the person first and answers [`UpsertOutcome::Unchanged`]
///   without a write when nothing differs; otherwise one write (two where the
///   vendor splits create and update), answering `Created` or `Updated`.
///   Errors: [`Error::Validation`](crate::Error::Validation) for a value the
///   vendor cannot store (nothing sent), the vendor's refusal as
///   [`Error::Service`](crate::Error::Service).
/// - `async fn remove_person(&self, id: &ExternalId) -> CoreResult<RemoveOutcome>`:
///   removes the person (a leaver) as the vendor removes people (delete, or
///   end the validity where the vendor keeps history). An id the vendor does
///   not know answers `Ok(`[`RemoveOutcome::NotFound`]`)` without a write, so
///   removing twice is safe. Costs the lookup plus the removal;
///   [`Error::Unsupported`](crate::Error::Unsupported) where the vendor
///   documents no removal.
#[async_trait]
pub trait Directory: AccessSystem {
    /// The person with this external id, if the vendor has one.
    async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<Person>>;
    /// Every person the vendor has an external id for.
    async fn list_people(&self) -> CoreResult<Vec<Person>>;
    /// Creates the person, or brings the existing one to this state. Answers
    /// [`UpsertOutcome::Unchanged`] without writing when nothing differs.
    async fn upsert_person(&self, person: &Person) -> CoreResult<UpsertOutcome>;
    /// Removes the person (a leaver).
    async fn remove_person(&self, id: &ExternalId) -> CoreResult<RemoveOutcome>;
}

/// Access groups.
///
/// # Methods
///
/// - `async fn list_groups(&self) -> CoreResult<Vec<AccessGroup>>`: every
///   group (EasySecure group, iLOQ security access, Allthenticate group) with
///   the vendor's id and name. Reads only, page by page where the vendor pages.
/// - `async fn set_person_groups(&self, person: &ExternalId, groups: &[String]) -> CoreResult<UpsertOutcome>`:
///   makes `groups` (by name) exactly the person's groups, adding and removing
///   as needed. Reads the person first: answers
///   [`UpsertOutcome::Unchanged`] without a write when the groups already
///   match, otherwise `Updated` after the writes (one per vendor call the
///   change needs: one for EasySecure, one per group changed for
///   Allthenticate). A person the vendor has no record of answers
///   [`Error::NotFound`](crate::Error::NotFound) and writes nothing. What a
///   group name the vendor does not have does is the vendor's (its guide says).
#[async_trait]
pub trait AccessGroups: AccessSystem {
    /// Every group.
    async fn list_groups(&self) -> CoreResult<Vec<AccessGroup>>;
    /// Makes `groups` (names) the person's groups, adding and removing as needed.
    async fn set_person_groups(
        &self,
        person: &ExternalId,
        groups: &[String],
    ) -> CoreResult<UpsertOutcome>;
}

/// Credentials a person presents.
///
/// # Methods
///
/// Each method takes the person's [`ExternalId`]; an id the vendor has no
/// record of answers [`Error::NotFound`](crate::Error::NotFound) and writes
/// nothing (the vendor crates read the person first, one request or a few
/// pages, to know). A credential kind the vendor cannot handle (see
/// [`Capabilities::credentials`]) answers
/// [`Error::Unsupported`](crate::Error::Unsupported) before any request.
///
/// - `async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>>`:
///   the credentials the person holds, each with its state. Reads only.
/// - `async fn issue_credential(&self, person: &ExternalId, credential: &Credential) -> CoreResult<Operation<CredentialState>>`:
///   issues a card, PIN, plate, mobile key, physical key or face to the
///   person. Where the vendor crate can see that the person already holds
///   the credential (a card compared by number, see
///   [`CardNumber`](crate::model::CardNumber)), it answers a completed
///   [`Operation`] in state `Active` without a write (the vendor guide says
///   where). Otherwise the write, and
///   an [`Operation`] that is completed, or pending when the hardware still has
///   to be programmed or synchronised (an EasySecure terminal sync, an iLOQ
///   key to program): `op.wait(&policy).await` polls it, one request a poll.
///   A write that times out says `may_have_been_sent()`: list the credentials
///   before issuing again.
/// - `async fn revoke_credential(&self, person: &ExternalId, credential: &Credential) -> CoreResult<Operation<CredentialState>>`:
///   takes the credential back; the [`Operation`] ends in `Revoked` (pending
///   while the hardware is updated, as for issuing). Costs the person's
///   lookup and the write.
#[async_trait]
pub trait Credentials: AccessSystem {
    /// The credentials the person holds.
    async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>>;
    /// Issues a credential. Pending when the hardware still has to be programmed
    /// or synchronised.
    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>>;
    /// Revokes a credential.
    async fn revoke_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>>;
}

/// Remote door control. Never retried: unlocking twice is a bug. A timeout's
/// error says `may_have_been_sent()`: the door may have opened.
///
/// # Methods
///
/// - `async fn list_doors(&self) -> CoreResult<Vec<Door>>`: the doors the
///   client may control, with their ids. Reads only.
/// - `async fn unlock(&self, door: &DoorId, duration: Duration) -> CoreResult<Operation<DoorState>>`:
///   unlocks the door for `duration`; the vendor relocks it afterwards. A
///   duration the vendor cannot honour is
///   [`Error::Validation`](crate::Error::Validation) (nothing sent). A door id
///   the vendor has no record of answers
///   [`Error::NotFound`](crate::Error::NotFound) without a write (the vendor
///   crates read the doors first, one request). Then one write, sent once:
///   never retried by the SDK.
/// - `async fn lock(&self, door: &DoorId) -> CoreResult<Operation<DoorState>>`:
///   locks the door now. The same id check and cost as `unlock`.
#[async_trait]
pub trait DoorControl: AccessSystem {
    /// The doors.
    async fn list_doors(&self) -> CoreResult<Vec<Door>>;
    /// Unlocks a door for `duration` (the vendor relocks it afterwards).
    async fn unlock(&self, door: &DoorId, duration: Duration) -> CoreResult<Operation<DoorState>>;
    /// Locks a door now.
    async fn lock(&self, door: &DoorId) -> CoreResult<Operation<DoorState>>;
}

/// A stream of access events.
pub type EventStream<'a> =
    std::pin::Pin<Box<dyn Stream<Item = CoreResult<AccessEvent>> + Send + 'a>>;

/// Access event export.
///
/// # Methods
///
/// - `fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_>`:
///   a stream of the events after `cursor` (the whole log when `None`), oldest
///   first. Nothing is requested until the stream is polled; then one request
///   a page, one page in memory at a time. A failure is an `Err` item and ends
///   the stream; a cursor the vendor cannot read is an `Err` item
///   ([`Error::Validation`](crate::Error::Validation)) before any request.
///   Keep the `cursor` of the last event handled and pass it next time.
pub trait EventLog: AccessSystem {
    /// Events after `cursor` (from the start of the log when `None`), oldest first,
    /// paged in constant memory. Store the `cursor` of the last event you handled
    /// and pass it next time to get only what is new.
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_>;
}
