//! Arithmetic on the numbers a server sends (issue 16, class 2): no token
//! lifetime, log id, cursor or window may panic or wrap a computation in any
//! vendor crate. Each row of [`rows`] drives one client against a wiremock
//! server answering extreme numbers (`i64::MAX`, `u64::MAX`, negative, huge
//! lifetimes, cursors and windows at the end of their range) and says what
//! the call must end in: a result with the number clamped, or a typed error.
//! Every row runs on its own task, so a panic is reported as that row's
//! failure instead of aborting the table.
//!
//! iLOQ and EF-45 sessions carry no lifetime (a session lasts until refused),
//! and Allthenticate's key is the caller's: their rows are the log exports.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use access_core::{Error, SecretString};
use chrono::{Duration, Utc};
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// What a row checks after its calls: `Err` says what went wrong.
type Check = BoxFuture<'static, Result<(), String>>;

/// One extreme answer of one vendor.
struct Row {
    name: String,
    /// Mounts the mocks on the server and runs the calls.
    run: Box<dyn FnOnce(Arc<MockServer>) -> Check + Send>,
}

fn on(verb: &str, p: &str, r: impl Respond + 'static) -> Mock {
    Mock::given(method(verb)).and(path(p)).respond_with(r)
}

fn json_answer(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn body_json(r: &Request) -> Value {
    serde_json::from_slice(&r.body).unwrap_or_default()
}

/// Counts the requests on a path (a row's "no request was sent").
async fn count(server: &MockServer, p: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == p)
        .count()
}

// ---- EasySecure REST: `expiresIn` of the login and of the refresh.

/// The `expiresIn` values a server may send, and whether the login or refresh
/// must succeed (the lifetime clamped) or fail with a typed decode error.
fn lifetimes() -> Vec<(Value, bool)> {
    vec![
        (json!(i64::MAX), true),
        // In `chrono::Duration`'s range, but past the last date it can hold.
        (json!(9_000_000_000_000i64), true),
        (json!(9_223_372_036_854_775i64), true),
        (json!((i64::MAX / 1000).to_string()), true),
        (json!(-1), true),
        (json!(i64::MIN), true),
        (json!(0), true),
        (json!(31_622_400), true),
        // Beyond `i64`: the lenient integer reader refuses them.
        (json!(u64::MAX), false),
        (json!("1e300"), false),
        (json!(1.0e300), false),
    ]
}

/// The login answers `expires_in` (or a lifetime inside the renewal margin,
/// when the refresh is the call under test); then two reads. A clamped
/// lifetime lies in the future: the second read renews nothing.
fn easysecure_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for (at_login, label) in [(true, "login"), (false, "refresh")] {
        for (lifetime, ok) in lifetimes() {
            let name = format!("EasySecure {label} expiresIn = {lifetime}");
            rows.push(Row {
                name,
                run: Box::new(move |server| {
                    Box::pin(async move {
                        let (login_life, refresh_life) = if at_login {
                            (lifetime.clone(), lifetime.clone())
                        } else {
                            (json!(1), lifetime.clone())
                        };
                        on(
                            "POST",
                            "/admins/login",
                            json_answer(
                                json!({"idToken": "t1", "refreshToken": "r1", "expiresIn": login_life}),
                            ),
                        )
                        .mount(&server)
                        .await;
                        on(
                            "POST",
                            "/admins/refreshToken",
                            json_answer(
                                json!({"idToken": "t2", "refreshToken": "r2", "expiresIn": refresh_life}),
                            ),
                        )
                        .mount(&server)
                        .await;
                        on(
                            "POST",
                            "/admins/getLogsMinMaxIds",
                            json_answer(json!({"minId": 1, "maxId": 1})),
                        )
                        .mount(&server)
                        .await;
                        let login = easysecure_sdk::Client::builder()
                            .base_url(server.uri())
                            .retry(access_core::http::RetryPolicy::none())
                            .login_admin("EasySecure", "a@example.com", "pw".to_string().into())
                            .await;
                        let client = match (login, at_login, ok) {
                            (Ok(c), _, _) if ok || !at_login => c,
                            (Err(Error::Decode(_)), true, false) => return Ok(()),
                            (Ok(_), ..) => return Err("login accepted an answer it must refuse".into()),
                            (Err(e), ..) => return Err(format!("login failed: {e}")),
                        };
                        let first = client.logs().id_range().await;
                        match (first, ok) {
                            (Ok(_), true) => {}
                            (Err(Error::Auth(_)), false) => return Ok(()),
                            (r, _) => return Err(format!("first call: {r:?}")),
                        }
                        client
                            .logs()
                            .id_range()
                            .await
                            .map_err(|e| format!("second call: {e}"))?;
                        let refreshes = client.session().refresh_count();
                        let expected = u64::from(!at_login);
                        if refreshes != expected {
                            return Err(format!(
                                "{refreshes} refreshes, expected {expected} (an expiry at or before now)"
                            ));
                        }
                        Ok(())
                    })
                }),
            });
        }
    }
    rows
}

// ---- Event exports near the end of the id range.

/// EasySecure REST: `getLogsMinMaxIds` answers ids up to `i64::MAX`, and
/// `getLogs` the ids of the window asked. `after` is the cursor.
fn easysecure_export(after: Option<i64>, min: i64, expected: usize, requests: usize) -> Row {
    Row {
        name: format!("EasySecure REST events after {after:?}, ids {min}..=i64::MAX"),
        run: Box::new(move |server| {
            Box::pin(async move {
                on(
                    "POST",
                    "/admins/login",
                    json_answer(json!({"idToken": "t", "refreshToken": "r"})),
                )
                .mount(&server)
                .await;
                on(
                    "POST",
                    "/admins/getLogsMinMaxIds",
                    json_answer(json!({"minId": min, "maxId": i64::MAX})),
                )
                .mount(&server)
                .await;
                let logs = |r: &Request| {
                    let b = body_json(r);
                    let (from, to) = (
                        b["exportIdFrom"].as_i64().unwrap_or(0),
                        b["exportIdTo"].as_i64().unwrap_or(0),
                    );
                    json_answer(Value::Array(
                        (from..=to)
                            .map(|id| json!({"scanID": id, "Terminal": "T1", "Success": 1}))
                            .collect(),
                    ))
                };
                on("POST", "/admins/getLogs", logs).mount(&server).await;
                let client = easysecure_sdk::Client::builder()
                    .base_url(server.uri())
                    .login_admin("EasySecure", "a@example.com", "pw".to_string().into())
                    .await
                    .map_err(|e| e.to_string())?;
                let cursor = after
                    .map(|a| access_core::model::EventCursor::new("easysecure", a.to_string()));
                let all = client
                    .logs()
                    .event_pager(cursor, 2)
                    .all()
                    .await
                    .map_err(|e| format!("export: {e}"))?;
                check_export(
                    all.len(),
                    expected,
                    count(&server, "/admins/getLogs").await,
                    requests,
                )
            })
        }),
    }
}

fn check_export(got: usize, expected: usize, sent: usize, requests: usize) -> Result<(), String> {
    if (got, sent) == (expected, requests) {
        Ok(())
    } else {
        Err(format!(
            "{got} entries in {sent} requests, expected {expected} in {requests}"
        ))
    }
}

/// The integer parameter `name` of a SOAP request envelope.
fn soap_param(request: &Request, name: &str) -> i64 {
    let body = String::from_utf8_lossy(&request.body);
    let rest = &body[body.find(&format!("<{name} ")).unwrap()..];
    let value = &rest[rest.find('>').unwrap() + 1..rest.find(&format!("</{name}>")).unwrap()];
    value.parse().unwrap()
}

/// EasySecure SOAP: `getLogsById` answers the ids of the window asked (so the
/// last window holds `i64::MAX`). `after` is the caller's scanID.
fn soap_export(after: Option<i64>, expected: usize, requests: usize) -> Row {
    Row {
        name: format!("EasySecure SOAP getLogsById after {after:?}"),
        run: Box::new(move |server| {
            Box::pin(async move {
                let logs = |r: &Request| {
                    let (from, to) = (
                        soap_param(r, "p_exportIdFrom"),
                        soap_param(r, "p_exportIdTo"),
                    );
                    let items: String = (from..=to)
                        .map(|id| format!("<item><scanID>{id}</scanID><Terminal>T1</Terminal><Success>1</Success></item>"))
                        .collect();
                    ResponseTemplate::new(200).set_body_raw(
                        format!(
                            "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"uen:esws\"><SOAP-ENV:Body><ns1:Esws.getLogsByIdResponse>\
                             <return SOAP-ENC:arrayType=\"tns:getLogsObject[1]\" xsi:type=\"SOAP-ENC:Array\">{items}</return>\
                             </ns1:Esws.getLogsByIdResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"
                        ),
                        "text/xml",
                    )
                };
                on("POST", "/webservicesesws", logs).mount(&server).await;
                let client = easysecure_sdk::soap::SoapClient::builder(SecretString::from(
                    "k3y-for-server-numbers".to_string(),
                ))
                .base_url(server.uri())
                .retry(access_core::http::RetryPolicy::none())
                .log_window(2, 100)
                .build()
                .map_err(|e| e.to_string())?;
                let all = client
                    .logs()
                    .all(after)
                    .await
                    .map_err(|e| format!("export: {e}"))?;
                check_export(
                    all.len(),
                    expected,
                    count(&server, "/webservicesesws").await,
                    requests,
                )
            })
        }),
    }
}

/// EF-45: `GET /logs/from/to` with a cursor at or past the device's id range:
/// nothing follows it, and nothing is asked.
fn ef45_export(after: i64) -> Row {
    Row {
        name: format!("EF-45 logs since {after}"),
        run: Box::new(move |server| {
            Box::pin(async move {
                on(
                    "POST",
                    "/1.0/lock",
                    json_answer(json!({"lock_uid": "13dbb896-ed1e-11e6-9822-503f98000109"})),
                )
                .mount(&server)
                .await;
                let page = json!({"status_code": 200, "reason_phrase": "OK",
                    "items": [{"id": i64::MAX, "event_type": "Recognition"}],
                    "page": 1, "page_size": 10, "has_more": false, "total": 1});
                on("GET", "/1.0/logs/from/to", json_answer(page))
                    .mount(&server)
                    .await;
                let client = ef45_sdk::Client::builder()
                    .base_url(format!("{}/1.0", server.uri()))
                    .retry(access_core::http::RetryPolicy::none())
                    .build()
                    .map_err(|e| e.to_string())?;
                let all = client
                    .logs()
                    .all_since(Some(after), 10)
                    .await
                    .map_err(|e| format!("export: {e}"))?;
                check_export(all.len(), 0, count(&server, "/1.0/logs/from/to").await, 0)
            })
        }),
    }
}

/// iLOQ: the audit trail over a window as long as chrono allows; the window
/// is clamped to now, in one request.
fn iloq_audit(window: Duration) -> Row {
    Row {
        name: format!("iLOQ audit trail, window {window}"),
        run: Box::new(move |server| {
            Box::pin(async move {
                for m in [
                    on("POST", "/api/v2/Url/GetUrl", json_answer(json!(null))),
                    on(
                        "POST",
                        "/api/v2/CreateSession",
                        json_answer(
                            json!({"Result": 0, "SessionID": "aaaaaaaa-0000-4000-8000-000000000001"}),
                        ),
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
                    on(
                        "POST",
                        "/api/v2/LockLogs/GetLockLogDataByTimestamp",
                        json_answer(json!({"LockLogs": []})),
                    ),
                ] {
                    m.mount(&server).await;
                }
                let client = iloq_sdk::Client::builder()
                    .base_url(server.uri())
                    .customer_code("CUST-1")
                    .credentials("agent", SecretString::from("pw-server-numbers"))
                    .retry(access_core::http::RetryPolicy::none())
                    .build()
                    .map_err(|e| e.to_string())?;
                let start = Utc::now() - Duration::days(1);
                let mut s = client.lock_logs().audit_pager(None, start, window).stream();
                let mut n = 0;
                while let Some(item) = s.next().await {
                    item.map_err(|e| format!("export: {e}"))?;
                    n += 1;
                }
                let sent = count(&server, "/api/v2/LockLogs/GetLockLogDataByTimestamp").await;
                check_export(n, 0, sent, 1)
            })
        }),
    }
}

fn rows() -> Vec<Row> {
    let max = i64::MAX;
    let mut rows = easysecure_rows();
    rows.extend([
        // Windows of 2 ids up to i64::MAX: 5 ids in 3 windows.
        easysecure_export(None, max - 4, 5, 3),
        easysecure_export(Some(max - 2), max - 4, 2, 1),
        // A cursor at the last id: nothing after it, and nothing asked.
        easysecure_export(Some(max), max - 4, 0, 0),
        easysecure_export(Some(max), max, 0, 0),
        // From max - 2: [max-2, max-1], then [max, max], which ends the list.
        soap_export(Some(max - 3), 3, 2),
        soap_export(Some(max - 1), 1, 1),
        soap_export(Some(max), 0, 0),
        ef45_export(max),
        ef45_export(max - 1),
        ef45_export(i64::from(i32::MAX)),
        iloq_audit(Duration::MAX),
        iloq_audit(Duration::days(365 * 100_000)),
    ]);
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extreme_server_numbers_never_panic_or_wrap() {
    let rows = rows();
    let total = rows.len();
    let passed = Arc::new(AtomicUsize::new(0));
    let mut failures = Vec::new();
    for row in rows {
        let server = Arc::new(MockServer::start().await);
        let outcome = tokio::spawn((row.run)(server)).await;
        match outcome {
            Ok(Ok(())) => {
                passed.fetch_add(1, Ordering::SeqCst);
            }
            Ok(Err(why)) => failures.push(format!("{}: {why}", row.name)),
            Err(e) if e.is_panic() => failures.push(format!("{}: PANIC", row.name)),
            Err(e) => failures.push(format!("{}: {e}", row.name)),
        }
    }
    println!(
        "server numbers: {} of {total} rows pass",
        passed.load(Ordering::SeqCst)
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
