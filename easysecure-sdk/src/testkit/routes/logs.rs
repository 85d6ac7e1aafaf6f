//! Terminal logs (admin path): `getLogs`, `getLogsMinMaxIds`, `setLogs`.
//!
//! Logs carry increasing `scanID`s; a window of ids is a binary search over
//! the company's log, a window of times a scan of it.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};

use super::Sim;
use super::body::{date, flag, refuse, text, time_text};
use crate::testkit::state::SimLog;

/// A log as `getLogs` answers it (getLogsObject's names; `scanID`,
/// `LocationId` and `Success` numbers; `Terminal Name` with its space).
fn log_json(l: &SimLog) -> Value {
    json!({
        "scanID": l.scan_id,
        "Terminal": l.terminal,
        "TerminalKey": l.terminal_key,
        "UserID": l.user,
        "Time": time_text(&l.time),
        "LocationId": l.location_id,
        "LocationName": l.location_name,
        "Success": if l.success { 1 } else { 0 },
        "Terminal Name": l.terminal_name,
        "LogText": l.log_text,
    })
}

/// Whether `name` is one of `info1`…`info14`.
fn is_info_field(name: &str) -> bool {
    name.strip_prefix("info")
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| (1..=14).contains(&n))
}

/// `POST /admins/getLogs`: a window of times (`exportTimeFrom`/`To`, on the
/// event or on `filterOn: created`) or of ids (`exportIdFrom`/`To`), filtered
/// like ESWS getLogs by location, user (wsAltUserId or EasySecure id), info
/// field value and time-registration terminals. 400 "Incorrect filter" for
/// anything else.
pub(super) fn get_logs(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, _| {
        let bad = || refuse(400, "Incorrect filter");
        let from = date(body, "exportTimeFrom").map_err(|_| bad())?;
        let to = date(body, "exportTimeTo").map_err(|_| bad())?;
        let id = |key| {
            text(body, key)
                .map(|s| s.parse::<i64>().map_err(|_| bad()))
                .transpose()
        };
        let (id_from, id_to) = (id("exportIdFrom")?, id("exportIdTo")?);
        let info_filter = match text(body, "infoFieldName") {
            Some(name) if !is_info_field(&name) => return Err(bad()),
            Some(name) => Some((name, text(body, "infoFieldValue").unwrap_or_default())),
            None => None,
        };
        let by_created = text(body, "filterOn").as_deref() == Some("created");
        let tr_only = flag(body, "timeregistrationModules").unwrap_or(false);
        let location = text(body, "locationId").and_then(|l| l.parse::<i64>().ok());
        let user = text(body, "userId");
        let user_by_id = user
            .as_deref()
            .and_then(|u| u.parse::<u64>().ok())
            .and_then(|id| c.ws_of(id))
            .map(str::to_string);
        let window: Vec<&SimLog> = match (from, to, id_from, id_to) {
            (Some(a), Some(b), None, None) => c
                .logs()
                .iter()
                .filter(|l| {
                    let t = if by_created { l.created } else { l.time };
                    a <= t && t <= b
                })
                .collect(),
            (None, None, Some(a), Some(b)) => c.logs_between_ids(a, b).iter().collect(),
            _ => return Err(bad()),
        };
        let list = window
            .into_iter()
            .filter(|l| location.is_none_or(|loc| l.location_id == loc))
            .filter(|l| {
                user.as_ref()
                    .is_none_or(|u| *u == l.user || user_by_id.as_deref() == Some(l.user.as_str()))
            })
            .filter(|l| match &info_filter {
                Some((name, value)) => c
                    .user(&l.user)
                    .is_some_and(|u| u.info.get(name) == Some(value)),
                None => true,
            })
            .filter(|l| !tr_only || c.is_time_clock(&l.terminal))
            .map(log_json)
            .collect();
        Ok(Value::Array(list))
    })
}

/// `POST /admins/getLogsMinMaxIds`: the lowest and highest `scanID` of a
/// window of times (every log without one).
pub(super) fn get_logs_min_max_ids(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, _| {
        let bad = || refuse(400, "Incorrect format");
        let from = date(body, "exportTimeFrom").map_err(|_| bad())?;
        let to = date(body, "exportTimeTo").map_err(|_| bad())?;
        let ids = c
            .logs()
            .iter()
            .filter(|l| from.is_none_or(|a| a <= l.time) && to.is_none_or(|b| l.time <= b))
            .map(|l| l.scan_id);
        let min = ids.clone().min();
        let max = ids.max();
        Ok(json!({ "minId": min.map(|v| v.to_string()), "maxId": max }))
    })
}

/// `POST /admins/setLogs`: `{logs: [{wsAltUserId, Terminal, Time, TerminalKey?}]}`
/// registers each as the terminal would; answers their `scanIDs`.
pub(super) fn set_logs(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, now| {
        let missing = || refuse(400, "Required field missing");
        let Some(Value::Array(items)) = body.get("logs") else {
            return Err(missing());
        };
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            let (Some(ws), Some(terminal), Ok(Some(time))) = (
                text(item, "wsAltUserId"),
                text(item, "Terminal"),
                date(item, "Time"),
            ) else {
                return Err(missing());
            };
            let key = text(item, "TerminalKey").unwrap_or_default();
            ids.push(c.register(&terminal, &ws, &key, time, now));
        }
        Ok(json!({ "message": "OK", "scanIDs": ids }))
    })
}
