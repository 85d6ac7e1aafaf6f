//! Redirects with a caller's HTTP client (issue 16, class 4): every vendor
//! client built with a caller's `reqwest::ClientBuilder` whose policy follows up
//! to ten redirects still follows none. Against a server answering
//! 301/302/303/307/308 with a `Location` on a second server, a credentialed call
//! of each crate fails with `Error::UnexpectedStatus` carrying the 3xx, and the
//! second server receives nothing: no header, query parameter, body or id with a
//! credential ever reaches the host a `Location` names.

use std::future::Future;
use std::pin::Pin;

use access_core::http::{Endpoint, Transport};
use access_core::testkit::StaticAuth;
use access_core::{AnyError, Error};
use secrecy::SecretString;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

type Call = Pin<Box<dyn Future<Output = Result<(), Error<AnyError>>> + Send>>;

/// A builder of the kind a caller hands in: it would follow ten redirects.
fn following() -> reqwest::ClientBuilder {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10))
}

/// One credentialed call of one crate: its name, the credential it carries, and
/// the call on a client built for `uri` with [`following`].
struct Row {
    name: &'static str,
    secret: &'static str,
    call: fn(String) -> Call,
}

fn erased<T, E: access_core::ServiceError>(r: Result<T, Error<E>>) -> Result<(), Error<AnyError>> {
    r.map(|_| ()).map_err(Error::erase)
}

/// A vendor endpoint sent through a transport built with [`following`] and a
/// fixed credential (the crate's session credential).
async fn via_transport<E: Endpoint>(
    vendor: &'static str,
    uri: String,
    auth: StaticAuth,
    endpoint: E,
) -> Result<(), Error<AnyError>> {
    let t = Transport::builder(vendor)
        .base_url(uri)
        .http_client(following())
        .build()
        .unwrap();
    erased(t.send(&endpoint, Some(&auth)).await)
}

fn allthenticate(
    uri: String,
    placement: allthenticate_sdk::auth::KeyPlacement,
    post: bool,
) -> Call {
    Box::pin(async move {
        let client = allthenticate_sdk::Client::builder()
            .base_url(uri)
            .http_client(following())
            .api_key(SecretString::from("allth-key-redirect-51"))
            .key_placement(placement)
            .build()
            .unwrap();
        if post {
            let group = allthenticate_sdk::groups::CreateGroup::users(
                "Night shift",
                [allthenticate_sdk::EmailId::new(1)],
            )
            .unwrap();
            erased(client.send(&group).await)
        } else {
            erased(
                client
                    .send(&allthenticate_sdk::users::ListUsers::new())
                    .await,
            )
        }
    })
}

fn rows() -> Vec<Row> {
    use allthenticate_sdk::auth::KeyPlacement;
    vec![
        Row {
            name: "iLOQ client: x-api-key (and the login) on its first call",
            secret: "iloq-gateway-key-77",
            call: |uri| {
                Box::pin(async move {
                    let client = iloq_sdk::Client::builder()
                        .base_url(uri)
                        .http_client(following())
                        .customer_code("CUST-1")
                        .credentials("agent", SecretString::from("iloq-pass-redirect"))
                        .api_key(SecretString::from("iloq-gateway-key-77"))
                        .build()
                        .unwrap();
                    erased(client.send(&iloq_sdk::persons::ListPersons::new()).await)
                })
            },
        },
        Row {
            name: "iLOQ: SessionId header",
            secret: "3f2b8a52-0c47-4e57-9f40-5d0f3c1e2a11",
            call: |uri| {
                Box::pin(via_transport(
                    "iloq",
                    uri,
                    StaticAuth::none().header("sessionid", "3f2b8a52-0c47-4e57-9f40-5d0f3c1e2a11"),
                    iloq_sdk::persons::ListPersons::new(),
                ))
            },
        },
        Row {
            name: "Allthenticate: key in a header",
            secret: "allth-key-redirect-51",
            call: |uri| {
                allthenticate(
                    uri,
                    KeyPlacement::Header(reqwest::header::HeaderName::from_static("x-api-key")),
                    false,
                )
            },
        },
        Row {
            name: "Allthenticate: key in the query",
            secret: "allth-key-redirect-51",
            call: |uri| allthenticate(uri, KeyPlacement::Query, false),
        },
        Row {
            name: "Allthenticate: key in the JSON body (POST)",
            secret: "allth-key-redirect-51",
            call: |uri| allthenticate(uri, KeyPlacement::Parameter, true),
        },
        Row {
            name: "EasySecure SOAP: company key in the body",
            secret: "company-key-redirect-5d2e",
            call: |uri| {
                Box::pin(async move {
                    let client = easysecure_sdk::soap::SoapClient::builder(SecretString::from(
                        "company-key-redirect-5d2e",
                    ))
                    .base_url(uri)
                    .http_client(following())
                    .build()
                    .unwrap();
                    let op = easysecure_sdk::soap::groups::GetGroups::new(client.key());
                    erased(client.send(&op).await)
                })
            },
        },
        Row {
            name: "EasySecure REST: password in the login body",
            secret: "es-pass-redirect-91",
            call: |uri| {
                Box::pin(async move {
                    let r = easysecure_sdk::Client::builder()
                        .base_url(uri)
                        .http_client(following())
                        .login_admin(
                            "EasySecure",
                            "api@example.com",
                            SecretString::from("es-pass-redirect-91"),
                        )
                        .await;
                    erased(r)
                })
            },
        },
        Row {
            name: "EasySecure REST: bearer token",
            secret: "id-token-redirect-7f3a9c",
            call: |uri| {
                Box::pin(via_transport(
                    "easysecure",
                    uri,
                    StaticAuth::none().header("authorization", "Bearer id-token-redirect-7f3a9c"),
                    easysecure_sdk::groups::GetGroups::new(),
                ))
            },
        },
        Row {
            name: "EF-45: lock_uid in the query",
            secret: "13dbb896-ed1e-4c59-a4b0-redirect",
            call: |uri| {
                Box::pin(via_transport(
                    "ef45",
                    uri,
                    StaticAuth::none().query("lock_uid", "13dbb896-ed1e-4c59-a4b0-redirect"),
                    ef45_sdk::users::ListUsers::new(ef45_sdk::model::Paging::all()),
                ))
            },
        },
        Row {
            name: "EF-45 client: its first call (connect)",
            secret: "-",
            call: |uri| {
                Box::pin(async move {
                    let client = ef45_sdk::Client::builder()
                        .base_url(uri)
                        .http_client(following())
                        .build()
                        .unwrap();
                    erased(
                        client
                            .send(&ef45_sdk::users::ListUsers::new(
                                ef45_sdk::model::Paging::all(),
                            ))
                            .await,
                    )
                })
            },
        },
    ]
}

#[tokio::test]
async fn no_vendor_client_follows_a_redirect_whatever_builder_it_is_given() {
    let mut cells = 0;
    for row in rows() {
        for status in STATUSES {
            let (first, second) = (MockServer::start().await, MockServer::start().await);
            Mock::given(any())
                .respond_with(
                    ResponseTemplate::new(status)
                        .insert_header("Location", format!("{}/collect", second.uri())),
                )
                .mount(&first)
                .await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
                .mount(&second)
                .await;
            let err = (row.call)(first.uri())
                .await
                .expect_err(&format!("{} x {status}: the call succeeded", row.name));
            // A call's own 3xx is `UnexpectedStatus`; a 3xx to the session's
            // login is the same error, reported by the session that could not start.
            let unexpected = match &err {
                Error::UnexpectedStatus { status: s, .. } => *s == status,
                Error::Auth(access_core::AuthError::RenewalFailed { message, .. }) => {
                    message.contains(&format!("unexpected HTTP status {status}"))
                }
                _ => false,
            };
            assert!(unexpected, "{} x {status}: {err}", row.name);
            let stolen = second.received_requests().await.unwrap();
            assert!(
                stolen.is_empty(),
                "{} x {status}: the Location host received {} request(s)",
                row.name,
                stolen.len()
            );
            let sent = first.received_requests().await.unwrap();
            assert!(
                !sent.is_empty(),
                "{} x {status}: nothing was sent",
                row.name
            );
            if row.secret != "-" {
                // The credential was on the request the redirect answered.
                let carried = sent.iter().any(|r| {
                    r.url.as_str().contains(row.secret)
                        || r.headers.values().any(|v| {
                            v.as_bytes() == row.secret.as_bytes()
                                || v.to_str().is_ok_and(|v| v.contains(row.secret))
                        })
                        || String::from_utf8_lossy(&r.body).contains(row.secret)
                });
                assert!(
                    carried,
                    "{} x {status}: the credential was not on the request",
                    row.name
                );
            }
            cells += 1;
        }
    }
    assert_eq!(cells, 10 * STATUSES.len());
}
