//! Logs: the event log, increasing integer ids from 68 (the seed's example).

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::json;

use super::super::state::LogRow;
use super::{Device, Paging, coded};

/// The log between the query's `min` and `max` ids (each optional unless
/// `required`; -803 for a wrong range), in `order` (`desc`: newest first), paged.
fn range(dev: &Device, req: &SimRequest<'_>, required: bool) -> SimResult {
    let min = req.query("min").and_then(|v| v.parse::<i64>().ok());
    let max = req.query("max").and_then(|v| v.parse::<i64>().ok());
    if required && (min.is_none() || max.is_none()) {
        return Err(SimError::bad_request("min and max are required"));
    }
    if let (Some(a), Some(b)) = (min, max)
        && (a < 0 || b < a)
    {
        return Err(coded(400, -803, "log id from/to wrong range"));
    }
    let paging = Paging::of(req)?;
    let s = dev.lock();
    let rows = s
        .logs
        .range(min.unwrap_or(i64::MIN)..=max.unwrap_or(i64::MAX))
        .map(|(_, e)| e);
    let total = rows.clone().count();
    if req.query("order").is_some_and(|o| o == "desc") {
        paging.answer(rows.rev().map(LogRow::json), total)
    } else {
        paging.answer(rows.map(LogRow::json), total)
    }
}

/// `GET /logs?page=&page_size=[&order=desc][&min=&max=]`.
pub(super) fn list(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    range(dev, req, false)
}

/// `GET /logs/from/to?min=&max=&page=`.
pub(super) fn from_to(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    range(dev, req, true)
}

/// `GET /logs/{id}`: the entry in a one-row page (404 when unknown).
pub(super) fn get(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let s = dev.lock();
    let entry = req
        .text("id")
        .parse::<i64>()
        .ok()
        .and_then(|id| s.logs.get(&id))
        .ok_or_else(|| SimError::not_found("log id does not exist"))?;
    Ok(SimAnswer::json(&json!({
        "status_code": 200,
        "reason_phrase": "OK",
        "items": [entry.json()],
        "page": 1,
        "page_size": 50,
        "has_more": false,
        "total": 1,
    })))
}
