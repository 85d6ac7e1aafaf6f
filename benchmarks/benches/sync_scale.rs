//! Issue 19: the HR sync at scale. The bulk sync of `access-core`
//! (`access_core::sync::sync`: one snapshot, a local plan, the differences
//! written) over each vendor's simulator, for 1,000 and 10,000 employees, an
//! initial sync and a no-change rerun, with 0 ms and 20 ms added to every answer
//! (`faults().set_latency`), so that the figures are round trips, not simulator
//! cost.
//!
//! Per row: the requests the sync made (the simulator's exact total), the
//! minimum the vendor's API allows (the pages of one listing at the largest
//! page the vendor documents, measured as one bare snapshot's requests, plus
//! the batches to write plus the unbatchable writes), the round-trip bound (the
//! same with unbatchable writes divided by the concurrency the SDK uses), the
//! wall time and the wall time divided by the bound times the latency. The
//! seeded people of each simulator stay (leavers are not removed: iLOQ refuses
//! to remove its seeded key holder, which is a test's subject, not a cost). Each (vendor, size, latency) runs in
//! a process of its own (this binary re-executed with `--child`), which also
//! reports its peak resident memory (client and simulator together).
//!
//! Asserted (counts, never time): every employee exists at the vendor after the
//! initial sync, the rerun writes nothing, and the requests made are at most
//! 1.1× the minimum. Time goals are printed (docs/benchmarks.md, goal 8).
//!
//! `cargo bench -p benchmarks --bench sync_scale`; smoke mode (`BENCH_SMOKE=1`,
//! or without `--bench`): 100 and 1,000 employees, 0 ms and 2 ms.

use std::any::Any;
use std::process::Command;
use std::time::{Duration, Instant};

use access_core::model::{CardNumber, EmailAddress, ExternalId, Person};
use access_core::sync::{self, BulkDirectory, Member, SyncOptions, SyncReport};
use access_core::testkit::{Faults, Recording};
use benchmarks::mem::{mib, peak_rss_kib};
use benchmarks::{machine_line, result_field as field, smoke_mode};

const VENDORS: [&str; 4] = ["easysecure", "iloq", "allthenticate", "ef45"];

/// A vendor's simulator, its client and what the bench needs of both.
struct Rig {
    client: Box<dyn BulkDirectory>,
    total: Box<dyn Fn() -> usize>,
    faults: Faults,
    // The simulator, kept alive for the run.
    _sim: Box<dyn Any>,
}

/// A [`Rig`] of a simulator facade and its client (every facade has
/// `total_requests()` and `faults()`, from `access_core::sim_facade!`).
macro_rules! rig {
    ($sim:expr, $client:expr) => {{
        let sim = std::sync::Arc::new($sim);
        let counted = sim.clone();
        Rig {
            client: Box::new($client),
            total: Box::new(move || counted.total_requests()),
            faults: sim.faults().clone(),
            _sim: Box::new(sim),
        }
    }};
}

async fn rig(vendor: &str) -> Rig {
    match vendor {
        "easysecure" => {
            use easysecure_sdk::testkit::{EasySecureSim, SimConfig};
            let sim =
                EasySecureSim::start_with(SimConfig::default().recording(Recording::Off)).await;
            let client = sim.client().await;
            rig!(sim, client)
        }
        "iloq" => {
            use iloq_sdk::testkit::{IloqSim, SimConfig};
            let sim = IloqSim::start_with(SimConfig::default().recording(Recording::Off)).await;
            let client = sim.client();
            rig!(sim, client)
        }
        "allthenticate" => {
            use allthenticate_sdk::groups::CreateGroup;
            use allthenticate_sdk::testkit::{AllthenticateSim, SimConfig};
            let sim =
                AllthenticateSim::start_with(SimConfig::default().recording(Recording::Off)).await;
            let client = sim.client();
            // Allthenticate lists no groups: the client knows the ones it creates.
            for name in ["Staff", "Visitors"] {
                client
                    .groups()
                    .create(CreateGroup::users(name.to_string(), []).expect("group"))
                    .await
                    .expect("group created");
            }
            rig!(sim, client)
        }
        "ef45" => {
            use ef45_sdk::testkit::{Ef45Sim, SimConfig};
            let sim = Ef45Sim::start_with(SimConfig::default().recording(Recording::Off)).await;
            let client = sim.client();
            rig!(sim, client)
        }
        other => panic!("unknown vendor {other}"),
    }
}

/// `n` generated employees as `vendor` keys them (Allthenticate by e-mail):
/// alternating groups Staff and Visitors, three in four with a card.
fn employees(vendor: &str, n: usize) -> Vec<Member> {
    (1..=n)
        .map(|i| {
            let email = format!("employee{i:06}@example.com");
            let id = if vendor == "allthenticate" {
                email.clone()
            } else {
                format!("G-{i:06}")
            };
            let group = if i % 2 == 0 { "Staff" } else { "Visitors" };
            let person = Person::new(
                ExternalId::new(id).expect("id"),
                "Emp",
                format!("Number {i}"),
            )
            .expect("person")
            .with_email(EmailAddress::new(email).expect("email"))
            .with_groups([group]);
            let member = Member::new(person);
            if i % 4 == 0 {
                member
            } else {
                member.with_card(
                    CardNumber::from_decimal(&(2_000_000_000u64 + i as u64).to_string())
                        .expect("card"),
                )
            }
        })
        .collect()
}

/// The fewest write requests `vendor`'s API allows for creating `created`
/// people of whom `carded` have a card (in two group sets), and the round trips
/// they take with the SDK's default concurrency: `(requests, round trips)`.
/// Batches count one round trip each; unbatchable writes are divided by the
/// concurrency.
fn write_minimum(vendor: &str, created: usize, carded: usize) -> (usize, usize) {
    if created == 0 {
        return (0, 0);
    }
    match vendor {
        // setUsers takes the card with the user: batches of 1,000, then one
        // sync to the terminals for all of them and the reads of its outcome
        // (`getSyncLogs`, which the simulator answers done at the second).
        "easysecure" => {
            let batches = created.div_ceil(1000) + 1 + 2;
            (batches, batches)
        }
        // The Type 4 zone once, then one POST /Persons per person, 8 in flight.
        "iloq" => (1 + created, 1 + created.div_ceil(8)),
        // One /invites per group set and 500 addresses.
        "allthenticate" => {
            let per_set = created.div_ceil(2);
            let batches = 2 * per_set.div_ceil(500);
            (batches, batches)
        }
        // The subjects' record version once, then POST /subjects per person and
        // POST /user-info per card, 4 in flight.
        "ef45" => {
            let writes = created + carded;
            (1 + writes, 1 + writes.div_ceil(4))
        }
        _ => (0, 0),
    }
}

struct Row {
    phase: &'static str,
    requests: usize,
    minimum: usize,
    bound: usize,
    secs: f64,
}

/// Requests of one bare snapshot: what reading the vendor's people costs at
/// the largest page its API documents (the read part of the minimum).
async fn read_cost(rig: &Rig) -> usize {
    let before = (rig.total)();
    rig.client.snapshot().await.expect("snapshot");
    (rig.total)() - before
}

async fn measure(
    rig: &Rig,
    vendor: &str,
    wanted: &[Member],
    phase: &'static str,
) -> (Row, SyncReport) {
    let reads = read_cost(rig).await;
    let before = (rig.total)();
    let start = Instant::now();
    let report = sync::sync(
        rig.client.as_ref(),
        wanted,
        &SyncOptions::default(),
        &|_| {},
    )
    .await
    .expect("the sync ran");
    let secs = start.elapsed().as_secs_f64();
    let requests = (rig.total)() - before;
    let carded = if matches!(vendor, "easysecure" | "ef45") && report.created > 0 {
        wanted.iter().filter(|m| !m.cards.is_empty()).count()
    } else {
        0
    };
    let (writes, write_trips) = write_minimum(vendor, report.created, carded);
    (
        Row {
            phase,
            requests,
            minimum: reads + writes,
            bound: reads + write_trips,
            secs,
        },
        report,
    )
}

fn child(vendor: &str, n: usize, latency_ms: u64) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let rig = rig(vendor).await;
        let wanted = employees(vendor, n);
        rig.faults
            .set_latency((latency_ms > 0).then(|| Duration::from_millis(latency_ms)));
        // The session is set up before anything is counted.
        read_cost(&rig).await;
        let (first, report) = measure(&rig, vendor, &wanted, "initial").await;
        assert!(
            report.failures.is_empty(),
            "{vendor}: {:?}",
            report.failures.first()
        );
        assert!(report.aborted.is_none(), "{vendor}: {:?}", report.aborted);
        assert_eq!(report.created, n, "{vendor}: everyone created: {report}");
        let (rerun, report) = measure(&rig, vendor, &wanted, "rerun").await;
        assert!(
            !report.changed_anything(),
            "{vendor}: the rerun wrote: {report}"
        );
        assert_eq!(report.unchanged, n, "{vendor}: {report}");
        for row in [first, rerun] {
            assert!(
                row.requests as f64 <= row.minimum as f64 * 1.1,
                "{vendor} {}: {} requests, minimum {}",
                row.phase,
                row.requests,
                row.minimum
            );
            println!(
                "RESULT phase={} requests={} minimum={} bound={} secs={:.3} peak_kib={}",
                row.phase,
                row.requests,
                row.minimum,
                row.bound,
                row.secs,
                peak_rss_kib()
            );
        }
    });
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let vendor = &args[i + 1];
        let n: usize = args[i + 2].parse().expect("size");
        let latency: u64 = args[i + 3].parse().expect("latency");
        child(vendor, n, latency);
        return;
    }
    let smoke = smoke_mode();
    let (sizes, latencies): (&[usize], &[u64]) = if smoke {
        (&[100, 1_000], &[0, 2])
    } else {
        (&[1_000, 10_000], &[0, 20])
    };
    let only = std::env::var("SYNC_SCALE_VENDORS").ok();
    println!(
        "sync_scale ({}), {}",
        if smoke { "smoke" } else { "full" },
        machine_line()
    );
    println!(
        "| vendor | employees | latency | phase | requests | minimum | req/min | round-trip bound | wall s | wall/bound | peak MiB |"
    );
    println!("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    let exe = std::env::current_exe().expect("exe");
    for vendor in VENDORS {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|v| v == vendor))
        {
            continue;
        }
        for &latency in latencies {
            let mut initial_secs = Vec::new();
            for &n in sizes {
                let out = Command::new(&exe)
                    .args(["--child", vendor, &n.to_string(), &latency.to_string()])
                    .output()
                    .expect("child ran");
                let stdout = String::from_utf8_lossy(&out.stdout);
                assert!(
                    out.status.success(),
                    "{vendor} {n} {latency} ms failed:\n{stdout}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                for line in stdout.lines().filter(|l| l.starts_with("RESULT")) {
                    let phase = if line.contains("phase=initial") {
                        "initial"
                    } else {
                        "rerun"
                    };
                    let requests = field(line, "requests");
                    let minimum = field(line, "minimum");
                    let bound = field(line, "bound");
                    let secs = field(line, "secs");
                    if phase == "initial" {
                        initial_secs.push(secs);
                    }
                    let ratio = if latency > 0 {
                        format!("{:.2}", secs / (bound * latency as f64 / 1000.0))
                    } else {
                        "-".into()
                    };
                    println!(
                        "| {vendor} | {n} | {latency} ms | {phase} | {requests} | {minimum} | {:.2} | {bound} | {secs:.2} | {ratio} | {} |",
                        requests / minimum,
                        mib(field(line, "peak_kib") as u64)
                    );
                }
            }
            if let [small, large] = initial_secs[..] {
                println!(
                    "  {vendor} {latency} ms: initial sync time ×{:.1} for ×{} employees",
                    large / small,
                    sizes[1] / sizes[0]
                );
            }
        }
    }
}
