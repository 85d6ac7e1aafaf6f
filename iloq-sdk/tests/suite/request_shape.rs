//! Request shape of every endpoint: exact method, path, headers, query and
//! body, on wiremock with a catch-all that fails loudly.

use access_core::http::Endpoint;
use access_core::testkit::mount_catch_all;
use chrono::{NaiveDate, TimeZone, Utc};
use iloq_sdk::auth::*;
use iloq_sdk::auth::{ListLockGroups, Test, Version};
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
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SID: &str = "3f2b8a52-0c47-4e57-9f40-5d0f3c1e2a11";
const LG: &str = "9a1e6f44-1111-4222-8333-944455556666";
const PASSWORD: &str = "pa55-w0rd-secret";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0xabcd_0000_0000_4000_8000_0000_0000_0000 + n)
}

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/Url/GetUrl"))
        .and(body_json(json!({"CustomerCode": "CUST-1"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(""))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/CreateSession"))
        .and(body_json(json!({"UserName": "agent", "Password": PASSWORD, "CustomerCode": "CUST-1", "ApiKey": null, "ApiSecret": null})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Result": 0, "SessionID": SID})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/LockGroups"))
        .and(header("SessionId", SID))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{
            "LockGroup_ID": LG, "Customer_ID": id(1), "Name": "HQ", "OptionMask": 1 | 2048 | 16384, "State": 0,
            "AdapterVersion": 1, "TimeZoneStandardName": "W. Europe Standard Time"
        }])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/SetLockgroup"))
        .and(header("SessionId", SID))
        .and(body_json(json!({"LockGroup_ID": LG})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"RightsMask": 34359738368u64 | 1})),
        )
        .mount(&server)
        .await;
    mount_catch_all(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from(PASSWORD))
        .build()
        .unwrap();
    (server, client)
}

/// Mounts the expected request (exactly once), sends `e`, checks success.
#[allow(clippy::too_many_arguments)]
async fn check<E: Endpoint>(
    server: &MockServer,
    client: &Client,
    e: E,
    m: &str,
    p: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
    reply: ResponseTemplate,
) -> E::Output
where
    E::Error: std::fmt::Debug,
{
    let mut mock = Mock::given(method(m)).and(path(p));
    if E::AUTHENTICATED {
        mock = mock.and(header("SessionId", SID));
    }
    for (k, v) in query {
        mock = mock.and(query_param(*k, *v));
    }
    if let Some(b) = body {
        mock = mock.and(body_json(b));
    }
    let _guard = mock
        .respond_with(reply)
        .with_priority(1)
        .expect(1)
        .named(format!("{m} {p}"))
        .mount_as_scoped(server)
        .await;
    client
        .send(&e)
        .await
        .unwrap_or_else(|err| panic!("{m} {p}: {err:?}"))
}

fn json_reply(v: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(v)
}

fn void() -> ResponseTemplate {
    ResponseTemplate::new(204)
}

fn key_json(k: Uuid) -> Value {
    json!({"FNKey_ID": k, "Person_ID": null, "RealEstate_ID": Uuid::nil(), "KeyTypeMask": 264, "State": 0,
           "ProgrammingState": 1, "IsProgrammed": false, "ROM_ID": "R1", "Stamp": "1001", "TagKey": "", "StampSource": 0})
}

fn access(n: u128, t: i64) -> SecurityAccess {
    serde_json::from_value(json!({"SecurityAccess_ID": id(n), "Name": "A", "Type": t, "Status": 0}))
        .unwrap()
}

#[tokio::test]
async fn session_and_utility_endpoints() {
    let (s, c) = setup().await;
    assert_eq!(
        check(
            &s,
            &c,
            Test::new(),
            "GET",
            "/api/v2/Test",
            &[],
            None,
            json_reply(json!("Test OK"))
        )
        .await,
        "Test OK"
    );
    assert_eq!(
        check(
            &s,
            &c,
            Version::new(),
            "GET",
            "/api/v2/Version",
            &[],
            None,
            json_reply(json!("7.5.1"))
        )
        .await,
        "7.5.1"
    );
    c.login().await.unwrap();
    let groups = check(
        &s,
        &c,
        ListLockGroups::new(),
        "GET",
        "/api/v2/LockGroups",
        &[],
        None,
        json_reply(json!([{"LockGroup_ID": LG, "OptionMask": 3}])),
    )
    .await;
    assert_eq!(groups[0].options, LockGroupOptions::from_bits(3));
    let state = c.login().await.unwrap();
    assert_eq!(state.lock_group.id.to_string(), LG);
    assert!(state.rights.contains(RightsMask::ORDER_KEYS));
    // KillSession with the session header.
    let _g = Mock::given(method("GET"))
        .and(path("/api/v2/KillSession"))
        .and(header("SessionId", SID))
        .respond_with(void())
        .expect(1)
        .mount_as_scoped(&s)
        .await;
    c.logout().await.unwrap();
}

#[tokio::test]
async fn person_endpoints() {
    let (s, c) = setup().await;
    let pid = PersonId::new(id(5));
    let pjson = json!({"Person_ID": pid, "FirstName": "Ada", "LastName": "L", "PersonCode": "E1", "ExternalPersonId": "X1", "eMail": "a@x.org", "State": 0, "ExternalCanEdit": true});
    let list = check(
        &s,
        &c,
        ListPersons::new(),
        "GET",
        "/api/v2/Persons",
        &[],
        None,
        json_reply(json!([pjson])),
    )
    .await;
    assert_eq!(list[0].email.as_deref(), Some("a@x.org"));
    check(
        &s,
        &c,
        GetPerson::new(pid),
        "GET",
        &format!("/api/v2/Persons/{pid}"),
        &[],
        None,
        json_reply(pjson.clone()),
    )
    .await;
    check(
        &s,
        &c,
        GetPersonsByExternalIds::new(vec!["X1".into(), "X2".into()]).unwrap(),
        "GET",
        "/api/v2/Persons/GetByExternalPersonIds",
        &[("externalPersonIds", "X1"), ("externalPersonIds", "X2")],
        None,
        json_reply(json!([pjson])),
    )
    .await;
    let person: Person = serde_json::from_value(pjson.clone()).unwrap();
    let zone = ZoneId::new(id(9));
    check(
        &s,
        &c,
        InsertPerson::new(person.clone(), vec![zone]).unwrap(),
        "POST",
        "/api/v2/Persons",
        &[],
        Some(json!({"Person": serde_json::to_value(&person).unwrap(), "ZoneIds": [zone]})),
        json_reply(json!({"PersonIds": [pid]})),
    )
    .await;
    check(
        &s,
        &c,
        UpdatePerson::new(person.clone()).unwrap(),
        "PUT",
        "/api/v2/Persons",
        &[],
        Some(json!({"Person": serde_json::to_value(&person).unwrap()})),
        ResponseTemplate::new(200),
    )
    .await;
    let can = check(
        &s,
        &c,
        CanDeletePersonRequest::new(pid),
        "GET",
        &format!("/api/v2/Persons/{pid}/CanDelete"),
        &[],
        None,
        json_reply(json!(1)),
    )
    .await;
    assert_eq!(can, CanDeletePerson::HasActiveKeys);
    check(
        &s,
        &c,
        DeletePerson::new(pid),
        "DELETE",
        &format!("/api/v2/Persons/{pid}"),
        &[],
        None,
        void(),
    )
    .await;
    let keys = check(
        &s,
        &c,
        GetPersonKeys::new(pid),
        "GET",
        &format!("/api/v2/Persons/{pid}/Keys"),
        &[],
        None,
        json_reply(json!({"Keys": [key_json(id(7))]})),
    )
    .await;
    assert_eq!(keys.len(), 1);
    check(
        &s,
        &c,
        GetPersonRoles::new(pid),
        "GET",
        &format!("/api/v2/Persons/{pid}/PersonRoles"),
        &[],
        None,
        json_reply(json!([{"PersonRole_ID": id(8), "Name": "Staff"}])),
    )
    .await;
}

#[tokio::test]
async fn key_endpoints() {
    let (s, c) = setup().await;
    let k = KeyId::new(id(7));
    let kp = format!("/api/v2/Keys/{k}");
    check(
        &s,
        &c,
        ListKeys::new(),
        "GET",
        "/api/v2/Keys",
        &[],
        None,
        json_reply(json!([key_json(k.as_uuid())])),
    )
    .await;
    let key = check(
        &s,
        &c,
        GetKey::new(k),
        "GET",
        &kp,
        &[],
        None,
        json_reply(key_json(k.as_uuid())),
    )
    .await;
    assert_eq!(key.programming_state, ProgrammingState::Ordered);
    assert_eq!(key.key_type, KeyTypeMask::S5_KEY);
    check(
        &s,
        &c,
        GetKeysByRomIds::new(vec!["R1".into(), "R2".into()]).unwrap(),
        "GET",
        "/api/v2/Keys/GetByRomIds",
        &[("romIds", "R1"), ("romIds", "R2")],
        None,
        json_reply(json!([])),
    )
    .await;
    let person = PersonId::new(id(5));
    let new = NewKey::phone(person, "Phone").zones(vec![ZoneId::new(id(9))]);
    let new_id = new.id().unwrap();
    check(
        &s, &c, InsertKey::new(new).unwrap(), "POST", "/api/v2/Keys", &[],
        Some(json!({
            "Key": {"FNKey_ID": new_id, "KeyTypeMask": 6, "Description": "Phone", "Person_ID": person,
                    "ManufacturingInfo": "", "OnlineAccessCode": "", "ROM_ID": "", "Stamp": "", "TagKey": ""},
            "SecurityAccessIds": [], "ZoneIds": [id(9)], "TimeLimitSlots": [], "OfflineExpirationSeconds": 0
        })),
        json_reply(key_json(new_id.as_uuid())),
    ).await;
    check(
        &s,
        &c,
        UpdateKey::new(key.clone()).unwrap(),
        "PUT",
        "/api/v2/Keys",
        &[("updateVersionCode", "false")],
        Some(json!({"Key": serde_json::to_value(&key).unwrap()})),
        void(),
    )
    .await;
    assert_eq!(
        check(
            &s,
            &c,
            CanDeleteKeyRequest::new(k),
            "GET",
            &format!("{kp}/CanDelete"),
            &[],
            None,
            json_reply(json!(1))
        )
        .await,
        CanDeleteKey::AlreadyProgrammed
    );
    check(&s, &c, DeleteKey::new(k), "DELETE", &kp, &[], None, void()).await;
    assert_eq!(
        check(
            &s,
            &c,
            CanOrderKeyRequest::new(k),
            "GET",
            &format!("{kp}/CanOrder"),
            &[],
            None,
            json_reply(json!(12))
        )
        .await,
        CanOrderKey::MainZoneNotSet
    );
    check(
        &s,
        &c,
        OrderKey::new(k),
        "POST",
        &format!("{kp}/Order"),
        &[],
        None,
        void(),
    )
    .await;
    assert_eq!(
        check(
            &s,
            &c,
            CanReturnKeyRequest::new(k),
            "GET",
            &format!("{kp}/CanReturn"),
            &[],
            None,
            json_reply(json!(2))
        )
        .await,
        CanReturnKey::NotPhoneOrRfid
    );
    check(
        &s,
        &c,
        ReturnKey::new(k),
        "POST",
        &format!("{kp}/Return"),
        &[],
        None,
        void(),
    )
    .await;
    let zones = check(
        &s,
        &c,
        GetKeyZones::new(k),
        "GET",
        &format!("{kp}/Zones"),
        &[],
        None,
        json_reply(json!({"MainZone": id(9), "OutsideUserZoneCount": 0, "ZoneIds": [id(9)]})),
    )
    .await;
    assert_eq!(zones.main_zone, Some(ZoneId::new(id(9))));
    assert_eq!(
        check(
            &s,
            &c,
            CanUpdateMainZoneRequest::new(k),
            "GET",
            &format!("{kp}/CanUpdateMainZone"),
            &[],
            None,
            json_reply(json!(0))
        )
        .await,
        CanUpdateMainZone::Ok
    );
    check(
        &s,
        &c,
        UpdateMainZone::new(k, ZoneId::new(id(9))),
        "PUT",
        &format!("{kp}/UpdateMainZone"),
        &[],
        Some(json!({"Zone_ID": id(9)})),
        void(),
    )
    .await;
}

#[tokio::test]
async fn security_access_endpoints() {
    let (s, c) = setup().await;
    let k = KeyId::new(id(7));
    let kp = format!("/api/v2/Keys/{k}/SecurityAccesses");
    let api = access(20, 3);
    let list = check(
        &s,
        &c,
        ListSecurityAccesses::new(),
        "GET",
        "/api/v2/SecurityAccesses",
        &[],
        None,
        json_reply(json!([serde_json::to_value(&api).unwrap()])),
    )
    .await;
    assert!(list[0].is_api_access());
    check(
        &s,
        &c,
        GetKeySecurityAccesses::new(k, AccessMode::Planned),
        "GET",
        &kp,
        &[("mode", "1")],
        None,
        json_reply(json!({"SecurityAccesses": [], "OutsideUserZonesCount": 0})),
    )
    .await;
    check(
        &s,
        &c,
        GetKeySecurityAccesses::new(k, AccessMode::LastProgrammed),
        "GET",
        &kp,
        &[("mode", "2")],
        None,
        json_reply(json!({"SecurityAccesses": []})),
    )
    .await;
    let lock = LockId::new(id(30));
    check(
        &s,
        &c,
        GetLockSecurityAccesses::new(lock, AccessMode::Planned),
        "GET",
        &format!("/api/v2/Locks/{lock}/SecurityAccesses"),
        &[("mode", "1")],
        None,
        json_reply(json!({})),
    )
    .await;
    assert_eq!(
        check(
            &s,
            &c,
            CanAddKeySecurityAccess::new(k),
            "GET",
            &format!("{kp}/CanAdd"),
            &[],
            None,
            json_reply(json!(1))
        )
        .await,
        CanAddSecurityAccess::Ok
    );
    check(
        &s,
        &c,
        AddKeySecurityAccess::new(k, api.clone()).unwrap(),
        "POST",
        &kp,
        &[],
        Some(json!({"SecurityAccess_ID": api.id})),
        void(),
    )
    .await;
    assert_eq!(
        check(
            &s,
            &c,
            CanDeleteKeySecurityAccess::new(k, api.id),
            "GET",
            &format!("{kp}/{}/CanDelete", api.id),
            &[],
            None,
            json_reply(json!(3))
        )
        .await,
        CanDeleteSecurityAccess::LinkMissing
    );
    check(
        &s,
        &c,
        DeleteKeySecurityAccess::new(k, api.clone()).unwrap(),
        "DELETE",
        &format!("{kp}/{}", api.id),
        &[],
        None,
        void(),
    )
    .await;
    let slot = KeyTimeLimitSlot::end_date(
        NaiveDate::from_ymd_opt(2026, 12, 31)
            .unwrap()
            .and_hms_opt(17, 45, 0)
            .unwrap(),
    )
    .unwrap();
    let replace = ReplaceAllKeyAccessesAndTimeSlots::checked(
        k,
        &[access(22, 1)],
        &[access(22, 1), api.clone()],
        vec![slot],
    )
    .unwrap();
    check(
        &s, &c, replace, "PUT", &kp, &[],
        Some(json!({"SecurityAccessIds": [id(20), id(22)], "TimeLimitSlots": [{"SlotNo": 1, "LimitDateLg": "2026-12-31T17:45:00",
            "TimeLimitTitle_ID": null, "TimeLimitTitleStartDateLg": null, "TimeLimitTitleEndDateLg": null, "TimeLimitData": [], "TimeZone_ID": null}]})),
        void(),
    ).await;
}

#[tokio::test]
async fn phone_key_endpoints() {
    let (s, c) = setup().await;
    let k = KeyId::new(id(7));
    let phone = check(&s, &c, GetKeyPhone::new(k), "GET", &format!("/api/v2/Keys/{k}/KeyPhone"), &[], None, json_reply(json!({"FNKey_ID": k, "PhoneNo": "+31612345678", "Email": null, "OptionMask": 2 | 64, "RequestTypeMask": 0}))).await;
    assert!(phone.options.contains(KeyPhoneOptions::REGISTERED));
    assert_eq!(phone.options.unknown_bits(), 64);
    let update = KeyPhoneUpdate::email(
        k,
        access_core::model::EmailAddress::new("a@x.org").unwrap(),
        None,
    );
    check(
        &s,
        &c,
        UpdateKeyPhone::new(update).unwrap(),
        "PUT",
        "/api/v2/KeyPhones",
        &[],
        Some(json!({"FNKey_ID": k, "PhoneNo": null, "Email": "a@x.org", "OptionMask": 8})),
        void(),
    )
    .await;
    check(
        &s,
        &c,
        ReRegisterKeyPhone::new(k),
        "POST",
        &format!("/api/v2/KeyPhones/{k}/ReRegister"),
        &[],
        None,
        void(),
    )
    .await;
}

#[tokio::test]
async fn lock_log_endpoints() {
    let (s, c) = setup().await;
    let lock = LockId::new(id(30));
    let start = Utc.with_ymd_and_hms(2025, 5, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2025, 5, 2, 0, 0, 0).unwrap();
    let filter = LockLogFilter::new(vec![lock], vec![], start, end)
        .unwrap()
        .type_mask(DeviceLogTypeMask::SUCCESSFUL_ACCESS);
    let page = check(
        &s, &c, GetLockLogs::new(filter).unwrap(), "POST", "/api/v2/LockLogs", &[],
        Some(json!({"FLockIds": [lock], "FNKeyIds": [], "GoingStartDateUtc": "2025-05-01T00:00:00Z", "GoingEndDateUtc": "2025-05-02T00:00:00Z", "TypeMask": 4})),
        json_reply(json!({"LockLogs": [{"DeviceLog_ID": id(40), "TypeMask": 2052, "GoingDateUtc": "2025-05-01T10:42:40.803Z", "ErrCode": 0, "LocationInfoMask": 0,
            "FLock": {"FlockId": lock, "GoingCounter": 3}, "FNKey": {"FNKeyId": id(7), "KeyId": 1, "KeyTypeMask": 264, "PersonName": "Ada L"}}], "TotalCount": 1})),
    ).await;
    assert!(
        page.logs[0]
            .type_mask
            .contains(DeviceLogTypeMask::FIVE_SERIES_KEY_ACCESS)
    );
    let window =
        json!({"StartDateUtc": "2025-05-01T00:00:00Z", "EndDateUtc": "2025-05-02T00:00:00Z"});
    let data = json!({"StartDateUtc": "2025-05-01T00:00:00Z", "EndDateUtc": "2025-05-02T00:00:00Z", "LockLogs": [{
        "DeviceLog_ID": id(41), "FLock_ID": lock, "FNKey_ID": null, "LockGroup_ID": LG, "AccessTypeMask": 1028, "ErrorCode": 0,
        "GoingDate": "2025-05-01T09:08:31.6653347Z", "TimestampUtc": "2021-04-27T14:54:06.747", "KeyId": 2}]});
    let page = check(
        &s,
        &c,
        GetLockLogDataByTimestamp::new(start, end).unwrap(),
        "POST",
        "/api/v2/LockLogs/GetLockLogDataByTimestamp",
        &[],
        Some(window.clone()),
        json_reply(data.clone()),
    )
    .await;
    assert_eq!(
        page.logs[0].timestamp,
        Utc.with_ymd_and_hms(2021, 4, 27, 14, 54, 6).unwrap() + chrono::Duration::milliseconds(747)
    );
    check(
        &s,
        &c,
        GetLockLogDataByGoingDates::new(start, end).unwrap(),
        "POST",
        "/api/v2/LockLogs/GetLockLogDataByGoingDates",
        &[],
        Some(window),
        json_reply(data),
    )
    .await;
}

#[tokio::test]
async fn lock_zone_time_limit_and_blocklist_endpoints() {
    let (s, c) = setup().await;
    let lock = LockId::new(id(30));
    let ljson = json!({"FLock_ID": lock, "RealEstate_Id": Uuid::nil(), "LockType": 4, "PhysicalState": 1, "LockingObject": "Front door", "SerialNumber": 5});
    let locks = check(
        &s,
        &c,
        ListLocks::new(),
        "GET",
        "/api/v2/Locks",
        &[],
        None,
        json_reply(json!([ljson])),
    )
    .await;
    assert_eq!(locks[0].lock_type, LockType::S5Online);
    check(
        &s,
        &c,
        GetLock::new(lock),
        "GET",
        &format!("/api/v2/Locks/{lock}"),
        &[],
        None,
        json_reply(ljson),
    )
    .await;
    check(
        &s,
        &c,
        CanOrderLockRequest::new(lock),
        "GET",
        &format!("/api/v2/Locks/{lock}/CanOrder"),
        &[],
        None,
        json_reply(json!(0)),
    )
    .await;
    check(
        &s,
        &c,
        OrderLock::new(lock),
        "POST",
        &format!("/api/v2/Locks/{lock}/Order"),
        &[],
        None,
        void(),
    )
    .await;
    let zones = check(
        &s,
        &c,
        ListZones::new(),
        "GET",
        "/api/v2/Zones",
        &[],
        None,
        json_reply(json!([{"Zone_ID": id(9), "Name": "Default", "Type": 4}])),
    )
    .await;
    assert_eq!(zones[0].zone_type, ZoneType::DefaultForKeysAndPersons);
    check(
        &s,
        &c,
        ListRealEstates::new(),
        "GET",
        "/api/v2/RealEstates",
        &[],
        None,
        json_reply(json!([{"RealEstate_ID": Uuid::nil(), "Name": "Root"}])),
    )
    .await;
    let t = TimeLimitTitleId::new(id(50));
    check(
        &s,
        &c,
        ListTimeLimitTitles::new(),
        "GET",
        "/api/v2/TimeLimitTitles",
        &[],
        None,
        json_reply(json!([{"TimeLimitTitle_ID": t, "Name": "Office"}])),
    )
    .await;
    check(
        &s,
        &c,
        GetTimeLimitTitle::new(t),
        "GET",
        &format!("/api/v2/TimeLimitTitles/{t}"),
        &[],
        None,
        json_reply(json!({"TimeLimitTitle_ID": t})),
    )
    .await;
    let k = KeyId::new(id(7));
    check(
        &s,
        &c,
        GetKeyTimeLimits::new(k, AccessMode::Planned),
        "GET",
        &format!("/api/v2/Keys/{k}/TimeLimitTitles"),
        &[("mode", "1")],
        None,
        json_reply(json!({})),
    )
    .await;
    let slot = KeyTimeLimitSlot::profile(
        2,
        vec![TimeLimitPeriod::new(TimeLimitPeriod::WEEKDAYS, (8, 0), (17, 30)).unwrap()],
    )
    .unwrap();
    let slot_json = json!({"SlotNo": 2, "LimitDateLg": null, "TimeLimitTitle_ID": null, "TimeLimitTitleStartDateLg": null, "TimeLimitTitleEndDateLg": null,
        "TimeLimitData": [{"WeekDayMask": 31, "StartTimeMS": 28800000, "EndTimeMS": 63000000}], "TimeZone_ID": null});
    let can = check(
        &s,
        &c,
        CanAddKeyTimeLimit::new(k, slot.clone()).unwrap(),
        "POST",
        &format!("/api/v2/Keys/{k}/TimeLimitTitles/CanAdd"),
        &[],
        Some(slot_json.clone()),
        json_reply(json!(7)),
    )
    .await;
    assert_eq!(can, CanAddTimeLimit::NotQuarterHour);
    check(
        &s,
        &c,
        AddKeyTimeLimit::new(k, slot).unwrap(),
        "POST",
        &format!("/api/v2/Keys/{k}/TimeLimitTitles"),
        &[],
        Some(slot_json),
        void(),
    )
    .await;
    check(
        &s,
        &c,
        DeleteKeyTimeLimit::new(k, t),
        "DELETE",
        &format!("/api/v2/Keys/{k}/TimeLimitTitles/{t}"),
        &[],
        None,
        void(),
    )
    .await;
    check(
        &s,
        &c,
        GetBlocklist::new(),
        "GET",
        "/api/v2/Blacklists",
        &[],
        None,
        json_reply(json!({"BlacklistItems": [], "OutsideUserZoneKeyCount": 0})),
    )
    .await;
    assert!(
        check(
            &s,
            &c,
            CanAddKeyToBlocklist::new(k),
            "GET",
            &format!("/api/v2/Blacklists/CanAddKey/{k}"),
            &[],
            None,
            json_reply(json!(true))
        )
        .await
    );
    check(
        &s,
        &c,
        AddKeyToBlocklist::new(k),
        "POST",
        &format!("/api/v2/Blacklists/AddKey/{k}"),
        &[],
        None,
        void(),
    )
    .await;
    assert!(
        !check(
            &s,
            &c,
            CanRemoveKeyFromBlocklist::new(k),
            "GET",
            &format!("/api/v2/Blacklists/CanRemoveKey/{k}"),
            &[],
            None,
            json_reply(json!(false))
        )
        .await
    );
    check(
        &s,
        &c,
        RemoveKeyFromBlocklist::new(k),
        "DELETE",
        &format!("/api/v2/Blacklists/RemoveKey/{k}"),
        &[],
        None,
        void(),
    )
    .await;
    assert_eq!(
        check(
            &s,
            &c,
            CanOrderBlocklistRequest::new(),
            "GET",
            "/api/v2/Blacklists/CanOrderS40Blacklist",
            &[],
            None,
            json_reply(json!(3))
        )
        .await,
        CanOrderBlocklist::TooManyItems
    );
    check(
        &s,
        &c,
        OrderBlocklist::new(),
        "POST",
        "/api/v2/Blacklists/OrderS40Blacklist",
        &[],
        None,
        void(),
    )
    .await;
}

#[tokio::test]
async fn webhook_endpoints() {
    let (s, c) = setup().await;
    check(
        &s,
        &c,
        ListWebhookEvents::new(),
        "GET",
        "/api/v2/Webhooks/Events",
        &[],
        None,
        json_reply(json!([{"Id": 3, "Name": "device_log_arrived"}])),
    )
    .await;
    check(
        &s,
        &c,
        ListSubscriptions::new(),
        "GET",
        "/api/v2/Webhooks/Subscriptions",
        &[],
        None,
        json_reply(json!([])),
    )
    .await;
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let sub = NewSubscription::new(
        json!(3),
        "https://hooks.example.com/iloq",
        start,
        start + chrono::Duration::days(365),
    )
    .unwrap();
    let sid = sub.id;
    let expected = json!({"SubscriptionId": sid, "WebhookEventId": 3, "TargetEndpointUri": "https://hooks.example.com/iloq",
        "StartDateUtc": "2025-01-01T00:00:00Z", "EndDateUtc": "2026-01-01T00:00:00Z"});
    let created = check(&s, &c, AddSubscription::new(sub.clone()).unwrap(), "POST", "/api/v2/Webhooks/Subscriptions", &[], Some(expected.clone()),
        json_reply(json!({"SubscriptionId": sid, "SignKey": "k3y-s3cret", "TargetEndpointUri": "https://hooks.example.com/iloq"}))).await;
    assert!(created.sign_key.is_some());
    assert!(!format!("{created:?}").contains("k3y-s3cret"));
    check(
        &s,
        &c,
        UpdateSubscription::new(sub).unwrap(),
        "PUT",
        "/api/v2/Webhooks/Subscriptions",
        &[],
        Some(expected),
        void(),
    )
    .await;
    check(
        &s,
        &c,
        GetSubscription::new(sid),
        "GET",
        &format!("/api/v2/Webhooks/Subscriptions/{sid}"),
        &[],
        None,
        json_reply(json!({"SubscriptionId": sid})),
    )
    .await;
    check(
        &s,
        &c,
        DeleteSubscription::new(sid),
        "DELETE",
        &format!("/api/v2/Webhooks/Subscriptions/{sid}"),
        &[],
        None,
        void(),
    )
    .await;
}

#[tokio::test]
async fn pool_url_with_trailing_slash_is_normalised_and_api_key_sent() {
    let server = MockServer::start().await;
    let pool = format!("{}/iloqwspool2/", server.uri());
    Mock::given(method("POST"))
        .and(path("/iloqws/api/v2/Url/GetUrl"))
        .and(header("x-api-key", "gw-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&pool))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/iloqwspool2/api/v2/CreateSession"))
        .and(header("x-api-key", "gw-key"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"Result": 1, "SessionID": SID})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/iloqwspool2/api/v2/LockGroups"))
        .and(header("SessionId", SID))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"LockGroup_ID": LG}, {"LockGroup_ID": id(2)}])),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/iloqwspool2/api/v2/SetLockgroup"))
        .and(body_json(json!({"LockGroup_ID": id(2)})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"RightsMask": 1})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/iloqwspool2/api/v2/Zones"))
        .and(header("SessionId", SID))
        .and(header("x-api-key", "gw-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    mount_catch_all(&server).await;
    let client = Client::builder()
        .base_url(format!("{}/iloqws", server.uri()))
        .customer_code("CUST-1")
        .credentials("agent", SecretString::from(PASSWORD))
        .lock_group(LockGroupId::new(id(2)))
        .api_key(SecretString::from("gw-key"))
        .build()
        .unwrap();
    assert!(client.zones().list().await.unwrap().is_empty());
    let state = client.login().await.unwrap();
    assert_eq!(state.base_url().as_str(), pool);
}

#[tokio::test]
async fn lock_group_settings_location_reporting_and_nortec() {
    let (s, c) = setup().await;
    let settings = check(&s, &c, iloq_sdk::auth::GetConnectionSettings::new(), "GET", "/api/v2/LockGroups/ConnectionSettings", &[], None,
        json_reply(json!({"SignalMessageServiceAddress": "https://m", "SignalRServiceAddress": "https://r"}))).await;
    assert_eq!(settings.signalr_service.as_deref(), Some("https://r"));
    let token = check(
        &s,
        &c,
        iloq_sdk::auth::GenerateAccessToken::new(1),
        "POST",
        "/api/v2/LockGroups/GenerateAccessToken",
        &[],
        Some(json!({"TypeMask": 1})),
        json_reply(json!({"AccessToken": "tok-secret"})),
    )
    .await;
    assert!(!format!("{token:?}").contains("tok-secret"));
    let k = KeyId::new(id(7));
    let lr = check(
        &s,
        &c,
        GetLocationReporting::new(k),
        "GET",
        &format!("/api/v2/Keys/{k}/LocationReporting"),
        &[],
        None,
        json_reply(json!({"LocationReportingInAuditTrail": true})),
    )
    .await;
    assert!(lr.in_audit_trail);
    check(
        &s,
        &c,
        SetLocationReporting::new(k, false),
        "PUT",
        &format!("/api/v2/Keys/{k}/LocationReporting"),
        &[],
        Some(json!({"LocationReportingInAuditTrail": false})),
        void(),
    )
    .await;
    let pid = PersonId::new(id(5));
    let code = check(
        &s,
        &c,
        GetNortecActivationCode::new(pid),
        "GET",
        &format!("/api/v2/Persons/{pid}/NortecActivationCode"),
        &[],
        None,
        json_reply(json!("ABC-123")),
    )
    .await;
    assert_eq!(code, "ABC-123");
}
