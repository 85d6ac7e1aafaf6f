//! The transport's behaviour: retries, timeouts, decoding, limits, shapes.

use crate::common;

use std::time::{Duration, Instant};

use access_core::http::{CallOptions, RetryPolicy, Transport};
use access_core::{Error, ErrorKind};
use common::*;
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn transport(server: &MockServer) -> Transport {
    Transport::builder("test")
        .base_url(format!("{}/api/", server.uri()))
        .retry(
            RetryPolicy::standard()
                .with_backoff(Duration::from_millis(10), Duration::from_millis(50)),
        )
        .attempt_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

async fn server() -> MockServer {
    let s = MockServer::start().await;
    access_core::testkit::mount_catch_all(&s).await;
    s
}

#[tokio::test]
async fn non_idempotent_post_answered_503_is_sent_exactly_once() {
    let s = server().await;
    Mock::given(method("POST"))
        .and(path("/api/doors/front/unlock"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(serde_json::json!({"message": "busy"})),
        )
        .expect(1)
        .mount(&s)
        .await;
    let err = transport(&s)
        .send(&Unlock::new("front", 10).unwrap(), None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable(), "the failure is transient...");
    assert!(err.may_have_been_sent(), "...but the door may have opened");
    s.verify().await;
}

#[tokio::test]
async fn idempotent_get_is_retried_within_the_bound() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/things/1"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(serde_json::json!({"message": "busy"})),
        )
        .expect(3)
        .mount(&s)
        .await;
    let err = transport(&s)
        .send(&GetThing("1".into()), None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Service { status: 503, .. }), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Transient);
    s.verify().await;
}

#[tokio::test]
async fn idempotent_get_waits_as_retry_after_says_then_succeeds() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/things/7"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/things/7"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 7, "name": "seven"})),
        )
        .expect(1)
        .mount(&s)
        .await;
    let started = Instant::now();
    let thing = transport(&s)
        .send(&GetThing("7".into()), None)
        .await
        .unwrap();
    assert_eq!(thing.id, 7);
    // A lower bound only: the sleep guarantees it, so this cannot flake.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured"
    );
    assert_eq!(s.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_is_not_waited_for() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/things/8"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .expect(1)
        .mount(&s)
        .await;
    let err = transport(&s)
        .send(&GetThing("8".into()), None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    s.verify().await;
}

#[tokio::test]
async fn a_timeout_may_have_been_sent() {
    let s = server().await;
    Mock::given(method("POST"))
        .and(path("/api/doors/front/unlock"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .expect(1)
        .mount(&s)
        .await;
    let opts = CallOptions::new().attempt_timeout(Duration::from_millis(200));
    let err = transport(&s)
        .send_with(&Unlock::new("front", 10).unwrap(), None, &opts)
        .await
        .unwrap_err();
    match &err {
        Error::Transport(t) => assert!(t.timeout),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        err.may_have_been_sent(),
        "a timed-out unlock may have opened the door"
    );
    assert_eq!(err.kind(), ErrorKind::Transient);
}

#[tokio::test]
async fn a_refused_connection_was_not_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let t = Transport::builder("test")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = t
        .send(&Unlock::new("front", 10).unwrap(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!err.may_have_been_sent());
    assert!(err.is_retryable());
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    let s = server().await;
    let bad = Unlock {
        door: "front".into(),
        seconds: 61,
    };
    let err = transport(&s).send(&bad, None).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field == "unlock_time"),
        "{err:?}"
    );
    assert!(!err.may_have_been_sent());
    assert!(s.received_requests().await.unwrap().is_empty());
    assert!(Unlock::new("front", 4).is_err());
}

#[tokio::test]
async fn an_html_502_page_is_an_unexpected_status() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>Bad Gateway</body></html>", "text/html"),
        )
        .mount(&s)
        .await;
    let err = transport(&s)
        .send(&Unlock::new("front", 10).unwrap(), None)
        .await
        .unwrap_err();
    match &err {
        Error::UnexpectedStatus { status, excerpt } => {
            assert_eq!(*status, 502);
            assert!(excerpt.contains("Bad Gateway"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.kind(), ErrorKind::Transient);
}

#[tokio::test]
async fn documented_and_unknown_vendor_errors_are_typed() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/things/404"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({"message": "Thing not found"})),
        )
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/things/500"))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(serde_json::json!({"message": "Kaboom"})),
        )
        .mount(&s)
        .await;
    let t = transport(&s);
    let nf = t.send(&GetThing("404".into()), None).await.unwrap_err();
    assert_eq!(nf.service_error(), Some(&ThingError::NotFound));
    assert_eq!(nf.kind(), ErrorKind::NotFound);
    let unknown = t.send(&GetThing("500".into()), None).await.unwrap_err();
    assert_eq!(
        unknown.service_error(),
        Some(&ThingError::Unknown {
            status: 500,
            message: "Kaboom".into()
        })
    );
    assert!(!unknown.is_retryable());
}

#[tokio::test]
async fn truncated_json_and_wrong_types_are_decode_errors_with_the_path() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/things/1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("{\"id\": 1, \"na", "application/json"),
        )
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/things/2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "two", "name": "x"})),
        )
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/things/3"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&s)
        .await;
    let t = transport(&s);
    match t.send(&GetThing("1".into()), None).await.unwrap_err() {
        Error::Decode(d) => {
            assert_eq!(d.status, 200);
            assert!(d.excerpt.starts_with("{\"id\": 1"));
        }
        other => panic!("{other:?}"),
    }
    match t.send(&GetThing("2".into()), None).await.unwrap_err() {
        Error::Decode(d) => {
            assert_eq!(d.path, "id");
            assert!(d.message.contains("invalid type"), "{}", d.message);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        t.send(&GetThing("3".into()), None).await,
        Err(Error::Decode(_))
    ));
}

#[tokio::test]
async fn a_body_over_the_size_limit_is_refused() {
    let s = server().await;
    let big = serde_json::json!({"id": 1, "name": "x".repeat(4096)});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(big))
        .mount(&s)
        .await;
    let t = Transport::builder("test")
        .base_url(s.uri())
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let err = t.send(&GetThing("1".into()), None).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1024
            }
        ),
        "{err:?}"
    );
    // The same call with a larger per-call limit goes through.
    let ok = t
        .send_with(
            &GetThing("1".into()),
            None,
            &CallOptions::new().max_response_bytes(1 << 20),
        )
        .await
        .unwrap();
    assert_eq!(ok.id, 1);
}

#[tokio::test]
async fn empty_bodies_where_the_endpoint_allows_them() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/things"))
        .and(query_param("id", "1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&s)
        .await;
    assert_eq!(
        transport(&s)
            .send(&ListThings(vec![1, 2]), None)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn query_keys_repeat_and_bodies_have_their_content_types() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/things"))
        .respond_with(|r: &wiremock::Request| {
            let q = r.url.query().unwrap_or_default().to_string();
            if q == "id=1&id=2&id=3" {
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!([{"id": 1, "name": "a"}]))
            } else {
                ResponseTemplate::new(400).set_body_json(serde_json::json!({"message": q}))
            }
        })
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/forms"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("accept", "application/json"))
        .and(body_string("name=A+B&x=%26"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/doors/side%20door/unlock"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"unlock_time": 5})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&s)
        .await;
    let t = transport(&s);
    let list = t
        .send(&ListThings(vec![1, 2, 3]), None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(list.len(), 1);
    t.send(
        &SubmitForm(vec![
            ("name".into(), "A B".into()),
            ("x".into(), "&".into()),
        ]),
        None,
    )
    .await
    .unwrap();
    t.send(&Unlock::new("side door", 5).unwrap(), None)
        .await
        .unwrap();
    s.verify().await;
}

#[tokio::test]
async fn a_user_supplied_reqwest_client_is_used() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(header("x-from", "mine"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 1, "name": "a"})),
        )
        .expect(1)
        .mount(&s)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from", "mine".parse().unwrap());
    let mine = reqwest::Client::builder().default_headers(headers);
    let t = Transport::builder("test")
        .base_url(s.uri())
        .http_client(mine)
        .build()
        .unwrap();
    t.send(&GetThing("1".into()), None).await.unwrap();
    s.verify().await;
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let s = server().await;
    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", format!("{}/steal", other.uri())),
        )
        .mount(&s)
        .await;
    let err = transport(&s)
        .send(&GetThing("1".into()), None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(302));
    assert!(other.received_requests().await.unwrap().is_empty());
}

#[test]
fn the_base_url_is_required_and_validated() {
    assert!(Transport::builder("t").build().is_err());
    assert!(Transport::builder("t").base_url("ftp://x").build().is_err());
    let t = Transport::builder("t")
        .base_url("https://h//pool/")
        .build()
        .unwrap();
    assert_eq!(t.base_url().as_str(), "https://h/pool/");
    let moved = t.with_base_url("https://h/pool2/").unwrap();
    assert_eq!(moved.base_url().as_str(), "https://h/pool2/");
}

/// `POST /soapish`: answers 200 whether it worked or not; errors are in the body.
struct Soapish;

impl access_core::http::Endpoint for Soapish {
    type Output = String;
    type Error = ThingError;
    const METHOD: access_core::http::Method = access_core::http::Method::POST;
    const NAME: &'static str = "POST /soapish";
    const IDEMPOTENT: bool = false;
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "soapish".into()
    }
    fn body(&self) -> Result<access_core::http::Body, access_core::ValidationError> {
        Ok(access_core::http::Body::xml("<a>1</a>"))
    }
    fn error_in_success(&self, r: &access_core::http::Response) -> Option<ThingError> {
        (r.text_lossy() == "USER_WAS_NOT_FOUND").then_some(ThingError::NotFound)
    }
    fn decode(&self, r: access_core::http::Response) -> Result<String, access_core::DecodeError> {
        r.text()
    }
}

#[tokio::test]
async fn an_error_inside_a_200_is_the_endpoints_typed_error() {
    let s = server().await;
    Mock::given(method("POST"))
        .and(path("/api/soapish"))
        .and(header("content-type", "text/xml; charset=utf-8"))
        .and(body_string("<a>1</a>"))
        .respond_with(ResponseTemplate::new(200).set_body_string("USER_WAS_NOT_FOUND"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/soapish"))
        .respond_with(ResponseTemplate::new(200).set_body_string("OK"))
        .mount(&s)
        .await;
    let t = transport(&s);
    let err = t.send(&Soapish, None).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Service {
                status: 200,
                error: ThingError::NotFound
            }
        ),
        "{err:?}"
    );
    assert_eq!(t.send(&Soapish, None).await.unwrap(), "OK");
}

/// `POST /readback`: the failure is only known once the answer is read (an
/// `ERROR:` line among the results), so the endpoint types it in `decode_outcome`.
struct ReadBack {
    secret: &'static str,
}

impl access_core::http::Endpoint for ReadBack {
    type Output = Vec<String>;
    type Error = ThingError;
    const METHOD: access_core::http::Method = access_core::http::Method::POST;
    const NAME: &'static str = "POST /readback";
    const IDEMPOTENT: bool = false;
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "readback".into()
    }
    fn body(&self) -> Result<access_core::http::Body, access_core::ValidationError> {
        Ok(access_core::http::Body::xml(format!(
            "<key>{}</key>",
            self.secret
        )))
    }
    fn secrets(&self) -> Vec<access_core::SecretString> {
        vec![self.secret.to_string().into()]
    }
    fn decode(
        &self,
        r: access_core::http::Response,
    ) -> Result<Vec<String>, access_core::DecodeError> {
        Ok(r.text()?.lines().map(str::to_string).collect())
    }
    fn decode_outcome(
        &self,
        r: access_core::http::Response,
    ) -> Result<Result<Vec<String>, ThingError>, access_core::DecodeError> {
        let lines = self.decode(r)?;
        Ok(match lines.iter().find_map(|l| l.strip_prefix("ERROR: ")) {
            Some(message) => Err(ThingError::Unknown {
                status: 200,
                message: message.to_string(),
            }),
            None => Ok(lines),
        })
    }
}

#[tokio::test]
async fn a_failure_found_while_decoding_is_typed_and_free_of_the_requests_secrets() {
    let s = server().await;
    Mock::given(method("POST"))
        .and(path("/api/readback"))
        .and(body_string("<key>k-5ecret-77</key>"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("row 1\nERROR: no company k-5ecret-77"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/readback"))
        .respond_with(ResponseTemplate::new(200).set_body_string("row 1\nrow 2"))
        .mount(&s)
        .await;
    let t = transport(&s);
    let op = ReadBack {
        secret: "k-5ecret-77",
    };
    let err = t.send(&op, None).await.unwrap_err();
    match &err {
        Error::Service {
            status: 200,
            error: ThingError::Unknown { message, .. },
        } => assert_eq!(message, "no company [redacted]"),
        other => panic!("expected a service error, got {other:?}"),
    }
    assert!(!format!("{err} {err:?}").contains("5ecret"));
    assert_eq!(t.send(&op, None).await.unwrap(), ["row 1", "row 2"]);
}
