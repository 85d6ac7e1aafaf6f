//! The simulators' data: companies, accounts, users keyed by `wsAltUserId`
//! (and indexed by EasySecure id and by card), groups, terminals, logs with
//! increasing `scanID`s, syncs, and what only ESWS keeps (company keys, QR
//! codes, autoSync tokens).
//!
//! Everything here is the simulator's own plain data, protocol-neutral and
//! independent of the SDK's serde types: the REST routes and the ESWS routes
//! (feature `soap`) read and write the same state, and neither serialises an
//! SDK type to answer, so a symmetric serialisation bug cannot hide.
//!
//! Lookups by `wsAltUserId`, by EasySecure id and by card number go through
//! maps; logs are kept in `scanID` order, so a range of ids is a binary search.
//! A company of 10,000 users answers a lookup as fast as one of 100.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// The two account kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) enum AccountRole {
    Admin,
    User,
}

/// A login account (admin, or app user linked to a user record).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Account {
    pub(crate) email: String,
    pub(crate) password: String,
    pub(crate) role: AccountRole,
    /// For app users: the user record they act on.
    pub(crate) ws_alt_user_id: Option<String>,
}

/// A user record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct SimUser {
    pub(crate) user_id: u64,
    pub(crate) ws_alt_user_id: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) pin: String,
    pub(crate) admin: bool,
    pub(crate) security: bool,
    pub(crate) start: Option<NaiveDateTime>,
    pub(crate) expire: Option<NaiveDateTime>,
    pub(crate) info: BTreeMap<String, String>,
    pub(crate) groups: Vec<String>,
    /// The card number; changed only through [`Company::set_card`] (it is indexed).
    pub(crate) card_id: String,
    pub(crate) card_custom: String,
    pub(crate) license_plate: String,
    pub(crate) phone: String,
    pub(crate) email: String,
    pub(crate) is_visitor: bool,
    /// A visitor's start and end time as updateUser2 sent them (`hh:ii`).
    pub(crate) visitor_start: String,
    pub(crate) visitor_end: String,
    /// The contractor of updateUserContractor: code and name.
    pub(crate) contractor: Option<(String, String)>,
    pub(crate) mobile_key: bool,
    pub(crate) consent: bool,
    pub(crate) picture: Option<(String, String)>,
    /// How many face templates ESWS holds for the user.
    pub(crate) face_templates: u32,
    pub(crate) firebase_registered: bool,
    /// Whether the app user may change their own plate and PIN.
    pub(crate) self_service: bool,
    /// The state last pushed to the terminals (`None`: never synced).
    pub(crate) on_terminals: Option<Box<SimUser>>,
}

impl SimUser {
    /// Whether the user may pass at `now`.
    pub(crate) fn valid_at(&self, now: NaiveDateTime) -> bool {
        self.start.is_none_or(|s| s <= now) && self.expire.is_none_or(|e| now < e)
    }

    /// The record as it is now, without the terminals' copy.
    pub(crate) fn snapshot(&self) -> SimUser {
        let mut s = self.clone();
        s.on_terminals = None;
        s
    }

    /// Whether the terminals hold the user's current record.
    pub(crate) fn in_sync(&self) -> bool {
        self.on_terminals
            .as_deref()
            .is_some_and(|t| *t == self.snapshot())
    }
}

/// An access group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimGroup {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) location_id: i64,
}

/// A terminal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimTerminal {
    pub(crate) serial: String,
    pub(crate) name: String,
    pub(crate) location_id: i64,
    pub(crate) time_registration: bool,
    /// The IPv4 address EasySecure knows (empty: none); only the ESWS face
    /// routes read it.
    #[cfg_attr(not(feature = "soap"), allow(dead_code))]
    pub(crate) ip: String,
}

/// One registration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimLog {
    pub(crate) scan_id: i64,
    pub(crate) terminal: String,
    pub(crate) terminal_name: String,
    pub(crate) terminal_key: String,
    pub(crate) user: String,
    pub(crate) time: NaiveDateTime,
    pub(crate) created: NaiveDateTime,
    pub(crate) location_id: i64,
    pub(crate) location_name: String,
    pub(crate) success: bool,
    pub(crate) log_text: String,
}

/// One sync-log entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimSyncLog {
    pub(crate) id: i64,
    pub(crate) sync_id: String,
    pub(crate) ws_alt_user_id: String,
    pub(crate) terminal: String,
    /// 0 pending, 1 running, 2 done.
    pub(crate) stage: u8,
    pub(crate) created: NaiveDateTime,
}

/// A company (an EasySecure environment).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Company {
    /// The exact, case-sensitive name (companies are keyed by it).
    #[cfg_attr(not(feature = "soap"), allow(dead_code))] // ESWS reads it
    pub(crate) name: String,
    pub(crate) accounts: Vec<Account>,
    /// Users by wsAltUserId.
    users: BTreeMap<String, SimUser>,
    /// wsAltUserId by EasySecure id (in id order, the order getUsers pages in);
    /// derived from `users`, rebuilt by [`reindex`](Self::reindex) after a load.
    #[serde(skip)]
    ids: BTreeMap<u64, String>,
    /// The users holding a card number, by number (derived, like `ids`).
    #[serde(skip)]
    cards: HashMap<String, BTreeSet<String>>,
    pub(crate) next_user_id: u64,
    pub(crate) groups: Vec<SimGroup>,
    pub(crate) locations: BTreeMap<i64, String>,
    pub(crate) terminals: Vec<SimTerminal>,
    /// In `scanID` order (ids are handed out increasing).
    logs: Vec<SimLog>,
    pub(crate) next_scan_id: i64,
    pub(crate) sync_logs: Vec<SimSyncLog>,
    pub(crate) next_sync: u64,
    /// Whether an info label with function `wsAltUserId` exists.
    pub(crate) has_ws_alt_label: bool,
}

/// A rule broken in the state: status and the documented message.
pub(crate) type Refusal = (u16, &'static str);

/// Changes to a user (fields left `None` stay as they are).
#[derive(Debug, Clone, Default)]
pub(crate) struct UserChanges {
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) pin: Option<String>,
    pub(crate) admin: Option<bool>,
    pub(crate) security: Option<bool>,
    pub(crate) start: Option<NaiveDateTime>,
    pub(crate) expire: Option<NaiveDateTime>,
    pub(crate) info: BTreeMap<String, String>,
    /// Group names and whether they replace the current ones.
    pub(crate) groups: Option<(Vec<String>, bool)>,
    /// A card number; `Remove` deletes the card.
    pub(crate) card_id: Option<String>,
    pub(crate) card_custom: Option<String>,
    pub(crate) license_plate: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) is_visitor: Option<bool>,
    pub(crate) visitor_start: Option<String>,
    pub(crate) visitor_end: Option<String>,
    pub(crate) contractor: Option<(String, String)>,
    pub(crate) mobile_key: Option<bool>,
}

/// The expiry of a user created without one: 2030-12-31 23:59:59.
fn default_expiry() -> Option<NaiveDateTime> {
    chrono::NaiveDate::from_ymd_opt(2030, 12, 31).and_then(|d| d.and_hms_opt(23, 59, 59))
}

impl Company {
    /// A company with no data.
    pub(crate) fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            accounts: Vec::new(),
            users: BTreeMap::new(),
            ids: BTreeMap::new(),
            cards: HashMap::new(),
            next_user_id: 1001,
            groups: Vec::new(),
            locations: BTreeMap::new(),
            terminals: Vec::new(),
            logs: Vec::new(),
            next_scan_id: 500_001,
            sync_logs: Vec::new(),
            next_sync: 1,
            has_ws_alt_label: true,
        }
    }

    // --- users and their indexes ---------------------------------------------

    /// The user keyed by `ws`.
    pub(crate) fn user(&self, ws: &str) -> Option<&SimUser> {
        self.users.get(ws)
    }

    /// The user keyed by `ws`, to change (its card goes through [`set_card`](Self::set_card)).
    pub(crate) fn user_mut(&mut self, ws: &str) -> Option<&mut SimUser> {
        self.users.get_mut(ws)
    }

    /// How many users the company has.
    #[cfg_attr(not(feature = "soap"), allow(dead_code))] // ESWS reads it
    pub(crate) fn user_count(&self) -> usize {
        self.users.len()
    }

    /// The wsAltUserId of the user with EasySecure id `id`.
    pub(crate) fn ws_of(&self, id: u64) -> Option<&str> {
        self.ids.get(&id).map(String::as_str)
    }

    /// The user with EasySecure id `id`.
    pub(crate) fn user_by_id(&self, id: u64) -> Option<&SimUser> {
        self.ws_of(id).and_then(|ws| self.users.get(ws))
    }

    /// Every user in EasySecure id order.
    pub(crate) fn users_by_id(&self) -> impl Iterator<Item = &SimUser> {
        self.ids.values().filter_map(|ws| self.users.get(ws))
    }

    /// The wsAltUserId of the (first) user holding card `card`.
    pub(crate) fn card_owner(&self, card: &str) -> Option<&str> {
        if card.is_empty() {
            return None;
        }
        self.cards
            .get(card)
            .and_then(|holders| holders.iter().next())
            .map(String::as_str)
    }

    /// Gives the user `ws` card `card` (empty: no card).
    pub(crate) fn set_card(&mut self, ws: &str, card: &str) {
        let Some(u) = self.users.get_mut(ws) else {
            return;
        };
        let old = std::mem::replace(&mut u.card_id, card.to_string());
        self.unindex_card(&old, ws);
        if !card.is_empty() {
            self.cards
                .entry(card.to_string())
                .or_default()
                .insert(ws.to_string());
        }
    }

    fn unindex_card(&mut self, card: &str, ws: &str) {
        if let Some(holders) = self.cards.get_mut(card) {
            holders.remove(ws);
            if holders.is_empty() {
                self.cards.remove(card);
            }
        }
    }

    /// Rebuilds the indexes by EasySecure id and by card from the users (after
    /// a state load), refusing a company whose data contradict each other: a
    /// user filed under another wsAltUserId, two users with one id, logs out
    /// of `scanID` order or ids not below the next ones handed out.
    pub(crate) fn reindex(&mut self) -> Result<(), String> {
        let mut ids = BTreeMap::new();
        let mut cards: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (ws, u) in &self.users {
            if *ws != u.ws_alt_user_id {
                return Err(format!(
                    "company {}: user filed as {ws:?} has wsAltUserId {:?}",
                    self.name, u.ws_alt_user_id
                ));
            }
            if u.user_id >= self.next_user_id {
                return Err(format!(
                    "company {}: user {ws:?} has id {} but next_user_id is {}",
                    self.name, u.user_id, self.next_user_id
                ));
            }
            if let Some(other) = ids.insert(u.user_id, ws.clone()) {
                return Err(format!(
                    "company {}: users {other:?} and {ws:?} share id {}",
                    self.name, u.user_id
                ));
            }
            if !u.card_id.is_empty() {
                cards
                    .entry(u.card_id.clone())
                    .or_default()
                    .insert(ws.clone());
            }
        }
        let ordered = self.logs.windows(2).all(|w| w[0].scan_id < w[1].scan_id);
        let below = self
            .logs
            .last()
            .is_none_or(|l| l.scan_id < self.next_scan_id);
        if !ordered || !below {
            return Err(format!(
                "company {}: logs must be in increasing scan_id order, below next_scan_id",
                self.name
            ));
        }
        self.ids = ids;
        self.cards = cards;
        Ok(())
    }

    /// Removes the user `ws` from the company (and its indexes).
    pub(crate) fn remove_user(&mut self, ws: &str) -> Option<SimUser> {
        let u = self.users.remove(ws)?;
        self.ids.remove(&u.user_id);
        self.unindex_card(&u.card_id, ws);
        Some(u)
    }

    /// Adds a new user record keyed by `ws` with the next id.
    fn insert_new_user(&mut self, ws: &str, today: NaiveDateTime) {
        let id = self.next_user_id;
        self.next_user_id += 1;
        self.ids.insert(id, ws.to_string());
        self.users.insert(
            ws.to_string(),
            SimUser {
                user_id: id,
                ws_alt_user_id: ws.to_string(),
                start: Some(today),
                expire: default_expiry(),
                self_service: true,
                ..SimUser::default()
            },
        );
    }

    // --- seeding ---------------------------------------------------------------

    /// Whether the terminal `serial` is a time-registration terminal.
    pub(crate) fn is_time_clock(&self, serial: &str) -> bool {
        self.terminals
            .iter()
            .any(|t| t.serial == serial && t.time_registration)
    }

    /// Seeds the access groups `(id, name, location id)`.
    pub(crate) fn seed_groups<'a>(
        &mut self,
        groups: impl IntoIterator<Item = (u64, &'a str, i64)>,
    ) {
        for (id, name, location_id) in groups {
            self.groups.push(SimGroup {
                id,
                name: name.into(),
                location_id,
            });
        }
    }

    /// Seeds the terminals `(serial, name, location id, time registration)`.
    pub(crate) fn seed_terminals<'a>(
        &mut self,
        terminals: impl IntoIterator<Item = (&'a str, &'a str, i64, bool)>,
    ) {
        for (serial, name, location_id, time_registration) in terminals {
            self.terminals.push(SimTerminal {
                serial: serial.into(),
                name: name.into(),
                location_id,
                time_registration,
                ip: String::new(),
            });
        }
    }

    /// Seeds a user created at `start`, as the terminals already hold it (in
    /// sync); answers it for further seeding.
    pub(crate) fn seed_user(
        &mut self,
        ws: &str,
        (first, last): (&str, &str),
        groups: &[&str],
        card: &str,
        start: NaiveDateTime,
    ) -> Option<&mut SimUser> {
        let changes = UserChanges {
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            groups: Some((groups.iter().map(|g| g.to_string()).collect(), true)),
            card_id: Some(card.into()),
            ..UserChanges::default()
        };
        let _ = self.upsert_user(ws, changes, start);
        let u = self.users.get_mut(ws)?;
        u.on_terminals = Some(Box::new(u.snapshot()));
        Some(u)
    }

    /// Seeds `n` generated users `SIM-00001`… (first name `Sim`, last name
    /// `User <n>`, group `Staff`, on the terminals), deterministically: the
    /// size knob of the scaling tests.
    pub(crate) fn seed_generated(&mut self, n: usize, start: NaiveDateTime) {
        for i in 1..=n {
            let ws = format!("SIM-{i:05}");
            let last = format!("User {i}");
            self.seed_user(&ws, ("Sim", &last), &["Staff"], "", start);
        }
    }

    /// Seeds yesterday's registrations: `EMP-001` in and out (8 hours apart) at
    /// `time_clock`, `EMP-002` at `entrance`.
    pub(crate) fn seed_logs(&mut self, time_clock: &str, entrance: &str, now: NaiveDateTime) {
        let yesterday = now - Duration::days(1);
        for (i, key) in ["IN", "OUT"].iter().enumerate() {
            let t = yesterday + Duration::hours(i as i64 * 8);
            self.register(time_clock, "EMP-001", key, t, t);
        }
        self.register(entrance, "EMP-002", "", yesterday, yesterday);
    }

    // --- changes ---------------------------------------------------------------

    /// Creates or updates the user keyed by `ws`; answers whether it was created.
    pub(crate) fn upsert_user(
        &mut self,
        ws: &str,
        c: UserChanges,
        today: NaiveDateTime,
    ) -> Result<bool, Refusal> {
        if ws.trim().is_empty() {
            return Err((400, "wsAltUserId needs to have a value. Cannot be empty"));
        }
        let created = !self.users.contains_key(ws);
        if created {
            self.insert_new_user(ws, today);
        }
        if let Some(v) = &c.card_id {
            let card = if v == "Remove" { "" } else { v.as_str() };
            self.set_card(ws, card);
        }
        let groups = &self.groups;
        let u = self.users.get_mut(ws).ok_or((500, "Can not save data"))?;
        if let Some(v) = c.first_name {
            u.first_name = v;
        }
        if let Some(v) = c.last_name {
            u.last_name = v;
        }
        if let Some(v) = c.pin {
            u.pin = v;
        }
        if let Some(v) = c.admin {
            u.admin = v;
        }
        if let Some(v) = c.security {
            u.security = v;
        }
        if c.start.is_some() {
            u.start = c.start;
        }
        if c.expire.is_some() {
            u.expire = c.expire;
        }
        for (k, v) in c.info {
            u.info.insert(k, v);
        }
        if let Some((names, replace)) = c.groups {
            let names: Vec<String> = names
                .into_iter()
                .filter(|n| groups.iter().any(|g| &g.name == n))
                .collect();
            if replace {
                u.groups = names;
            } else {
                for n in names {
                    if !u.groups.contains(&n) {
                        u.groups.push(n);
                    }
                }
            }
        }
        if let Some(v) = c.card_custom {
            u.card_custom = v;
        }
        if let Some(v) = c.license_plate {
            u.license_plate = v;
        }
        if let Some(v) = c.phone {
            u.phone = v;
        }
        if let Some(v) = c.is_visitor {
            u.is_visitor = v;
        }
        if let Some(v) = c.visitor_start {
            u.visitor_start = v;
        }
        if let Some(v) = c.visitor_end {
            u.visitor_end = v;
        }
        if c.contractor.is_some() {
            u.contractor = c.contractor;
        }
        if let Some(v) = c.mobile_key {
            u.mobile_key = v;
        }
        Ok(created)
    }

    /// Gives the user with EasySecure id `id` a (new) wsAltUserId. A user who
    /// held that wsAltUserId before is replaced.
    pub(crate) fn set_ws_alt_user_id(&mut self, id: u64, ws: &str) -> Result<(), Refusal> {
        if ws.trim().is_empty() {
            return Err((400, "Required field missing"));
        }
        let old = self.ws_of(id).ok_or((404, "User not found"))?.to_string();
        if old == ws {
            return Ok(());
        }
        self.remove_user(ws);
        if let Some(mut u) = self.remove_user(&old) {
            let card = std::mem::take(&mut u.card_id);
            u.ws_alt_user_id = ws.to_string();
            self.ids.insert(u.user_id, ws.to_string());
            self.users.insert(ws.to_string(), u);
            self.set_card(ws, &card);
        }
        Ok(())
    }

    /// The terminals a user reaches through their groups.
    pub(crate) fn terminals_of(&self, u: &SimUser) -> Vec<SimTerminal> {
        let locations: Vec<i64> = self
            .groups
            .iter()
            .filter(|g| u.groups.contains(&g.name))
            .map(|g| g.location_id)
            .collect();
        self.terminals
            .iter()
            .filter(|t| locations.contains(&t.location_id))
            .cloned()
            .collect()
    }

    // --- syncs -----------------------------------------------------------------

    /// Starts a sync of one user (`Some(ws)`) or of everyone with a group; answers
    /// the sync id.
    pub(crate) fn start_sync(
        &mut self,
        target: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<String, Refusal> {
        let targets: Vec<String> = match target {
            Some(ws) => {
                let u = self.users.get(ws).ok_or((404, "User not found"))?;
                if self.terminals_of(u).is_empty() && u.on_terminals.is_none() {
                    return Err((404, "User not linked to location"));
                }
                vec![ws.to_string()]
            }
            None => self
                .users
                .values()
                .filter(|u| !self.terminals_of(u).is_empty() || u.on_terminals.is_some())
                .map(|u| u.ws_alt_user_id.clone())
                .collect(),
        };
        let sync_id = format!("sync-{}", self.next_sync);
        self.next_sync += 1;
        let mut pushed = false;
        for ws in targets {
            let terminals = match self.users.get(&ws) {
                Some(u) => self.terminals_of(u),
                None => continue,
            };
            let serials: Vec<String> = if terminals.is_empty() {
                // A user who lost every group is removed from the terminals.
                self.terminals.iter().map(|t| t.serial.clone()).collect()
            } else {
                terminals.iter().map(|t| t.serial.clone()).collect()
            };
            for serial in serials {
                let id = self.sync_logs.len() as i64 + 1;
                self.sync_logs.push(SimSyncLog {
                    id,
                    sync_id: sync_id.clone(),
                    ws_alt_user_id: ws.clone(),
                    terminal: serial,
                    stage: 0,
                    created: now,
                });
                pushed = true;
            }
        }
        if !pushed {
            // Nothing to push: record one finished entry so the sync can be followed.
            let id = self.sync_logs.len() as i64 + 1;
            self.sync_logs.push(SimSyncLog {
                id,
                sync_id: sync_id.clone(),
                ws_alt_user_id: String::new(),
                terminal: String::new(),
                stage: 2,
                created: now,
            });
        }
        Ok(sync_id)
    }

    /// Moves every unfinished sync one stage on (pending, running, done); a user
    /// whose entries are all done is on the terminals, and the terminals start
    /// registering them (time registration: IN, DUTY OUT, DUTY IN, OUT; access
    /// control: one granted or denied passage).
    pub(crate) fn advance_syncs(&mut self, now: NaiveDateTime) {
        let mut finished: Vec<(String, String)> = Vec::new();
        for l in self.sync_logs.iter_mut().filter(|l| l.stage < 2) {
            l.stage += 1;
            if l.stage == 2 {
                finished.push((l.ws_alt_user_id.clone(), l.sync_id.clone()));
            }
        }
        if finished.is_empty() {
            return;
        }
        finished.sort();
        finished.dedup();
        // One pass over the log: the (user, sync) pairs with an entry still open.
        let open: HashSet<(&str, &str)> = self
            .sync_logs
            .iter()
            .filter(|l| l.stage < 2)
            .map(|l| (l.ws_alt_user_id.as_str(), l.sync_id.as_str()))
            .collect();
        let done: Vec<String> = finished
            .iter()
            .filter(|(ws, sync_id)| !open.contains(&(ws.as_str(), sync_id.as_str())))
            .map(|(ws, _)| ws.clone())
            .collect();
        for ws in done {
            let Some(user) = self.users.get_mut(&ws) else {
                continue;
            };
            let first_time = user.on_terminals.is_none();
            let snapshot = user.snapshot();
            user.on_terminals = Some(Box::new(snapshot.clone()));
            if first_time {
                for t in self.terminals_of(&snapshot) {
                    if t.time_registration {
                        for (i, key) in ["IN", "DUTY OUT", "DUTY IN", "OUT"].iter().enumerate() {
                            self.register(
                                &t.serial,
                                &ws,
                                key,
                                now + Duration::minutes(i as i64 * 30),
                                now,
                            );
                        }
                    } else {
                        self.register(&t.serial, &ws, "", now, now);
                    }
                }
            }
        }
    }

    /// The ESI_SCD sync of a location, run at once (ESWS answers when it is
    /// over): every user with a terminal at `location_id` gets their current
    /// record on the terminals. Answers the serials of the location's
    /// terminals; empty when it has none.
    #[cfg_attr(not(feature = "soap"), allow(dead_code))] // ESWS calls it
    pub(crate) fn sync_location_now(&mut self, location_id: i64) -> Vec<String> {
        let serials: Vec<String> = self
            .terminals
            .iter()
            .filter(|t| t.location_id == location_id)
            .map(|t| t.serial.clone())
            .collect();
        if serials.is_empty() {
            return serials;
        }
        let here: Vec<String> = self
            .users
            .values()
            .filter(|u| {
                self.terminals_of(u)
                    .iter()
                    .any(|t| t.location_id == location_id)
            })
            .map(|u| u.ws_alt_user_id.clone())
            .collect();
        for ws in here {
            if let Some(u) = self.users.get_mut(&ws) {
                u.on_terminals = Some(Box::new(u.snapshot()));
            }
        }
        serials
    }

    /// Whether every entry of sync `sync_id` is done.
    #[cfg_attr(not(feature = "soap"), allow(dead_code))] // ESWS reads it
    pub(crate) fn sync_done(&self, sync_id: &str) -> bool {
        self.sync_logs
            .iter()
            .filter(|l| l.sync_id == sync_id)
            .all(|l| l.stage == 2)
    }

    // --- logs ------------------------------------------------------------------

    /// Every log, in `scanID` order.
    pub(crate) fn logs(&self) -> &[SimLog] {
        &self.logs
    }

    /// The logs with `from <= scanID <= to` (a binary search: logs are in id order).
    pub(crate) fn logs_between_ids(&self, from: i64, to: i64) -> &[SimLog] {
        let start = self.logs.partition_point(|l| l.scan_id < from);
        let end = self.logs.partition_point(|l| l.scan_id <= to);
        self.logs.get(start..end.max(start)).unwrap_or(&[])
    }

    /// A user presents a credential at a terminal: judged on what the terminal
    /// holds (the last sync), logged with the next `scanID`.
    pub(crate) fn register(
        &mut self,
        serial: &str,
        ws: &str,
        key: &str,
        time: NaiveDateTime,
        created: NaiveDateTime,
    ) -> i64 {
        let terminal = self.terminals.iter().find(|t| t.serial == serial).cloned();
        let on_terminal = self
            .users
            .get(ws)
            .and_then(|u| u.on_terminals.as_deref().cloned());
        let reachable = match (&terminal, &on_terminal) {
            (Some(t), Some(u)) => self.terminals_of(u).iter().any(|x| x.serial == t.serial),
            _ => false,
        };
        let (success, text) = match &on_terminal {
            None => (false, "Identify Fail"),
            Some(u) if !u.valid_at(time) => (false, "Expired User"),
            Some(_) if !reachable => (false, "Access denied"),
            Some(_) => (
                true,
                if key.is_empty() {
                    "Access granted"
                } else {
                    "Verify Success"
                },
            ),
        };
        let (location_id, terminal_name) = terminal
            .as_ref()
            .map(|t| (t.location_id, t.name.clone()))
            .unwrap_or((0, String::new()));
        let scan_id = self.next_scan_id;
        self.next_scan_id += 1;
        self.logs.push(SimLog {
            scan_id,
            terminal: serial.to_string(),
            terminal_name,
            terminal_key: key.to_string(),
            user: ws.to_string(),
            time,
            created,
            location_id,
            location_name: self
                .locations
                .get(&location_id)
                .cloned()
                .unwrap_or_default(),
            success,
            log_text: text.to_string(),
        });
        scan_id
    }
}

/// An issued idToken.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct IdToken {
    pub(crate) company: String,
    pub(crate) role: AccountRole,
    pub(crate) email: String,
    pub(crate) expires_at: DateTime<Utc>,
}

/// The kind of company an ESWS key reaches (the simulator's own, not the SDK's).
#[cfg(feature = "soap")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum KeyKind {
    /// An ordinary EasySecure company.
    Plain,
    /// A Branch(es) company: updates need a group and a location, deletes a location.
    Branches,
}

/// What only the ESWS side keeps.
#[cfg(feature = "soap")]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct EswsState {
    /// security key -> (company name, kind)
    pub(crate) keys: HashMap<String, (String, KeyKind)>,
    /// (company, wsAltUserId) -> QR code (a list of
    /// `{"company", "wsAltUserId", "qr"}` in a dump: JSON keys are strings)
    #[serde(with = "qr_codes")]
    pub(crate) qr: HashMap<(String, String), String>,
    /// autoSync token -> (company, sync id of the shared state)
    pub(crate) auto_syncs: HashMap<String, (String, String)>,
    pub(crate) next_token: u64,
}

#[cfg(feature = "soap")]
impl EswsState {
    /// Lets `key` reach the company named `company` (exact name).
    pub(crate) fn add_key(&mut self, key: &str, company: &str, kind: KeyKind) {
        self.keys
            .insert(key.to_string(), (company.to_string(), kind));
    }
}

/// The QR codes keyed by (company, wsAltUserId), as a list in a dump.
#[cfg(feature = "soap")]
mod qr_codes {
    use std::collections::HashMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        company: String,
        #[serde(rename = "wsAltUserId")]
        ws_alt_user_id: String,
        qr: String,
    }

    pub(super) fn serialize<S: Serializer>(
        map: &HashMap<(String, String), String>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let mut list: Vec<Entry> = map
            .iter()
            .map(|((company, ws), qr)| Entry {
                company: company.clone(),
                ws_alt_user_id: ws.clone(),
                qr: qr.clone(),
            })
            .collect();
        list.sort_by(|a, b| (&a.company, &a.ws_alt_user_id).cmp(&(&b.company, &b.ws_alt_user_id)));
        list.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<HashMap<(String, String), String>, D::Error> {
        let list = Vec::<Entry>::deserialize(d)?;
        Ok(list
            .into_iter()
            .map(|e| ((e.company, e.ws_alt_user_id), e.qr))
            .collect())
    }
}

/// The whole simulated environment.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct SimState {
    pub(crate) companies: BTreeMap<String, Company>,
    pub(crate) id_tokens: HashMap<String, IdToken>,
    /// refresh token -> (company, role, email)
    pub(crate) refresh_tokens: HashMap<String, (String, AccountRole, String)>,
    pub(crate) reset_tokens: HashMap<String, (String, AccountRole, String)>,
    pub(crate) next_token: u64,
    /// ESWS's keys, QR codes and autoSync tokens (feature `soap`).
    #[cfg(feature = "soap")]
    pub(crate) esws: EswsState,
}

/// Kept whole by the control API and the state file: companies with their
/// users, groups, terminals, logs and syncs, the issued tokens, and (feature
/// `soap`) ESWS's keys, QR codes and autoSync tokens. After a load the indexes
/// are rebuilt and a state whose data contradict each other is refused.
impl access_core::testkit::control::Dumpable for SimState {
    fn after_load(&mut self) -> Result<(), String> {
        self.reindex()
    }
}

impl SimState {
    /// The company with exactly this name (case-sensitive, as EasySecure).
    pub(crate) fn company(&self, name: &str) -> Option<&Company> {
        self.companies.get(name)
    }

    /// Mutable access to a company.
    pub(crate) fn company_mut(&mut self, name: &str) -> Option<&mut Company> {
        self.companies.get_mut(name)
    }

    /// Issues a token pair for an account.
    pub(crate) fn issue_tokens(
        &mut self,
        company: &str,
        role: AccountRole,
        email: &str,
        now: DateTime<Utc>,
    ) -> (String, String) {
        self.next_token += 1;
        let n = self.next_token;
        let id = format!("sim-id-{n}-{}", uuid::Uuid::new_v4().simple());
        let refresh = format!("sim-refresh-{n}-{}", uuid::Uuid::new_v4().simple());
        self.id_tokens.insert(
            id.clone(),
            IdToken {
                company: company.into(),
                role,
                email: email.into(),
                expires_at: now + Duration::hours(1),
            },
        );
        self.refresh_tokens
            .insert(refresh.clone(), (company.into(), role, email.into()));
        (id, refresh)
    }

    /// Rebuilds every company's indexes after a load (see
    /// [`Company::reindex`]); a company filed under another name is refused.
    pub(crate) fn reindex(&mut self) -> Result<(), String> {
        for (name, c) in &mut self.companies {
            if *name != c.name {
                return Err(format!("company filed as {name:?} is named {:?}", c.name));
            }
            c.reindex()?;
        }
        Ok(())
    }

    /// Makes every idToken expired.
    pub(crate) fn expire_all(&mut self, now: DateTime<Utc>) {
        for t in self.id_tokens.values_mut() {
            t.expires_at = now - Duration::seconds(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap()
    }

    #[test]
    fn indexes_follow_every_change() {
        let mut c = Company::new("X");
        c.seed_groups([(1, "Staff", 1)]);
        c.seed_user("A", ("A", "A"), &["Staff"], "111", t0());
        c.seed_user("B", ("B", "B"), &["Staff"], "", t0());
        assert_eq!(c.ws_of(1001), Some("A"));
        assert_eq!(c.card_owner("111"), Some("A"));
        c.set_card("B", "111");
        c.set_card("A", "222");
        assert_eq!(c.card_owner("111"), Some("B"));
        assert_eq!(c.card_owner("222"), Some("A"));
        c.set_ws_alt_user_id(1002, "C").unwrap();
        assert_eq!(c.ws_of(1002), Some("C"));
        assert_eq!(c.card_owner("111"), Some("C"));
        assert!(c.user("B").is_none());
        c.remove_user("C");
        assert_eq!(c.card_owner("111"), None);
        assert_eq!(c.ws_of(1002), None);
        assert_eq!(c.users_by_id().count(), 1);
    }

    #[test]
    fn id_ranges_are_searched_not_scanned() {
        let mut c = Company::new("X");
        for _ in 0..10 {
            c.register("T", "A", "", t0(), t0());
        }
        let ids: Vec<i64> = c
            .logs_between_ids(500_003, 500_005)
            .iter()
            .map(|l| l.scan_id)
            .collect();
        assert_eq!(ids, [500_003, 500_004, 500_005]);
        assert!(c.logs_between_ids(500_005, 500_003).is_empty());
        assert!(c.logs_between_ids(1, 2).is_empty());
    }
}
