//! Camera: settings, device time, start and stop, match template, preview.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::super::state::{Camera, base64};
use super::{Device, body, done};

/// `GET /camera`: `{serial_number, camera_mode, audio_enabled}` (E1, E2).
pub(super) fn settings(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json(&dev.lock().settings.json()))
}

/// `POST /camera`: changes the fields the body names (E2 sends all three).
pub(super) fn update_settings(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let Some(Value::Object(update)) = body(req) else {
        return Err(SimError::bad_request("body must be a JSON object"));
    };
    let mut s = dev.lock();
    let next = s.settings.merged(update).map_err(|f| {
        SimError::bad_request(format!("invalid settings: {} has the wrong type", f.0))
    })?;
    s.settings = next;
    done("Camera setting updated")
}

/// `POST /camera/time?device_time=MMddHHmmyyyy.ss` **\[I\]** path.
pub(super) fn set_time(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let time = req
        .query("device_time")
        .filter(|t| {
            t.len() == 15
                && t.bytes().enumerate().all(|(i, b)| match i {
                    12 => b == b'.',
                    _ => b.is_ascii_digit(),
                })
        })
        .and_then(|t| NaiveDateTime::parse_from_str(&t, "%m%d%H%M%Y.%S").ok())
        .ok_or_else(|| SimError::bad_request("device_time must be MMddHHmmyyyy.ss"))?;
    dev.lock().device_time = Some(time);
    done("Camera setting updated")
}

/// `POST /camera/control/start`: needs `Slave` mode (409), one biometric mode
/// (400) and an idle camera (409); `recog_mode` is `"true"` or `"false"`.
pub(super) fn start(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let mut s = dev.lock();
    if !s.settings.is_slave() {
        return Err(SimError::new(409, "Camera mode must be Slave"));
    }
    if s.camera != Camera::Idle {
        return Err(SimError::new(409, "Camera is already started"));
    }
    let flag = |k: &str| req.query(k).is_some_and(|v| v == "true");
    let (face, glasses, both, either) = (
        flag("face_mode"),
        flag("glasses_mode"),
        flag("both_eye_mode"),
        flag("either_eye_mode"),
    );
    if !(face || glasses || both || either) {
        return Err(SimError::bad_request(
            "At least one biometric mode is required",
        ));
    }
    let recognition = match req.query("recog_mode").as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(SimError::bad_request("recog_mode must be true or false")),
    };
    s.camera = Camera::Capturing {
        polls_left: s.capture_polls,
        face: face || glasses,
        iris: both || either,
        recognition,
    };
    done("Camera started")
}

/// `POST /camera/control/stop`.
pub(super) fn stop(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    dev.lock().camera = Camera::Idle;
    done("Camera stopped")
}

/// Whether `id` has the `8-4-4-4-12` hexadecimal shape.
fn is_8_4_4_4_12(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8usize, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `POST /camera/control/match-template?seq_uid=` (`8-4-4-4-12`).
pub(super) fn match_template(_dev: &Device, req: &SimRequest<'_>) -> SimResult {
    match req.query("seq_uid") {
        Some(id) if is_8_4_4_4_12(&id) => done("Match template started"),
        _ => Err(SimError::bad_request("seq_uid must be 8-4-4-4-12")),
    }
}

/// A fake BMP image: the magic `BM` and `len` bytes of `name`.
pub(super) fn fake_bmp(name: &str, len: usize) -> Vec<u8> {
    let mut v = b"BM".to_vec();
    v.extend(name.bytes().cycle().take(len));
    v
}

/// `GET /preview`: `{"face_image": base64}` with `\r\n` line breaks every 76
/// characters (as real devices send) while the camera runs; 204 and no body
/// otherwise (E2).
pub(super) fn preview(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    if dev.lock().camera == Camera::Idle {
        return Ok(SimAnswer::empty(204));
    }
    let b64 = base64(&fake_bmp("preview", 300));
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    Ok(SimAnswer::json(&json!({"face_image": lines.join("\r\n")})))
}

/// `DELETE /preview`.
pub(super) fn delete_preview(_dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    done("Preview deleted")
}
