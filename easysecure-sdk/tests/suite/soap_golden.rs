//! Golden tests: the exact request envelope of every ESWS operation, compared
//! byte for byte with files written from the vendor's documented sample shape
//! (`tests/golden/soap/<function>.xml`), plus the method, path and headers.
#![cfg(all(feature = "soap", feature = "testkit"))]

use access_core::SecretString;
use access_core::model::CardNumber;
use access_core::testkit::mount_catch_all;
use chrono::NaiveDateTime;
use easysecure_sdk::model::PinCode;
use easysecure_sdk::soap::SoapClient;
use easysecure_sdk::soap::logs::{FilterOn, GetLogs};
use easysecure_sdk::soap::sync::{GetSyncToken, SyncStatus};
use easysecure_sdk::soap::users::{CardChange, DeleteOutcome, UpdateUserAltId, UserFields};
use easysecure_sdk::{UserId, WsAltUserId};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "^4p;tU0Q+#dEIhTWkuj5FnLD^aOLqVu0";

fn golden(function: &str) -> String {
    let p = format!(
        "{}/tests/golden/soap/{function}.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn answer(function: &str, ret: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"uen:esws\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><SOAP-ENV:Body><ns1:Esws.{function}Response>{ret}</ns1:Esws.{function}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
        ),
        "text/xml; charset=utf-8",
    )
}

fn text(t: &str) -> String {
    format!("<return xsi:type=\"xsd:string\">{t}</return>")
}

async fn setup(function: &str, ret: String) -> (MockServer, SoapClient) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webservicesesws"))
        .and(header("content-type", "text/xml; charset=utf-8"))
        .and(header("accept", "text/xml"))
        .and(header(
            "soapaction",
            format!("\"uen:esws#Esws.{function}\"").as_str(),
        ))
        .and(body_string(golden(function)))
        .respond_with(answer(function, &ret))
        .expect(1)
        .mount(&server)
        .await;
    mount_catch_all(&server).await;
    let client = SoapClient::builder(SecretString::from(KEY.to_string()))
        .base_url(format!("{}/webservicesesws", server.uri()))
        .build()
        .unwrap();
    (server, client)
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn alt() -> WsAltUserId {
    WsAltUserId::new("EMP-0042").unwrap()
}

fn fields() -> UserFields {
    let mut f = UserFields::new()
        .name("Ren\u{e9}e", "de Vries")
        .pin(PinCode::new("1234").unwrap())
        .validity(at("2024-02-01 08:00:00"), at("2024-12-31 23:59:00"))
        .groups(["Staff", "Time registration"])
        .card(CardChange::Remove)
        .license_plate("AB-123-C")
        .info(1, "Kitchen <B>");
    f.admin = Some(false);
    f.group_update = Some(true);
    f
}

#[tokio::test]
async fn get_users_page() {
    let (_s, c) = setup(
        "getUsers",
        "<return SOAP-ENC:arrayType=\"tns:getUsersObject[1]\" xsi:type=\"SOAP-ENC:Array\"><item xsi:type=\"tns:getUsersObject\"><UserId xsi:type=\"xsd:string\">1001</UserId><PIN>1234</PIN><Achternaam>Jansen</Achternaam><Insertion></Insertion><Voornaam>Jan</Voornaam><Admin>0</Admin><Security>1</Security><StartDate>2024-01-01</StartDate><ExpireDate>2030-12-31</ExpireDate><info1>Kitchen</info1><GroupS>Staff;Time registration</GroupS><TemplatesNr>2</TemplatesNr><SomethingNew>x</SomethingNew></item></return>".into(),
    )
    .await;
    let users = c.users().page(2).await.unwrap();
    assert_eq!(users.len(), 1);
    let u = &users[0];
    assert_eq!(u.user_id.as_deref(), Some("1001"));
    assert_eq!(u.first_name.as_deref(), Some("Jan"));
    assert_eq!(u.groups, vec!["Staff", "Time registration"]);
    assert_eq!(u.security, Some(true));
    assert_eq!(u.info.get(1), Some("Kitchen"));
    assert_eq!(
        u.extra.get("SomethingNew").and_then(|v| v.as_str()),
        Some("x")
    );
    assert!(!format!("{u:?}").contains("1234"), "PIN must be redacted");
}

#[tokio::test]
async fn get_users_page_nr() {
    let (_s, c) = setup("getUsersPageNr", text("3")).await;
    assert_eq!(c.users().page_count().await.unwrap(), 3);
}

#[tokio::test]
async fn get_groups_tolerates_the_documented_sample_quirks() {
    // The vendor's sample answer: arrayType says getUsersObject, items are getGroupsObject.
    let (_s, c) = setup("getGroups", "<return xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"tns:getUsersObject[1]\"><item xsi:type=\"tns:getGroupsObject\"><GroupId xsi:type=\"xsd:string\">1</GroupId><GroupName xsi:type=\"xsd:string\">Group 1</GroupName></item><item xsi:type=\"tns:getGroupsObject\"><GroupId xsi:type=\"xsd:string\">10</GroupId><GroupName xsi:type=\"xsd:string\">Group 2</GroupName></item></return>".into()).await;
    let groups = c.groups().list().await.unwrap();
    let names: Vec<_> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Group 1", "Group 2"]);
    assert_eq!(groups[1].id.as_deref(), Some("10"));
}

#[tokio::test]
async fn get_logs_with_every_filter() {
    let (_s, c) = setup("getLogs", "<return SOAP-ENC:arrayType=\"tns:getLogsObject[1]\" xsi:type=\"SOAP-ENC:Array\"><item><scanID>500123</scanID><Terminal>TR-2001</Terminal><TerminalKey>DUTY IN</TerminalKey><UserID>EMP-1</UserID><Time>2024-01-02 08:01:02</Time><LocationId>3</LocationId><LocationName>HQ</LocationName><Success>1</Success><TerminalName>Clock</TerminalName><LogText>Verify Success</LogText></item></return>".into()).await;
    let op = GetLogs::new(
        c.key(),
        at("2024-01-01 00:00:00"),
        at("2024-01-31 23:59:59"),
    )
    .unwrap()
    .location(3)
    .info_field(2, "Sales & Marketing")
    .filter_on(FilterOn::Created)
    .time_registration_only(true);
    let logs = c.send(&op).await.unwrap();
    assert_eq!(logs[0].scan_id, Some(500123));
    assert_eq!(
        logs[0].terminal_key,
        Some(easysecure_sdk::model::TerminalKey::DutyIn)
    );
    assert_eq!(logs[0].success, Some(true));
}

#[tokio::test]
async fn get_logs_by_id_no_record_is_empty() {
    let (_s, c) = setup("getLogsById", "<return SOAP-ENC:arrayType=\"tns:getLogsObject[1]\" xsi:type=\"SOAP-ENC:Array\"><item><scanID></scanID><Terminal>-1 NO RECORD</Terminal></item></return>".into()).await;
    assert!(c.logs().by_id(500001, 510000).await.unwrap().is_empty());
}

#[tokio::test]
async fn update_user() {
    let (_s, c) = setup("updateUser", text("OK")).await;
    let reply = c.users().update(UserId::new(1001), fields()).await.unwrap();
    assert_eq!(reply.message, "OK");
}

#[tokio::test]
async fn update_user_alt_id() {
    let (_s, c) = setup("updateUserAltId", text("OK")).await;
    let op = UpdateUserAltId::new(c.key(), alt(), fields())
        .unwrap()
        .phone("+31612345678")
        .sync_to_tapkey(true);
    c.send(&op).await.unwrap();
}

#[tokio::test]
async fn update_card_from_hex_pairs() {
    let (_s, c) = setup("updateCard", text("OK")).await;
    c.cards()
        .set(alt(), &CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_user() {
    let (_s, c) = setup("deleteUser", text("User has been deleted")).await;
    assert_eq!(
        c.users().delete(UserId::new(1001)).await.unwrap(),
        DeleteOutcome::Deleted
    );
}

#[tokio::test]
async fn set_qr() {
    let (_s, c) = setup("setQR", text("aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY")).await;
    let qr = c.qr_codes().set(alt()).await.unwrap();
    assert_eq!(qr.expose().len(), 32);
    assert!(!format!("{qr:?}").contains("aB3d"));
}

#[tokio::test]
async fn get_qr_null_is_none() {
    let (_s, c) = setup("getQR", "<return xsi:nil=\"true\"/>".into()).await;
    assert!(c.qr_codes().get(alt()).await.unwrap().is_none());
}

#[tokio::test]
async fn delete_qr() {
    let (_s, c) = setup("deleteQR", text("OK")).await;
    c.qr_codes().delete(alt()).await.unwrap();
}

#[tokio::test]
async fn get_sync_token() {
    let (_s, c) = setup("getSyncToken", text("tok123")).await;
    let op = GetSyncToken::new(
        c.key(),
        "admin@example.com",
        SecretString::from("s3cret&pw".to_string()),
        UserId::new(1001),
    )
    .unwrap()
    .location(2);
    assert!(!format!("{op:?}").contains("s3cret"));
    let token = c.send(&op).await.unwrap();
    assert_eq!(token.expose(), "tok123");
    assert!(!format!("{token:?}").contains("tok123"));
}

#[tokio::test]
async fn auto_sync_and_status() {
    let (s, c) = setup("autoSync", text("TOKEN64")).await;
    Mock::given(method("POST"))
        .and(path("/webservicesesws"))
        .and(header("soapaction", "\"uen:esws#Esws.getSyncStatus\""))
        .and(body_string(golden("getSyncStatus")))
        .respond_with(answer("getSyncStatus", &text("DONE")))
        .mount(&s)
        .await;
    let op = c.syncs().auto_sync(2, None).await.unwrap();
    let status = op
        .wait(&access_core::PollPolicy::every(
            std::time::Duration::from_millis(10),
            std::time::Duration::from_secs(5),
        ))
        .await
        .unwrap();
    assert_eq!(status, SyncStatus::Done("DONE".into()));
}
