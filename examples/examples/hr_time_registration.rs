//! EasySecure recipe "Default HR / Time registration" (seed: REST - Examples):
//! import employees keyed by `wsAltUserId` with the time-registration group,
//! sync them to the time clock, then export the IN / OUT / DUTY registrations.
//!
//! Runs on the built-in simulator unless `EASYSECURE_BASE_URL` is set; then it
//! logs in as the admin `EASYSECURE_EMAIL` / `EASYSECURE_PASSWORD` of company
//! `EASYSECURE_COMPANY` (case-sensitive) and WRITES three example employees
//! (`SDK-EXAMPLE-HR-*`) to that environment.
//!
//! `cargo run -p examples --no-default-features --features easysecure --example hr_time_registration`

use std::error::Error;

use access_core::traits::EventLog;
use easysecure_sdk::WsAltUserId;
use easysecure_sdk::logs::GetLogs;
use easysecure_sdk::users::UserUpsert;
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // The simulator, or the real system from EASYSECURE_* (shared with the
    // multi-vendor examples).
    let es = examples::vendors::EasySecure::connect().await?;
    es.announce("HR / time registration");
    let (admin, sim) = (es.client, es.sim);

    // 1. Which groups exist? The time-registration group puts people on the clock.
    let groups = admin.groups().list().await?;
    println!(
        "groups: {}",
        groups
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let clock_group = examples::vendors::group_containing(&groups, "time")?;

    // Import employees from "the HR system", keyed by their employee number.
    let hr = [
        ("SDK-EXAMPLE-HR-1001", "Anna", "de Vries"),
        ("SDK-EXAMPLE-HR-1002", "Bram", "Bakker"),
        ("SDK-EXAMPLE-HR-1003", "Chen", "Li"),
    ];
    let users = hr
        .iter()
        .map(|(id, first, last)| {
            Ok(UserUpsert::new(WsAltUserId::new(*id)?)
                .name(*first, *last)
                .groups([clock_group.clone()], true))
        })
        .collect::<Result<Vec<_>, access_core::ValidationError>>()?;
    admin.users().set(users).await?;
    println!("imported {} employees into group {clock_group:?}", hr.len());

    // 2. Sync to the terminals and wait until they have the employees.
    let started = std::time::Instant::now();
    let report = examples::vendors::sync_to_terminals(&admin).await?;
    println!(
        "sync {} {} in {:?} ({} terminal entries)",
        report.sync_id.as_deref().unwrap_or("-"),
        if report.confirmed {
            "confirmed"
        } else {
            "accepted"
        },
        started.elapsed(),
        report.entries.len()
    );

    // 3. Export today's registrations of the time clock.
    let now = match &sim {
        Some(s) => s.clock_now(),
        None => chrono::Local::now().naive_local(),
    };
    let from = now.date().and_hms_opt(0, 0, 0).ok_or("date")?;
    let to = from + chrono::Duration::days(1);
    let logs = admin
        .logs()
        .get(GetLogs::between(from, to)?.time_registration_only(true))
        .await?;
    println!(
        "{:<10} {:<22} {:<20} {:<9} text",
        "scanID", "user", "time", "key"
    );
    for l in &logs {
        println!(
            "{:<10} {:<22} {:<20} {:<9} {}",
            l.scan_id.map(|i| i.to_string()).unwrap_or_default(),
            l.user_id.as_deref().unwrap_or("-"),
            l.time.map(|t| t.to_string()).unwrap_or_default(),
            l.terminal_key
                .as_ref()
                .map(|k| k.as_wire())
                .unwrap_or_default(),
            l.log_text.as_ref().map(|t| t.as_wire()).unwrap_or_default(),
        );
    }

    // The same export, resumable: keep the cursor of the last event handled.
    let mut cursor = None;
    let mut count = 0;
    let mut events = admin.events_since(None);
    while let Some(event) = events.next().await {
        let event = event?;
        count += 1;
        cursor = Some(event.cursor.clone());
    }
    drop(events);
    println!(
        "event export: {count} events; store cursor {}",
        cursor.map(|c| c.to_string()).unwrap_or_default()
    );
    Ok(())
}
