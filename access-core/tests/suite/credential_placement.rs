//! Credentials placed where the request has room for them, and scrubbed from any
//! error text a server echoes them into. (Kept apart from `secrets.rs`, whose TRACE
//! capture must be the only test of its binary: tracing's callsite cache is global.)

use crate::common;

use access_core::http::{AuthParts, Authorizer, Response, Transport};
use access_core::{AuthError, SecretString};
use async_trait::async_trait;
use common::*;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "k3y-SECRET-4242";

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(API_KEY), "{what} leaks the key: {text}");
}

/// A credential that travels in the body when there is one, in the query otherwise.
struct ParamSession;

#[async_trait]
impl Authorizer for ParamSession {
    async fn authorize(&self, _t: &Transport) -> Result<AuthParts, AuthError> {
        Ok(AuthParts::new(1).param("api_key", SecretString::from(API_KEY)))
    }
    fn is_rejection(&self, _r: &Response) -> bool {
        false
    }
    async fn renew(&self, _t: &Transport, _g: u64) -> Result<(), AuthError> {
        Ok(())
    }
}

#[tokio::test]
async fn a_param_goes_in_the_body_when_there_is_one_and_in_the_query_otherwise() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/1"))
        .and(query_param("api_key", API_KEY))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 1, "name": "a"})),
        )
        .expect(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/doors/front/unlock"))
        .and(body_json(
            serde_json::json!({"api_key": API_KEY, "unlock_time": 5}),
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&s)
        .await;
    let t = Transport::builder("test")
        .base_url(s.uri())
        .build()
        .unwrap();
    t.send(&GetThing("1".into()), Some(&ParamSession))
        .await
        .unwrap();
    t.send(&Unlock::new("front", 5).unwrap(), Some(&ParamSession))
        .await
        .unwrap();
    s.verify().await;
    let reqs = s.received_requests().await.unwrap();
    assert!(
        reqs[1].url.query().is_none(),
        "not in the query of a request with a body"
    );
}

#[tokio::test]
async fn a_server_echoing_the_request_does_not_leak_the_key_into_errors() {
    let s = MockServer::start().await;
    // A proxy that echoes the URL (and a cut-off copy of it) in its error page.
    Mock::given(method("GET"))
        .respond_with(|r: &wiremock::Request| {
            ResponseTemplate::new(500).set_body_string(format!(
                "<html>no route for {} (raw {API_KEY}) tail {}",
                r.url,
                &API_KEY[..8]
            ))
        })
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(|r: &wiremock::Request| {
            ResponseTemplate::new(200)
                .set_body_string(format!("not json: {}", String::from_utf8_lossy(&r.body)))
        })
        .mount(&s)
        .await;
    let t = Transport::builder("test")
        .base_url(s.uri())
        .build()
        .unwrap();
    let e1 = t
        .send(&GetThing("1".into()), Some(&ParamSession))
        .await
        .unwrap_err();
    assert!(
        matches!(e1, access_core::Error::UnexpectedStatus { status: 500, .. }),
        "{e1:?}"
    );
    let e2 = t
        .send(&ListThingsPost, Some(&ParamSession))
        .await
        .unwrap_err();
    assert!(matches!(e2, access_core::Error::Decode(_)), "{e2:?}");
    for e in [
        e1.to_string(),
        format!("{e1:?}"),
        e2.to_string(),
        format!("{e2:?}"),
    ] {
        assert_clean("echoed error", &e);
        assert!(
            !e.contains(&API_KEY[..8]) || e.contains("[redacted]"),
            "{e}"
        );
    }
}

/// `POST /things/search`: a read that answers JSON.
struct ListThingsPost;

impl access_core::http::Endpoint for ListThingsPost {
    type Output = Vec<Thing>;
    type Error = ThingError;
    const METHOD: access_core::http::Method = access_core::http::Method::POST;
    const NAME: &'static str = "POST /things/search";
    const IDEMPOTENT: bool = true;
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "things/search".into()
    }
    fn body(&self) -> Result<access_core::http::Body, access_core::ValidationError> {
        access_core::http::Body::json(&serde_json::json!({}))
    }
    fn decode(&self, r: Response) -> Result<Vec<Thing>, access_core::DecodeError> {
        r.json()
    }
}
