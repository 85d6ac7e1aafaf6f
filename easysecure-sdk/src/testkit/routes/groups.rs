//! Access groups (admin path): `getGroups`.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};

use super::Sim;
use super::body::text;

/// `POST /admins/getGroups`: `{locationId?}`; every group (of that location)
/// as `{GroupId, GroupName}`, both strings.
pub(super) fn get_groups(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, _| {
        let location = text(body, "locationId").and_then(|l| l.parse::<i64>().ok());
        Ok(Value::Array(
            c.groups
                .iter()
                .filter(|g| location.is_none_or(|l| g.location_id == l))
                .map(|g| json!({ "GroupId": g.id.to_string(), "GroupName": g.name }))
                .collect(),
        ))
    })
}
