//! The endpoint table the robustness and secret-hygiene tests share: one case
//! per documented EasySecure endpoint (REST on both role paths, and every SOAP
//! operation), built from the crate's public request types and sent with the
//! shared transport and a fixed token, plus the client's login flows.
#![allow(dead_code)]

use access_core::http::{Endpoint, Transport};
use access_core::model::{CardNumber, PhoneNumber};
use access_core::testkit::StaticAuth;
use access_core::testkit::hostile::{AnswerShape, CallSettings, Case, EndpointKind};
use easysecure_sdk::auth::{Admin, User};
use easysecure_sdk::auth::{
    ChangePassword, Login, LoginCredentials, Logout, RefreshToken, ResetPassword,
    ResetPasswordRequest,
};
use easysecure_sdk::groups::GetGroups;
use easysecure_sdk::logs::{GetLogs, GetLogsMinMaxIds, NewLogEntry, SetLogs};
use easysecure_sdk::model::PinCode;
use easysecure_sdk::profile::{
    GetPicture, SendSupportMail, SetCardPin, SetConsent, SetLicensePlate, SetPicture,
};
use easysecure_sdk::soap;
use easysecure_sdk::sync::{AdminSync, GetSyncLogs, UserSync};
use easysecure_sdk::users::{GetUsers, SetUsers, SetWsAltUserId, SyncUserToFirebase, UserUpsert};
use easysecure_sdk::{Client, UserId, WsAltUserId};
use secrecy::SecretString;

/// The bearer token the REST cases present.
pub const TOKEN: &str = "id.tok/+=&<>\"'%\\ 7f3a9c";
/// The password of the login cases.
pub const PASSWORD: &str = "pä55/+=&<>\"'%\\ robust-✓";
/// The SOAP company key (in every SOAP body).
pub const COMPANY_KEY: &str = "cömpany/+=&<>\"'%\\ key-5d2e";
/// The refresh token of the refresh cases.
pub const REFRESH: &str = "refresh/+=&<>\"'%\\ 0b7c-é";
/// A user's PIN, carried by `setUsers`, `setCardPin` and SOAP `updateUser`.
pub const PIN: &str = "24681357";
pub const LIMIT: usize = 64 * 1024;

pub fn transport(
    uri: &str,
    s: &CallSettings,
    http: Option<&access_core::http::HttpClient>,
) -> Transport {
    let mut builder = Transport::builder("easysecure");
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

/// The case of one request, sent with the bearer token attached (the transport
/// ignores it for unauthenticated endpoints). The transport is built before the
/// timed part (building one loads TLS roots, which blocks a while).
fn case<E>(
    http: &Option<access_core::http::HttpClient>,
    request: impl Fn() -> E + Send + Sync + 'static,
) -> Case
where
    E: Endpoint + 'static,
    E::Output: AnswerShape,
{
    let http = http.clone();
    Case::of::<E, _, _>(move |uri, s| {
        let transport = transport(&uri, &s, http.as_ref());
        let request = request();
        async move {
            let auth = StaticAuth::none().header("authorization", format!("Bearer {TOKEN}"));
            transport.send(&request, Some(&auth)).await
        }
    })
}

/// The case of one ESWS operation (its answer is an envelope whatever its
/// output type). The company key travels in the body, so no credential is attached.
fn soap_case<E>(
    http: &Option<access_core::http::HttpClient>,
    request: impl Fn() -> E + Send + Sync + 'static,
) -> Case
where
    E: Endpoint + 'static,
{
    let http = http.clone();
    Case::soap::<E, _, _>(move |uri, s| {
        let transport = transport(&uri, &s, http.as_ref());
        let request = request();
        async move {
            let auth = StaticAuth::none().header("authorization", format!("Bearer {TOKEN}"));
            transport.send(&request, Some(&auth)).await
        }
    })
}

fn t(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn alt() -> WsAltUserId {
    WsAltUserId::new("E1").unwrap()
}

fn credentials() -> LoginCredentials {
    LoginCredentials::new(
        "EasySecure",
        "api@example.com",
        SecretString::from(PASSWORD),
    )
    .unwrap()
}

fn key() -> soap::CompanyKey {
    soap::CompanyKey::new(SecretString::from(COMPANY_KEY)).unwrap()
}

/// Every REST endpoint, on both role paths where it has both.
pub fn rest_cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    let h = &http;
    vec![
        // sessions, both role paths
        case(h, || Login::<Admin>::new(credentials())),
        case(h, || Login::<User>::new(credentials())),
        case(h, || {
            RefreshToken::<Admin>::new(SecretString::from(REFRESH)).unwrap()
        }),
        case(h, || {
            RefreshToken::<User>::new(SecretString::from(REFRESH)).unwrap()
        }),
        case(h, Logout::<Admin>::new),
        case(h, Logout::<User>::new),
        case(h, || {
            ResetPasswordRequest::<Admin>::new("EasySecure", "api@example.com").unwrap()
        }),
        case(h, || {
            ResetPasswordRequest::<User>::new("EasySecure", "api@example.com").unwrap()
        }),
        case(h, || {
            ResetPassword::<Admin>::new(SecretString::from(REFRESH), SecretString::from(PASSWORD))
                .unwrap()
        }),
        case(h, || {
            ResetPassword::<User>::new(SecretString::from(REFRESH), SecretString::from(PASSWORD))
                .unwrap()
        }),
        case(h, || {
            ChangePassword::new(SecretString::from(PASSWORD), SecretString::from("new-pw-1"))
                .unwrap()
        }),
        // admin
        case(h, GetGroups::new),
        case(h, || {
            GetLogs::between(t("2026-01-01 00:00:00"), t("2026-01-31 23:59:59")).unwrap()
        }),
        case(h, GetLogsMinMaxIds::new),
        case(h, || {
            SetLogs::new(vec![
                NewLogEntry::new(alt(), "TR-1", t("2026-01-02 07:59:00")).unwrap(),
            ])
            .unwrap()
        }),
        case(h, GetUsers::new),
        case(h, || {
            SetUsers::one(
                UserUpsert::new(alt())
                    .pin(PinCode::new(PIN).unwrap())
                    .phone(PhoneNumber::new("+31612345678").unwrap()),
            )
            .unwrap()
        }),
        case(h, || SetWsAltUserId::new(UserId::new(1001), alt())),
        case(h, || SyncUserToFirebase::new(alt())),
        case(h, || AdminSync::user(alt())),
        case(h, GetSyncLogs::new),
        // user
        case(h, || SetConsent::new(true)),
        case(h, || SetLicensePlate::new("AB-12-CD").unwrap()),
        case(h, || SetCardPin::new(PinCode::new(PIN).unwrap())),
        case(h, GetPicture::new),
        case(h, || SetPicture::upload("face.JPG", &[1, 2, 3]).unwrap()),
        case(h, || {
            SendSupportMail::new("jan@example.com", "Card", "Lost my card").unwrap()
        }),
        case(h, UserSync::new),
    ]
}

/// Every SOAP operation (the company key travels in every body).
pub fn soap_cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    use soap::{cards, faces, groups, logs, qr, sync, users};
    let h = &http;
    vec![
        soap_case(h, || users::GetUsers::new(&key()).page(1)),
        soap_case(h, || users::GetUsersPageNr::new(&key())),
        soap_case(h, || users::GetUserId::new(&key(), alt())),
        soap_case(h, || users::GetMultipleUsersIds2::new(&key(), alt())),
        soap_case(h, || {
            users::GetUsersByInfoField::new(&key(), 2, "x").unwrap()
        }),
        soap_case(h, || groups::GetGroups::new(&key())),
        soap_case(h, || {
            logs::GetLogs::new(&key(), t("2024-01-01 00:00:00"), t("2024-01-31 23:59:59")).unwrap()
        }),
        soap_case(h, || logs::GetLogsById::new(&key(), 1, 100).unwrap()),
        soap_case(h, || {
            users::UpdateUser::new(
                &key(),
                UserId::new(1001),
                users::UserFields::new()
                    .name("A", "B")
                    .pin(PinCode::new(PIN).unwrap()),
            )
            .unwrap()
        }),
        soap_case(h, || {
            users::UpdateUser2::new(
                &key(),
                UserId::new(1001),
                users::UserFields::new().name("A", "B"),
            )
            .unwrap()
            .group_ids([1])
        }),
        soap_case(h, || {
            users::UpdateUserContractor::new(
                &key(),
                UserId::new(1001),
                4711,
                "Bouw & Co",
                users::UserFields::new().name("A", "B"),
            )
            .unwrap()
        }),
        soap_case(h, || {
            users::UpdateUserAltId::new(&key(), alt(), users::UserFields::new().name("A", "B"))
                .unwrap()
        }),
        soap_case(h, || {
            cards::UpdateCard::new(
                &key(),
                alt(),
                &CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap(),
            )
            .unwrap()
        }),
        soap_case(h, || {
            users::DeleteUser::new(&key(), UserId::new(1001)).unwrap()
        }),
        soap_case(h, || {
            faces::DeletePictureAndTemplates::new(&key(), alt(), true, true).unwrap()
        }),
        soap_case(h, || {
            faces::ImageToFaceTemplate::new(
                &key(),
                UserId::new(1001),
                vec![0xff, 0xd8, 0xff],
                faces::ImageFormat::Png,
                faces::FaceDevice {
                    ip: std::net::Ipv4Addr::new(10, 0, 0, 9),
                    port: 51211,
                    did: 42,
                },
            )
            .unwrap()
        }),
        soap_case(h, || qr::SetQr::new(&key(), alt())),
        soap_case(h, || qr::GetQr::new(&key(), alt())),
        soap_case(h, || qr::DeleteQr::new(&key(), alt())),
        soap_case(h, || {
            sync::GetSyncToken::new(
                &key(),
                "admin@example.com",
                SecretString::from(PASSWORD),
                UserId::new(1001),
            )
            .unwrap()
        }),
        soap_case(h, || {
            sync::GetTotalSyncToken::new(&key(), "admin@example.com", SecretString::from(PASSWORD))
                .unwrap()
        }),
        soap_case(h, || sync::SyncEsiScd::new(&key(), 3).unwrap()),
        soap_case(h, || {
            sync::AutoSync::new(&key(), 3)
                .unwrap()
                .user(UserId::new(1001))
        }),
        soap_case(h, || {
            sync::GetSyncStatus::new(&key(), sync::SyncToken::new("tok-1").unwrap())
        }),
    ]
}

/// Every endpoint of the crate.
pub fn cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    let mut all = rest_cases(http.clone());
    all.extend(soap_cases(http));
    all
}

/// The client's login flows on both role paths (build, login, first call).
pub fn session_cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    let (a, b) = (http.clone(), http);
    vec![
        Case::flow(
            "client: POST /admins/login, then POST /admins/getGroups",
            EndpointKind::JsonList,
            false,
            move |uri, s| {
                let mut builder = Client::builder();
                if let Some(h) = a.as_ref() {
                    builder = builder.shared_http_client(h.clone());
                }
                let builder = builder
                    .base_url(uri)
                    .attempt_timeout(s.attempt_timeout)
                    .retry(s.retry.clone())
                    .max_response_bytes(s.max_response_bytes);
                async move {
                    let client = builder
                        .login_admin(
                            "EasySecure",
                            "api@example.com",
                            SecretString::from(PASSWORD),
                        )
                        .await
                        .map_err(|e| e.erase())?;
                    client.send(&GetGroups::new()).await.map_err(|e| e.erase())
                }
            },
        ),
        Case::flow(
            "client: POST /users/login",
            EndpointKind::JsonObject,
            false,
            move |uri, s| {
                let mut builder = Client::builder();
                if let Some(h) = b.as_ref() {
                    builder = builder.shared_http_client(h.clone());
                }
                let builder = builder
                    .base_url(uri)
                    .attempt_timeout(s.attempt_timeout)
                    .retry(s.retry.clone())
                    .max_response_bytes(s.max_response_bytes);
                async move {
                    builder
                        .login_user(
                            "EasySecure",
                            "api@example.com",
                            SecretString::from(PASSWORD),
                        )
                        .await
                }
            },
        ),
    ]
}
