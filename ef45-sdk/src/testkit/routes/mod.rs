//! The simulated EF-45's routes: every documented path under `/1.0`, one line
//! each, the device's error body, and the `lock_uid` check.
//!
//! Every call but `/lock` and `/version` must carry the `lock_uid` of the
//! connected client as a query parameter (E1); the [guard](lock_held) answers
//! 401 `"Invalid lock_uid"` otherwise, which the client reads as a lost lock.

use std::sync::{Mutex, MutexGuard};

use access_core::clock::Clock;
use access_core::testkit::{Router, SimAnswer, SimClock, SimError, SimRequest, SimResult};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::state::State;

mod camera;
pub(crate) mod control;
mod device;
mod enrolment;
mod faces;
mod firmware;
mod lock;
mod logs;
mod recognition;
mod subjects;
mod users;

/// What every route works on: the device's state, the seed it started from
/// and its clock.
pub(crate) struct Device {
    state: Mutex<State>,
    seed: State,
    clock: SimClock,
}

impl Device {
    /// A device in `seed`, on `clock`.
    pub(crate) fn new(seed: State, clock: SimClock) -> Self {
        Self {
            state: Mutex::new(seed.clone()),
            seed,
            clock,
        }
    }

    /// The state the device started with.
    pub(crate) fn seed(&self) -> &State {
        &self.seed
    }

    /// Back to the seed (no lock, the seeded tables and logs).
    pub(crate) fn restore(&self) {
        *self.lock() = self.seed.clone();
    }

    /// The state, locked.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The device's time now (log and match timestamps).
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// Every route of the device, in the order of the vendor's documentation
/// (connection, camera, enrolment), then by the SDK's modules; one line each.
#[rustfmt::skip]
pub(crate) fn router() -> Router<Device> {
    Router::new(error_body)
        .guard(lock_held)
        // Connection: no lock_uid needed.
        .public("POST", "1.0/lock", lock::connect)
        .public("PUT", "1.0/lock", lock::take_over)
        .public("DELETE", "1.0/lock/{lock_uid}", lock::disconnect)
        .public("GET", "1.0/version", lock::version)
        // Camera.
        .route("GET", "1.0/camera", camera::settings)
        .route("POST", "1.0/camera", camera::update_settings)
        .route("POST", "1.0/camera/time", camera::set_time)
        .route("POST", "1.0/camera/control/start", camera::start)
        .route("POST", "1.0/camera/control/stop", camera::stop)
        .route("POST", "1.0/camera/control/match-template", camera::match_template)
        .route("GET", "1.0/preview", camera::preview)
        .route("DELETE", "1.0/preview", camera::delete_preview)
        // Enrolment.
        .route("GET", "1.0/biometric-data", enrolment::biometric_data)
        .route("GET", "1.0/biometric-data/v2", enrolment::biometric_data_v2)
        .route("DELETE", "1.0/biometric-data", enrolment::delete_biometric_data)
        .route("POST", "1.0/images/iris", enrolment::save_iris_image)
        .route("POST", "1.0/images/face", enrolment::save_face_image)
        .route("GET", "1.0/images", enrolment::load_image)
        .route("POST", "1.0/images", enrolment::save_image)
        // Subjects.
        .route("GET", "1.0/subjects", subjects::list)
        .route("GET", "1.0/subjects/record-version", subjects::record_version)
        .route("POST", "1.0/subjects/duplication", subjects::check_duplication)
        .route("GET", "1.0/subjects/{user_uuid}", subjects::get)
        .route("POST", "1.0/subjects", subjects::save)
        .route("DELETE", "1.0/subjects/{user_uuid}", subjects::delete)
        // User info and users.
        .route("GET", "1.0/user-info", users::list_info)
        .route("GET", "1.0/user-info/card/{card}", users::info_by_card)
        .route("GET", "1.0/user-info/{user_uuid}", users::get_info)
        .route("POST", "1.0/user-info", users::save_info)
        .route("DELETE", "1.0/user-info/{user_uuid}", users::delete_info)
        .route("GET", "1.0/user", users::list)
        .route("POST", "1.0/user", users::save)
        .route("GET", "1.0/user/{user_uuid}", users::get)
        .route("DELETE", "1.0/user/{user_uuid}", users::delete)
        // Faces.
        .route("GET", "1.0/faces", faces::list)
        .route("POST", "1.0/faces", faces::add)
        .route("GET", "1.0/faces/{user_uuid}", faces::of_user)
        .route("DELETE", "1.0/faces/{user_uuid}", faces::delete)
        // Recognition.
        .route("GET", "1.0/match-data", recognition::match_data)
        .route("GET", "1.0/match-data/{id}", recognition::match_data)
        .route("DELETE", "1.0/match-data", recognition::delete_match_data)
        .route("GET", "1.0/door-status", recognition::door_status)
        // Logs.
        .route("GET", "1.0/logs", logs::list)
        .route("GET", "1.0/logs/from/to", logs::from_to)
        .route("GET", "1.0/logs/{id}", logs::get)
        // Device.
        .route("GET", "1.0/config", device::get_setting)
        .route("PUT", "1.0/config", device::set_setting)
        .route("PUT", "1.0/config/relay", device::trigger_relay)
        .route("POST", "1.0/device/control", device::control)
        .route("POST", "1.0/card-input-mode", device::start_card_input)
        .route("PUT", "1.0/user/{user_uuid}/apb", device::clear_anti_passback)
        .route("PUT", "1.0/user/apb", device::clear_all_anti_passback)
        // Firmware: the original endpoints (apps up to 1.2.33) and the
        // revised ones (since 1.2.34); the other set answers 404.
        .route("DELETE", "1.0/firmware", firmware::abort)
        .route("POST", "1.0/firmware/unit", firmware::unit)
        .route("POST", "1.0/firmware/final", firmware::finish)
        .route("DELETE", "1.0/firmware/v2", firmware::abort_v2)
        .route("POST", "1.0/firmware/unit/v2", firmware::unit_v2)
        .route("POST", "1.0/firmware/final/v2", firmware::finish_v2)
}

/// Every call but `/lock` and `/version` carries the connected client's
/// `lock_uid` (E1): 401 `"Invalid lock_uid"` otherwise.
fn lock_held(dev: &Device, req: &SimRequest<'_>) -> Result<(), SimError> {
    let holder = dev.lock().holder.clone();
    match (req.query("lock_uid"), holder) {
        (Some(sent), Some(held)) if sent == held => Ok(()),
        _ => Err(SimError::new(401, "Invalid lock_uid")),
    }
}

/// The reason phrase the device repeats in its bodies.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

/// The device's error object: the envelope's `status_code` and
/// `reason_phrase` (seed), `error_message` and, when the device reports one,
/// the numeric `error_no` (E5; codes E4). Injected faults are written the same
/// way, so they reach the SDK's typed EF-45 errors.
pub(crate) fn error_body(e: &SimError) -> SimAnswer {
    let mut body = json!({
        "status_code": e.status,
        "reason_phrase": reason_phrase(e.status),
        "error_message": e.message,
    });
    if let Some(code) = &e.code {
        body["error_no"] = code
            .trim()
            .parse::<i64>()
            .map_or_else(|_| json!(code), Value::from);
    }
    SimAnswer::json_status(e.status, &body)
}

/// A failure with the device's numeric error code.
fn coded(status: u16, code: i64, message: impl Into<String>) -> SimError {
    SimError::coded(status, code.to_string(), message)
}

/// The acknowledgement of a write: `{"status_code": 200, "reason_phrase": ...}`.
fn done(phrase: &str) -> SimResult {
    Ok(SimAnswer::json(
        &json!({"status_code": 200, "reason_phrase": phrase}),
    ))
}

/// An unpaged list: `{"status_code": 200, "reason_phrase": "OK", "items": [...]}`.
fn items(rows: Vec<Value>) -> SimResult {
    Ok(SimAnswer::json(
        &json!({"status_code": 200, "reason_phrase": "OK", "items": rows}),
    ))
}

/// The request body as JSON, if it is JSON.
fn body(req: &SimRequest<'_>) -> Option<Value> {
    serde_json::from_slice(req.body()).ok()
}

/// The paging of a list call: `page` (from 1; -101 otherwise) and
/// `page_size` (default 50; -102 for 0). Without `page`, the whole list.
struct Paging {
    page: Option<u32>,
    size: u32,
}

impl Paging {
    fn of(req: &SimRequest<'_>) -> Result<Self, SimError> {
        let page = match req.query("page") {
            None => None,
            Some(p) => match p.parse::<u32>() {
                Ok(n) if n > 0 => Some(n),
                _ => return Err(coded(400, -101, "page is invalid")),
            },
        };
        let size = req
            .query("page_size")
            .and_then(|s| s.parse().ok())
            .unwrap_or(50);
        if size == 0 {
            return Err(coded(400, -102, "page size is invalid"));
        }
        Ok(Self { page, size })
    }

    /// The envelope of the seed (`items`, `page`, `page_size`, `has_more`,
    /// `total`) over `rows`, of which there are `total`; only the rows of the
    /// page are written.
    fn answer(&self, rows: impl Iterator<Item = Value>, total: usize) -> SimResult {
        let Some(page) = self.page else {
            let all: Vec<Value> = rows.collect();
            return Ok(SimAnswer::json(&json!({
                "status_code": 200,
                "reason_phrase": "OK",
                "items": all,
                "has_more": false,
                "total": total,
            })));
        };
        let start = (page as usize - 1).saturating_mul(self.size as usize);
        let shown: Vec<Value> = rows.skip(start).take(self.size as usize).collect();
        let has_more = start.saturating_add(shown.len()) < total;
        Ok(SimAnswer::json(&json!({
            "status_code": 200,
            "reason_phrase": "OK",
            "items": shown,
            "page": page,
            "page_size": self.size,
            "has_more": has_more,
            "total": total,
        })))
    }
}
