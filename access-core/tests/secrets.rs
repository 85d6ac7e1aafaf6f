//! Nothing secret reaches Debug output, an error's Display, or the TRACE log.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use access_core::clock::SystemClock;
use access_core::http::{
    AuthParts, Authorizer, CredentialCache, Fresh, Response, RetryPolicy, Transport,
};
use access_core::model::Pin;
use access_core::{AuthError, SecretString};
use async_trait::async_trait;
use common::*;
use reqwest::header::HeaderName;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "k3y-SECRET-4242";
const TOKEN: &str = "tok-SECRET-9999";
const PIN: &str = "73519";

/// Credentials in every place a vendor may want them: header, query and body.
struct KeySession {
    cache: CredentialCache<SecretString>,
}

#[async_trait]
impl Authorizer for KeySession {
    async fn authorize(&self, _t: &Transport) -> Result<AuthParts, AuthError> {
        let (token, generation) = self
            .cache
            .get(|_| async { Ok(Fresh::new(SecretString::from(TOKEN))) })
            .await?;
        Ok(AuthParts::new(generation)
            .header(HeaderName::from_static("x-session"), (*token).clone())
            .query("api_key", SecretString::from(API_KEY))
            .body_field("api_key", SecretString::from(API_KEY)))
    }
    fn is_rejection(&self, r: &Response) -> bool {
        r.status == 401
    }
    async fn renew(&self, _t: &Transport, rejected: u64) -> Result<(), AuthError> {
        self.cache
            .renew_rejected(rejected, |_| async {
                Ok(Fresh::new(SecretString::from(TOKEN)))
            })
            .await
            .map(|_| ())
    }
}

fn session() -> KeySession {
    KeySession {
        cache: CredentialCache::new(Arc::new(SystemClock), Duration::from_secs(30)),
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in [API_KEY, TOKEN, PIN] {
        assert!(!text.contains(secret), "{what} leaks {secret}: {text}");
    }
}

#[tokio::test]
async fn secrets_travel_where_asked_and_are_logged_nowhere() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = MockServer::start().await;
    // The credentials arrive: header, query and body field.
    Mock::given(method("POST"))
        .and(path("/doors/front/unlock"))
        .and(header("x-session", TOKEN))
        .and(query_param("api_key", API_KEY))
        .and(body_json(
            serde_json::json!({"api_key": API_KEY, "unlock_time": 5}),
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&s)
        .await;
    // A rejection, a renewal and errors also go through the log.
    Mock::given(method("GET"))
        .and(path("/things/1"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "expired"})),
        )
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/2"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(serde_json::json!({"message": "busy"})),
        )
        .mount(&s)
        .await;
    let t = Transport::builder("test")
        .base_url(s.uri())
        .retry(
            RetryPolicy::standard()
                .with_backoff(Duration::from_millis(5), Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    let sess = session();
    t.send(&Unlock::new("front", 5).unwrap(), Some(&sess))
        .await
        .unwrap();
    let mut errors = Vec::new();
    errors.push(
        t.send(&GetThing("1".into()), Some(&sess))
            .await
            .unwrap_err(),
    );
    errors.push(
        t.send(&GetThing("2".into()), Some(&sess))
            .await
            .unwrap_err(),
    );

    // A transport failure with the key in the URL's query: reqwest would print the URL.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let dead = Transport::builder("test")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(
        dead.send(&GetThing("3".into()), Some(&sess))
            .await
            .unwrap_err(),
    );
    s.verify().await;

    for e in &errors {
        assert_clean("error Display", &e.to_string());
        assert_clean("error Debug", &format!("{e:?}"));
        let mut source = std::error::Error::source(e);
        while let Some(inner) = source {
            assert_clean("error source", &inner.to_string());
            source = inner.source();
        }
    }
    let parts = sess.authorize(&t).await.unwrap();
    assert_clean("AuthParts Debug", &format!("{parts:?}"));
    assert_clean("CredentialCache Debug", &format!("{:?}", sess.cache));
    assert_clean("Transport Debug", &format!("{t:?}"));
    assert_clean("Pin Debug", &format!("{:?}", Pin::new(PIN).unwrap()));
    assert_clean(
        "SecretString Debug",
        &format!("{:?}", SecretString::from(API_KEY)),
    );

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("access.call"), "the calls were traced: {log}");
    assert!(
        log.contains("POST /doors/{id}/unlock"),
        "spans name the endpoint: {log}"
    );
    assert_clean("TRACE log", &log);
}
