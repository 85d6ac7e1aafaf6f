//! `POST /masslock`, `GET /multipleresources` (**\[V\]** A2) and
//! `POST /setlockstatus` (**\[seed\]**): the SDK's `resources` module.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::{Value, json};

use super::{SimApi, assurance, body, flag, refused};
use crate::testkit::state::{GroupKind, ResourceKind};

/// `lock_state`: `true` locks **\[seed\]**.
fn lock_state(b: &Value) -> Result<bool, SimError> {
    match b.get("lock_state") {
        Some(Value::Bool(v)) => Ok(*v),
        _ => refused("lock_state is required (true = locked)"),
    }
}

/// The unlock time when the request gives none: 5 s **\[I\]** (not documented).
const DEFAULT_UNLOCK_SECS: i64 = 5;

/// `/masslock`'s `unlock_time`: 5 to 60 s, "out-of-range values are corrected
/// automatically" **\[V\]** A2: corrected to the nearest end of the range **\[I\]**;
/// never refused. A value that is not a number is ignored (the default applies).
fn mass_unlock_secs(b: &Value) -> i64 {
    b.get("unlock_time")
        .and_then(Value::as_i64)
        .unwrap_or(DEFAULT_UNLOCK_SECS)
        .clamp(5, 60)
}

/// `/setlockstatus`'s `unlock_time`: an "Int ... in seconds" with no documented
/// range **\[seed\]**: any positive integer is used as given; zero, a negative
/// number or a non-integer is refused with a 400 **\[I\]**.
fn set_unlock_secs(b: &Value) -> Result<i64, SimError> {
    match b.get("unlock_time") {
        None | Some(Value::Null) => Ok(DEFAULT_UNLOCK_SECS),
        Some(v) => match v.as_i64() {
            Some(secs) if secs > 0 => Ok(secs),
            _ => refused("unlock_time must be a positive number of seconds"),
        },
    }
}

/// `POST /masslock {lock_state, group_id?, unlock_time?, force_lock?,
/// lock_wait?}`: every online door (of one door group) at once; needs a key
/// with assurance (403 otherwise). `unlock_time` outside 5..=60 s is corrected,
/// not refused **\[V\]** A2. Locking skips doors already locked unless
/// `force_lock`; `lock_wait` delays the lock by that many seconds.
pub(super) fn mass_lock(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    if !assurance(req)? {
        return Err(SimError::new(403, "Requires assurance"));
    }
    let b = body(req)?;
    let locked = lock_state(&b)?;
    let secs = mass_unlock_secs(&b);
    let wait = b
        .get("lock_wait")
        .and_then(Value::as_i64)
        .unwrap_or(0)
        .max(0);
    let force = flag(b.get("force_lock")).unwrap_or(false);
    let now = api.now();
    let mut s = api.state();
    let targets = match b.get("group_id") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let id = v.as_i64().unwrap_or(-1);
            match s.group(id) {
                Some(g) if g.kind == GroupKind::Resources => Some(g.members.clone()),
                Some(_) => return refused(format!("Group {id} is not a door group")),
                None => return Err(SimError::not_found(format!("Group {id} not found"))),
            }
        }
    };
    let mut changed = 0;
    for r in s.resources_mut().filter(|r| {
        r.kind == ResourceKind::Door
            && r.online
            && targets.as_ref().is_none_or(|t| t.contains(&r.resource_id))
    }) {
        if locked && r.locked && !force {
            continue;
        }
        r.commands += 1;
        changed += 1;
        if locked && wait > 0 {
            r.pending_lock_at = Some(now + chrono::Duration::seconds(wait));
        } else {
            r.locked = locked;
            r.pending_lock_at = (!locked).then(|| now + chrono::Duration::seconds(secs));
        }
    }
    let verb = if locked { "Locked" } else { "Unlocked" };
    Ok(SimAnswer::json(
        &json!({"success": format!("{verb} {changed} doors")}),
    ))
}

/// `GET /multipleresources[?type=DOOR|COMPUTER]`: the resources as one bare
/// array, each with its groups, its policies (the magic links that cover it)
/// and its lock and online status.
pub(super) fn list(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let filter = match req.query("type").as_deref() {
        None => None,
        Some(t) => match ResourceKind::parse(t) {
            Some(k) => Some(k),
            None => return refused(format!("Unknown type {t}")),
        },
    };
    let s = api.state();
    let list: Vec<Value> = s
        .resources()
        .filter(|r| filter.is_none_or(|t| t == r.kind))
        .map(|r| {
            let groups: Vec<Value> = s
                .group_names_of(GroupKind::Resources, r.resource_id)
                .into_iter()
                .map(|g| json!([g]))
                .collect();
            let policies: Vec<Value> = s
                .policy_names_of(r.resource_id)
                .into_iter()
                .map(|p| json!([p]))
                .collect();
            json!({
                "groups": groups,
                "name": r.name,
                "org_id": 7,
                "policies": policies,
                "public_key": "-----BEGIN CERTIFICATE-----\nMIIBsimulated\n-----END CERTIFICATE-----\n",
                "resource_id": r.resource_id,
                "resource_status_id": 1000 + r.resource_id,
                "resource_subtype": null,
                "resource_type": r.kind.wire(),
                "resource_info": {"model": "sim"},
                "resource_status": {
                    "lock_status": if r.locked { "LOCKED" } else { "UNLOCKED" },
                    "online_status": if r.online { "ONLINE" } else { "OFFLINE" },
                },
                "seen": "2021-12-05 10:08:05",
                "status": "ACTIVE",
                "unique_id": r.resource_id,
                "updated": "2021-12-01 09:00:00",
                "uuid": r.uuid,
            })
        })
        .collect();
    Ok(SimAnswer::json(&list))
}

/// `POST /setlockstatus {uuid, lock_state, unlock_time?}`: locks or unlocks
/// one resource; an unlock relocks after `unlock_time` seconds (any positive
/// integer, no range **\[seed\]**; 5 s when absent **\[I\]**) on the clock; an
/// offline resource refuses with a 400 naming it offline.
pub(super) fn set_lock_status(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let b = body(req)?;
    let Some(uuid) = b.get("uuid").and_then(Value::as_str) else {
        return refused("uuid is required");
    };
    let locked = lock_state(&b)?;
    let secs = set_unlock_secs(&b)?;
    let now = api.now();
    // A time too long for the clock is refused rather than wrapped **[I]**.
    let Some(relock_at) =
        chrono::Duration::try_seconds(secs).and_then(|d| now.checked_add_signed(d))
    else {
        return refused("unlock_time is too long");
    };
    let mut s = api.state();
    let Some(r) = s.resource_by_uuid_mut(uuid) else {
        return Err(SimError::not_found(format!("Resource {uuid} not found")));
    };
    if !r.online {
        return refused(format!("{} is offline", r.name));
    }
    r.commands += 1;
    r.locked = locked;
    r.pending_lock_at = (!locked).then_some(relock_at);
    let message = if locked {
        format!("{} locked", r.name)
    } else {
        format!("{} unlocked for {secs} seconds", r.name)
    };
    Ok(SimAnswer::json(&json!({ "success": message })))
}
