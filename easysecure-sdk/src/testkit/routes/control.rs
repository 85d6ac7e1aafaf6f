//! The simulators' knobs in the control API (`/_sim/...`, beside the shared
//! clock, fault, reset and state routes of `access_core::testkit::control`):
//! what happens outside the API, on the seeded company
//! ([`EasySecureSim::COMPANY`], the same name on both simulators). The REST
//! simulator (`easysecure`), the SOAP-only one (`easysecure-soap`) and a SOAP
//! server sharing a REST simulator's state all serve them.
//!
//! | knob | body | answer |
//! |---|---|---|
//! | `POST /_sim/badge` | `{"user": "EMP-001", "terminal": "AC-1001", "key": "IN"}` (`key` optional, empty at an access terminal) | `{"scanID", "success", "logText"}`: the log the terminal wrote |
//! | `POST /_sim/tokens/expire` | | `{"expired": n}`: every issued idToken is expired now |
//! | `GET /_sim/reset-token` | | `{"token": "…"}` (or `null`): the last password-reset token mailed |
//! | `PUT /_sim/users/{wsAltUserId}/self-service` | `{"allowed": true}` | `{"wsAltUserId", "allowed"}`; 404 for an unknown user |
//! | `PUT /_sim/ws-alt-label` | `{"present": false}` | `{"present"}`: removes (or restores) the company's wsAltUserId info label |
//! | `GET /_sim/seed` | | the seeded company, admin, app user, SOAP key and terminals (below) |
//!
//! `GET /_sim/seed` answers `{"company", "admin": {"email", "password"},
//! "app_user": {"email", "password", "wsAltUserId"} | null, "soap_key",
//! "terminals": [{"serial", "name", "location_id", "time_registration"}],
//! "companies": [...]}`, the last listing every seeded company (the SOAP-only
//! simulator's Branch company too) with its accounts, ESWS keys and terminals.
//!
//! Reset (`POST /_sim/reset`) restores the seed; the state (`GET`/`PUT
//! /_sim/state`) is the whole `SimState`, issued tokens included (a restored
//! dump keeps clients logged in).

use access_core::clock::Clock;
use access_core::testkit::control::Control;
use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Sim;
use crate::testkit::EasySecureSim;
use crate::testkit::state::{AccountRole, Company, SimState};

/// The simulators' part of the control API.
pub(crate) fn control() -> Control<Sim> {
    Control::new()
        .knob("POST", "badge", badge)
        .knob("POST", "tokens/expire", expire)
        .knob("GET", "reset-token", reset_token)
        .knob("PUT", "users/{wsAltUserId}/self-service", self_service)
        .knob("PUT", "ws-alt-label", ws_alt_label)
        .knob("GET", "seed", seed)
        .reset(Sim::restore_seed)
        .state_of(Sim::lock)
}

/// The seeded company, which every knob acts on.
const COMPANY: &str = EasySecureSim::COMPANY;

// --- the knobs' logic, which the facades call too ---------------------------

/// A user presents their credential at `terminal` now; the `scanID` of the
/// log, or `None` if the company is gone.
pub(crate) fn present(sim: &Sim, user: &str, terminal: &str, key: &str) -> Option<i64> {
    let now = sim.now();
    let mut st = sim.lock();
    let c = st.company_mut(COMPANY)?;
    Some(c.register(terminal, user, key, now, now))
}

/// Expires every issued idToken; answers how many there are.
pub(crate) fn expire_tokens(sim: &Sim) -> usize {
    let mut st = sim.lock();
    st.expire_all(sim.clock().now());
    st.id_tokens.len()
}

/// The last password-reset token mailed.
pub(crate) fn last_reset_token(sim: &Sim) -> Option<String> {
    sim.lock().reset_tokens.keys().max().cloned()
}

/// Lets (or forbids) `user` change their own plate, PIN and picture;
/// `false` when there is no such user.
pub(crate) fn set_self_service(sim: &Sim, user: &str, allowed: bool) -> bool {
    match sim
        .lock()
        .company_mut(COMPANY)
        .and_then(|c| c.user_mut(user))
    {
        Some(u) => {
            u.self_service = allowed;
            true
        }
        None => false,
    }
}

/// Removes (or restores) the company's wsAltUserId info label; `false` when
/// the company is gone.
pub(crate) fn set_ws_alt_label(sim: &Sim, present: bool) -> bool {
    match sim.lock().company_mut(COMPANY) {
        Some(c) => {
            c.has_ws_alt_label = present;
            true
        }
        None => false,
    }
}

/// The seed as `GET /_sim/seed` answers it.
pub(crate) fn seed_json(seed: &SimState) -> Value {
    let company = seed.company(COMPANY);
    let admin = company.and_then(|c| c.accounts.iter().find(|a| a.role == AccountRole::Admin));
    let app_user = company.and_then(|c| c.accounts.iter().find(|a| a.role == AccountRole::User));
    json!({
        "company": COMPANY,
        "admin": admin.map(|a| json!({ "email": a.email, "password": a.password })),
        "app_user": app_user.map(|a| json!({
            "email": a.email,
            "password": a.password,
            "wsAltUserId": a.ws_alt_user_id,
        })),
        "soap_key": soap_keys(seed, COMPANY).first().map(|k| k["key"].clone()),
        "terminals": company.map(terminals).unwrap_or_default(),
        "companies": seed.companies.values().map(|c| json!({
            "name": c.name,
            "accounts": c.accounts.iter().map(|a| json!({
                "email": a.email,
                "password": a.password,
                "role": a.role,
                "wsAltUserId": a.ws_alt_user_id,
            })).collect::<Vec<_>>(),
            "soap_keys": soap_keys(seed, &c.name),
            "terminals": terminals(c),
        })).collect::<Vec<_>>(),
    })
}

fn terminals(c: &Company) -> Vec<Value> {
    c.terminals
        .iter()
        .map(|t| {
            json!({
                "serial": t.serial,
                "name": t.name,
                "location_id": t.location_id,
                "time_registration": t.time_registration,
            })
        })
        .collect()
}

#[cfg(feature = "soap")]
fn soap_keys(seed: &SimState, company: &str) -> Vec<Value> {
    let mut keys: Vec<Value> = seed
        .esws
        .keys
        .iter()
        .filter(|(_, (c, _))| c == company)
        .map(|(key, (_, kind))| json!({ "key": key, "kind": kind }))
        .collect();
    keys.sort_by_key(|k| k["key"].as_str().map(str::to_string));
    keys
}

#[cfg(not(feature = "soap"))]
fn soap_keys(_: &SimState, _: &str) -> Vec<Value> {
    Vec::new()
}

// --- the knobs -------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Badge {
    user: String,
    terminal: String,
    #[serde(default)]
    key: String,
}

fn badge(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    let body: Badge = req.json()?;
    let scan_id = present(sim, &body.user, &body.terminal, &body.key)
        .ok_or_else(|| SimError::not_found(format!("no company {COMPANY}")))?;
    let st = sim.lock();
    let log = st
        .company(COMPANY)
        .and_then(|c| c.logs().iter().rev().find(|l| l.scan_id == scan_id));
    Ok(SimAnswer::json(&json!({
        "scanID": scan_id,
        "success": log.map(|l| l.success),
        "logText": log.map(|l| l.log_text.clone()),
    })))
}

fn expire(sim: &Sim, _: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json(&json!({ "expired": expire_tokens(sim) })))
}

fn reset_token(sim: &Sim, _: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json(&json!({ "token": last_reset_token(sim) })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SelfService {
    allowed: bool,
}

fn self_service(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    let user: String = req.param("wsAltUserId")?;
    let body: SelfService = req.json()?;
    if set_self_service(sim, &user, body.allowed) {
        Ok(SimAnswer::json(
            &json!({ "wsAltUserId": user, "allowed": body.allowed }),
        ))
    } else {
        Err(SimError::not_found(format!("no user {user} in {COMPANY}")))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    present: bool,
}

fn ws_alt_label(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    let body: Label = req.json()?;
    if set_ws_alt_label(sim, body.present) {
        Ok(SimAnswer::json(&json!({ "present": body.present })))
    } else {
        Err(SimError::not_found(format!("no company {COMPANY}")))
    }
}

fn seed(sim: &Sim, _: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json(&seed_json(sim.seed())))
}
