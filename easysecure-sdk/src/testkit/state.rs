//! The simulator's data: companies, accounts, users keyed by `wsAltUserId`,
//! groups, terminals, logs with increasing `scanID`s, syncs.
//!
//! Kept apart from the REST handling so the SOAP simulator (feature `soap`) can
//! serve the same state: everything here is protocol-neutral and `pub(crate)`.

use std::collections::{BTreeMap, HashMap, VecDeque};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

/// The two account kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AccountRole {
    Admin,
    User,
}

/// A login account (admin, or app user linked to a user record).
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) email: String,
    pub(crate) password: String,
    pub(crate) role: AccountRole,
    /// For app users: the user record they act on.
    pub(crate) ws_alt_user_id: Option<String>,
}

/// A user record.
#[derive(Debug, Clone, Default, PartialEq)]
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
    pub(crate) card_id: String,
    pub(crate) card_custom: String,
    pub(crate) license_plate: String,
    pub(crate) phone: String,
    pub(crate) email: String,
    pub(crate) is_visitor: bool,
    pub(crate) mobile_key: bool,
    pub(crate) consent: bool,
    pub(crate) picture: Option<(String, String)>,
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
}

/// An access group.
#[derive(Debug, Clone)]
pub(crate) struct SimGroup {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) location_id: i64,
}

/// A terminal.
#[derive(Debug, Clone)]
pub(crate) struct SimTerminal {
    pub(crate) serial: String,
    pub(crate) name: String,
    pub(crate) location_id: i64,
    pub(crate) time_registration: bool,
}

/// One registration.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub(crate) struct Company {
    /// The exact, case-sensitive name (the SOAP simulator keys companies by it too).
    #[allow(dead_code)]
    pub(crate) name: String,
    pub(crate) accounts: Vec<Account>,
    pub(crate) users: BTreeMap<String, SimUser>,
    pub(crate) next_user_id: u64,
    pub(crate) groups: Vec<SimGroup>,
    pub(crate) locations: BTreeMap<i64, String>,
    pub(crate) terminals: Vec<SimTerminal>,
    pub(crate) logs: Vec<SimLog>,
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
    pub(crate) card_id: Option<String>,
    pub(crate) card_custom: Option<String>,
    pub(crate) license_plate: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) is_visitor: Option<bool>,
    pub(crate) mobile_key: Option<bool>,
}

impl Company {
    /// A company with no data.
    pub(crate) fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            accounts: Vec::new(),
            users: BTreeMap::new(),
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
        let mut snapshot = u.clone();
        snapshot.on_terminals = None;
        u.on_terminals = Some(Box::new(snapshot));
        Some(u)
    }

    /// Seeds yesterday's registrations: `EMP-001` in and out (8 hours apart) at
    /// `time_clock`, `EMP-002` at `entrance`.
    pub(crate) fn seed_logs(&mut self, time_clock: &str, entrance: &str, now: NaiveDateTime) {
        let yesterday = now - chrono::Duration::days(1);
        for (i, key) in ["IN", "OUT"].iter().enumerate() {
            let t = yesterday + chrono::Duration::hours(i as i64 * 8);
            self.register(time_clock, "EMP-001", key, t, t);
        }
        self.register(entrance, "EMP-002", "", yesterday, yesterday);
    }

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
            let id = self.next_user_id;
            self.next_user_id += 1;
            let default_expire =
                NaiveDateTime::parse_from_str("2030-12-31 23:59:59", "%Y-%m-%d %H:%M:%S").ok();
            self.users.insert(
                ws.to_string(),
                SimUser {
                    user_id: id,
                    ws_alt_user_id: ws.to_string(),
                    start: Some(today),
                    expire: default_expire,
                    self_service: true,
                    ..SimUser::default()
                },
            );
        }
        let known: Vec<String> = self.groups.iter().map(|g| g.name.clone()).collect();
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
            let names: Vec<String> = names.into_iter().filter(|n| known.contains(n)).collect();
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
        if let Some(v) = c.card_id {
            u.card_id = if v == "Remove" { String::new() } else { v };
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
        if let Some(v) = c.mobile_key {
            u.mobile_key = v;
        }
        Ok(created)
    }

    /// Gives a user a (new) wsAltUserId.
    pub(crate) fn set_ws_alt_user_id(&mut self, id: u64, ws: &str) -> Result<(), Refusal> {
        if ws.trim().is_empty() {
            return Err((400, "Required field missing"));
        }
        let old = self
            .users
            .values()
            .find(|u| u.user_id == id)
            .map(|u| u.ws_alt_user_id.clone())
            .ok_or((404, "User not found"))?;
        if let Some(mut u) = self.users.remove(&old) {
            u.ws_alt_user_id = ws.to_string();
            self.users.insert(ws.to_string(), u);
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
            }
        }
        if !self.sync_logs.iter().any(|l| l.sync_id == sync_id) {
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
        finished.sort();
        finished.dedup();
        for (ws, sync_id) in finished {
            let all_done = self
                .sync_logs
                .iter()
                .filter(|l| l.sync_id == sync_id && l.ws_alt_user_id == ws)
                .all(|l| l.stage == 2);
            if !all_done {
                continue;
            }
            let Some(user) = self.users.get(&ws).cloned() else {
                continue;
            };
            let first_time = user.on_terminals.is_none();
            let mut snapshot = user.clone();
            snapshot.on_terminals = None;
            if let Some(u) = self.users.get_mut(&ws) {
                u.on_terminals = Some(Box::new(snapshot.clone()));
            }
            let user = snapshot;
            if first_time {
                for t in self.terminals_of(&user) {
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
#[derive(Debug, Clone)]
pub(crate) struct IdToken {
    pub(crate) company: String,
    pub(crate) role: AccountRole,
    pub(crate) email: String,
    pub(crate) expires_at: DateTime<Utc>,
}

/// The whole simulated environment.
#[derive(Debug, Default)]
pub(crate) struct SimState {
    pub(crate) companies: BTreeMap<String, Company>,
    pub(crate) id_tokens: HashMap<String, IdToken>,
    /// refresh token -> (company, role, email)
    pub(crate) refresh_tokens: HashMap<String, (String, AccountRole, String)>,
    pub(crate) reset_tokens: HashMap<String, (String, AccountRole, String)>,
    pub(crate) next_token: u64,
    /// Injected documented errors per path, answered in order.
    pub(crate) injected: HashMap<String, VecDeque<(u16, String)>>,
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

    /// Makes every idToken expired.
    pub(crate) fn expire_all(&mut self, now: DateTime<Utc>) {
        for t in self.id_tokens.values_mut() {
            t.expires_at = now - Duration::seconds(1);
        }
    }
}
