//! Weekly schedules and validity windows.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ValidationError;

/// A day of the week, Sunday first (Allthenticate's `time_mapping` order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Weekday {
    /// Sunday (index 0).
    Sunday,
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday (index 6).
    Saturday,
}

impl Weekday {
    /// All days, Sunday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Sunday,
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
    ];
    /// Monday to Friday.
    pub const WORKDAYS: [Weekday; 5] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ];

    /// The index, Sunday = 0.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Whole hours `[start, end)` of one day, `0 <= start < end <= 24`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HourRange {
    start: u8,
    end: u8,
}

impl HourRange {
    /// Validates a range of hours.
    pub fn new(start: u8, end: u8) -> Result<Self, ValidationError> {
        if end > 24 {
            return Err(ValidationError::new(
                "time_mapping",
                "hours must be within 0..=24",
            ));
        }
        if start >= end {
            return Err(ValidationError::new(
                "time_mapping",
                "each range must start before it ends",
            ));
        }
        Ok(Self { start, end })
    }

    /// The first hour.
    pub fn start(self) -> u8 {
        self.start
    }

    /// The hour the range ends (exclusive).
    pub fn end(self) -> u8 {
        self.end
    }

    /// The whole day, 0 to 24.
    pub fn all_day() -> Self {
        Self { start: 0, end: 24 }
    }

    /// Whether `hour` (0..24) falls in the range.
    pub fn contains(self, hour: u8) -> bool {
        self.start <= hour && hour < self.end
    }
}

impl Serialize for HourRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for HourRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let [start, end] = <[u8; 2]>::deserialize(d)?;
        HourRange::new(start, end).map_err(serde::de::Error::custom)
    }
}

/// When access is allowed in a week: for each of the 7 days (Sunday first), a
/// list of hour ranges that do not overlap. This is Allthenticate's
/// `time_mapping` and serializes exactly as it: `[[[9,17]], [], ...]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct WeeklySchedule {
    days: [Vec<HourRange>; 7],
}

impl WeeklySchedule {
    /// A schedule from 7 days of ranges, Sunday first. Ranges are sorted; overlapping
    /// or touching-and-overlapping ranges are refused.
    pub fn new(days: [Vec<HourRange>; 7]) -> Result<Self, ValidationError> {
        let mut days = days;
        for (i, day) in days.iter_mut().enumerate() {
            day.sort();
            for pair in day.windows(2) {
                if pair[1].start < pair[0].end {
                    return Err(ValidationError::new(
                        "time_mapping",
                        format!("ranges of {:?} overlap", Weekday::ALL[i]),
                    ));
                }
            }
        }
        Ok(Self { days })
    }

    /// From raw `[start, end]` pairs per day, as a vendor sends them.
    pub fn from_pairs(days: &[Vec<[u8; 2]>]) -> Result<Self, ValidationError> {
        if days.len() != 7 {
            return Err(ValidationError::new(
                "time_mapping",
                "must have exactly 7 days, Sunday first",
            ));
        }
        let mut out: [Vec<HourRange>; 7] = Default::default();
        for (i, day) in days.iter().enumerate() {
            out[i] = day
                .iter()
                .map(|[s, e]| HourRange::new(*s, *e))
                .collect::<Result<_, _>>()?;
        }
        Self::new(out)
    }

    /// Access at all times.
    pub fn always() -> Self {
        Self {
            days: std::array::from_fn(|_| vec![HourRange::all_day()]),
        }
    }

    /// No access at all.
    pub fn never() -> Self {
        Self::default()
    }

    /// `start` to `end` on Monday to Friday, nothing at weekends ("9 to 5 on weekdays":
    /// `WeeklySchedule::workdays(9, 17)`).
    pub fn workdays(start: u8, end: u8) -> Result<Self, ValidationError> {
        let range = HourRange::new(start, end)?;
        let mut days: [Vec<HourRange>; 7] = Default::default();
        for d in Weekday::WORKDAYS {
            days[d.index()] = vec![range];
        }
        Ok(Self { days })
    }

    /// The same ranges every day.
    pub fn daily(start: u8, end: u8) -> Result<Self, ValidationError> {
        let range = HourRange::new(start, end)?;
        Ok(Self {
            days: std::array::from_fn(|_| vec![range]),
        })
    }

    /// Replaces one day's ranges.
    pub fn with_day(
        mut self,
        day: Weekday,
        ranges: Vec<HourRange>,
    ) -> Result<Self, ValidationError> {
        self.days[day.index()] = ranges;
        Self::new(self.days)
    }

    /// The ranges of a day.
    pub fn day(&self, day: Weekday) -> &[HourRange] {
        &self.days[day.index()]
    }

    /// Whether access is allowed on `day` at `hour`.
    pub fn allows(&self, day: Weekday, hour: u8) -> bool {
        self.days[day.index()].iter().any(|r| r.contains(hour))
    }

    /// The raw `[start, end]` pairs per day, Sunday first.
    pub fn to_pairs(&self) -> Vec<Vec<[u8; 2]>> {
        self.days
            .iter()
            .map(|d| d.iter().map(|r| [r.start, r.end]).collect())
            .collect()
    }
}

impl Serialize for WeeklySchedule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.days.serialize(s)
    }
}

impl<'de> Deserialize<'de> for WeeklySchedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let days = Vec::<Vec<[u8; 2]>>::deserialize(d)?;
        WeeklySchedule::from_pairs(&days).map_err(serde::de::Error::custom)
    }
}

/// When a person or credential is valid: from `not_before` until `not_after`,
/// both optional, in the vendor's local time (the vendors store zone-less times).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Validity {
    not_before: Option<NaiveDateTime>,
    not_after: Option<NaiveDateTime>,
}

impl Validity {
    /// Validates a window: when both ends are given, the start is before the end.
    pub fn new(
        not_before: Option<NaiveDateTime>,
        not_after: Option<NaiveDateTime>,
    ) -> Result<Self, ValidationError> {
        if let (Some(a), Some(b)) = (not_before, not_after)
            && a >= b
        {
            return Err(ValidationError::new(
                "validity",
                "must start before it ends",
            ));
        }
        Ok(Self {
            not_before,
            not_after,
        })
    }

    /// Valid at all times.
    pub fn always() -> Self {
        Self::default()
    }

    /// Valid between two times.
    pub fn between(from: NaiveDateTime, until: NaiveDateTime) -> Result<Self, ValidationError> {
        Self::new(Some(from), Some(until))
    }

    /// The start, if any.
    pub fn not_before(&self) -> Option<NaiveDateTime> {
        self.not_before
    }

    /// The end, if any.
    pub fn not_after(&self) -> Option<NaiveDateTime> {
        self.not_after
    }

    /// Whether `t` falls in the window (start inclusive, end exclusive).
    pub fn contains(&self, t: NaiveDateTime) -> bool {
        self.not_before.is_none_or(|a| a <= t) && self.not_after.is_none_or(|b| t < b)
    }
}

impl<'de> Deserialize<'de> for Validity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            not_before: Option<NaiveDateTime>,
            not_after: Option<NaiveDateTime>,
        }
        let r = Raw::deserialize(d)?;
        Validity::new(r.not_before, r.not_after).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.not_before, self.not_after) {
            (None, None) => f.write_str("always"),
            (Some(a), None) => write!(f, "from {a}"),
            (None, Some(b)) => write!(f, "until {b}"),
            (Some(a), Some(b)) => write!(f, "{a} to {b}"),
        }
    }
}
