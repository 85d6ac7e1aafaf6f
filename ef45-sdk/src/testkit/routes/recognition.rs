//! Recognition: the match-data buffer and the door status.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::json;

use super::super::state::MatchRow;
use super::{Device, done, items};

/// `GET /match-data` and `GET /match-data/{id}` (E2 polls the second with a
/// time-based uuid): the buffer, `{"items": [...]}`, empty when nobody was
/// recognised.
pub(super) fn match_data(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    items(dev.lock().match_data.iter().map(MatchRow::json).collect())
}

/// `DELETE /match-data?encounter_id=`: clears one event (400 without the
/// parameter, 404 if none).
pub(super) fn delete_match_data(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let id = req
        .query("encounter_id")
        .ok_or_else(|| SimError::bad_request("encounter_id is required"))?;
    let mut s = dev.lock();
    let before = s.match_data.len();
    s.match_data.retain(|r| r.encounter_id != id);
    if s.match_data.len() == before {
        return Err(SimError::not_found("encounter_id not found"));
    }
    done("Match data deleted")
}

/// `GET /door-status`: `{"door_status": "open"|"closed"}`; the door relocks
/// once it was reported open.
pub(super) fn door_status(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    let mut s = dev.lock();
    let status = std::mem::replace(&mut s.door, "closed".to_string());
    if status != "open" {
        s.door = status.clone();
    }
    Ok(SimAnswer::json(&json!({"door_status": status})))
}
