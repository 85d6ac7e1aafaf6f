//! Locks, zones and real estates (read-only in EasySecure's integration; the
//! names are edited in Manager) **\[V\]** ES; ENK.

use access_core::Error;
use access_core::http::segment;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::{LockId, RealEstateId, ZoneId};
use crate::macros::int_enum;

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

/// A lock (`Lock`) **\[V\]** ENK. Note `RealEstate_Id` (lower-case d).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Lock {
    /// `FLock_ID`.
    #[serde(rename = "FLock_ID")]
    pub id: LockId,
    /// `RealEstate_Id`.
    #[serde(
        rename = "RealEstate_Id",
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
