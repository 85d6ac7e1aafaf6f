//! The vendor-neutral traits of `access-core`, implemented for iLOQ.
//!
//! * [`Directory`]: people keyed by `ExternalPersonId`. A new person's
//!   `PersonCode` (required, at most 20 characters) is the external id's first
//!   20 characters **\[I\]**; persons go into the Type 4 zone.
//! * [`Credentials`]: physical keys and fobs (by `FNKey_ID` or ROM id) and
//!   phone keys (by phone and/or e-mail). Issuing links or sends and orders;
//!   the [`Operation`] completes when iLOQ reports the key Programmed. No
//!   access rights are attached here: use [`crate::flows::Flows::link_key`] or
//!   [`crate::flows::Flows::change_key_accesses`] for that.
//! * [`EventLog`]: lock logs by arrival time (`TimestampUtc`) windows, so
//!   entries from offline locks that arrive late are still exported. Without a
//!   cursor the export starts a year back **\[I\]** (iLOQ has no "start of log").

use std::collections::HashMap;

use access_core::model::{
    AccessEvent, AccessEventKind, Credential, CredentialKind, CredentialRecord, CredentialState,
    EmailAddress, EventCursor, ExternalId, Person as CorePerson, PhoneNumber, RemoveOutcome,
    UpsertOutcome,
};
use access_core::traits::{
    AccessSystem, Capabilities, Credentials, Directory, EventLog, EventStream,
};
use access_core::{CoreResult, Error, Operation, ValidationError};
use async_trait::async_trait;
use futures_util::StreamExt;

use crate::client::Client;
use crate::flows::Invite;
use crate::ids::KeyId;
use crate::keys::{Key, KeyState, ProgrammingState};
use crate::lock_logs::DeviceLogTypeMask;
use crate::lock_logs::{AuditCursor, LockLogData};
use crate::persons::Person;

const VENDOR: &str = "iloq";

impl AccessSystem for Client {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none(VENDOR);
        c.directory = true;
        c.credentials = vec![CredentialKind::PhysicalKey, CredentialKind::MobileKey];
        c.event_log = true;
        c.deferred_credentials = true;
        c
    }
}

fn to_core(p: &Person) -> Option<CorePerson> {
    let ext = ExternalId::new(p.external_id.clone()?).ok()?;
    let first = p.first_name.clone().unwrap_or_default();
    let mut last = p.last_name.clone().unwrap_or_default();
    if first.trim().is_empty() && last.trim().is_empty() {
        last = p
            .person_code
            .clone()
            .unwrap_or_else(|| ext.as_str().to_string());
    }
    let mut core = CorePerson::new(ext, first, last).ok()?;
    if let Some(e) = p.email.as_deref().and_then(|e| EmailAddress::new(e).ok()) {
        core = core.with_email(e);
    }
    if let Some(ph) = p.phone1.as_deref().and_then(|ph| PhoneNumber::new(ph).ok()) {
        core = core.with_phone(ph);
    }
    core.vendor_id = Some(p.id.to_string());
    Some(core)
}

fn apply(target: &mut Person, p: &CorePerson) -> bool {
    let mut changed = false;
    let mut set = |field: &mut Option<String>, value: Option<String>| {
        if value.is_some() && *field != value {
            *field = value;
            changed = true;
        }
    };
    set(&mut target.first_name, Some(p.first_name.clone()));
    set(&mut target.last_name, Some(p.last_name.clone()));
    set(
        &mut target.email,
        p.email.as_ref().map(|e| e.as_str().to_string()),
    );
    set(
        &mut target.phone1,
        p.phone.as_ref().map(|e| e.as_str().to_string()),
    );
    changed
}

fn state_of(key: &Key) -> CredentialState {
    match (key.state, key.programming_state) {
        (KeyState::Returned | KeyState::Deleted, _) => CredentialState::Revoked,
        (_, ProgrammingState::Programmed) => CredentialState::Active,
        (_, ProgrammingState::Error) => CredentialState::Failed {
            reason: "iLOQ reports a programming error".into(),
        },
        (_, s) => CredentialState::Pending {
            stage: s.stage_name(key.is_phone()).into(),
        },
    }
}

impl Client {
    async fn person_by_external(&self, id: &ExternalId) -> CoreResult<Option<Person>> {
        Ok(self
            .persons()
            .by_external_ids(&[id.as_str()])
            .await
            .map_err(Error::erase)?
            .into_iter()
            .find(|p| p.external_id.as_deref() == Some(id.as_str())))
    }

    async fn require_person(&self, id: &ExternalId) -> CoreResult<Person> {
        self.person_by_external(id).await?.ok_or_else(|| {
            ValidationError::new(
                "external_id",
                format!("no iLOQ person has ExternalPersonId {}", id.as_str()),
            )
            .into()
        })
    }

    async fn resolve_key(&self, key_id: &str) -> CoreResult<KeyId> {
        if let Ok(id) = key_id.parse::<KeyId>() {
            return Ok(id);
        }
        self.keys()
            .by_rom_ids(&[key_id])
            .await
            .map_err(Error::erase)?
            .first()
            .map(|k| k.id)
            .ok_or_else(|| {
                ValidationError::new("key_id", "is neither a FNKey_ID nor a known ROM_ID").into()
            })
    }
}

#[async_trait]
impl Directory for Client {
    async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<CorePerson>> {
        Ok(self
            .person_by_external(id)
            .await?
            .as_ref()
            .and_then(to_core))
    }

    async fn list_people(&self) -> CoreResult<Vec<CorePerson>> {
        Ok(self
            .persons()
            .list()
            .await
            .map_err(Error::erase)?
            .iter()
            .filter_map(to_core)
            .collect())
    }

    async fn upsert_person(&self, person: &CorePerson) -> CoreResult<UpsertOutcome> {
        match self.person_by_external(&person.external_id).await? {
            Some(mut existing) => {
                if !apply(&mut existing, person) {
                    return Ok(UpsertOutcome::Unchanged);
                }
                self.persons()
                    .update(existing)
                    .await
                    .map_err(Error::erase)?;
                Ok(UpsertOutcome::Updated)
            }
            None => {
                let code: String = person.external_id.as_str().chars().take(20).collect();
                let mut new = Person::new(code)?.external_id(person.external_id.as_str());
                apply(&mut new, person);
                self.persons()
                    .insert(new, Vec::new())
                    .await
                    .map_err(Error::erase)?;
                Ok(UpsertOutcome::Created)
            }
        }
    }

    async fn remove_person(&self, id: &ExternalId) -> CoreResult<RemoveOutcome> {
        let Some(person) = self.person_by_external(id).await? else {
            return Ok(RemoveOutcome::NotFound);
        };
        self.persons()
            .delete(person.id)
            .await
            .map_err(Error::erase)?;
        Ok(RemoveOutcome::Removed)
    }
}

#[async_trait]
impl Credentials for Client {
    async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        let person = self.require_person(person).await?;
        let keys = self.persons().keys(person.id).await.map_err(Error::erase)?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let credential = if key.is_phone() {
                let phone = self.key_phones().get(key.id).await.map_err(Error::erase)?;
                Credential::MobileKey {
                    phone: phone
                        .phone
                        .as_deref()
                        .and_then(|p| PhoneNumber::new(p).ok()),
                    email: phone
                        .email
                        .as_deref()
                        .and_then(|e| EmailAddress::new(e).ok()),
                }
            } else {
                Credential::PhysicalKey {
                    key_id: key.id.to_string(),
                }
            };
            out.push(CredentialRecord::new(credential, state_of(&key)));
        }
        Ok(out)
    }

    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let person = self.require_person(person).await?;
        let op = match credential {
            Credential::PhysicalKey { key_id } => {
                let key = self.resolve_key(key_id).await?;
                self.flows()
                    .link_key(key, person.id, &[])
                    .await
                    .map_err(Error::erase)?
            }
            Credential::MobileKey { phone, email } => {
                let invite = match (phone, email) {
                    (phone, Some(email)) => Invite::Email(email.clone(), phone.clone()),
                    (Some(phone), None) => Invite::Sms(phone.clone()),
                    (None, None) => {
                        return Err(ValidationError::new(
                            "mobile_key",
                            "needs a phone or an e-mail",
                        )
                        .into());
                    }
                };
                self.flows()
                    .send_mobile_key(person.id, invite, &[])
                    .await
                    .map_err(Error::erase)?
            }
            other => {
                return Err(Error::unsupported(
                    VENDOR,
                    format!("issuing a {} credential", other.kind()),
                ));
            }
        };
        Ok(op.map(|_| CredentialState::Active))
    }

    async fn revoke_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let person = self.require_person(person).await?;
        let key = match credential {
            Credential::PhysicalKey { key_id } => self.resolve_key(key_id).await?,
            Credential::MobileKey { phone, email } => {
                let keys = self.persons().keys(person.id).await.map_err(Error::erase)?;
                let mut found = None;
                for key in keys
                    .iter()
                    .filter(|k| k.is_phone() && k.state != KeyState::Returned)
                {
                    let p = self.key_phones().get(key.id).await.map_err(Error::erase)?;
                    let same_phone = phone
                        .as_ref()
                        .is_some_and(|x| p.phone.as_deref() == Some(x.as_str()));
                    let same_mail = email
                        .as_ref()
                        .is_some_and(|x| p.email.as_deref() == Some(x.as_str()));
                    if same_phone || same_mail {
                        found = Some(key.id);
                        break;
                    }
                }
                found.ok_or_else(|| {
                    ValidationError::new(
                        "mobile_key",
                        "the person has no phone key with this number or address",
                    )
                })?
            }
            other => {
                return Err(Error::unsupported(
                    VENDOR,
                    format!("revoking a {} credential", other.kind()),
                ));
            }
        };
        let op = self.flows().unlink_key(key).await.map_err(Error::erase)?;
        Ok(op.map(|_| CredentialState::Revoked))
    }
}

pub(crate) fn to_event(
    log: &LockLogData,
    cursor: &AuditCursor,
    people: &HashMap<KeyId, String>,
) -> AccessEvent {
    let kind = if log
        .access_type
        .contains(DeviceLogTypeMask::SUCCESSFUL_ACCESS)
    {
        AccessEventKind::Granted
    } else if log.access_type.contains(DeviceLogTypeMask::FAILED_ACCESS) {
        AccessEventKind::Denied
    } else {
        AccessEventKind::Other(format!("{:?}", log.access_type))
    };
    let occurred = log.going_date.unwrap_or(log.timestamp);
    let mut event = AccessEvent::new(
        VENDOR,
        log.id.to_string(),
        occurred,
        kind,
        EventCursor::new(VENDOR, cursor.to_string()),
    );
    event.person = log
        .key_id
        .map(|k| people.get(&k).cloned().unwrap_or_else(|| k.to_string()));
    event.device = Some(
        log.locking_object
            .clone()
            .unwrap_or_else(|| log.lock_id.to_string()),
    );
    event.description = log.error_description.clone();
    event
}

impl EventLog for Client {
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_> {
        let client = self.clone();
        let setup = async move {
            let cursor = match cursor
                .as_ref()
                .map(|c| c.expect_vendor(VENDOR).and_then(AuditCursor::parse))
            {
                Some(Err(e)) => return Err(Error::from(e)),
                Some(Ok(c)) => Some(c),
                None => None,
            };
            // Key -> the holder's ExternalPersonId, so events name people as the caller knows them.
            let persons = client.persons().list().await.map_err(Error::erase)?;
            let keys = client.keys().list().await.map_err(Error::erase)?;
            let ext: HashMap<_, _> = persons
                .into_iter()
                .filter_map(|p| Some((p.id, p.external_id?)))
                .collect();
            let people: HashMap<KeyId, String> = keys
                .into_iter()
                .filter_map(|k| Some((k.id, ext.get(&k.person_id?)?.clone())))
                .collect();
            let start = client.now() - chrono::Duration::days(365);
            let stream = client
                .lock_logs()
                .audit_trail(cursor, start, chrono::Duration::days(7))
                .map(move |r| {
                    r.map(|(log, c)| to_event(&log, &c, &people))
                        .map_err(Error::erase)
                });
            Ok(stream)
        };
        Box::pin(
            futures_util::stream::once(setup)
                .map(|r| match r {
                    Ok(s) => s.left_stream(),
                    Err(e) => futures_util::stream::once(async move { Err(e) }).right_stream(),
                })
                .flatten(),
        )
    }
}
