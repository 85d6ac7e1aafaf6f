//! Phone keys ("mobile keys", S50) **\[V\]** ENK README "Phone keys".
//!
//! The flow: insert a key with KeyTypeMask 6 and a `Person_ID`
//! ([`crate::keys::NewKey::phone`]), `PUT /KeyPhones` with the (unique) phone number
//! and/or e-mail, give it a main zone and API accesses, then `CanOrder` and
//! `Order`: iLOQ sends the registration SMS or e-mail and the key is "Sent"
//! (ProgrammingState Ordered) until the S50 app registers, when it becomes
//! Programmed. `ReRegister` sends the invite again; `CanReturn` + `Return`
//! revokes (the phone's return cannot be monitored, e.g. in flight mode, T4E).

use access_core::http::{Body, segment};
use access_core::model::{EmailAddress, PhoneNumber};
use access_core::{Error, ValidationError};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::ids::KeyId;
use crate::macros::flags;

flags! {
    /// `KeyPhone.OptionMask` (FNKeyPhoneOptionMask) **\[V\]** ENK. Only
    /// [`KeyPhoneOptions::USE_EMAIL`] is writable.
    pub struct KeyPhoneOptions(u32) {
        /// Waiting for registration (must be re-registered).
        const WAITING_FOR_REGISTRATION = 1;
        /// Registered.
        const REGISTERED = 2;
        /// MePIN link replace required.
        const MEPIN_REPLACE = 4;
        /// Messages by e-mail instead of SMS ("UseEmail", the only writable bit).
        const USE_EMAIL = 8;
        /// Migrated from MePIN.
        const MIGRATED_FROM_MEPIN = 16;
        /// An authorizer user was created for this key.
        const AUTHORIZER_USER = 32;
    }
}

/// A phone key's phone details (`KeyPhone`) **\[V\]** ENK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyPhone {
    /// `FNKey_ID`.
    #[serde(rename = "FNKey_ID")]
    pub key_id: KeyId,
    /// `PhoneNo`.
    #[serde(rename = "PhoneNo", default)]
    pub phone: Option<String>,
    /// `Email`.
    #[serde(rename = "Email", default)]
    pub email: Option<String>,
    /// `OptionMask`: registered, waiting for registration, UseEmail, ...
    #[serde(rename = "OptionMask", default)]
    pub options: KeyPhoneOptions,
    /// `RequestTypeMask`: 1 = the phone's lock list has changed.
    #[serde(rename = "RequestTypeMask", default)]
    pub request_type: i64,
}

/// The body of `PUT /KeyPhones` (`UpdateKeyPhoneParam`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct KeyPhoneUpdate {
    /// `FNKey_ID`.
    #[serde(rename = "FNKey_ID")]
    pub key_id: KeyId,
    /// `PhoneNo` (E.164, unique in the locking system).
    #[serde(rename = "PhoneNo")]
    pub phone: Option<PhoneNumber>,
    /// `Email`.
    #[serde(rename = "Email")]
    pub email: Option<EmailAddress>,
    /// `OptionMask`: only the UseEmail bit is writable.
    #[serde(rename = "OptionMask")]
    pub options: KeyPhoneOptions,
}

impl KeyPhoneUpdate {
    /// The invite goes by SMS to `phone`.
    pub fn sms(key_id: KeyId, phone: PhoneNumber) -> Self {
        Self {
            key_id,
            phone: Some(phone),
            email: None,
            options: KeyPhoneOptions::empty(),
        }
    }

    /// The invite goes by e-mail (UseEmail bit set); a phone number is still
    /// allowed (`CanOrder` 9 asks for one on some systems).
    pub fn email(key_id: KeyId, email: EmailAddress, phone: Option<PhoneNumber>) -> Self {
        Self {
            key_id,
            phone,
            email: Some(email),
            options: KeyPhoneOptions::USE_EMAIL,
        }
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.options.without(KeyPhoneOptions::USE_EMAIL).bits() != 0 {
            return Err(ValidationError::new(
                "OptionMask",
                "only the UseEmail bit (8) is writable",
            ));
        }
        if self.options.contains(KeyPhoneOptions::USE_EMAIL) && self.email.is_none() {
            return Err(ValidationError::new(
                "Email",
                "is required when UseEmail is set",
            ));
        }
        if self.phone.is_none() && self.email.is_none() {
            return Err(ValidationError::new(
                "PhoneNo",
                "a phone number or an e-mail address is required",
            ));
        }
        Ok(())
    }
}

/// `GET /api/v2/Keys/{id}/KeyPhone` **\[V\]** ENK.
#[derive(Debug, Clone)]
pub struct GetKeyPhone {
    id: KeyId,
}

impl GetKeyPhone {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetKeyPhone {
        name: "GET /api/v2/Keys/{id}/KeyPhone",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/KeyPhone", segment(&s.id.to_string())),
        output: KeyPhone,
        error: GetKeyPhoneError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/KeyPhone` (iLOQ documents none per endpoint: its general rows).
    pub enum GetKeyPhoneError {
    }
}

/// `PUT /api/v2/KeyPhones` **\[V\]** ENK: sets the phone number (E.164, ES;
/// unique) and e-mail; only UseEmail (8) is writable in `OptionMask`.
#[derive(Debug, Clone)]
pub struct UpdateKeyPhone {
    update: KeyPhoneUpdate,
}

impl UpdateKeyPhone {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(update: KeyPhoneUpdate) -> Result<Self, ValidationError> {
        let request = Self { update };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateKeyPhone {
        name: "PUT /api/v2/KeyPhones",
        method: PUT,
        path: "api/v2/KeyPhones",
        output: (),
        error: UpdateKeyPhoneError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.update),
        validate: |s| s.update.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/KeyPhones` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdateKeyPhoneError {
    }
}

/// `POST /api/v2/KeyPhones/{id}/ReRegister` **\[V\]** ENK KeyPhonesApi: sends
/// a new registration message to the phone ({id} is the key id).
#[derive(Debug, Clone)]
pub struct ReRegisterKeyPhone {
    id: KeyId,
}

impl ReRegisterKeyPhone {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for ReRegisterKeyPhone {
        name: "POST /api/v2/KeyPhones/{id}/ReRegister",
        method: POST,
        path: |s| format!("api/v2/KeyPhones/{}/ReRegister", segment(&s.id.to_string())),
        output: (),
        error: ReRegisterKeyPhoneError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/KeyPhones/{id}/ReRegister` (iLOQ documents none per endpoint: its general rows).
    pub enum ReRegisterKeyPhoneError {
    }
}

/// Phone key calls of a [`Client`]: `client.key_phones()`.
#[derive(Debug, Clone, Copy)]
pub struct KeyPhones<'a>(&'a Client);

impl Client {
    /// Phone keys, mobile keys (`/api/v2/KeyPhones`).
    pub fn key_phones(&self) -> KeyPhones<'_> {
        KeyPhones(self)
    }
}

impl KeyPhones<'_> {
    /// The phone details of a phone key.
    pub async fn get(self, key: KeyId) -> Result<KeyPhone, Error<GetKeyPhoneError>> {
        self.0.send(&GetKeyPhone::new(key)).await
    }

    /// Sets phone number, e-mail and the UseEmail bit.
    pub async fn update(self, update: KeyPhoneUpdate) -> Result<(), Error<UpdateKeyPhoneError>> {
        self.0.send(&UpdateKeyPhone::new(update)?).await
    }

    /// Sends the registration message again.
    pub async fn re_register(self, key: KeyId) -> Result<(), Error<ReRegisterKeyPhoneError>> {
        self.0.send(&ReRegisterKeyPhone::new(key)).await
    }
}
