//! The endpoint table the robustness and secret-hygiene tests share: one case
//! per documented endpoint, built from the crate's public request types.
#![allow(dead_code)]

use access_core::model::{EmailAddress, WeeklySchedule};
use access_core::testkit::hostile::{CallSettings, Case};
use allthenticate_sdk::Client;
use allthenticate_sdk::SecretString;
use allthenticate_sdk::auth::KeyPlacement;
use allthenticate_sdk::groups::{CreateGroup, UpdateGroup};
use allthenticate_sdk::guest_links::CreateMagicLink;
use allthenticate_sdk::model::{Smartcard, UnlockTime};
use allthenticate_sdk::resources::{ListResources, MassLock, SetLockStatus};
use allthenticate_sdk::smartcards::ModifySmartcards;
use allthenticate_sdk::users::{Invite, ListUsers};
use allthenticate_sdk::{EmailId, GroupId, ResourceId};
use chrono::{TimeZone, Utc};

pub const KEY: &str = "key/+=&<>\"'%\\7c1e9a";
pub const LIMIT: usize = 64 * 1024;
/// The PIN the card-carrying cases assign (a secret: never in an error; a card
/// number is an identifier and may be named, see `errors.rs`).
pub const PIN: &str = "918273645546372819";
const DOOR: &str = "750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0";

pub fn client(
    uri: &str,
    s: &CallSettings,
    placement: &KeyPlacement,
    http: Option<&access_core::http::HttpClient>,
) -> Client {
    let mut builder = Client::builder();
    if let Some(http) = http {
        builder = builder.shared_http_client(http.clone());
    }
    builder
        .base_url(uri)
        .api_key(SecretString::from(KEY))
        .key_placement(placement.clone())
        .attempt_timeout(s.attempt_timeout)
        .retry(s.retry.clone())
        .max_response_bytes(s.max_response_bytes)
        .build()
        .unwrap()
}

/// One case per documented endpoint: `(request type, request)`; the answer kind
/// comes from the request type's output (`AnswerShape`). The
/// client is built before the timed part (building one loads TLS roots, which
/// blocks a thread for a while).
macro_rules! case {
    ($setup:expr, $ty:ty, $request:expr) => {
        Case::of::<$ty, _, _>({
            let (placement, http): (KeyPlacement, Option<access_core::http::HttpClient>) =
                $setup.clone();
            move |uri, s| {
                let client = client(&uri, &s, &placement, http.as_ref());
                async move {
                    let request: $ty = $request;
                    client.send(&request).await
                }
            }
        })
    };
}

fn email(s: &str) -> EmailAddress {
    EmailAddress::new(s).unwrap()
}

fn door() -> uuid::Uuid {
    SetLockStatus::parse_uuid(DOOR).unwrap()
}

/// Every endpoint the crate defines, with the key travelling as `placement` says,
/// on clients the SDK builds (`http: None`) or on a shared `access_core::http::HttpClient`.
pub fn cases_with(
    placement: &KeyPlacement,
    http: Option<access_core::http::HttpClient>,
) -> Vec<Case> {
    let setup = (placement.clone(), http);
    vec![
        case!(setup, ListUsers, ListUsers::new()),
        case!(
            setup,
            Invite,
            Invite::new([email("a@x.example")])
                .unwrap()
                .smartcards(vec![vec![Smartcard::pin(PIN).unwrap()]])
        ),
        case!(
            setup,
            CreateGroup,
            CreateGroup::users("Night shift", [EmailId::new(1)]).unwrap()
        ),
        case!(
            setup,
            UpdateGroup,
            UpdateGroup::users(GroupId::new(3), [EmailId::new(4)], [EmailId::new(1)]).unwrap()
        ),
        case!(
            setup,
            CreateMagicLink,
            CreateMagicLink::new(
                [email("guest@x.example")],
                [ResourceId::new(203)],
                "Robust",
                Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap(),
            )
            .unwrap()
            .time_mapping(WeeklySchedule::workdays(9, 17).unwrap())
            .smartcards(vec![Smartcard::pin(PIN).unwrap()])
        ),
        case!(setup, ListResources, ListResources::new()),
        case!(
            setup,
            SetLockStatus,
            SetLockStatus::unlock_for(door(), UnlockTime::seconds(10).unwrap())
        ),
        case!(setup, MassLock, MassLock::lock_all()),
        case!(
            setup,
            ModifySmartcards,
            ModifySmartcards::new(EmailId::new(7), [Smartcard::pin(PIN).unwrap()]).unwrap()
        ),
    ]
}

/// Every endpoint the crate defines, with the default key placement.
pub fn cases() -> Vec<Case> {
    cases_with(&KeyPlacement::default(), None)
}
