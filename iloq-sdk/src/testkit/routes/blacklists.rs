//! The S40 blocklist (`crate::blacklists`): S50 and 5 Series keys only.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::json;
use uuid::Uuid;

use super::super::state::{SimKey, format_utc};
use super::{Ctx, invalid, ok, refuse, void};

/// The key in the capture `{fnkeyId}`, if it parses.
fn fnkey(req: &SimRequest<'_>) -> Option<Uuid> {
    Uuid::parse_str(req.text("fnkeyId")).ok()
}

/// KeyTypeMask 2 (S50) or 256 (5 Series): keys the blocklist takes.
fn blocklistable(k: &SimKey) -> bool {
    k.key_type & (2 | 256) != 0
}

/// `GET Blacklists` (`GetS40BlacklistResult`): every blocklisted key as a
/// `BlackList` item, and the packet last ordered (none before the first order).
/// `ChangeType` 1 for an added key **\[I\]** (the reference lists no values).
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let items: Vec<_> = st
        .keys
        .values()
        .filter(|k| k.blocklisted)
        .map(|k| {
            let holder = k
                .person
                .and_then(|p| st.persons.get(&p))
                .map(|p| p.full_name());
            json!({
                "BlackListDateUtc": k.blocklisted_at.as_ref().map(format_utc),
                "BlacklistVersion": null, "ChangeType": 1, "FNKey_ID": k.id,
                "FNKeyBlacklistPacketLink_ID": Uuid::from_u128(k.id.as_u128() ^ 0xb1),
                "KeyStamp": k.stamp, "KeyTypeMask": k.key_type, "Name": k.description,
                "PersonName": holder,
            })
        })
        .collect();
    let packet = (st.blocklist_orders > 0).then(|| {
        json!({
            "BlacklistPacket_ID": Uuid::from_u128(0xb1ac_0000 + u128::from(st.blocklist_orders)),
            "HardDataVersion": st.blocklist_orders, "SoftDataVersion": st.blocklist_orders, "State": 0,
        })
    });
    ok(json!({
        "BlacklistItems": items, "BlacklistPacket": packet, "OutsideUserZoneKeyCount": 0
    }))
}

/// `GET Blacklists/CanAddKey/{fnkeyId}`: a **bool**.
pub(super) fn can_add_key(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let can = fnkey(req)
        .and_then(|id| st.keys.get(&id))
        .is_some_and(|k| !k.blocklisted && blocklistable(k));
    ok(json!(can))
}

/// `POST Blacklists/AddKey/{fnkeyId}`: fires `key_blocklisted`; the blocklist
/// then waits to be ordered.
pub(super) fn add_key(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let now = ctx.now();
    let mut st = ctx.lock();
    let Some(key) = fnkey(req).and_then(|id| st.keys.get_mut(&id)) else {
        return Err(invalid(req.text("fnkeyId"), "fnkeyId"));
    };
    if key.blocklisted || !blocklistable(key) {
        return Err(refuse("The key cannot be added to the block list"));
    }
    key.blocklisted = true;
    key.blocklisted_at = Some(now);
    let data = key.to_json();
    st.blocklist_pending = true;
    st.emit(now, "key_blocklisted", data);
    void()
}

/// `GET Blacklists/CanRemoveKey/{fnkeyId}`: a **bool**.
pub(super) fn can_remove_key(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let can = fnkey(req)
        .and_then(|id| st.keys.get(&id))
        .is_some_and(|k| k.blocklisted);
    ok(json!(can))
}

/// `DELETE Blacklists/RemoveKey/{fnkeyId}`.
pub(super) fn remove_key(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let Some(key) = fnkey(req)
        .and_then(|id| st.keys.get_mut(&id))
        .filter(|k| k.blocklisted)
    else {
        return Err(invalid(req.text("fnkeyId"), "fnkeyId"));
    };
    key.blocklisted = false;
    key.blocklisted_at = None;
    st.blocklist_pending = true;
    void()
}

/// `GET Blacklists/CanOrderS40Blacklist`: 0 OK, 2 no changes.
pub(super) fn can_order(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(json!(if ctx.lock().blocklist_pending { 0 } else { 2 }))
}

/// `POST Blacklists/OrderS40Blacklist`.
pub(super) fn order(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    if !st.blocklist_pending {
        return Err(refuse("No block list changes to order"));
    }
    st.blocklist_pending = false;
    st.blocklist_orders += 1;
    void()
}
