//! Property tests of the validators, the lenient date parser and the flag sets.

use chrono::{TimeZone, Utc};
use iloq_sdk::auth::*;
use iloq_sdk::dates::{format_utc, parse_utc};
use iloq_sdk::keys::*;
use iloq_sdk::lock_logs::*;
use iloq_sdk::persons::*;
use iloq_sdk::time_limits::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn dates_with_0_to_7_fraction_digits_with_or_without_z(
        secs in 0i64..4_000_000_000, digits in 0usize..=7, frac in 0u32..10_000_000, z in any::<bool>()
    ) {
        let base = Utc.timestamp_opt(secs, 0).unwrap();
        let frac_text = format!("{frac:07}")[..digits].to_string();
        let text = format!(
            "{}{}{}{}",
            base.format("%Y-%m-%dT%H:%M:%S"),
            if digits > 0 { "." } else { "" },
            frac_text,
            if z { "Z" } else { "" }
        );
        let parsed = parse_utc(&text).unwrap();
        let nanos: u32 = if digits == 0 { 0 } else { frac_text.parse::<u32>().unwrap() * 10u32.pow(9 - digits as u32) };
        prop_assert_eq!(parsed, base + chrono::Duration::nanoseconds(nanos as i64));
        prop_assert_eq!(parse_utc(&format_utc(&parsed)), Some(parsed));
    }

    #[test]
    fn parser_never_panics(s in ".{0,40}") {
        let _ = parse_utc(&s);
    }

    #[test]
    fn person_code_at_most_20_chars(code in "\\PC{0,30}") {
        let n = code.chars().count();
        prop_assert_eq!(Person::new(code).is_ok(), (1..=20).contains(&n));
    }

    #[test]
    fn customer_code_2_to_50_chars(code in "\\PC{0,60}") {
        let n = code.chars().count();
        prop_assert_eq!(CustomerCode::new(code).is_ok(), (2..=50).contains(&n));
    }

    #[test]
    fn time_limits_in_15_minute_steps(h1 in 0u32..24, m1 in 0u32..60, h2 in 0u32..25, m2 in 0u32..60, days in 0u8..=130) {
        let ok = TimeLimitPeriod::new(days, (h1, m1), (h2, m2)).is_ok();
        let start = h1 * 60 + m1;
        let end = h2 * 60 + m2;
        let expected = (1..=127).contains(&days) && m1 % 15 == 0 && m2 % 15 == 0 && end <= 24 * 60 && start < end;
        prop_assert_eq!(ok, expected);
    }

    #[test]
    fn flag_sets_keep_unknown_bits(bits in any::<u64>()) {
        let rights: RightsMask = serde_json::from_str(&bits.to_string()).unwrap();
        prop_assert_eq!(rights.bits(), bits);
        prop_assert_eq!(serde_json::to_string(&rights).unwrap(), bits.to_string());
        let t: KeyTypeMask = serde_json::from_str(&(bits as u32).to_string()).unwrap();
        prop_assert_eq!(t.bits(), bits as u32);
    }

    #[test]
    fn int_enums_keep_unknown_values(code in any::<i32>()) {
        let v: CanOrderKey = serde_json::from_str(&code.to_string()).unwrap();
        prop_assert_eq!(v.code(), code as i64);
        let s: ProgrammingState = serde_json::from_str(&format!("\"{code}\"")).unwrap();
        prop_assert_eq!(s.code(), code as i64);
    }
}

#[test]
fn key_type_combinations() {
    assert_eq!(KeyTypeMask::S5_KEY.bits(), 264);
    assert_eq!(KeyTypeMask::S50_FOB.bits(), 10);
    assert_eq!(KeyTypeMask::S50_PHONE.bits(), 6);
    assert!(KeyTypeMask::S50_PHONE.is_phone() && !KeyTypeMask::S5_KEY.is_phone());
    let mask = DeviceLogTypeMask::from_bits(2052);
    assert!(mask.contains(
        DeviceLogTypeMask::SUCCESSFUL_ACCESS | DeviceLogTypeMask::FIVE_SERIES_KEY_ACCESS
    ));
    assert_eq!(
        format!("{:?}", DeviceLogTypeMask::from_bits(12 | 1 << 30)),
        "DeviceLogTypeMask(1073741836 = SUCCESSFUL_ACCESS | CLOSING_REMINDER | 0x40000000)"
    );
}

#[test]
fn models_round_trip_and_keep_unknown_fields() {
    let key = serde_json::json!({"FNKey_ID": "10000000-0000-4000-8000-000000000064", "KeyTypeMask": 264 | 4096,
        "State": 9, "ProgrammingState": 3, "IsProgrammed": true, "Stamp": "1001", "NewField": {"x": 1},
        "ExpireDate": "2025-05-20T00:00:00"});
    let parsed: Key = serde_json::from_value(key).unwrap();
    assert_eq!(parsed.state, KeyState::Unknown(9));
    assert_eq!(parsed.key_type.unknown_bits(), 4096);
    assert_eq!(parsed.extra["NewField"]["x"], 1);
    let again: Key = serde_json::from_value(serde_json::to_value(&parsed).unwrap()).unwrap();
    assert_eq!(again, parsed);
    let person = Person::new("P-1")
        .unwrap()
        .name("Ada", "L")
        .email("a@x.org");
    let wire = serde_json::to_value(&person).unwrap();
    assert_eq!(wire["eMail"], "a@x.org");
    assert_eq!(wire["PersonCode"], "P-1");
    let back: Person = serde_json::from_value(wire).unwrap();
    assert_eq!(back, person);
}
