//! iLOQ's error body and the endpoints' error enums.
//!
//! iLOQ's spec defines no error schema; observed answers carry
//! `{"Code": "...", "Message": "..."}` (HEL fixtures, T4E) **\[V\]**. Each enum
//! below is built from the failures documented for its endpoints; everything
//! else becomes `Unknown` with status, code and message kept.

use access_core::ErrorKind;
use access_core::http::Response;

/// The `{"Code", "Message"}` body of an iLOQ failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    /// Reads the body leniently (any key casing). `None` when the answer is not
    /// an iLOQ error at all (an HTML page from a proxy, an empty body).
    pub(crate) fn parse(r: &Response) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
        match value {
            serde_json::Value::Object(map) => {
                let get = |name: &str| {
                    map.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(name))
                        .and_then(|(_, v)| v.as_str())
                        .map(str::to_string)
                };
                let code = get("Code");
                let message = get("Message");
                if code.is_none() && message.is_none() {
                    return None;
                }
                Some(Self {
                    code: code.unwrap_or_default(),
                    message: message.unwrap_or_default(),
                })
            }
            serde_json::Value::String(message) => Some(Self {
                code: String::new(),
                message,
            }),
            _ => None,
        }
    }
}

/// The class of an undocumented failure from its status and iLOQ `Code`.
pub(crate) fn kind_of(status: u16, code: &str) -> ErrorKind {
    match (status, code) {
        (401 | 403, _) | (_, "Unauthorized") => ErrorKind::Auth,
        (404, _) => ErrorKind::NotFound,
        (409, _) => ErrorKind::Conflict,
        (429, _) => ErrorKind::RateLimited,
        (502..=504, _) => ErrorKind::Transient,
        (400 | 422, _) | (_, "ValidationFailed") => ErrorKind::InvalidInput,
        _ => ErrorKind::Other,
    }
}

crate::macros::iloq_error! {
    /// Failures of an endpoint for which iLOQ documents none beyond the generic
    /// `ValidationFailed` answer (HTTP 400 with `Code: "ValidationFailed"` and an
    /// "Invalid value (...) for parameter ..." message) **\[V\] HEL, T4E**.
    pub enum ApiError {
        /// HTTP 400 "Invalid value (...) for parameter ...": an id or value iLOQ
        /// does not know (iLOQ reports unknown ids this way, not with 404).
        InvalidValue = (400, "Invalid value", InvalidInput),
    }
}

crate::macros::iloq_error! {
    /// Failures of reading one record by id (`GET /Persons/{id}`, `/Keys/{id}`, ...).
    /// iLOQ answers an unknown id with an error whose message contains
    /// "Invalid value" (T4E treats it as not found) **\[V\] T4E**, not with 404.
    pub enum GetError {
        /// The id is unknown: HTTP 400 "Invalid value (...)".
        NotFound = (400, "Invalid value", NotFound),
    }
}

crate::macros::iloq_error! {
    /// Failures of `GET /Persons/GetByExternalPersonIds`.
    pub enum ByExternalIdsError {
        /// HTTP 400 `ValidationFailed` `"Invalid value (<id>) for parameter
        /// externalPersonIds."`: none of the ids is known **\[V\] HEL**. The
        /// convenience method [`crate::Persons::by_external_ids`] turns this into an
        /// empty list, as HEL does.
        NoneFound = (400, "Invalid value", NotFound),
    }
}

crate::macros::iloq_error! {
    /// Failures of the session calls (`GetUrl`, `CreateSession`, `LockGroups`,
    /// `SetLockgroup`, `KillSession`).
    pub enum SessionError {
        /// HTTP 401 `"Invalid session id: <guid>"`: the session expired or was killed **\[V\] HEL**.
        InvalidSession = (401, "Invalid session id", Auth),
        /// HTTP 400 "Invalid value (...)": e.g. an unknown `LockGroup_ID`.
        InvalidValue = (400, "Invalid value", InvalidInput),
    }
}

/// Builds an `Error::Service` for a refusal iLOQ answered through a `Can*` call
/// (HTTP 200 with a non-OK integer): the refused call itself was never sent.
pub(crate) fn refused<E>(error: E) -> access_core::Error<E> {
    access_core::Error::Service { status: 200, error }
}

/// The error of a call guarded by an iLOQ `Can*` check: either the check
/// refused (the guarded call was never sent; `C` is iLOQ's typed reason) or
/// the call itself failed.
///
/// A refusal arrives as `Error::Service { status: 200, .. }` because iLOQ did
/// answer (the check), and `Error::may_have_been_sent()` says `false`: the
/// guarded call (an `Order`, a `Return`, ...) never left the client. Match on
/// [`Checked::Refused`] / [`Checked::SettingOff`] for iLOQ's typed reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Checked<C: std::fmt::Debug + std::fmt::Display> {
    /// The `Can*` check refused with this reason; nothing else was sent.
    #[error("iLOQ refuses: {0}")]
    Refused(C),
    /// A setting of the locking system forbids the call (named in the text).
    #[error("the locking system setting {0:?} is off")]
    SettingOff(&'static str),
    /// The check or the call failed.
    #[error("{0}")]
    Api(ApiError),
}

impl<C> access_core::ServiceError for Checked<C>
where
    C: std::fmt::Debug + std::fmt::Display + Send + Sync + 'static,
{
    fn from_response(r: &Response) -> Option<Self> {
        ApiError::from_response(r).map(Self::Api)
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Refused(_) | Self::SettingOff(_) => ErrorKind::Conflict,
            Self::Api(e) => e.kind(),
        }
    }
    fn request_was_sent(&self) -> bool {
        // A refusal by the Can* check or by a locking-system setting means the
        // guarded call itself never left the client.
        matches!(self, Self::Api(_))
    }
}

impl<C: std::fmt::Debug + std::fmt::Display> Checked<C> {
    /// The refusal reason, when the `Can*` check refused.
    pub fn refusal(&self) -> Option<&C> {
        match self {
            Self::Refused(c) => Some(c),
            _ => None,
        }
    }
}

/// Lifts an `ApiError` call result into a `Checked` one.
pub(crate) fn lift<T, C: std::fmt::Debug + std::fmt::Display>(
    r: Result<T, access_core::Error<ApiError>>,
) -> Result<T, access_core::Error<Checked<C>>> {
    r.map_err(|e| e.map_service(|_, e| Checked::Api(e)))
}

/// A session failure seen by a call whose error type is [`ApiError`].
pub(crate) fn from_session(e: SessionError) -> ApiError {
    match e {
        SessionError::InvalidValue { code, message } => ApiError::InvalidValue { code, message },
        SessionError::InvalidSession { code, message } => ApiError::Unknown {
            status: 401,
            code,
            message,
        },
        SessionError::Unknown {
            status,
            code,
            message,
        } => ApiError::Unknown {
            status,
            code,
            message,
        },
    }
}
