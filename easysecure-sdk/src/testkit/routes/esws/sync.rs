//! ESWS syncs: `getSyncToken`, `getTotalSyncToken`, `syncEsiScd`, `autoSync`,
//! `getSyncStatus`.
//!
//! autoSync starts a sync in the shared state and answers a 64-character token;
//! getSyncStatus moves the syncs one stage on and answers `PENDING` or `DONE`
//! **\[I\]**.

use access_core::testkit::{SimRequest, SimResult};

use super::super::Sim;
use super::{Ret, answer, random_alnum};
use crate::testkit::state::AccountRole;

/// `getSyncToken(p_companyID, p_adminUsername, p_adminPassword, p_userId,
/// p_locationID)`: a token for an i3 administrator's one-user sync page.
pub(in super::super) fn get_sync_token(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let call = x.call;
        let (user, pass) = (call.get("p_adminUsername"), call.get("p_adminPassword"));
        if user.is_empty() {
            return Ret::text("NO USERNAME PROVIDED");
        }
        if pass.is_empty() {
            return Ret::text("NO PASSWORD PROVIDED");
        }
        let Some(id) = call.num("p_userId") else {
            return Ret::text("NO USERID PROVIDED");
        };
        let admin = x
            .company
            .accounts
            .iter()
            .any(|a| a.role == AccountRole::Admin && a.email == user && a.password == pass);
        if !admin {
            return Ret::text("NO ADMIN FOUND BASED ON USERNAME AND PASSWORD");
        }
        if u64::try_from(id)
            .ok()
            .and_then(|id| x.company.ws_of(id))
            .is_none()
        {
            return Ret::text("NO USER FOUND BASED ON THE ID PROVIDED");
        }
        Ret::text(random_alnum(40))
    })
}

/// `getTotalSyncToken(p_companyID, p_adminUsername, p_adminPassword)`: a token
/// for an i3 administrator's total-sync page, checked in the page's order.
pub(in super::super) fn get_total_sync_token(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let call = x.call;
        let (user, pass) = (call.get("p_adminUsername"), call.get("p_adminPassword"));
        if user.is_empty() {
            return Ret::text("NO USERNAME PROVIDED");
        }
        if pass.is_empty() {
            return Ret::text("NO PASSWORD PROVIDED");
        }
        let admin = x
            .company
            .accounts
            .iter()
            .any(|a| a.role == AccountRole::Admin && a.email == user && a.password == pass);
        if !admin {
            return Ret::text("NO ADMIN FOUND BASED ON USERNAME AND PASSWORD");
        }
        Ret::text(random_alnum(40))
    })
}

/// `syncEsiScd(p_companyID, p_locationID)`: the location's ESI_SCD sync, run
/// at once on the shared state; answers `[{"<terminal serial>":"ok"},…]`. An
/// unknown location is `NO_LOCATION_ID_RECEIVED` (the page: "not provided or
/// incorrect"); a location without terminals `NO_DEVICE_TO_SYNC`.
pub(in super::super) fn sync_esi_scd(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let Some(loc) = x
            .call
            .num("p_locationID")
            .filter(|l| x.company.locations.contains_key(l))
        else {
            return Ret::text("NO_LOCATION_ID_RECEIVED");
        };
        let serials = x.company.sync_location_now(loc);
        if serials.is_empty() {
            return Ret::text("NO_DEVICE_TO_SYNC");
        }
        let devices: Vec<serde_json::Value> = serials
            .into_iter()
            .map(|s| serde_json::json!({ s: "ok" }))
            .collect();
        Ret::text(serde_json::Value::Array(devices).to_string())
    })
}

/// `autoSync(p_companyID, p_locationId, p_userId)`: syncs one user (`p_userId`,
/// found through the id index) or everyone (`0`).
pub(in super::super) fn auto_sync(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let Some(loc) = x.call.num("p_locationId") else {
            return Ret::text("NO LOCATIONID PROVIDED");
        };
        if !x.company.locations.contains_key(&loc) {
            return Ret::text("NO LOCATION FOUND BASED ON THE ID PROVIDED");
        }
        let target = match x.call.num("p_userId").unwrap_or(0) {
            0 => None,
            id => match u64::try_from(id).ok().and_then(|id| x.company.ws_of(id)) {
                Some(ws) => Some(ws.to_string()),
                None => return Ret::text("NO USER FOUND BASED ON THE ID PROVIDED"),
            },
        };
        match x.company.start_sync(target.as_deref(), x.now) {
            Ok(sync_id) => {
                x.esws.next_token += 1;
                let token = format!("{:0>8}{}", x.esws.next_token, random_alnum(56));
                let company = x.company.name.clone();
                x.esws.auto_syncs.insert(token.clone(), (company, sync_id));
                Ret::text(token)
            }
            Err((_, message)) => Ret::text(format!("NOT OK, NOT JSON {message}")),
        }
    })
}

/// `getSyncStatus(p_companyID, p_syncToken)`: `PENDING` or `DONE` **\[I\]**.
pub(in super::super) fn get_sync_status(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let token = x.call.get("p_syncToken");
        let Some((_, sync_id)) = x.esws.auto_syncs.get(token).cloned() else {
            return Ret::text("NO SYNC FOUND BASED ON THE TOKEN PROVIDED");
        };
        x.company.advance_syncs(x.now);
        Ret::text(if x.company.sync_done(&sync_id) {
            "DONE"
        } else {
            "PENDING"
        })
    })
}
