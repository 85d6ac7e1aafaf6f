//! The audit trail (`crate::lock_logs`): `/LockLogs` with its 2000-row cap
//! and `TotalCount`, and the `GetLockLogData*` windows on arrival time
//! (`TimestampUtc`) or access time (`GoingDate`).

use std::collections::BTreeSet;

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{LOCK_LOGS_MAX_ROWS, SimLog, format_utc};
use super::{Ctx, body, invalid, ok, utc_field, uuid_list};

/// `POST LockLogs` (`GetLockLogsParam`): lock ids or key ids (at least one
/// list), the access-time window `[start, end)`, an optional `TypeMask`;
/// at most 2000 rows, oldest first, with the `TotalCount` of all matches.
pub(super) fn lock_logs(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let locks: BTreeSet<Uuid> = uuid_list(&b, "FLockIds");
    let keys: BTreeSet<Uuid> = uuid_list(&b, "FNKeyIds");
    if locks.is_empty() && keys.is_empty() {
        return Err(invalid("[]", "FLockIds"));
    }
    let (Some(start), Some(end)) = (
        utc_field(&b, "GoingStartDateUtc"),
        utc_field(&b, "GoingEndDateUtc"),
    ) else {
        return Err(invalid("null", "GoingStartDateUtc"));
    };
    let mask = b.get("TypeMask").and_then(Value::as_u64).map(|m| m as u32);
    let st = ctx.lock();
    let mut matching: Vec<&SimLog> = st
        .logs
        .iter()
        .filter(|g| locks.contains(&g.lock) || g.key.is_some_and(|k| keys.contains(&k)))
        .filter(|g| g.going >= start && g.going < end)
        .filter(|g| mask.is_none_or(|m| g.type_mask & m != 0))
        .collect();
    matching.sort_by_key(|g| (g.going, g.id));
    let total = matching.len();
    let rows: Vec<Value> = matching
        .into_iter()
        .take(LOCK_LOGS_MAX_ROWS)
        .map(|g| st.device_log_json(g))
        .collect();
    ok(json!({ "LockLogs": rows, "TotalCount": total }))
}

/// The `GetLockLogData*` answer for the window `[StartDateUtc, EndDateUtc)`
/// on arrival time or (`by_going`) on access time.
fn log_data(ctx: &Ctx, req: &SimRequest<'_>, by_going: bool) -> SimResult {
    let b = body(req);
    let (Some(start), Some(end)) = (utc_field(&b, "StartDateUtc"), utc_field(&b, "EndDateUtc"))
    else {
        return Err(invalid("null", "StartDateUtc"));
    };
    let st = ctx.lock();
    let logs: Vec<Value> = st
        .logs
        .iter()
        .filter(|g| {
            let t = if by_going { g.going } else { g.timestamp };
            t >= start && t < end
        })
        .map(|g| g.data_json(st.lock_group))
        .collect();
    ok(json!({
        "StartDateUtc": format_utc(&start), "EndDateUtc": format_utc(&end), "LockLogs": logs
    }))
}

/// `POST LockLogs/GetLockLogDataByTimestamp`: the window is on the arrival
/// time at the server.
pub(super) fn by_timestamp(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    log_data(ctx, req, false)
}

/// `POST LockLogs/GetLockLogDataByGoingDates`: the window is on the access time.
pub(super) fn by_going_dates(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    log_data(ctx, req, true)
}
