//! Device: settings by title and type, manual commands, card input, relay,
//! anti-passback.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::{Value, json};

use super::super::state::{Setting, State};
use super::{Device, body, coded, done};

/// The setting the query names by `title` and `type` (`bool`, `float`,
/// `int`, `string`): 400 for another type, 404 for an unknown title.
fn setting(s: &State, req: &SimRequest<'_>) -> Result<(String, String, Value), SimError> {
    let title = req.query("title").unwrap_or_default();
    let ty = req.query("type").unwrap_or_default();
    if !matches!(ty.as_str(), "bool" | "float" | "int" | "string") {
        return Err(SimError::bad_request(
            "type must be bool, float, int or string",
        ));
    }
    let known = s
        .config_values
        .get(title.as_str())
        .ok_or_else(|| SimError::not_found("unknown setting title"))?;
    if known.ty != ty {
        return Err(SimError::bad_request(format!(
            "setting {title} is of type {}",
            known.ty
        )));
    }
    Ok((title, ty, known.value.clone()))
}

/// `GET /config?title=&type=`: `{"title", "type", "value"}` **\[I\]**.
pub(super) fn get_setting(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let (title, ty, value) = setting(&dev.lock(), req)?;
    Ok(SimAnswer::json(
        &json!({"title": title, "type": ty, "value": value}),
    ))
}

/// `PUT /config?title=&type=` with `{"value": ...}` of the setting's type.
pub(super) fn set_setting(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let mut s = dev.lock();
    let (title, ty, _) = setting(&s, req)?;
    let Some(new) = body(req).and_then(|b| b.get("value").cloned()) else {
        return Err(SimError::bad_request("body must be {\"value\": ...}"));
    };
    let fits = match ty.as_str() {
        "bool" => new.is_boolean(),
        "int" => new.is_i64(),
        "float" => new.is_number(),
        _ => new.is_string(),
    };
    if !fits {
        return Err(SimError::bad_request("value does not match type"));
    }
    s.config_values.insert(title, Setting { ty, value: new });
    done("Setting updated")
}

/// The relay fires: the door opens.
fn fire_relay(s: &mut State) {
    s.relay_triggers += 1;
    s.door = "open".to_string();
}

/// `PUT /config/relay` (E3, empty body).
pub(super) fn trigger_relay(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    fire_relay(&mut dev.lock());
    done("Relay triggered")
}

/// `POST /device/control` with at least one command (`{"relay": true}`
/// fires the relay); refused (403) until `UseManualCommand` is on (seed).
pub(super) fn control(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let mut s = dev.lock();
    let enabled = s
        .config_values
        .get("UseManualCommand")
        .is_some_and(|v| v.value == json!(true));
    if !enabled {
        return Err(SimError::new(403, "Use manual command is disabled"));
    }
    match body(req) {
        Some(Value::Object(m)) if !m.is_empty() => {
            if m.get("relay").and_then(Value::as_bool) == Some(true) {
                fire_relay(&mut s);
            }
            done("Device control done")
        }
        _ => Err(SimError::bad_request("At least one parameter is required")),
    }
}

/// `POST /card-input-mode`: shows the card input screen (needs `Slave` mode).
pub(super) fn start_card_input(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    let mut s = dev.lock();
    if !s.settings.is_slave() {
        return Err(SimError::new(409, "Camera mode must be Slave"));
    }
    s.card_input = true;
    done("Card input mode started")
}

/// The body must be `{"APBStatus": 1}` (CLEAR, seed).
fn check_clear(req: &SimRequest<'_>) -> Result<(), SimError> {
    match body(req).and_then(|b| b.get("APBStatus").and_then(Value::as_i64)) {
        Some(1) => Ok(()),
        _ => Err(SimError::bad_request("APBStatus must be 1 (CLEAR)")),
    }
}

/// `PUT /user/{user_uuid}/apb` with `{"APBStatus": 1}`: releases one user
/// (-761 when unknown).
pub(super) fn clear_anti_passback(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    check_clear(req)?;
    let id = req.text("user_uuid");
    let mut s = dev.lock();
    if s.subject(id).is_none() {
        return Err(coded(404, -761, "user uuid does not exist"));
    }
    s.apb_violations.remove(id);
    done("APB cleared")
}

/// `PUT /user/apb` with `{"APBStatus": 1}`: releases everyone.
pub(super) fn clear_all_anti_passback(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    check_clear(req)?;
    dev.lock().apb_violations.clear();
    done("APB cleared")
}
