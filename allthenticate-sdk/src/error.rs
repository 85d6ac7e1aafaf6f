//! The failure shape of every Allthenticate endpoint: [`AllthenticateErrorBody`].
//!
//! Allthenticate answers a failure with `{"error": "<message>"}` and a non-200
//! status (the quickstart names 400 and 500; the Resources page says "any
//! non-200") **\[V\]** quickstart, Resources page. No error codes or message
//! catalogue are published, so each endpoint's error enum (next to its request
//! type, built with [`access_core::error_enum!`]) classifies by status, plus a few
//! endpoint-specific rows recognised by a word in the message; those rows are
//! **\[I\]** and keep the vendor's text, so nothing is lost when the real wording
//! differs.
//!
//! The general rows every enum of this crate lists, in this order after its
//! endpoint-specific rows:
//!
//! | variant | status | kind |
//! |---|---|---|
//! | `Refused` | 400, 422 | `InvalidInput` |
//! | `Unauthorized` | 401, 403 | `Auth` |
//! | `NotFound` | 404 | `NotFound` |
//! | `Conflict` | 409 | `Conflict` |
//! | `RateLimited` | 429 | `RateLimited` |
//! | `Unavailable` | 502 to 504 | `Transient` |
//! | `Server` | 500, 501, 505 to 599 | `Other` |
//!
//! Any other status with an `{"error": ...}` body is the enum's `Unknown`. A body
//! that is not `{"error": ...}` (an HTML page from a proxy, an empty body, JSON of
//! another shape) is no Allthenticate failure: the transport reports
//! [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus).

use access_core::http::Response;
use access_core::{ErrorDetails, VendorErrorBody};

/// Reads Allthenticate's failure body, `{"error": "<message>"}` **\[V\]** quickstart.
///
/// The message is the `error` member's text; a non-text `error` value is kept as
/// its JSON text. Allthenticate sends no error code, so `code` is always `None`.
/// Anything without an `error` member answers `None`.
#[derive(Debug, Clone, Copy)]
pub struct AllthenticateErrorBody;

impl VendorErrorBody for AllthenticateErrorBody {
    fn parse(response: &Response) -> Option<ErrorDetails> {
        let value: serde_json::Value = serde_json::from_slice(&response.body).ok()?;
        let error = value.as_object()?.get("error")?;
        let message = match error {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => return None,
            other => other.to_string(),
        };
        Some(ErrorDetails::new(response.status, None, message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Option<ErrorDetails> {
        AllthenticateErrorBody::parse(&Response::new(status, Default::default(), body.to_string()))
    }

    #[test]
    fn only_the_vendor_shape_is_read() {
        let d = parse(400, r#"{"error": "emails is required"}"#).unwrap();
        assert_eq!(
            (d.status, d.code, d.message.as_str()),
            (400, None, "emails is required")
        );
        let d = parse(418, r#"{"error": {"detail": "teapot"}}"#).unwrap();
        assert_eq!(d.message, r#"{"detail":"teapot"}"#);
        assert!(parse(500, "<html>Bad gateway</html>").is_none());
        assert!(parse(500, "").is_none());
        assert!(parse(500, r#"{"message": "other shape"}"#).is_none());
        assert!(parse(500, r#"["error"]"#).is_none());
        assert!(parse(500, r#"{"error": null}"#).is_none());
    }
}

access_core::error_rows! {
    /// Allthenticate's general failures, by status (the quickstart: "400 or 500 on
    /// failure" **\[V\]**; the other statuses **\[I\]**): every endpoint enum lists its
    /// own rows, then these.
    ($) pub(crate) macro allthenticate_errors for crate::error::AllthenticateErrorBody {
        /// 400 or 422: the vendor refused the parameters **\[V\]** quickstart ("400 or 500 on failure").
        Refused = (400 | 422, any) => InvalidInput,
        /// 401 or 403: the API key is missing, wrong, expired, or lacks the
        /// privilege the endpoint needs **\[I\]**.
        Unauthorized = (401 | 403, any) => Auth,
        /// 404: the user, group or resource addressed does not exist **\[I\]**.
        NotFound = (404, any) => NotFound,
        /// 409: the request conflicts with the organisation's state **\[I\]**.
        Conflict = (409, any) => Conflict,
        /// 429: slow down **\[I\]** (no rate limits are documented).
        RateLimited = (429, any) => RateLimited,
        /// 502 to 504: the service or a gateway before it is unavailable; trying
        /// again later may help **\[I\]**.
        Unavailable = (502..=504, any) => Transient,
        /// Any other 5xx **\[V\]** quickstart ("400 or 500 on failure").
        Server = (500 | 501 | 505..=599, any) => Other,
    }
}
