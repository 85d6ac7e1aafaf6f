//! Every paged list of every vendor crate is read through access-core's
//! `Pager` and is bounded the same way (docs/architecture.md, "Lists"): a server
//! answering the same page again ends the list with `PagingError::RepeatedPage`
//! after the first page's items, and a server answering new full pages forever
//! ends it with `PagingError::TooManyPages` after exactly `max_pages` requests.
//!
//! Each entry of [`lists`] is one (vendor, list): the mocks of a server that
//! answers its pages in a given way, with the vendor's wire format, login and
//! session, and the read of the list through its own `pager`. One test per rule
//! runs every entry.

use std::sync::atomic::{AtomicU64, Ordering};

use access_core::paging::Pager;
use access_core::testkit::mount_catch_all;
use access_core::{AnyError, Error, PagingError, SecretString, ServiceError};
use chrono::{Duration, Utc};
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How the server answers a list's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Serve {
    /// The first page, whatever page is asked (a server ignoring the cursor).
    Same,
    /// A new full page for every page asked, without end.
    Endless,
}

/// What a repeated answer does to a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnRepeat {
    /// The pager catches it: `PagingError::RepeatedPage`.
    Caught,
    /// The list keeps only the rows inside the window (or after the cursor) it
    /// asked for, so the repeated rows are dropped and the list ends by itself
    /// at the end of its bounded range, having yielded them once.
    Dropped,
}

/// The items a read yielded, then the error that ended it (`None`: it ended by
/// itself).
type Ending = (usize, Option<Error<AnyError>>);

/// One paged list of one vendor crate.
struct List {
    name: &'static str,
    /// The path each page of the list is asked on.
    path: &'static str,
    /// The items of the page a [`Serve::Same`] server answers.
    page: usize,
    repeat: OnRepeat,
    /// The mocks of a server answering this way (login and session included).
    mocks: Box<dyn Fn(Serve) -> Vec<Mock>>,
    /// Builds the client on the server at the URI and reads the list through
    /// its pager, with `max_pages` set to the number given.
    read: Box<dyn Fn(String, u32) -> BoxFuture<'static, Ending>>,
}

/// Streams a pager to its end (asserting that nothing follows an error).
async fn drain<'a, T: Send + 'a, E: ServiceError + Send + 'a>(
    pager: Pager<'a, T, E>,
    limit: u32,
) -> Ending {
    let mut s = pager.max_pages(limit).stream();
    let mut n = 0;
    while let Some(item) = s.next().await {
        match item {
            Ok(_) => n += 1,
            Err(e) => {
                assert!(s.next().await.is_none(), "the stream ends after its error");
                return (n, Some(e.erase()));
            }
        }
    }
    (n, None)
}

/// A `read` entry: the client built by `$client` on the URI, then `$pager` drained.
macro_rules! read {
    ($client:ident, |$c:ident| $pager:expr) => {
        Box::new(|uri: String, limit: u32| -> BoxFuture<'static, Ending> {
            Box::pin(async move {
                let $c = $client(uri).await;
                drain($pager, limit).await
            })
        })
    };
}

fn on(verb: &str, p: &str, r: impl Respond + 'static) -> Mock {
    Mock::given(method(verb)).and(path(p)).respond_with(r)
}

fn json_answer(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn xml_answer(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "text/xml")
}

fn body_json(r: &Request) -> Value {
    serde_json::from_slice(&r.body).unwrap_or_default()
}

// ---- EasySecure REST: admin login, JSON pages of 1000 users, id windows of logs.

async fn easysecure(uri: String) -> easysecure_sdk::Client<easysecure_sdk::auth::Admin> {
    easysecure_sdk::Client::builder()
        .base_url(uri)
        .login_admin("EasySecure", "a@example.com", "pw".to_string().into())
        .await
        .unwrap()
}

fn easysecure_login() -> Mock {
    on(
        "POST",
        "/admins/login",
        json_answer(json!({"idToken": "t", "refreshToken": "r"})),
    )
}

fn easysecure_users(serve: Serve) -> Vec<Mock> {
    let users = move |r: &Request| {
        let page = body_json(r)
            .get("page")
            .and_then(Value::as_u64)
            .unwrap_or(1);
        let first = if serve == Serve::Same {
            1
        } else {
            (page - 1) * 1000 + 1
        };
        json_answer(Value::Array(
            (first..first + 1000)
                .map(|i| json!({"UserId": i.to_string(), "wsAltUserId": format!("E{i}")}))
                .collect(),
        ))
    };
    vec![easysecure_login(), on("POST", "/admins/getUsers", users)]
}

/// Windows of 3 scanIDs; a repeating server's ids end at 30.
fn easysecure_events(serve: Serve) -> Vec<Mock> {
    let max = if serve == Serve::Same {
        30
    } else {
        i64::MAX / 2
    };
    let logs = move |r: &Request| {
        let from = body_json(r)
            .get("exportIdFrom")
            .and_then(Value::as_i64)
            .unwrap_or(1);
        let first = if serve == Serve::Same { 1 } else { from };
        json_answer(Value::Array(
            (first..first + 3)
                .map(|id| json!({"scanID": id, "Terminal": "T1", "Success": 1}))
                .collect(),
        ))
    };
    vec![
        easysecure_login(),
        on(
            "POST",
            "/admins/getLogsMinMaxIds",
            json_answer(json!({"minId": 1, "maxId": max})),
        ),
        on("POST", "/admins/getLogs", logs),
    ]
}

// ---- EasySecure SOAP: one endpoint, envelopes, p_page pages of 1000 users and
// getLogsById windows.

const SOAP_KEY: &str = "^4p;tU0Q+#dEIhTWkuj5FnLD^aOL&Vu0";

async fn soap(uri: String) -> easysecure_sdk::soap::SoapClient {
    easysecure_sdk::soap::SoapClient::builder(SecretString::from(SOAP_KEY.to_string()))
        .base_url(uri)
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap()
}

/// The integer parameter `name` of a request envelope.
fn soap_param(request: &Request, name: &str) -> i64 {
    let body = String::from_utf8_lossy(&request.body);
    let rest = &body[body.find(&format!("<{name} ")).unwrap()..];
    let value = &rest[rest.find('>').unwrap() + 1..rest.find(&format!("</{name}>")).unwrap()];
    value.parse().unwrap()
}

fn soap_answer(function: &str, object: &str, items: String) -> ResponseTemplate {
    xml_answer(format!(
        "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"uen:esws\"><SOAP-ENV:Body><ns1:Esws.{function}Response>\
         <return SOAP-ENC:arrayType=\"tns:{object}[1]\" xsi:type=\"SOAP-ENC:Array\">{items}</return>\
         </ns1:Esws.{function}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    ))
}

fn soap_users(serve: Serve) -> Vec<Mock> {
    let users = move |r: &Request| {
        let first = if serve == Serve::Same {
            1
        } else {
            (soap_param(r, "p_page") - 1) * 1000 + 1
        };
        let items = (first..first + 1000)
            .map(|id| format!("<item><UserId>{id}</UserId><Voornaam>U{id}</Voornaam><wsAltUserId>E-{id}</wsAltUserId></item>"))
            .collect();
        soap_answer("getUsers", "getUsersObject", items)
    };
    vec![on("POST", "/webservicesesws", users)]
}

fn soap_logs(serve: Serve) -> Vec<Mock> {
    let logs = move |r: &Request| {
        let first = if serve == Serve::Same {
            5
        } else {
            soap_param(r, "p_exportIdFrom")
        };
        let items = (first..first + 3)
            .map(|id| {
                format!(
                    "<item><scanID>{id}</scanID><Terminal>T1</Terminal><Success>1</Success></item>"
                )
            })
            .collect();
        soap_answer("getLogsById", "getLogsObject", items)
    };
    vec![on("POST", "/webservicesesws", logs)]
}

// ---- iLOQ: session set-up, lock logs in time windows split while truncated,
// and the audit trail in windows of arrival time.

async fn iloq(uri: String) -> iloq_sdk::Client {
    iloq_sdk::Client::builder()
        .base_url(uri)
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from("pw-template-test"))
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap()
}

fn iloq_session() -> Vec<Mock> {
    vec![
        on("POST", "/api/v2/Url/GetUrl", json_answer(json!(null))),
        on(
            "POST",
            "/api/v2/CreateSession",
            json_answer(json!({"Result": 0, "SessionID": "aaaaaaaa-0000-4000-8000-000000000001"})),
        ),
        on(
            "GET",
            "/api/v2/LockGroups",
            json_answer(
                json!([{"LockGroup_ID": "9a1e6f44-1111-4222-8333-944455556666", "OptionMask": 0}]),
            ),
        ),
        on(
            "POST",
            "/api/v2/SetLockgroup",
            json_answer(json!({"RightsMask": 1})),
        ),
    ]
}

/// A GUID made of a number.
fn uuid(n: u128) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn lock_log_filter() -> iloq_sdk::lock_logs::LockLogFilter {
    let start = Utc::now() - Duration::days(1);
    iloq_sdk::lock_logs::LockLogFilter::new(
        vec![iloq_sdk::LockId::new(uuid(30).parse().unwrap())],
        vec![],
        start,
        start + Duration::days(1),
    )
    .unwrap()
}

/// A repeating server overflows the first window, then answers both halves
/// with the same two rows; an endless one overflows every window (each split
/// is a page).
fn iloq_lock_logs(serve: Serve) -> Vec<Mock> {
    let log = |n: u128| json!({"DeviceLog_ID": uuid(n), "TypeMask": 4, "GoingDateUtc": "2025-05-01T08:00:00Z"});
    let mut mocks = iloq_session();
    let total = if serve == Serve::Same { 2 } else { 2000 };
    mocks.push(
        on(
            "POST",
            "/api/v2/LockLogs",
            json_answer(json!({"LockLogs": [log(1), log(2)], "TotalCount": 5000})),
        )
        .up_to_n_times(1)
        .with_priority(1),
    );
    mocks.push(on(
        "POST",
        "/api/v2/LockLogs",
        json_answer(json!({"LockLogs": [log(1), log(2)], "TotalCount": total})),
    ));
    mocks
}

/// Every window answers rows arriving at its start; a repeating server answers
/// the same two rows.
fn iloq_audit(serve: Serve) -> Vec<Mock> {
    let calls = AtomicU64::new(0);
    let rows = move |r: &Request| {
        let start = body_json(r)["StartDateUtc"].clone();
        let call = calls.fetch_add(1, Ordering::SeqCst) as u128;
        let row = |n: u128, at: &Value| json!({"DeviceLog_ID": uuid(n), "FLock_ID": uuid(30), "TimestampUtc": at});
        let first = json!("2025-05-01T08:00:00Z");
        let logs = if serve == Serve::Same {
            vec![row(1, &first), row(2, &first)]
        } else {
            vec![row(2 * call + 1, &start), row(2 * call + 2, &start)]
        };
        json_answer(json!({"LockLogs": logs}))
    };
    let mut mocks = iloq_session();
    mocks.push(on(
        "POST",
        "/api/v2/LockLogs/GetLockLogDataByTimestamp",
        rows,
    ));
    mocks
}

// ---- EF-45: `page`/`page_size`/`has_more` pages on six paths, the device's row
// shape per list.

async fn ef45(uri: String) -> ef45_sdk::Client {
    ef45_sdk::Client::builder()
        .base_url(format!("{uri}/1.0"))
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap()
}

/// How an EF-45 list row is written for page and index.
type Row = fn(u32, u32) -> Value;

fn subject_row(page: u32, i: u32) -> Value {
    json!({"user_uuid": format!("{page}-{i}"), "last_name": "Doe", "first_name": "Jo"})
}

fn face_row(page: u32, i: u32) -> Value {
    json!({"user_uuid": format!("{page}-{i}"), "sub_id": 1})
}

fn log_row(page: u32, i: u32) -> Value {
    json!({"id": page * 1000 + i, "event_type": "Recognition"})
}

/// Pages of `page_size` rows with `has_more: true`: the rows of the page asked,
/// or of page 1 on a repeating server.
fn ef45_list(p: &'static str, row: Row) -> Box<dyn Fn(Serve) -> Vec<Mock>> {
    Box::new(move |serve| {
        let pages = move |r: &Request| {
            let q = |name: &str| {
                r.url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .and_then(|(_, v)| v.parse::<u32>().ok())
            };
            let (page, size) = (q("page").unwrap_or(1), q("page_size").unwrap_or(50));
            let shown = if serve == Serve::Same { 1 } else { page };
            let items: Vec<Value> = (0..size).map(|i| row(shown, i)).collect();
            json_answer(json!({
                "status_code": 200, "reason_phrase": "OK", "items": items,
                "page": page, "page_size": size, "has_more": true, "total": 1_000_000
            }))
        };
        vec![
            on(
                "POST",
                "/1.0/lock",
                json_answer(json!({"lock_uid": "13dbb896-ed1e-11e6-9822-503f98000109"})),
            ),
            on("GET", p, pages),
        ]
    })
}

/// Every paged list of every vendor crate.
fn lists() -> Vec<List> {
    use OnRepeat::{Caught, Dropped};
    vec![
        List {
            name: "EasySecure REST users (getUsers)",
            path: "/admins/getUsers",
            page: 1000,
            repeat: Caught,
            mocks: Box::new(easysecure_users),
            read: read!(easysecure, |c| c.users().pager()),
        },
        List {
            name: "EasySecure REST events (getLogs by id window)",
            path: "/admins/getLogs",
            page: 3,
            repeat: Dropped,
            mocks: Box::new(easysecure_events),
            read: read!(easysecure, |c| c.logs().event_pager(None, 3)),
        },
        List {
            name: "EasySecure SOAP users (getUsers)",
            path: "/webservicesesws",
            page: 1000,
            repeat: Caught,
            mocks: Box::new(soap_users),
            read: read!(soap, |c| c.users().pager()),
        },
        List {
            name: "EasySecure SOAP logs (getLogsById)",
            path: "/webservicesesws",
            page: 3,
            repeat: Caught,
            mocks: Box::new(soap_logs),
            read: read!(soap, |c| c.logs().pager(None)),
        },
        List {
            name: "iLOQ lock logs (POST /api/v2/LockLogs)",
            path: "/api/v2/LockLogs",
            page: 2,
            repeat: Caught,
            mocks: Box::new(iloq_lock_logs),
            read: read!(iloq, |c| c.lock_logs().pager(lock_log_filter())),
        },
        List {
            name: "iLOQ audit trail (GetLockLogDataByTimestamp)",
            path: "/api/v2/LockLogs/GetLockLogDataByTimestamp",
            page: 2,
            repeat: Dropped,
            mocks: Box::new(iloq_audit),
            read: read!(iloq, |c| {
                c.lock_logs()
                    .audit_pager(None, c.now() - Duration::hours(10), Duration::hours(1))
            }),
        },
        List {
            name: "EF-45 subjects (GET /subjects)",
            path: "/1.0/subjects",
            page: 3,
            repeat: Caught,
            mocks: ef45_list("/1.0/subjects", subject_row),
            read: read!(ef45, |c| c.subjects().pager(3)),
        },
        List {
            name: "EF-45 user info (GET /user-info)",
            path: "/1.0/user-info",
            page: 3,
            repeat: Caught,
            mocks: ef45_list("/1.0/user-info", subject_row),
            read: read!(ef45, |c| c.user_info().pager(3)),
        },
        List {
            name: "EF-45 users (GET /user)",
            path: "/1.0/user",
            page: 3,
            repeat: Caught,
            mocks: ef45_list("/1.0/user", subject_row),
            read: read!(ef45, |c| c.users().pager(3)),
        },
        List {
            name: "EF-45 faces (GET /faces)",
            path: "/1.0/faces",
            page: 3,
            repeat: Caught,
            mocks: ef45_list("/1.0/faces", face_row),
            read: read!(ef45, |c| c.faces().pager(3)),
        },
        List {
            name: "EF-45 logs (GET /logs)",
            path: "/1.0/logs",
            page: 3,
            repeat: Caught,
            mocks: ef45_list("/1.0/logs", log_row),
            read: read!(ef45, |c| c.logs().pager(3)),
        },
        List {
            name: "EF-45 logs since (GET /logs/from/to)",
            path: "/1.0/logs/from/to",
            page: 3,
            repeat: Caught,
            mocks: ef45_list("/1.0/logs/from/to", log_row),
            read: read!(ef45, |c| c.logs().since_pager(Some(5), 3)),
        },
    ]
}

/// A server answering this way for `list`, with a catch-all that fails loudly.
async fn server(list: &List, serve: Serve) -> MockServer {
    let server = MockServer::start().await;
    for mock in (list.mocks)(serve) {
        mock.mount(&server).await;
    }
    mount_catch_all(&server).await;
    server
}

async fn requests(server: &MockServer, p: &str) -> usize {
    let all = server.received_requests().await.unwrap();
    all.iter().filter(|r| r.url.path() == p).count()
}

#[tokio::test]
async fn a_page_answered_twice_ends_every_list_after_its_items() {
    for list in lists() {
        let server = server(&list, Serve::Same).await;
        let (n, end) = (list.read)(server.uri(), 50).await;
        let name = list.name;
        assert_eq!(n, list.page, "{name}: the first page's items, once");
        match list.repeat {
            OnRepeat::Caught => assert!(
                matches!(end, Some(Error::Paging(PagingError::RepeatedPage { .. }))),
                "{name}: {end:?}"
            ),
            OnRepeat::Dropped => assert!(end.is_none(), "{name}: {end:?}"),
        }
    }
}

#[tokio::test]
async fn full_pages_forever_end_after_max_pages_requests() {
    const LIMIT: u32 = 4;
    for list in lists() {
        let server = server(&list, Serve::Endless).await;
        let (n, end) = (list.read)(server.uri(), LIMIT).await;
        let name = list.name;
        assert!(
            matches!(
                end,
                Some(Error::Paging(PagingError::TooManyPages { limit: LIMIT }))
            ),
            "{name}: {end:?} after {n} items"
        );
        assert!(!end.unwrap().is_retryable(), "{name}");
        assert_eq!(requests(&server, list.path).await, LIMIT as usize, "{name}");
    }
}
