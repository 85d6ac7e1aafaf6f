//! The seed's recipes (EasySecure's iLOQ integration) on the simulator.

use std::time::Duration;

use access_core::clock::Clock;
use access_core::model::{
    Credential, CredentialState, EmailAddress, ExternalId, Person as CorePerson, PhoneNumber,
    RemoveOutcome, UpsertOutcome,
};
use access_core::traits::{Credentials, Directory, EventLog};
use access_core::{Error, PollPolicy};
use chrono::Utc;
use futures_util::StreamExt;
use iloq_sdk::auth::*;
use iloq_sdk::error::*;
use iloq_sdk::flows::*;
use iloq_sdk::key_phones::*;
use iloq_sdk::keys::*;
use iloq_sdk::lock_logs::*;
use iloq_sdk::persons::*;
use iloq_sdk::security_accesses::*;
use iloq_sdk::testkit::IloqSim;
use iloq_sdk::webhooks::{WebhookPayload, verify_signature};
use iloq_sdk::*;
use secrecy::SecretString;

fn quick() -> PollPolicy {
    PollPolicy::every(Duration::from_millis(5), Duration::from_millis(50))
}

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

#[tokio::test]
async fn link_a_pre_added_key_with_rights_order_and_program_it() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let person = new_person(&c, "E-1").await;
    let key = sim.seed().s5_keys[0];
    let mut op = c
        .flows()
        .link_key(
            key,
            person,
            &[sim.seed().api_access, sim.seed().api_access_2],
        )
        .await
        .unwrap();
    assert_eq!(op.stage(), Some("Ordered"));
    assert!(op.poll().await.unwrap().is_none(), "not programmed yet");
    let k = c.keys().get(key).await.unwrap();
    assert_eq!(
        (k.person_id, k.state, k.programming_state),
        (
            Some(person),
            KeyState::HandedOver,
            ProgrammingState::Ordered
        )
    );
    // Waiting without the hardware ends in StillPending, not a hang.
    let pending = c
        .keys()
        .programming(k.clone())
        .wait(&quick())
        .await
        .unwrap_err();
    assert!(matches!(pending, Error::StillPending { .. }), "{pending:?}");
    assert!(sim.program_key(key));
    let done = op.wait(&quick()).await.unwrap();
    assert_eq!(done.programming_state, ProgrammingState::Programmed);
    assert!(done.is_programmed);
    let programmed = c
        .security_accesses()
        .of_key(key, AccessMode::LastProgrammed)
        .await
        .unwrap();
    assert_eq!(programmed.security_accesses.len(), 2);
    assert_eq!(c.persons().keys(person).await.unwrap().len(), 1);
}

#[tokio::test]
async fn change_a_keys_access_rights_keeps_standard_rights() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let key = sim.seed().programmed_key;
    // The key holds the Standard "All doors" and API "Main entrance"; switch to "Server room".
    let mut op = c
        .flows()
        .change_key_accesses(key, &[sim.seed().api_access_2])
        .await
        .unwrap();
    assert_eq!(op.stage(), Some("Ordered"));
    let planned: Vec<_> = c
        .security_accesses()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap()
        .security_accesses
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(
        planned.contains(&sim.seed().standard_access) && planned.contains(&sim.seed().api_access_2)
    );
    assert!(!planned.contains(&sim.seed().api_access));
    sim.program_key(key);
    assert!(op.poll().await.unwrap().is_some());
    // A Standard right is refused before anything changes.
    let before = sim.requests().len();
    let err = c
        .flows()
        .change_key_accesses(key, &[sim.seed().standard_access])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    let writes = sim.requests()[before..]
        .iter()
        .filter(|r| r.method.as_str() != "GET")
        .count();
    assert_eq!(writes, 0);
}

#[tokio::test]
async fn send_a_mobile_key_register_resend_and_unlink() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let person = new_person(&c, "E-2").await;
    let phone = PhoneNumber::new("+31612345678").unwrap();
    let op = c
        .flows()
        .send_mobile_key(person, Invite::Sms(phone.clone()), &[sim.seed().api_access])
        .await
        .unwrap();
    assert_eq!(op.stage(), Some("Sent"));
    let invites = sim.invites();
    assert_eq!(invites.len(), 1);
    assert_eq!(
        (invites[0].channel, invites[0].address.as_str()),
        ("sms", "+31612345678")
    );
    let key = invites[0].key;
    // The invite expired: re-send.
    c.flows().resend_invite(key).await.unwrap();
    assert_eq!(sim.invites().len(), 2);
    assert!(sim.register_phone(key));
    let done = op.wait(&quick()).await.unwrap();
    assert_eq!(done.programming_state, ProgrammingState::Programmed);
    let kp = c.key_phones().get(key).await.unwrap();
    assert!(kp.options.contains(KeyPhoneOptions::REGISTERED));
    // The same number cannot be used twice.
    let other = new_person(&c, "E-3").await;
    let err = c
        .flows()
        .send_mobile_key(other, Invite::Sms(phone), &[])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("PhoneNo"), "{err}");
    // Unlink: a phone key is returned.
    let op = c.flows().unlink_key(key).await.unwrap();
    assert!(op.is_completed());
    assert_eq!(c.keys().get(key).await.unwrap().state, KeyState::Returned);
}

#[tokio::test]
async fn a_mobile_key_by_email_and_the_typed_can_order_refusal() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let person = new_person(&c, "E-4").await;
    let email = EmailAddress::new("ada@example.com").unwrap();
    let op = c
        .flows()
        .send_mobile_key(person, Invite::Email(email, None), &[])
        .await
        .unwrap();
    assert_eq!(op.stage(), Some("Sent"));
    assert_eq!(sim.invites()[0].channel, "email");
    // A phone key inserted by hand without a number: CanOrder 9 stops the order.
    let key = c
        .keys()
        .insert(NewKey::phone(person, "bare"))
        .await
        .unwrap();
    let err = c.keys().order(key.id).await.unwrap_err();
    assert_eq!(
        err.service_error().and_then(Checked::refusal),
        Some(&CanOrderKey::PhoneNumberMissing)
    );
    assert!(
        !err.may_have_been_sent(),
        "the refused Order was never sent"
    );
    assert_eq!(
        sim.count(
            "POST",
            &format!("/iloqwspool1/api/v2/Keys/{}/Order", key.id)
        ),
        0
    );
}

#[tokio::test]
async fn unlink_a_physical_key_and_the_handover_setting() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let key = sim.seed().programmed_key;
    let op = c.flows().unlink_key(key).await.unwrap();
    assert_eq!(op.stage(), Some("Ordered"));
    let k = c.keys().get(key).await.unwrap();
    assert_eq!(k.person_id, None);
    let left: Vec<_> = c
        .security_accesses()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap()
        .security_accesses;
    assert!(
        left.iter().all(|a| !a.is_api_access()),
        "only the Standard access stays"
    );
    // With "handed over key can be attached ... without returning" off, linking is refused by name.
    sim.set_lock_group_options(LockGroupOptions::PUBLIC_API | LockGroupOptions::API_ACCESS_RIGHTS);
    let c2 = sim.client();
    let person = new_person(&c2, "E-5").await;
    let err = c2
        .flows()
        .link_key(sim.seed().fobs[0], person, &[])
        .await
        .unwrap_err();
    assert!(
        matches!(err.service_error(), Some(FlowError::SettingOff(s)) if s.contains("without returning")),
        "{err:?}"
    );
}

#[tokio::test]
async fn block_a_user() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let person = sim.seed().persons[0];
    let phone = PhoneNumber::new("+4915112345678").unwrap();
    let op = c
        .flows()
        .send_mobile_key(person, Invite::Sms(phone), &[sim.seed().api_access])
        .await
        .unwrap();
    drop(op);
    let phone_key = sim.invites()[0].key;
    sim.register_phone(phone_key);
    let outcome = c.flows().block_person(person).await.unwrap();
    assert_eq!(outcome.returned, vec![phone_key]);
    assert_eq!(outcome.ordered.len(), 1);
    let (key, op) = outcome.ordered.into_iter().next().unwrap();
    assert_eq!(key, sim.seed().programmed_key);
    let planned = c
        .security_accesses()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap()
        .security_accesses;
    assert!(planned.iter().all(|a| !a.is_api_access()));
    // Still usable at the doors until programmed (ES warns about this).
    let programmed = c
        .security_accesses()
        .of_key(key, AccessMode::LastProgrammed)
        .await
        .unwrap()
        .security_accesses;
    assert!(programmed.iter().any(|a| a.is_api_access()));
    sim.program_key(key);
    op.wait(&quick()).await.unwrap();
}

#[tokio::test]
async fn audit_trail_since_a_cursor_catches_late_logs_from_offline_locks() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let lock = sim.seed().locks[0];
    let key = Some(sim.seed().programmed_key);
    let start = sim.clock().now() - chrono::Duration::hours(1);
    sim.record_access(
        lock,
        key,
        sim.clock().now() - chrono::Duration::minutes(5),
        true,
    );
    sim.clock().advance(Duration::from_secs(1));
    sim.record_access(lock, key, sim.clock().now(), false);
    sim.clock().advance(Duration::from_secs(1));
    let first: Vec<_> = c
        .lock_logs()
        .audit_trail(None, start, chrono::Duration::minutes(10))
        .collect()
        .await;
    assert_eq!(first.len(), 2);
    let cursor = first.last().unwrap().as_ref().unwrap().1.clone();
    // An offline lock delivers a log from yesterday, now.
    sim.clock().advance(Duration::from_secs(60));
    let late = sim.record_access(
        sim.seed().locks[1],
        key,
        sim.clock().now() - chrono::Duration::days(1),
        true,
    );
    sim.clock().advance(Duration::from_secs(1));
    let resumed = AuditCursor::parse(&cursor.to_string()).unwrap();
    let next: Vec<_> = c
        .lock_logs()
        .audit_trail(Some(resumed), start, chrono::Duration::minutes(10))
        .collect()
        .await;
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].as_ref().unwrap().0.id, late);
}

#[tokio::test]
async fn lock_log_stream_narrows_the_window_past_the_2000_row_cap() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let lock = sim.seed().locks[2];
    let from = Utc::now() - chrono::Duration::days(2);
    sim.record_burst(lock, None, from, Duration::from_secs(10), 4500);
    let filter =
        LockLogFilter::new(vec![lock], vec![], from, from + chrono::Duration::days(1)).unwrap();
    let page = c.lock_logs().page(filter.clone()).await.unwrap();
    assert_eq!((page.logs.len(), page.total_count), (2000, 4500));
    assert!(page.is_truncated());
    let all: Vec<_> = c.lock_logs().stream(filter).collect().await;
    let ids: std::collections::BTreeSet<_> = all.iter().map(|r| r.as_ref().unwrap().id).collect();
    assert_eq!((all.len(), ids.len()), (4500, 4500));
}

#[tokio::test]
async fn session_expiring_in_the_middle_of_a_flow() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let person = new_person(&c, "E-6").await;
    // The 4th call of the flow meets an expired session.
    sim.expire_sessions_after(3);
    let mut op = c
        .flows()
        .link_key(sim.seed().s5_keys[1], person, &[sim.seed().api_access])
        .await
        .unwrap();
    assert_eq!(c.session_setups().await, 2);
    sim.program_key(sim.seed().s5_keys[1]);
    assert!(op.poll().await.unwrap().is_some());
    // Idle expiry on the shared clock works the same way.
    sim.clock().advance(Duration::from_secs(21 * 60));
    assert_eq!(c.zones().list().await.unwrap().len(), 3);
    assert_eq!(c.session_setups().await, 3);
    c.logout().await.unwrap();
    assert_eq!(sim.live_sessions(), 0);
}

#[tokio::test]
async fn nothing_but_lock_groups_before_set_lockgroup_and_get_url_pool() {
    let sim = IloqSim::start().await;
    // The client resolved the pool URL (with its trailing slash) and uses it.
    let c = sim.client();
    let state = c.login().await.unwrap();
    assert_eq!(
        state.base_url().as_str(),
        format!("{}/iloqwspool1/", sim.uri())
    );
    assert_eq!(sim.count("POST", "/iloqwspool1/api/v2/CreateSession"), 1);
    // A raw call with a session that never selected a lock group is refused.
    let http = reqwest::Client::new();
    let body = serde_json::json!({"UserName": sim.seed().user_name, "Password": sim.seed().password, "CustomerCode": sim.seed().customer_code});
    let login = http
        .post(format!("{}/iloqwspool1/api/v2/CreateSession", sim.uri()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let login: serde_json::Value = serde_json::from_str(&login).unwrap();
    let sid = login["SessionID"].as_str().unwrap();
    let zones = http
        .get(format!("{}/iloqwspool1/api/v2/Zones", sim.uri()))
        .header("SessionId", sid)
        .send()
        .await
        .unwrap();
    assert_eq!(zones.status(), 403);
    let groups = http
        .get(format!("{}/iloqwspool1/api/v2/LockGroups", sim.uri()))
        .header("SessionId", sid)
        .send()
        .await
        .unwrap();
    assert_eq!(groups.status(), 200);
    // Kept service address when GetUrl answers empty.
    sim.set_get_url_empty(true);
    let c2 = sim.client();
    assert_eq!(
        c2.login().await.unwrap().base_url().as_str(),
        format!("{}/", sim.uri())
    );
}

#[tokio::test]
async fn webhooks_are_signed_like_iloqs() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let events = c.webhooks().events().await.unwrap();
    let log_event = events
        .iter()
        .find(|e| e.name.as_deref() == Some("device_log_arrived"))
        .unwrap();
    let now = Utc::now();
    let sub = webhooks::NewSubscription::new(
        log_event.id,
        "https://example.com/hook",
        now,
        now + chrono::Duration::days(30),
    )
    .unwrap();
    // iLOQ answers the POST empty: the SignKey is read back by the caller's own id.
    let sub_id = c.webhooks().subscribe(sub).await.unwrap();
    let created = c.webhooks().subscription(sub_id).await.unwrap();
    assert_eq!(created.event_id, Some(log_event.id));
    let key = created.sign_key.clone().unwrap().0;
    sim.record_access(sim.seed().locks[0], None, now, true);
    let delivery = sim.webhook_deliveries().pop().unwrap();
    assert_eq!(delivery.event_name, "device_log_arrived");
    assert!(
        delivery
            .signature
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    );
    verify_signature(&delivery.body, Some(&delivery.signature), &key).unwrap();
    let payload =
        WebhookPayload::verify_and_parse(&delivery.body, Some(&delivery.signature), &key).unwrap();
    assert!(payload.data.get("DeviceLog_ID").is_some());
    let mut tampered = delivery.body.clone();
    tampered[2] ^= 1;
    assert!(verify_signature(&tampered, Some(&delivery.signature), &key).is_err());
    assert!(
        verify_signature(
            &delivery.body,
            Some(&delivery.signature),
            &SecretString::from("wrong")
        )
        .is_err()
    );
    // At most three subscriptions per event.
    for _ in 0..2 {
        let s = webhooks::NewSubscription::new(
            log_event.id,
            "https://example.com/h",
            now,
            now + chrono::Duration::days(1),
        )
        .unwrap();
        c.webhooks().subscribe(s).await.unwrap();
    }
    let s = webhooks::NewSubscription::new(
        log_event.id,
        "https://example.com/h",
        now,
        now + chrono::Duration::days(1),
    )
    .unwrap();
    assert!(c.webhooks().subscribe(s).await.is_err());
}

#[tokio::test]
async fn directory_credentials_and_event_log_traits() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let ext = ExternalId::new("HR-77").unwrap();
    let person = CorePerson::new(ext.clone(), "Linus", "T")
        .unwrap()
        .with_email(EmailAddress::new("linus@example.com").unwrap());
    assert_eq!(
        c.upsert_person(&person).await.unwrap(),
        UpsertOutcome::Created
    );
    assert_eq!(
        c.upsert_person(&person).await.unwrap(),
        UpsertOutcome::Unchanged
    );
    let renamed = CorePerson::new(ext.clone(), "Linus", "Torvalds").unwrap();
    assert_eq!(
        c.upsert_person(&renamed).await.unwrap(),
        UpsertOutcome::Updated
    );
    assert_eq!(
        c.find_person(&ext).await.unwrap().unwrap().last_name,
        "Torvalds"
    );
    assert!(c.list_people().await.unwrap().len() >= 3);
    // A fob by ROM id.
    let fob = Credential::physical_key("ROM-FOB-0001").unwrap();
    let mut op = c.issue_credential(&ext, &fob).await.unwrap();
    assert!(op.poll().await.unwrap().is_none());
    let records = c.list_credentials(&ext).await.unwrap();
    assert!(
        matches!(records[0].state, CredentialState::Pending { ref stage } if stage == "Ordered")
    );
    sim.program_key(sim.seed().fobs[0]);
    assert_eq!(op.wait(&quick()).await.unwrap(), CredentialState::Active);
    // A mobile key, revoked again.
    let mobile =
        Credential::mobile_key(Some(PhoneNumber::new("+358401234567").unwrap()), None).unwrap();
    let op = c.issue_credential(&ext, &mobile).await.unwrap();
    assert!(!op.is_completed());
    let revoked = c.revoke_credential(&ext, &mobile).await.unwrap();
    assert_eq!(revoked.result(), Some(&CredentialState::Revoked));
    // Removing a person with an active key is refused with CanDelete's reason.
    let err = c.remove_person(&ext).await.unwrap_err();
    assert!(err.to_string().contains("active keys"), "{err}");
    assert_eq!(
        c.remove_person(&ExternalId::new("nobody").unwrap())
            .await
            .unwrap(),
        RemoveOutcome::NotFound
    );
    // Events, with the holder's external id and a resumable cursor.
    sim.record_access(
        sim.seed().locks[0],
        Some(sim.seed().fobs[0]),
        sim.clock().now(),
        true,
    );
    sim.clock().advance(Duration::from_secs(1));
    let events: Vec<_> = c.events_since(None).collect().await;
    assert_eq!(events.len(), 1);
    let event = events[0].as_ref().unwrap();
    assert_eq!(event.person.as_deref(), Some("HR-77"));
    let again: Vec<_> = c.events_since(Some(event.cursor.clone())).collect().await;
    assert!(again.is_empty());
}

#[tokio::test]
async fn faults_reads_retry_orders_do_not() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    c.login().await.unwrap();
    sim.faults().fail_next(1);
    assert_eq!(c.zones().list().await.unwrap().len(), 3);
    let person = new_person(&c, "E-9").await;
    let key = sim.seed().s5_keys[2];
    c.keys()
        .hand_over(c.keys().get(key).await.unwrap(), Some(person))
        .await
        .unwrap();
    assert_eq!(c.keys().can_order(key).await.unwrap(), CanOrderKey::Ok);
    sim.faults().fail_next(1);
    let err = c.send(&keys::OrderKey::new(key)).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        sim.count("POST", &format!("/iloqwspool1/api/v2/Keys/{key}/Order")),
        1
    );
}

#[tokio::test]
async fn lock_group_extras_on_the_simulator() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let settings = c.send(&auth::GetConnectionSettings::new()).await.unwrap();
    assert!(settings.signalr_service.is_some());
    c.send(&auth::GenerateAccessToken::new(1)).await.unwrap();
    let code = c
        .send(&persons::GetNortecActivationCode::new(
            sim.seed().persons[0],
        ))
        .await
        .unwrap();
    assert!(code.starts_with("NORTEC-"));
    let person = new_person(&c, "E-10").await;
    let phone_key = c
        .keys()
        .insert(NewKey::phone(person, "p"))
        .await
        .unwrap()
        .id;
    c.send(&keys::SetLocationReporting::new(phone_key, true))
        .await
        .unwrap();
    assert!(
        c.send(&keys::GetLocationReporting::new(phone_key))
            .await
            .unwrap()
            .in_audit_trail
    );
    assert!(
        c.send(&keys::SetLocationReporting::new(
            sim.seed().s5_keys[0],
            true
        ))
        .await
        .is_err()
    );
}

#[tokio::test]
async fn a_customer_moved_to_another_pool_is_followed_after_the_session_ends() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let before = new_person(&c, "POOL-1").await;
    // iLOQ moves the customer: the old pool forgets every session.
    sim.move_to_pool("iloqwspool2");
    // The next call is refused on the old pool, the session is set up again
    // (GetUrl now answers the new pool) and the call is replayed there.
    let after = new_person(&c, "POOL-2").await;
    assert_ne!(before, after);
    assert_eq!(
        sim.count("POST", "/iloqwspool2/api/v2/Persons"),
        1,
        "the replay went to the new pool"
    );
    assert_eq!(
        sim.count("POST", "/api/v2/Url/GetUrl"),
        2,
        "the URL was resolved again"
    );
}
