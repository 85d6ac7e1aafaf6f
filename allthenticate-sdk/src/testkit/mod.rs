//! A stateful, in-process simulator of the Allthenticate API (feature `testkit`).
//!
//! [`Simulator::start`] serves an organisation on loopback (through
//! `access_core::testkit::SimServer`) seeded with realistic data: members and a
//! guest, groups of users and of resources, three doors (one offline) and a
//! computer. It implements every documented endpoint with the documented
//! behaviour and the SDK's inferences (**\[I\]** in `docs/provenance/allthenticate.md`):
//!
//! * the API key is accepted as `api_key` in the query or JSON body, as an
//!   `X-API-Key` header or as `Authorization: Bearer`; a wrong key answers 401;
//!   a second key without "assurance" gets 403 from `/masslock`;
//! * lock states follow `/setlockstatus` and `/masslock`; an unlocked resource
//!   relocks when its `unlock_time` runs out on the [`SimClock`]; `unlock_time`
//!   is clamped to 5..=60 s (default 5 s); an offline door refuses commands;
//! * invites add members (status `PENDING`), record invitations and put
//!   invitees in groups; smartcards follow the duplicate rule (a number owned by
//!   another person is refused unless `allow_duplicates`);
//! * magic links check doors, times and `time_mapping`, create guests, and
//!   [`Simulator::open_with_magic_link`] honours the window and the schedule;
//! * failures are injected with [`Simulator::faults`] (503s, hangs, malformed bodies).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use access_core::clock::Clock;
use access_core::model::{Weekday, WeeklySchedule};
use access_core::testkit::{Faults, SimClock, SimServer, SimulatedApi, json_response};
use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

use crate::Client;
use crate::model::DATETIME_FORMAT;

/// The key the seeded simulator accepts (with assurance).
pub const SIM_API_KEY: &str = "sim-allthenticate-key-7f3a9c";
/// A key the simulator accepts without assurance: `/masslock` refuses it with 403.
pub const SIM_LOW_ASSURANCE_KEY: &str = "sim-allthenticate-readonly-key-2b81";

/// Uuid of the seeded "Downstairs Door" (resource 203).
pub const DOWNSTAIRS_DOOR_UUID: &str = "750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0";
/// Uuid of the seeded "Lab Door" (resource 204).
pub const LAB_DOOR_UUID: &str = "2f9d7c10-88a4-4c51-b0e2-7a6b3c9d1e45";
/// Uuid of the seeded "Loading Dock" door (resource 206), which is offline.
pub const LOADING_DOCK_UUID: &str = "c4e1a2b3-5d6f-4a70-8b91-0c2d3e4f5a6b";
/// Uuid of the seeded computer "Reception PC" (resource 205).
pub const RECEPTION_PC_UUID: &str = "9a8b7c6d-5e4f-4031-a2b1-c0d9e8f7a6b5";

/// A member or guest in the simulator.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimUser {
    /// `email_id`.
    pub email_id: i64,
    /// `user_id`.
    pub user_id: i64,
    /// The address.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Whether the user is a guest (`user_tag=GUEST`).
    pub guest: bool,
    /// `CONFIRMED` or `PENDING`.
    pub email_status: String,
    /// Cards as (number, label).
    pub smartcards: Vec<(String, Option<String>)>,
    /// How many invitation e-mails were sent.
    pub invitations_sent: u32,
}

/// A group in the simulator.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimGroup {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// `users` or `resources`.
    pub kind: String,
    /// `COMPUTER`/`DOOR` for resource groups, if given.
    pub resource_type: Option<String>,
    /// Member ids (`email_id`s or `resource_id`s).
    pub members: BTreeSet<i64>,
}

/// A door or computer in the simulator.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimResource {
    /// `resource_id`.
    pub resource_id: i64,
    /// `uuid`.
    pub uuid: String,
    /// Name.
    pub name: String,
    /// `DOOR` or `COMPUTER`.
    pub resource_type: String,
    /// Whether it is locked now.
    pub locked: bool,
    /// Whether its controller is online.
    pub online: bool,
    /// When it changes state on its own (relock after an unlock, lock after `lock_wait`).
    pub pending_lock_at: Option<DateTime<Utc>>,
    /// How many lock commands reached it.
    pub commands: u32,
}

/// A magic link in the simulator.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimMagicLink {
    /// `magic_link_id`.
    pub id: i64,
    /// The token.
    pub token: String,
    /// The policy name.
    pub name: String,
    /// Guests.
    pub emails: Vec<String>,
    /// Doors.
    pub resource_ids: Vec<i64>,
    /// Valid from.
    pub start: NaiveDateTime,
    /// Valid until.
    pub end: NaiveDateTime,
    /// Active hours.
    pub schedule: WeeklySchedule,
    /// `config_id` used.
    pub config_id: i64,
    /// Whether the link was e-mailed.
    pub send_email: bool,
}

/// The outcome of a guest presenting a magic link at a door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GuestEntry {
    /// The door unlocked.
    Granted,
    /// No link has this token.
    UnknownToken,
    /// The door is not one of the link's doors.
    WrongDoor,
    /// Before `start_time`.
    NotYetValid,
    /// At or after `end_time`.
    Expired,
    /// Within the window but outside `time_mapping`.
    OutsideSchedule,
}

/// The simulator's whole state.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SimState {
    /// Members and guests.
    pub users: Vec<SimUser>,
    /// Groups.
    pub groups: Vec<SimGroup>,
    /// Doors and computers.
    pub resources: Vec<SimResource>,
    /// Magic links.
    pub magic_links: Vec<SimMagicLink>,
    next_email_id: i64,
    next_group_id: i64,
    next_link_id: i64,
}

impl SimState {
    /// The seeded organisation "Acme Labs" (org 7).
    pub fn seeded() -> Self {
        let user = |email_id: i64, email: &str, first: &str, last: &str, guest: bool| SimUser {
            email_id,
            user_id: email_id,
            email: email.into(),
            first_name: first.into(),
            last_name: last.into(),
            guest,
            email_status: "CONFIRMED".into(),
            smartcards: Vec::new(),
            invitations_sent: 0,
        };
        let mut chad = user(1, "joe@developer.com", "Chad", "Spensky", false);
        chad.smartcards
            .push(("1234567".into(), Some("Badge".into())));
        let users = vec![
            chad,
            user(2, "ada@acme.example", "Ada", "Lovelace", false),
            user(3, "visitor@partner.example", "Vic", "Visitor", true),
        ];
        let group = |id: i64, name: &str, kind: &str, rt: Option<&str>, m: &[i64]| SimGroup {
            id,
            name: name.into(),
            kind: kind.into(),
            resource_type: rt.map(Into::into),
            members: m.iter().copied().collect(),
        };
        let groups = vec![
            group(1, "Employees", "users", None, &[1, 2]),
            group(2, "Doors", "resources", Some("DOOR"), &[203, 204, 206]),
            group(3, "Admins", "users", None, &[2]),
            group(4, "Lab", "resources", Some("DOOR"), &[204]),
        ];
        let res = |id: i64, uuid: &str, name: &str, t: &str, online: bool| SimResource {
            resource_id: id,
            uuid: uuid.into(),
            name: name.into(),
            resource_type: t.into(),
            locked: true,
            online,
            pending_lock_at: None,
            commands: 0,
        };
        let resources = vec![
            res(203, DOWNSTAIRS_DOOR_UUID, "Downstairs Door", "DOOR", true),
            res(204, LAB_DOOR_UUID, "Lab Door", "DOOR", true),
            res(205, RECEPTION_PC_UUID, "Reception PC", "COMPUTER", true),
            res(206, LOADING_DOCK_UUID, "Loading Dock", "DOOR", false),
        ];
        Self {
            users,
            groups,
            resources,
            magic_links: Vec::new(),
            next_email_id: 4,
            next_group_id: 5,
            next_link_id: 1,
        }
    }
}

/// The simulated API (the [`SimulatedApi`] served by [`SimServer`]).
#[derive(Debug)]
pub struct SimApi {
    state: Mutex<SimState>,
    clock: SimClock,
    vendor_errors: Mutex<std::collections::VecDeque<(u16, String)>>,
}

type Answer = Result<Value, (u16, String)>;
/// A card as (number, label).
type Card = (String, Option<String>);

fn err<T>(status: u16, message: impl Into<String>) -> Result<T, (u16, String)> {
    Err((status, message.into()))
}

fn ids(v: Option<&Value>, field: &str) -> Result<Vec<i64>, (u16, String)> {
    crate::model::lenient_id_list(v).map_err(|e| (400, format!("{field}: {e}")))
}

fn flag(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => Some(s.eq_ignore_ascii_case("true")),
        Value::Number(n) => Some(n.as_i64() != Some(0)),
        _ => None,
    }
}

fn parse_cards(v: &Value) -> Result<Vec<Card>, (u16, String)> {
    let Value::Array(items) = v else {
        return err(400, "smartcards must be an array of {number, label}");
    };
    items
        .iter()
        .map(|c| {
            let number = c
                .get("number")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .ok_or((
                    400,
                    "smartcard number must be an integer string".to_string(),
                ))?;
            let label = c.get("label").and_then(Value::as_str).map(str::to_owned);
            Ok((number.to_string(), label))
        })
        .collect()
}

impl SimApi {
    /// A simulator over `state`, on `clock`.
    pub fn new(state: SimState, clock: SimClock) -> Self {
        Self {
            state: Mutex::new(state),
            clock,
            vendor_errors: Mutex::new(Default::default()),
        }
    }

    /// The next authenticated request answers `{"error": message}` with `status`
    /// (the vendor's own failure shape, unlike `Faults`, whose bodies are not
    /// Allthenticate's), without touching the state: e.g. 500 or 429.
    pub fn fail_next_with_error(&self, status: u16, message: impl Into<String>) {
        self.vendor_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back((status, message.into()));
    }

    /// The state, after applying due relocks.
    pub fn state(&self) -> MutexGuard<'_, SimState> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = self.clock.now();
        for r in &mut s.resources {
            if let Some(at) = r.pending_lock_at
                && at <= now
            {
                r.locked = true;
                r.pending_lock_at = None;
            }
        }
        s
    }

    fn now_naive(&self) -> NaiveDateTime {
        self.clock.now().naive_utc()
    }

    fn key_of(request: &Request, body: Option<&Value>) -> Option<String> {
        if let Some((_, v)) = request.url.query_pairs().find(|(k, _)| k == "api_key") {
            return Some(v.into_owned());
        }
        if let Some(v) = body.and_then(|b| b.get("api_key")).and_then(Value::as_str) {
            return Some(v.to_owned());
        }
        if let Some(v) = request
            .headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
        {
            return Some(v.to_owned());
        }
        request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_owned)
    }

    fn route(&self, request: &Request) -> Answer {
        let body: Option<Value> = if request.body.is_empty() {
            None
        } else {
            match serde_json::from_slice(&request.body) {
                Ok(v) => Some(v),
                Err(_) => return err(400, "The request body is not valid JSON"),
            }
        };
        let key = Self::key_of(request, body.as_ref());
        let assurance = match key.as_deref() {
            Some(SIM_API_KEY) => true,
            Some(SIM_LOW_ASSURANCE_KEY) => false,
            _ => return err(401, "Invalid or missing API key"),
        };
        if let Some(queued) = self
            .vendor_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front()
        {
            return Err(queued);
        }
        let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
        let empty = json!({});
        let b = body.as_ref().unwrap_or(&empty);
        let method = request.method.as_str();
        match (method, request.url.path().trim_end_matches('/')) {
            ("GET", "/multipleusers") => self.list_users(&query),
            ("POST", "/invites") => self.invite(b),
            ("POST", "/groups") => self.create_group(b),
            ("PUT", "/groups") => self.update_group(b),
            ("PUT", "/modifysmartcards") => self.modify_smartcards(b),
            ("POST", "/magiclinkadmin") => self.magic_link(b),
            ("POST", "/setlockstatus") => self.set_lock_status(b),
            ("POST", "/masslock") if !assurance => err(403, "Requires assurance"),
            ("POST", "/masslock") => self.mass_lock(b),
            ("GET", "/multipleresources") => self.list_resources(&query),
            (
                _,
                "/multipleusers" | "/invites" | "/groups" | "/modifysmartcards" | "/magiclinkadmin"
                | "/setlockstatus" | "/masslock" | "/multipleresources",
            ) => err(405, "Method not allowed"),
            _ => err(404, "Not found"),
        }
    }

    fn list_users(&self, q: &BTreeMap<String, String>) -> Answer {
        let guests = match q.get("user_tag").map(String::as_str) {
            None => false,
            Some("GUEST") => true,
            Some(other) => return err(400, format!("Unknown user_tag {other}")),
        };
        let with_email = q.get("email").is_some_and(|v| v == "true");
        let s = self.state();
        let users: Vec<Value> = s
            .users
            .iter()
            .filter(|u| u.guest == guests)
            .map(|u| {
                let groups: Vec<Value> = s
                    .groups
                    .iter()
                    .filter(|g| g.kind == "users" && g.members.contains(&u.email_id))
                    .map(|g| json!([g.name]))
                    .collect();
                let mut name = format!("{} {}", u.first_name, u.last_name);
                if with_email {
                    name = format!("{name} ({})", u.email);
                }
                let confirmed = (u.email_status == "CONFIRMED").then_some("2020-03-20 01:30:16");
                json!({
                    "ad_status": if u.email_status == "CONFIRMED" { "ACTIVE" } else { "PENDING" },
                    "active_date": confirmed.map(|_| "2020-03-20 01:30:34"),
                    "confirmed": confirmed,
                    "created": "2020-03-20 01:30:05",
                    "device_added": confirmed.map(|_| "2023-01-23 23:46:35"),
                    "email": u.email,
                    "email_id": u.email_id,
                    "email_status": u.email_status,
                    "first_name": u.first_name,
                    "groups": groups,
                    "last_name": u.last_name,
                    "name": name,
                    "user_id": u.user_id,
                    "username": u.email.split('@').next().unwrap_or_default(),
                    "unique_id": format!("usr-{:04}", u.user_id),
                })
            })
            .collect();
        Ok(Value::Array(users))
    }

    fn add_user(s: &mut SimState, email: &str, guest: bool) -> i64 {
        let id = s.next_email_id;
        s.next_email_id += 1;
        let local = email.split('@').next().unwrap_or(email);
        s.users.push(SimUser {
            email_id: id,
            user_id: id,
            email: email.to_string(),
            first_name: local.to_string(),
            last_name: String::new(),
            guest,
            email_status: "PENDING".into(),
            smartcards: Vec::new(),
            invitations_sent: 0,
        });
        id
    }

    fn check_duplicates(
        s: &SimState,
        owner: Option<&str>,
        cards: &[(String, Option<String>)],
        allow: bool,
    ) -> Result<(), (u16, String)> {
        if allow {
            return Ok(());
        }
        for (number, _) in cards {
            let taken = s.users.iter().any(|u| {
                Some(u.email.as_str()) != owner && u.smartcards.iter().any(|(n, _)| n == number)
            });
            if taken {
                return err(
                    400,
                    format!(
                        "Smartcard {number} is a duplicate: another member of the organization owns it"
                    ),
                );
            }
        }
        Ok(())
    }

    fn give_cards(u: &mut SimUser, cards: &[(String, Option<String>)]) {
        for (n, l) in cards {
            match u.smartcards.iter_mut().find(|(have, _)| have == n) {
                Some(c) => c.1 = l.clone(),
                None => u.smartcards.push((n.clone(), l.clone())),
            }
        }
    }

    fn invite(&self, b: &Value) -> Answer {
        let Some(Value::Array(emails)) = b.get("emails") else {
            return err(400, "emails is required");
        };
        let emails: Vec<String> = emails
            .iter()
            .map(|e| e.as_str().unwrap_or_default().to_string())
            .collect();
        if emails.is_empty() {
            return err(400, "emails is required");
        }
        let cards: Option<Vec<Vec<Card>>> = match b.get("smartcards") {
            None | Some(Value::Null) => None,
            Some(Value::Array(lists)) => {
                if lists.len() != emails.len() {
                    return err(400, "smartcards must map one to one to emails");
                }
                Some(lists.iter().map(parse_cards).collect::<Result<_, _>>()?)
            }
            Some(_) => return err(400, "smartcards must be a list of smartcard arrays"),
        };
        let no_email = flag(b.get("no_email")).unwrap_or(false);
        let mut s = self.state();
        let mut group_ids = Vec::new();
        let mut group_names = Vec::new();
        if let Some(Value::Array(groups)) = b.get("groups") {
            for g in groups {
                let id = g.get("id").and_then(Value::as_i64).unwrap_or(-1);
                match s.groups.iter().find(|x| x.id == id && x.kind == "users") {
                    Some(x) => {
                        group_ids.push(id);
                        group_names.push(x.name.clone());
                    }
                    None => {
                        return err(
                            400,
                            format!("Group {id} is not a user group of this organization"),
                        );
                    }
                }
            }
        }
        if let Some(cards) = &cards {
            for (email, c) in emails.iter().zip(cards) {
                Self::check_duplicates(&s, Some(email), c, false)?;
            }
        }
        let (mut added, mut invited, mut exists, mut invalid, mut add_ids) =
            (vec![], vec![], vec![], vec![], vec![]);
        for (i, email) in emails.iter().enumerate() {
            if access_core::model::EmailAddress::new(email.clone()).is_err() {
                invalid.push(email.clone());
                continue;
            }
            let id = match s.users.iter().find(|u| u.email.eq_ignore_ascii_case(email)) {
                Some(u) => {
                    exists.push(email.clone());
                    u.email_id
                }
                None => {
                    let id = Self::add_user(&mut s, email, false);
                    added.push(email.clone());
                    if !no_email {
                        invited.push(email.clone());
                    }
                    id
                }
            };
            add_ids.push(id);
            if let Some(u) = s.users.iter_mut().find(|u| u.email_id == id) {
                if !no_email && !exists.contains(email) {
                    u.invitations_sent += 1;
                }
                if let Some(c) = cards.as_ref().map(|c| &c[i]) {
                    Self::give_cards(u, c);
                }
            }
            for g in s.groups.iter_mut().filter(|g| group_ids.contains(&g.id)) {
                g.members.insert(id);
            }
        }
        Ok(json!({
            "success": "Success! All members have been invited to join your organization.",
            "added": added,
            "invited": invited,
            "exists": exists,
            "invalid": invalid,
            "failed_invite": Vec::<String>::new(),
            "add_ids": add_ids,
            "group_names": group_names,
            "send_email": !no_email,
        }))
    }

    fn check_members(
        s: &SimState,
        kind: &str,
        rt: Option<&str>,
        ids: &[i64],
    ) -> Result<(), (u16, String)> {
        for id in ids {
            let ok = if kind == "users" {
                s.users.iter().any(|u| u.email_id == *id)
            } else {
                s.resources
                    .iter()
                    .any(|r| r.resource_id == *id && rt.is_none_or(|t| t == r.resource_type))
            };
            if !ok {
                return err(
                    400,
                    format!("Id {id} is not a valid {kind} id for this group"),
                );
            }
        }
        Ok(())
    }

    fn create_group(&self, b: &Value) -> Answer {
        let kind = match b.get("type").and_then(Value::as_str) {
            Some(k @ ("users" | "resources")) => k.to_string(),
            _ => return err(400, "type must be users or resources"),
        };
        let name = b
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_string();
        if name.is_empty() {
            return err(400, "name is required");
        }
        if b.get("add_ids").is_none() {
            return err(400, "add_ids is required");
        }
        let add = ids(b.get("add_ids"), "add_ids")?;
        let rt = match b.get("resource_type") {
            None | Some(Value::Null) => None,
            Some(_) if kind == "users" => {
                return err(400, "resource_type is only used for resource groups");
            }
            Some(Value::String(t)) if t == "COMPUTER" || t == "DOOR" => Some(t.clone()),
            Some(_) => return err(400, "resource_type must be COMPUTER or DOOR"),
        };
        let mut s = self.state();
        if s.groups.iter().any(|g| g.name == name) {
            return err(409, format!("A group named {name} already exists"));
        }
        Self::check_members(&s, &kind, rt.as_deref(), &add)?;
        let id = s.next_group_id;
        s.next_group_id += 1;
        s.groups.push(SimGroup {
            id,
            name,
            kind,
            resource_type: rt,
            members: add.into_iter().collect(),
        });
        Ok(json!({"success": "Group has been successfully created!", "group_id": id}))
    }

    fn update_group(&self, b: &Value) -> Answer {
        let kind = match b.get("type").and_then(Value::as_str) {
            Some(k @ ("users" | "resources")) => k.to_string(),
            _ => return err(400, "type must be users or resources"),
        };
        let Some(id) = b.get("group_id").and_then(Value::as_i64) else {
            return err(400, "group_id is required");
        };
        let add = ids(b.get("add_ids"), "add_ids")?;
        let del = ids(b.get("del_ids"), "del_ids")?;
        let mut s = self.state();
        let Some(g) = s.groups.iter().find(|g| g.id == id) else {
            return err(404, format!("Group {id} not found"));
        };
        if g.kind != kind {
            return err(400, format!("Group {id} is a {} group", g.kind));
        }
        let rt = g.resource_type.clone();
        Self::check_members(&s, &kind, rt.as_deref(), &add)?;
        if let Some(g) = s.groups.iter_mut().find(|g| g.id == id) {
            g.members.extend(add);
            for d in del {
                g.members.remove(&d);
            }
        }
        Ok(json!({"success": "Group has been successfully updated!"}))
    }

    fn modify_smartcards(&self, b: &Value) -> Answer {
        let Some(email_id) = b.get("email_id").and_then(Value::as_i64) else {
            return err(400, "email_id is required");
        };
        let cards = match b.get("smartcards") {
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(v) => parse_cards(&v)?,
                Err(_) => return err(400, "smartcards must be a serialized JSON array"),
            },
            _ => return err(400, "smartcards must be a serialized JSON array"),
        };
        let allow = flag(b.get("allow_duplicates")).unwrap_or(false);
        let mut s = self.state();
        let Some(email) = s
            .users
            .iter()
            .find(|u| u.email_id == email_id)
            .map(|u| u.email.clone())
        else {
            return err(404, format!("User {email_id} not found"));
        };
        Self::check_duplicates(&s, Some(&email), &cards, allow)?;
        if let Some(u) = s.users.iter_mut().find(|u| u.email_id == email_id) {
            Self::give_cards(u, &cards);
        }
        Ok(json!({"success": "Smartcards have been successfully updated!"}))
    }

    fn magic_link(&self, b: &Value) -> Answer {
        let emails: Vec<String> = match b.get("email_list") {
            Some(Value::Array(e)) if !e.is_empty() => e
                .iter()
                .map(|x| x.as_str().unwrap_or_default().to_string())
                .collect(),
            _ => return err(400, "email_list is required"),
        };
        let doors = ids(b.get("resource_id_list"), "resource_id_list")?;
        if doors.is_empty() {
            return err(400, "resource_id_list is required");
        }
        let time = |field: &str| -> Result<Option<NaiveDateTime>, (u16, String)> {
            match b.get(field) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(t)) => NaiveDateTime::parse_from_str(t, DATETIME_FORMAT)
                    .map(Some)
                    .map_err(|_| (400, format!("{field} must be YYYY-MM-DD hh:mm:ss"))),
                Some(_) => err(400, format!("{field} must be YYYY-MM-DD hh:mm:ss")),
            }
        };
        let now = self.now_naive();
        let start = time("start_time")?.unwrap_or(now);
        let end = time("end_time")?.unwrap_or(NaiveDateTime::MAX);
        if start >= end {
            return err(400, "start_time must be before end_time");
        }
        let name = b
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if name.trim().is_empty() {
            return err(400, "name is required");
        }
        let schedule = match b.get("time_mapping") {
            None | Some(Value::Null) => WeeklySchedule::always(),
            Some(v) => serde_json::from_value::<WeeklySchedule>(v.clone())
                .map_err(|e| (400, format!("time_mapping is invalid: {e}")))?,
        };
        let cards = match b.get("smartcards") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let c = parse_cards(v)?;
                if c.len() != emails.len() {
                    return err(400, "smartcards must map 1-1 to email_list");
                }
                Some(c)
            }
        };
        let allow = flag(b.get("allow_duplicates")).unwrap_or(false);
        let send_email = flag(b.get("send_email")).unwrap_or(true);
        let config_id = b.get("config_id").and_then(Value::as_i64).unwrap_or(1);
        let mut s = self.state();
        for id in &doors {
            match s.resources.iter().find(|r| r.resource_id == *id) {
                Some(r) if r.resource_type == "DOOR" => {}
                Some(_) => return err(400, format!("Resource {id} is not a door")),
                None => return err(404, format!("Resource {id} not found")),
            }
        }
        if let Some(c) = &cards {
            for (email, card) in emails.iter().zip(c) {
                Self::check_duplicates(&s, Some(email), std::slice::from_ref(card), allow)?;
            }
        }
        let mut email_ids = serde_json::Map::new();
        for (i, email) in emails.iter().enumerate() {
            let id = match s.users.iter().find(|u| u.email.eq_ignore_ascii_case(email)) {
                Some(u) => u.email_id,
                None => Self::add_user(&mut s, email, true),
            };
            if let (Some(c), Some(u)) = (&cards, s.users.iter_mut().find(|u| u.email_id == id)) {
                Self::give_cards(u, std::slice::from_ref(&c[i]));
            }
            email_ids.insert(email.clone(), json!(id));
        }
        let id = s.next_link_id;
        s.next_link_id += 1;
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        s.magic_links.push(SimMagicLink {
            id,
            token: token.clone(),
            name,
            emails,
            resource_ids: doors,
            start,
            end,
            schedule,
            config_id,
            send_email,
        });
        Ok(json!({
            "success": "Successfully created a new temporary policy and magic link.",
            "magic_token": token,
            "email_ids": email_ids,
            "config_id": config_id,
            "magic_link_id": id,
        }))
    }

    fn lock_state(b: &Value) -> Result<bool, (u16, String)> {
        match b.get("lock_state") {
            Some(Value::Bool(v)) => Ok(*v),
            _ => err(400, "lock_state is required (true = locked)"),
        }
    }

    fn unlock_secs(b: &Value) -> i64 {
        b.get("unlock_time")
            .and_then(Value::as_i64)
            .unwrap_or(5)
            .clamp(5, 60)
    }

    fn set_lock_status(&self, b: &Value) -> Answer {
        let Some(uuid) = b.get("uuid").and_then(Value::as_str) else {
            return err(400, "uuid is required");
        };
        let locked = Self::lock_state(b)?;
        let secs = Self::unlock_secs(b);
        let now = self.clock.now();
        let mut s = self.state();
        let Some(r) = s
            .resources
            .iter_mut()
            .find(|r| r.uuid.eq_ignore_ascii_case(uuid))
        else {
            return err(404, format!("Resource {uuid} not found"));
        };
        if !r.online {
            return err(400, format!("{} is offline", r.name));
        }
        r.commands += 1;
        r.locked = locked;
        r.pending_lock_at = (!locked).then(|| now + chrono::Duration::seconds(secs));
        Ok(
            json!({"success": if locked { format!("{} locked", r.name) } else { format!("{} unlocked for {secs} seconds", r.name) }}),
        )
    }

    fn mass_lock(&self, b: &Value) -> Answer {
        let locked = Self::lock_state(b)?;
        let secs = Self::unlock_secs(b);
        let wait = b
            .get("lock_wait")
            .and_then(Value::as_i64)
            .unwrap_or(0)
            .max(0);
        let force = flag(b.get("force_lock")).unwrap_or(false);
        let now = self.clock.now();
        let mut s = self.state();
        let targets: Option<BTreeSet<i64>> = match b.get("group_id") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let id = v.as_i64().unwrap_or(-1);
                match s.groups.iter().find(|g| g.id == id) {
                    Some(g) if g.kind == "resources" => Some(g.members.clone()),
                    Some(_) => return err(400, format!("Group {id} is not a door group")),
                    None => return err(404, format!("Group {id} not found")),
                }
            }
        };
        let mut changed = 0;
        for r in s.resources.iter_mut().filter(|r| {
            r.resource_type == "DOOR"
                && r.online
                && targets.as_ref().is_none_or(|t| t.contains(&r.resource_id))
        }) {
            if locked && r.locked && !force {
                continue;
            }
            r.commands += 1;
            changed += 1;
            if locked && wait > 0 {
                r.pending_lock_at = Some(now + chrono::Duration::seconds(wait));
            } else {
                r.locked = locked;
                r.pending_lock_at = (!locked).then(|| now + chrono::Duration::seconds(secs));
            }
        }
        Ok(
            json!({"success": format!("{} {changed} doors", if locked { "Locked" } else { "Unlocked" })}),
        )
    }

    fn list_resources(&self, q: &BTreeMap<String, String>) -> Answer {
        let filter = match q.get("type").map(String::as_str) {
            None => None,
            Some(t @ ("DOOR" | "COMPUTER")) => Some(t.to_string()),
            Some(other) => return err(400, format!("Unknown type {other}")),
        };
        let s = self.state();
        let list: Vec<Value> = s
            .resources
            .iter()
            .filter(|r| filter.as_ref().is_none_or(|t| *t == r.resource_type))
            .map(|r| {
                let groups: Vec<Value> = s
                    .groups
                    .iter()
                    .filter(|g| g.kind == "resources" && g.members.contains(&r.resource_id))
                    .map(|g| json!([g.name]))
                    .collect();
                let policies: Vec<Value> = s
                    .magic_links
                    .iter()
                    .filter(|l| l.resource_ids.contains(&r.resource_id))
                    .map(|l| json!([l.name]))
                    .collect();
                json!({
                    "groups": groups,
                    "name": r.name,
                    "org_id": 7,
                    "policies": policies,
                    "public_key": "-----BEGIN CERTIFICATE-----\nMIIBsimulated\n-----END CERTIFICATE-----\n",
                    "resource_id": r.resource_id,
                    "resource_status_id": 1000 + r.resource_id,
                    "resource_subtype": null,
                    "resource_type": r.resource_type,
                    "resource_info": {"model": "sim"},
                    "resource_status": {
                        "lock_status": if r.locked { "LOCKED" } else { "UNLOCKED" },
                        "online_status": if r.online { "ONLINE" } else { "OFFLINE" },
                    },
                    "seen": "2021-12-05 10:08:05",
                    "status": "ACTIVE",
                    "unique_id": r.resource_id,
                    "updated": "2021-12-01 09:00:00",
                    "uuid": r.uuid,
                })
            })
            .collect();
        Ok(Value::Array(list))
    }

    /// A guest presents `token` at door `resource_id` now (the clock's time): the
    /// door unlocks for 5 s when the link covers the door, the window and the
    /// schedule (`time_mapping`, by the UTC weekday and hour).
    pub fn open_with_magic_link(&self, token: &str, resource_id: i64) -> GuestEntry {
        let now = self.clock.now();
        let mut s = self.state();
        let Some(link) = s.magic_links.iter().find(|l| l.token == token).cloned() else {
            return GuestEntry::UnknownToken;
        };
        if !link.resource_ids.contains(&resource_id) {
            return GuestEntry::WrongDoor;
        }
        let naive = now.naive_utc();
        if naive < link.start {
            return GuestEntry::NotYetValid;
        }
        if naive >= link.end {
            return GuestEntry::Expired;
        }
        let day = Weekday::ALL[now.weekday().num_days_from_sunday() as usize];
        if !link.schedule.allows(day, now.hour() as u8) {
            return GuestEntry::OutsideSchedule;
        }
        if let Some(r) = s
            .resources
            .iter_mut()
            .find(|r| r.resource_id == resource_id)
        {
            r.locked = false;
            r.pending_lock_at = Some(now + chrono::Duration::seconds(5));
        }
        GuestEntry::Granted
    }
}

impl SimulatedApi for SimApi {
    fn handle(&self, request: &Request) -> ResponseTemplate {
        match self.route(request) {
            Ok(v) => json_response(200, &v),
            Err((status, message)) => json_response(status, &json!({"error": message})),
        }
    }
}

/// A running simulator: the server, its state, its clock and its fault knobs.
pub struct Simulator {
    server: SimServer,
    api: Arc<SimApi>,
    clock: SimClock,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl Simulator {
    /// Starts the seeded organisation on a clock at Monday 2026-03-02 10:00 UTC.
    pub async fn start() -> Self {
        let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| Utc::now());
        Self::start_with(SimState::seeded(), SimClock::at(t)).await
    }

    /// Starts with your own state and clock.
    pub async fn start_with(state: SimState, clock: SimClock) -> Self {
        let api = Arc::new(SimApi::new(state, clock.clone()));
        let server = SimServer::start(api.clone()).await;
        Self { server, api, clock }
    }

    /// The base URL.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client for this simulator with the full-assurance key, its clock, and a
    /// short attempt timeout (2 s).
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .unwrap_or_else(|e| panic!("the simulator's client configuration is valid: {e}"))
    }

    /// A builder preconfigured like [`Simulator::client`], to adjust.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .api_key(crate::SecretString::from(SIM_API_KEY))
            .clock(Arc::new(self.clock.clone()))
            .attempt_timeout(Duration::from_secs(2))
    }

    /// The clock (move it to expire unlocks and links).
    pub fn clock(&self) -> &SimClock {
        &self.clock
    }

    /// The fault knobs.
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// The simulated API and its state.
    pub fn api(&self) -> &SimApi {
        &self.api
    }

    /// How many requests with this method and path were received.
    pub async fn count(&self, method: &str, path: &str) -> usize {
        self.server.count(method, path)
    }

    /// Every request received.
    pub async fn requests(&self) -> Vec<Request> {
        self.server.requests()
    }

    /// Whether the resource with this uuid is locked now.
    pub fn is_locked(&self, uuid: &str) -> Option<bool> {
        self.api
            .state()
            .resources
            .iter()
            .find(|r| r.uuid == uuid)
            .map(|r| r.locked)
    }

    /// A member or guest by address.
    pub fn user(&self, email: &str) -> Option<SimUser> {
        self.api
            .state()
            .users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
            .cloned()
    }

    /// A group by name.
    pub fn group(&self, name: &str) -> Option<SimGroup> {
        self.api
            .state()
            .groups
            .iter()
            .find(|g| g.name == name)
            .cloned()
    }

    /// A guest presents a magic link at a door now (see [`SimApi::open_with_magic_link`]).
    pub fn open_with_magic_link(&self, token: &str, resource_id: i64) -> GuestEntry {
        self.api.open_with_magic_link(token, resource_id)
    }
}

// What each endpoint's answer must contain, by output type: the hostile matrix
// derives every cell's expected outcome from it.
access_core::answer_shapes! {
    JsonObject: [
        crate::groups::CreatedGroup,
        crate::guest_links::MagicLink,
        crate::model::Success,
        crate::users::InviteResult,
    ],
}
