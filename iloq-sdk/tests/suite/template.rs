//! The template's shared rules on iLOQ: the vendor's code and text readable on
//! every error, one classification of HTTP 500 and foreign bodies, and the
//! lock log listing bounded by access-core's pager.

use access_core::http::Response;
use access_core::testkit::mount_catch_all;
use access_core::{Error, ErrorKind, PagingError, ServiceError};
use chrono::{TimeZone, Utc};
use futures_util::StreamExt;
use iloq_sdk::lock_logs::{GetLockLogsError, LockLogFilter};
use iloq_sdk::locks::ListLocksError;
use iloq_sdk::persons::{GetPersonError, ListPersonsError};
use iloq_sdk::{Client, LockId, PersonId, SecretString};
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LG: &str = "9a1e6f44-1111-4222-8333-944455556666";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/Url/GetUrl"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(null)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/CreateSession"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"Result": 0, "SessionID": "aaaaaaaa-0000-4000-8000-000000000001"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/LockGroups"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"LockGroup_ID": LG, "OptionMask": 0}])),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/SetLockgroup"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"RightsMask": 1})))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from("pw-template-test"))
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap()
}

fn filter() -> LockLogFilter {
    LockLogFilter::new(
        vec![LockId::new(Uuid::from_u128(30))],
        vec![],
        Utc.with_ymd_and_hms(2025, 5, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2025, 5, 2, 0, 0, 0).unwrap(),
    )
    .unwrap()
}

fn log(n: u128) -> serde_json::Value {
    json!({"DeviceLog_ID": Uuid::from_u128(n), "TypeMask": 4, "GoingDateUtc": "2025-05-01T08:00:00Z"})
}

#[tokio::test]
async fn code_and_message_read_iloqs_own_words() {
    let s = server().await;
    let pid = PersonId::new(Uuid::from_u128(5));
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/Persons/{pid}")))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"Code": "ValidationFailed", "Message": format!("Invalid value ({pid}) for parameter id.")}),
        ))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let err = client(&s).persons().get(pid).await.unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(GetPersonError::NotFound { .. })
    ));
    assert_eq!(err.code(), Some("ValidationFailed"));
    assert_eq!(
        err.message(),
        Some(format!("Invalid value ({pid}) for parameter id.").as_str())
    );
    let e = err.service_error().unwrap();
    assert_eq!(ServiceError::code(e), Some("ValidationFailed"));
    assert_eq!(e.status(), 400);
    // A bare JSON string is iLOQ's message without a code.
    let r = Response::new(401, Default::default(), "\"Session expired\"");
    let e = ListPersonsError::from_response(&r).unwrap();
    assert_eq!((e.code(), e.message()), (None, "Session expired"));
    assert_eq!(ServiceError::kind(&e), ErrorKind::Auth);
    // Code "Unauthorized" at any status is Auth; "ValidationFailed" is InvalidInput.
    let r = Response::new(
        403,
        Default::default(),
        r#"{"Code":"Unauthorized","Message":"no right"}"#,
    );
    let e = ListPersonsError::from_response(&r).unwrap();
    assert!(matches!(e, ListPersonsError::Unauthorized { .. }));
    let r = Response::new(
        409,
        Default::default(),
        r#"{"code":"ValidationFailed","message":"bad"}"#,
    );
    let e = ListPersonsError::from_response(&r).unwrap();
    assert!(matches!(e, ListPersonsError::ValidationFailed { .. }));
    assert_eq!(ServiceError::kind(&e), ErrorKind::InvalidInput);
    // JSON of another shape is no iLOQ failure.
    let r = Response::new(400, Default::default(), r#"{"error":"nope"}"#);
    assert!(ListPersonsError::from_response(&r).is_none());
}

#[tokio::test]
async fn http_500_with_iloqs_body_is_unknown_other_and_html_is_unexpected_status() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/Locks"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"Code": "InternalError", "Message": "database timeout"})),
        )
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/Persons"))
        .respond_with(
            ResponseTemplate::new(500).set_body_raw("<html>bad gateway</html>", "text/html"),
        )
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let c = client(&s);
    let err = c.locks().list().await.unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(ListLocksError::Unknown { status: 500, .. })
        ),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::Other);
    assert!(!err.is_retryable());
    assert_eq!(err.message(), Some("database timeout"));
    let err = c.persons().list().await.unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 500, .. }),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    // The same rule without a server.
    let empty = Response::new(500, Default::default(), "");
    assert!(matches!(
        Error::<ListLocksError>::from_failure(&empty),
        Error::UnexpectedStatus { status: 500, .. }
    ));
}

#[tokio::test]
async fn a_window_answered_with_the_rows_of_the_one_before_ends_the_listing() {
    let s = server().await;
    // The first window overflows and is split; the server then answers both
    // halves with the same rows.
    Mock::given(method("POST"))
        .and(path("/api/v2/LockLogs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"LockLogs": [log(1), log(2)], "TotalCount": 5000})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/LockLogs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"LockLogs": [log(1), log(2)], "TotalCount": 2})),
        )
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let c = client(&s);
    let got: Vec<_> = c.lock_logs().stream(filter()).collect().await;
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got[..2].iter().all(Result::is_ok));
    assert!(
        matches!(got[2], Err(Error::Paging(PagingError::RepeatedPage { .. }))),
        "{:?}",
        got[2]
    );
}

#[tokio::test]
async fn windows_that_overflow_forever_end_within_the_bound() {
    let s = server().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/LockLogs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"LockLogs": [log(1)], "TotalCount": 2000})),
        )
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let c = client(&s);
    let err = c
        .lock_logs()
        .pager(filter())
        .max_pages(8)
        .all()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Paging(PagingError::TooManyPages { limit: 8 })),
        "{err:?}"
    );
    let calls = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/api/v2/LockLogs")
        .count();
    assert_eq!(calls, 8);
    // Without a bound of its own the listing still ends: the one-second windows
    // repeat the same rows.
    let err: Result<Vec<_>, Error<GetLockLogsError>> = c.lock_logs().all(filter()).await;
    assert!(matches!(err, Err(Error::Paging(_))), "{err:?}");
}
