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

use std::pin::Pin;

use futures_util::stream::{self, StreamExt};

use crate::error::{AnyError, Error, ErrorKind, ServiceError};
use crate::http::{Endpoint, RetryPolicy};

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
    /// Status 200 with a body nested this many levels deep: JSON lists inside
    /// lists (`[[[…]]]`), or, to a request that looks like SOAP (an XML body or
    /// a `SOAPAction` header), an envelope whose `return` holds `<item>` inside
    /// `<item>`. Every parser must refuse it with a typed error without
    /// exhausting the stack (issue 16, recursion on server data).
    DeepNesting(usize),
    /// Status 200 with a JSON string naming an address on another host, the
    /// shape of iLOQ's `Url/GetUrl` answer: a session must not send its login
    /// (or anything) there. [`run_matrix`] points it at a second server and
    /// asserts that server receives nothing.
    OffDomainUrl(String),
    /// Status 200 with ids of `.` and `..` (in every id field name the vendors
    /// use, at the root and in lists): whatever the call does with them, no
    /// request it sends afterwards may carry a dot segment in its path.
    DotSegments,
    /// A status with a short JSON body (e.g. 503 for retry checks).
    Status(u16),
    /// This status with a JSON body that echoes the whole request back (target,
    /// headers and body): a server that quotes what it was sent, credentials
    /// included. Whatever the SDK keeps of the answer must be free of secrets.
    Echo(u16),
    /// Like [`Hostility::Echo`], but the quoted request is escaped the ways a
    /// server may escape text: the credential-bearing parts first with every
    /// character but letters and digits as a JSON `\uXXXX` (`message`, so an
    /// error's excerpt holds them escaped), every character escaped (`detail`),
    /// `/` as `\/` (`error`), percent-encoded (`Message`), XML character
    /// references (`reason_phrase`, `error_message`); to a SOAP request, a SOAP
    /// fault whose `faultstring` holds the echo as XML character references.
    /// A scrubber that only looks for a secret as it was sent misses all of them.
    EscapedEcho(u16),
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
            Hostility::EscapedEcho(400),
            Hostility::OffDomainUrl(other_host.to_string()),
            Hostility::DotSegments,
            Hostility::Status(401),
        ]
    }

    /// The recursion probes of [`check_deep_nesting`]: answers nested past every
    /// parser's limit (serde_json's 128, the SOAP reader's 64), a thousand levels,
    /// and a hundred thousand.
    pub fn deep_nesting_probes() -> Vec<Hostility> {
        [200, 1_000, 100_000]
            .into_iter()
            .map(Hostility::DeepNesting)
            .collect()
    }

    /// The answers a retry-safety check sends: a 503, a drip slower than any
    /// sensible timeout, and a connection reset in the middle of the body.
    pub fn retry_probes() -> Vec<Hostility> {
        vec![
            Hostility::Status(503),
            Hostility::SlowDrip(Duration::from_millis(300)),
            Hostility::ResetMidBody,
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
            Hostility::DeepNesting(_) => "deep nesting".into(),
            Hostility::Status(s) => format!("status {s}"),
            Hostility::Echo(s) => format!("echo {s}"),
            Hostility::EscapedEcho(s) => format!("escaped echo {s}"),
            Hostility::OffDomainUrl(_) => "off-domain url".into(),
            Hostility::DotSegments => "dot-segment ids".into(),
            Hostility::Custom { status, .. } => format!("custom {status}"),
        }
    }
}

/// What one matrix cell must end in: the outcome the hostile answer calls for,
/// given what the endpoint's answer must contain ([`Hostility::expected`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// The call succeeds: the hostile answer is a correct answer for the endpoint
    /// (an empty 200 where the answer carries nothing, `true` for a boolean check).
    Success,
    /// The call fails with an error of this kind, `is_retryable()` and
    /// `may_have_been_sent()` as given.
    Error {
        /// `Error::kind()`.
        kind: ErrorKind,
        /// `Error::is_retryable()`.
        retryable: bool,
        /// `Error::may_have_been_sent()`.
        sent: bool,
    },
    /// Either a success or this error: only for [`Hostility::DotSegments`], whose
    /// ids decode where a model keeps them as text; the cell then asserts that no
    /// dot-segment path was sent.
    SuccessOr {
        /// `Error::kind()` of the failure.
        kind: ErrorKind,
    },
}

impl Expected {
    const fn error(kind: ErrorKind, retryable: bool) -> Self {
        Expected::Error {
            kind,
            retryable,
            sent: true,
        }
    }

    /// Whether `outcome` is this expectation. `strict: false` (a client flow,
    /// whose first request meets the answer inside a session set-up) compares
    /// the kind only: the flow's error is the session's (`may_have_been_sent`
    /// false for the call itself, retryable as the set-up step was).
    pub fn is_met_by(self, outcome: &CellOutcome, strict: bool) -> bool {
        match (self, outcome) {
            (Expected::Success | Expected::SuccessOr { .. }, CellOutcome::Succeeded) => true,
            (
                Expected::Error {
                    kind,
                    retryable,
                    sent,
                },
                CellOutcome::TypedError {
                    kind: k,
                    retryable: r,
                    sent: s,
                    ..
                },
            ) => kind == *k && (!strict || (retryable == *r && sent == *s)),
            (Expected::SuccessOr { kind }, CellOutcome::TypedError { kind: k, .. }) => kind == *k,
            _ => false,
        }
    }

    /// The expectation in words, for reports and the generated table.
    pub fn describe(self) -> String {
        match self {
            Expected::Success => "success".into(),
            Expected::Error {
                kind,
                retryable,
                sent,
            } => format!(
                "`{kind}`{}{}",
                if retryable { ", retryable" } else { "" },
                if sent { "" } else { ", not sent" }
            ),
            Expected::SuccessOr { kind } => format!("success or `{kind}`"),
        }
    }
}

impl Hostility {
    /// What a call of an endpoint of `kind` must end in when answered with this:
    /// the one table every vendor's matrix is judged by (and from which
    /// docs/reliability.md's outcome table is generated, see
    /// [`expected_outcomes_markdown`]).
    pub fn expected(&self, kind: EndpointKind) -> Expected {
        use EndpointKind as K;
        let decode = Expected::error(ErrorKind::Other, false);
        let carries_nothing = matches!(kind, K::EmptyBody);
        // An acknowledgement keeps whatever is not a broken JSON object.
        let acknowledges = matches!(kind, K::Acknowledgement);
        let optional = matches!(kind, K::OptionalBody | K::OptionalString);
        match self {
            // A proxy's 502 page: not the vendor's answer, a temporary failure.
            Hostility::HtmlPage => Expected::error(ErrorKind::Transient, true),
            Hostility::SlowDrip(_) | Hostility::ResetMidBody => {
                Expected::error(ErrorKind::Transient, true)
            }
            Hostility::TruncatedJson | Hostility::InvalidUtf8 => {
                if carries_nothing {
                    Expected::Success
                } else {
                    decode
                }
            }
            // Lists nested past every parser's limit (or an envelope to SOAP): an
            // acknowledgement keeps them as text, unparsed.
            Hostility::DeepNesting(_) => {
                if carries_nothing || acknowledges {
                    Expected::Success
                } else {
                    decode
                }
            }
            Hostility::WrongTypes => {
                if carries_nothing || acknowledges || matches!(kind, K::JsonBool) {
                    Expected::Success
                } else {
                    decode
                }
            }
            Hostility::NullBody | Hostility::Empty200 | Hostility::NoContent204 => {
                if carries_nothing || acknowledges || optional {
                    Expected::Success
                } else {
                    decode
                }
            }
            // Refused before it is read, whatever the endpoint.
            Hostility::Oversized(_) => decode,
            // A 3xx is an undocumented status: never followed.
            Hostility::RedirectTo(_) => decode,
            // Every vendor documents its 400 as invalid input.
            Hostility::EscapedEcho(400) => Expected::error(ErrorKind::InvalidInput, false),
            Hostility::OffDomainUrl(_) => {
                if carries_nothing
                    || acknowledges
                    || matches!(kind, K::JsonString | K::OptionalString)
                {
                    Expected::Success
                } else {
                    decode
                }
            }
            Hostility::DotSegments => {
                if carries_nothing || acknowledges {
                    Expected::Success
                } else {
                    Expected::SuccessOr {
                        kind: ErrorKind::Other,
                    }
                }
            }
            Hostility::Status(401) => Expected::error(ErrorKind::Auth, false),
            Hostility::Status(status)
            | Hostility::Echo(status)
            | Hostility::EscapedEcho(status) => Expected::error(
                ErrorKind::from_status(*status),
                matches!(status, 429 | 502 | 503 | 504),
            ),
            Hostility::Custom { .. } => decode,
        }
    }
}

/// The expected-outcome table of [`Hostility::matrix`] as Markdown: one row per
/// answer, one column per [`EndpointKind`]. docs/reliability.md carries it
/// between `<!-- expected-outcomes:begin -->` and `<!-- expected-outcomes:end -->`,
/// and a test checks that it is the same.
pub fn expected_outcomes_markdown() -> String {
    let kinds = EndpointKind::ALL;
    let mut out = String::from("| answer |");
    for k in kinds {
        out.push_str(&format!(" {} |", k.label()));
    }
    out.push_str("\n|---|");
    for _ in kinds {
        out.push_str("---|");
    }
    out.push('\n');
    for h in Hostility::matrix(64 * 1024, "elsewhere") {
        out.push_str(&format!("| {} |", h.name()));
        for k in kinds {
            out.push_str(&format!(" {} |", h.expected(*k).describe()));
        }
        out.push('\n');
    }
    out
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
    let soap = request.headers.iter().any(|(name, value)| {
        name == "soapaction" || (name == "content-type" && value.contains("xml"))
    });
    let echo = match hostility {
        Hostility::Echo(_) => Some(echo_body(&request)),
        Hostility::EscapedEcho(_) => Some(escaped_echo_body(&request, soap)),
        _ => None,
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
        Hostility::DeepNesting(levels) => {
            let (content_type, body) = deep_body(levels, soap);
            respond_whole(&mut stream, 200, content_type, &body).await
        }
        Hostility::OffDomainUrl(url) => {
            let body = serde_json::to_vec(&url).unwrap_or_default();
            respond_whole(&mut stream, 200, json, &body).await
        }
        Hostility::DotSegments => respond_whole(&mut stream, 200, json, &dot_segment_body()).await,
        Hostility::Status(status) => {
            respond_whole(&mut stream, status, json, format!("{{\"message\":\"hostile {status}\"}}").as_bytes())
                .await
        }
        Hostility::Echo(status) => {
            let body = echo.unwrap_or_default();
            respond_whole(&mut stream, status, json, &body).await
        }
        Hostility::EscapedEcho(status) => {
            let body = echo.unwrap_or_default();
            let content_type = if soap { "text/xml; charset=utf-8" } else { json };
            respond_whole(&mut stream, status, content_type, &body).await
        }
        Hostility::Custom {
            status,
            content_type,
            body,
        } => respond_whole(&mut stream, status, &content_type, &body).await,
    }
}

/// The body of [`Hostility::DeepNesting`]: an ESWS-style SOAP envelope when
/// `soap`, JSON lists otherwise.
fn deep_body(levels: usize, soap: bool) -> (&'static str, Vec<u8>) {
    if soap {
        let mut body = String::with_capacity(256 + levels * 13);
        body.push_str(
            "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\
             <SOAP-ENV:Body><ns1:Esws.deepResponse xmlns:ns1=\"uen:esws\"><return>",
        );
        body.push_str(&"<item>".repeat(levels));
        body.push('1');
        body.push_str(&"</item>".repeat(levels));
        body.push_str("</return></ns1:Esws.deepResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>");
        ("text/xml; charset=utf-8", body.into_bytes())
    } else {
        let mut body = "[".repeat(levels);
        body.push('1');
        body.push_str(&"]".repeat(levels));
        ("application/json", body.into_bytes())
    }
}

/// The body of [`Hostility::DotSegments`]: an object whose id fields (as the
/// four vendors name them) are `..` or `.`, with the same object in the list
/// fields vendors wrap records in.
fn dot_segment_body() -> Vec<u8> {
    let mut record = serde_json::Map::new();
    for (i, name) in [
        "id",
        "Id",
        "ID",
        "uuid",
        "user_uuid",
        "userId",
        "user_id",
        "PersonId",
        "KeyId",
        "LockId",
        "LockGroupId",
        "LockingSystemId",
        "groupId",
        "group_id",
        "door_uuid",
        "SessionID",
        "lock_uid",
        "Url",
    ]
    .iter()
    .enumerate()
    {
        let value = if i % 2 == 0 { ".." } else { "." };
        record.insert((*name).to_string(), serde_json::Value::from(value));
    }
    let list = serde_json::Value::Array(vec![serde_json::Value::Object(record.clone()); 2]);
    let mut body = record;
    for name in ["items", "Items", "data", "users", "results", "LockGroups"] {
        body.insert(name.to_string(), list.clone());
    }
    serde_json::to_vec(&body).unwrap_or_default()
}

/// Whether a request target's path holds a `.` or `..` segment, as sent or
/// percent-encoded (`%2e`).
fn has_dot_segment(target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    path.split('/').any(|segment| {
        let decoded = segment.replace("%2e", ".").replace("%2E", ".");
        decoded == "." || decoded == ".."
    })
}

/// The request as one line of text: method, target, headers, body.
fn request_text(request: &RawRequest) -> String {
    let headers: Vec<String> = request
        .headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    format!(
        "{} {} {} {}",
        request.method,
        request.target,
        headers.join("; "),
        String::from_utf8_lossy(&request.body)
    )
}

/// The body of [`Hostility::EscapedEcho`].
fn escaped_echo_body(request: &RawRequest, soap: bool) -> Vec<u8> {
    let text = request_text(request);
    let xml_refs: String = text.chars().map(|c| format!("&#{};", c as u32)).collect();
    if soap {
        return format!(
            "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\
             <SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode>\
             <faultstring>{xml_refs}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"
        )
        .into_bytes();
    }
    // First, what may carry a credential (the target, the other headers' values,
    // the body) with every character but letters and digits as a `\\u` escape, the
    // way many servers write JSON: so the excerpt of an error (its first bytes)
    // holds the escaped secret, which only a scrubber that reads escapes removes.
    let credentials = format!(
        "{} {} {}",
        request.target,
        request
            .headers
            .iter()
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "host"
                        | "accept"
                        | "user-agent"
                        | "content-length"
                        | "content-type"
                        | "accept-language"
                        | "soapaction"
                )
            })
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        String::from_utf8_lossy(&request.body)
    );
    let specials: String = credentials
        .chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() {
                vec![c.to_string()]
            } else {
                let mut units = [0u16; 2];
                c.encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect()
            }
        })
        .collect();
    let unicode: String = text.encode_utf16().map(|u| format!("\\u{u:04x}")).collect();
    let slashed = serde_json::to_string(&text)
        .unwrap_or_default()
        .replace('/', "\\/");
    let percent: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
    format!(
        "{{\"message\":\"{specials}\",\"error\":{slashed},\"Message\":\"{percent}\",\
         \"reason_phrase\":\"{xml_refs}\",\"error_message\":\"{xml_refs}\",\
         \"detail\":\"{unicode}\"}}"
    )
    .into_bytes()
}

/// A JSON body quoting the request in the error shapes vendors use (`message`,
/// `error`, `Message`), so an error decoder keeps the echo wherever it looks.
fn echo_body(request: &RawRequest) -> Vec<u8> {
    let headers: Vec<String> = request
        .headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    let text = format!(
        "{} {} {} {}",
        request.method,
        request.target,
        headers.join("; "),
        String::from_utf8_lossy(&request.body)
    );
    serde_json::to_vec(&serde_json::json!({
        "message": text,
        "error": text,
        "Message": text,
        "reason_phrase": text,
    }))
    .unwrap_or_default()
}

/// The outcome of one matrix cell.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CellOutcome {
    /// The call failed with a typed error of this kind (the wanted outcome).
    TypedError {
        /// The error's kind.
        kind: ErrorKind,
        /// `Error::is_retryable()`.
        retryable: bool,
        /// `Error::may_have_been_sent()`.
        sent: bool,
        /// The error's text.
        message: String,
    },
    /// The call succeeded: acceptable only where the endpoint ignores the body.
    Succeeded,
    /// The call panicked.
    Panicked(String),
    /// The call did not finish within the deadline.
    Hung,
    /// The call sent something it must never send (a dot-segment path after
    /// [`Hostility::DotSegments`]).
    Leaked(String),
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
    let dots = matches!(hostility, Hostility::DotSegments);
    let server = match HostileServer::start(hostility).await {
        Ok(s) => s,
        Err(e) => return CellOutcome::Panicked(format!("server did not start: {e}")),
    };
    let fut = call(server.uri());
    let task = tokio::spawn(fut);
    let outcome = tokio::time::timeout(deadline, task).await;
    if dots
        && let Some(bad) = server
            .requests()
            .iter()
            .find(|r| has_dot_segment(&r.target))
    {
        return CellOutcome::Leaked(format!("sent {} {}", bad.method, bad.target));
    }
    match outcome {
        Err(_) => CellOutcome::Hung,
        Ok(Err(join)) => CellOutcome::Panicked(join.to_string()),
        Ok(Ok(Ok(_))) => CellOutcome::Succeeded,
        Ok(Ok(Err(e))) => CellOutcome::TypedError {
            kind: e.kind(),
            retryable: e.is_retryable(),
            sent: e.may_have_been_sent(),
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
    /// A status whose body, if any, is kept as an acknowledgement (EF-45's and
    /// EasySecure's `Ack`): nothing, text or any JSON value is a correct
    /// answer, a JSON object must be valid.
    Acknowledgement,
    /// A SOAP envelope is required.
    Soap,
    /// Binary or base64 content is required.
    Binary,
    /// A JSON string is required (iLOQ's `Version`, `Test`): the matrix's
    /// "off-domain URL" answer, a string, is then a correct answer for the call
    /// itself.
    JsonString,
    /// A JSON string or nothing (iLOQ's `Url/GetUrl`): a string, an empty 200,
    /// a 204 or `null` are all documented answers.
    OptionalString,
    /// A JSON boolean is required (an iLOQ `Can*` check answering `true` or
    /// `false`): the matrix's "wrong JSON types" answer, `true`, is then a
    /// correct answer.
    JsonBool,
}

impl EndpointKind {
    /// Every kind, in the order of the generated table.
    pub const ALL: &'static [EndpointKind] = &[
        EndpointKind::JsonObject,
        EndpointKind::JsonList,
        EndpointKind::EmptyBody,
        EndpointKind::OptionalBody,
        EndpointKind::Acknowledgement,
        EndpointKind::JsonString,
        EndpointKind::OptionalString,
        EndpointKind::JsonBool,
        EndpointKind::Binary,
        EndpointKind::Soap,
    ];

    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            EndpointKind::JsonObject => "object",
            EndpointKind::JsonList => "list",
            EndpointKind::EmptyBody => "nothing",
            EndpointKind::OptionalBody => "optional",
            EndpointKind::Acknowledgement => "acknowledgement",
            EndpointKind::JsonString => "string",
            EndpointKind::OptionalString => "optional string",
            EndpointKind::JsonBool => "boolean",
            EndpointKind::Binary => "binary",
            EndpointKind::Soap => "SOAP",
        }
    }

    /// The kind of `Option<T>` for an answer of kind `self`.
    pub const fn optional(self) -> EndpointKind {
        match self {
            EndpointKind::JsonString | EndpointKind::OptionalString => EndpointKind::OptionalString,
            EndpointKind::EmptyBody => EndpointKind::EmptyBody,
            _ => EndpointKind::OptionalBody,
        }
    }

    /// Whether success is a correct answer to `hostility` for this kind
    /// (see [`Hostility::expected`]).
    pub fn may_succeed_on(self, hostility: &Hostility) -> bool {
        matches!(
            hostility.expected(self),
            Expected::Success | Expected::SuccessOr { .. }
        )
    }
}

/// One row of a matrix report.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CellReport {
    /// The endpoint, as documented.
    pub endpoint: String,
    /// Its kind.
    pub kind: EndpointKind,
    /// The hostile answer.
    pub hostility: String,
    /// What the cell had to end in.
    pub expected: Expected,
    /// What happened.
    pub outcome: CellOutcome,
    /// Whether that is the expected outcome.
    pub passed: bool,
}

impl CellReport {
    /// Judges an endpoint's outcome against [`Hostility::expected`]: the kind,
    /// `is_retryable()` and `may_have_been_sent()` of the error, or a success,
    /// exactly; a panic, a hang or a leak never passes.
    pub fn judge(
        endpoint: impl Into<String>,
        kind: EndpointKind,
        hostility: &Hostility,
        outcome: CellOutcome,
    ) -> Self {
        Self::judge_against(
            endpoint,
            kind,
            hostility,
            hostility.expected(kind),
            outcome,
            true,
        )
    }

    /// Judges an outcome against `expected` (a [`Case::expected`], which may
    /// override the table); `strict: false` for a client flow (the kind only,
    /// see [`Expected::is_met_by`]).
    pub fn judge_against(
        endpoint: impl Into<String>,
        kind: EndpointKind,
        hostility: &Hostility,
        expected: Expected,
        outcome: CellOutcome,
        strict: bool,
    ) -> Self {
        let passed = expected.is_met_by(&outcome, strict);
        Self {
            endpoint: endpoint.into(),
            kind,
            hostility: hostility.name(),
            expected,
            outcome,
            passed,
        }
    }
}

/// Runs one cell (as [`run_cell`]) and judges it (as [`CellReport::judge`]),
/// without a [`Matrix`]: the future owns everything, so many cells can run
/// concurrently (e.g. with `futures_util::stream::StreamExt::buffer_unordered`)
/// and be collected with [`Matrix::push`].
pub async fn report_cell<F, Fut, T, E>(
    endpoint: impl Into<String>,
    kind: EndpointKind,
    hostility: Hostility,
    deadline: Duration,
    call: F,
) -> CellReport
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<T, Error<E>>> + Send + 'static,
    T: Send + 'static,
    E: ServiceError,
{
    let endpoint = endpoint.into();
    let outcome = run_cell(hostility.clone(), deadline, call).await;
    CellReport::judge(endpoint, kind, &hostility, outcome)
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
        let outcome = run_cell(hostility.clone(), deadline, call).await;
        self.cells
            .push(CellReport::judge(endpoint, kind, &hostility, outcome));
    }

    /// Records a cell run elsewhere (see [`report_cell`]).
    pub fn push(&mut self, report: CellReport) {
        self.cells.push(report);
    }

    /// Distinct endpoints in the matrix.
    pub fn endpoints(&self) -> usize {
        let mut names: Vec<&str> = self.cells.iter().map(|c| c.endpoint.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    }

    /// A one-line summary per hostile answer: how many cells, how many passed,
    /// and how they ended (typed error kinds, accepted successes), for reports.
    pub fn summary(&self) -> String {
        let mut rows: Vec<(
            String,
            usize,
            usize,
            std::collections::BTreeMap<String, usize>,
        )> = Vec::new();
        for c in &self.cells {
            let i = match rows.iter().position(|r| r.0 == c.hostility) {
                Some(i) => i,
                None => {
                    rows.push((c.hostility.clone(), 0, 0, Default::default()));
                    rows.len() - 1
                }
            };
            let row = &mut rows[i];
            row.1 += 1;
            row.2 += usize::from(c.passed);
            let how = match &c.outcome {
                CellOutcome::TypedError { kind, .. } => format!("{kind}"),
                CellOutcome::Succeeded => "accepted".to_string(),
                CellOutcome::Panicked(_) => "PANIC".to_string(),
                CellOutcome::Hung => "HUNG".to_string(),
                CellOutcome::Leaked(_) => "LEAKED".to_string(),
            };
            *row.3.entry(how).or_default() += 1;
        }
        let (cells, passed) = self.counts();
        let mut out = format!(
            "{cells} cells ({} endpoints x {} answers), {passed} passed\n",
            self.endpoints(),
            rows.len()
        );
        for (name, n, ok, how) in rows {
            let how: Vec<String> = how.into_iter().map(|(k, v)| format!("{k} {v}")).collect();
            out.push_str(&format!(
                "  {name:<22} {ok}/{n} passed: {}\n",
                how.join(", ")
            ));
        }
        out
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

    /// Asserts that no cell's error text contains any of `secrets`; answers how
    /// many (cell, secret) pairs were checked.
    pub fn assert_no_secret(&self, secrets: &[&str]) -> usize {
        let mut checked = 0;
        for c in &self.cells {
            if let CellOutcome::TypedError { message, .. } = &c.outcome {
                for secret in secrets {
                    checked += 1;
                    assert!(
                        !message.contains(secret),
                        "{} x {}: the error text holds a secret: {message}",
                        c.endpoint,
                        c.hostility
                    );
                }
            }
        }
        checked
    }

    /// Panics with every failing cell listed, if any failed.
    pub fn assert_all_passed(&self) {
        let failed: Vec<String> = self
            .cells
            .iter()
            .filter(|c| !c.passed)
            .map(|c| {
                format!(
                    "{} [{:?}] x {}: expected {}, got {:?}",
                    c.endpoint,
                    c.kind,
                    c.hostility,
                    c.expected.describe(),
                    c.outcome
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

/// How the endpoints of a table are configured for one run.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CallSettings {
    /// The per-attempt timeout.
    pub attempt_timeout: Duration,
    /// The retry policy (`RetryPolicy::none()` for the matrix).
    pub retry: RetryPolicy,
    /// The response size limit.
    pub max_response_bytes: usize,
}

impl CallSettings {
    /// No retries, the given timeout and size limit.
    pub fn new(attempt_timeout: Duration, max_response_bytes: usize) -> Self {
        Self {
            attempt_timeout,
            retry: RetryPolicy::none(),
            max_response_bytes,
        }
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
}

type ErasedCall = Pin<Box<dyn Future<Output = Result<(), Error<AnyError>>> + Send>>;
type SendFn = dyn Fn(String, CallSettings) -> ErasedCall + Send + Sync;

/// One documented endpoint as the robustness tables see it: its documented name
/// and idempotence (taken from its [`Endpoint`] definition), the kind of answer it
/// needs, and how to send it to a base URL with given settings.
#[derive(Clone)]
pub struct Case {
    name: String,
    kind: EndpointKind,
    idempotent: bool,
    /// An endpoint (judged exactly) rather than a client flow (kind only).
    strict: bool,
    /// Outcomes this case documents for some answers instead of the table's.
    overrides: Vec<(AnswerFilter, Expected)>,
    send: Arc<SendFn>,
}

/// Selects the hostile answers an override of [`Case::expecting`] applies to.
pub type AnswerFilter = fn(&Hostility) -> bool;

/// What an endpoint's answer must contain, declared once per output type (the
/// type the endpoint decodes its answer into), so a table's [`EndpointKind`] is
/// derived from the endpoint, never chosen per row: [`Case::of`] reads
/// `<E::Output as AnswerShape>::KIND`. access-core declares the standard types;
/// each vendor crate declares its own with [`answer_shapes!`](crate::answer_shapes).
/// The matrix checks every declaration: an endpoint declared to carry nothing
/// must accept a truncated body, one declared an object must refuse an empty one.
pub trait AnswerShape {
    /// The kind of answer.
    const KIND: EndpointKind;
}

impl AnswerShape for () {
    const KIND: EndpointKind = EndpointKind::EmptyBody;
}
impl AnswerShape for bool {
    const KIND: EndpointKind = EndpointKind::JsonBool;
}
impl AnswerShape for String {
    const KIND: EndpointKind = EndpointKind::JsonString;
}
impl<T> AnswerShape for Vec<T> {
    const KIND: EndpointKind = EndpointKind::JsonList;
}
impl<T: AnswerShape> AnswerShape for Option<T> {
    const KIND: EndpointKind = T::KIND.optional();
}
impl AnswerShape for serde_json::Value {
    const KIND: EndpointKind = EndpointKind::JsonObject;
}

/// Declares the [`AnswerShape`] of a crate's output types, grouped by kind:
/// `access_core::answer_shapes! { JsonObject: [User, Group], EmptyBody: [Ack] }`.
#[macro_export]
macro_rules! answer_shapes {
    ($($kind:ident: [$($ty:ty),* $(,)?]),* $(,)?) => {
        $($(
            impl $crate::testkit::hostile::AnswerShape for $ty {
                const KIND: $crate::testkit::hostile::EndpointKind =
                    $crate::testkit::hostile::EndpointKind::$kind;
            }
        )*)*
    };
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Case")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("idempotent", &self.idempotent)
            .finish_non_exhaustive()
    }
}

impl Case {
    /// One documented endpoint `E`: its name and idempotence from its
    /// [`Endpoint`] definition, its answer kind from its output type
    /// ([`AnswerShape`]); judged exactly against [`Hostility::expected`].
    pub fn of<E, F, Fut>(send: F) -> Self
    where
        E: Endpoint,
        E::Output: AnswerShape,
        F: Fn(String, CallSettings) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<E::Output, Error<E::Error>>> + Send + 'static,
    {
        Self::endpoint::<E, F, Fut>(<E::Output as AnswerShape>::KIND, send)
    }

    /// One documented SOAP operation `E` (its answer is an envelope whatever
    /// its output type).
    pub fn soap<E, F, Fut>(send: F) -> Self
    where
        E: Endpoint,
        F: Fn(String, CallSettings) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<E::Output, Error<E::Error>>> + Send + 'static,
    {
        Self::endpoint::<E, F, Fut>(EndpointKind::Soap, send)
    }

    fn endpoint<E, F, Fut>(kind: EndpointKind, send: F) -> Self
    where
        E: Endpoint,
        F: Fn(String, CallSettings) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<E::Output, Error<E::Error>>> + Send + 'static,
    {
        let send = move |uri: String, settings: CallSettings| -> ErasedCall {
            let call = send(uri, settings);
            Box::pin(async move { call.await.map(|_| ()).map_err(Error::erase) })
        };
        Self {
            name: E::NAME.to_string(),
            kind,
            idempotent: E::IDEMPOTENT,
            strict: true,
            overrides: Vec::new(),
            send: Arc::new(send),
        }
    }

    /// A case that is not one endpoint but a client flow (a session set up on
    /// first use, a convenience method sending several requests): named and
    /// classified by the caller; `idempotent` is whether every request it sends is.
    pub fn flow<T, E, F, Fut>(
        name: impl Into<String>,
        kind: EndpointKind,
        idempotent: bool,
        send: F,
    ) -> Self
    where
        T: Send + 'static,
        E: ServiceError,
        F: Fn(String, CallSettings) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, Error<E>>> + Send + 'static,
    {
        let send = move |uri: String, settings: CallSettings| -> ErasedCall {
            let call = send(uri, settings);
            Box::pin(async move { call.await.map(|_| ()).map_err(Error::erase) })
        };
        Self {
            name: name.into(),
            kind,
            idempotent,
            strict: false,
            overrides: Vec::new(),
            send: Arc::new(send),
        }
    }

    /// Renames the case (e.g. a session flow ending in `E`: "connect, then GET /camera").
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Whether the case is one endpoint, judged exactly (not a client flow).
    pub fn is_endpoint(&self) -> bool {
        self.strict
    }

    /// Documents another outcome than [`Hostility::expected`] for the answers
    /// `when` selects, with the reason in the caller's code (iLOQ's login
    /// refuses an off-domain `GetUrl` answer with `AuthError::UntrustedUrl`).
    pub fn expecting(mut self, when: AnswerFilter, expected: Expected) -> Self {
        self.overrides.push((when, expected));
        self
    }

    /// What this case must end in when answered with `hostility`.
    pub fn expected(&self, hostility: &Hostility) -> Expected {
        self.overrides
            .iter()
            .find(|(when, _)| when(hostility))
            .map(|(_, e)| *e)
            .unwrap_or_else(|| hostility.expected(self.kind))
    }

    /// Marks the case as sent through the client's session: the hostile answer
    /// meets the session set-up (a lock, a login) before the endpoint, so the
    /// cell is judged on the kind only (like a [`Case::flow`]).
    pub fn through_session(mut self) -> Self {
        self.strict = false;
        self
    }

    /// The documented endpoint name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The kind of answer the endpoint needs.
    pub fn kind(&self) -> EndpointKind {
        self.kind
    }

    /// The endpoint's `IDEMPOTENT` constant.
    pub fn idempotent(&self) -> bool {
        self.idempotent
    }

    /// Sends the endpoint once (with the retries `settings` allow).
    pub fn call(&self, uri: String, settings: CallSettings) -> ErasedCall {
        (self.send)(uri, settings)
    }
}

/// Runs every case against every answer, `concurrency` cells at a time, each
/// within `deadline`. Also points [`Hostility::RedirectTo`] answers at a second
/// server on another loopback address and asserts it received nothing: no
/// credentials follow a redirect.
pub async fn run_matrix(
    cases: &[Case],
    answers: &[Hostility],
    settings: &CallSettings,
    deadline: Duration,
    concurrency: usize,
) -> Matrix {
    // "Another host": another loopback address where the system has one.
    let elsewhere = match HostileServer::start_on("127.0.0.2:0", Hostility::Status(200)).await {
        Ok(server) => server,
        Err(_) => HostileServer::start(Hostility::Status(200))
            .await
            .expect("a loopback server for the redirect target"),
    };
    let target = format!("{}/elsewhere", elsewhere.uri());
    let mut jobs = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        for (j, answer) in answers.iter().enumerate() {
            let answer = match answer {
                Hostility::RedirectTo(_) => Hostility::RedirectTo(target.clone()),
                Hostility::OffDomainUrl(_) => {
                    Hostility::OffDomainUrl(format!("{}/iloqws/", elsewhere.uri()))
                }
                other => other.clone(),
            };
            let case = case.clone();
            let settings = settings.clone();
            jobs.push(async move {
                let (name, kind, strict) = (case.name.clone(), case.kind, case.strict);
                let expected = case.expected(&answer);
                let outcome = run_cell(answer.clone(), deadline, move |uri| {
                    case.call(uri, settings)
                })
                .await;
                let report =
                    CellReport::judge_against(name, kind, &answer, expected, outcome, strict);
                ((i, j), report)
            });
        }
    }
    let mut done: Vec<((usize, usize), CellReport)> = stream::iter(jobs)
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    done.sort_by_key(|(at, _)| *at);
    let leaked = elsewhere.requests();
    assert!(
        leaked.is_empty(),
        "a redirect or an off-domain URL was followed to another host: {leaked:?}"
    );
    let mut matrix = Matrix::new();
    for (_, report) in done {
        matrix.push(report);
    }
    matrix
}

/// One row of a retry-safety check.
#[derive(Debug, Clone)]
pub struct RetryRow {
    /// The endpoint.
    pub endpoint: String,
    /// Its `IDEMPOTENT` constant.
    pub idempotent: bool,
    /// The failure the probe answered with.
    pub answer: String,
    /// How many requests reached the probe.
    pub hits: usize,
    /// How many should have: 1 for a non-idempotent endpoint, the retry bound
    /// for an idempotent one.
    pub expected: usize,
    /// Whether the call ended in an error (it must: every answer is a failure).
    pub failed: bool,
    /// How the call ended, for reports.
    pub outcome: String,
}

impl RetryRow {
    /// Whether the endpoint was sent as often as its definition allows.
    pub fn passed(&self) -> bool {
        self.failed && self.hits == self.expected
    }
}

/// The result of [`check_retry_safety`].
#[derive(Debug, Default)]
pub struct RetryTable {
    rows: Vec<RetryRow>,
}

impl RetryTable {
    /// The rows.
    pub fn rows(&self) -> &[RetryRow] {
        &self.rows
    }

    /// `(endpoints, idempotent endpoints, rows, passed rows)`.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut names: Vec<(&str, bool)> = self
            .rows
            .iter()
            .map(|r| (r.endpoint.as_str(), r.idempotent))
            .collect();
        names.sort_unstable();
        names.dedup();
        (
            names.len(),
            names.iter().filter(|(_, i)| *i).count(),
            self.rows.len(),
            self.rows.iter().filter(|r| r.passed()).count(),
        )
    }

    /// Panics with every failing row listed, if any failed.
    pub fn assert_all_passed(&self) {
        let failed: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.passed())
            .map(|r| {
                format!(
                    "{} (idempotent: {}) under {}: sent {} times, expected {} ({})",
                    r.endpoint, r.idempotent, r.answer, r.hits, r.expected, r.outcome
                )
            })
            .collect();
        assert!(
            failed.is_empty(),
            "{} of {} retry-safety rows failed:\n{}",
            failed.len(),
            self.rows.len(),
            failed.join("\n")
        );
    }
}

/// Sends every case to a [`RetryProbe`] for each answer (see
/// [`Hostility::retry_probes`]) with `settings` (whose retry policy must allow
/// retries) and counts the requests: a non-idempotent endpoint must arrive
/// exactly once, an idempotent one exactly `settings.retry.max_attempts` times.
pub async fn check_retry_safety(
    cases: &[Case],
    answers: &[Hostility],
    settings: &CallSettings,
    concurrency: usize,
) -> RetryTable {
    let bound = settings.retry.max_attempts.max(1) as usize;
    let mut jobs = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        for (j, answer) in answers.iter().enumerate() {
            let case = case.clone();
            let settings = settings.clone();
            let answer = answer.clone();
            jobs.push(async move {
                let probe = RetryProbe::start(answer.clone())
                    .await
                    .expect("a loopback retry probe");
                let result = tokio::spawn(case.call(probe.uri(), settings)).await;
                let row = RetryRow {
                    endpoint: case.name.clone(),
                    idempotent: case.idempotent,
                    answer: answer.name(),
                    hits: probe.hits(),
                    expected: if case.idempotent { bound } else { 1 },
                    failed: !matches!(result, Ok(Ok(()))),
                    outcome: match result {
                        Ok(Ok(())) => "succeeded".to_string(),
                        Ok(Err(e)) => format!("{}: {e}", e.kind()),
                        Err(join) => format!("panicked: {join}"),
                    },
                };
                ((i, j), row)
            });
        }
    }
    let mut done: Vec<((usize, usize), RetryRow)> = stream::iter(jobs)
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    done.sort_by_key(|(at, _)| *at);
    RetryTable {
        rows: done.into_iter().map(|(_, r)| r).collect(),
    }
}

/// What [`assert_no_secret_in_errors`] checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SecretCheck {
    /// Calls made: cases x answers.
    pub calls: usize,
    /// Calls that ended in an error (every error was inspected).
    pub errors: usize,
    /// Calls that succeeded: only a 2xx echo may decode; a success to a failure
    /// status fails the check.
    pub succeeded: usize,
    /// (call, secret) pairs where the call's request carried the secret to the
    /// server in some form, so the echo quoted it back: the pairs the check
    /// really exercised.
    pub carried: usize,
    /// Calls whose request carried at least one of the secrets.
    pub echoed: usize,
    /// Texts searched: `Display`, `Debug` and each `source()` of every error.
    pub texts: usize,
}

/// Sends every case to a server answering each of `answers` (use
/// [`echoes`]: the request, credentials included, quoted back plainly and
/// escaped) and asserts that no secret appears, in any encoding
/// ([`leaked`](crate::testkit::leaked)), in the resulting error's
/// `Display`, its `Debug`, or any error in its `source()` chain. A call that
/// panics fails the check, and so does one that succeeds against a failure
/// status: no call is skipped. The caller asserts the counts.
pub async fn assert_no_secret_in_errors(
    cases: &[Case],
    answers: &[Hostility],
    settings: &CallSettings,
    secrets: &[&str],
) -> SecretCheck {
    let mut check = SecretCheck::default();
    for case in cases {
        for answer in answers {
            let server = HostileServer::start(answer.clone())
                .await
                .expect("a loopback server");
            let call = case.call(server.uri(), settings.clone());
            check.calls += 1;
            let outcome = tokio::spawn(call).await;
            let carried: Vec<&str> = secrets
                .iter()
                .copied()
                .filter(|secret| {
                    server.requests().iter().any(|r| {
                        let raw = format!(
                            "{} {:?} {}",
                            r.target,
                            r.headers,
                            String::from_utf8_lossy(&r.body)
                        );
                        super::trace::leaked(&raw, &[secret]).is_some()
                    })
                })
                .collect();
            check.carried += carried.len();
            check.echoed += usize::from(!carried.is_empty());
            let error = match outcome {
                Err(join) => panic!(
                    "{} x {}: the call panicked: {join}",
                    case.name,
                    answer.name()
                ),
                Ok(Ok(())) => {
                    let status = match answer {
                        Hostility::Echo(s) | Hostility::EscapedEcho(s) | Hostility::Status(s) => *s,
                        _ => 0,
                    };
                    assert!(
                        (200..300).contains(&status),
                        "{} x {}: the call succeeded against a failure status",
                        case.name,
                        answer.name()
                    );
                    check.succeeded += 1;
                    continue;
                }
                Ok(Err(error)) => error,
            };
            check.errors += 1;
            let mut texts = vec![error.to_string(), format!("{error:?}")];
            let mut source = std::error::Error::source(&error);
            while let Some(inner) = source {
                texts.push(inner.to_string());
                texts.push(format!("{inner:?}"));
                source = inner.source();
            }
            for text in &texts {
                check.texts += 1;
                if let Some(secret) = super::trace::leaked(text, secrets) {
                    panic!(
                        "{} x {}: an error holds the secret {secret:?} (in some encoding): {text}",
                        case.name,
                        answer.name()
                    );
                }
            }
        }
    }
    check
}

/// The HTTP client a test shares between its per-endpoint cases: building one
/// per cell (TLS roots) would dominate a run. It follows no redirects, like
/// every client the SDK sends with ([`HttpClient`](crate::http::HttpClient)).
pub fn no_redirect_client() -> crate::http::HttpClient {
    crate::http::HttpClient::from_builder(reqwest::Client::builder()).expect("a reqwest client")
}

/// Servers that quote the request (credentials included) back in their body,
/// one for each of `statuses`: the answers of a secret-hygiene run.
/// Each status is echoed plainly ([`Hostility::Echo`]) and escaped
/// ([`Hostility::EscapedEcho`]).
pub fn echoes(statuses: &[u16]) -> Vec<Hostility> {
    statuses
        .iter()
        .flat_map(|s| [Hostility::Echo(*s), Hostility::EscapedEcho(*s)])
        .collect()
}

/// The settings of a secret-hygiene run: 800 ms an attempt, at most `limit`
/// bytes an answer, two attempts a call with a millisecond backoff.
pub fn echo_settings(limit: usize) -> CallSettings {
    CallSettings::new(Duration::from_millis(800), limit).with_retry(
        RetryPolicy::standard()
            .with_max_attempts(2)
            .with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
    )
}

/// Runs every one of `cases` against every answer of [`Hostility::matrix`]
/// (1.5 s an attempt, at most `limit` bytes an answer, 10 s a cell,
/// `concurrency` cells at once), logs the summary (tracing, INFO) under `vendor`'s name and
/// asserts that every cell ran and passed. Answers the matrix for the test's
/// own assertions (endpoint count, secrets).
pub async fn run_full_matrix(
    vendor: &str,
    cases: &[Case],
    limit: usize,
    concurrency: usize,
) -> Matrix {
    // 1.5 s an attempt: far below the drip's 300 s, far above a loaded
    // machine's loopback answer (600 ms timed out under parallel builds).
    let settings = CallSettings::new(Duration::from_millis(1500), limit);
    let answers = Hostility::matrix(limit, "set by run_matrix");
    let deadline = Duration::from_secs(10);
    let matrix = run_matrix(cases, &answers, &settings, deadline, concurrency).await;
    tracing::info!(vendor, summary = %matrix.summary(), "hostile matrix");
    matrix.assert_all_passed();
    assert_eq!(matrix.counts().0, cases.len() * answers.len());
    matrix
}

/// Runs [`check_retry_safety`] for `cases` against [`Hostility::retry_probes`]
/// (300 ms an attempt, at most `limit` bytes an answer, three attempts with a
/// short backoff, `concurrency` probes at once), logs the counts (tracing, INFO) under
/// `vendor`'s name and asserts that every row passed. Answers
/// [`RetryTable::counts`].
pub async fn run_retry_safety(
    vendor: &str,
    cases: &[Case],
    limit: usize,
    concurrency: usize,
) -> (usize, usize, usize, usize) {
    let settings = CallSettings::new(Duration::from_millis(300), limit).with_retry(
        RetryPolicy::standard()
            .with_max_attempts(3)
            .with_backoff(Duration::from_millis(5), Duration::from_millis(10)),
    );
    let table = check_retry_safety(cases, &Hostility::retry_probes(), &settings, concurrency).await;
    table.assert_all_passed();
    let (endpoints, idempotent, rows, passed) = table.counts();
    tracing::info!(vendor, endpoints, idempotent, rows, passed, "retry safety");
    (endpoints, idempotent, rows, passed)
}

/// One cell of a deep-nesting check: an endpoint, the depth of the answer, and
/// what the call ended in.
#[derive(Debug, Clone)]
pub struct DepthRow {
    /// The endpoint (or flow) name.
    pub endpoint: String,
    /// The kind of answer it needs.
    pub kind: EndpointKind,
    /// The nesting depth of the answer.
    pub levels: usize,
    /// `"decode"` for `Error::Decode`, `"auth (from decode)"` for a session
    /// flow's renewal that failed on one, `"accepted"`, `"panicked: …"`,
    /// `"hung"`, or the kind and text of any other error.
    pub outcome: String,
    /// Whether the cell passed: `Error::Decode` (for a session flow, an
    /// `AuthError::RenewalFailed` on a decode error), or a success where the
    /// endpoint's answer carries nothing ([`EndpointKind::may_succeed_on`]).
    pub passed: bool,
}

/// Every case against every answer of [`Hostility::deep_nesting_probes`] (or
/// `probes`), `concurrency` calls at a time on the current runtime, each within
/// `deadline`: each must end in `Error::Decode` (a typed error, not a stack
/// overflow, which would abort the whole process), or in a success where the
/// endpoint reads no body. Run it on a multi-thread runtime with 2 MiB worker
/// stacks (tokio's default) and on a current-thread runtime (the calling thread).
pub async fn check_deep_nesting(
    cases: &[Case],
    probes: &[Hostility],
    settings: &CallSettings,
    deadline: Duration,
    concurrency: usize,
) -> Vec<DepthRow> {
    let mut jobs = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        for (j, probe) in probes.iter().enumerate() {
            let levels = match probe {
                Hostility::DeepNesting(levels) => *levels,
                _ => 0,
            };
            let (case, probe, settings) = (case.clone(), probe.clone(), settings.clone());
            jobs.push(async move {
                let server = HostileServer::start(probe.clone())
                    .await
                    .expect("a loopback server");
                let task = tokio::spawn(case.call(server.uri(), settings));
                let (outcome, passed) = match tokio::time::timeout(deadline, task).await {
                    Err(_) => ("hung".to_string(), false),
                    Ok(Err(join)) => (format!("panicked: {join}"), false),
                    Ok(Ok(Ok(()))) => ("accepted".to_string(), case.kind.may_succeed_on(&probe)),
                    Ok(Ok(Err(Error::Decode(_)))) => ("decode".to_string(), true),
                    // A session flow reports its session call's failure as
                    // `Error::Auth`: a renewal that failed on a decode error.
                    Ok(Ok(Err(Error::Auth(crate::error::AuthError::RenewalFailed {
                        message,
                        ..
                    }))))
                        if message.contains(DECODE_TEXT) =>
                    {
                        ("auth (from decode)".to_string(), true)
                    }
                    Ok(Ok(Err(e))) => (format!("{}: {e}", e.kind()), false),
                };
                let row = DepthRow {
                    endpoint: case.name.clone(),
                    kind: case.kind,
                    levels,
                    outcome,
                    passed,
                };
                ((i, j), row)
            });
        }
    }
    let mut done: Vec<((usize, usize), DepthRow)> = stream::iter(jobs)
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    done.sort_by_key(|(at, _)| *at);
    done.into_iter().map(|(_, row)| row).collect()
}

/// How a [`DecodeError`](crate::error::DecodeError) reads in a renewal failure's
/// message (`AuthError::RenewalFailed` keeps its cause as text).
const DECODE_TEXT: &str = "could not decode the response";

/// Runs [`check_deep_nesting`] for `cases()` with [`Hostility::deep_nesting_probes`]
/// twice: on a new multi-thread runtime whose workers have a 2 MiB stack, and on
/// a current-thread runtime (every call then runs on the calling thread). Each
/// call may read up to 16 MiB (the SDKs' default limit), so the depth, not the
/// size, is what is refused; 20 s an attempt, no retries. Prints the counts under
/// `vendor`'s name, asserts that every cell passed, and answers the number of
/// cells. Call it from a plain `#[test]` (it builds its own runtimes).
pub fn run_deep_nesting(vendor: &str, cases: impl Fn() -> Vec<Case>, concurrency: usize) -> usize {
    let settings = CallSettings::new(Duration::from_secs(20), 16 * 1024 * 1024);
    let probes = Hostility::deep_nesting_probes();
    let deadline = Duration::from_secs(60);
    let worker = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(2 << 20)
        .enable_all()
        .build()
        .expect("a runtime");
    let calling = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut rows = Vec::new();
    for (runtime, thread) in [(&worker, "2 MiB workers"), (&calling, "calling thread")] {
        let cases = cases();
        let table = runtime.block_on(check_deep_nesting(
            &cases,
            &probes,
            &settings,
            deadline,
            concurrency,
        ));
        let accepted = table.iter().filter(|r| r.outcome == "accepted").count();
        tracing::info!(
            vendor,
            thread,
            endpoints = cases.len(),
            depths = probes.len(),
            cells = table.len(),
            passed = table.iter().filter(|r| r.passed).count(),
            accepted,
            "deep nesting"
        );
        assert_eq!(table.len(), cases.len() * probes.len());
        rows.extend(table);
    }
    let failed: Vec<String> = rows
        .iter()
        .filter(|r| !r.passed)
        .map(|r| format!("{} ({} levels): {}", r.endpoint, r.levels, r.outcome))
        .collect();
    assert!(
        failed.is_empty(),
        "deep answers not refused as Decode:\n{}",
        failed.join("\n")
    );
    rows.len()
}
