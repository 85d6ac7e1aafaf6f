//! Documented failures map to typed variants; session renewal; retry safety;
//! secret hygiene.

use access_core::testkit::mount_catch_all;
use access_core::{AuthError, Error, ErrorKind};
use iloq_sdk::auth::*;
use iloq_sdk::error::*;
use iloq_sdk::keys::OrderKey;
use iloq_sdk::keys::*;
use iloq_sdk::locks::*;
use iloq_sdk::persons::*;
use iloq_sdk::security_accesses::AddKeySecurityAccess;
use iloq_sdk::security_accesses::*;
use iloq_sdk::*;
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PASSWORD: &str = "hunter2-very-secret";
const SID1: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const SID2: &str = "aaaaaaaa-0000-4000-8000-000000000002";
const LG: &str = "9a1e6f44-1111-4222-8333-944455556666";

fn kid() -> KeyId {
    KeyId::new(Uuid::from_u128(77))
}

/// Session mocks; CreateSession answers SID1 once, then SID2.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/Url/GetUrl"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(null)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/CreateSession"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"Result": 0, "SessionID": SID1})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/CreateSession"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"Result": 0, "SessionID": SID2})),
        )
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
        .credentials("agent", SecretString::from(PASSWORD))
        .retry(access_core::http::RetryPolicy::standard().with_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(5),
        ))
        .build()
        .unwrap()
}

#[tokio::test]
async fn expired_session_is_set_up_again_and_the_request_replayed_once() {
    let s = server().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v2/Keys/{}/Order", kid())))
        .and(header("SessionId", SID1))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"Code": "Unauthorized", "Message": format!("Invalid session id: {SID1}")}),
        ))
        .expect(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v2/Keys/{}/Order", kid())))
        .and(header("SessionId", SID2))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let c = client(&s);
    c.send(&OrderKey::new(kid())).await.unwrap();
    assert_eq!(c.session_setups().await, 2);
    let creates = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with("CreateSession"))
        .count();
    assert_eq!(creates, 2);
}

#[tokio::test]
async fn rejected_again_after_renewal_is_an_auth_error() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/Zones"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"Code": "Unauthorized", "Message": "Invalid session id: x"})),
        )
        .expect(2)
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let err = client(&s).zones().list().await.unwrap_err();
    assert!(
        matches!(err, Error::Auth(AuthError::RejectedAfterRenewal { .. })),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::Auth);
}

#[tokio::test]
async fn unknown_ids_are_typed() {
    let s = server().await;
    let pid = PersonId::new(Uuid::from_u128(5));
    Mock::given(method("GET")).and(path(format!("/api/v2/Persons/{pid}")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"Code": "ValidationFailed", "Message": format!("Invalid value ({pid}) for parameter id.")})))
        .mount(&s).await;
    Mock::given(method("GET")).and(path("/api/v2/Persons/GetByExternalPersonIds"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"Code": "ValidationFailed", "Message": "Invalid value (nobody) for parameter externalPersonIds."})))
        .mount(&s).await;
    Mock::given(method("GET"))
        .and(path("/api/v2/Zones"))
        .respond_with(
            ResponseTemplate::new(500).set_body_raw("<html>proxy error</html>", "text/html"),
        )
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/Locks"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_json(json!({"Code": "Conflict", "Message": "something new"})),
        )
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let c = client(&s);
    let err = c.persons().get(pid).await.unwrap_err();
    assert!(
        matches!(err.service_error(), Some(GetPersonError::NotFound { .. })),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::NotFound);
    // code()/message() read iLOQ's Code and Message.
    let invalid = format!("Invalid value ({pid}) for parameter id.");
    assert_eq!(
        (err.code(), err.message()),
        (Some("ValidationFailed"), Some(invalid.as_str()))
    );
    assert!(
        c.persons()
            .by_external_ids(&["nobody"])
            .await
            .unwrap()
            .is_empty()
    );
    let err = c.zones().list().await.unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 500, .. }),
        "{err:?}"
    );
    let err = c.locks().list().await.unwrap_err();
    match err.service_error() {
        Some(ListLocksError::Unknown {
            status,
            code,
            message,
        }) => {
            assert_eq!(
                (*status, code.as_deref().unwrap_or(""), message.as_str()),
                (409, "Conflict", "something new")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.kind(), ErrorKind::Conflict);
}

#[tokio::test]
async fn order_is_refused_with_the_typed_can_order_reason_before_sending() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/Keys/{}/CanOrder", kid())))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(9)))
        .expect(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v2/Keys/{}/Order", kid())))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let err = client(&s).keys().order(kid()).await.unwrap_err();
    assert_eq!(
        err.service_error().and_then(Checked::refusal),
        Some(&CanOrderKey::PhoneNumberMissing)
    );
    assert!(err.to_string().contains("phone number missing"), "{err}");
}

#[tokio::test]
async fn order_is_sent_exactly_once_under_503() {
    let s = server().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v2/Keys/{}/Order", kid())))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/Keys"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let c = client(&s);
    let err = c.send(&OrderKey::new(kid())).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    // A read is retried within the bound (3 attempts by default).
    assert!(c.keys().list().await.is_err());
}

#[tokio::test]
async fn non_api_access_is_refused_before_anything_is_sent() {
    let s = server().await;
    mount_catch_all(&s).await;
    let standard: SecurityAccess = serde_json::from_value(
        json!({"SecurityAccess_ID": Uuid::from_u128(3), "Name": "All doors", "Type": 1}),
    )
    .unwrap();
    let err = AddKeySecurityAccess::new(kid(), standard.clone()).unwrap_err();
    assert_eq!(err.field, "SecurityAccess_ID");
    assert!(err.rule.contains("Type 3"), "{}", err.rule);
    let c = client(&s);
    let err = c
        .security_accesses()
        .add_to_key(kid(), &standard)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert!(!err.may_have_been_sent());
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn failed_login_is_rejected_and_many_lock_groups_need_a_choice() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/Url/GetUrl"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!("")))
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/CreateSession"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"Result": 5, "SessionID": null})),
        )
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let err = client(&s).zones().list().await.unwrap_err();
    match &err {
        Error::Auth(AuthError::Rejected { message }) => {
            assert!(message.contains("invalid credentials"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.to_string().contains(PASSWORD));

    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/LockGroups"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"LockGroup_ID": LG}, {"LockGroup_ID": Uuid::from_u128(9)}])),
        )
        .with_priority(1)
        .mount(&s)
        .await;
    let err = client(&s).zones().list().await.unwrap_err();
    assert!(
        matches!(err, Error::Auth(AuthError::NoSession(ref m)) if m.contains("2 locking systems")),
        "{err:?}"
    );
}

#[tokio::test]
async fn secrets_never_show() {
    let s = server().await;
    let builder = Client::builder()
        .base_url(s.uri())
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from(PASSWORD))
        .api_key(SecretString::from("gateway-key-123"));
    let dbg = format!("{builder:?}");
    assert!(
        !dbg.contains(PASSWORD) && !dbg.contains("gateway-key-123"),
        "{dbg}"
    );
    let c = builder.build().unwrap();
    let state = c.login().await.unwrap();
    for text in [format!("{c:?}"), format!("{state:?}")] {
        assert!(
            !text.contains(PASSWORD) && !text.contains(SID1) && !text.contains("gateway-key-123"),
            "{text}"
        );
    }
    let login = iloq_sdk::auth::CreateSession::new(
        "agent",
        SecretString::from(PASSWORD),
        CustomerCode::new("CUST-1").unwrap(),
    )
    .unwrap();
    assert!(!format!("{login:?}").contains(PASSWORD));
}

#[tokio::test]
async fn hostile_answers_are_typed_errors() {
    let sim = iloq_sdk::testkit::IloqSim::start().await;
    let c = sim.client();
    c.login().await.unwrap();
    sim.faults().malformed_next(r#"[{"FNKey_ID": "not-a-guid"#);
    let err = c.keys().list().await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    sim.faults().malformed_next(r#"[{"Zone_ID": 42}]"#);
    match c.zones().list().await.unwrap_err() {
        Error::Decode(d) => assert_eq!(d.path, "[0].Zone_ID"),
        other => panic!("{other:?}"),
    }
    sim.faults().malformed_next("");
    assert!(matches!(
        c.locks().list().await.unwrap_err(),
        Error::Decode(_)
    ));
    sim.faults().malformed_next("\"seven\"");
    assert!(matches!(
        c.keys().can_order(kid()).await.unwrap_err(),
        Error::Decode(_)
    ));
    // A numeric string is accepted for a Can* answer.
    sim.faults().malformed_next("\"12\"");
    assert_eq!(
        c.keys().can_order(kid()).await.unwrap(),
        CanOrderKey::MainZoneNotSet
    );
}

/// The shapes iLOQ writes its failures in: a bare JSON string is a message
/// without a code; `Code` "Unauthorized" is Auth and "ValidationFailed" is
/// InvalidInput at any status, with the keys in any case.
#[test]
fn iloqs_failure_shapes() {
    use access_core::ServiceError;
    use access_core::http::Response;
    let r = Response::new(401, Default::default(), "\"Session expired\"");
    let e = ListPersonsError::from_response(&r).unwrap();
    assert_eq!((e.code(), e.message()), (None, "Session expired"));
    assert_eq!(ServiceError::kind(&e), ErrorKind::Auth);
    let r = Response::new(
        403,
        Default::default(),
        r#"{"Code":"Unauthorized","Message":"no"}"#,
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
}

/// Lock-log windows that overflow forever are split down to one second, whose
/// repeated rows end the listing with `Error::Paging` even without `max_pages`.
#[tokio::test]
async fn lock_logs_overflowing_forever_end_without_a_bound() {
    use chrono::{TimeZone, Utc};
    let s = server().await;
    let row = json!({"DeviceLog_ID": Uuid::from_u128(1), "TypeMask": 4});
    Mock::given(method("POST"))
        .and(path("/api/v2/LockLogs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"LockLogs": [row], "TotalCount": 2000})),
        )
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let filter = iloq_sdk::lock_logs::LockLogFilter::new(
        vec![LockId::new(Uuid::from_u128(30))],
        vec![],
        Utc.with_ymd_and_hms(2025, 5, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2025, 5, 2, 0, 0, 0).unwrap(),
    )
    .unwrap();
    let err = client(&s).lock_logs().all(filter).await.unwrap_err();
    assert!(matches!(err, Error::Paging(_)), "{err:?}");
}
