//! What several resource groups share: the device time, the list envelope and
//! its paging, the plain acknowledgement, and lenient base64.

use std::fmt;
use std::str::FromStr;

use access_core::ValidationError;
use access_core::http::Response;
use access_core::paging::Pager;
use access_core::{DecodeError, ExposeSecret, SecretString};
use base64::Engine;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The device's clock setting, written `MMddHHmmyyyy.ss` with a **24-hour**
/// hour **\[V\]** format, **\[I\]** hour.
///
/// The seed documents `'MMddhhmmyyy.ss'` and says `052014402018.30` is "May
/// 20th, 2018, 2:20:30 PM"; read field by field it is 14:**40**:30, and the
/// format matches BusyBox `date MMDDhhmm[[CC]YY][.ss]`, so the hour is 24-hour
/// and the example's prose is wrong.
///
/// ```
/// use ef45_sdk::model::DeviceTime;
/// let t: DeviceTime = "052014402018.30".parse().unwrap();
/// assert_eq!(t.to_string(), "052014402018.30");
/// assert_eq!(t.datetime().to_string(), "2018-05-20 14:40:30");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceTime(NaiveDateTime);

impl DeviceTime {
    /// The device time for a local date and time (years 1000..=9999).
    pub fn new(datetime: NaiveDateTime) -> Result<Self, ValidationError> {
        if !(1000..=9999).contains(&datetime.year()) {
            return Err(ValidationError::new(
                "device_time",
                "year must have four digits",
            ));
        }
        Ok(Self(datetime.with_nanosecond(0).unwrap_or(datetime)))
    }

    /// The date and time.
    pub fn datetime(&self) -> NaiveDateTime {
        self.0
    }
}

impl fmt::Display for DeviceTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:02}{:02}{:02}{:02}{:04}.{:02}",
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.year(),
            t.second()
        )
    }
}

impl FromStr for DeviceTime {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ValidationError::new("device_time", "must be MMddHHmmyyyy.ss (24-hour)");
        let b = s.as_bytes();
        if b.len() != 15 || b[12] != b'.' {
            return Err(bad());
        }
        // On bytes, not `&str` slices: a device answer may hold any UTF-8, and a
        // slice through a multi-byte character would panic.
        let digits =
            |r: std::ops::Range<usize>| access_core::lenient::ascii_digits(&b[r]).ok_or_else(bad);
        let (mo, d, h, mi, y, sec) = (
            digits(0..2)?,
            digits(2..4)?,
            digits(4..6)?,
            digits(6..8)?,
            digits(8..12)?,
            digits(13..15)?,
        );
        let date = NaiveDate::from_ymd_opt(y as i32, mo, d).ok_or_else(bad)?;
        let dt = date.and_hms_opt(h, mi, sec).ok_or_else(bad)?;
        Self::new(dt)
    }
}

/// The envelope of the device's paged lists **\[seed\]**:
/// `{status_code, reason_phrase, items, page, page_size, has_more, total}`.
///
/// Every field but `items` is optional because answers without `page` (the
/// whole list) may leave them out **\[I\]**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The status the device repeats in the body.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub status_code: Option<u16>,
    /// The status text.
    #[serde(default)]
    pub reason_phrase: Option<String>,
    /// The rows.
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
    /// The page number (1-based).
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub page: Option<u32>,
    /// Rows per page (device default 50).
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub page_size: Option<u32>,
    /// Whether another page follows.
    #[serde(default)]
    pub has_more: bool,
    /// The number of rows in the whole list.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub total: Option<u64>,
    /// Fields the documentation does not describe.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<T> Page<T> {
    /// A page (the simulator and tests build these).
    pub fn new(
        items: Vec<T>,
        page: Option<u32>,
        page_size: Option<u32>,
        has_more: bool,
        total: u64,
    ) -> Self {
        Self {
            status_code: Some(200),
            reason_phrase: Some("OK".into()),
            items,
            page,
            page_size,
            has_more,
            total: Some(total),
            extra: Map::new(),
        }
    }
}

/// A boxed stream of results, as the polling calls (capture, match data, door
/// status, preview) answer.
pub type ResultStream<T, E> =
    std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<T, access_core::Error<E>>> + Send>>;

/// The [`Pager`] of a paged list: pages of `page_size` rows from page 1, until
/// the device says `has_more: false` or answers an empty page; each page is
/// remembered by its rows' `key`, so a page answered twice is caught.
pub(crate) fn pager<'a, T, E, K, F, Fut>(
    page_size: u32,
    key: fn(&T) -> K,
    mut fetch: F,
) -> Pager<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
    K: std::hash::Hash + 'a,
    F: FnMut(Paging) -> Fut + Send + 'a,
    Fut: std::future::Future<Output = Result<Page<T>, access_core::Error<E>>> + Send + 'a,
{
    let page_size = page_size.max(1);
    Pager::new(1u32, move |page: u32| {
        let next = fetch(Paging {
            page: Some(page),
            page_size: Some(page_size),
        });
        async move {
            let p = next.await?;
            Ok(access_core::paging::Page::has_more(p.items, page, p.has_more).keyed(key))
        }
    })
}

/// Paging of a list call: `page` (1-based) and `page_size` (device default 50).
/// Without a page the device answers the whole list **\[seed\]**.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Paging {
    /// The page, from 1.
    pub page: Option<u32>,
    /// Rows per page.
    pub page_size: Option<u32>,
}

impl Paging {
    /// The whole list in one answer.
    pub fn all() -> Self {
        Self::default()
    }

    /// One page of the device's default size.
    pub fn page(page: u32) -> Result<Self, ValidationError> {
        if page == 0 {
            return Err(ValidationError::new("page", "pages count from 1"));
        }
        Ok(Self {
            page: Some(page),
            page_size: None,
        })
    }

    /// One page of `page_size` rows.
    pub fn sized(page: u32, page_size: u32) -> Result<Self, ValidationError> {
        if page_size == 0 {
            return Err(ValidationError::new("page_size", "must be at least 1"));
        }
        Ok(Self {
            page_size: Some(page_size),
            ..Self::page(page)?
        })
    }

    pub(crate) fn validate(&self) -> Result<(), ValidationError> {
        if self.page == Some(0) {
            return Err(ValidationError::new("page", "pages count from 1"));
        }
        if self.page_size == Some(0) {
            return Err(ValidationError::new("page_size", "must be at least 1"));
        }
        if self.page.is_none() && self.page_size.is_some() {
            return Err(ValidationError::new("page", "is required with page_size"));
        }
        Ok(())
    }

    pub(crate) fn push(&self, q: &mut access_core::http::Query) {
        q.push_opt("page", self.page);
        q.push_opt("page_size", self.page_size);
    }
}

/// The answer of a call whose result the documentation does not describe
/// ("Camera setting update results", "Default response", status only). Any
/// JSON object is kept in `extra`; a plain-text answer (`"Uuid deletion
/// success"`) in `message` **\[I\]**.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ack {
    /// The status the device repeats in the body, if any.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub status_code: Option<u16>,
    /// The status text, if any.
    #[serde(default)]
    pub reason_phrase: Option<String>,
    /// A plain-text answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Everything else the device sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Ack {
    pub(crate) fn decode(r: Response) -> Result<Self, DecodeError> {
        let text = r.text_lossy();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(Self::default());
        }
        if trimmed.starts_with('{') {
            return r.json();
        }
        Ok(Self {
            message: Some(trimmed.trim_matches('"').to_string()),
            ..Self::default()
        })
    }
}

/// Decodes base64 the way real EF-45 answers need it: line breaks (`\r\n`,
/// also written as the two-character escapes `\r` `\n`), stray backslashes and
/// whitespace are removed, and missing `=` padding is restored (fact sheet E2
/// had to do the same for `/preview`). Standard and URL-safe alphabets are
/// accepted.
///
/// ```
/// assert_eq!(ef45_sdk::model::decode_base64_lenient("aGVs\\r\\nbG8").unwrap(), b"hello");
/// ```
pub fn decode_base64_lenient(input: &str) -> Result<Vec<u8>, ValidationError> {
    let cleaned = input
        .replace("\\r", "")
        .replace("\\n", "")
        .replace("\\/", "/");
    let mut s: String = cleaned
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\\' && *c != '"')
        .collect();
    if let Some(idx) = s.find("base64,") {
        // data URLs: data:image/bmp;base64,....
        s = s[idx + 7..].to_string();
    }
    let body = s.trim_end_matches('=');
    if body.len() % 4 == 1 {
        return Err(ValidationError::new(
            "base64",
            "length is not a valid base64 length",
        ));
    }
    let mut padded = body.to_string();
    while !padded.len().is_multiple_of(4) {
        padded.push('=');
    }
    let url_safe = padded.contains('-') || padded.contains('_');
    let engine = if url_safe {
        &base64::engine::general_purpose::URL_SAFE
    } else {
        &base64::engine::general_purpose::STANDARD
    };
    engine
        .decode(padded.as_bytes())
        .map_err(|e| ValidationError::new("base64", format!("not valid base64: {e}")))
}

/// Encodes bytes as standard padded base64 (what the device is sent).
pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Serde for an optional secret (a PIN): serialised as its text, `Debug` redacted.
pub(crate) mod opt_secret {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        v: &Option<SecretString>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(v.expose_secret()),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SecretString>, D::Error> {
        let v = Option::<Value>::deserialize(d)?;
        Ok(match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(SecretString::from(s)),
            Some(other) => Some(SecretString::from(other.to_string())),
        })
    }
}

/// Serde for booleans the device may write as `true`, `1` or `"true"` **\[I\]**.
pub(crate) mod lenient_bool {
    use std::borrow::Cow;

    use access_core::lenient::{Int, Reader};

    use super::*;

    /// The device's booleans: `true`/`1`/`yes`/`on` and `false`/`0`/`no`/`off` (any
    /// case), any other integer as "not zero"; an unknown word is no value, not an
    /// error (a setting the device words differently must not fail a whole answer).
    pub(crate) struct DeviceBool;

    impl Reader for DeviceBool {
        type Output = bool;
        const EXPECTING: &'static str = "a boolean";
        fn read(text: Cow<'_, str>) -> Result<Option<bool>, String> {
            let t = text.trim();
            let is = |words: [&str; 4]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
            Ok(if is(["true", "1", "yes", "on"]) {
                Some(true)
            } else if is(["false", "0", "no", "off"]) {
                Some(false)
            } else {
                Int::read(Cow::Borrowed(t)).ok().flatten().map(|n| n != 0)
            })
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        access_core::lenient::read::<D, DeviceBool>(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_example_is_24_hour() {
        let t: DeviceTime = "052014402018.30".parse().unwrap();
        assert_eq!(
            t.datetime(),
            NaiveDate::from_ymd_opt(2018, 5, 20)
                .unwrap()
                .and_hms_opt(14, 40, 30)
                .unwrap()
        );
        assert!("13201440201830".parse::<DeviceTime>().is_err());
        assert!("132014402018.30".parse::<DeviceTime>().is_err());
    }

    #[test]
    fn lenient_base64() {
        assert_eq!(decode_base64_lenient("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64_lenient("aGVs\r\nbG8").unwrap(), b"hello");
        assert_eq!(decode_base64_lenient("aG\\Vs\\bG8").unwrap(), b"hello");
        assert!(decode_base64_lenient("a").is_err());
    }
}
