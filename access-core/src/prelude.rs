//! What a program needs to make calls and read lists, in one `use`.
//!
//! Every vendor crate's own `prelude` re-exports this one and adds its client
//! and ids, so `use iloq_sdk::prelude::*;` is all a program writes:
//!
//! ```
//! use access_core::prelude::*;
//!
//! fn classify<E: ServiceError>(e: &Error<E>) -> (ErrorKind, bool) {
//!     (e.kind(), e.is_retryable())
//! }
//! let e: Error<AnyError> = ValidationError::new("pin", "must be 4 to 12 digits").into();
//! assert_eq!(classify(&e), (ErrorKind::InvalidInput, false));
//! ```

pub use crate::error::{AnyError, Error, ErrorKind, ServiceError, ValidationError};
pub use crate::operation::{Operation, PollPolicy};
pub use crate::paging::Pager;
pub use chrono::{DateTime, Duration as TimeDelta, NaiveDate, NaiveDateTime, Utc};
pub use futures_util::{StreamExt, TryStreamExt};
pub use secrecy::{ExposeSecret, SecretString};
