//! Property tests of the validators and serde round trips of the model.

use access_core::model::*;
use chrono::NaiveDate;
use proptest::prelude::*;

fn overlaps(day: &[[u8; 2]]) -> bool {
    for (i, a) in day.iter().enumerate() {
        for b in &day[i + 1..] {
            if a[0] < b[1] && b[0] < a[1] {
                return true;
            }
        }
    }
    false
}

fn hash<T: std::hash::Hash>(v: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(v)
}

/// Card numbers in every form, drawn from few values so that equal cards meet.
fn card() -> impl Strategy<Value = CardNumber> {
    prop_oneof![
        (0u32..600).prop_map(|v| CardNumber::from_decimal(&v.to_string()).unwrap()),
        (0u32..600, 0usize..2)
            .prop_map(|(v, z)| CardNumber::new(format!("{}{v}", "0".repeat(z))).unwrap()),
        (0u32..600).prop_map(|v| {
            let hex = CardNumber::from_decimal(&v.to_string())
                .unwrap()
                .to_hex_pairs()
                .unwrap();
            CardNumber::from_hex_pairs(&format!("00 {hex}")).unwrap()
        }),
        (0u32..600).prop_map(|v| {
            let hex = CardNumber::from_decimal(&v.to_string())
                .unwrap()
                .to_hex_pairs()
                .unwrap();
            CardNumber::new(hex.to_ascii_lowercase()).unwrap()
        }),
        "[A-C][a-c0-2-]{0,3}".prop_map(|t| CardNumber::new(t).unwrap()),
    ]
}

fn range_ok(r: &[u8; 2]) -> bool {
    r[0] < r[1] && r[1] <= 24
}

proptest! {
    #[test]
    fn schedule_accepts_exactly_the_valid_weeks(days in proptest::collection::vec(
        proptest::collection::vec(any::<[u8; 2]>().prop_map(|[a, b]| [a % 27, b % 27]), 0..4), 0..9)) {
        let valid = days.len() == 7
            && days.iter().all(|d| d.iter().all(range_ok) && !overlaps(d));
        let parsed = WeeklySchedule::from_pairs(&days);
        prop_assert_eq!(parsed.is_ok(), valid, "{:?}", days);
        if let Ok(s) = parsed {
            // Serde round trip in the wire form, and every allowed hour is in a range.
            let json = serde_json::to_string(&s).unwrap();
            let back: WeeklySchedule = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &s);
            for (i, day) in Weekday::ALL.iter().enumerate() {
                for h in 0..24u8 {
                    prop_assert_eq!(s.allows(*day, h), days[i].iter().any(|r| r[0] <= h && h < r[1]));
                }
            }
        }
    }

    #[test]
    fn workdays_one_liner(start in 0u8..30, end in 0u8..30) {
        let s = WeeklySchedule::workdays(start, end);
        prop_assert_eq!(s.is_ok(), start < end && end <= 24);
        if let Ok(s) = s {
            prop_assert!(s.day(Weekday::Sunday).is_empty() && s.day(Weekday::Saturday).is_empty());
            prop_assert_eq!(s.day(Weekday::Wednesday).len(), 1);
        }
    }

    #[test]
    fn validity_requires_start_before_end(a in 0i64..100_000, b in 0i64..100_000, t in 0i64..100_000) {
        let base = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let at = |m: i64| base + chrono::Duration::minutes(m);
        let v = Validity::between(at(a), at(b));
        prop_assert_eq!(v.is_ok(), a < b);
        if let Ok(v) = v {
            prop_assert_eq!(v.contains(at(t)), a <= t && t < b);
            let back: Validity = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
            prop_assert_eq!(back, v);
        }
    }

    #[test]
    fn card_numbers_round_trip_between_hex_and_decimal(v in any::<u64>()) {
        let d = CardNumber::from_decimal(&v.to_string()).unwrap();
        let hex = d.to_hex_pairs().unwrap();
        let h = CardNumber::from_hex_pairs(&hex).unwrap();
        prop_assert_eq!(h.to_decimal().unwrap(), v.to_string());
    }

    #[test]
    fn a_card_is_the_same_card_in_every_form(v in any::<u64>(), zeros in 0usize..3) {
        let d = CardNumber::from_decimal(&v.to_string()).unwrap();
        let padded = CardNumber::from_decimal(&format!("{}{v}", "0".repeat(zeros))).unwrap();
        let h = CardNumber::from_hex_pairs(&d.to_hex_pairs().unwrap()).unwrap();
        let lower = CardNumber::new(d.to_hex_pairs().unwrap().to_ascii_lowercase()).unwrap();
        for other in [&padded, &h, &lower] {
            prop_assert_eq!(&d, other);
            prop_assert_eq!(hash(&d), hash(other));
            prop_assert_eq!(d.cmp(other), std::cmp::Ordering::Equal);
        }
        prop_assert_ne!(&d, &CardNumber::from_decimal(&(u128::from(v) + 1).to_string()).unwrap());
    }

    #[test]
    fn card_eq_hash_and_ord_agree(a in card(), b in card(), c in card()) {
        // Eq is what the number (or, for text, the text) says.
        let by_value = match (a.value(), b.value()) {
            (Some(x), Some(y)) => x == y,
            (None, None) => a.as_str() == b.as_str(),
            _ => false,
        };
        prop_assert_eq!(a == b, by_value, "{:?} {:?}", a, b);
        prop_assert_eq!(a == b, b == a);
        if a == b {
            prop_assert_eq!(hash(&a), hash(&b));
        }
        prop_assert_eq!(a.cmp(&b) == std::cmp::Ordering::Equal, a == b);
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.partial_cmp(&b), Some(a.cmp(&b)));
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        // Serde keeps the text, and so the card (a lone hex pair of digits aside:
        // its text reads as decimal, see CardNumber's docs).
        if !(a.as_str().len() == 2 && a.as_str().bytes().all(|x| x.is_ascii_digit())) {
            let back: CardNumber = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
            prop_assert_eq!(back.as_str(), a.as_str());
            prop_assert_eq!(&back, &a);
        }
    }

    #[test]
    fn phone_numbers_with_separators_normalise_to_e164(
        digits in "[1-9][0-9]{7,14}",
        cuts in proptest::collection::vec((1usize..15, 0usize..5), 0..5),
    ) {
        let mut written = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if let Some((_, sep)) = cuts.iter().find(|(at, _)| *at == i) {
                written.push_str([" ", "-", ".", "/", "  "][*sep]);
            }
            written.push(ch);
        }
        let p = PhoneNumber::new(format!("+{written}")).unwrap();
        prop_assert_eq!(p.as_str(), format!("+{digits}"));
        prop_assert_eq!(p, PhoneNumber::new(format!("+{digits}")).unwrap());
    }

    #[test]
    fn phone_numbers_follow_e164(digits in "[0-9]{1,18}") {
        let ok = (8..=15).contains(&digits.len()) && !digits.starts_with('0');
        prop_assert_eq!(PhoneNumber::new(format!("+{digits}")).is_ok(), ok);
        prop_assert!(PhoneNumber::new(digits).is_err());
    }

    #[test]
    fn external_ids_are_trimmed_and_non_empty(s in "\\PC{0,40}") {
        let ok = !s.trim().is_empty() && s.trim() == s;
        prop_assert_eq!(ExternalId::new(s.clone()).is_ok(), ok);
    }

    #[test]
    fn cursors_round_trip_as_text(v in "[a-z0-9]{1,10}", p in "\\PC{0,30}") {
        let c = EventCursor::new(v, p);
        let back: EventCursor = c.to_string().parse().unwrap();
        prop_assert_eq!(back, c);
    }
}

#[test]
fn model_types_round_trip_through_serde() {
    let person = Person::new(ExternalId::new("E-1001").unwrap(), "Anna", "de Vries")
        .unwrap()
        .with_email(EmailAddress::new("anna@example.com").unwrap())
        .with_phone(PhoneNumber::new("+31612345678").unwrap())
        .with_groups(["Staff", "Night shift"]);
    let back: Person = serde_json::from_str(&serde_json::to_string(&person).unwrap()).unwrap();
    assert_eq!(back, person);
    for c in [
        Credential::card(CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap()),
        Credential::pin(Pin::new("1234").unwrap()),
        Credential::licence_plate("AB-123-C").unwrap(),
        Credential::mobile_key(Some(PhoneNumber::new("+31612345678").unwrap()), None).unwrap(),
        Credential::physical_key("K-7").unwrap(),
        Credential::QrCode,
    ] {
        let back: Credential = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
    for s in [
        CredentialState::Active,
        CredentialState::Pending {
            stage: "Ordered".into(),
        },
        CredentialState::Revoked,
        CredentialState::Failed { reason: "x".into() },
    ] {
        let back: CredentialState =
            serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }
    assert!(
        serde_json::from_str::<WeeklySchedule>("[[[9,17]]]").is_err(),
        "6 days missing"
    );
    assert!(
        serde_json::from_str::<Validity>(
            r#"{"not_before":"2026-01-02T00:00:00","not_after":"2026-01-01T00:00:00"}"#
        )
        .is_err()
    );
    assert!(Credential::mobile_key(None, None).is_err());
}
