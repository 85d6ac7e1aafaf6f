//! Building blocks of the vendor simulators (feature `testkit`).
//!
//! Each vendor crate's simulator is a [`SimulatedApi`]: a function from a request
//! to a response over the simulator's own state. [`SimServer`] serves it on
//! loopback through wiremock and adds the knobs every simulator has: a
//! controllable [`SimClock`], injected failures ([`Faults`]: the next N calls
//! answer 503, added latency, malformed bodies, a hang), and the record of
//! requests received.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::clock::Clock;
use crate::error::AuthError;
use crate::http::{AuthParts, Authorizer, Response, Transport};

pub mod hostile;
pub mod shape;
mod trace;
pub mod wire;

pub use trace::{TraceCapture, assert_no_secret_in, leaked};

/// A clock tests move by hand. Share it with the SDK client (through its
/// builder's `clock`) and the simulator, and tokens expire when the test says.
#[derive(Debug, Clone)]
pub struct SimClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl Default for SimClock {
    fn default() -> Self {
        Self::new()
    }
}

impl SimClock {
    /// A clock at the current system time.
    pub fn new() -> Self {
        Self::at(Utc::now())
    }

    /// A clock at `t`.
    pub fn at(t: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(t)),
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += chrono::Duration::from_std(by).unwrap_or_default();
    }

    /// Sets the time.
    pub fn set(&self, t: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }
}

impl Clock for SimClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One injected failure.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this status and a short JSON body.
    Status(u16),
    /// Answer with this status and body (in the vendor's own error shape).
    StatusBody(u16, String),
    /// Answer 200 with this malformed body.
    Malformed(String),
    /// Never answer within any sensible timeout (a 1-hour delay).
    Hang,
}

#[derive(Debug, Default)]
struct FaultState {
    queue: VecDeque<Fault>,
    latency: Option<Duration>,
}

/// Failures to inject into a simulator's next answers.
#[derive(Debug, Default, Clone)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
}

impl Faults {
    /// The next `n` calls answer 503.
    pub fn fail_next(&self, n: usize) {
        self.fail_next_with(n, 503);
    }

    /// The next `n` calls answer `status`.
    pub fn fail_next_with(&self, n: usize, status: u16) {
        let mut s = self.lock();
        for _ in 0..n {
            s.queue.push_back(Fault::Status(status));
        }
    }

    /// The next `n` calls answer `status` with `body`, e.g. a vendor-shaped error
    /// such as `{"error": "Door is offline"}` that reaches a typed variant.
    pub fn fail_next_with_body(&self, n: usize, status: u16, body: impl Into<String>) {
        let body = body.into();
        let mut s = self.lock();
        for _ in 0..n {
            s.queue.push_back(Fault::StatusBody(status, body.clone()));
        }
    }

    /// The next call answers 200 with `body` (e.g. truncated JSON).
    pub fn malformed_next(&self, body: impl Into<String>) {
        self.lock().queue.push_back(Fault::Malformed(body.into()));
    }

    /// The next call never answers in time.
    pub fn hang_next(&self) {
        self.lock().queue.push_back(Fault::Hang);
    }

    /// Adds `latency` to every answer (`None` removes it).
    pub fn set_latency(&self, latency: Option<Duration>) {
        self.lock().latency = latency;
    }

    /// Removes every pending fault and the latency.
    pub fn clear(&self) {
        *self.lock() = FaultState::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn take(&self) -> (Option<Fault>, Option<Duration>) {
        let mut s = self.lock();
        (s.queue.pop_front(), s.latency)
    }
}

/// A vendor API simulated in process.
pub trait SimulatedApi: Send + Sync + 'static {
    /// Answers one request from the simulator's state.
    fn handle(&self, request: &Request) -> ResponseTemplate;
}

struct Responder<A> {
    api: Arc<A>,
    faults: Faults,
}

impl<A: SimulatedApi> Respond for Responder<A> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (fault, latency) = self.faults.take();
        let template = match fault {
            Some(Fault::Status(status)) => ResponseTemplate::new(status).set_body_raw(
                format!("{{\"message\":\"injected {status}\"}}"),
                "application/json",
            ),
            Some(Fault::StatusBody(status, body)) => {
                ResponseTemplate::new(status).set_body_raw(body, "application/json")
            }
            Some(Fault::Malformed(body)) => {
                ResponseTemplate::new(200).set_body_raw(body, "application/json")
            }
            Some(Fault::Hang) => ResponseTemplate::new(200).set_delay(Duration::from_secs(3600)),
            None => self.api.handle(request),
        };
        match latency {
            Some(d) => template.set_delay(d),
            None => template,
        }
    }
}

/// A simulator served on loopback.
pub struct SimServer {
    server: MockServer,
    faults: Faults,
}

impl std::fmt::Debug for SimServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimServer")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl SimServer {
    /// Serves `api` on a free loopback port.
    pub async fn start<A: SimulatedApi>(api: Arc<A>) -> Self {
        let server = MockServer::start().await;
        let faults = Faults::default();
        Mock::given(wiremock::matchers::any())
            .respond_with(Responder {
                api,
                faults: faults.clone(),
            })
            .mount(&server)
            .await;
        Self { server, faults }
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The failure knobs.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Every request received so far, oldest first.
    pub async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// How many received requests had this method and path.
    pub async fn count(&self, method: &str, path: &str) -> usize {
        self.requests()
            .await
            .iter()
            .filter(|r| r.method.as_str().eq_ignore_ascii_case(method) && r.url.path() == path)
            .count()
    }
}

/// A JSON response.
pub fn json_response<T: serde::Serialize>(status: u16, body: &T) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Mounts, at the lowest priority, a mock that answers every request no other
/// mock expected with 599 and a body naming it, so a request-shape test fails
/// loudly and says which request nobody expected.
///
/// wiremock 0.6 keeps scoped mocks (`mount_as_scoped`) by position while it
/// sorts mocks by priority, so combining this catch-all with scoped mocks can
/// switch off the wrong mock: use `reset()` and mount again between
/// expectations instead.
pub async fn mount_catch_all(server: &MockServer) {
    struct Unexpected;
    impl Respond for Unexpected {
        fn respond(&self, r: &Request) -> ResponseTemplate {
            // The body is not echoed: it may hold a password, and the answer ends
            // up in the test's error message. Its size is enough to tell requests apart.
            ResponseTemplate::new(599).set_body_string(format!(
                "unexpected request: {} {} ({} body bytes)",
                r.method,
                r.url.path(),
                r.body.len()
            ))
        }
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(Unexpected)
        .with_priority(u8::MAX)
        .named("catch-all: unexpected request")
        .mount(server)
        .await;
}

/// Credentials that never change: attaches fixed headers (and query values) to every
/// request and never renews. For tests that exercise the transport under hostile
/// answers without a vendor session in the way.
pub struct StaticAuth {
    headers: Vec<(reqwest::header::HeaderName, String)>,
    query: Vec<(String, String)>,
}

impl std::fmt::Debug for StaticAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticAuth").finish_non_exhaustive()
    }
}

impl StaticAuth {
    /// No credentials at all.
    pub fn none() -> Self {
        Self {
            headers: Vec::new(),
            query: Vec::new(),
        }
    }

    /// Adds a header value.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers
            .push((reqwest::header::HeaderName::from_static(name), value.into()));
        self
    }

    /// Adds a query value.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }
}

#[async_trait::async_trait]
impl Authorizer for StaticAuth {
    async fn authorize(&self, _transport: &Transport) -> Result<AuthParts, AuthError> {
        let mut parts = AuthParts::new(1);
        for (k, v) in &self.headers {
            parts = parts.header(k.clone(), secrecy::SecretString::from(v.clone()));
        }
        for (k, v) in &self.query {
            parts = parts.query(k.clone(), secrecy::SecretString::from(v.clone()));
        }
        Ok(parts)
    }
    fn is_rejection(&self, _response: &Response) -> bool {
        false
    }
    async fn renew(&self, _transport: &Transport, _rejected: u64) -> Result<(), AuthError> {
        Ok(())
    }
}
