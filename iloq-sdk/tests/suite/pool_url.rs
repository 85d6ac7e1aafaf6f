//! Class 5 of issue 16: where `Url/GetUrl` may send the login. The pool URL
//! receives `CreateSession` (the password) and every call after it, so it must
//! keep the service's scheme and stay on the service's hosts (its registrable
//! domain, or an allow-list); anything else is refused with
//! `AuthError::UntrustedUrl` before a credential is sent.
//!
//! The end-to-end table runs two wiremock servers, the configured service and a
//! "foreign" one, behind real host names (a reqwest client whose resolver maps
//! them to loopback): a refused answer must leave the foreign server without a
//! single request and the configured one without a `CreateSession`.

use std::net::SocketAddr;

use access_core::{AuthError, Error};
use iloq_sdk::auth::PoolPolicy;
use iloq_sdk::{Client, ClientBuilder};
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PASSWORD: &str = "pool-test-password-7f3a";
const SID: &str = "bbbbbbbb-0000-4000-8000-00000000000b";
const LG: &str = "9a1e6f44-1111-4222-8333-944455556666";
/// The configured service host (resolved to the configured server).
const SERVICE_HOST: &str = "s5.iloq.com";

/// Mounts a whole session (CreateSession, LockGroups, SetLockgroup) and
/// `Zones` under any path prefix, so whichever pool path a row names logs in.
async fn mount_session(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path_regex(r"/api/v2/CreateSession$"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"Result": 1, "SessionID": SID})),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"/api/v2/LockGroups$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"LockGroup_ID": LG}])))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"/api/v2/SetLockgroup$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"RightsMask": 1})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"/api/v2/Zones$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(server)
        .await;
}

fn addr(server: &MockServer) -> SocketAddr {
    *server.address()
}

/// A client on `http://s5.iloq.com:<configured port>/iloqws` whose resolver
/// sends `hosts` (name, server) to the given servers and the service host to
/// the configured one.
fn builder(configured: &MockServer, hosts: &[(&str, SocketAddr)]) -> ClientBuilder {
    let mut http = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .resolve(SERVICE_HOST, addr(configured));
    for (name, to) in hosts {
        http = http.resolve(name, *to);
    }
    Client::builder()
        .base_url(format!(
            "http://{SERVICE_HOST}:{}/iloqws",
            configured.address().port()
        ))
        .http_client(http)
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from(PASSWORD))
}

async fn count(server: &MockServer, suffix: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path().ends_with(suffix))
        .count()
}

/// Where a row's pool host points.
#[derive(Clone, Copy)]
enum To {
    Configured,
    Foreign,
}

struct Row {
    name: &'static str,
    /// The pool URL; `{c}` and `{f}` are the configured and foreign ports.
    pool: &'static str,
    /// The host names the row's resolver knows, and where they point.
    hosts: &'static [(&'static str, To)],
    /// Hosts for `ClientBuilder::allowed_pool_hosts`.
    allow: &'static [&'static str],
    /// `None`: refused; `Some(to)`: logs in on that server.
    logs_in_on: Option<To>,
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "same host, other path",
            pool: "http://s5.iloq.com:{c}/iloqwspool2/",
            hosts: &[],
            allow: &[],
            logs_in_on: Some(To::Configured),
        },
        Row {
            name: "same host, other case and a trailing dot",
            pool: "http://S5.ILOQ.COM.:{c}/iloqwspool3/",
            hosts: &[("s5.iloq.com.", To::Configured)],
            allow: &[],
            logs_in_on: Some(To::Configured),
        },
        Row {
            name: "other subdomain of the service's domain",
            pool: "http://pool2.iloq.com:{f}/iloqws/",
            hosts: &[("pool2.iloq.com", To::Foreign)],
            allow: &[],
            logs_in_on: Some(To::Foreign),
        },
        Row {
            name: "allow-listed on-premise host",
            pool: "http://iloq.customer.example:{f}/iloqws/",
            hosts: &[("iloq.customer.example", To::Foreign)],
            allow: &["ILOQ.customer.example"],
            logs_in_on: Some(To::Foreign),
        },
        Row {
            name: "another domain",
            pool: "http://pool.other.example:{f}/iloqws/",
            hosts: &[("pool.other.example", To::Foreign)],
            allow: &[],
            logs_in_on: None,
        },
        Row {
            name: "look-alike: the service's domain as a subdomain",
            pool: "http://iloq.com.evil.example:{f}/iloqws/",
            hosts: &[("iloq.com.evil.example", To::Foreign)],
            allow: &[],
            logs_in_on: None,
        },
        Row {
            name: "look-alike: the service's domain as a name suffix",
            pool: "http://evililoq.com:{f}/iloqws/",
            hosts: &[("evililoq.com", To::Foreign)],
            allow: &[],
            logs_in_on: None,
        },
        Row {
            name: "user info before an allowed host",
            pool: "http://agent:stolen@pool2.iloq.com:{f}/iloqws/",
            hosts: &[("pool2.iloq.com", To::Foreign)],
            allow: &[],
            logs_in_on: None,
        },
        Row {
            name: "user info that looks like the service",
            pool: "http://s5.iloq.com@evil.example:{f}/iloqws/",
            hosts: &[("evil.example", To::Foreign)],
            allow: &[],
            logs_in_on: None,
        },
        Row {
            name: "backslash before the service's name",
            pool: "http://evil.example:{f}\\@s5.iloq.com/iloqws/",
            hosts: &[("evil.example", To::Foreign)],
            allow: &[],
            logs_in_on: None,
        },
        Row {
            name: "an IP address",
            pool: "http://127.0.0.1:{f}/iloqws/",
            hosts: &[],
            allow: &[],
            logs_in_on: None,
        },
        Row {
            name: "allow-list names another host",
            pool: "http://pool.other.example:{f}/iloqws/",
            hosts: &[("pool.other.example", To::Foreign)],
            allow: &["iloq.customer.example"],
            logs_in_on: None,
        },
    ]
}

#[tokio::test]
async fn get_url_may_move_the_login_only_within_the_service() {
    let mut refused = 0;
    for row in rows() {
        let configured = MockServer::start().await;
        let foreign = MockServer::start().await;
        let pool = row
            .pool
            .replace("{c}", &configured.address().port().to_string())
            .replace("{f}", &foreign.address().port().to_string());
        Mock::given(method("POST"))
            .and(path("/iloqws/api/v2/Url/GetUrl"))
            .respond_with(ResponseTemplate::new(200).set_body_json(&pool))
            .mount(&configured)
            .await;
        mount_session(&configured).await;
        mount_session(&foreign).await;
        let hosts: Vec<(&str, SocketAddr)> = row
            .hosts
            .iter()
            .map(|(name, to)| {
                let to = match to {
                    To::Configured => addr(&configured),
                    To::Foreign => addr(&foreign),
                };
                (*name, to)
            })
            .collect();
        let client = builder(&configured, &hosts)
            .allowed_pool_hosts(row.allow.iter().copied())
            .build()
            .unwrap();
        let result = client.zones().list().await;
        match row.logs_in_on {
            Some(to) => {
                result.unwrap_or_else(|e| panic!("{}: {e}", row.name));
                let (on, off) = match to {
                    To::Configured => (&configured, &foreign),
                    To::Foreign => (&foreign, &configured),
                };
                assert_eq!(count(on, "/CreateSession").await, 1, "{}", row.name);
                assert_eq!(count(on, "/Zones").await, 1, "{}", row.name);
                assert_eq!(count(off, "/CreateSession").await, 0, "{}", row.name);
            }
            None => {
                refused += 1;
                let err = result.expect_err(row.name);
                assert!(
                    matches!(&err, Error::Auth(AuthError::UntrustedUrl { .. })),
                    "{}: {err:?}",
                    row.name
                );
                assert!(!err.may_have_been_sent(), "{}", row.name);
                assert!(!err.is_retryable(), "{}", row.name);
                let shown = format!("{err} {err:?}");
                assert!(!shown.contains("stolen"), "{}: {shown}", row.name);
                assert!(!shown.contains(PASSWORD), "{}: {shown}", row.name);
                assert_eq!(
                    foreign.received_requests().await.unwrap_or_default().len(),
                    0,
                    "{}: the foreign server was reached",
                    row.name
                );
                assert_eq!(
                    count(&configured, "/CreateSession").await,
                    0,
                    "{}",
                    row.name
                );
                assert_eq!(count(&configured, "/Url/GetUrl").await, 1, "{}", row.name);
            }
        }
    }
    assert_eq!(refused, 8);
}

#[tokio::test]
async fn session_re_setup_after_expiry_applies_the_same_rule() {
    let configured = MockServer::start().await;
    let foreign = MockServer::start().await;
    let good = format!(
        "http://{SERVICE_HOST}:{}/iloqwspool1/",
        configured.address().port()
    );
    let bad = format!(
        "http://iloq.com.evil.example:{}/iloqwspool1/",
        foreign.address().port()
    );
    Mock::given(method("POST"))
        .and(path("/iloqws/api/v2/Url/GetUrl"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&good))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&configured)
        .await;
    Mock::given(method("POST"))
        .and(path("/iloqws/api/v2/Url/GetUrl"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&bad))
        .mount(&configured)
        .await;
    // The session expires: the first Zones call is refused with iLOQ's 401.
    Mock::given(method("GET"))
        .and(path("/iloqwspool1/api/v2/Zones"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"Code": "Unauthorized", "Message": format!("Invalid session id: {SID}")}),
        ))
        .with_priority(1)
        .mount(&configured)
        .await;
    mount_session(&configured).await;
    mount_session(&foreign).await;
    let client = builder(&configured, &[("iloq.com.evil.example", addr(&foreign))])
        .build()
        .unwrap();
    client.login().await.unwrap();
    let err = client.zones().list().await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth(AuthError::UntrustedUrl { .. })),
        "{err:?}"
    );
    assert!(foreign.received_requests().await.unwrap().is_empty());
    assert_eq!(count(&configured, "/Url/GetUrl").await, 2);
    assert_eq!(count(&configured, "/CreateSession").await, 1);
}

#[test]
fn pool_policy_table() {
    let exact = PoolPolicy::exact_hosts()
        .allow_host("onprem.example")
        .unwrap();
    let listed = PoolPolicy::new().allow_host("ONPREM.example.").unwrap();
    let default = PoolPolicy::new();
    // (service, pool, policy, accepted)
    let rows: Vec<(&str, &str, &PoolPolicy, bool)> = vec![
        // The scheme is kept: https never goes to http, even on the same host.
        (
            "https://s5.iloq.com/iloqws",
            "http://s5.iloq.com/iloqwspool1/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "http://pool2.iloq.com/x/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "http://onprem.example/x/",
            &listed,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://s5.iloq.com/iloqwspool1/",
            &default,
            true,
        ),
        (
            "http://s5.iloq.com/iloqws",
            "https://pool2.iloq.com/x/",
            &default,
            true,
        ),
        // The registrable domain (last two labels).
        (
            "https://s5.iloq.com/iloqws",
            "https://pool2.iloq.com/x/",
            &default,
            true,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://a.b.iloq.com/x/",
            &default,
            true,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://iloq.com/x/",
            &default,
            true,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://S5.ILOQ.COM./x/",
            &default,
            true,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://iloq.com.evil.example/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://evililoq.com/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://iloq.co/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://other.example/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://u:p@s5.iloq.com/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://u@s5.iloq.com/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://93.184.216.34/",
            &default,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://[::1]/",
            &default,
            false,
        ),
        // Allow-list and the exact-host policy.
        (
            "https://s5.iloq.com/iloqws",
            "https://onprem.example/x/",
            &listed,
            true,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://pool2.iloq.com/x/",
            &listed,
            true,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://x.onprem.example/",
            &listed,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://pool2.iloq.com/x/",
            &exact,
            false,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://s5.iloq.com/pool/",
            &exact,
            true,
        ),
        (
            "https://s5.iloq.com/iloqws",
            "https://onprem.example/",
            &exact,
            true,
        ),
        // IP-address, localhost and single-label services: exact host only.
        (
            "https://10.0.0.5/iloqws",
            "https://10.0.0.5:8443/pool/",
            &default,
            true,
        ),
        (
            "https://10.0.0.5/iloqws",
            "https://10.0.0.6/pool/",
            &default,
            false,
        ),
        (
            "http://127.0.0.1:8080/",
            "http://127.0.0.1:8080/iloqwspool2/",
            &default,
            true,
        ),
        ("http://127.0.0.1:8080/", "http://0.0.1.1/", &default, false),
        ("http://[::1]:8080/", "http://[::1]:9090/p/", &default, true),
        (
            "http://localhost:8080/",
            "http://localhost:9090/p/",
            &default,
            true,
        ),
        (
            "http://localhost:8080/",
            "http://a.localhost/p/",
            &default,
            false,
        ),
        (
            "http://a.localhost/",
            "http://b.localhost/p/",
            &default,
            false,
        ),
        ("http://iloqserver/", "http://iloqserver/p/", &default, true),
        ("http://iloqserver/", "http://other/p/", &default, false),
    ];
    for (service, pool, policy, accepted) in rows {
        let s = url::Url::parse(service).unwrap();
        let p = url::Url::parse(pool).unwrap();
        let got = policy.check(&s, &p);
        assert_eq!(got.is_ok(), accepted, "{service} -> {pool}: {got:?}");
        if let Err(e) = got {
            assert!(matches!(e, AuthError::UntrustedUrl { .. }), "{e:?}");
            assert!(!e.to_string().contains("u:p@"), "{e}");
        }
    }
    for bad in [
        "",
        " ",
        "https://x.example",
        "x.example:443",
        "u@x.example",
        "x.example/p",
        "a b",
    ] {
        assert!(PoolPolicy::new().allow_host(bad).is_err(), "{bad:?}");
    }
    assert!(
        Client::builder()
            .base_url("https://s5.iloq.com/iloqws")
            .customer_code("CUST-1")
            .credentials("agent", SecretString::from(PASSWORD))
            .allowed_pool_hosts(["https://bad.example/"])
            .build()
            .is_err()
    );
}
