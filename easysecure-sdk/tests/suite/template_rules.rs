//! The template's rules on EasySecure: the vendor's code and text readable from
//! every error, bounded lists, and one classification of HTTP 500.

use access_core::testkit::mount_catch_all;
use access_core::{Error, ErrorKind, PagingError, ServiceError};
use easysecure_sdk::Client;
use easysecure_sdk::auth::Admin;
use easysecure_sdk::groups::GetGroupsError;
use easysecure_sdk::sync::{AdminSync, AdminSyncError};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

async fn setup() -> (MockServer, Client<Admin>) {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/admins/login"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"idToken": "t", "refreshToken": "r"})),
        )
        .with_priority(5)
        .mount(&server)
        .await;
    let admin = Client::builder()
        .base_url(server.uri())
        .login_admin("EasySecure", "a@example.com", "pw".to_string().into())
        .await
        .unwrap();
    (server, admin)
}

async fn answer(server: &MockServer, p: &str, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(p))
        .respond_with(response)
        .with_priority(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn code_and_message_read_the_vendors_text() {
    let (server, admin) = setup().await;
    answer(
        &server,
        "/admins/sync",
        ResponseTemplate::new(404).set_body_json(
            json!({"message": "User not linked to location", "url": "/admins/sync", "code": 404}),
        ),
    )
    .await;
    let err = admin.syncs().start(AdminSync::all()).await.unwrap_err();
    assert_eq!(err.code(), Some("404"));
    assert_eq!(err.message(), Some("User not linked to location"));
    let service = err.service_error().unwrap();
    assert!(matches!(
        service,
        AdminSyncError::UserNotLinkedToLocation { status: 404, .. }
    ));
    assert_eq!(ServiceError::code(service), Some("404"));
    assert_eq!(
        ServiceError::message(service),
        Some("User not linked to location")
    );
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

fn users(from: usize, n: usize) -> Value {
    Value::Array(
        (from..from + n)
            .map(|i| json!({"UserId": i.to_string(), "wsAltUserId": format!("E{i}")}))
            .collect(),
    )
}

#[tokio::test]
async fn a_server_answering_the_same_page_twice_ends_the_stream() {
    let (server, admin) = setup().await;
    // The server ignores `page`: always the same 1000 users.
    answer(
        &server,
        "/admins/getUsers",
        ResponseTemplate::new(200).set_body_json(users(1, 1000)),
    )
    .await;
    let mut stream = admin.users().stream();
    let mut n = 0;
    let err = loop {
        match stream.try_next().await {
            Ok(Some(_)) => n += 1,
            Ok(None) => panic!("the stream must end with an error"),
            Err(e) => break e,
        }
    };
    assert_eq!(n, 1000);
    assert!(
        matches!(err, Error::Paging(PagingError::RepeatedPage { page: 2 })),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    let err = admin.users().all().await.unwrap_err();
    assert!(matches!(err, Error::Paging(_)), "{err:?}");
    let err = admin
        .users()
        .find(&easysecure_sdk::WsAltUserId::new("nobody").unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Paging(_)), "{err:?}");
}

/// Full pages forever, each with new users.
struct Endless;

impl Respond for Endless {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let page = body.get("page").and_then(Value::as_u64).unwrap_or(1) as usize;
        ResponseTemplate::new(200).set_body_json(users((page - 1) * 1000 + 1, 1000))
    }
}

#[tokio::test]
async fn full_pages_forever_end_within_the_bound() {
    let (server, admin) = setup().await;
    Mock::given(method("POST"))
        .and(path("/admins/getUsers"))
        .respond_with(Endless)
        .with_priority(1)
        .mount(&server)
        .await;
    let err = admin.users().pager().max_pages(5).all().await.unwrap_err();
    assert!(
        matches!(err, Error::Paging(PagingError::TooManyPages { limit: 5 })),
        "{err:?}"
    );
    let sent = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/admins/getUsers")
        .count();
    assert_eq!(sent, 5);
}

#[tokio::test]
async fn an_http_500_is_other_and_a_foreign_body_is_unexpected() {
    let (server, admin) = setup().await;
    answer(
        &server,
        "/admins/getGroups",
        ResponseTemplate::new(500).set_body_json(
            json!({"message": "Database on fire", "url": "/admins/getGroups", "code": "500"}),
        ),
    )
    .await;
    let err = admin.groups().list().await.unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(GetGroupsError::Unknown { status: 500, .. })
        ),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::Other);
    assert!(!err.is_retryable());
    assert_eq!(err.message(), Some("Database on fire"));

    server.reset().await;
    mount_catch_all(&server).await;
    answer(
        &server,
        "/admins/getGroups",
        ResponseTemplate::new(500).set_body_string("<html><body>Internal error</body></html>"),
    )
    .await;
    let err = admin.groups().list().await.unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 500, .. }),
        "{err:?}"
    );
    // Nor is JSON of another shape an EasySecure error.
    server.reset().await;
    mount_catch_all(&server).await;
    answer(
        &server,
        "/admins/getGroups",
        ResponseTemplate::new(500).set_body_json(json!({"error": "upstream"})),
    )
    .await;
    let err = admin.groups().list().await.unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 500, .. }),
        "{err:?}"
    );
}
