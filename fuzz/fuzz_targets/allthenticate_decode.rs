//! Every Allthenticate endpoint's decoder and error recogniser, and the lenient
//! parsers, on arbitrary answers.
#![no_main]

use access_core::model::{EmailAddress, WeeklySchedule};
use access_sdk_fuzz::{answer, exercise};
use allthenticate_sdk::groups::{CreateGroup, UpdateGroup};
use allthenticate_sdk::guest_links::CreateMagicLink;
use allthenticate_sdk::model::{
    Smartcard, UnlockTime, UtcTime, lenient_id_list,
    lenient_string_list, parse_datetime, parse_lock_status, parse_online_status,
};
use allthenticate_sdk::resources::{ListResources, MassLock, SetLockStatus};
use allthenticate_sdk::smartcards::ModifySmartcards;
use allthenticate_sdk::users::{Invite, ListUsers};
use allthenticate_sdk::{EmailId, GroupId, ResourceId};
use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = answer(data) else {
        return;
    };
    let email = || EmailAddress::new("a@x.example").unwrap();
    let door = SetLockStatus::parse_uuid("750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0").unwrap();
    exercise(&ListUsers::new(), status, &body);
    exercise(&Invite::new([email()]).unwrap(), status, &body);
    exercise(
        &CreateGroup::users("g", [EmailId::new(1)]).unwrap(),
        status,
        &body,
    );
    exercise(
        &UpdateGroup::users(GroupId::new(3), [EmailId::new(4)], [EmailId::new(1)]).unwrap(),
        status,
        &body,
    );
    exercise(
        &CreateMagicLink::new(
            [email()],
            [ResourceId::new(203)],
            "f",
            chrono::Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap(),
        )
        .unwrap()
        .time_mapping(WeeklySchedule::always()),
        status,
        &body,
    );
    exercise(&ListResources::new(), status, &body);
    exercise(
        &SetLockStatus::unlock_for(door, UnlockTime::MIN),
        status,
        &body,
    );
    exercise(&MassLock::lock_all(), status, &body);
    exercise(
        &ModifySmartcards::new(EmailId::new(7), [Smartcard::new("1").unwrap()]).unwrap(),
        status,
        &body,
    );
    // The lenient parsers, on the body as text and as JSON.
    if let Ok(text) = std::str::from_utf8(&body) {
        let _ = parse_datetime(text);
        let _ = UtcTime::parse(text);
        let _ = SetLockStatus::parse_uuid(text);
        let _ = Smartcard::new(text);
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) {
        let _ = parse_lock_status(&value);
        let _ = parse_online_status(&value);
        let _ = lenient_string_list(Some(&value));
        let _ = lenient_id_list(Some(&value));
        let _ = serde_json::from_value::<WeeklySchedule>(value);
    }
});
