//! ESWS logs: `getLogs` (a window of times) and `getLogsById` (a window of
//! `scanID`s, found by binary search in the id-ordered log).

use access_core::testkit::{SimRequest, SimResult};

use super::super::Sim;
use super::{Item, answer, logs_or_no_record, parse_date};
use crate::testkit::state::SimLog;

/// A log as getLogsObject.
fn log_item(l: &SimLog) -> Item {
    vec![
        ("scanID", l.scan_id.to_string()),
        ("Terminal", l.terminal.clone()),
        ("TerminalKey", l.terminal_key.clone()),
        ("UserID", l.user.clone()),
        ("Time", l.time.format("%Y-%m-%d %H:%M:%S").to_string()),
        ("LocationId", l.location_id.to_string()),
        ("LocationName", l.location_name.clone()),
        ("Success", u8::from(l.success).to_string()),
        ("TerminalName", l.terminal_name.clone()),
        ("LogText", l.log_text.clone()),
    ]
}

/// `getLogs(p_companyID, p_exportTimeFrom, p_exportTimeTo, p_locationId,
/// p_userId, p_infoFieldName, p_infoFieldValue, p_filterOn,
/// p_timeregistrationModules)`; `-1 NO RECORD` for none.
pub(in super::super) fn get_logs(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let call = x.call;
        let company = &*x.company;
        let (Some(from), Some(to)) = (
            parse_date(call.get("p_exportTimeFrom")),
            parse_date(call.get("p_exportTimeTo")),
        ) else {
            return logs_or_no_record(Vec::new());
        };
        let on_created = call.get("p_filterOn") == "created";
        let tr_only = call.get("p_timeregistrationModules") == "1";
        let location = call.num("p_locationId");
        // The user by EasySecure id, through the id index (`Some(None)`: nobody).
        let user_ws = call
            .num("p_userId")
            .map(|id| u64::try_from(id).ok().and_then(|id| company.ws_of(id)));
        let info_name = call.get("p_infoFieldName");
        let info_value = call.get("p_infoFieldValue");
        let info_filter = (1..=14)
            .any(|n| info_name == format!("info{n}"))
            .then_some((info_name, info_value));
        let items = company
            .logs()
            .iter()
            .filter(|l| {
                let t = if on_created { l.created } else { l.time };
                t >= from && t <= to
            })
            .filter(|l| location.is_none_or(|loc| l.location_id == loc))
            .filter(|l| match &user_ws {
                Some(ws) => *ws == Some(l.user.as_str()),
                None => true,
            })
            .filter(|l| match info_filter {
                Some((k, v)) => company
                    .user(&l.user)
                    .is_some_and(|u| u.info.get(k).map(String::as_str) == Some(v)),
                None => true,
            })
            .filter(|l| !tr_only || company.is_time_clock(&l.terminal))
            .map(log_item)
            .collect();
        logs_or_no_record(items)
    })
}

/// `getLogsById(p_companyID, p_exportIdFrom, p_exportIdTo,
/// p_timeregistrationModules)`; `-1 NO RECORD` for none.
pub(in super::super) fn get_logs_by_id(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let call = x.call;
        let company = &*x.company;
        let (Some(from), Some(to)) = (call.num("p_exportIdFrom"), call.num("p_exportIdTo")) else {
            return logs_or_no_record(Vec::new());
        };
        let tr_only = call.get("p_timeregistrationModules") == "1";
        let items = company
            .logs_between_ids(from, to)
            .iter()
            .filter(|l| !tr_only || company.is_time_clock(&l.terminal))
            .map(log_item)
            .collect();
        logs_or_no_record(items)
    })
}
