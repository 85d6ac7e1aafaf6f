//! How ESWS answers a failure, read once for every operation.
//!
//! ESWS reports its documented failures inside a successful (HTTP 200) answer:
//! as the plain string result, or in the first field of a returned struct
//! (`UserId`, `GroupId`, `Terminal`) **\[V\]** D index. The decoders below read
//! them as [`ErrorDetails`] with the error string as the code (and the text),
//! and each operation's enum (`access_core::error_enum!`, next to its request
//! type) classifies them by `code "..."`. A real SOAP Fault (HTTP 500 from PHP's
//! SoapServer, e.g. a malformed envelope) is read by [`EswsErrorBody`]:
//! `faultcode` is the code, `faultstring` the message, and no row names it, so
//! it is `Unknown` (kind `Other`). Anything else (an HTML page, an empty body)
//! is no ESWS answer at all: `Error::UnexpectedStatus`.

use std::marker::PhantomData;

use access_core::error_table::ErrorTable;
use access_core::http::Response;
use access_core::{DecodeError, ErrorDetails, VendorErrorBody};
use serde::de::DeserializeOwned;

use super::xml::{Parsed, SoapValue, decode_error, parse_fault, parse_response};

/// The answer of `getLogs`/`getLogsById` in `Terminal` when there is no data **\[V\]** D.
pub const NO_RECORD: &str = "-1 NO RECORD";

/// ESWS's failure body: a SOAP Fault. Anything else is `None`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EswsErrorBody;

impl VendorErrorBody for EswsErrorBody {
    fn parse(response: &Response) -> Option<ErrorDetails> {
        let fault = parse_fault(&response.body)?;
        Some(ErrorDetails::new(
            response.status,
            Some(fault.code),
            fault.message,
        ))
    }
}

/// How one operation's error enum is classified (any `error_enum!` enum, through
/// access-core's [`ErrorTable`]).
pub(crate) struct Classify<E>(PhantomData<fn() -> E>);

impl<E: ErrorTable> Classify<E> {
    /// The classifier of `E`.
    pub(crate) const fn new() -> Self {
        Self(PhantomData)
    }

    /// An error string inside a 200 answer: the string is the code and the text.
    fn details(status: u16, text: &str) -> ErrorDetails {
        let t = text.trim();
        ErrorDetails::new(status, Some(t.to_string()), t)
    }

    /// A documented error string, if `text` is one.
    pub(crate) fn documented(&self, status: u16, text: &str) -> Option<E> {
        let e = E::from_details(Self::details(status, text));
        e.is_documented().then_some(e)
    }

    /// Any string: a documented row, or `Unknown` keeping the text.
    pub(crate) fn any(&self, status: u16, text: &str) -> E {
        E::from_details(Self::details(status, text))
    }

    fn fault(&self, status: u16, code: String, message: String) -> E {
        E::from_details(ErrorDetails::new(status, Some(code), message))
    }
}

/// Whether an undocumented string looks like one of ESWS's error codes
/// (`UPPER_CASE_WITH_UNDERSCORES` or `UPPER CASE WORDS`) rather than data **\[I\]**.
pub(crate) fn looks_like_error_code(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 4
        && t != "OK"
        && t.chars().any(|c| c.is_ascii_alphabetic())
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == ' ')
        && (t.contains('_') || t.contains(' '))
}

fn parse<E: ErrorTable>(
    function: &str,
    response: &Response,
    errors: &Classify<E>,
) -> Result<Result<SoapValue, E>, DecodeError> {
    match parse_response(function, &response.body) {
        Ok(Parsed::Return(v)) => Ok(Ok(v)),
        Ok(Parsed::Fault(f)) => Ok(Err(errors.fault(response.status, f.code, f.message))),
        Err(message) => Err(decode_error(
            response.status,
            function,
            message,
            &response.body,
        )),
    }
}

/// A plain string answer: a documented error string is `Err`, anything else the
/// answer's text (`None` for a nil or void answer).
pub(crate) fn decode_text<E: ErrorTable>(
    function: &str,
    response: &Response,
    errors: &Classify<E>,
) -> Result<Result<Option<String>, E>, DecodeError> {
    Ok(match parse(function, response, errors)? {
        Err(e) => Err(e),
        Ok(SoapValue::Nil) => Ok(None),
        Ok(SoapValue::Text(ref t)) => match errors.documented(response.status, t) {
            Some(e) => Err(e),
            None => Ok(Some(t.trim().to_string())),
        },
        Ok(other) => {
            return Err(decode_error(
                response.status,
                function,
                format!("expected a string, found {}", other.to_json()),
                &response.body,
            ));
        }
    })
}

/// `OK` (or a void answer) is success; any other string is a failure.
pub(crate) fn decode_ok<E: ErrorTable>(
    function: &str,
    response: &Response,
    errors: &Classify<E>,
) -> Result<Result<(), E>, DecodeError> {
    Ok(match decode_text(function, response, errors)? {
        Err(e) => Err(e),
        Ok(Some(t)) if t == "OK" => Ok(()),
        // deleteQR's page shows `OK`; a void answer is accepted too **\[I\]**.
        Ok(None) => Ok(()),
        Ok(Some(t)) if t.is_empty() => Ok(()),
        Ok(Some(t)) => Err(errors.any(response.status, &t)),
    })
}

/// A list answer whose items carry errors in `error_field`.
pub(crate) fn decode_list<T: DeserializeOwned, E: ErrorTable>(
    function: &str,
    response: &Response,
    error_field: &str,
    errors: &Classify<E>,
) -> Result<Result<Vec<T>, E>, DecodeError> {
    let status = response.status;
    let items = match parse(function, response, errors)? {
        Err(e) => return Ok(Err(e)),
        Ok(SoapValue::Nil) => return Ok(Ok(Vec::new())),
        Ok(SoapValue::Text(ref t)) => {
            let t = t.trim();
            if t.is_empty() || t == NO_RECORD {
                return Ok(Ok(Vec::new()));
            }
            return Ok(Err(errors.any(status, t)));
        }
        Ok(mut array @ SoapValue::Array(_)) => array.take_items().unwrap_or_default(),
        Ok(one @ SoapValue::Struct(_)) => vec![one],
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(marker) = item.member(error_field).and_then(SoapValue::as_text) {
            let marker = marker.trim();
            if marker == NO_RECORD {
                return Ok(Ok(Vec::new()));
            }
            if let Some(e) = errors.documented(status, marker) {
                return Ok(Err(e));
            }
            let others_empty = match item {
                SoapValue::Struct(m) => m.iter().filter(|(k, _)| k != error_field).all(|(_, v)| {
                    matches!(v, SoapValue::Nil) || v.as_text().is_some_and(|t| t.trim().is_empty())
                }),
                _ => false,
            };
            if others_empty && !marker.is_empty() && looks_like_error_code(marker) {
                return Ok(Err(errors.any(status, marker)));
            }
        }
        let value = item.to_json();
        let decoded: T = serde_json::from_value(value).map_err(|e| {
            DecodeError::new(
                status,
                format!("Envelope/Body/Esws.{function}Response/return/item[{i}]"),
                e.to_string(),
                &response.body,
            )
        })?;
        out.push(decoded);
    }
    Ok(Ok(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_code_shape() {
        assert!(looks_like_error_code("SOME_NEW_ERROR"));
        assert!(looks_like_error_code("NO THING PROVIDED"));
        assert!(!looks_like_error_code("OK"));
        assert!(!looks_like_error_code("12345"));
        assert!(!looks_like_error_code("User saved"));
    }

    #[test]
    fn only_a_fault_is_an_esws_failure_body() {
        let fault = "<e:Envelope><e:Body><e:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>boom</faultstring></e:Fault></e:Body></e:Envelope>";
        let d = EswsErrorBody::parse(&Response::new(500, Default::default(), fault)).unwrap();
        assert_eq!(d.code.as_deref(), Some("SOAP-ENV:Server"));
        assert_eq!(d.message, "boom");
        for other in ["<html>502</html>", "", "{\"message\":\"x\"}"] {
            assert!(EswsErrorBody::parse(&Response::new(500, Default::default(), other)).is_none());
        }
    }
}

access_core::error_rows! {
    /// ESWS's general failures: the company key refused or missing, answered by
    /// every operation inside a 200 **\[V\]** D. Every operation's enum lists its own
    /// rows, then these.
    ($) pub(crate) macro esws_errors for crate::soap::error::EswsErrorBody {
        /// `ERROR_UNKNOWN_SECURITY_HASH`: the company key is not known.
        UnknownSecurityHash = (200, code "ERROR_UNKNOWN_SECURITY_HASH") => Auth,
        /// `ERROR_NO_SECURITY_HASH`: no company key was sent.
        NoSecurityHash = (200, code "ERROR_NO_SECURITY_HASH") => Auth,
    }
}
