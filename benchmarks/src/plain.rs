//! The plain structs a careful integrator writes for hand-made reqwest + serde
//! calls: the same documented fields as the SDK's models, typed the obvious way
//! (numbers as numbers, dates parsed with chrono), without the SDK's lenient
//! readers, `extra` maps of unknown fields, or validation.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer};

fn es_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    match s.as_deref() {
        None | Some("") => Ok(None),
        Some(s) => NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let s = String::deserialize(d)?;
    Ok(s == "1")
}

/// An EasySecure user (`getUsers`).
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

/// An EasySecure log entry (`getLogs`).
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

/// An iLOQ person (`GET /Persons`).
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct IloqPerson {
    #[serde(rename = "Person_ID")]
    pub id: String,
    #[serde(rename = "FirstName")]
    pub first_name: Option<String>,
    #[serde(rename = "LastName")]
    pub last_name: Option<String>,
    #[serde(rename = "PersonCode")]
    pub person_code: Option<String>,
    #[serde(rename = "ExternalPersonId")]
    pub external_id: Option<String>,
    #[serde(rename = "eMail")]
    pub email: Option<String>,
    #[serde(rename = "Phone1")]
    pub phone1: Option<String>,
    #[serde(rename = "Phone2")]
    pub phone2: Option<String>,
    #[serde(rename = "Phone3")]
    pub phone3: Option<String>,
    #[serde(rename = "Address")]
    pub address: Option<String>,
    #[serde(rename = "ZipCode")]
    pub zip_code: Option<String>,
    #[serde(rename = "PostOffice")]
    pub post_office: Option<String>,
    #[serde(rename = "Country")]
    pub country: Option<String>,
    #[serde(rename = "CompanyName")]
    pub company_name: Option<String>,
    #[serde(rename = "WorkTitle")]
    pub work_title: Option<String>,
    #[serde(rename = "ContactInfo")]
    pub contact_info: Option<String>,
    #[serde(rename = "Description")]
    pub description: Option<String>,
    #[serde(rename = "LanguageCode")]
    pub language_code: Option<String>,
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
pub struct IloqLockLog {
    #[serde(rename = "DeviceLog_ID")]
    pub id: String,
    #[serde(rename = "FLock_ID")]
    pub lock_id: String,
    #[serde(rename = "FNKey_ID")]
    pub key_id: Option<String>,
    #[serde(rename = "LockGroup_ID")]
    pub lock_group_id: Option<String>,
    #[serde(rename = "AccessTypeMask")]
    pub access_type: i64,
    #[serde(rename = "ErrorCode")]
    pub error_code: i64,
    #[serde(rename = "ErrorDescription")]
    pub error_description: Option<String>,
    #[serde(rename = "GoingDate")]
    pub going_date: Option<DateTime<Utc>>,
    #[serde(rename = "ReadingDate")]
    pub reading_date: Option<DateTime<Utc>>,
    #[serde(rename = "TimestampUtc")]
    pub timestamp: DateTime<Utc>,
    #[serde(rename = "KeyId")]
    pub key_number: i64,
    #[serde(rename = "LockingObject")]
    pub locking_object: Option<String>,
    #[serde(rename = "LocationCode")]
    pub location_code: Option<String>,
}

/// The `GetLockLogData*` answer.
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct IloqLockLogPage {
    #[serde(rename = "StartDateUtc")]
    pub start: Option<DateTime<Utc>>,
    #[serde(rename = "EndDateUtc")]
    pub end: Option<DateTime<Utc>>,
    #[serde(rename = "LockLogs")]
    pub logs: Vec<IloqLockLog>,
}

/// An EF-45 face of a capture.
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct Ef45Face {
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
    pub face_feature: Option<String>,
}

/// An EF-45 capture (biometric data).
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct Ef45Biometric {
    pub encounter_id: Option<String>,
    pub user_uuid: Option<String>,
    pub left_eye_template: Option<String>,
    pub right_eye_template: Option<String>,
    #[serde(default)]
    pub faces: Vec<Ef45Face>,
}

/// The EF-45 page envelope.
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct Ef45Page<T> {
    pub status_code: Option<u16>,
    pub reason_phrase: Option<String>,
    pub items: Vec<T>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub has_more: bool,
    pub total: Option<u64>,
}

/// [`EsLog`] plus the `extra` map of unknown fields the SDK keeps
/// (`#[serde(flatten)]`), to show what that costs on its own.
#[allow(missing_docs)]
#[derive(Debug, Deserialize)]
pub struct EsLogWithExtra {
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
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
