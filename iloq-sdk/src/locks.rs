//! Locks, zones and real estates (read-only in EasySecure's integration; the
//! names are edited in Manager) **\[V\]** ES; ENK.

use access_core::http::{Body, Query, segment};
use access_core::{Error, ExposeSecret, SecretString, ValidationError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::{LockId, RealEstateId, SecurityAccessId, TimeLimitTitleId, ZoneId};
use crate::macros::int_enum;
use crate::security_accesses::AccessMode;
use crate::time_limits::TimeLimitTitle;

int_enum! {
    /// `Lock.LockType` (EnuLockType) **\[V\]** values; **\[I\]** mapping of the wrapper field.
    pub enum LockType {
        /// S10.
        S10 = 0 => "S10",
        /// S10 network module lock.
        S10NetworkModule = 1 => "S10 network module lock",
        /// S50.
        S50 = 2 => "S50",
        /// C5.
        C5 = 3 => "C5",
        /// S5 Online.
        S5Online = 4 => "S5 Online",
        /// D5.
        D5 = 5 => "D5",
    }
}

int_enum! {
    /// `Lock.PhysicalState` (PniFLockState) **\[V\]** values; **\[I\]** mapping.
    pub enum LockPhysicalState {
        /// Planning.
        Planning = 0 => "planning",
        /// Installed.
        Installed = 1 => "installed",
        /// Not in use.
        NotInUse = 2 => "not in use",
        /// Hidden.
        Hidden = 3 => "hidden",
    }
}

int_enum! {
    /// `Zone.Type` **\[V\]** ENK.
    pub enum ZoneType {
        /// Not set.
        NotSet = 0 => "not set",
        /// Customer-added.
        Customer = 1 => "customer-added",
        /// Default zone for everything except keys and persons.
        DefaultForLocks = 2 => "default zone for everything except keys and persons",
        /// Default zone for keys and persons (T4E inserts persons into it).
        DefaultForKeysAndPersons = 4 => "default zone for keys and persons",
        /// General zone.
        General = 8 => "general zone",
    }
}

int_enum! {
    /// The answer of `GET /Locks/{id}/CanOrder` **\[V\]** ENK.
    pub enum CanOrderLock {
        /// OK.
        Ok = 0 => "OK",
        /// Needs Manager and a programming token.
        NeedsManager = 1 => "needs Manager and a programming token",
        /// Hidden.
        Hidden = 2 => "lock is hidden",
    }
}

/// A lock (`Lock`, and `Lock2` answered by an insert) **\[V\]** ENK. Note
/// `RealEstate_Id` (lower-case d) in `Lock`, `RealEstate_ID` in `Lock2`: both are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Lock {
    /// `FLock_ID`.
    #[serde(rename = "FLock_ID")]
    pub id: LockId,
    /// `RealEstate_Id`.
    #[serde(
        rename = "RealEstate_Id",
        alias = "RealEstate_ID",
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
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `LocationCode`.
    #[serde(rename = "LocationCode", default)]
    pub location_code: Option<String>,
    /// `LockingObject`: the door.
    #[serde(rename = "LockingObject", default)]
    pub locking_object: Option<String>,
    /// `LockType`.
    #[serde(rename = "LockType", default = "s10")]
    pub lock_type: LockType,
    /// `PhysicalState`.
    #[serde(rename = "PhysicalState", default = "lock_planning")]
    pub physical_state: LockPhysicalState,
    /// Other fields (versions, clock, network module, door details, ...).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn s10() -> LockType {
    LockType::S10
}
fn lock_planning() -> LockPhysicalState {
    LockPhysicalState::Planning
}

/// A zone (`Zone`) **\[V\]** ENK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Zone {
    /// `Zone_ID`.
    #[serde(rename = "Zone_ID")]
    pub id: ZoneId,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `TimeZone_ID`.
    #[serde(rename = "TimeZone_ID", default)]
    pub time_zone: Option<String>,
    /// `Type`.
    #[serde(rename = "Type", default = "zone_not_set")]
    pub zone_type: ZoneType,
}

fn zone_not_set() -> ZoneType {
    ZoneType::NotSet
}

/// A real estate (`RealEstate`) **\[V\]** ENK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RealEstate {
    /// `RealEstate_ID` (the root is all zeros).
    #[serde(rename = "RealEstate_ID")]
    pub id: RealEstateId,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `ParentRealEstate_ID`.
    #[serde(
        rename = "ParentRealEstate_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub parent: Option<RealEstateId>,
}

/// `GET /api/v2/Locks` **\[V\]** ENK (right: browse lock list).
#[derive(Debug, Clone)]
pub struct ListLocks {}

impl ListLocks {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListLocks {
        name: "GET /api/v2/Locks",
        method: GET,
        path: "api/v2/Locks",
        output: Vec<Lock>,
        error: ListLocksError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Locks` (iLOQ documents none per endpoint: its general rows).
    pub enum ListLocksError {
    }
}

/// `GET /api/v2/Locks/{id}` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct GetLock {
    id: LockId,
}

impl GetLock {
    /// The request with its required parameters.
    pub fn new(id: LockId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetLock {
        name: "GET /api/v2/Locks/{id}",
        method: GET,
        path: |s| format!("api/v2/Locks/{}", segment(&s.id.to_string())),
        output: Lock,
        error: GetLockError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Locks/{id}` (its documented row and iLOQ's general rows).
    pub enum GetLockError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404; T4E treats it as not found) **\[V\]** T4E.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Locks/{id}/CanOrder` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct CanOrderLockRequest {
    id: LockId,
}

impl CanOrderLockRequest {
    /// The request with its required parameters.
    pub fn new(id: LockId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanOrderLockRequest {
        name: "GET /api/v2/Locks/{id}/CanOrder",
        method: GET,
        path: |s| format!("api/v2/Locks/{}/CanOrder", segment(&s.id.to_string())),
        output: CanOrderLock,
        error: CanOrderLockRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Locks/{id}/CanOrder` (iLOQ documents none per endpoint: its general rows).
    pub enum CanOrderLockRequestError {
    }
}

/// `POST /api/v2/Locks/{id}/Order` **\[V\]** ENK: orders the lock's programming.
#[derive(Debug, Clone)]
pub struct OrderLock {
    id: LockId,
}

impl OrderLock {
    /// The request with its required parameters.
    pub fn new(id: LockId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for OrderLock {
        name: "POST /api/v2/Locks/{id}/Order",
        method: POST,
        path: |s| format!("api/v2/Locks/{}/Order", segment(&s.id.to_string())),
        output: (),
        error: OrderLockError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Locks/{id}/Order` (iLOQ documents none per endpoint: its general rows).
    pub enum OrderLockError {
    }
}

/// A lock's options (`LLockOptionMaskParam`, and `LockOptions` of
/// `InsertLockParam` / `UpdateLockSecurityAccessesParam`) **\[V\]** OpenAPI.
/// In a request `None` (sent as `null`) leaves the lock's value as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockOptions {
    /// `S10CollectAuditTrail`.
    #[serde(rename = "S10CollectAuditTrail", default)]
    pub s10_collect_audit_trail: Option<bool>,
    /// `S40AcceptSoftGroup`.
    #[serde(rename = "S40AcceptSoftGroup", default)]
    pub s40_accept_soft_group: Option<bool>,
    /// `S40FlipFlop`.
    #[serde(rename = "S40FlipFlop", default)]
    pub s40_flip_flop: Option<bool>,
    /// `S40LoggingOn`.
    #[serde(rename = "S40LoggingOn", default)]
    pub s40_logging_on: Option<bool>,
    /// `S40OnlineRequiredHard`.
    #[serde(rename = "S40OnlineRequiredHard", default)]
    pub s40_online_required_hard: Option<bool>,
    /// `S40OnlineRequiredSoft`.
    #[serde(rename = "S40OnlineRequiredSoft", default)]
    pub s40_online_required_soft: Option<bool>,
    /// `SaveOnlineLockAuditTrail`.
    #[serde(rename = "SaveOnlineLockAuditTrail", default)]
    pub save_online_lock_audit_trail: Option<bool>,
}

impl LockOptions {
    /// No option changed (every field `null`).
    pub fn unchanged() -> Self {
        Self::default()
    }
}

/// The door and lock texts a lock insert and update share (`LockInsert` /
/// `LockUpdate`) **\[V\]** OpenAPI; all nullable, `None` is sent as `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LockDoor {
    /// `Description`.
    #[serde(rename = "Description")]
    pub description: Option<String>,
    /// `LocationCode`.
    #[serde(rename = "LocationCode")]
    pub location_code: Option<String>,
    /// `LockingObject`: the door.
    #[serde(rename = "LockingObject")]
    pub locking_object: Option<String>,
    /// `Direction`: the door's opening direction.
    #[serde(rename = "Direction")]
    pub direction: Option<String>,
    /// `DoorThickness`.
    #[serde(rename = "DoorThickness")]
    pub door_thickness: Option<String>,
    /// `DoorType`.
    #[serde(rename = "DoorType")]
    pub door_type: Option<String>,
    /// `ExtentionPiece` (iLOQ's spelling).
    #[serde(rename = "ExtentionPiece")]
    pub extension_piece: Option<String>,
    /// `Handed`.
    #[serde(rename = "Handed")]
    pub handed: Option<String>,
    /// `KeyChamber`.
    #[serde(rename = "KeyChamber")]
    pub key_chamber: Option<String>,
    /// `LockFramework`.
    #[serde(rename = "LockFramework")]
    pub lock_framework: Option<String>,
    /// `LockFrameworkDepth`.
    #[serde(rename = "LockFrameworkDepth")]
    pub lock_framework_depth: Option<String>,
    /// `Mounting`.
    #[serde(rename = "Mounting")]
    pub mounting: Option<String>,
    /// `OtherEquipment`.
    #[serde(rename = "OtherEquipment")]
    pub other_equipment: Option<String>,
    /// `Stamp`.
    #[serde(rename = "Stamp")]
    pub stamp: Option<String>,
    /// `Ext`.
    #[serde(rename = "Ext")]
    pub ext: i64,
    /// `ExtDescription`.
    #[serde(rename = "ExtDescription")]
    pub ext_description: Option<String>,
    /// `DefaultProgramStationFProgKey_ID`: the default programming station.
    #[serde(rename = "DefaultProgramStationFProgKey_ID")]
    pub default_program_station: Option<uuid::Uuid>,
}

impl LockDoor {
    /// The texts of a lock as read (from its typed fields and `extra`).
    pub fn from_read(lock: &Lock) -> Self {
        let t = |f: &str| {
            lock.extra
                .get(f)
                .and_then(serde_json::Value::as_str)
                .map(str::to_string)
        };
        Self {
            description: lock.description.clone(),
            location_code: lock.location_code.clone(),
            locking_object: lock.locking_object.clone(),
            direction: t("Direction"),
            door_thickness: t("DoorThickness"),
            door_type: t("DoorType"),
            extension_piece: t("ExtentionPiece"),
            handed: t("Handed"),
            key_chamber: t("KeyChamber"),
            lock_framework: t("LockFramework"),
            lock_framework_depth: t("LockFrameworkDepth"),
            mounting: t("Mounting"),
            other_equipment: t("OtherEquipment"),
            stamp: t("Stamp"),
            ext: lock
                .extra
                .get("Ext")
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(0),
            ext_description: t("ExtDescription"),
            default_program_station: t("DefaultProgramStationFProgKey_ID")
                .and_then(|s| s.parse().ok()),
        }
    }
}

/// A security access a new lock opens with (`LockSecurityAccessInsert`)
/// **\[V\]** OpenAPI: the access and, on a network module, the relays it drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LockAccess {
    /// `SecurityAccess_ID`.
    #[serde(rename = "SecurityAccess_ID")]
    pub security_access_id: SecurityAccessId,
    /// `RelayMask` (int64, nullable).
    #[serde(rename = "RelayMask")]
    pub relay_mask: Option<i64>,
}

impl LockAccess {
    /// The access without relays.
    pub fn new(security_access_id: SecurityAccessId) -> Self {
        Self {
            security_access_id,
            relay_mask: None,
        }
    }

    /// Sets `RelayMask`: the relays the access drives.
    pub fn relay_mask(mut self, mask: i64) -> Self {
        self.relay_mask = Some(mask);
        self
    }
}

/// A new lock (`InsertLockParam`) **\[V\]** OpenAPI: the lock (`LockInsert`),
/// its options, security accesses and time profiles. `LockRelay` is not sent
/// (network-module relays are outside this SDK's scope).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NewLock {
    /// `FLock_ID`: the integrator's own GUID.
    pub id: LockId,
    /// `LockType`.
    pub lock_type: LockType,
    /// `RealEstate_ID` (not nullable; the root, all zeros, by default).
    pub real_estate_id: RealEstateId,
    /// `Zone_ID`.
    pub zone_id: Option<ZoneId>,
    /// `SerialNumber`.
    pub serial_number: i32,
    /// The door and lock texts.
    pub door: LockDoor,
    /// `LockCode`.
    pub lock_code: Option<String>,
    /// `LockSettings`.
    pub lock_settings: Option<String>,
    /// `ManufacturingInfo`.
    pub manufacturing_info: Option<String>,
    /// `Secret`: the lock secret (never shown by `Debug`).
    pub secret: Option<SecretString>,
    /// `ClockInstalled` and `ClockInstalledDateUtc`.
    pub clock_installed: Option<Option<DateTime<Utc>>>,
    /// `HwVersion`, `SwVersion`, `MechVersion`, `DataVersion`.
    pub versions: (i32, i32, i32, i32),
    /// `LockOptions`.
    pub options: LockOptions,
    /// `SecurityAccesses`.
    pub security_accesses: Vec<LockAccess>,
    /// `TimeLimitTitleIds`: the time profiles it respects (empty: not time-limited).
    pub time_limit_title_ids: Vec<TimeLimitTitleId>,
    /// `LockRespectsAllTimeLimits`: respects every time profile (then no ids are needed).
    pub respects_all_time_limits: bool,
}

impl NewLock {
    /// A lock of `lock_type` named `door` (`LockingObject` and `Description`)
    /// in `zone`, with a generated id.
    pub fn new(lock_type: LockType, door: impl Into<String>, zone: ZoneId) -> Self {
        let door = door.into();
        Self {
            id: LockId::generate(),
            lock_type,
            real_estate_id: RealEstateId::new(uuid::Uuid::nil()),
            zone_id: Some(zone),
            serial_number: 0,
            door: LockDoor {
                description: Some(door.clone()),
                locking_object: Some(door),
                ..LockDoor::default()
            },
            lock_code: None,
            lock_settings: None,
            manufacturing_info: None,
            secret: None,
            clock_installed: None,
            versions: (0, 0, 0, 0),
            options: LockOptions::default(),
            security_accesses: Vec::new(),
            time_limit_title_ids: Vec::new(),
            respects_all_time_limits: false,
        }
    }

    /// Sets `SecurityAccesses`.
    pub fn security_accesses(mut self, accesses: Vec<LockAccess>) -> Self {
        self.security_accesses = accesses;
        self
    }

    /// Sets `TimeLimitTitleIds`.
    pub fn time_limit_titles(mut self, ids: Vec<TimeLimitTitleId>) -> Self {
        self.time_limit_title_ids = ids;
        self
    }

    /// Sets `LockOptions`.
    pub fn options(mut self, options: LockOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets `SerialNumber`.
    pub fn serial_number(mut self, serial: i32) -> Self {
        self.serial_number = serial;
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        let mut seen = std::collections::BTreeSet::new();
        for a in &self.security_accesses {
            if !seen.insert(a.security_access_id) {
                return Err(ValidationError::new(
                    "SecurityAccesses",
                    "names a security access twice",
                ));
            }
        }
        if self.serial_number < 0 {
            return Err(ValidationError::new("SerialNumber", "must not be negative"));
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct InsertLockBody<'a> {
    #[serde(rename = "Lock")]
    lock: InsertLockFields<'a>,
    #[serde(rename = "LockOptions")]
    options: &'a LockOptions,
    #[serde(rename = "LockRespectsAllTimeLimits")]
    respects_all: bool,
    #[serde(rename = "SecurityAccesses")]
    accesses: &'a [LockAccess],
    #[serde(rename = "TimeLimitTitleIds")]
    titles: &'a [TimeLimitTitleId],
}

#[derive(Serialize)]
struct InsertLockFields<'a> {
    #[serde(rename = "FLock_ID")]
    id: LockId,
    #[serde(rename = "LockType")]
    lock_type: LockType,
    #[serde(rename = "RealEstate_ID")]
    real_estate_id: RealEstateId,
    #[serde(rename = "Zone_ID")]
    zone_id: Option<ZoneId>,
    #[serde(rename = "SerialNumber")]
    serial_number: i32,
    #[serde(flatten)]
    door: &'a LockDoor,
    #[serde(rename = "LockCode")]
    lock_code: Option<&'a str>,
    #[serde(rename = "LockSettings")]
    lock_settings: Option<&'a str>,
    #[serde(rename = "ManufacturingInfo")]
    manufacturing_info: Option<&'a str>,
    #[serde(rename = "Secret")]
    secret: Option<&'a str>,
    #[serde(rename = "ClockInstalled")]
    clock_installed: bool,
    #[serde(rename = "ClockInstalledDateUtc", with = "crate::dates::utc_opt")]
    clock_installed_utc: Option<DateTime<Utc>>,
    #[serde(rename = "HwVersion")]
    hw_version: i32,
    #[serde(rename = "SwVersion")]
    sw_version: i32,
    #[serde(rename = "MechVersion")]
    mech_version: i32,
    #[serde(rename = "DataVersion")]
    data_version: i32,
}

/// `POST /api/v2/Locks` **\[V\]** OpenAPI (`InsertLockParam` → `Lock2`): adds a
/// lock with its options, security accesses and time profiles. iLOQ: a lock
/// not yet initialised cannot have soft security accesses. Rights: view lock
/// tools and edit locks.
#[derive(Debug, Clone)]
pub struct InsertLock {
    lock: NewLock,
}

impl InsertLock {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(lock: NewLock) -> Result<Self, ValidationError> {
        let request = Self { lock };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }

    fn body(&self) -> InsertLockBody<'_> {
        let l = &self.lock;
        InsertLockBody {
            lock: InsertLockFields {
                id: l.id,
                lock_type: l.lock_type,
                real_estate_id: l.real_estate_id,
                zone_id: l.zone_id,
                serial_number: l.serial_number,
                door: &l.door,
                lock_code: l.lock_code.as_deref(),
                lock_settings: l.lock_settings.as_deref(),
                manufacturing_info: l.manufacturing_info.as_deref(),
                secret: l.secret.as_ref().map(ExposeSecret::expose_secret),
                clock_installed: l.clock_installed.is_some(),
                clock_installed_utc: l.clock_installed.flatten(),
                hw_version: l.versions.0,
                sw_version: l.versions.1,
                mech_version: l.versions.2,
                data_version: l.versions.3,
            },
            options: &l.options,
            respects_all: l.respects_all_time_limits,
            accesses: &l.security_accesses,
            titles: &l.time_limit_title_ids,
        }
    }
}

access_core::endpoint! {
    impl Endpoint for InsertLock {
        name: "POST /api/v2/Locks",
        method: POST,
        path: "api/v2/Locks",
        output: Lock,
        error: InsertLockError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| Body::json(&s.body()),
        validate: |s| s.lock.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Locks` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertLockError {
    }
}

/// A lock's changes (`UpdateLockParam.Lock`, `LockUpdate`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LockUpdate {
    /// `FLock_ID`.
    pub id: LockId,
    /// `LockType`.
    pub lock_type: LockType,
    /// `State` (`LockUpdateState`, mapped to the physical state **\[I\]**).
    pub state: LockPhysicalState,
    /// `RealEstate_ID`: `None` leaves it unchanged.
    pub real_estate_id: Option<RealEstateId>,
    /// `Zone_ID`.
    pub zone_id: Option<ZoneId>,
    /// The door and lock texts.
    pub door: LockDoor,
}

impl LockUpdate {
    /// The update that changes nothing of `lock` as read: change its fields, then send.
    pub fn from_read(lock: &Lock) -> Self {
        Self {
            id: lock.id,
            lock_type: lock.lock_type,
            state: lock.physical_state,
            real_estate_id: lock.real_estate_id,
            zone_id: lock.zone_id,
            door: LockDoor::from_read(lock),
        }
    }
}

#[derive(Serialize)]
struct UpdateLockBody<'a> {
    #[serde(rename = "Lock")]
    lock: UpdateLockFields<'a>,
}

#[derive(Serialize)]
struct UpdateLockFields<'a> {
    #[serde(rename = "FLock_ID")]
    id: LockId,
    #[serde(rename = "LockType")]
    lock_type: LockType,
    #[serde(rename = "State")]
    state: LockPhysicalState,
    #[serde(rename = "RealEstate_ID")]
    real_estate_id: Option<RealEstateId>,
    #[serde(rename = "Zone_ID")]
    zone_id: Option<ZoneId>,
    #[serde(flatten)]
    door: &'a LockDoor,
}

/// `PUT /api/v2/Locks` **\[V\]** OpenAPI (`UpdateLockParam`, void): changes a
/// lock's texts, type, state, zone and real estate. Right: edit locks.
#[derive(Debug, Clone)]
pub struct UpdateLock {
    lock: LockUpdate,
}

impl UpdateLock {
    /// The request with its required parameters.
    pub fn new(lock: LockUpdate) -> Self {
        Self { lock }
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateLock {
        name: "PUT /api/v2/Locks",
        method: PUT,
        path: "api/v2/Locks",
        output: (),
        error: UpdateLockError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&UpdateLockBody { lock: UpdateLockFields {
            id: s.lock.id,
            lock_type: s.lock.lock_type,
            state: s.lock.state,
            real_estate_id: s.lock.real_estate_id,
            zone_id: s.lock.zone_id,
            door: &s.lock.door,
        } }),
    }
}

access_core::error_enum! {
    /// Failures of `PUT /api/v2/Locks` (iLOQ's general rows).
    pub enum UpdateLockError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `DELETE /api/v2/Locks/{id}` **\[V\]** OpenAPI (void): deletes the lock, or
/// takes it out of use when it is programmed to keep its history and logs.
/// Right: edit locks.
#[derive(Debug, Clone)]
pub struct DeleteLock {
    id: LockId,
}

impl DeleteLock {
    /// The request with its required parameters.
    pub fn new(id: LockId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteLock {
        name: "DELETE /api/v2/Locks/{id}",
        method: DELETE,
        path: |s| format!("api/v2/Locks/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteLockError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

access_core::error_enum! {
    /// Failures of `DELETE /api/v2/Locks/{id}` (iLOQ's general rows).
    pub enum DeleteLockError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Locks/{id}/Options` **\[V\]** OpenAPI (`LLockOptionMaskParam`):
/// the lock's option flags. Right: browse lock list.
#[derive(Debug, Clone)]
pub struct GetLockOptions {
    id: LockId,
}

impl GetLockOptions {
    /// The request with its required parameters.
    pub fn new(id: LockId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetLockOptions {
        name: "GET /api/v2/Locks/{id}/Options",
        method: GET,
        path: |s| format!("api/v2/Locks/{}/Options", segment(&s.id.to_string())),
        output: LockOptions,
        error: GetLockOptionsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Locks/{id}/Options` (iLOQ's general rows).
    pub enum GetLockOptionsError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// The answer of `GET /Locks/{id}/TimeLimitTitles` (`GetLockTimeLimitsResult`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockTimeLimits {
    /// `TimeLimitTitles`: the time profiles the lock respects, visible to the user.
    #[serde(rename = "TimeLimitTitles", default)]
    pub time_limit_titles: Vec<TimeLimitTitle>,
    /// `OutsideUserZonesCount`: more time profiles, outside the user's zones.
    #[serde(rename = "OutsideUserZonesCount", default)]
    pub outside_user_zones_count: i64,
}

/// `GET /api/v2/Locks/{id}/TimeLimitTitles?mode=1|2` **\[V\]** OpenAPI
/// (`GetTimeLimitsView` as for keys: 1 planned, 2 last programmed): the time
/// profiles the lock respects. Rights: any of edit locks, view or edit
/// security accesses, edit lock access, browse lock list.
#[derive(Debug, Clone)]
pub struct GetLockTimeLimits {
    id: LockId,
    mode: AccessMode,
}

impl GetLockTimeLimits {
    /// The request with its required parameters.
    pub fn new(id: LockId, mode: AccessMode) -> Self {
        Self { id, mode }
    }
}

access_core::endpoint! {
    impl Endpoint for GetLockTimeLimits {
        name: "GET /api/v2/Locks/{id}/TimeLimitTitles",
        method: GET,
        path: |s| format!("api/v2/Locks/{}/TimeLimitTitles", segment(&s.id.to_string())),
        output: LockTimeLimits,
        error: GetLockTimeLimitsError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| Query::new().with("mode", s.mode.code()),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Locks/{id}/TimeLimitTitles` (iLOQ's general rows).
    pub enum GetLockTimeLimitsError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `LockRelay` of `UpdateLockSecurityAccessesParam`
/// (`UpdateLockSecurityAccessesParam1LockRelay`) **\[V\]** OpenAPI: the relays
/// one security access drives on a network-module lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LockAccessRelay {
    /// `SecurityAccess_ID`.
    #[serde(rename = "SecurityAccess_ID")]
    pub security_access_id: SecurityAccessId,
    /// `RelayMask` (int32).
    #[serde(rename = "RelayMask")]
    pub relay_mask: i32,
}

impl LockAccessRelay {
    /// The relays `relay_mask` driven by `security_access_id`.
    pub fn new(security_access_id: SecurityAccessId, relay_mask: i32) -> Self {
        Self {
            security_access_id,
            relay_mask,
        }
    }
}

/// `PUT /api/v2/Locks/{id}/SecurityAccesses` **\[V\]** OpenAPI
/// (`UpdateLockSecurityAccessesParam`, void): sets the lock's security
/// accesses (the list **replaces** them), its time profiles (left unchanged
/// unless set or "respects all"), its options (`None` leaves one unchanged)
/// and a relay. Right: edit lock access.
#[derive(Debug, Clone)]
pub struct UpdateLockSecurityAccesses {
    id: LockId,
    security_access_ids: Vec<SecurityAccessId>,
    time_limit_title_ids: Option<Vec<TimeLimitTitleId>>,
    respects_all_time_limits: bool,
    options: LockOptions,
    relay: Option<LockAccessRelay>,
}

impl UpdateLockSecurityAccesses {
    /// The lock's security accesses become exactly `security_access_ids`;
    /// time profiles and options unchanged.
    pub fn new(
        id: LockId,
        security_access_ids: Vec<SecurityAccessId>,
    ) -> Result<Self, ValidationError> {
        let request = Self {
            id,
            security_access_ids,
            time_limit_title_ids: None,
            respects_all_time_limits: false,
            options: LockOptions::default(),
            relay: None,
        };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }

    /// Sets the time profiles the lock respects (`TimeLimitTitleIds`; empty: not time-limited).
    pub fn time_limit_titles(mut self, ids: Vec<TimeLimitTitleId>) -> Self {
        self.time_limit_title_ids = Some(ids);
        self
    }

    /// The lock respects every time profile (`LockRespectsAllTimeLimits`).
    pub fn respects_all_time_limits(mut self, all: bool) -> Self {
        self.respects_all_time_limits = all;
        self
    }

    /// Sets options (`LockOptions`; `None` fields stay as they are).
    pub fn options(mut self, options: LockOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets `LockRelay`.
    pub fn relay(mut self, relay: LockAccessRelay) -> Self {
        self.relay = Some(relay);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        let unique: std::collections::BTreeSet<_> = self.security_access_ids.iter().collect();
        if unique.len() != self.security_access_ids.len() {
            return Err(ValidationError::new(
                "SecurityAccessIds",
                "names a security access twice",
            ));
        }
        if let Some(r) = &self.relay
            && !unique.contains(&r.security_access_id)
        {
            return Err(ValidationError::new(
                "LockRelay.SecurityAccess_ID",
                "must be one of SecurityAccessIds",
            ));
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateLockSecurityAccesses {
        name: "PUT /api/v2/Locks/{id}/SecurityAccesses",
        method: PUT,
        path: |s| format!("api/v2/Locks/{}/SecurityAccesses", segment(&s.id.to_string())),
        output: (),
        error: UpdateLockSecurityAccessesError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&serde_json::json!({
            "SecurityAccessIds": s.security_access_ids,
            "TimeLimitTitleIds": s.time_limit_title_ids,
            "LockRespectsAllTimeLimits": s.respects_all_time_limits,
            "LockOptions": s.options,
            "LockRelay": s.relay,
        })),
        validate: |s| s.check(),
    }
}

access_core::error_enum! {
    /// Failures of `PUT /api/v2/Locks/{id}/SecurityAccesses` (iLOQ's general rows).
    pub enum UpdateLockSecurityAccessesError for crate::error::IloqErrorBody {
        /// The lock or an access is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Zones` **\[V\]** ENK (right: log in).
#[derive(Debug, Clone)]
pub struct ListZones {}

impl ListZones {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListZones {
        name: "GET /api/v2/Zones",
        method: GET,
        path: "api/v2/Zones",
        output: Vec<Zone>,
        error: ListZonesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Zones` (iLOQ documents none per endpoint: its general rows).
    pub enum ListZonesError {
    }
}

/// `GET /api/v2/RealEstates` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct ListRealEstates {}

impl ListRealEstates {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListRealEstates {
        name: "GET /api/v2/RealEstates",
        method: GET,
        path: "api/v2/RealEstates",
        output: Vec<RealEstate>,
        error: ListRealEstatesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/RealEstates` (iLOQ documents none per endpoint: its general rows).
    pub enum ListRealEstatesError {
    }
}

/// Lock calls of a [`Client`]: `client.locks()`.
#[derive(Debug, Clone, Copy)]
pub struct Locks<'a>(&'a Client);

impl Client {
    /// Locks (`/api/v2/Locks`).
    pub fn locks(&self) -> Locks<'_> {
        Locks(self)
    }
}

impl Locks<'_> {
    /// Every lock (`GET /Locks`, answered whole).
    pub async fn list(self) -> Result<Vec<Lock>, Error<ListLocksError>> {
        self.0.send(&ListLocks::new()).await
    }

    /// One lock.
    pub async fn get(self, id: LockId) -> Result<Lock, Error<GetLockError>> {
        self.0.send(&GetLock::new(id)).await
    }

    /// Adds a lock; answers it as iLOQ stored it (`Lock2`).
    pub async fn insert(self, lock: NewLock) -> Result<Lock, Error<InsertLockError>> {
        self.0.send(&InsertLock::new(lock)?).await
    }

    /// Changes a lock (read it, [`LockUpdate::from_read`], change, send).
    pub async fn update(self, lock: LockUpdate) -> Result<(), Error<UpdateLockError>> {
        self.0.send(&UpdateLock::new(lock)).await
    }

    /// Deletes a lock (or takes it out of use when it keeps history and logs).
    pub async fn delete(self, id: LockId) -> Result<(), Error<DeleteLockError>> {
        self.0.send(&DeleteLock::new(id)).await
    }

    /// The lock's option flags.
    pub async fn options(self, id: LockId) -> Result<LockOptions, Error<GetLockOptionsError>> {
        self.0.send(&GetLockOptions::new(id)).await
    }

    /// The time profiles the lock respects, planned or last programmed.
    pub async fn time_limits(
        self,
        id: LockId,
        mode: AccessMode,
    ) -> Result<LockTimeLimits, Error<GetLockTimeLimitsError>> {
        self.0.send(&GetLockTimeLimits::new(id, mode)).await
    }

    /// Sets the lock's security accesses (a full replace of the list), and
    /// whatever else the request sets.
    pub async fn set_security_accesses(
        self,
        request: UpdateLockSecurityAccesses,
    ) -> Result<(), Error<UpdateLockSecurityAccessesError>> {
        self.0.send(&request).await
    }

    /// `CanOrder`, then `Order`.
    pub async fn order(
        self,
        id: LockId,
    ) -> Result<(), Error<Checked<CanOrderLock, OrderLockError>>> {
        let can = check(
            self.0.send(&CanOrderLockRequest::new(id)).await,
            OrderLockError::from_details,
        )?;
        if can != CanOrderLock::Ok {
            return Err(refused(can));
        }
        guarded(self.0.send(&OrderLock::new(id)).await)
    }
}

/// Zone and real estate calls of a [`Client`]: `client.zones()`.
#[derive(Debug, Clone, Copy)]
pub struct Zones<'a>(&'a Client);

impl Client {
    /// Zones and real estates (`/api/v2/Zones`, `/api/v2/RealEstates`).
    pub fn zones(&self) -> Zones<'_> {
        Zones(self)
    }
}

impl Zones<'_> {
    /// Every zone (`GET /Zones`, answered whole).
    pub async fn list(self) -> Result<Vec<Zone>, Error<ListZonesError>> {
        self.0.send(&ListZones::new()).await
    }

    /// The zone of Type 4 ("default zone for keys and persons"), which persons
    /// and keys are inserted into by default (T4E). An error when there is none.
    pub async fn default_zone(self) -> Result<ZoneId, Error<ListZonesError>> {
        self.list()
            .await?
            .into_iter()
            .find(|z| z.zone_type == ZoneType::DefaultForKeysAndPersons)
            .map(|z| z.id)
            .ok_or_else(|| {
                access_core::ValidationError::new(
                    "ZoneIds",
                    "the locking system has no Type 4 zone; pass zone ids",
                )
                .into()
            })
    }

    /// Every real estate (`GET /RealEstates`, answered whole).
    pub async fn real_estates(self) -> Result<Vec<RealEstate>, Error<ListRealEstatesError>> {
        self.0.send(&ListRealEstates::new()).await
    }
}
