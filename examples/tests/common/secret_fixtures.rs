//! What the secret tables of `tests/suite/secrets.rs` and `tests/secrets_trace.rs`
//! share: the iLOQ and EF-45 secrets, the clients, iLOQ's session set-up and the
//! loopback front that answers it and relays the rest to a hostile server.
//! Included by both test binaries (`#[path]`), so each uses only part of it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use access_core::http::{HttpClient, RetryPolicy};
use secrecy::SecretString;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// iLOQ: the integration agent's password.
pub const ILOQ_PASSWORD: &str = "iloq-pass/Secret+42";
/// iLOQ: the API Gateway key (`x-api-key` on every request).
pub const ILOQ_API_KEY: &str = "iloq-gw-KEY/7f3a+9c==";
/// iLOQ: the `SessionID` `CreateSession` answers.
pub const ILOQ_SID: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
/// iLOQ: the token `GenerateAccessToken` answers.
pub const ILOQ_ACCESS_TOKEN: &str = "5f1d3c0b9a8e4f6a8b7c6d5e4f3a2b1c";
/// iLOQ: a webhook subscription's `SignKey`.
pub const ILOQ_SIGN_KEY: &str = "whk-SignKey/9f8e7d6c+5b4a=3210";
/// iLOQ: the locking system the session selects.
pub const ILOQ_LOCK_GROUP: &str = "0b2d6f4e-8a1c-4e3b-9d5f-7a6c8e0b2d4f";
/// iLOQ: a subscription id.
pub const ILOQ_SUBSCRIPTION: &str = "1e3a5c7e-9b2d-4f6a-8c0e-2d4f6a8c0e1a";
/// EF-45: the `lock_uid` `POST /lock` and `PUT /lock` answer.
pub const LOCK_UID: &str = "4a7d1ed4-1e5c-11ee-be56-0242ac120002";

/// Fast retries (two attempts a read), so a retried 5xx costs milliseconds.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::standard()
        .with_max_attempts(2)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(2))
}
pub fn iloq(uri: String, http: HttpClient) -> iloq_sdk::Client {
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
pub fn ef45(
    uri: String,
    http: HttpClient,
    policy: ef45_sdk::auth::ConnectPolicy,
) -> ef45_sdk::Client {
    ef45_sdk::Client::builder()
        .base_url(format!("{uri}/1.0"))
        .shared_http_client(http)
        .connect_policy(policy)
        .attempt_timeout(Duration::from_secs(3))
        .retry(fast_retry())
        .build()
        .expect("an EF-45 client")
}
/// The answers of iLOQ's session set-up, as the simulator gives them: the
/// service address is the pool (`null`), a session, one locking system, its rights.
pub fn iloq_session() -> Vec<(&'static str, &'static str, String)> {
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
/// A loopback front of an iLOQ service: it answers the first `local` steps
/// of the session set-up itself (GetUrl, CreateSession, LockGroups,
/// SetLockgroup) and relays every other request, byte for byte, to
/// `upstream` (a [`HostileServer`]), whose answer it relays back.
///
/// (tokio's `net` and `io-util` are on: the `testkit` feature of
/// access-core, which this crate always enables, turns them on.)
pub struct IloqFront {
    addr: SocketAddr,
    relayed: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for IloqFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The session set-up in the order the client runs it: (target, answer).
pub fn iloq_setup_steps() -> Vec<(&'static str, String)> {
    iloq_session().into_iter().map(|(_, p, b)| (p, b)).collect()
}

impl IloqFront {
    pub async fn start(upstream: SocketAddr, local: usize) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let addr = listener.local_addr().expect("an address");
        let relayed = Arc::new(Mutex::new(Vec::new()));
        let log = relayed.clone();
        let steps: Vec<(&'static str, String)> =
            iloq_setup_steps().into_iter().take(local).collect();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let steps = steps.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    let _ = serve_front(stream, upstream, &steps, &log).await;
                });
            }
        });
        Self {
            addr,
            relayed,
            task,
        }
    }

    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The targets relayed to the upstream server.
    pub fn relayed(&self) -> Vec<String> {
        self.relayed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

pub async fn serve_front(
    mut stream: tokio::net::TcpStream,
    upstream: SocketAddr,
    steps: &[(&'static str, String)],
    log: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    // One request: the head, then the body its content-length announces.
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
    let target = head
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    if let Some((_, answer)) = steps.iter().find(|(p, _)| *p == target) {
        let out = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
            answer.len()
        );
        stream.write_all(out.as_bytes()).await?;
        return stream.shutdown().await;
    }
    log.lock().unwrap_or_else(|e| e.into_inner()).push(target);
    let mut up = tokio::net::TcpStream::connect(upstream).await?;
    up.write_all(&raw).await?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer).await?;
    stream.write_all(&answer).await?;
    stream.shutdown().await
}
