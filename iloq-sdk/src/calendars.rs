//! Calendars: iLOQ's four calendar groups.
//!
//! * `CalendarDataTitles` ([`CalendarDataTitles`], `client.calendar_data_titles()`):
//!   the calendars themselves.
//! * `CalendarDatas` ([`CalendarDatas`], `client.calendar_datas()`): a calendar's
//!   entries: single entries, weekly/monthly/yearly recurring entries and the
//!   exceptions to a recurring entry.
//! * `CalendarDataSecurityRoleLinks` ([`CalendarDataSecurityRoleLinks`],
//!   `client.calendar_data_security_role_links()`): which code access groups
//!   (security roles) a calendar entry applies to (the PIN code entries,
//!   [`CalendarDataType::SecurityRolePin`]).
//! * `CalendarNetworkModuleRelayLinks` ([`CalendarNetworkModuleRelayLinks`],
//!   `client.calendar_network_module_relay_links()`): which relays of a network
//!   module ([`crate::network_modules`]) a calendar drives.
//!
//! Rights: every calendar call needs "edit doors' calendar controls"
//! (RightsMask 2251799813685248), the relay links "administrate locking system"
//! **\[V\]** OpenAPI.
//!
//! Every model, JSON name and operation here is from iLOQ's OpenAPI document as
//! ENK generated it **\[V\]**. The enum values of [`CalendarDataType`] and the
//! recurrence fields are iLOQ's own descriptions **\[V\]**; that the entries'
//! times are the locking system's local time, written without an offset like the
//! time-limit fields, is **\[I\]**.

use access_core::http::{Body, Query, segment};
use access_core::{Error, ValidationError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode::{int_or_zero, list};
use crate::ids::{
    CalendarDataId, CalendarDataTitleId, CalendarRecurrenceId, NetworkModuleDeviceRelayId,
    RealEstateId, SecurityRoleId, ZoneId,
};
use crate::macros::{flags, int_enum};

int_enum! {
    /// A calendar entry's `Type` (`CalendarDataType`; ENK generated the field as
    /// an empty wrapper, `CalendarDataEntryType`) **\[V\]** values; **\[I\]** mapping.
    pub enum CalendarDataType {
        /// The relay is on while the entry lasts.
        RelayOn = 0 => "relay is on when the calendar entry occurs",
        /// The relay is on when a linked security role's PIN code is entered.
        SecurityRolePin = 1 => "relay is on if the security role's PIN code input is correct",
        /// The lock is controlled by the key's PIN code.
        KeyPin = 2 => "lock is controlled by key PIN code",
        /// A K5 key's time profile follows the entry.
        K5TimeProfile = 3 => "K5 key time profile is controlled by the calendar entry",
    }
}

int_enum! {
    /// `Re_PatternFrequency`: how often a recurring entry recurs **\[V\]**.
    pub enum RecurrenceFrequency {
        /// Daily (deprecated by iLOQ).
        Daily = 0 => "daily (deprecated)",
        /// Weekly, on [`DaysOfWeek`].
        Weekly = 1 => "weekly",
        /// Monthly.
        Monthly = 2 => "monthly",
        /// Yearly.
        Yearly = 3 => "yearly",
    }
}

int_enum! {
    /// `Re_RangeLimit`: how a recurring entry ends **\[V\]**.
    pub enum RecurrenceRangeLimit {
        /// No limit to the number of occurrences.
        NoLimit = 0 => "no limit",
        /// A number of occurrences (deprecated by iLOQ).
        Count = 1 => "limited number of occurrences (deprecated)",
        /// Ends on `Re_RangeEndDate`.
        EndDate = 2 => "ends on the range end date",
    }
}

flags! {
    /// `Re_PatternDaysOfWeek`: the days a weekly entry recurs on. Note that the
    /// week starts on **Sunday** here (Sunday = 1 ... Saturday = 64), unlike a
    /// time profile's `WeekDayMask` (Monday = 1) **\[V\]**.
    pub struct DaysOfWeek(u32) {
        /// Sunday (1).
        const SUNDAY = 1;
        /// Monday (2).
        const MONDAY = 2;
        /// Tuesday (4).
        const TUESDAY = 4;
        /// Wednesday (8).
        const WEDNESDAY = 8;
        /// Thursday (16).
        const THURSDAY = 16;
        /// Friday (32).
        const FRIDAY = 32;
        /// Saturday (64).
        const SATURDAY = 64;
    }
}

impl DaysOfWeek {
    /// Monday to Friday (62).
    pub const WORKDAYS: DaysOfWeek = DaysOfWeek(2 | 4 | 8 | 16 | 32);
}

/// Ticks (100 ns, .NET's unit of `Re_OccurrenceDurationTicks`) in a minute.
pub const TICKS_PER_MINUTE: i64 = 60 * 10_000_000;

// ---------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------

/// A calendar (`CalendarDataTitle`) **\[V\]** OpenAPI. `Type`, `OptionMask` and
/// `ReservationTargetType` are integers whose values iLOQ does not publish
/// (ENK generated them as empty wrappers): they are kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CalendarDataTitle {
    /// `CalendarDataTitle_ID`.
    #[serde(rename = "CalendarDataTitle_ID")]
    pub id: CalendarDataTitleId,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `OptionMask` (values unpublished).
    #[serde(rename = "OptionMask", default, deserialize_with = "int_or_zero")]
    pub option_mask: i64,
    /// `RealEstate_ID`.
    #[serde(
        rename = "RealEstate_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub real_estate_id: Option<RealEstateId>,
    /// `ReservablePeriodLengthWeeks`: how many weeks ahead can be reserved.
    #[serde(
        rename = "ReservablePeriodLengthWeeks",
        default,
        deserialize_with = "int_or_zero"
    )]
    pub reservable_period_length_weeks: i32,
    /// `ReservationTargetType` (values unpublished).
    #[serde(
        rename = "ReservationTargetType",
        default,
        deserialize_with = "int_or_zero"
    )]
    pub reservation_target_type: i64,
    /// `Type` (values unpublished).
    #[serde(rename = "Type", default, deserialize_with = "int_or_zero")]
    pub calendar_type: i64,
    /// `Zone_ID`.
    #[serde(
        rename = "Zone_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub zone_id: Option<ZoneId>,
}

/// The fields every kind of calendar entry has (`CalendarDataEntry`) **\[V\]**
/// OpenAPI. Times are the locking system's local time **\[I\]**.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CalendarDataEntry {
    /// `CalendarData_ID`: chosen by the caller on insert.
    #[serde(rename = "CalendarData_ID")]
    pub id: CalendarDataId,
    /// `CalendarDataTitle_ID`: the calendar the entry belongs to.
    #[serde(rename = "CalendarDataTitle_ID")]
    pub calendar_id: CalendarDataTitleId,
    /// `EndDateTime`.
    #[serde(rename = "EndDateTime", default, with = "crate::dates::local_opt")]
    pub end: Option<NaiveDateTime>,
    /// `StartDateTime`.
    #[serde(rename = "StartDateTime", default, with = "crate::dates::local_opt")]
    pub start: Option<NaiveDateTime>,
    /// `Subject`.
    #[serde(rename = "Subject", default)]
    pub subject: Option<String>,
    /// `Type`.
    #[serde(rename = "Type", default = "relay_on")]
    pub entry_type: CalendarDataType,
}

fn relay_on() -> CalendarDataType {
    CalendarDataType::RelayOn
}

impl CalendarDataEntry {
    /// A single entry of `calendar` from `start` to `end` (local time), with a
    /// generated `CalendarData_ID`; `start` must not be after `end`.
    pub fn new(
        calendar: CalendarDataTitleId,
        entry_type: CalendarDataType,
        start: NaiveDateTime,
        end: NaiveDateTime,
    ) -> Result<Self, ValidationError> {
        let e = Self {
            id: CalendarDataId::generate(),
            calendar_id: calendar,
            end: Some(end),
            start: Some(start),
            subject: None,
            entry_type,
        };
        e.check()?;
        Ok(e)
    }

    /// Sets the `CalendarData_ID` (to update an entry, or to choose the id).
    pub fn id(mut self, id: CalendarDataId) -> Self {
        self.id = id;
        self
    }

    /// Sets `Subject`.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Checks that the entry does not end before it starts.
    pub fn check(&self) -> Result<(), ValidationError> {
        if let (Some(s), Some(e)) = (self.start, self.end)
            && s > e
        {
            return Err(ValidationError::new(
                "StartDateTime",
                "must not be after EndDateTime",
            ));
        }
        Ok(())
    }
}

/// A recurring entry (`CalendarDataRecurringEntry`) **\[V\]** OpenAPI: the
/// entry's fields, then the `Re_*` pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CalendarDataRecurringEntry {
    /// The fields every entry has.
    #[serde(flatten)]
    pub entry: CalendarDataEntry,
    /// `Re_ID`: the id its exceptions name in `RecurrenceId`.
    #[serde(rename = "Re_ID")]
    pub recurrence_id: CalendarRecurrenceId,
    /// `Re_OccurrenceDurationTicks`: each occurrence's length in 100 ns ticks.
    #[serde(
        rename = "Re_OccurrenceDurationTicks",
        default,
        deserialize_with = "int_or_zero"
    )]
    pub occurrence_duration_ticks: i64,
    /// `Re_OccurrenceStartTime`: when an occurrence starts (its time of day counts).
    #[serde(rename = "Re_OccurrenceStartTime", with = "crate::dates::local")]
    pub occurrence_start: NaiveDateTime,
    /// `Re_PatternDaysOfWeek`.
    #[serde(rename = "Re_PatternDaysOfWeek", default)]
    pub days_of_week: DaysOfWeek,
    /// `Re_PatternFrequency`.
    #[serde(rename = "Re_PatternFrequency", default = "weekly")]
    pub frequency: RecurrenceFrequency,
    /// `Re_RangeEndDate`: the last date (with [`RecurrenceRangeLimit::EndDate`]).
    #[serde(rename = "Re_RangeEndDate", with = "crate::dates::local")]
    pub range_end: NaiveDateTime,
    /// `Re_RangeLimit`.
    #[serde(rename = "Re_RangeLimit", default = "no_limit")]
    pub range_limit: RecurrenceRangeLimit,
    /// `Re_RangeStartDate`: the first date.
    #[serde(rename = "Re_RangeStartDate", with = "crate::dates::local")]
    pub range_start: NaiveDateTime,
}

fn weekly() -> RecurrenceFrequency {
    RecurrenceFrequency::Weekly
}

fn no_limit() -> RecurrenceRangeLimit {
    RecurrenceRangeLimit::NoLimit
}

impl CalendarDataRecurringEntry {
    /// A weekly entry of `calendar`: on `days`, from `occurrence_start` (its time
    /// of day) for `minutes`, between `range_start` and `range_end` (local time;
    /// `Re_RangeLimit` 2). `StartDateTime`/`EndDateTime` are set to the range.
    /// Generates `CalendarData_ID` and `Re_ID`.
    pub fn weekly(
        calendar: CalendarDataTitleId,
        entry_type: CalendarDataType,
        days: DaysOfWeek,
        occurrence_start: NaiveDateTime,
        minutes: u32,
        range_start: NaiveDateTime,
        range_end: NaiveDateTime,
    ) -> Result<Self, ValidationError> {
        let r = Self {
            entry: CalendarDataEntry {
                id: CalendarDataId::generate(),
                calendar_id: calendar,
                end: Some(range_end),
                start: Some(range_start),
                subject: None,
                entry_type,
            },
            recurrence_id: CalendarRecurrenceId::generate(),
            occurrence_duration_ticks: i64::from(minutes) * TICKS_PER_MINUTE,
            occurrence_start,
            days_of_week: days,
            frequency: RecurrenceFrequency::Weekly,
            range_end,
            range_limit: RecurrenceRangeLimit::EndDate,
            range_start,
        };
        r.check()?;
        Ok(r)
    }

    /// Sets `Subject`.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.entry.subject = Some(subject.into());
        self
    }

    /// Sets the `CalendarData_ID`.
    pub fn id(mut self, id: CalendarDataId) -> Self {
        self.entry.id = id;
        self
    }

    /// Sets `Re_ID` (instead of the generated one).
    pub fn recurrence_id(mut self, id: CalendarRecurrenceId) -> Self {
        self.recurrence_id = id;
        self
    }

    /// Sets `Re_RangeLimit` (e.g. [`RecurrenceRangeLimit::NoLimit`]).
    pub fn range_limit(mut self, limit: RecurrenceRangeLimit) -> Self {
        self.range_limit = limit;
        self
    }

    /// Checks the pattern: a weekly entry names at least one day (1..=127), the
    /// duration is not negative and the range does not end before it starts.
    pub fn check(&self) -> Result<(), ValidationError> {
        self.entry.check()?;
        if self.frequency == RecurrenceFrequency::Weekly
            && (self.days_of_week.bits() == 0 || self.days_of_week.bits() > 127)
        {
            return Err(ValidationError::new(
                "Re_PatternDaysOfWeek",
                "a weekly entry must name at least one day (1..=127)",
            ));
        }
        if self.occurrence_duration_ticks < 0 {
            return Err(ValidationError::new(
                "Re_OccurrenceDurationTicks",
                "must not be negative",
            ));
        }
        if self.range_start > self.range_end {
            return Err(ValidationError::new(
                "Re_RangeStartDate",
                "must not be after Re_RangeEndDate",
            ));
        }
        Ok(())
    }
}

/// An exception to a recurring entry (`CalendarDataRecurringEntryException`)
/// **\[V\]** OpenAPI: one occurrence moved (new start and end) or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CalendarDataRecurringEntryException {
    /// The fields every entry has (the occurrence's new times).
    #[serde(flatten)]
    pub entry: CalendarDataEntry,
    /// `A_IsRemoved`: the occurrence is removed.
    #[serde(rename = "A_IsRemoved", default)]
    pub is_removed: bool,
    /// `OriginalStartDateTime`: when the occurrence would have started.
    #[serde(
        rename = "OriginalStartDateTime",
        default,
        with = "crate::dates::local_opt"
    )]
    pub original_start: Option<NaiveDateTime>,
    /// `RecurrenceId`: the recurring entry's `Re_ID`.
    #[serde(rename = "RecurrenceId")]
    pub recurrence_id: CalendarRecurrenceId,
}

impl CalendarDataRecurringEntryException {
    /// Removes the occurrence of `of` that starts at `original_start`
    /// (`A_IsRemoved` true). Generates `CalendarData_ID`.
    pub fn removed(of: &CalendarDataRecurringEntry, original_start: NaiveDateTime) -> Self {
        Self {
            entry: CalendarDataEntry {
                id: CalendarDataId::generate(),
                calendar_id: of.entry.calendar_id,
                end: None,
                start: None,
                subject: of.entry.subject.clone(),
                entry_type: of.entry.entry_type,
            },
            is_removed: true,
            original_start: Some(original_start),
            recurrence_id: of.recurrence_id,
        }
    }

    /// Sets the `CalendarData_ID` (instead of the generated one).
    pub fn id(mut self, id: CalendarDataId) -> Self {
        self.entry.id = id;
        self
    }

    /// Moves the occurrence of `of` that starts at `original_start` to
    /// `start`..`end`. Generates `CalendarData_ID`.
    pub fn moved(
        of: &CalendarDataRecurringEntry,
        original_start: NaiveDateTime,
        start: NaiveDateTime,
        end: NaiveDateTime,
    ) -> Result<Self, ValidationError> {
        let x = Self {
            entry: CalendarDataEntry {
                id: CalendarDataId::generate(),
                calendar_id: of.entry.calendar_id,
                end: Some(end),
                start: Some(start),
                subject: of.entry.subject.clone(),
                entry_type: of.entry.entry_type,
            },
            is_removed: false,
            original_start: Some(original_start),
            recurrence_id: of.recurrence_id,
        };
        x.entry.check()?;
        Ok(x)
    }
}

/// A calendar's entries (`CalendarDataGetByCalendarIdResult`) **\[V\]** OpenAPI;
/// a list iLOQ answers `null` is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CalendarDataSet {
    /// `Entries`: single entries.
    #[serde(rename = "Entries", default, deserialize_with = "list")]
    pub entries: Vec<CalendarDataEntry>,
    /// `RecurringEntries`.
    #[serde(rename = "RecurringEntries", default, deserialize_with = "list")]
    pub recurring_entries: Vec<CalendarDataRecurringEntry>,
    /// `RecurringEntryExceptions`.
    #[serde(
        rename = "RecurringEntryExceptions",
        default,
        deserialize_with = "list"
    )]
    pub recurring_entry_exceptions: Vec<CalendarDataRecurringEntryException>,
}

impl CalendarDataSet {
    /// An empty set (add items with the setters).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a single entry.
    pub fn entry(mut self, entry: CalendarDataEntry) -> Self {
        self.entries.push(entry);
        self
    }

    /// Adds a recurring entry.
    pub fn recurring_entry(mut self, entry: CalendarDataRecurringEntry) -> Self {
        self.recurring_entries.push(entry);
        self
    }

    /// Adds an exception to a recurring entry.
    pub fn exception(mut self, exception: CalendarDataRecurringEntryException) -> Self {
        self.recurring_entry_exceptions.push(exception);
        self
    }

    /// Whether the set holds no entry of any kind.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
            && self.recurring_entries.is_empty()
            && self.recurring_entry_exceptions.is_empty()
    }

    /// Every kind's ids, in the order of the lists.
    pub fn ids(&self) -> Vec<CalendarDataId> {
        self.entries
            .iter()
            .map(|e| e.id)
            .chain(self.recurring_entries.iter().map(|r| r.entry.id))
            .chain(self.recurring_entry_exceptions.iter().map(|x| x.entry.id))
            .collect()
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.is_empty() {
            return Err(ValidationError::new(
                "Entries",
                "needs at least one entry, recurring entry or exception",
            ));
        }
        for e in &self.entries {
            e.check()?;
        }
        for r in &self.recurring_entries {
            r.check()?;
        }
        for x in &self.recurring_entry_exceptions {
            x.entry.check()?;
        }
        Ok(())
    }
}

/// One calendar entry as `GET /CalendarDatas/{id}` answers it
/// (`CalendarDataGetByCalendarDataIdResult`): exactly one of the three is set
/// **\[V\]** OpenAPI (all nullable); **\[I\]** that only one is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CalendarDataItem {
    /// `Entry`: a single entry.
    #[serde(rename = "Entry", default)]
    pub entry: Option<CalendarDataEntry>,
    /// `RecurringEntry`.
    #[serde(rename = "RecurringEntry", default)]
    pub recurring_entry: Option<CalendarDataRecurringEntry>,
    /// `RecurringEntryException`.
    #[serde(rename = "RecurringEntryException", default)]
    pub recurring_entry_exception: Option<CalendarDataRecurringEntryException>,
}

impl CalendarDataItem {
    /// The fields every kind has, whichever kind was answered.
    pub fn common(&self) -> Option<&CalendarDataEntry> {
        self.entry
            .as_ref()
            .or(self.recurring_entry.as_ref().map(|r| &r.entry))
            .or(self.recurring_entry_exception.as_ref().map(|x| &x.entry))
    }
}

/// A link between a calendar entry and a security role
/// (`CalendarDataSecurityRoleLink`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CalendarDataSecurityRoleLink {
    /// `CalendarData_ID`.
    #[serde(rename = "CalendarData_ID")]
    pub calendar_data_id: CalendarDataId,
    /// `SecurityRole_ID`.
    #[serde(
        rename = "SecurityRole_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub security_role_id: Option<SecurityRoleId>,
}

/// A link between a calendar and a network module device relay
/// (`CalendarNetworkModuleRelayLink`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CalendarNetworkModuleRelayLink {
    /// `CalendarDataTitle_ID`.
    #[serde(rename = "CalendarDataTitle_ID")]
    pub calendar_id: CalendarDataTitleId,
    /// `NetworkModuleDeviceRelay_ID`.
    #[serde(
        rename = "NetworkModuleDeviceRelay_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub relay_id: Option<NetworkModuleDeviceRelayId>,
}

// ---------------------------------------------------------------------------
// CalendarDataTitles
// ---------------------------------------------------------------------------

/// The body of `POST` and `PUT /CalendarDataTitles` (`CalendarDataTitleInsert`,
/// `CalendarDataTitleUpdate`: the same fields) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct TitleBody {
    #[serde(rename = "CalendarDataTitle_ID")]
    id: CalendarDataTitleId,
    #[serde(rename = "Description")]
    description: Option<String>,
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "OptionMask")]
    option_mask: Option<i64>,
    #[serde(rename = "RealEstate_ID")]
    real_estate_id: RealEstateId,
    #[serde(rename = "ReservablePeriodLengthWeeks")]
    reservable_period_length_weeks: Option<i32>,
    #[serde(rename = "ReservationTargetType")]
    reservation_target_type: Option<i64>,
    #[serde(rename = "Type")]
    calendar_type: i64,
    #[serde(rename = "Zone_ID")]
    zone_id: ZoneId,
}

impl TitleBody {
    fn check(&self) -> Result<(), ValidationError> {
        if self.reservable_period_length_weeks.is_some_and(|w| w < 0) {
            return Err(ValidationError::new(
                "ReservablePeriodLengthWeeks",
                "must not be negative",
            ));
        }
        Ok(())
    }
}

/// `GET /api/v2/CalendarDataTitles` **\[V\]** OpenAPI: every calendar the user
/// may see. Right: edit doors' calendar controls.
#[derive(Debug, Clone)]
pub struct ListCalendarDataTitles {}

impl ListCalendarDataTitles {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListCalendarDataTitles {
        name: "GET /api/v2/CalendarDataTitles",
        method: GET,
        path: "api/v2/CalendarDataTitles",
        output: Vec<CalendarDataTitle>,
        error: ListCalendarDataTitlesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/CalendarDataTitles` (iLOQ documents none per endpoint: its general rows).
    pub enum ListCalendarDataTitlesError {
    }
}

/// `GET /api/v2/CalendarDataTitles/{id}` **\[V\]** OpenAPI: one calendar. Right:
/// edit doors' calendar controls.
#[derive(Debug, Clone)]
pub struct GetCalendarDataTitle {
    id: CalendarDataTitleId,
}

impl GetCalendarDataTitle {
    /// The request with its required parameters.
    pub fn new(id: CalendarDataTitleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetCalendarDataTitle {
        name: "GET /api/v2/CalendarDataTitles/{id}",
        method: GET,
        path: |s| format!("api/v2/CalendarDataTitles/{}", segment(&s.id.to_string())),
        output: CalendarDataTitle,
        error: GetCalendarDataTitleError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/CalendarDataTitles/{id}` (its documented row and iLOQ's general rows).
    pub enum GetCalendarDataTitleError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404) **\[V\]** T4E for other resources; **\[I\]** here.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `POST /api/v2/CalendarDataTitles` **\[V\]** OpenAPI: adds a calendar
/// (`CalendarDataTitleInsert`); the answer is empty, the id is the one sent
/// (generated by [`InsertCalendarDataTitle::new`]). Right: edit doors' calendar
/// controls. Not idempotent.
#[derive(Debug, Clone)]
pub struct InsertCalendarDataTitle {
    body: TitleBody,
}

impl InsertCalendarDataTitle {
    /// A calendar in `zone` under `real_estate` (the root is all zeros) of
    /// `calendar_type` (`Type`, required; iLOQ publishes no values), with a
    /// generated `CalendarDataTitle_ID`.
    pub fn new(real_estate: RealEstateId, zone: ZoneId, calendar_type: i64) -> Self {
        Self {
            body: TitleBody {
                id: CalendarDataTitleId::generate(),
                description: None,
                name: None,
                option_mask: None,
                real_estate_id: real_estate,
                reservable_period_length_weeks: None,
                reservation_target_type: None,
                calendar_type,
                zone_id: zone,
            },
        }
    }

    /// The `CalendarDataTitle_ID` that will be sent.
    pub fn calendar_id(&self) -> CalendarDataTitleId {
        self.body.id
    }

    /// Sets `CalendarDataTitle_ID` (instead of the generated one).
    pub fn id(mut self, id: CalendarDataTitleId) -> Self {
        self.body.id = id;
        self
    }

    /// Sets `Name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// Sets `Description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.body.description = Some(description.into());
        self
    }

    /// Sets `OptionMask`.
    pub fn option_mask(mut self, mask: i64) -> Self {
        self.body.option_mask = Some(mask);
        self
    }

    /// Sets `ReservablePeriodLengthWeeks` (not negative).
    pub fn reservable_period_length_weeks(mut self, weeks: i32) -> Self {
        self.body.reservable_period_length_weeks = Some(weeks);
        self
    }

    /// Sets `ReservationTargetType`.
    pub fn reservation_target_type(mut self, target: i64) -> Self {
        self.body.reservation_target_type = Some(target);
        self
    }
}

access_core::endpoint! {
    impl Endpoint for InsertCalendarDataTitle {
        name: "POST /api/v2/CalendarDataTitles",
        method: POST,
        path: "api/v2/CalendarDataTitles",
        output: (),
        error: InsertCalendarDataTitleError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.body),
        validate: |s| s.body.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/CalendarDataTitles` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertCalendarDataTitleError {
    }
}

/// `PUT /api/v2/CalendarDataTitles` **\[V\]** OpenAPI: updates a calendar
/// (`CalendarDataTitleUpdate`, every field; what is `null` is sent as `null`).
/// Right: edit doors' calendar controls.
#[derive(Debug, Clone)]
pub struct UpdateCalendarDataTitle {
    body: TitleBody,
}

impl UpdateCalendarDataTitle {
    /// An update of calendar `id` with the required fields; the optional ones
    /// are sent as `null` unless set.
    pub fn new(
        id: CalendarDataTitleId,
        real_estate: RealEstateId,
        zone: ZoneId,
        calendar_type: i64,
    ) -> Self {
        Self {
            body: TitleBody {
                id,
                ..InsertCalendarDataTitle::new(real_estate, zone, calendar_type).body
            },
        }
    }

    /// An update that writes back `title` as read (read-modify-write: change
    /// it with the setters). A title read without a real estate is written
    /// under the root (all zeros); one without a zone fails (`Zone_ID` is required).
    pub fn from_title(title: &CalendarDataTitle) -> Result<Self, ValidationError> {
        let zone = title
            .zone_id
            .ok_or_else(|| ValidationError::new("Zone_ID", "is required"))?;
        Ok(Self {
            body: TitleBody {
                id: title.id,
                description: title.description.clone(),
                name: title.name.clone(),
                option_mask: Some(title.option_mask),
                real_estate_id: title
                    .real_estate_id
                    .unwrap_or(RealEstateId::new(uuid::Uuid::nil())),
                reservable_period_length_weeks: Some(title.reservable_period_length_weeks),
                reservation_target_type: Some(title.reservation_target_type),
                calendar_type: title.calendar_type,
                zone_id: zone,
            },
        })
    }

    /// Sets `Name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// Sets `Description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.body.description = Some(description.into());
        self
    }

    /// Sets `OptionMask`.
    pub fn option_mask(mut self, mask: i64) -> Self {
        self.body.option_mask = Some(mask);
        self
    }

    /// Sets `ReservablePeriodLengthWeeks` (not negative).
    pub fn reservable_period_length_weeks(mut self, weeks: i32) -> Self {
        self.body.reservable_period_length_weeks = Some(weeks);
        self
    }

    /// Sets `ReservationTargetType`.
    pub fn reservation_target_type(mut self, target: i64) -> Self {
        self.body.reservation_target_type = Some(target);
        self
    }

    /// Sets `Type`.
    pub fn calendar_type(mut self, calendar_type: i64) -> Self {
        self.body.calendar_type = calendar_type;
        self
    }

    /// Sets `Zone_ID`.
    pub fn zone(mut self, zone: ZoneId) -> Self {
        self.body.zone_id = zone;
        self
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateCalendarDataTitle {
        name: "PUT /api/v2/CalendarDataTitles",
        method: PUT,
        path: "api/v2/CalendarDataTitles",
        output: (),
        error: UpdateCalendarDataTitleError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.body),
        validate: |s| s.body.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/CalendarDataTitles` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdateCalendarDataTitleError {
    }
}

/// `DELETE /api/v2/CalendarDataTitles/{id}` **\[V\]** OpenAPI: deletes a
/// calendar. Right: edit doors' calendar controls.
#[derive(Debug, Clone)]
pub struct DeleteCalendarDataTitle {
    id: CalendarDataTitleId,
}

impl DeleteCalendarDataTitle {
    /// The request with its required parameters.
    pub fn new(id: CalendarDataTitleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteCalendarDataTitle {
        name: "DELETE /api/v2/CalendarDataTitles/{id}",
        method: DELETE,
        path: |s| format!("api/v2/CalendarDataTitles/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteCalendarDataTitleError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/CalendarDataTitles/{id}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteCalendarDataTitleError {
    }
}

// ---------------------------------------------------------------------------
// CalendarDatas
// ---------------------------------------------------------------------------

/// `GET /api/v2/CalendarDataTitles/{id}/CalendarDatas?startDate=&endDate=`
/// **\[V\]** OpenAPI: a calendar's entries, optionally only those in a window
/// (local time, written `yyyy-MM-ddTHH:mm:ss` **\[I\]**). Right: edit doors'
/// calendar controls.
#[derive(Debug, Clone)]
pub struct GetCalendarDatasOfTitle {
    id: CalendarDataTitleId,
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
}

impl GetCalendarDatasOfTitle {
    /// Every entry of calendar `id`.
    pub fn new(id: CalendarDataTitleId) -> Self {
        Self {
            id,
            start: None,
            end: None,
        }
    }

    /// `startDate`: only entries from this time on.
    pub fn start_date(mut self, start: NaiveDateTime) -> Self {
        self.start = Some(start);
        self
    }

    /// `endDate`: only entries up to this time.
    pub fn end_date(mut self, end: NaiveDateTime) -> Self {
        self.end = Some(end);
        self
    }
}

access_core::endpoint! {
    impl Endpoint for GetCalendarDatasOfTitle {
        name: "GET /api/v2/CalendarDataTitles/{id}/CalendarDatas",
        method: GET,
        path: |s| format!("api/v2/CalendarDataTitles/{}/CalendarDatas", segment(&s.id.to_string())),
        output: CalendarDataSet,
        error: GetCalendarDatasOfTitleError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            q.push_opt("startDate", s.start.as_ref().map(crate::dates::format_local));
            q.push_opt("endDate", s.end.as_ref().map(crate::dates::format_local));
            q
        },
        validate: |s| {
            if let (Some(a), Some(b)) = (s.start, s.end) && a > b {
                return Err(ValidationError::new("startDate", "must not be after endDate"));
            }
            Ok(())
        },
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/CalendarDataTitles/{id}/CalendarDatas` (iLOQ documents none per endpoint: its general rows).
    pub enum GetCalendarDatasOfTitleError {
    }
}

/// The answer of `GET /CalendarDatas/{id}`: an object with one entry set (one
/// with none is not an entry: a decode error, not an empty item).
fn decode_item(
    r: access_core::http::Response,
) -> Result<CalendarDataItem, access_core::DecodeError> {
    let item: CalendarDataItem = r.json()?;
    if item.common().is_none() {
        return Err(access_core::DecodeError::new(
            r.status,
            ".",
            "expected one of Entry, RecurringEntry, RecurringEntryException",
            &r.body,
        ));
    }
    Ok(item)
}

/// `GET /api/v2/CalendarDatas/{id}` **\[V\]** OpenAPI: one entry, recurring
/// entry or exception. Right: edit doors' calendar controls.
#[derive(Debug, Clone)]
pub struct GetCalendarData {
    id: CalendarDataId,
}

impl GetCalendarData {
    /// The request with its required parameters.
    pub fn new(id: CalendarDataId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetCalendarData {
        name: "GET /api/v2/CalendarDatas/{id}",
        method: GET,
        path: |s| format!("api/v2/CalendarDatas/{}", segment(&s.id.to_string())),
        output: CalendarDataItem,
        error: GetCalendarDataError,
        idempotent: true,
        decode: |_, r| decode_item(r),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/CalendarDatas/{id}` (its documented row and iLOQ's general rows).
    pub enum GetCalendarDataError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[I\]** (as for the other
        /// read-by-id calls, **\[V\]** T4E).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `POST /api/v2/CalendarDatas` **\[V\]** OpenAPI: adds entries, recurring
/// entries and exceptions (`CalendarDataInsertParam`; the three lists are
/// always sent, empty ones as `[]`). Right: edit doors' calendar controls. Not
/// idempotent.
#[derive(Debug, Clone)]
pub struct InsertCalendarDatas {
    set: CalendarDataSet,
}

impl InsertCalendarDatas {
    /// The request; at least one item, each checked ([`CalendarDataEntry::check`],
    /// [`CalendarDataRecurringEntry::check`]).
    pub fn new(set: CalendarDataSet) -> Result<Self, ValidationError> {
        set.check()?;
        Ok(Self { set })
    }
}

access_core::endpoint! {
    impl Endpoint for InsertCalendarDatas {
        name: "POST /api/v2/CalendarDatas",
        method: POST,
        path: "api/v2/CalendarDatas",
        output: (),
        error: InsertCalendarDatasError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.set),
        validate: |s| s.set.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/CalendarDatas` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertCalendarDatasError {
    }
}

/// `PUT /api/v2/CalendarDatas` **\[V\]** OpenAPI: updates entries by their
/// `CalendarData_ID` (`CalendarDataUpdateParam`). Right: edit doors' calendar
/// controls.
#[derive(Debug, Clone)]
pub struct UpdateCalendarDatas {
    set: CalendarDataSet,
}

impl UpdateCalendarDatas {
    /// The request; at least one item, each checked.
    pub fn new(set: CalendarDataSet) -> Result<Self, ValidationError> {
        set.check()?;
        Ok(Self { set })
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateCalendarDatas {
        name: "PUT /api/v2/CalendarDatas",
        method: PUT,
        path: "api/v2/CalendarDatas",
        output: (),
        error: UpdateCalendarDatasError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.set),
        validate: |s| s.set.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/CalendarDatas` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdateCalendarDatasError {
    }
}

/// `DELETE /api/v2/CalendarDatas/{id}` **\[V\]** OpenAPI: deletes one entry.
/// Right: edit doors' calendar controls.
#[derive(Debug, Clone)]
pub struct DeleteCalendarData {
    id: CalendarDataId,
}

impl DeleteCalendarData {
    /// The request with its required parameters.
    pub fn new(id: CalendarDataId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteCalendarData {
        name: "DELETE /api/v2/CalendarDatas/{id}",
        method: DELETE,
        path: |s| format!("api/v2/CalendarDatas/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteCalendarDataError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/CalendarDatas/{id}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteCalendarDataError {
    }
}

// ---------------------------------------------------------------------------
// CalendarDataSecurityRoleLinks
// ---------------------------------------------------------------------------

/// `{"SecurityRoleIds": [...]}`: the body of the three link writes
/// (`CalendarDataSecurityRoleLinks{Insert,Set,Delete}LinksParam`) **\[V\]** OpenAPI.
#[derive(Serialize)]
struct RoleIds<'a> {
    #[serde(rename = "SecurityRoleIds")]
    ids: &'a [SecurityRoleId],
}

fn some_roles(ids: &[SecurityRoleId]) -> Result<(), ValidationError> {
    if ids.is_empty() {
        return Err(ValidationError::new(
            "SecurityRoleIds",
            "needs at least one security role",
        ));
    }
    Ok(())
}

/// `GET /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks` **\[V\]**
/// OpenAPI: the security roles linked to a calendar entry. Right: edit doors'
/// calendar controls.
#[derive(Debug, Clone)]
pub struct GetCalendarDataSecurityRoleLinks {
    id: CalendarDataId,
}

impl GetCalendarDataSecurityRoleLinks {
    /// The request with its required parameters.
    pub fn new(id: CalendarDataId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetCalendarDataSecurityRoleLinks {
        name: "GET /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks",
        method: GET,
        path: |s| format!("api/v2/CalendarDatas/{}/CalendarDataSecurityRoleLinks", segment(&s.id.to_string())),
        output: Vec<CalendarDataSecurityRoleLink>,
        error: GetCalendarDataSecurityRoleLinksError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks` (iLOQ documents none per endpoint: its general rows).
    pub enum GetCalendarDataSecurityRoleLinksError {
    }
}

/// `GET /api/v2/SecurityRoles/{id}/CalendarDataSecurityRoleLinks` **\[V\]**
/// OpenAPI: the calendar entries linked to a security role (code access
/// group). Right: edit doors' calendar controls.
#[derive(Debug, Clone)]
pub struct GetSecurityRoleCalendarDataLinks {
    id: SecurityRoleId,
}

impl GetSecurityRoleCalendarDataLinks {
    /// The request with its required parameters.
    pub fn new(id: SecurityRoleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetSecurityRoleCalendarDataLinks {
        name: "GET /api/v2/SecurityRoles/{id}/CalendarDataSecurityRoleLinks",
        method: GET,
        path: |s| format!("api/v2/SecurityRoles/{}/CalendarDataSecurityRoleLinks", segment(&s.id.to_string())),
        output: Vec<CalendarDataSecurityRoleLink>,
        error: GetSecurityRoleCalendarDataLinksError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/SecurityRoles/{id}/CalendarDataSecurityRoleLinks` (iLOQ documents none per endpoint: its general rows).
    pub enum GetSecurityRoleCalendarDataLinksError {
    }
}

/// `POST /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks` **\[V\]**
/// OpenAPI: links more security roles to a calendar entry
/// (`CalendarDataSecurityRoleLinksInsertLinksParam`). Right: edit doors'
/// calendar controls. Not idempotent.
#[derive(Debug, Clone)]
pub struct InsertCalendarDataSecurityRoleLinks {
    id: CalendarDataId,
    roles: Vec<SecurityRoleId>,
}

impl InsertCalendarDataSecurityRoleLinks {
    /// The request; at least one role.
    pub fn new(id: CalendarDataId, roles: Vec<SecurityRoleId>) -> Result<Self, ValidationError> {
        some_roles(&roles)?;
        Ok(Self { id, roles })
    }
}

access_core::endpoint! {
    impl Endpoint for InsertCalendarDataSecurityRoleLinks {
        name: "POST /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks",
        method: POST,
        path: |s| format!("api/v2/CalendarDatas/{}/CalendarDataSecurityRoleLinks", segment(&s.id.to_string())),
        output: (),
        error: InsertCalendarDataSecurityRoleLinksError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&RoleIds { ids: &s.roles }),
        validate: |s| some_roles(&s.roles),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertCalendarDataSecurityRoleLinksError {
    }
}

/// `PUT /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks` **\[V\]**
/// OpenAPI: **replaces** a calendar entry's security roles
/// (`CalendarDataSecurityRoleLinksSetLinksParam`): what is not given is
/// unlinked, and an empty list clears every link. Right: edit doors' calendar
/// controls.
#[derive(Debug, Clone)]
pub struct SetCalendarDataSecurityRoleLinks {
    id: CalendarDataId,
    roles: Vec<SecurityRoleId>,
}

impl SetCalendarDataSecurityRoleLinks {
    /// The request (an empty `roles` clears the links).
    pub fn new(id: CalendarDataId, roles: Vec<SecurityRoleId>) -> Self {
        Self { id, roles }
    }
}

access_core::endpoint! {
    impl Endpoint for SetCalendarDataSecurityRoleLinks {
        name: "PUT /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks",
        method: PUT,
        path: |s| format!("api/v2/CalendarDatas/{}/CalendarDataSecurityRoleLinks", segment(&s.id.to_string())),
        output: (),
        error: SetCalendarDataSecurityRoleLinksError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&RoleIds { ids: &s.roles }),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks` (iLOQ documents none per endpoint: its general rows).
    pub enum SetCalendarDataSecurityRoleLinksError {
    }
}

/// `POST /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks/Delete`
/// **\[V\]** OpenAPI: unlinks security roles from a calendar entry
/// (`CalendarDataSecurityRoleLinksDeleteLinksParam`). Right: edit doors'
/// calendar controls.
#[derive(Debug, Clone)]
pub struct DeleteCalendarDataSecurityRoleLinks {
    id: CalendarDataId,
    roles: Vec<SecurityRoleId>,
}

impl DeleteCalendarDataSecurityRoleLinks {
    /// The request; at least one role.
    pub fn new(id: CalendarDataId, roles: Vec<SecurityRoleId>) -> Result<Self, ValidationError> {
        some_roles(&roles)?;
        Ok(Self { id, roles })
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteCalendarDataSecurityRoleLinks {
        name: "POST /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks/Delete",
        method: POST,
        path: |s| format!("api/v2/CalendarDatas/{}/CalendarDataSecurityRoleLinks/Delete", segment(&s.id.to_string())),
        output: (),
        error: DeleteCalendarDataSecurityRoleLinksError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&RoleIds { ids: &s.roles }),
        validate: |s| some_roles(&s.roles),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks/Delete` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteCalendarDataSecurityRoleLinksError {
    }
}

// ---------------------------------------------------------------------------
// CalendarNetworkModuleRelayLinks
// ---------------------------------------------------------------------------

/// `GET /api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks`
/// **\[V\]** OpenAPI: the relays a calendar drives. Right: administrate locking
/// system.
#[derive(Debug, Clone)]
pub struct GetCalendarRelayLinks {
    id: CalendarDataTitleId,
}

impl GetCalendarRelayLinks {
    /// The request with its required parameters.
    pub fn new(id: CalendarDataTitleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetCalendarRelayLinks {
        name: "GET /api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks",
        method: GET,
        path: |s| format!("api/v2/CalendarDataTitles/{}/CalendarNetworkModuleDeviceRelayLinks", segment(&s.id.to_string())),
        output: Vec<CalendarNetworkModuleRelayLink>,
        error: GetCalendarRelayLinksError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks` (iLOQ documents none per endpoint: its general rows).
    pub enum GetCalendarRelayLinksError {
    }
}

/// `GET /api/v2/NetworkModuleDeviceRelays/{id}/CalendarNetworkModuleDeviceRelayLinks`
/// **\[V\]** OpenAPI: the calendars that drive a relay. Right: administrate
/// locking system.
#[derive(Debug, Clone)]
pub struct GetRelayCalendarLinks {
    id: NetworkModuleDeviceRelayId,
}

impl GetRelayCalendarLinks {
    /// The request with its required parameters.
    pub fn new(id: NetworkModuleDeviceRelayId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetRelayCalendarLinks {
        name: "GET /api/v2/NetworkModuleDeviceRelays/{id}/CalendarNetworkModuleDeviceRelayLinks",
        method: GET,
        path: |s| format!("api/v2/NetworkModuleDeviceRelays/{}/CalendarNetworkModuleDeviceRelayLinks", segment(&s.id.to_string())),
        output: Vec<CalendarNetworkModuleRelayLink>,
        error: GetRelayCalendarLinksError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/NetworkModuleDeviceRelays/{id}/CalendarNetworkModuleDeviceRelayLinks` (iLOQ documents none per endpoint: its general rows).
    pub enum GetRelayCalendarLinksError {
    }
}

/// `PUT /api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks`
/// **\[V\]** OpenAPI: **replaces** the relays a calendar drives
/// (`CalendarNetworkModuleDeviceRelayLinksSetLinksParam`, `{"NetworkModuleDeviceRelayIds": [...]}`):
/// what is not given is unlinked, an empty list clears every link. Right:
/// administrate locking system.
#[derive(Debug, Clone)]
pub struct SetCalendarRelayLinks {
    id: CalendarDataTitleId,
    relays: Vec<NetworkModuleDeviceRelayId>,
}

impl SetCalendarRelayLinks {
    /// The request (an empty `relays` clears the links).
    pub fn new(id: CalendarDataTitleId, relays: Vec<NetworkModuleDeviceRelayId>) -> Self {
        Self { id, relays }
    }
}

#[derive(Serialize)]
struct RelayIds<'a> {
    #[serde(rename = "NetworkModuleDeviceRelayIds")]
    ids: &'a [NetworkModuleDeviceRelayId],
}

access_core::endpoint! {
    impl Endpoint for SetCalendarRelayLinks {
        name: "PUT /api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks",
        method: PUT,
        path: |s| format!("api/v2/CalendarDataTitles/{}/CalendarNetworkModuleDeviceRelayLinks", segment(&s.id.to_string())),
        output: (),
        error: SetCalendarRelayLinksError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&RelayIds { ids: &s.relays }),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks` (iLOQ documents none per endpoint: its general rows).
    pub enum SetCalendarRelayLinksError {
    }
}

// ---------------------------------------------------------------------------
// Handles
// ---------------------------------------------------------------------------

/// Calendar calls of a [`Client`]: `client.calendar_data_titles()` (iLOQ's
/// `CalendarDataTitles`). Right: edit doors' calendar controls.
#[derive(Debug, Clone, Copy)]
pub struct CalendarDataTitles<'a>(&'a Client);

/// Calendar entry calls of a [`Client`]: `client.calendar_datas()` (iLOQ's
/// `CalendarDatas`). Right: edit doors' calendar controls.
#[derive(Debug, Clone, Copy)]
pub struct CalendarDatas<'a>(&'a Client);

/// Calendar entry / security role link calls of a [`Client`]:
/// `client.calendar_data_security_role_links()` (iLOQ's
/// `CalendarDataSecurityRoleLinks`). Right: edit doors' calendar controls.
#[derive(Debug, Clone, Copy)]
pub struct CalendarDataSecurityRoleLinks<'a>(&'a Client);

/// Calendar / relay link calls of a [`Client`]:
/// `client.calendar_network_module_relay_links()` (iLOQ's
/// `CalendarNetworkModuleRelayLinks`). Right: administrate locking system.
#[derive(Debug, Clone, Copy)]
pub struct CalendarNetworkModuleRelayLinks<'a>(&'a Client);

impl Client {
    /// Calendars (`/api/v2/CalendarDataTitles`).
    pub fn calendar_data_titles(&self) -> CalendarDataTitles<'_> {
        CalendarDataTitles(self)
    }

    /// Calendar entries (`/api/v2/CalendarDatas`).
    pub fn calendar_datas(&self) -> CalendarDatas<'_> {
        CalendarDatas(self)
    }

    /// Links between calendar entries and security roles
    /// (`/api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks`).
    pub fn calendar_data_security_role_links(&self) -> CalendarDataSecurityRoleLinks<'_> {
        CalendarDataSecurityRoleLinks(self)
    }

    /// Links between calendars and network module relays
    /// (`/api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks`).
    pub fn calendar_network_module_relay_links(&self) -> CalendarNetworkModuleRelayLinks<'_> {
        CalendarNetworkModuleRelayLinks(self)
    }
}

impl CalendarDataTitles<'_> {
    /// Every calendar (answered whole).
    pub async fn list(self) -> Result<Vec<CalendarDataTitle>, Error<ListCalendarDataTitlesError>> {
        self.0.send(&ListCalendarDataTitles::new()).await
    }

    /// One calendar.
    pub async fn get(
        self,
        id: CalendarDataTitleId,
    ) -> Result<CalendarDataTitle, Error<GetCalendarDataTitleError>> {
        self.0.send(&GetCalendarDataTitle::new(id)).await
    }

    /// Adds a calendar; answers its id (the one the request carries).
    pub async fn insert(
        self,
        request: InsertCalendarDataTitle,
    ) -> Result<CalendarDataTitleId, Error<InsertCalendarDataTitleError>> {
        let id = request.calendar_id();
        self.0.send(&request).await?;
        Ok(id)
    }

    /// Updates a calendar (every field).
    pub async fn update(
        self,
        request: UpdateCalendarDataTitle,
    ) -> Result<(), Error<UpdateCalendarDataTitleError>> {
        self.0.send(&request).await
    }

    /// Deletes a calendar.
    pub async fn delete(
        self,
        id: CalendarDataTitleId,
    ) -> Result<(), Error<DeleteCalendarDataTitleError>> {
        self.0.send(&DeleteCalendarDataTitle::new(id)).await
    }
}

impl CalendarDatas<'_> {
    /// The entries of calendar `id`, filtered with the request's window
    /// (`GetCalendarDatasOfTitle::new(id).start_date(..).end_date(..)`).
    pub async fn of_calendar(
        self,
        request: GetCalendarDatasOfTitle,
    ) -> Result<CalendarDataSet, Error<GetCalendarDatasOfTitleError>> {
        self.0.send(&request).await
    }

    /// One entry, recurring entry or exception.
    pub async fn get(
        self,
        id: CalendarDataId,
    ) -> Result<CalendarDataItem, Error<GetCalendarDataError>> {
        self.0.send(&GetCalendarData::new(id)).await
    }

    /// Adds entries (at least one).
    pub async fn insert(self, set: CalendarDataSet) -> Result<(), Error<InsertCalendarDatasError>> {
        self.0.send(&InsertCalendarDatas::new(set)?).await
    }

    /// Updates entries by id (at least one).
    pub async fn update(self, set: CalendarDataSet) -> Result<(), Error<UpdateCalendarDatasError>> {
        self.0.send(&UpdateCalendarDatas::new(set)?).await
    }

    /// Deletes one entry.
    pub async fn delete(self, id: CalendarDataId) -> Result<(), Error<DeleteCalendarDataError>> {
        self.0.send(&DeleteCalendarData::new(id)).await
    }
}

impl CalendarDataSecurityRoleLinks<'_> {
    /// The security roles linked to a calendar entry.
    pub async fn of_calendar_data(
        self,
        id: CalendarDataId,
    ) -> Result<Vec<CalendarDataSecurityRoleLink>, Error<GetCalendarDataSecurityRoleLinksError>>
    {
        self.0
            .send(&GetCalendarDataSecurityRoleLinks::new(id))
            .await
    }

    /// The calendar entries linked to a security role.
    pub async fn of_security_role(
        self,
        id: SecurityRoleId,
    ) -> Result<Vec<CalendarDataSecurityRoleLink>, Error<GetSecurityRoleCalendarDataLinksError>>
    {
        self.0
            .send(&GetSecurityRoleCalendarDataLinks::new(id))
            .await
    }

    /// Links more security roles (at least one).
    pub async fn insert(
        self,
        id: CalendarDataId,
        roles: Vec<SecurityRoleId>,
    ) -> Result<(), Error<InsertCalendarDataSecurityRoleLinksError>> {
        self.0
            .send(&InsertCalendarDataSecurityRoleLinks::new(id, roles)?)
            .await
    }

    /// Replaces the linked security roles (empty: unlink all).
    pub async fn set(
        self,
        id: CalendarDataId,
        roles: Vec<SecurityRoleId>,
    ) -> Result<(), Error<SetCalendarDataSecurityRoleLinksError>> {
        self.0
            .send(&SetCalendarDataSecurityRoleLinks::new(id, roles))
            .await
    }

    /// Unlinks security roles (at least one).
    pub async fn delete(
        self,
        id: CalendarDataId,
        roles: Vec<SecurityRoleId>,
    ) -> Result<(), Error<DeleteCalendarDataSecurityRoleLinksError>> {
        self.0
            .send(&DeleteCalendarDataSecurityRoleLinks::new(id, roles)?)
            .await
    }
}

impl CalendarNetworkModuleRelayLinks<'_> {
    /// The relays a calendar drives.
    pub async fn of_calendar(
        self,
        id: CalendarDataTitleId,
    ) -> Result<Vec<CalendarNetworkModuleRelayLink>, Error<GetCalendarRelayLinksError>> {
        self.0.send(&GetCalendarRelayLinks::new(id)).await
    }

    /// The calendars that drive a relay.
    pub async fn of_relay(
        self,
        id: NetworkModuleDeviceRelayId,
    ) -> Result<Vec<CalendarNetworkModuleRelayLink>, Error<GetRelayCalendarLinksError>> {
        self.0.send(&GetRelayCalendarLinks::new(id)).await
    }

    /// Replaces the relays a calendar drives (empty: unlink all).
    pub async fn set(
        self,
        id: CalendarDataTitleId,
        relays: Vec<NetworkModuleDeviceRelayId>,
    ) -> Result<(), Error<SetCalendarRelayLinksError>> {
        self.0.send(&SetCalendarRelayLinks::new(id, relays)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(s: &str) -> NaiveDateTime {
        crate::dates::parse_naive(s).unwrap()
    }

    #[test]
    fn answers_are_lenient_and_models_round_trip() {
        let set: CalendarDataSet = serde_json::from_value(
            json!({"Entries": null, "RecurringEntries": null, "RecurringEntryExceptions": []}),
        )
        .unwrap();
        assert!(set.is_empty());
        let title: CalendarDataTitle = serde_json::from_value(json!({
            "CalendarDataTitle_ID": "c0000000-0000-4000-8000-000000000001", "OptionMask": "3",
            "ReservablePeriodLengthWeeks": null, "Zone_ID": "", "Type": 2
        }))
        .unwrap();
        assert_eq!(
            (
                title.option_mask,
                title.reservable_period_length_weeks,
                title.zone_id,
                title.calendar_type
            ),
            (3, 0, None, 2)
        );
        let weekly = CalendarDataRecurringEntry::weekly(
            CalendarDataTitleId::generate(),
            CalendarDataType::RelayOn,
            DaysOfWeek::WORKDAYS,
            t("2025-01-01T08:00:00"),
            90,
            t("2025-01-01T00:00:00"),
            t("2025-12-31T00:00:00"),
        )
        .unwrap();
        assert_eq!(weekly.days_of_week.bits(), 62);
        assert_eq!(weekly.occurrence_duration_ticks, 90 * 60 * 10_000_000);
        let x = CalendarDataRecurringEntryException::removed(&weekly, t("2025-03-03T08:00:00"));
        let set = CalendarDataSet::new().recurring_entry(weekly).exception(x);
        let back: CalendarDataSet =
            serde_json::from_value(serde_json::to_value(&set).unwrap()).unwrap();
        assert_eq!(back, set);
    }

    #[test]
    fn requests_are_checked_before_sending() {
        let cal = CalendarDataTitleId::generate();
        assert!(
            CalendarDataEntry::new(
                cal,
                CalendarDataType::RelayOn,
                t("2025-01-02T00:00:00"),
                t("2025-01-01T00:00:00")
            )
            .is_err()
        );
        assert!(
            CalendarDataRecurringEntry::weekly(
                cal,
                CalendarDataType::RelayOn,
                DaysOfWeek::empty(),
                t("2025-01-01T08:00:00"),
                60,
                t("2025-01-01T00:00:00"),
                t("2025-12-31T00:00:00"),
            )
            .is_err()
        );
        assert!(InsertCalendarDatas::new(CalendarDataSet::new()).is_err());
        assert!(
            InsertCalendarDataSecurityRoleLinks::new(CalendarDataId::generate(), vec![]).is_err()
        );
        let weeks = InsertCalendarDataTitle::new(
            RealEstateId::new(uuid::Uuid::nil()),
            ZoneId::generate(),
            0,
        )
        .reservable_period_length_weeks(-1);
        assert!(access_core::http::Endpoint::validate(&weeks).is_err());
    }
}
