//! Security roles, "code access groups" (`crate::security_roles`): the
//! `OnlineAccessCode` is stored but answered empty, an empty code on update
//! keeps the old one, and a role linked to a person cannot be deleted.

use access_core::testkit::{SimError, SimRequest, SimResult};
use serde_json::Value;
use uuid::Uuid;

use super::super::state::{SimSecurityRole, State, text};
use super::{Ctx, body, capture, invalid, ok, refuse, uuid_field, void};

/// `GET SecurityRoles`.
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.security_roles
            .values()
            .map(SimSecurityRole::to_json)
            .collect(),
    ))
}

/// The role in the capture `{id}`, which must exist.
fn role_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    Uuid::parse_str(req.text("id"))
        .ok()
        .filter(|id| st.security_roles.contains_key(id))
        .ok_or_else(|| invalid(req.text("id"), "id"))
}

/// `GET SecurityRoles/{id}`: an unknown id is "Invalid value".
pub(super) fn get(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = role_id(&st, req)?;
    ok(st.security_roles[&id].to_json())
}

/// The writable fields of a `SecurityRole` body must name what exists: the
/// real estate (only the root here) and the zone, if given.
fn check_links(st: &State, b: &Value) -> Result<(), SimError> {
    let estate = text(b, "RealEstate_ID").unwrap_or_default();
    if Uuid::parse_str(&estate).ok() != Some(Uuid::nil()) {
        return Err(invalid(estate, "RealEstate_ID"));
    }
    if let Some(zone) = text(b, "Zone_ID")
        && !st
            .zones
            .iter()
            .any(|z| z.id.to_string() == zone.to_ascii_lowercase())
    {
        return Err(invalid(zone, "Zone_ID"));
    }
    Ok(())
}

/// `POST SecurityRoles` (a bare `SecurityRole`): answers the role as stored;
/// a nil or missing `SecurityRole_ID` gets a new one, a taken one is refused.
pub(super) fn insert(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    if !b.is_object() {
        return Err(invalid("body", "securityRole"));
    }
    let mut st = ctx.lock();
    check_links(&st, &b)?;
    let id = uuid_field(&b, "SecurityRole_ID")
        .filter(|u| !u.is_nil())
        .unwrap_or_else(Uuid::new_v4);
    if st.security_roles.contains_key(&id) {
        return Err(invalid(id, "SecurityRole_ID"));
    }
    let role = SimSecurityRole::from_json(id, &b);
    let answer = role.to_json();
    st.security_roles.insert(id, role);
    ok(answer)
}

/// `PUT SecurityRoles`: the role must exist; an empty `OnlineAccessCode` keeps
/// the previous code, and the person links (made in Manager) stay.
pub(super) fn update(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let Some(id) =
        uuid_field(&b, "SecurityRole_ID").filter(|id| st.security_roles.contains_key(id))
    else {
        return Err(invalid(
            text(&b, "SecurityRole_ID").unwrap_or_else(|| "null".into()),
            "SecurityRole_ID",
        ));
    };
    check_links(&st, &b)?;
    let old = st.security_roles[&id].clone();
    let mut role = SimSecurityRole::from_json(id, &b);
    if role.online_access_code.as_deref().unwrap_or("").is_empty() {
        role.online_access_code = old.online_access_code;
    }
    role.persons = old.persons;
    role.outside_calendar_data = old.outside_calendar_data;
    st.security_roles.insert(id, role);
    void()
}

/// `GET SecurityRoles/{id}/CanDelete`: 0 OK, 1 linked to a person, 2 linked
/// to calendar data outside the user's zones.
pub(super) fn can_delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = role_id(&st, req)?;
    ok(serde_json::json!(st.security_roles[&id].can_delete()))
}

/// `DELETE SecurityRoles/{id}`: refused while `CanDelete` is not 0.
pub(super) fn delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = capture(req, "id")?;
    let mut st = ctx.lock();
    let Some(role) = st.security_roles.get(&id) else {
        return Err(invalid(req.text("id"), "id"));
    };
    if role.can_delete() != 0 {
        return Err(refuse("The security role is linked to a person"));
    }
    st.security_roles.remove(&id);
    void()
}
