//! The logged-in user's own record (user path): `setConsent`, `setLicensePlate`,
//! `setCardPin`, `getPicture`, `setPicture`, `sendSupportMail`.
//!
//! These run with a [`Client<User>`](crate::Client): the person acts on their own
//! record, as EasySecure's mobile app does. Face templates come from the picture:
//! a picture can only be set after the user gave GDPR consent for biometrics
//! (403 "User did not give GDPR consent"), and only in a supported image format.
//!
//! **Provenance.** Paths and error rows **\[seed\]**; every body field name is
//! **\[I\]**: `consent`, `licensePlate`, `PIN`, `action`/`picture`/`extension`,
//! `email`/`subject`/`message`.

use std::fmt;

use access_core::http::Body;
use access_core::model::EmailAddress;
use access_core::{Error, SecretString, ValidationError};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::{ChangePassword, ChangePasswordError, RoleEndpoint, User};
use crate::client::Client;
use crate::model::non_empty;
use crate::model::{Ack, PinCode, de};

access_core::error_enum! {
    /// Failures of `POST /users/setConsent` **\[seed\]**.
    pub enum SetConsentError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 500 "Value already set": the consent already has this value.
        ValueAlreadySet = (500, message "Value already set") => Conflict,
        /// 500 "Can not save data".
        CannotSaveData = (500, message "Can not save data") => Other,
    }
}

access_core::error_enum! {
    /// Failures of `POST /users/setLicensePlate` **\[seed\]**.
    pub enum SetLicensePlateError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 403 "No permission": the company does not let users set this.
        NoPermission = (403, message "No permission") => Auth,
        /// 500 "Can not save data".
        CannotSaveData = (500, message "Can not save data") => Other,
    }
}

access_core::error_enum! {
    /// Failures of `POST /users/setCardPin` **\[seed\]**.
    pub enum SetCardPinError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 403 "No permission".
        NoPermission = (403, message "No permission") => Auth,
        /// 500 "Can not save data".
        CannotSaveData = (500, message "Can not save data") => Other,
    }
}

access_core::error_enum! {
    /// Failures of `POST /users/getPicture` **\[seed\]**.
    pub enum GetPictureError for crate::error::EasySecureErrorBody {
        /// 404 "Picture not found".
        PictureNotFound = (404, message "Picture not found") => NotFound,
    }
}

access_core::error_enum! {
    /// Failures of `POST /users/setPicture` **\[seed\]**.
    pub enum SetPictureError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 403 "User did not give GDPR consent": call `setConsent(true)` first.
        NoGdprConsent = (403, message "User did not give GDPR consent") => Auth,
        /// 403 "No permission".
        NoPermission = (403, message "No permission") => Auth,
        /// 500 "No action selected".
        NoActionSelected = (500, message "No action selected") => InvalidInput,
        /// 500 "Picture extension not supported" (the SDK refuses unsupported
        /// extensions before sending).
        ExtensionNotSupported = (500, message "Picture extension not supported") => InvalidInput,
    }
}

access_core::error_enum! {
    /// Failures of `POST /users/sendSupportMail` **\[seed\]**.
    pub enum SendSupportMailError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 400 "Invalid email" (the SDK checks the address before sending).
        InvalidEmail = (400, message "Invalid email") => InvalidInput,
        /// 500 "Support request email not sent".
        EmailNotSent = (500, message "Support request email not sent") => Other,
    }
}

/// `POST /users/setConsent` **\[seed\]**: records the user's GDPR consent for
/// biometrics (face). Body `{"consent": true|false}` **\[I\]**. Setting the value it
/// already has answers 500 "Value already set".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetConsent {
    consent: bool,
}

impl SetConsent {
    /// Gives (`true`) or withdraws consent.
    pub fn new(consent: bool) -> Self {
        Self { consent }
    }

    fn check(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for SetConsent {
        name: "POST /users/setConsent",
        method: POST,
        path: "users/setConsent",
        output: Ack,
        error: SetConsentError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<User> for SetConsent {}

/// `POST /users/setLicensePlate` **\[seed\]**: the user's licence plate for LPN
/// cameras. Body `{"licensePlate": …}` **\[I\]**.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetLicensePlate {
    #[serde(rename = "licensePlate")]
    license_plate: String,
}

impl SetLicensePlate {
    /// A non-empty plate without control characters.
    pub fn new(plate: impl Into<String>) -> Result<Self, ValidationError> {
        let s = Self {
            license_plate: plate.into(),
        };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        non_empty("licensePlate", &self.license_plate)
    }
}

access_core::endpoint! {
    impl Endpoint for SetLicensePlate {
        name: "POST /users/setLicensePlate",
        method: POST,
        path: "users/setLicensePlate",
        output: Ack,
        error: SetLicensePlateError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<User> for SetLicensePlate {}

/// `POST /users/setCardPin` **\[seed\]**: the PIN used with the user's card. Body
/// `{"PIN": "…"}` **\[I\]**. `Debug` does not show the PIN.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetCardPin {
    #[serde(rename = "PIN")]
    pin: PinCode,
}

impl SetCardPin {
    /// The new PIN.
    pub fn new(pin: PinCode) -> Self {
        Self { pin }
    }

    fn check(&self) -> Result<(), ValidationError> {
        PinCode::new(self.pin.expose()).map(|_| ())
    }
}

access_core::endpoint! {
    impl Endpoint for SetCardPin {
        name: "POST /users/setCardPin",
        method: POST,
        path: "users/setCardPin",
        output: Ack,
        error: SetCardPinError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
        secrets: |s| s.pin.secret().into_iter().collect(),
    }
}
impl RoleEndpoint<User> for SetCardPin {}

/// `POST /users/getPicture` **\[seed\]**: the user's face picture. Body `{}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GetPicture {}

impl GetPicture {
    /// The request.
    pub fn new() -> Self {
        Self {}
    }

    fn check(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

/// A face picture **\[I\]**: base64 image and its extension.
#[derive(Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Picture {
    /// `picture`: the image, base64 (a `data:` URL prefix is tolerated).
    #[serde(alias = "image", alias = "data", default)]
    pub picture: String,
    /// `extension`: `jpg`, `jpeg` or `png`.
    #[serde(default, deserialize_with = "de::opt_nonempty")]
    pub extension: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl fmt::Debug for Picture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Picture")
            .field("base64_len", &self.picture.len())
            .field("extension", &self.extension)
            .finish_non_exhaustive()
    }
}

impl Picture {
    /// The image bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, ValidationError> {
        let data = match self.picture.split_once(";base64,") {
            Some((_, d)) => d,
            None => &self.picture,
        };
        base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|e| ValidationError::new("picture", format!("is not base64: {e}")))
    }
}

access_core::endpoint! {
    impl Endpoint for GetPicture {
        name: "POST /users/getPicture",
        method: POST,
        path: "users/getPicture",
        output: Picture,
        error: GetPictureError,
        idempotent: true,
        decode: |_, r| r.json(),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<User> for GetPicture {}

/// The picture formats this SDK sends **\[I\]**: EasySecure answers 500 "Picture
/// extension not supported" for others, and does not list which it supports.
pub const SUPPORTED_PICTURE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png"];

/// What `setPicture` does (`action` **\[I\]**; a missing action answers 500 "No
/// action selected").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum PictureAction {
    /// Store the picture (and create the face template from it).
    #[serde(rename = "set")]
    Set,
    /// Delete the picture.
    #[serde(rename = "delete")]
    Delete,
}

/// `POST /users/setPicture` **\[seed\]**: sets or deletes the user's face picture,
/// from which terminals build the face template. Needs GDPR consent. Body
/// `{action, picture (base64), extension}` **\[I\]**. `Debug` shows the size only.
#[derive(Clone, PartialEq, Serialize)]
pub struct SetPicture {
    action: PictureAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    picture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extension: Option<String>,
}

impl fmt::Debug for SetPicture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetPicture")
            .field("action", &self.action)
            .field("base64_len", &self.picture.as_ref().map(String::len))
            .field("extension", &self.extension)
            .finish()
    }
}

/// Normalises an extension or file name to a supported extension, or refuses it.
pub fn picture_extension(name_or_extension: &str) -> Result<String, ValidationError> {
    let ext = name_or_extension
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if SUPPORTED_PICTURE_EXTENSIONS.contains(&ext.as_str()) {
        Ok(ext)
    } else {
        Err(ValidationError::new(
            "extension",
            format!("{ext:?} is not a supported picture type (jpg, jpeg, png)"),
        ))
    }
}

impl SetPicture {
    /// Uploads an image. `name_or_extension` is a file name (`face.JPG`) or an
    /// extension (`png`); anything but jpg, jpeg or png is refused before sending,
    /// as is an empty image.
    pub fn upload(name_or_extension: &str, image: &[u8]) -> Result<Self, ValidationError> {
        let extension = picture_extension(name_or_extension)?;
        if image.is_empty() {
            return Err(ValidationError::new("picture", "must not be empty"));
        }
        Ok(Self {
            action: PictureAction::Set,
            picture: Some(base64::engine::general_purpose::STANDARD.encode(image)),
            extension: Some(extension),
        })
    }

    /// Deletes the picture.
    pub fn delete() -> Self {
        Self {
            action: PictureAction::Delete,
            picture: None,
            extension: None,
        }
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.action == PictureAction::Set {
            picture_extension(self.extension.as_deref().unwrap_or_default())?;
            if self.picture.as_deref().is_none_or(str::is_empty) {
                return Err(ValidationError::new("picture", "must not be empty"));
            }
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for SetPicture {
        name: "POST /users/setPicture",
        method: POST,
        path: "users/setPicture",
        output: Ack,
        error: SetPictureError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<User> for SetPicture {}

/// `POST /users/sendSupportMail` **\[seed\]**: sends a support request from the user.
/// Body `{email, subject, message}` **\[I\]**; the address is validated before sending.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SendSupportMail {
    email: EmailAddress,
    subject: String,
    message: String,
}

impl SendSupportMail {
    /// A reply address, a subject and a non-empty message.
    pub fn new(
        email: &str,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        let s = Self {
            email: EmailAddress::new(email)?,
            subject: subject.into(),
            message: message.into(),
        };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        EmailAddress::new(self.email.as_str())?;
        if self.message.trim().is_empty() {
            return Err(ValidationError::new("message", "must not be empty"));
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for SendSupportMail {
        name: "POST /users/sendSupportMail",
        method: POST,
        path: "users/sendSupportMail",
        output: Ack,
        error: SendSupportMailError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<User> for SendSupportMail {}

/// The logged-in user's own record, on a user [`Client`]: `user.profile()`.
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a>(&'a Client<User>);

impl Client<User> {
    /// The user's own record (`/users/setConsent`, `setLicensePlate`, `setCardPin`,
    /// `getPicture`, `setPicture`, `sendSupportMail`, `changePassword`).
    pub fn profile(&self) -> Profile<'_> {
        Profile(self)
    }
}

impl Profile<'_> {
    /// `POST /users/setConsent`: gives (`true`) or withdraws GDPR consent for
    /// biometrics.
    pub async fn set_consent(self, consent: bool) -> Result<Ack, Error<SetConsentError>> {
        self.0.send(&SetConsent::new(consent)).await
    }

    /// `POST /users/setLicensePlate`.
    pub async fn set_license_plate(self, plate: &str) -> Result<Ack, Error<SetLicensePlateError>> {
        self.0.send(&SetLicensePlate::new(plate)?).await
    }

    /// `POST /users/setCardPin`.
    pub async fn set_card_pin(self, pin: PinCode) -> Result<Ack, Error<SetCardPinError>> {
        self.0.send(&SetCardPin::new(pin)).await
    }

    /// `POST /users/getPicture`: the user's face picture.
    pub async fn picture(self) -> Result<Picture, Error<GetPictureError>> {
        self.0.send(&GetPicture::new()).await
    }

    /// `POST /users/setPicture`: uploads ([`SetPicture::upload`]) or deletes
    /// ([`SetPicture::delete`]) the face picture.
    pub async fn set_picture(self, request: SetPicture) -> Result<Ack, Error<SetPictureError>> {
        self.0.send(&request).await
    }

    /// `POST /users/sendSupportMail`: a support request with a reply address.
    pub async fn send_support_mail(
        self,
        email: &str,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<Ack, Error<SendSupportMailError>> {
        self.0
            .send(&SendSupportMail::new(email, subject, message)?)
            .await
    }

    /// `POST /users/changePassword`.
    pub async fn change_password(
        self,
        old_password: SecretString,
        new_password: SecretString,
    ) -> Result<Ack, Error<ChangePasswordError>> {
        self.0
            .send(&ChangePassword::new(old_password, new_password)?)
            .await
    }
}
