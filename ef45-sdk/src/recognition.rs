//! Recognition: the match-data buffer the device fills when someone is
//! recognised, and the door status.

use access_core::http::segment;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::DeviceError;
use crate::macros::endpoint;
use crate::types::{Ack, EncounterId, Page, UserUuid};

/// One match event [V: an `items` array whose last entry is "the last user"
/// (E2); I: the field names, which follow the log table].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MatchRecord {
    /// The event's id; clear the buffer with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encounter_id: Option<EncounterId>,
    /// The recognised user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_uuid: Option<UserUuid>,
    /// When (device text, usually RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The device's description, e.g. `Recog/BioOnly/IrisOk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<String>,
    /// The outcome, e.g. `Allowed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_data: Option<String>,
    /// Everything else (matched face image...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl MatchRecord {
    /// A record (the simulator builds these).
    pub fn new(encounter_id: EncounterId, user_uuid: Option<UserUuid>) -> Self {
        Self {
            encounter_id: Some(encounter_id),
            user_uuid,
            timestamp: None,
            info: None,
            additional_data: None,
            extra: Map::new(),
        }
    }

    /// Whether the device allowed access (`additional_data == "Allowed"`).
    pub fn allowed(&self) -> bool {
        self.additional_data
            .as_deref()
            .is_some_and(|a| a.eq_ignore_ascii_case("allowed"))
    }
}

/// `GET /1.0/match-data` or `GET /1.0/match-data/{id}` [V: E2 polls
/// `/match-data/{id}` with a time-based uuid; I: what the id selects, and the
/// bare path]: the match buffer (`items`, empty when nobody was recognised).
/// Poll it; clear each event with [`DeleteMatchData`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetMatchData {
    id: Option<String>,
}

impl GetMatchData {
    /// The whole buffer.
    pub fn new() -> Self {
        Self { id: None }
    }

    /// The `/match-data/{id}` form E2 uses.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

endpoint! {
    GetMatchData: GET "GET /match-data",
    idempotent = true,
    auth = true,
    error = DeviceError,
    output = Page<MatchRecord>,
    path = |s| match &s.id {
        Some(id) => format!("match-data/{}", segment(id)),
        None => "match-data".to_string(),
    },
    decode = |_s, r| Ok(r.json_or_empty()?.unwrap_or_else(|| Page::new(Vec::new(), None, None, false, 0))),
}

/// `DELETE /1.0/match-data/{encounter_id}` [I path; seed parameter]: empty the
/// buffer after reading a match.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeleteMatchData {
    encounter_id: EncounterId,
}

impl DeleteMatchData {
    /// Clears `encounter_id`.
    pub fn new(encounter_id: EncounterId) -> Self {
        Self { encounter_id }
    }
}

endpoint! {
    DeleteMatchData: DELETE "DELETE /match-data/{encounter_id}",
    idempotent = false,
    auth = true,
    error = DeviceError,
    output = Ack,
    path = |s| format!("match-data/{}", segment(s.encounter_id.as_str())),
    decode = |_s, r| Ack::decode(r),
}

/// The door status [I shape: `{"door_status": "..."}`; the device's values are
/// not published, so the text is kept].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct DoorStatus {
    /// The status text (e.g. `open`, `closed`).
    #[serde(default, alias = "status")]
    pub door_status: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /1.0/door-status` [I path; seed "use polling to get the status
/// continually"].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetDoorStatus;

impl GetDoorStatus {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

endpoint! {
    GetDoorStatus: GET "GET /door-status",
    idempotent = true,
    auth = true,
    error = DeviceError,
    output = DoorStatus,
    path = |_s| "door-status",
    decode = |_s, r| r.json(),
}
