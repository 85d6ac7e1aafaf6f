//! HR sync: bring every vendor of the site to the state of an HR file, through the
//! vendor-neutral `Directory`, `AccessGroups` and `Credentials` traits only.
//!
//! Reads `examples/data/employees.csv` (or the path given as the first argument),
//! creates and updates people, removes leavers, sets groups, issues and revokes
//! cards, and prints what it did per vendor. On the simulators it then runs the
//! same sync a second time to show that nothing changes.
//!
//! Each vendor runs on its simulator unless its environment variables are set (see
//! `docs/recipes.md`); against a real system this WRITES people and cards, and
//! removes the people with an external id that the file does not list.
//!
//! `cargo run -p examples --example hr_sync [-- employees.csv]`

use examples::hr_sync::{self, SyncReport};
use examples::vendors::Site;

fn print(title: &str, report: &SyncReport) {
    println!("{title}");
    for (vendor, r) in report {
        let status = match &r.failure {
            Some(_) => "FAILED",
            None if r.changed_anything() => "changed",
            None => "no change",
        };
        println!("  {vendor:<14} {status:<10} {}", summary(r));
        if let Some(failure) = &r.failure {
            println!("  {:<14} failure: {failure}", "");
        }
        for note in &r.notes {
            println!("  {:<14} note: {note}", "");
        }
    }
}

fn summary(r: &hr_sync::VendorReport) -> String {
    format!(
        "people +{} ~{} ={} -{} | groups ~{} | cards +{} (pending {}) -{}",
        r.created,
        r.updated,
        r.unchanged,
        r.removed,
        r.groups_changed,
        r.cards_issued,
        r.cards_pending,
        r.cards_revoked
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/data/employees.csv").into());
    let employees = hr_sync::parse_employees(&std::fs::read_to_string(&path)?)?;
    println!("HR file {path}: {} employees", employees.len());

    let site = Site::connect().await;
    for (vendor, status) in site.status() {
        match status {
            Ok(mode) => println!("  {vendor:<14} {mode}"),
            Err(e) => println!("  {vendor:<14} NOT CONNECTED: {e}"),
        }
    }
    let groups: std::collections::BTreeSet<&str> = employees
        .iter()
        .flat_map(|e| e.person.groups.iter().map(String::as_str))
        .collect();
    for note in site.prepare_groups(groups).await {
        println!("  setup: {note}");
    }
    println!("legend: people +created ~updated =unchanged -removed; cards +issued -revoked\n");

    let first = site.sync(&employees).await;
    print("first sync", &first);

    let all_simulated = site.status().iter().all(|(_, s)| {
        s.as_ref()
            .is_ok_and(|m| *m == examples::vendors::Mode::Simulator)
    });
    if all_simulated {
        let second = site.sync(&employees).await;
        println!();
        print("second sync with the same file", &second);
        let changed: Vec<&str> = second
            .iter()
            .filter(|(_, r)| r.changed_anything() || r.failure.is_some())
            .map(|(v, _)| *v)
            .collect();
        if changed.is_empty() {
            println!("idempotent: the second run changed nothing at any vendor");
        } else {
            println!("NOT idempotent at: {}", changed.join(", "));
        }
    }
    if first.values().any(|r| r.failure.is_some()) || !site.failures().is_empty() {
        println!("\nsome vendors failed: rerun to complete them (the sync is idempotent)");
    }
    Ok(())
}
