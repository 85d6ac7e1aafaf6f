//! Documented failures map to typed errors; door control is sent once; secrets
//! stay out of errors and Debug output.

use std::time::Duration;

use access_core::ErrorKind;
use access_core::http::Endpoint;
use access_core::http::RetryPolicy;
use access_core::model::EmailAddress;
use access_core::testkit::mount_catch_all;
use allthenticate_sdk::SecretString;
use allthenticate_sdk::groups::CreateGroup;
use allthenticate_sdk::guest_links::{CreateMagicLink, CreateMagicLinkError};
use allthenticate_sdk::model::{Smartcard, UnlockTime};
use allthenticate_sdk::resources::{
    ListResources, ListResourcesError, MassLock, MassLockError, SetLockStatus, SetLockStatusError,
};
use allthenticate_sdk::smartcards::{ModifySmartcards, ModifySmartcardsError};
use allthenticate_sdk::users::{Invite, InviteError, ListUsers, ListUsersError};
use allthenticate_sdk::{Client, Error};
use allthenticate_sdk::{EmailId, ResourceId};
use chrono::{TimeZone, Utc};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "very-secret-key-0d4c2a";
const UUID: &str = "750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0";

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SecretString::from(KEY))
        .attempt_timeout(Duration::from_millis(300))
        .retry(
            RetryPolicy::standard()
                .with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    (server, client)
}

async fn answer(server: &MockServer, m: &str, p: &str, status: u16, body: serde_json::Value) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

fn unlock() -> SetLockStatus {
    SetLockStatus::unlock_for(
        SetLockStatus::parse_uuid(UUID).unwrap(),
        UnlockTime::seconds(10).unwrap(),
    )
}

#[tokio::test]
async fn error_bodies_become_typed_errors() {
    let (server, client) = setup().await;
    answer(
        &server,
        "POST",
        "/invites",
        400,
        json!({"error": "emails is required"}),
    )
    .await;
    answer(
        &server,
        "GET",
        "/multipleusers",
        401,
        json!({"error": "Invalid API key"}),
    )
    .await;
    answer(
        &server,
        "GET",
        "/multipleresources",
        500,
        json!({"error": "database down"}),
    )
    .await;
    answer(
        &server,
        "POST",
        "/masslock",
        403,
        json!({"error": "Requires assurance"}),
    )
    .await;
    answer(
        &server,
        "POST",
        "/setlockstatus",
        400,
        json!({"error": "Front door is offline"}),
    )
    .await;
    answer(
        &server,
        "PUT",
        "/modifysmartcards",
        400,
        json!({"error": "Smartcard 42 is a duplicate"}),
    )
    .await;
    answer(
        &server,
        "POST",
        "/magiclinkadmin",
        400,
        json!({"error": "Resource 205 is not a door"}),
    )
    .await;
    answer(
        &server,
        "POST",
        "/groups",
        418,
        json!({"error": {"detail": "teapot"}}),
    )
    .await;

    let e = client
        .send(&Invite::new([EmailAddress::new("a@b.example").unwrap()]).unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(e.service_error(), Some(InviteError::Refused { message, .. }) if message == "emails is required")
    );
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(e.status(), Some(400));

    let e = client.users().list(ListUsers::new()).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ListUsersError::Unauthorized { status: 401, .. })
    ));
    assert_eq!(e.kind(), ErrorKind::Auth);

    let e = client
        .resources()
        .list(ListResources::new())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ListResourcesError::Server { status: 500, .. })
    ));
    assert!(!e.is_retryable());

    let e = client.send(&MassLock::lock_all()).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(MassLockError::AssuranceRequired { status: 403, .. })
    ));
    assert_eq!(e.kind(), ErrorKind::Auth);
    // code()/message() read the vendor's text; Allthenticate sends no codes.
    assert_eq!((e.code(), e.message()), (None, Some("Requires assurance")));

    let e = client.send(&unlock()).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(SetLockStatusError::Offline { .. })
    ));
    assert_eq!(e.kind(), ErrorKind::Device);

    let req = ModifySmartcards::new(EmailId::new(1), [Smartcard::new("42").unwrap()]).unwrap();
    let e = client.send(&req).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ModifySmartcardsError::DuplicateSmartcard { .. })
    ));
    assert_eq!(e.kind(), ErrorKind::Conflict);

    let req = CreateMagicLink::new(
        [EmailAddress::new("g@x.example").unwrap()],
        [ResourceId::new(205)],
        "n",
        Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(),
    )
    .unwrap();
    let e = client.send(&req).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(CreateMagicLinkError::NotADoor { .. })
    ));

    let e = client
        .send(&CreateGroup::users("x", [EmailId::new(1)]).unwrap())
        .await
        .unwrap_err();
    let se = e.service_error().unwrap();
    assert_eq!(se.message(), r#"{"detail":"teapot"}"#);
    assert_eq!(e.kind(), ErrorKind::Other);
}

#[tokio::test]
async fn non_vendor_answers_are_unexpected_or_decode_errors() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/multipleusers"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/masslock"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"error": "nope"})))
        .mount(&server)
        .await;
    let e = client.users().list(ListUsers::new()).await.unwrap_err();
    assert!(matches!(e, Error::UnexpectedStatus { status: 502, .. }));
    // A 200 without "success" is not silently accepted.
    let e = client.send(&MassLock::lock_all()).await.unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
}

#[tokio::test]
async fn door_control_is_sent_exactly_once_under_503() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/setlockstatus"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"error": "busy"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/masslock"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"error": "busy"})))
        .expect(1)
        .mount(&server)
        .await;
    let e = client.send(&unlock()).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert!(
        e.is_retryable(),
        "the failure is transient, but the SDK did not retry"
    );
    let e = client.send(&MassLock::lock_all()).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    server.verify().await;
}

#[tokio::test]
async fn reads_are_retried_under_503() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/multipleresources"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"error": "busy"})))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/multipleresources"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    assert!(
        client
            .resources()
            .list(ListResources::new())
            .await
            .unwrap()
            .is_empty()
    );
    server.verify().await;
}

#[tokio::test]
async fn a_hanging_unlock_may_have_been_sent() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/setlockstatus"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": "late"}))
                .set_delay(Duration::from_secs(5)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let e = client.send(&unlock()).await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert!(e.may_have_been_sent());
    assert!(!e.to_string().contains(KEY));
}

#[tokio::test]
async fn validation_refuses_before_sending() {
    let (server, client) = setup().await;
    // Nothing is mounted but the catch-all: any request would be a 599.
    let two = [
        EmailAddress::new("a@x.example").unwrap(),
        EmailAddress::new("b@x.example").unwrap(),
    ];
    let e = Invite::new(two.clone())
        .unwrap()
        .smartcards(vec![vec![Smartcard::new("1").unwrap()]])
        .validate()
        .unwrap_err();
    assert_eq!(e.field, "smartcards");
    assert!(Invite::new([]).is_err());
    let mut tampered = Smartcard::new("1").unwrap();
    tampered.number = "12ab".into();
    let e = Invite::new(two[..1].to_vec())
        .unwrap()
        .smartcards(vec![vec![tampered]])
        .validate()
        .unwrap_err();
    assert_eq!(e.field, "smartcards.number");

    let e = CreateGroup::users("Staff", [EmailId::new(1)])
        .unwrap()
        .resource_type(allthenticate_sdk::model::ResourceType::Door)
        .validate()
        .unwrap_err();
    assert_eq!(e.field, "resource_type");
    let e = CreateGroup::resources("PCs", [ResourceId::new(1)])
        .unwrap()
        .resource_type(allthenticate_sdk::model::ResourceType::Unknown(
            "PRINTER".into(),
        ))
        .validate()
        .unwrap_err();
    assert_eq!(e.field, "resource_type");

    let end = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
    let link = CreateMagicLink::new(two.clone(), [ResourceId::new(203)], "x", end).unwrap();
    let e = link
        .clone()
        .start_time(end + chrono::Duration::seconds(1))
        .validate()
        .unwrap_err();
    assert_eq!(e.field, "start_time");
    assert!(
        link.clone().start_time(end).validate().is_err(),
        "start equal to end is refused"
    );
    let e = link
        .smartcards(vec![Smartcard::new("1").unwrap()])
        .validate()
        .unwrap_err();
    assert_eq!(e.field, "smartcards");
    assert!(CreateMagicLink::new(two.clone(), [], "x", end).is_err());
    assert!(
        CreateMagicLink::new(
            two.clone(),
            [ResourceId::new(1), ResourceId::new(1)],
            "x",
            end
        )
        .is_err()
    );
    assert!(CreateMagicLink::new(two, [ResourceId::new(1)], " ", end).is_err());

    // Seconds, positive; no 5-60 cap (that range is /masslock's, and corrected there).
    assert_eq!(UnlockTime::seconds(0).unwrap_err().field, "unlock_time");
    assert!(UnlockTime::seconds(u64::from(u32::MAX) + 1).is_err());
    assert!(UnlockTime::from_duration(Duration::from_millis(1500)).is_err());
    assert_eq!(UnlockTime::seconds(4).unwrap().as_secs(), 4);
    assert_eq!(UnlockTime::seconds(61).unwrap().as_secs(), 61);
    // An empty card list is the documented-by-inference way to clear a member's cards.
    assert!(
        ModifySmartcards::new(EmailId::new(1), [])
            .unwrap()
            .validate()
            .is_ok()
    );
    let locked_with_time =
        SetLockStatus::lock(SetLockStatus::parse_uuid(UUID).unwrap()).unlock_time(UnlockTime::MIN);
    let e = client.send(&locked_with_time).await.unwrap_err();
    assert!(matches!(e, Error::Validation(ref v) if v.field == "unlock_time"));
    assert!(!e.may_have_been_sent());
    let e = client
        .send(&MassLock::lock_all().unlock_time(UnlockTime::MASS_LOCK_MAX))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(_)));
    assert!(SetLockStatus::parse_uuid("door-1").is_err());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn secrets_never_show() {
    let (server, client) = setup().await;
    let debug = format!("{client:?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains("redacted"));
    let builder = Client::builder()
        .base_url(server.uri())
        .api_key(SecretString::from(KEY));
    assert!(!format!("{builder:?}").contains(KEY));
    let key = allthenticate_sdk::auth::ApiKey::new(SecretString::from(KEY)).unwrap();
    assert!(!format!("{key:?}").contains(KEY));
    // Errors: an unexpected answer echoing the request line must not carry the key
    // from the query (the transport never logs or keeps URLs).
    let e = client.users().list(ListUsers::new()).await.unwrap_err();
    assert!(!e.to_string().contains(KEY), "{e}");
    assert!(!format!("{e:?}").contains(KEY));
    // Missing configuration.
    assert_eq!(
        Client::builder()
            .api_key(SecretString::from(KEY))
            .build()
            .unwrap_err()
            .field,
        "base_url"
    );
    assert_eq!(
        Client::builder()
            .base_url(server.uri())
            .build()
            .unwrap_err()
            .field,
        "api_key"
    );
    assert!(
        Client::builder()
            .base_url(server.uri())
            .api_key(SecretString::from("a b"))
            .build()
            .is_err()
    );
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
    use access_core::error_table::ErrorRow;
    use allthenticate_sdk::groups::{CreateGroupError, UpdateGroupError};
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
