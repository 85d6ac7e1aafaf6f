//! A stateful iLOQ 5 Series Public API v2 simulator (feature `testkit`).
//!
//! [`IloqSim`] serves every endpoint of this crate on loopback, with the
//! behaviour the sources document:
//!
//! * `Url/GetUrl` answers a pool URL **with a trailing slash** (`.../iloqwspool1/`)
//!   on the host the request named (its `Host` header, so a simulator on
//!   `0.0.0.0` or behind a port mapping answers a reachable pool),
//!   and every call after it must use that pool (a call on the service
//!   address is answered 404, one on a pool the customer left 401; a path with
//!   a doubled slash is no route at all);
//! * sessions expire after [`SimConfig::session_ttl`] of inactivity on the
//!   shared [`SimClock`], or at once with [`IloqSim::expire_sessions`]; an
//!   expired one gets HTTP 401 `{"Code":"Unauthorized","Message":"Invalid session id: <id>"}`;
//! * nothing but `LockGroups`, `SetLockgroup` and `KillSession` works before `SetLockgroup`;
//! * persons, keys (S5 keys, fobs, phone keys), zones (one of Type 4),
//!   security accesses of Type 1 (Standard) and Type 3 (API access), the `Can*`
//!   rules, `ProgrammingState` moved to Programmed by [`IloqSim::program_key`],
//!   phone key registration ([`IloqSim::register_phone`]) and invites;
//! * lock logs with the 2000-row cap and `TotalCount`, arrival times
//!   (`TimestampUtc`) distinct from access times;
//! * webhooks delivered (recorded) with `Webhook-Signature` as iLOQ signs them;
//! * calendars with their entries (single, recurring, exceptions) and their
//!   links to security roles and to the relays of a seeded network module.
//!
//! Programs outside the Rust process drive the same knobs over HTTP under
//! `/_sim` (the control API: clock, faults, reset, the state as JSON, and the
//! knobs listed in `routes/control.rs` and `docs/iloq.md`).
//!
//! Routes are matched case-insensitively, like iLOQ's IIS. Every failure, and
//! every fault injected through [`IloqSim::faults`], is answered in iLOQ's own
//! shape, `{"Code": "...", "Message": "..."}`: an injected 400 arrives as the
//! SDK's `ValidationFailed` variant, an injected 401 as `Unauthorized` (and a
//! session renewal), an injected 5xx as a message without a code.
//!
//! Behaviour the sources leave open is chosen and marked **\[I\]** in the code:
//! the status of calls before `SetLockgroup` (403), how a refused write is
//! answered (400 `ValidationFailed`), the session lifetime (20 min idle).
//!
//! The simulator is a router over its own state (`routes/`, `state.rs`), which
//! holds none of the SDK's serde types: a serialisation bug the SDK makes in
//! both directions cannot hide behind it.

mod routes;
mod state;

use std::sync::Arc;
use std::time::Duration;

use access_core::SecretString;
use access_core::clock::Clock;
use access_core::testkit::SimServer;
/// The shared knobs a `SimConfig` and the fault injection take.
pub use access_core::testkit::{Recording, SimClock, SimError, SimListener};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::auth::LockGroupOptions;
use crate::client::{Client, ClientBuilder};
use crate::ids::*;
use routes::{Ctx, Login};
use state::{SEED_OPTIONS, SeedOptions, SimLog, State, seed_id};

/// The path segment of the simulated server pool (`Url/GetUrl` answers
/// `{uri}/iloqwspool1/` unless [`SimConfig::pool`] or
/// [`IloqSim::move_to_pool`] says otherwise).
pub const POOL: &str = "iloqwspool1";

/// The seeded customer's service code (`CustomerCode`).
pub const CUSTOMER_CODE: &str = "DEMO-ILOQ";

/// The seeded API user's `UserName`.
pub const USER_NAME: &str = "api-agent";

/// The seeded API user's `Password`.
pub const PASSWORD: &str = "correct horse battery staple";

/// The ids of the seeded data (`10000000-0000-4000-8000-<n>`), the same in
/// every simulator.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Seed {
    /// The service code ([`CUSTOMER_CODE`]).
    pub customer_code: String,
    /// The API user ([`USER_NAME`]).
    pub user_name: String,
    /// Its password ([`PASSWORD`]).
    pub password: String,
    /// The locking system.
    pub lock_group: LockGroupId,
    /// The zone of Type 4 (default for keys and persons).
    pub default_zone: ZoneId,
    /// A customer zone (Type 1).
    pub office_zone: ZoneId,
    /// An API access right (Type 3): "Main entrance (API)".
    pub api_access: SecurityAccessId,
    /// A second API access right (Type 3): "Server room (API)".
    pub api_access_2: SecurityAccessId,
    /// A Standard access right (Type 1): "All doors (Standard)".
    pub standard_access: SecurityAccessId,
    /// Pre-added S5 keys (KeyTypeMask 264), in planning, no holder.
    pub s5_keys: Vec<KeyId>,
    /// Pre-added S50 fobs (KeyTypeMask 10), in planning, no holder.
    pub fobs: Vec<KeyId>,
    /// An S5 key already programmed with the Standard access (handed to `persons[0]`).
    pub programmed_key: KeyId,
    /// Locks.
    pub locks: Vec<LockId>,
    /// Persons (external ids `HR-1`, `HR-2`); generated persons
    /// ([`SimConfig::persons`]) come on top, see [`IloqSim::generated_person_id`].
    pub persons: Vec<PersonId>,
    /// The time profile "Office hours".
    pub time_limit_title: TimeLimitTitleId,
    /// The network module "N501 Main building" (an active N501).
    pub network_module: NetworkModuleId,
    /// Its devices: "Door controller A" (two relays) and "Door controller B" (one).
    pub network_module_devices: Vec<NetworkModuleDeviceId>,
    /// The relays: A's relays 1 and 2, then B's relay 1.
    pub network_module_device_relays: Vec<NetworkModuleDeviceRelayId>,
    /// The calendar "Lobby opening hours", which drives the first relay.
    pub calendar: CalendarDataTitleId,
    /// Its weekly recurring entry (Monday to Friday, 07:00 for 11 hours, 2025 to 2030).
    pub calendar_entry: CalendarDataId,
    /// The person roles "Staff" (both seeded persons) and "Maintenance" (the second).
    pub person_roles: Vec<PersonRoleId>,
    /// The security roles (code access groups) "Lobby door code" (linked to the
    /// first seeded person) and "Visitors" (linked to nobody).
    pub security_roles: Vec<SecurityRoleId>,
}

impl Seed {
    fn new() -> Self {
        let id = seed_id;
        Self {
            customer_code: CUSTOMER_CODE.into(),
            user_name: USER_NAME.into(),
            password: PASSWORD.into(),
            lock_group: LockGroupId::new(id(1)),
            default_zone: ZoneId::new(id(10)),
            office_zone: ZoneId::new(id(11)),
            api_access: SecurityAccessId::new(id(20)),
            api_access_2: SecurityAccessId::new(id(21)),
            standard_access: SecurityAccessId::new(id(22)),
            s5_keys: (0..3).map(|n| KeyId::new(id(100 + n))).collect(),
            fobs: (0..2).map(|n| KeyId::new(id(110 + n))).collect(),
            programmed_key: KeyId::new(id(120)),
            locks: (0..3).map(|n| LockId::new(id(200 + n))).collect(),
            persons: (0..2).map(|n| PersonId::new(id(300 + n))).collect(),
            time_limit_title: TimeLimitTitleId::new(id(400)),
            network_module: NetworkModuleId::new(id(500)),
            network_module_devices: vec![
                NetworkModuleDeviceId::new(id(510)),
                NetworkModuleDeviceId::new(id(511)),
            ],
            network_module_device_relays: (520..523)
                .map(|n| NetworkModuleDeviceRelayId::new(id(n)))
                .collect(),
            calendar: CalendarDataTitleId::new(id(600)),
            calendar_entry: CalendarDataId::new(id(610)),
            person_roles: vec![PersonRoleId::new(id(700)), PersonRoleId::new(id(701))],
            security_roles: vec![SecurityRoleId::new(id(710)), SecurityRoleId::new(id(711))],
        }
    }
}

/// A webhook delivery the simulator made (recorded, not sent).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// The subscription.
    pub subscription_id: String,
    /// `Event-Name`.
    pub event_name: String,
    /// `Counter`.
    pub counter: u64,
    /// `Webhook-Signature`: lower-case hex HMAC-SHA256 of `body` with `sign_key`.
    pub signature: String,
    /// The raw body, `{"Data": {...}, "CreationTimeUtc": "..."}`.
    pub body: Vec<u8>,
    /// The subscription's `SignKey`.
    pub sign_key: String,
}

/// A phone key invite the simulator "sent" (on an order and on `ReRegister`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SentInvite {
    /// The key.
    pub key: KeyId,
    /// `sms` or `email` (OptionMask bit 8, UseEmail).
    pub channel: &'static str,
    /// The number or address.
    pub address: String,
}

/// How an [`IloqSim`] starts: its clock, how much traffic it records, and
/// what it is seeded with.
///
/// ```
/// use iloq_sdk::testkit::SimConfig;
/// use access_core::testkit::{Recording, SimClock};
///
/// let config = SimConfig::default()
///     .clock(SimClock::new())
///     .recording(Recording::Off)
///     .persons(10_000);
/// # let _ = config;
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SimConfig {
    clock: Option<SimClock>,
    recording: Recording,
    persons: usize,
    session_ttl: Duration,
    pool: String,
    lock_group_options: LockGroupOptions,
    listener: Option<SimListener>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            clock: None,
            recording: Recording::All,
            persons: 0,
            session_ttl: Duration::from_secs(20 * 60),
            pool: POOL.to_string(),
            lock_group_options: LockGroupOptions::from_bits(SEED_OPTIONS),
            listener: None,
        }
    }
}

impl SimConfig {
    /// The simulator's clock (default: a new one at the current time). Share
    /// it with the client: [`IloqSim::client_builder`] does.
    pub fn clock(mut self, clock: SimClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// How much traffic [`IloqSim::requests`] keeps (default: all of it;
    /// `Recording::Off` for large runs, where `count` stays exact).
    pub fn recording(mut self, recording: Recording) -> Self {
        self.recording = recording;
        self
    }

    /// Seeds `n` generated persons besides the two seeded ones, deterministically:
    /// person `i` (from 0) has the id [`IloqSim::generated_person_id`]`(i)` and the
    /// external id [`IloqSim::generated_external_id`]`(i)` (`GEN-00000`, ...).
    /// Lookups by id and by external id are indexed, so a simulator with
    /// 10,000 persons answers them as fast as one with 100.
    pub fn persons(mut self, n: usize) -> Self {
        self.persons = n;
        self
    }

    /// The idle lifetime of sessions on the simulator clock (default 20 min) **\[I\]**.
    pub fn session_ttl(mut self, ttl: Duration) -> Self {
        self.session_ttl = ttl;
        self
    }

    /// The pool path `Url/GetUrl` answers (default [`POOL`]).
    pub fn pool(mut self, pool: impl Into<String>) -> Self {
        self.pool = pool.into();
        self
    }

    /// The locking system's `OptionMask` (default: handover without return,
    /// zones, Public API, S50, API access rights, 5 Series).
    pub fn lock_group_options(mut self, options: LockGroupOptions) -> Self {
        self.lock_group_options = options;
        self
    }

    /// Serves on `listener` (a chosen address and port) instead of a free
    /// loopback port. `Url/GetUrl` answers the pool on the host the caller
    /// reached (its `Host` header), so a listener on `0.0.0.0` works.
    pub fn listener(mut self, listener: std::net::TcpListener) -> Self {
        self.listener = Some(SimListener::new(listener));
        self
    }
}

/// The iLOQ simulator on loopback. Dropping it stops the server.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use iloq_sdk::testkit::IloqSim;
///
/// let sim = IloqSim::start().await;
/// let client = sim.client(); // logs in on its first call
/// let key = sim.seed().s5_keys[0];
/// assert_eq!(client.keys().get(key).await.unwrap().id, key);
/// sim.faults().fail_next_with(1, 400); // iLOQ's {"Code":"ValidationFailed",...}
/// assert!(client.keys().get(key).await.is_err());
/// # });
/// ```
pub struct IloqSim {
    server: SimServer,
    ctx: Arc<Ctx>,
    seed: Seed,
}

access_core::sim_facade!(IloqSim);

impl std::fmt::Debug for IloqSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IloqSim")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

impl IloqSim {
    /// Starts a seeded simulator with its own clock (at the current time).
    pub async fn start() -> Self {
        Self::start_with(SimConfig::default()).await
    }

    /// Starts a simulator as `config` says (clock, recording, seed, size).
    pub async fn start_with(config: SimConfig) -> Self {
        let clock = config.clock.unwrap_or_default();
        let state = State::seeded(&SeedOptions {
            persons: config.persons,
            session_ttl: config.session_ttl,
            pool: config.pool,
            lock_group_options: config.lock_group_options.bits(),
        });
        let login = Login {
            customer_code: CUSTOMER_CODE.into(),
            user_name: USER_NAME.into(),
            password: PASSWORD.into(),
        };
        let ctx = Arc::new(Ctx::new(state, clock.clone(), login));
        let server = SimServer::builder("iloq", ctx.clone(), routes::router(), clock)
            .control(routes::control::control())
            .listener(config.listener.as_ref())
            .serve()
            .await;
        ctx.set_base(server.uri());
        server.set_recording(config.recording);
        Self {
            server,
            ctx,
            seed: Seed::new(),
        }
    }

    /// The seeded ids and credentials.
    pub fn seed(&self) -> &Seed {
        &self.seed
    }

    /// The id of generated person `n` (from 0) of [`SimConfig::persons`].
    pub fn generated_person_id(n: usize) -> PersonId {
        PersonId::new(state::generated_id(n))
    }

    /// The external id of generated person `n` (from 0) of [`SimConfig::persons`].
    pub fn generated_external_id(n: usize) -> String {
        state::generated_external_id(n)
    }

    /// A client builder configured for this simulator: the service address
    /// ([`uri`](Self::uri)), the seeded service code and API user, the
    /// simulator's clock and a quick retry policy; add options and build.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .customer_code(CUSTOMER_CODE)
            .credentials(USER_NAME, SecretString::from(PASSWORD))
            .clock(Arc::new(self.clock().clone()))
            .retry(
                access_core::http::RetryPolicy::standard()
                    .with_max_attempts(3)
                    .with_backoff(Duration::from_millis(5), Duration::from_millis(20)),
            )
    }

    /// A client for this simulator. Building needs no network call: like any
    /// iLOQ client, it sets up its session (`GetUrl`, `CreateSession`,
    /// `LockGroups`, `SetLockgroup`) on its first call or on
    /// [`Client::login`].
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .unwrap_or_else(|e| panic!("simulator client: {e}"))
    }

    /// Back to the state the simulator started with (the seed, the
    /// configured pool, lifetime and options; no sessions, logs, invites or
    /// deliveries), with no pending fault and nothing recorded. A client's
    /// session is gone: its next call sets one up again.
    pub fn reset(&self) {
        self.ctx.reset();
        self.server.reset();
    }

    /// Kills every session (the next call gets 401 "Invalid session id").
    pub fn expire_sessions(&self) {
        routes::control::expire_sessions(&self.ctx);
    }

    /// Kills every session after `n` more session-checked requests: the
    /// `n + 1`-th gets 401 "Invalid session id" (a session expiring in the
    /// middle of a flow).
    pub fn expire_sessions_after(&self, n: usize) {
        self.ctx.lock().expire_after = Some(n);
    }

    /// Sets the idle lifetime of sessions on the simulator clock (default 20 min) **\[I\]**.
    pub fn set_session_ttl(&self, ttl: Duration) {
        self.ctx.lock().session_ttl = ttl;
    }

    /// Moves the customer to another server pool (e.g. `iloqwspool2`): `Url/GetUrl`
    /// answers the new pool, every session ends, and calls on the old pool answer
    /// 401 "Invalid session id", so a client must resolve the URL again. The new
    /// pool is on the simulator's own host (another path), which the client's
    /// pool rule (`auth::PoolPolicy`) accepts.
    pub fn move_to_pool(&self, pool: &str) {
        let mut st = self.ctx.lock();
        st.pool = pool.to_string();
        st.sessions.clear();
    }

    /// Makes `Url/GetUrl` answer `""` (the client keeps the service address,
    /// which then serves the customer).
    pub fn set_get_url_empty(&self, empty: bool) {
        self.ctx.lock().get_url_empty = empty;
    }

    /// Replaces the locking system's `OptionMask` (e.g. to switch off
    /// "handed over key can be attached to another person without returning").
    pub fn set_lock_group_options(&self, options: LockGroupOptions) {
        self.ctx.lock().lock_group_options = options.bits();
    }

    /// Someone presented the key to a wall reader or the programming token:
    /// an Ordered key becomes Programmed (its programmed accesses are now the
    /// planned ones). Answers whether anything was programmed.
    pub fn program_key(&self, key: KeyId) -> bool {
        routes::control::program_key(&self.ctx, key.as_uuid())
    }

    /// The S50 app registered the phone key (it becomes Programmed). Answers
    /// whether it did (a phone key that was ordered).
    pub fn register_phone(&self, key: KeyId) -> bool {
        routes::control::register_phone(&self.ctx, key.as_uuid())
    }

    /// iLOQ's key scheduler (set up in Manager, not through the API) renews
    /// the key from calendar entry `calendar_data`: the key gets a renewal
    /// schedule (`KeyScheduler`: every day, 120 minutes before expiry, until
    /// `renew_end`, local time) and a `SlotNo` 2 slot of the seeded time
    /// profile carrying `SourceCalendarData_ID`. Answers whether the key exists.
    pub fn schedule_key(
        &self,
        key: KeyId,
        calendar_data: Uuid,
        renew_end: chrono::NaiveDateTime,
    ) -> bool {
        let title = self.seed.time_limit_title.as_uuid();
        let mut st = self.ctx.lock();
        let Some(k) = st.keys.get_mut(&key.as_uuid()) else {
            return false;
        };
        k.scheduler = Some(state::SimScheduler {
            renew_end: Some(renew_end.format("%Y-%m-%dT%H:%M:%S").to_string()),
            gap_count: 1,
            gap_type: 0,
            renew_minute: 120,
        });
        k.slots.push(state::SimSlot {
            slot_no: 2,
            limit_date: None,
            title: Some(title),
            title_start: None,
            title_end: None,
            periods: Some(vec![state::SimPeriod {
                week_days: 31,
                start_ms: 8 * 3_600_000,
                end_ms: 16 * 3_600_000,
            }]),
            time_zone: Some("W. Europe Standard Time".into()),
            source_calendar: Some(calendar_data),
        });
        true
    }

    /// Someone with wider zones than the API user filled these time-limit
    /// slots of the key: `GET Keys/{id}/TimeLimitTitles` lists them in
    /// `OutsideUserZoneTimeLimitTitleSlots`, and a full replace keeps only the
    /// ones it names. Answers whether the key exists.
    pub fn fill_slots_outside_user_zones(&self, key: KeyId, slots: &[i64]) -> bool {
        let mut st = self.ctx.lock();
        let Some(k) = st.keys.get_mut(&key.as_uuid()) else {
            return false;
        };
        k.outside_slots = Some(slots.to_vec());
        true
    }

    /// The slots outside the API user's zones the key still has (see
    /// [`IloqSim::fill_slots_outside_user_zones`]).
    pub fn slots_outside_user_zones(&self, key: KeyId) -> Vec<i64> {
        self.ctx
            .lock()
            .keys
            .get(&key.as_uuid())
            .and_then(|k| k.outside_slots.clone())
            .unwrap_or_default()
    }

    /// The `ProgrammingState` code of a key (0 planning, 1 ordered, 3 programmed, ...).
    pub fn programming_state(&self, key: KeyId) -> Option<i64> {
        self.ctx.lock().keys.get(&key.as_uuid()).map(|k| k.prog)
    }

    /// The invites sent so far (order and ReRegister of phone keys), oldest first.
    pub fn invites(&self) -> Vec<SentInvite> {
        routes::control::invites(&self.ctx)
            .iter()
            .map(|i| SentInvite {
                key: KeyId::new(i.key),
                channel: i.channel.as_str(),
                address: i.address.clone(),
            })
            .collect()
    }

    /// The webhook deliveries made so far, oldest first.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        routes::control::deliveries(&self.ctx)
            .iter()
            .map(|d| WebhookDelivery {
                subscription_id: d.subscription_id.clone(),
                event_name: d.event_name.clone(),
                counter: d.counter,
                signature: d.signature.clone(),
                body: d.body.clone(),
                sign_key: d.sign_key.clone(),
            })
            .collect()
    }

    /// Takes the webhook listener down (`true`) or brings it back: while it
    /// is down, every delivery is kept as a payload not sent successfully
    /// (state 3), which `Webhooks/Subscriptions/PendingPayloads` reports.
    pub fn set_webhook_listener_down(&self, down: bool) {
        routes::control::set_webhook_listener_down(&self.ctx, down);
    }

    /// Number of live sessions.
    pub fn live_sessions(&self) -> usize {
        self.ctx.lock().sessions.len()
    }

    /// A key was used at a lock at `going` (access time); the entry arrives at
    /// the server now (`TimestampUtc` = the simulator clock). An old `going`
    /// models an offline lock whose log arrives late. Fires `device_log_arrived`.
    ///
    /// The entry is visible at once to
    /// [`LockLogs::audit_trail`](crate::lock_logs::LockLogs::audit_trail) and
    /// `EventLog::events_since`, without moving the clock: their windows end
    /// just after "now" (iLOQ's `EndDateUtc` is exclusive, so the SDK asks one
    /// 100 ns tick past now). A direct
    /// [`LockLogs::by_timestamp`](crate::lock_logs::LockLogs::by_timestamp)
    /// call with `end` = now does not include it (`[start, end)`, as iLOQ answers).
    pub fn record_access(
        &self,
        lock: LockId,
        key: Option<KeyId>,
        going: DateTime<Utc>,
        granted: bool,
    ) -> DeviceLogId {
        DeviceLogId::new(routes::control::record_access(
            &self.ctx,
            lock.as_uuid(),
            key.map(|k| k.as_uuid()),
            going,
            granted,
        ))
    }

    /// `count` granted accesses at `lock`, one every `every` from `from`,
    /// arriving now (no webhooks; for paging tests).
    pub fn record_burst(
        &self,
        lock: LockId,
        key: Option<KeyId>,
        from: DateTime<Utc>,
        every: Duration,
        count: usize,
    ) {
        let step = chrono::Duration::from_std(every).unwrap_or_default();
        let now = self.clock().now();
        let mut st = self.ctx.lock();
        for n in 0..count {
            st.logs.push(SimLog {
                id: Uuid::new_v4(),
                lock: lock.as_uuid(),
                key: key.map(|k| k.as_uuid()),
                type_mask: 2052,
                going: from + step * n as i32,
                timestamp: now,
            });
        }
    }
}

// What each endpoint's answer must contain, by output type: the hostile matrix
// derives every cell's expected outcome from it.
access_core::answer_shapes! {
    JsonObject: [
        crate::auth::AccessToken,
        crate::auth::ConnectionSettings,
        crate::auth::CreateSessionResult,
        crate::auth::SetLockgroupResult,
        crate::blacklists::Blocklist,
        crate::blacklists::CanOrderBlocklist,
        crate::calendars::CalendarDataItem,
        crate::calendars::CalendarDataSet,
        crate::calendars::CalendarDataTitle,
        crate::keys::CanDeleteKey,
        crate::keys::CanOrderKey,
        crate::keys::CanReturnKey,
        crate::keys::CanUpdateMainZone,
        crate::key_tags::KeyTag,
        crate::keys::Key,
        crate::keys::KeyZones,
        crate::keys::LocationReporting,
        crate::key_phones::KeyPhone,
        crate::lock_logs::LockLogDataPage,
        crate::lock_logs::LockLogsPage,
        crate::locks::CanOrderLock,
        crate::locks::Lock,
        crate::network_modules::NetworkModule,
        crate::network_modules::NetworkModuleDevice,
        crate::network_modules::NetworkModuleDeviceRelay,
        crate::locks::LockOptions,
        crate::locks::LockTimeLimits,
        crate::persons::CanDeletePerson,
        crate::persons::InsertPersonResult,
        crate::person_roles::PersonRole,
        crate::persons::Person,
        crate::security_accesses::CanAddSecurityAccess,
        crate::security_accesses::CanDeleteSecurityAccess,
        crate::security_accesses::KeySecurityAccesses,
        crate::security_accesses::LockSecurityAccesses,
        crate::security_roles::CanDeleteSecurityRole,
        crate::security_roles::SecurityRole,
        crate::security_accesses::InsertSecurityAccessResult,
        crate::time_limits::CanAddTimeLimit,
        crate::time_limits::KeyTimeLimits,
        crate::time_limits::TimeLimitTitle,
        crate::time_limits::CanDeleteTimeLimitTitle,
        crate::time_limits::KeyTimeLimitSlot,
        crate::webhooks::Subscription,
        crate::webhooks::PendingSubscriptions,
    ],
}
