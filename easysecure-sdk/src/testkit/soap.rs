//! The SOAP-only simulator [`EasySecureSoapSim`] (features `soap` and
//! `testkit`), and what ESWS tests on either simulator need.

use std::sync::Arc;

use access_core::clock::Clock;
use access_core::testkit::{SimError, SimListener, SimServer};
use chrono::NaiveDateTime;

use super::routes::{self, esws::SERVER_FAULT};
use super::state::{Account, AccountRole, Company, KeyKind, SimState, UserChanges};
use super::{EasySecureSim, SimConfig};
use crate::soap::{SoapClient, SoapClientBuilder};
use crate::{SecretString, WsAltUserId};

/// A SOAP Fault of the service (`SOAP-ENV:Server`, HTTP 500) carrying
/// `message`, to inject with `faults().at("ESWS Esws.<function>")
/// .fail_next_with_error(n, soap_fault("..."))`: the SDK reads it as the
/// operation's `Unknown` error with code `SOAP-ENV:Server`.
///
/// Both simulators answer every failure of an ESWS function as a SOAP Fault
/// (`fail_next(1)` too); this names the fault's code and message.
pub fn soap_fault(message: impl Into<String>) -> SimError {
    SimError::coded(500, SERVER_FAULT, message)
}

/// An ESWS client builder with `key`, aimed at `uri`, on `clock`.
pub(super) fn client_builder(key: &str, uri: &str, clock: Arc<dyn Clock>) -> SoapClientBuilder {
    SoapClient::builder(SecretString::from(key.to_string()))
        .base_url(uri)
        .clock(clock)
}

/// Builds the client of a simulator's builder.
pub(super) fn build(builder: SoapClientBuilder) -> SoapClient {
    builder
        .build()
        .unwrap_or_else(|e| panic!("the simulator's ESWS client does not build: {e}"))
}

/// A stand-alone ESWS simulator: the seeded company (key
/// [`SECURITY_KEY`](Self::SECURITY_KEY), which holds the `^ ; + #`
/// punctuation of the vendor's sample key and an `&`) and a Branch company
/// ([`BRANCH_KEY`](Self::BRANCH_KEY)), on the same kind of state as the REST
/// simulator. Every failure, injected ones included, is a SOAP Fault; a
/// function the service does not have is PHP's Server fault (HTTP 500, and the
/// request is listed in `unrouted()`). Dropping it stops the server.
pub struct EasySecureSoapSim {
    server: SimServer,
    sim: Arc<routes::Sim>,
}

access_core::sim_facade!(EasySecureSoapSim);

impl std::fmt::Debug for EasySecureSoapSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EasySecureSoapSim")
            .field("uri", &self.server.uri())
            .finish()
    }
}

/// A simulated user as the SOAP tests see it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SoapSimUser {
    /// EasySecure's id.
    pub user_id: crate::UserId,
    /// wsAltUserId.
    pub ws_alt_user_id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Groups.
    pub groups: Vec<String>,
    /// Card number (decimal).
    pub card_id: String,
    /// Whether the user holds a QR code.
    pub has_qr: bool,
    /// Phone number.
    pub phone: String,
    /// Whether the user is a visitor.
    pub is_visitor: bool,
    /// A visitor's start time as updateUser2 sent it (`hh:ii`).
    pub visitor_start: String,
    /// A visitor's end time as updateUser2 sent it (`hh:ii`).
    pub visitor_end: String,
    /// Whether the user has (or is to get) a Tapkey mobile key.
    pub mobile_key: bool,
    /// Whether the user has a profile picture.
    pub has_picture: bool,
    /// How many face templates the user has.
    pub face_templates: u32,
    /// The contractor (code, name) updateUserContractor set.
    pub contractor: Option<(String, String)>,
    /// Whether the terminals hold the user's current record.
    pub in_sync: bool,
}

impl EasySecureSoapSim {
    /// The seeded company's name.
    pub const COMPANY: &'static str = EasySecureSim::COMPANY;
    /// The seeded company's security key (32 characters, with `^ ; + # &`).
    pub const SECURITY_KEY: &'static str = EasySecureSim::SECURITY_KEY;
    /// A Branch company's key.
    pub const BRANCH_KEY: &'static str = "Br4nch^Key;+#0000000000000000000";
    /// The Branch company's name.
    pub const BRANCH_COMPANY: &'static str = "EasySecure Branches";
    /// The seeded i3 administrator (for getSyncToken).
    pub const ADMIN_USERNAME: &'static str = "admin@demo.easysecure.example";
    /// Its password.
    pub const ADMIN_PASSWORD: &'static str = "demo-admin-password";
    /// The time-registration terminal.
    pub const TIME_CLOCK: &'static str = EasySecureSim::TIME_CLOCK;

    /// Starts a seeded simulator on its own clock.
    pub async fn start() -> Self {
        Self::start_with(SimConfig::default()).await
    }

    /// Starts a seeded simulator as `config` says (clock, recording, and
    /// `users(n)` generated users in the seeded company).
    pub async fn start_with(config: SimConfig) -> Self {
        let clock = config.start_clock();
        let now = clock.now().naive_utc();
        let mut company = seed(Self::COMPANY, now);
        company.seed_generated(config.users, now - chrono::Duration::days(365));
        let mut state = SimState::default();
        state.companies.insert(Self::COMPANY.into(), company);
        state
            .companies
            .insert(Self::BRANCH_COMPANY.into(), seed(Self::BRANCH_COMPANY, now));
        state
            .esws
            .add_key(Self::SECURITY_KEY, Self::COMPANY, KeyKind::Plain);
        state
            .esws
            .add_key(Self::BRANCH_KEY, Self::BRANCH_COMPANY, KeyKind::Branches);
        let sim = Arc::new(routes::Sim::new(state, clock));
        let this = Self::serve(sim, config.listener).await;
        this.server.set_recording(config.recording);
        this
    }

    /// Serves ESWS over `sim` (its state, seed and clock), with the control
    /// knobs: a stand-alone simulator's own context, or a REST simulator's
    /// ([`EasySecureSim::soap_server`]).
    pub(super) async fn serve(sim: Arc<routes::Sim>, listener: Option<SimListener>) -> Self {
        let clock = sim.clock().clone();
        let server =
            SimServer::builder("easysecure-soap", sim.clone(), routes::soap_router(), clock)
                .control(routes::control::control())
                .listener(listener.as_ref())
                .serve()
                .await;
        Self { server, sim }
    }

    /// An ESWS client builder with the seeded company's key, pointed at the
    /// simulator and sharing its clock (`.company_kind(CompanyKind::Branches)`
    /// with [`BRANCH_KEY`](Self::BRANCH_KEY) needs a builder of its own).
    pub fn client_builder(&self) -> SoapClientBuilder {
        client_builder(Self::SECURITY_KEY, &self.uri(), self.shared_clock())
    }

    /// An ESWS client of the seeded company (ESWS has no login).
    pub fn client(&self) -> SoapClient {
        build(self.client_builder())
    }

    /// Back to the seeded state (users, QR codes, sync tokens), no faults,
    /// nothing recorded on this server. On a server sharing a REST
    /// simulator's state ([`EasySecureSim::soap_server`]) that is the shared
    /// seed: the REST side's users and tokens go back too.
    pub fn reset(&self) {
        self.sim.restore_seed();
        self.server.reset();
    }

    /// The clock as the client's builder takes it.
    pub fn shared_clock(&self) -> Arc<dyn Clock> {
        Arc::new(self.sim.clock().clone())
    }

    /// How many requests called `Esws.<function>`: `count("ESWS",
    /// "Esws.<function>")`, exact whatever the recording keeps.
    pub fn count_function(&self, function: &str) -> usize {
        self.server.count("ESWS", &format!("Esws.{function}"))
    }

    /// A user of the seeded company.
    pub fn user(&self, user: &WsAltUserId) -> Option<SoapSimUser> {
        let st = self.sim.lock();
        let u = st.company(Self::COMPANY)?.user(user.as_str())?;
        let qr_key = (Self::COMPANY.to_string(), user.as_str().to_string());
        Some(SoapSimUser {
            user_id: crate::UserId::new(u.user_id),
            ws_alt_user_id: u.ws_alt_user_id.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            groups: u.groups.clone(),
            card_id: u.card_id.clone(),
            has_qr: st.esws.qr.contains_key(&qr_key),
            phone: u.phone.clone(),
            is_visitor: u.is_visitor,
            visitor_start: u.visitor_start.clone(),
            visitor_end: u.visitor_end.clone(),
            mobile_key: u.mobile_key,
            has_picture: u.picture.is_some(),
            face_templates: u.face_templates,
            contractor: u.contractor.clone(),
            in_sync: u.in_sync(),
        })
    }

    /// Gives a user of the seeded company a profile picture (a small JPEG) and
    /// `templates` face templates; `false` when there is no such user.
    pub fn set_face(&self, user: &WsAltUserId, picture: bool, templates: u32) -> bool {
        let mut st = self.sim.lock();
        let Some(u) = st
            .company_mut(Self::COMPANY)
            .and_then(|c| c.user_mut(user.as_str()))
        else {
            return false;
        };
        u.picture = picture.then(|| ("/9j/4AAQSkZJRg==".to_string(), "jpg".to_string()));
        u.face_templates = templates;
        true
    }

    /// Adds a FaceStation F2 with serial `did` at `ip` to the seeded company's
    /// location `location_id`, for imageToFaceTemplate.
    pub fn add_face_device(&self, did: u64, ip: &str, location_id: i64) {
        let mut st = self.sim.lock();
        if let Some(c) = st.company_mut(Self::COMPANY) {
            c.seed_terminals([(
                did.to_string().as_str(),
                "FaceStation F2",
                location_id,
                false,
            )]);
            if let Some(t) = c.terminals.last_mut() {
                t.ip = ip.to_string();
            }
        }
    }

    /// Adds `n` users `GEN-<id>` to the seeded company (for paging tests).
    pub fn add_users(&self, n: usize) {
        let now = self.sim.now();
        let mut st = self.sim.lock();
        if let Some(c) = st.company_mut(Self::COMPANY) {
            for i in 0..n {
                let changes = UserChanges {
                    first_name: Some(format!("Guest {i}")),
                    last_name: Some("Generated".into()),
                    ..UserChanges::default()
                };
                let _ = c.upsert_user(&format!("GEN-{:05}", c.next_user_id), changes, now);
            }
        }
    }

    /// The user presents a credential at `terminal` now; answers the `scanID`.
    pub fn present(&self, user: &WsAltUserId, terminal: &str, key: &str) -> Option<i64> {
        routes::control::present(&self.sim, user.as_str(), terminal, key)
    }

    /// The highest scanID of the seeded company.
    pub fn last_scan_id(&self) -> Option<i64> {
        let st = self.sim.lock();
        st.company(Self::COMPANY)?.logs().last().map(|l| l.scan_id)
    }

    /// Removes (or restores) the `wsAltUserId` info label of the seeded
    /// company: its wsAltUserId functions answer `NO_WS_ALT_USER_ID_INFOFIELD_SET`.
    pub fn set_ws_alt_user_id_label(&self, present: bool) {
        routes::control::set_ws_alt_label(&self.sim, present);
    }

    /// Makes every issued REST `idToken` expired now (on a server sharing a
    /// REST simulator's state; a stand-alone one issues none).
    pub fn expire_tokens(&self) {
        routes::control::expire_tokens(&self.sim);
    }

    /// What the simulator was seeded with, as `GET /_sim/seed` answers it
    /// (the Branch company listed under `companies` on a stand-alone one).
    pub fn seed(&self) -> serde_json::Value {
        routes::control::seed_json(self.sim.seed())
    }
}

fn seed(name: &str, now: NaiveDateTime) -> Company {
    let mut c = Company::new(name);
    c.accounts.push(Account {
        email: EasySecureSoapSim::ADMIN_USERNAME.into(),
        password: EasySecureSoapSim::ADMIN_PASSWORD.into(),
        role: AccountRole::Admin,
        ws_alt_user_id: None,
    });
    for (id, loc) in [(1, "Head office"), (2, "Time registration")] {
        c.locations.insert(id, loc.into());
    }
    c.seed_groups([
        (1, "Staff", 1),
        (10, "Time registration", 2),
        (13, "Visitors", 1),
    ]);
    c.seed_terminals([
        ("AC-1001", "Main entrance", 1, false),
        (EasySecureSoapSim::TIME_CLOCK, "Canteen time clock", 2, true),
    ]);
    let start = now - chrono::Duration::days(365);
    for (ws, first, last, groups, card) in [
        (
            "EMP-001",
            "Jan",
            "Jansen",
            vec!["Staff", "Time registration"],
            "1708695997",
        ),
        (
            "EMP-002",
            "Fatima",
            "El Amrani",
            vec!["Staff"],
            "2271560481",
        ),
    ] {
        c.seed_user(ws, (first, last), &groups, card, start);
    }
    c.seed_logs(EasySecureSoapSim::TIME_CLOCK, "AC-1001", now);
    c
}
