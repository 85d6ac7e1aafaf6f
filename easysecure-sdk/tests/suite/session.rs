//! Sessions on the simulator: renewal before expiry and after a 401, single-flight;
//! retries only for reads; secrets never in Debug or errors.
#![cfg(feature = "testkit")]

use std::time::Duration;

use access_core::Error;
use access_core::http::RetryPolicy;
use easysecure_sdk::auth::LoginError;
use easysecure_sdk::auth::{Admin, User};
use easysecure_sdk::testkit::{EasySecureSim, SimError};
use easysecure_sdk::users::UserUpsert;
use easysecure_sdk::{Client, WsAltUserId};

use crate::shared::{admin_login, on_sim, user};

fn fast_retry() -> RetryPolicy {
    RetryPolicy::standard().with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

async fn admin(sim: &EasySecureSim) -> Client<Admin> {
    let builder = on_sim(sim).retry(fast_retry());
    admin_login(builder, EasySecureSim::ADMIN_PASSWORD)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_calls_across_expiry_refresh_once() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    client.groups().list().await.unwrap();
    // 58 minutes later the token is inside the 5-minute margin.
    sim.clock().advance(Duration::from_secs(58 * 60));
    let calls = (0..24).map(|_| {
        let c = client.clone();
        tokio::spawn(async move { c.groups().list().await })
    });
    for h in calls {
        h.await.unwrap().unwrap();
    }
    assert_eq!(sim.count("POST", "/admins/refreshToken"), 1);
    assert_eq!(client.session().refresh_count(), 1);
    assert_eq!(sim.count("POST", "/admins/login"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_renews_once_and_replays() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    // The server revokes every token early (the client's clock still says valid).
    sim.expire_tokens();
    let calls = (0..16).map(|_| {
        let c = client.clone();
        tokio::spawn(async move { c.groups().list().await })
    });
    for h in calls {
        h.await.unwrap().unwrap();
    }
    assert_eq!(sim.count("POST", "/admins/refreshToken"), 1);
    // A write refused with 401 was not acted on: it is replayed after renewal.
    sim.expire_tokens();
    let up = UserUpsert::new(WsAltUserId::new("NEW-1").unwrap()).name("New", "Person");
    client.users().upsert(up).await.unwrap();
    assert_eq!(sim.count("POST", "/admins/setUsers"), 2);
    assert!(sim.user(&WsAltUserId::new("NEW-1").unwrap()).is_some());
}

#[tokio::test]
async fn refused_refresh_token_falls_back_to_login() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    sim.clock().advance(Duration::from_secs(3600));
    sim.faults()
        .at("POST /admins/refreshToken")
        .fail_next_with_error(1, SimError::new(401, "Invalid refresh token"));
    client.groups().list().await.unwrap();
    assert_eq!(client.session().login_count(), 2);
}

#[tokio::test]
async fn role_paths_are_separate_on_the_server_too() {
    let sim = EasySecureSim::start().await;
    let u = user(&sim).await;
    // A user token is no admin token: the simulator answers 401, like EasySecure.
    let transport = u.transport().clone();
    let err = transport
        .send(&easysecure_sdk::groups::GetGroups::new(), Some(u.session()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    // The company name is case-sensitive.
    let err = Client::builder()
        .base_url(sim.uri())
        .login_admin(
            "Easysecure Demo",
            EasySecureSim::ADMIN_EMAIL,
            EasySecureSim::ADMIN_PASSWORD.to_string().into(),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(LoginError::InvalidLoginCredentials { .. })
    ));
}

#[tokio::test]
async fn reads_retry_writes_do_not() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    sim.faults().fail_next(2);
    client.groups().list().await.unwrap();
    assert_eq!(sim.count("POST", "/admins/getGroups"), 3);
    // setUsers is an upsert keyed by wsAltUserId: sending it again is safe, so
    // it is retried like a read.
    sim.faults().fail_next(1);
    let up = UserUpsert::new(WsAltUserId::new("W-1").unwrap()).name("Twice", "Safe");
    client.users().upsert(up).await.unwrap();
    assert_eq!(sim.count("POST", "/admins/setUsers"), 2);
    assert_eq!(
        sim.user(&WsAltUserId::new("W-1").unwrap())
            .unwrap()
            .first_name,
        "Twice"
    );
    sim.faults().fail_next(1);
    let err = client
        .syncs()
        .start(easysecure_sdk::sync::AdminSync::all())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(sim.count("POST", "/admins/sync"), 1);
}

#[tokio::test]
async fn malformed_and_slow_answers_are_typed() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    sim.faults().malformed_next("[{\"GroupId\": 1, ");
    let err = client.groups().list().await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    sim.faults().set_latency(Some(Duration::from_millis(20)));
    client.groups().list().await.unwrap();
    sim.faults().clear();
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_errors() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    let login = sim
        .requests()
        .into_iter()
        .find(|r| r.url.path() == "/admins/login")
        .unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&login.body).unwrap();
    assert_eq!(answer["password"], EasySecureSim::ADMIN_PASSWORD);
    let debug = format!("{client:?}");
    assert!(!debug.contains(EasySecureSim::ADMIN_PASSWORD), "{debug}");
    assert!(!debug.contains("sim-id-"), "{debug}");
    assert!(!debug.contains("sim-refresh-"), "{debug}");
    let u = user(&sim).await;
    let err = u
        .profile()
        .change_password("wrong".to_string().into(), "n3w-secret".to_string().into())
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("n3w-secret") && !text.contains("wrong"),
        "{text}"
    );
    let req = easysecure_sdk::auth::ChangePassword::new(
        "old-secret".to_string().into(),
        "new-secret".to_string().into(),
    )
    .unwrap();
    assert!(!format!("{req:?}").contains("secret"));
    let creds =
        easysecure_sdk::auth::LoginCredentials::new("C", "a@b.co", "hunter2".to_string().into())
            .unwrap();
    assert!(!format!("{creds:?}").contains("hunter2"));
    let err = admin_login(Client::builder().base_url(sim.uri()), "hunter2-wrong")
        .await
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains("hunter2"));
    let pin = easysecure_sdk::model::PinCode::new("9182").unwrap();
    assert!(!format!("{pin:?}").contains("9182"));
}

#[tokio::test]
async fn logout_revokes_and_the_next_call_logs_in_again() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    client.logout().await.unwrap();
    client.groups().list().await.unwrap();
    assert_eq!(sim.count("POST", "/admins/login"), 2);
}

#[tokio::test]
async fn password_reset_flow() {
    let sim = EasySecureSim::start().await;
    let b = || Client::builder().base_url(sim.uri());
    b().request_password_reset::<User>(EasySecureSim::COMPANY, EasySecureSim::USER_EMAIL)
        .await
        .unwrap();
    let token = sim.last_reset_token().unwrap();
    b().reset_password::<User>(token.clone().into(), "brand-new".to_string().into())
        .await
        .unwrap();
    let err = b()
        .reset_password::<User>(token.into(), "again".to_string().into())
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(easysecure_sdk::auth::ResetPasswordError::TokenUsed { .. })
    ));
    b().login_user(
        EasySecureSim::COMPANY,
        EasySecureSim::USER_EMAIL,
        "brand-new".to_string().into(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn every_write_is_sent_once_under_a_503() {
    use easysecure_sdk::logs::NewLogEntry;
    use easysecure_sdk::model::PinCode;
    use easysecure_sdk::profile::SetPicture;
    use easysecure_sdk::sync::AdminSync;
    use easysecure_sdk::users::SyncUserToFirebase;

    let sim = EasySecureSim::start().await;
    let a = admin(&sim).await;
    let u = user(&sim).await;
    let ws = || WsAltUserId::new("EMP-002").unwrap();
    let now = sim.clock_now();
    macro_rules! once {
        ($path:literal, $call:expr) => {{
            sim.faults().fail_next(1);
            let err = $call.await.unwrap_err();
            assert_eq!(err.status(), Some(503), "{}", $path);
            assert_eq!(sim.count("POST", $path), 1, "{} was retried", $path);
        }};
    }
    once!(
        "/admins/setWsAltUserId",
        a.users().set_ws_alt_user_id("1002".parse().unwrap(), ws())
    );
    once!(
        "/admins/syncUserToFirebase",
        a.users().sync_to_firebase(SyncUserToFirebase::new(ws()))
    );
    once!(
        "/admins/setLogs",
        a.logs().set(vec![
            NewLogEntry::new(ws(), EasySecureSim::ENTRANCE, now).unwrap()
        ])
    );
    once!("/admins/sync", a.syncs().start(AdminSync::all()));
    once!("/users/sync", u.syncs().start());
    once!("/users/setConsent", u.profile().set_consent(true));
    once!(
        "/users/setLicensePlate",
        u.profile().set_license_plate("AB-12-CD")
    );
    once!(
        "/users/setCardPin",
        u.profile().set_card_pin(PinCode::new("1234").unwrap())
    );
    once!(
        "/users/setPicture",
        u.profile().set_picture(SetPicture::delete())
    );
    once!(
        "/users/sendSupportMail",
        u.profile().send_support_mail("a@example.com", "s", "m")
    );
    once!(
        "/users/changePassword",
        u.profile()
            .change_password("a".to_string().into(), "b".to_string().into())
    );
    once!("/users/logout", u.logout());
    sim.faults().fail_next(1);
    let builder = Client::builder().base_url(sim.uri());
    let err = admin_login(builder, EasySecureSim::ADMIN_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        sim.count("POST", "/admins/login"),
        2,
        "the first login plus one attempt"
    );
}

#[tokio::test]
async fn event_export_pages_in_order() {
    use access_core::traits::EventLog;
    use futures_util::StreamExt;

    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    sim.add_logs(1234);
    let total = sim.log_count();
    let before = sim.count("POST", "/admins/getLogs");
    let mut stream = client.logs().events(None, 100);
    let mut last = 0i64;
    let mut n = 0;
    while let Some(e) = stream.next().await {
        let id: i64 = e.unwrap().id.parse().unwrap();
        assert!(id > last);
        last = id;
        n += 1;
    }
    drop(stream);
    assert_eq!(n, total);
    let pages = sim.count("POST", "/admins/getLogs") - before;
    assert_eq!(pages, total.div_ceil(100));
    // Resuming from the end yields nothing new; a foreign cursor is refused.
    let cursor = access_core::model::EventCursor::new("easysecure", last.to_string());
    assert_eq!(client.events_since(Some(cursor)).count().await, 0);
    let foreign = access_core::model::EventCursor::new("iloq", "1");
    let first = client.events_since(Some(foreign)).next().await.unwrap();
    assert!(matches!(first, Err(Error::Validation(_))));
}

#[tokio::test]
async fn hostile_answers_are_typed_errors() {
    let sim = EasySecureSim::start().await;
    let builder = on_sim(&sim)
        .retry(RetryPolicy::none())
        .attempt_timeout(Duration::from_millis(300))
        .max_response_bytes(4096);
    let client = admin_login(builder, EasySecureSim::ADMIN_PASSWORD)
        .await
        .unwrap();
    // Empty 200 where an object is needed.
    sim.faults().malformed_next("");
    assert!(matches!(
        client.logs().id_range().await,
        Err(Error::Decode(_))
    ));
    // Wrong types.
    sim.faults().malformed_next(r#"{"users": "nope"}"#);
    assert!(matches!(
        client
            .users()
            .page(easysecure_sdk::users::GetUsers::new())
            .await,
        Err(Error::Decode(_))
    ));
    sim.faults().malformed_next(r#"[{"scanID": {"x": 1}}]"#);
    let err = client
        .logs()
        .get(easysecure_sdk::logs::GetLogs::id_range(1, 2).unwrap())
        .await
        .unwrap_err();
    match err {
        Error::Decode(d) => assert!(d.path.contains("scanID"), "{d}"),
        other => panic!("{other:?}"),
    }
    // A huge answer is refused, not read.
    sim.faults()
        .malformed_next(format!("[{}]", "1,".repeat(5000) + "1"));
    assert!(matches!(
        client.groups().list().await,
        Err(Error::ResponseTooLarge { .. })
    ));
    // A server that never answers times out.
    sim.faults().hang_next();
    let err = client.groups().list().await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.timeout), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn client_from_stored_tokens_renews_without_a_password() {
    use easysecure_sdk::ClientBuilder;
    use easysecure_sdk::auth::{Login, LoginCredentials, Tokens};

    let sim = EasySecureSim::start().await;
    let builder = || {
        ClientBuilder::new()
            .base_url(sim.uri())
            .clock(sim.shared_clock())
    };
    let creds = LoginCredentials::new(
        EasySecureSim::COMPANY,
        EasySecureSim::USER_EMAIL,
        EasySecureSim::USER_PASSWORD.to_string().into(),
    )
    .unwrap();
    let transport = builder().build_transport().unwrap();
    let tokens = transport
        .send(&Login::<User>::new(creds), None)
        .await
        .unwrap();
    let stored = Tokens::new(tokens.id_token.clone(), tokens.refresh_token.clone());
    let app: Client<User> = builder().with_tokens(stored).unwrap();
    app.profile().set_consent(true).await.unwrap();
    sim.clock().advance(Duration::from_secs(3600));
    app.profile().set_consent(false).await.unwrap();
    assert_eq!(app.session().refresh_count(), 1);
    // Without a password, a refused refresh token is an authentication error.
    sim.clock().advance(Duration::from_secs(3600));
    sim.faults()
        .at("POST /users/refreshToken")
        .fail_next_with_error(1, SimError::new(401, "Invalid refresh token"));
    let err = app.profile().set_consent(true).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(!err.may_have_been_sent());
}

#[tokio::test]
async fn all_users_reads_every_page_of_1000() {
    let sim = EasySecureSim::start().await;
    let client = admin(&sim).await;
    let users = (0..1500)
        .map(|i| {
            UserUpsert::new(WsAltUserId::new(format!("BULK-{i:04}")).unwrap())
                .name("Bulk", format!("{i}"))
        })
        .collect();
    client.users().set(users).await.unwrap();
    let before = sim.count("POST", "/admins/getUsers");
    let all = client.users().all().await.unwrap();
    assert_eq!(all.len(), 1503);
    assert_eq!(sim.count("POST", "/admins/getUsers") - before, 2);
    let found = client
        .users()
        .find(&WsAltUserId::new("BULK-1499").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.last_name.as_deref(), Some("1499"));
}
