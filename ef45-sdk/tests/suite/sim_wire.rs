//! The simulated EF-45's wire handling, checked against hand-written JSON in the
//! vendor's documented shapes (issue 22, part 4).
//!
//! The simulator keeps its own tables and reads and writes its JSON field by
//! field, apart from the SDK's serde types (issue 15), and every test that goes
//! through the SDK would still miss a field name both got wrong. These tests talk to the running simulator with a plain
//! `reqwest::Client`, send bodies written by hand from `shared/api/ef45.md` and
//! `shared/seeds/ef45-rest-api.txt`, and compare each answer with a hand-written
//! expected answer (exact keys, types and values; only generated values such as
//! the `lock_uid`, `encounter_id` and timestamps are matched by kind).
//!
//! Sources of each shape: **E1** the ReDoc page (`/lock`, `/version`, `/camera`,
//! camera start), **E2** the Flask middleware (`PUT /lock`, `POST /camera` body,
//! `/preview`, `/match-data` `items`, `GET /user`), **E3** the on-device C++
//! (`/subjects`, `/user-info`, `/faces`, template names), **E5** the C# face
//! model and error object `{error_no, error_message}`, **seed** the log answer
//! example and the envelope `status_code`/`reason_phrase`/`page`/`page_size`/
//! `has_more`/`total`, the `POST /user` body example and the card format.
//! Where the fact sheet marks a path or name **[I]**, the row says so.

#![cfg(feature = "testkit")]

use std::fmt::Write as _;

use access_core::testkit::wire::{
    ANY_BASE64, ANY_GUID as ANY_UUID, ANY_STRING, ANY_TIMESTAMP, json_diff as diff,
};
use ef45_sdk::UserUuid;
use ef45_sdk::testkit::{Ef45Sim, SimConfig};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// A plain HTTP client and a JSON matcher, independent of the SDK's types.
// ---------------------------------------------------------------------------

/// One request and the answer the vendor documents for it.
struct Row {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    /// `false` for `/lock` and `/version`, the only calls without `lock_uid` (E1).
    with_lock: bool,
    status: u16,
    answer: Value,
}

fn row(method: &'static str, path: impl Into<String>) -> Row {
    Row {
        method,
        path: path.into(),
        query: Vec::new(),
        body: None,
        with_lock: true,
        status: 200,
        answer: Value::Null,
    }
}

impl Row {
    fn q(mut self, k: &str, v: impl Into<String>) -> Self {
        self.query.push((k.into(), v.into()));
        self
    }
    fn body(mut self, b: Value) -> Self {
        self.body = Some(b);
        self
    }
    fn no_lock(mut self) -> Self {
        self.with_lock = false;
        self
    }
    fn expect(mut self, status: u16, answer: Value) -> Self {
        self.status = status;
        self.answer = answer;
        self
    }
}

struct Wire {
    http: reqwest::Client,
    base: String,
    lock_uid: Option<String>,
}

impl Wire {
    fn new(device: &Ef45Sim) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: device.uri(),
            lock_uid: None,
        }
    }

    /// Sends one request; the answer body as JSON, a JSON string when it is
    /// text, `null` when it is empty.
    async fn send(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        lock: bool,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base, path)).unwrap();
        {
            let mut pairs = url.query_pairs_mut();
            if lock && let Some(uid) = &self.lock_uid {
                pairs.append_pair("lock_uid", uid);
            }
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        let mut req = self
            .http
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url);
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let resp = req.send().await.expect("the simulator answers");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.unwrap();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        (status, value)
    }

    /// `POST /lock` (E1): connects and keeps the `lock_uid` for the next rows.
    async fn connect(&mut self) -> String {
        let (status, body) = self.send("POST", "/lock", &[], false, None).await;
        let mut problems = Vec::new();
        diff("", &json!({"lock_uid": ANY_UUID}), &body, &mut problems);
        assert!(
            status == 200 && problems.is_empty(),
            "POST /lock: {status} {body} {problems:?}"
        );
        let uid = body["lock_uid"].as_str().unwrap().to_string();
        self.lock_uid = Some(uid.clone());
        uid
    }

    /// Runs the rows in order; fails with every mismatch, row by row.
    async fn check(&self, rows: Vec<Row>) -> usize {
        let mut report = String::new();
        let n = rows.len();
        for (i, r) in rows.into_iter().enumerate() {
            let (status, got) = self
                .send(r.method, &r.path, &r.query, r.with_lock, r.body.as_ref())
                .await;
            let mut problems = Vec::new();
            if status != r.status {
                problems.push(format!("status: want {}, got {status}", r.status));
            }
            diff("$", &r.answer, &got, &mut problems);
            if !problems.is_empty() {
                let _ = writeln!(
                    report,
                    "row {i}: {} {} {:?}\n  answer: {got}\n  - {}",
                    r.method,
                    r.path,
                    r.query,
                    problems.join("\n  - ")
                );
            }
        }
        assert!(
            report.is_empty(),
            "answers differ from the documented shapes:\n{report}"
        );
        n
    }
}

/// The acknowledgement of a write: the envelope's `status_code` and
/// `reason_phrase` [seed] (the text of the phrase is not documented).
fn ack() -> Value {
    json!({"status_code": 200, "reason_phrase": ANY_STRING})
}

/// The device's error object: `status_code` and `reason_phrase` [seed],
/// `error_message` (E5) and, when the device reports one, `error_no` (E5, codes E4).
fn error(status: u16, phrase: &str, error_no: Option<i64>) -> Value {
    let mut v =
        json!({"status_code": status, "reason_phrase": phrase, "error_message": ANY_STRING});
    if let Some(n) = error_no {
        v["error_no"] = json!(n);
    }
    v
}

/// The seed's paged envelope: `{"status_code":200,"reason_phrase":"OK","items":[...],
/// "page":1,"page_size":50,"has_more":false,"total":7}`.
fn page(items: Value, page: u32, page_size: u32, has_more: bool, total: u64) -> Value {
    json!({
        "status_code": 200,
        "reason_phrase": "OK",
        "items": items,
        "page": page,
        "page_size": page_size,
        "has_more": has_more,
        "total": total,
    })
}

// ---------------------------------------------------------------------------
// Connection: POST/PUT /lock, DELETE /lock/{lock_uid}, the lock_uid query.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn lock_version_and_the_lock_uid_query() {
    let device = Ef45Sim::start().await;
    let mut w = Wire::new(&device);

    // E1: GET /version takes no lock_uid and answers {"version": string}.
    w.check(vec![
        row("GET", "/version")
            .no_lock()
            .expect(200, json!({"version": "1.2.34"})),
    ])
    .await;

    // E1: POST /lock without a body answers {"lock_uid": "8-4-4-4-12"}.
    let first = w.connect().await;

    w.check(vec![
            // A second POST while the lock is held is refused [I] (E3 then falls back to PUT).
            row("POST", "/lock")
                .no_lock()
                .expect(409, error(409, "Conflict", None)),
            // E1: PUT /lock, no body, takes over and answers {"lock_uid": string}.
            row("PUT", "/lock")
                .no_lock()
                .expect(200, json!({"lock_uid": ANY_UUID})),
            // The old lock_uid is now stale: 401.
            row("GET", "/camera").expect(
                401,
                json!({"status_code": 401, "reason_phrase": "Unauthorized", "error_message": "Invalid lock_uid"}),
            ),
            // E1: every call but /lock and /version needs lock_uid.
            row("GET", "/camera").no_lock().expect(
                401,
                json!({"status_code": 401, "reason_phrase": "Unauthorized", "error_message": "Invalid lock_uid"}),
            ),
        ])
        .await;
    assert_eq!(w.lock_uid.as_deref(), Some(first.as_str()));

    // Take over once more to learn the current lock_uid, then disconnect with it.
    let (_, body) = w.send("PUT", "/lock", &[], false, None).await;
    let current = body["lock_uid"].as_str().unwrap().to_string();
    assert_ne!(current, first, "PUT /lock hands out a new uuid");
    w.lock_uid = Some(current.clone());
    w.check(vec![
            row("GET", "/camera").expect(
                200,
                json!({"serial_number": "OA1405A031576", "camera_mode": "Master", "audio_enabled": true}),
            ),
            // E1: DELETE /lock/{lock_uid} (path parameter) answers 200 "Uuid deletion success".
            row("DELETE", format!("/lock/{current}"))
                .no_lock()
                .expect(200, json!("Uuid deletion success")),
            row("GET", "/camera").expect(
                401,
                json!({"status_code": 401, "reason_phrase": "Unauthorized", "error_message": "Invalid lock_uid"}),
            ),
            // Disconnected: POST /lock connects again.
            row("POST", "/lock")
                .no_lock()
                .expect(200, json!({"lock_uid": ANY_UUID})),
        ])
        .await;
}

// ---------------------------------------------------------------------------
// Camera settings, device time, camera start/stop, preview.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn camera_settings_time_start_stop_and_preview() {
    let device = Ef45Sim::start().await;
    let mut w = Wire::new(&device);
    w.connect().await;
    w.check(vec![
        // E1/E2: {"serial_number": string, "camera_mode": string, "audio_enabled": bool}.
        row("GET", "/camera").expect(
            200,
            json!({"serial_number": "OA1405A031576", "camera_mode": "Master", "audio_enabled": true}),
        ),
        // E1: the camera must be in Slave mode before start [I] status.
        row("POST", "/camera/control/start")
            .q("face_mode", "true")
            .expect(409, error(409, "Conflict", None)),
        // E2: POST /camera with exactly E2's body.
        row("POST", "/camera")
            .body(json!({"serial_number": "OA1405A031576", "camera_mode": "Slave", "audio_enabled": false}))
            .expect(200, ack()),
        row("GET", "/camera").expect(
            200,
            json!({"serial_number": "OA1405A031576", "camera_mode": "Slave", "audio_enabled": false}),
        ),
        // E1: device_time 'MMddhhmmyyyy.ss'; path POST /camera/time is [I].
        row("POST", "/camera/time")
            .q("device_time", "052014402018.30")
            .expect(200, ack()),
        row("POST", "/camera/time")
            .q("device_time", "2018-05-20 14:40:30")
            .expect(400, error(400, "Bad Request", None)),
        // E1: at least one of the four biometric modes is required.
        row("POST", "/camera/control/start")
            .q("face_mode", "false")
            .q("glasses_mode", "false")
            .q("both_eye_mode", "false")
            .q("either_eye_mode", "false")
            .expect(400, error(400, "Bad Request", None)),
        // E1: recog_mode is a string "true"/"false".
        row("POST", "/camera/control/start")
            .q("face_mode", "true")
            .q("recog_mode", "maybe")
            .expect(400, error(400, "Bad Request", None)),
        // E2 sends every flag explicitly, false ones included, and no recog_mode.
        row("POST", "/camera/control/start")
            .q("face_mode", "true")
            .q("glasses_mode", "false")
            .q("both_eye_mode", "false")
            .q("either_eye_mode", "false")
            .q("streaming_mode", "false")
            .expect(200, ack()),
        // E2: GET /preview answers {"face_image": "<base64>"} while the camera runs.
        row("GET", "/preview").expect(200, json!({"face_image": ANY_BASE64})),
        // E2: POST /camera/control/stop.
        row("POST", "/camera/control/stop").expect(200, ack()),
        // E2: 204 with an empty body when there is no frame.
        row("GET", "/preview").expect(204, Value::Null),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Users: POST /user with every field, GET, update, user-info, faces, delete.
// ---------------------------------------------------------------------------

/// A face in E5's field names (`face_LED_state` with capitals).
fn face(sub_id: i64, led: i64, feature: &str) -> Value {
    json!({
        "sub_id": sub_id,
        "face_eye_width": 64,
        "face_feature_size": 12,
        "face_frontal_score": 0.9,
        "face_left_eye_x": 100,
        "face_right_eye_x": 164,
        "face_roll": 1.5,
        "face_score": 0.82,
        "face_LED_state": led,
        "face_feature": feature,
    })
}

/// The subject part of a user in E3's member names (snake_case [I]; the
/// template names [V] E3; `user_uuid`, `record_version`, `last_name` [seed]).
fn subject(first_name: &str) -> Value {
    json!({
        "user_uuid": "1001",
        "record_version": 8976,
        "last_name": "Kim",
        "first_name": first_name,
        "access_allowed": true,
        "wiegand_facility": -1,
        "wiegand_site": -1,
        "wiegand_code": 4660,
        "wiegand_custom": "lobby",
        "match_until": "2030-12-31 23:59:59",
        "left_eye_template": "bGVmdC1pcmlz",
        "right_eye_template": "cmlnaHQtaXJpcw==",
    })
}

fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

fn owned(mut face: Value, user: &str) -> Value {
    face["user_uuid"] = json!(user);
    face
}

#[tokio::test]
async fn user_create_get_update_faces_and_delete() {
    let device = Ef45Sim::start_with(SimConfig::default().empty()).await;
    let mut w = Wire::new(&device);
    w.connect().await;

    let f0 = face(0, 0, "Y29sb3VyLWZhY2U=");
    let f1 = face(1, 1, "YnctZmFjZQ==");
    // The seed's POST /user body: the subject fields, the card (hex pairs with a
    // space per byte, seed) and the faces in one object.
    let create = with(
        subject("Minji"),
        json!({"card": "65 D8 A1 BD", "faces": [f0.clone(), f1.clone()]}),
    );
    let stored = with(
        subject("Minji"),
        json!({"card": "65 D8 A1 BD", "faces": [owned(f0.clone(), "1001"), owned(f1.clone(), "1001")]}),
    );
    let updated = with(
        subject("Min-ji"),
        json!({"card": "12 34 56 78", "faces": [owned(f0.clone(), "1001"), owned(f1.clone(), "1001")]}),
    );

    w.check(vec![
        // E2: GET /user lists users; seed envelope.
        row("GET", "/user")
            .q("page", "1")
            .expect(200, page(json!([]), 1, 50, false, 0)),
        row("POST", "/user").body(create).expect(200, ack()),
        // [I] GET /user/{user_uuid}: the record as written.
        row("GET", "/user/1001").expect(200, stored.clone()),
        row("GET", "/user")
            .q("page", "1")
            .q("page_size", "10")
            .expect(200, page(json!([stored]), 1, 10, false, 1)),
        // E3: the subject table holds the subject part only.
        row("GET", "/subjects/1001").expect(200, subject("Minji")),
        // [I] user-info by uuid: the card went to the user-info table.
        row("GET", "/user-info/1001")
            .expect(200, json!({"user_uuid": "1001", "card": "65 D8 A1 BD"})),
        // Update: the same POST with a new first name and card.
        row("POST", "/user")
            .body(with(
                subject("Min-ji"),
                json!({"card": "12 34 56 78", "faces": [f0.clone(), f1.clone()]}),
            ))
            .expect(200, ack()),
        row("GET", "/user/1001").expect(200, updated),
        // seed: GET /faces/{user_uuid}?subId= answers the user's face info.
        row("GET", "/faces/1001").expect(
            200,
            json!([owned(f0.clone(), "1001"), owned(f1.clone(), "1001")]),
        ),
        row("GET", "/faces/1001")
            .q("subId", "1")
            .expect(200, json!([owned(f1.clone(), "1001")])),
        // seed: GET /faces?page= pages every face.
        row("GET", "/faces").q("page", "1").expect(
            200,
            page(
                json!([owned(f0.clone(), "1001"), owned(f1.clone(), "1001")]),
                1,
                50,
                false,
                2,
            ),
        ),
        // seed: DELETE /faces/{user_uuid}?subId=1 deletes one face.
        row("DELETE", "/faces/1001")
            .q("subId", "1")
            .expect(200, ack()),
        row("GET", "/faces/1001")
            .q("subId", "1")
            .expect(404, error(404, "Not Found", Some(-403))),
        // [I] DELETE /user/{user_uuid} deletes every table.
        row("DELETE", "/user/1001").expect(200, ack()),
        row("GET", "/user/1001").expect(404, error(404, "Not Found", Some(-761))),
        row("GET", "/subjects/1001").expect(404, error(404, "Not Found", Some(-201))),
        row("GET", "/user-info/1001").expect(404, error(404, "Not Found", Some(-601))),
        row("DELETE", "/user/1001").expect(404, error(404, "Not Found", Some(-761))),
        // E4 codes: -210 last_name null, -409 face sub_id out of range.
        row("POST", "/user")
            .body(json!({"user_uuid": "1002", "record_version": 8976, "last_name": "", "faces": []}))
            .expect(400, error(400, "Bad Request", Some(-210))),
        row("POST", "/user")
            .body(json!({"user_uuid": "1002", "record_version": 8976, "last_name": "Lee", "faces": [face(6, 0, "eA==")]}))
            .expect(400, error(400, "Bad Request", Some(-409))),
        // Nothing was stored by the refused calls.
        row("GET", "/user")
            .q("page", "1")
            .expect(200, page(json!([]), 1, 50, false, 0)),
    ])
    .await;
}

#[tokio::test]
async fn user_info_with_card_pin_and_flags() {
    let device = Ef45Sim::start_with(SimConfig::default().empty()).await;
    let mut w = Wire::new(&device);
    w.connect().await;

    // E3's UserInfoData members (_userUUID, _card, _pin, _admin, _byPassCard,
    // _indivisual as verify_type); JSON names [I] as the fact sheet suggests.
    let info = json!({
        "user_uuid": "1001",
        "card": "65 D8 A1 BD",
        "pin": "482916",
        "admin": false,
        "bypass_card": true,
        "verify_type": 1,
    });
    w.check(vec![
        row("POST", "/user")
            .body(json!({"user_uuid": "1001", "record_version": 8976, "last_name": "Kim", "first_name": "Minji", "faces": []}))
            .expect(200, ack()),
        // E3: POST /user-info with the row.
        row("POST", "/user-info").body(info.clone()).expect(200, ack()),
        row("GET", "/user-info/1001").expect(200, info.clone()),
        // seed: the card is HEX with a space per byte; path [I].
        row("GET", "/user-info/card/65%20D8%20A1%20BD").expect(200, info.clone()),
        row("GET", "/user-info/card/00%2000%2000%2000")
            .expect(404, error(404, "Not Found", Some(-603))),
        // seed: paged list.
        row("GET", "/user-info")
            .q("page", "1")
            .expect(200, page(json!([info.clone()]), 1, 50, false, 1)),
        // The combined user shows the card of the user-info table.
        row("GET", "/user/1001").expect(
            200,
            json!({"user_uuid": "1001", "record_version": 8976, "last_name": "Kim", "first_name": "Minji", "card": "65 D8 A1 BD", "faces": []}),
        ),
        // A POST /user that changes the card keeps the PIN and flags.
        row("POST", "/user")
            .body(json!({"user_uuid": "1001", "record_version": 8976, "last_name": "Kim", "first_name": "Minji", "card": "12 34 56 78", "faces": []}))
            .expect(200, ack()),
        row("GET", "/user-info/1001").expect(
            200,
            with(info.clone(), json!({"card": "12 34 56 78"})),
        ),
        // [I] DELETE /user-info/{user_uuid}.
        row("DELETE", "/user-info/1001").expect(200, ack()),
        row("GET", "/user-info/1001").expect(404, error(404, "Not Found", Some(-601))),
        // E4 paging codes: -101 page invalid, -102 page size invalid.
        row("GET", "/user-info")
            .q("page", "0")
            .expect(400, error(400, "Bad Request", Some(-101))),
        row("GET", "/user-info")
            .q("page", "1")
            .q("page_size", "0")
            .expect(400, error(400, "Bad Request", Some(-102))),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Seeded device: lists, card lookup, logs, match data, errors.
// ---------------------------------------------------------------------------

/// A log entry in the seed's example shape.
fn log(id: i64, event_type: &str, user: &str, info: &str, outcome: &str) -> Value {
    json!({
        "id": id,
        "event_type": event_type,
        "timestamp": ANY_TIMESTAMP,
        "user_uuid": user,
        "info": info,
        "additional_data": outcome,
        "matched_faceimage_data": "",
    })
}

/// The log rows, each entry in the seed's exact shape (`matched_faceimage_data: ""` included).
fn log_rows() -> Vec<Row> {
    let l68 = log(68, "Recognition", "111", "Recog/BioOnly/IrisOk", "Allowed");
    let l69 = log(69, "UserData", "111", "AddUsers", "Success");
    let l70 = log(70, "Recognition", "1", "Recog/BioOnly/FaceOk", "Allowed");
    vec![
        // seed: GET /logs?page=1 -> {"status_code":200,"reason_phrase":"OK","items":[...],
        // "page":1,"page_size":50,"has_more":false,"total":N}
        row("GET", "/logs").q("page", "1").expect(
            200,
            page(
                json!([l68.clone(), l69.clone(), l70.clone()]),
                1,
                50,
                false,
                3,
            ),
        ),
        // seed: recent logs: page=1&page_size=N&order=desc.
        row("GET", "/logs")
            .q("page", "1")
            .q("page_size", "2")
            .q("order", "desc")
            .expect(200, page(json!([l70.clone(), l69.clone()]), 1, 2, true, 3)),
        // seed: /logs/from/to?page=1&min=68&max=69.
        row("GET", "/logs/from/to")
            .q("page", "1")
            .q("min", "68")
            .q("max", "69")
            .expect(
                200,
                page(json!([l68.clone(), l69.clone()]), 1, 50, false, 2),
            ),
        // seed: /logs?min=69&max=70.
        row("GET", "/logs")
            .q("page", "1")
            .q("min", "69")
            .q("max", "70")
            .expect(200, page(json!([l69, l70]), 1, 50, false, 2)),
    ]
}

#[tokio::test]
async fn logs_paging_ranges_and_errors() {
    let device = Ef45Sim::start().await;
    let mut w = Wire::new(&device);
    w.connect().await;
    w.check(log_rows()).await;
    w.check(vec![
        // E4 -803: log id from/to wrong range.
        row("GET", "/logs")
            .q("min", "74")
            .q("max", "68")
            .expect(400, error(400, "Bad Request", Some(-803))),
        row("GET", "/logs/from/to")
            .q("page", "1")
            .q("min", "74")
            .q("max", "68")
            .expect(400, error(400, "Bad Request", Some(-803))),
        // The range is named `min`/`max` on the wire (the seed's URL examples,
        // what a device parses); the parameter blocks' `from_id`/`to_id` are
        // not query names: `/logs/from/to` with only them lacks its range.
        row("GET", "/logs/from/to")
            .q("page", "1")
            .q("from_id", "68")
            .q("to_id", "69")
            .expect(400, error(400, "Bad Request", None)),
    ])
    .await;
}

#[tokio::test]
async fn seeded_user_info_card_lookup_and_match_data() {
    let device = Ef45Sim::start().await;
    let mut w = Wire::new(&device);
    w.connect().await;
    w.check(vec![
        // seed: card '65 D8 A1 BD' (hex, a space per byte).
        row("GET", "/user-info/card/65%20D8%20A1%20BD")
            .expect(200, json!({"user_uuid": "111", "card": "65 D8 A1 BD"})),
        // The device's list of user-info rows; a user without a card is written "".
        row("GET", "/user-info").q("page", "1").expect(
            200,
            page(
                json!([
                    {"user_uuid": "1", "card": "12 34 56 78"},
                    {"user_uuid": "111", "card": "65 D8 A1 BD"},
                    {"user_uuid": "2", "card": ""},
                ]),
                1,
                50,
                false,
                3,
            ),
        ),
        row("GET", "/user-info")
            .q("page", "2")
            .q("page_size", "2")
            .expect(
                200,
                page(json!([{"user_uuid": "2", "card": ""}]), 2, 2, false, 3),
            ),
        // E2: /match-data answers an object with an `items` array; nothing matched yet.
        row("GET", "/match-data/38118632-534a-11f0-aa39-503f98007277").expect(
            200,
            json!({"status_code": 200, "reason_phrase": "OK", "items": []}),
        ),
    ])
    .await;

    // A person presents at the device: one match record.
    assert!(device.present(&UserUuid::new("111").unwrap()));
    w.check(vec![
        row("GET", "/match-data/38118632-534a-11f0-aa39-503f98007277").expect(
            200,
            json!({"status_code": 200, "reason_phrase": "OK", "items": [{
                "encounter_id": ANY_UUID,
                "user_uuid": "111",
                "timestamp": ANY_TIMESTAMP,
                "info": "Recog/BioOnly/IrisOk",
                "additional_data": "Allowed",
            }]}),
        ),
    ])
    .await;
}

#[tokio::test]
async fn faces_posted_alone_and_subjects() {
    let device = Ef45Sim::start_with(SimConfig::default().empty()).await;
    let mut w = Wire::new(&device);
    w.connect().await;
    // E3: POST /subjects with E3's members; the template names are [V].
    let subj = json!({
        "user_uuid": "2001",
        "record_version": 17952,
        "last_name": "Park",
        "first_name": "Sora",
        "access_allowed": true,
        "wiegand_facility": -1,
        "wiegand_site": -1,
        "wiegand_code": 77,
        "wiegand_custom": "",
        "match_until": "",
        "left_eye_template": "TA==",
        "right_eye_template": "Ug==",
    });
    // E3/E5: POST /faces with the face object including its owner.
    let f = owned(face(2, 0, "Z2xhc3Nlcw=="), "2001");
    w.check(vec![
        row("POST", "/subjects")
            .body(subj.clone())
            .expect(200, ack()),
        row("GET", "/subjects/2001").expect(200, subj.clone()),
        row("GET", "/subjects")
            .q("page", "1")
            .expect(200, page(json!([subj.clone()]), 1, 50, false, 1)),
        row("POST", "/subjects")
            .body(json!({"user_uuid": "2002", "record_version": 8976, "last_name": " "}))
            .expect(400, error(400, "Bad Request", Some(-210))),
        row("POST", "/faces").body(f.clone()).expect(200, ack()),
        row("GET", "/faces/2001").expect(200, json!([f.clone()])),
        row("POST", "/faces")
            .body(owned(face(9, 0, "eA=="), "2001"))
            .expect(400, error(400, "Bad Request", Some(-409))),
        row("GET", "/faces/2999").expect(404, error(404, "Not Found", Some(-401))),
        // [I] DELETE /subjects/{user_uuid}.
        row("DELETE", "/subjects/2001").expect(200, ack()),
        row("GET", "/subjects/2001").expect(404, error(404, "Not Found", Some(-201))),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Device: settings by title and type, relay, door status, anti-passback.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn device_settings_relay_door_and_anti_passback() {
    let device = Ef45Sim::start().await;
    let mut w = Wire::new(&device);
    w.connect().await;
    device.set_apb_violation(&UserUuid::new("111").unwrap());
    w.check(vec![
        // seed: device setting get/set by `title` and `type` (bool, float, int,
        // string); path /config and the answer {title, type, value} are [I].
        row("GET", "/config")
            .q("title", "Volume")
            .q("type", "int")
            .expect(200, json!({"title": "Volume", "type": "int", "value": 5})),
        row("PUT", "/config")
            .q("title", "Volume")
            .q("type", "int")
            .body(json!({"value": 7}))
            .expect(200, ack()),
        row("GET", "/config")
            .q("title", "Volume")
            .q("type", "int")
            .expect(200, json!({"title": "Volume", "type": "int", "value": 7})),
        row("GET", "/config")
            .q("title", "FaceThreshold")
            .q("type", "float")
            .expect(
                200,
                json!({"title": "FaceThreshold", "type": "float", "value": 0.45}),
            ),
        row("GET", "/config")
            .q("title", "Volume")
            .q("type", "decimal")
            .expect(400, error(400, "Bad Request", None)),
        // seed: manual command needs 'Use manual command' enabled first [I] 403.
        row("POST", "/device/control")
            .body(json!({"relay": true}))
            .expect(403, error(403, "Forbidden", None)),
        // [I] door status answer.
        row("GET", "/door-status").expect(200, json!({"door_status": "closed"})),
        // E3: PUT /config/relay with an empty body.
        row("PUT", "/config/relay").expect(200, ack()),
        row("GET", "/door-status").expect(200, json!({"door_status": "open"})),
        // seed: APBStatus 1 (CLEAR) releases a user; path [I].
        row("PUT", "/user/111/apb")
            .body(json!({"APBStatus": 0}))
            .expect(400, error(400, "Bad Request", None)),
        row("PUT", "/user/111/apb")
            .body(json!({"APBStatus": 1}))
            .expect(200, ack()),
        row("PUT", "/user/999/apb")
            .body(json!({"APBStatus": 1}))
            .expect(404, error(404, "Not Found", Some(-761))),
        row("PUT", "/user/apb")
            .body(json!({"APBStatus": 1}))
            .expect(200, ack()),
    ])
    .await;
    assert!(!device.apb_violation(&UserUuid::new("111").unwrap()));
}

/// The matcher itself: a renamed, retyped or extra field fails the row.
#[test]
fn the_matcher_sees_renamed_retyped_and_extra_fields() {
    let want = json!({"face_LED_state": 0, "face_score": 0.82, "ts": ANY_TIMESTAMP});
    let mut out = Vec::new();
    diff(
        "$",
        &want,
        &json!({"led_state": 0, "face_score": 0.82, "ts": "2018-05-28T14:26:26Z"}),
        &mut out,
    );
    assert_eq!(out.len(), 2, "{out:?}");
    out.clear();
    diff(
        "$",
        &want,
        &json!({"face_LED_state": "0", "face_score": 0.82, "ts": "yesterday"}),
        &mut out,
    );
    assert_eq!(out.len(), 2, "{out:?}");
    out.clear();
    diff("$", &json!({"a": 1}), &json!({"a": 1.0}), &mut out);
    assert_eq!(out.len(), 1, "{out:?}");
    out.clear();
    diff(
        "$",
        &want,
        &json!({"face_LED_state": 0, "face_score": 0.82, "ts": "2018-05-28T14:26:26Z"}),
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
}

// ---------------------------------------------------------------------------
// Enrolment capture: camera start, biometric data buffer, delete by encounter.
// ---------------------------------------------------------------------------

/// A captured face: E5's names; no owner yet (the capture is not a user's).
fn captured_face(sub_id: i64, led: i64) -> Value {
    json!({
        "sub_id": sub_id,
        "face_eye_width": 64,
        "face_frontal_score": 0.9,
        "face_roll": 1.5,
        "face_score": 0.82,
        "face_LED_state": led,
        "face_feature": ANY_BASE64,
    })
}

#[tokio::test]
async fn enrolment_capture_into_the_biometric_data_buffer() {
    let device = Ef45Sim::start_with(SimConfig::default().capture_polls(2)).await;
    let mut w = Wire::new(&device);
    w.connect().await;
    let empty = json!({"status_code": 200, "reason_phrase": "OK", "items": []});
    w.check(vec![
        row("POST", "/camera")
            .body(json!({"camera_mode": "Slave"}))
            .expect(200, ack()),
        // E1: face and both eyes, enrolment settings (recog_mode false).
        row("POST", "/camera/control/start")
            .q("face_mode", "true")
            .q("both_eye_mode", "true")
            .q("recog_mode", "false")
            .expect(200, ack()),
        // A second start while capturing is refused [I].
        row("POST", "/camera/control/start")
            .q("face_mode", "true")
            .expect(409, error(409, "Conflict", None)),
        // seed: app 1.2.34 serves the revised endpoint (path /v2 [I]), not the original.
        row("GET", "/biometric-data").expect(404, error(404, "Not Found", None)),
        // Keep polling: nothing yet.
        row("GET", "/biometric-data/v2").expect(200, empty.clone()),
    ])
    .await;
    // The capture arrives: E3's template names, E5's face names, the seed's encounter_id.
    let capture = json!({
        "encounter_id": ANY_UUID,
        "left_eye_template": ANY_BASE64,
        "right_eye_template": ANY_BASE64,
        "faces": [captured_face(0, 0), captured_face(1, 1)],
    });
    let (status, got) = w.send("GET", "/biometric-data/v2", &[], true, None).await;
    let mut problems = Vec::new();
    diff(
        "$",
        &json!({"status_code": 200, "reason_phrase": "OK", "items": [capture]}),
        &got,
        &mut problems,
    );
    assert!(
        status == 200 && problems.is_empty(),
        "{status} {got} {problems:?}"
    );
    let encounter = got["items"][0]["encounter_id"]
        .as_str()
        .unwrap()
        .to_string();
    w.check(vec![
        // The camera stopped by itself after the capture: no preview frame.
        row("GET", "/preview").expect(204, Value::Null),
        // seed: delete the buffer right after receiving the data, by encounter_id.
        // The seed lists encounter_id as a parameter: a query parameter after
        // lock_uid, as in the seed's URL examples.
        row("DELETE", "/biometric-data")
            .q("encounter_id", &encounter)
            .expect(200, ack()),
        row("GET", "/biometric-data/v2").expect(200, empty),
        row("DELETE", "/biometric-data")
            .q("encounter_id", &encounter)
            .expect(404, error(404, "Not Found", None)),
        row("DELETE", "/biometric-data").expect(400, error(400, "Bad Request", None)),
        // The old path form is no route.
        row("DELETE", format!("/biometric-data/{encounter}"))
            .expect(404, error(404, "Not Found", None)),
        // seed: the iris save lists only lock_uid; the device writes both
        // E1 file names, which then load by `filename`.
        row("POST", "/images/iris").expect(200, ack()),
        row("GET", "/images").q("filename", "righteye.bmp").expect(
            200,
            json!({"filename": "righteye.bmp", "image": ANY_STRING}),
        ),
        row("GET", "/images").expect(400, error(400, "Bad Request", None)),
    ])
    .await;
}
