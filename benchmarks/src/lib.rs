//! Shared fixtures of the benchmarks (servers and data sets on loopback).
//!
//! * [`server`]: a tiny fixed-response HTTP/1.1 server on loopback (keep-alive,
//!   its own thread and runtime), fast enough that the client is what is measured;
//! * [`fixtures`]: the JSON answers of the measured endpoints, built
//!   deterministically (100 EasySecure users, 1,000 iLOQ persons, 100,000 log
//!   entries, a 5 MB EF-45 biometric answer);
//! * [`plain`]: the plain structs an integrator writes first for hand-made
//!   reqwest + serde code (owned `String`s, chrono format strings): the
//!   *current* baseline;
//! * [`tight`]: the same structs tuned (borrowed strings, no per-field
//!   allocation, the SDK's date strategy written by hand): the *tight*
//!   baseline, the one the goals are judged against;
//! * [`mem`]: peak and current resident memory of this process;
//! * [`stats`]: medians, interleaved A/B ratios and the recorder of criterion
//!   samples, so SDK/raw ratios come from the same run.
//!
//! Every bench has a **smoke mode** ([`smoke_mode`]): small sizes, one short
//! pass, the invariants asserted (counts, one refresh per expiry, memory
//! bounds), the ratios printed but never asserted. CI runs it with
//! `BENCH_SMOKE=1 cargo bench --workspace`.

pub mod fixtures;
pub mod handlers;
pub mod mem;
pub mod plain;
pub mod server;
pub mod stats;
pub mod tight;

/// The one-line description of the machine and its load, printed beside figures.
pub fn machine_line() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    format!("cpus={cpus} loadavg={}", load.join(" "))
}

/// Whether the bench runs in smoke mode: `BENCH_SMOKE` is set (to anything but
/// `0`), or the binary was started without `--bench` (`cargo test --benches`,
/// or the binary run by hand). `cargo bench` passes `--bench`.
pub fn smoke_mode() -> bool {
    let env = std::env::var_os("BENCH_SMOKE").is_some_and(|v| !v.is_empty() && v != "0");
    env || !std::env::args().any(|a| a == "--bench")
}

/// The value of `key=value` in a `RESULT ...` line a bench's child process
/// printed (0 when absent or not a number).
pub fn result_field(line: &str, key: &str) -> f64 {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}
