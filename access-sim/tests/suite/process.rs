//! Starting and stopping the `access-sim` binary.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use access_core::testkit::control::call;
use serde_json::Value;

/// The binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_access-sim"))
}

/// A fresh scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("access-sim-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// A running `access-sim`: its first stdout line (the banner), and its stderr
/// as it comes. Killed when dropped.
pub struct Sim {
    child: Child,
    /// The banner: base URLs, control URLs, seeded credentials.
    pub banner: Value,
    stderr: Arc<Mutex<String>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

impl Sim {
    /// Starts the binary with `args` (and `envs`), on free ports unless the
    /// arguments say otherwise, and waits for its banner.
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> Self {
        Self::try_start(args, envs)
            .unwrap_or_else(|(status, err)| panic!("access-sim did not start ({status:?}): {err}"))
    }

    /// Starts the binary; a process that exits before its banner answers its
    /// status and stderr.
    pub fn try_start(
        args: &[&str],
        envs: &[(&str, &str)],
    ) -> Result<Self, (Option<ExitStatus>, String)> {
        let mut cmd = Command::new(binary());
        if !args.contains(&"--port") {
            cmd.args(["--port", "0"]);
        }
        cmd.args(args)
            .env_remove("RUST_LOG")
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("the access-sim binary runs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_reader = {
            let mut pipe = child.stderr.take().expect("stderr is piped");
            let sink = stderr.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            })
        };
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(Result::ok);
            let _ = tx.send(first);
            // Keep reading so the process never blocks on a full pipe.
            for _ in lines {}
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(line)) => {
                let banner = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("the first line is not JSON ({e}): {line}"));
                Ok(Self {
                    child,
                    banner,
                    stderr,
                    stderr_reader: Some(stderr_reader),
                })
            }
            _ => {
                let status = wait_for(&mut child, Duration::from_secs(10));
                if status.is_none() {
                    let _ = child.kill();
                    let _ = child.wait();
                }
                // The process is gone: its stderr ends, and the reader with it.
                let _ = stderr_reader.join();
                let err = stderr.lock().unwrap().clone();
                Err((status, err))
            }
        }
    }

    /// A simulator's base URL from the banner.
    pub fn url(&self, simulator: &str) -> String {
        self.banner[simulator]["base_url"]
            .as_str()
            .unwrap_or_else(|| panic!("no base_url for {simulator} in {}", self.banner))
            .to_string()
    }

    /// A simulator's control root (`.../_sim`) from the banner.
    pub fn control(&self, simulator: &str) -> String {
        self.banner[simulator]["control"]
            .as_str()
            .unwrap_or_else(|| panic!("no control for {simulator} in {}", self.banner))
            .to_string()
    }

    /// What the process wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends `signal` (`TERM`, `INT`) and waits for the process to end.
    pub fn stop_with(mut self, signal: &str) -> (ExitStatus, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -{signal} {pid}");
        let status = wait_for(&mut self.child, Duration::from_secs(30))
            .unwrap_or_else(|| panic!("access-sim did not stop within 30 s of SIG{signal}"));
        // The process is gone: its stderr ends, and the reader with it.
        if let Some(reader) = self.stderr_reader.take() {
            let _ = reader.join();
        }
        (status, self.stderr())
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// A plain HTTP client (not the SDK).
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("a reqwest client")
}

/// `GET url` as JSON, with its status.
pub async fn get_json(url: &str) -> (u16, Value) {
    call(url, "GET", "", None).await
}

/// `method url` with a JSON body, as JSON, with its status.
pub async fn send_json(method: &str, url: &str, body: Value) -> (u16, Value) {
    call(url, method, "", Some(body)).await
}

/// The lines `NAME='value'` of an env file, read the way `sh` reads them.
pub fn sourced(env_file: &Path) -> Vec<(String, String)> {
    let script = format!(
        "set -a; . '{}'; set +a; env -0",
        env_file.display().to_string().replace('\'', "'\\''")
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .env_clear()
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "sourcing the env file failed: {out:?}"
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .split('\0')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
