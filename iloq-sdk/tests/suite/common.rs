//! The endpoint table the robustness and secret-hygiene tests share: one case
//! per documented iLOQ endpoint, built from the crate's public request types and
//! sent with the shared transport and a fixed session id, plus the client's own
//! session flows (URL resolution, login, lock group, logout).
#![allow(dead_code)]

use access_core::http::{Endpoint, Transport};
use access_core::testkit::StaticAuth;
use access_core::testkit::hostile::{CallSettings, Case, EndpointKind};
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
use secrecy::SecretString;
use serde_json::{Value, json};
use uuid::Uuid;

/// The session id the cases present (a secret: it authorises every call).
pub const SID: &str = "3f2b8a52-0c47-4e57-9f40-5d0f3c1e2a11";
pub const PASSWORD: &str = "pa55-w0rd-robust-secret";
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
    kind: EndpointKind,
    request: impl Fn() -> E + Send + Sync + 'static,
) -> Case
where
    E: Endpoint + 'static,
{
    let http = http.clone();
    Case::of::<E, _, _>(kind, move |uri, s| {
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

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 1, 0, 0, 0).unwrap()
}

fn end() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 2, 0, 0, 0).unwrap()
}

fn subscription() -> NewSubscription {
    NewSubscription::new(
        json!(3),
        "https://hooks.example.com/iloq",
        start(),
        start() + chrono::Duration::days(365),
    )
    .unwrap()
}

/// Every endpoint the crate defines, sent with the shared transport.
pub fn cases(http: Option<access_core::http::HttpClient>) -> Vec<Case> {
    use EndpointKind::*;
    let h = &http;
    vec![
        // session and utilities
        case(h, OptionalString, || {
            GetUrl::new(CustomerCode::new("CUST-1").unwrap())
        }),
        case(h, JsonObject, || {
            CreateSession::new(
                "agent",
                SecretString::from(PASSWORD),
                CustomerCode::new("CUST-1").unwrap(),
            )
            .unwrap()
        }),
        case(h, JsonList, ListLockGroups::new),
        case(h, JsonObject, || {
            SetLockgroup::new(LockGroupId::new(id(44)))
        }),
        case(h, EmptyBody, KillSession::new),
        case(h, JsonString, Test::new),
        case(h, JsonString, Version::new),
        case(h, JsonObject, GetConnectionSettings::new),
        case(h, JsonObject, || GenerateAccessToken::new(1)),
        // persons
        case(h, JsonList, ListPersons::new),
        case(h, JsonObject, || GetPerson::new(pid())),
        case(h, JsonList, || {
            GetPersonsByExternalIds::new(vec!["X1".into()]).unwrap()
        }),
        case(h, JsonObject, || {
            InsertPerson::new(person(), vec![ZoneId::new(id(9))]).unwrap()
        }),
        case(h, EmptyBody, || UpdatePerson::new(person()).unwrap()),
        case(h, JsonObject, || CanDeletePersonRequest::new(pid())),
        case(h, EmptyBody, || DeletePerson::new(pid())),
        case(h, JsonList, || GetPersonKeys::new(pid())),
        case(h, JsonList, || GetPersonRoles::new(pid())),
        case(h, JsonString, || GetNortecActivationCode::new(pid())),
        // keys
        case(h, JsonList, ListKeys::new),
        case(h, JsonObject, || GetKey::new(k())),
        case(h, JsonList, || {
            GetKeysByRomIds::new(vec!["R1".into()]).unwrap()
        }),
        case(h, JsonObject, || {
            InsertKey::new(NewKey::phone(pid(), "Phone").zones(vec![ZoneId::new(id(9))])).unwrap()
        }),
        case(h, EmptyBody, || UpdateKey::new(key()).unwrap()),
        case(h, JsonObject, || CanDeleteKeyRequest::new(k())),
        case(h, EmptyBody, || DeleteKey::new(k())),
        case(h, JsonObject, || CanOrderKeyRequest::new(k())),
        case(h, EmptyBody, || OrderKey::new(k())),
        case(h, JsonObject, || CanReturnKeyRequest::new(k())),
        case(h, EmptyBody, || ReturnKey::new(k())),
        case(h, JsonList, || GetKeyZones::new(k())),
        case(h, JsonObject, || CanUpdateMainZoneRequest::new(k())),
        case(h, EmptyBody, || {
            UpdateMainZone::new(k(), ZoneId::new(id(9)))
        }),
        case(h, JsonObject, || GetLocationReporting::new(k())),
        case(h, EmptyBody, || SetLocationReporting::new(k(), false)),
        // security accesses
        case(h, JsonList, ListSecurityAccesses::new),
        case(h, JsonObject, || {
            GetKeySecurityAccesses::new(k(), AccessMode::Planned)
        }),
        case(h, JsonObject, || {
            GetLockSecurityAccesses::new(lock(), AccessMode::Planned)
        }),
        case(h, JsonObject, || CanAddKeySecurityAccess::new(k())),
        case(h, EmptyBody, || {
            AddKeySecurityAccess::new(k(), access(20, 3)).unwrap()
        }),
        case(h, JsonObject, || {
            CanDeleteKeySecurityAccess::new(k(), access(20, 3).id)
        }),
        case(h, EmptyBody, || {
            DeleteKeySecurityAccess::new(k(), access(20, 3)).unwrap()
        }),
        case(h, EmptyBody, || {
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
        }),
        // key phones
        case(h, JsonObject, || GetKeyPhone::new(k())),
        case(h, EmptyBody, || {
            UpdateKeyPhone::new(KeyPhoneUpdate::email(
                k(),
                access_core::model::EmailAddress::new("a@x.org").unwrap(),
                None,
            ))
            .unwrap()
        }),
        case(h, EmptyBody, || ReRegisterKeyPhone::new(k())),
        // lock logs
        case(h, JsonObject, || {
            GetLockLogs::new(LockLogFilter::new(vec![lock()], vec![], start(), end()).unwrap())
                .unwrap()
        }),
        case(h, JsonObject, || {
            GetLockLogDataByTimestamp::new(start(), end()).unwrap()
        }),
        case(h, JsonObject, || {
            GetLockLogDataByGoingDates::new(start(), end()).unwrap()
        }),
        // locks
        case(h, JsonList, ListLocks::new),
        case(h, JsonObject, || GetLock::new(lock())),
        case(h, JsonObject, || CanOrderLockRequest::new(lock())),
        case(h, EmptyBody, || OrderLock::new(lock())),
        case(h, JsonList, ListZones::new),
        case(h, JsonList, ListRealEstates::new),
        // time limits
        case(h, JsonList, ListTimeLimitTitles::new),
        case(h, JsonObject, || {
            GetTimeLimitTitle::new(TimeLimitTitleId::new(id(40)))
        }),
        case(h, JsonObject, || {
            GetKeyTimeLimits::new(k(), AccessMode::Planned)
        }),
        case(h, JsonObject, || {
            CanAddKeyTimeLimit::new(k(), slot()).unwrap()
        }),
        case(h, EmptyBody, || AddKeyTimeLimit::new(k(), slot()).unwrap()),
        case(h, EmptyBody, || {
            DeleteKeyTimeLimit::new(k(), TimeLimitTitleId::new(id(40)))
        }),
        // blocklist
        case(h, JsonObject, GetBlocklist::new),
        case(h, JsonBool, || CanAddKeyToBlocklist::new(k())),
        case(h, EmptyBody, || AddKeyToBlocklist::new(k())),
        case(h, JsonBool, || CanRemoveKeyFromBlocklist::new(k())),
        case(h, EmptyBody, || RemoveKeyFromBlocklist::new(k())),
        case(h, JsonObject, CanOrderBlocklistRequest::new),
        case(h, EmptyBody, OrderBlocklist::new),
        // webhooks
        case(h, JsonList, ListWebhookEvents::new),
        case(h, JsonList, ListSubscriptions::new),
        case(h, JsonObject, || GetSubscription::new(subscription().id)),
        case(h, JsonObject, || {
            AddSubscription::new(subscription()).unwrap()
        }),
        case(h, EmptyBody, || {
            UpdateSubscription::new(subscription()).unwrap()
        }),
        case(h, EmptyBody, || DeleteSubscription::new(subscription().id)),
    ]
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
        ),
        Case::flow(
            "client: login on first use, then GET /api/v2/Persons",
            EndpointKind::JsonList,
            false,
            move |uri, s| {
                let client = client(&uri, &s, b.as_ref());
                async move { client.send(&ListPersons::new()).await }
            },
        ),
    ]
}
