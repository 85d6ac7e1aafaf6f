//! Firmware upgrade: abort, upload units, final unit.
//!
//! The vendor's recipe \[seed\]: the image is split into units of the upload
//! buffer size ("about 1 MB in total per unit", base64 encoded), sent in order
//! except the last; the last unit goes with the final request, which answers
//! the transmission result. The device then checks the firmware version,
//! upgrades, **reboots by itself**, runs the second stage and reboots again.
//! **Do not power the device off meanwhile**: it usually recovers the previous
//! firmware through recovery mode, otherwise it needs an RMA.
//!
//! [`crate::Client::firmware`] streams a file: it reads one unit at a time
//! (memory bounded by two units, whatever the image size), reports progress,
//! and **never retries** a unit (a repeated unit would corrupt the image). On
//! failure, call [`AbortFirmware`] before starting over.

use access_core::ValidationError;
use access_core::http::Body;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::FirmwareError;
use crate::macros::endpoint;
use crate::types::{Ack, encode_base64};

/// Raw bytes per unit: 768 KiB, which base64-encodes to exactly 1 MiB (the
/// "about 1 MB" upload buffer) [I exact size].
pub const UNIT_RAW_BYTES: usize = 768 * 1024;

/// `DELETE /1.0/firmware` [I path and method; seed: "the previous incomplete
/// firmware data transmission will be aborted and the firmware data will be
/// deleted"].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct AbortFirmware;

impl AbortFirmware {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

endpoint! {
    AbortFirmware: DELETE "DELETE /firmware",
    idempotent = false,
    auth = true,
    error = FirmwareError,
    output = Ack,
    path = |_s| "firmware",
    decode = |_s, r| Ack::decode(r),
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

/// `POST /1.0/firmware/unit` with body `{"index": n, "data": "<base64>"}` [I
/// path, method and body; seed: units of about 1 MB base64 sent in order].
/// One unit except the last. Never retried.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UploadFirmwareUnit {
    index: u64,
    data: String,
}

impl UploadFirmwareUnit {
    /// Unit number `index` (from 0) of raw `bytes` (encoded for you).
    pub fn new(index: u64, bytes: &[u8]) -> Result<Self, ValidationError> {
        let data = encode_base64(bytes);
        check_unit(&data)?;
        Ok(Self { index, data })
    }
}

endpoint! {
    UploadFirmwareUnit: POST "POST /firmware/unit",
    idempotent = false,
    auth = true,
    error = FirmwareError,
    output = Ack,
    path = |_s| "firmware/unit",
    body = |s| Body::json(&UnitBody { index: s.index, data: &s.data }),
    validate = |s| { check_unit(&s.data) },
    decode = |_s, r| Ack::decode(r),
}

/// The device's answer to the final unit [I shape]: the transmission result.
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

/// `POST /1.0/firmware/final` with body `{"index": n, "data": "<base64>"}` [I
/// path, method and body; seed]: the last unit. The device answers the
/// transmission result, then upgrades and **reboots** (the lock is lost).
/// Never retried.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UploadFirmwareFinal {
    index: u64,
    data: String,
}

impl UploadFirmwareFinal {
    /// The last unit, number `index`, of raw `bytes`.
    pub fn new(index: u64, bytes: &[u8]) -> Result<Self, ValidationError> {
        let data = encode_base64(bytes);
        check_unit(&data)?;
        Ok(Self { index, data })
    }
}

endpoint! {
    UploadFirmwareFinal: POST "POST /firmware/final",
    idempotent = false,
    auth = true,
    error = FirmwareError,
    output = FirmwareResult,
    path = |_s| "firmware/final",
    body = |s| Body::json(&UnitBody { index: s.index, data: &s.data }),
    validate = |s| { check_unit(&s.data) },
    decode = |_s, r| Ok(r.json_or_empty()?.unwrap_or(FirmwareResult { result: None, version: None, extra: Map::new() })),
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
pub(crate) async fn read_unit<R: tokio::io::AsyncRead + Unpin>(
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
