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

/// A time profile's life: insert with its weekly periods, read it and its
/// data, replace the periods, put it on a key (slot 2), read and rewrite the
/// key's slot, and delete it only once no key uses it (`CanDelete`).
#[tokio::test]
async fn time_profile_insert_update_use_and_delete() {
    use iloq_sdk::error::Checked;
    use iloq_sdk::time_limits::*;

    let sim = IloqSim::start().await;
    let c = sim.client();
    let tl = c.time_limits();
    let zone = sim.seed().default_zone;
    let profile = TimeProfile::new("Cleaners", zone)
        .unwrap()
        .description("Evenings")
        .period(TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (17, 30), (22, 0)).unwrap());
    let id = tl.insert_title(profile.clone()).await.unwrap();
    // The same id again is iLOQ's "Invalid value".
    assert!(tl.insert_title(profile).await.is_err());
    let title = tl.title(id).await.unwrap();
    assert_eq!(title.name.as_deref(), Some("Cleaners"));
    assert_eq!(title.zone_id, Some(zone));
    let data = tl.data(id).await.unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!((data[0].weekdays, data[0].start_ms), (31, 63_000_000));

    // Weekends all day instead (the periods are replaced).
    let mut changed = TimeProfile::from_read(&title, Vec::new())
        .period(TimeLimitPeriod::new(96, (0, 0), (24, 0)).unwrap());
    changed.name = "Cleaners (weekends)".into();
    tl.update_title(changed).await.unwrap();
    let data = tl.data(id).await.unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!((data[0].weekdays, data[0].end_ms), (96, 86_400_000));
    assert_eq!(
        tl.title(id).await.unwrap().name.as_deref(),
        Some("Cleaners (weekends)")
    );

    // On a key: slot 2 names the profile and carries its periods.
    let key = sim.seed().s5_keys[0];
    let periods: Vec<TimeLimitPeriod> = data.iter().map(TimeLimitData::period).collect();
    let mut slot = KeyTimeLimitSlot::profile(2, periods).unwrap();
    slot.time_limit_title_id = Some(id);
    let obsolete = c
        .send(&CanAddKeyTimeLimitObsolete::new(key, slot.clone()).unwrap())
        .await
        .unwrap();
    assert_eq!(obsolete, CanAddTimeLimit::Ok);
    tl.add(key, slot).await.unwrap();
    let on_key = tl.key_slot(key, id).await.unwrap();
    assert_eq!(on_key.slot, 2);
    assert_eq!(on_key.periods[0].weekdays, 96);
    let mut narrower = on_key.clone();
    narrower.periods = vec![TimeLimitPeriod::new(64, (9, 0), (12, 0)).unwrap()];
    tl.update_key_slot(key, id, narrower).await.unwrap();
    assert_eq!(
        tl.key_slot(key, id).await.unwrap().periods[0].start_ms,
        32_400_000
    );
    assert_eq!(
        sim.programming_state(key),
        Some(0),
        "the key is back in planning"
    );

    // In use: CanDelete is not OK and the delete is refused before it is sent.
    assert_ne!(
        tl.can_delete_title(id).await.unwrap(),
        CanDeleteTimeLimitTitle::Ok
    );
    let refused = tl.delete_title(id).await.unwrap_err();
    assert!(
        matches!(refused.service_error(), Some(Checked::Refused(_))),
        "{refused:?}"
    );
    tl.remove(key, id).await.unwrap();
    assert_eq!(
        tl.key_slot(key, id).await.unwrap_err().kind(),
        iloq_sdk::ErrorKind::NotFound
    );
    assert_eq!(
        tl.can_delete_title(id).await.unwrap(),
        CanDeleteTimeLimitTitle::Ok
    );
    tl.delete_title(id).await.unwrap();
    assert_eq!(
        tl.title(id).await.unwrap_err().kind(),
        iloq_sdk::ErrorKind::NotFound
    );
    assert_eq!(
        tl.data(id).await.unwrap_err().kind(),
        iloq_sdk::ErrorKind::NotFound
    );
}

/// An access right's life: add an API access, change it (read, change, send),
/// give it to a key, delete it (the key loses it and is back in planning).
#[tokio::test]
async fn security_access_insert_update_and_delete() {
    use iloq_sdk::security_accesses::*;

    let sim = IloqSim::start().await;
    let c = sim.client();
    let sa = c.security_accesses();
    let def = SecurityAccessDefinition::new("Garage (API)", SecurityAccessType::ApiAccess)
        .unwrap()
        .zone(sim.seed().default_zone)
        .description("Underground garage");
    let created = sa
        .insert(def.clone())
        .await
        .unwrap()
        .security_access
        .unwrap();
    assert_eq!(created.id, def.id);
    assert!(created.is_api_access());
    assert_eq!(created.status, SecurityAccessStatus::Active);
    // Only Standard and API access can be added: refused before sending.
    assert!(SecurityAccessDefinition::new("Mask", SecurityAccessType::Mask).is_err());
    // The same id twice is iLOQ's "Invalid value".
    assert!(sa.insert(def).await.is_err());

    let mut changed = SecurityAccessDefinition::from_read(&created).hidden(true);
    changed.name = "Garage and bikes (API)".into();
    sa.update(changed).await.unwrap();
    let listed = sa.list().await.unwrap();
    let now = listed.iter().find(|a| a.id == created.id).unwrap();
    assert_eq!(now.name.as_deref(), Some("Garage and bikes (API)"));
    assert_eq!(now.extra["AccessMode"], 1);

    let key = sim.seed().s5_keys[0];
    sa.add_to_key(key, now).await.unwrap();
    assert_eq!(
        sa.of_key(key, AccessMode::Planned)
            .await
            .unwrap()
            .security_accesses
            .len(),
        1
    );
    sa.delete(created.id).await.unwrap();
    assert!(
        sa.of_key(key, AccessMode::Planned)
            .await
            .unwrap()
            .security_accesses
            .is_empty()
    );
    assert_eq!(
        sa.delete(created.id).await.unwrap_err().kind(),
        iloq_sdk::ErrorKind::NotFound
    );
}

/// A lock's life: add it with accesses, options and a time profile, read its
/// options and time limits, change its door texts (read, change, send), set
/// its accesses and profiles, and delete it (a lock with logs is only taken
/// out of use).
#[tokio::test]
async fn lock_insert_update_accesses_and_delete() {
    use iloq_sdk::locks::*;
    use iloq_sdk::security_accesses::AccessMode;

    let sim = IloqSim::start().await;
    let c = sim.client();
    let seed = sim.seed();
    let mut options = LockOptions::unchanged();
    options.s40_logging_on = Some(true);
    let new = NewLock::new(LockType::S5Online, "Garage", seed.default_zone)
        .serial_number(4711)
        .options(options)
        .security_accesses(vec![LockAccess::new(seed.api_access).relay_mask(1)])
        .time_limit_titles(vec![seed.time_limit_title]);
    let created = c.locks().insert(new.clone()).await.unwrap();
    assert_eq!(created.id, new.id);
    assert_eq!(created.lock_type, LockType::S5Online);
    assert_eq!(created.locking_object.as_deref(), Some("Garage"));
    assert!(c.locks().insert(new).await.is_err(), "the same id twice");

    let read = c.locks().options(created.id).await.unwrap();
    assert_eq!(
        (read.s40_logging_on, read.s40_flip_flop),
        (Some(true), Some(false))
    );
    let limits = c
        .locks()
        .time_limits(created.id, AccessMode::Planned)
        .await
        .unwrap();
    assert_eq!(limits.time_limit_titles.len(), 1);
    assert_eq!(limits.time_limit_titles[0].id, seed.time_limit_title);

    let mut update = LockUpdate::from_read(&c.locks().get(created.id).await.unwrap());
    update.door.mounting = Some("surface".into());
    update.door.description = Some("Garage, north".into());
    c.locks().update(update).await.unwrap();
    let after = c.locks().get(created.id).await.unwrap();
    assert_eq!(after.description.as_deref(), Some("Garage, north"));
    assert_eq!(after.extra["Mounting"], "surface");
    assert_eq!(
        after.extra["SerialNumber"], 4711,
        "what the update leaves out stays"
    );

    // The lock's accesses become exactly these; it now respects every profile.
    let mut flip = LockOptions::unchanged();
    flip.s40_flip_flop = Some(true);
    c.locks()
        .set_security_accesses(
            UpdateLockSecurityAccesses::new(
                created.id,
                vec![seed.api_access_2, seed.standard_access],
            )
            .unwrap()
            .respects_all_time_limits(true)
            .options(flip),
        )
        .await
        .unwrap();
    let accesses = c
        .security_accesses()
        .of_lock(created.id, AccessMode::Planned)
        .await
        .unwrap();
    assert_eq!(accesses.security_accesses.len(), 2);
    let read = c.locks().options(created.id).await.unwrap();
    assert_eq!(
        (read.s40_logging_on, read.s40_flip_flop),
        (Some(true), Some(true))
    );
    // In use by the lock, the profile cannot be deleted.
    assert_ne!(
        c.time_limits()
            .can_delete_title(seed.time_limit_title)
            .await
            .unwrap(),
        iloq_sdk::time_limits::CanDeleteTimeLimitTitle::Ok
    );

    // Without logs the lock is deleted; with logs it is only out of use.
    c.locks().delete(created.id).await.unwrap();
    assert_eq!(
        c.locks().get(created.id).await.unwrap_err().kind(),
        iloq_sdk::ErrorKind::NotFound
    );
    let used = seed.locks[0];
    sim.record_access(used, None, Utc::now(), true);
    c.locks().delete(used).await.unwrap();
    assert_eq!(
        c.locks().get(used).await.unwrap().physical_state,
        LockPhysicalState::NotInUse
    );
    assert_eq!(
        c.locks()
            .options(iloq_sdk::LockId::generate())
            .await
            .unwrap_err()
            .kind(),
        iloq_sdk::ErrorKind::NotFound
    );
}

/// A time profile on a key (issue 17, item 4): the profile's weekly periods
/// go into a slot from 2 up with its id and dates, slots 0 and 1 (start and
/// end date) stay as they are, a second run rewrites the same slot, and the
/// key is ordered each time.
#[tokio::test]
async fn time_profile_on_a_key_keeps_the_date_slots() {
    use chrono::NaiveDate;
    use iloq_sdk::security_accesses::AccessMode;
    use iloq_sdk::time_limits::*;

    let sim = IloqSim::start().await;
    let c = sim.client();
    let key = sim.seed().s5_keys[1];
    // The key is valid until the end of 2030 (slot 1, set through the full replace).
    let until = NaiveDate::from_ymd_opt(2030, 12, 31)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let api = c.security_accesses().list().await.unwrap();
    let api: Vec<_> = api
        .into_iter()
        .filter(|a| a.id == sim.seed().api_access)
        .collect();
    c.security_accesses()
        .replace_all_and_time_slots(key, &api, vec![KeyTimeLimitSlot::end_date(until).unwrap()])
        .await
        .unwrap();

    let from = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let profile = TimeProfile::new("Day shift", sim.seed().default_zone)
        .unwrap()
        .dates(Some(from), None)
        .period(TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (7, 0), (15, 30)).unwrap());
    let title = c.time_limits().insert_title(profile.clone()).await.unwrap();

    let mut op = c.flows().put_time_profile_on_key(key, title).await.unwrap();
    assert_eq!(op.stage(), Some("Ordered"));
    let slot = c.time_limits().key_slot(key, title).await.unwrap();
    assert_eq!(slot.slot, 2, "every time profile is SlotNo 2");
    assert_eq!(slot.title_start, Some(from));
    assert_eq!(slot.periods[0].start_ms, 7 * 3_600_000);
    let all = c
        .time_limits()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap();
    let slots = &all.slots;
    assert_eq!(slots.len(), 2, "{slots:?}");
    assert!(slots.iter().any(|s| {
        s.slot == 1
            && s.limit_date
                == Some(
                    chrono::NaiveDate::from_ymd_opt(2030, 12, 31)
                        .unwrap()
                        .and_hms_opt(0, 0, 0)
                        .unwrap(),
                )
    }));
    sim.program_key(key);
    assert!(op.poll().await.unwrap().is_some());

    // The profile changes: running the flow again rewrites the same slot.
    let read = c.time_limits().title(title).await.unwrap();
    let later = TimeProfile::from_read(&read, Vec::new())
        .period(TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (8, 0), (16, 30)).unwrap());
    c.time_limits().update_title(later).await.unwrap();
    c.flows().put_time_profile_on_key(key, title).await.unwrap();
    let slot = c.time_limits().key_slot(key, title).await.unwrap();
    assert_eq!((slot.slot, slot.periods[0].start_ms), (2, 8 * 3_600_000));
    let all = c
        .time_limits()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap();
    assert_eq!(all.slots.len(), 2);

    // A second profile is a second SlotNo 2 slot (iLOQ places profiles in the key's memory).
    let night = TimeProfile::new("Night shift", sim.seed().default_zone)
        .unwrap()
        .period(TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (22, 0), (24, 0)).unwrap());
    let night = c.time_limits().insert_title(night).await.unwrap();
    c.flows().put_time_profile_on_key(key, night).await.unwrap();
    assert_eq!(c.time_limits().key_slot(key, night).await.unwrap().slot, 2);
    assert_eq!(
        c.time_limits()
            .of_key(key, AccessMode::Planned)
            .await
            .unwrap()
            .slots
            .len(),
        3
    );

    // A profile without periods cannot fill a weekly slot: refused before any change.
    let empty = TimeProfile::new("Nothing", sim.seed().default_zone).unwrap();
    let empty = c.time_limits().insert_title(empty).await.unwrap();
    let before = sim.programming_state(key);
    let refused = c
        .flows()
        .put_time_profile_on_key(key, empty)
        .await
        .unwrap_err();
    assert_eq!(
        refused.kind(),
        iloq_sdk::ErrorKind::InvalidInput,
        "{refused:?}"
    );
    assert_eq!(sim.programming_state(key), before);
    // An unknown profile is named as not found.
    let unknown = c
        .flows()
        .put_time_profile_on_key(key, iloq_sdk::TimeLimitTitleId::generate())
        .await
        .unwrap_err();
    assert_eq!(unknown.kind(), iloq_sdk::ErrorKind::NotFound);

    c.flows()
        .remove_time_profile_from_key(key, title)
        .await
        .unwrap();
    assert_eq!(
        c.time_limits()
            .key_slot(key, title)
            .await
            .unwrap_err()
            .kind(),
        iloq_sdk::ErrorKind::NotFound
    );
}
