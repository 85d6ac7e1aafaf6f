//! The simulator's knobs in the control API (`/_sim/...`, beside the shared
//! clock, fault, reset and state routes of `access_core::testkit::control`):
//! what happens at the doors, outside the API.
//!
//! | knob | body | what happens |
//! |---|---|---|
//! | `GET /_sim/magic-links` | | every guest link, with its token |
//! | `POST /_sim/doors/{resource_id}/magic-link` | `{"token": "…"}` | a guest presents a link at the door |
//! | `PUT /_sim/doors/{resource_id}/online` | `{"online": false}` | the door's controller goes offline or back |

use access_core::testkit::control::Control;
use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde::Deserialize;
use serde_json::json;

use super::SimApi;
use crate::testkit::SimMagicLink;

/// The simulator's part of the control API.
pub(crate) fn control() -> Control<SimApi> {
    Control::new()
        .knob("GET", "magic-links", magic_links)
        .knob("POST", "doors/{resource_id}/magic-link", present_link)
        .knob("PUT", "doors/{resource_id}/online", online)
        .reset(SimApi::restore)
        .state_of(SimApi::state)
}

fn magic_links(api: &SimApi, _: &SimRequest<'_>) -> SimResult {
    let links: Vec<_> = api
        .state()
        .links()
        .map(SimMagicLink::of)
        .map(|l| {
            json!({
                "magic_link_id": l.id,
                "token": l.token,
                "name": l.name,
                "emails": l.emails,
                "resource_ids": l.resource_ids,
                "start_time": l.start.to_string(),
                "end_time": l.end.to_string(),
                "time_mapping": l.time_mapping,
            })
        })
        .collect();
    Ok(SimAnswer::json(&links))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Presented {
    token: String,
}

fn present_link(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let door: i64 = req.param("resource_id")?;
    let body: Presented = req.json()?;
    let entry = super::guest_links::open(api, &body.token, door);
    let locked = api.state().resource(door).map(|r| r.locked);
    Ok(SimAnswer::json(
        &json!({ "entry": entry, "locked": locked }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Online {
    online: bool,
}

/// The door's controller goes offline or comes back (an offline door refuses
/// `/setlockstatus` and is skipped by `/masslock`). Answers whether the
/// resource exists.
pub(crate) fn set_online(api: &SimApi, door: i64, online: bool) -> bool {
    match api.state().resource_mut(door) {
        Some(r) => {
            r.online = online;
            true
        }
        None => false,
    }
}

fn online(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let door: i64 = req.param("resource_id")?;
    let body: Online = req.json()?;
    if set_online(api, door, body.online) {
        Ok(SimAnswer::json(
            &json!({ "resource_id": door, "online": body.online }),
        ))
    } else {
        Err(SimError::not_found(format!("no resource {door}")))
    }
}
