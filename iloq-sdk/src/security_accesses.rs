//! Security accesses ("access rights" in Manager).
//!
//! Only accesses of Type 3 ("API access") can be changed and then ordered
//! through the API; a change to a Standard (Type 1) access needs Manager and a
//! programming token **\[V\]** ENK README FAQ "API"; T4E filters `Type -eq 3`.
//! The requests here take the [`SecurityAccess`] itself (not only its id) so
//! that a change to any other type is refused before anything is sent.

use std::collections::BTreeSet;

use access_core::http::{Body, Query, segment};
use access_core::{Error, ValidationError};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::{KeyId, LockId, RealEstateId, SecurityAccessId, ZoneId};
use crate::macros::int_enum;
use crate::time_limits::{KeyScheduler, KeyTimeLimitSlot, KeyTimeLimits};

int_enum! {
    /// `SecurityAccess.Type` (PniSecurityAccessType) **\[V\]** values; **\[I\]** mapping of the wrapper field.
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
    /// `SecurityAccess.Status` **\[V\]** values; **\[I\]** mapping of the wrapper field.
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
    /// The answer of `GET /Keys/{id}/SecurityAccesses/CanAdd` (CanAddSecurityAccessLink) **\[V\]** ENK.
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
    /// (CanDeleteSecurityAccessLink) **\[V\]** ENK. 1, not 0, is OK.
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

/// A security access (`SecurityAccess`) **\[V\]** ENK.
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
    #[serde(
        rename = "RealEstate_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub real_estate_id: Option<RealEstateId>,
    /// `Zone_ID`.
    #[serde(
        rename = "Zone_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
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

/// The answer of `GET /Locks/{id}/SecurityAccesses` (`GetLockSecurityAccessesResult`)
/// **\[V\]** OpenAPI. Its `SecurityAccess2` has the fields of [`SecurityAccess`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockSecurityAccesses {
    /// `SecurityAccesses`: the accesses the user can see (`null` reads as none).
    #[serde(
        rename = "SecurityAccesses",
        default,
        deserialize_with = "decode::list"
    )]
    pub security_accesses: Vec<SecurityAccess>,
    /// `OutsideUserZonesCount`: accesses linked to the lock outside the user's zones.
    #[serde(rename = "OutsideUserZonesCount", default)]
    pub outside_user_zones_count: i64,
}

/// `GET /api/v2/SecurityAccesses` **\[V\]** ENK: every access of the locking system.
#[derive(Debug, Clone)]
pub struct ListSecurityAccesses {}

impl ListSecurityAccesses {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListSecurityAccesses {
        name: "GET /api/v2/SecurityAccesses",
        method: GET,
        path: "api/v2/SecurityAccesses",
        output: Vec<SecurityAccess>,
        error: ListSecurityAccessesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/SecurityAccesses` (iLOQ documents none per endpoint: its general rows).
    pub enum ListSecurityAccessesError {
    }
}

/// `GET /api/v2/Keys/{id}/SecurityAccesses?mode=1|2` **\[V\]** ENK; HEL uses mode=1.
#[derive(Debug, Clone)]
pub struct GetKeySecurityAccesses {
    id: KeyId,
    mode: AccessMode,
}

impl GetKeySecurityAccesses {
    /// The request with its required parameters.
    pub fn new(id: KeyId, mode: AccessMode) -> Self {
        Self { id, mode }
    }
}

access_core::endpoint! {
    impl Endpoint for GetKeySecurityAccesses {
        name: "GET /api/v2/Keys/{id}/SecurityAccesses",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/SecurityAccesses", segment(&s.id.to_string())),
        output: KeySecurityAccesses,
        error: GetKeySecurityAccessesError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| Query::new().with("mode", s.mode.code()),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/SecurityAccesses` (iLOQ documents none per endpoint: its general rows).
    pub enum GetKeySecurityAccessesError {
    }
}

/// `GET /api/v2/Locks/{id}/SecurityAccesses?mode=` **\[V\]** ENK, OpenAPI: the
/// lock's accesses ([`LockSecurityAccesses`]). Rights: one of "edit locks", "view
/// security access list", "edit security accesses", "edit lock access", "browse
/// lock list".
#[derive(Debug, Clone)]
pub struct GetLockSecurityAccesses {
    id: LockId,
    mode: AccessMode,
}

impl GetLockSecurityAccesses {
    /// The request with its required parameters.
    pub fn new(id: LockId, mode: AccessMode) -> Self {
        Self { id, mode }
    }
}

access_core::endpoint! {
    impl Endpoint for GetLockSecurityAccesses {
        name: "GET /api/v2/Locks/{id}/SecurityAccesses",
        method: GET,
        path: |s| format!("api/v2/Locks/{}/SecurityAccesses", segment(&s.id.to_string())),
        output: LockSecurityAccesses,
        error: GetLockSecurityAccessesError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| Query::new().with("mode", s.mode.code()),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Locks/{id}/SecurityAccesses` (iLOQ documents none per endpoint: its general rows).
    pub enum GetLockSecurityAccessesError {
    }
}

/// `GET /api/v2/Keys/{id}/SecurityAccesses/CanAdd` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct CanAddKeySecurityAccess {
    id: KeyId,
}

impl CanAddKeySecurityAccess {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanAddKeySecurityAccess {
        name: "GET /api/v2/Keys/{id}/SecurityAccesses/CanAdd",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/SecurityAccesses/CanAdd", segment(&s.id.to_string())),
        output: CanAddSecurityAccess,
        error: CanAddKeySecurityAccessError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/SecurityAccesses/CanAdd` (iLOQ documents none per endpoint: its general rows).
    pub enum CanAddKeySecurityAccessError {
    }
}

/// `POST /api/v2/Keys/{id}/SecurityAccesses` **\[V\]** ENK: body
/// `{"SecurityAccess_ID"}`; adds one access (Type 3 only, checked by `new`).
#[derive(Debug, Clone)]
pub struct AddKeySecurityAccess {
    id: KeyId,
    access: SecurityAccess,
}

impl AddKeySecurityAccess {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(id: KeyId, access: SecurityAccess) -> Result<Self, ValidationError> {
        let request = Self { id, access };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for AddKeySecurityAccess {
        name: "POST /api/v2/Keys/{id}/SecurityAccesses",
        method: POST,
        path: |s| format!("api/v2/Keys/{}/SecurityAccesses", segment(&s.id.to_string())),
        output: (),
        error: AddKeySecurityAccessError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&serde_json::json!({ "SecurityAccess_ID": s.access.id })),
        validate: |s| s.access.require_api_access(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Keys/{id}/SecurityAccesses` (iLOQ documents none per endpoint: its general rows).
    pub enum AddKeySecurityAccessError {
    }
}

/// `GET /api/v2/Keys/{id}/SecurityAccesses/{saId}/CanDelete` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct CanDeleteKeySecurityAccess {
    id: KeyId,
    access_id: SecurityAccessId,
}

impl CanDeleteKeySecurityAccess {
    /// The request with its required parameters.
    pub fn new(id: KeyId, access_id: SecurityAccessId) -> Self {
        Self { id, access_id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanDeleteKeySecurityAccess {
        name: "GET /api/v2/Keys/{id}/SecurityAccesses/{saId}/CanDelete",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/SecurityAccesses/{}/CanDelete", segment(&s.id.to_string()), segment(&s.access_id.to_string())),
        output: CanDeleteSecurityAccess,
        error: CanDeleteKeySecurityAccessError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/SecurityAccesses/{saId}/CanDelete` (iLOQ documents none per endpoint: its general rows).
    pub enum CanDeleteKeySecurityAccessError {
    }
}

/// `DELETE /api/v2/Keys/{id}/SecurityAccesses/{saId}` **\[V\]** ENK (Type 3 only, checked by `new`).
#[derive(Debug, Clone)]
pub struct DeleteKeySecurityAccess {
    id: KeyId,
    access: SecurityAccess,
}

impl DeleteKeySecurityAccess {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(id: KeyId, access: SecurityAccess) -> Result<Self, ValidationError> {
        let request = Self { id, access };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteKeySecurityAccess {
        name: "DELETE /api/v2/Keys/{id}/SecurityAccesses/{saId}",
        method: DELETE,
        path: |s| format!("api/v2/Keys/{}/SecurityAccesses/{}", segment(&s.id.to_string()), segment(&s.access.id.to_string())),
        output: (),
        error: DeleteKeySecurityAccessError,
        idempotent: false,
        decode: |_, r| r.empty(),
        validate: |s| s.access.require_api_access(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/Keys/{id}/SecurityAccesses/{saId}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteKeySecurityAccessError {
    }
}

/// The body of the full replace (`UpdateKeySecurityAccessesParam`) **\[V\]**
/// OpenAPI; HEL, T4E. Every part is sent: iLOQ deletes from the key whatever
/// the body leaves out, so the key's scheduler, offline expiry and the slots
/// outside the user's zones go back as they were read
/// ([`KeyAccessReplacement::new`] takes them from [`KeyTimeLimits`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct KeyAccessReplacement {
    /// `SecurityAccessIds`: every access the key keeps.
    #[serde(rename = "SecurityAccessIds")]
    pub security_access_ids: Vec<SecurityAccessId>,
    /// `TimeLimitSlots`: every slot the key keeps (`SlotNo` 0 start date, 1
    /// end date, 2 time profiles). Slots left out are deleted.
    #[serde(rename = "TimeLimitSlots")]
    pub time_limit_slots: Vec<KeyTimeLimitSlot>,
    /// `KeyScheduler`: the renewal schedule (`null`: none).
    #[serde(rename = "KeyScheduler")]
    pub key_scheduler: Option<KeyScheduler>,
    /// `OfflineExpirationSeconds` (required): 0 = unlimited offline use.
    #[serde(rename = "OfflineExpirationSeconds")]
    pub offline_expiration_seconds: i32,
    /// `OutsideUserZoneTimeLimitTitleSlots`: slots the user cannot see, kept
    /// as they are ("aren't overridden").
    #[serde(rename = "OutsideUserZoneTimeLimitTitleSlots")]
    pub outside_user_zone_slots: Vec<i32>,
}

impl KeyAccessReplacement {
    /// The key's accesses `security_access_ids` with its time limits `limits`
    /// (as read from `GET /Keys/{id}/TimeLimitTitles`, edited or not): slots,
    /// scheduler, offline expiry and the slots outside the user's zones.
    pub fn new(security_access_ids: Vec<SecurityAccessId>, limits: KeyTimeLimits) -> Self {
        Self {
            security_access_ids,
            time_limit_slots: limits.slots,
            key_scheduler: limits.key_scheduler,
            offline_expiration_seconds: limits.offline_expiration_seconds,
            outside_user_zone_slots: limits.outside_user_zone_slots,
        }
    }

    fn check(&self) -> Result<(), ValidationError> {
        KeyTimeLimits {
            key_scheduler: self.key_scheduler.clone(),
            slots: self.time_limit_slots.clone(),
            offline_expiration_seconds: self.offline_expiration_seconds,
            outside_user_zone_slots: self.outside_user_zone_slots.clone(),
        }
        .check()
    }
}

/// `PUT /api/v2/Keys/{id}/SecurityAccesses` **\[V\]** ENK README "Notes":
/// **replaces everything** — every access id *and every time-limit slot*
/// (including slot 0 start date and slot 1 end date) left out of the body
/// is deleted. [`ReplaceAllKeyAccessesAndTimeSlots::new`] takes the key's
/// current accesses and refuses, before sending, any change (added or
/// removed) to an access that is not Type 3.
#[derive(Debug, Clone)]
pub struct ReplaceAllKeyAccessesAndTimeSlots {
    id: KeyId,
    replacement: KeyAccessReplacement,
}

impl ReplaceAllKeyAccessesAndTimeSlots {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(id: KeyId, replacement: KeyAccessReplacement) -> Result<Self, ValidationError> {
        let request = Self { id, replacement };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for ReplaceAllKeyAccessesAndTimeSlots {
        name: "PUT /api/v2/Keys/{id}/SecurityAccesses",
        method: PUT,
        path: |s| format!("api/v2/Keys/{}/SecurityAccesses", segment(&s.id.to_string())),
        output: (),
        error: ReplaceAllKeyAccessesAndTimeSlotsError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.replacement),
        validate: |s| s.replacement.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/Keys/{id}/SecurityAccesses` (iLOQ documents none per endpoint: its general rows).
    pub enum ReplaceAllKeyAccessesAndTimeSlotsError {
    }
}

impl ReplaceAllKeyAccessesAndTimeSlots {
    /// The replacement of the key's accesses `current` by `desired`, refused
    /// when it would add or remove an access that is not Type 3 "API access".
    /// `limits` is everything else the body carries (slots, `KeyScheduler`,
    /// `OfflineExpirationSeconds`, `OutsideUserZoneTimeLimitTitleSlots`): pass
    /// what `GET /Keys/{id}/TimeLimitTitles` answered, edited as meant, so that
    /// nothing is deleted by being left out. A bare list of slots means no
    /// scheduler, unlimited offline use and no slot outside the user's zones.
    pub fn checked(
        id: KeyId,
        current: &[SecurityAccess],
        desired: &[SecurityAccess],
        limits: impl Into<KeyTimeLimits>,
    ) -> Result<Self, ValidationError> {
        let limits = limits.into();
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
            KeyAccessReplacement::new(next.into_iter().collect(), limits),
        )
    }
}

/// A security access to insert or update: the writable fields of
/// `InsertSecurityAccessParam.SecurityAccess` / `UpdateSecurityAccessParam.SecurityAccess`
/// **\[V\]** OpenAPI. Only Standard (1) and API (3) accesses can be inserted,
/// always Active; `Type` cannot be changed by an update.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SecurityAccessDefinition {
    /// `SecurityAccess_ID`: the integrator's own GUID on insert.
    pub id: SecurityAccessId,
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Type`: [`SecurityAccessType::Standard`] or [`SecurityAccessType::ApiAccess`].
    pub access_type: SecurityAccessType,
    /// `AccessMode`: 0 shown by default, 1 hidden by default.
    pub access_mode: i64,
    /// `DefaultAccess`: whether new locks get it by default (1) or not (0).
    pub default_access: i64,
    /// `Ext`: 1 when time control or other conditions are on.
    pub ext: i64,
    /// `ExtDescription`: what `Ext` means.
    pub ext_description: Option<String>,
    /// `RealEstate_ID` (not nullable; the root, all zeros, by default).
    pub real_estate_id: RealEstateId,
    /// `Zone_ID`.
    pub zone_id: Option<ZoneId>,
    /// `ParentSecurityAccess_ID` (insert only): the parent of a nested access.
    pub parent_id: Option<SecurityAccessId>,
    /// `VersionNr` (insert only) of a versioned access.
    pub version_nr: Option<i32>,
}

impl SecurityAccessDefinition {
    /// A new access `name` of `access_type` (Standard or API access) with a
    /// generated id, shown by default, not a lock default, no time control.
    pub fn new(
        name: impl Into<String>,
        access_type: SecurityAccessType,
    ) -> Result<Self, ValidationError> {
        let d = Self {
            id: SecurityAccessId::generate(),
            name: name.into(),
            description: None,
            access_type,
            access_mode: 0,
            default_access: 0,
            ext: 0,
            ext_description: None,
            real_estate_id: RealEstateId::new(uuid::Uuid::nil()),
            zone_id: None,
            parent_id: None,
            version_nr: None,
        };
        d.check_insert()?;
        Ok(d)
    }

    /// The definition of an access as read, to change and send back with
    /// [`UpdateSecurityAccess`] (fields iLOQ answers outside the typed ones,
    /// `AccessMode`, `DefaultAccess`, `Ext`, `ExtDescription`, are kept).
    pub fn from_read(a: &SecurityAccess) -> Self {
        let int = |f: &str| {
            a.extra
                .get(f)
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(0)
        };
        Self {
            id: a.id,
            name: a.name.clone().unwrap_or_default(),
            description: a.description.clone(),
            access_type: a.access_type,
            access_mode: int("AccessMode"),
            default_access: int("DefaultAccess"),
            ext: int("Ext"),
            ext_description: a
                .extra
                .get("ExtDescription")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
            real_estate_id: a
                .real_estate_id
                .unwrap_or(RealEstateId::new(uuid::Uuid::nil())),
            zone_id: a.zone_id,
            parent_id: a
                .extra
                .get("ParentSecurityAccess_ID")
                .and_then(serde_json::Value::as_str)
                .and_then(|s| s.parse().ok()),
            version_nr: a
                .extra
                .get("VersionNr")
                .and_then(serde_json::Value::as_i64)
                .and_then(|v| i32::try_from(v).ok()),
        }
    }

    /// Sets `Description`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets `Zone_ID`.
    pub fn zone(mut self, zone: ZoneId) -> Self {
        self.zone_id = Some(zone);
        self
    }

    /// Sets `RealEstate_ID`.
    pub fn real_estate(mut self, id: RealEstateId) -> Self {
        self.real_estate_id = id;
        self
    }

    /// Hides it by default (`AccessMode` 1).
    pub fn hidden(mut self, hidden: bool) -> Self {
        self.access_mode = i64::from(hidden);
        self
    }

    /// Sets it on new locks by default (`DefaultAccess` 1).
    pub fn lock_default(mut self, default: bool) -> Self {
        self.default_access = i64::from(default);
        self
    }

    /// Turns time control or other conditions on (`Ext` 1) with their description.
    pub fn conditions(mut self, description: impl Into<String>) -> Self {
        self.ext = 1;
        self.ext_description = Some(description.into());
        self
    }

    /// Nests it under `parent` (`ParentSecurityAccess_ID`, insert only).
    pub fn parent(mut self, parent: SecurityAccessId) -> Self {
        self.parent_id = Some(parent);
        self
    }

    /// Sets `VersionNr` (insert only).
    pub fn version_nr(mut self, version: i32) -> Self {
        self.version_nr = Some(version);
        self
    }

    fn check_common(&self) -> Result<(), ValidationError> {
        if self.name.trim().is_empty() {
            return Err(ValidationError::new("Name", "must not be empty"));
        }
        for (field, v) in [
            ("AccessMode", self.access_mode),
            ("DefaultAccess", self.default_access),
            ("Ext", self.ext),
        ] {
            if !(0..=1).contains(&v) {
                return Err(ValidationError::new(field, "must be 0 or 1"));
            }
        }
        Ok(())
    }

    /// The insert rules: a name, flags 0 or 1, and only Standard (1) or API
    /// access (3) **\[V\]** OpenAPI ("Only standard access and API access can be added").
    pub fn check_insert(&self) -> Result<(), ValidationError> {
        self.check_common()?;
        if !matches!(
            self.access_type,
            SecurityAccessType::Standard | SecurityAccessType::ApiAccess
        ) {
            return Err(ValidationError::new(
                "Type",
                "only Standard (1) and API access (3) rights can be added",
            ));
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct InsertAccessBody<'a> {
    #[serde(rename = "SecurityAccess")]
    access: InsertAccessFields<'a>,
}

#[derive(Serialize)]
struct InsertAccessFields<'a> {
    #[serde(rename = "SecurityAccess_ID")]
    id: SecurityAccessId,
    #[serde(rename = "Name")]
    name: &'a str,
    #[serde(rename = "Description")]
    description: Option<&'a str>,
    #[serde(rename = "Type")]
    access_type: SecurityAccessType,
    #[serde(rename = "Status")]
    status: SecurityAccessStatus,
    #[serde(rename = "AccessMode")]
    access_mode: i64,
    #[serde(rename = "DefaultAccess")]
    default_access: i64,
    #[serde(rename = "Ext")]
    ext: i64,
    #[serde(rename = "ExtDescription")]
    ext_description: Option<&'a str>,
    #[serde(rename = "RealEstate_ID")]
    real_estate_id: RealEstateId,
    #[serde(rename = "Zone_ID")]
    zone_id: Option<ZoneId>,
    #[serde(rename = "ParentSecurityAccess_ID")]
    parent_id: Option<SecurityAccessId>,
    #[serde(rename = "VersionNr")]
    version_nr: Option<i32>,
}

#[derive(Serialize)]
struct UpdateAccessBody<'a> {
    #[serde(rename = "SecurityAccess")]
    access: UpdateAccessFields<'a>,
}

#[derive(Serialize)]
struct UpdateAccessFields<'a> {
    #[serde(rename = "SecurityAccess_ID")]
    id: SecurityAccessId,
    #[serde(rename = "Name")]
    name: &'a str,
    #[serde(rename = "Description")]
    description: Option<&'a str>,
    #[serde(rename = "Type")]
    access_type: SecurityAccessType,
    #[serde(rename = "AccessMode")]
    access_mode: i64,
    #[serde(rename = "DefaultAccess")]
    default_access: i64,
    #[serde(rename = "Ext")]
    ext: i64,
    #[serde(rename = "ExtDescription")]
    ext_description: Option<&'a str>,
    #[serde(rename = "RealEstate_ID")]
    real_estate_id: RealEstateId,
    #[serde(rename = "Zone_ID")]
    zone_id: Option<ZoneId>,
}

impl SecurityAccessDefinition {
    fn insert_body(&self) -> InsertAccessBody<'_> {
        InsertAccessBody {
            access: InsertAccessFields {
                id: self.id,
                name: &self.name,
                description: self.description.as_deref(),
                access_type: self.access_type,
                status: SecurityAccessStatus::Active,
                access_mode: self.access_mode,
                default_access: self.default_access,
                ext: self.ext,
                ext_description: self.ext_description.as_deref(),
                real_estate_id: self.real_estate_id,
                zone_id: self.zone_id,
                parent_id: self.parent_id,
                version_nr: self.version_nr,
            },
        }
    }

    fn update_body(&self) -> UpdateAccessBody<'_> {
        UpdateAccessBody {
            access: UpdateAccessFields {
                id: self.id,
                name: &self.name,
                description: self.description.as_deref(),
                access_type: self.access_type,
                access_mode: self.access_mode,
                default_access: self.default_access,
                ext: self.ext,
                ext_description: self.ext_description.as_deref(),
                real_estate_id: self.real_estate_id,
                zone_id: self.zone_id,
            },
        }
    }
}

/// The answer of `POST /SecurityAccesses` (`InsertSecurityAccessResult`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InsertSecurityAccessResult {
    /// `SecurityAccess`: the access as iLOQ stored it.
    #[serde(rename = "SecurityAccess", default)]
    pub security_access: Option<SecurityAccess>,
}

/// `POST /api/v2/SecurityAccesses` **\[V\]** OpenAPI (`InsertSecurityAccessParam`
/// → `InsertSecurityAccessResult`): adds a security access, Active, of Type 1
/// or 3. Right: edit security accesses.
#[derive(Debug, Clone)]
pub struct InsertSecurityAccess {
    access: SecurityAccessDefinition,
}

impl InsertSecurityAccess {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(access: SecurityAccessDefinition) -> Result<Self, ValidationError> {
        let request = Self { access };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for InsertSecurityAccess {
        name: "POST /api/v2/SecurityAccesses",
        method: POST,
        path: "api/v2/SecurityAccesses",
        output: InsertSecurityAccessResult,
        error: InsertSecurityAccessError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| Body::json(&s.access.insert_body()),
        validate: |s| s.access.check_insert(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/SecurityAccesses` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertSecurityAccessError {
    }
}

/// `PUT /api/v2/SecurityAccesses` **\[V\]** OpenAPI (`UpdateSecurityAccessParam`,
/// void): changes an access's name, description, flags, zone and real
/// estate; `Type` is read-only. Right: edit security accesses.
#[derive(Debug, Clone)]
pub struct UpdateSecurityAccess {
    access: SecurityAccessDefinition,
}

impl UpdateSecurityAccess {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(access: SecurityAccessDefinition) -> Result<Self, ValidationError> {
        let request = Self { access };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateSecurityAccess {
        name: "PUT /api/v2/SecurityAccesses",
        method: PUT,
        path: "api/v2/SecurityAccesses",
        output: (),
        error: UpdateSecurityAccessError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.access.update_body()),
        validate: |s| s.access.check_common(),
    }
}

access_core::error_enum! {
    /// Failures of `PUT /api/v2/SecurityAccesses` (iLOQ's general rows).
    pub enum UpdateSecurityAccessError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `DELETE /api/v2/SecurityAccesses/{id}` **\[V\]** OpenAPI (void): deletes a
/// security access. Right: edit security accesses.
#[derive(Debug, Clone)]
pub struct DeleteSecurityAccess {
    id: SecurityAccessId,
}

impl DeleteSecurityAccess {
    /// The request with its required parameters.
    pub fn new(id: SecurityAccessId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteSecurityAccess {
        name: "DELETE /api/v2/SecurityAccesses/{id}",
        method: DELETE,
        path: |s| format!("api/v2/SecurityAccesses/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteSecurityAccessError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

access_core::error_enum! {
    /// Failures of `DELETE /api/v2/SecurityAccesses/{id}` (iLOQ's general rows).
    pub enum DeleteSecurityAccessError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// Security access calls of a [`Client`]: `client.security_accesses()`.
#[derive(Debug, Clone, Copy)]
pub struct SecurityAccesses<'a>(&'a Client);

impl Client {
    /// Security accesses, "access rights" (`/api/v2/SecurityAccesses`).
    pub fn security_accesses(&self) -> SecurityAccesses<'_> {
        SecurityAccesses(self)
    }
}

impl SecurityAccesses<'_> {
    /// Every access of the locking system (answered whole).
    pub async fn list(self) -> Result<Vec<SecurityAccess>, Error<ListSecurityAccessesError>> {
        self.0.send(&ListSecurityAccesses::new()).await
    }

    /// Adds a security access (Active; Standard or API access) and answers it
    /// as iLOQ stored it.
    pub async fn insert(
        self,
        access: SecurityAccessDefinition,
    ) -> Result<InsertSecurityAccessResult, Error<InsertSecurityAccessError>> {
        self.0.send(&InsertSecurityAccess::new(access)?).await
    }

    /// Changes a security access (read it, [`SecurityAccessDefinition::from_read`], change, send).
    pub async fn update(
        self,
        access: SecurityAccessDefinition,
    ) -> Result<(), Error<UpdateSecurityAccessError>> {
        self.0.send(&UpdateSecurityAccess::new(access)?).await
    }

    /// Deletes a security access.
    pub async fn delete(
        self,
        id: SecurityAccessId,
    ) -> Result<(), Error<DeleteSecurityAccessError>> {
        self.0.send(&DeleteSecurityAccess::new(id)).await
    }

    /// The accesses of a key, planned or last programmed.
    pub async fn of_key(
        self,
        key: KeyId,
        mode: AccessMode,
    ) -> Result<KeySecurityAccesses, Error<GetKeySecurityAccessesError>> {
        self.0.send(&GetKeySecurityAccesses::new(key, mode)).await
    }

    /// The accesses of a lock, planned or last programmed.
    pub async fn of_lock(
        self,
        lock: LockId,
        mode: AccessMode,
    ) -> Result<LockSecurityAccesses, Error<GetLockSecurityAccessesError>> {
        self.0.send(&GetLockSecurityAccesses::new(lock, mode)).await
    }

    /// Whether an access can be added to the key.
    pub async fn can_add(
        self,
        key: KeyId,
    ) -> Result<CanAddSecurityAccess, Error<CanAddKeySecurityAccessError>> {
        self.0.send(&CanAddKeySecurityAccess::new(key)).await
    }

    /// Refuses non-API accesses, asks `CanAdd` (1 = OK), then adds. The key still
    /// has to be ordered.
    pub async fn add_to_key(
        self,
        key: KeyId,
        access: &SecurityAccess,
    ) -> Result<(), Error<Checked<CanAddSecurityAccess, AddKeySecurityAccessError>>> {
        let request = AddKeySecurityAccess::new(key, access.clone())?;
        let can = check(
            self.can_add(key).await,
            AddKeySecurityAccessError::from_details,
        )?;
        if !can.is_ok() {
            return Err(refused(can));
        }
        guarded(self.0.send(&request).await)
    }

    /// Whether the access can be removed from the key.
    pub async fn can_remove(
        self,
        key: KeyId,
        access: SecurityAccessId,
    ) -> Result<CanDeleteSecurityAccess, Error<CanDeleteKeySecurityAccessError>> {
        self.0
            .send(&CanDeleteKeySecurityAccess::new(key, access))
            .await
    }

    /// Refuses non-API accesses, asks `CanDelete` (1 = OK), then removes. The
    /// key still has to be ordered. `LinkMissing` (3) means it is already gone:
    /// T4E's advice is to order anyway.
    pub async fn remove_from_key(
        self,
        key: KeyId,
        access: &SecurityAccess,
    ) -> Result<(), Error<Checked<CanDeleteSecurityAccess, DeleteKeySecurityAccessError>>> {
        let request = DeleteKeySecurityAccess::new(key, access.clone())?;
        let can = check(
            self.can_remove(key, access.id).await,
            DeleteKeySecurityAccessError::from_details,
        )?;
        if !can.is_ok() {
            return Err(refused(can));
        }
        guarded(self.0.send(&request).await)
    }

    /// Reads what the full replace would otherwise delete: the key's planned
    /// accesses and its planned time limits (slots, scheduler, offline expiry,
    /// slots outside the user's zones).
    async fn read_for_replace(
        self,
        key: KeyId,
    ) -> Result<(KeySecurityAccesses, KeyTimeLimits), Error<ReplaceAllKeyAccessesAndTimeSlotsError>>
    {
        let into = ReplaceAllKeyAccessesAndTimeSlotsError::from_details;
        let current = self
            .of_key(key, AccessMode::Planned)
            .await
            .map_err(|e| e.recast_with(into))?;
        let limits = self
            .0
            .time_limits()
            .of_key(key, AccessMode::Planned)
            .await
            .map_err(|e| e.recast_with(into))?;
        Ok((current, limits))
    }

    /// Replaces every access **and every time-limit slot** of the key (full
    /// replace PUT): reads the key's planned accesses and time limits, refuses
    /// before sending when a non-API access would be added or removed, then
    /// sends `desired` and `time_limit_slots` with the key's `KeyScheduler`,
    /// `OfflineExpirationSeconds` and `OutsideUserZoneTimeLimitTitleSlots` as
    /// read (so those are kept). The key still has to be ordered.
    pub async fn replace_all_and_time_slots(
        self,
        key: KeyId,
        desired: &[SecurityAccess],
        time_limit_slots: Vec<KeyTimeLimitSlot>,
    ) -> Result<(), Error<ReplaceAllKeyAccessesAndTimeSlotsError>> {
        let (current, limits) = self.read_for_replace(key).await?;
        let request = ReplaceAllKeyAccessesAndTimeSlots::checked(
            key,
            &current.security_accesses,
            desired,
            limits.with_slots(time_limit_slots),
        )?;
        self.0.send(&request).await
    }

    /// Sets the key's accesses to `desired` through the full replace PUT,
    /// keeping everything else it read (every time-limit slot, the scheduler,
    /// the offline expiry, the slots outside the user's zones); refused before
    /// sending when a non-API access would be added or removed. Accesses
    /// outside the user's zones (`OutsideUserZonesCount`) cannot be read, so
    /// they cannot be named; iLOQ documents no way to send them back **\[I\]**.
    /// The key still has to be ordered.
    pub async fn replace_accesses(
        self,
        key: KeyId,
        desired: &[SecurityAccess],
    ) -> Result<(), Error<ReplaceAllKeyAccessesAndTimeSlotsError>> {
        let (current, limits) = self.read_for_replace(key).await?;
        let request = ReplaceAllKeyAccessesAndTimeSlots::checked(
            key,
            &current.security_accesses,
            desired,
            limits,
        )?;
        self.0.send(&request).await
    }
}
