//! Building blocks of the vendor simulators (feature `testkit`).
//!
//! Each vendor crate's simulator is a context (its state, independent of the
//! SDK's serde types) and a [`Router`] of one function per documented route.
//! [`SimServer`] serves it on loopback through wiremock and adds the knobs every
//! simulator has, which [`sim_facade!`](crate::sim_facade) writes onto each
//! vendor's facade: a controllable [`SimClock`], injected failures ([`Faults`]:
//! in the vendor's own error shape, for any call or one endpoint), and the
//! record of requests received ([`Recording`]).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::clock::Clock;
use crate::error::AuthError;
use crate::http::{AuthParts, Authorizer, Response, Transport};

pub mod hostile;
pub mod router;
pub mod shape;
mod trace;
pub mod wire;

pub use router::{Router, SimAnswer, SimError, SimRequest, SimResult};
pub use trace::{TraceCapture, assert_no_secret_in, leaked};
pub use wiremock::Request;

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
    /// Answer with this status, in the vendor's error shape (`injected 503`).
    Status(u16),
    /// Answer with this failure, in the vendor's error shape.
    Error(SimError),
    /// Answer with this status and this exact body.
    StatusBody(u16, String),
    /// Answer 200 with this malformed body.
    Malformed(String),
    /// Never answer within any sensible timeout (a 1-hour delay).
    Hang,
}

#[derive(Debug, Default)]
struct FaultState {
    queue: VecDeque<Fault>,
    targeted: Vec<(String, VecDeque<Fault>)>,
    latency: Option<Duration>,
    fired: usize,
}

/// Failures to inject into a simulator's next answers, in the vendor's own
/// error shape (the simulator's router renders them like its own failures, so
/// an injected 500 reaches the vendor's typed variant).
///
/// Untargeted faults hit the next requests whatever they are;
/// [`at`](Self::at) and [`endpoint`](Self::endpoint) aim at one endpoint and
/// leave every other request alone. [`pending`](Self::pending) and
/// [`fired`](Self::fired) count them.
#[derive(Debug, Default, Clone)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
}

/// The fault knobs aimed at one endpoint ([`Faults::at`]).
#[derive(Debug)]
pub struct FaultsAt<'a> {
    faults: &'a Faults,
    target: String,
}

macro_rules! fault_knobs {
    ($target:ident) => {
        /// The next `n` calls answer 503.
        pub fn fail_next(&self, n: usize) {
            self.fail_next_with(n, 503);
        }

        /// The next `n` calls answer `status` (`injected {status}`).
        pub fn fail_next_with(&self, n: usize, status: u16) {
            self.push($target!(self), Fault::Status(status), n);
        }

        /// The next `n` calls answer this failure, e.g.
        /// `SimError::new(500, "Can not save data")`.
        pub fn fail_next_with_error(&self, n: usize, error: SimError) {
            self.push($target!(self), Fault::Error(error), n);
        }

        /// The next `n` calls answer `status` with exactly `body`.
        pub fn fail_next_with_body(&self, n: usize, status: u16, body: impl Into<String>) {
            self.push($target!(self), Fault::StatusBody(status, body.into()), n);
        }

        /// The next call answers 200 with `body` (e.g. truncated JSON).
        pub fn malformed_next(&self, body: impl Into<String>) {
            self.push($target!(self), Fault::Malformed(body.into()), 1);
        }

        /// The next call never answers in time.
        pub fn hang_next(&self) {
            self.push($target!(self), Fault::Hang, 1);
        }
    };
}

macro_rules! untargeted {
    ($s:expr) => {
        None
    };
}

macro_rules! targeted {
    ($s:expr) => {
        Some($s.target.as_str())
    };
}

impl Faults {
    fault_knobs!(untargeted);

    /// The knobs aimed at one endpoint, named as the SDK names it
    /// (`GET /api/v2/Persons/{id}`, `POST /admins/setUsers`,
    /// `ESWS Esws.getUsers`): a `{...}` segment matches any value.
    pub fn at(&self, endpoint: &str) -> FaultsAt<'_> {
        FaultsAt {
            faults: self,
            target: endpoint.to_string(),
        }
    }

    /// The knobs aimed at endpoint `E` (by its [`Endpoint::NAME`](crate::http::Endpoint::NAME)).
    pub fn endpoint<E: crate::http::Endpoint>(&self) -> FaultsAt<'_> {
        self.at(E::NAME)
    }

    /// Adds `latency` to every answer (`None` removes it).
    pub fn set_latency(&self, latency: Option<Duration>) {
        self.lock().latency = latency;
    }

    /// Removes every pending fault and the latency, and resets the count.
    pub fn clear(&self) {
        *self.lock() = FaultState::default();
    }

    /// How many injected faults have not fired yet.
    pub fn pending(&self) -> usize {
        let s = self.lock();
        s.queue.len() + s.targeted.iter().map(|(_, q)| q.len()).sum::<usize>()
    }

    /// How many injected faults have fired.
    pub fn fired(&self) -> usize {
        self.lock().fired
    }

    fn push(&self, target: Option<&str>, fault: Fault, n: usize) {
        let mut s = self.lock();
        let queue = match target {
            None => &mut s.queue,
            Some(t) => {
                let at = match s.targeted.iter().position(|(name, _)| name == t) {
                    Some(at) => at,
                    None => {
                        s.targeted.push((t.to_string(), VecDeque::new()));
                        s.targeted.len() - 1
                    }
                };
                &mut s.targeted[at].1
            }
        };
        queue.extend(std::iter::repeat_n(fault, n));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fault for a request with route key `key`: a fault aimed at its
    /// endpoint first, else the next untargeted one.
    fn take(
        &self,
        key: Option<&(String, String)>,
        fold: bool,
    ) -> (Option<Fault>, Option<Duration>) {
        let mut s = self.lock();
        let targeted = key.and_then(|(method, path)| {
            s.targeted
                .iter_mut()
                .find(|(t, q)| !q.is_empty() && router::target_matches(t, method, path, fold))
                .and_then(|(_, q)| q.pop_front())
        });
        let fault = targeted.or_else(|| s.queue.pop_front());
        if fault.is_some() {
            s.fired += 1;
        }
        (fault, s.latency)
    }
}

impl FaultsAt<'_> {
    fault_knobs!(targeted);

    fn push(&self, target: Option<&str>, fault: Fault, n: usize) {
        self.faults.push(target, fault, n);
    }
}

/// How much of the traffic a simulator keeps for [`SimServer::requests`].
/// [`SimServer::count`] is exact whatever is kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Recording {
    /// Every request (the default; for tests that assert what was sent).
    #[default]
    All,
    /// The last `n` requests (for long runs).
    Last(usize),
    /// No request bodies or headers at all (for benchmarks and large syncs).
    Off,
}

#[derive(Debug, Default)]
struct RecorderState {
    mode: Recording,
    kept: VecDeque<Request>,
    counts: std::collections::HashMap<(String, String), usize>,
    total: usize,
    unrouted: Vec<String>,
}

#[derive(Debug, Default, Clone)]
struct Recorder(Arc<Mutex<RecorderState>>);

impl Recorder {
    fn lock(&self) -> std::sync::MutexGuard<'_, RecorderState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn count_key(&self, method: &str, path: &str) {
        *self
            .lock()
            .counts
            .entry((method.to_ascii_uppercase(), path.to_string()))
            .or_default() += 1;
    }

    fn record(&self, r: &Request) {
        let mut s = self.lock();
        s.total += 1;
        *s.counts
            .entry((
                r.method.as_str().to_ascii_uppercase(),
                r.url.path().to_string(),
            ))
            .or_default() += 1;
        match s.mode {
            Recording::All => s.kept.push_back(r.clone()),
            Recording::Last(n) => {
                if n > 0 {
                    if s.kept.len() >= n {
                        s.kept.pop_front();
                    }
                    s.kept.push_back(r.clone());
                }
            }
            Recording::Off => {}
        }
    }
}

fn sniffed(body: &str) -> &'static str {
    if body.trim_start().starts_with('<') {
        "text/xml; charset=utf-8"
    } else {
        "application/json"
    }
}

fn fault_template(
    fault: Fault,
    path: Option<&str>,
    error: impl Fn(&SimError) -> SimAnswer,
) -> ResponseTemplate {
    let at = |mut e: SimError| {
        if e.path.is_none() {
            e.path = path.map(str::to_string);
        }
        error(&e).into_template()
    };
    match fault {
        Fault::Status(status) => at(SimError::injected(status)),
        Fault::Error(e) => at(e),
        Fault::StatusBody(status, body) => {
            let ct = sniffed(&body);
            ResponseTemplate::new(status).set_body_raw(body, ct)
        }
        Fault::Malformed(body) => {
            let ct = sniffed(&body);
            ResponseTemplate::new(200).set_body_raw(body, ct)
        }
        Fault::Hang => ResponseTemplate::new(200).set_delay(Duration::from_secs(3600)),
    }
}

/// The header a simulator sets on the answer to a request no route serves.
pub const NO_ROUTE_HEADER: &str = "x-sim-no-route";

struct RouterResponder<C> {
    ctx: Arc<C>,
    router: Arc<Router<C>>,
    faults: Faults,
    recorder: Recorder,
}

impl<C: Send + Sync + 'static> Respond for RouterResponder<C> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.recorder.record(request);
        let key = self.router.key_of(request);
        if let Some((method, path)) = &key
            && (method != request.method.as_str() || path != request.url.path())
        {
            // A route key of its own (an ESWS function): counted under it too.
            self.recorder.count_key(method, path);
        }
        let (fault, latency) = self.faults.take(key.as_ref(), self.router.folds_case());
        let template = match fault {
            Some(f) => fault_template(f, key.as_ref().map(|(_, p)| p.as_str()), |e| {
                self.router.error(e)
            }),
            None => {
                let found = key
                    .as_ref()
                    .and_then(|(m, p)| self.router.find(m, p).map(|f| (f, p)));
                match found {
                    Some((route, path)) => self
                        .router
                        .answer(&self.ctx, request, &route, path)
                        .into_template(),
                    None => {
                        if let Some(answer) = key
                            .as_ref()
                            .and_then(|(_, p)| self.router.refuse_method(&self.ctx, request, p))
                        {
                            return match latency {
                                Some(d) => answer.into_template().set_delay(d),
                                None => answer.into_template(),
                            };
                        }
                        let what = match &key {
                            Some((m, p)) => format!("{m} {p}"),
                            None => format!("{} {}", request.method, request.url.path()),
                        };
                        self.recorder.lock().unrouted.push(what.clone());
                        self.router
                            .error(&SimError::not_found(format!("no route for {what}")))
                            .with_header(NO_ROUTE_HEADER, "1")
                            .into_template()
                    }
                }
            }
        };
        match latency {
            Some(d) => template.set_delay(d),
            None => template,
        }
    }
}

/// A simulator served on loopback: the vendor's [`Router`] over its context,
/// with the knobs every simulator has (clock, faults, recording).
pub struct SimServer {
    server: MockServer,
    faults: Faults,
    recorder: Recorder,
    clock: SimClock,
    routes: Vec<String>,
    base_path: String,
}

impl std::fmt::Debug for SimServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimServer")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl SimServer {
    /// Serves `router` over `ctx` on a free loopback port, on `clock`.
    pub async fn serve<C: Send + Sync + 'static>(
        ctx: Arc<C>,
        router: Router<C>,
        clock: SimClock,
    ) -> Self {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let faults = Faults::default();
        let recorder = Recorder::default();
        let routes = router.routes();
        Mock::given(wiremock::matchers::any())
            .respond_with(RouterResponder {
                ctx,
                router: Arc::new(router),
                faults: faults.clone(),
                recorder: recorder.clone(),
            })
            .mount(&server)
            .await;
        Self {
            server,
            faults,
            recorder,
            clock,
            routes,
            base_path: String::new(),
        }
    }

    /// The same server with `base_path` (e.g. the EF-45's `/1.0`) at the end
    /// of [`uri`](Self::uri): the base a client of the vendor is given.
    pub fn with_base_path(mut self, base_path: &str) -> Self {
        self.base_path = base_path.trim_end_matches('/').to_string();
        self
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (plus the base path, if any).
    pub fn uri(&self) -> String {
        format!("{}{}", self.server.uri(), self.base_path)
    }

    /// The simulator's clock.
    pub fn clock(&self) -> &SimClock {
        &self.clock
    }

    /// The failure knobs.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The requests kept so far, oldest first (all of them unless
    /// [`set_recording`](Self::set_recording) said otherwise).
    pub fn requests(&self) -> Vec<Request> {
        self.recorder.lock().kept.iter().cloned().collect()
    }

    /// How many requests had this method and URL path, or this route key where
    /// the router routes on one of its own (`count("ESWS", "Esws.getUsers")`):
    /// exact whatever the recording keeps.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.recorder
            .lock()
            .counts
            .get(&(method.to_ascii_uppercase(), path.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// How many requests the simulator received in all (since the last reset),
    /// whatever the recording keeps.
    pub fn total_requests(&self) -> usize {
        self.recorder.lock().total
    }

    /// How much traffic [`requests`](Self::requests) keeps.
    pub fn set_recording(&self, mode: Recording) {
        let mut s = self.recorder.lock();
        s.mode = mode;
        match mode {
            Recording::All => {}
            Recording::Last(n) => {
                while s.kept.len() > n {
                    s.kept.pop_front();
                }
            }
            Recording::Off => s.kept.clear(),
        }
    }

    /// The requests no route served, as `METHOD path`: a request the
    /// simulator does not know, which a client must never send.
    pub fn unrouted(&self) -> Vec<String> {
        self.recorder.lock().unrouted.clone()
    }

    /// Every route the simulator serves, as `METHOD pattern`.
    pub fn routes(&self) -> &[String] {
        &self.routes
    }

    /// Forgets the recorded traffic and every pending fault (the vendor's
    /// `reset` also restores its seeded state).
    pub fn reset(&self) {
        self.faults.clear();
        let mut s = self.recorder.lock();
        s.kept.clear();
        s.counts.clear();
        s.total = 0;
        s.unrouted.clear();
    }
}

/// Writes the knobs every simulator facade has, delegating to its
/// `server: SimServer` field: `uri()`, `clock()`, `faults()`, `requests()`,
/// `count(method, path)`, `set_recording(mode)`, `unrouted()`, `routes()`.
/// Each vendor writes `start()`, `start_with(config)`, `client_builder()`,
/// `client()`, `reset()` and its own knobs beside them.
#[macro_export]
macro_rules! sim_facade {
    ($ty:ty) => {
        impl $ty {
            /// The base URL to give the client.
            pub fn uri(&self) -> ::std::string::String {
                self.server.uri()
            }

            /// The simulator's clock: share it with the client's builder
            /// (`client_builder()` does) and move it with `advance`.
            pub fn clock(&self) -> &$crate::testkit::SimClock {
                self.server.clock()
            }

            /// Failure knobs, answered in this vendor's error shape:
            /// `fail_next(n)`, `fail_next_with(n, status)`,
            /// `fail_next_with_error(n, error)`, `malformed_next`, `hang_next`,
            /// `set_latency`, and `at(endpoint)` for one endpoint only.
            pub fn faults(&self) -> &$crate::testkit::Faults {
                self.server.faults()
            }

            /// The requests kept so far, oldest first.
            pub fn requests(&self) -> ::std::vec::Vec<$crate::testkit::Request> {
                self.server.requests()
            }

            /// How many requests had this method and URL path (or this route
            /// key, where the simulator routes on its own, e.g. `("ESWS",
            /// "Esws.getUsers")`); exact whatever the recording keeps.
            pub fn count(&self, method: &str, path: &str) -> usize {
                self.server.count(method, path)
            }

            /// How many requests the simulator received in all (since the last
            /// reset), whatever the recording keeps.
            pub fn total_requests(&self) -> usize {
                self.server.total_requests()
            }

            /// How much traffic `requests()` keeps (`Recording::Off` for large runs).
            pub fn set_recording(&self, mode: $crate::testkit::Recording) {
                self.server.set_recording(mode)
            }

            /// The requests no route served (`METHOD path`).
            pub fn unrouted(&self) -> ::std::vec::Vec<::std::string::String> {
                self.server.unrouted()
            }

            /// Every route the simulator serves, as `METHOD pattern`.
            pub fn routes(&self) -> &[::std::string::String] {
                self.server.routes()
            }
        }
    };
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
