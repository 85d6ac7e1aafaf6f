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

/// A phone number in E.164 form: `+`, then 8 to 15 digits, the first not 0.
/// iLOQ requires it for phone keys (and requires it unique).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Validates and wraps an E.164 number.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        let digits = v.strip_prefix('+').ok_or_else(|| {
            ValidationError::new("phone", "must be in E.164 form, starting with '+'")
        })?;
        if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new(
                "phone",
                "must be '+' followed by 8 to 15 digits (E.164)",
            ));
        }
        if digits.starts_with('0') {
            return Err(ValidationError::new(
                "phone",
                "the country code cannot start with 0 (E.164)",
            ));
        }
        Ok(Self(v))
    }

    /// The number as text, `+` included.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype_serde!(PhoneNumber);

/// A card number as the caller knows it.
///
/// Vendors write card numbers differently: the EF-45 wants hex pairs
/// (`65 D8 A1 BD`), EasySecure's USB reader gives the decimal value. A
/// `CardNumber` keeps the canonical bytes when the number is numeric, and
/// converts between the forms.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardNumber(String);

impl CardNumber {
    /// Any non-empty card number without control characters, kept as given.
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
        Ok(Self(v))
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
        Ok(Self(value.to_ascii_uppercase()))
    }

    /// A card number from its decimal value (as a USB desktop reader types it).
    pub fn from_decimal(value: &str) -> Result<Self, ValidationError> {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) || value.len() > 38 {
            return Err(ValidationError::new(
                "card_number",
                "must be a decimal number",
            ));
        }
        Ok(Self(value.to_string()))
    }

    /// The number as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The numeric value, when the number is in hex pairs or decimal.
    pub fn value(&self) -> Option<u128> {
        let s = self.0.as_str();
        if s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse().ok();
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn emails_and_phones() {
        assert!(EmailAddress::new("a@b.co").is_ok());
        for bad in [
            "", "a", "a@", "@b.co", "a@b", "a b@c.de", "a@.de", "a@b..de",
        ] {
            assert!(EmailAddress::new(bad).is_err(), "{bad}");
        }
        assert!(PhoneNumber::new("+358401234567").is_ok());
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
