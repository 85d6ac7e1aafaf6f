//! Serde round trips of the public models that go both ways: ids and open enums
//! (unknown values kept verbatim), and the UTC time the requests write.

use allthenticate_sdk::model::{
    DeviceStatus, EmailStatus, ResourceStatusText, ResourceType, UserTag, UtcTime,
};
use allthenticate_sdk::{ConfigId, EmailId, GroupId, MagicLinkId, OrgId, ResourceId, UserId};
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Writes, reads back and writes again: both wire forms must be equal.
fn stable<T: Serialize + DeserializeOwned>(value: &T) -> T {
    let first: Value = serde_json::to_value(value).unwrap();
    let back: T = serde_json::from_value(first.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), first);
    back
}

proptest! {
    #[test]
    fn ids_round_trip_as_bare_integers(n in any::<i64>()) {
        prop_assert_eq!(serde_json::to_value(EmailId::new(n)).unwrap(), json!(n));
        prop_assert_eq!(stable(&EmailId::new(n)), EmailId::new(n));
        prop_assert_eq!(stable(&UserId::new(n)), UserId::new(n));
        prop_assert_eq!(stable(&GroupId::new(n)), GroupId::new(n));
        prop_assert_eq!(stable(&ResourceId::new(n)), ResourceId::new(n));
        prop_assert_eq!(stable(&ConfigId::new(n)), ConfigId::new(n));
        prop_assert_eq!(stable(&MagicLinkId::new(n)), MagicLinkId::new(n));
        prop_assert_eq!(stable(&OrgId::new(n)), OrgId::new(n));
    }

    #[test]
    fn open_enums_keep_any_wire_value(s in "\\PC{0,24}") {
        // Known or not, the text the server sent is the text written back.
        let wire = json!(s);
        prop_assert_eq!(serde_json::to_value(serde_json::from_value::<ResourceType>(wire.clone()).unwrap()).unwrap(), wire.clone());
        prop_assert_eq!(serde_json::to_value(serde_json::from_value::<UserTag>(wire.clone()).unwrap()).unwrap(), wire.clone());
        prop_assert_eq!(serde_json::to_value(serde_json::from_value::<DeviceStatus>(wire.clone()).unwrap()).unwrap(), wire.clone());
        prop_assert_eq!(serde_json::to_value(serde_json::from_value::<EmailStatus>(wire.clone()).unwrap()).unwrap(), wire.clone());
        prop_assert_eq!(serde_json::to_value(serde_json::from_value::<ResourceStatusText>(wire.clone()).unwrap()).unwrap(), wire);
    }

    #[test]
    fn utc_times_are_written_as_they_parse(secs in 0i64..4_000_000_000) {
        let t = Utc.timestamp_opt(secs, 0).unwrap();
        let wire = serde_json::to_value(UtcTime::new(t)).unwrap();
        let text = wire.as_str().unwrap();
        prop_assert_eq!(UtcTime::parse(text).unwrap().to_utc(), t);
    }
}

#[test]
fn known_values_read_as_variants() {
    assert_eq!(stable(&ResourceType::Door), ResourceType::Door);
    assert_eq!(
        serde_json::from_value::<ResourceType>(json!("DOOR")).unwrap(),
        ResourceType::Door
    );
    assert_eq!(
        serde_json::from_value::<UserTag>(json!("SOMETHING_NEW")).unwrap(),
        UserTag::Unknown("SOMETHING_NEW".into())
    );
}
