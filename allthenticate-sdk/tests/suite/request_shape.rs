//! Request shape of every endpoint: exact method, path, query, headers and body,
//! with a catch-all that fails loudly on anything unexpected.

use access_core::model::{EmailAddress, HourRange, Weekday, WeeklySchedule};
use access_core::testkit::mount_catch_all;
use allthenticate_sdk::Client;
use allthenticate_sdk::SecretString;
use allthenticate_sdk::auth::KeyPlacement;
use allthenticate_sdk::groups::{CreateGroup, GroupRef, UpdateGroup};
use allthenticate_sdk::guest_links::CreateMagicLink;
use allthenticate_sdk::model::{LockStatus, OnlineStatus, ResourceType, Smartcard, UnlockTime};
use allthenticate_sdk::resources::{ListResources, MassLock, SetLockStatus};
use allthenticate_sdk::smartcards::ModifySmartcards;
use allthenticate_sdk::users::{Invite, ListUsers};
use allthenticate_sdk::{ConfigId, EmailId, GroupId, ResourceId};
use chrono::{TimeZone, Utc};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "test-key-5f1e";

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SecretString::from(KEY))
        .build()
        .unwrap();
    (server, client)
}

fn email(s: &str) -> EmailAddress {
    EmailAddress::new(s).unwrap()
}

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn get_multipleusers() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/multipleusers"))
        .and(query_param("api_key", KEY))
        .and(query_param("email", "true"))
        .and(query_param("user_tag", "GUEST"))
        .and(header("accept", "application/json"))
        .respond_with(ok(json!([{
            "ad_status": "ACTIVE", "active_date": "2020-03-20 01:30:34",
            "confirmed": "2020-03-20 01:30:16", "created": "2020-03-20 01:30:05",
            "device_added": "2023-01-23 23:46:35", "email": "joe@developer.com",
            "email_id": 1, "email_status": "CONFIRMED", "first_name": "Chad",
            "groups": [["Employees"]], "last_name": "Spensky", "name": "Joe Developer",
            "user_id": 1, "username": "cspensky", "unique_id": "u-1", "favourite": 3
        }])))
        .expect(1)
        .mount(&server)
        .await;
    let users = client.send(&ListUsers::guests().email(true)).await.unwrap();
    assert_eq!(users.len(), 1);
    let u = &users[0];
    assert_eq!(u.email_id, Some(EmailId::new(1)));
    assert_eq!(u.group_names().collect::<Vec<_>>(), ["Employees"]);
    assert_eq!(
        u.created.unwrap().to_string(),
        "2020-03-20 01:30:05".to_string()
    );
    assert_eq!(u.extra["favourite"], json!(3));
    // Without filters no query but the key.
    Mock::given(method("GET"))
        .and(path("/multipleusers"))
        .and(query_param("api_key", KEY))
        .and(query_param_is_missing("user_tag"))
        .and(query_param_is_missing("email"))
        .respond_with(ok(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    assert!(
        client
            .users()
            .list(ListUsers::new())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn post_invites() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/invites"))
        .and(query_param_is_missing("api_key"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "api_key": KEY,
            "emails": ["a@x.example", "b@x.example"],
            "smartcards": [[{"number": "42", "label": "Badge"}], []],
            "groups": [{"id": 1, "name": "Employees"}],
            "no_email": true
        })))
        .respond_with(ok(json!({
            "success": "Success! All members have been invited to join your organization.",
            "added": ["a@x.example"], "invited": [], "exists": ["b@x.example"],
            "invalid": [], "failed_invite": null, "add_ids": [5, "2"],
            "group_names": ["Employees"], "send_email": false
        })))
        .expect(1)
        .mount(&server)
        .await;
    let invite = Invite::new([email("a@x.example"), email("b@x.example")])
        .unwrap()
        .smartcards(vec![
            vec![Smartcard::new("42").unwrap().label("Badge")],
            vec![],
        ])
        .group(GroupRef::new(GroupId::new(1), "Employees"))
        .no_email(true);
    let r = client.users().invite(invite).await.unwrap();
    assert_eq!(r.added, ["a@x.example"]);
    assert_eq!(r.exists, ["b@x.example"]);
    assert_eq!(r.add_ids, [EmailId::new(5), EmailId::new(2)]);
    assert!(r.failed_invite.is_empty());
    assert_eq!(r.send_email, Some(false));
}

#[tokio::test]
async fn post_groups() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/groups"))
        .and(body_json(json!({
            "api_key": KEY, "type": "resources", "name": "Front doors",
            "add_ids": [203, 204], "resource_type": "DOOR"
        })))
        .respond_with(ok(
            json!({"success": "Group has been successfully created!", "group_id": 2}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let req = CreateGroup::resources("Front doors", [ResourceId::new(203), ResourceId::new(204)])
        .unwrap()
        .resource_type(ResourceType::Door);
    let g = client.groups().create(req).await.unwrap();
    assert_eq!(g.group_id, GroupId::new(2));
    // The client remembers it for the access-core traits.
    assert!(
        client
            .groups()
            .known()
            .contains(&GroupRef::new(GroupId::new(2), "Front doors"))
    );

    Mock::given(method("POST"))
        .and(path("/groups"))
        .and(body_json(json!({
            "api_key": KEY, "type": "users", "name": "Night shift", "add_ids": [1]
        })))
        .respond_with(ok(
            json!({"success": "Group has been successfully created!", "group_id": 9}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let req = CreateGroup::users("Night shift", [EmailId::new(1)]).unwrap();
    assert_eq!(client.send(&req).await.unwrap().group_id, GroupId::new(9));
}

#[tokio::test]
async fn put_groups() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/groups"))
        .and(body_json(json!({
            "api_key": KEY, "type": "users", "group_id": 3, "add_ids": [4, 5], "del_ids": [1]
        })))
        .respond_with(ok(
            json!({"success": "Group has been successfully updated!"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let req = UpdateGroup::users(
        GroupId::new(3),
        [EmailId::new(4), EmailId::new(5)],
        [EmailId::new(1)],
    )
    .unwrap();
    let r = client.groups().update(req).await.unwrap();
    assert_eq!(r.message, "Group has been successfully updated!");
}

#[tokio::test]
async fn put_modifysmartcards() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/modifysmartcards"))
        .and(body_json(json!({
            "api_key": KEY,
            "email_id": 7,
            "smartcards": "[{\"number\":\"123456\",\"label\":\"Badge\"},{\"number\":\"4321\"}]",
            "allow_duplicates": false
        })))
        .respond_with(ok(json!({"success": "ok"})))
        .expect(1)
        .mount(&server)
        .await;
    let req = ModifySmartcards::new(
        EmailId::new(7),
        [
            Smartcard::new("123456").unwrap().label("Badge"),
            Smartcard::new("4321").unwrap(),
        ],
    )
    .unwrap()
    .allow_duplicates(false);
    client.smartcards().assign(req).await.unwrap();
}

#[tokio::test]
async fn post_magiclinkadmin() {
    let (server, client) = setup().await;
    let token = "WufGylsf1w0ZFZfYAw8_ziK3KxDOYQ16IPLwgSpFg9WjJzQZF";
    Mock::given(method("POST"))
        .and(path("/magiclinkadmin"))
        .and(body_json(json!({
            "api_key": KEY,
            "email_list": ["guest@x.example"],
            "resource_id_list": [203],
            "start_time": "2026-03-02 08:00:00",
            "end_time": "2026-03-06 18:30:00",
            "name": "Contractor week",
            "send_email": false,
            "config_id": 4,
            "smartcards": [{"number": "99", "label": "Temp"}],
            "allow_duplicates": true,
            "time_mapping": [[], [[9, 12], [13, 17]], [[9, 17]], [[9, 17]], [[9, 17]], [[9, 17]], []]
        })))
        .respond_with(ok(json!({
            "success": "Successfully created a new temporary policy and magic link.",
            "magic_token": token,
            "email_ids": {"guest@x.example": 12},
            "config_id": 4,
            "magic_link_id": 31
        })))
        .expect(1)
        .mount(&server)
        .await;
    let schedule = WeeklySchedule::workdays(9, 17)
        .unwrap()
        .with_day(
            Weekday::Monday,
            vec![
                HourRange::new(9, 12).unwrap(),
                HourRange::new(13, 17).unwrap(),
            ],
        )
        .unwrap();
    let req = CreateMagicLink::new(
        [email("guest@x.example")],
        [ResourceId::new(203)],
        "Contractor week",
        Utc.with_ymd_and_hms(2026, 3, 6, 18, 30, 0).unwrap(),
    )
    .unwrap()
    .start_time(Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap())
    .send_email(false)
    .config_id(ConfigId::new(4))
    .smartcards(vec![Smartcard::new("99").unwrap().label("Temp")])
    .allow_duplicates(true)
    .time_mapping(schedule);
    let link = client.guest_links().create(req).await.unwrap();
    assert_eq!(link.expose_token(), Some(token));
    assert_eq!(link.email_ids["guest@x.example"], EmailId::new(12));
    assert_eq!(link.magic_link_id.unwrap().as_i64(), 31);
    assert!(!format!("{link:?}").contains(token));
}

#[tokio::test]
async fn post_setlockstatus() {
    let (server, client) = setup().await;
    let uuid = "750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0";
    Mock::given(method("POST"))
        .and(path("/setlockstatus"))
        .and(body_json(json!({
            "api_key": KEY, "uuid": uuid, "lock_state": false, "unlock_time": 15
        })))
        .respond_with(ok(json!({"success": "Door unlocked"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/setlockstatus"))
        .and(body_json(
            json!({"api_key": KEY, "uuid": uuid, "lock_state": true}),
        ))
        .respond_with(ok(json!({"success": "Door locked"})))
        .expect(1)
        .mount(&server)
        .await;
    let id = SetLockStatus::parse_uuid(uuid).unwrap();
    let unlock = SetLockStatus::unlock_for(id, UnlockTime::seconds(15).unwrap());
    assert_eq!(
        client
            .resources()
            .set_lock_status(unlock)
            .await
            .unwrap()
            .message,
        "Door unlocked"
    );
    client
        .resources()
        .set_lock_status(SetLockStatus::lock(id))
        .await
        .unwrap();
}

#[tokio::test]
async fn post_masslock() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/masslock"))
        .and(body_json(json!({
            "api_key": KEY, "lock_state": true, "force_lock": true, "lock_wait": 0
        })))
        .respond_with(ok(json!({"success": "All doors locked"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/masslock"))
        .and(body_json(json!({
            "api_key": KEY, "lock_state": false, "group_id": 2, "unlock_time": 30
        })))
        .respond_with(ok(json!({"success": "Group unlocked"})))
        .expect(1)
        .mount(&server)
        .await;
    client
        .resources()
        .mass_lock(MassLock::lock_all().force_lock(true).lock_wait(0))
        .await
        .unwrap();
    client
        .resources()
        .mass_lock(
            MassLock::unlock_all()
                .group_id(GroupId::new(2))
                .unlock_time(UnlockTime::seconds(30).unwrap()),
        )
        .await
        .unwrap();
}

/// Allthenticate pages nothing: a list is one request (`expect(1)`).
#[tokio::test]
async fn get_multipleresources() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/multipleresources"))
        .and(query_param("api_key", KEY))
        .and(query_param("type", "DOOR"))
        .respond_with(ok(json!([{
            "groups": [["Doors"]], "name": "Downstairs Door", "org_id": 7,
            "policies": [["Guest Policy"]], "public_key": "-----BEGIN CERTIFICATE-----",
            "resource_id": 203, "resource_status_id": 1360, "resource_subtype": null,
            "resource_type": "DOOR", "resource_info": {},
            "resource_status": {"lock_status": true, "online_status": 1},
            "seen": "2021-12-05 10:08:05", "status": "ACTIVE", "unique_id": 203,
            "updated": "2021-12-01 09:00:00", "uuid": "750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0"
        }, {
            "name": "Garage", "resource_type": "GATE", "resource_status": {"lock_status": "JAMMED"}
        }])))
        .expect(1)
        .mount(&server)
        .await;
    let list = client.send(&ListResources::doors()).await.unwrap();
    assert!(list[0].is_door());
    assert_eq!(list[0].lock_status(), Some(&LockStatus::Locked));
    assert_eq!(list[0].online_status(), Some(&OnlineStatus::Online));
    assert_eq!(
        list[1].resource_type,
        Some(ResourceType::Unknown("GATE".into()))
    );
    assert_eq!(
        list[1].lock_status(),
        Some(&LockStatus::Unknown("JAMMED".into()))
    );
    Mock::given(method("GET"))
        .and(path("/multipleresources"))
        .and(query_param("api_key", KEY))
        .and(query_param_is_missing("type"))
        .respond_with(ok(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    assert!(
        client
            .resources()
            .list(ListResources::new())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn key_placement_options() {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    // Header placement: nothing in query or body.
    Mock::given(method("POST"))
        .and(path("/masslock"))
        .and(header("x-api-key", KEY))
        .and(query_param_is_missing("api_key"))
        .and(body_json(json!({"lock_state": true})))
        .respond_with(ok(json!({"success": "ok"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SecretString::from(KEY))
        .key_placement(KeyPlacement::Header(
            access_core::http::HeaderName::from_static("x-api-key"),
        ))
        .build()
        .unwrap();
    client.send(&MassLock::lock_all()).await.unwrap();

    // Bearer placement on a GET.
    Mock::given(method("GET"))
        .and(path("/multipleresources"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(query_param_is_missing("api_key"))
        .respond_with(ok(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SecretString::from(KEY))
        .key_placement(KeyPlacement::Bearer)
        .build()
        .unwrap();
    client.resources().list(ListResources::new()).await.unwrap();

    // Query placement on a POST, with a custom parameter name.
    Mock::given(method("POST"))
        .and(path("/setlockstatus"))
        .and(query_param("key", KEY))
        .and(body_json(json!({
            "uuid": "750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0", "lock_state": true
        })))
        .respond_with(ok(json!({"success": "ok"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(SecretString::from(KEY))
        .key_placement(KeyPlacement::Query)
        .key_parameter("key")
        .build()
        .unwrap();
    let uuid = SetLockStatus::parse_uuid("750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0").unwrap();
    client.send(&SetLockStatus::lock(uuid)).await.unwrap();
}

#[tokio::test]
async fn base_url_with_path_prefix() {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/v1/multipleusers"))
        .respond_with(ok(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/api/v1/", server.uri()))
        .api_key(SecretString::from(KEY))
        .build()
        .unwrap();
    client.users().list(ListUsers::new()).await.unwrap();
}
