//! The `rustls-ring` build (`--no-default-features --features rustls-ring`):
//! rustls without aws-lc-rs, with *ring* installed as the crypto provider when
//! the first client is built. `.ci/run` runs this file in that build; in the
//! default build it holds no test.

#![cfg(all(feature = "rustls-ring", not(feature = "rustls")))]

use access_core::http::HttpClient;

#[test]
fn a_client_builds_with_ring_as_the_crypto_provider() {
    // Without a provider, reqwest's rustls-no-provider build panics here.
    let client = HttpClient::from_builder(reqwest::Client::builder());
    assert!(client.is_ok(), "{:?}", client.err());
    let provider = rustls::crypto::CryptoProvider::get_default().expect("a provider");
    let ring = rustls::crypto::ring::default_provider();
    assert_eq!(
        provider.cipher_suites.len(),
        ring.cipher_suites.len(),
        "the provider is ring's"
    );
}

#[test]
fn a_provider_the_program_installed_is_kept() {
    // Installing first (as a program may) is not overridden; building after it works.
    let _ = rustls::crypto::ring::default_provider().install_default();
    assert!(HttpClient::from_builder(reqwest::Client::builder()).is_ok());
}
