//! The command line: `--help`, the banner, the env file, ports, signals, the log.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::json;

use crate::process::{Sim, binary, get_json, scratch, send_json, sourced};

const SIMULATORS: [(&str, &str); 5] = [
    ("easysecure", "easysecure"),
    ("easysecure_soap", "easysecure-soap"),
    ("iloq", "iloq"),
    ("allthenticate", "allthenticate"),
    ("ef45", "ef45"),
];

#[test]
fn help_lists_every_option_the_control_api_and_the_log_variable() {
    let out = Command::new(binary()).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "--bind <ADDR>",
        "--port <PORT>",
        "--advertise <HOST>",
        "--env-file <PATH>",
        "--state <FILE>",
        "--quiet",
        "--version",
        "POST /_sim/clock/advance",
        "POST /_sim/faults",
        "POST /_sim/save",
        "RUST_LOG",
        "SIGTERM",
        "EF45_BASE_URL",
    ] {
        assert!(
            help.contains(expected),
            "--help lacks {expected:?}:\n{help}"
        );
    }
}

#[tokio::test]
async fn the_first_line_names_every_simulator_and_each_answers_its_control_root() {
    let sim = Sim::start(&[], &[]);
    for (key, name) in SIMULATORS {
        let (status, index) = get_json(&sim.control(key)).await;
        assert_eq!(status, 200, "{key}: {index}");
        assert_eq!(index["simulator"], name, "{key}");
        assert!(
            index["control"]
                .as_array()
                .unwrap()
                .contains(&json!("POST /_sim/reset"))
        );
        assert!(sim.url(key).starts_with("http://127.0.0.1:"), "{key}");
    }
    assert!(sim.url("ef45").ends_with("/1.0"));
    assert_eq!(sim.banner["iloq"]["customer_code"], "DEMO-ILOQ");
    assert!(sim.banner["state_file"].is_null());
}

/// The connection variables the examples read (their own per-run options,
/// such as `ILOQ_EXAMPLE_WRITE`, are not the server's to set).
fn variables_the_examples_read() -> BTreeSet<String> {
    const PER_RUN_OPTIONS: [&str; 6] = [
        "ILOQ_EXAMPLE_WRITE",
        "ILOQ_EXAMPLE_PHONE",
        "ALLTHENTICATE_MEMBER_EMAIL",
        "ALLTHENTICATE_GUEST_EMAIL",
        "EF45_USER_UUID",
        "EASYSECURE_GROUP_MAP",
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut names = BTreeSet::new();
    for dir in ["examples", "src"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for piece in text.split('"') {
                let vendor = ["EASYSECURE_", "ILOQ_", "ALLTHENTICATE_", "EF45_"]
                    .iter()
                    .any(|p| piece.starts_with(p));
                if vendor
                    && piece.len() > 6
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                    && !PER_RUN_OPTIONS.contains(&piece)
                {
                    names.insert(piece.to_string());
                }
            }
        }
    }
    names
}

#[tokio::test]
async fn the_env_file_holds_exactly_the_variables_the_examples_read_and_sh_reads_it_back() {
    let dir = scratch("env-file");
    let env_file = dir.join("sim.env");
    let sim = Sim::start(&["--env-file", env_file.to_str().unwrap()], &[]);
    let vars = sourced(&env_file);
    let written: BTreeSet<String> = vars
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| !["PWD", "SHLVL", "_", "OLDPWD"].contains(&k.as_str()))
        .collect();
    assert_eq!(written, variables_the_examples_read());
    let value = |name: &str| {
        vars.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{name} not in the env file"))
    };
    // The values survive the shell: spaces, and the ESWS key's `^ ; + # &`.
    assert_eq!(value("EASYSECURE_BASE_URL"), sim.url("easysecure"));
    assert_eq!(value("EASYSECURE_SOAP_URL"), sim.url("easysecure_soap"));
    assert_eq!(
        value("EASYSECURE_COMPANY"),
        sim.banner["easysecure"]["company"]
    );
    assert_eq!(
        value("EASYSECURE_SECURITY_KEY"),
        sim.banner["easysecure_soap"]["security_key"]
    );
    assert_eq!(value("ILOQ_PASSWORD"), sim.banner["iloq"]["password"]);
    assert_eq!(value("ILOQ_LOCK_GROUP"), sim.banner["iloq"]["lock_group"]);
    assert_eq!(
        value("ALLTHENTICATE_API_KEY"),
        sim.banner["allthenticate"]["api_key"]
    );
    assert_eq!(value("EF45_BASE_URL"), sim.url("ef45"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_port_in_use_and_a_port_range_past_65535_are_clear_errors() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let Err((status, err)) = Sim::try_start(&["--port", &port], &[]) else {
        panic!("started on a port in use");
    };
    assert_eq!(status.and_then(|s| s.code()), Some(1));
    assert!(
        err.contains("cannot listen on 127.0.0.1:") && err.contains("--port 0"),
        "{err}"
    );

    let Err((status, err)) = Sim::try_start(&["--port", "65533"], &[]) else {
        panic!("started past port 65535");
    };
    assert_eq!(status.and_then(|s| s.code()), Some(1));
    assert!(err.contains("five consecutive ports"), "{err}");
}

#[test]
fn sigterm_and_sigint_stop_it_cleanly() {
    for signal in ["TERM", "INT"] {
        let sim = Sim::start(&[], &[]);
        let (status, err) = sim.stop_with(signal);
        assert!(status.success(), "SIG{signal}: {status:?} {err}");
        assert!(err.contains(&format!("SIG{signal}: stopping")), "{err}");
    }
}

#[tokio::test]
async fn the_request_log_shows_each_call_and_no_credential() {
    let sim = Sim::start(&[], &[]);
    let es = sim.banner["easysecure"].clone();
    let (status, _) = send_json(
        "POST",
        &format!("{}/admins/login", sim.url("easysecure")),
        json!({ "company": es["company"], "email": es["admin_email"], "password": es["admin_password"] }),
    )
    .await;
    assert_eq!(status, 200);
    let key = sim.banner["allthenticate"]["api_key"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = get_json(&format!(
        "{}/multipleresources?api_key={key}",
        sim.url("allthenticate")
    ))
    .await;
    assert_eq!(status, 200);
    let (status, _) = send_json(
        "POST",
        &format!("{}/_sim/clock/advance", sim.url("iloq")),
        json!({ "seconds": 60 }),
    )
    .await;
    assert_eq!(status, 200);
    let (_, log) = sim.stop_with("TERM");
    for line in [
        "POST /admins/login",
        "status=200",
        "GET /multipleresources?api_key=[redacted]",
        "POST /_sim/clock/advance",
    ] {
        assert!(log.contains(line), "the log lacks {line:?}:\n{log}");
    }
    for secret in [es["admin_password"].as_str().unwrap(), key.as_str()] {
        assert!(!log.contains(secret), "the log shows a credential:\n{log}");
    }
}

#[tokio::test]
async fn bound_to_every_address_it_writes_the_advertised_host_into_each_base_url() {
    let sim = Sim::start(&["--bind", "0.0.0.0", "--advertise", "localhost"], &[]);
    for (key, name) in SIMULATORS {
        assert!(
            sim.url(key).starts_with("http://localhost:"),
            "{key}: {}",
            sim.url(key)
        );
        let (status, index) = get_json(&sim.control(key)).await;
        assert_eq!((status, index["simulator"].as_str()), (200, Some(name)));
    }
    // iLOQ answers the pool on the host the caller used.
    let (status, pool) = send_json(
        "POST",
        &format!("{}/api/v2/Url/GetUrl", sim.url("iloq")),
        json!({ "CustomerCode": "DEMO-ILOQ" }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(pool, json!(format!("{}/iloqwspool1/", sim.url("iloq"))));
}
