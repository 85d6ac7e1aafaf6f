//! Firmware: units of base64 in order, assembled into a SHA-256; the final
//! unit checks the image (magic `EF45` and a version) and "reboots" the device.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::super::InstalledFirmware;
use super::super::state::{Camera, State, Upload};
use super::enrolment::app_is_revised;
use super::{Device, body, done};

/// 404 when the path's endpoint set is not the one of the app version: the
/// original set up to 1.2.33, the revised (`/v2`) since 1.2.34 (as for
/// biometric data).
fn served(s: &State, revised_path: bool) -> Result<(), SimError> {
    if app_is_revised(&s.version) == revised_path {
        Ok(())
    } else {
        Err(SimError::not_found("Not supported by this app version"))
    }
}

/// `DELETE /firmware` (apps up to 1.2.33).
pub(super) fn abort(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    abort_on(dev, req, false)
}

/// `DELETE /firmware/v2` (apps since 1.2.34).
pub(super) fn abort_v2(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    abort_on(dev, req, true)
}

/// Drops the upload under way.
fn abort_on(dev: &Device, _req: &SimRequest<'_>, revised_path: bool) -> SimResult {
    let mut s = dev.lock();
    served(&s, revised_path)?;
    s.upload = Upload::default();
    done("Firmware upload aborted")
}

/// Takes unit `{"index", "data"}` of the body: in order (400 otherwise) and
/// valid base64 (400).
fn receive(s: &mut State, req: &SimRequest<'_>) -> Result<(), SimError> {
    let body = body(req);
    let field = |k: &str| body.as_ref().and_then(|b| b.get(k));
    let (Some(index), Some(data)) = (
        field("index").and_then(Value::as_u64),
        field("data").and_then(Value::as_str),
    ) else {
        return Err(SimError::bad_request("body must be {\"index\", \"data\"}"));
    };
    if index != s.upload.next_index {
        return Err(SimError::bad_request(format!(
            "unit {index} out of order; expected {}",
            s.upload.next_index
        )));
    }
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, data)
        .map_err(|_| SimError::bad_request("unit is not valid base64"))?;
    let up = &mut s.upload;
    up.hasher.get_or_insert_with(Sha256::new).update(&bytes);
    if up.header.len() < 20 {
        let need = 20 - up.header.len();
        up.header.extend(bytes.iter().take(need));
    }
    up.bytes += bytes.len() as u64;
    up.next_index += 1;
    Ok(())
}

/// `POST /firmware/unit` with `{"index", "data"}` (apps up to 1.2.33).
pub(super) fn unit(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    unit_on(dev, req, false)
}

/// `POST /firmware/unit/v2` (apps since 1.2.34).
pub(super) fn unit_v2(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    unit_on(dev, req, true)
}

fn unit_on(dev: &Device, req: &SimRequest<'_>, revised_path: bool) -> SimResult {
    let mut s = dev.lock();
    served(&s, revised_path)?;
    receive(&mut s, req)?;
    done("Unit received")
}

/// `POST /firmware/final` (apps up to 1.2.33).
pub(super) fn finish(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    finish_on(dev, req, false)
}

/// `POST /firmware/final/v2` (apps since 1.2.34).
pub(super) fn finish_v2(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    finish_on(dev, req, true)
}

/// The final request with the last unit: the image is checked (422 for a
/// missing magic or version), installed, and the device reboots (lock and
/// camera dropped, version changed): `{"result": "Success", "version"}`.
fn finish_on(dev: &Device, req: &SimRequest<'_>, revised_path: bool) -> SimResult {
    let mut s = dev.lock();
    served(&s, revised_path)?;
    receive(&mut s, req)?;
    let upload = std::mem::take(&mut s.upload);
    if !upload.header.starts_with(b"EF45") {
        return Err(SimError::new(
            422,
            "firmware image check failed (bad magic)",
        ));
    }
    let version = String::from_utf8_lossy(&upload.header[4..])
        .trim_end_matches('\0')
        .trim()
        .to_string();
    if version.is_empty() {
        return Err(SimError::new(422, "firmware version check failed"));
    }
    let sha = upload.hasher.map(|h| h.finalize()).unwrap_or_default();
    s.installed = Some(InstalledFirmware {
        bytes: upload.bytes,
        sha256: sha.iter().map(|b| format!("{b:02x}")).collect(),
        version: version.clone(),
        units: upload.next_index,
    });
    // First stage done: the device reboots, dropping the lock and the camera.
    s.reboots += 1;
    s.holder = None;
    s.camera = Camera::Idle;
    s.version = version.clone();
    Ok(SimAnswer::json(
        &json!({"status_code": 200, "reason_phrase": "OK", "result": "Success", "version": version}),
    ))
}
