//! The auth hook: attach, recognise rejection, renew single-flight, replay once.

use crate::common;

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use access_core::clock::Clock;
use access_core::http::{
    AuthParts, Authorizer, CredentialCache, Endpoint, Fresh, Method, Response, Transport,
};
use access_core::testkit::SimClock;
use access_core::{AuthError, DecodeError, Error, ErrorKind, ExposeSecret, SecretString};
use async_trait::async_trait;
use common::*;
use reqwest::header::AUTHORIZATION;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// `POST /token`: exchanges a password for a bearer token (not authenticated itself).
struct Login {
    password: SecretString,
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    token: String,
    expires_in: i64,
}

impl Endpoint for Login {
    type Output = TokenAnswer;
    type Error = ThingError;
    const METHOD: Method = Method::POST;
    const NAME: &'static str = "POST /token";
    const IDEMPOTENT: bool = false;
    const AUTHENTICATED: bool = false;
    fn path(&self) -> Cow<'_, str> {
        "token".into()
    }
    fn body(&self) -> Result<access_core::http::Body, access_core::ValidationError> {
        access_core::http::Body::json(
            &serde_json::json!({"password": self.password.expose_secret()}),
        )
    }
    fn decode(&self, r: Response) -> Result<TokenAnswer, DecodeError> {
        r.json()
    }
}

/// A vendor session: a bearer token renewed by logging in again.
struct Session {
    password: SecretString,
    cache: CredentialCache<SecretString>,
    clock: Arc<dyn Clock>,
}

impl Session {
    fn new(clock: Arc<dyn Clock>, initial: Option<&str>) -> Self {
        let margin = Duration::from_secs(60);
        let cache = match initial {
            Some(t) => CredentialCache::with_value(
                clock.clone(),
                margin,
                Fresh::new(SecretString::from(t)),
            ),
            None => CredentialCache::new(clock.clone(), margin),
        };
        Self {
            password: SecretString::from("hunter2-S3cr3t"),
            cache,
            clock,
        }
    }

    async fn login(&self, transport: &Transport) -> Result<Fresh<SecretString>, AuthError> {
        let login = Login {
            password: self.password.clone(),
        };
        let answer = transport
            .send(&login, None)
            .await
            .map_err(|e| AuthError::RenewalFailed {
                message: e.to_string(),
                kind: e.kind(),
                retryable: e.is_retryable(),
            })?;
        let expires = self.clock.now() + chrono::Duration::seconds(answer.expires_in);
        Ok(Fresh::until(SecretString::from(answer.token), expires))
    }
}

#[async_trait]
impl Authorizer for Session {
    async fn authorize(&self, transport: &Transport) -> Result<AuthParts, AuthError> {
        let (token, generation) = self.cache.get(|_| self.login(transport)).await?;
        Ok(AuthParts::new(generation).header(
            AUTHORIZATION,
            SecretString::from(format!("Bearer {}", token.expose_secret())),
        ))
    }
    fn is_rejection(&self, response: &Response) -> bool {
        response.status == 401
    }
    async fn renew(&self, transport: &Transport, rejected: u64) -> Result<(), AuthError> {
        self.cache
            .renew_rejected(rejected, |_| self.login(transport))
            .await
            .map(|_| ())
    }
}

fn token_server_responder(counter: Arc<AtomicUsize>) -> impl Fn(&Request) -> ResponseTemplate {
    move |_r: &Request| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"token": format!("fresh-{n}"), "expires_in": 3600}))
            // Make concurrent waiters pile up behind the single renewal.
            .set_delay(Duration::from_millis(100))
    }
}

#[tokio::test]
async fn hundred_concurrent_calls_meeting_an_expired_credential_renew_once() {
    let s = MockServer::start().await;
    let logins = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_server_responder(logins.clone()))
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/1"))
        .and(header("authorization", "Bearer fresh-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 1, "name": "a"})),
        )
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/1"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "expired"})),
        )
        .with_priority(10)
        .mount(&s)
        .await;
    let clock = Arc::new(SimClock::new());
    let t = Transport::builder("test")
        .base_url(s.uri())
        .clock(clock.clone())
        .build()
        .unwrap();
    let session = Arc::new(Session::new(clock, Some("stale-token")));
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let t = t.clone();
        let session = session.clone();
        tasks.push(tokio::spawn(async move {
            t.send(
                &GetThing("1".into()),
                Some(session.as_ref() as &dyn Authorizer),
            )
            .await
        }));
    }
    for task in tasks {
        let thing = task
            .await
            .unwrap()
            .expect("every call succeeds after the one renewal");
        assert_eq!(thing.id, 1);
    }
    assert_eq!(
        logins.load(Ordering::SeqCst),
        1,
        "exactly one renewal request"
    );
}

#[tokio::test]
async fn credentials_are_renewed_before_they_expire() {
    let s = MockServer::start().await;
    let logins = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_server_responder(logins.clone()))
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 1, "name": "a"})),
        )
        .mount(&s)
        .await;
    let clock = Arc::new(SimClock::new());
    let t = Transport::builder("test")
        .base_url(s.uri())
        .clock(clock.clone())
        .build()
        .unwrap();
    let session = Session::new(clock.clone(), None);
    t.send(&GetThing("1".into()), Some(&session)).await.unwrap();
    t.send(&GetThing("1".into()), Some(&session)).await.unwrap();
    assert_eq!(
        logins.load(Ordering::SeqCst),
        1,
        "the first login is reused"
    );
    // 59 minutes 30 s later the token has 30 s left, within the 60 s margin.
    clock.advance(Duration::from_secs(59 * 60 + 30));
    t.send(&GetThing("1".into()), Some(&session)).await.unwrap();
    assert_eq!(logins.load(Ordering::SeqCst), 2, "renewed ahead of expiry");
    let reqs = s.received_requests().await.unwrap();
    let last = reqs.last().unwrap();
    assert_eq!(last.headers.get("authorization").unwrap(), "Bearer fresh-2");
}

#[tokio::test]
async fn a_rejection_after_renewal_is_an_auth_error_not_a_loop() {
    let s = MockServer::start().await;
    let logins = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_server_responder(logins.clone()))
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/doors/front/unlock"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "nope"})),
        )
        .expect(2)
        .mount(&s)
        .await;
    let clock = Arc::new(SimClock::new());
    let t = Transport::builder("test")
        .base_url(s.uri())
        .clock(clock.clone())
        .build()
        .unwrap();
    let session = Session::new(clock, Some("stale"));
    let err = t
        .send(&Unlock::new("front", 5).unwrap(), Some(&session))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Auth(AuthError::RejectedAfterRenewal { .. })),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(logins.load(Ordering::SeqCst), 1);
    s.verify().await;
}

#[tokio::test]
async fn a_failed_renewal_is_reported_and_nothing_is_sent() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({"message": "Invalid Login Credentials"})),
        )
        .mount(&s)
        .await;
    let clock = Arc::new(SimClock::new());
    let t = Transport::builder("test")
        .base_url(s.uri())
        .clock(clock.clone())
        .build()
        .unwrap();
    let session = Session::new(clock, None);
    let err = t
        .send(&Unlock::new("front", 5).unwrap(), Some(&session))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Auth(AuthError::RenewalFailed { .. })),
        "{err:?}"
    );
    assert!(!err.may_have_been_sent(), "the unlock itself never left");
    assert_eq!(
        s.received_requests().await.unwrap().len(),
        1,
        "only the login went out"
    );
}

/// A session that decides where requests go (iLOQ's resolved pool URL).
struct PoolSession {
    pool: url::Url,
}

#[async_trait]
impl Authorizer for PoolSession {
    async fn authorize(&self, _t: &Transport) -> Result<AuthParts, AuthError> {
        Ok(AuthParts::new(1).with_base_url(self.pool.clone()))
    }
    fn is_rejection(&self, _r: &Response) -> bool {
        false
    }
    async fn renew(&self, _t: &Transport, _g: u64) -> Result<(), AuthError> {
        Ok(())
    }
}

#[tokio::test]
async fn the_session_can_move_requests_to_its_pool_url() {
    let service = MockServer::start().await;
    let pool = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/iloqwspool2/things/1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 1, "name": "a"})),
        )
        .expect(1)
        .mount(&pool)
        .await;
    let t = Transport::builder("test")
        .base_url(format!("{}/iloqws", service.uri()))
        .build()
        .unwrap();
    let session = PoolSession {
        pool: url::Url::parse(&format!("{}/iloqwspool2/", pool.uri())).unwrap(),
    };
    t.send(&GetThing("1".into()), Some(&session)).await.unwrap();
    pool.verify().await;
    assert!(service.received_requests().await.unwrap().is_empty());
}
