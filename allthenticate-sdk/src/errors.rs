//! The documented failure shape of every Allthenticate endpoint, and the macro
//! that builds each endpoint's error enum from it.
//!
//! Allthenticate answers a failure with `{"error": "<message>"}` and a non-200
//! status (the quickstart names 400 and 500; the Resources page says "any
//! non-200") \[V\]. No error codes or message catalogue are published, so each
//! endpoint's enum classifies by status, plus a few endpoint-specific rows
//! recognised by a word in the message; those rows are \[I\] and keep the
//! vendor's text, so nothing is lost when the real wording differs.

use access_core::http::Response;

/// The vendor's failure message from a `{"error": ...}` body, if the body has that shape.
pub(crate) fn error_message(response: &Response) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(&response.body).ok()?;
    let error = value.as_object()?.get("error")?;
    Some(match error {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// Builds an endpoint's error enum: the endpoint-specific rows given (variant,
/// status pattern, lower-case word in the message, kind), then the rows every
/// endpoint shares (by status), then `Other`, which keeps status and message.
macro_rules! endpoint_error {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident => ($status:pat, $needle:literal, $kind:expr)
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        /// Built from `{"error": "<message>"}` answers with a non-200 status. The
        /// message is the vendor's own text, kept verbatim.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[error("{message}")]
                $variant {
                    /// The HTTP status.
                    status: u16,
                    /// The vendor's message.
                    message: String,
                },
            )*
            /// 400 (or 422): the vendor refused the parameters \[V: "400 or 500 on failure"\].
            #[error("request refused: {message}")]
            Refused {
                /// The vendor's message.
                message: String,
            },
            /// 401 or 403: the API key is missing, wrong, expired, or lacks the
            /// privilege the endpoint needs \[I\].
            #[error("API key refused: {message}")]
            Unauthorized {
                /// The HTTP status.
                status: u16,
                /// The vendor's message.
                message: String,
            },
            /// 404: the user, group or resource addressed does not exist \[I\].
            #[error("not found: {message}")]
            NotFound {
                /// The vendor's message.
                message: String,
            },
            /// 409: the request conflicts with the organisation's state \[I\].
            #[error("conflict: {message}")]
            Conflict {
                /// The vendor's message.
                message: String,
            },
            /// 429: slow down \[I\] (no rate limits are documented).
            #[error("rate limited: {message}")]
            RateLimited {
                /// The vendor's message.
                message: String,
            },
            /// 5xx with an `{"error": ...}` body \[V: "400 or 500 on failure"\].
            #[error("server error: {message}")]
            Server {
                /// The HTTP status.
                status: u16,
                /// The vendor's message.
                message: String,
            },
            /// Any other status with an `{"error": ...}` body.
            #[error("{message} (HTTP {status})")]
            Other {
                /// The HTTP status.
                status: u16,
                /// The vendor's message.
                message: String,
            },
        }

        impl $name {
            /// The vendor's message.
            pub fn message(&self) -> &str {
                match self {
                    $( $name::$variant { message, .. } => message, )*
                    $name::Refused { message }
                    | $name::NotFound { message }
                    | $name::Conflict { message }
                    | $name::RateLimited { message }
                    | $name::Unauthorized { message, .. }
                    | $name::Server { message, .. }
                    | $name::Other { message, .. } => message,
                }
            }
        }

        impl access_core::ServiceError for $name {
            fn from_response(response: &access_core::http::Response) -> Option<Self> {
                let message = $crate::errors::error_message(response)?;
                let status = response.status;
                #[allow(unused_variables)]
                let lower = message.to_lowercase();
                $(
                    #[allow(clippy::redundant_pattern_matching)]
                    if matches!(status, $status) && lower.contains($needle) {
                        return Some($name::$variant { status, message });
                    }
                )*
                Some(match status {
                    400 | 422 => $name::Refused { message },
                    401 | 403 => $name::Unauthorized { status, message },
                    404 => $name::NotFound { message },
                    409 => $name::Conflict { message },
                    429 => $name::RateLimited { message },
                    500..=599 => $name::Server { status, message },
                    _ => $name::Other { status, message },
                })
            }

            fn kind(&self) -> access_core::ErrorKind {
                match self {
                    $( $name::$variant { .. } => $kind, )*
                    $name::Refused { .. } => access_core::ErrorKind::InvalidInput,
                    $name::Unauthorized { .. } => access_core::ErrorKind::Auth,
                    $name::NotFound { .. } => access_core::ErrorKind::NotFound,
                    $name::Conflict { .. } => access_core::ErrorKind::Conflict,
                    $name::RateLimited { .. } => access_core::ErrorKind::RateLimited,
                    $name::Server { status, .. } | $name::Other { status, .. } => {
                        access_core::ErrorKind::from_status(*status)
                    }
                }
            }
        }
    };
}

pub(crate) use endpoint_error;
