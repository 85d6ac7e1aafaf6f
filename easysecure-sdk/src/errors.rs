//! The EasySecure error body and the per-endpoint error enums.
//!
//! Every failed REST call answers `{ "message": …, "url": …, "code": … }` **\[V P\]**,
//! where `code` repeats the HTTP status, sometimes as a string and sometimes as a
//! number **\[I\]**. The seed's error table lists, per endpoint, the statuses and
//! English messages the API documents; each row is one variant of that endpoint's
//! enum, built by one macro ([`service_errors!`](crate::service_errors)) so the
//! mapping is written once.
//!
//! The message text is matched exactly as the table writes it (case and surrounding
//! whitespace ignored) **and** on its status. Messages come in the language of the
//! client's `Accept-Language` (EN, NL, DE) **\[V P\]**; only the English texts are
//! documented, so with NL or DE most errors arrive as the `Unknown` variant, which
//! keeps the status and the translated text. Use [`Language::En`](crate::Language)
//! (the default) when you match on variants.

use std::fmt;

use access_core::http::Response;
use serde::Deserialize;

/// The body of every EasySecure error answer **\[V P\]**.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorBody {
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

impl ApiErrorBody {
    /// Reads an error body; `None` when the answer is not EasySecure's JSON shape
    /// (an HTML page from a proxy, an empty body).
    pub fn parse(response: &Response) -> Option<Self> {
        let body: Self = serde_json::from_slice(&response.body).ok()?;
        if body.message.trim().is_empty() && body.code.is_none() {
            return None;
        }
        Some(body)
    }

    /// The `code` as a number, when it is one.
    pub fn code_number(&self) -> Option<u16> {
        self.code.as_deref().and_then(|c| c.trim().parse().ok())
    }
}

/// Whether `received` is the documented `expected` message.
pub(crate) fn message_is(received: &str, expected: &str) -> bool {
    received.trim().eq_ignore_ascii_case(expected.trim())
}

/// An error message the table does not document, with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownError {
    /// The HTTP status.
    pub status: u16,
    /// The message as received (possibly in NL or DE).
    pub message: String,
}

impl fmt::Display for UnknownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (undocumented message)", self.message)
    }
}

/// Builds an endpoint's error enum from the rows of the seed's error table.
///
/// ```text
/// service_errors! {
///     /// Failures of `POST /admins/logout`.
///     pub enum LogoutError {
///         /// 500 "Can't revoke token from Firebase".
///         CannotRevokeToken = (500, "Can't revoke token from Firebase", Other),
///     }
/// }
/// ```
///
/// Each row becomes a unit variant; the enum also gets an `Unknown(UnknownError)`
/// variant, `ServiceError` (matching status and message), `Display` (the
/// documented message), `status()`, `message()` and `ROWS` (the table rows).
#[macro_export]
#[doc(hidden)]
macro_rules! service_errors {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = ($status:literal, $message:literal, $kind:ident)
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )*
            /// A message the error table does not document (or a translated one),
            /// with its status and text.
            Unknown($crate::errors::UnknownError),
        }

        impl $name {
            /// The rows of the seed's error table for this endpoint: status and message.
            pub const ROWS: &'static [(u16, &'static str)] = &[$(($status, $message)),*];

            /// The HTTP status this failure is documented with (or was received with).
            pub fn status(&self) -> u16 {
                match self {
                    $(Self::$variant => $status,)*
                    Self::Unknown(u) => u.status,
                }
            }

            /// The documented English message (or the text received).
            pub fn message(&self) -> &str {
                match self {
                    $(Self::$variant => $message,)*
                    Self::Unknown(u) => &u.message,
                }
            }

            /// Recognises a documented row from a status and a message.
            pub fn from_parts(status: u16, message: &str) -> Self {
                $(
                    if status == $status && $crate::errors::message_is(message, $message) {
                        return Self::$variant;
                    }
                )*
                Self::Unknown($crate::errors::UnknownError {
                    status,
                    message: message.to_string(),
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(Self::$variant => f.write_str($message),)*
                    Self::Unknown(u) => ::std::fmt::Display::fmt(u, f),
                }
            }
        }

        impl ::std::error::Error for $name {}

        impl ::access_core::ServiceError for $name {
            fn from_response(response: &::access_core::http::Response) -> Option<Self> {
                let body = $crate::errors::ApiErrorBody::parse(response)?;
                Some(Self::from_parts(response.status, &body.message))
            }

            fn kind(&self) -> ::access_core::ErrorKind {
                match self {
                    $(Self::$variant => ::access_core::ErrorKind::$kind,)*
                    Self::Unknown(u) => access_core::ErrorKind::from_status(u.status),
                }
            }
        }
    };
}

service_errors! {
    /// An endpoint for which the seed documents no error row (`/admins/getGroups`,
    /// `/users/sync`): every failure keeps its status and message.
    pub enum UndocumentedError {}
}
