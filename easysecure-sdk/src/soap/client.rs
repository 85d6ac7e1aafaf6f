//! The ESWS client and its builder; the company key.

use std::fmt;

use access_core::http::{Endpoint, Transport, TransportBuilder};
use access_core::{Error, ExposeSecret, SecretString, ValidationError};

use super::xml::Param;

/// The documented host of ESWS; requests go to `<base>/webservicesesws` **\[V\]** D.
pub const DEFAULT_SOAP_BASE_URL: &str = "https://ws.i3.identysoft.com";

/// The path of the webservice below its host **\[V\]** D index.
pub const SOAP_PATH: &str = "webservicesesws";

/// The vendor name in cursors and events: the same as the REST client's, since
/// both APIs share the log's `scanID`.
pub const VENDOR: &str = "easysecure";

/// The kind of EasySecure company the key belongs to **\[V\]** D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CompanyKind {
    /// An ordinary EasySecure company.
    #[default]
    EasySecure,
    /// A "Branch(es)" company: user updates need a group name and a location
    /// id, and deleteUser needs a location id.
    Branches,
}

/// The company security key (`p_companyID`, a 32-character code from EasySecure
/// support **\[V\]** D) and the kind of company it belongs to.
///
/// The key travels in the body of every request, never in a header or URL. Its
/// `Debug` is redacted.
#[derive(Clone)]
pub struct CompanyKey {
    key: SecretString,
    kind: CompanyKind,
}

impl fmt::Debug for CompanyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompanyKey")
            .field("key", &"[redacted]")
            .field("kind", &self.kind)
            .finish()
    }
}

impl CompanyKey {
    /// A key of an ordinary EasySecure company. An empty key is refused (the
    /// service would answer `ERROR_NO_SECURITY_HASH`).
    pub fn new(key: SecretString) -> Result<Self, ValidationError> {
        if key.expose_secret().trim().is_empty() {
            return Err(ValidationError::new("p_companyID", "must not be empty"));
        }
        Ok(Self {
            key,
            kind: CompanyKind::EasySecure,
        })
    }

    /// Sets the company kind (default [`CompanyKind::EasySecure`]).
    pub fn company_kind(mut self, kind: CompanyKind) -> Self {
        self.kind = kind;
        self
    }

    /// The company kind.
    pub fn kind(&self) -> CompanyKind {
        self.kind
    }

    pub(crate) fn is_branches(&self) -> bool {
        self.kind == CompanyKind::Branches
    }

    pub(crate) fn param(&self) -> (&'static str, Param) {
        ("p_companyID", Param::text(self.key.expose_secret()))
    }
}

/// A client of ESWS. Cheap to clone (the transport and key are shared).
///
/// Its calls are grouped by resource: [`users`](SoapClient::users),
/// [`groups`](SoapClient::groups), [`logs`](SoapClient::logs),
/// [`cards`](SoapClient::cards), [`qr_codes`](SoapClient::qr_codes) and
/// [`syncs`](SoapClient::syncs); any request type goes through
/// [`send`](SoapClient::send).
#[derive(Clone)]
pub struct SoapClient {
    transport: Transport,
    key: CompanyKey,
    pub(crate) log_window: i64,
    pub(crate) log_max_gap: i64,
}

impl fmt::Debug for SoapClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapClient")
            .field("transport", &self.transport)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// Builds a [`SoapClient`].
pub struct SoapClientBuilder {
    key: SecretString,
    kind: CompanyKind,
    transport: TransportBuilder,
    log_window: i64,
    log_max_gap: i64,
}

impl fmt::Debug for SoapClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapClientBuilder")
            .field("key", &"[redacted]")
            .field("kind", &self.kind)
            .field("base_url", &self.transport.base_url_display())
            .finish_non_exhaustive()
    }
}

impl SoapClientBuilder {
    // base_url: the host of the webservice (default DEFAULT_SOAP_BASE_URL); a URL
    // that already ends in `/webservicesesws` is accepted too. Also http_client,
    // timeouts, retry (read operations only), size limit (getUsers without a page
    // can be big), clock.
    access_core::transport_setters!(transport);

    /// The company kind (default [`CompanyKind::EasySecure`]).
    pub fn company_kind(mut self, kind: CompanyKind) -> Self {
        self.kind = kind;
        self
    }

    /// The scanID window of one `getLogsById` call of the event export, and how
    /// far past the last log it searches (doubling the window) before it decides
    /// there is nothing newer. Defaults: 10000 and 10000000. A company's scanIDs
    /// have gaps because the log table is shared by every company **\[I\]**.
    pub fn log_window(mut self, window: i64, max_gap: i64) -> Self {
        self.log_window = window.max(1);
        self.log_max_gap = max_gap.max(window.max(1));
        self
    }

    /// Builds the client; fails on an empty key or an invalid base URL.
    pub fn build(self) -> Result<SoapClient, ValidationError> {
        let key = CompanyKey::new(self.key)?.company_kind(self.kind);
        let raw = self
            .transport
            .base_url_ref()
            .unwrap_or(DEFAULT_SOAP_BASE_URL)
            .to_string();
        let trimmed = raw.trim().trim_end_matches('/');
        let base = trimmed
            .strip_suffix(SOAP_PATH)
            .map(|b| b.trim_end_matches('/'))
            .unwrap_or(trimmed)
            .to_string();
        let transport = self.transport.base_url(base).build()?;
        // The company key travels in every request body: scrubbed from every answer.
        transport.secrets().register(&key.key);
        Ok(SoapClient {
            transport,
            key,
            log_window: self.log_window,
            log_max_gap: self.log_max_gap,
        })
    }
}

impl SoapClient {
    /// A builder for a client with this company security key.
    pub fn builder(key: SecretString) -> SoapClientBuilder {
        SoapClientBuilder {
            key,
            kind: CompanyKind::EasySecure,
            transport: Transport::builder("easysecure-soap").base_url(DEFAULT_SOAP_BASE_URL),
            log_window: 10_000,
            log_max_gap: 10_000_000,
        }
    }

    /// The company key and kind, to build requests by hand.
    pub fn key(&self) -> &CompanyKey {
        &self.key
    }

    /// The shared transport.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Sends any ESWS request. An error string inside the answer becomes
    /// [`Error::Service`] with status 200.
    pub async fn send<Op: Endpoint>(&self, op: &Op) -> Result<Op::Output, Error<Op::Error>> {
        self.transport.send(op, None).await
    }
}
