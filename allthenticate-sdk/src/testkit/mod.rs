//! A stateful, in-process simulator of the Allthenticate API (feature `testkit`).
//!
//! [`AllthenticateSim::start`] serves an organisation on loopback (through
//! `access_core::testkit::SimServer` and a [`Router`](access_core::testkit::Router)
//! of one function per documented route) seeded with realistic data: members
//! and a guest, groups of users and of resources, three doors (one offline) and
//! a computer. It implements every documented endpoint with the documented
//! behaviour and the SDK's inferences (**\[I\]** in `docs/provenance/allthenticate.md`):
//!
//! * the API key is accepted as `api_key` in the query or JSON body, as an
//!   `X-API-Key` header or as `Authorization: Bearer`; a wrong key answers 401;
//!   a second key without "assurance" ([`SIM_LOW_ASSURANCE_KEY`]) gets 403 from
//!   `/masslock`; another method on a documented path answers 405;
//! * lock states follow `/setlockstatus` and `/masslock`; an unlocked resource
//!   relocks when its `unlock_time` runs out on the [`SimClock`] (default 5 s);
//!   `/setlockstatus` takes any positive `unlock_time` as given (no range is
//!   documented for it) and refuses zero or a negative one; `/masslock` corrects
//!   an `unlock_time` outside 5..=60 s to the nearest end instead of refusing it,
//!   as the Resources page says; an offline door refuses commands;
//! * invites add members (status `PENDING`), record invitations and put
//!   invitees in groups; `/modifysmartcards` replaces the member's cards (`"[]"`
//!   clears them) and follows the duplicate rule (a number owned by another
//!   person is refused unless `allow_duplicates`);
//! * magic links check doors, times and `time_mapping`, create guests, and
//!   [`AllthenticateSim::open_with_magic_link`] honours the window and the schedule;
//! * every failure, injected ones included ([`AllthenticateSim::faults`]), is
//!   Allthenticate's `{"error": "<message>"}` with its status, so an injected
//!   500 reaches the endpoint's `Server` variant and a 503 its `Unavailable`.
//!
//! The layout: this module is the facade; `state.rs` holds the organisation in
//! the simulator's own structs (never the SDK's serde types), indexed by id,
//! e-mail, uuid and token; `routes/` holds the router and one file of handlers
//! per SDK module (`users`, `groups`, `smartcards`, `guest_links`, `resources`).

mod routes;
mod state;

use std::sync::Arc;
use std::time::Duration;

use access_core::testkit::SimServer;
/// The shared knobs a `SimConfig` and the fault injection take.
pub use access_core::testkit::{Recording, SimClock, SimError, SimListener};
use chrono::{DateTime, NaiveDateTime, Utc};

use crate::{Client, ClientBuilder, EmailId, GroupId, MagicLinkId, ResourceId};
use routes::SimApi;
use state::{Member, State};

/// The key the seeded simulator accepts (with assurance).
pub const SIM_API_KEY: &str = "sim-allthenticate-key-7f3a9c";
/// A key the simulator accepts without assurance: `/masslock` refuses it with 403.
pub const SIM_LOW_ASSURANCE_KEY: &str = "sim-allthenticate-readonly-key-2b81";

/// Uuid of the seeded "Downstairs Door" (resource 203).
pub const DOWNSTAIRS_DOOR_UUID: &str = "750b2428-6b1d-4f16-9c3a-5d2e8f41a7b0";
/// Uuid of the seeded "Lab Door" (resource 204).
pub const LAB_DOOR_UUID: &str = "2f9d7c10-88a4-4c51-b0e2-7a6b3c9d1e45";
/// Uuid of the seeded "Loading Dock" door (resource 206), which is offline.
pub const LOADING_DOCK_UUID: &str = "c4e1a2b3-5d6f-4a70-8b91-0c2d3e4f5a6b";
/// Uuid of the seeded computer "Reception PC" (resource 205).
pub const RECEPTION_PC_UUID: &str = "9a8b7c6d-5e4f-4031-a2b1-c0d9e8f7a6b5";

/// The seeded "Downstairs Door".
pub const DOWNSTAIRS_DOOR: ResourceId = ResourceId::new(203);
/// The seeded "Lab Door".
pub const LAB_DOOR: ResourceId = ResourceId::new(204);
/// The seeded computer "Reception PC" (not a door: guest links refuse it).
pub const RECEPTION_PC: ResourceId = ResourceId::new(205);
/// The seeded "Loading Dock" door, whose controller is offline.
pub const LOADING_DOCK: ResourceId = ResourceId::new(206);

/// When the simulator's clock starts unless [`SimConfig::clock`] says otherwise:
/// Monday 2026-03-02 10:00 UTC.
pub const SIM_START: &str = "2026-03-02T10:00:00Z";

/// How a simulator starts: its clock, how much traffic it records, and how
/// many generated members it holds beside the seeded ones.
///
/// ```
/// # use allthenticate_sdk::testkit::SimConfig;
/// # use access_core::testkit::Recording;
/// let config = SimConfig::default().users(10_000).recording(Recording::Off);
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SimConfig {
    clock: Option<SimClock>,
    recording: Recording,
    users: usize,
    listener: Option<SimListener>,
}

impl SimConfig {
    /// The clock the simulator (and the clients it builds) run on; the
    /// default is a clock at [`SIM_START`].
    pub fn clock(mut self, clock: SimClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// How much traffic `requests()` keeps (default [`Recording::All`]);
    /// `count()` is exact whatever is kept.
    pub fn recording(mut self, mode: Recording) -> Self {
        self.recording = mode;
        self
    }

    /// Serves on `listener` (a chosen address and port) instead of a free
    /// loopback port.
    pub fn listener(mut self, listener: std::net::TcpListener) -> Self {
        self.listener = Some(SimListener::new(listener));
        self
    }

    /// Seeds `n` generated, confirmed members in no group beside the seeded
    /// organisation, deterministically: the `i`-th (from 1) has the address
    /// [`generated_user_email(i)`](generated_user_email), first name `User`,
    /// last name `i` in five digits, and `email_id` `3 + i`.
    pub fn users(mut self, n: usize) -> Self {
        self.users = n;
        self
    }
}

/// The address of the `i`-th member [`SimConfig::users`] generates (from 1),
/// e.g. `user00042@generated.acme.example`.
pub fn generated_user_email(i: usize) -> String {
    state::generated_email(i)
}

/// A member or guest in the simulator (a snapshot, for assertions).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimUser {
    /// `email_id`.
    pub email_id: i64,
    /// `user_id`.
    pub user_id: i64,
    /// The address.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Whether the user is a guest (`user_tag=GUEST`).
    pub guest: bool,
    /// `CONFIRMED` or `PENDING`.
    pub email_status: String,
    /// Cards as (number, label).
    pub smartcards: Vec<(String, Option<String>)>,
    /// How many invitation e-mails were sent.
    pub invitations_sent: u32,
}

impl SimUser {
    fn of(u: &Member) -> Self {
        Self {
            email_id: u.email_id,
            user_id: u.user_id,
            email: u.email.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            guest: u.guest,
            email_status: if u.confirmed { "CONFIRMED" } else { "PENDING" }.into(),
            smartcards: u
                .cards
                .iter()
                .map(|c| (c.number.clone(), c.label.clone()))
                .collect(),
            invitations_sent: u.invitations_sent,
        }
    }
}

/// A group in the simulator (a snapshot, for assertions).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimGroup {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// `users` or `resources`.
    pub kind: String,
    /// `COMPUTER`/`DOOR` for resource groups, if given.
    pub resource_type: Option<String>,
    /// Member ids (`email_id`s or `resource_id`s).
    pub members: std::collections::BTreeSet<i64>,
}

impl SimGroup {
    fn of(g: &state::Group) -> Self {
        Self {
            id: g.id,
            name: g.name.clone(),
            kind: g.kind.wire().into(),
            resource_type: g.resource_type.map(|t| t.wire().into()),
            members: g.members.clone(),
        }
    }
}

/// A door or computer in the simulator (a snapshot, for assertions).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimResource {
    /// `resource_id`.
    pub resource_id: i64,
    /// `uuid`.
    pub uuid: String,
    /// Name.
    pub name: String,
    /// `DOOR` or `COMPUTER`.
    pub resource_type: String,
    /// Whether it is locked now.
    pub locked: bool,
    /// Whether its controller is online.
    pub online: bool,
    /// When it changes state on its own (relock after an unlock, lock after `lock_wait`).
    pub pending_lock_at: Option<DateTime<Utc>>,
    /// How many lock commands reached it.
    pub commands: u32,
}

impl SimResource {
    fn of(r: &state::Resource) -> Self {
        Self {
            resource_id: r.resource_id,
            uuid: r.uuid.clone(),
            name: r.name.clone(),
            resource_type: r.kind.wire().into(),
            locked: r.locked,
            online: r.online,
            pending_lock_at: r.pending_lock_at,
            commands: r.commands,
        }
    }
}

/// A magic link in the simulator (a snapshot, for assertions).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimMagicLink {
    /// `magic_link_id`.
    pub id: i64,
    /// The token.
    pub token: String,
    /// The policy name.
    pub name: String,
    /// Guests.
    pub emails: Vec<String>,
    /// Doors.
    pub resource_ids: Vec<i64>,
    /// Valid from.
    pub start: NaiveDateTime,
    /// Valid until.
    pub end: NaiveDateTime,
    /// Active hours as the vendor's `time_mapping`: for each day, Sunday first,
    /// `[start, end]` hour ranges.
    pub time_mapping: Vec<Vec<[u8; 2]>>,
    /// `config_id` used.
    pub config_id: i64,
    /// Whether the link was e-mailed.
    pub send_email: bool,
}

impl SimMagicLink {
    fn of(l: &state::MagicLink) -> Self {
        Self {
            id: l.id,
            token: l.token.clone(),
            name: l.name.clone(),
            emails: l.emails.clone(),
            resource_ids: l.resource_ids.clone(),
            start: l.start,
            end: l.end,
            time_mapping: l.schedule.pairs(),
            config_id: l.config_id,
            send_email: l.send_email,
        }
    }
}

/// The outcome of a guest presenting a magic link at a door (in the control
/// API, `snake_case`: `"granted"`, `"outside_schedule"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GuestEntry {
    /// The door unlocked.
    Granted,
    /// No link has this token.
    UnknownToken,
    /// The door is not one of the link's doors.
    WrongDoor,
    /// Before `start_time`.
    NotYetValid,
    /// At or after `end_time`.
    Expired,
    /// Within the window but outside `time_mapping`.
    OutsideSchedule,
}

/// A running Allthenticate simulator: the server, the organisation, its clock
/// and the shared knobs (`uri()`, `clock()`, `faults()`, `requests()`,
/// `count(method, path)`, `set_recording(mode)`, `unrouted()`, `routes()`).
/// Dropping it stops the server.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use allthenticate_sdk::testkit::{AllthenticateSim, DOWNSTAIRS_DOOR_UUID};
/// use allthenticate_sdk::resources::SetLockStatus;
///
/// let sim = AllthenticateSim::start().await; // Monday 2026-03-02 10:00 UTC
/// let client = sim.client();
/// let door = SetLockStatus::parse_uuid(DOWNSTAIRS_DOOR_UUID).unwrap();
/// client.resources().set_lock_status(SetLockStatus::unlock(door)).await.unwrap();
/// assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(false));
/// sim.clock().advance(std::time::Duration::from_secs(5));
/// assert_eq!(sim.is_locked(DOWNSTAIRS_DOOR_UUID), Some(true));
/// # }
/// ```
pub struct AllthenticateSim {
    server: SimServer,
    api: Arc<SimApi>,
}

access_core::sim_facade!(AllthenticateSim);

impl std::fmt::Debug for AllthenticateSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AllthenticateSim")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl AllthenticateSim {
    /// Starts the seeded organisation "Acme Labs" on a clock at [`SIM_START`]
    /// (Monday 2026-03-02 10:00 UTC).
    pub async fn start() -> Self {
        Self::start_with(SimConfig::default()).await
    }

    /// Starts the seeded organisation as `config` says (clock, recording,
    /// generated members).
    pub async fn start_with(config: SimConfig) -> Self {
        let clock = config.clock.unwrap_or_else(|| {
            let start = DateTime::parse_from_rfc3339(SIM_START)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|_| Utc::now());
            SimClock::at(start)
        });
        let api = Arc::new(SimApi::new(State::seeded(config.users), clock.clone()));
        let server = SimServer::builder("allthenticate", api.clone(), routes::router(), clock)
            .control(routes::control::control())
            .listener(config.listener.as_ref())
            .serve()
            .await;
        server.set_recording(config.recording);
        Self { server, api }
    }

    /// A builder pointed at the simulator with the full-assurance key
    /// ([`SIM_API_KEY`]), the simulator's clock and a short attempt timeout
    /// (2 s), to adjust (another key, a retry policy) before `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .api_key(crate::SecretString::from(SIM_API_KEY))
            .clock(Arc::new(self.clock().clone()))
            .attempt_timeout(Duration::from_secs(2))
    }

    /// A client built from [`client_builder`](Self::client_builder)
    /// (Allthenticate has no login: the key is sent with every call).
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .unwrap_or_else(|e| panic!("the simulator's client configuration is valid: {e}"))
    }

    /// Back to the organisation the simulator started with (members, groups,
    /// doors, links), with no pending faults and nothing recorded. The clock
    /// stays where it is.
    pub fn reset(&self) {
        self.api.restore();
        self.server.reset();
    }

    /// Whether the resource with this uuid (as `/multipleresources` lists it,
    /// compared without case) is locked now, on the simulator's clock.
    pub fn is_locked(&self, uuid: &str) -> Option<bool> {
        self.api.state().resource_by_uuid(uuid).map(|r| r.locked)
    }

    /// A door or computer by its `resource_id`.
    pub fn resource(&self, id: ResourceId) -> Option<SimResource> {
        self.api.state().resource(id.as_i64()).map(SimResource::of)
    }

    /// Every door and computer, by `resource_id`.
    pub fn resources(&self) -> Vec<SimResource> {
        self.api.state().resources().map(SimResource::of).collect()
    }

    /// Brings a resource's controller online or takes it offline (an offline
    /// door refuses `/setlockstatus` and is skipped by `/masslock`). Answers
    /// whether the resource exists.
    pub fn set_online(&self, id: ResourceId, online: bool) -> bool {
        routes::control::set_online(&self.api, id.as_i64(), online)
    }

    /// A member or guest by address (compared without case).
    pub fn user(&self, email: &str) -> Option<SimUser> {
        let s = self.api.state();
        s.email_id_of(email)
            .and_then(|id| s.user(id))
            .map(SimUser::of)
    }

    /// A member or guest by `email_id`.
    pub fn user_by_id(&self, id: EmailId) -> Option<SimUser> {
        self.api.state().user(id.as_i64()).map(SimUser::of)
    }

    /// How many members and guests the organisation has.
    pub fn user_count(&self) -> usize {
        self.api.state().users().count()
    }

    /// A group by its exact name.
    pub fn group(&self, name: &str) -> Option<SimGroup> {
        self.api.state().group_named(name).map(SimGroup::of)
    }

    /// Every group (user and resource groups), by id.
    pub fn groups(&self) -> Vec<SimGroup> {
        self.api.state().groups().map(SimGroup::of).collect()
    }

    /// A group by id.
    pub fn group_by_id(&self, id: GroupId) -> Option<SimGroup> {
        self.api.state().group(id.as_i64()).map(SimGroup::of)
    }

    /// Every magic link created so far, oldest first (their tokens included).
    pub fn magic_links(&self) -> Vec<SimMagicLink> {
        self.api.state().links().map(SimMagicLink::of).collect()
    }

    /// The magic link with this id.
    pub fn magic_link(&self, id: MagicLinkId) -> Option<SimMagicLink> {
        self.api
            .state()
            .links()
            .find(|l| l.id == id.as_i64())
            .map(SimMagicLink::of)
    }

    /// A guest presents `token` at `door` now (the clock's time): the door
    /// unlocks for 5 s when the link covers the door, the window (from
    /// `start_time`, before `end_time`) and the schedule (`time_mapping`, by
    /// the UTC weekday and hour).
    pub fn open_with_magic_link(&self, token: &str, door: ResourceId) -> GuestEntry {
        routes::guest_links::open(&self.api, token, door.as_i64())
    }
}

// What each endpoint's answer must contain, by output type: the hostile matrix
// derives every cell's expected outcome from it.
access_core::answer_shapes! {
    JsonObject: [
        crate::groups::CreatedGroup,
        crate::guest_links::MagicLink,
        crate::model::Success,
        crate::users::InviteResult,
    ],
}
