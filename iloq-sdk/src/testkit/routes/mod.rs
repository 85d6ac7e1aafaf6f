//! The simulator's router: every route of the crate's endpoints in the order
//! of the iLOQ sheet (`shared/api/iloq.md` §2), iLOQ's error body, and the
//! pool and session checks.
//!
//! Routes are relative to the pool: the route key of a request is its method
//! and the path from `/api/v2/` on (whatever pool prefix is in front of it), so
//! a fault aimed at `GET /api/v2/Persons/{id}` hits that endpoint on any pool.
//! The guard then checks the prefix (the current pool, unless `Url/GetUrl`
//! answers empty), the `SessionId` header and the selected lock group.
//! A path with a doubled slash or without `/api/v2/` routes nowhere (the
//! router's "no route": iLOQ's 404, listed in `unrouted()`).

mod auth;
mod blacklists;
mod calendars;
pub(crate) mod control;
mod key_phones;
mod key_tags;
mod keys;
mod lock_logs;
mod locks;
mod network_modules;
mod person_roles;
mod persons;
mod security_accesses;
mod security_roles;
mod time_limits;
mod webhooks;

use std::fmt::Display;
use std::sync::{Mutex, MutexGuard, OnceLock};

use access_core::clock::Clock;
use access_core::testkit::{Request, Router, SimAnswer, SimClock, SimError, SimRequest, SimResult};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::state::{State, parse_utc};

/// The context every route runs on: the state, the state it was seeded with
/// (for `reset`), the clock, and the service address (for `Url/GetUrl`).
#[derive(Debug)]
pub(crate) struct Ctx {
    state: Mutex<State>,
    seeded: State,
    clock: SimClock,
    login: Login,
    base: OnceLock<String>,
}

/// The API user `CreateSession` accepts.
#[derive(Debug, Clone)]
pub(crate) struct Login {
    /// The service code (`CustomerCode`).
    pub customer_code: String,
    /// `UserName`.
    pub user_name: String,
    /// `Password`.
    pub password: String,
}

impl Ctx {
    /// A context over the seeded `state`, accepting `login`.
    pub(crate) fn new(state: State, clock: SimClock, login: Login) -> Self {
        Self {
            seeded: state.clone(),
            state: Mutex::new(state),
            clock,
            login,
            base: OnceLock::new(),
        }
    }

    /// The state, locked.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets the service address once the server listens.
    pub(crate) fn set_base(&self, uri: String) {
        let _ = self.base.set(uri);
    }

    /// Puts the seeded state back.
    pub(crate) fn reset(&self) {
        *self.lock() = self.seeded.clone();
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// Every route, in the order of the iLOQ sheet (§2.1 to §2.8), one line each.
#[rustfmt::skip]
pub(crate) fn router() -> Router<Ctx> {
    Router::new(error_body)
        .case_insensitive()
        .key(pool_key)
        .guard(session_guard)
        // 2.1 Auth, URL, locking system
        .public("POST", "api/v2/Url/GetUrl", auth::get_url)
        .public("POST", "api/v2/CreateSession", auth::create_session)
        .route("GET", "api/v2/LockGroups", auth::lock_groups)
        .route("POST", "api/v2/SetLockgroup", auth::set_lockgroup)
        .route("GET", "api/v2/KillSession", auth::kill_session)
        .public("GET", "api/v2/Test", auth::test)
        .public("GET", "api/v2/Version", auth::version)
        .route("GET", "api/v2/LockGroups/ConnectionSettings", auth::connection_settings)
        .route("POST", "api/v2/LockGroups/GenerateAccessToken", auth::generate_access_token)
        // 2.2 Persons
        .route("GET", "api/v2/Persons", persons::list)
        .route("GET", "api/v2/Persons/{id}", persons::get)
        .route("GET", "api/v2/Persons/GetByExternalPersonIds", persons::by_external_ids)
        .route("POST", "api/v2/Persons", persons::insert)
        .route("PUT", "api/v2/Persons", persons::update)
        .route("GET", "api/v2/Persons/{id}/CanDelete", persons::can_delete)
        .route("DELETE", "api/v2/Persons/{id}", persons::delete)
        .route("GET", "api/v2/Persons/{id}/Keys", persons::keys)
        .route("GET", "api/v2/Persons/{id}/PersonRoles", persons::roles)
        .route("GET", "api/v2/Persons/{id}/NortecActivationCode", persons::nortec_code)
        // 2.3 Keys
        .route("GET", "api/v2/Keys", keys::list)
        .route("GET", "api/v2/Keys/{id}", keys::get)
        .route("GET", "api/v2/Keys/GetByRomIds", keys::by_rom_ids)
        .route("POST", "api/v2/Keys", keys::insert)
        .route("PUT", "api/v2/Keys", keys::update)
        .route("GET", "api/v2/Keys/{id}/CanDelete", keys::can_delete)
        .route("DELETE", "api/v2/Keys/{id}", keys::delete)
        .route("GET", "api/v2/Keys/{id}/CanOrder", keys::can_order)
        .route("POST", "api/v2/Keys/{id}/Order", keys::order)
        .route("GET", "api/v2/Keys/{id}/CanReturn", keys::can_return)
        .route("POST", "api/v2/Keys/{id}/Return", keys::return_key)
        .route("GET", "api/v2/Keys/{id}/Zones", keys::zones)
        .route("GET", "api/v2/Keys/{id}/CanUpdateMainZone", keys::can_update_main_zone)
        .route("PUT", "api/v2/Keys/{id}/UpdateMainZone", keys::update_main_zone)
        .route("GET", "api/v2/Keys/{id}/LocationReporting", keys::location_reporting)
        .route("PUT", "api/v2/Keys/{id}/LocationReporting", keys::set_location_reporting)
        // 2.9 Key tags, person roles, security roles ("code access groups")
        .route("GET", "api/v2/KeyTags", key_tags::list)
        .route("GET", "api/v2/KeyTags/{id}", key_tags::get)
        .route("GET", "api/v2/Keys/{id}/KeyTags", key_tags::of_key)
        .route("POST", "api/v2/KeyTags", key_tags::insert)
        .route("PUT", "api/v2/KeyTags", key_tags::update)
        .route("DELETE", "api/v2/KeyTags/{id}", key_tags::delete)
        .route("GET", "api/v2/PersonRoles", person_roles::list)
        .route("GET", "api/v2/PersonRoles/{id}", person_roles::get)
        .route("GET", "api/v2/PersonRoles/{id}/SecurityAccesses", person_roles::security_accesses)
        .route("GET", "api/v2/SecurityRoles", security_roles::list)
        .route("GET", "api/v2/SecurityRoles/{id}", security_roles::get)
        .route("POST", "api/v2/SecurityRoles", security_roles::insert)
        .route("PUT", "api/v2/SecurityRoles", security_roles::update)
        .route("GET", "api/v2/SecurityRoles/{id}/CanDelete", security_roles::can_delete)
        .route("DELETE", "api/v2/SecurityRoles/{id}", security_roles::delete)
        // 2.4 Security accesses
        .route("GET", "api/v2/SecurityAccesses", security_accesses::list)
        .route("GET", "api/v2/Keys/{id}/SecurityAccesses", security_accesses::of_key)
        .route("GET", "api/v2/Locks/{id}/SecurityAccesses", security_accesses::of_lock)
        .route("GET", "api/v2/Keys/{id}/SecurityAccesses/CanAdd", security_accesses::can_add)
        .route("POST", "api/v2/Keys/{id}/SecurityAccesses", security_accesses::add)
        .route("GET", "api/v2/Keys/{id}/SecurityAccesses/{securityAccessId}/CanDelete", security_accesses::can_delete)
        .route("DELETE", "api/v2/Keys/{id}/SecurityAccesses/{securityAccessId}", security_accesses::delete)
        .route("PUT", "api/v2/Keys/{id}/SecurityAccesses", security_accesses::replace)
        .route("POST", "api/v2/SecurityAccesses", security_accesses::insert_access)
        .route("PUT", "api/v2/SecurityAccesses", security_accesses::update_access)
        .route("DELETE", "api/v2/SecurityAccesses/{id}", security_accesses::delete_access)
        // 2.5 Phone keys
        .route("GET", "api/v2/Keys/{id}/KeyPhone", key_phones::get)
        .route("PUT", "api/v2/KeyPhones", key_phones::update)
        .route("POST", "api/v2/KeyPhones/{id}/ReRegister", key_phones::re_register)
        // 2.6 Lock logs
        .route("POST", "api/v2/LockLogs", lock_logs::lock_logs)
        .route("POST", "api/v2/LockLogs/GetLockLogDataByTimestamp", lock_logs::by_timestamp)
        .route("POST", "api/v2/LockLogs/GetLockLogDataByGoingDates", lock_logs::by_going_dates)
        // 2.7 Locks, zones, real estates, time profiles, blocklist
        .route("GET", "api/v2/Locks", locks::list)
        .route("GET", "api/v2/Locks/{id}", locks::get)
        .route("GET", "api/v2/Locks/{id}/CanOrder", locks::can_order)
        .route("POST", "api/v2/Locks/{id}/Order", locks::order)
        .route("POST", "api/v2/Locks", locks::insert)
        .route("PUT", "api/v2/Locks", locks::update)
        .route("DELETE", "api/v2/Locks/{id}", locks::delete)
        .route("GET", "api/v2/Locks/{id}/Options", locks::options)
        .route("GET", "api/v2/Locks/{id}/TimeLimitTitles", locks::time_limits)
        .route("PUT", "api/v2/Locks/{id}/SecurityAccesses", locks::set_security_accesses)
        .route("GET", "api/v2/Zones", locks::zones)
        .route("GET", "api/v2/RealEstates", locks::real_estates)
        .route("GET", "api/v2/TimeLimitTitles", time_limits::titles)
        .route("GET", "api/v2/TimeLimitTitles/{id}", time_limits::title)
        .route("GET", "api/v2/Keys/{id}/TimeLimitTitles", time_limits::of_key)
        .route("POST", "api/v2/Keys/{id}/TimeLimitTitles/CanAdd", time_limits::can_add)
        .route("POST", "api/v2/Keys/{id}/TimeLimitTitles", time_limits::add)
        .route("DELETE", "api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}", time_limits::delete)
        .route("POST", "api/v2/TimeLimitTitles", time_limits::insert_title)
        .route("PUT", "api/v2/TimeLimitTitles", time_limits::update_title)
        .route("GET", "api/v2/TimeLimitTitles/{id}/CanDelete", time_limits::can_delete_title)
        .route("DELETE", "api/v2/TimeLimitTitles/{id}", time_limits::delete_title)
        .route("GET", "api/v2/TimeLimitTitles/{id}/TimeLimitData", time_limits::title_data)
        .route("GET", "api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}", time_limits::key_slot)
        .route("PUT", "api/v2/Keys/{id}/TimeLimitTitles/{timeLimitTitleId}", time_limits::update_key_slot)
        .route("GET", "api/v2/Keys/{id}/TimeLimitTitles/CanAdd", time_limits::can_add_obsolete)
        .route("GET", "api/v2/Blacklists", blacklists::list)
        .route("GET", "api/v2/Blacklists/CanAddKey/{fnkeyId}", blacklists::can_add_key)
        .route("POST", "api/v2/Blacklists/AddKey/{fnkeyId}", blacklists::add_key)
        .route("GET", "api/v2/Blacklists/CanRemoveKey/{fnkeyId}", blacklists::can_remove_key)
        .route("DELETE", "api/v2/Blacklists/RemoveKey/{fnkeyId}", blacklists::remove_key)
        .route("GET", "api/v2/Blacklists/CanOrderS40Blacklist", blacklists::can_order)
        .route("POST", "api/v2/Blacklists/OrderS40Blacklist", blacklists::order)
        // 2.8 Webhooks
        .route("GET", "api/v2/Webhooks/Events", webhooks::events)
        .route("GET", "api/v2/Webhooks/Subscriptions", webhooks::subscriptions)
        .route("GET", "api/v2/Webhooks/Subscriptions/{id}", webhooks::subscription)
        .route("POST", "api/v2/Webhooks/Subscriptions", webhooks::subscribe)
        .route("PUT", "api/v2/Webhooks/Subscriptions", webhooks::update)
        .route("DELETE", "api/v2/Webhooks/Subscriptions/{id}", webhooks::unsubscribe)
        // 2.9 Calendars and their links
        .route("GET", "api/v2/CalendarDataTitles", calendars::titles)
        .route("GET", "api/v2/CalendarDataTitles/{id}", calendars::title)
        .route("POST", "api/v2/CalendarDataTitles", calendars::insert_title)
        .route("PUT", "api/v2/CalendarDataTitles", calendars::update_title)
        .route("DELETE", "api/v2/CalendarDataTitles/{id}", calendars::delete_title)
        .route("GET", "api/v2/CalendarDataTitles/{id}/CalendarDatas", calendars::datas_of_title)
        .route("GET", "api/v2/CalendarDatas/{id}", calendars::data)
        .route("POST", "api/v2/CalendarDatas", calendars::insert_datas)
        .route("PUT", "api/v2/CalendarDatas", calendars::update_datas)
        .route("DELETE", "api/v2/CalendarDatas/{id}", calendars::delete_data)
        .route("GET", "api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks", calendars::role_links_of_data)
        .route("GET", "api/v2/SecurityRoles/{id}/CalendarDataSecurityRoleLinks", calendars::role_links_of_role)
        .route("POST", "api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks", calendars::insert_role_links)
        .route("PUT", "api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks", calendars::set_role_links)
        .route("POST", "api/v2/CalendarDatas/{id}/CalendarDataSecurityRoleLinks/Delete", calendars::delete_role_links)
        .route("GET", "api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks", calendars::relay_links_of_calendar)
        .route("GET", "api/v2/NetworkModuleDeviceRelays/{id}/CalendarNetworkModuleDeviceRelayLinks", calendars::relay_links_of_relay)
        .route("PUT", "api/v2/CalendarDataTitles/{id}/CalendarNetworkModuleDeviceRelayLinks", calendars::set_relay_links)
        // 2.9 Network modules, devices, relays
        .route("GET", "api/v2/NetworkModules", network_modules::modules)
        .route("GET", "api/v2/NetworkModules/{id}", network_modules::module)
        .route("GET", "api/v2/NetworkModules/{id}/NetworkModuleDevices", network_modules::devices_of_module)
        .route("GET", "api/v2/NetworkModules/{id}/NetworkModuleDeviceRelays", network_modules::relays_of_module)
        .route("GET", "api/v2/NetworkModuleDevices", network_modules::devices)
        .route("GET", "api/v2/NetworkModuleDevices/{id}", network_modules::device)
        .route("GET", "api/v2/NetworkModuleDevices/{id}/NetworkModuleDeviceRelays", network_modules::relays_of_device)
        .route("GET", "api/v2/NetworkModuleDeviceRelays/{id}", network_modules::relay)
        .route("GET", "api/v2/Webhooks/Subscriptions/PendingPayloads", webhooks::pending_payloads)
        .route("GET", "api/v2/Webhooks/Subscriptions/PendingEvents", webhooks::pending_events)
        .route("GET", "api/v2/Webhooks/Subscriptions/{id}/Payloads", webhooks::payloads)
        .route("GET", "api/v2/Webhooks/Subscriptions/{id}/PendingEvents", webhooks::pending_events_of)
}

// ---------------------------------------------------------------------------
// iLOQ's error body, the route key, the guard.
// ---------------------------------------------------------------------------

/// iLOQ's failure shape, `{"Code": "...", "Message": "..."}` **\[V\]** HEL, T4E.
/// A failure without a code of its own takes the code iLOQ uses at its status
/// (400 `ValidationFailed`, 401 `Unauthorized`; 403 `Forbidden` and 404
/// `NotFound` **\[I\]**); at any other status (an injected 5xx) the body is
/// ASP.NET's bare `{"Message": "..."}` **\[I\]**, which the SDK reads as a
/// message without a code.
fn error_body(e: &SimError) -> SimAnswer {
    let code = e.code.as_deref().or(match e.status {
        400 => Some("ValidationFailed"),
        401 => Some("Unauthorized"),
        403 => Some("Forbidden"),
        404 => Some("NotFound"),
        _ => None,
    });
    match code {
        Some(code) => {
            SimAnswer::json_status(e.status, &json!({ "Code": code, "Message": e.message }))
        }
        None => SimAnswer::json_status(e.status, &json!({ "Message": e.message })),
    }
}

/// The route key: the method and the path from `/api/v2/` on (the pool prefix
/// left out). A doubled slash or a path outside `/api/v2/` routes nowhere.
fn pool_key(r: &Request) -> Option<(String, String)> {
    let path = r.url.path();
    if path.contains("//") {
        return None;
    }
    let at = path.to_ascii_lowercase().find("/api/v2/")?;
    Some((
        r.method.as_str().to_ascii_uppercase(),
        path[at..].to_string(),
    ))
}

/// The pool segment in front of `/api/v2/` (lower-cased; empty on the service address).
fn pool_prefix(req: &SimRequest<'_>) -> String {
    let path = req.raw().url.path().to_ascii_lowercase();
    let at = path.find("/api/v2/").unwrap_or(0);
    path[..at].trim_matches('/').to_string()
}

/// The `SessionId` header (empty when missing).
fn session_id<'r>(req: &'r SimRequest<'_>) -> &'r str {
    req.header("sessionid").unwrap_or("")
}

/// Calls after `Url/GetUrl` must use the pool it answered: a pool the customer
/// was moved away from no longer knows any session (401), the service address
/// does not host the customer (404 **\[I\]**). When `GetUrl` answers `""` the
/// service address is the pool.
fn check_pool(st: &State, req: &SimRequest<'_>) -> Result<(), SimError> {
    if st.get_url_empty {
        return Ok(());
    }
    let prefix = pool_prefix(req);
    if prefix.eq_ignore_ascii_case(&st.pool) {
        Ok(())
    } else if prefix.starts_with("iloqwspool") {
        Err(invalid_session(session_id(req)))
    } else {
        Err(SimError::coded(
            404,
            "NotFound",
            "this server does not host the customer: resolve the URL with Url/GetUrl",
        ))
    }
}

/// The calls a session may make before `SetLockgroup`.
const BEFORE_LOCK_GROUP: [(&str, &str); 3] = [
    ("GET", "/api/v2/LockGroups"),
    ("POST", "/api/v2/SetLockgroup"),
    ("GET", "/api/v2/KillSession"),
];

/// The check before every call but `GetUrl`, `CreateSession`, `Test` and
/// `Version`: the pool, a live session (idle lifetime on the simulator clock;
/// HTTP 401 `Invalid session id: <id>` **\[V\]** HEL), and a selected lock group
/// (403 before `SetLockgroup` **\[I\]**).
fn session_guard(ctx: &Ctx, req: &SimRequest<'_>) -> Result<(), SimError> {
    let now = ctx.now();
    let mut guard = ctx.lock();
    let st = &mut *guard;
    check_pool(st, req)?;
    let sid = session_id(req);
    let ttl = chrono::Duration::from_std(st.session_ttl).unwrap_or_default();
    if let Some(n) = st.expire_after.as_mut() {
        if *n == 0 {
            st.sessions.clear();
            st.expire_after = None;
        } else {
            *n -= 1;
        }
    }
    let lock_group = match st.sessions.get_mut(sid) {
        Some(s) if now - s.last_used <= ttl => {
            s.last_used = now;
            s.lock_group
        }
        _ => {
            st.sessions.remove(sid);
            return Err(invalid_session(sid));
        }
    };
    let path = req.path().trim_end_matches('/');
    let before = BEFORE_LOCK_GROUP
        .iter()
        .any(|(m, p)| req.method().eq_ignore_ascii_case(m) && path.eq_ignore_ascii_case(p));
    if lock_group.is_none() && !before {
        return Err(SimError::coded(
            403,
            "Forbidden",
            "Lock group is not selected: call SetLockgroup first",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Answers, failures and request readers the routes share.
// ---------------------------------------------------------------------------

/// 200 with `body`.
fn ok(body: Value) -> SimResult {
    Ok(SimAnswer::json(&body))
}

/// A void answer (iLOQ's "empty response body").
fn void() -> SimResult {
    Ok(SimAnswer::empty(204))
}

/// HTTP 401 `Invalid session id: <id>` **\[V\]** HEL.
fn invalid_session(sid: &str) -> SimError {
    SimError::coded(401, "Unauthorized", format!("Invalid session id: {sid}"))
}

/// HTTP 400 `ValidationFailed` "Invalid value (v) for parameter p." **\[V\]** HEL:
/// iLOQ's answer to an unknown id or a bad value.
fn invalid(value: impl Display, param: &str) -> SimError {
    SimError::coded(
        400,
        "ValidationFailed",
        format!("Invalid value ({value}) for parameter {param}."),
    )
}

/// A write its `Can*` check would refuse: 400 `ValidationFailed` **\[I\]**.
fn refuse(message: &str) -> SimError {
    SimError::coded(400, "ValidationFailed", message)
}

/// The body as JSON (`null` when empty or not JSON: the routes then refuse
/// the missing fields by name).
fn body(req: &SimRequest<'_>) -> Value {
    req.json_value().unwrap_or(Value::Null)
}

/// The capture `name` as a GUID (an "Invalid value" for `name` otherwise).
fn capture(req: &SimRequest<'_>, name: &str) -> Result<Uuid, SimError> {
    let raw = req.text(name);
    Uuid::parse_str(raw).map_err(|_| invalid(raw, name))
}

/// The key in the capture `{id}`, which must exist.
fn key_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    Uuid::parse_str(req.text("id"))
        .ok()
        .filter(|id| st.keys.contains_key(id))
        .ok_or_else(|| invalid(req.text("id"), "id"))
}

/// Every value of the repeated query key `name` (`?romIds=a&romIds=b`).
fn query_all(req: &SimRequest<'_>, name: &str) -> Vec<String> {
    req.query_pairs()
        .into_iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v)
        .collect()
}

/// The GUID in `value[field]`.
fn uuid_field(value: &Value, field: &str) -> Option<Uuid> {
    value
        .get(field)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// The UTC time in `value[field]`.
fn utc_field(value: &Value, field: &str) -> Option<DateTime<Utc>> {
    value.get(field).and_then(Value::as_str).and_then(parse_utc)
}

/// The GUIDs in the array `value[field]` (none when it is missing).
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
