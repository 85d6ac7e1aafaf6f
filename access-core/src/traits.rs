//! One vocabulary for integrators who sync to several vendors at once.
//!
//! Each vendor client implements the traits its vendor supports, honestly: a
//! capability the vendor lacks is reported as missing by
//! [`AccessSystem::capabilities`], not faked. Vendor-specific features stay on
//! the vendor client.

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
pub trait AccessSystem: Send + Sync {
    /// The vendor name (`easysecure`, `iloq`, `allthenticate`, `ef45`).
    fn vendor(&self) -> &'static str;
    /// What the client supports.
    fn capabilities(&self) -> Capabilities;
}

/// People, keyed by the caller's [`ExternalId`].
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
pub trait EventLog: AccessSystem {
    /// Events after `cursor` (from the start of the log when `None`), oldest first,
    /// paged in constant memory. Store the `cursor` of the last event you handled
    /// and pass it next time to get only what is new.
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_>;
}
