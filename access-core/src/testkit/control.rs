//! The control API every simulator serves under [`CONTROL_PREFIX`] (`/_sim`),
//! beside the vendor's own paths: JSON in, JSON out, for programs that drive a
//! simulator from outside the Rust process (the `access-sim` server, curl, a
//! test in another language).
//!
//! | route | what it does |
//! |---|---|
//! | `GET /_sim` | the simulator's name, time and every control route |
//! | `GET /_sim/clock` | `{"now": "…", "running": true}` |
//! | `POST /_sim/clock/advance` | `{"seconds": 90}`: moves the clock forward |
//! | `POST /_sim/clock/set` | `{"now": "2027-01-04T08:00:00Z"}` |
//! | `POST /_sim/faults` | injects failures, in the vendor's error shape (below) |
//! | `GET /_sim/faults` | `{"pending": n, "fired": n}` |
//! | `DELETE /_sim/faults` | removes every pending fault and the latency |
//! | `PUT /_sim/latency` | `{"ms": 250}` on every answer, `{"ms": null}` to stop |
//! | `GET /_sim/requests` | `{"total", "unrouted", "recent": [{"method", "path"}]}` |
//! | `POST /_sim/reset` | back to the seed; faults and counts cleared |
//! | `GET /_sim/state` | the vendor's whole state as JSON |
//! | `PUT /_sim/state` | replaces the state with a dump |
//! | `POST /_sim/save` | writes the server's state file (when it has one) |
//!
//! A fault is `{"status": 503}` plus, optionally, `"count"` (default 1),
//! `"endpoint"` (the SDK's endpoint name, e.g. `"GET /api/v2/Persons/{id}"`;
//! other requests are left alone), `"code"` and `"message"` (the vendor's
//! error code and text), or instead `"body"` (this exact body with the
//! status), `"malformed"` (200 with this body) or `"hang": true` (no answer in
//! time). It is the shared [`Faults`] mechanism, so the
//! simulator renders it as its own failures.
//!
//! A vendor adds its knobs ([`Control::knob`]: press a key to the programmer,
//! present a face) and its state ([`Control::state`]) beside these. Control
//! requests are not recorded, not counted and never meet an injected fault.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::Request;

use super::router::{Handler, Router, SimAnswer, SimError, SimRequest};
use super::{Fault, Faults, Recorder, SimClock};
use crate::clock::Clock;

/// The path prefix of the control API; never a vendor path.
pub const CONTROL_PREFIX: &str = "/_sim";

/// The most faults one control request may queue.
pub const MAX_FAULTS_PER_REQUEST: usize = 10_000;

/// The longest one clock move may be (100 years).
const MAX_ADVANCE_SECS: f64 = 100.0 * 365.25 * 86_400.0;

/// How many recent requests `GET /_sim/requests` lists.
const RECENT: usize = 100;

/// Writes a vendor's state as JSON.
type DumpFn<C> = Box<dyn Fn(&C) -> Value + Send + Sync>;

/// Takes a vendor's state back from its dump, or says why it cannot.
type RestoreFn<C> = Box<dyn Fn(&C, Value) -> Result<(), String> + Send + Sync>;

/// A simulator's own state, kept whole as JSON by the control API
/// (`GET`/`PUT /_sim/state`) and the `access-sim` state file through
/// [`Control::state_of`]: serde writes it and reads it back, and
/// [`after_load`](Self::after_load) rebuilds what the dump leaves out.
pub trait Dumpable: serde::Serialize + serde::de::DeserializeOwned + 'static {
    /// Called on a state just read from a dump, before it replaces the
    /// simulator's: rebuilds the lookup indexes the dump skips and checks the
    /// data agree. An error refuses the dump (the state stays as it was).
    fn after_load(&mut self) -> Result<(), String> {
        Ok(())
    }
}

/// What writes the server's state file: answers the path written, or why not.
pub type SaveHook = Arc<dyn Fn() -> Result<String, String> + Send + Sync>;

/// A vendor's part of the control API: its knobs and its state.
///
/// ```
/// use access_core::testkit::control::Control;
/// use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
/// use std::sync::Mutex;
///
/// struct Ctx(Mutex<Vec<String>>);
///
/// #[derive(serde::Deserialize)]
/// struct Present { user: String }
///
/// fn present(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
///     let body: Present = req.json()?;
///     ctx.0.lock().unwrap().push(body.user.clone());
///     Ok(SimAnswer::json(&serde_json::json!({ "presented": body.user })))
/// }
///
/// let control = Control::<Ctx>::new()
///     .knob("POST", "present", present)
///     .reset(|ctx| ctx.0.lock().unwrap().clear());
/// assert_eq!(control.knobs(), ["POST /_sim/present"]);
/// ```
pub struct Control<C> {
    knobs: Router<C>,
    reset: Option<fn(&C)>,
    dump: Option<DumpFn<C>>,
    restore: Option<RestoreFn<C>>,
}

impl<C> std::fmt::Debug for Control<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("knobs", &self.knobs())
            .field("state", &self.dump.is_some())
            .finish_non_exhaustive()
    }
}

impl<C> Default for Control<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> Control<C> {
    /// No knobs and no state: only the shared control routes.
    pub fn new() -> Self {
        Self {
            knobs: Router::new(error_body),
            reset: None,
            dump: None,
            restore: None,
        }
    }

    /// Adds a knob at `/_sim/{pattern}` (`{name}` captures, as in
    /// [`Router::route`]). The handler reads the JSON body with
    /// [`SimRequest::json`] and answers JSON; a [`SimError`] is answered as
    /// `{"error": message}` with its status.
    pub fn knob(mut self, method: &str, pattern: &'static str, handler: Handler<C>) -> Self {
        self.knobs = self.knobs.public(method, pattern, handler);
        self
    }

    /// What `POST /_sim/reset` does to the vendor's state (back to the seed).
    pub fn reset(mut self, reset: fn(&C)) -> Self {
        self.reset = Some(reset);
        self
    }

    /// The vendor's state as JSON (`GET /_sim/state`, the state file) and how
    /// to take it back (`PUT /_sim/state`, loading the state file): `restore`
    /// refuses a value it cannot read, naming what is wrong, and then leaves
    /// the state as it was. [`state_of`](Self::state_of) writes both for a
    /// state behind a lock.
    pub fn state(
        mut self,
        dump: impl Fn(&C) -> Value + Send + Sync + 'static,
        restore: impl Fn(&C, Value) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.dump = Some(Box::new(dump));
        self.restore = Some(Box::new(restore));
        self
    }

    /// The vendor's whole state `S`, reached through `lock`, kept as JSON:
    /// the dump is `S` as serde writes it; a restore reads an `S`, runs
    /// [`Dumpable::after_load`] and only then swaps it in, so a dump that
    /// does not read or does not agree leaves the state as it was.
    pub fn state_of<S: Dumpable>(self, lock: for<'a> fn(&'a C) -> MutexGuard<'a, S>) -> Self
    where
        C: 'static,
    {
        self.state(
            move |ctx| serde_json::to_value(&*lock(ctx)).unwrap_or(Value::Null),
            move |ctx, dump| {
                let mut state: S = serde_json::from_value(dump).map_err(|e| e.to_string())?;
                state.after_load()?;
                *lock(ctx) = state;
                Ok(())
            },
        )
    }

    /// The knobs, as `METHOD /_sim/pattern`.
    pub fn knobs(&self) -> Vec<String> {
        self.knobs
            .routes()
            .into_iter()
            .map(|r| match r.split_once(' ') {
                Some((m, p)) => format!("{m} {CONTROL_PREFIX}/{p}"),
                None => r,
            })
            .collect()
    }
}

/// Calls a simulator's control API over plain HTTP, as a program outside the
/// Rust process does (for tests): `method` on `{control_url}/{path}` (the
/// root itself for an empty `path`) with `body` as JSON. Answers the status
/// and the JSON answer (`null` when the answer is not JSON).
///
/// # Panics
///
/// When the simulator does not answer within 30 s (a test failure).
pub async fn call(
    control_url: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let url = if path.is_empty() {
        control_url.to_string()
    } else {
        format!(
            "{}/{}",
            control_url.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    };
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .unwrap_or_else(|e| panic!("not an HTTP method {method:?}: {e}"));
    // A test must fail, not hang, on a simulator that never answers.
    let mut request = reqwest::Client::new()
        .request(method, &url)
        .timeout(Duration::from_secs(30));
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let answer = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("the simulator at {url} does not answer: {e}"));
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await.unwrap_or_default();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// A control failure: `{"error": message}` with its status.
pub fn error_body(e: &SimError) -> SimAnswer {
    SimAnswer::json_status(e.status, &json!({ "error": e.message }))
}

/// The vendor's control, over its context, with the types erased.
pub(crate) trait VendorControl: Send + Sync {
    fn knob(&self, request: &Request, path: &str) -> Option<SimAnswer>;
    fn knobs(&self) -> Vec<String>;
    fn reset(&self);
    fn dump(&self) -> Option<Value>;
    fn restore(&self, state: Value) -> Option<Result<(), String>>;
}

pub(crate) struct Bound<C> {
    pub(crate) ctx: Arc<C>,
    pub(crate) control: Control<C>,
}

impl<C: Send + Sync + 'static> VendorControl for Bound<C> {
    fn knob(&self, request: &Request, path: &str) -> Option<SimAnswer> {
        let found = self.control.knobs.find(request.method.as_str(), path)?;
        Some(self.control.knobs.answer(&self.ctx, request, &found, path))
    }
    fn knobs(&self) -> Vec<String> {
        self.control.knobs()
    }
    fn reset(&self) {
        if let Some(reset) = self.control.reset {
            reset(&self.ctx);
        }
    }
    fn dump(&self) -> Option<Value> {
        self.control.dump.as_ref().map(|dump| dump(&self.ctx))
    }
    fn restore(&self, state: Value) -> Option<Result<(), String>> {
        self.control
            .restore
            .as_ref()
            .map(|restore| restore(&self.ctx, state))
    }
}

/// What the control routes reach: the shared knobs and the vendor's.
pub(crate) struct Plane {
    pub(crate) name: String,
    pub(crate) faults: Faults,
    pub(crate) recorder: Recorder,
    pub(crate) clock: SimClock,
    pub(crate) vendor: Option<Box<dyn VendorControl>>,
    pub(crate) save: Mutex<Option<SaveHook>>,
}

/// The shared control routes, as `GET /_sim` lists them.
const SHARED_ROUTES: &[&str] = &[
    "GET /_sim",
    "GET /_sim/clock",
    "POST /_sim/clock/advance",
    "POST /_sim/clock/set",
    "GET /_sim/faults",
    "POST /_sim/faults",
    "DELETE /_sim/faults",
    "PUT /_sim/latency",
    "GET /_sim/requests",
    "POST /_sim/reset",
    "GET /_sim/state",
    "PUT /_sim/state",
    "POST /_sim/save",
];

/// Whether `path` is a control path (`/_sim` or below).
pub(crate) fn is_control(path: &str) -> bool {
    path == CONTROL_PREFIX
        || path
            .strip_prefix(CONTROL_PREFIX)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetClock {
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Latency {
    ms: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FaultSpec {
    status: Option<u16>,
    count: Option<usize>,
    endpoint: Option<String>,
    code: Option<String>,
    message: Option<String>,
    body: Option<String>,
    malformed: Option<String>,
    #[serde(default)]
    hang: bool,
}

impl FaultSpec {
    fn fault(self) -> Result<(Fault, usize, Option<String>), SimError> {
        let count = self.count.unwrap_or(1);
        if count == 0 || count > MAX_FAULTS_PER_REQUEST {
            return Err(SimError::bad_request(format!(
                "count must be 1 to {MAX_FAULTS_PER_REQUEST}"
            )));
        }
        let status = match self.status {
            Some(s) if !(100..=599).contains(&s) => {
                return Err(SimError::bad_request("status must be 100 to 599"));
            }
            s => s,
        };
        let kinds = [
            self.hang,
            self.malformed.is_some(),
            self.body.is_some(),
            self.message.is_some() || self.code.is_some(),
        ]
        .iter()
        .filter(|k| **k)
        .count();
        if kinds > 1 {
            return Err(SimError::bad_request(
                "give one of: message/code, body, malformed, hang",
            ));
        }
        let fault = if self.hang {
            Fault::Hang
        } else if let Some(body) = self.malformed {
            Fault::Malformed(body)
        } else {
            let status = status.ok_or_else(|| SimError::bad_request("status is required"))?;
            match (self.body, self.code, self.message) {
                (Some(body), _, _) => Fault::StatusBody(status, body),
                (None, None, None) => Fault::Status(status),
                (None, code, message) => Fault::Error(SimError {
                    status,
                    code,
                    message: message.unwrap_or_else(|| format!("injected {status}")),
                    path: None,
                }),
            }
        };
        Ok((fault, count, self.endpoint))
    }
}

fn body<T: for<'de> Deserialize<'de>>(req: &SimRequest<'_>) -> Result<T, SimError> {
    serde_json::from_slice(req.body())
        .map_err(|e| SimError::bad_request(format!("the JSON body is invalid: {e}")))
}

fn ok(value: Value) -> SimAnswer {
    SimAnswer::json(&value)
}

impl Plane {
    /// Forgets the recorded traffic and every pending fault.
    pub(crate) fn forget(&self) {
        self.faults.clear();
        self.recorder.clear();
    }

    fn now(&self) -> Value {
        json!({ "now": self.clock.now().to_rfc3339(), "running": self.clock.is_running() })
    }

    fn faults_json(&self) -> Value {
        json!({ "pending": self.faults.pending(), "fired": self.faults.fired() })
    }

    /// Answers a control request (`path` starts with `/_sim`).
    pub(crate) fn answer(&self, request: &Request) -> SimAnswer {
        let path = request.url.path();
        let rest = path
            .strip_prefix(CONTROL_PREFIX)
            .unwrap_or("")
            .trim_end_matches('/');
        let req = SimRequest::bare(request, path);
        let method = request.method.as_str();
        let outcome = match (method, rest) {
            ("GET", "") => Ok(self.index()),
            ("GET", "/clock") => Ok(ok(self.now())),
            ("POST", "/clock/advance") => body::<Advance>(&req).and_then(|a| {
                if !(0.0..=MAX_ADVANCE_SECS).contains(&a.seconds) {
                    return Err(SimError::bad_request(
                        "seconds must be from 0 to 100 years (the clock never goes back; use clock/set)",
                    ));
                }
                self.clock.advance(Duration::from_secs_f64(a.seconds));
                Ok(ok(self.now()))
            }),
            ("POST", "/clock/set") => body::<SetClock>(&req).map(|s| {
                self.clock.set(s.now);
                ok(self.now())
            }),
            ("GET", "/faults") => Ok(ok(self.faults_json())),
            ("POST", "/faults") => body::<FaultSpec>(&req)
                .and_then(FaultSpec::fault)
                .map(|(fault, n, endpoint)| {
                    self.faults.push(endpoint.as_deref(), fault, n);
                    ok(self.faults_json())
                }),
            ("DELETE", "/faults") => {
                self.faults.clear();
                Ok(ok(self.faults_json()))
            }
            ("PUT", "/latency") => body::<Latency>(&req).map(|l| {
                self.faults.set_latency(l.ms.map(Duration::from_millis));
                ok(json!({ "ms": l.ms }))
            }),
            ("GET", "/requests") => Ok(ok(self.requests())),
            ("POST", "/reset") => {
                if let Some(v) = &self.vendor {
                    v.reset();
                }
                self.forget();
                Ok(ok(json!({ "reset": true })))
            }
            ("GET", "/state") => self
                .vendor
                .as_ref()
                .and_then(|v| v.dump())
                .map(ok)
                .ok_or_else(|| SimError::not_found("this simulator has no state dump")),
            ("PUT", "/state") => req.json_value().and_then(|state| {
                match self.vendor.as_ref().and_then(|v| v.restore(state)) {
                    Some(Ok(())) => Ok(ok(json!({ "restored": true }))),
                    Some(Err(e)) => Err(SimError::bad_request(format!("state refused: {e}"))),
                    None => Err(SimError::not_found("this simulator has no state to restore")),
                }
            }),
            ("POST", "/save") => {
                let hook = self
                    .save
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone();
                match hook {
                    Some(save) => save()
                        .map(|path| ok(json!({ "saved": path })))
                        .map_err(|e| SimError::new(500, e)),
                    None => Err(SimError::new(
                        409,
                        "no state file: start access-sim with --state FILE",
                    )),
                }
            }
            _ => {
                let knob = self
                    .vendor
                    .as_ref()
                    .and_then(|v| v.knob(request, rest.trim_start_matches('/')));
                knob.ok_or_else(|| {
                    SimError::not_found(format!(
                        "no control route {method} {path}; GET {CONTROL_PREFIX} lists them"
                    ))
                })
            }
        };
        outcome.unwrap_or_else(|e| error_body(&e))
    }

    fn index(&self) -> SimAnswer {
        let knobs = self.vendor.as_ref().map(|v| v.knobs()).unwrap_or_default();
        ok(json!({
            "simulator": self.name,
            "now": self.clock.now().to_rfc3339(),
            "control": SHARED_ROUTES,
            "knobs": knobs,
        }))
    }

    fn requests(&self) -> Value {
        let s = self.recorder.lock();
        let recent: Vec<Value> = s
            .kept
            .iter()
            .rev()
            .take(RECENT)
            .rev()
            .map(|r| json!({ "method": r.method.as_str(), "path": r.url.path() }))
            .collect();
        json!({ "total": s.total, "unrouted": s.unrouted, "recent": recent })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(v: Value) -> Result<(Fault, usize, Option<String>), SimError> {
        serde_json::from_value::<FaultSpec>(v)
            .map_err(|e| SimError::bad_request(e.to_string()))
            .and_then(FaultSpec::fault)
    }

    #[test]
    fn a_fault_request_reads_as_the_shared_fault_it_names() {
        let cases = [
            (json!({ "status": 503 }), "Status(503)", 1),
            (json!({ "status": 500, "count": 3 }), "Status(500)", 3),
            (json!({ "status": 400, "code": "Busy" }), "Error", 1),
            (
                json!({ "status": 502, "body": "<html>" }),
                "StatusBody(502",
                1,
            ),
            (json!({ "malformed": "{\"Res" }), "Malformed", 1),
            (json!({ "hang": true }), "Hang", 1),
        ];
        for (request, fault, count) in cases {
            let (f, n, _) = spec(request.clone()).unwrap();
            assert!(format!("{f:?}").starts_with(fault), "{request}: {f:?}");
            assert_eq!(n, count, "{request}");
        }
        let (f, _, endpoint) =
            spec(json!({ "status": 400, "message": "no", "endpoint": "GET /x/{id}" })).unwrap();
        assert_eq!(endpoint.as_deref(), Some("GET /x/{id}"));
        match f {
            Fault::Error(e) => {
                assert_eq!((e.status, e.code, e.message.as_str()), (400, None, "no"))
            }
            other => panic!("{other:?}"),
        }
        for refused in [
            json!({}),
            json!({ "status": 99 }),
            json!({ "status": 503, "count": 10_001 }),
            json!({ "status": 503, "hang": true, "malformed": "x" }),
            json!({ "status": 503, "colour": "red" }),
        ] {
            assert_eq!(
                spec(refused.clone()).map(|_| ()).unwrap_err().status,
                400,
                "{refused}"
            );
        }
    }

    #[test]
    fn control_paths_are_the_prefix_and_below_only() {
        assert!(is_control("/_sim"));
        assert!(is_control("/_sim/clock"));
        assert!(!is_control("/_simulator"));
        assert!(!is_control("/api/_sim"));
    }

    #[test]
    fn a_running_clock_follows_the_system_clock_and_keeps_a_move() {
        let clock = SimClock::running();
        assert!(clock.is_running());
        let drift = (clock.now() - Utc::now()).num_seconds().abs();
        assert!(drift <= 1);
        clock.advance(Duration::from_secs(3600));
        let ahead = (clock.now() - Utc::now()).num_seconds();
        assert!((3599..=3601).contains(&ahead), "{ahead}");
        let then: DateTime<Utc> = "2031-05-01T00:00:00Z".parse().unwrap();
        clock.set(then);
        assert!((clock.now() - then).num_seconds().abs() <= 1);
        let standing = SimClock::at(then);
        assert!(!standing.is_running());
        standing.advance(Duration::from_secs(60));
        assert_eq!(standing.now(), then + chrono::Duration::seconds(60));
    }
}
