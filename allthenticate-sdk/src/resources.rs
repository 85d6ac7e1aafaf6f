//! Resources (doors and computers) and door control.
//!
//! `GET /multipleresources` and `POST /masslock` are verified on the "Resources"
//! page (A2) **\[V\]**; `POST /setlockstatus` comes from the seed **\[seed\]**.
//!
//! Door control is **never retried**: unlocking twice is a bug. When a lock
//! command fails with a timeout or a dropped connection,
//! `Error::may_have_been_sent()` is `true`: the door may have been unlocked.

use access_core::http::{Body, Query};
use access_core::{Error, ValidationError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::model::{
    LockState, LockStatus, OnlineStatus, ResourceStatusText, ResourceType, Success, UnlockTime,
    de_datetime,
};
use crate::{Client, GroupId, OrgId, ResourceId};

/// A door or computer as `GET /multipleresources` lists it **\[V\]**.
///
/// Every field is optional and unknown fields are kept in `extra`: the docs'
/// example is informal and ends inside the `uuid` value.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Resource {
    /// Group names as one-element lists (`[["Doors"], ...]`).
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
    /// The name people see, e.g. "Downstairs Door".
    #[serde(default)]
    pub name: Option<String>,
    /// The organisation.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub org_id: Option<OrgId>,
    /// Policy names as one-element lists (`[["Guest Policy"], ...]`).
    #[serde(default)]
    pub policies: Vec<Vec<String>>,
    /// The resource's PEM certificate.
    #[serde(default)]
    pub public_key: Option<String>,
    /// The id `/groups` and `/magiclinkadmin` take.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub resource_id: Option<ResourceId>,
    /// Annotated "#?" by the vendor itself **\[V\]**.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub resource_status_id: Option<i64>,
    /// "Currently unused" **\[V\]**.
    #[serde(default)]
    pub resource_subtype: Option<serde_json::Value>,
    /// `DOOR` or `COMPUTER`.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub resource_type: Option<ResourceType>,
    /// Undocumented contents **\[V\]**, kept as JSON.
    #[serde(default)]
    pub resource_info: Option<serde_json::Value>,
    /// Lock and online status.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub resource_status: Option<ResourceStatus>,
    /// When the resource was last seen.
    #[serde(default, deserialize_with = "de_datetime")]
    pub seen: Option<NaiveDateTime>,
    /// `ACTIVE`, ...
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub status: Option<ResourceStatusText>,
    /// An integer in the example (same as `resource_id`) **\[V\]**; kept as JSON.
    #[serde(default)]
    pub unique_id: Option<serde_json::Value>,
    /// When the resource last received a new configuration.
    #[serde(default, deserialize_with = "de_datetime")]
    pub updated: Option<NaiveDateTime>,
    /// The uuid `/setlockstatus` takes **\[I\]**.
    #[serde(default)]
    pub uuid: Option<String>,
    /// Fields the docs do not list.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Resource {
    /// Whether this resource is a door.
    pub fn is_door(&self) -> bool {
        self.resource_type == Some(ResourceType::Door)
    }

    /// The lock status, if reported.
    pub fn lock_status(&self) -> Option<&LockStatus> {
        self.resource_status.as_ref()?.lock_status.as_ref()
    }

    /// The online status, if reported.
    pub fn online_status(&self) -> Option<&OnlineStatus> {
        self.resource_status.as_ref()?.online_status.as_ref()
    }

    /// The group names, flattened.
    pub fn group_names(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().map(String::as_str)
    }
}

/// `resource_status` of a resource: `{lock_status, online_status}`; the value
/// types are not documented **\[V\]** and are read leniently **\[I\]**.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ResourceStatus {
    /// Locked or unlocked.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub lock_status: Option<LockStatus>,
    /// Online or offline.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub online_status: Option<OnlineStatus>,
    /// Fields the docs do not list.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

crate::error::allthenticate_errors! {
    /// Failures of `GET /multipleresources`: the general rows (see [`crate::error`]).
    pub enum ListResourcesError {
    }
}

/// `GET /multipleresources`: every resource of the organisation, optionally of
/// one `type` (`COMPUTER` or `DOOR`) **\[V\]**. "Requires authentication" **\[V\]**.
/// Idempotent (retried). Not paged.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ListResources {
    resource_type: Option<ResourceType>,
}

impl ListResources {
    /// Every resource.
    pub fn new() -> Self {
        Self::default()
    }

    /// Doors only (`type=DOOR`).
    pub fn doors() -> Self {
        Self {
            resource_type: Some(ResourceType::Door),
        }
    }

    /// Computers only (`type=COMPUTER`).
    pub fn computers() -> Self {
        Self {
            resource_type: Some(ResourceType::Computer),
        }
    }

    /// `type`: resources of this type only.
    pub fn resource_type(mut self, t: ResourceType) -> Self {
        self.resource_type = Some(t);
        self
    }
}

access_core::endpoint! {
    impl Endpoint for ListResources {
        name: "GET /multipleresources",
        method: GET,
        path: "multipleresources",
        output: Vec<Resource>,
        error: ListResourcesError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            q.push_opt("type", s.resource_type.as_ref().map(|t| t.as_str().to_owned()));
            q
        },
    }
}

crate::error::allthenticate_errors! {
    /// Failures of `POST /setlockstatus`: one endpoint-specific row, then the general rows (see [`crate::error`]).
    pub enum SetLockStatusError {
        /// The resource's controller is offline; nothing changed **\[I\]** recognised by
        /// the word "offline", whatever the status.
        Offline = (_, contains "offline") => Device,
    }
}

/// `POST /setlockstatus`: locks or unlocks one resource **\[seed\]**.
///
/// * `uuid` (required): the resource's uuid from `/multipleresources` **\[I\]**.
/// * `lock_state` (required): `true` locks, `false` unlocks **\[seed\]**.
/// * `unlock_time`: seconds to stay unlocked, an "Int" **\[seed\]**: any positive
///   [`UnlockTime`], only with an unlock. The seed gives no range; the 5 to 60 s of
///   `/masslock` is documented for `/masslock` only **\[V\]**, so it is not applied here.
///   Without it the door stays unlocked for the vendor's default time (not documented).
///
/// **Hardware side effect; never retried.** A timeout means the door may have
/// opened (`may_have_been_sent()`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SetLockStatus {
    uuid: uuid::Uuid,
    lock_state: LockState,
    unlock_time: Option<UnlockTime>,
}

impl SetLockStatus {
    /// Sets the resource `uuid` to `lock_state`.
    pub fn new(uuid: uuid::Uuid, lock_state: LockState) -> Self {
        Self {
            uuid,
            lock_state,
            unlock_time: None,
        }
    }

    /// Locks the resource now.
    pub fn lock(uuid: uuid::Uuid) -> Self {
        Self {
            uuid,
            lock_state: LockState::Locked,
            unlock_time: None,
        }
    }

    /// Unlocks the resource for the vendor's default time.
    pub fn unlock(uuid: uuid::Uuid) -> Self {
        Self {
            uuid,
            lock_state: LockState::Unlocked,
            unlock_time: None,
        }
    }

    /// Unlocks the resource for `time`; it relocks afterwards.
    pub fn unlock_for(uuid: uuid::Uuid, time: UnlockTime) -> Self {
        Self {
            uuid,
            lock_state: LockState::Unlocked,
            unlock_time: Some(time),
        }
    }

    /// Parses a resource uuid as `/multipleresources` reports it.
    pub fn parse_uuid(uuid: &str) -> Result<uuid::Uuid, ValidationError> {
        uuid::Uuid::parse_str(uuid.trim())
            .map_err(|_| ValidationError::new("uuid", "must be the resource's UUID (8-4-4-4-12)"))
    }

    /// `unlock_time` (refused before sending when locking).
    pub fn unlock_time(mut self, time: UnlockTime) -> Self {
        self.unlock_time = Some(time);
        self
    }
}

/// Refuses an unlock time on a lock command.
fn unlock_time_only_when_unlocking(
    lock_state: LockState,
    unlock_time: Option<UnlockTime>,
) -> Result<(), ValidationError> {
    if lock_state == LockState::Locked && unlock_time.is_some() {
        return Err(ValidationError::new(
            "unlock_time",
            "is only meaningful when unlocking (lock_state false)",
        ));
    }
    Ok(())
}

#[derive(Serialize)]
struct SetLockBody {
    uuid: String,
    lock_state: LockState,
    #[serde(skip_serializing_if = "Option::is_none")]
    unlock_time: Option<UnlockTime>,
}

access_core::endpoint! {
    impl Endpoint for SetLockStatus {
        name: "POST /setlockstatus",
        method: POST,
        path: "setlockstatus",
        output: Success,
        error: SetLockStatusError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| {
            Body::json(&SetLockBody {
                uuid: s.uuid.hyphenated().to_string(),
                lock_state: s.lock_state,
                unlock_time: s.unlock_time,
            })
        },
        validate: |s| unlock_time_only_when_unlocking(s.lock_state, s.unlock_time),
    }
}

crate::error::allthenticate_errors! {
    /// Failures of `POST /masslock`: one endpoint-specific row, then the general rows (see [`crate::error`]).
    pub enum MassLockError {
        /// The API key lacks the privilege `/masslock` needs: the page says
        /// "Requires assurance" **\[V\]** Resources page; what that means is not
        /// documented. Recognised on 401/403 by the word "assurance" **\[I\]**.
        AssuranceRequired = (401 | 403, contains "assurance") => Auth,
    }
}

/// `POST /masslock`: locks or unlocks doors in bulk, a door group or every door
/// of the organisation **\[V\]**. "Requires assurance" **\[V\]**.
///
/// * `lock_state` (required) **\[V\]**; a boolean as in `/setlockstatus` **\[seed\]**.
/// * `group_id`: a door group's id; without it **every door** is affected **\[V\]**.
/// * `unlock_time`: 5 to 60 s; "out-of-range values are corrected automatically"
///   **\[V\]**. The SDK sends the value as given and leaves the correction to the
///   server (see [`MassLock::unlock_time`]).
/// * `force_lock`: lock even if already locked (default false) **\[V\]**.
/// * `lock_wait`: defaults to 0 "since this is an emergency lock" **\[V\]**; the unit
///   is not stated, seconds are assumed **\[I\]**.
///
/// **Hardware side effect; never retried.**
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MassLock {
    lock_state: LockState,
    group_id: Option<GroupId>,
    unlock_time: Option<UnlockTime>,
    force_lock: Option<bool>,
    lock_wait: Option<u32>,
}

impl MassLock {
    /// Locks every door of the organisation (an emergency lock).
    pub fn lock_all() -> Self {
        Self::new(LockState::Locked)
    }

    /// Unlocks every door of the organisation.
    pub fn unlock_all() -> Self {
        Self::new(LockState::Unlocked)
    }

    /// Locks or unlocks, every door unless a group is set.
    pub fn new(lock_state: LockState) -> Self {
        Self {
            lock_state,
            group_id: None,
            unlock_time: None,
            force_lock: None,
            lock_wait: None,
        }
    }

    /// `group_id`: only the doors of this door group.
    pub fn group_id(mut self, group_id: GroupId) -> Self {
        self.group_id = Some(group_id);
        self
    }

    /// `unlock_time` (only with an unlock), sent **as given**.
    ///
    /// The Resources page documents 5 to 60 s for `/masslock` and says values outside
    /// it are corrected automatically by the server **\[V\]**: the call is not refused,
    /// and the doors stay unlocked for the corrected time, not for `time`. The page does
    /// not say what a value is corrected to, so the SDK does not guess on the wire; check
    /// with [`UnlockTime::in_mass_lock_range`], or send
    /// [`UnlockTime::clamped_to_mass_lock_range`] to fix the time yourself (the
    /// simulator corrects to the nearest end of the range **\[I\]**).
    pub fn unlock_time(mut self, time: UnlockTime) -> Self {
        self.unlock_time = Some(time);
        self
    }

    /// `force_lock`.
    pub fn force_lock(mut self, force: bool) -> Self {
        self.force_lock = Some(force);
        self
    }

    /// `lock_wait` in seconds **\[I\]**.
    pub fn lock_wait(mut self, secs: u32) -> Self {
        self.lock_wait = Some(secs);
        self
    }
}

#[derive(Serialize)]
struct MassLockBody {
    lock_state: LockState,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_id: Option<GroupId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unlock_time: Option<UnlockTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    force_lock: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lock_wait: Option<u32>,
}

access_core::endpoint! {
    impl Endpoint for MassLock {
        name: "POST /masslock",
        method: POST,
        path: "masslock",
        output: Success,
        error: MassLockError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| {
            Body::json(&MassLockBody {
                lock_state: s.lock_state,
                group_id: s.group_id,
                unlock_time: s.unlock_time,
                force_lock: s.force_lock,
                lock_wait: s.lock_wait,
            })
        },
        validate: |s| unlock_time_only_when_unlocking(s.lock_state, s.unlock_time),
    }
}

/// Resource calls of a [`Client`] (doors and computers): `client.resources()`.
#[derive(Debug, Clone, Copy)]
pub struct Resources<'a>(&'a Client);

impl Client {
    /// Resources: list, lock and unlock (`/multipleresources`, `/setlockstatus`,
    /// `/masslock`).
    pub fn resources(&self) -> Resources<'_> {
        Resources(self)
    }
}

impl Resources<'_> {
    /// `GET /multipleresources`: the whole list (Allthenticate does not page it),
    /// e.g. `list(ListResources::new())` for every resource.
    pub async fn list(
        self,
        request: ListResources,
    ) -> Result<Vec<Resource>, Error<ListResourcesError>> {
        self.0.send(&request).await
    }

    /// `GET /multipleresources?type=DOOR`: the doors.
    pub async fn doors(self) -> Result<Vec<Resource>, Error<ListResourcesError>> {
        self.0.send(&ListResources::doors()).await
    }

    /// `POST /setlockstatus`. Never retried.
    pub async fn set_lock_status(
        self,
        request: SetLockStatus,
    ) -> Result<Success, Error<SetLockStatusError>> {
        self.0.send(&request).await
    }

    /// `POST /masslock`. Never retried.
    pub async fn mass_lock(self, request: MassLock) -> Result<Success, Error<MassLockError>> {
        self.0.send(&request).await
    }
}
