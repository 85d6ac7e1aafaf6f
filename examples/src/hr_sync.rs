//! Bring every configured vendor to the state of an HR file, through the
//! vendor-neutral bulk sync of `access-core` ([`access_core::sync`]) only.
//!
//! Per vendor the sync reads the vendor's people once, compares them with the
//! file locally and writes only the differences: leavers are removed first (their
//! cards are free before anyone is given one), then people are created and
//! updated with their groups and card, in the vendor's batches (EasySecure
//! `setUsers` and one terminal sync, Allthenticate `/invites` and one group
//! update per group) or a bounded number of writes in flight (iLOQ, EF-45).
//! Where vendors differ the sync adapts and notes it in the report: Allthenticate
//! keys people by e-mail ([`PersonKey`]); group names the vendor does not have are
//! left out (translate them with a [`GroupMap`]); what a vendor cannot do (remove
//! people, list cards) is noted, not faked.
//!
//! A person the vendor refuses (iLOQ will not delete someone who holds a key) is
//! listed in [`VendorReport::failures`] and the others are written. The sync is
//! idempotent: a second run with the same file reads each vendor once and writes
//! nothing. An error that concerns the whole vendor (its login, its listing)
//! stops that vendor's sync and is reported; the others finish, and a rerun
//! completes it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use access_core::ValidationError;
use access_core::model::{CardNumber, EmailAddress, ExternalId, Person, PhoneNumber, Validity};
use access_core::sync::{self, BulkDirectory, Member, OnProgress, SyncOptions};
use chrono::NaiveDateTime;

/// One employee row of the HR file.
#[derive(Debug, Clone, PartialEq)]
pub struct Employee {
    /// The person as the vendors should have them.
    pub person: Person,
    /// The badge number, if the employee has one.
    pub card: Option<CardNumber>,
}

/// Parses the HR file: one employee a line,
/// `external_id,first_name,last_name,email,phone,groups,card_number,valid_from,valid_to`,
/// groups separated by `;`, times `yyyy-mm-dd hh:mm:ss`; `#` starts a comment line.
pub fn parse_employees(text: &str) -> Result<Vec<Employee>, ValidationError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |e: ValidationError| {
            ValidationError::new(format!("line {}: {}", n + 1, e.field), e.rule)
        };
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        if cols.len() != 9 {
            return Err(ValidationError::new(
                format!("line {}", n + 1),
                "must have 9 comma-separated columns",
            ));
        }
        let time = |s: &str, field: &str| -> Result<Option<NaiveDateTime>, ValidationError> {
            if s.is_empty() {
                return Ok(None);
            }
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
                .map(Some)
                .map_err(|_| {
                    ValidationError::new(
                        format!("line {}: {field}", n + 1),
                        "must be yyyy-mm-dd hh:mm:ss",
                    )
                })
        };
        let mut person =
            Person::new(ExternalId::new(cols[0]).map_err(at)?, cols[1], cols[2]).map_err(at)?;
        if !cols[3].is_empty() {
            person = person.with_email(EmailAddress::new(cols[3]).map_err(at)?);
        }
        if !cols[4].is_empty() {
            person = person.with_phone(PhoneNumber::new(cols[4]).map_err(at)?);
        }
        person = person.with_groups(cols[5].split(';').map(str::trim).filter(|g| !g.is_empty()));
        person = person.with_validity(
            Validity::new(time(cols[7], "valid_from")?, time(cols[8], "valid_to")?).map_err(at)?,
        );
        let card = if cols[6].is_empty() {
            None
        } else {
            Some(CardNumber::from_decimal(cols[6]).map_err(at)?)
        };
        out.push(Employee { person, card });
    }
    Ok(out)
}

/// Writes an HR file of `n` generated employees (ids `G-000001`...; every
/// fourth without a card, every tenth without an e-mail address), in the form
/// [`parse_employees`] reads: for trying the sync at scale.
pub fn generate_employees(n: usize) -> String {
    const FIRST: [&str; 8] = [
        "Anna", "Bram", "Chloé", "Daan", "Eva", "Finn", "Gijs", "Hana",
    ];
    const LAST: [&str; 8] = [
        "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    ];
    const GROUPS: [&str; 4] = [
        "Staff;Office",
        "Staff;Warehouse",
        "Warehouse;Night shift",
        "Contractors",
    ];
    let mut out = String::with_capacity(n * 96 + 128);
    out.push_str(
        "# external_id,first_name,last_name,email,phone,groups,card_number,valid_from,valid_to\n",
    );
    for i in 1..=n {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len()) % LAST.len()];
        let email = if i % 10 == 0 {
            String::new()
        } else {
            format!("employee{i:06}@example.com")
        };
        let card = if i % 4 == 0 {
            String::new()
        } else {
            (2_000_000_000u64 + i as u64).to_string()
        };
        out.push_str(&format!(
            "G-{i:06},{first},{last},{email},+316{:08},{},{card},,\n",
            i % 100_000_000,
            GROUPS[i % GROUPS.len()]
        ));
    }
    out
}

/// One vendor to sync.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    /// The vendor name, for the report.
    pub name: &'static str,
    /// The vendor's bulk sync.
    pub bulk: &'a dyn BulkDirectory,
}

impl<'a> Target<'a> {
    /// A target named `name`.
    pub fn new(name: &'static str, bulk: &'a dyn BulkDirectory) -> Self {
        Self { name, bulk }
    }
}

/// What a vendor keys people by, i.e. which of the employee's data becomes the
/// vendor-side [`ExternalId`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonKey {
    /// The HR file's external id (EasySecure `wsAltUserId`, iLOQ
    /// `ExternalPersonId`, EF-45 `user_uuid`).
    ExternalId,
    /// The e-mail address (Allthenticate has no field for a caller's id).
    Email,
}

impl PersonKey {
    /// The key scheme of a vendor, by its [`access_core::traits::AccessSystem::vendor`]
    /// name (as the access-core model documents it).
    pub fn of_vendor(vendor: &str) -> Self {
        match vendor {
            "allthenticate" => PersonKey::Email,
            _ => PersonKey::ExternalId,
        }
    }

    /// The person as this vendor keys them: for [`PersonKey::Email`] the external id
    /// becomes the address (`None` when the employee has none).
    pub fn keyed(self, person: &Person) -> Option<Person> {
        match self {
            PersonKey::ExternalId => Some(person.clone()),
            PersonKey::Email => {
                let email = person.email.as_ref()?;
                let mut p = person.clone();
                p.external_id = ExternalId::new(email.as_str()).ok()?;
                Some(p)
            }
        }
    }
}

/// What a sync did at one vendor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorReport {
    /// People created.
    pub created: usize,
    /// People updated.
    pub updated: usize,
    /// People already right.
    pub unchanged: usize,
    /// Leavers removed.
    pub removed: usize,
    /// Writes that changed group memberships.
    pub groups_changed: usize,
    /// Writes that changed cards (issued, replaced or revoked).
    pub cards_changed: usize,
    /// The people the vendor refused, one line each (`update E-1001: ...`).
    pub failures: Vec<String>,
    /// Notes, e.g. what the vendor does not support.
    pub notes: BTreeSet<String>,
    /// The failure that stopped this vendor's sync, if any.
    pub failure: Option<String>,
}

impl VendorReport {
    /// Whether the run changed anything at the vendor.
    pub fn changed_anything(&self) -> bool {
        self.created + self.updated + self.removed > 0
    }

    /// Whether anything failed (the vendor or a person).
    pub fn failed_anything(&self) -> bool {
        self.failure.is_some() || !self.failures.is_empty()
    }
}

impl fmt::Display for VendorReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "created {}, updated {}, unchanged {}, removed {}, group changes {}, card changes {}",
            self.created,
            self.updated,
            self.unchanged,
            self.removed,
            self.groups_changed,
            self.cards_changed,
        )?;
        if !self.failures.is_empty() {
            write!(f, "; {} people refused", self.failures.len())?;
        }
        if let Some(failure) = &self.failure {
            write!(f, "; FAILED: {failure}")?;
        }
        for note in &self.notes {
            write!(f, "; {note}")?;
        }
        Ok(())
    }
}

/// How HR group names translate to a vendor's group names (`"Office" -> "Staff"`).
/// Names without an entry are kept as they are.
pub type GroupMap = BTreeMap<String, String>;

/// Parses a group map written `HR=Vendor;HR=Vendor` (as in `EASYSECURE_GROUP_MAP`).
pub fn parse_group_map(text: &str) -> Result<GroupMap, ValidationError> {
    text.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (from, to) = pair
                .split_once('=')
                .filter(|(f, t)| !f.trim().is_empty() && !t.trim().is_empty())
                .ok_or_else(|| ValidationError::new("group_map", "must be HR=Vendor;HR=Vendor"))?;
            Ok((from.trim().to_string(), to.trim().to_string()))
        })
        .collect()
}

/// The employees with their groups translated by `map` (duplicates removed, order kept).
pub fn map_groups(employees: &[Employee], map: &GroupMap) -> Vec<Employee> {
    employees
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let mut groups: Vec<String> = Vec::new();
            for g in &e.person.groups {
                let g = map.get(g).unwrap_or(g);
                if !groups.contains(g) {
                    groups.push(g.clone());
                }
            }
            e.person.groups = groups;
            e
        })
        .collect()
}

/// The report of a whole sync, per vendor.
pub type SyncReport = BTreeMap<&'static str, VendorReport>;

/// The members to sync at a vendor that keys people by `key`, and the external
/// ids of the employees it cannot key.
pub fn members_for(key: PersonKey, employees: &[Employee]) -> (Vec<Member>, Vec<String>) {
    let mut members = Vec::with_capacity(employees.len());
    let mut without_key = Vec::new();
    for employee in employees {
        let Some(person) = key.keyed(&employee.person) else {
            without_key.push(employee.person.external_id.as_str().to_string());
            continue;
        };
        let member = Member::new(person);
        members.push(match &employee.card {
            Some(card) => member.with_card(card.clone()),
            None => member,
        });
    }
    (members, without_key)
}

/// Syncs every target to `employees`, removing the people the file does not
/// list. One vendor's failure does not stop the others. `on_progress` is called
/// as each vendor's writes finish (use `&|_| {}` for none).
pub async fn sync_all(
    targets: &[Target<'_>],
    employees: &[Employee],
    on_progress: OnProgress<'_>,
) -> SyncReport {
    let mut report = SyncReport::new();
    for target in targets {
        report.insert(target.name, sync_one(target, employees, on_progress).await);
    }
    report
}

async fn sync_one(
    target: &Target<'_>,
    employees: &[Employee],
    on_progress: OnProgress<'_>,
) -> VendorReport {
    let key = PersonKey::of_vendor(target.bulk.vendor());
    let (members, without_key) = members_for(key, employees);
    let mut r = VendorReport::default();
    if !without_key.is_empty() {
        let shown: Vec<&str> = without_key.iter().take(5).map(String::as_str).collect();
        let more = without_key.len().saturating_sub(shown.len());
        r.notes.insert(format!(
            "{} keys people by e-mail: skipped {} without an address ({}{})",
            target.name,
            without_key.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    let options = SyncOptions::default().remove_leavers(true);
    match sync::sync(target.bulk, &members, &options, on_progress).await {
        Ok(done) => {
            r.created = done.created;
            r.updated = done.updated;
            r.unchanged = done.unchanged;
            r.removed = done.removed;
            r.groups_changed = done.groups_changed;
            r.cards_changed = done.cards_changed;
            r.failures = done.failures.iter().map(ToString::to_string).collect();
            r.notes.extend(done.notes);
            r.failure = done.aborted.map(|e| e.to_string());
        }
        Err(e) => r.failure = Some(e.to_string()),
    }
    r
}
