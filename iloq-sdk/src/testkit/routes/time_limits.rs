//! Time profiles and a key's time-limit slots (`crate::time_limits`).

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};

use super::super::state::{SimScheduler, SimSlot, SimTitle};
use super::{Ctx, body, capture, invalid, key_id, ok, refuse, void};

/// `GET TimeLimitTitles`.
pub(super) fn titles(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.titles.values().map(SimTitle::to_json).collect(),
    ))
}

/// `GET TimeLimitTitles/{id}`.
pub(super) fn title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = capture(req, "id")?;
    match ctx.lock().titles.get(&id) {
        Some(t) => ok(t.to_json()),
        None => Err(invalid(req.text("id"), "id")),
    }
}

/// `GET Keys/{id}/TimeLimitTitles?mode=` (`GetTimeLimitsResult`).
pub(super) fn of_key(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    let key = &st.keys[&id];
    let slots: Vec<Value> = key.slots.iter().map(SimSlot::to_json).collect();
    ok(json!({
        "KeyScheduler": key.scheduler.as_ref().map(SimScheduler::to_json),
        "KeyTimeLimitSlots": slots,
        "OfflineExpirationSeconds": key.offline_expiration,
        "OutsideUserZoneTimeLimitTitleSlots": key.outside_slots,
    }))
}

/// `POST Keys/{id}/TimeLimitTitles/CanAdd` (`InsertKeyTimeLimitSlotParam`):
/// 0 OK, 7 a time not divisible by 15 minutes, 9 slot 2 without a time
/// profile, 14 an undocumented `SlotNo`, 15 blocklisted.
pub(super) fn can_add(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    let slot = b.get("TimeLimitSlot").unwrap_or(&Value::Null);
    ok(json!(st.keys[&id].can_add_slot(slot)))
}

/// `POST Keys/{id}/TimeLimitTitles`: the slot under `TimeLimitSlot`.
pub(super) fn add(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let slot = b.get("TimeLimitSlot").unwrap_or(&Value::Null);
    if !slot.is_object() {
        return Err(invalid("TimeLimitSlot", "TimeLimitSlot"));
    }
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    if key.can_add_slot(slot) != 0 {
        return Err(refuse("The time limit cannot be added"));
    }
    key.slots.push(SimSlot::from_json(slot));
    key.touch();
    void()
}

/// `DELETE Keys/{id}/TimeLimitTitles/{timeLimitTitleId}`: the key's slots of
/// that time profile.
pub(super) fn delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let title = capture(req, "timeLimitTitleId")?;
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    let before = key.slots.len();
    key.slots.retain(|s| s.title != Some(title));
    if key.slots.len() == before {
        return Err(invalid(req.text("timeLimitTitleId"), "timeLimitTitleId"));
    }
    key.touch();
    void()
}
