//! The reqwest client of a transport, always without redirects.

use std::fmt;

use crate::error::ValidationError;

/// A `reqwest::Client` that follows no redirect, the only kind a
/// [`Transport`](super::Transport) sends with.
///
/// It can only be made by the SDK, from a `reqwest::ClientBuilder` the caller
/// configured (proxies, TLS roots and identities, pool sizes, timeouts, default
/// headers): [`HttpClient::from_builder`] sets `redirect(Policy::none())` on it
/// last, whatever policy the caller chose, and builds it. A 3xx answer then
/// reaches the SDK, which reports it as `Error::UnexpectedStatus`: credentials
/// (headers, query parameters, bodies, ids in paths) never travel to the host a
/// `Location` names. A redirect policy cannot be read back from a built
/// `reqwest::Client` nor changed per request, which is why the SDK never takes
/// one.
///
/// Cheap to clone; clones share one connection pool, so one `HttpClient` can
/// serve several vendor clients
/// (`ClientBuilder::shared_http_client`).
///
/// ```
/// use access_core::http::HttpClient;
///
/// let builder = reqwest::Client::builder()
///     .redirect(reqwest::redirect::Policy::limited(10)) // overridden: none
///     .pool_max_idle_per_host(4);
/// let shared = HttpClient::from_builder(builder).unwrap();
/// let _other_vendor = shared.clone();
/// ```
#[derive(Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("redirects", &"never followed")
            .finish_non_exhaustive()
    }
}

/// With the `rustls-ring` feature (and not `rustls`, which brings aws-lc-rs),
/// rustls has no crypto provider of its own: the SDK installs *ring* as the
/// process default before the first client is built, unless the program
/// installed one already (then that one is used).
fn install_crypto_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // Another thread may install one at the same moment: either is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    }
}

impl HttpClient {
    /// Builds `builder` with redirects switched off (set after everything the
    /// caller configured, so no earlier `redirect(..)` survives). Fails when
    /// reqwest cannot build the client (a TLS backend that fails to load).
    pub fn from_builder(builder: reqwest::ClientBuilder) -> Result<Self, ValidationError> {
        install_crypto_provider();
        builder
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map(|inner| Self { inner })
            .map_err(|e| ValidationError::new("http_client", e.without_url().to_string()))
    }

    /// The client the SDK builds when none is given: redirects off, `connect`
    /// timeout as given, the SDK's user agent.
    pub(crate) fn standard(connect_timeout: std::time::Duration) -> Result<Self, ValidationError> {
        Self::from_builder(
            reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .user_agent(concat!("access-sdk-rs/", env!("CARGO_PKG_VERSION"))),
        )
    }

    /// The built client (redirects off), for sending.
    pub(crate) fn reqwest(&self) -> &reqwest::Client {
        &self.inner
    }

    /// A client that follows redirects, for the transport's own tests of the
    /// check that refuses an answer from another address.
    #[cfg(test)]
    pub(crate) fn following_redirects_for_tests() -> Self {
        Self {
            inner: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::limited(10))
                .build()
                .expect("a reqwest client"),
        }
    }
}
