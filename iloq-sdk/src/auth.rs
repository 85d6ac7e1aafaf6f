//! The iLOQ session: `Url/GetUrl`, `CreateSession`, `LockGroups`,
//! `SetLockgroup`, the `SessionId` header, `KillSession`.
//!
//! iLOQ's six-step flow **\[V\] ENK README "General process"**: resolve the URL
//! (never skip it, even when it answers empty), create a session, list the
//! locking systems, select one (nothing else works before that), call the API
//! with the `SessionId` header, kill the session. Sessions expire after a time
//! iLOQ does not document; an expired one is answered with HTTP 401
//! `{"Code":"Unauthorized","Message":"Invalid session id: <guid>"}` **\[V\] HEL**.
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

use crate::decode;
use crate::error::SessionError;
use crate::macros::endpoint;
use crate::types::{
    CreateSessionResultType, LockGroupId, LockGroupOptions, LockGroupState, RightsMask,
};

/// The `SessionId` header every call after `CreateSession` carries.
pub const SESSION_HEADER: &str = "SessionId";
/// The API Gateway key header, required on every request when the locking
/// system uses the gateway **\[V\] ENK README "Getting started"**.
pub const API_KEY_HEADER: &str = "x-api-key";

/// iLOQ's "service code" (`CustomerCode` in the API): 2 to 50 characters
/// **\[V\] ENK PublicApiGetUrlParam**.
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

endpoint! {
    /// `POST /api/v2/Url/GetUrl`: the base URL of the customer's server pool
    /// **\[V\] ENK**. Mandatory first step; `None` (null or empty answer) means
    /// keep using the service address. The answer ends with `/` (HEL then built
    /// `//api/v2`); the client normalises it.
    pub struct GetUrl { /// The service code.
        customer_code: CustomerCode }
    POST "POST /api/v2/Url/GetUrl";
    path(_s) { "api/v2/Url/GetUrl".to_string() }
    body(s) { Body::json(&serde_json::json!({ "CustomerCode": s.customer_code })) }
    output Option<String> = decode::optional_string;
    error SessionError;
    idempotent true;
    authenticated false;
}

/// `POST /api/v2/CreateSession` **\[V\] ENK**: logs in. Body
/// `{"UserName","Password","CustomerCode","ApiKey","ApiSecret"}`; ApiKey and
/// ApiSecret are sent as null (iLOQ: "leave them empty for now"). Not
/// idempotent: every call creates a session.
#[derive(Clone)]
#[non_exhaustive]
pub struct CreateSession {
    /// The Manager user name of the integration agent.
    pub user_name: String,
    /// Its password.
    pub password: SecretString,
    /// The service code.
    pub customer_code: CustomerCode,
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
    /// A login request; the user name must not be empty.
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

impl Endpoint for CreateSession {
    type Output = CreateSessionResult;
    type Error = SessionError;
    const METHOD: access_core::http::Method = access_core::http::Method::POST;
    const NAME: &'static str = "POST /api/v2/CreateSession";
    const IDEMPOTENT: bool = false;
    const AUTHENTICATED: bool = false;

    fn path(&self) -> std::borrow::Cow<'_, str> {
        "api/v2/CreateSession".into()
    }

    fn validate(&self) -> Result<(), ValidationError> {
        if self.user_name.trim().is_empty() {
            return Err(ValidationError::new("UserName", "must not be empty"));
        }
        Ok(())
    }

    fn secrets(&self) -> Vec<SecretString> {
        // A server quoting the login body back must not get the password into
        // an error (or the log line that reports it).
        vec![self.password.clone()]
    }

    fn body(&self) -> Result<Body, ValidationError> {
        Body::json(&serde_json::json!({
            "UserName": self.user_name,
            "Password": self.password.expose_secret(),
            "CustomerCode": self.customer_code,
            "ApiKey": null,
            "ApiSecret": null,
        }))
    }

    fn decode(&self, r: Response) -> Result<CreateSessionResult, DecodeError> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(rename = "Result", default)]
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
}

/// A locking system the user can select (`LockGroup`) **\[V\] ENK LockGroup**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockGroup {
    /// The locking system's id.
    #[serde(rename = "LockGroup_ID")]
    pub id: LockGroupId,
    /// The customer.
    #[serde(rename = "Customer_ID", default)]
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

endpoint! {
    /// `GET /api/v2/LockGroups`: the locking systems the user can select
    /// **\[V\] ENK**. An array: do not assume a single element.
    pub struct ListLockGroups {}
    GET "GET /api/v2/LockGroups";
    path(_s) { "api/v2/LockGroups".to_string() }
    output Vec<LockGroup> = decode::json;
    error SessionError;
    idempotent true;
}

/// The answer of `SetLockgroup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetLockgroupResult {
    /// What the API user may do in this locking system.
    #[serde(rename = "RightsMask", default)]
    pub rights: RightsMask,
}

endpoint! {
    /// `POST /api/v2/SetLockgroup` **\[V\] ENK** (spelled with a lower-case g):
    /// selects the locking system for the session. Nothing but `LockGroups`
    /// works before it.
    pub struct SetLockgroup { /// The locking system.
        lock_group: LockGroupId }
    POST "POST /api/v2/SetLockgroup";
    path(_s) { "api/v2/SetLockgroup".to_string() }
    body(s) { Body::json(&serde_json::json!({ "LockGroup_ID": s.lock_group })) }
    output SetLockgroupResult = decode::json;
    error SessionError;
    idempotent false;
}

endpoint! {
    /// `GET /api/v2/KillSession` **\[V\] ENK**: ends the session (response body
    /// unspecified, ignored).
    pub struct KillSession {}
    GET "GET /api/v2/KillSession";
    path(_s) { "api/v2/KillSession".to_string() }
    output () = decode::empty;
    error SessionError;
    idempotent false;
}

endpoint! {
    /// `GET /api/v2/Test` **\[V\] ENK**: answers `"Test OK"`. Needs no session.
    pub struct Test {}
    GET "GET /api/v2/Test";
    path(_s) { "api/v2/Test".to_string() }
    output String = decode::string;
    error SessionError;
    idempotent true;
    authenticated false;
}

endpoint! {
    /// `GET /api/v2/Version` **\[V\] ENK**: the server's assembly version. Needs
    /// no session **\[I\]**.
    pub struct Version {}
    GET "GET /api/v2/Version";
    path(_s) { "api/v2/Version".to_string() }
    output String = decode::string;
    error SessionError;
    idempotent true;
    authenticated false;
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

/// The login details of a [`Session`].
#[derive(Clone)]
pub(crate) struct Login {
    pub customer_code: CustomerCode,
    pub user_name: String,
    pub password: SecretString,
    pub lock_group: Option<LockGroupId>,
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
        let cache = CredentialCache::new(service.clock().clone(), std::time::Duration::ZERO);
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
    pub(crate) async fn kill(&self) -> Result<(), Error<SessionError>> {
        let Some(state) = self.cache.clear().await else {
            return Ok(());
        };
        let auth = Bootstrap(&state.session_id);
        match state.pool.send(&KillSession::new(), Some(&auth)).await {
            Err(Error::Service {
                error: SessionError::InvalidSession { .. },
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
                self.service
                    .with_base_url(&url)
                    .map_err(|e| AuthError::RenewalFailed {
                        message: format!("Url/GetUrl answered an unusable URL: {e}"),
                        kind: access_core::ErrorKind::Other,
                        retryable: false,
                    })?
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

/// The answer of `GET /LockGroups/ConnectionSettings` **\[V\] ENK**.
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

endpoint! {
    /// `GET /api/v2/LockGroups/ConnectionSettings` **\[V\] ENK**: the locking
    /// system's SignalR and message service addresses.
    pub struct GetConnectionSettings {}
    GET "GET /api/v2/LockGroups/ConnectionSettings";
    path(_s) { "api/v2/LockGroups/ConnectionSettings".to_string() }
    output ConnectionSettings = decode::json;
    error crate::error::ApiError;
    idempotent true;
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

endpoint! {
    /// `POST /api/v2/LockGroups/GenerateAccessToken` **\[V\] ENK**: body
    /// `{"TypeMask"}` (0 none, 1 single use, valid one minute). Not idempotent:
    /// every call mints a token.
    pub struct GenerateAccessToken { /// `TypeMask`.
        type_mask: u32 }
    POST "POST /api/v2/LockGroups/GenerateAccessToken";
    path(_s) { "api/v2/LockGroups/GenerateAccessToken".to_string() }
    body(s) { Body::json(&serde_json::json!({ "TypeMask": s.type_mask })) }
    output AccessToken = decode_access_token;
    error crate::error::ApiError;
    idempotent false;
}
