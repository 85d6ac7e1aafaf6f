//! The simulator's router: every documented route on one line (in the order
//! of `shared/api/allthenticate.md`), the key check run before each, and the
//! error-body builder that renders every failure, injected faults included,
//! as Allthenticate's `{"error": "<message>"}` with the failure's status.

pub(crate) mod control;
mod groups;
pub(crate) mod guest_links;
mod resources;
mod smartcards;
mod users;

use std::sync::{Mutex, MutexGuard};

use access_core::clock::Clock;
use access_core::testkit::{Router, SimAnswer, SimClock, SimError, SimRequest};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::state::{Card, State};
use super::{SIM_API_KEY, SIM_LOW_ASSURANCE_KEY};

/// The route context: the organisation behind a lock, the state it was seeded
/// with (for `reset`) and the clock.
#[derive(Debug)]
pub(crate) struct SimApi {
    state: Mutex<State>,
    seed: State,
    clock: SimClock,
}

impl SimApi {
    /// A context over `seed`, on `clock`.
    pub(crate) fn new(seed: State, clock: SimClock) -> Self {
        Self {
            state: Mutex::new(seed.clone()),
            seed,
            clock,
        }
    }

    /// The state, after the locks due by now have happened.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.apply_due_locks(self.clock.now());
        s
    }

    /// The clock's time.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Back to the seeded state.
    pub(crate) fn restore(&self) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = self.seed.clone();
    }
}

/// Every route of the simulator.
pub(crate) fn router() -> Router<SimApi> {
    // Any other method on a documented path answers 405 [I].
    Router::new(error_body)
        .guard(api_key)
        .method_not_allowed("Method not allowed")
        .route("GET", "multipleusers", users::list)
        .route("POST", "invites", users::invite)
        .route("POST", "masslock", resources::mass_lock)
        .route("GET", "multipleresources", resources::list)
        .route("POST", "groups", groups::create)
        .route("PUT", "groups", groups::update)
        .route("PUT", "modifysmartcards", smartcards::modify)
        .route("POST", "magiclinkadmin", guest_links::create)
        .route("POST", "setlockstatus", resources::set_lock_status)
}

/// Allthenticate's failure shape: `{"error": "<message>"}` with a non-200
/// status **\[V\]** A2. The vendor has no error codes, so a code is not sent.
fn error_body(e: &SimError) -> SimAnswer {
    SimAnswer::json_status(e.status, &serde_json::json!({ "error": e.message }))
}

/// The key a request carries: `api_key` in the query or the JSON body, an
/// `X-API-Key` header or `Authorization: Bearer`. A body that is not JSON is a 400.
fn key_of(req: &SimRequest<'_>) -> Result<Option<String>, SimError> {
    if let Some(k) = req.query("api_key") {
        return Ok(Some(k));
    }
    if let Some(k) = req
        .json_value()?
        .get("api_key")
        .and_then(Value::as_str)
        .map(str::to_owned)
    {
        return Ok(Some(k));
    }
    if let Some(k) = req.header("x-api-key") {
        return Ok(Some(k.to_string()));
    }
    Ok(req
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned))
}

/// Whether the request's key has "assurance" (`/masslock` needs it); a 401 for
/// a missing or unknown key.
pub(crate) fn assurance(req: &SimRequest<'_>) -> Result<bool, SimError> {
    match key_of(req)?.as_deref() {
        Some(SIM_API_KEY) => Ok(true),
        Some(SIM_LOW_ASSURANCE_KEY) => Ok(false),
        _ => Err(SimError::new(401, "Invalid or missing API key")),
    }
}

/// The guard: every route needs a known key.
fn api_key(_: &SimApi, req: &SimRequest<'_>) -> Result<(), SimError> {
    assurance(req).map(|_| ())
}

/// The request's JSON body (`{}` when there is none).
pub(crate) fn body(req: &SimRequest<'_>) -> Result<Value, SimError> {
    match req.json_value()? {
        Value::Null => Ok(Value::Object(Default::default())),
        v => Ok(v),
    }
}

/// A 400 with `message`.
pub(crate) fn refused<T>(message: impl Into<String>) -> Result<T, SimError> {
    Err(SimError::bad_request(message))
}

/// A list of integer ids, read leniently (numbers or numeric strings; one id
/// alone as a list of one; absent or `null` as none).
pub(crate) fn ids(v: Option<&Value>, field: &str) -> Result<Vec<i64>, SimError> {
    fn one(v: &Value) -> Option<i64> {
        match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    let bad = || SimError::bad_request(format!("{field} must be a list of integer ids"));
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(|i| one(i).ok_or_else(bad)).collect(),
        Some(other) => one(other).map(|i| vec![i]).ok_or_else(bad),
    }
}

/// A boolean flag as clients send it: `true`, `"true"`, `1`.
pub(crate) fn flag(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => Some(s.eq_ignore_ascii_case("true")),
        Value::Number(n) => Some(n.as_i64() != Some(0)),
        _ => None,
    }
}

/// A list of `{number, label}` cards; the number is an integer string.
pub(crate) fn cards(v: &Value) -> Result<Vec<Card>, SimError> {
    let Value::Array(items) = v else {
        return refused("smartcards must be an array of {number, label}");
    };
    items
        .iter()
        .map(|c| {
            let number = c
                .get("number")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    SimError::bad_request("smartcard number must be an integer string")
                })?;
            let label = c.get("label").and_then(Value::as_str).map(str::to_owned);
            Ok(Card {
                number: number.to_string(),
                label,
            })
        })
        .collect()
}

/// A 400 when a card is held by someone other than `owner` (unless `allow`).
pub(crate) fn check_duplicates(
    s: &State,
    owner: Option<i64>,
    cards: &[Card],
    allow: bool,
) -> Result<(), SimError> {
    if allow {
        return Ok(());
    }
    match cards
        .iter()
        .find(|c| s.card_held_by_other(&c.number, owner))
    {
        Some(c) => refused(format!(
            "Smartcard {} is a duplicate: another member of the organization owns it",
            c.number
        )),
        None => Ok(()),
    }
}

/// Whether `email` looks like an address the vendor accepts: one `@`, a local
/// part, a dotted domain, no white space.
pub(crate) fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}
