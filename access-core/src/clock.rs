//! Time as the SDK sees it, so tests can move it.

use std::fmt::Debug;

use chrono::{DateTime, Utc};

/// A source of the current time. Sessions use it to renew credentials before
/// they expire; the testkit's `SimClock` implements it so a test can make a
/// token expire without waiting an hour.
pub trait Clock: Send + Sync + Debug {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
