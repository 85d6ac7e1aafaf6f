//! A simulated EF-45 (feature `testkit`), served on loopback.
//!
//! It implements the documented behaviour, with the SDK's inferred paths (**\[I\]**
//! in [`crate`]'s provenance) and inferred error bodies
//! (`{"status_code", "reason_phrase", "error_no", "error_message"}`):
//!
//! * **one lock holder** at a time: `POST /lock` is refused (409) while a lock
//!   is held, `PUT /lock` takes over, a stale `lock_uid` answers 401
//!   `"Invalid lock_uid"`; [`Ef45Sim::take_over_as_other_client`] plays another
//!   client;
//! * a **camera state machine**: start requires mode `Slave` (409 otherwise)
//!   and one biometric mode (400), refuses a second start (409); an enrolment
//!   capture produces biometric data after [`SimConfig::capture_polls`] polls
//!   of the buffer, then the camera stops by itself; preview frames (with
//!   `\r\n` line breaks, as real devices send) while it runs, 204 otherwise;
//! * **records** (subjects, user info, users, faces) with the device error
//!   codes (-201, -210, -403, -409, -601, -603, -761...), paging with
//!   `page`/`page_size`/`has_more`/`total`;
//! * **recognition**: [`Ef45Sim::present`] plays a person at the device: a
//!   match record, a log entry, the door opening; anti-passback violations;
//! * **logs** with increasing ids, ranges, -803 for a bad range;
//! * **settings** by title and type, manual command refused (403) until
//!   `UseManualCommand` is on;
//! * **firmware**: units checked (order, base64), assembled into a SHA-256,
//!   the image checked (magic `EF45` and a version string) and the device
//!   "reboots" (lock dropped, version changed);
//! * the [`Faults`] knobs (503s, malformed bodies, hangs, latency) of
//!   `access_core::testkit`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use access_core::clock::Clock;
use access_core::testkit::{Faults, SimClock, SimServer, SimulatedApi};
use chrono::SecondsFormat;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use wiremock::{Request, ResponseTemplate};

use crate::camera::{CameraMode, CameraSettings};
use crate::enrolment::BiometricRecord;
use crate::faces::{Face, FaceSubId};
use crate::ids::{EncounterId, UserUuid, check_8_4_4_4_12};
use crate::logs::{EventType, LogEntry};
use crate::model::{DeviceTime, Page, decode_base64_lenient, encode_base64};
use crate::recognition::MatchRecord;
use crate::subjects::Subject;
use crate::users::UserInfo;

/// Settings of a simulated device.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SimConfig {
    /// The app version (`1.2.34` serves the revised biometric-data endpoint,
    /// `1.2.33` the original).
    pub version: String,
    /// Polls of the biometric-data buffer before an enrolment capture arrives.
    pub capture_polls: u32,
    /// Size of each fake iris template in bytes (real captures total ~5 MB).
    pub template_bytes: usize,
    /// Seed the device with three people, faces and logs.
    pub seeded: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            version: "1.2.34".into(),
            capture_polls: 3,
            template_bytes: 2048,
            seeded: true,
        }
    }
}

impl SimConfig {
    /// Sets the app version.
    pub fn version(mut self, v: impl Into<String>) -> Self {
        self.version = v.into();
        self
    }

    /// Sets the polls before a capture arrives.
    pub fn capture_polls(mut self, n: u32) -> Self {
        self.capture_polls = n;
        self
    }

    /// Sets the template size.
    pub fn template_bytes(mut self, n: usize) -> Self {
        self.template_bytes = n;
        self
    }

    /// Starts empty (no people, no logs).
    pub fn empty(mut self) -> Self {
        self.seeded = false;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Camera {
    Idle,
    Capturing {
        polls_left: u32,
        face: bool,
        iris: bool,
        recognition: bool,
    },
}

#[derive(Debug, Default)]
struct Upload {
    next_index: u64,
    bytes: u64,
    hasher: Option<Sha256>,
    header: Vec<u8>,
}

/// The firmware the simulated device last installed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstalledFirmware {
    /// The image size.
    pub bytes: u64,
    /// SHA-256 of the assembled image (hex).
    pub sha256: String,
    /// The version read from the image.
    pub version: String,
    /// Units received, final included.
    pub units: u64,
}

struct State {
    config: SimConfig,
    holder: Option<String>,
    settings: CameraSettings,
    device_time: Option<DeviceTime>,
    camera: Camera,
    biometric: Vec<BiometricRecord>,
    last_capture: Option<BiometricRecord>,
    images: BTreeMap<String, Vec<u8>>,
    subjects: BTreeMap<String, Subject>,
    user_info: BTreeMap<String, UserInfo>,
    faces: BTreeMap<String, BTreeMap<i64, Face>>,
    match_data: Vec<MatchRecord>,
    logs: Vec<LogEntry>,
    next_log: i64,
    door: String,
    apb_violations: BTreeMap<String, bool>,
    config_values: BTreeMap<String, (String, Value)>,
    card_input: bool,
    relay_triggers: u32,
    upload: Upload,
    installed: Option<InstalledFirmware>,
    reboots: u32,
    counter: u64,
}

/// The simulated device's state and knobs.
pub struct Ef45Sim {
    state: Mutex<State>,
    clock: SimClock,
}

impl std::fmt::Debug for Ef45Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ef45Sim").finish_non_exhaustive()
    }
}

fn reply(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn ok(body: Value) -> ResponseTemplate {
    reply(200, body)
}

fn done(phrase: &str) -> ResponseTemplate {
    ok(json!({"status_code": 200, "reason_phrase": phrase}))
}

fn fail(status: u16, code: Option<i64>, message: &str) -> ResponseTemplate {
    let phrase = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        _ => "Error",
    };
    let mut body =
        json!({"status_code": status, "reason_phrase": phrase, "error_message": message});
    if let Some(c) = code {
        body["error_no"] = json!(c);
    }
    reply(status, body)
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A user-info record as the device writes it: a user without a card has
/// `"card": ""` (not an absent field), which the client reads as no card.
fn info_json(info: &UserInfo) -> Value {
    let mut v = to_value(info);
    if info.card.is_none() {
        v["card"] = json!("");
    }
    v
}

fn paged<T: serde::Serialize + Clone>(
    items: Vec<T>,
    q: &BTreeMap<String, String>,
) -> ResponseTemplate {
    let total = items.len() as u64;
    let page: Option<u32> = q.get("page").and_then(|p| p.parse().ok());
    let size: u32 = q
        .get("page_size")
        .and_then(|p| p.parse().ok())
        .unwrap_or(50);
    if q.contains_key("page") && page.is_none_or(|p| p == 0) {
        return fail(400, Some(-101), "page is invalid");
    }
    if size == 0 {
        return fail(400, Some(-102), "page size is invalid");
    }
    let page_obj = match page {
        None => Page::new(items, None, None, false, total),
        Some(p) => {
            let start = ((p - 1) as usize).saturating_mul(size as usize);
            let rows: Vec<T> = items
                .iter()
                .skip(start)
                .take(size as usize)
                .cloned()
                .collect();
            let more = start + rows.len() < items.len();
            Page::new(rows, Some(p), Some(size), more, total)
        }
    };
    ok(to_value(&page_obj))
}

impl Ef45Sim {
    fn new(config: SimConfig, clock: SimClock) -> Self {
        let seeded = config.seeded;
        let mut config_values = BTreeMap::new();
        for (title, ty, v) in [
            ("UseManualCommand", "bool", json!(false)),
            ("AntiPassback", "bool", json!(true)),
            ("Volume", "int", json!(5)),
            ("FaceThreshold", "float", json!(0.45)),
            ("DeviceName", "string", json!("EF-45 Lobby")),
        ] {
            config_values.insert(title.to_string(), (ty.to_string(), v));
        }
        let mut settings = CameraSettings::mode(CameraMode::Unknown("Master".into()))
            .serial_number("OA1405A031576")
            .audio(true);
        settings.extra = Map::new();
        let sim = Self {
            state: Mutex::new(State {
                config,
                holder: None,
                settings,
                device_time: None,
                camera: Camera::Idle,
                biometric: Vec::new(),
                last_capture: None,
                images: BTreeMap::new(),
                subjects: BTreeMap::new(),
                user_info: BTreeMap::new(),
                faces: BTreeMap::new(),
                match_data: Vec::new(),
                logs: Vec::new(),
                next_log: 68,
                door: "closed".into(),
                apb_violations: BTreeMap::new(),
                config_values,
                card_input: false,
                relay_triggers: 0,
                upload: Upload::default(),
                installed: None,
                reboots: 0,
                counter: 0,
            }),
            clock,
        };
        if seeded {
            sim.seed();
        }
        sim
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn seed(&self) {
        let mut s = self.lock();
        for (id, last, first, card) in [
            ("1", "Kim", "Minji", Some("12 34 56 78")),
            ("2", "Lee", "Joon", None),
            ("111", "Park", "Sora", Some("65 D8 A1 BD")),
        ] {
            let uuid = UserUuid::new(id).expect("static id");
            let tl = s.fake_template(id, "L");
            let tr = s.fake_template(id, "R");
            let subject = Subject::new(uuid.clone(), last, first)
                .expect("static name")
                .templates(Some(tl), Some(tr));
            s.subjects.insert(id.into(), subject);
            let mut info = UserInfo::new(uuid.clone());
            if let Some(c) = card {
                info.card =
                    Some(access_core::model::CardNumber::from_hex_pairs(c).expect("static card"));
            }
            s.user_info.insert(id.into(), info);
            let face = Face::new(
                uuid,
                FaceSubId::Color,
                encode_base64(format!("face-{id}").as_bytes()),
            )
            .expect("static face");
            s.faces.entry(id.into()).or_default().insert(0, face);
        }
        let now = self.clock.now();
        s.push_log(
            now,
            EventType::Recognition,
            Some("111"),
            "Recog/BioOnly/IrisOk",
            "Allowed",
        );
        s.push_log(now, EventType::UserData, Some("111"), "AddUsers", "Success");
        s.push_log(
            now,
            EventType::Recognition,
            Some("1"),
            "Recog/BioOnly/FaceOk",
            "Allowed",
        );
    }

    /// Plays a person at the device: if `user` is enrolled with access allowed
    /// and not in anti-passback violation, a match record is buffered, the log
    /// records `Recog/BioOnly/IrisOk` `Allowed` and the door opens; otherwise the
    /// log records `Denied`. Answers whether access was allowed.
    pub fn present(&self, user: &str) -> bool {
        let now = self.clock.now();
        let mut s = self.lock();
        let enrolled = s
            .subjects
            .get(user)
            .is_some_and(|sub| sub.access_allowed != Some(false));
        let violated = s.apb_violations.get(user).copied().unwrap_or(false);
        let allowed = enrolled && !violated;
        let (info, outcome) = match (enrolled, violated) {
            (true, false) => ("Recog/BioOnly/IrisOk", "Allowed"),
            (true, true) => ("Recog/APB", "Denied"),
            _ => ("Recog/BioOnly/NoMatch", "Denied"),
        };
        s.push_log(
            now,
            EventType::Recognition,
            enrolled.then_some(user),
            info,
            outcome,
        );
        if enrolled {
            let eid = s.next_id();
            let mut r = MatchRecord::new(
                EncounterId::new(eid).expect("uuid text"),
                UserUuid::new(user).ok(),
            );
            r.timestamp = Some(now.to_rfc3339_opts(SecondsFormat::Secs, true));
            r.info = Some(info.into());
            r.additional_data = Some(outcome.into());
            s.match_data.push(r);
        }
        if allowed {
            s.door = "open".into();
        }
        allowed
    }

    /// Puts `user` into anti-passback violation (their next recognition is denied).
    pub fn set_apb_violation(&self, user: &str) {
        self.lock().apb_violations.insert(user.into(), true);
    }

    /// Whether `user` is in anti-passback violation.
    pub fn apb_violation(&self, user: &str) -> bool {
        self.lock()
            .apb_violations
            .get(user)
            .copied()
            .unwrap_or(false)
    }

    /// Sets the door status text.
    pub fn set_door(&self, status: &str) {
        self.lock().door = status.into();
    }

    /// Another client takes the lock over (`PUT /lock` from elsewhere): this
    /// SDK's `lock_uid` becomes stale.
    pub fn take_over_as_other_client(&self) {
        let mut s = self.lock();
        let id = s.next_id();
        s.holder = Some(id);
    }

    /// Whether a lock is held.
    pub fn is_locked(&self) -> bool {
        self.lock().holder.is_some()
    }

    /// The device time last set.
    pub fn device_time(&self) -> Option<DeviceTime> {
        self.lock().device_time
    }

    /// How many times the device rebooted after a firmware upgrade.
    pub fn reboots(&self) -> u32 {
        self.lock().reboots
    }

    /// The firmware last installed.
    pub fn installed_firmware(&self) -> Option<InstalledFirmware> {
        self.lock().installed.clone()
    }

    /// The app version now.
    pub fn version(&self) -> String {
        self.lock().config.version.clone()
    }

    /// How many times the relay was triggered.
    pub fn relay_triggers(&self) -> u32 {
        self.lock().relay_triggers
    }

    /// Whether the card input screen is showing.
    pub fn card_input_showing(&self) -> bool {
        self.lock().card_input
    }

    /// The number of entries in the log.
    pub fn log_len(&self) -> usize {
        self.lock().logs.len()
    }

    /// Whether the camera is capturing.
    pub fn camera_running(&self) -> bool {
        self.lock().camera != Camera::Idle
    }
}

impl State {
    fn next_id(&mut self) -> String {
        self.counter += 1;
        let c = self.counter;
        format!(
            "{:08x}-534a-11f0-aa39-{:012x}",
            0x3811_8632u32.wrapping_add(c as u32),
            0x503f_9800_7277u64 + c
        )
    }

    fn fake_template(&self, id: &str, side: &str) -> String {
        let n = self.config.template_bytes.max(16);
        let seed = format!("iris-{side}-{id}-");
        let bytes: Vec<u8> = seed.bytes().cycle().take(n).collect();
        encode_base64(&bytes)
    }

    fn push_log(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        ty: EventType,
        user: Option<&str>,
        info: &str,
        outcome: &str,
    ) {
        let mut e = LogEntry::new(self.next_log, ty);
        self.next_log += 1;
        e.timestamp = Some(now.to_rfc3339_opts(SecondsFormat::Secs, true));
        e.user_uuid = user.and_then(|u| UserUuid::new(u).ok());
        e.info = Some(info.into());
        e.additional_data = Some(outcome.into());
        self.logs.push(e);
    }

    fn user_json(&self, id: &str) -> Option<Value> {
        let subject = self.subjects.get(id)?;
        let mut v = to_value(subject);
        // A user without a card is written `"card": ""`, as the device writes it.
        v["card"] = json!(
            self.user_info
                .get(id)
                .and_then(|i| i.card.as_ref())
                .map_or("", |c| c.as_str())
        );
        let faces: Vec<&Face> = self
            .faces
            .get(id)
            .map(|m| m.values().collect())
            .unwrap_or_default();
        v["faces"] = to_value(&faces);
        Some(v)
    }

    fn capture(&mut self) -> BiometricRecord {
        let id = self.next_id();
        let Camera::Capturing { face, iris, .. } = self.camera.clone() else {
            unreachable!("capture only while capturing")
        };
        let mut r = BiometricRecord::new(EncounterId::new(id.clone()).expect("uuid text"));
        if iris {
            r.left_eye_template = Some(self.fake_template(&id, "L"));
            r.right_eye_template = Some(self.fake_template(&id, "R"));
        }
        if face {
            for sub in [FaceSubId::Color, FaceSubId::BlackWhite] {
                let mut f = Face {
                    face_eye_width: Some(64),
                    face_score: Some(0.82),
                    face_frontal_score: Some(0.9),
                    face_roll: Some(1.5),
                    led_state: Some(if sub == FaceSubId::Color { 0 } else { 1 }),
                    ..Face::new(
                        UserUuid::new("pending").expect("static"),
                        sub,
                        encode_base64(format!("feature-{id}-{}", sub.value()).as_bytes()),
                    )
                    .expect("static face")
                };
                f.user_uuid = None;
                r.faces.push(f);
            }
        }
        self.last_capture = Some(r.clone());
        r
    }
}

fn query_map(r: &Request) -> BTreeMap<String, String> {
    r.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn decode_segment(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn fake_bmp(name: &str, len: usize) -> Vec<u8> {
    let mut v = b"BM".to_vec();
    v.extend(name.bytes().cycle().take(len));
    v
}

const IRIS_FILES: [&str; 2] = ["lefteye.bmp", "righteye.bmp"];
const FACE_FILES: [&str; 5] = [
    "irisoff.bmp",
    "faroff.bmp",
    "faron.bmp",
    "nearoff.bmp",
    "nearon.bmp",
];

impl SimulatedApi for Ef45Sim {
    fn handle(&self, request: &Request) -> ResponseTemplate {
        let now = self.clock.now();
        let method = request.method.as_str().to_ascii_uppercase();
        let Some(path) = request.url.path().strip_prefix("/1.0/") else {
            return fail(404, None, "unknown path");
        };
        let segs: Vec<String> = path.split('/').map(decode_segment).collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let q = query_map(request);
        let body: Option<Value> = serde_json::from_slice(&request.body).ok();
        let mut s = self.lock();

        // Connection: no lock_uid needed.
        match (method.as_str(), segs.as_slice()) {
            ("POST", ["lock"]) => {
                if s.holder.is_some() {
                    return fail(409, None, "Device is locked by another client");
                }
                let id = s.next_id();
                s.holder = Some(id.clone());
                return ok(json!({"lock_uid": id}));
            }
            ("PUT", ["lock"]) => {
                let id = s.next_id();
                s.holder = Some(id.clone());
                return ok(json!({"lock_uid": id}));
            }
            ("DELETE", ["lock", uid]) => {
                if s.holder.as_deref() == Some(*uid) {
                    s.holder = None;
                    return ResponseTemplate::new(200).set_body_string("Uuid deletion success");
                }
                return fail(404, None, "Uuid does not exist");
            }
            ("GET", ["version"]) => return ok(json!({"version": s.config.version})),
            _ => {}
        }
        match q.get("lock_uid") {
            Some(uid) if s.holder.as_deref() == Some(uid.as_str()) => {}
            _ => return fail(401, None, "Invalid lock_uid"),
        }
        let revised =
            crate::lock::AppVersion::new(s.config.version.clone()).has_revised_biometric_data();

        match (method.as_str(), segs.as_slice()) {
            // Camera
            ("GET", ["camera"]) => ok(to_value(&s.settings)),
            ("POST", ["camera"]) => {
                let Some(Value::Object(map)) = body else {
                    return fail(400, None, "body must be a JSON object");
                };
                let mut merged = to_value(&s.settings);
                for (k, v) in map {
                    merged[k] = v;
                }
                match serde_json::from_value::<CameraSettings>(merged) {
                    Ok(new) => {
                        s.settings = new;
                        done("Camera setting updated")
                    }
                    Err(e) => fail(400, None, &format!("invalid settings: {e}")),
                }
            }
            ("POST", ["camera", "time"]) => {
                match q.get("device_time").map(|t| t.parse::<DeviceTime>()) {
                    Some(Ok(t)) => {
                        s.device_time = Some(t);
                        done("Camera setting updated")
                    }
                    _ => fail(400, None, "device_time must be MMddHHmmyyyy.ss"),
                }
            }
            ("POST", ["camera", "control", "start"]) => {
                if s.settings.camera_mode != Some(CameraMode::Slave) {
                    return fail(409, None, "Camera mode must be Slave");
                }
                if s.camera != Camera::Idle {
                    return fail(409, None, "Camera is already started");
                }
                let flag = |k: &str| q.get(k).is_some_and(|v| v == "true");
                let (face, glasses, both, either) = (
                    flag("face_mode"),
                    flag("glasses_mode"),
                    flag("both_eye_mode"),
                    flag("either_eye_mode"),
                );
                if !(face || glasses || both || either) {
                    return fail(400, None, "At least one biometric mode is required");
                }
                let recognition = match q.get("recog_mode").map(String::as_str) {
                    None | Some("false") => false,
                    Some("true") => true,
                    Some(_) => return fail(400, None, "recog_mode must be true or false"),
                };
                s.camera = Camera::Capturing {
                    polls_left: s.config.capture_polls,
                    face: face || glasses,
                    iris: both || either,
                    recognition,
                };
                done("Camera started")
            }
            ("POST", ["camera", "control", "stop"]) => {
                s.camera = Camera::Idle;
                done("Camera stopped")
            }
            ("POST", ["camera", "control", "match-template"]) => match q.get("seq_uid") {
                Some(id) if check_8_4_4_4_12("seq_uid", id).is_ok() => {
                    done("Match template started")
                }
                _ => fail(400, None, "seq_uid must be 8-4-4-4-12"),
            },
            ("GET", ["preview"]) => {
                if s.camera == Camera::Idle {
                    return ResponseTemplate::new(204);
                }
                let b64 = encode_base64(&fake_bmp("preview", 300));
                let wrapped: Vec<String> = b64
                    .as_bytes()
                    .chunks(76)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                ok(json!({"face_image": wrapped.join("\r\n")}))
            }
            ("DELETE", ["preview"]) => done("Preview deleted"),

            // Enrolment
            ("GET", ["biometric-data"]) | ("GET", ["biometric-data", "v2"]) => {
                let wants_revised = segs.len() == 2;
                if wants_revised != revised {
                    return fail(404, None, "Not supported by this app version");
                }
                if let Camera::Capturing {
                    polls_left,
                    recognition: false,
                    ..
                } = s.camera.clone()
                {
                    if polls_left <= 1 {
                        let r = s.capture();
                        s.biometric.push(r);
                        s.camera = Camera::Idle;
                    } else if let Camera::Capturing { polls_left: p, .. } = &mut s.camera {
                        *p -= 1;
                    }
                }
                ok(
                    json!({"status_code": 200, "reason_phrase": "OK", "items": to_value(&s.biometric)}),
                )
            }
            ("DELETE", ["biometric-data", id]) => {
                let before = s.biometric.len();
                s.biometric
                    .retain(|r| r.encounter_id.as_ref().map(|e| e.as_str()) != Some(*id));
                if s.biometric.len() == before {
                    return fail(404, None, "encounter_id not found");
                }
                done("Buffer deleted")
            }
            ("POST", ["images", kind]) if matches!(*kind, "iris" | "face") => {
                let name = q.get("filename").cloned().unwrap_or_default();
                let allowed: &[&str] = if *kind == "iris" {
                    &IRIS_FILES
                } else {
                    &FACE_FILES
                };
                if !allowed.contains(&name.as_str()) {
                    return fail(400, None, "unknown image file name");
                }
                let has = s.last_capture.as_ref().is_some_and(|c| {
                    if *kind == "iris" {
                        c.has_iris()
                    } else {
                        !c.faces.is_empty()
                    }
                });
                if !has {
                    return fail(409, None, "no captured image to save");
                }
                let img = fake_bmp(&name, 1024);
                s.images.insert(name, img);
                done("Image saved")
            }
            ("GET", ["images", name]) => match s.images.get(*name) {
                Some(bytes) => {
                    let b64 = encode_base64(bytes);
                    // Real devices break lines and escape; so does the simulator.
                    let wrapped: Vec<String> = b64
                        .trim_end_matches('=')
                        .as_bytes()
                        .chunks(76)
                        .map(|c| String::from_utf8_lossy(c).into_owned())
                        .collect();
                    ok(json!({"filename": name, "image": wrapped.join("\\r\\n")}))
                }
                None => fail(404, None, "file not found"),
            },
            ("POST", ["images", name]) => {
                let Some(text) = body
                    .as_ref()
                    .and_then(|b| b.get("image"))
                    .and_then(Value::as_str)
                else {
                    return fail(400, None, "body must be {\"image\": base64}");
                };
                match decode_base64_lenient(text) {
                    Ok(bytes) => {
                        s.images.insert((*name).to_string(), bytes);
                        done("Image saved")
                    }
                    Err(_) => fail(400, None, "image is not base64"),
                }
            }

            // Subjects
            ("GET", ["subjects"]) => paged(s.subjects.values().cloned().collect(), &q),
            ("GET", ["subjects", "record-version"]) => {
                ok(json!({"record_version": crate::subjects::DEFAULT_RECORD_VERSION}))
            }
            ("POST", ["subjects", "duplication"]) => {
                let Some(candidate) = body.and_then(|b| serde_json::from_value::<Subject>(b).ok())
                else {
                    return fail(400, Some(-203), "subject serialize error");
                };
                let hit = s.subjects.values().find(|x| {
                    (candidate.left_eye_template.is_some()
                        && x.left_eye_template == candidate.left_eye_template)
                        || (candidate.right_eye_template.is_some()
                            && x.right_eye_template == candidate.right_eye_template)
                });
                ok(
                    json!({"duplicated": hit.is_some(), "user_uuid": hit.map(|h| h.user_uuid.as_str())}),
                )
            }
            ("GET", ["subjects", id]) => match s.subjects.get(*id) {
                Some(x) => ok(to_value(x)),
                None => fail(404, Some(-201), "subject uuid does not exist"),
            },
            ("POST", ["subjects"]) => {
                let Some(subject) = body.and_then(|b| serde_json::from_value::<Subject>(b).ok())
                else {
                    return fail(400, Some(-203), "subject serialize error");
                };
                if subject.last_name.trim().is_empty() {
                    return fail(400, Some(-210), "last_name is null");
                }
                let id = subject.user_uuid.as_str().to_string();
                s.subjects.insert(id.clone(), subject);
                s.push_log(
                    now,
                    EventType::UserData,
                    Some(&id),
                    "AddSubjects",
                    "Success",
                );
                done("Subject saved")
            }
            ("DELETE", ["subjects", id]) => match s.subjects.remove(*id) {
                Some(_) => done("Subject deleted"),
                None => fail(404, Some(-201), "subject uuid does not exist"),
            },

            // User info
            ("GET", ["user-info"]) => paged(s.user_info.values().map(info_json).collect(), &q),
            ("GET", ["user-info", "card", card]) => match s.user_info.values().find(|i| {
                i.card
                    .as_ref()
                    .is_some_and(|c| c.as_str().eq_ignore_ascii_case(card))
            }) {
                Some(i) => ok(info_json(i)),
                None => fail(404, Some(-603), "user-info select by card error"),
            },
            ("GET", ["user-info", id]) => match s.user_info.get(*id) {
                Some(i) => ok(info_json(i)),
                None => fail(404, Some(-601), "user-info uuid does not exist"),
            },
            ("POST", ["user-info"]) => {
                match body.and_then(|b| serde_json::from_value::<UserInfo>(b).ok()) {
                    Some(info) => {
                        s.user_info
                            .insert(info.user_uuid.as_str().to_string(), info);
                        done("User info saved")
                    }
                    None => fail(400, None, "invalid user info"),
                }
            }
            ("DELETE", ["user-info", id]) => match s.user_info.remove(*id) {
                Some(_) => done("User info deleted"),
                None => fail(404, Some(-601), "user-info uuid does not exist"),
            },

            // User
            ("GET", ["user"]) => {
                let ids: Vec<String> = s.subjects.keys().cloned().collect();
                let users: Vec<Value> = ids.iter().filter_map(|id| s.user_json(id)).collect();
                paged(users, &q)
            }
            ("PUT", ["user", "apb"]) | ("PUT", ["user", _, "apb"]) => {
                if body
                    .as_ref()
                    .and_then(|b| b.get("APBStatus"))
                    .and_then(Value::as_i64)
                    != Some(1)
                {
                    return fail(400, None, "APBStatus must be 1 (CLEAR)");
                }
                if let ["user", id, "apb"] = segs.as_slice() {
                    if !s.subjects.contains_key(*id) {
                        return fail(404, Some(-761), "user uuid does not exist");
                    }
                    s.apb_violations.remove(*id);
                } else {
                    s.apb_violations.clear();
                }
                done("APB cleared")
            }
            ("POST", ["user"]) => {
                let Some(user) =
                    body.and_then(|b| serde_json::from_value::<crate::users::User>(b).ok())
                else {
                    return fail(400, Some(-203), "user serialize error");
                };
                if user.subject.last_name.trim().is_empty() {
                    return fail(400, Some(-210), "last_name is null");
                }
                if let Some(bad) = user
                    .faces
                    .iter()
                    .find(|f| FaceSubId::new(f.sub_id.value()).is_err())
                {
                    return fail(
                        400,
                        Some(-409),
                        &format!("face sub_id {} out of range", bad.sub_id.value()),
                    );
                }
                let id = user.subject.user_uuid.as_str().to_string();
                let uuid = user.subject.user_uuid.clone();
                let mut info = s
                    .user_info
                    .remove(&id)
                    .unwrap_or_else(|| UserInfo::new(uuid.clone()));
                if user.card.is_some() {
                    info.card = user.card.clone();
                }
                s.user_info.insert(id.clone(), info);
                let faces: BTreeMap<i64, Face> = user
                    .faces
                    .iter()
                    .map(|f| (f.sub_id.value(), f.clone().user(uuid.clone())))
                    .collect();
                if !faces.is_empty() {
                    s.faces.insert(id.clone(), faces);
                }
                s.subjects.insert(id.clone(), user.subject);
                s.push_log(now, EventType::UserData, Some(&id), "AddUsers", "Success");
                done("User saved")
            }
            ("GET", ["user", id]) => match s.user_json(id) {
                Some(v) => ok(v),
                None => fail(404, Some(-761), "user uuid does not exist"),
            },
            ("DELETE", ["user", id]) => {
                if s.subjects.remove(*id).is_none() {
                    return fail(404, Some(-761), "user uuid does not exist");
                }
                s.user_info.remove(*id);
                s.faces.remove(*id);
                s.push_log(now, EventType::UserData, Some(id), "DeleteUsers", "Success");
                done("User deleted")
            }

            // Faces
            ("GET", ["faces"]) => {
                let all: Vec<Face> = s.faces.values().flat_map(|m| m.values().cloned()).collect();
                paged(all, &q)
            }
            ("POST", ["faces"]) => {
                let Some(face) = body.and_then(|b| serde_json::from_value::<Face>(b).ok()) else {
                    return fail(400, None, "invalid face");
                };
                if FaceSubId::new(face.sub_id.value()).is_err() {
                    return fail(400, Some(-409), "face sub_id out of range");
                }
                let Some(owner) = face.user_uuid.clone() else {
                    return fail(400, Some(-100), "uuid is null");
                };
                s.faces
                    .entry(owner.as_str().to_string())
                    .or_default()
                    .insert(face.sub_id.value(), face);
                done("Face saved")
            }
            ("GET", ["faces", id]) => {
                let Some(faces) = s.faces.get(*id).filter(|m| !m.is_empty()) else {
                    return fail(404, Some(-401), "face uuid does not exist");
                };
                match q.get("subId").map(|v| v.parse::<i64>()) {
                    None => ok(to_value(&faces.values().collect::<Vec<_>>())),
                    Some(Ok(sub)) => match faces.get(&sub) {
                        Some(f) => ok(to_value(&vec![f])),
                        None => fail(404, Some(-403), "face uuid and sub_id do not exist"),
                    },
                    Some(Err(_)) => fail(400, Some(-409), "face sub_id out of range"),
                }
            }
            ("GET", ["faces", id, sub]) => match (s.faces.get(*id), sub.parse::<i64>()) {
                (Some(m), Ok(n)) => match m.get(&n) {
                    Some(f) => ok(to_value(f)),
                    None => fail(404, Some(-403), "face uuid and sub_id do not exist"),
                },
                (None, _) => fail(404, Some(-401), "face uuid does not exist"),
                (_, Err(_)) => fail(400, Some(-409), "face sub_id out of range"),
            },
            ("DELETE", ["faces", id]) => {
                let Some(sub) = q.get("subId").and_then(|v| v.parse::<i64>().ok()) else {
                    return fail(400, Some(-409), "subId is required");
                };
                match s.faces.get_mut(*id).and_then(|m| m.remove(&sub)) {
                    Some(_) => done("Face deleted"),
                    None => fail(404, Some(-403), "face uuid and sub_id do not exist"),
                }
            }

            // Recognition
            ("GET", ["match-data"]) | ("GET", ["match-data", _]) => ok(
                json!({"status_code": 200, "reason_phrase": "OK", "items": to_value(&s.match_data)}),
            ),
            ("DELETE", ["match-data", id]) => {
                let before = s.match_data.len();
                s.match_data
                    .retain(|r| r.encounter_id.as_ref().map(|e| e.as_str()) != Some(*id));
                if s.match_data.len() == before {
                    return fail(404, None, "encounter_id not found");
                }
                done("Match data deleted")
            }
            ("GET", ["door-status"]) => {
                let status = s.door.clone();
                if status == "open" {
                    // The door relocks after it was reported open once.
                    s.door = "closed".into();
                }
                ok(json!({"door_status": status}))
            }

            // Logs
            ("GET", ["logs"]) | ("GET", ["logs", "from", "to"]) => {
                let range = segs.len() == 3;
                let min = q.get("min").and_then(|v| v.parse::<i64>().ok());
                let max = q.get("max").and_then(|v| v.parse::<i64>().ok());
                if range && (min.is_none() || max.is_none()) {
                    return fail(400, None, "min and max are required");
                }
                if let (Some(a), Some(b)) = (min, max)
                    && (a < 0 || b < a)
                {
                    return fail(400, Some(-803), "log id from/to wrong range");
                }
                let mut rows: Vec<LogEntry> = s
                    .logs
                    .iter()
                    .filter(|e| min.is_none_or(|m| e.id >= m) && max.is_none_or(|m| e.id <= m))
                    .cloned()
                    .collect();
                if q.get("order").is_some_and(|o| o == "desc") {
                    rows.reverse();
                }
                paged(rows, &q)
            }
            ("GET", ["logs", id]) => match id
                .parse::<i64>()
                .ok()
                .and_then(|n| s.logs.iter().find(|e| e.id == n))
            {
                Some(e) => ok(
                    json!({"status_code": 200, "reason_phrase": "OK", "items": [to_value(e)], "page": 1, "page_size": 50, "has_more": false, "total": 1}),
                ),
                None => fail(404, None, "log id does not exist"),
            },

            // Device
            ("GET", ["config"]) | ("PUT", ["config"]) => {
                let title = q.get("title").cloned().unwrap_or_default();
                let ty = q.get("type").cloned().unwrap_or_default();
                if !matches!(ty.as_str(), "bool" | "float" | "int" | "string") {
                    return fail(400, None, "type must be bool, float, int or string");
                }
                let Some((known_ty, value)) = s.config_values.get(&title).cloned() else {
                    return fail(404, None, "unknown setting title");
                };
                if known_ty != ty {
                    return fail(400, None, &format!("setting {title} is of type {known_ty}"));
                }
                if method == "GET" {
                    return ok(json!({"title": title, "type": ty, "value": value}));
                }
                let Some(new) = body.as_ref().and_then(|b| b.get("value")).cloned() else {
                    return fail(400, None, "body must be {\"value\": ...}");
                };
                let fits = match ty.as_str() {
                    "bool" => new.is_boolean(),
                    "int" => new.is_i64(),
                    "float" => new.is_number(),
                    _ => new.is_string(),
                };
                if !fits {
                    return fail(400, None, "value does not match type");
                }
                s.config_values.insert(title, (ty, new));
                done("Setting updated")
            }
            ("PUT", ["config", "relay"]) => {
                s.relay_triggers += 1;
                s.door = "open".into();
                done("Relay triggered")
            }
            ("POST", ["device", "control"]) => {
                let enabled = s
                    .config_values
                    .get("UseManualCommand")
                    .is_some_and(|(_, v)| v == &json!(true));
                if !enabled {
                    return fail(403, None, "Use manual command is disabled");
                }
                match body {
                    Some(Value::Object(m)) if !m.is_empty() => {
                        if m.get("relay").and_then(Value::as_bool) == Some(true) {
                            s.relay_triggers += 1;
                            s.door = "open".into();
                        }
                        done("Device control done")
                    }
                    _ => fail(400, None, "At least one parameter is required"),
                }
            }
            ("POST", ["card-input-mode"]) => {
                if s.settings.camera_mode != Some(CameraMode::Slave) {
                    return fail(409, None, "Camera mode must be Slave");
                }
                s.card_input = true;
                done("Card input mode started")
            }

            // Firmware
            ("DELETE", ["firmware"]) => {
                s.upload = Upload::default();
                done("Firmware upload aborted")
            }
            ("POST", ["firmware", which]) if matches!(*which, "unit" | "final") => {
                let index = body
                    .as_ref()
                    .and_then(|b| b.get("index"))
                    .and_then(Value::as_u64);
                let data = body
                    .as_ref()
                    .and_then(|b| b.get("data"))
                    .and_then(Value::as_str);
                let (Some(index), Some(data)) = (index, data) else {
                    return fail(400, None, "body must be {\"index\", \"data\"}");
                };
                if index != s.upload.next_index {
                    return fail(
                        400,
                        None,
                        &format!(
                            "unit {index} out of order; expected {}",
                            s.upload.next_index
                        ),
                    );
                }
                let Ok(bytes) =
                    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, data)
                else {
                    return fail(400, None, "unit is not valid base64");
                };
                let up = &mut s.upload;
                up.hasher.get_or_insert_with(Sha256::new).update(&bytes);
                if up.header.len() < 20 {
                    let need = 20 - up.header.len();
                    up.header.extend(bytes.iter().take(need));
                }
                up.bytes += bytes.len() as u64;
                up.next_index += 1;
                if *which == "unit" {
                    return done("Unit received");
                }
                let upload = std::mem::take(&mut s.upload);
                if !upload.header.starts_with(b"EF45") {
                    return fail(422, None, "firmware image check failed (bad magic)");
                }
                let version: String = String::from_utf8_lossy(&upload.header[4..])
                    .trim_end_matches('\0')
                    .trim()
                    .to_string();
                if version.is_empty() {
                    return fail(422, None, "firmware version check failed");
                }
                let sha = upload.hasher.map(|h| h.finalize()).unwrap_or_default();
                let sha256: String = sha.iter().map(|b| format!("{b:02x}")).collect();
                s.installed = Some(InstalledFirmware {
                    bytes: upload.bytes,
                    sha256,
                    version: version.clone(),
                    units: upload.next_index,
                });
                // First stage done: the device reboots, dropping the lock and the camera.
                s.reboots += 1;
                s.holder = None;
                s.camera = Camera::Idle;
                s.config.version = version.clone();
                ok(
                    json!({"status_code": 200, "reason_phrase": "OK", "result": "Success", "version": version}),
                )
            }
            _ => fail(404, None, "unknown path"),
        }
    }
}

/// A simulated EF-45 on loopback.
pub struct SimulatedEf45 {
    server: SimServer,
    sim: Arc<Ef45Sim>,
    clock: SimClock,
}

impl std::fmt::Debug for SimulatedEf45 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatedEf45")
            .field("server", &self.server)
            .finish()
    }
}

impl SimulatedEf45 {
    /// A seeded device (three people with faces and a card `65 D8 A1 BD`, logs
    /// 68..=70, app 1.2.34).
    pub async fn start() -> Self {
        Self::start_with(SimConfig::default()).await
    }

    /// A device with `config`.
    pub async fn start_with(config: SimConfig) -> Self {
        let clock = SimClock::new();
        let sim = Arc::new(Ef45Sim::new(config, clock.clone()));
        let server = SimServer::start(sim.clone()).await;
        Self { server, sim, clock }
    }

    /// The base URL for [`crate::ClientBuilder::base_url`] (ends in `/1.0`).
    pub fn base_url(&self) -> String {
        format!("{}/1.0", self.server.uri())
    }

    /// The device state and knobs.
    pub fn sim(&self) -> &Ef45Sim {
        &self.sim
    }

    /// The failure knobs.
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// The device clock (log timestamps).
    pub fn clock(&self) -> &SimClock {
        &self.clock
    }

    /// The server (requests received).
    pub fn server(&self) -> &SimServer {
        &self.server
    }

    /// How many requests had this method and path (path without `/1.0`).
    pub async fn count(&self, method: &str, path: &str) -> usize {
        self.server
            .count(method, &format!("/1.0/{}", path.trim_start_matches('/')))
    }
}

// What each operation's answer must contain, by output type: the hostile
// matrix derives every cell's expected outcome from it. Biometric and match
// data are optional (the device answers nothing when it has none).
access_core::answer_shapes! {
    JsonObject: [
        crate::camera::CameraSettings,
        crate::camera::PreviewFrame,
        crate::device::TypedSetting,
        crate::lock::AppVersion,
        crate::lock::LockGrant,
        crate::logs::LogEntry,
        crate::recognition::DoorStatus,
        crate::subjects::DuplicationResult,
        crate::subjects::RecordVersion,
        crate::subjects::Subject,
        crate::users::User,
        crate::users::UserInfo,
    ],
    JsonList: [
        crate::model::Page<crate::faces::Face>,
        crate::model::Page<crate::logs::LogEntry>,
        crate::model::Page<crate::subjects::Subject>,
        crate::model::Page<crate::users::User>,
        crate::model::Page<crate::users::UserInfo>,
    ],
    Acknowledgement: [crate::model::Ack],
    OptionalBody: [
        crate::firmware::FirmwareResult,
        crate::model::Page<crate::enrolment::BiometricRecord>,
        crate::model::Page<crate::recognition::MatchRecord>,
    ],
    Binary: [crate::enrolment::LoadedImage, crate::faces::Face],
}
