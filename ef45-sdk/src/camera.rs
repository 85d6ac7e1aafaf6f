//! Camera: settings, device time, start and stop, match template, live preview.

use access_core::http::{Body, Query};
use access_core::{Error, PollPolicy, Tick, ValidationError, poll_stream};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::ids::SeqUid;
use crate::model::{Ack, DeviceTime, ResultStream, decode_base64_lenient, lenient_bool};

/// The camera mode. `Slave` is the enrolment mode the host drives (required
/// before camera start and card input mode) **\[V\]** E1/E2; other values are kept
/// as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CameraMode {
    /// `"Slave"`: the host drives capture (enrolment).
    Slave,
    /// Any other mode, as the device wrote it.
    Unknown(String),
}

impl CameraMode {
    /// The wire text.
    pub fn as_str(&self) -> &str {
        match self {
            CameraMode::Slave => "Slave",
            CameraMode::Unknown(s) => s,
        }
    }
}

impl Serialize for CameraMode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CameraMode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(if s.eq_ignore_ascii_case("slave") {
            CameraMode::Slave
        } else {
            CameraMode::Unknown(s)
        })
    }
}

/// The camera settings `{serial_number, camera_mode, audio_enabled}` **\[V\]** E1/E2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CameraSettings {
    /// The device's serial number, e.g. `OA1405A031576`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// The camera mode.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub camera_mode: Option<CameraMode>,
    /// Whether voice prompts are on.
    #[serde(
        default,
        deserialize_with = "lenient_bool::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub audio_enabled: Option<bool>,
    /// Fields the documentation does not describe (sent back unchanged on update).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CameraSettings {
    /// Settings that change only the camera mode.
    pub fn mode(mode: CameraMode) -> Self {
        Self {
            serial_number: None,
            camera_mode: Some(mode),
            audio_enabled: None,
            extra: Map::new(),
        }
    }

    /// Sets the serial number (E2 sends it back with the update).
    pub fn serial_number(mut self, serial: impl Into<String>) -> Self {
        self.serial_number = Some(serial.into());
        self
    }

    /// Sets voice prompts on or off.
    pub fn audio(mut self, enabled: bool) -> Self {
        self.audio_enabled = Some(enabled);
        self
    }
}

/// `GET /1.0/camera` **\[V\]** E1/E2: the camera settings.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetCameraSettings;

impl GetCameraSettings {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for GetCameraSettings {
        name: "GET /camera",
        method: GET,
        path: "camera",
        output: CameraSettings,
        error: GetCameraSettingsError,
        idempotent: true,
        decode: |_s, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /camera` (see [`crate::error`] for how they are read).
    pub enum GetCameraSettingsError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `POST /1.0/camera` **\[V\]** method per E2; E1's method is cut off: update the
/// camera settings, body `{"serial_number", "camera_mode", "audio_enabled"}`.
/// After success the device clears its preview ("'delete preview' will be
/// invoked"). Set `camera_mode` to `Slave` before enrolment.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UpdateCameraSettings {
    settings: CameraSettings,
}

impl UpdateCameraSettings {
    /// Sends `settings`; at least one field must be set.
    pub fn new(settings: CameraSettings) -> Result<Self, ValidationError> {
        let s = Self { settings };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        let s = &self.settings;
        if s.serial_number.is_none()
            && s.camera_mode.is_none()
            && s.audio_enabled.is_none()
            && s.extra.is_empty()
        {
            return Err(ValidationError::new(
                "settings",
                "at least one setting is required",
            ));
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateCameraSettings {
        name: "POST /camera",
        method: POST,
        path: "camera",
        output: Ack,
        error: UpdateCameraSettingsError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |s| Body::json(&s.settings),
        validate: |s| s.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /camera` (see [`crate::error`] for how they are read).
    pub enum UpdateCameraSettingsError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `POST /1.0/camera/time?device_time=MMddHHmmyyyy.ss` **\[I\]** path and method; **\[V\]**
/// parameter: set the device clock. E1 documents the `device_time` query
/// parameter and the format, but the path is cut off; the SDK chooses a path
/// under the camera tag because the documented answer is "Camera setting update
/// results". Check against your device.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SetDeviceTime {
    time: DeviceTime,
}

impl SetDeviceTime {
    /// Sets the clock to `time` (the device's local time).
    pub fn new(time: DeviceTime) -> Self {
        Self { time }
    }
}

access_core::endpoint! {
    impl Endpoint for SetDeviceTime {
        name: "POST /camera/time",
        method: POST,
        path: "camera/time",
        output: Ack,
        error: SetDeviceTimeError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        query: |s| {
            let mut q = Query::new();
            q.push("device_time", s.time);
            q
        },
    }
}

crate::error::device_errors! {
    /// Failures of `POST /camera/time` (see [`crate::error`] for how they are read).
    pub enum SetDeviceTimeError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// Which biometrics a capture takes. At least one of face, glasses, both eyes,
/// either eye is required **\[V\]** E1; checked before sending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CaptureModes {
    /// `face_mode`: face without glasses.
    pub face: bool,
    /// `glasses_mode`: face with glasses.
    pub glasses: bool,
    /// `both_eye_mode`: both irises.
    pub both_eyes: bool,
    /// `either_eye_mode`: one iris is enough.
    pub either_eye: bool,
}

impl CaptureModes {
    /// Face without glasses.
    pub fn face() -> Self {
        Self {
            face: true,
            ..Self::default()
        }
    }

    /// Both irises.
    pub fn both_eyes() -> Self {
        Self {
            both_eyes: true,
            ..Self::default()
        }
    }

    /// Face and both irises (enrolment of a full record).
    pub fn face_and_both_eyes() -> Self {
        Self {
            face: true,
            both_eyes: true,
            ..Self::default()
        }
    }

    /// Adds face with glasses.
    pub fn add_glasses(mut self) -> Self {
        self.glasses = true;
        self
    }

    /// Adds either eye.
    pub fn add_either_eye(mut self) -> Self {
        self.either_eye = true;
        self
    }

    /// Adds face without glasses.
    pub fn add_face(mut self) -> Self {
        self.face = true;
        self
    }

    /// Adds both eyes.
    pub fn add_both_eyes(mut self) -> Self {
        self.both_eyes = true;
        self
    }

    /// Whether at least one mode is on.
    pub fn any(&self) -> bool {
        self.face || self.glasses || self.both_eyes || self.either_eye
    }
}

/// `POST /1.0/camera/control/start` **\[V\]** path/method E2, parameters E1: start
/// the camera. **The camera mode must be `Slave` first.** Before the call,
/// read and clear the biometric-data buffer; after it, poll biometric data
/// (see [`crate::enrolment`]). `recog_mode` is sent as the string
/// `"true"`/`"false"` as the spec types it; `true` applies the recognition
/// camera settings (faster than enrolment).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct StartCamera {
    modes: CaptureModes,
    streaming: Option<bool>,
    recognition: bool,
}

impl StartCamera {
    /// Starts a capture of `modes` (at least one required).
    pub fn new(modes: CaptureModes) -> Result<Self, ValidationError> {
        let s = Self {
            modes,
            streaming: None,
            recognition: false,
        };
        s.check()?;
        Ok(s)
    }

    /// `streaming_mode`: "start camera to get face at full resolution".
    pub fn streaming(mut self, on: bool) -> Self {
        self.streaming = Some(on);
        self
    }

    /// `recog_mode`: use the recognition camera settings (default false, enrolment).
    pub fn recognition_mode(mut self, on: bool) -> Self {
        self.recognition = on;
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if !self.modes.any() {
            return Err(ValidationError::new(
                "modes",
                "at least one of face, glasses, both eyes, either eye is required",
            ));
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for StartCamera {
        name: "POST /camera/control/start",
        method: POST,
        path: "camera/control/start",
        output: Ack,
        error: StartCameraError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        query: |s| {
            let mut q = Query::new();
            let m = s.modes;
            if m.face { q.push("face_mode", true); }
            if m.glasses { q.push("glasses_mode", true); }
            if m.both_eyes { q.push("both_eye_mode", true); }
            if m.either_eye { q.push("either_eye_mode", true); }
            q.push_opt("streaming_mode", s.streaming);
            q.push("recog_mode", if s.recognition { "true" } else { "false" });
            q
        },
        validate: |s| s.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /camera/control/start` (see [`crate::error`] for how they are read).
    pub enum StartCameraError {
        /// The camera must be in `Slave` mode first **\[V\]** E1 "make sure that the
        /// camera mode is set to 'Slave' before starting camera"; **\[I\]** the answer.
        NotSlaveMode = (_, contains "slave") => Conflict,
        /// No biometric mode was given **\[V\]** E1 rule, **\[I\]** the answer: 400
        /// naming the mode. The SDK checks this before sending.
        NoBiometricMode = (400, contains "mode") => InvalidInput,
        /// The camera is already started **\[I\]** 409.
        Busy = (409, any) => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `POST /1.0/camera/control/stop` **\[V\]** E2: stop the camera. The camera also
/// stops by itself once capture and data transmission complete.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct StopCamera;

impl StopCamera {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for StopCamera {
        name: "POST /camera/control/stop",
        method: POST,
        path: "camera/control/stop",
        output: Ack,
        error: StopCameraError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /camera/control/stop` (see [`crate::error`] for how they are read).
    pub enum StopCameraError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `POST /1.0/camera/control/match-template?seq_uid=...` **\[I\]** path and method;
/// **\[seed\]** parameter: start the camera to match the iris template read from the
/// card reader against the device database ("matching simulation").
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MatchTemplate {
    seq_uid: SeqUid,
}

impl MatchTemplate {
    /// Matches the template of run `seq_uid`.
    pub fn new(seq_uid: SeqUid) -> Self {
        Self { seq_uid }
    }
}

access_core::endpoint! {
    impl Endpoint for MatchTemplate {
        name: "POST /camera/control/match-template",
        method: POST,
        path: "camera/control/match-template",
        output: Ack,
        error: MatchTemplateError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        query: |s| {
            let mut q = Query::new();
            q.push("seq_uid", s.seq_uid.as_str());
            q
        },
    }
}

crate::error::device_errors! {
    /// Failures of `POST /camera/control/match-template` (see [`crate::error`] for how they are read).
    pub enum MatchTemplateError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// One live preview frame `{"face_image": "<base64>"}` **\[V\]** E2.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct PreviewFrame {
    /// The frame as the device sent it (base64, maybe with line breaks).
    #[serde(default)]
    pub face_image: String,
    /// Fields the documentation does not describe.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PreviewFrame {
    /// The image bytes, decoded leniently (line breaks, stray backslashes,
    /// missing padding, as E2 had to handle).
    pub fn image(&self) -> Result<Vec<u8>, ValidationError> {
        decode_base64_lenient(&self.face_image)
    }
}

/// `GET /1.0/preview` **\[V\]** E2: the latest live preview frame while the camera
/// runs; `None` when the device answers **204** or an empty body (no frame yet).
/// Poll it until capture completes.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetPreview;

impl GetPreview {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for GetPreview {
        name: "GET /preview",
        method: GET,
        path: "preview",
        output: Option<PreviewFrame>,
        error: GetPreviewError,
        idempotent: true,
        decode: |_s, r| r.json_or_empty(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /preview` (see [`crate::error`] for how they are read).
    pub enum GetPreviewError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `DELETE /1.0/preview` **\[I\]** medium: E1 says camera update "invokes 'delete
/// preview'": clear the preview buffer.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DeletePreview;

impl DeletePreview {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for DeletePreview {
        name: "DELETE /preview",
        method: DELETE,
        path: "preview",
        output: Ack,
        error: DeletePreviewError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /preview` (see [`crate::error`] for how they are read).
    pub enum DeletePreviewError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// Camera calls of a [`Client`]: `client.camera()`.
#[derive(Debug, Clone, Copy)]
pub struct Camera<'a>(&'a Client);

impl Client {
    /// The camera (`/camera`, `/camera/control`, `/preview`).
    pub fn camera(&self) -> Camera<'_> {
        Camera(self)
    }
}

impl Camera<'_> {
    /// `GET /camera`: the camera settings.
    pub async fn settings(self) -> Result<CameraSettings, Error<GetCameraSettingsError>> {
        self.0.send(&GetCameraSettings::new()).await
    }

    /// `POST /camera`: updates the camera settings.
    pub async fn update(
        self,
        settings: CameraSettings,
    ) -> Result<Ack, Error<UpdateCameraSettingsError>> {
        self.0.send(&UpdateCameraSettings::new(settings)?).await
    }

    /// Sets the camera mode, keeping the other settings as the device has them
    /// (`GET /camera`, then `POST /camera`; a failure of the read is reported
    /// as an [`UpdateCameraSettingsError`]).
    pub async fn set_mode(self, mode: CameraMode) -> Result<Ack, Error<UpdateCameraSettingsError>> {
        let mut current = self
            .settings()
            .await
            .map_err(|e| e.recast_with(UpdateCameraSettingsError::from_details))?;
        current.camera_mode = Some(mode);
        self.update(current).await
    }

    /// `POST /camera/time`: sets the device clock.
    pub async fn set_time(self, time: DeviceTime) -> Result<Ack, Error<SetDeviceTimeError>> {
        self.0.send(&SetDeviceTime::new(time)).await
    }

    /// `POST /camera/control/start`: starts the camera.
    pub async fn start(self, request: StartCamera) -> Result<Ack, Error<StartCameraError>> {
        self.0.send(&request).await
    }

    /// `POST /camera/control/stop`: stops the camera.
    pub async fn stop(self) -> Result<Ack, Error<StopCameraError>> {
        self.0.send(&StopCamera::new()).await
    }

    /// `POST /camera/control/match-template`: matches the template of run `seq_uid`.
    pub async fn match_template(self, seq_uid: SeqUid) -> Result<Ack, Error<MatchTemplateError>> {
        self.0.send(&MatchTemplate::new(seq_uid)).await
    }

    /// `GET /preview` once: `None` is "no frame yet" (204).
    pub async fn preview(self) -> Result<Option<PreviewFrame>, Error<GetPreviewError>> {
        self.0.send(&GetPreview::new()).await
    }

    /// `DELETE /preview`: clears the preview buffer.
    pub async fn delete_preview(self) -> Result<Ack, Error<DeletePreviewError>> {
        self.0.send(&DeletePreview::new()).await
    }

    /// Live preview frames while the camera runs, until `policy`'s timeout or
    /// until dropped.
    pub fn preview_stream(self, policy: PollPolicy) -> ResultStream<PreviewFrame, GetPreviewError> {
        let client = self.0.clone();
        Box::pin(poll_stream(policy, move || {
            let client = client.clone();
            async move {
                Ok(match client.send(&GetPreview::new()).await? {
                    Some(frame) => Tick::Item(frame),
                    None => Tick::Nothing,
                })
            }
        }))
    }
}
