//! Bring every configured vendor to the state of an HR file, through the
//! vendor-neutral `Directory`, `AccessGroups` and `Credentials` traits only.
//!
//! The sync is idempotent: a second run with the same file writes nothing (every
//! person, group set and credential answers "unchanged"). A vendor that fails in the
//! middle is reported and skipped; the others finish, and a rerun completes it.

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

async fn sync_one(
    target: &Target<'_>,
    employees: &[Employee],
    r: &mut VendorReport,
) -> Result<(), Error<access_core::AnyError>> {
    let wanted: BTreeSet<&ExternalId> = employees.iter().map(|e| &e.person.external_id).collect();
    for employee in employees {
        match target.directory.upsert_person(&employee.person).await? {
            UpsertOutcome::Created => r.created += 1,
            UpsertOutcome::Updated => r.updated += 1,
            _ => r.unchanged += 1,
        }
        if let Some(groups) = target.groups {
            let outcome = groups
                .set_person_groups(&employee.person.external_id, &employee.person.groups)
                .await?;
            if outcome != UpsertOutcome::Unchanged {
                r.groups_changed += 1;
            }
        }
        sync_card(target, employee, r).await?;
    }
    for person in target.directory.list_people().await? {
        if !wanted.contains(&person.external_id)
            && let access_core::model::RemoveOutcome::Removed =
                target.directory.remove_person(&person.external_id).await?
        {
            r.removed += 1;
        }
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
    let held: Vec<CardNumber> = creds
        .list_credentials(id)
        .await?
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
