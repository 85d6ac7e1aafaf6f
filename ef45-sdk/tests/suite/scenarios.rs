//! The vendor's recipes on the simulated EF-45.

#![cfg(feature = "testkit")]

use std::time::Duration;

use access_core::PollPolicy;
use access_core::model::{
    AccessEventKind, CardNumber, Credential, CredentialKind, CredentialState, ExternalId, Person,
    RemoveOutcome, UpsertOutcome,
};
use access_core::traits::{AccessSystem, Credentials, Directory, EventLog};
use access_core::{Error, ErrorKind};
use ef45_sdk::UserUuid;
use ef45_sdk::access::CardHeldByAnother;
use ef45_sdk::camera::{CameraMode, CaptureModes, StartCamera};
use ef45_sdk::device::{DeviceControl, SettingType, SettingValue};
use ef45_sdk::enrolment::{SaveFaceImage, SaveIrisImage};
use ef45_sdk::model::DeviceTime;
use ef45_sdk::subjects::{CheckDuplication, Subject};
use ef45_sdk::testkit::{Ef45Sim, SimConfig};
use ef45_sdk::users::User;
use futures_util::{StreamExt, TryStreamExt};
use sha2::{Digest, Sha256};

fn fast(timeout_ms: u64) -> PollPolicy {
    PollPolicy::every(Duration::from_millis(10), Duration::from_millis(timeout_ms))
}

#[tokio::test]
async fn enrol_by_face_and_iris_then_recognise_and_read_logs() {
    let device = Ef45Sim::start().await;
    let c = device.client();

    // Connect, note where the log stands.
    c.connect().await.unwrap();
    assert!(device.is_locked());
    let before: Vec<_> = c.events_since(None).try_collect().await.unwrap();
    let cursor = before.last().unwrap().cursor.clone();

    // Prepare the camera: Slave mode, clock.
    c.camera().set_mode(CameraMode::Slave).await.unwrap();
    let t: DeviceTime = "052014402018.30".parse().unwrap();
    c.camera().set_time(t).await.unwrap();
    assert_eq!(device.device_time(), Some(t));

    // Capture face and both irises: data arrives a few polls after start.
    let records = c
        .enrolment()
        .capture(CaptureModes::face_and_both_eyes(), fast(5_000))
        .await
        .unwrap();
    assert_eq!(records.len(), 1);
    let capture = &records[0];
    assert!(capture.has_iris());
    assert_eq!(capture.faces.len(), 2);
    // The buffer was cleared by encounter_id.
    assert!(
        c.enrolment()
            .biometric_data()
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(!device.camera_running());

    // Save the images and read one back (the device sends it with line breaks).
    c.send(&SaveIrisImage::new()).await.unwrap();
    c.send(&SaveFaceImage::new()).await.unwrap();
    for name in ["lefteye.bmp", "righteye.bmp", "faroff.bmp", "nearon.bmp"] {
        let img = c.enrolment().load_image(name).await.unwrap();
        assert!(img.bytes().unwrap().starts_with(b"BM"), "{name}");
    }

    // Store the user with templates, faces and card.
    let uuid = UserUuid::new("2001").unwrap();
    let subject = Subject::new(uuid.clone(), "Virtanen", "Aino")
        .unwrap()
        .templates(
            capture.left_eye_template.clone(),
            capture.right_eye_template.clone(),
        );
    let dup = c
        .send(&CheckDuplication::new(subject.clone()).unwrap())
        .await
        .unwrap();
    assert_eq!(dup.duplicated, Some(false));
    let card = CardNumber::from_hex_pairs("0A 1B 2C 3D").unwrap();
    let user = User::new(subject.clone())
        .card(card.clone())
        .faces(capture.faces.clone());
    c.users().save(user).await.unwrap();
    let dup = c
        .send(&CheckDuplication::new(subject).unwrap())
        .await
        .unwrap();
    assert_eq!(dup.duplicated, Some(true));
    assert_eq!(c.user_info().by_card(&card).await.unwrap().user_uuid, uuid);
    assert_eq!(
        c.faces()
            .of_user(ef45_sdk::faces::FacesOfUser::new(uuid.clone()))
            .await
            .unwrap()
            .len(),
        2
    );

    // Recognise: the person presents at the device.
    assert!(device.present(&uuid));
    let matches: Vec<_> = c
        .recognition()
        .match_stream(fast(300))
        .take(1)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(matches[0].user_uuid.as_ref(), Some(&uuid));
    assert!(matches[0].allowed());
    assert!(
        c.recognition().match_data().await.unwrap().items.is_empty(),
        "cleared"
    );
    let door: Vec<_> = c
        .recognition()
        .door_status_stream(fast(200))
        .take(1)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(door[0].door_status.as_deref(), Some("open"));

    // Logs since the cursor: the enrolment and the recognition, nothing older.
    let new: Vec<_> = c.events_since(Some(cursor)).try_collect().await.unwrap();
    assert!(new.len() >= 2);
    assert!(
        new.iter()
            .all(|e| e.id.parse::<i64>().unwrap()
                > before.last().unwrap().id.parse::<i64>().unwrap())
    );
    let last = new.last().unwrap();
    assert_eq!(last.kind, AccessEventKind::Granted);
    assert_eq!(last.person.as_deref(), Some("2001"));
    let again: Vec<_> = c
        .events_since(Some(last.cursor.clone()))
        .try_collect()
        .await
        .unwrap();
    assert!(again.is_empty());

    c.disconnect().await.unwrap();
    assert!(!device.is_locked());
}

fn write_firmware(path: &std::path::Path, size: usize) -> String {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut hasher = Sha256::new();
    let mut header = b"EF451.2.40".to_vec();
    header.resize(20, 0);
    f.write_all(&header).unwrap();
    hasher.update(&header);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut written = header.len();
    let mut chunk = vec![0u8; 64 * 1024];
    while written < size {
        for b in chunk.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
        let n = chunk.len().min(size - written);
        f.write_all(&chunk[..n]).unwrap();
        hasher.update(&chunk[..n]);
        written += n;
    }
    f.flush().unwrap();
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn firmware_upgrade_of_50_mb_streams_units_and_reboots() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    let dir = std::env::temp_dir().join(format!("ef45-fw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ef45-1.2.40.bin");
    let size = 50 * 1024 * 1024 + 123;
    let sha = write_firmware(&file, size);

    assert_eq!(c.version().await.unwrap().version, "1.2.34");
    c.firmware().abort().await.unwrap();
    let mut reports = Vec::new();
    let result = c
        .firmware()
        .upgrade_file(&file, |p| reports.push(p))
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();

    assert_eq!(result.version.as_deref(), Some("1.2.40"));
    let units = size.div_ceil(ef45_sdk::firmware::UNIT_RAW_BYTES) as u64;
    assert_eq!(reports.len() as u64, units);
    assert!(
        reports
            .windows(2)
            .all(|w| w[0].bytes_sent < w[1].bytes_sent)
    );
    let last = reports.last().unwrap();
    assert!(last.finished);
    assert_eq!(last.bytes_sent, size as u64);
    assert_eq!(last.fraction(), Some(1.0));

    let installed = device.installed_firmware().unwrap();
    assert_eq!(installed.bytes, size as u64);
    assert_eq!(installed.sha256, sha);
    assert_eq!(installed.units, units);
    assert_eq!(device.reboots(), 1);
    // Each unit went exactly once, to the revised endpoints of app 1.2.34.
    assert_eq!(
        device.count("POST", "/1.0/firmware/unit/v2") as u64,
        units - 1
    );
    assert_eq!(device.count("POST", "/1.0/firmware/final/v2"), 1);
    assert_eq!(device.count("DELETE", "/1.0/firmware/v2"), 1);
    assert_eq!(device.count("POST", "/1.0/firmware/unit"), 0);
    // After the reboot the client reconnects and sees the new version.
    assert_eq!(c.version().await.unwrap().version, "1.2.40");
    c.camera().settings().await.unwrap();
    assert!(device.is_locked());
}

#[tokio::test]
async fn firmware_units_are_never_retried_and_bad_images_are_refused() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    c.connect().await.unwrap();
    // The app version (which firmware endpoints) is known before the fault.
    c.version().await.unwrap();
    // A 503 on the first unit: the upload stops, nothing is re-sent.
    device.faults().fail_next(1);
    let data = vec![7u8; ef45_sdk::firmware::UNIT_RAW_BYTES * 2];
    let err = c
        .firmware()
        .upgrade_reader(&data[..], None, |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(device.count("POST", "/1.0/firmware/unit/v2"), 1);
    // Abort, then an image without the EF45 magic is refused by the device check.
    c.firmware().abort().await.unwrap();
    let err = c
        .firmware()
        .upgrade_reader(&data[..], None, |_| {})
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(ef45_sdk::firmware::UploadFirmwareFinalError::ImageRejected { .. })
    ));
    assert_eq!(device.reboots(), 0);
}

#[tokio::test]
async fn lost_lock_is_taken_back_once_for_concurrent_calls() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    c.camera().settings().await.unwrap();
    assert_eq!(device.count("POST", "/1.0/lock"), 1);
    device.take_over_as_other_client();
    let calls = (0..6).map(|_| {
        let c = c.clone();
        async move { c.camera().settings().await }
    });
    for r in futures_util::future::join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(
        device.count("PUT", "/1.0/lock"),
        1,
        "single-flight take over"
    );
    assert_eq!(c.session().acquisitions().await, 2);
}

#[tokio::test]
async fn lost_lock_with_fail_policy_leaves_the_device_alone() {
    let device = Ef45Sim::start().await;
    let c = device
        .client_builder()
        .lost_lock_policy(ef45_sdk::auth::LostLockPolicy::Fail)
        .build()
        .unwrap();
    c.camera().settings().await.unwrap();
    device.take_over_as_other_client();
    let err = c.camera().settings().await.unwrap_err();
    assert_eq!(err.kind(), access_core::ErrorKind::Auth);
    assert_eq!(device.count("PUT", "/1.0/lock"), 0);
}

#[tokio::test]
async fn connect_refused_while_locked_falls_back_per_policy() {
    let device = Ef45Sim::start().await;
    device.take_over_as_other_client();
    let strict = device
        .client_builder()
        .connect_policy(ef45_sdk::auth::ConnectPolicy::Connect)
        .build()
        .unwrap();
    let err = strict.connect().await.unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(ef45_sdk::lock::ConnectError::AlreadyLocked { .. })
    ));
    assert!(strict.camera().settings().await.is_err());
    assert_eq!(device.count("PUT", "/1.0/lock"), 0);
    // The default policy takes over, as the on-device middleware does.
    let c = device.client();
    c.camera().settings().await.unwrap();
    assert_eq!(device.count("PUT", "/1.0/lock"), 1);
}

#[tokio::test]
async fn camera_state_machine_and_documented_errors() {
    use ef45_sdk::camera::StartCameraError;
    use ef45_sdk::device::{DeviceControlError, StartCardInputError};
    use ef45_sdk::error::{DeviceCode, DeviceErrorCode};
    use ef45_sdk::users::DeleteUserError;
    let device = Ef45Sim::start().await;
    let c = device.client();
    // Not Slave yet.
    let e = c
        .camera()
        .start(StartCamera::new(CaptureModes::face()).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(StartCameraError::NotSlaveMode { .. })
    ));
    let e = c.device().card_input_mode().await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(StartCardInputError::NotSlaveMode { .. })
    ));
    c.camera().set_mode(CameraMode::Slave).await.unwrap();
    c.device().card_input_mode().await.unwrap();
    assert!(device.card_input_showing());
    c.camera()
        .start(StartCamera::new(CaptureModes::both_eyes()).unwrap())
        .await
        .unwrap();
    let e = c
        .camera()
        .start(StartCamera::new(CaptureModes::both_eyes()).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(StartCameraError::Busy { .. })
    ));
    // Preview frames while running (line breaks decoded), none after stop.
    let frame = c.camera().preview().await.unwrap().unwrap();
    assert!(frame.image().unwrap().starts_with(b"BM"));
    c.camera().stop().await.unwrap();
    assert!(c.camera().preview().await.unwrap().is_none());
    // At least one mode: refused before sending.
    let e = StartCamera::new(CaptureModes::default()).unwrap_err();
    assert_eq!(e.field, "modes");
    // Manual command needs the device setting.
    let cmd = DeviceControl::new("relay", true).unwrap();
    let e = c.device().control(cmd.clone()).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(DeviceControlError::ManualCommandDisabled { .. })
    ));
    c.device()
        .set_setting("UseManualCommand", SettingValue::Bool(true))
        .await
        .unwrap();
    c.device().control(cmd).await.unwrap();
    assert_eq!(device.relay_triggers(), 1);
    let v = c
        .device()
        .setting("UseManualCommand", SettingType::Bool)
        .await
        .unwrap();
    assert_eq!(v.value, Some(SettingValue::Bool(true)));
    // Device codes surface typed.
    let e = c
        .subjects()
        .get(&UserUuid::new("nobody").unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        e.service_error().unwrap().device_code(),
        Some(DeviceErrorCode::SubjectNotFound)
    );
    assert_eq!(e.kind(), access_core::ErrorKind::NotFound);
    let e = c
        .faces()
        .delete(
            &UserUuid::new("111").unwrap(),
            ef45_sdk::faces::FaceSubId::BlackWhiteUpdated,
        )
        .await
        .unwrap_err();
    assert_eq!(
        e.service_error().unwrap().device_code(),
        Some(DeviceErrorCode::FaceSubIdNotFound)
    );
    let e = c
        .users()
        .delete(&UserUuid::new("nobody").unwrap())
        .await
        .unwrap_err();
    // The issue's rule: an unknown user is the endpoint enum's NotFound row
    // (before: `RecordError::Device { code: UserNotFound }`).
    assert!(matches!(
        e.service_error(),
        Some(DeleteUserError::NotFound { .. })
    ));
    assert_eq!(
        e.service_error().unwrap().device_code(),
        Some(DeviceErrorCode::UserNotFound)
    );
}

#[tokio::test]
async fn writes_are_sent_once_under_503_and_reads_are_retried() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    c.camera().set_mode(CameraMode::Slave).await.unwrap();
    device.faults().fail_next(1);
    let e = c
        .camera()
        .start(StartCamera::new(CaptureModes::face()).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert!(e.may_have_been_sent());
    assert_eq!(device.count("POST", "/1.0/camera/control/start"), 1);
    device.faults().fail_next(1);
    c.camera().settings().await.unwrap();
    assert_eq!(
        device.count("GET", "/1.0/camera"),
        3,
        "one in set_mode, then 503 and the retry"
    );
}

#[tokio::test]
async fn capture_times_out_and_stops_the_camera() {
    let device = Ef45Sim::start_with(SimConfig::default().capture_polls(10_000)).await;
    let c = device.client();
    c.camera().set_mode(CameraMode::Slave).await.unwrap();
    let e = c
        .enrolment()
        .capture(CaptureModes::face(), fast(100))
        .await
        .unwrap_err();
    assert!(matches!(e, access_core::Error::StillPending { .. }));
    assert!(!device.camera_running());
}

#[tokio::test]
async fn old_app_versions_use_the_original_biometric_endpoint() {
    let device = Ef45Sim::start_with(
        SimConfig::default()
            .version("1.2.33")
            .template_bytes(2 * 1024 * 1024),
    )
    .await;
    let c = device.client();
    c.camera().set_mode(CameraMode::Slave).await.unwrap();
    let records = c
        .enrolment()
        .capture(CaptureModes::both_eyes(), fast(5_000))
        .await
        .unwrap();
    assert!(records[0].left_eye_template.as_ref().unwrap().len() > 2 * 1024 * 1024);
    assert!(device.count("GET", "/1.0/biometric-data") >= 2);
    assert_eq!(device.count("GET", "/1.0/biometric-data/v2"), 0);
}

#[tokio::test]
async fn lists_page_until_has_more_is_false() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    let subjects: Vec<_> = c.subjects().stream(1).try_collect().await.unwrap();
    assert_eq!(subjects.len(), 3);
    assert_eq!(device.count("GET", "/1.0/subjects"), 3);
    let faces: Vec<_> = c.faces().stream(2).try_collect().await.unwrap();
    assert_eq!(faces.len(), 3);
    let logs: Vec<_> = c.logs().stream(2).try_collect().await.unwrap();
    assert_eq!(logs.len(), device.log_len());
    assert!(logs.windows(2).all(|w| w[0].id < w[1].id));
}

#[tokio::test]
async fn anti_passback_clear() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    device.set_apb_violation(&UserUuid::new("111").unwrap());
    assert!(!device.present(&UserUuid::new("111").unwrap()));
    c.device()
        .clear_anti_passback(&UserUuid::new("111").unwrap())
        .await
        .unwrap();
    assert!(device.present(&UserUuid::new("111").unwrap()));
    device.set_apb_violation(&UserUuid::new("1").unwrap());
    c.device().clear_all_anti_passback().await.unwrap();
    assert!(!device.apb_violation(&UserUuid::new("1").unwrap()));
}

#[tokio::test]
async fn access_core_traits() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    assert!(c.capabilities().supports_credential(CredentialKind::Face));
    let id = ExternalId::new("hr-42").unwrap();
    let p = Person::new(id.clone(), "Aino", "Virtanen").unwrap();
    assert_eq!(c.upsert_person(&p).await.unwrap(), UpsertOutcome::Created);
    assert_eq!(c.upsert_person(&p).await.unwrap(), UpsertOutcome::Unchanged);
    let p2 = Person::new(id.clone(), "Aino", "Korhonen").unwrap();
    assert_eq!(c.upsert_person(&p2).await.unwrap(), UpsertOutcome::Updated);
    assert_eq!(
        c.find_person(&id).await.unwrap().unwrap().last_name,
        "Korhonen"
    );
    assert_eq!(c.list_people().await.unwrap().len(), 4);

    let card = Credential::card(CardNumber::from_decimal("1708695990").unwrap());
    let op = c.issue_credential(&id, &card).await.unwrap();
    assert!(op.is_completed());
    c.camera().set_mode(CameraMode::Slave).await.unwrap();
    let face = Credential::Face {
        image_base64: String::new(),
    };
    let op = c.issue_credential(&id, &face).await.unwrap();
    assert!(!op.is_completed());
    assert_eq!(
        op.wait(&fast(5_000)).await.unwrap(),
        CredentialState::Active
    );
    let creds = c.list_credentials(&id).await.unwrap();
    assert_eq!(
        creds
            .iter()
            .filter(|r| r.credential.kind() == CredentialKind::Face)
            .count(),
        2
    );
    assert!(creds.iter().any(
        |r| matches!(&r.credential, Credential::Card { number } if number.as_str() == "65 D8 A1 B6")
    ));
    c.revoke_credential(&id, &card).await.unwrap();
    c.revoke_credential(&id, &face).await.unwrap();
    assert!(c.list_credentials(&id).await.unwrap().is_empty());
    assert_eq!(c.remove_person(&id).await.unwrap(), RemoveOutcome::Removed);
    assert_eq!(c.remove_person(&id).await.unwrap(), RemoveOutcome::NotFound);
}

/// The simulator answers its configured record version, and a subject saved
/// through the handle without one is stored with it (issue 18).
#[tokio::test]
async fn the_simulators_record_version_reaches_saved_subjects() {
    let device = Ef45Sim::start_with(SimConfig::default().record_version(17952)).await;
    let c = device.client();
    assert_eq!(
        c.subjects().record_version().await.unwrap().record_version,
        17952
    );
    assert_eq!(c.record_version().await.unwrap(), 17952);
    let uuid = UserUuid::new("3001").unwrap();
    c.subjects()
        .save(Subject::new(uuid.clone(), "Lee", "Ana").unwrap())
        .await
        .unwrap();
    assert_eq!(
        c.subjects().get(&uuid).await.unwrap().record_version,
        Some(17952)
    );
    // The seeded people carry the device's version too.
    let seeded = c
        .subjects()
        .get(&UserUuid::new("1").unwrap())
        .await
        .unwrap();
    assert_eq!(seeded.record_version, Some(17952));
    // The default device answers the seed's example value.
    let default = Ef45Sim::start().await;
    assert_eq!(default.client().record_version().await.unwrap(), 8976);
}

/// The firmware operations exist twice (seed); an app up to 1.2.33 is
/// upgraded through the original endpoints, and each app refuses the other
/// set (issue 18).
#[tokio::test]
async fn firmware_endpoints_follow_the_app_version() {
    let device = Ef45Sim::start_with(SimConfig::default().version("1.2.33")).await;
    let c = device.client();
    let mut image = b"EF451.2.35".to_vec();
    image.resize(20, 0);
    image.resize(ef45_sdk::firmware::UNIT_RAW_BYTES + 40, 1);
    c.firmware().abort().await.unwrap();
    let result = c
        .firmware()
        .upgrade_reader(&image[..], None, |_| {})
        .await
        .unwrap();
    assert_eq!(result.version.as_deref(), Some("1.2.35"));
    assert_eq!(device.count("DELETE", "/1.0/firmware"), 1);
    assert_eq!(device.count("POST", "/1.0/firmware/unit"), 1);
    assert_eq!(device.count("POST", "/1.0/firmware/final"), 1);
    assert_eq!(device.count("POST", "/1.0/firmware/final/v2"), 0);
    // Now at 1.2.35: the client asks the version again and uses /v2.
    c.firmware().abort().await.unwrap();
    assert_eq!(device.count("DELETE", "/1.0/firmware/v2"), 1);
    // The original set is refused by a revised app.
    let err = c
        .send(&ef45_sdk::firmware::AbortFirmware::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
}

/// Issue 20: every `Credentials` method given an id with no subject on the
/// device answers `NotFound`, found by reading: nothing is written (before,
/// issuing a card created a user-info row for nobody and revoking answered Ok).
#[tokio::test]
async fn credentials_of_an_unknown_subject_are_not_found() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    c.connect().await.unwrap();
    let nobody = ExternalId::new("hr-404").unwrap();
    let card = Credential::card(CardNumber::from_hex_pairs("0A 0B 0C 0D").unwrap());
    let face = Credential::Face {
        image_base64: String::new(),
    };
    let before = device.requests().len();

    let e = c.list_credentials(&nobody).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(matches!(e, Error::NotFound { vendor: "ef45", .. }), "{e}");
    assert_eq!(e.to_string(), "ef45 has no subject with user_uuid hr-404");
    for credential in [&card, &face] {
        let e = c.issue_credential(&nobody, credential).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
        assert!(!e.may_have_been_sent());
        let e = c.revoke_credential(&nobody, credential).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    }
    let sent: Vec<String> = device
        .requests()
        .iter()
        .skip(before)
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(sent.len(), 5, "one read a call: {sent:?}");
    assert!(
        sent.iter().all(|r| r == "GET /1.0/subjects/hr-404"),
        "only the subject was read: {sent:?}"
    );
    assert!(!device.camera_running());
    assert!(
        c.user_info()
            .get(&UserUuid::new("hr-404").unwrap())
            .await
            .is_err()
    );

    // The directory keeps its answers for a missing person.
    assert_eq!(c.find_person(&nobody).await.unwrap(), None);
    assert_eq!(
        c.remove_person(&nobody).await.unwrap(),
        RemoveOutcome::NotFound
    );
}

/// Issue 20: the EF-45 stores a card for any number of users without a word
/// [I], so the SDK looks the card up (`GET /user-info/card/{card}`) and refuses
/// a card another user holds with a `Conflict` naming the holder.
#[tokio::test]
async fn a_card_another_user_holds_is_refused_naming_the_holder() {
    let device = Ef45Sim::start().await;
    let c = device.client();
    // Seeded: user 111 (Park Sora) holds 65 D8 A1 BD; user 2 (Lee Joon) has no card.
    let joon = ExternalId::new("2").unwrap();
    let soras_card = Credential::card(CardNumber::from_decimal("1708695997").unwrap());
    let e = c.issue_credential(&joon, &soras_card).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert!(!e.may_have_been_sent());
    let held = e
        .service_error()
        .and_then(|a| a.downcast_ref::<CardHeldByAnother>())
        .expect("a CardHeldByAnother");
    assert_eq!(held.holder.as_str(), "111");
    assert_eq!(held.user.as_str(), "2");
    assert_eq!(held.card.as_str(), "65 D8 A1 BD");
    assert!(e.to_string().contains("held by user 111"), "{e}");
    assert_eq!(device.count("POST", "/1.0/user-info"), 0, "nothing written");
    let joons = c.user_info().get(&UserUuid::new("2").unwrap()).await;
    assert!(joons.map(|i| i.card.is_none()).unwrap_or(true));

    // The holder may be issued their own card again; a free card is issued.
    let sora = ExternalId::new("111").unwrap();
    c.issue_credential(&sora, &soras_card).await.unwrap();
    let free = Credential::card(CardNumber::from_hex_pairs("0A 0B 0C 0D").unwrap());
    c.issue_credential(&joon, &free).await.unwrap();
    let by_card = c
        .user_info()
        .by_card(&CardNumber::from_hex_pairs("0A 0B 0C 0D").unwrap())
        .await
        .unwrap();
    assert_eq!(by_card.user_uuid.as_str(), "2");
}
