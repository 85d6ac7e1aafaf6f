//! HR sync: bring every vendor of the site to the state of an HR file, through the
//! vendor-neutral bulk sync of `access-core` (`access_core::sync`) only.
//!
//! Reads `examples/data/employees.csv` (or the path given as the first argument,
//! or `--generate N` for N generated employees), reads each vendor's people once,
//! writes only the differences (people, leavers, groups, cards) and prints what it
//! did per vendor, with a progress bar while it writes. On the simulators it then
//! runs the same sync a second time to show that nothing changes.
//!
//! Each vendor runs on its simulator unless its environment variables are set (see
//! `docs/recipes.md`); against a real system this WRITES people and cards, and
//! removes the people with an external id that the file does not list.
//!
//! ```text
//! cargo run -p examples --example hr_sync [-- employees.csv]
//! cargo run --release -p examples --example hr_sync -- --generate 10000
//! ```

use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;

use access_core::sync::SyncProgress;
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
        for failure in r.failures.iter().take(5) {
            println!("  {:<14} refused: {failure}", "");
        }
        if r.failures.len() > 5 {
            println!("  {:<14} ... and {} more refused", "", r.failures.len() - 5);
        }
        for note in &r.notes {
            println!("  {:<14} note: {note}", "");
        }
    }
}

fn summary(r: &hr_sync::VendorReport) -> String {
    format!(
        "people +{} ~{} ={} -{} | groups ~{} | cards ~{} | refused {}",
        r.created,
        r.updated,
        r.unchanged,
        r.removed,
        r.groups_changed,
        r.cards_changed,
        r.failures.len()
    )
}

/// A one-line progress bar on stderr for syncs with many writes: redrawn at most
/// every 2% (and at the end), so it costs nothing next to the requests.
struct Bar {
    last: Mutex<(&'static str, usize)>,
    started: Instant,
}

impl Bar {
    const MIN_WRITES: usize = 200;
    const WIDTH: usize = 30;

    fn new() -> Self {
        Self {
            last: Mutex::new(("", usize::MAX)),
            started: Instant::now(),
        }
    }

    fn show(&self, p: &SyncProgress) {
        if p.planned < Self::MIN_WRITES {
            return;
        }
        let step = (p.planned / 50).max(1);
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let finished = p.finished();
        let new_vendor = last.0 != p.vendor;
        if !new_vendor && finished / step == last.1 / step && !p.is_complete() {
            return;
        }
        *last = (p.vendor, finished);
        let filled = finished * Self::WIDTH / p.planned.max(1);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r  {:<14} [{}{}] {finished}/{} written, {} refused, {:.1} s",
            p.vendor,
            "#".repeat(filled),
            " ".repeat(Self::WIDTH - filled),
            p.planned,
            p.failed,
            self.started.elapsed().as_secs_f64()
        );
        if p.is_complete() {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (source, text) = match args.next().as_deref() {
        Some("--generate") => {
            let n: usize = args
                .next()
                .and_then(|n| n.parse().ok())
                .ok_or("--generate needs a number of employees")?;
            (
                format!("{n} generated employees"),
                hr_sync::generate_employees(n),
            )
        }
        Some(path) => (path.to_string(), std::fs::read_to_string(path)?),
        None => {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/employees.csv");
            (path.to_string(), std::fs::read_to_string(path)?)
        }
    };
    let employees = hr_sync::parse_employees(&text)?;
    println!("HR file {source}: {} employees", employees.len());

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
    println!("legend: people +created ~updated =unchanged -removed; ~changed\n");

    let bar = Bar::new();
    let on_progress = |p: &SyncProgress| bar.show(p);
    let started = Instant::now();
    let first = site.sync_with_progress(&employees, &on_progress).await;
    print(
        &format!("first sync ({:.1} s)", started.elapsed().as_secs_f64()),
        &first,
    );

    let all_simulated = site.status().iter().all(|(_, s)| {
        s.as_ref()
            .is_ok_and(|m| *m == examples::vendors::Mode::Simulator)
    });
    if all_simulated {
        let started = Instant::now();
        let second = site.sync_with_progress(&employees, &on_progress).await;
        println!();
        print(
            &format!(
                "second sync with the same file ({:.1} s)",
                started.elapsed().as_secs_f64()
            ),
            &second,
        );
        let changed: Vec<&str> = second
            .iter()
            .filter(|(_, r)| r.changed_anything() || r.failure.is_some())
            .map(|(v, _)| *v)
            .collect();
        let refused: usize = second.values().map(|r| r.failures.len()).sum();
        if changed.is_empty() {
            println!("idempotent: the second run changed nothing at any vendor");
            if refused > 0 {
                println!(
                    "({refused} refusal(s) repeat on every run until someone acts on them, e.g. returns the keys)"
                );
            }
        } else {
            println!("NOT idempotent at: {}", changed.join(", "));
        }
    }
    if first.values().any(|r| r.failed_anything()) || !site.failures().is_empty() {
        println!(
            "\nsome vendors or people failed: rerun to complete them (the sync is idempotent)"
        );
    }
    Ok(())
}
