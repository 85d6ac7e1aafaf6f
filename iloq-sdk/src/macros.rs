//! The crate's model macros: integer enums that keep unknown values, flag sets
//! that keep unknown bits, and the id newtypes. None of them writes an
//! endpoint or an error enum (those use `access_core::endpoint!` and
//! `access_core::error_enum!`), and none is exported.

/// An iLOQ integer enumeration: known values as variants, anything else kept
/// in `Unknown(i64)`. Serialized as the bare integer.
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this SDK does not know; the wire integer is kept.
            Unknown(i64),
        }

        impl $name {
            /// The wire integer.
            pub fn code(self) -> i64 {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown(v) => v,
                }
            }

            /// The value for a wire integer.
            pub fn from_code(code: i64) -> Self {
                match code {
                    $( $value => $name::$variant, )*
                    other => $name::Unknown(other),
                }
            }

            /// iLOQ's description of the value.
            pub fn description(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Unknown(_) => "value not documented by iLOQ",
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} ({})", self.description(), self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Self::from_code(crate::macros::lenient_i64(d)?))
            }
        }
    };
}

/// A bit mask as a typed flag set that keeps bits it does not know.
macro_rules! flags {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($repr:ty) {
            $( $(#[$vmeta:meta])* const $flag:ident = $value:expr; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(pub $repr);

        impl $name {
            $( $(#[$vmeta])* pub const $flag: $name = $name($value); )*

            /// Every named flag with its name.
            pub const NAMED: &'static [(&'static str, $name)] = &[ $( (stringify!($flag), $name::$flag), )* ];

            /// No bit set.
            pub const fn empty() -> Self {
                Self(0)
            }

            /// The raw bits.
            pub const fn bits(self) -> $repr {
                self.0
            }

            /// A set from raw bits; unknown bits are kept.
            pub const fn from_bits(bits: $repr) -> Self {
                Self(bits)
            }

            /// Whether every bit of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether any bit of `other` is set.
            pub const fn intersects(self, other: Self) -> bool {
                self.0 & other.0 != 0
            }

            /// This set with the bits of `other` added.
            pub const fn with(self, other: Self) -> Self {
                Self(self.0 | other.0)
            }

            /// This set with the bits of `other` removed.
            pub const fn without(self, other: Self) -> Self {
                Self(self.0 & !other.0)
            }

            /// The bits no named flag covers.
            pub fn unknown_bits(self) -> $repr {
                let known = Self::NAMED.iter().fold(0, |acc, (_, f)| acc | f.0);
                self.0 & !known
            }
        }

        impl std::ops::BitOr for $name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                Self(self.0 | rhs.0)
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut names: Vec<String> = Self::NAMED
                    .iter()
                    .filter(|(_, v)| v.0 != 0 && self.contains(*v))
                    .map(|(n, _)| (*n).to_string())
                    .collect();
                let unknown = self.unknown_bits();
                if unknown != 0 {
                    names.push(format!("{unknown:#x}"));
                }
                write!(f, "{}({} = {})", stringify!($name), self.0, names.join(" | "))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.0, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = crate::macros::lenient_bits(d)?;
                Ok(Self(v as $repr))
            }
        }
    };
}

/// A GUID id newtype: private field, `new`, `generate`, `as_uuid`, `FromStr`,
/// `Display`, and the bare GUID as its serde form.
macro_rules! guid_id {
    ($( $(#[$meta:meta])* $name:ident; )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// The id of a GUID.
            pub const fn new(id: uuid::Uuid) -> Self {
                Self(id)
            }

            /// A new random id (iLOQ advises integrators to generate their own GUIDs).
            pub fn generate() -> Self {
                Self(uuid::Uuid::new_v4())
            }

            /// The GUID.
            pub const fn as_uuid(&self) -> uuid::Uuid {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = access_core::ValidationError;
            /// Parses a GUID (8-4-4-4-12 hex digits, surrounding white space ignored).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s.trim()).map(Self).map_err(|_| {
                    access_core::ValidationError::new(stringify!($name), "must be a GUID (8-4-4-4-12 hex digits)")
                })
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(u: uuid::Uuid) -> Self {
                Self(u)
            }
        }
    )*};
}

/// Reads an integer that a server may send as a number or a numeric string
/// (access-core's [`access_core::lenient::Int`]); `null` or an empty string is an error.
pub(crate) fn lenient_i64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    access_core::lenient::read::<D, access_core::lenient::Int>(d)?
        .ok_or_else(|| serde::de::Error::custom("expected an integer, found nothing"))
}

/// A bit mask: an unsigned number up to 64 bits (a negative one is read as its
/// two's-complement bits), as a number or a numeric string.
pub(crate) struct Bits;

impl access_core::lenient::Reader for Bits {
    type Output = u64;
    const EXPECTING: &'static str = "a bit mask";
    fn read_bool(value: bool) -> Result<Option<u64>, String> {
        Err(format!("expected a bit mask, found {value}"))
    }
    fn read(text: std::borrow::Cow<'_, str>) -> Result<Option<u64>, String> {
        let t = text.trim();
        if let Ok(v) = t.parse::<u64>() {
            return Ok(Some(v));
        }
        #[allow(clippy::cast_sign_loss)]
        <access_core::lenient::Int as access_core::lenient::Reader>::read(text)
            .map(|v| v.map(|v| v as u64))
    }
}

/// Reads a bit mask ([`Bits`]); `null` or an empty string is an error.
pub(crate) fn lenient_bits<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    access_core::lenient::read::<D, Bits>(d)?
        .ok_or_else(|| serde::de::Error::custom("expected a bit mask, found nothing"))
}

pub(crate) use {flags, guid_id, int_enum};
