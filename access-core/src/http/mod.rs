//! The one transport every vendor crate uses.
//!
//! A vendor endpoint is a request struct implementing [`Endpoint`]: its method,
//! path, query, body, whether it is idempotent, how its answer decodes and which
//! enum its documented failures go to. [`Transport::send`] executes any endpoint:
//! it validates, attaches credentials through an [`Authorizer`], applies the
//! timeouts and the [`RetryPolicy`], refuses oversized answers, decodes, and maps
//! failures into [`crate::Error`]. Vendor crates hold only vendor knowledge.
//!
//! ```
//! use std::borrow::Cow;
//! use access_core::http::{Endpoint, Method, Response, Body};
//! use access_core::{DecodeError, ServiceError};
//!
//! /// `GET /api/v2/Version`: the server's version string.
//! struct Version;
//!
//! #[derive(Debug, thiserror::Error)]
//! #[error("{0}")]
//! struct VersionError(String);
//! impl ServiceError for VersionError {
//!     fn from_response(r: &Response) -> Option<Self> { Some(Self(r.text_lossy())) }
//! }
//!
//! impl Endpoint for Version {
//!     type Output = String;
//!     type Error = VersionError;
//!     const METHOD: Method = Method::GET;
//!     const NAME: &'static str = "GET /api/v2/Version";
//!     const IDEMPOTENT: bool = true;
//!     fn path(&self) -> Cow<'_, str> { "api/v2/Version".into() }
//!     fn decode(&self, r: Response) -> Result<String, DecodeError> { r.json() }
//! }
//! ```

mod auth;
mod define;
mod http_client;
mod retry;
mod transport;

use std::borrow::Cow;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use auth::{AuthParts, Authorizer, CredentialCache, Fresh};
pub use http_client::HttpClient;
pub use reqwest::Method;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use retry::RetryPolicy;
pub use transport::{CallOptions, Transport, TransportBuilder, TransportConfig};

use crate::error::{DecodeError, ServiceError, ValidationError};

/// Generates the standard transport setters on a vendor `ClientBuilder` that keeps
/// an [`TransportBuilder`] in the field `$field`: `base_url`, `http_client`,
/// `shared_http_client`, `connect_timeout`, `attempt_timeout`, `retry`, `max_response_bytes`, `clock` and
/// `default_header`. One definition for every vendor, so the four builders cannot
/// drift apart.
///
/// ```
/// use access_core::http::{Transport, TransportBuilder};
///
/// /// A vendor's client builder.
/// pub struct ClientBuilder {
///     transport: TransportBuilder,
/// }
///
/// impl ClientBuilder {
///     access_core::transport_setters!(transport);
/// }
///
/// let b = ClientBuilder { transport: Transport::builder("vendor") }
///     .base_url("https://api.example.com")
///     .attempt_timeout(std::time::Duration::from_secs(10));
/// assert_eq!(b.transport.base_url_ref(), Some("https://api.example.com"));
/// ```
#[macro_export]
macro_rules! transport_setters {
    ($field:ident) => {
        /// The vendor's base URL; endpoint paths are joined below it (slashes
        /// normalised).
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.$field = self.$field.base_url(url);
            self
        }

        /// Builds the HTTP client from your own `reqwest::ClientBuilder` (proxies,
        /// custom TLS, pool settings, default headers, its own connect timeout).
        ///
        /// **Redirects are never followed**, whatever the builder says: the SDK
        /// sets `redirect(Policy::none())` on it before building it, so no
        /// credential (header, query parameter, body field, id in a path) ever
        /// reaches the host a `Location` names, and a 3xx answer fails the call
        /// with `Error::UnexpectedStatus`. A built `reqwest::Client` is not
        /// accepted because its redirect policy can be neither read nor
        /// overridden. An answer that still came from another address than the
        /// one the request was sent to is refused (`Error::Redirected`). A
        /// builder reqwest cannot build fails `build()`.
        pub fn http_client(mut self, builder: $crate::__reqwest::ClientBuilder) -> Self {
            self.$field = self.$field.http_client(builder);
            self
        }

        /// Uses an [`HttpClient`]($crate::http::HttpClient) built once
        /// (redirects off, see `http_client`), to share one connection pool
        /// between several clients.
        pub fn shared_http_client(mut self, client: $crate::http::HttpClient) -> Self {
            self.$field = self.$field.shared_http_client(client);
            self
        }

        /// How long establishing a connection may take (default 5 s).
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.connect_timeout(timeout);
            self
        }

        /// How long one attempt may take, from sending to the last byte of the
        /// answer (default 30 s). A call that times out may still have been
        /// carried out: see `Error::may_have_been_sent`.
        pub fn attempt_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.attempt_timeout(timeout);
            self
        }

        /// How long renewing the credentials may take in all (a token refresh,
        /// a session set-up, a lock take over; default: the attempt timeout).
        /// Calls that need the renewal wait for the one under way and share its
        /// outcome, success or error, so none waits longer than this for it.
        pub fn renewal_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.renewal_timeout(timeout);
            self
        }

        /// The retry policy of idempotent calls (non-idempotent calls are never
        /// retried).
        pub fn retry(mut self, retry: $crate::http::RetryPolicy) -> Self {
            self.$field = self.$field.retry(retry);
            self
        }

        /// The largest answer accepted, in bytes (default 16 MiB).
        pub fn max_response_bytes(mut self, limit: usize) -> Self {
            self.$field = self.$field.max_response_bytes(limit);
            self
        }

        /// The clock sessions renew credentials by (the testkit's `SimClock` in tests).
        pub fn clock(mut self, clock: ::std::sync::Arc<dyn $crate::clock::Clock>) -> Self {
            self.$field = self.$field.clock(clock);
            self
        }

        /// A header sent with every request.
        pub fn default_header(
            mut self,
            name: $crate::http::HeaderName,
            value: $crate::http::HeaderValue,
        ) -> Self {
            self.$field = self.$field.default_header(name, value);
            self
        }
    };
}

/// One documented vendor endpoint.
///
/// Required parameters belong in the request struct's constructor, which
/// validates them; optional ones in setters. [`Endpoint::validate`] runs again
/// right before sending, so a request changed after construction is still checked
/// before anything leaves the machine.
pub trait Endpoint: Send + Sync {
    /// The decoded answer.
    type Output: Send;
    /// The endpoint's documented failures.
    type Error: ServiceError;
    /// The HTTP method.
    const METHOD: Method;
    /// The endpoint as the vendor documents it, e.g. `POST /admins/login`. Used in
    /// tracing spans and errors instead of the concrete URL, which may hold ids or keys.
    const NAME: &'static str;
    /// Whether sending the request twice has the same effect as sending it once.
    /// Reads are idempotent even where the vendor uses POST for them. Only
    /// idempotent endpoints are ever retried.
    const IDEMPOTENT: bool;
    /// Whether the endpoint needs the session's credentials.
    const AUTHENTICATED: bool = true;
    /// Field names whose values in this endpoint's *answer* are credentials
    /// beyond the shared [`CREDENTIAL_FIELDS`](crate::secrets::CREDENTIAL_FIELDS)
    /// (a SOAP `return` holding a sync token, Allthenticate's `magic_token`).
    /// When the answer cannot be decoded, their values are redacted from every
    /// excerpt and message the error keeps. Default: none.
    const ANSWER_SECRETS: &'static [&'static str] = &[];

    /// The path below the base URL; dynamic segments encoded with [`segment`].
    fn path(&self) -> Cow<'_, str>;

    /// Query parameters, in order; a key may repeat.
    fn query(&self) -> Query {
        Query::default()
    }

    /// The request body.
    fn body(&self) -> Result<Body, ValidationError> {
        Ok(Body::Empty)
    }

    /// Input rules checked right before sending.
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Secret values the request carries outside the session's credentials,
    /// e.g. EF-45's `lock_uid` in `DELETE /lock/{lock_uid}`. The transport removes
    /// them (as it removes credentials) from every text it keeps of an answer:
    /// error messages, excerpts, decode errors. Default: none.
    fn secrets(&self) -> Vec<secrecy::SecretString> {
        Vec::new()
    }

    /// Extra headers of this endpoint (e.g. `SOAPAction`).
    fn headers(&self) -> Vec<(HeaderName, HeaderValue)> {
        Vec::new()
    }

    /// Whether `status` is a success of this endpoint. Default: 2xx.
    fn is_success(&self, status: u16) -> bool {
        (200..300).contains(&status)
    }

    /// A documented failure carried inside a success status (SOAP webservices and
    /// some JSON APIs answer errors with HTTP 200), seen without decoding the answer.
    /// Checked by the default [`Endpoint::decode_outcome`] before
    /// [`Endpoint::decode`]; `Some` makes the call fail with
    /// [`Error::Service`](crate::Error::Service). Default: none.
    fn error_in_success(&self, response: &Response) -> Option<Self::Error> {
        let _ = response;
        None
    }

    /// Decodes a successful answer.
    fn decode(&self, response: Response) -> Result<Self::Output, DecodeError>;

    /// Decodes a successful answer that may turn out to carry a documented failure,
    /// for vendors that only see the failure while decoding (a SOAP `return` whose
    /// item holds an error text): `Ok(Err(error))` makes the call fail with
    /// [`Error::Service`](crate::Error::Service), like [`Endpoint::error_in_success`]
    /// but without reading the answer twice. The transport calls this, not
    /// [`Endpoint::decode`]. Default: [`Endpoint::error_in_success`], then
    /// [`Endpoint::decode`] (an override that wants both calls both).
    ///
    /// When it answers a failure, the transport reads the body once more with every
    /// secret of the request removed (without the headers) and keeps that error, so
    /// an answer that quotes a secret never gets it into the error.
    fn decode_outcome(
        &self,
        response: Response,
    ) -> Result<Result<Self::Output, Self::Error>, DecodeError> {
        if let Some(error) = self.error_in_success(&response) {
            return Ok(Err(error));
        }
        self.decode(response).map(Ok)
    }
}

/// [`Endpoint::decode`] of an endpoint whose failures only
/// [`Endpoint::decode_outcome`] sees (the `outcome:` clause of
/// [`endpoint!`](crate::endpoint)): the value, or a [`DecodeError`] at the root
/// when the answer is a documented failure (which is not an `Output`). The
/// transport never takes this path: it calls `decode_outcome`.
pub fn decode_value_only<E: Endpoint + ?Sized>(
    endpoint: &E,
    response: Response,
) -> Result<E::Output, DecodeError> {
    let (status, body) = (response.status, response.body.clone());
    endpoint.decode_outcome(response)?.map_err(|e| {
        DecodeError::new(
            status,
            ".",
            format!("the answer is a documented failure ({e}); decode_outcome types it"),
            &body,
        )
    })
}

/// Query parameters of a request: ordered pairs, repeated keys allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(pub Vec<(Cow<'static, str>, String)>);

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `key=value`.
    pub fn push(&mut self, key: impl Into<Cow<'static, str>>, value: impl ToString) -> &mut Self {
        self.0.push((key.into(), value.to_string()));
        self
    }

    /// Appends `key=value` when `value` is `Some`.
    pub fn push_opt<V: ToString>(
        &mut self,
        key: impl Into<Cow<'static, str>>,
        value: Option<V>,
    ) -> &mut Self {
        if let Some(v) = value {
            self.0.push((key.into(), v.to_string()));
        }
        self
    }

    /// Builder form of [`Query::push`].
    pub fn with(mut self, key: impl Into<Cow<'static, str>>, value: impl ToString) -> Self {
        self.push(key, value);
        self
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A request body.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A JSON document, already serialized.
    Json(Bytes),
    /// `application/x-www-form-urlencoded` pairs.
    Form(Vec<(String, String)>),
    /// Any other payload with its content type (XML for SOAP, octets, ...).
    Raw {
        /// The `Content-Type` header value.
        content_type: Cow<'static, str>,
        /// The payload.
        bytes: Bytes,
    },
}

impl Body {
    /// Serializes `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, ValidationError> {
        serde_json::to_vec(value)
            .map(|v| Body::Json(Bytes::from(v)))
            .map_err(|e| ValidationError::new("body", format!("cannot be serialized: {e}")))
    }

    /// An XML document (SOAP envelopes), `text/xml; charset=utf-8`.
    pub fn xml(document: impl Into<String>) -> Self {
        Body::Raw {
            content_type: Cow::Borrowed("text/xml; charset=utf-8"),
            bytes: Bytes::from(document.into()),
        }
    }

    /// The payload length in bytes (form bodies are estimated).
    pub fn len(&self) -> usize {
        match self {
            Body::Empty => 0,
            Body::Json(b) | Body::Raw { bytes: b, .. } => b.len(),
            Body::Form(pairs) => pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum(),
        }
    }

    /// Whether there is no payload.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A vendor's answer: status, headers and the whole body (bounded by the size limit).
#[derive(Debug, Clone)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl Response {
    /// A response from parts (useful in tests of decoders).
    pub fn new(status: u16, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
        }
    }

    /// Decodes the body as JSON; a failure names the JSON path that failed.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode_json(self.status, &self.body)
    }

    /// Decodes the body as JSON, or gives `None` for an empty body (204, or 200
    /// with nothing) or `null`.
    pub fn json_or_empty<T: DeserializeOwned>(&self) -> Result<Option<T>, DecodeError> {
        if self.body.iter().all(|b| b.is_ascii_whitespace()) {
            Ok(None)
        } else {
            // `null` is an absent answer too (answers are read leniently).
            self.json::<Option<T>>()
        }
    }

    /// Accepts any body and ignores it (endpoints whose answer carries nothing).
    pub fn empty(&self) -> Result<(), DecodeError> {
        Ok(())
    }

    /// The body as UTF-8 text; invalid UTF-8 is a decode error.
    pub fn text(&self) -> Result<String, DecodeError> {
        String::from_utf8(self.body.to_vec()).map_err(|e| {
            DecodeError::new(self.status, ".", format!("invalid UTF-8: {e}"), &self.body)
        })
    }

    /// The body as text, invalid UTF-8 replaced (for error messages).
    pub fn text_lossy(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The value of a header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Decodes JSON, reporting the path at which it failed.
///
/// The fast path is plain `serde_json`; only when it fails is the body decoded a
/// second time with path tracking, so a success costs nothing extra.
///
/// JSON is UTF-8 (RFC 8259): a body that is not is refused as a whole. serde_json
/// alone checks only the strings it keeps, so invalid bytes in a field the model
/// ignores would otherwise pass unnoticed.
pub fn decode_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, DecodeError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(status, ".", format!("the body is not UTF-8: {e}"), body))?;
    match serde_json::from_str::<T>(text) {
        Ok(v) => Ok(v),
        Err(fast) => {
            let mut de = serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    Err(DecodeError::new(status, path, inner.to_string(), body))
                }
                // Trailing characters after a valid value: the path is the root.
                Ok(_) => Err(DecodeError::new(status, ".", fast.to_string(), body)),
            }
        }
    }
}

/// Percent-encodes one dynamic path segment (an id, a file name).
///
/// Every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is
/// escaped, so the value stays one segment whatever it holds (`/`, `\`, `?`, `#`,
/// `%`, spaces, control characters). A value that is only dots, `.` or `..`, is
/// escaped whole (`%2E`, `%2E%2E`) so that no server reads it as a dot segment.
///
/// The `url` crate (the WHATWG URL standard) still resolves those escaped forms
/// like `.` and `..`, so [`join_url`] refuses a path that holds one, and the
/// transport refuses a path with an empty segment ([`check_path`]): an id of `.`,
/// `..` or nothing never leaves the machine. Check such an id where it is made with
/// [`check_segment`] to get the error earlier, naming the field.
pub fn segment(value: &str) -> String {
    if value == "." || value == ".." {
        return "%2E".repeat(value.len());
    }
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Checks that `value` can be one path segment: not empty, not `.` and not `..`
/// (anything else is made safe by [`segment`]). The rule of every id that
/// becomes a path segment, in its constructor and when it is decoded from an
/// answer; `field` names the id in the error.
pub fn check_segment(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(ValidationError::new(
            field,
            "must not be empty, `.` or `..` (it is sent as a path segment)",
        ));
    }
    Ok(())
}

/// Whether `segment` is one the URL standard resolves: `.` or `..`, plain or with
/// the dots percent-encoded (`%2e`, `.%2E`, `%2E%2e`, ...).
fn is_dot_segment(segment: &str) -> bool {
    [".", "%2e", "..", ".%2e", "%2e.", "%2e%2e"]
        .iter()
        .any(|dot| segment.eq_ignore_ascii_case(dot))
}

/// Checks an endpoint's path the way the transport does before sending: no empty
/// segment (`faces//1`, `user/`: an empty id), and nothing [`join_url`] refuses. A
/// leading slash is allowed.
pub fn check_path(path: &str) -> Result<(), ValidationError> {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    if trimmed.split('/').any(str::is_empty) {
        return Err(ValidationError::new(
            "path",
            "holds an empty segment (an empty id)",
        ));
    }
    refuse_unsafe_path(path)
}

/// What [`join_url`] refuses: a dot segment (which the URL parser would resolve,
/// moving the request up the tree), and characters that would end the path or
/// split a segment (`?`, `#`, `\`, control characters, which the URL parser
/// drops or reads as separators).
fn refuse_unsafe_path(path: &str) -> Result<(), ValidationError> {
    if path
        .chars()
        .any(|c| matches!(c, '?' | '#' | '\\') || c.is_control())
    {
        return Err(ValidationError::new(
            "path",
            "holds `?`, `#`, `\\` or a control character (build segments with `segment`)",
        ));
    }
    if path.split('/').any(is_dot_segment) {
        return Err(ValidationError::new(
            "path",
            "holds a `.` or `..` segment, which would move the request elsewhere",
        ));
    }
    Ok(())
}

/// Joins a base URL and a path so that trailing and leading slashes never double
/// up or go missing: `https://h/pool/` + `/api/v2/X` is `https://h/pool/api/v2/X`.
///
/// The path is never resolved: a path that holds a dot segment (`.`, `..` or an
/// escaped form such as `%2E%2E`, which the URL standard resolves too) or a
/// character that would end the path or split a segment (`?`, `#`, `\`, control
/// characters) is refused, so the request can never land outside the place the
/// SDK built it for.
pub fn join_url(base: &url::Url, path: &str) -> Result<url::Url, ValidationError> {
    refuse_unsafe_path(path)?;
    let mut joined = String::with_capacity(base.as_str().len() + path.len() + 1);
    let base_str = base.as_str();
    let base_no_query = base_str.split(['?', '#']).next().unwrap_or(base_str);
    joined.push_str(base_no_query.trim_end_matches('/'));
    joined.push('/');
    let mut previous_slash = true;
    for c in path.trim_start_matches('/').chars() {
        if c == '/' {
            if previous_slash {
                continue;
            }
            previous_slash = true;
        } else {
            previous_slash = false;
        }
        joined.push(c);
    }
    url::Url::parse(&joined)
        .map_err(|e| ValidationError::new("path", format!("does not make a valid URL: {e}")))
}

/// Normalises a base URL given by a user or a vendor (iLOQ's `GetUrl` answer):
/// trims whitespace, and collapses doubled slashes in its path.
pub fn parse_base_url(input: &str) -> Result<url::Url, ValidationError> {
    let trimmed = input.trim().trim_matches('"');
    let url = url::Url::parse(trimmed)
        .map_err(|e| ValidationError::new("base_url", format!("must be an absolute URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ValidationError::new(
            "base_url",
            "scheme must be http or https",
        ));
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(ValidationError::new("base_url", "must have a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // The message does not repeat the URL: it holds a password.
        return Err(ValidationError::new(
            "base_url",
            "must not carry user info (`user:password@`); no vendor takes credentials in the URL",
        ));
    }
    let mut normal = url.clone();
    let mut path = String::with_capacity(url.path().len());
    let mut previous_slash = false;
    for c in url.path().chars() {
        if c == '/' && previous_slash {
            continue;
        }
        previous_slash = c == '/';
        path.push(c);
    }
    normal.set_path(&path);
    Ok(normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_survives_slashes() {
        for base in ["https://h/pool", "https://h/pool/", "https://h/pool//"] {
            let b = url::Url::parse(base).unwrap();
            for path in ["api/v2/X", "/api/v2/X", "//api/v2//X"] {
                assert_eq!(
                    join_url(&b, path).unwrap().as_str(),
                    "https://h/pool/api/v2/X",
                    "{base} + {path}"
                );
            }
        }
        let root = url::Url::parse("http://10.0.0.5:9980/1.0").unwrap();
        assert_eq!(
            join_url(&root, "lock").unwrap().as_str(),
            "http://10.0.0.5:9980/1.0/lock"
        );
    }

    #[test]
    fn base_url_normalised() {
        let u = parse_base_url(" https://s5.iloq.com//iloqwspool2/ ").unwrap();
        assert_eq!(u.as_str(), "https://s5.iloq.com/iloqwspool2/");
        assert!(parse_base_url("ftp://x").is_err());
        assert!(parse_base_url("not a url").is_err());
    }

    #[test]
    fn segment_encodes() {
        assert_eq!(segment("a b/c"), "a%20b%2Fc");
        assert_eq!(segment("65D8-ab_~."), "65D8-ab_~.");
    }

    /// Every id the table below sends, as the SDK builds its path (`prefix/{id}`
    /// and `prefix/{id}/tail`): either the URL stays under `prefix/` with the id as
    /// exactly one segment that decodes back to the id, or the path is refused.
    #[test]
    fn dot_segments_never_leave_the_prefix() {
        let base = url::Url::parse("http://10.0.0.5:9980/1.0/").unwrap();
        let hostile = [
            ".",
            "..",
            "%2e",
            "%2e%2e",
            "%2E%2E",
            ".%2e",
            "%2e.",
            "a/..",
            "../x",
            "..\\x",
            "x/../../y",
            "",
            "a?b",
            "a#b",
            "a\tb",
            ". .",
            "...",
            "a/./b",
        ];
        for id in hostile {
            for template in ["users/{}", "users/{}/keys"] {
                let path = template.replace("{}", &segment(id));
                let checked = check_path(&path).and_then(|()| join_url(&base, &path));
                match checked {
                    Err(e) => {
                        assert_eq!(e.field, "path", "{id:?}");
                        assert!(
                            id.is_empty() || id == "." || id == "..",
                            "{id:?} refused but segment() made it safe: {e}"
                        );
                    }
                    Ok(url) => {
                        let rest = url
                            .path()
                            .strip_prefix("/1.0/users/")
                            .unwrap_or_else(|| panic!("{id:?} left the prefix: {url}"));
                        let seg = rest.strip_suffix("/keys").unwrap_or(rest);
                        assert!(!seg.contains('/'), "{id:?} split into segments: {url}");
                        let decoded = percent_decode(seg);
                        assert_eq!(decoded, id, "{id:?} changed on the way: {url}");
                    }
                }
            }
        }
    }

    fn percent_decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn segment_escapes_dot_only_values() {
        assert_eq!(segment("."), "%2E");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(segment("..."), "...");
        assert_eq!(segment("%2e%2e"), "%252e%252e");
        assert_eq!(segment("a/.."), "a%2F..");
        assert_eq!(segment("../x"), "..%2Fx");
        assert_eq!(segment("..\\x"), "..%5Cx");
        assert_eq!(segment(""), "");
    }

    #[test]
    fn check_segment_refuses_dots_and_empty() {
        for bad in ["", ".", ".."] {
            let e = check_segment("user_uuid", bad).unwrap_err();
            assert_eq!(e.field, "user_uuid");
        }
        for good in ["...", "a.b", ".a", "%2e%2e", "a/..", "1"] {
            assert!(check_segment("user_uuid", good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn join_url_refuses_what_the_parser_would_resolve() {
        let base = url::Url::parse("https://h/pool/").unwrap();
        for path in [
            "user/..",
            "user/.",
            "user/%2E%2E",
            "user/%2e.",
            "user/.%2E",
            "user/%2e",
            "../x",
            "a/../b",
            "a/./b",
            "a\\..\\b",
            "a?b",
            "a#b",
            "a\tb",
            "a\nb",
        ] {
            let e = join_url(&base, path).unwrap_err();
            assert_eq!(e.field, "path", "{path:?}");
        }
        // Refused before the empty-segment check too (check_path) and kept as is
        // when safe: `...` is no dot segment, `%252E` is data.
        assert!(check_path("user//keys").is_err());
        assert!(check_path("user/").is_err());
        assert!(check_path("").is_err());
        assert!(check_path("/api/v2/X").is_ok());
        assert_eq!(
            join_url(&base, "user/.../%252E%252E").unwrap().as_str(),
            "https://h/pool/user/.../%252E%252E"
        );
    }

    #[test]
    fn decode_json_names_the_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            id: u32,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            items: Vec<Inner>,
        }
        let err = decode_json::<Outer>(200, br#"{"items":[{"id":1},{"id":"x"}]}"#).unwrap_err();
        assert_eq!(err.path, "items[1].id");
        assert_eq!(err.status, 200);
        let trunc = decode_json::<Outer>(200, br#"{"items":[{"id":1}"#).unwrap_err();
        assert!(trunc.message.contains("EOF"), "{}", trunc.message);
        // Invalid UTF-8 in a field the model ignores is still refused.
        let bytes = b"{\"items\": [], \"ignored\": \"\xff\xfe\"}";
        let bad = decode_json::<Outer>(200, bytes).unwrap_err();
        assert!(bad.message.contains("UTF-8"), "{}", bad.message);
        assert!(decode_json::<Outer>(200, br#"{"items": [], "ignored": "ok"}"#).is_ok());
    }
}
