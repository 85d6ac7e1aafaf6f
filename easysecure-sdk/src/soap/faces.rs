//! Faces: `deletePictureAndTemplates` and `imageToFaceTemplate`, and the
//! [`Faces`] handle (`soap.faces()`).

use std::fmt;
use std::net::Ipv4Addr;

use access_core::http::Response;
use access_core::{DecodeError, Error, ValidationError};
use base64::Engine;

use super::client::{CompanyKey, SOAP_PATH, SoapClient};
use super::error::{Classify, decode_text, looks_like_error_code};
use super::wire::{self, Params, TextPolicy, check_user_id, latin1};
use super::xml::Param;
use crate::{UserId, WsAltUserId};

// ---------------------------------------------------------------------------
// deletePictureAndTemplates

/// The success string of a deleted profile picture **\[V\]** D deletePictureAndTemplates.
pub const PROFILE_PICTURE_DELETED: &str = "PROFILE_PICTURE_DELETED";
/// The success string of deleted face templates **\[V\]** D deletePictureAndTemplates.
pub const FACE_TEMPLATES_DELETED: &str = "FACE_TEMPLATES_DELETED";

/// What `deletePictureAndTemplates` reports deleted (its two success strings
/// **\[V\]** D deletePictureAndTemplates.php). The page does not show the answer
/// when both are asked for; the SDK reads each string wherever it appears in
/// the answer **\[I\]**.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deleted {
    /// `PROFILE_PICTURE_DELETED` was answered.
    pub picture: bool,
    /// `FACE_TEMPLATES_DELETED` was answered.
    pub templates: bool,
}

crate::soap::error::esws_errors! {
    /// Failures of `deletePictureAndTemplates` **\[V\]** D deletePictureAndTemplates.php.
    pub enum DeletePictureAndTemplatesError {
        /// `NO_WS_ALT_USER_ID_SET`: no `p_wsAltUserId` was sent.
        NoWsAltUserIdSet = (200, code "NO_WS_ALT_USER_ID_SET") => InvalidInput,
        /// `NO_WS_ALT_USER_ID_INFOFIELD_SET`: the company has no info label
        /// whose function is wsAltUserId.
        NoWsAltUserIdInfofieldSet = (200, code "NO_WS_ALT_USER_ID_INFOFIELD_SET") => InvalidInput,
        /// `NO_USER_FOUND_BASED_ON_WS_ALT_USER_ID_VALUE`: no user has this wsAltUserId.
        NoUserFoundBasedOnWsAltUserIdValue = (200, code "NO_USER_FOUND_BASED_ON_WS_ALT_USER_ID_VALUE") => NotFound,
        /// `NO_USER_FOUND_BASED_ON_INFO_ID_VALUE`: the page gives it the same
        /// meaning (no user for this wsAltUserId). Kind `InvalidInput`: the
        /// enum's one `NotFound` is the previous row.
        NoUserFoundBasedOnInfoIdValue = (200, code "NO_USER_FOUND_BASED_ON_INFO_ID_VALUE") => InvalidInput,
        /// `NO_ACTION_SELECTED`: both `p_deletePicture` and `p_deleteTemplates` were 0.
        NoActionSelected = (200, code "NO_ACTION_SELECTED") => InvalidInput,
    }
}

/// `Esws.deletePictureAndTemplates`: deletes the profile picture, the face
/// templates, or both, of the user with this wsAltUserId
/// **\[V\]** D deletePictureAndTemplates.php.
///
/// Parameters: `p_companyID`, `p_wsAltUserId`, `p_deletePicture` (0/1),
/// `p_deleteTemplates` (0/1); the two flags are `xsd:integer`, as in the page's
/// sample. Asking for neither is refused before sending (the service would
/// answer `NO_ACTION_SELECTED`). Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct DeletePictureAndTemplates {
    key: CompanyKey,
    alt_id: WsAltUserId,
    picture: bool,
    templates: bool,
}

impl DeletePictureAndTemplates {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "deletePictureAndTemplates";

    /// Deletes the picture (`picture`) and/or the face templates (`templates`)
    /// of `alt_id`; refuses neither.
    pub fn new(
        key: &CompanyKey,
        alt_id: WsAltUserId,
        picture: bool,
        templates: bool,
    ) -> Result<Self, ValidationError> {
        let s = Self {
            key: key.clone(),
            alt_id,
            picture,
            templates,
        };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        if !self.picture && !self.templates {
            return Err(ValidationError::new(
                "p_deleteTemplates",
                "delete the picture, the templates or both (NO_ACTION_SELECTED)",
            ));
        }
        Ok(())
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            (
                "p_wsAltUserId",
                Param::text(latin1(
                    "p_wsAltUserId",
                    self.alt_id.as_str(),
                    TextPolicy::Refuse,
                )?),
            ),
            ("p_deletePicture", Param::Integer(i64::from(self.picture))),
            (
                "p_deleteTemplates",
                Param::Integer(i64::from(self.templates)),
            ),
        ])
    }

    fn outcome(
        &self,
        r: &Response,
    ) -> Result<Result<Deleted, DeletePictureAndTemplatesError>, DecodeError> {
        let errors = Classify::<DeletePictureAndTemplatesError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(text) => {
                let text = text.unwrap_or_default();
                let deleted = Deleted {
                    picture: text.contains(PROFILE_PICTURE_DELETED),
                    templates: text.contains(FACE_TEMPLATES_DELETED),
                };
                if deleted.picture || deleted.templates {
                    Ok(deleted)
                } else {
                    Err(errors.any(r.status, &text))
                }
            }
        })
    }
}

access_core::endpoint! {
    impl Endpoint for DeletePictureAndTemplates {
        name: "ESWS Esws.deletePictureAndTemplates",
        method: POST,
        path: |_| SOAP_PATH,
        output: Deleted,
        error: DeletePictureAndTemplatesError,
        idempotent: false,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            s.check()?;
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// imageToFaceTemplate

/// The image formats `imageToFaceTemplate` accepts: jpg or png
/// **\[V\]** D imageToFaceTemplate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    /// `jpg`.
    Jpg,
    /// `png`.
    Png,
}

impl ImageFormat {
    /// The value of `p_extenstion`.
    pub fn as_wire(&self) -> &'static str {
        match self {
            ImageFormat::Jpg => "jpg",
            ImageFormat::Png => "png",
        }
    }
}

/// The FaceStation F2 (or BioStation 3, BioEntry W3) that extracts the
/// template: its IPv4 address, port and serial number as EasySecure knows
/// them **\[V\]** D imageToFaceTemplate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaceDevice {
    /// `p_ip`.
    pub ip: Ipv4Addr,
    /// `p_port`.
    pub port: u16,
    /// `p_did`: the device's serial number.
    pub did: u64,
}

/// The answer of an accepted `imageToFaceTemplate`. The page's success answer
/// is cut off in the stored copy; the text is kept as sent (the simulator
/// answers `OK` **\[I\]**).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemplateReply {
    /// The service's answer.
    pub message: String,
}

crate::soap::error::esws_errors! {
    /// Failures of `imageToFaceTemplate` **\[V\]** D imageToFaceTemplate.php
    /// (the list after `CURL_ERROR_NO_X` is cut off in the stored copy).
    pub enum ImageToFaceTemplateError {
        /// `NO_ID_RECEIVED`: no `p_Id` was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `ONLY_PNG_OR_JPG_EXTENSIONS_ARE_ACCEPTED` (with `p_updatePicture` 1).
        OnlyPngOrJpgExtensionsAreAccepted = (200, code "ONLY_PNG_OR_JPG_EXTENSIONS_ARE_ACCEPTED") => InvalidInput,
        /// `USER_WAS_NOT_FOUND`: no user has this id.
        UserWasNotFound = (200, code "USER_WAS_NOT_FOUND") => NotFound,
        /// `NO_IMAGE_DATA_RECEIVED` (with `p_updatePicture` 1).
        NoImageDataReceived = (200, code "NO_IMAGE_DATA_RECEIVED") => InvalidInput,
        /// `NO_EXTENSION_RECEIVED` (with `p_updatePicture` 1).
        NoExtensionReceived = (200, code "NO_EXTENSION_RECEIVED") => InvalidInput,
        /// `IP_NOT_ALLOWED`: EasySecure has no device at `p_ip`.
        IpNotAllowed = (200, code "IP_NOT_ALLOWED") => InvalidInput,
        /// `DID_NOT_ALLOWED`: EasySecure has no device with serial `p_did`.
        DidNotAllowed = (200, code "DID_NOT_ALLOWED") => InvalidInput,
        /// `CURL_ERROR_NO_<n>`: the APIServer2/EasyConnect could not be called.
        CurlError = (200, contains "CURL_ERROR_NO_") => Device,
    }
}

/// `Esws.imageToFaceTemplate`: turns a picture of the user into a Suprema
/// face template on a FaceStation F2, optionally also making it the user's
/// profile picture **\[V\]** D imageToFaceTemplate.php.
///
/// Parameters in the table's order: `p_companyID`, `p_updatePicture` (0/1),
/// `p_Id`, `p_data` (the image, base64), `p_extenstion` (sic: `jpg` or `png`),
/// `p_ip`, `p_port`, `p_did`. All are sent as `xsd:string` (the page's sample
/// is not in the stored copy; its table calls the extension and the IP
/// "integer", which they cannot be) **\[I\]**. A user with 2 templates loses the
/// first. Needs a public APIServer2/EasyConnect and IdentySoft.BioStarScannersV2
/// 3.0.37 or later. `Debug` shows the image's size only. Not idempotent.
#[derive(Clone)]
pub struct ImageToFaceTemplate {
    key: CompanyKey,
    id: UserId,
    image: Vec<u8>,
    format: ImageFormat,
    device: FaceDevice,
    update_picture: bool,
}

impl fmt::Debug for ImageToFaceTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageToFaceTemplate")
            .field("key", &self.key)
            .field("id", &self.id)
            .field("image_len", &self.image.len())
            .field("format", &self.format)
            .field("device", &self.device)
            .field("update_picture", &self.update_picture)
            .finish()
    }
}

impl ImageToFaceTemplate {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "imageToFaceTemplate";

    /// A template for user `id` from `image` (the file's bytes) on `device`;
    /// refuses an id outside 1 to 400000000 and an empty image.
    pub fn new(
        key: &CompanyKey,
        id: UserId,
        image: impl Into<Vec<u8>>,
        format: ImageFormat,
        device: FaceDevice,
    ) -> Result<Self, ValidationError> {
        let s = Self {
            key: key.clone(),
            id,
            image: image.into(),
            format,
            device,
            update_picture: false,
        };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        check_user_id("p_Id", self.id)?;
        if self.image.is_empty() {
            return Err(ValidationError::new("p_data", "must not be empty"));
        }
        Ok(())
    }

    /// `p_updatePicture`: also make the image the user's profile picture.
    pub fn update_picture(mut self, yes: bool) -> Self {
        self.update_picture = yes;
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            (
                "p_updatePicture",
                Param::text(u8::from(self.update_picture).to_string()),
            ),
            ("p_Id", Param::text(self.id.to_string())),
            (
                "p_data",
                Param::text(base64::engine::general_purpose::STANDARD.encode(&self.image)),
            ),
            ("p_extenstion", Param::text(self.format.as_wire())),
            ("p_ip", Param::text(self.device.ip.to_string())),
            ("p_port", Param::text(self.device.port.to_string())),
            ("p_did", Param::text(self.device.did.to_string())),
        ])
    }

    fn outcome(
        &self,
        r: &Response,
    ) -> Result<Result<TemplateReply, ImageToFaceTemplateError>, DecodeError> {
        let errors = Classify::<ImageToFaceTemplateError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(text) => {
                let message = text.unwrap_or_default();
                if message.is_empty() || looks_like_error_code(&message) {
                    Err(errors.any(r.status, &message))
                } else {
                    Ok(TemplateReply { message })
                }
            }
        })
    }
}

access_core::endpoint! {
    impl Endpoint for ImageToFaceTemplate {
        name: "ESWS Esws.imageToFaceTemplate",
        method: POST,
        path: |_| SOAP_PATH,
        output: TemplateReply,
        error: ImageToFaceTemplateError,
        idempotent: false,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| s.check(),
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// the handle

/// Face calls of a [`SoapClient`]: `soap.faces()`.
#[derive(Debug, Clone, Copy)]
pub struct Faces<'a>(&'a SoapClient);

impl SoapClient {
    /// Profile pictures and face templates (`deletePictureAndTemplates`,
    /// `imageToFaceTemplate`).
    pub fn faces(&self) -> Faces<'_> {
        Faces(self)
    }
}

impl Faces<'_> {
    /// `deletePictureAndTemplates`: deletes the picture and/or the face
    /// templates of `alt_id`.
    pub async fn delete(
        self,
        alt_id: WsAltUserId,
        picture: bool,
        templates: bool,
    ) -> Result<Deleted, Error<DeletePictureAndTemplatesError>> {
        self.0
            .send(&DeletePictureAndTemplates::new(
                self.0.key(),
                alt_id,
                picture,
                templates,
            )?)
            .await
    }

    /// `imageToFaceTemplate`: a face template for user `id` from `image` on
    /// `device` (build [`ImageToFaceTemplate`] to also set the profile picture).
    pub async fn template_from_image(
        self,
        id: UserId,
        image: impl Into<Vec<u8>>,
        format: ImageFormat,
        device: FaceDevice,
    ) -> Result<TemplateReply, Error<ImageToFaceTemplateError>> {
        self.0
            .send(&ImageToFaceTemplate::new(
                self.0.key(),
                id,
                image,
                format,
                device,
            )?)
            .await
    }
}
