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
