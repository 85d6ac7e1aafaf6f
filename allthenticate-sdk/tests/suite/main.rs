//! The integration tests of `allthenticate-sdk` as one test binary (one link instead of one per
//! file; see `docs/testing.md`). Tests that install a thread-local tracing
//! subscriber stay in binaries of their own beside this one.

mod bulk_sync;
mod common;
mod errors;
mod properties;
mod properties_serde;
mod request_shape;
mod robustness;
mod routes;
mod scale;
mod scenarios;
mod secret_hygiene;
mod sim_control;
mod sim_faults;
mod sim_wire;
