//! Time profiles (`TimeLimitTitles`) and a key's time-limit slots.
//!
//! Times are milliseconds from midnight in the **locking system's local time**
//! (see `LockGroup::time_zone`) and must be whole multiples of 15 minutes
//! (`CanAddTimeLimit` 7) **\[V\]** ENK README "Time limits". Slot 0 is the start
//! date, slot 1 the end date, 2 and up time profiles; keys have 10 to 23 slots.
//! EasySecure does not use time profiles yet **\[V\]** ES.

use access_core::http::{Body, Query, segment};
use access_core::{Error, ValidationError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::ids::{KeyId, TimeLimitTitleId};
use crate::macros::int_enum;
use crate::security_accesses::AccessMode;

/// Fifteen minutes in milliseconds: the step of every time limit.
pub const STEP_MS: u32 = 15 * 60 * 1000;
const DAY_MS: u32 = 24 * 60 * 60 * 1000;

int_enum! {
    /// The answer of `POST /Keys/{id}/TimeLimitTitles/CanAdd` (CanAddTimeLimit,
    /// values 0 to 17 in ENK; only those named here are described in the
    /// sources, the rest are kept as `Unknown`) **\[V\]** ENK.
    pub enum CanAddTimeLimit {
        /// OK.
        Ok = 0 => "OK",
        /// Times must be divisible by 15 minutes.
        NotQuarterHour = 7 => "times must be divisible by 15 minutes",
        /// The key is blocklisted.
        Blocklisted = 15 => "key is blocklisted",
    }
}

/// One weekly period of a time profile (`TimeLimitData`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeLimitPeriod {
    /// `WeekDayMask`: Monday = 1, Tuesday = 2, ... Sunday = 64; 31 = Monday to Friday.
    #[serde(rename = "WeekDayMask")]
    pub weekdays: u8,
    /// `StartTimeMS`: from local midnight.
    #[serde(rename = "StartTimeMS")]
    pub start_ms: u32,
    /// `EndTimeMS`: from local midnight.
    #[serde(rename = "EndTimeMS")]
    pub end_ms: u32,
}

impl TimeLimitPeriod {
    /// Monday to Friday (`WeekDayMask` 31).
    pub const WEEKDAYS: u8 = 31;

    /// A period on `weekdays` from `start` to `end` given as (hour, minute) in
    /// local time; minutes must be 0, 15, 30 or 45 and start before end.
    pub fn new(weekdays: u8, start: (u32, u32), end: (u32, u32)) -> Result<Self, ValidationError> {
        // Checked: hours and minutes far outside the day are refused, not wrapped.
        let ms = |(h, m): (u32, u32)| {
            h.checked_mul(60)
                .and_then(|v| v.checked_add(m))
                .and_then(|v| v.checked_mul(60 * 1000))
        };
        let (Some(start_ms), Some(end_ms)) = (ms(start), ms(end)) else {
            return Err(ValidationError::new(
                "StartTimeMS",
                "hours and minutes must be within the day (0..=86400000 ms)",
            ));
        };
        let p = Self {
            weekdays,
            start_ms,
            end_ms,
        };
        p.check()?;
        Ok(p)
    }

    /// Checks the 15-minute steps and bounds.
    pub fn check(&self) -> Result<(), ValidationError> {
        if self.weekdays == 0 || self.weekdays > 127 {
            return Err(ValidationError::new(
                "WeekDayMask",
                "must name at least one day (1..=127)",
            ));
        }
        for (field, v) in [("StartTimeMS", self.start_ms), ("EndTimeMS", self.end_ms)] {
            if v % STEP_MS != 0 {
                return Err(ValidationError::new(
                    field,
                    "must be a multiple of 15 minutes (900000 ms)",
                ));
            }
            if v > DAY_MS {
                return Err(ValidationError::new(
                    field,
                    "must be within the day (0..=86400000 ms)",
                ));
            }
        }
        if self.start_ms >= self.end_ms {
            return Err(ValidationError::new(
                "StartTimeMS",
                "must be before EndTimeMS",
            ));
        }
        Ok(())
    }
}

/// A key's time-limit slot (`KeyTimeLimitSlot`) **\[V\]** ENK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyTimeLimitSlot {
    /// `SlotNo`: 0 start date, 1 end date, 2+ time profile.
    #[serde(rename = "SlotNo")]
    pub slot: u32,
    /// `LimitDateLg`: the start or end date (local time).
    #[serde(rename = "LimitDateLg", default, with = "crate::dates::local_opt")]
    pub limit_date: Option<NaiveDateTime>,
    /// `TimeLimitTitle_ID`.
    #[serde(
        rename = "TimeLimitTitle_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub time_limit_title_id: Option<TimeLimitTitleId>,
    /// `TimeLimitTitleStartDateLg`.
    #[serde(
        rename = "TimeLimitTitleStartDateLg",
        default,
        with = "crate::dates::local_opt"
    )]
    pub title_start: Option<NaiveDateTime>,
    /// `TimeLimitTitleEndDateLg`.
    #[serde(
        rename = "TimeLimitTitleEndDateLg",
        default,
        with = "crate::dates::local_opt"
    )]
    pub title_end: Option<NaiveDateTime>,
    /// `TimeLimitData`.
    #[serde(rename = "TimeLimitData", default)]
    pub periods: Vec<TimeLimitPeriod>,
    /// `TimeZone_ID`.
    #[serde(rename = "TimeZone_ID", default)]
    pub time_zone: Option<String>,
}

impl KeyTimeLimitSlot {
    /// Slot 0: the key is valid from `date` (local time, whole quarter hours).
    pub fn start_date(date: NaiveDateTime) -> Result<Self, ValidationError> {
        Self::date_slot(0, date)
    }

    /// Slot 1: the key is valid until `date` (T4E uses `9999-01-01T00:00:00` for "no end").
    pub fn end_date(date: NaiveDateTime) -> Result<Self, ValidationError> {
        Self::date_slot(1, date)
    }

    /// A time-profile slot (2 and up) with weekly periods.
    pub fn profile(slot: u32, periods: Vec<TimeLimitPeriod>) -> Result<Self, ValidationError> {
        if slot < 2 {
            return Err(ValidationError::new(
                "SlotNo",
                "time profiles use slots 2 and up",
            ));
        }
        let s = Self {
            periods,
            ..Self::empty(slot)
        };
        s.check()?;
        Ok(s)
    }

    fn empty(slot: u32) -> Self {
        Self {
            slot,
            limit_date: None,
            time_limit_title_id: None,
            title_start: None,
            title_end: None,
            periods: Vec::new(),
            time_zone: None,
        }
    }

    fn date_slot(slot: u32, date: NaiveDateTime) -> Result<Self, ValidationError> {
        let s = Self {
            limit_date: Some(date),
            ..Self::empty(slot)
        };
        s.check()?;
        Ok(s)
    }

    /// Checks slot numbers and the 15-minute steps.
    pub fn check(&self) -> Result<(), ValidationError> {
        if self.slot > 22 {
            return Err(ValidationError::new(
                "SlotNo",
                "keys have at most 23 slots (0..=22)",
            ));
        }
        for d in [self.limit_date, self.title_start, self.title_end]
            .into_iter()
            .flatten()
        {
            use chrono::Timelike;
            if d.minute() % 15 != 0 || d.second() != 0 || d.nanosecond() != 0 {
                return Err(ValidationError::new(
                    "LimitDateLg",
                    "must be on a 15-minute step",
                ));
            }
        }
        for p in &self.periods {
            p.check()?;
        }
        Ok(())
    }
}

/// A time profile (`TimeLimitTitle`) **\[V\]** ENK; fields besides id and name **\[I\]**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeLimitTitle {
    /// `TimeLimitTitle_ID`.
    #[serde(rename = "TimeLimitTitle_ID")]
    pub id: TimeLimitTitleId,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `GET /api/v2/TimeLimitTitles` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct ListTimeLimitTitles {}

impl ListTimeLimitTitles {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListTimeLimitTitles {
        name: "GET /api/v2/TimeLimitTitles",
        method: GET,
        path: "api/v2/TimeLimitTitles",
        output: Vec<TimeLimitTitle>,
        error: ListTimeLimitTitlesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/TimeLimitTitles` (iLOQ documents none per endpoint: its general rows).
    pub enum ListTimeLimitTitlesError {
    }
}

/// `GET /api/v2/TimeLimitTitles/{id}` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct GetTimeLimitTitle {
    id: TimeLimitTitleId,
}

impl GetTimeLimitTitle {
    /// The request with its required parameters.
    pub fn new(id: TimeLimitTitleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetTimeLimitTitle {
        name: "GET /api/v2/TimeLimitTitles/{id}",
        method: GET,
        path: |s| format!("api/v2/TimeLimitTitles/{}", segment(&s.id.to_string())),
        output: TimeLimitTitle,
        error: GetTimeLimitTitleError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/TimeLimitTitles/{id}` (its documented row and iLOQ's general rows).
    pub enum GetTimeLimitTitleError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404; T4E treats it as not found) **\[V\]** T4E.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Keys/{id}/TimeLimitTitles?mode=1|2` **\[V\]** ENK: the key's
/// time profiles (`GetTimeLimitsResult`, kept as JSON: its shape is not in the sources).
#[derive(Debug, Clone)]
pub struct GetKeyTimeLimits {
    id: KeyId,
    mode: AccessMode,
}

impl GetKeyTimeLimits {
    /// The request with its required parameters.
    pub fn new(id: KeyId, mode: AccessMode) -> Self {
        Self { id, mode }
    }
}

access_core::endpoint! {
    impl Endpoint for GetKeyTimeLimits {
        name: "GET /api/v2/Keys/{id}/TimeLimitTitles",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/TimeLimitTitles", segment(&s.id.to_string())),
        output: serde_json::Value,
        error: GetKeyTimeLimitsError,
        idempotent: true,
        decode: |_, r| decode::json_document(r),
        query: |s| Query::new().with("mode", s.mode.code()),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/TimeLimitTitles` (iLOQ documents none per endpoint: its general rows).
    pub enum GetKeyTimeLimitsError {
    }
}

/// iLOQ's `InsertKeyTimeLimitSlotParam`: the slot under `TimeLimitSlot`.
#[derive(serde::Serialize)]
struct InsertSlot<'a> {
    #[serde(rename = "TimeLimitSlot")]
    slot: &'a KeyTimeLimitSlot,
}

/// `POST /api/v2/Keys/{id}/TimeLimitTitles/CanAdd` (v7.4+; the old GET is
/// obsolete) **\[V\]** ENK. Body: `InsertKeyTimeLimitSlotParam`, the slot to add
/// under `TimeLimitSlot` **\[V\]** OpenAPI. A read, though POST.
#[derive(Debug, Clone)]
pub struct CanAddKeyTimeLimit {
    id: KeyId,
    slot: KeyTimeLimitSlot,
}

impl CanAddKeyTimeLimit {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(id: KeyId, slot: KeyTimeLimitSlot) -> Result<Self, ValidationError> {
        let request = Self { id, slot };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for CanAddKeyTimeLimit {
        name: "POST /api/v2/Keys/{id}/TimeLimitTitles/CanAdd",
        method: POST,
        path: |s| format!("api/v2/Keys/{}/TimeLimitTitles/CanAdd", segment(&s.id.to_string())),
        output: CanAddTimeLimit,
        error: CanAddKeyTimeLimitError,
        idempotent: true,
        decode: |_, r| r.json(),
        body: |s| Body::json(&InsertSlot { slot: &s.slot }),
        validate: |s| s.slot.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Keys/{id}/TimeLimitTitles/CanAdd` (iLOQ documents none per endpoint: its general rows).
    pub enum CanAddKeyTimeLimitError {
    }
}

/// `POST /api/v2/Keys/{id}/TimeLimitTitles` **\[V\]** path ENK; body
/// `InsertKeyTimeLimitSlotParam` (`{"TimeLimitSlot": …}`) **\[V\]** OpenAPI. The key
/// still has to be ordered.
#[derive(Debug, Clone)]
pub struct AddKeyTimeLimit {
    id: KeyId,
    slot: KeyTimeLimitSlot,
}

impl AddKeyTimeLimit {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(id: KeyId, slot: KeyTimeLimitSlot) -> Result<Self, ValidationError> {
        let request = Self { id, slot };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for AddKeyTimeLimit {
        name: "POST /api/v2/Keys/{id}/TimeLimitTitles",
        method: POST,
        path: |s| format!("api/v2/Keys/{}/TimeLimitTitles", segment(&s.id.to_string())),
        output: (),
        error: AddKeyTimeLimitError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&InsertSlot { slot: &s.slot }),
        validate: |s| s.slot.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Keys/{id}/TimeLimitTitles` (iLOQ documents none per endpoint: its general rows).
    pub enum AddKeyTimeLimitError {
    }
}

/// `DELETE /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct DeleteKeyTimeLimit {
    id: KeyId,
    title_id: TimeLimitTitleId,
}

impl DeleteKeyTimeLimit {
    /// The request with its required parameters.
    pub fn new(id: KeyId, title_id: TimeLimitTitleId) -> Self {
        Self { id, title_id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteKeyTimeLimit {
        name: "DELETE /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}",
        method: DELETE,
        path: |s| format!("api/v2/Keys/{}/TimeLimitTitles/{}", segment(&s.id.to_string()), segment(&s.title_id.to_string())),
        output: (),
        error: DeleteKeyTimeLimitError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteKeyTimeLimitError {
    }
}

/// Time profile calls of a [`Client`]: `client.time_limits()`.
#[derive(Debug, Clone, Copy)]
pub struct TimeLimits<'a>(&'a Client);

impl Client {
    /// Time profiles and key time-limit slots (`/api/v2/TimeLimitTitles`).
    pub fn time_limits(&self) -> TimeLimits<'_> {
        TimeLimits(self)
    }
}

impl TimeLimits<'_> {
    /// Every time profile (answered whole).
    pub async fn titles(self) -> Result<Vec<TimeLimitTitle>, Error<ListTimeLimitTitlesError>> {
        self.0.send(&ListTimeLimitTitles::new()).await
    }

    /// One time profile.
    pub async fn title(
        self,
        id: TimeLimitTitleId,
    ) -> Result<TimeLimitTitle, Error<GetTimeLimitTitleError>> {
        self.0.send(&GetTimeLimitTitle::new(id)).await
    }

    /// A key's time profiles.
    pub async fn of_key(
        self,
        key: KeyId,
        mode: AccessMode,
    ) -> Result<serde_json::Value, Error<GetKeyTimeLimitsError>> {
        self.0.send(&GetKeyTimeLimits::new(key, mode)).await
    }

    /// Whether the slot can be added to the key.
    pub async fn can_add(
        self,
        key: KeyId,
        slot: KeyTimeLimitSlot,
    ) -> Result<CanAddTimeLimit, Error<CanAddKeyTimeLimitError>> {
        self.0.send(&CanAddKeyTimeLimit::new(key, slot)?).await
    }

    /// Adds a slot to the key.
    pub async fn add(
        self,
        key: KeyId,
        slot: KeyTimeLimitSlot,
    ) -> Result<(), Error<AddKeyTimeLimitError>> {
        self.0.send(&AddKeyTimeLimit::new(key, slot)?).await
    }

    /// Removes a time profile from the key.
    pub async fn remove(
        self,
        key: KeyId,
        title: TimeLimitTitleId,
    ) -> Result<(), Error<DeleteKeyTimeLimitError>> {
        self.0.send(&DeleteKeyTimeLimit::new(key, title)).await
    }
}
