//! Time profiles and a key's time-limit slots (`crate::time_limits`).

use access_core::testkit::{SimError, SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{
    SimScheduler, SimSlot, SimTitle, SimTitleData, State, format_timespan, parse_timespan, text,
};
use super::{Ctx, body, capture, invalid, key_id, ok, refuse, uuid_field, void};

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

/// A `TimeLimitTitle` and its `TimeLimitData` as sent (POST and PUT): a name,
/// a known zone, at most 10 periods on some day, in 15-minute steps, start
/// before end.
fn read_title(st: &State, b: &Value) -> Result<SimTitle, SimError> {
    let t = b.get("TimeLimitTitle").unwrap_or(&Value::Null);
    if !t.is_object() {
        return Err(invalid("null", "TimeLimitTitle"));
    }
    let Some(id) = uuid_field(t, "TimeLimitTitle_ID") else {
        return Err(invalid("null", "TimeLimitTitle_ID"));
    };
    let name = text(t, "Name").unwrap_or_default();
    if name.trim().is_empty() {
        return Err(invalid("", "Name"));
    }
    let zone = uuid_field(t, "Zone_ID").filter(|z| st.zones.iter().any(|k| k.id == *z));
    let Some(zone) = zone else {
        return Err(invalid(t.get("Zone_ID").unwrap_or(&Value::Null), "Zone_ID"));
    };
    let data = b
        .get("TimeLimitData")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if data.len() > 10 {
        return Err(invalid(data.len(), "TimeLimitData"));
    }
    let step = 15 * 60 * 1000;
    let mut periods = Vec::new();
    for d in &data {
        let week_days = d.get("WeekDayMask").and_then(Value::as_i64).unwrap_or(0);
        let time = |f: &str| text(d, f).and_then(|s| parse_timespan(&s));
        let (Some(start_ms), Some(end_ms)) = (time("StartTime"), time("EndTime")) else {
            return Err(invalid("null", "StartTime"));
        };
        if !(1..=127).contains(&week_days) {
            return Err(invalid(week_days, "WeekDayMask"));
        }
        if start_ms % step != 0 || end_ms % step != 0 || start_ms >= end_ms || end_ms > 86_400_000 {
            return Err(invalid(format_timespan(start_ms), "StartTime"));
        }
        if uuid_field(d, "TimeLimitTitle_ID").is_some_and(|t| t != id) {
            return Err(invalid(id, "TimeLimitData.TimeLimitTitle_ID"));
        }
        periods.push(SimTitleData {
            id: uuid_field(d, "TimeLimitData_ID").unwrap_or_else(Uuid::new_v4),
            week_days,
            start_ms,
            end_ms,
        });
    }
    Ok(SimTitle {
        id,
        name,
        description: text(t, "Description"),
        zone,
        real_estate: uuid_field(t, "RealEstate_ID").unwrap_or_else(Uuid::nil),
        option_mask: t.get("OptionMask").and_then(Value::as_i64).unwrap_or(0),
        start: text(t, "StartDateLg"),
        end: text(t, "EndDateLg"),
        data: periods,
    })
}

/// `POST TimeLimitTitles` (`InsertTimeLimitTitlesParam`): a new id.
pub(super) fn insert_title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let title = read_title(&st, &b)?;
    if st.titles.contains_key(&title.id) {
        return Err(invalid(title.id, "TimeLimitTitle_ID"));
    }
    st.titles.insert(title.id, title);
    void()
}

/// `PUT TimeLimitTitles` (`UpdateTimeLimitTitlesParam`): the title and its
/// periods replaced.
pub(super) fn update_title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let title = read_title(&st, &b)?;
    if !st.titles.contains_key(&title.id) {
        return Err(invalid(title.id, "TimeLimitTitle_ID"));
    }
    st.titles.insert(title.id, title);
    void()
}

/// The time profile in the capture `{id}`, which must exist.
fn title_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    let id = capture(req, "id")?;
    if st.titles.contains_key(&id) {
        Ok(id)
    } else {
        Err(invalid(req.text("id"), "id"))
    }
}

/// `GET TimeLimitTitles/{id}/CanDelete`: 0 OK, 1 still used by a key's slot
/// or a lock **\[I\]** (iLOQ lists no values).
pub(super) fn can_delete_title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = title_id(&st, req)?;
    ok(json!(i64::from(st.title_in_use(id))))
}

/// `DELETE TimeLimitTitles/{id}`: refused while it is in use.
pub(super) fn delete_title(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = title_id(&st, req)?;
    if st.title_in_use(id) {
        return Err(refuse("The time limit title is in use"));
    }
    st.titles.remove(&id);
    void()
}

/// `GET TimeLimitTitles/{id}/TimeLimitData`.
pub(super) fn title_data(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = title_id(&st, req)?;
    ok(st.titles[&id].data_json())
}

/// `GET Keys/{id}/TimeLimitTitles/{timeLimitTitleId}` (`KeyTimeLimitSlot`):
/// the key's slot of that time profile.
pub(super) fn key_slot(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    let title = capture(req, "timeLimitTitleId")?;
    match st.keys[&id].slots.iter().find(|s| s.title == Some(title)) {
        Some(slot) => ok(slot.to_json()),
        None => Err(invalid(req.text("timeLimitTitleId"), "timeLimitTitleId")),
    }
}

/// `PUT Keys/{id}/TimeLimitTitles/{timeLimitTitleId}` (`UpdateKeyTimeLimitSlotParam`):
/// the key's slot of that time profile rewritten (it keeps the profile).
pub(super) fn update_key_slot(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let title = capture(req, "timeLimitTitleId")?;
    let slot = b.get("TimeLimitSlot").unwrap_or(&Value::Null);
    if !slot.is_object() {
        return Err(invalid("null", "TimeLimitSlot"));
    }
    if uuid_field(slot, "TimeLimitTitle_ID").is_some_and(|t| t != title) {
        return Err(invalid(title, "TimeLimitTitle_ID"));
    }
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    if key.can_add_slot(slot) != 0 {
        return Err(refuse("The time limit cannot be set"));
    }
    let Some(at) = key.slots.iter().position(|s| s.title == Some(title)) else {
        return Err(invalid(req.text("timeLimitTitleId"), "timeLimitTitleId"));
    };
    let mut new = SimSlot::from_json(slot);
    new.title = Some(title);
    key.slots[at] = new;
    key.touch();
    void()
}

/// `GET Keys/{id}/TimeLimitTitles/CanAdd` (obsolete): the POST's answer, the
/// slot read from the GET's body.
pub(super) fn can_add_obsolete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    can_add(ctx, req)
}
