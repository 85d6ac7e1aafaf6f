//! Every row of the seed's error table maps to its typed variant, on both role
//! paths; unknown and translated messages keep status and text.

use std::sync::atomic::{AtomicUsize, Ordering};

use access_core::testkit::mount_catch_all;
use access_core::{Error, ErrorKind};
use easysecure_sdk::auth::{
    Admin, ChangePasswordError, LoginError, LogoutError, RefreshToken, RefreshTokenError,
    ResetPasswordError, ResetPasswordRequestError, User,
};
use easysecure_sdk::logs::{
    GetLogs, GetLogsError, GetLogsMinMaxIdsError, NewLogEntry, SetLogsError,
};
use easysecure_sdk::model::PinCode;
use easysecure_sdk::profile::{
    GetPictureError, SendSupportMailError, SetCardPinError, SetConsentError, SetLicensePlateError,
    SetPicture, SetPictureError,
};
use easysecure_sdk::sync::{AdminSync, AdminSyncError, GetSyncLogs, GetSyncLogsError};
use easysecure_sdk::users::{
    GetUsers, GetUsersError, SetUsersError, SetWsAltUserIdError, SyncUserToFirebase,
    SyncUserToFirebaseError, UserUpsert,
};
use easysecure_sdk::{Client, WsAltUserId};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static ROWS_CHECKED: AtomicUsize = AtomicUsize::new(0);

async fn fail(server: &MockServer, p: &str, status: u16, message: &str) {
    // A clean server per row: wiremock 0.6's scoped mocks misbehave with priorities.
    server.reset().await;
    mount_catch_all(server).await;
    // Alternate the two documented forms of `code`: quoted and numeric.
    let n = ROWS_CHECKED.load(Ordering::Relaxed);
    let code = if n.is_multiple_of(2) {
        json!(status.to_string())
    } else {
        json!(status)
    };
    Mock::given(method("POST"))
        .and(path(p))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_json(json!({"message": message, "url": format!("https://api.easysecure.cloud{p}"), "code": code})),
        )
        .expect(1)
        .mount(server)
        .await
}

macro_rules! rows {
    ($server:expr, $path:expr, $call:expr, [$(($status:literal, $msg:literal, $pat:pat)),* $(,)?]) => {
        $(
            {
                fail(&$server, $path, $status, $msg).await;
                let err = $call.await.unwrap_err();
                assert!(
                    matches!(err.service_error(), Some($pat)),
                    "{} {} {:?} gave {err:?}", $path, $status, $msg
                );
                assert_eq!(err.status(), Some($status));
                assert!(err.to_string().contains($msg), "{err}");
                $server.verify().await;
                ROWS_CHECKED.fetch_add(1, Ordering::Relaxed);
            }
        )*
    };
}

async fn setup() -> (MockServer, Client<Admin>, Client<User>) {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    for role in ["admins", "users"] {
        Mock::given(method("POST"))
            .and(path(format!("/{role}/login")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"idToken": "t", "refreshToken": "r"})),
            )
            .with_priority(5)
            .mount(&server)
            .await;
    }
    let admin = Client::builder()
        .base_url(server.uri())
        .login_admin("EasySecure", "a@example.com", "pw".to_string().into())
        .await
        .unwrap();
    let user = Client::builder()
        .base_url(server.uri())
        .login_user("EasySecure", "u@example.com", "pw".to_string().into())
        .await
        .unwrap();
    (server, admin, user)
}

fn ws() -> WsAltUserId {
    WsAltUserId::new("E1").unwrap()
}

fn t() -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str("2026-01-01 00:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

#[tokio::test]
async fn every_row_of_the_error_table() {
    let (server, admin, user) = setup().await;
    let b = || Client::builder().base_url(server.uri());
    let transport = b().build_transport().unwrap();

    for p in ["/admins/login", "/users/login"] {
        let login = || async {
            if p == "/admins/login" {
                b().login_admin("EasySecure", "a@example.com", "pw".to_string().into())
                    .await
                    .map(|_| ())
            } else {
                b().login_user("EasySecure", "a@example.com", "pw".to_string().into())
                    .await
                    .map(|_| ())
            }
        };
        rows!(
            server,
            p,
            login(),
            [
                (
                    404,
                    "Invalid Login Credentials",
                    LoginError::InvalidLoginCredentials { .. }
                ),
                (
                    500,
                    "Incorrect EasySecure setup",
                    LoginError::IncorrectSetup { .. }
                ),
                (
                    500,
                    "It is currently not possible to create a new account/user",
                    LoginError::CannotCreateAccount { .. }
                ),
                (500, "Can not save data", LoginError::CannotSaveData { .. }),
                (
                    500,
                    "It is currently not possible to delete the account",
                    LoginError::CannotDeleteAccount { .. }
                ),
                (
                    500,
                    "Unknown exception",
                    LoginError::UnknownException { .. }
                ),
                (
                    500,
                    "Firebase unknown exception",
                    LoginError::FirebaseUnknownException { .. }
                ),
            ]
        );
    }
    rows!(
        server,
        "/admins/refreshToken",
        transport.send(
            &RefreshToken::<Admin>::new("r".to_string().into()).unwrap(),
            None
        ),
        [
            (
                400,
                "Required field missing",
                RefreshTokenError::RequiredFieldMissing { .. }
            ),
            (
                401,
                "Invalid refresh token",
                RefreshTokenError::InvalidRefreshToken { .. }
            ),
        ]
    );
    rows!(
        server,
        "/users/refreshToken",
        transport.send(
            &RefreshToken::<User>::new("r".to_string().into()).unwrap(),
            None
        ),
        [
            (
                400,
                "Required field missing",
                RefreshTokenError::RequiredFieldMissing { .. }
            ),
            (
                401,
                "Invalid refresh token",
                RefreshTokenError::InvalidRefreshToken { .. }
            ),
        ]
    );
    rows!(
        server,
        "/admins/resetPasswordRequest",
        b().request_password_reset::<Admin>("C", "a@example.com"),
        [
            (
                500,
                "Passwords request email not sent",
                ResetPasswordRequestError::EmailNotSent { .. }
            ),
            (
                500,
                "Can not save data",
                ResetPasswordRequestError::CannotSaveData { .. }
            ),
        ]
    );
    rows!(
        server,
        "/users/resetPasswordRequest",
        b().request_password_reset::<User>("C", "a@example.com"),
        [
            (
                500,
                "Passwords request email not sent",
                ResetPasswordRequestError::EmailNotSent { .. }
            ),
            (
                500,
                "Can not save data",
                ResetPasswordRequestError::CannotSaveData { .. }
            ),
        ]
    );
    rows!(
        server,
        "/admins/resetPassword",
        b().reset_password::<Admin>("t".to_string().into(), "p".to_string().into()),
        [
            (
                500,
                "Passwords request token used",
                ResetPasswordError::TokenUsed { .. }
            ),
            (
                500,
                "It is currently not possible to change the password",
                ResetPasswordError::CannotChangePassword { .. }
            ),
            (
                500,
                "Can not save data",
                ResetPasswordError::CannotSaveData { .. }
            ),
        ]
    );
    rows!(
        server,
        "/users/resetPassword",
        b().reset_password::<User>("t".to_string().into(), "p".to_string().into()),
        [
            (
                500,
                "Passwords request token used",
                ResetPasswordError::TokenUsed { .. }
            ),
            (
                500,
                "It is currently not possible to change the password",
                ResetPasswordError::CannotChangePassword { .. }
            ),
            (
                500,
                "Can not save data",
                ResetPasswordError::CannotSaveData { .. }
            ),
        ]
    );

    rows!(
        server,
        "/admins/getLogs",
        admin.logs().get(GetLogs::id_range(1, 2).unwrap()),
        [(
            400,
            "Incorrect filter",
            GetLogsError::IncorrectFilter { .. }
        ),]
    );
    rows!(
        server,
        "/admins/getLogsMinMaxIds",
        admin.logs().id_range(),
        [(
            400,
            "Incorrect format",
            GetLogsMinMaxIdsError::IncorrectFormat { .. }
        ),]
    );
    rows!(
        server,
        "/admins/setUsers",
        admin.users().upsert(UserUpsert::new(ws())),
        [
            (
                400,
                "Required field missing",
                SetUsersError::RequiredFieldMissing { .. }
            ),
            (
                400,
                "wsAltUserId needs to have a value. Cannot be empty",
                SetUsersError::WsAltUserIdEmpty { .. }
            ),
            (
                400,
                "Incorrect format",
                SetUsersError::IncorrectFormat { .. }
            ),
        ]
    );
    rows!(
        server,
        "/admins/sync",
        admin.syncs().start(AdminSync::user(ws())),
        [
            (404, "User not found", AdminSyncError::UserNotFound { .. }),
            (
                404,
                "User not linked to location",
                AdminSyncError::UserNotLinkedToLocation { .. }
            ),
        ]
    );
    rows!(
        server,
        "/admins/getSyncLogs",
        admin.syncs().logs(GetSyncLogs::new()),
        [(
            400,
            "Incorrect format",
            GetSyncLogsError::IncorrectFormat { .. }
        ),]
    );
    rows!(
        server,
        "/admins/getUsers",
        admin.users().page(GetUsers::new()),
        [(
            500,
            "Info label function not found",
            GetUsersError::InfoLabelFunctionNotFound { .. }
        ),]
    );
    rows!(
        server,
        "/admins/syncUserToFirebase",
        admin
            .users()
            .sync_to_firebase(SyncUserToFirebase::new(ws())),
        [
            (
                400,
                "Required field missing",
                SyncUserToFirebaseError::RequiredFieldMissing { .. }
            ),
            (
                500,
                "Info label function not found",
                SyncUserToFirebaseError::InfoLabelFunctionNotFound { .. }
            ),
            (
                500,
                "User already registered in Firebase",
                SyncUserToFirebaseError::AlreadyRegistered { .. }
            ),
            (
                500,
                "Passwords request email not sent",
                SyncUserToFirebaseError::EmailNotSent { .. }
            ),
            (
                500,
                "Can not save data",
                SyncUserToFirebaseError::CannotSaveData { .. }
            ),
        ]
    );
    rows!(
        server,
        "/admins/setLogs",
        admin
            .logs()
            .set(vec![NewLogEntry::new(ws(), "TR", t()).unwrap()]),
        [(
            400,
            "Required field missing",
            SetLogsError::RequiredFieldMissing { .. }
        ),]
    );
    rows!(
        server,
        "/admins/setWsAltUserId",
        admin.users().set_ws_alt_user_id("5".parse().unwrap(), ws()),
        [
            (
                400,
                "Required field missing",
                SetWsAltUserIdError::RequiredFieldMissing { .. }
            ),
            (
                404,
                "The user id needs to be integer",
                SetWsAltUserIdError::UserIdNotInteger { .. }
            ),
        ]
    );

    rows!(
        server,
        "/users/setConsent",
        user.profile().set_consent(true),
        [
            (
                400,
                "Required field missing",
                SetConsentError::RequiredFieldMissing { .. }
            ),
            (
                500,
                "Value already set",
                SetConsentError::ValueAlreadySet { .. }
            ),
            (
                500,
                "Can not save data",
                SetConsentError::CannotSaveData { .. }
            ),
        ]
    );
    rows!(
        server,
        "/users/setLicensePlate",
        user.profile().set_license_plate("AB-1"),
        [
            (
                400,
                "Required field missing",
                SetLicensePlateError::RequiredFieldMissing { .. }
            ),
            (
                403,
                "No permission",
                SetLicensePlateError::NoPermission { .. }
            ),
            (
                500,
                "Can not save data",
                SetLicensePlateError::CannotSaveData { .. }
            ),
        ]
    );
    rows!(
        server,
        "/users/setCardPin",
        user.profile().set_card_pin(PinCode::new("1234").unwrap()),
        [
            (
                400,
                "Required field missing",
                SetCardPinError::RequiredFieldMissing { .. }
            ),
            (403, "No permission", SetCardPinError::NoPermission { .. }),
            (
                500,
                "Can not save data",
                SetCardPinError::CannotSaveData { .. }
            ),
        ]
    );
    rows!(
        server,
        "/users/getPicture",
        user.profile().picture(),
        [(
            404,
            "Picture not found",
            GetPictureError::PictureNotFound { .. }
        ),]
    );
    rows!(
        server,
        "/users/setPicture",
        user.profile()
            .set_picture(SetPicture::upload("png", &[1]).unwrap()),
        [
            (
                400,
                "Required field missing",
                SetPictureError::RequiredFieldMissing { .. }
            ),
            (
                403,
                "User did not give GDPR consent",
                SetPictureError::NoGdprConsent { .. }
            ),
            (403, "No permission", SetPictureError::NoPermission { .. }),
            (
                500,
                "No action selected",
                SetPictureError::NoActionSelected { .. }
            ),
            (
                500,
                "Picture extension not supported",
                SetPictureError::ExtensionNotSupported { .. }
            ),
        ]
    );
    rows!(
        server,
        "/users/sendSupportMail",
        user.profile().send_support_mail("a@example.com", "s", "m"),
        [
            (
                400,
                "Required field missing",
                SendSupportMailError::RequiredFieldMissing { .. }
            ),
            (
                400,
                "Invalid email",
                SendSupportMailError::InvalidEmail { .. }
            ),
            (
                500,
                "Support request email not sent",
                SendSupportMailError::EmailNotSent { .. }
            ),
        ]
    );
    rows!(
        server,
        "/users/changePassword",
        user.profile()
            .change_password("a".to_string().into(), "b".to_string().into()),
        [
            (
                400,
                "Required field missing",
                ChangePasswordError::RequiredFieldMissing { .. }
            ),
            (
                500,
                "It is currently not possible to change the password",
                ChangePasswordError::CannotChangePassword { .. }
            ),
        ]
    );

    // Last: a logout forgets the session even when revoking failed.
    rows!(
        server,
        "/admins/logout",
        admin.logout(),
        [(
            500,
            "Can't revoke token from Firebase",
            LogoutError::CannotRevokeToken { .. }
        ),]
    );
    rows!(
        server,
        "/users/logout",
        user.logout(),
        [(
            500,
            "Can't revoke token from Firebase",
            LogoutError::CannotRevokeToken { .. }
        ),]
    );

    // The seed's table has 67 rows over both role paths.
    assert_eq!(ROWS_CHECKED.load(Ordering::Relaxed), 67);
    // Every row the macro generated is one the test checked (shared enums count per path).
    let rows_in_enums = LoginError::ROWS.len() * 2
        + RefreshTokenError::ROWS.len() * 2
        + LogoutError::ROWS.len() * 2
        + ResetPasswordRequestError::ROWS.len() * 2
        + ResetPasswordError::ROWS.len() * 2
        + GetLogsError::ROWS.len()
        + GetLogsMinMaxIdsError::ROWS.len()
        + SetUsersError::ROWS.len()
        + AdminSyncError::ROWS.len()
        + GetSyncLogsError::ROWS.len()
        + GetUsersError::ROWS.len()
        + SyncUserToFirebaseError::ROWS.len()
        + SetLogsError::ROWS.len()
        + SetWsAltUserIdError::ROWS.len()
        + SetConsentError::ROWS.len()
        + SetLicensePlateError::ROWS.len()
        + SetCardPinError::ROWS.len()
        + GetPictureError::ROWS.len()
        + SetPictureError::ROWS.len()
        + SendSupportMailError::ROWS.len()
        + ChangePasswordError::ROWS.len();
    assert_eq!(rows_in_enums, 67);
}

#[tokio::test]
async fn unknown_translated_and_foreign_answers() {
    let (server, admin, _user) = setup().await;
    // An undocumented message keeps status and text.
    fail(&server, "/admins/getUsers", 500, "Database on fire").await;
    let err = admin.users().page(GetUsers::new()).await.unwrap_err();
    match err.service_error() {
        Some(GetUsersError::Unknown {
            status, message, ..
        }) => {
            assert_eq!(*status, 500);
            assert_eq!(message, "Database on fire");
        }
        other => panic!("{other:?}"),
    }
    // A Dutch text (Accept-Language: nl) is not in the table: Unknown, text kept.
    fail(&server, "/admins/sync", 404, "Gebruiker niet gevonden").await;
    let err = admin.syncs().start(AdminSync::all()).await.unwrap_err();
    assert!(
        matches!(err.service_error(), Some(AdminSyncError::Unknown { message, .. }) if message == "Gebruiker niet gevonden")
    );
    assert_eq!(err.kind(), ErrorKind::NotFound);
    // A documented text with another status is not that row.
    fail(&server, "/admins/sync", 500, "User not found").await;
    let err = admin.syncs().start(AdminSync::all()).await.unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(AdminSyncError::Unknown { .. })
    ));
    // An HTML page from a proxy is not an EasySecure error.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/admins/getGroups"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>Bad gateway</html>"))
        .mount(&server)
        .await;
    let err = admin.groups().list().await.unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 500, .. }),
        "{err:?}"
    );
}

#[test]
fn kinds_follow_the_rows() {
    use access_core::ErrorDetails;
    let row =
        |status: u16, message: &str| ErrorDetails::new(status, Some(status.to_string()), message);
    assert_eq!(
        access_core::ServiceError::kind(&LoginError::from_details(row(
            404,
            "Invalid Login Credentials"
        ))),
        ErrorKind::Auth
    );
    assert_eq!(
        access_core::ServiceError::kind(&SetConsentError::from_details(row(
            500,
            "Value already set"
        ))),
        ErrorKind::Conflict
    );
    assert_eq!(
        access_core::ServiceError::kind(&GetPictureError::from_details(row(
            404,
            "Picture not found"
        ))),
        ErrorKind::NotFound
    );
    assert_eq!(
        access_core::ServiceError::kind(&SetUsersError::from_details(row(
            400,
            "wsAltUserId needs to have a value. Cannot be empty"
        ))),
        ErrorKind::InvalidInput
    );
    assert!(matches!(
        LoginError::from_details(ErrorDetails::new(404, None, " invalid login credentials ")),
        LoginError::InvalidLoginCredentials { .. }
    ));
}

/// `code()`/`message()` read EasySecure's `code` and `message`, on the error
/// and on its typed variant.
#[tokio::test]
async fn code_and_message_read_the_vendors_text() {
    let (server, admin, _user) = setup().await;
    let text = "User not linked to location";
    Mock::given(method("POST"))
        .and(path("/admins/sync"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"message": text, "url": "/admins/sync", "code": 404})),
        )
        .mount(&server)
        .await;
    let err = admin.syncs().start(AdminSync::all()).await.unwrap_err();
    assert_eq!((err.code(), err.message()), (Some("404"), Some(text)));
    let service = err.service_error().unwrap();
    assert!(matches!(
        service,
        AdminSyncError::UserNotLinkedToLocation { status: 404, .. }
    ));
    assert_eq!(access_core::ServiceError::code(service), Some("404"));
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

/// `users().find` reads the list through the pager: a server answering the
/// same page forever ends the search with `Error::Paging`.
#[tokio::test]
async fn find_on_a_server_repeating_a_page_ends() {
    let (server, admin, _user) = setup().await;
    let users: Vec<_> = (1..=1000)
        .map(|i| json!({"UserId": i.to_string(), "wsAltUserId": format!("E{i}")}))
        .collect();
    Mock::given(method("POST"))
        .and(path("/admins/getUsers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(users))
        .mount(&server)
        .await;
    let nobody = WsAltUserId::new("nobody").unwrap();
    let err = admin.users().find(&nobody).await.unwrap_err();
    assert!(matches!(err, Error::Paging(_)), "{err:?}");
}
