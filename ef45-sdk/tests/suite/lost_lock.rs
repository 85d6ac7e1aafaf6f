//! Issue 16, class 8: a lost lock is recognised only by the device's signal
//! (HTTP 401, `ef45_sdk::auth::is_lock_refusal`), never by a guess on the text.
//!
//! Table-driven over every write the crate defines (every non-idempotent
//! operation of `common::cases`, sent through `Client` and its lock session):
//!
//! * against 4xx answers that talk about a lock in another sense (423, a record
//!   or door "locked", a 400 naming `lock_uid`, ...), each write is sent exactly
//!   once, the device is not taken (`PUT /lock`), and the error comes back with
//!   `may_have_been_sent()` true;
//! * against the documented signal (401 `"Invalid lock_uid"`), the lock is taken
//!   back with one `PUT /lock` and the write replayed once with the new lock.
//!
//! Every cell runs in `tokio::task::unconstrained` and within a deadline:
//! wiremock's `MockServer` drop blocks on its own lock inside the caller's
//! task, and with the task's tokio budget spent that inner poll never
//! proceeds and spins.

#![cfg(feature = "testkit")]

use std::future::Future;
use std::time::Duration;

use access_core::http::{HeaderMap, Response};
use access_core::testkit::hostile::{CallSettings, Case};
use access_core::{AuthError, Error};
use ef45_sdk::auth::{LostLockPolicy, is_lock_refusal, is_lost_lock};
use ef45_sdk::users::DeleteUser;
use ef45_sdk::{Client, UserUuid};
use futures_util::stream::{self, StreamExt};
use serde_json::json;
use tokio::task::unconstrained;
use wiremock::matchers::{any, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::common::{LIMIT, session_sent_cases};

/// The lock `POST /lock` grants.
const FIRST: &str = "0a1b2c3d-0000-4000-8000-00000000000a";
/// The lock `PUT /lock` grants.
const SECOND: &str = "0a1b2c3d-0000-4000-8000-00000000000b";
/// The time one cell may take (a write, its lock requests, the server's drop).
const CELL_DEADLINE: Duration = Duration::from_secs(20);

/// 4xx answers whose status or text names a lock, none of them the device's
/// refusal of the `lock_uid` (a 401): (status, content type, body).
fn lock_worded_answers() -> Vec<(u16, &'static str, String)> {
    let j = "application/json";
    vec![
        (
            423,
            j,
            json!({"status_code": 423, "reason_phrase": "Locked", "error_message": "Locked"})
                .to_string(),
        ),
        (423, "text/plain", String::new()),
        (
            409,
            j,
            json!({"error_no": -762, "error_message": "user uuid delete error: record locked"})
                .to_string(),
        ),
        (
            403,
            j,
            json!({"error_message": "Door is locked (anti-passback)"}).to_string(),
        ),
        (
            400,
            j,
            json!({"reason_phrase": "Invalid lock_uid"}).to_string(),
        ),
        (
            404,
            j,
            json!({"error_message": "lock uid does not exist"}).to_string(),
        ),
        (
            422,
            j,
            json!({"error_message": "camera locked by enrolment"}).to_string(),
        ),
        (
            429,
            "text/plain",
            "Device locked out: too many requests".to_string(),
        ),
        (400, "text/plain", "Locked".to_string()),
        (
            412,
            j,
            json!({"message": "unlock the device first", "code": "LOCKED"}).to_string(),
        ),
        (
            410,
            "text/html",
            "<html><body><h1>Locked</h1></body></html>".to_string(),
        ),
    ]
}

/// Every write the crate defines that carries the lock: the non-idempotent
/// cases except the lock operations themselves (`/lock` takes no `lock_uid`).
fn writes() -> Vec<Case> {
    session_sent_cases(None)
        .into_iter()
        .filter(|c| !c.idempotent() && !c.name().contains("/lock"))
        .collect()
}

fn settings() -> CallSettings {
    CallSettings::new(Duration::from_secs(5), LIMIT)
}

/// Runs one cell unconstrained by the tokio budget and within [`CELL_DEADLINE`];
/// a cell past it is a failure, not a hang.
async fn cell<F>(name: String, body: F) -> Option<String>
where
    F: Future<Output = Option<String>>,
{
    match tokio::time::timeout(CELL_DEADLINE, unconstrained(body)).await {
        Ok(verdict) => verdict,
        Err(_) => Some(format!("{name}: no outcome within {CELL_DEADLINE:?}")),
    }
}

/// `POST /lock` grants [`FIRST`], `PUT /lock` grants [`SECOND`].
async fn device_with_locks() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"lock_uid": FIRST})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/1.0/lock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"lock_uid": SECOND})))
        .mount(&server)
        .await;
    server
}

/// The device's 401 to the first lock, success to the second.
async fn refuses_the_first_lock(server: &MockServer) {
    Mock::given(query_param("lock_uid", FIRST))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "status_code": 401, "reason_phrase": "Unauthorized", "error_message": "Invalid lock_uid"
        })))
        .mount(server)
        .await;
    Mock::given(query_param("lock_uid", SECOND))
        .respond_with(ResponseTemplate::new(200).set_body_string(""))
        .mount(server)
        .await;
}

fn is_lock(r: &Request, verb: &str) -> bool {
    r.method.as_str() == verb && r.url.path() == "/1.0/lock"
}

fn lock_of(r: &Request) -> Option<String> {
    r.url
        .query_pairs()
        .find(|(k, _)| k == "lock_uid")
        .map(|(_, v)| v.into_owned())
}

/// (POST /lock count, PUT /lock count, the lock of each other request in order).
async fn traffic(server: &MockServer) -> (usize, usize, Vec<Option<String>>) {
    let requests = server.received_requests().await.unwrap_or_default();
    let posts = requests.iter().filter(|r| is_lock(r, "POST")).count();
    let puts = requests.iter().filter(|r| is_lock(r, "PUT")).count();
    let calls = requests
        .iter()
        .filter(|r| r.url.path() != "/1.0/lock")
        .map(lock_of)
        .collect();
    (posts, puts, calls)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_worded_4xx_to_a_write_is_returned_sent_once_without_take_over() {
    let writes = writes();
    assert!(
        writes.len() >= 25,
        "every write is in the table: {}",
        writes.len()
    );
    let answers = lock_worded_answers();
    // The table holds answers the former text guess took for a lost lock (and
    // then took the device and replayed the write): the cells fail with it.
    let guessed = answers
        .iter()
        .filter(|(status, _, body)| {
            let r = Response::new(*status, HeaderMap::new(), body.clone());
            assert!(!is_lock_refusal(&r), "{status} {body}");
            is_lost_lock(&r)
        })
        .count();
    assert!(
        guessed >= 8,
        "{guessed} answers the old guess took for a lost lock"
    );
    let mut cells = Vec::new();
    for case in &writes {
        for answer in &answers {
            cells.push((case.clone(), answer.clone()));
        }
    }
    let total = cells.len();
    let failures: Vec<String> = stream::iter(cells)
        .map(|(case, (status, content_type, body))| {
            let name = format!("{} <- {status} {body:?}", case.name());
            cell(name.clone(), async move {
                let server = device_with_locks().await;
                Mock::given(any())
                    .respond_with(
                        ResponseTemplate::new(status)
                            .insert_header("content-type", content_type)
                            .set_body_string(body.clone()),
                    )
                    .with_priority(10)
                    .mount(&server)
                    .await;
                let outcome = case.call(server.uri() + "/1.0", settings()).await;
                let (posts, puts, calls) = traffic(&server).await;
                let mut wrong = Vec::new();
                match &outcome {
                    Ok(()) => wrong.push("succeeded".to_string()),
                    Err(e) => {
                        if !e.may_have_been_sent() {
                            wrong.push(format!("may_have_been_sent() false: {e:?}"));
                        }
                        if e.status() != Some(status) {
                            wrong.push(format!("not the device's answer: {e:?}"));
                        }
                    }
                }
                if puts != 0 {
                    wrong.push(format!("{puts} PUT /lock"));
                }
                if posts != 1 {
                    wrong.push(format!("{posts} POST /lock"));
                }
                if calls != vec![Some(FIRST.to_string())] {
                    wrong.push(format!("sent {} times: {calls:?}", calls.len()));
                }
                drop(server);
                (!wrong.is_empty()).then(|| format!("{name}: {}", wrong.join("; ")))
            })
        })
        .buffer_unordered(8)
        .filter_map(|f| async move { f })
        .collect()
        .await;
    assert!(
        failures.is_empty(),
        "{} of {total} cells ({} writes x {} answers) failed:\n{}",
        failures.len(),
        writes.len(),
        answers.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_lock_refusal_takes_the_lock_back_once_and_replays_once() {
    let writes = writes();
    let total = writes.len();
    let failures: Vec<String> = stream::iter(writes)
        .map(|case| {
            let name = case.name().to_string();
            cell(name.clone(), async move {
                let server = device_with_locks().await;
                refuses_the_first_lock(&server).await;
                let outcome = case.call(server.uri() + "/1.0", settings()).await;
                let (posts, puts, calls) = traffic(&server).await;
                let mut wrong = Vec::new();
                // The replay's answer is empty: a write that expects a body may
                // fail to decode it, but never as a refused lock or an answer.
                if let Err(
                    e @ (Error::Auth(_) | Error::Service { .. } | Error::UnexpectedStatus { .. }),
                ) = &outcome
                {
                    wrong.push(format!("failed: {e:?}"));
                }
                if (posts, puts) != (1, 1) {
                    wrong.push(format!("{posts} POST /lock, {puts} PUT /lock"));
                }
                if calls != vec![Some(FIRST.to_string()), Some(SECOND.to_string())] {
                    wrong.push(format!("calls {calls:?}"));
                }
                drop(server);
                (!wrong.is_empty()).then(|| format!("{name}: {}", wrong.join("; ")))
            })
        })
        .buffer_unordered(8)
        .filter_map(|f| async move { f })
        .collect()
        .await;
    assert!(
        failures.is_empty(),
        "{} of {total} writes failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn client(server: &MockServer, policy: LostLockPolicy) -> Client {
    Client::builder()
        .base_url(server.uri() + "/1.0")
        .lost_lock_policy(policy)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_refused_share_one_take_over_and_replay_once_each() {
    let verdict = cell("concurrent DELETE /user".into(), async {
        let server = device_with_locks().await;
        refuses_the_first_lock(&server).await;
        let c = client(&server, LostLockPolicy::TakeOver);
        c.connect().await.unwrap();
        let calls = (0..6).map(|i| {
            let c = c.clone();
            async move {
                c.send(&DeleteUser::new(UserUuid::new(format!("{i}")).unwrap()))
                    .await
            }
        });
        for r in futures_util::future::join_all(calls).await {
            r.unwrap();
        }
        let (posts, puts, calls) = traffic(&server).await;
        assert_eq!((posts, puts), (1, 1), "one connect, one shared take over");
        // Each write is sent once with the lock the device refused (or, when it
        // started after the take over, not at all with it) and once with the
        // lock taken back: never twice with the same lock.
        let with = |lock: &str| calls.iter().filter(|l| l.as_deref() == Some(lock)).count();
        assert_eq!(with(SECOND), 6, "{calls:?}");
        assert!((1..=6).contains(&with(FIRST)), "{calls:?}");
        assert_eq!(calls.len(), with(FIRST) + with(SECOND), "{calls:?}");
        drop(server);
        None
    })
    .await;
    assert_eq!(verdict, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lock_refusal_under_fail_policy_is_not_sent_again() {
    let verdict = cell("DELETE /user, LostLockPolicy::Fail".into(), async {
        let server = device_with_locks().await;
        refuses_the_first_lock(&server).await;
        let c = client(&server, LostLockPolicy::Fail);
        let err = c
            .send(&DeleteUser::new(UserUuid::new("1").unwrap()))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Auth(AuthError::Rejected { .. })),
            "{err:?}"
        );
        // The 401 proves the device did not act on it.
        assert!(!err.may_have_been_sent());
        let (posts, puts, calls) = traffic(&server).await;
        assert_eq!((posts, puts), (1, 0));
        assert_eq!(calls, vec![Some(FIRST.to_string())]);
        drop(server);
        None
    })
    .await;
    assert_eq!(verdict, None);
}
