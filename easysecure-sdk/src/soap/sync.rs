//! Synchronisation to the terminals: `autoSync`, `getSyncStatus`,
//! `getSyncToken`, `getTotalSyncToken` and `syncEsiScd`, and the [`Syncs`] handle (`soap.syncs()`).

use std::fmt;

use access_core::http::Response;
use access_core::{
    DecodeError, Error, ExposeSecret, Operation, Progress, SecretString, ValidationError,
};

use super::client::{CompanyKey, SOAP_PATH, SoapClient};
use super::error::{Classify, decode_text, looks_like_error_code};
use super::wire::{self, Params, check_user_id};
use super::xml::Param;
use crate::UserId;

// ---------------------------------------------------------------------------
// getSyncToken

/// The one-time login token of `getSyncToken`. Whoever holds it logs in to the
/// sync page as the user: its `Debug` is redacted.
#[derive(Clone)]
pub struct SyncLoginToken(SecretString);

impl SyncLoginToken {
    /// The token.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The page the user opens: `https://i3.identysoft.com/users/oneSyncUserLogin/<token>`
    /// **\[V\]** D getSyncToken. With a location id the sync starts on its own;
    /// without one the administrator picks the location.
    pub fn login_url(&self) -> SecretString {
        SecretString::from(format!(
            "https://i3.identysoft.com/users/oneSyncUserLogin/{}",
            self.0.expose_secret()
        ))
    }
}

impl fmt::Debug for SyncLoginToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SyncLoginToken([redacted])")
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `getSyncToken` (their strings contain spaces, as documented
    /// **\[V\]** D getSyncToken.php).
    pub enum GetSyncTokenError {
        /// `NO USERNAME PROVIDED`: `p_adminUsername` was empty.
        NoUsernameProvided = (200, code "NO USERNAME PROVIDED") => InvalidInput,
        /// `NO PASSWORD PROVIDED`: `p_adminPassword` was empty.
        NoPasswordProvided = (200, code "NO PASSWORD PROVIDED") => InvalidInput,
        /// `NO USERID PROVIDED`: `p_userId` was empty.
        NoUserIdProvided = (200, code "NO USERID PROVIDED") => InvalidInput,
        /// The i3 administrator's username and password were refused.
        NoAdminFound = (200, code "NO ADMIN FOUND BASED ON USERNAME AND PASSWORD") => Auth,
        /// No user has this id.
        NoUserFound = (200, code "NO USER FOUND BASED ON THE ID PROVIDED") => NotFound,
    }
}

/// `Esws.getSyncToken`: a token for the one-user sync page, authorised by an i3
/// administrator's username and password **\[V\]** D getSyncToken.php.
/// Parameters: `p_companyID`, `p_adminUsername`, `p_adminPassword`, `p_userId`,
/// `p_locationID` (optional). Not idempotent (each call issues a token).
#[derive(Clone)]
pub struct GetSyncToken {
    key: CompanyKey,
    admin_username: String,
    admin_password: SecretString,
    user_id: UserId,
    location_id: Option<u64>,
}

impl fmt::Debug for GetSyncToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetSyncToken")
            .field("key", &self.key)
            .field("admin_username", &self.admin_username)
            .field("admin_password", &"[redacted]")
            .field("user_id", &self.user_id)
            .field("location_id", &self.location_id)
            .finish()
    }
}

impl GetSyncToken {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getSyncToken";

    /// A sync token for user `user_id`, authorised by an i3 administrator;
    /// refuses an empty username or password and a user id out of range.
    pub fn new(
        key: &CompanyKey,
        admin_username: impl Into<String>,
        admin_password: SecretString,
        user_id: UserId,
    ) -> Result<Self, ValidationError> {
        let admin_username = admin_username.into();
        if admin_username.trim().is_empty() {
            return Err(ValidationError::new("p_adminUsername", "must not be empty"));
        }
        if admin_password.expose_secret().is_empty() {
            return Err(ValidationError::new("p_adminPassword", "must not be empty"));
        }
        check_user_id("p_userId", user_id)?;
        Ok(Self {
            key: key.clone(),
            admin_username,
            admin_password,
            user_id,
            location_id: None,
        })
    }

    /// Starts the sync at this location on its own.
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_adminUsername", Param::text(self.admin_username.clone())),
            (
                "p_adminPassword",
                Param::text(self.admin_password.expose_secret()),
            ),
            ("p_userId", Param::text(self.user_id.to_string())),
            ("p_locationID", Param::opt(self.location_id)),
        ])
    }

    fn outcome(
        &self,
        r: &Response,
    ) -> Result<Result<SyncLoginToken, GetSyncTokenError>, DecodeError> {
        let errors = Classify::<GetSyncTokenError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(Some(t)) if !t.is_empty() && !looks_like_error_code(&t) => {
                Ok(SyncLoginToken(SecretString::from(t)))
            }
            Ok(t) => Err(errors.any(r.status, &t.unwrap_or_default())),
        })
    }
}

access_core::endpoint! {
    impl Endpoint for GetSyncToken {
        name: "ESWS Esws.getSyncToken",
        method: POST,
        path: |_| SOAP_PATH,
        output: SyncLoginToken,
        error: GetSyncTokenError,
        idempotent: false,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        secrets: |s| wire::secrets(s.params()),
        answer_secrets: ["return"],
    }
}

// ---------------------------------------------------------------------------
// getTotalSyncToken

/// The one-time login token of `getTotalSyncToken`: it logs an i3
/// administrator in to the page that syncs every user. Its `Debug` is redacted.
#[derive(Clone)]
pub struct TotalSyncLoginToken(SecretString);

impl TotalSyncLoginToken {
    /// The token.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The page to open in a browser (or web container) on the network of the
    /// API Agent/API Server: `https://i3.identysoft.com/users/totalSyncUsersLogin/<token>`
    /// **\[V\]** D getTotalSyncToken. The two stored copies of the page spell the
    /// path `totalSyncUsersLogin` and `totalSyncUserLogin`; the SDK uses the
    /// first **\[I\]**.
    pub fn login_url(&self) -> SecretString {
        SecretString::from(format!(
            "https://i3.identysoft.com/users/totalSyncUsersLogin/{}",
            self.0.expose_secret()
        ))
    }
}

impl fmt::Debug for TotalSyncLoginToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotalSyncLoginToken([redacted])")
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `getTotalSyncToken` **\[V\]** D getTotalSyncToken.php.
    pub enum GetTotalSyncTokenError {
        /// `NO USERNAME PROVIDED`: `p_adminUsername` was empty.
        NoUsernameProvided = (200, code "NO USERNAME PROVIDED") => InvalidInput,
        /// `NO PASSWORD PROVIDED`: `p_adminPassword` was empty.
        NoPasswordProvided = (200, code "NO PASSWORD PROVIDED") => InvalidInput,
        /// The i3 administrator's username and password were refused.
        NoAdminFound = (200, code "NO ADMIN FOUND BASED ON USERNAME AND PASSWORD") => Auth,
    }
}

/// `Esws.getTotalSyncToken`: a token for the page that syncs every user,
/// authorised by an i3 administrator's username and password
/// **\[V\]** D getTotalSyncToken.php. Parameters: `p_companyID`,
/// `p_adminUsername`, `p_adminPassword`. Not idempotent (each call issues a
/// token).
#[derive(Clone)]
pub struct GetTotalSyncToken {
    key: CompanyKey,
    admin_username: String,
    admin_password: SecretString,
}

impl fmt::Debug for GetTotalSyncToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetTotalSyncToken")
            .field("key", &self.key)
            .field("admin_username", &self.admin_username)
            .field("admin_password", &"[redacted]")
            .finish()
    }
}

impl GetTotalSyncToken {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getTotalSyncToken";

    /// A total-sync token, authorised by an i3 administrator; refuses an empty
    /// username or password.
    pub fn new(
        key: &CompanyKey,
        admin_username: impl Into<String>,
        admin_password: SecretString,
    ) -> Result<Self, ValidationError> {
        let admin_username = admin_username.into();
        if admin_username.trim().is_empty() {
            return Err(ValidationError::new("p_adminUsername", "must not be empty"));
        }
        if admin_password.expose_secret().is_empty() {
            return Err(ValidationError::new("p_adminPassword", "must not be empty"));
        }
        Ok(Self {
            key: key.clone(),
            admin_username,
            admin_password,
        })
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_adminUsername", Param::text(self.admin_username.clone())),
            (
                "p_adminPassword",
                Param::text(self.admin_password.expose_secret()),
            ),
        ])
    }

    fn outcome(
        &self,
        r: &Response,
    ) -> Result<Result<TotalSyncLoginToken, GetTotalSyncTokenError>, DecodeError> {
        let errors = Classify::<GetTotalSyncTokenError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(Some(t)) if !t.is_empty() && !looks_like_error_code(&t) => {
                Ok(TotalSyncLoginToken(SecretString::from(t)))
            }
            Ok(t) => Err(errors.any(r.status, &t.unwrap_or_default())),
        })
    }
}

access_core::endpoint! {
    impl Endpoint for GetTotalSyncToken {
        name: "ESWS Esws.getTotalSyncToken",
        method: POST,
        path: |_| SOAP_PATH,
        output: TotalSyncLoginToken,
        error: GetTotalSyncTokenError,
        idempotent: false,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        secrets: |s| wire::secrets(s.params()),
        answer_secrets: ["return"],
    }
}

// ---------------------------------------------------------------------------
// syncEsiScd

/// One device of a `syncEsiScd` answer: its id and what the sync answered
/// for it (`ok`, or the device's error, e.g. `SynchDevice:SearchDevice_ByIP:ERROR [-102]`
/// **\[V\]** D syncEsiScd).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeviceSync {
    /// The device id (the JSON key).
    pub device_id: String,
    /// The device's result, as sent.
    pub result: String,
}

impl DeviceSync {
    /// Whether the device answered `ok` (any case **\[I\]**).
    pub fn is_ok(&self) -> bool {
        self.result.trim().eq_ignore_ascii_case("ok")
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `syncEsiScd` **\[V\]** D syncEsiScd.php. The `_X` strings end in
    /// a detail that the message keeps.
    pub enum SyncEsiScdError {
        /// `NO_LOCATION_ID_RECEIVED`: no `p_locationID`, or an incorrect one.
        NoLocationIdReceived = (200, code "NO_LOCATION_ID_RECEIVED") => NotFound,
        /// `CURL_ERROR_NO_<n>`: the APIServer2/EasyConnect could not be called.
        CurlError = (200, contains "CURL_ERROR_NO_") => Device,
        /// `CURL_RESULT_NOT_JSON_<detail>`: the APIServer2/EasyConnect answered
        /// something that is not JSON.
        CurlResultNotJson = (200, contains "CURL_RESULT_NOT_JSON_") => Device,
        /// `NO_DEVICE_TO_SYNC`: no device for this company and location (check
        /// the ESI_SCD details).
        NoDeviceToSync = (200, code "NO_DEVICE_TO_SYNC") => InvalidInput,
        /// `SYNC_ERROR_<detail>`: the sync failed.
        SyncError = (200, contains "SYNC_ERROR_") => Device,
    }
}

/// `Esws.syncEsiScd`: runs the ESI_SCD sync of a location and answers each
/// device's result **\[V\]** D syncEsiScd.php. Parameters: `p_companyID`,
/// `p_locationID` (required). ESI_SCD 3.2.5 or later must run on a publicly
/// reachable APIServer2/EasyConnect. The answer is a JSON string
/// `[{"<device id>":"ok"},…]`; a device's failure is inside it and is no
/// error of the call. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct SyncEsiScd {
    key: CompanyKey,
    location_id: u64,
}

impl SyncEsiScd {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "syncEsiScd";

    /// The sync of location `location_id`; refuses location 0.
    pub fn new(key: &CompanyKey, location_id: u64) -> Result<Self, ValidationError> {
        if location_id == 0 {
            return Err(ValidationError::new(
                "p_locationID",
                "is required (a location id above 0)",
            ));
        }
        Ok(Self {
            key: key.clone(),
            location_id,
        })
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_locationID", Param::text(self.location_id.to_string())),
        ])
    }

    fn outcome(
        &self,
        r: &Response,
    ) -> Result<Result<Vec<DeviceSync>, SyncEsiScdError>, DecodeError> {
        let errors = Classify::<SyncEsiScdError>::new();
        let text = match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => return Ok(Err(e)),
            Ok(t) => t.unwrap_or_default(),
        };
        if !text.starts_with('[') && !text.starts_with('{') {
            return Ok(Err(errors.any(r.status, &text)));
        }
        let bad = |m: String| super::xml::decode_error(r.status, Self::FUNCTION, m, &r.body);
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
        // The documented form is a list of one-key objects; one object with
        // every device is read too **[I]**.
        let objects = match value {
            serde_json::Value::Array(items) => items,
            one @ serde_json::Value::Object(_) => vec![one],
            other => return Err(bad(format!("expected a JSON list, found {other}"))),
        };
        let mut out = Vec::new();
        for o in objects {
            let serde_json::Value::Object(map) = o else {
                return Err(bad(format!(
                    "expected {{\"<device>\":\"<result>\"}}, found {o}"
                )));
            };
            for (device_id, result) in map {
                let result = match result {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                out.push(DeviceSync { device_id, result });
            }
        }
        Ok(Ok(out))
    }
}

access_core::endpoint! {
    impl Endpoint for SyncEsiScd {
        name: "ESWS Esws.syncEsiScd",
        method: POST,
        path: |_| SOAP_PATH,
        output: Vec<DeviceSync>,
        error: SyncEsiScdError,
        idempotent: false,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            if s.location_id == 0 {
                return Err(ValidationError::new("p_locationID", "is required (a location id above 0)"));
            }
            Ok(())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// autoSync

/// The token of a sync started by `autoSync`: 64 characters **\[V\]** D autoSync,
/// given to `getSyncStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SyncToken(String);

impl SyncToken {
    /// Wraps a token received earlier.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        if v.trim().is_empty() || v.chars().any(char::is_whitespace) {
            return Err(ValidationError::new(
                "p_syncToken",
                "must be a non-empty token without spaces",
            ));
        }
        Ok(Self(v))
    }

    /// The token.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `autoSync` **\[V\]** D autoSync.php.
    pub enum AutoSyncError {
        /// `NO LOCATIONID PROVIDED`: `p_locationId` was empty.
        NoLocationIdProvided = (200, code "NO LOCATIONID PROVIDED") => InvalidInput,
        /// No location has this id.
        NoLocationFound = (200, code "NO LOCATION FOUND BASED ON THE ID PROVIDED") => NotFound,
        /// No user has this id (kind `InvalidInput`: the enum's one `NotFound`
        /// is the location the call addresses).
        NoUserFound = (200, code "NO USER FOUND BASED ON THE ID PROVIDED") => InvalidInput,
        /// `CURL_ERROR_NO_<n>`: the service could not reach the location's
        /// APIServer (EasyConnect or a public APIServer2 of version 1.12 or later
        /// is needed); the message keeps the curl error number.
        CurlError = (200, contains "CURL_ERROR_NO_") => Device,
        /// `NOT OK, NOT JSON …`: the APIServer answered something that is not
        /// JSON; the message keeps its text.
        NotJson = (200, contains "NOT OK, NOT JSON") => Device,
    }
}

/// `Esws.autoSync`: starts a sync of a location (or of one user at it) to its
/// terminals and answers a token for `getSyncStatus` **\[V\]** D autoSync.php.
/// Parameters: `p_companyID`, `p_locationId` (required), `p_userId` (EasySecure
/// id; `0` syncs the whole location). Needs EasyConnect or a public APIServer2 of
/// version 1.12 or later at the location. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct AutoSync {
    key: CompanyKey,
    location_id: u64,
    user_id: Option<UserId>,
}

impl AutoSync {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "autoSync";

    /// A sync of the whole location `location_id`; refuses location 0.
    pub fn new(key: &CompanyKey, location_id: u64) -> Result<Self, ValidationError> {
        if location_id == 0 {
            return Err(ValidationError::new(
                "p_locationId",
                "is required (a location id above 0)",
            ));
        }
        Ok(Self {
            key: key.clone(),
            location_id,
            user_id: None,
        })
    }

    /// Only this user at the location.
    pub fn user(mut self, user_id: UserId) -> Self {
        self.user_id = Some(user_id);
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_locationId", Param::text(self.location_id.to_string())),
            (
                "p_userId",
                Param::text(
                    self.user_id
                        .map(|u| u.to_string())
                        .unwrap_or_else(|| "0".to_string()),
                ),
            ),
        ])
    }

    fn outcome(&self, r: &Response) -> Result<Result<SyncToken, AutoSyncError>, DecodeError> {
        let errors = Classify::<AutoSyncError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(Some(t)) if !t.is_empty() && !t.contains(' ') && !looks_like_error_code(&t) => {
                Ok(SyncToken(t))
            }
            Ok(t) => Err(errors.any(r.status, &t.unwrap_or_default())),
        })
    }
}

access_core::endpoint! {
    impl Endpoint for AutoSync {
        name: "ESWS Esws.autoSync",
        method: POST,
        path: |_| SOAP_PATH,
        output: SyncToken,
        error: AutoSyncError,
        idempotent: false,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| match s.user_id {
            Some(u) => check_user_id("p_userId", u),
            None => Ok(()),
        },
        secrets: |s| wire::secrets(s.params()),
        answer_secrets: ["return"],
    }
}

// ---------------------------------------------------------------------------
// getSyncStatus

/// Where a sync started by `autoSync` stands. `getSyncStatus`'s page was not
/// available: the values are inferred **\[I\]**, and any other text is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyncStatus {
    /// The terminals have the data (`OK`, `DONE`, `FINISHED`, `SUCCESS`, `COMPLETED`).
    Done(String),
    /// Still running (`PENDING`, `BUSY`, `RUNNING`, `IN PROGRESS`, `STARTED`, `QUEUED`).
    Pending(String),
    /// The sync failed (`FAILED`, `ERROR…`).
    Failed(String),
    /// Any other text, treated as still pending by [`Syncs::auto_sync`].
    Unknown(String),
}

impl SyncStatus {
    /// Reads a status text.
    pub fn from_wire(text: &str) -> Self {
        let t = text.trim();
        let upper = t.to_ascii_uppercase();
        match upper.as_str() {
            "OK" | "DONE" | "FINISHED" | "SUCCESS" | "COMPLETED" | "1" => {
                SyncStatus::Done(t.to_string())
            }
            "PENDING" | "BUSY" | "RUNNING" | "IN PROGRESS" | "STARTED" | "QUEUED" | "0" => {
                SyncStatus::Pending(t.to_string())
            }
            u if u.starts_with("FAIL") || u.starts_with("ERROR") => {
                SyncStatus::Failed(t.to_string())
            }
            _ => SyncStatus::Unknown(t.to_string()),
        }
    }

    /// Whether the sync is over (done or failed).
    pub fn is_final(&self) -> bool {
        matches!(self, SyncStatus::Done(_) | SyncStatus::Failed(_))
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `getSyncStatus`: those of `autoSync`, whose page names it
    /// **\[I\]**.
    pub enum GetSyncStatusError {
        /// `NO LOCATIONID PROVIDED`: no location id was given.
        NoLocationIdProvided = (200, code "NO LOCATIONID PROVIDED") => InvalidInput,
        /// No location has this id.
        NoLocationFound = (200, code "NO LOCATION FOUND BASED ON THE ID PROVIDED") => NotFound,
        /// No user has this id (kind `InvalidInput`: the enum's one `NotFound`
        /// is the location).
        NoUserFound = (200, code "NO USER FOUND BASED ON THE ID PROVIDED") => InvalidInput,
        /// `CURL_ERROR_NO_<n>`: the location's APIServer could not be reached.
        CurlError = (200, contains "CURL_ERROR_NO_") => Device,
        /// `NOT OK, NOT JSON …`: the APIServer answered something that is not JSON.
        NotJson = (200, contains "NOT OK, NOT JSON") => Device,
    }
}

/// `Esws.getSyncStatus`: where an `autoSync` stands. Named on the autoSync page
/// only **\[V\]** D; its parameters (`p_companyID`, `p_syncToken`) and answers are
/// inferred **\[I\]**.
#[derive(Debug, Clone)]
pub struct GetSyncStatus {
    key: CompanyKey,
    token: SyncToken,
}

impl GetSyncStatus {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getSyncStatus";

    /// The status of the sync with this token.
    pub fn new(key: &CompanyKey, token: SyncToken) -> Self {
        Self {
            key: key.clone(),
            token,
        }
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_syncToken", Param::text(self.token.as_str())),
        ])
    }

    fn outcome(&self, r: &Response) -> Result<Result<SyncStatus, GetSyncStatusError>, DecodeError> {
        let errors = Classify::<GetSyncStatusError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(t) => Ok(SyncStatus::from_wire(&t.unwrap_or_default())),
        })
    }
}

access_core::endpoint! {
    impl Endpoint for GetSyncStatus {
        name: "ESWS Esws.getSyncStatus",
        method: POST,
        path: |_| SOAP_PATH,
        output: SyncStatus,
        error: GetSyncStatusError,
        idempotent: true,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// the handle

/// Synchronisation calls of a [`SoapClient`]: `soap.syncs()`.
#[derive(Debug, Clone, Copy)]
pub struct Syncs<'a>(&'a SoapClient);

impl SoapClient {
    /// Synchronisation to the terminals (`autoSync`, `getSyncStatus`,
    /// `getSyncToken`, `getTotalSyncToken`, `syncEsiScd`).
    pub fn syncs(&self) -> Syncs<'_> {
        Syncs(self)
    }
}

impl Syncs<'_> {
    /// `getSyncStatus` of a sync started by `autoSync`.
    pub async fn status(self, token: &SyncToken) -> Result<SyncStatus, Error<GetSyncStatusError>> {
        self.0
            .send(&GetSyncStatus::new(self.0.key(), token.clone()))
            .await
    }

    /// `autoSync` of a location (or one user at it), as an [`Operation`] that
    /// polls `getSyncStatus` until the status is final. A `Failed` status ends
    /// the operation with that status (the caller decides); `Unknown` texts count
    /// as pending.
    pub async fn auto_sync(
        self,
        location_id: u64,
        user: Option<UserId>,
    ) -> Result<Operation<SyncStatus>, Error<AutoSyncError>> {
        let mut request = AutoSync::new(self.0.key(), location_id)?;
        if let Some(user) = user {
            request = request.user(user);
        }
        let token = self.0.send(&request).await?;
        let client = self.0.clone();
        Ok(Operation::pending_fn(
            format!("EasySecure autoSync of location {location_id}"),
            None,
            move || {
                let client = client.clone();
                let token = token.clone();
                async move {
                    let status = client.syncs().status(&token).await.map_err(Error::erase)?;
                    Ok(match status {
                        s if s.is_final() => Progress::Done(s),
                        SyncStatus::Pending(t) | SyncStatus::Unknown(t) => {
                            Progress::Pending(Some(t))
                        }
                        other => Progress::Pending(Some(format!("{other:?}"))),
                    })
                }
            },
        ))
    }

    /// `getSyncToken`: a one-time login for the one-user sync page (build
    /// [`GetSyncToken`] to start the sync at a location).
    pub async fn login_token(
        self,
        admin_username: &str,
        admin_password: SecretString,
        user: UserId,
    ) -> Result<SyncLoginToken, Error<GetSyncTokenError>> {
        self.0
            .send(&GetSyncToken::new(
                self.0.key(),
                admin_username,
                admin_password,
                user,
            )?)
            .await
    }

    /// `syncEsiScd`: runs the ESI_SCD sync of a location and answers each
    /// device's result.
    pub async fn esi_scd(
        self,
        location_id: u64,
    ) -> Result<Vec<DeviceSync>, Error<SyncEsiScdError>> {
        self.0
            .send(&SyncEsiScd::new(self.0.key(), location_id)?)
            .await
    }

    /// `getTotalSyncToken`: a token for the page that syncs every user,
    /// authorised by an i3 administrator.
    pub async fn total_login_token(
        self,
        admin_username: &str,
        admin_password: SecretString,
    ) -> Result<TotalSyncLoginToken, Error<GetTotalSyncTokenError>> {
        self.0
            .send(&GetTotalSyncToken::new(
                self.0.key(),
                admin_username,
                admin_password,
            )?)
            .await
    }
}
