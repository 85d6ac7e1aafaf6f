//! The integration tests of `examples` as one test binary (one link instead of one per
//! file; see `docs/testing.md`). Tests that install a thread-local tracing
//! subscriber stay in binaries of their own beside this one.

mod capabilities;
mod engines;
mod multi_vendor;
mod one_rule;
mod paging;
mod sync_mapping;
