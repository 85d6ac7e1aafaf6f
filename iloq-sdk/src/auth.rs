//! The iLOQ session: `Url/GetUrl`, `CreateSession`, `LockGroups`,
//! `SetLockgroup`, the `SessionId` header, `KillSession`.
//!
//! iLOQ's six-step flow **\[V\]** ENK README "General process": resolve the URL
//! (never skip it, even when it answers empty), create a session, list the
//! locking systems, select one (nothing else works before that), call the API
//! with the `SessionId` header, kill the session. Sessions expire after a time
//! iLOQ does not document; an expired one is answered with HTTP 401
//! `{"Code":"Unauthorized","Message":"Invalid session id: <guid>"}` **\[V\]** HEL.
//! [`Session`] recognises that answer and the shared transport then runs the
//! whole setup again (once, however many calls hit the expiry at the same
//! time) and replays the refused request once, as HEL does.

use std::fmt;
use std::sync::Arc;

use access_core::http::{
    AuthParts, Authorizer, Body, CredentialCache, Endpoint, Fresh, HeaderName, Response, Transport,
};
use access_core::{
    AuthError, DecodeError, Error, ExposeSecret, SecretString, ServiceError, ValidationError,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::ids::LockGroupId;
use crate::macros::{flags, int_enum};

flags! {
    /// `SetLockgroupResult.RightsMask`: what the API user may do in the
    /// selected locking system (int64 on the wire) **\[V\]** ENK SetLockgroupResult.
    /// Unknown bits are kept; the full list goes up to 2^54.
    pub struct RightsMask(u64) {
        /// Log in to Manager.
        const LOGIN = 1;
        /// View the person list.
        const VIEW_PERSONS = 2;
        /// View the key list.
        const VIEW_KEYS = 512;
        /// View the zone list.
        const VIEW_ZONES = 2048;
        /// Edit persons.
        const EDIT_PERSONS = 65536;
        /// Edit the blocklist.
        const EDIT_BLOCKLIST = 131072;
        /// Edit keys.
        const EDIT_KEYS = 524288;
        /// View the security access list.
        const VIEW_SECURITY_ACCESSES = 2097152;
        /// Edit security accesses.
        const EDIT_SECURITY_ACCESSES = 4194304;
        /// View the blocklist.
        const VIEW_BLOCKLIST = 8388608;
        /// Edit key access.
        const EDIT_KEY_ACCESS = 33554432;
        /// Hand over keys.
        const HAND_OVER_KEYS = 67108864;
        /// Handle key returns.
        const RETURN_KEYS = 134217728;
        /// Order locks.
        const ORDER_LOCKS = 268435456;
        /// Edit lock access.
        const EDIT_LOCK_ACCESS = 536870912;
        /// Browse the lock list.
        const BROWSE_LOCKS = 1073741824;
        /// Administrate the locking system (webhooks need it, per LIV).
        const ADMINISTRATE = 2147483648;
        /// Order keys.
        const ORDER_KEYS = 34359738368;
        /// Browse lock log entries.
        const BROWSE_LOCK_LOGS = 549755813888;
        /// Edit doors' calendar controls.
        const EDIT_CALENDAR_CONTROLS = 2251799813685248;
    }
}

flags! {
    /// `LockGroup.OptionMask`: the locking system's settings **\[V\]** ENK; bit 1's
    /// match with EasySecure's "Key handover without returning" is **\[I\]**.
    pub struct LockGroupOptions(u32) {
        /// "Handed over key can be attached to another person without returning
        /// the key": required to hand keys to persons through the API.
        const HANDOVER_WITHOUT_RETURN = 1;
        /// Zones in use.
        const ZONES = 2;
        /// Real estates in use.
        const REAL_ESTATES = 4;
        /// Tag field visible.
        const TAG_FIELD_VISIBLE = 8;
        /// Tags editable.
        const TAGS_EDITABLE = 16;
        /// Code groups.
        const CODE_GROUPS = 32;
        /// Lock time limits split into key time limits.
        const SPLIT_TIME_LIMITS = 64;
        /// Key PIN.
        const KEY_PIN = 128;
        /// 24-bit mode.
        const MODE_24_BIT = 256;
        /// Zones on keys and persons.
        const ZONES_ON_KEYS = 512;
        /// Key packet valid-from.
        const KEY_PACKET_VALID_FROM = 1024;
        /// "Public API in use": logins fail without it.
        const PUBLIC_API = 2048;
        /// S50 in use.
        const S50 = 4096;
        /// S10 in use.
        const S10 = 8192;
        /// "Can use API access rights": needed to change Type 3 accesses.
        const API_ACCESS_RIGHTS = 16384;
        /// External RFID tags.
        const EXTERNAL_RFID = 32768;
        /// 5 Series in use.
        const FIVE_SERIES = 65536;
        /// Zone-specific blocklist.
        const ZONE_BLOCKLIST = 131072;
        /// iLOQ HOME.
        const ILOQ_HOME = 262144;
        /// Multiple time zones.
        const MULTIPLE_TIME_ZONES = 16777216;
    }
}

int_enum! {
    /// `CreateSessionResult.Result` (CreateSessionResultType) **\[V\]** values; **\[I\]**
    /// that the field uses this enum. Use it for diagnostics only: HEL's real
    /// fixture shows `Result: 0` on success, so a non-empty `SessionID` is what
    /// means success.
    pub enum CreateSessionResultType {
        /// No result.
        NoResult = 0 => "no result",
        /// Successful login.
        Successful = 1 => "successful login",
        /// Invalid WebService interface version.
        InvalidInterfaceVersion = 2 => "invalid WebService interface version",
        /// HTTPS required.
        HttpsRequired = 3 => "HTTPS required",
        /// DB update in progress; login temporarily disabled.
        DbUpdateInProgress = 4 => "database update in progress; login temporarily disabled",
        /// Invalid credentials or customer code.
        InvalidCredentials = 5 => "invalid credentials or customer code",
        /// DB version too low (wrong server address?).
        DbVersionTooLow = 6 => "database version too low (wrong server address?)",
        /// Credentials locked out (first time).
        LockedOut = 7 => "credentials locked out",
        /// Login ignored; credentials already locked.
        AlreadyLocked = 8 => "login ignored; credentials already locked",
        /// Password expired or reset requested.
        PasswordExpired = 9 => "password expired or reset requested",
        /// User cancelled (SSO).
        UserCancelled = 10 => "user cancelled (SSO)",
        /// DB version too high (wrong server address?).
        DbVersionTooHigh = 11 => "database version too high (wrong server address?)",
    }
}

int_enum! {
    /// `LockGroup.State` **\[V\]** ENK.
    pub enum LockGroupState {
        /// Active.
        Active = 0 => "active",
        /// Not in use.
        NotInUse = 1 => "not in use",
    }
}

/// The `SessionId` header every call after `CreateSession` carries.
pub const SESSION_HEADER: &str = "SessionId";
/// The API Gateway key header, required on every request when the locking
/// system uses the gateway **\[V\]** ENK README "Getting started".
pub const API_KEY_HEADER: &str = "x-api-key";

/// iLOQ's "service code" (`CustomerCode` in the API): 2 to 50 characters
/// **\[V\]** ENK PublicApiGetUrlParam.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CustomerCode(String);

impl CustomerCode {
    /// Validates a customer code.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        let n = v.chars().count();
        if !(2..=50).contains(&n) {
            return Err(ValidationError::new(
                "CustomerCode",
                "must be 2 to 50 characters",
            ));
        }
        Ok(Self(v))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `POST /api/v2/Url/GetUrl`: the base URL of the customer's server pool
/// **\[V\]** ENK. Mandatory first step; `None` (null or empty answer) means
/// keep using the service address. The answer ends with `/` (HEL then built
/// `//api/v2`); the client normalises it.
#[derive(Debug, Clone)]
pub struct GetUrl {
    customer_code: CustomerCode,
}

impl GetUrl {
    /// The request with its required parameters.
    pub fn new(customer_code: CustomerCode) -> Self {
        Self { customer_code }
    }
}

access_core::endpoint! {
    impl Endpoint for GetUrl {
        name: "POST /api/v2/Url/GetUrl",
        method: POST,
        path: "api/v2/Url/GetUrl",
        output: Option<String>,
        error: GetUrlError,
        idempotent: true,
        authenticated: false,
        decode: |_, r| decode::optional_string(r),
        body: |s| Body::json(&serde_json::json!({ "CustomerCode": s.customer_code })),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Url/GetUrl` (the session calls' rows).
    pub enum GetUrlError {
        /// HTTP 401 "Invalid session id: <guid>": the session expired or was killed **\[V\]** HEL.
        InvalidSession = (401, contains "Invalid session id") => Auth,
    }
}

/// `POST /api/v2/CreateSession` **\[V\]** ENK: logs in. Body
/// `{"UserName","Password","CustomerCode","ApiKey","ApiSecret"}`; ApiKey and
/// ApiSecret are sent as null (iLOQ: "leave them empty for now"). Not
/// idempotent: every call creates a session.
#[derive(Clone)]
pub struct CreateSession {
    user_name: String,
    password: SecretString,
    customer_code: CustomerCode,
}

impl fmt::Debug for CreateSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateSession")
            .field("user_name", &self.user_name)
            .field("password", &"[redacted]")
            .field("customer_code", &self.customer_code)
            .finish()
    }
}

impl CreateSession {
    /// A login request (the Manager user name of the integration agent, its
    /// password, the service code); the user name must not be empty.
    pub fn new(
        user_name: impl Into<String>,
        password: SecretString,
        customer_code: CustomerCode,
    ) -> Result<Self, ValidationError> {
        let r = Self {
            user_name: user_name.into(),
            password,
            customer_code,
        };
        r.validate()?;
        Ok(r)
    }
}

/// The answer of `CreateSession`. Success is a non-empty `SessionID`; `Result`
/// is kept for diagnostics (see [`CreateSessionResultType`]).
#[non_exhaustive]
pub struct CreateSessionResult {
    /// iLOQ's `Result`.
    pub result: CreateSessionResultType,
    /// iLOQ's `SessionID`, when the login succeeded.
    pub session_id: Option<SecretString>,
}

impl fmt::Debug for CreateSessionResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateSessionResult")
            .field("result", &self.result)
            .field(
                "session_id",
                &self.session_id.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

fn decode_create_session(r: Response) -> Result<CreateSessionResult, DecodeError> {
    #[derive(Deserialize)]
    struct Raw {
        #[serde(
            rename = "Result",
            default,
            deserialize_with = "access_core::lenient::optional"
        )]
        result: Option<CreateSessionResultType>,
        #[serde(rename = "SessionID", alias = "SessionId", default)]
        session_id: Option<String>,
    }
    let raw: Raw = r.json()?;
    Ok(CreateSessionResult {
        result: raw.result.unwrap_or(CreateSessionResultType::NoResult),
        session_id: raw
            .session_id
            .filter(|s| !s.trim().is_empty())
            .map(SecretString::from),
    })
}

access_core::endpoint! {
    impl Endpoint for CreateSession {
        method: POST,
        name: "POST /api/v2/CreateSession",
        path: "api/v2/CreateSession",
        validate: |s| {
            if s.user_name.trim().is_empty() {
                return Err(ValidationError::new("UserName", "must not be empty"));
            }
            Ok(())
        },
        // A server quoting the login body back must not get the password into
        // an error (or the log line that reports it).
        secrets: |s| vec![s.password.clone()],
        body: |s| {
            Body::json(&serde_json::json!({
                "UserName": s.user_name,
                "Password": s.password.expose_secret(),
                "CustomerCode": s.customer_code,
                "ApiKey": null,
                "ApiSecret": null,
            }))
        },
        output: CreateSessionResult,
        error: CreateSessionError,
        idempotent: false,
        authenticated: false,
        decode: |_, r| decode_create_session(r),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/CreateSession` (the session calls' rows).
    pub enum CreateSessionError {
        /// HTTP 401 "Invalid session id: <guid>": the session expired or was killed **\[V\]** HEL.
        InvalidSession = (401, contains "Invalid session id") => Auth,
    }
}

/// A locking system the user can select (`LockGroup`) **\[V\]** ENK LockGroup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockGroup {
    /// The locking system's id.
    #[serde(rename = "LockGroup_ID")]
    pub id: LockGroupId,
    /// The customer.
    #[serde(
        rename = "Customer_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub customer_id: Option<uuid::Uuid>,
    /// Its name.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// Its description.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// Settings, e.g. [`LockGroupOptions::HANDOVER_WITHOUT_RETURN`].
    #[serde(rename = "OptionMask", default)]
    pub options: LockGroupOptions,
    /// Active or not in use.
    #[serde(rename = "State", default = "active")]
    pub state: LockGroupState,
    /// The time zone of the locking system: time limits are in its local time.
    #[serde(rename = "TimeZoneStandardName", default)]
    pub time_zone: Option<String>,
    /// When the locking system's contract expires.
    #[serde(rename = "ExpireDateUTC", default, with = "crate::dates::utc_opt")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Every other field iLOQ sends (Address, AdapterVersion, FrontImage, ...).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn active() -> LockGroupState {
    LockGroupState::Active
}

/// `GET /api/v2/LockGroups`: the locking systems the user can select
/// **\[V\]** ENK. An array: do not assume a single element.
#[derive(Debug, Clone)]
pub struct ListLockGroups {}

impl ListLockGroups {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListLockGroups {
        name: "GET /api/v2/LockGroups",
        method: GET,
        path: "api/v2/LockGroups",
        output: Vec<LockGroup>,
        error: ListLockGroupsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/LockGroups` (the session calls' rows).
    pub enum ListLockGroupsError {
        /// HTTP 401 "Invalid session id: <guid>": the session expired or was killed **\[V\]** HEL.
        InvalidSession = (401, contains "Invalid session id") => Auth,
    }
}

/// The answer of `SetLockgroup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetLockgroupResult {
    /// What the API user may do in this locking system.
    #[serde(rename = "RightsMask", default)]
    pub rights: RightsMask,
}

/// `POST /api/v2/SetLockgroup` **\[V\]** ENK (spelled with a lower-case g):
/// selects the locking system for the session. Nothing but `LockGroups`
/// works before it.
#[derive(Debug, Clone)]
pub struct SetLockgroup {
    lock_group: LockGroupId,
}

impl SetLockgroup {
    /// The request with its required parameters.
    pub fn new(lock_group: LockGroupId) -> Self {
        Self { lock_group }
    }
}

access_core::endpoint! {
    impl Endpoint for SetLockgroup {
        name: "POST /api/v2/SetLockgroup",
        method: POST,
        path: "api/v2/SetLockgroup",
        output: SetLockgroupResult,
        error: SetLockgroupError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| Body::json(&serde_json::json!({ "LockGroup_ID": s.lock_group })),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/SetLockgroup` (the session calls' rows).
    pub enum SetLockgroupError {
        /// HTTP 401 "Invalid session id: <guid>": the session expired or was killed **\[V\]** HEL.
        InvalidSession = (401, contains "Invalid session id") => Auth,
    }
}

/// `GET /api/v2/KillSession` **\[V\]** ENK: ends the session (response body
/// unspecified, ignored).
#[derive(Debug, Clone)]
pub struct KillSession {}

impl KillSession {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for KillSession {
        name: "GET /api/v2/KillSession",
        method: GET,
        path: "api/v2/KillSession",
        output: (),
        error: KillSessionError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/KillSession` (the session calls' rows).
    pub enum KillSessionError {
        /// HTTP 401 "Invalid session id: <guid>": the session expired or was killed **\[V\]** HEL.
        InvalidSession = (401, contains "Invalid session id") => Auth,
    }
}

/// `GET /api/v2/Test` **\[V\]** ENK: answers `"Test OK"`. Needs no session.
#[derive(Debug, Clone)]
pub struct Test {}

impl Test {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for Test {
        name: "GET /api/v2/Test",
        method: GET,
        path: "api/v2/Test",
        output: String,
        error: TestError,
        idempotent: true,
        authenticated: false,
        decode: |_, r| decode::string(r),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Test` (the session calls' rows).
    pub enum TestError {
        /// HTTP 401 "Invalid session id: <guid>": the session expired or was killed **\[V\]** HEL.
        InvalidSession = (401, contains "Invalid session id") => Auth,
    }
}

/// `GET /api/v2/Version` **\[V\]** ENK: the server's assembly version. Needs
/// no session **\[I\]**.
#[derive(Debug, Clone)]
pub struct Version {}

impl Version {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for Version {
        name: "GET /api/v2/Version",
        method: GET,
        path: "api/v2/Version",
        output: String,
        error: VersionError,
        idempotent: true,
        authenticated: false,
        decode: |_, r| decode::string(r),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Version` (the session calls' rows).
    pub enum VersionError {
        /// HTTP 401 "Invalid session id: <guid>": the session expired or was killed **\[V\]** HEL.
        InvalidSession = (401, contains "Invalid session id") => Auth,
    }
}

/// What `CreateSession` + `SetLockgroup` established.
#[non_exhaustive]
pub struct SessionState {
    /// The transport on the resolved pool URL.
    pub(crate) pool: Transport,
    session_id: SecretString,
    /// The selected locking system.
    pub lock_group: LockGroup,
    /// Every locking system the user can select.
    pub lock_groups: Vec<LockGroup>,
    /// What the API user may do in the selected locking system.
    pub rights: RightsMask,
}

impl SessionState {
    /// The resolved base URL (the pool URL from `GetUrl`, or the service address).
    pub fn base_url(&self) -> &url::Url {
        self.pool.base_url()
    }
}

impl fmt::Debug for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionState")
            .field("base_url", &self.pool.base_url().as_str())
            .field("session_id", &"[redacted]")
            .field("lock_group", &self.lock_group.id)
            .field("rights", &self.rights)
            .finish()
    }
}

/// Which pool URLs a `Url/GetUrl` answer may move the session to. The pool URL
/// receives `CreateSession` (the password) and every call after it, so it is
/// checked before anything is sent there; a refused URL fails the setup with
/// [`AuthError::UntrustedUrl`] (`may_have_been_sent()` is `false`).
///
/// The rules, in order:
///
/// 1. A URL with user info (`user:password@host`) is refused.
/// 2. The scheme is kept: a pool URL from an `https` service must be `https`
///    (an `http` service may be moved to `https`).
/// 3. A host on the allow-list ([`PoolPolicy::allow_host`],
///    `ClientBuilder::allowed_pool_hosts`) is accepted: for on-premise systems
///    whose pools live under another domain.
/// 4. The service's own host is accepted (another path on the same server, as
///    the simulator's pools are).
/// 5. Otherwise the pool must be in the service's registrable domain, taken as
///    the **last two labels** of the service host (no public-suffix list):
///    service `s5.iloq.com` accepts `iloq.com` and any `*.iloq.com`, not
///    `iloq.com.evil.example` nor `evililoq.com`. A service addressed by an IP
///    address, `localhost` (or `*.localhost`) or a single-label name accepts
///    only its own host; a pool addressed by an IP address is accepted only when
///    it is the service's host or allow-listed. Under a two-label public suffix
///    (`iloq.example.co.uk`) this rule would accept all of `*.co.uk`: use
///    [`PoolPolicy::exact_hosts`] with an allow-list there.
///
/// Hosts compare case-insensitively, in their IDNA (punycode) form, ignoring a
/// trailing dot; ports are not compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolPolicy {
    allowed: Vec<String>,
    same_domain: bool,
}

impl Default for PoolPolicy {
    fn default() -> Self {
        Self {
            allowed: Vec::new(),
            same_domain: true,
        }
    }
}

/// A host in comparable form: lower case, IDNA, no trailing dot; IPs as text.
fn host_key(host: &url::Host<&str>) -> String {
    match host {
        url::Host::Domain(d) => d.trim_end_matches('.').to_ascii_lowercase(),
        other => other.to_string(),
    }
}

impl PoolPolicy {
    /// The default policy: same scheme, the service's registrable domain.
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy without rule 5: only the service's own host and the
    /// allow-listed hosts are accepted.
    pub fn exact_hosts() -> Self {
        Self {
            allowed: Vec::new(),
            same_domain: false,
        }
    }

    /// Also accepts pools on `host` (a host name or an IP address, no scheme,
    /// port or path), e.g. an on-premise server under another domain.
    pub fn allow_host(mut self, host: &str) -> Result<Self, ValidationError> {
        let invalid = || {
            ValidationError::new(
                "allowed_pool_hosts",
                "must be a bare host name or IP address",
            )
        };
        let trimmed = host.trim();
        if trimmed.is_empty()
            || trimmed
                .chars()
                .any(|c| matches!(c, '/' | '@' | '?' | '#' | '\\') || c.is_whitespace())
        {
            return Err(invalid());
        }
        // A bare host: an IPv6 literal in brackets, or no port.
        if !trimmed.starts_with('[') && trimmed.contains(':') {
            return Err(invalid());
        }
        let parsed = url::Host::parse(trimmed).map_err(|_| invalid())?;
        let key = match &parsed {
            url::Host::Domain(d) => host_key(&url::Host::Domain(d.as_str())),
            url::Host::Ipv4(a) => host_key(&url::Host::Ipv4(*a)),
            url::Host::Ipv6(a) => host_key(&url::Host::Ipv6(*a)),
        };
        if key.is_empty() {
            return Err(invalid());
        }
        if !self.allowed.contains(&key) {
            self.allowed.push(key);
        }
        Ok(self)
    }

    /// The allow-listed hosts, in comparable form.
    pub fn allowed_hosts(&self) -> &[String] {
        &self.allowed
    }

    /// Checks the pool URL `pool` that the service at `service` answered;
    /// `Err` is [`AuthError::UntrustedUrl`] naming the broken rule.
    pub fn check(&self, service: &url::Url, pool: &url::Url) -> Result<(), AuthError> {
        let refuse = |reason: &str| {
            let mut shown = pool.clone();
            let _ = shown.set_username("");
            let _ = shown.set_password(None);
            shown.set_query(None);
            shown.set_fragment(None);
            Err(AuthError::UntrustedUrl {
                url: shown.to_string(),
                reason: reason.to_string(),
            })
        };
        if !pool.username().is_empty() || pool.password().is_some() {
            return refuse("the pool URL carries user info");
        }
        if !matches!(pool.scheme(), "http" | "https")
            || (service.scheme() == "https" && pool.scheme() != "https")
        {
            return refuse("the pool URL does not keep the service's https scheme");
        }
        let (Some(service_host), Some(pool_host)) = (service.host(), pool.host()) else {
            return refuse("the pool URL has no host");
        };
        let pool_key = host_key(&pool_host);
        if self.allowed.contains(&pool_key) {
            return Ok(());
        }
        let service_key = host_key(&service_host);
        if pool_key == service_key {
            return Ok(());
        }
        if !self.same_domain {
            return refuse("the pool host is not the service's host and not allow-listed");
        }
        let url::Host::Domain(_) = service_host else {
            return refuse(
                "the service is addressed by an IP address: only its own host is accepted",
            );
        };
        let url::Host::Domain(_) = pool_host else {
            return refuse("the pool is an IP address outside the configured service");
        };
        let labels: Vec<&str> = service_key.split('.').collect();
        if labels.len() < 2 || service_key == "localhost" || service_key.ends_with(".localhost") {
            return refuse(
                "the service is a local or single-label host: only its own host is accepted",
            );
        }
        let domain = labels[labels.len() - 2..].join(".");
        if pool_key == domain || pool_key.ends_with(&format!(".{domain}")) {
            return Ok(());
        }
        refuse("the pool host is outside the service's domain and not allow-listed")
    }
}

/// The login details of a [`Session`].
#[derive(Clone)]
pub(crate) struct Login {
    pub customer_code: CustomerCode,
    pub user_name: String,
    pub password: SecretString,
    pub lock_group: Option<LockGroupId>,
    pub pool_policy: PoolPolicy,
}

/// The session of one client: runs iLOQ's setup lazily, attaches `SessionId`,
/// and sets the session up again when iLOQ answers 401 "Invalid session id".
pub struct Session {
    service: Transport,
    login: Login,
    cache: CredentialCache<SessionState>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("service", &self.service.base_url().as_str())
            .field("customer_code", &self.login.customer_code)
            .field("user_name", &self.login.user_name)
            .field("password", &"[redacted]")
            .field("lock_group", &self.login.lock_group)
            .finish()
    }
}

/// Attaches a freshly created session id during setup (LockGroups, SetLockgroup).
struct Bootstrap<'a>(&'a SecretString);

#[async_trait]
impl Authorizer for Bootstrap<'_> {
    async fn authorize(&self, _: &Transport) -> Result<AuthParts, AuthError> {
        Ok(AuthParts::new(0).header(HeaderName::from_static("sessionid"), self.0.clone()))
    }
    /// Never: during set-up a refused session is a set-up failure, not replayed.
    fn is_rejection(&self, _: &Response) -> bool {
        false
    }
    async fn renew(&self, _: &Transport, _: u64) -> Result<(), AuthError> {
        Err(AuthError::NoSession("the session is being set up".into()))
    }
}

fn setup_failed<E: ServiceError>(step: &str, e: Error<E>) -> AuthError {
    match e {
        Error::Auth(a) => a,
        other => AuthError::RenewalFailed {
            message: format!("{step}: {other}"),
            kind: other.kind(),
            retryable: other.is_retryable(),
        },
    }
}

impl Session {
    pub(crate) fn new(service: Transport, login: Login) -> Self {
        let cache = CredentialCache::new(service.clock().clone(), std::time::Duration::ZERO)
            .renewal_timeout(service.config().renewal_deadline());
        // The password goes to CreateSession on every set-up: no answer shows it.
        service.secrets().register(&login.password);
        Self {
            service,
            login,
            cache,
        }
    }

    /// The service address the session starts from.
    pub fn service(&self) -> &Transport {
        &self.service
    }

    /// The current session, set up first when there is none.
    pub async fn state(&self) -> Result<Arc<SessionState>, AuthError> {
        self.cache.get(|_| self.setup()).await.map(|(s, _)| s)
    }

    /// How many times the session was set up (1 after the first call; more
    /// after expiries).
    pub async fn setups(&self) -> u64 {
        self.cache.renewals().await
    }

    /// Ends the current session with `KillSession`, without setting up a new
    /// one when iLOQ says it has already expired.
    pub(crate) async fn kill(&self) -> Result<(), Error<KillSessionError>> {
        let Some(state) = self.cache.clear().await else {
            return Ok(());
        };
        let auth = Bootstrap(&state.session_id);
        match state.pool.send(&KillSession::new(), Some(&auth)).await {
            Err(Error::Service {
                error: KillSessionError::InvalidSession { .. },
                ..
            }) => Ok(()),
            other => other,
        }
    }

    async fn setup(&self) -> Result<Fresh<SessionState>, AuthError> {
        // 1. Resolve the URL.
        let resolved = self
            .service
            .send(&GetUrl::new(self.login.customer_code.clone()), None)
            .await
            .map_err(|e| setup_failed("Url/GetUrl", e))?;
        let pool = match resolved {
            Some(url) => {
                let unusable = |e: ValidationError| AuthError::RenewalFailed {
                    message: format!("Url/GetUrl answered an unusable URL: {e}"),
                    kind: access_core::ErrorKind::Other,
                    retryable: false,
                };
                // Checked before the password goes anywhere (and before the
                // address is normalised, so user info is judged as a rule of
                // the pool policy): the pool receives CreateSession and every
                // call after it.
                let raw = url::Url::parse(url.trim().trim_matches('"')).map_err(|e| {
                    unusable(ValidationError::new(
                        "base_url",
                        format!("must be an absolute URL: {e}"),
                    ))
                })?;
                self.login
                    .pool_policy
                    .check(self.service.base_url(), &raw)?;
                // Normalising keeps the scheme and host the policy judged.
                let parsed = access_core::http::parse_base_url(&url).map_err(unusable)?;
                self.service
                    .with_base_url(parsed.as_str())
                    .map_err(unusable)?
            }
            None => self.service.clone(),
        };
        tracing::debug!(pool = %pool.base_url(), "iLOQ URL resolved");
        // 2. Create the session.
        let login = CreateSession::new(
            self.login.user_name.clone(),
            self.login.password.clone(),
            self.login.customer_code.clone(),
        )
        .map_err(|e| AuthError::Rejected {
            message: e.to_string(),
        })?;
        let created = pool.send(&login, None).await.map_err(|e| match e {
            Error::Service {
                status: 400 | 401 | 403,
                error,
            } => AuthError::Rejected {
                message: error.to_string(),
            },
            other => setup_failed("CreateSession", other),
        })?;
        let Some(session_id) = created.session_id else {
            return Err(AuthError::Rejected {
                message: format!("CreateSession refused the login: {}", created.result),
            });
        };
        // 3. List the locking systems.
        let boot = Bootstrap(&session_id);
        let groups = pool
            .send(&ListLockGroups::new(), Some(&boot))
            .await
            .map_err(|e| setup_failed("LockGroups", e))?;
        let chosen = match self.login.lock_group {
            Some(id) => groups.iter().find(|g| g.id == id).cloned().ok_or_else(|| {
                AuthError::NoSession(format!(
                    "lock group {id} is not among the user's locking systems"
                ))
            })?,
            None => match groups.as_slice() {
                [only] => only.clone(),
                [] => {
                    return Err(AuthError::NoSession(
                        "the user has no locking system".into(),
                    ));
                }
                many => {
                    return Err(AuthError::NoSession(format!(
                        "the user has {} locking systems; choose one with ClientBuilder::lock_group",
                        many.len()
                    )));
                }
            },
        };
        // 4. Select it.
        let set = pool
            .send(&SetLockgroup::new(chosen.id), Some(&boot))
            .await
            .map_err(|e| setup_failed("SetLockgroup", e))?;
        tracing::debug!(lock_group = %chosen.id, rights = ?set.rights, "iLOQ session set up");
        Ok(Fresh::new(SessionState {
            pool,
            session_id,
            lock_group: chosen,
            lock_groups: groups,
            rights: set.rights,
        }))
    }
}

#[async_trait]
impl Authorizer for Session {
    async fn authorize(&self, _: &Transport) -> Result<AuthParts, AuthError> {
        let (state, generation) = self.cache.get(|_| self.setup()).await?;
        Ok(AuthParts::new(generation)
            .header(
                HeaderName::from_static("sessionid"),
                state.session_id.clone(),
            )
            .with_base_url(state.pool.base_url().clone()))
    }

    /// HTTP 401 with iLOQ's documented text `Invalid session id` (or no body):
    /// the service refused the `SessionId` before it ran the call (its
    /// exception handler answers this for an expired or unknown session), so
    /// the transport sets the session up again once and replays even a write.
    /// The status decides that nothing was done; the text only keeps a 401 of
    /// another meaning from starting a new login. Nothing but a 401 qualifies.
    fn is_rejection(&self, r: &Response) -> bool {
        r.status == 401
            && (r.body.is_empty()
                || String::from_utf8_lossy(&r.body)
                    .to_ascii_lowercase()
                    .contains("invalid session id"))
    }

    async fn renew(&self, _: &Transport, rejected: u64) -> Result<(), AuthError> {
        self.cache
            .renew_rejected(rejected, |_| self.setup())
            .await
            .map(|_| ())
    }
}

/// The answer of `GET /LockGroups/ConnectionSettings` **\[V\]** ENK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConnectionSettings {
    /// `SignalMessageServiceAddress`.
    #[serde(rename = "SignalMessageServiceAddress", default)]
    pub signal_message_service: Option<String>,
    /// `SignalRServiceAddress`.
    #[serde(rename = "SignalRServiceAddress", default)]
    pub signalr_service: Option<String>,
}

/// `GET /api/v2/LockGroups/ConnectionSettings` **\[V\]** ENK: the locking
/// system's SignalR and message service addresses.
#[derive(Debug, Clone)]
pub struct GetConnectionSettings {}

impl GetConnectionSettings {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for GetConnectionSettings {
        name: "GET /api/v2/LockGroups/ConnectionSettings",
        method: GET,
        path: "api/v2/LockGroups/ConnectionSettings",
        output: ConnectionSettings,
        error: GetConnectionSettingsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/LockGroups/ConnectionSettings` (iLOQ documents none per endpoint: its general rows).
    pub enum GetConnectionSettingsError {
    }
}

/// An access token from `GenerateAccessToken`; `Debug` redacts it.
#[non_exhaustive]
pub struct AccessToken {
    /// `AccessToken`.
    pub token: SecretString,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([redacted])")
    }
}

fn decode_access_token(r: Response) -> Result<AccessToken, DecodeError> {
    #[derive(Deserialize)]
    struct Raw {
        #[serde(rename = "AccessToken")]
        token: String,
    }
    r.json::<Raw>().map(|raw| AccessToken {
        token: SecretString::from(raw.token),
    })
}

/// `POST /api/v2/LockGroups/GenerateAccessToken` **\[V\]** ENK: body
/// `{"TypeMask"}` (0 none, 1 single use, valid one minute). Not idempotent:
/// every call mints a token.
#[derive(Debug, Clone)]
pub struct GenerateAccessToken {
    type_mask: u32,
}

impl GenerateAccessToken {
    /// The request with its required parameters.
    pub fn new(type_mask: u32) -> Self {
        Self { type_mask }
    }
}

access_core::endpoint! {
    impl Endpoint for GenerateAccessToken {
        name: "POST /api/v2/LockGroups/GenerateAccessToken",
        method: POST,
        path: "api/v2/LockGroups/GenerateAccessToken",
        output: AccessToken,
        error: GenerateAccessTokenError,
        idempotent: false,
        decode: |_, r| decode_access_token(r),
        body: |s| Body::json(&serde_json::json!({ "TypeMask": s.type_mask })),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/LockGroups/GenerateAccessToken` (iLOQ documents none per endpoint: its general rows).
    pub enum GenerateAccessTokenError {
    }
}

/// Locking system calls of a [`Client`]: `client.lock_groups()`.
#[derive(Debug, Clone, Copy)]
pub struct LockGroups<'a>(&'a Client);

impl Client {
    /// Locking systems (`/api/v2/LockGroups`).
    pub fn lock_groups(&self) -> LockGroups<'_> {
        LockGroups(self)
    }
}

impl LockGroups<'_> {
    /// The locking systems of the user (`GET /LockGroups`, answered whole).
    pub async fn list(self) -> Result<Vec<LockGroup>, Error<ListLockGroupsError>> {
        self.0.send(&ListLockGroups::new()).await
    }

    /// The selected locking system's SignalR and message service addresses.
    pub async fn connection_settings(
        self,
    ) -> Result<ConnectionSettings, Error<GetConnectionSettingsError>> {
        self.0.send(&GetConnectionSettings::new()).await
    }

    /// Mints an access token (`TypeMask` 0 none, 1 single use).
    pub async fn generate_access_token(
        self,
        type_mask: u32,
    ) -> Result<AccessToken, Error<GenerateAccessTokenError>> {
        self.0.send(&GenerateAccessToken::new(type_mask)).await
    }
}
