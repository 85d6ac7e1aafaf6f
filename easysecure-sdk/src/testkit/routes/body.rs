//! Reading REST request bodies and writing their answers, by hand from
//! `serde_json::Value` (never through the SDK's types): the role path, the
//! JSON body, texts, flags and dates as EasySecure accepts them.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

use super::Sim;
use crate::testkit::state::{AccountRole, Company, IdToken, SimState};

/// A route's failure: `status` and the documented `message` (the router adds
/// the path it failed on, which the body writes as `url`).
pub(super) fn refuse(status: u16, message: &str) -> SimError {
    SimError::new(status, message)
}

/// A state refusal `(status, message)` as a route failure.
pub(super) fn refused((status, message): (u16, &'static str)) -> SimError {
    refuse(status, message)
}

/// The role path of a request (`/admins/...` or `/users/...`).
pub(super) fn role(req: &SimRequest<'_>) -> Option<AccountRole> {
    match req.path().trim_start_matches('/').split('/').next() {
        Some("admins") => Some(AccountRole::Admin),
        Some("users") => Some(AccountRole::User),
        _ => None,
    }
}

/// The JSON body: `{}` when empty, a 400 "Required field missing" when it is
/// not JSON.
pub(super) fn json_body(req: &SimRequest<'_>) -> Result<Value, SimError> {
    if req.body().is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(req.body()).map_err(|_| refuse(400, "Required field missing"))
}

/// A field as text (numbers and booleans as EasySecure writes them).
pub(super) fn text(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.into()),
        _ => None,
    }
}

/// A flag: `true`/`false`, `1`/`0`, `"1"`/`"true"`.
pub(super) fn flag(body: &Value, key: &str) -> Option<bool> {
    match body.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_i64() == Some(1)),
        Value::String(s) => Some(s == "1" || s.eq_ignore_ascii_case("true")),
        _ => None,
    }
}

/// A date field in one of the forms EasySecure accepts (`yyyy-mm-dd hh:ii:ss`,
/// with fractions, a `T` or a `Z`; `yyyy-mm-dd hh:ii`; `yyyy-mm-dd`); empty or
/// `0000-00-00...` is none; `Err` for anything else.
pub(super) fn date(body: &Value, key: &str) -> Result<Option<NaiveDateTime>, ()> {
    let Some(raw) = text(body, key) else {
        return Ok(None);
    };
    let v = raw.trim();
    if v.is_empty() || v.starts_with("0000-00-00") {
        return Ok(None);
    }
    let v = v.strip_suffix('Z').unwrap_or(v).replacen('T', " ", 1);
    for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&v, fmt) {
            return Ok(Some(t));
        }
    }
    NaiveDate::parse_from_str(&v, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(Some)
        .ok_or(())
}

/// A time as EasySecure writes it: `yyyy-mm-dd hh:ii:ss`.
pub(super) fn time_text(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// An optional time as EasySecure writes it (`""` for none).
pub(super) fn opt_time(t: &Option<NaiveDateTime>) -> Value {
    Value::String(t.as_ref().map(time_text).unwrap_or_default())
}

/// `"1"` or `"0"`.
pub(super) fn flag_text(b: bool) -> Value {
    Value::String(if b { "1" } else { "0" }.into())
}

/// 200 with `value`.
pub(super) fn ok(value: Value) -> SimResult {
    Ok(SimAnswer::json(&value))
}

/// 200 with `{"message": message}`.
pub(super) fn message(message: &str) -> SimResult {
    ok(serde_json::json!({ "message": message }))
}

impl Sim {
    /// Runs `f` on the whole state with the request's JSON body (the public
    /// routes: logins, refreshes, password resets).
    pub(super) fn with_state(
        &self,
        req: &SimRequest<'_>,
        f: impl FnOnce(&mut SimState, AccountRole, &Value) -> Result<Value, SimError>,
    ) -> SimResult {
        let body = json_body(req)?;
        let role = role(req).ok_or_else(|| refuse(404, "Not found"))?;
        let mut st = self.lock();
        ok(f(&mut st, role, &body)?)
    }

    /// Runs `f` on the company of the request's session (checked again under
    /// the lock), with the session and the JSON body, at the simulator's time.
    pub(super) fn with_company(
        &self,
        req: &SimRequest<'_>,
        f: impl FnOnce(&mut Company, &IdToken, &Value, NaiveDateTime) -> Result<Value, SimError>,
    ) -> SimResult {
        let body = json_body(req)?;
        let now = self.now();
        let mut st = self.lock();
        let token = self.session(&st, req)?;
        let company = st
            .company_mut(&token.company)
            .ok_or_else(|| refuse(401, "Unauthorized"))?;
        ok(f(company, &token, &body, now)?)
    }
}
