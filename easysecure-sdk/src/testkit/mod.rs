//! A stateful EasySecure.cloud simulator (feature `testkit`).
//!
//! [`EasySecureSim`] serves the REST API on loopback: both role paths with
//! tokens that expire on a [`SimClock`] the test controls (one hour, like the
//! real `idToken`), users keyed by `wsAltUserId`, access groups, locations and
//! terminals, GDPR consent and pictures, syncs that move through pending,
//! running and done (one stage per `getSyncLogs` call) and then make the
//! terminals register the user (IN, DUTY OUT, DUTY IN, OUT on the time clock;
//! a passage on access terminals) with increasing `scanID`s. Every documented
//! error is reachable: the natural ones from state (wrong company case, empty
//! `wsAltUserId`, missing consent, a second consent, an unsupported picture...),
//! the server-side ones through [`EasySecureSim::inject_error`].
//!
//! Knobs: [`EasySecureSim::expire_tokens`], [`Faults`] (`fail_next(n)` answers
//! 503, latency, malformed bodies, hangs), request recording
//! ([`EasySecureSim::requests`], [`EasySecureSim::count`]).
//!
//! Field names follow this crate's inferred REST shapes (see
//! `docs/provenance/easysecure.md`): the simulator agrees with the client, which
//! is what it can prove; it cannot prove the live server's names.

mod api;
pub(crate) mod state;

use std::sync::{Arc, Mutex};

use access_core::clock::Clock;
use access_core::testkit::{Faults, SimClock, SimServer};
use chrono::NaiveDateTime;

use state::{Account, AccountRole, Company, SimState};

/// The simulator. Dropping it stops the server.
pub struct EasySecureSim {
    server: SimServer,
    api: Arc<api::SimApi>,
    clock: SimClock,
}

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
    pub user_id: u64,
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
        Self::start_with_clock(SimClock::new()).await
    }

    /// Starts a seeded simulator on `clock` (share it with the client's builder).
    pub async fn start_with_clock(clock: SimClock) -> Self {
        let mut state = SimState::default();
        state
            .companies
            .insert(Self::COMPANY.into(), seed_company(clock.now().naive_utc()));
        let api = Arc::new(api::SimApi {
            state: Mutex::new(state),
            clock: clock.clone(),
            #[cfg(feature = "soap")]
            soap: Mutex::new({
                let mut soap = crate::soap::testkit::SoapSimState::new();
                soap.add_key(
                    Self::SECURITY_KEY,
                    Self::COMPANY,
                    crate::soap::CompanyKind::EasySecure,
                );
                soap
            }),
        });
        let server = SimServer::start(api.clone()).await;
        Self { server, api, clock }
    }

    /// The base URL to give the client.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The clock tokens expire on.
    pub fn clock(&self) -> &SimClock {
        &self.clock
    }

    /// The simulator's time as EasySecure writes it (zone-less; the simulator's
    /// company runs on UTC).
    pub fn clock_now(&self) -> NaiveDateTime {
        self.clock.now().naive_utc()
    }

    /// The clock as the client's builder takes it.
    pub fn shared_clock(&self) -> Arc<dyn Clock> {
        Arc::new(self.clock.clone())
    }

    /// Failure knobs: `fail_next(n)` (503), `fail_next_with`, `malformed_next`,
    /// `hang_next`, `set_latency`.
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// Makes every issued `idToken` expired now (the next call gets a 401).
    pub fn expire_tokens(&self) {
        self.api.lock().expire_all(self.clock.now());
    }

    /// The next call to `path` (e.g. `/admins/setUsers`) answers this documented
    /// error, e.g. `(500, "Can not save data")`.
    pub fn inject_error(&self, path: &str, status: u16, message: &str) {
        self.api
            .lock()
            .injected
            .entry(path.to_string())
            .or_default()
            .push_back((status, message.to_string()));
    }

    /// Every request received, oldest first.
    pub async fn requests(&self) -> Vec<wiremock::Request> {
        self.server.requests()
    }

    /// How many `POST path` requests were received.
    pub async fn count(&self, path: &str) -> usize {
        self.server.count("POST", path)
    }

    /// A user by wsAltUserId.
    pub fn user(&self, ws_alt_user_id: &str) -> Option<SimUserView> {
        let st = self.api.lock();
        let u = st.company(Self::COMPANY)?.users.get(ws_alt_user_id)?;
        Some(SimUserView {
            user_id: u.user_id,
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
            in_sync: u.on_terminals.as_deref().is_some_and(|t| {
                let mut current = u.clone();
                current.on_terminals = None;
                *t == current
            }),
        })
    }

    /// How many logs the company has.
    pub fn log_count(&self) -> usize {
        self.api
            .lock()
            .company(Self::COMPANY)
            .map_or(0, |c| c.logs.len())
    }

    /// A user presents their credential at a terminal now; answers the `scanID`.
    /// The terminal judges by what it received at the last sync.
    pub fn present(&self, ws_alt_user_id: &str, terminal: &str, key: &str) -> Option<i64> {
        let now = self.clock.now().naive_utc();
        let mut st = self.api.lock();
        let c = st.company_mut(Self::COMPANY)?;
        Some(c.register(terminal, ws_alt_user_id, key, now, now))
    }

    /// Adds `n` registrations at the time clock for user `EMP-001` (for paging tests).
    pub fn add_logs(&self, n: usize) {
        let now = self.clock.now().naive_utc();
        let mut st = self.api.lock();
        if let Some(c) = st.company_mut(Self::COMPANY) {
            for i in 0..n {
                let key = if i % 2 == 0 { "IN" } else { "OUT" };
                c.register(Self::TIME_CLOCK, Self::USER_WS_ALT_USER_ID, key, now, now);
            }
        }
    }

    /// Removes (or restores) the company's `wsAltUserId` info label: `getUsers`
    /// and `syncUserToFirebase` then answer 500 "Info label function not found".
    pub fn set_ws_alt_user_id_label(&self, present: bool) {
        if let Some(c) = self.api.lock().company_mut(Self::COMPANY) {
            c.has_ws_alt_label = present;
        }
    }

    /// Lets (or forbids) the app user set their own plate, PIN and picture.
    pub fn set_self_service(&self, ws_alt_user_id: &str, allowed: bool) {
        if let Some(u) = self
            .api
            .lock()
            .company_mut(Self::COMPANY)
            .and_then(|c| c.users.get_mut(ws_alt_user_id))
        {
            u.self_service = allowed;
        }
    }

    /// The last password-reset token mailed (what the user would click).
    pub fn last_reset_token(&self) -> Option<String> {
        self.api.lock().reset_tokens.keys().max().cloned()
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
