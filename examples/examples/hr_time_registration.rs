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
use std::time::Duration;

use easysecure_sdk::access_core::chrono::Local;
use easysecure_sdk::access_core::traits::EventLog;
use easysecure_sdk::logs::GetLogs;
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
    println!("EasySecure HR / time registration ({mode})");

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
    let clock_group = groups
        .iter()
        .find(|g| g.name.to_lowercase().contains("time"))
        .or(groups.first())
        .map(|g| g.name.clone())
        .ok_or("the company has no access groups")?;

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
        .collect::<Result<Vec<_>, ValidationError>>()?;
    admin.users().set(users).await?;
    println!("imported {} employees into group {clock_group:?}", hr.len());

    // 2. Sync to the terminals and wait until they have the employees.
    let started = std::time::Instant::now();
    let sync = admin.syncs().to_terminals(AdminSync::all()).await?;
    let poll = PollPolicy::every(Duration::from_millis(250), Duration::from_secs(120));
    let report = sync.wait(&poll).await?;
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
        None => Local::now().naive_local(),
    };
    let from = now.date().and_hms_opt(0, 0, 0).ok_or("date")?;
    let to = from + TimeDelta::days(1);
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
