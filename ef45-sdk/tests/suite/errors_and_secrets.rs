//! Documented failures map to typed variants; secrets never leak; validators
//! and lenient parsers hold under property tests.

#![cfg(feature = "testkit")]

use access_core::http::{HeaderMap, Response};
use access_core::testkit::mount_catch_all;
use access_core::{ErrorKind, ServiceError};
use ef45_sdk::camera::StartCameraError;
use ef45_sdk::device::{DeviceControlError, StartCardInputError};
use ef45_sdk::error::{DeviceCode, DeviceErrorCode};
use ef45_sdk::faces::DeleteFaceError;
use ef45_sdk::firmware::{UploadFirmwareFinalError, UploadFirmwareUnitError};
use ef45_sdk::lock::{ConnectError, DisconnectError};
use ef45_sdk::logs::{LogsInRange, LogsInRangeError};
use ef45_sdk::model::{DeviceTime, decode_base64_lenient, encode_base64};
use ef45_sdk::users::{GetUserError, GetUserInfoError};
use ef45_sdk::{Client, LockUid, UserUuid};
use proptest::prelude::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn resp(status: u16, body: &str) -> Response {
    Response::new(status, HeaderMap::new(), body.to_string())
}

#[test]
fn error_rows_map_to_variants() {
    let e = ConnectError::from_response(&resp(409, r#"{"reason_phrase":"locked"}"#)).unwrap();
    assert!(matches!(e, ConnectError::AlreadyLocked { .. }));
    assert_eq!(e.kind(), ErrorKind::Conflict);
    // The rows read the device's failure shape; the raw text the test sent
    // before is no device failure any more (see `raw_text_and_html_are_unexpected_status`).
    let e =
        DisconnectError::from_response(&resp(404, r#"{"error_message":"Uuid does not exist"}"#))
            .unwrap();
    assert!(matches!(e, DisconnectError::UnknownLock { .. }));
    let e = StartCameraError::from_response(&resp(
        409,
        r#"{"error_message":"Camera mode must be Slave"}"#,
    ))
    .unwrap();
    assert!(matches!(e, StartCameraError::NotSlaveMode { .. }));
    let e = StartCameraError::from_response(&resp(
        409,
        r#"{"error_message":"Camera is already started"}"#,
    ))
    .unwrap();
    assert!(matches!(e, StartCameraError::Busy { .. }));
    let e = StartCameraError::from_response(&resp(
        400,
        r#"{"error_message":"At least one biometric mode is required"}"#,
    ))
    .unwrap();
    assert!(matches!(e, StartCameraError::NoBiometricMode { .. }));
    let e = StartCardInputError::from_response(&resp(
        409,
        r#"{"error_message":"Camera mode must be Slave"}"#,
    ))
    .unwrap();
    assert!(matches!(e, StartCardInputError::NotSlaveMode { .. }));
    let e =
        DeviceControlError::from_response(&resp(403, r#"{"reason_phrase":"Forbidden"}"#)).unwrap();
    assert!(matches!(
        e,
        DeviceControlError::ManualCommandDisabled { .. }
    ));
    let e = GetUserInfoError::from_response(&resp(
        404,
        r#"{"error_no":-601,"error_message":"user-info uuid does not exist"}"#,
    ))
    .unwrap();
    assert_eq!(e.device_code(), Some(DeviceErrorCode::UserInfoNotFound));
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let e = DeleteFaceError::from_response(&resp(400, r#"{"error_no":"-409"}"#)).unwrap();
    assert_eq!(e.device_code(), Some(DeviceErrorCode::FaceSubIdOutOfRange));
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let e = LogsInRangeError::from_response(&resp(400, r#"{"error_no":-803}"#)).unwrap();
    assert_eq!(e.device_code(), Some(DeviceErrorCode::EventLogRange));
    let e = LogsInRangeError::from_response(&resp(400, r#"{"error_message":"bad"}"#)).unwrap();
    assert!(matches!(e, LogsInRangeError::InvalidRange { .. }));
    let e =
        UploadFirmwareFinalError::from_response(&resp(422, r#"{"reason_phrase":"x"}"#)).unwrap();
    assert!(matches!(e, UploadFirmwareFinalError::ImageRejected { .. }));
    let e = UploadFirmwareUnitError::from_response(&resp(400, r#"{"reason_phrase":"x"}"#)).unwrap();
    assert!(matches!(e, UploadFirmwareUnitError::UnitRejected { .. }));
    let e = GetUserError::from_response(&resp(500, r#"{"error_no":-1234,"error_message":"boom"}"#))
        .unwrap();
    assert_eq!(e.device_code(), Some(DeviceErrorCode::Unknown(-1234)));
    assert!(e.to_string().contains("boom"));
}

/// The issue's rule: a body that is not the device's failure shape (raw text,
/// HTML, empty, other JSON) is no device failure at all.
#[test]
fn raw_text_and_html_are_unexpected_status() {
    for body in ["Uuid does not exist", "bad", "{}", "", "<html>oops</html>"] {
        assert!(
            DisconnectError::from_response(&resp(404, body)).is_none(),
            "{body}"
        );
        assert!(
            LogsInRangeError::from_response(&resp(400, body)).is_none(),
            "{body}"
        );
        assert!(
            DeviceControlError::from_response(&resp(403, body)).is_none(),
            "{body}"
        );
    }
}

#[test]
fn lost_lock_recognition() {
    use ef45_sdk::auth::is_lost_lock;
    assert!(is_lost_lock(&resp(401, "")));
    assert!(is_lost_lock(&resp(423, "")));
    assert!(is_lost_lock(&resp(
        400,
        r#"{"reason_phrase":"Invalid lock_uid"}"#
    )));
    assert!(!is_lost_lock(&resp(
        404,
        r#"{"error_message":"subject uuid does not exist"}"#
    )));
    assert!(!is_lost_lock(&resp(
        403,
        r#"{"error_message":"Use manual command is disabled"}"#
    )));
    assert!(!is_lost_lock(&resp(503, "lock")));
}

#[tokio::test]
async fn device_code_minus_803_surfaces_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"lock_uid": "13dbb896-ed1e-11e6-9822-503f98000109"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/1.0/logs"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"status_code": 400, "error_no": -803, "error_message": "log id from/to wrong range"})))
        .expect(1)
        .mount(&server)
        .await;
    mount_catch_all(&server).await;
    let c = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .build()
        .unwrap();
    let e = c.send(&LogsInRange::new(5, 9).unwrap()).await.unwrap_err();
    assert_eq!(
        e.service_error().unwrap().device_code(),
        Some(DeviceErrorCode::EventLogRange)
    );
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    // code()/message() read the device's error_no and error_message, erased too.
    let words = (Some("-803"), Some("log id from/to wrong range"));
    assert_eq!((e.code(), e.message()), words);
    let erased = e.erase();
    assert_eq!((erased.code(), erased.message()), words);
    assert!(LogsInRange::new(9, 5).is_err());
}

#[test]
fn validators_refuse_before_sending() {
    use ef45_sdk::camera::{CameraSettings, UpdateCameraSettings};
    use ef45_sdk::device::DeviceControl;
    use ef45_sdk::enrolment::LoadImage;
    use ef45_sdk::faces::{DeleteFace, FaceSubId};
    use ef45_sdk::users::UserInfoByCard;
    assert!(FaceSubId::new(6).is_err());
    assert!(DeleteFace::new(UserUuid::new("1").unwrap(), FaceSubId::Unknown(6)).is_err());
    assert!(LoadImage::new("../etc/passwd").is_err());
    assert!(DeviceControl::from_params(Default::default()).is_err());
    let mut empty = CameraSettings::mode(ef45_sdk::camera::CameraMode::Slave);
    empty.camera_mode = None;
    assert!(UpdateCameraSettings::new(empty).is_err());
    let decimal = access_core::model::CardNumber::from_decimal("1708695997").unwrap();
    assert_eq!(
        UserInfoByCard::new(decimal).unwrap_err().field,
        "card_number"
    );
    assert!(UserUuid::new(" 1").is_err());
    assert!(ef45_sdk::model::Paging::sized(0, 5).is_err());
}

/// Found by `device_time_parser_never_panics`: 15 bytes with `.` at byte 12 but
/// multi-byte characters before it made the parser slice through a character.
#[test]
fn device_time_with_non_ascii_text_is_refused_not_a_panic() {
    for text in ["%¹$'&*🕴%.&f", "0102ééé2026.00", "01020304202é.0"] {
        assert!(text.parse::<DeviceTime>().is_err(), "{text}");
    }
}

proptest! {
    #[test]
    fn device_time_round_trips(y in 1000i32..=9999, mo in 1u32..=12, d in 1u32..=28, h in 0u32..24, mi in 0u32..60, s in 0u32..60) {
        let dt = chrono::NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, s).unwrap();
        let t = DeviceTime::new(dt).unwrap();
        let text = t.to_string();
        prop_assert_eq!(text.len(), 15);
        prop_assert_eq!(&text[4..6], format!("{h:02}"));
        prop_assert_eq!(text.parse::<DeviceTime>().unwrap(), t);
    }

    #[test]
    fn device_time_parser_never_panics(s in "\\PC{0,20}") {
        let _ = s.parse::<DeviceTime>();
    }

    #[test]
    fn device_time_parser_never_panics_near_its_shape(a in "[0-9\\PC]{0,12}", b in "[0-9\\PC]{0,3}") {
        let _ = format!("{a}.{b}").parse::<DeviceTime>();
    }

    #[test]
    fn lock_uid_accepts_exactly_8_4_4_4_12(u in any::<u128>(), junk in "[^0-9a-fA-F-]{1,3}") {
        let text = uuid::Uuid::from_u128(u).hyphenated().to_string();
        prop_assert!(LockUid::new(&text).is_ok());
        prop_assert!(LockUid::new(text.replace('-', "")).is_err());
        let broken = format!("{}{}", &text[..35], junk);
        prop_assert!(LockUid::new(broken).is_err());
    }

    #[test]
    fn lenient_base64_survives_device_noise(bytes in proptest::collection::vec(any::<u8>(), 1..300), every in 1usize..80, escaped in any::<bool>(), strip in any::<bool>()) {
        let clean = encode_base64(&bytes);
        let mut noisy = String::new();
        for (i, ch) in clean.chars().enumerate() {
            if i > 0 && i % every == 0 {
                noisy.push_str(if escaped { "\\r\\n" } else { "\r\n" });
            }
            noisy.push(ch);
        }
        if strip {
            noisy = noisy.trim_end_matches('=').to_string();
        }
        prop_assert_eq!(decode_base64_lenient(&noisy).unwrap(), bytes);
    }

    #[test]
    fn lenient_base64_never_panics(s in "\\PC{0,200}") {
        let _ = decode_base64_lenient(&s);
    }

    #[test]
    fn failure_parser_never_panics(status in 400u16..600, body in "\\PC{0,200}") {
        let r = resp(status, &body);
        // Before the issue every body parsed (`.unwrap()`); now only the
        // device's failure shape does, the rest is `UnexpectedStatus`.
        if let Some(e) = GetUserError::from_response(&r) {
            let _ = e.kind();
        }
    }
}

#[tokio::test]
async fn oversized_answers_are_refused_but_captures_fit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"lock_uid": "13dbb896-ed1e-11e6-9822-503f98000109"})),
        )
        .mount(&server)
        .await;
    let big = "A".repeat(5 * 1024 * 1024);
    Mock::given(method("GET"))
        .and(path("/1.0/camera"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"serial_number": big})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/1.0/biometric-data/v2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": [{"encounter_id": "e", "left_eye_template": big}]})),
        )
        .mount(&server)
        .await;
    mount_catch_all(&server).await;
    let c = Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .biometric_data_version(ef45_sdk::enrolment::BiometricDataVersion::Revised)
        .build()
        .unwrap();
    let e = c.camera().settings().await.unwrap_err();
    assert!(
        matches!(e, access_core::Error::ResponseTooLarge { .. }),
        "{e}"
    );
    let page = c.enrolment().biometric_data().await.unwrap();
    assert_eq!(
        page.items[0].left_eye_template.as_ref().unwrap().len(),
        big.len()
    );
}
