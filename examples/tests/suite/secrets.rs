//! Secrets outside the scrubber (issue 16, class 3), across the vendors: no
//! credential a client sends or receives reaches an error's `Display`, its
//! `Debug` or any error of its `source()` chain, plain or in any encoding
//! (percent-encoded, JSON- or XML-escaped, quoted by `Debug`, cut off at the
//! end: [`leaked`], then the testkit's `assert_no_secret_in` on every text).
//!
//! * **Answered secrets** (15 rows, 101 shapes = 101 cells). Every operation that
//!   answers a credential: EasySecure REST login (`idToken`, `refreshToken`)
//!   and refreshToken (renewed by the session, and sent directly); iLOQ
//!   CreateSession (`SessionID`; in the client's set-up, and sent directly),
//!   GenerateAccessToken (`AccessToken`), webhook subscribe, get and list
//!   (`SignKey`); EF-45 `POST /lock` and `PUT /lock` (`lock_uid`; obtained
//!   for the client's first call, and `Client::connect`); Allthenticate
//!   `POST /magiclinkadmin` (`magic_token`); ESWS getSyncToken and autoSync
//!   (the token in `<return>`). Each answers in the vendor's real shape (the
//!   simulators') with a known secret and does not decode, in 5 to 8 shapes a
//!   row: another field of the wrong type, an invalid value, a duplicate
//!   field, cut just after the secret, cut in its middle, the wrong type at
//!   the root, a stray character, bytes that are not UTF-8, for ESWS a
//!   malformed envelope (mismatched end tag, unclosed Body), a `return` of the
//!   wrong type, a PHP envelope whose `return` lies past the excerpt. The call
//!   ends in the row's typed error (`Decode`, or `Auth(RenewalFailed)` when a
//!   session reads the answer), and no text of it holds the answered secret,
//!   the part a cut answer holds, or the credentials the client sent. Each
//!   shape is first shown to put its secret into a naive excerpt
//!   ([`DecodeError::new`] of the raw body), so every cell can fail.
//! * **iLOQ's API Gateway key**, a default header (14 rows x 10 answers = 140
//!   cells, 130 errors, 1560 checks): a client built with `api_key` against
//!   [`Hostility::Echo`] and [`Hostility::EscapedEcho`] with 400, 401, 404,
//!   500 and 200, through a loopback front that answers the session set-up
//!   and relays the rest to the echo: each of the four set-up steps, Test,
//!   five reads and four writes. Every echo received the key; no error holds
//!   it, the password or the session id (the ten calls that decode a 200 echo
//!   succeed). The other crates' credentials against escaped echoes are each
//!   crate's `secret_hygiene` test.
//! * **A base URL with user info** (29 cells): the EasySecure REST builder
//!   (`login_admin`, `with_tokens`, `build_transport`), ESWS, iLOQ,
//!   Allthenticate and EF-45, each given four URLs (`https://agent:pa55-w0rd-Secret@host.example/`,
//!   the same on a wiremock port, the secret as the user name, a
//!   percent-encoded password), and EF-45's `device("agent:…@127.0.0.1")`:
//!   the builder's `Debug` holds no password; building (or logging in) fails
//!   with `Error::Validation` of kind `InvalidInput` that holds none; the
//!   server receives nothing.
//!
//! The table found two shapes the first redaction missed, both fixed in
//! `access_core::secrets` and kept as cells: a credential field holding a JSON
//! list or object (`"SessionID":["…"]`, `"lock_uid":{"id":"…"}`; 8 cells of
//! iLOQ, EF-45 and Allthenticate rows) and an ESWS `return` holding markup or
//! namespaced (`<ns1:return>`; 4 cells).
//!
//! The TRACE log of the same calls is checked by `tests/secrets_trace.rs`.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use access_core::http::HttpClient;
use access_core::model::EmailAddress;
use access_core::testkit::hostile::{HostileServer, Hostility, no_redirect_client};
use access_core::testkit::{SimClock, assert_no_secret_in, leaked};
use access_core::{AnyError, DecodeError, Error, ErrorKind, ServiceError, ValidationError};
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::secret_fixtures::*;

// ---------------------------------------------------------------------------
// The secrets. Each has characters a server escapes (`/`, `+`, `=`) where the
// vendor's format allows them.

/// EasySecure REST: the login password.
const ES_PASSWORD: &str = "es-pass/Secret+91";
/// EasySecure REST: the `idToken` a login answers (a JWT).
const ES_ID_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcGkifQ.c2lnbmF0dXJlLXNlY3JldA";
/// EasySecure REST: the `refreshToken` a login answers.
const ES_REFRESH_TOKEN: &str = "AMf-vBxSECRET/refresh+tok3n";
/// EasySecure REST: the `idToken` a refresh answers.
const ES_NEW_ID_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJuZXcifQ.bmV3LXNpZ25hdHVyZS1zZWNyZXQ";
/// EasySecure REST: the rotated `refreshToken` a refresh answers.
const ES_NEW_REFRESH_TOKEN: &str = "AMf-vBxROTATED/refresh+tok3n";
/// ESWS: the company security key (in every request body).
const COMPANY_KEY: &str = "company-key-5d2e/Secret";
/// ESWS: the i3 administrator's password of `getSyncToken`.
const I3_PASSWORD: &str = "i3-admin-pass/Secret";
/// ESWS: the one-time login token `getSyncToken` answers (40 characters).
const SYNC_LOGIN_TOKEN: &str = "Q7xK2mP9vL4nB8cR1tY6wE3sZ5aD0fG2hJ4kL6mN";
/// ESWS: the token `autoSync` answers (64 characters).
const AUTO_SYNC_TOKEN: &str = "00000042Zq8Lw3Rt6Yp1Mx9Kc4Vb7Nj2Hg5Fd0Sa8Qe3Wr6Ty1Ui4Op7As2Df5";
/// Allthenticate: the API key.
const ALLTH_KEY: &str = "allth-key/Secret+51";
/// Allthenticate: the `magic_token` of a guest link.
const MAGIC_TOKEN: &str = "mgk_7Hq2LzP9xV4bN8cR1tY6wE3s";

// ---------------------------------------------------------------------------
// Checks.

/// Every text an error shows: its `Display`, its `Debug`, and both of every
/// error in its `source()` chain.
fn error_texts(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = error.source();
    while let Some(inner) = source {
        texts.push(inner.to_string());
        texts.push(format!("{inner:?}"));
        source = inner.source();
    }
    texts
}

/// The variant of an error, from its `Debug`: `Decode`, `Auth(RenewalFailed)`.
fn variant(debug: &str) -> String {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let outer = ident(debug);
    match debug[outer.len()..].strip_prefix('(') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => {
            format!("{outer}({})", ident(rest))
        }
        _ => outer,
    }
}

/// How one call ended: `Ok`, or the error's variant, kind and texts.
#[derive(Debug)]
struct Outcome {
    pub variant: String,
    pub texts: Vec<String>,
}

fn outcome<T, E: ServiceError>(result: Result<T, Error<E>>) -> Outcome {
    match result {
        Ok(_) => Outcome {
            variant: "Ok".into(),
            texts: Vec::new(),
        },
        Err(e) => Outcome {
            variant: variant(&format!("{e:?}")),
            texts: error_texts(&e),
        },
    }
}

type Call = Pin<Box<dyn Future<Output = Outcome> + Send>>;

// ---------------------------------------------------------------------------
// The clients.

fn soap(uri: String, http: HttpClient) -> easysecure_sdk::soap::SoapClient {
    easysecure_sdk::soap::SoapClient::builder(SecretString::from(COMPANY_KEY))
        .base_url(uri)
        .shared_http_client(http)
        .attempt_timeout(Duration::from_secs(3))
        .build()
        .expect("an ESWS client")
}

fn easysecure(uri: String, http: HttpClient) -> easysecure_sdk::ClientBuilder {
    easysecure_sdk::Client::builder()
        .base_url(uri)
        .shared_http_client(http)
        .attempt_timeout(Duration::from_secs(3))
}

// ---------------------------------------------------------------------------
// (a) Answered secrets.

/// One answer that holds a secret and does not decode.
#[derive(Debug, Clone)]
struct Shape {
    pub name: &'static str,
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// The secret as this answer writes it, when that is not one of the
    /// row's secrets: the part an answer cut in its middle holds, a re-cased id.
    pub cut: Option<String>,
    /// Whether the secret lies beyond the excerpt a decode error keeps (the
    /// check that a naive excerpt shows it is then skipped).
    pub far: bool,
}

impl Shape {
    fn new(name: &'static str, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            name,
            status: 200,
            content_type,
            body: body.into(),
            cut: None,
            far: false,
        }
    }

    fn json(name: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "application/json", body)
    }

    fn xml(name: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "text/xml; charset=utf-8", body)
    }

    /// `valid` cut just after `secret`.
    fn cut_after(content_type: &'static str, valid: &str, secret: &str) -> Self {
        let at = valid.find(secret).expect("the answer holds the secret") + secret.len();
        Self::new("cut just after the secret", content_type, &valid[..at])
    }

    /// `valid` cut in the middle of `secret`.
    fn cut_inside(content_type: &'static str, valid: &str, secret: &str) -> Self {
        let half = secret.len() / 2;
        let at = valid.find(secret).expect("the answer holds the secret") + half;
        let mut shape = Self::new(
            "cut in the middle of the secret",
            content_type,
            &valid[..at],
        );
        shape.cut = Some(secret[..half].to_string());
        shape
    }

    fn far(mut self) -> Self {
        self.far = true;
        self
    }
}

/// The shapes every JSON object answer gets: cut just after the secret, cut
/// in its middle, the object in a list (the wrong type at the root), and a
/// stray character after it.
fn json_object_shapes(valid: &serde_json::Value, secret: &str) -> Vec<Shape> {
    let text = valid.to_string();
    vec![
        Shape::cut_after("application/json", &text, secret),
        Shape::cut_inside("application/json", &text, secret),
        Shape::json("a list where an object belongs", format!("[{text}]")),
        Shape::json("a stray `}` after the object", format!("{text}}}")),
    ]
}

/// A SOAP envelope of ESWS's shape, short enough that the `return` lies in
/// the excerpt a decode error keeps (a PHP server's namespaces push it past).
fn soap_answer(function: &str, ret: &str) -> String {
    format!(
        "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ns1=\"uen:esws\"><SOAP-ENV:Body><ns1:Esws.{function}Response>{ret}\
         </ns1:Esws.{function}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
}

/// The envelope of a PHP SoapServer, as the simulator writes it.
fn php_soap_answer(function: &str, ret: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
         xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"uen:esws\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" \
         SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">\
         <SOAP-ENV:Body><ns1:Esws.{function}Response>{ret}</ns1:Esws.{function}Response>\
         </SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
}

/// The shapes of an ESWS string answer holding `token`.
fn soap_shapes(function: &str, token: &str) -> Vec<Shape> {
    let xml = "text/xml; charset=utf-8";
    let string = format!("<return xsi:type=\"xsd:string\">{token}</return>");
    let valid = soap_answer(function, &string);
    let php = php_soap_answer(function, &string);
    vec![
        Shape::cut_after(xml, &valid, token),
        Shape::cut_inside(xml, &valid, token),
        Shape::xml(
            "malformed envelope: a mismatched end tag",
            valid.replace("</return>", "</retrun>"),
        ),
        Shape::xml(
            "malformed envelope: the Body never closed",
            valid.replace("</SOAP-ENV:Body>", ""),
        ),
        Shape::xml(
            "`return` of the wrong type: a struct holding the token",
            soap_answer(
                function,
                &format!("<return><token>{token}</token></return>"),
            ),
        ),
        Shape::xml(
            "`return` of the wrong type: a PHP map holding the token",
            soap_answer(
                function,
                &format!("<return><item><key>token</key><value>{token}</value></item></return>"),
            ),
        ),
        Shape::xml("a namespaced `return`, envelope cut after the token", {
            let ns = soap_answer(
                function,
                &format!("<ns1:return xsi:type=\"xsd:string\">{token}</ns1:return>"),
            );
            let at = ns.find(token).unwrap() + token.len();
            ns[..at].to_string()
        }),
        Shape::xml("the PHP envelope cut after the token", {
            let at = php.find(token).unwrap() + token.len();
            php[..at].to_string()
        })
        .far(),
    ]
}

/// One vendor operation that answers a credential: where its answer comes
/// from, what the session answers before it, and the call that reads it.
struct Answered {
    pub name: &'static str,
    /// The method and path of the answer under test.
    pub at: (&'static str, &'static str),
    /// Answers (method, path, JSON) the call needs first (a session set-up).
    pub before: Vec<(&'static str, &'static str, String)>,
    /// The secrets the answer holds.
    pub secrets: Vec<&'static str>,
    /// The credentials the client sends (checked too).
    pub sent: Vec<&'static str>,
    pub shapes: Vec<Shape>,
    /// The error variant the call must end in.
    pub expect: &'static str,
    pub call: fn(String, HttpClient) -> Call,
}

fn answered_rows() -> Vec<Answered> {
    let mut rows = Vec::new();

    // EasySecure REST: the token pair of a login and of a refresh.
    let login =
        json!({"idToken": ES_ID_TOKEN, "refreshToken": ES_REFRESH_TOKEN, "expiresIn": "3600"});
    let mut shapes = vec![
        Shape::json(
            "expiresIn not a number",
            json!({"idToken": ES_ID_TOKEN, "refreshToken": ES_REFRESH_TOKEN, "expiresIn": "soon"})
                .to_string(),
        ),
        Shape::json(
            "expiresIn beyond i64",
            format!(
                "{{\"idToken\":\"{ES_ID_TOKEN}\",\"refreshToken\":\"{ES_REFRESH_TOKEN}\",\"expiresIn\":99999999999999999999}}"
            ),
        ),
        Shape::json(
            "refreshToken `\\/`-escaped, idToken twice (alias `token`)",
            format!(
                "{{\"idToken\":\"{ES_ID_TOKEN}\",\"token\":\"{ES_ID_TOKEN}\",\"refreshToken\":\"{}\"}}",
                ES_REFRESH_TOKEN.replace('/', "\\/")
            ),
        ),
    ];
    shapes.push(Shape::json(
        "idToken in a list (the wrong type)",
        json!({"idToken": [ES_ID_TOKEN], "refreshToken": ES_REFRESH_TOKEN}).to_string(),
    ));
    shapes.extend(json_object_shapes(&login, ES_REFRESH_TOKEN));
    rows.push(Answered {
        name: "EasySecure REST: POST /admins/login (idToken, refreshToken)",
        at: ("POST", "/admins/login"),
        before: vec![],
        secrets: vec![ES_ID_TOKEN, ES_REFRESH_TOKEN],
        sent: vec![ES_PASSWORD],
        shapes: shapes.clone(),
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                outcome(
                    easysecure(uri, http)
                        .login_admin(
                            "EasySecure",
                            "api@example.com",
                            SecretString::from(ES_PASSWORD),
                        )
                        .await,
                )
            })
        },
    });
    let refresh = json!({"idToken": ES_NEW_ID_TOKEN, "refreshToken": ES_NEW_REFRESH_TOKEN, "expiresIn": "3600"});
    let mut refresh_shapes = vec![
        Shape::json(
            "expiresIn not a number",
            json!({"idToken": ES_NEW_ID_TOKEN, "refreshToken": ES_NEW_REFRESH_TOKEN, "expiresIn": "soon"})
                .to_string(),
        ),
        Shape::json(
            "refreshToken in a list",
            json!({"idToken": ES_NEW_ID_TOKEN, "refreshToken": [ES_NEW_REFRESH_TOKEN]}).to_string(),
        ),
    ];
    refresh_shapes.extend(json_object_shapes(&refresh, ES_NEW_REFRESH_TOKEN));
    rows.push(Answered {
        name: "EasySecure REST: POST /admins/refreshToken, sent by the session",
        at: ("POST", "/admins/refreshToken"),
        before: vec![],
        secrets: vec![ES_NEW_ID_TOKEN, ES_NEW_REFRESH_TOKEN],
        sent: vec![ES_ID_TOKEN, ES_REFRESH_TOKEN],
        shapes: refresh_shapes.clone(),
        expect: "Auth(RenewalFailed)",
        call: |uri, http| {
            Box::pin(async move {
                use easysecure_sdk::auth::{Admin, Tokens};
                let clock = SimClock::new();
                let client = easysecure(uri, http)
                    .clock(Arc::new(clock.clone()))
                    .with_tokens::<Admin>(Tokens::new(
                        SecretString::from(ES_ID_TOKEN),
                        Some(SecretString::from(ES_REFRESH_TOKEN)),
                    ))
                    .expect("a client");
                // The idToken's hour is up: the next call refreshes it first.
                clock.advance(Duration::from_secs(2 * 3600));
                outcome(client.send(&easysecure_sdk::groups::GetGroups::new()).await)
            })
        },
    });
    rows.push(Answered {
        name: "EasySecure REST: POST /admins/refreshToken, sent directly",
        at: ("POST", "/admins/refreshToken"),
        before: vec![],
        secrets: vec![ES_NEW_ID_TOKEN, ES_NEW_REFRESH_TOKEN],
        sent: vec![ES_REFRESH_TOKEN],
        shapes: refresh_shapes,
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                use easysecure_sdk::auth::{Admin, RefreshToken};
                let transport = easysecure(uri, http)
                    .build_transport()
                    .expect("a transport");
                let request = RefreshToken::<Admin>::new(SecretString::from(ES_REFRESH_TOKEN))
                    .expect("a request");
                outcome(transport.send(&request, None).await)
            })
        },
    });

    // iLOQ: SessionID, AccessToken, SignKey.
    let session = json!({"Result": 0, "SessionID": ILOQ_SID});
    let mut session_shapes = vec![
        Shape::json(
            "SessionID twice (alias SessionId)",
            json!({"Result": 0, "SessionID": ILOQ_SID, "SessionId": ILOQ_SID}).to_string(),
        ),
        Shape::json(
            "not UTF-8 after the SessionID",
            [
                format!("{{\"Result\":0,\"SessionID\":\"{ILOQ_SID}\",\"Name\":\"").into_bytes(),
                b"\xff\xfe\"}".to_vec(),
            ]
            .concat(),
        ),
    ];
    session_shapes.push(Shape::json(
        "SessionID in a list (the wrong type)",
        json!({"Result": 0, "SessionID": [ILOQ_SID]}).to_string(),
    ));
    session_shapes.extend(json_object_shapes(&session, ILOQ_SID));
    rows.push(Answered {
        name: "iLOQ: POST /api/v2/CreateSession, in the client's session set-up",
        at: ("POST", "/api/v2/CreateSession"),
        before: iloq_session()[..1].to_vec(),
        secrets: vec![ILOQ_SID],
        sent: vec![ILOQ_PASSWORD, ILOQ_API_KEY],
        shapes: session_shapes.clone(),
        expect: "Auth(RenewalFailed)",
        call: |uri, http| Box::pin(async move { outcome(iloq(uri, http).persons().list().await) }),
    });
    rows.push(Answered {
        name: "iLOQ: POST /api/v2/CreateSession, sent directly",
        at: ("POST", "/api/v2/CreateSession"),
        before: vec![],
        secrets: vec![ILOQ_SID],
        sent: vec![ILOQ_PASSWORD, ILOQ_API_KEY],
        shapes: session_shapes,
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                use iloq_sdk::auth::{CreateSession, CustomerCode};
                let request = CreateSession::new(
                    "agent",
                    SecretString::from(ILOQ_PASSWORD),
                    CustomerCode::new("CUST-1").expect("a code"),
                )
                .expect("a request");
                outcome(iloq(uri, http).send(&request).await)
            })
        },
    });
    let token = json!({"AccessToken": ILOQ_ACCESS_TOKEN});
    let mut token_shapes = vec![Shape::json(
        "AccessToken twice",
        format!(
            "{{\"AccessToken\":\"{ILOQ_ACCESS_TOKEN}\",\"AccessToken\":\"{ILOQ_ACCESS_TOKEN}\"}}"
        ),
    )];
    token_shapes.push(Shape::json(
        "AccessToken in a list (the wrong type)",
        json!({"AccessToken": [ILOQ_ACCESS_TOKEN]}).to_string(),
    ));
    token_shapes.extend(json_object_shapes(&token, ILOQ_ACCESS_TOKEN));
    rows.push(Answered {
        name: "iLOQ: POST /api/v2/LockGroups/GenerateAccessToken (AccessToken)",
        at: ("POST", "/api/v2/LockGroups/GenerateAccessToken"),
        before: iloq_session(),
        secrets: vec![ILOQ_ACCESS_TOKEN],
        sent: vec![ILOQ_PASSWORD, ILOQ_API_KEY, ILOQ_SID],
        shapes: token_shapes,
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                outcome(iloq(uri, http).lock_groups().generate_access_token(1).await)
            })
        },
    });
    let subscription = json!({
        "SubscriptionId": ILOQ_SUBSCRIPTION, "WebhookEventId": 1,
        "TargetEndpointUri": "https://hooks.example/iloq", "SignKey": ILOQ_SIGN_KEY,
    });
    let mut sub_shapes = vec![Shape::json(
        "SignKey `\\/`-escaped, not UTF-8 after it",
        [
            format!(
                "{{\"SubscriptionId\":\"{ILOQ_SUBSCRIPTION}\",\"SignKey\":\"{}\",\"Name\":\"",
                ILOQ_SIGN_KEY.replace('/', "\\/")
            )
            .into_bytes(),
            b"\xc3\x28\"}".to_vec(),
        ]
        .concat(),
    )];
    sub_shapes.extend(json_object_shapes(&subscription, ILOQ_SIGN_KEY));
    rows.push(Answered {
        name: "iLOQ: POST /api/v2/Webhooks/Subscriptions (SignKey)",
        at: ("POST", "/api/v2/Webhooks/Subscriptions"),
        before: iloq_session(),
        secrets: vec![ILOQ_SIGN_KEY],
        sent: vec![ILOQ_PASSWORD, ILOQ_API_KEY, ILOQ_SID],
        shapes: sub_shapes.clone(),
        expect: "Ok",
        call: |uri, http| {
            Box::pin(async move {
                let now = chrono::Utc::now();
                let new = iloq_sdk::webhooks::NewSubscription::new(
                    "00000000-0000-0000-0000-000000000501"
                        .parse::<iloq_sdk::WebhookEventId>()
                        .expect("a GUID"),
                    "https://hooks.example/iloq",
                    now,
                    now + chrono::Duration::days(30),
                )
                .expect("a subscription");
                outcome(iloq(uri, http).webhooks().subscribe(new).await)
            })
        },
    });
    rows.push(Answered {
        name: "iLOQ: GET /api/v2/Webhooks/Subscriptions/{id} (SignKey)",
        at: (
            "GET",
            "/api/v2/Webhooks/Subscriptions/1e3a5c7e-9b2d-4f6a-8c0e-2d4f6a8c0e1a",
        ),
        before: iloq_session(),
        secrets: vec![ILOQ_SIGN_KEY],
        sent: vec![ILOQ_PASSWORD, ILOQ_API_KEY, ILOQ_SID],
        shapes: sub_shapes,
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                let id: iloq_sdk::SubscriptionId = ILOQ_SUBSCRIPTION.parse().expect("an id");
                outcome(iloq(uri, http).webhooks().subscription(id).await)
            })
        },
    });
    let list = json!([subscription]).to_string();
    rows.push(Answered {
        name: "iLOQ: GET /api/v2/Webhooks/Subscriptions (SignKey)",
        at: ("GET", "/api/v2/Webhooks/Subscriptions"),
        before: iloq_session(),
        secrets: vec![ILOQ_SIGN_KEY],
        sent: vec![ILOQ_PASSWORD, ILOQ_API_KEY, ILOQ_SID],
        shapes: vec![
            Shape::json(
                "a number among the subscriptions",
                json!([subscription, 7]).to_string(),
            ),
            Shape::json("an object where the list belongs", subscription.to_string()),
            Shape::json(
                "SignKey in a list, a number among the subscriptions",
                json!([{"SubscriptionId": ILOQ_SUBSCRIPTION, "SignKey": [ILOQ_SIGN_KEY]}, 7])
                    .to_string(),
            ),
            Shape::cut_after("application/json", &list, ILOQ_SIGN_KEY),
            Shape::cut_inside("application/json", &list, ILOQ_SIGN_KEY),
        ],
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move { outcome(iloq(uri, http).webhooks().subscriptions().await) })
        },
    });

    // EF-45: lock_uid.
    let grant = json!({"lock_uid": LOCK_UID});
    let mut lock_shapes = vec![
        Shape::json(
            "lock_uid not 8-4-4-4-12 (an invalid value)",
            json!({"lock_uid": format!("{LOCK_UID}-0")}).to_string(),
        ),
        Shape::json(
            "lock_uid twice",
            format!("{{\"lock_uid\":\"{LOCK_UID}\",\"lock_uid\":\"{LOCK_UID}\"}}"),
        ),
        Shape {
            cut: Some(LOCK_UID.to_ascii_uppercase()),
            ..Shape::json(
                "lock_uid upper-case, spaced, then a stray `]`",
                format!(
                    "{{\"lock_uid\": \"{}\", \"state\": 1}}]",
                    LOCK_UID.to_ascii_uppercase()
                ),
            )
        },
    ];
    lock_shapes.push(Shape::json(
        "lock_uid in an object (the wrong type)",
        json!({"lock_uid": {"id": LOCK_UID}}).to_string(),
    ));
    lock_shapes.extend(json_object_shapes(&grant, LOCK_UID));
    rows.push(Answered {
        name: "EF-45: POST /lock, obtained by the client for its first call",
        at: ("POST", "/1.0/lock"),
        before: vec![],
        secrets: vec![LOCK_UID],
        sent: vec![],
        shapes: lock_shapes.clone(),
        expect: "Auth(RenewalFailed)",
        call: |uri, http| {
            Box::pin(async move {
                let client = ef45(uri, http, ef45_sdk::auth::ConnectPolicy::ConnectOrTakeOver);
                outcome(
                    client
                        .send(&ef45_sdk::users::ListUsers::new(
                            ef45_sdk::model::Paging::all(),
                        ))
                        .await,
                )
            })
        },
    });
    rows.push(Answered {
        name: "EF-45: PUT /lock, taken over by the client for its first call",
        at: ("PUT", "/1.0/lock"),
        before: vec![],
        secrets: vec![LOCK_UID],
        sent: vec![],
        shapes: lock_shapes.clone(),
        expect: "Auth(RenewalFailed)",
        call: |uri, http| {
            Box::pin(async move {
                let client = ef45(uri, http, ef45_sdk::auth::ConnectPolicy::TakeOver);
                outcome(
                    client
                        .send(&ef45_sdk::users::ListUsers::new(
                            ef45_sdk::model::Paging::all(),
                        ))
                        .await,
                )
            })
        },
    });
    rows.push(Answered {
        name: "EF-45: POST /lock, Client::connect",
        at: ("POST", "/1.0/lock"),
        before: vec![],
        secrets: vec![LOCK_UID],
        sent: vec![],
        shapes: lock_shapes,
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                let client = ef45(uri, http, ef45_sdk::auth::ConnectPolicy::Connect);
                outcome(client.connect().await)
            })
        },
    });

    // Allthenticate: magic_token.
    let link = json!({
        "success": "Successfully created a new temporary policy and magic link.",
        "magic_token": MAGIC_TOKEN, "email_ids": {"guest@example.com": 12},
        "config_id": 3, "magic_link_id": 44,
    });
    let mut link_shapes = vec![Shape::json(
        "success not a string",
        json!({"success": true, "magic_token": MAGIC_TOKEN, "magic_link_id": 44}).to_string(),
    )];
    link_shapes.push(Shape::json(
        "magic_token in a list (the wrong type)",
        json!({"success": "Successfully created a new temporary policy and magic link.",
                   "magic_token": [MAGIC_TOKEN], "magic_link_id": 44})
        .to_string(),
    ));
    link_shapes.extend(json_object_shapes(&link, MAGIC_TOKEN));
    rows.push(Answered {
        name: "Allthenticate: POST /magiclinkadmin (magic_token)",
        at: ("POST", "/magiclinkadmin"),
        before: vec![],
        secrets: vec![MAGIC_TOKEN],
        sent: vec![ALLTH_KEY],
        shapes: link_shapes,
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                let client = allthenticate_sdk::Client::builder()
                    .base_url(uri)
                    .shared_http_client(http)
                    .api_key(SecretString::from(ALLTH_KEY))
                    .attempt_timeout(Duration::from_secs(3))
                    .build()
                    .expect("a client");
                let request = allthenticate_sdk::guest_links::CreateMagicLink::new(
                    [EmailAddress::new("guest@example.com").expect("an address")],
                    [allthenticate_sdk::ResourceId::new(7)],
                    "Guests",
                    chrono::Utc::now() + chrono::Duration::days(2),
                )
                .expect("a request");
                outcome(client.guest_links().create(request).await)
            })
        },
    });

    // ESWS: the token in `<return>`.
    rows.push(Answered {
        name: "ESWS: Esws.getSyncToken (the login token in <return>)",
        at: ("POST", "/webservicesesws"),
        before: vec![],
        secrets: vec![SYNC_LOGIN_TOKEN],
        sent: vec![COMPANY_KEY, I3_PASSWORD],
        shapes: soap_shapes("getSyncToken", SYNC_LOGIN_TOKEN),
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                let client = soap(uri, http);
                let request = easysecure_sdk::soap::sync::GetSyncToken::new(
                    client.key(),
                    "i3admin",
                    SecretString::from(I3_PASSWORD),
                    easysecure_sdk::UserId::new(17),
                )
                .expect("a request");
                outcome(client.send(&request).await)
            })
        },
    });
    rows.push(Answered {
        name: "ESWS: Esws.autoSync (the sync token in <return>)",
        at: ("POST", "/webservicesesws"),
        before: vec![],
        secrets: vec![AUTO_SYNC_TOKEN],
        sent: vec![COMPANY_KEY],
        shapes: soap_shapes("autoSync", AUTO_SYNC_TOKEN),
        expect: "Decode",
        call: |uri, http| {
            Box::pin(async move {
                let client = soap(uri, http);
                let request =
                    easysecure_sdk::soap::sync::AutoSync::new(client.key(), 3).expect("a request");
                outcome(client.send(&request).await)
            })
        },
    });
    rows
}

/// Sends `row`'s call to a server that answers its set-up and then `shape`.
async fn run_answered(row: &Answered, shape: &Shape, http: HttpClient) -> Outcome {
    let server = MockServer::start().await;
    for (m, p, body) in &row.before {
        Mock::given(method(*m))
            .and(path(*p))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
            .mount(&server)
            .await;
    }
    Mock::given(method(row.at.0))
        .and(path(row.at.1))
        .respond_with(
            ResponseTemplate::new(shape.status)
                .set_body_raw(shape.body.clone(), shape.content_type),
        )
        .mount(&server)
        .await;
    let outcome = (row.call)(server.uri(), http).await;
    let hits = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == row.at.0 && r.url.path() == row.at.1)
        .count();
    assert!(
        hits >= 1,
        "{} / {}: the answer under test was never asked for ({outcome:?})",
        row.name,
        shape.name
    );
    outcome
}

/// The secrets a cell checks: the answer's, the client's, a cut-off part.
fn cell_secrets<'a>(row: &'a Answered, shape: &'a Shape) -> Vec<&'a str> {
    let mut secrets: Vec<&str> = row.secrets.iter().chain(&row.sent).copied().collect();
    if let Some(cut) = &shape.cut {
        secrets.push(cut);
    }
    secrets
}

/// The proof that a shape tests something: a decode error that kept the
/// body as it came (the excerpt before issue 16) shows the secret.
fn assert_naive_excerpt_leaks(row: &Answered, shape: &Shape) {
    if shape.far {
        return;
    }
    let naive = DecodeError::new(shape.status, ".", "naive", &shape.body).to_string();
    let answered: Vec<&str> = match &shape.cut {
        Some(cut) => vec![cut.as_str()],
        None => row.secrets.clone(),
    };
    assert!(
        leaked(&naive, &answered).is_some(),
        "{} / {}: the shape does not put the secret in an excerpt: {naive}",
        row.name,
        shape.name
    );
}

/// Runs every cell of the answered-secrets table whose shape shows `leak`
/// (`None`: the shapes that show none) and asserts that each call failed
/// with the row's typed error and that no text of it holds a secret.
/// Answers (rows, cells, (text, secret) checks).
async fn check_answered() -> (usize, usize, usize) {
    let http = no_redirect_client();
    let rows = answered_rows();
    let (mut used, mut cells, mut checks) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut all: Vec<(Vec<String>, Vec<&str>)> = Vec::new();
    for row in &rows {
        let shapes: Vec<&Shape> = row.shapes.iter().collect();
        used += usize::from(!shapes.is_empty());
        for shape in shapes {
            assert_naive_excerpt_leaks(row, shape);
            let outcome = run_answered(row, shape, http.clone()).await;
            cells += 1;
            if !outcome.variant.starts_with(row.expect) {
                failures.push(format!(
                    "{} / {}: ended in {} (expected {}): {:?}",
                    row.name, shape.name, outcome.variant, row.expect, outcome.texts
                ));
            }
            let secrets = cell_secrets(row, shape);
            for text in &outcome.texts {
                checks += secrets.len();
                if let Some(secret) = leaked(text, &secrets) {
                    failures.push(format!(
                        "{} / {}: {secret:?} leaked into: {text}",
                        row.name, shape.name
                    ));
                }
            }
            all.push((outcome.texts, secrets));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (texts, secrets) in &all {
        assert_no_secret_in(texts, secrets);
    }
    (used, cells, checks)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answered_secrets_never_reach_a_decode_error() {
    let (rows, cells, checks) = check_answered().await;
    assert_eq!(rows, answered_rows().len());
    println!("answered secrets: {rows} rows, {cells} cells, {checks} (text, secret) checks");
}

// ---------------------------------------------------------------------------
// (b) iLOQ's API Gateway key, a default header, against servers that echo it.

/// One iLOQ call through the client: how many set-up steps the front answers
/// before the echo, and the call.
struct KeyRow {
    pub name: &'static str,
    pub local: usize,
    pub call: fn(iloq_sdk::Client) -> Call,
}

fn person() -> iloq_sdk::persons::Person {
    serde_json::from_value(json!({
        "Person_ID": "5a0e8c1f-3b7d-4e29-a6f4-c81d2b3e9f70", "FirstName": "Ada", "LastName": "L",
        "PersonCode": "E1", "ExternalPersonId": "X1", "eMail": "a@x.org", "State": 0,
        "ExternalCanEdit": true,
    }))
    .expect("a person")
}

fn key_rows() -> Vec<KeyRow> {
    vec![
        KeyRow {
            name: "set-up: POST Url/GetUrl (first call)",
            local: 0,
            call: |c| Box::pin(async move { outcome(c.persons().list().await) }),
        },
        KeyRow {
            name: "set-up: POST CreateSession",
            local: 1,
            call: |c| Box::pin(async move { outcome(c.persons().list().await) }),
        },
        KeyRow {
            name: "set-up: GET LockGroups (with the new SessionId)",
            local: 2,
            call: |c| Box::pin(async move { outcome(c.login().await) }),
        },
        KeyRow {
            name: "set-up: POST SetLockgroup",
            local: 3,
            call: |c| Box::pin(async move { outcome(c.login().await) }),
        },
        KeyRow {
            name: "read: GET Test (no session)",
            local: 4,
            call: |c| Box::pin(async move { outcome(c.test().await) }),
        },
        KeyRow {
            name: "read: GET Persons",
            local: 4,
            call: |c| Box::pin(async move { outcome(c.persons().list().await) }),
        },
        KeyRow {
            name: "read: GET Persons/{id}",
            local: 4,
            call: |c| {
                Box::pin(async move {
                    let id: iloq_sdk::PersonId = "5a0e8c1f-3b7d-4e29-a6f4-c81d2b3e9f70"
                        .parse()
                        .expect("an id");
                    outcome(c.persons().get(id).await)
                })
            },
        },
        KeyRow {
            name: "read: GET Keys",
            local: 4,
            call: |c| Box::pin(async move { outcome(c.keys().list().await) }),
        },
        KeyRow {
            name: "read: GET LockGroups/ConnectionSettings",
            local: 4,
            call: |c| Box::pin(async move { outcome(c.lock_groups().connection_settings().await) }),
        },
        KeyRow {
            name: "read: GET Webhooks/Subscriptions",
            local: 4,
            call: |c| Box::pin(async move { outcome(c.webhooks().subscriptions().await) }),
        },
        KeyRow {
            name: "write: PUT Persons",
            local: 4,
            call: |c| Box::pin(async move { outcome(c.persons().update(person()).await) }),
        },
        KeyRow {
            name: "write: POST LockGroups/GenerateAccessToken",
            local: 4,
            call: |c| {
                Box::pin(async move { outcome(c.lock_groups().generate_access_token(1).await) })
            },
        },
        KeyRow {
            name: "write: DELETE Webhooks/Subscriptions/{id}",
            local: 4,
            call: |c| {
                Box::pin(async move {
                    let id: iloq_sdk::SubscriptionId = ILOQ_SUBSCRIPTION.parse().expect("an id");
                    outcome(c.webhooks().unsubscribe(id).await)
                })
            },
        },
        KeyRow {
            name: "write: GET KillSession (logout)",
            local: 4,
            call: |c| {
                Box::pin(async move {
                    c.login().await.expect("the front sets the session up");
                    outcome(c.logout().await)
                })
            },
        },
    ]
}

/// The echoes of (b): each status plainly and escaped.
fn key_answers() -> Vec<Hostility> {
    [400, 401, 404, 500, 200]
        .into_iter()
        .flat_map(|s| [Hostility::Echo(s), Hostility::EscapedEcho(s)])
        .collect()
}

/// One cell of (b): the outcome, and whether the echoing server received the key.
async fn run_key_cell(row: &KeyRow, answer: &Hostility, http: HttpClient) -> (Outcome, bool) {
    let server = HostileServer::start(answer.clone())
        .await
        .expect("a loopback server");
    let upstream: SocketAddr = server
        .uri()
        .trim_start_matches("http://")
        .parse()
        .expect("an address");
    let front = IloqFront::start(upstream, row.local).await;
    let outcome = (row.call)(iloq(front.uri(), http)).await;
    let carried = server.requests().iter().any(|r| {
        r.headers
            .iter()
            .any(|(k, v)| k == "x-api-key" && v == ILOQ_API_KEY)
    });
    assert!(
        !front.relayed().is_empty(),
        "{} x {}: nothing reached the echo",
        row.name,
        answer.name()
    );
    (outcome, carried)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_iloq_api_key_never_reaches_an_error() {
    let http = no_redirect_client();
    let rows = key_rows();
    let answers = key_answers();
    let secrets = [ILOQ_API_KEY, ILOQ_PASSWORD, ILOQ_SID];
    let (mut cells, mut errors, mut carried, mut checks) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut all = Vec::new();
    for row in &rows {
        for answer in &answers {
            let (outcome, sent) = run_key_cell(row, answer, http.clone()).await;
            cells += 1;
            carried += usize::from(sent);
            if outcome.variant == "Ok" {
                // Only a 200 echo may decode (an empty or lenient answer).
                if !matches!(answer, Hostility::Echo(200) | Hostility::EscapedEcho(200)) {
                    failures.push(format!("{} x {}: succeeded", row.name, answer.name()));
                }
                continue;
            }
            errors += 1;
            for text in &outcome.texts {
                checks += secrets.len();
                if let Some(secret) = leaked(text, &secrets) {
                    failures.push(format!(
                        "{} x {}: {secret:?} leaked into: {text}",
                        row.name,
                        answer.name()
                    ));
                }
            }
            all.push(outcome.texts);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for texts in &all {
        assert_no_secret_in(texts, &secrets);
    }
    assert_eq!(carried, cells, "every echoing server received the key");
    assert!(
        errors >= rows.len() * (answers.len() - 2),
        "{errors} errors of {cells} cells"
    );
    println!(
        "iLOQ x-api-key: {} rows x {} answers = {cells} cells, {errors} errors, {checks} (text, secret) checks",
        rows.len(),
        answers.len()
    );
}

// ---------------------------------------------------------------------------
// (c) A base URL with user info.

const URL_PASSWORD: &str = "pa55-w0rd-Secret";

/// What one builder did with a base URL: its `Debug`, and the error of
/// building (or logging in).
struct Refusal {
    debug: String,
    kind: ErrorKind,
    validation: bool,
    texts: Vec<String>,
}

fn refusal<T, E: ServiceError>(debug: String, result: Result<T, Error<E>>) -> Refusal {
    match result {
        Ok(_) => Refusal {
            debug,
            kind: ErrorKind::Other,
            validation: false,
            texts: vec!["built".into()],
        },
        Err(e) => Refusal {
            debug,
            kind: e.kind(),
            validation: matches!(e, Error::Validation(_)),
            texts: error_texts(&e),
        },
    }
}

fn refused<T>(debug: String, result: Result<T, ValidationError>) -> Refusal {
    refusal(debug, result.map_err(Error::<AnyError>::from))
}

async fn builders(url: &str) -> Vec<(&'static str, Refusal)> {
    let es = || easysecure_sdk::Client::builder().base_url(url);
    let iloq = || {
        iloq_sdk::Client::builder()
            .base_url(url)
            .customer_code("CUST-1")
            .credentials("agent", SecretString::from(ILOQ_PASSWORD))
            .api_key(SecretString::from(ILOQ_API_KEY))
    };
    let allth = || {
        allthenticate_sdk::Client::builder()
            .base_url(url)
            .api_key(SecretString::from(ALLTH_KEY))
    };
    let ef = || ef45_sdk::Client::builder().base_url(url);
    let soap =
        || easysecure_sdk::soap::SoapClient::builder(SecretString::from(COMPANY_KEY)).base_url(url);
    vec![
        (
            "EasySecure REST: login_admin",
            refusal(
                format!("{:?}", es()),
                es().login_admin(
                    "EasySecure",
                    "api@example.com",
                    SecretString::from(ES_PASSWORD),
                )
                .await,
            ),
        ),
        (
            "EasySecure REST: with_tokens",
            refused(
                format!("{:?}", es()),
                es().with_tokens::<easysecure_sdk::auth::Admin>(easysecure_sdk::auth::Tokens::new(
                    SecretString::from(ES_ID_TOKEN),
                    None,
                )),
            ),
        ),
        (
            "EasySecure REST: build_transport",
            refused(format!("{:?}", es()), es().build_transport()),
        ),
        (
            "ESWS: SoapClient::builder(..).build",
            refused(format!("{:?}", soap()), soap().build()),
        ),
        (
            "iLOQ: build",
            refused(format!("{:?}", iloq()), iloq().build()),
        ),
        (
            "Allthenticate: build",
            refused(format!("{:?}", allth()), allth().build()),
        ),
        ("EF-45: build", refused(format!("{:?}", ef()), ef().build())),
    ]
}

#[tokio::test]
async fn a_base_url_with_user_info_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let port = server.address().port();
    let urls = [
        (
            "https://agent:pa55-w0rd-Secret@host.example/".to_string(),
            URL_PASSWORD,
        ),
        (
            format!("http://agent:pa55-w0rd-Secret@127.0.0.1:{port}/"),
            URL_PASSWORD,
        ),
        (
            format!("http://pa55-w0rd-Secret@127.0.0.1:{port}/api"),
            URL_PASSWORD,
        ),
        (
            format!("http://agent:pa55%2Fw0rd%2BSecret@127.0.0.1:{port}/"),
            "pa55/w0rd+Secret",
        ),
    ];
    let mut cells = 0;
    let mut failures = Vec::new();
    let mut all = Vec::new();
    let mut results = Vec::new();
    for (url, password) in &urls {
        for (name, r) in builders(url).await {
            results.push((name, url.clone(), *password, r));
        }
    }
    // The EF-45 device shorthand: `http://{host}:9980/1.0`.
    let host = format!("agent:{URL_PASSWORD}@127.0.0.1");
    let device = || ef45_sdk::Client::builder().device(&host);
    results.push((
        "EF-45: device(host)",
        host.clone(),
        URL_PASSWORD,
        refused(format!("{:?}", device()), device().build()),
    ));
    for (name, url, password, r) in results {
        cells += 1;
        if !r.validation || r.kind != ErrorKind::InvalidInput {
            failures.push(format!(
                "{name} with {url}: not a Validation error of kind InvalidInput: {:?}",
                r.texts
            ));
        }
        let mut texts = r.texts.clone();
        texts.push(r.debug.clone());
        for text in &texts {
            if leaked(text, &[password]).is_some() {
                failures.push(format!("{name} with {url}: the password in: {text}"));
            }
        }
        all.push((texts, password));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (texts, password) in &all {
        assert_no_secret_in(texts, &[password]);
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "a request was sent: {received:?}");
    println!("base URL with user info: {cells} cells");
}

// ---------------------------------------------------------------------------
// The checks can fail.

/// The check finds a secret in every encoding a server gives it, and finds
/// nothing in a scrubbed text: each table's assertion fires on a leak.
#[test]
fn the_checks_fire_on_a_leak() {
    let u_all = |s: &str| -> String { s.chars().map(|c| format!("\\u{:04x}", c as u32)).collect() };
    let xml_refs = |s: &str| -> String { s.chars().map(|c| format!("&#{};", c as u32)).collect() };
    let percent = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let cases = [
        // (a): a SessionID escaped one character at a time, a SignKey `\/`.
        (
            format!("body starts with {{\"SessionID\":\"{}\"", u_all(ILOQ_SID)),
            ILOQ_SID,
        ),
        (
            format!("…\"SignKey\":\"{}\"…", ILOQ_SIGN_KEY.replace('/', "\\/")),
            ILOQ_SIGN_KEY,
        ),
        (
            format!("<return>{}</return>", xml_refs(AUTO_SYNC_TOKEN)),
            AUTO_SYNC_TOKEN,
        ),
        (format!("lock_uid={LOCK_UID}"), LOCK_UID),
        (
            format!("{{\"magic_token\":\"{}", &MAGIC_TOKEN[..12]),
            &MAGIC_TOKEN[..12],
        ),
        // (b): the key echoed percent-encoded, and quoted by Debug.
        (
            format!("x-api-key%3A+{}", percent(ILOQ_API_KEY)),
            ILOQ_API_KEY,
        ),
        (
            format!("{:?}", format!("x-api-key: {ILOQ_API_KEY}")),
            ILOQ_API_KEY,
        ),
        // (c): the password of a URL.
        (
            "https://agent:pa55-w0rd-Secret@host.example/".into(),
            URL_PASSWORD,
        ),
    ];
    for (text, secret) in &cases {
        assert_eq!(leaked(text, &[secret]), Some(*secret), "{text}");
    }
    // The testkit's assertion, which every table runs last, fires as well.
    let (text, secret) = &cases[0];
    let caught = std::panic::catch_unwind(|| assert_no_secret_in(&[text], &[secret]));
    assert!(caught.is_err(), "assert_no_secret_in let {text} through");
    let clean = "could not decode the response (status 200) at `.`: EOF; body starts with \
                 \"{\\\"SessionID\\\":\\\"[redacted]…\"";
    let every = [
        ILOQ_SID,
        ILOQ_SIGN_KEY,
        AUTO_SYNC_TOKEN,
        LOCK_UID,
        MAGIC_TOKEN,
        ILOQ_API_KEY,
        URL_PASSWORD,
    ];
    assert_eq!(leaked(clean, &every), None);
    // A shape's proof of relevance fires too: a naive excerpt shows the secret.
    let row = &answered_rows()[0];
    let naive = DecodeError::new(200, ".", "x", &row.shapes[0].body).to_string();
    assert!(leaked(&naive, &row.secrets).is_some(), "{naive}");
}
