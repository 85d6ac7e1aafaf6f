//! Faults in iLOQ's own shape: an injected failure goes through the
//! simulator's error-body builder and reaches the SDK as iLOQ's typed error; a
//! fault aimed at one endpoint leaves the others alone; `reset()` restores the
//! seed.
#![cfg(feature = "testkit")]

use access_core::testkit::SimError;
use access_core::{Error, ErrorKind};
use iloq_sdk::persons::{GetPerson, GetPersonError, Person};
use iloq_sdk::testkit::{IloqSim, POOL};
use serde_json::{Value, json};

#[tokio::test]
async fn an_injected_400_is_iloqs_error_body_and_typed_variant() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    c.login().await.unwrap();
    let grace = sim.seed().persons[0];

    // On the wire: iLOQ's {"Code", "Message"} at the injected status.
    sim.faults().fail_next_with(1, 400);
    let raw = reqwest::Client::new()
        .get(format!("{}/{POOL}/api/v2/Persons/{grace}", sim.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let body: Value = serde_json::from_str(&raw.text().await.unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"Code": "ValidationFailed", "Message": "injected 400"})
    );

    // Through the SDK: the documented variant.
    sim.faults().fail_next_with(1, 400);
    let err = c.persons().get(grace).await.unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(GetPersonError::ValidationFailed { status: 400, .. })
        ),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::InvalidInput);

    // iLOQ's "Invalid value" answer for an unknown id, injected: NotFound.
    sim.faults().fail_next_with_error(
        1,
        SimError::coded(
            400,
            "ValidationFailed",
            format!("Invalid value ({grace}) for parameter id."),
        ),
    );
    let err = c.persons().get(grace).await.unwrap_err();
    assert!(
        matches!(err.service_error(), Some(GetPersonError::NotFound { .. })),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::NotFound);

    // A 500 in iLOQ's shape is Unknown and not retried.
    let before = sim.count("GET", &format!("/{POOL}/api/v2/Persons/{grace}"));
    sim.faults().fail_next_with(1, 500);
    let err = c.persons().get(grace).await.unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(GetPersonError::Unknown { status: 500, code: None, message }) if message == "injected 500"
        ),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert_eq!(
        sim.count("GET", &format!("/{POOL}/api/v2/Persons/{grace}")),
        before + 1
    );

    // An injected 401 carries iLOQ's `Unauthorized` code ...
    sim.faults().fail_next_with(1, 401);
    let err = c.persons().get(grace).await.unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(GetPersonError::Unauthorized { .. })
        ),
        "{err:?}"
    );
    assert_eq!(c.session_setups().await, 1);
    // ... and with HEL's "Invalid session id" message it is a session the
    // server forgot: the client sets up a new one and replays the call.
    sim.faults().fail_next_with_error(
        1,
        SimError::coded(401, "Unauthorized", "Invalid session id: 42"),
    );
    assert_eq!(c.persons().get(grace).await.unwrap().id, grace);
    assert_eq!(c.session_setups().await, 2);
}

#[tokio::test]
async fn a_fault_aimed_at_one_endpoint_leaves_the_others_alone() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    c.login().await.unwrap();
    let grace = sim.seed().persons[0];
    let key = sim.seed().s5_keys[0];

    sim.faults().endpoint::<GetPerson>().fail_next_with(1, 500);
    // iLOQ routes case-insensitively, and so does a target.
    sim.faults()
        .at("get /API/V2/keys/{id}")
        .fail_next_with(1, 400);
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (2, 0));

    assert_eq!(c.zones().list().await.unwrap().len(), 3);
    assert_eq!(c.persons().list().await.unwrap().len(), 2);
    assert!(c.persons().keys(grace).await.is_ok());
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (2, 0));

    let err = c.persons().get(grace).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (1, 1));
    let err = c.keys().get(key).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (0, 2));

    // Nothing is left behind for anyone.
    assert_eq!(c.persons().get(grace).await.unwrap().id, grace);
    assert_eq!(c.keys().get(key).await.unwrap().id, key);
    assert_eq!(sim.faults().fired(), 2);
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let added = c
        .persons()
        .insert(
            Person::new("R-1")
                .unwrap()
                .name("Reset", "Me")
                .external_id("R-1"),
            vec![],
        )
        .await
        .unwrap();
    let key = sim.seed().s5_keys[0];
    c.flows()
        .link_key(key, added, &[sim.seed().api_access])
        .await
        .unwrap();
    assert!(sim.program_key(key));
    sim.move_to_pool("iloqwspool7");
    sim.faults().fail_next(5);
    assert!(!sim.requests().is_empty());

    sim.reset();
    assert_eq!(sim.faults().pending(), 0);
    assert!(sim.requests().is_empty());
    assert_eq!(sim.count("POST", &format!("/{POOL}/api/v2/Persons")), 0);
    assert_eq!(sim.live_sessions(), 0);
    assert_eq!(sim.programming_state(key), Some(0));

    // The client's session is gone: it sets one up again, on the seeded pool.
    let err = c.persons().get(added).await.unwrap_err();
    assert!(
        matches!(err.service_error(), Some(GetPersonError::NotFound { .. })),
        "{err:?}"
    );
    assert_eq!(c.persons().list().await.unwrap().len(), 2);
    let k = c.keys().get(key).await.unwrap();
    assert_eq!(k.person_id, None);
    assert_eq!(
        sim.count("POST", &format!("/{POOL}/api/v2/CreateSession")),
        1
    );
    assert!(matches!(
        c.persons().get(added).await,
        Err(Error::Service { .. })
    ));
}
