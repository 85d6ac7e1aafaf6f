//! The id newtypes (re-exported at the crate root).

use std::fmt;
use std::str::FromStr;

use access_core::ValidationError;
use access_core::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Checks the `8-4-4-4-12` hex shape the device documents for `lock_uid` and
/// `seq_uid`.
pub(crate) fn check_8_4_4_4_12(field: &str, value: &str) -> Result<(), ValidationError> {
    let groups: Vec<&str> = value.split('-').collect();
    let ok = groups.len() == 5
        && groups
            .iter()
            .zip([8usize, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            "must be 8-4-4-4-12 hexadecimal digits",
        ))
    }
}

/// The session id the device hands out on connect (`POST /lock`) or take over
/// (`PUT /lock`), in the documented `8-4-4-4-12` format **\[V\]**.
///
/// Whoever knows it controls the device, so it is treated as a secret: `Debug`
/// redacts it and there is no `Display`; [`LockUid::expose_secret`] gives the
/// text. The client sends it for you as the `lock_uid` query parameter.
#[derive(Clone)]
pub struct LockUid(SecretString);

impl LockUid {
    /// Validates the `8-4-4-4-12` format; stored lowercase.
    pub fn new(value: impl AsRef<str>) -> Result<Self, ValidationError> {
        let v = value.as_ref().trim();
        check_8_4_4_4_12("lock_uid", v)?;
        Ok(Self(SecretString::from(v.to_ascii_lowercase())))
    }

    /// The id as the device writes it.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    pub(crate) fn to_secret(&self) -> SecretString {
        self.0.clone()
    }
}

impl PartialEq for LockUid {
    fn eq(&self, other: &Self) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl Eq for LockUid {}

impl std::hash::Hash for LockUid {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.expose_secret().hash(state);
    }
}

impl fmt::Debug for LockUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LockUid([redacted])")
    }
}

impl FromStr for LockUid {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl<'de> Deserialize<'de> for LockUid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        LockUid::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// The id of a match-template run (`seq_uid`, `8-4-4-4-12`) **\[seed\]**.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SeqUid(String);

impl SeqUid {
    /// Validates the `8-4-4-4-12` format.
    pub fn new(value: impl AsRef<str>) -> Result<Self, ValidationError> {
        let v = value.as_ref().trim();
        check_8_4_4_4_12("seq_uid", v)?;
        Ok(Self(v.to_string()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SeqUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for SeqUid {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl<'de> Deserialize<'de> for SeqUid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        SeqUid::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates: not empty, no surrounding whitespace, no control characters,
            /// not `.` or `..` (the id is sent as a path segment).
            pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
                let v = value.into();
                if v.is_empty() || v.trim() != v || v.chars().any(char::is_control) {
                    return Err(ValidationError::new(
                        $field,
                        "must be non-empty text without surrounding whitespace or control characters",
                    ));
                }
                access_core::http::check_segment($field, &v)?;
                Ok(Self(v))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // The device writes ids as strings; numbers are accepted too.
                let v = Value::deserialize(d)?;
                let s = match v {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    other => {
                        return Err(serde::de::Error::custom(format!(
                            "expected a string id, found {other}"
                        )))
                    }
                };
                // Lenient on the rest of the text, but an id the device answers is sent
                // back as a path segment: empty, `.` and `..` are refused here too.
                access_core::http::check_segment($field, &s).map_err(serde::de::Error::custom)?;
                Ok(Self(s))
            }
        }
    };
}

text_id!(
    /// A person's id on the device (`user_uuid`). Free text chosen by the
    /// integrator (the seed's examples use `"1"` and `"111"`), shared by the
    /// subject, user-info, face and log tables **\[seed\]**.
    UserUuid,
    "user_uuid"
);

text_id!(
    /// The id of one capture or match event in the device's buffer
    /// (`encounter_id`), found in the biometric-data and match-data answers and
    /// used to clear that buffer **\[seed\]**.
    EncounterId,
    "encounter_id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_ids_refuse_dot_and_empty_segments() {
        for bad in ["", ".", ".."] {
            assert!(UserUuid::new(bad).is_err(), "{bad:?}");
            assert!(EncounterId::new(bad).is_err(), "{bad:?}");
            let json = serde_json::to_string(bad).unwrap();
            assert!(serde_json::from_str::<UserUuid>(&json).is_err(), "{bad:?}");
            assert!(
                serde_json::from_str::<EncounterId>(&json).is_err(),
                "{bad:?}"
            );
        }
        for good in ["1", "111", "...", "a.b", "%2e%2e", "a/.."] {
            assert_eq!(UserUuid::new(good).unwrap().as_str(), good);
            let json = serde_json::to_string(good).unwrap();
            assert_eq!(
                serde_json::from_str::<UserUuid>(&json).unwrap().as_str(),
                good
            );
        }
    }

    #[test]
    fn lock_uid_shape() {
        assert!(LockUid::new("13dbb896-ed1e-11e6-9822-503f98000109").is_ok());
        assert!(LockUid::new("13dbb896ed1e11e69822503f98000109").is_err());
        assert!(LockUid::new("13dbb896-ed1e-11e6-9822-503f9800010g").is_err());
        assert_eq!(
            format!(
                "{:?}",
                LockUid::new("13dbb896-ed1e-11e6-9822-503f98000109").unwrap()
            ),
            "LockUid([redacted])"
        );
    }
}
