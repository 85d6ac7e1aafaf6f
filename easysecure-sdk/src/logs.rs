//! Terminal logs (admin path): `getLogs`, `getLogsMinMaxIds`, `setLogs`.
//!
//! Terminals record registrations (IN, OUT, DUTY IN, DUTY OUT, TNA_1..4 on time
//! registration terminals; granted/denied on access control) with an increasing
//! `scanID`. Export them by time window or by id range; the id range with
//! `getLogsMinMaxIds` is what [`EventLog`](access_core::traits::EventLog) uses to
//! resume from a stored cursor.
//!
//! **Provenance.** Paths and error rows **\[seed\]**; filter names are the SOAP
//! `getLogs`/`getLogsById` parameters without `p_` **\[I\]**; entries are SOAP
//! `getLogsObject` **\[V\]** D, assumed the same in REST **\[I\]**.

use access_core::http::Body;
use access_core::model::{AccessEvent, EventCursor};
use access_core::paging::{Page, Pager};
use access_core::traits::EventStream;
use access_core::{Error, ValidationError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::access::{VENDOR, event_from};
use crate::auth::{Admin, RoleEndpoint};
use crate::client::Client;
use crate::model::non_empty;
use crate::model::{
    Ack, ExportWindow, LogEntry, LogText, TerminalKey, WsAltUserId, de, decode_list, ser_datetime,
    ser_flag,
};

access_core::error_enum! {
    /// Failures of `POST /admins/getLogs` **\[seed\]**.
    pub enum GetLogsError for crate::error::EasySecureErrorBody {
        /// 400 "Incorrect filter".
        IncorrectFilter = (400, message "Incorrect filter") => InvalidInput,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/getLogsMinMaxIds` **\[seed\]**.
    pub enum GetLogsMinMaxIdsError for crate::error::EasySecureErrorBody {
        /// 400 "Incorrect format".
        IncorrectFormat = (400, message "Incorrect format") => InvalidInput,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/setLogs` **\[seed\]**.
    pub enum SetLogsError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
    }
}

/// Which time a time-window filter applies to (SOAP `p_filterOn` **\[V\]** D).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum LogTimeField {
    /// `event_time`: when the terminal registered it (the default).
    #[serde(rename = "event_time")]
    EventTime,
    /// `created`: when EasySecure received it (use this to export late arrivals).
    #[serde(rename = "created")]
    Created,
}

/// `POST /admins/getLogs` **\[seed\]**: terminal logs by time window or by `scanID`
/// range, with optional filters. A read: retried on 502/503/504.
///
/// Body **\[I\]**: `exportTimeFrom`/`exportTimeTo` (`yyyy-mm-dd hh:ii:ss`) or
/// `exportIdFrom`/`exportIdTo`, and `locationId`, `userId`, `infoFieldName`
/// (`info1`..`info14`), `infoFieldValue`, `filterOn`, `timeregistrationModules`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GetLogs {
    #[serde(flatten)]
    window: ExportWindow,
    #[serde(rename = "exportIdFrom", skip_serializing_if = "Option::is_none")]
    id_from: Option<i64>,
    #[serde(rename = "exportIdTo", skip_serializing_if = "Option::is_none")]
    id_to: Option<i64>,
    #[serde(rename = "locationId", skip_serializing_if = "Option::is_none")]
    location_id: Option<i64>,
    #[serde(rename = "userId", skip_serializing_if = "Option::is_none")]
    user_id: Option<String>,
    #[serde(rename = "infoFieldName", skip_serializing_if = "Option::is_none")]
    info_field_name: Option<String>,
    #[serde(rename = "infoFieldValue", skip_serializing_if = "Option::is_none")]
    info_field_value: Option<String>,
    #[serde(rename = "filterOn", skip_serializing_if = "Option::is_none")]
    filter_on: Option<LogTimeField>,
    #[serde(
        rename = "timeregistrationModules",
        serialize_with = "ser_flag",
        skip_serializing_if = "Option::is_none"
    )]
    time_registration_only: Option<bool>,
}

impl GetLogs {
    fn empty() -> Self {
        Self {
            window: ExportWindow::default(),
            id_from: None,
            id_to: None,
            location_id: None,
            user_id: None,
            info_field_name: None,
            info_field_value: None,
            filter_on: None,
            time_registration_only: None,
        }
    }

    /// Logs registered from `from` up to `to` (zone-less company time). `from` must
    /// not be after `to`.
    pub fn between(from: NaiveDateTime, to: NaiveDateTime) -> Result<Self, ValidationError> {
        let s = Self {
            window: ExportWindow::between(from, to),
            ..Self::empty()
        };
        s.check()?;
        Ok(s)
    }

    /// Logs with `scanID` from `from` to `to`, both included (SOAP `getLogsById`
    /// semantics **\[V\]** D). Ids are positive and `from <= to`.
    pub fn id_range(from: i64, to: i64) -> Result<Self, ValidationError> {
        let s = Self {
            id_from: Some(from),
            id_to: Some(to),
            ..Self::empty()
        };
        s.check()?;
        Ok(s)
    }

    /// Only logs of this location.
    pub fn location_id(mut self, id: i64) -> Self {
        self.location_id = Some(id);
        self
    }

    /// Only logs of this user (EasySecure id or wsAltUserId, as the company is set up).
    pub fn user_id(mut self, id: impl Into<String>) -> Self {
        self.user_id = Some(id.into());
        self
    }

    /// Only logs of users whose info field `n` (1 to 14; another number is
    /// refused before sending) equals `value`.
    pub fn info_field(mut self, n: u8, value: impl Into<String>) -> Self {
        self.info_field_name = Some(format!("info{n}"));
        self.info_field_value = Some(value.into());
        self
    }

    /// Applies the time window to this time (default event time).
    pub fn filter_on(mut self, field: LogTimeField) -> Self {
        self.filter_on = Some(field);
        self
    }

    /// Only time-registration terminals (`timeregistrationModules = 1`).
    pub fn time_registration_only(mut self, yes: bool) -> Self {
        self.time_registration_only = Some(yes);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        match (self.window.from, self.window.to, self.id_from, self.id_to) {
            (Some(_), Some(_), None, None) => self.window.check()?,
            (None, None, Some(a), Some(b)) => {
                if a < 0 || b < 0 {
                    return Err(ValidationError::new("exportIdFrom", "ids are not negative"));
                }
                if a > b {
                    return Err(ValidationError::new(
                        "exportIdFrom",
                        "must not be above exportIdTo",
                    ));
                }
            }
            _ => {
                return Err(ValidationError::new(
                    "filter",
                    "needs either a time window or an id range",
                ));
            }
        }
        if let Some(name) = &self.info_field_name {
            let ok = name
                .strip_prefix("info")
                .and_then(|n| n.parse::<u8>().ok())
                .is_some_and(|n| (1..=14).contains(&n));
            if !ok {
                return Err(ValidationError::new(
                    "infoFieldName",
                    "must be info1 to info14",
                ));
            }
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for GetLogs {
        name: "POST /admins/getLogs",
        method: POST,
        path: "admins/getLogs",
        output: Vec<LogEntry>,
        error: GetLogsError,
        idempotent: true,
        decode: |_, r| decode_list(&r, &["logs", "data", "result"]),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for GetLogs {}

/// `POST /admins/getLogsMinMaxIds` **\[seed\]**: the lowest and highest `scanID`,
/// optionally within a time window. Body `{}` or `{exportTimeFrom, exportTimeTo}`
/// **\[I\]**; answer `{minId, maxId}` **\[I\]** (null when there are no logs).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GetLogsMinMaxIds {
    #[serde(flatten)]
    window: ExportWindow,
}

impl GetLogsMinMaxIds {
    /// Over the whole log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Within a time window (`from <= to`).
    pub fn between(from: NaiveDateTime, to: NaiveDateTime) -> Result<Self, ValidationError> {
        let s = Self {
            window: ExportWindow::between(from, to),
        };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        self.window.check()
    }
}

/// The answer of `getLogsMinMaxIds` **\[I\]**.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct LogIdRange {
    /// The lowest `scanID`, `None` when the log is empty.
    #[serde(
        rename = "minId",
        alias = "min",
        alias = "minID",
        alias = "MinId",
        default,
        deserialize_with = "de::opt_i64"
    )]
    pub min_id: Option<i64>,
    /// The highest `scanID`, `None` when the log is empty.
    #[serde(
        rename = "maxId",
        alias = "max",
        alias = "maxID",
        alias = "MaxId",
        default,
        deserialize_with = "de::opt_i64"
    )]
    pub max_id: Option<i64>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

access_core::endpoint! {
    impl Endpoint for GetLogsMinMaxIds {
        name: "POST /admins/getLogsMinMaxIds",
        method: POST,
        path: "admins/getLogsMinMaxIds",
        output: LogIdRange,
        error: GetLogsMinMaxIdsError,
        idempotent: true,
        decode: |_, r| r.json(),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for GetLogsMinMaxIds {}

/// One registration to add with `setLogs` **\[I\]**: wire names as in `getLogsObject`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewLogEntry {
    #[serde(rename = "wsAltUserId")]
    ws_alt_user_id: WsAltUserId,
    #[serde(rename = "Terminal")]
    terminal: String,
    #[serde(rename = "Time", serialize_with = "ser_datetime")]
    time: Option<NaiveDateTime>,
    #[serde(rename = "TerminalKey", skip_serializing_if = "Option::is_none")]
    terminal_key: Option<TerminalKey>,
    #[serde(
        rename = "Success",
        serialize_with = "ser_flag",
        skip_serializing_if = "Option::is_none"
    )]
    success: Option<bool>,
    #[serde(rename = "LogText", skip_serializing_if = "Option::is_none")]
    log_text: Option<LogText>,
}

impl NewLogEntry {
    /// A registration of a user at a terminal (serial number) at a time.
    pub fn new(
        ws_alt_user_id: WsAltUserId,
        terminal: impl Into<String>,
        time: NaiveDateTime,
    ) -> Result<Self, ValidationError> {
        let terminal = terminal.into();
        non_empty("Terminal", &terminal)?;
        Ok(Self {
            ws_alt_user_id,
            terminal,
            time: Some(time),
            terminal_key: None,
            success: None,
            log_text: None,
        })
    }

    /// Sets the key (IN, OUT, ...).
    pub fn terminal_key(mut self, key: TerminalKey) -> Self {
        self.terminal_key = Some(key);
        self
    }

    /// Sets whether the registration succeeded.
    pub fn success(mut self, ok: bool) -> Self {
        self.success = Some(ok);
        self
    }

    /// Sets the log text.
    pub fn log_text(mut self, text: LogText) -> Self {
        self.log_text = Some(text);
        self
    }
}

/// `POST /admins/setLogs` **\[seed\]**: adds registrations made elsewhere (e.g. by a
/// third-party terminal). Body `{"logs": [...]}` **\[I\]**. Not idempotent: never
/// retried (a replay would double the registrations).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetLogs {
    logs: Vec<NewLogEntry>,
}

impl SetLogs {
    /// At least one entry.
    pub fn new(logs: Vec<NewLogEntry>) -> Result<Self, ValidationError> {
        let s = Self { logs };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.logs.is_empty() {
            return Err(ValidationError::new("logs", "must hold at least one entry"));
        }
        for l in &self.logs {
            non_empty("Terminal", &l.terminal)?;
            non_empty("wsAltUserId", l.ws_alt_user_id.as_str())?;
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for SetLogs {
        name: "POST /admins/setLogs",
        method: POST,
        path: "admins/setLogs",
        output: Ack,
        error: SetLogsError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for SetLogs {}

/// Terminal-log calls of an admin [`Client`]: `admin.logs()`.
#[derive(Debug, Clone, Copy)]
pub struct Logs<'a>(&'a Client<Admin>);

impl Client<Admin> {
    /// Terminal logs (`/admins/getLogs`, `getLogsMinMaxIds`, `setLogs`).
    pub fn logs(&self) -> Logs<'_> {
        Logs(self)
    }
}

/// Where the event export stands: before the id range is known, or at the next
/// window of ids.
#[derive(Debug, Clone, PartialEq)]
enum Window {
    Start(Option<EventCursor>),
    Ids { next: i64, max: i64 },
}

impl<'a> Logs<'a> {
    /// `POST /admins/getLogs`: the logs of a time window or an id range.
    pub async fn get(self, request: GetLogs) -> Result<Vec<LogEntry>, Error<GetLogsError>> {
        self.0.send(&request).await
    }

    /// `POST /admins/getLogsMinMaxIds` over the whole log.
    pub async fn id_range(self) -> Result<LogIdRange, Error<GetLogsMinMaxIdsError>> {
        self.0.send(&GetLogsMinMaxIds::new()).await
    }

    /// `POST /admins/setLogs`: adds registrations made elsewhere.
    pub async fn set(self, logs: Vec<NewLogEntry>) -> Result<Ack, Error<SetLogsError>> {
        self.0.send(&SetLogs::new(logs)?).await
    }

    /// The event export after `cursor` (from the start without one), read through
    /// the [`Pager`]: `getLogsMinMaxIds`, then `getLogs` over windows of
    /// `page_size` ids, one window in memory at a time. Pages are keyed by
    /// `scanID`, so a server answering the same window twice ends the stream with
    /// `Error::Paging`. [`EventLog::events_since`](access_core::traits::EventLog::events_since)
    /// is this with windows of [`EVENT_PAGE_SIZE`](crate::access::EVENT_PAGE_SIZE).
    pub fn events(self, cursor: Option<EventCursor>, page_size: i64) -> EventStream<'a> {
        self.event_pager(cursor, page_size).stream()
    }

    /// The pager behind [`Logs::events`] (to set `max_pages`, say).
    pub fn event_pager(
        self,
        cursor: Option<EventCursor>,
        page_size: i64,
    ) -> Pager<'a, AccessEvent, access_core::AnyError> {
        let client = self.0;
        let width = page_size.max(1);
        Pager::new(Window::Start(cursor), move |at: Window| async move {
            let (next, max) = match at {
                Window::Ids { next, max } => (next, max),
                Window::Start(cursor) => {
                    let after = match &cursor {
                        None => None,
                        Some(c) => Some(c.expect_vendor(VENDOR).and_then(|p| {
                            p.parse::<i64>()
                                .map_err(|_| ValidationError::new("cursor", "must hold a scanID"))
                        })?),
                    };
                    let range = client
                        .send(&GetLogsMinMaxIds::new())
                        .await
                        .map_err(Error::erase)?;
                    let (Some(min), Some(max)) = (range.min_id, range.max_id) else {
                        return Ok(Page::last(Vec::new()));
                    };
                    // Checked: a cursor at `i64::MAX` has nothing after it
                    // (saturating would ask for its own entry again).
                    let next = match after {
                        None => min,
                        Some(a) => match a.checked_add(1) {
                            Some(n) => n.max(min),
                            None => return Ok(Page::last(Vec::new())),
                        },
                    };
                    (next, max)
                }
            };
            if next > max {
                return Ok(Page::last(Vec::new()));
            }
            // Saturating, then capped by `max`: a window near `i64::MAX` ends
            // there, and `to < max` below keeps `to + 1` in range.
            let to = next.saturating_add(width - 1).min(max);
            let mut entries = client
                .send(&GetLogs::id_range(next, to)?)
                .await
                .map_err(Error::erase)?;
            entries.sort_by_key(|e| e.scan_id);
            let events: Vec<AccessEvent> = entries
                .iter()
                .filter(|e| e.scan_id.is_some_and(|id| id >= next && id <= to))
                .filter_map(event_from)
                .collect();
            let following = (to < max).then(|| Window::Ids { next: to + 1, max });
            Ok(Page::new(events, following).keyed(|e: &AccessEvent| e.id.clone()))
        })
    }
}
