//! Class 11 of issue 16, "strict answers where devices are loose": every answer model
//! of the four vendor crates decodes an optional field sent as `""`, whitespace only,
//! `null` or not at all as absent, through `access_core::lenient::optional` (or the
//! crate's lenient readers). One table per vendor; each row is one answer type, the
//! smallest object it decodes from, its optional fields whose type validates or
//! parses (ids, card numbers, dates, enums, numbers, flags), which must read as
//! `None`, and its optional text fields, which must decode.
#![cfg(all(
    feature = "easysecure",
    feature = "iloq",
    feature = "allthenticate",
    feature = "ef45"
))]

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The forms of "no value" a device or service sends for an optional field.
fn empties() -> [Value; 5] {
    [
        Value::Null,
        json!(""),
        json!("  "),
        json!(" \t\r\n "),
        json!("\u{a0}"),
    ]
}

/// One answer type under test.
struct Row {
    name: &'static str,
    /// Decodes the JSON as the answer type; `Debug` of the value, or the error.
    decode: fn(&Value) -> Result<String, String>,
    /// The smallest object the type decodes from (its required fields).
    base: Value,
    /// Optional fields whose type parses or validates: every empty form is `None`,
    /// the same value as when the field is absent.
    parsed: &'static [&'static str],
    /// Optional text fields: every empty form decodes.
    text: &'static [&'static str],
}

fn de<T: DeserializeOwned + Debug>(v: &Value) -> Result<String, String> {
    serde_json::from_value::<T>(v.clone())
        .map(|t| format!("{t:?}"))
        .map_err(|e| e.to_string())
}

fn row<T: DeserializeOwned + Debug>(
    name: &'static str,
    base: Value,
    parsed: &'static [&'static str],
    text: &'static [&'static str],
) -> Row {
    Row {
        name,
        decode: de::<T>,
        base,
        parsed,
        text,
    }
}

/// Runs every row with every field set to every empty form; returns the cells run.
fn run(rows: &[Row]) -> usize {
    let mut failures = Vec::new();
    let mut cells = 0;
    for r in rows {
        let absent = match (r.decode)(&r.base) {
            Ok(v) => v,
            Err(e) => panic!("{}: the base object {} must decode: {e}", r.name, r.base),
        };
        for (field, must_be_none) in r
            .parsed
            .iter()
            .map(|f| (f, true))
            .chain(r.text.iter().map(|f| (f, false)))
        {
            assert!(
                r.base.get(*field).is_none(),
                "{}: {field} is in the base",
                r.name
            );
            for empty in empties() {
                cells += 1;
                let mut body = r.base.clone();
                body[*field] = empty.clone();
                match (r.decode)(&body) {
                    Err(e) => failures.push(format!("{}.{field} = {empty}: {e}", r.name)),
                    Ok(got) if must_be_none && got != absent => failures.push(format!(
                        "{}.{field} = {empty}: not absent:\n  got    {got}\n  absent {absent}",
                        r.name
                    )),
                    Ok(_) => {}
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    cells
}

#[test]
fn ef45_answers_read_empty_optionals_as_absent() {
    use ef45_sdk::{camera, enrolment, faces, firmware, logs, model, recognition, subjects, users};
    let cells = run(&[
        row::<users::UserInfo>(
            "UserInfo",
            json!({"user_uuid": "u1"}),
            &["card", "admin", "bypass_card", "verify_type"],
            &["pin"],
        ),
        row::<users::User>("User", json!({"user_uuid": "u1"}), &["card"], &[]),
        row::<subjects::Subject>(
            "Subject",
            json!({"user_uuid": "u1"}),
            &[
                "record_version",
                "access_allowed",
                "wiegand_facility",
                "wiegand_site",
                "wiegand_code",
            ],
            &[
                "wiegand_custom",
                "match_until",
                "left_eye_template",
                "right_eye_template",
            ],
        ),
        row::<subjects::DuplicationResult>(
            "DuplicationResult",
            json!({}),
            &["duplicated", "user_uuid"],
            &[],
        ),
        row::<faces::Face>(
            "Face",
            json!({"sub_id": 0}),
            &[
                "user_uuid",
                "face_eye_width",
                "face_feature_size",
                "face_frontal_score",
                "face_left_eye_x",
                "face_right_eye_x",
                "face_roll",
                "face_score",
                "face_LED_state",
            ],
            &["face_feature"],
        ),
        row::<enrolment::BiometricRecord>(
            "BiometricRecord",
            json!({}),
            &["encounter_id", "user_uuid"],
            &["left_eye_template", "right_eye_template"],
        ),
        row::<enrolment::LoadedImage>("LoadedImage", json!({}), &[], &["filename"]),
        row::<recognition::MatchRecord>(
            "MatchRecord",
            json!({}),
            &["encounter_id", "user_uuid"],
            &["timestamp", "info", "additional_data"],
        ),
        row::<recognition::DoorStatus>("DoorStatus", json!({}), &[], &["door_status"]),
        row::<logs::LogEntry>(
            "LogEntry",
            json!({"id": 1, "event_type": "Recognition"}),
            &["user_uuid"],
            &[
                "timestamp",
                "info",
                "additional_data",
                "matched_faceimage_data",
            ],
        ),
        row::<model::Page<users::UserInfo>>(
            "Page",
            json!({}),
            &["status_code", "page", "page_size", "total"],
            &["reason_phrase"],
        ),
        row::<model::Ack>(
            "Ack",
            json!({}),
            &["status_code"],
            &["reason_phrase", "message"],
        ),
        row::<camera::CameraSettings>(
            "CameraSettings",
            json!({}),
            &["camera_mode", "audio_enabled"],
            &["serial_number"],
        ),
        row::<firmware::FirmwareResult>("FirmwareResult", json!({}), &[], &["result", "version"]),
    ]);
    eprintln!("ef45-sdk: 14 answer types, {cells} cells");
}

#[test]
fn iloq_answers_read_empty_optionals_as_absent() {
    use iloq_sdk::{
        auth, key_phones, keys, lock_logs, locks, persons, security_accesses, time_limits, webhooks,
    };
    const ID: &str = "6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";
    let cells = run(&[
        row::<keys::Key>(
            "Key",
            json!({"FNKey_ID": ID}),
            &["Person_ID", "RealEstate_ID", "ExpireDate"],
            &[
                "Description",
                "InfoText",
                "ROM_ID",
                "Stamp",
                "TagKey",
                "VersionCode",
            ],
        ),
        row::<keys::KeyZones>("KeyZones", json!({}), &["MainZone"], &[]),
        row::<lock_logs::DeviceLog>(
            "DeviceLog",
            json!({"DeviceLog_ID": ID}),
            &["GoingDateUtc", "FLock", "FNKey"],
            &["ErrorDescription"],
        ),
        row::<lock_logs::LockLogData>(
            "LockLogData",
            json!({"DeviceLog_ID": ID, "FLock_ID": ID, "TimestampUtc": "2024-01-02T03:04:05Z"}),
            &["FNKey_ID", "LockGroup_ID", "GoingDate", "ReadingDate"],
            &["ErrorDescription", "LockingObject", "LocationCode"],
        ),
        row::<lock_logs::LockLogDataPage>(
            "LockLogDataPage",
            json!({}),
            &["StartDateUtc", "EndDateUtc"],
            &[],
        ),
        row::<locks::Lock>(
            "Lock",
            json!({"FLock_ID": ID}),
            &["RealEstate_Id", "Zone_ID"],
            &["Description", "LocationCode", "LockingObject"],
        ),
        row::<locks::RealEstate>(
            "RealEstate",
            json!({"RealEstate_ID": ID}),
            &["ParentRealEstate_ID"],
            &["Name"],
        ),
        row::<persons::Person>(
            "Person",
            json!({"Person_ID": ID}),
            &["EmploymentEndDate"],
            &[
                "FirstName",
                "LastName",
                "PersonCode",
                "ExternalPersonId",
                "eMail",
                "Phone1",
            ],
        ),
        row::<persons::PersonRole>("PersonRole", json!({}), &["PersonRole_ID"], &["Name"]),
        row::<security_accesses::SecurityAccess>(
            "SecurityAccess",
            json!({"SecurityAccess_ID": ID}),
            &["RealEstate_ID", "Zone_ID"],
            &["Name", "Description"],
        ),
        row::<time_limits::KeyTimeLimitSlot>(
            "KeyTimeLimitSlot",
            json!({"SlotNo": 1}),
            &[
                "LimitDateLg",
                "TimeLimitTitle_ID",
                "TimeLimitTitleStartDateLg",
                "TimeLimitTitleEndDateLg",
            ],
            &["TimeZone_ID"],
        ),
        row::<auth::LockGroup>(
            "LockGroup",
            json!({"LockGroup_ID": ID}),
            &["Customer_ID", "ExpireDateUTC"],
            &["Name", "Description", "TimeZoneStandardName"],
        ),
        row::<webhooks::WebhookPayload>(
            "WebhookPayload",
            json!({"Data": {}}),
            &["CreationTimeUtc"],
            &[],
        ),
        row::<key_phones::KeyPhone>(
            "KeyPhone",
            json!({"FNKey_ID": ID}),
            &[],
            &["PhoneNo", "Email"],
        ),
    ]);
    eprintln!("iloq-sdk: 14 answer types, {cells} cells");
}

#[test]
fn allthenticate_answers_read_empty_optionals_as_absent() {
    use allthenticate_sdk::{guest_links, resources, users};
    let cells = run(&[
        row::<resources::Resource>(
            "Resource",
            json!({}),
            &[
                "org_id",
                "resource_id",
                "resource_status_id",
                "resource_type",
                "resource_status",
                "seen",
                "status",
                "updated",
            ],
            &["name", "public_key", "uuid"],
        ),
        row::<resources::ResourceStatus>(
            "ResourceStatus",
            json!({}),
            &["lock_status", "online_status"],
            &[],
        ),
        row::<users::User>(
            "User",
            json!({}),
            &[
                "ad_status",
                "active_date",
                "confirmed",
                "created",
                "device_added",
                "email_id",
                "email_status",
                "user_id",
            ],
            &["email", "first_name", "last_name", "name", "username"],
        ),
        row::<users::InviteResult>(
            "InviteResult",
            json!({"success": "ok"}),
            &["send_email"],
            &[],
        ),
        row::<guest_links::MagicLink>(
            "MagicLink",
            json!({"success": "ok"}),
            &["email_ids", "config_id", "magic_link_id"],
            &["magic_token"],
        ),
    ]);
    eprintln!("allthenticate-sdk: 5 answer types, {cells} cells");
}

#[test]
fn easysecure_answers_read_empty_optionals_as_absent() {
    use easysecure_sdk::{logs, model, profile, sync};
    let cells = run(&[
        row::<model::LogEntry>(
            "LogEntry",
            json!({}),
            &[
                "scanID",
                "TerminalKey",
                "Time",
                "LocationId",
                "Success",
                "LogText",
            ],
            &["Terminal", "UserID", "LocationName", "TerminalName"],
        ),
        row::<model::UserRecord>(
            "UserRecord",
            json!({}),
            &[
                "Admin",
                "Security",
                "StartDate",
                "ExpireDate",
                "isVisitor",
                "syncToTapkey",
            ],
            &[
                "UserId",
                "wsAltUserId",
                "Voornaam",
                "cardId",
                "phone",
                "PIN",
            ],
        ),
        row::<model::Group>("Group", json!({}), &[], &["GroupId"]),
        row::<logs::LogIdRange>("LogIdRange", json!({}), &["minId", "maxId"], &[]),
        row::<sync::SyncStarted>("SyncStarted", json!({}), &[], &["syncId", "message"]),
        row::<sync::SyncLogEntry>(
            "SyncLogEntry",
            json!({"status": "pending"}),
            &["id", "created"],
            &["syncId", "wsAltUserId", "Terminal", "message"],
        ),
        row::<profile::Picture>("Picture", json!({}), &[], &["extension"]),
    ]);
    eprintln!("easysecure-sdk: 7 answer types, {cells} cells");
}
