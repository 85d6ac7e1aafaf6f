//! EasySecure data types shared by several endpoints.
//!
//! **Provenance.** No REST field-level schema is public (the Postman page renders
//! its detail with JavaScript and the Swagger JSON was not available). The field
//! names below come from the SOAP webservice's documented structures
//! (`getUsersObject`, `getLogsObject`, `getGroupsObject` and the `updateUserAltId`
//! parameters without their `p_` prefix) and are marked **\[I\]** (inferred) for
//! REST. Every response type keeps the fields it does not know in `extra`, so
//! nothing the server sends is lost. See `docs/provenance/easysecure.md`.

use std::collections::BTreeMap;
use std::fmt;

use access_core::ValidationError;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

// The ids live in `crate::ids` (re-exported at the crate root); this keeps the
// crate's own `crate::model::{UserId, WsAltUserId}` imports working.
#[allow(unused_imports)]
pub(crate) use crate::ids::{UserId, WsAltUserId};

/// The language of EasySecure's messages (`Accept-Language`, **\[V\]** P). Only the
/// English texts are documented, so typed error variants are recognised with
/// [`Language::En`] (the default); with NL or DE errors arrive as `Unknown`
/// variants holding the translated text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Language {
    /// English (`en`), the API's default.
    #[default]
    En,
    /// Dutch (`nl`).
    Nl,
    /// German (`de`).
    De,
}

impl Language {
    /// The `Accept-Language` value.
    pub fn header_value(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Nl => "nl",
            Language::De => "de",
        }
    }
}

/// Lenient readers for the values EasySecure sends as strings or numbers: access-core's
/// shared readers ([`access_core::lenient`]) plus EasySecure's time forms, and the
/// `opt_*` functions for `#[serde(deserialize_with)]`.
pub(crate) mod de {
    use std::borrow::Cow;

    pub(crate) use access_core::lenient::{AnyText, Flag, Int, Key, Lenient, NonEmpty, Reader};
    use serde::de::DeserializeSeed;

    use super::*;

    /// An EasySecure time ([`parse_datetime`]).
    pub(crate) struct DateTime;

    impl Reader for DateTime {
        type Output = NaiveDateTime;
        const EXPECTING: &'static str = "a time yyyy-mm-dd hh:ii:ss";
        fn read(text: Cow<'_, str>) -> Result<Option<NaiveDateTime>, String> {
            parse_datetime(&text).map_err(|e| e.rule)
        }
    }

    /// A string or a number, as text; `null` is `None`.
    pub fn opt_string_or_number<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<String>, D::Error> {
        Lenient::<AnyText>::new().deserialize(d)
    }

    /// Like [`opt_string_or_number`], an empty string also being `None`.
    pub fn opt_nonempty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Lenient::<NonEmpty>::new().deserialize(d)
    }

    /// An integer sent as a number or a numeric string; `null` or `""` is `None`.
    pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        Lenient::<Int>::new().deserialize(d)
    }

    /// `0`/`1`, `"0"`/`"1"`, `true`/`false`; `null` or `""` is `None`.
    pub fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        Lenient::<Flag>::new().deserialize(d)
    }

    /// A terminal key; an empty value (plain access events) is `None`.
    pub fn opt_terminal_key<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<TerminalKey>, D::Error> {
        Ok(opt_nonempty(d)?.map(|s| TerminalKey::from_wire(&s)))
    }

    /// A date-time in one of EasySecure's forms; `null`, `""` or the zero date is `None`.
    pub fn opt_datetime<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDateTime>, D::Error> {
        Lenient::<DateTime>::new().deserialize(d)
    }
}

/// Parses an EasySecure time leniently: `yyyy-mm-dd hh:ii:ss`, `yyyy-mm-dd hh:ii`,
/// `yyyy-mm-dd` (midnight), ISO 8601 with `T`, 0 to 9 fraction digits, an optional
/// trailing `Z`. An empty value or the zero date `0000-00-00…` is `None`.
pub fn parse_datetime(value: &str) -> Result<Option<NaiveDateTime>, ValidationError> {
    let v = value.trim();
    if let Some(t) = parse_canonical(v) {
        return Ok(Some(t));
    }
    if v.is_empty() || v.starts_with("0000-00-00") {
        return Ok(None);
    }
    let v = v.strip_suffix('Z').unwrap_or(v).replacen('T', " ", 1);
    for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&v, fmt) {
            return Ok(Some(t));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0));
    }
    Err(ValidationError::new(
        "datetime",
        format!("must be yyyy-mm-dd hh:ii:ss, got {value:?}"),
    ))
}

/// `yyyy-mm-dd hh:ii:ss` exactly, the form EasySecure writes, read without a format
/// string (it is in every user and log entry). Anything else, an impossible date
/// included, is left to the general path.
fn parse_canonical(v: &str) -> Option<NaiveDateTime> {
    let b = v.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| access_core::lenient::ascii_digits(&b[from..to]);
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)?;
    date.and_hms_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?)
}

/// Formats a time the way EasySecure writes it: `yyyy-mm-dd hh:ii:ss`.
pub fn format_datetime(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub(crate) fn ser_datetime<S: Serializer>(
    t: &Option<NaiveDateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&format_datetime(t)),
        None => s.serialize_none(),
    }
}

/// The `exportTimeFrom`/`exportTimeTo` window of the export requests
/// (`getLogs`, `getLogsMinMaxIds`, `getSyncLogs`) **\[I\]**, flattened into
/// their bodies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct ExportWindow {
    #[serde(
        rename = "exportTimeFrom",
        serialize_with = "ser_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) from: Option<NaiveDateTime>,
    #[serde(
        rename = "exportTimeTo",
        serialize_with = "ser_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) to: Option<NaiveDateTime>,
}

impl ExportWindow {
    /// From `from` up to `to`.
    pub(crate) fn between(from: NaiveDateTime, to: NaiveDateTime) -> Self {
        Self {
            from: Some(from),
            to: Some(to),
        }
    }

    /// `from` must not be after `to`.
    pub(crate) fn check(&self) -> Result<(), ValidationError> {
        if let (Some(a), Some(b)) = (self.from, self.to)
            && a > b
        {
            return Err(ValidationError::new(
                "exportTimeFrom",
                "must not be after exportTimeTo",
            ));
        }
        Ok(())
    }
}

pub(crate) fn ser_flag<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(b) => s.serialize_u8(u8::from(*b)),
        None => s.serialize_none(),
    }
}

/// A PIN as EasySecure stores it (digits, sent as a string **\[V\]** D). Its `Debug`
/// does not show it: PIN data can be hidden from administrators in EasySecure.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PinCode(String);

impl PinCode {
    /// Validates a PIN: 1 to 12 digits.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        if v.is_empty() || v.len() > 12 || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new("PIN", "must be 1 to 12 digits"));
        }
        Ok(Self(v))
    }

    /// The digits. A PIN opens doors: do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The PIN as a secret for the transport to keep out of error texts; the empty
    /// PIN (no PIN) is none.
    pub(crate) fn secret(&self) -> Option<access_core::SecretString> {
        (!self.0.is_empty()).then(|| access_core::SecretString::from(self.0.clone()))
    }

    /// The empty PIN, which removes a user's PIN (`p_PIN = ""` **\[V\]** D).
    pub(crate) fn none() -> Self {
        Self(String::new())
    }
}

impl fmt::Debug for PinCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PinCode([redacted])")
    }
}

impl Serialize for PinCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PinCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read back leniently: whatever the server holds is kept.
        Ok(PinCode(de::opt_string_or_number(d)?.unwrap_or_default()))
    }
}

/// The kind of registration a terminal recorded (`TerminalKey` of a log entry
/// **\[V\]** D getLogs). Unknown values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TerminalKey {
    /// `IN`: clocked in.
    In,
    /// `OUT`: clocked out.
    Out,
    /// `DUTY IN`.
    DutyIn,
    /// `DUTY OUT`.
    DutyOut,
    /// `TNA_1` … `TNA_4`: the terminal's extra time-and-attendance keys.
    Tna(u8),
    /// Any other value, kept as sent (empty for plain access events).
    Unknown(String),
}

impl TerminalKey {
    /// The wire value.
    pub fn as_wire(&self) -> String {
        match self {
            TerminalKey::In => "IN".into(),
            TerminalKey::Out => "OUT".into(),
            TerminalKey::DutyIn => "DUTY IN".into(),
            TerminalKey::DutyOut => "DUTY OUT".into(),
            TerminalKey::Tna(n) => format!("TNA_{n}"),
            TerminalKey::Unknown(s) => s.clone(),
        }
    }

    /// Reads a wire value (case-sensitive as documented, surrounding space ignored).
    pub fn from_wire(value: &str) -> Self {
        match value.trim() {
            "IN" => TerminalKey::In,
            "OUT" => TerminalKey::Out,
            "DUTY IN" => TerminalKey::DutyIn,
            "DUTY OUT" => TerminalKey::DutyOut,
            other => match other
                .strip_prefix("TNA_")
                .and_then(|n| n.parse::<u8>().ok())
            {
                Some(n @ 1..=4) => TerminalKey::Tna(n),
                _ => TerminalKey::Unknown(value.to_string()),
            },
        }
    }
}

impl Serialize for TerminalKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_wire())
    }
}

impl<'de> Deserialize<'de> for TerminalKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(TerminalKey::from_wire(
            &de::opt_string_or_number(d)?.unwrap_or_default(),
        ))
    }
}

macro_rules! log_texts {
    ($($variant:ident = $wire:literal, $ok:literal;)*) => {
        /// The terminal's description of a registration (`LogText` **\[V\]** D getLogs,
        /// newer doc versions; the documented list is cut off, so unknown values are kept).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum LogText {
            $(
                #[doc = concat!("`", $wire, "`")]
                $variant,
            )*
            /// Any other text, kept as sent.
            Unknown(String),
        }

        impl LogText {
            /// The wire value.
            pub fn as_wire(&self) -> &str {
                match self {
                    $(LogText::$variant => $wire,)*
                    LogText::Unknown(s) => s,
                }
            }

            /// Reads a wire value.
            pub fn from_wire(value: &str) -> Self {
                match value.trim() {
                    $($wire => LogText::$variant,)*
                    _ => LogText::Unknown(value.to_string()),
                }
            }

            /// Whether the documented list puts this text among the successes
            /// (`None` for unknown texts).
            pub fn is_success(&self) -> Option<bool> {
                match self {
                    $(LogText::$variant => Some($ok),)*
                    LogText::Unknown(_) => None,
                }
            }
        }
    };
}

log_texts! {
    IdentifySuccess = "Identify Success", true;
    VerifySuccess = "Verify Success", true;
    IdentifyDuress = "Identify Duress", true;
    VerifyDuress = "Verify Duress", true;
    AccessExcusedApb = "Access Excused APB", true;
    AccessExcusedTimedApb = "Access Excused Timed APB", true;
    AccessGranted = "Access granted", true;
    VerifySuccessLpn = "Verify Success LPN", true;
    VerifyMobileCard = "Verify Mobile Card", true;
    IdentifyFail = "Identify Fail", false;
    VerifyFail = "Verify Fail", false;
    IdentifyNotGranted = "Identify Not Granted", false;
    VerifyNotGranted = "Verify Not Granted", false;
    IdentifyDisabled = "Identify Disabled", false;
    AccessNotGranted = "Access Not Granted", false;
    ExpiredUser = "Expired User", false;
    AccessDeniedApb = "Access Denied APB", false;
    AccessDeniedTimedApb = "Access Denied Timed APB", false;
    AccessDenied = "Access denied", false;
}

impl Serialize for LogText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_wire())
    }
}

impl<'de> Deserialize<'de> for LogText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(LogText::from_wire(
            &de::opt_string_or_number(d)?.unwrap_or_default(),
        ))
    }
}

/// One terminal registration, as `/admins/getLogs` returns it.
///
/// Field names are those of SOAP `getLogsObject` **\[V\]** D, assumed identical in
/// REST **\[I\]**. `Terminal Name` is documented with a space; both `TerminalName`
/// and `Terminal Name` are read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct LogEntry {
    /// `scanID`: unique per scan and increasing; the cursor of the event export.
    #[serde(
        rename = "scanID",
        alias = "scanId",
        deserialize_with = "de::opt_i64",
        default
    )]
    pub scan_id: Option<i64>,
    /// `Terminal`: the device serial number.
    #[serde(rename = "Terminal", default, deserialize_with = "de::opt_nonempty")]
    pub terminal: Option<String>,
    /// `TerminalKey`: IN, OUT, DUTY IN, DUTY OUT, TNA_1..4; `None` when empty
    /// (access-control terminals).
    #[serde(
        rename = "TerminalKey",
        default,
        deserialize_with = "de::opt_terminal_key"
    )]
    pub terminal_key: Option<TerminalKey>,
    /// `UserID`: the user (the wsAltUserId when the company has one configured **\[I\]**).
    #[serde(
        rename = "UserID",
        alias = "UserId",
        default,
        deserialize_with = "de::opt_nonempty"
    )]
    pub user_id: Option<String>,
    /// `Time`: `yyyy-mm-dd hh:ii:ss`, local time of the company (zone not stated).
    #[serde(rename = "Time", default, deserialize_with = "de::opt_datetime")]
    pub time: Option<NaiveDateTime>,
    /// `LocationId`.
    #[serde(
        rename = "LocationId",
        alias = "LocationID",
        default,
        deserialize_with = "de::opt_i64"
    )]
    pub location_id: Option<i64>,
    /// `LocationName`.
    #[serde(
        rename = "LocationName",
        default,
        deserialize_with = "de::opt_nonempty"
    )]
    pub location_name: Option<String>,
    /// `Success`: 1 identify/verify OK, 0 failure.
    #[serde(rename = "Success", default, deserialize_with = "de::opt_flag")]
    pub success: Option<bool>,
    /// `Terminal Name` / `TerminalName`: the module (device) name.
    #[serde(
        rename = "TerminalName",
        alias = "Terminal Name",
        default,
        deserialize_with = "de::opt_nonempty"
    )]
    pub terminal_name: Option<String>,
    /// `LogText`.
    #[serde(
        rename = "LogText",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub log_text: Option<LogText>,
    /// Every field not listed above, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An access group (`getGroupsObject` **\[V\]** D; REST names assumed the same **\[I\]**).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Group {
    /// `GroupId`.
    #[serde(
        rename = "GroupId",
        alias = "GroupID",
        alias = "id",
        default,
        deserialize_with = "de::opt_nonempty"
    )]
    pub id: Option<String>,
    /// `GroupName`: what `setUsers`' `groupName` refers to.
    #[serde(rename = "GroupName", alias = "name", default)]
    pub name: String,
    /// Every field not listed above, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The info fields `info1` … `info14` of a user (**\[V\]** D), by number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct InfoFields(BTreeMap<String, String>);

impl InfoFields {
    /// No info fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets field `n` (1 to 14).
    pub fn set(&mut self, n: u8, value: impl Into<String>) -> Result<&mut Self, ValidationError> {
        if !(1..=14).contains(&n) {
            return Err(ValidationError::new(
                "infoFields",
                "info field numbers are 1 to 14",
            ));
        }
        self.0.insert(format!("info{n}"), value.into());
        Ok(self)
    }

    /// Sets field `n` without checking it; [`InfoFields::check`] refuses a number
    /// outside 1 to 14 before sending.
    pub(crate) fn insert(&mut self, n: u8, value: impl Into<String>) {
        self.0.insert(format!("info{n}"), value.into());
    }

    /// Refuses a field number outside 1 to 14.
    pub(crate) fn check(&self) -> Result<(), ValidationError> {
        let ok = self.0.keys().all(|k| {
            k.strip_prefix("info")
                .and_then(|n| n.parse::<u8>().ok())
                .is_some_and(|n| (1..=14).contains(&n))
        });
        if ok {
            Ok(())
        } else {
            Err(ValidationError::new(
                "infoFields",
                "info field numbers are 1 to 14",
            ))
        }
    }

    /// Field `n`, if set.
    pub fn get(&self, n: u8) -> Option<&str> {
        self.0.get(&format!("info{n}")).map(String::as_str)
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields as `(infoN, value)` pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// A user as `/admins/getUsers` returns it.
///
/// Names are those of SOAP `getUsersObject` **\[V\]** D (whose documented list stops
/// after `TemplatesNr`); `wsAltUserId`, `cardId`, `cardCustom`, `licensePlate`,
/// `phone`, `isVisitor`, `syncToTapkey` are the `updateUserAltId` parameter names
/// **\[I\]**. The REST names are assumed identical **\[I\]**; every other field is in `extra`.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct UserRecord {
    /// `UserId`: EasySecure's own id.
    pub user_id: Option<String>,
    /// `wsAltUserId`: the integrator's id, when set.
    pub ws_alt_user_id: Option<String>,
    /// `PIN` (redacted in `Debug`).
    pub pin: Option<PinCode>,
    /// `Voornaam`: first name.
    pub first_name: Option<String>,
    /// `Insertion`: the Dutch name prefix ("van", "de").
    pub insertion: Option<String>,
    /// `Achternaam`: last name.
    pub last_name: Option<String>,
    /// `Admin`: whether the user administers terminals.
    pub admin: Option<bool>,
    /// `Security`.
    pub security: Option<bool>,
    /// `StartDate`: first valid moment.
    pub start_date: Option<NaiveDateTime>,
    /// `ExpireDate`: last valid moment (EasySecure's default is 2030-12-31).
    pub expire_date: Option<NaiveDateTime>,
    /// `info1` … `info14`.
    pub info: InfoFields,
    /// `GroupS`: group names (sent as one `;`-separated string **\[I\]**, or a list).
    pub groups: Vec<String>,
    /// `cardId` **\[I\]**: the card number (decimal as read by EasySecure's reader).
    pub card_id: Option<String>,
    /// `cardCustom` **\[I\]**: the custom card number.
    pub card_custom: Option<String>,
    /// `licensePlate` **\[I\]**.
    pub license_plate: Option<String>,
    /// `phone` **\[I\]**.
    pub phone: Option<String>,
    /// `isVisitor` **\[I\]**.
    pub is_visitor: Option<bool>,
    /// `syncToTapkey` **\[I\]**: whether a Tapkey mobile key is issued.
    pub mobile_key: Option<bool>,
    /// Every field not listed above, as sent.
    pub extra: Map<String, Value>,
}

impl fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserRecord")
            .field("user_id", &self.user_id)
            .field("ws_alt_user_id", &self.ws_alt_user_id)
            .field("first_name", &self.first_name)
            .field("insertion", &self.insertion)
            .field("last_name", &self.last_name)
            .field("pin", &self.pin.as_ref().map(|_| "[redacted]"))
            .field("start_date", &self.start_date)
            .field("expire_date", &self.expire_date)
            .field("groups", &self.groups)
            .field("card_id", &self.card_id)
            .field("license_plate", &self.license_plate)
            .finish_non_exhaustive()
    }
}

/// The names in a `GroupS` string: `;`- (or `,`-) separated, trimmed, blanks dropped.
fn split_group_text(text: &str) -> Vec<String> {
    text.split([';', ','])
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect()
}

/// The name of one `GroupS` list item: a string, or an object with `GroupName`/`name`.
fn group_item_name(item: &Value) -> Option<String> {
    match item {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => o
            .get("GroupName")
            .or_else(|| o.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    }
    .filter(|g| !g.is_empty())
}

/// Reads a `GroupS` value: a `;`-separated string or a list of names (or of objects
/// with a name). Anything else holds no names.
struct GroupsSeed;

impl<'de> serde::de::DeserializeSeed<'de> for GroupsSeed {
    type Value = Vec<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for GroupsSeed {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("group names")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(split_group_text(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut names = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            names.extend(group_item_name(&item));
        }
        Ok(names)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Vec::new())
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(self)
    }
}

/// `info1` … `info14`, exactly (no `info01`, no `info15`).
fn is_info_key(key: &str) -> bool {
    matches!(
        key.strip_prefix("info"),
        Some(
            "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "10" | "11" | "12" | "13" | "14"
        )
    )
}

/// What an `infoN` value holds: text (a number as its text), nothing (`null` or
/// `""`), or something else, which is kept in `extra` as sent.
enum InfoValue {
    Text(String),
    Nothing,
    Other(Value),
}

impl<'de> Deserialize<'de> for InfoValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = InfoValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an info field")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<InfoValue, E> {
                Ok(if v.is_empty() {
                    InfoValue::Nothing
                } else {
                    InfoValue::Text(v.to_owned())
                })
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<InfoValue, E> {
                Ok(if v.is_empty() {
                    InfoValue::Nothing
                } else {
                    InfoValue::Text(v)
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<InfoValue, E> {
                Ok(InfoValue::Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<InfoValue, E> {
                Ok(InfoValue::Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<InfoValue, E> {
                Ok(match serde_json::Number::from_f64(v) {
                    Some(n) => InfoValue::Text(n.to_string()),
                    None => InfoValue::Nothing,
                })
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<InfoValue, E> {
                Ok(InfoValue::Other(Value::Bool(v)))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<InfoValue, E> {
                Ok(InfoValue::Nothing)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<InfoValue, E> {
                Ok(InfoValue::Nothing)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<InfoValue, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<InfoValue, A::Error> {
                Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(InfoValue::Other)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<InfoValue, A::Error> {
                Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(InfoValue::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// Read field by field in one pass (a derived reader with a flattened `extra` map
/// buffers every user twice, which made `getUsers` cost twice plain serde): known
/// names, with the aliases EasySecure's variants use, go through the lenient readers;
/// `info1` … `info14` into [`InfoFields`]; everything else into `extra`. A name that
/// appears twice keeps its last value.
impl<'de> Deserialize<'de> for UserRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(UserVisitor)
    }
}

struct UserVisitor;

impl<'de> serde::de::Visitor<'de> for UserVisitor {
    type Value = UserRecord;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an EasySecure user object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<UserRecord, A::Error> {
        use de::{DateTime, Flag, Key, Lenient, NonEmpty};
        let mut u = UserRecord {
            user_id: None,
            ws_alt_user_id: None,
            pin: None,
            first_name: None,
            insertion: None,
            last_name: None,
            admin: None,
            security: None,
            start_date: None,
            expire_date: None,
            info: InfoFields::new(),
            groups: Vec::new(),
            card_id: None,
            card_custom: None,
            license_plate: None,
            phone: None,
            is_visitor: None,
            mobile_key: None,
            extra: Map::new(),
        };
        let text = || Lenient::<NonEmpty>::new();
        let flag = || Lenient::<Flag>::new();
        let time = || Lenient::<DateTime>::new();
        while let Some(Key(key)) = map.next_key()? {
            match &*key {
                "UserId" | "UserID" | "userId" => u.user_id = map.next_value_seed(text())?,
                "wsAltUserId" | "WsAltUserId" => u.ws_alt_user_id = map.next_value_seed(text())?,
                "PIN" => {
                    u.pin = map
                        .next_value::<Option<PinCode>>()?
                        .filter(|p| !p.0.is_empty());
                }
                "Voornaam" => u.first_name = map.next_value_seed(text())?,
                "Insertion" => u.insertion = map.next_value_seed(text())?,
                "Achternaam" => u.last_name = map.next_value_seed(text())?,
                "Admin" => u.admin = map.next_value_seed(flag())?,
                "Security" => u.security = map.next_value_seed(flag())?,
                "StartDate" => u.start_date = map.next_value_seed(time())?,
                "ExpireDate" => u.expire_date = map.next_value_seed(time())?,
                "GroupS" | "Groups" | "groupName" => u.groups = map.next_value_seed(GroupsSeed)?,
                "cardId" | "CardId" => u.card_id = map.next_value_seed(text())?,
                "cardCustom" | "CardCustom" => u.card_custom = map.next_value_seed(text())?,
                "licensePlate" | "LicensePlate" => u.license_plate = map.next_value_seed(text())?,
                "phone" | "Phone" => u.phone = map.next_value_seed(text())?,
                "isVisitor" => u.is_visitor = map.next_value_seed(flag())?,
                "syncToTapkey" => u.mobile_key = map.next_value_seed(flag())?,
                other if is_info_key(other) => match map.next_value::<InfoValue>()? {
                    InfoValue::Text(v) => {
                        u.info.0.insert(other.to_owned(), v);
                    }
                    InfoValue::Nothing => {
                        u.info.0.remove(other);
                    }
                    InfoValue::Other(v) => {
                        u.info.0.remove(other);
                        u.extra.insert(other.to_owned(), v);
                    }
                },
                _ => {
                    let value = map.next_value::<Value>()?;
                    u.extra.insert(key.into_owned(), value);
                }
            }
        }
        Ok(u)
    }
}

/// Decodes a list answer that may be a bare array or an object holding the array
/// under one of `keys` (the REST envelope is undocumented **\[I\]**). An empty
/// body or a bare `null` is a decode error, not an empty list: a broken answer (a
/// proxy's empty 200, a 204) must never read as "there are no users", which a
/// sync would act on by removing everyone. `{"users": null}` is an empty list.
pub(crate) fn decode_list<T: serde::de::DeserializeOwned>(
    response: &access_core::http::Response,
    keys: &[&str],
) -> Result<Vec<T>, access_core::DecodeError> {
    // Fast path: one streaming pass, no intermediate JSON tree. On any failure the
    // slow path below decodes again to say precisely what and where.
    if let Ok(text) = std::str::from_utf8(&response.body) {
        let mut de = serde_json::Deserializer::from_str(text);
        let fast = serde::de::DeserializeSeed::deserialize(
            ListSeed::<T> {
                keys,
                item: std::marker::PhantomData,
            },
            &mut de,
        )
        .and_then(|v| de.end().map(|()| v));
        if let Ok(list) = fast {
            return Ok(list);
        }
    }
    decode_list_slowly(response, keys)
}

/// A list, `null`, or an object holding the list under one of `keys`, read in one pass.
struct ListSeed<'k, T> {
    keys: &'k [&'k str],
    item: std::marker::PhantomData<T>,
}

impl<'de, T: serde::de::DeserializeOwned> serde::de::DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = Vec<T>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: serde::de::DeserializeOwned> serde::de::Visitor<'de> for ListSeed<'_, T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a list or an object with one of {:?}", self.keys)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Err(E::custom("null where a list is required"))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element::<T>()? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        // The first of `keys` (in their order of preference) that is present wins.
        let mut found: Option<(usize, Vec<T>)> = None;
        while let Some(de::Key(key)) = map.next_key()? {
            match self.keys.iter().position(|k| *k == key) {
                Some(rank) if found.as_ref().is_none_or(|(r, _)| rank < *r) => {
                    let list = map.next_value::<Option<Vec<T>>>()?.unwrap_or_default();
                    found = Some((rank, list));
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        found
            .map(|(_, list)| list)
            .ok_or_else(|| serde::de::Error::custom("no list"))
    }
}

fn decode_list_slowly<T: serde::de::DeserializeOwned>(
    response: &access_core::http::Response,
    keys: &[&str],
) -> Result<Vec<T>, access_core::DecodeError> {
    let value = match response.json_or_empty::<Value>()? {
        None | Some(Value::Null) => {
            return Err(access_core::DecodeError::new(
                response.status,
                ".",
                "an empty answer or null where a list is required",
                &response.body,
            ));
        }
        Some(value) => value,
    };
    let list = match value {
        Value::Array(_) => value,
        Value::Object(mut map) => {
            let found = keys.iter().find_map(|k| map.remove(*k));
            match found {
                Some(v @ Value::Array(_)) => v,
                Some(Value::Null) => return Ok(Vec::new()),
                _ => {
                    return Err(access_core::DecodeError::new(
                        response.status,
                        ".",
                        format!("expected a list or an object with one of {keys:?}"),
                        &response.body,
                    ));
                }
            }
        }
        _ => {
            return Err(access_core::DecodeError::new(
                response.status,
                ".",
                "expected a list",
                &response.body,
            ));
        }
    };
    let bytes = serde_json::to_vec(&list).unwrap_or_default();
    access_core::http::decode_json(response.status, &bytes)
}

/// An answer that carries nothing documented: its `message`, if any, and every field.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Ack {
    /// The server's message, if it sends one.
    #[serde(default, deserialize_with = "de::opt_nonempty")]
    pub message: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Ack {
    pub(crate) fn decode(
        response: &access_core::http::Response,
    ) -> Result<Self, access_core::DecodeError> {
        match response.json_or_empty::<Value>()? {
            None | Some(Value::Null) => Ok(Ack::default()),
            Some(Value::Object(_)) => response.json(),
            Some(Value::String(s)) => Ok(Ack {
                message: Some(s),
                extra: Map::new(),
            }),
            Some(other) => {
                let mut extra = Map::new();
                extra.insert("value".into(), other);
                Ok(Ack {
                    message: None,
                    extra,
                })
            }
        }
    }
}

/// Refuses an empty or control-character text field.
pub(crate) fn non_empty(field: &str, value: &str) -> Result<(), access_core::ValidationError> {
    if value.trim().is_empty() {
        return Err(access_core::ValidationError::new(
            field,
            "must not be empty",
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(access_core::ValidationError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod decode_list_tests {
    use super::{Group, decode_list};
    use access_core::http::{HeaderMap, Response};

    fn decode(body: &str) -> Result<Vec<Group>, access_core::DecodeError> {
        decode_list(
            &Response::new(200, HeaderMap::new(), body.to_string()),
            &["groups", "data"],
        )
    }

    #[test]
    fn every_documented_list_shape_decodes_in_one_pass() {
        let one = r#"{"GroupId":"7","GroupName":"Staff"}"#;
        for body in [
            format!("[{one}]"),
            format!(r#"{{"groups":[{one}],"count":1}}"#),
            format!(r#"{{"meta":{{"x":[1,2]}},"data":[{one}]}}"#),
            // Both keys present: the preferred one wins whatever the order.
            format!(r#"{{"data":[],"groups":[{one}]}}"#),
        ] {
            let list = decode(&body).unwrap();
            assert_eq!(list.len(), 1, "{body}");
        }
        for empty in [r#"{"groups":null}"#, "[]"] {
            assert!(decode(empty).unwrap().is_empty(), "{empty:?}");
        }
    }

    #[test]
    fn what_is_not_a_list_is_a_decode_error_with_a_reason() {
        // An empty body or a bare null is not "no groups" (see `decode_list`).
        for bad in [
            "",
            "  ",
            "null",
            r#"{"other":[1]}"#,
            "true",
            r#"[{"GroupId": [1]}]"#,
            "[1,",
        ] {
            let err = decode(bad).unwrap_err();
            assert!(!err.message.is_empty(), "{bad}");
        }
    }
}

#[cfg(test)]
mod user_record_tests {
    use super::{NaiveDate, UserRecord};
    use serde_json::{Value, json};

    /// Decodes `body` both ways the SDK does: streamed from text (the fast path) and
    /// from a JSON tree (the slow path that reports where a bad answer broke). Both
    /// must agree.
    fn both(body: &str) -> UserRecord {
        let streamed: UserRecord = serde_json::from_str(body).unwrap();
        let value: Value = serde_json::from_str(body).unwrap();
        let from_tree: UserRecord = serde_json::from_value(value).unwrap();
        assert!(
            streamed == from_tree,
            "fast and slow paths differ for {body}"
        );
        streamed
    }

    #[test]
    fn a_user_as_get_users_answers_it() {
        let u = both(
            r#"{"UserId":"1001","wsAltUserId":"HR-00001","PIN":"0042","Voornaam":"Anna",
                "Insertion":"","Achternaam":"Jansen","Admin":"0","Security":"1",
                "StartDate":"2024-03-01 08:00:00","ExpireDate":"2030-12-31 23:59:59",
                "info1":"HR-00001","info2":"Engineering","info3":"","GroupS":"Staff;Office hours",
                "TemplatesNr":"0","cardId":"1700001","cardCustom":"","licensePlate":"AB-001-C",
                "phone":"+31612340001","isVisitor":"0","syncToTapkey":"1"}"#,
        );
        assert_eq!(u.user_id.as_deref(), Some("1001"));
        assert_eq!(u.ws_alt_user_id.as_deref(), Some("HR-00001"));
        assert_eq!(u.pin.as_ref().map(|p| p.expose()), Some("0042"));
        assert_eq!(u.insertion, None, "an empty string is no value");
        assert_eq!((u.admin, u.security), (Some(false), Some(true)));
        let start = NaiveDate::from_ymd_opt(2024, 3, 1).and_then(|d| d.and_hms_opt(8, 0, 0));
        assert_eq!(u.start_date, start);
        assert_eq!(u.info.get(1), Some("HR-00001"));
        assert_eq!(u.info.get(2), Some("Engineering"));
        assert_eq!(u.info.get(3), None);
        assert_eq!(u.groups, ["Staff", "Office hours"]);
        assert_eq!(u.card_custom, None);
        assert_eq!(u.mobile_key, Some(true));
        assert_eq!(u.extra.get("TemplatesNr"), Some(&json!("0")));
        assert_eq!(
            u.extra.len(),
            1,
            "known names never reach extra: {:?}",
            u.extra
        );
    }

    #[test]
    fn numbers_booleans_aliases_and_escaped_names_are_read_leniently() {
        let u = both(
            r#"{"UserID":1001,"CardId":1700001,"Admin":1,"Security":true,"isVisitor":"Yes",
                "info4":12,"info5":1.5,"info6":null,"info7":true,"info8":["a"],
                "Groups":[" Staff ",{"GroupName":"Night"},{"name":""},3],
                "Achter\u006eaam":"Jansen","PIN":""}"#,
        );
        assert_eq!(u.user_id.as_deref(), Some("1001"));
        assert_eq!(u.card_id.as_deref(), Some("1700001"));
        assert_eq!(
            (u.admin, u.security, u.is_visitor),
            (Some(true), Some(true), Some(true))
        );
        assert_eq!(
            (u.info.get(4), u.info.get(5), u.info.get(6)),
            (Some("12"), Some("1.5"), None)
        );
        assert_eq!(
            u.extra.get("info7"),
            Some(&json!(true)),
            "kept as sent, not lost"
        );
        assert_eq!(u.extra.get("info8"), Some(&json!(["a"])));
        assert_eq!(u.groups, ["Staff", "Night"]);
        assert_eq!(
            u.last_name.as_deref(),
            Some("Jansen"),
            "an escaped name is still known"
        );
        assert!(u.pin.is_none(), "an empty PIN is no PIN");
    }

    #[test]
    fn only_info1_to_info14_are_info_fields() {
        let u = both(r#"{"info14":"x","info15":"y","info01":"z","info":"w"}"#);
        assert_eq!(u.info.get(14), Some("x"));
        for k in ["info15", "info01", "info"] {
            assert!(u.extra.contains_key(k), "{k} belongs in extra");
        }
    }

    #[test]
    fn a_value_that_cannot_be_what_the_field_is_fails() {
        for bad in [
            r#"{"Admin":"maybe"}"#,
            r#"{"StartDate":"yesterday"}"#,
            r#"{"StartDate":"2024-02-30 00:00:00"}"#,
            r#"{"Voornaam":{"first":"Anna"}}"#,
            r#"{"UserId":[1]}"#,
            r#"["not","an","object"]"#,
        ] {
            assert!(
                serde_json::from_str::<UserRecord>(bad).is_err(),
                "{bad} must fail"
            );
            let tree: Value = serde_json::from_str(bad).unwrap();
            assert!(
                serde_json::from_value::<UserRecord>(tree).is_err(),
                "{bad} must fail"
            );
        }
    }

    #[test]
    fn other_time_forms_and_the_zero_date() {
        let u =
            both(r#"{"StartDate":"2024-03-01T08:00:00.5Z","ExpireDate":"0000-00-00 00:00:00"}"#);
        assert!(u.start_date.is_some());
        assert_eq!(u.expire_date, None);
        let u = both(r#"{"StartDate":"2024-03-01","ExpireDate":"2024-03-01 08:00"}"#);
        assert!(u.start_date.is_some() && u.expire_date.is_some());
    }
}
