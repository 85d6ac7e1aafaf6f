//! Firmware upgrade: abort, upload units, final unit.
//!
//! The vendor's recipe **\[seed\]**: the image is split into units of the upload
//! buffer size ("about 1 MB in total per unit", base64 encoded), sent in order
//! except the last; the last unit goes with the final request, which answers
//! the transmission result. The device then checks the firmware version,
//! upgrades, **reboots by itself**, runs the second stage and reboots again.
//! **Do not power the device off meanwhile**: it usually recovers the previous
//! firmware through recovery mode, otherwise it needs an RMA.
//!
//! **Two endpoint sets.** The seed shows abort, unit and final twice each,
//! with the same text, as it shows the original and the revised biometric-data
//! endpoint (up to app 1.2.33 / since 1.2.34). The SDK implements both
//! ([`FirmwareEndpointVersion`]): the original `/firmware`, `/firmware/unit`,
//! `/firmware/final` and the revised `/firmware/v2`, `/firmware/unit/v2`,
//! `/firmware/final/v2` **\[I\]** paths (like `/biometric-data/v2`), chosen by the
//! device's app version with the biometric-data threshold 1.2.34 **\[I\]** (the
//! seed states no version for the firmware pair).
//!
//! [`crate::Client::firmware`] streams a file: it reads one unit at a time
//! (memory bounded by two units, whatever the image size), reports progress,
//! and **never retries** a unit (a repeated unit would corrupt the image). On
//! failure, call [`AbortFirmware`] before starting over.

use std::path::Path;

use access_core::http::Body;
use access_core::{Error, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::model::{Ack, encode_base64};

/// Raw bytes per unit: 768 KiB, which base64-encodes to exactly 1 MiB (the
/// "about 1 MB" upload buffer) **\[I\]** exact size.
pub const UNIT_RAW_BYTES: usize = 768 * 1024;

/// Which firmware endpoint set the device serves: the seed shows each
/// firmware operation twice **\[seed\]**; paths and threshold **\[I\]** (see the
/// module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FirmwareEndpointVersion {
    /// The original endpoints (apps up to 1.2.33 **\[I\]**): `/firmware`,
    /// `/firmware/unit`, `/firmware/final`. The default of a request built by
    /// hand.
    #[default]
    Original,
    /// The revised endpoints (apps since 1.2.34 **\[I\]**): `/firmware/v2`,
    /// `/firmware/unit/v2`, `/firmware/final/v2` **\[I\]**.
    Revised,
}

impl FirmwareEndpointVersion {
    /// `base` (`firmware`, `firmware/unit`, `firmware/final`) for this version.
    fn path(self, base: &'static str) -> String {
        match self {
            FirmwareEndpointVersion::Original => base.to_string(),
            FirmwareEndpointVersion::Revised => format!("{base}/v2"),
        }
    }
}

/// `DELETE /1.0/firmware` (or `/firmware/v2`, see [`FirmwareEndpointVersion`])
/// **\[I\]** path and method; **\[seed\]** "the previous incomplete firmware data
/// transmission will be aborted and the firmware data will be deleted".
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct AbortFirmware {
    version: FirmwareEndpointVersion,
}

impl AbortFirmware {
    /// The request, on the original endpoint (see [`AbortFirmware::version`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// The endpoint set to send to ([`crate::Client::firmware`] chooses it by
    /// the device's app version).
    pub fn version(mut self, version: FirmwareEndpointVersion) -> Self {
        self.version = version;
        self
    }
}

access_core::endpoint! {
    impl Endpoint for AbortFirmware {
        name: "DELETE /firmware",
        method: DELETE,
        path: |s| s.version.path("firmware"),
        output: Ack,
        error: AbortFirmwareError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /firmware` (see [`crate::error`] for how they are read).
    pub enum AbortFirmwareError {
        /// A unit was refused (bad base64, out of order) **\[I\]** 400.
        UnitRejected = (400, any) => InvalidInput,
        /// The assembled image failed the device's check (version, integrity)
        /// **\[I\]** 422.
        ImageRejected = (422, any) => Device,
        /// No upload in progress, or an upgrade is already running **\[I\]** 409.
        NotInProgress = (409, any) => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

#[derive(Serialize)]
struct UnitBody<'a> {
    index: u64,
    data: &'a str,
}

fn check_unit(data: &str) -> Result<(), ValidationError> {
    if data.is_empty() {
        return Err(ValidationError::new(
            "data",
            "a firmware unit must not be empty",
        ));
    }
    if data.len() > 2 * 1024 * 1024 {
        return Err(ValidationError::new(
            "data",
            "a firmware unit must be about 1 MB of base64",
        ));
    }
    Ok(())
}

/// `POST /1.0/firmware/unit` (or `/firmware/unit/v2`, see
/// [`FirmwareEndpointVersion`]) with body `{"index": n, "data": "<base64>"}`
/// **\[I\]** path, method and body; **\[seed\]** units of about 1 MB base64 sent in order.
/// One unit except the last. Never retried.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UploadFirmwareUnit {
    index: u64,
    data: String,
    version: FirmwareEndpointVersion,
}

impl UploadFirmwareUnit {
    /// Unit number `index` (from 0) of raw `bytes` (encoded for you), on the
    /// original endpoint (see [`UploadFirmwareUnit::version`]).
    pub fn new(index: u64, bytes: &[u8]) -> Result<Self, ValidationError> {
        let data = encode_base64(bytes);
        check_unit(&data)?;
        Ok(Self {
            index,
            data,
            version: FirmwareEndpointVersion::default(),
        })
    }

    /// The endpoint set to send to.
    pub fn version(mut self, version: FirmwareEndpointVersion) -> Self {
        self.version = version;
        self
    }
}

access_core::endpoint! {
    impl Endpoint for UploadFirmwareUnit {
        name: "POST /firmware/unit",
        method: POST,
        path: |s| s.version.path("firmware/unit"),
        output: Ack,
        error: UploadFirmwareUnitError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |s| Body::json(&UnitBody { index: s.index, data: &s.data }),
        validate: |s| check_unit(&s.data),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /firmware/unit` (see [`crate::error`] for how they are read).
    pub enum UploadFirmwareUnitError {
        /// A unit was refused (bad base64, out of order) **\[I\]** 400.
        UnitRejected = (400, any) => InvalidInput,
        /// The assembled image failed the device's check (version, integrity)
        /// **\[I\]** 422.
        ImageRejected = (422, any) => Device,
        /// No upload in progress, or an upgrade is already running **\[I\]** 409.
        NotInProgress = (409, any) => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// The device's answer to the final unit **\[I\]** shape: the transmission result.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct FirmwareResult {
    /// The result text (e.g. `Success`).
    #[serde(default)]
    pub result: Option<String>,
    /// The firmware version the device found in the image.
    #[serde(default)]
    pub version: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /1.0/firmware/final` (or `/firmware/final/v2`, see
/// [`FirmwareEndpointVersion`]) with body `{"index": n, "data": "<base64>"}`
/// **\[I\]** path, method and body; **\[seed\]**: the last unit. The device answers the
/// transmission result, then upgrades and **reboots** (the lock is lost).
/// Never retried.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UploadFirmwareFinal {
    index: u64,
    data: String,
    version: FirmwareEndpointVersion,
}

impl UploadFirmwareFinal {
    /// The last unit, number `index`, of raw `bytes`, on the original
    /// endpoint (see [`UploadFirmwareFinal::version`]).
    pub fn new(index: u64, bytes: &[u8]) -> Result<Self, ValidationError> {
        let data = encode_base64(bytes);
        check_unit(&data)?;
        Ok(Self {
            index,
            data,
            version: FirmwareEndpointVersion::default(),
        })
    }

    /// The endpoint set to send to.
    pub fn version(mut self, version: FirmwareEndpointVersion) -> Self {
        self.version = version;
        self
    }
}

access_core::endpoint! {
    impl Endpoint for UploadFirmwareFinal {
        name: "POST /firmware/final",
        method: POST,
        path: |s| s.version.path("firmware/final"),
        output: FirmwareResult,
        error: UploadFirmwareFinalError,
        idempotent: false,
        decode: |_s, r| Ok(r.json_or_empty()?.unwrap_or(FirmwareResult { result: None, version: None, extra: Map::new() })),
        body: |s| Body::json(&UnitBody { index: s.index, data: &s.data }),
        validate: |s| check_unit(&s.data),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /firmware/final` (see [`crate::error`] for how they are read).
    pub enum UploadFirmwareFinalError {
        /// A unit was refused (bad base64, out of order) **\[I\]** 400.
        UnitRejected = (400, any) => InvalidInput,
        /// The assembled image failed the device's check (version, integrity)
        /// **\[I\]** 422.
        ImageRejected = (422, any) => Device,
        /// No upload in progress, or an upgrade is already running **\[I\]** 409.
        NotInProgress = (409, any) => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// Progress of a firmware upload, reported after each unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FirmwareProgress {
    /// Units the device accepted so far.
    pub units_sent: u64,
    /// Raw image bytes the device accepted so far.
    pub bytes_sent: u64,
    /// The image size, when known (file uploads).
    pub total_bytes: Option<u64>,
    /// Whether the final unit was accepted.
    pub finished: bool,
}

impl FirmwareProgress {
    /// The fraction done, 0..=1, when the size is known.
    pub fn fraction(&self) -> Option<f64> {
        self.total_bytes
            .filter(|t| *t > 0)
            .map(|t| self.bytes_sent as f64 / t as f64)
    }
}

/// Reads up to `buf.len()` bytes, stopping early only at end of input.
async fn read_unit<R: tokio::io::AsyncRead + Unpin>(
    reader: &mut R,
    buf: &mut [u8],
) -> std::io::Result<usize> {
    use tokio::io::AsyncReadExt;
    let mut filled = 0;
    while filled < buf.len() {
        let n = reader.read(&mut buf[filled..]).await?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

/// Firmware calls of a [`Client`]: `client.firmware()`.
#[derive(Debug, Clone, Copy)]
pub struct Firmware<'a>(&'a Client);

impl Client {
    /// Firmware upgrade (`/firmware`).
    pub fn firmware(&self) -> Firmware<'_> {
        Firmware(self)
    }
}

fn io_error<E>(e: std::io::Error) -> Error<E> {
    Error::Validation(ValidationError::new(
        "firmware",
        format!("cannot read the image: {e}"),
    ))
}

impl Firmware<'_> {
    /// `DELETE /firmware` (`/firmware/v2` on apps since 1.2.34): aborts an
    /// incomplete upload and deletes what was sent.
    pub async fn abort(self) -> Result<Ack, Error<AbortFirmwareError>> {
        let version = self
            .0
            .firmware_endpoint_version()
            .await
            .map_err(|e| e.recast_with(AbortFirmwareError::from_details))?;
        self.0.send(&AbortFirmware::new().version(version)).await
    }

    /// Uploads the firmware image at `path` unit by unit and sends the final
    /// unit; `progress` is called after each accepted unit. Memory stays
    /// bounded by two units whatever the file size. Nothing is retried; on an
    /// error, call [`Firmware::abort`] before trying again. After success the
    /// device upgrades and reboots (this client's lock is gone; the next call
    /// reconnects). A refused unit is reported as an
    /// [`UploadFirmwareFinalError`] (the same rows as [`UploadFirmwareUnitError`]).
    pub async fn upgrade_file(
        self,
        path: impl AsRef<Path>,
        progress: impl FnMut(FirmwareProgress) + Send,
    ) -> Result<FirmwareResult, Error<UploadFirmwareFinalError>> {
        let file = tokio::fs::File::open(path.as_ref())
            .await
            .map_err(io_error)?;
        let total = file.metadata().await.map_err(io_error)?.len();
        self.upgrade_reader(file, Some(total), progress).await
    }

    /// As [`Firmware::upgrade_file`], from any reader (`total` only feeds
    /// the progress fraction).
    pub async fn upgrade_reader<R: tokio::io::AsyncRead + Unpin + Send>(
        self,
        mut reader: R,
        total: Option<u64>,
        mut progress: impl FnMut(FirmwareProgress) + Send,
    ) -> Result<FirmwareResult, Error<UploadFirmwareFinalError>> {
        let version = self
            .0
            .firmware_endpoint_version()
            .await
            .map_err(|e| e.recast_with(UploadFirmwareFinalError::from_details))?;
        let mut current = vec![0u8; UNIT_RAW_BYTES];
        let mut next = vec![0u8; UNIT_RAW_BYTES];
        let mut len = read_unit(&mut reader, &mut current)
            .await
            .map_err(io_error)?;
        if len == 0 {
            return Err(ValidationError::new("firmware", "the image is empty").into());
        }
        let mut state = FirmwareProgress {
            units_sent: 0,
            bytes_sent: 0,
            total_bytes: total,
            finished: false,
        };
        loop {
            let next_len = read_unit(&mut reader, &mut next).await.map_err(io_error)?;
            if next_len == 0 {
                let request =
                    UploadFirmwareFinal::new(state.units_sent, &current[..len])?.version(version);
                let result = self.0.send(&request).await?;
                state.units_sent += 1;
                state.bytes_sent += len as u64;
                state.finished = true;
                progress(state);
                tracing::info!(
                    units = state.units_sent,
                    bytes = state.bytes_sent,
                    "firmware uploaded; the device upgrades and reboots"
                );
                // The device reboots: its lock is gone.
                self.0.session().release().await;
                self.0.forget_version();
                return Ok(result);
            }
            let request =
                UploadFirmwareUnit::new(state.units_sent, &current[..len])?.version(version);
            self.0
                .send(&request)
                .await
                .map_err(|e| e.recast_with(UploadFirmwareFinalError::from_details))?;
            drop(request);
            state.units_sent += 1;
            state.bytes_sent += len as u64;
            progress(state);
            std::mem::swap(&mut current, &mut next);
            len = next_len;
        }
    }
}
