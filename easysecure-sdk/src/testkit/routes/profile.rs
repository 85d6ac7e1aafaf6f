//! The app user's own record (user path): `setConsent`, `setLicensePlate`,
//! `setCardPin`, `getPicture`, `setPicture`, `sendSupportMail`.
//!
//! Each acts on the user record the app account is linked to. Plate, PIN and
//! picture need the user's self-service permission; a picture needs GDPR
//! consent, and withdrawing consent deletes it.

use access_core::testkit::{SimError, SimRequest, SimResult};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::Sim;
use super::body::{flag, refuse, text};
use crate::testkit::state::{AccountRole, SimUser};

/// Runs `f` on the user record of the request's app account (404 "User not
/// found" when it has none).
fn with_own_user(
    sim: &Sim,
    req: &SimRequest<'_>,
    f: impl FnOnce(&mut SimUser, &Value) -> Result<Value, SimError>,
) -> SimResult {
    sim.with_company(req, |c, token, body, _: NaiveDateTime| {
        let ws = c
            .accounts
            .iter()
            .find(|a| a.email.eq_ignore_ascii_case(&token.email) && a.role == AccountRole::User)
            .and_then(|a| a.ws_alt_user_id.clone())
            .unwrap_or_default();
        let u = c
            .user_mut(&ws)
            .ok_or_else(|| refuse(404, "User not found"))?;
        f(u, body)
    })
}

fn ok() -> Result<Value, SimError> {
    Ok(json!({ "message": "OK" }))
}

/// `POST /users/setConsent`: `{consent}`; setting the value it has is 500
/// "Value already set"; withdrawing deletes the picture.
pub(super) fn set_consent(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    with_own_user(sim, req, |u, body| {
        let consent = flag(body, "consent").ok_or_else(|| refuse(400, "Required field missing"))?;
        if u.consent == consent {
            return Err(refuse(500, "Value already set"));
        }
        u.consent = consent;
        if !consent {
            u.picture = None;
        }
        ok()
    })
}

/// `POST /users/setLicensePlate`: `{licensePlate}` (self-service only).
pub(super) fn set_license_plate(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    with_own_user(sim, req, |u, body| {
        let plate = text(body, "licensePlate")
            .filter(|p| !p.is_empty())
            .ok_or_else(|| refuse(400, "Required field missing"))?;
        if !u.self_service {
            return Err(refuse(403, "No permission"));
        }
        u.license_plate = plate;
        ok()
    })
}

/// `POST /users/setCardPin`: `{PIN}` (self-service only).
pub(super) fn set_card_pin(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    with_own_user(sim, req, |u, body| {
        let pin = text(body, "PIN")
            .filter(|p| !p.is_empty())
            .ok_or_else(|| refuse(400, "Required field missing"))?;
        if !u.self_service {
            return Err(refuse(403, "No permission"));
        }
        u.pin = pin;
        ok()
    })
}

/// `POST /users/getPicture`: `{picture, extension}`, or 404 "Picture not found".
pub(super) fn get_picture(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    with_own_user(sim, req, |u, _| match &u.picture {
        Some((ext, data)) => Ok(json!({ "picture": data, "extension": ext })),
        None => Err(refuse(404, "Picture not found")),
    })
}

/// `POST /users/setPicture`: `{action: "set", picture, extension}` (jpg, jpeg
/// or png) or `{action: "delete"}`; needs consent and self-service.
pub(super) fn set_picture(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    with_own_user(sim, req, |u, body| {
        let no_action = || refuse(500, "No action selected");
        let action = text(body, "action").ok_or_else(no_action)?;
        if !u.consent {
            return Err(refuse(403, "User did not give GDPR consent"));
        }
        if !u.self_service {
            return Err(refuse(403, "No permission"));
        }
        match action.as_str() {
            "delete" => {
                u.picture = None;
                ok()
            }
            "set" => {
                let (Some(data), Some(ext)) = (text(body, "picture"), text(body, "extension"))
                else {
                    return Err(refuse(400, "Required field missing"));
                };
                if !["jpg", "jpeg", "png"].contains(&ext.to_ascii_lowercase().as_str()) {
                    return Err(refuse(500, "Picture extension not supported"));
                }
                u.picture = Some((ext, data));
                ok()
            }
            _ => Err(no_action()),
        }
    })
}

/// Whether `v` looks like an e-mail address: one `@` with a name before it and
/// a dotted domain after it, no whitespace.
fn is_email(v: &str) -> bool {
    if v.len() > 254 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains('@')
        && domain.len() >= 3
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// `POST /users/sendSupportMail`: `{email, subject?, message}`.
pub(super) fn send_support_mail(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    with_own_user(sim, req, |_, body| {
        let missing = || refuse(400, "Required field missing");
        let (Some(email), Some(message)) = (text(body, "email"), text(body, "message")) else {
            return Err(missing());
        };
        if !is_email(&email) {
            return Err(refuse(400, "Invalid email"));
        }
        if message.trim().is_empty() {
            return Err(missing());
        }
        Ok(json!({ "message": "Support request sent" }))
    })
}
