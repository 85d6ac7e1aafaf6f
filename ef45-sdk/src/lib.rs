//! # ef45-sdk
//!
//! A typed client for the local REST API of the **CMITech EF-45** iris and face
//! reader (`http://<device>:9980/1.0`, plain HTTP on the LAN), built on
//! [`access_core`].
//!
//! * **Session.** The device serves one client at a time through a "lock":
//!   the [`Client`] connects on first use (`POST /lock`, falling back to
//!   take over with `PUT /lock`), adds `lock_uid` to every call, takes the lock
//!   back once when the device refuses it (HTTP 401 only), and releases it with
//!   [`Client::disconnect`]. See [`auth`].
//! * **Every operation of the vendor's documentation** is a request type
//!   implementing [`access_core::http::Endpoint`], in one module per resource
//!   group: [`lock`], [`camera`], [`enrolment`], [`subjects`], [`users`],
//!   [`faces`], [`recognition`], [`logs`], [`device`], [`firmware`].
//! * **Resource handles**: `client.camera()`, `client.enrolment()`,
//!   `client.subjects()`, `client.user_info()`, `client.users()`,
//!   `client.faces()`, `client.recognition()`, `client.logs()`,
//!   `client.device()`, `client.firmware()`; each request type can also be sent
//!   with [`Client::send`].
//! * **Errors**: one enum per endpoint (`GetSubjectError`, `DeleteUserError`,
//!   ...) with rows by device code; see [`error`].
//! * **Polling streams**: capture ([`enrolment::Enrolment::capture_stream`]),
//!   match data, door status, preview.
//! * **Paged lists** (subjects, user info, users, faces, logs) through
//!   `access_core`'s bounded [`Pager`](access_core::paging::Pager): `pager`,
//!   `stream` and `all` on each handle.
//! * **Firmware upgrade** streamed from a file in ~1 MB base64 units, never retried.
//! * **Provenance**: the public documentation is incomplete. Every request
//!   type's docs say whether its path and shape are verified (**\[V\]**), from the
//!   seed document (**\[seed\]**) or inferred (**\[I\]**); `docs/provenance/ef45.md` lists them.
//! * **Simulator** (feature `testkit`): a stateful simulated EF-45,
//!   [`testkit::Ef45Sim`](crate::testkit), with the knobs every simulator of the
//!   workspace shares and faults answered in the device's error body.
//!
//! ## Quick start
//!
//! ```
//! # #[cfg(feature = "testkit")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use ef45_sdk::{Client, camera::CameraMode};
//! use ef45_sdk::testkit::Ef45Sim;
//!
//! let device = Ef45Sim::start().await; // or: Client::builder().device("192.168.0.100")
//! // uri() ends in /1.0, like a device's base URL (device.client() builds this client too).
//! let client = Client::builder().base_url(device.uri()).build()?;
//!
//! println!("app version {}", client.version().await?.version);
//! client.camera().set_mode(CameraMode::Slave).await?; // connects on first use
//! let settings = client.camera().settings().await?;
//! assert_eq!(settings.camera_mode, Some(CameraMode::Slave));
//! client.disconnect().await?;
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "testkit"))]
//! # fn main() {}
//! ```
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `rustls` | yes | TLS through rustls |
//! | `native-tls` | no | TLS through the platform's library instead |
//! | `testkit` | no | the simulated device, `testkit::Ef45Sim` |
//!
//! The simulator's items are documented on docs.rs; in your own build, enable
//! `testkit` in `[dev-dependencies]` only.
//!
//! ## Guides
//!
//! * [Getting started](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/getting-started.md): install, a first call on the
//!   simulator, then against the real system.
//! * [The EF-45 guide](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/ef45.md) and the [provenance of every endpoint](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/provenance/ef45.md).
//! * [Error handling](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/errors.md): `kind()`, retries, `may_have_been_sent()`.
//! * [Testing your integration](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/testing.md) with the simulator.
//! * [Versioning](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/semver.md): what `#[non_exhaustive]` allows; MSRV 1.88.

pub mod access;
pub mod auth;
pub mod camera;
mod client;
pub mod device;
pub mod enrolment;
pub mod error;
pub mod faces;
pub mod firmware;
mod ids;
pub mod lock;
pub mod logs;
pub mod model;
pub mod recognition;
pub mod subjects;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod users;

pub use access_core;
pub use access_core::{Error, ErrorKind, SecretString, ValidationError};
pub use client::{Client, ClientBuilder};
pub use ids::{EncounterId, LockUid, SeqUid, UserUuid};

/// What a program needs in one `use`.
pub mod prelude {
    pub use crate::{Client, ClientBuilder, EncounterId, LockUid, SeqUid, UserUuid};
    pub use access_core::prelude::*;
}

/// The README's examples, compiled and run as doctests (they use the simulator).
#[cfg(all(doctest, feature = "testkit"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
