//! Shared code of the runnable examples: the HR sync and the audit export engines,
//! the capability matrix, and a site that connects all four vendors.
//!
//! The engines drive vendors only through `access-core`'s traits, so the same code
//! syncs an HR file to EasySecure, iLOQ, Allthenticate and an EF-45 at once, and
//! exports one merged audit trail from all of them.

pub mod audit_export;
pub mod capabilities;
pub mod hr_sync;
pub mod vendors;

/// `docs/getting-started.md`, compiled and run as doctests: every Rust snippet of
/// the guide uses only what `iloq-sdk` (with `testkit`) exports, as a user's crate
/// sees it.
#[cfg(all(doctest, feature = "iloq"))]
#[doc = include_str!("../../docs/getting-started.md")]
pub struct GettingStarted;

/// The vendor guides and the error guide, compiled as doctests: their Rust
/// snippets use only what the vendor crates export.
#[cfg(all(
    doctest,
    feature = "easysecure",
    feature = "iloq",
    feature = "allthenticate",
    feature = "ef45"
))]
pub mod guides {
    #[doc = include_str!("../../docs/easysecure.md")]
    pub struct EasySecure;
    #[doc = include_str!("../../docs/iloq.md")]
    pub struct Iloq;
    #[doc = include_str!("../../docs/allthenticate.md")]
    pub struct Allthenticate;
    #[doc = include_str!("../../docs/ef45.md")]
    pub struct Ef45;
    #[doc = include_str!("../../docs/errors.md")]
    pub struct Errors;
}
