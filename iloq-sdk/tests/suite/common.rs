//! The endpoint table the robustness and secret-hygiene tests share: one case
//! per documented iLOQ endpoint, built from the crate's public request types and
//! sent with the shared transport and a fixed session id, plus the client's own
//! session flows (URL resolution, login, lock group, logout).
#![allow(dead_code)]

use access_core::http::{Endpoint, Transport};
use access_core::testkit::StaticAuth;
use access_core::testkit::hostile::{
    AnswerShape, CallSettings, Case, EndpointKind, Expected, Hostility,
};
use chrono::{NaiveDate, TimeZone, Utc};
use iloq_sdk::auth::*;
use iloq_sdk::blacklists::*;
use iloq_sdk::calendars::*;
use iloq_sdk::key_phones::*;
use iloq_sdk::key_tags::*;
use iloq_sdk::keys::*;
use iloq_sdk::lock_logs::*;
use iloq_sdk::locks::*;
use iloq_sdk::network_modules::*;
use iloq_sdk::person_roles::*;
use iloq_sdk::persons::*;
use iloq_sdk::security_accesses::*;
use iloq_sdk::security_roles::*;
use iloq_sdk::time_limits::*;
use iloq_sdk::webhooks::*;
use iloq_sdk::*;
use secrecy::SecretString;
use serde_json::{Value, json};
use uuid::Uuid;

/// The session id the cases present (a secret: it authorises every call).
pub const SID: &str = "sid/+=&<>\"'%\\ 3f2b8a52-0c47";
pub const PASSWORD: &str = "pä55/+=&<>\"'%\\ wörd-Secret-✓";
pub const LIMIT: usize = 64 * 1024;

pub fn transport(
    uri: &str,
    s: &CallSettings,
    http: Option<&access_core::http::HttpClient>,
) -> Transport {
    let mut builder = Transport::builder("iloq");
    if let Some(http) = http {
        builder = builder.shared_http_client(http.clone());
    }
    builder
        .base_url(uri)
        .attempt_timeout(s.attempt_timeout)
        .retry(s.retry.clone())
        .max_response_bytes(s.max_response_bytes)
        .build()
        .unwrap()
}

pub fn client(uri: &str, s: &CallSettings, http: Option<&access_core::http::HttpClient>) -> Client {
    let mut builder = Client::builder();
    if let Some(http) = http {
        builder = builder.shared_http_client(http.clone());
    }
    builder
        .base_url(uri)
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from(PASSWORD))
        .attempt_timeout(s.attempt_timeout)
        .retry(s.retry.clone())
        .max_response_bytes(s.max_response_bytes)
        .build()
        .unwrap()
}

/// The case of one request, sent with the session id attached. The transport is
/// built before the timed part (building one loads TLS roots, which blocks a while).
fn case<E>(
    http: &Option<access_core::http::HttpClient>,
    request: impl Fn() -> E + Send + Sync + 'static,
) -> Case
where
    E: Endpoint + 'static,
    E::Output: AnswerShape,
{
    let http = http.clone();
    Case::of::<E, _, _>(move |uri, s| {
        let transport = transport(&uri, &s, http.as_ref());
        let request = request();
        async move {
            let auth = StaticAuth::none().header("sessionid", SID);
            transport.send(&request, Some(&auth)).await
        }
    })
}

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

fn profile() -> TimeProfile {
    TimeProfile::new("Office", ZoneId::new(id(9)))
        .unwrap()
        .period(TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (8, 0), (16, 0)).unwrap())
}

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 1, 0, 0, 0).unwrap()
}

fn end() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 2, 0, 0, 0).unwrap()
}

fn subscription() -> NewSubscription {
    NewSubscription::new(
        WebhookEventId::new(id(70)),
        "https://hooks.example.com/iloq",
        start(),
        start() + chrono::Duration::days(365),
    )
    .unwrap()
}

fn calendar() -> CalendarDataTitleId {
    CalendarDataTitleId::new(id(60))
}

fn cdata() -> CalendarDataId {
    CalendarDataId::new(id(61))
}

fn role() -> SecurityRoleId {
    SecurityRoleId::new(id(62))
}

fn module() -> NetworkModuleId {
    NetworkModuleId::new(id(63))
}

fn device() -> NetworkModuleDeviceId {
    NetworkModuleDeviceId::new(id(64))
}

fn relay() -> NetworkModuleDeviceRelayId {
    NetworkModuleDeviceRelayId::new(id(65))
}

fn calendar_set() -> CalendarDataSet {
    let day = |d: u32, h: u32| {
        NaiveDate::from_ymd_opt(2025, 6, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    CalendarDataSet::new().entry(
        CalendarDataEntry::new(calendar(), CalendarDataType::RelayOn, day(2, 8), day(2, 16))
            .unwrap()
            .id(cdata()),
    )
}

/// Every endpoint the crate defines, sent with the shared transport.
pub fn cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    let h = &http;
    vec![
        // session and utilities
        case(h, || GetUrl::new(CustomerCode::new("CUST-1").unwrap())),
        case(h, || {
            CreateSession::new(
                "agent",
                SecretString::from(PASSWORD),
                CustomerCode::new("CUST-1").unwrap(),
            )
            .unwrap()
        }),
        case(h, ListLockGroups::new),
        case(h, || SetLockgroup::new(LockGroupId::new(id(44)))),
        case(h, KillSession::new),
        case(h, Test::new),
        case(h, Version::new),
        case(h, GetConnectionSettings::new),
        case(h, || GenerateAccessToken::new(1)),
        // persons
        case(h, ListPersons::new),
        case(h, || GetPerson::new(pid())),
        case(h, || {
            GetPersonsByExternalIds::new(vec!["X1".into()]).unwrap()
        }),
        case(h, || {
            InsertPerson::new(person(), vec![ZoneId::new(id(9))]).unwrap()
        }),
        case(h, || UpdatePerson::new(person()).unwrap()),
        case(h, || CanDeletePersonRequest::new(pid())),
        case(h, || DeletePerson::new(pid())),
        case(h, || GetPersonKeys::new(pid())),
        case(h, || GetPersonRoles::new(pid())),
        case(h, || GetNortecActivationCode::new(pid())),
        // keys
        case(h, ListKeys::new),
        case(h, || GetKey::new(k())),
        case(h, || GetKeysByRomIds::new(vec!["R1".into()]).unwrap()),
        case(h, || {
            InsertKey::new(NewKey::phone(pid(), "Phone").zones(vec![ZoneId::new(id(9))])).unwrap()
        }),
        case(h, || UpdateKey::new(key()).unwrap()),
        case(h, || CanDeleteKeyRequest::new(k())),
        case(h, || DeleteKey::new(k())),
        case(h, || CanOrderKeyRequest::new(k())),
        case(h, || OrderKey::new(k())),
        case(h, || CanReturnKeyRequest::new(k())),
        case(h, || ReturnKey::new(k())),
        case(h, || GetKeyZones::new(k())),
        case(h, || CanUpdateMainZoneRequest::new(k())),
        case(h, || UpdateMainZone::new(k(), ZoneId::new(id(9)))),
        case(h, || GetLocationReporting::new(k())),
        case(h, || SetLocationReporting::new(k(), false)),
        // key tags
        case(h, ListKeyTags::new),
        case(h, || GetKeyTag::new(KeyTagId::new(id(60)))),
        case(h, || GetKeyTagsOfKey::new(k())),
        case(h, || {
            InsertKeyTag::new(KeyTag::new(k(), "acme_ticket", "T-1")).unwrap()
        }),
        case(h, || {
            UpdateKeyTag::new(KeyTag::new(k(), "acme_ticket", "T-2")).unwrap()
        }),
        case(h, || DeleteKeyTag::new(KeyTagId::new(id(60)))),
        // person roles
        case(h, ListPersonRoles::new),
        case(h, || GetPersonRole::new(PersonRoleId::new(id(61)))),
        case(h, || {
            GetPersonRoleSecurityAccesses::new(PersonRoleId::new(id(61)))
        }),
        // security roles
        case(h, ListSecurityRoles::new),
        case(h, || GetSecurityRole::new(SecurityRoleId::new(id(62)))),
        case(h, || {
            InsertSecurityRole::new(SecurityRole::new("Lobby", RealEstateId::new(Uuid::nil())))
                .unwrap()
        }),
        case(h, || {
            UpdateSecurityRole::new(SecurityRole::new("Lobby", RealEstateId::new(Uuid::nil())))
                .unwrap()
        }),
        case(h, || {
            CanDeleteSecurityRoleRequest::new(SecurityRoleId::new(id(62)))
        }),
        case(h, || DeleteSecurityRole::new(SecurityRoleId::new(id(62)))),
        // security accesses
        case(h, ListSecurityAccesses::new),
        case(h, || GetKeySecurityAccesses::new(k(), AccessMode::Planned)),
        case(h, || {
            GetLockSecurityAccesses::new(lock(), AccessMode::Planned)
        }),
        case(h, || CanAddKeySecurityAccess::new(k())),
        case(h, || AddKeySecurityAccess::new(k(), access(20, 3)).unwrap()),
        case(h, || CanDeleteKeySecurityAccess::new(k(), access(20, 3).id)),
        case(h, || {
            DeleteKeySecurityAccess::new(k(), access(20, 3)).unwrap()
        }),
        case(h, || {
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
                KeyTimeLimits::none().with_slots(vec![end_slot]),
            )
            .unwrap()
        }),
        case(h, || {
            InsertSecurityAccess::new(
                SecurityAccessDefinition::new("Garage (API)", SecurityAccessType::ApiAccess)
                    .unwrap(),
            )
            .unwrap()
        }),
        case(h, || {
            UpdateSecurityAccess::new(SecurityAccessDefinition::from_read(&access(20, 3))).unwrap()
        }),
        case(h, || DeleteSecurityAccess::new(access(20, 3).id)),
        // key phones
        case(h, || GetKeyPhone::new(k())),
        case(h, || {
            UpdateKeyPhone::new(KeyPhoneUpdate::email(
                k(),
                access_core::model::EmailAddress::new("a@x.org").unwrap(),
                None,
            ))
            .unwrap()
        }),
        case(h, || ReRegisterKeyPhone::new(k())),
        // lock logs
        case(h, || {
            GetLockLogs::new(LockLogFilter::new(vec![lock()], vec![], start(), end()).unwrap())
                .unwrap()
        }),
        case(h, || {
            GetLockLogDataByTimestamp::new(start(), end()).unwrap()
        }),
        case(h, || {
            GetLockLogDataByGoingDates::new(start(), end()).unwrap()
        }),
        // locks
        case(h, ListLocks::new),
        case(h, || GetLock::new(lock())),
        case(h, || CanOrderLockRequest::new(lock())),
        case(h, || OrderLock::new(lock())),
        case(h, || {
            InsertLock::new(NewLock::new(
                LockType::S5Online,
                "Garage",
                ZoneId::new(id(9)),
            ))
            .unwrap()
        }),
        case(h, || {
            let read: Lock =
                serde_json::from_value(json!({"FLock_ID": lock(), "LockType": 4})).unwrap();
            UpdateLock::new(LockUpdate::from_read(&read))
        }),
        case(h, || DeleteLock::new(lock())),
        case(h, || GetLockOptions::new(lock())),
        case(h, || GetLockTimeLimits::new(lock(), AccessMode::Planned)),
        case(h, || {
            UpdateLockSecurityAccesses::new(lock(), vec![access(20, 3).id]).unwrap()
        }),
        case(h, ListZones::new),
        case(h, ListRealEstates::new),
        // time limits
        case(h, ListTimeLimitTitles::new),
        case(h, || GetTimeLimitTitle::new(TimeLimitTitleId::new(id(40)))),
        case(h, || GetKeyTimeLimits::new(k(), AccessMode::Planned)),
        case(h, || CanAddKeyTimeLimit::new(k(), slot()).unwrap()),
        case(h, || AddKeyTimeLimit::new(k(), slot()).unwrap()),
        case(h, || {
            DeleteKeyTimeLimit::new(k(), TimeLimitTitleId::new(id(40)))
        }),
        case(h, || InsertTimeLimitTitle::new(profile()).unwrap()),
        case(h, || UpdateTimeLimitTitle::new(profile()).unwrap()),
        case(h, || {
            CanDeleteTimeLimitTitleRequest::new(TimeLimitTitleId::new(id(40)))
        }),
        case(h, || {
            DeleteTimeLimitTitle::new(TimeLimitTitleId::new(id(40)))
        }),
        case(h, || GetTimeLimitData::new(TimeLimitTitleId::new(id(40)))),
        case(h, || {
            GetKeyTimeLimit::new(k(), TimeLimitTitleId::new(id(40)))
        }),
        case(h, || {
            UpdateKeyTimeLimit::new(k(), TimeLimitTitleId::new(id(40)), slot()).unwrap()
        }),
        case(h, || CanAddKeyTimeLimitObsolete::new(k(), slot()).unwrap()),
        // blocklist
        case(h, GetBlocklist::new),
        case(h, || CanAddKeyToBlocklist::new(k())),
        case(h, || AddKeyToBlocklist::new(k())),
        case(h, || CanRemoveKeyFromBlocklist::new(k())),
        case(h, || RemoveKeyFromBlocklist::new(k())),
        case(h, CanOrderBlocklistRequest::new),
        case(h, OrderBlocklist::new),
        // webhooks
        case(h, ListWebhookEvents::new),
        case(h, ListSubscriptions::new),
        case(h, || GetSubscription::new(subscription().id)),
        case(h, || AddSubscription::new(subscription()).unwrap()),
        case(h, || UpdateSubscription::new(subscription()).unwrap()),
        case(h, || DeleteSubscription::new(subscription().id)),
        // calendars
        case(h, ListCalendarDataTitles::new),
        case(h, || GetCalendarDataTitle::new(calendar())),
        case(h, || {
            InsertCalendarDataTitle::new(RealEstateId::new(Uuid::nil()), ZoneId::new(id(9)), 0)
                .name("Lobby")
        }),
        case(h, || {
            UpdateCalendarDataTitle::new(
                calendar(),
                RealEstateId::new(Uuid::nil()),
                ZoneId::new(id(9)),
                0,
            )
        }),
        case(h, || DeleteCalendarDataTitle::new(calendar())),
        case(h, || GetCalendarDatasOfTitle::new(calendar())),
        case(h, || GetCalendarData::new(cdata())),
        case(h, || InsertCalendarDatas::new(calendar_set()).unwrap()),
        case(h, || UpdateCalendarDatas::new(calendar_set()).unwrap()),
        case(h, || DeleteCalendarData::new(cdata())),
        case(h, || GetCalendarDataSecurityRoleLinks::new(cdata())),
        case(h, || GetSecurityRoleCalendarDataLinks::new(role())),
        case(h, || {
            InsertCalendarDataSecurityRoleLinks::new(cdata(), vec![role()]).unwrap()
        }),
        case(h, || {
            SetCalendarDataSecurityRoleLinks::new(cdata(), vec![role()])
        }),
        case(h, || {
            DeleteCalendarDataSecurityRoleLinks::new(cdata(), vec![role()]).unwrap()
        }),
        case(h, || GetCalendarRelayLinks::new(calendar())),
        case(h, || GetRelayCalendarLinks::new(relay())),
        case(h, || SetCalendarRelayLinks::new(calendar(), vec![relay()])),
        // network modules
        case(h, ListNetworkModules::new),
        case(h, || GetNetworkModule::new(module())),
        case(h, || GetNetworkModuleDevicesOfModule::new(module())),
        case(h, || GetRelaysOfNetworkModule::new(module())),
        case(h, ListNetworkModuleDevices::new),
        case(h, || GetNetworkModuleDevice::new(device())),
        case(h, || GetRelaysOfNetworkModuleDevice::new(device())),
        case(h, || GetNetworkModuleDeviceRelay::new(relay())),
        case(h, ListPendingPayloadSubscriptions::new),
        case(h, ListPendingEventSubscriptions::new),
        case(h, || {
            GetSubscriptionPayloads::new(subscription().id, EventState::FAILED)
        }),
        case(h, || GetSubscriptionPendingEvents::new(subscription().id)),
    ]
}

/// A session's first request is `Url/GetUrl`, whose answer names the pool the
/// login goes to: a pool off the service's domain is refused before the password
/// is sent (issue 16, class 5).
const POOL_REFUSED: Expected = Expected::Error {
    kind: access_core::ErrorKind::Auth,
    retryable: false,
    sent: false,
};

fn off_domain(h: &Hostility) -> bool {
    matches!(h, Hostility::OffDomainUrl(_))
}

/// The client's session flows: the pool URL, the session and the lock group are
/// set up on first use, and logout kills the session.
pub fn session_cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    let (a, b) = (http.clone(), http);
    vec![
        Case::flow(
            "client: GetUrl, CreateSession, LockGroups, SetLockgroup (login)",
            EndpointKind::JsonObject,
            false,
            move |uri, s| {
                let client = client(&uri, &s, a.as_ref());
                async move { client.login().await }
            },
        )
        .expecting(off_domain, POOL_REFUSED),
        Case::flow(
            "client: login on first use, then GET /api/v2/Persons",
            EndpointKind::JsonList,
            false,
            move |uri, s| {
                let client = client(&uri, &s, b.as_ref());
                async move { client.send(&ListPersons::new()).await }
            },
        )
        .expecting(off_domain, POOL_REFUSED),
    ]
}
