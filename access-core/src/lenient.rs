//! Lenient readers for the scalars vendors send in more than one form.
//!
//! Access-control APIs are loose about types: EasySecure sends flags as `"0"`, `0` or
//! `false`, iLOQ sends an integer as `5` or `"5"`, an EF-45 writes a boolean as
//! `"true"`. A [`Reader`] says what one kind of field makes of the text it was sent;
//! [`Lenient`] feeds it, reading the scalar in place with no intermediate
//! `serde_json::Value`: a string as it is, a number as its decimal text, a boolean as
//! `"1"`/`"0"`, `null` as "no value". A list or an object is a decode error.
//!
//! ```
//! use access_core::lenient::{self, Flag, Int};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Row {
//!     #[serde(default, deserialize_with = "lenient::read::<_, Int>")]
//!     id: Option<i64>,
//!     #[serde(default, deserialize_with = "lenient::read::<_, Flag>")]
//!     active: Option<bool>,
//! }
//!
//! let row: Row = serde_json::from_str(r#"{"id": "42", "active": 1}"#).unwrap();
//! assert_eq!((row.id, row.active), (Some(42), Some(true)));
//! let row: Row = serde_json::from_str(r#"{"id": null, "active": ""}"#).unwrap();
//! assert_eq!((row.id, row.active), (None, None));
//! assert!(serde_json::from_str::<Row>(r#"{"active": "maybe"}"#).is_err());
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BorrowedStrDeserializer, EnumAccessDeserializer, MapAccessDeserializer, SeqAccessDeserializer,
    StringDeserializer,
};
use serde::de::{DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// What one kind of lenient field makes of the text it was sent.
pub trait Reader {
    /// The value read.
    type Output;
    /// What the field holds, for error messages ("an integer").
    const EXPECTING: &'static str;
    /// The value of `text`; `Ok(None)` where the text means "no value", `Err` with
    /// a plain-words reason where it cannot be one.
    fn read(text: Cow<'_, str>) -> Result<Option<Self::Output>, String>;
    /// The value of a JSON boolean. Default: the text `"1"` or `"0"`.
    fn read_bool(value: bool) -> Result<Option<Self::Output>, String> {
        Self::read(Cow::Borrowed(if value { "1" } else { "0" }))
    }
}

/// Any text, kept as sent (an empty string too).
#[derive(Debug, Clone, Copy)]
pub struct AnyText;

/// Text, where empty or blank means "no value"; kept as sent otherwise.
#[derive(Debug, Clone, Copy)]
pub struct NonEmpty;

/// `1`/`true`/`yes` or `0`/`false`/`no` (any case, trimmed); empty means "no value";
/// anything else is an error.
#[derive(Debug, Clone, Copy)]
pub struct Flag;

/// An integer: digits, a number with no fraction (`5.0`), or either in a string
/// (also wrapped in stray quotes, `"\"5\""`); empty means "no value". A boolean is
/// not an integer: it is an error.
#[derive(Debug, Clone, Copy)]
pub struct Int;

impl Reader for AnyText {
    type Output = String;
    const EXPECTING: &'static str = "a string or a number";
    fn read(text: Cow<'_, str>) -> Result<Option<String>, String> {
        Ok(Some(text.into_owned()))
    }
}

impl Reader for NonEmpty {
    type Output = String;
    const EXPECTING: &'static str = "a string or a number";
    fn read(text: Cow<'_, str>) -> Result<Option<String>, String> {
        Ok((!text.trim().is_empty()).then(|| text.into_owned()))
    }
}

impl Reader for Flag {
    type Output = bool;
    const EXPECTING: &'static str = "0 or 1";
    fn read(text: Cow<'_, str>) -> Result<Option<bool>, String> {
        let t = text.trim();
        let is = |words: [&str; 3]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
        if t.is_empty() {
            Ok(None)
        } else if is(["1", "true", "yes"]) {
            Ok(Some(true))
        } else if is(["0", "false", "no"]) {
            Ok(Some(false))
        } else {
            Err(format!("expected 0 or 1, found {t:?}"))
        }
    }
}

impl Reader for Int {
    type Output = i64;
    const EXPECTING: &'static str = "an integer";
    fn read_bool(value: bool) -> Result<Option<i64>, String> {
        Err(format!("expected an integer, found {value}"))
    }
    fn read(text: Cow<'_, str>) -> Result<Option<i64>, String> {
        let t = text.trim().trim_matches('"').trim();
        if t.is_empty() {
            return Ok(None);
        }
        if let Ok(v) = t.parse::<i64>() {
            return Ok(Some(v));
        }
        // A whole number written with a fraction or an exponent (`5.0`, `1e3`).
        match t.parse::<f64>() {
            #[allow(clippy::cast_possible_truncation)]
            Ok(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(Some(v as i64)),
            _ => Err(format!("expected an integer, found {text:?}")),
        }
    }
}

/// The number written by `bytes`, all ASCII digits (at most 9 of them), or `None`:
/// for fixed-width fields such as the parts of `yyyy-mm-dd hh:ii:ss`. It reads bytes,
/// so a field cut out of untrusted text never slices through a UTF-8 character.
pub fn ascii_digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 9 {
        return None;
    }
    bytes.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// Reads an `Option<R::Output>` leniently: the `DeserializeSeed` for hand-written
/// visitors (`map.next_value_seed(Lenient::<Flag>::new())`).
pub struct Lenient<R>(PhantomData<R>);

impl<R> Lenient<R> {
    /// The reader `R` as a seed.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<R> Default for Lenient<R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<R> fmt::Debug for Lenient<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Lenient")
    }
}

/// Reads an `Option<R::Output>` leniently, for `#[serde(deserialize_with =
/// "access_core::lenient::read::<_, R>")]` (with `#[serde(default)]` for absent fields).
pub fn read<'de, D: Deserializer<'de>, R: Reader>(d: D) -> Result<Option<R::Output>, D::Error> {
    Lenient::<R>::new().deserialize(d)
}

impl<'de, R: Reader> DeserializeSeed<'de> for Lenient<R> {
    type Value = Option<R::Output>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, R: Reader> Visitor<'de> for Lenient<R> {
    type Value = Option<R::Output>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (as a string or a number) or null", R::EXPECTING)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        R::read(Cow::Borrowed(v)).map_err(E::custom)
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        R::read(Cow::Owned(v)).map_err(E::custom)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.visit_string(v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.visit_string(v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // The number's JSON text (`1.5`, `1e20`), as serde_json writes it.
        match serde_json::Number::from_f64(v) {
            Some(n) => self.visit_string(n.to_string()),
            None => Err(E::custom("a number that is not finite")),
        }
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        R::read_bool(v).map_err(E::custom)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads an optional answer field of any type `T` leniently: `null`, an absent field
/// (with `#[serde(default)]`), an empty string and a string of whitespace only are all
/// `None`; anything else is handed to `T`'s own `Deserialize`, unchanged, so a value
/// that is present and wrong is still an error.
///
/// Devices and services write "no value" in more than one way: an EF-45 answers a user
/// without a card as `"card": ""`, where a card number would otherwise be validated
/// and refused. Every answer field whose type validates or parses (card numbers, ids,
/// dates, enums, numbers) reads through this function, so an empty value is absent
/// everywhere. Requests stay strict: this is for answers only.
///
/// For `#[serde(default, deserialize_with = "access_core::lenient::optional")]`.
/// The value is read in place (no intermediate `serde_json::Value`).
///
/// ```
/// use access_core::lenient;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Answer {
///     #[serde(default, deserialize_with = "lenient::optional")]
///     count: Option<u32>,
/// }
///
/// for json in [r#"{"count": ""}"#, r#"{"count": "  "}"#, r#"{"count": null}"#, "{}"] {
///     let a: Answer = serde_json::from_str(json).unwrap();
///     assert_eq!(a.count, None, "{json}");
/// }
/// let a: Answer = serde_json::from_str(r#"{"count": 5}"#).unwrap();
/// assert_eq!(a.count, Some(5));
/// assert!(serde_json::from_str::<Answer>(r#"{"count": "five"}"#).is_err());
/// ```
pub fn optional<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(Optional(PhantomData))
}

/// Reads an optional answer field through `T`'s [`FromStr`](std::str::FromStr):
/// like [`optional`] (`null`, absent, empty and blank text are `None`), for a type
/// that parses from text but has no `Deserialize` of its own. A number is read as
/// its decimal text.
///
/// For `#[serde(default, deserialize_with = "access_core::lenient::optional_parsed")]`.
///
/// ```
/// use access_core::lenient;
/// use serde::Deserialize;
/// use std::net::Ipv4Addr;
///
/// #[derive(Deserialize)]
/// struct Answer {
///     #[serde(default, deserialize_with = "lenient::optional_parsed")]
///     ip: Option<Ipv4Addr>,
/// }
///
/// let a: Answer = serde_json::from_str(r#"{"ip": " "}"#).unwrap();
/// assert_eq!(a.ip, None);
/// let a: Answer = serde_json::from_str(r#"{"ip": "10.0.0.1"}"#).unwrap();
/// assert_eq!(a.ip, Some(Ipv4Addr::new(10, 0, 0, 1)));
/// assert!(serde_json::from_str::<Answer>(r#"{"ip": "ten"}"#).is_err());
/// ```
pub fn optional_parsed<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: fmt::Display,
{
    match Lenient::<AnyText>::new().deserialize(d)? {
        Some(text) if !text.trim().is_empty() => text
            .parse()
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("{e} (in {text:?})"))),
        _ => Ok(None),
    }
}

/// The visitor of [`optional`]: "no value" for `null`, unit and blank text, `T`'s
/// own reading of anything else (fed back through serde's value deserializers).
struct Optional<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Optional<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, an empty string or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        T::deserialize(BorrowedStrDeserializer::new(v)).map(Some)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        T::deserialize(StringDeserializer::new(v.to_owned())).map(Some)
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        T::deserialize(StringDeserializer::new(v)).map(Some)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq)).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        T::deserialize(EnumAccessDeserializer::new(data)).map(Some)
    }
}

/// A map key, borrowed from the input where it has no escapes: for hand-written map
/// visitors that match field names without allocating one per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(json: &str) -> Result<Option<i64>, serde_json::Error> {
        Lenient::<Int>::new().deserialize(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn integers_in_their_many_forms() {
        for (json, want) in [
            ("5", Some(5)),
            ("-7", Some(-7)),
            ("5.0", Some(5)),
            ("\"5\"", Some(5)),
            ("\" 12 \"", Some(12)),
            ("\"\\\"9\\\"\"", Some(9)),
            ("\"\"", None),
            ("null", None),
        ] {
            assert_eq!(int(json).unwrap(), want, "{json}");
        }
        for bad in [
            "5.5",
            "\"five\"",
            "[1]",
            "{}",
            "true",
            "18446744073709551615",
        ] {
            assert!(int(bad).is_err(), "{bad} must fail");
        }
    }

    #[test]
    fn flags_and_text() {
        let flag = |json: &str| {
            Lenient::<Flag>::new().deserialize(&mut serde_json::Deserializer::from_str(json))
        };
        assert_eq!(flag("\"YES\"").unwrap(), Some(true));
        assert_eq!(flag("0").unwrap(), Some(false));
        assert_eq!(flag("false").unwrap(), Some(false));
        assert_eq!(flag("\" \"").unwrap(), None);
        assert!(flag("2").is_err());
        // Case-insensitive in ASCII only: Unicode's long s is not an `s`.
        assert!(flag("\"Ye\u{17f}\"").is_err());
        let text = |json: &str| {
            Lenient::<NonEmpty>::new().deserialize(&mut serde_json::Deserializer::from_str(json))
        };
        assert_eq!(text("1.5").unwrap().as_deref(), Some("1.5"));
        assert_eq!(text("\"  \"").unwrap(), None);
        assert!(text("{\"a\":1}").is_err());
    }

    #[test]
    fn fixed_width_digits() {
        assert_eq!(ascii_digits(b"2026"), Some(2026));
        assert_eq!(ascii_digits(b"07"), Some(7));
        for bad in [
            &b""[..],
            b"1a",
            b"-1",
            b" 1",
            "\u{b9}".as_bytes(),
            b"1234567890",
        ] {
            assert_eq!(ascii_digits(bad), None, "{bad:?}");
        }
    }

    /// An answer with one optional field of each kind `optional` is used for.
    #[derive(Debug, Deserialize, PartialEq)]
    struct Answer {
        #[serde(default, deserialize_with = "optional")]
        number: Option<u32>,
        #[serde(default, deserialize_with = "optional")]
        kind: Option<Kind>,
        #[serde(default, deserialize_with = "optional")]
        nested: Option<Nested>,
        #[serde(default, deserialize_with = "optional")]
        list: Option<Vec<u8>>,
        #[serde(default, deserialize_with = "optional_parsed")]
        parsed: Option<std::net::Ipv4Addr>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Kind {
        Card,
        Pin,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Nested {
        id: u8,
    }

    const FIELDS: [&str; 5] = ["number", "kind", "nested", "list", "parsed"];

    fn empty_answer() -> Answer {
        Answer {
            number: None,
            kind: None,
            nested: None,
            list: None,
            parsed: None,
        }
    }

    #[test]
    fn optional_reads_every_empty_form_as_absent() {
        for field in FIELDS {
            for empty in ["\"\"", "\"  \"", "\"\\t\\r\\n\"", "null"] {
                let json = format!("{{\"{field}\": {empty}}}");
                let a: Answer = serde_json::from_str(&json).expect(&json);
                assert_eq!(a, empty_answer(), "{json}");
                // Through a flattened map (serde's buffered content) as well.
                #[derive(Deserialize)]
                struct Outer {
                    #[serde(flatten)]
                    inner: Answer,
                }
                let o: Outer = serde_json::from_str(&json).expect(&json);
                assert_eq!(o.inner, empty_answer(), "flattened {json}");
            }
        }
        let a: Answer = serde_json::from_str("{}").unwrap();
        assert_eq!(a, empty_answer());
    }

    #[test]
    fn optional_keeps_present_values_and_their_errors() {
        let a: Answer = serde_json::from_str(
            r#"{"number": 7, "kind": "Pin", "nested": {"id": 3}, "list": [1, 2],
                "parsed": "10.0.0.1"}"#,
        )
        .unwrap();
        assert_eq!(a.number, Some(7));
        assert_eq!(a.kind, Some(Kind::Pin));
        assert_eq!(a.nested, Some(Nested { id: 3 }));
        assert_eq!(a.list, Some(vec![1, 2]));
        assert_eq!(a.parsed, Some(std::net::Ipv4Addr::new(10, 0, 0, 1)));
        for bad in [
            r#"{"number": "x"}"#,
            r#"{"number": -1}"#,
            r#"{"number": true}"#,
            r#"{"kind": "Face"}"#,
            r#"{"kind": " Pin"}"#,
            r#"{"nested": {}}"#,
            r#"{"list": [300]}"#,
            r#"{"parsed": "ten"}"#,
            r#"{"parsed": {}}"#,
        ] {
            assert!(
                serde_json::from_str::<Answer>(bad).is_err(),
                "{bad} must fail"
            );
        }
    }

    proptest::proptest! {
        /// Any string of whitespace only is "no value"; any other text reaches the
        /// field's type and is read exactly as that type reads it on its own.
        #[test]
        fn optional_is_the_type_itself_except_for_blanks(
            text in proptest::string::string_regex("[ \t\r\n]{0,6}|[ 0-9a-z\t-]{0,12}").unwrap()
        ) {
            let json = serde_json::to_string(&text).unwrap();
            let mut de = serde_json::Deserializer::from_str(&json);
            let got: Result<Option<i64>, _> = optional(&mut de);
            let plain: Result<i64, _> = serde_json::from_str(&json);
            if text.trim().is_empty() {
                proptest::prop_assert_eq!(got.unwrap(), None);
            } else {
                proptest::prop_assert_eq!(got.ok().flatten(), plain.ok());
            }
            let mut de = serde_json::Deserializer::from_str(&json);
            let parsed: Result<Option<i64>, _> = optional_parsed(&mut de);
            if text.trim().is_empty() {
                proptest::prop_assert_eq!(parsed.unwrap(), None);
            } else {
                proptest::prop_assert_eq!(parsed.ok().flatten(), text.parse::<i64>().ok());
            }
        }

        /// Every number a field can hold survives `optional` unchanged.
        #[test]
        fn optional_keeps_every_number(n in proptest::num::i64::ANY, u in proptest::num::u64::ANY) {
            let (n_text, u_text) = (n.to_string(), u.to_string());
            let mut de = serde_json::Deserializer::from_str(&n_text);
            proptest::prop_assert_eq!(optional::<_, i64>(&mut de).unwrap(), Some(n));
            let mut de = serde_json::Deserializer::from_str(&u_text);
            proptest::prop_assert_eq!(optional::<_, u64>(&mut de).unwrap(), Some(u));
        }
    }

    #[test]
    fn keys_borrow_unless_escaped() {
        let mut de = serde_json::Deserializer::from_str("\"plain\"");
        assert!(matches!(
            Key::deserialize(&mut de).unwrap().0,
            Cow::Borrowed("plain")
        ));
        let mut de = serde_json::Deserializer::from_str("\"esc\\u0061ped\"");
        assert_eq!(Key::deserialize(&mut de).unwrap().0, "escaped");
    }
}
