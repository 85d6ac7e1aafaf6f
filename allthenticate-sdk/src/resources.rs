//! Resources (doors and computers) and door control.
//!
//! `GET /multipleresources` and `POST /masslock` are verified on the "Resources"
//! page (A2) \[V\]; `POST /setlockstatus` comes from the seed \[seed\].
//!
//! Door control is **never retried**: unlocking twice is a bug. When a lock
//! command fails with a timeout or a dropped connection,
//! `Error::may_have_been_sent()` is `true`: the door may have been unlocked.

use std::borrow::Cow;

use access_core::http::{Body, Endpoint, Method, Query, Response};
use access_core::{DecodeError, Error, ErrorKind, ValidationError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::Client;
use crate::errors::endpoint_error;
use crate::model::{
    GroupId, LockState, LockStatus, OnlineStatus, OrgId, ResourceId, ResourceStatusText,
    ResourceType, Success, UnlockTime, de_datetime,
};

/// A door or computer as `GET /multipleresources` lists it \[V\].
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
    #[serde(default)]
    pub org_id: Option<OrgId>,
    /// Policy names as one-element lists (`[["Guest Policy"], ...]`).
    #[serde(default)]
    pub policies: Vec<Vec<String>>,
    /// The resource's PEM certificate.
    #[serde(default)]
    pub public_key: Option<String>,
    /// The id `/groups` and `/magiclinkadmin` take.
    #[serde(default)]
    pub resource_id: Option<ResourceId>,
    /// Annotated "#?" by the vendor itself \[V\].
    #[serde(default)]
    pub resource_status_id: Option<i64>,
    /// "Currently unused" \[V\].
    #[serde(default)]
    pub resource_subtype: Option<serde_json::Value>,
    /// `DOOR` or `COMPUTER`.
    #[serde(default)]
    pub resource_type: Option<ResourceType>,
    /// Undocumented contents \[V\], kept as JSON.
    #[serde(default)]
    pub resource_info: Option<serde_json::Value>,
    /// Lock and online status.
    #[serde(default)]
    pub resource_status: Option<ResourceStatus>,
    /// When the resource was last seen.
    #[serde(default, deserialize_with = "de_datetime")]
    pub seen: Option<NaiveDateTime>,
    /// `ACTIVE`, ...
    #[serde(default)]
    pub status: Option<ResourceStatusText>,
    /// An integer in the example (same as `resource_id`) \[V\]; kept as JSON.
    #[serde(default)]
    pub unique_id: Option<serde_json::Value>,
    /// When the resource last received a new configuration.
    #[serde(default, deserialize_with = "de_datetime")]
    pub updated: Option<NaiveDateTime>,
    /// The uuid `/setlockstatus` takes \[I\].
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
/// types are not documented \[V\] and are read leniently \[I\].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ResourceStatus {
    /// Locked or unlocked.
    #[serde(default)]
    pub lock_status: Option<LockStatus>,
    /// Online or offline.
    #[serde(default)]
    pub online_status: Option<OnlineStatus>,
    /// Fields the docs do not list.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

endpoint_error!(
    /// Failures of `GET /multipleresources`.
    ListResourcesError {}
);

/// `GET /multipleresources`: every resource of the organisation, optionally of
/// one `type` (`COMPUTER` or `DOOR`) \[V\]. "Requires authentication" \[V\].
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
}

impl Endpoint for ListResources {
    type Output = Vec<Resource>;
    type Error = ListResourcesError;
    const METHOD: Method = Method::GET;
    const NAME: &'static str = "GET /multipleresources";
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Cow<'_, str> {
        "multipleresources".into()
    }

    fn query(&self) -> Query {
        let mut q = Query::new();
        q.push_opt(
            "type",
            self.resource_type.as_ref().map(|t| t.as_str().to_owned()),
        );
        q
    }

    fn decode(&self, r: Response) -> Result<Vec<Resource>, DecodeError> {
        r.json()
    }
}

endpoint_error!(
    /// Failures of `POST /setlockstatus`.
    SetLockStatusError {
        /// The resource's controller is offline; nothing changed [I: recognised by
        /// the word "offline"].
        Offline => (_, "offline", ErrorKind::Device),
    }
);

/// `POST /setlockstatus`: locks or unlocks one resource \[seed\].
///
/// * `uuid` (required): the resource's uuid from `/multipleresources` \[I\].
/// * `lock_state` (required): `true` locks, `false` unlocks \[seed\].
/// * `unlock_time`: seconds to stay unlocked \[seed\]; 5 to 60 as for `/masslock` \[I\],
///   only with an unlock.
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

    /// Sets `unlock_time` (refused before sending when locking).
    pub fn unlock_time(mut self, time: UnlockTime) -> Self {
        self.unlock_time = Some(time);
        self
    }
}

#[derive(Serialize)]
struct SetLockBody {
    uuid: String,
    lock_state: LockState,
    #[serde(skip_serializing_if = "Option::is_none")]
    unlock_time: Option<UnlockTime>,
}

impl Endpoint for SetLockStatus {
    type Output = Success;
    type Error = SetLockStatusError;
    const METHOD: Method = Method::POST;
    const NAME: &'static str = "POST /setlockstatus";
    const IDEMPOTENT: bool = false;

    fn path(&self) -> Cow<'_, str> {
        "setlockstatus".into()
    }

    fn validate(&self) -> Result<(), ValidationError> {
        if self.lock_state == LockState::Locked && self.unlock_time.is_some() {
            return Err(ValidationError::new(
                "unlock_time",
                "is only meaningful when unlocking (lock_state false)",
            ));
        }
        Ok(())
    }

    fn body(&self) -> Result<Body, ValidationError> {
        Body::json(&SetLockBody {
            uuid: self.uuid.hyphenated().to_string(),
            lock_state: self.lock_state,
            unlock_time: self.unlock_time,
        })
    }

    fn decode(&self, r: Response) -> Result<Success, DecodeError> {
        r.json()
    }
}

endpoint_error!(
    /// Failures of `POST /masslock`.
    MassLockError {
        /// The API key lacks the privilege `/masslock` needs: the page says
        /// "Requires assurance" \[V\]; what that means is not documented. Recognised
        /// on 401/403 by the word "assurance" \[I\].
        AssuranceRequired => (401 | 403, "assurance", ErrorKind::Auth),
    }
);

/// `POST /masslock`: locks or unlocks doors in bulk, a door group or every door
/// of the organisation \[V\]. "Requires assurance" \[V\].
///
/// * `lock_state` (required) \[V\]; a boolean as in `/setlockstatus` \[seed\].
/// * `group_id`: a door group's id; without it **every door** is affected \[V\].
/// * `unlock_time`: 5 to 60 s \[V\] (the server corrects other values; the SDK
///   refuses them).
/// * `force_lock`: lock even if already locked (default false) \[V\].
/// * `lock_wait`: defaults to 0 "since this is an emergency lock" \[V\]; the unit
///   is not stated, seconds are assumed \[I\].
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

    /// Only the doors of this door group.
    pub fn group(mut self, group_id: GroupId) -> Self {
        self.group_id = Some(group_id);
        self
    }

    /// `unlock_time` (only with an unlock).
    pub fn unlock_time(mut self, time: UnlockTime) -> Self {
        self.unlock_time = Some(time);
        self
    }

    /// `force_lock`.
    pub fn force_lock(mut self, force: bool) -> Self {
        self.force_lock = Some(force);
        self
    }

    /// `lock_wait` in seconds \[I\].
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

impl Endpoint for MassLock {
    type Output = Success;
    type Error = MassLockError;
    const METHOD: Method = Method::POST;
    const NAME: &'static str = "POST /masslock";
    const IDEMPOTENT: bool = false;

    fn path(&self) -> Cow<'_, str> {
        "masslock".into()
    }

    fn validate(&self) -> Result<(), ValidationError> {
        if self.lock_state == LockState::Locked && self.unlock_time.is_some() {
            return Err(ValidationError::new(
                "unlock_time",
                "is only meaningful when unlocking (lock_state false)",
            ));
        }
        Ok(())
    }

    fn body(&self) -> Result<Body, ValidationError> {
        Body::json(&MassLockBody {
            lock_state: self.lock_state,
            group_id: self.group_id,
            unlock_time: self.unlock_time,
            force_lock: self.force_lock,
            lock_wait: self.lock_wait,
        })
    }

    fn decode(&self, r: Response) -> Result<Success, DecodeError> {
        r.json()
    }
}

/// The resource endpoints of a [`Client`].
#[derive(Debug, Clone, Copy)]
pub struct Resources<'a> {
    client: &'a Client,
}

impl Client {
    /// Resources: list, lock and unlock.
    pub fn resources(&self) -> Resources<'_> {
        Resources { client: self }
    }
}

impl Resources<'_> {
    /// `GET /multipleresources`.
    pub async fn list(&self) -> Result<Vec<Resource>, Error<ListResourcesError>> {
        self.client.send(&ListResources::new()).await
    }

    /// `GET /multipleresources?type=DOOR`.
    pub async fn doors(&self) -> Result<Vec<Resource>, Error<ListResourcesError>> {
        self.client.send(&ListResources::doors()).await
    }

    /// `POST /setlockstatus`. Never retried.
    pub async fn set_lock_status(
        &self,
        req: &SetLockStatus,
    ) -> Result<Success, Error<SetLockStatusError>> {
        self.client.send(req).await
    }

    /// `POST /masslock`. Never retried.
    pub async fn mass_lock(&self, req: &MassLock) -> Result<Success, Error<MassLockError>> {
        self.client.send(req).await
    }
}
