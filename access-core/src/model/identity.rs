//! Identifiers and contact data, validated on construction.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::ValidationError;

macro_rules! string_newtype_serde {
    ($ty:ident) => {
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $ty::new(s).map_err(serde::de::Error::custom)
            }
        }
        impl FromStr for $ty {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::new(s)
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    };
}

/// The caller's own id for a person (an HR employee number, a reservation id).
///
/// Every vendor stores it so a sync updates the same person instead of creating
/// a new one: EasySecure's `wsAltUserId`, iLOQ's `ExternalPersonId`. Non-empty,
/// no leading or trailing whitespace, at most 255 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExternalId(String);

impl ExternalId {
    /// Validates and wraps an external id.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        if v.trim().is_empty() {
            return Err(ValidationError::new("external_id", "must not be empty"));
        }
        if v.trim() != v {
            return Err(ValidationError::new(
                "external_id",
                "must not start or end with whitespace",
            ));
        }
        if v.chars().count() > 255 {
            return Err(ValidationError::new(
                "external_id",
                "must be at most 255 characters",
            ));
        }
        Ok(Self(v))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype_serde!(ExternalId);

/// An e-mail address, checked for a plausible shape (`local@domain.tld`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Validates and wraps an address.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        let bad = |rule: &str| Err(ValidationError::new("email", rule.to_string()));
        if v.len() > 254 {
            return bad("must be at most 254 characters");
        }
        if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return bad("must not contain whitespace");
        }
        let Some((local, domain)) = v.rsplit_once('@') else {
            return bad("must contain '@'");
        };
        if local.is_empty() || local.contains('@') {
            return bad("must have exactly one '@' with a name before it");
        }
        if domain.len() < 3
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
        {
            return bad("must have a domain such as example.com after '@'");
        }
        Ok(Self(v))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype_serde!(EmailAddress);

/// A phone number, kept in E.164 form: `+`, then 8 to 15 digits, the first not 0
/// (`+31612345678`). iLOQ requires it for phone keys (and requires it unique).
///
/// [`PhoneNumber::new`] accepts the number the way people and HR exports write
/// it and stores the E.164 form, which is what every vendor crate sends,
/// [`Display`](std::fmt::Display) prints and serde writes:
///
/// | written | stored |
/// |---|---|
/// | `+31612345678` | `+31612345678` |
/// | `+31 6 1234 5678`, `+31-6-1234-5678`, `+31.6.1234.5678`, `+31 6/1234 5678` | `+31612345678` |
/// | `+31 (0)6 12345678`, `+44 (0)20 7946 0000` | `+31612345678`, `+442079460000` |
/// | `+1 (212) 555-1234` | `+12125551234` |
///
/// The rules:
///
/// - The number must start with `+` and the country code. A national number
///   (`06 1234 5678`) or one with a dialling prefix (`0031 6 ...`, `011 ...`) is
///   refused: which country it belongs to, or which prefix was dialled, cannot
///   be told from the text.
/// - Spaces (also non-breaking), `-`, `.` and `/` between digits are dropped,
///   as are the parentheses around a group of digits (`(212)`).
/// - `(0)` right after the country code is the trunk prefix that is *not*
///   dialled from abroad (the E.123 convention of British, Dutch and German
///   numbers): it is dropped. Anywhere else, and any other parenthesised group
///   starting with `0` (`(06)`), is refused as ambiguous.
/// - A `0` written outside parentheses is a digit and is kept (Italian numbers
///   keep it from abroad: `+39 06 1234 5678` is `+390612345678`).
/// - Letters (an extension `x12`), a second `+` or other characters are refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

/// The separators [`PhoneNumber::new`] drops between digits.
fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\t' | '-' | '.' | '/')
}

impl PhoneNumber {
    /// Validates a number written with or without separators and keeps its
    /// E.164 form (see the type's rules): `"+31 6 1234 5678"` becomes
    /// `+31612345678`.
    ///
    /// ```
    /// use access_core::model::PhoneNumber;
    ///
    /// let p = PhoneNumber::new("+31 (0)6 1234 5678")?;
    /// assert_eq!(p.as_str(), "+31612345678");
    /// assert_eq!(p, PhoneNumber::new("+31-6-1234-5678")?);
    /// assert!(PhoneNumber::new("06 1234 5678").is_err()); // which country?
    /// # Ok::<(), access_core::ValidationError>(())
    /// ```
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        let bad = |rule: &str| ValidationError::new("phone", rule.to_string());
        let Some(body) = v.trim().strip_prefix('+') else {
            return Err(bad(
                "must start with '+' and the country code (E.164), e.g. '+31 6 1234 5678'; \
                 a national number or one starting with 00 cannot be read",
            ));
        };
        // The trunk prefix "(0)", only right after the country code.
        let owned;
        let body = match body.find("(0)") {
            None => body,
            Some(i) => {
                let (before, after) = (&body[..i], &body[i + 3..]);
                let cc = before.trim_matches(is_phone_separator);
                if cc.is_empty() || !cc.bytes().all(|b| b.is_ascii_digit()) || after.contains("(0)")
                {
                    return Err(bad(
                        "'(0)' (the trunk prefix not dialled from abroad) may only follow the \
                         country code once, as in '+31 (0)6 1234 5678'",
                    ));
                }
                owned = format!("{cc} {after}");
                owned.as_str()
            }
        };
        let mut digits = String::with_capacity(16);
        // Inside parentheses: how many digits the group has so far.
        let mut group: Option<usize> = None;
        for c in body.chars() {
            match c {
                '0'..='9' => {
                    if group == Some(0) && c == '0' {
                        return Err(bad(
                            "a group in parentheses starting with 0 is ambiguous (trunk \
                             prefix or digit?); write the number as dialled from abroad",
                        ));
                    }
                    if let Some(n) = group.as_mut() {
                        *n += 1;
                    }
                    digits.push(c);
                }
                '(' if group.is_none() => group = Some(0),
                ')' if group.is_some_and(|n| n > 0) => group = None,
                c if is_phone_separator(c) => {}
                _ => {
                    return Err(bad(
                        "after '+' may contain only digits, spaces, '-', '.', '/' and \
                         parentheses around digits (E.164)",
                    ));
                }
            }
        }
        if group.is_some() {
            return Err(bad("has an unclosed '('"));
        }
        if !(8..=15).contains(&digits.len()) {
            return Err(bad("must be '+' followed by 8 to 15 digits (E.164)"));
        }
        if digits.starts_with('0') {
            return Err(bad("the country code cannot start with 0 (E.164)"));
        }
        digits.insert(0, '+');
        Ok(Self(digits))
    }

    /// The number in E.164 form, `+` included (`+31612345678`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype_serde!(PhoneNumber);

/// A card number as the caller knows it.
///
/// Vendors write card numbers differently: the EF-45 wants hex pairs
/// (`65 D8 A1 BD`), EasySecure's USB reader gives the decimal value. A
/// `CardNumber` keeps the text as given and, when the number is numeric, its
/// value, and converts between the forms.
///
/// **Equality, hashing and order follow the number.** Two numeric card numbers
/// are equal when their values are, whatever the form: the decimal `1708695997`
/// and the hex pairs `65 D8 A1 BD` are the same card (and so are `0042` and
/// `42`), so cross-vendor reconciliation, a `HashSet` or a `HashMap` key treat
/// them as one. A card number without a numeric value (free text such as
/// `ABC-123`) equals only the same text, and never a numeric one. Numeric card
/// numbers sort before text ones, by value; text ones by text.
/// [`as_str`](Self::as_str), `Display` and serde keep the text as given.
///
/// ```
/// use access_core::model::CardNumber;
///
/// let typed = CardNumber::from_decimal("1708695997")?;
/// let read = CardNumber::from_hex_pairs("65 D8 A1 BD")?;
/// assert_eq!(typed, read);
/// assert_eq!(typed.as_str(), "1708695997"); // the text stays as given
/// # Ok::<(), access_core::ValidationError>(())
/// ```
///
/// Read from text ([`CardNumber::new`], `FromStr`, serde), digits only are
/// decimal and space-separated pairs are hex, so a single hex pair of digits
/// (`12`, which [`from_hex_pairs`](Self::from_hex_pairs) reads as 0x12 = 18)
/// reads back as decimal 12: keep such a number in decimal, or build it with
/// `from_hex_pairs`.
#[derive(Clone)]
pub struct CardNumber {
    text: String,
    value: Option<u128>,
}

/// The value of a text in hex pairs (`65 D8 A1 BD`, at most 16 pairs).
fn hex_pairs_value(s: &str) -> Option<u128> {
    if s.split(' ')
        .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        let hex: String = s.split(' ').collect();
        if hex.len() <= 32 {
            return u128::from_str_radix(&hex, 16).ok();
        }
    }
    None
}

impl CardNumber {
    /// Any non-empty card number without control characters, kept as given.
    /// Digits only are read as a decimal value, hex pairs separated by single
    /// spaces as a hex value; anything else is free text.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        if v.trim().is_empty() {
            return Err(ValidationError::new("card_number", "must not be empty"));
        }
        if v.chars().any(|c| c.is_control()) || v.len() > 64 {
            return Err(ValidationError::new(
                "card_number",
                "must be at most 64 printable characters",
            ));
        }
        let value = if v.bytes().all(|b| b.is_ascii_digit()) {
            v.parse().ok()
        } else {
            hex_pairs_value(&v)
        };
        Ok(Self { text: v, value })
    }

    /// A card number in hex pairs separated by single spaces, e.g. `65 D8 A1 BD`.
    /// Lower-case digits are accepted and upper-cased.
    pub fn from_hex_pairs(value: &str) -> Result<Self, ValidationError> {
        let rule = "must be hex pairs separated by single spaces, e.g. '65 D8 A1 BD'";
        if value.is_empty() {
            return Err(ValidationError::new("card_number", rule));
        }
        for pair in value.split(' ') {
            if pair.len() != 2 || !pair.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ValidationError::new("card_number", rule));
            }
        }
        Ok(Self {
            text: value.to_ascii_uppercase(),
            value: hex_pairs_value(value),
        })
    }

    /// A card number from its decimal value (as a USB desktop reader types it).
    pub fn from_decimal(value: &str) -> Result<Self, ValidationError> {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) || value.len() > 38 {
            return Err(ValidationError::new(
                "card_number",
                "must be a decimal number",
            ));
        }
        Ok(Self {
            text: value.to_string(),
            value: value.parse().ok(),
        })
    }

    /// The number as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The numeric value, when the number is in hex pairs or decimal.
    pub fn value(&self) -> Option<u128> {
        self.value
    }

    /// The number in hex pairs (`65 D8 A1 BD`), when it is numeric.
    pub fn to_hex_pairs(&self) -> Option<String> {
        let v = self.value()?;
        let mut bytes: Vec<u8> = v
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        if bytes.is_empty() {
            bytes.push(0);
        }
        Some(
            bytes
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// The number in decimal, when it is numeric.
    pub fn to_decimal(&self) -> Option<String> {
        self.value().map(|v| v.to_string())
    }
}
string_newtype_serde!(CardNumber);

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CardNumber").field(&self.text).finish()
    }
}

/// By number when both are numeric, by text when neither is; a numeric card
/// number never equals a text one.
impl PartialEq for CardNumber {
    fn eq(&self, other: &Self) -> bool {
        match (self.value, other.value) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.text == other.text,
            _ => false,
        }
    }
}

impl Eq for CardNumber {}

/// Consistent with `Eq`: the value of a numeric card number, the text of another.
impl std::hash::Hash for CardNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self.value {
            Some(v) => {
                0u8.hash(state);
                v.hash(state);
            }
            None => {
                1u8.hash(state);
                self.text.hash(state);
            }
        }
    }
}

/// Consistent with `Eq`: numeric card numbers first, by value; then text ones, by text.
impl Ord for CardNumber {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self.value, other.value) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => self.text.cmp(&other.text),
        }
    }
}

impl PartialOrd for CardNumber {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn card_forms_convert() {
        let c = CardNumber::from_hex_pairs("65 d8 a1 bd").unwrap();
        assert_eq!(c.as_str(), "65 D8 A1 BD");
        assert_eq!(c.to_decimal().unwrap(), "1708695997");
        let d = CardNumber::from_decimal("1708695997").unwrap();
        assert_eq!(d.to_hex_pairs().unwrap(), "65 D8 A1 BD");
        assert!(CardNumber::from_hex_pairs("65D8").is_err());
        assert!(CardNumber::from_hex_pairs("65  D8").is_err());
    }

    #[test]
    fn cards_compare_by_number_and_text_cards_by_text() {
        let d = CardNumber::from_decimal("1708695997").unwrap();
        let h = CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap();
        let lower = CardNumber::new("65 d8 a1 bd").unwrap();
        assert_eq!(d, h);
        assert_eq!(h, lower);
        let state = std::hash::RandomState::new();
        assert_eq!(state.hash_one(&d), state.hash_one(&h));
        assert_eq!(state.hash_one(&h), state.hash_one(&lower));
        assert_eq!(d.cmp(&h), std::cmp::Ordering::Equal);
        // The text stays as given.
        assert_eq!(d.as_str(), "1708695997");
        assert_eq!(format!("{d:?}"), "CardNumber(\"1708695997\")");
        // Leading zeros do not change the number.
        assert_eq!(
            CardNumber::new("0042").unwrap(),
            CardNumber::new("42").unwrap()
        );
        // A single hex pair built as hex is its hex value.
        assert_eq!(
            CardNumber::from_hex_pairs("12").unwrap(),
            CardNumber::from_decimal("18").unwrap()
        );
        // Free text: by text, never equal to a number.
        let t = CardNumber::new("ABC-123").unwrap();
        assert_eq!(t, CardNumber::new("ABC-123").unwrap());
        assert_ne!(t, CardNumber::new("abc-123").unwrap());
        assert_ne!(
            CardNumber::new("1 2").unwrap(),
            CardNumber::new("12").unwrap()
        );
        assert_ne!(d, CardNumber::from_decimal("1708695998").unwrap());
        assert!(d < t, "numbers sort before text");
        let set: std::collections::HashSet<CardNumber> = [d.clone(), h.clone(), t.clone()].into();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn emails_and_phones() {
        assert!(EmailAddress::new("a@b.co").is_ok());
        for bad in [
            "", "a", "a@", "@b.co", "a@b", "a b@c.de", "a@.de", "a@b..de",
        ] {
            assert!(EmailAddress::new(bad).is_err(), "{bad}");
        }
        assert!(PhoneNumber::new("+358401234567").is_ok());
        for (written, e164) in [
            ("+31612345678", "+31612345678"),
            ("+31 6 1234 5678", "+31612345678"),
            ("+31-6-1234-5678", "+31612345678"),
            ("+31.6.1234.5678", "+31612345678"),
            ("  +31 6/1234\u{a0}5678 ", "+31612345678"),
            ("+31 (0)6 12345678", "+31612345678"),
            ("+31(0)612345678", "+31612345678"),
            ("+44 (0)20 7946 0000", "+442079460000"),
            ("+1 (212) 555-1234", "+12125551234"),
            ("+39 06 1234 5678", "+390612345678"),
        ] {
            let p = PhoneNumber::new(written).unwrap_or_else(|e| panic!("{written}: {e}"));
            assert_eq!(p.as_str(), e164, "{written}");
            assert_eq!(p.to_string(), e164, "{written}");
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{e164}\""));
        }
        for (bad, says) in [
            ("06 1234 5678", "country code"),
            ("0031 6 1234 5678", "starting with 00"),
            ("+31 6 1234 5678 x12", "only digits"),
            ("+31 6 1234 +5678", "only digits"),
            ("+(0)31 6 1234 5678", "(0)"),
            ("+31 6 (0)1234 5678", "(0)"),
            ("+31 (0)6 (0)1234567", "(0)"),
            ("+31 (06) 12345678", "ambiguous"),
            ("+1 (212 555-1234", "unclosed"),
            ("+1 212) 555-1234", "only digits"),
            ("+1 () 212 555 1234", "only digits"),
            ("+1 ((212)) 555 1234", "only digits"),
            ("+31 6 12", "8 to 15 digits"),
        ] {
            let e = PhoneNumber::new(bad).expect_err(bad);
            assert_eq!(e.field, "phone");
            assert!(e.to_string().contains(says), "{bad}: {e}");
        }
        for bad in [
            "0401234567",
            "+0401234567",
            "+12",
            "+3584012345678901",
            "+35840abc",
        ] {
            assert!(PhoneNumber::new(bad).is_err(), "{bad}");
        }
    }
}
