//! The EasySecure SOAP parser, through every SOAP operation's decoder and
//! fault recogniser, on arbitrary answers (the parser is the crate's own; its
//! entry points are the operations).
#![no_main]

use access_core::model::CardNumber;
use access_sdk_fuzz::{answer, exercise};
use easysecure_sdk::WsAltUserId;
use easysecure_sdk::model::UserId;
use easysecure_sdk::soap;
use secrecy::SecretString;

use libfuzzer_sys::fuzz_target;

const PASSWORD: &str = "pa55-w0rd";
const COMPANY_KEY: &str = "company-key-1";

fn t(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn alt() -> WsAltUserId {
    WsAltUserId::new("E1").unwrap()
}

fn key() -> soap::CompanyKey {
    soap::CompanyKey::new(SecretString::from(COMPANY_KEY)).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = answer(data) else {
        return;
    };
    exercise(
        &(|| soap::GetUsers::page(&key(), 1).unwrap())(),
        status,
        &body,
    );
    exercise(&(|| soap::GetUsersPageNr::new(&key()))(), status, &body);
    exercise(&(|| soap::GetGroups::new(&key()))(), status, &body);
    exercise(
        &(|| {
            soap::GetLogs::new(&key(), t("2024-01-01 00:00:00"), t("2024-01-31 23:59:59")).unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| soap::GetLogsById::new(&key(), 1, 100).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| {
            soap::UpdateUser::new(&key(), UserId(1001), soap::UserFields::new().name("A", "B"))
                .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| {
            soap::UpdateUserAltId::new(&key(), alt(), soap::UserFields::new().name("A", "B"))
                .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| {
            soap::UpdateCard::set(
                &key(),
                alt(),
                &CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap(),
            )
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| soap::DeleteUser::new(&key(), UserId(1001)).unwrap())(),
        status,
        &body,
    );
    exercise(&(|| soap::SetQr::new(&key(), alt()))(), status, &body);
    exercise(&(|| soap::GetQr::new(&key(), alt()))(), status, &body);
    exercise(&(|| soap::DeleteQr::new(&key(), alt()))(), status, &body);
    exercise(
        &(|| {
            soap::GetSyncToken::new(
                &key(),
                "admin@example.com",
                SecretString::from(PASSWORD),
                UserId(1001),
            )
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| soap::AutoSync::new(&key(), 3, Some(UserId(1001))).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| soap::GetSyncStatus::new(&key(), soap::SyncToken::new("tok-1").unwrap()))(),
        status,
        &body,
    );
});
