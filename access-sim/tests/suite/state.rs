//! `--state FILE`: a development environment keeps its people and keys across
//! restarts; a file it cannot load is a clear error at start.

use serde_json::{Value, json};

use crate::process::{Sim, get_json, scratch, send_json};

const KEPT: [&str; 4] = ["easysecure", "iloq", "allthenticate", "ef45"];

async fn dumps(sim: &Sim) -> Vec<Value> {
    let mut out = Vec::new();
    for simulator in KEPT {
        let (status, state) = get_json(&format!("{}/state", sim.control(simulator))).await;
        assert_eq!(status, 200, "{simulator}: {state}");
        out.push(state);
    }
    out
}

fn no_temporary_files(dir: &std::path::Path) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[tokio::test]
async fn the_state_is_saved_on_sigterm_and_loaded_at_the_next_start() {
    let dir = scratch("state-restart");
    let file = dir.join("dev.json");
    let path = file.to_str().unwrap();
    let sim = Sim::start(&["--state", path], &[]);
    assert_eq!(sim.banner["state_file"], path);
    // A door goes offline; an admin logs in at EasySecure.
    let (status, _) = send_json(
        "PUT",
        &format!("{}/doors/204/online", sim.control("allthenticate")),
        json!({ "online": false }),
    )
    .await;
    assert_eq!(status, 200);
    let es = &sim.banner["easysecure"];
    let (status, _) = send_json(
        "POST",
        &format!("{}/admins/login", sim.url("easysecure")),
        json!({ "company": es["company"], "email": es["admin_email"], "password": es["admin_password"] }),
    )
    .await;
    assert_eq!(status, 200);
    let before = dumps(&sim).await;
    let (status, err) = sim.stop_with("TERM");
    assert!(status.success(), "{err}");
    assert!(err.contains("state saved to"), "{err}");
    no_temporary_files(&dir);

    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(saved["format"], "access-sim-state");
    assert_eq!(saved["version"], 1);
    assert_eq!(
        saved["written_by"],
        concat!("access-sim ", env!("CARGO_PKG_VERSION"))
    );

    let again = Sim::start(&["--state", path], &[]);
    assert_eq!(dumps(&again).await, before);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn post_save_writes_the_file_while_running_so_a_killed_server_keeps_it() {
    let dir = scratch("state-save");
    let file = dir.join("dev.json");
    let path = file.to_str().unwrap();
    let sim = Sim::start(&["--state", path], &[]);
    send_json(
        "PUT",
        &format!("{}/doors/203/online", sim.control("allthenticate")),
        json!({ "online": false }),
    )
    .await;
    let (status, saved) =
        send_json("POST", &format!("{}/save", sim.control("ef45")), json!({})).await;
    assert_eq!((status, saved), (200, json!({ "saved": path })));
    let before = dumps(&sim).await;
    drop(sim); // SIGKILL: no chance to save again
    no_temporary_files(&dir);
    let again = Sim::start(&["--state", path], &[]);
    assert_eq!(dumps(&again).await, before);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_file_it_cannot_load_stops_the_start_with_the_reason_and_is_left_as_it_was() {
    let dir = scratch("state-refused");
    let file = dir.join("dev.json");
    let path = file.to_str().unwrap();
    let doc = |written_by: &str, sims: Value| {
        json!({ "format": "access-sim-state", "version": 1, "written_by": written_by, "simulators": sims })
            .to_string()
    };
    let ours = concat!("access-sim ", env!("CARGO_PKG_VERSION"));
    for (content, says) in [
        (
            "{\"format\": \"access-sim-state\", \"simul".to_string(),
            "is not valid JSON",
        ),
        (
            "{\"people\": []}".to_string(),
            "is not an access-sim state file",
        ),
        (
            doc("access-sim 0.0.1", json!({})),
            "was written by access-sim 0.0.1",
        ),
        (
            doc(ours, json!({ "iloq": { "persons": 7 } })),
            "has iloq state this version cannot load",
        ),
    ] {
        std::fs::write(&file, &content).unwrap();
        let Err((status, err)) = Sim::try_start(&["--state", path], &[]) else {
            panic!("started on a state file that says {says:?}");
        };
        assert_eq!(status.and_then(|s| s.code()), Some(1), "{err}");
        assert!(err.contains(says) && err.contains(path), "{says:?}: {err}");
        assert!(err.contains("move it away or delete it"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            content,
            "the file is left alone"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
