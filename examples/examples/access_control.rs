//! EasySecure recipe "Default Access Control" (seed: REST - Examples): users with
//! access groups, Mifare card numbers, a sync, and the access logs.
//!
//! Runs on the built-in simulator unless `EASYSECURE_BASE_URL` is set; then it
//! logs in as the admin `EASYSECURE_EMAIL` / `EASYSECURE_PASSWORD` of company
//! `EASYSECURE_COMPANY` and WRITES two example users (`SDK-EXAMPLE-AC-*`).
//!
//! `cargo run -p examples --no-default-features --features easysecure --example access_control`

use std::error::Error;
use std::time::Duration;

use easysecure_sdk::access_core::model::{AccessEventKind, EventCursor};
use easysecure_sdk::access_core::traits::EventLog;
use easysecure_sdk::prelude::*;
use easysecure_sdk::sync::AdminSync;
use easysecure_sdk::testkit::EasySecureSim;
use easysecure_sdk::users::UserUpsert;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // Log in to the real system from EASYSECURE_*, or start the simulator
    // (logged in as its seeded admin).
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let need = |k: &str| env(k).ok_or(format!("{k} must be set with EASYSECURE_BASE_URL"));
    let (admin, sim) = match env("EASYSECURE_BASE_URL") {
        Some(url) => {
            let admin = Client::builder()
                .base_url(url)
                .login_admin(
                    need("EASYSECURE_COMPANY")?,
                    need("EASYSECURE_EMAIL")?,
                    SecretString::from(need("EASYSECURE_PASSWORD")?),
                )
                .await?;
            (admin, None)
        }
        None => {
            let sim = EasySecureSim::start().await;
            (sim.client().await, Some(sim))
        }
    };
    let mode = if sim.is_some() { "simulator" } else { "live" };
    println!("EasySecure access control ({mode})");

    // Remember where the log stands, to export only what this run produces.
    let start = admin.logs().id_range().await?;
    let cursor = start
        .max_id
        .map(|id| EventCursor::new("easysecure", id.to_string()));

    // 1. Users with access groups.
    let groups = admin.groups().list().await?;
    let staff = groups
        .iter()
        .find(|g| g.name.to_lowercase().contains("staff"))
        .or(groups.first())
        .map(|g| g.name.clone())
        .ok_or("the company has no access groups")?;
    // 2. Mifare card numbers as the reader gives them (custom card number).
    let people = [
        ("SDK-EXAMPLE-AC-01", "Dirk", "Visser", "04A1B2C3D4E5F6"),
        ("SDK-EXAMPLE-AC-02", "Eva", "Smit", "04F6E5D4C3B2A1"),
    ];
    let mut users = Vec::new();
    for (id, first, last, mifare) in people {
        users.push(
            UserUpsert::new(WsAltUserId::new(id)?)
                .name(first, last)
                .groups([staff.clone()], true)
                .card_custom(mifare),
        );
    }
    admin.users().set(users).await?;
    println!(
        "imported {} users into {staff:?} with Mifare numbers",
        people.len()
    );

    // 3. Sync them to the doors.
    let sync = admin.syncs().to_terminals(AdminSync::all()).await?;
    let poll = PollPolicy::every(Duration::from_millis(250), Duration::from_secs(120));
    let report = sync.wait(&poll).await?;
    println!(
        "sync {}: {} terminal entries, failed: {}",
        report.sync_id.as_deref().unwrap_or("-"),
        report.entries.len(),
        report.any_failed()
    );

    if let Some(sim) = &sim {
        sim.present(
            &WsAltUserId::new("SDK-EXAMPLE-AC-01")?,
            EasySecureSim::ENTRANCE,
            "",
        );
        sim.present(&WsAltUserId::new("SDK-EXAMPLE-AC-02")?, "LPN-3001", "");
    }

    // 4. The access logs since the start of this run.
    let mut events = admin.events_since(cursor);
    let (mut granted, mut denied) = (0, 0);
    while let Some(e) = events.next().await {
        let e = e?;
        match e.kind {
            AccessEventKind::Denied => denied += 1,
            _ => granted += 1,
        }
        println!(
            "{:<8} {:<20} {:<18} {:<20} {:?} {}",
            e.id,
            e.local_time.map(|t| t.to_string()).unwrap_or_default(),
            e.person.as_deref().unwrap_or("-"),
            e.device.as_deref().unwrap_or("-"),
            e.kind,
            e.description.as_deref().unwrap_or(""),
        );
    }
    println!("{granted} granted, {denied} denied");
    Ok(())
}
