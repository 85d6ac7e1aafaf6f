//! The integration tests of `access-core` as one test binary (one link instead of one per
//! file; see `docs/testing.md`). Tests that install a thread-local tracing
//! subscriber stay in binaries of their own beside this one.

mod auth;
#[path = "../common/mod.rs"]
mod common;
mod credential_placement;
mod hostile;
mod lenient_props;
mod model_props;
mod operation;
mod sync;
mod transport;
