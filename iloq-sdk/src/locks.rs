//! Locks, zones and real estates (read-only in EasySecure's integration; the
//! names are edited in Manager) **\[V\] ES; ENK**.

use access_core::Error;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::error::{ApiError, Checked, GetError, lift, refused};
use crate::macros::{endpoint, int_enum};
use crate::types::{LockId, RealEstateId, ZoneId};

int_enum! {
    /// `Lock.LockType` (EnuLockType) **\[V\] values; \[I\] mapping of the wrapper field**.
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
    /// `Lock.PhysicalState` (PniFLockState) **\[V\] values; \[I\] mapping**.
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
    /// `Zone.Type` **\[V\] ENK**.
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
    /// The answer of `GET /Locks/{id}/CanOrder` **\[V\] ENK**.
    pub enum CanOrderLock {
        /// OK.
        Ok = 0 => "OK",
        /// Needs Manager and a programming token.
        NeedsManager = 1 => "needs Manager and a programming token",
        /// Hidden.
        Hidden = 2 => "lock is hidden",
    }
}

/// A lock (`Lock`) **\[V\] ENK**. Note `RealEstate_Id` (lower-case d).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Lock {
    /// `FLock_ID`.
    #[serde(rename = "FLock_ID")]
    pub id: LockId,
    /// `RealEstate_Id`.
    #[serde(rename = "RealEstate_Id", default)]
    pub real_estate_id: Option<RealEstateId>,
    /// `Zone_ID`.
    #[serde(rename = "Zone_ID", default)]
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

/// A zone (`Zone`) **\[V\] ENK**.
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

/// A real estate (`RealEstate`) **\[V\] ENK**.
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
    #[serde(rename = "ParentRealEstate_ID", default)]
    pub parent: Option<RealEstateId>,
}

endpoint! {
    /// `GET /api/v2/Locks` **\[V\] ENK** (right: browse lock list).
    pub struct ListLocks {}
    GET "GET /api/v2/Locks";
    path(_s) { "api/v2/Locks".to_string() }
    output Vec<Lock> = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `GET /api/v2/Locks/{id}` **\[V\] ENK**.
    pub struct GetLock { /// The lock.
        id: LockId }
    GET "GET /api/v2/Locks/{id}";
    path(s) { format!("api/v2/Locks/{}", s.id) }
    output Lock = decode::json;
    error GetError;
    idempotent true;
}

endpoint! {
    /// `GET /api/v2/Locks/{id}/CanOrder` **\[V\] ENK**.
    pub struct CanOrderLockRequest { /// The lock.
        id: LockId }
    GET "GET /api/v2/Locks/{id}/CanOrder";
    path(s) { format!("api/v2/Locks/{}/CanOrder", s.id) }
    output CanOrderLock = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `POST /api/v2/Locks/{id}/Order` **\[V\] ENK**: orders the lock's programming.
    pub struct OrderLock { /// The lock.
        id: LockId }
    POST "POST /api/v2/Locks/{id}/Order";
    path(s) { format!("api/v2/Locks/{}/Order", s.id) }
    output () = decode::empty;
    error ApiError;
    idempotent false;
}

endpoint! {
    /// `GET /api/v2/Zones` **\[V\] ENK** (right: log in).
    pub struct ListZones {}
    GET "GET /api/v2/Zones";
    path(_s) { "api/v2/Zones".to_string() }
    output Vec<Zone> = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `GET /api/v2/RealEstates` **\[V\] ENK**.
    pub struct ListRealEstates {}
    GET "GET /api/v2/RealEstates";
    path(_s) { "api/v2/RealEstates".to_string() }
    output Vec<RealEstate> = decode::json;
    error ApiError;
    idempotent true;
}

/// Error of [`Locks::order`].
pub type OrderLockError = Checked<CanOrderLock>;

/// Lock calls of a [`Client`].
#[derive(Debug, Clone, Copy)]
pub struct Locks<'a>(pub(crate) &'a Client);

/// Zone and real estate calls of a [`Client`].
#[derive(Debug, Clone, Copy)]
pub struct Zones<'a>(pub(crate) &'a Client);

impl Client {
    /// Locks.
    pub fn locks(&self) -> Locks<'_> {
        Locks(self)
    }

    /// Zones and real estates.
    pub fn zones(&self) -> Zones<'_> {
        Zones(self)
    }
}

impl Locks<'_> {
    /// Every lock.
    pub async fn list(&self) -> Result<Vec<Lock>, Error<ApiError>> {
        self.0.send(&ListLocks::new()).await
    }

    /// One lock.
    pub async fn get(&self, id: LockId) -> Result<Lock, Error<GetError>> {
        self.0.send(&GetLock::new(id)).await
    }

    /// `CanOrder`, then `Order`.
    pub async fn order(&self, id: LockId) -> Result<(), Error<OrderLockError>> {
        let can = lift(self.0.send(&CanOrderLockRequest::new(id)).await)?;
        if can != CanOrderLock::Ok {
            return Err(refused(Checked::Refused(can)));
        }
        lift(self.0.send(&OrderLock::new(id)).await)
    }
}

impl Zones<'_> {
    /// Every zone.
    pub async fn list(&self) -> Result<Vec<Zone>, Error<ApiError>> {
        self.0.send(&ListZones::new()).await
    }

    /// The zone of Type 4 ("default zone for keys and persons"), which persons
    /// and keys are inserted into by default (T4E). An error when there is none.
    pub async fn default_zone(&self) -> Result<ZoneId, Error<ApiError>> {
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

    /// Every real estate.
    pub async fn real_estates(&self) -> Result<Vec<RealEstate>, Error<ApiError>> {
        self.0.send(&ListRealEstates::new()).await
    }
}
