//! People, groups and doors.

use serde::{Deserialize, Serialize};

use super::identity::{EmailAddress, ExternalId, PhoneNumber};
use super::schedule::Validity;
use crate::error::ValidationError;

/// A person as an HR or reservation system knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Person {
    /// The caller's id for the person; the key of every sync.
    pub external_id: ExternalId,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail address (Allthenticate invites by e-mail).
    pub email: Option<EmailAddress>,
    /// Phone number (iLOQ phone keys).
    pub phone: Option<PhoneNumber>,
    /// When the person may use their access.
    pub validity: Validity,
    /// Access group names the person belongs to.
    pub groups: Vec<String>,
    /// The vendor's own id for the person, when read back from a vendor.
    pub vendor_id: Option<String>,
}

impl Person {
    /// A person with names; everything else empty. The names must not both be empty.
    pub fn new(
        external_id: ExternalId,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        let first_name = first_name.into();
        let last_name = last_name.into();
        if first_name.trim().is_empty() && last_name.trim().is_empty() {
            return Err(ValidationError::new(
                "name",
                "first or last name is required",
            ));
        }
        Ok(Self {
            external_id,
            first_name,
            last_name,
            email: None,
            phone: None,
            validity: Validity::always(),
            groups: Vec::new(),
            vendor_id: None,
        })
    }

    /// Sets the e-mail address.
    pub fn with_email(mut self, email: EmailAddress) -> Self {
        self.email = Some(email);
        self
    }

    /// Sets the phone number.
    pub fn with_phone(mut self, phone: PhoneNumber) -> Self {
        self.phone = Some(phone);
        self
    }

    /// Sets the validity window.
    pub fn with_validity(mut self, validity: Validity) -> Self {
        self.validity = validity;
        self
    }

    /// Sets the group names.
    pub fn with_groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// The display name, "first last".
    pub fn full_name(&self) -> String {
        match (self.first_name.is_empty(), self.last_name.is_empty()) {
            (false, false) => format!("{} {}", self.first_name, self.last_name),
            (true, _) => self.last_name.clone(),
            (_, true) => self.first_name.clone(),
        }
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum UpsertOutcome {
    /// A new record was created.
    Created,
    /// An existing record was changed.
    Updated,
    /// The record already matched; nothing was sent that changes state.
    Unchanged,
}

/// What a removal did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RemoveOutcome {
    /// The record was removed.
    Removed,
    /// There was nothing to remove.
    NotFound,
}

/// An access group (EasySecure group, Allthenticate group, iLOQ security access).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessGroup {
    /// The vendor's id.
    pub id: String,
    /// The name people see.
    pub name: String,
}

impl AccessGroup {
    /// A group.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
        }
    }
}

/// The vendor's id for a door (Allthenticate resource uuid, EF-45 device).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DoorId(pub String);

impl std::fmt::Display for DoorId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A door the caller can lock and unlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Door {
    /// The id to pass to `DoorControl`.
    pub id: DoorId,
    /// The name people see.
    pub name: String,
    /// The state the vendor last reported.
    pub state: DoorState,
    /// Whether the door's controller is online, if the vendor says.
    pub online: Option<bool>,
}

impl Door {
    /// A door.
    pub fn new(
        id: DoorId,
        name: impl Into<String>,
        state: DoorState,
        online: Option<bool>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            state,
            online,
        }
    }
}

/// The lock state of a door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DoorState {
    /// Locked.
    Locked,
    /// Unlocked (for a limited time where the vendor relocks on its own).
    Unlocked,
    /// The vendor did not say, or said something unknown (kept as text).
    Unknown(String),
}
