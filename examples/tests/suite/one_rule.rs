//! One rule for every vendor (docs/errors.md, "One rule for every vendor"): the
//! same HTTP status and the same body shape give the same `kind()` and
//! `is_retryable()` in all four crates, a body that is not the vendor's is
//! `Error::UnexpectedStatus` everywhere, and `code()`/`message()` read the
//! vendor's own words.
//!
//! Each row of the table is one answer; each column one vendor API, with that
//! vendor's failure body. The answer goes through `Error::from_failure`, the
//! function the shared transport calls on every non-success answer (the
//! per-crate suites drive the same answers through HTTP).

use access_core::http::{HeaderMap, Response};
use access_core::{Error, ErrorKind, ServiceError};

/// What a vendor's failure body looks like, with a code and a message.
struct Vendor {
    name: &'static str,
    /// The vendor's own failure body carrying `code` (where the vendor has codes)
    /// and `message`.
    body: fn(code: &str, message: &str) -> String,
    /// The code the vendor sends in `body`, as `code()` reads it back.
    code: Option<&'static str>,
    /// Classifies an answer as the chosen endpoint of this vendor would.
    classify: fn(&Response) -> Outcome,
}

/// What a failure became, in vendor-neutral terms.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    service: bool,
    kind: ErrorKind,
    retryable: bool,
    code: Option<String>,
    message: Option<String>,
}

fn outcome<E: ServiceError>(response: &Response) -> Outcome {
    let e = Error::<E>::from_failure(response);
    Outcome {
        service: matches!(e, Error::Service { .. }),
        kind: e.kind(),
        retryable: e.is_retryable(),
        code: e.code().map(str::to_string),
        message: e.message().map(str::to_string),
    }
}

fn vendors() -> Vec<Vendor> {
    vec![
        Vendor {
            name: "EasySecure REST (POST /admins/getGroups)",
            body: |code, message| {
                serde_json::json!({"message": message, "url": "/admins/getGroups", "code": code})
                    .to_string()
            },
            code: Some("CODE"),
            classify: outcome::<easysecure_sdk::groups::GetGroupsError>,
        },
        Vendor {
            name: "EasySecure SOAP (getGroups)",
            body: |code, message| {
                format!(
                    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\
                     <SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>{code}</faultcode>\
                     <faultstring>{message}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body>\
                     </SOAP-ENV:Envelope>"
                )
            },
            code: Some("CODE"),
            classify: outcome::<easysecure_sdk::soap::groups::GetGroupsError>,
        },
        Vendor {
            name: "iLOQ (GET /api/v2/Persons)",
            body: |code, message| serde_json::json!({"Code": code, "Message": message}).to_string(),
            code: Some("CODE"),
            classify: outcome::<iloq_sdk::persons::ListPersonsError>,
        },
        Vendor {
            name: "Allthenticate (GET /multipleusers)",
            body: |_, message| serde_json::json!({"error": message}).to_string(),
            code: None,
            classify: outcome::<allthenticate_sdk::users::ListUsersError>,
        },
        Vendor {
            name: "EF-45 (GET /user)",
            body: |code, message| {
                serde_json::json!({"error_no": code.parse::<i64>().unwrap_or(-9999), "error_message": message})
                    .to_string()
            },
            code: Some("-9999"),
            classify: outcome::<ef45_sdk::users::ListUsersError>,
        },
    ]
}

fn answer(status: u16, body: String) -> Response {
    Response::new(status, HeaderMap::new(), body)
}

/// A vendor body with a code no table documents (EF-45 codes are numbers).
fn vendor_body(v: &Vendor, status: u16) -> Response {
    let code = if v.code == Some("-9999") {
        "-9999"
    } else {
        "CODE"
    };
    answer(status, (v.body)(code, "Database on fire"))
}

/// (status, kind, retryable) of an undocumented failure in the vendor's own shape.
const IN_THE_VENDORS_SHAPE: &[(u16, ErrorKind, bool)] = &[
    (400, ErrorKind::InvalidInput, false),
    (401, ErrorKind::Auth, false),
    (403, ErrorKind::Auth, false),
    (404, ErrorKind::NotFound, false),
    (409, ErrorKind::Conflict, false),
    (422, ErrorKind::InvalidInput, false),
    (429, ErrorKind::RateLimited, true),
    (500, ErrorKind::Other, false),
    (501, ErrorKind::Other, false),
    (502, ErrorKind::Transient, true),
    (503, ErrorKind::Transient, true),
    (504, ErrorKind::Transient, true),
];

#[test]
fn the_same_status_in_the_vendors_shape_is_the_same_kind_everywhere() {
    for &(status, kind, retryable) in IN_THE_VENDORS_SHAPE {
        for v in vendors() {
            let got = (v.classify)(&vendor_body(&v, status));
            let want = Outcome {
                service: true,
                kind,
                retryable,
                code: v.code.map(str::to_string),
                message: Some("Database on fire".to_string()),
            };
            assert_eq!(got, want, "{} answering HTTP {status}", v.name);
        }
    }
}

#[test]
fn a_body_that_is_not_the_vendors_is_unexpected_status_everywhere() {
    let foreign: &[(&str, &str)] = &[
        (
            "an HTML proxy page",
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
        ),
        ("an empty body", ""),
        ("plain text", "Internal Server Error"),
        (
            "JSON of another shape",
            r#"{"detail": "upstream timed out"}"#,
        ),
        ("a JSON list", "[1, 2, 3]"),
    ];
    for &(status, kind, retryable) in IN_THE_VENDORS_SHAPE {
        for (what, body) in foreign {
            for v in vendors() {
                let got = (v.classify)(&answer(status, body.to_string()));
                let want = Outcome {
                    service: false,
                    kind,
                    retryable,
                    code: None,
                    message: None,
                };
                assert_eq!(got, want, "{} answering HTTP {status} with {what}", v.name);
            }
        }
    }
}

#[test]
fn an_http_500_is_other_and_not_retryable_in_all_four_crates() {
    // The headline of the rule, spelled out: the vendor's body and an HTML page.
    for v in vendors() {
        let vendor = (v.classify)(&vendor_body(&v, 500));
        let html = (v.classify)(&answer(500, "<html>oops</html>".into()));
        assert_eq!(
            (vendor.kind, vendor.retryable),
            (ErrorKind::Other, false),
            "{}",
            v.name
        );
        assert_eq!(
            (html.kind, html.retryable),
            (vendor.kind, vendor.retryable),
            "{}",
            v.name
        );
        assert!(vendor.service && !html.service, "{}", v.name);
    }
}
