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
/// fraction digits only when there are some.
pub fn format_utc(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
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
}
