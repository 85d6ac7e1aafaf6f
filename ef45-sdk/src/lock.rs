//! Connection: the device's single "lock" session, and its app version.
//!
//! The EF-45 serves one client at a time. `POST /lock` connects and answers a
//! new [`LockUid`]; `PUT /lock` takes the lock over from whoever holds it
//! ("Force connection"); `DELETE /lock/{lock_uid}` disconnects. Every other
//! call except `/version` carries `lock_uid` as a query parameter [V, E1].
//! [`crate::Client`] does all of this for you; these request types are for
//! callers who drive the session by hand.

use access_core::http::segment;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::LockError;
use crate::macros::endpoint;
use crate::types::{Ack, LockUid};

/// The device's answer to connect and take over: `{"lock_uid": "..."}` \[V\].
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct LockGrant {
    /// The session id to send with every call.
    pub lock_uid: LockUid,
    /// Fields the documentation does not describe.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /1.0/lock` [V, E1; E3 `tryLock`]: connect. No body; answers a new
/// `lock_uid`. Refused (probably 409/423 \[I\]) while another client holds the
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

endpoint! {
    Connect: POST "POST /lock",
    idempotent = false,
    auth = false,
    error = LockError,
    output = LockGrant,
    path = |_s| "lock",
    decode = |_s, r| r.json(),
}

/// `PUT /1.0/lock` [V, E1; E2 calls it before every operation; E3
/// `stealLock`]: take the lock over ("Force connection"). The previous holder's
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

endpoint! {
    TakeOver: PUT "PUT /lock",
    idempotent = false,
    auth = false,
    error = LockError,
    output = LockGrant,
    path = |_s| "lock",
    decode = |_s, r| r.json(),
}

/// `DELETE /1.0/lock/{lock_uid}` [V, E1]: disconnect. Answers 200 "Uuid
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

endpoint! {
    Disconnect: DELETE "DELETE /lock/{lock_uid}",
    idempotent = false,
    auth = false,
    error = LockError,
    output = Ack,
    path = |s| format!("lock/{}", segment(s.lock_uid.expose_secret())),
    // The lock travels in the path: kept out of any error text an answer quotes it in.
    secrets = |s| vec![access_core::SecretString::from(s.lock_uid.expose_secret().to_string())],
    decode = |_s, r| Ack::decode(r),
}

/// The device application's version, e.g. `1.2.34` [V shape `{"version": string}`].
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
    /// 1.2.34 and later) \[seed\]. Unparseable versions count as new.
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

/// `GET /1.0/version` [V, E1]: the app version. Needs no lock.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetVersion;

impl GetVersion {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

endpoint! {
    GetVersion: GET "GET /version",
    idempotent = true,
    auth = false,
    error = LockError,
    output = AppVersion,
    path = |_s| "version",
    decode = |_s, r| r.json(),
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
