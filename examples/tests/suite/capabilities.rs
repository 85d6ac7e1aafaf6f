//! `docs/capabilities.md` holds the table of what each client reports at run time
//! (`AccessSystem::capabilities`). This test builds the clients on their simulators,
//! renders the table and compares: when a vendor crate changes what it supports,
//! the test fails and prints the table to paste into the document.

// Needs every vendor (the default features).
#![cfg(all(
    feature = "easysecure",
    feature = "iloq",
    feature = "allthenticate",
    feature = "ef45"
))]

use examples::capabilities::{self, Row};
use examples::vendors::{LABEL_EASYSECURE_SOAP, Site};

const DOC: &str = include_str!("../../../docs/capabilities.md");

#[tokio::test]
async fn the_committed_matrix_is_what_the_clients_report() {
    let site = Site::simulated().await;
    assert!(site.failures().is_empty(), "{:?}", site.failures());
    assert_eq!(site.labelled_systems().len(), 4, "the four vendors");
    // The rows the quickstart prints: the four clients and EasySecure's SOAP
    // client, whose capabilities are the same on its simulator.
    let rows = capabilities::site_rows(&site);
    let labels: Vec<&str> = rows.iter().map(|r| r.client.as_str()).collect();
    assert_eq!(labels[1], LABEL_EASYSECURE_SOAP, "{labels:?}");
    let soap_sim = easysecure_sdk::testkit::EasySecureSoapSim::start().await;
    let on_sim = Row::of(LABEL_EASYSECURE_SOAP, &soap_sim.client());
    assert_eq!(rows[1].capabilities, on_sim.capabilities);

    let expected = capabilities::render(&rows);
    let committed = capabilities::extract(DOC)
        .expect("docs/capabilities.md has the capabilities:begin and :end markers");
    assert!(
        committed == expected,
        "docs/capabilities.md is stale; replace its table with:\n\n{expected}"
    );
}

#[test]
fn the_matrix_renders_every_capability() {
    let mut c = access_core::traits::Capabilities::none("demo");
    c.directory = true;
    c.credentials = vec![
        access_core::model::CredentialKind::QrCode,
        access_core::model::CredentialKind::Card,
    ];
    let table = capabilities::render(&[Row {
        client: "`Demo`".into(),
        capabilities: c,
    }]);
    assert!(
        table.contains("| `Demo` | demo | yes | - | card, QR code | - | - | - |"),
        "{table}"
    );
    assert_eq!(
        capabilities::extract(&format!("intro\n{table}outro")),
        Some(table)
    );
    assert_eq!(capabilities::extract("no markers"), None);
}
