//! iLOQ's error body, and the wrapper of calls guarded by a `Can*` check.
//!
//! iLOQ's spec defines no error schema; observed answers carry
//! `{"Code": "...", "Message": "..."}` **\[V\]** HEL fixtures, T4E, and a few
//! answers are a bare JSON string. [`IloqErrorBody`] reads both; anything else
//! (an HTML page from a proxy, an empty body, JSON of another shape) is no iLOQ
//! failure, and the transport reports it as `Error::UnexpectedStatus`.
//!
//! Each endpoint's own error enum (`GetPersonError`, `InsertPersonError`, ...)
//! sits next to its request type and is built with `access_core::error_enum!`
//! from iLOQ's general rows: HTTP 400 "Invalid value (...)" (an unknown id or
//! value; `NotFound` for the read-by-id calls), `Code` "Unauthorized" and `Code`
//! "ValidationFailed". Everything else is `Unknown`, classified by its status.

use access_core::http::Response;
use access_core::{Error, ErrorDetails, ErrorKind, ServiceError, VendorErrorBody};

/// iLOQ's failure shape: `{"Code": "...", "Message": "..."}` (any key casing;
/// either key may be missing, not both), or a bare JSON string (a message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct IloqErrorBody;

impl VendorErrorBody for IloqErrorBody {
    fn parse(r: &Response) -> Option<ErrorDetails> {
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
                Some(ErrorDetails::new(
                    r.status,
                    code,
                    message.unwrap_or_default(),
                ))
            }
            serde_json::Value::String(message) => Some(ErrorDetails::new(r.status, None, message)),
            _ => None,
        }
    }
}

/// The error of a call guarded by an iLOQ `Can*` check: either the check
/// refused (the guarded call was never sent; `C` is iLOQ's typed reason), or
/// the check or the call failed (`E`, the guarded call's own error enum; a
/// failure of the check is read with the same rows).
///
/// A refusal arrives as `Error::Service { status: 200, .. }` because iLOQ did
/// answer (the check), and `Error::may_have_been_sent()` says `false`: the
/// guarded call (an `Order`, a `Return`, ...) never left the client. Match on
/// [`Checked::Refused`] / [`Checked::SettingOff`] for iLOQ's typed reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Checked<C: std::fmt::Debug + std::fmt::Display, E: std::error::Error> {
    /// The `Can*` check refused with this reason; nothing else was sent.
    #[error("iLOQ refuses: {0}")]
    Refused(C),
    /// A setting of the locking system forbids the call (named in the text).
    #[error("the locking system setting {0:?} is off")]
    SettingOff(&'static str),
    /// The check or the call failed.
    #[error("{0}")]
    Api(E),
}

impl<C, E> ServiceError for Checked<C, E>
where
    C: std::fmt::Debug + std::fmt::Display + Send + Sync + 'static,
    E: ServiceError,
{
    fn from_response(r: &Response) -> Option<Self> {
        E::from_response(r).map(Self::Api)
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
    fn code(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.code(),
            _ => None,
        }
    }
    fn message(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.message(),
            _ => None,
        }
    }
    fn clean_server_text(&mut self, clean: &mut dyn FnMut(&mut String)) {
        if let Self::Api(e) = self {
            e.clean_server_text(clean);
        }
    }
}

impl<C: std::fmt::Debug + std::fmt::Display, E: std::error::Error> Checked<C, E> {
    /// The refusal reason, when the `Can*` check refused.
    pub fn refusal(&self) -> Option<&C> {
        match self {
            Self::Refused(c) => Some(c),
            _ => None,
        }
    }
}

/// Builds an `Error::Service` for a refusal iLOQ answered through a `Can*` call
/// (HTTP 200 with a non-OK integer): the refused call itself was never sent.
pub(crate) fn refused<C, E>(reason: C) -> Error<Checked<C, E>>
where
    C: std::fmt::Debug + std::fmt::Display,
    E: std::error::Error,
{
    Error::Service {
        status: 200,
        error: Checked::Refused(reason),
    }
}

/// The failure of a `Can*` check (read with the guarded call's rows `into`) as
/// the guarded call's [`Checked`] error.
pub(crate) fn check<T, F, C, E>(
    r: Result<T, Error<F>>,
    into: impl FnOnce(ErrorDetails) -> E,
) -> Result<T, Error<Checked<C, E>>>
where
    F: ServiceError,
    C: std::fmt::Debug + std::fmt::Display,
    E: std::error::Error,
{
    r.map_err(|e| e.recast_with(|d| Checked::Api(into(d))))
}

/// The failure of the guarded call itself as its [`Checked`] error.
pub(crate) fn guarded<T, C, E>(r: Result<T, Error<E>>) -> Result<T, Error<Checked<C, E>>>
where
    C: std::fmt::Debug + std::fmt::Display,
    E: ServiceError,
{
    r.map_err(|e| e.map_service(|_, e| Checked::Api(e)))
}

access_core::error_rows! {
    /// iLOQ's general failures (**\[V\]** HEL, T4E): iLOQ documents none per endpoint,
    /// so every endpoint enum lists its own rows, then these.
    ($) pub(crate) macro iloq_errors for crate::error::IloqErrorBody {
        /// HTTP 400 "Invalid value (...) for parameter ...": an id or value iLOQ does not
        /// know (iLOQ reports unknown ids so, not with 404) **\[V\]** HEL, T4E.
        InvalidValue = (400, contains "Invalid value") => InvalidInput,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}
