//! The integration tests of `examples` as one test binary (one link instead of one per
//! file; see `docs/testing.md`). Tests that install a thread-local tracing
//! subscriber stay in binaries of their own beside this one.

mod capabilities;
mod dot_segments;
mod engines;
mod lenient_answers;
mod log_injection;
mod multi_vendor;
mod one_rule;
mod paging;
mod redirects;
mod renewal;
#[path = "../common/secret_fixtures.rs"]
mod secret_fixtures;
mod secrets;
mod server_numbers;
mod sync_mapping;
