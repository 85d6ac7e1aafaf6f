//! Time profiles (`TimeLimitTitles`) and a key's time-limit slots.
//!
//! Times are milliseconds from midnight in the **locking system's local time**
//! (see `LockGroup::time_zone`) and must be whole multiples of 15 minutes
//! (`CanAddTimeLimit` 7) **\[V\]** ENK README "Time limits". `SlotNo` 0 is the
//! start date, 1 the end date and 2 a time profile (every profile is `SlotNo` 2);
//! keys have 10 to 23 memory slots, which iLOQ fills.
//! EasySecure does not use time profiles yet **\[V\]** ES.

use access_core::http::{Body, Query, segment};
use access_core::{Error, ValidationError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::{KeyId, RealEstateId, TimeLimitDataId, TimeLimitTitleId, ZoneId};
use crate::macros::int_enum;
use crate::security_accesses::AccessMode;

/// Fifteen minutes in milliseconds: the step of every time limit.
pub const STEP_MS: u32 = 15 * 60 * 1000;
const DAY_MS: u32 = 24 * 60 * 60 * 1000;

int_enum! {
    /// The answer of `POST /Keys/{id}/TimeLimitTitles/CanAdd` (CanAddTimeLimit):
    /// all 18 values of iLOQ's enum, 0 to 17 **\[V\]** ENK CanAddTimeLimit.php.
    pub enum CanAddTimeLimit {
        /// OK, no errors.
        Ok = 0 => "OK",
        /// Too many accesses: no space on the key or the lock.
        TooManyAccesses = 1 => "too many accesses, no space on key or lock",
        /// Too many version accesses: one per key or lock.
        TooManyVersionAccesses = 2 => "too many version accesses, only one per key or lock is allowed",
        /// The lock does not support version access.
        VersionAccessUnsupported = 3 => "lock does not support version access",
        /// Too many blocklists.
        TooManyBlocklists = 4 => "too many blocklists",
        /// The lock is not deployed yet and has over 128 accesses (blocklists included).
        LockNotDeployed = 5 => "lock has not been deployed yet and has over 128 accesses incl. blocklists",
        /// A key scheduler without an end date.
        SchedulerWithoutEndDate = 6 => "key scheduler without end date",
        /// Start and end times must be divisible by 15 minutes.
        NotQuarterHour = 7 => "time limit start and end time must be divisible by 15 minutes",
        /// An S50 key holds only dates in slots 0 and 1.
        DatesOnlyInSlots0And1 = 8 => "S50 keys cannot contain other than dates in slots 0 and 1",
        /// Slot 2 needs a `TimeLimitTitle_ID`.
        TitleRequired = 9 => "TimeLimitTitle_ID has to be given when using slot 2",
        /// A dynamic (editable) time limit must have data.
        DynamicWithoutData = 10 => "dynamic time limit must have data",
        /// A fixed time limit's data differs from the one saved in the database.
        FixedDataMismatch = 11 => "non-dynamic time limit has incorrect data: it must match the one saved in the database",
        /// Too many time limits.
        TooManyTimeLimits = 12 => "too many time limits",
        /// The start date is not before the end date.
        StartNotBeforeEnd = 13 => "start date of the time limit is later than or equal to end date",
        /// Error in validation.
        ValidationError = 14 => "error in validation",
        /// The key is blocklisted.
        Blocklisted = 15 => "key is in blocklist",
        /// The key is in the programming fail state.
        ProgrammingFailed = 16 => "key is in programming fail state",
        /// The key is in the clearing fail state.
        ClearingFailed = 17 => "key is in clearing fail state",
    }
}

impl CanAddTimeLimit {
    /// Whether the slot may be added.
    pub fn is_ok(self) -> bool {
        self == Self::Ok
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

/// A key's time-limit slot (`KeyTimeLimitSlot`) **\[V\]** ENK, OpenAPI.
///
/// `SlotNo` is 0 (the key's start date), 1 (its end date) or 2 (a time
/// profile): iLOQ's enum `LNKeyTimeLimitSlot_SlotNo` and its time-limit text
/// ("SlotNo 0 is for start date, SlotNo 1 is for end date and SlotNo 2 is for
/// time profiles"; its example sends several profiles, each as `SlotNo` 2).
/// The key's 10 to 23 *memory* slots are iLOQ's to fill: a profile takes one
/// per date and one per weekly period, which `SlotNo` does not number.
///
/// Fields this SDK does not model are kept in `extra` and written back, and
/// `SourceCalendarData_ID` (set by the key scheduler, read-only) is sent back
/// as read, so a full replace built from what was read loses nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyTimeLimitSlot {
    /// `SlotNo`: 0 start date, 1 end date, 2 time profile.
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
    /// `TimeLimitData` (`null` reads as none).
    #[serde(rename = "TimeLimitData", default, deserialize_with = "decode::list")]
    pub periods: Vec<TimeLimitPeriod>,
    /// `TimeZone_ID`.
    #[serde(rename = "TimeZone_ID", default)]
    pub time_zone: Option<String>,
    /// `SourceCalendarData_ID`: the calendar entry the key scheduler made this
    /// slot from (read-only; sent back only when it was read).
    #[serde(
        rename = "SourceCalendarData_ID",
        default,
        deserialize_with = "access_core::lenient::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub source_calendar_data_id: Option<uuid::Uuid>,
    /// Fields this SDK does not model, kept on read and written back.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The highest `SlotNo` iLOQ documents (2: time profiles).
pub const MAX_SLOT_NO: u32 = 2;

impl KeyTimeLimitSlot {
    /// Slot 0: the key is valid from `date` (local time, whole quarter hours).
    pub fn start_date(date: NaiveDateTime) -> Result<Self, ValidationError> {
        Self::date_slot(0, date)
    }

    /// Slot 1: the key is valid until `date` (T4E uses `9999-01-01T00:00:00` for "no end").
    pub fn end_date(date: NaiveDateTime) -> Result<Self, ValidationError> {
        Self::date_slot(1, date)
    }

    /// A time profile: `SlotNo` 2 with weekly periods. `slot` must be 2 (the
    /// only `SlotNo` of a profile); iLOQ also wants the profile's
    /// `TimeLimitTitle_ID` (`CanAddTimeLimit` 9): set it, or use
    /// [`KeyTimeLimitSlot::time_profile`].
    pub fn profile(slot: u32, periods: Vec<TimeLimitPeriod>) -> Result<Self, ValidationError> {
        if slot != MAX_SLOT_NO {
            return Err(ValidationError::new(
                "SlotNo",
                "time profiles use SlotNo 2 (0 is the start date, 1 the end date)",
            ));
        }
        let s = Self {
            periods,
            ..Self::empty(slot)
        };
        s.check()?;
        Ok(s)
    }

    /// A time profile of `title` (`SlotNo` 2, `TimeLimitTitle_ID`) with weekly periods.
    pub fn time_profile(
        title: TimeLimitTitleId,
        periods: Vec<TimeLimitPeriod>,
    ) -> Result<Self, ValidationError> {
        let mut s = Self::profile(MAX_SLOT_NO, periods)?;
        s.time_limit_title_id = Some(title);
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
            source_calendar_data_id: None,
            extra: serde_json::Map::new(),
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

    /// Checks the slot number (0, 1 or 2) and the 15-minute steps.
    pub fn check(&self) -> Result<(), ValidationError> {
        if self.slot > MAX_SLOT_NO {
            return Err(ValidationError::new(
                "SlotNo",
                "must be 0 (start date), 1 (end date) or 2 (time profile)",
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

/// A key's renewal schedule (`KeyScheduler`, `GetTimeLimitsResult_KeyScheduler`)
/// **\[V\]** OpenAPI: the key is reprogrammed `RenewMinute` minutes before it
/// expires, every `RenewGapCount` days or weeks, until `RenewEndDate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyScheduler {
    /// `RenewEndDate`: when renewing ends (kept as written: local time **\[I\]**).
    #[serde(rename = "RenewEndDate", default, with = "crate::dates::local_opt")]
    pub renew_end_date: Option<NaiveDateTime>,
    /// `RenewGapCount`: days or weeks (after `RenewGapType`) between renewals.
    #[serde(rename = "RenewGapCount", default)]
    pub renew_gap_count: i32,
    /// `RenewGapType`: whether `RenewGapCount` counts days or weeks. iLOQ's
    /// reference names the field but not its values, so it is kept as read.
    #[serde(rename = "RenewGapType", default)]
    pub renew_gap_type: i32,
    /// `RenewMinute`: how long before expiry the key is renewed (at least 70).
    #[serde(rename = "RenewMinute", default)]
    pub renew_minute: i32,
    /// Fields this SDK does not model, kept on read and written back.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl KeyScheduler {
    /// A schedule renewing `renew_minute` minutes (at least 70) before expiry,
    /// every `gap_count` units of `gap_type`, until `end` (local time).
    pub fn new(
        end: NaiveDateTime,
        gap_count: i32,
        gap_type: i32,
        renew_minute: i32,
    ) -> Result<Self, ValidationError> {
        let s = Self {
            renew_end_date: Some(end),
            renew_gap_count: gap_count,
            renew_gap_type: gap_type,
            renew_minute,
            extra: serde_json::Map::new(),
        };
        s.check()?;
        Ok(s)
    }

    /// `RenewMinute` is at least 70 and `RenewEndDate` is given (required, not
    /// nullable; `CanAddTimeLimit` 6 "Keyscheduler without end date").
    pub fn check(&self) -> Result<(), ValidationError> {
        if self.renew_end_date.is_none() {
            return Err(ValidationError::new(
                "KeyScheduler.RenewEndDate",
                "is required (a key scheduler without end date is refused)",
            ));
        }
        if self.renew_minute < 70 {
            return Err(ValidationError::new(
                "KeyScheduler.RenewMinute",
                "must be at least 70 minutes",
            ));
        }
        if self.renew_gap_count < 0 {
            return Err(ValidationError::new(
                "KeyScheduler.RenewGapCount",
                "must not be negative",
            ));
        }
        Ok(())
    }
}

/// The most `OfflineExpirationSeconds` iLOQ accepts for a key fob (a phone
/// key: 8726340) **\[V\]** OpenAPI.
pub const MAX_OFFLINE_EXPIRATION_SECONDS: i32 = 16_761_540;

/// The answer of `GET /Keys/{id}/TimeLimitTitles` (`GetTimeLimitsResult`)
/// **\[V\]** OpenAPI: everything about the key's time limits that the full
/// replace (`PUT /Keys/{id}/SecurityAccesses`) sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyTimeLimits {
    /// `KeyScheduler`: the renewal schedule, if any.
    #[serde(
        rename = "KeyScheduler",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub key_scheduler: Option<KeyScheduler>,
    /// `KeyTimeLimitSlots`.
    #[serde(
        rename = "KeyTimeLimitSlots",
        default,
        deserialize_with = "decode::list"
    )]
    pub slots: Vec<KeyTimeLimitSlot>,
    /// `OfflineExpirationSeconds`: how long an S50 time key works offline
    /// (0 = unlimited; at most 16761540 for a fob, 8726340 for a phone).
    #[serde(rename = "OfflineExpirationSeconds", default)]
    pub offline_expiration_seconds: i32,
    /// `OutsideUserZoneTimeLimitTitleSlots`: slots filled with information
    /// outside the user's zones. Sent back, iLOQ keeps them as they are.
    #[serde(
        rename = "OutsideUserZoneTimeLimitTitleSlots",
        default,
        deserialize_with = "decode::list"
    )]
    pub outside_user_zone_slots: Vec<i32>,
}

impl From<Vec<KeyTimeLimitSlot>> for KeyTimeLimits {
    /// These slots, no scheduler, unlimited offline use, no slot outside the
    /// user's zones (a key read with `GET /Keys/{id}/TimeLimitTitles` may have
    /// more: start from what it answered to keep it).
    fn from(slots: Vec<KeyTimeLimitSlot>) -> Self {
        Self::none().with_slots(slots)
    }
}

impl KeyTimeLimits {
    /// No slot, no scheduler, unlimited offline use (what a key without time
    /// limits answers).
    pub fn none() -> Self {
        Self {
            key_scheduler: None,
            slots: Vec::new(),
            offline_expiration_seconds: 0,
            outside_user_zone_slots: Vec::new(),
        }
    }

    /// These limits with `slots` instead of the ones read.
    pub fn with_slots(mut self, slots: Vec<KeyTimeLimitSlot>) -> Self {
        self.slots = slots;
        self
    }

    /// Checks every slot, the scheduler and `OfflineExpirationSeconds`.
    pub fn check(&self) -> Result<(), ValidationError> {
        for slot in &self.slots {
            slot.check()?;
        }
        if let Some(s) = &self.key_scheduler {
            s.check()?;
        }
        if !(0..=MAX_OFFLINE_EXPIRATION_SECONDS).contains(&self.offline_expiration_seconds) {
            return Err(ValidationError::new(
                "OfflineExpirationSeconds",
                format!("must be 0 (unlimited) to {MAX_OFFLINE_EXPIRATION_SECONDS}"),
            ));
        }
        Ok(())
    }
}

/// A time profile (`TimeLimitTitle`) **\[V\]** ENK; every field **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeLimitTitle {
    /// `TimeLimitTitle_ID`.
    #[serde(rename = "TimeLimitTitle_ID")]
    pub id: TimeLimitTitleId,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `Zone_ID`.
    #[serde(
        rename = "Zone_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub zone_id: Option<ZoneId>,
    /// `RealEstate_ID`.
    #[serde(
        rename = "RealEstate_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub real_estate_id: Option<RealEstateId>,
    /// `OptionMask` (`TimeLimitTitleOptionMask`; iLOQ lists no values).
    #[serde(rename = "OptionMask", default)]
    pub option_mask: i64,
    /// `StartDateLg`: the first day it applies (locking system's local time).
    #[serde(rename = "StartDateLg", default, with = "crate::dates::local_opt")]
    pub start: Option<NaiveDateTime>,
    /// `EndDateLg`: the last day it applies (locking system's local time).
    #[serde(rename = "EndDateLg", default, with = "crate::dates::local_opt")]
    pub end: Option<NaiveDateTime>,
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

/// `GET /api/v2/Keys/{id}/TimeLimitTitles?mode=1|2` **\[V\]** ENK, OpenAPI: the
/// key's time limits ([`KeyTimeLimits`], `GetTimeLimitsResult`). Rights: one of
/// "edit keys", "view security access list", "edit security accesses", "edit key
/// access", "browse lock list".
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
        output: KeyTimeLimits,
        error: GetKeyTimeLimitsError,
        idempotent: true,
        decode: |_, r| r.json(),
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

/// `StartTime`/`EndTime` of a time profile's data: .NET `TimeSpan` text
/// (`"08:00:00"`, a whole day `"1.00:00:00"`) **\[V\]** OpenAPI format
/// `duration`, example "16:30"; **\[I\]** the `hh:mm:ss` form it is written in.
mod timespan {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::DAY_MS;

    pub fn serialize<S: Serializer>(ms: &u32, s: S) -> Result<S::Ok, S::Error> {
        if *ms >= DAY_MS {
            return s.serialize_str("1.00:00:00");
        }
        let secs = ms / 1000;
        s.serialize_str(&format!(
            "{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ))
    }

    /// Reads `[d.]h:mm[:ss[.fffffff]]`.
    pub(super) fn parse(text: &str) -> Option<u32> {
        let text = text.trim();
        let (days, rest) = match text.split_once('.') {
            Some((d, rest)) if rest.contains(':') && !d.contains(':') => {
                (d.parse::<u32>().ok()?, rest)
            }
            _ => (0, text),
        };
        let mut parts = rest.split(':');
        let h: u32 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let sec: f64 = match parts.next() {
            Some(s) => s.parse().ok()?,
            None => 0.0,
        };
        if parts.next().is_some() || h > 23 || m > 59 || !(0.0..60.0).contains(&sec) {
            return None;
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let sec_ms = (sec * 1000.0).round() as u32;
        days.checked_mul(super::DAY_MS)?
            .checked_add((h * 3600 + m * 60) * 1000 + sec_ms)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a time of day (hh:mm:ss), found {text:?}"))
        })
    }
}

/// One weekly period of a time profile (`TimeLimitData`) **\[V\]** OpenAPI: on
/// `WeekDayMask` days from `StartTime` to `EndTime`, local time of the locking
/// system. Times are kept as milliseconds from midnight, in 15-minute steps
/// (the steps of a key's slot, into which iLOQ copies them **\[I\]**).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeLimitData {
    /// `TimeLimitData_ID`.
    #[serde(rename = "TimeLimitData_ID")]
    pub id: TimeLimitDataId,
    /// `TimeLimitTitle_ID`: the time profile it belongs to.
    #[serde(rename = "TimeLimitTitle_ID")]
    pub title_id: TimeLimitTitleId,
    /// `WeekDayMask`: Monday = 1, Tuesday = 2, ... Sunday = 64; 31 = Monday to Friday.
    #[serde(rename = "WeekDayMask")]
    pub weekdays: u8,
    /// `StartTime`, in milliseconds from local midnight.
    #[serde(rename = "StartTime", with = "timespan")]
    pub start_ms: u32,
    /// `EndTime`, in milliseconds from local midnight.
    #[serde(rename = "EndTime", with = "timespan")]
    pub end_ms: u32,
}

impl TimeLimitData {
    /// The period as a key slot's `TimeLimitData` entry (`KeyTimeLimitData`).
    pub fn period(&self) -> TimeLimitPeriod {
        TimeLimitPeriod {
            weekdays: self.weekdays,
            start_ms: self.start_ms,
            end_ms: self.end_ms,
        }
    }

    /// Checks the days, the 15-minute steps and that it starts before it ends.
    pub fn check(&self) -> Result<(), ValidationError> {
        self.period().check()
    }
}

/// A time profile to insert or update: the `TimeLimitTitle` and its
/// `TimeLimitData` of `InsertTimeLimitTitlesParam` / `UpdateTimeLimitTitlesParam`
/// **\[V\]** OpenAPI. At most 10 periods.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TimeProfile {
    /// `TimeLimitTitle_ID`: the integrator's own GUID on insert.
    pub id: TimeLimitTitleId,
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Zone_ID`: the zone it belongs to (not nullable).
    pub zone_id: ZoneId,
    /// `RealEstate_ID` (not nullable; the root, all zeros, by default).
    pub real_estate_id: RealEstateId,
    /// `OptionMask` (iLOQ lists no values; 0 by default).
    pub option_mask: i64,
    /// `StartDateLg`: the first day it applies, if limited.
    pub start: Option<NaiveDateTime>,
    /// `EndDateLg`: the last day it applies, if limited.
    pub end: Option<NaiveDateTime>,
    /// `TimeLimitData`: its weekly periods (at most 10).
    pub data: Vec<TimeLimitData>,
}

/// The most periods a time profile holds **\[V\]** OpenAPI ("Maximum count is 10").
pub const MAX_TIME_LIMIT_DATA: usize = 10;

impl TimeProfile {
    /// A new time profile `name` in `zone`, with a generated id and no periods yet.
    pub fn new(name: impl Into<String>, zone: ZoneId) -> Result<Self, ValidationError> {
        let name = name.into();
        if name.trim().is_empty() {
            return Err(ValidationError::new("Name", "must not be empty"));
        }
        Ok(Self {
            id: TimeLimitTitleId::generate(),
            name,
            description: None,
            zone_id: zone,
            real_estate_id: RealEstateId::new(uuid::Uuid::nil()),
            option_mask: 0,
            start: None,
            end: None,
            data: Vec::new(),
        })
    }

    /// The profile as read (`TimeLimitTitle` and its `TimeLimitData`), to
    /// change and send back with [`UpdateTimeLimitTitle`].
    pub fn from_read(title: &TimeLimitTitle, data: Vec<TimeLimitData>) -> Self {
        Self {
            id: title.id,
            name: title.name.clone().unwrap_or_default(),
            description: title.description.clone(),
            zone_id: title.zone_id.unwrap_or(ZoneId::new(uuid::Uuid::nil())),
            real_estate_id: title
                .real_estate_id
                .unwrap_or(RealEstateId::new(uuid::Uuid::nil())),
            option_mask: title.option_mask,
            start: title.start,
            end: title.end,
            data,
        }
    }

    /// Adds a weekly period on `weekdays` from `start` to `end` as (hour,
    /// minute), with a generated `TimeLimitData_ID`.
    pub fn period(mut self, p: TimeLimitPeriod) -> Self {
        self.data.push(TimeLimitData {
            id: TimeLimitDataId::generate(),
            title_id: self.id,
            weekdays: p.weekdays,
            start_ms: p.start_ms,
            end_ms: p.end_ms,
        });
        self
    }

    /// Sets `Description`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets `StartDateLg` and `EndDateLg` (local time of the locking system).
    pub fn dates(mut self, start: Option<NaiveDateTime>, end: Option<NaiveDateTime>) -> Self {
        self.start = start;
        self.end = end;
        self
    }

    /// Sets `RealEstate_ID`.
    pub fn real_estate(mut self, id: RealEstateId) -> Self {
        self.real_estate_id = id;
        self
    }

    /// Sets `OptionMask`.
    pub fn option_mask(mut self, mask: i64) -> Self {
        self.option_mask = mask;
        self
    }

    /// Checks the name, at most 10 periods, each period, that every period
    /// names this profile, and start before end.
    pub fn check(&self) -> Result<(), ValidationError> {
        if self.name.trim().is_empty() {
            return Err(ValidationError::new("Name", "must not be empty"));
        }
        if self.data.len() > MAX_TIME_LIMIT_DATA {
            return Err(ValidationError::new(
                "TimeLimitData",
                "a time profile holds at most 10 periods",
            ));
        }
        for d in &self.data {
            d.check()?;
            if d.title_id != self.id {
                return Err(ValidationError::new(
                    "TimeLimitData.TimeLimitTitle_ID",
                    "must be the time profile's own id",
                ));
            }
        }
        if let (Some(s), Some(e)) = (self.start, self.end)
            && s >= e
        {
            return Err(ValidationError::new(
                "EndDateLg",
                "must be after StartDateLg",
            ));
        }
        Ok(())
    }
}

/// The body of `POST`/`PUT /TimeLimitTitles`, in iLOQ's names.
#[derive(Serialize)]
struct TimeProfileBody<'a> {
    #[serde(rename = "TimeLimitTitle")]
    title: TitleBody<'a>,
    #[serde(rename = "TimeLimitData")]
    data: &'a [TimeLimitData],
}

#[derive(Serialize)]
struct TitleBody<'a> {
    #[serde(rename = "TimeLimitTitle_ID")]
    id: TimeLimitTitleId,
    #[serde(rename = "Name")]
    name: &'a str,
    #[serde(rename = "Description")]
    description: Option<&'a str>,
    #[serde(rename = "Zone_ID")]
    zone_id: ZoneId,
    #[serde(rename = "RealEstate_ID")]
    real_estate_id: RealEstateId,
    #[serde(rename = "OptionMask")]
    option_mask: i64,
    #[serde(rename = "StartDateLg", with = "crate::dates::local_opt")]
    start: Option<NaiveDateTime>,
    #[serde(rename = "EndDateLg", with = "crate::dates::local_opt")]
    end: Option<NaiveDateTime>,
}

impl TimeProfile {
    fn body(&self) -> TimeProfileBody<'_> {
        TimeProfileBody {
            title: TitleBody {
                id: self.id,
                name: &self.name,
                description: self.description.as_deref(),
                zone_id: self.zone_id,
                real_estate_id: self.real_estate_id,
                option_mask: self.option_mask,
                start: self.start,
                end: self.end,
            },
            data: &self.data,
        }
    }
}

/// `POST /api/v2/TimeLimitTitles` **\[V\]** OpenAPI (`InsertTimeLimitTitlesParam`,
/// void): adds a time profile and its periods. Right: edit key access.
#[derive(Debug, Clone)]
pub struct InsertTimeLimitTitle {
    profile: TimeProfile,
}

impl InsertTimeLimitTitle {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(profile: TimeProfile) -> Result<Self, ValidationError> {
        let request = Self { profile };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for InsertTimeLimitTitle {
        name: "POST /api/v2/TimeLimitTitles",
        method: POST,
        path: "api/v2/TimeLimitTitles",
        output: (),
        error: InsertTimeLimitTitleError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.profile.body()),
        validate: |s| s.profile.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/TimeLimitTitles` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertTimeLimitTitleError {
    }
}

/// `PUT /api/v2/TimeLimitTitles` **\[V\]** OpenAPI (`UpdateTimeLimitTitlesParam`,
/// void): replaces a time profile and its periods (periods left out are
/// removed **\[I\]** from "updates ... its data"). Right: edit key access.
#[derive(Debug, Clone)]
pub struct UpdateTimeLimitTitle {
    profile: TimeProfile,
}

impl UpdateTimeLimitTitle {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(profile: TimeProfile) -> Result<Self, ValidationError> {
        let request = Self { profile };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateTimeLimitTitle {
        name: "PUT /api/v2/TimeLimitTitles",
        method: PUT,
        path: "api/v2/TimeLimitTitles",
        output: (),
        error: UpdateTimeLimitTitleError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.profile.body()),
        validate: |s| s.profile.check(),
    }
}

access_core::error_enum! {
    /// Failures of `PUT /api/v2/TimeLimitTitles` (iLOQ's general rows).
    pub enum UpdateTimeLimitTitleError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

int_enum! {
    /// The answer of `GET /TimeLimitTitles/{id}/CanDelete`
    /// (`CanDeleteTimeLimitTitleResult`) **\[V\]** OpenAPI names the type but
    /// lists no values; 0 = OK **\[I\]** (as every other `CanDelete*` of iLOQ
    /// but the key-access links). Any other value is a reason not to delete,
    /// kept as `Unknown`.
    pub enum CanDeleteTimeLimitTitle {
        /// OK.
        Ok = 0 => "OK",
    }
}

/// `GET /api/v2/TimeLimitTitles/{id}/CanDelete` **\[V\]** OpenAPI. Right: edit key access.
#[derive(Debug, Clone)]
pub struct CanDeleteTimeLimitTitleRequest {
    id: TimeLimitTitleId,
}

impl CanDeleteTimeLimitTitleRequest {
    /// The request with its required parameters.
    pub fn new(id: TimeLimitTitleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanDeleteTimeLimitTitleRequest {
        name: "GET /api/v2/TimeLimitTitles/{id}/CanDelete",
        method: GET,
        path: |s| format!("api/v2/TimeLimitTitles/{}/CanDelete", segment(&s.id.to_string())),
        output: CanDeleteTimeLimitTitle,
        error: CanDeleteTimeLimitTitleRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/TimeLimitTitles/{id}/CanDelete` (iLOQ documents none per endpoint: its general rows).
    pub enum CanDeleteTimeLimitTitleRequestError {
    }
}

/// `DELETE /api/v2/TimeLimitTitles/{id}` **\[V\]** OpenAPI (void). Right: edit key access.
#[derive(Debug, Clone)]
pub struct DeleteTimeLimitTitle {
    id: TimeLimitTitleId,
}

impl DeleteTimeLimitTitle {
    /// The request with its required parameters.
    pub fn new(id: TimeLimitTitleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteTimeLimitTitle {
        name: "DELETE /api/v2/TimeLimitTitles/{id}",
        method: DELETE,
        path: |s| format!("api/v2/TimeLimitTitles/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteTimeLimitTitleError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

access_core::error_enum! {
    /// Failures of `DELETE /api/v2/TimeLimitTitles/{id}` (iLOQ's general rows).
    pub enum DeleteTimeLimitTitleError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/TimeLimitTitles/{id}/TimeLimitData` **\[V\]** OpenAPI
/// (`TimeLimitData[]`): a time profile's weekly periods. Right: view key list.
#[derive(Debug, Clone)]
pub struct GetTimeLimitData {
    id: TimeLimitTitleId,
}

impl GetTimeLimitData {
    /// The request with its required parameters.
    pub fn new(id: TimeLimitTitleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetTimeLimitData {
        name: "GET /api/v2/TimeLimitTitles/{id}/TimeLimitData",
        method: GET,
        path: |s| format!("api/v2/TimeLimitTitles/{}/TimeLimitData", segment(&s.id.to_string())),
        output: Vec<TimeLimitData>,
        error: GetTimeLimitDataError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/TimeLimitTitles/{id}/TimeLimitData` (iLOQ's general rows).
    pub enum GetTimeLimitDataError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}` **\[V\]** OpenAPI
/// (`KeyTimeLimitSlot`): the key's slot of that time profile. Right: edit key access.
#[derive(Debug, Clone)]
pub struct GetKeyTimeLimit {
    id: KeyId,
    title_id: TimeLimitTitleId,
}

impl GetKeyTimeLimit {
    /// The request with its required parameters.
    pub fn new(id: KeyId, title_id: TimeLimitTitleId) -> Self {
        Self { id, title_id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetKeyTimeLimit {
        name: "GET /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/TimeLimitTitles/{}", segment(&s.id.to_string()), segment(&s.title_id.to_string())),
        output: KeyTimeLimitSlot,
        error: GetKeyTimeLimitError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}` (iLOQ's general rows).
    pub enum GetKeyTimeLimitError for crate::error::IloqErrorBody {
        /// The key is unknown or has no slot of that time profile: HTTP 400
        /// "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `PUT /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}` **\[V\]** OpenAPI:
/// body `UpdateKeyTimeLimitSlotParam` (`{"TimeLimitSlot": …}`), void. Rewrites
/// the key's slot of that time profile; the key still has to be ordered.
/// Right: edit key access.
#[derive(Debug, Clone)]
pub struct UpdateKeyTimeLimit {
    id: KeyId,
    title_id: TimeLimitTitleId,
    slot: KeyTimeLimitSlot,
}

impl UpdateKeyTimeLimit {
    /// The request with its required parameters, checked before anything is
    /// sent: the slot's rules, and its `TimeLimitTitle_ID` (when set) must be
    /// the time profile of the path.
    pub fn new(
        id: KeyId,
        title_id: TimeLimitTitleId,
        slot: KeyTimeLimitSlot,
    ) -> Result<Self, ValidationError> {
        let request = Self { id, title_id, slot };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

fn check_slot_title(
    slot: &KeyTimeLimitSlot,
    title: TimeLimitTitleId,
) -> Result<(), ValidationError> {
    slot.check()?;
    match slot.time_limit_title_id {
        Some(t) if t != title => Err(ValidationError::new(
            "TimeLimitTitle_ID",
            "must be the time profile of the path (timeLimitTitleId)",
        )),
        _ => Ok(()),
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateKeyTimeLimit {
        name: "PUT /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}",
        method: PUT,
        path: |s| format!("api/v2/Keys/{}/TimeLimitTitles/{}", segment(&s.id.to_string()), segment(&s.title_id.to_string())),
        output: (),
        error: UpdateKeyTimeLimitError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&InsertSlot { slot: &s.slot }),
        validate: |s| check_slot_title(&s.slot, s.title_id),
    }
}

access_core::error_enum! {
    /// Failures of `PUT /api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}` (iLOQ's general rows).
    pub enum UpdateKeyTimeLimitError for crate::error::IloqErrorBody {
        /// The key is unknown or has no slot of that time profile: HTTP 400
        /// "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Keys/{id}/TimeLimitTitles/CanAdd` **\[V\]** OpenAPI
/// (`keysCanAddTimeLimitTitleObsolete`): the obsolete form of
/// [`CanAddKeyTimeLimit`], a GET that carries the same
/// `InsertKeyTimeLimitSlotParam` body. Kept for servers before v7.4; prefer the
/// POST. Right: edit key access.
#[derive(Debug, Clone)]
pub struct CanAddKeyTimeLimitObsolete {
    id: KeyId,
    slot: KeyTimeLimitSlot,
}

impl CanAddKeyTimeLimitObsolete {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(id: KeyId, slot: KeyTimeLimitSlot) -> Result<Self, ValidationError> {
        let request = Self { id, slot };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for CanAddKeyTimeLimitObsolete {
        name: "GET /api/v2/Keys/{id}/TimeLimitTitles/CanAdd",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/TimeLimitTitles/CanAdd", segment(&s.id.to_string())),
        output: CanAddTimeLimit,
        error: CanAddKeyTimeLimitObsoleteError,
        idempotent: true,
        decode: |_, r| r.json(),
        body: |s| Body::json(&InsertSlot { slot: &s.slot }),
        validate: |s| s.slot.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/TimeLimitTitles/CanAdd` (iLOQ documents none per endpoint: its general rows).
    pub enum CanAddKeyTimeLimitObsoleteError {
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

    /// A key's time limits: its slots, renewal schedule and offline expiry.
    pub async fn of_key(
        self,
        key: KeyId,
        mode: AccessMode,
    ) -> Result<KeyTimeLimits, Error<GetKeyTimeLimitsError>> {
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

    /// Adds a time profile with its periods (`POST /TimeLimitTitles`, void);
    /// answers its id.
    pub async fn insert_title(
        self,
        profile: TimeProfile,
    ) -> Result<TimeLimitTitleId, Error<InsertTimeLimitTitleError>> {
        let id = profile.id;
        self.0.send(&InsertTimeLimitTitle::new(profile)?).await?;
        Ok(id)
    }

    /// Replaces a time profile and its periods.
    pub async fn update_title(
        self,
        profile: TimeProfile,
    ) -> Result<(), Error<UpdateTimeLimitTitleError>> {
        self.0.send(&UpdateTimeLimitTitle::new(profile)?).await
    }

    /// A time profile's weekly periods.
    pub async fn data(
        self,
        id: TimeLimitTitleId,
    ) -> Result<Vec<TimeLimitData>, Error<GetTimeLimitDataError>> {
        self.0.send(&GetTimeLimitData::new(id)).await
    }

    /// Whether the time profile can be deleted.
    pub async fn can_delete_title(
        self,
        id: TimeLimitTitleId,
    ) -> Result<CanDeleteTimeLimitTitle, Error<CanDeleteTimeLimitTitleRequestError>> {
        self.0.send(&CanDeleteTimeLimitTitleRequest::new(id)).await
    }

    /// Asks `CanDelete` (0 = OK), then deletes the time profile.
    pub async fn delete_title(
        self,
        id: TimeLimitTitleId,
    ) -> Result<(), Error<Checked<CanDeleteTimeLimitTitle, DeleteTimeLimitTitleError>>> {
        let can = check(
            self.can_delete_title(id).await,
            DeleteTimeLimitTitleError::from_details,
        )?;
        if can != CanDeleteTimeLimitTitle::Ok {
            return Err(refused(can));
        }
        guarded(self.0.send(&DeleteTimeLimitTitle::new(id)).await)
    }

    /// The key's slot of a time profile.
    pub async fn key_slot(
        self,
        key: KeyId,
        title: TimeLimitTitleId,
    ) -> Result<KeyTimeLimitSlot, Error<GetKeyTimeLimitError>> {
        self.0.send(&GetKeyTimeLimit::new(key, title)).await
    }

    /// Rewrites the key's slot of a time profile; the key still has to be ordered.
    pub async fn update_key_slot(
        self,
        key: KeyId,
        title: TimeLimitTitleId,
        slot: KeyTimeLimitSlot,
    ) -> Result<(), Error<UpdateKeyTimeLimitError>> {
        self.0
            .send(&UpdateKeyTimeLimit::new(key, title, slot)?)
            .await
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
