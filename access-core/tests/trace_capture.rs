//! The testkit's trace capture sees spans, their recorded fields and events.
//! (Alone in its binary: tracing's call-site cache is global.)

mod common;

use access_core::http::Transport;
use access_core::testkit::{StaticAuth, TraceCapture};
use common::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(flavor = "current_thread")]
async fn the_capture_sees_calls_and_no_header_secret() {
    let capture = TraceCapture::new();
    let _guard = capture.install();
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(serde_json::json!({"message": "busy"})),
        )
        .mount(&s)
        .await;
    let t = Transport::builder("test")
        .base_url(s.uri())
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap();
    let auth = StaticAuth::none()
        .header("x-key", "HDR-SECRET-77")
        .query("api_key", "Q-SECRET-88");
    let _ = t.send(&GetThing("1".into()), Some(&auth)).await;
    let text = capture.text();
    assert!(text.contains("access.call"), "{text}");
    assert!(text.contains("endpoint=GET /things/{id}"), "{text}");
    assert!(text.contains("status=503"), "{text}");
    capture.assert_free_of(&["HDR-SECRET-77", "Q-SECRET-88"]);
}
