//! The vendor-crate template's rules on the EF-45: the device's code and text
//! through `code()`/`message()`, every paged list bounded by the shared pager,
//! and one classification of failures (a 500 in the device's shape is
//! `Unknown`/Other, anything else is `UnexpectedStatus`).

#![cfg(feature = "testkit")]

use std::fmt::Debug;

use access_core::paging::Pager;
use access_core::{Error, ErrorKind, PagingError, ServiceError};
use ef45_sdk::Client;
use ef45_sdk::UserUuid;
use ef45_sdk::error::{DeviceCode, DeviceErrorCode};
use ef45_sdk::subjects::GetSubjectError;
use ef45_sdk::users::DeleteUserError;
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const LOCK: &str = "13dbb896-ed1e-11e6-9822-503f98000109";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1.0/lock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "lock_uid": LOCK })))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/1.0", server.uri()))
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap()
}

fn user(id: &str) -> UserUuid {
    UserUuid::new(id).unwrap()
}

#[tokio::test]
async fn code_and_message_read_the_device_text() {
    let server = server().await;
    Mock::given(method("DELETE"))
        .and(path("/1.0/user/nobody"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "status_code": 404,
            "reason_phrase": "Not Found",
            "error_no": -761,
            "error_message": "user uuid does not exist"
        })))
        .mount(&server)
        .await;
    let c = client(&server);
    let e = c.users().delete(&user("nobody")).await.unwrap_err();
    assert_eq!(e.code(), Some("-761"));
    assert_eq!(e.message(), Some("user uuid does not exist"));
    let service = e.service_error().unwrap();
    assert!(matches!(
        service,
        DeleteUserError::NotFound { status: 404, .. }
    ));
    assert_eq!(ServiceError::code(service), Some("-761"));
    assert_eq!(
        ServiceError::message(service),
        Some("user uuid does not exist")
    );
    assert_eq!(service.device_code(), Some(DeviceErrorCode::UserNotFound));
    assert_eq!(e.kind(), ErrorKind::NotFound);
    // Erased for the vendor-neutral traits, the code and text stay readable.
    let erased = e.erase();
    assert_eq!(erased.code(), Some("-761"));
    assert_eq!(erased.message(), Some("user uuid does not exist"));
}

#[tokio::test]
async fn code_and_message_on_the_simulator() {
    let device = ef45_sdk::testkit::SimulatedEf45::start().await;
    let c = Client::builder()
        .base_url(device.base_url())
        .build()
        .unwrap();
    let e = c.subjects().get(&user("nobody")).await.unwrap_err();
    assert_eq!(e.code(), Some("-201"));
    assert_eq!(e.message(), Some("subject uuid does not exist"));
    assert!(matches!(
        e.service_error(),
        Some(GetSubjectError::NotFound { .. })
    ));
}

/// Answers every list page with `page_size` rows and `has_more: true`: the rows
/// of the page asked (`repeat: false`, a list without end) or always the rows
/// of page 1 (`repeat: true`, a server that ignores `page`).
struct Pages {
    row: Row,
    repeat: bool,
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let q = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse::<u32>().ok())
        };
        let page = q("page").unwrap_or(1);
        let size = q("page_size").unwrap_or(50);
        let shown = if self.repeat { 1 } else { page };
        let items: Vec<Value> = (0..size).map(|i| (self.row)(shown, i)).collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "status_code": 200, "reason_phrase": "OK", "items": items,
            "page": page, "page_size": size, "has_more": true, "total": 1_000_000
        }))
    }
}

fn id(page: u32, i: u32) -> String {
    format!("{page}-{i}")
}

fn subject_row(page: u32, i: u32) -> Value {
    json!({"user_uuid": id(page, i), "last_name": "Doe", "first_name": "Jo"})
}

fn face_row(page: u32, i: u32) -> Value {
    json!({"user_uuid": id(page, i), "sub_id": 1})
}

fn log_row(page: u32, i: u32) -> Value {
    json!({"id": page * 1000 + i, "event_type": "Recognition"})
}

/// How a list row is written for page and index.
type Row = fn(u32, u32) -> Value;

const LISTS: [(&str, Row); 6] = [
    ("/1.0/subjects", subject_row),
    ("/1.0/user-info", subject_row),
    ("/1.0/user", subject_row),
    ("/1.0/faces", face_row),
    ("/1.0/logs", log_row),
    ("/1.0/logs/from/to", log_row),
];

async fn list_server(repeat: bool) -> MockServer {
    let server = server().await;
    for (p, row) in LISTS {
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(Pages { row, repeat })
            .mount(&server)
            .await;
    }
    server
}

/// Streams the pager to its end and answers how it ended (the number of items
/// yielded and the paging error).
async fn ending<'a, T: Send + 'a, E: Debug + Send + 'a>(
    pager: Pager<'a, T, E>,
) -> (usize, PagingError) {
    let mut s = pager.stream();
    let mut n = 0;
    loop {
        match s.next().await {
            Some(Ok(_)) => n += 1,
            Some(Err(Error::Paging(e))) => {
                assert!(s.next().await.is_none(), "the stream ends after the error");
                return (n, e);
            }
            Some(Err(e)) => panic!("unexpected failure: {e:?}"),
            None => panic!("the list must end with Error::Paging"),
        }
    }
}

#[tokio::test]
async fn a_page_answered_twice_ends_every_list() {
    let server = list_server(true).await;
    let c = client(&server);
    let repeated = PagingError::RepeatedPage { page: 2 };
    assert_eq!(ending(c.subjects().pager(3)).await, (3, repeated.clone()));
    assert_eq!(ending(c.user_info().pager(3)).await, (3, repeated.clone()));
    assert_eq!(ending(c.users().pager(3)).await, (3, repeated.clone()));
    assert_eq!(ending(c.faces().pager(3)).await, (3, repeated.clone()));
    assert_eq!(ending(c.logs().pager(3)).await, (3, repeated.clone()));
    assert_eq!(
        ending(c.logs().since_pager(None, 3)).await,
        (3, repeated.clone())
    );
    // `all` reports the same.
    let e = c.subjects().all(3).await.unwrap_err();
    assert!(matches!(
        e,
        Error::Paging(PagingError::RepeatedPage { page: 2 })
    ));
    assert_eq!(e.kind(), ErrorKind::Other);
    assert!(!e.is_retryable());
}

#[tokio::test]
async fn full_pages_forever_end_within_the_bound() {
    let server = list_server(false).await;
    let c = client(&server);
    let bound = PagingError::TooManyPages { limit: 4 };
    assert_eq!(
        ending(c.subjects().pager(2).max_pages(4)).await,
        (8, bound.clone())
    );
    assert_eq!(
        ending(c.user_info().pager(2).max_pages(4)).await,
        (8, bound.clone())
    );
    assert_eq!(
        ending(c.users().pager(2).max_pages(4)).await,
        (8, bound.clone())
    );
    assert_eq!(
        ending(c.faces().pager(2).max_pages(4)).await,
        (8, bound.clone())
    );
    assert_eq!(
        ending(c.logs().pager(2).max_pages(4)).await,
        (8, bound.clone())
    );
    assert_eq!(
        ending(c.logs().since_pager(Some(5), 2).max_pages(4)).await,
        (8, bound.clone())
    );
}

#[tokio::test]
async fn a_500_in_the_device_shape_is_unknown_other_and_not_retryable() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/1.0/subjects/7"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "status_code": 500, "reason_phrase": "Error",
            "error_no": -1234, "error_message": "internal failure"
        })))
        .mount(&server)
        .await;
    let c = client(&server);
    let e = c.subjects().get(&user("7")).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Service {
                status: 500,
                error: GetSubjectError::Unknown { status: 500, .. }
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Other);
    assert!(!e.is_retryable());
    assert_eq!(e.code(), Some("-1234"));
    assert_eq!(e.message(), Some("internal failure"));
    assert_eq!(
        e.service_error().unwrap().device_code(),
        Some(DeviceErrorCode::Unknown(-1234))
    );
}

#[tokio::test]
async fn a_500_in_another_shape_is_unexpected_status() {
    for (user_id, body) in [
        ("8", "<html><body>500 Internal Server Error</body></html>"),
        ("9", ""),
        ("10", "Internal error"),
        ("11", r#"{"error":"proxy"}"#),
    ] {
        let server = server().await;
        Mock::given(method("GET"))
            .and(path(format!("/1.0/subjects/{user_id}")))
            .respond_with(ResponseTemplate::new(500).set_body_string(body))
            .mount(&server)
            .await;
        let c = client(&server);
        let e = c.subjects().get(&user(user_id)).await.unwrap_err();
        assert!(
            matches!(e, Error::UnexpectedStatus { status: 500, .. }),
            "{body}: {e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::Other);
        assert!(!e.is_retryable());
        assert_eq!(e.code(), None);
    }
}
