//! Stateful EasySecure simulators (feature `testkit`).
//!
//! * [`EasySecureSim`] serves the REST API on loopback, and (feature `soap`) the
//!   SOAP webservice ESWS on `/webservicesesws` of the same server, on the same
//!   company: a user written through one is read through the other.
//! * `EasySecureSoapSim` (feature `soap`) serves ESWS alone, with a second,
//!   Branch company.
//!
//! The REST side has both role paths with tokens that expire on a [`SimClock`]
//! the test controls (one hour, like the real `idToken`), users keyed by
//! `wsAltUserId`, access groups, locations and terminals, GDPR consent and
//! pictures, syncs that move through pending, running and done (one stage per
//! `getSyncLogs` call) and then make the terminals register the user (IN, DUTY
//! OUT, DUTY IN, OUT on the time clock; a passage on access terminals) with
//! increasing `scanID`s. Every documented error is reachable: the natural ones
//! from state (wrong company case, empty `wsAltUserId`, missing consent, a second
//! consent, an unsupported picture...), the server-side ones through the shared
//! fault knobs, in EasySecure's own error body:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use easysecure_sdk::testkit::{EasySecureSim, SimError};
//! use easysecure_sdk::users::{SyncUserToFirebase, SyncUserToFirebaseError};
//! use easysecure_sdk::WsAltUserId;
//!
//! let sim = EasySecureSim::start().await;
//! let admin = sim.client().await;
//! sim.faults()
//!     .at("POST /admins/syncUserToFirebase")
//!     .fail_next_with_error(1, SimError::new(500, "Can not save data"));
//! let request = SyncUserToFirebase::new(WsAltUserId::new("EMP-002").unwrap());
//! let err = admin.users().sync_to_firebase(request).await.unwrap_err();
//! assert!(matches!(
//!     err.service_error(),
//!     Some(SyncUserToFirebaseError::CannotSaveData { .. })
//! ));
//! # }
//! ```
//!
//! Both facades have the knobs every simulator of this workspace has
//! (`uri`, `clock`, `faults`, `requests`, `count(method, path)`,
//! `set_recording`, `unrouted`, `routes`, `reset`), start from a [`SimConfig`]
//! (clock, recording, and `users(n)` generated users for large runs), and keep
//! the vendor's own knobs (present a credential at a terminal, expire the
//! tokens, remove the wsAltUserId label...). Faults are answered in the
//! vendor's shape: EasySecure's `{"message", "code"}` body on the REST side, a
//! SOAP Fault on ESWS (see `soap_fault`, feature `soap`, for faults aimed at
//! ESWS on the shared server).
//!
//! Field names follow this crate's inferred REST shapes (see
//! `docs/provenance/easysecure.md`): the simulator agrees with the client, which
//! is what it can prove; it cannot prove the live server's names. Its state and
//! answers are written independently of the SDK's serde types.

mod routes;
#[cfg(feature = "soap")]
mod soap;
pub(crate) mod state;

use std::sync::Arc;

use access_core::clock::Clock;
use access_core::testkit::SimServer;
pub use access_core::testkit::{Recording, SimClock, SimError, SimListener};
use chrono::NaiveDateTime;

#[cfg(feature = "soap")]
pub use soap::{EasySecureSoapSim, SoapSimUser, soap_fault};

use crate::auth::{Admin, User};
use crate::{Client, ClientBuilder, UserId, WsAltUserId};
use state::{Account, AccountRole, Company, SimState};

/// How a simulator starts: its clock, how much traffic it records, and how
/// many generated users it seeds beside the named ones.
///
/// ```
/// use easysecure_sdk::testkit::{Recording, SimClock, SimConfig};
/// let config = SimConfig::default()
///     .clock(SimClock::new())
///     .recording(Recording::Off)
///     .users(10_000);
/// # let _ = config;
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
    /// Runs the simulator on `clock` (share it with the client: the facades'
    /// `client_builder()` does). Default: a clock at the current time.
    pub fn clock(mut self, clock: SimClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// How much traffic `requests()` keeps (default [`Recording::All`]);
    /// `count(method, path)` is exact whatever is kept.
    pub fn recording(mut self, recording: Recording) -> Self {
        self.recording = recording;
        self
    }

    /// Seeds `n` generated users beside the named ones, deterministically:
    /// wsAltUserIds `SIM-00001`, `SIM-00002`…, first name `Sim`, last name
    /// `User <i>`, in group `Staff`, already on the terminals. Lookups by
    /// wsAltUserId and by EasySecure id are indexed, so a simulator of 10,000
    /// users answers them as fast as one of 10.
    pub fn users(mut self, n: usize) -> Self {
        self.users = n;
        self
    }

    /// Serves on `listener` (a chosen address and port) instead of a free
    /// loopback port.
    pub fn listener(mut self, listener: std::net::TcpListener) -> Self {
        self.listener = Some(SimListener::new(listener));
        self
    }

    fn start_clock(&self) -> SimClock {
        self.clock.clone().unwrap_or_default()
    }
}

/// The REST simulator (and, feature `soap`, ESWS on the same server and
/// state). Dropping it stops the server.
pub struct EasySecureSim {
    server: SimServer,
    sim: Arc<routes::Sim>,
}

access_core::sim_facade!(EasySecureSim);

impl std::fmt::Debug for EasySecureSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EasySecureSim")
            .field("uri", &self.server.uri())
            .finish()
    }
}

/// A snapshot of a simulated user, for assertions.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimUserView {
    /// EasySecure's id.
    pub user_id: UserId,
    /// The key.
    pub ws_alt_user_id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Group names.
    pub groups: Vec<String>,
    /// Card number.
    pub card_id: String,
    /// Licence plate.
    pub license_plate: String,
    /// Whether a mobile key is issued.
    pub mobile_key: bool,
    /// Whether a picture is stored.
    pub has_picture: bool,
    /// Whether the user gave GDPR consent.
    pub consent: bool,
    /// Validity end.
    pub expire: Option<NaiveDateTime>,
    /// Whether the terminals hold the user's current record.
    pub in_sync: bool,
}

impl EasySecureSim {
    /// The seeded company's exact (case-sensitive) name.
    pub const COMPANY: &'static str = "EasySecure Demo";
    /// The seeded admin account.
    pub const ADMIN_EMAIL: &'static str = "api@demo.easysecure.example";
    /// Its password.
    pub const ADMIN_PASSWORD: &'static str = "demo-admin-password";
    /// The seeded app (user-path) account, linked to user `EMP-001`.
    pub const USER_EMAIL: &'static str = "jan.jansen@demo.easysecure.example";
    /// Its password.
    pub const USER_PASSWORD: &'static str = "demo-user-password";
    /// The wsAltUserId of the seeded app user.
    pub const USER_WS_ALT_USER_ID: &'static str = "EMP-001";
    /// The seeded company's SOAP (ESWS) security key (feature `soap`).
    pub const SECURITY_KEY: &'static str = "^4p;tU0Q+#dEIhTWkuj5FnLD^aOL&Vu0";
    /// The time-registration terminal.
    pub const TIME_CLOCK: &'static str = "TR-2001";
    /// The main entrance access terminal.
    pub const ENTRANCE: &'static str = "AC-1001";

    /// Starts a seeded simulator on its own clock (set to the current time).
    pub async fn start() -> Self {
        Self::start_with(SimConfig::default()).await
    }

    /// Starts a seeded simulator as `config` says: e.g.
    /// `SimConfig::default().clock(clock)` to share a clock with the client,
    /// `.users(10_000)` for a large company.
    pub async fn start_with(config: SimConfig) -> Self {
        let clock = config.start_clock();
        let now = clock.now().naive_utc();
        let mut company = seed_company(now);
        company.seed_generated(config.users, now - chrono::Duration::days(365));
        let mut state = SimState::default();
        state.companies.insert(Self::COMPANY.into(), company);
        #[cfg(feature = "soap")]
        state
            .esws
            .add_key(Self::SECURITY_KEY, Self::COMPANY, state::KeyKind::Plain);
        let sim = Arc::new(routes::Sim::new(state, clock.clone()));
        let server = SimServer::builder("easysecure", sim.clone(), routes::rest_router(), clock)
            .control(routes::control::control())
            .listener(config.listener.as_ref())
            .serve()
            .await;
        server.set_recording(config.recording);
        Self { server, sim }
    }

    /// A REST client builder pointed at the simulator and sharing its clock;
    /// log in with [`COMPANY`](Self::COMPANY) and the seeded accounts.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .clock(self.shared_clock())
    }

    /// The seeded admin, logged in (`/admins/...`).
    ///
    /// # Panics
    ///
    /// If the login fails, which only a fault injected before it causes.
    pub async fn client(&self) -> Client<Admin> {
        self.client_builder()
            .login_admin(
                Self::COMPANY,
                Self::ADMIN_EMAIL,
                Self::ADMIN_PASSWORD.to_string().into(),
            )
            .await
            .unwrap_or_else(|e| panic!("the seeded admin cannot log in: {e}"))
    }

    /// The seeded app user (`EMP-001`), logged in (`/users/...`).
    ///
    /// # Panics
    ///
    /// If the login fails, which only a fault injected before it causes.
    pub async fn user_client(&self) -> Client<User> {
        self.client_builder()
            .login_user(
                Self::COMPANY,
                Self::USER_EMAIL,
                Self::USER_PASSWORD.to_string().into(),
            )
            .await
            .unwrap_or_else(|e| panic!("the seeded app user cannot log in: {e}"))
    }

    /// An ESWS client builder with the seeded company's key, pointed at this
    /// server and sharing its clock (feature `soap`).
    #[cfg(feature = "soap")]
    pub fn soap_client_builder(&self) -> crate::soap::SoapClientBuilder {
        soap::client_builder(Self::SECURITY_KEY, &self.uri(), self.shared_clock())
    }

    /// An ESWS client of the seeded company on this server (feature `soap`).
    #[cfg(feature = "soap")]
    pub fn soap_client(&self) -> crate::soap::SoapClient {
        soap::build(self.soap_client_builder())
    }

    /// A SOAP-only server (ESWS, every failure a SOAP Fault, as
    /// [`EasySecureSoapSim`]) over this simulator's company, state and clock,
    /// on `listener` or a free loopback port (feature `soap`): a user written
    /// over REST is read over SOAP and back. It has its own faults, recording
    /// and the same control knobs (`GET /_sim` names it `easysecure-soap`);
    /// its `reset` (and `POST /_sim/reset`) restores the shared seed, for both
    /// servers. The seeded key is [`SECURITY_KEY`](Self::SECURITY_KEY); there
    /// is no Branch company.
    #[cfg(feature = "soap")]
    pub async fn soap_server(&self, listener: Option<std::net::TcpListener>) -> EasySecureSoapSim {
        EasySecureSoapSim::serve(self.sim.clone(), listener.map(SimListener::new)).await
    }

    /// How many ESWS requests called `Esws.<function>` (feature `soap`):
    /// `count("ESWS", "Esws.<function>")`, exact whatever the recording keeps.
    #[cfg(feature = "soap")]
    pub fn count_function(&self, function: &str) -> usize {
        self.server.count("ESWS", &format!("Esws.{function}"))
    }

    /// Back to the state the simulator started with (users, tokens, logs), no
    /// faults, nothing recorded. Issued tokens are gone: log in again.
    pub fn reset(&self) {
        self.sim.restore_seed();
        self.server.reset();
    }

    /// The simulator's time as EasySecure writes it (zone-less; the simulator's
    /// company runs on UTC).
    pub fn clock_now(&self) -> NaiveDateTime {
        self.sim.now()
    }

    /// The clock as the client's builder takes it.
    pub fn shared_clock(&self) -> Arc<dyn Clock> {
        Arc::new(self.sim.clock().clone())
    }

    /// Makes every issued `idToken` expired now (the next call gets a 401).
    pub fn expire_tokens(&self) {
        routes::control::expire_tokens(&self.sim);
    }

    /// A user of the seeded company.
    pub fn user(&self, user: &WsAltUserId) -> Option<SimUserView> {
        let st = self.sim.lock();
        let u = st.company(Self::COMPANY)?.user(user.as_str())?;
        Some(SimUserView {
            user_id: UserId::new(u.user_id),
            ws_alt_user_id: u.ws_alt_user_id.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            groups: u.groups.clone(),
            card_id: u.card_id.clone(),
            license_plate: u.license_plate.clone(),
            mobile_key: u.mobile_key,
            has_picture: u.picture.is_some(),
            consent: u.consent,
            expire: u.expire,
            in_sync: u.in_sync(),
        })
    }

    /// How many logs the company has.
    pub fn log_count(&self) -> usize {
        self.sim
            .lock()
            .company(Self::COMPANY)
            .map_or(0, |c| c.logs().len())
    }

    /// A user presents their credential at `terminal` now (`key`: the time
    /// clock's key, `IN`, `OUT`..., empty at an access terminal); answers the
    /// `scanID` of the log. The terminal judges by what it received at the
    /// last sync; `None` if the company is gone.
    pub fn present(&self, user: &WsAltUserId, terminal: &str, key: &str) -> Option<i64> {
        routes::control::present(&self.sim, user.as_str(), terminal, key)
    }

    /// Adds `n` registrations at the time clock for user `EMP-001` (for paging tests).
    pub fn add_logs(&self, n: usize) {
        let now = self.sim.now();
        let mut st = self.sim.lock();
        if let Some(c) = st.company_mut(Self::COMPANY) {
            for i in 0..n {
                let key = if i % 2 == 0 { "IN" } else { "OUT" };
                c.register(Self::TIME_CLOCK, Self::USER_WS_ALT_USER_ID, key, now, now);
            }
        }
    }

    /// Removes (or restores) the company's `wsAltUserId` info label: `getUsers`
    /// and `syncUserToFirebase` then answer 500 "Info label function not found"
    /// (and ESWS's wsAltUserId functions `NO_WS_ALT_USER_ID_INFOFIELD_SET`).
    pub fn set_ws_alt_user_id_label(&self, present: bool) {
        routes::control::set_ws_alt_label(&self.sim, present);
    }

    /// Lets (or forbids) the app user set their own plate, PIN and picture.
    pub fn set_self_service(&self, user: &WsAltUserId, allowed: bool) {
        routes::control::set_self_service(&self.sim, user.as_str(), allowed);
    }

    /// The last password-reset token mailed (what the user would click).
    pub fn last_reset_token(&self) -> Option<String> {
        routes::control::last_reset_token(&self.sim)
    }

    /// What the simulator was seeded with, as `GET /_sim/seed` answers it:
    /// company, admin e-mail and password, app user, SOAP key, terminals.
    pub fn seed(&self) -> serde_json::Value {
        routes::control::seed_json(self.sim.seed())
    }
}

fn seed_company(now: NaiveDateTime) -> Company {
    let mut c = Company::new(EasySecureSim::COMPANY);
    c.accounts.push(Account {
        email: EasySecureSim::ADMIN_EMAIL.into(),
        password: EasySecureSim::ADMIN_PASSWORD.into(),
        role: AccountRole::Admin,
        ws_alt_user_id: None,
    });
    c.accounts.push(Account {
        email: EasySecureSim::USER_EMAIL.into(),
        password: EasySecureSim::USER_PASSWORD.into(),
        role: AccountRole::User,
        ws_alt_user_id: Some(EasySecureSim::USER_WS_ALT_USER_ID.into()),
    });
    for (id, name) in [
        (1, "Head office"),
        (2, "Time registration"),
        (3, "Parking garage"),
    ] {
        c.locations.insert(id, name.into());
    }
    c.seed_groups([
        (11, "Staff", 1),
        (12, "Time registration", 2),
        (13, "Visitors", 1),
        (14, "Parking", 3),
    ]);
    c.seed_terminals([
        (EasySecureSim::ENTRANCE, "Main entrance", 1, false),
        (EasySecureSim::TIME_CLOCK, "Canteen time clock", 2, true),
        ("LPN-3001", "Garage camera", 3, false),
    ]);
    let seeded = [
        (
            "EMP-001",
            "Jan",
            "Jansen",
            vec!["Staff", "Time registration"],
            "1708695997",
            EasySecureSim::USER_EMAIL,
        ),
        (
            "EMP-002",
            "Fatima",
            "El Amrani",
            vec!["Staff"],
            "2271560481",
            "fatima@demo.easysecure.example",
        ),
        (
            "EMP-003",
            "Pieter",
            "de Boer",
            vec!["Staff", "Parking"],
            "",
            "pieter@demo.easysecure.example",
        ),
    ];
    let start = now - chrono::Duration::days(365);
    for (ws, first, last, groups, card, email) in seeded {
        if let Some(u) = c.seed_user(ws, (first, last), &groups, card, start) {
            u.email = email.into();
            u.firebase_registered = ws == EasySecureSim::USER_WS_ALT_USER_ID;
        }
    }
    c.seed_logs(EasySecureSim::TIME_CLOCK, EasySecureSim::ENTRANCE, now);
    c
}

// What each REST endpoint's answer must contain, by output type: the hostile
// matrix derives every cell's expected outcome from it (ESWS operations are
// SOAP whatever their output type).
access_core::answer_shapes! {
    JsonObject: [crate::logs::LogIdRange, crate::auth::Tokens],
    Acknowledgement: [crate::model::Ack],
    OptionalBody: [crate::sync::SyncStarted],
    Binary: [crate::profile::Picture],
}
