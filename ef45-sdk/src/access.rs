//! The vendor-neutral `access_core` traits for the EF-45.
//!
//! * [`Directory`]: people are subjects keyed by `user_uuid` (the
//!   [`ExternalId`] is used as the `user_uuid`); names live in the subject;
//!   removal deletes the user from every table (`DELETE /user/{user_uuid}`).
//! * [`Credentials`]: **card** (the user-info `card`, in hex pairs) and
//!   **face**. The EF-45 enrols faces from its own camera, not from an
//!   uploaded picture: issuing a face credential sets the camera to `Slave`,
//!   starts a face capture and answers a pending [`Operation`] that completes
//!   when the person has stood in front of the device and the captured faces
//!   are stored (the `image_base64` of the credential is not used). Listing
//!   reports faces with an empty `image_base64`.
//! * [`EventLog`]: the cursor is the last handled log id; events are read with
//!   `GET /logs/from/to` page by page.

use std::sync::Arc;

use access_core::model::{
    AccessEvent, AccessEventKind, CardNumber, Credential, CredentialKind, CredentialRecord,
    CredentialState, EventCursor, ExternalId, Person, RemoveOutcome, UpsertOutcome,
};
use access_core::traits::{
    AccessSystem, Capabilities, Credentials, Directory, EventLog, EventStream,
};
use access_core::{CoreResult, Error, ErrorKind, Operation, Progress, ValidationError};
use async_trait::async_trait;
use futures_util::StreamExt;

use crate::camera::{CameraMode, CaptureModes, StartCamera};
use crate::client::Client;
use crate::enrolment::DeleteBiometricData;
use crate::faces::{AddFace, DeleteFace, FacesOfUser};
use crate::ids::UserUuid;
use crate::logs::{EventType, LogEntry};
use crate::subjects::Subject;
use crate::users::UserInfo;

const VENDOR: &str = "ef45";

fn uuid_of(id: &ExternalId) -> CoreResult<UserUuid> {
    UserUuid::new(id.as_str()).map_err(Error::from)
}

fn not_found<T, E: access_core::ServiceError>(r: Result<T, Error<E>>) -> CoreResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.erase()),
    }
}

fn person_of(s: &Subject) -> Option<Person> {
    let id = ExternalId::new(s.user_uuid.as_str()).ok()?;
    let mut p = Person::new(id, s.first_name.clone(), s.last_name.clone()).ok()?;
    p.vendor_id = Some(s.user_uuid.as_str().to_string());
    Some(p)
}

impl AccessSystem for Client {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none(VENDOR);
        c.directory = true;
        c.credentials = vec![CredentialKind::Card, CredentialKind::Face];
        c.event_log = true;
        c.deferred_credentials = true;
        c
    }
}

#[async_trait]
impl Directory for Client {
    async fn find_person(&self, id: &ExternalId) -> CoreResult<Option<Person>> {
        let user = uuid_of(id)?;
        Ok(not_found(self.subjects().get(&user).await)?.and_then(|s| person_of(&s)))
    }

    async fn list_people(&self) -> CoreResult<Vec<Person>> {
        let subjects: Vec<Subject> = self.subjects().all(50).await.map_err(Error::erase)?;
        Ok(subjects.iter().filter_map(person_of).collect())
    }

    async fn upsert_person(&self, person: &Person) -> CoreResult<UpsertOutcome> {
        let user = uuid_of(&person.external_id)?;
        let last = if person.last_name.trim().is_empty() {
            person.first_name.clone()
        } else {
            person.last_name.clone()
        };
        match not_found(self.subjects().get(&user).await)? {
            Some(existing)
                if existing.last_name == last && existing.first_name == person.first_name =>
            {
                Ok(UpsertOutcome::Unchanged)
            }
            Some(mut existing) => {
                existing.last_name = last;
                existing.first_name = person.first_name.clone();
                self.subjects().save(existing).await.map_err(Error::erase)?;
                Ok(UpsertOutcome::Updated)
            }
            None => {
                let subject = Subject::new(user, last, person.first_name.clone())?;
                self.subjects().save(subject).await.map_err(Error::erase)?;
                Ok(UpsertOutcome::Created)
            }
        }
    }

    async fn remove_person(&self, id: &ExternalId) -> CoreResult<RemoveOutcome> {
        let user = uuid_of(id)?;
        Ok(match not_found(self.users().delete(&user).await)? {
            Some(_) => RemoveOutcome::Removed,
            None => RemoveOutcome::NotFound,
        })
    }
}

fn hex_card(card: &CardNumber) -> CoreResult<CardNumber> {
    let pairs = card.to_hex_pairs().ok_or_else(|| {
        ValidationError::new("card_number", "must be decimal or hex pairs for the EF-45")
    })?;
    Ok(CardNumber::from_hex_pairs(&pairs)?)
}

#[async_trait]
impl Credentials for Client {
    async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        let user = uuid_of(person)?;
        let mut out = Vec::new();
        if let Some(info) = not_found(self.user_info().get(&user).await)?
            && let Some(card) = info.card
        {
            out.push(CredentialRecord::active(Credential::card(card)));
        }
        let faces = not_found(self.faces().of_user(FacesOfUser::new(user.clone())).await)?
            .unwrap_or_default();
        for _ in faces {
            out.push(CredentialRecord::active(Credential::Face {
                image_base64: String::new(),
            }));
        }
        Ok(out)
    }

    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let user = uuid_of(person)?;
        match credential {
            Credential::Card { number } => {
                let card = hex_card(number)?;
                let info = not_found(self.user_info().get(&user).await)?
                    .unwrap_or_else(|| UserInfo::new(user.clone()));
                let info = info.card(card);
                self.user_info().save(info).await.map_err(Error::erase)?;
                Ok(Operation::completed(CredentialState::Active))
            }
            Credential::Face { .. } => {
                self.camera()
                    .set_mode(CameraMode::Slave)
                    .await
                    .map_err(Error::erase)?;
                self.enrolment()
                    .clear_buffer()
                    .await
                    .map_err(Error::erase)?;
                self.send(&StartCamera::new(CaptureModes::face())?)
                    .await
                    .map_err(Error::erase)?;
                let client = Arc::new(self.clone());
                Ok(Operation::pending_fn(
                    format!("EF-45 face enrolment of {user}"),
                    Some("waiting for the person at the device".into()),
                    move || {
                        let client = client.clone();
                        let user = user.clone();
                        async move {
                            let page = client
                                .enrolment()
                                .biometric_data()
                                .await
                                .map_err(Error::erase)?;
                            let Some(record) = page.items.into_iter().next() else {
                                return Ok(Progress::Pending(None));
                            };
                            if let Some(id) = &record.encounter_id {
                                client
                                    .send(&DeleteBiometricData::new(id.clone()))
                                    .await
                                    .map_err(Error::erase)?;
                            }
                            if record.faces.is_empty() {
                                return Ok(Progress::Done(CredentialState::Failed {
                                    reason: "the capture holds no face".into(),
                                }));
                            }
                            for face in record.faces {
                                let face = face.user(user.clone());
                                client
                                    .send(&AddFace::new(face)?)
                                    .await
                                    .map_err(Error::erase)?;
                            }
                            Ok(Progress::Done(CredentialState::Active))
                        }
                    },
                ))
            }
            other => Err(Error::unsupported(
                VENDOR,
                format!("{} credentials", other.kind()),
            )),
        }
    }

    async fn revoke_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let user = uuid_of(person)?;
        match credential {
            Credential::Card { .. } => {
                if let Some(mut info) = not_found(self.user_info().get(&user).await)? {
                    info.card = None;
                    self.user_info().save(info).await.map_err(Error::erase)?;
                }
                Ok(Operation::completed(CredentialState::Revoked))
            }
            Credential::Face { .. } => {
                let faces = not_found(self.faces().of_user(FacesOfUser::new(user.clone())).await)?
                    .unwrap_or_default();
                for f in faces {
                    self.send(&DeleteFace::new(user.clone(), f.sub_id)?)
                        .await
                        .map_err(Error::erase)?;
                }
                Ok(Operation::completed(CredentialState::Revoked))
            }
            other => Err(Error::unsupported(
                VENDOR,
                format!("{} credentials", other.kind()),
            )),
        }
    }
}

/// Maps a log entry to a vendor-neutral event.
pub fn to_access_event(e: &LogEntry) -> AccessEvent {
    let kind = match (&e.event_type, e.additional_data.as_deref()) {
        (EventType::Recognition, Some(a)) if a.eq_ignore_ascii_case("allowed") => {
            AccessEventKind::Granted
        }
        (EventType::Recognition, Some(a)) if a.eq_ignore_ascii_case("denied") => {
            AccessEventKind::Denied
        }
        (t, _) => AccessEventKind::Other(format!(
            "{}/{}",
            t.as_str(),
            e.info.as_deref().unwrap_or("")
        )),
    };
    let at = e.occurred_at().unwrap_or_default();
    let mut ev = AccessEvent::new(
        VENDOR,
        e.id.to_string(),
        at,
        kind,
        EventCursor::new(VENDOR, e.id.to_string()),
    );
    ev.person = e.user_uuid.as_ref().map(|u| u.as_str().to_string());
    ev.description = e.info.clone();
    ev
}

impl EventLog for Client {
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_> {
        let after = match cursor
            .as_ref()
            .map(|c| c.expect_vendor(VENDOR).map(str::to_string))
        {
            None => None,
            Some(Ok(p)) => match p.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    let e: Error<access_core::AnyError> =
                        ValidationError::new("cursor", "must be an EF-45 log id").into();
                    return Box::pin(futures_util::stream::once(async move { Err(e) }));
                }
            },
            Some(Err(v)) => {
                let e: Error<access_core::AnyError> = v.into();
                return Box::pin(futures_util::stream::once(async move { Err(e) }));
            }
        };
        Box::pin(
            self.logs()
                .since(after, 100)
                .map(|r| r.map(|e| to_access_event(&e)).map_err(Error::erase)),
        )
    }
}
