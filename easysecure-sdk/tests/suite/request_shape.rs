//! One request-shape test per documented endpoint: exact method, path, headers and
//! body, against wiremock with a catch-all that fails loudly.

use std::future::Future;

use access_core::model::{CardNumber, PhoneNumber};
use access_core::testkit::mount_catch_all;
use chrono::NaiveDate;
use easysecure_sdk::auth::{Admin, User};
use easysecure_sdk::logs::{GetLogs, GetLogsMinMaxIds, LogTimeField, NewLogEntry};
use easysecure_sdk::model::{Language, PinCode, TerminalKey};
use easysecure_sdk::profile::{SendSupportMail, SetPicture};
use easysecure_sdk::sync::{AdminSync, GetSyncLogs};
use easysecure_sdk::users::{GetUsers, SyncUserToFirebase, UserUpsert};
use easysecure_sdk::{Client, UserId, WsAltUserId};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ADMIN_TOKEN: &str = "admin-id-token";
const USER_TOKEN: &str = "user-id-token";

fn t(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    server
}

async fn mount_login(server: &MockServer, role: &str, token: &str, company: &str) {
    Mock::given(method("POST"))
        .and(path(format!("/{role}/login")))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"company": company, "email": "api@example.com", "password": "pw-1"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"idToken": token, "refreshToken": format!("{token}-refresh")}),
            ),
        )
        .mount(server)
        .await;
}

async fn admin(server: &MockServer) -> Client<Admin> {
    mount_login(server, "admins", ADMIN_TOKEN, "EasySecure").await;
    Client::builder()
        .base_url(server.uri())
        .login_admin("EasySecure", "api@example.com", "pw-1".to_string().into())
        .await
        .unwrap()
}

async fn user(server: &MockServer) -> Client<User> {
    mount_login(server, "users", USER_TOKEN, "EasySecure").await;
    Client::builder()
        .base_url(server.uri())
        .login_user("EasySecure", "api@example.com", "pw-1".to_string().into())
        .await
        .unwrap()
}

/// Mounts the exact expected request (method, path, Accept, Content-Type,
/// Accept-Language, Bearer token, body), runs `call`, and checks it was sent once.
async fn expect<T, E, Fut>(
    server: &MockServer,
    p: &str,
    token: Option<&str>,
    body: Value,
    answer: Value,
    call: impl FnOnce() -> Fut,
) -> T
where
    Fut: Future<Output = Result<T, E>>,
    E: std::fmt::Debug,
{
    let mut mock = Mock::given(method("POST"))
        .and(path(p))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(header("accept-language", "en"))
        .and(body_json(body));
    if let Some(token) = token {
        mock = mock.and(header("authorization", format!("Bearer {token}").as_str()));
    }
    // Scoped mocks and priorities do not mix in wiremock 0.6 (its mock ids are
    // positions in a list it re-sorts by priority), so each expectation gets a
    // clean server: catch-all, the one expected request, then verify.
    server.reset().await;
    mount_catch_all(server).await;
    mock.respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .named(p.to_string())
        .mount(server)
        .await;
    let out = call().await.unwrap_or_else(|e| panic!("{p}: {e:?}"));
    server.verify().await;
    out
}

#[tokio::test]
async fn login_both_paths_send_company_exactly() {
    let server = server().await;
    // "EasySecure" and "Easysecure" are different companies: sent as given.
    mount_login(&server, "admins", ADMIN_TOKEN, "Easysecure").await;
    let err = Client::builder()
        .base_url(server.uri())
        .login_admin("EASYSECURE", "api@example.com", "pw-1".to_string().into())
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(599),
        "an unexpected company must not match: {err}"
    );
    let a = Client::builder()
        .base_url(server.uri())
        .login_admin("Easysecure", "api@example.com", "pw-1".to_string().into())
        .await;
    assert!(a.is_ok());
    let _u = user(&server).await;
}

#[tokio::test]
async fn language_header_is_configurable() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/admins/login"))
        .and(header("accept-language", "nl"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"idToken": "x", "refreshToken": "y"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Client::builder()
        .base_url(server.uri())
        .language(Language::Nl)
        .login_admin("EasySecure", "api@example.com", "pw".to_string().into())
        .await
        .unwrap();
}

#[tokio::test]
async fn refresh_token_shape() {
    let server = server().await;
    let transport = Client::builder()
        .base_url(server.uri())
        .build_transport()
        .unwrap();
    for role in ["admins", "users"] {
        let p = format!("/{role}/refreshToken");
        let tokens = expect(
            &server,
            &p,
            None,
            json!({"refreshToken": "r-1"}),
            json!({"idToken": "new"}),
            || async {
                if role == "admins" {
                    transport
                        .send(
                            &easysecure_sdk::auth::RefreshToken::<Admin>::new(
                                "r-1".to_string().into(),
                            )
                            .unwrap(),
                            None,
                        )
                        .await
                } else {
                    transport
                        .send(
                            &easysecure_sdk::auth::RefreshToken::<User>::new(
                                "r-1".to_string().into(),
                            )
                            .unwrap(),
                            None,
                        )
                        .await
                }
            },
        )
        .await;
        assert!(tokens.refresh_token.is_none());
    }
}

#[tokio::test]
async fn logout_both_paths() {
    let server = server().await;
    let a = admin(&server).await;
    let u = user(&server).await;
    expect(
        &server,
        "/admins/logout",
        Some(ADMIN_TOKEN),
        json!({}),
        json!({}),
        || a.logout(),
    )
    .await;
    expect(
        &server,
        "/users/logout",
        Some(USER_TOKEN),
        json!({}),
        json!({}),
        || u.logout(),
    )
    .await;
}

#[tokio::test]
async fn password_reset_both_paths() {
    let server = server().await;
    let b = Client::builder().base_url(server.uri());
    let body = json!({"company": "EasySecure", "email": "a@example.com"});
    expect(
        &server,
        "/admins/resetPasswordRequest",
        None,
        body.clone(),
        json!({}),
        || b.request_password_reset::<Admin>("EasySecure", "a@example.com"),
    )
    .await;
    expect(
        &server,
        "/users/resetPasswordRequest",
        None,
        body,
        json!({}),
        || b.request_password_reset::<User>("EasySecure", "a@example.com"),
    )
    .await;
    let body = json!({"token": "tok", "password": "new-pw"});
    expect(
        &server,
        "/admins/resetPassword",
        None,
        body.clone(),
        json!({}),
        || b.reset_password::<Admin>("tok".to_string().into(), "new-pw".to_string().into()),
    )
    .await;
    expect(
        &server,
        "/users/resetPassword",
        None,
        body,
        json!({}),
        || b.reset_password::<User>("tok".to_string().into(), "new-pw".to_string().into()),
    )
    .await;
}

#[tokio::test]
async fn admin_get_logs_shapes() {
    let server = server().await;
    let a = admin(&server).await;
    let answer = json!([{
        "scanID": 7, "Terminal": "TR-1", "TerminalKey": "DUTY IN", "UserID": "E1",
        "Time": "2026-03-02 08:01:02", "LocationId": "2", "LocationName": "HQ",
        "Success": "1", "Terminal Name": "Clock", "LogText": "Verify Success", "new": true
    }]);
    let req = GetLogs::between(t("2026-03-01 00:00:00"), t("2026-03-02 00:00:00"))
        .unwrap()
        .location_id(2)
        .user_id("E1")
        .info_field(3, "Sales")
        .filter_on(LogTimeField::Created)
        .time_registration_only(true);
    let logs = expect(
        &server,
        "/admins/getLogs",
        Some(ADMIN_TOKEN),
        json!({
            "exportTimeFrom": "2026-03-01 00:00:00", "exportTimeTo": "2026-03-02 00:00:00",
            "locationId": 2, "userId": "E1", "infoFieldName": "info3", "infoFieldValue": "Sales",
            "filterOn": "created", "timeregistrationModules": 1
        }),
        answer,
        || a.logs().get(req),
    )
    .await;
    assert_eq!(logs[0].scan_id, Some(7));
    assert_eq!(logs[0].terminal_key, Some(TerminalKey::DutyIn));
    assert_eq!(logs[0].terminal_name.as_deref(), Some("Clock"));
    assert_eq!(logs[0].extra.get("new"), Some(&json!(true)));
    let by_id = GetLogs::id_range(10, 20).unwrap();
    expect(
        &server,
        "/admins/getLogs",
        Some(ADMIN_TOKEN),
        json!({"exportIdFrom": 10, "exportIdTo": 20}),
        json!({"logs": []}),
        || a.logs().get(by_id),
    )
    .await;
}

#[tokio::test]
async fn admin_min_max_and_set_logs() {
    let server = server().await;
    let a = admin(&server).await;
    let r = expect(
        &server,
        "/admins/getLogsMinMaxIds",
        Some(ADMIN_TOKEN),
        json!({}),
        json!({"minId": "3", "maxId": 9}),
        || a.logs().id_range(),
    )
    .await;
    assert_eq!((r.min_id, r.max_id), (Some(3), Some(9)));
    let req =
        GetLogsMinMaxIds::between(t("2026-01-01 00:00:00"), t("2026-01-31 23:59:59")).unwrap();
    expect(
        &server,
        "/admins/getLogsMinMaxIds",
        Some(ADMIN_TOKEN),
        json!({"exportTimeFrom": "2026-01-01 00:00:00", "exportTimeTo": "2026-01-31 23:59:59"}),
        json!({"minId": null, "maxId": null}),
        || a.send(&req),
    )
    .await;
    let entry = NewLogEntry::new(
        WsAltUserId::new("E1").unwrap(),
        "TR-1",
        t("2026-01-02 07:59:00"),
    )
    .unwrap()
    .terminal_key(TerminalKey::In)
    .success(true);
    expect(
        &server,
        "/admins/setLogs",
        Some(ADMIN_TOKEN),
        json!({"logs": [{"wsAltUserId": "E1", "Terminal": "TR-1", "Time": "2026-01-02 07:59:00", "TerminalKey": "IN", "Success": 1}]}),
        json!({"message": "OK"}),
        || a.logs().set(vec![entry]),
    )
    .await;
}

#[tokio::test]
async fn admin_users_shapes() {
    let server = server().await;
    let a = admin(&server).await;
    let users = expect(
        &server,
        "/admins/getUsers",
        Some(ADMIN_TOKEN),
        json!({"page": 2, "userId": 1001, "addTimeToDate": 1}),
        json!([{"UserId": "1001", "wsAltUserId": "E1", "Voornaam": "Anna", "Achternaam": "Vries", "Insertion": "de",
                "PIN": "1234", "GroupS": "Staff;Parking", "info2": "x", "StartDate": "2026-01-01", "ExpireDate": "2030-12-31 23:59:59",
                "TemplatesNr": "0"}]),
        || a.users().page(GetUsers::new().page(2).user_id(UserId::new(1001)).add_time_to_date(true)),
    )
    .await;
    assert_eq!(users[0].groups, vec!["Staff", "Parking"]);
    assert_eq!(users[0].info.get(2), Some("x"));
    assert_eq!(users[0].extra.get("TemplatesNr"), Some(&json!("0")));
    assert!(!format!("{:?}", users[0]).contains("1234"));

    let up = UserUpsert::new(WsAltUserId::new("E1").unwrap())
        .name("Anna", "de Vries")
        .pin(PinCode::new("2468").unwrap())
        .validity(
            Some(t("2026-05-01 14:00:00")),
            Some(t("2026-05-03 11:00:00")),
        )
        .info(1, "Room 12")
        .groups(["Staff", "Parking"], true)
        .card(&CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap())
        .license_plate("XX-123-Y")
        .visitor(true)
        .phone(PhoneNumber::new("+31612345678").unwrap())
        .mobile_key(true);
    expect(
        &server,
        "/admins/setUsers",
        Some(ADMIN_TOKEN),
        json!({"users": [{
            "wsAltUserId": "E1", "Voornaam": "Anna", "Achternaam": "de Vries", "PIN": "2468",
            "StartDate": "2026-05-01 14:00:00", "ExpireDate": "2026-05-03 11:00:00",
            "infoFields": {"info1": "Room 12"}, "groupName": "Staff;Parking", "groupUpdate": 1,
            "cardId": "1708695997", "licensePlate": "XX-123-Y", "isVisitor": 1,
            "phone": "+31612345678", "syncToTapkey": 1
        }]}),
        json!({"message": "OK"}),
        || a.users().upsert(up),
    )
    .await;

    let id: UserId = "1001".parse().unwrap();
    expect(
        &server,
        "/admins/setWsAltUserId",
        Some(ADMIN_TOKEN),
        json!({"userId": 1001, "wsAltUserId": "E1"}),
        json!({}),
        || {
            a.users()
                .set_ws_alt_user_id(id, WsAltUserId::new("E1").unwrap())
        },
    )
    .await;

    let req = SyncUserToFirebase::new(WsAltUserId::new("E1").unwrap())
        .email(access_core::model::EmailAddress::new("anna@example.com").unwrap());
    expect(
        &server,
        "/admins/syncUserToFirebase",
        Some(ADMIN_TOKEN),
        json!({"wsAltUserId": "E1", "email": "anna@example.com"}),
        json!({"message": "OK"}),
        || a.users().sync_to_firebase(req),
    )
    .await;
}

#[tokio::test]
async fn admin_groups_and_sync_shapes() {
    let server = server().await;
    let a = admin(&server).await;
    let groups = expect(
        &server,
        "/admins/getGroups",
        Some(ADMIN_TOKEN),
        json!({}),
        json!([{"GroupId": 11, "GroupName": "Staff"}]),
        || a.groups().list(),
    )
    .await;
    assert_eq!(groups[0].id.as_deref(), Some("11"));
    let started = expect(
        &server,
        "/admins/sync",
        Some(ADMIN_TOKEN),
        json!({"wsAltUserId": "E1", "locationId": 3}),
        json!({"syncId": "s-1"}),
        || {
            a.syncs()
                .start(AdminSync::user(WsAltUserId::new("E1").unwrap()).location_id(3))
        },
    )
    .await;
    assert_eq!(started.sync_id.as_deref(), Some("s-1"));
    expect(
        &server,
        "/admins/sync",
        Some(ADMIN_TOKEN),
        json!({}),
        json!({}),
        || a.syncs().start(AdminSync::all()),
    )
    .await;
    let logs = expect(
        &server,
        "/admins/getSyncLogs",
        Some(ADMIN_TOKEN),
        json!({"syncId": "s-1", "wsAltUserId": "E1"}),
        json!([{"id": 1, "syncId": "s-1", "status": "done"}]),
        || {
            a.syncs().logs(
                GetSyncLogs::new()
                    .sync_id("s-1")
                    .user(WsAltUserId::new("E1").unwrap()),
            )
        },
    )
    .await;
    assert!(logs[0].status.is_final());
}

#[tokio::test]
async fn user_endpoint_shapes() {
    let server = server().await;
    let u = user(&server).await;
    let tok = Some(USER_TOKEN);
    expect(&server, "/users/sync", tok, json!({}), json!({}), || {
        u.syncs().start()
    })
    .await;
    expect(
        &server,
        "/users/setConsent",
        tok,
        json!({"consent": true}),
        json!({}),
        || u.profile().set_consent(true),
    )
    .await;
    expect(
        &server,
        "/users/setLicensePlate",
        tok,
        json!({"licensePlate": "AB-12-CD"}),
        json!({}),
        || u.profile().set_license_plate("AB-12-CD"),
    )
    .await;
    expect(
        &server,
        "/users/setCardPin",
        tok,
        json!({"PIN": "9876"}),
        json!({}),
        || u.profile().set_card_pin(PinCode::new("9876").unwrap()),
    )
    .await;
    let pic = expect(
        &server,
        "/users/getPicture",
        tok,
        json!({}),
        json!({"picture": "AQID", "extension": "png"}),
        || u.profile().picture(),
    )
    .await;
    assert_eq!(pic.bytes().unwrap(), vec![1, 2, 3]);
    expect(
        &server,
        "/users/setPicture",
        tok,
        json!({"action": "set", "picture": "AQID", "extension": "jpg"}),
        json!({}),
        || {
            u.profile()
                .set_picture(SetPicture::upload("face.JPG", &[1, 2, 3]).unwrap())
        },
    )
    .await;
    expect(
        &server,
        "/users/setPicture",
        tok,
        json!({"action": "delete"}),
        json!({}),
        || u.profile().set_picture(SetPicture::delete()),
    )
    .await;
    expect(
        &server,
        "/users/sendSupportMail",
        tok,
        json!({"email": "jan@example.com", "subject": "Card", "message": "Lost my card"}),
        json!({}),
        || {
            u.profile()
                .send_support_mail("jan@example.com", "Card", "Lost my card")
        },
    )
    .await;
    expect(
        &server,
        "/users/changePassword",
        tok,
        json!({"oldPassword": "old", "newPassword": "new"}),
        json!({}),
        || {
            u.profile()
                .change_password("old".to_string().into(), "new".to_string().into())
        },
    )
    .await;
}

#[tokio::test]
async fn refused_before_sending() {
    let server = server().await;
    let a = admin(&server).await;
    let u = user(&server).await;
    // Nothing below reaches the server: the catch-all would answer 599.
    assert!(WsAltUserId::new("  ").is_err());
    assert!("12a".parse::<UserId>().is_err());
    assert!(SetPicture::upload("face.gif", &[1]).is_err());
    assert!(SendSupportMail::new("not-an-email", "s", "m").is_err());
    assert!(GetLogs::between(t("2026-02-01 00:00:00"), t("2026-01-01 00:00:00")).is_err());
    let e = a.users().set(vec![]).await.unwrap_err();
    assert!(matches!(e, access_core::Error::Validation(_)));
    let bad = UserUpsert::new(WsAltUserId::new("E1").unwrap()).validity(
        Some(t("2026-02-01 00:00:00")),
        Some(t("2026-01-01 00:00:00")),
    );
    assert!(matches!(
        a.users().upsert(bad).await,
        Err(access_core::Error::Validation(_))
    ));
    assert!(matches!(
        u.profile().set_license_plate(" ").await,
        Err(access_core::Error::Validation(_))
    ));
    let _ = NaiveDate::from_ymd_opt(2026, 1, 1);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "only the two logins were sent");
}
