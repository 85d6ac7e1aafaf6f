//! Locks, zones and real estates (`crate::locks`).

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{SimLock, SimZone};
use super::{Ctx, capture, invalid, ok, void};

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
