//! Request shape of every EF-45 operation, as one table that reads like the
//! device's REST reference (`../shared/seeds/ef45-rest-api.txt`, fact sheet
//! `../shared/api/ef45.md`): per operation the request built with a
//! non-default value in every optional field, the method, the exact path
//! (below the `/1.0` base), the whole query string as an ordered list of
//! pairs, the exact JSON body written out by hand, and where the lock goes.
//!
//! Each request is sent through [`Client::send`], so the `lock_uid` is the one
//! the client's own lock session obtained (`POST /lock` on first use), not one
//! the test adds. The credential comes from the reference, not from the SDK's
//! `AUTHENTICATED` constant: "every call except `/lock` and `/version` takes
//! the query parameter `lock_uid`"; `DELETE /lock/{lock_uid}` carries it in
//! the path only. The device documents no header credential, so none may be
//! sent. The `lock_uid` pair is checked as the credential (exactly one, the
//! session's value); every other pair must equal the row's list, in order, and
//! nothing else may be in the query. (The seed's URL examples put `lock_uid`
//! before the other parameters; the SDK appends it after them. Servers read
//! query parameters by name, so only its presence and value are asserted.)
//!
//! Body field names beyond `left_eye_template`/`right_eye_template` (E3), the
//! camera settings (E1/E2), the `face_*` names (E5) and `APBStatus` are the
//! fact sheet's inferences ([I]); the rows pin them so that any change is seen.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use access_core::http::Endpoint;
use access_core::model::{CardNumber, Pin as DevicePin};
use access_core::testkit::shape::{AnswerSlot, check_json_body, check_target};
use chrono::NaiveDate;
use ef45_sdk::camera::*;
use ef45_sdk::device::*;
use ef45_sdk::enrolment::*;
use ef45_sdk::faces::*;
use ef45_sdk::firmware::*;
use ef45_sdk::lock::*;
use ef45_sdk::logs::*;
use ef45_sdk::model::{DeviceTime, Paging};
use ef45_sdk::recognition::*;
use ef45_sdk::subjects::*;
use ef45_sdk::users::*;
use ef45_sdk::{Client, EncounterId, LockUid, SeqUid, UserUuid};
use serde_json::{Value, json};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const LOCK: &str = "13dbb896-ed1e-11e6-9822-503f98000109";
const OTHER_LOCK: &str = "af7f8dba-625f-11e8-bdec-503f98000288";

fn user(id: &str) -> UserUuid {
    UserUuid::new(id).unwrap()
}

fn card() -> CardNumber {
    CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap()
}

// ---- the table's machinery ----

/// Where the lock must be, from the device's reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cred {
    /// `lock_uid=<the session's lock>` in the query.
    LockQuery,
    /// No `lock_uid` in the query (`/lock`, `/version`).
    NoLock,
}

type Sent = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
type Sender = Box<dyn Fn(Client) -> Sent + Send + Sync>;

/// One operation: the request, and what the reference says it looks like.
struct Row {
    name: &'static str,
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    cred: Option<Cred>,
    reply: ResponseTemplate,
    send: Sender,
}

fn ack() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"status_code": 200, "reason_phrase": "OK"}))
}

/// A row for `e`; `check` looks at the decoded answer.
fn ep_then<E>(e: E, check: impl Fn(E::Output) + Send + Sync + 'static) -> Row
where
    E: Endpoint + 'static,
    E::Error: std::fmt::Debug,
{
    let e = Arc::new(e);
    let check = Arc::new(check);
    Row {
        name: E::NAME,
        method: "",
        path: String::new(),
        query: Vec::new(),
        body: None,
        cred: None,
        reply: ack(),
        send: Box::new(move |client: Client| {
            let (e, check) = (e.clone(), check.clone());
            Box::pin(async move {
                let out = client.send(&*e).await.map_err(|err| format!("{err:?}"))?;
                check(out);
                Ok(())
            })
        }),
    }
}

/// An expected request that the table does not send itself (client flows).
fn seen() -> Row {
    Row {
        name: "(sent by the client)",
        method: "",
        path: String::new(),
        query: Vec::new(),
        body: None,
        cred: None,
        reply: ack(),
        send: Box::new(|_| Box::pin(async { Ok(()) })),
    }
}

fn ep<E>(e: E) -> Row
where
    E: Endpoint + 'static,
    E::Error: std::fmt::Debug,
{
    ep_then(e, |_| {})
}

impl Row {
    fn at(mut self, m: &'static str, p: impl Into<String>) -> Self {
        self.method = m;
        self.path = format!("/1.0{}", p.into());
        self
    }
    fn get(self, p: impl Into<String>) -> Self {
        self.at("GET", p)
    }
    fn post(self, p: impl Into<String>) -> Self {
        self.at("POST", p)
    }
    fn put(self, p: impl Into<String>) -> Self {
        self.at("PUT", p)
    }
    fn delete(self, p: impl Into<String>) -> Self {
        self.at("DELETE", p)
    }
    fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self
    }
    fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    fn lock(mut self) -> Self {
        self.cred = Some(Cred::LockQuery);
        self
    }
    fn no_lock(mut self) -> Self {
        self.cred = Some(Cred::NoLock);
        self
    }
    fn reply(mut self, reply: ResponseTemplate) -> Self {
        self.reply = reply;
        self
    }
    fn answer(self, v: Value) -> Self {
        self.reply(ResponseTemplate::new(200).set_body_json(v))
    }
}

/// Compares one received request with its row; every difference is reported.
fn compare(row: &Row, r: &Request) -> Vec<String> {
    let mut bad = Vec::new();
    check_target(r, row.method, &row.path, &mut bad);
    let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    let (locks, others): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(k, _)| k == "lock_uid");
    let locks: Vec<String> = locks.into_iter().map(|(_, v)| v).collect();
    match row.cred.expect("every row names its credential") {
        Cred::LockQuery if locks == [LOCK] => {}
        Cred::LockQuery => bad.push(format!("lock_uid {locks:?} (expected [{LOCK}])")),
        Cred::NoLock if locks.is_empty() => {}
        Cred::NoLock => bad.push(format!("lock_uid {locks:?} sent (expected none)")),
    }
    if others != row.query {
        bad.push(format!("query {others:?} (expected {:?})", row.query));
    }
    if row.query.is_empty() && row.cred == Some(Cred::NoLock) && r.url.query().is_some() {
        bad.push(format!(
            "query `{}` (expected none)",
            r.url.query().unwrap()
        ));
    }
    for name in ["authorization", "x-api-key", "cookie"] {
        if r.headers.contains_key(name) {
            bad.push(format!(
                "a `{name}` header (the device documents no header credential)"
            ));
        }
    }
    check_json_body(r, row.body.as_ref(), &mut bad);
    bad
}

/// Sends every row through one client (its lock obtained first) and checks
/// that each produced exactly one request of the documented shape.
async fn run(rows: Vec<Row>) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"lock_uid": LOCK})))
        .with_priority(1)
        .mount(&server)
        .await;
    let slot = AnswerSlot::new(ack());
    Mock::given(any())
        .respond_with(slot.clone())
        .with_priority(10)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .biometric_data_version(BiometricDataVersion::Revised)
        .build()
        .unwrap();
    client.connect().await.unwrap();
    let mut failures = Vec::new();
    for row in &rows {
        slot.set(row.reply.clone());
        let before = server.received_requests().await.unwrap().len();
        let outcome = (row.send)(client.clone()).await;
        let received = server.received_requests().await.unwrap();
        let new = &received[before..];
        let mut bad = Vec::new();
        if let Err(e) = outcome {
            bad.push(format!("the call failed: {e}"));
        }
        match new {
            [one] => bad.extend(compare(row, one)),
            _ => bad.push(format!("{} requests sent (expected exactly 1)", new.len())),
        }
        if !bad.is_empty() {
            failures.push(format!("{}:\n  {}", row.name, bad.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations differ from the documented request:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

// ---- requests with every optional field filled ----

/// A subject with every field the SDK models set to a non-default value.
fn subject() -> Subject {
    let mut s = Subject::new(user("7"), "Doe", "Jo")
        .unwrap()
        .templates(Some("TA==".into()), Some("Ug==".into()))
        .record_version(17952);
    s.access_allowed = Some(false);
    s.wiegand_facility = Some(12);
    s.wiegand_site = Some(34);
    s.wiegand_code = Some(56789);
    s.wiegand_custom = Some("W-1".into());
    s.match_until = Some("2030-12-31".into());
    s
}

fn subject_json() -> Value {
    json!({
        "user_uuid": "7", "record_version": 17952, "last_name": "Doe", "first_name": "Jo",
        "access_allowed": false, "wiegand_facility": 12, "wiegand_site": 34, "wiegand_code": 56789,
        "wiegand_custom": "W-1", "match_until": "2030-12-31",
        "left_eye_template": "TA==", "right_eye_template": "Ug=="
    })
}

/// A face with every `CMV_Model_Faces` field set.
fn face(owner: &str, sub: FaceSubId) -> Face {
    let mut f = Face::new(user(owner), sub, "Rg==").unwrap();
    f.face_eye_width = Some(62);
    f.face_feature_size = Some(512);
    f.face_frontal_score = Some(0.5);
    f.face_left_eye_x = Some(100);
    f.face_right_eye_x = Some(162);
    f.face_roll = Some(-2.5);
    f.face_score = Some(0.75);
    f.led_state = Some(1);
    f
}

fn face_json(owner: &str, sub: i64) -> Value {
    json!({
        "user_uuid": owner, "sub_id": sub, "face_eye_width": 62, "face_feature_size": 512,
        "face_frontal_score": 0.5, "face_left_eye_x": 100, "face_right_eye_x": 162, "face_roll": -2.5,
        "face_score": 0.75, "face_LED_state": 1, "face_feature": "Rg=="
    })
}

fn user_info() -> UserInfo {
    let mut info = UserInfo::new(user("9"))
        .card(card())
        .pin(DevicePin::new("482916").unwrap());
    info.admin = Some(true);
    info.bypass_card = Some(true);
    info.verify_type = Some(3);
    info
}

// ---- the table ----

/// Every operation of the crate, in the reference's order.
fn table() -> Vec<Row> {
    let seq = "38118632-534a-11f0-aa39-503f98007277";
    vec![
        // lock (connection) and version: no lock_uid in the query
        ep_then(Connect::new(), |l| assert_eq!(l.lock_uid.expose_secret(), LOCK))
            .post("/lock")
            .no_lock(),
        ep(TakeOver::new())
            .put("/lock")
            .no_lock()
            .answer(json!({"lock_uid": OTHER_LOCK})),
        ep(Disconnect::new(LockUid::new(OTHER_LOCK).unwrap()))
            .delete(format!("/lock/{OTHER_LOCK}"))
            .no_lock()
            .reply(ResponseTemplate::new(200).set_body_string("Uuid deletion success")),
        ep_then(GetVersion::new(), |v| assert_eq!(v.version, "1.2.34"))
            .get("/version")
            .no_lock()
            .answer(json!({"version": "1.2.34"})),
        // camera
        ep_then(GetCameraSettings::new(), |s| {
            assert_eq!(s.camera_mode, Some(CameraMode::Slave))
        })
        .get("/camera")
        .lock()
        .answer(json!({"serial_number": "OA1405A031576", "camera_mode": "Slave", "audio_enabled": true})),
        ep(UpdateCameraSettings::new(
            CameraSettings::mode(CameraMode::Slave)
                .serial_number("OA1405A031576")
                .audio(false),
        )
        .unwrap())
        .post("/camera")
        .json(json!({"serial_number": "OA1405A031576", "camera_mode": "Slave", "audio_enabled": false}))
        .lock(),
        ep(SetDeviceTime::new(
            DeviceTime::new(
                NaiveDate::from_ymd_opt(2018, 5, 20)
                    .unwrap()
                    .and_hms_opt(14, 40, 30)
                    .unwrap(),
            )
            .unwrap(),
        ))
        .post("/camera/time")
        .query(&[("device_time", "052014402018.30")])
        .lock(),
        ep(StartCamera::new(
            CaptureModes::face_and_both_eyes()
                .add_glasses()
                .add_either_eye(),
        )
        .unwrap()
        .streaming(true)
        .recognition_mode(true))
        .post("/camera/control/start")
        .query(&[
            ("face_mode", "true"),
            ("glasses_mode", "true"),
            ("both_eye_mode", "true"),
            ("either_eye_mode", "true"),
            ("streaming_mode", "true"),
            ("recog_mode", "true"),
        ])
        .lock(),
        ep(StartCamera::new(CaptureModes::both_eyes()).unwrap())
            .post("/camera/control/start")
            .query(&[("both_eye_mode", "true"), ("recog_mode", "false")])
            .lock(),
        ep(StopCamera::new()).post("/camera/control/stop").lock(),
        ep(MatchTemplate::new(SeqUid::new(seq).unwrap()))
            .post("/camera/control/match-template")
            .query(&[("seq_uid", seq)])
            .lock(),
        ep_then(GetPreview::new(), |f| {
            assert_eq!(f.unwrap().image().unwrap(), b"BMabc")
        })
        .get("/preview")
        .lock()
        .answer(json!({"face_image": "Qk1h\\r\\nYmM"})),
        ep_then(GetPreview::new(), |f| assert!(f.is_none()))
            .get("/preview")
            .lock()
            .reply(ResponseTemplate::new(204)),
        ep(DeletePreview::new()).delete("/preview").lock(),
        // enrolment
        ep(GetBiometricData::new(BiometricDataVersion::Original))
            .get("/biometric-data")
            .lock()
            .answer(json!({"items": []})),
        ep_then(GetBiometricData::new(BiometricDataVersion::Revised), |p| {
            assert_eq!(p.items[0].faces[0].sub_id, FaceSubId::Color)
        })
        .get("/biometric-data/v2")
        .lock()
        .answer(json!({"items": [{"encounter_id": "e-1", "left_eye_template": "AAA=", "faces": [{"sub_id": 0}]}]})),
        ep(DeleteBiometricData::new(EncounterId::new("e-1").unwrap()))
            .delete("/biometric-data")
            .query(&[("encounter_id", "e-1")])
            .lock(),
        // The seed lists only lock_uid for the iris and face saves: no file name.
        ep(SaveIrisImage::new()).post("/images/iris").lock(),
        ep(SaveFaceImage::new()).post("/images/face").lock(),
        ep_then(LoadImage::new("faroff.bmp").unwrap(), |img| {
            assert_eq!(img.bytes().unwrap(), b"BMabc")
        })
        .get("/images")
        .query(&[("filename", "faroff.bmp")])
        .lock()
        .answer(json!({"filename": "faroff.bmp", "image": "Qk1h\r\nYmM\\"})),
        ep(SaveImage::new("custom.bmp", b"BMabc").unwrap())
            .post("/images")
            .query(&[("filename", "custom.bmp")])
            .json(json!({"image": "Qk1hYmM="}))
            .lock(),
        // subjects
        ep_then(ListSubjects::new(Paging::sized(2, 10).unwrap()), |p| {
            assert_eq!(p.total, Some(11))
        })
        .get("/subjects")
        .query(&[("page", "2"), ("page_size", "10")])
        .lock()
        .answer(json!({"items": [{"user_uuid": "1", "last_name": "Kim"}], "page": 2, "page_size": 10, "has_more": false, "total": 11})),
        ep(ListSubjects::new(Paging::all()))
            .get("/subjects")
            .lock()
            .answer(json!({"items": []})),
        ep(GetSubject::new(user("111")))
            .get("/subjects/111")
            .lock()
            .answer(json!({"user_uuid": 111, "last_name": "Park", "record_version": 8976})),
        ep(SaveSubject::new(subject()).unwrap())
            .post("/subjects")
            .json(subject_json())
            .lock(),
        ep(DeleteSubject::new(user("7")))
            .delete("/subjects/7")
            .lock(),
        ep_then(CheckDuplication::new(subject()).unwrap(), |r| {
            assert_eq!(r.duplicated, Some(true))
        })
        .post("/subjects/duplication")
        .json(subject_json())
        .lock()
        .answer(json!({"duplicated": true, "user_uuid": "1"})),
        ep_then(GetRecordVersion::new(), |v| assert_eq!(v.record_version, 8976))
            .get("/subjects/record-version")
            .lock()
            .answer(json!({"record_version": 8976})),
        // user info
        ep(ListUserInfo::new(Paging::sized(1, 25).unwrap()))
            .get("/user-info")
            .query(&[("page", "1"), ("page_size", "25")])
            .lock()
            .answer(json!({"items": [], "has_more": false})),
        ep(UserInfoByCard::new(card()).unwrap())
            .get("/user-info/card/65%20D8%20A1%20BD")
            .lock()
            .answer(json!({"user_uuid": "111", "card": "65 D8 A1 BD"})),
        ep(GetUserInfo::new(user("111")))
            .get("/user-info/111")
            .lock()
            .answer(json!({"user_uuid": "111", "admin": 1})),
        ep(SaveUserInfo::new(user_info()))
            .post("/user-info")
            .json(json!({"user_uuid": "9", "card": "65 D8 A1 BD", "pin": "482916", "admin": true,
                         "bypass_card": true, "verify_type": 3}))
            .lock(),
        ep(DeleteUserInfo::new(user("9")))
            .delete("/user-info/9")
            .lock(),
        // user (subject, card and faces in one)
        ep(SaveUser::new(
            User::new(subject())
                .card(card())
                .faces([face("x", FaceSubId::BlackWhite)]),
        )
        .unwrap())
        .post("/user")
        .json({
            let mut body = subject_json();
            body["card"] = json!("65 D8 A1 BD");
            body["faces"] = json!([face_json("7", 1)]);
            body
        })
        .lock(),
        ep_then(ListUsers::new(Paging::all()), |p| {
            assert_eq!(p.items[0].subject.last_name, "Kim")
        })
        .get("/user")
        .lock()
        .answer(json!({"items": [{"user_uuid": "1", "last_name": "Kim", "faces": []}]})),
        // Paging on `/user` follows the other lists' convention ([I]: the
        // reference shows no parameters for it).
        ep(ListUsers::new(Paging::sized(3, 20).unwrap()))
            .get("/user")
            .query(&[("page", "3"), ("page_size", "20")])
            .lock()
            .answer(json!({"items": []})),
        ep(GetUser::new(user("1")))
            .get("/user/1")
            .lock()
            .answer(json!({"user_uuid": "1", "last_name": "Kim", "card": "12 34", "faces": [{"sub_id": 0}]})),
        ep(DeleteUser::new(user("1"))).delete("/user/1").lock(),
        // faces
        ep(ListFaces::new(Paging::sized(4, 50).unwrap()))
            .get("/faces")
            .query(&[("page", "4"), ("page_size", "50")])
            .lock()
            .answer(json!({"items": [{"user_uuid": "1", "sub_id": 9, "face_LED_state": 1}], "has_more": false})),
        ep(AddFace::new(face("1", FaceSubId::ColorGlasses)).unwrap())
            .post("/faces")
            .json(face_json("1", 2))
            .lock(),
        ep(FacesOfUser::new(user("111")).sub_id(FaceSubId::BlackWhiteUpdated))
            .get("/faces/111")
            .query(&[("subId", "5")])
            .lock()
            .answer(json!([{"user_uuid": "111", "sub_id": 5}])),
        ep(FacesOfUser::new(user("111")))
            .get("/faces/111")
            .lock()
            .answer(json!([])),
        // seed URL example `/faces/{user_uuid}?lock_uid=..&subId=1`.
        ep_then(GetFace::new(user("111"), FaceSubId::BlackWhite).unwrap(), |f| {
            assert_eq!(f.sub_id, FaceSubId::BlackWhite)
        })
        .get("/faces/111")
        .query(&[("subId", "1")])
        .lock()
        .answer(json!([{"user_uuid": "111", "sub_id": 1}])),
        ep_then(GetFace::new(user("111"), FaceSubId::Color).unwrap(), |f| {
            assert_eq!(f.sub_id, FaceSubId::Color)
        })
        .get("/faces/111")
        .query(&[("subId", "0")])
        .lock()
        .answer(json!({"user_uuid": "111", "sub_id": 0})),
        ep(DeleteFace::new(user("111"), FaceSubId::ColorUpdated).unwrap())
            .delete("/faces/111")
            .query(&[("subId", "4")])
            .lock(),
        // device
        ep_then(GetSetting::new("FaceThreshold", SettingType::Float).unwrap(), |s| {
            assert_eq!(s.value, Some(SettingValue::Float(0.45)))
        })
        .get("/config")
        .query(&[("title", "FaceThreshold"), ("type", "float")])
        .lock()
        .answer(json!({"title": "FaceThreshold", "value": "0.45"})),
        ep(SetSetting::new("Volume", SettingValue::Int(7)).unwrap())
            .put("/config")
            .query(&[("title", "Volume"), ("type", "int")])
            .json(json!({"value": 7}))
            .lock(),
        ep(SetSetting::new("Greeting", SettingValue::String("Hi".into())).unwrap())
            .put("/config")
            .query(&[("title", "Greeting"), ("type", "string")])
            .json(json!({"value": "Hi"}))
            .lock(),
        ep(DeviceControl::new("relay", true)
            .unwrap()
            .param("message", "Welcome"))
        .post("/device/control")
        .json(json!({"relay": true, "message": "Welcome"}))
        .lock(),
        ep(StartCardInput::new()).post("/card-input-mode").lock(),
        ep(TriggerRelay::new()).put("/config/relay").lock(),
        ep(ClearAntiPassback::new(user("111")))
            .put("/user/111/apb")
            .json(json!({"APBStatus": 1}))
            .lock(),
        ep(ClearAllAntiPassback::new())
            .put("/user/apb")
            .json(json!({"APBStatus": 1}))
            .lock(),
        // recognition
        ep_then(GetMatchData::new(), |p| assert!(p.items[0].allowed()))
            .get("/match-data")
            .lock()
            .answer(json!({"items": [{"encounter_id": "m1", "user_uuid": "111", "additional_data": "Allowed"}]})),
        ep(GetMatchData::new().id(seq))
            .get(format!("/match-data/{seq}"))
            .lock()
            .reply(ResponseTemplate::new(204)),
        ep(DeleteMatchData::new(EncounterId::new("m1").unwrap()))
            .delete("/match-data")
            .query(&[("encounter_id", "m1")])
            .lock(),
        ep(GetDoorStatus::new())
            .get("/door-status")
            .lock()
            .answer(json!({"door_status": "open"})),
        // logs
        ep_then(
            ListLogs::new(Paging::sized(1, 20).unwrap()).order(LogOrder::Desc),
            |p| assert_eq!(p.items[1].event_type, EventType::UserData),
        )
        .get("/logs")
        .query(&[("page", "1"), ("page_size", "20"), ("order", "desc")])
        .lock()
        .answer(json!({"status_code":200,"reason_phrase":"OK","items":[{"id":68,"event_type":"Recognition","timestamp":"2018-05-28T14:26:26Z","user_uuid":"111","info":"Recog/BioOnly/IrisOk","additional_data":"Allowed","matched_faceimage_data":""},{"id":69,"event_type":"UserData","timestamp":"2018-05-28T14:45:57Z","user_uuid":"111","info":"DeleteUsers","additional_data":"Success","matched_faceimage_data":""}],"page":1,"page_size":50,"has_more":false,"total":7})),
        // `min`/`max` as in the seed's URL examples (its parameter blocks say
        // `from_id`/`to_id`; the URL examples are what a device parses).
        ep(LogsInRange::new(68, 74).unwrap())
            .get("/logs")
            .query(&[("min", "68"), ("max", "74")])
            .lock()
            .answer(json!({"items": []})),
        ep(LogsFromTo::new(68, 74, Paging::sized(2, 5).unwrap()).unwrap())
            .get("/logs/from/to")
            .query(&[("page", "2"), ("page_size", "5"), ("min", "68"), ("max", "74")])
            .lock()
            .answer(json!({"items": [], "has_more": false})),
        ep(GetLog::new(68).unwrap())
            .get("/logs/68")
            .lock()
            .answer(json!({"items": [{"id": 68, "event_type": "Alarm"}]})),
        // firmware: the seed shows each operation twice (original, revised)
        ep(AbortFirmware::new()).delete("/firmware").lock(),
        ep(AbortFirmware::new().version(FirmwareEndpointVersion::Revised))
            .delete("/firmware/v2")
            .lock(),
        ep(UploadFirmwareUnit::new(3, b"EF45").unwrap())
            .post("/firmware/unit")
            .json(json!({"index": 3, "data": "RUY0NQ=="}))
            .lock(),
        ep(UploadFirmwareUnit::new(3, b"EF45")
            .unwrap()
            .version(FirmwareEndpointVersion::Revised))
        .post("/firmware/unit/v2")
        .json(json!({"index": 3, "data": "RUY0NQ=="}))
        .lock(),
        ep(UploadFirmwareFinal::new(4, b"EF45")
            .unwrap()
            .version(FirmwareEndpointVersion::Revised))
        .post("/firmware/final/v2")
        .json(json!({"index": 4, "data": "RUY0NQ=="}))
        .lock(),
        ep_then(UploadFirmwareFinal::new(4, b"EF45").unwrap(), |r| {
            assert_eq!(r.version.as_deref(), Some("1.2.40"))
        })
        .post("/firmware/final")
        .json(json!({"index": 4, "data": "RUY0NQ=="}))
        .lock()
        .answer(json!({"result": "Success", "version": "1.2.40"})),
    ]
}

/// The crate's operations (every `name:` of its `endpoint!` blocks).
const ALL_OPERATIONS: usize = 55;

#[tokio::test]
async fn every_operation_sends_the_documented_request() {
    let rows = table();
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        ALL_OPERATIONS,
        "one row per operation: {names:#?}"
    );
    run(rows).await;
}

/// The client's own lock session: `POST /lock` without a body and without
/// `lock_uid` on first use, `PUT /lock` to take over, then the taken-over lock
/// on the next call, `DELETE /lock/{lock_uid}` to disconnect, `GET /version`
/// without a lock.
#[tokio::test]
async fn lock_session_sends_the_documented_requests() {
    let server = MockServer::start().await;
    let ok = |v: Value| ResponseTemplate::new(200).set_body_json(v);
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ok(json!({"lock_uid": LOCK})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/1.0/lock"))
        .respond_with(ok(json!({"lock_uid": OTHER_LOCK})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/1.0/version"))
        .respond_with(ok(json!({"version": "1.2.34"})))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ack())
        .with_priority(10)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .build()
        .unwrap();
    client.camera().stop().await.unwrap();
    client.take_over().await.unwrap();
    client.camera().stop().await.unwrap();
    client.disconnect().await.unwrap();
    // The version is asked once, without a lock, and remembered.
    assert_eq!(client.version().await.unwrap().version, "1.2.34");
    assert_eq!(client.version().await.unwrap().version, "1.2.34");
    let received = server.received_requests().await.unwrap();
    let line = |r: &Request| match r.url.query() {
        Some(q) => format!("{} {}?{q}", r.method, r.url.path()),
        None => format!("{} {}", r.method, r.url.path()),
    };
    let got: Vec<String> = received.iter().map(line).collect();
    assert_eq!(
        got,
        [
            "POST /1.0/lock".to_string(),
            format!("POST /1.0/camera/control/stop?lock_uid={LOCK}"),
            "PUT /1.0/lock".to_string(),
            format!("POST /1.0/camera/control/stop?lock_uid={OTHER_LOCK}"),
            format!("DELETE /1.0/lock/{OTHER_LOCK}"),
            "GET /1.0/version".to_string(),
        ]
    );
    for r in &received {
        assert!(r.body.is_empty(), "{}: body {:?}", line(r), r.body);
        assert!(!r.headers.contains_key("content-type"), "{}", line(r));
        assert!(!r.headers.contains_key("authorization"), "{}", line(r));
    }
}

/// The firmware upgrade asks the app version (without a lock), then sends
/// its units in order, then the last one as `final`, each with the lock and
/// an exact body, to the endpoint set of that version: `/v2` since 1.2.34,
/// the original paths up to 1.2.33.
#[tokio::test]
async fn firmware_upload_sends_units_in_order_then_final() {
    firmware_upload_for("1.2.34", "/v2").await;
    firmware_upload_for("1.2.33", "").await;
}

async fn firmware_upload_for(app: &str, suffix: &str) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/1.0/version"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": app})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"lock_uid": LOCK})))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"result": "Success", "status_code": 200})),
        )
        .with_priority(10)
        .mount(&server)
        .await;
    let data: Vec<u8> = (0..(UNIT_RAW_BYTES + 10))
        .map(|i| (i % 251) as u8)
        .collect();
    let c = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .build()
        .unwrap();
    let mut progress = Vec::new();
    c.firmware()
        .upgrade_reader(&data[..], Some(data.len() as u64), |p| progress.push(p))
        .await
        .unwrap();
    assert_eq!(progress.len(), 2);
    assert!(progress[1].finished);
    assert_eq!(progress[1].bytes_sent, data.len() as u64);
    let received = server.received_requests().await.unwrap();
    let first = ef45_sdk::model::encode_base64(&data[..UNIT_RAW_BYTES]);
    let last = ef45_sdk::model::encode_base64(&data[UNIT_RAW_BYTES..]);
    let rows = [
        seen().get("/version").no_lock(),
        seen().post("/lock").no_lock(),
        seen()
            .post(format!("/firmware/unit{suffix}"))
            .json(json!({"index": 0, "data": first}))
            .lock(),
        seen()
            .post(format!("/firmware/final{suffix}"))
            .json(json!({"index": 1, "data": last}))
            .lock(),
    ];
    assert_eq!(received.len(), rows.len(), "{received:#?}");
    for (row, r) in rows.iter().zip(&received) {
        let bad = compare(row, r);
        assert!(
            bad.is_empty(),
            "{} {}: {}",
            row.method,
            row.path,
            bad.join("; ")
        );
    }
}

/// The requests `POST /subjects` bodies carried, in order.
async fn saved_record_versions(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path() != "/1.0/lock")
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            body["record_version"].clone()
        })
        .collect()
}

async fn record_version_device(version: u32) -> MockServer {
    let server = MockServer::start().await;
    let ok = |v: Value| ResponseTemplate::new(200).set_body_json(v);
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ok(json!({"lock_uid": LOCK})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/1.0/lock"))
        .respond_with(ok(json!({"lock_uid": OTHER_LOCK})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/1.0/subjects/record-version"))
        .respond_with(ok(json!({"record_version": version})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/1.0/subjects/duplication"))
        .respond_with(ok(json!({"duplicated": false})))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ack())
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

fn unversioned(id: &str) -> Subject {
    Subject::new(user(id), "Doe", "Jo")
        .unwrap()
        .templates(Some("TA==".into()), None)
}

/// `record_version` (issue 18): a subject without one gets the device's,
/// read with `GET /subjects/record-version` once per connection (seed: the
/// value "is fixed and not subject to change unless the algorithm is
/// changed"; E3 writes 17952, the seed's example is 8976). A new lock asks
/// again; a value the caller set is sent as it is.
#[tokio::test]
async fn record_version_is_read_from_the_device_once_per_connection() {
    let server = record_version_device(17952).await;
    let client = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .build()
        .unwrap();
    assert_eq!(unversioned("7").record_version, None);
    client.subjects().save(unversioned("7")).await.unwrap();
    client
        .subjects()
        .check_duplication(unversioned("7"))
        .await
        .unwrap();
    client
        .users()
        .save(User::new(unversioned("8")))
        .await
        .unwrap();
    // Set by the caller: sent as it is, without asking the device.
    client
        .subjects()
        .save(unversioned("9").record_version(8976))
        .await
        .unwrap();
    // A new connection asks again.
    client.take_over().await.unwrap();
    client.subjects().save(unversioned("7")).await.unwrap();
    assert_eq!(client.record_version().await.unwrap(), 17952);
    let received = server.received_requests().await.unwrap();
    let asked: Vec<String> = received
        .iter()
        .filter(|r| r.url.path() == "/1.0/subjects/record-version")
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        asked,
        [format!("lock_uid={LOCK}"), format!("lock_uid={OTHER_LOCK}")],
        "once per connection, with the lock"
    );
    assert_eq!(
        saved_record_versions(&server).await,
        [
            json!(17952),
            json!(17952),
            json!(17952),
            json!(8976),
            json!(17952)
        ]
    );
}

/// The builder's override replaces the device's value: nothing is asked.
#[tokio::test]
async fn record_version_override_on_the_builder_is_not_asked() {
    let server = record_version_device(17952).await;
    let client = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .record_version(8976)
        .build()
        .unwrap();
    client.subjects().save(unversioned("7")).await.unwrap();
    client
        .users()
        .save(User::new(unversioned("8")))
        .await
        .unwrap();
    assert_eq!(client.record_version().await.unwrap(), 8976);
    let received = server.received_requests().await.unwrap();
    assert!(
        received
            .iter()
            .all(|r| r.url.path() != "/1.0/subjects/record-version")
    );
    assert_eq!(
        saved_record_versions(&server).await,
        [json!(8976), json!(8976)]
    );
}

/// A device whose `POST /lock` answers `status`; `PUT /lock` grants `OTHER_LOCK`.
async fn refusing_connect(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ResponseTemplate::new(status).set_body_json(
            json!({"status_code": status, "reason_phrase": "refused", "error_message": "lock"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/1.0/lock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"lock_uid": OTHER_LOCK})))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ack())
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

async fn lines(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| match r.url.query() {
            Some(q) => format!("{} {}?{q}", r.method, r.url.path()),
            None => format!("{} {}", r.method, r.url.path()),
        })
        .collect()
}

/// `POST /lock` falls back to `PUT /lock` ("Force connection", E1) only when
/// the device refuses the connection with a 4xx (issue 18). A 5xx is a device
/// fault, not a refusal: the client does not force the lock away from
/// whoever holds it, and reports the failure (E3 forces on any non-200; the
/// SDK does not, see docs/provenance/ef45.md).
#[tokio::test]
async fn connect_falls_back_to_take_over_only_on_a_4xx() {
    for status in [400u16, 403, 409, 423] {
        let server = refusing_connect(status).await;
        let client = Client::builder()
            .base_url(format!("{}/1.0", server.uri()))
            .build()
            .unwrap();
        client.camera().stop().await.unwrap();
        assert_eq!(
            lines(&server).await,
            [
                "POST /1.0/lock".to_string(),
                "PUT /1.0/lock".to_string(),
                format!("POST /1.0/camera/control/stop?lock_uid={OTHER_LOCK}"),
            ],
            "POST /lock answered {status}"
        );
    }
    for status in [500u16, 503] {
        let server = refusing_connect(status).await;
        let client = Client::builder()
            .base_url(format!("{}/1.0", server.uri()))
            .build()
            .unwrap();
        let err = client.camera().stop().await.unwrap_err();
        let sent = lines(&server).await;
        assert!(
            sent.iter().all(|l| l == "POST /1.0/lock"),
            "POST /lock answered {status}: {sent:?} ({err})"
        );
        assert!(!sent.is_empty());
    }
}
