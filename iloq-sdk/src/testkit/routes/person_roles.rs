//! Person roles (`crate::person_roles`): read only through the API; the
//! seeded roles link persons to security accesses as Manager would.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::Value;

use super::super::state::{SimAccess, SimPersonRole};
use super::{Ctx, capture, invalid, ok};

/// `GET PersonRoles`: every role.
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.person_roles
            .values()
            .map(SimPersonRole::to_json)
            .collect(),
    ))
}

/// `GET PersonRoles/{id}`: an unknown id is "Invalid value".
pub(super) fn get(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = capture(req, "id")?;
    match ctx.lock().person_roles.get(&id) {
        Some(r) => ok(r.to_json()),
        None => Err(invalid(req.text("id"), "id")),
    }
}

/// `GET PersonRoles/{id}/SecurityAccesses` (`SecurityAccess[]`): the accesses
/// the role grants.
pub(super) fn security_accesses(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = capture(req, "id")?;
    let st = ctx.lock();
    let Some(role) = st.person_roles.get(&id) else {
        return Err(invalid(req.text("id"), "id"));
    };
    ok(Value::Array(
        role.accesses
            .iter()
            .filter_map(|a| st.accesses.get(a))
            .map(SimAccess::to_json)
            .collect(),
    ))
}
