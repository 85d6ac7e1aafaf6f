//! Connection: the device's single "lock" session, and its app version.
//!
//! The EF-45 serves one client at a time. `POST /lock` connects and answers a
//! new [`LockUid`]; `PUT /lock` takes the lock over from whoever holds it
//! ("Force connection"); `DELETE /lock/{lock_uid}` disconnects. Every other
//! call except `/version` carries `lock_uid` as a query parameter **\[V\]** E1.
//! [`crate::Client`] does all of this for you; these request types are for
//! callers who drive the session by hand.

use access_core::http::segment;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::ids::LockUid;
use crate::model::Ack;

/// The device's answer to connect and take over: `{"lock_uid": "..."}` **\[V\]**.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct LockGrant {
    /// The session id to send with every call.
    pub lock_uid: LockUid,
    /// Fields the documentation does not describe.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /1.0/lock` **\[V\]** E1; E3 `tryLock`: connect. No body; answers a new
/// `lock_uid`. Refused (probably 409/423 **\[I\]**) while another client holds the
/// lock. Not retried.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Connect;

impl Connect {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for Connect {
        name: "POST /lock",
        method: POST,
        path: "lock",
        output: LockGrant,
        error: ConnectError,
        idempotent: false,
        authenticated: false,
        decode: |_, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /lock` (see [`crate::error`] for how they are read).
    pub enum ConnectError {
        /// Another client holds the lock **\[I\]** 409 or 423.
        AlreadyLocked = (409 | 423, any) => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `PUT /1.0/lock` **\[V\]** E1; E2 calls it before every operation; E3
/// `stealLock`: take the lock over ("Force connection"). The previous holder's
/// `lock_uid` stops working. Not retried.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TakeOver;

impl TakeOver {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for TakeOver {
        name: "PUT /lock",
        method: PUT,
        path: "lock",
        output: LockGrant,
        error: TakeOverError,
        idempotent: false,
        authenticated: false,
        decode: |_, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `PUT /lock` (see [`crate::error`] for how they are read).
    pub enum TakeOverError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

/// `DELETE /1.0/lock/{lock_uid}` **\[V\]** E1: disconnect. Answers 200 "Uuid
/// deletion success". The `lock_uid` travels in the path, not the query.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Disconnect {
    lock_uid: LockUid,
}

impl Disconnect {
    /// Releases `lock_uid`.
    pub fn new(lock_uid: LockUid) -> Self {
        Self { lock_uid }
    }
}

access_core::endpoint! {
    impl Endpoint for Disconnect {
        name: "DELETE /lock/{lock_uid}",
        method: DELETE,
        path: |s| format!("lock/{}", segment(s.lock_uid.expose_secret())),
        output: Ack,
        error: DisconnectError,
        idempotent: false,
        authenticated: false,
        decode: |_, r| Ack::decode(r),
        // The lock travels in the path: kept out of any error text an answer quotes it in.
        secrets: |s| vec![s.lock_uid.to_secret()],
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /lock/{lock_uid}` (see [`crate::error`] for how they are read).
    pub enum DisconnectError {
        /// The `lock_uid` is not the current one (taken over or already released)
        /// **\[I\]** 404.
        UnknownLock = (404, any) => NotFound,
    }
}

/// The device application's version, e.g. `1.2.34` **\[V\]** shape `{"version": string}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AppVersion {
    /// The version as the device writes it.
    pub version: String,
    /// Fields the documentation does not describe.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AppVersion {
    /// A version from its text.
    pub fn new(version: impl Into<String>) -> Self {
        Self {
            version: version.into(),
            extra: Map::new(),
        }
    }

    /// The numeric parts (`1.2.34` is `[1, 2, 34]`); non-numeric text is skipped.
    pub fn parts(&self) -> Vec<u32> {
        self.version
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    /// Whether the device serves the revised biometric-data endpoint (app
    /// 1.2.34 and later) **\[seed\]**. Unparseable versions count as new.
    pub fn has_revised_biometric_data(&self) -> bool {
        let p = self.parts();
        if p.is_empty() {
            return true;
        }
        let mut v = [0u32; 3];
        for (slot, part) in v.iter_mut().zip(p) {
            *slot = part;
        }
        v >= [1, 2, 34]
    }

    /// Whether the device serves the revised firmware endpoints
    /// (`/firmware/v2`, ...): the seed shows the firmware operations twice, like
    /// the biometric-data pair, without a version; the SDK uses the
    /// biometric-data threshold, 1.2.34 **\[I\]**.
    pub fn has_revised_firmware_endpoints(&self) -> bool {
        self.has_revised_biometric_data()
    }
}

/// `GET /1.0/version` **\[V\]** E1: the app version. Needs no lock.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetVersion;

impl GetVersion {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for GetVersion {
        name: "GET /version",
        method: GET,
        path: "version",
        output: AppVersion,
        error: GetVersionError,
        idempotent: true,
        authenticated: false,
        decode: |_, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /version` (see [`crate::error`] for how they are read).
    pub enum GetVersionError {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_threshold() {
        assert!(!AppVersion::new("1.2.33").has_revised_biometric_data());
        assert!(AppVersion::new("1.2.34").has_revised_biometric_data());
        assert!(AppVersion::new("v1.3.0-rc1").has_revised_biometric_data());
        assert!(!AppVersion::new("1.1").has_revised_biometric_data());
        assert!(!AppVersion::new("1.2.33").has_revised_firmware_endpoints());
        assert!(AppVersion::new("1.2.34").has_revised_firmware_endpoints());
    }
}
