//! The Allthenticate simulator's wire handling, checked against hand-written
//! JSON in the documented shapes (issue 22, part 4).
//!
//! Requests go through a plain `reqwest::Client`, never through the SDK's
//! client or request types; bodies and expected answers are written by hand
//! from `shared/api/allthenticate.md` and `shared/seeds/allthenticate-api-quickstart.txt`
//! (A1 the API quickstart: `/multipleusers`, `/invites`; A2 the Resources page:
//! `/masslock`, `/multipleresources`; **seed** `/groups`, `/modifysmartcards`,
//! `/magiclinkadmin`, `/setlockstatus`). The key travels as `api_key`, in the
//! query for GET and in the JSON body otherwise, as the seed's
//! `/modifysmartcards` parameters suggest. Answers are compared field by
//! field: the same keys, types and values; only values the documents leave
//! open (tokens, ids a call creates, undocumented enum words) are matched by kind.

#![cfg(feature = "testkit")]

use std::fmt::Write as _;
use std::time::Duration;

use access_core::testkit::wire::{ANY_INT, ANY_STRING, ANY_VALUE, json_diff as diff};
use allthenticate_sdk::ResourceId;
use allthenticate_sdk::testkit::{AllthenticateSim, GuestEntry};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// A plain HTTP client and a JSON matcher, independent of the SDK's types.
// ---------------------------------------------------------------------------

/// The key the seeded simulator accepts with "assurance".
const KEY: &str = "sim-allthenticate-key-7f3a9c";
/// A key the simulator accepts without assurance.
const LOW_KEY: &str = "sim-allthenticate-readonly-key-2b81";

const DOWNSTAIRS: &str = "750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0";
const LAB: &str = "2f9d7c10-88a4-4c51-b0e2-7a6b3c9d1e45";
const LOADING_DOCK: &str = "c4e1a2b3-5d6f-4a70-8b91-0c2d3e4f5a6b";
const RECEPTION_PC: &str = "9a8b7c6d-5e4f-4031-a2b1-c0d9e8f7a6b5";

/// One request and the answer the vendor documents for it.
struct Row {
    method: &'static str,
    path: &'static str,
    query: Vec<(String, String)>,
    body: Option<Value>,
    key: Option<&'static str>,
    status: u16,
    answer: Value,
}

fn row(method: &'static str, path: &'static str) -> Row {
    Row {
        method,
        path,
        query: Vec::new(),
        body: None,
        key: Some(KEY),
        status: 200,
        answer: Value::Null,
    }
}

impl Row {
    fn q(mut self, k: &str, v: &str) -> Self {
        self.query.push((k.into(), v.into()));
        self
    }
    fn body(mut self, b: Value) -> Self {
        self.body = Some(b);
        self
    }
    fn key(mut self, key: Option<&'static str>) -> Self {
        self.key = key;
        self
    }
    fn expect(mut self, status: u16, answer: Value) -> Self {
        self.status = status;
        self.answer = answer;
        self
    }
}

/// The documented failure body: `{"error": "<message>"}` with a non-200 status.
fn error() -> Value {
    json!({"error": ANY_STRING})
}

/// The documented action answer: `{"success": "<message>"}` with 200.
fn success() -> Value {
    json!({"success": ANY_STRING})
}

struct Wire {
    http: reqwest::Client,
    base: String,
}

impl Wire {
    fn new(sim: &AllthenticateSim) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: sim.uri(),
        }
    }

    async fn send(&self, r: &Row) -> (u16, Value) {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base, r.path)).unwrap();
        let mut body = r.body.clone();
        {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &r.query {
                pairs.append_pair(k, v);
            }
            if let Some(key) = r.key {
                match &mut body {
                    Some(Value::Object(m)) => {
                        m.insert("api_key".into(), json!(key));
                    }
                    _ if r.method == "GET" => {
                        pairs.append_pair("api_key", key);
                    }
                    _ => body = Some(json!({"api_key": key})),
                }
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        let mut req = self.http.request(
            reqwest::Method::from_bytes(r.method.as_bytes()).unwrap(),
            url,
        );
        if let Some(b) = &body {
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
            if status != r.status {
                problems.push(format!("status: want {}, got {status}", r.status));
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

    /// The body of one answer, e.g. to read a token it created.
    async fn answer(&self, r: Row) -> Value {
        self.send(&r).await.1
    }
}

/// A user as A1's `/multipleusers` example shows one (`unique_id` has no type there).
#[allow(clippy::too_many_arguments)]
fn user(
    email_id: i64,
    email: &str,
    first: &str,
    last: &str,
    name: Value,
    groups: Value,
    confirmed: bool,
) -> Value {
    json!({
        "ad_status": if confirmed { "ACTIVE" } else { ANY_STRING },
        "active_date": if confirmed { json!("2020-03-20 01:30:34") } else { Value::Null },
        "confirmed": if confirmed { json!("2020-03-20 01:30:16") } else { Value::Null },
        "created": "2020-03-20 01:30:05",
        "device_added": if confirmed { json!("2023-01-23 23:46:35") } else { Value::Null },
        "email": email,
        "email_id": email_id,
        "email_status": if confirmed { "CONFIRMED" } else { ANY_STRING },
        "first_name": first,
        "groups": groups,
        "last_name": last,
        "name": name,
        "user_id": email_id,
        "username": ANY_STRING,
        "unique_id": ANY_VALUE,
    })
}

fn chad(groups: Value) -> Value {
    user(
        1,
        "joe@developer.com",
        "Chad",
        "Spensky",
        json!("Chad Spensky"),
        groups,
        true,
    )
}

fn ada(groups: Value) -> Value {
    user(
        2,
        "ada@acme.example",
        "Ada",
        "Lovelace",
        json!("Ada Lovelace"),
        groups,
        true,
    )
}

/// A resource as A2's `/multipleresources` example shows one.
fn resource(id: i64, uuid: &str, name: &str, ty: &str, groups: Value, policies: Value) -> Value {
    json!({
        "groups": groups,
        "name": name,
        "org_id": ANY_INT,
        "policies": policies,
        "public_key": "<contains:-----BEGIN CERTIFICATE----->",
        "resource_id": id,
        "resource_status_id": ANY_INT,
        "resource_subtype": null,
        "resource_type": ty,
        "resource_info": ANY_VALUE,
        // `{lock_status, online_status}`: the value words are not documented.
        "resource_status": {"lock_status": ANY_VALUE, "online_status": ANY_VALUE},
        "seen": "2021-12-05 10:08:05",
        "status": "ACTIVE",
        "unique_id": id,
        "updated": ANY_STRING,
        "uuid": uuid,
    })
}

fn doors(policies_203: Value) -> Value {
    json!([
        resource(
            203,
            DOWNSTAIRS,
            "Downstairs Door",
            "DOOR",
            json!([["Doors"]]),
            policies_203
        ),
        resource(
            204,
            LAB,
            "Lab Door",
            "DOOR",
            json!([["Doors"], ["Lab"]]),
            json!([])
        ),
        resource(
            206,
            LOADING_DOCK,
            "Loading Dock",
            "DOOR",
            json!([["Doors"]]),
            json!([])
        ),
    ])
}

// ---------------------------------------------------------------------------
// Users, invites, smartcards.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn users_invites_and_smartcards() {
    let sim = AllthenticateSim::start().await;
    let w = Wire::new(&sim);
    w.check(vec![
        // A1: GET /multipleusers -> a bare array of users.
        row("GET", "/multipleusers").expect(
            200,
            json!([chad(json!([["Employees"]])), ada(json!([["Employees"], ["Admins"]]))]),
        ),
        // A1: email=true puts the e-mail in `name`.
        row("GET", "/multipleusers").q("email", "true").expect(
            200,
            json!([
                user(1, "joe@developer.com", "Chad", "Spensky", json!("<contains:joe@developer.com>"), json!([["Employees"]]), true),
                user(2, "ada@acme.example", "Ada", "Lovelace", json!("<contains:ada@acme.example>"), json!([["Employees"], ["Admins"]]), true),
            ]),
        ),
        // A1: user_tag=GUEST lists the guests.
        row("GET", "/multipleusers").q("user_tag", "GUEST").expect(
            200,
            json!([user(3, "visitor@partner.example", "Vic", "Visitor", json!("Vic Visitor"), json!([]), true)]),
        ),
        // The key is required; a wrong one is refused ({"error"} with a non-200 status).
        row("GET", "/multipleusers").key(None).expect(401, error()),
        row("GET", "/multipleusers").key(Some("not-a-key")).expect(401, error()),
        // A1: POST /invites with every documented parameter; `no_email` as the
        // doc writes it ('true').
        row("POST", "/invites")
            .body(json!({
                "emails": ["grace@acme.example", "joe@developer.com", "not-an-address"],
                "smartcards": [[{"number": "7654321", "label": "Grace badge"}], [], []],
                "groups": [{"id": 1, "name": "Employees"}],
                "no_email": "true",
            }))
            .expect(
                200,
                json!({
                    "success": "Success! All members have been invited to join your organization.",
                    "added": ["grace@acme.example"],
                    "invited": [],
                    "exists": ["joe@developer.com"],
                    "invalid": ["not-an-address"],
                    "failed_invite": [],
                    "add_ids": [4, 1],
                    "group_names": ["Employees"],
                    "send_email": false,
                }),
            ),
        row("POST", "/invites")
            .body(json!({"emails": ["linus@acme.example"], "no_email": false}))
            .expect(
                200,
                json!({
                    "success": "Success! All members have been invited to join your organization.",
                    "added": ["linus@acme.example"],
                    "invited": ["linus@acme.example"],
                    "exists": [],
                    "invalid": [],
                    "failed_invite": [],
                    "add_ids": [5],
                    "group_names": [],
                    "send_email": true,
                }),
            ),
        // `emails` is required.
        row("POST", "/invites").body(json!({"no_email": true})).expect(400, error()),
        // `groups` are user groups of the organisation.
        row("POST", "/invites")
            .body(json!({"emails": ["x@acme.example"], "groups": [{"id": 2, "name": "Doors"}]}))
            .expect(400, error()),
        // The invitees are members now (not confirmed yet).
        row("GET", "/multipleusers").expect(
            200,
            json!([
                chad(json!([["Employees"]])),
                ada(json!([["Employees"], ["Admins"]])),
                user(4, "grace@acme.example", ANY_STRING, ANY_STRING, json!(ANY_STRING), json!([["Employees"]]), false),
                user(5, "linus@acme.example", ANY_STRING, ANY_STRING, json!(ANY_STRING), json!([]), false),
            ]),
        ),
        // seed: PUT /modifysmartcards {api_key, email_id, smartcards: a serialized
        // JSON array of {number, label}, allow_duplicates}. The array replaces the
        // member's cards [I].
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 2, "smartcards": "[{\"number\": \"1234567\", \"label\": \"Spare\"}]"}))
            .expect(400, error()),
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 2, "smartcards": "[{\"number\": \"1234567\", \"label\": \"Spare\"}]", "allow_duplicates": true}))
            .expect(200, success()),
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 2, "smartcards": "[{\"number\": \"1234567\", \"label\": \"Spare\"}, {\"number\": \"8888888\"}]", "allow_duplicates": true}))
            .expect(200, success()),
        // The number is an integer string.
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 2, "smartcards": "[{\"number\": \"12AB\"}]"}))
            .expect(400, error()),
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 99, "smartcards": "[{\"number\": \"9999999\"}]"}))
            .expect(404, error()),
        // [I] a method the endpoint does not take.
        row("GET", "/invites").expect(405, error()),
    ])
    .await;
    let ada = sim.user("ada@acme.example").unwrap();
    assert_eq!(
        ada.smartcards,
        vec![
            ("1234567".to_string(), Some("Spare".to_string())),
            ("8888888".to_string(), None)
        ]
    );
    // [I] the list replaces the cards: one card left, then "[]" clears them.
    w.check(vec![
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 2, "smartcards": "[{\"number\": \"8888888\", \"label\": \"Main\"}]"}))
            .expect(200, success()),
    ])
    .await;
    assert_eq!(
        sim.user("ada@acme.example").unwrap().smartcards,
        vec![("8888888".to_string(), Some("Main".to_string()))]
    );
    w.check(vec![
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 2, "smartcards": "[]"}))
            .expect(200, success()),
        // Not an array, and no list at all, are still refused.
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 2, "smartcards": "{}"}))
            .expect(400, error()),
        row("PUT", "/modifysmartcards")
            .body(json!({"email_id": 2}))
            .expect(400, error()),
    ])
    .await;
    assert!(sim.user("ada@acme.example").unwrap().smartcards.is_empty());
    let grace = sim.user("grace@acme.example").unwrap();
    assert_eq!(
        grace.smartcards,
        vec![("7654321".to_string(), Some("Grace badge".to_string()))]
    );
    assert_eq!(grace.invitations_sent, 0, "no_email 'true' sends no e-mail");
    assert_eq!(sim.user("linus@acme.example").unwrap().invitations_sent, 1);
}

// ---------------------------------------------------------------------------
// Groups.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn groups_create_and_modify() {
    let sim = AllthenticateSim::start().await;
    let w = Wire::new(&sim);
    w.check(vec![
        // seed: POST /groups {type, name, add_ids, resource_type} ->
        // {success: "Group has been successfully created!", group_id}.
        row("POST", "/groups")
            .body(json!({"type": "users", "name": "Night shift", "add_ids": [1, 2]}))
            .expect(200, json!({"success": "Group has been successfully created!", "group_id": 5})),
        row("POST", "/groups")
            .body(json!({"type": "resources", "name": "Side doors", "add_ids": [203, 204], "resource_type": "DOOR"}))
            .expect(200, json!({"success": "Group has been successfully created!", "group_id": 6})),
        // seed: PUT /groups {type, group_id, add_ids, del_ids} ->
        // {success: "Group has been successfully updated!"}.
        row("PUT", "/groups")
            .body(json!({"type": "users", "group_id": 5, "add_ids": [], "del_ids": [1]}))
            .expect(200, json!({"success": "Group has been successfully updated!"})),
        row("PUT", "/groups")
            .body(json!({"type": "resources", "group_id": 6, "del_ids": [204]}))
            .expect(200, json!({"success": "Group has been successfully updated!"})),
        // The users' `groups` follow.
        row("GET", "/multipleusers").expect(
            200,
            json!([
                chad(json!([["Employees"]])),
                ada(json!([["Employees"], ["Admins"], ["Night shift"]])),
            ]),
        ),
        row("GET", "/multipleresources").q("type", "DOOR").expect(
            200,
            json!([
                resource(203, DOWNSTAIRS, "Downstairs Door", "DOOR", json!([["Doors"], ["Side doors"]]), json!([])),
                resource(204, LAB, "Lab Door", "DOOR", json!([["Doors"], ["Lab"]]), json!([])),
                resource(206, LOADING_DOCK, "Loading Dock", "DOOR", json!([["Doors"]]), json!([])),
            ]),
        ),
        // Required parameters and their values.
        row("POST", "/groups")
            .body(json!({"type": "users", "add_ids": [1]}))
            .expect(400, error()),
        row("POST", "/groups")
            .body(json!({"type": "people", "name": "X", "add_ids": [1]}))
            .expect(400, error()),
        row("POST", "/groups")
            .body(json!({"type": "resources", "name": "Bad", "add_ids": [203], "resource_type": "WINDOW"}))
            .expect(400, error()),
        row("PUT", "/groups")
            .body(json!({"type": "users", "group_id": 99, "add_ids": [1]}))
            .expect(404, error()),
        row("PUT", "/groups")
            .body(json!({"group_id": 5, "add_ids": [1]}))
            .expect(400, error()),
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Resources, door lock and unlock.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn resources_and_door_lock_unlock() {
    let sim = AllthenticateSim::start().await;
    let w = Wire::new(&sim);
    w.check(vec![
        // A2: GET /multipleresources[?type=COMPUTER|DOOR] -> a bare array.
        row("GET", "/multipleresources")
            .q("type", "DOOR")
            .expect(200, doors(json!([]))),
        row("GET", "/multipleresources")
            .q("type", "COMPUTER")
            .expect(
                200,
                json!([resource(
                    205,
                    RECEPTION_PC,
                    "Reception PC",
                    "COMPUTER",
                    json!([]),
                    json!([])
                )]),
            ),
        row("GET", "/multipleresources")
            .q("type", "PRINTER")
            .expect(400, error()),
        // seed: POST /setlockstatus {uuid, lock_state (true = locked), unlock_time}.
        row("POST", "/setlockstatus")
            .body(json!({"uuid": DOWNSTAIRS, "lock_state": false, "unlock_time": 30}))
            .expect(200, success()),
    ])
    .await;
    assert_eq!(sim.is_locked(DOWNSTAIRS), Some(false));
    sim.clock().advance(Duration::from_secs(31));
    assert_eq!(
        sim.is_locked(DOWNSTAIRS),
        Some(true),
        "relocked after unlock_time"
    );
    w.check(vec![
        row("POST", "/setlockstatus")
            .body(json!({"uuid": LAB, "lock_state": false}))
            .expect(200, success()),
        row("POST", "/setlockstatus")
            .body(json!({"uuid": LAB, "lock_state": true}))
            .expect(200, success()),
        // An offline door, an unknown uuid, a missing lock_state.
        row("POST", "/setlockstatus")
            .body(json!({"uuid": LOADING_DOCK, "lock_state": false}))
            .expect(400, error()),
        row("POST", "/setlockstatus")
            .body(json!({"uuid": "00000000-0000-4000-8000-000000000000", "lock_state": false}))
            .expect(404, error()),
        row("POST", "/setlockstatus")
            .body(json!({"uuid": LAB}))
            .expect(400, error()),
        // unlock_time is a positive "Int" of seconds [seed]; zero or less is refused [I].
        row("POST", "/setlockstatus")
            .body(json!({"uuid": LAB, "lock_state": false, "unlock_time": 0}))
            .expect(400, error()),
        row("POST", "/setlockstatus")
            .body(json!({"uuid": LAB, "lock_state": false, "unlock_time": -5}))
            .expect(400, error()),
        // No range [seed]: 120 s is honoured (not the 5-60 of /masslock).
        row("POST", "/setlockstatus")
            .body(json!({"uuid": DOWNSTAIRS, "lock_state": false, "unlock_time": 120}))
            .expect(200, success()),
        // A2: POST /masslock {lock_state, group_id, unlock_time (5-60, corrected),
        // force_lock, lock_wait}; "Requires assurance".
        row("POST", "/masslock")
            .body(json!({"lock_state": false, "group_id": 4, "unlock_time": 90}))
            .expect(200, success()),
    ])
    .await;
    assert_eq!(sim.is_locked(LAB), Some(false));
    assert_eq!(
        sim.is_locked(DOWNSTAIRS),
        Some(false),
        "its own 120 s unlock"
    );
    sim.clock().advance(Duration::from_secs(59));
    assert_eq!(sim.is_locked(LAB), Some(false), "90 s is corrected to 60 s");
    sim.clock().advance(Duration::from_secs(2));
    assert_eq!(sim.is_locked(LAB), Some(true));
    sim.clock().advance(Duration::from_secs(58));
    assert_eq!(sim.is_locked(DOWNSTAIRS), Some(false), "119 s into 120 s");
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(
        sim.is_locked(DOWNSTAIRS),
        Some(true),
        "relocked after 120 s"
    );
    // Below the range: 2 s is corrected up to 5 s, not refused [V] A2.
    w.check(vec![
        row("POST", "/masslock")
            .body(json!({"lock_state": false, "group_id": 4, "unlock_time": 2}))
            .expect(200, success()),
    ])
    .await;
    sim.clock().advance(Duration::from_secs(4));
    assert_eq!(sim.is_locked(LAB), Some(false), "2 s is corrected to 5 s");
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(sim.is_locked(LAB), Some(true));
    w.check(vec![
        row("POST", "/masslock")
            .body(json!({"lock_state": false}))
            .expect(200, success()),
        row("POST", "/masslock")
            .body(json!({"lock_state": true, "force_lock": true, "lock_wait": 0}))
            .expect(200, success()),
        row("POST", "/masslock")
            .body(json!({"lock_state": true, "group_id": 1}))
            .expect(400, error()),
        row("POST", "/masslock")
            .body(json!({"lock_state": true, "group_id": 99}))
            .expect(404, error()),
        row("POST", "/masslock")
            .key(Some(LOW_KEY))
            .body(json!({"lock_state": false}))
            .expect(403, error()),
        // The low-assurance key still reads.
        row("GET", "/multipleresources")
            .key(Some(LOW_KEY))
            .q("type", "DOOR")
            .expect(200, doors(json!([]))),
    ])
    .await;
    assert_eq!(sim.is_locked(DOWNSTAIRS), Some(true));
    assert_eq!(sim.is_locked(LAB), Some(true));
}

// ---------------------------------------------------------------------------
// Guest (magic) links.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn guest_magic_links_and_their_schedule() {
    // The simulator's clock starts on Monday 2026-03-02 10:00 UTC.
    let sim = AllthenticateSim::start().await;
    let w = Wire::new(&sim);
    // seed: 9-noon and 1pm-5pm on work days, the week starting on Sunday.
    let split_days = json!([
        [],
        [[9, 12], [13, 17]],
        [[9, 12], [13, 17]],
        [[9, 12], [13, 17]],
        [[9, 12], [13, 17]],
        [[9, 12], [13, 17]],
        []
    ]);
    let created = json!({
        "success": "Successfully created a new temporary policy and magic link.",
        "magic_token": ANY_STRING,
        "email_ids": {"guest@partner.example": 4},
        "config_id": ANY_INT,
        "magic_link_id": ANY_INT,
    });
    let request = json!({
        "email_list": ["guest@partner.example"],
        "resource_id_list": [203],
        "start_time": "2026-03-02 09:00:00",
        "end_time": "2026-03-09 10:00:00",
        "name": "Visit",
        "send_email": false,
        "config_id": 1,
        "smartcards": [{"label": "Visitor", "number": "5550001"}],
        "allow_duplicates": false,
        "time_mapping": split_days,
    });
    w.check(vec![
        row("POST", "/magiclinkadmin").body(request.clone()).expect(200, created),
        // The link's policy shows on the door; the guest is a guest user.
        row("GET", "/multipleresources").q("type", "DOOR").expect(200, doors(json!([["Visit"]]))),
        row("GET", "/multipleusers").q("user_tag", "GUEST").expect(
            200,
            json!([
                user(3, "visitor@partner.example", "Vic", "Visitor", json!("Vic Visitor"), json!([]), true),
                user(4, "guest@partner.example", ANY_STRING, ANY_STRING, json!(ANY_STRING), json!([]), false),
            ]),
        ),
        // Doors only; required name and e-mails; times in YYYY-MM-DD hh:mm:ss;
        // the card numbers map 1-1 to the e-mails.
        row("POST", "/magiclinkadmin")
            .body(json!({"email_list": ["g2@partner.example"], "resource_id_list": [205], "end_time": "2026-03-09 10:00:00", "name": "PC"}))
            .expect(400, error()),
        row("POST", "/magiclinkadmin")
            .body(json!({"email_list": ["g2@partner.example"], "resource_id_list": [203], "end_time": "2026-03-09 10:00:00"}))
            .expect(400, error()),
        row("POST", "/magiclinkadmin")
            .body(json!({"email_list": [], "resource_id_list": [203], "end_time": "2026-03-09 10:00:00", "name": "X"}))
            .expect(400, error()),
        row("POST", "/magiclinkadmin")
            .body(json!({"email_list": ["g2@partner.example"], "resource_id_list": [203], "end_time": "2026-03-09T10:00:00Z", "name": "X"}))
            .expect(400, error()),
        row("POST", "/magiclinkadmin")
            .body(json!({"email_list": ["g2@partner.example"], "resource_id_list": [203], "end_time": "2026-03-09 10:00:00", "name": "X", "smartcards": [{"label": "A", "number": "1"}, {"label": "B", "number": "2"}]}))
            .expect(400, error()),
        // Someone else's card number without allow_duplicates.
        row("POST", "/magiclinkadmin")
            .body(json!({"email_list": ["g2@partner.example"], "resource_id_list": [203], "end_time": "2026-03-09 10:00:00", "name": "X", "smartcards": [{"label": "A", "number": "1234567"}]}))
            .expect(400, error()),
    ])
    .await;

    // A second link, 24/7 (the seed's example), read back by its token.
    let always = json!([
        [[0, 24]],
        [[0, 24]],
        [[0, 24]],
        [[0, 24]],
        [[0, 24]],
        [[0, 24]],
        [[0, 24]]
    ]);
    let mut r2 = request.clone();
    r2["time_mapping"] = always;
    r2["name"] = json!("Always");
    r2["email_list"] = json!(["g3@partner.example"]);
    r2["smartcards"] = Value::Null;
    r2["resource_id_list"] = json!([204]);
    let second = w.answer(row("POST", "/magiclinkadmin").body(r2)).await;
    let always_token = second["magic_token"].as_str().unwrap().to_string();

    // The first link's token, honouring the hand-written time_mapping.
    let first = sim.magic_links()[0].token.clone();
    assert_eq!(
        sim.open_with_magic_link(&first, ResourceId::new(203)),
        GuestEntry::Granted,
        "Mon 10:00"
    );
    assert_eq!(
        sim.open_with_magic_link(&first, ResourceId::new(204)),
        GuestEntry::WrongDoor
    );
    sim.clock().advance(Duration::from_secs(2 * 3600 + 1800));
    assert_eq!(
        sim.open_with_magic_link(&first, ResourceId::new(203)),
        GuestEntry::OutsideSchedule,
        "Mon 12:30"
    );
    sim.clock().advance(Duration::from_secs(3600));
    assert_eq!(
        sim.open_with_magic_link(&first, ResourceId::new(203)),
        GuestEntry::Granted,
        "Mon 13:30"
    );
    // Saturday is the 7th element (the week starts on Sunday): closed.
    sim.clock()
        .advance(Duration::from_secs(5 * 86_400 - 3 * 3600));
    assert_eq!(
        sim.open_with_magic_link(&first, ResourceId::new(203)),
        GuestEntry::OutsideSchedule,
        "Sat 10:30"
    );
    assert_eq!(
        sim.open_with_magic_link(&always_token, ResourceId::new(204)),
        GuestEntry::Granted,
        "Sat 10:30, 24/7"
    );
    // Monday 2026-03-09 10:30, after end_time.
    sim.clock().advance(Duration::from_secs(2 * 86_400));
    assert_eq!(
        sim.open_with_magic_link(&always_token, ResourceId::new(204)),
        GuestEntry::Expired
    );
}

/// The matcher itself: a renamed, retyped or extra field fails the row.
#[test]
fn the_matcher_sees_renamed_retyped_and_extra_fields() {
    let want = json!({"email_id": 1, "groups": [["Employees"]], "name": "<contains:joe@>"});
    let mut out = Vec::new();
    diff(
        "$",
        &want,
        &json!({"emailId": 1, "groups": [["Employees"]], "name": "x joe@y"}),
        &mut out,
    );
    assert_eq!(out.len(), 2, "{out:?}");
    out.clear();
    diff(
        "$",
        &want,
        &json!({"email_id": "1", "groups": ["Employees"], "name": "joe"}),
        &mut out,
    );
    assert_eq!(out.len(), 3, "{out:?}");
    out.clear();
    diff(
        "$",
        &want,
        &json!({"email_id": 1, "groups": [["Employees"]], "name": "Joe (joe@x)"}),
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
}
