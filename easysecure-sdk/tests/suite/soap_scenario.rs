//! Scenarios on the SOAP simulator, following the vendor's recipes: import an
//! employee by wsAltUserId, give them a card and a QR code, page through every
//! user, sync a location, and export the logs from a stored scanID cursor.
#![cfg(all(feature = "soap", feature = "testkit"))]

use std::time::Duration;

use access_core::model::{AccessEventKind, CardNumber, EventCursor};
use access_core::traits::EventLog;
use access_core::{Error, PollPolicy, SecretString};
use easysecure_sdk::soap::cards::UpdateCardError;
use easysecure_sdk::soap::groups::GetGroupsError;
use easysecure_sdk::soap::qr::SetQrError;
use easysecure_sdk::soap::sync::{AutoSyncError, GetSyncTokenError, SyncStatus};
use easysecure_sdk::soap::users::{
    DeleteOutcome, DeleteUserError, UpdateUserAltId, UpdateUserAltIdError, UserFields,
};
use easysecure_sdk::soap::{CompanyKind, SoapClient, TextPolicy};
use easysecure_sdk::testkit::EasySecureSoapSim;
use easysecure_sdk::{UserId, WsAltUserId};
use futures_util::StreamExt;

fn client(sim: &EasySecureSoapSim, key: &str) -> SoapClient {
    SoapClient::builder(SecretString::from(key.to_string()))
        .base_url(sim.uri())
        .build()
        .unwrap()
}

fn ws(s: &str) -> WsAltUserId {
    WsAltUserId::new(s).unwrap()
}

#[tokio::test]
async fn import_card_qr_pages_and_log_cursor() {
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);

    // 1. Import an employee keyed by the HR id, into existing groups.
    let groups = c.groups().list().await.unwrap();
    assert!(groups.iter().any(|g| g.name == "Time registration"));
    let fields = UserFields::new()
        .name("Renée", "de Vries")
        .groups(["Staff", "Time registration"]);
    let reply = c
        .users()
        .update_alt_id(ws("EMP-0042"), fields)
        .await
        .unwrap();
    assert_eq!(reply.message, "OK");
    let u = sim.user(&ws("EMP-0042")).unwrap();
    assert_eq!(u.first_name, "Renée");
    assert_eq!(u.groups, vec!["Staff", "Time registration"]);

    // 2. A card: decimal from the USB reader; another user's card is refused.
    c.cards()
        .set(
            ws("EMP-0042"),
            &CardNumber::from_decimal("3735928559").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(sim.user(&ws("EMP-0042")).unwrap().card_id, "3735928559");
    let taken = CardNumber::from_decimal("1708695997").unwrap(); // EMP-001's card
    let e = c.cards().set(ws("EMP-0042"), &taken).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(UpdateCardError::CardExistsForAnOtherUser { .. })
    ));
    let e = c.cards().set(ws("NOBODY"), &taken).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(UpdateCardError::NoUserFoundWithWsAltUserId { .. })
    ));
    // The empty card deletes it.
    c.cards().delete(ws("EMP-0042")).await.unwrap();
    assert_eq!(sim.user(&ws("EMP-0042")).unwrap().card_id, "");

    // 3. A QR code.
    assert!(c.qr_codes().get(ws("EMP-0042")).await.unwrap().is_none());
    let qr = c.qr_codes().set(ws("EMP-0042")).await.unwrap();
    assert_eq!(qr.expose().len(), 32);
    assert_eq!(c.qr_codes().get(ws("EMP-0042")).await.unwrap(), Some(qr));
    assert!(sim.user(&ws("EMP-0042")).unwrap().has_qr);
    c.qr_codes().delete(ws("EMP-0042")).await.unwrap();
    assert!(!sim.user(&ws("EMP-0042")).unwrap().has_qr);

    // 4. getUsers over several pages of 1000.
    sim.add_users(2100);
    assert_eq!(c.users().page_count().await.unwrap(), 3);
    let all: Vec<_> = c.users().stream().collect().await;
    assert_eq!(all.len(), 2103);
    assert!(all.iter().all(Result::is_ok));
    let first_page = c.users().page(1).await.unwrap();
    assert_eq!(first_page.len(), 1000);
    assert_eq!(
        sim.count_function("getUsers"),
        4,
        "three pages, then the page check"
    );
    let ours = all
        .iter()
        .flatten()
        .find(|u| u.ws_alt_user_id.as_deref() == Some("EMP-0042"))
        .unwrap();
    assert_eq!(ours.last_name.as_deref(), Some("de Vries"));
    let id: UserId = ours.user_id.as_deref().unwrap().parse().unwrap();
    assert_eq!(
        c.users()
            .by_id(id)
            .await
            .unwrap()
            .unwrap()
            .first_name
            .as_deref(),
        Some("Renée")
    );

    // 5. Sync the time-registration location, wait for it as an Operation.
    let op = c.syncs().auto_sync(2, Some(id)).await.unwrap();
    let status = op
        .wait(&PollPolicy::every(
            Duration::from_millis(5),
            Duration::from_secs(5),
        ))
        .await
        .unwrap();
    assert!(matches!(status, SyncStatus::Done(_)));

    // 6. Export logs from a stored cursor: only what is newer comes back.
    let cursor = sim.last_scan_id().unwrap();
    let a = sim
        .present(&ws("EMP-0042"), EasySecureSoapSim::TIME_CLOCK, "IN")
        .unwrap();
    let b = sim
        .present(&ws("EMP-0042"), EasySecureSoapSim::TIME_CLOCK, "OUT")
        .unwrap();
    let logs: Vec<_> = c.logs().stream(Some(cursor)).collect().await;
    let ids: Vec<_> = logs
        .iter()
        .map(|l| l.as_ref().unwrap().scan_id.unwrap())
        .collect();
    assert!(ids.contains(&a) && ids.contains(&b));
    assert!(ids.iter().all(|i| *i > cursor));
    let direct = c.logs().by_id(a, b).await.unwrap();
    assert_eq!(direct.len(), 2);
    assert_eq!(direct[0].user_id.as_deref(), Some("EMP-0042"));

    // The same through the vendor-neutral EventLog, resuming from the cursor.
    let events: Vec<_> = c
        .events_since(Some(EventCursor::new("easysecure", a.to_string())))
        .collect()
        .await;
    let events: Vec<_> = events.into_iter().map(Result::unwrap).collect();
    assert!(
        events
            .iter()
            .any(|e| e.id == b.to_string() && e.kind == AccessEventKind::ClockOut)
    );
    assert!(events.iter().all(|e| e.id != a.to_string()));

    // Nothing newer: an empty export, and "-1 NO RECORD" reads as empty.
    let last = sim.last_scan_id().unwrap();
    assert_eq!(c.logs().stream(Some(last)).count().await, 0);

    // 7. Delete the user: a typed outcome, and the second time "does not exist".
    assert_eq!(c.users().delete(id).await.unwrap(), DeleteOutcome::Deleted);
    assert_eq!(
        c.users().delete(id).await.unwrap(),
        DeleteOutcome::DidNotExist
    );
}

#[tokio::test]
async fn documented_errors_on_the_simulator() {
    let sim = EasySecureSoapSim::start().await;
    let wrong = client(&sim, "00000000000000000000000000000000");
    let e = wrong.groups().list().await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(GetGroupsError::UnknownSecurityHash { .. })
    ));
    assert_eq!(e.kind(), access_core::ErrorKind::Auth);
    let e = wrong.qr_codes().set(ws("EMP-001")).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(SetQrError::UnknownSecurityHash { .. })
    ));

    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    sim.set_ws_alt_user_id_label(false);
    let e = c.qr_codes().set(ws("EMP-001")).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(SetQrError::NoWsAltUserIdInfofieldSet { .. })
    ));
    sim.set_ws_alt_user_id_label(true);

    let e = c
        .syncs()
        .login_token(
            "nobody",
            SecretString::from("x".to_string()),
            UserId::new(1001),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(GetSyncTokenError::NoAdminFound { .. })
    ));
    let token = c
        .syncs()
        .login_token(
            EasySecureSoapSim::ADMIN_USERNAME,
            SecretString::from(EasySecureSoapSim::ADMIN_PASSWORD.to_string()),
            UserId::new(1001),
        )
        .await
        .unwrap();
    use access_core::ExposeSecret;
    assert!(token.login_url().expose_secret().ends_with(token.expose()));

    let e = c.syncs().auto_sync(99, None).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(AutoSyncError::NoLocationFound { .. })
    ));

    // Branch company: group name and location are checked before sending...
    let branch = SoapClient::builder(SecretString::from(
        EasySecureSoapSim::BRANCH_KEY.to_string(),
    ))
    .base_url(sim.uri())
    .company_kind(CompanyKind::Branches)
    .build()
    .unwrap();
    let e = branch
        .users()
        .update_alt_id(ws("B-1"), UserFields::new().name("A", "B"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(ref v) if v.field == "p_groupName"));
    // ...and by the service when the client does not know the company kind.
    let naive = client(&sim, EasySecureSoapSim::BRANCH_KEY);
    let e = naive
        .users()
        .update_alt_id(ws("B-1"), UserFields::new().name("A", "B"))
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(UpdateUserAltIdError::BranchesNoGroupName { .. })
    ));
    let e = naive
        .users()
        .update_alt_id(ws("B-1"), UserFields::new().groups(["Nope"]))
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(UpdateUserAltIdError::BranchesGroupNotFound { .. })
    ));
    let e = naive
        .users()
        .update_alt_id(ws("B-1"), UserFields::new().groups(["Staff"]))
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(UpdateUserAltIdError::BranchesNoLocation { .. })
    ));
    let e = naive.users().delete(UserId::new(1001)).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(DeleteUserError::BranchesNoLocation { .. })
    ));
    let op = UpdateUserAltId::new(branch.key(), ws("B-1"), UserFields::new().groups(["Staff"]))
        .unwrap()
        .location(1);
    branch.send(&op).await.unwrap();

    // Latin-1: refused before sending unless the caller opts in.
    let before = sim.requests().len();
    let e = c
        .users()
        .update_alt_id(ws("EMP-9"), UserFields::new().name("Łucja", "Kowalska"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(ref v) if v.field == "p_Voornaam"));
    assert_eq!(sim.requests().len(), before, "nothing was sent");
    let op = UpdateUserAltId::new(
        c.key(),
        ws("EMP-9"),
        UserFields::new().name("Łucja", "Kowalska"),
    )
    .unwrap()
    .text_policy(TextPolicy::ReplaceWithQuestionMark);
    c.send(&op).await.unwrap();
    assert_eq!(sim.user(&ws("EMP-9")).unwrap().first_name, "?ucja");

    // A 503 on a write is not retried; the same on a read is.
    sim.faults().fail_next(1);
    assert!(c.qr_codes().set(ws("EMP-001")).await.is_err());
    sim.faults().fail_next(1);
    assert!(c.qr_codes().get(ws("EMP-001")).await.is_ok());
    // A malformed answer is a decode error, not a panic.
    sim.faults()
        .malformed_next("<SOAP-ENV:Envelope><SOAP-ENV:Body>");
    assert!(matches!(c.groups().list().await, Err(Error::Decode(_))));
}

#[tokio::test]
async fn vendor_neutral_credentials_cards_and_qr_codes() {
    use access_core::model::{Credential, CredentialKind, CredentialState, ExternalId};
    use access_core::traits::{AccessSystem, Credentials};

    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    assert!(c.capabilities().supports_credential(CredentialKind::Card));
    assert!(c.capabilities().supports_credential(CredentialKind::QrCode));
    assert!(!c.capabilities().supports_credential(CredentialKind::Pin));

    let person = ExternalId::new("EMP-002").unwrap();
    let card = Credential::card(CardNumber::from_hex_pairs("DE AD BE EF").unwrap());
    let op = c.issue_credential(&person, &card).await.unwrap();
    assert!(matches!(op.result(), Some(CredentialState::Pending { .. })));
    assert_eq!(sim.user(&ws("EMP-002")).unwrap().card_id, "3735928559");
    c.issue_credential(&person, &Credential::QrCode)
        .await
        .unwrap();

    let held = c.list_credentials(&person).await.unwrap();
    let kinds: Vec<_> = held.iter().map(|r| r.credential.kind()).collect();
    assert_eq!(kinds, [CredentialKind::Card, CredentialKind::QrCode]);

    let op = c
        .revoke_credential(&person, &Credential::QrCode)
        .await
        .unwrap();
    assert_eq!(op.result(), Some(&CredentialState::Revoked));
    c.revoke_credential(&person, &card).await.unwrap();
    assert!(c.list_credentials(&person).await.unwrap().is_empty());

    let pin = Credential::pin(access_core::model::Pin::new("1234").unwrap());
    let e = c.issue_credential(&person, &pin).await.unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }));
    // A documented refusal keeps its typed error behind the erased one.
    let taken = Credential::card(CardNumber::from_decimal("1708695997").unwrap());
    let e = c.issue_credential(&person, &taken).await.unwrap_err();
    let inner = e.service_error().unwrap().downcast_ref::<UpdateCardError>();
    assert!(matches!(
        inner,
        Some(UpdateCardError::CardExistsForAnOtherUser { .. })
    ));
}

/// Nothing newer: the log export searches doubling windows up to the gap, then
/// ends.
#[tokio::test]
async fn empty_log_windows_are_searched_up_to_the_gap() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let none = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"uen:esws\"><SOAP-ENV:Body><ns1:Esws.getLogsByIdResponse><return xsi:type=\"xsd:string\">-1 NO RECORD</return></ns1:Esws.getLogsByIdResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>";
    Mock::given(method("POST"))
        .and(path("/webservicesesws"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(none, "text/xml"))
        .mount(&server)
        .await;
    let c = SoapClient::builder(SecretString::from(
        "^4p;tU0Q+#dEIhTWkuj5FnLD^aOL&Vu0".to_string(),
    ))
    .base_url(server.uri())
    .log_window(10, 100)
    .build()
    .unwrap();
    assert!(c.logs().all(Some(0)).await.unwrap().is_empty());
    // Windows of 10, 20, 40 and 80 ids: 150 >= 100 searched.
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

/// getUserId: an upserted employee's EasySecure id by their HR id, without
/// paging; an unknown wsAltUserId and a company without the wsAltUserId info
/// field are the page's two typed failures.
#[tokio::test]
async fn get_user_id_finds_an_imported_employee_without_paging() {
    use easysecure_sdk::soap::users::GetUserIdError;
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    c.users()
        .update_alt_id(ws("EMP-0777"), UserFields::new().name("Piet", "Bakker"))
        .await
        .unwrap();
    let id = c.users().id_of(ws("EMP-0777")).await.unwrap();
    assert_eq!(id, sim.user(&ws("EMP-0777")).unwrap().user_id);
    let seeded = c
        .users()
        .id_of(ws(
            easysecure_sdk::testkit::EasySecureSim::USER_WS_ALT_USER_ID,
        ))
        .await
        .unwrap();
    assert_ne!(seeded, id);
    assert_eq!(sim.count_function("getUsers"), 0, "no paging");
    assert_eq!(sim.count_function("getUserId"), 2);
    let e = c.users().id_of(ws("EMP-NOBODY")).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(GetUserIdError::NoUserIdFound { .. })
    ));
    sim.set_ws_alt_user_id_label(false);
    let e = c.users().id_of(ws("EMP-0777")).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(GetUserIdError::NoWsAltUserIdInfofield { .. })
    ));
}

/// updateUser2: an employee moved into groups by id, given visitor hours, a
/// phone and a Tapkey key; ids add to or replace the groups; a Branch company's
/// rules are checked by id.
#[tokio::test]
async fn update_user2_sets_groups_by_id_and_visitor_hours() {
    use chrono::NaiveTime;
    use easysecure_sdk::soap::users::{UpdateUser2, UpdateUser2Error};
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    c.users()
        .update_alt_id(ws("EMP-0042"), UserFields::new().name("Renée", "de Vries"))
        .await
        .unwrap();
    let id = c.users().id_of(ws("EMP-0042")).await.unwrap();

    let mut fields = UserFields::new().name("Renée", "de Vries");
    fields.group_update = Some(true);
    fields.is_visitor = Some(true);
    let request = UpdateUser2::new(c.key(), id, fields)
        .unwrap()
        .group_ids([13])
        .visitor_time(
            NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        )
        .phone("+31612345678")
        .sync_to_tapkey(true);
    assert_eq!(c.send(&request).await.unwrap().message, "OK");
    let u = sim.user(&ws("EMP-0042")).unwrap();
    assert_eq!(u.groups, vec!["Visitors"]);
    assert_eq!(
        (u.visitor_start.as_str(), u.visitor_end.as_str()),
        ("08:30", "17:00")
    );
    assert_eq!(u.phone, "+31612345678");
    assert!(u.is_visitor && u.mobile_key);

    // Without p_groupUpdate the ids are added; an id that is no group is left out.
    c.users()
        .update2(id, UserFields::new(), [1, 777])
        .await
        .unwrap();
    assert_eq!(
        sim.user(&ws("EMP-0042")).unwrap().groups,
        vec!["Visitors", "Staff"]
    );

    // Names are refused before sending; an id nobody has cannot be saved.
    let e = c
        .users()
        .update2(id, UserFields::new().groups(["Staff"]), [1])
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(ref v) if v.field == "p_groupId"));
    let e = c
        .users()
        .update2(UserId::new(399_999_999), UserFields::new(), [1])
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(UpdateUser2Error::CanNotSaveUser { .. })
    ));
    assert_eq!(sim.count_function("updateUser2"), 3);

    // Branch company: checked by the client that knows it...
    let branch = SoapClient::builder(SecretString::from(
        EasySecureSoapSim::BRANCH_KEY.to_string(),
    ))
    .base_url(sim.uri())
    .company_kind(CompanyKind::Branches)
    .build()
    .unwrap();
    let e = branch
        .users()
        .update2(id, UserFields::new(), [])
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(ref v) if v.field == "p_groupId"));
    // ...and by the service otherwise.
    let naive = client(&sim, EasySecureSoapSim::BRANCH_KEY);
    let bid = naive.users().id_of(ws("EMP-001")).await.unwrap();
    for (ids, location, expected) in [
        (vec![], None, "BranchesNoGroupName"),
        (vec![99], Some(1), "BranchesGroupNotFound"),
        (vec![1], None, "BranchesNoLocation"),
    ] {
        let mut r = UpdateUser2::new(naive.key(), bid, UserFields::new())
            .unwrap()
            .group_ids(ids);
        if let Some(l) = location {
            r = r.location(l);
        }
        let e = naive.send(&r).await.unwrap_err();
        let got = format!("{:?}", e.service_error().unwrap());
        assert!(got.starts_with(expected), "{got}");
    }
    let r = UpdateUser2::new(naive.key(), bid, UserFields::new())
        .unwrap()
        .group_ids([13])
        .location(1);
    assert_eq!(naive.send(&r).await.unwrap().message, "OK");
}

/// deletePictureAndTemplates: a leaver's face data removed in two steps, on
/// the simulator's shared state.
#[tokio::test]
async fn delete_picture_then_templates() {
    use easysecure_sdk::soap::faces::DeletePictureAndTemplatesError as E;
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    assert!(sim.set_face(&ws("EMP-001"), true, 3));

    let d = c.faces().delete(ws("EMP-001"), true, false).await.unwrap();
    assert!(d.picture && !d.templates);
    let u = sim.user(&ws("EMP-001")).unwrap();
    assert!(!u.has_picture);
    assert_eq!(u.face_templates, 3);

    let d = c.faces().delete(ws("EMP-001"), false, true).await.unwrap();
    assert!(!d.picture && d.templates);
    assert_eq!(sim.user(&ws("EMP-001")).unwrap().face_templates, 0);

    assert!(sim.set_face(&ws("EMP-002"), true, 2));
    let d = c.faces().delete(ws("EMP-002"), true, true).await.unwrap();
    assert!(d.picture && d.templates);
    let u = sim.user(&ws("EMP-002")).unwrap();
    assert!(!u.has_picture && u.face_templates == 0);

    let e = c
        .faces()
        .delete(ws("NOBODY"), true, true)
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(E::NoUserFoundBasedOnWsAltUserIdValue { .. })
    ));
    sim.set_ws_alt_user_id_label(false);
    let e = c
        .faces()
        .delete(ws("EMP-001"), true, true)
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(E::NoWsAltUserIdInfofieldSet { .. })
    ));
    assert_eq!(sim.count_function("deletePictureAndTemplates"), 5);
}

/// getTotalSyncToken: an i3 administrator gets a fresh token for the total
/// sync page each time; a wrong password and an empty username are refused.
#[tokio::test]
async fn total_sync_token_for_the_administrator() {
    use access_core::ExposeSecret;
    use easysecure_sdk::soap::sync::{GetTotalSyncToken, GetTotalSyncTokenError};
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    let pw = || SecretString::from(EasySecureSoapSim::ADMIN_PASSWORD.to_string());
    let a = c
        .syncs()
        .total_login_token(EasySecureSoapSim::ADMIN_USERNAME, pw())
        .await
        .unwrap();
    let b = c
        .syncs()
        .total_login_token(EasySecureSoapSim::ADMIN_USERNAME, pw())
        .await
        .unwrap();
    assert!(!a.expose().is_empty() && a.expose() != b.expose());
    assert_eq!(
        a.login_url().expose_secret(),
        format!(
            "https://i3.identysoft.com/users/totalSyncUsersLogin/{}",
            a.expose()
        )
    );
    assert!(!format!("{a:?}").contains(a.expose()));
    let e = c
        .syncs()
        .total_login_token(
            EasySecureSoapSim::ADMIN_USERNAME,
            SecretString::from("wrong".to_string()),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(GetTotalSyncTokenError::NoAdminFound { .. })
    ));
    assert!(!format!("{e:?}").contains("wrong"));
    assert!(GetTotalSyncToken::new(c.key(), " ", pw()).is_err());
    assert_eq!(sim.count_function("getTotalSyncToken"), 3);
}

/// getMultipleUsersIds2: an employee's id, name and face-template count by
/// HR id; the page's failures for an unknown id and a company without the
/// wsAltUserId info field.
#[tokio::test]
async fn multiple_users_ids2_reports_names_and_face_templates() {
    use easysecure_sdk::soap::users::GetMultipleUsersIds2Error as E;
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    assert!(sim.set_face(&ws("EMP-002"), false, 4));
    let found = c.users().all_with_alt_id(ws("EMP-002")).await.unwrap();
    let u = sim.user(&ws("EMP-002")).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].user_id, u.user_id);
    assert_eq!(found[0].first_name, u.first_name);
    assert_eq!(found[0].last_name, u.last_name);
    assert_eq!(found[0].face_templates, 4);
    // Deleting the templates shows in the next answer.
    c.faces().delete(ws("EMP-002"), false, true).await.unwrap();
    let found = c.users().all_with_alt_id(ws("EMP-002")).await.unwrap();
    assert_eq!(found[0].face_templates, 0);

    let e = c.users().all_with_alt_id(ws("NOBODY")).await.unwrap_err();
    assert!(matches!(e.service_error(), Some(E::NoUserIdFound { .. })));
    let wrong = client(&sim, "not-the-key");
    let e = wrong
        .users()
        .all_with_alt_id(ws("EMP-002"))
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(E::UnknownSecurityHash { .. })
    ));
    sim.set_ws_alt_user_id_label(false);
    let e = c.users().all_with_alt_id(ws("EMP-002")).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(E::NoWsAltUserIdInfofield { .. })
    ));
}

/// updateUserContractor: a contractor's employee gets the contractor stored
/// and groups by name and by id together.
#[tokio::test]
async fn update_user_contractor_stores_the_contractor_and_both_kinds_of_group() {
    use easysecure_sdk::soap::users::{UpdateUserContractor, UpdateUserContractorError};
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    let id = c.users().id_of(ws("EMP-002")).await.unwrap();
    let mut fields = UserFields::new()
        .name("Fatima", "El Amrani")
        .groups(["Staff"]);
    fields.group_update = Some(true);
    let r = UpdateUserContractor::new(c.key(), id, 4711, "Bouw & Co", fields)
        .unwrap()
        .group_ids([13]);
    assert_eq!(c.send(&r).await.unwrap().message, "OK");
    let u = sim.user(&ws("EMP-002")).unwrap();
    assert_eq!(
        u.contractor,
        Some(("4711".to_string(), "Bouw & Co".to_string()))
    );
    assert_eq!(u.groups, vec!["Staff", "Visitors"]);

    let e = c
        .users()
        .update_contractor(
            UserId::new(399_999_999),
            4711,
            "Bouw & Co",
            UserFields::new(),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(UpdateUserContractorError::CanNotSaveUser { .. })
    ));
    let naive = client(&sim, EasySecureSoapSim::BRANCH_KEY);
    let bid = naive.users().id_of(ws("EMP-001")).await.unwrap();
    let r = UpdateUserContractor::new(naive.key(), bid, 1, "X", UserFields::new())
        .unwrap()
        .group_ids([99])
        .location(1);
    let e = naive.send(&r).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(UpdateUserContractorError::BranchesGroupNotFound { .. })
    ));
    assert_eq!(sim.count_function("updateUserContractor"), 3);
}

/// syncEsiScd: a changed employee is pushed to the location's terminals at
/// once; the answer lists each terminal; unknown locations are refused.
#[tokio::test]
async fn esi_scd_sync_pushes_a_location_at_once() {
    use easysecure_sdk::soap::sync::SyncEsiScdError as E;
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    // EMP-002 is in Staff (location 1: the main entrance).
    c.users()
        .update_alt_id(ws("EMP-002"), UserFields::new().name("Fatima", "Amrani"))
        .await
        .unwrap();
    assert!(!sim.user(&ws("EMP-002")).unwrap().in_sync);
    let devices = c.syncs().esi_scd(1).await.unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].device_id, "AC-1001");
    assert!(devices[0].is_ok());
    assert!(sim.user(&ws("EMP-002")).unwrap().in_sync);
    let e = c.syncs().esi_scd(99).await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(E::NoLocationIdReceived { .. })
    ));
    assert_eq!(sim.count_function("syncEsiScd"), 2);
}

/// imageToFaceTemplate: an enrolment photo becomes a face template on the
/// company's F2 (at most 2 kept) and, when asked, the profile picture; an
/// unknown device or user is refused.
#[tokio::test]
async fn image_to_face_template_enrols_on_the_f2() {
    use easysecure_sdk::soap::faces::{
        FaceDevice, ImageFormat, ImageToFaceTemplate, ImageToFaceTemplateError as E,
    };
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    sim.add_face_device(543714888, "192.168.1.40", 1);
    let f2 = FaceDevice {
        ip: "192.168.1.40".parse().unwrap(),
        port: 51211,
        did: 543714888,
    };
    let id = c.users().id_of(ws("EMP-002")).await.unwrap();
    let photo = vec![0xff, 0xd8, 0xff, 0xe0, 1, 2, 3];
    let r = c
        .faces()
        .template_from_image(id, photo.clone(), ImageFormat::Jpg, f2)
        .await
        .unwrap();
    assert_eq!(r.message, "OK");
    let u = sim.user(&ws("EMP-002")).unwrap();
    assert_eq!(u.face_templates, 1);
    assert!(!u.has_picture);
    let with_picture = ImageToFaceTemplate::new(c.key(), id, photo.clone(), ImageFormat::Jpg, f2)
        .unwrap()
        .update_picture(true);
    c.send(&with_picture).await.unwrap();
    c.send(&with_picture).await.unwrap();
    let u = sim.user(&ws("EMP-002")).unwrap();
    assert_eq!(u.face_templates, 2, "the oldest of 2 templates is replaced");
    assert!(u.has_picture);
    // The count the other calls see.
    let found = c.users().all_with_alt_id(ws("EMP-002")).await.unwrap();
    assert_eq!(found[0].face_templates, 2);

    let elsewhere = FaceDevice {
        ip: "10.9.9.9".parse().unwrap(),
        ..f2
    };
    let e = c
        .faces()
        .template_from_image(id, photo.clone(), ImageFormat::Jpg, elsewhere)
        .await
        .unwrap_err();
    assert!(matches!(e.service_error(), Some(E::IpNotAllowed { .. })));
    let wrong_did = FaceDevice { did: 1, ..f2 };
    let e = c
        .faces()
        .template_from_image(id, photo.clone(), ImageFormat::Jpg, wrong_did)
        .await
        .unwrap_err();
    assert!(matches!(e.service_error(), Some(E::DidNotAllowed { .. })));
    let e = c
        .faces()
        .template_from_image(UserId::new(399_999_999), photo, ImageFormat::Jpg, f2)
        .await
        .unwrap_err();
    assert!(matches!(e.service_error(), Some(E::UserWasNotFound { .. })));
    assert_eq!(sim.count_function("imageToFaceTemplate"), 6);
}

/// getUsersByInfoField: employees found by a value of an info field (and by
/// an empty one), as the updates stored it.
#[tokio::test]
async fn users_by_info_field_finds_by_value_and_by_empty() {
    use easysecure_sdk::soap::users::GetUsersByInfoFieldError as E;
    let sim = EasySecureSoapSim::start().await;
    let c = client(&sim, EasySecureSoapSim::SECURITY_KEY);
    for (who, dept) in [
        ("EMP-0100", "Sales"),
        ("EMP-0101", "Sales"),
        ("EMP-0102", "Kitchen"),
    ] {
        c.users()
            .update_alt_id(ws(who), UserFields::new().name(who, "Test").info(5, dept))
            .await
            .unwrap();
    }
    let sales = c.users().by_info_field(5, "Sales").await.unwrap();
    let ids: Vec<UserId> = sales.iter().map(|m| m.user_id).collect();
    assert_eq!(
        ids,
        vec![
            sim.user(&ws("EMP-0100")).unwrap().user_id,
            sim.user(&ws("EMP-0101")).unwrap().user_id
        ]
    );
    assert_eq!(sales[0].first_name, "EMP-0100");
    // The seeded users have no info5.
    let empty = c.users().by_info_field(5, "").await.unwrap();
    assert!(
        empty
            .iter()
            .any(|m| m.user_id == sim.user(&ws("EMP-001")).unwrap().user_id)
    );
    assert!(!empty.iter().any(|m| ids.contains(&m.user_id)));
    let e = c.users().by_info_field(5, "Nobody").await.unwrap_err();
    assert!(matches!(e.service_error(), Some(E::NoUserIdFound { .. })));
}
