//! A new integrator's crate (see Cargo.toml): the Rust snippets of
//! docs/getting-started.md, compiled and run as doctests against the packaged
//! crates.

/// The getting-started guide's snippets.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/getting-started.md")]
pub struct GettingStarted;
