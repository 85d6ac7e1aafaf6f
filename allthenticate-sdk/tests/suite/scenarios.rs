//! Scenarios on the simulator, following the quickstart's recipes and the
//! `allthenticate_guest_access` example's steps.

#![cfg(feature = "testkit")]

use std::time::Duration;

use access_core::model::{
    CardNumber, Credential, DoorId, DoorState, EmailAddress, ExternalId, Person, Pin,
    UpsertOutcome, Validity, WeeklySchedule,
};
use access_core::testkit::SimError;
use access_core::traits::{AccessGroups, AccessSystem, Credentials, Directory, DoorControl};
use access_core::{Error, ErrorKind};
use allthenticate_sdk::SecretString;
use allthenticate_sdk::groups::{CreateGroup, GroupRef};
use allthenticate_sdk::guest_links::{CheckedLinkError, CreateMagicLink, CreateMagicLinkError};
use allthenticate_sdk::model::{LockStatus, Smartcard, UnlockTime};
use allthenticate_sdk::resources::{
    ListResources, MassLock, MassLockError, SetLockStatus, SetLockStatusError,
};
use allthenticate_sdk::smartcards::{ModifySmartcards, ModifySmartcardsError};
use allthenticate_sdk::testkit::{
    AllthenticateSim, DOWNSTAIRS_DOOR_UUID, GuestEntry, LAB_DOOR_UUID, LOADING_DOCK_UUID,
    SIM_LOW_ASSURANCE_KEY,
};
use allthenticate_sdk::users::{Invite, ListUsers, ListUsersError};
use allthenticate_sdk::{EmailId, GroupId, ResourceId};
use chrono::{Duration as Days, TimeZone, Utc};

fn email(s: &str) -> EmailAddress {
    EmailAddress::new(s).unwrap()
}

fn uuid(s: &str) -> uuid::Uuid {
    SetLockStatus::parse_uuid(s).unwrap()
}

#[tokio::test]
async fn step1_invite_a_member_with_a_card_into_a_group() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    let created = client
        .groups()
        .create(CreateGroup::users("Contractors", []).unwrap())
        .await
        .unwrap();
    let invite = Invite::new([email("mia@contractor.example")])
        .unwrap()
        .smartcards(vec![vec![
            Smartcard::new("5550001").unwrap().label("Mia badge"),
        ]])
        .group(GroupRef::new(created.group_id, "Contractors"));
    let result = client.users().invite(invite).await.unwrap();
    assert_eq!(result.added, ["mia@contractor.example"]);
    assert_eq!(result.invited, ["mia@contractor.example"]);
    assert_eq!(result.group_names, ["Contractors"]);
    let id = result.add_ids[0];
    let user = sim.user("mia@contractor.example").unwrap();
    assert_eq!(user.email_id, id.as_i64());
    assert_eq!(
        user.smartcards,
        [("5550001".to_string(), Some("Mia badge".to_string()))]
    );
    assert_eq!(user.invitations_sent, 1);
    assert!(
        sim.group("Contractors")
            .unwrap()
            .members
            .contains(&id.as_i64())
    );
    // The member is listed, in the group, and inviting again reports "exists".
    let users = client.users().list(ListUsers::new()).await.unwrap();
    let mia = users.iter().find(|u| u.email_id == Some(id)).unwrap();
    assert_eq!(mia.group_names().collect::<Vec<_>>(), ["Contractors"]);
    let again = client
        .users()
        .invite(Invite::new([email("mia@contractor.example")]).unwrap())
        .await
        .unwrap();
    assert_eq!(again.exists, ["mia@contractor.example"]);
    assert_eq!(
        sim.user("mia@contractor.example").unwrap().invitations_sent,
        1
    );
}

#[tokio::test]
async fn step2_guest_link_weekdays_9_to_17_to_one_door() {
    let sim = AllthenticateSim::start().await; // Monday 2026-03-02 10:00 UTC
    let client = sim.client();
    let doors = client.resources().doors().await.unwrap();
    let downstairs = doors
        .iter()
        .find(|d| d.uuid.as_deref() == Some(DOWNSTAIRS_DOOR_UUID))
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    let req = CreateMagicLink::for_doors(
        [email("guest@partner.example")],
        [downstairs],
        "Partner visit",
        now + Days::days(14),
    )
    .unwrap()
    .time_mapping(WeeklySchedule::workdays(9, 17).unwrap())
    .send_email(false);
    let link = client.guest_links().create_checked(req).await.unwrap();
    let token = link.expose_token().unwrap().to_string();
    assert!(!format!("{link:?}").contains(&token));
    assert!(link.email_ids.contains_key("guest@partner.example"));
    assert!(sim.user("guest@partner.example").unwrap().guest);
    let guests = client.users().list_guests().await.unwrap();
    assert!(
        guests
            .iter()
            .any(|g| g.email.as_deref() == Some("guest@partner.example"))
    );

    // Monday 10:00: inside the schedule.
    assert_eq!(
        sim.open_with_magic_link(&token, ResourceId::new(203)),
        GuestEntry::Granted
    );
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    assert_eq!(
        sim.open_with_magic_link(&token, ResourceId::new(204)),
        GuestEntry::WrongDoor
    );
    // Monday 17:00 is outside 9..17.
    sim.clock()
        .set(Utc.with_ymd_and_hms(2026, 3, 2, 17, 0, 0).unwrap());
    assert_eq!(
        sim.open_with_magic_link(&token, ResourceId::new(203)),
        GuestEntry::OutsideSchedule
    );
    // Saturday noon: no access at weekends.
    sim.clock()
        .set(Utc.with_ymd_and_hms(2026, 3, 7, 12, 0, 0).unwrap());
    assert_eq!(
        sim.open_with_magic_link(&token, ResourceId::new(203)),
        GuestEntry::OutsideSchedule
    );
    // Friday 16:59 still works; after the end date nothing does.
    sim.clock()
        .set(Utc.with_ymd_and_hms(2026, 3, 13, 16, 59, 0).unwrap());
    assert_eq!(
        sim.open_with_magic_link(&token, ResourceId::new(203)),
        GuestEntry::Granted
    );
    sim.clock().set(now + Days::days(15));
    assert_eq!(
        sim.open_with_magic_link(&token, ResourceId::new(203)),
        GuestEntry::Expired
    );
    assert_eq!(
        sim.open_with_magic_link("forged", ResourceId::new(203)),
        GuestEntry::UnknownToken
    );
}

#[tokio::test]
async fn guest_links_only_open_doors() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    let end = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    // The computer (205) is refused by the client before sending when checked ...
    let req =
        CreateMagicLink::new([email("g@x.example")], [ResourceId::new(205)], "pc", end).unwrap();
    let e = client
        .guest_links()
        .create_checked(req.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(e, CheckedLinkError::Create(Error::Validation(_))),
        "{e:?}"
    );
    assert_eq!(sim.count("POST", "/magiclinkadmin"), 0);
    // ... by `for_doors` when built from listed resources ...
    let all = client.resources().list(ListResources::new()).await.unwrap();
    let pc = all
        .iter()
        .find(|r| r.resource_id == Some(ResourceId::new(205)))
        .unwrap();
    assert!(CreateMagicLink::for_doors([email("g@x.example")], [pc], "pc", end).is_err());
    // ... and by the server otherwise.
    let e = client.guest_links().create(req).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(CreateMagicLinkError::NotADoor { .. })
    ));
    // An end in the past relative to a given start is refused by the server too
    // when the start is omitted (start defaults to the server's now).
    let past = CreateMagicLink::new(
        [email("g@x.example")],
        [ResourceId::new(203)],
        "old",
        Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
    )
    .unwrap();
    let e = client.guest_links().create(past).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn step3_unlock_relocks_when_unlock_time_runs_out() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    client
        .resources()
        .set_lock_status(SetLockStatus::unlock_for(
            uuid(DOWNSTAIRS_DOOR_UUID),
            UnlockTime::seconds(10).unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    let listed = client.resources().doors().await.unwrap();
    let door = listed
        .iter()
        .find(|d| d.uuid.as_deref() == Some(DOWNSTAIRS_DOOR_UUID))
        .unwrap();
    assert_eq!(door.lock_status(), Some(&LockStatus::Unlocked));
    sim.clock().advance(Duration::from_secs(9));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    let listed = client.resources().doors().await.unwrap();
    let door = listed
        .iter()
        .find(|d| d.uuid.as_deref() == Some(DOWNSTAIRS_DOOR_UUID))
        .unwrap();
    assert_eq!(door.lock_status(), Some(&LockStatus::Locked));
    // Lock now, before the time runs out.
    client
        .resources()
        .set_lock_status(SetLockStatus::unlock(uuid(LAB_DOOR_UUID)))
        .await
        .unwrap();
    client
        .resources()
        .set_lock_status(SetLockStatus::lock(uuid(LAB_DOOR_UUID)))
        .await
        .unwrap();
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(true));
    // An offline door refuses.
    let e = client
        .resources()
        .set_lock_status(SetLockStatus::unlock(uuid(LOADING_DOCK_UUID)))
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(SetLockStatusError::Offline { .. })
    ));
    // An unknown door is not found.
    let e = client
        .resources()
        .set_lock_status(SetLockStatus::lock(uuid(
            "00000000-0000-4000-8000-000000000000",
        )))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn step4_emergency_lock_of_every_door() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    client
        .resources()
        .mass_lock(MassLock::unlock_all().unlock_time(UnlockTime::MASS_LOCK_MAX))
        .await
        .unwrap();
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(false));
    // Without assurance the key is refused.
    let weak = sim
        .client_builder()
        .api_key(SecretString::from(SIM_LOW_ASSURANCE_KEY))
        .build()
        .unwrap();
    let e = weak
        .resources()
        .mass_lock(MassLock::lock_all())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(MassLockError::AssuranceRequired { .. })
    ));
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(false));
    // Emergency lock.
    let ok = client
        .resources()
        .mass_lock(MassLock::lock_all().force_lock(true))
        .await
        .unwrap();
    assert!(ok.message.contains("Locked"));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(true));
    // A door group only, with a lock wait.
    client
        .resources()
        .mass_lock(MassLock::unlock_all().group_id(GroupId::new(4)))
        .await
        .unwrap();
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(false));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    client
        .resources()
        .mass_lock(MassLock::lock_all().group_id(GroupId::new(4)).lock_wait(3))
        .await
        .unwrap();
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(false));
    sim.clock().advance(Duration::from_secs(3));
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(true));
    // A user group is not a door group.
    let e = client
        .resources()
        .mass_lock(MassLock::lock_all().group_id(GroupId::new(1)))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn set_lock_status_takes_any_positive_unlock_time() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    let door = uuid(DOWNSTAIRS_DOOR_UUID);
    // Below the /masslock range: 2 s, as given.
    let ok = client
        .resources()
        .set_lock_status(SetLockStatus::unlock_for(
            door,
            UnlockTime::seconds(2).unwrap(),
        ))
        .await
        .unwrap();
    assert!(ok.message.contains("2 seconds"), "{}", ok.message);
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    // Above it: 15 minutes, as given.
    client
        .resources()
        .set_lock_status(SetLockStatus::unlock_for(
            door,
            UnlockTime::seconds(900).unwrap(),
        ))
        .await
        .unwrap();
    sim.clock().advance(Duration::from_secs(899));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    assert_eq!(sim.count("POST", "/setlockstatus"), 2);
}

#[tokio::test]
async fn mass_lock_unlock_time_outside_5_to_60_is_corrected_by_the_server() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    // 90 s is sent as 90 and not refused; the doors relock after 60 s.
    client
        .resources()
        .mass_lock(MassLock::unlock_all().unlock_time(UnlockTime::seconds(90).unwrap()))
        .await
        .unwrap();
    let sent = sim.requests();
    let body: serde_json::Value = serde_json::from_slice(&sent.last().unwrap().body).unwrap();
    assert_eq!(body["unlock_time"], 90);
    sim.clock().advance(Duration::from_secs(59));
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(false));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(true));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    // 1 s is corrected up to 5 s.
    let one = UnlockTime::seconds(1).unwrap();
    assert!(!one.in_mass_lock_range());
    client
        .resources()
        .mass_lock(
            MassLock::unlock_all()
                .group_id(GroupId::new(4))
                .unlock_time(one),
        )
        .await
        .unwrap();
    sim.clock().advance(Duration::from_secs(4));
    assert_eq!(
        sim.is_locked(LAB_DOOR_UUID),
        Some(false),
        "1 s is corrected to 5 s"
    );
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(sim.is_locked(LAB_DOOR_UUID), Some(true));
}

#[tokio::test]
async fn an_empty_smartcard_list_clears_the_members_cards() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    // Chad (email_id 1) holds 1234567; the list replaces it [I].
    client
        .smartcards()
        .assign(
            ModifySmartcards::new(
                EmailId::new(1),
                [
                    Smartcard::new("1111111").unwrap().label("New badge"),
                    Smartcard::new("2468").unwrap().label("PIN"),
                ],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        sim.user("joe@developer.com").unwrap().smartcards,
        [
            ("1111111".to_string(), Some("New badge".to_string())),
            ("2468".to_string(), Some("PIN".to_string()))
        ]
    );
    // The replaced number is free: Ada may take it without allow_duplicates.
    client
        .smartcards()
        .assign(
            ModifySmartcards::new(EmailId::new(2), [Smartcard::new("1234567").unwrap()]).unwrap(),
        )
        .await
        .unwrap();
    // "[]" clears Chad's cards.
    let ok = client.smartcards().clear(EmailId::new(1)).await.unwrap();
    assert!(!ok.message.is_empty());
    assert!(sim.user("joe@developer.com").unwrap().smartcards.is_empty());
    let last = sim.requests();
    let body: serde_json::Value = serde_json::from_slice(&last.last().unwrap().body).unwrap();
    assert_eq!(body["smartcards"], "[]");
    // Clearing again is accepted and changes nothing; Ada keeps hers.
    client
        .smartcards()
        .assign(ModifySmartcards::new(EmailId::new(1), []).unwrap())
        .await
        .unwrap();
    assert!(sim.user("joe@developer.com").unwrap().smartcards.is_empty());
    assert_eq!(
        sim.user("ada@acme.example").unwrap().smartcards,
        [("1234567".to_string(), None)]
    );
    // Chad's freed numbers can go to Ada without allow_duplicates.
    client
        .smartcards()
        .assign(
            ModifySmartcards::new(EmailId::new(2), [Smartcard::new("1111111").unwrap()]).unwrap(),
        )
        .await
        .unwrap();
    // Clearing an unknown member is not found.
    let e = client
        .smartcards()
        .clear(EmailId::new(999))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn door_commands_are_sent_once_under_faults() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    sim.faults().fail_next(1);
    let e = client
        .resources()
        .set_lock_status(SetLockStatus::unlock(uuid(DOWNSTAIRS_DOOR_UUID)))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(sim.count("POST", "/setlockstatus"), 1);
    sim.faults().fail_next(1);
    assert!(
        client
            .resources()
            .mass_lock(MassLock::lock_all())
            .await
            .is_err()
    );
    assert_eq!(sim.count("POST", "/masslock"), 1);
    // A hang past the attempt timeout: the door may have been unlocked.
    let quick = sim
        .client_builder()
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    sim.faults().hang_next();
    let e = quick
        .resources()
        .set_lock_status(SetLockStatus::unlock(uuid(DOWNSTAIRS_DOOR_UUID)))
        .await
        .unwrap_err();
    assert!(e.may_have_been_sent());
    assert_eq!(sim.count("POST", "/setlockstatus"), 2);
    // The trait says the same (it reads the doors first: the write hangs).
    sim.faults().endpoint::<SetLockStatus>().hang_next();
    let e = DoorControl::unlock(
        &quick,
        &DoorId(DOWNSTAIRS_DOOR_UUID.into()),
        Duration::from_secs(5),
    )
    .await
    .unwrap_err();
    assert!(e.may_have_been_sent());
    assert_eq!(sim.count("POST", "/setlockstatus"), 3);
    // Reads are retried.
    sim.faults().fail_next(1);
    assert!(
        !client
            .resources()
            .list(ListResources::new())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn smartcards_follow_the_duplicate_rule() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    // Chad (email_id 1) owns 1234567.
    // Re-assigning one's own number relabels it.
    let relabel = ModifySmartcards::new(
        EmailId::new(1),
        [Smartcard::new("1234567").unwrap().label("Old badge")],
    )
    .unwrap();
    client.smartcards().assign(relabel.clone()).await.unwrap();
    assert_eq!(
        sim.user("joe@developer.com").unwrap().smartcards,
        [("1234567".to_string(), Some("Old badge".to_string()))]
    );
    let to_ada =
        ModifySmartcards::new(EmailId::new(2), [Smartcard::new("1234567").unwrap()]).unwrap();
    let e = client
        .smartcards()
        .assign(to_ada.clone())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ModifySmartcardsError::DuplicateSmartcard { .. })
    ));
    assert!(sim.user("ada@acme.example").unwrap().smartcards.is_empty());
    client
        .smartcards()
        .assign(to_ada.clone().allow_duplicates(true))
        .await
        .unwrap();
    assert_eq!(sim.user("ada@acme.example").unwrap().smartcards.len(), 1);
    // Now Chad's own re-assignment meets Ada's copy: refused without the flag.
    assert!(client.smartcards().assign(relabel).await.is_err());
    let missing = ModifySmartcards::new(EmailId::new(999), [Smartcard::new("1").unwrap()]).unwrap();
    let e = client.smartcards().assign(missing).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn a_wrong_key_is_refused() {
    let sim = AllthenticateSim::start().await;
    let client = sim
        .client_builder()
        .api_key(SecretString::from("not-the-key"))
        .build()
        .unwrap();
    let e = client.users().list(ListUsers::new()).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ListUsersError::Unauthorized { status: 401, .. })
    ));
    assert!(!e.to_string().contains("not-the-key"));
}

#[tokio::test]
async fn access_core_traits() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    let caps = client.capabilities();
    assert!(caps.door_control && caps.directory && caps.access_groups && !caps.event_log);

    // Directory: e-mail is the external id.
    let people = client.list_people().await.unwrap();
    assert!(
        people
            .iter()
            .any(|p| p.external_id.as_str() == "joe@developer.com")
    );
    let id = ExternalId::new("sam@acme.example").unwrap();
    let sam = Person::new(id.clone(), "Sam", "Smith")
        .unwrap()
        .with_email(email("sam@acme.example"))
        .with_groups(["Employees"]);
    // "Employees" has no id the client knows yet.
    assert!(matches!(
        client.upsert_person(&sam).await,
        Err(Error::Validation(_))
    ));
    client
        .groups()
        .remember(GroupRef::new(GroupId::new(1), "Employees"));
    client
        .groups()
        .remember(GroupRef::new(GroupId::new(3), "Admins"));
    assert_eq!(
        client.upsert_person(&sam).await.unwrap(),
        UpsertOutcome::Created
    );
    assert_eq!(
        client.upsert_person(&sam).await.unwrap(),
        UpsertOutcome::Unchanged
    );
    let found = client.find_person(&id).await.unwrap().unwrap();
    assert_eq!(found.groups, ["Employees"]);
    let e = client.remove_person(&id).await.unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }));

    // Groups.
    assert_eq!(client.list_groups().await.unwrap().len(), 2);
    let outcome = client
        .set_person_groups(&id, &["Admins".to_string()])
        .await
        .unwrap();
    assert_eq!(outcome, UpsertOutcome::Updated);
    let found = client.find_person(&id).await.unwrap().unwrap();
    assert_eq!(found.groups, ["Admins"]);
    assert_eq!(
        client
            .set_person_groups(&id, &["Admins".to_string()])
            .await
            .unwrap(),
        UpsertOutcome::Unchanged
    );

    // Credentials: cards and PINs.
    let card = Credential::card(CardNumber::from_hex_pairs("00 54 C5 61").unwrap());
    let op = client.issue_credential(&id, &card).await.unwrap();
    assert!(op.is_completed());
    let pin = Credential::pin(Pin::new("482913").unwrap());
    client.issue_credential(&id, &pin).await.unwrap();
    // /modifysmartcards replaces the member's cards [I]: the PIN is all Sam holds now.
    let cards = sim.user("sam@acme.example").unwrap().smartcards;
    assert_eq!(cards, [("482913".to_string(), Some("PIN".to_string()))]);
    client.issue_credential(&id, &card).await.unwrap();
    let cards = sim.user("sam@acme.example").unwrap().smartcards;
    assert_eq!(cards, [("5555553".to_string(), None)]);
    assert!(matches!(
        client.revoke_credential(&id, &card).await,
        Err(Error::Unsupported { .. })
    ));

    // Doors.
    let doors = client.list_doors().await.unwrap();
    assert_eq!(doors.len(), 3);
    let dock = doors.iter().find(|d| d.id.0 == LOADING_DOCK_UUID).unwrap();
    assert_eq!(dock.online, Some(false));
    let door = DoorId(DOWNSTAIRS_DOOR_UUID.into());
    let op = client.unlock(&door, Duration::from_secs(20)).await.unwrap();
    assert_eq!(op.result(), Some(&DoorState::Unlocked));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    sim.clock().advance(Duration::from_secs(20));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    // No 5-60 cap on /setlockstatus: two minutes are sent and honoured.
    client
        .unlock(&door, Duration::from_secs(120))
        .await
        .unwrap();
    sim.clock().advance(Duration::from_secs(119));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
    sim.clock().advance(Duration::from_secs(1));
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
    let sent = sim.count("POST", "/setlockstatus");
    for bad in [Duration::ZERO, Duration::from_millis(1500)] {
        let e = client.unlock(&door, bad).await.unwrap_err();
        assert!(matches!(e, Error::Validation(_)) && !e.may_have_been_sent());
    }
    assert_eq!(
        sim.count("POST", "/setlockstatus"),
        sent,
        "refused before sending"
    );
    client.unlock(&door, Duration::from_secs(5)).await.unwrap();
    client.lock(&door).await.unwrap();
    assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));

    // Time-limited guest access with a schedule.
    let start = Utc
        .with_ymd_and_hms(2026, 3, 2, 0, 0, 0)
        .unwrap()
        .naive_utc();
    let link = client
        .guest_links()
        .grant(
            email("temp@x.example"),
            &[DoorId(LAB_DOOR_UUID.into())],
            "Temp",
            Validity::between(start, start + Days::days(7)).unwrap(),
            WeeklySchedule::workdays(9, 17).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        sim.open_with_magic_link(link.expose_token().unwrap(), ResourceId::new(204)),
        GuestEntry::Granted
    );
    let e = client
        .guest_links()
        .grant(
            email("temp@x.example"),
            &[DoorId(LAB_DOOR_UUID.into())],
            "Open-ended",
            Validity::always(),
            WeeklySchedule::always(),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(_)));
}

#[tokio::test]
async fn vendor_errors_reach_every_common_variant() {
    use allthenticate_sdk::resources::ListResourcesError;
    let sim = AllthenticateSim::start().await;
    let client = sim
        .client_builder()
        .retry(access_core::http::RetryPolicy::none())
        .build()
        .unwrap();
    sim.faults()
        .fail_next_with_error(1, SimError::new(500, "Internal error"));
    let e = client
        .resources()
        .list(ListResources::new())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ListResourcesError::Server { status: 500, .. })
    ));
    sim.faults()
        .fail_next_with_error(1, SimError::new(429, "Slow down"));
    let e = client
        .resources()
        .list(ListResources::new())
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(ListResourcesError::RateLimited { .. })
    ));
    assert!(e.is_retryable());
    // A duplicate group name is a conflict.
    let e = client
        .groups()
        .create(CreateGroup::users("Employees", []).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    // Nothing changed for the queued errors.
    assert!(
        !client
            .resources()
            .list(ListResources::new())
            .await
            .unwrap()
            .is_empty()
    );
}

/// Issue 20: a method given an id Allthenticate has no record of answers
/// `NotFound` (read before anything is written): an unknown member for groups
/// and credentials, an unknown door uuid for lock and unlock and a guest link.
#[tokio::test]
async fn unknown_ids_are_not_found_and_nothing_is_written() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    client
        .groups()
        .create(CreateGroup::users("Staff", [EmailId::new(1)]).unwrap())
        .await
        .unwrap();
    let nobody = ExternalId::new("nobody@acme.example").unwrap();
    let card = Credential::card(CardNumber::from_decimal("1708695997").unwrap());
    let pin = Credential::pin(Pin::new("482913").unwrap());
    let before = sim.requests().len();
    let writes = || {
        sim.requests()
            .iter()
            .skip(before)
            .filter(|r| r.method.as_str() != "GET")
            .count()
    };

    let e = client
        .set_person_groups(&nobody, &["Staff".to_string()])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(
        matches!(
            e,
            Error::NotFound {
                vendor: "allthenticate",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(
        e.to_string(),
        "allthenticate has no member with e-mail nobody@acme.example"
    );
    for credential in [&card, &pin] {
        let e = client
            .issue_credential(&nobody, credential)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
        assert!(!e.may_have_been_sent());
    }

    // A well-formed uuid that is no door of the organisation.
    let ghost = DoorId("00000000-0000-4000-8000-000000000000".into());
    let now = Utc::now().naive_utc();
    let e = client
        .unlock(&ghost, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.to_string().contains("door with uuid 00000000-"), "{e}");
    let e = client.lock(&ghost).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let e = client
        .guest_links()
        .grant(
            email("guest@partner.example"),
            &[DoorId(DOWNSTAIRS_DOOR_UUID.into()), ghost.clone()],
            "Visit",
            Validity::between(now, now + Days::days(1)).unwrap(),
            WeeklySchedule::always(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let link = CreateMagicLink::new(
        [email("guest@partner.example")],
        [ResourceId::new(999_999)],
        "Visit",
        Utc::now() + Days::days(1),
    )
    .unwrap();
    let e = client.guest_links().create_checked(link).await.unwrap_err();
    assert!(
        matches!(e, CheckedLinkError::Create(ref e) if e.kind() == ErrorKind::NotFound),
        "{e}"
    );
    assert_eq!(writes(), 0, "only reads were sent");

    // find_person keeps answering "nobody" without an error.
    assert_eq!(client.find_person(&nobody).await.unwrap(), None);
}

/// Issue 20: a card number is an identifier, not a secret: the vendor's
/// duplicate refusal names the card it refused. A PIN stays out of every error.
#[tokio::test]
async fn a_duplicate_card_is_named_and_a_pin_is_not() {
    let sim = AllthenticateSim::start().await;
    let client = sim.client();
    // Chad (email_id 1) owns 1234567.
    let to_ada =
        ModifySmartcards::new(EmailId::new(2), [Smartcard::new("1234567").unwrap()]).unwrap();
    let e = client.smartcards().assign(to_ada).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    let text = e.to_string();
    assert!(text.contains("Smartcard 1234567 is a duplicate"), "{text}");
    assert!(!text.contains("redacted"), "{text}");

    // The same number sent as a PIN is a secret: the refusal does not quote it.
    let as_pin =
        ModifySmartcards::new(EmailId::new(2), [Smartcard::pin("1234567").unwrap()]).unwrap();
    let e = client.smartcards().assign(as_pin).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert!(!e.to_string().contains("1234567"), "{e}");
    assert!(!format!("{e:?}").contains("1234567"), "{e:?}");
}
