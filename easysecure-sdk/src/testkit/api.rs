//! The REST face of the simulator: routes, token checks, documented errors.

use std::sync::{Mutex, MutexGuard};

use access_core::clock::Clock;
use access_core::testkit::{SimClock, SimulatedApi, json_response};
use chrono::NaiveDateTime;
use serde_json::{Map, Value, json};
use wiremock::{Request, ResponseTemplate};

use super::state::{AccountRole, Company, IdToken, SimState, SimUser, UserChanges};
use crate::model::parse_datetime;

pub(crate) struct SimApi {
    pub(crate) state: Mutex<SimState>,
    pub(crate) clock: SimClock,
    #[cfg(feature = "soap")]
    pub(crate) soap: Mutex<crate::soap::testkit::SoapSimState>,
}

impl SimApi {
    pub(crate) fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

const STAGES: [&str; 3] = ["pending", "running", "done"];

type Answer = Result<Value, (u16, String)>;

fn refuse<T>(status: u16, message: &str) -> Result<T, (u16, String)> {
    Err((status, message.to_string()))
}

fn text(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.into()),
        _ => None,
    }
}

fn flag(body: &Value, key: &str) -> Option<bool> {
    match body.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_i64() == Some(1)),
        Value::String(s) => Some(s == "1" || s.eq_ignore_ascii_case("true")),
        _ => None,
    }
}

/// A date in one of the accepted forms; `Err` for anything else.
fn date(body: &Value, key: &str) -> Result<Option<NaiveDateTime>, ()> {
    match text(body, key) {
        None => Ok(None),
        Some(s) => parse_datetime(&s).map_err(|_| ()),
    }
}

fn fmt(t: &Option<NaiveDateTime>) -> Value {
    t.map(|t| Value::String(crate::model::format_datetime(&t)))
        .unwrap_or(Value::String(String::new()))
}

fn user_json(u: &SimUser) -> Value {
    let mut m = Map::new();
    m.insert("UserId".into(), json!(u.user_id.to_string()));
    m.insert("wsAltUserId".into(), json!(u.ws_alt_user_id));
    m.insert("PIN".into(), json!(u.pin));
    m.insert("Achternaam".into(), json!(u.last_name));
    m.insert("Insertion".into(), json!(""));
    m.insert("Voornaam".into(), json!(u.first_name));
    m.insert("Admin".into(), json!(if u.admin { "1" } else { "0" }));
    m.insert("Security".into(), json!(if u.security { "1" } else { "0" }));
    m.insert("StartDate".into(), fmt(&u.start));
    m.insert("ExpireDate".into(), fmt(&u.expire));
    for n in 1..=14 {
        let k = format!("info{n}");
        m.insert(
            k.clone(),
            json!(u.info.get(&k).cloned().unwrap_or_default()),
        );
    }
    m.insert("GroupS".into(), json!(u.groups.join(";")));
    m.insert(
        "TemplatesNr".into(),
        json!(if u.picture.is_some() { "1" } else { "0" }),
    );
    m.insert("cardId".into(), json!(u.card_id));
    m.insert("cardCustom".into(), json!(u.card_custom));
    m.insert("licensePlate".into(), json!(u.license_plate));
    m.insert("phone".into(), json!(u.phone));
    m.insert(
        "isVisitor".into(),
        json!(if u.is_visitor { "1" } else { "0" }),
    );
    m.insert(
        "syncToTapkey".into(),
        json!(if u.mobile_key { "1" } else { "0" }),
    );
    Value::Object(m)
}

fn changes(item: &Value) -> Result<UserChanges, (u16, String)> {
    let bad = || (400, "Incorrect format".to_string());
    let mut c = UserChanges {
        first_name: text(item, "Voornaam"),
        last_name: text(item, "Achternaam"),
        pin: text(item, "PIN"),
        admin: flag(item, "Admin"),
        security: flag(item, "Security"),
        start: date(item, "StartDate").map_err(|_| bad())?,
        expire: date(item, "ExpireDate").map_err(|_| bad())?,
        card_id: text(item, "cardId"),
        card_custom: text(item, "cardCustom"),
        license_plate: text(item, "licensePlate"),
        phone: text(item, "phone"),
        is_visitor: flag(item, "isVisitor"),
        mobile_key: flag(item, "syncToTapkey"),
        ..UserChanges::default()
    };
    if let Some(pin) = &c.pin
        && !pin.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if let Some(Value::Object(info)) = item.get("infoFields") {
        for (k, v) in info {
            let n = k.strip_prefix("info").and_then(|n| n.parse::<u8>().ok());
            if !n.is_some_and(|n| (1..=14).contains(&n)) {
                return Err(bad());
            }
            c.info.insert(
                k.clone(),
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string()),
            );
        }
    }
    if let Some(names) = text(item, "groupName") {
        let list = names
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        c.groups = Some((list, flag(item, "groupUpdate").unwrap_or(false)));
    }
    Ok(c)
}

fn log_json(l: &super::state::SimLog) -> Value {
    json!({
        "scanID": l.scan_id,
        "Terminal": l.terminal,
        "TerminalKey": l.terminal_key,
        "UserID": l.user,
        "Time": crate::model::format_datetime(&l.time),
        "LocationId": l.location_id,
        "LocationName": l.location_name,
        "Success": if l.success { 1 } else { 0 },
        "Terminal Name": l.terminal_name,
        "LogText": l.log_text,
    })
}

impl SimulatedApi for SimApi {
    fn handle(&self, request: &Request) -> ResponseTemplate {
        #[cfg(feature = "soap")]
        if request.url.path().trim_end_matches('/') == "/webservicesesws" {
            let now = self.clock.now().naive_utc();
            let mut st = self.lock();
            let mut soap = self.soap.lock().unwrap_or_else(|e| e.into_inner());
            return crate::soap::testkit::handle_soap(&mut st, &mut soap, now, request);
        }
        let path = request.url.path().to_string();
        let answer = if request.method.as_str() != "POST" {
            refuse(404, "Not found")
        } else {
            let body: Value = if request.body.is_empty() {
                Value::Object(Map::new())
            } else {
                match serde_json::from_slice(&request.body) {
                    Ok(v) => v,
                    Err(_) => {
                        return error(400, "Required field missing", &path);
                    }
                }
            };
            let bearer = request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::to_string);
            let mut st = self.lock();
            if let Some((status, message)) = st.injected.get_mut(&path).and_then(|q| q.pop_front())
            {
                return error(status, &message, &path);
            }
            self.route(&mut st, &path, &body, bearer.as_deref())
        };
        match answer {
            Ok(v) => json_response(200, &v),
            Err((status, message)) => error(status, &message, &path),
        }
    }
}

fn error(status: u16, message: &str, path: &str) -> ResponseTemplate {
    json_response(
        status,
        &json!({ "message": message, "url": path, "code": status.to_string() }),
    )
}

impl SimApi {
    fn now(&self) -> NaiveDateTime {
        self.clock.now().naive_utc()
    }

    fn route(&self, st: &mut SimState, path: &str, body: &Value, bearer: Option<&str>) -> Answer {
        let (prefix, op) = path
            .trim_start_matches('/')
            .split_once('/')
            .unwrap_or(("", ""));
        let role = match prefix {
            "admins" => AccountRole::Admin,
            "users" => AccountRole::User,
            _ => return refuse(404, "Not found"),
        };
        match op {
            "login" => return self.login(st, role, body),
            "refreshToken" => return self.refresh(st, role, body),
            "resetPasswordRequest" => return self.reset_request(st, role, body),
            "resetPassword" => return self.reset(st, role, body),
            _ => {}
        }
        let token = bearer
            .and_then(|b| st.id_tokens.get(b).cloned())
            .filter(|t| t.role == role && t.expires_at > self.clock.now());
        let Some(token) = token else {
            return refuse(401, "Unauthorized");
        };
        if op == "logout" {
            let email = token.email.clone();
            st.id_tokens.retain(|_, t| t.email != email);
            st.refresh_tokens.retain(|_, (_, _, e)| *e != email);
            return Ok(json!({ "message": "Logged out" }));
        }
        let now = self.now();
        let Some(company) = st.company_mut(&token.company) else {
            return refuse(401, "Unauthorized");
        };
        match role {
            AccountRole::Admin => admin_op(company, op, body, now),
            AccountRole::User => user_op(company, &token, op, body, now),
        }
    }

    fn login(&self, st: &mut SimState, role: AccountRole, body: &Value) -> Answer {
        let (Some(company), Some(email), Some(password)) = (
            text(body, "company"),
            text(body, "email"),
            text(body, "password"),
        ) else {
            return refuse(404, "Invalid Login Credentials");
        };
        let ok = st.company(&company).is_some_and(|c| {
            c.accounts.iter().any(|a| {
                a.role == role && a.email.eq_ignore_ascii_case(&email) && a.password == password
            })
        });
        if !ok {
            return refuse(404, "Invalid Login Credentials");
        }
        let (id, refresh) = st.issue_tokens(&company, role, &email, self.clock.now());
        Ok(json!({ "idToken": id, "refreshToken": refresh, "expiresIn": "3600" }))
    }

    fn refresh(&self, st: &mut SimState, role: AccountRole, body: &Value) -> Answer {
        let Some(refresh) = text(body, "refreshToken").filter(|s| !s.is_empty()) else {
            return refuse(400, "Required field missing");
        };
        let Some((company, r, email)) = st.refresh_tokens.get(&refresh).cloned() else {
            return refuse(401, "Invalid refresh token");
        };
        if r != role {
            return refuse(401, "Invalid refresh token");
        }
        let (id, _) = st.issue_tokens(&company, role, &email, self.clock.now());
        Ok(json!({ "idToken": id, "refreshToken": refresh, "expiresIn": "3600" }))
    }

    fn reset_request(&self, st: &mut SimState, role: AccountRole, body: &Value) -> Answer {
        let (Some(company), Some(email)) = (text(body, "company"), text(body, "email")) else {
            return refuse(500, "Passwords request email not sent");
        };
        let known = st.company(&company).is_some_and(|c| {
            c.accounts
                .iter()
                .any(|a| a.role == role && a.email == email)
        });
        if !known {
            return refuse(500, "Passwords request email not sent");
        }
        st.next_token += 1;
        let token = format!("reset-{:06}", st.next_token);
        st.reset_tokens.insert(token, (company, role, email));
        Ok(json!({ "message": "Password request email sent" }))
    }

    fn reset(&self, st: &mut SimState, role: AccountRole, body: &Value) -> Answer {
        let (Some(token), Some(password)) = (text(body, "token"), text(body, "password")) else {
            return refuse(500, "It is currently not possible to change the password");
        };
        let Some((company, r, email)) = st.reset_tokens.remove(&token) else {
            return refuse(500, "Passwords request token used");
        };
        if r != role || password.is_empty() {
            return refuse(500, "It is currently not possible to change the password");
        }
        if let Some(a) = st.company_mut(&company).and_then(|c| {
            c.accounts
                .iter_mut()
                .find(|a| a.email == email && a.role == role)
        }) {
            a.password = password;
        }
        Ok(json!({ "message": "Password changed" }))
    }
}

fn admin_op(c: &mut Company, op: &str, body: &Value, now: NaiveDateTime) -> Answer {
    match op {
        "getUsers" => {
            if !c.has_ws_alt_label {
                return refuse(500, "Info label function not found");
            }
            let page = text(body, "page").and_then(|p| p.parse::<usize>().ok());
            let user_id = text(body, "userId").and_then(|p| p.parse::<u64>().ok());
            let mut users: Vec<&SimUser> = c.users.values().collect();
            users.sort_by_key(|u| u.user_id);
            let users = users
                .into_iter()
                .filter(|u| user_id.is_none_or(|id| u.user_id == id));
            let list: Vec<Value> = match page {
                Some(p) if p >= 1 => users
                    .skip((p - 1) * 1000)
                    .take(1000)
                    .map(user_json)
                    .collect(),
                _ => users.map(user_json).collect(),
            };
            Ok(Value::Array(list))
        }
        "setUsers" => {
            let Some(Value::Array(items)) = body.get("users") else {
                return refuse(400, "Required field missing");
            };
            if items.is_empty() {
                return refuse(400, "Required field missing");
            }
            let mut parsed = Vec::new();
            for item in items {
                let Some(ws) = text(item, "wsAltUserId") else {
                    return refuse(400, "Required field missing");
                };
                if ws.trim().is_empty() {
                    return refuse(400, "wsAltUserId needs to have a value. Cannot be empty");
                }
                parsed.push((ws, changes(item)?));
            }
            let (mut created, mut updated) = (0, 0);
            for (ws, ch) in parsed {
                match c.upsert_user(&ws, ch, now) {
                    Ok(true) => created += 1,
                    Ok(false) => updated += 1,
                    Err((s, m)) => return refuse(s, m),
                }
            }
            Ok(json!({ "message": "OK", "created": created, "updated": updated }))
        }
        "setWsAltUserId" => {
            let (Some(id), Some(ws)) = (body.get("userId"), text(body, "wsAltUserId")) else {
                return refuse(400, "Required field missing");
            };
            let id = match id {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.parse::<u64>().ok(),
                _ => None,
            };
            let Some(id) = id else {
                return refuse(404, "The user id needs to be integer");
            };
            c.set_ws_alt_user_id(id, &ws)
                .map_err(|(s, m)| (s, m.to_string()))?;
            Ok(json!({ "message": "OK" }))
        }
        "syncUserToFirebase" => {
            let Some(ws) = text(body, "wsAltUserId") else {
                return refuse(400, "Required field missing");
            };
            if !c.has_ws_alt_label {
                return refuse(500, "Info label function not found");
            }
            let email = text(body, "email");
            let Some(u) = c.users.get_mut(&ws) else {
                return refuse(404, "User not found");
            };
            if u.firebase_registered {
                return refuse(500, "User already registered in Firebase");
            }
            if let Some(e) = email {
                u.email = e;
            }
            if u.email.is_empty() {
                return refuse(500, "Passwords request email not sent");
            }
            u.firebase_registered = true;
            Ok(json!({ "message": "OK" }))
        }
        "getGroups" => {
            let loc = text(body, "locationId").and_then(|l| l.parse::<i64>().ok());
            Ok(Value::Array(
                c.groups
                    .iter()
                    .filter(|g| loc.is_none_or(|l| g.location_id == l))
                    .map(|g| json!({ "GroupId": g.id.to_string(), "GroupName": g.name }))
                    .collect(),
            ))
        }
        "getLogs" => {
            let bad = || (400, "Incorrect filter".to_string());
            let from = date(body, "exportTimeFrom").map_err(|_| bad())?;
            let to = date(body, "exportTimeTo").map_err(|_| bad())?;
            let id_from = text(body, "exportIdFrom")
                .map(|s| s.parse::<i64>().map_err(|_| bad()))
                .transpose()?;
            let id_to = text(body, "exportIdTo")
                .map(|s| s.parse::<i64>().map_err(|_| bad()))
                .transpose()?;
            let by_created = text(body, "filterOn").as_deref() == Some("created");
            if let Some(name) = text(body, "infoFieldName")
                && !name
                    .strip_prefix("info")
                    .and_then(|n| n.parse::<u8>().ok())
                    .is_some_and(|n| (1..=14).contains(&n))
            {
                return Err(bad());
            }
            let tr_only = flag(body, "timeregistrationModules").unwrap_or(false);
            let user = text(body, "userId");
            let location = text(body, "locationId").and_then(|l| l.parse::<i64>().ok());
            let info_filter = text(body, "infoFieldName")
                .map(|name| (name, text(body, "infoFieldValue").unwrap_or_default()));
            let list: Vec<Value> = match (from, to, id_from, id_to) {
                (Some(a), Some(b), None, None) => c
                    .logs
                    .iter()
                    .filter(|l| {
                        let t = if by_created { l.created } else { l.time };
                        a <= t && t <= b
                    })
                    .collect::<Vec<_>>(),
                (None, None, Some(a), Some(b)) => c
                    .logs
                    .iter()
                    .filter(|l| a <= l.scan_id && l.scan_id <= b)
                    .collect(),
                _ => return Err(bad()),
            }
            .into_iter()
            // The same filters as ESWS getLogs: the location, the user (its
            // wsAltUserId, or its EasySecure id), and an info field's value.
            .filter(|l| location.is_none_or(|loc| l.location_id == loc))
            .filter(|l| {
                user.as_ref().is_none_or(|u| {
                    *u == l.user
                        || u.parse::<u64>().ok().is_some_and(|id| {
                            c.users
                                .get(&l.user)
                                .is_some_and(|owner| owner.user_id == id)
                        })
                })
            })
            .filter(|l| match &info_filter {
                Some((name, value)) => c
                    .users
                    .get(&l.user)
                    .is_some_and(|u| u.info.get(name) == Some(value)),
                None => true,
            })
            .filter(|l| !tr_only || c.is_time_clock(&l.terminal))
            .map(log_json)
            .collect();
            Ok(Value::Array(list))
        }
        "getLogsMinMaxIds" => {
            let bad = || (400, "Incorrect format".to_string());
            let from = date(body, "exportTimeFrom").map_err(|_| bad())?;
            let to = date(body, "exportTimeTo").map_err(|_| bad())?;
            let ids = c
                .logs
                .iter()
                .filter(|l| from.is_none_or(|a| a <= l.time) && to.is_none_or(|b| l.time <= b))
                .map(|l| l.scan_id);
            let min = ids.clone().min();
            let max = ids.max();
            Ok(json!({ "minId": min.map(|v| v.to_string()), "maxId": max }))
        }
        "setLogs" => {
            let Some(Value::Array(items)) = body.get("logs") else {
                return refuse(400, "Required field missing");
            };
            let mut ids = Vec::new();
            for item in items {
                let (Some(ws), Some(terminal), Ok(Some(time))) = (
                    text(item, "wsAltUserId"),
                    text(item, "Terminal"),
                    date(item, "Time"),
                ) else {
                    return refuse(400, "Required field missing");
                };
                let key = text(item, "TerminalKey").unwrap_or_default();
                ids.push(c.register(&terminal, &ws, &key, time, now));
            }
            Ok(json!({ "message": "OK", "scanIDs": ids }))
        }
        "sync" => {
            let target = match (text(body, "wsAltUserId"), text(body, "userId")) {
                (Some(ws), _) => Some(ws),
                (None, Some(id)) => {
                    let id = id.parse::<u64>().ok();
                    match c.users.values().find(|u| Some(u.user_id) == id) {
                        Some(u) => Some(u.ws_alt_user_id.clone()),
                        None => return refuse(404, "User not found"),
                    }
                }
                (None, None) => None,
            };
            let sync_id = c
                .start_sync(target.as_deref(), now)
                .map_err(|(s, m)| (s, m.to_string()))?;
            Ok(json!({ "message": "Sync started", "syncId": sync_id }))
        }
        "getSyncLogs" => {
            let bad = || (400, "Incorrect format".to_string());
            let from = date(body, "exportTimeFrom").map_err(|_| bad())?;
            let to = date(body, "exportTimeTo").map_err(|_| bad())?;
            c.advance_syncs(now);
            let sync_id = text(body, "syncId");
            let ws = text(body, "wsAltUserId");
            Ok(Value::Array(
                c.sync_logs
                    .iter()
                    .filter(|l| sync_id.as_ref().is_none_or(|s| *s == l.sync_id))
                    .filter(|l| ws.as_ref().is_none_or(|w| *w == l.ws_alt_user_id))
                    .filter(|l| {
                        from.is_none_or(|a| a <= l.created) && to.is_none_or(|b| l.created <= b)
                    })
                    .map(|l| {
                        json!({
                            "id": l.id,
                            "syncId": l.sync_id,
                            "wsAltUserId": l.ws_alt_user_id,
                            "Terminal": l.terminal,
                            "status": STAGES[l.stage.min(2) as usize],
                            "created": crate::model::format_datetime(&l.created),
                        })
                    })
                    .collect(),
            ))
        }
        _ => refuse(404, "Not found"),
    }
}

fn user_op(c: &mut Company, token: &IdToken, op: &str, body: &Value, now: NaiveDateTime) -> Answer {
    let ws = c
        .accounts
        .iter()
        .find(|a| a.email.eq_ignore_ascii_case(&token.email) && a.role == AccountRole::User)
        .and_then(|a| a.ws_alt_user_id.clone())
        .unwrap_or_default();
    if op == "changePassword" {
        let (Some(old), Some(new)) = (text(body, "oldPassword"), text(body, "newPassword")) else {
            return refuse(400, "Required field missing");
        };
        let Some(a) = c
            .accounts
            .iter_mut()
            .find(|a| a.email.eq_ignore_ascii_case(&token.email) && a.role == AccountRole::User)
        else {
            return refuse(500, "It is currently not possible to change the password");
        };
        if a.password != old || new.is_empty() {
            return refuse(500, "It is currently not possible to change the password");
        }
        a.password = new;
        return Ok(json!({ "message": "OK" }));
    }
    if op == "sync" {
        let id = c
            .start_sync(Some(&ws), now)
            .map_err(|(s, m)| (s, m.to_string()))?;
        return Ok(json!({ "message": "Sync started", "syncId": id }));
    }
    let Some(u) = c.users.get_mut(&ws) else {
        return refuse(404, "User not found");
    };
    match op {
        "setConsent" => {
            let Some(consent) = flag(body, "consent") else {
                return refuse(400, "Required field missing");
            };
            if u.consent == consent {
                return refuse(500, "Value already set");
            }
            u.consent = consent;
            if !consent {
                u.picture = None;
            }
            Ok(json!({ "message": "OK" }))
        }
        "setLicensePlate" => {
            let Some(plate) = text(body, "licensePlate").filter(|p| !p.is_empty()) else {
                return refuse(400, "Required field missing");
            };
            if !u.self_service {
                return refuse(403, "No permission");
            }
            u.license_plate = plate;
            Ok(json!({ "message": "OK" }))
        }
        "setCardPin" => {
            let Some(pin) = text(body, "PIN").filter(|p| !p.is_empty()) else {
                return refuse(400, "Required field missing");
            };
            if !u.self_service {
                return refuse(403, "No permission");
            }
            u.pin = pin;
            Ok(json!({ "message": "OK" }))
        }
        "getPicture" => match &u.picture {
            Some((ext, data)) => Ok(json!({ "picture": data, "extension": ext })),
            None => refuse(404, "Picture not found"),
        },
        "setPicture" => {
            let Some(action) = text(body, "action") else {
                return refuse(500, "No action selected");
            };
            if !u.consent {
                return refuse(403, "User did not give GDPR consent");
            }
            if !u.self_service {
                return refuse(403, "No permission");
            }
            match action.as_str() {
                "delete" => {
                    u.picture = None;
                    Ok(json!({ "message": "OK" }))
                }
                "set" => {
                    let (Some(data), Some(ext)) = (text(body, "picture"), text(body, "extension"))
                    else {
                        return refuse(400, "Required field missing");
                    };
                    if !["jpg", "jpeg", "png"].contains(&ext.to_ascii_lowercase().as_str()) {
                        return refuse(500, "Picture extension not supported");
                    }
                    u.picture = Some((ext, data));
                    Ok(json!({ "message": "OK" }))
                }
                _ => refuse(500, "No action selected"),
            }
        }
        "sendSupportMail" => {
            let (Some(email), Some(message)) = (text(body, "email"), text(body, "message")) else {
                return refuse(400, "Required field missing");
            };
            if access_core::model::EmailAddress::new(email).is_err() {
                return refuse(400, "Invalid email");
            }
            if message.trim().is_empty() {
                return refuse(400, "Required field missing");
            }
            Ok(json!({ "message": "Support request sent" }))
        }
        _ => refuse(404, "Not found"),
    }
}
