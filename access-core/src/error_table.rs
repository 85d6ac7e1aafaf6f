//! The one mechanism every vendor crate builds its per-endpoint error enums with.
//!
//! A vendor documents its failures as rows: an HTTP status and a code or a
//! message (EasySecure's error table, iLOQ's `Code`/`Message` answers, EF-45's
//! device codes, Allthenticate's `{"error": ...}` texts). [`error_enum!`](crate::error_enum)
//! turns one endpoint's rows into one `#[non_exhaustive]` enum: a variant per
//! row, each with its [`ErrorKind`](crate::ErrorKind), plus one
//! `Unknown { status, code, message }` for everything the table does not name.
//! Every variant keeps the vendor's own status, code and text, readable through
//! [`ServiceError::code`](crate::ServiceError::code) and
//! [`ServiceError::message`](crate::ServiceError::message).
//!
//! How a failure body is read is the vendor's ([`VendorErrorBody`](crate::VendorErrorBody));
//! how it is classified is the same everywhere: the first row whose status
//! pattern and matcher fit wins; otherwise `Unknown`, whose kind is
//! [`ErrorKind::from_status`](crate::ErrorKind::from_status). A body the vendor
//! parser does not recognise never reaches the enum: the transport reports
//! `Error::UnexpectedStatus`.

use crate::error::ErrorDetails;

/// How a row recognises the vendor's failure besides its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Matcher {
    /// Any failure with the row's status.
    Any,
    /// The message equals this text (surrounding white space and ASCII case ignored).
    Message(&'static str),
    /// The message contains this text (ASCII case ignored).
    Contains(&'static str),
    /// The vendor's code equals this text (surrounding white space and ASCII case ignored).
    Code(&'static str),
}

impl Matcher {
    /// Whether `details` fits this matcher.
    pub fn matches(&self, details: &ErrorDetails) -> bool {
        match self {
            Matcher::Any => true,
            Matcher::Message(text) => details.message.trim().eq_ignore_ascii_case(text.trim()),
            Matcher::Contains(text) => contains_ignore_ascii_case(&details.message, text),
            Matcher::Code(code) => details
                .code
                .as_deref()
                .is_some_and(|c| c.trim().eq_ignore_ascii_case(code.trim())),
        }
    }

    /// The text this matcher compares with (`""` for [`Matcher::Any`]).
    pub fn text(&self) -> &'static str {
        match self {
            Matcher::Any => "",
            Matcher::Message(t) | Matcher::Contains(t) | Matcher::Code(t) => t,
        }
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// One documented row of an endpoint's error enum, as
/// [`error_enum!`](crate::error_enum) lists them in the enum's `ROWS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorRow {
    /// The variant's name.
    pub variant: &'static str,
    /// The status pattern as written in the table (`404`, `400 | 422`, `500..=599`, `_`).
    pub status: &'static str,
    /// The matchers; the row fits when any of them does.
    pub matchers: &'static [Matcher],
    /// The class of the failure.
    pub kind: crate::ErrorKind,
}

impl ErrorRow {
    /// A row (used by [`error_enum!`](crate::error_enum)).
    pub const fn new(
        variant: &'static str,
        status: &'static str,
        matchers: &'static [Matcher],
        kind: crate::ErrorKind,
    ) -> Self {
        Self {
            variant,
            status,
            matchers,
            kind,
        }
    }

    /// The status as a number, when the row names exactly one.
    pub fn status_code(&self) -> Option<u16> {
        self.status.trim().parse().ok()
    }

    /// The first matcher's text: the documented message, fragment or code.
    pub fn text(&self) -> &'static str {
        self.matchers.first().map(Matcher::text).unwrap_or("")
    }
}

/// What every enum built by [`error_enum!`](crate::error_enum) offers, for
/// code that handles any of them (a flow reporting one call's failure as
/// another's, a decoder that classifies an error text found inside a success).
pub trait ErrorTable: crate::ServiceError + Sized {
    /// The documented rows, in the order they are tried.
    const ROWS: &'static [ErrorRow];

    /// Classifies the vendor's failure: the first documented row that fits,
    /// otherwise `Unknown`.
    fn from_details(details: ErrorDetails) -> Self;

    /// The vendor's status, code and text of this failure.
    fn details(&self) -> ErrorDetails;

    /// Whether a documented row matched (not `Unknown`).
    fn is_documented(&self) -> bool;
}

/// Builds an endpoint's error enum from its documented rows.
///
/// ```
/// use access_core::http::Response;
/// use access_core::{ErrorDetails, ErrorKind, ServiceError, VendorErrorBody};
///
/// /// The vendor answers failures as `{"message": ...}`.
/// struct Body;
/// impl VendorErrorBody for Body {
///     fn parse(r: &Response) -> Option<ErrorDetails> {
///         let v: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
///         let message = v.get("message")?.as_str()?;
///         Some(ErrorDetails::new(r.status, None, message))
///     }
/// }
///
/// access_core::error_enum! {
///     /// Failures of `POST /admins/login`.
///     pub enum LoginError for Body {
///         /// 404 "Invalid Login Credentials".
///         InvalidLoginCredentials = (404, message "Invalid Login Credentials") => Auth,
///         /// Any 5xx whose text mentions Firebase.
///         Firebase = (500..=599, contains "firebase") => Other,
///     }
/// }
///
/// let r = Response::new(404, Default::default(), r#"{"message":"Invalid Login Credentials"}"#);
/// let e = LoginError::from_response(&r).unwrap();
/// assert!(matches!(e, LoginError::InvalidLoginCredentials { .. }));
/// assert_eq!(e.kind(), ErrorKind::Auth);
/// assert_eq!(ServiceError::message(&e), Some("Invalid Login Credentials"));
///
/// let r = Response::new(418, Default::default(), r#"{"message":"teapot"}"#);
/// let e = LoginError::from_response(&r).unwrap();
/// assert!(matches!(e, LoginError::Unknown { status: 418, .. }));
/// assert_eq!(LoginError::ROWS.len(), 2);
///
/// // A body that is not the vendor's is no vendor error at all.
/// let html = Response::new(500, Default::default(), "<html>proxy</html>");
/// assert!(LoginError::from_response(&html).is_none());
/// ```
///
/// Rows are `Variant = (status pattern, matcher) => Kind`, where the matcher is
/// `any` (the status alone), `message "text"` (equal), `contains "text"`, or
/// `code "X"`, several joined by `|`. The first fitting row wins. Every variant
/// holds `status`, `code` and `message` as received; `Unknown` holds any other
/// failure, classified by [`ErrorKind::from_status`](crate::ErrorKind::from_status).
/// The enum gets `Debug`, `Clone`, `PartialEq`, `Eq`, `Display` (the vendor's
/// code and text), `std::error::Error`, [`ServiceError`](crate::ServiceError),
/// [`ErrorTable`], and the inherent `ROWS`, `from_details`, `details`, `status`,
/// `code` and `message`.
#[macro_export]
macro_rules! error_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $body:path {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = ($status:pat, $($how:ident $($text:literal)?)|+) => $kind:ident
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant {
                    /// The HTTP status of the answer.
                    status: u16,
                    /// The vendor's error code, if it sent one.
                    code: ::core::option::Option<::std::string::String>,
                    /// The vendor's message.
                    message: ::std::string::String,
                },
            )*
            /// A failure the vendor does not document for this endpoint; its
            /// status, code and text are kept.
            Unknown {
                /// The HTTP status of the answer.
                status: u16,
                /// The vendor's error code, if it sent one.
                code: ::core::option::Option<::std::string::String>,
                /// The vendor's message.
                message: ::std::string::String,
            },
        }

        impl $name {
            /// The documented rows, in the order they are tried.
            pub const ROWS: &'static [$crate::error_table::ErrorRow] = &[
                $(
                    $crate::error_table::ErrorRow::new(
                        ::core::stringify!($variant),
                        ::core::stringify!($status),
                        &[$($crate::__error_matcher!($how $($text)?)),+],
                        $crate::ErrorKind::$kind,
                    ),
                )*
            ];

            /// Classifies the vendor's failure: the first documented row that
            /// fits, otherwise `Unknown`.
            #[allow(unreachable_patterns, clippy::match_single_binding, clippy::redundant_pattern_matching)]
            pub fn from_details(details: $crate::ErrorDetails) -> Self {
                $(
                    if ::core::matches!(details.status, $status)
                        && [$($crate::__error_matcher!($how $($text)?)),+]
                            .iter()
                            .any(|m| m.matches(&details))
                    {
                        let $crate::ErrorDetails { status, code, message, .. } = details;
                        return Self::$variant { status, code, message };
                    }
                )*
                let $crate::ErrorDetails { status, code, message, .. } = details;
                Self::Unknown { status, code, message }
            }

            /// The vendor's status, code and text of this failure.
            pub fn details(&self) -> $crate::ErrorDetails {
                $crate::ErrorDetails::new(self.status(), self.code().map(::std::string::ToString::to_string), self.message())
            }

            /// The HTTP status of the answer.
            pub fn status(&self) -> u16 {
                match self {
                    $( Self::$variant { status, .. } )|* | Self::Unknown { status, .. } => *status,
                }
            }

            /// The vendor's error code, if it sent one (an empty or blank code
            /// is none, as in [`ErrorDetails::new`]($crate::ErrorDetails::new)).
            pub fn code(&self) -> ::core::option::Option<&str> {
                match self {
                    $( Self::$variant { code, .. } )|* | Self::Unknown { code, .. } => {
                        code.as_deref().filter(|c| !c.trim().is_empty())
                    }
                }
            }

            /// The vendor's message.
            pub fn message(&self) -> &str {
                match self {
                    $( Self::$variant { message, .. } )|* | Self::Unknown { message, .. } => message,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                // The code and text are the server's: escaped, so that they can
                // never start a line of their own in a log (the raw text stays
                // readable through `message()`). Each part is written once: no
                // empty code, no code repeated as the text, no dangling ": ".
                let message = self.message().trim();
                match self.code().map(str::trim) {
                    ::core::option::Option::Some(code) if !message.is_empty() && code != message => {
                        ::core::write!(
                            f,
                            "{}: {}",
                            $crate::Escaped(code),
                            $crate::Escaped(message)
                        )?
                    }
                    ::core::option::Option::Some(code) => {
                        ::core::write!(f, "{}", $crate::Escaped(code))?
                    }
                    ::core::option::Option::None if message.is_empty() => {
                        f.write_str("no error text")?
                    }
                    ::core::option::Option::None => {
                        ::core::write!(f, "{}", $crate::Escaped(message))?
                    }
                }
                if ::core::matches!(self, Self::Unknown { .. }) {
                    f.write_str(" (undocumented)")?;
                }
                ::core::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for $name {}

        impl $crate::error_table::ErrorTable for $name {
            const ROWS: &'static [$crate::error_table::ErrorRow] = $name::ROWS;

            fn from_details(details: $crate::ErrorDetails) -> Self {
                $name::from_details(details)
            }

            fn details(&self) -> $crate::ErrorDetails {
                $name::details(self)
            }

            fn is_documented(&self) -> bool {
                !::core::matches!(self, Self::Unknown { .. })
            }
        }

        impl $crate::ServiceError for $name {
            fn from_response(response: &$crate::http::Response) -> ::core::option::Option<Self> {
                <$body as $crate::VendorErrorBody>::parse(response).map(Self::from_details)
            }

            fn kind(&self) -> $crate::ErrorKind {
                match self {
                    $( Self::$variant { .. } => $crate::ErrorKind::$kind, )*
                    Self::Unknown { status, .. } => $crate::ErrorKind::from_status(*status),
                }
            }

            fn code(&self) -> ::core::option::Option<&str> {
                $name::code(self)
            }

            fn message(&self) -> ::core::option::Option<&str> {
                ::core::option::Option::Some($name::message(self))
            }

            fn clean_server_text(&mut self, clean: &mut dyn ::core::ops::FnMut(&mut ::std::string::String)) {
                match self {
                    $( Self::$variant { code, message, .. } )|* | Self::Unknown { code, message, .. } => {
                        if let ::core::option::Option::Some(code) = code {
                            clean(code);
                        }
                        clean(message);
                    }
                }
            }
        }
    };
}

/// Declares a vendor's general failures once, as a macro that builds an
/// endpoint's enum with [`error_enum!`](crate::error_enum): the endpoint's own
/// rows first, then the general rows, read by the vendor's body parser.
///
/// Many vendors document most failures for the whole API, not per endpoint
/// (iLOQ's `ValidationFailed`, the EF-45's device codes, Allthenticate's statuses).
/// Each endpoint still gets its own enum, so a row documented later for one
/// endpoint changes only that endpoint's type; the general rows are written once,
/// so a fix to them reaches every enum.
///
/// The declaration names the vendor's body parser by an absolute path
/// (`crate::error::...`: the generated macro is used in other modules) and
/// carries `($)`, the dollar sign the generated macro needs (a stable-Rust idiom
/// for macros that define macros). The endpoint's own rows end with a comma.
///
/// ```
/// use access_core::http::Response;
/// use access_core::{ErrorDetails, ErrorKind, ServiceError, VendorErrorBody};
///
/// /// `{"error": "..."}`.
/// pub struct Body;
/// impl VendorErrorBody for Body {
///     fn parse(r: &Response) -> Option<ErrorDetails> {
///         let v: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
///         Some(ErrorDetails::new(r.status, None, v.get("error")?.as_str()?))
///     }
/// }
///
/// access_core::error_rows! {
///     /// The vendor's general failures.
///     ($) macro vendor_errors for Body {
///         /// 400: the parameters were refused.
///         Refused = (400, any) => InvalidInput,
///         /// 404: nothing with that id.
///         NotFound = (404, any) => NotFound,
///     }
/// }
///
/// vendor_errors! {
///     /// Failures of `POST /doors/{id}/unlock`.
///     pub enum UnlockError {
///         /// The door is offline.
///         Offline = (409, contains "offline") => Device,
///     }
/// }
///
/// let r = Response::new(404, Default::default(), r#"{"error":"no door 7"}"#);
/// assert!(matches!(UnlockError::from_response(&r), Some(UnlockError::NotFound { .. })));
/// let r = Response::new(409, Default::default(), r#"{"error":"door offline"}"#);
/// assert_eq!(UnlockError::from_response(&r).unwrap().kind(), ErrorKind::Device);
/// assert_eq!(UnlockError::ROWS.len(), 3);
/// ```
#[macro_export]
macro_rules! error_rows {
    (
        $(#[$meta:meta])* ($d:tt) $vis:vis macro $name:ident for $body:path {
            $($rows:tt)*
        }
    ) => {
        $(#[$meta])*
        macro_rules! $name {
            (
                $d(#[$d m:meta])*
                $d v:vis enum $d n:ident { $d($d own:tt)* }
            ) => {
                $crate::error_enum! {
                    $d(#[$d m])*
                    $d v enum $d n for $body { $d($d own)* $($rows)* }
                }
            };
        }
        #[allow(unused_imports)]
        $vis use $name;
    };
}

/// One matcher of an [`error_enum!`](crate::error_enum) row.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_matcher {
    (any) => {
        $crate::error_table::Matcher::Any
    };
    (message $text:literal) => {
        $crate::error_table::Matcher::Message($text)
    };
    (contains $text:literal) => {
        $crate::error_table::Matcher::Contains($text)
    };
    (code $text:literal) => {
        $crate::error_table::Matcher::Code($text)
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::ServiceError;
    use crate::http::Response;

    struct Body;
    impl crate::VendorErrorBody for Body {
        fn parse(r: &Response) -> Option<ErrorDetails> {
            let v: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
            let message = v.get("Message")?.as_str()?.to_string();
            let code = v.get("Code").and_then(|c| c.as_str()).map(str::to_string);
            Some(ErrorDetails::new(r.status, code, message))
        }
    }

    crate::error_enum! {
        /// Test rows.
        pub enum Sample for Body {
            /// By code.
            Unauthorized = (_, code "Unauthorized") => Auth,
            /// By fragment, two statuses.
            Invalid = (400 | 422, contains "invalid value") => InvalidInput,
            /// By exact message or another code.
            Gone = (404, message "Gone" | code "E404") => NotFound,
        }
    }

    fn answer(status: u16, body: &str) -> Option<Sample> {
        Sample::from_response(&Response::new(status, Default::default(), body.to_string()))
    }

    #[test]
    fn rows_are_matched_by_status_and_code_or_text() {
        let e = answer(403, r#"{"Code":"unauthorized","Message":"no"}"#).unwrap();
        assert!(matches!(e, Sample::Unauthorized { status: 403, .. }));
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert_eq!(ServiceError::code(&e), Some("unauthorized"));
        let e = answer(422, r#"{"Message":"An Invalid Value (x)"}"#).unwrap();
        assert!(matches!(e, Sample::Invalid { .. }));
        assert!(matches!(
            answer(404, r#"{"Message":" gone "}"#),
            Some(Sample::Gone { .. })
        ));
        assert!(matches!(
            answer(404, r#"{"Code":"E404","Message":"x"}"#),
            Some(Sample::Gone { .. })
        ));
        // Wrong status for the row: Unknown, classified by status.
        let e = answer(500, r#"{"Message":"Gone"}"#).unwrap();
        assert!(matches!(e, Sample::Unknown { status: 500, .. }));
        assert_eq!(e.kind(), ErrorKind::Other);
        assert_eq!(e.to_string(), "Gone (undocumented)");
        let e: crate::Error<Sample> = crate::Error::Service {
            status: 500,
            error: e,
        };
        assert_eq!(e.to_string(), "HTTP 500: Gone (undocumented)");
        assert!(answer(500, "<html>").is_none());
    }

    #[test]
    fn rows_are_listed() {
        assert_eq!(Sample::ROWS.len(), 3);
        assert_eq!(Sample::ROWS[2].status_code(), Some(404));
        assert_eq!(Sample::ROWS[2].text(), "Gone");
        assert_eq!(Sample::ROWS[1].status_code(), None);
        assert_eq!(Sample::ROWS[0].kind, ErrorKind::Auth);
    }

    /// Issue 20: "HTTP 500: : injected 500 (HTTP 500)". Every part of a
    /// failure reads once, whatever the vendor left empty.
    #[test]
    fn every_failure_text_reads_once() {
        let unknown = |code: Option<&str>, message: &str| Sample::Unknown {
            status: 500,
            code: code.map(str::to_string),
            message: message.to_string(),
        };
        let gone = |code: Option<&str>, message: &str| Sample::Gone {
            status: 404,
            code: code.map(str::to_string),
            message: message.to_string(),
        };
        let cases = [
            // (the error, its Display, the Display of Error::Service around it)
            (
                unknown(None, "injected 500"),
                "injected 500 (undocumented)",
                "HTTP 500: injected 500 (undocumented)",
            ),
            (
                unknown(Some(""), "injected 500"),
                "injected 500 (undocumented)",
                "HTTP 500: injected 500 (undocumented)",
            ),
            (
                unknown(Some("  "), "injected 500"),
                "injected 500 (undocumented)",
                "HTTP 500: injected 500 (undocumented)",
            ),
            (
                unknown(Some("E1"), "injected 500"),
                "E1: injected 500 (undocumented)",
                "HTTP 500: E1: injected 500 (undocumented)",
            ),
            (
                unknown(Some("E1"), ""),
                "E1 (undocumented)",
                "HTTP 500: E1 (undocumented)",
            ),
            (
                unknown(Some("E1"), " E1 "),
                "E1 (undocumented)",
                "HTTP 500: E1 (undocumented)",
            ),
            (
                unknown(None, ""),
                "no error text (undocumented)",
                "HTTP 500: no error text (undocumented)",
            ),
            (
                unknown(Some(""), "  "),
                "no error text (undocumented)",
                "HTTP 500: no error text (undocumented)",
            ),
            (gone(None, "Gone"), "Gone", "HTTP 404: Gone"),
            (gone(Some(""), "Gone"), "Gone", "HTTP 404: Gone"),
            (
                gone(Some("E404"), "Gone"),
                "E404: Gone",
                "HTTP 404: E404: Gone",
            ),
            (gone(Some("E404"), ""), "E404", "HTTP 404: E404"),
        ];
        for (error, display, service) in cases {
            assert_eq!(error.to_string(), display, "{error:?}");
            let blank_code = error.code().is_none();
            let status = error.status();
            let e: crate::Error<Sample> = crate::Error::Service { status, error };
            let text = e.to_string();
            assert_eq!(text, service);
            assert_eq!(text.matches("HTTP").count(), 1, "{text}");
            assert!(
                !text.contains(": :") && !text.contains("::") && !text.ends_with(": "),
                "{text}"
            );
            if blank_code {
                assert_eq!(e.code(), None, "{text}");
            }
        }
    }

    /// A hand-written error that already names the status is not given it again.
    #[test]
    fn a_status_already_in_the_text_is_not_repeated() {
        #[derive(Debug)]
        struct Own(&'static str);
        impl std::fmt::Display for Own {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.0)
            }
        }
        impl std::error::Error for Own {}
        impl ServiceError for Own {
            fn from_response(_: &Response) -> Option<Self> {
                None
            }
            fn kind(&self) -> ErrorKind {
                ErrorKind::Other
            }
        }
        for (own, want) in [
            ("HTTP 500: injected 500", "HTTP 500: injected 500"),
            ("injected 500 (HTTP 500)", "HTTP 500: injected 500"),
            (": injected 500 (HTTP 500)", "HTTP 500: injected 500"),
            ("HTTP 500", "HTTP 500"),
            ("", "HTTP 500"),
            ("HTTP 5000 things", "HTTP 500: HTTP 5000 things"),
            ("HTTP 503: busy", "HTTP 500: HTTP 503: busy"),
        ] {
            let e = crate::Error::Service {
                status: 500,
                error: Own(own),
            };
            assert_eq!(e.to_string(), want, "{own:?}");
        }
    }

    #[test]
    fn details_round_trip() {
        let d = ErrorDetails::new(404, Some("E404".into()), "x");
        let e = Sample::from_details(d.clone());
        assert_eq!(e.details(), d);
        assert_eq!(e.status(), 404);
        assert_eq!(ErrorDetails::new(1, Some("  ".into()), "m").code, None);
    }
}
