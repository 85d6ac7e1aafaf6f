//! Shared fixtures of the benchmarks (servers and data sets on loopback).
//!
//! * [`server`]: a tiny fixed-response HTTP/1.1 server on loopback (keep-alive,
//!   its own thread and runtime), fast enough that the client is what is measured;
//! * [`fixtures`]: the JSON answers of the measured endpoints, built
//!   deterministically (100 EasySecure users, 1,000 iLOQ persons, 100,000 log
//!   entries, a 5 MB EF-45 biometric answer);
//! * [`plain`]: the plain structs a careful integrator would deserialize into
//!   with hand-written reqwest + serde code (the baseline of every ratio);
//! * [`mem`]: peak and current resident memory of this process;
//! * [`stats`]: medians, interleaved A/B ratios and the recorder of criterion
//!   samples, so SDK/raw ratios come from the same run.

pub mod fixtures;
pub mod handlers;
pub mod mem;
pub mod plain;
pub mod server;
pub mod stats;

/// The one-line description of the machine and its load, printed beside figures.
pub fn machine_line() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    format!("cpus={cpus} loadavg={}", load.join(" "))
}
