//! Synchronisation to the terminals: `/admins/sync`, `/admins/getSyncLogs`, `/users/sync`.
//!
//! Terminals keep their own memory: a change to a user (groups, card, PIN, face,
//! validity) reaches the hardware only after a sync **\[seed\]**, **\[V\]** U, and only for
//! users with an access group. A sync is work the hardware finishes later, so
//! [`Syncs::to_terminals`](Syncs#method.to_terminals) answers an
//! [`Operation`] that polls `getSyncLogs` until the
//! terminals have taken the change.
//!
//! **Provenance.** Paths and error rows **\[seed\]**. Bodies (`wsAltUserId`,
//! `userId`, `locationId`), the `syncId` answer and the sync-log entries are
//! **\[I\]** (modelled on SOAP `autoSync`/`getSyncStatus`, whose pages were cut off).

use access_core::http::Body;
use access_core::{Error, Operation, Progress, ValidationError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::auth::{Admin, Role, RoleEndpoint, User};
use crate::client::Client;
use crate::model::{ExportWindow, UserId, WsAltUserId, de, decode_list};

access_core::error_enum! {
    /// Failures of `POST /admins/sync` **\[seed\]**.
    pub enum AdminSyncError for crate::error::EasySecureErrorBody {
        /// 404 "User not found".
        UserNotFound = (404, message "User not found") => NotFound,
        /// 404 "User not linked to location": give the user an access group (of a
        /// location) first.
        UserNotLinkedToLocation = (404, message "User not linked to location") => InvalidInput,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/getSyncLogs` **\[seed\]**.
    pub enum GetSyncLogsError for crate::error::EasySecureErrorBody {
        /// 400 "Incorrect format".
        IncorrectFormat = (400, message "Incorrect format") => InvalidInput,
    }
}

/// `POST /admins/sync` **\[seed\]**: pushes users to the terminals: one user (by
/// `wsAltUserId` or EasySecure id) or everyone, optionally one location. Not
/// idempotent by the SDK's rules: never retried.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AdminSync {
    #[serde(rename = "wsAltUserId", skip_serializing_if = "Option::is_none")]
    ws_alt_user_id: Option<WsAltUserId>,
    #[serde(rename = "userId", skip_serializing_if = "Option::is_none")]
    user_id: Option<UserId>,
    #[serde(rename = "locationId", skip_serializing_if = "Option::is_none")]
    location_id: Option<i64>,
}

impl AdminSync {
    /// Every user (of every location, unless [`AdminSync::location_id`] is set).
    pub fn all() -> Self {
        Self::default()
    }

    /// One user by `wsAltUserId`.
    pub fn user(ws_alt_user_id: WsAltUserId) -> Self {
        Self {
            ws_alt_user_id: Some(ws_alt_user_id),
            ..Self::default()
        }
    }

    /// One user by EasySecure id.
    pub fn user_id(user_id: UserId) -> Self {
        Self {
            user_id: Some(user_id),
            ..Self::default()
        }
    }

    /// Only this location.
    pub fn location_id(mut self, id: i64) -> Self {
        self.location_id = Some(id);
        self
    }

    /// The user targeted, if one.
    pub fn target(&self) -> Option<&WsAltUserId> {
        self.ws_alt_user_id.as_ref()
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.ws_alt_user_id.is_some() && self.user_id.is_some() {
            return Err(ValidationError::new(
                "wsAltUserId",
                "give either wsAltUserId or userId, not both",
            ));
        }
        Ok(())
    }
}

/// The answer to a sync request **\[I\]**.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SyncStarted {
    /// `syncId`: what `getSyncLogs` reports progress under, when the server says.
    #[serde(
        rename = "syncId",
        alias = "syncID",
        alias = "token",
        default,
        deserialize_with = "de::opt_nonempty"
    )]
    pub sync_id: Option<String>,
    /// The server's message.
    #[serde(default, deserialize_with = "de::opt_nonempty")]
    pub message: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn decode_started(
    r: &access_core::http::Response,
) -> Result<SyncStarted, access_core::DecodeError> {
    Ok(r.json_or_empty()?.unwrap_or_default())
}

access_core::endpoint! {
    impl Endpoint for AdminSync {
        name: "POST /admins/sync",
        method: POST,
        path: "admins/sync",
        output: SyncStarted,
        error: AdminSyncError,
        idempotent: false,
        decode: |_, r| decode_started(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for AdminSync {}

access_core::error_enum! {
    /// Failures of `POST /users/sync`: the seed documents no row for it (nor rows
    /// common to every endpoint), so every failure is `Unknown`, with its status,
    /// code and text.
    pub enum UserSyncError for crate::error::EasySecureErrorBody {}
}

/// `POST /users/sync` **\[seed\]**: the logged-in user pushes their own record to the
/// terminals (e.g. after setting a picture). No error rows documented. Body `{}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UserSync {}

impl UserSync {
    /// The request.
    pub fn new() -> Self {
        Self {}
    }

    fn check(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for UserSync {
        name: "POST /users/sync",
        method: POST,
        path: "users/sync",
        output: SyncStarted,
        error: UserSyncError,
        idempotent: false,
        decode: |_, r| decode_started(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<User> for UserSync {}

/// Where one terminal sync stands **\[I\]**.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyncStatus {
    /// Queued.
    Pending,
    /// Being sent to the terminals.
    Running,
    /// The terminals have the change.
    Done,
    /// The sync failed (see the entry's message).
    Failed,
    /// Any other value, kept.
    Unknown(String),
}

impl SyncStatus {
    /// Reads a status leniently (`done`, `ok`, `success`, `completed`, `1` are Done).
    pub fn from_wire(value: &str) -> Self {
        match value.trim().to_ascii_lowercase().as_str() {
            "pending" | "queued" | "new" | "0" => SyncStatus::Pending,
            "running" | "busy" | "in progress" | "started" => SyncStatus::Running,
            "done" | "ok" | "success" | "completed" | "finished" | "1" => SyncStatus::Done,
            "failed" | "error" | "not ok" | "-1" => SyncStatus::Failed,
            _ => SyncStatus::Unknown(value.to_string()),
        }
    }

    /// Whether the sync is over (done or failed).
    pub fn is_final(&self) -> bool {
        matches!(self, SyncStatus::Done | SyncStatus::Failed)
    }
}

impl<'de> Deserialize<'de> for SyncStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(SyncStatus::from_wire(
            &de::opt_string_or_number(d)?.unwrap_or_default(),
        ))
    }
}

/// One entry of `getSyncLogs` **\[I\]**.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SyncLogEntry {
    /// The entry's id.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    /// The sync this entry belongs to.
    #[serde(
        rename = "syncId",
        alias = "syncID",
        default,
        deserialize_with = "de::opt_nonempty"
    )]
    pub sync_id: Option<String>,
    /// The user synced.
    #[serde(rename = "wsAltUserId", default, deserialize_with = "de::opt_nonempty")]
    pub ws_alt_user_id: Option<String>,
    /// The terminal (serial number).
    #[serde(
        rename = "Terminal",
        alias = "terminal",
        default,
        deserialize_with = "de::opt_nonempty"
    )]
    pub terminal: Option<String>,
    /// The status.
    #[serde(default = "unknown_status")]
    pub status: SyncStatus,
    /// The server's message.
    #[serde(default, deserialize_with = "de::opt_nonempty")]
    pub message: Option<String>,
    /// When the entry was written.
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub created: Option<NaiveDateTime>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn unknown_status() -> SyncStatus {
    SyncStatus::Unknown(String::new())
}

/// `POST /admins/getSyncLogs` **\[seed\]**: the log of syncs, optionally for one
/// sync id, one user or a time window (`yyyy-mm-dd hh:ii:ss`; another form
/// answers 400 "Incorrect format"). A read: retried on 502/503/504.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GetSyncLogs {
    #[serde(rename = "syncId", skip_serializing_if = "Option::is_none")]
    sync_id: Option<String>,
    #[serde(rename = "wsAltUserId", skip_serializing_if = "Option::is_none")]
    ws_alt_user_id: Option<WsAltUserId>,
    #[serde(flatten)]
    window: ExportWindow,
}

impl GetSyncLogs {
    /// The whole log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only entries of this sync.
    pub fn sync_id(mut self, id: impl Into<String>) -> Self {
        self.sync_id = Some(id.into());
        self
    }

    /// Only entries of this user.
    pub fn user(mut self, id: WsAltUserId) -> Self {
        self.ws_alt_user_id = Some(id);
        self
    }

    /// Only entries within this window (`from <= to`, checked before sending).
    pub fn between(mut self, from: NaiveDateTime, to: NaiveDateTime) -> Self {
        self.window = ExportWindow::between(from, to);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        self.window.check()
    }
}

access_core::endpoint! {
    impl Endpoint for GetSyncLogs {
        name: "POST /admins/getSyncLogs",
        method: POST,
        path: "admins/getSyncLogs",
        output: Vec<SyncLogEntry>,
        error: GetSyncLogsError,
        idempotent: true,
        decode: |_, r| decode_list(&r, &["logs", "syncLogs", "data", "result"]),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for GetSyncLogs {}

/// What a finished sync reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SyncReport {
    /// The sync id, when the server gave one.
    pub sync_id: Option<String>,
    /// The sync-log entries of this sync.
    pub entries: Vec<SyncLogEntry>,
    /// Whether completion was confirmed by `getSyncLogs` (false when the server
    /// gave no sync id to follow).
    pub confirmed: bool,
}

impl SyncReport {
    /// Whether any entry failed.
    pub fn any_failed(&self) -> bool {
        self.entries.iter().any(|e| e.status == SyncStatus::Failed)
    }
}

/// Sync calls of a [`Client`] of either role: `admin.syncs()` (`/admins/sync`,
/// `getSyncLogs`) or `user.syncs()` (`/users/sync`).
#[derive(Debug)]
pub struct Syncs<'a, R: Role>(&'a Client<R>);

impl<R: Role> Clone for Syncs<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Role> Copy for Syncs<'_, R> {}

impl<R: Role> Client<R> {
    /// Syncs to the terminals (`/admins/sync` and `getSyncLogs` on the admin
    /// path, `/users/sync` on the user path).
    pub fn syncs(&self) -> Syncs<'_, R> {
        Syncs(self)
    }
}

impl Syncs<'_, Admin> {
    /// `POST /admins/sync`: starts a sync and returns at once.
    pub async fn start(self, request: AdminSync) -> Result<SyncStarted, Error<AdminSyncError>> {
        self.0.send(&request).await
    }

    /// `POST /admins/getSyncLogs`: the log of syncs (the vendor answers it whole).
    pub async fn logs(
        self,
        request: GetSyncLogs,
    ) -> Result<Vec<SyncLogEntry>, Error<GetSyncLogsError>> {
        self.0.send(&request).await
    }

    /// Starts a sync (`/admins/sync`) and answers an [`Operation`] that polls
    /// `/admins/getSyncLogs` for its sync id until every entry is done or failed.
    /// When the server gives no sync id, the operation is completed at once with
    /// `confirmed = false`: the sync was accepted, its end cannot be followed.
    pub async fn to_terminals(
        self,
        request: AdminSync,
    ) -> Result<Operation<SyncReport>, Error<AdminSyncError>> {
        let started = self.0.send(&request).await?;
        let Some(sync_id) = started.sync_id.clone() else {
            return Ok(Operation::completed(SyncReport {
                sync_id: None,
                entries: Vec::new(),
                confirmed: false,
            }));
        };
        let client = self.0.clone();
        let what = format!("EasySecure sync {sync_id}");
        Ok(Operation::pending_fn(
            what,
            Some("started".into()),
            move || {
                let client = client.clone();
                let sync_id = sync_id.clone();
                async move {
                    let entries = client
                        .send(&GetSyncLogs::new().sync_id(sync_id.clone()))
                        .await
                        .map_err(Error::erase)?
                        .into_iter()
                        // Should the server ignore the filter, keep this sync's entries.
                        .filter(|e| e.sync_id.as_deref().is_none_or(|s| s == sync_id))
                        .collect::<Vec<_>>();
                    if !entries.is_empty() && entries.iter().all(|e| e.status.is_final()) {
                        Ok(Progress::Done(SyncReport {
                            sync_id: Some(sync_id),
                            entries,
                            confirmed: true,
                        }))
                    } else {
                        let stage = entries
                            .iter()
                            .find(|e| !e.status.is_final())
                            .map(|e| format!("{:?}", e.status));
                        Ok(Progress::Pending(stage))
                    }
                }
            },
        ))
    }
}

impl Syncs<'_, User> {
    /// `POST /users/sync`: pushes the user's own record to the terminals.
    pub async fn start(self) -> Result<SyncStarted, Error<UserSyncError>> {
        self.0.send(&UserSync::new()).await
    }
}
