//! Phone keys (`crate::key_phones`): the number or address the invite goes
//! to, and re-sending it.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};

use super::super::state::text;
use super::{Ctx, body, invalid, key_id, ok, refuse, uuid_field, void};

/// `GET Keys/{id}/KeyPhone` (`KeyPhone`): phone keys only.
pub(super) fn get(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    let key = &st.keys[&id];
    if !key.is_phone() {
        return Err(invalid(id, "id"));
    }
    ok(json!({
        "FNKey_ID": id, "PhoneNo": key.phone, "Email": key.email,
        "OptionMask": key.phone_options, "RequestTypeMask": 0
    }))
}

/// `PUT KeyPhones` (`UpdateKeyPhoneParam`): `PhoneNo` is unique in the
/// locking system; only OptionMask bit 8 (UseEmail) can be written.
pub(super) fn update(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let Some(id) = uuid_field(&b, "FNKey_ID") else {
        return Err(invalid("null", "FNKey_ID"));
    };
    let phone = text(&b, "PhoneNo");
    let mut st = ctx.lock();
    if let Some(p) = &phone
        && st.phone_owner(p).is_some_and(|owner| owner != id)
    {
        return Err(invalid(p, "PhoneNo"));
    }
    if !st.keys.get(&id).is_some_and(|k| k.is_phone()) {
        return Err(invalid(id, "FNKey_ID"));
    }
    st.set_key_phone(id, phone);
    let Some(key) = st.keys.get_mut(&id) else {
        return Err(invalid(id, "FNKey_ID"));
    };
    key.email = text(&b, "Email");
    let opt = b.get("OptionMask").and_then(Value::as_u64).unwrap_or(0) as u32;
    key.phone_options = (key.phone_options & !8) | (opt & 8);
    void()
}

/// `POST KeyPhones/{id}/ReRegister`: sends the invite again (the key must
/// have been ordered) and waits for registration again.
pub(super) fn re_register(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = key_id(&st, req)?;
    let Some(key) = st.keys.get_mut(&id).filter(|k| k.is_phone()) else {
        return Err(invalid(id, "id"));
    };
    if key.prog == 0 {
        return Err(refuse("The phone key has not been ordered"));
    }
    key.phone_options |= 1;
    let invite = key.invite();
    st.invites.push(invite);
    void()
}
