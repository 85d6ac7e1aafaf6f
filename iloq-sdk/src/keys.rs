//! Keys (`/api/v2/Keys`): S5 keys, S50 fobs, phone keys, external RFID tags.
//!
//! Rights: reading needs "view key list", editing "edit keys", access changes
//! "edit key access", ordering "order keys" **\[V\]** ENK. A change to a key
//! stays in planning until `CanOrder` answers 0 and `Order` is sent; the key is
//! then Ordered (a phone key: Sent) until the hardware is programmed (a wall
//! reader, the programming token, the S50 app), when it becomes Programmed.

use access_core::http::{Body, Query, segment};
use access_core::{Error, Operation, Progress, ValidationError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::LockGroupOptions;
use crate::client::Client;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::{KeyId, PersonId, RealEstateId, SecurityAccessId, ZoneId};
use crate::macros::{flags, int_enum};
use crate::time_limits::KeyTimeLimitSlot;

flags! {
    /// `Key.KeyTypeMask` **\[V\]** ENK KeyTypeMask.php; HEL uses 264. Accepted
    /// combinations: S5 key 264, S50 fob 10, S50 phone 6, S10 key 9, external
    /// RFID tag 384 (400 after programming).
    pub struct KeyTypeMask(u32) {
        /// S10.
        const S10 = 1;
        /// S50.
        const S50 = 2;
        /// Phone.
        const PHONE = 4;
        /// iLOQ physical key.
        const ILOQ_KEY = 8;
        /// Classic Mifare RFID.
        const MIFARE_CLASSIC = 16;
        /// Desfire.
        const DESFIRE = 32;
        /// Nortec.
        const NORTEC = 64;
        /// Other than an iLOQ physical key.
        const NON_ILOQ = 128;
        /// 5 Series.
        const FIVE_SERIES = 256;
        /// Apartment virtual key.
        const APARTMENT_VIRTUAL = 512;
    }
}

impl KeyTypeMask {
    /// An S5 key (264 = 5 Series + iLOQ key).
    pub const S5_KEY: KeyTypeMask = KeyTypeMask(264);
    /// An S50 key fob (10 = S50 + iLOQ key).
    pub const S50_FOB: KeyTypeMask = KeyTypeMask(10);
    /// An S50 phone key (6 = S50 + phone).
    pub const S50_PHONE: KeyTypeMask = KeyTypeMask(6);
    /// An external RFID tag as inserted (384).
    pub const EXTERNAL_RFID: KeyTypeMask = KeyTypeMask(384);

    /// Whether this is a phone key.
    pub fn is_phone(self) -> bool {
        self.contains(Self::PHONE)
    }

    /// Whether this is a physical S5 key or an S50 fob.
    pub fn is_physical(self) -> bool {
        self.contains(Self::ILOQ_KEY)
    }
}

int_enum! {
    /// `Key.State`: ownership and lifecycle **\[V\]** ENK docs/Model/Key.md.
    pub enum KeyState {
        /// Planning.
        Planning = 0 => "planning",
        /// Handed over to a person.
        HandedOver = 1 => "handed over to a person",
        /// Hidden.
        Hidden = 2 => "hidden",
        /// Deleted (kept for logs).
        Deleted = 3 => "deleted",
        /// Returned.
        Returned = 4 => "returned",
    }
}

int_enum! {
    /// `Key.ProgrammingState` (read-only). ENK generated the field as an empty
    /// wrapper; the values are those of `PniLogicalState` ("keys' and locks'
    /// logical states") **\[V\]** values; **\[I\]** that this is the referenced enum.
    /// GEN and ES use the labels In planning, Ordered (Sent for a phone key),
    /// Programmed.
    pub enum ProgrammingState {
        /// In planning: changes not ordered yet.
        Planning = 0 => "planning",
        /// Ordered: the programming packet is on the server (a phone key: "Sent").
        Ordered = 1 => "ordered",
        /// The packet was retrieved but not yet acknowledged.
        Retrieved = 2 => "packet retrieved, not yet acknowledged",
        /// Programmed.
        Programmed = 3 => "programmed",
        /// Zeroed (locks only).
        Zeroed = 4 => "zeroed",
        /// Cancelled (internal).
        Cancelled = 5 => "cancelled",
        /// Obsolete (internal).
        Obsolete = 6 => "obsolete",
        /// The packet is on a programming key, not yet acknowledged.
        OnProgrammingKey = 7 => "packet on a programming key, not yet acknowledged",
        /// Error.
        Error = -1 => "error",
    }
}

impl ProgrammingState {
    /// The stage as the seed names it: "Ordered" is "Sent" for a phone key.
    pub fn stage_name(self, phone: bool) -> &'static str {
        match self {
            Self::Ordered | Self::Retrieved | Self::OnProgrammingKey if phone => "Sent",
            Self::Ordered | Self::Retrieved | Self::OnProgrammingKey => "Ordered",
            Self::Programmed => "Programmed",
            Self::Planning => "Planning",
            _ => self.description(),
        }
    }
}

int_enum! {
    /// The answer of `GET /Keys/{id}/CanOrder` (CanOrderKeyResultType) **\[V\]** ENK.
    pub enum CanOrderKey {
        /// The key can be ordered.
        Ok = 0 => "OK",
        /// Needs Manager and a programming token.
        NeedsManager = 1 => "needs Manager and a programming token",
        /// Not a phone or 5 Series key.
        NotPhoneOr5Series = 2 => "not a phone or 5 Series key",
        /// License limit exceeded.
        LicenseLimit = 3 => "license limit exceeded",
        /// Wrong state (only planning can be ordered).
        WrongState = 4 => "wrong state (only a key in planning can be ordered)",
        /// Id too large.
        IdTooLarge = 5 => "id too large",
        /// A security access is outside the key's zones.
        AccessOutsideZones = 6 => "security access outside the key's zones",
        /// A time limit is outside the key's zones.
        TimeLimitOutsideZones = 7 => "time limit outside the key's zones",
        /// The key is in the block list.
        Blocklisted = 8 => "key is in the block list",
        /// Phone number missing.
        PhoneNumberMissing = 9 => "phone number missing",
        /// E-mail missing while UseEmail is set.
        EmailMissing = 10 => "e-mail missing while UseEmail is set",
        /// Too many time limits.
        TooManyTimeLimits = 11 => "too many time limits",
        /// Main zone not set.
        MainZoneNotSet = 12 => "main zone not set",
        /// No person attached.
        NoPerson = 13 => "no person attached",
        /// External key has no TagKey.
        NoTagKey = 14 => "external key has no TagKey",
        /// Error.
        Error = -1 => "error",
    }
}

int_enum! {
    /// The answer of `GET /Keys/{id}/CanReturn` (CanReturnKeyResultType) **\[V\]** ENK.
    /// Physical S5 keys and fobs cannot be returned through the API.
    pub enum CanReturnKey {
        /// The key can be returned.
        Ok = 0 => "OK",
        /// Needs Manager and a programming token.
        NeedsManager = 1 => "needs Manager and a programming token",
        /// Not a phone key or external RFID tag.
        NotPhoneOrRfid = 2 => "not a phone key or external RFID tag",
        /// Never programmed: delete it instead.
        NeverProgrammed = 3 => "never programmed (delete it instead)",
        /// In the block list.
        Blocklisted = 4 => "in the block list",
    }
}

int_enum! {
    /// The answer of `GET /Keys/{id}/CanDelete` (CanDeleteKeyResult) **\[V\]** ENK.
    pub enum CanDeleteKey {
        /// The key can be deleted.
        Ok = 0 => "OK",
        /// Already programmed: return it instead.
        AlreadyProgrammed = 1 => "already programmed (return it instead)",
        /// Given to programming: return it instead.
        GivenToProgramming = 2 => "given to programming (return it instead)",
        /// Blocklisted.
        Blocklisted = 3 => "blocklisted",
    }
}

int_enum! {
    /// The answer of `GET /Keys/{id}/CanUpdateMainZone` (CanUpdateKeyMainZoneResult) **\[V\]** ENK.
    pub enum CanUpdateMainZone {
        /// The main zone can be changed.
        Ok = 0 => "OK",
        /// The locking system has no main zones.
        NotSupported = 1 => "the locking system has no main zones",
        /// Cannot change after the first order.
        AlreadyOrdered = 2 => "cannot change after the key was ordered once",
    }
}

macro_rules! impl_is_ok {
    ($($t:ty),*) => {$(
        impl $t {
            /// Whether the guarded call may be sent.
            pub fn is_ok(self) -> bool {
                self == Self::Ok
            }
        }
    )*};
}
impl_is_ok!(CanOrderKey, CanReturnKey, CanDeleteKey, CanUpdateMainZone);

/// A key (`Key`) **\[V\]** ENK Key.php.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Key {
    /// `FNKey_ID`.
    #[serde(rename = "FNKey_ID")]
    pub id: KeyId,
    /// `Person_ID`: the holder (required for phone keys).
    #[serde(
        rename = "Person_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub person_id: Option<PersonId>,
    /// `RealEstate_ID`.
    #[serde(
        rename = "RealEstate_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub real_estate_id: Option<RealEstateId>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `InfoText`.
    #[serde(rename = "InfoText", default)]
    pub info_text: Option<String>,
    /// `ExpireDate` (null = never).
    #[serde(rename = "ExpireDate", default, with = "crate::dates::utc_opt")]
    pub expire_date: Option<DateTime<Utc>>,
    /// `KeyTypeMask`.
    #[serde(rename = "KeyTypeMask", default)]
    pub key_type: KeyTypeMask,
    /// `State`.
    #[serde(rename = "State", default = "planning")]
    pub state: KeyState,
    /// `ProgrammingState` (read-only).
    #[serde(rename = "ProgrammingState", default = "prog_planning")]
    pub programming_state: ProgrammingState,
    /// `IsProgrammed` (read-only): whether the key was ever programmed.
    #[serde(rename = "IsProgrammed", default)]
    pub is_programmed: bool,
    /// `ROM_ID`.
    #[serde(rename = "ROM_ID", default)]
    pub rom_id: Option<String>,
    /// `Stamp`: the label on the physical key, at most 10 characters.
    #[serde(rename = "Stamp", default)]
    pub stamp: Option<String>,
    /// `TagKey`: the RFID tag (`""` if none).
    #[serde(rename = "TagKey", default)]
    pub tag_key: Option<String>,
    /// `VersionCode`.
    #[serde(rename = "VersionCode", default)]
    pub version_code: Option<String>,
    /// Other fields (`StampSource`, `TagKeyHex`, `TagKeySource`, ...).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn planning() -> KeyState {
    KeyState::Planning
}
fn prog_planning() -> ProgrammingState {
    ProgrammingState::Planning
}

impl Key {
    /// Whether this is a phone key.
    pub fn is_phone(&self) -> bool {
        self.key_type.is_phone()
    }

    /// `Stamp` on `PUT /Keys` (`UpdateKeyParam_Key`): required and not
    /// nullable (an empty string is a value), at most 10 characters. A key read
    /// without one cannot be sent back as `"Stamp": null`.
    fn check_stamp(&self) -> Result<(), ValidationError> {
        match self.stamp.as_deref() {
            None => Err(ValidationError::new(
                "Stamp",
                "is required and not nullable on update (set it, \"\" for none)",
            )),
            Some(s) if s.chars().count() > 10 => Err(ValidationError::new(
                "Stamp",
                "must be at most 10 characters",
            )),
            Some(_) => Ok(()),
        }
    }
}

/// A key to insert (`InsertKeyParam`) **\[V\]** ENK.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewKey {
    /// The key (`Key`): id, type, holder, description.
    #[serde(rename = "Key")]
    pub key: serde_json::Value,
    /// `SecurityAccessIds`.
    #[serde(rename = "SecurityAccessIds")]
    pub security_access_ids: Vec<SecurityAccessId>,
    /// `ZoneIds`.
    #[serde(rename = "ZoneIds")]
    pub zone_ids: Vec<ZoneId>,
    /// `TimeLimitSlots`.
    #[serde(rename = "TimeLimitSlots")]
    pub time_limit_slots: Vec<KeyTimeLimitSlot>,
    /// `OfflineExpirationSeconds`: 0 = unlimited; at most 16761540 for a fob
    /// and 8726340 for a phone **\[V\]** ENK.
    #[serde(rename = "OfflineExpirationSeconds")]
    pub offline_expiration_seconds: i32,
    #[serde(skip)]
    key_type: KeyTypeMask,
    #[serde(skip)]
    person_id: Option<PersonId>,
}

impl NewKey {
    /// A key of `key_type` with a generated `FNKey_ID`.
    pub fn new(key_type: KeyTypeMask, description: impl Into<String>) -> Self {
        let id = KeyId::generate();
        Self {
            key: serde_json::json!({
                "FNKey_ID": id,
                "KeyTypeMask": key_type,
                "Description": description.into(),
                "Person_ID": null,
                "ManufacturingInfo": "",
                "OnlineAccessCode": "",
                "ROM_ID": "",
                "Stamp": "",
                "TagKey": "",
            }),
            security_access_ids: Vec::new(),
            zone_ids: Vec::new(),
            time_limit_slots: Vec::new(),
            offline_expiration_seconds: 0,
            key_type,
            person_id: None,
        }
    }

    /// An S50 phone key (KeyTypeMask 6) of `person` (required since iLOQ 6.9.1.0).
    pub fn phone(person: PersonId, description: impl Into<String>) -> Self {
        Self::new(KeyTypeMask::S50_PHONE, description).person(person)
    }

    /// The generated key id.
    pub fn id(&self) -> Option<KeyId> {
        self.key
            .get("FNKey_ID")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    /// Sets the holder.
    pub fn person(mut self, person: PersonId) -> Self {
        self.person_id = Some(person);
        self.key["Person_ID"] = serde_json::json!(person);
        self
    }

    /// Sets the zones.
    pub fn zones(mut self, zones: Vec<ZoneId>) -> Self {
        self.zone_ids = zones;
        self
    }

    /// Sets the security accesses.
    pub fn security_accesses(mut self, ids: Vec<SecurityAccessId>) -> Self {
        self.security_access_ids = ids;
        self
    }

    /// Sets `OfflineExpirationSeconds`.
    pub fn offline_expiration_seconds(mut self, seconds: i32) -> Self {
        self.offline_expiration_seconds = seconds;
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.key_type.is_phone() && self.person_id.is_none() {
            return Err(ValidationError::new(
                "Person_ID",
                "is required for a phone key (iLOQ 6.9.1.0+)",
            ));
        }
        let max = if self.key_type.is_phone() {
            8_726_340
        } else {
            16_761_540
        };
        if !(0..=max).contains(&self.offline_expiration_seconds) {
            return Err(ValidationError::new(
                "OfflineExpirationSeconds",
                format!("must be 0 (unlimited) to {max}"),
            ));
        }
        for slot in &self.time_limit_slots {
            slot.check()?;
        }
        Ok(())
    }
}

/// The answer of `GET /Keys/{id}/Zones` (`GetZonesResult`) **\[V\]** ENK.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyZones {
    /// `MainZone`.
    #[serde(
        rename = "MainZone",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub main_zone: Option<ZoneId>,
    /// `OutsideUserZoneCount`.
    #[serde(rename = "OutsideUserZoneCount", default)]
    pub outside_user_zone_count: i64,
    /// `ZoneIds`.
    #[serde(rename = "ZoneIds", default)]
    pub zone_ids: Vec<ZoneId>,
}

/// `GET /api/v2/Keys` **\[V\]** ENK: every key, no paging.
#[derive(Debug, Clone)]
pub struct ListKeys {}

impl ListKeys {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListKeys {
        name: "GET /api/v2/Keys",
        method: GET,
        path: "api/v2/Keys",
        output: Vec<Key>,
        error: ListKeysError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys` (iLOQ documents none per endpoint: its general rows).
    pub enum ListKeysError {
    }
}

/// `GET /api/v2/Keys/{id}` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct GetKey {
    id: KeyId,
}

impl GetKey {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetKey {
        name: "GET /api/v2/Keys/{id}",
        method: GET,
        path: |s| format!("api/v2/Keys/{}", segment(&s.id.to_string())),
        output: Key,
        error: GetKeyError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Keys/{id}` (its documented row and iLOQ's general rows).
    pub enum GetKeyError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404; T4E treats it as not found) **\[V\]** T4E.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Keys/GetByRomIds?romIds=..&romIds=..` **\[V\]** ENK (repeated keys).
#[derive(Debug, Clone)]
pub struct GetKeysByRomIds {
    rom_ids: Vec<String>,
}

impl GetKeysByRomIds {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(rom_ids: Vec<String>) -> Result<Self, ValidationError> {
        let request = Self { rom_ids };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for GetKeysByRomIds {
        name: "GET /api/v2/Keys/GetByRomIds",
        method: GET,
        path: "api/v2/Keys/GetByRomIds",
        output: Vec<Key>,
        error: GetKeysByRomIdsError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            for id in &s.rom_ids { q.push("romIds", id); }
            q
        },
        validate: |s| {
            if s.rom_ids.is_empty() || s.rom_ids.iter().any(|i| i.trim().is_empty()) {
                return Err(ValidationError::new("romIds", "needs at least one non-empty ROM id"));
            }
            Ok(())
        },
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/GetByRomIds` (iLOQ documents none per endpoint: its general rows).
    pub enum GetKeysByRomIdsError {
    }
}

/// `POST /api/v2/Keys` **\[V\]** ENK: inserts a key (`InsertKeyParam`) and
/// answers it. A phone key needs `Person_ID`.
#[derive(Debug, Clone)]
pub struct InsertKey {
    key: NewKey,
}

impl InsertKey {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(key: NewKey) -> Result<Self, ValidationError> {
        let request = Self { key };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for InsertKey {
        name: "POST /api/v2/Keys",
        method: POST,
        path: "api/v2/Keys",
        output: Key,
        error: InsertKeyError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| Body::json(&s.key),
        validate: |s| s.key.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Keys` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertKeyError {
    }
}

/// `PUT /api/v2/Keys?updateVersionCode=false` **\[V\]** ENK; HEL, T4E: body
/// `{"Key": {...}}`, the whole key as read (ROM_ID, Stamp, TagKey and State
/// copied from GET, as HEL and T4E do); empty answer. Sets `Person_ID`,
/// `ExpireDate`, `InfoText`, `Description`. `Stamp` is required and not
/// nullable: a key without one is refused before sending, never sent as
/// `"Stamp": null`.
#[derive(Debug, Clone)]
pub struct UpdateKey {
    key: Key,
    update_version_code: bool,
}

impl UpdateKey {
    /// The whole key as it should be, checked against iLOQ's documented rules
    /// before anything is sent; `updateVersionCode` is false.
    pub fn new(key: Key) -> Result<Self, ValidationError> {
        let request = Self {
            key,
            update_version_code: false,
        };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }

    /// `updateVersionCode` (default false).
    pub fn update_version_code(mut self, yes: bool) -> Self {
        self.update_version_code = yes;
        self
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateKey {
        name: "PUT /api/v2/Keys",
        method: PUT,
        path: "api/v2/Keys",
        output: (),
        error: UpdateKeyError,
        idempotent: false,
        decode: |_, r| r.empty(),
        query: |s| Query::new().with("updateVersionCode", s.update_version_code),
        body: |s| Body::json(&serde_json::json!({ "Key": s.key })),
        validate: |s| s.key.check_stamp(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/Keys` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdateKeyError {
    }
}

/// `GET /api/v2/Keys/{id}/CanDelete` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct CanDeleteKeyRequest {
    id: KeyId,
}

impl CanDeleteKeyRequest {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanDeleteKeyRequest {
        name: "GET /api/v2/Keys/{id}/CanDelete",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/CanDelete", segment(&s.id.to_string())),
        output: CanDeleteKey,
        error: CanDeleteKeyRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/CanDelete` (iLOQ documents none per endpoint: its general rows).
    pub enum CanDeleteKeyRequestError {
    }
}

/// `DELETE /api/v2/Keys/{id}` **\[V\]** ENK: only never-programmed,
/// never-ordered, non-blocklisted keys.
#[derive(Debug, Clone)]
pub struct DeleteKey {
    id: KeyId,
}

impl DeleteKey {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteKey {
        name: "DELETE /api/v2/Keys/{id}",
        method: DELETE,
        path: |s| format!("api/v2/Keys/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteKeyError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/Keys/{id}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteKeyError {
    }
}

/// `GET /api/v2/Keys/{id}/CanOrder` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct CanOrderKeyRequest {
    id: KeyId,
}

impl CanOrderKeyRequest {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanOrderKeyRequest {
        name: "GET /api/v2/Keys/{id}/CanOrder",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/CanOrder", segment(&s.id.to_string())),
        output: CanOrderKey,
        error: CanOrderKeyRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/CanOrder` (iLOQ documents none per endpoint: its general rows).
    pub enum CanOrderKeyRequestError {
    }
}

/// `POST /api/v2/Keys/{id}/Order` **\[V\]** ENK (T4E uses GET; the spec says
/// POST): orders the key's programming. For a phone key this sends the
/// registration SMS or e-mail. Never retried.
#[derive(Debug, Clone)]
pub struct OrderKey {
    id: KeyId,
}

impl OrderKey {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for OrderKey {
        name: "POST /api/v2/Keys/{id}/Order",
        method: POST,
        path: |s| format!("api/v2/Keys/{}/Order", segment(&s.id.to_string())),
        output: (),
        error: OrderKeyError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Keys/{id}/Order` (iLOQ documents none per endpoint: its general rows).
    pub enum OrderKeyError {
    }
}

/// `GET /api/v2/Keys/{id}/CanReturn` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct CanReturnKeyRequest {
    id: KeyId,
}

impl CanReturnKeyRequest {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanReturnKeyRequest {
        name: "GET /api/v2/Keys/{id}/CanReturn",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/CanReturn", segment(&s.id.to_string())),
        output: CanReturnKey,
        error: CanReturnKeyRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/CanReturn` (iLOQ documents none per endpoint: its general rows).
    pub enum CanReturnKeyRequestError {
    }
}

/// `POST /api/v2/Keys/{id}/Return` **\[V\]** ENK: phone keys and external RFID
/// tags only; returning also deletes the key.
#[derive(Debug, Clone)]
pub struct ReturnKey {
    id: KeyId,
}

impl ReturnKey {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for ReturnKey {
        name: "POST /api/v2/Keys/{id}/Return",
        method: POST,
        path: |s| format!("api/v2/Keys/{}/Return", segment(&s.id.to_string())),
        output: (),
        error: ReturnKeyError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Keys/{id}/Return` (iLOQ documents none per endpoint: its general rows).
    pub enum ReturnKeyError {
    }
}

/// `GET /api/v2/Keys/{id}/Zones` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct GetKeyZones {
    id: KeyId,
}

impl GetKeyZones {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetKeyZones {
        name: "GET /api/v2/Keys/{id}/Zones",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/Zones", segment(&s.id.to_string())),
        output: KeyZones,
        error: GetKeyZonesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/Zones` (iLOQ documents none per endpoint: its general rows).
    pub enum GetKeyZonesError {
    }
}

/// `GET /api/v2/Keys/{id}/CanUpdateMainZone` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct CanUpdateMainZoneRequest {
    id: KeyId,
}

impl CanUpdateMainZoneRequest {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanUpdateMainZoneRequest {
        name: "GET /api/v2/Keys/{id}/CanUpdateMainZone",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/CanUpdateMainZone", segment(&s.id.to_string())),
        output: CanUpdateMainZone,
        error: CanUpdateMainZoneRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/CanUpdateMainZone` (iLOQ documents none per endpoint: its general rows).
    pub enum CanUpdateMainZoneRequestError {
    }
}

/// `PUT /api/v2/Keys/{id}/UpdateMainZone` **\[V\]** ENK table, HEL (the ENK
/// prose says POST): body `{"Zone_ID"}`; empty answer.
#[derive(Debug, Clone)]
pub struct UpdateMainZone {
    id: KeyId,
    zone_id: ZoneId,
}

impl UpdateMainZone {
    /// The request with its required parameters.
    pub fn new(id: KeyId, zone_id: ZoneId) -> Self {
        Self { id, zone_id }
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateMainZone {
        name: "PUT /api/v2/Keys/{id}/UpdateMainZone",
        method: PUT,
        path: |s| format!("api/v2/Keys/{}/UpdateMainZone", segment(&s.id.to_string())),
        output: (),
        error: UpdateMainZoneError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&serde_json::json!({ "Zone_ID": s.zone_id })),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/Keys/{id}/UpdateMainZone` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdateMainZoneError {
    }
}

/// A phone key's location reporting setting **\[V\]** ENK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LocationReporting {
    /// `LocationReportingInAuditTrail`: the phone's location goes into the audit trail.
    #[serde(rename = "LocationReportingInAuditTrail")]
    pub in_audit_trail: bool,
}

/// `GET /api/v2/Keys/{id}/LocationReporting` **\[V\]** ENK (phone keys).
#[derive(Debug, Clone)]
pub struct GetLocationReporting {
    id: KeyId,
}

impl GetLocationReporting {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetLocationReporting {
        name: "GET /api/v2/Keys/{id}/LocationReporting",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/LocationReporting", segment(&s.id.to_string())),
        output: LocationReporting,
        error: GetLocationReportingError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/LocationReporting` (iLOQ documents none per endpoint: its general rows).
    pub enum GetLocationReportingError {
    }
}

/// `PUT /api/v2/Keys/{id}/LocationReporting` **\[V\]** ENK: body
/// `{"LocationReportingInAuditTrail": bool}`.
#[derive(Debug, Clone)]
pub struct SetLocationReporting {
    id: KeyId,
    in_audit_trail: bool,
}

impl SetLocationReporting {
    /// The request with its required parameters.
    pub fn new(id: KeyId, in_audit_trail: bool) -> Self {
        Self { id, in_audit_trail }
    }
}

access_core::endpoint! {
    impl Endpoint for SetLocationReporting {
        name: "PUT /api/v2/Keys/{id}/LocationReporting",
        method: PUT,
        path: |s| format!("api/v2/Keys/{}/LocationReporting", segment(&s.id.to_string())),
        output: (),
        error: SetLocationReportingError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&LocationReporting { in_audit_trail: s.in_audit_trail }),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/Keys/{id}/LocationReporting` (iLOQ documents none per endpoint: its general rows).
    pub enum SetLocationReportingError {
    }
}

/// Key calls of a [`Client`]: `client.keys()`.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a>(&'a Client);

impl Client {
    /// Keys, fobs and phone keys (`/api/v2/Keys`).
    pub fn keys(&self) -> Keys<'_> {
        Keys(self)
    }
}

impl Keys<'_> {
    /// Every key (`GET /Keys`, answered whole).
    pub async fn list(self) -> Result<Vec<Key>, Error<ListKeysError>> {
        self.0.send(&ListKeys::new()).await
    }

    /// One key.
    pub async fn get(self, id: KeyId) -> Result<Key, Error<GetKeyError>> {
        self.0.send(&GetKey::new(id)).await
    }

    /// Keys by ROM id.
    pub async fn by_rom_ids<S: AsRef<str>>(
        &self,
        ids: &[S],
    ) -> Result<Vec<Key>, Error<GetKeysByRomIdsError>> {
        self.0
            .send(&GetKeysByRomIds::new(
                ids.iter().map(|s| s.as_ref().to_string()).collect(),
            )?)
            .await
    }

    /// Inserts a key.
    pub async fn insert(self, key: NewKey) -> Result<Key, Error<InsertKeyError>> {
        self.0.send(&InsertKey::new(key)?).await
    }

    /// Updates a key (the whole key, as read with [`Keys::get`]); the request
    /// by value, e.g. `UpdateKey::new(key)?.update_version_code(true)`.
    pub async fn update(self, request: UpdateKey) -> Result<(), Error<UpdateKeyError>> {
        self.0.send(&request).await
    }

    /// Hands the key to `person` (or takes it back with `None`) with `PUT /Keys`.
    /// Requires the locking-system setting "Handed over key can be attached to
    /// another person without returning the key"; when it is off, nothing is
    /// sent and the error names it.
    pub async fn hand_over(
        self,
        key: Key,
        person: Option<PersonId>,
    ) -> Result<(), Error<Checked<std::convert::Infallible, UpdateKeyError>>> {
        let session = self
            .0
            .login()
            .await
            .map_err(|e| e.recast_with(|d| Checked::Api(UpdateKeyError::from_details(d))))?;
        if !session
            .lock_group
            .options
            .contains(LockGroupOptions::HANDOVER_WITHOUT_RETURN)
        {
            return Err(Error::Service {
                status: 200,
                error: Checked::SettingOff(
                    "Handed over key can be attached to another person without returning the key",
                ),
            });
        }
        let mut key = key;
        key.person_id = person;
        key.state = if person.is_some() {
            KeyState::HandedOver
        } else {
            key.state
        };
        let request = UpdateKey::new(key).map_err(Error::Validation)?;
        guarded(self.update(request).await)
    }

    /// Whether the key may be deleted.
    pub async fn can_delete(
        self,
        id: KeyId,
    ) -> Result<CanDeleteKey, Error<CanDeleteKeyRequestError>> {
        self.0.send(&CanDeleteKeyRequest::new(id)).await
    }

    /// `CanDelete`, then `DELETE` when it answers OK.
    pub async fn delete(
        self,
        id: KeyId,
    ) -> Result<(), Error<Checked<CanDeleteKey, DeleteKeyError>>> {
        let can = check(self.can_delete(id).await, DeleteKeyError::from_details)?;
        if !can.is_ok() {
            return Err(refused(can));
        }
        guarded(self.0.send(&DeleteKey::new(id)).await)
    }

    /// Whether the key may be ordered.
    pub async fn can_order(self, id: KeyId) -> Result<CanOrderKey, Error<CanOrderKeyRequestError>> {
        self.0.send(&CanOrderKeyRequest::new(id)).await
    }

    /// `CanOrder`, then `Order` when it answers 0. A refusal is
    /// [`Checked::Refused`] with the typed reason; the order is not sent.
    pub async fn order(self, id: KeyId) -> Result<(), Error<Checked<CanOrderKey, OrderKeyError>>> {
        let can = check(self.can_order(id).await, OrderKeyError::from_details)?;
        if !can.is_ok() {
            return Err(refused(can));
        }
        guarded(self.0.send(&OrderKey::new(id)).await)
    }

    /// Whether the key may be returned.
    pub async fn can_return(
        self,
        id: KeyId,
    ) -> Result<CanReturnKey, Error<CanReturnKeyRequestError>> {
        self.0.send(&CanReturnKeyRequest::new(id)).await
    }

    /// `CanReturn`, then `Return` (phone keys and external RFID tags; the key is deleted).
    pub async fn return_key(
        self,
        id: KeyId,
    ) -> Result<(), Error<Checked<CanReturnKey, ReturnKeyError>>> {
        let can = check(self.can_return(id).await, ReturnKeyError::from_details)?;
        if !can.is_ok() {
            return Err(refused(can));
        }
        guarded(self.0.send(&ReturnKey::new(id)).await)
    }

    /// The key's zones.
    pub async fn zones(self, id: KeyId) -> Result<KeyZones, Error<GetKeyZonesError>> {
        self.0.send(&GetKeyZones::new(id)).await
    }

    /// Whether the main zone may be changed.
    pub async fn can_update_main_zone(
        self,
        id: KeyId,
    ) -> Result<CanUpdateMainZone, Error<CanUpdateMainZoneRequestError>> {
        self.0.send(&CanUpdateMainZoneRequest::new(id)).await
    }

    /// `CanUpdateMainZone`, then `UpdateMainZone`.
    pub async fn update_main_zone(
        self,
        id: KeyId,
        zone: ZoneId,
    ) -> Result<(), Error<Checked<CanUpdateMainZone, UpdateMainZoneError>>> {
        let can = check(
            self.can_update_main_zone(id).await,
            UpdateMainZoneError::from_details,
        )?;
        if !can.is_ok() {
            return Err(refused(can));
        }
        guarded(self.0.send(&UpdateMainZone::new(id, zone)).await)
    }

    /// A phone key's location reporting setting.
    pub async fn location_reporting(
        self,
        id: KeyId,
    ) -> Result<LocationReporting, Error<GetLocationReportingError>> {
        self.0.send(&GetLocationReporting::new(id)).await
    }

    /// Sets a phone key's location reporting.
    pub async fn set_location_reporting(
        self,
        id: KeyId,
        in_audit_trail: bool,
    ) -> Result<(), Error<SetLocationReportingError>> {
        self.0
            .send(&SetLocationReporting::new(id, in_audit_trail))
            .await
    }

    /// An operation that completes when iLOQ reports the key Programmed
    /// (someone presented it to a wall reader or the programming token, or the
    /// S50 app registered).
    pub fn programming(self, key: Key) -> Operation<Key> {
        if key.programming_state == ProgrammingState::Programmed {
            return Operation::completed(key);
        }
        let client = self.0.clone();
        let id = key.id;
        let phone = key.is_phone();
        let stage = Some(key.programming_state.stage_name(phone).to_string());
        Operation::pending_fn(format!("iLOQ key {id} programming"), stage, move || {
            let client = client.clone();
            async move {
                let key = client.keys().get(id).await.map_err(Error::erase)?;
                Ok(match key.programming_state {
                    ProgrammingState::Programmed => Progress::Done(key),
                    s => Progress::Pending(Some(s.stage_name(phone).to_string())),
                })
            }
        })
    }
}
