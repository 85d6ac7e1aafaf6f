//! Ids iLOQ has no record of (issue 20): every flow and every trait method
//! that takes an id reads it before writing, so a typo answers
//! `Error::NotFound` (kind `NotFound`) and nothing is written: blocking a
//! person who does not exist blocks nobody and says so. And lock logs recorded
//! "now" are in the audit trail without moving the simulator's clock.
#![cfg(feature = "testkit")]

use std::future::Future;
use std::pin::Pin;

use access_core::clock::Clock;
use access_core::model::{Credential, EmailAddress, ExternalId, PhoneNumber, RemoveOutcome};
use access_core::traits::{Credentials, Directory, EventLog};
use access_core::{Error, ErrorKind};
use futures_util::StreamExt;
use iloq_sdk::flows::Invite;
use iloq_sdk::testkit::IloqSim;
use iloq_sdk::{KeyId, PersonId, SecurityAccessId, TimeLimitTitleId};
use uuid::Uuid;

type Call<'a> = Pin<Box<dyn Future<Output = Result<(), (ErrorKind, String, bool)>> + 'a>>;

/// A failure as (kind, text, whether it is `Error::NotFound`).
fn seen<E: access_core::ServiceError, T>(
    r: Result<T, Error<E>>,
) -> Result<(), (ErrorKind, String, bool)> {
    r.map(|_| ()).map_err(|e| {
        let is = matches!(e, Error::NotFound { .. });
        (e.kind(), e.to_string(), is)
    })
}

/// Requests that change something: everything but GET (the session was set up
/// before the count starts, and every read these calls make is a GET).
fn writes(sim: &IloqSim, from: usize) -> Vec<String> {
    sim.requests()[from..]
        .iter()
        .filter(|r| r.method.as_str() != "GET")
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

#[tokio::test]
async fn every_flow_and_trait_method_answers_not_found_for_an_unknown_id_and_writes_nothing() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    c.login().await.unwrap();
    let seed = sim.seed().clone();
    let (key, person, access, profile) = (
        seed.s5_keys[0],
        seed.persons[0],
        seed.api_access,
        seed.time_limit_title,
    );
    let no_key = KeyId::new(Uuid::new_v4());
    let no_person = PersonId::new(Uuid::new_v4());
    let no_access = SecurityAccessId::new(Uuid::new_v4());
    let no_profile = TimeLimitTitleId::new(Uuid::new_v4());
    let typo = ExternalId::new("HR-0O1").unwrap();
    let known = c.persons().get(person).await.unwrap().external_id.unwrap();
    let known = ExternalId::new(known).unwrap();
    let phys = |k: &str| Credential::PhysicalKey { key_id: k.into() };
    let sms =
        Credential::mobile_key(Some(PhoneNumber::new("+31612345678").unwrap()), None).unwrap();
    let mail =
        Credential::mobile_key(None, Some(EmailAddress::new("a@example.com").unwrap())).unwrap();
    let sms_invite = || Invite::Sms(PhoneNumber::new("+31612345678").unwrap());

    // (call, the unknown id its error names)
    let table: Vec<(&str, Call<'_>, String)> = vec![
        (
            "block_person",
            Box::pin(async { seen(c.flows().block_person(no_person).await) }),
            no_person.to_string(),
        ),
        (
            "link_key: key",
            Box::pin(async { seen(c.flows().link_key(no_key, person, &[access]).await) }),
            no_key.to_string(),
        ),
        (
            "link_key: person",
            Box::pin(async { seen(c.flows().link_key(key, no_person, &[access]).await) }),
            no_person.to_string(),
        ),
        (
            "link_key: access",
            Box::pin(async { seen(c.flows().link_key(key, person, &[no_access]).await) }),
            no_access.to_string(),
        ),
        (
            "change_key_accesses: key",
            Box::pin(async { seen(c.flows().change_key_accesses(no_key, &[access]).await) }),
            no_key.to_string(),
        ),
        (
            "change_key_accesses: access",
            Box::pin(async { seen(c.flows().change_key_accesses(key, &[no_access]).await) }),
            no_access.to_string(),
        ),
        (
            "send_mobile_key: person",
            Box::pin(async {
                seen(
                    c.flows()
                        .send_mobile_key(no_person, sms_invite(), &[access])
                        .await,
                )
            }),
            no_person.to_string(),
        ),
        (
            "send_mobile_key: access",
            Box::pin(async {
                seen(
                    c.flows()
                        .send_mobile_key(person, sms_invite(), &[no_access])
                        .await,
                )
            }),
            no_access.to_string(),
        ),
        (
            "resend_invite",
            Box::pin(async { seen(c.flows().resend_invite(no_key).await) }),
            no_key.to_string(),
        ),
        (
            "unlink_key",
            Box::pin(async { seen(c.flows().unlink_key(no_key).await) }),
            no_key.to_string(),
        ),
        (
            "put_time_profile_on_key: key",
            Box::pin(async { seen(c.flows().put_time_profile_on_key(no_key, profile).await) }),
            no_key.to_string(),
        ),
        (
            "put_time_profile_on_key: profile",
            Box::pin(async { seen(c.flows().put_time_profile_on_key(key, no_profile).await) }),
            no_profile.to_string(),
        ),
        (
            "remove_time_profile_from_key: key",
            Box::pin(async {
                seen(
                    c.flows()
                        .remove_time_profile_from_key(no_key, profile)
                        .await,
                )
            }),
            no_key.to_string(),
        ),
        (
            "remove_time_profile_from_key: profile",
            Box::pin(async {
                seen(
                    c.flows()
                        .remove_time_profile_from_key(key, no_profile)
                        .await,
                )
            }),
            no_profile.to_string(),
        ),
        (
            "list_credentials",
            Box::pin(async { seen(c.list_credentials(&typo).await) }),
            typo.to_string(),
        ),
        (
            "issue_credential: person",
            Box::pin(async { seen(c.issue_credential(&typo, &phys(&key.to_string())).await) }),
            typo.to_string(),
        ),
        (
            "issue_credential: key id",
            Box::pin(async { seen(c.issue_credential(&known, &phys(&no_key.to_string())).await) }),
            no_key.to_string(),
        ),
        (
            "issue_credential: ROM id",
            Box::pin(async { seen(c.issue_credential(&known, &phys("ROM-0O1")).await) }),
            "ROM-0O1".into(),
        ),
        (
            "issue_credential: mobile key, person",
            Box::pin(async { seen(c.issue_credential(&typo, &sms).await) }),
            typo.to_string(),
        ),
        (
            "revoke_credential: person",
            Box::pin(async { seen(c.revoke_credential(&typo, &phys(&key.to_string())).await) }),
            typo.to_string(),
        ),
        (
            "revoke_credential: key id",
            Box::pin(async {
                seen(
                    c.revoke_credential(&known, &phys(&no_key.to_string()))
                        .await,
                )
            }),
            no_key.to_string(),
        ),
        (
            "revoke_credential: ROM id",
            Box::pin(async { seen(c.revoke_credential(&known, &phys("ROM-0O1")).await) }),
            "ROM-0O1".into(),
        ),
        (
            "revoke_credential: phone key",
            Box::pin(async { seen(c.revoke_credential(&known, &mail).await) }),
            "phone key".into(),
        ),
    ];
    let rows = table.len();
    for (name, call, id) in table {
        let from = sim.requests().len();
        let (kind, text, is_not_found) = call.await.expect_err(name);
        assert_eq!(kind, ErrorKind::NotFound, "{name}: {text}");
        assert!(is_not_found, "{name}: not Error::NotFound: {text}");
        assert!(text.starts_with("iloq has no "), "{name}: {text}");
        assert!(text.contains(&id), "{name}: {text} does not name {id}");
        assert_eq!(writes(&sim, from), Vec::<String>::new(), "{name} wrote");
        assert!(sim.requests().len() > from, "{name} read nothing");
    }
    assert_eq!(rows, 23);

    // The documented outcomes of the lookups stay.
    assert_eq!(c.find_person(&typo).await.unwrap(), None);
    assert_eq!(
        c.remove_person(&typo).await.unwrap(),
        RemoveOutcome::NotFound
    );
    assert!(sim.invites().is_empty(), "no invite was sent");
}

/// The same calls on ids iLOQ knows go through, so the refusals above are the ids'.
#[tokio::test]
async fn the_same_flows_on_known_ids_write() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let seed = sim.seed().clone();
    let person = seed.persons[0];
    let key = seed.s5_keys[0];
    c.flows()
        .link_key(key, person, &[seed.api_access])
        .await
        .unwrap();
    let outcome = c.flows().block_person(person).await.unwrap();
    assert!(
        outcome.ordered.iter().any(|(k, _)| *k == key),
        "{:?}",
        outcome.ordered
    );
    c.flows()
        .put_time_profile_on_key(key, seed.time_limit_title)
        .await
        .unwrap();
    c.flows()
        .remove_time_profile_from_key(key, seed.time_limit_title)
        .await
        .unwrap();
}

/// A lock log recorded on the simulator is in the audit trail and in
/// `events_since` at once: the SDK's window includes "now" (iLOQ's `EndDateUtc`
/// is exclusive, so it asks one tick past now), while `by_timestamp` with
/// `end` = now answers `[start, end)` as iLOQ does.
#[tokio::test]
async fn an_entry_recorded_now_is_in_the_audit_trail_without_moving_the_clock() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let now = sim.clock().now();
    let id = sim.record_access(sim.seed().locks[0], Some(sim.seed().fobs[0]), now, true);

    let trail: Vec<_> = c
        .lock_logs()
        .audit_trail(
            None,
            now - chrono::Duration::hours(1),
            chrono::Duration::minutes(10),
        )
        .collect()
        .await;
    assert_eq!(trail.len(), 1);
    let (log, cursor) = trail.into_iter().next().unwrap().unwrap();
    assert_eq!(log.id, id);
    let events: Vec<_> = c.events_since(None).collect().await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].as_ref().unwrap().id, id.to_string());

    // Resuming at the same instant does not repeat it.
    let again: Vec<_> = c
        .lock_logs()
        .audit_trail(
            Some(cursor),
            now - chrono::Duration::hours(1),
            chrono::Duration::minutes(10),
        )
        .collect()
        .await;
    assert!(again.is_empty());
    // The raw call keeps iLOQ's exclusive end.
    let raw = c
        .lock_logs()
        .by_timestamp(now - chrono::Duration::hours(1), now)
        .await
        .unwrap();
    assert!(raw.logs.is_empty());
}
