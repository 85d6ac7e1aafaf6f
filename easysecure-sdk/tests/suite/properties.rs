//! Property tests of the validators and the lenient parsers.

use access_core::http::{HeaderMap, Response};
use easysecure_sdk::auth::LoginError;
use easysecure_sdk::model::{
    LogEntry, LogText, TerminalKey, UserRecord, format_datetime, parse_datetime,
};
use easysecure_sdk::profile::picture_extension;
use easysecure_sdk::{UserId, WsAltUserId};
use proptest::prelude::*;
use serde_json::json;

proptest! {
    #[test]
    fn ws_alt_user_id_refuses_blank_and_keeps_the_rest(s in "\\PC{0,40}") {
        match WsAltUserId::new(s.clone()) {
            Ok(id) => {
                prop_assert!(!s.trim().is_empty());
                prop_assert_eq!(id.as_str(), s.as_str());
            }
            Err(e) => prop_assert_eq!(e.field, "wsAltUserId"),
        }
        prop_assert!(WsAltUserId::new(" ".repeat(s.len() % 5)).is_err());
    }

    #[test]
    fn user_ids_must_be_integers(s in "[0-9a-z ]{0,12}") {
        let ok = s.trim().parse::<u64>().ok().filter(|n| (1..=400_000_000).contains(n));
        prop_assert_eq!(s.parse::<UserId>().ok().map(|u| u.as_u64()), ok);
    }

    #[test]
    fn datetimes_round_trip(secs in 0i64..4_000_000_000) {
        let t = chrono::DateTime::from_timestamp(secs, 0).unwrap().naive_utc();
        prop_assert_eq!(parse_datetime(&format_datetime(&t)).unwrap(), Some(t));
        let iso = format!("{}Z", t.format("%Y-%m-%dT%H:%M:%S%.3f"));
        prop_assert_eq!(parse_datetime(&iso).unwrap(), Some(t));
        let date_only = t.format("%Y-%m-%d").to_string();
        prop_assert_eq!(parse_datetime(&date_only).unwrap().unwrap().date(), t.date());
    }

    #[test]
    fn datetime_parser_never_panics(s in "\\PC{0,30}") {
        let _ = parse_datetime(&s);
    }

    #[test]
    fn terminal_keys_keep_unknown_values(s in "[A-Z_ 0-9]{0,10}") {
        let k = TerminalKey::from_wire(&s);
        if let TerminalKey::Unknown(v) = &k {
            prop_assert_eq!(v, &s);
        } else {
            prop_assert_eq!(k.as_wire(), s.trim());
        }
        let t = LogText::from_wire(&s);
        prop_assert_eq!(t.as_wire().trim(), s.trim());
    }

    #[test]
    fn log_entries_accept_strings_or_numbers(id in 1i64..1_000_000_000, as_text in any::<bool>(), ok in any::<bool>()) {
        let scan = if as_text { json!(id.to_string()) } else { json!(id) };
        let success = if as_text { json!(if ok { "1" } else { "0" }) } else { json!(u8::from(ok)) };
        let e: LogEntry = serde_json::from_value(json!({"scanID": scan, "Success": success, "Time": "", "odd": [1]})).unwrap();
        prop_assert_eq!(e.scan_id, Some(id));
        prop_assert_eq!(e.success, Some(ok));
        prop_assert_eq!(e.time, None);
        prop_assert!(e.extra.contains_key("odd"));
    }

    #[test]
    fn user_groups_split_either_form(names in proptest::collection::vec("[A-Za-z][A-Za-z ]{0,8}[A-Za-z]", 0..5)) {
        let joined: UserRecord = serde_json::from_value(json!({"GroupS": names.join(";")})).unwrap();
        let listed: UserRecord = serde_json::from_value(json!({"GroupS": names})).unwrap();
        prop_assert_eq!(&joined.groups, &names);
        prop_assert_eq!(&listed.groups, &names);
    }

    #[test]
    fn picture_extensions(name in "[a-zA-Z0-9]{1,8}\\.[a-zA-Z]{1,5}") {
        let ext = name.rsplit('.').next().unwrap().to_ascii_lowercase();
        let supported = ["jpg", "jpeg", "png"].contains(&ext.as_str());
        prop_assert_eq!(picture_extension(&name).is_ok(), supported);
    }

    #[test]
    fn error_bodies_never_panic(status in 400u16..600, body in "\\PC{0,60}") {
        let r = Response::new(status, HeaderMap::new(), body.into_bytes());
        let _ = <LoginError as access_core::ServiceError>::from_response(&r);
    }

    #[test]
    fn error_code_may_be_text_or_number(numeric in any::<bool>()) {
        let code = if numeric { json!(404) } else { json!("404") };
        let body = serde_json::to_vec(&json!({"message": "Invalid Login Credentials", "url": "/admins/login", "code": code})).unwrap();
        let r = Response::new(404, HeaderMap::new(), body);
        let e = <LoginError as access_core::ServiceError>::from_response(&r).unwrap();
        let recognised = matches!(e, LoginError::InvalidLoginCredentials { .. });
        prop_assert!(recognised);
        let parsed = easysecure_sdk::error::EasySecureErrorBody::read(&r).unwrap();
        prop_assert_eq!(parsed.code_number(), Some(404));
    }
}
