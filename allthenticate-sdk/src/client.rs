//! The client and its builder.

use std::fmt;
use std::sync::Arc;

use access_core::http::{CallOptions, Endpoint, Transport, TransportBuilder};
use access_core::{Error, SecretString, ValidationError};

use crate::auth::{ApiKey, ApiKeyAuth, KeyPlacement};

/// The vendor name used in spans, errors and capability reports.
pub(crate) const VENDOR: &str = "allthenticate";

/// An Allthenticate API client. Cheap to clone: clones share the connection
/// pool and configuration.
///
/// Every endpoint is a request type (see the modules) sent with
/// [`Client::send`]; the resource handles ([`Client::users`],
/// [`Client::groups`], [`Client::smartcards`], [`Client::guest_links`],
/// [`Client::resources`]) wrap it.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) transport: Transport,
    pub(crate) auth: ApiKeyAuth,
    pub(crate) groups: std::sync::Mutex<std::collections::BTreeMap<String, crate::GroupId>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("transport", &self.inner.transport)
            .field("auth", &self.inner.auth)
            .finish()
    }
}

impl Client {
    /// A builder. The base URL and the API key are required: Allthenticate
    /// publishes no API host (**\[V\]** not found in the docs), so there is no default.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Sends any endpoint with the client's key and configuration.
    ///
    /// Only idempotent endpoints (the two list calls) are retried; door control,
    /// invites, groups, smartcards and guest links are sent at most once.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error<E::Error>> {
        self.send_with(endpoint, &CallOptions::default()).await
    }

    /// Sends an endpoint with per-call options (timeout, retry policy, size limit).
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Output, Error<E::Error>> {
        // The transport scrubs the key from any error text a server echoes it into.
        self.inner
            .transport
            .send_with(endpoint, Some(&self.inner.auth), options)
            .await
    }

    /// The transport (base URL, configuration, clock).
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// Where the API key travels.
    pub fn key_placement(&self) -> &KeyPlacement {
        &self.inner.auth.placement
    }
}

/// Builds a [`Client`]. The base URL and the API key are required.
pub struct ClientBuilder {
    transport: TransportBuilder,
    api_key: Option<Result<ApiKey, ValidationError>>,
    placement: KeyPlacement,
    parameter: Option<String>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            transport: Transport::builder(VENDOR),
            api_key: None,
            placement: KeyPlacement::default(),
            parameter: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.transport.base_url_display())
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("placement", &self.placement)
            .field("parameter", &self.parameter)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    // base_url (required: the host your Allthenticate organisation uses; endpoint
    // paths such as `multipleusers` are joined below it), http_client, timeouts,
    // retry (only the two list endpoints are idempotent), size limit, clock.
    access_core::transport_setters!(transport);

    /// The API key from the admin portal (required).
    pub fn api_key(mut self, key: SecretString) -> Self {
        self.api_key = Some(ApiKey::new(key));
        self
    }

    /// Where the key travels (default [`KeyPlacement::Parameter`]).
    pub fn key_placement(mut self, placement: KeyPlacement) -> Self {
        self.placement = placement;
        self
    }

    /// The name of the key parameter (default `api_key` **\[seed\]**).
    pub fn key_parameter(mut self, name: impl Into<String>) -> Self {
        self.parameter = Some(name.into());
        self
    }

    /// Builds the client; fails without a base URL or key, or when either is invalid.
    pub fn build(self) -> Result<Client, ValidationError> {
        let key = self
            .api_key
            .ok_or_else(|| ValidationError::new("api_key", "is required"))??;
        if self.transport.base_url_ref().is_none() {
            return Err(ValidationError::new(
                "base_url",
                "is required (Allthenticate publishes no default host)",
            ));
        }
        let parameter = self.parameter.unwrap_or_else(|| "api_key".to_string());
        if parameter.trim().is_empty() {
            return Err(ValidationError::new("key_parameter", "must not be empty"));
        }
        Ok(Client {
            inner: Arc::new(Inner {
                transport: self.transport.build()?,
                auth: ApiKeyAuth {
                    key,
                    placement: self.placement,
                    parameter,
                },
                groups: Default::default(),
            }),
        })
    }
}
