//! Request shape of every EasySecure REST endpoint, on both role paths where it
//! has both, as one table that reads like the API article
//! (`../shared/seeds/easysecure-api.txt`, fact sheet `../shared/api/easysecure.md`):
//! per endpoint the request built with a non-default value in every optional
//! field, the method (always POST), the exact path, no query string, the exact
//! JSON body written out by hand, and the credential.
//!
//! The documentation gives the headers of every call: `Content-type:
//! application/json`, `Accept: application/json`, and `Accept-Language` (EN by
//! default), and the credential: the `idToken` "must be set in the HTTP headers
//! for API calls that require the User to be authenticated (format:
//! Authorization: Bearer)". The calls that obtain or restore a session
//! (`login`, `refreshToken`, `resetPasswordRequest`, `resetPassword`, which all
//! take their own credential in the body) carry no `Authorization`; every other
//! call carries the token of its role path. These come from the documentation,
//! not from the SDK's `AUTHENTICATED` constant: each request is sent with the
//! role's session available (`Client::send`, or the client's transport with its
//! session for the session calls), so a wrongly marked endpoint would show a
//! token where none belongs, or none where one does.
//!
//! REST body field names are not in the documentation beyond `login`'s
//! (`company`, `email`, `password`); the SDK takes them from the SOAP
//! equivalents ([I] in the fact sheet). The rows pin them so that any change
//! is seen. The SOAP operations are in `request_shape_soap.rs`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use access_core::http::Endpoint;
use access_core::model::{CardNumber, EmailAddress, PhoneNumber};
use access_core::testkit::mount_catch_all;
use access_core::testkit::shape::{AnswerSlot, single_header};
use chrono::NaiveDate;
use easysecure_sdk::auth::{
    Admin, ChangePassword, Login, LoginCredentials, Logout, RefreshToken, ResetPassword,
    ResetPasswordRequest, RoleEndpoint, User,
};
use easysecure_sdk::groups::GetGroups;
use easysecure_sdk::logs::{GetLogs, GetLogsMinMaxIds, LogTimeField, NewLogEntry, SetLogs};
use easysecure_sdk::model::{Language, LogText, PinCode, TerminalKey};
use easysecure_sdk::profile::{
    GetPicture, SendSupportMail, SetCardPin, SetConsent, SetLicensePlate, SetPicture,
};
use easysecure_sdk::sync::{AdminSync, GetSyncLogs, UserSync};
use easysecure_sdk::users::{GetUsers, SetUsers, SetWsAltUserId, SyncUserToFirebase, UserUpsert};
use easysecure_sdk::{Client, UserId, WsAltUserId};
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ADMIN_TOKEN: &str = "admin-id-token";
const USER_TOKEN: &str = "user-id-token";

fn t(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn alt(s: &str) -> WsAltUserId {
    WsAltUserId::new(s).unwrap()
}

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

// ---- the table's machinery ----

/// The credential of a row, from the documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cred {
    /// `Authorization: Bearer <idToken>` of the admin role path.
    AdminBearer,
    /// `Authorization: Bearer <idToken>` of the user role path.
    UserBearer,
    /// No `Authorization` (the call carries its own credential in the body).
    None,
}

/// One logged-in client per role path.
#[derive(Clone)]
struct Clients {
    admin: Client<Admin>,
    user: Client<User>,
}

type Sent = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
type Sender = Box<dyn Fn(Clients) -> Sent + Send + Sync>;

/// One endpoint on one role path: the request, and its documented shape.
struct Row {
    name: &'static str,
    path: String,
    body: Value,
    cred: Option<Cred>,
    reply: ResponseTemplate,
    send: Sender,
}

fn ok(v: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(v)
}

fn row<E: Endpoint>(send: Sender) -> Row {
    Row {
        name: E::NAME,
        path: String::new(),
        body: Value::Null,
        cred: None,
        reply: ok(json!({"message": "OK"})),
        send,
    }
}

/// An admin-path endpoint, sent with `Client<Admin>::send`; `check` looks at the answer.
fn admin_then<E>(e: E, check: impl Fn(E::Output) + Send + Sync + 'static) -> Row
where
    E: RoleEndpoint<Admin> + 'static,
    E::Error: std::fmt::Debug,
{
    let (e, check) = (Arc::new(e), Arc::new(check));
    row::<E>(Box::new(move |c: Clients| {
        let (e, check) = (e.clone(), check.clone());
        Box::pin(async move {
            check(c.admin.send(&*e).await.map_err(|err| format!("{err:?}"))?);
            Ok(())
        })
    }))
}

fn admin<E>(e: E) -> Row
where
    E: RoleEndpoint<Admin> + 'static,
    E::Error: std::fmt::Debug,
{
    admin_then(e, |_| {})
}

/// A user-path endpoint, sent with `Client<User>::send`; `check` looks at the answer.
fn user_then<E>(e: E, check: impl Fn(E::Output) + Send + Sync + 'static) -> Row
where
    E: RoleEndpoint<User> + 'static,
    E::Error: std::fmt::Debug,
{
    let (e, check) = (Arc::new(e), Arc::new(check));
    row::<E>(Box::new(move |c: Clients| {
        let (e, check) = (e.clone(), check.clone());
        Box::pin(async move {
            check(c.user.send(&*e).await.map_err(|err| format!("{err:?}"))?);
            Ok(())
        })
    }))
}

fn user<E>(e: E) -> Row
where
    E: RoleEndpoint<User> + 'static,
    E::Error: std::fmt::Debug,
{
    user_then(e, |_| {})
}

/// A session call of the admin path, sent on the admin client's transport with
/// its session available (the endpoint's own flag decides whether it is used).
fn admin_session_call<E>(e: E) -> Row
where
    E: Endpoint + 'static,
    E::Error: std::fmt::Debug,
{
    let e = Arc::new(e);
    row::<E>(Box::new(move |c: Clients| {
        let e = e.clone();
        Box::pin(async move {
            c.admin
                .transport()
                .send(&*e, Some(c.admin.session()))
                .await
                .map(|_| ())
                .map_err(|err| format!("{err:?}"))
        })
    }))
}

/// A session call of the user path (see [`admin_session_call`]).
fn user_session_call<E>(e: E) -> Row
where
    E: Endpoint + 'static,
    E::Error: std::fmt::Debug,
{
    let e = Arc::new(e);
    row::<E>(Box::new(move |c: Clients| {
        let e = e.clone();
        Box::pin(async move {
            c.user
                .transport()
                .send(&*e, Some(c.user.session()))
                .await
                .map(|_| ())
                .map_err(|err| format!("{err:?}"))
        })
    }))
}

impl Row {
    fn post(mut self, p: &str) -> Self {
        self.path = p.to_string();
        self
    }
    fn json(mut self, body: Value) -> Self {
        self.body = body;
        self
    }
    fn bearer(mut self) -> Self {
        self.cred = Some(if self.path.starts_with("/admins/") {
            Cred::AdminBearer
        } else {
            Cred::UserBearer
        });
        self
    }
    fn no_token(mut self) -> Self {
        self.cred = Some(Cred::None);
        self
    }
    fn answer(mut self, v: Value) -> Self {
        self.reply = ok(v);
        self
    }
}

/// Compares one received request with its row; every difference is reported.
fn compare(row: &Row, r: &Request, language: &str) -> Vec<String> {
    let mut bad = Vec::new();
    if r.method.as_str() != "POST" {
        bad.push(format!("method {} (expected POST)", r.method));
    }
    if r.url.path() != row.path {
        bad.push(format!("path {} (expected {})", r.url.path(), row.path));
    }
    if let Some(q) = r.url.query() {
        bad.push(format!("query `{q}` (expected none)"));
    }
    let want_auth = match row.cred.expect("every row names its credential") {
        Cred::AdminBearer => Some(format!("Bearer {ADMIN_TOKEN}")),
        Cred::UserBearer => Some(format!("Bearer {USER_TOKEN}")),
        Cred::None => None,
    };
    for (name, want) in [
        ("authorization", want_auth),
        ("accept", Some("application/json".to_string())),
        ("content-type", Some("application/json".to_string())),
        ("accept-language", Some(language.to_string())),
    ] {
        match single_header(r, name) {
            Ok(got) if got == want => {}
            Ok(got) => bad.push(format!("header `{name}` {got:?} (expected {want:?})")),
            Err(e) => bad.push(e),
        }
    }
    match serde_json::from_slice::<Value>(&r.body) {
        Ok(got) if got == row.body => {}
        Ok(got) => bad.push(format!("body\n    {got}\n  expected\n    {}", row.body)),
        Err(e) => bad.push(format!(
            "body is not JSON ({e}): {}",
            String::from_utf8_lossy(&r.body)
        )),
    }
    bad
}

fn tokens(token: &str) -> ResponseTemplate {
    ok(json!({"idToken": token, "refreshToken": format!("{token}-refresh")}))
}

/// Logs in on both role paths, then sends every row and checks that each
/// produced exactly one request of the documented shape.
async fn run(rows: Vec<Row>, language: Language, header_value: &str) {
    let server = MockServer::start().await;
    for (role, token) in [("admins", ADMIN_TOKEN), ("users", USER_TOKEN)] {
        Mock::given(method("POST"))
            .and(path(format!("/{role}/login")))
            .respond_with(tokens(token))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    let slot = AnswerSlot::new(ok(json!({})));
    Mock::given(any())
        .respond_with(slot.clone())
        .with_priority(10)
        .mount(&server)
        .await;
    let builder = || Client::builder().base_url(server.uri()).language(language);
    let clients = Clients {
        admin: builder()
            .login_admin("EasySecure", "api@example.com", secret("pw-1"))
            .await
            .unwrap(),
        user: builder()
            .login_user("EasySecure", "app@example.com", secret("pw-2"))
            .await
            .unwrap(),
    };
    let mut failures = Vec::new();
    for row in &rows {
        slot.set(row.reply.clone());
        let before = server.received_requests().await.unwrap().len();
        let outcome = (row.send)(clients.clone()).await;
        let received = server.received_requests().await.unwrap();
        let new = &received[before..];
        let mut bad = Vec::new();
        if let Err(e) = outcome {
            bad.push(format!("the call failed: {e}"));
        }
        match new {
            [one] => bad.extend(compare(row, one, header_value)),
            _ => bad.push(format!("{} requests sent (expected exactly 1)", new.len())),
        }
        if !bad.is_empty() {
            failures.push(format!(
                "{} ({}):\n  {}",
                row.name,
                row.path,
                bad.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests differ from the documented shape:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

fn credentials(company: &str, email: &str, password: &str) -> LoginCredentials {
    LoginCredentials::new(company, email, secret(password)).unwrap()
}

/// `setUsers`' one user with every setter used.
fn upsert() -> UserUpsert {
    UserUpsert::new(alt("E1"))
        .name("Anna", "de Vries")
        .pin(PinCode::new("2468").unwrap())
        .admin(true)
        .security(true)
        .validity(
            Some(t("2026-05-01 14:00:00")),
            Some(t("2026-05-03 11:00:00")),
        )
        .info(1, "Room 12")
        .info(14, "Floor 3")
        .groups(["Staff", "Parking"], true)
        .card(&CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap())
        .card_custom("C-77")
        .license_plate("XX-123-Y")
        .visitor(true)
        .location_id(4)
        .phone(PhoneNumber::new("+31612345678").unwrap())
        .mobile_key(true)
}

fn upsert_json() -> Value {
    json!({
        "wsAltUserId": "E1", "Voornaam": "Anna", "Achternaam": "de Vries", "PIN": "2468",
        "Admin": 1, "Security": 1,
        "StartDate": "2026-05-01 14:00:00", "ExpireDate": "2026-05-03 11:00:00",
        "infoFields": {"info1": "Room 12", "info14": "Floor 3"},
        "groupName": "Staff;Parking", "groupUpdate": 1,
        "cardId": "1708695997", "cardCustom": "C-77", "licensePlate": "XX-123-Y", "isVisitor": 1,
        "locationID": 4, "phone": "+31612345678", "syncToTapkey": 1
    })
}

// ---- the table ----

/// Every REST endpoint, the five session endpoints on both role paths.
fn table() -> Vec<Row> {
    vec![
        // sessions, both role paths
        admin_session_call(Login::<Admin>::new(credentials(
            "EasySecure",
            "ops@example.com",
            "pw-9",
        )))
        .post("/admins/login")
        .json(json!({"company": "EasySecure", "email": "ops@example.com", "password": "pw-9"}))
        .no_token()
        .answer(json!({"idToken": "x", "refreshToken": "y"})),
        user_session_call(Login::<User>::new(credentials(
            "Easysecure",
            "jan@example.com",
            "pw-8",
        )))
        .post("/users/login")
        .json(json!({"company": "Easysecure", "email": "jan@example.com", "password": "pw-8"}))
        .no_token()
        .answer(json!({"idToken": "x", "refreshToken": "y"})),
        admin_session_call(RefreshToken::<Admin>::new(secret("r-admin")).unwrap())
            .post("/admins/refreshToken")
            .json(json!({"refreshToken": "r-admin"}))
            .no_token()
            .answer(json!({"idToken": "new"})),
        user_session_call(RefreshToken::<User>::new(secret("r-user")).unwrap())
            .post("/users/refreshToken")
            .json(json!({"refreshToken": "r-user"}))
            .no_token()
            .answer(json!({"idToken": "new"})),
        admin_session_call(
            ResetPasswordRequest::<Admin>::new("EasySecure", "a@example.com").unwrap(),
        )
        .post("/admins/resetPasswordRequest")
        .json(json!({"company": "EasySecure", "email": "a@example.com"}))
        .no_token(),
        user_session_call(ResetPasswordRequest::<User>::new("Easysecure", "u@example.com").unwrap())
            .post("/users/resetPasswordRequest")
            .json(json!({"company": "Easysecure", "email": "u@example.com"}))
            .no_token(),
        admin_session_call(ResetPassword::<Admin>::new(secret("tok-a"), secret("new-a")).unwrap())
            .post("/admins/resetPassword")
            .json(json!({"token": "tok-a", "password": "new-a"}))
            .no_token(),
        user_session_call(ResetPassword::<User>::new(secret("tok-u"), secret("new-u")).unwrap())
            .post("/users/resetPassword")
            .json(json!({"token": "tok-u", "password": "new-u"}))
            .no_token(),
        // admin
        admin_then(
            GetLogs::between(t("2026-03-01 00:00:00"), t("2026-03-02 00:00:00"))
                .unwrap()
                .location_id(2)
                .user_id("E1")
                .info_field(3, "Sales")
                .filter_on(LogTimeField::Created)
                .time_registration_only(true),
            |logs| {
                assert_eq!(logs[0].scan_id, Some(7));
                assert_eq!(logs[0].terminal_key, Some(TerminalKey::DutyIn));
                assert_eq!(logs[0].terminal_name.as_deref(), Some("Clock"));
            },
        )
        .post("/admins/getLogs")
        .json(json!({
            "exportTimeFrom": "2026-03-01 00:00:00", "exportTimeTo": "2026-03-02 00:00:00",
            "locationId": 2, "userId": "E1", "infoFieldName": "info3", "infoFieldValue": "Sales",
            "filterOn": "created", "timeregistrationModules": 1
        }))
        .bearer()
        .answer(json!([{
            "scanID": 7, "Terminal": "TR-1", "TerminalKey": "DUTY IN", "UserID": "E1",
            "Time": "2026-03-02 08:01:02", "LocationId": "2", "LocationName": "HQ",
            "Success": "1", "Terminal Name": "Clock", "LogText": "Verify Success", "new": true
        }])),
        admin(
            GetLogs::id_range(10, 20)
                .unwrap()
                .filter_on(LogTimeField::EventTime)
                .time_registration_only(false),
        )
        .post("/admins/getLogs")
        .json(json!({"exportIdFrom": 10, "exportIdTo": 20, "filterOn": "event_time", "timeregistrationModules": 0}))
        .bearer()
        .answer(json!({"logs": []})),
        admin_then(GetLogsMinMaxIds::new(), |r| {
            assert_eq!((r.min_id, r.max_id), (Some(3), Some(9)))
        })
        .post("/admins/getLogsMinMaxIds")
        .json(json!({}))
        .bearer()
        .answer(json!({"minId": "3", "maxId": 9})),
        admin(
            GetLogsMinMaxIds::between(t("2026-01-01 00:00:00"), t("2026-01-31 23:59:59"))
                .unwrap(),
        )
        .post("/admins/getLogsMinMaxIds")
        .json(json!({"exportTimeFrom": "2026-01-01 00:00:00", "exportTimeTo": "2026-01-31 23:59:59"}))
        .bearer()
        .answer(json!({"minId": null, "maxId": null})),
        admin(
            SetLogs::new(vec![
                NewLogEntry::new(alt("E1"), "TR-1", t("2026-01-02 07:59:00"))
                    .unwrap()
                    .terminal_key(TerminalKey::In)
                    .success(true)
                    .log_text(LogText::VerifySuccess),
                NewLogEntry::new(alt("E2"), "TR-2", t("2026-01-02 17:01:00"))
                    .unwrap()
                    .terminal_key(TerminalKey::DutyOut)
                    .success(false),
            ])
            .unwrap(),
        )
        .post("/admins/setLogs")
        .json(json!({"logs": [
            {"wsAltUserId": "E1", "Terminal": "TR-1", "Time": "2026-01-02 07:59:00", "TerminalKey": "IN",
             "Success": 1, "LogText": "Verify Success"},
            {"wsAltUserId": "E2", "Terminal": "TR-2", "Time": "2026-01-02 17:01:00", "TerminalKey": "DUTY OUT",
             "Success": 0}
        ]}))
        .bearer(),
        admin_then(
            GetUsers::new()
                .page(2)
                .location_id(5)
                .user_id(UserId::new(1001))
                .add_time_to_date(true),
            |users| {
                assert_eq!(users[0].groups, vec!["Staff", "Parking"]);
                assert!(!format!("{:?}", users[0]).contains("1234"));
            },
        )
        .post("/admins/getUsers")
        .json(json!({"page": 2, "locationId": 5, "userId": 1001, "addTimeToDate": 1}))
        .bearer()
        .answer(json!([{"UserId": "1001", "wsAltUserId": "E1", "Voornaam": "Anna", "Achternaam": "Vries",
            "Insertion": "de", "PIN": "1234", "GroupS": "Staff;Parking", "info2": "x",
            "StartDate": "2026-01-01", "ExpireDate": "2030-12-31 23:59:59", "TemplatesNr": "0"}])),
        admin(GetUsers::new())
            .post("/admins/getUsers")
            .json(json!({}))
            .bearer()
            .answer(json!([])),
        admin(SetUsers::new(vec![upsert(), UserUpsert::new(alt("E2")).clear_pin().remove_card()]).unwrap())
            .post("/admins/setUsers")
            .json(json!({"users": [upsert_json(), {"wsAltUserId": "E2", "PIN": "", "cardId": "Remove"}]}))
            .bearer(),
        admin(SetWsAltUserId::new(UserId::new(1001), alt("E1")))
            .post("/admins/setWsAltUserId")
            .json(json!({"userId": 1001, "wsAltUserId": "E1"}))
            .bearer(),
        admin(
            SyncUserToFirebase::new(alt("E1"))
                .email(EmailAddress::new("anna@example.com").unwrap()),
        )
        .post("/admins/syncUserToFirebase")
        .json(json!({"wsAltUserId": "E1", "email": "anna@example.com"}))
        .bearer(),
        admin_then(GetGroups::new().location_id(3), |g| {
            assert_eq!(g[0].id.as_deref(), Some("11"))
        })
        .post("/admins/getGroups")
        .json(json!({"locationId": 3}))
        .bearer()
        .answer(json!([{"GroupId": 11, "GroupName": "Staff"}])),
        admin(GetGroups::new())
            .post("/admins/getGroups")
            .json(json!({}))
            .bearer()
            .answer(json!([])),
        admin_then(AdminSync::user(alt("E1")).location_id(3), |s| {
            assert_eq!(s.sync_id.as_deref(), Some("s-1"))
        })
        .post("/admins/sync")
        .json(json!({"wsAltUserId": "E1", "locationId": 3}))
        .bearer()
        .answer(json!({"syncId": "s-1"})),
        admin(AdminSync::user_id(UserId::new(1001)))
            .post("/admins/sync")
            .json(json!({"userId": 1001}))
            .bearer(),
        admin(AdminSync::all())
            .post("/admins/sync")
            .json(json!({}))
            .bearer(),
        admin_then(
            GetSyncLogs::new()
                .sync_id("s-1")
                .user(alt("E1"))
                .between(t("2026-02-01 00:00:00"), t("2026-02-02 12:30:00")),
            |logs| assert!(logs[0].status.is_final()),
        )
        .post("/admins/getSyncLogs")
        .json(json!({"syncId": "s-1", "wsAltUserId": "E1",
                     "exportTimeFrom": "2026-02-01 00:00:00", "exportTimeTo": "2026-02-02 12:30:00"}))
        .bearer()
        .answer(json!([{"id": 1, "syncId": "s-1", "status": "done"}])),
        // user
        user(UserSync::new())
            .post("/users/sync")
            .json(json!({}))
            .bearer(),
        user(SetConsent::new(true))
            .post("/users/setConsent")
            .json(json!({"consent": true}))
            .bearer(),
        user(SetLicensePlate::new("AB-12-CD").unwrap())
            .post("/users/setLicensePlate")
            .json(json!({"licensePlate": "AB-12-CD"}))
            .bearer(),
        user(SetCardPin::new(PinCode::new("9876").unwrap()))
            .post("/users/setCardPin")
            .json(json!({"PIN": "9876"}))
            .bearer(),
        user_then(GetPicture::new(), |p| assert_eq!(p.bytes().unwrap(), vec![1, 2, 3]))
            .post("/users/getPicture")
            .json(json!({}))
            .bearer()
            .answer(json!({"picture": "AQID", "extension": "png"})),
        user(SetPicture::upload("face.JPG", &[1, 2, 3]).unwrap())
            .post("/users/setPicture")
            .json(json!({"action": "set", "picture": "AQID", "extension": "jpg"}))
            .bearer(),
        user(SetPicture::delete())
            .post("/users/setPicture")
            .json(json!({"action": "delete"}))
            .bearer(),
        user(SendSupportMail::new("jan@example.com", "Card", "Lost my card").unwrap())
            .post("/users/sendSupportMail")
            .json(json!({"email": "jan@example.com", "subject": "Card", "message": "Lost my card"}))
            .bearer(),
        user(ChangePassword::new(secret("old"), secret("new")).unwrap())
            .post("/users/changePassword")
            .json(json!({"oldPassword": "old", "newPassword": "new"}))
            .bearer(),
        // logout last, on both role paths
        admin(Logout::<Admin>::new())
            .post("/admins/logout")
            .json(json!({}))
            .bearer(),
        user(Logout::<User>::new())
            .post("/users/logout")
            .json(json!({}))
            .bearer(),
    ]
}

/// The REST endpoints: 18 single-path ones and 5 on both role paths.
const ALL_REST_ENDPOINTS: usize = 28;

#[tokio::test]
async fn every_rest_endpoint_sends_the_documented_request() {
    let rows = table();
    let mut paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(
        paths.len(),
        ALL_REST_ENDPOINTS,
        "one row per endpoint and role path: {paths:#?}"
    );
    run(rows, Language::En, "en").await;
}

#[tokio::test]
async fn every_rest_endpoint_carries_the_configured_language() {
    run(table(), Language::Nl, "nl").await;
    run(table(), Language::De, "de").await;
}

/// The client's own flows: `login_admin`/`login_user` and the two password
/// reset helpers send the documented body without `Authorization`.
#[tokio::test]
async fn client_flows_send_the_documented_requests() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(tokens("t-1"))
        .mount(&server)
        .await;
    let b = || Client::builder().base_url(server.uri());
    b().login_admin("EasySecure", "api@example.com", secret("pw-1"))
        .await
        .unwrap();
    b().login_user("Easysecure", "app@example.com", secret("pw-2"))
        .await
        .unwrap();
    b().request_password_reset::<Admin>("EasySecure", "a@example.com")
        .await
        .unwrap();
    b().request_password_reset::<User>("EasySecure", "u@example.com")
        .await
        .unwrap();
    b().reset_password::<Admin>(secret("tok"), secret("new-pw"))
        .await
        .unwrap();
    b().reset_password::<User>(secret("tok-2"), secret("new-pw-2"))
        .await
        .unwrap();
    let noop = |_: Clients| -> Sent { Box::pin(async { Ok(()) }) };
    let expected = [
        (
            "/admins/login",
            json!({"company": "EasySecure", "email": "api@example.com", "password": "pw-1"}),
        ),
        (
            "/users/login",
            json!({"company": "Easysecure", "email": "app@example.com", "password": "pw-2"}),
        ),
        (
            "/admins/resetPasswordRequest",
            json!({"company": "EasySecure", "email": "a@example.com"}),
        ),
        (
            "/users/resetPasswordRequest",
            json!({"company": "EasySecure", "email": "u@example.com"}),
        ),
        (
            "/admins/resetPassword",
            json!({"token": "tok", "password": "new-pw"}),
        ),
        (
            "/users/resetPassword",
            json!({"token": "tok-2", "password": "new-pw-2"}),
        ),
    ];
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), expected.len(), "{received:#?}");
    for ((p, body), r) in expected.into_iter().zip(&received) {
        let row = row::<GetGroups>(Box::new(noop))
            .post(p)
            .json(body)
            .no_token();
        let bad = compare(&row, r, "en");
        assert!(bad.is_empty(), "{p}: {}", bad.join("; "));
    }
}

#[tokio::test]
async fn login_sends_the_company_exactly_as_given() {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    // "EasySecure" and "Easysecure" are different companies: sent as given.
    Mock::given(method("POST"))
        .and(path("/admins/login"))
        .and(body_json(
            json!({"company": "Easysecure", "email": "api@example.com", "password": "pw-1"}),
        ))
        .respond_with(tokens(ADMIN_TOKEN))
        .mount(&server)
        .await;
    let err = Client::builder()
        .base_url(server.uri())
        .login_admin("EASYSECURE", "api@example.com", secret("pw-1"))
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(599),
        "an unexpected company must not match: {err}"
    );
    Client::builder()
        .base_url(server.uri())
        .login_admin("Easysecure", "api@example.com", secret("pw-1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn refused_before_sending() {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    for role in ["admins", "users"] {
        Mock::given(method("POST"))
            .and(path(format!("/{role}/login")))
            .and(header("accept", "application/json"))
            .respond_with(tokens(ADMIN_TOKEN))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    let a = Client::builder()
        .base_url(server.uri())
        .login_admin("EasySecure", "api@example.com", secret("pw-1"))
        .await
        .unwrap();
    let u = Client::builder()
        .base_url(server.uri())
        .login_user("EasySecure", "api@example.com", secret("pw-1"))
        .await
        .unwrap();
    // Nothing below reaches the server: the catch-all would answer 599.
    assert!(WsAltUserId::new("  ").is_err());
    assert!("12a".parse::<UserId>().is_err());
    assert!(SetPicture::upload("face.gif", &[1]).is_err());
    assert!(SendSupportMail::new("not-an-email", "s", "m").is_err());
    assert!(GetLogs::between(t("2026-02-01 00:00:00"), t("2026-01-01 00:00:00")).is_err());
    let e = a.users().set(vec![]).await.unwrap_err();
    assert!(matches!(e, access_core::Error::Validation(_)));
    let bad = UserUpsert::new(alt("E1")).validity(
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
