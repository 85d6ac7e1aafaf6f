//! Keys (`crate::keys`): S5 keys, S50 fobs and phone keys, their `Can*`
//! rules, ordering, returning, zones and location reporting.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{SimKey, text};
use super::{Ctx, body, invalid, key_id, ok, query_all, refuse, uuid_field, uuid_list, void};

/// `GET Keys`: every key not deleted (`State` 3), no paging.
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.keys
            .values()
            .filter(|k| k.state != 3)
            .map(SimKey::to_json)
            .collect(),
    ))
}

/// `GET Keys/{id}`.
pub(super) fn get(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    ok(st.keys[&id].to_json())
}

/// `GET Keys/GetByRomIds?romIds=..&romIds=..`.
pub(super) fn by_rom_ids(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let roms = query_all(req, "romIds");
    let st = ctx.lock();
    ok(Value::Array(
        st.keys_by_rom_ids(&roms)
            .into_iter()
            .map(SimKey::to_json)
            .collect(),
    ))
}

/// `POST Keys` (`InsertKeyParam`) answers the `Key`; a phone key needs a
/// `Person_ID` (since v6.9.1.0). Fires `key_added`.
pub(super) fn insert(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let now = ctx.now();
    let b = body(req);
    let k = b.get("Key").cloned().unwrap_or(Value::Null);
    let key_type = k.get("KeyTypeMask").and_then(Value::as_u64).unwrap_or(0) as u32;
    let person = uuid_field(&k, "Person_ID");
    if key_type & 4 != 0 && person.is_none() {
        return Err(invalid("null", "Key.Person_ID"));
    }
    let mut st = ctx.lock();
    if let Some(p) = person
        && !st.persons.contains_key(&p)
    {
        return Err(invalid(p, "Key.Person_ID"));
    }
    let id = uuid_field(&k, "FNKey_ID")
        .filter(|u| !u.is_nil())
        .unwrap_or_else(Uuid::new_v4);
    let mut key = SimKey::new(
        id,
        key_type,
        &text(&k, "Description").unwrap_or_default(),
        "",
    );
    key.person = person;
    key.state = if person.is_some() { 1 } else { 0 };
    key.zones = uuid_list(&b, "ZoneIds");
    key.planned = uuid_list(&b, "SecurityAccessIds");
    if let Some(stamp) = text(&k, "Stamp") {
        key.stamp = stamp;
    }
    // `InsertKeyParam_Key` fields the key keeps as given.
    if let Some(tag) = text(&k, "TagKey") {
        key.tag_key = tag;
    }
    if let Some(info) = text(&k, "InfoText") {
        key.info_text = Some(info);
    }
    if let Some(expiry) = text(&k, "ExpireDate") {
        key.expire_date = Some(expiry);
    }
    let out = key.to_json();
    st.insert_key(key);
    st.emit(now, "key_added", out.clone());
    ok(out)
}

/// `PUT Keys` (`{"Key": {...}}`): the holder (refused for a handed-over key
/// when the locking system's handover option is off), description, stamp,
/// info text and expiry (HEL sets the expiry this way).
pub(super) fn update(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let Some(k) = b.get("Key") else {
        return Err(invalid("body", "Key"));
    };
    let Some(id) = uuid_field(k, "FNKey_ID") else {
        return Err(invalid("null", "Key.FNKey_ID"));
    };
    let mut st = ctx.lock();
    let handover = st.lock_group_options & 1 != 0;
    let Some(current) = st.keys.get(&id).map(|key| key.person) else {
        return Err(invalid(id, "Key.FNKey_ID"));
    };
    let person = uuid_field(k, "Person_ID");
    if current.is_some() && person.is_some() && current != person && !handover {
        return Err(refuse(
            "A handed-over key must be returned before it is attached to another person",
        ));
    }
    if current != person {
        st.set_key_person(id, person);
    }
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "Key.FNKey_ID"));
    };
    if current != person {
        key.state = if person.is_some() { 1 } else { 0 };
        key.touch();
    }
    if let Some(d) = text(k, "Description") {
        key.description = d;
    }
    if let Some(s) = text(k, "Stamp") {
        key.stamp = s;
    }
    // `UpdateKeyParam_Key`: a field that is present is set (`null` clears it).
    if k.get("InfoText").is_some() {
        key.info_text = text(k, "InfoText");
    }
    if k.get("ExpireDate").is_some() {
        key.expire_date = text(k, "ExpireDate");
    }
    void()
}

/// `GET Keys/{id}/CanDelete` (`CanDeleteKeyResult`).
pub(super) fn can_delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    ok(json!(st.keys[&id].can_delete()))
}

/// `DELETE Keys/{id}`: only a key never ordered, programmed or blocklisted.
pub(super) fn delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    if st.keys[&id].can_delete() != 0 {
        return Err(refuse("The key cannot be deleted"));
    }
    st.remove_key(id);
    void()
}

/// `GET Keys/{id}/CanOrder` (`CanOrderKeyResultType`).
pub(super) fn can_order(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    ok(json!(st.keys[&id].can_order()))
}

/// `POST Keys/{id}/Order`: the key becomes Ordered (a phone key "Sent": the
/// invite goes out and it waits for registration).
pub(super) fn order(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    if key.can_order() != 0 {
        return Err(refuse("The key cannot be ordered"));
    }
    key.prog = 1;
    key.ever_ordered = true;
    if key.is_phone() {
        key.phone_options |= 1;
        let invite = key.invite();
        st.invites.push(invite);
    }
    void()
}

/// `GET Keys/{id}/CanReturn` (`CanReturnKeyResultType`).
pub(super) fn can_return(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    ok(json!(st.keys[&id].can_return()))
}

/// `POST Keys/{id}/Return`: the key is returned (`State` 4), unlinked, and
/// loses its planned accesses.
pub(super) fn return_key(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    if st.keys[&id].can_return() != 0 {
        return Err(refuse("The key cannot be returned"));
    }
    st.set_key_person(id, None);
    if let Some(key) = st.keys.get_mut(&id) {
        key.state = 4;
        key.planned.clear();
    }
    void()
}

/// `GET Keys/{id}/Zones` (`GetZonesResult`).
pub(super) fn zones(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    let key = &st.keys[&id];
    ok(json!({ "MainZone": key.main_zone, "OutsideUserZoneCount": 0, "ZoneIds": key.zones }))
}

/// `GET Keys/{id}/CanUpdateMainZone`: 2 once the key was ordered.
pub(super) fn can_update_main_zone(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    ok(json!(if st.keys[&id].ever_ordered { 2 } else { 0 }))
}

/// `PUT Keys/{id}/UpdateMainZone` (`{"Zone_ID"}`).
pub(super) fn update_main_zone(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let zone = uuid_field(&body(req), "Zone_ID");
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    if key.ever_ordered {
        return Err(refuse(
            "The main zone cannot be changed after the key was ordered",
        ));
    }
    let Some(zone) = zone else {
        return Err(invalid("null", "Zone_ID"));
    };
    key.main_zone = Some(zone);
    if !key.zones.contains(&zone) {
        key.zones.push(zone);
    }
    void()
}

/// `GET Keys/{id}/LocationReporting`.
pub(super) fn location_reporting(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    ok(json!({ "LocationReportingInAuditTrail": st.keys[&id].location_reporting }))
}

/// `PUT Keys/{id}/LocationReporting`: phone keys only.
pub(super) fn set_location_reporting(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let on = body(req)
        .get("LocationReportingInAuditTrail")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "id"));
    };
    if !key.is_phone() {
        return Err(refuse("Location reporting is for phone keys"));
    }
    key.location_reporting = on;
    void()
}
