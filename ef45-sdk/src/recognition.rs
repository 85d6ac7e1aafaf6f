//! Recognition: the match-data buffer the device fills when someone is
//! recognised, and the door status.

use std::sync::Arc;

use access_core::http::{Query, segment};
use access_core::{Error, PollPolicy, Tick, poll_stream};
use futures_util::{TryStreamExt, stream};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::ids::{EncounterId, UserUuid};
use crate::model::{Ack, Page, ResultStream};

/// One match event **\[V\]** an `items` array whose last entry is "the last user"
/// (E2); **\[I\]** the field names, which follow the log table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MatchRecord {
    /// The event's id; clear the buffer with it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub encounter_id: Option<EncounterId>,
    /// The recognised user.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
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

/// `GET /1.0/match-data` or `GET /1.0/match-data/{id}` **\[V\]** E2 polls
/// `/match-data/{id}` with a time-based uuid; **\[I\]** what the id selects, and the
/// bare path: the match buffer (`items`, empty when nobody was recognised).
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

    /// The `/match-data/{id}` form E2 uses. The id is one path segment: an empty,
    /// `.` or `..` id is refused before sending.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

access_core::endpoint! {
    impl Endpoint for GetMatchData {
        name: "GET /match-data",
        method: GET,
        path: |s| match &s.id {
            Some(id) => format!("match-data/{}", segment(id)),
            None => "match-data".to_string(),
        },
        validate: |s| match &s.id {
            Some(id) => access_core::http::check_segment("id", id),
            None => Ok(()),
        },
        output: Page<MatchRecord>,
        error: GetMatchDataError,
        idempotent: true,
        decode: |_s, r| Ok(r.json_or_empty()?.unwrap_or_else(|| Page::new(Vec::new(), None, None, false, 0))),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /match-data` (see [`crate::error`] for how they are read).
    pub enum GetMatchDataError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `DELETE /1.0/match-data?encounter_id=..` **\[I\]** path and method; **\[seed\]**
/// `encounter_id` is listed as a parameter of the request (no URL shown), so it follows
/// `lock_uid` as a query parameter as in the seed's URL examples: empty the buffer after
/// reading a match.
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

access_core::endpoint! {
    impl Endpoint for DeleteMatchData {
        name: "DELETE /match-data",
        method: DELETE,
        path: "match-data",
        output: Ack,
        error: DeleteMatchDataError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        query: |s| {
            let mut q = Query::new();
            q.push("encounter_id", s.encounter_id.as_str());
            q
        },
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /match-data?encounter_id=` (see [`crate::error`] for how they are read).
    pub enum DeleteMatchDataError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// The door status **\[I\]** shape: `{"door_status": "..."}`; the device's values are
/// not published, so the text is kept.
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

/// `GET /1.0/door-status` **\[I\]** path; **\[seed\]** "use polling to get the status
/// continually".
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetDoorStatus;

impl GetDoorStatus {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for GetDoorStatus {
        name: "GET /door-status",
        method: GET,
        path: "door-status",
        output: DoorStatus,
        error: GetDoorStatusError,
        idempotent: true,
        decode: |_s, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /door-status` (see [`crate::error`] for how they are read).
    pub enum GetDoorStatusError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// Recognition calls of a [`Client`]: `client.recognition()`.
#[derive(Debug, Clone, Copy)]
pub struct Recognition<'a>(&'a Client);

impl Client {
    /// Recognition: match data and door status.
    pub fn recognition(&self) -> Recognition<'_> {
        Recognition(self)
    }
}

impl Recognition<'_> {
    /// `GET /match-data`: reads the match buffer once.
    pub async fn match_data(self) -> Result<Page<MatchRecord>, Error<GetMatchDataError>> {
        self.0.send(&GetMatchData::new()).await
    }

    /// `DELETE /match-data?encounter_id=`: clears one match from the buffer.
    pub async fn delete_match(
        self,
        encounter_id: EncounterId,
    ) -> Result<Ack, Error<DeleteMatchDataError>> {
        self.0.send(&DeleteMatchData::new(encounter_id)).await
    }

    /// Polls the match buffer; yields each match once and deletes it from the
    /// buffer by `encounter_id`. Runs until `policy`'s timeout (use
    /// [`PollPolicy::forever`] for a door daemon) or until dropped.
    pub fn match_stream(self, policy: PollPolicy) -> ResultStream<MatchRecord, GetMatchDataError> {
        let client = self.0.clone();
        Box::pin(
            poll_stream(policy, move || {
                let client = client.clone();
                async move {
                    let page = client.send(&GetMatchData::new()).await?;
                    if page.items.is_empty() {
                        return Ok::<_, Error<GetMatchDataError>>(Tick::Nothing);
                    }
                    for r in &page.items {
                        if let Some(id) = &r.encounter_id {
                            client
                                .send(&DeleteMatchData::new(id.clone()))
                                .await
                                .map_err(|e| e.recast_with(GetMatchDataError::from_details))?;
                        }
                    }
                    Ok(Tick::Item(page.items))
                }
            })
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten(),
        )
    }

    /// `GET /door-status`: the door status once.
    pub async fn door_status(self) -> Result<DoorStatus, Error<GetDoorStatusError>> {
        self.0.send(&GetDoorStatus::new()).await
    }

    /// Polls the door status; yields the first status and then each change.
    pub fn door_status_stream(
        self,
        policy: PollPolicy,
    ) -> ResultStream<DoorStatus, GetDoorStatusError> {
        let client = self.0.clone();
        let last: Arc<std::sync::Mutex<Option<Option<String>>>> = Arc::default();
        Box::pin(poll_stream(policy, move || {
            let client = client.clone();
            let last = last.clone();
            async move {
                let s = client.send(&GetDoorStatus::new()).await?;
                let mut guard = last.lock().unwrap_or_else(|e| e.into_inner());
                if guard.as_ref() == Some(&s.door_status) {
                    return Ok(Tick::Nothing);
                }
                *guard = Some(s.door_status.clone());
                Ok(Tick::Item(s))
            }
        }))
    }
}
