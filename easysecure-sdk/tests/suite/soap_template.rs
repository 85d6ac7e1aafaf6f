//! The template's rules on the SOAP side: the vendor's code and text are read
//! from every failure, lists go through the shared pager and are bounded, and a
//! failed answer is classified the same way as in every crate (a SOAP Fault at
//! HTTP 500 is `Unknown`, kind `Other`, not retryable; an HTML page is
//! `Error::UnexpectedStatus`).
#![cfg(all(feature = "soap", feature = "testkit"))]

use access_core::model::CardNumber;
use access_core::{Error, ErrorKind, PagingError, SecretString, ServiceError};
use easysecure_sdk::WsAltUserId;
use easysecure_sdk::soap::SoapClient;
use easysecure_sdk::soap::cards::UpdateCardError;
use easysecure_sdk::soap::groups::GetGroupsError;
use futures_util::StreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KEY: &str = "^4p;tU0Q+#dEIhTWkuj5FnLD^aOL&Vu0";

fn envelope(function: &str, ret: &str) -> String {
    format!(
        "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"uen:esws\"><SOAP-ENV:Body><ns1:Esws.{function}Response>{ret}</ns1:Esws.{function}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
}

const FAULT: &str = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>Internal error in Esws</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>";

fn client(server: &MockServer) -> SoapClient {
    SoapClient::builder(SecretString::from(KEY.to_string()))
        .base_url(server.uri())
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap()
}

async fn answering(r: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webservicesesws"))
        .respond_with(r)
        .mount(&server)
        .await;
    server
}

/// The text of parameter `name` in a request envelope.
fn param(request: &Request, name: &str) -> Option<String> {
    let body = String::from_utf8_lossy(&request.body);
    let start = body.find(&format!("<{name} "))?;
    let rest = &body[start..];
    let open = rest.find('>')? + 1;
    let close = rest.find(&format!("</{name}>"))?;
    Some(rest[open..close].to_string())
}

fn users_page(ids: impl Iterator<Item = u64>) -> String {
    let items: String = ids
        .map(|id| {
            format!("<item><UserId>{id}</UserId><Voornaam>U{id}</Voornaam><wsAltUserId>E-{id}</wsAltUserId></item>")
        })
        .collect();
    envelope(
        "getUsers",
        &format!(
            "<return SOAP-ENC:arrayType=\"tns:getUsersObject[1000]\" xsi:type=\"SOAP-ENC:Array\">{items}</return>"
        ),
    )
}

fn logs_answer(ids: impl Iterator<Item = i64>) -> String {
    let items: String = ids
        .map(|id| {
            format!("<item><scanID>{id}</scanID><Terminal>T1</Terminal><Success>1</Success></item>")
        })
        .collect();
    envelope(
        "getLogsById",
        &format!(
            "<return SOAP-ENC:arrayType=\"tns:getLogsObject[1]\" xsi:type=\"SOAP-ENC:Array\">{items}</return>"
        ),
    )
}

#[tokio::test]
async fn code_and_message_read_the_vendor_text() {
    // An error string inside the 200 answer: the string is the code and the text.
    let server = answering(ResponseTemplate::new(200).set_body_raw(
        envelope(
            "updateCard",
            "<return xsi:type=\"xsd:string\">CARD_EXISTS_FOR_AN_OTHER_USER</return>",
        ),
        "text/xml",
    ))
    .await;
    let c = client(&server);
    let card = CardNumber::from_decimal("42").unwrap();
    let err = c
        .cards()
        .set(WsAltUserId::new("E-1").unwrap(), &card)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("CARD_EXISTS_FOR_AN_OTHER_USER"));
    assert_eq!(err.message(), Some("CARD_EXISTS_FOR_AN_OTHER_USER"));
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let inner = err.service_error().unwrap();
    assert!(matches!(
        inner,
        UpdateCardError::CardExistsForAnOtherUser { status: 200, .. }
    ));
    assert_eq!(
        ServiceError::code(inner),
        Some("CARD_EXISTS_FOR_AN_OTHER_USER")
    );
    // Erased for the vendor-neutral traits, the text is still there.
    let erased = err.erase();
    assert_eq!(erased.code(), Some("CARD_EXISTS_FOR_AN_OTHER_USER"));

    // A SOAP Fault: faultcode is the code, faultstring the message.
    let server =
        answering(ResponseTemplate::new(500).set_body_raw(FAULT, "text/xml; charset=utf-8")).await;
    let err = client(&server).groups().list().await.unwrap_err();
    assert_eq!(err.code(), Some("SOAP-ENV:Server"));
    assert_eq!(err.message(), Some("Internal error in Esws"));
}

#[tokio::test]
async fn a_500_fault_is_unknown_other_and_an_html_500_is_unexpected() {
    let server =
        answering(ResponseTemplate::new(500).set_body_raw(FAULT, "text/xml; charset=utf-8")).await;
    let err = client(&server).groups().list().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Service {
                status: 500,
                error: GetGroupsError::Unknown { status: 500, .. }
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::Other);
    assert!(!err.is_retryable());

    let server = answering(
        ResponseTemplate::new(500).set_body_raw("<html><body>Oops</body></html>", "text/html"),
    )
    .await;
    let err = client(&server).groups().list().await.unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 500, .. }),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::Other);
    assert!(!err.is_retryable());
    // An empty 500 is no ESWS answer either.
    let server = answering(ResponseTemplate::new(500)).await;
    let err = client(&server).users().page(1).await.unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus { status: 500, .. }));
}

#[tokio::test]
async fn users_a_repeated_page_ends_the_list() {
    // A server that ignores p_page and answers the same full page every time.
    let page = users_page(1..=1000);
    let server = answering(ResponseTemplate::new(200).set_body_raw(page, "text/xml")).await;
    let c = client(&server);
    let mut stream = c.users().stream();
    let mut n = 0;
    let err = loop {
        match stream.next().await {
            Some(Ok(_)) => n += 1,
            Some(Err(e)) => break e,
            None => panic!("the list must end with an error"),
        }
    };
    assert_eq!(n, 1000);
    assert!(
        matches!(err, Error::Paging(PagingError::RepeatedPage { page: 2 })),
        "{err:?}"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn users_full_pages_forever_end_within_the_bound() {
    struct Forever;
    impl Respond for Forever {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let page: u64 = param(request, "p_page").unwrap().parse().unwrap();
            let first = (page - 1) * 1000 + 1;
            ResponseTemplate::new(200).set_body_raw(users_page(first..first + 1000), "text/xml")
        }
    }
    let server = answering(Forever).await;
    let c = client(&server);
    let err = c.users().pager().max_pages(3).all().await.unwrap_err();
    assert!(
        matches!(err, Error::Paging(PagingError::TooManyPages { limit: 3 })),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn logs_a_repeated_window_ends_the_export() {
    // A server that answers the same logs whatever the window.
    let server =
        answering(ResponseTemplate::new(200).set_body_raw(logs_answer(5..=7), "text/xml")).await;
    let c = client(&server);
    let got: Vec<_> = c.logs().stream(None).collect().await;
    assert_eq!(got.len(), 4, "three logs, then the error");
    assert!(got[..3].iter().all(Result::is_ok));
    assert!(
        matches!(
            got[3],
            Err(Error::Paging(PagingError::RepeatedPage { page: 2 }))
        ),
        "{:?}",
        got[3]
    );
}

#[tokio::test]
async fn logs_full_windows_forever_end_within_the_bound() {
    // Every window holds new logs: the export would never end by itself.
    struct Forever;
    impl Respond for Forever {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let from: i64 = param(request, "p_exportIdFrom").unwrap().parse().unwrap();
            ResponseTemplate::new(200).set_body_raw(logs_answer(from..from + 2), "text/xml")
        }
    }
    let server = answering(Forever).await;
    let c = client(&server);
    let err = c
        .logs()
        .pager(Some(100))
        .max_pages(5)
        .all()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Paging(PagingError::TooManyPages { limit: 5 })),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}

#[tokio::test]
async fn logs_empty_windows_are_searched_up_to_the_gap() {
    // Nothing newer: the export searches doubling windows up to the gap, then ends.
    let server = answering(ResponseTemplate::new(200).set_body_raw(
        envelope(
            "getLogsById",
            "<return xsi:type=\"xsd:string\">-1 NO RECORD</return>",
        ),
        "text/xml",
    ))
    .await;
    let c = SoapClient::builder(SecretString::from(KEY.to_string()))
        .base_url(server.uri())
        .log_window(10, 100)
        .build()
        .unwrap();
    assert!(c.logs().all(Some(0)).await.unwrap().is_empty());
    // Windows of 10, 20, 40 and 80 ids: 150 >= 100 searched.
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}
