//! The template's error rules, the same in every vendor crate: the vendor's text
//! through `code()`/`message()`, an HTTP 500 with the vendor's body is `Other`
//! and not retryable, a body that is not the vendor's is `UnexpectedStatus`, and
//! every enum has the same general rows with at most one `NotFound`.
//!
//! Allthenticate pages nothing (`/multipleusers` and `/multipleresources` answer
//! one bare array), so there is no pager to bound: the list test checks that a
//! list is one request.

use std::time::Duration;

use access_core::ErrorKind;
use access_core::error_table::ErrorRow;
use access_core::http::RetryPolicy;
use access_core::testkit::mount_catch_all;
use allthenticate_sdk::groups::{CreateGroupError, UpdateGroupError};
use allthenticate_sdk::guest_links::CreateMagicLinkError;
use allthenticate_sdk::resources::{
    ListResources, ListResourcesError, MassLock, MassLockError, SetLockStatusError,
};
use allthenticate_sdk::smartcards::ModifySmartcardsError;
use allthenticate_sdk::users::{InviteError, ListUsers, ListUsersError};
use allthenticate_sdk::{Client, Error, SecretString};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SecretString::from("template-key-5b1f"))
        .attempt_timeout(Duration::from_millis(500))
        .retry(
            RetryPolicy::standard()
                .with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    (server, client)
}

async fn answer(server: &MockServer, m: &str, p: &str, response: ResponseTemplate) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn code_and_message_read_the_vendors_text() {
    let (server, client) = setup().await;
    answer(
        &server,
        "POST",
        "/masslock",
        ResponseTemplate::new(403).set_body_json(json!({"error": "Requires assurance level 3"})),
    )
    .await;
    let e = client
        .resources()
        .mass_lock(MassLock::lock_all())
        .await
        .unwrap_err();
    assert_eq!(e.message(), Some("Requires assurance level 3"));
    // Allthenticate sends no error codes.
    assert_eq!(e.code(), None);
    let se = e.service_error().unwrap();
    assert!(matches!(
        se,
        MassLockError::AssuranceRequired { status: 403, .. }
    ));
    assert_eq!(
        access_core::ServiceError::message(se),
        Some("Requires assurance level 3")
    );
    assert_eq!(se.to_string(), "Requires assurance level 3");

    // A failure no row names keeps its text too, marked undocumented.
    answer(
        &server,
        "GET",
        "/multipleusers",
        ResponseTemplate::new(418).set_body_json(json!({"error": "teapot"})),
    )
    .await;
    let e = client.users().list(ListUsers::new()).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ListUsersError::Unknown { status: 418, .. })
    ));
    assert_eq!(e.message(), Some("teapot"));
    assert_eq!(e.kind(), ErrorKind::Other);
    assert_eq!(
        e.service_error().unwrap().to_string(),
        "teapot (undocumented)"
    );
}

#[tokio::test]
async fn a_500_with_the_vendors_body_is_other_and_not_retried() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/multipleresources"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": "database down"})))
        .expect(1)
        .mount(&server)
        .await;
    let e = client
        .resources()
        .list(ListResources::new())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ListResourcesError::Server { status: 500, .. })
    ));
    assert_eq!(e.kind(), ErrorKind::Other);
    assert!(!e.is_retryable());
    assert_eq!(e.message(), Some("database down"));
    server.verify().await;
}

#[tokio::test]
async fn a_503_with_the_vendors_body_is_transient() {
    let (server, client) = setup().await;
    answer(
        &server,
        "POST",
        "/masslock",
        ResponseTemplate::new(503).set_body_json(json!({"error": "busy"})),
    )
    .await;
    let e = client
        .resources()
        .mass_lock(MassLock::lock_all())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(MassLockError::Unavailable { status: 503, .. })
    ));
    assert_eq!(e.kind(), ErrorKind::Transient);
    assert!(e.is_retryable());
}

#[tokio::test]
async fn foreign_bodies_are_unexpected_status() {
    let (server, client) = setup().await;
    answer(
        &server,
        "GET",
        "/multipleresources",
        ResponseTemplate::new(500)
            .set_body_string("<html><body>Internal Server Error</body></html>"),
    )
    .await;
    answer(
        &server,
        "GET",
        "/multipleusers",
        ResponseTemplate::new(500).set_body_json(json!({"message": "another shape"})),
    )
    .await;
    answer(&server, "POST", "/masslock", ResponseTemplate::new(500)).await;

    let e = client
        .resources()
        .list(ListResources::new())
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::UnexpectedStatus { status: 500, .. }),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Other);
    assert!(!e.is_retryable());
    assert_eq!(e.message(), None);

    let e = client.users().list(ListUsers::new()).await.unwrap_err();
    assert!(
        matches!(e, Error::UnexpectedStatus { status: 500, .. }),
        "{e:?}"
    );

    let e = client
        .resources()
        .mass_lock(MassLock::lock_all())
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::UnexpectedStatus { status: 500, .. }),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_list_is_one_request() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/multipleresources"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"resource_id": 1, "name": "A", "resource_type": "DOOR"},
            {"resource_id": 2, "name": "B", "resource_type": "COMPUTER"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let all = client.resources().list(ListResources::new()).await.unwrap();
    assert_eq!(all.len(), 2);
    server.verify().await;
}

/// The general rows, in order, that end every enum of the crate.
const GENERAL: [(&str, ErrorKind); 7] = [
    ("Refused", ErrorKind::InvalidInput),
    ("Unauthorized", ErrorKind::Auth),
    ("NotFound", ErrorKind::NotFound),
    ("Conflict", ErrorKind::Conflict),
    ("RateLimited", ErrorKind::RateLimited),
    ("Unavailable", ErrorKind::Transient),
    ("Server", ErrorKind::Other),
];

#[test]
fn every_enum_ends_with_the_general_rows_and_has_one_not_found() {
    let tables: [(&str, &[ErrorRow]); 9] = [
        ("ListUsersError", ListUsersError::ROWS),
        ("InviteError", InviteError::ROWS),
        ("CreateGroupError", CreateGroupError::ROWS),
        ("UpdateGroupError", UpdateGroupError::ROWS),
        ("ModifySmartcardsError", ModifySmartcardsError::ROWS),
        ("CreateMagicLinkError", CreateMagicLinkError::ROWS),
        ("ListResourcesError", ListResourcesError::ROWS),
        ("SetLockStatusError", SetLockStatusError::ROWS),
        ("MassLockError", MassLockError::ROWS),
    ];
    for (name, rows) in tables {
        assert!(rows.len() >= GENERAL.len(), "{name}");
        let tail = &rows[rows.len() - GENERAL.len()..];
        for (row, (variant, kind)) in tail.iter().zip(GENERAL) {
            assert_eq!((row.variant, row.kind), (variant, kind), "{name}");
        }
        let not_found = rows
            .iter()
            .filter(|r| r.kind == ErrorKind::NotFound)
            .count();
        assert_eq!(not_found, 1, "{name}");
    }
}
