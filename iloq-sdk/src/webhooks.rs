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

use access_core::http::{Body, segment};
use access_core::{Error, ExposeSecret, SecretString, ValidationError};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::client::Client;

use crate::ids::SubscriptionId;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "Webhook-Signature";

/// A webhook event type (`WebhookEvent`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// `Id`: pass it as `WebhookEventId`.
    #[serde(rename = "Id")]
    pub id: serde_json::Value,
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
    /// `WebhookEventId`.
    #[serde(rename = "WebhookEventId")]
    pub event_id: serde_json::Value,
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
        event_id: serde_json::Value,
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

/// A subscription as iLOQ answers it. The shape beyond the `AddSubscriptionParam`
/// fields is **\[I\]**; `SignKey` is kept secret and everything else is in `extra`.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Subscription {
    /// `SubscriptionId`.
    pub id: Option<SubscriptionId>,
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
        let target = map
            .get("TargetEndpointUri")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        Ok(Self {
            id,
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

/// `POST /api/v2/Webhooks/Subscriptions` **\[V\]** ENK; the answer is kept as
/// a [`Subscription`] **\[I\]** (it carries the `SignKey`).
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
        output: Subscription,
        error: AddSubscriptionError,
        idempotent: false,
        decode: |_, r| r.json(),
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

    /// Subscribes.
    pub async fn subscribe(
        self,
        s: NewSubscription,
    ) -> Result<Subscription, Error<AddSubscriptionError>> {
        self.0.send(&AddSubscription::new(s)?).await
    }

    /// Updates a subscription.
    pub async fn update(self, s: NewSubscription) -> Result<(), Error<UpdateSubscriptionError>> {
        self.0.send(&UpdateSubscription::new(s)?).await
    }

    /// Deletes a subscription.
    pub async fn unsubscribe(
        self,
        id: SubscriptionId,
    ) -> Result<(), Error<DeleteSubscriptionError>> {
        self.0.send(&DeleteSubscription::new(id)).await
    }
}
