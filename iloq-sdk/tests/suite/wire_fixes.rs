//! The wire fixes of issue 17, each where its behaviour shows: what is refused
//! before sending, what is kept on read, and the key's full replace that keeps
//! everything it read (iLOQ deletes whatever the body leaves out).

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use iloq_sdk::keys::*;
use iloq_sdk::persons::*;
use iloq_sdk::security_accesses::*;
use iloq_sdk::testkit::IloqSim;
use iloq_sdk::time_limits::*;
use iloq_sdk::*;
use serde_json::json;
use uuid::Uuid;

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
}

fn office_hours() -> TimeLimitPeriod {
    TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (8, 0), (16, 0)).unwrap()
}

#[test]
fn slot_numbers_are_0_1_and_2_as_the_reference_says() {
    // SlotNo 2 is every time profile; there is no SlotNo 3 (the key's memory
    // slots are iLOQ's to fill).
    assert!(KeyTimeLimitSlot::profile(2, vec![office_hours()]).is_ok());
    for n in [0, 1, 3, 22] {
        let err = KeyTimeLimitSlot::profile(n, vec![office_hours()]).unwrap_err();
        assert_eq!(err.field, "SlotNo", "{n}");
    }
    let title = TimeLimitTitleId::new(Uuid::from_u128(50));
    let slot = KeyTimeLimitSlot::time_profile(title, vec![office_hours()]).unwrap();
    assert_eq!((slot.slot, slot.time_limit_title_id), (2, Some(title)));
    // A slot read with another SlotNo is kept as read but never sent.
    let mut read: KeyTimeLimitSlot = serde_json::from_value(json!({"SlotNo": 5})).unwrap();
    assert_eq!(read.slot, 5);
    assert!(AddKeyTimeLimit::new(KeyId::new(Uuid::from_u128(7)), read.clone()).is_err());
    read.slot = 1;
    assert!(AddKeyTimeLimit::new(KeyId::new(Uuid::from_u128(7)), read).is_ok());
}

#[test]
fn a_slot_keeps_source_calendar_data_and_unknown_fields_through_a_write_back() {
    let wire = json!({
        "SlotNo": 2, "LimitDateLg": null, "TimeLimitTitle_ID": Uuid::from_u128(50),
        "TimeLimitTitleStartDateLg": null, "TimeLimitTitleEndDateLg": null,
        "TimeLimitData": [{"WeekDayMask": 31, "StartTimeMS": 28800000, "EndTimeMS": 57600000,
                           "StartTime": "08:00:00", "EndTime": "16:00:00"}],
        "TimeZone_ID": "FLE Standard Time", "SourceCalendarData_ID": Uuid::from_u128(90),
        "NewerField": [1, 2]
    });
    let slot: KeyTimeLimitSlot = serde_json::from_value(wire).unwrap();
    assert_eq!(slot.source_calendar_data_id, Some(Uuid::from_u128(90)));
    let back = serde_json::to_value(&slot).unwrap();
    assert_eq!(back["SourceCalendarData_ID"], json!(Uuid::from_u128(90)));
    assert_eq!(back["NewerField"], json!([1, 2]));
    // `TimeLimitData: null` (a date slot) reads as no periods.
    let date: KeyTimeLimitSlot = serde_json::from_value(
        json!({"SlotNo": 1, "LimitDateLg": "2030-12-31T00:00:00", "TimeLimitData": null}),
    )
    .unwrap();
    assert!(date.periods.is_empty());
    assert!(
        serde_json::to_value(&date)
            .unwrap()
            .get("SourceCalendarData_ID")
            .is_none()
    );
}

#[test]
fn can_add_time_limit_names_all_18_values() {
    let named: Vec<_> = (0..18).map(CanAddTimeLimit::from_code).collect();
    assert!(
        named
            .iter()
            .all(|c| !matches!(c, CanAddTimeLimit::Unknown(_)))
    );
    assert_eq!(
        CanAddTimeLimit::from_code(9),
        CanAddTimeLimit::TitleRequired
    );
    assert_eq!(CanAddTimeLimit::from_code(15), CanAddTimeLimit::Blocklisted);
    assert!(CanAddTimeLimit::from_code(0).is_ok());
    assert_eq!(CanAddTimeLimit::from_code(18), CanAddTimeLimit::Unknown(18));
}

#[test]
fn person_code_is_required_on_insert_but_may_be_empty_on_update() {
    let mut p = Person::new("E-1").unwrap();
    p.person_code = Some(String::new());
    assert!(UpdatePerson::new(p.clone()).is_ok());
    assert_eq!(
        InsertPerson::new(p.clone(), vec![ZoneId::new(Uuid::from_u128(9))])
            .unwrap_err()
            .field,
        "PersonCode"
    );
    p.person_code = None;
    assert!(UpdatePerson::new(p.clone()).is_ok());
    p.person_code = Some("X".repeat(21));
    assert!(UpdatePerson::new(p).is_err());
}

#[test]
fn a_key_without_stamp_is_refused_before_sending_never_sent_as_null() {
    let key: Key =
        serde_json::from_value(json!({"FNKey_ID": Uuid::from_u128(7), "Stamp": null})).unwrap();
    assert_eq!(UpdateKey::new(key).unwrap_err().field, "Stamp");
    let key: Key =
        serde_json::from_value(json!({"FNKey_ID": Uuid::from_u128(7), "Stamp": ""})).unwrap();
    assert!(UpdateKey::new(key).is_ok());
}

#[test]
fn timestamps_are_written_with_at_most_seven_fraction_digits() {
    let t = Utc.with_ymd_and_hms(2025, 5, 1, 6, 15, 0).unwrap()
        + chrono::Duration::nanoseconds(123_456_789);
    assert_eq!(dates::format_utc(&t), "2025-05-01T06:15:00.1234567Z");
}

#[test]
fn the_full_replace_refuses_what_iloq_would_refuse() {
    let key = KeyId::new(Uuid::from_u128(7));
    let mut limits = KeyTimeLimits::none();
    limits.offline_expiration_seconds = MAX_OFFLINE_EXPIRATION_SECONDS + 1;
    let err = ReplaceAllKeyAccessesAndTimeSlots::checked(key, &[], &[], limits).unwrap_err();
    assert_eq!(err.field, "OfflineExpirationSeconds");
    let mut limits = KeyTimeLimits::none();
    let mut scheduler = KeyScheduler::new(local("2026-06-30T00:00:00"), 1, 0, 120).unwrap();
    scheduler.renew_minute = 60;
    limits.key_scheduler = Some(scheduler);
    let err = ReplaceAllKeyAccessesAndTimeSlots::checked(key, &[], &[], limits).unwrap_err();
    assert_eq!(err.field, "KeyScheduler.RenewMinute");
}

/// iLOQ's recipe for a key's accesses: the full replace deletes whatever it
/// leaves out, so the SDK reads the key's time limits first and sends them
/// back. A key renewed by the key scheduler, with an offline expiry and slots
/// outside the API user's zones, keeps all of it when only its accesses change.
#[tokio::test]
async fn changing_a_keys_accesses_keeps_everything_it_read() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let key = sim.seed().programmed_key;
    let calendar_entry = Uuid::from_u128(0xca1e);
    assert!(sim.schedule_key(key, calendar_entry, local("2026-06-30T00:00:00")));
    assert!(sim.fill_slots_outside_user_zones(key, &[5, 6]));
    // An end date and an offline expiry, set through the full replace itself.
    let mut limits = c
        .time_limits()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap();
    limits.slots.push(
        KeyTimeLimitSlot::end_date(
            NaiveDate::from_ymd_opt(2030, 12, 31)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        )
        .unwrap(),
    );
    limits.offline_expiration_seconds = 86_400;
    let current = c
        .security_accesses()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap();
    c.send(
        &ReplaceAllKeyAccessesAndTimeSlots::checked(
            key,
            &current.security_accesses,
            &current.security_accesses,
            limits,
        )
        .unwrap(),
    )
    .await
    .unwrap();
    let before = c
        .time_limits()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap();
    assert_eq!(before.slots.len(), 2);
    assert!(before.key_scheduler.is_some());

    // Only the accesses change: the second API access is added.
    let all = c.security_accesses().list().await.unwrap();
    let mut desired = current.security_accesses.clone();
    desired.extend(all.into_iter().filter(|a| a.id == sim.seed().api_access_2));
    c.security_accesses()
        .replace_accesses(key, &desired)
        .await
        .unwrap();

    let after = c
        .time_limits()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap();
    assert_eq!(after, before, "slots, scheduler and offline expiry kept");
    let scheduled = after.slots.iter().find(|s| s.slot == 2).unwrap();
    assert_eq!(scheduled.source_calendar_data_id, Some(calendar_entry));
    assert_eq!(after.offline_expiration_seconds, 86_400);
    assert_eq!(
        sim.slots_outside_user_zones(key),
        vec![5, 6],
        "not overridden"
    );
    let ids: Vec<_> = c
        .security_accesses()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap()
        .security_accesses
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(ids.contains(&sim.seed().api_access_2));

    // Replacing the slots keeps the scheduler and the offline expiry too.
    c.security_accesses()
        .replace_all_and_time_slots(key, &desired, vec![])
        .await
        .unwrap();
    let emptied = c
        .time_limits()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap();
    assert!(emptied.slots.is_empty());
    assert_eq!(emptied.key_scheduler, before.key_scheduler);
    assert_eq!(emptied.offline_expiration_seconds, 86_400);
    assert_eq!(sim.slots_outside_user_zones(key), vec![5, 6]);
}

#[tokio::test]
async fn typed_answers_for_lock_accesses_and_the_blocklist() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let lock = sim.seed().locks[0];
    let accesses = c
        .security_accesses()
        .of_lock(lock, AccessMode::Planned)
        .await
        .unwrap();
    assert_eq!(accesses.security_accesses.len(), 3);
    assert_eq!(accesses.outside_user_zones_count, 0);
    let key = sim.seed().programmed_key;
    c.blocklists().add_key(key).await.unwrap();
    let list = c.blocklists().get().await.unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].key_id, key);
    assert_eq!(list.items[0].person_name.as_deref(), Some("Grace Hopper"));
    assert!(list.items[0].added.is_some());
    assert!(list.packet.is_none(), "never ordered yet");
    c.blocklists().order().await.unwrap();
    let ordered = c.blocklists().get().await.unwrap();
    assert_eq!(ordered.packet.map(|p| p.soft_data_version), Some(1));
}

/// iLOQ's time-profile recipe: `CanAdd` first, then add. A profile is `SlotNo`
/// 2 and names its time profile (`CanAddTimeLimit` 9 otherwise).
#[tokio::test]
async fn a_time_profile_names_its_title() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let key = sim.seed().s5_keys[0];
    let untitled = KeyTimeLimitSlot::profile(2, vec![office_hours()]).unwrap();
    assert_eq!(
        c.time_limits().can_add(key, untitled).await.unwrap(),
        CanAddTimeLimit::TitleRequired
    );
    let slot =
        KeyTimeLimitSlot::time_profile(sim.seed().time_limit_title, vec![office_hours()]).unwrap();
    assert!(
        c.time_limits()
            .can_add(key, slot.clone())
            .await
            .unwrap()
            .is_ok()
    );
    c.time_limits().add(key, slot.clone()).await.unwrap();
    let limits = c
        .time_limits()
        .of_key(key, AccessMode::Planned)
        .await
        .unwrap();
    assert_eq!(limits.slots, vec![slot]);
}
