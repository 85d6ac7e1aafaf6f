//! A stateful iLOQ 5 Series Public API v2 simulator (feature `testkit`).
//!
//! It serves the endpoints of this crate on loopback, with the behaviour the
//! sources document:
//!
//! * `Url/GetUrl` answers a pool URL **with a trailing slash** (`.../iloqwspool1/`),
//!   and every call after it must use that pool (a call on the service
//!   address, or with a doubled slash, is answered 404);
//! * sessions expire after [`IloqSimulator::set_session_ttl`] of inactivity on
//!   the shared [`SimClock`], or at once with [`IloqSimulator::expire_sessions`];
//!   an expired one gets HTTP 401 `{"Code":"Unauthorized","Message":"Invalid session id: <id>"}`;
//! * nothing but `LockGroups`, `SetLockgroup` and `KillSession` works before `SetLockgroup`;
//! * persons, keys (S5 keys, fobs, phone keys), zones (one of Type 4),
//!   security accesses of Type 1 (Standard) and Type 3 (API access), the `Can*`
//!   rules, `ProgrammingState` moved to Programmed by [`IloqSimulator::program_key`],
//!   phone key registration ([`IloqSimulator::register_phone`]) and invites;
//! * lock logs with the 2000-row cap and `TotalCount`, arrival times
//!   (`TimestampUtc`) distinct from access times;
//! * webhooks delivered (recorded) with `Webhook-Signature` as iLOQ signs them.
//!
//! Behaviour the sources leave open is chosen and marked **\[I\]** in the code:
//! the status of calls before `SetLockgroup` (403), how a refused write is
//! answered (400 `ValidationFailed`), the session lifetime (20 min idle).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use access_core::SecretString;
use access_core::clock::Clock;
use access_core::testkit::{Faults, SimClock, SimServer, SimulatedApi, json_response};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::{Request, ResponseTemplate};

use crate::auth::LockGroupOptions;
use crate::client::Client;
use crate::dates::{format_utc, parse_utc};
use crate::ids::*;

/// The path segment of the simulated server pool.
pub const POOL: &str = "iloqwspool1";

/// The ids of the seeded data.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Seed {
    /// The service code.
    pub customer_code: String,
    /// The API user.
    pub user_name: String,
    /// Its password.
    pub password: String,
    /// The locking system.
    pub lock_group: LockGroupId,
    /// The zone of Type 4 (default for keys and persons).
    pub default_zone: ZoneId,
    /// A customer zone (Type 1).
    pub office_zone: ZoneId,
    /// An API access right (Type 3): "Main entrance (API)".
    pub api_access: SecurityAccessId,
    /// A second API access right (Type 3): "Server room (API)".
    pub api_access_2: SecurityAccessId,
    /// A Standard access right (Type 1): "All doors (Standard)".
    pub standard_access: SecurityAccessId,
    /// Pre-added S5 keys (KeyTypeMask 264), in planning, no holder.
    pub s5_keys: Vec<KeyId>,
    /// Pre-added S50 fobs (KeyTypeMask 10), in planning, no holder.
    pub fobs: Vec<KeyId>,
    /// An S5 key already programmed with the Standard access (handed to `persons[0]`).
    pub programmed_key: KeyId,
    /// Locks.
    pub locks: Vec<LockId>,
    /// Persons (external ids `HR-1`, `HR-2`).
    pub persons: Vec<PersonId>,
    /// The time profile "Office hours".
    pub time_limit_title: TimeLimitTitleId,
}

/// A webhook delivery the simulator made (recorded, not sent).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// The subscription.
    pub subscription_id: String,
    /// `Event-Name`.
    pub event_name: String,
    /// `Counter`.
    pub counter: u64,
    /// `Webhook-Signature`.
    pub signature: String,
    /// The raw body.
    pub body: Vec<u8>,
    /// The subscription's `SignKey`.
    pub sign_key: String,
}

/// A phone key invite the simulator "sent".
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SentInvite {
    /// The key.
    pub key: KeyId,
    /// `sms` or `email`.
    pub channel: &'static str,
    /// The number or address.
    pub address: String,
}

#[derive(Debug, Clone)]
struct SimSession {
    lock_group: Option<Uuid>,
    last_used: DateTime<Utc>,
}

#[derive(Debug, Clone)]
struct SimKey {
    id: Uuid,
    person: Option<Uuid>,
    key_type: u32,
    description: String,
    state: i64,
    prog: i64,
    is_programmed: bool,
    ever_ordered: bool,
    rom_id: String,
    stamp: String,
    planned: BTreeSet<Uuid>,
    programmed: BTreeSet<Uuid>,
    zones: Vec<Uuid>,
    main_zone: Option<Uuid>,
    phone: Option<String>,
    email: Option<String>,
    phone_options: u32,
    blocklisted: bool,
    slots: Vec<Value>,
    /// `OfflineExpirationSeconds` of the last access-rights replace (0: unlimited).
    offline_expiration: i64,
    location_reporting: bool,
    extra: serde_json::Map<String, Value>,
}

impl SimKey {
    fn new(id: Uuid, key_type: u32, description: &str, rom: &str) -> Self {
        Self {
            id,
            person: None,
            key_type,
            description: description.into(),
            state: 0,
            prog: 0,
            is_programmed: false,
            ever_ordered: false,
            rom_id: rom.into(),
            stamp: String::new(),
            planned: BTreeSet::new(),
            programmed: BTreeSet::new(),
            zones: Vec::new(),
            main_zone: None,
            phone: None,
            email: None,
            phone_options: 0,
            blocklisted: false,
            slots: Vec::new(),
            offline_expiration: 0,
            location_reporting: false,
            extra: serde_json::Map::new(),
        }
    }

    fn is_phone(&self) -> bool {
        self.key_type & 4 != 0
    }

    /// Any change puts the key back in planning.
    fn touch(&mut self) {
        if self.prog != 0 {
            self.prog = 0;
        }
    }

    fn to_json(&self) -> Value {
        let mut v = json!({
            "FNKey_ID": self.id,
            "Person_ID": self.person,
            "RealEstate_ID": Uuid::nil(),
            "Description": self.description,
            "InfoText": "",
            "ExpireDate": null,
            "KeyTypeMask": self.key_type,
            "State": self.state,
            "ProgrammingState": self.prog,
            "IsProgrammed": self.is_programmed,
            "ROM_ID": self.rom_id,
            "Stamp": self.stamp,
            "StampSource": 0,
            "TagKey": "",
            "TagKeyHex": "",
            "TagKeySource": 0,
            "VersionCode": "1",
        });
        if let Value::Object(m) = &mut v {
            for (k, x) in &self.extra {
                m.insert(k.clone(), x.clone());
            }
        }
        v
    }
}

#[derive(Debug, Clone)]
struct SimAccess {
    id: Uuid,
    name: String,
    access_type: i64,
    zone: Uuid,
}

#[derive(Debug, Clone)]
struct SimLog {
    id: Uuid,
    lock: Uuid,
    key: Option<Uuid>,
    type_mask: u32,
    going: DateTime<Utc>,
    timestamp: DateTime<Utc>,
}

#[derive(Debug, Clone)]
struct SimSubscription {
    id: String,
    event_id: i64,
    target: String,
    sign_key: String,
    counter: u64,
}

#[derive(Debug)]
struct State {
    session_ttl: Duration,
    expire_after: Option<usize>,
    get_url_empty: bool,
    pool: String,
    sessions: HashMap<String, SimSession>,
    lock_group_options: u32,
    persons: BTreeMap<Uuid, Value>,
    keys: BTreeMap<Uuid, SimKey>,
    accesses: Vec<SimAccess>,
    zones: Vec<Value>,
    locks: Vec<Value>,
    logs: Vec<SimLog>,
    subscriptions: Vec<SimSubscription>,
    deliveries: Vec<WebhookDelivery>,
    invites: Vec<SentInvite>,
    blocklist_pending: bool,
    lock_orders: u32,
}

/// The simulated API (the [`SimulatedApi`] behind [`IloqSimulator`]).
#[derive(Debug)]
pub struct IloqApi {
    state: Mutex<State>,
    clock: SimClock,
    seed: Seed,
    base: Mutex<String>,
}

/// The iLOQ simulator on loopback.
pub struct IloqSimulator {
    server: SimServer,
    api: Arc<IloqApi>,
}

impl std::fmt::Debug for IloqSimulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IloqSimulator")
            .field("uri", &self.server.uri())
            .finish()
    }
}

fn err(status: u16, code: &str, message: impl Into<String>) -> ResponseTemplate {
    json_response(status, &json!({ "Code": code, "Message": message.into() }))
}

fn invalid(value: impl std::fmt::Display, param: &str) -> ResponseTemplate {
    err(
        400,
        "ValidationFailed",
        format!("Invalid value ({value}) for parameter {param}."),
    )
}

fn refuse(message: &str) -> ResponseTemplate {
    // [I] how iLOQ answers a write its Can* check would refuse.
    err(400, "ValidationFailed", message)
}

fn ok<T: serde::Serialize>(body: &T) -> ResponseTemplate {
    json_response(200, body)
}

fn void() -> ResponseTemplate {
    ResponseTemplate::new(204)
}

/// The id in `value[field]`, when it is a string holding a UUID.
fn uuid_field(value: &Value, field: &str) -> Option<Uuid> {
    value
        .get(field)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// The time in `value[field]`, when it is a string holding an iLOQ UTC time.
fn utc_field(value: &Value, field: &str) -> Option<DateTime<Utc>> {
    value.get(field).and_then(Value::as_str).and_then(parse_utc)
}

/// The ids in the array `value[field]` that are UUIDs (none when it is missing).
fn uuid_list<C: FromIterator<Uuid> + Default>(value: &Value, field: &str) -> C {
    value
        .get(field)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok()))
                .collect()
        })
        .unwrap_or_default()
}

impl IloqApi {
    fn new(clock: SimClock) -> Self {
        let id = |n: u128| Uuid::from_u128(0x1000_0000_0000_4000_8000_0000_0000_0000 + n);
        let seed = Seed {
            customer_code: "DEMO-ILOQ".into(),
            user_name: "api-agent".into(),
            password: "correct horse battery staple".into(),
            lock_group: LockGroupId::new(id(1)),
            default_zone: ZoneId::new(id(10)),
            office_zone: ZoneId::new(id(11)),
            api_access: SecurityAccessId::new(id(20)),
            api_access_2: SecurityAccessId::new(id(21)),
            standard_access: SecurityAccessId::new(id(22)),
            s5_keys: (0..3).map(|n| KeyId::new(id(100 + n))).collect(),
            fobs: (0..2).map(|n| KeyId::new(id(110 + n))).collect(),
            programmed_key: KeyId::new(id(120)),
            locks: (0..3).map(|n| LockId::new(id(200 + n))).collect(),
            persons: (0..2).map(|n| PersonId::new(id(300 + n))).collect(),
            time_limit_title: TimeLimitTitleId::new(id(400)),
        };
        let zones = vec![
            json!({"Zone_ID": seed.default_zone, "Name": "Keys and persons", "Description": "", "TimeZone_ID": "W. Europe Standard Time", "Type": 4}),
            json!({"Zone_ID": seed.office_zone, "Name": "Office", "Description": "", "TimeZone_ID": "W. Europe Standard Time", "Type": 1}),
            json!({"Zone_ID": id(12), "Name": "Locks", "Description": "", "TimeZone_ID": "W. Europe Standard Time", "Type": 2}),
        ];
        let accesses = vec![
            SimAccess {
                id: seed.api_access.as_uuid(),
                name: "Main entrance (API)".into(),
                access_type: 3,
                zone: seed.default_zone.as_uuid(),
            },
            SimAccess {
                id: seed.api_access_2.as_uuid(),
                name: "Server room (API)".into(),
                access_type: 3,
                zone: seed.default_zone.as_uuid(),
            },
            SimAccess {
                id: seed.standard_access.as_uuid(),
                name: "All doors (Standard)".into(),
                access_type: 1,
                zone: seed.default_zone.as_uuid(),
            },
        ];
        let locks = ["Main entrance", "Server room", "Back door"]
            .iter()
            .zip(&seed.locks)
            .enumerate()
            .map(|(n, (name, lock))| {
                json!({"FLock_ID": lock, "RealEstate_Id": Uuid::nil(), "Zone_ID": id(12), "Description": name,
                       "LocationCode": format!("A{}", n + 1), "LockingObject": name, "LockType": 4, "PhysicalState": 1,
                       "SerialNumber": 1000 + n, "LockState": 0})
            })
            .collect();
        let mut persons = BTreeMap::new();
        for (n, (pid, (first, last))) in seed
            .persons
            .iter()
            .zip([("Grace", "Hopper"), ("Alan", "Turing")])
            .enumerate()
        {
            persons.insert(
                pid.as_uuid(),
                json!({"Person_ID": pid, "FirstName": first, "LastName": last, "PersonCode": format!("P{}", n + 1),
                       "ExternalPersonId": format!("HR-{}", n + 1), "eMail": format!("{}@example.com", first.to_lowercase()),
                       "Phone1": "", "Address": "", "ExternalCanEdit": true, "State": 0}),
            );
        }
        let mut keys = BTreeMap::new();
        for (n, k) in seed.s5_keys.iter().enumerate() {
            let mut key = SimKey::new(
                k.as_uuid(),
                264,
                &format!("S5 key {}", n + 1),
                &format!("ROM-S5-{:04}", n + 1),
            );
            key.stamp = format!("{:04}", 1001 + n);
            key.zones = vec![seed.default_zone.as_uuid()];
            keys.insert(k.as_uuid(), key);
        }
        for (n, k) in seed.fobs.iter().enumerate() {
            let mut key = SimKey::new(
                k.as_uuid(),
                10,
                &format!("Fob {}", n + 1),
                &format!("ROM-FOB-{:04}", n + 1),
            );
            key.zones = vec![seed.default_zone.as_uuid()];
            keys.insert(k.as_uuid(), key);
        }
        let mut programmed = SimKey::new(
            seed.programmed_key.as_uuid(),
            264,
            "S5 key (Grace)",
            "ROM-S5-0900",
        );
        programmed.person = Some(seed.persons[0].as_uuid());
        programmed.state = 1;
        programmed.prog = 3;
        programmed.is_programmed = true;
        programmed.ever_ordered = true;
        programmed.planned = [seed.standard_access.as_uuid(), seed.api_access.as_uuid()].into();
        programmed.programmed = programmed.planned.clone();
        programmed.zones = vec![seed.default_zone.as_uuid()];
        programmed.main_zone = Some(seed.default_zone.as_uuid());
        keys.insert(programmed.id, programmed);
        let state = State {
            session_ttl: Duration::from_secs(20 * 60),
            expire_after: None,
            get_url_empty: false,
            pool: POOL.to_string(),
            sessions: HashMap::new(),
            lock_group_options: (LockGroupOptions::HANDOVER_WITHOUT_RETURN
                | LockGroupOptions::ZONES
                | LockGroupOptions::PUBLIC_API
                | LockGroupOptions::API_ACCESS_RIGHTS
                | LockGroupOptions::FIVE_SERIES
                | LockGroupOptions::S50)
                .bits(),
            persons,
            keys,
            accesses,
            zones,
            locks,
            logs: Vec::new(),
            subscriptions: Vec::new(),
            deliveries: Vec::new(),
            invites: Vec::new(),
            blocklist_pending: false,
            lock_orders: 0,
        };
        Self {
            state: Mutex::new(state),
            clock,
            seed,
            base: Mutex::new(String::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn emit(&self, st: &mut State, event_id: i64, event_name: &str, data: Value) {
        let now = self.clock.now();
        for sub in st
            .subscriptions
            .iter_mut()
            .filter(|s| s.event_id == event_id)
        {
            sub.counter += 1;
            let body =
                serde_json::to_vec(&json!({ "Data": data, "CreationTimeUtc": format_utc(&now) }))
                    .unwrap_or_default();
            let signature = crate::webhooks::sign(&body, &SecretString::from(sub.sign_key.clone()));
            st.deliveries.push(WebhookDelivery {
                subscription_id: sub.id.clone(),
                event_name: event_name.into(),
                counter: sub.counter,
                signature,
                body,
                sign_key: sub.sign_key.clone(),
            });
            tracing::debug!(target = %sub.target, event_name, "simulated webhook delivery");
        }
    }

    fn route(&self, r: &Request) -> ResponseTemplate {
        let raw_path = r.url.path().to_string();
        if raw_path.contains("//") {
            return err(
                404,
                "NotFound",
                format!("no route for {raw_path} (doubled slash)"),
            );
        }
        let Some(at) = raw_path.to_ascii_lowercase().find("/api/v2/") else {
            return err(404, "NotFound", "not an API v2 path");
        };
        let prefix = raw_path[..at].trim_matches('/').to_ascii_lowercase();
        let rest = &raw_path[at + "/api/v2/".len()..];
        let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
        let l: Vec<&str> = lower.iter().map(String::as_str).collect();
        let method = r.method.as_str().to_ascii_uppercase();
        let body: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        let query: Vec<(String, String)> = r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();

        // Unauthenticated calls.
        match (method.as_str(), l.as_slice()) {
            ("POST", ["url", "geturl"]) => {
                let code = body
                    .get("CustomerCode")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if code.len() < 2 || code.len() > 50 {
                    return invalid(code, "CustomerCode");
                }
                if self.lock().get_url_empty {
                    return ok(&"");
                }
                let base = self.base.lock().unwrap_or_else(|e| e.into_inner()).clone();
                let pool = self.lock().pool.clone();
                return ok(&format!("{base}/{pool}/"));
            }
            ("GET", ["test"]) => return ok(&"Test OK"),
            ("GET", ["version"]) => return ok(&"7.5.0.0 (simulated)"),
            _ => {}
        }
        let (st_empty, pool) = {
            let st = self.lock();
            (st.get_url_empty, st.pool.clone())
        };
        if !st_empty && prefix != pool && prefix.starts_with("iloqwspool") {
            // A pool the customer was moved away from no longer knows any session.
            let sid = r
                .headers
                .get("sessionid")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            return err(401, "Unauthorized", format!("Invalid session id: {sid}"));
        }
        if !st_empty && prefix != pool {
            return err(
                404,
                "NotFound",
                "this server does not host the customer: resolve the URL with Url/GetUrl",
            );
        }
        if let ("POST", ["createsession"]) = (method.as_str(), l.as_slice()) {
            return self.create_session(&body);
        }
        // Session check.
        let sid = r
            .headers
            .get("sessionid")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let now = self.clock.now();
        let lock_group = {
            let mut st = self.lock();
            let ttl = chrono::Duration::from_std(st.session_ttl).unwrap_or_default();
            if let Some(n) = st.expire_after.as_mut() {
                if *n == 0 {
                    st.sessions.clear();
                    st.expire_after = None;
                } else {
                    *n -= 1;
                }
            }
            match st.sessions.get_mut(&sid) {
                Some(s) if now - s.last_used <= ttl => {
                    s.last_used = now;
                    s.lock_group
                }
                _ => {
                    st.sessions.remove(&sid);
                    return err(401, "Unauthorized", format!("Invalid session id: {sid}"));
                }
            }
        };
        match (method.as_str(), l.as_slice()) {
            ("GET", ["lockgroups"]) => return ok(&json!([self.lock_group_json()])),
            ("POST", ["setlockgroup"]) => {
                let id = uuid_field(&body, "LockGroup_ID");
                if id != Some(self.seed.lock_group.as_uuid()) {
                    return invalid(
                        body.get("LockGroup_ID").unwrap_or(&Value::Null),
                        "LockGroup_ID",
                    );
                }
                if let Some(s) = self.lock().sessions.get_mut(&sid) {
                    s.lock_group = id;
                }
                return ok(&json!({ "RightsMask": 2_251_799_813_685_248u64 * 2 - 1 }));
            }
            ("GET", ["killsession"]) => {
                self.lock().sessions.remove(&sid);
                return void();
            }
            _ => {}
        }
        if lock_group.is_none() {
            // [I] the status iLOQ answers before SetLockgroup is not documented.
            return err(
                403,
                "Forbidden",
                "Lock group is not selected: call SetLockgroup first",
            );
        }
        self.api(&method, &l, &segs, &body, &query)
    }

    fn lock_group_json(&self) -> Value {
        json!({
            "LockGroup_ID": self.seed.lock_group, "Customer_ID": Uuid::from_u128(7), "Name": "Demo Office",
            "Description": "Simulated 5 Series locking system", "OptionMask": self.lock().lock_group_options,
            "State": 0, "TimeZoneStandardName": "W. Europe Standard Time", "AdapterVersion": 1,
            "ExpireDateUTC": "2030-01-01T00:00:00Z"
        })
    }

    fn create_session(&self, body: &Value) -> ResponseTemplate {
        let s = |k: &str| {
            body.get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        if s("UserName") != self.seed.user_name
            || s("Password") != self.seed.password
            || s("CustomerCode") != self.seed.customer_code
        {
            // [I] failure shape: Result 5 and no SessionID, HTTP 200.
            return ok(&json!({ "Result": 5, "SessionID": null }));
        }
        let id = Uuid::new_v4().to_string();
        self.lock().sessions.insert(
            id.clone(),
            SimSession {
                lock_group: None,
                last_used: self.clock.now(),
            },
        );
        // HEL's real fixture shows Result 0 on success.
        ok(&json!({ "Result": 0, "SessionID": id }))
    }

    fn api(
        &self,
        method: &str,
        l: &[&str],
        segs: &[&str],
        body: &Value,
        query: &[(String, String)],
    ) -> ResponseTemplate {
        let uuid_at = |i: usize| segs.get(i).and_then(|s| Uuid::parse_str(s).ok());
        let mut st = self.lock();
        let st = &mut *st;
        match (method, l) {
            // ---- persons
            ("GET", ["persons"]) => ok(&st.persons.values().collect::<Vec<_>>()),
            ("GET", ["persons", "getbyexternalpersonids"]) => {
                let ids: Vec<&str> = query
                    .iter()
                    .filter(|(k, _)| k == "externalPersonIds")
                    .map(|(_, v)| v.as_str())
                    .collect();
                let found: Vec<&Value> = st
                    .persons
                    .values()
                    .filter(|p| {
                        p.get("ExternalPersonId")
                            .and_then(Value::as_str)
                            .is_some_and(|e| ids.contains(&e))
                    })
                    .collect();
                if found.is_empty() {
                    return invalid(ids.join(","), "externalPersonIds");
                }
                ok(&found)
            }
            ("GET", ["persons", _]) => match uuid_at(1).and_then(|id| st.persons.get(&id)) {
                Some(p) => ok(p),
                None => invalid(segs[1], "id"),
            },
            ("POST", ["persons"]) => {
                let mut person = body.get("Person").cloned().unwrap_or(Value::Null);
                let code = person
                    .get("PersonCode")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if code.is_empty() || code.chars().count() > 20 {
                    return invalid(code, "Person.PersonCode");
                }
                let zones = body
                    .get("ZoneIds")
                    .and_then(Value::as_array)
                    .map(Vec::len)
                    .unwrap_or(0);
                if zones == 0 {
                    return invalid("[]", "ZoneIds");
                }
                if let Some(ext) = person
                    .get("ExternalPersonId")
                    .and_then(Value::as_str)
                    .filter(|e| !e.is_empty())
                    && st
                        .persons
                        .values()
                        .any(|p| p.get("ExternalPersonId").and_then(Value::as_str) == Some(ext))
                {
                    return invalid(ext, "ExternalPersonId");
                }
                let id = uuid_field(&person, "Person_ID")
                    .filter(|u| !u.is_nil())
                    .unwrap_or_else(Uuid::new_v4);
                person["Person_ID"] = json!(id);
                person["State"] = json!(0);
                st.persons.insert(id, person);
                ok(&json!({ "PersonIds": [id] }))
            }
            ("PUT", ["persons"]) => {
                let Some(person) = body.get("Person") else {
                    return invalid("body", "Person");
                };
                let Some(id) = uuid_field(person, "Person_ID") else {
                    return invalid("null", "Person.Person_ID");
                };
                if !st.persons.contains_key(&id) {
                    return invalid(id, "Person.Person_ID");
                }
                st.persons.insert(id, person.clone());
                void()
            }
            ("GET", ["persons", _, "candelete"]) => {
                let Some(id) = uuid_at(1).filter(|id| st.persons.contains_key(id)) else {
                    return invalid(segs[1], "id");
                };
                let active = st
                    .keys
                    .values()
                    .any(|k| k.person == Some(id) && k.state == 1);
                ok(&if active { 1 } else { 0 })
            }
            ("DELETE", ["persons", _]) => {
                let Some(id) = uuid_at(1).filter(|id| st.persons.contains_key(id)) else {
                    return invalid(segs[1], "id");
                };
                if st
                    .keys
                    .values()
                    .any(|k| k.person == Some(id) && k.state == 1)
                {
                    return refuse("The person has active keys");
                }
                st.persons.remove(&id);
                void()
            }
            ("GET", ["persons", _, "keys"]) => {
                let id = uuid_at(1);
                let keys: Vec<Value> = st
                    .keys
                    .values()
                    .filter(|k| k.person.is_some() && k.person == id)
                    .map(SimKey::to_json)
                    .collect();
                ok(&json!({ "Keys": keys }))
            }
            ("GET", ["persons", _, "personroles"]) => ok(&json!([])),
            ("GET", ["persons", _, "nortecactivationcode"]) => {
                match uuid_at(1).filter(|id| st.persons.contains_key(id)) {
                    Some(id) => ok(&format!("NORTEC-{}", &id.simple().to_string()[..8])),
                    None => invalid(segs[1], "id"),
                }
            }
            ("GET", ["lockgroups", "connectionsettings"]) => ok(&json!({
                "SignalMessageServiceAddress": "https://signal.example.invalid/",
                "SignalRServiceAddress": "https://signalr.example.invalid/"
            })),
            ("POST", ["lockgroups", "generateaccesstoken"]) => {
                ok(&json!({ "AccessToken": Uuid::new_v4().simple().to_string() }))
            }
            // ---- keys
            ("GET", ["keys"]) => ok(&st
                .keys
                .values()
                .filter(|k| k.state != 3)
                .map(SimKey::to_json)
                .collect::<Vec<_>>()),
            ("GET", ["keys", "getbyromids"]) => {
                let ids: Vec<&str> = query
                    .iter()
                    .filter(|(k, _)| k == "romIds")
                    .map(|(_, v)| v.as_str())
                    .collect();
                ok(&st
                    .keys
                    .values()
                    .filter(|k| ids.contains(&k.rom_id.as_str()))
                    .map(SimKey::to_json)
                    .collect::<Vec<_>>())
            }
            ("POST", ["keys"]) => self.insert_key(st, body),
            ("PUT", ["keys"]) => {
                let Some(k) = body.get("Key") else {
                    return invalid("body", "Key");
                };
                let Some(id) = uuid_field(k, "FNKey_ID") else {
                    return invalid("null", "Key.FNKey_ID");
                };
                let handover = st.lock_group_options & 1 != 0;
                let Some(key) = st.keys.get_mut(&id) else {
                    return invalid(id, "Key.FNKey_ID");
                };
                let person = uuid_field(k, "Person_ID");
                if key.person.is_some() && person.is_some() && key.person != person && !handover {
                    return refuse(
                        "A handed-over key must be returned before it is attached to another person",
                    );
                }
                if key.person != person {
                    key.person = person;
                    key.state = if person.is_some() { 1 } else { 0 };
                    key.touch();
                }
                if let Some(d) = k.get("Description").and_then(Value::as_str) {
                    key.description = d.into();
                }
                if let Some(s) = k.get("Stamp").and_then(Value::as_str) {
                    key.stamp = s.into();
                }
                // `UpdateKeyParam_Key`: HEL sets the expiry through `PUT /Keys`.
                for field in ["InfoText", "ExpireDate"] {
                    if let Some(v) = k.get(field) {
                        key.extra.insert(field.into(), v.clone());
                    }
                }
                void()
            }
            ("GET", ["keys", _]) => match uuid_at(1).and_then(|id| st.keys.get(&id)) {
                Some(k) => ok(&k.to_json()),
                None => invalid(segs[1], "id"),
            },
            ("GET" | "POST" | "PUT" | "DELETE", ["keys", _, ..])
            | ("POST", ["keyphones", _, "reregister"]) => {
                let Some(id) = uuid_at(1).filter(|id| st.keys.contains_key(id)) else {
                    return invalid(segs[1], "id");
                };
                self.key_call(st, method, &l[2..], segs, id, body, query)
            }
            ("PUT", ["keyphones"]) => {
                let Some(id) = uuid_field(body, "FNKey_ID") else {
                    return invalid("null", "FNKey_ID");
                };
                let phone = body
                    .get("PhoneNo")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                if let Some(p) = &phone
                    && st
                        .keys
                        .values()
                        .any(|k| k.id != id && k.phone.as_deref() == Some(p))
                {
                    return invalid(p, "PhoneNo");
                }
                let Some(key) = st.keys.get_mut(&id).filter(|k| k.is_phone()) else {
                    return invalid(id, "FNKey_ID");
                };
                key.phone = phone;
                key.email = body
                    .get("Email")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let opt = body.get("OptionMask").and_then(Value::as_u64).unwrap_or(0) as u32;
                key.phone_options = (key.phone_options & !8) | (opt & 8);
                void()
            }
            // ---- security accesses
            ("GET", ["securityaccesses"]) => {
                ok(&st.accesses.iter().map(access_json).collect::<Vec<_>>())
            }
            // ---- locks, zones, real estates
            ("GET", ["locks"]) => ok(&st.locks),
            ("GET", ["locks", _]) => match st
                .locks
                .iter()
                .find(|x| x["FLock_ID"].as_str() == Some(&lower_id(segs[1])))
            {
                Some(x) => ok(x),
                None => invalid(segs[1], "id"),
            },
            ("GET", ["locks", _, "canorder"]) => ok(&0),
            ("POST", ["locks", _, "order"]) => {
                st.lock_orders += 1;
                void()
            }
            ("GET", ["locks", _, "securityaccesses"]) => ok(
                &json!({ "SecurityAccesses": st.accesses.iter().map(access_json).collect::<Vec<_>>() }),
            ),
            ("GET", ["zones"]) => ok(&st.zones),
            ("GET", ["realestates"]) => ok(&json!([
                {"RealEstate_ID": Uuid::nil(), "Name": "Root", "ParentRealEstate_ID": null},
                {"RealEstate_ID": Uuid::from_u128(0x51), "Name": "Head office", "ParentRealEstate_ID": Uuid::nil()}
            ])),
            // ---- time limits
            ("GET", ["timelimittitles"]) => ok(&json!([self.time_limit_title()])),
            ("GET", ["timelimittitles", _]) => {
                if uuid_at(1) == Some(self.seed.time_limit_title.as_uuid()) {
                    ok(&self.time_limit_title())
                } else {
                    invalid(segs[1], "id")
                }
            }
            // ---- lock logs
            ("POST", ["locklogs"]) => self.lock_logs(st, body),
            ("POST", ["locklogs", which]) => {
                let (Some(start), Some(end)) = (
                    utc_field(body, "StartDateUtc"),
                    utc_field(body, "EndDateUtc"),
                ) else {
                    return invalid("null", "StartDateUtc");
                };
                let by_going = *which == "getlocklogdatabygoingdates";
                let logs: Vec<Value> = st
                    .logs
                    .iter()
                    .filter(|g| {
                        let t = if by_going { g.going } else { g.timestamp };
                        t >= start && t < end
                    })
                    .map(|g| log_data_json(g, self.seed.lock_group.as_uuid()))
                    .collect();
                ok(
                    &json!({ "StartDateUtc": format_utc(&start), "EndDateUtc": format_utc(&end), "LockLogs": logs }),
                )
            }
            // ---- blocklist
            ("GET", ["blacklists"]) => ok(&json!({
                "BlacklistItems": st.keys.values().filter(|k| k.blocklisted).map(|k| json!({"FNKey_ID": k.id})).collect::<Vec<_>>(),
                "BlacklistPacket": null, "OutsideUserZoneKeyCount": 0
            })),
            ("GET", ["blacklists", "canaddkey", _]) => ok(&uuid_at(2)
                .and_then(|id| st.keys.get(&id))
                .is_some_and(|k| !k.blocklisted && k.key_type & (2 | 256) != 0)),
            ("GET", ["blacklists", "canremovekey", _]) => ok(&uuid_at(2)
                .and_then(|id| st.keys.get(&id))
                .is_some_and(|k| k.blocklisted)),
            ("POST", ["blacklists", "addkey", _]) => {
                let Some(key) = uuid_at(2).and_then(|id| st.keys.get_mut(&id)) else {
                    return invalid(segs[2], "fnkeyId");
                };
                if key.blocklisted || key.key_type & (2 | 256) == 0 {
                    return refuse("The key cannot be added to the block list");
                }
                key.blocklisted = true;
                let data = key.to_json();
                st.blocklist_pending = true;
                self.emit(st, 2, "key_blocklisted", data);
                void()
            }
            ("DELETE", ["blacklists", "removekey", _]) => {
                let Some(key) = uuid_at(2)
                    .and_then(|id| st.keys.get_mut(&id))
                    .filter(|k| k.blocklisted)
                else {
                    return invalid(segs[2], "fnkeyId");
                };
                key.blocklisted = false;
                st.blocklist_pending = true;
                void()
            }
            ("GET", ["blacklists", "canorders40blacklist"]) => {
                ok(&if st.blocklist_pending { 0 } else { 2 })
            }
            ("POST", ["blacklists", "orders40blacklist"]) => {
                if !st.blocklist_pending {
                    return refuse("No block list changes to order");
                }
                st.blocklist_pending = false;
                void()
            }
            // ---- webhooks
            ("GET", ["webhooks", "events"]) => ok(&json!([
                {"Id": 1, "Name": "key_added", "DisplayName": "Key added", "Description": "A key was added"},
                {"Id": 2, "Name": "key_blocklisted", "DisplayName": "Key blocklisted", "Description": "A key was added to the block list"},
                {"Id": 3, "Name": "device_log_arrived", "DisplayName": "Device log arrived", "Description": "A lock log entry arrived"}
            ])),
            ("GET", ["webhooks", "subscriptions"]) => {
                ok(&st.subscriptions.iter().map(sub_json).collect::<Vec<_>>())
            }
            ("GET", ["webhooks", "subscriptions", _]) => match st
                .subscriptions
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(segs[2]))
            {
                Some(s) => ok(&sub_json(s)),
                None => invalid(segs[2], "id"),
            },
            ("POST", ["webhooks", "subscriptions"]) => {
                let event_id = body
                    .get("WebhookEventId")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                if !(1..=3).contains(&event_id) {
                    return invalid(event_id, "WebhookEventId");
                }
                if st
                    .subscriptions
                    .iter()
                    .filter(|s| s.event_id == event_id)
                    .count()
                    >= 3
                {
                    return refuse("At most 3 subscriptions per event per locking system");
                }
                let sub = SimSubscription {
                    id: body
                        .get("SubscriptionId")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    event_id,
                    target: body
                        .get("TargetEndpointUri")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    sign_key: Uuid::new_v4().simple().to_string(),
                    counter: 0,
                };
                let out = sub_json(&sub);
                st.subscriptions.push(sub);
                ok(&out)
            }
            ("PUT", ["webhooks", "subscriptions"]) => {
                let id = body
                    .get("SubscriptionId")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                match st
                    .subscriptions
                    .iter_mut()
                    .find(|s| s.id.eq_ignore_ascii_case(id))
                {
                    Some(s) => {
                        if let Some(t) = body.get("TargetEndpointUri").and_then(Value::as_str) {
                            s.target = t.into();
                        }
                        void()
                    }
                    None => invalid(id, "SubscriptionId"),
                }
            }
            ("DELETE", ["webhooks", "subscriptions", _]) => {
                let before = st.subscriptions.len();
                st.subscriptions
                    .retain(|s| !s.id.eq_ignore_ascii_case(segs[2]));
                if st.subscriptions.len() == before {
                    invalid(segs[2], "id")
                } else {
                    void()
                }
            }
            _ => err(
                404,
                "NotFound",
                format!("{method} /api/v2/{} is not simulated", segs.join("/")),
            ),
        }
    }

    fn insert_key(&self, st: &mut State, body: &Value) -> ResponseTemplate {
        let k = body.get("Key").cloned().unwrap_or(Value::Null);
        let key_type = k.get("KeyTypeMask").and_then(Value::as_u64).unwrap_or(0) as u32;
        let person = uuid_field(&k, "Person_ID");
        if key_type & 4 != 0 && person.is_none() {
            return invalid("null", "Key.Person_ID");
        }
        if let Some(p) = person
            && !st.persons.contains_key(&p)
        {
            return invalid(p, "Key.Person_ID");
        }
        let id = uuid_field(&k, "FNKey_ID")
            .filter(|u| !u.is_nil())
            .unwrap_or_else(Uuid::new_v4);
        let mut key = SimKey::new(
            id,
            key_type,
            k.get("Description").and_then(Value::as_str).unwrap_or(""),
            "",
        );
        key.person = person;
        key.state = if person.is_some() { 1 } else { 0 };
        key.zones = uuid_list(body, "ZoneIds");
        key.planned = uuid_list(body, "SecurityAccessIds");
        if let Some(stamp) = k.get("Stamp").and_then(Value::as_str) {
            key.stamp = stamp.into();
        }
        // `InsertKeyParam_Key` fields the key keeps as given.
        for field in ["TagKey", "InfoText", "ExpireDate"] {
            if let Some(v) = k.get(field).filter(|v| !v.is_null()) {
                key.extra.insert(field.into(), v.clone());
            }
        }
        let out = key.to_json();
        st.keys.insert(id, key);
        self.emit(st, 1, "key_added", out.clone());
        ok(&out)
    }

    #[allow(clippy::too_many_arguments)]
    fn key_call(
        &self,
        st: &mut State,
        method: &str,
        rest: &[&str],
        segs: &[&str],
        id: Uuid,
        body: &Value,
        query: &[(String, String)],
    ) -> ResponseTemplate {
        let handover_option = st.lock_group_options;
        let access_type = |st: &State, sa: Uuid| {
            st.accesses
                .iter()
                .find(|a| a.id == sa)
                .map(|a| a.access_type)
        };
        let key_phone_route = segs
            .first()
            .is_some_and(|s| s.eq_ignore_ascii_case("keyphones"));
        if key_phone_route {
            let key = st.keys.get_mut(&id).filter(|k| k.is_phone());
            let Some(key) = key else {
                return invalid(id, "id");
            };
            if key.prog == 0 {
                return refuse("The phone key has not been ordered");
            }
            key.phone_options |= 1;
            let invite = invite_of(key);
            st.invites.push(invite);
            return void();
        }
        let _ = handover_option;
        match (method, rest) {
            ("DELETE", []) => {
                let key = &st.keys[&id];
                if can_delete_key(key) != 0 {
                    return refuse("The key cannot be deleted");
                }
                st.keys.remove(&id);
                void()
            }
            ("GET", ["candelete"]) => ok(&can_delete_key(&st.keys[&id])),
            ("GET", ["canorder"]) => ok(&can_order(&st.keys[&id])),
            ("POST", ["order"]) => {
                let key = st.keys.get_mut(&id).expect("checked");
                if can_order(key) != 0 {
                    return refuse("The key cannot be ordered");
                }
                key.prog = 1;
                key.ever_ordered = true;
                if key.is_phone() {
                    key.phone_options |= 1;
                    let invite = invite_of(key);
                    st.invites.push(invite);
                }
                void()
            }
            ("GET", ["canreturn"]) => ok(&can_return(&st.keys[&id])),
            ("POST", ["return"]) => {
                let key = st.keys.get_mut(&id).expect("checked");
                if can_return(key) != 0 {
                    return refuse("The key cannot be returned");
                }
                key.state = 4;
                key.person = None;
                key.planned.clear();
                void()
            }
            ("GET", ["zones"]) => {
                let key = &st.keys[&id];
                ok(
                    &json!({ "MainZone": key.main_zone, "OutsideUserZoneCount": 0, "ZoneIds": key.zones }),
                )
            }
            ("GET", ["canupdatemainzone"]) => ok(&if st.keys[&id].ever_ordered { 2 } else { 0 }),
            ("PUT", ["updatemainzone"]) => {
                let zone = uuid_field(body, "Zone_ID");
                let key = st.keys.get_mut(&id).expect("checked");
                if key.ever_ordered {
                    return refuse("The main zone cannot be changed after the key was ordered");
                }
                let Some(zone) = zone else {
                    return invalid("null", "Zone_ID");
                };
                key.main_zone = Some(zone);
                if !key.zones.contains(&zone) {
                    key.zones.push(zone);
                }
                void()
            }
            ("GET", ["locationreporting"]) => {
                ok(&json!({ "LocationReportingInAuditTrail": st.keys[&id].location_reporting }))
            }
            ("PUT", ["locationreporting"]) => {
                let key = st.keys.get_mut(&id).expect("checked");
                if !key.is_phone() {
                    return refuse("Location reporting is for phone keys");
                }
                key.location_reporting = body["LocationReportingInAuditTrail"]
                    .as_bool()
                    .unwrap_or(false);
                void()
            }
            ("GET", ["keyphone"]) => {
                let key = &st.keys[&id];
                if !key.is_phone() {
                    return invalid(id, "id");
                }
                ok(
                    &json!({ "FNKey_ID": id, "PhoneNo": key.phone, "Email": key.email, "OptionMask": key.phone_options, "RequestTypeMask": 0 }),
                )
            }
            ("GET", ["securityaccesses"]) => {
                let mode = query
                    .iter()
                    .find(|(k, _)| k == "mode")
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("");
                let key = &st.keys[&id];
                let ids = match mode {
                    "1" => &key.planned,
                    "2" => &key.programmed,
                    other => return invalid(other, "mode"),
                };
                let list: Vec<Value> = st
                    .accesses
                    .iter()
                    .filter(|a| ids.contains(&a.id))
                    .map(access_json)
                    .collect();
                ok(&json!({ "SecurityAccesses": list, "OutsideUserZonesCount": 0 }))
            }
            ("GET", ["securityaccesses", "canadd"]) => {
                let key = &st.keys[&id];
                ok(&if key.blocklisted {
                    2
                } else if key.planned.len() >= 10 {
                    3
                } else {
                    1
                })
            }
            ("POST", ["securityaccesses"]) => {
                let sa = uuid_field(body, "SecurityAccess_ID");
                let Some(sa) = sa else {
                    return invalid("null", "SecurityAccess_ID");
                };
                match access_type(st, sa) {
                    None => return invalid(sa, "SecurityAccess_ID"),
                    Some(3) => {}
                    Some(_) => {
                        return refuse("Only API access rights can be changed through the API");
                    }
                }
                let key = st.keys.get_mut(&id).expect("checked");
                if key.blocklisted || key.planned.len() >= 10 {
                    return refuse("The access cannot be added");
                }
                if key.planned.insert(sa) {
                    key.touch();
                }
                void()
            }
            ("PUT", ["securityaccesses"]) => {
                let ids: BTreeSet<Uuid> = uuid_list(body, "SecurityAccessIds");
                let current = st.keys[&id].planned.clone();
                if current
                    .symmetric_difference(&ids)
                    .any(|sa| access_type(st, *sa) != Some(3))
                {
                    return refuse("Only API access rights can be changed through the API");
                }
                let key = st.keys.get_mut(&id).expect("checked");
                key.planned = ids;
                key.slots = body
                    .get("TimeLimitSlots")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                key.offline_expiration = body
                    .get("OfflineExpirationSeconds")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                key.touch();
                void()
            }
            ("GET", ["securityaccesses", _, "candelete"]) => {
                let Some(sa) = Uuid::parse_str(rest[1]).ok() else {
                    return invalid(rest[1], "securityAccessId");
                };
                let key = &st.keys[&id];
                ok(&if key.blocklisted {
                    2
                } else if !key.planned.contains(&sa) {
                    3
                } else {
                    1
                })
            }
            ("DELETE", ["securityaccesses", _]) => {
                let Some(sa) = Uuid::parse_str(rest[1]).ok() else {
                    return invalid(rest[1], "securityAccessId");
                };
                if access_type(st, sa) != Some(3) {
                    return refuse("Only API access rights can be changed through the API");
                }
                let key = st.keys.get_mut(&id).expect("checked");
                if !key.planned.remove(&sa) {
                    return invalid(sa, "securityAccessId");
                }
                key.touch();
                void()
            }
            ("GET", ["timelimittitles"]) => {
                let key = &st.keys[&id];
                // iLOQ's `GetTimeLimitsResult`.
                ok(&json!({
                    "KeyScheduler": null,
                    "KeyTimeLimitSlots": key.slots,
                    "OfflineExpirationSeconds": key.offline_expiration,
                    "OutsideUserZoneTimeLimitTitleSlots": null,
                }))
            }
            // Both take `InsertKeyTimeLimitSlotParam`: the slot under `TimeLimitSlot`.
            ("POST", ["timelimittitles", "canadd"]) => {
                ok(&can_add_slot(&st.keys[&id], &body["TimeLimitSlot"]))
            }
            ("POST", ["timelimittitles"]) => {
                let slot = &body["TimeLimitSlot"];
                if !slot.is_object() {
                    return invalid("TimeLimitSlot", "TimeLimitSlot");
                }
                let key = st.keys.get_mut(&id).expect("checked");
                if can_add_slot(key, slot) != 0 {
                    return refuse("The time limit cannot be added");
                }
                key.slots.push(slot.clone());
                key.touch();
                void()
            }
            ("DELETE", ["timelimittitles", _]) => {
                let key = st.keys.get_mut(&id).expect("checked");
                let before = key.slots.len();
                key.slots.retain(|s| {
                    !s["TimeLimitTitle_ID"]
                        .as_str()
                        .is_some_and(|t| t.eq_ignore_ascii_case(rest[1]))
                });
                if key.slots.len() == before {
                    return invalid(rest[1], "timeLimitTitleId");
                }
                key.touch();
                void()
            }
            _ => err(
                404,
                "NotFound",
                format!("{method} /api/v2/{} is not simulated", segs.join("/")),
            ),
        }
    }

    /// The seeded time-limit title as iLOQ's `TimeLimitTitle` model writes it
    /// (`OptionMask`, `RealEstate_ID` and `Zone_ID` are not nullable).
    fn time_limit_title(&self) -> Value {
        json!({
            "TimeLimitTitle_ID": self.seed.time_limit_title,
            "Name": "Office hours",
            "Description": null,
            "OptionMask": 0,
            "RealEstate_ID": Uuid::nil(),
            "Zone_ID": self.seed.default_zone,
            "StartDateLg": null,
            "EndDateLg": null,
        })
    }

    fn lock_logs(&self, st: &State, body: &Value) -> ResponseTemplate {
        let (locks, keys): (Vec<Uuid>, Vec<Uuid>) =
            (uuid_list(body, "FLockIds"), uuid_list(body, "FNKeyIds"));
        if locks.is_empty() && keys.is_empty() {
            return invalid("[]", "FLockIds");
        }
        let (Some(start), Some(end)) = (
            utc_field(body, "GoingStartDateUtc"),
            utc_field(body, "GoingEndDateUtc"),
        ) else {
            return invalid("null", "GoingStartDateUtc");
        };
        let mask = body
            .get("TypeMask")
            .and_then(Value::as_u64)
            .map(|m| m as u32);
        let mut matching: Vec<&SimLog> = st
            .logs
            .iter()
            .filter(|g| locks.contains(&g.lock) || g.key.is_some_and(|k| keys.contains(&k)))
            .filter(|g| g.going >= start && g.going < end)
            .filter(|g| mask.is_none_or(|m| g.type_mask & m != 0))
            .collect();
        matching.sort_by_key(|g| (g.going, g.id));
        let total = matching.len();
        let rows: Vec<Value> = matching
            .into_iter()
            .take(crate::lock_logs::LOCK_LOGS_MAX_ROWS)
            .map(|g| device_log_json(g, st))
            .collect();
        ok(&json!({ "LockLogs": rows, "TotalCount": total }))
    }
}

fn lower_id(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn can_order(k: &SimKey) -> i64 {
    if k.blocklisted {
        8
    } else if k.prog != 0 {
        4
    } else if k.is_phone() && k.person.is_none() {
        13
    } else if k.is_phone()
        && k.phone_options & 8 != 0
        && k.email.as_deref().unwrap_or("").is_empty()
    {
        10
    } else if k.is_phone()
        && k.phone_options & 8 == 0
        && k.phone.as_deref().unwrap_or("").is_empty()
    {
        9
    } else {
        0
    }
}

fn can_return(k: &SimKey) -> i64 {
    if k.key_type & (4 | 128) == 0 {
        2
    } else if k.blocklisted {
        4
    } else if !k.ever_ordered {
        3
    } else {
        0
    }
}

fn can_delete_key(k: &SimKey) -> i64 {
    if k.blocklisted {
        3
    } else if k.is_programmed {
        1
    } else if k.ever_ordered {
        2
    } else {
        0
    }
}

fn can_add_slot(k: &SimKey, slot: &Value) -> i64 {
    if k.blocklisted {
        return 15;
    }
    let step = 15 * 60 * 1000;
    let bad = slot["TimeLimitData"].as_array().is_some_and(|periods| {
        periods.iter().any(|p| {
            p["StartTimeMS"].as_u64().unwrap_or(0) % step != 0
                || p["EndTimeMS"].as_u64().unwrap_or(0) % step != 0
        })
    });
    if bad { 7 } else { 0 }
}

fn invite_of(k: &SimKey) -> SentInvite {
    if k.phone_options & 8 != 0 {
        SentInvite {
            key: KeyId::new(k.id),
            channel: "email",
            address: k.email.clone().unwrap_or_default(),
        }
    } else {
        SentInvite {
            key: KeyId::new(k.id),
            channel: "sms",
            address: k.phone.clone().unwrap_or_default(),
        }
    }
}

fn access_json(a: &SimAccess) -> Value {
    json!({
        "SecurityAccess_ID": a.id, "Name": a.name, "Description": "", "RealEstate_ID": Uuid::nil(),
        "Zone_ID": a.zone, "Type": a.access_type, "Status": 0, "AccessMode": 0, "DefaultAccess": 0, "Ext": 0,
        "VersionNr": 1
    })
}

fn sub_json(s: &SimSubscription) -> Value {
    json!({ "SubscriptionId": s.id, "WebhookEventId": s.event_id, "TargetEndpointUri": s.target, "SignKey": s.sign_key })
}

fn log_data_json(g: &SimLog, lock_group: Uuid) -> Value {
    json!({
        "DeviceLog_ID": g.id, "FLock_ID": g.lock, "FNKey_ID": g.key, "LockGroup_ID": lock_group,
        "AccessTypeMask": g.type_mask, "ErrorCode": if g.type_mask & 1 != 0 { 1 } else { 0 }, "ErrorDescription": null,
        "GoingCounter": 1, "GoingDate": format_utc(&g.going), "ReadingDate": format_utc(&g.timestamp),
        // iLOQ sends 7 fraction digits and sometimes no Z; the simulator does both.
        "TimestampUtc": format!("{}.{:07}", g.timestamp.format("%Y-%m-%dT%H:%M:%S"), g.timestamp.timestamp_subsec_nanos() / 100),
        "KeyId": 1, "LocationCode": "A1", "LockingObject": "Main entrance", "FLockLogFNKey_ID": g.id
    })
}

fn device_log_json(g: &SimLog, st: &State) -> Value {
    let key = g.key.and_then(|k| st.keys.get(&k));
    let person = key
        .and_then(|k| k.person)
        .and_then(|p| st.persons.get(&p))
        .map(|p| {
            format!(
                "{} {}",
                p["FirstName"].as_str().unwrap_or(""),
                p["LastName"].as_str().unwrap_or("")
            )
        });
    json!({
        "DeviceLog_ID": g.id, "TypeMask": g.type_mask, "GoingDateUtc": format_utc(&g.going),
        "ErrCode": 0, "ErrorDescription": null, "ProgrammingInfo": null, "LocationInfoMask": 0,
        "FLock": { "FlockId": g.lock, "GoingCounter": 1, "LockingObject": "Main entrance", "LocationCode": "A1", "LockType": 4 },
        "FNKey": key.map(|k| json!({ "FNKeyId": k.id, "KeyId": 1, "GoingCounter": 1, "KeyTypeMask": k.key_type,
            "OptionMask": 0, "Description": k.description, "PersonName": person, "Stamp": k.stamp }))
    })
}

impl SimulatedApi for IloqApi {
    fn handle(&self, request: &Request) -> ResponseTemplate {
        self.route(request)
    }
}

impl IloqSimulator {
    /// Starts a seeded simulator with its own clock (at the current time).
    pub async fn start() -> Self {
        Self::start_with_clock(SimClock::new()).await
    }

    /// Starts a seeded simulator on `clock` (share it with the client).
    pub async fn start_with_clock(clock: SimClock) -> Self {
        let api = Arc::new(IloqApi::new(clock));
        let server = SimServer::start(api.clone()).await;
        *api.base.lock().unwrap_or_else(|e| e.into_inner()) = server.uri();
        Self { server, api }
    }

    /// The service address (the pool is at `{uri}/iloqwspool1/`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The seeded ids and credentials.
    pub fn seed(&self) -> &Seed {
        &self.api.seed
    }

    /// The simulator's clock.
    pub fn clock(&self) -> &SimClock {
        &self.api.clock
    }

    /// The failure knobs (503s, malformed bodies, hangs, latency).
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// The underlying server (received requests, counts).
    pub fn server(&self) -> &SimServer {
        &self.server
    }

    /// A client builder configured for this simulator (seeded credentials,
    /// shared clock); add options and build.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .customer_code(self.seed().customer_code.clone())
            .credentials(
                self.seed().user_name.clone(),
                SecretString::from(self.seed().password.clone()),
            )
            .clock(Arc::new(self.api.clock.clone()))
            .retry(
                access_core::http::RetryPolicy::standard()
                    .with_max_attempts(3)
                    .with_backoff(Duration::from_millis(5), Duration::from_millis(20)),
            )
    }

    /// A client for this simulator.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .unwrap_or_else(|e| panic!("simulator client: {e}"))
    }

    /// Kills every session (the next call gets 401 "Invalid session id").
    pub fn expire_sessions(&self) {
        self.api.lock().sessions.clear();
    }

    /// Kills every session after `n` more session-checked requests: the
    /// `n + 1`-th gets 401 "Invalid session id" (a session expiring in the
    /// middle of a flow).
    pub fn expire_sessions_after(&self, n: usize) {
        self.api.lock().expire_after = Some(n);
    }

    /// Sets the idle lifetime of sessions on the simulator clock (default 20 min) **\[I\]**.
    pub fn set_session_ttl(&self, ttl: Duration) {
        self.api.lock().session_ttl = ttl;
    }

    /// Moves the customer to another server pool (e.g. `iloqwspool2`): `Url/GetUrl`
    /// answers the new pool, every session ends, and calls on the old pool answer
    /// 401 "Invalid session id", so a client must resolve the URL again. The new
    /// pool is on the simulator's own host (another path), which the client's
    /// pool rule (`auth::PoolPolicy`) accepts.
    pub fn move_to_pool(&self, pool: &str) {
        let mut st = self.api.lock();
        st.pool = pool.to_string();
        st.sessions.clear();
    }

    /// Makes `Url/GetUrl` answer `""` (keep the service address).
    pub fn set_get_url_empty(&self, empty: bool) {
        self.api.lock().get_url_empty = empty;
    }

    /// Replaces the locking system's `OptionMask` (e.g. to switch off
    /// "handed over key can be attached to another person without returning").
    pub fn set_lock_group_options(&self, options: LockGroupOptions) {
        self.api.lock().lock_group_options = options.bits();
    }

    /// Someone presented the key to a wall reader or the programming token:
    /// an Ordered key becomes Programmed (its programmed accesses are now the
    /// planned ones). Answers whether anything was programmed.
    pub fn program_key(&self, key: KeyId) -> bool {
        let mut st = self.api.lock();
        let Some(k) = st.keys.get_mut(&key.as_uuid()) else {
            return false;
        };
        if !matches!(k.prog, 1 | 2 | 7) {
            return false;
        }
        k.prog = 3;
        k.is_programmed = true;
        k.programmed = k.planned.clone();
        if k.is_phone() {
            k.phone_options = (k.phone_options & !1) | 2;
        }
        true
    }

    /// The S50 app registered the phone key (it becomes Programmed).
    pub fn register_phone(&self, key: KeyId) -> bool {
        let phone = self
            .api
            .lock()
            .keys
            .get(&key.as_uuid())
            .is_some_and(SimKey::is_phone);
        phone && self.program_key(key)
    }

    /// The ProgrammingState code of a key.
    pub fn programming_state(&self, key: KeyId) -> Option<i64> {
        self.api.lock().keys.get(&key.as_uuid()).map(|k| k.prog)
    }

    /// The invites sent so far (order and ReRegister of phone keys).
    pub fn invites(&self) -> Vec<SentInvite> {
        self.api.lock().invites.clone()
    }

    /// The webhook deliveries made so far.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.api.lock().deliveries.clone()
    }

    /// Number of live sessions.
    pub fn live_sessions(&self) -> usize {
        self.api.lock().sessions.len()
    }

    /// A key was used at a lock at `going` (access time); the entry arrives at
    /// the server now (`TimestampUtc` = the simulator clock). An old `going`
    /// models an offline lock whose log arrives late. Fires `device_log_arrived`.
    pub fn record_access(
        &self,
        lock: LockId,
        key: Option<KeyId>,
        going: DateTime<Utc>,
        granted: bool,
    ) -> DeviceLogId {
        let id = Uuid::new_v4();
        let log = SimLog {
            id,
            lock: lock.as_uuid(),
            key: key.map(|k| k.as_uuid()),
            type_mask: if granted { 2052 } else { 2049 },
            going,
            timestamp: self.api.clock.now(),
        };
        let mut st = self.api.lock();
        let data = log_data_json(&log, self.api.seed.lock_group.as_uuid());
        st.logs.push(log);
        self.api.emit(&mut st, 3, "device_log_arrived", data);
        DeviceLogId::new(id)
    }

    /// `count` granted accesses at `lock`, one every `every` from `from`,
    /// arriving now (no webhooks; for paging tests).
    pub fn record_burst(
        &self,
        lock: LockId,
        key: Option<KeyId>,
        from: DateTime<Utc>,
        every: Duration,
        count: usize,
    ) {
        let step = chrono::Duration::from_std(every).unwrap_or_default();
        let now = self.api.clock.now();
        let mut st = self.api.lock();
        for n in 0..count {
            st.logs.push(SimLog {
                id: Uuid::new_v4(),
                lock: lock.as_uuid(),
                key: key.map(|k| k.as_uuid()),
                type_mask: 2052,
                going: from + step * n as i32,
                timestamp: now,
            });
        }
    }
}

// What each endpoint's answer must contain, by output type: the hostile matrix
// derives every cell's expected outcome from it.
access_core::answer_shapes! {
    JsonObject: [
        crate::auth::AccessToken,
        crate::auth::ConnectionSettings,
        crate::auth::CreateSessionResult,
        crate::auth::SetLockgroupResult,
        crate::blacklists::Blocklist,
        crate::blacklists::CanOrderBlocklist,
        crate::keys::CanDeleteKey,
        crate::keys::CanOrderKey,
        crate::keys::CanReturnKey,
        crate::keys::CanUpdateMainZone,
        crate::keys::Key,
        crate::keys::KeyZones,
        crate::keys::LocationReporting,
        crate::key_phones::KeyPhone,
        crate::lock_logs::LockLogDataPage,
        crate::lock_logs::LockLogsPage,
        crate::locks::CanOrderLock,
        crate::locks::Lock,
        crate::persons::CanDeletePerson,
        crate::persons::InsertPersonResult,
        crate::persons::Person,
        crate::security_accesses::CanAddSecurityAccess,
        crate::security_accesses::CanDeleteSecurityAccess,
        crate::security_accesses::KeySecurityAccesses,
        crate::time_limits::CanAddTimeLimit,
        crate::time_limits::TimeLimitTitle,
        crate::webhooks::Subscription,
    ],
}
