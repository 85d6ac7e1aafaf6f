//! Locks, zones and real estates (`crate::locks`).

use std::collections::{BTreeMap, BTreeSet};

use access_core::testkit::{SimError, SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{LOCK_TEXTS, SimLock, SimTitle, SimZone, State, text};
use super::{Ctx, body, capture, invalid, ok, uuid_field, uuid_list, void};

/// `GET Locks`.
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.locks.values().map(SimLock::to_json).collect(),
    ))
}

/// `GET Locks/{id}`.
pub(super) fn get(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = capture(req, "id")?;
    match ctx.lock().locks.get(&id) {
        Some(lock) => ok(lock.to_json()),
        None => Err(invalid(req.text("id"), "id")),
    }
}

/// `GET Locks/{id}/CanOrder` (`CanOrderLockResultType`): 0, every simulated
/// lock is S50-compatible.
pub(super) fn can_order(_: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(json!(0))
}

/// `POST Locks/{id}/Order`.
pub(super) fn order(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ctx.lock().lock_orders += 1;
    void()
}

/// `GET Zones`.
pub(super) fn zones(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.zones.iter().map(SimZone::to_json).collect(),
    ))
}

/// `GET RealEstates`: the root (the all-zero id) and one below it.
pub(super) fn real_estates(_: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(json!([
        {"RealEstate_ID": Uuid::nil(), "Name": "Root", "ParentRealEstate_ID": null},
        {"RealEstate_ID": Uuid::from_u128(0x51), "Name": "Head office", "ParentRealEstate_ID": Uuid::nil()}
    ]))
}

/// The lock in the capture `{id}`, which must exist.
fn lock_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    let id = capture(req, "id")?;
    if st.locks.contains_key(&id) {
        Ok(id)
    } else {
        Err(invalid(req.text("id"), "id"))
    }
}

/// The texts, type and zone of a `LockInsert` / `LockUpdate` onto `lock`.
fn apply_lock_fields(st: &State, lock: &mut SimLock, l: &Value) -> Result<(), SimError> {
    for t in LOCK_TEXTS {
        match text(l, t) {
            Some(v) => {
                lock.texts.insert(t, v);
            }
            None => {
                lock.texts.remove(t);
            }
        }
    }
    lock.name = text(l, "Description").unwrap_or_default();
    lock.locking_object = text(l, "LockingObject");
    lock.location_code = text(l, "LocationCode");
    lock.ext = l.get("Ext").and_then(Value::as_i64).unwrap_or(0);
    lock.default_program_station = uuid_field(l, "DefaultProgramStationFProgKey_ID");
    if let Some(t) = l.get("LockType").and_then(Value::as_i64) {
        if !(0..=5).contains(&t) {
            return Err(invalid(t, "LockType"));
        }
        lock.lock_type = t;
    }
    match l.get("Zone_ID") {
        None | Some(Value::Null) => {}
        Some(z) => match uuid_field(l, "Zone_ID").filter(|z| st.zones.iter().any(|k| k.id == *z)) {
            Some(z) => lock.zone = z,
            None => return Err(invalid(z, "Zone_ID")),
        },
    }
    if let Some(r) = uuid_field(l, "RealEstate_ID") {
        lock.real_estate = r;
    }
    Ok(())
}

/// The security access ids of `ids`, each of which must exist.
fn known_accesses(st: &State, ids: &[Uuid]) -> Result<(), SimError> {
    match ids.iter().find(|a| !st.accesses.contains_key(a)) {
        Some(a) => Err(invalid(a, "SecurityAccess_ID")),
        None => Ok(()),
    }
}

/// The time profile ids in `value[field]`, each of which must exist.
fn known_titles(st: &State, value: &Value, field: &str) -> Result<BTreeSet<Uuid>, SimError> {
    let ids: BTreeSet<Uuid> = uuid_list(value, field);
    match ids.iter().find(|t| !st.titles.contains_key(t)) {
        Some(t) => Err(invalid(t, field)),
        None => Ok(ids),
    }
}

/// `POST Locks` (`InsertLockParam`): the lock, its options, security accesses
/// (with relay masks) and time profiles; answers `Lock2`.
pub(super) fn insert(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let l = b.get("Lock").unwrap_or(&Value::Null);
    if !l.is_object() {
        return Err(invalid("null", "Lock"));
    }
    let mut st = ctx.lock();
    let id = uuid_field(l, "FLock_ID").unwrap_or_else(Uuid::new_v4);
    if st.locks.contains_key(&id) {
        return Err(invalid(id, "FLock_ID"));
    }
    let default_zone = st
        .zones
        .iter()
        .find(|z| z.zone_type == 2)
        .map_or(Uuid::nil(), |z| z.id);
    let mut lock = SimLock::new(id, default_zone, "", "", 0);
    lock.location_code = None;
    lock.physical_state = 0;
    lock.lock_type = 0;
    apply_lock_fields(&st, &mut lock, l)?;
    lock.serial = l.get("SerialNumber").and_then(Value::as_i64).unwrap_or(0);
    for (n, f) in ["HwVersion", "SwVersion", "MechVersion", "DataVersion"]
        .into_iter()
        .enumerate()
    {
        lock.versions[n] = l.get(f).and_then(Value::as_i64).unwrap_or(0);
    }
    lock.clock_installed = l
        .get("ClockInstalled")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    lock.clock_installed_utc = text(l, "ClockInstalledDateUtc");
    let mut accesses = BTreeMap::new();
    for a in b
        .get("SecurityAccesses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(sa) = uuid_field(a, "SecurityAccess_ID") else {
            return Err(invalid("null", "SecurityAccess_ID"));
        };
        accesses.insert(sa, a.get("RelayMask").and_then(Value::as_i64));
    }
    known_accesses(&st, &accesses.keys().copied().collect::<Vec<_>>())?;
    lock.accesses = accesses;
    lock.titles = known_titles(&st, &b, "TimeLimitTitleIds")?;
    lock.respects_all_time_limits = b
        .get("LockRespectsAllTimeLimits")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    lock.apply_options(b.get("LockOptions").unwrap_or(&Value::Null));
    let out = lock.to_lock2_json();
    st.locks.insert(id, lock);
    ok(out)
}

/// `PUT Locks` (`UpdateLockParam`): texts, type, state and zone replaced; a
/// `null` `RealEstate_ID` leaves it unchanged.
pub(super) fn update(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let l = b.get("Lock").unwrap_or(&Value::Null);
    let mut st = ctx.lock();
    let Some(id) = uuid_field(l, "FLock_ID").filter(|id| st.locks.contains_key(id)) else {
        return Err(invalid(
            l.get("FLock_ID").unwrap_or(&Value::Null),
            "FLock_ID",
        ));
    };
    let mut lock = st.locks[&id].clone();
    apply_lock_fields(&st, &mut lock, l)?;
    if let Some(state) = l.get("State").and_then(Value::as_i64) {
        if !(0..=3).contains(&state) {
            return Err(invalid(state, "State"));
        }
        lock.physical_state = state;
    }
    st.locks.insert(id, lock);
    void()
}

/// `DELETE Locks/{id}`: a lock with logs is kept for its history, out of use
/// (`PhysicalState` 2) **\[I\]**; any other is deleted.
pub(super) fn delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = lock_id(&st, req)?;
    if st.logs.iter().any(|g| g.lock == id) {
        if let Some(lock) = st.locks.get_mut(&id) {
            lock.physical_state = 2;
        }
    } else {
        st.locks.remove(&id);
    }
    void()
}

/// `GET Locks/{id}/Options` (`LLockOptionMaskParam`).
pub(super) fn options(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = lock_id(&st, req)?;
    ok(st.locks[&id].options_json())
}

/// `GET Locks/{id}/TimeLimitTitles?mode=1|2` (`GetLockTimeLimitsResult`): the
/// profiles it respects (all of them when it respects all); the simulated
/// locks are programmed as planned, so both modes answer the same.
pub(super) fn time_limits(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = lock_id(&st, req)?;
    let mode = req.query("mode").unwrap_or_default();
    if !matches!(mode.as_str(), "1" | "2") {
        return Err(invalid(mode, "mode"));
    }
    let lock = &st.locks[&id];
    let titles: Vec<Value> = st
        .titles
        .values()
        .filter(|t| lock.respects_all_time_limits || lock.titles.contains(&t.id))
        .map(SimTitle::to_json)
        .collect();
    ok(json!({ "TimeLimitTitles": titles, "OutsideUserZonesCount": 0 }))
}

/// `PUT Locks/{id}/SecurityAccesses` (`UpdateLockSecurityAccessesParam`): the
/// accesses replaced (kept ones keep their relay mask; `LockRelay` sets one);
/// time profiles replaced when given, or all when respected; options applied.
pub(super) fn set_security_accesses(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = lock_id(&st, req)?;
    let ids: Vec<Uuid> = uuid_list(&b, "SecurityAccessIds");
    known_accesses(&st, &ids)?;
    let titles = match b.get("TimeLimitTitleIds") {
        None | Some(Value::Null) => None,
        Some(_) => Some(known_titles(&st, &b, "TimeLimitTitleIds")?),
    };
    let relay = b.get("LockRelay").filter(|r| r.is_object());
    let relay = match relay {
        None => None,
        Some(r) => match uuid_field(r, "SecurityAccess_ID").filter(|sa| ids.contains(sa)) {
            Some(sa) => Some((sa, r.get("RelayMask").and_then(Value::as_i64))),
            None => return Err(invalid("LockRelay", "LockRelay.SecurityAccess_ID")),
        },
    };
    let Some(lock) = st.locks.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    lock.accesses = ids
        .iter()
        .map(|sa| (*sa, lock.accesses.get(sa).copied().flatten()))
        .collect();
    if let Some((sa, mask)) = relay {
        lock.accesses.insert(sa, mask);
    }
    let all = b
        .get("LockRespectsAllTimeLimits")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    lock.respects_all_time_limits = all;
    if let Some(titles) = titles {
        lock.titles = titles;
    }
    lock.apply_options(b.get("LockOptions").unwrap_or(&Value::Null));
    void()
}
