//! Connection (`/lock`, `/version`): one lock holder at a time (E1, E3).

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::json;

use super::Device;

/// `POST /lock`: connects with a new `lock_uid`; refused (409) while another
/// client holds the lock **\[I\]** (E3 then takes over with `PUT`).
pub(super) fn connect(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    let mut s = dev.lock();
    if s.holder.is_some() {
        return Err(SimError::new(409, "Device is locked by another client"));
    }
    let id = s.next_id();
    s.holder = Some(id.clone());
    Ok(SimAnswer::json(&json!({"lock_uid": id})))
}

/// `PUT /lock`: takes the lock over with a new `lock_uid`, whoever held it.
pub(super) fn take_over(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    let mut s = dev.lock();
    let id = s.next_id();
    s.holder = Some(id.clone());
    Ok(SimAnswer::json(&json!({"lock_uid": id})))
}

/// `DELETE /lock/{lock_uid}`: disconnects; answers the text
/// `Uuid deletion success` (E1), 404 for a `lock_uid` that is not held.
pub(super) fn disconnect(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let mut s = dev.lock();
    if s.holder.as_deref() != Some(req.text("lock_uid")) {
        return Err(SimError::not_found("Uuid does not exist"));
    }
    s.holder = None;
    Ok(SimAnswer::text(200, "text/plain", "Uuid deletion success"))
}

/// `GET /version`: `{"version": "1.2.34"}`.
pub(super) fn version(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json(&json!({"version": dev.lock().version})))
}
