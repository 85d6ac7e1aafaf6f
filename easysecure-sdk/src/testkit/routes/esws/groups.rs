//! ESWS groups: `getGroups`.

use access_core::testkit::{SimRequest, SimResult};

use super::super::Sim;
use super::{Ret, answer};
use crate::testkit::state::KeyKind;

/// `getGroups(p_companyID, p_locationID)`: every group as getGroupsObject
/// `{GroupId, GroupName}`; a Branch company's of one location.
pub(in super::super) fn get_groups(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let location = x
            .call
            .num("p_locationID")
            .filter(|_| x.kind == KeyKind::Branches);
        Ret::List(
            "getGroupsObject",
            x.company
                .groups
                .iter()
                .filter(|g| location.is_none_or(|l| g.location_id == l))
                .map(|g| vec![("GroupId", g.id.to_string()), ("GroupName", g.name.clone())])
                .collect(),
        )
    })
}
