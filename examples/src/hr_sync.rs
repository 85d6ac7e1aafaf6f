//! Bring every configured vendor to the state of an HR file, through the
//! vendor-neutral `Directory`, `AccessGroups` and `Credentials` traits only.
//!
//! Per vendor: leavers are removed first (their cards are free before anyone is
//! given one), then each employee is upserted, given their groups and their card.
//! Where vendors differ the sync adapts and notes it in the report: Allthenticate
//! keys people by e-mail ([`PersonKey`]); group names the vendor does not have are
//! left out (translate them with a [`GroupMap`]); what a vendor cannot do
//! (`Error::Unsupported`: remove people, list cards) and per-person refusals (iLOQ
//! will not delete someone who holds a key) are noted, not fatal.
//!
//! The sync is idempotent: a second run with the same file writes nothing (every
//! person, group set and credential answers "unchanged"). Any other error stops
//! that vendor's sync and is reported; the others finish, and a rerun completes it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use access_core::model::{
    CardNumber, Credential, CredentialKind, CredentialState, EmailAddress, ExternalId, Person,
    PhoneNumber, UpsertOutcome, Validity,
};
use access_core::traits::{AccessGroups, Credentials, Directory};
use access_core::{Error, PollPolicy, ValidationError};
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

/// One vendor to sync, with the traits it implements.
pub struct Target<'a> {
    /// The vendor name, for the report.
    pub name: &'static str,
    /// People.
    pub directory: &'a dyn Directory,
    /// Groups, where the vendor has them.
    pub groups: Option<&'a dyn AccessGroups>,
    /// Credentials, where the vendor issues cards.
    pub credentials: Option<&'a dyn Credentials>,
}

impl<'a> Target<'a> {
    /// A target with people only; add groups and credentials where the vendor has them.
    pub fn new(name: &'static str, directory: &'a dyn Directory) -> Self {
        Self {
            name,
            directory,
            groups: None,
            credentials: None,
        }
    }

    /// Syncs group memberships through `groups`.
    pub fn groups(mut self, groups: &'a dyn AccessGroups) -> Self {
        self.groups = Some(groups);
        self
    }

    /// Syncs cards through `credentials`.
    pub fn credentials(mut self, credentials: &'a dyn Credentials) -> Self {
        self.credentials = Some(credentials);
        self
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
    /// Group memberships changed.
    pub groups_changed: usize,
    /// Cards issued.
    pub cards_issued: usize,
    /// Cards revoked.
    pub cards_revoked: usize,
    /// Cards pending on the hardware (issued, not yet active).
    pub cards_pending: usize,
    /// Notes, e.g. what the vendor does not support.
    pub notes: BTreeSet<String>,
    /// The failure that stopped this vendor's sync, if any.
    pub failure: Option<String>,
}

impl VendorReport {
    /// Whether the run changed anything at the vendor.
    pub fn changed_anything(&self) -> bool {
        self.created
            + self.updated
            + self.removed
            + self.groups_changed
            + self.cards_issued
            + self.cards_revoked
            > 0
    }
}

impl fmt::Display for VendorReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "created {}, updated {}, unchanged {}, removed {}, group changes {}, cards issued {} (pending {}), revoked {}",
            self.created,
            self.updated,
            self.unchanged,
            self.removed,
            self.groups_changed,
            self.cards_issued,
            self.cards_pending,
            self.cards_revoked
        )?;
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

/// Syncs every target to `employees`. One vendor's failure does not stop the others.
pub async fn sync_all(targets: &[Target<'_>], employees: &[Employee]) -> SyncReport {
    let mut report = SyncReport::new();
    for target in targets {
        let mut r = VendorReport::default();
        if let Err(e) = sync_one(target, employees, &mut r).await {
            r.failure = Some(e.to_string());
        }
        report.insert(target.name, r);
    }
    report
}

fn unsupported(e: &Error<access_core::AnyError>) -> bool {
    matches!(e, Error::Unsupported { .. })
}

/// The vendor answered and refused because of the state of the record, which a
/// retry will not change.
fn refused(e: &Error<access_core::AnyError>) -> bool {
    matches!(e, Error::Service { .. })
        && matches!(
            e.kind(),
            access_core::ErrorKind::Conflict | access_core::ErrorKind::InvalidInput
        )
}

async fn sync_one(
    target: &Target<'_>,
    employees: &[Employee],
    r: &mut VendorReport,
) -> Result<(), Error<access_core::AnyError>> {
    let key = PersonKey::of_vendor(target.directory.vendor());
    // The groups the vendor has: names it does not know cannot be assigned through
    // the traits (no trait creates groups), so they are left out and reported.
    let known_groups: Option<BTreeSet<String>> = match target.groups {
        Some(groups) => Some(
            groups
                .list_groups()
                .await?
                .into_iter()
                .map(|g| g.name)
                .collect(),
        ),
        None => None,
    };
    let mut unknown_groups = BTreeSet::new();
    let mut without_key = Vec::new();
    let mut wanted: Vec<(&Employee, Person)> = Vec::new();
    for employee in employees {
        let Some(mut person) = key.keyed(&employee.person) else {
            without_key.push(employee.person.external_id.as_str().to_string());
            continue;
        };
        if let Some(known) = &known_groups {
            let (keep, drop): (Vec<String>, Vec<String>) = person
                .groups
                .iter()
                .cloned()
                .partition(|g| known.contains(g));
            unknown_groups.extend(drop);
            person.groups = keep;
        }
        wanted.push((employee, person));
    }
    if !unknown_groups.is_empty() {
        r.notes.insert(format!(
            "groups {} do not exist at {} and were left out",
            unknown_groups.into_iter().collect::<Vec<_>>().join(", "),
            target.name
        ));
    }
    if !without_key.is_empty() {
        r.notes.insert(format!(
            "{} keys people by e-mail: skipped {} (no address)",
            target.name,
            without_key.join(", ")
        ));
    }
    // Leavers first: their cards are free again before anyone is given one.
    let ids: BTreeSet<&ExternalId> = wanted.iter().map(|(_, p)| &p.external_id).collect();
    let mut left_in_place = 0;
    for person in target.directory.list_people().await? {
        if ids.contains(&person.external_id) {
            continue;
        }
        match target.directory.remove_person(&person.external_id).await {
            Ok(access_core::model::RemoveOutcome::Removed) => r.removed += 1,
            Ok(_) => {}
            Err(e) if unsupported(&e) => left_in_place += 1,
            // The vendor refuses this one removal for a reason someone has to act
            // on (iLOQ: "return the keys first"): report it and go on.
            Err(e) if refused(&e) => {
                r.notes
                    .insert(format!("leaver {} not removed: {e}", person.external_id));
            }
            Err(e) => return Err(e),
        }
    }
    if left_in_place > 0 {
        r.notes.insert(format!(
            "{} cannot remove people: {left_in_place} not in the HR file left in place",
            target.name
        ));
    }
    for (employee, person) in wanted {
        match target.directory.upsert_person(&person).await? {
            UpsertOutcome::Created => r.created += 1,
            UpsertOutcome::Updated => r.updated += 1,
            _ => r.unchanged += 1,
        }
        if let Some(groups) = target.groups {
            let outcome = groups
                .set_person_groups(&person.external_id, &person.groups)
                .await?;
            if outcome != UpsertOutcome::Unchanged {
                r.groups_changed += 1;
            }
        }
        let keyed = Employee {
            person,
            card: employee.card.clone(),
        };
        sync_card(target, &keyed, r).await?;
    }
    Ok(())
}

async fn sync_card(
    target: &Target<'_>,
    employee: &Employee,
    r: &mut VendorReport,
) -> Result<(), Error<access_core::AnyError>> {
    let Some(creds) = target.credentials else {
        if employee.card.is_some() {
            r.notes
                .insert(format!("{} has no credential API in this SDK", target.name));
        }
        return Ok(());
    };
    if !creds
        .capabilities()
        .supports_credential(CredentialKind::Card)
    {
        if employee.card.is_some() {
            r.notes
                .insert(format!("{} does not issue cards", target.name));
        }
        return Ok(());
    }
    let id = &employee.person.external_id;
    let listed = match creds.list_credentials(id).await {
        Ok(listed) => listed,
        // Without a list, issuing again on every run would not be idempotent.
        Err(e) if unsupported(&e) => {
            if employee.card.is_some() {
                r.notes.insert(format!(
                    "{} cannot list credentials, so cards are not synced",
                    target.name
                ));
            }
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let held: Vec<CardNumber> = listed
        .into_iter()
        .filter(|c| !matches!(c.state, CredentialState::Revoked))
        .filter_map(|c| match c.credential {
            Credential::Card { number } => Some(number),
            _ => None,
        })
        .collect();
    let same =
        |a: &CardNumber, b: &CardNumber| a == b || (a.value().is_some() && a.value() == b.value());
    for card in &held {
        if employee.card.as_ref().is_none_or(|want| !same(want, card)) {
            creds
                .revoke_credential(id, &Credential::card(card.clone()))
                .await?;
            r.cards_revoked += 1;
        }
    }
    if let Some(want) = &employee.card
        && !held.iter().any(|c| same(want, c))
    {
        let op = creds
            .issue_credential(id, &Credential::card(want.clone()))
            .await?;
        r.cards_issued += 1;
        if !op.is_completed() {
            // Cards are usable once the vendor has synced them to the hardware; a
            // short wait reports what finished, the rest stays pending.
            match op
                .wait(&PollPolicy::every(
                    std::time::Duration::from_millis(50),
                    std::time::Duration::from_secs(2),
                ))
                .await
            {
                Ok(_) => {}
                Err(Error::StillPending { .. }) => r.cards_pending += 1,
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}
