//! `POST /groups` and `PUT /groups` (the SDK's `groups` module) **\[seed\]**.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::{Value, json};

use super::{SimApi, body, ids, refused};
use crate::testkit::state::{GroupKind, ResourceKind, State};

fn kind(b: &Value) -> Result<GroupKind, SimError> {
    b.get("type")
        .and_then(Value::as_str)
        .and_then(GroupKind::parse)
        .ok_or_else(|| SimError::bad_request("type must be users or resources"))
}

/// A 400 unless every id is a member (user groups) or a resource of the
/// group's resource type (resource groups).
fn check_members(
    s: &State,
    kind: GroupKind,
    rt: Option<ResourceKind>,
    ids: &[i64],
) -> Result<(), SimError> {
    for id in ids {
        let ok = match kind {
            GroupKind::Users => s.user(*id).is_some(),
            GroupKind::Resources => s
                .resource(*id)
                .is_some_and(|r| rt.is_none_or(|t| t == r.kind)),
        };
        if !ok {
            return refused(format!(
                "Id {id} is not a valid {} id for this group",
                kind.wire()
            ));
        }
    }
    Ok(())
}

/// `POST /groups {type, name, add_ids, resource_type?}`: a new group (409 when
/// the name is taken) answering `{success, group_id}`.
pub(super) fn create(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let b = body(req)?;
    let kind = kind(&b)?;
    let name = b
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string();
    if name.is_empty() {
        return refused("name is required");
    }
    if b.get("add_ids").is_none() {
        return refused("add_ids is required");
    }
    let add = ids(b.get("add_ids"), "add_ids")?;
    let rt = match b.get("resource_type") {
        None | Some(Value::Null) => None,
        Some(_) if kind == GroupKind::Users => {
            return refused("resource_type is only used for resource groups");
        }
        Some(v) => match v.as_str().and_then(ResourceKind::parse) {
            Some(t) => Some(t),
            None => return refused("resource_type must be COMPUTER or DOOR"),
        },
    };
    let mut s = api.state();
    if s.group_named(&name).is_some() {
        return Err(SimError::new(
            409,
            format!("A group named {name} already exists"),
        ));
    }
    check_members(&s, kind, rt, &add)?;
    let id = s.add_group(&name, kind, rt, add);
    Ok(SimAnswer::json(
        &json!({"success": "Group has been successfully created!", "group_id": id}),
    ))
}

/// `PUT /groups {type, group_id, add_ids?, del_ids?}`: changes the members of
/// a group of that type.
pub(super) fn update(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let b = body(req)?;
    let kind = kind(&b)?;
    let Some(id) = b.get("group_id").and_then(Value::as_i64) else {
        return refused("group_id is required");
    };
    let add = ids(b.get("add_ids"), "add_ids")?;
    let del = ids(b.get("del_ids"), "del_ids")?;
    let mut s = api.state();
    let Some(g) = s.group(id) else {
        return Err(SimError::not_found(format!("Group {id} not found")));
    };
    if g.kind != kind {
        return refused(format!("Group {id} is a {} group", g.kind.wire()));
    }
    let rt = g.resource_type;
    check_members(&s, kind, rt, &add)?;
    if let Some(g) = s.group_mut(id) {
        g.members.extend(add);
        for d in del {
            g.members.remove(&d);
        }
    }
    Ok(SimAnswer::json(
        &json!({"success": "Group has been successfully updated!"}),
    ))
}
