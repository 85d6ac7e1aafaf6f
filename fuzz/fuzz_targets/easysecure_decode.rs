//! Every EasySecure REST endpoint's decoder and error recogniser on arbitrary
//! answers.
#![no_main]

use access_core::model::PhoneNumber;
use access_sdk_fuzz::{answer, exercise};
use easysecure_sdk::auth::{
    ChangePassword, Login, LoginCredentials, Logout, RefreshToken, ResetPassword,
    ResetPasswordRequest,
};
use easysecure_sdk::groups::GetGroups;
use easysecure_sdk::logs::{GetLogs, GetLogsMinMaxIds, NewLogEntry, SetLogs};
use easysecure_sdk::model::PinCode;
use easysecure_sdk::profile::{
    GetPicture, SendSupportMail, SetCardPin, SetConsent, SetLicensePlate, SetPicture,
};
use easysecure_sdk::sync::{AdminSync, GetSyncLogs, UserSync};
use easysecure_sdk::users::{GetUsers, SetUsers, SetWsAltUserId, SyncUserToFirebase, UserUpsert};
use easysecure_sdk::auth::{Admin, User};
use easysecure_sdk::{UserId, WsAltUserId};
use secrecy::SecretString;

use libfuzzer_sys::fuzz_target;

const PASSWORD: &str = "pa55-w0rd";
const REFRESH: &str = "refresh-1";

fn t(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn alt() -> WsAltUserId {
    WsAltUserId::new("E1").unwrap()
}

fn credentials() -> LoginCredentials {
    LoginCredentials::new(
        "EasySecure",
        "api@example.com",
        SecretString::from(PASSWORD),
    )
    .unwrap()
}

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = answer(data) else {
        return;
    };
    exercise(&(|| Login::<Admin>::new(credentials()))(), status, &body);
    exercise(&(|| Login::<User>::new(credentials()))(), status, &body);
    exercise(
        &(|| RefreshToken::<Admin>::new(SecretString::from(REFRESH)).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| RefreshToken::<User>::new(SecretString::from(REFRESH)).unwrap())(),
        status,
        &body,
    );
    exercise(&Logout::<Admin>::new(), status, &body);
    exercise(&Logout::<User>::new(), status, &body);
    exercise(
        &(|| ResetPasswordRequest::<Admin>::new("EasySecure", "api@example.com").unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| ResetPasswordRequest::<User>::new("EasySecure", "api@example.com").unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| {
            ResetPassword::<Admin>::new(SecretString::from(REFRESH), SecretString::from(PASSWORD))
                .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| {
            ResetPassword::<User>::new(SecretString::from(REFRESH), SecretString::from(PASSWORD))
                .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| {
            ChangePassword::new(SecretString::from(PASSWORD), SecretString::from("new-pw-1"))
                .unwrap()
        })(),
        status,
        &body,
    );
    exercise(&GetGroups::new(), status, &body);
    exercise(
        &(|| GetLogs::between(t("2026-01-01 00:00:00"), t("2026-01-31 23:59:59")).unwrap())(),
        status,
        &body,
    );
    exercise(&GetLogsMinMaxIds::new(), status, &body);
    exercise(
        &(|| {
            SetLogs::new(vec![
                NewLogEntry::new(alt(), "TR-1", t("2026-01-02 07:59:00")).unwrap(),
            ])
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(&GetUsers::new(), status, &body);
    exercise(
        &(|| {
            SetUsers::one(
                UserUpsert::new(alt())
                    .pin(PinCode::new("2468").unwrap())
                    .phone(PhoneNumber::new("+31612345678").unwrap()),
            )
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| SetWsAltUserId::new(UserId::new(1001), alt()))(),
        status,
        &body,
    );
    exercise(&(|| SyncUserToFirebase::new(alt()))(), status, &body);
    exercise(&(|| AdminSync::user(alt()))(), status, &body);
    exercise(&GetSyncLogs::new(), status, &body);
    exercise(&(|| SetConsent::new(true))(), status, &body);
    exercise(
        &(|| SetLicensePlate::new("AB-12-CD").unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| SetCardPin::new(PinCode::new("9876").unwrap()))(),
        status,
        &body,
    );
    exercise(&GetPicture::new(), status, &body);
    exercise(
        &(|| SetPicture::upload("face.JPG", &[1, 2, 3]).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| SendSupportMail::new("jan@example.com", "Card", "Lost my card").unwrap())(),
        status,
        &body,
    );
    exercise(&UserSync::new(), status, &body);
});
