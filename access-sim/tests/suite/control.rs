//! The control API over HTTP: one clock for all five simulators, faults,
//! requests, reset, state, and each vendor's knobs.

use serde_json::{Value, json};

use crate::process::{Sim, get_json, http, send_json};

fn time(v: &Value) -> chrono::DateTime<chrono::Utc> {
    v["now"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_five_simulators_share_one_clock_that_runs_and_can_be_moved() {
    let sim = Sim::start(&[], &[]);
    let (_, before) = get_json(&format!("{}/clock", sim.control("ef45"))).await;
    assert_eq!(before["running"], true);
    let drift = (time(&before) - chrono::Utc::now()).num_seconds().abs();
    assert!(drift < 60, "a fresh server runs on real time: {before}");

    // An EasySecure idToken lives an hour: two hours later it is refused.
    let es = &sim.banner["easysecure"];
    let (_, login) = send_json(
        "POST",
        &format!("{}/admins/login", sim.url("easysecure")),
        json!({ "company": es["company"], "email": es["admin_email"], "password": es["admin_password"] }),
    )
    .await;
    let token = login["idToken"].as_str().unwrap().to_string();
    let (status, moved) = send_json(
        "POST",
        &format!("{}/clock/advance", sim.control("iloq")),
        json!({ "seconds": 7200 }),
    )
    .await;
    assert_eq!(status, 200);
    let (_, es_clock) = get_json(&format!("{}/clock", sim.control("easysecure"))).await;
    let gap = (time(&es_clock) - time(&before)).num_seconds();
    assert!(
        (7200..7260).contains(&gap),
        "moved on iLOQ, seen on EasySecure: {moved} {es_clock}"
    );
    let r = http()
        .post(format!("{}/admins/getGroups", sim.url("easysecure")))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    let (status, set) = send_json(
        "POST",
        &format!("{}/clock/set", sim.control("allthenticate")),
        json!({ "now": "2030-01-07T08:00:00Z" }),
    )
    .await;
    assert_eq!(status, 200, "{set}");
    let (_, ef45) = get_json(&format!("{}/clock", sim.control("ef45"))).await;
    assert!(
        ef45["now"].as_str().unwrap().starts_with("2030-01-07T08:0"),
        "{ef45}"
    );
}

#[tokio::test]
async fn bad_control_requests_are_refused_with_a_reason() {
    let sim = Sim::start(&[], &[]);
    let c = sim.control("iloq");
    for (method, path, body, status, says) in [
        (
            "POST",
            "/clock/advance",
            json!({ "seconds": -5 }),
            400,
            "never goes back",
        ),
        (
            "POST",
            "/clock/advance",
            json!({ "minutes": 5 }),
            400,
            "unknown field",
        ),
        (
            "POST",
            "/clock/set",
            json!({ "now": "tomorrow" }),
            400,
            "invalid",
        ),
        (
            "POST",
            "/faults",
            json!({ "count": 2 }),
            400,
            "status is required",
        ),
        (
            "POST",
            "/faults",
            json!({ "status": 503, "count": 0 }),
            400,
            "count must be",
        ),
        (
            "POST",
            "/faults",
            json!({ "status": 503, "hang": true, "body": "x" }),
            400,
            "one of",
        ),
        ("POST", "/save", json!({}), 409, "--state FILE"),
        (
            "GET",
            "/nothing-here",
            Value::Null,
            404,
            "GET /_sim lists them",
        ),
    ] {
        let (got, answer) = send_json(method, &format!("{c}{path}"), body).await;
        assert_eq!(got, status, "{method} {path}: {answer}");
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(error.contains(says), "{method} {path}: {answer}");
    }
}

#[tokio::test]
async fn requests_are_counted_and_control_calls_are_not() {
    let sim = Sim::start(&[], &[]);
    let base = sim.url("allthenticate");
    let key = sim.banner["allthenticate"]["api_key"].as_str().unwrap();
    for _ in 0..2 {
        http()
            .get(format!("{base}/multipleresources"))
            .header("x-api-key", key)
            .send()
            .await
            .unwrap();
    }
    let _ = get_json(&format!("{base}/no/such/path")).await;
    let (_, seen) = get_json(&format!("{}/requests", sim.control("allthenticate"))).await;
    assert_eq!(seen["total"], 3, "{seen}");
    assert_eq!(seen["unrouted"], json!(["GET /no/such/path"]));
    assert_eq!(
        seen["recent"][0],
        json!({ "method": "GET", "path": "/multipleresources" })
    );
}

#[tokio::test]
async fn a_knob_changes_the_state_reset_restores_the_seed_and_put_state_restores_a_dump() {
    let sim = Sim::start(&[], &[]);
    let c = sim.control("allthenticate");
    let door = |state: &Value| state.to_string().contains("\"online\":false");
    let (_, seeded) = get_json(&format!("{c}/state")).await;
    let offline_at_seed = door(&seeded);

    let (status, answer) = send_json(
        "PUT",
        &format!("{c}/doors/203/online"),
        json!({ "online": false }),
    )
    .await;
    assert_eq!(
        (status, answer),
        (200, json!({ "resource_id": 203, "online": false }))
    );
    let (_, changed) = get_json(&format!("{c}/state")).await;
    assert_ne!(changed, seeded);

    let (status, _) = send_json("POST", &format!("{c}/reset"), json!({})).await;
    assert_eq!(status, 200);
    let (_, after_reset) = get_json(&format!("{c}/state")).await;
    assert_eq!(after_reset, seeded);
    assert_eq!(door(&after_reset), offline_at_seed);

    let (status, _) = send_json("PUT", &format!("{c}/state"), changed.clone()).await;
    assert_eq!(status, 200);
    let (_, restored) = get_json(&format!("{c}/state")).await;
    assert_eq!(restored, changed);

    let (status, refused) =
        send_json("PUT", &format!("{c}/state"), json!({ "users": "nope" })).await;
    assert_eq!(status, 400);
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .starts_with("state refused"),
        "{refused}"
    );
    let (_, untouched) = get_json(&format!("{c}/state")).await;
    assert_eq!(untouched, changed, "a refused dump leaves the state alone");
}

/// Each simulator lists its vendor's knobs at `GET /_sim`.
#[tokio::test]
async fn each_simulator_lists_its_vendors_knobs() {
    let sim = Sim::start(&[], &[]);
    for (simulator, knob) in [
        ("easysecure", "POST /_sim/badge"),
        ("easysecure_soap", "POST /_sim/badge"),
        ("iloq", "POST /_sim/keys/{id}/program"),
        ("iloq", "POST /_sim/keys/{id}/register-phone"),
        ("iloq", "POST /_sim/locks/{id}/access"),
        ("allthenticate", "POST /_sim/doors/{resource_id}/magic-link"),
        ("ef45", "POST /_sim/present"),
    ] {
        let (_, index) = get_json(&sim.control(simulator)).await;
        assert!(
            index["knobs"].as_array().unwrap().contains(&json!(knob)),
            "{simulator} lacks {knob}: {index}"
        );
    }
}
