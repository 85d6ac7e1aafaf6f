//! Issue 16, class 7: a credential renewal that fails or hangs, across the
//! three vendors that renew (EasySecure's token refresh and its fallback
//! login, iLOQ's session set-up, EF-45's lock take over).
//!
//! `access_core::http::CredentialCache` runs one renewal at a time, every
//! caller that waited for it shares its outcome (the new credentials or the
//! same `AuthError`), and one renewal is bounded in all by the client's
//! `renewal_timeout`. Before, 20 callers waiting for a hung EasySecure
//! `refreshToken` each ran their own refresh after the one before timed out.
//!
//! Each row of [`rows`] (12: EasySecure 8 = {401 on the read, token due
//! within the margin} x {refresh, refresh refused then fallback login} x
//! {fails, hangs}; iLOQ 2 and EF-45 2 = 401 x {fails, hangs}) drives one client
//! against its own wiremock server in three phases:
//!
//! 1. credentials obtained (login, session set-up, lock);
//! 2. the credentials are refused (401) or due, the renewal request fails
//!    (HTTP 500 in the vendor's error shape) or hangs (answers after 30 s),
//!    and [`CALLERS`] (20) callers of an idempotent read need the renewal at
//!    once: exactly one renewal reaches the server, no read is replayed, and
//!    every caller fails with the same `Error::Auth(AuthError::RenewalFailed)`
//!    whose `kind()` is the same for the same failure in every crate: the
//!    underlying failure's kind, `Other` for an HTTP 500 and `Transient` for a
//!    renewal past its bound (see `Error::kind`). With a 1 s attempt timeout
//!    and a 1 s renewal timeout the 20 calls must end within
//!    [`CALLERS_DEADLINE`] (5 s, where 20 renewals one after the other took
//!    20 s): past it the row fails as a hang;
//! 3. the server recovers: the next call succeeds with one new renewal (a
//!    failure is not kept forever).
//!
//! Every row runs on its own task, unconstrained by the tokio budget and
//! within [`CELL_DEADLINE`] (wiremock's `MockServer` drop can spin inside a
//! task whose budget is spent, see `ef45-sdk/tests/suite/lost_lock.rs`), so a
//! panic or a hang is that row's failure; the failures are reported together.
#![cfg(all(feature = "easysecure", feature = "iloq", feature = "ef45"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use access_core::testkit::mount_catch_all;
use access_core::{AnyError, AuthError, Error, ErrorKind, SecretString};
use futures_util::future::{BoxFuture, join_all};
use serde_json::{Value, json};
use tokio::task::unconstrained;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

/// The callers that need the renewal at once.
const CALLERS: usize = 20;
/// Every client's attempt timeout.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// Every client's bound on one renewal.
const RENEWAL_TIMEOUT: Duration = Duration::from_secs(1);
/// How long a hanging renewal request takes to answer.
const HANG: Duration = Duration::from_secs(30);
/// How long a failing renewal request takes to answer: long enough for every
/// caller to be waiting for the renewal when it fails (a call that arrives
/// after a failed renewal has ended starts a new one, by design).
const FAIL_AFTER: Duration = Duration::from_millis(300);
/// The time the callers of phase 2 (and the call of phase 3) may take.
const CALLERS_DEADLINE: Duration = Duration::from_secs(5);
/// The time one row may take in all (three phases and the server's drop).
const CELL_DEADLINE: Duration = Duration::from_secs(20);
/// The answer text of every failing renewal: no vendor documents it, so each
/// crate classifies it by its status alone.
const INTERNAL: &str = "Internal server error";

/// How the renewal goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    /// Answered with HTTP 500 in the vendor's error shape after [`FAIL_AFTER`].
    Fails,
    /// Answered (with success) only after [`HANG`].
    Hangs,
}

impl Fault {
    /// The answer to the faulty renewal request.
    fn answer(self, success: ResponseTemplate, failure: ResponseTemplate) -> ResponseTemplate {
        match self {
            Fault::Fails => failure.set_delay(FAIL_AFTER),
            Fault::Hangs => success.set_delay(HANG),
        }
    }

    /// The `kind()` every caller's error must have: the kind of the failure
    /// underneath (`Error::kind` of `AuthError::RenewalFailed`), an HTTP 500
    /// that no row documents for a failed request, a timeout for a hung one.
    fn kind(self) -> ErrorKind {
        match self {
            Fault::Fails => ErrorKind::from_status(500),
            Fault::Hangs => ErrorKind::Transient,
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Fails => write!(f, "fails (HTTP 500 after {FAIL_AFTER:?})"),
            Fault::Hangs => write!(f, "hangs (answers after {HANG:?})"),
        }
    }
}

/// The read every caller makes, as a vendor-neutral result.
type Read = Arc<dyn Fn() -> BoxFuture<'static, Result<(), Error<AnyError>>> + Send + Sync>;

/// Builds the client on the server's URI and obtains its credentials.
type Connect = Box<dyn FnOnce(String) -> BoxFuture<'static, Result<Read, String>> + Send>;

/// One vendor's renewal going wrong one way.
struct Row {
    vendor: &'static str,
    name: String,
    fault: Fault,
    /// The requests that renew the credentials, (method, path), all counted.
    renewal: &'static [(&'static str, &'static str)],
    /// The read the callers make, (method, path).
    read: (&'static str, &'static str),
    /// The mocks of the three phases: credentials obtained, renewal faulty,
    /// server recovered.
    mocks: [Vec<Mock>; 3],
    /// The renewal requests (per entry of `renewal`) the one failed renewal sends.
    failing: Vec<usize>,
    /// The renewal requests the one renewal after the recovery sends.
    recovering: Vec<usize>,
    /// The reads that reach the server in phase 2 (each caller once after a
    /// rejection, none when the credentials are due) and in phase 3.
    reads: (usize, usize),
    connect: Connect,
}

/// What a row observed.
struct Report {
    name: String,
    vendor: &'static str,
    fault: Fault,
    failures: Vec<String>,
    /// How the callers' error was classified: (kind, retryable).
    classified: Option<String>,
    /// How long the callers of phase 2 took.
    callers_took: Option<Duration>,
}

fn on(verb: &str, p: &str) -> MockBuilder {
    Mock::given(method(verb)).and(path(p))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn mount(server: &MockServer, mocks: Vec<Mock>) {
    mount_catch_all(server).await;
    for mock in mocks {
        mock.mount(server).await;
    }
}

/// How many of each (method, path) the server received since its last reset.
async fn sends(server: &MockServer, requests: &[(&str, &str)]) -> Vec<usize> {
    let received = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|(verb, p)| {
            received
                .iter()
                .filter(|r| r.method.as_str() == *verb && r.url.path() == *p)
                .count()
        })
        .collect()
}

// ---- EasySecure REST: `POST /admins/refreshToken`, and the login it falls
// back to when the refresh token is refused (400 or 401) and the password is
// kept.

const ES_RENEWAL: &[(&str, &str)] = &[("POST", "/admins/refreshToken"), ("POST", "/admins/login")];
const ES_READ: (&str, &str) = ("POST", "/admins/getUsers");
/// The token lifetime that makes the session renew before its first call:
/// inside the default `token_margin` of 5 minutes.
const ES_DUE_IN: u64 = 60;

/// What makes the EasySecure session renew.
#[derive(Debug, Clone, Copy)]
enum Due {
    /// The read is answered 401 (the token was revoked early).
    Rejected,
    /// The login answered a lifetime inside the renewal margin.
    Expired,
}

fn es_tokens(id: &str, expires_in: u64) -> ResponseTemplate {
    ok(json!({"idToken": id, "refreshToken": format!("{id}-refresh"), "expiresIn": expires_in}))
}

fn es_error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"message": message, "code": status}))
}

/// Refresh and login as given; the read refused with token `t1`, answered
/// with `t2`.
fn es_phase(refresh: ResponseTemplate, login: ResponseTemplate) -> Vec<Mock> {
    vec![
        on("POST", "/admins/refreshToken").respond_with(refresh),
        on("POST", "/admins/login").respond_with(login),
        on(ES_READ.0, ES_READ.1)
            .and(header("authorization", "Bearer t1"))
            .respond_with(es_error(401, "Unauthorized")),
        on(ES_READ.0, ES_READ.1)
            .and(header("authorization", "Bearer t2"))
            .respond_with(ok(json!([]))),
    ]
}

/// `fallback`: the refresh token is refused, and the login the session falls
/// back to is the request that fails or hangs.
fn easysecure(due: Due, fallback: bool, fault: Fault) -> Row {
    let (first_lifetime, trigger, reads) = match due {
        Due::Rejected => (3600, "401 on the read", (CALLERS, 2)),
        Due::Expired => (
            ES_DUE_IN,
            "token due (expiresIn 60 s, margin 300 s)",
            (0, 1),
        ),
    };
    let renewed = || es_tokens("t2", 3600);
    let faulty = fault.answer(renewed(), es_error(500, INTERNAL));
    let (failing, what) = if fallback {
        (
            es_phase(es_error(401, "Invalid refresh token"), faulty),
            "refresh refused, then login",
        )
    } else {
        (es_phase(faulty, renewed()), "refresh")
    };
    Row {
        vendor: "EasySecure",
        name: format!("EasySecure, {trigger}: {what} {fault}"),
        fault,
        renewal: ES_RENEWAL,
        read: ES_READ,
        mocks: [
            es_phase(renewed(), es_tokens("t1", first_lifetime)),
            failing,
            es_phase(renewed(), renewed()),
        ],
        failing: vec![1, usize::from(fallback)],
        recovering: vec![1, 0],
        reads,
        connect: Box::new(|uri| {
            Box::pin(async move {
                let client = easysecure_sdk::Client::builder()
                    .base_url(uri)
                    .attempt_timeout(ATTEMPT_TIMEOUT)
                    .renewal_timeout(RENEWAL_TIMEOUT)
                    .login_admin(
                        "EasySecure",
                        "api@example.com",
                        SecretString::from("pw-renewal-es"),
                    )
                    .await
                    .map_err(|e| format!("login: {e}"))?;
                let read: Read = Arc::new(move || {
                    let client = client.clone();
                    Box::pin(async move {
                        client
                            .send(&easysecure_sdk::users::GetUsers::new())
                            .await
                            .map(drop)
                            .map_err(Error::erase)
                    })
                });
                Ok(read)
            })
        }),
    }
}

// ---- iLOQ: the session set-up (GetUrl, CreateSession, LockGroups,
// SetLockgroup), redone after a 401 "Invalid session id".

const ILOQ_SETUP: &[(&str, &str)] = &[
    ("POST", "/api/v2/Url/GetUrl"),
    ("POST", "/api/v2/CreateSession"),
    ("GET", "/api/v2/LockGroups"),
    ("POST", "/api/v2/SetLockgroup"),
];
const ILOQ_READ: (&str, &str) = ("GET", "/api/v2/Persons");
const SESSION_1: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const SESSION_2: &str = "aaaaaaaa-0000-4000-8000-000000000002";
const LOCK_GROUP: &str = "9a1e6f44-1111-4222-8333-944455556666";

fn iloq_session(session: &str) -> ResponseTemplate {
    ok(json!({"Result": 1, "SessionID": session}))
}

/// The set-up with `create` as the answer to `CreateSession`; the read
/// refused with [`SESSION_1`], answered with [`SESSION_2`].
fn iloq_phase(create: ResponseTemplate) -> Vec<Mock> {
    vec![
        on("POST", "/api/v2/Url/GetUrl").respond_with(ok(Value::Null)),
        on("POST", "/api/v2/CreateSession").respond_with(create),
        on("GET", "/api/v2/LockGroups")
            .respond_with(ok(json!([{"LockGroup_ID": LOCK_GROUP, "OptionMask": 0}]))),
        on("POST", "/api/v2/SetLockgroup").respond_with(ok(json!({"RightsMask": 1}))),
        on(ILOQ_READ.0, ILOQ_READ.1)
            .and(header("sessionid", SESSION_1))
            .respond_with(ResponseTemplate::new(401).set_body_json(json!({
                "Code": "Unauthorized",
                "Message": format!("Invalid session id: {SESSION_1}"),
            }))),
        on(ILOQ_READ.0, ILOQ_READ.1)
            .and(header("sessionid", SESSION_2))
            .respond_with(ok(json!([]))),
    ]
}

fn iloq(fault: Fault) -> Row {
    let failure = ResponseTemplate::new(500)
        .set_body_json(json!({"Code": "InternalServerError", "Message": INTERNAL}));
    Row {
        vendor: "iLOQ",
        name: format!("iLOQ, 401 \"Invalid session id\": CreateSession {fault}"),
        fault,
        renewal: ILOQ_SETUP,
        read: ILOQ_READ,
        mocks: [
            iloq_phase(iloq_session(SESSION_1)),
            iloq_phase(fault.answer(iloq_session(SESSION_2), failure)),
            iloq_phase(iloq_session(SESSION_2)),
        ],
        failing: vec![1, 1, 0, 0],
        recovering: vec![1, 1, 1, 1],
        reads: (CALLERS, 2),
        connect: Box::new(|uri| {
            Box::pin(async move {
                let client = iloq_sdk::Client::builder()
                    .base_url(uri)
                    .customer_code("CUST-1")
                    .credentials("agent", SecretString::from("pw-renewal-iloq"))
                    .attempt_timeout(ATTEMPT_TIMEOUT)
                    .renewal_timeout(RENEWAL_TIMEOUT)
                    .build()
                    .map_err(|e| format!("build: {e}"))?;
                client
                    .login()
                    .await
                    .map_err(|e| format!("session set-up: {e}"))?;
                let read: Read = Arc::new(move || {
                    let client = client.clone();
                    Box::pin(async move {
                        client
                            .persons()
                            .list()
                            .await
                            .map(drop)
                            .map_err(Error::erase)
                    })
                });
                Ok(read)
            })
        }),
    }
}

// ---- EF-45: the lock (`POST /lock`), taken back with `PUT /lock` after the
// device refuses the `lock_uid` with a 401.

const EF45_LOCK: &[(&str, &str)] = &[("POST", "/1.0/lock"), ("PUT", "/1.0/lock")];
const EF45_READ: (&str, &str) = ("GET", "/1.0/user/1");
/// The lock `POST /lock` grants.
const FIRST: &str = "0a1b2c3d-0000-4000-8000-00000000000a";
/// The lock `PUT /lock` grants.
const SECOND: &str = "0a1b2c3d-0000-4000-8000-00000000000b";

/// `take_over` answers `PUT /lock`; the read refused with [`FIRST`], answered
/// with [`SECOND`].
fn ef45_phase(take_over: ResponseTemplate) -> Vec<Mock> {
    vec![
        on("POST", "/1.0/lock").respond_with(ok(json!({"lock_uid": FIRST}))),
        on("PUT", "/1.0/lock").respond_with(take_over),
        on(EF45_READ.0, EF45_READ.1)
            .and(query_param("lock_uid", FIRST))
            .respond_with(ResponseTemplate::new(401).set_body_json(json!({
                "status_code": 401, "reason_phrase": "Unauthorized", "error_message": "Invalid lock_uid"
            }))),
        on(EF45_READ.0, EF45_READ.1)
            .and(query_param("lock_uid", SECOND))
            .respond_with(ok(json!({"user_uuid": "1", "last_name": "Doe"}))),
    ]
}

fn ef45(fault: Fault) -> Row {
    let taken = || ok(json!({"lock_uid": SECOND}));
    let failure = ResponseTemplate::new(500).set_body_json(json!({
        "status_code": 500, "reason_phrase": "Internal Server Error", "error_message": INTERNAL
    }));
    Row {
        vendor: "EF-45",
        name: format!("EF-45, 401 to the lock_uid: PUT /lock {fault}"),
        fault,
        renewal: EF45_LOCK,
        read: EF45_READ,
        mocks: [
            ef45_phase(taken()),
            ef45_phase(fault.answer(taken(), failure)),
            ef45_phase(taken()),
        ],
        failing: vec![0, 1],
        recovering: vec![0, 1],
        reads: (CALLERS, 2),
        connect: Box::new(|uri| {
            Box::pin(async move {
                let client = ef45_sdk::Client::builder()
                    .base_url(format!("{uri}/1.0"))
                    .attempt_timeout(ATTEMPT_TIMEOUT)
                    .renewal_timeout(RENEWAL_TIMEOUT)
                    .build()
                    .map_err(|e| format!("build: {e}"))?;
                client
                    .connect()
                    .await
                    .map_err(|e| format!("POST /lock: {e}"))?;
                let user = ef45_sdk::UserUuid::new("1").map_err(|e| e.to_string())?;
                let read: Read = Arc::new(move || {
                    let (client, user) = (client.clone(), user.clone());
                    Box::pin(async move {
                        client
                            .users()
                            .get(&user)
                            .await
                            .map(drop)
                            .map_err(Error::erase)
                    })
                });
                Ok(read)
            })
        }),
    }
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for due in [Due::Rejected, Due::Expired] {
        for fallback in [false, true] {
            for fault in [Fault::Fails, Fault::Hangs] {
                rows.push(easysecure(due, fallback, fault));
            }
        }
    }
    for fault in [Fault::Fails, Fault::Hangs] {
        rows.push(iloq(fault));
        rows.push(ef45(fault));
    }
    rows
}

/// The three phases of one row.
async fn run(row: Row, report: &mut Report) {
    let Row {
        renewal,
        read: (read_verb, read_path),
        mocks: [given, failing, recovered],
        failing: failing_sends,
        recovering: recovering_sends,
        reads,
        connect,
        fault,
        ..
    } = row;
    let wrong = &mut report.failures;
    // 1. Credentials obtained.
    let server = MockServer::start().await;
    mount(&server, given).await;
    let read = match connect(server.uri()).await {
        Ok(read) => read,
        Err(e) => {
            wrong.push(format!("phase 1: {e}"));
            return;
        }
    };

    // 2. The renewal fails or hangs while CALLERS calls need it.
    server.reset().await;
    mount(&server, failing).await;
    let started = Instant::now();
    let mut calls: Vec<_> = (0..CALLERS).map(|_| tokio::spawn(read())).collect();
    let outcomes = match tokio::time::timeout(CALLERS_DEADLINE, join_all(calls.iter_mut())).await {
        Ok(outcomes) => outcomes,
        Err(_) => {
            calls.iter().for_each(|c| c.abort());
            wrong.push(format!(
                "phase 2: the {CALLERS} calls did not all end within {CALLERS_DEADLINE:?} \
                     (attempt and renewal timeouts {ATTEMPT_TIMEOUT:?}, {RENEWAL_TIMEOUT:?})"
            ));
            return;
        }
    };
    report.callers_took = Some(started.elapsed());
    // Verdicts counted, so 20 callers failing alike make one line.
    let mut verdicts: BTreeMap<String, usize> = BTreeMap::new();
    let mut texts = BTreeSet::new();
    let mut classified = BTreeSet::new();
    for outcome in outcomes {
        let verdict = match outcome {
            Err(e) if e.is_panic() => Some("panicked".to_string()),
            Err(e) => Some(format!("did not finish: {e}")),
            Ok(Ok(())) => Some("succeeded".to_string()),
            Ok(Err(e)) => {
                texts.insert(e.to_string());
                classified.insert(format!("{:?}, retryable {}", e.kind(), e.is_retryable()));
                if !matches!(e, Error::Auth(AuthError::RenewalFailed { .. })) {
                    Some(format!("not a failed renewal: {e:?}"))
                } else if e.kind() != fault.kind() {
                    Some(format!(
                        "kind() {:?}, expected {:?}: {e:?}",
                        e.kind(),
                        fault.kind()
                    ))
                } else {
                    None
                }
            }
        };
        if let Some(v) = verdict {
            *verdicts.entry(v).or_default() += 1;
        }
    }
    for (verdict, n) in verdicts {
        wrong.push(format!("phase 2: {n} of {CALLERS} calls {verdict}"));
    }
    if texts.len() > 1 {
        wrong.push(format!(
            "phase 2: the callers did not share one outcome: {texts:?}"
        ));
    }
    if classified.len() == 1 {
        report.classified = classified.pop_first();
    }
    let (sent, read_count) = counted(&server, renewal, (read_verb, read_path)).await;
    if sent != failing_sends {
        wrong.push(format!(
            "phase 2: renewal requests {} sent, expected {failing_sends:?} (one renewal)",
            show(renewal, &sent)
        ));
    }
    if read_count != reads.0 {
        wrong.push(format!(
            "phase 2: {read_count} reads reached the server, expected {}",
            reads.0
        ));
    }

    // 3. The server recovers: the next call renews once and succeeds.
    server.reset().await;
    mount(&server, recovered).await;
    match tokio::time::timeout(CALLERS_DEADLINE, read()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => wrong.push(format!("phase 3: the call after recovery failed: {e:?}")),
        Err(_) => wrong.push(format!(
            "phase 3: the call after recovery did not end within {CALLERS_DEADLINE:?}"
        )),
    }
    let (sent, read_count) = counted(&server, renewal, (read_verb, read_path)).await;
    if sent != recovering_sends {
        wrong.push(format!(
            "phase 3: renewal requests {} sent, expected {recovering_sends:?}",
            show(renewal, &sent)
        ));
    }
    if read_count != reads.1 {
        wrong.push(format!(
            "phase 3: {read_count} reads reached the server, expected {}",
            reads.1
        ));
    }
    drop(server);
}

/// The renewal requests (per entry of `renewal`) and the reads received.
async fn counted(
    server: &MockServer,
    renewal: &[(&str, &str)],
    read: (&str, &str),
) -> (Vec<usize>, usize) {
    let mut requests = renewal.to_vec();
    requests.push(read);
    let mut n = sends(server, &requests).await;
    let reads = n.pop().unwrap_or_default();
    (n, reads)
}

fn show(requests: &[(&str, &str)], counts: &[usize]) -> String {
    let parts: Vec<String> = requests
        .iter()
        .zip(counts)
        .map(|((verb, p), n)| format!("{verb} {p}: {n}"))
        .collect();
    format!("[{}]", parts.join(", "))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_or_hung_renewal_is_sent_once_and_shared_by_every_caller() {
    let rows = rows();
    let total = rows.len();
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut reports = Vec::new();
    for row in rows {
        let name = row.name.clone();
        let cell = tokio::spawn(tokio::time::timeout(
            CELL_DEADLINE,
            unconstrained(async move {
                let mut report = Report {
                    name: row.name.clone(),
                    vendor: row.vendor,
                    fault: row.fault,
                    failures: Vec::new(),
                    classified: None,
                    callers_took: None,
                };
                run(row, &mut report).await;
                report
            }),
        ));
        match cell.await {
            Ok(Ok(report)) => {
                for f in &report.failures {
                    failures.push(format!("{}: {f}", report.name));
                }
                reports.push(report);
            }
            Ok(Err(_)) => failures.push(format!("{name}: no outcome within {CELL_DEADLINE:?}")),
            Err(e) if e.is_panic() => failures.push(format!("{name}: PANIC")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    // The same failure has the same classification in every crate.
    let mut by_fault: BTreeMap<Fault, BTreeMap<String, BTreeSet<&str>>> = BTreeMap::new();
    for r in &reports {
        if let Some(c) = &r.classified {
            by_fault
                .entry(r.fault)
                .or_default()
                .entry(c.clone())
                .or_default()
                .insert(r.vendor);
        }
    }
    for (fault, classes) in &by_fault {
        if classes.len() > 1 {
            failures.push(format!(
                "a renewal that {fault} is classified differently across vendors: {classes:?}"
            ));
        }
    }
    for r in &reports {
        println!(
            "{}: {} callers in {:?}{}",
            r.name,
            CALLERS,
            r.callers_took.unwrap_or_default(),
            if r.failures.is_empty() { "" } else { " FAILED" }
        );
    }
    println!(
        "renewal: {} of {total} rows pass in {:?}",
        reports.iter().filter(|r| r.failures.is_empty()).count(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failures in {total} rows ({CALLERS} callers each):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
