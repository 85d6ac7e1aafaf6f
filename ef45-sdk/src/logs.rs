//! Logs: the device's event log, keyed by increasing integer ids.

use access_core::ValidationError;
use access_core::http::segment;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::LogError;
use crate::macros::endpoint;
use crate::types::{Page, Paging, UserUuid};

/// The kind of a log entry [seed examples `Recognition`, `UserData`; the full
/// list is not published, other values are kept].
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

/// One log entry [seed example: `{"id":68,"event_type":"Recognition",
/// "timestamp":"2018-05-28T14:26:26Z","user_uuid":"111","info":
/// "Recog/BioOnly/IrisOk","additional_data":"Allowed","matched_faceimage_data":""}`].
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
    #[serde(default)]
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

/// Log order (`order=desc` gives the most recent first) \[seed\].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogOrder {
    /// Oldest first (the device default).
    Asc,
    /// Newest first.
    Desc,
}

/// `GET /1.0/logs?page=&page_size=[&order=desc]` [seed URLs]: the log, paged.
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

endpoint! {
    ListLogs: GET "GET /logs",
    idempotent = true,
    auth = true,
    error = LogError,
    output = Page<LogEntry>,
    path = |_s| "logs",
    query = |s, q| {
        s.paging.push(&mut q);
        q.push_opt("order", s.order.map(|o| match o { LogOrder::Asc => "asc", LogOrder::Desc => "desc" }));
    },
    validate = |s| { s.paging.validate() },
    decode = |_s, r| r.json(),
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

/// `GET /1.0/logs?min={from_id}&max={to_id}` [seed URL]: the entries with ids
/// in `min..=max`.
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

endpoint! {
    LogsInRange: GET "GET /logs?min&max",
    idempotent = true,
    auth = true,
    error = LogError,
    output = Page<LogEntry>,
    path = |_s| "logs",
    query = |s, q| { q.push("min", s.min); q.push("max", s.max); },
    validate = |s| { check_range(s.min, s.max) },
    decode = |_s, r| r.json(),
}

/// `GET /1.0/logs/from/to?page=&page_size=&min=&max=` [seed URL example]: ids
/// `min..=max`, paged. The [`crate::Client`]'s log stream and `EventLog`
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

endpoint! {
    LogsFromTo: GET "GET /logs/from/to",
    idempotent = true,
    auth = true,
    error = LogError,
    output = Page<LogEntry>,
    path = |_s| "logs/from/to",
    query = |s, q| {
        s.paging.push(&mut q);
        q.push("min", s.min);
        q.push("max", s.max);
    },
    validate = |s| { check_range(s.min, s.max)?; s.paging.validate() },
    decode = |_s, r| r.json(),
}

/// `GET /1.0/logs/{id}` [I path; seed `id` "log ID", answer "Retrieved log
/// list"]: one entry. The device may answer a list envelope or the entry.
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

endpoint! {
    GetLog: GET "GET /logs/{id}",
    idempotent = true,
    auth = true,
    error = LogError,
    output = LogEntry,
    path = |s| format!("logs/{}", segment(&s.id.to_string())),
    decode = |_s, r| {
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
