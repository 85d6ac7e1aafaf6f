//! The id newtypes, re-exported at the crate root.

use std::fmt;
use std::str::FromStr;

use access_core::ValidationError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::de;

/// The integrator's own id of a user (HR employee number, reservation id), stored by
/// EasySecure in the info field whose *info label function* is `wsAltUserId`
/// **\[V\]** D. `setUsers` upserts by it **\[seed\]**. Never empty: the API answers
/// 400 "wsAltUserId needs to have a value. Cannot be empty", and this type refuses
/// it before sending.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WsAltUserId(String);

impl WsAltUserId {
    /// Validates the id: not empty, not only whitespace, at most 255 characters,
    /// no control characters.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        if v.trim().is_empty() {
            return Err(ValidationError::new("wsAltUserId", "must not be empty"));
        }
        if v.chars().count() > 255 || v.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "wsAltUserId",
                "must be at most 255 printable characters",
            ));
        }
        Ok(Self(v))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for WsAltUserId {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, ValidationError> {
        Self::new(s)
    }
}

impl fmt::Display for WsAltUserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for WsAltUserId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for WsAltUserId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = de::opt_string_or_number(d)?.unwrap_or_default();
        WsAltUserId::new(s).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<&access_core::model::ExternalId> for WsAltUserId {
    type Error = ValidationError;
    fn try_from(id: &access_core::model::ExternalId) -> Result<Self, ValidationError> {
        WsAltUserId::new(id.as_str())
    }
}

/// EasySecure's own numeric user id (`UserId`; SOAP `p_Id`, 1 to 400000000 **\[V\]** D).
///
/// [`UserId::new`] takes any number (the endpoints check the range before
/// sending); parsing text ([`FromStr`]) accepts only an integer from 1 to
/// 400000000, as `/admins/setWsAltUserId` documents ("The user id needs to be
/// integer" **\[seed\]**).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(u64);

impl UserId {
    /// The highest user id EasySecure documents **\[V\]** D.
    pub const MAX: u64 = 400_000_000;

    /// A user id from its number.
    pub const fn new(id: u64) -> Self {
        Self(id)
    }

    /// The number.
    pub const fn as_u64(&self) -> u64 {
        self.0
    }

    /// Whether the number is in EasySecure's range (1 to 400000000).
    pub fn is_valid(&self) -> bool {
        (1..=Self::MAX).contains(&self.0)
    }
}

impl FromStr for UserId {
    type Err = ValidationError;
    fn from_str(value: &str) -> Result<Self, ValidationError> {
        value
            .trim()
            .parse::<u64>()
            .ok()
            .map(UserId)
            .filter(UserId::is_valid)
            .ok_or_else(|| ValidationError::new("userId", "must be an integer from 1 to 400000000"))
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
