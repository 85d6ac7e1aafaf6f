//! The JSON answers of the measured endpoints, built deterministically in the
//! shapes the vendor crates' simulators answer (same field names and types).

use serde_json::{Value, json};

/// A UUID-formatted id made from `kind` and `n` (deterministic, valid 8-4-4-4-12).
pub fn uuid(kind: u32, n: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        kind,
        (n >> 48) & 0xffff,
        (n >> 36) & 0xfff,
        (n >> 24) & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

const FIRST: [&str; 8] = [
    "Anna", "Jan", "Pieter", "Sophie", "Mohamed", "Eva", "Lars", "Noor",
];
const LAST: [&str; 8] = [
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos",
];

fn date(n: u64) -> String {
    // 2025-01-01 00:00:00 plus n minutes, as `yyyy-mm-dd hh:ii:ss`.
    let t = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
        + chrono::Duration::minutes(n as i64);
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn utc(n: u64, millis: bool) -> String {
    let t = chrono::DateTime::<chrono::Utc>::from_timestamp(1_735_689_600 + n as i64, 0)
        .unwrap_or_default();
    if millis {
        t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// One EasySecure user as `getUsers` answers it (the simulator's `user_json`).
pub fn easysecure_user(n: u64) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("UserId".into(), json!((1000 + n).to_string()));
    m.insert("wsAltUserId".into(), json!(format!("HR-{n:05}")));
    m.insert("PIN".into(), json!(format!("{:04}", n % 10_000)));
    m.insert("Achternaam".into(), json!(LAST[(n % 8) as usize]));
    m.insert("Insertion".into(), json!(""));
    m.insert("Voornaam".into(), json!(FIRST[(n % 7) as usize]));
    m.insert("Admin".into(), json!("0"));
    m.insert("Security".into(), json!("0"));
    m.insert("StartDate".into(), json!(date(n)));
    m.insert("ExpireDate".into(), json!("2030-12-31 23:59:59"));
    for i in 1..=14 {
        let v = match i {
            1 => format!("HR-{n:05}"),
            2 => "Engineering".to_string(),
            _ => String::new(),
        };
        m.insert(format!("info{i}"), json!(v));
    }
    m.insert("GroupS".into(), json!("Staff;Office hours"));
    m.insert("TemplatesNr".into(), json!("0"));
    m.insert("cardId".into(), json!(format!("{}", 1_700_000 + n)));
    m.insert("cardCustom".into(), json!(""));
    m.insert(
        "licensePlate".into(),
        json!(format!("AB-{:03}-C", n % 1000)),
    );
    m.insert("phone".into(), json!(format!("+3161234{:04}", n % 10_000)));
    m.insert("isVisitor".into(), json!("0"));
    m.insert(
        "syncToTapkey".into(),
        json!(if n.is_multiple_of(3) { "1" } else { "0" }),
    );
    Value::Object(m)
}

/// `getUsers` with `n` users (a JSON array, as the simulator answers).
pub fn easysecure_users(n: u64) -> Vec<u8> {
    serde_json::to_vec(&(0..n).map(easysecure_user).collect::<Vec<_>>()).unwrap_or_default()
}

const KEYS: [&str; 4] = ["IN", "OUT", "DUTY IN", "DUTY OUT"];
const TEXTS: [&str; 3] = ["Identify Success", "Verify Success", "Identify Failed"];

/// One EasySecure log entry with `scanID` `id` (the simulator's `log_json`).
pub fn easysecure_log(id: u64) -> Value {
    json!({
        "scanID": id,
        "Terminal": "TR-2001",
        "TerminalKey": KEYS[(id % 4) as usize],
        "UserID": format!("HR-{:05}", id % 5000),
        "Time": date(id),
        "LocationId": 3,
        "LocationName": "Head office",
        "Success": if id.is_multiple_of(50) { 0 } else { 1 },
        "Terminal Name": "Time clock hall",
        "LogText": TEXTS[(id % 3) as usize],
    })
}

/// `getLogs` entries with `scanID` from `from` to `to` (both included), as bytes.
pub fn easysecure_logs(from: u64, to: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(((to + 1).saturating_sub(from) as usize) * 260);
    out.push(b'[');
    for id in from..=to {
        if id > from {
            out.push(b',');
        }
        // Serializing a json! value cannot fail.
        serde_json::to_writer(&mut out, &easysecure_log(id)).unwrap_or_default();
    }
    out.push(b']');
    out
}

/// One iLOQ person (`Person`), every documented field present.
pub fn iloq_person(n: u64) -> Value {
    json!({
        "Person_ID": uuid(0x11, n),
        "FirstName": FIRST[(n % 7) as usize],
        "LastName": LAST[(n % 8) as usize],
        "PersonCode": format!("P{n:06}"),
        "ExternalPersonId": format!("HR-{n:05}"),
        "eMail": format!("person{n}@example.com"),
        "Phone1": format!("+3580401{:05}", n % 100_000),
        "Phone2": null,
        "Phone3": null,
        "Address": "Yrttipellontie 10",
        "ZipCode": "90230",
        "PostOffice": "Oulu",
        "Country": "FI",
        "CompanyName": "Example Oy",
        "WorkTitle": "Engineer",
        "ContactInfo": "",
        "Description": "",
        "LanguageCode": "fi",
        "EmploymentEndDate": if n.is_multiple_of(10) { Value::String(utc(n * 86_400, false)) } else { Value::Null },
        "ExternalCanEdit": true,
        "State": 0,
    })
}

/// `GET /Persons` with `n` persons.
pub fn iloq_persons(n: u64) -> Vec<u8> {
    serde_json::to_vec(&(0..n).map(iloq_person).collect::<Vec<_>>()).unwrap_or_default()
}

/// One iLOQ `LockLogData` entry.
pub fn iloq_lock_log(n: u64) -> Value {
    json!({
        "DeviceLog_ID": uuid(0x21, n),
        "FLock_ID": uuid(0x22, n % 400),
        "FNKey_ID": uuid(0x23, n % 3000),
        "LockGroup_ID": uuid(0x24, 1),
        "AccessTypeMask": if n.is_multiple_of(40) { 2 } else { 1 },
        "ErrorCode": 0,
        "ErrorDescription": null,
        "GoingDate": utc(n, true),
        "ReadingDate": utc(n + 30, true),
        "TimestampUtc": utc(n + 60, true),
        "KeyId": 10_000 + (n % 3000),
        "LockingObject": format!("Door {}", n % 400),
        "LocationCode": format!("B{}-{}", n % 7, n % 400),
        "GoingCounter": n,
    })
}

/// `GetLockLogDataByTimestamp` with `n` entries.
pub fn iloq_lock_log_data(n: u64) -> Vec<u8> {
    let logs: Vec<Value> = (0..n).map(iloq_lock_log).collect();
    serde_json::to_vec(&json!({
        "StartDateUtc": utc(0, false),
        "EndDateUtc": utc(n + 3600, false),
        "LockLogs": logs,
    }))
    .unwrap_or_default()
}

fn b64ish(len: usize, seed: u64) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            A[(x & 63) as usize] as char
        })
        .collect()
}

/// A biometric-data answer of about `total` bytes: one capture with two iris
/// templates and two faces (real captures total about 5 MB).
pub fn ef45_biometric(total: usize) -> Vec<u8> {
    let iris = total * 2 / 5;
    let face = total / 10;
    let faces: Vec<Value> = (0..2)
        .map(|sub| {
            json!({
                "sub_id": sub,
                "face_eye_width": 64,
                "face_feature_size": face,
                "face_frontal_score": 0.9,
                "face_left_eye_x": 410,
                "face_right_eye_x": 474,
                "face_roll": 1.5,
                "face_score": 0.82,
                "face_LED_state": sub,
                "face_feature": b64ish(face, 7 + sub as u64),
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "status_code": 200,
        "reason_phrase": "OK",
        "items": [{
            "encounter_id": uuid(0x31, 1),
            "user_uuid": uuid(0x32, 1),
            "left_eye_template": b64ish(iris, 1),
            "right_eye_template": b64ish(iris, 2),
            "faces": faces,
        }],
        "page": 1,
        "page_size": 1,
        "has_more": false,
        "total": 1,
    }))
    .unwrap_or_default()
}
