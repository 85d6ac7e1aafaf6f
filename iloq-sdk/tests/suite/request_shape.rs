//! Request shape of every iLOQ endpoint, as one table that reads like iLOQ's
//! own reference (`../shared/api/iloq-openapi.md`, ENK): per endpoint the
//! request built with a non-default value in every optional field, the method,
//! the exact path, the whole query string (as an ordered list of pairs), the
//! exact JSON body written out by hand with iLOQ's JSON names, and where the
//! credential goes.
//!
//! Each request is sent through [`Client::send`] (so the session header is the
//! one the client attaches, not one the test adds) to a wiremock server that
//! answers everything; the request the server received is then compared field
//! by field. Credentials come from the vendor's documentation, not from the
//! SDK's `AUTHENTICATED` constant: iLOQ's README says "send the header
//! `SessionId` on every call after CreateSession", so every endpoint carries it
//! except `Url/GetUrl` and `CreateSession` (which establish the session) and
//! the connection test `Test` and `Version` (no user rights, callable before a
//! session; ENK AuthenticationApi). With the API Gateway, `x-api-key` goes on
//! every request, those four included.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use access_core::http::Endpoint;
use access_core::model::{EmailAddress, PhoneNumber};
use access_core::testkit::shape::{AnswerSlot, check_json_body, check_target, single_header};
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use iloq_sdk::auth::*;
use iloq_sdk::blacklists::*;
use iloq_sdk::calendars::*;
use iloq_sdk::key_phones::*;
use iloq_sdk::key_tags::*;
use iloq_sdk::keys::*;
use iloq_sdk::lock_logs::*;
use iloq_sdk::locks::*;
use iloq_sdk::network_modules::*;
use iloq_sdk::person_roles::*;
use iloq_sdk::persons::*;
use iloq_sdk::security_accesses::*;
use iloq_sdk::security_roles::*;
use iloq_sdk::time_limits::*;
use iloq_sdk::webhooks::*;
use iloq_sdk::*;
use secrecy::SecretString;
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SID: &str = "3f2b8a52-0c47-4e57-9f40-5d0f3c1e2a11";
const LG: &str = "9a1e6f44-1111-4222-8333-944455556666";
const PASSWORD: &str = "pa55-w0rd-secret";
const GATEWAY_KEY: &str = "gw-key-7a1c";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0xabcd_0000_0000_4000_8000_0000_0000_0000 + n)
}

fn k() -> KeyId {
    KeyId::new(id(7))
}

fn pid() -> PersonId {
    PersonId::new(id(5))
}

fn lock() -> LockId {
    LockId::new(id(30))
}

fn zone() -> ZoneId {
    ZoneId::new(id(9))
}

fn title() -> TimeLimitTitleId {
    TimeLimitTitleId::new(id(50))
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
}

// ---- the table's machinery ----

/// Where the session credential must be, from iLOQ's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cred {
    /// `SessionId: <SessionID>` header.
    Session,
    /// No session header (the calls that set the session up, and `Test`/`Version`).
    NoSession,
}

type Sent = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
type Sender = Box<dyn Fn(Client) -> Sent + Send + Sync>;

/// One endpoint: the request, and what iLOQ documents it must look like.
struct Row {
    name: &'static str,
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    cred: Option<Cred>,
    reply: ResponseTemplate,
    send: Sender,
}

/// A row for `e`; `check` looks at the decoded answer.
fn ep_then<E>(e: E, check: impl Fn(E::Output) + Send + Sync + 'static) -> Row
where
    E: Endpoint + 'static,
    E::Error: std::fmt::Debug,
{
    let e = Arc::new(e);
    let check = Arc::new(check);
    Row {
        name: E::NAME,
        method: "",
        path: String::new(),
        query: Vec::new(),
        body: None,
        cred: None,
        reply: ResponseTemplate::new(204),
        send: Box::new(move |client: Client| {
            let (e, check) = (e.clone(), check.clone());
            Box::pin(async move {
                let out = client.send(&*e).await.map_err(|err| format!("{err:?}"))?;
                check(out);
                Ok(())
            })
        }),
    }
}

/// An expected request that the table does not send itself (the login flow).
fn seen() -> Row {
    Row {
        name: "(sent by the client)",
        method: "",
        path: String::new(),
        query: Vec::new(),
        body: None,
        cred: None,
        reply: ResponseTemplate::new(204),
        send: Box::new(|_| Box::pin(async { Ok(()) })),
    }
}

fn ep<E>(e: E) -> Row
where
    E: Endpoint + 'static,
    E::Error: std::fmt::Debug,
{
    ep_then(e, |_| {})
}

impl Row {
    fn at(mut self, m: &'static str, p: impl Into<String>) -> Self {
        self.method = m;
        self.path = p.into();
        self
    }
    fn get(self, p: impl Into<String>) -> Self {
        self.at("GET", p)
    }
    fn post(self, p: impl Into<String>) -> Self {
        self.at("POST", p)
    }
    fn put(self, p: impl Into<String>) -> Self {
        self.at("PUT", p)
    }
    fn delete(self, p: impl Into<String>) -> Self {
        self.at("DELETE", p)
    }
    fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self
    }
    fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    fn session(mut self) -> Self {
        self.cred = Some(Cred::Session);
        self
    }
    fn no_session(mut self) -> Self {
        self.cred = Some(Cred::NoSession);
        self
    }
    fn reply(mut self, reply: ResponseTemplate) -> Self {
        self.reply = reply;
        self
    }
    fn answer(self, v: Value) -> Self {
        self.reply(ResponseTemplate::new(200).set_body_json(v))
    }
}

/// Compares one received request with its row; every difference is reported.
fn compare(row: &Row, r: &Request, gateway: Option<&str>) -> Vec<String> {
    let mut bad = Vec::new();
    check_target(r, row.method, &row.path, &mut bad);
    if row.query.is_empty() {
        if let Some(q) = r.url.query() {
            bad.push(format!("query `{q}` (expected none)"));
        }
    } else {
        let got: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
        if got != row.query {
            bad.push(format!("query {got:?} (expected {:?})", row.query));
        }
    }
    let session = single_header(r, "sessionid");
    match (row.cred.expect("every row names its credential"), session) {
        (_, Err(e)) => bad.push(e),
        (Cred::Session, Ok(Some(v))) if v == SID => {}
        (Cred::Session, Ok(other)) => bad.push(format!("SessionId {other:?} (expected {SID})")),
        (Cred::NoSession, Ok(None)) => {}
        (Cred::NoSession, Ok(Some(v))) => bad.push(format!("SessionId `{v}` sent (expected none)")),
    }
    match (single_header(r, "x-api-key"), gateway) {
        (Err(e), _) => bad.push(e),
        (Ok(got), want) if got.as_deref() == want => {}
        (Ok(got), want) => bad.push(format!("x-api-key {got:?} (expected {want:?})")),
    }
    if r.headers.contains_key("authorization") {
        bad.push("an Authorization header (iLOQ documents none)".into());
    }
    check_json_body(r, row.body.as_ref(), &mut bad);
    bad
}

/// A server that sets a session up (`GetUrl` answers nothing, so the service
/// address stays the pool) and answers everything else from the slot.
async fn server() -> (MockServer, AnswerSlot) {
    let server = MockServer::start().await;
    let ok = |v: Value| ResponseTemplate::new(200).set_body_json(v);
    Mock::given(method("POST"))
        .and(path("/api/v2/Url/GetUrl"))
        .respond_with(ok(json!("")))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/CreateSession"))
        .respond_with(ok(json!({"Result": 1, "SessionID": SID})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/LockGroups"))
        .respond_with(ok(json!([{
            "LockGroup_ID": LG, "Customer_ID": id(1), "Name": "HQ", "OptionMask": 1 | 2048 | 16384, "State": 0,
            "AdapterVersion": 1, "TimeZoneStandardName": "W. Europe Standard Time"
        }])))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/SetLockgroup"))
        .respond_with(ok(json!({"RightsMask": 34359738368u64 | 1})))
        .with_priority(1)
        .mount(&server)
        .await;
    let slot = AnswerSlot::new(ResponseTemplate::new(204));
    Mock::given(any())
        .respond_with(slot.clone())
        .with_priority(10)
        .mount(&server)
        .await;
    (server, slot)
}

fn client(server: &MockServer, gateway: Option<&str>) -> Client {
    let mut b = Client::builder()
        .base_url(server.uri())
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from(PASSWORD));
    if let Some(key) = gateway {
        b = b.api_key(SecretString::from(key));
    }
    b.build().unwrap()
}

/// Sends every row (after a login) and checks that each produced exactly one
/// request of the documented shape; all differences are reported together.
async fn run(rows: Vec<Row>, gateway: Option<&str>) {
    let (server, slot) = server().await;
    let client = client(&server, gateway);
    client.login().await.unwrap();
    let mut failures = Vec::new();
    for row in &rows {
        slot.set(row.reply.clone());
        let before = server.received_requests().await.unwrap().len();
        let outcome = (row.send)(client.clone()).await;
        let received = server.received_requests().await.unwrap();
        let new = &received[before..];
        let mut bad = Vec::new();
        if let Err(e) = outcome {
            bad.push(format!("the call failed: {e}"));
        }
        match new {
            [one] => bad.extend(compare(row, one, gateway)),
            _ => bad.push(format!("{} requests sent (expected exactly 1)", new.len())),
        }
        if !bad.is_empty() {
            failures.push(format!("{}:\n  {}", row.name, bad.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} endpoints differ from iLOQ's documented request:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

// ---- requests with every optional field filled ----

fn person() -> Person {
    let mut p = Person::new("E-1001")
        .unwrap()
        .name("Ada", "Lovelace")
        .external_id("EXT-1001")
        .email("ada@example.org")
        .phone("+358401110001");
    p.id = pid();
    p.phone2 = Some("+358401110002".into());
    p.phone3 = Some("+358401110003".into());
    p.address = Some("Kauppakatu 1".into());
    p.zip_code = Some("00100".into());
    p.post_office = Some("Helsinki".into());
    p.country = Some("FI".into());
    p.company_name = Some("Analytical Engines".into());
    p.work_title = Some("Engineer".into());
    p.contact_info = Some("desk 4".into());
    p.description = Some("night shift".into());
    p.language_code = Some("fi".into());
    p.employment_end = Some(Utc.with_ymd_and_hms(2030, 6, 30, 0, 0, 0).unwrap());
    p.external_can_edit = false;
    p.state = PersonState::NotInUse;
    p
}

/// `PersonInsert` / `PersonUpdate`: all 21 documented fields.
fn person_json() -> Value {
    json!({
        "Person_ID": id(5), "FirstName": "Ada", "LastName": "Lovelace", "PersonCode": "E-1001",
        "ExternalPersonId": "EXT-1001", "eMail": "ada@example.org",
        "Phone1": "+358401110001", "Phone2": "+358401110002", "Phone3": "+358401110003",
        "Address": "Kauppakatu 1", "ZipCode": "00100", "PostOffice": "Helsinki", "Country": "FI",
        "CompanyName": "Analytical Engines", "WorkTitle": "Engineer", "ContactInfo": "desk 4",
        "Description": "night shift", "LanguageCode": "fi", "EmploymentEndDate": "2030-06-30T00:00:00Z",
        "ExternalCanEdit": false, "State": 1
    })
}

fn person_without_code() -> Person {
    let mut p = person();
    p.person_code = Some(String::new());
    p
}

fn person_json_without_code() -> Value {
    let mut v = person_json();
    v["PersonCode"] = json!("");
    v
}

/// A key as `GET /Keys/{id}` answers it, every documented field set.
fn key_json() -> Value {
    json!({
        "FNKey_ID": id(7), "Person_ID": id(5), "RealEstate_ID": id(60), "Description": "Front door",
        "InfoText": "spare", "ExpireDate": "2031-01-01T00:00:00Z", "KeyTypeMask": 264, "State": 1,
        "ProgrammingState": 3, "IsProgrammed": true, "ROM_ID": "R1", "Stamp": "1001", "StampSource": 2,
        "TagKey": "T1", "TagKeyHex": "5431", "TagKeySource": 1, "VersionCode": "v9"
    })
}

fn key() -> Key {
    serde_json::from_value(key_json()).unwrap()
}

fn access(n: u128, t: i64) -> SecurityAccess {
    serde_json::from_value(json!({"SecurityAccess_ID": id(n), "Name": "A", "Type": t, "Status": 0}))
        .unwrap()
}

/// A time-profile slot with every writable field of `KeyTimeLimitSlot` set.
fn profile_slot() -> KeyTimeLimitSlot {
    let mut slot = KeyTimeLimitSlot::profile(
        2,
        vec![TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (8, 0), (17, 30)).unwrap()],
    )
    .unwrap();
    slot.time_limit_title_id = Some(title());
    slot.title_start = Some(local("2026-01-01T00:00:00"));
    slot.title_end = Some(local("2026-12-31T23:45:00"));
    slot.time_zone = Some("FLE Standard Time".into());
    slot
}

fn profile_slot_json() -> Value {
    json!({
        "SlotNo": 2, "LimitDateLg": null, "TimeLimitTitle_ID": id(50),
        "TimeLimitTitleStartDateLg": "2026-01-01T00:00:00", "TimeLimitTitleEndDateLg": "2026-12-31T23:45:00",
        "TimeLimitData": [{"WeekDayMask": 31, "StartTimeMS": 28800000, "EndTimeMS": 63000000}],
        "TimeZone_ID": "FLE Standard Time"
    })
}

/// A time profile with every optional field set.
fn time_profile() -> TimeProfile {
    let mut p = TimeProfile::new("Cleaners", zone())
        .unwrap()
        .description("Evenings and weekends")
        .dates(
            Some(local("2026-01-01T00:00:00")),
            Some(local("2026-12-31T00:00:00")),
        )
        .real_estate(RealEstateId::new(id(52)))
        .option_mask(1);
    p.id = title();
    p.data = vec![
        serde_json::from_value(
            json!({"TimeLimitData_ID": id(51), "TimeLimitTitle_ID": id(50),
            "WeekDayMask": 31, "StartTime": "17:30:00", "EndTime": "22:00:00"}),
        )
        .unwrap(),
        serde_json::from_value(
            json!({"TimeLimitData_ID": id(53), "TimeLimitTitle_ID": id(50),
            "WeekDayMask": 96, "StartTime": "00:00:00", "EndTime": "1.00:00:00"}),
        )
        .unwrap(),
    ];
    p
}

fn time_profile_json() -> Value {
    json!({
        "TimeLimitTitle": {"TimeLimitTitle_ID": id(50), "Name": "Cleaners", "Description": "Evenings and weekends",
            "Zone_ID": id(9), "RealEstate_ID": id(52), "OptionMask": 1,
            "StartDateLg": "2026-01-01T00:00:00", "EndDateLg": "2026-12-31T00:00:00"},
        "TimeLimitData": [
            {"TimeLimitData_ID": id(51), "TimeLimitTitle_ID": id(50), "WeekDayMask": 31, "StartTime": "17:30:00", "EndTime": "22:00:00"},
            {"TimeLimitData_ID": id(53), "TimeLimitTitle_ID": id(50), "WeekDayMask": 96, "StartTime": "00:00:00", "EndTime": "1.00:00:00"}
        ]
    })
}

fn end_slot() -> KeyTimeLimitSlot {
    let mut slot = KeyTimeLimitSlot::end_date(
        NaiveDate::from_ymd_opt(2026, 12, 31)
            .unwrap()
            .and_hms_opt(17, 45, 0)
            .unwrap(),
    )
    .unwrap();
    slot.time_zone = Some("FLE Standard Time".into());
    slot
}

fn end_slot_json() -> Value {
    json!({
        "SlotNo": 1, "LimitDateLg": "2026-12-31T17:45:00", "TimeLimitTitle_ID": null,
        "TimeLimitTitleStartDateLg": null, "TimeLimitTitleEndDateLg": null, "TimeLimitData": [],
        "TimeZone_ID": "FLE Standard Time"
    })
}

/// A slot the key scheduler made from a calendar entry: `SourceCalendarData_ID`
/// (read-only) and a field this SDK does not model, both sent back as read.
fn scheduled_slot() -> KeyTimeLimitSlot {
    serde_json::from_value(scheduled_slot_json()).unwrap()
}

fn scheduled_slot_json() -> Value {
    json!({
        "SlotNo": 2, "LimitDateLg": null, "TimeLimitTitle_ID": id(50),
        "TimeLimitTitleStartDateLg": "2026-02-01T08:00:00", "TimeLimitTitleEndDateLg": "2026-02-01T10:00:00",
        "TimeLimitData": [{"WeekDayMask": 64, "StartTimeMS": 28800000, "EndTimeMS": 36000000}],
        "TimeZone_ID": "FLE Standard Time", "SourceCalendarData_ID": id(90), "FutureField": {"x": 1}
    })
}

fn scheduler_json() -> Value {
    json!({"RenewEndDate": "2026-06-30T00:00:00", "RenewGapCount": 2, "RenewGapType": 1, "RenewMinute": 120})
}

/// What `GET /Keys/{id}/TimeLimitTitles` answers, every part set.
fn full_limits() -> KeyTimeLimits {
    let mut limits =
        KeyTimeLimits::none().with_slots(vec![end_slot(), profile_slot(), scheduled_slot()]);
    limits.key_scheduler =
        Some(KeyScheduler::new(local("2026-06-30T00:00:00"), 2, 1, 120).unwrap());
    limits.offline_expiration_seconds = 3600;
    limits.outside_user_zone_slots = vec![3, 4];
    limits
}

/// A key tag with every field set (`FNKeyTag`).
fn tag() -> KeyTag {
    let mut t = KeyTag::new(k(), "acme_maintenance_ticket", "T-4711").save_to_audit_trail(true);
    t.id = KeyTagId::new(id(60));
    t
}

fn tag_json() -> Value {
    json!({
        "Tag_ID": id(60), "FNKey_ID": id(7), "Key": "acme_maintenance_ticket", "Value": "T-4711",
        "SaveToKeyAuditTrail": true
    })
}

/// A security role with every field set (`SecurityRole`).
fn security_role() -> SecurityRole {
    let mut r = SecurityRole::new("Lobby door code", RealEstateId::new(id(63)))
        .description("front lobby")
        .online_access_code("24680")
        .relay_time_ms(5000)
        .zone(zone());
    r.id = SecurityRoleId::new(id(62));
    r.type_mask = 2;
    r
}

fn security_role_json() -> Value {
    json!({
        "SecurityRole_ID": id(62), "Name": "Lobby door code", "Description": "front lobby",
        "OnlineAccessCode": "24680", "OnlineRelayOperatingTimeMs": 5000, "RealEstate_ID": id(63),
        "TypeMask": 2, "Zone_ID": id(9)
    })
}

/// As iLOQ answers it: `OnlineAccessCode` is empty when read.
fn security_role_json_read() -> Value {
    let mut v = security_role_json();
    v["OnlineAccessCode"] = json!("");
    v
}

fn access_definition() -> SecurityAccessDefinition {
    let mut d = SecurityAccessDefinition::new("Garage (API)", SecurityAccessType::ApiAccess)
        .unwrap()
        .description("Underground garage")
        .zone(zone())
        .real_estate(RealEstateId::new(id(52)))
        .hidden(true)
        .lock_default(true)
        .conditions("Time control on")
        .parent(SecurityAccessId::new(id(20)))
        .version_nr(2);
    d.id = SecurityAccessId::new(id(60));
    d
}

fn lock_options() -> LockOptions {
    let mut o = LockOptions::unchanged();
    o.s10_collect_audit_trail = Some(true);
    o.s40_accept_soft_group = Some(false);
    o.s40_logging_on = Some(true);
    o.save_online_lock_audit_trail = Some(true);
    o
}

fn lock_relay() -> LockAccessRelay {
    LockAccessRelay::new(SecurityAccessId::new(id(21)), 2)
}

fn new_lock() -> NewLock {
    let mut l = NewLock::new(LockType::S5Online, "Garage", zone())
        .serial_number(4711)
        .options(lock_options())
        .time_limit_titles(vec![title()])
        .security_accesses(vec![
            LockAccess::new(SecurityAccessId::new(id(20))).relay_mask(3),
            LockAccess::new(SecurityAccessId::new(id(22))),
        ]);
    l.id = LockId::new(id(31));
    l.real_estate_id = RealEstateId::new(id(52));
    l.respects_all_time_limits = true;
    let d = &mut l.door;
    d.description = Some("Garage door".into());
    d.location_code = Some("G1".into());
    d.locking_object = Some("Garage".into());
    d.direction = Some("left".into());
    d.door_thickness = Some("40".into());
    d.door_type = Some("steel".into());
    d.extension_piece = Some("E2".into());
    d.handed = Some("LH".into());
    d.key_chamber = Some("K1".into());
    d.lock_framework = Some("F1".into());
    d.lock_framework_depth = Some("55".into());
    d.mounting = Some("M1".into());
    d.other_equipment = Some("closer".into());
    d.stamp = Some("G-1".into());
    d.ext = 1;
    d.ext_description = Some("conditional".into());
    d.default_program_station = Some(id(32));
    l.lock_code = Some("LC-9".into());
    l.lock_settings = Some("S".into());
    l.manufacturing_info = Some("iLOQ 2025".into());
    l.secret = Some(SecretString::from("l0ck-s3cret"));
    l.clock_installed = Some(Some(start()));
    l.versions = (3, 7, 2, 1);
    l
}

fn lock_update() -> LockUpdate {
    let read: Lock = serde_json::from_value(
        json!({"FLock_ID": lock(), "LockType": 4, "PhysicalState": 1,
        "RealEstate_Id": null, "Zone_ID": id(8), "Description": "Back door", "LocationCode": "B2",
        "LockingObject": "Back", "Mounting": "surface", "Ext": 0}),
    )
    .unwrap();
    let mut u = LockUpdate::from_read(&read);
    u.lock_type = LockType::S50;
    u.state = LockPhysicalState::NotInUse;
    u.zone_id = Some(zone());
    u
}

fn new_key() -> NewKey {
    let mut new = NewKey::new(KeyTypeMask::S5_KEY, "Front door")
        .person(pid())
        .zones(vec![zone()])
        .security_accesses(vec![SecurityAccessId::new(id(20))])
        .offline_expiration_seconds(3600);
    new.time_limit_slots = vec![profile_slot()];
    new
}

fn subscription() -> NewSubscription {
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let mut sub = NewSubscription::new(
        WebhookEventId::new(id(70)),
        "https://hooks.example.com/iloq",
        start,
        start + chrono::Duration::days(365),
    )
    .unwrap();
    sub.id = SubscriptionId::new(id(71));
    sub.custom_header = Some("X-Tenant: 42".into());
    sub.json_path_filter = Some("$.Data[?(@.KeyTypeMask == 6)]".into());
    sub
}

/// `AddSubscriptionParam` (POST and PUT).
fn subscription_json() -> Value {
    json!({
        "SubscriptionId": id(71), "WebhookEventId": id(70), "TargetEndpointUri": "https://hooks.example.com/iloq",
        "StartDateUtc": "2025-01-01T00:00:00Z", "EndDateUtc": "2026-01-01T00:00:00Z",
        "CustomHeader": "X-Tenant: 42", "JsonPathFilter": "$.Data[?(@.KeyTypeMask == 6)]"
    })
}

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 1, 6, 15, 0).unwrap()
}

fn end() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 2, 18, 45, 30).unwrap()
}

fn lock_log_data() -> Value {
    json!({"StartDateUtc": "2025-05-01T06:15:00Z", "EndDateUtc": "2025-05-02T18:45:30Z", "LockLogs": [{
        "DeviceLog_ID": id(41), "FLock_ID": lock(), "FNKey_ID": null, "LockGroup_ID": LG, "AccessTypeMask": 1028, "ErrorCode": 0,
        "GoingDate": "2025-05-01T09:08:31.6653347Z", "TimestampUtc": "2021-04-27T14:54:06.747", "KeyId": 2}]})
}

fn cal() -> CalendarDataTitleId {
    CalendarDataTitleId::new(id(80))
}

fn role() -> SecurityRoleId {
    SecurityRoleId::new(id(87))
}

fn module() -> NetworkModuleId {
    NetworkModuleId::new(id(90))
}

fn device() -> NetworkModuleDeviceId {
    NetworkModuleDeviceId::new(id(91))
}

fn relay() -> NetworkModuleDeviceRelayId {
    NetworkModuleDeviceRelayId::new(id(92))
}

/// A weekly entry with every field set (Monday to Friday, 07:00 for 11 h).
fn recurring() -> CalendarDataRecurringEntry {
    CalendarDataRecurringEntry::weekly(
        cal(),
        CalendarDataType::SecurityRolePin,
        DaysOfWeek::WORKDAYS,
        local("2025-06-02T07:00:00"),
        660,
        local("2025-06-01T00:00:00"),
        local("2025-12-31T00:00:00"),
    )
    .unwrap()
    .id(CalendarDataId::new(id(81)))
    .recurrence_id(CalendarRecurrenceId::new(id(82)))
    .subject("Open")
}

fn recurring_json() -> Value {
    json!({
        "CalendarData_ID": id(81), "CalendarDataTitle_ID": id(80), "EndDateTime": "2025-12-31T00:00:00",
        "StartDateTime": "2025-06-01T00:00:00", "Subject": "Open", "Type": 1,
        "Re_ID": id(82), "Re_OccurrenceDurationTicks": 396_000_000_000_i64,
        "Re_OccurrenceStartTime": "2025-06-02T07:00:00", "Re_PatternDaysOfWeek": 62, "Re_PatternFrequency": 1,
        "Re_RangeEndDate": "2025-12-31T00:00:00", "Re_RangeLimit": 2, "Re_RangeStartDate": "2025-06-01T00:00:00"
    })
}

/// One item of each kind (and both kinds of exception), every field set.
fn calendar_set() -> CalendarDataSet {
    let r = recurring();
    CalendarDataSet::new()
        .entry(
            CalendarDataEntry::new(
                cal(),
                CalendarDataType::KeyPin,
                local("2025-06-02T08:00:00"),
                local("2025-06-02T16:00:00"),
            )
            .unwrap()
            .id(CalendarDataId::new(id(83)))
            .subject("Meeting"),
        )
        .exception(
            CalendarDataRecurringEntryException::moved(
                &r,
                local("2025-06-04T07:00:00"),
                local("2025-06-04T09:00:00"),
                local("2025-06-04T18:00:00"),
            )
            .unwrap()
            .id(CalendarDataId::new(id(84))),
        )
        .exception(
            CalendarDataRecurringEntryException::removed(&r, local("2025-06-05T07:00:00"))
                .id(CalendarDataId::new(id(85))),
        )
        .recurring_entry(r)
}

fn calendar_set_json() -> Value {
    json!({
        "Entries": [{"CalendarData_ID": id(83), "CalendarDataTitle_ID": id(80), "EndDateTime": "2025-06-02T16:00:00",
            "StartDateTime": "2025-06-02T08:00:00", "Subject": "Meeting", "Type": 2}],
        "RecurringEntries": [recurring_json()],
        "RecurringEntryExceptions": [
            {"CalendarData_ID": id(84), "CalendarDataTitle_ID": id(80), "EndDateTime": "2025-06-04T18:00:00",
             "StartDateTime": "2025-06-04T09:00:00", "Subject": "Open", "Type": 1,
             "A_IsRemoved": false, "OriginalStartDateTime": "2025-06-04T07:00:00", "RecurrenceId": id(82)},
            {"CalendarData_ID": id(85), "CalendarDataTitle_ID": id(80), "EndDateTime": null,
             "StartDateTime": null, "Subject": "Open", "Type": 1,
             "A_IsRemoved": true, "OriginalStartDateTime": "2025-06-05T07:00:00", "RecurrenceId": id(82)}
        ]
    })
}

fn calendar_title_json() -> Value {
    json!({"CalendarDataTitle_ID": id(80), "Description": "Opening hours", "Name": "Lobby", "OptionMask": 1,
        "RealEstate_ID": id(86), "ReservablePeriodLengthWeeks": 4, "ReservationTargetType": 2, "Type": 3, "Zone_ID": id(9)})
}

fn network_module_json() -> Value {
    json!({
        "AdapterNr": "1", "AdapterVersion": "5.2", "AllowedIP": "10.0.0.0/24", "AllowedSocketRequest": 2, "BoardHotSpot": 1,
        "BoardSettings": "b=1", "CalendarDataModifiedDate": "2025-06-01T10:00:00Z", "CalendarDataReceivedDate": "2025-06-01T10:05:00.1234567Z",
        "CalendarDataState": 3, "Description": "N501 Main building", "DeviceLimitCount": 8, "FProgKey_ID": id(90),
        "IPAddress": "10.0.0.50", "IPAddressUserDefined": null, "KeyId": "N501-0001", "KeyProgPacketListReceivedDate": null,
        "LicenseMode": 1, "LocationPicture_ID": null, "LocationPointAttributes": null, "LocationPointX": 12.5, "LocationPointY": 3.0,
        "OnlineConnectionDate": "2025-06-01T09:00:00Z", "OnlineKey": id(93), "OnlineMacAddress": "00:1B:44:11:3A:B7",
        "OnlineSoftwareVersion": "2.4.1", "Port": 443, "PortUserDefined": 8443, "RealEstate_ID": Uuid::nil(), "RequestType": 128,
        "RequestTypeInfo": "2025-06-02T03:00:00", "State": 1, "StateMask": 5, "Type": 8, "Zone_ID": id(9)
    })
}

fn device_json() -> Value {
    json!({"FProgKey_ID": id(90), "Name": "Door controller A", "NetworkModuleDevice_ID": id(91), "SerialNo": "SN-1",
        "SoftwareVersion": "1.3.0", "StateMask": 1, "Type": 1})
}

fn relay_json() -> Value {
    json!({"InUse": 1, "Name": "Relay 1", "NetworkModuleDevice_ID": id(91), "NetworkModuleDeviceRelay_ID": id(92), "RelayNo": 1})
}

// ---- the table ----

/// Every endpoint of the crate, in iLOQ's reference order per resource.
fn table() -> Vec<Row> {
    let kp = format!("/api/v2/Keys/{}", k());
    let sa = access(20, 3);
    let sa_id = sa.id;
    let lp = format!("/api/v2/Locks/{}", lock());
    let pp = format!("/api/v2/Persons/{}", pid());
    let sub_id = SubscriptionId::new(id(71));
    vec![
        // session, URL, locking system, utilities
        ep(GetUrl::new(CustomerCode::new("CUST-9").unwrap()))
            .post("/api/v2/Url/GetUrl")
            .json(json!({"CustomerCode": "CUST-9"}))
            .no_session(),
        ep(CreateSession::new(
            "agent-2",
            SecretString::from("s3cret-2"),
            CustomerCode::new("CUST-9").unwrap(),
        )
        .unwrap())
        .post("/api/v2/CreateSession")
        .json(json!({"UserName": "agent-2", "Password": "s3cret-2", "CustomerCode": "CUST-9", "ApiKey": null, "ApiSecret": null}))
        .no_session(),
        ep_then(ListLockGroups::new(), |g| {
            assert_eq!(g[0].options, LockGroupOptions::from_bits(1 | 2048 | 16384))
        })
        .get("/api/v2/LockGroups")
        .session(),
        ep(SetLockgroup::new(LockGroupId::new(id(44))))
            .post("/api/v2/SetLockgroup")
            .json(json!({"LockGroup_ID": id(44)}))
            .session(),
        ep_then(Test::new(), |t| assert_eq!(t, "Test OK"))
            .get("/api/v2/Test")
            .no_session()
            .answer(json!("Test OK")),
        ep_then(Version::new(), |v| assert_eq!(v, "7.5.1"))
            .get("/api/v2/Version")
            .no_session()
            .answer(json!("7.5.1")),
        ep_then(GetConnectionSettings::new(), |s| {
            assert_eq!(s.signalr_service.as_deref(), Some("https://r"))
        })
        .get("/api/v2/LockGroups/ConnectionSettings")
        .session()
        .answer(json!({"SignalMessageServiceAddress": "https://m", "SignalRServiceAddress": "https://r"})),
        ep_then(GenerateAccessToken::new(1), |t| {
            assert!(!format!("{t:?}").contains("tok-secret"))
        })
        .post("/api/v2/LockGroups/GenerateAccessToken")
        .json(json!({"TypeMask": 1}))
        .session()
        .answer(json!({"AccessToken": "tok-secret"})),
        // persons
        ep_then(ListPersons::new(), |l| {
            assert_eq!(l[0].email.as_deref(), Some("ada@example.org"))
        })
        .get("/api/v2/Persons")
        .session()
        .answer(json!([person_json()])),
        ep(GetPerson::new(pid()))
            .get(pp.clone())
            .session()
            .answer(person_json()),
        ep(GetPersonsByExternalIds::new(vec!["EXT-1001".into(), "EXT 2&3".into()]).unwrap())
            .get("/api/v2/Persons/GetByExternalPersonIds")
            .query(&[("externalPersonIds", "EXT-1001"), ("externalPersonIds", "EXT 2&3")])
            .session()
            .answer(json!([person_json()])),
        ep(InsertPerson::new(person(), vec![zone(), ZoneId::new(id(10))]).unwrap())
            .post("/api/v2/Persons")
            .json(json!({"Person": person_json(), "ZoneIds": [id(9), id(10)]}))
            .session()
            .answer(json!({"PersonIds": [pid()]})),
        ep(UpdatePerson::new(person()).unwrap())
            .put("/api/v2/Persons")
            .json(json!({"Person": person_json()}))
            .session(),
        // `PersonUpdate.PersonCode` is nullable: an empty code is sent as it is.
        ep(UpdatePerson::new(person_without_code()).unwrap())
            .put("/api/v2/Persons")
            .json(json!({"Person": person_json_without_code()}))
            .session(),
        ep_then(CanDeletePersonRequest::new(pid()), |c| {
            assert_eq!(c, CanDeletePerson::HasActiveKeys)
        })
        .get(format!("{pp}/CanDelete"))
        .session()
        .answer(json!(1)),
        ep(DeletePerson::new(pid())).delete(pp.clone()).session(),
        ep_then(GetPersonKeys::new(pid()), |keys| assert_eq!(keys.len(), 1))
            .get(format!("{pp}/Keys"))
            .session()
            .answer(json!({"Keys": [key_json()]})),
        ep(GetPersonRoles::new(pid()))
            .get(format!("{pp}/PersonRoles"))
            .session()
            .answer(json!([{"PersonRole_ID": id(8), "Name": "Staff"}])),
        ep_then(GetNortecActivationCode::new(pid()), |c| {
            assert_eq!(c, "ABC-123")
        })
        .get(format!("{pp}/NortecActivationCode"))
        .session()
        .answer(json!("ABC-123")),
        // keys
        ep(ListKeys::new())
            .get("/api/v2/Keys")
            .session()
            .answer(json!([key_json()])),
        ep_then(GetKey::new(k()), |key| {
            assert_eq!(key.programming_state, ProgrammingState::Programmed)
        })
        .get(kp.clone())
        .session()
        .answer(key_json()),
        ep(GetKeysByRomIds::new(vec!["R1".into(), "R 2".into()]).unwrap())
            .get("/api/v2/Keys/GetByRomIds")
            .query(&[("romIds", "R1"), ("romIds", "R 2")])
            .session()
            .answer(json!([])),
        {
            let new = new_key();
            let new_id = new.id().unwrap();
            ep(InsertKey::new(new).unwrap())
                .post("/api/v2/Keys")
                .json(json!({
                    "Key": {"FNKey_ID": new_id, "KeyTypeMask": 264, "Description": "Front door", "Person_ID": id(5),
                            "ManufacturingInfo": "", "OnlineAccessCode": "", "ROM_ID": "", "Stamp": "", "TagKey": ""},
                    "SecurityAccessIds": [id(20)], "ZoneIds": [id(9)], "TimeLimitSlots": [profile_slot_json()],
                    "OfflineExpirationSeconds": 3600
                }))
                .session()
                .answer(key_json())
        },
        ep(UpdateKey::new(key()).unwrap().update_version_code(true))
            .put("/api/v2/Keys")
            .query(&[("updateVersionCode", "true")])
            .json(json!({"Key": key_json()}))
            .session(),
        ep(UpdateKey::new(key()).unwrap())
            .put("/api/v2/Keys")
            .query(&[("updateVersionCode", "false")])
            .json(json!({"Key": key_json()}))
            .session(),
        ep_then(CanDeleteKeyRequest::new(k()), |c| {
            assert_eq!(c, CanDeleteKey::AlreadyProgrammed)
        })
        .get(format!("{kp}/CanDelete"))
        .session()
        .answer(json!(1)),
        ep(DeleteKey::new(k())).delete(kp.clone()).session(),
        ep_then(CanOrderKeyRequest::new(k()), |c| {
            assert_eq!(c, CanOrderKey::MainZoneNotSet)
        })
        .get(format!("{kp}/CanOrder"))
        .session()
        .answer(json!(12)),
        ep(OrderKey::new(k()))
            .post(format!("{kp}/Order"))
            .session(),
        ep_then(CanReturnKeyRequest::new(k()), |c| {
            assert_eq!(c, CanReturnKey::NotPhoneOrRfid)
        })
        .get(format!("{kp}/CanReturn"))
        .session()
        .answer(json!(2)),
        ep(ReturnKey::new(k()))
            .post(format!("{kp}/Return"))
            .session(),
        ep_then(GetKeyZones::new(k()), |z| assert_eq!(z.main_zone, Some(zone())))
            .get(format!("{kp}/Zones"))
            .session()
            .answer(json!({"MainZone": id(9), "OutsideUserZoneCount": 0, "ZoneIds": [id(9)]})),
        ep_then(CanUpdateMainZoneRequest::new(k()), |c| {
            assert_eq!(c, CanUpdateMainZone::Ok)
        })
        .get(format!("{kp}/CanUpdateMainZone"))
        .session()
        .answer(json!(0)),
        ep(UpdateMainZone::new(k(), ZoneId::new(id(10))))
            .put(format!("{kp}/UpdateMainZone"))
            .json(json!({"Zone_ID": id(10)}))
            .session(),
        ep_then(GetLocationReporting::new(k()), |l| assert!(l.in_audit_trail))
            .get(format!("{kp}/LocationReporting"))
            .session()
            .answer(json!({"LocationReportingInAuditTrail": true})),
        ep(SetLocationReporting::new(k(), true))
            .put(format!("{kp}/LocationReporting"))
            .json(json!({"LocationReportingInAuditTrail": true}))
            .session(),
        // key tags (`FNKeyTag`, the bare model on POST and PUT)
        ep_then(ListKeyTags::new(), |t| assert_eq!(t[0], tag()))
            .get("/api/v2/KeyTags")
            .session()
            .answer(json!([tag_json()])),
        ep_then(GetKeyTag::new(tag().id), |t| assert!(t.save_to_audit_trail))
            .get(format!("/api/v2/KeyTags/{}", id(60)))
            .session()
            .answer(tag_json()),
        ep_then(GetKeyTagsOfKey::new(k()), |t| assert_eq!(t.len(), 1))
            .get(format!("{kp}/KeyTags"))
            .session()
            .answer(json!([tag_json()])),
        ep(InsertKeyTag::new(tag()).unwrap())
            .post("/api/v2/KeyTags")
            .json(tag_json())
            .session(),
        ep(UpdateKeyTag::new(tag()).unwrap())
            .put("/api/v2/KeyTags")
            .json(tag_json())
            .session(),
        ep(DeleteKeyTag::new(tag().id))
            .delete(format!("/api/v2/KeyTags/{}", id(60)))
            .session(),
        // person roles (read only)
        ep_then(ListPersonRoles::new(), |r| {
            assert_eq!(r[0].description.as_deref(), Some("Everyone on the payroll"))
        })
        .get("/api/v2/PersonRoles")
        .session()
        .answer(json!([{"PersonRole_ID": id(61), "Name": "Staff", "Description": "Everyone on the payroll"}])),
        ep_then(GetPersonRole::new(PersonRoleId::new(id(61))), |r| {
            assert_eq!(r.id, Some(PersonRoleId::new(id(61))))
        })
        .get(format!("/api/v2/PersonRoles/{}", id(61)))
        .session()
        .answer(json!({"PersonRole_ID": id(61), "Name": "Staff", "Description": null})),
        ep_then(GetPersonRoleSecurityAccesses::new(PersonRoleId::new(id(61))), |a| {
            assert!(a[0].is_api_access())
        })
        .get(format!("/api/v2/PersonRoles/{}/SecurityAccesses", id(61)))
        .session()
        .answer(json!([{"SecurityAccess_ID": id(20), "Name": "A", "Type": 3, "Status": 0}])),
        // security roles, "code access groups" (`SecurityRole`, the bare model)
        ep_then(ListSecurityRoles::new(), |r| assert_eq!(r[0].type_mask, 2))
            .get("/api/v2/SecurityRoles")
            .session()
            .answer(json!([security_role_json_read()])),
        ep_then(GetSecurityRole::new(SecurityRoleId::new(id(62))), |r| {
            assert_eq!(r.online_relay_operating_time_ms, 5000)
        })
        .get(format!("/api/v2/SecurityRoles/{}", id(62)))
        .session()
        .answer(security_role_json_read()),
        ep_then(InsertSecurityRole::new(security_role()).unwrap(), |r| {
            assert_eq!(r.id, SecurityRoleId::new(id(62)))
        })
        .post("/api/v2/SecurityRoles")
        .json(security_role_json())
        .session()
        .answer(security_role_json_read()),
        ep(UpdateSecurityRole::new(security_role()).unwrap())
            .put("/api/v2/SecurityRoles")
            .json(security_role_json())
            .session(),
        ep_then(CanDeleteSecurityRoleRequest::new(SecurityRoleId::new(id(62))), |c| {
            assert_eq!(c, CanDeleteSecurityRole::LinkedToPerson)
        })
        .get(format!("/api/v2/SecurityRoles/{}/CanDelete", id(62)))
        .session()
        .answer(json!(1)),
        ep(DeleteSecurityRole::new(SecurityRoleId::new(id(62))))
            .delete(format!("/api/v2/SecurityRoles/{}", id(62)))
            .session(),
        // security accesses
        ep_then(ListSecurityAccesses::new(), |l| assert!(l[0].is_api_access()))
            .get("/api/v2/SecurityAccesses")
            .session()
            .answer(json!([{"SecurityAccess_ID": id(20), "Name": "A", "Type": 3, "Status": 0}])),
        ep(GetKeySecurityAccesses::new(k(), AccessMode::Planned))
            .get(format!("{kp}/SecurityAccesses"))
            .query(&[("mode", "1")])
            .session()
            .answer(json!({"SecurityAccesses": [], "OutsideUserZonesCount": 0})),
        ep(GetKeySecurityAccesses::new(k(), AccessMode::LastProgrammed))
            .get(format!("{kp}/SecurityAccesses"))
            .query(&[("mode", "2")])
            .session()
            .answer(json!({"SecurityAccesses": []})),
        ep_then(GetLockSecurityAccesses::new(lock(), AccessMode::LastProgrammed), |l| {
            assert_eq!(l.outside_user_zones_count, 2);
            assert!(l.security_accesses[0].is_api_access());
            assert_eq!(l.security_accesses[0].zone_id, Some(zone()));
        })
        .get(format!("{lp}/SecurityAccesses"))
        .query(&[("mode", "2")])
        .session()
        .answer(json!({"OutsideUserZonesCount": 2, "SecurityAccesses": [{
            "SecurityAccess_ID": id(20), "Name": "API", "Description": null, "RealEstate_ID": Uuid::nil(),
            "Zone_ID": id(9), "Type": 3, "Status": 0, "AccessMode": 0, "DefaultAccess": 1, "Ext": 0,
            "ExtDescription": null, "ParentSecurityAccess_ID": null, "VersionNr": null}]})),
        ep_then(CanAddKeySecurityAccess::new(k()), |c| {
            assert_eq!(c, CanAddSecurityAccess::Ok)
        })
        .get(format!("{kp}/SecurityAccesses/CanAdd"))
        .session()
        .answer(json!(1)),
        ep(AddKeySecurityAccess::new(k(), sa.clone()).unwrap())
            .post(format!("{kp}/SecurityAccesses"))
            .json(json!({"SecurityAccess_ID": id(20)}))
            .session(),
        ep_then(CanDeleteKeySecurityAccess::new(k(), sa_id), |c| {
            assert_eq!(c, CanDeleteSecurityAccess::LinkMissing)
        })
        .get(format!("{kp}/SecurityAccesses/{sa_id}/CanDelete"))
        .session()
        .answer(json!(3)),
        ep(DeleteKeySecurityAccess::new(k(), sa.clone()).unwrap())
            .delete(format!("{kp}/SecurityAccesses/{sa_id}"))
            .session(),
        // `UpdateKeySecurityAccessesParam`: a full replace, every documented part
        // sent (iLOQ deletes what is left out): the slots (a scheduler's slot with
        // its read-only `SourceCalendarData_ID` and an unmodelled field, kept),
        // `KeyScheduler`, `OfflineExpirationSeconds`, `OutsideUserZoneTimeLimitTitleSlots`.
        ep(ReplaceAllKeyAccessesAndTimeSlots::checked(
            k(),
            &[access(22, 1)],
            &[access(22, 1), sa.clone()],
            full_limits(),
        )
        .unwrap())
        .put(format!("{kp}/SecurityAccesses"))
        .json(json!({
            "SecurityAccessIds": [id(20), id(22)],
            "TimeLimitSlots": [end_slot_json(), profile_slot_json(), scheduled_slot_json()],
            "KeyScheduler": scheduler_json(),
            "OfflineExpirationSeconds": 3600,
            "OutsideUserZoneTimeLimitTitleSlots": [3, 4]
        }))
        .session(),
        // `InsertSecurityAccessParam` → `InsertSecurityAccessResult`; always Active (Status 0).
        ep_then(InsertSecurityAccess::new(access_definition()).unwrap(), |r| {
            assert_eq!(r.security_access.unwrap().id, SecurityAccessId::new(id(60)))
        })
        .post("/api/v2/SecurityAccesses")
        .json(json!({"SecurityAccess": {
            "SecurityAccess_ID": id(60), "Name": "Garage (API)", "Description": "Underground garage",
            "Type": 3, "Status": 0, "AccessMode": 1, "DefaultAccess": 1, "Ext": 1,
            "ExtDescription": "Time control on", "RealEstate_ID": id(52), "Zone_ID": id(9),
            "ParentSecurityAccess_ID": id(20), "VersionNr": 2}}))
        .session()
        .answer(json!({"SecurityAccess": {"SecurityAccess_ID": id(60), "Name": "Garage (API)", "Type": 3, "Status": 0}})),
        // `UpdateSecurityAccessParam`: no Status, parent or version.
        ep(UpdateSecurityAccess::new(access_definition()).unwrap())
            .put("/api/v2/SecurityAccesses")
            .json(json!({"SecurityAccess": {
                "SecurityAccess_ID": id(60), "Name": "Garage (API)", "Description": "Underground garage",
                "Type": 3, "AccessMode": 1, "DefaultAccess": 1, "Ext": 1,
                "ExtDescription": "Time control on", "RealEstate_ID": id(52), "Zone_ID": id(9)}}))
            .session(),
        ep(DeleteSecurityAccess::new(SecurityAccessId::new(id(60))))
            .delete(format!("/api/v2/SecurityAccesses/{}", id(60)))
            .session(),
        // phone keys
        ep_then(GetKeyPhone::new(k()), |p| {
            assert!(p.options.contains(KeyPhoneOptions::REGISTERED))
        })
        .get(format!("{kp}/KeyPhone"))
        .session()
        .answer(json!({"FNKey_ID": k(), "PhoneNo": "+31612345678", "Email": null, "OptionMask": 2 | 64, "RequestTypeMask": 0})),
        ep(UpdateKeyPhone::new(KeyPhoneUpdate::email(
            k(),
            EmailAddress::new("ada@example.org").unwrap(),
            Some(PhoneNumber::new("+358401110001").unwrap()),
        ))
        .unwrap())
        .put("/api/v2/KeyPhones")
        .json(json!({"FNKey_ID": id(7), "PhoneNo": "+358401110001", "Email": "ada@example.org", "OptionMask": 8}))
        .session(),
        ep(UpdateKeyPhone::new(KeyPhoneUpdate::sms(
            k(),
            PhoneNumber::new("+358401110001").unwrap(),
        ))
        .unwrap())
        .put("/api/v2/KeyPhones")
        .json(json!({"FNKey_ID": id(7), "PhoneNo": "+358401110001", "Email": null, "OptionMask": 0}))
        .session(),
        ep(ReRegisterKeyPhone::new(k()))
            .post(format!("/api/v2/KeyPhones/{}/ReRegister", k()))
            .session(),
        // lock logs
        ep_then(
            GetLockLogs::new(
                LockLogFilter::new(vec![lock()], vec![k()], start(), end())
                    .unwrap()
                    .type_mask(DeviceLogTypeMask::SUCCESSFUL_ACCESS | DeviceLogTypeMask::FAILED_ACCESS),
            )
            .unwrap(),
            |page| assert_eq!(page.logs.len(), 1),
        )
        .post("/api/v2/LockLogs")
        .json(json!({"FLockIds": [id(30)], "FNKeyIds": [id(7)], "GoingStartDateUtc": "2025-05-01T06:15:00Z",
                     "GoingEndDateUtc": "2025-05-02T18:45:30Z", "TypeMask": 5}))
        .session()
        .answer(json!({"LockLogs": [{"DeviceLog_ID": id(40), "TypeMask": 2052, "GoingDateUtc": "2025-05-01T10:42:40.803Z",
            "ErrCode": 0, "LocationInfoMask": 0, "FLock": {"FlockId": lock(), "GoingCounter": 3},
            "FNKey": {"FNKeyId": id(7), "KeyId": 1, "KeyTypeMask": 264, "PersonName": "Ada L"}}], "TotalCount": 1})),
        ep(GetLockLogDataByTimestamp::new(start(), end()).unwrap())
            .post("/api/v2/LockLogs/GetLockLogDataByTimestamp")
            .json(json!({"StartDateUtc": "2025-05-01T06:15:00Z", "EndDateUtc": "2025-05-02T18:45:30Z"}))
            .session()
            .answer(lock_log_data()),
        ep(GetLockLogDataByGoingDates::new(start(), end()).unwrap())
            .post("/api/v2/LockLogs/GetLockLogDataByGoingDates")
            .json(json!({"StartDateUtc": "2025-05-01T06:15:00Z", "EndDateUtc": "2025-05-02T18:45:30Z"}))
            .session()
            .answer(lock_log_data()),
        // locks, zones, real estates
        ep_then(ListLocks::new(), |l| assert_eq!(l[0].lock_type, LockType::S5Online))
            .get("/api/v2/Locks")
            .session()
            .answer(json!([{"FLock_ID": lock(), "RealEstate_Id": Uuid::nil(), "LockType": 4, "PhysicalState": 1}])),
        ep(GetLock::new(lock()))
            .get(lp.clone())
            .session()
            .answer(json!({"FLock_ID": lock(), "LockType": 4})),
        ep(CanOrderLockRequest::new(lock()))
            .get(format!("{lp}/CanOrder"))
            .session()
            .answer(json!(0)),
        ep(OrderLock::new(lock()))
            .post(format!("{lp}/Order"))
            .session(),
        // `InsertLockParam` → `Lock2` (`RealEstate_ID` with a capital D).
        ep_then(InsertLock::new(new_lock()).unwrap(), |l| {
            assert_eq!(l.real_estate_id, Some(RealEstateId::new(id(52))))
        })
        .post("/api/v2/Locks")
        .json(json!({
            "Lock": {
                "FLock_ID": id(31), "LockType": 4, "RealEstate_ID": id(52), "Zone_ID": id(9), "SerialNumber": 4711,
                "Description": "Garage door", "LocationCode": "G1", "LockingObject": "Garage",
                "Direction": "left", "DoorThickness": "40", "DoorType": "steel", "ExtentionPiece": "E2",
                "Handed": "LH", "KeyChamber": "K1", "LockFramework": "F1", "LockFrameworkDepth": "55",
                "Mounting": "M1", "OtherEquipment": "closer", "Stamp": "G-1", "Ext": 1,
                "ExtDescription": "conditional", "DefaultProgramStationFProgKey_ID": id(32),
                "LockCode": "LC-9", "LockSettings": "S", "ManufacturingInfo": "iLOQ 2025", "Secret": "l0ck-s3cret",
                "ClockInstalled": true, "ClockInstalledDateUtc": "2025-05-01T06:15:00Z",
                "HwVersion": 3, "SwVersion": 7, "MechVersion": 2, "DataVersion": 1
            },
            "LockOptions": {"S10CollectAuditTrail": true, "S40AcceptSoftGroup": false, "S40FlipFlop": null,
                "S40LoggingOn": true, "S40OnlineRequiredHard": null, "S40OnlineRequiredSoft": null,
                "SaveOnlineLockAuditTrail": true},
            "LockRespectsAllTimeLimits": true,
            "SecurityAccesses": [{"SecurityAccess_ID": id(20), "RelayMask": 3}, {"SecurityAccess_ID": id(22), "RelayMask": null}],
            "TimeLimitTitleIds": [id(50)]
        }))
        .session()
        .answer(json!({"FLock_ID": id(31), "RealEstate_ID": id(52), "LockType": 4, "Zone_ID": id(9)})),
        // `UpdateLockParam`: `RealEstate_ID` null leaves it unchanged.
        ep(UpdateLock::new(lock_update()))
            .put("/api/v2/Locks")
            .json(json!({"Lock": {
                "FLock_ID": lock(), "LockType": 2, "State": 2, "RealEstate_ID": null, "Zone_ID": id(9),
                "Description": "Back door", "LocationCode": "B2", "LockingObject": "Back",
                "Direction": null, "DoorThickness": null, "DoorType": null, "ExtentionPiece": null,
                "Handed": null, "KeyChamber": null, "LockFramework": null, "LockFrameworkDepth": null,
                "Mounting": "surface", "OtherEquipment": null, "Stamp": null, "Ext": 0,
                "ExtDescription": null, "DefaultProgramStationFProgKey_ID": null}}))
            .session(),
        ep(DeleteLock::new(lock()))
            .delete(lp.clone())
            .session(),
        ep_then(GetLockOptions::new(lock()), |o| {
            assert_eq!((o.s40_logging_on, o.s40_flip_flop), (Some(true), None))
        })
        .get(format!("{lp}/Options"))
        .session()
        .answer(json!({"S10CollectAuditTrail": false, "S40LoggingOn": true, "S40FlipFlop": null})),
        ep_then(GetLockTimeLimits::new(lock(), AccessMode::LastProgrammed), |t| {
            assert_eq!((t.time_limit_titles[0].id, t.outside_user_zones_count), (title(), 2))
        })
        .get(format!("{lp}/TimeLimitTitles"))
        .query(&[("mode", "2")])
        .session()
        .answer(json!({"TimeLimitTitles": [{"TimeLimitTitle_ID": id(50), "Name": "Office"}], "OutsideUserZonesCount": 2})),
        // `UpdateLockSecurityAccessesParam`: the access list replaces the lock's.
        ep(UpdateLockSecurityAccesses::new(lock(), vec![SecurityAccessId::new(id(20)), SecurityAccessId::new(id(21))])
            .unwrap()
            .time_limit_titles(vec![title()])
            .respects_all_time_limits(true)
            .options(lock_options())
            .relay(lock_relay()))
        .put(format!("{lp}/SecurityAccesses"))
        .json(json!({
            "SecurityAccessIds": [id(20), id(21)], "TimeLimitTitleIds": [id(50)], "LockRespectsAllTimeLimits": true,
            "LockOptions": {"S10CollectAuditTrail": true, "S40AcceptSoftGroup": false, "S40FlipFlop": null,
                "S40LoggingOn": true, "S40OnlineRequiredHard": null, "S40OnlineRequiredSoft": null,
                "SaveOnlineLockAuditTrail": true},
            "LockRelay": {"SecurityAccess_ID": id(21), "RelayMask": 2}
        }))
        .session(),
        ep_then(ListZones::new(), |z| {
            assert_eq!(z[0].zone_type, ZoneType::DefaultForKeysAndPersons)
        })
        .get("/api/v2/Zones")
        .session()
        .answer(json!([{"Zone_ID": id(9), "Name": "Default", "Type": 4}])),
        ep(ListRealEstates::new())
            .get("/api/v2/RealEstates")
            .session()
            .answer(json!([{"RealEstate_ID": Uuid::nil(), "Name": "Root"}])),
        // time profiles
        ep(ListTimeLimitTitles::new())
            .get("/api/v2/TimeLimitTitles")
            .session()
            .answer(json!([{"TimeLimitTitle_ID": id(50), "Name": "Office"}])),
        ep(GetTimeLimitTitle::new(title()))
            .get(format!("/api/v2/TimeLimitTitles/{}", title()))
            .session()
            .answer(json!({"TimeLimitTitle_ID": id(50)})),
        ep_then(GetKeyTimeLimits::new(k(), AccessMode::LastProgrammed), |l| {
            assert_eq!(l, full_limits())
        })
        .get(format!("{kp}/TimeLimitTitles"))
        .query(&[("mode", "2")])
        .session()
        .answer(json!({
            "KeyScheduler": scheduler_json(),
            "KeyTimeLimitSlots": [end_slot_json(), profile_slot_json(), scheduled_slot_json()],
            "OfflineExpirationSeconds": 3600,
            "OutsideUserZoneTimeLimitTitleSlots": [3, 4]
        })),
        ep(DeleteKeyTimeLimit::new(k(), title()))
            .delete(format!("{kp}/TimeLimitTitles/{}", title()))
            .session(),
        // Both take `InsertKeyTimeLimitSlotParam`: the slot under `TimeLimitSlot`.
        ep_then(CanAddKeyTimeLimit::new(k(), profile_slot()).unwrap(), |c| {
            assert_eq!(c, CanAddTimeLimit::NotQuarterHour)
        })
        .post(format!("{kp}/TimeLimitTitles/CanAdd"))
        .json(json!({"TimeLimitSlot": profile_slot_json()}))
        .session()
        .answer(json!(7)),
        ep(AddKeyTimeLimit::new(k(), profile_slot()).unwrap())
            .post(format!("{kp}/TimeLimitTitles"))
            .json(json!({"TimeLimitSlot": profile_slot_json()}))
            .session(),
        // Time profiles: `InsertTimeLimitTitlesParam` / `UpdateTimeLimitTitlesParam`.
        ep(InsertTimeLimitTitle::new(time_profile()).unwrap())
            .post("/api/v2/TimeLimitTitles")
            .json(time_profile_json())
            .session(),
        ep(UpdateTimeLimitTitle::new(time_profile()).unwrap())
            .put("/api/v2/TimeLimitTitles")
            .json(time_profile_json())
            .session(),
        ep_then(CanDeleteTimeLimitTitleRequest::new(title()), |c| {
            assert_eq!(c, CanDeleteTimeLimitTitle::Ok)
        })
        .get(format!("/api/v2/TimeLimitTitles/{}/CanDelete", title()))
        .session()
        .answer(json!(0)),
        ep(DeleteTimeLimitTitle::new(title()))
            .delete(format!("/api/v2/TimeLimitTitles/{}", title()))
            .session(),
        ep_then(GetTimeLimitData::new(title()), |d| {
            assert_eq!((d[0].start_ms, d[0].end_ms), (28_800_000, 86_400_000))
        })
        .get(format!("/api/v2/TimeLimitTitles/{}/TimeLimitData", title()))
        .session()
        .answer(json!([{"TimeLimitData_ID": id(51), "TimeLimitTitle_ID": id(50), "WeekDayMask": 96,
            "StartTime": "08:00:00", "EndTime": "1.00:00:00"}])),
        ep_then(GetKeyTimeLimit::new(k(), title()), |s| {
            assert_eq!(s.time_limit_title_id, Some(title()))
        })
        .get(format!("{kp}/TimeLimitTitles/{}", title()))
        .session()
        .answer(profile_slot_json()),
        // `UpdateKeyTimeLimitSlotParam`: the slot under `TimeLimitSlot`.
        ep(UpdateKeyTimeLimit::new(k(), title(), profile_slot()).unwrap())
            .put(format!("{kp}/TimeLimitTitles/{}", title()))
            .json(json!({"TimeLimitSlot": profile_slot_json()}))
            .session(),
        // The obsolete GET carries the POST's body.
        ep(CanAddKeyTimeLimitObsolete::new(k(), profile_slot()).unwrap())
            .get(format!("{kp}/TimeLimitTitles/CanAdd"))
            .json(json!({"TimeLimitSlot": profile_slot_json()}))
            .session()
            .answer(json!(0)),
        // blocklist
        ep_then(GetBlocklist::new(), |b| {
            let item = &b.items[0];
            assert_eq!((item.key_id, item.key_type), (k(), KeyTypeMask::S5_KEY));
            assert_eq!(item.added, Some(Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap()));
            assert_eq!(item.person_name.as_deref(), Some("Ada Lovelace"));
            assert_eq!(b.packet.as_ref().map(|p| p.soft_data_version), Some(4));
            assert_eq!(b.outside_user_zone_key_count, 1);
        })
        .get("/api/v2/Blacklists")
        .session()
        .answer(json!({"BlacklistItems": [{
            "BlackListDateUtc": "2025-03-01T12:00:00Z", "BlacklistVersion": "4", "ChangeType": 1,
            "FNKey_ID": id(7), "FNKeyBlacklistPacketLink_ID": id(80), "KeyStamp": "1001",
            "KeyTypeMask": 264, "Name": "Front door", "PersonName": "Ada Lovelace"}],
            "BlacklistPacket": {"BlacklistPacket_ID": id(81), "HardDataVersion": 3, "SoftDataVersion": 4, "State": 1},
            "OutsideUserZoneKeyCount": 1})),
        ep_then(CanAddKeyToBlocklist::new(k()), |b| assert!(b))
            .get(format!("/api/v2/Blacklists/CanAddKey/{}", k()))
            .session()
            .answer(json!(true)),
        ep(AddKeyToBlocklist::new(k()))
            .post(format!("/api/v2/Blacklists/AddKey/{}", k()))
            .session(),
        ep_then(CanRemoveKeyFromBlocklist::new(k()), |b| assert!(!b))
            .get(format!("/api/v2/Blacklists/CanRemoveKey/{}", k()))
            .session()
            .answer(json!(false)),
        ep(RemoveKeyFromBlocklist::new(k()))
            .delete(format!("/api/v2/Blacklists/RemoveKey/{}", k()))
            .session(),
        ep_then(CanOrderBlocklistRequest::new(), |c| {
            assert_eq!(c, CanOrderBlocklist::TooManyItems)
        })
        .get("/api/v2/Blacklists/CanOrderS40Blacklist")
        .session()
        .answer(json!(3)),
        ep(OrderBlocklist::new())
            .post("/api/v2/Blacklists/OrderS40Blacklist")
            .session(),
        // webhooks
        ep(ListWebhookEvents::new())
            .get("/api/v2/Webhooks/Events")
            .session()
            .answer(json!([{"Id": id(70), "Name": "device_log_arrived"}])),
        ep(ListSubscriptions::new())
            .get("/api/v2/Webhooks/Subscriptions")
            .session()
            .answer(json!([])),
        ep(GetSubscription::new(sub_id))
            .get(format!("/api/v2/Webhooks/Subscriptions/{sub_id}"))
            .session()
            .answer(json!({"SubscriptionId": sub_id})),
        // Void in the reference: an empty 200 (or 204) is success.
        ep(AddSubscription::new(subscription()).unwrap())
            .post("/api/v2/Webhooks/Subscriptions")
            .json(subscription_json())
            .session()
            .reply(ResponseTemplate::new(200)),
        ep(UpdateSubscription::new(subscription()).unwrap())
            .put("/api/v2/Webhooks/Subscriptions")
            .json(subscription_json())
            .session(),
        ep(DeleteSubscription::new(sub_id))
            .delete(format!("/api/v2/Webhooks/Subscriptions/{sub_id}"))
            .session(),
        // calendars (CalendarDataTitlesApi)
        ep_then(ListCalendarDataTitles::new(), |t| {
            assert_eq!((t[0].name.as_deref(), t[0].calendar_type), (Some("Lobby"), 3))
        })
        .get("/api/v2/CalendarDataTitles")
        .session()
        .answer(json!([calendar_title_json()])),
        ep_then(GetCalendarDataTitle::new(cal()), |t| {
            assert_eq!(t.reservable_period_length_weeks, 4)
        })
        .get(format!("/api/v2/CalendarDataTitles/{}", cal()))
        .session()
        .answer(calendar_title_json()),
        ep(InsertCalendarDataTitle::new(RealEstateId::new(id(86)), zone(), 3)
            .id(cal())
            .name("Lobby")
            .description("Opening hours")
            .option_mask(1)
            .reservable_period_length_weeks(4)
            .reservation_target_type(2))
        .post("/api/v2/CalendarDataTitles")
        .json(calendar_title_json())
        .session(),
        ep(UpdateCalendarDataTitle::new(cal(), RealEstateId::new(id(86)), ZoneId::new(id(1)), 0)
            .name("Lobby")
            .description("Opening hours")
            .option_mask(1)
            .reservable_period_length_weeks(4)
            .reservation_target_type(2)
            .calendar_type(3)
            .zone(zone()))
        .put("/api/v2/CalendarDataTitles")
        .json(calendar_title_json())
        .session(),
        ep(DeleteCalendarDataTitle::new(cal()))
            .delete(format!("/api/v2/CalendarDataTitles/{}", cal()))
            .session(),
        // calendar entries (CalendarDatasApi)
        ep_then(
            GetCalendarDatasOfTitle::new(cal())
                .start_date(local("2025-06-01T00:00:00"))
                .end_date(local("2025-06-30T23:45:00")),
            |set| assert_eq!(set, calendar_set()),
        )
        .get(format!("/api/v2/CalendarDataTitles/{}/CalendarDatas", cal()))
        .query(&[("startDate", "2025-06-01T00:00:00"), ("endDate", "2025-06-30T23:45:00")])
        .session()
        .answer(calendar_set_json()),
        ep_then(GetCalendarData::new(CalendarDataId::new(id(81))), |item| {
            assert_eq!(item.recurring_entry, Some(recurring()))
        })
        .get(format!("/api/v2/CalendarDatas/{}", id(81)))
        .session()
        .answer(json!({"Entry": null, "RecurringEntry": recurring_json(), "RecurringEntryException": null})),
        ep(InsertCalendarDatas::new(calendar_set()).unwrap())
            .post("/api/v2/CalendarDatas")
            .json(calendar_set_json())
            .session(),
        ep(UpdateCalendarDatas::new(calendar_set()).unwrap())
            .put("/api/v2/CalendarDatas")
            .json(calendar_set_json())
            .session(),
        ep(DeleteCalendarData::new(CalendarDataId::new(id(81))))
            .delete(format!("/api/v2/CalendarDatas/{}", id(81)))
            .session(),
        // calendar entry / security role links (CalendarDataSecurityRoleLinksApi)
        ep_then(GetCalendarDataSecurityRoleLinks::new(CalendarDataId::new(id(81))), |l| {
            assert_eq!(l[0].security_role_id, Some(role()))
        })
        .get(format!("/api/v2/CalendarDatas/{}/CalendarDataSecurityRoleLinks", id(81)))
        .session()
        .answer(json!([{"CalendarData_ID": id(81), "SecurityRole_ID": id(87)}])),
        ep(GetSecurityRoleCalendarDataLinks::new(role()))
            .get(format!("/api/v2/SecurityRoles/{}/CalendarDataSecurityRoleLinks", role()))
            .session()
            .answer(json!([{"CalendarData_ID": id(81), "SecurityRole_ID": id(87)}])),
        ep(InsertCalendarDataSecurityRoleLinks::new(
            CalendarDataId::new(id(81)),
            vec![role(), SecurityRoleId::new(id(88))],
        )
        .unwrap())
        .post(format!("/api/v2/CalendarDatas/{}/CalendarDataSecurityRoleLinks", id(81)))
        .json(json!({"SecurityRoleIds": [id(87), id(88)]}))
        .session(),
        ep(SetCalendarDataSecurityRoleLinks::new(CalendarDataId::new(id(81)), vec![role()]))
            .put(format!("/api/v2/CalendarDatas/{}/CalendarDataSecurityRoleLinks", id(81)))
            .json(json!({"SecurityRoleIds": [id(87)]}))
            .session(),
        ep(DeleteCalendarDataSecurityRoleLinks::new(CalendarDataId::new(id(81)), vec![role()]).unwrap())
            .post(format!("/api/v2/CalendarDatas/{}/CalendarDataSecurityRoleLinks/Delete", id(81)))
            .json(json!({"SecurityRoleIds": [id(87)]}))
            .session(),
        // calendar / relay links (CalendarNetworkModuleRelayLinksApi)
        ep_then(GetCalendarRelayLinks::new(cal()), |l| {
            assert_eq!(l[0].relay_id, Some(relay()))
        })
        .get(format!("/api/v2/CalendarDataTitles/{}/CalendarNetworkModuleDeviceRelayLinks", cal()))
        .session()
        .answer(json!([{"CalendarDataTitle_ID": id(80), "NetworkModuleDeviceRelay_ID": id(92)}])),
        ep(GetRelayCalendarLinks::new(relay()))
            .get(format!("/api/v2/NetworkModuleDeviceRelays/{}/CalendarNetworkModuleDeviceRelayLinks", relay()))
            .session()
            .answer(json!([{"CalendarDataTitle_ID": id(80), "NetworkModuleDeviceRelay_ID": id(92)}])),
        ep(SetCalendarRelayLinks::new(cal(), vec![relay()]))
            .put(format!("/api/v2/CalendarDataTitles/{}/CalendarNetworkModuleDeviceRelayLinks", cal()))
            .json(json!({"NetworkModuleDeviceRelayIds": [id(92)]}))
            .session(),
        // network modules (NetworkModulesApi, NetworkModuleDevicesApi, NetworkModuleDeviceRelaysApi)
        ep_then(ListNetworkModules::new(), |m| {
            assert_eq!(
                (m[0].module_type, m[0].calendar_data_state, m[0].port_user_defined),
                (NetworkModuleType::N501, NetworkModuleCalendarState::Confirmed, Some(8443))
            );
            assert!(m[0].state_mask.contains(NetworkModuleStateMask::PROGRAMMED));
        })
        .get("/api/v2/NetworkModules")
        .session()
        .answer(json!([network_module_json()])),
        ep(GetNetworkModule::new(module()))
            .get(format!("/api/v2/NetworkModules/{}", module()))
            .session()
            .answer(network_module_json()),
        ep(GetNetworkModuleDevicesOfModule::new(module()))
            .get(format!("/api/v2/NetworkModules/{}/NetworkModuleDevices", module()))
            .session()
            .answer(json!([device_json()])),
        ep(GetRelaysOfNetworkModule::new(module()))
            .get(format!("/api/v2/NetworkModules/{}/NetworkModuleDeviceRelays", module()))
            .session()
            .answer(json!([relay_json()])),
        ep_then(ListNetworkModuleDevices::new(), |d| {
            assert_eq!(d[0].network_module_id, Some(module()))
        })
        .get("/api/v2/NetworkModuleDevices")
        .session()
        .answer(json!([device_json()])),
        ep(GetNetworkModuleDevice::new(device()))
            .get(format!("/api/v2/NetworkModuleDevices/{}", device()))
            .session()
            .answer(device_json()),
        ep(GetRelaysOfNetworkModuleDevice::new(device()))
            .get(format!("/api/v2/NetworkModuleDevices/{}/NetworkModuleDeviceRelays", device()))
            .session()
            .answer(json!([relay_json()])),
        ep_then(GetNetworkModuleDeviceRelay::new(relay()), |r| {
            assert!(r.is_in_use() && r.relay_no == 1)
        })
        .get(format!("/api/v2/NetworkModuleDeviceRelays/{}", relay()))
        .session()
        .answer(relay_json()),
        ep_then(ListPendingPayloadSubscriptions::new(), move |p| {
            assert_eq!(p.subscription_ids, vec![sub_id])
        })
        .get("/api/v2/Webhooks/Subscriptions/PendingPayloads")
        .session()
        .answer(json!({"SubscriptionIds": [sub_id]})),
        ep(ListPendingEventSubscriptions::new())
            .get("/api/v2/Webhooks/Subscriptions/PendingEvents")
            .session()
            .answer(json!({"SubscriptionIds": []})),
        ep_then(GetSubscriptionPayloads::new(sub_id, EventState::FAILED_FINAL), |p| {
            assert_eq!(p[0].state, EventState::FAILED_FINAL);
            assert_eq!(p[0].failed_requests, 7);
        })
        .get(format!("/api/v2/Webhooks/Subscriptions/{sub_id}/Payloads"))
        .query(&[("state", "4")])
        .session()
        .answer(json!([{"WebhookEventPayloadId": id(72), "SubscriptionId": sub_id, "Counter": 5,
            "CreatedUtc": "2025-05-01T06:15:00Z", "Data": "{}", "FailedRequests": 7, "Response": "503", "State": 4}])),
        ep(GetSubscriptionPendingEvents::new(sub_id))
            .get(format!("/api/v2/Webhooks/Subscriptions/{sub_id}/PendingEvents"))
            .session()
            .answer(json!([])),
        // the session ends last
        ep(KillSession::new())
            .get("/api/v2/KillSession")
            .session(),
    ]
}

/// The endpoint names the table covers, so that a new endpoint without a row
/// is noticed: every `name:` of the crate's `endpoint!` blocks.
const ALL_ENDPOINTS: usize = 136;

#[tokio::test]
async fn every_endpoint_sends_the_documented_request() {
    let rows = table();
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        ALL_ENDPOINTS,
        "one row (or a reported defect) per endpoint: {names:#?}"
    );
    run(rows, None).await;
}

#[tokio::test]
async fn with_the_api_gateway_every_request_carries_x_api_key() {
    run(table(), Some(GATEWAY_KEY)).await;
}

/// The client's own session set-up: `GetUrl` and `CreateSession` without a
/// session header, then `LockGroups` and `SetLockgroup` with it; every body
/// exact; with the gateway key on all four, and the pool URL `GetUrl` answers
/// used from `CreateSession` on.
#[tokio::test]
async fn login_flow_sends_the_documented_requests() {
    for gateway in [None, Some(GATEWAY_KEY)] {
        let server = MockServer::start().await;
        let pool = format!("{}/iloqwspool2/", server.uri());
        let ok = |v: Value| ResponseTemplate::new(200).set_body_json(v);
        Mock::given(method("POST"))
            .and(path("/iloqws/api/v2/Url/GetUrl"))
            .respond_with(ok(json!(pool)))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/iloqwspool2/api/v2/CreateSession"))
            .respond_with(ok(json!({"Result": 1, "SessionID": SID})))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/iloqwspool2/api/v2/LockGroups"))
            .respond_with(ok(json!([{"LockGroup_ID": LG}, {"LockGroup_ID": id(2)}])))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/iloqwspool2/api/v2/SetLockgroup"))
            .respond_with(ok(json!({"RightsMask": 1})))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/iloqwspool2/api/v2/Zones"))
            .respond_with(ok(json!([])))
            .mount(&server)
            .await;
        let mut b = Client::builder()
            .base_url(format!("{}/iloqws", server.uri()))
            .customer_code("CUST-1")
            .credentials("agent", SecretString::from(PASSWORD))
            .lock_group(LockGroupId::new(id(2)));
        if let Some(key) = gateway {
            b = b.api_key(SecretString::from(key));
        }
        let client = b.build().unwrap();
        assert!(client.zones().list().await.unwrap().is_empty());
        let expected = [
            seen()
                .post("/iloqws/api/v2/Url/GetUrl")
                .json(json!({"CustomerCode": "CUST-1"}))
                .no_session(),
            seen()
                .post("/iloqwspool2/api/v2/CreateSession")
                .json(json!({"UserName": "agent", "Password": PASSWORD, "CustomerCode": "CUST-1", "ApiKey": null, "ApiSecret": null}))
                .no_session(),
            seen()
                .get("/iloqwspool2/api/v2/LockGroups")
                .session(),
            seen()
                .post("/iloqwspool2/api/v2/SetLockgroup")
                .json(json!({"LockGroup_ID": id(2)}))
                .session(),
            seen().get("/iloqwspool2/api/v2/Zones").session(),
        ];
        let received = server.received_requests().await.unwrap();
        assert_eq!(received.len(), expected.len(), "{received:#?}");
        let mut failures = Vec::new();
        for (row, r) in expected.iter().zip(&received) {
            let bad = compare(row, r, gateway);
            if !bad.is_empty() {
                failures.push(format!(
                    "{} {}:\n  {}",
                    row.method,
                    row.path,
                    bad.join("\n  ")
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
