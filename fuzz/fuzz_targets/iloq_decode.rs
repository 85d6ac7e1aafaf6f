//! Every iLOQ endpoint's decoder and error recogniser on arbitrary answers.
#![no_main]

use access_sdk_fuzz::{answer, exercise};
use chrono::{NaiveDate, TimeZone, Utc};
use iloq_sdk::auth::*;
use iloq_sdk::blacklists::*;
use iloq_sdk::key_phones::*;
use iloq_sdk::keys::*;
use iloq_sdk::lock_logs::*;
use iloq_sdk::locks::*;
use iloq_sdk::persons::*;
use iloq_sdk::security_accesses::*;
use iloq_sdk::time_limits::*;
use iloq_sdk::webhooks::*;
use iloq_sdk::*;
use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;
use serde_json::{Value, json};
use uuid::Uuid;

const PASSWORD: &str = "pa55-w0rd";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0xabcd_0000_0000_4000_8000_0000_0000_0000 + n)
}

fn k() -> KeyId {
    KeyId::new(id(7))
}

fn pid() -> PersonId {
    PersonId::new(id(5))
}

fn lock() -> LockId {
    LockId::new(id(30))
}

fn person() -> Person {
    serde_json::from_value(
        json!({"Person_ID": pid(), "FirstName": "Ada", "LastName": "L", "PersonCode": "E1",
        "ExternalPersonId": "X1", "eMail": "a@x.org", "State": 0, "ExternalCanEdit": true}),
    )
    .unwrap()
}

fn key() -> Key {
    let v: Value = json!({"FNKey_ID": id(7), "Person_ID": null, "RealEstate_ID": Uuid::nil(), "KeyTypeMask": 264, "State": 0,
        "ProgrammingState": 1, "IsProgrammed": false, "ROM_ID": "R1", "Stamp": "1001", "TagKey": "", "StampSource": 0});
    serde_json::from_value(v).unwrap()
}

fn access(n: u128, t: i64) -> SecurityAccess {
    serde_json::from_value(json!({"SecurityAccess_ID": id(n), "Name": "A", "Type": t, "Status": 0}))
        .unwrap()
}

fn slot() -> KeyTimeLimitSlot {
    KeyTimeLimitSlot::profile(
        2,
        vec![TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (8, 0), (17, 30)).unwrap()],
    )
    .unwrap()
}

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 1, 0, 0, 0).unwrap()
}

fn end() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 2, 0, 0, 0).unwrap()
}

fn subscription() -> NewSubscription {
    NewSubscription::new(
        iloq_sdk::WebhookEventId::new(uuid::Uuid::from_u128(3)),
        "https://hooks.example.com/iloq",
        start(),
        start() + chrono::Duration::days(365),
    )
    .unwrap()
}

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = answer(data) else {
        return;
    };
    exercise(
        &(|| GetUrl::new(CustomerCode::new("CUST-1").unwrap()))(),
        status,
        &body,
    );
    exercise(
        &(|| {
            CreateSession::new(
                "agent",
                SecretString::from(PASSWORD),
                CustomerCode::new("CUST-1").unwrap(),
            )
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(&ListLockGroups::new(), status, &body);
    exercise(
        &(|| SetLockgroup::new(LockGroupId::new(id(44))))(),
        status,
        &body,
    );
    exercise(&KillSession::new(), status, &body);
    exercise(&Test::new(), status, &body);
    exercise(&Version::new(), status, &body);
    exercise(&GetConnectionSettings::new(), status, &body);
    exercise(&(|| GenerateAccessToken::new(1))(), status, &body);
    exercise(&ListPersons::new(), status, &body);
    exercise(&(|| GetPerson::new(pid()))(), status, &body);
    exercise(
        &(|| GetPersonsByExternalIds::new(vec!["X1".into()]).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| InsertPerson::new(person(), vec![ZoneId::new(id(9))]).unwrap())(),
        status,
        &body,
    );
    exercise(&(|| UpdatePerson::new(person()).unwrap())(), status, &body);
    exercise(&(|| CanDeletePersonRequest::new(pid()))(), status, &body);
    exercise(&(|| DeletePerson::new(pid()))(), status, &body);
    exercise(&(|| GetPersonKeys::new(pid()))(), status, &body);
    exercise(&(|| GetPersonRoles::new(pid()))(), status, &body);
    exercise(&(|| GetNortecActivationCode::new(pid()))(), status, &body);
    exercise(&ListKeys::new(), status, &body);
    exercise(&(|| GetKey::new(k()))(), status, &body);
    exercise(
        &(|| GetKeysByRomIds::new(vec!["R1".into()]).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| InsertKey::new(NewKey::phone(pid(), "Phone").zones(vec![ZoneId::new(id(9))])).unwrap())(),
        status,
        &body,
    );
    exercise(&(|| UpdateKey::new(key()).unwrap())(), status, &body);
    exercise(&(|| CanDeleteKeyRequest::new(k()))(), status, &body);
    exercise(&(|| DeleteKey::new(k()))(), status, &body);
    exercise(&(|| CanOrderKeyRequest::new(k()))(), status, &body);
    exercise(&(|| OrderKey::new(k()))(), status, &body);
    exercise(&(|| CanReturnKeyRequest::new(k()))(), status, &body);
    exercise(&(|| ReturnKey::new(k()))(), status, &body);
    exercise(&(|| GetKeyZones::new(k()))(), status, &body);
    exercise(&(|| CanUpdateMainZoneRequest::new(k()))(), status, &body);
    exercise(
        &(|| UpdateMainZone::new(k(), ZoneId::new(id(9))))(),
        status,
        &body,
    );
    exercise(&(|| GetLocationReporting::new(k()))(), status, &body);
    exercise(&(|| SetLocationReporting::new(k(), false))(), status, &body);
    exercise(&ListSecurityAccesses::new(), status, &body);
    exercise(
        &(|| GetKeySecurityAccesses::new(k(), AccessMode::Planned))(),
        status,
        &body,
    );
    exercise(
        &(|| GetLockSecurityAccesses::new(lock(), AccessMode::Planned))(),
        status,
        &body,
    );
    exercise(&(|| CanAddKeySecurityAccess::new(k()))(), status, &body);
    exercise(
        &(|| AddKeySecurityAccess::new(k(), access(20, 3)).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| CanDeleteKeySecurityAccess::new(k(), access(20, 3).id))(),
        status,
        &body,
    );
    exercise(
        &(|| DeleteKeySecurityAccess::new(k(), access(20, 3)).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| {
            let end_slot = KeyTimeLimitSlot::end_date(
                NaiveDate::from_ymd_opt(2026, 12, 31)
                    .unwrap()
                    .and_hms_opt(17, 45, 0)
                    .unwrap(),
            )
            .unwrap();
            ReplaceAllKeyAccessesAndTimeSlots::checked(
                k(),
                &[access(22, 1)],
                &[access(22, 1), access(20, 3)],
                vec![end_slot],
            )
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(&(|| GetKeyPhone::new(k()))(), status, &body);
    exercise(
        &(|| {
            UpdateKeyPhone::new(KeyPhoneUpdate::email(
                k(),
                access_core::model::EmailAddress::new("a@x.org").unwrap(),
                None,
            ))
            .unwrap()
        })(),
        status,
        &body,
    );
    exercise(&(|| ReRegisterKeyPhone::new(k()))(), status, &body);
    exercise(
        &(|| {
            GetLockLogs::new(LockLogFilter::new(vec![lock()], vec![], start(), end()).unwrap())
                .unwrap()
        })(),
        status,
        &body,
    );
    exercise(
        &(|| GetLockLogDataByTimestamp::new(start(), end()).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| GetLockLogDataByGoingDates::new(start(), end()).unwrap())(),
        status,
        &body,
    );
    exercise(&ListLocks::new(), status, &body);
    exercise(&(|| GetLock::new(lock()))(), status, &body);
    exercise(&(|| CanOrderLockRequest::new(lock()))(), status, &body);
    exercise(&(|| OrderLock::new(lock()))(), status, &body);
    exercise(&ListZones::new(), status, &body);
    exercise(&ListRealEstates::new(), status, &body);
    exercise(&ListTimeLimitTitles::new(), status, &body);
    exercise(
        &(|| GetTimeLimitTitle::new(TimeLimitTitleId::new(id(40))))(),
        status,
        &body,
    );
    exercise(
        &(|| GetKeyTimeLimits::new(k(), AccessMode::Planned))(),
        status,
        &body,
    );
    exercise(
        &(|| CanAddKeyTimeLimit::new(k(), slot()).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| AddKeyTimeLimit::new(k(), slot()).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| DeleteKeyTimeLimit::new(k(), TimeLimitTitleId::new(id(40))))(),
        status,
        &body,
    );
    exercise(&GetBlocklist::new(), status, &body);
    exercise(&(|| CanAddKeyToBlocklist::new(k()))(), status, &body);
    exercise(&(|| AddKeyToBlocklist::new(k()))(), status, &body);
    exercise(&(|| CanRemoveKeyFromBlocklist::new(k()))(), status, &body);
    exercise(&(|| RemoveKeyFromBlocklist::new(k()))(), status, &body);
    exercise(&CanOrderBlocklistRequest::new(), status, &body);
    exercise(&OrderBlocklist::new(), status, &body);
    exercise(&ListWebhookEvents::new(), status, &body);
    exercise(&ListSubscriptions::new(), status, &body);
    exercise(
        &(|| GetSubscription::new(subscription().id))(),
        status,
        &body,
    );
    exercise(
        &(|| AddSubscription::new(subscription()).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| UpdateSubscription::new(subscription()).unwrap())(),
        status,
        &body,
    );
    exercise(
        &(|| DeleteSubscription::new(subscription().id))(),
        status,
        &body,
    );
});
