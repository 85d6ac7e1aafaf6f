//! Security accesses ("access rights", `crate::security_accesses`): only
//! Type 3 (API access) can be changed through the API **\[V\]** ENK.

use std::collections::BTreeSet;

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{SimAccess, SimScheduler, SimSlot, State};
use super::{Ctx, body, capture, invalid, key_id, ok, refuse, uuid_field, uuid_list, void};

const API_ONLY: &str = "Only API access rights can be changed through the API";

/// The accesses with these ids, in the locking system's order.
fn accesses_json(st: &State, ids: &BTreeSet<Uuid>) -> Vec<Value> {
    st.accesses
        .values()
        .filter(|a| ids.contains(&a.id))
        .map(SimAccess::to_json)
        .collect()
}

/// `GET SecurityAccesses`: the whole locking system.
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.accesses.values().map(SimAccess::to_json).collect(),
    ))
}

/// `GET Keys/{id}/SecurityAccesses?mode=`: `mode` is required, 1 planned,
/// 2 last programmed (`GetKeySecurityAccessesResult`).
pub(super) fn of_key(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    let key = &st.keys[&id];
    let mode = req.query("mode").unwrap_or_default();
    let ids = match mode.as_str() {
        "1" => &key.planned,
        "2" => &key.programmed,
        other => return Err(invalid(other, "mode")),
    };
    ok(json!({ "SecurityAccesses": accesses_json(&st, ids), "OutsideUserZonesCount": 0 }))
}

/// `GET Locks/{id}/SecurityAccesses` (`GetLockSecurityAccessesResult`): every
/// lock opens with every access in the simulated system.
pub(super) fn of_lock(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let all: Vec<Value> = st.accesses.values().map(SimAccess::to_json).collect();
    ok(json!({ "SecurityAccesses": all, "OutsideUserZonesCount": 0 }))
}

/// `GET Keys/{id}/SecurityAccesses/CanAdd`: 1 OK, 2 blocklisted, 3 full (10).
pub(super) fn can_add(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    let key = &st.keys[&id];
    ok(json!(if key.blocklisted {
        2
    } else if key.planned.len() >= 10 {
        3
    } else {
        1
    }))
}

/// `POST Keys/{id}/SecurityAccesses` (`{"SecurityAccess_ID"}`): adds one.
pub(super) fn add(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let Some(sa) = uuid_field(&b, "SecurityAccess_ID") else {
        return Err(invalid("null", "SecurityAccess_ID"));
    };
    match st.access_type(sa) {
        None => return Err(invalid(sa, "SecurityAccess_ID")),
        Some(3) => {}
        Some(_) => return Err(refuse(API_ONLY)),
    }
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    if key.blocklisted || key.planned.len() >= 10 {
        return Err(refuse("The access cannot be added"));
    }
    if key.planned.insert(sa) {
        key.touch();
    }
    void()
}

/// `GET Keys/{id}/SecurityAccesses/{securityAccessId}/CanDelete`: 1 OK,
/// 2 blocklisted, 3 the link does not exist.
pub(super) fn can_delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    let sa = capture(req, "securityAccessId")?;
    let key = &st.keys[&id];
    ok(json!(if key.blocklisted {
        2
    } else if !key.planned.contains(&sa) {
        3
    } else {
        1
    }))
}

/// `DELETE Keys/{id}/SecurityAccesses/{securityAccessId}`.
pub(super) fn delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let sa = capture(req, "securityAccessId")?;
    if st.access_type(sa) != Some(3) {
        return Err(refuse(API_ONLY));
    }
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    if !key.planned.remove(&sa) {
        return Err(invalid(sa, "securityAccessId"));
    }
    key.touch();
    void()
}

/// `PUT Keys/{id}/SecurityAccesses` (`UpdateKeySecurityAccessesParam`):
/// **replaces** the planned accesses, the time-limit slots, the key scheduler
/// and the offline expiry (whatever the body leaves out is deleted); every
/// access added or removed must be an API access. The slots outside the user's
/// zones are kept ("aren't overridden") when the body names them, and deleted
/// with the rest when it does not.
pub(super) fn replace(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let ids: BTreeSet<Uuid> = uuid_list(&b, "SecurityAccessIds");
    let current = st.keys[&id].planned.clone();
    if current
        .symmetric_difference(&ids)
        .any(|sa| st.access_type(*sa) != Some(3))
    {
        return Err(refuse(API_ONLY));
    }
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    key.planned = ids;
    key.slots = b
        .get("TimeLimitSlots")
        .and_then(Value::as_array)
        .map(|slots| slots.iter().map(SimSlot::from_json).collect())
        .unwrap_or_default();
    key.offline_expiration = b
        .get("OfflineExpirationSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    key.scheduler = b.get("KeyScheduler").and_then(SimScheduler::from_json);
    let named: BTreeSet<i64> = b
        .get("OutsideUserZoneTimeLimitTitleSlots")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    key.outside_slots = key
        .outside_slots
        .take()
        .map(|slots| {
            slots
                .into_iter()
                .filter(|s| named.contains(s))
                .collect::<Vec<_>>()
        })
        .filter(|slots| !slots.is_empty());
    key.touch();
    void()
}
