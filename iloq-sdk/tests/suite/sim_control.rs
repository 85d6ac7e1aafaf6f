//! The simulator's control API (`/_sim/...`) driven over plain HTTP, as the
//! `access-sim` server's clients drive it: each knob does what it says, a
//! state dump restored into a fresh simulator answers the SDK alike, a corrupt
//! dump is refused and leaves the state alone, and `Url/GetUrl` answers the
//! pool on the host the caller reached.
#![cfg(feature = "testkit")]

use access_core::SecretString;
use access_core::clock::Clock;
use access_core::model::PhoneNumber;
use access_core::testkit::control::call;
use chrono::{Duration, Utc};
use iloq_sdk::flows::*;
use iloq_sdk::keys::ProgrammingState;
use iloq_sdk::persons::Person;
use iloq_sdk::testkit::{IloqSim, SimConfig};
use iloq_sdk::webhooks::verify_signature;
use iloq_sdk::*;
use serde_json::{Value, json};

async fn new_person(client: &Client, code: &str) -> PersonId {
    client
        .persons()
        .insert(
            Person::new(code)
                .unwrap()
                .name("Ada", "Lovelace")
                .external_id(format!("ext-{code}")),
            vec![],
        )
        .await
        .unwrap()
}

/// The log ids whose access time is within a minute of `at`.
async fn logs_around(client: &Client, at: chrono::DateTime<Utc>) -> Vec<(String, Option<KeyId>)> {
    client
        .lock_logs()
        .by_going_dates(at - Duration::minutes(1), at + Duration::minutes(1))
        .await
        .unwrap()
        .logs
        .into_iter()
        .map(|l| (l.id.to_string(), l.key_id))
        .collect()
}

#[tokio::test]
async fn the_index_names_the_simulator_and_lists_its_knobs() {
    let sim = IloqSim::start().await;
    let (status, index) = call(&sim.control_url(), "GET", "", None).await;
    assert_eq!(status, 200);
    assert_eq!(index["simulator"], "iloq");
    let knobs: Vec<&str> = index["knobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for knob in [
        "POST /_sim/keys/{id}/program",
        "POST /_sim/keys/{id}/register-phone",
        "POST /_sim/locks/{id}/access",
        "POST /_sim/sessions/expire",
        "GET /_sim/invites",
        "GET /_sim/webhook-deliveries",
        "PUT /_sim/webhook-listener",
        "GET /_sim/seed",
    ] {
        assert!(knobs.contains(&knob), "{knob} missing from {knobs:?}");
    }
}

#[tokio::test]
async fn a_key_used_at_a_lock_writes_the_log_the_sdk_reads() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let (lock, key) = (sim.seed().locks[0], sim.seed().programmed_key);
    let at = (sim.clock().now() - Duration::hours(2))
        .with_timezone(&Utc)
        .to_rfc3339();
    let path = format!("locks/{lock}/access");
    let (status, answer) = call(
        &sim.control_url(),
        "POST",
        &path,
        Some(json!({ "key": key.to_string(), "granted": true, "at": at })),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let id = answer["id"].as_str().unwrap().to_string();
    let at = chrono::DateTime::parse_from_rfc3339(&at)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(logs_around(&c, at).await, vec![(id, Some(key))]);

    // No key, refused, at the default time (now).
    let (status, answer) = call(
        &sim.control_url(),
        "POST",
        &path,
        Some(json!({ "key": null, "granted": false })),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let id = answer["id"].as_str().unwrap().to_string();
    assert_eq!(logs_around(&c, sim.clock().now()).await, vec![(id, None)]);

    let unknown = "6a1e0d00-0000-4000-8000-000000000000";
    let (status, err) = call(
        &sim.control_url(),
        "POST",
        &format!("locks/{unknown}/access"),
        Some(json!({ "key": null })),
    )
    .await;
    assert_eq!(status, 404, "{err}");
    assert!(err["error"].is_string());
    let (status, _) = call(
        &sim.control_url(),
        "POST",
        &path,
        Some(json!({ "key": unknown })),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = call(
        &sim.control_url(),
        "POST",
        &path,
        Some(json!({ "colour": 1 })),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &sim.control_url(),
        "POST",
        "locks/not-a-guid/access",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_programming_knob_programs_an_ordered_key_only() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let key = sim.seed().programmed_key;
    let op = c
        .flows()
        .change_key_accesses(key, &[sim.seed().api_access_2])
        .await
        .unwrap();
    assert_eq!(op.stage(), Some("Ordered"));
    let (status, answer) = call(
        &sim.control_url(),
        "POST",
        &format!("keys/{key}/program"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["programmed"], true);
    assert_eq!(answer["ProgrammingState"], 3);
    assert_eq!(
        c.keys().get(key).await.unwrap().programming_state,
        ProgrammingState::Programmed
    );
    // A key in planning is not programmed; an unknown key is a 404.
    let planning = sim.seed().s5_keys[0];
    let (_, answer) = call(
        &sim.control_url(),
        "POST",
        &format!("keys/{planning}/program"),
        None,
    )
    .await;
    assert_eq!(answer["programmed"], false);
    assert_eq!(
        sim.programming_state(planning),
        answer["ProgrammingState"].as_i64()
    );
    let (status, _) = call(
        &sim.control_url(),
        "POST",
        "keys/6a1e0d00-0000-4000-8000-000000000000/program",
        None,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_invite_is_listed_and_the_app_registers_the_phone_key() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let (_, none) = call(&sim.control_url(), "GET", "invites", None).await;
    assert_eq!(none, json!([]));
    let person = new_person(&c, "E-1").await;
    let phone = PhoneNumber::new("+31612345678").unwrap();
    c.flows()
        .send_mobile_key(person, Invite::Sms(phone), &[sim.seed().api_access])
        .await
        .unwrap();
    let (status, invites) = call(&sim.control_url(), "GET", "invites", None).await;
    assert_eq!(status, 200);
    let key = sim.invites()[0].key;
    assert_eq!(
        invites,
        json!([{ "key": key.to_string(), "channel": "sms", "address": "+31612345678" }])
    );
    // Not a phone key: nothing registers.
    let fob = sim.seed().fobs[0];
    let (_, answer) = call(
        &sim.control_url(),
        "POST",
        &format!("keys/{fob}/register-phone"),
        None,
    )
    .await;
    assert_eq!(answer["registered"], false);
    let (status, answer) = call(
        &sim.control_url(),
        "POST",
        &format!("keys/{key}/register-phone"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["registered"], true);
    assert_eq!(
        c.keys().get(key).await.unwrap().programming_state,
        ProgrammingState::Programmed
    );
}

#[tokio::test]
async fn expiring_the_sessions_makes_the_client_log_in_again() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let key = sim.seed().s5_keys[0];
    c.keys().get(key).await.unwrap();
    assert_eq!(sim.live_sessions(), 1);
    let (status, answer) = call(&sim.control_url(), "POST", "sessions/expire", None).await;
    assert_eq!(status, 200);
    assert_eq!(answer, json!({ "expired": 1 }));
    assert_eq!(sim.live_sessions(), 0);
    c.keys().get(key).await.unwrap();
    assert_eq!(sim.count("POST", "/iloqwspool1/api/v2/CreateSession"), 2);
}

#[tokio::test]
async fn deliveries_are_listed_signed_and_the_listener_goes_down() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let until = sim.clock().now() + Duration::days(30);
    let sub = c
        .flows()
        .subscribe_audit_trail("https://hooks.example.com/iloq", until)
        .await
        .unwrap();
    let lock = sim.seed().locks[1];
    let (_, log) = call(
        &sim.control_url(),
        "POST",
        &format!("locks/{lock}/access"),
        Some(json!({ "key": null })),
    )
    .await;
    let (status, list) = call(&sim.control_url(), "GET", "webhook-deliveries", None).await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let d = &list[0];
    assert_eq!(d["event_name"], "device_log_arrived");
    assert_eq!(d["subscription_id"], sub.id.to_string());
    let body = d["body"].as_str().unwrap();
    assert!(body.contains(log["id"].as_str().unwrap()), "{body}");
    verify_signature(body.as_bytes(), d["signature"].as_str(), &sub.sign_key).unwrap();
    assert!(
        c.webhooks()
            .pending()
            .await
            .unwrap()
            .subscription_ids
            .is_empty()
    );

    let (status, answer) = call(
        &sim.control_url(),
        "PUT",
        "webhook-listener",
        Some(json!({ "down": true })),
    )
    .await;
    assert_eq!((status, answer), (200, json!({ "down": true })));
    call(
        &sim.control_url(),
        "POST",
        &format!("locks/{lock}/access"),
        Some(json!({ "key": null })),
    )
    .await;
    assert_eq!(
        c.webhooks().pending().await.unwrap().subscription_ids,
        vec![sub.id]
    );
    let (status, _) = call(
        &sim.control_url(),
        "PUT",
        "webhook-listener",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_seed_names_the_ids_and_what_a_client_logs_in_with() {
    let sim = IloqSim::start().await;
    let (status, seed) = call(&sim.control_url(), "GET", "seed", None).await;
    assert_eq!(status, 200);
    let s = sim.seed();
    assert_eq!(seed["pool"], "iloqwspool1");
    assert_eq!(seed["lock_group"], s.lock_group.to_string());
    assert_eq!(seed["programmed_key"], s.programmed_key.to_string());
    let locks: Vec<String> = s.locks.iter().map(ToString::to_string).collect();
    assert_eq!(seed["locks"], json!(locks));
    let keys: Vec<String> = s.s5_keys.iter().map(ToString::to_string).collect();
    assert_eq!(seed["s5_keys"], json!(keys));
    assert_eq!(seed["persons"].as_array().unwrap().len(), s.persons.len());
    let text = |f: &str| seed[f].as_str().unwrap().to_string();
    let client = Client::builder()
        .base_url(sim.uri())
        .customer_code(text("customer_code"))
        .credentials(text("user_name"), SecretString::from(text("password")))
        .build()
        .unwrap();
    let lock: LockId = serde_json::from_value(seed["locks"][0].clone()).unwrap();
    assert_eq!(client.locks().get(lock).await.unwrap().id, lock);
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let lock = sim.seed().locks[0];
    call(
        &sim.control_url(),
        "POST",
        &format!("locks/{lock}/access"),
        Some(json!({ "key": null })),
    )
    .await;
    assert_eq!(logs_around(&c, sim.clock().now()).await.len(), 1);
    let (status, _) = call(&sim.control_url(), "POST", "reset", None).await;
    assert_eq!(status, 200);
    assert_eq!(sim.live_sessions(), 0);
    // The client sets its session up again and finds no log.
    assert!(logs_around(&c, sim.clock().now()).await.is_empty());
}

#[tokio::test]
async fn a_dump_restored_into_a_fresh_simulator_answers_alike() {
    let a = IloqSim::start().await;
    let ca = a.client();
    let person = new_person(&ca, "D-1").await;
    let phone = PhoneNumber::new("+31600000001").unwrap();
    ca.flows()
        .send_mobile_key(person, Invite::Sms(phone), &[a.seed().api_access])
        .await
        .unwrap();
    let until = a.clock().now() + Duration::days(30);
    let sub = ca
        .flows()
        .subscribe_audit_trail("https://hooks.example.com/iloq", until)
        .await
        .unwrap();
    let at = a.clock().now();
    a.record_access(a.seed().locks[2], Some(a.seed().programmed_key), at, true);
    let (status, dump) = call(&a.control_url(), "GET", "state", None).await;
    assert_eq!(status, 200);
    assert!(dump["persons"].is_object(), "readable: {dump}");
    assert!(
        dump.get("by_external_id").is_none(),
        "indexes are not dumped"
    );
    assert_eq!(
        dump["sessions"].as_object().unwrap().len(),
        1,
        "sessions kept"
    );

    let b = IloqSim::start_with(SimConfig::default().clock(a.clock().clone())).await;
    let (status, answer) = call(&b.control_url(), "PUT", "state", Some(dump.clone())).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(b.live_sessions(), 1);
    let (_, again) = call(&b.control_url(), "GET", "state", None).await;
    assert_eq!(again, dump);
    let cb = b.client();
    // The indexes were rebuilt: lookups by external id and by holder work.
    let ext = vec!["ext-D-1".to_string()];
    let by_ext = |c: &Client| {
        let c = c.clone();
        let ext = ext.clone();
        async move {
            c.persons()
                .by_external_ids(&ext)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(by_ext(&cb).await, vec![person]);
    assert_eq!(by_ext(&cb).await, by_ext(&ca).await);
    let keys = |c: &Client| {
        let c = c.clone();
        async move {
            c.persons()
                .keys(person)
                .await
                .unwrap()
                .into_iter()
                .map(|k| k.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(keys(&cb).await, keys(&ca).await);
    assert_eq!(keys(&cb).await.len(), 1);
    assert_eq!(logs_around(&cb, at).await, logs_around(&ca, at).await);
    let subs = |c: &Client| {
        let c = c.clone();
        async move {
            c.webhooks()
                .subscriptions()
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(subs(&cb).await, vec![Some(sub.id)]);
    assert_eq!(b.invites(), a.invites());
    let (da, db) = (a.webhook_deliveries(), b.webhook_deliveries());
    assert_eq!(da.len(), 1);
    assert_eq!(
        (&db[0].body, &db[0].signature),
        (&da[0].body, &da[0].signature)
    );
}

#[tokio::test]
async fn a_corrupt_dump_is_refused_and_leaves_the_state_alone() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    new_person(&c, "C-1").await;
    let (_, before) = call(&sim.control_url(), "GET", "state", None).await;
    let mut unknown_option = before.clone();
    let lock = sim.seed().locks[0].to_string();
    unknown_option["locks"][&lock]["options"] = json!(["NoSuchOption"]);
    let mut unknown_text = before.clone();
    unknown_text["locks"][&lock]["texts"] = json!({ "NoSuchText": "x" });
    let mut bad_channel = before.clone();
    bad_channel["invites"] = json!([{ "key": lock, "channel": "pigeon", "address": "x" }]);
    for corrupt in [
        json!({ "persons": 3 }),
        json!([]),
        unknown_option,
        unknown_text,
        bad_channel,
    ] {
        let (status, answer) = call(&sim.control_url(), "PUT", "state", Some(corrupt)).await;
        assert_eq!(status, 400, "{answer}");
        assert!(answer["error"].is_string());
    }
    let (_, after) = call(&sim.control_url(), "GET", "state", None).await;
    assert_eq!(after, before);
    assert_eq!(
        c.persons()
            .by_external_ids(&["ext-C-1".to_string()])
            .await
            .unwrap()
            .len(),
        1
    );
}

/// `POST Url/GetUrl` on the service address, with `host` as the `Host` header.
async fn get_url(address: &str, host: Option<&str>) -> String {
    let mut req = reqwest::Client::new()
        .post(format!("{address}/api/v2/Url/GetUrl"))
        .header("content-type", "application/json")
        .body(json!({ "CustomerCode": iloq_sdk::testkit::CUSTOMER_CODE }).to_string());
    if let Some(host) = host {
        req = req.header("host", host);
    }
    let bytes = req.send().await.unwrap().bytes().await.unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn get_url_answers_the_pool_on_the_host_the_caller_reached() {
    let sim = IloqSim::start().await;
    assert_eq!(
        get_url(&sim.uri(), None).await,
        format!("{}/iloqwspool1/", sim.uri())
    );
    assert_eq!(
        get_url(&sim.uri(), Some("sim.example:8480")).await,
        "http://sim.example:8480/iloqwspool1/"
    );
}

#[tokio::test]
async fn a_simulator_on_all_interfaces_serves_a_client_on_loopback() {
    let listener = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let sim = IloqSim::start_with(SimConfig::default().listener(listener)).await;
    let address = format!("http://127.0.0.1:{port}");
    assert_eq!(
        get_url(&address, None).await,
        format!("{address}/iloqwspool1/")
    );
    let client = sim.client_builder().base_url(&address).build().unwrap();
    let key = sim.seed().s5_keys[0];
    assert_eq!(client.keys().get(key).await.unwrap().id, key);
}
