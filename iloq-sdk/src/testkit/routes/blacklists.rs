//! The S40 blocklist (`crate::blacklists`): S50 and 5 Series keys only.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::json;
use uuid::Uuid;

use super::super::state::SimKey;
use super::{Ctx, invalid, ok, refuse, void};

/// The key in the capture `{fnkeyId}`, if it parses.
fn fnkey(req: &SimRequest<'_>) -> Option<Uuid> {
    Uuid::parse_str(req.text("fnkeyId")).ok()
}

/// KeyTypeMask 2 (S50) or 256 (5 Series): keys the blocklist takes.
fn blocklistable(k: &SimKey) -> bool {
    k.key_type & (2 | 256) != 0
}

/// `GET Blacklists` (`GetS40BlacklistResult`).
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let items: Vec<_> = st
        .keys
        .values()
        .filter(|k| k.blocklisted)
        .map(|k| json!({ "FNKey_ID": k.id }))
        .collect();
    ok(json!({
        "BlacklistItems": items, "BlacklistPacket": null, "OutsideUserZoneKeyCount": 0
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
    void()
}
