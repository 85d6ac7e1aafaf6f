//! Serde round trips of the public models: whatever the SDK writes, it reads
//! back as the same value, and the wire form is stable across a round trip
//! (unknown enum values and unknown fields included).

#![cfg(feature = "testkit")]

use ef45_sdk::camera::{CameraMode, CameraSettings};
use ef45_sdk::faces::{Face, FaceSubId};
use ef45_sdk::logs::{EventType, LogEntry};
use ef45_sdk::model::{Ack, Page};
use ef45_sdk::subjects::Subject;
use ef45_sdk::users::{User, UserInfo};
use ef45_sdk::{EncounterId, UserUuid};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Writes, reads back and writes again: both wire forms must be equal.
fn stable<T: Serialize + DeserializeOwned>(value: &T) -> T {
    let first: Value = serde_json::to_value(value).unwrap();
    let back: T = serde_json::from_value(first.clone()).unwrap();
    let second = serde_json::to_value(&back).unwrap();
    assert_eq!(first, second, "the wire form changed across a round trip");
    back
}

fn user_id() -> impl Strategy<Value = UserUuid> {
    "[A-Za-z0-9_-]{1,36}".prop_map(|s| UserUuid::new(s).unwrap())
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z ]{0,19}"
}

fn face_sub_id() -> impl Strategy<Value = FaceSubId> {
    prop_oneof![
        Just(FaceSubId::Color),
        Just(FaceSubId::BlackWhite),
        Just(FaceSubId::ColorGlasses),
        Just(FaceSubId::BlackWhiteGlasses),
        Just(FaceSubId::ColorUpdated),
        Just(FaceSubId::BlackWhiteUpdated),
        (100i64..10_000).prop_map(FaceSubId::Unknown),
    ]
}

fn event_type() -> impl Strategy<Value = EventType> {
    prop_oneof![
        Just(EventType::Recognition),
        Just(EventType::UserData),
        "zz[a-z]{1,10}".prop_map(EventType::Unknown),
    ]
}

fn camera_mode() -> impl Strategy<Value = CameraMode> {
    prop_oneof![
        Just(CameraMode::Slave),
        "zz[A-Za-z]{1,10}".prop_map(CameraMode::Unknown),
    ]
}

fn subject() -> impl Strategy<Value = Subject> {
    (
        user_id(),
        text(),
        text(),
        proptest::option::of("[A-Za-z0-9+/]{4,40}"),
        any::<u32>(),
    )
        .prop_map(|(id, last, first, template, version)| {
            Subject::new(id, last, first)
                .unwrap()
                .templates(template.clone().or(Some("TA==".into())), template)
                .record_version(version)
        })
}

proptest! {
    #[test]
    fn subjects_round_trip(s in subject()) {
        prop_assert_eq!(stable(&s), s);
    }

    #[test]
    fn faces_round_trip(id in user_id(), sub in 0i64..=5, data in "[A-Za-z0-9+/]{4,40}") {
        let sub = FaceSubId::new(sub).unwrap();
        let face = Face::new(id, sub, data).unwrap();
        prop_assert_eq!(stable(&face), face);
    }

    #[test]
    fn open_enums_keep_unknown_values(sub in face_sub_id(), kind in event_type(), mode in camera_mode()) {
        prop_assert_eq!(stable(&sub), sub);
        prop_assert_eq!(stable(&kind), kind);
        prop_assert_eq!(stable(&mode), mode);
    }

    #[test]
    fn camera_settings_round_trip(mode in camera_mode(), serial in "[A-Z0-9]{1,16}", audio in any::<bool>()) {
        let settings = CameraSettings::mode(mode).serial_number(serial).audio(audio);
        prop_assert_eq!(stable(&settings), settings);
    }

    #[test]
    fn log_entries_and_pages_round_trip(
        entries in proptest::collection::vec((any::<i64>(), event_type()), 0..5),
        page in proptest::option::of(1u32..1000),
        size in proptest::option::of(1u32..1000),
        more in any::<bool>(),
        total in any::<u32>(),
    ) {
        let items: Vec<LogEntry> = entries.into_iter().map(|(id, t)| LogEntry::new(id, t)).collect();
        let p = Page::new(items, page, size, more, u64::from(total));
        prop_assert_eq!(stable(&p), p);
    }

    #[test]
    fn user_records_round_trip(s in subject(), id in user_id(), pin in "[0-9]{4,8}") {
        // UserInfo and User hold a PIN: compare the wire forms, not Debug.
        let info = UserInfo::new(id).pin(access_core::model::Pin::new(pin).unwrap());
        stable(&info);
        let user = User::new(s);
        stable(&user);
    }

    #[test]
    fn ids_and_acks_round_trip(id in user_id(), encounter in "[A-Za-z0-9-]{1,30}") {
        prop_assert_eq!(stable(&id), id);
        let e = EncounterId::new(encounter).unwrap();
        prop_assert_eq!(stable(&e), e);
        let ack = Ack::default();
        prop_assert_eq!(stable(&ack), ack);
    }
}

#[test]
fn unknown_fields_survive_where_kept() {
    // A face with a field this SDK does not know reads without error.
    let v = serde_json::json!({"user_uuid": "1", "sub_id": 1, "face_feature": "Rg==", "future_field": 7});
    let face: Face = serde_json::from_value(v).unwrap();
    assert_eq!(face.sub_id, FaceSubId::BlackWhite);
}
