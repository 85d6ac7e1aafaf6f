//! One site with all four vendors: each runs on its built-in simulator, or on the
//! real system when its environment variables are set, independently of the others.
//!
//! | vendor | set these to use the real system |
//! |---|---|
//! | EasySecure | `EASYSECURE_BASE_URL`, `EASYSECURE_COMPANY`, `EASYSECURE_EMAIL`, `EASYSECURE_PASSWORD`; the quickstart's SOAP step also `EASYSECURE_SOAP_URL`, `EASYSECURE_SECURITY_KEY` |
//! | iLOQ | `ILOQ_BASE_URL`, `ILOQ_CUSTOMER_CODE`, `ILOQ_USERNAME`, `ILOQ_PASSWORD`, optional `ILOQ_LOCK_GROUP` |
//! | Allthenticate | `ALLTHENTICATE_BASE_URL`, `ALLTHENTICATE_API_KEY`, optional `ALLTHENTICATE_GROUPS` (`Name=id;Name=id`) |
//! | EF-45 | `EF45_BASE_URL` (e.g. `http://192.168.0.100:9980/1.0`) |
//!
//! A vendor whose configuration is incomplete or whose login fails is reported as
//! such ([`Site::failures`]); the others are usable.
//!
//! Only the multi-vendor programs (quickstart, hr_sync, audit_export) use this
//! module. Each single-vendor example does its own login from the same variables
//! and its own simulator fallback in its first lines, so it can be copied.

#[cfg(any(feature = "easysecure", feature = "allthenticate", feature = "ef45"))]
use std::time::Duration;

use access_core::traits::{AccessSystem, EventLog};

use crate::hr_sync::{
    Employee, GroupMap, SyncReport, Target, VendorReport, map_groups, parse_group_map, sync_all,
};

/// An error while connecting, as text for the report.
pub type ConnectError = String;

/// The name of EasySecure's REST admin client in reports.
pub const LABEL_EASYSECURE: &str = "`easysecure_sdk::Client<Admin>` (REST)";
/// The name of EasySecure's SOAP client in reports.
pub const LABEL_EASYSECURE_SOAP: &str = "`easysecure_sdk::soap::SoapClient` (SOAP)";
/// The name of iLOQ's client in reports.
pub const LABEL_ILOQ: &str = "`iloq_sdk::Client`";
/// The name of Allthenticate's client in reports.
pub const LABEL_ALLTHENTICATE: &str = "`allthenticate_sdk::Client`";
/// The name of the EF-45 client in reports.
pub const LABEL_EF45: &str = "`ef45_sdk::Client`";

/// Where a vendor runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The built-in simulator, on loopback.
    Simulator,
    /// A real system at this address.
    Live(String),
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mode::Simulator => f.write_str("simulator"),
            Mode::Live(url) => write!(f, "live at {url}"),
        }
    }
}

/// The value of a non-empty environment variable.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[cfg(any(feature = "easysecure", feature = "iloq", feature = "allthenticate"))]
fn required(name: &str, with: &str) -> Result<String, ConnectError> {
    env(name).ok_or_else(|| format!("{name} must be set with {with}"))
}

/// Short, fast retries for the simulators (tests inject 503s; a real system keeps
/// each crate's standard policy).
#[cfg(any(feature = "easysecure", feature = "allthenticate", feature = "ef45"))]
fn sim_retry() -> access_core::http::RetryPolicy {
    access_core::http::RetryPolicy::standard()
        .with_max_attempts(3)
        .with_backoff(Duration::from_millis(5), Duration::from_millis(20))
}

/// One vendor: its client, its simulator when not live, and where it runs.
#[cfg(any(
    feature = "easysecure",
    feature = "iloq",
    feature = "allthenticate",
    feature = "ef45"
))]
pub struct Vendor<C, S> {
    /// The client (for EasySecure, the logged-in admin client).
    pub client: C,
    /// The simulator, when not live.
    pub sim: Option<S>,
    /// Where it runs.
    pub mode: Mode,
}

#[cfg(any(
    feature = "easysecure",
    feature = "iloq",
    feature = "allthenticate",
    feature = "ef45"
))]
impl<C, S> Vendor<C, S> {
    /// A client of the real system at `url`.
    fn live(client: C, url: String) -> Result<Self, ConnectError> {
        Ok(Self {
            client,
            sim: None,
            mode: Mode::Live(url),
        })
    }

    /// A client of the simulator `sim`.
    fn on_simulator(client: C, sim: S) -> Result<Self, ConnectError> {
        Ok(Self {
            client,
            sim: Some(sim),
            mode: Mode::Simulator,
        })
    }
}

/// EasySecure: an admin client (REST, `/admins/…`).
#[cfg(feature = "easysecure")]
pub type EasySecure = Vendor<
    easysecure_sdk::Client<easysecure_sdk::auth::Admin>,
    easysecure_sdk::testkit::EasySecureSim,
>;

#[cfg(feature = "easysecure")]
impl EasySecure {
    /// Logs in to the real system from `EASYSECURE_*`, or starts the simulator.
    pub async fn connect() -> Result<Self, ConnectError> {
        use easysecure_sdk::Client;
        if let Some(url) = env("EASYSECURE_BASE_URL") {
            let with = "EASYSECURE_BASE_URL";
            let company = required("EASYSECURE_COMPANY", with)?;
            let email = required("EASYSECURE_EMAIL", with)?;
            let password = required("EASYSECURE_PASSWORD", with)?;
            let client = Client::builder()
                .base_url(url.clone())
                .login_admin(company, email, password.into())
                .await
                .map_err(|e| format!("login refused: {e}"))?;
            return Self::live(client, url);
        }
        Self::simulated().await
    }

    /// Starts the simulator and logs in as its seeded admin.
    pub async fn simulated() -> Result<Self, ConnectError> {
        use easysecure_sdk::Client;
        use easysecure_sdk::testkit::EasySecureSim;
        let sim = EasySecureSim::start().await;
        // The site's programs can run for thousands of people: keep the last
        // requests only (the counts stay exact).
        sim.set_recording(access_core::testkit::Recording::Last(256));
        let client = Client::builder()
            .base_url(sim.uri())
            .clock(sim.shared_clock())
            .retry(sim_retry())
            .login_admin(
                EasySecureSim::COMPANY,
                EasySecureSim::ADMIN_EMAIL,
                EasySecureSim::ADMIN_PASSWORD.to_string().into(),
            )
            .await
            .map_err(|e| format!("simulator login refused: {e}"))?;
        Self::on_simulator(client, sim)
    }
}

/// iLOQ 5 Series: a client whose session starts on first use.
#[cfg(feature = "iloq")]
pub type Iloq = Vendor<iloq_sdk::Client, iloq_sdk::testkit::IloqSim>;

#[cfg(feature = "iloq")]
impl Iloq {
    /// Builds a client from `ILOQ_*`, or starts the simulator. Builds only: the
    /// session is opened by the first call (or [`iloq_sdk::Client::login`]).
    pub async fn connect() -> Result<Self, ConnectError> {
        if let Some(url) = env("ILOQ_BASE_URL") {
            let with = "ILOQ_BASE_URL";
            let mut b = iloq_sdk::Client::builder()
                .base_url(url.clone())
                .customer_code(required("ILOQ_CUSTOMER_CODE", with)?)
                .credentials(
                    required("ILOQ_USERNAME", with)?,
                    secrecy::SecretString::from(required("ILOQ_PASSWORD", with)?),
                );
            if let Some(lg) = env("ILOQ_LOCK_GROUP") {
                b = b.lock_group(
                    lg.parse::<iloq_sdk::LockGroupId>()
                        .map_err(|e| e.to_string())?,
                );
            }
            let client = b.build().map_err(|e| e.to_string())?;
            return Self::live(client, url);
        }
        Self::simulated().await
    }

    /// Starts the simulator, with a client for its seeded API user.
    pub async fn simulated() -> Result<Self, ConnectError> {
        let sim = iloq_sdk::testkit::IloqSim::start().await;
        // The site's programs can run for thousands of people: keep the last
        // requests only (the counts stay exact).
        sim.set_recording(access_core::testkit::Recording::Last(256));
        Self::on_simulator(sim.client(), sim)
    }
}

/// Allthenticate: an API-key client.
#[cfg(feature = "allthenticate")]
pub type Allthenticate =
    Vendor<allthenticate_sdk::Client, allthenticate_sdk::testkit::AllthenticateSim>;

#[cfg(feature = "allthenticate")]
impl Allthenticate {
    /// Builds a client from `ALLTHENTICATE_*`, or starts the simulator.
    ///
    /// Allthenticate has no endpoint that lists groups, so the client only knows
    /// the groups it is told about: `ALLTHENTICATE_GROUPS=Staff=12;Office=13`.
    pub async fn connect() -> Result<Self, ConnectError> {
        use allthenticate_sdk::groups::GroupRef;
        if let Some(url) = env("ALLTHENTICATE_BASE_URL") {
            let key = required("ALLTHENTICATE_API_KEY", "ALLTHENTICATE_BASE_URL")?;
            let client = allthenticate_sdk::Client::builder()
                .base_url(url.clone())
                .api_key(allthenticate_sdk::SecretString::from(key))
                .attempt_timeout(Duration::from_secs(15))
                .build()
                .map_err(|e| e.to_string())?;
            for pair in env("ALLTHENTICATE_GROUPS")
                .unwrap_or_default()
                .split(';')
                .filter(|p| !p.trim().is_empty())
            {
                let (name, id) = pair
                    .split_once('=')
                    .ok_or_else(|| format!("ALLTHENTICATE_GROUPS: {pair:?} is not Name=id"))?;
                let id: i64 = id
                    .trim()
                    .parse()
                    .map_err(|_| format!("ALLTHENTICATE_GROUPS: {id:?} is not a group id"))?;
                client
                    .groups()
                    .remember(GroupRef::new(id.into(), name.trim()));
            }
            return Self::live(client, url);
        }
        Self::simulated().await
    }

    /// Starts the simulator, with a client for its full-assurance API key.
    pub async fn simulated() -> Result<Self, ConnectError> {
        let sim = allthenticate_sdk::testkit::AllthenticateSim::start().await;
        // The site's programs can run for thousands of people: keep the last
        // requests only (the counts stay exact).
        sim.set_recording(access_core::testkit::Recording::Last(256));
        let client = sim
            .client_builder()
            .retry(sim_retry())
            .build()
            .map_err(|e| e.to_string())?;
        Self::on_simulator(client, sim)
    }

    /// Makes sure the client knows a group id for each name, creating the groups
    /// it does not know (`POST /groups`). Answers the names it created.
    pub async fn ensure_groups<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<String>, ConnectError> {
        use allthenticate_sdk::groups::CreateGroup;
        let known: Vec<String> = self
            .client
            .groups()
            .known()
            .into_iter()
            .map(|g| g.name)
            .collect();
        let mut created = Vec::new();
        for name in names {
            if known.iter().any(|k| k == name) || created.iter().any(|c| c == name) {
                continue;
            }
            let req = CreateGroup::users(name.to_string(), []).map_err(|e| e.to_string())?;
            self.client
                .groups()
                .create(req)
                .await
                .map_err(|e| format!("creating group {name:?}: {e}"))?;
            created.push(name.to_string());
        }
        Ok(created)
    }
}

/// The CMITech EF-45 iris and face reader; the client connects on first use.
#[cfg(feature = "ef45")]
pub type Ef45 = Vendor<ef45_sdk::Client, ef45_sdk::testkit::Ef45Sim>;

#[cfg(feature = "ef45")]
impl Ef45 {
    /// Builds a client for `EF45_BASE_URL`, or starts the simulated device.
    pub async fn connect() -> Result<Self, ConnectError> {
        if let Some(url) = env("EF45_BASE_URL") {
            let client = ef45_sdk::Client::builder()
                .base_url(&url)
                .build()
                .map_err(|e| e.to_string())?;
            return Self::live(client, url);
        }
        Self::simulated().await
    }

    /// Starts the simulated device, with a client for it.
    pub async fn simulated() -> Result<Self, ConnectError> {
        let sim = ef45_sdk::testkit::Ef45Sim::start().await;
        // The site's programs can run for thousands of people: keep the last
        // requests only (the counts stay exact).
        sim.set_recording(access_core::testkit::Recording::Last(256));
        let client = ef45_sdk::Client::builder()
            .base_url(sim.uri())
            .retry(sim_retry())
            .build()
            .map_err(|e| e.to_string())?;
        Self::on_simulator(client, sim)
    }
}

/// Captures one face and both eyes at the EF-45 (in slave mode): polls every
/// 500 ms `on_device` (a person has to step up), else every 20 ms, for a minute.
#[cfg(feature = "ef45")]
pub async fn capture_face_and_eyes(
    client: &ef45_sdk::Client,
    on_device: bool,
) -> Result<ef45_sdk::enrolment::BiometricRecord, Box<dyn std::error::Error>> {
    let policy = access_core::PollPolicy::every(
        Duration::from_millis(if on_device { 500 } else { 20 }),
        Duration::from_secs(60),
    );
    let mut records = client
        .enrolment()
        .capture(ef45_sdk::camera::CaptureModes::face_and_both_eyes(), policy)
        .await?;
    Ok(records.remove(0))
}

/// Every vendor of the site; each either connected or with the reason it is not.
pub struct Site {
    /// EasySecure.
    #[cfg(feature = "easysecure")]
    pub easysecure: Result<EasySecure, ConnectError>,
    /// iLOQ.
    #[cfg(feature = "iloq")]
    pub iloq: Result<Iloq, ConnectError>,
    /// Allthenticate.
    #[cfg(feature = "allthenticate")]
    pub allthenticate: Result<Allthenticate, ConnectError>,
    /// EF-45.
    #[cfg(feature = "ef45")]
    pub ef45: Result<Ef45, ConnectError>,
}

/// A [`Site`] of every vendor the crate was built with, each started by its
/// `$start` function (`connect` or `simulated`), concurrently.
macro_rules! site_with {
    ($start:ident) => {{
        #[cfg(feature = "easysecure")]
        let easysecure = EasySecure::$start();
        #[cfg(feature = "iloq")]
        let iloq = Iloq::$start();
        #[cfg(feature = "allthenticate")]
        let allthenticate = Allthenticate::$start();
        #[cfg(feature = "ef45")]
        let ef45 = Ef45::$start();
        Site {
            #[cfg(feature = "easysecure")]
            easysecure: easysecure.await,
            #[cfg(feature = "iloq")]
            iloq: iloq.await,
            #[cfg(feature = "allthenticate")]
            allthenticate: allthenticate.await,
            #[cfg(feature = "ef45")]
            ef45: ef45.await,
        }
    }};
}

impl Site {
    /// Connects every vendor the crate was built with (simulator or live, each
    /// from its own environment variables), concurrently.
    pub async fn connect() -> Self {
        site_with!(connect)
    }

    /// Every vendor on its simulator, whatever the environment says (for tests).
    pub async fn simulated() -> Self {
        site_with!(simulated)
    }

    /// `(vendor, mode)` of every connected vendor and `(vendor, error)` of the
    /// others, in a fixed order.
    pub fn status(&self) -> Vec<(&'static str, Result<Mode, ConnectError>)> {
        #[allow(unused_mut)]
        let mut out: Vec<(&'static str, Result<Mode, ConnectError>)> = Vec::new();
        #[allow(unused_macros)]
        macro_rules! entry {
            ($name:literal, $field:ident) => {
                out.push((
                    $name,
                    self.$field
                        .as_ref()
                        .map(|v| v.mode.clone())
                        .map_err(Clone::clone),
                ))
            };
        }
        #[cfg(feature = "easysecure")]
        entry!("easysecure", easysecure);
        #[cfg(feature = "iloq")]
        entry!("iloq", iloq);
        #[cfg(feature = "allthenticate")]
        entry!("allthenticate", allthenticate);
        #[cfg(feature = "ef45")]
        entry!("ef45", ef45);
        out
    }

    /// The vendors that could not be connected, with why.
    pub fn failures(&self) -> Vec<(&'static str, ConnectError)> {
        self.status()
            .into_iter()
            .filter_map(|(v, s)| s.err().map(|e| (v, e)))
            .collect()
    }

    /// Every connected client, as an [`AccessSystem`] (for capabilities).
    pub fn systems(&self) -> Vec<&dyn AccessSystem> {
        self.labelled_systems()
            .into_iter()
            .map(|(_, system)| system)
            .collect()
    }

    /// Every connected client with the name of its type, for the capability matrix.
    pub fn labelled_systems(&self) -> Vec<(&'static str, &dyn AccessSystem)> {
        #[allow(unused_mut)]
        let mut out: Vec<(&'static str, &dyn AccessSystem)> = Vec::new();
        #[cfg(feature = "easysecure")]
        if let Ok(v) = &self.easysecure {
            out.push((LABEL_EASYSECURE, &v.client));
        }
        #[cfg(feature = "iloq")]
        if let Ok(v) = &self.iloq {
            out.push((LABEL_ILOQ, &v.client));
        }
        #[cfg(feature = "allthenticate")]
        if let Ok(v) = &self.allthenticate {
            out.push((LABEL_ALLTHENTICATE, &v.client));
        }
        #[cfg(feature = "ef45")]
        if let Ok(v) = &self.ef45 {
            out.push((LABEL_EF45, &v.client));
        }
        out
    }

    /// The HR sync targets: every connected vendor's bulk sync.
    ///
    /// Allthenticate keys people by e-mail; the sync uses the employee's address
    /// as its key ([`crate::hr_sync::PersonKey::of_vendor`]).
    pub fn sync_targets(&self) -> Vec<Target<'_>> {
        #[allow(unused_mut)]
        let mut out: Vec<Target<'_>> = Vec::new();
        #[cfg(feature = "easysecure")]
        if let Ok(v) = &self.easysecure {
            out.push(Target::new("easysecure", &v.client));
        }
        #[cfg(feature = "iloq")]
        if let Ok(v) = &self.iloq {
            out.push(Target::new("iloq", &v.client));
        }
        #[cfg(feature = "allthenticate")]
        if let Ok(v) = &self.allthenticate {
            out.push(Target::new("allthenticate", &v.client));
        }
        #[cfg(feature = "ef45")]
        if let Ok(v) = &self.ef45 {
            out.push(Target::new("ef45", &v.client));
        }
        out
    }

    /// The event sources: every connected vendor with an [`EventLog`]
    /// (Allthenticate documents no event export).
    pub fn event_logs(&self) -> Vec<(&'static str, &dyn EventLog)> {
        #[allow(unused_mut)]
        let mut out: Vec<(&'static str, &dyn EventLog)> = Vec::new();
        #[cfg(feature = "easysecure")]
        if let Ok(v) = &self.easysecure {
            out.push(("easysecure", &v.client));
        }
        #[cfg(feature = "iloq")]
        if let Ok(v) = &self.iloq {
            out.push(("iloq", &v.client));
        }
        #[cfg(feature = "ef45")]
        if let Ok(v) = &self.ef45 {
            out.push(("ef45", &v.client));
        }
        out
    }

    /// How HR group names translate to `vendor`'s groups: `<VENDOR>_GROUP_MAP`
    /// (`HR=Vendor;HR=Vendor`, e.g. `EASYSECURE_GROUP_MAP=Office=Staff`) when set;
    /// on the EasySecure simulator, the HR file's groups map to its seeded groups
    /// (Staff, Time registration, Visitors), since EasySecure refuses to sync a
    /// person to the terminals without a group.
    pub fn group_map(&self, vendor: &str) -> Result<GroupMap, ConnectError> {
        let var = format!("{}_GROUP_MAP", vendor.to_uppercase());
        if let Some(text) = env(&var) {
            return parse_group_map(&text).map_err(|e| format!("{var}: {e}"));
        }
        let simulated = self
            .status()
            .iter()
            .any(|(v, s)| *v == vendor && s.as_ref().is_ok_and(|m| *m == Mode::Simulator));
        let mut map = GroupMap::new();
        if simulated && vendor == "easysecure" {
            for (from, to) in [
                ("Office", "Staff"),
                ("Warehouse", "Staff"),
                ("Night shift", "Time registration"),
                ("Contractors", "Visitors"),
            ] {
                map.insert(from.into(), to.into());
            }
        }
        Ok(map)
    }

    /// Syncs every connected vendor to `employees` (each with its
    /// [`Site::group_map`]) through the access-core bulk sync; one vendor's
    /// failure does not stop the others.
    pub async fn sync(&self, employees: &[Employee]) -> SyncReport {
        self.sync_with_progress(employees, &|_| {}).await
    }

    /// [`Site::sync`], calling `on_progress` as each vendor's writes finish.
    pub async fn sync_with_progress(
        &self,
        employees: &[Employee],
        on_progress: access_core::sync::OnProgress<'_>,
    ) -> SyncReport {
        let mut report = SyncReport::new();
        for target in self.sync_targets() {
            let name = target.name;
            let map = match self.group_map(name) {
                Ok(map) => map,
                Err(e) => {
                    report.insert(
                        name,
                        VendorReport {
                            failure: Some(e),
                            ..VendorReport::default()
                        },
                    );
                    continue;
                }
            };
            let mapped = map_groups(employees, &map);
            report.extend(sync_all(&[target], &mapped, on_progress).await);
        }
        report
    }

    /// Prepares the vendors for an HR file's groups: Allthenticate lists no groups,
    /// so on its simulator the groups the file names are created (on a real
    /// system they come from `ALLTHENTICATE_GROUPS`). Answers notes for the report.
    pub async fn prepare_groups<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Vec<String> {
        #[allow(unused_mut)]
        let mut notes = Vec::new();
        let names: Vec<&str> = names.into_iter().collect();
        #[cfg(feature = "allthenticate")]
        if let Ok(v) = &self.allthenticate
            && v.sim.is_some()
        {
            match v.ensure_groups(names.iter().copied()).await {
                Ok(created) if !created.is_empty() => notes.push(format!(
                    "allthenticate (simulator): created groups {}",
                    created.join(", ")
                )),
                Ok(_) => {}
                Err(e) => notes.push(format!("allthenticate: {e}")),
            }
        }
        let _ = names;
        notes
    }
}
