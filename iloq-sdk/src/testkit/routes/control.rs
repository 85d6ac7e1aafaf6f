//! The simulator's knobs in the control API (`/_sim/...`, beside the shared
//! clock, fault, reset and state routes of `access_core::testkit::control`):
//! what happens outside the API, at the doors, in the S50 app and at the
//! webhook listener. Ids are GUIDs as the API writes them.
//!
//! | knob | body | answer |
//! |---|---|---|
//! | `POST /_sim/keys/{id}/program` | | `{"key", "programmed", "ProgrammingState"}`: the key was presented to the programmer (an Ordered key becomes Programmed, 3); 404 for an unknown key |
//! | `POST /_sim/keys/{id}/register-phone` | | `{"key", "registered", "ProgrammingState"}`: the S50 app registered the ordered phone key; 404 for an unknown key |
//! | `POST /_sim/locks/{id}/access` | `{"key": "<guid>" \| null, "granted": true, "at": "2026-03-02T10:00:00Z"}` (`granted` default `true`, `at` the access time, default now) | `{"id"}`: the new lock log (`DeviceLog_ID`), arriving now; fires `device_log_arrived`; 404 for an unknown lock or key |
//! | `POST /_sim/sessions/expire` | | `{"expired": n}`: every session ends (the next call gets 401 "Invalid session id") |
//! | `GET /_sim/invites` | | `[{"key", "channel", "address"}]`: the phone-key invites sent, oldest first |
//! | `GET /_sim/webhook-deliveries` | | `[{"subscription_id", "event_name", "counter", "signature", "sign_key", "body"}]`, oldest first (`body` the exact text signed) |
//! | `PUT /_sim/webhook-listener` | `{"down": true}` | `{"down"}`: while down, deliveries fail (payload state 3) |
//! | `GET /_sim/seed` | | the seeded ids and credentials (below) |
//!
//! `GET /_sim/seed` answers `{"customer_code", "user_name", "password",
//! "pool", "lock_group", "default_zone", "office_zone", "api_access",
//! "api_access_2", "standard_access", "s5_keys": [...], "fobs": [...],
//! "programmed_key", "locks": [...], "persons": [...], "time_limit_title",
//! "network_module", "network_module_devices": [...],
//! "network_module_device_relays": [...], "calendar", "calendar_entry",
//! "person_roles": [...], "security_roles": [...]}` (what
//! [`IloqSim::seed`](crate::testkit::IloqSim::seed) holds, `pool` being the
//! pool `Url/GetUrl` answers now).
//!
//! Reset (`POST /_sim/reset`) puts the seeded state back (no sessions, logs,
//! invites or deliveries). The state (`GET`/`PUT /_sim/state`) is the whole
//! simulated customer, **sessions included** (a restored dump keeps clients
//! logged in); the lookup indexes are left out of the dump and rebuilt when
//! it is loaded.

use access_core::testkit::control::Control;
use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::Ctx;
use crate::testkit::Seed;
use crate::testkit::state::{SimDelivery, SimInvite, SimLog};

/// The simulator's part of the control API.
pub(crate) fn control() -> Control<Ctx> {
    Control::new()
        .knob("POST", "keys/{id}/program", program)
        .knob("POST", "keys/{id}/register-phone", register)
        .knob("POST", "locks/{id}/access", access)
        .knob("POST", "sessions/expire", expire)
        .knob("GET", "invites", list_invites)
        .knob("GET", "webhook-deliveries", list_deliveries)
        .knob("PUT", "webhook-listener", listener)
        .knob("GET", "seed", seed)
        .reset(Ctx::reset)
        .state_of(Ctx::lock)
}

// --- the knobs' logic, which the facade calls too ---------------------------

/// The key was presented to a wall reader or the programming token: an
/// Ordered key (or one waiting for its phone registration) becomes
/// Programmed, its programmed accesses now the planned ones. Answers whether
/// anything was programmed.
pub(crate) fn program_key(ctx: &Ctx, key: Uuid) -> bool {
    let mut st = ctx.lock();
    let Some(k) = st.keys.get_mut(&key) else {
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

/// The S50 app registered the phone key (it becomes Programmed). Answers
/// whether it did (a phone key that was ordered).
pub(crate) fn register_phone(ctx: &Ctx, key: Uuid) -> bool {
    let phone = ctx.lock().keys.get(&key).is_some_and(|k| k.is_phone());
    phone && program_key(ctx, key)
}

/// A key (or none) was used at `lock` at `going`; the entry arrives now and
/// fires `device_log_arrived`. Answers the log's id.
pub(crate) fn record_access(
    ctx: &Ctx,
    lock: Uuid,
    key: Option<Uuid>,
    going: DateTime<Utc>,
    granted: bool,
) -> Uuid {
    let now = ctx.now();
    let id = Uuid::new_v4();
    let log = SimLog {
        id,
        lock,
        key,
        type_mask: if granted { 2052 } else { 2049 },
        going,
        timestamp: now,
    };
    let mut st = ctx.lock();
    let data = log.data_json(st.lock_group);
    st.logs.push(log);
    st.emit(now, "device_log_arrived", data);
    id
}

/// Ends every session; answers how many there were.
pub(crate) fn expire_sessions(ctx: &Ctx) -> usize {
    let mut st = ctx.lock();
    let n = st.sessions.len();
    st.sessions.clear();
    n
}

/// The phone-key invites sent so far, oldest first.
pub(crate) fn invites(ctx: &Ctx) -> Vec<SimInvite> {
    ctx.lock().invites.clone()
}

/// The webhook deliveries made so far, oldest first.
pub(crate) fn deliveries(ctx: &Ctx) -> Vec<SimDelivery> {
    ctx.lock().deliveries.clone()
}

/// Takes the webhook listener down or brings it back.
pub(crate) fn set_webhook_listener_down(ctx: &Ctx, down: bool) {
    ctx.lock().webhook_listener_down = down;
}

// --- the knobs ----------------------------------------------------------------

/// The key in the capture `{id}`, which must exist (404 otherwise).
fn known_key(ctx: &Ctx, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    let id: Uuid = req.param("id")?;
    if ctx.lock().keys.contains_key(&id) {
        Ok(id)
    } else {
        Err(SimError::not_found(format!("no key {id}")))
    }
}

fn program(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let key = known_key(ctx, req)?;
    let programmed = program_key(ctx, key);
    let state = ctx.lock().keys.get(&key).map(|k| k.prog);
    Ok(SimAnswer::json(
        &json!({ "key": key, "programmed": programmed, "ProgrammingState": state }),
    ))
}

fn register(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let key = known_key(ctx, req)?;
    let registered = register_phone(ctx, key);
    let state = ctx.lock().keys.get(&key).map(|k| k.prog);
    Ok(SimAnswer::json(
        &json!({ "key": key, "registered": registered, "ProgrammingState": state }),
    ))
}

fn granted_default() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Access {
    key: Option<Uuid>,
    #[serde(default = "granted_default")]
    granted: bool,
    at: Option<DateTime<Utc>>,
}

fn access(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let lock: Uuid = req.param("id")?;
    let body: Access = req.json()?;
    {
        let st = ctx.lock();
        if !st.locks.contains_key(&lock) {
            return Err(SimError::not_found(format!("no lock {lock}")));
        }
        if let Some(key) = body.key
            && !st.keys.contains_key(&key)
        {
            return Err(SimError::not_found(format!("no key {key}")));
        }
    }
    let going = body.at.unwrap_or_else(|| ctx.now());
    let id = record_access(ctx, lock, body.key, going, body.granted);
    Ok(SimAnswer::json(&json!({ "id": id })))
}

fn expire(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json(&json!({ "expired": expire_sessions(ctx) })))
}

fn list_invites(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let list: Vec<Value> = invites(ctx)
        .iter()
        .map(|i| json!({ "key": i.key, "channel": i.channel.as_str(), "address": i.address }))
        .collect();
    Ok(SimAnswer::json(&list))
}

fn list_deliveries(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let list: Vec<Value> = deliveries(ctx)
        .iter()
        .map(|d| {
            json!({
                "subscription_id": d.subscription_id,
                "event_name": d.event_name,
                "counter": d.counter,
                "signature": d.signature,
                "sign_key": d.sign_key,
                "body": String::from_utf8_lossy(&d.body),
            })
        })
        .collect();
    Ok(SimAnswer::json(&list))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Listener {
    down: bool,
}

fn listener(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let body: Listener = req.json()?;
    set_webhook_listener_down(ctx, body.down);
    Ok(SimAnswer::json(&json!({ "down": body.down })))
}

fn seed(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let pool = ctx.lock().pool.clone();
    Ok(SimAnswer::json(&seed_json(&Seed::new(), &pool)))
}

/// The seed as `GET /_sim/seed` answers it.
pub(crate) fn seed_json(s: &Seed, pool: &str) -> Value {
    fn ids<T: Copy>(v: &[T], uuid: fn(T) -> Uuid) -> Vec<Uuid> {
        v.iter().map(|i| uuid(*i)).collect()
    }
    json!({
        "customer_code": s.customer_code,
        "user_name": s.user_name,
        "password": s.password,
        "pool": pool,
        "lock_group": s.lock_group.as_uuid(),
        "default_zone": s.default_zone.as_uuid(),
        "office_zone": s.office_zone.as_uuid(),
        "api_access": s.api_access.as_uuid(),
        "api_access_2": s.api_access_2.as_uuid(),
        "standard_access": s.standard_access.as_uuid(),
        "s5_keys": ids(&s.s5_keys, |k| k.as_uuid()),
        "fobs": ids(&s.fobs, |k| k.as_uuid()),
        "programmed_key": s.programmed_key.as_uuid(),
        "locks": ids(&s.locks, |l| l.as_uuid()),
        "persons": ids(&s.persons, |p| p.as_uuid()),
        "time_limit_title": s.time_limit_title.as_uuid(),
        "network_module": s.network_module.as_uuid(),
        "network_module_devices": ids(&s.network_module_devices, |d| d.as_uuid()),
        "network_module_device_relays": ids(&s.network_module_device_relays, |r| r.as_uuid()),
        "calendar": s.calendar.as_uuid(),
        "calendar_entry": s.calendar_entry.as_uuid(),
        "person_roles": ids(&s.person_roles, |r| r.as_uuid()),
        "security_roles": ids(&s.security_roles, |r| r.as_uuid()),
    })
}
