//! The crate's few macros: integer enums that keep unknown values, flag sets
//! that keep unknown bits, id newtypes, error enums built from their rows, and
//! the endpoint definitions.

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

/// A GUID id newtype.
macro_rules! guid_id {
    ($( $(#[$meta:meta])* $name:ident; )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A new random id (iLOQ advises integrators to generate their own GUIDs).
            pub fn generate() -> Self {
                Self(uuid::Uuid::new_v4())
            }

            /// Parses a GUID.
            pub fn parse(value: &str) -> Result<Self, access_core::ValidationError> {
                uuid::Uuid::parse_str(value.trim()).map(Self).map_err(|_| {
                    access_core::ValidationError::new(stringify!($name), "must be a GUID (8-4-4-4-12 hex digits)")
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = access_core::ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(u: uuid::Uuid) -> Self {
                Self(u)
            }
        }
    )*};
}

/// An endpoint's error enum, built from its documented rows: each row is a
/// variant recognised by HTTP status and a fragment of iLOQ's `Message`
/// (case-insensitive). Every enum also has `Unknown`, which keeps status, code
/// and message of anything else.
macro_rules! iloq_error {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($status:literal, $fragment:literal, $kind:ident), )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[error("{code}: {message}")]
                $variant {
                    /// iLOQ's `Code`.
                    code: String,
                    /// iLOQ's `Message`.
                    message: String,
                },
            )*
            /// A failure iLOQ does not document for this endpoint; status, `Code`
            /// and `Message` are kept.
            #[error("HTTP {status}: {code}: {message}")]
            Unknown {
                /// The HTTP status.
                status: u16,
                /// iLOQ's `Code` (empty when absent).
                code: String,
                /// iLOQ's `Message`, or the body text.
                message: String,
            },
        }

        impl access_core::ServiceError for $name {
            fn from_response(r: &access_core::http::Response) -> Option<Self> {
                let body = crate::error::ErrorBody::parse(r)?;
                let _lower = body.message.to_ascii_lowercase();
                $(
                    if r.status == $status && _lower.contains(&$fragment.to_ascii_lowercase()) {
                        return Some($name::$variant { code: body.code, message: body.message });
                    }
                )*
                Some($name::Unknown { status: r.status, code: body.code, message: body.message })
            }

            fn kind(&self) -> access_core::ErrorKind {
                match self {
                    $( $name::$variant { .. } => access_core::ErrorKind::$kind, )*
                    $name::Unknown { status, code, .. } => crate::error::kind_of(*status, code),
                }
            }
        }
    };
}

/// One documented endpoint: the request struct (fields private, set by `new`),
/// and its `Endpoint` implementation.
macro_rules! endpoint {
    (@ctor $name:ident { $( $field:ident : $fty:ty ),* }) => {
        impl $name {
            /// The request with its required parameters.
            #[allow(clippy::new_without_default)]
            pub fn new($( $field: $fty ),*) -> Self {
                Self { $( $field ),* }
            }
        }
    };
    (@ctor $name:ident { $( $field:ident : $fty:ty ),* } validate($vs:ident)) => {
        impl $name {
            /// The request with its required parameters, checked against iLOQ's
            /// documented rules before anything is sent.
            pub fn new($( $field: $fty ),*) -> Result<Self, access_core::ValidationError> {
                let request = Self { $( $field ),* };
                access_core::http::Endpoint::validate(&request)?;
                Ok(request)
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $( $(#[$fmeta:meta])* $field:ident : $fty:ty ),* $(,)? }
        $method:ident $wire:literal;
        path($ps:ident) $path:block
        $( query($qs:ident) $query:block )?
        $( body($bs:ident) $body:block )?
        $( validate($vs:ident) $validate:block )?
        output $out:ty = $decode:path;
        error $err:ty;
        idempotent $idem:literal;
        $( authenticated $auth:literal; )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: $fty, )*
        }

        crate::macros::endpoint!(@ctor $name { $( $field : $fty ),* } $( validate($vs) )?);

        impl access_core::http::Endpoint for $name {
            type Output = $out;
            type Error = $err;
            const METHOD: access_core::http::Method = access_core::http::Method::$method;
            const NAME: &'static str = $wire;
            const IDEMPOTENT: bool = $idem;
            $( const AUTHENTICATED: bool = $auth; )?

            fn path(&self) -> std::borrow::Cow<'_, str> {
                let $ps = self;
                std::borrow::Cow::Owned($path)
            }

            $(
                fn query(&self) -> access_core::http::Query {
                    let $qs = self;
                    $query
                }
            )?

            $(
                fn body(&self) -> Result<access_core::http::Body, access_core::ValidationError> {
                    let $bs = self;
                    $body
                }
            )?

            $(
                fn validate(&self) -> Result<(), access_core::ValidationError> {
                    let $vs = self;
                    $validate
                }
            )?

            fn decode(&self, r: access_core::http::Response) -> Result<$out, access_core::DecodeError> {
                $decode(r)
            }
        }
    };
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

pub(crate) use {endpoint, flags, guid_id, iloq_error, int_enum};
