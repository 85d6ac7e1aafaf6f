//! The seed's three integration recipes, on the simulator.
#![cfg(feature = "testkit")]

use std::time::Duration;

use access_core::PollPolicy;
use access_core::model::{
    AccessEventKind, CardNumber, Credential, CredentialKind, CredentialState, ExternalId,
    RemoveOutcome,
};
use access_core::traits::{Credentials, Directory, EventLog};
use easysecure_sdk::logs::GetLogs;
use easysecure_sdk::model::{LogText, TerminalKey};
use easysecure_sdk::profile::{SetPicture, SetPictureError};
use easysecure_sdk::sync::AdminSync;
use easysecure_sdk::testkit::EasySecureSim;
use easysecure_sdk::users::UserUpsert;
use easysecure_sdk::{Client, WsAltUserId};
use futures_util::StreamExt;

use crate::shared::{admin, ws};

fn poll() -> PollPolicy {
    PollPolicy::every(Duration::from_millis(5), Duration::from_secs(10))
}

/// Default HR / time registration: import employees keyed by wsAltUserId with the
/// time-registration group, sync, export IN/OUT logs — with the idToken expiring
/// in the middle of the run.
#[tokio::test]
async fn hr_time_registration_with_token_expiring_mid_run() {
    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;

    // 1. Check the groups, then import employees.
    let groups = admin.groups().list().await.unwrap();
    assert!(groups.iter().any(|g| g.name == "Time registration"));
    let employees = [
        ("HR-1001", "Anna", "de Vries"),
        ("HR-1002", "Bram", "Bakker"),
        ("HR-1003", "Chen", "Li"),
    ];
    let users = employees
        .iter()
        .map(|(id, first, last)| {
            UserUpsert::new(WsAltUserId::new(*id).unwrap())
                .name(*first, *last)
                .groups(["Staff", "Time registration"], true)
        })
        .collect();
    admin.users().set(users).await.unwrap();
    // Re-importing updates the same employees instead of creating new ones.
    admin
        .users()
        .upsert(
            UserUpsert::new(WsAltUserId::new("HR-1001").unwrap()).name("Anna", "de Vries-Jansen"),
        )
        .await
        .unwrap();
    assert_eq!(
        sim.user(&ws("HR-1001")).unwrap().last_name,
        "de Vries-Jansen"
    );

    // The idToken runs out in the middle of the run.
    sim.clock().advance(Duration::from_secs(61 * 60));

    // 2. Sync to the time clock.
    let report = admin
        .syncs()
        .to_terminals(AdminSync::all())
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert!(report.confirmed && !report.any_failed());
    assert!(sim.user(&ws("HR-1002")).unwrap().in_sync);
    assert_eq!(admin.session().refresh_count(), 1);
    assert_eq!(sim.count("POST", "/admins/refreshToken"), 1);

    // 3. Export the registrations of today at the time clock.
    let now = sim.clock_now();
    let logs = admin
        .logs()
        .get(
            GetLogs::between(
                now - chrono::Duration::hours(1),
                now + chrono::Duration::hours(3),
            )
            .unwrap()
            .time_registration_only(true),
        )
        .await
        .unwrap();
    let anna: Vec<_> = logs
        .iter()
        .filter(|l| l.user_id.as_deref() == Some("HR-1001"))
        .collect();
    let keys: Vec<_> = anna.iter().filter_map(|l| l.terminal_key.clone()).collect();
    assert_eq!(
        keys,
        vec![
            TerminalKey::In,
            TerminalKey::DutyOut,
            TerminalKey::DutyIn,
            TerminalKey::Out
        ]
    );
    assert!(
        anna.iter()
            .all(|l| l.log_text == Some(LogText::VerifySuccess))
    );

    // The same as a resumable event export: store the cursor, resume later.
    let events: Vec<_> = admin.logs().events(None, 4).collect().await;
    let events: Vec<_> = events.into_iter().map(Result::unwrap).collect();
    assert!(
        events
            .windows(2)
            .all(|w| w[0].id.parse::<i64>().unwrap() < w[1].id.parse::<i64>().unwrap())
    );
    assert!(
        events
            .iter()
            .any(|e| e.kind == AccessEventKind::ClockIn && e.person.as_deref() == Some("HR-1003"))
    );
    let cursor = events.last().unwrap().cursor.clone();
    sim.present(&ws("HR-1002"), EasySecureSim::TIME_CLOCK, "OUT")
        .unwrap();
    let new: Vec<_> = admin.events_since(Some(cursor)).collect().await;
    assert_eq!(new.len(), 1);
    let e = new.into_iter().next().unwrap().unwrap();
    assert_eq!(
        (e.kind, e.person.as_deref()),
        (AccessEventKind::ClockOut, Some("HR-1002"))
    );
}

/// Default reservation and automated credential creation: guests as users with a
/// validity window and a mobile key; a face template through the app path; sync;
/// removal after checkout.
#[tokio::test]
async fn reservation_credentials() {
    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;
    let now = sim.clock_now();
    let check_in = now - chrono::Duration::hours(1);
    let check_out = now + chrono::Duration::days(2);

    // 1. Import the reservation as a visitor with a validity window.
    let guest = WsAltUserId::new("RES-2026-0042").unwrap();
    admin
        .users()
        .upsert(
            UserUpsert::new(guest.clone())
                .name("Grace", "Hopper")
                .visitor(true)
                .validity(Some(check_in), Some(check_out))
                .groups(["Visitors"], true),
        )
        .await
        .unwrap();

    // 2. A mobile key (setUsers) after checking the user (getUsers).
    let found = admin.users().find(&guest).await.unwrap().unwrap();
    assert_eq!(found.expire_date, Some(check_out.with_nanosecond0()));
    let id = ExternalId::new(guest.as_str()).unwrap();
    let key = Credential::mobile_key(
        Some(access_core::model::PhoneNumber::new("+31612345678").unwrap()),
        None,
    )
    .unwrap();
    let state = admin
        .issue_credential(&id, &key)
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert_eq!(state, CredentialState::Active);
    assert!(sim.user(&guest).unwrap().mobile_key);
    let creds = admin.list_credentials(&id).await.unwrap();
    assert!(
        creds
            .iter()
            .any(|c| c.credential.kind() == CredentialKind::MobileKey)
    );

    // A face template comes from the person's own picture, on the user path,
    // and needs GDPR consent first.
    let app = Client::builder()
        .base_url(sim.uri())
        .clock(sim.shared_clock())
        .login_user(
            EasySecureSim::COMPANY,
            EasySecureSim::USER_EMAIL,
            EasySecureSim::USER_PASSWORD.to_string().into(),
        )
        .await
        .unwrap();
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
    let err = app
        .profile()
        .set_picture(SetPicture::upload("face.jpg", &jpeg).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(SetPictureError::NoGdprConsent { .. })
    ));
    app.profile().set_consent(true).await.unwrap();
    app.profile()
        .set_picture(SetPicture::upload("face.jpg", &jpeg).unwrap())
        .await
        .unwrap();
    assert_eq!(
        app.profile().picture().await.unwrap().bytes().unwrap(),
        jpeg
    );
    app.syncs().start().await.unwrap();

    // 3. The guest is on the terminals: the door opens during the stay.
    let scan = sim.present(&guest, EasySecureSim::ENTRANCE, "").unwrap();
    let logs = admin
        .logs()
        .get(GetLogs::id_range(scan, scan).unwrap())
        .await
        .unwrap();
    assert_eq!(logs[0].success, Some(true));

    // After checkout the guest is removed and the terminals refuse them.
    assert_eq!(
        admin.remove_person(&id).await.unwrap(),
        RemoveOutcome::Removed
    );
    let view = sim.user(&guest).unwrap();
    assert!(view.groups.is_empty() && !view.mobile_key && view.in_sync);
    let scan = sim.present(&guest, EasySecureSim::ENTRANCE, "").unwrap();
    let logs = admin
        .logs()
        .get(GetLogs::id_range(scan, scan).unwrap())
        .await
        .unwrap();
    assert_eq!(logs[0].success, Some(false));
    assert_eq!(
        admin
            .remove_person(&ExternalId::new("RES-unknown").unwrap())
            .await
            .unwrap(),
        RemoveOutcome::NotFound
    );
}

/// Default access control: users and groups, Mifare card numbers, sync, access logs.
#[tokio::test]
async fn access_control() {
    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;
    let groups = admin.groups().list().await.unwrap();
    assert!(groups.iter().any(|g| g.name == "Staff"));

    let id = WsAltUserId::new("AC-77").unwrap();
    admin
        .users()
        .upsert(
            UserUpsert::new(id.clone())
                .name("Dirk", "Visser")
                .groups(["Staff"], true)
                .card_custom("04A1B2C3D4E5F6"),
        )
        .await
        .unwrap();
    // The Mifare card number through the neutral Credentials trait (setUsers + sync).
    // (65 D8 A1 BD is EMP-001's card, which EasySecure would not give to another user.)
    let person = ExternalId::new("AC-77").unwrap();
    let card = Credential::card(CardNumber::from_hex_pairs("65 D8 A1 BE").unwrap());
    let state = admin
        .issue_credential(&person, &card)
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert_eq!(state, CredentialState::Active);
    assert_eq!(sim.user(&ws("AC-77")).unwrap().card_id, "1708695998");

    let before = admin.logs().id_range().await.unwrap().max_id.unwrap();
    let ok = sim
        .present(&ws("AC-77"), EasySecureSim::ENTRANCE, "")
        .unwrap();
    let refused = sim.present(&ws("AC-77"), "LPN-3001", "").unwrap();
    let logs = admin
        .logs()
        .get(GetLogs::id_range(before + 1, refused).unwrap())
        .await
        .unwrap();
    let by_id = |id: i64| logs.iter().find(|l| l.scan_id == Some(id)).unwrap();
    assert_eq!(by_id(ok).log_text, Some(LogText::AccessGranted));
    assert_eq!(by_id(refused).success, Some(false));

    // Revoking the card syncs it off the terminals.
    let state = admin
        .revoke_credential(&person, &card)
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert_eq!(state, CredentialState::Revoked);
    assert!(sim.user(&ws("AC-77")).unwrap().card_id.is_empty());

    // Directory view of the same data.
    let people = admin.list_people().await.unwrap();
    assert!(
        people
            .iter()
            .any(|p| p.external_id.as_str() == "AC-77" && p.groups == vec!["Staff".to_string()])
    );
    let found = admin.find_person(&person).await.unwrap().unwrap();
    assert_eq!(
        admin.upsert_person(&found).await.unwrap(),
        access_core::model::UpsertOutcome::Unchanged
    );

    // Events from the start, constant memory, in id order.
    let events: Vec<_> = admin.events_since(None).collect().await;
    assert!(events.iter().all(Result::is_ok));
    assert!(
        events
            .iter()
            .any(|e| e.as_ref().unwrap().kind == AccessEventKind::Denied)
    );
}

trait Second0 {
    fn with_nanosecond0(self) -> Self;
}
impl Second0 for chrono::NaiveDateTime {
    fn with_nanosecond0(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap()
    }
}
