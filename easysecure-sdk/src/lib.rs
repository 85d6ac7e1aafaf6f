//! # easysecure-sdk
//!
//! A typed client for the [EasySecure.cloud](https://easysecure.cloud) REST API
//! (`https://api.easysecure.cloud`): user management, access groups, credentials,
//! synchronisation to terminals, and the terminal logs of access control and time
//! registration.
//!
//! * **Two role paths, two types.** [`Client<Admin>`] (integrations, `/admins/…`)
//!   and [`Client<User>`] (the app account of one person, `/users/…`). An endpoint
//!   of the other path does not compile.
//! * **Tokens handled.** The `idToken` (one hour) is renewed with the refresh token
//!   before it expires and after a 401, single-flight.
//! * **Every documented error typed.** Each endpoint has its own error enum
//!   (`<RequestType>Error`); each row of the vendor's error table is a variant of it
//!   (e.g. [`auth::LoginError::InvalidLoginCredentials`]); unknown messages keep
//!   their status, code and text in `Unknown`.
//! * **One shape.** Calls are grouped in resource handles: `admin.users()`,
//!   `admin.groups()`, `admin.logs()`, `admin.syncs()`, `user.profile()`. Lists
//!   the vendor pages (`getUsers`) are read through `access_core`'s bounded
//!   [`Pager`](access_core::paging::Pager).
//! * **Recipes.** HR/time registration, reservations with credentials, access
//!   control: see `docs/easysecure.md` and the examples.
//! * **Simulators** (feature `testkit`): a stateful EasySecure in process, for your
//!   own tests: `testkit::EasySecureSim` (REST, and ESWS with `soap`, on one
//!   state) and `testkit::EasySecureSoapSim` (ESWS alone), with a clock you move,
//!   faults in the vendor's own error shape aimed at one endpoint
//!   (`sim.faults().at("POST /admins/setUsers")`), request counts, and
//!   `SimConfig::users(n)` for large runs.
//!
//! Much of the REST surface is undocumented in public (field names especially):
//! every inferred name is marked **\[I\]** in its rustdoc, and unknown response fields
//! are kept in `extra` maps. See `docs/provenance/easysecure.md`.
//!
//! ## Quick start (runs on the simulator)
//!
#![cfg_attr(feature = "testkit", doc = "```")]
#![cfg_attr(not(feature = "testkit"), doc = "```ignore")]
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use easysecure_sdk::prelude::*;
//! use easysecure_sdk::sync::AdminSync;
//! use easysecure_sdk::testkit::EasySecureSim;
//! use easysecure_sdk::users::UserUpsert;
//!
//! let sim = EasySecureSim::start().await;
//! // `sim.client().await` is the same, in one call.
//! let admin = Client::builder()
//!     .base_url(sim.uri())
//!     .login_admin(EasySecureSim::COMPANY, EasySecureSim::ADMIN_EMAIL, EasySecureSim::ADMIN_PASSWORD.to_string().into())
//!     .await?;
//!
//! let groups = admin.groups().list().await?;
//! let employee = UserUpsert::new(WsAltUserId::new("HR-1001")?)
//!     .name("Anna", "de Vries")
//!     .groups([groups[0].name.clone()], true);
//! admin.users().upsert(employee).await?;
//! let everyone = admin.users().all().await?;
//! assert!(everyone.iter().any(|u| u.ws_alt_user_id.as_deref() == Some("HR-1001")));
//! let report = admin
//!     .syncs()
//!     .to_terminals(AdminSync::all())
//!     .await?
//!     .wait(&access_core::PollPolicy::every(std::time::Duration::from_millis(10), std::time::Duration::from_secs(5)))
//!     .await?;
//! assert!(report.confirmed);
//! # Ok(()) }
//! ```
//!
//! ## SOAP (feature `soap`)
//!
//! The ESWS webservice has no login: every call carries the company security key.
//! The same simulator serves it, on the same state as the REST side
//! (`testkit::EasySecureSoapSim` serves ESWS alone).
//!
#![cfg_attr(all(feature = "testkit", feature = "soap"), doc = "```")]
#![cfg_attr(not(all(feature = "testkit", feature = "soap")), doc = "```ignore")]
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use access_core::SecretString;
//! use easysecure_sdk::WsAltUserId;
//! use easysecure_sdk::soap::SoapClient;
//! use easysecure_sdk::soap::users::UserFields;
//! use easysecure_sdk::testkit::EasySecureSim;
//!
//! let sim = EasySecureSim::start().await;
//! let soap = SoapClient::builder(SecretString::from(EasySecureSim::SECURITY_KEY))
//!     .base_url(sim.uri()) // default: https://ws.i3.identysoft.com
//!     .build()?;
//! soap.users()
//!     .update_alt_id(WsAltUserId::new("HR-2002")?, UserFields::new().name("Piet", "Bakker"))
//!     .await?;
//! let view = sim.user(&WsAltUserId::new("HR-2002")?);
//! assert_eq!(view.map(|u| u.last_name), Some("Bakker".to_string()));
//! # Ok(()) }
//! ```
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `rustls` | yes | TLS through rustls |
//! | `native-tls` | no | TLS through the platform's library instead |
//! | `soap` | no | the ESWS SOAP client, `soap::SoapClient` |
//! | `testkit` | no | the simulators, `testkit::EasySecureSim` (REST, and SOAP with `soap`) and, with `soap`, `testkit::EasySecureSoapSim` (SOAP only) |
//!
//! The simulator's items are documented on docs.rs; in your own build, enable
//! `testkit` in `[dev-dependencies]` only.
//!
//! ## Guides
//!
//! * [Getting started](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/getting-started.md): install, a first call on the
//!   simulator, then against the real system.
//! * [The EasySecure REST guide](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/easysecure.md) and the [provenance of every endpoint](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/provenance/easysecure.md).
//! * [The SOAP guide](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/easysecure.md#part-2-the-soap-webservice-esws-feature-soap) (feature `soap`).
//! * [Error handling](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/errors.md): `kind()`, retries, `may_have_been_sent()`.
//! * [Testing your integration](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/testing.md) with the simulator.
//! * [Versioning](https://github.com/access-sdk/access-sdk-rs/blob/main/docs/semver.md): what `#[non_exhaustive]` allows; MSRV 1.88.

pub mod access;
pub mod auth;
mod client;
pub mod error;
pub mod groups;
mod ids;
pub mod logs;
pub mod model;
pub mod profile;
/// The SOAP webservice "ESWS" (`https://ws.i3.identysoft.com/webservicesesws`),
/// authorised by the company security key (feature `soap`).
#[cfg(feature = "soap")]
pub mod soap;
pub mod sync;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod users;

pub use access_core;
pub use access_core::{Error, ErrorKind, SecretString, ValidationError};
pub use client::{Client, ClientBuilder};
pub use ids::{UserId, WsAltUserId};

/// What a program needs in one `use`.
pub mod prelude {
    pub use access_core::prelude::*;

    pub use crate::auth::{Admin, User};
    #[cfg(feature = "soap")]
    pub use crate::soap::{SoapClient, SoapClientBuilder};
    pub use crate::{Client, ClientBuilder, UserId, WsAltUserId};
}

/// The README's examples, compiled and run as doctests (they use the simulator).
#[cfg(all(doctest, feature = "testkit"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
