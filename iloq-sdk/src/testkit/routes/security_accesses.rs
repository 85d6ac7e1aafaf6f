//! Security accesses ("access rights", `crate::security_accesses`): only
//! Type 3 (API access) can be changed through the API **\[V\]** ENK.

use std::collections::BTreeSet;

use access_core::testkit::{SimError, SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{SimAccess, SimScheduler, SimSlot, State, text};
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

/// `GET Locks/{id}/SecurityAccesses` (`GetLockSecurityAccessesResult`): the
/// lock's accesses (`PUT Locks/{id}/SecurityAccesses` sets them).
pub(super) fn of_lock(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = capture(req, "id")?;
    let Some(lock) = st.locks.get(&id) else {
        return Err(invalid(req.text("id"), "id"));
    };
    let ids: BTreeSet<Uuid> = lock.accesses.keys().copied().collect();
    ok(json!({ "SecurityAccesses": accesses_json(&st, &ids), "OutsideUserZonesCount": 0 }))
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

/// The writable fields of a `SecurityAccess` body (POST and PUT): a name,
/// flags 0 or 1, a known zone when one is named.
fn read_access(st: &State, a: &Value, id: Uuid) -> Result<SimAccess, SimError> {
    let name = text(a, "Name").unwrap_or_default();
    if name.trim().is_empty() {
        return Err(invalid("", "Name"));
    }
    let flag = |f: &str| -> Result<i64, SimError> {
        match a.get(f).and_then(Value::as_i64).unwrap_or(0) {
            v @ 0..=1 => Ok(v),
            v => Err(invalid(v, f)),
        }
    };
    let zone = match a.get("Zone_ID") {
        None | Some(Value::Null) => None,
        Some(z) => match uuid_field(a, "Zone_ID").filter(|z| st.zones.iter().any(|k| k.id == *z)) {
            Some(z) => Some(z),
            None => return Err(invalid(z, "Zone_ID")),
        },
    };
    Ok(SimAccess {
        id,
        name,
        access_type: a.get("Type").and_then(Value::as_i64).unwrap_or(1),
        zone,
        description: text(a, "Description"),
        real_estate: uuid_field(a, "RealEstate_ID").unwrap_or_else(Uuid::nil),
        access_mode: flag("AccessMode")?,
        default_access: flag("DefaultAccess")?,
        ext: flag("Ext")?,
        ext_description: text(a, "ExtDescription"),
        parent: None,
        version: None,
    })
}

/// `POST SecurityAccesses` (`InsertSecurityAccessParam`): Active only, Type 1
/// (Standard) or 3 (API access) only; answers `InsertSecurityAccessResult`.
pub(super) fn insert_access(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let a = b.get("SecurityAccess").unwrap_or(&Value::Null);
    if !a.is_object() {
        return Err(invalid("null", "SecurityAccess"));
    }
    let mut st = ctx.lock();
    let id = uuid_field(a, "SecurityAccess_ID").unwrap_or_else(Uuid::new_v4);
    if st.accesses.contains_key(&id) {
        return Err(invalid(id, "SecurityAccess_ID"));
    }
    let mut access = read_access(&st, a, id)?;
    if !matches!(access.access_type, 1 | 3) {
        return Err(refuse("Only standard access and API access can be added"));
    }
    if a.get("Status").and_then(Value::as_i64).unwrap_or(0) != 0 {
        return Err(refuse("Only active access rights can be created"));
    }
    access.parent = uuid_field(a, "ParentSecurityAccess_ID");
    if let Some(p) = access.parent
        && !st.accesses.contains_key(&p)
    {
        return Err(invalid(p, "ParentSecurityAccess_ID"));
    }
    access.version = a.get("VersionNr").and_then(Value::as_i64);
    let out = access.to_json();
    st.accesses.insert(id, access);
    ok(json!({ "SecurityAccess": out }))
}

/// `PUT SecurityAccesses` (`UpdateSecurityAccessParam`): `Type` is read-only
/// (a different one is refused); parent and version stay.
pub(super) fn update_access(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let a = b.get("SecurityAccess").unwrap_or(&Value::Null);
    if !a.is_object() {
        return Err(invalid("null", "SecurityAccess"));
    }
    let mut st = ctx.lock();
    let Some(old) = uuid_field(a, "SecurityAccess_ID").and_then(|id| st.accesses.get(&id)) else {
        return Err(invalid(
            a.get("SecurityAccess_ID").unwrap_or(&Value::Null),
            "SecurityAccess_ID",
        ));
    };
    let old = old.clone();
    let mut access = read_access(&st, a, old.id)?;
    if a.get("Type")
        .and_then(Value::as_i64)
        .unwrap_or(old.access_type)
        != old.access_type
    {
        return Err(refuse("Type is read only"));
    }
    access.access_type = old.access_type;
    access.parent = old.parent;
    access.version = old.version;
    st.accesses.insert(old.id, access);
    void()
}

/// `DELETE SecurityAccesses/{id}`: the access and its links to keys and
/// locks go (the keys and locks it left are back in planning) **\[I\]**.
pub(super) fn delete_access(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = capture(req, "id")?;
    if st.accesses.remove(&id).is_none() {
        return Err(invalid(req.text("id"), "id"));
    }
    for key in st.keys.values_mut() {
        if key.planned.remove(&id) {
            key.touch();
        }
    }
    st.unlink_access_from_locks(id);
    void()
}
