//! A hostile server: answers that real servers, proxies and networks produce and a
//! client must survive with a typed error, never a panic or a hang.
//!
//! The server speaks raw HTTP/1.1 over TCP on loopback so it can do what a
//! well-behaved HTTP library cannot: drip a body byte by byte, cut the connection in
//! the middle of a body, send invalid UTF-8. Every vendor crate runs its endpoints
//! through the same [`Hostility`] matrix with [`run_cell`], and checks retry safety
//! with [`RetryProbe`].

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::error::{Error, ErrorKind, ServiceError};

/// One hostile behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hostility {
    /// A proxy's HTML error page with status 502.
    HtmlPage,
    /// JSON cut off in the middle, status 200.
    TruncatedJson,
    /// JSON of the wrong type at the root (`true`), status 200.
    WrongTypes,
    /// `null` where a value is required, status 200.
    NullBody,
    /// Status 200 with an empty body.
    Empty200,
    /// Status 204 (no body) where a body is required.
    NoContent204,
    /// A body of this many bytes (use ten times the configured limit).
    Oversized(usize),
    /// A body announced as 1000 bytes, sent one byte every `interval`.
    SlowDrip(Duration),
    /// The connection is reset after the head and 10 body bytes.
    ResetMidBody,
    /// A redirect (307) to another host; credentials must not follow.
    RedirectTo(String),
    /// Status 200 with bytes that are not UTF-8.
    InvalidUtf8,
    /// A status with a short JSON body (e.g. 503 for retry checks).
    Status(u16),
    /// Any answer, verbatim.
    Custom {
        /// The status.
        status: u16,
        /// The content type.
        content_type: String,
        /// The body.
        body: Vec<u8>,
    },
}

impl Hostility {
    /// The standard matrix row: every behaviour the issue lists, with the oversized
    /// body ten times `size_limit`, the drip slower than any sensible timeout, and
    /// the redirect pointing at `other_host`.
    pub fn matrix(size_limit: usize, other_host: &str) -> Vec<Hostility> {
        vec![
            Hostility::HtmlPage,
            Hostility::TruncatedJson,
            Hostility::WrongTypes,
            Hostility::NullBody,
            Hostility::Empty200,
            Hostility::NoContent204,
            Hostility::Oversized(size_limit * 10),
            Hostility::SlowDrip(Duration::from_millis(300)),
            Hostility::ResetMidBody,
            Hostility::RedirectTo(other_host.to_string()),
            Hostility::InvalidUtf8,
        ]
    }

    /// A short name for reports.
    pub fn name(&self) -> String {
        match self {
            Hostility::HtmlPage => "html page".into(),
            Hostility::TruncatedJson => "truncated json".into(),
            Hostility::WrongTypes => "wrong json types".into(),
            Hostility::NullBody => "null body".into(),
            Hostility::Empty200 => "empty 200".into(),
            Hostility::NoContent204 => "204 no content".into(),
            Hostility::Oversized(n) => format!("{n}-byte body"),
            Hostility::SlowDrip(d) => format!("drip 1 byte/{}ms", d.as_millis()),
            Hostility::ResetMidBody => "reset mid-body".into(),
            Hostility::RedirectTo(_) => "redirect off-host".into(),
            Hostility::InvalidUtf8 => "invalid utf-8".into(),
            Hostility::Status(s) => format!("status {s}"),
            Hostility::Custom { status, .. } => format!("custom {status}"),
        }
    }
}

/// A request the hostile server received.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target (path and query).
    pub target: String,
    /// Header lines, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// A loopback server that answers every request with one [`Hostility`].
pub struct HostileServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<RawRequest>>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for HostileServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostileServer")
            .field("addr", &self.addr)
            .finish()
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl HostileServer {
    /// Starts a server on `127.0.0.1` answering with `hostility`.
    pub async fn start(hostility: Hostility) -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0", hostility).await
    }

    /// Starts a server on `bind` (e.g. `127.0.0.2:0` for "another host").
    pub async fn start_on(bind: &str, hostility: Hostility) -> std::io::Result<Self> {
        let listener = TcpListener::bind(bind).await?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let hostility = hostility.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, hostility, recorded).await;
                });
            }
        });
        Ok(Self {
            addr,
            requests,
            task,
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<RawRequest>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > 64 * 1024 {
            return Ok(None);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let target = first.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(64 * 1024 * 1024);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(RawRequest {
        method,
        target,
        headers,
        body,
    }))
}

fn head(status: u16, content_type: &str, length: usize, extra: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} Hostile\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\nconnection: close\r\n{extra}\r\n"
    )
    .into_bytes()
}

async fn respond_whole(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let mut out = head(status, content_type, body.len(), "");
    out.extend_from_slice(body);
    stream.write_all(&out).await?;
    stream.shutdown().await
}

async fn serve(
    mut stream: TcpStream,
    hostility: Hostility,
    recorded: Arc<Mutex<Vec<RawRequest>>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Ok(());
    };
    recorded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(request);
    let json = "application/json";
    match hostility {
        Hostility::HtmlPage => {
            respond_whole(
                &mut stream,
                502,
                "text/html",
                b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
            )
            .await
        }
        Hostility::TruncatedJson => respond_whole(&mut stream, 200, json, br#"{"items": [{"id": 1, "na"#).await,
        Hostility::WrongTypes => respond_whole(&mut stream, 200, json, b"true").await,
        Hostility::NullBody => respond_whole(&mut stream, 200, json, b"null").await,
        Hostility::Empty200 => respond_whole(&mut stream, 200, json, b"").await,
        Hostility::NoContent204 => {
            stream
                .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
                .await?;
            stream.shutdown().await
        }
        Hostility::Oversized(n) => {
            stream.write_all(&head(200, json, n + 2, "")).await?;
            stream.write_all(b"[\"").await?;
            let block = vec![b'x'; 64 * 1024];
            let mut left = n;
            while left > 0 {
                let k = left.min(block.len());
                if stream.write_all(&block[..k]).await.is_err() {
                    return Ok(());
                }
                left -= k;
            }
            stream.shutdown().await
        }
        Hostility::SlowDrip(interval) => {
            stream.write_all(&head(200, json, 1000, "")).await?;
            for _ in 0..1000 {
                tokio::time::sleep(interval).await;
                if stream.write_all(b" ").await.is_err() {
                    return Ok(());
                }
            }
            Ok(())
        }
        Hostility::ResetMidBody => {
            stream.write_all(&head(200, json, 1000, "")).await?;
            stream.write_all(br#"{"items": ["#).await?;
            stream.flush().await?;
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
            Ok(())
        }
        Hostility::RedirectTo(location) => {
            let extra = format!("location: {location}\r\n");
            stream.write_all(&head(307, "text/plain", 0, &extra)).await?;
            stream.shutdown().await
        }
        Hostility::InvalidUtf8 => {
            respond_whole(&mut stream, 200, json, b"{\"name\": \"\xff\xfe\xfd\", \"message\": \"\xc3\x28\"}").await
        }
        Hostility::Status(status) => {
            respond_whole(&mut stream, status, json, format!("{{\"message\":\"hostile {status}\"}}").as_bytes())
                .await
        }
        Hostility::Custom {
            status,
            content_type,
            body,
        } => respond_whole(&mut stream, status, &content_type, &body).await,
    }
}

/// The outcome of one matrix cell.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CellOutcome {
    /// The call failed with a typed error of this kind (the wanted outcome).
    TypedError {
        /// The error's kind.
        kind: ErrorKind,
        /// The error's text.
        message: String,
    },
    /// The call succeeded: acceptable only where the endpoint ignores the body.
    Succeeded,
    /// The call panicked.
    Panicked(String),
    /// The call did not finish within the deadline.
    Hung,
}

impl CellOutcome {
    /// Whether the cell gave a typed error.
    pub fn is_typed_error(&self) -> bool {
        matches!(self, CellOutcome::TypedError { .. })
    }
}

/// Runs one call against a fresh hostile server and classifies what happened.
/// `call` receives the server's base URL and makes one SDK call with a client
/// configured for it. A panic or a call that outlives `deadline` is reported, not
/// propagated.
pub async fn run_cell<F, Fut, T, E>(
    hostility: Hostility,
    deadline: Duration,
    call: F,
) -> CellOutcome
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<T, Error<E>>> + Send + 'static,
    T: Send + 'static,
    E: ServiceError,
{
    let server = match HostileServer::start(hostility).await {
        Ok(s) => s,
        Err(e) => return CellOutcome::Panicked(format!("server did not start: {e}")),
    };
    let fut = call(server.uri());
    let task = tokio::spawn(fut);
    match tokio::time::timeout(deadline, task).await {
        Err(_) => CellOutcome::Hung,
        Ok(Err(join)) => CellOutcome::Panicked(join.to_string()),
        Ok(Ok(Ok(_))) => CellOutcome::Succeeded,
        Ok(Ok(Err(e))) => CellOutcome::TypedError {
            kind: e.kind(),
            message: e.to_string(),
        },
    }
}

/// Counts how often one endpoint reaches the server under a failure, for retry
/// safety: a non-idempotent endpoint must arrive exactly once under a 503, a timeout
/// or a reset; an idempotent one up to the retry bound.
#[derive(Debug)]
pub struct RetryProbe {
    server: HostileServer,
}

impl RetryProbe {
    /// Starts a probe answering with `hostility` (e.g. `Hostility::Status(503)`,
    /// `Hostility::SlowDrip(..)` with a short timeout, `Hostility::ResetMidBody`).
    pub async fn start(hostility: Hostility) -> std::io::Result<Self> {
        Ok(Self {
            server: HostileServer::start(hostility).await?,
        })
    }

    /// The base URL to point the client at.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// How many requests arrived.
    pub fn hits(&self) -> usize {
        self.server.requests().len()
    }

    /// The requests that arrived.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.server.requests()
    }
}

/// The kind of endpoint a cell exercises: what its answer must contain decides
/// which hostile answers it may legitimately accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EndpointKind {
    /// A JSON object is required.
    JsonObject,
    /// A JSON list is required.
    JsonList,
    /// The answer's body is ignored (only the status matters).
    EmptyBody,
    /// A JSON body or nothing (204, or 200 empty) are both documented answers.
    OptionalBody,
    /// A SOAP envelope is required.
    Soap,
    /// Binary or base64 content is required.
    Binary,
}

impl EndpointKind {
    /// Whether success is a correct answer to `hostility` for this kind. Everything
    /// else must end in a typed error.
    pub fn may_succeed_on(self, hostility: &Hostility) -> bool {
        match self {
            EndpointKind::EmptyBody => matches!(
                hostility,
                Hostility::TruncatedJson
                    | Hostility::WrongTypes
                    | Hostility::NullBody
                    | Hostility::Empty200
                    | Hostility::NoContent204
                    | Hostility::InvalidUtf8
            ),
            EndpointKind::OptionalBody => matches!(
                hostility,
                Hostility::Empty200 | Hostility::NoContent204 | Hostility::NullBody
            ),
            _ => false,
        }
    }
}

/// One row of a matrix report.
#[derive(Debug, Clone)]
pub struct CellReport {
    /// The endpoint, as documented.
    pub endpoint: String,
    /// Its kind.
    pub kind: EndpointKind,
    /// The hostile answer.
    pub hostility: String,
    /// What happened.
    pub outcome: CellOutcome,
    /// Whether that is acceptable.
    pub passed: bool,
}

/// Collects matrix cells and checks them.
#[derive(Debug, Default)]
pub struct Matrix {
    cells: Vec<CellReport>,
}

impl Matrix {
    /// An empty matrix.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs one cell and records it.
    pub async fn cell<F, Fut, T, E>(
        &mut self,
        endpoint: &str,
        kind: EndpointKind,
        hostility: Hostility,
        deadline: Duration,
        call: F,
    ) where
        F: FnOnce(String) -> Fut,
        Fut: Future<Output = Result<T, Error<E>>> + Send + 'static,
        T: Send + 'static,
        E: ServiceError,
    {
        let name = hostility.name();
        let outcome = run_cell(hostility.clone(), deadline, call).await;
        let passed = match &outcome {
            CellOutcome::TypedError { .. } => true,
            CellOutcome::Succeeded => kind.may_succeed_on(&hostility),
            CellOutcome::Panicked(_) | CellOutcome::Hung => false,
        };
        self.cells.push(CellReport {
            endpoint: endpoint.to_string(),
            kind,
            hostility: name,
            outcome,
            passed,
        });
    }

    /// The cells so far.
    pub fn cells(&self) -> &[CellReport] {
        &self.cells
    }

    /// `(cells, passed)`.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.cells.len(),
            self.cells.iter().filter(|c| c.passed).count(),
        )
    }

    /// Panics with every failing cell listed, if any failed.
    pub fn assert_all_passed(&self) {
        let failed: Vec<String> = self
            .cells
            .iter()
            .filter(|c| !c.passed)
            .map(|c| {
                format!(
                    "{} [{:?}] x {}: {:?}",
                    c.endpoint, c.kind, c.hostility, c.outcome
                )
            })
            .collect();
        assert!(
            failed.is_empty(),
            "{} of {} hostile cells failed:\n{}",
            failed.len(),
            self.cells.len(),
            failed.join("\n")
        );
    }
}
