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

pub mod control;
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
///
/// A clock made with [`new`](Self::new) or [`at`](Self::at) stands still
/// until it is moved; one made with [`running`](Self::running) follows the
/// system clock (a long-running simulator server, where sessions should
/// expire and logs carry real times), and moving it shifts it for good.
#[derive(Debug, Clone)]
pub struct SimClock {
    now: Arc<Mutex<ClockMode>>,
}

#[derive(Debug, Clone, Copy)]
enum ClockMode {
    /// Stands at this time until moved.
    Fixed(DateTime<Utc>),
    /// The system time plus this offset.
    Running(chrono::Duration),
}

impl Default for SimClock {
    fn default() -> Self {
        Self::new()
    }
}

impl SimClock {
    /// A clock standing at the current system time.
    pub fn new() -> Self {
        Self::at(Utc::now())
    }

    /// A clock standing at `t`.
    pub fn at(t: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(ClockMode::Fixed(t))),
        }
    }

    /// A clock that follows the system clock (shifted by
    /// [`advance`](Self::advance) and [`set`](Self::set)).
    pub fn running() -> Self {
        Self {
            now: Arc::new(Mutex::new(ClockMode::Running(chrono::Duration::zero()))),
        }
    }

    /// Whether the clock follows the system clock.
    pub fn is_running(&self) -> bool {
        matches!(*self.lock(), ClockMode::Running(_))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let by = chrono::Duration::from_std(by).unwrap_or_default();
        let mut now = self.lock();
        *now = match *now {
            ClockMode::Fixed(t) => ClockMode::Fixed(t + by),
            ClockMode::Running(offset) => ClockMode::Running(offset + by),
        };
    }

    /// Sets the time (a running clock goes on from there).
    pub fn set(&self, t: DateTime<Utc>) {
        let mut now = self.lock();
        *now = match *now {
            ClockMode::Fixed(_) => ClockMode::Fixed(t),
            ClockMode::Running(_) => ClockMode::Running(t - Utc::now()),
        };
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockMode> {
        self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Clock for SimClock {
    fn now(&self) -> DateTime<Utc> {
        match *self.lock() {
            ClockMode::Fixed(t) => t,
            ClockMode::Running(offset) => Utc::now() + offset,
        }
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

impl Fault {
    /// The status the fault answers with.
    fn status(&self) -> u16 {
        match self {
            Fault::Status(s) | Fault::StatusBody(s, _) => *s,
            Fault::Error(e) => e.status,
            Fault::Malformed(_) | Fault::Hang => 200,
        }
    }
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
pub(crate) struct RecorderState {
    mode: Recording,
    kept: VecDeque<Request>,
    counts: std::collections::HashMap<(String, String), usize>,
    total: usize,
    unrouted: Vec<String>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Recorder(Arc<Mutex<RecorderState>>);

impl Recorder {
    fn clear(&self) {
        let mut s = self.lock();
        s.kept.clear();
        s.counts.clear();
        s.total = 0;
        s.unrouted.clear();
    }

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
    plane: Arc<control::Plane>,
}

impl<C: Send + Sync + 'static> RouterResponder<C> {
    /// The answer to a vendor request, and its status (for the log).
    fn vendor_answer(
        &self,
        request: &Request,
        key: Option<&(String, String)>,
    ) -> (u16, ResponseTemplate) {
        let plane = &self.plane;
        plane.recorder.record(request);
        if let Some((method, path)) = key
            && (method != request.method.as_str() || path != request.url.path())
        {
            // A route key of its own (an ESWS function): counted under it too.
            plane.recorder.count_key(method, path);
        }
        let (fault, latency) = plane.faults.take(key, self.router.folds_case());
        let (status, template) = match fault {
            Some(f) => {
                let status = f.status();
                let t = fault_template(f, key.map(|(_, p)| p.as_str()), |e| self.router.error(e));
                (status, t)
            }
            None => {
                let found = key.and_then(|(m, p)| self.router.find(m, p).map(|f| (f, p)));
                let answer = match found {
                    Some((route, path)) => self.router.answer(&self.ctx, request, &route, path),
                    None => match key
                        .and_then(|(_, p)| self.router.refuse_method(&self.ctx, request, p))
                    {
                        Some(answer) => answer,
                        None => {
                            let what = match key {
                                Some((m, p)) => format!("{m} {p}"),
                                None => format!("{} {}", request.method, request.url.path()),
                            };
                            plane.recorder.lock().unrouted.push(what.clone());
                            self.router
                                .error(&SimError::not_found(format!("no route for {what}")))
                                .with_header(NO_ROUTE_HEADER, "1")
                        }
                    },
                };
                (answer.status, answer.into_template())
            }
        };
        match latency {
            Some(d) => (status, template.set_delay(d)),
            None => (status, template),
        }
    }
}

/// The request as the log shows it: the path, and the query with the value of
/// every credential field (`token`, `password`, ...) redacted. Headers and
/// bodies are never logged.
fn logged_target(request: &Request) -> String {
    let mut out = request.url.path().to_string();
    if request.url.query().is_some() {
        let pairs: Vec<String> = request
            .url
            .query_pairs()
            .map(|(k, v)| {
                if crate::secrets::is_credential_field(&k, &[]) {
                    format!("{k}={}", crate::secrets::REDACTED)
                } else {
                    format!("{k}={v}")
                }
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

impl<C: Send + Sync + 'static> Respond for RouterResponder<C> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let started = std::time::Instant::now();
        if control::is_control(request.url.path()) {
            let answer = self.plane.answer(request);
            tracing::info!(
                target: "access_sim::control",
                sim = %self.plane.name,
                status = answer.status,
                "{} {}",
                request.method,
                logged_target(request),
            );
            return answer.into_template();
        }
        let key = self.router.key_of(request);
        let (status, template) = self.vendor_answer(request, key.as_ref());
        let route = key
            .as_ref()
            .filter(|(m, p)| m != request.method.as_str() || p != request.url.path())
            .map(|(m, p)| format!(" ({m} {p})"))
            .unwrap_or_default();
        tracing::info!(
            target: "access_sim::request",
            sim = %self.plane.name,
            status,
            micros = started.elapsed().as_micros() as u64,
            "{} {}{route}",
            request.method,
            logged_target(request),
        );
        template
    }
}

/// A simulator served on loopback: the vendor's [`Router`] over its context,
/// with the knobs every simulator has (clock, faults, recording) and the
/// control API under `/_sim` ([`control`]).
pub struct SimServer {
    server: MockServer,
    plane: Arc<control::Plane>,
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

/// A listening socket a simulator is to serve on (a vendor `SimConfig`'s
/// `listener`): shared by the config's clones, and taken by the first
/// simulator started from one of them (the others take a free port).
#[derive(Debug, Clone)]
pub struct SimListener(Arc<Mutex<Option<std::net::TcpListener>>>);

impl SimListener {
    /// Serves on `listener`.
    pub fn new(listener: std::net::TcpListener) -> Self {
        Self(Arc::new(Mutex::new(Some(listener))))
    }

    /// The socket, if no simulator has taken it yet.
    pub fn take(&self) -> Option<std::net::TcpListener> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// How a [`SimServer`] is served: [`SimServer::builder`].
pub struct SimServerBuilder<C> {
    name: String,
    ctx: Arc<C>,
    router: Router<C>,
    clock: SimClock,
    control: Option<control::Control<C>>,
    listener: Option<std::net::TcpListener>,
}

impl<C> std::fmt::Debug for SimServerBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimServerBuilder")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl<C: Send + Sync + 'static> SimServerBuilder<C> {
    /// The vendor's knobs and state in the control API.
    pub fn control(mut self, control: control::Control<C>) -> Self {
        self.control = Some(control);
        self
    }

    /// Serves on this listener instead of a free loopback port (a server
    /// bound to a chosen address and port); `None`, or a listener already
    /// taken, keeps the free port.
    pub fn listener(mut self, listener: Option<&SimListener>) -> Self {
        self.listener = listener.and_then(SimListener::take);
        self
    }

    /// Starts serving.
    pub async fn serve(self) -> SimServer {
        let mut builder = MockServer::builder().disable_request_recording();
        if let Some(listener) = self.listener {
            builder = builder.listener(listener);
        }
        let server = builder.start().await;
        let vendor = self.control.map(|control| {
            Box::new(control::Bound {
                ctx: self.ctx.clone(),
                control,
            }) as Box<dyn control::VendorControl>
        });
        let plane = Arc::new(control::Plane {
            name: self.name,
            faults: Faults::default(),
            recorder: Recorder::default(),
            clock: self.clock,
            vendor,
            save: Mutex::new(None),
        });
        let routes = self.router.routes();
        Mock::given(wiremock::matchers::any())
            .respond_with(RouterResponder {
                ctx: self.ctx,
                router: Arc::new(self.router),
                plane: plane.clone(),
            })
            .mount(&server)
            .await;
        SimServer {
            server,
            plane,
            routes,
            base_path: String::new(),
        }
    }
}

impl SimServer {
    /// A server for `router` over `ctx`, on `clock`, named `name` in the log
    /// and in `GET /_sim` (`iloq`, `easysecure`, ...).
    pub fn builder<C: Send + Sync + 'static>(
        name: &str,
        ctx: Arc<C>,
        router: Router<C>,
        clock: SimClock,
    ) -> SimServerBuilder<C> {
        SimServerBuilder {
            name: name.to_string(),
            ctx,
            router,
            clock,
            control: None,
            listener: None,
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

    /// The address the server listens on.
    pub fn address(&self) -> &std::net::SocketAddr {
        self.server.address()
    }

    /// The root of the control API (`http://127.0.0.1:41234/_sim`), at the
    /// server's root whatever the vendor's base path.
    pub fn control_url(&self) -> String {
        format!("{}{}", self.server.uri(), control::CONTROL_PREFIX)
    }

    /// The simulator's clock.
    pub fn clock(&self) -> &SimClock {
        &self.plane.clock
    }

    /// The failure knobs.
    pub fn faults(&self) -> &Faults {
        &self.plane.faults
    }

    /// The requests kept so far, oldest first (all of them unless
    /// [`set_recording`](Self::set_recording) said otherwise).
    pub fn requests(&self) -> Vec<Request> {
        self.plane.recorder.lock().kept.iter().cloned().collect()
    }

    /// How many requests had this method and URL path, or this route key where
    /// the router routes on one of its own (`count("ESWS", "Esws.getUsers")`):
    /// exact whatever the recording keeps.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.plane
            .recorder
            .lock()
            .counts
            .get(&(method.to_ascii_uppercase(), path.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// How many requests the simulator received in all (since the last reset),
    /// whatever the recording keeps.
    pub fn total_requests(&self) -> usize {
        self.plane.recorder.lock().total
    }

    /// How much traffic [`requests`](Self::requests) keeps.
    pub fn set_recording(&self, mode: Recording) {
        let mut s = self.plane.recorder.lock();
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
        self.plane.recorder.lock().unrouted.clone()
    }

    /// Every route the simulator serves, as `METHOD pattern`.
    pub fn routes(&self) -> &[String] {
        &self.routes
    }

    /// Forgets the recorded traffic and every pending fault (the vendor's
    /// `reset` also restores its seeded state).
    pub fn reset(&self) {
        self.plane.forget();
    }

    /// The vendor's state as JSON (what `GET /_sim/state` answers), if the
    /// vendor gave its state to the control API.
    pub fn state_json(&self) -> Option<serde_json::Value> {
        self.plane.vendor.as_ref().and_then(|v| v.dump())
    }

    /// Replaces the vendor's state with a dump of
    /// [`state_json`](Self::state_json); a value the vendor cannot read is
    /// refused, naming what is wrong, and the state is left as it was.
    pub fn restore_state(&self, state: serde_json::Value) -> Result<(), String> {
        match self.plane.vendor.as_ref().and_then(|v| v.restore(state)) {
            Some(outcome) => outcome,
            None => Err(format!("the {} simulator keeps no state", self.plane.name)),
        }
    }

    /// What `POST /_sim/save` runs (a server that keeps a state file sets it).
    pub fn on_save(&self, hook: control::SaveHook) {
        *self.plane.save.lock().unwrap_or_else(|e| e.into_inner()) = Some(hook);
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

            /// The address the simulator listens on.
            pub fn address(&self) -> &::std::net::SocketAddr {
                self.server.address()
            }

            /// The root of the simulator's control API
            /// (`http://127.0.0.1:41234/_sim`; `access_core::testkit::control`).
            pub fn control_url(&self) -> ::std::string::String {
                self.server.control_url()
            }

            /// The simulator's whole state as JSON (what `GET /_sim/state`
            /// answers and a state file keeps).
            pub fn state_json(&self) -> ::std::option::Option<$crate::serde_json::Value> {
                self.server.state_json()
            }

            /// Replaces the simulator's state with a dump of `state_json()`;
            /// a value it cannot read is refused, naming what is wrong, and
            /// the state is left as it was.
            pub fn restore_state(
                &self,
                state: $crate::serde_json::Value,
            ) -> ::std::result::Result<(), ::std::string::String> {
                self.server.restore_state(state)
            }

            /// What `POST /_sim/save` runs (the `access-sim` server writes its
            /// state file).
            pub fn on_save(&self, hook: $crate::testkit::control::SaveHook) {
                self.server.on_save(hook)
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
