//! Enrolment: the biometric-data buffer the camera fills, and images.
//!
//! The documented recipe [V, E1]: set the camera mode to `Slave`; read the
//! biometric-data list and delete it; start the camera; poll biometric data
//! until a record arrives (about 5 MB: iris templates, images, faces); delete
//! the buffer by its `encounter_id`. [`crate::Client::enrolment`] wraps this in
//! a capture stream.

use access_core::ValidationError;
use access_core::http::{Body, segment};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::CameraError;
use crate::faces::Face;
use crate::macros::endpoint;
use crate::types::{Ack, EncounterId, Page, UserUuid, decode_base64_lenient, encode_base64};

/// Which biometric-data endpoint the device serves \[seed\].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BiometricDataVersion {
    /// The original endpoint, up to app 1.2.33: `GET /biometric-data` [I, high].
    Original,
    /// The revised endpoint, since app 1.2.34: `GET /biometric-data/v2` \[I\].
    Revised,
}

/// One captured record in the biometric-data buffer. The schema is not
/// published; the field names follow the subject and face tables (E3, E5) and
/// everything else is kept in `extra` \[I\].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BiometricRecord {
    /// The capture's id; delete the buffer with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encounter_id: Option<EncounterId>,
    /// The user the capture was made for, if the device knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_uuid: Option<UserUuid>,
    /// The left iris template (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_eye_template: Option<String>,
    /// The right iris template (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right_eye_template: Option<String>,
    /// The captured faces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faces: Vec<Face>,
    /// Everything else (images, quality scores...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl BiometricRecord {
    /// A record (the simulator builds these).
    pub fn new(encounter_id: EncounterId) -> Self {
        Self {
            encounter_id: Some(encounter_id),
            user_uuid: None,
            left_eye_template: None,
            right_eye_template: None,
            faces: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Whether iris templates are present.
    pub fn has_iris(&self) -> bool {
        self.left_eye_template.is_some() || self.right_eye_template.is_some()
    }
}

/// `GET /1.0/biometric-data` (up to app 1.2.33) or `GET /1.0/biometric-data/v2`
/// (since 1.2.34) [I paths: E1 names "biometric-data(GET)"; the revised path is
/// not shown anywhere]: the capture buffer, an `items` list (empty while the
/// capture runs). Answers are about **5 MB**: the client sends this call with a
/// per-call size limit of [`crate::client::BIOMETRIC_DATA_LIMIT`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GetBiometricData {
    version: BiometricDataVersion,
}

impl GetBiometricData {
    /// Reads the buffer with the given endpoint version.
    pub fn new(version: BiometricDataVersion) -> Self {
        Self { version }
    }
}

endpoint! {
    GetBiometricData: GET "GET /biometric-data",
    idempotent = true,
    auth = true,
    error = CameraError,
    output = Page<BiometricRecord>,
    path = |s| match s.version {
        BiometricDataVersion::Original => "biometric-data",
        BiometricDataVersion::Revised => "biometric-data/v2",
    },
    decode = |_s, r| Ok(r.json_or_empty()?.unwrap_or_else(|| Page::new(Vec::new(), None, None, false, 0))),
}

/// `DELETE /1.0/biometric-data/{encounter_id}` [I path; seed parameter]:
/// clear the buffer right after receiving a record.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeleteBiometricData {
    encounter_id: EncounterId,
}

impl DeleteBiometricData {
    /// Clears the record `encounter_id`.
    pub fn new(encounter_id: EncounterId) -> Self {
        Self { encounter_id }
    }
}

endpoint! {
    DeleteBiometricData: DELETE "DELETE /biometric-data/{encounter_id}",
    idempotent = false,
    auth = true,
    error = CameraError,
    output = Ack,
    path = |s| format!("biometric-data/{}", segment(s.encounter_id.as_str())),
    decode = |_s, r| Ack::decode(r),
}

/// The iris image files the device writes \[seed\]: 8-bit black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IrisImage {
    /// `lefteye.bmp`
    LeftEye,
    /// `righteye.bmp`
    RightEye,
}

impl IrisImage {
    /// The file name.
    pub fn file_name(self) -> &'static str {
        match self {
            IrisImage::LeftEye => "lefteye.bmp",
            IrisImage::RightEye => "righteye.bmp",
        }
    }
}

/// The face image files the device writes \[seed\]: 24-bit colour or B/W.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaceImage {
    /// `irisoff.bmp`: the face image taken while capturing iris.
    IrisOff,
    /// `faroff.bmp`: colour face image when capturing face.
    FarOff,
    /// `faron.bmp`: B/W face image when capturing face.
    FarOn,
    /// `nearoff.bmp`: colour face image with glasses.
    NearOff,
    /// `nearon.bmp`: B/W face image with glasses.
    NearOn,
}

impl FaceImage {
    /// The file name.
    pub fn file_name(self) -> &'static str {
        match self {
            FaceImage::IrisOff => "irisoff.bmp",
            FaceImage::FarOff => "faroff.bmp",
            FaceImage::FarOn => "faron.bmp",
            FaceImage::NearOff => "nearoff.bmp",
            FaceImage::NearOn => "nearon.bmp",
        }
    }
}

/// `POST /1.0/images/iris?filename=lefteye.bmp` [I path, method and parameter;
/// seed file names]: save the last captured 8-bit iris image under its
/// documented file name.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SaveIrisImage {
    image: IrisImage,
}

impl SaveIrisImage {
    /// Saves `image`.
    pub fn new(image: IrisImage) -> Self {
        Self { image }
    }
}

endpoint! {
    SaveIrisImage: POST "POST /images/iris",
    idempotent = false,
    auth = true,
    error = CameraError,
    output = Ack,
    path = |_s| "images/iris",
    query = |s, q| { q.push("filename", s.image.file_name()); },
    decode = |_s, r| Ack::decode(r),
}

/// `POST /1.0/images/face?filename=faroff.bmp` [I path, method and parameter;
/// seed file names]: save the last captured 24-bit face image.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SaveFaceImage {
    image: FaceImage,
}

impl SaveFaceImage {
    /// Saves `image`.
    pub fn new(image: FaceImage) -> Self {
        Self { image }
    }
}

endpoint! {
    SaveFaceImage: POST "POST /images/face",
    idempotent = false,
    auth = true,
    error = CameraError,
    output = Ack,
    path = |_s| "images/face",
    query = |s, q| { q.push("filename", s.image.file_name()); },
    decode = |_s, r| Ack::decode(r),
}

fn check_file_name(name: &str) -> Result<(), ValidationError> {
    if name.is_empty()
        || name.len() > 255
        || name.contains(['/', '\\'])
        || name == "."
        || name == ".."
        || name.chars().any(char::is_control)
    {
        return Err(ValidationError::new(
            "filename",
            "must be a plain file name (no slashes, at most 255 bytes)",
        ));
    }
    Ok(())
}

/// An image loaded from the device [I shape]: the base64 text is read from
/// `image`, `image_data`, `data` or `face_image`, whichever is present.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct LoadedImage {
    /// The file name, if the device repeats it.
    #[serde(default)]
    pub filename: Option<String>,
    /// Everything the device sent (including the base64 field).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LoadedImage {
    /// The base64 text as sent.
    pub fn base64(&self) -> Option<&str> {
        ["image", "image_data", "data", "face_image"]
            .iter()
            .find_map(|k| self.extra.get(*k).and_then(Value::as_str))
    }

    /// The image bytes, decoded leniently (line breaks, stray backslashes,
    /// missing padding).
    pub fn bytes(&self) -> Result<Vec<u8>, ValidationError> {
        decode_base64_lenient(
            self.base64()
                .ok_or_else(|| ValidationError::new("image", "the answer holds no image"))?,
        )
    }
}

/// `GET /1.0/images/{filename}` [I path; seed parameter]: load an image by file
/// name as base64. Images can be large: the client sends this call with the
/// biometric-data size limit.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoadImage {
    filename: String,
}

impl LoadImage {
    /// Loads `filename` (a plain file name such as `lefteye.bmp`).
    pub fn new(filename: impl Into<String>) -> Result<Self, ValidationError> {
        let filename = filename.into();
        check_file_name(&filename)?;
        Ok(Self { filename })
    }
}

endpoint! {
    LoadImage: GET "GET /images/{filename}",
    idempotent = true,
    auth = true,
    error = CameraError,
    output = LoadedImage,
    path = |s| format!("images/{}", segment(&s.filename)),
    validate = |s| { check_file_name(&s.filename) },
    decode = |_s, r| r.json(),
}

/// `POST /1.0/images/{filename}` with body `{"image": "<base64>"}` [I path and
/// body; seed: "Save various images", "base64 encoded"]: store an image on the
/// device under a file name.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SaveImage {
    filename: String,
    base64: String,
}

impl SaveImage {
    /// Stores `bytes` as `filename` (encoded to base64 for you).
    pub fn new(filename: impl Into<String>, bytes: &[u8]) -> Result<Self, ValidationError> {
        let filename = filename.into();
        check_file_name(&filename)?;
        if bytes.is_empty() {
            return Err(ValidationError::new("image", "must not be empty"));
        }
        Ok(Self {
            filename,
            base64: encode_base64(bytes),
        })
    }
}

#[derive(Serialize)]
struct SaveImageBody<'a> {
    image: &'a str,
}

endpoint! {
    SaveImage: POST "POST /images/{filename}",
    idempotent = false,
    auth = true,
    error = CameraError,
    output = Ack,
    path = |s| format!("images/{}", segment(&s.filename)),
    body = |s| Body::json(&SaveImageBody { image: &s.base64 }),
    validate = |s| { check_file_name(&s.filename) },
    decode = |_s, r| Ack::decode(r),
}
