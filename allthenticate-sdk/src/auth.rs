//! API-key authentication.
//!
//! An admin generates a key in the admin portal (Settings → API Keys → Generate a
//! new key), with a custom expiry or `0` for none **\[V\]**. The docs say only "add
//! this key in your Web Requests" **\[V\]**; the seed's `/modifysmartcards` lists an
//! `api_key` parameter **\[seed\]**. Where the key travels is therefore configurable
//! ([`KeyPlacement`]); the default follows the seed: a parameter named
//! `api_key`, in the query string of GET requests and in the JSON body of POST
//! and PUT requests **\[I\]**.
//!
//! A key cannot be renewed by the SDK: a refused key surfaces as the endpoint's
//! `Unauthorized` error (HTTP 401/403), never as a retry.

use std::fmt;

use access_core::http::{AuthParts, Authorizer, HeaderName, Response, Transport};
use access_core::{AuthError, ExposeSecret, SecretString, ValidationError};
use async_trait::async_trait;

/// An Allthenticate API key. `Debug` never shows it and it has no `Display`.
#[derive(Clone)]
pub struct ApiKey(SecretString);

impl ApiKey {
    /// Wraps a key; refused when empty or when it holds whitespace or control
    /// characters (it would not survive a header or be the key the portal gave).
    pub fn new(key: SecretString) -> Result<Self, ValidationError> {
        let text = key.expose_secret();
        if text.is_empty() {
            return Err(ValidationError::new("api_key", "must not be empty"));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ValidationError::new(
                "api_key",
                "must not contain whitespace or control characters",
            ));
        }
        Ok(Self(key))
    }

    /// The key, for the rare caller that must hand it on. Handle with care.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

/// Where the API key travels. The default is [`KeyPlacement::Parameter`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum KeyPlacement {
    /// A parameter (named `api_key` unless changed with
    /// `ClientBuilder::key_parameter`): in the query string of GET requests and as
    /// a member of the JSON body of POST and PUT requests. Follows the seed's
    /// `api_key` parameter **\[seed\]**; **\[I\]**.
    #[default]
    Parameter,
    /// The parameter in the query string of every request, whatever the method **\[I\]**.
    Query,
    /// A header carrying the bare key, e.g. `X-API-Key` **\[I\]**.
    Header(HeaderName),
    /// `Authorization: Bearer <key>` **\[I\]**.
    Bearer,
}

/// The key and where it goes; shared by every call of a client.
#[derive(Clone)]
pub(crate) struct ApiKeyAuth {
    pub(crate) key: ApiKey,
    pub(crate) placement: KeyPlacement,
    pub(crate) parameter: String,
}

impl fmt::Debug for ApiKeyAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyAuth")
            .field("key", &self.key)
            .field("placement", &self.placement)
            .field("parameter", &self.parameter)
            .finish()
    }
}

#[async_trait]
impl Authorizer for ApiKeyAuth {
    async fn authorize(&self, _transport: &Transport) -> Result<AuthParts, AuthError> {
        let key = || SecretString::from(self.key.expose().to_owned());
        let name = self.parameter.clone();
        let parts = AuthParts::new(1);
        Ok(match &self.placement {
            // In the JSON body of POST and PUT requests, in the query of GET ones:
            // the transport places a parameter by whether the request has a body.
            KeyPlacement::Parameter => parts.param(name, key()),
            KeyPlacement::Query => parts.query(name, key()),
            KeyPlacement::Header(h) => parts.header(h.clone(), key()),
            KeyPlacement::Bearer => parts.header(
                access_core::http::HeaderName::from_static("authorization"),
                SecretString::from(format!("Bearer {}", self.key.expose())),
            ),
        })
    }

    /// Never: an API key is not renewable, so no answer leads to a replay; a
    /// 401/403 is returned to the caller as the service's refusal.
    fn is_rejection(&self, _response: &Response) -> bool {
        // An API key is not renewable: a refusal is reported, not replayed.
        false
    }

    async fn renew(&self, _transport: &Transport, _generation: u64) -> Result<(), AuthError> {
        Err(AuthError::Rejected {
            message:
                "an Allthenticate API key cannot be renewed; generate a new one in the admin portal"
                    .into(),
        })
    }
}
