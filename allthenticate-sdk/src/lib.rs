//! # allthenticate-sdk
//!
//! A typed Rust client for the Allthenticate cloud API: members and guests,
//! invitations, groups of users and of resources, smartcards and PINs, guest
//! ("magic") links with weekly schedules, and door control.
//!
//! Every documented endpoint is a request type implementing
//! [`access_core::http::Endpoint`], sent by the shared access-core transport
//! (timeouts, retries of reads only, size limits, tracing that never logs URLs).
//! `{"success": ...}` answers with 200 decode into typed results; `{"error": ...}`
//! answers become each endpoint's own error enum inside [`Error`] (read by
//! [`error::AllthenticateErrorBody`]; see [`error`] for the rows every enum shares).
//!
//! * **Handles**: `client.users()`, `client.groups()`, `client.smartcards()`,
//!   `client.guest_links()` and `client.resources()` wrap the endpoints of each
//!   resource; `client.send(&request)` sends any request type. Allthenticate pages
//!   nothing: its two lists (`/multipleusers`, `/multipleresources`) answer whole,
//!   through `list(..)`.
//!
//! * **Configuration**: the base URL is required (Allthenticate publishes no API
//!   host) and so is the API key (admin portal → Settings → API Keys). The key is
//!   sent as `api_key` in the query of GET requests and in the JSON body of POST
//!   and PUT requests by default ([`auth::KeyPlacement`]); it is a [`SecretString`],
//!   redacted everywhere.
//! * **Door control** (`/setlockstatus`, `/masslock`) is never retried. A timeout
//!   answers an error whose `may_have_been_sent()` is `true`: the door may have
//!   been unlocked.
//! * **Validation before sending**: one smartcard list per invited e-mail; a
//!   `resource_type` only on resource groups; guest links to doors only (checked
//!   as far as the client can, see [`guest_links::CreateMagicLink`]), UTC times
//!   with the start before the end; unlock times of whole positive seconds (`/masslock`
//!   corrects its own 5 to 60 s on the server); `time_mapping` from
//!   [`access_core::model::WeeklySchedule`].
//! * **Provenance**: each endpoint's docs mark what is verified in the vendor's
//!   published docs **\[V\]**, taken from the seed quickstart **\[seed\]**, or inferred
//!   **\[I\]**.
//!   See `docs/provenance/allthenticate.md`.
//! * **Simulator**: the `testkit` feature serves a stateful organisation on
//!   loopback (`testkit::AllthenticateSim`), with faults in Allthenticate's own
//!   error shape and a clock the test moves.
//!
//! ## Quick start
//!
//! ```
//! # #[cfg(feature = "testkit")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use allthenticate_sdk::model::UnlockTime;
//! use allthenticate_sdk::prelude::*;
//! use allthenticate_sdk::resources::{MassLock, SetLockStatus};
//! # let sim = allthenticate_sdk::testkit::AllthenticateSim::start().await;
//! # let (base_url, api_key) = (sim.uri(), allthenticate_sdk::testkit::SIM_API_KEY.to_string());
//!
//! let client = Client::builder()
//!     .base_url(base_url)                    // your organisation's API host
//!     .api_key(SecretString::from(api_key))  // from the admin portal
//!     .attempt_timeout(Duration::from_secs(10))
//!     .build()?;
//!
//! for door in client.resources().doors().await? {
//!     println!("{:?} {:?}", door.name, door.lock_status());
//! }
//!
//! let door = client.resources().doors().await?.remove(0);
//! let uuid = SetLockStatus::parse_uuid(door.uuid.as_deref().unwrap_or_default())?;
//! client
//!     .resources()
//!     .set_lock_status(SetLockStatus::unlock_for(uuid, UnlockTime::seconds(10)?))
//!     .await?;
//!
//! // Emergency: lock every door of the organisation.
//! client.resources().mass_lock(MassLock::lock_all().force_lock(true)).await?;
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
//! | `testkit` | no | the simulator, `testkit::AllthenticateSim` |
//!
//! The simulator's items are documented on docs.rs; in your own build, enable
//! `testkit` in `[dev-dependencies]` only.
//!
//! ## Guides
//!
//! * [Getting started](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/getting-started.md): install, a first call on the
//!   simulator, then against the real system.
//! * [The Allthenticate guide](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/allthenticate.md) and the [provenance of every endpoint](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/provenance/allthenticate.md).
//! * [Error handling](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/errors.md): `kind()`, retries, `may_have_been_sent()`.
//! * [Testing your integration](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/testing.md) with the simulator.
//! * [Versioning](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/semver.md): what `#[non_exhaustive]` allows; MSRV 1.88.

pub mod access;
pub mod auth;
mod client;
pub mod error;
pub mod groups;
pub mod guest_links;
mod ids;
pub mod model;
pub mod resources;
pub mod smartcards;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod users;

pub use access_core;
pub use access_core::{Error, ErrorKind, SecretString, ValidationError};
pub use client::{Client, ClientBuilder};
pub use ids::{ConfigId, EmailId, GroupId, MagicLinkId, OrgId, ResourceId, UserId};

/// What a program needs in one `use`.
pub mod prelude {
    pub use access_core::prelude::*;

    pub use crate::{
        Client, ClientBuilder, ConfigId, EmailId, GroupId, MagicLinkId, OrgId, ResourceId, UserId,
    };
}

/// The README's examples, compiled and run as doctests (they use the simulator).
#[cfg(all(doctest, feature = "testkit"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
