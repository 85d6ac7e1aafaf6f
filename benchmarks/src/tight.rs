//! The *tight* baseline: what an integrator who tunes hand-written serde code
//! writes, beside [`crate::plain`]'s first-try structs. The goals are judged
//! against this one.
//!
//! The same documented fields as [`crate::plain`], with:
//!
//! * **borrowed strings**: every text field is a `Cow<'a, str>` that borrows
//!   from the body ([`text`], [`opt_text`]); it owns a copy only when the JSON
//!   string holds an escape (`\"`, `\u00e4`, ...), so it decodes every answer
//!   the plain structs decode. None of the benchmarks' answers hold an escape:
//!   no field allocates. (A bare `&'a str` would refuse escaped strings, which
//!   real answers send, e.g. non-ASCII names escaped by .NET serializers.)
//! * **no per-field allocation**: flags and dates are read from the borrowed
//!   text, never through a `String`;
//! * **the SDK's date strategy, written by hand**: EasySecure's
//!   `yyyy-mm-dd hh:ii:ss` is read as digits at fixed offsets into chrono's
//!   `NaiveDate::from_ymd_opt` / `and_hms_opt` (the same strategy as
//!   easysecure-sdk's `parse_datetime`, about fifteen lines any integrator can
//!   write), with chrono's format string only as the fallback for other forms;
//!   iLOQ's RFC 3339 times use chrono's own `DateTime<Utc>` deserializer, as the
//!   SDK and the plain structs do;
//! * **the SDK's body strategy**: the body is checked as UTF-8 once and parsed
//!   with `serde_json::from_str` ([`decode`]), which is what
//!   `access_core::http::decode_json` does; the caller keeps the body alive
//!   while it reads the borrowed values (reqwest's `.json()` cannot borrow, so
//!   the tight raw calls read `.bytes()` and call [`decode`]).

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;
use serde::de::{Deserializer, Error as _, Visitor};

/// The body checked as UTF-8 once, then `serde_json::from_str` (borrowing).
pub fn decode<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, serde_json::Error> {
    let text = std::str::from_utf8(body).map_err(serde_json::Error::custom)?;
    serde_json::from_str(text)
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

struct OptTextVisitor;

impl<'de> Visitor<'de> for OptTextVisitor {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        text(d).map(Some)
    }
}

/// A string borrowed from the body (owned only when it holds an escape).
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    d.deserialize_str(TextVisitor)
}

/// [`text`] or `null`.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    d.deserialize_option(OptTextVisitor)
}

fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(text(d)? == "1")
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `yyyy-mm-dd hh:ii:ss` by fixed offsets; chrono's format string otherwise.
pub fn es_datetime(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() == 19
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':'
    {
        let fast = NaiveDate::from_ymd_opt(
            i32::try_from(digits(&b[0..4])?).ok()?,
            digits(&b[5..7])?,
            digits(&b[8..10])?,
        )
        .and_then(|d| {
            d.and_hms_opt(
                digits(&b[11..13])?,
                digits(&b[14..16])?,
                digits(&b[17..19])?,
            )
        });
        if fast.is_some() {
            return fast;
        }
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok()
}

fn es_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
    match opt_text(d)?.as_deref() {
        None | Some("") => Ok(None),
        Some(s) => es_datetime(s)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("not yyyy-mm-dd hh:ii:ss: {s:?}"))),
    }
}

/// An EasySecure user (`getUsers`).
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct EsUser<'a> {
    #[serde(rename = "UserId", borrow, deserialize_with = "text")]
    pub user_id: Cow<'a, str>,
    #[serde(rename = "wsAltUserId", borrow, deserialize_with = "text")]
    pub ws_alt_user_id: Cow<'a, str>,
    #[serde(rename = "PIN", borrow, deserialize_with = "text")]
    pub pin: Cow<'a, str>,
    #[serde(rename = "Voornaam", borrow, deserialize_with = "text")]
    pub first_name: Cow<'a, str>,
    #[serde(rename = "Insertion", borrow, deserialize_with = "text")]
    pub insertion: Cow<'a, str>,
    #[serde(rename = "Achternaam", borrow, deserialize_with = "text")]
    pub last_name: Cow<'a, str>,
    #[serde(rename = "Admin", deserialize_with = "flag")]
    pub admin: bool,
    #[serde(rename = "Security", deserialize_with = "flag")]
    pub security: bool,
    #[serde(rename = "StartDate", deserialize_with = "es_time")]
    pub start_date: Option<NaiveDateTime>,
    #[serde(rename = "ExpireDate", deserialize_with = "es_time")]
    pub expire_date: Option<NaiveDateTime>,
    #[serde(borrow, deserialize_with = "text")]
    pub info1: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info2: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info3: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info4: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info5: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info6: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info7: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info8: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info9: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info10: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info11: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info12: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info13: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub info14: Cow<'a, str>,
    #[serde(rename = "GroupS", borrow, deserialize_with = "text")]
    pub groups: Cow<'a, str>,
    #[serde(rename = "cardId", borrow, deserialize_with = "text")]
    pub card_id: Cow<'a, str>,
    #[serde(rename = "cardCustom", borrow, deserialize_with = "text")]
    pub card_custom: Cow<'a, str>,
    #[serde(rename = "licensePlate", borrow, deserialize_with = "text")]
    pub license_plate: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "text")]
    pub phone: Cow<'a, str>,
    #[serde(rename = "isVisitor", deserialize_with = "flag")]
    pub is_visitor: bool,
    #[serde(rename = "syncToTapkey", deserialize_with = "flag")]
    pub mobile_key: bool,
}

/// An EasySecure log entry (`getLogs`).
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct EsLog<'a> {
    #[serde(rename = "scanID")]
    pub scan_id: i64,
    #[serde(rename = "Terminal", borrow, deserialize_with = "text")]
    pub terminal: Cow<'a, str>,
    #[serde(rename = "TerminalKey", borrow, deserialize_with = "text")]
    pub terminal_key: Cow<'a, str>,
    #[serde(rename = "UserID", borrow, deserialize_with = "text")]
    pub user_id: Cow<'a, str>,
    #[serde(rename = "Time", deserialize_with = "es_time")]
    pub time: Option<NaiveDateTime>,
    #[serde(rename = "LocationId")]
    pub location_id: i64,
    #[serde(rename = "LocationName", borrow, deserialize_with = "text")]
    pub location_name: Cow<'a, str>,
    #[serde(rename = "Success")]
    pub success: u8,
    #[serde(rename = "Terminal Name", borrow, deserialize_with = "text")]
    pub terminal_name: Cow<'a, str>,
    #[serde(rename = "LogText", borrow, deserialize_with = "text")]
    pub log_text: Cow<'a, str>,
}

/// An iLOQ person (`GET /Persons`).
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct IloqPerson<'a> {
    #[serde(rename = "Person_ID", borrow, deserialize_with = "text")]
    pub id: Cow<'a, str>,
    #[serde(rename = "FirstName", borrow, default, deserialize_with = "opt_text")]
    pub first_name: Option<Cow<'a, str>>,
    #[serde(rename = "LastName", borrow, default, deserialize_with = "opt_text")]
    pub last_name: Option<Cow<'a, str>>,
    #[serde(rename = "PersonCode", borrow, default, deserialize_with = "opt_text")]
    pub person_code: Option<Cow<'a, str>>,
    #[serde(
        rename = "ExternalPersonId",
        borrow,
        default,
        deserialize_with = "opt_text"
    )]
    pub external_id: Option<Cow<'a, str>>,
    #[serde(rename = "eMail", borrow, default, deserialize_with = "opt_text")]
    pub email: Option<Cow<'a, str>>,
    #[serde(rename = "Phone1", borrow, default, deserialize_with = "opt_text")]
    pub phone1: Option<Cow<'a, str>>,
    #[serde(rename = "Phone2", borrow, default, deserialize_with = "opt_text")]
    pub phone2: Option<Cow<'a, str>>,
    #[serde(rename = "Phone3", borrow, default, deserialize_with = "opt_text")]
    pub phone3: Option<Cow<'a, str>>,
    #[serde(rename = "Address", borrow, default, deserialize_with = "opt_text")]
    pub address: Option<Cow<'a, str>>,
    #[serde(rename = "ZipCode", borrow, default, deserialize_with = "opt_text")]
    pub zip_code: Option<Cow<'a, str>>,
    #[serde(rename = "PostOffice", borrow, default, deserialize_with = "opt_text")]
    pub post_office: Option<Cow<'a, str>>,
    #[serde(rename = "Country", borrow, default, deserialize_with = "opt_text")]
    pub country: Option<Cow<'a, str>>,
    #[serde(rename = "CompanyName", borrow, default, deserialize_with = "opt_text")]
    pub company_name: Option<Cow<'a, str>>,
    #[serde(rename = "WorkTitle", borrow, default, deserialize_with = "opt_text")]
    pub work_title: Option<Cow<'a, str>>,
    #[serde(rename = "ContactInfo", borrow, default, deserialize_with = "opt_text")]
    pub contact_info: Option<Cow<'a, str>>,
    #[serde(rename = "Description", borrow, default, deserialize_with = "opt_text")]
    pub description: Option<Cow<'a, str>>,
    #[serde(
        rename = "LanguageCode",
        borrow,
        default,
        deserialize_with = "opt_text"
    )]
    pub language_code: Option<Cow<'a, str>>,
    #[serde(rename = "EmploymentEndDate")]
    pub employment_end: Option<DateTime<Utc>>,
    #[serde(rename = "ExternalCanEdit")]
    pub external_can_edit: bool,
    #[serde(rename = "State")]
    pub state: i64,
}

/// An iLOQ `LockLogData` entry.
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct IloqLockLog<'a> {
    #[serde(rename = "DeviceLog_ID", borrow, deserialize_with = "text")]
    pub id: Cow<'a, str>,
    #[serde(rename = "FLock_ID", borrow, deserialize_with = "text")]
    pub lock_id: Cow<'a, str>,
    #[serde(rename = "FNKey_ID", borrow, default, deserialize_with = "opt_text")]
    pub key_id: Option<Cow<'a, str>>,
    #[serde(
        rename = "LockGroup_ID",
        borrow,
        default,
        deserialize_with = "opt_text"
    )]
    pub lock_group_id: Option<Cow<'a, str>>,
    #[serde(rename = "AccessTypeMask")]
    pub access_type: i64,
    #[serde(rename = "ErrorCode")]
    pub error_code: i64,
    #[serde(
        rename = "ErrorDescription",
        borrow,
        default,
        deserialize_with = "opt_text"
    )]
    pub error_description: Option<Cow<'a, str>>,
    #[serde(rename = "GoingDate")]
    pub going_date: Option<DateTime<Utc>>,
    #[serde(rename = "ReadingDate")]
    pub reading_date: Option<DateTime<Utc>>,
    #[serde(rename = "TimestampUtc")]
    pub timestamp: DateTime<Utc>,
    #[serde(rename = "KeyId")]
    pub key_number: i64,
    #[serde(
        rename = "LockingObject",
        borrow,
        default,
        deserialize_with = "opt_text"
    )]
    pub locking_object: Option<Cow<'a, str>>,
    #[serde(
        rename = "LocationCode",
        borrow,
        default,
        deserialize_with = "opt_text"
    )]
    pub location_code: Option<Cow<'a, str>>,
}

/// The `GetLockLogData*` answer.
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct IloqLockLogPage<'a> {
    #[serde(rename = "StartDateUtc")]
    pub start: Option<DateTime<Utc>>,
    #[serde(rename = "EndDateUtc")]
    pub end: Option<DateTime<Utc>>,
    #[serde(rename = "LockLogs", borrow)]
    pub logs: Vec<IloqLockLog<'a>>,
}

/// An EF-45 face of a capture.
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct Ef45Face<'a> {
    pub sub_id: i64,
    pub face_eye_width: Option<i64>,
    pub face_feature_size: Option<i64>,
    pub face_frontal_score: Option<f64>,
    pub face_left_eye_x: Option<i64>,
    pub face_right_eye_x: Option<i64>,
    pub face_roll: Option<f64>,
    pub face_score: Option<f64>,
    #[serde(rename = "face_LED_state")]
    pub led_state: Option<i64>,
    #[serde(borrow, default, deserialize_with = "opt_text")]
    pub face_feature: Option<Cow<'a, str>>,
}

/// An EF-45 capture (biometric data).
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct Ef45Biometric<'a> {
    #[serde(borrow, default, deserialize_with = "opt_text")]
    pub encounter_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_text")]
    pub user_uuid: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_text")]
    pub left_eye_template: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_text")]
    pub right_eye_template: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub faces: Vec<Ef45Face<'a>>,
}

/// The EF-45 page envelope of biometric captures.
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct Ef45BiometricPage<'a> {
    pub status_code: Option<u16>,
    #[serde(borrow, default, deserialize_with = "opt_text")]
    pub reason_phrase: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub items: Vec<Ef45Biometric<'a>>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub has_more: bool,
    pub total: Option<u64>,
}

/// The tight EasySecure structs with **owned** `String`s: what a model that
/// returns owned values (as the SDK's do) pays at the least. Used only in the
/// decode bench's breakdown, to split the gap between the SDK and the tight
/// baseline into "owning the strings" and "the rest".
pub mod owned {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer};

    fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        Ok(super::text(d)? == "1")
    }

    fn es_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        super::es_time(d)
    }

    /// An EasySecure log entry, owned.
    #[allow(missing_docs)]
    #[derive(Debug, Deserialize)]
    pub struct EsLog {
        #[serde(rename = "scanID")]
        pub scan_id: i64,
        #[serde(rename = "Terminal")]
        pub terminal: String,
        #[serde(rename = "TerminalKey")]
        pub terminal_key: String,
        #[serde(rename = "UserID")]
        pub user_id: String,
        #[serde(rename = "Time", deserialize_with = "es_time")]
        pub time: Option<NaiveDateTime>,
        #[serde(rename = "LocationId")]
        pub location_id: i64,
        #[serde(rename = "LocationName")]
        pub location_name: String,
        #[serde(rename = "Success")]
        pub success: u8,
        #[serde(rename = "Terminal Name")]
        pub terminal_name: String,
        #[serde(rename = "LogText")]
        pub log_text: String,
    }

    /// An EasySecure user, owned.
    #[allow(missing_docs)]
    #[derive(Debug, Deserialize)]
    pub struct EsUser {
        #[serde(rename = "UserId")]
        pub user_id: String,
        #[serde(rename = "wsAltUserId")]
        pub ws_alt_user_id: String,
        #[serde(rename = "PIN")]
        pub pin: String,
        #[serde(rename = "Voornaam")]
        pub first_name: String,
        #[serde(rename = "Insertion")]
        pub insertion: String,
        #[serde(rename = "Achternaam")]
        pub last_name: String,
        #[serde(rename = "Admin", deserialize_with = "flag")]
        pub admin: bool,
        #[serde(rename = "Security", deserialize_with = "flag")]
        pub security: bool,
        #[serde(rename = "StartDate", deserialize_with = "es_time")]
        pub start_date: Option<NaiveDateTime>,
        #[serde(rename = "ExpireDate", deserialize_with = "es_time")]
        pub expire_date: Option<NaiveDateTime>,
        pub info1: String,
        pub info2: String,
        pub info3: String,
        pub info4: String,
        pub info5: String,
        pub info6: String,
        pub info7: String,
        pub info8: String,
        pub info9: String,
        pub info10: String,
        pub info11: String,
        pub info12: String,
        pub info13: String,
        pub info14: String,
        #[serde(rename = "GroupS")]
        pub groups: String,
        #[serde(rename = "cardId")]
        pub card_id: String,
        #[serde(rename = "cardCustom")]
        pub card_custom: String,
        #[serde(rename = "licensePlate")]
        pub license_plate: String,
        pub phone: String,
        #[serde(rename = "isVisitor", deserialize_with = "flag")]
        pub is_visitor: bool,
        #[serde(rename = "syncToTapkey", deserialize_with = "flag")]
        pub mobile_key: bool,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_borrowed_unless_escaped() {
        let body = br#"{"Person_ID":"a","FirstName":"J\u00e4rvi","LastName":null,"ExternalCanEdit":true,"State":0}"#;
        let p: IloqPerson = decode(body).expect("decode");
        assert!(matches!(p.id, Cow::Borrowed("a")));
        assert!(matches!(p.first_name, Some(Cow::Owned(ref s)) if s == "Järvi"));
        assert!(p.last_name.is_none() && p.phone1.is_none());
    }

    #[test]
    fn easysecure_dates_by_offsets_and_fallback() {
        let t = es_datetime("2025-01-02 03:04:05").expect("canonical");
        assert_eq!(t.to_string(), "2025-01-02 03:04:05");
        assert!(es_datetime("2025-02-30 00:00:00").is_none());
        assert!(
            es_datetime("2025-1-2 3:04:05").is_some(),
            "the format string reads it"
        );
        assert!(es_datetime("yesterday").is_none());
    }

    #[test]
    fn tight_and_plain_read_the_same_fixtures() {
        let body = crate::fixtures::easysecure_logs(1, 300);
        let tight: Vec<EsLog> = decode(&body).expect("tight");
        let plain: Vec<crate::plain::EsLog> = serde_json::from_slice(&body).expect("plain");
        assert_eq!(tight.len(), plain.len());
        for (t, p) in tight.iter().zip(&plain) {
            assert_eq!((t.scan_id, t.time), (p.scan_id, p.time));
            assert_eq!(t.user_id, p.user_id.as_str());
            assert!(matches!(t.log_text, Cow::Borrowed(_)));
        }
        let body = crate::fixtures::easysecure_users(30);
        let tight: Vec<EsUser> = decode(&body).expect("tight");
        let plain: Vec<crate::plain::EsUser> = serde_json::from_slice(&body).expect("plain");
        for (t, p) in tight.iter().zip(&plain) {
            assert_eq!((t.start_date, t.expire_date), (p.start_date, p.expire_date));
            assert_eq!((t.admin, t.mobile_key), (p.admin, p.mobile_key));
        }
        let owned: Vec<owned::EsUser> = decode(&body).expect("owned");
        assert_eq!(owned[29].start_date, plain[29].start_date);
        let body = crate::fixtures::iloq_lock_log_data(50);
        let tight: IloqLockLogPage = decode(&body).expect("tight");
        let plain: crate::plain::IloqLockLogPage = serde_json::from_slice(&body).expect("plain");
        assert_eq!(tight.logs.len(), 50);
        assert_eq!(tight.logs[49].timestamp, plain.logs[49].timestamp);
        let body = crate::fixtures::iloq_persons(20);
        let tight: Vec<IloqPerson> = decode(&body).expect("tight");
        assert_eq!(tight.len(), 20);
        let body = crate::fixtures::ef45_biometric(64 * 1024);
        let tight: Ef45BiometricPage = decode(&body).expect("tight");
        assert_eq!(tight.items[0].faces.len(), 2);
    }
}
