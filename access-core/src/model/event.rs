//! Access events and the cursors to resume an export from.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ValidationError;

/// Where an event export stands for one vendor: store it, and resume from it.
///
/// The position is the vendor's own: EasySecure's `scanID`, an iLOQ
/// `TimestampUtc` window, an EF-45 log id. It is opaque to callers; its text
/// form `vendor:position` is stable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventCursor {
    vendor: String,
    position: String,
}

impl EventCursor {
    /// A cursor of `vendor` at `position`.
    pub fn new(vendor: impl Into<String>, position: impl Into<String>) -> Self {
        Self {
            vendor: vendor.into(),
            position: position.into(),
        }
    }

    /// The vendor the cursor belongs to.
    pub fn vendor(&self) -> &str {
        &self.vendor
    }

    /// The vendor-specific position.
    pub fn position(&self) -> &str {
        &self.position
    }

    /// Checks that the cursor belongs to `vendor`, for clients receiving one.
    pub fn expect_vendor(&self, vendor: &str) -> Result<&str, ValidationError> {
        if self.vendor == vendor {
            Ok(&self.position)
        } else {
            Err(ValidationError::new(
                "cursor",
                format!("belongs to {}, not {vendor}", self.vendor),
            ))
        }
    }
}

impl fmt::Display for EventCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.vendor, self.position)
    }
}

impl FromStr for EventCursor {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (vendor, position) = s
            .split_once(':')
            .filter(|(v, _)| !v.is_empty())
            .ok_or_else(|| ValidationError::new("cursor", "must be 'vendor:position'"))?;
        Ok(Self::new(vendor, position))
    }
}

/// What happened at a door or terminal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "detail", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AccessEventKind {
    /// Access was granted (a door opened, a credential was accepted).
    Granted,
    /// Access was refused.
    Denied,
    /// Time registration: clocked in.
    ClockIn,
    /// Time registration: clocked out.
    ClockOut,
    /// Time registration: duty in.
    DutyIn,
    /// Time registration: duty out.
    DutyOut,
    /// Anything else, with the vendor's word for it.
    Other(String),
}

impl fmt::Display for AccessEventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccessEventKind::Granted => f.write_str("granted"),
            AccessEventKind::Denied => f.write_str("denied"),
            AccessEventKind::ClockIn => f.write_str("clock in"),
            AccessEventKind::ClockOut => f.write_str("clock out"),
            AccessEventKind::DutyIn => f.write_str("duty in"),
            AccessEventKind::DutyOut => f.write_str("duty out"),
            AccessEventKind::Other(s) => f.write_str(s),
        }
    }
}

/// One event from a vendor's log, in the shape every vendor can fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessEvent {
    /// The vendor (`easysecure`, `iloq`, `allthenticate`, `ef45`).
    pub vendor: String,
    /// The vendor's id of the event.
    pub id: String,
    /// When it happened. Vendors that send zone-less local times are read in the
    /// client's configured time zone (UTC by default); `local_time` keeps the raw value.
    pub occurred_at: DateTime<Utc>,
    /// The time exactly as the vendor sent it, when it had no zone.
    pub local_time: Option<NaiveDateTime>,
    /// What happened.
    pub kind: AccessEventKind,
    /// The person, as the vendor identifies them (external id where available).
    pub person: Option<String>,
    /// The door, lock or terminal.
    pub device: Option<String>,
    /// The vendor's text for the event.
    pub description: Option<String>,
    /// Resume the export after this event with this cursor.
    pub cursor: EventCursor,
}

impl AccessEvent {
    /// An event with the required parts; the rest is empty.
    pub fn new(
        vendor: impl Into<String>,
        id: impl Into<String>,
        occurred_at: DateTime<Utc>,
        kind: AccessEventKind,
        cursor: EventCursor,
    ) -> Self {
        Self {
            vendor: vendor.into(),
            id: id.into(),
            occurred_at,
            local_time: None,
            kind,
            person: None,
            device: None,
            description: None,
            cursor,
        }
    }
}
