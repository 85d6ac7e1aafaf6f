//! Every example of the `examples` crate, in live mode, against the binary:
//! the server's env file is loaded exactly as the docs say
//! (`set -a; . sim.env; set +a`), and where an example waits for a person at
//! the hardware (a face at the EF-45, a key at the programmer, the mobile-key
//! app), the test plays that person through the control API.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::process::{Sim, binary, get_json, scratch, send_json};

/// Where cargo puts the examples of this build: `target/<profile>/examples`.
fn examples_dir() -> PathBuf {
    binary()
        .parent()
        .expect("the binary has a directory")
        .join("examples")
}

/// Whether the example's binary is missing or older than a source it was
/// built from (cargo's dep-info file beside it lists them).
fn stale(bin: &Path) -> bool {
    let Ok(built) = std::fs::metadata(bin).and_then(|m| m.modified()) else {
        return true;
    };
    let Ok(info) = std::fs::read_to_string(bin.with_extension("d")) else {
        return true;
    };
    let sources = info.split_once(": ").map_or("", |(_, deps)| deps);
    sources.split_whitespace().any(|source| {
        std::fs::metadata(source)
            .and_then(|m| m.modified())
            .map_or(true, |changed| changed > built)
    })
}

/// The example's binary. `cargo test --workspace` has just built it; a run of
/// this crate's tests alone builds the examples first when one is missing or
/// older than its sources.
fn example_binary(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    let path = examples_dir().join(name);
    if stale(&path) {
        BUILT.get_or_init(|| {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let mut cmd = std::process::Command::new(cargo);
            cmd.args(["build", "-p", "examples", "--examples"]);
            if binary().parent().is_some_and(|d| d.ends_with("release")) {
                cmd.arg("--release");
            }
            let status = cmd.status().expect("cargo runs");
            assert!(status.success(), "building the examples failed");
        });
    }
    assert!(path.exists(), "no example binary at {}", path.display());
    path
}

/// The examples this file runs, by name: a new example must be added here.
const COVERED: [&str; 10] = [
    "access_control",
    "allthenticate_guest_access",
    "audit_export",
    "ef45_enrol_and_recognise",
    "hr_sync",
    "hr_time_registration",
    "iloq_keys",
    "iloq_mobile_key",
    "quickstart",
    "reservation_credentials",
];

#[test]
fn every_example_is_run_in_live_mode() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(str::to_string)
        })
        .collect();
    names.sort();
    assert_eq!(names, COVERED);
}

/// What the person at the hardware does when the example asks.
async fn react(sim: &Sim, line: &str) {
    let post = |simulator: &str, path: String, body: Value| {
        let url = format!("{}/{path}", sim.control(simulator));
        async move {
            let (status, answer) = send_json("POST", &url, body).await;
            assert_eq!(status, 200, "{url}: {answer}");
        }
    };
    if line.contains("present yourself at the device") {
        // The example enrolled this user just before asking.
        let user = if line.contains("recognise") {
            "QS-0001"
        } else {
            "sdk-example-1"
        };
        post("ef45", "present".into(), json!({ "user_uuid": user })).await;
    } else if let Some(rest) = line.strip_prefix("linked key ") {
        // iloq_keys: the holder presents the ordered key to a wall reader.
        let key = rest.split_whitespace().next().unwrap_or_default();
        post("iloq", format!("keys/{key}/program"), json!({})).await;
    } else if line.starts_with("invite re-sent") {
        // iloq_mobile_key: the holder opens the invite in the S50 app.
        let (_, invites) = get_json(&format!("{}/invites", sim.control("iloq"))).await;
        let key = invites
            .as_array()
            .and_then(|i| i.last())
            .and_then(|i| i["key"].as_str())
            .unwrap_or_else(|| panic!("no invite was sent: {invites}"))
            .to_string();
        post("iloq", format!("keys/{key}/register-phone"), json!({})).await;
    }
}

/// Runs `example` against a fresh server in live mode, answering its prompts;
/// answers its standard output.
async fn run_live(example: &str, extra_env: &[(&str, &str)]) -> String {
    let dir = scratch(&format!("live-{example}-{}", extra_env.len()));
    let env_file = dir.join("sim.env");
    let sim = Sim::start(&["--env-file", env_file.to_str().unwrap()], &[]);
    let bin = example_binary(example);
    let mut child = tokio::process::Command::new("sh")
        .args(["-c", "set -a; . \"$SIM_ENV\"; set +a; exec \"$EXAMPLE\""])
        .env("SIM_ENV", &env_file)
        .env("EXAMPLE", &bin)
        .env_remove("RUST_LOG")
        .envs(extra_env.iter().copied())
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("sh runs");
    let stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let err = tokio::spawn(async move {
        let mut text = String::new();
        let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut text).await;
        text
    });
    let mut out = String::new();
    let mut lines = BufReader::new(stdout).lines();
    let ran = tokio::time::timeout(Duration::from_secs(240), async {
        while let Ok(Some(line)) = lines.next_line().await {
            react(&sim, line.trim()).await;
            out.push_str(&line);
            out.push('\n');
        }
        child.wait().await
    })
    .await;
    let err = err.await.unwrap_or_default();
    let status = match ran {
        Ok(status) => status.expect("the example ran"),
        Err(_) => panic!("{example} did not finish within 240 s:\n{out}\n{err}"),
    };
    assert!(
        status.success(),
        "{example} failed ({status}):\n{out}\n{err}"
    );
    let mut total = 0;
    for simulator in [
        "easysecure",
        "easysecure_soap",
        "iloq",
        "allthenticate",
        "ef45",
    ] {
        let (_, seen) = get_json(&format!("{}/requests", sim.control(simulator))).await;
        total += seen["total"].as_u64().unwrap_or(0);
    }
    assert!(total > 0, "{example} sent no request to the server:\n{out}");
    drop(sim);
    let _ = std::fs::remove_dir_all(dir);
    out
}

macro_rules! live {
    ($($test:ident: $example:literal $(with $env:expr)? => [$($expect:literal),* $(,)?];)*) => {$(
        #[tokio::test]
        async fn $test() {
            let env: &[(&str, &str)] = &[$($env)?];
            let out = run_live($example, env).await;
            let expected: &[&str] = &[$($expect),*];
            for expect in expected {
                assert!(out.contains(expect), "{} lacks {expect:?}:\n{out}", $example);
            }
        }
    )*};
}

live! {
    quickstart_reads_all_four_vendors_and_the_soap_service: "quickstart" => [
        "(live at http://127.0.0.1:", "ESWS sees", "All four vendors toured.",
    ];
    quickstart_writes_and_the_test_stands_at_the_ef45: "quickstart"
        with ("QUICKSTART_WRITE", "1") => ["QS-0001:", "All four vendors toured."];
    access_control_writes_two_users: "access_control" => ["SDK-EXAMPLE-AC"];
    allthenticate_guest_access_runs_end_to_end: "allthenticate_guest_access" => ["http://127.0.0.1:"];
    audit_export_reads_every_log: "audit_export" => [];
    ef45_enrols_and_the_test_presents_the_user: "ef45_enrol_and_recognise" => [
        "3. recognised sdk-example-1", "5. disconnected",
    ];
    hr_sync_writes_the_file: "hr_sync" => [];
    hr_time_registration_imports_and_exports: "hr_time_registration" => ["SDK-EXAMPLE-HR"];
    iloq_keys_reads_only: "iloq_keys" => ["session killed"];
    iloq_keys_writes_and_the_test_programs_the_key: "iloq_keys"
        with ("ILOQ_EXAMPLE_WRITE", "1") => ["key is Programmed"];
    iloq_mobile_key_lists_phone_keys: "iloq_mobile_key" => [];
    iloq_mobile_key_invites_and_the_test_registers_the_phone: "iloq_mobile_key"
        with ("ILOQ_EXAMPLE_PHONE", "+358401234567") => ["phone key is Programmed"];
    reservation_credentials_issues_and_expires_a_guest: "reservation_credentials" => ["SDK-EXAMPLE-RES"];
}
