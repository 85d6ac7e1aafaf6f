//! The vendor-neutral access-core traits, implemented on [`Client`].
//!
//! What Allthenticate offers through them, and what it does not:
//!
//! * [`Directory`]: people are keyed by **e-mail** (the [`ExternalId`] is the
//!   address). `list_people`/`find_person` read `/multipleusers` (members and
//!   guests); `upsert_person` invites a new address (`/invites`) and answers
//!   `Unchanged` for an existing member (no update endpoint is documented);
//!   `remove_person` is unsupported (no delete endpoint is documented).
//! * [`AccessGroups`]: no endpoint lists groups or their ids, so the client
//!   knows the groups created through it ([`crate::groups::Groups::create`]) or
//!   registered with [`crate::groups::Groups::remember`]; membership changes use `PUT /groups`.
//! * [`Credentials`]: cards and PINs through `/modifysmartcards`, whose list
//!   replaces the member's cards **\[I\]**: issuing a credential leaves the member
//!   with that one card or PIN. Listing and revoking are unsupported (no documented
//!   endpoint reads cards, so one card cannot be removed while keeping the others;
//!   `client.smartcards().clear(email_id)` removes them all).
//! * [`DoorControl`]: `/multipleresources?type=DOOR`, `/setlockstatus` (any
//!   positive whole number of seconds); never retried; a timeout's error says `may_have_been_sent()`.
//! * Time-limited guest access with a schedule: [`crate::guest_links::GuestLinks::grant`].

use std::time::Duration;

use access_core::model::{
    AccessGroup, Credential, CredentialKind, CredentialRecord, CredentialState, Door, DoorId,
    DoorState, EmailAddress, ExternalId, Person, RemoveOutcome, UpsertOutcome,
};
use access_core::traits::{
    AccessGroups, AccessSystem, Capabilities, Credentials, Directory, DoorControl,
};
use access_core::{CoreResult, Error, Operation, ValidationError};
use async_trait::async_trait;

use crate::client::VENDOR;
use crate::groups::UpdateGroup;
use crate::model::{LockStatus, Smartcard, UnlockTime};
use crate::resources::{ListResources, Resource, SetLockStatus};
use crate::smartcards::ModifySmartcards;
use crate::users::{Invite, ListUsers, User};

fn unsupported<T>(what: &str) -> CoreResult<T> {
    Err(Error::unsupported(VENDOR, what))
}

fn invalid<T>(field: &str, rule: impl Into<String>) -> CoreResult<T> {
    Err(Error::Validation(ValidationError::new(field, rule)))
}

fn person_of(user: &User) -> Option<Person> {
    let email = user.email.as_deref()?;
    let id = ExternalId::new(email).ok()?;
    let first = user.first_name.clone().unwrap_or_default();
    let last = user.last_name.clone().unwrap_or_default();
    let (first, last) = if first.trim().is_empty() && last.trim().is_empty() {
        (email.to_string(), String::new())
    } else {
        (first, last)
    };
    let mut p = Person::new(id, first, last).ok()?;
    if let Ok(e) = EmailAddress::new(email) {
        p = p.with_email(e);
    }
    p = p.with_groups(user.group_names().map(str::to_owned));
    p.vendor_id = user.email_id.map(|i| i.to_string());
    Some(p)
}

fn door_of(r: &Resource) -> Option<Door> {
    let uuid = r.uuid.clone()?;
    let state = match r.lock_status() {
        Some(LockStatus::Locked) => DoorState::Locked,
        Some(LockStatus::Unlocked) => DoorState::Unlocked,
        Some(LockStatus::Unknown(s)) => DoorState::Unknown(s.clone()),
        None => DoorState::Unknown(String::new()),
    };
    let online = match r.online_status() {
        Some(crate::model::OnlineStatus::Online) => Some(true),
        Some(crate::model::OnlineStatus::Offline) => Some(false),
        _ => None,
    };
    Some(Door::new(
        DoorId(uuid),
        r.name.clone().unwrap_or_default(),
        state,
        online,
    ))
}

impl Client {
    pub(crate) fn groups_registry(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<String, crate::GroupId>> {
        self.inner.groups.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn all_users(&self) -> CoreResult<Vec<User>> {
        let mut users = self.send(&ListUsers::new()).await.map_err(Error::erase)?;
        users.extend(
            self.send(&ListUsers::guests())
                .await
                .map_err(Error::erase)?,
        );
        Ok(users)
    }

    async fn user_by_email(&self, id: &ExternalId) -> CoreResult<Option<User>> {
        Ok(self.all_users().await?.into_iter().find(|u| {
            u.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(id.as_str()))
        }))
    }

    async fn door_uuid(door: &DoorId) -> CoreResult<uuid::Uuid> {
        Ok(SetLockStatus::parse_uuid(&door.0)?)
    }
}

use crate::Client;

impl AccessSystem for Client {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none(VENDOR);
        c.directory = true;
        c.access_groups = true;
        c.credentials = vec![CredentialKind::Card, CredentialKind::Pin];
        c.door_control = true;
        c
    }
}

#[async_trait]
impl Directory for Client {
    async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<Person>> {
        Ok(self.user_by_email(id).await?.as_ref().and_then(person_of))
    }

    async fn list_people(&self) -> CoreResult<Vec<Person>> {
        Ok(self
            .all_users()
            .await?
            .iter()
            .filter_map(person_of)
            .collect())
    }

    async fn upsert_person(&self, person: &Person) -> CoreResult<UpsertOutcome> {
        let email = match &person.email {
            Some(e) => e.clone(),
            None => EmailAddress::new(person.external_id.as_str())?,
        };
        if self.user_by_email(&person.external_id).await?.is_some() {
            return Ok(UpsertOutcome::Unchanged);
        }
        let mut invite = Invite::new([email])?;
        let known = self.groups().known();
        for name in &person.groups {
            match known.iter().find(|g| &g.name == name) {
                Some(g) => invite = invite.group(g.clone()),
                None => {
                    return invalid(
                        "groups",
                        format!(
                            "group {name:?} has no known id; create it with this client or use client.groups().remember(..)"
                        ),
                    );
                }
            }
        }
        self.send(&invite).await.map_err(Error::erase)?;
        Ok(UpsertOutcome::Created)
    }

    async fn remove_person(&self, _id: &ExternalId) -> CoreResult<RemoveOutcome> {
        unsupported("removing people (no documented endpoint)")
    }
}

#[async_trait]
impl AccessGroups for Client {
    async fn list_groups(&self) -> CoreResult<Vec<AccessGroup>> {
        Ok(self
            .groups()
            .known()
            .into_iter()
            .map(|g| AccessGroup::new(g.id.to_string(), g.name))
            .collect())
    }

    async fn set_person_groups(
        &self,
        person: &ExternalId,
        groups: &[String],
    ) -> CoreResult<UpsertOutcome> {
        let Some(user) = self.user_by_email(person).await? else {
            return invalid("person", format!("{person} is not a member"));
        };
        let Some(email_id) = user.email_id else {
            return invalid("person", "the member has no email_id");
        };
        let current: Vec<String> = user.group_names().map(str::to_owned).collect();
        let known = self.groups().known();
        let id_of = |name: &str| -> CoreResult<crate::GroupId> {
            known
                .iter()
                .find(|g| g.name == name)
                .map(|g| g.id)
                .ok_or_else(|| {
                    Error::Validation(ValidationError::new(
                        "groups",
                        format!("group {name:?} has no known id; use client.groups().remember(..)"),
                    ))
                })
        };
        let mut changed = false;
        for name in groups.iter().filter(|g| !current.contains(g)) {
            let req = UpdateGroup::users(id_of(name)?, [email_id], [])?;
            self.send(&req).await.map_err(Error::erase)?;
            changed = true;
        }
        for name in current.iter().filter(|g| !groups.contains(g)) {
            let req = UpdateGroup::users(id_of(name)?, [], [email_id])?;
            self.send(&req).await.map_err(Error::erase)?;
            changed = true;
        }
        Ok(if changed {
            UpsertOutcome::Updated
        } else {
            UpsertOutcome::Unchanged
        })
    }
}

#[async_trait]
impl Credentials for Client {
    async fn list_credentials(&self, _person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        unsupported("listing credentials (no documented endpoint reads smartcards)")
    }

    /// Sends the card (or PIN) as the member's whole list: `/modifysmartcards`
    /// replaces the member's cards **\[I\]**, so cards issued earlier are removed.
    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let card = match credential {
            Credential::Card { number } => Smartcard::from_card_number(number)?,
            Credential::Pin { pin } => Smartcard::new(pin.expose())?.label("PIN"),
            other => return unsupported(&format!("{} credentials", other.kind())),
        };
        let Some(user) = self.user_by_email(person).await? else {
            return invalid("person", format!("{person} is not a member"));
        };
        let Some(email_id) = user.email_id else {
            return invalid("person", "the member has no email_id");
        };
        self.send(&ModifySmartcards::new(email_id, [card])?)
            .await
            .map_err(Error::erase)?;
        Ok(Operation::completed(CredentialState::Active))
    }

    async fn revoke_credential(
        &self,
        _person: &ExternalId,
        _credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        unsupported(
            "revoking one credential (no documented endpoint reads a member's smartcards, \
             so the others cannot be kept; smartcards().clear(email_id) removes them all)",
        )
    }
}

#[async_trait]
impl DoorControl for Client {
    async fn list_doors(&self) -> CoreResult<Vec<Door>> {
        let doors = self
            .send(&ListResources::doors())
            .await
            .map_err(Error::erase)?;
        Ok(doors
            .iter()
            .filter(|r| r.is_door())
            .filter_map(door_of)
            .collect())
    }

    /// Unlocks for `duration`: a positive whole number of seconds (the seed gives
    /// `/setlockstatus` no range), else refused before sending.
    async fn unlock(&self, door: &DoorId, duration: Duration) -> CoreResult<Operation<DoorState>> {
        let time = UnlockTime::from_duration(duration)?;
        let uuid = Self::door_uuid(door).await?;
        self.send(&SetLockStatus::unlock_for(uuid, time))
            .await
            .map_err(Error::erase)?;
        Ok(Operation::completed(DoorState::Unlocked))
    }

    async fn lock(&self, door: &DoorId) -> CoreResult<Operation<DoorState>> {
        let uuid = Self::door_uuid(door).await?;
        self.send(&SetLockStatus::lock(uuid))
            .await
            .map_err(Error::erase)?;
        Ok(Operation::completed(DoorState::Locked))
    }
}
