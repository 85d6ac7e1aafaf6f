//! The endpoint table the robustness and secret-hygiene tests share: one case
//! per documented EF-45 operation, built from the crate's public request types
//! and sent with the shared transport and a fixed `lock_uid`, plus the client's
//! own session flows (connect on first use, take over, version).
#![allow(dead_code)]

use access_core::http::{Endpoint, Transport};
use access_core::model::CardNumber;
use access_core::testkit::StaticAuth;
use access_core::testkit::hostile::{AnswerShape, CallSettings, Case, EndpointKind};
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

/// The lock the cases present (a secret: it authorises every call).
pub const LOCK: &str = "13dbb896-ed1e-11e6-9822-503f98000109";
pub const LIMIT: usize = 64 * 1024;
/// The PIN of the user-info case.
pub const PIN: &str = "482916";

pub fn transport(
    uri: &str,
    s: &CallSettings,
    http: Option<&access_core::http::HttpClient>,
) -> Transport {
    let mut builder = Transport::builder("ef45");
    if let Some(http) = http {
        builder = builder.shared_http_client(http.clone());
    }
    builder
        .base_url(uri)
        .attempt_timeout(s.attempt_timeout)
        .retry(s.retry.clone())
        .max_response_bytes(s.max_response_bytes)
        .build()
        .unwrap()
}

pub fn client(uri: &str, s: &CallSettings, http: Option<&access_core::http::HttpClient>) -> Client {
    let mut builder = Client::builder();
    if let Some(http) = http {
        builder = builder.shared_http_client(http.clone());
    }
    builder
        .base_url(uri)
        .attempt_timeout(s.attempt_timeout)
        .retry(s.retry.clone())
        .max_response_bytes(s.max_response_bytes)
        .biometric_data_version(BiometricDataVersion::Revised)
        .build()
        .unwrap()
}

/// How the cases send their request: the HTTP client to use, and whether
/// through the shared transport with the fixed [`LOCK`] or through [`Client`]
/// and its lock session (connect on first use, lost-lock recovery).
#[derive(Clone)]
pub struct Via {
    http: Option<access_core::http::HttpClient>,
    session: bool,
}

enum Sender {
    Transport(Transport),
    Client(Client),
}

/// The case of one request, sent with the lock attached. The transport is built
/// before the timed part (building one loads TLS roots, which blocks a while).
fn case<E>(via: &Via, request: impl Fn() -> E + Send + Sync + 'static) -> Case
where
    E: Endpoint + 'static,
    E::Output: AnswerShape,
{
    let Via { http, session } = via.clone();
    let case = Case::of::<E, _, _>(move |uri, s| {
        let request = request();
        let sender = if session {
            Sender::Client(client(&uri, &s, http.as_ref()))
        } else {
            Sender::Transport(transport(&uri, &s, http.as_ref()))
        };
        async move {
            match sender {
                Sender::Transport(transport) => {
                    let auth = StaticAuth::none().query("lock_uid", LOCK);
                    transport.send(&request, Some(&auth)).await
                }
                Sender::Client(client) => client.send(&request).await,
            }
        }
    });
    if session {
        case.through_session()
    } else {
        case
    }
}

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

/// Every operation the crate defines, sent with the shared transport.
pub fn cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    cases_via(Via {
        http,
        session: false,
    })
}

/// Every operation the crate defines, sent through [`Client::send`]: the
/// client's own lock session obtains the lock and handles its loss.
pub fn session_sent_cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    cases_via(Via {
        http,
        session: true,
    })
}

fn cases_via(via: Via) -> Vec<Case> {
    let h = &via;
    vec![
        // camera
        case(h, GetCameraSettings::new),
        case(h, || {
            UpdateCameraSettings::new(CameraSettings::mode(CameraMode::Slave)).unwrap()
        }),
        case(h, || {
            let t = NaiveDate::from_ymd_opt(2026, 3, 1)
                .unwrap()
                .and_hms_opt(8, 30, 0)
                .unwrap();
            SetDeviceTime::new(DeviceTime::new(t).unwrap())
        }),
        case(h, || {
            StartCamera::new(CaptureModes::face_and_both_eyes()).unwrap()
        }),
        case(h, StopCamera::new),
        case(h, || {
            MatchTemplate::new(SeqUid::new("af7f8dba-625f-11e8-bdec-503f98000288").unwrap())
        }),
        case(h, GetPreview::new),
        case(h, DeletePreview::new),
        // device
        case(h, || {
            GetSetting::new("FaceThreshold", SettingType::Float).unwrap()
        }),
        case(h, || {
            SetSetting::new("Volume", SettingValue::Int(7)).unwrap()
        }),
        case(h, || DeviceControl::new("relay", true).unwrap()),
        case(h, StartCardInput::new),
        case(h, TriggerRelay::new),
        case(h, || ClearAntiPassback::new(user("7"))),
        case(h, ClearAllAntiPassback::new),
        // enrolment
        case(h, || GetBiometricData::new(BiometricDataVersion::Revised)),
        case(h, || {
            DeleteBiometricData::new(EncounterId::new("e-1").unwrap())
        }),
        case(h, SaveIrisImage::new),
        case(h, SaveFaceImage::new),
        case(h, || LoadImage::new("lefteye.bmp").unwrap()),
        case(h, || SaveImage::new("lefteye.bmp", b"BM\x00\x01").unwrap()),
        // faces
        case(h, || ListFaces::new(Paging::sized(1, 50).unwrap())),
        case(h, || {
            AddFace::new(Face::new(user("1"), FaceSubId::BlackWhite, "Rg==").unwrap()).unwrap()
        }),
        case(h, || FacesOfUser::new(user("111"))),
        case(h, || {
            GetFace::new(user("111"), FaceSubId::BlackWhite).unwrap()
        }),
        case(h, || {
            DeleteFace::new(user("111"), FaceSubId::BlackWhite).unwrap()
        }),
        // firmware
        case(h, AbortFirmware::new),
        case(h, || UploadFirmwareUnit::new(3, b"EF45").unwrap()),
        case(h, || UploadFirmwareFinal::new(4, b"EF45").unwrap()),
        // lock
        case(h, Connect::new),
        case(h, TakeOver::new),
        case(h, || Disconnect::new(LockUid::new(LOCK).unwrap())),
        case(h, GetVersion::new),
        // logs
        case(h, || ListLogs::new(Paging::sized(1, 20).unwrap())),
        case(h, || LogsInRange::new(68, 74).unwrap()),
        case(h, || {
            LogsFromTo::new(68, 74, Paging::page(1).unwrap()).unwrap()
        }),
        case(h, || GetLog::new(68).unwrap()),
        // recognition
        case(h, GetMatchData::new),
        case(h, || DeleteMatchData::new(EncounterId::new("m1").unwrap())),
        case(h, GetDoorStatus::new),
        // subjects
        case(h, || ListSubjects::new(Paging::sized(2, 10).unwrap())),
        case(h, || GetSubject::new(user("7"))),
        case(h, || SaveSubject::new(subject()).unwrap()),
        case(h, || DeleteSubject::new(user("7"))),
        case(h, || CheckDuplication::new(subject()).unwrap()),
        case(h, GetRecordVersion::new),
        // users
        case(h, || ListUserInfo::new(Paging::page(1).unwrap())),
        case(h, || UserInfoByCard::new(card()).unwrap()),
        case(h, || GetUserInfo::new(user("9"))),
        case(h, || {
            SaveUserInfo::new(
                UserInfo::new(user("9"))
                    .card(card())
                    .pin(access_core::model::Pin::new(PIN).unwrap()),
            )
        }),
        case(h, || DeleteUserInfo::new(user("9"))),
        case(h, || {
            SaveUser::new(User::new(subject()).card(card())).unwrap()
        }),
        case(h, || ListUsers::new(Paging::all())),
        case(h, || GetUser::new(user("1"))),
        case(h, || DeleteUser::new(user("1"))),
    ]
}

/// The client's session flows: the lock is obtained on first use, taken over,
/// and the version asked, all through `Client`.
pub fn session_cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    let (a, b, c) = (http.clone(), http.clone(), http);
    vec![
        Case::of::<GetCameraSettings, _, _>(move |uri, s| {
            let client = client(&uri, &s, a.as_ref());
            async move { client.camera().settings().await }
        })
        .named("client: POST /lock on first use, then GET /camera")
        .through_session(),
        Case::flow(
            "client: PUT /lock (take over)",
            EndpointKind::JsonObject,
            false,
            move |uri, s| {
                let client = client(&uri, &s, b.as_ref());
                async move { client.take_over().await }
            },
        ),
        Case::of::<GetVersion, _, _>(move |uri, s| {
            let client = client(&uri, &s, c.as_ref());
            async move { client.version().await }
        })
        .named("client: GET /version"),
    ]
}
