//! Credentials: what a person presents at a door or terminal.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::identity::{CardNumber, EmailAddress, PhoneNumber};
use crate::error::ValidationError;

/// A PIN code: digits only, 4 to 12 of them. Its `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Pin(String);

impl Pin {
    /// Validates a PIN.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let v = value.into();
        if !(4..=12).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new("pin", "must be 4 to 12 digits"));
        }
        Ok(Self(v))
    }

    /// The digits. Handle with care: a PIN opens doors.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin([redacted])")
    }
}

impl<'de> Deserialize<'de> for Pin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Pin::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// The kinds of credential, for capability reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CredentialKind {
    /// An RFID card or tag number.
    Card,
    /// A PIN code.
    Pin,
    /// A vehicle licence plate (EasySecure LPN cameras).
    LicencePlate,
    /// A key on a phone (iLOQ phone key, Allthenticate app, EasySecure mobile card).
    MobileKey,
    /// A programmed physical key or fob (iLOQ S5 key).
    PhysicalKey,
    /// A face template or picture.
    Face,
    /// A QR code.
    QrCode,
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            CredentialKind::Card => "card",
            CredentialKind::Pin => "PIN",
            CredentialKind::LicencePlate => "licence plate",
            CredentialKind::MobileKey => "mobile key",
            CredentialKind::PhysicalKey => "physical key",
            CredentialKind::Face => "face",
            CredentialKind::QrCode => "QR code",
        };
        f.write_str(s)
    }
}

/// A credential to issue to or revoke from a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Credential {
    /// A card number.
    Card {
        /// The number.
        number: CardNumber,
    },
    /// A PIN.
    Pin {
        /// The PIN.
        pin: Pin,
    },
    /// A licence plate.
    LicencePlate {
        /// The plate as written.
        plate: String,
    },
    /// A key on a phone, sent to a number or an address.
    MobileKey {
        /// The phone number (E.164), where the vendor sends the key by SMS.
        phone: Option<PhoneNumber>,
        /// The e-mail address, where the vendor sends the key by mail.
        email: Option<EmailAddress>,
    },
    /// A pre-programmed physical key or fob, by the vendor's id for it (iLOQ Key_ID
    /// or the ROM id printed on it).
    PhysicalKey {
        /// The key's id.
        key_id: String,
    },
    /// A face picture (JPEG or PNG bytes, base64 in JSON).
    Face {
        /// The image, base64-encoded.
        image_base64: String,
    },
    /// A QR code (the vendor generates the value).
    QrCode,
}

impl Credential {
    /// The kind of this credential.
    pub fn kind(&self) -> CredentialKind {
        match self {
            Credential::Card { .. } => CredentialKind::Card,
            Credential::Pin { .. } => CredentialKind::Pin,
            Credential::LicencePlate { .. } => CredentialKind::LicencePlate,
            Credential::MobileKey { .. } => CredentialKind::MobileKey,
            Credential::PhysicalKey { .. } => CredentialKind::PhysicalKey,
            Credential::Face { .. } => CredentialKind::Face,
            Credential::QrCode => CredentialKind::QrCode,
        }
    }

    /// A card credential.
    pub fn card(number: CardNumber) -> Self {
        Credential::Card { number }
    }

    /// A PIN credential.
    pub fn pin(pin: Pin) -> Self {
        Credential::Pin { pin }
    }

    /// A licence plate credential; refused when empty.
    pub fn licence_plate(plate: impl Into<String>) -> Result<Self, ValidationError> {
        let plate = plate.into();
        if plate.trim().is_empty() {
            return Err(ValidationError::new("licence_plate", "must not be empty"));
        }
        Ok(Credential::LicencePlate { plate })
    }

    /// A mobile key sent by phone and/or e-mail; at least one is required.
    pub fn mobile_key(
        phone: Option<PhoneNumber>,
        email: Option<EmailAddress>,
    ) -> Result<Self, ValidationError> {
        if phone.is_none() && email.is_none() {
            return Err(ValidationError::new(
                "mobile_key",
                "needs a phone number or an e-mail address",
            ));
        }
        Ok(Credential::MobileKey { phone, email })
    }

    /// A physical key by id; refused when empty.
    pub fn physical_key(key_id: impl Into<String>) -> Result<Self, ValidationError> {
        let key_id = key_id.into();
        if key_id.trim().is_empty() {
            return Err(ValidationError::new("key_id", "must not be empty"));
        }
        Ok(Credential::PhysicalKey { key_id })
    }
}

/// Where a credential stands on the vendor's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CredentialState {
    /// Usable at the doors.
    Active,
    /// Accepted but not yet usable: the hardware still has to be programmed or
    /// synchronised. `stage` is the vendor's word for it (`Ordered`, `Sent`, ...).
    Pending {
        /// The vendor's stage.
        stage: String,
    },
    /// Withdrawn.
    Revoked,
    /// The vendor refused or failed it.
    Failed {
        /// Why.
        reason: String,
    },
}

/// A credential a person holds, with its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CredentialRecord {
    /// The credential.
    pub credential: Credential,
    /// Its state.
    pub state: CredentialState,
}

impl CredentialRecord {
    /// A record.
    pub fn new(credential: Credential, state: CredentialState) -> Self {
        Self { credential, state }
    }

    /// A record of a credential in force ([`CredentialState::Active`]), as a
    /// vendor's `list_credentials` reports what it finds stored.
    ///
    /// ```
    /// use access_core::model::{Credential, CredentialRecord, CredentialState};
    ///
    /// let record = CredentialRecord::active(Credential::QrCode);
    /// assert_eq!(record.state, CredentialState::Active);
    /// ```
    pub fn active(credential: Credential) -> Self {
        Self::new(credential, CredentialState::Active)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_record_is_active() {
        let record = CredentialRecord::active(Credential::QrCode);
        assert_eq!(
            record,
            CredentialRecord::new(Credential::QrCode, CredentialState::Active)
        );
    }
}
