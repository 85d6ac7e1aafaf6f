//! A simulated EF-45 (feature `testkit`), served on loopback: [`Ef45Sim`].
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
//! * a **control API** at the server root, `/_sim` (not under `/1.0`): the
//!   shared clock, fault, reset and state routes and the device's knobs
//!   (present a user or an unknown person, another client taking the lock,
//!   anti-passback, the door, the seed), for programs driving the simulator
//!   over HTTP;
//! * the shared knobs of `access_core::testkit` ([`Ef45Sim::faults`],
//!   [`Ef45Sim::requests`], [`Ef45Sim::count`], [`Ef45Sim::clock`], ...), with
//!   injected faults written in the device's error body, so they reach the
//!   SDK's typed errors.
//!
//! The device's base URL ends in `/1.0` (`http://{device}:9980/1.0`), and so
//! does [`Ef45Sim::uri`]: give it to [`crate::ClientBuilder::base_url`] as it
//! is ([`Ef45Sim::client_builder`] does). Request paths, as
//! [`Ef45Sim::count`] and [`Ef45Sim::requests`] see them, start with
//! [`BASE_PATH`]: `count("POST", "/1.0/lock")`.
//!
//! The simulator keeps its own tables (`state.rs`), written and read with the
//! documented field names, never through the SDK's serde types; its routes
//! (`routes/`) follow the SDK's modules.

mod routes;
mod state;

use std::sync::Arc;

use access_core::clock::Clock;
use access_core::model::CardNumber;
use access_core::testkit::SimServer;
/// The shared knobs a `SimConfig` and the fault injection take.
pub use access_core::testkit::{Recording, SimClock, SimError, SimListener};

use crate::client::{Client, ClientBuilder};
use crate::ids::{LockUid, UserUuid};
use crate::model::DeviceTime;

use routes::Device;
use state::State;

/// The path every device URL starts with: the API version, `/1.0`.
pub const BASE_PATH: &str = "/1.0";

/// The app version a default simulator reports (it serves the revised
/// biometric-data endpoint, `GET /biometric-data/v2`).
pub const APP_VERSION: &str = "1.2.34";

/// The record version a default simulator reports
/// (`GET /subjects/record-version`): the seed's example, 8976 =
/// `DB_DELTAID_FEATURE_VERSION` (E4). Real devices differ (the on-device
/// handler E3 writes 17952): set another with [`SimConfig::record_version`].
pub const RECORD_VERSION: u32 = 8976;

/// The serial number the camera settings report.
pub const SERIAL_NUMBER: &str = "OA1405A031576";

/// The seeded people: `(user_uuid, last name, first name, card)`. Each has
/// iris templates and a colour face (sub id 0).
pub const SEED_USERS: [(&str, &str, &str, Option<&str>); 3] = [
    ("1", "Kim", "Minji", Some("12 34 56 78")),
    ("2", "Lee", "Joon", None),
    ("111", "Park", "Sora", Some("65 D8 A1 BD")),
];

/// The id of the first seeded log entry: the seed holds logs 68, 69 and 70
/// (a recognition of `111`, its enrolment, a recognition of `1`), as the
/// vendor's example numbers them.
pub const FIRST_LOG_ID: i64 = 68;

/// The first number of the generated users' uuids ([`generated_user`]).
const GENERATED_FROM: usize = 100_000;

fn generated_user_text(i: usize) -> String {
    (GENERATED_FROM + i).to_string()
}

fn generated_card_text(i: usize) -> String {
    let n = 0x1000_0000u32.wrapping_add(i as u32);
    n.to_be_bytes()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The uuid of the `i`-th user [`SimConfig::users`] generates (from 0):
/// `100000`, `100001`, ...
pub fn generated_user(i: usize) -> UserUuid {
    UserUuid::new(generated_user_text(i)).expect("a number is a valid user uuid")
}

/// The card of the `i`-th generated user, in hex pairs: `10 00 00 00`,
/// `10 00 00 01`, ...
pub fn generated_card(i: usize) -> CardNumber {
    CardNumber::from_hex_pairs(&generated_card_text(i)).expect("hex pairs")
}

/// Settings of a simulated device: `SimConfig::default().version("1.2.33")`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SimConfig {
    version: String,
    record_version: u32,
    capture_polls: u32,
    template_bytes: usize,
    seeded: bool,
    users: usize,
    clock: Option<SimClock>,
    recording: Recording,
    listener: Option<SimListener>,
}

impl Default for SimConfig {
    /// App [`APP_VERSION`], record version [`RECORD_VERSION`], captures after 3 polls, 2 KiB templates, the
    /// [seed](SEED_USERS), a clock at the current time, every request recorded.
    fn default() -> Self {
        Self {
            version: APP_VERSION.into(),
            record_version: RECORD_VERSION,
            capture_polls: 3,
            template_bytes: 2048,
            seeded: true,
            users: 0,
            clock: None,
            recording: Recording::All,
            listener: None,
        }
    }
}

impl SimConfig {
    /// Sets the app version (`1.2.34` and later serve the revised
    /// biometric-data endpoint, `1.2.33` and earlier the original).
    pub fn version(mut self, v: impl Into<String>) -> Self {
        self.version = v.into();
        self
    }

    /// Sets the record version the device answers and its seeded subjects
    /// carry. The seed does not say that a device refuses a subject with
    /// another record version, so the simulator stores what it is sent.
    pub fn record_version(mut self, v: u32) -> Self {
        self.record_version = v;
        self
    }

    /// Sets how many polls of the biometric-data buffer an enrolment capture
    /// takes to arrive.
    pub fn capture_polls(mut self, n: u32) -> Self {
        self.capture_polls = n;
        self
    }

    /// Sets the size of each fake iris template in bytes (real captures total
    /// about 5 MB).
    pub fn template_bytes(mut self, n: usize) -> Self {
        self.template_bytes = n;
        self
    }

    /// Starts without the seed (no people, no logs); [`users`](Self::users)
    /// still adds its generated users.
    pub fn empty(mut self) -> Self {
        self.seeded = false;
        self
    }

    /// Enrols `n` generated users besides the seed, deterministically: uuids
    /// [`generated_user`]`(0..n)`, names from a fixed list, a card each
    /// ([`generated_card`]), no templates, faces or logs. For scale tests and
    /// benchmarks: every lookup by uuid or card is indexed.
    pub fn users(mut self, n: usize) -> Self {
        self.users = n;
        self
    }

    /// Runs the device on `clock` (share it with the client's builder:
    /// [`Ef45Sim::client_builder`] does).
    pub fn clock(mut self, clock: SimClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// How much traffic [`Ef45Sim::requests`] keeps (`Recording::Off` for
    /// large runs; [`Ef45Sim::count`] stays exact).
    pub fn recording(mut self, mode: Recording) -> Self {
        self.recording = mode;
        self
    }

    /// Serves on `listener` (a chosen address and port) instead of a free
    /// loopback port. The device's paths stay under [`BASE_PATH`]; the
    /// control API is at the server root (`/_sim`).
    pub fn listener(mut self, listener: std::net::TcpListener) -> Self {
        self.listener = Some(SimListener::new(listener));
        self
    }
}

/// The firmware the simulated device last installed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// A simulated EF-45 on loopback. Dropping it stops the server.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use ef45_sdk::UserUuid;
/// use ef45_sdk::testkit::Ef45Sim;
///
/// let device = Ef45Sim::start().await;
/// let client = device.client();
/// let user = client.users().get(&UserUuid::new("111").unwrap()).await.unwrap();
/// assert_eq!(user.subject.last_name, "Park");
/// assert!(device.present(&user.subject.user_uuid)); // match data, a log entry, the door opens
/// assert_eq!(device.count("POST", "/1.0/lock"), 1); // the client connected on first use
/// # }
/// ```
pub struct Ef45Sim {
    server: SimServer,
    device: Arc<Device>,
}

impl std::fmt::Debug for Ef45Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ef45Sim")
            .field("uri", &self.uri())
            .finish_non_exhaustive()
    }
}

access_core::sim_facade!(Ef45Sim);

impl Ef45Sim {
    /// A seeded device: the three [`SEED_USERS`] with templates and faces
    /// (one holding card `65 D8 A1 BD`), logs 68..=70, app [`APP_VERSION`].
    pub async fn start() -> Self {
        Self::start_with(SimConfig::default()).await
    }

    /// A device with `config`.
    pub async fn start_with(config: SimConfig) -> Self {
        let clock = config.clock.clone().unwrap_or_default();
        let seed = State::seeded(&config, clock.now());
        let device = Arc::new(Device::new(seed, clock.clone()));
        let server = SimServer::builder("ef45", device.clone(), routes::router(), clock)
            .control(routes::control::control())
            .listener(config.listener.as_ref())
            .serve()
            .await;
        server.set_recording(config.recording);
        Self {
            server: server.with_base_path(BASE_PATH),
            device,
        }
    }

    /// A client builder pointed at [`uri`](Self::uri) (which ends in `/1.0`)
    /// and on the simulator's clock. The device has no credentials: the
    /// client obtains the lock on its first call.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .clock(Arc::new(self.clock().clone()))
    }

    /// A client of [`client_builder`](Self::client_builder)'s settings. It
    /// connects (`POST /lock`) on its first call.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the simulator's address is a valid base URL")
    }

    /// Restores the state the simulator started with (its seed, no lock),
    /// and clears faults, recorded requests and counts.
    pub fn reset(&self) {
        self.device.restore();
        self.server.reset();
    }

    /// Plays a person at the device: if `user` is enrolled with access allowed
    /// and not in anti-passback violation, a match record is buffered, the log
    /// records `Recog/BioOnly/IrisOk` `Allowed` and the door opens; an enrolled
    /// user in violation gets a `Recog/APB` `Denied` match and log entry, an
    /// unknown person a `Denied` log entry only. Answers whether access was
    /// allowed.
    pub fn present(&self, user: &UserUuid) -> bool {
        routes::control::present(&self.device, user.as_str())
    }

    /// Plays a person the device does not know: a `Recog/BioOnly/NoMatch`
    /// `Denied` log entry without a user, no match record, the door unchanged
    /// (`POST /_sim/present-unknown`).
    pub fn present_unknown(&self) {
        routes::control::present_unknown(&self.device);
    }

    /// Puts `user` into anti-passback violation: their next recognition is
    /// denied until the violation is cleared (`PUT /user/{user_uuid}/apb`).
    pub fn set_apb_violation(&self, user: &UserUuid) {
        routes::control::set_apb_violation(&self.device, user.as_str());
    }

    /// Whether `user` is in anti-passback violation.
    pub fn apb_violation(&self, user: &UserUuid) -> bool {
        self.device.lock().apb_violations.contains(user.as_str())
    }

    /// Sets the door status text `GET /door-status` answers (`open` relocks
    /// to `closed` once reported).
    pub fn set_door(&self, status: &str) {
        routes::control::set_door(&self.device, status);
    }

    /// Another client takes the lock over (`PUT /lock` from elsewhere): the
    /// SDK's `lock_uid` becomes stale and its next call is refused with 401.
    pub fn take_over_as_other_client(&self) {
        routes::control::take_over(&self.device);
    }

    /// A client holding `lock` is connected, as if the device had answered its
    /// `POST /lock` with it: calls that carry this `lock_uid` pass the lock
    /// check (for requests sent with a fixed lock, like the robustness tables').
    pub fn connect_as(&self, lock: &LockUid) {
        self.device.lock().holder = Some(lock.expose_secret().to_string());
    }

    /// Whether a lock is held.
    pub fn is_locked(&self) -> bool {
        self.device.lock().holder.is_some()
    }

    /// The device time last set (`POST /camera/time`).
    pub fn device_time(&self) -> Option<DeviceTime> {
        self.device
            .lock()
            .device_time
            .and_then(|t| DeviceTime::new(t).ok())
    }

    /// How many times the device rebooted after a firmware upgrade.
    pub fn reboots(&self) -> u32 {
        self.device.lock().reboots
    }

    /// The firmware last installed.
    pub fn installed_firmware(&self) -> Option<InstalledFirmware> {
        self.device.lock().installed.clone()
    }

    /// The app version now (a firmware upgrade changes it).
    pub fn version(&self) -> String {
        self.device.lock().version.clone()
    }

    /// How many times the relay was triggered (`PUT /config/relay`, or a
    /// manual `relay` command).
    pub fn relay_triggers(&self) -> u32 {
        self.device.lock().relay_triggers
    }

    /// Whether the card input screen is showing (`POST /card-input-mode`).
    pub fn card_input_showing(&self) -> bool {
        self.device.lock().card_input
    }

    /// The number of entries in the log.
    pub fn log_len(&self) -> usize {
        self.device.lock().logs.len()
    }

    /// Whether the camera is capturing.
    pub fn camera_running(&self) -> bool {
        self.device.lock().camera != state::Camera::Idle
    }

    /// How many users (subjects) are enrolled.
    pub fn user_count(&self) -> usize {
        self.device.lock().subject_count()
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
