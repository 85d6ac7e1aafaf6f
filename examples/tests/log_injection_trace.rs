//! Log injection (issue 16, class 10), in the logs: every vendor's failure text
//! with CR/LF and other control characters goes through the shared transport
//! with every SDK event captured at TRACE level, and no captured line is one the
//! server wrote. Its own test binary: a test that installs a thread-local
//! subscriber must be alone in its binary (see `TraceCapture`).

use access_core::http::{Endpoint, Transport};
use access_core::testkit::StaticAuth;
use access_core::testkit::TraceCapture;
use access_core::{Error, is_unsafe_for_logs};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const HOSTILE: &str = "line1\r\nFAKE LOG LINE level=ERROR\u{2028}FAKE2\u{1b}[2K\u{85}\u{202e}x";

async fn call<E: Endpoint>(vendor: &'static str, status: u16, body: String, endpoint: E) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    let t = Transport::builder(vendor)
        .base_url(server.uri())
        .retry(access_core::http::RetryPolicy::standard().with_max_attempts(1))
        .build()
        .unwrap();
    // The SDK's own event (`call failed`, with the error) is what is checked.
    let result: Result<E::Output, Error<E::Error>> =
        t.send(&endpoint, Some(&StaticAuth::none())).await;
    assert!(result.is_err(), "{vendor}: the server answered a failure");
}

#[tokio::test(flavor = "current_thread")]
async fn no_log_line_is_forged_by_a_server() {
    let capture = TraceCapture::new();
    let _guard = capture.install();
    let json = |v: serde_json::Value| v.to_string();
    for status in [400, 500, 502] {
        call(
            "easysecure",
            status,
            json(serde_json::json!({"message": HOSTILE, "code": HOSTILE})),
            easysecure_sdk::groups::GetGroups::new(),
        )
        .await;
        call(
            "iloq",
            status,
            json(serde_json::json!({"Code": HOSTILE, "Message": HOSTILE})),
            iloq_sdk::persons::ListPersons::new(),
        )
        .await;
        call(
            "allthenticate",
            status,
            json(serde_json::json!({"error": HOSTILE})),
            allthenticate_sdk::users::ListUsers::new(),
        )
        .await;
        call(
            "ef45",
            status,
            json(serde_json::json!({"error_no": -9999, "error_message": HOSTILE})),
            ef45_sdk::users::ListUsers::new(ef45_sdk::model::Paging::all()),
        )
        .await;
        // Not the vendor's shape: the excerpt of the body.
        call(
            "iloq",
            status,
            HOSTILE.to_string(),
            iloq_sdk::persons::ListPersons::new(),
        )
        .await;
    }
    // A decode failure of a success answer.
    call(
        "iloq",
        200,
        json(serde_json::json!([{ "PersonID": HOSTILE }])),
        iloq_sdk::persons::ListPersons::new(),
    )
    .await;
    let text = capture.text();
    assert!(
        text.contains("FAKE LOG LINE"),
        "the server's text was not traced: {text}"
    );
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("FAKE"),
            "a server forged a log line: {line:?}\n{text}"
        );
        assert!(
            !line.chars().any(is_unsafe_for_logs),
            "a control character was logged: {line:?}"
        );
    }
}
