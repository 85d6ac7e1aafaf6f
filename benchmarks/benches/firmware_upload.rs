//! Goal 4: firmware upload of a 256 MiB image to the simulated EF-45: peak
//! resident memory of the uploading client and its throughput, beside a raw
//! reqwest upload of the same units.
//!
//! The parent writes the image into a temporary directory and hosts the
//! ef45-sdk simulator (which checks unit order and base64, hashes the image and
//! checks its header; wiremock keeps the requests, so the device's memory grows
//! with the image: that is why it runs in another process than the clients).
//! Each client runs in a child process of its own (this binary re-executed with
//! `--child-upload sdk|raw <url> <image>`) and reports its `VmHWM`.
//!
//! Asserted (memory and bytes, never time): the device holds every byte of the
//! image, and the SDK client's peak resident memory stays below 32 MB (goal 4).
//!
//! `cargo bench -p benchmarks --bench firmware_upload`; smoke mode
//! (`BENCH_SMOKE=1`, or without `--bench`): a 48 MiB image (larger than the
//! bound, so a client that held the image would fail it), one upload each.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use base64::Engine;
use benchmarks::mem::{mib, peak_rss_kib};
use benchmarks::{machine_line, result_field as field, smoke_mode};
use ef45_sdk::firmware::UNIT_RAW_BYTES;
use ef45_sdk::testkit::{Ef45Sim, SimConfig};
use tokio::io::AsyncReadExt;

const VERSION: &str = "9.9.99";

/// Goal 4: the SDK's peak resident memory below 32 MB (32,000,000 bytes).
const MAX_PEAK_KIB: u64 = 32_000_000 / 1024;

fn write_image(path: &Path, bytes: usize) {
    let mut f = std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(path).expect("create the image"),
    );
    let mut header = [0u8; 20];
    header[..4].copy_from_slice(b"EF45");
    header[4..4 + VERSION.len()].copy_from_slice(VERSION.as_bytes());
    f.write_all(&header).expect("write");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut chunk = vec![0u8; 1 << 20];
    let mut left = bytes - header.len();
    while left > 0 {
        for b in chunk.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b.copy_from_slice(&x.to_le_bytes());
        }
        let n = left.min(chunk.len());
        f.write_all(&chunk[..n]).expect("write");
        left -= n;
    }
    f.flush().expect("flush");
}

async fn read_unit(file: &mut tokio::fs::File, buf: &mut [u8]) -> usize {
    let mut filled = 0;
    while filled < buf.len() {
        let n = file.read(&mut buf[filled..]).await.expect("read");
        if n == 0 {
            break;
        }
        filled += n;
    }
    filled
}

/// The careful integrator's upload: one reqwest client, the lock, then each
/// unit read from the file, base64-encoded into `{"index", "data"}`.
async fn raw_upload(url: &str, image: &Path) -> u64 {
    #[derive(serde::Deserialize)]
    struct Grant {
        lock_uid: String,
    }
    let http = reqwest::Client::new();
    let mut grant = http.post(format!("{url}/lock")).send().await.expect("lock");
    if !grant.status().is_success() {
        grant = http
            .put(format!("{url}/lock"))
            .send()
            .await
            .expect("take over");
    }
    let lock: Grant = grant
        .error_for_status()
        .expect("lock granted")
        .json()
        .await
        .expect("lock_uid");
    let mut file = tokio::fs::File::open(image).await.expect("open");
    let mut current = vec![0u8; UNIT_RAW_BYTES];
    let mut next = vec![0u8; UNIT_RAW_BYTES];
    let mut len = read_unit(&mut file, &mut current).await;
    let mut index = 0u64;
    let mut sent = 0u64;
    loop {
        let next_len = read_unit(&mut file, &mut next).await;
        let which = if next_len == 0 { "final" } else { "unit" };
        let data = base64::engine::general_purpose::STANDARD.encode(&current[..len]);
        let body =
            serde_json::to_vec(&serde_json::json!({"index": index, "data": data})).expect("json");
        drop(data);
        // The lock_uid is a UUID: nothing to percent-encode.
        http.post(format!("{url}/firmware/{which}?lock_uid={}", lock.lock_uid))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("unit accepted");
        sent += len as u64;
        index += 1;
        if next_len == 0 {
            return sent;
        }
        std::mem::swap(&mut current, &mut next);
        len = next_len;
    }
}

fn child(mode: &str, url: &str, image: &Path) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let before = peak_rss_kib();
        let start = Instant::now();
        let bytes = match mode {
            "sdk" => {
                let client = ef45_sdk::Client::builder()
                    .base_url(url)
                    .build()
                    .expect("client");
                let mut last = 0;
                let result = client
                    .firmware()
                    .upgrade_file(image, |p| last = p.bytes_sent)
                    .await
                    .expect("sdk upload");
                assert_eq!(result.version.as_deref(), Some(VERSION));
                last
            }
            _ => raw_upload(url, image).await,
        };
        let secs = start.elapsed().as_secs_f64();
        println!(
            "RESULT bytes={bytes} secs={secs:.3} peak_kib={} peak_before_kib={before}",
            peak_rss_kib()
        );
    });
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-upload") {
        child(&args[i + 1], &args[i + 2], Path::new(&args[i + 3]));
        return;
    }
    let smoke = smoke_mode();
    let size: usize = if smoke { 48 << 20 } else { 256 << 20 };
    println!(
        "firmware_upload{}: {}",
        if smoke { " (smoke)" } else { "" },
        machine_line()
    );
    let dir = std::env::temp_dir().join(format!("ef45-firmware-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let image: PathBuf = dir.join("firmware.bin");
    write_image(&image, size);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let exe = std::env::current_exe().expect("own path");
    let mut rows = Vec::new();
    // A fresh device for every upload (the simulator keeps what it received),
    // and the order alternates so neither client always goes first.
    let order: &[&str] = if smoke {
        &["sdk", "raw"]
    } else {
        &["sdk", "raw", "raw", "sdk"]
    };
    for &mode in order {
        let device = rt.block_on(Ef45Sim::start_with(
            SimConfig::default().empty().version("1.2.33"),
        ));
        let out = Command::new(&exe)
            .args([
                "--child-upload",
                mode,
                &device.uri(),
                image.to_str().expect("utf-8 path"),
            ])
            .output()
            .expect("run the upload child");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{mode} upload failed: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = stdout
            .lines()
            .find(|l| l.starts_with("RESULT"))
            .expect("a RESULT line")
            .to_string();
        let installed = device.installed_firmware().expect("installed");
        assert_eq!(installed.bytes, size as u64, "the device got every byte");
        println!(
            "{mode}: {line} (device: {} bytes in {} units, sha256 {})",
            installed.bytes, installed.units, installed.sha256
        );
        rows.push((
            mode,
            field(&line, "secs"),
            field(&line, "peak_kib") as u64,
            field(&line, "peak_before_kib") as u64,
        ));
        drop(device);
    }
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "\n## firmware upload ({} MiB image, {} KiB units)\n",
        size >> 20,
        UNIT_RAW_BYTES >> 10
    );
    println!("| client | time | MB/s (image bytes) | peak RSS (MiB) | RSS before upload (MiB) |");
    println!("|---|---|---|---|---|");
    for (mode, secs, peak, before) in &rows {
        println!(
            "| {mode} | {secs:.2} s | {:.1} | {} | {} |",
            size as f64 / secs / 1e6,
            mib(*peak),
            mib(*before)
        );
    }
    for (mode, _, peak, _) in &rows {
        if *mode == "sdk" {
            assert!(
                *peak < MAX_PEAK_KIB,
                "goal 4: the SDK's peak RSS {peak} KiB for a {} MiB image, bound {MAX_PEAK_KIB} KiB",
                size >> 20
            );
        }
    }
    println!("SDK peak RSS below 32 MB ({MAX_PEAK_KIB} KiB): asserted");
    let mut sdk: Vec<f64> = rows.iter().filter(|r| r.0 == "sdk").map(|r| r.1).collect();
    let mut raw: Vec<f64> = rows.iter().filter(|r| r.0 == "raw").map(|r| r.1).collect();
    println!(
        "\nSDK/raw time (medians): {:.3}",
        benchmarks::stats::median(&mut sdk) / benchmarks::stats::median(&mut raw)
    );
    println!("{}", machine_line());
}
