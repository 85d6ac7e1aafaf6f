//! Webhooks (beta) **\[V\]** ENK README "Webhook (Beta)".
//!
//! Events: `key_added`, `key_blocklisted`, `device_log_arrived`. At most 3
//! subscriptions per event per locking system; the end date at most a year
//! after the start. iLOQ posts `{"Data": {...}, "CreationTimeUtc": "..."}` with
//! the headers `Counter`, `Event-Name`, `Subscription-Id`, `Webhook-Signature`
//! and `Custom-Header` (base64); it times out after 5 s and retries after 5
//! min, 15 min, 1 h, 6 h, 12 h and 24 h. The signature is the lower-case hex
//! HMAC-SHA256 of the raw body keyed with the subscription's `SignKey`
//! (UTF-8): check it with [`verify_signature`]. Needs the right "administrate
//! locking system" (LIV).

use std::fmt;

use access_core::http::{Body, Query, segment};
use access_core::{Error, ExposeSecret, SecretString, ValidationError};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use access_core::model::{AccessEvent, EventCursor};
use access_core::traits::EventLog;

use crate::client::Client;

use crate::ids::{SubscriptionId, WebhookEventId, WebhookPayloadId};

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "Webhook-Signature";

/// A webhook event type (`WebhookEvent`) **\[V\]** OpenAPI: `Id` is a GUID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// `Id` (GUID): pass it as `WebhookEventId`.
    #[serde(rename = "Id")]
    pub id: WebhookEventId,
    /// `Name`, e.g. `device_log_arrived`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `DisplayName`.
    #[serde(rename = "DisplayName", default)]
    pub display_name: Option<String>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
}

/// A new subscription (`AddSubscriptionParam`) **\[V\]** ENK.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewSubscription {
    /// `SubscriptionId`: the integrator's own GUID.
    #[serde(rename = "SubscriptionId")]
    pub id: SubscriptionId,
    /// `WebhookEventId` (GUID, the `Id` of a [`WebhookEvent`]).
    #[serde(rename = "WebhookEventId")]
    pub event_id: WebhookEventId,
    /// `TargetEndpointUri`.
    #[serde(rename = "TargetEndpointUri")]
    pub target: String,
    /// `StartDateUtc`.
    #[serde(rename = "StartDateUtc", with = "crate::dates::utc")]
    pub start: DateTime<Utc>,
    /// `EndDateUtc`: at most a year after the start.
    #[serde(rename = "EndDateUtc", with = "crate::dates::utc")]
    pub end: DateTime<Utc>,
    /// `CustomHeader`: sent back base64-encoded in `Custom-Header`.
    #[serde(rename = "CustomHeader", skip_serializing_if = "Option::is_none")]
    pub custom_header: Option<String>,
    /// `JsonPathFilter`.
    #[serde(rename = "JsonPathFilter", skip_serializing_if = "Option::is_none")]
    pub json_path_filter: Option<String>,
}

impl NewSubscription {
    /// A subscription of `event_id` posting to `target` (an absolute http(s)
    /// URL) from `start` to `end` (at most 366 days later).
    pub fn new(
        event_id: WebhookEventId,
        target: impl Into<String>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Self, ValidationError> {
        let s = Self {
            id: SubscriptionId::generate(),
            event_id,
            target: target.into(),
            start,
            end,
            custom_header: None,
            json_path_filter: None,
        };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        let url = url::Url::parse(&self.target)
            .map_err(|_| ValidationError::new("TargetEndpointUri", "must be an absolute URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ValidationError::new(
                "TargetEndpointUri",
                "must be http or https",
            ));
        }
        if self.start >= self.end {
            return Err(ValidationError::new(
                "EndDateUtc",
                "must be after StartDateUtc",
            ));
        }
        if self.end - self.start > chrono::Duration::days(366) {
            return Err(ValidationError::new(
                "EndDateUtc",
                "must be at most one year after StartDateUtc",
            ));
        }
        Ok(())
    }
}

/// A subscription as iLOQ answers it (`Subscription`) **\[V\]** OpenAPI:
/// `SubscriptionId`, `WebhookEventId` (GUIDs), `TargetEndpointUri`,
/// `StartDateUtc`, `EndDateUtc`, `CustomHeader`, `JsonPathFilter`, `SignKey`,
/// `Counter`, `State`. `SignKey` is kept secret and everything but the ids and
/// the target is in `extra`.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Subscription {
    /// `SubscriptionId`.
    pub id: Option<SubscriptionId>,
    /// `WebhookEventId`.
    pub event_id: Option<WebhookEventId>,
    /// `TargetEndpointUri`.
    pub target: Option<String>,
    /// `SignKey`: the key of the `Webhook-Signature` HMAC.
    pub sign_key: Option<SecretStringEq>,
    /// Every other field.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A [`SecretString`] that compares by value (for tests); `Debug` redacts.
#[derive(Clone)]
pub struct SecretStringEq(pub SecretString);

impl PartialEq for SecretStringEq {
    fn eq(&self, other: &Self) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

impl fmt::Debug for SecretStringEq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .field("event_id", &self.event_id)
            .field("target", &self.target)
            .field("sign_key", &self.sign_key.as_ref().map(|_| "[redacted]"))
            .field("extra", &self.extra)
            .finish()
    }
}

impl<'de> Deserialize<'de> for Subscription {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let sign_key = map.remove("SignKey").and_then(|v| {
            v.as_str()
                .map(|s| SecretStringEq(SecretString::from(s.to_string())))
        });
        let id = map
            .get("SubscriptionId")
            .and_then(|v| v.as_str())
            .and_then(|s| s.parse::<SubscriptionId>().ok());
        let event_id = map
            .get("WebhookEventId")
            .and_then(|v| v.as_str())
            .and_then(|s| s.parse::<WebhookEventId>().ok());
        let target = map
            .get("TargetEndpointUri")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        Ok(Self {
            id,
            event_id,
            target,
            sign_key,
            extra: map,
        })
    }
}

/// `GET /api/v2/Webhooks/Events` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct ListWebhookEvents {}

impl ListWebhookEvents {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListWebhookEvents {
        name: "GET /api/v2/Webhooks/Events",
        method: GET,
        path: "api/v2/Webhooks/Events",
        output: Vec<WebhookEvent>,
        error: ListWebhookEventsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Webhooks/Events` (iLOQ documents none per endpoint: its general rows).
    pub enum ListWebhookEventsError {
    }
}

/// `GET /api/v2/Webhooks/Subscriptions` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct ListSubscriptions {}

impl ListSubscriptions {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListSubscriptions {
        name: "GET /api/v2/Webhooks/Subscriptions",
        method: GET,
        path: "api/v2/Webhooks/Subscriptions",
        output: Vec<Subscription>,
        error: ListSubscriptionsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Webhooks/Subscriptions` (iLOQ documents none per endpoint: its general rows).
    pub enum ListSubscriptionsError {
    }
}

/// `GET /api/v2/Webhooks/Subscriptions/{id}` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct GetSubscription {
    id: SubscriptionId,
}

impl GetSubscription {
    /// The request with its required parameters.
    pub fn new(id: SubscriptionId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetSubscription {
        name: "GET /api/v2/Webhooks/Subscriptions/{id}",
        method: GET,
        path: |s| format!("api/v2/Webhooks/Subscriptions/{}", segment(&s.id.to_string())),
        output: Subscription,
        error: GetSubscriptionError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Webhooks/Subscriptions/{id}` (its documented row and iLOQ's general rows).
    pub enum GetSubscriptionError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404; T4E treats it as not found) **\[V\]** T4E.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `POST /api/v2/Webhooks/Subscriptions` **\[V\]** ENK; body
/// `AddSubscriptionParam`, answer **void (empty)** **\[V\]** OpenAPI (right:
/// administrate locking system).
///
/// Any 2xx answer is success, whatever its body: the subscription exists then,
/// and sending the POST again would create a second one (at most 3 per event).
/// The id is the integrator's own (`SubscriptionId`), so the new subscription
/// and its `SignKey` are read with [`GetSubscription`] afterwards, or found by
/// [`ListSubscriptions`] (see [`Webhooks::subscribe`]).
#[derive(Debug, Clone)]
pub struct AddSubscription {
    subscription: NewSubscription,
}

impl AddSubscription {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(subscription: NewSubscription) -> Result<Self, ValidationError> {
        let request = Self { subscription };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for AddSubscription {
        name: "POST /api/v2/Webhooks/Subscriptions",
        method: POST,
        path: "api/v2/Webhooks/Subscriptions",
        output: (),
        error: AddSubscriptionError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.subscription),
        validate: |s| s.subscription.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Webhooks/Subscriptions` (iLOQ documents none per endpoint: its general rows).
    pub enum AddSubscriptionError {
    }
}

/// `PUT /api/v2/Webhooks/Subscriptions` **\[V\]** path ENK; **\[I\]** body = the
/// `AddSubscriptionParam` fields; empty answer accepted.
#[derive(Debug, Clone)]
pub struct UpdateSubscription {
    subscription: NewSubscription,
}

impl UpdateSubscription {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(subscription: NewSubscription) -> Result<Self, ValidationError> {
        let request = Self { subscription };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateSubscription {
        name: "PUT /api/v2/Webhooks/Subscriptions",
        method: PUT,
        path: "api/v2/Webhooks/Subscriptions",
        output: (),
        error: UpdateSubscriptionError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.subscription),
        validate: |s| s.subscription.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/Webhooks/Subscriptions` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdateSubscriptionError {
    }
}

/// `DELETE /api/v2/Webhooks/Subscriptions/{id}` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct DeleteSubscription {
    id: SubscriptionId,
}

impl DeleteSubscription {
    /// The request with its required parameters.
    pub fn new(id: SubscriptionId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteSubscription {
        name: "DELETE /api/v2/Webhooks/Subscriptions/{id}",
        method: DELETE,
        path: |s| format!("api/v2/Webhooks/Subscriptions/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteSubscriptionError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/Webhooks/Subscriptions/{id}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteSubscriptionError {
    }
}

/// A payload's delivery state (`EventState` in the query of
/// `.../{id}/Payloads`, `Payload.State` in the answer) **\[V\]** OpenAPI: an
/// integer whose values iLOQ does not list; its text says that states 3 and 4
/// are payloads "that aren't sent successfully". Unknown values are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventState(pub i32);

impl EventState {
    /// State 3: not sent successfully (iLOQ still retries) **\[V\]** the state number; **\[I\]** the retrying.
    pub const FAILED: EventState = EventState(3);
    /// State 4: not sent successfully (retries exhausted) **\[V\]** the state number; **\[I\]** the exhaustion.
    pub const FAILED_FINAL: EventState = EventState(4);

    /// Whether iLOQ counts the payload as not sent successfully (3 or 4).
    pub fn is_unsent(self) -> bool {
        matches!(self.0, 3 | 4)
    }
}

/// One payload of a subscription (`Payload`) **\[V\]** OpenAPI: a delivery of an
/// event, with its state and the listener's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payload {
    /// `WebhookEventPayloadId`.
    #[serde(rename = "WebhookEventPayloadId")]
    pub id: WebhookPayloadId,
    /// `SubscriptionId`.
    #[serde(rename = "SubscriptionId")]
    pub subscription_id: SubscriptionId,
    /// `Counter`: the subscription's delivery counter (the `Counter` header).
    #[serde(rename = "Counter", default)]
    pub counter: i32,
    /// `CreatedUtc`.
    #[serde(rename = "CreatedUtc", default, with = "crate::dates::utc_opt")]
    pub created: Option<DateTime<Utc>>,
    /// `Data`: the body iLOQ posts, as text.
    #[serde(rename = "Data", default)]
    pub data: Option<String>,
    /// `FailedRequests`: how many times sending it failed.
    #[serde(rename = "FailedRequests", default)]
    pub failed_requests: i32,
    /// `Response`: the listening endpoint's answer.
    #[serde(rename = "Response", default)]
    pub response: Option<String>,
    /// `State`.
    #[serde(rename = "State", default)]
    pub state: EventState,
}

/// The answer of `GET .../Subscriptions/PendingPayloads` and `.../PendingEvents`
/// (`GetSubscriptionsWithPendingPayloadsResult`) **\[V\]** OpenAPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PendingSubscriptions {
    /// `SubscriptionIds`: the subscriptions with a payload in state 3 or 4.
    #[serde(rename = "SubscriptionIds", default)]
    pub subscription_ids: Vec<SubscriptionId>,
}

/// `GET /api/v2/Webhooks/Subscriptions/PendingPayloads` **\[V\]** OpenAPI: the
/// subscriptions with payloads not sent successfully (state 3 or 4). Right:
/// administrate locking system.
#[derive(Debug, Clone)]
pub struct ListPendingPayloadSubscriptions {}

impl ListPendingPayloadSubscriptions {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListPendingPayloadSubscriptions {
        name: "GET /api/v2/Webhooks/Subscriptions/PendingPayloads",
        method: GET,
        path: "api/v2/Webhooks/Subscriptions/PendingPayloads",
        output: PendingSubscriptions,
        error: ListPendingPayloadSubscriptionsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Webhooks/Subscriptions/PendingPayloads` (iLOQ documents none per endpoint: its general rows).
    pub enum ListPendingPayloadSubscriptionsError {
    }
}

/// `GET /api/v2/Webhooks/Subscriptions/PendingEvents` **\[V\]** OpenAPI,
/// deprecated by iLOQ in favour of [`ListPendingPayloadSubscriptions`]; the same
/// answer. Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct ListPendingEventSubscriptions {}

impl ListPendingEventSubscriptions {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListPendingEventSubscriptions {
        name: "GET /api/v2/Webhooks/Subscriptions/PendingEvents",
        method: GET,
        path: "api/v2/Webhooks/Subscriptions/PendingEvents",
        output: PendingSubscriptions,
        error: ListPendingEventSubscriptionsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Webhooks/Subscriptions/PendingEvents` (iLOQ documents none per endpoint: its general rows).
    pub enum ListPendingEventSubscriptionsError {
    }
}

/// `GET /api/v2/Webhooks/Subscriptions/{id}/Payloads?state=` **\[V\]** OpenAPI:
/// the subscription's payloads in `state`, the most recent first, at most
/// 1000. Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct GetSubscriptionPayloads {
    id: SubscriptionId,
    state: EventState,
}

impl GetSubscriptionPayloads {
    /// The request with its required parameters (`state` is required by iLOQ).
    pub fn new(id: SubscriptionId, state: EventState) -> Self {
        Self { id, state }
    }
}

access_core::endpoint! {
    impl Endpoint for GetSubscriptionPayloads {
        name: "GET /api/v2/Webhooks/Subscriptions/{id}/Payloads",
        method: GET,
        path: |s| format!("api/v2/Webhooks/Subscriptions/{}/Payloads", segment(&s.id.to_string())),
        output: Vec<Payload>,
        error: GetSubscriptionPayloadsError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| Query::new().with("state", s.state.0),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Webhooks/Subscriptions/{id}/Payloads` (iLOQ's general rows).
    pub enum GetSubscriptionPayloadsError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Webhooks/Subscriptions/{id}/PendingEvents` **\[V\]** OpenAPI,
/// deprecated by iLOQ in favour of [`GetSubscriptionPayloads`]: the
/// subscription's payloads not sent successfully. Right: administrate locking system.
#[derive(Debug, Clone)]
pub struct GetSubscriptionPendingEvents {
    id: SubscriptionId,
}

impl GetSubscriptionPendingEvents {
    /// The request with its required parameters.
    pub fn new(id: SubscriptionId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetSubscriptionPendingEvents {
        name: "GET /api/v2/Webhooks/Subscriptions/{id}/PendingEvents",
        method: GET,
        path: |s| format!("api/v2/Webhooks/Subscriptions/{}/PendingEvents", segment(&s.id.to_string())),
        output: Vec<Payload>,
        error: GetSubscriptionPendingEventsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Webhooks/Subscriptions/{id}/PendingEvents` (iLOQ's general rows).
    pub enum GetSubscriptionPendingEventsError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" **\[V\]** T4E (iLOQ's answer to an unknown id).
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// Why a webhook delivery was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The `Webhook-Signature` header is missing.
    #[error("the Webhook-Signature header is missing")]
    Missing,
    /// The header is not hex.
    #[error("the Webhook-Signature header is not hex")]
    NotHex,
    /// The signature does not match the body and key.
    #[error("the Webhook-Signature does not match the body")]
    Mismatch,
}

fn mac(sign_key: &SecretString) -> Hmac<Sha256> {
    // HMAC accepts keys of any length.
    Hmac::<Sha256>::new_from_slice(sign_key.expose_secret().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
}

/// The `Webhook-Signature` iLOQ sends for `raw_body`: lower-case hex
/// HMAC-SHA256 keyed with the `SignKey` (for tests and simulators).
pub fn sign(raw_body: &[u8], sign_key: &SecretString) -> String {
    let mut m = mac(sign_key);
    m.update(raw_body);
    hex::encode(m.finalize().into_bytes())
}

/// Checks a delivery: `signature` is the `Webhook-Signature` header value
/// (hex, case-insensitive), `raw_body` the body exactly as received (before
/// any JSON parsing). The comparison is constant-time.
pub fn verify_signature(
    raw_body: &[u8],
    signature: Option<&str>,
    sign_key: &SecretString,
) -> Result<(), SignatureError> {
    let sig = signature.ok_or(SignatureError::Missing)?;
    let bytes = hex::decode(sig.trim()).map_err(|_| SignatureError::NotHex)?;
    let mut m = mac(sign_key);
    m.update(raw_body);
    m.verify_slice(&bytes).map_err(|_| SignatureError::Mismatch)
}

/// A webhook delivery body: `{"Data": {...}, "CreationTimeUtc": "..."}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookPayload {
    /// `Data`: the event's record (a key, a lock log, ...), kept as JSON.
    #[serde(rename = "Data")]
    pub data: serde_json::Value,
    /// `CreationTimeUtc`.
    #[serde(rename = "CreationTimeUtc", default, with = "crate::dates::utc_opt")]
    pub created: Option<DateTime<Utc>>,
}

impl WebhookPayload {
    /// Verifies the signature, then parses the body.
    pub fn verify_and_parse(
        raw_body: &[u8],
        signature: Option<&str>,
        sign_key: &SecretString,
    ) -> Result<Self, SignatureError> {
        verify_signature(raw_body, signature, sign_key)?;
        serde_json::from_slice(raw_body).map_err(|_| SignatureError::Mismatch)
    }
}

/// Webhook calls of a [`Client`]: `client.webhooks()`.
#[derive(Debug, Clone, Copy)]
pub struct Webhooks<'a>(&'a Client);

impl Client {
    /// Webhooks, beta (`/api/v2/Webhooks`).
    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks(self)
    }
}

impl Webhooks<'_> {
    /// The event types.
    pub async fn events(self) -> Result<Vec<WebhookEvent>, Error<ListWebhookEventsError>> {
        self.0.send(&ListWebhookEvents::new()).await
    }

    /// Every subscription (answered whole).
    pub async fn subscriptions(self) -> Result<Vec<Subscription>, Error<ListSubscriptionsError>> {
        self.0.send(&ListSubscriptions::new()).await
    }

    /// One subscription.
    pub async fn subscription(
        self,
        id: SubscriptionId,
    ) -> Result<Subscription, Error<GetSubscriptionError>> {
        self.0.send(&GetSubscription::new(id)).await
    }

    /// Subscribes (`POST`, answered empty by iLOQ) and answers the id the
    /// subscription was created with (the integrator's own `SubscriptionId`).
    /// Read it back with [`Webhooks::subscription`] for its `SignKey`; if a
    /// server ever keyed it otherwise, [`Webhooks::subscriptions`] lists it
    /// (match `event_id` and `target`). Not retried: a second POST would
    /// create a second subscription.
    pub async fn subscribe(
        self,
        s: NewSubscription,
    ) -> Result<SubscriptionId, Error<AddSubscriptionError>> {
        let id = s.id;
        self.0.send(&AddSubscription::new(s)?).await?;
        Ok(id)
    }

    /// Updates a subscription.
    pub async fn update(self, s: NewSubscription) -> Result<(), Error<UpdateSubscriptionError>> {
        self.0.send(&UpdateSubscription::new(s)?).await
    }

    /// The subscriptions with payloads not sent successfully (state 3 or 4).
    pub async fn pending(
        self,
    ) -> Result<PendingSubscriptions, Error<ListPendingPayloadSubscriptionsError>> {
        self.0.send(&ListPendingPayloadSubscriptions::new()).await
    }

    /// A subscription's payloads in `state` (the most recent, at most 1000).
    pub async fn payloads(
        self,
        id: SubscriptionId,
        state: EventState,
    ) -> Result<Vec<Payload>, Error<GetSubscriptionPayloadsError>> {
        self.0.send(&GetSubscriptionPayloads::new(id, state)).await
    }

    /// Deletes a subscription.
    pub async fn unsubscribe(
        self,
        id: SubscriptionId,
    ) -> Result<(), Error<DeleteSubscriptionError>> {
        self.0.send(&DeleteSubscription::new(id)).await
    }
}

/// The name of iLOQ's webhook event for a lock log entry reaching the server
/// (`WebhookEvent.Name`).
pub const DEVICE_LOG_ARRIVED: &str = "device_log_arrived";

/// A subscription to [`DEVICE_LOG_ARRIVED`] made by
/// [`Flows::subscribe_audit_trail`](crate::flows::Flows::subscribe_audit_trail):
/// its id and the `SignKey` every delivery is signed with. `Debug` redacts the key.
#[derive(Clone)]
#[non_exhaustive]
pub struct AuditSubscription {
    /// The subscription.
    pub id: SubscriptionId,
    /// The key of the deliveries' `Webhook-Signature` HMAC.
    pub sign_key: SecretString,
}

impl fmt::Debug for AuditSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditSubscription")
            .field("id", &self.id)
            .field("sign_key", &"[redacted]")
            .finish()
    }
}

/// Why a webhook delivery was not taken as an audit-trail entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeliveryError {
    /// The signature is missing, not hex, or does not match: answer the
    /// delivery with an error and do not trust its body.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// Signed correctly, but not a `{"Data": <lock log entry>}` body.
    #[error("the delivery is not a lock log entry: {0}")]
    Body(String),
}

/// How many delivered or polled entry ids an [`AuditTrailFeed`] remembers to
/// drop repeats (iLOQ redelivers a payload until the listener acknowledges it).
const SEEN_LIMIT: usize = 10_000;

/// The audit trail fed by webhooks, with polling as the safety net.
///
/// iLOQ pushes each lock log entry as a [`DEVICE_LOG_ARRIVED`] delivery the
/// moment it reaches the server, but a delivery can be lost (the listener was
/// down, iLOQ gave up after its retries: see [`Webhooks::pending`]). The feed
/// takes both paths and reports every entry once:
///
/// * [`accept`](Self::accept) checks a delivery's `Webhook-Signature` against
///   the subscription's `SignKey` (constant-time, on the raw body), parses the
///   entry and answers it as an [`AccessEvent`], or `None` for an entry already
///   reported;
/// * [`catch_up`](Self::catch_up) reads the lock logs from the feed's cursor
///   (the [`EventLog`] export) and answers the entries no delivery brought,
///   then moves the cursor. Call it on start, after a listener outage, and
///   from time to time (say hourly): it is what guarantees completeness.
///
/// Only `catch_up` moves the cursor: a delivery can arrive out of order, so
/// the entries before it are not known to be complete. Keep
/// [`cursor`](Self::cursor) across restarts. Repeats are recognised among the
/// last 10,000 entry ids.
#[derive(Debug)]
pub struct AuditTrailFeed {
    client: Client,
    sign_key: SecretString,
    cursor: Option<EventCursor>,
    seen: std::collections::HashSet<String>,
    order: std::collections::VecDeque<String>,
    people: std::collections::HashMap<crate::KeyId, String>,
}

impl AuditTrailFeed {
    /// A feed for deliveries signed with `sign_key`, polling from `cursor`
    /// (`None`: iLOQ's export default, a year back). Reads the persons and
    /// keys once, so that delivered entries name people by their
    /// `ExternalPersonId` as the polled ones do.
    pub async fn start(
        client: Client,
        sign_key: SecretString,
        cursor: Option<EventCursor>,
    ) -> Result<Self, Error<crate::flows::FlowError>> {
        let mut feed = Self {
            client,
            sign_key,
            cursor,
            seen: Default::default(),
            order: Default::default(),
            people: Default::default(),
        };
        feed.refresh_people().await?;
        Ok(feed)
    }

    async fn refresh_people(&mut self) -> Result<(), Error<crate::flows::FlowError>> {
        let persons = self
            .client
            .persons()
            .list()
            .await
            .map_err(crate::flows::api)?;
        let keys = self.client.keys().list().await.map_err(crate::flows::api)?;
        let ext: std::collections::HashMap<_, _> = persons
            .into_iter()
            .filter_map(|p| Some((p.id, p.external_id?)))
            .collect();
        self.people = keys
            .into_iter()
            .filter_map(|k| Some((k.id, ext.get(&k.person_id?)?.clone())))
            .collect();
        Ok(())
    }

    /// Where the next [`catch_up`](Self::catch_up) starts (keep it).
    pub fn cursor(&self) -> Option<&EventCursor> {
        self.cursor.as_ref()
    }

    /// Whether `id` was reported before; remembers it otherwise.
    fn first_time(&mut self, id: &str) -> bool {
        if self.seen.contains(id) {
            return false;
        }
        if self.order.len() >= SEEN_LIMIT
            && let Some(old) = self.order.pop_front()
        {
            self.seen.remove(&old);
        }
        self.seen.insert(id.to_string());
        self.order.push_back(id.to_string());
        true
    }

    /// A delivery: `raw_body` exactly as received and the `Webhook-Signature`
    /// header. Answers the entry as an event, `None` if it was reported
    /// before, or why the delivery is not trusted. The event's cursor is the
    /// entry's own position; the feed's cursor does not move.
    pub fn accept(
        &mut self,
        raw_body: &[u8],
        signature: Option<&str>,
    ) -> Result<Option<AccessEvent>, DeliveryError> {
        verify_signature(raw_body, signature, &self.sign_key)?;
        #[derive(Deserialize)]
        struct Delivery {
            #[serde(rename = "Data")]
            data: crate::lock_logs::LockLogData,
        }
        let delivery: Delivery =
            serde_json::from_slice(raw_body).map_err(|e| DeliveryError::Body(e.to_string()))?;
        let log = delivery.data;
        if !self.first_time(&log.id.to_string()) {
            return Ok(None);
        }
        let at = crate::lock_logs::AuditCursor {
            timestamp: log.timestamp,
            id: Some(log.id.as_uuid()),
        };
        Ok(Some(crate::access::to_event(&log, &at, &self.people)))
    }

    /// Reads the lock logs from the cursor to now and answers the entries no
    /// delivery reported, oldest first; then moves the cursor past them. On
    /// an error the cursor stays where it was (nothing is lost: call again).
    pub async fn catch_up(&mut self) -> Result<Vec<AccessEvent>, Error<access_core::AnyError>> {
        use futures_util::StreamExt;
        let client = self.client.clone();
        let mut stream = client.events_since(self.cursor.clone());
        let mut fresh = Vec::new();
        let mut last = None;
        while let Some(event) = stream.next().await {
            let event = event?;
            last = Some(event.cursor.clone());
            if self.first_time(&event.id) {
                fresh.push(event);
            }
        }
        drop(stream);
        if let Some(c) = last {
            self.cursor = Some(c);
        }
        Ok(fresh)
    }
}
