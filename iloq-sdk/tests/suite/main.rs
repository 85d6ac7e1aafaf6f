//! The integration tests of `iloq-sdk` as one test binary (one link instead of one per
//! file; see `docs/testing.md`). Tests that install a thread-local tracing
//! subscriber stay in binaries of their own beside this one.

mod admin_recipes;
mod audit_webhooks;
mod bulk_sync;
mod calendars;
mod common;
mod errors;
mod pool_url;
mod properties;
mod request_shape;
mod robustness;
mod roles_and_tags;
mod routes;
mod scale;
mod scenarios;
mod secret_hygiene;
mod session;
mod sim_control;
mod sim_faults;
mod sim_wire;
mod unknown_ids;
mod wire_fixes;
