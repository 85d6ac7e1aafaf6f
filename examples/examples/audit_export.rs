//! Audit export: collect the access events of every vendor through access-core's
//! `EventLog` since stored cursors, merge them into one time-ordered stream, write
//! JSON Lines, and store the new cursors so the next run exports only what is new.
//!
//! `cargo run -p examples --example audit_export [-- CURSOR_FILE [OUT_FILE]]`
//!
//! * `CURSOR_FILE`: where the cursors are kept (JSON, one `vendor:position` per
//!   vendor); without it a fresh temporary file is used for this run only.
//! * `OUT_FILE`: where the JSON Lines go (appended); without it, standard output.
//!   The human-readable report goes to standard error.
//!
//! On the simulators the example runs the export twice: the first run exports every
//! event, then the simulators produce a few new ones (a badge at the EasySecure
//! entrance, a key at an iLOQ lock, a face at the EF-45) and the second run exports
//! only those. Set a vendor's environment variables (see `docs/recipes.md`) to read
//! its real log instead; the export only reads.

use std::io::Write;
use std::path::PathBuf;

use examples::audit_export::{self, ExportReport};
use examples::vendors::{Mode, Site};

fn report(title: &str, r: &ExportReport, cursors: &audit_export::Cursors) {
    eprintln!("{title}: {} events", r.total());
    for (vendor, n) in &r.written {
        let cursor = cursors.get(vendor).map(String::as_str).unwrap_or("(start)");
        match r.failures.get(vendor) {
            Some(f) => {
                eprintln!("  {vendor:<12} {n:>4} events, FAILED: {f}; cursor stays at {cursor}")
            }
            None => eprintln!("  {vendor:<12} {n:>4} events, cursor now {cursor}"),
        }
    }
}

fn output(path: Option<&PathBuf>) -> std::io::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)?,
        )),
        None => Box::new(std::io::stdout().lock()),
    })
}

/// One export: cursors loaded, events written, cursors stored.
async fn run(
    site: &Site,
    cursor_file: &std::path::Path,
    out: Option<&PathBuf>,
    title: &str,
) -> Result<ExportReport, Box<dyn std::error::Error>> {
    let mut cursors = audit_export::load_cursors(cursor_file)?;
    let mut w = output(out)?;
    let r = audit_export::export(&site.event_logs(), &mut cursors, &mut w).await?;
    drop(w);
    // Stored after the events are written: a crash in between exports some events
    // twice on the next run, never loses one.
    audit_export::save_cursors(cursor_file, &cursors)?;
    report(title, &r, &cursors);
    Ok(r)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let given = args.next().map(PathBuf::from);
    let out = args.next().map(PathBuf::from);
    let cursor_file = given.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("audit-export-cursors-{}.json", std::process::id()))
    });
    eprintln!(
        "cursors in {}{}",
        cursor_file.display(),
        if given.is_none() { " (temporary)" } else { "" }
    );

    let site = Site::connect().await;
    for (vendor, status) in site.status() {
        match status {
            Ok(mode) => eprintln!("  {vendor:<12} {mode}"),
            Err(e) => eprintln!("  {vendor:<12} NOT CONNECTED: {e}"),
        }
    }
    eprintln!("  (allthenticate documents no event export: not a source)");

    if let Ok(v) = &site.iloq
        && let Some(sim) = &v.sim
    {
        // The simulated iLOQ log starts empty: two accesses of the seeded key
        // holder, an hour ago and (from an offline lock, arriving late) yesterday.
        let key = Some(sim.seed().programmed_key);
        let now = sim_now(sim);
        sim.record_access(
            sim.seed().locks[0],
            key,
            now - chrono::Duration::hours(1),
            true,
        );
        sim.record_access(
            sim.seed().locks[1],
            key,
            now - chrono::Duration::days(1),
            false,
        );
        sim.clock().advance(std::time::Duration::from_secs(1));
    }

    run(&site, &cursor_file, out.as_ref(), "first export").await?;

    let simulated = site
        .status()
        .iter()
        .all(|(_, s)| s.as_ref().is_ok_and(|m| *m == Mode::Simulator));
    if simulated {
        produce_events(&site);
        eprintln!("(simulators) new events: a badge, a key, a face");
        run(
            &site,
            &cursor_file,
            out.as_ref(),
            "second export (only what is new)",
        )
        .await?;
    }
    if given.is_none() {
        let _ = std::fs::remove_file(&cursor_file);
    }
    Ok(())
}

/// New events on the simulators, one per vendor with a log.
fn produce_events(site: &Site) {
    if let Ok(v) = &site.easysecure
        && let Some(sim) = &v.sim
    {
        sim.clock().advance(std::time::Duration::from_secs(60));
        sim.present(
            &easysecure_sdk::WsAltUserId::new(
                easysecure_sdk::testkit::EasySecureSim::USER_WS_ALT_USER_ID,
            )
            .expect("the seeded user"),
            easysecure_sdk::testkit::EasySecureSim::ENTRANCE,
            "",
        );
    }
    if let Ok(v) = &site.iloq
        && let Some(sim) = &v.sim
    {
        sim.clock().advance(std::time::Duration::from_secs(60));
        let key = Some(sim.seed().programmed_key);
        sim.record_access(sim.seed().locks[0], key, sim_now(sim), true);
        // The export reads up to "now": let the entry's arrival time pass.
        sim.clock().advance(std::time::Duration::from_secs(1));
    }
    if let Ok(v) = &site.ef45
        && let Some(sim) = &v.sim
    {
        sim.clock().advance(std::time::Duration::from_secs(60));
        sim.present(&ef45_sdk::UserUuid::new("111").expect("the seeded user"));
    }
}

fn sim_now(sim: &iloq_sdk::testkit::IloqSim) -> chrono::DateTime<chrono::Utc> {
    use access_core::clock::Clock;
    sim.clock().now()
}
