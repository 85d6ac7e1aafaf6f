//! The routes of the EasySecure simulators: every documented call on one line,
//! the error-body builders and the session guard.
//!
//! * **REST** routes on `(POST, "admins/getUsers")` and the like, both role
//!   paths listed one by one. The guard checks the `Authorization: Bearer`
//!   idToken (unknown, expired, or of the other role path: 401) before every
//!   route but the logins, refreshes and password resets. Failures answer
//!   EasySecure's `{"message", "url", "code"}` with `code` the status as a
//!   string and `url` the path answered (the [`SimError`]'s `path`, which the
//!   server fills in for route failures and injected faults alike).
//! * **ESWS** (feature `soap`) routes on `("ESWS", "Esws.<function>")` read
//!   from the envelope of a `POST /webservicesesws` ([`route_key`]), which is
//!   the SDK's endpoint name (`ESWS Esws.getUsers`), so
//!   `faults().at("ESWS Esws.getUsers")` aims at one function. ESWS answers its
//!   documented failures inside 200 envelopes, which the routes write
//!   themselves; any other failure of a function is a SOAP Fault.
//!
//! The REST simulator serves both on one server ([`rest_router`]): a failure
//! of an ESWS function (its routed path is `Esws.<function>`, filled in by the
//! server for route failures and injected faults alike) or with a `SOAP-ENV:`
//! code is a SOAP Fault, any other the REST body. The
//! SOAP-only simulator ([`soap_router`]) answers every failure as a SOAP Fault.

mod auth;
mod body;
pub(crate) mod control;
#[cfg(feature = "soap")]
pub(crate) mod esws;
mod groups;
mod logs;
mod profile;
mod sync;
mod users;

use std::sync::{Mutex, MutexGuard};

use access_core::clock::Clock;
use access_core::testkit::router::method_and_path;
use access_core::testkit::{Router, SimAnswer, SimClock, SimError, SimRequest};
use chrono::NaiveDateTime;
use serde_json::json;
use wiremock::Request;

use super::state::{IdToken, SimState};

/// The context every route runs on: the state behind a lock, the seed it
/// started from (for `reset`), and the clock.
#[derive(Debug)]
pub(crate) struct Sim {
    state: Mutex<SimState>,
    seed: SimState,
    clock: SimClock,
}

impl Sim {
    /// A simulator context starting from `seed`.
    pub(crate) fn new(seed: SimState, clock: SimClock) -> Self {
        Self {
            state: Mutex::new(seed.clone()),
            seed,
            clock,
        }
    }

    /// The state.
    pub(crate) fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Back to the seeded state.
    pub(crate) fn restore_seed(&self) {
        *self.lock() = self.seed.clone();
    }

    /// The state the simulator started from (what `reset` restores).
    pub(crate) fn seed(&self) -> &SimState {
        &self.seed
    }

    /// The clock.
    pub(crate) fn clock(&self) -> &SimClock {
        &self.clock
    }

    /// The simulator's time as EasySecure writes it (zone-less UTC).
    pub(crate) fn now(&self) -> NaiveDateTime {
        self.clock.now().naive_utc()
    }

    /// The session of a REST request: its bearer idToken, known, unexpired and
    /// of the request's role path; a 401 otherwise.
    fn session(&self, st: &SimState, req: &SimRequest<'_>) -> Result<IdToken, SimError> {
        let role = body::role(req);
        req.header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .and_then(|b| st.id_tokens.get(b))
            .filter(|t| Some(t.role) == role && t.expires_at > self.clock.now())
            .cloned()
            .ok_or_else(|| body::refuse(401, "Unauthorized"))
    }
}

/// The router of [`EasySecureSim`](super::EasySecureSim): the REST API on both
/// role paths, in the order of the vendor's list, and (feature `soap`) ESWS on
/// the same state.
#[rustfmt::skip] // one route a line
pub(crate) fn rest_router() -> Router<Sim> {
    let r = Router::new(rest_or_soap_error)
        .guard(session_guard)
        .key(route_key)
        // auth, both role paths
        .public("POST", "admins/login", auth::login)
        .public("POST", "users/login", auth::login)
        .public("POST", "admins/refreshToken", auth::refresh_token)
        .public("POST", "users/refreshToken", auth::refresh_token)
        .route("POST", "admins/logout", auth::logout)
        .route("POST", "users/logout", auth::logout)
        .public("POST", "admins/resetPasswordRequest", auth::reset_password_request)
        .public("POST", "users/resetPasswordRequest", auth::reset_password_request)
        .public("POST", "admins/resetPassword", auth::reset_password)
        .public("POST", "users/resetPassword", auth::reset_password)
        .route("POST", "users/changePassword", auth::change_password)
        // admin: logs
        .route("POST", "admins/getLogs", logs::get_logs)
        .route("POST", "admins/getLogsMinMaxIds", logs::get_logs_min_max_ids)
        .route("POST", "admins/setLogs", logs::set_logs)
        // admin: users
        .route("POST", "admins/getUsers", users::get_users)
        .route("POST", "admins/setUsers", users::set_users)
        .route("POST", "admins/setWsAltUserId", users::set_ws_alt_user_id)
        // admin: syncs
        .route("POST", "admins/sync", sync::admin_sync)
        .route("POST", "admins/getSyncLogs", sync::get_sync_logs)
        .route("POST", "admins/syncUserToFirebase", users::sync_user_to_firebase)
        // admin: groups
        .route("POST", "admins/getGroups", groups::get_groups)
        // user (the app account)
        .route("POST", "users/sync", sync::user_sync)
        .route("POST", "users/setConsent", profile::set_consent)
        .route("POST", "users/setLicensePlate", profile::set_license_plate)
        .route("POST", "users/setCardPin", profile::set_card_pin)
        .route("POST", "users/getPicture", profile::get_picture)
        .route("POST", "users/setPicture", profile::set_picture)
        .route("POST", "users/sendSupportMail", profile::send_support_mail);
    #[cfg(feature = "soap")]
    let r = esws_routes(r);
    r
}

/// The router of [`EasySecureSoapSim`](super::EasySecureSoapSim): ESWS only.
#[cfg(feature = "soap")]
pub(crate) fn soap_router() -> Router<Sim> {
    esws_routes(Router::new(esws::fault).key(route_key))
}

/// Every ESWS function, in the order of the vendor's pages. The key travels in
/// the body and is checked by each function (its refusal is a 200 answer), so
/// the REST guard does not run on them.
#[cfg(feature = "soap")]
fn esws_routes(r: Router<Sim>) -> Router<Sim> {
    use esws::{cards, faces, groups, logs, qr, sync, users};
    r.public("ESWS", "Esws.getUsers", users::get_users)
        .public("ESWS", "Esws.getUsersPageNr", users::get_users_page_nr)
        .public("ESWS", "Esws.getUserId", users::get_user_id)
        .public(
            "ESWS",
            "Esws.getMultipleUsersIds2",
            users::get_multiple_users_ids2,
        )
        .public(
            "ESWS",
            "Esws.getUsersByInfoField",
            users::get_users_by_info_field,
        )
        .public("ESWS", "Esws.getGroups", groups::get_groups)
        .public("ESWS", "Esws.getLogs", logs::get_logs)
        .public("ESWS", "Esws.getLogsById", logs::get_logs_by_id)
        .public("ESWS", "Esws.updateUser", users::update_user)
        .public("ESWS", "Esws.updateUser2", users::update_user2)
        .public("ESWS", "Esws.updateUserAltId", users::update_user_alt_id)
        .public(
            "ESWS",
            "Esws.updateUserContractor",
            users::update_user_contractor,
        )
        .public("ESWS", "Esws.updateCard", cards::update_card)
        .public("ESWS", "Esws.deleteUser", users::delete_user)
        .public("ESWS", "Esws.setQR", qr::set_qr)
        .public("ESWS", "Esws.getQR", qr::get_qr)
        .public("ESWS", "Esws.deleteQR", qr::delete_qr)
        .public(
            "ESWS",
            "Esws.deletePictureAndTemplates",
            faces::delete_picture_and_templates,
        )
        .public(
            "ESWS",
            "Esws.imageToFaceTemplate",
            faces::image_to_face_template,
        )
        .public("ESWS", "Esws.getSyncToken", sync::get_sync_token)
        .public("ESWS", "Esws.getTotalSyncToken", sync::get_total_sync_token)
        .public("ESWS", "Esws.syncEsiScd", sync::sync_esi_scd)
        .public("ESWS", "Esws.autoSync", sync::auto_sync)
        .public("ESWS", "Esws.getSyncStatus", sync::get_sync_status)
}

/// The route key: `("ESWS", "Esws.<function>")` for a `POST /webservicesesws`
/// (feature `soap`; `None`, no route, when the body is no ESWS envelope), the
/// method and URL path otherwise.
pub(crate) fn route_key(request: &Request) -> Option<(String, String)> {
    #[cfg(feature = "soap")]
    if esws::is_esws_request(request) {
        return esws::function_of(&request.body).map(|f| ("ESWS".to_string(), f));
    }
    method_and_path(request)
}

/// The REST guard: a known, unexpired idToken of the request's role path.
fn session_guard(sim: &Sim, req: &SimRequest<'_>) -> Result<(), SimError> {
    let st = sim.lock();
    sim.session(&st, req).map(|_| ())
}

/// EasySecure's REST error body: `{"message", "url", "code"}`, `code` the
/// status as a string, `url` the path the call was answered on.
pub(crate) fn rest_error(e: &SimError) -> SimAnswer {
    let mut body = json!({ "message": e.message, "code": e.status.to_string() });
    if let Some(url) = &e.path {
        body["url"] = json!(url);
    }
    SimAnswer::json_status(e.status, &body)
}

/// The REST simulator's error body: a SOAP Fault for a failure of an ESWS
/// function or with a `SOAP-ENV:` code (feature `soap`), EasySecure's REST
/// body otherwise.
fn rest_or_soap_error(e: &SimError) -> SimAnswer {
    #[cfg(feature = "soap")]
    if esws::is_fault_code(e) {
        return esws::fault(e);
    }
    rest_error(e)
}
