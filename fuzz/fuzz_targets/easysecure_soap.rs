//! The EasySecure SOAP parser, through every SOAP operation's decoder and
//! fault recogniser, on arbitrary answers (the parser is the crate's own; its
//! entry points are the operations).
#![no_main]

use access_core::model::CardNumber;
use access_sdk_fuzz::{answer, exercise};
use easysecure_sdk::soap;
use easysecure_sdk::soap::{cards, groups, logs, qr, sync, users};
use easysecure_sdk::{UserId, WsAltUserId};
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
    exercise(&(|| users::GetUsers::new(&key()).page(1))(), status, &body);
    exercise(&(|| users::GetUsersPageNr::new(&key()))(), status, &body);
    exercise(&(|| groups::GetGroups::new(&key()))(), status, &body);
    exercise(
        &(|| {
            logs::GetLogs::new(&key(), t("2024-01-01 00:00:00"), t("2024-01-31 23:59:59")).unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| logs::GetLogsById::new(&key(), 1, 100).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| {
            users::UpdateUser::new(
                &key(),
                UserId::new(1001),
                users::UserFields::new().name("A", "B"),
            )
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| {
            users::UpdateUserAltId::new(&key(), alt(), users::UserFields::new().name("A", "B"))
                .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| {
            cards::UpdateCard::new(
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
        &(|| users::DeleteUser::new(&key(), UserId::new(1001)).unwrap())(),
        status,
        &body,
    );
    exercise(&(|| qr::SetQr::new(&key(), alt()))(), status, &body);
    exercise(&(|| qr::GetQr::new(&key(), alt()))(), status, &body);
    exercise(&(|| qr::DeleteQr::new(&key(), alt()))(), status, &body);
    exercise(
        &(|| {
            sync::GetSyncToken::new(
                &key(),
                "admin@example.com",
                SecretString::from(PASSWORD),
                UserId::new(1001),
            )
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| {
            sync::AutoSync::new(&key(), 3)
                .unwrap()
                .user(UserId::new(1001))
        })(),
        status,
        &body,
    );
    exercise(
        &(|| sync::GetSyncStatus::new(&key(), sync::SyncToken::new("tok-1").unwrap()))(),
        status,
        &body,
    );
});
