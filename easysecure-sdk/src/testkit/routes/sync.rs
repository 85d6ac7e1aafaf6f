//! Synchronisation to the terminals: `POST /admins/sync`,
//! `POST /admins/getSyncLogs`, and the app user's `POST /users/sync`.
//!
//! A sync moves through pending, running and done, one stage per
//! `getSyncLogs` call; when a user's entries are done the terminals hold the
//! user and start registering them.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};

use super::Sim;
use super::body::{date, refuse, refused, text, time_text};
use crate::testkit::state::AccountRole;

/// The stages a sync-log entry moves through.
const STAGES: [&str; 3] = ["pending", "running", "done"];

/// `POST /admins/sync`: `{wsAltUserId?}` or `{userId?}` syncs one user (found
/// through the id index), nothing syncs everyone with a group.
pub(super) fn admin_sync(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, now| {
        let target = match (text(body, "wsAltUserId"), text(body, "userId")) {
            (Some(ws), _) => Some(ws),
            (None, Some(id)) => {
                let ws = id.parse::<u64>().ok().and_then(|id| c.ws_of(id));
                Some(ws.ok_or_else(|| refuse(404, "User not found"))?.to_string())
            }
            (None, None) => None,
        };
        let sync_id = c.start_sync(target.as_deref(), now).map_err(refused)?;
        Ok(json!({ "message": "Sync started", "syncId": sync_id }))
    })
}

/// `POST /admins/getSyncLogs`: `{syncId?, wsAltUserId?, exportTimeFrom?,
/// exportTimeTo?}`; moves every open sync one stage on, then lists the entries.
pub(super) fn get_sync_logs(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, now| {
        let bad = || refuse(400, "Incorrect format");
        let from = date(body, "exportTimeFrom").map_err(|_| bad())?;
        let to = date(body, "exportTimeTo").map_err(|_| bad())?;
        c.advance_syncs(now);
        let sync_id = text(body, "syncId");
        let ws = text(body, "wsAltUserId");
        Ok(Value::Array(
            c.sync_logs
                .iter()
                .filter(|l| sync_id.as_ref().is_none_or(|s| *s == l.sync_id))
                .filter(|l| ws.as_ref().is_none_or(|w| *w == l.ws_alt_user_id))
                .filter(|l| {
                    from.is_none_or(|a| a <= l.created) && to.is_none_or(|b| l.created <= b)
                })
                .map(|l| {
                    json!({
                        "id": l.id,
                        "syncId": l.sync_id,
                        "wsAltUserId": l.ws_alt_user_id,
                        "Terminal": l.terminal,
                        "status": STAGES[usize::from(l.stage.min(2))],
                        "created": time_text(&l.created),
                    })
                })
                .collect(),
        ))
    })
}

/// `POST /users/sync`: the app user syncs their own record.
pub(super) fn user_sync(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, token, _, now| {
        let ws = c
            .accounts
            .iter()
            .find(|a| a.email.eq_ignore_ascii_case(&token.email) && a.role == AccountRole::User)
            .and_then(|a| a.ws_alt_user_id.clone())
            .unwrap_or_default();
        let sync_id = c.start_sync(Some(&ws), now).map_err(refused)?;
        Ok(json!({ "message": "Sync started", "syncId": sync_id }))
    })
}
