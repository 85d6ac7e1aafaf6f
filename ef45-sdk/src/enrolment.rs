//! Enrolment: the biometric-data buffer the camera fills, and images.
//!
//! The documented recipe **\[V\]** E1: set the camera mode to `Slave`; read the
//! biometric-data list and delete it; start the camera; poll biometric data
//! until a record arrives (about 5 MB: iris templates, images, faces); delete
//! the buffer by its `encounter_id`. [`crate::Client::enrolment`] wraps this in
//! a capture stream.

use access_core::http::{Body, CallOptions, Query};
use access_core::{Error, PollPolicy, Tick, ValidationError, poll_stream};
use futures_util::{TryStreamExt, stream};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::camera::{StartCamera, StartCameraError, StopCamera};
use crate::client::Client;
use crate::faces::Face;
use crate::ids::{EncounterId, UserUuid};
use crate::model::{Ack, Page, ResultStream, decode_base64_lenient, encode_base64};

/// The per-call limit for biometric data and images (12 MiB): the seed says
/// biometric data is "about 5 MB"; the margin covers base64 line breaks and
/// larger captures.
pub const BIOMETRIC_DATA_LIMIT: usize = 12 * 1024 * 1024;

/// Which biometric-data endpoint the device serves **\[seed\]**.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BiometricDataVersion {
    /// The original endpoint, up to app 1.2.33: `GET /biometric-data` **\[I\]** high.
    Original,
    /// The revised endpoint, since app 1.2.34: `GET /biometric-data/v2` **\[I\]**.
    Revised,
}

/// One captured record in the biometric-data buffer. The schema is not
/// published; the field names follow the subject and face tables (E3, E5) and
/// everything else is kept in `extra` **\[I\]**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BiometricRecord {
    /// The capture's id; delete the buffer with it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub encounter_id: Option<EncounterId>,
    /// The user the capture was made for, if the device knows.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
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
/// (since 1.2.34) **\[I\]** paths: E1 names "biometric-data(GET)"; the revised path is
/// not shown anywhere: the capture buffer, an `items` list (empty while the
/// capture runs). Answers are about **5 MB**: the client sends this call with a
/// per-call size limit of [`BIOMETRIC_DATA_LIMIT`].
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

access_core::endpoint! {
    impl Endpoint for GetBiometricData {
        name: "GET /biometric-data",
        method: GET,
        path: |s| match s.version {
            BiometricDataVersion::Original => "biometric-data",
            BiometricDataVersion::Revised => "biometric-data/v2",
        },
        output: Page<BiometricRecord>,
        error: GetBiometricDataError,
        idempotent: true,
        decode: |_s, r| Ok(r.json_or_empty()?.unwrap_or_else(|| Page::new(Vec::new(), None, None, false, 0))),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /biometric-data` (see [`crate::error`] for how they are read).
    pub enum GetBiometricDataError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `DELETE /1.0/biometric-data?encounter_id=..` **\[I\]** path and method (E1 names
/// "biometric-data(DELETE)"); **\[seed\]** `encounter_id` is listed as a parameter of the
/// request, not shown in a URL, so it goes after `lock_uid` as a query parameter, as
/// in the seed's URL examples: clear the buffer right after receiving a record.
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

access_core::endpoint! {
    impl Endpoint for DeleteBiometricData {
        name: "DELETE /biometric-data",
        method: DELETE,
        path: "biometric-data",
        output: Ack,
        error: DeleteBiometricDataError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        query: |s| {
            let mut q = Query::new();
            q.push("encounter_id", s.encounter_id.as_str());
            q
        },
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /biometric-data?encounter_id=` (see [`crate::error`] for how they are read).
    pub enum DeleteBiometricDataError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// The iris image files the device writes **\[seed\]**: 8-bit black and white.
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

/// The face image files the device writes **\[seed\]**: 24-bit colour or B/W.
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

/// `POST /1.0/images/iris` **\[I\]** path and method; **\[seed\]** parameters (only
/// `lock_uid`) and file names: the device saves the last captured 8-bit iris images
/// as `lefteye.bmp` and `righteye.bmp` ([`IrisImage`]). The seed lists no file name
/// parameter, so none is sent.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SaveIrisImage;

impl SaveIrisImage {
    /// Saves the captured iris images.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for SaveIrisImage {
        name: "POST /images/iris",
        method: POST,
        path: "images/iris",
        output: Ack,
        error: SaveIrisImageError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /images/iris` (see [`crate::error`] for how they are read).
    pub enum SaveIrisImageError {
        /// There is no captured image to save **\[I\]** 409.
        NothingCaptured = (409, any) => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `POST /1.0/images/face` **\[I\]** path and method; **\[seed\]** parameters (only
/// `lock_uid`) and file names: the device saves the last captured 24-bit face images
/// under the names of [`FaceImage`] (`irisoff.bmp`, `faroff.bmp`, ...). The seed lists
/// no file name parameter, so none is sent.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SaveFaceImage;

impl SaveFaceImage {
    /// Saves the captured face images.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for SaveFaceImage {
        name: "POST /images/face",
        method: POST,
        path: "images/face",
        output: Ack,
        error: SaveFaceImageError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /images/face` (see [`crate::error`] for how they are read).
    pub enum SaveFaceImageError {
        /// There is no captured image to save **\[I\]** 409.
        NothingCaptured = (409, any) => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
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

/// An image loaded from the device **\[I\]** shape: the base64 text is read from
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

/// `GET /1.0/images?filename=..` **\[I\]** path; **\[seed\]** parameters `lock_uid` and
/// `filename` (no URL shown), so the file name follows `lock_uid` as a query parameter as
/// in the seed's URL examples: load an image by file name as base64. Images can be large: the client sends this call with the
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

access_core::endpoint! {
    impl Endpoint for LoadImage {
        name: "GET /images",
        method: GET,
        path: "images",
        output: LoadedImage,
        error: LoadImageError,
        idempotent: true,
        decode: |_s, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            q.push("filename", s.filename.as_str());
            q
        },
        validate: |s| check_file_name(&s.filename),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /images?filename=` (see [`crate::error`] for how they are read).
    pub enum LoadImageError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `POST /1.0/images?filename=..` with body `{"image": "<base64>"}` **\[I\]** path and
/// body; **\[seed\]** "Save various images", parameters `lock_uid` and `filename` (no URL
/// shown, so `filename` is a query parameter after `lock_uid` as in the seed's URL
/// examples), "base64 encoded": store an image on the device under a file name.
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

access_core::endpoint! {
    impl Endpoint for SaveImage {
        name: "POST /images",
        method: POST,
        path: "images",
        output: Ack,
        error: SaveImageError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        query: |s| {
            let mut q = Query::new();
            q.push("filename", s.filename.as_str());
            q
        },
        body: |s| Body::json(&SaveImageBody { image: &s.base64 }),
        validate: |s| check_file_name(&s.filename),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /images?filename=` (see [`crate::error`] for how they are read).
    pub enum SaveImageError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// Enrolment calls of a [`Client`]: `client.enrolment()`.
#[derive(Debug, Clone, Copy)]
pub struct Enrolment<'a>(&'a Client);

impl Client {
    /// Enrolment: the biometric-data buffer, capture, images.
    pub fn enrolment(&self) -> Enrolment<'_> {
        Enrolment(self)
    }
}

async fn read_biometric(
    client: &Client,
) -> Result<Page<BiometricRecord>, Error<GetBiometricDataError>> {
    let version = client
        .biometric_data_version()
        .await
        .map_err(|e| e.recast_with(GetBiometricDataError::from_details))?;
    client
        .send_with(
            &GetBiometricData::new(version),
            &CallOptions::new().max_response_bytes(BIOMETRIC_DATA_LIMIT),
        )
        .await
}

async fn clear_biometric(
    client: &Client,
    records: &[BiometricRecord],
) -> Result<(), Error<DeleteBiometricDataError>> {
    for r in records {
        if let Some(id) = &r.encounter_id {
            client.send(&DeleteBiometricData::new(id.clone())).await?;
        }
    }
    Ok(())
}

impl Enrolment<'_> {
    /// Reads the biometric-data buffer once (the endpoint version chosen as the
    /// client says), with the [`BIOMETRIC_DATA_LIMIT`] size limit.
    pub async fn biometric_data(
        self,
    ) -> Result<Page<BiometricRecord>, Error<GetBiometricDataError>> {
        read_biometric(self.0).await
    }

    /// `DELETE /biometric-data?encounter_id=`: clears one record of the buffer.
    pub async fn delete(
        self,
        encounter_id: EncounterId,
    ) -> Result<Ack, Error<DeleteBiometricDataError>> {
        self.0.send(&DeleteBiometricData::new(encounter_id)).await
    }

    /// Clears what is in the buffer (the documented step before camera start);
    /// answers how many records were cleared.
    pub async fn clear_buffer(self) -> Result<usize, Error<DeleteBiometricDataError>> {
        let page = read_biometric(self.0)
            .await
            .map_err(|e| e.recast_with(DeleteBiometricDataError::from_details))?;
        clear_biometric(self.0, &page.items).await?;
        Ok(page.items.len())
    }

    /// Polls the biometric-data buffer until a capture arrives or `policy`
    /// times out; yields every record of the capture, then **deletes them from
    /// the buffer by `encounter_id`** and ends. Ends without items on timeout.
    pub fn capture_stream(
        self,
        policy: PollPolicy,
    ) -> ResultStream<BiometricRecord, GetBiometricDataError> {
        let client = self.0.clone();
        Box::pin(
            poll_stream(policy, move || {
                let client = client.clone();
                async move {
                    let page = read_biometric(&client).await?;
                    if page.items.is_empty() {
                        return Ok::<_, Error<GetBiometricDataError>>(Tick::Nothing);
                    }
                    clear_biometric(&client, &page.items)
                        .await
                        .map_err(|e| e.recast_with(GetBiometricDataError::from_details))?;
                    Ok(Tick::Last(page.items))
                }
            })
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten(),
        )
    }

    /// The full recipe: clear the buffer, start the camera with `modes`, wait
    /// for the capture (see [`Enrolment::capture_stream`]). Fails with
    /// `Error::StillPending` when nothing arrives within `policy`'s timeout
    /// (the camera is then stopped). Set the camera mode to `Slave` first.
    /// Failures of the buffer calls are reported as a [`StartCameraError`].
    pub async fn capture(
        self,
        modes: crate::camera::CaptureModes,
        policy: PollPolicy,
    ) -> Result<Vec<BiometricRecord>, Error<StartCameraError>> {
        let start = StartCamera::new(modes)?;
        self.clear_buffer()
            .await
            .map_err(|e| e.recast_with(StartCameraError::from_details))?;
        self.0.send(&start).await?;
        let timeout = policy.timeout;
        let records: Vec<BiometricRecord> = self
            .capture_stream(policy)
            .try_collect()
            .await
            .map_err(|e| e.recast_with(StartCameraError::from_details))?;
        if records.is_empty() {
            let _ = self.0.send(&StopCamera::new()).await;
            return Err(Error::StillPending {
                waited: timeout.unwrap_or_default(),
                what: "EF-45 capture (biometric data)".into(),
            });
        }
        Ok(records)
    }

    /// `POST /images/iris`: saves the last captured iris images (`lefteye.bmp`,
    /// `righteye.bmp`).
    pub async fn save_iris_images(self) -> Result<Ack, Error<SaveIrisImageError>> {
        self.0.send(&SaveIrisImage::new()).await
    }

    /// `POST /images/face`: saves the last captured face images (the names of
    /// [`FaceImage`]).
    pub async fn save_face_images(self) -> Result<Ack, Error<SaveFaceImageError>> {
        self.0.send(&SaveFaceImage::new()).await
    }

    /// `GET /images?filename=`: loads an image by file name (with the
    /// [`BIOMETRIC_DATA_LIMIT`] size limit).
    pub async fn load_image(self, filename: &str) -> Result<LoadedImage, Error<LoadImageError>> {
        self.0
            .send_with(
                &LoadImage::new(filename)?,
                &CallOptions::new().max_response_bytes(BIOMETRIC_DATA_LIMIT),
            )
            .await
    }

    /// `POST /images?filename=`: saves an image by file name.
    pub async fn save_image(
        self,
        filename: &str,
        bytes: &[u8],
    ) -> Result<Ack, Error<SaveImageError>> {
        self.0.send(&SaveImage::new(filename, bytes)?).await
    }
}
