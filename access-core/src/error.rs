//! The one error type of the SDK family.
//!
//! Every call of every vendor crate fails with [`Error<E>`], where `E` is the
//! endpoint's own enum of documented failures (for example EasySecure's
//! `LoginError::InvalidLoginCredentials`). Everything that is not the vendor's
//! documented answer — input refused before sending, authentication that could not
//! be renewed, a transport failure, an answer that could not be decoded, a status
//! the vendor never documented — is a variant of [`Error`] itself, so a caller can
//! match on what happened without string parsing.
//!
//! Three questions every error answers:
//!
//! * [`Error::kind`]: what sort of failure it is ([`ErrorKind`]);
//! * [`Error::is_retryable`]: whether trying again may help (the transport only
//!   retries idempotent endpoints, whatever this says);
//! * [`Error::may_have_been_sent`]: whether the vendor may have received and acted
//!   on the request. An unlock that timed out may have opened the door.

use std::fmt;
use std::time::Duration;

/// The broad class of a failure, shared by every vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Credentials were refused, expired or could not be renewed.
    Auth,
    /// The thing addressed does not exist.
    NotFound,
    /// The request conflicts with the current state (already exists, in use, ...).
    Conflict,
    /// The vendor asked the caller to slow down.
    RateLimited,
    /// A temporary condition: timeouts, refused connections, 502/503/504.
    Transient,
    /// The input was refused, by the SDK before sending or by the vendor.
    InvalidInput,
    /// The hardware (reader, lock, terminal) reported a failure.
    Device,
    /// Anything else: undocumented statuses, undecodable answers, vendor internals.
    Other,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ErrorKind::Auth => "authentication",
            ErrorKind::NotFound => "not found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::Transient => "transient",
            ErrorKind::InvalidInput => "invalid input",
            ErrorKind::Device => "device",
            ErrorKind::Other => "other",
        };
        f.write_str(s)
    }
}

/// Implemented by every endpoint's error enum.
///
/// A vendor crate decides, from the status and body of a non-success answer,
/// which documented failure it is. Unknown messages must map to a variant that
/// keeps the text (never a panic); returning `None` tells the transport that the
/// answer is not a vendor error at all (an HTML page from a proxy, say), which
/// becomes [`Error::UnexpectedStatus`].
pub trait ServiceError: std::error::Error + Send + Sync + 'static {
    /// Recognises a documented failure in a non-success response.
    fn from_response(response: &crate::http::Response) -> Option<Self>
    where
        Self: Sized;

    /// The class of this failure.
    fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }

    /// Whether the request this failure belongs to was sent. `false` for failures
    /// a client reports before sending, such as an iLOQ `Order` refused by its
    /// `CanOrder` check. Default: `true`.
    fn request_was_sent(&self) -> bool {
        true
    }

    /// The vendor's own error code as it answered it (EasySecure's `code`, iLOQ's
    /// `Code`, an EF-45 device code), for generic code that logs or reports it.
    /// `None` where the vendor sent none. Default: `None`.
    fn code(&self) -> Option<&str> {
        None
    }

    /// The vendor's own error text as it answered it (secrets removed by the
    /// transport). Default: `None`.
    fn message(&self) -> Option<&str> {
        None
    }

    /// Passes every text this error keeps from the server (its code, its
    /// message, ...) through `clean`: the transport removes secrets with it
    /// (see [`crate::secrets`]) before the error reaches the caller or a log.
    /// Enums of [`error_enum!`](crate::error_enum) implement it; a hand-written
    /// error that keeps server text must too. Default: keeps none.
    fn clean_server_text(&mut self, clean: &mut dyn FnMut(&mut String)) {
        let _ = clean;
    }
}

/// The vendor's own words in a failed answer: its HTTP status, its error code
/// (where it has one) and its message, as a vendor crate's
/// [`VendorErrorBody`] read them. Every generated error enum keeps these.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorDetails {
    /// The HTTP status of the answer.
    pub status: u16,
    /// The vendor's error code, if the body carried one.
    pub code: Option<String>,
    /// The vendor's message (the body text where the vendor sends no field).
    pub message: String,
}

impl ErrorDetails {
    /// Details from their parts; an empty or blank code is absent.
    pub fn new(status: u16, code: Option<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.filter(|c| !c.trim().is_empty()),
            message: message.into(),
        }
    }
}

/// How one vendor writes a failure: implemented once per vendor crate (in its
/// `error.rs`) and named by every error enum of that vendor
/// ([`error_enum!`](crate::error_enum)).
///
/// `parse` answers `None` when the body is not the vendor's failure shape (an
/// HTML page from a proxy, an empty body, JSON of another shape): the transport
/// then reports [`Error::UnexpectedStatus`], the same in every crate.
pub trait VendorErrorBody {
    /// Reads the vendor's failure from a non-success answer.
    fn parse(response: &crate::http::Response) -> Option<ErrorDetails>;
}

/// Why a [`Pager`](crate::paging::Pager) stopped before the list ended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingError {
    /// The server answered the same page twice in a row (it ignores the page
    /// parameter, or loops).
    #[error("the server answered page {page} with the same items as the page before")]
    RepeatedPage {
        /// The number of the page (from 1) that repeated its predecessor.
        page: u32,
    },
    /// The server's cursor did not move: the next page would be the same request.
    #[error("the cursor did not advance after page {page}")]
    CursorStuck {
        /// The number of the page (from 1) whose cursor did not move.
        page: u32,
    },
    /// More pages than the pager's bound (see `Pager::max_pages`).
    #[error("more than {limit} pages; raise the pager's max_pages if the list is that long")]
    TooManyPages {
        /// The bound.
        limit: u32,
    },
}

/// An input rule violated before any request was sent.
///
/// Names the field and the rule, e.g. `field "wsAltUserId": must not be empty`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field}: {rule}")]
#[non_exhaustive]
pub struct ValidationError {
    /// The field (wire name where there is one) that broke the rule.
    pub field: String,
    /// The rule, in plain words.
    pub rule: String,
}

impl ValidationError {
    /// A violation of `rule` by `field`.
    pub fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.into(),
        }
    }
}

/// Why authentication failed or could not be renewed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The vendor refused the credentials (wrong password, revoked key, ...).
    #[error("credentials rejected: {}", Escaped(message))]
    Rejected {
        /// The vendor's message, which never contains the credentials themselves.
        message: String,
    },
    /// The credentials were refused again right after a renewal.
    #[error("credentials rejected again after renewal: {}", Escaped(message))]
    RejectedAfterRenewal {
        /// The vendor's message.
        message: String,
    },
    /// Renewing the credentials failed for another reason (network, server error).
    #[error("credentials could not be renewed: {}", Escaped(message))]
    RenewalFailed {
        /// A description of the underlying failure, secrets removed.
        message: String,
        /// The class of the underlying failure.
        kind: ErrorKind,
        /// Whether retrying the renewal may help.
        retryable: bool,
    },
    /// The session is not set up (e.g. iLOQ before `SetLockgroup`, EF-45 before connect).
    #[error("no session: {}", Escaped(.0))]
    NoSession(String),
    /// The vendor named an address the SDK will not send credentials to (iLOQ's
    /// `Url/GetUrl` answering a host outside the configured service, an `https`
    /// service moved to `http`, a URL with user info). Refused before anything
    /// was sent there, so `Error::may_have_been_sent` is `false`.
    #[error("refused to send credentials to {url}: {reason}")]
    UntrustedUrl {
        /// The address, without user info, query or fragment.
        url: String,
        /// Which rule it broke.
        reason: String,
    },
}

/// Why a response could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status of the response.
    pub status: u16,
    /// The JSON (or XML) path at which decoding failed, `.` for the root.
    pub path: String,
    /// What was wrong.
    pub message: String,
    /// The start of the body, at most [`DecodeError::EXCERPT_LEN`] bytes, lossily decoded.
    pub excerpt: String,
}

impl DecodeError {
    /// How much of the body an error keeps.
    pub const EXCERPT_LEN: usize = 256;

    /// A decode failure for `body` with the given status, path and message.
    pub fn new(
        status: u16,
        path: impl Into<String>,
        message: impl Into<String>,
        body: &[u8],
    ) -> Self {
        Self {
            status,
            path: path.into(),
            message: message.into(),
            excerpt: excerpt(body),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the response (status {}) at `{}`: {}; body starts with {}",
            self.status,
            Escaped(&self.path),
            Escaped(&self.message),
            Escaped(format_args!("{:?}", self.excerpt))
        )
    }
}

impl std::error::Error for DecodeError {}

/// Whether `c` must not reach a log line or an error's `Display` as it is: a
/// C0 or C1 control character (CR, LF, tab, escape, ...), DEL, a Unicode line or
/// paragraph separator (U+2028, U+2029), or a bidirectional control (U+061C,
/// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) that reorders what a
/// reader sees.
pub fn is_unsafe_for_logs(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Text a server sent, made safe to print on one log line: every character of
/// [`is_unsafe_for_logs`] is written as an escape (`\r`, `\n`, `\t`, otherwise
/// `\u{..}` in hex), everything else is kept. A server can then neither start a
/// forged log line nor reorder what a reader sees. Idempotent: escaping twice
/// changes nothing more.
///
/// Every `Display` of the SDK's errors and every log field that carries a
/// server's words goes through this; the raw text stays in the error's fields
/// (`message()`, `excerpt`).
///
/// ```
/// assert_eq!(
///     access_core::escape_control("line1\r\nFAKE\u{202E}"),
///     "line1\\r\\nFAKE\\u{202e}"
/// );
/// assert_eq!(access_core::escape_control("plain"), "plain");
/// ```
pub fn escape_control(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_logs) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let _ = fmt::Write::write_str(&mut EscapeWriter(&mut out), text);
    std::borrow::Cow::Owned(out)
}

/// Formats its value with every character of [`is_unsafe_for_logs`] escaped as
/// [`escape_control`] does, without an intermediate string: `Escaped(&error)`
/// in a `format!`, a `Display` impl or a `tracing` field (`error = %Escaped(&e)`).
#[derive(Debug, Clone, Copy)]
pub struct Escaped<T>(pub T);

impl<T: fmt::Display> fmt::Display for Escaped<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::write(&mut EscapeWriter(f), format_args!("{}", self.0))
    }
}

/// A writer that escapes what [`is_unsafe_for_logs`] names on its way through.
struct EscapeWriter<W>(W);

impl<W: fmt::Write> fmt::Write for EscapeWriter<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some(at) = rest.find(is_unsafe_for_logs) {
            self.0.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            match c {
                '\r' => self.0.write_str("\\r")?,
                '\n' => self.0.write_str("\\n")?,
                '\t' => self.0.write_str("\\t")?,
                c => write!(self.0, "\\u{{{:x}}}", c as u32)?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

/// A bounded, lossy excerpt of a body for error messages.
pub fn excerpt(body: &[u8]) -> String {
    let cut = body.len().min(DecodeError::EXCERPT_LEN);
    let mut s = String::from_utf8_lossy(&body[..cut]).into_owned();
    if body.len() > cut {
        s.push('…');
    }
    s
}

/// A transport-level failure: the request could not be completed.
#[derive(Debug, thiserror::Error)]
#[error("{}", Escaped(message))]
#[non_exhaustive]
pub struct TransportError {
    /// What happened, with no URL or secret in it.
    pub message: String,
    /// Whether the vendor may have received the request.
    pub may_have_been_sent: bool,
    /// Whether this was a timeout.
    pub timeout: bool,
    /// The underlying error (a `reqwest::Error` stripped of its URL), if any.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// The error of every call: `E` is the endpoint's own enum of documented failures.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The vendor answered with one of the endpoint's documented failures.
    Service {
        /// The HTTP status of the answer.
        status: u16,
        /// The documented failure.
        error: E,
    },
    /// Authentication failed or could not be renewed.
    Auth(AuthError),
    /// The input broke a documented rule; nothing was sent.
    Validation(ValidationError),
    /// The connection failed or timed out.
    Transport(TransportError),
    /// The answer could not be decoded into the documented shape.
    Decode(DecodeError),
    /// The vendor answered with a status the endpoint does not document.
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
    },
    /// The answer came from another address than the request was sent to: the
    /// HTTP client followed a redirect. The SDK's clients follow none (see
    /// `ClientBuilder::http_client`), so this is a safeguard; the answer is
    /// refused unread and the call is never retried.
    Redirected {
        /// The HTTP status of the answer from the other address.
        status: u16,
    },
    /// The answer was larger than the configured limit and was not read.
    ResponseTooLarge {
        /// The HTTP status.
        status: u16,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// Work the hardware finishes later did not finish within the wait policy.
    /// It may still finish: poll again later.
    StillPending {
        /// How long the caller waited.
        waited: Duration,
        /// What is pending.
        what: String,
    },
    /// The vendor has no record with the id the caller named (found out by
    /// reading, before anything was written): a typo in an id is an error, not
    /// an empty success.
    NotFound {
        /// The vendor.
        vendor: &'static str,
        /// What was looked for, e.g. `person with ExternalPersonId E-1001`.
        what: String,
    },
    /// The operation is not supported by this vendor (see the capability matrix).
    Unsupported {
        /// The vendor.
        vendor: &'static str,
        /// What was asked for.
        what: String,
    },
    /// A list stopped because the server's pages broke a bound (a repeated
    /// page, a cursor that did not move, too many pages): never an endless loop.
    Paging(PagingError),
}

/// [`Error`]'s text before escaping; [`Error`]'s `Display` escapes it whole.
struct Unescaped<'a, E>(&'a Error<E>);

impl<E: fmt::Display> fmt::Display for Unescaped<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Service { status, error } => {
                // "HTTP 500: <the error>", the status once: an error text that
                // already names it (a hand-written enum's "HTTP 500: ..." or
                // "... (HTTP 500)") is not given it again.
                let text = error.to_string();
                let prefix = format!("HTTP {status}");
                let suffix = format!(" (HTTP {status})");
                let text = text.strip_suffix(suffix.as_str()).unwrap_or(&text);
                let rest = text
                    .strip_prefix(prefix.as_str())
                    .filter(|r| r.is_empty() || r.starts_with(':'))
                    .map(|r| r.trim_start_matches(':').trim_start());
                // A leading ": " is what is left of an empty code.
                match rest
                    .unwrap_or(text)
                    .trim_start_matches([':', ' '])
                    .trim_end()
                {
                    "" => f.write_str(&prefix),
                    text => write!(f, "{prefix}: {text}"),
                }
            }
            Error::Auth(e) => write!(f, "authentication failed: {e}"),
            Error::Validation(e) => write!(f, "{e}; nothing was sent"),
            Error::Transport(e) => write!(f, "transport failure: {e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::UnexpectedStatus { status, excerpt } => {
                write!(
                    f,
                    "unexpected HTTP status {status}; body starts with {excerpt:?}"
                )
            }
            Error::Redirected { status } => write!(
                f,
                "the answer (HTTP {status}) came from another address than the request was sent to; a redirect is never followed"
            ),
            Error::ResponseTooLarge { status, limit } => write!(
                f,
                "response larger than the limit of {limit} bytes (HTTP {status})"
            ),
            Error::StillPending { waited, what } => {
                write!(f, "operation still pending after {waited:?}: {what}")
            }
            Error::NotFound { vendor, what } => write!(f, "{vendor} has no {what}"),
            Error::Unsupported { vendor, what } => write!(f, "not supported by {vendor}: {what}"),
            Error::Paging(e) => write!(f, "list stopped: {e}"),
        }
    }
}

/// Every text a server sent (a vendor's message, an excerpt, a decode message)
/// is escaped with [`escape_control`]: a CR, LF or other control character in it
/// can never start a forged line in a log. The raw text stays in the fields
/// (`message()`, `excerpt`).
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Escaped(Unescaped(self)))
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Service { error, .. } => Some(error),
            Error::Auth(e) => Some(e),
            Error::Validation(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Paging(e) => Some(e),
            Error::UnexpectedStatus { .. }
            | Error::Redirected { .. }
            | Error::ResponseTooLarge { .. }
            | Error::StillPending { .. }
            | Error::NotFound { .. }
            | Error::Unsupported { .. } => None,
        }
    }
}

impl<E> From<PagingError> for Error<E> {
    fn from(e: PagingError) -> Self {
        Error::Paging(e)
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

impl<E> From<AuthError> for Error<E> {
    fn from(e: AuthError) -> Self {
        Error::Auth(e)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl ErrorKind {
    /// The usual class of an HTTP status, for failures no documented row
    /// describes more precisely: 401/403 auth, 404 not found, 409 conflict, 429
    /// rate limited, 502-504 transient, 400/422 invalid input, the rest other.
    pub fn from_status(status: u16) -> ErrorKind {
        kind_of_status(status)
    }
}

fn kind_of_status(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::Auth,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        429 => ErrorKind::RateLimited,
        502..=504 => ErrorKind::Transient,
        400 | 422 => ErrorKind::InvalidInput,
        _ => ErrorKind::Other,
    }
}

impl<E> Error<E> {
    /// [`Error::Unsupported`]: `vendor` does not do `what` (see the capability
    /// matrix).
    ///
    /// ```
    /// use access_core::{AnyError, Error};
    ///
    /// let e: Error<AnyError> = Error::unsupported("iloq", "revoking a pin credential");
    /// assert_eq!(e.to_string(), "not supported by iloq: revoking a pin credential");
    /// ```
    pub fn unsupported(vendor: &'static str, what: impl Into<String>) -> Self {
        Error::Unsupported {
            vendor,
            what: what.into(),
        }
    }

    /// [`Error::NotFound`]: `vendor` has no `what` (kind
    /// [`ErrorKind::NotFound`], nothing written).
    ///
    /// ```
    /// use access_core::{AnyError, Error, ErrorKind};
    ///
    /// let e: Error<AnyError> = Error::not_found("iloq", "person with ExternalPersonId E-1O01");
    /// assert_eq!(e.kind(), ErrorKind::NotFound);
    /// assert_eq!(e.to_string(), "iloq has no person with ExternalPersonId E-1O01");
    /// ```
    pub fn not_found(vendor: &'static str, what: impl Into<String>) -> Self {
        Error::NotFound {
            vendor,
            what: what.into(),
        }
    }
}

impl<E: ServiceError> Error<E> {
    /// Removes every secret of `secrets` (in any encoding) from all text this
    /// error keeps from a server (the vendor's code and message, a decode
    /// error's path, message and excerpt, an unexpected status's excerpt, an
    /// authentication message, a transport message), and from the excerpts the
    /// value of every credential field (the shared names and `answer_fields`). The transport
    /// applies it to every error of every call before returning or logging it.
    pub fn clean_secrets(&mut self, secrets: &crate::secrets::Secrets, answer_fields: &[&str]) {
        let mut clean = |text: &mut String| secrets.scrub_in_place(text);
        // An excerpt is the body as the server sent it: a credential field's
        // value is redacted by name too (it may be cut off before it is known).
        let clean_excerpt = |text: &mut String| {
            if let std::borrow::Cow::Owned(redacted) =
                crate::secrets::redact_fields(text, answer_fields)
            {
                *text = redacted;
            }
            secrets.scrub_in_place(text);
        };
        match self {
            Error::Service { error, .. } => error.clean_server_text(&mut clean),
            Error::Auth(a) => match a {
                AuthError::Rejected { message }
                | AuthError::RejectedAfterRenewal { message }
                | AuthError::RenewalFailed { message, .. }
                | AuthError::NoSession(message) => clean(message),
                AuthError::UntrustedUrl { url, reason } => {
                    clean(url);
                    clean(reason);
                }
            },
            Error::Transport(t) => clean(&mut t.message),
            Error::Decode(d) => {
                clean(&mut d.path);
                clean(&mut d.message);
                clean_excerpt(&mut d.excerpt);
            }
            Error::UnexpectedStatus { excerpt, .. } => clean_excerpt(excerpt),
            Error::StillPending { what, .. } => clean(what),
            Error::NotFound { what, .. } => clean(what),
            Error::Validation(_)
            | Error::Redirected { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Unsupported { .. }
            | Error::Paging(_) => {}
        }
    }

    /// What a non-success answer becomes, in every crate alike: the endpoint's
    /// documented failure when the vendor's parser recognises the body
    /// ([`ServiceError::from_response`]), otherwise [`Error::UnexpectedStatus`]
    /// with a bounded excerpt. The transport calls this (after removing the
    /// request's secrets from the body); tests call it to check one rule across
    /// vendors.
    pub fn from_failure(response: &crate::http::Response) -> Self {
        match E::from_response(response) {
            Some(error) => Error::Service {
                status: response.status,
                error,
            },
            None => Error::UnexpectedStatus {
                status: response.status,
                excerpt: excerpt(&response.body),
            },
        }
    }

    /// The class of this failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Service { error, .. } => error.kind(),
            Error::Auth(AuthError::RenewalFailed { kind, .. }) => *kind,
            Error::Auth(_) => ErrorKind::Auth,
            Error::Validation(_) => ErrorKind::InvalidInput,
            Error::Transport(_) => ErrorKind::Transient,
            Error::Decode(_) => ErrorKind::Other,
            Error::UnexpectedStatus { status, .. } => kind_of_status(*status),
            Error::ResponseTooLarge { .. } | Error::Redirected { .. } => ErrorKind::Other,
            Error::StillPending { .. } => ErrorKind::Transient,
            Error::Unsupported { .. } => ErrorKind::InvalidInput,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Paging(_) => ErrorKind::Other,
        }
    }

    /// Whether trying the same call again may succeed.
    ///
    /// This describes the failure, not the call: the transport never retries a
    /// non-idempotent endpoint on its own, and a caller retrying one by hand must
    /// check [`Error::may_have_been_sent`] first.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) | Error::StillPending { .. } => true,
            Error::Auth(AuthError::RenewalFailed { retryable, .. }) => *retryable,
            Error::Service { error, .. } => {
                matches!(error.kind(), ErrorKind::Transient | ErrorKind::RateLimited)
            }
            Error::UnexpectedStatus { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// Whether the vendor may have received (and acted on) the request.
    ///
    /// `false` only when the SDK knows nothing reached the vendor: input refused
    /// before sending, a refused connection, a session that could not be set up.
    pub fn may_have_been_sent(&self) -> bool {
        match self {
            Error::Validation(_) | Error::Unsupported { .. } | Error::NotFound { .. } => false,
            Error::Transport(t) => t.may_have_been_sent,
            Error::Auth(AuthError::RejectedAfterRenewal { .. }) => true,
            Error::Auth(_) => false,
            Error::Service { error, .. } => error.request_was_sent(),
            _ => true,
        }
    }

    /// The HTTP status of the vendor's answer, where there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Redirected { status }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Decode(d) => Some(d.status),
            _ => None,
        }
    }

    /// The documented failure, if the vendor answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Error::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Turns this error into the vendor-neutral [`AnyError`] used by the traits.
    pub fn erase(self) -> Error<AnyError> {
        self.map_service(|status, error| AnyError::new(status, error))
    }

    /// Maps the documented failure to another type, keeping every other variant.
    pub fn map_service<F, G>(self, f: G) -> Error<F>
    where
        G: FnOnce(u16, E) -> F,
    {
        match self {
            Error::Service { status, error } => Error::Service {
                status,
                error: f(status, error),
            },
            Error::Auth(e) => Error::Auth(e),
            Error::Validation(e) => Error::Validation(e),
            Error::Transport(e) => Error::Transport(e),
            Error::Decode(e) => Error::Decode(e),
            Error::UnexpectedStatus { status, excerpt } => {
                Error::UnexpectedStatus { status, excerpt }
            }
            Error::ResponseTooLarge { status, limit } => Error::ResponseTooLarge { status, limit },
            Error::Redirected { status } => Error::Redirected { status },
            Error::StillPending { waited, what } => Error::StillPending { waited, what },
            Error::Unsupported { vendor, what } => Error::Unsupported { vendor, what },
            Error::NotFound { vendor, what } => Error::NotFound { vendor, what },
            Error::Paging(e) => Error::Paging(e),
        }
    }

    /// The same failure read as another endpoint's error: a documented failure
    /// becomes `into(details)` with its status, code and text kept; every other
    /// variant is kept as it is. Flows that make several calls report their
    /// failures as the flow's own enum this way
    /// (`e.recast_with(DeleteUserError::from_details)`).
    pub fn recast_with<F>(self, into: impl FnOnce(ErrorDetails) -> F) -> Error<F> {
        self.map_service(|status, e| {
            into(ErrorDetails::new(
                status,
                e.code().map(str::to_string),
                e.message().unwrap_or_default(),
            ))
        })
    }

    /// [`Error::recast_with`] into an enum built by
    /// [`error_enum!`](crate::error_enum).
    pub fn recast<F: crate::error_table::ErrorTable>(self) -> Error<F> {
        self.recast_with(F::from_details)
    }

    /// The vendor's error code, when the vendor answered a documented failure
    /// that carried one ([`ServiceError::code`]).
    pub fn code(&self) -> Option<&str> {
        self.service_error().and_then(ServiceError::code)
    }

    /// The vendor's error text, when the vendor answered a documented failure
    /// ([`ServiceError::message`]).
    pub fn message(&self) -> Option<&str> {
        self.service_error().and_then(ServiceError::message)
    }
}

/// A documented vendor failure with its type erased, as the vendor-neutral
/// traits return it. The original error stays reachable through
/// [`std::error::Error::source`] and [`AnyError::downcast_ref`].
#[derive(Debug)]
pub struct AnyError {
    kind: ErrorKind,
    sent: bool,
    status: u16,
    message: String,
    vendor_code: Option<String>,
    vendor_message: Option<String>,
    inner: Box<dyn std::error::Error + Send + Sync>,
}

impl AnyError {
    /// Wraps a documented failure.
    pub fn new<E: ServiceError>(status: u16, error: E) -> Self {
        Self {
            kind: error.kind(),
            sent: error.request_was_sent(),
            status,
            message: error.to_string(),
            vendor_code: error.code().map(str::to_string),
            vendor_message: error.message().map(str::to_string),
            inner: Box::new(error),
        }
    }

    /// The HTTP status of the vendor's answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The original error, if it is of type `T`.
    pub fn downcast_ref<T: std::error::Error + 'static>(&self) -> Option<&T> {
        self.inner.downcast_ref::<T>()
    }
}

impl fmt::Display for AnyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The erased error's own words may come from a server.
        write!(f, "{}", Escaped(&self.message))
    }
}

impl std::error::Error for AnyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.inner.as_ref())
    }
}

impl ServiceError for AnyError {
    fn from_response(_: &crate::http::Response) -> Option<Self> {
        None
    }
    fn kind(&self) -> ErrorKind {
        self.kind
    }
    fn request_was_sent(&self) -> bool {
        self.sent
    }
    fn code(&self) -> Option<&str> {
        self.vendor_code.as_deref()
    }
    fn message(&self) -> Option<&str> {
        self.vendor_message.as_deref()
    }
}

/// The result type of the vendor-neutral traits.
pub type CoreResult<T> = Result<T, Error<AnyError>>;

/// The text of an error whose original could not be copied (see
/// [`Error::duplicate`]).
#[derive(Debug)]
struct CopiedSource(String);

impl fmt::Display for CopiedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CopiedSource {}

impl Error<AnyError> {
    /// A copy of this error for each of several people one request concerned
    /// (a batch write the vendor refused as a whole): the same variant, status,
    /// kind, vendor code and message, and whether it may have been sent. The
    /// underlying source (a `reqwest::Error`, the endpoint's own enum) cannot be
    /// copied: the copy's source is its text, so `AnyError::downcast_ref`
    /// answers `None` on the copy.
    pub fn duplicate(&self) -> Self {
        let source = |s: &(dyn std::error::Error + Send + Sync + 'static)| -> Box<dyn std::error::Error + Send + Sync> {
            Box::new(CopiedSource(s.to_string()))
        };
        match self {
            Error::Service { status, error } => Error::Service {
                status: *status,
                error: AnyError {
                    kind: error.kind,
                    sent: error.sent,
                    status: error.status,
                    message: error.message.clone(),
                    vendor_code: error.vendor_code.clone(),
                    vendor_message: error.vendor_message.clone(),
                    inner: source(error.inner.as_ref()),
                },
            },
            Error::Auth(e) => Error::Auth(e.clone()),
            Error::Validation(e) => Error::Validation(e.clone()),
            Error::Transport(e) => Error::Transport(TransportError {
                message: e.message.clone(),
                may_have_been_sent: e.may_have_been_sent,
                timeout: e.timeout,
                source: e.source.as_deref().map(source),
            }),
            Error::Decode(e) => Error::Decode(e.clone()),
            Error::UnexpectedStatus { status, excerpt } => Error::UnexpectedStatus {
                status: *status,
                excerpt: excerpt.clone(),
            },
            Error::Redirected { status } => Error::Redirected { status: *status },
            Error::ResponseTooLarge { status, limit } => Error::ResponseTooLarge {
                status: *status,
                limit: *limit,
            },
            Error::StillPending { waited, what } => Error::StillPending {
                waited: *waited,
                what: what.clone(),
            },
            Error::Unsupported { vendor, what } => Error::Unsupported {
                vendor,
                what: what.clone(),
            },
            Error::NotFound { vendor, what } => Error::NotFound {
                vendor,
                what: what.clone(),
            },
            Error::Paging(e) => Error::Paging(e.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_keeps_everything_a_caller_reads() {
        #[derive(Debug, thiserror::Error)]
        #[error("card 12 is a duplicate")]
        struct Duplicate;
        impl ServiceError for Duplicate {
            fn from_response(_: &crate::http::Response) -> Option<Self> {
                Some(Duplicate)
            }
            fn kind(&self) -> ErrorKind {
                ErrorKind::Conflict
            }
        }
        let transport: Error<AnyError> = Error::Transport(TransportError {
            message: "connection reset".into(),
            may_have_been_sent: true,
            timeout: false,
            source: Some(Box::new(std::io::Error::other("reset by peer"))),
        });
        let service: Error<AnyError> = Error::Service {
            status: 409,
            error: AnyError::new(409, Duplicate),
        };
        for e in [transport, service] {
            let d = e.duplicate();
            assert_eq!(d.to_string(), e.to_string());
            assert_eq!(d.kind(), e.kind());
            assert_eq!(d.status(), e.status());
            assert_eq!(d.may_have_been_sent(), e.may_have_been_sent());
            assert_eq!(d.is_retryable(), e.is_retryable());
            let text = |e: &Error<AnyError>| std::error::Error::source(e).map(|s| s.to_string());
            assert_eq!(text(&d), text(&e));
        }
    }

    #[test]
    fn unsupported_names_vendor_and_what() {
        let e: Error<AnyError> = Error::unsupported("ef45", format!("{} credentials", "pin"));
        assert!(matches!(
            &e,
            Error::Unsupported { vendor: "ef45", what } if what == "pin credentials"
        ));
    }

    #[test]
    fn server_text_is_escaped_in_every_display_and_kept_raw_in_the_fields() {
        let hostile = "line1\r\nFAKE LOG LINE\tx\u{1b}[31m\u{0}\u{7f}\u{85}\u{2028}\u{2029}\u{202e}\u{2066}\u{200f}";
        let unsafe_in = |s: &str| s.chars().any(is_unsafe_for_logs);
        let escaped = escape_control(hostile);
        assert!(!unsafe_in(&escaped), "{escaped}");
        assert!(escaped.starts_with("line1\\r\\nFAKE LOG LINE\\tx\\u{1b}[31m"));
        assert_eq!(escape_control(&escaped), escaped, "idempotent");
        assert_eq!(Escaped(hostile).to_string(), escaped);
        let decode = DecodeError::new(200, hostile, hostile, hostile.as_bytes());
        let texts = [
            Error::<AnyError>::Auth(AuthError::Rejected {
                message: hostile.into(),
            })
            .to_string(),
            Error::<AnyError>::Auth(AuthError::NoSession(hostile.into())).to_string(),
            Error::<AnyError>::Decode(decode.clone()).to_string(),
            decode.to_string(),
            Error::<AnyError>::UnexpectedStatus {
                status: 502,
                excerpt: hostile.into(),
            }
            .to_string(),
            Error::<AnyError>::Transport(TransportError {
                message: hostile.into(),
                may_have_been_sent: true,
                timeout: false,
                source: None,
            })
            .to_string(),
            Error::<AnyError>::StillPending {
                waited: Duration::from_secs(1),
                what: hostile.into(),
            }
            .to_string(),
        ];
        for text in &texts {
            assert!(!unsafe_in(text), "{text:?}");
            assert!(text.contains("FAKE LOG LINE"), "{text}");
        }
        assert_eq!(decode.message, hostile);
        assert_eq!(decode.excerpt, hostile);
    }

    #[test]
    fn excerpt_is_bounded() {
        let body = vec![b'a'; 10_000];
        let e = excerpt(&body);
        assert!(e.chars().count() <= DecodeError::EXCERPT_LEN + 1);
        assert!(e.ends_with('…'));
    }

    #[test]
    fn status_kinds() {
        assert_eq!(kind_of_status(503), ErrorKind::Transient);
        assert_eq!(kind_of_status(404), ErrorKind::NotFound);
        assert_eq!(kind_of_status(401), ErrorKind::Auth);
    }
}

#[cfg(test)]
mod sent_tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("refused by the pre-check")]
    struct Refused;

    impl ServiceError for Refused {
        fn from_response(_: &crate::http::Response) -> Option<Self> {
            None
        }
        fn kind(&self) -> ErrorKind {
            ErrorKind::Conflict
        }
        fn request_was_sent(&self) -> bool {
            false
        }
    }

    #[test]
    fn a_pre_check_refusal_was_not_sent_even_when_erased() {
        let e: Error<Refused> = Error::Service {
            status: 200,
            error: Refused,
        };
        assert!(!e.may_have_been_sent());
        assert_eq!(e.kind(), ErrorKind::Conflict);
        assert!(!e.erase().may_have_been_sent());
    }
}
