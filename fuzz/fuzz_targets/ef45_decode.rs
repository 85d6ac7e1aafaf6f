//! Every EF-45 operation's decoder and error recogniser, and the lenient
//! base64 decoder, on arbitrary answers.
#![no_main]

use access_core::model::CardNumber;
use access_sdk_fuzz::{answer, exercise};
use chrono::NaiveDate;
use ef45_sdk::camera::*;
use ef45_sdk::device::*;
use ef45_sdk::enrolment::*;
use ef45_sdk::faces::*;
use ef45_sdk::firmware::*;
use ef45_sdk::lock::*;
use ef45_sdk::logs::*;
use ef45_sdk::recognition::*;
use ef45_sdk::subjects::*;
use ef45_sdk::users::*;
use ef45_sdk::model::{DeviceTime, Paging, decode_base64_lenient};
use ef45_sdk::{EncounterId, LockUid, SeqUid, UserUuid};
use libfuzzer_sys::fuzz_target;

const LOCK: &str = "13dbb896-ed1e-11e6-9822-503f98000109";

fn user(id: &str) -> UserUuid {
    UserUuid::new(id).unwrap()
}

fn card() -> CardNumber {
    CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap()
}

fn subject() -> Subject {
    Subject::new(user("7"), "Doe", "Jo")
        .unwrap()
        .templates(Some("TA==".into()), Some("Ug==".into()))
}

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = answer(data) else {
        return;
    };
    exercise(&GetCameraSettings::new(), status, &body);
    exercise(
        &(|| UpdateCameraSettings::new(CameraSettings::mode(CameraMode::Slave)).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| {
            let t = NaiveDate::from_ymd_opt(2026, 3, 1)
                .unwrap()
                .and_hms_opt(8, 30, 0)
                .unwrap();
            SetDeviceTime::new(DeviceTime::new(t).unwrap())
        })(),
        status,
        &body,
    );
    exercise(
        &(|| StartCamera::new(CaptureModes::face_and_both_eyes()).unwrap())(),
        status,
        &body,
    );
    exercise(&StopCamera::new(), status, &body);
    exercise(
        &(|| MatchTemplate::new(SeqUid::new("af7f8dba-625f-11e8-bdec-503f98000288").unwrap()))(),
        status,
        &body,
    );
    exercise(&GetPreview::new(), status, &body);
    exercise(&DeletePreview::new(), status, &body);
    exercise(
        &(|| GetSetting::new("FaceThreshold", SettingType::Float).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| SetSetting::new("Volume", SettingValue::Int(7)).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| DeviceControl::new("relay", true).unwrap())(),
        status,
        &body,
    );
    exercise(&StartCardInput::new(), status, &body);
    exercise(&TriggerRelay::new(), status, &body);
    exercise(&(|| ClearAntiPassback::new(user("7")))(), status, &body);
    exercise(&ClearAllAntiPassback::new(), status, &body);
    exercise(
        &(|| GetBiometricData::new(BiometricDataVersion::Revised))(),
        status,
        &body,
    );
    exercise(
        &(|| DeleteBiometricData::new(EncounterId::new("e-1").unwrap()))(),
        status,
        &body,
    );
    exercise(
        &(|| SaveIrisImage::new())(),
        status,
        &body,
    );
    exercise(&(|| SaveFaceImage::new())(), status, &body);
    exercise(
        &(|| LoadImage::new("lefteye.bmp").unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| SaveImage::new("lefteye.bmp", b"BM\x00\x01").unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| ListFaces::new(Paging::sized(1, 50).unwrap()))(),
        status,
        &body,
    );
    exercise(
        &(|| AddFace::new(Face::new(user("1"), FaceSubId::BlackWhite, "Rg==").unwrap()).unwrap())(),
        status,
        &body,
    );
    exercise(&(|| FacesOfUser::new(user("111")))(), status, &body);
    exercise(
        &(|| GetFace::new(user("111"), FaceSubId::BlackWhite).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| DeleteFace::new(user("111"), FaceSubId::BlackWhite).unwrap())(),
        status,
        &body,
    );
    exercise(&AbortFirmware::new(), status, &body);
    exercise(
        &(|| UploadFirmwareUnit::new(3, b"EF45").unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| UploadFirmwareFinal::new(4, b"EF45").unwrap())(),
        status,
        &body,
    );
    exercise(&Connect::new(), status, &body);
    exercise(&TakeOver::new(), status, &body);
    exercise(
        &(|| Disconnect::new(LockUid::new(LOCK).unwrap()))(),
        status,
        &body,
    );
    exercise(&GetVersion::new(), status, &body);
    exercise(
        &(|| ListLogs::new(Paging::sized(1, 20).unwrap()))(),
        status,
        &body,
    );
    exercise(&(|| LogsInRange::new(68, 74).unwrap())(), status, &body);
    exercise(
        &(|| LogsFromTo::new(68, 74, Paging::page(1).unwrap()).unwrap())(),
        status,
        &body,
    );
    exercise(&(|| GetLog::new(68).unwrap())(), status, &body);
    exercise(&GetMatchData::new(), status, &body);
    exercise(
        &(|| DeleteMatchData::new(EncounterId::new("m1").unwrap()))(),
        status,
        &body,
    );
    exercise(&GetDoorStatus::new(), status, &body);
    exercise(
        &(|| ListSubjects::new(Paging::sized(2, 10).unwrap()))(),
        status,
        &body,
    );
    exercise(&(|| GetSubject::new(user("7")))(), status, &body);
    exercise(&(|| SaveSubject::new(subject()).unwrap())(), status, &body);
    exercise(&(|| DeleteSubject::new(user("7")))(), status, &body);
    exercise(
        &(|| CheckDuplication::new(subject()).unwrap())(),
        status,
        &body,
    );
    exercise(&GetRecordVersion::new(), status, &body);
    exercise(
        &(|| ListUserInfo::new(Paging::page(1).unwrap()))(),
        status,
        &body,
    );
    exercise(&(|| UserInfoByCard::new(card()).unwrap())(), status, &body);
    exercise(&(|| GetUserInfo::new(user("9")))(), status, &body);
    exercise(
        &(|| {
            SaveUserInfo::new(
                UserInfo::new(user("9"))
                    .card(card())
                    .pin(access_core::model::Pin::new("2468").unwrap()),
            )
        })(),
        status,
        &body,
    );
    exercise(&(|| DeleteUserInfo::new(user("9")))(), status, &body);
    exercise(
        &(|| SaveUser::new(User::new(subject()).card(card())).unwrap())(),
        status,
        &body,
    );
    exercise(&(|| ListUsers::new(Paging::all()))(), status, &body);
    exercise(&(|| GetUser::new(user("1")))(), status, &body);
    exercise(&(|| DeleteUser::new(user("1")))(), status, &body);
    if let Ok(text) = std::str::from_utf8(&body) {
        let _ = decode_base64_lenient(text);
        let _ = LockUid::new(text);
        let _ = UserUuid::new(text);
    }
});
