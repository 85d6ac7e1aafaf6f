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
        method: POST,
        name: "POST /lock",
        path: "lock",
        idempotent: false,
        authenticated: false,
        error: ConnectError,
        output: LockGrant,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `POST /lock` (see [`crate::error`] for how they are read).
    pub enum ConnectError for crate::error::Ef45ErrorBody {
        /// Another client holds the lock **\[I\]** 409 or 423.
        AlreadyLocked = (409 | 423, any) => Conflict,
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: PUT,
        name: "PUT /lock",
        path: "lock",
        idempotent: false,
        authenticated: false,
        error: TakeOverError,
        output: LockGrant,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `PUT /lock` (see [`crate::error`] for how they are read).
    pub enum TakeOverError for crate::error::Ef45ErrorBody {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: DELETE,
        name: "DELETE /lock/{lock_uid}",
        path: |s| format!("lock/{}", segment(s.lock_uid.expose_secret())),
        idempotent: false,
        authenticated: false,
        error: DisconnectError,
        output: Ack,
        // The lock travels in the path: kept out of any error text an answer quotes it in.
        secrets: |s| vec![s.lock_uid.to_secret()],
        decode: |_, r| Ack::decode(r),
    }
}

access_core::error_enum! {
    /// Failures of `DELETE /lock/{lock_uid}` (see [`crate::error`] for how they are read).
    pub enum DisconnectError for crate::error::Ef45ErrorBody {
        /// The `lock_uid` is not the current one (taken over or already released)
        /// **\[I\]** 404.
        UnknownLock = (404, any) => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: GET,
        name: "GET /version",
        path: "version",
        idempotent: true,
        authenticated: false,
        error: GetVersionError,
        output: AppVersion,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /version` (see [`crate::error`] for how they are read).
    pub enum GetVersionError for crate::error::Ef45ErrorBody {
        /// Not found (HTTP 404 without a device code) **\[I\]**.
        NotFound = (404, any) => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
    }
}
