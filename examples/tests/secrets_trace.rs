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
//! the errors themselves by `tests/suite/secrets.rs`, which also holds the
//! shapes that leak today (not sent here, they would fail this test).

use std::net::SocketAddr;
use std::time::Duration;

use access_core::ServiceError;
use access_core::http::{HttpClient, RetryPolicy};
use access_core::testkit::TraceCapture;
use access_core::testkit::hostile::{HostileServer, Hostility, no_redirect_client};
use secrecy::SecretString;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ILOQ_PASSWORD: &str = "iloq-pass/Secret+42";
const ILOQ_API_KEY: &str = "iloq-gw-KEY/7f3a+9c==";
const ILOQ_SID: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const ILOQ_ACCESS_TOKEN: &str = "5f1d3c0b9a8e4f6a8b7c6d5e4f3a2b1c";
const ILOQ_SIGN_KEY: &str = "whk-SignKey/9f8e7d6c+5b4a=3210";
const ILOQ_LOCK_GROUP: &str = "0b2d6f4e-8a1c-4e3b-9d5f-7a6c8e0b2d4f";
const ILOQ_SUBSCRIPTION: &str = "1e3a5c7e-9b2d-4f6a-8c0e-2d4f6a8c0e1a";
const LOCK_UID: &str = "4a7d1ed4-1e5c-11ee-be56-0242ac120002";

fn fast_retry() -> RetryPolicy {
    RetryPolicy::standard()
        .with_max_attempts(2)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(2))
}

fn iloq(uri: String, http: HttpClient) -> iloq_sdk::Client {
    iloq_sdk::Client::builder()
        .base_url(uri)
        .shared_http_client(http)
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from(ILOQ_PASSWORD))
        .api_key(SecretString::from(ILOQ_API_KEY))
        .attempt_timeout(Duration::from_secs(3))
        .retry(fast_retry())
        .build()
        .expect("an iLOQ client")
}

fn ef45(uri: String, http: HttpClient, policy: ef45_sdk::auth::ConnectPolicy) -> ef45_sdk::Client {
    ef45_sdk::Client::builder()
        .base_url(format!("{uri}/1.0"))
        .shared_http_client(http)
        .connect_policy(policy)
        .attempt_timeout(Duration::from_secs(3))
        .retry(fast_retry())
        .build()
        .expect("an EF-45 client")
}

/// iLOQ's session set-up, as the simulator answers it: (method, path, JSON).
fn iloq_session() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("POST", "/api/v2/Url/GetUrl", "null".into()),
        (
            "POST",
            "/api/v2/CreateSession",
            json!({"Result": 0, "SessionID": ILOQ_SID}).to_string(),
        ),
        (
            "GET",
            "/api/v2/LockGroups",
            json!([{"LockGroup_ID": ILOQ_LOCK_GROUP, "Name": "Main", "OptionMask": 2048, "State": 0}])
                .to_string(),
        ),
        (
            "POST",
            "/api/v2/SetLockgroup",
            json!({"RightsMask": 2_147_483_648_u64}).to_string(),
        ),
    ]
}

/// Whether a call failed (every call here must).
fn failed<T, E: ServiceError>(r: Result<T, access_core::Error<E>>) -> bool {
    r.is_err()
}

// ---------------------------------------------------------------------------
// The API key against echoes: a front answers the session set-up and relays
// the rest to a HostileServer (as in tests/suite/secrets.rs).

async fn serve_front(
    mut stream: tokio::net::TcpStream,
    upstream: SocketAddr,
    local: usize,
) -> std::io::Result<()> {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        raw.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while raw.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&chunk[..n]);
    }
    let target = head.split(' ').nth(1).unwrap_or_default().to_string();
    let steps = iloq_session();
    if let Some((_, _, answer)) = steps.iter().take(local).find(|(_, p, _)| *p == target) {
        let out = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
            answer.len()
        );
        stream.write_all(out.as_bytes()).await?;
        return stream.shutdown().await;
    }
    let mut up = tokio::net::TcpStream::connect(upstream).await?;
    up.write_all(&raw).await?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer).await?;
    stream.write_all(&answer).await?;
    stream.shutdown().await
}

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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let front = listener.local_addr().expect("an address");
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = serve_front(stream, upstream, local).await;
            });
        }
    });
    let failed = call(iloq(format!("http://{front}"), http)).await;
    task.abort();
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
