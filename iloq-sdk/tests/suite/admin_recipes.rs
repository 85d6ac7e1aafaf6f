//! iLOQ's administration recipes on the simulator (issue 17): locks, security
//! accesses and time profiles created, changed and deleted; a key's time
//! profile read and rewritten; webhook payloads that were not delivered.
#![cfg(feature = "testkit")]

use chrono::Utc;
use iloq_sdk::testkit::IloqSim;
use iloq_sdk::webhooks::{EventState, NewSubscription};

/// Subscribe, lose deliveries while the listener is down, find them through
/// the pending lists, and see the payloads iLOQ kept (with the signed body).
#[tokio::test]
async fn undelivered_webhook_payloads_are_found_and_read() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let event = c
        .webhooks()
        .events()
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.name.as_deref() == Some("device_log_arrived"))
        .unwrap();
    let now = Utc::now();
    let sub = NewSubscription::new(
        event.id,
        "https://es.example/hook",
        now,
        now + chrono::Duration::days(30),
    )
    .unwrap();
    let id = c.webhooks().subscribe(sub.clone()).await.unwrap();
    assert_eq!(id, sub.id);
    // The same id again is refused: nothing is created twice.
    assert!(c.webhooks().subscribe(sub).await.is_err());
    assert!(
        c.webhooks()
            .pending()
            .await
            .unwrap()
            .subscription_ids
            .is_empty()
    );

    sim.set_webhook_listener_down(true);
    let log = sim.record_access(sim.seed().locks[0], None, now, true);
    sim.set_webhook_listener_down(false);
    sim.record_access(sim.seed().locks[1], None, now, true);

    assert_eq!(
        c.webhooks().pending().await.unwrap().subscription_ids,
        vec![id]
    );
    let deprecated = c
        .send(&iloq_sdk::webhooks::ListPendingEventSubscriptions::new())
        .await
        .unwrap();
    assert_eq!(deprecated.subscription_ids, vec![id]);
    let failed = c.webhooks().payloads(id, EventState::FAILED).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].state.is_unsent());
    assert_eq!(failed[0].subscription_id, id);
    assert_eq!(failed[0].failed_requests, 1);
    assert!(
        failed[0]
            .data
            .as_deref()
            .unwrap()
            .contains(&log.to_string())
    );
    let pending = c
        .send(&iloq_sdk::webhooks::GetSubscriptionPendingEvents::new(id))
        .await
        .unwrap();
    assert_eq!(pending, failed);
    assert!(
        c.webhooks()
            .payloads(id, EventState::FAILED_FINAL)
            .await
            .unwrap()
            .is_empty()
    );
    // An unknown subscription is iLOQ's "Invalid value", typed NotFound.
    let unknown = c
        .webhooks()
        .payloads(iloq_sdk::SubscriptionId::generate(), EventState::FAILED)
        .await
        .unwrap_err();
    assert_eq!(unknown.kind(), iloq_sdk::ErrorKind::NotFound);
    c.webhooks().unsubscribe(id).await.unwrap();
    assert!(
        c.webhooks()
            .pending()
            .await
            .unwrap()
            .subscription_ids
            .is_empty()
    );
}
