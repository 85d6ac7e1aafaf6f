//! The simulator's knobs in the control API (`/_sim/...` at the server root,
//! not under the device's `/1.0`; beside the shared clock, fault, reset and
//! state routes of `access_core::testkit::control`): what happens at the
//! device, outside its API. Each knob runs the function the matching
//! [`Ef45Sim`](crate::testkit::Ef45Sim) method runs.
//!
//! | knob | body | answer |
//! |---|---|---|
//! | `POST /_sim/present` | `{"user_uuid": "111"}` | `{"user_uuid", "allowed", "door"}`: an enrolled user at the device (a match record, a log entry, the door opens when allowed); 404 `{"error"}` for a uuid with no subject |
//! | `POST /_sim/present-unknown` | | `{"allowed": false}`: a person the device does not know (a `Denied` log entry, no match record) |
//! | `POST /_sim/take-over` | | `{"locked": true}`: another client takes the lock; the SDK's `lock_uid` is stale (401 on its next call) |
//! | `POST /_sim/users/{user_uuid}/apb-violation` | | `{"user_uuid", "violation": true}`: the user's next recognition is denied (`Recog/APB`); 404 for a uuid with no subject |
//! | `PUT /_sim/door` | `{"status": "open"}` | `{"door"}`: the text `GET /1.0/door-status` answers |
//! | `GET /_sim/seed` | | the seed (below) |
//!
//! `GET /_sim/seed` answers `{"base_path": "/1.0", "app_version",
//! "record_version", "serial_number", "users": [{"user_uuid", "last_name",
//! "first_name", "card"}], "log_ids": [...]}`: the device the simulator
//! started as (and `POST /_sim/reset` restores), its generated users
//! included. The device has no credentials: a client connects with
//! `POST /1.0/lock`.
//!
//! An enrolment capture needs no knob: it arrives by itself after
//! `SimConfig::capture_polls` polls of the biometric-data buffer.
//!
//! The state (`GET`/`PUT /_sim/state`) is the whole device: settings,
//! subjects, user info (PINs included), faces, match and biometric buffers,
//! saved images (base64), logs, settings by title, anti-passback violations,
//! door, installed firmware and the lock holder (a restored dump keeps the
//! connected client connected). Not kept: the lookup indexes (rebuilt on load)
//! and a firmware upload under way.

use access_core::testkit::control::Control;
use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Device;
use crate::testkit::BASE_PATH;
use crate::testkit::state::State;

/// The simulator's part of the control API.
pub(crate) fn control() -> Control<Device> {
    Control::new()
        .knob("POST", "present", present_knob)
        .knob("POST", "present-unknown", present_unknown_knob)
        .knob("POST", "take-over", take_over_knob)
        .knob("POST", "users/{user_uuid}/apb-violation", apb_knob)
        .knob("PUT", "door", door_knob)
        .knob("GET", "seed", seed_knob)
        .reset(Device::restore)
        .state_of(Device::lock)
}

/// A person at the device ([`State::present`]); answers whether access was
/// allowed.
pub(crate) fn present(dev: &Device, user: &str) -> bool {
    let now = dev.now();
    dev.lock().present(now, user)
}

/// A person the device does not know at the camera.
pub(crate) fn present_unknown(dev: &Device) {
    let now = dev.now();
    dev.lock().present_unknown(now);
}

/// Another client takes the lock over.
pub(crate) fn take_over(dev: &Device) {
    let mut s = dev.lock();
    let id = s.next_id();
    s.holder = Some(id);
}

/// Puts `user` into anti-passback violation.
pub(crate) fn set_apb_violation(dev: &Device, user: &str) {
    dev.lock().apb_violations.insert(user.to_string());
}

/// Sets the door status text.
pub(crate) fn set_door(dev: &Device, status: &str) {
    dev.lock().door = status.to_string();
}

fn enrolled(dev: &Device, user: &str) -> Result<(), SimError> {
    if dev.lock().subject(user).is_some() {
        Ok(())
    } else {
        Err(SimError::not_found(format!("no user {user}")))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Presented {
    user_uuid: String,
}

fn present_knob(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let body: Presented = req.json()?;
    enrolled(dev, &body.user_uuid)?;
    let allowed = present(dev, &body.user_uuid);
    let door = dev.lock().door.clone();
    Ok(SimAnswer::json(&json!({
        "user_uuid": body.user_uuid,
        "allowed": allowed,
        "door": door,
    })))
}

fn present_unknown_knob(dev: &Device, _: &SimRequest<'_>) -> SimResult {
    present_unknown(dev);
    Ok(SimAnswer::json(&json!({ "allowed": false })))
}

fn take_over_knob(dev: &Device, _: &SimRequest<'_>) -> SimResult {
    take_over(dev);
    Ok(SimAnswer::json(&json!({ "locked": true })))
}

fn apb_knob(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let user: String = req.param("user_uuid")?;
    enrolled(dev, &user)?;
    set_apb_violation(dev, &user);
    Ok(SimAnswer::json(
        &json!({ "user_uuid": user, "violation": true }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Door {
    status: String,
}

fn door_knob(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let body: Door = req.json()?;
    set_door(dev, &body.status);
    Ok(SimAnswer::json(&json!({ "door": body.status })))
}

/// What `GET /_sim/seed` answers about `seed`.
fn seed_json(seed: &State) -> Value {
    let users: Vec<Value> = seed
        .subjects()
        .map(|s| {
            let card = seed.info(&s.user_uuid).and_then(|i| i.card.clone());
            json!({
                "user_uuid": s.user_uuid,
                "last_name": s.last_name,
                "first_name": s.first_name,
                "card": card,
            })
        })
        .collect();
    json!({
        "base_path": BASE_PATH,
        "app_version": seed.version,
        "record_version": seed.record_version,
        "serial_number": seed.settings.serial_number,
        "users": users,
        "log_ids": seed.logs.keys().collect::<Vec<_>>(),
    })
}

fn seed_knob(dev: &Device, _: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json(&seed_json(dev.seed())))
}
