//! Lock logs: the audit trail (rights: "browse lock log entries").
//!
//! `POST /LockLogs` answers at most 2000 rows with `TotalCount`; there is no
//! cursor or offset, so [`LockLogs::stream`] splits the time window in halves
//! whenever `TotalCount` exceeds the rows **\[V\] ENK PublicApiGetLockLogsResult**.
//! For incremental export, `GetLockLogDataByTimestamp` windows on the
//! server's arrival time (`TimestampUtc`), so logs that reach the server late
//! from offline locks are still caught **\[I\]**; the [`access_core::traits::EventLog`]
//! implementation uses it.

use std::collections::VecDeque;

use access_core::http::Body;
use access_core::{Error, ValidationError};
use chrono::{DateTime, Utc};
use futures_core::Stream;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::error::ApiError;
use crate::macros::{endpoint, int_enum};
use crate::types::{
    DeviceLogId, DeviceLogTypeMask, KeyId, KeyTypeMask, LocationInfoMask, LockGroupId, LockId,
};

/// The row cap of `POST /LockLogs`.
pub const LOCK_LOGS_MAX_ROWS: usize = 2000;

int_enum! {
    /// `LockStateConfirmation.KeyHolderResponse` **\[V\] ENK**.
    pub enum KeyHolderResponse {
        /// Pending.
        Pending = 0 => "pending",
        /// Opened.
        Opened = 1 => "opened",
        /// Closed.
        Closed = 2 => "closed",
        /// No response.
        NoResponse = 3 => "no response",
    }
}

/// The lock of a log entry (`FLock` in `PublicApiDeviceLogData`; note `FlockId`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogLock {
    /// `FlockId`.
    #[serde(rename = "FlockId")]
    pub id: LockId,
    /// `LockingObject`.
    #[serde(rename = "LockingObject", default)]
    pub locking_object: Option<String>,
    /// `LocationCode`.
    #[serde(rename = "LocationCode", default)]
    pub location_code: Option<String>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The key of a log entry (`FNKey`; note `FNKeyId`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogKey {
    /// `FNKeyId`.
    #[serde(rename = "FNKeyId")]
    pub id: KeyId,
    /// `KeyTypeMask`.
    #[serde(rename = "KeyTypeMask", default)]
    pub key_type: KeyTypeMask,
    /// `PersonName`: first and last name as plain text (ES: names in imported logs don't change later).
    #[serde(rename = "PersonName", default)]
    pub person_name: Option<String>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One entry of `POST /LockLogs` (`PublicApiDeviceLogData`) **\[V\] ENK**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeviceLog {
    /// `DeviceLog_ID`.
    #[serde(rename = "DeviceLog_ID")]
    pub id: DeviceLogId,
    /// `TypeMask`.
    #[serde(rename = "TypeMask", default)]
    pub type_mask: DeviceLogTypeMask,
    /// `GoingDateUtc`: the access time.
    #[serde(rename = "GoingDateUtc", default, with = "crate::dates::utc_opt")]
    pub going_date: Option<DateTime<Utc>>,
    /// `ErrCode`.
    #[serde(rename = "ErrCode", default)]
    pub error_code: i64,
    /// `ErrorDescription`.
    #[serde(rename = "ErrorDescription", default)]
    pub error_description: Option<String>,
    /// `LocationInfoMask`.
    #[serde(rename = "LocationInfoMask", default)]
    pub location_info: LocationInfoMask,
    /// `FLock`.
    #[serde(rename = "FLock", default)]
    pub lock: Option<LogLock>,
    /// `FNKey`.
    #[serde(rename = "FNKey", default)]
    pub key: Option<LogKey>,
    /// Other fields (`LocationData`, `LockStateConfirmation`, `ProgrammingInfo`).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The answer of `POST /LockLogs` (`PublicApiGetLockLogsResult`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockLogsPage {
    /// `LockLogs`: at most 2000.
    #[serde(rename = "LockLogs", default)]
    pub logs: Vec<DeviceLog>,
    /// `TotalCount`: how many match; more than `logs.len()` means truncated.
    #[serde(rename = "TotalCount", default)]
    pub total_count: u64,
}

impl LockLogsPage {
    /// Whether iLOQ left rows out (narrow the window).
    pub fn is_truncated(&self) -> bool {
        (self.logs.len() as u64) < self.total_count
    }
}

/// The filter of `POST /LockLogs` (`GetLockLogsParam`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LockLogFilter {
    /// `FLockIds`.
    #[serde(rename = "FLockIds")]
    pub lock_ids: Vec<LockId>,
    /// `FNKeyIds`.
    #[serde(rename = "FNKeyIds")]
    pub key_ids: Vec<KeyId>,
    /// `GoingStartDateUtc`.
    #[serde(rename = "GoingStartDateUtc", with = "crate::dates::utc")]
    pub start: DateTime<Utc>,
    /// `GoingEndDateUtc`.
    #[serde(rename = "GoingEndDateUtc", with = "crate::dates::utc")]
    pub end: DateTime<Utc>,
    /// `TypeMask` (omitted when `None`).
    #[serde(rename = "TypeMask", skip_serializing_if = "Option::is_none")]
    pub type_mask: Option<DeviceLogTypeMask>,
}

impl LockLogFilter {
    /// A filter on locks and/or keys (at least one id) between `start` and `end`.
    pub fn new(
        lock_ids: Vec<LockId>,
        key_ids: Vec<KeyId>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Self, ValidationError> {
        let f = Self {
            lock_ids,
            key_ids,
            start,
            end,
            type_mask: None,
        };
        f.check()?;
        Ok(f)
    }

    /// Only entries of these types.
    pub fn type_mask(mut self, mask: DeviceLogTypeMask) -> Self {
        self.type_mask = Some(mask);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.lock_ids.is_empty() && self.key_ids.is_empty() {
            return Err(ValidationError::new(
                "FLockIds",
                "at least one of FLockIds or FNKeyIds is required",
            ));
        }
        check_window(self.start, self.end)
    }
}

fn check_window(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<(), ValidationError> {
    if start >= end {
        return Err(ValidationError::new(
            "StartDateUtc",
            "must be before the end",
        ));
    }
    Ok(())
}

/// One entry of the `GetLockLogData*` calls (`LockLogData`) **\[V\] ENK**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockLogData {
    /// `DeviceLog_ID`.
    #[serde(rename = "DeviceLog_ID")]
    pub id: DeviceLogId,
    /// `FLock_ID`.
    #[serde(rename = "FLock_ID")]
    pub lock_id: LockId,
    /// `FNKey_ID`.
    #[serde(rename = "FNKey_ID", default)]
    pub key_id: Option<KeyId>,
    /// `LockGroup_ID`.
    #[serde(rename = "LockGroup_ID", default)]
    pub lock_group_id: Option<LockGroupId>,
    /// `AccessTypeMask`.
    #[serde(rename = "AccessTypeMask", default)]
    pub access_type: DeviceLogTypeMask,
    /// `ErrorCode`: 0 = no error.
    #[serde(rename = "ErrorCode", default)]
    pub error_code: i64,
    /// `ErrorDescription`.
    #[serde(rename = "ErrorDescription", default)]
    pub error_description: Option<String>,
    /// `GoingDate`: the access time (UTC).
    #[serde(rename = "GoingDate", default, with = "crate::dates::utc_opt")]
    pub going_date: Option<DateTime<Utc>>,
    /// `ReadingDate`.
    #[serde(rename = "ReadingDate", default, with = "crate::dates::utc_opt")]
    pub reading_date: Option<DateTime<Utc>>,
    /// `TimestampUtc`: when the entry arrived in iLOQ's database.
    #[serde(rename = "TimestampUtc", with = "crate::dates::utc")]
    pub timestamp: DateTime<Utc>,
    /// `KeyId`.
    #[serde(rename = "KeyId", default)]
    pub key_number: i64,
    /// `LockingObject`.
    #[serde(rename = "LockingObject", default)]
    pub locking_object: Option<String>,
    /// `LocationCode`.
    #[serde(rename = "LocationCode", default)]
    pub location_code: Option<String>,
    /// Other fields (`GoingCounter`, deprecated `FLockLogFNKey_ID`).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The answer of the `GetLockLogData*` calls (`GetLockLogDataResult`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockLogDataPage {
    /// `StartDateUtc`.
    #[serde(rename = "StartDateUtc", default, with = "crate::dates::utc_opt")]
    pub start: Option<DateTime<Utc>>,
    /// `EndDateUtc`.
    #[serde(rename = "EndDateUtc", default, with = "crate::dates::utc_opt")]
    pub end: Option<DateTime<Utc>>,
    /// `LockLogs`.
    #[serde(rename = "LockLogs", default)]
    pub logs: Vec<LockLogData>,
}

fn window_body(start: &DateTime<Utc>, end: &DateTime<Utc>) -> Result<Body, ValidationError> {
    Body::json(&serde_json::json!({
        "StartDateUtc": crate::dates::format_utc(start),
        "EndDateUtc": crate::dates::format_utc(end),
    }))
}

endpoint! {
    /// `POST /api/v2/LockLogs` **\[V\] ENK**: entries of the given locks and/or
    /// keys, at most 2000 with `TotalCount`. A read, though POST.
    pub struct GetLockLogs { /// The filter.
        filter: LockLogFilter }
    POST "POST /api/v2/LockLogs";
    path(_s) { "api/v2/LockLogs".to_string() }
    body(s) { Body::json(&s.filter) }
    validate(s) { s.filter.check() }
    output LockLogsPage = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `POST /api/v2/LockLogs/GetLockLogDataByTimestamp` **\[V\] ENK**: entries
    /// that *arrived* in `[StartDateUtc, EndDateUtc)` (`TimestampUtc`). No
    /// row cap is documented.
    pub struct GetLockLogDataByTimestamp { /// Inclusive start.
        start: DateTime<Utc>, /// Exclusive end.
        end: DateTime<Utc> }
    POST "POST /api/v2/LockLogs/GetLockLogDataByTimestamp";
    path(_s) { "api/v2/LockLogs/GetLockLogDataByTimestamp".to_string() }
    body(s) { window_body(&s.start, &s.end) }
    validate(s) { check_window(s.start, s.end) }
    output LockLogDataPage = decode::json;
    error ApiError;
    idempotent true;
}

endpoint! {
    /// `POST /api/v2/LockLogs/GetLockLogDataByGoingDates` **\[V\] ENK**: entries
    /// whose access time (`GoingDate`) is in `[StartDateUtc, EndDateUtc)`.
    pub struct GetLockLogDataByGoingDates { /// Inclusive start.
        start: DateTime<Utc>, /// Exclusive end.
        end: DateTime<Utc> }
    POST "POST /api/v2/LockLogs/GetLockLogDataByGoingDates";
    path(_s) { "api/v2/LockLogs/GetLockLogDataByGoingDates".to_string() }
    body(s) { window_body(&s.start, &s.end) }
    validate(s) { check_window(s.start, s.end) }
    output LockLogDataPage = decode::json;
    error ApiError;
    idempotent true;
}

/// Lock log calls of a [`Client`].
#[derive(Debug, Clone, Copy)]
pub struct LockLogs<'a>(pub(crate) &'a Client);

impl Client {
    /// Lock logs (the audit trail).
    pub fn lock_logs(&self) -> LockLogs<'_> {
        LockLogs(self)
    }
}

impl<'a> LockLogs<'a> {
    /// One call of `POST /LockLogs` (possibly truncated: see [`LockLogsPage::is_truncated`]).
    pub async fn page(&self, filter: LockLogFilter) -> Result<LockLogsPage, Error<ApiError>> {
        self.0.send(&GetLockLogs::new(filter)?).await
    }

    /// Entries that arrived in `[start, end)`.
    pub async fn by_timestamp(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<LockLogDataPage, Error<ApiError>> {
        self.0
            .send(&GetLockLogDataByTimestamp::new(start, end)?)
            .await
    }

    /// Entries whose access time is in `[start, end)`.
    pub async fn by_going_dates(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<LockLogDataPage, Error<ApiError>> {
        self.0
            .send(&GetLockLogDataByGoingDates::new(start, end)?)
            .await
    }

    /// Every entry matching `filter`, however many: when `TotalCount` exceeds
    /// the rows of a window, the window is split in two halves and each is
    /// asked again (down to one second; a one-second window that still
    /// overflows is yielded as far as iLOQ answers it, with a warning).
    /// Windows are visited oldest first; memory holds one page.
    pub fn stream(
        &self,
        filter: LockLogFilter,
    ) -> impl Stream<Item = Result<DeviceLog, Error<ApiError>>> + Send + 'a {
        let client = self.0.clone();
        let windows = VecDeque::from([(filter.start, filter.end)]);
        struct St {
            client: Client,
            filter: LockLogFilter,
            windows: VecDeque<(DateTime<Utc>, DateTime<Utc>)>,
            rows: std::vec::IntoIter<DeviceLog>,
            failed: bool,
        }
        let st = St {
            client,
            filter,
            windows,
            rows: Vec::new().into_iter(),
            failed: false,
        };
        futures_util::stream::unfold(st, |mut st| async move {
            loop {
                if let Some(row) = st.rows.next() {
                    return Some((Ok(row), st));
                }
                if st.failed {
                    return None;
                }
                let (start, end) = st.windows.pop_front()?;
                let mut f = st.filter.clone();
                f.start = start;
                f.end = end;
                let page = match GetLockLogs::new(f) {
                    Ok(req) => st.client.send(&req).await,
                    Err(e) => Err(e.into()),
                };
                match page {
                    Err(e) => {
                        st.failed = true;
                        return Some((Err(e), st));
                    }
                    Ok(page)
                        if page.is_truncated() && end - start > chrono::Duration::seconds(1) =>
                    {
                        let mid = start + (end - start) / 2;
                        tracing::debug!(%start, %end, total = page.total_count, "lock log window truncated; splitting");
                        st.windows.push_front((mid, end));
                        st.windows.push_front((start, mid));
                    }
                    Ok(page) => {
                        if page.is_truncated() {
                            tracing::warn!(%start, %end, total = page.total_count, "lock log window of one second still truncated");
                        }
                        st.rows = page.logs.into_iter();
                    }
                }
            }
        })
    }
}
