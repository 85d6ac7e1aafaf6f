//! Every documented ESWS error string maps to its operation's typed error or
//! outcome; unknown strings keep their text; SOAP Faults, HTML pages and
//! truncated envelopes are typed errors; secrets never show; writes are sent once.
#![cfg(all(feature = "soap", feature = "testkit"))]

use access_core::model::CardNumber;
use access_core::{Error, ErrorKind, SecretString};
use easysecure_sdk::soap::cards::*;
use easysecure_sdk::soap::groups::*;
use easysecure_sdk::soap::logs::*;
use easysecure_sdk::soap::qr::*;
use easysecure_sdk::soap::sync::*;
use easysecure_sdk::soap::users::*;
use easysecure_sdk::soap::*;
use easysecure_sdk::{UserId, WsAltUserId};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "^4p;tU0Q+#dEIhTWkuj5FnLD^aOL&Vu0";

fn envelope(function: &str, ret: &str) -> String {
    format!(
        "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"uen:esws\"><SOAP-ENV:Body><ns1:Esws.{function}Response>{ret}</ns1:Esws.{function}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
}

fn text(t: &str) -> String {
    format!("<return xsi:type=\"xsd:string\">{t}</return>")
}

fn item(ty: &str, field: &str, t: &str) -> String {
    format!(
        "<return SOAP-ENC:arrayType=\"tns:{ty}[1]\" xsi:type=\"SOAP-ENC:Array\"><item><{field}>{t}</{field}></item></return>"
    )
}

async fn client_answering(status: u16, body: String) -> (MockServer, SoapClient) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webservicesesws"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "text/xml; charset=utf-8"))
        .mount(&server)
        .await;
    let client = SoapClient::builder(SecretString::from(KEY.to_string()))
        .base_url(server.uri())
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap();
    (server, client)
}

fn xml_escape(s: &str) -> String {
    escape_text(s).into_owned()
}

fn alt() -> WsAltUserId {
    WsAltUserId::new("EMP-1").unwrap()
}

/// The variant's name (the error enums' variants all carry `{ status, code, message }`).
fn variant<E: std::fmt::Debug>(e: &E) -> String {
    let d = format!("{e:?}");
    d.split([' ', '{', '('])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn service<T: std::fmt::Debug, E: std::fmt::Debug>(r: Result<T, Error<E>>) -> E {
    match r {
        Err(Error::Service { status, error }) => {
            assert_eq!(status, 200);
            error
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn update_card_errors() {
    use UpdateCardError as E;
    let rows = [
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        (
            "NO_WS_ALT_USER_ID_INFOFIELD_SET",
            "NoWsAltUserIdInfofieldSet",
        ),
        ("NO_ID_RECEIVED", "NoIdReceived"),
        ("CAN_NOT_SAVE_USER", "CanNotSaveUser"),
        ("CARD_NOT_SUPPORTED", "CardNotSupported"),
        ("CARD_NOT_VALID", "CardNotValid"),
        ("CARD_EXISTS_FOR_AN_OTHER_USER", "CardExistsForAnOtherUser"),
        (
            "NO_USER_FOUND_WITH_WSALTUSERID",
            "NoUserFoundWithWsAltUserId",
        ),
        (
            "NO_INFO_FOUND_WITH_WSALTUSERID",
            "NoInfoFoundWithWsAltUserId",
        ),
        ("SOMETHING_NEW", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) = client_answering(200, envelope("updateCard", &text(wire))).await;
        let card = CardNumber::from_decimal("123").unwrap();
        let e = service(c.cards().set(alt(), &card).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    let taken = E::from_details(access_core::ErrorDetails::new(
        200,
        Some("CARD_EXISTS_FOR_AN_OTHER_USER".into()),
        "CARD_EXISTS_FOR_AN_OTHER_USER",
    ));
    assert_eq!(taken.to_string(), "CARD_EXISTS_FOR_AN_OTHER_USER");
    let err: Error<E> = Error::Service {
        status: 200,
        error: taken,
    };
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let (_s, c) = client_answering(200, envelope("updateCard", &text("OK"))).await;
    c.cards().delete(alt()).await.unwrap();
}

#[tokio::test]
async fn qr_errors() {
    let rows = [
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        (
            "NO_WS_ALT_USER_ID_INFOFIELD_SET",
            "NoWsAltUserIdInfofieldSet",
        ),
        ("NO_ID_RECEIVED", "NoIdReceived"),
        (
            "NO_INFO_FOUND_WITH_WSALTUSERID",
            "NoInfoFoundWithWsAltUserId",
        ),
        (
            "NO_USER_FOUND_WITH_WSALTUSERID",
            "NoUserFoundWithWsAltUserId",
        ),
    ];
    for (wire, expected) in rows {
        for function in ["setQR", "getQR", "deleteQR"] {
            let (_s, c) = client_answering(200, envelope(function, &text(wire))).await;
            let (name, code) = match function {
                "setQR" => {
                    let e = service(c.qr_codes().set(alt()).await);
                    (variant(&e), e.code().map(str::to_string))
                }
                "getQR" => {
                    let e = service(c.qr_codes().get(alt()).await);
                    (variant(&e), e.code().map(str::to_string))
                }
                _ => {
                    let e = service(c.qr_codes().delete(alt()).await);
                    (variant(&e), e.code().map(str::to_string))
                }
            };
            assert_eq!(name, expected, "{function} {wire}");
            assert_eq!(code.as_deref(), Some(wire));
        }
    }
}

#[tokio::test]
async fn delete_user_sentences_are_outcomes_and_errors() {
    let outcomes = [
        ("User has been deleted", DeleteOutcome::Deleted),
        ("User does not exist in our db", DeleteOutcome::DidNotExist),
        (
            "User is linked to multiple locations, we will remove the user from this location",
            DeleteOutcome::RemovedFromLocation,
        ),
    ];
    for (wire, expected) in outcomes {
        let (_s, c) = client_answering(200, envelope("deleteUser", &text(wire))).await;
        assert_eq!(c.users().delete(UserId::new(5)).await.unwrap(), expected);
    }
    let errors = [
        ("NO_ID_RECEIVED", "NoIdReceived"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("USER_WAS_NOT_FOUND", "UserWasNotFound"),
        (
            "Company is Branches but no location has been provided",
            "BranchesNoLocation",
        ),
        ("Something else", "Unknown"),
    ];
    for (wire, expected) in errors {
        let (_s, c) = client_answering(200, envelope("deleteUser", &text(wire))).await;
        let e = service(c.users().delete(UserId::new(5)).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.message(), wire);
    }
}

#[tokio::test]
async fn update_user_errors() {
    let rows = [
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("NO_ID_RECEIVED", "NoIdReceived"),
        ("INCORRECT_ID_RECEIVED", "IncorrectIdReceived"),
        (
            "NO_WS_ALT_USER_ID_INFOFIELD_SET",
            "NoWsAltUserIdInfofieldSet",
        ),
        (
            "Company is Branches but no group name specified. It is required for this type of company.",
            "BranchesNoGroupName",
        ),
        (
            "Company is Branches but the group name specified does not exists.",
            "BranchesGroupNotFound",
        ),
        ("CARD_EXISTS_FOR_AN_OTHER_USER", "CardExistsForAnOtherUser"),
        ("CAN_NOT_SAVE_USER", "CanNotSaveUser"),
        (
            "Company is Branches but no location has been provided",
            "BranchesNoLocation",
        ),
        ("Company is Branches but something new", "Unknown"),
        ("A_NEW_ERROR_CODE", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) =
            client_answering(200, envelope("updateUserAltId", &text(&xml_escape(wire)))).await;
        let e = service(c.users().update_alt_id(alt(), UserFields::new()).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
        let (_s, c) = client_answering(200, envelope("updateUser", &text(&xml_escape(wire)))).await;
        let e = service(c.users().update(UserId::new(7), UserFields::new()).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
}

#[tokio::test]
async fn list_errors_in_their_first_field() {
    for (wire, expected) in [
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("INCORRECT_ID_RECEIVED", "IncorrectIdReceived"),
        ("WEIRD_STATE", "Unknown"),
    ] {
        let (_s, c) = client_answering(
            200,
            envelope("getUsers", &item("getUsersObject", "UserId", wire)),
        )
        .await;
        let e = service(c.users().page(1).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    for (wire, expected) in [
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
    ] {
        let (_s, c) = client_answering(
            200,
            envelope("getGroups", &item("getGroupsObject", "GroupId", wire)),
        )
        .await;
        assert_eq!(
            variant(&service(c.groups().list().await)),
            expected,
            "{wire}"
        );
    }
    for (wire, expected) in [
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
    ] {
        let (_s, c) = client_answering(
            200,
            envelope("getLogsById", &item("getLogsObject", "Terminal", wire)),
        )
        .await;
        assert_eq!(
            variant(&service(c.logs().by_id(1, 2).await)),
            expected,
            "{wire}"
        );
    }
    // "-1 NO RECORD" is an empty result, whether as an item or the whole answer.
    let (_s, c) = client_answering(
        200,
        envelope(
            "getLogsById",
            &item("getLogsObject", "Terminal", "-1 NO RECORD"),
        ),
    )
    .await;
    assert!(c.logs().by_id(1, 2).await.unwrap().is_empty());
    let (_s, c) = client_answering(200, envelope("getLogs", &text("-1 NO RECORD"))).await;
    let t = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    assert!(c.logs().range(t, t).await.unwrap().is_empty());
}

#[tokio::test]
async fn sync_token_errors() {
    let rows = [
        ("NO USERNAME PROVIDED", "NoUsernameProvided"),
        ("NO PASSWORD PROVIDED", "NoPasswordProvided"),
        ("NO USERID PROVIDED", "NoUserIdProvided"),
        (
            "NO ADMIN FOUND BASED ON USERNAME AND PASSWORD",
            "NoAdminFound",
        ),
        ("NO USER FOUND BASED ON THE ID PROVIDED", "NoUserFound"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
    ];
    for (wire, expected) in rows {
        let (_s, c) = client_answering(200, envelope("getSyncToken", &text(wire))).await;
        let e = service(
            c.syncs()
                .login_token(
                    "admin",
                    SecretString::from("pw".to_string()),
                    UserId::new(3),
                )
                .await,
        );
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
}

#[tokio::test]
async fn auto_sync_errors() {
    use AutoSyncError as E;
    let rows = [
        ("NO LOCATIONID PROVIDED", "NoLocationIdProvided"),
        (
            "NO LOCATION FOUND BASED ON THE ID PROVIDED",
            "NoLocationFound",
        ),
        ("NO USER FOUND BASED ON THE ID PROVIDED", "NoUserFound"),
        ("CURL_ERROR_NO_28", "CurlError"),
        ("NOT OK, NOT JSON <html>oops", "NotJson"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
    ];
    for (wire, expected) in rows {
        let (_s, c) = client_answering(200, envelope("autoSync", &text(&xml_escape(wire)))).await;
        let e = match c.syncs().auto_sync(2, None).await {
            Err(Error::Service { error, .. }) => error,
            other => panic!("{wire}: {other:?}"),
        };
        assert_eq!(variant(&e), expected, "{wire}");
        // Every row keeps the whole text (the curl number, the APIServer answer).
        assert_eq!(e.message(), wire);
    }
    assert_eq!(
        Error::<E>::Service {
            status: 200,
            error: E::from_details(access_core::ErrorDetails::new(
                200,
                Some("CURL_ERROR_NO_7".into()),
                "CURL_ERROR_NO_7"
            ))
        }
        .kind(),
        ErrorKind::Device
    );
}

#[tokio::test]
async fn faults_html_and_truncation_are_typed() {
    let fault = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>Function (\"Esws.x\") is not a valid method for this service</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>";
    let (_s, c) = client_answering(500, fault.into()).await;
    match c.groups().list().await {
        Err(Error::Service {
            status: 500,
            error: GetGroupsError::Unknown { code, message, .. },
        }) => {
            assert_eq!(code.as_deref(), Some("SOAP-ENV:Server"));
            assert!(message.contains("not a valid method"));
        }
        other => panic!("{other:?}"),
    }
    let (_s, c) =
        client_answering(200, "<html><body><h1>Maintenance</h1></body></html>".into()).await;
    assert!(matches!(c.groups().list().await, Err(Error::Decode(_))));
    let (_s, c) = client_answering(502, "<html><body>Bad gateway</body></html>".into()).await;
    assert!(matches!(
        c.groups().list().await,
        Err(Error::UnexpectedStatus { status: 502, .. })
    ));
    let full = envelope("getGroups", &item("getGroupsObject", "GroupId", "1"));
    let (_s, c) = client_answering(200, full[..full.len() / 2].to_string()).await;
    match c.groups().list().await {
        Err(Error::Decode(d)) => assert!(
            d.message.contains("truncated") || d.message.contains("malformed"),
            "{d}"
        ),
        other => panic!("{other:?}"),
    }
    let (_s, c) = client_answering(200, String::new()).await;
    assert!(matches!(
        c.qr_codes().delete(alt()).await,
        Err(Error::Decode(_))
    ));
    // A scanID that is not a number names the item that failed.
    let bad = envelope(
        "getLogsById",
        "<return SOAP-ENC:arrayType=\"x[1]\"><item><scanID>abc</scanID><Terminal>T1</Terminal></item></return>",
    );
    let (_s, c) = client_answering(200, bad).await;
    match c.logs().by_id(1, 2).await {
        Err(Error::Decode(d)) => assert!(d.path.contains("item[0]"), "{}", d.path),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn secrets_never_show() {
    let (_s, c) = client_answering(
        200,
        envelope("updateCard", &text("ERROR_UNKNOWN_SECURITY_HASH")),
    )
    .await;
    assert!(!format!("{c:?}").contains("tU0Q"));
    assert!(!format!("{:?}", c.key()).contains("tU0Q"));
    let builder = SoapClient::builder(SecretString::from(KEY.to_string()));
    assert!(!format!("{builder:?}").contains("tU0Q"));
    let card = CardNumber::from_decimal("1").unwrap();
    let err = c.cards().set(alt(), &card).await.unwrap_err();
    assert!(!err.to_string().contains("tU0Q"));
    assert!(!format!("{err:?}").contains("tU0Q"));
    let op = UpdateCard::delete(c.key(), alt());
    assert!(!format!("{op:?}").contains("tU0Q"));
}

/// An error inside the 200 envelope that quotes the company key (a server echoing
/// the request in an unknown error text) is typed, and the key is not in it: the
/// transport reads such an answer again with the request's secrets removed.
#[tokio::test]
async fn an_error_text_quoting_the_key_keeps_it_out() {
    let quoted = format!("UNKNOWN COMPANY {}", xml_escape(KEY));
    let (_s, c) = client_answering(200, envelope("updateCard", &text(&quoted))).await;
    let card = CardNumber::from_decimal("1").unwrap();
    let err = c.cards().set(alt(), &card).await.unwrap_err();
    let error = match &err {
        Error::Service { status: 200, error } => error.clone(),
        other => panic!("expected a service error, got {other:?}"),
    };
    assert!(
        format!("{error:?}").contains("UNKNOWN COMPANY"),
        "typed, text kept: {error:?}"
    );
    for text in [err.to_string(), format!("{err:?}"), format!("{error:?}")] {
        assert!(!text.contains("tU0Q"), "the key in {text}");
    }
}

#[tokio::test]
async fn writes_are_sent_once_and_reads_retried_under_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = SoapClient::builder(SecretString::from(KEY.to_string()))
        .base_url(server.uri())
        .retry(access_core::http::RetryPolicy::standard())
        .build()
        .unwrap();
    let e = client.qr_codes().set(alt()).await.unwrap_err();
    assert!(matches!(e, Error::UnexpectedStatus { status: 503, .. }));
    server.verify().await;

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(envelope("getQR", "<return xsi:nil=\"true\"/>"), "text/xml"),
        )
        .mount(&server)
        .await;
    let client = SoapClient::builder(SecretString::from(KEY.to_string()))
        .base_url(server.uri())
        .build()
        .unwrap();
    assert!(client.qr_codes().get(alt()).await.unwrap().is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[test]
fn input_rules_before_sending() {
    let key = CompanyKey::new(SecretString::from(KEY.to_string())).unwrap();
    // Latin-1 only, the field named.
    let f = UserFields::new().name("Zoë", "Łukasiewicz");
    let op = UpdateUserAltId::new(&key, alt(), f.clone()).unwrap();
    let e = access_core::http::Endpoint::validate(&op).unwrap_err();
    assert_eq!(e.field, "p_Achternaam");
    let op = op.text_policy(TextPolicy::ReplaceWithQuestionMark);
    assert!(access_core::http::Endpoint::validate(&op).is_ok());
    // Id range.
    assert_eq!(
        UpdateUser::new(&key, UserId::new(0), UserFields::new())
            .unwrap_err()
            .field,
        "p_Id"
    );
    assert!(UpdateUser::new(&key, UserId::new(400_000_001), UserFields::new()).is_err());
    assert!(UpdateUser::new(&key, UserId::new(400_000_000), UserFields::new()).is_ok());
    // Branch companies need a group and a location.
    let branch = key.clone().company_kind(CompanyKind::Branches);
    let op = UpdateUserAltId::new(&branch, alt(), UserFields::new()).unwrap();
    assert_eq!(
        access_core::http::Endpoint::validate(&op)
            .unwrap_err()
            .field,
        "p_groupName"
    );
    let op = UpdateUserAltId::new(&branch, alt(), UserFields::new().groups(["Staff"])).unwrap();
    assert_eq!(
        access_core::http::Endpoint::validate(&op)
            .unwrap_err()
            .field,
        "p_locationID"
    );
    let op = op.location(3);
    assert!(access_core::http::Endpoint::validate(&op).is_ok());
    let del = DeleteUser::new(&branch, UserId::new(5)).unwrap();
    assert_eq!(
        access_core::http::Endpoint::validate(&del)
            .unwrap_err()
            .field,
        "p_locationID"
    );
    // Dates.
    assert!(parse_soap_datetime("p_StartDate", "2024-01-02 03:04:05", false).is_ok());
    assert!(parse_soap_datetime("p_StartDate", "2024-01-02", false).is_err());
    assert!(parse_soap_datetime("p_StartDate", "2024-01-02", true).is_ok());
    assert!(parse_soap_datetime("p_StartDate", "2024-01-02 03:04", true).is_ok());
    assert!(parse_soap_datetime("p_StartDate", "02-01-2024", true).is_err());
    assert!(GetLogs::from_text(&key, "2024-02-01 00:00:00", "2024-01-01 00:00:00").is_err());
    assert!(GetLogsById::new(&key, 10, 5).is_err());
    assert!(AutoSync::new(&key, 0).is_err());
    assert!(CompanyKey::new(SecretString::from(String::new())).is_err());
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn latin1_check_matches_char_codes(s in "\\PC{0,40}") {
            prop_assert_eq!(is_latin1(&s), s.chars().all(|c| (c as u32) < 256));
        }

        #[test]
        fn escaped_text_never_holds_markup(s in "\\PC{0,60}") {
            let e = escape_text(&s);
            prop_assert!(!e.contains('<') && !e.contains('>'));
            prop_assert!(e.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace("&quot;", "").replace("&apos;", "").find('&').is_none());
        }

        #[test]
        fn replacement_policy_always_validates(first in "\\PC{0,20}", last in "\\PC{0,20}") {
            let key = CompanyKey::new(SecretString::from(KEY.to_string())).unwrap();
            let op = UpdateUserAltId::new(&key, WsAltUserId::new("A").unwrap(), UserFields::new().name(first.clone(), last.clone()))
                .unwrap()
                .text_policy(TextPolicy::ReplaceWithQuestionMark);
            prop_assert!(access_core::http::Endpoint::validate(&op).is_ok());
            let strict = UpdateUserAltId::new(&key, WsAltUserId::new("A").unwrap(), UserFields::new().name(first.clone(), last.clone())).unwrap();
            prop_assert_eq!(access_core::http::Endpoint::validate(&strict).is_ok(), is_latin1(&first) && is_latin1(&last));
        }
    }
}

#[test]
fn idempotency_table() {
    use access_core::http::Endpoint;
    let reads = [
        GetUsers::IDEMPOTENT,
        GetUsersPageNr::IDEMPOTENT,
        GetGroups::IDEMPOTENT,
        GetLogs::IDEMPOTENT,
        GetLogsById::IDEMPOTENT,
        GetQr::IDEMPOTENT,
        GetSyncStatus::IDEMPOTENT,
        GetUserId::IDEMPOTENT,
        GetMultipleUsersIds2::IDEMPOTENT,
        GetUsersByInfoField::IDEMPOTENT,
    ];
    assert!(reads.iter().all(|r| *r));
    let writes = [
        UpdateUser::IDEMPOTENT,
        UpdateUserAltId::IDEMPOTENT,
        UpdateCard::IDEMPOTENT,
        DeleteUser::IDEMPOTENT,
        SetQr::IDEMPOTENT,
        DeleteQr::IDEMPOTENT,
        GetSyncToken::IDEMPOTENT,
        AutoSync::IDEMPOTENT,
        UpdateUser2::IDEMPOTENT,
        UpdateUserContractor::IDEMPOTENT,
        easysecure_sdk::soap::faces::DeletePictureAndTemplates::IDEMPOTENT,
        easysecure_sdk::soap::faces::ImageToFaceTemplate::IDEMPOTENT,
        GetTotalSyncToken::IDEMPOTENT,
        SyncEsiScd::IDEMPOTENT,
    ];
    assert!(writes.iter().all(|w| !*w));
    assert_eq!(<SetQr as Endpoint>::NAME, "ESWS Esws.setQR");
    assert_eq!(SetQr::FUNCTION, "setQR");
}

/// getUserId: every string of its page is its typed error; the id comes back
/// as a number; an unknown string keeps its text; a non-number is a decode error.
#[tokio::test]
async fn get_user_id_errors() {
    let rows = [
        ("NO_WS_ALT_USER_ID_INFOFIELD", "NoWsAltUserIdInfofield"),
        ("NO_USER_ID_FOUND", "NoUserIdFound"),
        ("NO_ID_RECEIVED", "NoIdReceived"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("SOMETHING_NEW", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) = client_answering(200, envelope("getUserId", &text(wire))).await;
        let e = service(c.users().id_of(alt()).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    let (_s, c) = client_answering(200, envelope("getUserId", &text("2179"))).await;
    assert_eq!(c.users().id_of(alt()).await.unwrap(), UserId::new(2179));
    let (_s, c) = client_answering(200, envelope("getUserId", &text("twelve"))).await;
    assert!(matches!(
        c.users().id_of(alt()).await,
        Err(Error::Decode(_))
    ));
}

/// updateUser2: the rows of updateUser (its own page's list is cut off).
#[tokio::test]
async fn update_user2_errors() {
    let rows = [
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("NO_ID_RECEIVED", "NoIdReceived"),
        ("INCORRECT_ID_RECEIVED", "IncorrectIdReceived"),
        (
            "Company is Branches but no group name specified. It is required for this type of company.",
            "BranchesNoGroupName",
        ),
        (
            "Company is Branches but the group name specified does not exists.",
            "BranchesGroupNotFound",
        ),
        (
            "Company is Branches but no location has been provided",
            "BranchesNoLocation",
        ),
        ("CARD_EXISTS_FOR_AN_OTHER_USER", "CardExistsForAnOtherUser"),
        ("CAN_NOT_SAVE_USER", "CanNotSaveUser"),
        ("A_NEW_ERROR_CODE", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) =
            client_answering(200, envelope("updateUser2", &text(&xml_escape(wire)))).await;
        let e = service(
            c.users()
                .update2(UserId::new(7), UserFields::new(), [1])
                .await,
        );
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
}

/// deletePictureAndTemplates: every string of its page; the two success
/// strings are outcomes, alone or together.
#[tokio::test]
async fn delete_picture_and_templates_strings() {
    let rows = [
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("NO_WS_ALT_USER_ID_SET", "NoWsAltUserIdSet"),
        (
            "NO_WS_ALT_USER_ID_INFOFIELD_SET",
            "NoWsAltUserIdInfofieldSet",
        ),
        (
            "NO_USER_FOUND_BASED_ON_WS_ALT_USER_ID_VALUE",
            "NoUserFoundBasedOnWsAltUserIdValue",
        ),
        (
            "NO_USER_FOUND_BASED_ON_INFO_ID_VALUE",
            "NoUserFoundBasedOnInfoIdValue",
        ),
        ("NO_ACTION_SELECTED", "NoActionSelected"),
        ("SOMETHING_ELSE", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) =
            client_answering(200, envelope("deletePictureAndTemplates", &text(wire))).await;
        let e = service(c.faces().delete(alt(), true, true).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    for (wire, picture, templates) in [
        ("PROFILE_PICTURE_DELETED", true, false),
        ("FACE_TEMPLATES_DELETED", false, true),
        ("PROFILE_PICTURE_DELETED FACE_TEMPLATES_DELETED", true, true),
    ] {
        let (_s, c) =
            client_answering(200, envelope("deletePictureAndTemplates", &text(wire))).await;
        let d = c.faces().delete(alt(), true, true).await.unwrap();
        assert_eq!((d.picture, d.templates), (picture, templates), "{wire}");
    }
    let (_s, c) = client_answering(200, envelope("deletePictureAndTemplates", &text("x"))).await;
    let e = c.faces().delete(alt(), false, false).await.unwrap_err();
    assert!(matches!(e, Error::Validation(ref v) if v.field == "p_deleteTemplates"));
}

/// getTotalSyncToken: every string of its page.
#[tokio::test]
async fn total_sync_token_errors() {
    let rows = [
        ("NO USERNAME PROVIDED", "NoUsernameProvided"),
        ("NO PASSWORD PROVIDED", "NoPasswordProvided"),
        (
            "NO ADMIN FOUND BASED ON USERNAME AND PASSWORD",
            "NoAdminFound",
        ),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("SOME NEW THING", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) = client_answering(200, envelope("getTotalSyncToken", &text(wire))).await;
        let e = service(
            c.syncs()
                .total_login_token("admin", SecretString::from("pw".to_string()))
                .await,
        );
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    let (_s, c) = client_answering(200, envelope("getTotalSyncToken", &text("AbC123"))).await;
    let t = c
        .syncs()
        .total_login_token("admin", SecretString::from("pw".to_string()))
        .await
        .unwrap();
    assert_eq!(t.expose(), "AbC123");
}

/// getMultipleUsersIds2: its page's strings in the first item's `UserId`;
/// the sample's item read whole; a non-numeric id is a decode error.
#[tokio::test]
async fn multiple_users_ids2_errors() {
    let ty = "getMultipleUsersIds2Object";
    let list = |inner: &str| {
        format!(
            "<return xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"tns:{ty}[1]\">{inner}</return>"
        )
    };
    let rows = [
        ("NO_WS_ALT_USER_ID_INFOFIELD", "NoWsAltUserIdInfofield"),
        ("NO_USER_ID_FOUND", "NoUserIdFound"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("SOME_NEW_ERROR", "Unknown"),
    ];
    for (wire, expected) in rows {
        let body = item(ty, "UserId", wire);
        let (_s, c) = client_answering(200, envelope("getMultipleUsersIds2", &body)).await;
        let e = service(c.users().all_with_alt_id(alt()).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    let two = list(&format!(
        "<item xsi:type=\"tns:{ty}\"><UserId xsi:type=\"xsd:string\">2110</UserId><Achternaam xsi:type=\"xsd:string\">Doe</Achternaam><Voornaam xsi:type=\"xsd:string\">Mike</Voornaam><FaceTemplates xsi:type=\"xsd:string\">2</FaceTemplates></item><item><UserId>2111</UserId><Achternaam>Doe</Achternaam><Voornaam>Jane</Voornaam><FaceTemplates></FaceTemplates></item>"
    ));
    let (_s, c) = client_answering(200, envelope("getMultipleUsersIds2", &two)).await;
    let users = c.users().all_with_alt_id(alt()).await.unwrap();
    assert_eq!(users.len(), 2);
    assert_eq!(users[0].user_id, UserId::new(2110));
    assert_eq!(
        (users[0].first_name.as_str(), users[0].last_name.as_str()),
        ("Mike", "Doe")
    );
    assert_eq!((users[0].face_templates, users[1].face_templates), (2, 0));
    let bad = list("<item><UserId>abc</UserId><Achternaam>Doe</Achternaam></item>");
    let (_s, c) = client_answering(200, envelope("getMultipleUsersIds2", &bad)).await;
    assert!(matches!(
        c.users().all_with_alt_id(alt()).await,
        Err(Error::Decode(_))
    ));
}

/// updateUserContractor: the rows of updateUser (its own page's list is cut
/// off); an empty contractor name is refused before sending.
#[tokio::test]
async fn update_user_contractor_errors() {
    let rows = [
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("NO_ID_RECEIVED", "NoIdReceived"),
        ("INCORRECT_ID_RECEIVED", "IncorrectIdReceived"),
        (
            "Company is Branches but no group name specified. It is required for this type of company.",
            "BranchesNoGroupName",
        ),
        (
            "Company is Branches but the group name specified does not exists.",
            "BranchesGroupNotFound",
        ),
        (
            "Company is Branches but no location has been provided",
            "BranchesNoLocation",
        ),
        ("CARD_EXISTS_FOR_AN_OTHER_USER", "CardExistsForAnOtherUser"),
        ("CAN_NOT_SAVE_USER", "CanNotSaveUser"),
        ("A_NEW_ERROR_CODE", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) = client_answering(
            200,
            envelope("updateUserContractor", &text(&xml_escape(wire))),
        )
        .await;
        let e = service(
            c.users()
                .update_contractor(UserId::new(7), 12, "Bouw", UserFields::new())
                .await,
        );
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    let (_s, c) = client_answering(200, envelope("updateUserContractor", &text("OK"))).await;
    let e = c
        .users()
        .update_contractor(UserId::new(7), 12, " ", UserFields::new())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(ref v) if v.field == "p_Contractor_name"));
}

/// syncEsiScd: every string of its page (the `_X` ones with a detail); the
/// documented JSON answer, a device's failure included, is the outcome.
#[tokio::test]
async fn sync_esi_scd_strings() {
    let rows = [
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("NO_LOCATION_ID_RECEIVED", "NoLocationIdReceived"),
        ("CURL_ERROR_NO_7", "CurlError"),
        ("CURL_RESULT_NOT_JSON_<html>502</html>", "CurlResultNotJson"),
        ("NO_DEVICE_TO_SYNC", "NoDeviceToSync"),
        ("SYNC_ERROR_device busy", "SyncError"),
        ("SOMETHING_NEW", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) = client_answering(200, envelope("syncEsiScd", &text(&xml_escape(wire)))).await;
        let e = service(c.syncs().esi_scd(1).await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    let sample =
        r#"[{"543714888":"ok"},{"542189458":"SynchDevice:SearchDevice_ByIP:ERROR [-102]"}]"#;
    let (_s, c) = client_answering(200, envelope("syncEsiScd", &text(&xml_escape(sample)))).await;
    let devices = c.syncs().esi_scd(1).await.unwrap();
    assert_eq!(devices.len(), 2);
    assert_eq!(devices[0].device_id, "543714888");
    assert!(devices[0].is_ok());
    assert_eq!(
        devices[1].result,
        "SynchDevice:SearchDevice_ByIP:ERROR [-102]"
    );
    assert!(!devices[1].is_ok());
    let (_s, c) = client_answering(200, envelope("syncEsiScd", &text("[{oops"))).await;
    assert!(matches!(c.syncs().esi_scd(1).await, Err(Error::Decode(_))));
    assert!(matches!(
        c.syncs().esi_scd(0).await,
        Err(Error::Validation(ref v)) if v.field == "p_locationID"
    ));
}

/// imageToFaceTemplate: every string of its page; a non-error answer is kept.
#[tokio::test]
async fn image_to_face_template_strings() {
    use easysecure_sdk::soap::faces::*;
    let device = FaceDevice {
        ip: std::net::Ipv4Addr::new(10, 0, 0, 9),
        port: 51211,
        did: 42,
    };
    let rows = [
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("NO_ID_RECEIVED", "NoIdReceived"),
        (
            "ONLY_PNG_OR_JPG_EXTENSIONS_ARE_ACCEPTED",
            "OnlyPngOrJpgExtensionsAreAccepted",
        ),
        ("USER_WAS_NOT_FOUND", "UserWasNotFound"),
        ("NO_IMAGE_DATA_RECEIVED", "NoImageDataReceived"),
        ("NO_EXTENSION_RECEIVED", "NoExtensionReceived"),
        ("IP_NOT_ALLOWED", "IpNotAllowed"),
        ("DID_NOT_ALLOWED", "DidNotAllowed"),
        ("CURL_ERROR_NO_28", "CurlError"),
        ("SOMETHING_NEW", "Unknown"),
    ];
    for (wire, expected) in rows {
        let (_s, c) = client_answering(200, envelope("imageToFaceTemplate", &text(wire))).await;
        let e = service(
            c.faces()
                .template_from_image(UserId::new(7), vec![1, 2, 3], ImageFormat::Jpg, device)
                .await,
        );
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    let (_s, c) = client_answering(200, envelope("imageToFaceTemplate", &text("OK"))).await;
    let r = c
        .faces()
        .template_from_image(UserId::new(7), vec![1, 2, 3], ImageFormat::Png, device)
        .await
        .unwrap();
    assert_eq!(r.message, "OK");
    let e = c
        .faces()
        .template_from_image(UserId::new(7), Vec::new(), ImageFormat::Png, device)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(ref v) if v.field == "p_data"));
    let req = ImageToFaceTemplate::new(
        c.key(),
        UserId::new(7),
        vec![9; 5000],
        ImageFormat::Png,
        device,
    )
    .unwrap();
    assert!(format!("{req:?}").contains("image_len: 5000"));
}

/// getUsersByInfoField: its page's strings in the first item's `UserId`; the
/// sample's item read; field numbers outside 1 to 14 refused before sending.
#[tokio::test]
async fn users_by_info_field_errors() {
    let ty = "getUsersByInfoFieldObject";
    for (wire, expected) in [
        ("NO_VALID_INFOFIELD", "NoValidInfofield"),
        ("NO_USER_ID_FOUND", "NoUserIdFound"),
        ("ERROR_UNKNOWN_SECURITY_HASH", "UnknownSecurityHash"),
        ("ERROR_NO_SECURITY_HASH", "NoSecurityHash"),
        ("SOME_NEW_ERROR", "Unknown"),
    ] {
        let (_s, c) = client_answering(
            200,
            envelope("getUsersByInfoField", &item(ty, "UserId", wire)),
        )
        .await;
        let e = service(c.users().by_info_field(1, "x").await);
        assert_eq!(variant(&e), expected, "{wire}");
        assert_eq!(e.code(), Some(wire));
    }
    let sample = format!(
        "<return xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"tns:{ty}[1]\"><item xsi:type=\"tns:{ty}\"><UserId xsi:type=\"xsd:string\">2110</UserId><Achternaam xsi:type=\"xsd:string\">Mike</Achternaam><Voornaam xsi:type=\"xsd:string\">Doe</Voornaam><FaceTemplates xsi:type=\"xsd:string\">1</FaceTemplates></item></return>"
    );
    let (_s, c) = client_answering(200, envelope("getUsersByInfoField", &sample)).await;
    let users = c.users().by_info_field(1, "NL123456789B01").await.unwrap();
    assert_eq!(users[0].user_id, UserId::new(2110));
    assert_eq!(users[0].face_templates, 1);
    for bad in [0, 15] {
        let e = c.users().by_info_field(bad, "x").await.unwrap_err();
        assert!(
            matches!(e, Error::Validation(ref v) if v.field == "p_InfoField"),
            "{bad}"
        );
    }
}
