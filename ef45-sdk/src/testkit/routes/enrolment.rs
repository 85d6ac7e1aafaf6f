//! Enrolment: the biometric-data buffer the camera fills, and images.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::{Value, json};

use super::super::state::{Camera, CaptureRow, base64, base64_decode};
use super::camera::fake_bmp;
use super::{Device, body, done, items};

/// The iris image files `POST /images/iris` saves (E1).
const IRIS_FILES: [&str; 2] = ["lefteye.bmp", "righteye.bmp"];
/// The face image files `POST /images/face` saves (E1).
const FACE_FILES: [&str; 5] = [
    "irisoff.bmp",
    "faroff.bmp",
    "faron.bmp",
    "nearoff.bmp",
    "nearon.bmp",
];

/// Answers the buffer after one more poll of an enrolment capture: the
/// capture arrives after the configured number of polls, then the camera
/// stops by itself. Apps up to 1.2.33 serve the original path, later ones
/// `/v2` (seed); the other path answers 404.
fn poll_buffer(dev: &Device, revised_path: bool) -> SimResult {
    let mut s = dev.lock();
    let revised = app_is_revised(&s.version);
    if revised_path != revised {
        return Err(SimError::not_found("Not supported by this app version"));
    }
    if let Camera::Capturing {
        polls_left,
        recognition: false,
        face,
        iris,
    } = s.camera
    {
        if polls_left <= 1 {
            let capture = s.capture();
            s.biometric.push(capture);
            s.camera = Camera::Idle;
        } else {
            s.camera = Camera::Capturing {
                polls_left: polls_left - 1,
                face,
                iris,
                recognition: false,
            };
        }
    }
    items(s.biometric.iter().map(CaptureRow::json).collect())
}

/// Whether app `version` (`major.minor.patch`) is 1.2.34 or later: such apps
/// serve the revised biometric-data and firmware endpoints.
pub(super) fn app_is_revised(version: &str) -> bool {
    let parts: Vec<u64> = version
        .trim()
        .split('.')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let at = |i: usize| parts.get(i).copied().unwrap_or(0);
    (at(0), at(1), at(2)) >= (1, 2, 34)
}

/// `GET /biometric-data` (apps up to 1.2.33).
pub(super) fn biometric_data(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    poll_buffer(dev, false)
}

/// `GET /biometric-data/v2` (apps since 1.2.34) **\[I\]** path.
pub(super) fn biometric_data_v2(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    poll_buffer(dev, true)
}

/// `DELETE /biometric-data?encounter_id=`: clears one capture (400 without
/// the parameter, 404 if none).
pub(super) fn delete_biometric_data(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let id = req
        .query("encounter_id")
        .ok_or_else(|| SimError::bad_request("encounter_id is required"))?;
    let mut s = dev.lock();
    let before = s.biometric.len();
    s.biometric.retain(|r| r.encounter_id != id);
    if s.biometric.len() == before {
        return Err(SimError::not_found("encounter_id not found"));
    }
    done("Buffer deleted")
}

/// Saves the images of the last capture: the iris files or the face files
/// (the seed's names); 409 when nothing of that kind was captured. The seed
/// lists only `lock_uid` for these calls: there is no file name to choose.
fn save_captured(dev: &Device, iris: bool) -> SimResult {
    let files: &[&str] = if iris { &IRIS_FILES } else { &FACE_FILES };
    let mut s = dev.lock();
    let captured = s.last_capture.as_ref().is_some_and(|c| {
        if iris {
            c.has_iris()
        } else {
            !c.faces.is_empty()
        }
    });
    if !captured {
        return Err(SimError::new(409, "no captured image to save"));
    }
    for name in files {
        let image = fake_bmp(name, 1024);
        s.images.insert((*name).to_string(), image);
    }
    done("Image saved")
}

/// `POST /images/iris`: writes `lefteye.bmp` and `righteye.bmp`.
pub(super) fn save_iris_image(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    save_captured(dev, true)
}

/// `POST /images/face`: writes `irisoff.bmp`, `faroff.bmp`, `faron.bmp`,
/// `nearoff.bmp` and `nearon.bmp`.
pub(super) fn save_face_image(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    save_captured(dev, false)
}

/// The `filename` query parameter of the image calls (400 without it).
fn file_name(req: &SimRequest<'_>) -> Result<String, SimError> {
    req.query("filename")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| SimError::bad_request("filename is required"))
}

/// `GET /images?filename=`: `{"filename", "image"}`, the base64 unpadded and
/// broken every 76 characters with the escaped text `\r\n`, as real devices
/// send it.
pub(super) fn load_image(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let name = file_name(req)?;
    let s = dev.lock();
    let bytes = s
        .images
        .get(&name)
        .ok_or_else(|| SimError::not_found("file not found"))?;
    let b64 = base64(bytes);
    let lines: Vec<&str> = b64
        .trim_end_matches('=')
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    Ok(SimAnswer::json(
        &json!({"filename": name, "image": lines.join("\\r\\n")}),
    ))
}

/// `POST /images?filename=` with `{"image": base64}`.
pub(super) fn save_image(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let name = file_name(req)?;
    let body = body(req);
    let Some(text) = body
        .as_ref()
        .and_then(|b| b.get("image"))
        .and_then(Value::as_str)
    else {
        return Err(SimError::bad_request("body must be {\"image\": base64}"));
    };
    let bytes = base64_decode(text).ok_or_else(|| SimError::bad_request("image is not base64"))?;
    dev.lock().images.insert(name, bytes);
    done("Image saved")
}
