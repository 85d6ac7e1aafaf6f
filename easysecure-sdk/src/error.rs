//! EasySecure's error body, read for every endpoint's error enum.
//!
//! Every failed REST call answers `{ "message": …, "url": …, "code": … }` **\[V\]** P,
//! where `code` repeats the HTTP status, sometimes as a string and sometimes as a
//! number **\[I\]**. [`EasySecureErrorBody`] reads it; each endpoint's enum (built
//! with `access_core::error_enum!` next to the endpoint) lists the rows of the
//! seed's error table for that endpoint.
//!
//! A row matches on its status **and** its message, as the table writes it (case
//! and surrounding whitespace ignored). Messages come in the language of the
//! client's `Accept-Language` (EN, NL, DE) **\[V\]** P; only the English texts are
//! documented, so with NL or DE most errors arrive as the `Unknown` variant, which
//! keeps the status, code and translated text. Use
//! [`Language::En`](crate::model::Language) (the default) when you match on
//! variants. A body of another shape (an HTML page from a proxy, an empty body)
//! is no EasySecure error: the call fails with `Error::UnexpectedStatus`.

use access_core::http::Response;
use access_core::{ErrorDetails, VendorErrorBody};
use serde::Deserialize;

/// The body of every EasySecure error answer **\[V\]** P.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct EasySecureErrorBody {
    /// The message, in the language asked for with `Accept-Language`.
    #[serde(default)]
    pub message: String,
    /// The endpoint that failed, as the server names it.
    #[serde(default)]
    pub url: Option<String>,
    /// The HTTP status repeated; the docs show it quoted, servers may send a
    /// number: both are accepted **\[I\]**.
    #[serde(default, deserialize_with = "crate::model::de::opt_string_or_number")]
    pub code: Option<String>,
}

impl EasySecureErrorBody {
    /// Reads an error body; `None` when the answer is not EasySecure's JSON shape
    /// (an HTML page from a proxy, an empty body, JSON without `message` or `code`).
    pub fn read(response: &Response) -> Option<Self> {
        let body: Self = serde_json::from_slice(&response.body).ok()?;
        if body.message.trim().is_empty() && body.code.is_none() {
            return None;
        }
        Some(body)
    }

    /// The `code` as sent (text or number, as text).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The `code` as a number, when it is one.
    pub fn code_number(&self) -> Option<u16> {
        self.code.as_deref().and_then(|c| c.trim().parse().ok())
    }
}

impl VendorErrorBody for EasySecureErrorBody {
    fn parse(response: &Response) -> Option<ErrorDetails> {
        let body = Self::read(response)?;
        Some(ErrorDetails::new(response.status, body.code, body.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use access_core::http::HeaderMap;

    fn parse(status: u16, body: &str) -> Option<ErrorDetails> {
        <EasySecureErrorBody as VendorErrorBody>::parse(&Response::new(
            status,
            HeaderMap::new(),
            body.to_string(),
        ))
    }

    #[test]
    fn reads_the_vendor_shape_only() {
        let d = parse(
            404,
            r#"{"message":"User not found","url":"/admins/sync","code":404}"#,
        )
        .unwrap();
        assert_eq!(d.code.as_deref(), Some("404"));
        assert_eq!(d.message, "User not found");
        let d = parse(500, r#"{"message":"x","code":"500"}"#).unwrap();
        assert_eq!(d.code.as_deref(), Some("500"));
        assert!(parse(500, "<html>Bad gateway</html>").is_none());
        assert!(parse(500, "").is_none());
        assert!(parse(500, r#"{"error":"other shape"}"#).is_none());
        assert!(parse(500, "[1,2]").is_none());
    }
}
