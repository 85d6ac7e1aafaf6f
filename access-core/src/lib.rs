//! # access-core
//!
//! The shared foundation of the access-control SDK family (`easysecure-sdk`,
//! `iloq-sdk`, `allthenticate-sdk`, `ef45-sdk`). It holds no vendor knowledge:
//!
//! * [`Error`], [`ErrorKind`], [`ValidationError`]: one error type for every call,
//!   parameterised by the endpoint's own enum of documented failures;
//! * [`http`]: the [`Endpoint`](http::Endpoint) trait and the one reqwest
//!   [`Transport`](http::Transport) (timeouts, retries of idempotent calls only,
//!   size limits, tracing, the auth hook with single-flight renewal);
//! * [`Operation`]: work the hardware finishes later, with `poll` and `wait`;
//! * [`model`] and [`traits`]: the vendor-neutral vocabulary (`Directory`,
//!   `AccessGroups`, `Credentials`, `DoorControl`, `EventLog`) an integrator
//!   uses to drive several vendors at once;
//! * [`sync`]: the bulk sync of a whole list of people (one read, a local
//!   comparison, the differences written in batches or bounded concurrency);
//! * `testkit` (feature): the pieces every vendor simulator is built from.
//!
//! ## Errors in one glance
//!
//! ```
//! use access_core::{Error, ErrorKind, ValidationError, ServiceError, http::Response};
//!
//! #[derive(Debug, thiserror::Error)]
//! #[error("door is offline")]
//! struct DoorOffline;
//! impl ServiceError for DoorOffline {
//!     fn from_response(_: &Response) -> Option<Self> { Some(DoorOffline) }
//!     fn kind(&self) -> ErrorKind { ErrorKind::Device }
//! }
//!
//! let refused: Error<DoorOffline> = ValidationError::new("unlock_time", "must be 5 to 60 seconds").into();
//! assert_eq!(refused.kind(), ErrorKind::InvalidInput);
//! assert!(!refused.may_have_been_sent());
//! assert!(!refused.is_retryable());
//! ```

pub mod clock;
mod error;
pub mod error_table;
pub mod http;
pub mod lenient;
pub mod model;
pub mod operation;
pub mod paging;
pub mod prelude;
pub mod secrets;
pub mod sync;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod traits;

pub use error::{
    AnyError, AuthError, CoreResult, DecodeError, Error, ErrorDetails, ErrorKind, Escaped,
    PagingError, ServiceError, TransportError, ValidationError, VendorErrorBody, escape_control,
    excerpt, is_unsafe_for_logs,
};
pub use operation::{Operation, PollPolicy, Progress, Tick, poll_stream};
pub use secrecy::{ExposeSecret, SecretString};

/// The date and time library of every model's timestamps, re-exported so a
/// program needs no second dependency to build or read them.
pub use chrono;

#[doc(hidden)]
pub use reqwest as __reqwest;

/// The JSON library of the simulators' control API and state dumps.
#[cfg(feature = "testkit")]
pub use serde_json;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
