//! Types shared by several Allthenticate endpoints: open enums, times,
//! smartcards, unlock durations and the lenient parsers the informal vendor
//! examples call for. The ids are at the crate root ([`crate::EmailId`], ...).

use std::fmt;
use std::time::Duration;

use access_core::ValidationError;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        ///
        /// Values the SDK does not know are kept in `Unknown`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this SDK does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The wire form.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )*
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok($name::from(String::deserialize(d)?.as_str()))
            }
        }
    };
}

open_enum!(
    /// The kind of a resource: `COMPUTER` or `DOOR` **\[V\]**.
    ResourceType {
        /// A computer (Allthenticate log-in).
        Computer = "COMPUTER",
        /// A door.
        Door = "DOOR",
    }
);
open_enum!(
    /// `user_tag` of `/multipleusers`: `GUEST` is the only documented value **\[V\]**.
    UserTag {
        /// Guest users (people given a guest link).
        Guest = "GUEST",
    }
);
open_enum!(
    /// `ad_status`, the status of a member's authentication device **\[V\]**: only
    /// `ACTIVE` appears in the docs.
    DeviceStatus {
        /// The device is active.
        Active = "ACTIVE",
    }
);
open_enum!(
    /// `email_status` of a member **\[V\]**: only `CONFIRMED` appears in the docs.
    /// The simulator uses `PENDING` for invitees who have not accepted yet **\[I\]**.
    EmailStatus {
        /// The member confirmed the address.
        Confirmed = "CONFIRMED",
        /// Invited, not confirmed yet **\[I\]**.
        Pending = "PENDING",
    }
);
open_enum!(
    /// `status` of a resource **\[V\]**: only `ACTIVE` appears in the docs.
    ResourceStatusText {
        /// In service.
        Active = "ACTIVE",
    }
);

/// The lock state to set (`lock_state`): a boolean on the wire, `true` = locked **\[seed\]**.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LockState {
    /// `true`: locked.
    Locked,
    /// `false`: unlocked.
    Unlocked,
}

impl LockState {
    /// The wire value (`true` = locked).
    pub fn as_bool(self) -> bool {
        matches!(self, LockState::Locked)
    }
}

impl Serialize for LockState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(self.as_bool())
    }
}

/// A door's lock status as `/multipleresources` reports it in
/// `resource_status.lock_status`. The value type is not documented **\[V\]**; this
/// accepts booleans (`true` = locked, as `lock_state`), 0/1, and the strings
/// `LOCKED`/`UNLOCKED`/`true`/`false` in any case **\[I\]**. Anything else is kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LockStatus {
    /// Locked.
    Locked,
    /// Unlocked.
    Unlocked,
    /// Any other value, kept as JSON text.
    Unknown(String),
}

impl<'de> Deserialize<'de> for LockStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(parse_lock_status(&v))
    }
}

/// The lenient reading of a `lock_status` value (see [`LockStatus`]).
pub fn parse_lock_status(v: &serde_json::Value) -> LockStatus {
    use serde_json::Value;
    match v {
        Value::Bool(true) => LockStatus::Locked,
        Value::Bool(false) => LockStatus::Unlocked,
        Value::Number(n) if n.as_i64() == Some(1) => LockStatus::Locked,
        Value::Number(n) if n.as_i64() == Some(0) => LockStatus::Unlocked,
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "locked" | "lock" | "true" | "1" => LockStatus::Locked,
            "unlocked" | "unlock" | "false" | "0" => LockStatus::Unlocked,
            _ => LockStatus::Unknown(s.clone()),
        },
        other => LockStatus::Unknown(other.to_string()),
    }
}

/// Whether a resource is online (`resource_status.online_status`). Type not
/// documented **\[V\]**; booleans, 0/1 and `ONLINE`/`OFFLINE` strings are read **\[I\]**.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OnlineStatus {
    /// Online.
    Online,
    /// Offline: lock commands cannot reach it.
    Offline,
    /// Any other value, kept as JSON text.
    Unknown(String),
}

impl<'de> Deserialize<'de> for OnlineStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(parse_online_status(&v))
    }
}

/// The lenient reading of an `online_status` value (see [`OnlineStatus`]).
pub fn parse_online_status(v: &serde_json::Value) -> OnlineStatus {
    use serde_json::Value;
    match v {
        Value::Bool(true) => OnlineStatus::Online,
        Value::Bool(false) => OnlineStatus::Offline,
        Value::Number(n) if n.as_i64() == Some(1) => OnlineStatus::Online,
        Value::Number(n) if n.as_i64() == Some(0) => OnlineStatus::Offline,
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "online" | "true" | "1" | "connected" => OnlineStatus::Online,
            "offline" | "false" | "0" | "disconnected" => OnlineStatus::Offline,
            _ => OnlineStatus::Unknown(s.clone()),
        },
        other => OnlineStatus::Unknown(other.to_string()),
    }
}

/// The format of every Allthenticate date-time: `YYYY-MM-DD hh:mm:ss` **\[V\]**.
pub const DATETIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// A UTC time as `/magiclinkadmin` takes it: `YYYY-MM-DD hh:mm:ss`, whole
/// seconds, in UTC **\[seed\]**. Sub-second parts are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UtcTime(NaiveDateTime);

impl UtcTime {
    /// From a UTC instant (fractions of a second are dropped).
    pub fn new(t: DateTime<Utc>) -> Self {
        let naive = t.naive_utc();
        Self(naive.with_nanosecond_zero())
    }

    /// Parses `YYYY-MM-DD hh:mm:ss` (UTC).
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        NaiveDateTime::parse_from_str(s, DATETIME_FORMAT)
            .map(Self)
            .map_err(|_| {
                ValidationError::new("time", "must be a UTC time written YYYY-MM-DD hh:mm:ss")
            })
    }

    /// The instant.
    pub fn to_utc(self) -> DateTime<Utc> {
        self.0.and_utc()
    }
}

trait NanoZero {
    fn with_nanosecond_zero(self) -> Self;
}

impl NanoZero for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

impl From<DateTime<Utc>> for UtcTime {
    fn from(t: DateTime<Utc>) -> Self {
        Self::new(t)
    }
}

impl fmt::Display for UtcTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format(DATETIME_FORMAT))
    }
}

impl Serialize for UtcTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Parses a vendor date-time leniently: `YYYY-MM-DD hh:mm:ss` **\[V\]**, also with a
/// `T`, fractions of a second or a trailing `Z` **\[I\]**; empty means none.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().trim_end_matches('Z');
    if s.is_empty() {
        return None;
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// `deserialize_with` for optional vendor date-times: null, empty or
/// unparseable text give `None` (the raw value is not needed to use the API).
pub(crate) fn de_datetime<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDateTime>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match v {
        Some(serde_json::Value::String(s)) => parse_datetime(&s),
        _ => None,
    })
}

/// `deserialize_with` for lists of names or e-mails: null gives an empty list, a
/// single value a list of one, numbers are written as text **\[I\]**.
pub(crate) fn de_string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(lenient_string_list(v.as_ref()))
}

/// The lenient reading of a list of strings (see the `InviteResult` fields).
pub fn lenient_string_list(v: Option<&serde_json::Value>) -> Vec<String> {
    use serde_json::Value;
    fn one(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().filter_map(one).collect(),
        Some(other) => one(other).into_iter().collect(),
    }
}

/// `deserialize_with` for lists of integer ids: null gives an empty list, numeric
/// strings are read as numbers **\[I\]**; anything else is a decode error.
pub(crate) fn de_id_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: From<i64>,
{
    use serde::de::Error as _;
    let v = Option::<serde_json::Value>::deserialize(d)?;
    lenient_id_list(v.as_ref())
        .map(|ids| ids.into_iter().map(T::from).collect())
        .map_err(D::Error::custom)
}

/// The lenient reading of a list of integer ids.
pub fn lenient_id_list(v: Option<&serde_json::Value>) -> Result<Vec<i64>, String> {
    use serde_json::Value;
    fn one(v: &Value) -> Result<i64, String> {
        match v {
            Value::Number(n) => n
                .as_i64()
                .ok_or_else(|| format!("{n} is not an integer id")),
            Value::String(s) => s
                .trim()
                .parse()
                .map_err(|_| format!("{s:?} is not an integer id")),
            other => Err(format!("{other} is not an integer id")),
        }
    }
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(one).collect(),
        Some(other) => one(other).map(|i| vec![i]),
    }
}

/// The PINs among `cards` as secrets: a PIN's digits open doors, so the
/// transport keeps them out of every error text an answer could quote them in.
/// A card number is an identifier, not a secret (issue 20): an error that names
/// a card (e.g. "Smartcard 1708695997 is a duplicate") keeps it, so the reader
/// knows which card was refused.
pub(crate) fn card_secrets<'a>(
    cards: impl IntoIterator<Item = &'a Smartcard>,
) -> Vec<access_core::SecretString> {
    cards
        .into_iter()
        .filter(|c| c.pin)
        .map(|c| access_core::SecretString::from(c.number.clone()))
        .collect()
}

/// A smartcard (or PIN) to assign: `{"number": "<integer string>", "label": "..."}` **\[seed\]**.
///
/// The number is an integer written as a string; the label is optional. The same
/// shape is used by `/modifysmartcards` (serialized into a string), `/invites`
/// and `/magiclinkadmin` **\[seed\]**; **\[I\]**. A PIN is assigned the same way: its digits
/// are the number **\[I\]** (build it with [`Smartcard::pin`]). A card number is an
/// identifier and may appear in error texts (a duplicate refusal names it); a PIN is a
/// secret the transport scrubs from them.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Smartcard {
    /// The card number: decimal digits.
    pub number: String,
    /// A label people see (e.g. "Badge").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Whether the number is a PIN ([`Smartcard::pin`]): a secret, kept out of
    /// error texts. Not sent.
    #[serde(skip)]
    pin: bool,
}

impl fmt::Debug for Smartcard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A number may be a PIN: show only its length.
        f.debug_struct("Smartcard")
            .field("number", &format_args!("[{} digits]", self.number.len()))
            .field("label", &self.label)
            .finish()
    }
}

impl Smartcard {
    /// A card by number: 1 to 38 decimal digits ("integer string" **\[seed\]**).
    pub fn new(number: impl Into<String>) -> Result<Self, ValidationError> {
        let number = number.into();
        if number.is_empty() || number.len() > 38 || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new(
                "smartcards.number",
                "must be an integer written as a string of 1 to 38 decimal digits",
            ));
        }
        Ok(Self {
            number,
            label: None,
            pin: false,
        })
    }

    /// A PIN, assigned as a card whose number is the PIN's digits and whose
    /// label is "PIN" **\[I\]** (same rule as [`Smartcard::new`]). Unlike a card
    /// number, a PIN is a secret: the transport keeps it out of every error text.
    pub fn pin(digits: impl Into<String>) -> Result<Self, ValidationError> {
        let mut card = Self::new(digits)?.label("PIN");
        card.pin = true;
        Ok(card)
    }

    /// Whether this is a PIN ([`Smartcard::pin`]).
    pub fn is_pin(&self) -> bool {
        self.pin
    }

    /// Sets the label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// A card from an access-core card number, when it is numeric (decimal or hex pairs).
    pub fn from_card_number(
        card: &access_core::model::CardNumber,
    ) -> Result<Self, ValidationError> {
        let digits = card.to_decimal().ok_or_else(|| {
            ValidationError::new(
                "smartcards.number",
                "Allthenticate card numbers are integers; this card number is not numeric",
            )
        })?;
        Self::new(digits)
    }
}

/// How long a door stays unlocked: a positive number of whole seconds.
///
/// `/setlockstatus` documents `unlock_time` as an "Int how long you want the door
/// to stay unlock for, in seconds" with no range **\[seed\]**, so the type holds any
/// positive number of seconds that fits in 32 bits (a zero or negative time is not an
/// unlock time **\[I\]**).
///
/// The range 5 to 60 s is documented for `/masslock` only, and there the server
/// corrects a value outside it rather than refusing it **\[V\]** Resources page. The SDK
/// sends a `/masslock` time as given and leaves the correction to the server (see
/// [`crate::resources::MassLock::unlock_time`]); [`UnlockTime::in_mass_lock_range`] and
/// [`UnlockTime::clamped_to_mass_lock_range`] let a caller check or apply the range
/// first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UnlockTime(u32);

impl UnlockTime {
    /// The shortest unlock time the type holds: 1 s.
    pub const MIN: UnlockTime = UnlockTime(1);
    /// The longest unlock time the type holds: `u32::MAX` seconds.
    pub const MAX: UnlockTime = UnlockTime(u32::MAX);
    /// The shortest unlock `/masslock` documents: 5 s **\[V\]**.
    pub const MASS_LOCK_MIN: UnlockTime = UnlockTime(5);
    /// The longest unlock `/masslock` documents: 60 s **\[V\]**.
    pub const MASS_LOCK_MAX: UnlockTime = UnlockTime(60);

    /// Validates a number of seconds: positive, at most `u32::MAX`.
    pub fn seconds(secs: u64) -> Result<Self, ValidationError> {
        if secs == 0 {
            return Err(ValidationError::new(
                "unlock_time",
                "must be a positive number of seconds",
            ));
        }
        u32::try_from(secs).map(Self).map_err(|_| {
            ValidationError::new(
                "unlock_time",
                "must be at most 4294967295 seconds (32 bits)",
            )
        })
    }

    /// From a duration of whole seconds (positive).
    pub fn from_duration(d: Duration) -> Result<Self, ValidationError> {
        if d.subsec_nanos() != 0 {
            return Err(ValidationError::new("unlock_time", "must be whole seconds"));
        }
        Self::seconds(d.as_secs())
    }

    /// The seconds.
    pub fn as_secs(self) -> u32 {
        self.0
    }

    /// As a duration.
    pub fn as_duration(self) -> Duration {
        Duration::from_secs(u64::from(self.0))
    }

    /// Whether the time is within the 5 to 60 s `/masslock` documents **\[V\]**.
    pub fn in_mass_lock_range(self) -> bool {
        (Self::MASS_LOCK_MIN..=Self::MASS_LOCK_MAX).contains(&self)
    }

    /// The time moved into 5 to 60 s: the nearest end of the range `/masslock`
    /// documents. The page says only that out-of-range values are "corrected
    /// automatically" **\[V\]**; correcting to the nearest end is how the simulator reads
    /// it **\[I\]**.
    pub fn clamped_to_mass_lock_range(self) -> Self {
        self.clamp(Self::MASS_LOCK_MIN, Self::MASS_LOCK_MAX)
    }
}

/// The answer of action endpoints: `{"success": "<message>"}` with HTTP 200 **\[V\]**.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Success {
    /// The vendor's message, e.g. "Group has been successfully updated!".
    #[serde(rename = "success")]
    pub message: String,
    /// Any other fields the server sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

pub(crate) fn require_non_empty(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    Ok(())
}
