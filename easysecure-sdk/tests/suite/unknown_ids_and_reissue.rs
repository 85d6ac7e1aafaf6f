//! Ids EasySecure has no record of, card numbers it could never read, and
//! credentials issued again (issue 20): a typo in a wsAltUserId answers
//! `NotFound` and creates nobody (`setUsers` would create the user), a card
//! number that is not numeric is refused before any request, and issuing what
//! a person already holds writes nothing and starts no sync.
#![cfg(feature = "testkit")]

use std::time::Duration;

use access_core::model::{
    CardNumber, Credential, CredentialState, EmailAddress, ExternalId, PhoneNumber, Pin,
    RemoveOutcome,
};
use access_core::traits::{AccessGroups, Credentials, Directory};
use access_core::{Error, ErrorKind, PollPolicy};
use easysecure_sdk::testkit::EasySecureSim;
use easysecure_sdk::users::UserUpsert;

use crate::shared::{admin, ws};

const SET_USERS: &str = "/admins/setUsers";
const SYNC: &str = "/admins/sync";

fn poll() -> PollPolicy {
    PollPolicy::every(Duration::from_millis(5), Duration::from_secs(10))
}

fn writes(sim: &EasySecureSim) -> (usize, usize) {
    (sim.count("POST", SET_USERS), sim.count("POST", SYNC))
}

fn assert_not_found<T: std::fmt::Debug>(r: access_core::CoreResult<T>, what: &str) {
    let e = r.expect_err(what);
    assert_eq!(e.kind(), ErrorKind::NotFound, "{what}: {e}");
    assert!(matches!(e, Error::NotFound { .. }), "{what}: {e:?}");
    assert!(e.to_string().contains("EMP-0O1"), "{what}: {e}");
}

/// `EMP-0O1` (a letter O for a zero) is a typo of the seeded `EMP-001`.
#[tokio::test]
async fn a_typo_in_the_id_is_not_found_and_creates_nobody() {
    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;
    let typo = ExternalId::new("EMP-0O1").unwrap();
    let card = Credential::card(CardNumber::from_decimal("4242424242").unwrap());

    assert_not_found(admin.list_credentials(&typo).await, "list_credentials");
    assert_not_found(admin.issue_credential(&typo, &card).await, "issue card");
    let pin = Credential::pin(Pin::new("2468").unwrap());
    assert_not_found(admin.issue_credential(&typo, &pin).await, "issue PIN");
    let key =
        Credential::mobile_key(Some(PhoneNumber::new("+31612345678").unwrap()), None).unwrap();
    assert_not_found(
        admin.issue_credential(&typo, &key).await,
        "issue mobile key",
    );
    assert_not_found(admin.revoke_credential(&typo, &card).await, "revoke card");
    assert_not_found(
        admin.set_person_groups(&typo, &["Staff".into()]).await,
        "set_person_groups",
    );

    assert_eq!(writes(&sim), (0, 0), "no setUsers, no sync");
    assert!(
        sim.user(&ws("EMP-0O1")).is_none(),
        "the typo created a user"
    );
    // The documented outcomes of the lookups stay as they are.
    assert_eq!(admin.find_person(&typo).await.unwrap(), None);
    assert_eq!(
        admin.remove_person(&typo).await.unwrap(),
        RemoveOutcome::NotFound
    );
    // The same calls on the real id succeed, so the refusals above are the id's.
    let real = ExternalId::new("EMP-001").unwrap();
    assert!(!admin.list_credentials(&real).await.unwrap().is_empty());
    admin
        .issue_credential(&real, &card)
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert_eq!(sim.user(&ws("EMP-001")).unwrap().card_id, "4242424242");
}

/// EasySecure's cardId is the decimal number its USB reader types: a card
/// number in any other form is refused before a request is made.
#[tokio::test]
async fn a_card_number_that_is_not_numeric_is_refused_before_sending() {
    let sim = EasySecureSim::start().await;
    let admin = admin(&sim).await;
    let person = ExternalId::new("EMP-003").unwrap();
    for typed in ["Jan's badge", "65D8A1BD", "0x65D8A1BD", "12 34 5"] {
        let card = Credential::card(CardNumber::new(typed).unwrap());
        let e = admin.issue_credential(&person, &card).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{typed}: {e}");
        assert!(matches!(e, Error::Validation(_)), "{typed}: {e:?}");
        let e = admin
            .users()
            .upsert(UserUpsert::new(ws("EMP-003")).card(&CardNumber::new(typed).unwrap()))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Validation(_)), "{typed}: {e:?}");
    }
    assert_eq!(sim.count("POST", "/admins/getUsers"), 0, "nothing was read");
    assert_eq!(writes(&sim), (0, 0), "nothing was written");

    // Hex pairs and decimal digits are both the card's number.
    let card = Credential::card(CardNumber::from_hex_pairs("00 0F 42 41").unwrap());
    admin
        .issue_credential(&person, &card)
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert_eq!(sim.user(&ws("EMP-003")).unwrap().card_id, "1000001");
}

/// Issues `credential` to EMP-003 twice: the first writes and syncs, the
/// second answers a completed `Active` without a request that writes.
async fn issue_twice(sim: &EasySecureSim, credential: Credential) {
    let admin = admin(sim).await;
    let person = ExternalId::new("EMP-003").unwrap();
    let before = writes(sim);
    let state = admin
        .issue_credential(&person, &credential)
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert_eq!(state, CredentialState::Active);
    let after_first = writes(sim);
    assert_eq!(after_first, (before.0 + 1, before.1 + 1), "{credential:?}");

    let op = admin.issue_credential(&person, &credential).await.unwrap();
    assert!(op.is_completed(), "{credential:?}");
    assert_eq!(op.result(), Some(&CredentialState::Active));
    assert_eq!(writes(sim), after_first, "{credential:?} written again");
}

#[tokio::test]
async fn issuing_a_held_card_again_writes_nothing() {
    let sim = EasySecureSim::start().await;
    issue_twice(
        &sim,
        Credential::card(CardNumber::from_hex_pairs("65 D8 A1 BE").unwrap()),
    )
    .await;
    // The same card by number, in its decimal form, is the same card.
    let admin = admin(&sim).await;
    let person = ExternalId::new("EMP-003").unwrap();
    let decimal = Credential::card(CardNumber::from_decimal("1708695998").unwrap());
    let before = writes(&sim);
    let op = admin.issue_credential(&person, &decimal).await.unwrap();
    assert_eq!(op.result(), Some(&CredentialState::Active));
    assert_eq!(writes(&sim), before);
    // Another card is a change.
    let other = Credential::card(CardNumber::from_decimal("1708695999").unwrap());
    admin
        .issue_credential(&person, &other)
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert_eq!(writes(&sim), (before.0 + 1, before.1 + 1));
    assert_eq!(sim.user(&ws("EMP-003")).unwrap().card_id, "1708695999");
}

#[tokio::test]
async fn issuing_a_held_pin_plate_or_mobile_key_again_writes_nothing() {
    let sim = EasySecureSim::start().await;
    issue_twice(&sim, Credential::pin(Pin::new("97531").unwrap())).await;
    issue_twice(&sim, Credential::licence_plate("KX-123-B").unwrap()).await;
    let phone = PhoneNumber::new("+31612345678").unwrap();
    issue_twice(&sim, Credential::mobile_key(Some(phone), None).unwrap()).await;
    // A mobile key already on, asked for by e-mail only (EasySecure sends it to
    // the user's phone), is held too.
    let admin = admin(&sim).await;
    let person = ExternalId::new("EMP-003").unwrap();
    let before = writes(&sim);
    let op = admin
        .issue_credential(
            &person,
            &Credential::mobile_key(
                None,
                Some(EmailAddress::new("pieter@demo.easysecure.example").unwrap()),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(op.result(), Some(&CredentialState::Active));
    assert_eq!(writes(&sim), before);
    // A new PIN is a change.
    admin
        .issue_credential(&person, &Credential::pin(Pin::new("97532").unwrap()))
        .await
        .unwrap()
        .wait(&poll())
        .await
        .unwrap();
    assert_eq!(writes(&sim), (before.0 + 1, before.1 + 1));
}

/// The ESWS client: a typo in the id answers `NotFound` and creates nobody,
/// and `p_cardId` takes the card's decimal number only.
#[cfg(feature = "soap")]
mod soap {
    use access_core::model::{CardNumber, Credential, ExternalId};
    use access_core::traits::Credentials;
    use access_core::{Error, ErrorKind};
    use easysecure_sdk::soap::users::{CardChange, UserFields};
    use easysecure_sdk::testkit::EasySecureSoapSim;

    use crate::shared::ws;

    #[tokio::test]
    async fn a_typo_in_the_id_is_not_found_and_creates_nobody() {
        let sim = EasySecureSoapSim::start().await;
        let c = sim.client();
        let typo = ExternalId::new("EMP-0O1").unwrap();

        let e = c.list_credentials(&typo).await.unwrap_err();
        assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
        let card = Credential::card(CardNumber::from_decimal("4242424242").unwrap());
        let e = c.issue_credential(&typo, &card).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
        let e = c
            .issue_credential(&typo, &Credential::QrCode)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
        let e = c.revoke_credential(&typo, &card).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
        assert!(
            sim.user(&ws("EMP-0O1")).is_none(),
            "the typo created a user"
        );
        assert_eq!(sim.count_function("updateUserAltId"), 0);
        // The real id lists its card.
        let real = ExternalId::new("EMP-001").unwrap();
        assert!(!c.list_credentials(&real).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_card_id_that_is_not_a_decimal_number_is_refused_before_sending() {
        let sim = EasySecureSoapSim::start().await;
        let c = sim.client();
        for typed in ["Jan's badge", "65D8A1BD", "65 D8 A1 BD"] {
            let fields = UserFields::new().card(CardChange::Set(typed.into()));
            let e = c
                .users()
                .update_alt_id(ws("EMP-002"), fields)
                .await
                .unwrap_err();
            assert!(matches!(e, Error::Validation(_)), "{typed}: {e:?}");
        }
        assert_eq!(sim.count_function("updateUserAltId"), 0);
        assert!(CardChange::card(&CardNumber::new("Jan's badge").unwrap()).is_err());
        let hex = CardNumber::from_hex_pairs("65 D8 A1 BF").unwrap();
        assert_eq!(
            CardChange::card(&hex).unwrap(),
            CardChange::Set("1708695999".into())
        );
        c.users()
            .update_alt_id(
                ws("EMP-002"),
                UserFields::new().card(CardChange::card(&hex).unwrap()),
            )
            .await
            .unwrap();
        assert_eq!(sim.user(&ws("EMP-002")).unwrap().card_id, "1708695999");
    }
}
