//! Lock logs: the audit trail (rights: "browse lock log entries").
//!
//! `POST /LockLogs` answers at most 2000 rows with `TotalCount`; there is no
//! cursor or offset, so [`LockLogs::pager`] splits the time window in halves
//! whenever `TotalCount` exceeds the rows **\[V\]** ENK PublicApiGetLockLogsResult.
//! Both lists here go through `access_core::paging::Pager` (pages keyed by
//! `DeviceLog_ID`, bounded by `Pager::max_pages`).
//! For incremental export, `GetLockLogDataByTimestamp` windows on the
//! server's arrival time (`TimestampUtc`), so logs that reach the server late
//! from offline locks are still caught **\[I\]**; [`LockLogs::audit_trail`] and the
//! [`access_core::traits::EventLog`] implementation use it.

use std::collections::VecDeque;

use access_core::http::Body;
use access_core::paging::{Page, Pager};
use access_core::{Error, ValidationError};
use chrono::{DateTime, Utc};
use futures_util::stream::BoxStream;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::ids::{DeviceLogId, KeyId, LockGroupId, LockId};
use crate::keys::KeyTypeMask;
use crate::macros::{flags, int_enum};

flags! {
    /// `PublicApiDeviceLogData.TypeMask` / `DeviceLogTypeMask` **\[V\]** ENK. An
    /// open set: the doc's own example "12 = successful S50 phone access" does
    /// not fit bit 8's description, so no exhaustive enum.
    pub struct DeviceLogTypeMask(u32) {
        /// Failed access.
        const FAILED_ACCESS = 1;
        /// Lock programmed.
        const LOCK_PROGRAMMED = 2;
        /// Successful access.
        const SUCCESSFUL_ACCESS = 4;
        /// Closing-reminder lock (key holder response needed).
        const CLOSING_REMINDER = 8;
        /// (S10) key accessed lock.
        const S10_KEY_ACCESS = 1024;
        /// 5 Series key accessed lock.
        const FIVE_SERIES_KEY_ACCESS = 2048;
        /// Unknown or empty key.
        const UNKNOWN_KEY = 4096;
        /// Snap-open.
        const SNAP_OPEN = 8192;
        /// Passage from a lock that does not collect logs.
        const PASSAGE_NO_LOG = 16384;
        /// Key programming task.
        const KEY_PROGRAMMING = 32768;
        /// GoingDate not from the real-time clock.
        const NOT_FROM_RTC = 65536;
        /// Transit date incorrect.
        const TRANSIT_DATE_INCORRECT = 131072;
    }
}

flags! {
    /// `LocationInfoMask` of a lock log entry **\[V\]** ENK.
    pub struct LocationInfoMask(u32) {
        /// Acquired.
        const ACQUIRED = 1;
        /// Imprecise.
        const IMPRECISE = 2;
        /// Possible fake GPS.
        const POSSIBLE_FAKE_GPS = 4;
        /// No permission.
        const NO_PERMISSION = 8;
        /// Timeout.
        const TIMEOUT = 16;
        /// Location disabled.
        const DISABLED = 32;
    }
}

/// The row cap of `POST /LockLogs`.
pub const LOCK_LOGS_MAX_ROWS: usize = 2000;

int_enum! {
    /// `LockStateConfirmation.KeyHolderResponse` **\[V\]** ENK.
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

/// One entry of `POST /LockLogs` (`PublicApiDeviceLogData`) **\[V\]** ENK.
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
    #[serde(
        rename = "FLock",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub lock: Option<LogLock>,
    /// `FNKey`.
    #[serde(
        rename = "FNKey",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
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

/// One entry of the `GetLockLogData*` calls (`LockLogData`) **\[V\]** ENK.
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
    #[serde(
        rename = "FNKey_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub key_id: Option<KeyId>,
    /// `LockGroup_ID`.
    #[serde(
        rename = "LockGroup_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
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

/// `POST /api/v2/LockLogs` **\[V\]** ENK: entries of the given locks and/or
/// keys, at most 2000 with `TotalCount`. A read, though POST.
#[derive(Debug, Clone)]
pub struct GetLockLogs {
    filter: LockLogFilter,
}

impl GetLockLogs {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(filter: LockLogFilter) -> Result<Self, ValidationError> {
        let request = Self { filter };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for GetLockLogs {
        name: "POST /api/v2/LockLogs",
        method: POST,
        path: "api/v2/LockLogs",
        output: LockLogsPage,
        error: GetLockLogsError,
        idempotent: true,
        decode: |_, r| r.json(),
        body: |s| Body::json(&s.filter),
        validate: |s| s.filter.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/LockLogs` (iLOQ documents none per endpoint: its general rows).
    pub enum GetLockLogsError {
    }
}

/// `POST /api/v2/LockLogs/GetLockLogDataByTimestamp` **\[V\]** ENK: entries
/// that *arrived* in `[StartDateUtc, EndDateUtc)` (`TimestampUtc`). No
/// row cap is documented.
#[derive(Debug, Clone)]
pub struct GetLockLogDataByTimestamp {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl GetLockLogDataByTimestamp {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, ValidationError> {
        let request = Self { start, end };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for GetLockLogDataByTimestamp {
        name: "POST /api/v2/LockLogs/GetLockLogDataByTimestamp",
        method: POST,
        path: "api/v2/LockLogs/GetLockLogDataByTimestamp",
        output: LockLogDataPage,
        error: GetLockLogDataByTimestampError,
        idempotent: true,
        decode: |_, r| r.json(),
        body: |s| window_body(&s.start, &s.end),
        validate: |s| check_window(s.start, s.end),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/LockLogs/GetLockLogDataByTimestamp` (iLOQ documents none per endpoint: its general rows).
    pub enum GetLockLogDataByTimestampError {
    }
}

/// `POST /api/v2/LockLogs/GetLockLogDataByGoingDates` **\[V\]** ENK: entries
/// whose access time (`GoingDate`) is in `[StartDateUtc, EndDateUtc)`.
#[derive(Debug, Clone)]
pub struct GetLockLogDataByGoingDates {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl GetLockLogDataByGoingDates {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, ValidationError> {
        let request = Self { start, end };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for GetLockLogDataByGoingDates {
        name: "POST /api/v2/LockLogs/GetLockLogDataByGoingDates",
        method: POST,
        path: "api/v2/LockLogs/GetLockLogDataByGoingDates",
        output: LockLogDataPage,
        error: GetLockLogDataByGoingDatesError,
        idempotent: true,
        decode: |_, r| r.json(),
        body: |s| window_body(&s.start, &s.end),
        validate: |s| check_window(s.start, s.end),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/LockLogs/GetLockLogDataByGoingDates` (iLOQ documents none per endpoint: its general rows).
    pub enum GetLockLogDataByGoingDatesError {
    }
}

/// The windows still to read of a [`LockLogs::pager`] listing, oldest first.
type Windows = VecDeque<(DateTime<Utc>, DateTime<Utc>)>;

/// Where a [`LockLogs::audit_pager`] listing stands: the next window's start
/// and the last entry handled.
#[derive(Debug, Clone, PartialEq)]
struct AuditWindow {
    next: DateTime<Utc>,
    after: Option<AuditCursor>,
}

/// Lock log calls of a [`Client`]: `client.lock_logs()`.
#[derive(Debug, Clone, Copy)]
pub struct LockLogs<'a>(&'a Client);

impl Client {
    /// Lock logs, the audit trail (`/api/v2/LockLogs`).
    pub fn lock_logs(&self) -> LockLogs<'_> {
        LockLogs(self)
    }
}

impl<'a> LockLogs<'a> {
    /// One call of `POST /LockLogs` (possibly truncated: see [`LockLogsPage::is_truncated`]).
    pub async fn page(
        self,
        filter: LockLogFilter,
    ) -> Result<LockLogsPage, Error<GetLockLogsError>> {
        self.0.send(&GetLockLogs::new(filter)?).await
    }

    /// Entries that arrived in `[start, end)`.
    pub async fn by_timestamp(
        self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<LockLogDataPage, Error<GetLockLogDataByTimestampError>> {
        self.0
            .send(&GetLockLogDataByTimestamp::new(start, end)?)
            .await
    }

    /// Entries whose access time is in `[start, end)`.
    pub async fn by_going_dates(
        self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<LockLogDataPage, Error<GetLockLogDataByGoingDatesError>> {
        self.0
            .send(&GetLockLogDataByGoingDates::new(start, end)?)
            .await
    }

    /// Every entry matching `filter`, however many, page by page: when
    /// `TotalCount` exceeds the rows of a window, the window is split in two
    /// halves and each is asked again (down to one second; a one-second window
    /// that still overflows is yielded as far as iLOQ answers it, with a
    /// warning). Windows are visited oldest first; memory holds one page. Each
    /// call (a split included) counts as a page of [`Pager::max_pages`], and a
    /// window answered with the rows of the one before ends the listing with
    /// `Error::Paging`.
    pub fn pager(self, filter: LockLogFilter) -> Pager<'a, DeviceLog, GetLockLogsError> {
        let client = self.0.clone();
        let first: Windows = VecDeque::from([(filter.start, filter.end)]);
        Pager::new(first, move |mut windows: Windows| {
            let client = client.clone();
            let filter = filter.clone();
            async move {
                let Some((start, end)) = windows.pop_front() else {
                    return Ok(Page::last(Vec::new()));
                };
                let mut f = filter;
                f.start = start;
                f.end = end;
                let page = client.send(&GetLockLogs::new(f)?).await?;
                if page.is_truncated() && end - start > chrono::Duration::seconds(1) {
                    let mid = start + (end - start) / 2;
                    tracing::debug!(%start, %end, total = page.total_count, "lock log window truncated; splitting");
                    windows.push_front((mid, end));
                    windows.push_front((start, mid));
                    return Ok(Page::new(Vec::new(), Some(windows)));
                }
                if page.is_truncated() {
                    tracing::warn!(%start, %end, total = page.total_count, "lock log window of one second still truncated");
                }
                let next = if windows.is_empty() {
                    None
                } else {
                    Some(windows)
                };
                Ok(Page::new(page.logs, next).keyed(|l: &DeviceLog| l.id))
            }
        })
    }

    /// [`LockLogs::pager`] as a stream of entries.
    pub fn stream(
        self,
        filter: LockLogFilter,
    ) -> BoxStream<'a, Result<DeviceLog, Error<GetLockLogsError>>> {
        self.pager(filter).stream()
    }

    /// Every entry of [`LockLogs::pager`]; the first failure ends the listing.
    pub async fn all(
        self,
        filter: LockLogFilter,
    ) -> Result<Vec<DeviceLog>, Error<GetLockLogsError>> {
        self.pager(filter).all().await
    }

    /// The audit trail from `cursor` (or from `start` when `None`) until now,
    /// page by page: `GetLockLogDataByTimestamp` on windows of `window` over
    /// the server's arrival time, so entries that arrive late from offline
    /// locks are still exported. Entries are yielded sorted by (TimestampUtc,
    /// DeviceLog_ID), each with the cursor to resume after it; one window is a
    /// page of [`Pager::max_pages`].
    ///
    /// "Now" is included: iLOQ's `EndDateUtc` is exclusive **\[V\]** OpenAPI
    /// `GetLockLogDataParam`, so the last window ends one tick (100 ns, the
    /// finest step of iLOQ's date-times) after [`Client::now`], and an entry
    /// that arrived at this very instant (on the simulator: recorded without
    /// moving its clock) is exported. Resuming from the cursor never repeats
    /// it.
    pub fn audit_pager(
        self,
        cursor: Option<AuditCursor>,
        start: DateTime<Utc>,
        window: chrono::Duration,
    ) -> Pager<'static, (LockLogData, AuditCursor), GetLockLogDataByTimestampError> {
        let client = self.0.clone();
        // `EndDateUtc` is exclusive: one tick past now includes now.
        let until = client.now() + chrono::Duration::nanoseconds(100);
        let window = window.max(chrono::Duration::seconds(1));
        let first = AuditWindow {
            next: cursor.as_ref().map(|c| c.timestamp).unwrap_or(start),
            after: cursor,
        };
        Pager::new(first, move |at: AuditWindow| {
            let client = client.clone();
            async move {
                if at.next >= until {
                    return Ok(Page::last(Vec::new()));
                }
                // Checked: a window past chrono's range (`TimeDelta::MAX`) ends
                // at `until`, like any window reaching past it.
                let end = at
                    .next
                    .checked_add_signed(window)
                    .map_or(until, |end| end.min(until));
                let page = client.lock_logs().by_timestamp(at.next, end).await?;
                let mut logs = page.logs;
                logs.sort_by_key(|l| (l.timestamp, l.id));
                let mut after = at.after;
                let mut rows = Vec::with_capacity(logs.len());
                for row in logs {
                    let c = AuditCursor {
                        timestamp: row.timestamp,
                        id: Some(row.id.as_uuid()),
                    };
                    if after.as_ref().is_some_and(|a| !c.is_after(a)) {
                        continue;
                    }
                    after = Some(c.clone());
                    rows.push((row, c));
                }
                let next = (end < until).then_some(AuditWindow { next: end, after });
                Ok(Page::new(rows, next).keyed(|(l, _): &(LockLogData, AuditCursor)| l.id))
            }
        })
    }

    /// [`LockLogs::audit_pager`] as a stream.
    pub fn audit_trail(
        self,
        cursor: Option<AuditCursor>,
        start: DateTime<Utc>,
        window: chrono::Duration,
    ) -> BoxStream<'static, Result<(LockLogData, AuditCursor), Error<GetLockLogDataByTimestampError>>>
    {
        self.audit_pager(cursor, start, window).stream()
    }
}

/// Where an audit trail export stands: the `TimestampUtc` of the last entry
/// handled and its id (entries sharing a timestamp are ordered by id).
/// Text form `2025-05-20T10:00:00.5Z|<guid>`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditCursor {
    /// The arrival time of the last entry handled.
    pub timestamp: DateTime<Utc>,
    /// Its `DeviceLog_ID`.
    pub id: Option<uuid::Uuid>,
}

impl AuditCursor {
    /// A cursor at a time (entries arriving at or after it are exported).
    pub fn at(timestamp: DateTime<Utc>) -> Self {
        Self {
            timestamp,
            id: None,
        }
    }

    fn is_after(&self, other: &AuditCursor) -> bool {
        (self.timestamp, self.id) > (other.timestamp, other.id)
    }

    /// Parses the text form.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new("cursor", "must be '<TimestampUtc>|<DeviceLog_ID>'");
        let (ts, id) = s.split_once('|').unwrap_or((s, ""));
        let timestamp = crate::dates::parse_utc(ts).ok_or_else(bad)?;
        let id = if id.is_empty() {
            None
        } else {
            Some(uuid::Uuid::parse_str(id).map_err(|_| bad())?)
        };
        Ok(Self { timestamp, id })
    }
}

impl std::fmt::Display for AuditCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}|", crate::dates::format_utc(&self.timestamp))?;
        if let Some(id) = self.id {
            write!(f, "{id}")?;
        }
        Ok(())
    }
}
