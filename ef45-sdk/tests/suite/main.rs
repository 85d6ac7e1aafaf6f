//! The integration tests of `ef45-sdk` as one test binary (one link instead of one per
//! file; see `docs/testing.md`). Tests that install a thread-local tracing
//! subscriber stay in binaries of their own beside this one.

mod bulk_sync;
#[path = "../common/mod.rs"]
mod common;
mod errors_and_secrets;
mod lost_lock;
mod properties_serde;
mod request_shape;
mod robustness;
mod routes;
mod scale;
mod scenarios;
mod sim_control;
mod sim_faults;
mod sim_wire;
