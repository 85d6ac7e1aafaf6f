//! The integration tests of `easysecure-sdk` as one test binary (one link instead of one per
//! file; see `docs/testing.md`). Tests that install a thread-local tracing
//! subscriber stay in binaries of their own beside this one.

mod access_removal;
mod bulk_sync;
mod common;
mod deep_nesting;
mod error_table;
mod properties;
mod request_shape;
mod request_shape_soap;
mod robustness;
mod routes;
mod scenarios;
mod secret_hygiene;
mod session;
#[path = "../shared/mod.rs"]
mod shared;
mod sim_control;
mod sim_faults;
mod sim_scale;
mod sim_wire;
mod soap_errors;
mod soap_golden;
mod soap_scenario;
mod soap_shared_wiring;
mod unknown_ids_and_reissue;
