//! Secrets outside the scrubber (issue 16, class 3), in the logs: with every
//! SDK span and event captured at TRACE level, an iLOQ client with an API
//! Gateway key against servers that echo its requests (plainly and escaped),
//! and the iLOQ and EF-45 calls whose answers hold a session id, an access
//! token, a webhook `SignKey` or a `lock_uid` but do not decode, leave no
//! secret in the captured log, in any encoding. The log is checked to hold the
//! SDK's `call failed` events with the decode errors, so the calls were traced.
//!
//! Its own test binary: a test that installs a thread-local subscriber must be
//! alone in its binary (see `TraceCapture`). The same answers are checked in
//! the errors themselves by `tests/suite/secrets.rs`; the clients, the iLOQ
//! session set-up and the relaying front are `tests/common/secret_fixtures.rs`.

use std::net::SocketAddr;

use access_core::ServiceError;
use access_core::http::HttpClient;
use access_core::testkit::TraceCapture;
use access_core::testkit::hostile::{HostileServer, Hostility, no_redirect_client};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "common/secret_fixtures.rs"]
mod secret_fixtures;
use secret_fixtures::*;

/// Whether a call failed (every call here must).
fn failed<T, E: ServiceError>(r: Result<T, access_core::Error<E>>) -> bool {
    r.is_err()
}

// ---------------------------------------------------------------------------
// The API key against echoes: a front answers the session set-up and relays
// the rest to a HostileServer (as in tests/suite/secrets.rs).

/// One iLOQ call against `answer` after `local` set-up steps; answers whether
/// it failed and whether the echoing server received the key.
async fn key_cell(
    local: usize,
    answer: &Hostility,
    http: HttpClient,
    call: fn(iloq_sdk::Client) -> std::pin::Pin<Box<dyn Future<Output = bool>>>,
) -> (bool, bool) {
    let server = HostileServer::start(answer.clone())
        .await
        .expect("a loopback server");
    let upstream: SocketAddr = server
        .uri()
        .trim_start_matches("http://")
        .parse()
        .expect("an address");
    let front = IloqFront::start(upstream, local).await;
    let failed = call(iloq(front.uri(), http)).await;
    drop(front);
    let carried = server.requests().iter().any(|r| {
        r.headers
            .iter()
            .any(|(k, v)| k == "x-api-key" && v == ILOQ_API_KEY)
    });
    (failed, carried)
}

type KeyCall = fn(iloq_sdk::Client) -> std::pin::Pin<Box<dyn Future<Output = bool>>>;

fn key_calls() -> Vec<(&'static str, usize, KeyCall)> {
    vec![
        ("Url/GetUrl", 0, |c| {
            Box::pin(async move { failed(c.persons().list().await) })
        }),
        ("CreateSession", 1, |c| {
            Box::pin(async move { failed(c.persons().list().await) })
        }),
        ("LockGroups", 2, |c| {
            Box::pin(async move { failed(c.login().await) })
        }),
        ("GET Persons", 4, |c| {
            Box::pin(async move { failed(c.persons().list().await) })
        }),
        ("GET Keys", 4, |c| {
            Box::pin(async move { failed(c.keys().list().await) })
        }),
        ("POST GenerateAccessToken", 4, |c| {
            Box::pin(async move { failed(c.lock_groups().generate_access_token(1).await) })
        }),
    ]
}

// ---------------------------------------------------------------------------
// Answered secrets that do not decode.

/// The answers of `valid` that hold `secret` and do not decode: cut just
/// after it, cut in its middle, in a list, with a stray `}` after it.
/// Answers (name, body, the secret as the body holds it).
fn shapes(valid: &str, secret: &str) -> Vec<(&'static str, Vec<u8>, String)> {
    let at = valid.find(secret).expect("the answer holds the secret");
    let half = secret.len() / 2;
    vec![
        (
            "cut after",
            valid[..at + secret.len()].into(),
            secret.to_string(),
        ),
        (
            "cut inside",
            valid[..at + half].into(),
            secret[..half].to_string(),
        ),
        ("in a list", format!("[{valid}]").into(), secret.to_string()),
        ("stray }", format!("{valid}}}").into(), secret.to_string()),
    ]
}

type AnsweredCall = fn(String, HttpClient) -> std::pin::Pin<Box<dyn Future<Output = bool>>>;

struct Answered {
    name: &'static str,
    at: (&'static str, &'static str),
    before: Vec<(&'static str, &'static str, String)>,
    bodies: Vec<(&'static str, Vec<u8>, String)>,
    call: AnsweredCall,
}

fn answered() -> Vec<Answered> {
    let session = json!({"Result": 0, "SessionID": ILOQ_SID}).to_string();
    let mut session_bodies = shapes(&session, ILOQ_SID);
    session_bodies.push((
        "SessionID twice",
        json!({"Result": 0, "SessionID": ILOQ_SID, "SessionId": ILOQ_SID})
            .to_string()
            .into(),
        ILOQ_SID.to_string(),
    ));
    let subscription = json!({
        "SubscriptionId": ILOQ_SUBSCRIPTION, "WebhookEventId": 1,
        "TargetEndpointUri": "https://hooks.example/iloq", "SignKey": ILOQ_SIGN_KEY,
    })
    .to_string();
    let grant = json!({"lock_uid": LOCK_UID}).to_string();
    let mut lock_bodies = shapes(&grant, LOCK_UID);
    lock_bodies.push((
        "lock_uid not 8-4-4-4-12",
        json!({"lock_uid": format!("{LOCK_UID}-0")})
            .to_string()
            .into(),
        LOCK_UID.to_string(),
    ));
    vec![
        Answered {
            name: "iLOQ CreateSession (set-up)",
            at: ("POST", "/api/v2/CreateSession"),
            before: iloq_session()[..1].to_vec(),
            bodies: session_bodies,
            call: |uri, http| {
                Box::pin(async move { failed(iloq(uri, http).persons().list().await) })
            },
        },
        Answered {
            name: "iLOQ GenerateAccessToken",
            at: ("POST", "/api/v2/LockGroups/GenerateAccessToken"),
            before: iloq_session(),
            bodies: shapes(
                &json!({"AccessToken": ILOQ_ACCESS_TOKEN}).to_string(),
                ILOQ_ACCESS_TOKEN,
            ),
            call: |uri, http| {
                Box::pin(async move {
                    failed(iloq(uri, http).lock_groups().generate_access_token(1).await)
                })
            },
        },
        Answered {
            name: "iLOQ GET Webhooks/Subscriptions/{id}",
            at: (
                "GET",
                "/api/v2/Webhooks/Subscriptions/1e3a5c7e-9b2d-4f6a-8c0e-2d4f6a8c0e1a",
            ),
            before: iloq_session(),
            bodies: shapes(&subscription, ILOQ_SIGN_KEY),
            call: |uri, http| {
                Box::pin(async move {
                    let id: iloq_sdk::SubscriptionId = ILOQ_SUBSCRIPTION.parse().expect("an id");
                    failed(iloq(uri, http).webhooks().subscription(id).await)
                })
            },
        },
        Answered {
            name: "EF-45 POST /lock (first call)",
            at: ("POST", "/1.0/lock"),
            before: vec![],
            bodies: lock_bodies.clone(),
            call: |uri, http| {
                Box::pin(async move {
                    let c = ef45(uri, http, ef45_sdk::auth::ConnectPolicy::ConnectOrTakeOver);
                    failed(
                        c.send(&ef45_sdk::users::ListUsers::new(
                            ef45_sdk::model::Paging::all(),
                        ))
                        .await,
                    )
                })
            },
        },
        Answered {
            name: "EF-45 PUT /lock (first call)",
            at: ("PUT", "/1.0/lock"),
            before: vec![],
            bodies: lock_bodies.clone(),
            call: |uri, http| {
                Box::pin(async move {
                    let c = ef45(uri, http, ef45_sdk::auth::ConnectPolicy::TakeOver);
                    failed(
                        c.send(&ef45_sdk::users::ListUsers::new(
                            ef45_sdk::model::Paging::all(),
                        ))
                        .await,
                    )
                })
            },
        },
        Answered {
            name: "EF-45 connect",
            at: ("POST", "/1.0/lock"),
            before: vec![],
            bodies: lock_bodies,
            call: |uri, http| {
                Box::pin(async move {
                    let c = ef45(uri, http, ef45_sdk::auth::ConnectPolicy::Connect);
                    failed(c.connect().await)
                })
            },
        },
    ]
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_a_trace_log() {
    let capture = TraceCapture::new();
    let _guard = capture.install();
    let http = no_redirect_client();

    // The API key against echoes.
    let answers = [400, 401, 500, 200]
        .into_iter()
        .flat_map(|s| [Hostility::Echo(s), Hostility::EscapedEcho(s)]);
    let (mut key_cells, mut key_failures) = (0, 0);
    for answer in answers {
        for (name, local, call) in key_calls() {
            let (failed, carried) = key_cell(local, &answer, http.clone(), call).await;
            assert!(carried, "{name} x {}: the key was not sent", answer.name());
            key_cells += 1;
            key_failures += usize::from(failed);
        }
    }
    assert!(
        key_failures >= key_cells * 3 / 4,
        "{key_failures} of {key_cells}"
    );

    // Answered secrets that do not decode.
    let mut answered_cells = 0;
    let mut parts: Vec<String> = Vec::new();
    for row in answered() {
        for (shape, body, _) in &row.bodies {
            let server = MockServer::start().await;
            for (m, p, b) in &row.before {
                Mock::given(method(*m))
                    .and(path(*p))
                    .respond_with(
                        ResponseTemplate::new(200).set_body_raw(b.clone(), "application/json"),
                    )
                    .mount(&server)
                    .await;
            }
            Mock::given(method(row.at.0))
                .and(path(row.at.1))
                .respond_with(
                    ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"),
                )
                .mount(&server)
                .await;
            assert!(
                (row.call)(server.uri(), http.clone()).await,
                "{} / {shape}: the call succeeded",
                row.name
            );
            answered_cells += 1;
        }
        parts.extend(row.bodies.iter().map(|(_, _, held)| held.clone()));
    }

    let mut secrets = vec![
        ILOQ_PASSWORD,
        ILOQ_API_KEY,
        ILOQ_SID,
        ILOQ_ACCESS_TOKEN,
        ILOQ_SIGN_KEY,
        LOCK_UID,
    ];
    secrets.extend(parts.iter().map(String::as_str));
    let logs = capture.assert_traced_without("call failed", &secrets);
    // The failures were traced with their errors: the decode errors (excerpt
    // and all) of the answers, and the renewals they broke.
    for marker in [
        "could not decode the response",
        "credential renewal failed",
        "iloq",
        "ef45",
    ] {
        assert!(logs.contains(marker), "{marker:?} was not traced: {logs}");
    }
    let failures = logs.matches("call failed").count();
    assert!(
        failures >= key_failures + answered_cells,
        "{failures} `call failed` events for {key_failures} + {answered_cells} failed calls"
    );
    println!(
        "trace: {key_cells} key cells, {answered_cells} answered cells, {failures} failures traced, {} lines",
        logs.lines().count()
    );
}
