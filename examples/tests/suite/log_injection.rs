//! Log injection (issue 16, class 10): what a server writes reaches an error's
//! `Display` (and so every log line that prints it) with every control
//! character escaped, in every crate, while the raw text stays readable through
//! `message()` and the `excerpt` field.
//!
//! Each vendor's failure body carries a message with CR/LF, a tab, an escape,
//! C1 and Unicode line/paragraph separators and bidi overrides; the answer goes
//! through `Error::from_failure` (the transport's one rule), then through
//! `erase()` (the vendor-neutral traits). The decode-error and unexpected-status
//! paths are checked alike.

use access_core::http::{HeaderMap, Response};
use access_core::{AnyError, Error, ServiceError, is_unsafe_for_logs};

/// A message that would forge a log line, reorder text or hide characters.
const HOSTILE: &str = "line1\r\nFAKE LOG LINE level=ERROR\tuser=admin\u{1b}[2K\u{85}\u{2028}next\u{2029}\u{202e}drowssap\u{2066}x\u{2069}\u{200f}";

/// One vendor API: its failure body carrying `message`, and what the error
/// of one of its endpoints makes of an answer.
struct Vendor {
    name: &'static str,
    body: fn(message: &str) -> String,
    check: fn(&Response) -> (String, Option<String>, String),
}

/// Display of the error, its `message()`, and Display of the erased error.
fn read<E: ServiceError>(r: &Response) -> (String, Option<String>, String) {
    let e = Error::<E>::from_failure(r);
    let display = e.to_string();
    let message = e.message().map(str::to_string);
    let erased: Error<AnyError> = e.erase();
    (display, message, erased.to_string())
}

fn json(v: serde_json::Value) -> String {
    v.to_string()
}

fn vendors() -> Vec<Vendor> {
    vec![
        Vendor {
            name: "EasySecure REST",
            body: |m| {
                json(serde_json::json!({"message": m, "url": "/admins/getGroups", "code": m}))
            },
            check: read::<easysecure_sdk::groups::GetGroupsError>,
        },
        Vendor {
            name: "EasySecure SOAP",
            body: |m| {
                format!(
                    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\
                     <SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>{m}</faultcode>\
                     <faultstring>{m}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body>\
                     </SOAP-ENV:Envelope>"
                )
            },
            check: read::<easysecure_sdk::soap::groups::GetGroupsError>,
        },
        Vendor {
            name: "iLOQ",
            body: |m| json(serde_json::json!({"Code": m, "Message": m})),
            check: read::<iloq_sdk::persons::ListPersonsError>,
        },
        Vendor {
            name: "Allthenticate",
            body: |m| json(serde_json::json!({"error": m})),
            check: read::<allthenticate_sdk::users::ListUsersError>,
        },
        Vendor {
            name: "EF-45",
            body: |m| json(serde_json::json!({"error_no": -9999, "error_message": m})),
            check: read::<ef45_sdk::users::ListUsersError>,
        },
    ]
}

fn assert_escaped(what: &str, text: &str) {
    assert!(
        !text.chars().any(is_unsafe_for_logs),
        "{what}: a control character reached Display: {text:?}"
    );
    assert!(
        !text.contains('\n') && !text.contains('\r'),
        "{what}: {text:?}"
    );
    assert!(
        text.contains("FAKE LOG LINE"),
        "{what}: the text was lost: {text:?}"
    );
}

#[test]
fn a_vendors_failure_text_is_escaped_in_display_and_raw_in_message() {
    for status in [400, 401, 404, 409, 500, 503] {
        for v in vendors() {
            let r = Response::new(status, HeaderMap::new(), (v.body)(HOSTILE));
            let (display, message, erased) = (v.check)(&r);
            let what = format!("{} HTTP {status}", v.name);
            assert_escaped(&what, &display);
            assert_escaped(&format!("{what} erased"), &erased);
            let message = message.unwrap_or_else(|| panic!("{what}: no message(): {display}"));
            assert!(
                message.contains("line1\r\nFAKE LOG LINE") && message.contains('\u{202e}'),
                "{what}: message() is not the raw text: {message:?}"
            );
        }
    }
}

#[test]
fn unexpected_bodies_and_decode_failures_are_escaped_and_kept_raw() {
    for v in vendors() {
        // Not the vendor's shape: UnexpectedStatus, excerpt raw, Display escaped.
        let r = Response::new(502, HeaderMap::new(), format!("<html>{HOSTILE}</html>"));
        let (display, message, erased) = (v.check)(&r);
        assert_eq!(message, None, "{}", v.name);
        assert_escaped(v.name, &display);
        assert_escaped(v.name, &erased);
    }
    let r = Response::new(502, HeaderMap::new(), HOSTILE);
    match Error::<AnyError>::from_failure(&r) {
        Error::UnexpectedStatus { excerpt, .. } => assert_eq!(excerpt, HOSTILE),
        other => panic!("{other}"),
    }
    // A decode failure quotes the server's key and value (serde's message, the
    // path, the excerpt).
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        id: u32,
    }
    for body in [
        serde_json::json!({ "id": HOSTILE }),
        serde_json::json!({ HOSTILE: 1 }),
        serde_json::json!([{ "id": HOSTILE }]),
    ] {
        let r = Response::new(200, HeaderMap::new(), body.to_string());
        let d = r.json::<Strict>().unwrap_err();
        assert!(
            d.message.contains("FAKE") || d.excerpt.contains("FAKE"),
            "{d:?}"
        );
        assert_escaped("decode error", &d.to_string());
        assert_escaped(
            "decode error",
            &Error::<AnyError>::Decode(d.clone()).to_string(),
        );
    }
}
