//! Logs: the device's event log, keyed by increasing integer ids.

use access_core::http::{Query, segment};
use access_core::paging::Pager;
use access_core::{Error, ValidationError};
use futures_util::stream::BoxStream;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::ids::UserUuid;
use crate::model::{Page, Paging, pager};

/// The kind of a log entry **\[seed\]** examples `Recognition`, `UserData`; the full
/// list is not published, other values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventType {
    /// `Recognition`: someone presented at the device.
    Recognition,
    /// `UserData`: the user tables changed.
    UserData,
    /// Any other type, as sent.
    Unknown(String),
}

impl EventType {
    /// The wire text.
    pub fn as_str(&self) -> &str {
        match self {
            EventType::Recognition => "Recognition",
            EventType::UserData => "UserData",
            EventType::Unknown(s) => s,
        }
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.as_str() {
            "Recognition" => EventType::Recognition,
            "UserData" => EventType::UserData,
            _ => EventType::Unknown(s),
        })
    }
}

/// One log entry **\[seed\]** example: `{"id":68,"event_type":"Recognition",
/// "timestamp":"2018-05-28T14:26:26Z","user_uuid":"111","info":
/// "Recog/BioOnly/IrisOk","additional_data":"Allowed","matched_faceimage_data":""}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogEntry {
    /// The log id (increasing).
    pub id: i64,
    /// The kind.
    pub event_type: EventType,
    /// When (`2018-05-28T14:26:26Z`).
    #[serde(default)]
    pub timestamp: Option<String>,
    /// The user concerned.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub user_uuid: Option<UserUuid>,
    /// What happened, e.g. `Recog/BioOnly/IrisOk`, `DeleteUsers`.
    #[serde(default)]
    pub info: Option<String>,
    /// The outcome, e.g. `Allowed`, `Success`.
    #[serde(default)]
    pub additional_data: Option<String>,
    /// The matched face image (base64; often empty).
    #[serde(default)]
    pub matched_faceimage_data: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LogEntry {
    /// An entry (the simulator builds these).
    pub fn new(id: i64, event_type: EventType) -> Self {
        Self {
            id,
            event_type,
            timestamp: None,
            user_uuid: None,
            info: None,
            additional_data: None,
            matched_faceimage_data: Some(String::new()),
            extra: Map::new(),
        }
    }

    /// The timestamp parsed as UTC (lenient: RFC 3339, or without zone).
    pub fn occurred_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let t = self.timestamp.as_deref()?.trim();
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| d.with_timezone(&chrono::Utc))
            .ok()
            .or_else(|| {
                ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
                    .iter()
                    .find_map(|f| chrono::NaiveDateTime::parse_from_str(t, f).ok())
                    .map(|n| n.and_utc())
            })
    }
}

/// Log order (`order=desc` gives the most recent first) **\[seed\]**.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogOrder {
    /// Oldest first (the device default).
    Asc,
    /// Newest first.
    Desc,
}

impl LogOrder {
    /// The wire text (`asc`, `desc`).
    pub fn as_str(self) -> &'static str {
        match self {
            LogOrder::Asc => "asc",
            LogOrder::Desc => "desc",
        }
    }
}

/// `GET /1.0/logs?page=&page_size=[&order=desc]` **\[seed\]** URLs: the log, paged.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ListLogs {
    paging: Paging,
    order: Option<LogOrder>,
}

impl ListLogs {
    /// The log with `paging`.
    pub fn new(paging: Paging) -> Self {
        Self {
            paging,
            order: None,
        }
    }

    /// Sets the order.
    pub fn order(mut self, order: LogOrder) -> Self {
        self.order = Some(order);
        self
    }
}

access_core::endpoint! {
    impl Endpoint for ListLogs {
        name: "GET /logs",
        method: GET,
        path: "logs",
        output: Page<LogEntry>,
        error: ListLogsError,
        idempotent: true,
        decode: |_s, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            s.paging.push(&mut q);
            q.push_opt("order", s.order.map(LogOrder::as_str));
            q
        },
        validate: |s| s.paging.validate(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /logs` (see [`crate::error`] for how they are read).
    pub enum ListLogsError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

fn check_range(min: i64, max: i64) -> Result<(), ValidationError> {
    if min < 0 || max < min {
        return Err(ValidationError::new(
            "min/max",
            "must satisfy 0 <= min <= max (device code -803 otherwise)",
        ));
    }
    Ok(())
}

/// `GET /1.0/logs?min={from_id}&max={to_id}` **\[seed\]** URL: the entries with ids
/// in `min..=max`. The seed's parameter block names the range `from_id`/`to_id`;
/// its URL examples (`&min=68&max=74`) name the query parameters `min`/`max`, and
/// those are what a device parses, so the SDK sends `min`/`max`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LogsInRange {
    min: i64,
    max: i64,
}

impl LogsInRange {
    /// Ids `min..=max`.
    pub fn new(min: i64, max: i64) -> Result<Self, ValidationError> {
        check_range(min, max)?;
        Ok(Self { min, max })
    }
}

access_core::endpoint! {
    impl Endpoint for LogsInRange {
        name: "GET /logs?min&max",
        method: GET,
        path: "logs",
        output: Page<LogEntry>,
        error: LogsInRangeError,
        idempotent: true,
        decode: |_s, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            q.push("min", s.min);
            q.push("max", s.max);
            q
        },
        validate: |s| check_range(s.min, s.max),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /logs?min&max` (see [`crate::error`] for how they are read).
    pub enum LogsInRangeError {
        /// The range was refused **\[I\]** 400 (the device code -803 among others).
        InvalidRange = (400, any) => InvalidInput,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `GET /1.0/logs/from/to?page=&page_size=&min=&max=` **\[seed\]** URL example: ids
/// `min..=max`, paged (`min`/`max` as in the URL example, not the parameter block's
/// `from_id`/`to_id`, as for [`LogsInRange`]). The [`crate::Client`]'s log stream and `EventLog`
/// cursor use this.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LogsFromTo {
    min: i64,
    max: i64,
    paging: Paging,
}

impl LogsFromTo {
    /// Ids `min..=max`, one page.
    pub fn new(min: i64, max: i64, paging: Paging) -> Result<Self, ValidationError> {
        check_range(min, max)?;
        paging.validate()?;
        Ok(Self { min, max, paging })
    }
}

access_core::endpoint! {
    impl Endpoint for LogsFromTo {
        name: "GET /logs/from/to",
        method: GET,
        path: "logs/from/to",
        output: Page<LogEntry>,
        error: LogsFromToError,
        idempotent: true,
        decode: |_s, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            s.paging.push(&mut q);
            q.push("min", s.min);
            q.push("max", s.max);
            q
        },
        validate: |s| { check_range(s.min, s.max)?; s.paging.validate() },
    }
}

crate::error::device_errors! {
    /// Failures of `GET /logs/from/to` (see [`crate::error`] for how they are read).
    pub enum LogsFromToError {
        /// The range was refused **\[I\]** 400 (the device code -803 among others).
        InvalidRange = (400, any) => InvalidInput,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `GET /1.0/logs/{id}` **\[I\]** path; **\[seed\]** `id` "log ID", answer "Retrieved log
/// list": one entry. The device may answer a list envelope or the entry.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GetLog {
    id: i64,
}

impl GetLog {
    /// Entry `id`.
    pub fn new(id: i64) -> Result<Self, ValidationError> {
        if id < 0 {
            return Err(ValidationError::new("id", "must not be negative"));
        }
        Ok(Self { id })
    }
}

access_core::endpoint! {
    impl Endpoint for GetLog {
        name: "GET /logs/{id}",
        method: GET,
        path: |s| format!("logs/{}", segment(&s.id.to_string())),
        output: LogEntry,
        error: GetLogError,
        idempotent: true,
        decode: |_s, r| {
            let v: Value = r.json()?;
            let entry = match v.get("items").and_then(Value::as_array) {
                Some(items) => items.first().cloned().ok_or_else(|| {
                    access_core::DecodeError::new(r.status, "items", "the list is empty", &r.body)
                })?,
                None => v,
            };
            let bytes = serde_json::to_vec(&entry).unwrap_or_default();
            access_core::http::decode_json(r.status, &bytes)
        },
    }
}

crate::error::device_errors! {
    /// Failures of `GET /logs/{id}` (see [`crate::error`] for how they are read).
    pub enum GetLogError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// The upper bound [`Logs::since_pager`] asks `GET /logs/from/to` for: the
/// largest 32-bit id, which the device's log ids stay below **\[I\]**.
const SINCE_MAX_ID: i64 = i32::MAX as i64;

/// Log calls of a [`Client`]: `client.logs()`.
#[derive(Debug, Clone, Copy)]
pub struct Logs<'a>(&'a Client);

impl Client {
    /// The event log (`/logs`).
    pub fn logs(&self) -> Logs<'_> {
        Logs(self)
    }
}

impl<'a> Logs<'a> {
    /// `GET /logs`: one page of the log (order and paging as the request says).
    pub async fn page(self, request: ListLogs) -> Result<Page<LogEntry>, Error<ListLogsError>> {
        self.0.send(&request).await
    }

    /// The whole log, oldest first, `page_size` entries a request, through the
    /// bounded [`Pager`] (pages keyed by log id).
    pub fn pager(self, page_size: u32) -> Pager<'a, LogEntry, ListLogsError> {
        let client = self.0;
        pager(
            page_size,
            |e: &LogEntry| e.id,
            move |p| async move { client.send(&ListLogs::new(p)).await },
        )
    }

    /// The whole log as a stream (`pager(page_size).stream()`).
    pub fn stream(self, page_size: u32) -> BoxStream<'a, Result<LogEntry, Error<ListLogsError>>> {
        self.pager(page_size).stream()
    }

    /// The whole log (`pager(page_size).all()`).
    pub async fn all(self, page_size: u32) -> Result<Vec<LogEntry>, Error<ListLogsError>> {
        self.pager(page_size).all().await
    }

    /// Entries with ids greater than `after` (all when `None`), oldest first,
    /// paged with `GET /logs/from/to` through the bounded [`Pager`] (pages
    /// keyed by log id).
    pub fn since_pager(
        self,
        after: Option<i64>,
        page_size: u32,
    ) -> Pager<'a, LogEntry, LogsFromToError> {
        let client = self.0;
        // The range is asked up to `SINCE_MAX_ID`; a cursor at or past it (a log
        // id is a device's number, up to `i64::MAX`) has nothing after it: an
        // empty listing, without a request, rather than a range refused as
        // `min > max` or an addition that overflows.
        let min = match after {
            None => Some(0),
            Some(a) => a.checked_add(1).filter(|m| *m <= SINCE_MAX_ID),
        }
        .map(|m| m.max(0));
        pager(
            page_size,
            |e: &LogEntry| e.id,
            move |p| async move {
                let Some(min) = min else {
                    return Ok(Page::new(Vec::new(), p.page, p.page_size, false, 0));
                };
                let request = LogsFromTo::new(min, SINCE_MAX_ID, p)?;
                client.send(&request).await
            },
        )
    }

    /// [`Logs::since_pager`] as a stream.
    pub fn since(
        self,
        after: Option<i64>,
        page_size: u32,
    ) -> BoxStream<'a, Result<LogEntry, Error<LogsFromToError>>> {
        self.since_pager(after, page_size).stream()
    }

    /// Every entry of [`Logs::since_pager`].
    pub async fn all_since(
        self,
        after: Option<i64>,
        page_size: u32,
    ) -> Result<Vec<LogEntry>, Error<LogsFromToError>> {
        self.since_pager(after, page_size).all().await
    }

    /// `GET /logs?min&max`: the entries with ids in `min..=max`.
    pub async fn range(
        self,
        min: i64,
        max: i64,
    ) -> Result<Page<LogEntry>, Error<LogsInRangeError>> {
        self.0.send(&LogsInRange::new(min, max)?).await
    }

    /// `GET /logs/{id}`: one entry.
    pub async fn get(self, id: i64) -> Result<LogEntry, Error<GetLogError>> {
        self.0.send(&GetLog::new(id)?).await
    }
}
