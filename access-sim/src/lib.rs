//! `access-sim`: the simulators of the access-control SDK family as one HTTP
//! server, for programs in any language.
//!
//! None of the vendors (EasySecure, iLOQ, Allthenticate, CMITech) offers a
//! sandbox. The SDK crates carry simulators that answer every documented
//! endpoint in the vendor's own wire format, with the vendor's rules (a key
//! must be programmed before it opens, a card belongs to one user, a session
//! expires); this crate serves them from one process, each on its own port:
//!
//! | simulator | port | base URL the client is given |
//! |---|---|---|
//! | EasySecure REST | `--port` | `http://127.0.0.1:8400` |
//! | EasySecure SOAP (ESWS), the same company as REST | `--port` + 1 | `http://127.0.0.1:8401` |
//! | iLOQ 5 Series Public API v2 | `--port` + 2 | `http://127.0.0.1:8402` |
//! | Allthenticate | `--port` + 3 | `http://127.0.0.1:8403` |
//! | CMITech EF-45 | `--port` + 4 | `http://127.0.0.1:8404/1.0` |
//!
//! Each also serves the control API under `/_sim` (clock, faults, reset,
//! state, and the vendor's knobs: program a key, present a face, badge at a
//! door): see `docs/simulator-server.md` and
//! [`access_core::testkit::control`].
//!
//! The binary is the usual way in (`cargo install access-sim`, then
//! `access-sim --env-file sim.env`); this library is what it runs, for a Rust
//! test that wants the same server in process:
//!
//! ```no_run
//! # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use access_sim::{Options, Server};
//!
//! let server = Server::start(Options::default().port(0)).await?;
//! println!("{}", server.banner());
//! std::fs::write("sim.env", server.env_file())?;
//! server.shutdown()?; // saves the state file, if there is one
//! # Ok(()) }
//! ```

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use access_core::testkit::{Recording, SimClock};
use allthenticate_sdk::testkit::AllthenticateSim;
use easysecure_sdk::testkit::{EasySecureSim, EasySecureSoapSim};
use ef45_sdk::testkit::Ef45Sim;
use iloq_sdk::testkit::IloqSim;
use serde_json::{Map, Value, json};

/// The first port when none is given: EasySecure REST on 8400, then SOAP,
/// iLOQ, Allthenticate and the EF-45 on the next four.
pub const DEFAULT_PORT: u16 = 8400;

/// What a state file says it is.
pub const STATE_FORMAT: &str = "access-sim-state";

/// The layout version of the state file (a file of another layout, or
/// written by another version of access-sim, is refused at start).
pub const STATE_VERSION: u64 = 1;

/// How many recent requests each simulator keeps for `GET /_sim/requests`
/// (the counts are exact whatever is kept).
const KEEP_REQUESTS: usize = 1000;

/// The five simulators, in port order.
pub const SIMULATORS: [&str; 5] = [
    "easysecure",
    "easysecure_soap",
    "iloq",
    "allthenticate",
    "ef45",
];

/// How the server starts.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The address to listen on (default `127.0.0.1`; `0.0.0.0` in a container).
    pub bind: IpAddr,
    /// The first of five consecutive ports, or 0 for five free ports.
    pub port: u16,
    /// The host written into the base URLs (default: the bind address, or
    /// `127.0.0.1` when it binds every address).
    pub advertise: Option<String>,
    /// The state file: loaded at start if it exists, written on shutdown and
    /// on `POST /_sim/save`.
    pub state: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            advertise: None,
            state: None,
        }
    }
}

impl Options {
    /// The first port (0 for free ports).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The address to listen on.
    pub fn bind(mut self, bind: IpAddr) -> Self {
        self.bind = bind;
        self
    }

    /// The host written into the base URLs.
    pub fn advertise(mut self, host: impl Into<String>) -> Self {
        self.advertise = Some(host.into());
        self
    }

    /// The state file.
    pub fn state(mut self, path: impl Into<PathBuf>) -> Self {
        self.state = Some(path.into());
        self
    }
}

/// Why the server did not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// A port could not be listened on.
    Listen {
        /// Which simulator.
        simulator: &'static str,
        /// The address asked for.
        address: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// `--port` leaves no room for five ports.
    PortRange(u16),
    /// The state file could not be read or is not one this version can load.
    State(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Listen {
                simulator,
                address,
                source,
            } => write!(
                f,
                "cannot listen on {address} for the {simulator} simulator: {source} \
                 (choose another --port, or --port 0 for free ports)"
            ),
            StartError::PortRange(p) => write!(
                f,
                "--port {p} leaves no room for five consecutive ports (at most 65531)"
            ),
            StartError::State(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Listen { source, .. } => Some(source),
            _ => None,
        }
    }
}

struct Sims {
    easysecure: EasySecureSim,
    easysecure_soap: EasySecureSoapSim,
    iloq: IloqSim,
    allthenticate: AllthenticateSim,
    ef45: Ef45Sim,
}

impl Sims {
    /// The state of every simulator (EasySecure's SOAP port serves the REST
    /// simulator's company, so it is kept once).
    fn state(&self) -> Value {
        let mut sims = Map::new();
        for (name, state) in [
            ("easysecure", self.easysecure.state_json()),
            ("iloq", self.iloq.state_json()),
            ("allthenticate", self.allthenticate.state_json()),
            ("ef45", self.ef45.state_json()),
        ] {
            sims.insert(name.into(), state.unwrap_or(Value::Null));
        }
        Value::Object(sims)
    }

    fn restore(&self, name: &str, state: Value) -> Result<(), String> {
        match name {
            "easysecure" => self.easysecure.restore_state(state),
            "iloq" => self.iloq.restore_state(state),
            "allthenticate" => self.allthenticate.restore_state(state),
            "ef45" => self.ef45.restore_state(state),
            other => Err(format!("there is no simulator {other:?}")),
        }
    }
}

/// The state file: one JSON document, written whole to a temporary file
/// beside it and renamed over it, so it is never left half-written.
#[derive(Debug)]
struct StateFile {
    path: PathBuf,
    writing: Mutex<()>,
}

impl StateFile {
    fn document(sims: &Sims) -> Value {
        json!({
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "written_by": concat!("access-sim ", env!("CARGO_PKG_VERSION")),
            "saved_at": chrono::Utc::now().to_rfc3339(),
            "simulators": sims.state(),
        })
    }

    fn save(&self, sims: &Sims) -> Result<PathBuf, String> {
        let _one_at_a_time = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let text = serde_json::to_vec_pretty(&Self::document(sims))
            .map_err(|e| format!("cannot encode the state: {e}"))?;
        write_atomically(&self.path, &text)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))?;
        Ok(self.path.clone())
    }

    /// Reads the file, if it exists, and checks it is one this version loads.
    fn load(path: &Path) -> Result<Option<Map<String, Value>>, String> {
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "cannot read the state file {}: {e}",
                    path.display()
                ));
            }
        };
        let fix = "move it away or delete it to start from the seeded simulators";
        let doc: Value = serde_json::from_slice(&text).map_err(|e| {
            format!(
                "the state file {} is not valid JSON ({e}): {fix}",
                path.display()
            )
        })?;
        if doc.get("format").and_then(Value::as_str) != Some(STATE_FORMAT) {
            return Err(format!(
                "{} is not an access-sim state file (no \"format\": \"{STATE_FORMAT}\"): {fix}",
                path.display()
            ));
        }
        let ours = concat!("access-sim ", env!("CARGO_PKG_VERSION"));
        let written_by = doc.get("written_by").and_then(Value::as_str).unwrap_or("?");
        let version = doc.get("version").and_then(Value::as_u64);
        if version != Some(STATE_VERSION) || written_by != ours {
            return Err(format!(
                "the state file {} was written by {written_by} (state version {}); this is {ours} \
                 (state version {STATE_VERSION}), whose simulators keep their state differently: \
                 {fix}, or run the version that wrote it",
                path.display(),
                version.map_or_else(|| "?".to_string(), |v| v.to_string()),
            ));
        }
        match doc.get("simulators") {
            Some(Value::Object(sims)) => Ok(Some(sims.clone())),
            _ => Err(format!(
                "the state file {} has no \"simulators\" object: {fix}",
                path.display()
            )),
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// flushed to disk and renamed over `path`: a crash leaves the old file or
/// the new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let outcome = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if outcome.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    outcome
}

/// One simulator's address as a client is given it.
#[derive(Debug, Clone)]
struct Served {
    base_url: String,
    control: String,
}

/// The running server: the five simulators on their ports. Dropping it stops
/// them (without saving: [`shutdown`](Self::shutdown) saves).
pub struct Server {
    sims: Arc<Sims>,
    state: Option<Arc<StateFile>>,
    served: Vec<(&'static str, Served)>,
    loaded: bool,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field(
                "simulators",
                &self.served.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("state", &self.state.as_ref().map(|s| &s.path))
            .finish()
    }
}

fn listen(simulator: &'static str, bind: IpAddr, port: u16) -> Result<TcpListener, StartError> {
    let address = SocketAddr::new(bind, port);
    TcpListener::bind(address).map_err(|source| StartError::Listen {
        simulator,
        address,
        source,
    })
}

/// `uri` (`http://host:port/path`) with `host` in place of its host.
fn advertised(uri: &str, host: &str, port: u16) -> String {
    let rest = uri.strip_prefix("http://").unwrap_or(uri);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    format!("http://{host}:{port}{path}")
}

impl Server {
    /// Binds the five ports, starts the seeded simulators on one clock that
    /// follows real time, and loads the state file if there is one.
    pub async fn start(options: Options) -> Result<Self, StartError> {
        let ports: Vec<u16> = if options.port == 0 {
            vec![0; SIMULATORS.len()]
        } else {
            let last = options
                .port
                .checked_add(SIMULATORS.len() as u16 - 1)
                .ok_or(StartError::PortRange(options.port))?;
            (options.port..=last).collect()
        };
        let mut listeners = Vec::with_capacity(SIMULATORS.len());
        for (name, port) in SIMULATORS.iter().zip(&ports) {
            listeners.push(listen(name, options.bind, *port)?);
        }
        let mut listeners = listeners.into_iter();
        let mut next = || listeners.next().expect("one listener per simulator");
        let clock = SimClock::running();
        let keep = Recording::Last(KEEP_REQUESTS);

        let easysecure = EasySecureSim::start_with(
            easysecure_sdk::testkit::SimConfig::default()
                .clock(clock.clone())
                .recording(keep)
                .listener(next()),
        )
        .await;
        let easysecure_soap = easysecure.soap_server(Some(next())).await;
        easysecure_soap.set_recording(keep);
        let iloq = IloqSim::start_with(
            iloq_sdk::testkit::SimConfig::default()
                .clock(clock.clone())
                .recording(keep)
                .listener(next()),
        )
        .await;
        let allthenticate = AllthenticateSim::start_with(
            allthenticate_sdk::testkit::SimConfig::default()
                .clock(clock.clone())
                .recording(keep)
                .listener(next()),
        )
        .await;
        let ef45 = Ef45Sim::start_with(
            ef45_sdk::testkit::SimConfig::default()
                .clock(clock.clone())
                .recording(keep)
                .listener(next()),
        )
        .await;
        let sims = Arc::new(Sims {
            easysecure,
            easysecure_soap,
            iloq,
            allthenticate,
            ef45,
        });

        let host = options.advertise.clone().unwrap_or_else(|| {
            if options.bind.is_unspecified() {
                match options.bind {
                    IpAddr::V4(_) => "127.0.0.1".into(),
                    IpAddr::V6(_) => "::1".into(),
                }
            } else {
                options.bind.to_string()
            }
        });
        let entry = |name: &'static str, uri: String, address: &SocketAddr| {
            let base_url = advertised(&uri, &host, address.port());
            let root = advertised("http://x", &host, address.port());
            (
                name,
                Served {
                    base_url,
                    control: format!("{root}/_sim"),
                },
            )
        };
        let served = vec![
            entry(
                "easysecure",
                sims.easysecure.uri(),
                sims.easysecure.address(),
            ),
            entry(
                "easysecure_soap",
                sims.easysecure_soap.uri(),
                sims.easysecure_soap.address(),
            ),
            entry("iloq", sims.iloq.uri(), sims.iloq.address()),
            entry(
                "allthenticate",
                sims.allthenticate.uri(),
                sims.allthenticate.address(),
            ),
            entry("ef45", sims.ef45.uri(), sims.ef45.address()),
        ];

        let mut loaded = false;
        let state = match &options.state {
            None => None,
            Some(path) => {
                if let Some(saved) = StateFile::load(path).map_err(StartError::State)? {
                    for (name, state) in saved {
                        sims.restore(&name, state).map_err(|e| {
                            StartError::State(format!(
                                "the state file {} has {name} state this version cannot load ({e}): \
                                 move it away or delete it to start from the seeded simulators",
                                path.display()
                            ))
                        })?;
                    }
                    loaded = true;
                }
                Some(Arc::new(StateFile {
                    path: path.clone(),
                    writing: Mutex::new(()),
                }))
            }
        };
        if let Some(file) = &state {
            let weak: Weak<Sims> = Arc::downgrade(&sims);
            let file = file.clone();
            let hook: access_core::testkit::control::SaveHook = Arc::new(move || {
                let sims = weak
                    .upgrade()
                    .ok_or_else(|| "the server is stopping".to_string())?;
                file.save(&sims).map(|p| p.display().to_string())
            });
            sims.easysecure.on_save(hook.clone());
            sims.easysecure_soap.on_save(hook.clone());
            sims.iloq.on_save(hook.clone());
            sims.allthenticate.on_save(hook.clone());
            sims.ef45.on_save(hook);
        }
        Ok(Self {
            sims,
            state,
            served,
            loaded,
        })
    }

    /// Whether the state came from the state file (rather than the seed).
    pub fn loaded_state(&self) -> bool {
        self.loaded
    }

    /// The base URL of a simulator (`easysecure`, `easysecure_soap`, `iloq`,
    /// `allthenticate`, `ef45`).
    pub fn base_url(&self, simulator: &str) -> Option<&str> {
        self.served
            .iter()
            .find(|(n, _)| *n == simulator)
            .map(|(_, s)| s.base_url.as_str())
    }

    /// The control API root of a simulator (`http://127.0.0.1:8402/_sim`).
    pub fn control_url(&self, simulator: &str) -> Option<&str> {
        self.served
            .iter()
            .find(|(n, _)| *n == simulator)
            .map(|(_, s)| s.control.as_str())
    }

    fn url(&self, simulator: &str) -> String {
        self.base_url(simulator).unwrap_or_default().to_string()
    }

    fn control(&self, simulator: &str) -> String {
        self.control_url(simulator).unwrap_or_default().to_string()
    }

    /// The groups Allthenticate has (it has no endpoint that lists them), as
    /// `Name=id;Name=id` for `ALLTHENTICATE_GROUPS`; a name that cannot be
    /// written there (with `;` or `=`) is left out.
    fn allthenticate_groups(&self) -> String {
        self.sims
            .allthenticate
            .groups()
            .into_iter()
            .filter(|g| g.kind == "users" && !g.name.contains([';', '=', '\'', '\n']))
            .map(|g| format!("{}={}", g.name, g.id))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// What the server prints as its first line: each simulator's base URL,
    /// control URL and seeded credentials, one JSON object.
    pub fn banner(&self) -> Value {
        let iloq_seed = self.sims.iloq.seed();
        json!({
            "access_sim": env!("CARGO_PKG_VERSION"),
            "easysecure": {
                "base_url": self.url("easysecure"),
                "control": self.control("easysecure"),
                "company": EasySecureSim::COMPANY,
                "admin_email": EasySecureSim::ADMIN_EMAIL,
                "admin_password": EasySecureSim::ADMIN_PASSWORD,
                "user_email": EasySecureSim::USER_EMAIL,
                "user_password": EasySecureSim::USER_PASSWORD,
            },
            "easysecure_soap": {
                "base_url": self.url("easysecure_soap"),
                "control": self.control("easysecure_soap"),
                "security_key": EasySecureSim::SECURITY_KEY,
                "company": EasySecureSim::COMPANY,
            },
            "iloq": {
                "base_url": self.url("iloq"),
                "control": self.control("iloq"),
                "customer_code": iloq_sdk::testkit::CUSTOMER_CODE,
                "username": iloq_sdk::testkit::USER_NAME,
                "password": iloq_sdk::testkit::PASSWORD,
                "lock_group": iloq_seed.lock_group.to_string(),
            },
            "allthenticate": {
                "base_url": self.url("allthenticate"),
                "control": self.control("allthenticate"),
                "api_key": allthenticate_sdk::testkit::SIM_API_KEY,
                "low_assurance_api_key": allthenticate_sdk::testkit::SIM_LOW_ASSURANCE_KEY,
                "groups": self.allthenticate_groups(),
            },
            "ef45": {
                "base_url": self.url("ef45"),
                "control": self.control("ef45"),
            },
            "state_file": self.state.as_ref().map(|s| s.path.display().to_string()),
        })
    }

    /// The environment the examples read in live mode, as `NAME='value'`
    /// lines a POSIX shell sources (`set -a; . sim.env; set +a`).
    pub fn env_vars(&self) -> Vec<(&'static str, String)> {
        let iloq_seed = self.sims.iloq.seed();
        vec![
            ("EASYSECURE_BASE_URL", self.url("easysecure")),
            ("EASYSECURE_COMPANY", EasySecureSim::COMPANY.into()),
            ("EASYSECURE_EMAIL", EasySecureSim::ADMIN_EMAIL.into()),
            ("EASYSECURE_PASSWORD", EasySecureSim::ADMIN_PASSWORD.into()),
            ("EASYSECURE_SOAP_URL", self.url("easysecure_soap")),
            (
                "EASYSECURE_SECURITY_KEY",
                EasySecureSim::SECURITY_KEY.into(),
            ),
            ("ILOQ_BASE_URL", self.url("iloq")),
            (
                "ILOQ_CUSTOMER_CODE",
                iloq_sdk::testkit::CUSTOMER_CODE.into(),
            ),
            ("ILOQ_USERNAME", iloq_sdk::testkit::USER_NAME.into()),
            ("ILOQ_PASSWORD", iloq_sdk::testkit::PASSWORD.into()),
            ("ILOQ_LOCK_GROUP", iloq_seed.lock_group.to_string()),
            ("ALLTHENTICATE_BASE_URL", self.url("allthenticate")),
            (
                "ALLTHENTICATE_API_KEY",
                allthenticate_sdk::testkit::SIM_API_KEY.into(),
            ),
            ("ALLTHENTICATE_GROUPS", self.allthenticate_groups()),
            ("EF45_BASE_URL", self.url("ef45")),
        ]
    }

    /// [`env_vars`](Self::env_vars) as the text of an env file: one
    /// `NAME='value'` line each (single quotes, a `'` written `'\''`).
    pub fn env_file(&self) -> String {
        let mut out = String::from(
            "# Written by access-sim: the simulators' base URLs and seeded credentials,\n\
             # in the variables the examples read in live mode. Load with:\n\
             #   set -a; . ./sim.env; set +a\n",
        );
        for (name, value) in self.env_vars() {
            out.push_str(name);
            out.push_str("='");
            out.push_str(&value.replace('\'', "'\\''"));
            out.push_str("'\n");
        }
        out
    }

    /// Writes the state file now (what `POST /_sim/save` does).
    pub fn save(&self) -> Result<Option<PathBuf>, String> {
        match &self.state {
            Some(file) => file.save(&self.sims).map(Some),
            None => Ok(None),
        }
    }

    /// Stops the server, after writing the state file (if there is one).
    pub fn shutdown(self) -> Result<Option<PathBuf>, String> {
        self.save()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("access-sim-unit-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = scratch("replace");
        let file = dir.join("state.json");
        std::fs::write(&file, b"old").unwrap();
        write_atomically(&file, b"new contents").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"new contents");
        assert_eq!(names(&dir), ["state.json"]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_write_that_cannot_finish_leaves_the_old_file_and_no_temporary_file() {
        let dir = scratch("refused");
        // The target is a directory: the rename over it fails after the
        // temporary file was written.
        let target = dir.join("state.json");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), b"kept").unwrap();
        assert!(write_atomically(&target, b"new").is_err());
        assert_eq!(std::fs::read(target.join("keep")).unwrap(), b"kept");
        assert_eq!(names(&dir), ["state.json"]);
        // A directory that does not exist: nothing is written anywhere.
        assert!(write_atomically(&dir.join("missing/state.json"), b"new").is_err());
        assert_eq!(names(&dir), ["state.json"]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_base_url_takes_the_advertised_host_and_keeps_its_path() {
        assert_eq!(
            advertised("http://0.0.0.0:8404/1.0", "sim", 8404),
            "http://sim:8404/1.0"
        );
        assert_eq!(
            advertised("http://127.0.0.1:8400", "127.0.0.1", 8400),
            "http://127.0.0.1:8400"
        );
        assert_eq!(
            advertised("http://[::]:8402", "::1", 8402),
            "http://[::1]:8402"
        );
    }
}
