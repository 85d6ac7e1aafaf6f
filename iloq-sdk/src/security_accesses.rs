//! Security accesses ("access rights" in Manager).
//!
//! Only accesses of Type 3 ("API access") can be changed and then ordered
//! through the API; a change to a Standard (Type 1) access needs Manager and a
//! programming token **\[V\] ENK README FAQ "API"; T4E filters `Type -eq 3`**.
//! The requests here take the [`SecurityAccess`] itself (not only its id) so
//! that a change to any other type is refused before anything is sent.

use std::collections::BTreeSet;

use access_core::http::{Body, Query};
use access_core::{Error, ValidationError};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::error::{ApiError, Checked, lift, refused};
use crate::macros::{endpoint, int_enum};
use crate::time_limits::KeyTimeLimitSlot;
use crate::types::{KeyId, LockId, RealEstateId, SecurityAccessId, ZoneId};

int_enum! {
    /// `SecurityAccess.Type` (PniSecurityAccessType) **\[V\] values; \[I\] mapping of the wrapper field**.
    pub enum SecurityAccessType {
        /// Key security access (auto-created for blocklisted keys).
        Key = 0 => "key security access",
        /// Standard: changed only with Manager and a programming token.
        Standard = 1 => "standard",
        /// Mask (unused).
        Mask = 2 => "mask",
        /// API access: the only type the API may change.
        ApiAccess = 3 => "API access",
    }
}

int_enum! {
    /// `SecurityAccess.Status` **\[V\] values; \[I\] mapping of the wrapper field**.
    pub enum SecurityAccessStatus {
        /// Active.
        Active = 0 => "active",
        /// Not in use.
        NotInUse = 1 => "not in use",
        /// Blocklisted.
        Blocklisted = 2 => "blocklisted",
        /// Blocklisted via a key (locks only).
        BlocklistedViaKey = 3 => "blocklisted via a key",
        /// Blocked.
        Blocked = 4 => "blocked",
    }
}

int_enum! {
    /// The answer of `GET /Keys/{id}/SecurityAccesses/CanAdd` (CanAddSecurityAccessLink) **\[V\] ENK**.
    /// Note: 1, not 0, is OK.
    pub enum CanAddSecurityAccess {
        /// Not set.
        NotSet = 0 => "not set",
        /// OK.
        Ok = 1 => "OK",
        /// The key cannot be modified (e.g. blocklisted).
        KeyUnmodifiable = 2 => "key cannot be modified (e.g. blocklisted)",
        /// The key has the maximum number of accesses.
        MaximumReached = 3 => "key has the maximum number of accesses",
    }
}

int_enum! {
    /// The answer of `GET /Keys/{id}/SecurityAccesses/{saId}/CanDelete`
    /// (CanDeleteSecurityAccessLink) **\[V\] ENK**. 1, not 0, is OK.
    pub enum CanDeleteSecurityAccess {
        /// Not set.
        NotSet = 0 => "not set",
        /// OK.
        Ok = 1 => "OK",
        /// The key cannot be modified.
        KeyUnmodifiable = 2 => "key cannot be modified",
        /// The link does not exist (already removed).
        LinkMissing = 3 => "link does not exist",
    }
}

impl CanAddSecurityAccess {
    /// Whether the add may be sent.
    pub fn is_ok(self) -> bool {
        self == Self::Ok
    }
}

impl CanDeleteSecurityAccess {
    /// Whether the delete may be sent.
    pub fn is_ok(self) -> bool {
        self == Self::Ok
    }
}

/// Which state of a key's accesses to read (`mode`, required by iLOQ). The
/// value 0 ("do not use") cannot be expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccessMode {
    /// 1: the current or planned state.
    Planned,
    /// 2: the last programmed state.
    LastProgrammed,
}

impl AccessMode {
    /// The wire value.
    pub fn code(self) -> u8 {
        match self {
            Self::Planned => 1,
            Self::LastProgrammed => 2,
        }
    }
}

/// A security access (`SecurityAccess`) **\[V\] ENK**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SecurityAccess {
    /// `SecurityAccess_ID`.
    #[serde(rename = "SecurityAccess_ID")]
    pub id: SecurityAccessId,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `RealEstate_ID`.
    #[serde(rename = "RealEstate_ID", default)]
    pub real_estate_id: Option<RealEstateId>,
    /// `Zone_ID`.
    #[serde(rename = "Zone_ID", default)]
    pub zone_id: Option<ZoneId>,
    /// `Type`.
    #[serde(rename = "Type", default = "standard")]
    pub access_type: SecurityAccessType,
    /// `Status`.
    #[serde(rename = "Status", default = "active")]
    pub status: SecurityAccessStatus,
    /// Other fields (`AccessMode`, `DefaultAccess`, `Ext`, `VersionNr`, ...).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn standard() -> SecurityAccessType {
    SecurityAccessType::Standard
}
fn active() -> SecurityAccessStatus {
    SecurityAccessStatus::Active
}

impl SecurityAccess {
    /// Whether the API may change it (Type 3 "API access").
    pub fn is_api_access(&self) -> bool {
        self.access_type == SecurityAccessType::ApiAccess
    }

    /// Refuses any access that is not Type 3, naming it.
    pub fn require_api_access(&self) -> Result<(), ValidationError> {
        if self.is_api_access() {
            Ok(())
        } else {
            Err(ValidationError::new(
                "SecurityAccess_ID",
                format!(
                    "{} ({}) is a {} access; only Type 3 \"API access\" rights can be changed through the API",
                    self.name.as_deref().unwrap_or("access"),
                    self.id,
                    self.access_type.description()
                ),
            ))
        }
    }
}

/// The answer of `GET /Keys/{id}/SecurityAccesses` (`GetKeySecurityAccessesResult`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeySecurityAccesses {
    /// `SecurityAccesses`.
    #[serde(rename = "SecurityAccesses", default)]
    pub security_accesses: Vec<SecurityAccess>,
    /// `OutsideUserZonesCount`: accesses hidden from the user.
    #[serde(rename = "OutsideUserZonesCount", default)]
    pub outside_user_zones_count: i64,
}

endpoint! {
    /// `GET /api/v2/SecurityAccesses` **\[V\] ENK**: every access of the locking system.
    pub struct ListSecurityAccesses {}
    GET "GET /api/v2/SecurityAccesses";
    path(_s) { "api/v2/SecurityAccesses".to_string() }
    output Vec<SecurityAccess> = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `GET /api/v2/Keys/{id}/SecurityAccesses?mode=1|2` **\[V\] ENK; HEL uses mode=1**.
    pub struct GetKeySecurityAccesses { /// The key.
        id: KeyId, /// Planned or last programmed.
        mode: AccessMode }
    GET "GET /api/v2/Keys/{id}/SecurityAccesses";
    path(s) { format!("api/v2/Keys/{}/SecurityAccesses", s.id) }
    query(s) { Query::new().with("mode", s.mode.code()) }
    output KeySecurityAccesses = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `GET /api/v2/Locks/{id}/SecurityAccesses?mode=` **\[V\] ENK**; answer kept as JSON.
    pub struct GetLockSecurityAccesses { /// The lock.
        id: LockId, /// Planned or last programmed.
        mode: AccessMode }
    GET "GET /api/v2/Locks/{id}/SecurityAccesses";
    path(s) { format!("api/v2/Locks/{}/SecurityAccesses", s.id) }
    query(s) { Query::new().with("mode", s.mode.code()) }
    output serde_json::Value = decode::json_document;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `GET /api/v2/Keys/{id}/SecurityAccesses/CanAdd` **\[V\] ENK**.
    pub struct CanAddKeySecurityAccess { /// The key.
        id: KeyId }
    GET "GET /api/v2/Keys/{id}/SecurityAccesses/CanAdd";
    path(s) { format!("api/v2/Keys/{}/SecurityAccesses/CanAdd", s.id) }
    output CanAddSecurityAccess = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `POST /api/v2/Keys/{id}/SecurityAccesses` **\[V\] ENK**: body
    /// `{"SecurityAccess_ID"}`; adds one access (Type 3 only, checked by `new`).
    pub struct AddKeySecurityAccess { /// The key.
        id: KeyId, /// The access to add.
        access: SecurityAccess }
    POST "POST /api/v2/Keys/{id}/SecurityAccesses";
    path(s) { format!("api/v2/Keys/{}/SecurityAccesses", s.id) }
    body(s) { Body::json(&serde_json::json!({ "SecurityAccess_ID": s.access.id })) }
    validate(s) { s.access.require_api_access() }
    output () = decode::empty;
    error ApiError;
    idempotent false;
}

endpoint! {
    /// `GET /api/v2/Keys/{id}/SecurityAccesses/{saId}/CanDelete` **\[V\] ENK**.
    pub struct CanDeleteKeySecurityAccess { /// The key.
        id: KeyId, /// The access.
        access_id: SecurityAccessId }
    GET "GET /api/v2/Keys/{id}/SecurityAccesses/{saId}/CanDelete";
    path(s) { format!("api/v2/Keys/{}/SecurityAccesses/{}/CanDelete", s.id, s.access_id) }
    output CanDeleteSecurityAccess = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `DELETE /api/v2/Keys/{id}/SecurityAccesses/{saId}` **\[V\] ENK** (Type 3 only, checked by `new`).
    pub struct DeleteKeySecurityAccess { /// The key.
        id: KeyId, /// The access to remove.
        access: SecurityAccess }
    DELETE "DELETE /api/v2/Keys/{id}/SecurityAccesses/{saId}";
    path(s) { format!("api/v2/Keys/{}/SecurityAccesses/{}", s.id, s.access.id) }
    validate(s) { s.access.require_api_access() }
    output () = decode::empty;
    error ApiError;
    idempotent false;
}

/// The body of the full replace (`UpdateKeySecurityAccessesParam`) **\[V\] ENK; HEL, T4E**.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct KeyAccessReplacement {
    /// `SecurityAccessIds`: every access the key keeps.
    #[serde(rename = "SecurityAccessIds")]
    pub security_access_ids: Vec<SecurityAccessId>,
    /// `TimeLimitSlots`: every slot the key keeps (slot 0 start date, 1 end
    /// date, 2+ time profiles). Slots left out are deleted.
    #[serde(rename = "TimeLimitSlots")]
    pub time_limit_slots: Vec<KeyTimeLimitSlot>,
    /// `OfflineExpirationSeconds`.
    #[serde(
        rename = "OfflineExpirationSeconds",
        skip_serializing_if = "Option::is_none"
    )]
    pub offline_expiration_seconds: Option<i32>,
}

endpoint! {
    /// `PUT /api/v2/Keys/{id}/SecurityAccesses` **\[V\] ENK README "Notes"**:
    /// **replaces everything** — every access id *and every time-limit slot*
    /// (including slot 0 start date and slot 1 end date) left out of the body
    /// is deleted. [`ReplaceAllKeyAccessesAndTimeSlots::new`] takes the key's
    /// current accesses and refuses, before sending, any change (added or
    /// removed) to an access that is not Type 3.
    pub struct ReplaceAllKeyAccessesAndTimeSlots { /// The key.
        id: KeyId, /// What the key will hold afterwards, exactly.
        replacement: KeyAccessReplacement }
    PUT "PUT /api/v2/Keys/{id}/SecurityAccesses";
    path(s) { format!("api/v2/Keys/{}/SecurityAccesses", s.id) }
    body(s) { Body::json(&s.replacement) }
    validate(s) {
        for slot in &s.replacement.time_limit_slots { slot.check()?; }
        Ok(())
    }
    output () = decode::empty;
    error ApiError;
    idempotent false;
}

impl ReplaceAllKeyAccessesAndTimeSlots {
    /// The replacement of the key's accesses `current` by `desired`, refused
    /// when it would add or remove an access that is not Type 3 "API access".
    pub fn checked(
        id: KeyId,
        current: &[SecurityAccess],
        desired: &[SecurityAccess],
        time_limit_slots: Vec<KeyTimeLimitSlot>,
    ) -> Result<Self, ValidationError> {
        let now: BTreeSet<_> = current.iter().map(|a| a.id).collect();
        let next: BTreeSet<_> = desired.iter().map(|a| a.id).collect();
        for a in current.iter().filter(|a| !next.contains(&a.id)) {
            a.require_api_access()?;
        }
        for a in desired.iter().filter(|a| !now.contains(&a.id)) {
            a.require_api_access()?;
        }
        Self::new(
            id,
            KeyAccessReplacement {
                security_access_ids: next.into_iter().collect(),
                time_limit_slots,
                offline_expiration_seconds: None,
            },
        )
    }
}

/// Error of [`SecurityAccesses::add_to_key`].
pub type AddAccessError = Checked<CanAddSecurityAccess>;
/// Error of [`SecurityAccesses::remove_from_key`].
pub type RemoveAccessError = Checked<CanDeleteSecurityAccess>;

/// Security access calls of a [`Client`].
#[derive(Debug, Clone, Copy)]
pub struct SecurityAccesses<'a>(pub(crate) &'a Client);

impl Client {
    /// Security accesses ("access rights").
    pub fn security_accesses(&self) -> SecurityAccesses<'_> {
        SecurityAccesses(self)
    }
}

impl SecurityAccesses<'_> {
    /// Every access of the locking system.
    pub async fn list(&self) -> Result<Vec<SecurityAccess>, Error<ApiError>> {
        self.0.send(&ListSecurityAccesses::new()).await
    }

    /// The accesses of a key, planned or last programmed.
    pub async fn of_key(
        &self,
        key: KeyId,
        mode: AccessMode,
    ) -> Result<KeySecurityAccesses, Error<ApiError>> {
        self.0.send(&GetKeySecurityAccesses::new(key, mode)).await
    }

    /// Whether an access can be added to the key.
    pub async fn can_add(&self, key: KeyId) -> Result<CanAddSecurityAccess, Error<ApiError>> {
        self.0.send(&CanAddKeySecurityAccess::new(key)).await
    }

    /// Refuses non-API accesses, asks `CanAdd` (1 = OK), then adds. The key still
    /// has to be ordered.
    pub async fn add_to_key(
        &self,
        key: KeyId,
        access: &SecurityAccess,
    ) -> Result<(), Error<AddAccessError>> {
        let request = AddKeySecurityAccess::new(key, access.clone())?;
        let can = lift(self.can_add(key).await)?;
        if !can.is_ok() {
            return Err(refused(Checked::Refused(can)));
        }
        lift(self.0.send(&request).await)
    }

    /// Whether the access can be removed from the key.
    pub async fn can_remove(
        &self,
        key: KeyId,
        access: SecurityAccessId,
    ) -> Result<CanDeleteSecurityAccess, Error<ApiError>> {
        self.0
            .send(&CanDeleteKeySecurityAccess::new(key, access))
            .await
    }

    /// Refuses non-API accesses, asks `CanDelete` (1 = OK), then removes. The
    /// key still has to be ordered. `LinkMissing` (3) means it is already gone:
    /// T4E's advice is to order anyway.
    pub async fn remove_from_key(
        &self,
        key: KeyId,
        access: &SecurityAccess,
    ) -> Result<(), Error<RemoveAccessError>> {
        let request = DeleteKeySecurityAccess::new(key, access.clone())?;
        let can = lift(self.can_remove(key, access.id).await)?;
        if !can.is_ok() {
            return Err(refused(Checked::Refused(can)));
        }
        lift(self.0.send(&request).await)
    }

    /// Replaces every access **and every time-limit slot** of the key (full
    /// replace PUT): reads the key's planned accesses, refuses before sending
    /// when a non-API access would be added or removed, then sends exactly
    /// `desired` and `time_limit_slots`. The key still has to be ordered.
    pub async fn replace_all_and_time_slots(
        &self,
        key: KeyId,
        desired: &[SecurityAccess],
        time_limit_slots: Vec<KeyTimeLimitSlot>,
    ) -> Result<(), Error<ApiError>> {
        let current = self.of_key(key, AccessMode::Planned).await?;
        let request = ReplaceAllKeyAccessesAndTimeSlots::checked(
            key,
            &current.security_accesses,
            desired,
            time_limit_slots,
        )?;
        self.0.send(&request).await
    }
}
