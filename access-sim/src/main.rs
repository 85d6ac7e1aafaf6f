//! The `access-sim` command: the four vendors' simulators as one HTTP server.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use access_sim::{DEFAULT_PORT, Options, Server};
use clap::{Arg, ArgAction, Command, value_parser};

const AFTER_HELP: &str = "\
Simulators, on five consecutive ports from --port:
  +0  EasySecure REST        (EASYSECURE_BASE_URL)
  +1  EasySecure SOAP, ESWS  (EASYSECURE_SOAP_URL; the same company as REST)
  +2  iLOQ 5 Series API v2   (ILOQ_BASE_URL)
  +3  Allthenticate          (ALLTHENTICATE_BASE_URL)
  +4  CMITech EF-45          (EF45_BASE_URL, with the device's /1.0 base path)

Output:
  The first line on stdout is one JSON object: each simulator's base URL,
  control URL and seeded credentials. Logs go to stderr.

Control API (on every port, JSON in and out; docs/simulator-server.md):
  GET  /_sim                      the simulator, its time and every control route
  POST /_sim/clock/advance        {\"seconds\": 3600}
  POST /_sim/clock/set            {\"now\": \"2027-01-04T08:00:00Z\"}
  POST /_sim/faults               {\"status\": 503, \"count\": 2, \"endpoint\": \"GET /api/v2/Persons/{id}\"}
  DELETE /_sim/faults             PUT /_sim/latency {\"ms\": 250}
  GET  /_sim/requests             POST /_sim/reset
  GET  /_sim/state                PUT /_sim/state
  POST /_sim/save                 writes the --state file now
  and each vendor's knobs (program a key, register a phone, present a user at
  the EF-45, badge at a door), listed by GET /_sim.

Environment:
  RUST_LOG   log filter, e.g. RUST_LOG=access_sim=debug (default access_sim=info).
             Request logs show method, path and status; never headers or bodies,
             and query values of credential fields are redacted.

Stops cleanly on SIGINT (Ctrl-C) or SIGTERM, writing the --state file first.";

fn command() -> Command {
    Command::new("access-sim")
        .version(env!("CARGO_PKG_VERSION"))
        .about(
            "The EasySecure, iLOQ, Allthenticate and CMITech EF-45 simulators of the \
             access-control SDK family, served over HTTP for programs in any language",
        )
        .arg(
            Arg::new("bind")
                .long("bind")
                .value_name("ADDR")
                .value_parser(value_parser!(IpAddr))
                .default_value("127.0.0.1")
                .help("Address to listen on (0.0.0.0 to serve other hosts or containers)"),
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("PORT")
                .value_parser(value_parser!(u16))
                .default_value(DEFAULT_PORT.to_string())
                .help("First of five consecutive ports; 0 for five free ports"),
        )
        .arg(
            Arg::new("advertise")
                .long("advertise")
                .value_name("HOST")
                .help(
                    "Host name written in the base URLs (default: the bind address; \
                     127.0.0.1 when binding 0.0.0.0)",
                ),
        )
        .arg(
            Arg::new("env-file")
                .long("env-file")
                .value_name("PATH")
                .value_parser(value_parser!(PathBuf))
                .help(
                    "Also write the base URLs and credentials as NAME='value' lines, in the \
                     variables the examples read in live mode (load: set -a; . PATH; set +a)",
                ),
        )
        .arg(
            Arg::new("state")
                .long("state")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help(
                    "Keep the simulators' state in FILE: loaded at start if it exists, written \
                     on shutdown and on POST /_sim/save",
                ),
        )
        .arg(
            Arg::new("quiet")
                .long("quiet")
                .short('q')
                .action(ArgAction::SetTrue)
                .help("No request log (RUST_LOG still applies when set)"),
        )
        .after_help(AFTER_HELP)
}

fn init_logging(quiet: bool) -> Result<(), String> {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    let spec = match std::env::var("RUST_LOG") {
        Ok(s) if !s.trim().is_empty() => s,
        _ if quiet => "access_sim=warn".to_string(),
        _ => "access_sim=info".to_string(),
    };
    let filter: Targets = spec
        .parse()
        .map_err(|e| format!("RUST_LOG={spec:?} is not a log filter: {e}"))?;
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(filter),
        )
        .try_init()
        .map_err(|e| format!("cannot set up logging: {e}"))
}

/// SIGINT and SIGTERM, listened for from the start: a signal that arrives
/// while the server starts, or right after its banner, stops it cleanly too.
struct Stop {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Stop {
    fn listen() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// Waits for the first signal; answers its name.
    async fn signalled(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let matches = command().get_matches();
    if let Err(e) = init_logging(matches.get_flag("quiet")) {
        eprintln!("access-sim: {e}");
        return ExitCode::from(2);
    }
    let mut stop = match Stop::listen() {
        Ok(stop) => stop,
        Err(e) => {
            eprintln!("access-sim: cannot listen for signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut options = Options::default()
        .bind(*matches.get_one::<IpAddr>("bind").expect("has a default"))
        .port(*matches.get_one::<u16>("port").expect("has a default"));
    if let Some(host) = matches.get_one::<String>("advertise") {
        options = options.advertise(host);
    }
    if let Some(path) = matches.get_one::<PathBuf>("state") {
        options = options.state(path);
    }
    let server = match Server::start(options).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("access-sim: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The env file first: when the banner appears, everything is ready.
    if let Some(path) = matches.get_one::<PathBuf>("env-file")
        && let Err(e) = access_sim::write_atomically(path, server.env_file().as_bytes())
    {
        eprintln!("access-sim: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("{}", server.banner());
    for name in access_sim::SIMULATORS {
        tracing::info!(
            target: "access_sim",
            "{name:<16} {}  (control {})",
            server.base_url(name).unwrap_or_default(),
            server.control_url(name).unwrap_or_default()
        );
    }
    if server.loaded_state() {
        tracing::info!(target: "access_sim", "state loaded from the state file");
    }
    let signal = stop.signalled().await;
    tracing::info!(target: "access_sim", "{signal}: stopping");
    match server.shutdown() {
        Ok(Some(path)) => {
            tracing::info!(target: "access_sim", "state saved to {}", path.display());
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("access-sim: {e}");
            ExitCode::FAILURE
        }
    }
}
