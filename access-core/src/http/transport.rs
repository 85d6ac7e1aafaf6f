//! The shared reqwest transport.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER,
};
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;
use url::Url;

use super::retry::parse_retry_after;
use super::{
    AuthParts, Authorizer, Body, Endpoint, HttpClient, Response, RetryPolicy, check_path, join_url,
    parse_base_url,
};
use crate::clock::{Clock, SystemClock};
use crate::error::{AuthError, Error, Escaped, TransportError, ValidationError, excerpt};
use crate::secrets::{SecretRegistry, Secrets};

/// Timeouts, retries and limits of a transport.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TransportConfig {
    /// How long establishing a connection may take (only used when the SDK builds
    /// the client from its own defaults; a builder or [`HttpClient`] handed in
    /// keeps its own).
    pub connect_timeout: Duration,
    /// How long one attempt may take, from sending to the last byte of the answer.
    pub attempt_timeout: Duration,
    /// The retry policy for idempotent endpoints.
    pub retry: RetryPolicy,
    /// Answers larger than this are refused with [`Error::ResponseTooLarge`].
    pub max_response_bytes: usize,
    /// How long renewing the credentials may take in all (an EasySecure
    /// refresh, the four requests of an iLOQ session set-up, an EF-45 lock take
    /// over). Every call waiting for that renewal shares its outcome, so this is
    /// also the longest any of them waits for it. `None`: the attempt timeout.
    pub renewal_timeout: Option<Duration>,
}

impl TransportConfig {
    /// The bound on one renewal: [`TransportConfig::renewal_timeout`], or the
    /// attempt timeout when none is set.
    pub fn renewal_deadline(&self) -> Duration {
        self.renewal_timeout.unwrap_or(self.attempt_timeout)
    }
}

impl Default for TransportConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            attempt_timeout: Duration::from_secs(30),
            retry: RetryPolicy::standard(),
            max_response_bytes: 16 * 1024 * 1024,
            renewal_timeout: None,
        }
    }
}

/// Per-call overrides of the transport's configuration.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// Overrides [`TransportConfig::attempt_timeout`] for this call.
    pub attempt_timeout: Option<Duration>,
    /// Overrides the retry policy for this call (still idempotent endpoints only).
    pub retry: Option<RetryPolicy>,
    /// Overrides [`TransportConfig::max_response_bytes`] for this call.
    pub max_response_bytes: Option<usize>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the per-attempt timeout.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sets the response size limit.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }
}

struct Inner {
    vendor: &'static str,
    http: HttpClient,
    base: Url,
    config: TransportConfig,
    headers: HeaderMap,
    clock: Arc<dyn Clock>,
    secrets: SecretRegistry,
}

/// The transport shared by every endpoint of a vendor client. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("vendor", &self.inner.vendor)
            .field("base", &self.inner.base.as_str())
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Transport`].
#[derive(Clone)]
pub struct TransportBuilder {
    vendor: &'static str,
    base: Option<String>,
    /// The caller's client, built (redirects off) when it was handed in.
    http: Option<Result<HttpClient, ValidationError>>,
    config: TransportConfig,
    headers: HeaderMap,
    clock: Arc<dyn Clock>,
    secrets: SecretRegistry,
}

impl fmt::Debug for TransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportBuilder")
            .field("vendor", &self.vendor)
            .field("base", &self.base.as_deref().map(without_userinfo))
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl TransportBuilder {
    /// The base URL set so far, if any.
    pub fn base_url_ref(&self) -> Option<&str> {
        self.base.as_deref()
    }

    /// The base URL set so far, for display: any `user:password@` removed.
    pub fn base_url_display(&self) -> Option<String> {
        self.base
            .as_deref()
            .map(|b| without_userinfo(b).into_owned())
    }

    /// The clock set so far (the system clock by default).
    pub fn clock_ref(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Sets the base URL every endpoint path is joined to.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base = Some(url.into());
        self
    }

    /// Builds the HTTP client from the caller's own `reqwest::ClientBuilder`
    /// (proxies, custom TLS, pools) with redirects switched off, whatever policy
    /// the builder had: see [`HttpClient::from_builder`]. A builder reqwest
    /// cannot build makes [`TransportBuilder::build`] fail.
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = Some(HttpClient::from_builder(builder));
        self
    }

    /// Uses an [`HttpClient`] built once (redirects off), sharing its
    /// connection pool with every other transport that uses it.
    pub fn shared_http_client(mut self, client: HttpClient) -> Self {
        self.http = Some(Ok(client));
        self
    }

    /// Replaces the whole configuration.
    pub fn config(mut self, config: TransportConfig) -> Self {
        self.config = config;
        self
    }

    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Sets the per-attempt timeout.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.attempt_timeout = timeout;
        self
    }

    /// Sets the bound on one credential renewal (see
    /// [`TransportConfig::renewal_timeout`]).
    pub fn renewal_timeout(mut self, timeout: Duration) -> Self {
        self.config.renewal_timeout = Some(timeout);
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.config.retry = retry;
        self
    }

    /// Sets the response size limit in bytes.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.config.max_response_bytes = limit;
        self
    }

    /// Adds a credential sent as a header with every request (iLOQ's
    /// `x-api-key`): marked sensitive, and registered in the transport's
    /// [`SecretRegistry`] so every answer of every call is scrubbed of it.
    pub fn secret_header(
        mut self,
        name: HeaderName,
        value: &SecretString,
    ) -> Result<Self, ValidationError> {
        let mut v = HeaderValue::from_str(value.expose_secret())
            .map_err(|_| ValidationError::new(name.as_str(), "must be a valid header value"))?;
        v.set_sensitive(true);
        self.headers.insert(name, v);
        self.secrets.register(value);
        Ok(self)
    }

    /// Adds a header sent with every request (e.g. `Accept-Language`).
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Uses another clock (tests drive token expiry with the testkit's clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Builds the transport. Fails when the base URL is missing or invalid, or the
    /// HTTP client cannot be built.
    pub fn build(self) -> Result<Transport, ValidationError> {
        let base = self
            .base
            .ok_or_else(|| ValidationError::new("base_url", "is required"))?;
        let base = parse_base_url(&base)?;
        // Credentials must never follow a redirect to another host: every client
        // the transport sends with is an `HttpClient`, which follows none, and a
        // 3xx answer is reported as unexpected.
        let http = match self.http {
            Some(c) => c?,
            None => HttpClient::standard(self.config.connect_timeout)?,
        };
        Ok(Transport {
            inner: Arc::new(Inner {
                vendor: self.vendor,
                http,
                base,
                config: self.config,
                headers: self.headers,
                clock: self.clock,
                secrets: self.secrets,
            }),
        })
    }
}

enum AttemptFailure {
    Transport(TransportError),
    TooLarge {
        status: u16,
        limit: usize,
    },
    /// The answer came from another URL than the request was sent to.
    Redirected {
        status: u16,
    },
}

impl Transport {
    /// A builder for a transport of `vendor` (used in spans and errors).
    pub fn builder(vendor: &'static str) -> TransportBuilder {
        TransportBuilder {
            vendor,
            base: None,
            http: None,
            config: TransportConfig::default(),
            headers: HeaderMap::new(),
            clock: Arc::new(SystemClock),
            secrets: SecretRegistry::new(),
        }
    }

    /// The vendor name.
    pub fn vendor(&self) -> &'static str {
        self.inner.vendor
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The configuration.
    pub fn config(&self) -> &TransportConfig {
        &self.inner.config
    }

    /// The clock the transport and its sessions use.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// The secrets of this transport's session: a session registers every
    /// credential it obtains or is given (tokens, session ids, lock ids), and
    /// every answer of every call of this transport (and of those derived with
    /// [`Transport::with_base_url`]) is scrubbed of them.
    pub fn secrets(&self) -> &SecretRegistry {
        &self.inner.secrets
    }

    /// The same transport (same connection pool) with another base URL, e.g. the
    /// pool URL iLOQ's `GetUrl` answers.
    pub fn with_base_url(&self, url: &str) -> Result<Transport, ValidationError> {
        let base = parse_base_url(url)?;
        Ok(Transport {
            inner: Arc::new(Inner {
                vendor: self.inner.vendor,
                http: self.inner.http.clone(),
                base,
                config: self.inner.config.clone(),
                headers: self.inner.headers.clone(),
                clock: self.inner.clock.clone(),
                secrets: self.inner.secrets.clone(),
            }),
        })
    }

    /// Sends `endpoint`, with credentials from `auth` when the endpoint needs them.
    pub async fn send<E: Endpoint>(
        &self,
        endpoint: &E,
        auth: Option<&dyn Authorizer>,
    ) -> Result<E::Output, Error<E::Error>> {
        self.send_with(endpoint, auth, &CallOptions::default())
            .await
    }

    /// Sends `endpoint` with per-call options.
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: &E,
        auth: Option<&dyn Authorizer>,
        options: &CallOptions,
    ) -> Result<E::Output, Error<E::Error>> {
        endpoint.validate()?;
        let body = endpoint.body()?;
        let span = tracing::info_span!(
            "access.call",
            vendor = self.inner.vendor,
            endpoint = E::NAME,
            method = %E::METHOD,
            idempotent = E::IDEMPOTENT,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let call = self.run(
            endpoint,
            body,
            if E::AUTHENTICATED { auth } else { None },
            options,
            &span,
        );
        // Without a subscriber that wants the span, the call is not wrapped:
        // entering and leaving a disabled span on every poll costs for nothing.
        let mut result = if span.is_disabled() {
            call.await
        } else {
            call.instrument(span.clone()).await
        };
        if let Err(error) = &mut result {
            error.clean_secrets(&self.call_secrets(endpoint), E::ANSWER_SECRETS);
        }
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(_) => tracing::debug!(parent: &span, "call succeeded"),
            // `Error`'s Display escapes what the server sent (no forged log lines).
            Err(e) => tracing::debug!(parent: &span, error = %e, "call failed"),
        }
        result
    }

    async fn run<E: Endpoint>(
        &self,
        endpoint: &E,
        body: Body,
        auth: Option<&dyn Authorizer>,
        options: &CallOptions,
        span: &tracing::Span,
    ) -> Result<E::Output, Error<E::Error>> {
        let retry = options.retry.as_ref().unwrap_or(&self.inner.config.retry);
        let max_attempts = if E::IDEMPOTENT {
            retry.max_attempts.max(1)
        } else {
            1
        };
        let timeout = options
            .attempt_timeout
            .unwrap_or(self.inner.config.attempt_timeout);
        let limit = options
            .max_response_bytes
            .unwrap_or(self.inner.config.max_response_bytes);
        // The path is sent as built: no empty segment, no dot segment resolved.
        let path = endpoint.path();
        check_path(&path)?;
        let query = endpoint.query();
        let build_url = |base: &Url| -> Result<Url, ValidationError> {
            let mut url = join_url(base, &path)?;
            if !query.is_empty() {
                let mut pairs = url.query_pairs_mut();
                for (k, v) in &query.0 {
                    pairs.append_pair(k, v);
                }
            }
            Ok(url)
        };
        // Built once per call, on the base the request goes to: the transport's,
        // or the one the session names (iLOQ's pool URL). The path was checked
        // above, so on a parsed base the join cannot fail for it; it is built
        // after the session is known, to parse the URL once and not twice.
        let mut url: Option<(Option<Url>, Url)> = None;
        let extra_headers = endpoint.headers();
        let mut attempt: u32 = 0;
        let mut replayed_after_renewal = false;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            let parts = match auth {
                Some(a) => Some(a.authorize(self).await?),
                None => None,
            };
            if let Some(p) = &parts {
                // The session's credentials stay scrubbed from every later
                // answer too, after they were renewed.
                for secret in p.secret_values() {
                    self.inner.secrets.register(secret);
                }
            }
            let other_base = parts
                .as_ref()
                .and_then(|p| p.base_url.as_ref())
                .filter(|b| *b != &self.inner.base);
            let target = match &mut url {
                Some((built_on, url)) if built_on.as_ref() == other_base => &*url,
                slot => {
                    let built = build_url(other_base.unwrap_or(&self.inner.base))?;
                    &slot.insert((other_base.cloned(), built)).1
                }
            };
            let request = self.build_request::<E>(target, &body, parts.as_ref(), &extra_headers)?;
            let outcome = tokio::time::timeout(timeout, self.execute(request, limit)).await;
            let failure = match outcome {
                Err(_) => AttemptFailure::Transport(TransportError {
                    message: format!("no complete answer within {timeout:?}"),
                    may_have_been_sent: true,
                    timeout: true,
                    source: None,
                }),
                Ok(Err(f)) => f,
                Ok(Ok(response)) => {
                    span.record("status", response.status);
                    if endpoint.is_success(response.status) {
                        let (status, body) = (response.status, response.body.clone());
                        let answered = body.clone();
                        return match endpoint.decode_outcome(response) {
                            Ok(Ok(output)) => Ok(output),
                            Ok(Err(error)) => {
                                // Read again without any secret the body echoed.
                                let bare = Response::new(status, HeaderMap::new(), body);
                                let scrubbed = scrub_response(bare, &self.call_secrets(endpoint));
                                let error = match endpoint.decode_outcome(scrubbed) {
                                    Ok(Err(clean)) => clean,
                                    _ => error,
                                };
                                Err(Error::Service { status, error })
                            }
                            // serde's messages quote the offending value: a
                            // credential the body answered is scrubbed from every
                            // text of the error, wherever the message quotes it.
                            Err(d) => {
                                let mut error = Error::Decode(d);
                                let secrets = self.answered_secrets(endpoint, &answered);
                                error.clean_secrets(&secrets, E::ANSWER_SECRETS);
                                Err(error)
                            }
                        };
                    }
                    if let (Some(a), Some(p)) = (auth, parts.as_ref())
                        && a.is_rejection(&response)
                    {
                        if replayed_after_renewal {
                            return Err(Error::Auth(AuthError::RejectedAfterRenewal {
                                message: rejection_message(&response),
                            }));
                        }
                        tracing::debug!(generation = p.generation, "credentials refused; renewing");
                        a.renew(self, p.generation).await?;
                        replayed_after_renewal = true;
                        attempt -= 1;
                        continue;
                    }
                    if RetryPolicy::is_retryable_status(response.status) && attempt < max_attempts {
                        let wait = match response
                            .header(RETRY_AFTER.as_str())
                            .and_then(|v| parse_retry_after(v, self.inner.clock.now()))
                        {
                            Some(d) if d > retry.max_retry_after => None,
                            Some(d) => Some(d),
                            None => Some(retry.backoff(attempt)),
                        };
                        if let Some(wait) = wait {
                            tracing::debug!(
                                attempt,
                                status = response.status,
                                delay_ms = wait.as_millis() as u64,
                                "retrying"
                            );
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    // A server may quote the request (credentials included) in
                    // its error body: the endpoint's error keeps the vendor's text.
                    // (`send_with` cleans what it kept once more, decoded.)
                    let secrets = self.answered_secrets(endpoint, &response.body);
                    let response = scrub_response(response, &secrets);
                    let mut error = Error::<E::Error>::from_failure(&response);
                    error.clean_secrets(&secrets, E::ANSWER_SECRETS);
                    return Err(error);
                }
            };
            match failure {
                AttemptFailure::TooLarge { status, limit } => {
                    return Err(Error::ResponseTooLarge { status, limit });
                }
                AttemptFailure::Redirected { status } => {
                    // Never retried: the same client would follow it again.
                    return Err(Error::Redirected { status });
                }
                AttemptFailure::Transport(t) => {
                    if attempt < max_attempts {
                        let wait = retry.backoff(attempt);
                        tracing::debug!(
                            attempt,
                            delay_ms = wait.as_millis() as u64,
                            error = %Escaped(&t.message),
                            "retrying after transport failure"
                        );
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(Error::Transport(t));
                }
            }
        }
    }

    /// Every secret a call of `endpoint` may meet in an answer: the session's
    /// (registered credentials) and the endpoint's own. Built only when a call
    /// fails, so a success costs nothing.
    fn call_secrets<E: Endpoint>(&self, endpoint: &E) -> Secrets {
        let mut secrets = Secrets::new();
        self.inner.secrets.add_to(&mut secrets);
        secrets.extend(endpoint.secrets().iter());
        secrets
    }

    /// [`Transport::call_secrets`] and the values of the credential fields a
    /// failed answer's `body` holds (a session id in a body that did not decode).
    fn answered_secrets<E: Endpoint>(&self, endpoint: &E, body: &[u8]) -> Secrets {
        let mut secrets = self.call_secrets(endpoint);
        let text = String::from_utf8_lossy(body);
        secrets.extend(crate::secrets::field_values(&text, E::ANSWER_SECRETS).iter());
        secrets
    }

    fn build_request<E: Endpoint>(
        &self,
        url: &Url,
        body: &Body,
        parts: Option<&AuthParts>,
        extra_headers: &[(HeaderName, HeaderValue)],
    ) -> Result<reqwest::Request, Error<E::Error>> {
        let mut url = url.clone();
        let body_takes_params = matches!(body, Body::Json(_) | Body::Form(_));
        if let Some(p) = parts {
            let params_in_query = if body_takes_params {
                &[][..]
            } else {
                &p.params[..]
            };
            if !p.query.is_empty() || !params_in_query.is_empty() {
                let mut pairs = url.query_pairs_mut();
                for (k, v) in p.query.iter().chain(params_in_query) {
                    pairs.append_pair(k, v.expose_secret());
                }
            }
        }
        let mut request = reqwest::Request::new(E::METHOD, url);
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        for (k, v) in &self.inner.headers {
            headers.insert(k.clone(), v.clone());
        }
        for (k, v) in extra_headers {
            headers.insert(k.clone(), v.clone());
        }
        if let Some(p) = parts {
            for (name, value) in &p.headers {
                let mut v = HeaderValue::from_str(value.expose_secret()).map_err(|_| {
                    Error::Auth(AuthError::NoSession(format!(
                        "the {name} credential is not a valid header value"
                    )))
                })?;
                v.set_sensitive(true);
                headers.insert(name.clone(), v);
            }
        }
        let mut body_fields: Vec<&(String, secrecy::SecretString)> = Vec::new();
        if let Some(p) = parts {
            body_fields.extend(p.body_fields.iter());
            if body_takes_params {
                body_fields.extend(p.params.iter());
            }
        }
        match body {
            Body::Empty => {
                if !body_fields.is_empty() && E::METHOD != reqwest::Method::GET {
                    let bytes = splice_json_fields(b"{}", &body_fields);
                    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                    *request.body_mut() = Some(bytes.into());
                }
            }
            Body::Json(bytes) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                let bytes = if body_fields.is_empty() {
                    bytes.clone()
                } else {
                    splice_json_fields(bytes, &body_fields)
                };
                *request.body_mut() = Some(bytes.into());
            }
            Body::Form(pairs) => {
                let mut ser = url::form_urlencoded::Serializer::new(String::new());
                for (k, v) in pairs {
                    ser.append_pair(k, v);
                }
                for (k, v) in &body_fields {
                    ser.append_pair(k, v.expose_secret());
                }
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                *request.body_mut() = Some(ser.finish().into());
            }
            Body::Raw {
                content_type,
                bytes,
            } => {
                let ct = HeaderValue::from_str(content_type).map_err(|_| {
                    Error::Validation(ValidationError::new(
                        "content_type",
                        "not a valid header value",
                    ))
                })?;
                headers.insert(CONTENT_TYPE, ct);
                *request.body_mut() = Some(bytes.clone().into());
            }
        }
        Ok(request)
    }

    async fn execute(
        &self,
        request: reqwest::Request,
        limit: usize,
    ) -> Result<Response, AttemptFailure> {
        let sent = request.url().clone();
        let mut response = self
            .inner
            .http
            .reqwest()
            .execute(request)
            .await
            .map_err(|e| AttemptFailure::Transport(classify(e, false)))?;
        let status = response.status().as_u16();
        // Belt and braces: the client follows no redirect, so the answer must
        // come from where the request went. Anything else is refused unread.
        if response.url() != &sent {
            return Err(AttemptFailure::Redirected { status });
        }
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(AttemptFailure::TooLarge { status, limit });
        }
        let mut buf = BytesMut::with_capacity(declared.map(|n| n as usize).unwrap_or(0).min(limit));
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if buf.len() + chunk.len() > limit {
                        return Err(AttemptFailure::TooLarge { status, limit });
                    }
                    buf.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(AttemptFailure::Transport(classify(e, true))),
            }
        }
        let headers = std::mem::take(response.headers_mut());
        Ok(Response {
            status,
            headers,
            body: buf.freeze(),
        })
    }
}

/// Inserts `fields` as string members at the start of a JSON object body.
fn splice_json_fields(body: &[u8], fields: &[&(String, secrecy::SecretString)]) -> Bytes {
    let trimmed = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    if body.get(trimmed) != Some(&b'{') {
        // Not an object: the credential cannot travel in it. Leave the body alone.
        return Bytes::copy_from_slice(body);
    }
    let rest = &body[trimmed + 1..];
    let rest_is_empty_object = rest
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'}');
    let mut out = Vec::with_capacity(body.len() + 64);
    out.push(b'{');
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Serializing a string cannot fail.
        out.extend_from_slice(&serde_json::to_vec(k).unwrap_or_default());
        out.push(b':');
        out.extend_from_slice(&serde_json::to_vec(v.expose_secret()).unwrap_or_default());
    }
    if !rest_is_empty_object {
        out.push(b',');
    }
    out.extend_from_slice(rest);
    Bytes::from(out)
}

/// The response with every credential value removed from its body, before an
/// endpoint's error type reads (and keeps) the vendor's message.
fn scrub_response(mut response: Response, secrets: &Secrets) -> Response {
    if let Some(body) = secrets.scrub_bytes(&response.body) {
        response.body = Bytes::from(body);
    }
    response
}

/// `url` for display: any `user:password@` removed.
fn without_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    match Url::parse(url.trim()) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            std::borrow::Cow::Owned(parsed.to_string())
        }
        Ok(_) => std::borrow::Cow::Borrowed(url),
        // Not a URL: it may still hold `user:pass@`; show the part after it.
        Err(_) => match url.rsplit_once('@') {
            Some((_, host)) => std::borrow::Cow::Owned(format!("[redacted]@{host}")),
            None => std::borrow::Cow::Borrowed(url),
        },
    }
}

fn rejection_message(response: &Response) -> String {
    format!("HTTP {}: {}", response.status, excerpt(&response.body))
}

/// Classifies a reqwest error: was anything sent? Was it a timeout? The URL (which
/// may carry a key in its query) is removed before the error is kept.
fn classify(error: reqwest::Error, during_body: bool) -> TransportError {
    let timeout = error.is_timeout();
    let connect = error.is_connect();
    let may_have_been_sent = during_body || !connect;
    let what = if connect {
        "could not connect"
    } else if timeout {
        "timed out"
    } else if during_body {
        "the connection failed while reading the answer"
    } else {
        "the request failed"
    };
    let error = error.without_url();
    TransportError {
        message: format!("{what}: {error}"),
        may_have_been_sent,
        timeout,
        source: Some(Box::new(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    /// `GET /thing` with an API key in its query, answering JSON.
    struct GetThing;

    #[derive(Debug, thiserror::Error)]
    #[error("thing failed")]
    struct ThingError;

    impl crate::ServiceError for ThingError {
        fn from_response(_: &Response) -> Option<Self> {
            None
        }
    }

    impl Endpoint for GetThing {
        type Output = serde_json::Value;
        type Error = ThingError;
        const METHOD: reqwest::Method = reqwest::Method::GET;
        const NAME: &'static str = "GET /thing";
        const IDEMPOTENT: bool = true;
        fn path(&self) -> std::borrow::Cow<'_, str> {
            "thing".into()
        }
        fn decode(&self, r: Response) -> Result<serde_json::Value, crate::DecodeError> {
            r.json()
        }
    }

    #[tokio::test]
    async fn an_answer_from_another_address_is_refused_even_if_a_client_followed_it() {
        use wiremock::matchers::any;
        use wiremock::{Mock, MockServer, ResponseTemplate};
        // A client that follows redirects cannot be handed in; this one is built
        // inside the crate to prove the second safeguard (the URL check).
        let (first, second) = (MockServer::start().await, MockServer::start().await);
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("Location", format!("{}/stolen", second.uri())),
            )
            .mount(&first)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&second)
            .await;
        let transport = Transport::builder("t")
            .base_url(first.uri())
            .shared_http_client(HttpClient::following_redirects_for_tests())
            .build()
            .unwrap();
        let err = transport.send(&GetThing, None).await.unwrap_err();
        assert!(matches!(err, Error::Redirected { status: 200 }), "{err}");
        assert!(!err.is_retryable() && err.may_have_been_sent());
        // Not retried: one request reached each server.
        assert_eq!(first.received_requests().await.unwrap().len(), 1);
        assert_eq!(second.received_requests().await.unwrap().len(), 1);
    }

    #[test]
    fn splice_adds_fields() {
        let field = ("api_key".to_string(), SecretString::from("k\"1"));
        let f = vec![&field];
        assert_eq!(
            &splice_json_fields(b"{\"a\":1}", &f)[..],
            br#"{"api_key":"k\"1","a":1}"#
        );
        assert_eq!(
            &splice_json_fields(b" { } ", &f)[..],
            br#"{"api_key":"k\"1" } "#
        );
        assert_eq!(&splice_json_fields(b"[1]", &f)[..], b"[1]");
    }

    #[test]
    fn echoed_credentials_are_scrubbed_from_error_bodies() {
        let parts = AuthParts::new(1)
            .header(
                HeaderName::from_static("authorization"),
                SecretString::from("Bearer tok-SECRET/1"),
            )
            .param("api_key", SecretString::from("k3y-SECRET"));
        let mut secrets = Secrets::new();
        secrets.extend(parts.secret_values());
        let body = br#"{"error": "GET /x?api_key=k3y-SECRET token tok-SECRET/1 tok-SECRET%2F1"}"#;
        let r = scrub_response(Response::new(400, HeaderMap::new(), &body[..]), &secrets);
        let text = String::from_utf8(r.body.to_vec()).unwrap();
        assert!(!text.contains("SECRET"), "{text}");
        assert_eq!(text.matches("[redacted]").count(), 3, "{text}");
        let clean = Response::new(400, HeaderMap::new(), &b"{}"[..]);
        assert_eq!(&scrub_response(clean, &secrets).body[..], b"{}");
        assert_eq!(secrets.scrub("cut tok-SECR…"), "cut [redacted]…");
        // A request's own secret (an id in its path), without any session.
        let mut own = Secrets::new();
        own.add(&SecretString::from("13dbb896-ed1e"));
        assert_eq!(
            own.scrub("DELETE /lock/13dbb896-ed1e failed"),
            "DELETE /lock/[redacted] failed"
        );
    }

    #[test]
    fn user_info_is_not_displayed() {
        assert_eq!(
            without_userinfo("https://user:pa55@api.example.com/x"),
            "https://api.example.com/x"
        );
        assert_eq!(
            without_userinfo("https://api.example.com/"),
            "https://api.example.com/"
        );
        assert_eq!(without_userinfo("not a url u:p@host"), "[redacted]@host");
    }
}
