//! The recipe "sync the audit trail by webhook": subscribe to
//! `device_log_arrived`, verify and read each delivery, and fall back to
//! polling with the export's cursor for the deliveries that never came.
#![cfg(feature = "testkit")]

use access_core::clock::Clock;
use iloq_sdk::testkit::IloqSim;
use iloq_sdk::webhooks::{AuditTrailFeed, DeliveryError, SignatureError};

#[tokio::test]
async fn deliveries_and_polling_report_every_entry_once() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let until = sim.clock().now() + chrono::Duration::days(30);

    // 1. Subscribe: the flow finds the event, posts, and reads the SignKey back.
    let sub = c
        .flows()
        .subscribe_audit_trail("https://hooks.example.com/iloq/audit", until)
        .await
        .unwrap();

    // 2. Start the feed and drain what the locks logged before.
    let mut feed = AuditTrailFeed::start(c.clone(), sub.sign_key.clone(), None)
        .await
        .unwrap();
    let history = feed.catch_up().await.unwrap();
    assert_eq!(feed.catch_up().await.unwrap(), vec![], "nothing new");

    // 3. A key is used: iLOQ delivers the entry, the feed reports it once.
    let (lock, key) = (sim.seed().locks[0], sim.seed().programmed_key);
    let first = sim.record_access(lock, Some(key), sim.clock().now(), true);
    let delivery = sim.webhook_deliveries().pop().unwrap();
    assert_eq!(delivery.event_name, "device_log_arrived");
    assert!(
        !format!("{sub:?}").contains(&delivery.sign_key),
        "Debug redacts the key"
    );
    let event = feed
        .accept(&delivery.body, Some(&delivery.signature))
        .unwrap()
        .expect("a new entry");
    assert_eq!(event.id, first.to_string());
    assert!(
        !history.iter().any(|e| e.id == event.id),
        "not in the history"
    );
    // iLOQ redelivers until acknowledged: the repeat is dropped.
    assert_eq!(
        feed.accept(&delivery.body, Some(&delivery.signature)),
        Ok(None)
    );

    // 4. A forged or unsigned body is refused before it is read.
    let mut forged = delivery.body.clone();
    forged.extend_from_slice(b" ");
    assert_eq!(
        feed.accept(&forged, Some(&delivery.signature)),
        Err(DeliveryError::Signature(SignatureError::Mismatch))
    );
    assert_eq!(
        feed.accept(&delivery.body, None),
        Err(DeliveryError::Signature(SignatureError::Missing))
    );

    // 5. The listener was down for the next entry: polling finds it, and only it.
    sim.clock().advance(std::time::Duration::from_secs(5));
    let missed = sim.record_access(lock, Some(key), sim.clock().now(), false);
    sim.clock().advance(std::time::Duration::from_secs(1));
    let found = feed.catch_up().await.unwrap();
    assert_eq!(
        found.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![missed.to_string()]
    );
    assert!(feed.cursor().is_some(), "the cursor moved past the entry");
    // Its late delivery is then a repeat.
    let late = sim.webhook_deliveries().pop().unwrap();
    assert_eq!(feed.accept(&late.body, Some(&late.signature)), Ok(None));
}
