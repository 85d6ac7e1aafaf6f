//! The iLOQ simulator's wire handling, checked against hand-written JSON in the
//! documented shapes of iLOQ's OpenAPI document (issue 22, part 4).
//!
//! Every request here goes through a plain `reqwest::Client`, never through the
//! SDK's client or request types; every body and every expected answer is
//! written by hand from `shared/api/iloq-openapi.md` (the exact JSON names of
//! iLOQ's `swagger.json`, as the ENK client generated them) and
//! `shared/api/iloq.md` (the session flow, HEL's and T4E's observed error
//! bodies). Answers are compared field by field: the same keys, types and
//! values. Fields the spec marks nullable may be absent or `null` (a .NET server
//! may leave them out); fields it marks non-nullable must be present. Only
//! generated values (session ids, log ids) are matched by kind.
//!
//! Every row asserts the documented shape; a simulator that disagrees fails
//! the test (none is ignored).

#![cfg(feature = "testkit")]

use std::fmt::Write as _;

use access_core::testkit::SimClock;
use access_core::testkit::wire::{
    ANY_GUID, ANY_INT, ANY_STRING, ANY_TIMESTAMP, NULLABLE, json_diff as diff,
};
use chrono::TimeZone;
use iloq_sdk::testkit::{IloqSim, SimConfig};
use iloq_sdk::{KeyId, LockId};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// A plain HTTP client and a JSON matcher, independent of the SDK's types.
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Want {
    Status(u16),
    /// "void (empty response body)": any 2xx (the sheet: 200 or 204 is
    /// undocumented) and no body.
    Void,
}

/// One request and the answer iLOQ documents for it.
struct Row {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    session: bool,
    want: Want,
    answer: Value,
}

fn row(method: &'static str, path: impl Into<String>) -> Row {
    Row {
        method,
        path: path.into(),
        query: Vec::new(),
        body: None,
        session: true,
        want: Want::Status(200),
        answer: Value::Null,
    }
}

impl Row {
    fn q(mut self, k: &str, v: impl Into<String>) -> Self {
        self.query.push((k.into(), v.into()));
        self
    }
    fn body(mut self, b: Value) -> Self {
        self.body = Some(b);
        self
    }
    fn no_session(mut self) -> Self {
        self.session = false;
        self
    }
    fn expect(mut self, status: u16, answer: Value) -> Self {
        self.want = Want::Status(status);
        self.answer = answer;
        self
    }
    fn void(mut self) -> Self {
        self.want = Want::Void;
        self.answer = Value::Null;
        self
    }
}

struct Wire {
    http: reqwest::Client,
    /// The service address (`Url/GetUrl` is called on it).
    service: String,
    /// The pool URL `Url/GetUrl` answered (ends in `/`).
    pool: String,
    session: Option<String>,
}

impl Wire {
    fn new(sim: &IloqSim) -> Self {
        Self {
            http: reqwest::Client::new(),
            service: sim.uri(),
            pool: format!("{}/iloqwspool1/", sim.uri()),
            session: None,
        }
    }

    async fn send(&self, r: &Row) -> (u16, Value) {
        let full = if r.path.starts_with("http") {
            r.path.clone()
        } else {
            format!("{}{}", self.pool, r.path)
        };
        let mut url = reqwest::Url::parse(&full).unwrap();
        if !r.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &r.query {
                pairs.append_pair(k, v);
            }
        }
        let mut req = self.http.request(
            reqwest::Method::from_bytes(r.method.as_bytes()).unwrap(),
            url,
        );
        if r.session
            && let Some(s) = &self.session
        {
            req = req.header("SessionId", s);
        }
        if let Some(b) = &r.body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let resp = req.send().await.expect("the simulator answers");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.unwrap();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        (status, value)
    }

    /// Runs the rows in order; fails with every mismatch, row by row.
    async fn check(&self, rows: Vec<Row>) {
        let mut report = String::new();
        for (i, r) in rows.iter().enumerate() {
            let (status, got) = self.send(r).await;
            let mut problems = Vec::new();
            match r.want {
                Want::Status(s) if s != status => {
                    problems.push(format!("status: want {s}, got {status}"))
                }
                Want::Void if !(200..300).contains(&status) => {
                    problems.push(format!("status: want 2xx (void), got {status}"))
                }
                _ => {}
            }
            diff("$", &r.answer, &got, &mut problems);
            if !problems.is_empty() {
                let _ = writeln!(
                    report,
                    "row {i}: {} {} {:?}\n  answer: {got}\n  - {}",
                    r.method,
                    r.path,
                    r.query,
                    problems.join("\n  - ")
                );
            }
        }
        assert!(
            report.is_empty(),
            "answers differ from the documented shapes:\n{report}"
        );
    }

    /// Steps 1 to 4 of the documented session flow, each answer checked.
    async fn log_in(&mut self) {
        let pool = self.pool.clone();
        self.check(vec![
            row("POST", format!("{}/api/v2/Url/GetUrl", self.service))
                .no_session()
                .body(json!({"CustomerCode": "DEMO-ILOQ"}))
                .expect(200, json!(pool)),
        ])
        .await;
        let (status, body) = self
            .send(
                &row("POST", "api/v2/CreateSession")
                    .no_session()
                    .body(json!({
                        "UserName": "api-agent",
                        "Password": "correct horse battery staple",
                        "CustomerCode": "DEMO-ILOQ",
                        "ApiKey": "",
                        "ApiSecret": "",
                    })),
            )
            .await;
        let mut problems = Vec::new();
        // CreateSessionResult {Result, SessionID}; HEL's real fixture has Result 0.
        diff(
            "$",
            &json!({"Result": 0, "SessionID": ANY_GUID}),
            &body,
            &mut problems,
        );
        assert!(
            status == 200 && problems.is_empty(),
            "CreateSession: {status} {body} {problems:?}"
        );
        self.session = Some(body["SessionID"].as_str().unwrap().to_string());
        self.check(vec![
            row("GET", "api/v2/LockGroups").expect(200, json!([lock_group()])),
            row("POST", "api/v2/SetLockgroup")
                .body(json!({"LockGroup_ID": seed(1)}))
                .expect(200, json!({"RightsMask": 4_503_599_627_370_495u64})),
        ])
        .await;
    }
}

/// The seeded ids of the simulator (`10000000-0000-4000-8000-<n>`).
fn seed(n: u32) -> String {
    format!("10000000-0000-4000-8000-{n:012x}")
}

const NIL: &str = "00000000-0000-0000-0000-000000000000";
const LOCK_GROUP: u32 = 1;
const DEFAULT_ZONE: u32 = 10;
const API_ACCESS: u32 = 20;
const API_ACCESS_2: u32 = 21;
const STANDARD_ACCESS: u32 = 22;
const S5_KEY_1: u32 = 100;
const FOB_1: u32 = 110;
const PROGRAMMED_KEY: u32 = 120;
const LOCK_1: u32 = 200;
const GRACE: u32 = 300;
const ALAN: u32 = 301;
const OFFICE_HOURS: u32 = 400;

/// `{"Code": ..., "Message": ...}`, the observed error body (HEL, T4E).
fn error(code: &str, message: &str) -> Value {
    json!({"Code": code, "Message": message})
}

/// LockGroup: every documented field; the nullable ones may be absent.
fn lock_group() -> Value {
    json!({
        "LockGroup_ID": seed(LOCK_GROUP),
        "Customer_ID": "00000000-0000-0000-0000-000000000007",
        "Name": "Demo Office",
        "Description": "Simulated 5 Series locking system",
        "Address": NULLABLE,
        "Classification": NULLABLE,
        "ContactPerson": NULLABLE,
        "CountryCode": NULLABLE,
        "InfoText": NULLABLE,
        "FrontImage": NULLABLE,
        "ProgrammingAdmin": NULLABLE,
        "ExpireDateUTC": "2030-01-01T00:00:00Z",
        "AdapterVersion": 1,
        // 1 handover without return | 2 zones | 2048 Public API | 4096 S50 |
        // 16384 API access rights | 65536 5 Series.
        "OptionMask": 88_067,
        "State": 0,
        "TimeZoneStandardName": "W. Europe Standard Time",
    })
}

/// A Person with every documented field: `fields` set, the others nullable.
fn person(fields: Value) -> Value {
    let mut p = json!({
        "Person_ID": ANY_GUID, "FirstName": NULLABLE, "LastName": NULLABLE, "PersonCode": NULLABLE,
        "ExternalPersonId": NULLABLE, "eMail": NULLABLE, "Phone1": NULLABLE, "Phone2": NULLABLE,
        "Phone3": NULLABLE, "Address": NULLABLE, "ZipCode": NULLABLE, "PostOffice": NULLABLE,
        "Country": NULLABLE, "CompanyName": NULLABLE, "WorkTitle": NULLABLE, "ContactInfo": NULLABLE,
        "Description": NULLABLE, "LanguageCode": NULLABLE, "EmploymentEndDate": NULLABLE,
        "ExternalCanEdit": true, "State": 0,
    });
    for (k, v) in fields.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

fn grace() -> Value {
    person(json!({
        "Person_ID": seed(GRACE), "FirstName": "Grace", "LastName": "Hopper", "PersonCode": "P1",
        "ExternalPersonId": "HR-1", "eMail": "grace@example.com", "Phone1": "", "Address": "",
    }))
}

fn alan() -> Value {
    person(json!({
        "Person_ID": seed(ALAN), "FirstName": "Alan", "LastName": "Turing", "PersonCode": "P2",
        "ExternalPersonId": "HR-2", "eMail": "alan@example.com", "Phone1": "", "Address": "",
    }))
}

/// A Key with every documented field; `fields` override the planning-state defaults.
fn key(fields: Value) -> Value {
    let mut k = json!({
        "FNKey_ID": ANY_GUID, "Person_ID": null, "RealEstate_ID": NIL, "Description": "",
        "InfoText": "", "ExpireDate": null, "KeyTypeMask": 264, "State": 0, "ProgrammingState": 0,
        "IsProgrammed": false, "ROM_ID": "", "Stamp": "", "StampSource": 0, "TagKey": "",
        "TagKeyHex": "", "TagKeySource": 0, "VersionCode": ANY_STRING,
    });
    for (k2, v) in fields.as_object().unwrap() {
        k[k2] = v.clone();
    }
    k
}

fn s5_key_1() -> Value {
    key(
        json!({"FNKey_ID": seed(S5_KEY_1), "Description": "S5 key 1", "ROM_ID": "ROM-S5-0001", "Stamp": "1001"}),
    )
}

fn fob_1() -> Value {
    key(
        json!({"FNKey_ID": seed(FOB_1), "Description": "Fob 1", "ROM_ID": "ROM-FOB-0001", "KeyTypeMask": 10}),
    )
}

fn programmed_key() -> Value {
    key(json!({
        "FNKey_ID": seed(PROGRAMMED_KEY), "Person_ID": seed(GRACE), "Description": "S5 key (Grace)",
        "State": 1, "ProgrammingState": 3, "IsProgrammed": true, "ROM_ID": "ROM-S5-0900",
    }))
}

/// A SecurityAccess with every documented field.
fn access(n: u32, name: &str, ty: i64) -> Value {
    json!({
        "SecurityAccess_ID": seed(n), "Name": name, "Description": "", "RealEstate_ID": NIL,
        "Zone_ID": seed(DEFAULT_ZONE), "Type": ty, "Status": 0, "AccessMode": 0, "DefaultAccess": 0,
        "Ext": 0, "ExtDescription": NULLABLE, "ParentSecurityAccess_ID": NULLABLE, "VersionNr": 1,
    })
}

fn api_access() -> Value {
    access(API_ACCESS, "Main entrance (API)", 3)
}

fn api_access_2() -> Value {
    access(API_ACCESS_2, "Server room (API)", 3)
}

fn standard_access() -> Value {
    access(STANDARD_ACCESS, "All doors (Standard)", 1)
}

async fn logged_in() -> (IloqSim, Wire) {
    let sim = IloqSim::start().await;
    let mut w = Wire::new(&sim);
    w.log_in().await;
    (sim, w)
}

// ---------------------------------------------------------------------------
// Session: GetUrl, CreateSession, LockGroups, SetLockgroup, KillSession, 401.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn session_set_up_and_the_invalid_session_error() {
    let sim = IloqSim::start().await;
    let mut w = Wire::new(&sim);
    let service = w.service.clone();
    w.check(vec![
        // AuthenticationApi: GET Test -> "Test OK"; Version -> a string.
        row("GET", format!("{service}/api/v2/Test"))
            .no_session()
            .expect(200, json!("Test OK")),
        row("GET", format!("{service}/api/v2/Version"))
            .no_session()
            .expect(200, json!(ANY_STRING)),
        // PublicApiGetUrlParam: CustomerCode is 2-50 characters.
        row("POST", format!("{service}/api/v2/Url/GetUrl"))
            .no_session()
            .body(json!({"CustomerCode": "X"}))
            .expect(
                400,
                error(
                    "ValidationFailed",
                    "Invalid value (X) for parameter CustomerCode.",
                ),
            ),
        // Calls must use the resolved pool URL [I] status.
        row("POST", format!("{service}/api/v2/CreateSession"))
            .no_session()
            .body(json!({"UserName": "api-agent", "Password": "x", "CustomerCode": "DEMO-ILOQ", "ApiKey": null, "ApiSecret": null}))
            .expect(404, error("NotFound", ANY_STRING)),
        // A failed login: Result 5 "Invalid credentials or customer code" and no
        // SessionID [I] (the HTTP status of a failure is undocumented).
        row("POST", "api/v2/CreateSession")
            .no_session()
            .body(json!({"UserName": "api-agent", "Password": "wrong", "CustomerCode": "DEMO-ILOQ", "ApiKey": null, "ApiSecret": null}))
            .expect(200, json!({"Result": 5, "SessionID": null})),
    ])
    .await;

    w.log_in().await;
    let sid = w.session.clone().unwrap();
    w.check(vec![
        row("GET", "api/v2/Zones").expect(
            200,
            json!([
                {"Zone_ID": seed(10), "Name": "Keys and persons", "Description": "", "TimeZone_ID": "W. Europe Standard Time", "Type": 4},
                {"Zone_ID": seed(11), "Name": "Office", "Description": "", "TimeZone_ID": "W. Europe Standard Time", "Type": 1},
                {"Zone_ID": seed(12), "Name": "Locks", "Description": "", "TimeZone_ID": "W. Europe Standard Time", "Type": 2},
            ]),
        ),
        row("POST", "api/v2/SetLockgroup")
            .body(json!({"LockGroup_ID": seed(999)}))
            .expect(400, error("ValidationFailed", ANY_STRING)),
        // Without the SessionId header: 401 "Invalid session id: " (HEL).
        row("GET", "api/v2/Persons")
            .no_session()
            .expect(401, error("Unauthorized", "Invalid session id: ")),
        // KillSession: body unspecified.
        row("GET", "api/v2/KillSession").void(),
        // HEL's fixture: {"Code":"Unauthorized","Message":"Invalid session id: <guid>"}.
        row("GET", "api/v2/Persons").expect(
            401,
            error("Unauthorized", &format!("Invalid session id: {sid}")),
        ),
    ])
    .await;

    // A session whose locking system is not set yet: nothing but LockGroups and
    // SetLockgroup works [I] 403.
    let (_, body) = w
        .send(
            &row("POST", "api/v2/CreateSession")
                .no_session()
                .body(json!({
                    "UserName": "api-agent", "Password": "correct horse battery staple",
                    "CustomerCode": "DEMO-ILOQ", "ApiKey": "", "ApiSecret": "",
                })),
        )
        .await;
    w.session = body["SessionID"].as_str().map(str::to_string);
    w.check(vec![
        row("GET", "api/v2/Persons").expect(403, error("Forbidden", ANY_STRING)),
        row("GET", "api/v2/LockGroups").expect(200, json!([lock_group()])),
    ])
    .await;

    // Sessions expire: the next call is the 401 of HEL's fixture.
    sim.expire_sessions();
    let sid = w.session.clone().unwrap();
    w.check(vec![row("GET", "api/v2/LockGroups").expect(
        401,
        error("Unauthorized", &format!("Invalid session id: {sid}")),
    )])
    .await;
}

// ---------------------------------------------------------------------------
// Persons: insert, get, by external ids, update, can-delete, delete.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn persons_create_get_list_update_and_delete() {
    let (_sim, w) = logged_in().await;
    let id = "20000000-0000-4000-8000-000000000001";
    // InsertPersonParamPerson: every documented field.
    let ada = json!({
        "Person_ID": id, "FirstName": "Ada", "LastName": "Lovelace", "PersonCode": "ES-1001",
        "ExternalPersonId": "ES-1001", "eMail": "ada@example.com", "Phone1": "+31612345678",
        "Phone2": "", "Phone3": "", "Address": "Main street 1", "ZipCode": "1011 AB",
        "PostOffice": "Amsterdam", "Country": "NL", "CompanyName": "Analytical Engines",
        "WorkTitle": "Programmer", "ContactInfo": "", "Description": "from EasySecure",
        "LanguageCode": "en", "EmploymentEndDate": "2030-12-31T00:00:00", "ExternalCanEdit": true,
        "State": 0,
    });
    let mut ada_updated = ada.clone();
    ada_updated["LastName"] = json!("King");
    ada_updated["Phone2"] = json!("+31687654321");
    w.check(vec![
        // Person[]: all of them, no paging.
        row("GET", "api/v2/Persons").expect(200, json!([grace(), alan()])),
        row("GET", format!("api/v2/Persons/{}", seed(GRACE))).expect(200, grace()),
        // InsertPersonParam {"Person", "ZoneIds"} -> InsertResult {"PersonIds"}.
        row("POST", "api/v2/Persons")
            .body(json!({"Person": ada, "ZoneIds": [seed(DEFAULT_ZONE)]}))
            .expect(200, json!({"PersonIds": [id]})),
        row("GET", format!("api/v2/Persons/{id}")).expect(200, person(ada.clone())),
        // The query array is repeated `externalPersonIds=` keys.
        row("GET", "api/v2/Persons/GetByExternalPersonIds")
            .q("externalPersonIds", "HR-2")
            .q("externalPersonIds", "ES-1001")
            .expect(200, json!([alan(), person(ada.clone())])),
        // HEL: an unknown external id is a 400, not an empty list.
        row("GET", "api/v2/Persons/GetByExternalPersonIds")
            .q("externalPersonIds", "NOPE-9")
            .expect(
                400,
                error(
                    "ValidationFailed",
                    "Invalid value (NOPE-9) for parameter externalPersonIds.",
                ),
            ),
        // ExternalPersonId must be unique; PersonCode is required (max 20);
        // ZoneIds is mandatory in practice (T4E).
        row("POST", "api/v2/Persons")
            .body(json!({"Person": {"PersonCode": "ES-1002", "ExternalPersonId": "ES-1001", "ExternalCanEdit": true, "State": 0}, "ZoneIds": [seed(DEFAULT_ZONE)]}))
            .expect(400, error("ValidationFailed", "Invalid value (ES-1001) for parameter ExternalPersonId.")),
        row("POST", "api/v2/Persons")
            .body(json!({"Person": {"PersonCode": "", "ExternalCanEdit": true, "State": 0}, "ZoneIds": [seed(DEFAULT_ZONE)]}))
            .expect(400, error("ValidationFailed", "Invalid value () for parameter Person.PersonCode.")),
        row("POST", "api/v2/Persons")
            .body(json!({"Person": {"PersonCode": "ES-1003", "ExternalCanEdit": true, "State": 0}, "ZoneIds": []}))
            .expect(400, error("ValidationFailed", "Invalid value ([]) for parameter ZoneIds.")),
        // UpdatePersonParam {"Person": {...}} -> void (HEL: empty body).
        row("PUT", "api/v2/Persons")
            .body(json!({"Person": ada_updated}))
            .void(),
        row("GET", format!("api/v2/Persons/{id}")).expect(200, person(ada_updated.clone())),
        // HEL f0c60aa: a bare person (no wrapper) is refused.
        row("PUT", "api/v2/Persons")
            .body(ada_updated.clone())
            .expect(400, error("ValidationFailed", ANY_STRING)),
        // PniPersonCanDeleteErrorType: 0 OK, 1 has active keys.
        row("GET", format!("api/v2/Persons/{id}/CanDelete")).expect(200, json!(0)),
        row("GET", format!("api/v2/Persons/{}/CanDelete", seed(GRACE))).expect(200, json!(1)),
        // GetKeysByPersonResult {"Keys": Key[]} (wrapped).
        row("GET", format!("api/v2/Persons/{}/Keys", seed(GRACE)))
            .expect(200, json!({"Keys": [programmed_key()]})),
        row("GET", format!("api/v2/Persons/{id}/Keys")).expect(200, json!({"Keys": []})),
        row("DELETE", format!("api/v2/Persons/{id}")).void(),
        // T4E: an unknown id answers an error containing "Invalid value".
        row("GET", format!("api/v2/Persons/{id}")).expect(
            400,
            error("ValidationFailed", &format!("Invalid value ({id}) for parameter id.")),
        ),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Keys: insert, get, security accesses, zones, order, update.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn keys_accesses_zones_order_and_update() {
    let (_sim, w) = logged_in().await;
    let k = "20000000-0000-4000-8000-0000000000a1";
    // InsertKeyParam with a KeyInsert of HEL's S5 defaults (KeyTypeMask 264).
    let insert = json!({
        "Key": {
            "FNKey_ID": k, "Person_ID": seed(ALAN), "RealEstate_ID": NIL, "Description": "S5 key (Alan)",
            "InfoText": "", "ExpireDate": null, "KeyTypeMask": 264, "ManufacturingInfo": "",
            "OnlineAccessCode": "", "ROM_ID": "", "Stamp": "", "TagKey": "", "VersionCode": null,
        },
        "SecurityAccessIds": [seed(API_ACCESS)],
        "ZoneIds": [seed(DEFAULT_ZONE)],
        "TimeLimitSlots": [],
        "KeyScheduler": null,
        "OfflineExpirationSeconds": 0,
    });
    let alans = key(
        json!({"FNKey_ID": k, "Person_ID": seed(ALAN), "Description": "S5 key (Alan)", "State": 1}),
    );
    let mut ordered = alans.clone();
    ordered["ProgrammingState"] = json!(1);
    // The whole key sent back with a new person and description (HEL, T4E).
    let mut handed = json!({
        "FNKey_ID": seed(S5_KEY_1), "Person_ID": seed(ALAN), "RealEstate_ID": NIL,
        "Description": "S5 key 1 (Alan)", "InfoText": "", "ExpireDate": null, "KeyTypeMask": 264,
        "State": 0, "ProgrammingState": 0, "IsProgrammed": false, "ROM_ID": "ROM-S5-0001",
        "Stamp": "1001", "StampSource": 0, "TagKey": "", "TagKeyHex": "", "TagKeySource": 0,
        "VersionCode": "1",
    });
    let handed_answer = key(json!({
        "FNKey_ID": seed(S5_KEY_1), "Person_ID": seed(ALAN), "Description": "S5 key 1 (Alan)",
        "State": 1, "ROM_ID": "ROM-S5-0001", "Stamp": "1001",
    }));
    w.check(vec![
        row("GET", format!("api/v2/Keys/{}", seed(PROGRAMMED_KEY))).expect(200, programmed_key()),
        // POST Keys -> Key.
        row("POST", "api/v2/Keys").body(insert).expect(200, alans.clone()),
        row("GET", format!("api/v2/Keys/{k}")).expect(200, alans.clone()),
        row("GET", format!("api/v2/Persons/{}/Keys", seed(ALAN))).expect(200, json!({"Keys": [alans]})),
        // GetKeySecurityAccessesResult; `mode` is required (1 = planned).
        row("GET", format!("api/v2/Keys/{k}/SecurityAccesses"))
            .q("mode", "1")
            .expect(200, json!({"SecurityAccesses": [api_access()], "OutsideUserZonesCount": 0})),
        row("GET", format!("api/v2/Keys/{k}/SecurityAccesses"))
            .expect(400, error("ValidationFailed", "Invalid value () for parameter mode.")),
        row("GET", format!("api/v2/Keys/{}/SecurityAccesses", seed(PROGRAMMED_KEY)))
            .q("mode", "2")
            .expect(200, json!({"SecurityAccesses": [api_access(), standard_access()], "OutsideUserZonesCount": 0})),
        // CanAddSecurityAccessLink: 1 = OK. AddSecurityAccessParam {"SecurityAccess_ID"}.
        row("GET", format!("api/v2/Keys/{k}/SecurityAccesses/CanAdd")).expect(200, json!(1)),
        row("POST", format!("api/v2/Keys/{k}/SecurityAccesses"))
            .body(json!({"SecurityAccess_ID": seed(API_ACCESS_2)}))
            .void(),
        // Only Type 3 (API access) can be changed through the API.
        row("POST", format!("api/v2/Keys/{k}/SecurityAccesses"))
            .body(json!({"SecurityAccess_ID": seed(STANDARD_ACCESS)}))
            .expect(400, error("ValidationFailed", ANY_STRING)),
        row("GET", format!("api/v2/Keys/{k}/SecurityAccesses"))
            .q("mode", "1")
            .expect(200, json!({"SecurityAccesses": [api_access(), api_access_2()], "OutsideUserZonesCount": 0})),
        // CanDeleteSecurityAccessLink: 1 = OK, 3 = link does not exist.
        row("GET", format!("api/v2/Keys/{k}/SecurityAccesses/{}/CanDelete", seed(API_ACCESS_2))).expect(200, json!(1)),
        row("DELETE", format!("api/v2/Keys/{k}/SecurityAccesses/{}", seed(API_ACCESS_2))).void(),
        row("GET", format!("api/v2/Keys/{k}/SecurityAccesses/{}/CanDelete", seed(API_ACCESS_2))).expect(200, json!(3)),
        // UpdateKeySecurityAccessesParam: the full replace, end date in slot 1 (T4E).
        row("PUT", format!("api/v2/Keys/{k}/SecurityAccesses"))
            .body(json!({
                "SecurityAccessIds": [seed(API_ACCESS), seed(API_ACCESS_2)],
                "TimeLimitSlots": [{"SlotNo": 1, "LimitDateLg": "9999-01-01T00:00:00"}],
                "OfflineExpirationSeconds": 0,
                "KeyScheduler": null,
                "OutsideUserZoneTimeLimitTitleSlots": null,
            }))
            .void(),
        row("GET", format!("api/v2/Keys/{k}/SecurityAccesses"))
            .q("mode", "1")
            .expect(200, json!({"SecurityAccesses": [api_access(), api_access_2()], "OutsideUserZonesCount": 0})),
        // GetZonesResult {"MainZone", "OutsideUserZoneCount", "ZoneIds"}.
        row("GET", format!("api/v2/Keys/{k}/Zones"))
            .expect(200, json!({"MainZone": null, "OutsideUserZoneCount": 0, "ZoneIds": [seed(DEFAULT_ZONE)]})),
        row("GET", format!("api/v2/Keys/{k}/CanUpdateMainZone")).expect(200, json!(0)),
        // UpdateKeyMainZoneParam {"Zone_ID"} with PUT (the spec table, HEL).
        row("PUT", format!("api/v2/Keys/{k}/UpdateMainZone"))
            .body(json!({"Zone_ID": seed(DEFAULT_ZONE)}))
            .void(),
        row("GET", format!("api/v2/Keys/{k}/Zones"))
            .expect(200, json!({"MainZone": seed(DEFAULT_ZONE), "OutsideUserZoneCount": 0, "ZoneIds": [seed(DEFAULT_ZONE)]})),
        // CanOrderKeyResultType 0 = OK, then POST Order (no body) -> void; 4 = wrong state.
        row("GET", format!("api/v2/Keys/{k}/CanOrder")).expect(200, json!(0)),
        row("POST", format!("api/v2/Keys/{k}/Order")).void(),
        row("GET", format!("api/v2/Keys/{k}")).expect(200, ordered),
        row("GET", format!("api/v2/Keys/{k}/CanOrder")).expect(200, json!(4)),
        // CanUpdateKeyMainZoneResult 2 = already ordered once; CanDeleteKeyResult
        // 2 = given to programming; CanReturnKeyResultType 2 = not a phone.
        row("GET", format!("api/v2/Keys/{k}/CanUpdateMainZone")).expect(200, json!(2)),
        row("GET", format!("api/v2/Keys/{k}/CanDelete")).expect(200, json!(2)),
        row("GET", format!("api/v2/Keys/{k}/CanReturn")).expect(200, json!(2)),
        row("GET", format!("api/v2/Keys/{}/CanDelete", seed(PROGRAMMED_KEY))).expect(200, json!(1)),
        // Keys/GetByRomIds?romIds=..&romIds=.. -> Key[].
        row("GET", "api/v2/Keys/GetByRomIds")
            .q("romIds", "ROM-S5-0001")
            .q("romIds", "ROM-FOB-0001")
            .expect(200, json!([s5_key_1(), fob_1()])),
        // UpdateKeyParam {"Key": {...}} -> void.
        row("PUT", "api/v2/Keys").q("updateVersionCode", "false").body(json!({"Key": handed.clone()})).void(),
        row("GET", format!("api/v2/Keys/{}", seed(S5_KEY_1))).expect(200, handed_answer),
        row("GET", format!("api/v2/Keys/{}", seed(999))).expect(
            400,
            error("ValidationFailed", &format!("Invalid value ({}) for parameter id.", seed(999))),
        ),
    ])
    .await;
    handed["FNKey_ID"] = json!(seed(999));
    w.check(vec![
        row("PUT", "api/v2/Keys")
            .body(json!({"Key": handed}))
            .expect(
                400,
                error(
                    "ValidationFailed",
                    &format!("Invalid value ({}) for parameter Key.FNKey_ID.", seed(999)),
                ),
            ),
    ])
    .await;
}

#[tokio::test]
async fn phone_key_invite_order_and_return() {
    let (sim, w) = logged_in().await;
    let pk = "20000000-0000-4000-8000-0000000000b1";
    let phone_insert = |person: Value| {
        json!({
            "Key": {"FNKey_ID": pk, "Person_ID": person, "RealEstate_ID": NIL, "Description": "Phone (Alan)",
                    "KeyTypeMask": 6, "ROM_ID": "", "Stamp": "", "TagKey": ""},
            "SecurityAccessIds": [], "ZoneIds": [seed(DEFAULT_ZONE)], "TimeLimitSlots": [],
            "OfflineExpirationSeconds": 0,
        })
    };
    let phone = key(
        json!({"FNKey_ID": pk, "Person_ID": seed(ALAN), "Description": "Phone (Alan)", "KeyTypeMask": 6, "State": 1}),
    );
    let key_phone = |option_mask: i64| json!({"FNKey_ID": pk, "PhoneNo": "+31612345678", "Email": "alan@example.com", "OptionMask": option_mask, "RequestTypeMask": 0});
    w.check(vec![
        // A phone key needs Person_ID (since v6.9.1.0).
        row("POST", "api/v2/Keys")
            .body(phone_insert(Value::Null))
            .expect(400, error("ValidationFailed", "Invalid value (null) for parameter Key.Person_ID.")),
        row("POST", "api/v2/Keys").body(phone_insert(json!(seed(ALAN)))).expect(200, phone.clone()),
        // CanOrder 9 = phone number missing.
        row("GET", format!("api/v2/Keys/{pk}/CanOrder")).expect(200, json!(9)),
        // UpdateKeyPhoneParam {"FNKey_ID","PhoneNo","Email","OptionMask"} -> void.
        row("PUT", "api/v2/KeyPhones")
            .body(json!({"FNKey_ID": pk, "PhoneNo": "+31612345678", "Email": "alan@example.com", "OptionMask": 0}))
            .void(),
        // KeyPhone {"FNKey_ID","PhoneNo","Email","OptionMask","RequestTypeMask"}.
        row("GET", format!("api/v2/Keys/{pk}/KeyPhone")).expect(200, key_phone(0)),
        row("POST", format!("api/v2/Keys/{pk}/SecurityAccesses"))
            .body(json!({"SecurityAccess_ID": seed(API_ACCESS)}))
            .void(),
        row("GET", format!("api/v2/Keys/{pk}/CanOrder")).expect(200, json!(0)),
        row("POST", format!("api/v2/Keys/{pk}/Order")).void(),
        // OptionMask 1 = waiting for registration.
        row("GET", format!("api/v2/Keys/{pk}/KeyPhone")).expect(200, key_phone(1)),
        row("POST", format!("api/v2/KeyPhones/{pk}/ReRegister")).void(),
        // PublicApiGetKeyLocationReportingInAuditTrailQueryResult.
        row("PUT", format!("api/v2/Keys/{pk}/LocationReporting"))
            .body(json!({"LocationReportingInAuditTrail": true}))
            .void(),
        row("GET", format!("api/v2/Keys/{pk}/LocationReporting"))
            .expect(200, json!({"LocationReportingInAuditTrail": true})),
        // CanReturnKeyResultType 0 = OK, then POST Return -> void; Key.State 4 = returned.
        row("GET", format!("api/v2/Keys/{pk}/CanReturn")).expect(200, json!(0)),
        row("POST", format!("api/v2/Keys/{pk}/Return")).void(),
    ])
    .await;
    assert_eq!(
        sim.invites().len(),
        2,
        "the order and the re-register each sent an invite"
    );
    let mut returned = phone;
    returned["State"] = json!(4);
    returned["Person_ID"] = Value::Null;
    returned["ProgrammingState"] = json!(1);
    w.check(vec![
        row("GET", format!("api/v2/Keys/{pk}")).expect(200, returned),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Security accesses, locks, real estates, lock logs.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn security_accesses_locks_and_lock_logs() {
    let t0 = chrono::Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
    let sim = IloqSim::start_with(SimConfig::default().clock(SimClock::at(t0))).await;
    let mut w = Wire::new(&sim);
    w.log_in().await;
    let going = chrono::Utc.with_ymd_and_hms(2025, 1, 15, 8, 30, 0).unwrap();
    sim.record_access(
        LockId::new(uuid::Uuid::parse_str(&seed(LOCK_1)).unwrap()),
        Some(KeyId::new(
            uuid::Uuid::parse_str(&seed(PROGRAMMED_KEY)).unwrap(),
        )),
        going,
        true,
    );
    // PublicApiDeviceLogData with its FLock and FNKey objects.
    let device_log = json!({
        "DeviceLog_ID": ANY_GUID, "TypeMask": 2052, "GoingDateUtc": "2025-01-15T08:30:00Z",
        "ErrCode": 0, "ErrorDescription": NULLABLE, "ProgrammingInfo": NULLABLE, "LocationInfoMask": 0,
        "LocationData": NULLABLE, "LockStateConfirmation": NULLABLE,
        "FLock": {"FlockId": seed(LOCK_1), "GoingCounter": ANY_INT, "KeyChamber": NULLABLE,
                  "LocationCode": "A1", "LockingObject": "Main entrance", "LockType": 4},
        "FNKey": {"FNKeyId": seed(PROGRAMMED_KEY), "GoingCounter": ANY_INT, "KeyId": ANY_INT,
                  "KeyTypeMask": 264, "OptionMask": 0, "Description": "S5 key (Grace)",
                  "PersonName": "Grace Hopper", "Stamp": "", "CustomValueData": NULLABLE},
    });
    // LockLogData.
    let lock_log = json!({
        "DeviceLog_ID": ANY_GUID, "FLock_ID": seed(LOCK_1), "FNKey_ID": seed(PROGRAMMED_KEY),
        "LockGroup_ID": seed(LOCK_GROUP), "AccessTypeMask": 2052, "ErrorCode": 0,
        "ErrorDescription": NULLABLE, "GoingCounter": ANY_INT, "GoingDate": "2025-01-15T08:30:00Z",
        "ReadingDate": "2025-01-15T09:00:00Z",
        // iLOQ writes 7 fraction digits and no Z here (the sheet's examples).
        "TimestampUtc": "2025-01-15T09:00:00.0000000", "KeyId": ANY_INT, "LocationCode": "A1",
        "LockingObject": "Main entrance", "FLockLogFNKey_ID": ANY_GUID,
    });
    let lock = |n: u32, name: &str, code: &str, serial: i64| {
        json!({"FLock_ID": seed(n), "RealEstate_Id": NIL, "Zone_ID": seed(12), "Description": name,
               "LocationCode": code, "LockingObject": name, "LockType": 4, "PhysicalState": 1,
               "SerialNumber": serial, "LockState": 0,
               // Every other field of `Lock`: the non-nullable ones present.
               "ClockInstalled": false, "ClockInstalledDateUtc": NULLABLE, "DataVersion": ANY_INT,
               "HwVersion": ANY_INT, "SwVersion": ANY_INT, "MechVersion": ANY_INT, "Ext": ANY_INT,
               "FloorPlan_ID": NULLABLE, "FloorPlanPointX": 0.0, "FloorPlanPointY": 0.0,
               "DefaultProgramStationFProgKey_ID": NULLABLE, "MAC": NULLABLE, "NetworkModuleDevice_ID": NULLABLE,
               "Direction": NULLABLE, "DoorThickness": NULLABLE, "DoorType": NULLABLE, "ExtentionPiece": NULLABLE,
               "Handed": NULLABLE, "KeyChamber": NULLABLE, "LockFramework": NULLABLE, "LockFrameworkDepth": NULLABLE,
               "Mounting": NULLABLE, "OtherEquipment": NULLABLE, "Stamp": NULLABLE, "ExtDescription": NULLABLE,
               "LockCode": NULLABLE, "LockSettings": NULLABLE, "ManufacturingInfo": NULLABLE})
    };
    w.check(vec![
        // SecurityAccess[]: the whole locking system.
        row("GET", "api/v2/SecurityAccesses")
            .expect(200, json!([api_access(), api_access_2(), standard_access()])),
        // Lock (note `RealEstate_Id` with a lower-case d).
        row("GET", format!("api/v2/Locks/{}", seed(LOCK_1))).expect(200, lock(LOCK_1, "Main entrance", "A1", 1000)),
        row("GET", "api/v2/Locks").expect(
            200,
            json!([lock(200, "Main entrance", "A1", 1000), lock(201, "Server room", "A2", 1001), lock(202, "Back door", "A3", 1002)]),
        ),
        // RealEstate[]; the root is the all-zero id.
        row("GET", "api/v2/RealEstates").expect(
            200,
            json!([
                {"RealEstate_ID": NIL, "Name": "Root", "ParentRealEstate_ID": null},
                {"RealEstate_ID": "00000000-0000-0000-0000-000000000051", "Name": "Head office", "ParentRealEstate_ID": NIL},
            ]),
        ),
        // GetLockLogsParam -> PublicApiGetLockLogsResult {"LockLogs", "TotalCount"}.
        row("POST", "api/v2/LockLogs")
            .body(json!({"FLockIds": [seed(LOCK_1)], "FNKeyIds": null, "GoingStartDateUtc": "2025-01-15T00:00:00Z", "GoingEndDateUtc": "2025-01-16T00:00:00Z", "TypeMask": 2052}))
            .expect(200, json!({"LockLogs": [device_log.clone()], "TotalCount": 1})),
        row("POST", "api/v2/LockLogs")
            .body(json!({"FLockIds": [], "FNKeyIds": [seed(PROGRAMMED_KEY)], "GoingStartDateUtc": "2025-01-15T00:00:00Z", "GoingEndDateUtc": "2025-01-16T00:00:00Z", "TypeMask": 2052}))
            .expect(200, json!({"LockLogs": [device_log], "TotalCount": 1})),
        // Either key ids or lock ids must be given.
        row("POST", "api/v2/LockLogs")
            .body(json!({"FLockIds": [], "FNKeyIds": [], "GoingStartDateUtc": "2025-01-15T00:00:00Z", "GoingEndDateUtc": "2025-01-16T00:00:00Z", "TypeMask": 2052}))
            .expect(400, error("ValidationFailed", ANY_STRING)),
        // GetLockLogDataParam -> GetLockLogDataResult, window on arrival time (TimestampUtc).
        row("POST", "api/v2/LockLogs/GetLockLogDataByTimestamp")
            .body(json!({"StartDateUtc": "2025-01-15T09:00:00Z", "EndDateUtc": "2025-01-15T09:00:01Z"}))
            .expect(200, json!({"StartDateUtc": "2025-01-15T09:00:00Z", "EndDateUtc": "2025-01-15T09:00:01Z", "LockLogs": [lock_log.clone()]})),
        // ... and on access time (GoingDate): the end is exclusive.
        row("POST", "api/v2/LockLogs/GetLockLogDataByGoingDates")
            .body(json!({"StartDateUtc": "2025-01-15T08:00:00Z", "EndDateUtc": "2025-01-15T08:30:00Z"}))
            .expect(200, json!({"StartDateUtc": "2025-01-15T08:00:00Z", "EndDateUtc": "2025-01-15T08:30:00Z", "LockLogs": []})),
        row("POST", "api/v2/LockLogs/GetLockLogDataByGoingDates")
            .body(json!({"StartDateUtc": "2025-01-15T08:30:00Z", "EndDateUtc": "2025-01-15T09:00:00Z"}))
            .expect(200, json!({"StartDateUtc": "2025-01-15T08:30:00Z", "EndDateUtc": "2025-01-15T09:00:00Z", "LockLogs": [lock_log]})),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Time limits: the rows that disagree with the spec (ignored, see reasons).
// ---------------------------------------------------------------------------

/// A weekly time profile in slot 2, as `KeyTimeLimitSlot` documents it.
fn office_hours_slot(start_ms: i64) -> Value {
    json!({
        "SlotNo": 2,
        "LimitDateLg": null,
        "TimeLimitTitle_ID": seed(OFFICE_HOURS),
        "TimeLimitTitleStartDateLg": null,
        "TimeLimitTitleEndDateLg": null,
        "TimeLimitData": [{"WeekDayMask": 31, "StartTimeMS": start_ms, "EndTimeMS": 57_600_000}],
        "TimeZone_ID": null,
        "SourceCalendarData_ID": null,
    })
}

#[tokio::test]
async fn key_time_limit_body_is_wrapped_in_time_limit_slot() {
    let (_sim, w) = logged_in().await;
    let k = seed(S5_KEY_1);
    w.check(vec![
        // CanAddTimeLimit 7: times must be divisible by 15 minutes.
        row("POST", format!("api/v2/Keys/{k}/TimeLimitTitles/CanAdd"))
            .body(json!({"TimeLimitSlot": office_hours_slot(28_800_001)}))
            .expect(200, json!(7)),
        row("POST", format!("api/v2/Keys/{k}/TimeLimitTitles/CanAdd"))
            .body(json!({"TimeLimitSlot": office_hours_slot(28_800_000)}))
            .expect(200, json!(0)),
        row("POST", format!("api/v2/Keys/{k}/TimeLimitTitles"))
            .body(json!({"TimeLimitSlot": office_hours_slot(28_800_000)}))
            .void(),
        // The slot is the key's, found again by its TimeLimitTitle_ID.
        row(
            "DELETE",
            format!("api/v2/Keys/{k}/TimeLimitTitles/{}", seed(OFFICE_HOURS)),
        )
        .void(),
    ])
    .await;
}

#[tokio::test]
async fn key_time_limits_answer_is_get_time_limits_result() {
    let (_sim, w) = logged_in().await;
    let k = seed(S5_KEY_1);
    let end = json!({"SlotNo": 1, "LimitDateLg": "2030-12-31T00:00:00"});
    w.check(vec![
        row("PUT", format!("api/v2/Keys/{k}/SecurityAccesses"))
            .body(json!({"SecurityAccessIds": [seed(API_ACCESS)], "TimeLimitSlots": [end], "OfflineExpirationSeconds": 0}))
            .void(),
        row("GET", format!("api/v2/Keys/{k}/TimeLimitTitles")).q("mode", "1").expect(
            200,
            json!({
                "KeyScheduler": NULLABLE,
                "KeyTimeLimitSlots": [{
                    "SlotNo": 1, "LimitDateLg": "2030-12-31T00:00:00", "TimeLimitTitle_ID": NULLABLE,
                    "TimeLimitTitleStartDateLg": NULLABLE, "TimeLimitTitleEndDateLg": NULLABLE,
                    "TimeLimitData": NULLABLE, "TimeZone_ID": NULLABLE, "SourceCalendarData_ID": NULLABLE,
                }],
                "OfflineExpirationSeconds": 0,
                "OutsideUserZoneTimeLimitTitleSlots": NULLABLE,
            }),
        ),
    ])
    .await;
}

const NETWORK_MODULE: u32 = 500;
const DEVICE_A: u32 = 510;
const DEVICE_B: u32 = 511;
const RELAY_A1: u32 = 520;
const RELAY_A2: u32 = 521;
const RELAY_B1: u32 = 522;
const LOBBY_CALENDAR: u32 = 600;
const LOBBY_WEEKLY: u32 = 610;

/// NetworkModuleDeviceRelay: every documented field.
fn relay(n: u32, device: u32, name: &str, no: i64, in_use: i64) -> Value {
    json!({"InUse": in_use, "Name": name, "NetworkModuleDevice_ID": seed(device),
        "NetworkModuleDeviceRelay_ID": seed(n), "RelayNo": no})
}

/// NetworkModuleDevice: every documented field.
fn device(n: u32, name: &str) -> Value {
    json!({"FProgKey_ID": seed(NETWORK_MODULE), "Name": name, "NetworkModuleDevice_ID": seed(n),
        "SerialNo": ANY_STRING, "SoftwareVersion": ANY_STRING, "StateMask": ANY_INT, "Type": ANY_INT})
}

#[tokio::test]
async fn network_modules_devices_and_relays_carry_every_documented_field() {
    let (_sim, w) = logged_in().await;
    let module = json!({
        "AdapterNr": ANY_STRING, "AdapterVersion": ANY_STRING, "AllowedIP": NULLABLE, "AllowedSocketRequest": 2,
        "BoardHotSpot": ANY_INT, "BoardSettings": NULLABLE, "CalendarDataModifiedDate": NULLABLE,
        "CalendarDataReceivedDate": NULLABLE, "CalendarDataState": 0, "Description": "N501 Main building",
        "DeviceLimitCount": ANY_INT, "FProgKey_ID": seed(NETWORK_MODULE), "IPAddress": "10.0.0.50",
        "IPAddressUserDefined": NULLABLE, "KeyId": ANY_STRING, "KeyProgPacketListReceivedDate": NULLABLE,
        "LicenseMode": ANY_INT, "LocationPicture_ID": NULLABLE, "LocationPointAttributes": NULLABLE,
        "LocationPointX": 0.0, "LocationPointY": 0.0, "OnlineConnectionDate": ANY_TIMESTAMP, "OnlineKey": NULLABLE,
        "OnlineMacAddress": "00:1B:44:11:3A:B7", "OnlineSoftwareVersion": ANY_STRING, "Port": ANY_INT,
        "PortUserDefined": NULLABLE, "RealEstate_ID": NIL, "RequestType": 0, "RequestTypeInfo": NULLABLE,
        "State": 1, "StateMask": 5, "Type": 8, "Zone_ID": ANY_GUID,
    });
    let (a, b) = (
        device(DEVICE_A, "Door controller A"),
        device(DEVICE_B, "Door controller B"),
    );
    let a1 = relay(RELAY_A1, DEVICE_A, "Door controller A relay 1", 1, 1);
    let a2 = relay(RELAY_A2, DEVICE_A, "Door controller A relay 2", 2, 0);
    let b1 = relay(RELAY_B1, DEVICE_B, "Door controller B relay 1", 1, 0);
    let nm = format!("api/v2/NetworkModules/{}", seed(NETWORK_MODULE));
    w.check(vec![
        row("GET", "api/v2/NetworkModules").expect(200, json!([module.clone()])),
        row("GET", nm.clone()).expect(200, module),
        row("GET", format!("{nm}/NetworkModuleDevices")).expect(200, json!([a.clone(), b.clone()])),
        row("GET", format!("{nm}/NetworkModuleDeviceRelays"))
            .expect(200, json!([a1.clone(), a2.clone(), b1.clone()])),
        row("GET", "api/v2/NetworkModuleDevices").expect(200, json!([a.clone(), b])),
        row(
            "GET",
            format!("api/v2/NetworkModuleDevices/{}", seed(DEVICE_A)),
        )
        .expect(200, a),
        row(
            "GET",
            format!(
                "api/v2/NetworkModuleDevices/{}/NetworkModuleDeviceRelays",
                seed(DEVICE_A)
            ),
        )
        .expect(200, json!([a1.clone(), a2])),
        row(
            "GET",
            format!("api/v2/NetworkModuleDeviceRelays/{}", seed(RELAY_A1)),
        )
        .expect(200, a1),
        row(
            "GET",
            format!("api/v2/NetworkModuleDeviceRelays/{}", seed(999)),
        )
        .expect(
            400,
            error(
                "ValidationFailed",
                &format!("Invalid value ({}) for parameter id.", seed(999)),
            ),
        ),
    ])
    .await;
}

#[tokio::test]
async fn calendars_entries_and_links_use_the_documented_models() {
    let (_sim, w) = logged_in().await;
    let cal = "c0000000-0000-4000-8000-000000000001";
    let title = json!({"CalendarDataTitle_ID": cal, "Description": "Doors", "Name": "Office", "OptionMask": 0,
        "RealEstate_ID": NIL, "ReservablePeriodLengthWeeks": 2, "ReservationTargetType": 0, "Type": 0,
        "Zone_ID": seed(DEFAULT_ZONE)});
    let weekly = json!({"CalendarData_ID": seed(LOBBY_WEEKLY), "CalendarDataTitle_ID": seed(LOBBY_CALENDAR),
        "EndDateTime": "2030-12-31T00:00:00", "StartDateTime": "2025-01-01T00:00:00", "Subject": "Open", "Type": 0,
        "Re_ID": ANY_GUID, "Re_OccurrenceDurationTicks": 396_000_000_000_i64, "Re_OccurrenceStartTime": "2025-01-01T07:00:00",
        "Re_PatternDaysOfWeek": 62, "Re_PatternFrequency": 1, "Re_RangeEndDate": "2030-12-31T00:00:00",
        "Re_RangeLimit": 2, "Re_RangeStartDate": "2025-01-01T00:00:00"});
    let entry = json!({"CalendarData_ID": "c0000000-0000-4000-8000-000000000002", "CalendarDataTitle_ID": cal,
        "EndDateTime": "2025-06-02T16:00:00", "StartDateTime": "2025-06-02T08:00:00", "Subject": "Meeting", "Type": 1});
    // The seeded code access group "Lobby door code".
    let role = seed(710);
    let entry_path = "api/v2/CalendarDatas/c0000000-0000-4000-8000-000000000002";
    w.check(vec![
        row("GET", format!("api/v2/CalendarDataTitles/{}/CalendarDatas", seed(LOBBY_CALENDAR)))
            .q("startDate", "2025-06-01T00:00:00")
            .q("endDate", "2025-06-30T00:00:00")
            .expect(200, json!({"Entries": [], "RecurringEntries": [weekly.clone()], "RecurringEntryExceptions": []})),
        row("GET", format!("api/v2/CalendarDatas/{}", seed(LOBBY_WEEKLY)))
            .expect(200, json!({"Entry": NULLABLE, "RecurringEntry": weekly, "RecurringEntryException": NULLABLE})),
        row("GET", format!("api/v2/CalendarDataTitles/{}/CalendarNetworkModuleDeviceRelayLinks", seed(LOBBY_CALENDAR)))
            .expect(200, json!([{"CalendarDataTitle_ID": seed(LOBBY_CALENDAR), "NetworkModuleDeviceRelay_ID": seed(RELAY_A1)}])),
        row("POST", "api/v2/CalendarDataTitles").body(title.clone()).void(),
        row("GET", format!("api/v2/CalendarDataTitles/{cal}")).expect(200, title),
        row("POST", "api/v2/CalendarDatas")
            .body(json!({"Entries": [entry.clone()], "RecurringEntries": null, "RecurringEntryExceptions": null}))
            .void(),
        row("GET", entry_path).expect(200, json!({"Entry": entry, "RecurringEntry": NULLABLE, "RecurringEntryException": NULLABLE})),
        row("POST", format!("{entry_path}/CalendarDataSecurityRoleLinks"))
            .body(json!({"SecurityRoleIds": [role]}))
            .void(),
        row("GET", format!("api/v2/SecurityRoles/{role}/CalendarDataSecurityRoleLinks"))
            .expect(200, json!([{"CalendarData_ID": "c0000000-0000-4000-8000-000000000002", "SecurityRole_ID": role}])),
        row("POST", format!("{entry_path}/CalendarDataSecurityRoleLinks/Delete"))
            .body(json!({"SecurityRoleIds": [role]}))
            .void(),
        row("GET", format!("{entry_path}/CalendarDataSecurityRoleLinks")).expect(200, json!([])),
        row("PUT", format!("api/v2/CalendarDataTitles/{cal}/CalendarNetworkModuleDeviceRelayLinks"))
            .body(json!({"NetworkModuleDeviceRelayIds": [seed(RELAY_B1)]}))
            .void(),
        row("GET", format!("api/v2/NetworkModuleDeviceRelays/{}/CalendarNetworkModuleDeviceRelayLinks", seed(RELAY_B1)))
            .expect(200, json!([{"CalendarDataTitle_ID": cal, "NetworkModuleDeviceRelay_ID": seed(RELAY_B1)}])),
        row("DELETE", format!("api/v2/CalendarDataTitles/{cal}")).void(),
        row("GET", entry_path).expect(
            400,
            error("ValidationFailed", "Invalid value (c0000000-0000-4000-8000-000000000002) for parameter id."),
        ),
    ])
    .await;
}

#[tokio::test]
async fn time_limit_titles_carry_every_required_field() {
    let (_sim, w) = logged_in().await;
    let title = json!({
        "TimeLimitTitle_ID": seed(OFFICE_HOURS), "Name": "Office hours", "Description": NULLABLE,
        "OptionMask": ANY_INT, "RealEstate_ID": ANY_GUID, "Zone_ID": ANY_GUID,
        "StartDateLg": NULLABLE, "EndDateLg": NULLABLE,
    });
    w.check(vec![
        row("GET", "api/v2/TimeLimitTitles").expect(200, json!([title.clone()])),
        row(
            "GET",
            format!("api/v2/TimeLimitTitles/{}", seed(OFFICE_HOURS)),
        )
        .expect(200, title),
    ])
    .await;
}

#[tokio::test]
async fn time_limit_title_unknown_id() {
    let (_sim, w) = logged_in().await;
    w.check(vec![
        row("GET", format!("api/v2/TimeLimitTitles/{}", seed(999))).expect(
            400,
            error(
                "ValidationFailed",
                &format!("Invalid value ({}) for parameter id.", seed(999)),
            ),
        ),
    ])
    .await;
}

#[tokio::test]
async fn key_insert_and_update_keep_stamp_tag_info_and_expiry() {
    let (_sim, w) = logged_in().await;
    let k = "20000000-0000-4000-8000-0000000000c1";
    let inserted = key(json!({
        "FNKey_ID": k, "Description": "Spare", "InfoText": "desk drawer",
        "ExpireDate": "2030-12-31T00:00:00Z", "Stamp": "0042", "TagKey": "04A1B2C3",
        "TagKeyHex": ANY_STRING,
    }));
    w.check(vec![
        row("POST", "api/v2/Keys")
            .body(json!({
                "Key": {"FNKey_ID": k, "RealEstate_ID": NIL, "Description": "Spare", "InfoText": "desk drawer",
                        "ExpireDate": "2030-12-31T00:00:00Z", "KeyTypeMask": 264, "Stamp": "0042",
                        "TagKey": "04A1B2C3"},
                "SecurityAccessIds": [], "ZoneIds": [seed(DEFAULT_ZONE)], "TimeLimitSlots": [],
                "OfflineExpirationSeconds": 0,
            }))
            .expect(200, inserted),
        // HEL sets ExpireDate with PUT /Keys ("2025-05-20T00:00:00Z").
        row("PUT", "api/v2/Keys")
            .body(json!({"Key": {
                "FNKey_ID": seed(S5_KEY_1), "Person_ID": null, "RealEstate_ID": NIL, "Description": "S5 key 1",
                "InfoText": "temporary", "ExpireDate": "2025-05-20T00:00:00Z", "KeyTypeMask": 264, "State": 0,
                "ProgrammingState": 0, "IsProgrammed": false, "ROM_ID": "ROM-S5-0001", "Stamp": "1001",
                "StampSource": 0, "TagKey": "", "TagKeyHex": "", "TagKeySource": 0, "VersionCode": "1",
            }}))
            .void(),
        row("GET", format!("api/v2/Keys/{}", seed(S5_KEY_1))).expect(
            200,
            key(json!({"FNKey_ID": seed(S5_KEY_1), "Description": "S5 key 1", "ROM_ID": "ROM-S5-0001",
                       "Stamp": "1001", "InfoText": "temporary", "ExpireDate": "2025-05-20T00:00:00Z"})),
        ),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Webhooks (beta): ids are GUIDs in the spec.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn webhook_events_and_subscriptions_use_guid_ids() {
    let (_sim, w) = logged_in().await;
    let event = |name: &str| json!({"Id": ANY_GUID, "Name": name, "DisplayName": ANY_STRING, "Description": ANY_STRING});
    w.check(vec![row("GET", "api/v2/Webhooks/Events").expect(
        200,
        json!([
            event("key_added"),
            event("key_blocklisted"),
            event("device_log_arrived")
        ]),
    )])
    .await;
    let (_, events) = w.send(&row("GET", "api/v2/Webhooks/Events")).await;
    let event_id = events[0]["Id"].clone();
    let sub = "20000000-0000-4000-8000-0000000000d1";
    w.check(vec![
        row("POST", "api/v2/Webhooks/Subscriptions")
            .body(json!({
                "SubscriptionId": sub, "WebhookEventId": event_id, "TargetEndpointUri": "https://es.example/hook",
                "StartDateUtc": "2025-01-01T00:00:00Z", "EndDateUtc": "2025-12-31T00:00:00Z",
                "CustomHeader": null, "JsonPathFilter": null,
            }))
            .void(),
        // Subscription: every documented field.
        row("GET", format!("api/v2/Webhooks/Subscriptions/{sub}")).expect(
            200,
            json!({
                "SubscriptionId": sub, "WebhookEventId": ANY_GUID, "TargetEndpointUri": "https://es.example/hook",
                "StartDateUtc": "2025-01-01T00:00:00Z", "EndDateUtc": "2025-12-31T00:00:00Z",
                "CustomHeader": NULLABLE, "JsonPathFilter": NULLABLE, "SignKey": ANY_STRING,
                "Counter": ANY_INT, "State": ANY_INT,
            }),
        ),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Issue 17: lock, security access and time profile administration, webhook
// payloads, each as the reference documents its body and answer.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn time_limit_titles_insert_update_data_and_delete() {
    let (_sim, w) = logged_in().await;
    let t = "20000000-0000-4000-8000-0000000000e1";
    let k = seed(S5_KEY_1);
    let data = |id: &str, mask: i64, start: &str, end: &str| json!({"TimeLimitData_ID": id, "TimeLimitTitle_ID": t, "WeekDayMask": mask, "StartTime": start, "EndTime": end});
    let d1 = "20000000-0000-4000-8000-0000000000e2";
    let title = |name: &str| {
        json!({"TimeLimitTitle_ID": t, "Name": name, "Description": "Evenings", "OptionMask": 0,
               "RealEstate_ID": NIL, "Zone_ID": seed(DEFAULT_ZONE), "StartDateLg": "2026-01-01T00:00:00", "EndDateLg": null})
    };
    w.check(vec![
        // InsertTimeLimitTitlesParam: void.
        row("POST", "api/v2/TimeLimitTitles")
            .body(json!({"TimeLimitTitle": title("Cleaners"), "TimeLimitData": [data(d1, 31, "17:30:00", "22:00:00")]}))
            .void(),
        row("GET", format!("api/v2/TimeLimitTitles/{t}")).expect(200, title("Cleaners")),
        row("GET", format!("api/v2/TimeLimitTitles/{t}/TimeLimitData"))
            .expect(200, json!([data(d1, 31, "17:30:00", "22:00:00")])),
        // A time not on a 15-minute step, and more than 10 periods, are refused.
        row("PUT", "api/v2/TimeLimitTitles")
            .body(json!({"TimeLimitTitle": title("Cleaners"), "TimeLimitData": [data(d1, 31, "17:31:00", "22:00:00")]}))
            .expect(400, error("ValidationFailed", "Invalid value (17:31:00) for parameter StartTime.")),
        // UpdateTimeLimitTitlesParam: the periods replaced; a whole day is 1.00:00:00.
        row("PUT", "api/v2/TimeLimitTitles")
            .body(json!({"TimeLimitTitle": title("Weekends"), "TimeLimitData": [data(d1, 96, "00:00:00", "1.00:00:00")]}))
            .void(),
        row("GET", format!("api/v2/TimeLimitTitles/{t}/TimeLimitData"))
            .expect(200, json!([data(d1, 96, "00:00:00", "1.00:00:00")])),
        // On a key (InsertKeyTimeLimitSlotParam), read back and rewritten
        // (UpdateKeyTimeLimitSlotParam); CanDelete is then not 0.
        row("POST", format!("api/v2/Keys/{k}/TimeLimitTitles"))
            .body(json!({"TimeLimitSlot": {"SlotNo": 2, "TimeLimitTitle_ID": t,
                "TimeLimitData": [{"WeekDayMask": 96, "StartTimeMS": 0, "EndTimeMS": 86_400_000}]}}))
            .void(),
        row("PUT", format!("api/v2/Keys/{k}/TimeLimitTitles/{t}"))
            .body(json!({"TimeLimitSlot": {"SlotNo": 2, "TimeLimitTitle_ID": t,
                "TimeLimitData": [{"WeekDayMask": 64, "StartTimeMS": 32_400_000, "EndTimeMS": 43_200_000}]}}))
            .void(),
        row("GET", format!("api/v2/Keys/{k}/TimeLimitTitles/{t}")).expect(
            200,
            json!({"SlotNo": 2, "LimitDateLg": NULLABLE, "TimeLimitTitle_ID": t,
                   "TimeLimitTitleStartDateLg": NULLABLE, "TimeLimitTitleEndDateLg": NULLABLE,
                   "TimeLimitData": [{"WeekDayMask": 64, "StartTimeMS": 32_400_000, "EndTimeMS": 43_200_000}],
                   "TimeZone_ID": NULLABLE, "SourceCalendarData_ID": NULLABLE}),
        ),
        row("GET", format!("api/v2/TimeLimitTitles/{t}/CanDelete")).expect(200, json!(1)),
        row("DELETE", format!("api/v2/TimeLimitTitles/{t}"))
            .expect(400, error("ValidationFailed", "The time limit title is in use")),
        row("DELETE", format!("api/v2/Keys/{k}/TimeLimitTitles/{t}")).void(),
        row("GET", format!("api/v2/TimeLimitTitles/{t}/CanDelete")).expect(200, json!(0)),
        row("DELETE", format!("api/v2/TimeLimitTitles/{t}")).void(),
        row("GET", format!("api/v2/TimeLimitTitles/{t}/TimeLimitData")).expect(
            400,
            error("ValidationFailed", &format!("Invalid value ({t}) for parameter id.")),
        ),
    ])
    .await;
}

#[tokio::test]
async fn security_access_insert_update_and_delete() {
    let (_sim, w) = logged_in().await;
    let sa = "20000000-0000-4000-8000-0000000000f1";
    let access = |name: &str, mode: i64| {
        json!({"SecurityAccess_ID": sa, "Name": name, "Description": "Garage", "RealEstate_ID": NIL,
               "Zone_ID": seed(DEFAULT_ZONE), "Type": 3, "Status": 0, "AccessMode": mode, "DefaultAccess": 0,
               "Ext": 0, "ExtDescription": NULLABLE, "ParentSecurityAccess_ID": NULLABLE, "VersionNr": NULLABLE})
    };
    w.check(vec![
        // Only Standard and API access, only Active.
        row("POST", "api/v2/SecurityAccesses")
            .body(json!({"SecurityAccess": {"SecurityAccess_ID": sa, "Name": "Mask", "Type": 2, "Status": 0,
                "AccessMode": 0, "DefaultAccess": 0, "Ext": 0, "RealEstate_ID": NIL}}))
            .expect(400, error("ValidationFailed", "Only standard access and API access can be added")),
        // InsertSecurityAccessParam -> InsertSecurityAccessResult.
        row("POST", "api/v2/SecurityAccesses")
            .body(json!({"SecurityAccess": {"SecurityAccess_ID": sa, "Name": "Garage (API)", "Description": "Garage",
                "Type": 3, "Status": 0, "AccessMode": 0, "DefaultAccess": 0, "Ext": 0, "ExtDescription": null,
                "RealEstate_ID": NIL, "Zone_ID": seed(DEFAULT_ZONE), "ParentSecurityAccess_ID": null, "VersionNr": null}}))
            .expect(200, json!({"SecurityAccess": access("Garage (API)", 0)})),
        // UpdateSecurityAccessParam: void.
        row("PUT", "api/v2/SecurityAccesses")
            .body(json!({"SecurityAccess": {"SecurityAccess_ID": sa, "Name": "Garage", "Description": "Garage",
                "Type": 3, "AccessMode": 1, "DefaultAccess": 0, "Ext": 0, "ExtDescription": null,
                "RealEstate_ID": NIL, "Zone_ID": seed(DEFAULT_ZONE)}}))
            .void(),
        row("GET", "api/v2/SecurityAccesses").expect(
            200,
            json!([api_access(), api_access_2(), standard_access(), access("Garage", 1)]),
        ),
        row("DELETE", format!("api/v2/SecurityAccesses/{sa}")).void(),
        row("DELETE", format!("api/v2/SecurityAccesses/{sa}")).expect(
            400,
            error("ValidationFailed", &format!("Invalid value ({sa}) for parameter id.")),
        ),
    ])
    .await;
}

#[tokio::test]
async fn lock_insert_options_time_limits_accesses_update_and_delete() {
    let (_sim, w) = logged_in().await;
    let l = "20000000-0000-4000-8000-0000000000f5";
    let text = |v: &str| json!(v);
    // Lock2: every field, the texts not nullable.
    let lock2 = json!({
        "FLock_ID": l, "RealEstate_ID": NIL, "Zone_ID": seed(12), "Description": "Garage", "LocationCode": "G1",
        "LockingObject": "Garage", "LockType": 4, "PhysicalState": 0, "SerialNumber": 4711, "LockState": ANY_INT,
        "ClockInstalled": false, "ClockInstalledDateUtc": NULLABLE, "DataVersion": 1, "HwVersion": 3,
        "SwVersion": 7, "MechVersion": 2, "Ext": 0, "FloorPlan_ID": NULLABLE, "FloorPlanPointX": 0.0,
        "FloorPlanPointY": 0.0, "DefaultProgramStationFProgKey_ID": NULLABLE, "MAC": ANY_STRING,
        "NetworkModuleDevice_ID": NULLABLE, "Direction": text("left"), "DoorThickness": ANY_STRING,
        "DoorType": ANY_STRING, "ExtentionPiece": ANY_STRING, "Handed": ANY_STRING, "KeyChamber": ANY_STRING,
        "LockFramework": ANY_STRING, "LockFrameworkDepth": ANY_STRING, "Mounting": ANY_STRING,
        "OtherEquipment": ANY_STRING, "Stamp": ANY_STRING, "ExtDescription": ANY_STRING, "LockCode": ANY_STRING,
        "LockSettings": ANY_STRING, "ManufacturingInfo": ANY_STRING,
    });
    let options = |flip: bool| {
        json!({"S10CollectAuditTrail": false, "S40AcceptSoftGroup": false, "S40FlipFlop": flip,
               "S40LoggingOn": true, "S40OnlineRequiredHard": false, "S40OnlineRequiredSoft": false,
               "SaveOnlineLockAuditTrail": false})
    };
    let office_hours = json!({
        "TimeLimitTitle_ID": seed(OFFICE_HOURS), "Name": "Office hours", "Description": NULLABLE,
        "OptionMask": ANY_INT, "RealEstate_ID": ANY_GUID, "Zone_ID": ANY_GUID,
        "StartDateLg": NULLABLE, "EndDateLg": NULLABLE,
    });
    w.check(vec![
        // InsertLockParam -> Lock2.
        row("POST", "api/v2/Locks")
            .body(json!({
                "Lock": {"FLock_ID": l, "LockType": 4, "RealEstate_ID": NIL, "Zone_ID": seed(12), "SerialNumber": 4711,
                         "Description": "Garage", "LocationCode": "G1", "LockingObject": "Garage", "Direction": "left",
                         "Secret": "s3cret", "ClockInstalled": false, "HwVersion": 3, "SwVersion": 7, "MechVersion": 2,
                         "DataVersion": 1},
                "LockOptions": {"S40LoggingOn": true, "S40FlipFlop": null},
                "LockRespectsAllTimeLimits": false,
                "SecurityAccesses": [{"SecurityAccess_ID": seed(API_ACCESS), "RelayMask": 1}],
                "TimeLimitTitleIds": [seed(OFFICE_HOURS)],
            }))
            .expect(200, lock2),
        // An unknown security access is iLOQ's "Invalid value".
        row("POST", "api/v2/Locks")
            .body(json!({"Lock": {"FLock_ID": seed(999), "LockType": 4},
                         "SecurityAccesses": [{"SecurityAccess_ID": seed(998), "RelayMask": null}]}))
            .expect(400, error("ValidationFailed", &format!("Invalid value ({}) for parameter SecurityAccess_ID.", seed(998)))),
        row("GET", format!("api/v2/Locks/{l}/Options")).expect(200, options(false)),
        // GetLockTimeLimitsResult; mode is required.
        row("GET", format!("api/v2/Locks/{l}/TimeLimitTitles")).q("mode", "1").expect(
            200,
            json!({"TimeLimitTitles": [office_hours], "OutsideUserZonesCount": 0}),
        ),
        row("GET", format!("api/v2/Locks/{l}/TimeLimitTitles")).expect(
            400,
            error("ValidationFailed", "Invalid value () for parameter mode."),
        ),
        // UpdateLockSecurityAccessesParam: the accesses replaced, null time
        // profiles unchanged, null options unchanged.
        row("PUT", format!("api/v2/Locks/{l}/SecurityAccesses"))
            .body(json!({"SecurityAccessIds": [seed(API_ACCESS_2)], "TimeLimitTitleIds": null,
                         "LockRespectsAllTimeLimits": false, "LockOptions": {"S40FlipFlop": true}, "LockRelay": null}))
            .void(),
        row("GET", format!("api/v2/Locks/{l}/Options")).expect(200, options(true)),
        row("GET", format!("api/v2/Locks/{l}/SecurityAccesses")).q("mode", "1").expect(
            200,
            json!({"SecurityAccesses": [api_access_2()], "OutsideUserZonesCount": 0}),
        ),
        // UpdateLockParam: void; the lock as `Lock` (`RealEstate_Id`).
        row("PUT", "api/v2/Locks")
            .body(json!({"Lock": {"FLock_ID": l, "LockType": 4, "State": 1, "RealEstate_ID": null, "Zone_ID": seed(12),
                                  "Description": "Garage north", "LocationCode": "G1", "LockingObject": "Garage"}}))
            .void(),
        row("DELETE", format!("api/v2/Locks/{l}")).void(),
        row("GET", format!("api/v2/Locks/{l}")).expect(
            400,
            error("ValidationFailed", &format!("Invalid value ({l}) for parameter id.")),
        ),
    ])
    .await;
}

#[tokio::test]
async fn webhook_payloads_of_undelivered_events() {
    let (sim, w) = logged_in().await;
    let (_, events) = w.send(&row("GET", "api/v2/Webhooks/Events")).await;
    let log_event = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["Name"] == "device_log_arrived")
        .unwrap()["Id"]
        .clone();
    let sub = "20000000-0000-4000-8000-0000000000d2";
    w.check(vec![
        row("POST", "api/v2/Webhooks/Subscriptions")
            .body(json!({
                "SubscriptionId": sub, "WebhookEventId": log_event, "TargetEndpointUri": "https://es.example/hook",
                "StartDateUtc": "2025-01-01T00:00:00Z", "EndDateUtc": "2025-12-31T00:00:00Z",
                "CustomHeader": null, "JsonPathFilter": null,
            }))
            .void(),
        // GetSubscriptionsWithPendingPayloadsResult.
        row("GET", "api/v2/Webhooks/Subscriptions/PendingPayloads")
            .expect(200, json!({"SubscriptionIds": []})),
    ])
    .await;
    sim.set_webhook_listener_down(true);
    sim.record_access(
        LockId::new(uuid::Uuid::parse_str(&seed(LOCK_1)).unwrap()),
        None,
        chrono::Utc.with_ymd_and_hms(2025, 1, 15, 8, 30, 0).unwrap(),
        true,
    );
    let payload = json!({
        "WebhookEventPayloadId": ANY_GUID, "SubscriptionId": sub, "Counter": 1, "CreatedUtc": ANY_STRING,
        "Data": ANY_STRING, "FailedRequests": 1, "Response": ANY_STRING, "State": 3,
    });
    w.check(vec![
        row("GET", "api/v2/Webhooks/Subscriptions/PendingPayloads")
            .expect(200, json!({"SubscriptionIds": [sub]})),
        row("GET", "api/v2/Webhooks/Subscriptions/PendingEvents")
            .expect(200, json!({"SubscriptionIds": [sub]})),
        // Payload[] in the state asked for; `state` is required.
        row(
            "GET",
            format!("api/v2/Webhooks/Subscriptions/{sub}/Payloads"),
        )
        .q("state", "3")
        .expect(200, json!([payload.clone()])),
        row(
            "GET",
            format!("api/v2/Webhooks/Subscriptions/{sub}/Payloads"),
        )
        .q("state", "4")
        .expect(200, json!([])),
        row(
            "GET",
            format!("api/v2/Webhooks/Subscriptions/{sub}/Payloads"),
        )
        .expect(
            400,
            error("ValidationFailed", "Invalid value () for parameter state."),
        ),
        row(
            "GET",
            format!("api/v2/Webhooks/Subscriptions/{sub}/PendingEvents"),
        )
        .expect(200, json!([payload])),
    ])
    .await;
}

/// The matcher itself: a renamed, retyped, missing or extra field fails the row.
#[test]
fn the_matcher_sees_renamed_retyped_and_missing_fields() {
    let want = json!({"eMail": "a@b.c", "State": 0, "Zone_ID": NULLABLE, "FNKey_ID": ANY_GUID});
    let mut out = Vec::new();
    diff(
        "$",
        &want,
        &json!({"Email": "a@b.c", "State": 0, "FNKey_ID": "1"}),
        &mut out,
    );
    assert_eq!(out.len(), 3, "{out:?}");
    out.clear();
    diff(
        "$",
        &want,
        &json!({"eMail": "a@b.c", "State": "0", "Zone_ID": "x", "FNKey_ID": seed(1)}),
        &mut out,
    );
    assert_eq!(out.len(), 2, "{out:?}");
    out.clear();
    diff(
        "$",
        &want,
        &json!({"eMail": "a@b.c", "State": 0, "FNKey_ID": seed(1)}),
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
}
