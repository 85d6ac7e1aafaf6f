//! The ESWS operations, one request struct per documented function.
//!
//! Each struct implements [`access_core::http::Endpoint`]: `POST` to the
//! webservice with a `text/xml; charset=utf-8` envelope and a `SOAPAction`
//! header. Its `Output` is `Result<T, E>` because ESWS reports its documented
//! failures inside a successful (HTTP 200) answer; [`super::SoapClient::send`]
//! turns the inner `Err` into [`access_core::Error::Service`] with status 200.
//!
//! Parameters are sent in the documented order, every one of them, with an empty
//! string for an optional parameter that is not used **[V D index, "VERY
//! IMPORTANT"]**.

use std::borrow::Cow;
use std::fmt;

use access_core::http::{Body, Endpoint, HeaderName, HeaderValue, Method, Response};
use access_core::{DecodeError, ExposeSecret, SecretString, ValidationError};
use chrono::{NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;

use super::errors::{
    AutoSyncError, DeleteUserError, EswsError, GetGroupsError, GetLogsError, GetSyncTokenError,
    GetUsersError, QrError, UpdateCardError, UpdateUserError, looks_like_error_code,
};
use super::xml::{Param, Parsed, SoapValue, decode_error, parse_response, request_envelope};
use crate::model::{Group, InfoFields, LogEntry, PinCode, UserId, UserRecord, WsAltUserId};

/// The path of the webservice below its host **\[V D index\]**.
pub const SOAP_PATH: &str = "webservicesesws";
/// The number of users in one `getUsers` page **\[V D getUsers\]**.
pub const USERS_PAGE_SIZE: usize = 1000;
/// The highest EasySecure user id `updateUser` accepts **\[V D index\]**.
pub const MAX_USER_ID: u64 = 400_000_000;
/// The answer of `getLogs`/`getLogsById` in `Terminal` when there is no data **\[V D\]**.
pub const NO_RECORD: &str = "-1 NO RECORD";

/// The kind of EasySecure company the key belongs to **\[V D\]**.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CompanyKind {
    /// An ordinary EasySecure company.
    #[default]
    EasySecure,
    /// A "Branch(es)" company: user updates need a group name and a location
    /// id, and deleteUser needs a location id.
    Branches,
}

/// The company security key (`p_companyID`, a 32-character code from EasySecure
/// support **\[V D\]**) and the kind of company it belongs to.
///
/// The key travels in the body of every request, never in a header or URL. Its
/// `Debug` is redacted.
#[derive(Clone)]
pub struct CompanyKey {
    key: SecretString,
    kind: CompanyKind,
}

impl fmt::Debug for CompanyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompanyKey")
            .field("key", &"[redacted]")
            .field("kind", &self.kind)
            .finish()
    }
}

impl CompanyKey {
    /// A key of an ordinary EasySecure company. An empty key is refused (the
    /// service would answer `ERROR_NO_SECURITY_HASH`).
    pub fn new(key: SecretString) -> Result<Self, ValidationError> {
        if key.expose_secret().trim().is_empty() {
            return Err(ValidationError::new("p_companyID", "must not be empty"));
        }
        Ok(Self {
            key,
            kind: CompanyKind::EasySecure,
        })
    }

    /// Sets the company kind.
    pub fn with_kind(mut self, kind: CompanyKind) -> Self {
        self.kind = kind;
        self
    }

    /// The company kind.
    pub fn kind(&self) -> CompanyKind {
        self.kind
    }

    fn param(&self) -> (&'static str, Param) {
        ("p_companyID", Param::text(self.key.expose_secret()))
    }
}

/// Whether `value` can be imported by ESWS: only characters with a code up to
/// 255 are kept; the service turns others into `?` **\[V D index\]**.
pub fn is_latin1(value: &str) -> bool {
    value.chars().all(|c| (c as u32) <= 0xFF)
}

/// What to do with text outside Latin-1 in updateUser* parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TextPolicy {
    /// Refuse before sending, naming the field (default).
    #[default]
    Refuse,
    /// Replace each such character with `?`, as the service would.
    ReplaceWithQuestionMark,
}

fn latin1(field: &str, value: &str, policy: TextPolicy) -> Result<String, ValidationError> {
    if is_latin1(value) {
        return Ok(value.to_string());
    }
    match policy {
        TextPolicy::Refuse => {
            let bad: String = value
                .chars()
                .filter(|c| (*c as u32) > 0xFF)
                .take(3)
                .collect();
            Err(ValidationError::new(
                field,
                format!(
                    "must be Latin-1 (character codes up to 255); ESWS would store {bad:?} as '?' \
                     (opt in to the replacement with TextPolicy::ReplaceWithQuestionMark)"
                ),
            ))
        }
        TextPolicy::ReplaceWithQuestionMark => Ok(value
            .chars()
            .map(|c| if (c as u32) > 0xFF { '?' } else { c })
            .collect()),
    }
}

fn check_user_id(id: UserId) -> Result<(), ValidationError> {
    if (1..=MAX_USER_ID).contains(&id.0) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "p_Id",
            "must be an EasySecure user id from 1 to 400000000",
        ))
    }
}

/// Formats a time as ESWS wants it: `yyyy-mm-dd hh:ii:ss`.
pub fn format_soap_datetime(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Parses a date in a format ESWS accepts, for `field`: `yyyy-mm-dd hh:ii:ss`,
/// and, where `short_forms` is set (updateUserAltId **\[V D\]**), also
/// `yyyy-mm-dd hh:ii` and `yyyy-mm-dd`. Anything else is refused: the service
/// would silently replace an invalid start date with today and an invalid expiry
/// with 2030-12-31.
pub fn parse_soap_datetime(
    field: &str,
    value: &str,
    short_forms: bool,
) -> Result<NaiveDateTime, ValidationError> {
    if let Ok(t) = NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S") {
        return Ok(t);
    }
    if short_forms {
        if let Ok(t) = NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M") {
            return Ok(t);
        }
        if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d")
            && let Some(t) = d.and_hms_opt(0, 0, 0)
        {
            return Ok(t);
        }
    }
    Err(ValidationError::new(
        field,
        if short_forms {
            "must be yyyy-mm-dd hh:ii:ss, yyyy-mm-dd hh:ii or yyyy-mm-dd"
        } else {
            "must be yyyy-mm-dd hh:ii:ss"
        },
    ))
}

fn flag(v: Option<bool>) -> Param {
    Param::opt(v.map(u8::from))
}

// ---------------------------------------------------------------------------
// decoding

fn parse<E: EswsError>(
    function: &str,
    response: &Response,
) -> Result<Result<SoapValue, E>, DecodeError> {
    match parse_response(function, &response.body) {
        Ok(Parsed::Return(v)) => Ok(Ok(v)),
        Ok(Parsed::Fault(f)) => Ok(Err(E::fault(f.code, f.message))),
        Err(message) => Err(decode_error(
            response.status,
            function,
            message,
            &response.body,
        )),
    }
}

/// A plain string answer: a documented error string is `Err`, anything else the
/// answer's text.
fn decode_text<E: EswsError>(
    function: &str,
    response: &Response,
) -> Result<Result<Option<String>, E>, DecodeError> {
    Ok(match parse::<E>(function, response)? {
        Err(e) => Err(e),
        Ok(SoapValue::Nil) => Ok(None),
        Ok(SoapValue::Text(t)) => match E::from_wire(&t) {
            Some(e) => Err(e),
            None => Ok(Some(t.trim().to_string())),
        },
        Ok(other) => {
            return Err(decode_error(
                response.status,
                function,
                format!("expected a string, found {}", other.to_json()),
                &response.body,
            ));
        }
    })
}

/// A list answer whose items carry errors in `error_field`.
fn decode_list<T: DeserializeOwned, E: EswsError>(
    function: &str,
    response: &Response,
    error_field: &str,
) -> Result<Result<Vec<T>, E>, DecodeError> {
    let items = match parse::<E>(function, response)? {
        Err(e) => return Ok(Err(e)),
        Ok(SoapValue::Nil) => return Ok(Ok(Vec::new())),
        Ok(SoapValue::Text(t)) => {
            let t = t.trim();
            if t.is_empty() || t == NO_RECORD {
                return Ok(Ok(Vec::new()));
            }
            return Ok(Err(
                E::from_wire(t).unwrap_or_else(|| E::unknown(t.to_string()))
            ));
        }
        Ok(SoapValue::Array(items)) => items,
        Ok(one @ SoapValue::Struct(_)) => vec![one],
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(marker) = item.member(error_field).and_then(SoapValue::as_text) {
            let marker = marker.trim();
            if marker == NO_RECORD {
                return Ok(Ok(Vec::new()));
            }
            if let Some(e) = E::from_wire(marker) {
                return Ok(Err(e));
            }
            let others_empty = match item {
                SoapValue::Struct(m) => m.iter().filter(|(k, _)| k != error_field).all(|(_, v)| {
                    matches!(v, SoapValue::Nil) || v.as_text().is_some_and(|t| t.trim().is_empty())
                }),
                _ => false,
            };
            if others_empty && !marker.is_empty() && looks_like_error_code(marker) {
                return Ok(Err(E::unknown(marker.to_string())));
            }
        }
        let value = item.to_json();
        let decoded: T = serde_json::from_value(value).map_err(|e| {
            DecodeError::new(
                response.status,
                format!("Envelope/Body/Esws.{function}Response/return/item[{i}]"),
                e.to_string(),
                &response.body,
            )
        })?;
        out.push(decoded);
    }
    Ok(Ok(out))
}

// ---------------------------------------------------------------------------
// the Endpoint implementation shared by every operation

/// Implements `Endpoint` for an operation struct with a `params()` method and a
/// `check()` method, given its function name, output, error, idempotency and
/// decoder.
macro_rules! soap_endpoint {
    ($ty:ty, $function:literal, $out:ty, $err:ty, idempotent = $idem:literal, $decode:expr) => {
        impl Endpoint for $ty {
            type Output = $out;
            type Error = $err;
            const METHOD: Method = Method::POST;
            const NAME: &'static str = concat!("ESWS Esws.", $function);
            const IDEMPOTENT: bool = $idem;
            const AUTHENTICATED: bool = false;

            fn path(&self) -> Cow<'_, str> {
                Cow::Borrowed(SOAP_PATH)
            }

            fn body(&self) -> Result<Body, ValidationError> {
                let params = self.params()?;
                Ok(Body::Raw {
                    content_type: Cow::Borrowed("text/xml; charset=utf-8"),
                    bytes: request_envelope($function, &params).into(),
                })
            }

            fn headers(&self) -> Vec<(HeaderName, HeaderValue)> {
                vec![
                    (
                        HeaderName::from_static("accept"),
                        HeaderValue::from_static("text/xml"),
                    ),
                    (
                        HeaderName::from_static("soapaction"),
                        HeaderValue::from_static(concat!("\"uen:esws#Esws.", $function, "\"")),
                    ),
                ]
            }

            fn validate(&self) -> Result<(), ValidationError> {
                self.check()?;
                self.params().map(|_| ())
            }

            fn secrets(&self) -> Vec<SecretString> {
                // The company key (and `getSyncToken`'s admin password) travel in
                // the body: kept out of anything an answer quotes them in.
                self.params()
                    .map(|params| super::xml::secret_params(&params))
                    .unwrap_or_default()
            }

            /// ESWS answers its documented errors inside the HTTP 200 envelope; the
            /// decoder finds them while reading the answer, and the transport turns
            /// them into `Error::Service { status: 200, .. }`.
            fn decode_outcome(
                &self,
                response: Response,
            ) -> Result<Result<$out, $err>, DecodeError> {
                let decode: fn(&Self, &Response) -> Result<Result<$out, $err>, DecodeError> =
                    $decode;
                decode(self, &response)
            }

            fn decode(&self, response: Response) -> Result<$out, DecodeError> {
                let (status, body) = (response.status, response.body.clone());
                self.decode_outcome(response)?.map_err(|_| {
                    DecodeError::new(
                        status,
                        concat!("Envelope/Body/Esws.", $function, "Response"),
                        "the answer is a documented failure (`decode_outcome` types it)",
                        &body,
                    )
                })
            }
        }

        impl $ty {
            /// The ESWS function name (`Esws.<function>`).
            pub const FUNCTION: &'static str = $function;
        }
    };
}

// ---------------------------------------------------------------------------
// getUsers, getUsersPageNr

/// `Esws.getUsers`: one page of 1000 users, or all users, or one user
/// **\[V D getUsers.php, two versions\]**.
///
/// Parameters: `p_companyID`, `p_page` (empty: all users; `n`: users
/// 1000·(n−1)+1 … 1000·n), `p_locationID` (Branch companies only), `p_userId`
/// (one user), `p_addTimeToDate` (newer page only: `1` adds the time to
/// StartDate/ExpireDate). Errors come back in `UserId`. The item fields after
/// `TemplatesNr` are not documented and are kept in `UserRecord::extra`.
#[derive(Debug, Clone)]
pub struct GetUsers {
    key: CompanyKey,
    page: Option<u32>,
    location_id: Option<u64>,
    user_id: Option<UserId>,
    add_time_to_date: bool,
}

impl GetUsers {
    /// All users (no page).
    pub fn all(key: &CompanyKey) -> Self {
        Self {
            key: key.clone(),
            page: None,
            location_id: None,
            user_id: None,
            add_time_to_date: false,
        }
    }

    /// Page `page` (1-based) of 1000 users.
    pub fn page(key: &CompanyKey, page: u32) -> Result<Self, ValidationError> {
        if page == 0 {
            return Err(ValidationError::new("p_page", "pages start at 1"));
        }
        Ok(Self {
            page: Some(page),
            ..Self::all(key)
        })
    }

    /// Only the users of this location (Branch companies; no effect otherwise).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// Only this user.
    pub fn user(mut self, user_id: UserId) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// Asks for the time in StartDate and ExpireDate (`p_addTimeToDate=1`, newer
    /// page only).
    pub fn add_time_to_date(mut self, yes: bool) -> Self {
        self.add_time_to_date = yes;
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if let Some(id) = self.user_id {
            check_user_id(id).map_err(|e| ValidationError::new("p_userId", e.rule))?;
        }
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_page", Param::opt(self.page)),
            ("p_locationID", Param::opt(self.location_id)),
            ("p_userId", Param::opt(self.user_id.map(|u| u.0))),
            (
                "p_addTimeToDate",
                if self.add_time_to_date {
                    Param::text("1")
                } else {
                    Param::empty()
                },
            ),
        ])
    }
}

soap_endpoint!(
    GetUsers,
    "getUsers",
    Vec<UserRecord>,
    GetUsersError,
    idempotent = true,
    |_, r| decode_list::<UserRecord, GetUsersError>("getUsers", r, "UserId")
);

/// `Esws.getUsersPageNr`: the highest `p_page` value of getUsers. Named on the
/// getUsers page only **\[V D\]**; its parameters (`p_companyID`, `p_locationID`)
/// and its integer answer are inferred **\[I\]**.
#[derive(Debug, Clone)]
pub struct GetUsersPageNr {
    key: CompanyKey,
    location_id: Option<u64>,
}

impl GetUsersPageNr {
    /// The page count of every user.
    pub fn new(key: &CompanyKey) -> Self {
        Self {
            key: key.clone(),
            location_id: None,
        }
    }

    /// The page count of one location's users (Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_locationID", Param::opt(self.location_id)),
        ])
    }
}

soap_endpoint!(
    GetUsersPageNr,
    "getUsersPageNr",
    u32,
    GetUsersError,
    idempotent = true,
    |_, r| {
        Ok(match decode_text::<GetUsersError>("getUsersPageNr", r)? {
            Err(e) => Err(e),
            Ok(None) => Ok(0),
            Ok(Some(t)) if t.is_empty() => Ok(0),
            Ok(Some(t)) => match t.parse::<u32>() {
                Ok(n) => Ok(n),
                Err(_) => Err(GetUsersError::Unknown(t)),
            },
        })
    }
);

// ---------------------------------------------------------------------------
// getGroups

/// `Esws.getGroups`: every group, or a Branch location's groups
/// **\[V D getGroups.php\]**.
///
/// The vendor's sample request uses the element `Esws.getUsers` and its answer
/// declares `tns:getUsersObject` items: both are copy-paste slips; the SDK sends
/// `Esws.getGroups` **\[I\]** and ignores the declared item type. Errors come back
/// in `GroupId`.
#[derive(Debug, Clone)]
pub struct GetGroups {
    key: CompanyKey,
    location_id: Option<u64>,
}

impl GetGroups {
    /// Every group.
    pub fn new(key: &CompanyKey) -> Self {
        Self {
            key: key.clone(),
            location_id: None,
        }
    }

    /// Only this location's groups (Branch companies; no effect otherwise).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_locationID", Param::opt(self.location_id)),
        ])
    }
}

soap_endpoint!(
    GetGroups,
    "getGroups",
    Vec<Group>,
    GetGroupsError,
    idempotent = true,
    |_, r| decode_list::<Group, GetGroupsError>("getGroups", r, "GroupId")
);

// ---------------------------------------------------------------------------
// getLogs, getLogsById

/// Which time `getLogs` filters on (`p_filterOn` **\[V D\]**).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FilterOn {
    /// `event_time`: when the terminal registered the event (the default).
    #[default]
    EventTime,
    /// `created`: when the event reached EasySecure (catches late uploads from
    /// offline terminals).
    Created,
}

impl FilterOn {
    /// The wire value.
    pub fn as_wire(self) -> &'static str {
        match self {
            FilterOn::EventTime => "event_time",
            FilterOn::Created => "created",
        }
    }
}

/// `Esws.getLogs`: the logs of a time range **\[V D getLogs.php\]**.
///
/// Parameters in order: `p_companyID`, `p_exportTimeFrom`, `p_exportTimeTo`
/// (`yyyy-mm-dd hh:ii:ss`), `p_locationId`, `p_userId`, `p_infoFieldName`
/// (`info1`…`info14`), `p_infoFieldValue`, `p_filterOn`,
/// `p_timeregistrationModules`. The page's signature line leaves `p_filterOn`
/// out while its table lists it before `p_timeregistrationModules`; the SDK
/// follows the table **\[gap: check the WSDL\]**. No data is `-1 NO RECORD` in
/// `Terminal`, which is an empty list here.
#[derive(Debug, Clone)]
pub struct GetLogs {
    key: CompanyKey,
    from: NaiveDateTime,
    to: NaiveDateTime,
    location_id: Option<u64>,
    user_id: Option<UserId>,
    info_filter: Option<(u8, String)>,
    filter_on: Option<FilterOn>,
    time_registration_only: bool,
}

impl GetLogs {
    /// The logs from `from` to `to` (inclusive, the company's local time).
    pub fn new(
        key: &CompanyKey,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Self, ValidationError> {
        let me = Self {
            key: key.clone(),
            from,
            to,
            location_id: None,
            user_id: None,
            info_filter: None,
            filter_on: None,
            time_registration_only: false,
        };
        me.check()?;
        Ok(me)
    }

    /// The logs from `from` to `to`, given as `yyyy-mm-dd hh:ii:ss` text.
    pub fn from_text(key: &CompanyKey, from: &str, to: &str) -> Result<Self, ValidationError> {
        Self::new(
            key,
            parse_soap_datetime("p_exportTimeFrom", from, false)?,
            parse_soap_datetime("p_exportTimeTo", to, false)?,
        )
    }

    /// Only this location.
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// Only this user.
    pub fn user(mut self, user_id: UserId) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// Only users whose info field `n` (1 to 14) holds `value`.
    pub fn info_field(mut self, n: u8, value: impl Into<String>) -> Result<Self, ValidationError> {
        if !(1..=14).contains(&n) {
            return Err(ValidationError::new(
                "p_infoFieldName",
                "must be info1 to info14",
            ));
        }
        self.info_filter = Some((n, value.into()));
        Ok(self)
    }

    /// Filters on the event time (default) or the creation time.
    pub fn filter_on(mut self, on: FilterOn) -> Self {
        self.filter_on = Some(on);
        self
    }

    /// Only the logs of time-registration modules (`p_timeregistrationModules=1`).
    pub fn time_registration_only(mut self, yes: bool) -> Self {
        self.time_registration_only = yes;
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.from > self.to {
            return Err(ValidationError::new(
                "p_exportTimeFrom",
                "must not be after p_exportTimeTo",
            ));
        }
        if let Some(id) = self.user_id {
            check_user_id(id).map_err(|e| ValidationError::new("p_userId", e.rule))?;
        }
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        let (name, value) = match &self.info_filter {
            Some((n, v)) => (
                Param::text(format!("info{n}")),
                Param::text(latin1("p_infoFieldValue", v, TextPolicy::Refuse)?),
            ),
            None => (Param::empty(), Param::empty()),
        };
        Ok(vec![
            self.key.param(),
            (
                "p_exportTimeFrom",
                Param::text(format_soap_datetime(&self.from)),
            ),
            (
                "p_exportTimeTo",
                Param::text(format_soap_datetime(&self.to)),
            ),
            ("p_locationId", Param::opt(self.location_id)),
            ("p_userId", Param::opt(self.user_id.map(|u| u.0))),
            ("p_infoFieldName", name),
            ("p_infoFieldValue", value),
            (
                "p_filterOn",
                Param::opt(self.filter_on.map(FilterOn::as_wire)),
            ),
            (
                "p_timeregistrationModules",
                Param::opt(self.time_registration_only.then_some(1)),
            ),
        ])
    }
}

soap_endpoint!(
    GetLogs,
    "getLogs",
    Vec<LogEntry>,
    GetLogsError,
    idempotent = true,
    |_, r| decode_list::<LogEntry, GetLogsError>("getLogs", r, "Terminal")
);

/// `Esws.getLogsById`: the logs whose `scanID` is within a range, inclusive
/// **\[V D getLogsById.php\]**. `scanID` is the id of the `module_logs` table: it
/// grows with every scan (of every company, so a company's ids have gaps). It is
/// the cursor of the event export.
#[derive(Debug, Clone)]
pub struct GetLogsById {
    key: CompanyKey,
    from: i64,
    to: i64,
    time_registration_only: bool,
}

impl GetLogsById {
    /// The logs with `from <= scanID <= to`.
    pub fn new(key: &CompanyKey, from: i64, to: i64) -> Result<Self, ValidationError> {
        let me = Self {
            key: key.clone(),
            from,
            to,
            time_registration_only: false,
        };
        me.check()?;
        Ok(me)
    }

    /// Only the logs of time-registration modules.
    pub fn time_registration_only(mut self, yes: bool) -> Self {
        self.time_registration_only = yes;
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.from < 0 || self.to < 0 {
            return Err(ValidationError::new(
                "p_exportIdFrom",
                "scan ids are not negative",
            ));
        }
        if self.from > self.to {
            return Err(ValidationError::new(
                "p_exportIdFrom",
                "must not be greater than p_exportIdTo",
            ));
        }
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_exportIdFrom", Param::text(self.from.to_string())),
            ("p_exportIdTo", Param::text(self.to.to_string())),
            (
                "p_timeregistrationModules",
                Param::opt(self.time_registration_only.then_some(1)),
            ),
        ])
    }
}

soap_endpoint!(
    GetLogsById,
    "getLogsById",
    Vec<LogEntry>,
    GetLogsError,
    idempotent = true,
    |_, r| decode_list::<LogEntry, GetLogsError>("getLogsById", r, "Terminal")
);

// ---------------------------------------------------------------------------
// updateUser, updateUserAltId

/// A change of the card of `p_cardId`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CardChange {
    /// Sets the card id as read on an SDK2 device.
    Set(String),
    /// Removes the card (the documented value `Remove`).
    Remove,
}

/// The user data of `updateUser` and `updateUserAltId` **\[V D\]**. Every field is
/// optional; an unset field is sent as an empty string.
///
/// Text must be Latin-1 (see [`TextPolicy`]). Dates are sent as
/// `yyyy-mm-dd hh:ii:ss`; the service stores no seconds, and replaces a missing
/// start date with today and a missing expiry with 2030-12-31.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct UserFields {
    /// `p_PIN` (digits; redacted in `Debug`).
    pub pin: Option<PinCode>,
    /// `p_Achternaam`: last name.
    pub last_name: Option<String>,
    /// `p_Voornaam`: first name.
    pub first_name: Option<String>,
    /// `p_Admin` (0/1).
    pub admin: Option<bool>,
    /// `p_Security` (0/1).
    pub security: Option<bool>,
    /// `p_StartDate`.
    pub start_date: Option<NaiveDateTime>,
    /// `p_ExpireDate`.
    pub expire_date: Option<NaiveDateTime>,
    /// `p_infoFields`: `info1` … `info14` (encoding inferred: an Apache SOAP Map **\[I\]**).
    pub info: InfoFields,
    /// `p_groupName`: group names, sent joined with `;`. Required for Branch
    /// companies; the groups must exist.
    pub groups: Vec<String>,
    /// `p_groupUpdate` (0/1; probably "replace the group membership" **\[I\]**).
    pub group_update: Option<bool>,
    /// `p_cardId`.
    pub card: Option<CardChange>,
    /// `p_cardCustom`: the custom card number as an SDK2 device reads it.
    pub card_custom: Option<String>,
    /// `p_licensePlate`.
    pub license_plate: Option<String>,
    /// `p_isVisitor` (0/1 **\[I\]**).
    pub is_visitor: Option<bool>,
}

impl UserFields {
    /// No field set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the first and last name.
    pub fn name(mut self, first: impl Into<String>, last: impl Into<String>) -> Self {
        self.first_name = Some(first.into());
        self.last_name = Some(last.into());
        self
    }

    /// Sets the PIN.
    pub fn pin(mut self, pin: PinCode) -> Self {
        self.pin = Some(pin);
        self
    }

    /// Sets the groups.
    pub fn groups<I: IntoIterator<Item = S>, S: Into<String>>(mut self, groups: I) -> Self {
        self.groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the validity window.
    pub fn validity(mut self, start: NaiveDateTime, expire: NaiveDateTime) -> Self {
        self.start_date = Some(start);
        self.expire_date = Some(expire);
        self
    }

    /// Sets or removes the card.
    pub fn card(mut self, card: CardChange) -> Self {
        self.card = Some(card);
        self
    }

    /// Sets the licence plate.
    pub fn license_plate(mut self, plate: impl Into<String>) -> Self {
        self.license_plate = Some(plate.into());
        self
    }

    /// Sets info field `n` (1 to 14).
    pub fn info(mut self, n: u8, value: impl Into<String>) -> Result<Self, ValidationError> {
        self.info.set(n, value)?;
        Ok(self)
    }

    fn check(&self, kind: CompanyKind) -> Result<(), ValidationError> {
        if let (Some(s), Some(e)) = (self.start_date, self.expire_date)
            && s > e
        {
            return Err(ValidationError::new(
                "p_StartDate",
                "must not be after p_ExpireDate",
            ));
        }
        if kind == CompanyKind::Branches && self.groups.iter().all(|g| g.trim().is_empty()) {
            return Err(ValidationError::new(
                "p_groupName",
                "is required for Branch companies (an existing group)",
            ));
        }
        for g in &self.groups {
            if g.contains(';') {
                return Err(ValidationError::new(
                    "p_groupName",
                    "a group name cannot contain ';' (the separator of several groups)",
                ));
            }
        }
        if let Some(CardChange::Set(c)) = &self.card
            && (c.trim().is_empty() || c == "Remove")
        {
            return Err(ValidationError::new(
                "p_cardId",
                "must not be empty or 'Remove' (use CardChange::Remove)",
            ));
        }
        Ok(())
    }

    fn params(&self, policy: TextPolicy) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        let text = |field: &str, v: &Option<String>| -> Result<Param, ValidationError> {
            Ok(match v {
                Some(v) => Param::text(latin1(field, v, policy)?),
                None => Param::empty(),
            })
        };
        let mut info = Vec::new();
        for (k, v) in self.info.iter() {
            info.push((
                k.to_string(),
                latin1(&format!("p_infoFields.{k}"), v, policy)?,
            ));
        }
        let groups = latin1("p_groupName", &self.groups.join(";"), policy)?;
        Ok(vec![
            ("p_PIN", Param::opt(self.pin.as_ref().map(PinCode::expose))),
            ("p_Achternaam", text("p_Achternaam", &self.last_name)?),
            ("p_Voornaam", text("p_Voornaam", &self.first_name)?),
            ("p_Admin", flag(self.admin)),
            ("p_Security", flag(self.security)),
            (
                "p_StartDate",
                Param::opt(self.start_date.as_ref().map(format_soap_datetime)),
            ),
            (
                "p_ExpireDate",
                Param::opt(self.expire_date.as_ref().map(format_soap_datetime)),
            ),
            ("p_infoFields", Param::Map(info)),
            ("p_groupName", Param::text(groups)),
            ("p_groupUpdate", flag(self.group_update)),
            (
                "p_cardId",
                match &self.card {
                    Some(CardChange::Set(c)) => Param::text(latin1("p_cardId", c, policy)?),
                    Some(CardChange::Remove) => Param::text("Remove"),
                    None => Param::empty(),
                },
            ),
            ("p_cardCustom", text("p_cardCustom", &self.card_custom)?),
            (
                "p_licensePlate",
                text("p_licensePlate", &self.license_plate)?,
            ),
            ("p_isVisitor", flag(self.is_visitor)),
        ])
    }
}

/// The answer of an accepted user update. The pages do not show the success
/// string (the simulator answers `OK` **\[I\]**); it is kept as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpdateReply {
    /// The service's answer, e.g. `OK`.
    pub message: String,
}

fn decode_update(
    function: &str,
    r: &Response,
) -> Result<Result<UpdateReply, UpdateUserError>, DecodeError> {
    Ok(match decode_text::<UpdateUserError>(function, r)? {
        Err(e) => Err(e),
        Ok(text) => {
            let message = text.unwrap_or_default();
            if looks_like_error_code(&message) || message.starts_with("Company is Branches") {
                Err(UpdateUserError::Unknown(message))
            } else {
                Ok(UpdateReply { message })
            }
        }
    })
}

/// `Esws.updateUser`: creates or updates the user with EasySecure id `p_Id`
/// (1 to 400000000) **\[V D updateUser.php\]**.
///
/// Parameters in order: `p_companyID`, `p_Id`, `p_PIN`, `p_Achternaam`,
/// `p_Voornaam`, `p_Admin`, `p_Security`, `p_StartDate`, `p_ExpireDate`,
/// `p_infoFields`, `p_groupName`, `p_groupUpdate`, `p_cardId`, `p_cardCustom`,
/// `p_licensePlate`, `p_isVisitor`, `p_locationID`. Branch companies need a group
/// name and a location id. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct UpdateUser {
    key: CompanyKey,
    id: UserId,
    fields: UserFields,
    location_id: Option<u64>,
    policy: TextPolicy,
}

impl UpdateUser {
    /// Updates user `id` with `fields`.
    pub fn new(key: &CompanyKey, id: UserId, fields: UserFields) -> Result<Self, ValidationError> {
        let me = Self {
            key: key.clone(),
            id,
            fields,
            location_id: None,
            policy: TextPolicy::Refuse,
        };
        check_user_id(id)?;
        me.fields.check(CompanyKind::EasySecure)?;
        Ok(me)
    }

    /// The location (required for Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// What to do with characters outside Latin-1.
    pub fn text_policy(mut self, policy: TextPolicy) -> Self {
        self.policy = policy;
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        check_user_id(self.id)?;
        self.fields.check(self.key.kind)?;
        if self.key.kind == CompanyKind::Branches && self.location_id.is_none() {
            return Err(ValidationError::new(
                "p_locationID",
                "is required for Branch companies",
            ));
        }
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        let mut p = vec![
            self.key.param(),
            ("p_Id", Param::text(self.id.0.to_string())),
        ];
        p.extend(self.fields.params(self.policy)?);
        p.push(("p_locationID", Param::opt(self.location_id)));
        Ok(p)
    }
}

soap_endpoint!(
    UpdateUser,
    "updateUser",
    UpdateReply,
    UpdateUserError,
    idempotent = false,
    |_, r| decode_update("updateUser", r)
);

/// `Esws.updateUserAltId`: creates or updates the user with this wsAltUserId
/// (an upsert by the integrator's own id) **\[V D updateUserAltId.php\]**.
///
/// Parameters in order: those of updateUser with `p_wsAltUserId` instead of
/// `p_Id`, then `p_phone` and `p_syncToTapkey` (descriptions cut off; string and
/// 0/1 **\[I\]**). The company needs an info label whose function is
/// `wsAltUserId`. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct UpdateUserAltId {
    key: CompanyKey,
    alt_id: WsAltUserId,
    fields: UserFields,
    location_id: Option<u64>,
    phone: Option<String>,
    sync_to_tapkey: Option<bool>,
    policy: TextPolicy,
}

impl UpdateUserAltId {
    /// Upserts the user `alt_id` with `fields`.
    pub fn new(
        key: &CompanyKey,
        alt_id: WsAltUserId,
        fields: UserFields,
    ) -> Result<Self, ValidationError> {
        fields.check(CompanyKind::EasySecure)?;
        Ok(Self {
            key: key.clone(),
            alt_id,
            fields,
            location_id: None,
            phone: None,
            sync_to_tapkey: None,
            policy: TextPolicy::Refuse,
        })
    }

    /// The location (required for Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// `p_phone`.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// `p_syncToTapkey`: issue (or keep) a Tapkey mobile key **\[I\]**.
    pub fn sync_to_tapkey(mut self, yes: bool) -> Self {
        self.sync_to_tapkey = Some(yes);
        self
    }

    /// What to do with characters outside Latin-1.
    pub fn text_policy(mut self, policy: TextPolicy) -> Self {
        self.policy = policy;
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        self.fields.check(self.key.kind)?;
        if self.key.kind == CompanyKind::Branches && self.location_id.is_none() {
            return Err(ValidationError::new(
                "p_locationID",
                "is required for Branch companies",
            ));
        }
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        let mut p = vec![
            self.key.param(),
            (
                "p_wsAltUserId",
                Param::text(latin1(
                    "p_wsAltUserId",
                    self.alt_id.as_str(),
                    TextPolicy::Refuse,
                )?),
            ),
        ];
        p.extend(self.fields.params(self.policy)?);
        p.push(("p_locationID", Param::opt(self.location_id)));
        p.push((
            "p_phone",
            match &self.phone {
                Some(v) => Param::text(latin1("p_phone", v, self.policy)?),
                None => Param::empty(),
            },
        ));
        p.push(("p_syncToTapkey", flag(self.sync_to_tapkey)));
        Ok(p)
    }
}

soap_endpoint!(
    UpdateUserAltId,
    "updateUserAltId",
    UpdateReply,
    UpdateUserError,
    idempotent = false,
    |_, r| decode_update("updateUserAltId", r)
);

// ---------------------------------------------------------------------------
// updateCard

/// `Esws.updateCard`: sets or deletes the card of the user with this
/// wsAltUserId **\[V D updateCard.php\]**. `p_usbCardId` is the decimal value a
/// USB desktop reader types; an empty value deletes the card. Answers `OK` or an
/// error code. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct UpdateCard {
    key: CompanyKey,
    alt_id: WsAltUserId,
    usb_card_id: String,
}

impl UpdateCard {
    /// Sets the card, given as decimal digits or as hex pairs (`65 D8 A1 BD`,
    /// converted to decimal).
    pub fn set(
        key: &CompanyKey,
        alt_id: WsAltUserId,
        card: &access_core::model::CardNumber,
    ) -> Result<Self, ValidationError> {
        let decimal = card.to_decimal().ok_or_else(|| {
            ValidationError::new(
                "p_usbCardId",
                "must be the card's decimal number (or hex pairs to convert)",
            )
        })?;
        Ok(Self {
            key: key.clone(),
            alt_id,
            usb_card_id: decimal,
        })
    }

    /// Deletes the user's card (sends an empty `p_usbCardId`).
    pub fn delete(key: &CompanyKey, alt_id: WsAltUserId) -> Self {
        Self {
            key: key.clone(),
            alt_id,
            usb_card_id: String::new(),
        }
    }

    /// Whether this request deletes the card.
    pub fn is_delete(&self) -> bool {
        self.usb_card_id.is_empty()
    }

    fn check(&self) -> Result<(), ValidationError> {
        if !self.usb_card_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new(
                "p_usbCardId",
                "must be decimal digits",
            ));
        }
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            (
                "p_wsAltUserId",
                Param::text(latin1(
                    "p_wsAltUserId",
                    self.alt_id.as_str(),
                    TextPolicy::Refuse,
                )?),
            ),
            ("p_usbCardId", Param::text(self.usb_card_id.clone())),
        ])
    }
}

fn decode_ok<E: EswsError>(function: &str, r: &Response) -> Result<Result<(), E>, DecodeError> {
    Ok(match decode_text::<E>(function, r)? {
        Err(e) => Err(e),
        Ok(Some(t)) if t == "OK" => Ok(()),
        // deleteQR's page shows `OK`; a void answer is accepted too **[I]**.
        Ok(None) => Ok(()),
        Ok(Some(t)) if t.is_empty() => Ok(()),
        Ok(Some(t)) => Err(E::unknown(t)),
    })
}

soap_endpoint!(
    UpdateCard,
    "updateCard",
    (),
    UpdateCardError,
    idempotent = false,
    |_, r| decode_ok::<UpdateCardError>("updateCard", r)
);

// ---------------------------------------------------------------------------
// deleteUser

/// What `deleteUser` did (its successful sentences **\[V D deleteUser.php\]**).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeleteOutcome {
    /// "User has been deleted". Every module the user had access to is marked,
    /// so the user leaves the terminals at the next overwrite or delete sync.
    Deleted,
    /// "User does not exist in our db": nothing to delete.
    DidNotExist,
    /// "User is linked to multiple locations, we will remove the user from this
    /// location".
    RemovedFromLocation,
}

impl DeleteOutcome {
    /// The documented sentence.
    pub fn as_wire(&self) -> &'static str {
        match self {
            DeleteOutcome::Deleted => "User has been deleted",
            DeleteOutcome::DidNotExist => "User does not exist in our db",
            DeleteOutcome::RemovedFromLocation => {
                "User is linked to multiple locations, we will remove the user from this location"
            }
        }
    }

    /// Reads a documented sentence.
    pub fn from_wire(text: &str) -> Option<Self> {
        [
            DeleteOutcome::Deleted,
            DeleteOutcome::DidNotExist,
            DeleteOutcome::RemovedFromLocation,
        ]
        .into_iter()
        .find(|o| o.as_wire() == text.trim())
    }
}

/// `Esws.deleteUser`: deletes the user with EasySecure id `p_Id`
/// **\[V D deleteUser.php\]**. Parameters: `p_companyID`, `p_Id`, `p_locationID`
/// (required for Branch companies). Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct DeleteUser {
    key: CompanyKey,
    id: UserId,
    location_id: Option<u64>,
}

impl DeleteUser {
    /// Deletes user `id`.
    pub fn new(key: &CompanyKey, id: UserId) -> Result<Self, ValidationError> {
        check_user_id(id)?;
        Ok(Self {
            key: key.clone(),
            id,
            location_id: None,
        })
    }

    /// The location (required for Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        check_user_id(self.id)?;
        if self.key.kind == CompanyKind::Branches && self.location_id.is_none() {
            return Err(ValidationError::new(
                "p_locationID",
                "is required for Branch companies",
            ));
        }
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_Id", Param::text(self.id.0.to_string())),
            ("p_locationID", Param::opt(self.location_id)),
        ])
    }
}

soap_endpoint!(
    DeleteUser,
    "deleteUser",
    DeleteOutcome,
    DeleteUserError,
    idempotent = false,
    |_, r| {
        Ok(match decode_text::<DeleteUserError>("deleteUser", r)? {
            Err(e) => Err(e),
            Ok(text) => {
                let text = text.unwrap_or_default();
                DeleteOutcome::from_wire(&text).ok_or(DeleteUserError::Unknown(text))
            }
        })
    }
);

// ---------------------------------------------------------------------------
// setQR, getQR, deleteQR

/// A QR code of a user: 32 random characters from `[0-9a-zA-Z]` **\[V D setQR\]**.
/// The caller draws the QR image. It opens doors: its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct QrCode(String);

impl QrCode {
    /// The code's characters, to draw as a QR image.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for QrCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("QrCode([redacted])")
    }
}

fn qr_from(text: String) -> Result<QrCode, QrError> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(QrCode(text))
    } else {
        Err(QrError::Unknown(text))
    }
}

macro_rules! qr_op {
    ($(#[$doc:meta])* $ty:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $ty {
            key: CompanyKey,
            alt_id: WsAltUserId,
        }

        impl $ty {
            /// For the user with this wsAltUserId.
            pub fn new(key: &CompanyKey, alt_id: WsAltUserId) -> Self {
                Self {
                    key: key.clone(),
                    alt_id,
                }
            }

            fn check(&self) -> Result<(), ValidationError> {
                Ok(())
            }

            fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
                Ok(vec![
                    self.key.param(),
                    (
                        "p_wsAltUserId",
                        Param::text(latin1("p_wsAltUserId", self.alt_id.as_str(), TextPolicy::Refuse)?),
                    ),
                ])
            }
        }
    };
}

qr_op!(
    /// `Esws.setQR`: gives the user with this wsAltUserId a new QR code and
    /// answers it **\[V D setQR.php\]**. Not idempotent (every call makes a new
    /// code): never retried.
    SetQr
);
soap_endpoint!(
    SetQr,
    "setQR",
    QrCode,
    QrError,
    idempotent = false,
    |_, r| {
        Ok(match decode_text::<QrError>("setQR", r)? {
            Err(e) => Err(e),
            Ok(t) => qr_from(t.unwrap_or_default()),
        })
    }
);

qr_op!(
    /// `Esws.getQR`: the user's QR code, `None` (NULL) when the user has none
    /// **\[V D getQR.php\]**.
    GetQr
);
soap_endpoint!(
    GetQr,
    "getQR",
    Option<QrCode>,
    QrError,
    idempotent = true,
    |_, r| {
        Ok(match decode_text::<QrError>("getQR", r)? {
            Err(e) => Err(e),
            Ok(None) => Ok(None),
            Ok(Some(t)) if t.is_empty() || t.eq_ignore_ascii_case("null") => Ok(None),
            Ok(Some(t)) => qr_from(t).map(Some),
        })
    }
);

qr_op!(
    /// `Esws.deleteQR`: removes the user's QR code; answers `OK`
    /// **\[V D deleteQR.php\]**. Not idempotent by the SDK's rule (a delete): never
    /// retried.
    DeleteQr
);
soap_endpoint!(
    DeleteQr,
    "deleteQR",
    (),
    QrError,
    idempotent = false,
    |_, r| { decode_ok::<QrError>("deleteQR", r) }
);

// ---------------------------------------------------------------------------
// getSyncToken, autoSync, getSyncStatus

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
    /// **\[V D getSyncToken\]**. With a location id the sync starts on its own;
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

/// `Esws.getSyncToken`: a token for the one-user sync page, authorised by an i3
/// administrator's username and password **\[V D getSyncToken.php\]**.
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
    /// A sync token for user `user_id`, authorised by an i3 administrator.
    pub fn new(
        key: &CompanyKey,
        admin_username: impl Into<String>,
        admin_password: SecretString,
        user_id: UserId,
    ) -> Result<Self, ValidationError> {
        let me = Self {
            key: key.clone(),
            admin_username: admin_username.into(),
            admin_password,
            user_id,
            location_id: None,
        };
        me.check()?;
        Ok(me)
    }

    /// Starts the sync at this location on its own.
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.admin_username.trim().is_empty() {
            return Err(ValidationError::new("p_adminUsername", "must not be empty"));
        }
        if self.admin_password.expose_secret().is_empty() {
            return Err(ValidationError::new("p_adminPassword", "must not be empty"));
        }
        check_user_id(self.user_id).map_err(|e| ValidationError::new("p_userId", e.rule))
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_adminUsername", Param::text(self.admin_username.clone())),
            (
                "p_adminPassword",
                Param::text(self.admin_password.expose_secret()),
            ),
            ("p_userId", Param::text(self.user_id.0.to_string())),
            ("p_locationID", Param::opt(self.location_id)),
        ])
    }
}

soap_endpoint!(
    GetSyncToken,
    "getSyncToken",
    SyncLoginToken,
    GetSyncTokenError,
    idempotent = false,
    |_, r| {
        Ok(match decode_text::<GetSyncTokenError>("getSyncToken", r)? {
            Err(e) => Err(e),
            Ok(Some(t)) if !t.is_empty() && !looks_like_error_code(&t) => {
                Ok(SyncLoginToken(SecretString::from(t)))
            }
            Ok(t) => Err(GetSyncTokenError::Unknown(t.unwrap_or_default())),
        })
    }
);

/// The token of a sync started by `autoSync`: 64 characters **\[V D autoSync\]**,
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

/// `Esws.autoSync`: starts a sync of a location (or of one user at it) to its
/// terminals and answers a token for `getSyncStatus` **\[V D autoSync.php\]**.
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
    /// A sync of location `location_id`: the whole location, or only `user`.
    pub fn new(
        key: &CompanyKey,
        location_id: u64,
        user: Option<UserId>,
    ) -> Result<Self, ValidationError> {
        let me = Self {
            key: key.clone(),
            location_id,
            user_id: user,
        };
        me.check()?;
        Ok(me)
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.location_id == 0 {
            return Err(ValidationError::new(
                "p_locationId",
                "is required (a location id above 0)",
            ));
        }
        if let Some(u) = self.user_id {
            check_user_id(u).map_err(|e| ValidationError::new("p_userId", e.rule))?;
        }
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_locationId", Param::text(self.location_id.to_string())),
            (
                "p_userId",
                Param::text(self.user_id.map(|u| u.0).unwrap_or(0).to_string()),
            ),
        ])
    }
}

soap_endpoint!(
    AutoSync,
    "autoSync",
    SyncToken,
    AutoSyncError,
    idempotent = false,
    |_, r| {
        Ok(match decode_text::<AutoSyncError>("autoSync", r)? {
            Err(e) => Err(e),
            Ok(Some(t)) if !t.is_empty() && !t.contains(' ') && !looks_like_error_code(&t) => {
                Ok(SyncToken(t))
            }
            Ok(t) => Err(AutoSyncError::Unknown(t.unwrap_or_default())),
        })
    }
);

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
    /// Any other text, treated as still pending by [`super::SoapClient::auto_sync`].
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

/// `Esws.getSyncStatus`: where an `autoSync` stands. Named on the autoSync page
/// only **\[V D\]**; its parameters (`p_companyID`, `p_syncToken`) and answers are
/// inferred **\[I\]**.
#[derive(Debug, Clone)]
pub struct GetSyncStatus {
    key: CompanyKey,
    token: SyncToken,
}

impl GetSyncStatus {
    /// The status of the sync with this token.
    pub fn new(key: &CompanyKey, token: SyncToken) -> Self {
        Self {
            key: key.clone(),
            token,
        }
    }

    fn check(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn params(&self) -> Result<Vec<(&'static str, Param)>, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_syncToken", Param::text(self.token.0.clone())),
        ])
    }
}

soap_endpoint!(
    GetSyncStatus,
    "getSyncStatus",
    SyncStatus,
    AutoSyncError,
    idempotent = true,
    |_, r| {
        Ok(match decode_text::<AutoSyncError>("getSyncStatus", r)? {
            Err(e) => Err(e),
            Ok(t) => Ok(SyncStatus::from_wire(&t.unwrap_or_default())),
        })
    }
);
