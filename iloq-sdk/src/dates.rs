//! iLOQ's date-times, parsed leniently.
//!
//! The sources show `2021-04-20T10:42:40.803Z`, `2021-04-27T14:54:06.747` (no
//! `Z`) and `2021-04-29T09:08:31.6653347Z` (7 fraction digits) **\[V\]** ENK README.
//! `*Utc` fields are UTC whether or not the `Z` is there; time-limit fields are
//! the locking system's local time (`yyyy-MM-ddTHH:mm:ss`, no offset) and are
//! kept as [`NaiveDateTime`].

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Parses an iLOQ date-time: 0 to 9 fraction digits, with or without `Z`, with
/// or without a numeric offset (converted), with `T` or a space. Zone-less
/// values are taken as they are (the caller decides whether they are UTC).
pub fn parse_naive(input: &str) -> Option<NaiveDateTime> {
    let s = input.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_utc());
    }
    let s = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt);
        }
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Parses a UTC field (`GoingDateUtc`, `TimestampUtc`, ...), `Z` optional.
pub fn parse_utc(input: &str) -> Option<DateTime<Utc>> {
    parse_naive(input).map(|n| n.and_utc())
}

/// Writes a UTC time as iLOQ examples do: `2025-05-20T00:00:00Z`, with
/// fraction digits only when there are some, and at most 7 of them (.NET's
/// 100 ns ticks, as in `2021-04-29T09:08:31.6653347Z`): finer digits are cut,
/// trailing zeros dropped.
pub fn format_utc(t: &DateTime<Utc>) -> String {
    let ticks = t.timestamp_subsec_nanos() / 100;
    let whole = t.to_rfc3339_opts(SecondsFormat::Secs, true);
    if ticks == 0 {
        return whole;
    }
    let fraction = format!("{ticks:07}");
    let fraction = fraction.trim_end_matches('0');
    // `...:SSZ` -> `...:SS.fffffffZ`
    format!("{}.{fraction}Z", &whole[..whole.len() - 1])
}

/// Writes a local time-limit value: `yyyy-MM-ddTHH:mm:ss`.
pub fn format_local(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn bad<E: serde::de::Error>(s: &str) -> E {
    E::custom(format!("not an iLOQ date-time: {s:?}"))
}

/// `#[serde(with)]` for `Option<DateTime<Utc>>` fields (null and `""` are `None`).
pub(crate) mod utc_opt {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&format_utc(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => parse_utc(&s).map(Some).ok_or_else(|| bad(&s)),
        }
    }
}

/// `#[serde(with)]` for required `DateTime<Utc>` fields.
pub(crate) mod utc {
    use super::*;

    pub fn serialize<S: Serializer>(v: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_utc(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        parse_utc(&s).ok_or_else(|| bad(&s))
    }
}

/// `#[serde(with)]` for `Option<NaiveDateTime>` local-time fields.
pub(crate) mod local_opt {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&format_local(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => parse_naive(&s).map(Some).ok_or_else(|| bad(&s)),
        }
    }
}

/// `#[serde(with)]` for required `NaiveDateTime` local-time fields.
pub(crate) mod local {
    use super::*;

    pub fn serialize<S: Serializer>(v: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_local(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let s = String::deserialize(d)?;
        parse_naive(&s).ok_or_else(|| bad(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_forms() {
        for s in [
            "2021-04-20T10:42:40.803Z",
            "2021-04-27T14:54:06.747",
            "2021-04-29T09:08:31.6653347Z",
            "2025-05-20T00:00:00Z",
            "2025-05-20T00:00:00",
            "2025-05-20T02:00:00+02:00",
        ] {
            assert!(parse_utc(s).is_some(), "{s}");
        }
        assert_eq!(
            parse_utc("2025-05-20T02:00:00+02:00"),
            parse_utc("2025-05-20T00:00:00")
        );
        assert!(parse_utc("yesterday").is_none());
    }

    #[test]
    fn written_with_at_most_seven_fraction_digits() {
        let at = |nanos: u32| {
            chrono::NaiveDate::from_ymd_opt(2021, 4, 29)
                .and_then(|d| d.and_hms_nano_opt(9, 8, 31, nanos))
                .unwrap()
                .and_utc()
        };
        assert_eq!(format_utc(&at(0)), "2021-04-29T09:08:31Z");
        assert_eq!(format_utc(&at(803_000_000)), "2021-04-29T09:08:31.803Z");
        assert_eq!(format_utc(&at(665_334_700)), "2021-04-29T09:08:31.6653347Z");
        // 9 digits are cut to 7 (never rounded up into the next second).
        assert_eq!(format_utc(&at(999_999_999)), "2021-04-29T09:08:31.9999999Z");
        assert_eq!(format_utc(&at(50)), "2021-04-29T09:08:31Z");
        for nanos in [1, 123_456_789, 100, 999_999_999] {
            let text = format_utc(&at(nanos));
            let digits = text.split('.').nth(1).map_or(0, |f| f.len() - 1);
            assert!(digits <= 7, "{text}");
            assert_eq!(
                parse_utc(&text).map(|t| t.timestamp()),
                Some(at(nanos).timestamp())
            );
        }
    }
}
