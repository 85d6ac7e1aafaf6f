//! Property tests of the schedule wire form and validation as the requests use
//! them, of the other validators, and of the lenient parsers.

use access_core::http::{Body, Endpoint};
use access_core::model::{EmailAddress, HourRange, Weekday, WeeklySchedule};
use allthenticate_sdk::ResourceId;
use allthenticate_sdk::guest_links::CreateMagicLink;
use allthenticate_sdk::model::{
    LockStatus, Smartcard, UnlockTime, UtcTime, lenient_id_list, lenient_string_list,
    parse_datetime, parse_lock_status, parse_online_status,
};
use allthenticate_sdk::users::Invite;
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};

fn body_of<E: Endpoint>(e: &E) -> Value {
    match e.body().unwrap() {
        Body::Json(b) => serde_json::from_slice(&b).unwrap(),
        other => panic!("expected a JSON body, got {other:?}"),
    }
}

fn guest() -> EmailAddress {
    EmailAddress::new("guest@x.example").unwrap()
}

fn end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap()
}

/// A valid day: sorted, disjoint ranges built from distinct cut points in 0..=24.
fn valid_day() -> impl Strategy<Value = Vec<[u8; 2]>> {
    proptest::collection::btree_set(0u8..=24, 0..=8).prop_map(|cuts| {
        let cuts: Vec<u8> = cuts.into_iter().collect();
        cuts.chunks_exact(2).map(|c| [c[0], c[1]]).collect()
    })
}

fn valid_week() -> impl Strategy<Value = Vec<Vec<[u8; 2]>>> {
    proptest::collection::vec(valid_day(), 7)
}

/// The documented rule, written independently of access-core.
fn rule_accepts(days: &[Vec<[u8; 2]>]) -> bool {
    days.len() == 7
        && days.iter().all(|day| {
            let mut d = day.clone();
            d.sort();
            d.iter().all(|[s, e]| s < e && *e <= 24) && d.windows(2).all(|w| w[1][0] >= w[0][1])
        })
}

proptest! {
    #[test]
    fn time_mapping_goes_on_the_wire_as_given(week in valid_week()) {
        let schedule = WeeklySchedule::from_pairs(&week).unwrap();
        let req = CreateMagicLink::new([guest()], [ResourceId::new(203)], "p", end())
            .unwrap()
            .time_mapping(schedule.clone());
        let body = body_of(&req);
        let wire = &body["time_mapping"];
        // 7 days, Sunday first, each a list of [start, end] pairs.
        prop_assert_eq!(wire.as_array().unwrap().len(), 7);
        prop_assert_eq!(wire, &json!(week));
        // And it reads back as the same schedule.
        let back: WeeklySchedule = serde_json::from_value(wire.clone()).unwrap();
        prop_assert_eq!(back, schedule);
    }

    #[test]
    fn schedule_validation_matches_the_documented_rule(
        days in proptest::collection::vec(
            proptest::collection::vec((0u8..=30, 0u8..=30).prop_map(|(a, b)| [a, b]), 0..4),
            5..=8,
        )
    ) {
        let accepted = WeeklySchedule::from_pairs(&days);
        prop_assert_eq!(accepted.is_ok(), rule_accepts(&days), "{:?}", days);
        if let Ok(s) = accepted {
            for (i, day) in Weekday::ALL.iter().enumerate() {
                for h in 0u8..24 {
                    let expected = days[i].iter().any(|[a, b]| *a <= h && h < *b);
                    prop_assert_eq!(s.allows(*day, h), expected);
                }
            }
            // What the request sends is the sorted form of the input.
            let mut sorted = days.clone();
            for d in &mut sorted { d.sort(); }
            prop_assert_eq!(s.to_pairs(), sorted);
        }
    }

    #[test]
    fn workdays_one_liner(start in 0u8..=24, stop in 0u8..=24) {
        match WeeklySchedule::workdays(start, stop) {
            Ok(s) => {
                prop_assert!(start < stop);
                let pairs = s.to_pairs();
                prop_assert!(pairs[0].is_empty() && pairs[6].is_empty());
                for d in &pairs[1..6] { prop_assert_eq!(d, &vec![[start, stop]]); }
            }
            Err(e) => {
                prop_assert!(start >= stop);
                prop_assert_eq!(e.field, "time_mapping");
            }
        }
    }

    #[test]
    fn magic_link_times_are_utc_seconds_and_ordered(a in 0i64..4_000_000_000, b in 0i64..4_000_000_000) {
        let start = Utc.timestamp_opt(a, 0).unwrap();
        let stop = Utc.timestamp_opt(b, 0).unwrap();
        let req = CreateMagicLink::new([guest()], [ResourceId::new(1)], "p", stop)
            .unwrap()
            .start_time(start);
        let req = req.validate().map(|()| req);
        prop_assert_eq!(req.is_ok(), a < b);
        if let Ok(req) = req {
            let body = body_of(&req);
            let s = body["start_time"].as_str().unwrap();
            let e = body["end_time"].as_str().unwrap();
            prop_assert_eq!(s.len(), 19);
            prop_assert_eq!(UtcTime::parse(s).unwrap().to_utc(), start);
            prop_assert_eq!(UtcTime::parse(e).unwrap().to_utc(), stop);
        }
    }

    #[test]
    fn utc_time_round_trips(secs in -2_000_000_000i64..8_000_000_000, nanos in 0u32..1_000_000_000) {
        let t = Utc.timestamp_opt(secs, nanos).unwrap();
        let text = UtcTime::new(t).to_string();
        let back = UtcTime::parse(&text).unwrap();
        prop_assert_eq!(back.to_utc().timestamp(), secs);
        prop_assert_eq!(parse_datetime(&text), Some(back.to_utc().naive_utc()));
    }

    #[test]
    fn unlock_time_is_any_positive_32_bit_second_count(
        secs in prop_oneof![0u64..200, 0u64..=u64::from(u32::MAX) + 10, Just(u64::MAX)]
    ) {
        let t = UnlockTime::seconds(secs);
        prop_assert_eq!(t.is_ok(), (1..=u64::from(u32::MAX)).contains(&secs));
        if let Ok(t) = t {
            prop_assert_eq!(u64::from(t.as_secs()), secs);
            prop_assert_eq!(t.as_duration().as_secs(), secs);
            prop_assert_eq!(serde_json::to_value(t).unwrap(), serde_json::json!(secs));
            // The /masslock range: the nearest end when outside it.
            let c = u64::from(t.clamped_to_mass_lock_range().as_secs());
            prop_assert_eq!(c, secs.clamp(5, 60));
            prop_assert_eq!(t.in_mass_lock_range(), (5..=60).contains(&secs));
        }
    }

    #[test]
    fn invite_cards_map_one_to_one(emails in 1usize..5, lists in 0usize..6) {
        let addrs: Vec<EmailAddress> = (0..emails)
            .map(|i| EmailAddress::new(format!("p{i}@x.example")).unwrap())
            .collect();
        let r = Invite::new(addrs).unwrap().smartcards(vec![Vec::new(); lists]);
        let r = r.validate().map(|()| r);
        prop_assert_eq!(r.is_ok(), emails == lists);
    }

    #[test]
    fn smartcard_numbers_are_integer_strings(n in "\\PC{0,40}") {
        let ok = !n.is_empty() && n.len() <= 38 && n.bytes().all(|b| b.is_ascii_digit());
        prop_assert_eq!(Smartcard::new(n.clone()).is_ok(), ok);
    }

    #[test]
    fn lenient_parsers_never_panic(s in "\\PC{0,30}", n in any::<i64>(), b in any::<bool>()) {
        let _ = parse_lock_status(&json!(s));
        let _ = parse_online_status(&json!(s));
        let _ = parse_datetime(&s);
        prop_assert_eq!(
            parse_lock_status(&json!(b)),
            if b { LockStatus::Locked } else { LockStatus::Unlocked }
        );
        prop_assert_eq!(lenient_id_list(Some(&json!([n, n.to_string()]))).unwrap(), vec![n, n]);
        prop_assert_eq!(lenient_string_list(Some(&json!([s.clone(), null]))), vec![s.clone()]);
        prop_assert_eq!(lenient_string_list(Some(&json!(s.clone()))), vec![s]);
        let object_id = json!([{"x": n}]);
        prop_assert!(lenient_id_list(Some(&object_id)).is_err());
    }
}

#[test]
fn documented_examples() {
    // 24/7
    assert_eq!(
        serde_json::to_value(WeeklySchedule::always()).unwrap(),
        json!([
            [[0, 24]],
            [[0, 24]],
            [[0, 24]],
            [[0, 24]],
            [[0, 24]],
            [[0, 24]],
            [[0, 24]]
        ])
    );
    // 9 to 5 work days
    assert_eq!(
        serde_json::to_value(WeeklySchedule::workdays(9, 17).unwrap()).unwrap(),
        json!([
            [],
            [[9, 17]],
            [[9, 17]],
            [[9, 17]],
            [[9, 17]],
            [[9, 17]],
            []
        ])
    );
    // 9 to noon and 1 pm to 5 pm
    let split = vec![
        HourRange::new(9, 12).unwrap(),
        HourRange::new(13, 17).unwrap(),
    ];
    let mut s = WeeklySchedule::never();
    for d in Weekday::WORKDAYS {
        s = s.with_day(d, split.clone()).unwrap();
    }
    assert_eq!(
        serde_json::to_value(s).unwrap()[1],
        json!([[9, 12], [13, 17]])
    );
    assert!(HourRange::new(9, 25).is_err());
    assert!(WeeklySchedule::from_pairs(&[vec![[9, 12]], vec![[11, 13]]]).is_err());
    assert!(WeeklySchedule::from_pairs(&vec![vec![[9, 12], [11, 13]]; 7]).is_err());
    assert!(parse_datetime("2020-03-20T01:30:34.123Z").is_some());
    assert!(parse_datetime("").is_none());
}
