//! Request shape of every EF-45 operation: method, path, query (with the
//! `lock_uid` the client adds), body; a catch-all fails on anything else.

use access_core::model::CardNumber;
use access_core::testkit::mount_catch_all;
use ef45_sdk::camera::*;
use ef45_sdk::device::*;
use ef45_sdk::enrolment::*;
use ef45_sdk::faces::*;
use ef45_sdk::firmware::*;
use ef45_sdk::logs::*;
use ef45_sdk::model::{DeviceTime, Paging};
use ef45_sdk::recognition::*;
use ef45_sdk::subjects::*;
use ef45_sdk::users::*;
use ef45_sdk::{Client, EncounterId, SeqUid, UserUuid};
use serde_json::{Value, json};
use wiremock::matchers::{
    body_json, body_string, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

const LOCK: &str = "13dbb896-ed1e-11e6-9822-503f98000109";

fn ok_json(v: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(v)
}

fn ack() -> ResponseTemplate {
    ok_json(json!({"status_code": 200, "reason_phrase": "OK"}))
}

/// A server that grants `LOCK` once, answers `expected` exactly once, and fails
/// anything else; and a client on it.
async fn server(expected: MockBuilder, response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ok_json(json!({"lock_uid": LOCK})))
        .expect(1)
        .mount(&server)
        .await;
    expected
        .and(query_param("lock_uid", LOCK))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    mount_catch_all(&server).await;
    let client = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .biometric_data_version(BiometricDataVersion::Revised)
        .build()
        .unwrap();
    (server, client)
}

fn user(id: &str) -> UserUuid {
    UserUuid::new(id).unwrap()
}

// ---- connection ----

#[tokio::test]
async fn connect_take_over_disconnect_version() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .and(body_string(""))
        .respond_with(ok_json(json!({"lock_uid": LOCK})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/1.0/lock"))
        .and(body_string(""))
        .respond_with(ok_json(
            json!({"lock_uid": "af7f8dba-625f-11e8-bdec-503f98000288"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/1.0/lock/af7f8dba-625f-11e8-bdec-503f98000288"))
        .and(query_param_is_missing("lock_uid"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Uuid deletion success"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/1.0/version"))
        .and(query_param_is_missing("lock_uid"))
        .respond_with(ok_json(json!({"version": "1.2.34"})))
        .expect(1)
        .mount(&server)
        .await;
    mount_catch_all(&server).await;
    let client = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .build()
        .unwrap();
    client.connect().await.unwrap();
    assert_eq!(client.lock_uid().await.unwrap().expose_secret(), LOCK);
    client.take_over().await.unwrap();
    assert_eq!(
        client.lock_uid().await.unwrap().expose_secret(),
        "af7f8dba-625f-11e8-bdec-503f98000288"
    );
    assert_eq!(client.version().await.unwrap().version, "1.2.34");
    // remembered: no second request
    assert_eq!(client.version().await.unwrap().version, "1.2.34");
    client.disconnect().await.unwrap();
    assert!(client.lock_uid().await.is_none());
}

// ---- camera ----

#[tokio::test]
async fn get_camera_settings() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/camera")),
        ok_json(json!({"serial_number": "OA1405A031576", "camera_mode": "Slave", "audio_enabled": true})),
    )
    .await;
    let s = c.camera().settings().await.unwrap();
    assert_eq!(s.camera_mode, Some(CameraMode::Slave));
    assert_eq!(s.audio_enabled, Some(true));
}

#[tokio::test]
async fn update_camera_settings() {
    let (_s, c) = server(
        Mock::given(method("POST")).and(path("/1.0/camera")).and(body_json(
            json!({"serial_number": "OA1405A031576", "camera_mode": "Slave", "audio_enabled": true}),
        )),
        ack(),
    )
    .await;
    let settings = CameraSettings::mode(CameraMode::Slave)
        .serial_number("OA1405A031576")
        .audio(true);
    c.camera().update(settings).await.unwrap();
}

#[tokio::test]
async fn set_device_time() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/camera/time"))
            .and(query_param("device_time", "052014402018.30")),
        ack(),
    )
    .await;
    c.camera()
        .set_time("052014402018.30".parse::<DeviceTime>().unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn start_camera() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/camera/control/start"))
            .and(query_param("face_mode", "true"))
            .and(query_param("both_eye_mode", "true"))
            .and(query_param_is_missing("glasses_mode"))
            .and(query_param("streaming_mode", "false"))
            .and(query_param("recog_mode", "true"))
            .and(body_string("")),
        ack(),
    )
    .await;
    let start = StartCamera::new(CaptureModes::face_and_both_eyes())
        .unwrap()
        .streaming(false)
        .recognition_mode(true);
    c.send(&start).await.unwrap();
}

#[tokio::test]
async fn stop_camera() {
    let (_s, c) = server(
        Mock::given(method("POST")).and(path("/1.0/camera/control/stop")),
        ack(),
    )
    .await;
    c.camera().stop().await.unwrap();
}

#[tokio::test]
async fn match_template() {
    let seq = "38118632-534a-11f0-aa39-503f98007277";
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/camera/control/match-template"))
            .and(query_param("seq_uid", seq)),
        ack(),
    )
    .await;
    c.send(&MatchTemplate::new(SeqUid::new(seq).unwrap()))
        .await
        .unwrap();
}

#[tokio::test]
async fn preview_frame_and_no_frame() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/preview")),
        ok_json(json!({"face_image": "Qk1h\\r\\nYmM"})),
    )
    .await;
    let frame = c.camera().preview().await.unwrap().unwrap();
    assert_eq!(frame.image().unwrap(), b"BMabc");
    let (_s2, c2) = server(
        Mock::given(method("GET")).and(path("/1.0/preview")),
        ResponseTemplate::new(204),
    )
    .await;
    assert!(c2.camera().preview().await.unwrap().is_none());
}

#[tokio::test]
async fn delete_preview() {
    let (_s, c) = server(
        Mock::given(method("DELETE")).and(path("/1.0/preview")),
        ack(),
    )
    .await;
    c.send(&DeletePreview::new()).await.unwrap();
}

// ---- enrolment ----

#[tokio::test]
async fn biometric_data_revised() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/biometric-data/v2")),
        ok_json(json!({"items": [{"encounter_id": "e-1", "left_eye_template": "AAA=", "faces": [{"sub_id": 0}]}]})),
    )
    .await;
    let page = c.enrolment().biometric_data().await.unwrap();
    assert_eq!(page.items[0].encounter_id.as_ref().unwrap().as_str(), "e-1");
    assert_eq!(page.items[0].faces[0].sub_id, FaceSubId::Color);
}

#[tokio::test]
async fn biometric_data_original() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/biometric-data")),
        ok_json(json!({"items": []})),
    )
    .await;
    let page = c
        .send(&GetBiometricData::new(BiometricDataVersion::Original))
        .await
        .unwrap();
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn delete_biometric_data() {
    let (_s, c) = server(
        Mock::given(method("DELETE")).and(path("/1.0/biometric-data/e-1")),
        ack(),
    )
    .await;
    c.send(&DeleteBiometricData::new(EncounterId::new("e-1").unwrap()))
        .await
        .unwrap();
}

#[tokio::test]
async fn save_iris_image() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/images/iris"))
            .and(query_param("filename", "lefteye.bmp")),
        ack(),
    )
    .await;
    c.send(&SaveIrisImage::new(IrisImage::LeftEye))
        .await
        .unwrap();
}

#[tokio::test]
async fn save_face_image() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/images/face"))
            .and(query_param("filename", "nearon.bmp")),
        ack(),
    )
    .await;
    c.send(&SaveFaceImage::new(FaceImage::NearOn))
        .await
        .unwrap();
}

#[tokio::test]
async fn load_image() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/images/faroff.bmp")),
        ok_json(json!({"filename": "faroff.bmp", "image": "Qk1h\r\nYmM\\"})),
    )
    .await;
    let img = c.enrolment().load_image("faroff.bmp").await.unwrap();
    assert_eq!(img.bytes().unwrap(), b"BMabc");
}

#[tokio::test]
async fn save_image() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/images/custom.bmp"))
            .and(body_json(json!({"image": "Qk1hYmM="}))),
        ack(),
    )
    .await;
    c.enrolment()
        .save_image("custom.bmp", b"BMabc")
        .await
        .unwrap();
}

// ---- subjects ----

#[tokio::test]
async fn list_subjects() {
    let (_s, c) = server(
        Mock::given(method("GET"))
            .and(path("/1.0/subjects"))
            .and(query_param("page", "2"))
            .and(query_param("page_size", "10")),
        ok_json(json!({"status_code": 200, "reason_phrase": "OK", "items": [{"user_uuid": "1", "last_name": "Kim"}], "page": 2, "page_size": 10, "has_more": false, "total": 11})),
    )
    .await;
    let p = c
        .send(&ListSubjects::new(Paging::sized(2, 10).unwrap()))
        .await
        .unwrap();
    assert_eq!(p.total, Some(11));
    assert_eq!(p.items[0].last_name, "Kim");
}

#[tokio::test]
async fn get_subject() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/subjects/111")),
        ok_json(json!({"user_uuid": 111, "last_name": "Park", "record_version": 8976})),
    )
    .await;
    let s = c.subjects().get(&user("111")).await.unwrap();
    assert_eq!(s.user_uuid.as_str(), "111");
    assert_eq!(s.record_version, Some(8976));
}

#[tokio::test]
async fn save_subject() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/subjects"))
            .and(body_json(json!({
                "user_uuid": "7", "record_version": 8976, "last_name": "Doe", "first_name": "Jo",
                "access_allowed": true, "left_eye_template": "TA==", "right_eye_template": "Ug=="
            }))),
        ack(),
    )
    .await;
    let s = Subject::new(user("7"), "Doe", "Jo")
        .unwrap()
        .templates(Some("TA==".into()), Some("Ug==".into()));
    c.subjects().save(s).await.unwrap();
}

#[tokio::test]
async fn delete_subject() {
    let (_s, c) = server(
        Mock::given(method("DELETE")).and(path("/1.0/subjects/7")),
        ack(),
    )
    .await;
    c.subjects().delete(&user("7")).await.unwrap();
}

#[tokio::test]
async fn check_duplication() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/subjects/duplication"))
            .and(body_json(json!({"user_uuid": "7", "record_version": 8976, "last_name": "Doe", "first_name": "", "access_allowed": true, "left_eye_template": "TA=="}))),
        ok_json(json!({"duplicated": true, "user_uuid": "1"})),
    )
    .await;
    let s = Subject::new(user("7"), "Doe", "")
        .unwrap()
        .templates(Some("TA==".into()), None);
    let r = c.send(&CheckDuplication::new(s).unwrap()).await.unwrap();
    assert_eq!(r.duplicated, Some(true));
}

#[tokio::test]
async fn record_version() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/subjects/record-version")),
        ok_json(json!({"record_version": 8976})),
    )
    .await;
    assert_eq!(
        c.send(&GetRecordVersion::new())
            .await
            .unwrap()
            .record_version,
        8976
    );
}

// ---- user info ----

#[tokio::test]
async fn list_user_info() {
    let (_s, c) = server(
        Mock::given(method("GET"))
            .and(path("/1.0/user-info"))
            .and(query_param("page", "1"))
            .and(query_param_is_missing("page_size")),
        ok_json(json!({"items": [{"user_uuid": "1", "card": "12 34", "pin": "1234"}], "has_more": true})),
    )
    .await;
    let p = c
        .send(&ListUserInfo::new(Paging::page(1).unwrap()))
        .await
        .unwrap();
    assert!(p.has_more);
    assert!(!format!("{:?}", p.items[0]).contains("1234"));
}

#[tokio::test]
async fn user_info_by_card() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/user-info/card/65%20D8%20A1%20BD")),
        ok_json(json!({"user_uuid": "111", "card": "65 D8 A1 BD"})),
    )
    .await;
    let card = CardNumber::from_hex_pairs("65 d8 a1 bd").unwrap();
    let info = c.user_info().by_card(&card).await.unwrap();
    assert_eq!(info.user_uuid.as_str(), "111");
}

#[tokio::test]
async fn get_user_info() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/user-info/111")),
        ok_json(json!({"user_uuid": "111", "admin": 1})),
    )
    .await;
    assert_eq!(
        c.user_info().get(&user("111")).await.unwrap().admin,
        Some(true)
    );
}

#[tokio::test]
async fn save_user_info() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/user-info"))
            .and(body_json(
                json!({"user_uuid": "9", "card": "65 D8 A1 BD", "pin": "2468"}),
            )),
        ack(),
    )
    .await;
    let info = UserInfo::new(user("9"))
        .card(CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap())
        .pin(access_core::model::Pin::new("2468").unwrap());
    c.user_info().save(info).await.unwrap();
}

#[tokio::test]
async fn delete_user_info() {
    let (_s, c) = server(
        Mock::given(method("DELETE")).and(path("/1.0/user-info/9")),
        ack(),
    )
    .await;
    c.user_info().delete(&user("9")).await.unwrap();
}

// ---- user ----

#[tokio::test]
async fn save_user_with_faces() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/user"))
            .and(body_json(json!({
                "user_uuid": "1", "record_version": 8976, "last_name": "abc", "first_name": "",
                "access_allowed": true, "card": "65 D8 A1 BD",
                "faces": [{"user_uuid": "1", "sub_id": 1, "face_feature": "Rg=="}]
            }))),
        ack(),
    )
    .await;
    let face = Face::new(user("x"), FaceSubId::BlackWhite, "Rg==").unwrap();
    let u = User::new(Subject::new(user("1"), "abc", "").unwrap())
        .card(CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap())
        .faces([face]);
    c.users().save(u).await.unwrap();
}

#[tokio::test]
async fn list_users() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/user")),
        ok_json(json!({"items": [{"user_uuid": "1", "last_name": "Kim", "faces": []}]})),
    )
    .await;
    let p = c.send(&ListUsers::new(Paging::all())).await.unwrap();
    assert_eq!(p.items[0].subject.last_name, "Kim");
}

#[tokio::test]
async fn get_user() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/user/1")),
        ok_json(json!({"user_uuid": "1", "last_name": "Kim", "card": "12 34", "faces": [{"sub_id": 0}], "extra_field": 3})),
    )
    .await;
    let u = c.users().get(&user("1")).await.unwrap();
    assert_eq!(u.card.unwrap().as_str(), "12 34");
    assert_eq!(u.subject.extra["extra_field"], json!(3));
}

#[tokio::test]
async fn delete_user() {
    let (_s, c) = server(
        Mock::given(method("DELETE")).and(path("/1.0/user/1")),
        ack(),
    )
    .await;
    c.users().delete(&user("1")).await.unwrap();
}

// ---- faces ----

#[tokio::test]
async fn list_faces() {
    let (_s, c) = server(
        Mock::given(method("GET"))
            .and(path("/1.0/faces"))
            .and(query_param("page", "1"))
            .and(query_param("page_size", "50")),
        ok_json(json!({"items": [{"user_uuid": "1", "sub_id": 9, "face_LED_state": 1}], "has_more": false})),
    )
    .await;
    let p = c
        .send(&ListFaces::new(Paging::sized(1, 50).unwrap()))
        .await
        .unwrap();
    assert_eq!(p.items[0].sub_id, FaceSubId::Unknown(9));
    assert_eq!(p.items[0].led_state, Some(1));
}

#[tokio::test]
async fn add_face() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/faces"))
            .and(body_json(
                json!({"user_uuid": "1", "sub_id": 2, "face_feature": "Rg=="}),
            )),
        ack(),
    )
    .await;
    let f = Face::new(user("1"), FaceSubId::ColorGlasses, "Rg==").unwrap();
    c.send(&AddFace::new(f).unwrap()).await.unwrap();
}

#[tokio::test]
async fn faces_of_user_by_sub_id() {
    let (_s, c) = server(
        Mock::given(method("GET"))
            .and(path("/1.0/faces/111"))
            .and(query_param("subId", "5")),
        ok_json(json!([{"user_uuid": "111", "sub_id": 5}])),
    )
    .await;
    let faces = c
        .send(&FacesOfUser::new(user("111")).sub_id(FaceSubId::BlackWhiteUpdated))
        .await
        .unwrap();
    assert_eq!(faces[0].sub_id, FaceSubId::BlackWhiteUpdated);
}

#[tokio::test]
async fn get_face() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/faces/111/1")),
        ok_json(json!({"user_uuid": "111", "sub_id": 1})),
    )
    .await;
    c.send(&GetFace::new(user("111"), FaceSubId::BlackWhite).unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_face() {
    let (_s, c) = server(
        Mock::given(method("DELETE"))
            .and(path("/1.0/faces/111"))
            .and(query_param("subId", "1")),
        ack(),
    )
    .await;
    c.faces()
        .delete(&user("111"), FaceSubId::BlackWhite)
        .await
        .unwrap();
}

// ---- recognition ----

#[tokio::test]
async fn match_data() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/match-data")),
        ok_json(json!({"items": [{"encounter_id": "m1", "user_uuid": "111", "additional_data": "Allowed"}]})),
    )
    .await;
    let p = c.recognition().match_data().await.unwrap();
    assert!(p.items[0].allowed());
}

#[tokio::test]
async fn match_data_with_id() {
    let id = "38118632-534a-11f0-aa39-503f98007277";
    let (_s, c) = server(
        Mock::given(method("GET")).and(path(format!("/1.0/match-data/{id}"))),
        ResponseTemplate::new(204),
    )
    .await;
    let p = c.send(&GetMatchData::new().id(id)).await.unwrap();
    assert!(p.items.is_empty());
}

#[tokio::test]
async fn delete_match_data() {
    let (_s, c) = server(
        Mock::given(method("DELETE")).and(path("/1.0/match-data/m1")),
        ack(),
    )
    .await;
    c.send(&DeleteMatchData::new(EncounterId::new("m1").unwrap()))
        .await
        .unwrap();
}

#[tokio::test]
async fn door_status() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/door-status")),
        ok_json(json!({"door_status": "open"})),
    )
    .await;
    assert_eq!(
        c.recognition()
            .door_status()
            .await
            .unwrap()
            .door_status
            .as_deref(),
        Some("open")
    );
}

// ---- logs ----

#[tokio::test]
async fn list_logs_recent() {
    let (_s, c) = server(
        Mock::given(method("GET"))
            .and(path("/1.0/logs"))
            .and(query_param("page", "1"))
            .and(query_param("page_size", "20"))
            .and(query_param("order", "desc")),
        ok_json(json!({"status_code":200,"reason_phrase":"OK","items":[{"id":68,"event_type":"Recognition","timestamp":"2018-05-28T14:26:26Z","user_uuid":"111","info":"Recog/BioOnly/IrisOk","additional_data":"Allowed","matched_faceimage_data":""},{"id":69,"event_type":"UserData","timestamp":"2018-05-28T14:45:57Z","user_uuid":"111","info":"DeleteUsers","additional_data":"Success","matched_faceimage_data":""}],"page":1,"page_size":50,"has_more":false,"total":7})),
    )
    .await;
    let p = c
        .send(&ListLogs::new(Paging::sized(1, 20).unwrap()).order(LogOrder::Desc))
        .await
        .unwrap();
    assert_eq!(p.total, Some(7));
    assert_eq!(p.items[1].event_type, EventType::UserData);
    assert!(p.items[0].occurred_at().is_some());
}

#[tokio::test]
async fn logs_in_range() {
    let (_s, c) = server(
        Mock::given(method("GET"))
            .and(path("/1.0/logs"))
            .and(query_param("min", "68"))
            .and(query_param("max", "74"))
            .and(query_param_is_missing("page")),
        ok_json(json!({"items": []})),
    )
    .await;
    c.send(&LogsInRange::new(68, 74).unwrap()).await.unwrap();
}

#[tokio::test]
async fn logs_from_to() {
    let (_s, c) = server(
        Mock::given(method("GET"))
            .and(path("/1.0/logs/from/to"))
            .and(query_param("page", "1"))
            .and(query_param("min", "68"))
            .and(query_param("max", "74")),
        ok_json(json!({"items": [], "has_more": false})),
    )
    .await;
    c.send(&LogsFromTo::new(68, 74, Paging::page(1).unwrap()).unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn get_log() {
    let (_s, c) = server(
        Mock::given(method("GET")).and(path("/1.0/logs/68")),
        ok_json(json!({"items": [{"id": 68, "event_type": "Alarm"}]})),
    )
    .await;
    let e = c.send(&GetLog::new(68).unwrap()).await.unwrap();
    assert_eq!(e.event_type, EventType::Unknown("Alarm".into()));
}

// ---- device ----

#[tokio::test]
async fn get_setting() {
    let (_s, c) = server(
        Mock::given(method("GET"))
            .and(path("/1.0/config"))
            .and(query_param("title", "FaceThreshold"))
            .and(query_param("type", "float")),
        ok_json(json!({"title": "FaceThreshold", "value": "0.45"})),
    )
    .await;
    let s = c
        .device()
        .setting("FaceThreshold", SettingType::Float)
        .await
        .unwrap();
    assert_eq!(s.value, Some(SettingValue::Float(0.45)));
}

#[tokio::test]
async fn set_setting() {
    let (_s, c) = server(
        Mock::given(method("PUT"))
            .and(path("/1.0/config"))
            .and(query_param("title", "Volume"))
            .and(query_param("type", "int"))
            .and(body_json(json!({"value": 7}))),
        ack(),
    )
    .await;
    c.device()
        .set_setting("Volume", SettingValue::Int(7))
        .await
        .unwrap();
}

#[tokio::test]
async fn device_control() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/device/control"))
            .and(body_json(json!({"relay": true, "message": "Welcome"}))),
        ack(),
    )
    .await;
    let cmd = DeviceControl::new("relay", true)
        .unwrap()
        .param("message", "Welcome");
    c.device().control(cmd).await.unwrap();
}

#[tokio::test]
async fn card_input_mode() {
    let (_s, c) = server(
        Mock::given(method("POST")).and(path("/1.0/card-input-mode")),
        ack(),
    )
    .await;
    c.device().card_input_mode().await.unwrap();
}

#[tokio::test]
async fn relay() {
    let (_s, c) = server(
        Mock::given(method("PUT"))
            .and(path("/1.0/config/relay"))
            .and(body_string("")),
        ack(),
    )
    .await;
    c.send(&TriggerRelay::new()).await.unwrap();
}

#[tokio::test]
async fn clear_anti_passback_one() {
    let (_s, c) = server(
        Mock::given(method("PUT"))
            .and(path("/1.0/user/111/apb"))
            .and(body_json(json!({"APBStatus": 1}))),
        ack(),
    )
    .await;
    c.device().clear_anti_passback(&user("111")).await.unwrap();
}

#[tokio::test]
async fn clear_anti_passback_all() {
    let (_s, c) = server(
        Mock::given(method("PUT"))
            .and(path("/1.0/user/apb"))
            .and(body_json(json!({"APBStatus": 1}))),
        ack(),
    )
    .await;
    c.device().clear_all_anti_passback().await.unwrap();
}

// ---- firmware ----

#[tokio::test]
async fn abort_firmware() {
    let (_s, c) = server(
        Mock::given(method("DELETE")).and(path("/1.0/firmware")),
        ack(),
    )
    .await;
    c.firmware().abort().await.unwrap();
}

#[tokio::test]
async fn firmware_unit() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/firmware/unit"))
            .and(body_json(json!({"index": 3, "data": "RUY0NQ=="}))),
        ack(),
    )
    .await;
    c.send(&UploadFirmwareUnit::new(3, b"EF45").unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn firmware_final() {
    let (_s, c) = server(
        Mock::given(method("POST"))
            .and(path("/1.0/firmware/final"))
            .and(body_json(json!({"index": 4, "data": "RUY0NQ=="}))),
        ok_json(json!({"result": "Success", "version": "1.2.40"})),
    )
    .await;
    let r = c
        .send(&UploadFirmwareFinal::new(4, b"EF45").unwrap())
        .await
        .unwrap();
    assert_eq!(r.version.as_deref(), Some("1.2.40"));
}

#[tokio::test]
async fn firmware_upload_sends_units_in_order_then_final() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ok_json(json!({"lock_uid": LOCK})))
        .expect(1)
        .mount(&server)
        .await;
    let data: Vec<u8> = (0..(UNIT_RAW_BYTES + 10))
        .map(|i| (i % 251) as u8)
        .collect();
    let first = ef45_sdk::model::encode_base64(&data[..UNIT_RAW_BYTES]);
    let last = ef45_sdk::model::encode_base64(&data[UNIT_RAW_BYTES..]);
    Mock::given(method("POST"))
        .and(path("/1.0/firmware/unit"))
        .and(query_param("lock_uid", LOCK))
        .and(body_json(json!({"index": 0, "data": first})))
        .respond_with(ack())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/1.0/firmware/final"))
        .and(query_param("lock_uid", LOCK))
        .and(body_json(json!({"index": 1, "data": last})))
        .respond_with(ok_json(json!({"result": "Success"})))
        .expect(1)
        .mount(&server)
        .await;
    mount_catch_all(&server).await;
    let c = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .build()
        .unwrap();
    let mut seen = Vec::new();
    c.firmware()
        .upgrade_reader(&data[..], Some(data.len() as u64), |p| seen.push(p))
        .await
        .unwrap();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].finished);
    assert_eq!(seen[1].bytes_sent, data.len() as u64);
}
