//! The integration's flows (EasySecure's iLOQ recipes) as single calls, each
//! built on the typed endpoints **\[I\] composition; every step \[V\]**.
//!
//! | Flow | Calls |
//! |---|---|
//! | [`Client::link_key`] | GET key, PUT `/Keys` (holder; needs the handover setting), per access CanAdd + POST, CanOrder + Order |
//! | [`Client::change_key_accesses`] | GET key accesses (mode 1), CanDelete + DELETE / CanAdd + POST for the Type 3 differences, CanOrder + Order |
//! | [`Client::send_mobile_key`] | POST `/Keys` (type 6), PUT `/KeyPhones`, CanUpdateMainZone + UpdateMainZone, accesses, CanOrder + Order (sends the invite) |
//! | [`Client::resend_invite`] | POST `/KeyPhones/{id}/ReRegister` |
//! | [`Client::unlink_key`] | remove every API access; phone key: CanReturn + Return; physical key: release the holder, CanOrder + Order |
//! | [`Client::block_person`] | every key of the person: phone keys returned, physical keys stripped of API accesses and ordered |
//! | [`Client::audit_trail`] | `GetLockLogDataByTimestamp` windows from a cursor |
//!
//! Calls that order programming answer an [`Operation`] that completes when
//! iLOQ reports the key `Programmed` (someone presented the key to a wall
//! reader or the programming token, or the S50 app registered).

use std::collections::BTreeSet;

use access_core::{Error, Operation, Progress};
use chrono::{DateTime, Utc};
use futures_core::Stream;

use crate::client::Client;
use crate::error::{ApiError, Checked, GetError};
use crate::key_phones::KeyPhoneUpdate;
use crate::keys::{CanOrderKey, Key, KeyState, NewKey, ProgrammingState};
use crate::lock_logs::LockLogData;
use crate::locks::ZoneType;
use crate::security_accesses::{AccessMode, SecurityAccess};
use crate::types::{KeyId, PersonId, SecurityAccessId};

/// Why a flow stopped. Every `Can*` refusal keeps iLOQ's typed reason; the
/// step that would have followed was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// A `Can*` check refused (`CanOrder`, `CanAdd`, `CanDelete`, `CanReturn`,
    /// `CanUpdateMainZone`); `check` names it and `reason` is iLOQ's answer.
    #[error("iLOQ {check} refused: {reason}")]
    Refused {
        /// The check, e.g. `CanOrder`.
        check: &'static str,
        /// iLOQ's reason in words, with its code.
        reason: String,
        /// iLOQ's integer answer.
        code: i64,
    },
    /// A locking-system setting the flow needs is off (named).
    #[error("the locking system setting {0:?} is off")]
    SettingOff(&'static str),
    /// A record the flow needs does not exist.
    #[error("{0}")]
    NotFound(String),
    /// An iLOQ call failed.
    #[error("{0}")]
    Api(ApiError),
}

impl access_core::ServiceError for FlowError {
    fn from_response(r: &access_core::http::Response) -> Option<Self> {
        <ApiError as access_core::ServiceError>::from_response(r).map(Self::Api)
    }
    fn kind(&self) -> access_core::ErrorKind {
        match self {
            Self::Refused { .. } | Self::SettingOff(_) => access_core::ErrorKind::Conflict,
            Self::NotFound(_) => access_core::ErrorKind::NotFound,
            Self::Api(e) => access_core::ServiceError::kind(e),
        }
    }
}

impl FlowError {
    /// The `CanOrder` reason when ordering was refused.
    pub fn order_refusal(&self) -> Option<CanOrderKey> {
        match self {
            Self::Refused {
                check: "CanOrder",
                code,
                ..
            } => Some(CanOrderKey::from_code(*code)),
            _ => None,
        }
    }
}

trait CanCode: std::fmt::Display {
    const CHECK: &'static str;
    fn wire(&self) -> i64;
}

macro_rules! can_code {
    ($($t:ty => $check:literal),*) => {$(
        impl CanCode for $t {
            const CHECK: &'static str = $check;
            fn wire(&self) -> i64 { self.code() }
        }
    )*};
}
can_code!(
    crate::keys::CanOrderKey => "CanOrder",
    crate::keys::CanReturnKey => "CanReturn",
    crate::keys::CanUpdateMainZone => "CanUpdateMainZone",
    crate::security_accesses::CanAddSecurityAccess => "CanAdd",
    crate::security_accesses::CanDeleteSecurityAccess => "CanDelete"
);

impl CanCode for std::convert::Infallible {
    const CHECK: &'static str = "none";
    fn wire(&self) -> i64 {
        match *self {}
    }
}

fn flow<C: CanCode + std::fmt::Debug + Send + Sync + 'static>(
    e: Error<Checked<C>>,
) -> Error<FlowError> {
    e.map_service(|_, c| match c {
        Checked::Refused(c) => FlowError::Refused {
            check: C::CHECK,
            reason: c.to_string(),
            code: c.wire(),
        },
        Checked::SettingOff(s) => FlowError::SettingOff(s),
        Checked::Api(a) => FlowError::Api(a),
    })
}

fn api(e: Error<ApiError>) -> Error<FlowError> {
    e.map_service(|_, e| FlowError::Api(e))
}

fn get(e: Error<GetError>) -> Error<FlowError> {
    e.map_service(|_, e| match e {
        GetError::NotFound { message, .. } => FlowError::NotFound(message),
        GetError::Unknown {
            status,
            code,
            message,
        } => FlowError::Api(ApiError::Unknown {
            status,
            code,
            message,
        }),
    })
}

/// How a mobile key invite is delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Invite {
    /// By SMS to an E.164 number.
    Sms(access_core::model::PhoneNumber),
    /// By e-mail (UseEmail bit), optionally with a phone number.
    Email(
        access_core::model::EmailAddress,
        Option<access_core::model::PhoneNumber>,
    ),
}

/// What [`Client::block_person`] did.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct BlockOutcome {
    /// Physical keys stripped of their API accesses and ordered: they stay
    /// usable at the doors until programmed (ES warns about this).
    pub ordered: Vec<(KeyId, Operation<Key>)>,
    /// Phone keys returned (revoked when the app next connects).
    pub returned: Vec<KeyId>,
}

impl Client {
    /// An operation that completes when iLOQ reports the key Programmed.
    pub fn key_programming(&self, key: Key) -> Operation<Key> {
        if key.programming_state == ProgrammingState::Programmed {
            return Operation::completed(key);
        }
        let client = self.clone();
        let id = key.id;
        let phone = key.is_phone();
        let stage = Some(key.programming_state.stage_name(phone).to_string());
        Operation::pending_fn(format!("iLOQ key {id} programming"), stage, move || {
            let client = client.clone();
            async move {
                let key = client.keys().get(id).await.map_err(Error::erase)?;
                Ok(match key.programming_state {
                    ProgrammingState::Programmed => Progress::Done(key),
                    s => Progress::Pending(Some(s.stage_name(phone).to_string())),
                })
            }
        })
    }

    async fn api_accesses(
        &self,
        ids: &[SecurityAccessId],
    ) -> Result<Vec<SecurityAccess>, Error<FlowError>> {
        let all = self.security_accesses().list().await.map_err(api)?;
        ids.iter()
            .map(|id| {
                all.iter()
                    .find(|a| a.id == *id)
                    .cloned()
                    .ok_or_else(|| Error::Service {
                        status: 200,
                        error: FlowError::NotFound(format!(
                            "security access {id} is not in the locking system"
                        )),
                    })
            })
            .map(|r| r.and_then(|a| a.require_api_access().map(|_| a).map_err(Error::from)))
            .collect()
    }

    async fn order_and_track(&self, key: KeyId) -> Result<Operation<Key>, Error<FlowError>> {
        self.keys().order(key).await.map_err(flow)?;
        let key = self.keys().get(key).await.map_err(get)?;
        Ok(self.key_programming(key))
    }

    /// Links a pre-added S5 key or fob to a person with API access rights and
    /// orders it (ES "link a pre-added physical key"). Every access must be
    /// Type 3; a non-API access is refused before anything is changed. The
    /// operation completes when the key is Programmed.
    pub async fn link_key(
        &self,
        key: KeyId,
        person: PersonId,
        accesses: &[SecurityAccessId],
    ) -> Result<Operation<Key>, Error<FlowError>> {
        let wanted = self.api_accesses(accesses).await?;
        let current = self.keys().get(key).await.map_err(get)?;
        if current.person_id != Some(person) {
            self.keys()
                .hand_over(current, Some(person))
                .await
                .map_err(flow)?;
        }
        let have: BTreeSet<_> = self
            .security_accesses()
            .of_key(key, AccessMode::Planned)
            .await
            .map_err(api)?
            .security_accesses
            .into_iter()
            .map(|a| a.id)
            .collect();
        for access in wanted.iter().filter(|a| !have.contains(&a.id)) {
            self.security_accesses()
                .add_to_key(key, access)
                .await
                .map_err(flow)?;
        }
        self.order_and_track(key).await
    }

    /// Makes `desired` the key's API accesses (Type 3 only; non-API accesses
    /// on the key stay as they are), then orders. Completes when Programmed.
    pub async fn change_key_accesses(
        &self,
        key: KeyId,
        desired: &[SecurityAccessId],
    ) -> Result<Operation<Key>, Error<FlowError>> {
        let wanted = self.api_accesses(desired).await?;
        let current = self
            .security_accesses()
            .of_key(key, AccessMode::Planned)
            .await
            .map_err(api)?
            .security_accesses;
        let want_ids: BTreeSet<_> = wanted.iter().map(|a| a.id).collect();
        let have_ids: BTreeSet<_> = current.iter().map(|a| a.id).collect();
        for access in current
            .iter()
            .filter(|a| a.is_api_access() && !want_ids.contains(&a.id))
        {
            self.security_accesses()
                .remove_from_key(key, access)
                .await
                .map_err(flow)?;
        }
        for access in wanted.iter().filter(|a| !have_ids.contains(&a.id)) {
            self.security_accesses()
                .add_to_key(key, access)
                .await
                .map_err(flow)?;
        }
        self.order_and_track(key).await
    }

    /// Sends a mobile key: inserts a phone key for the person in the Type 4
    /// zone, sets phone and/or e-mail, sets the main zone, adds the API
    /// accesses and orders, which sends the invite (state "Sent"). Completes
    /// when the S50 app registered (Programmed).
    pub async fn send_mobile_key(
        &self,
        person: PersonId,
        invite: Invite,
        accesses: &[SecurityAccessId],
    ) -> Result<Operation<Key>, Error<FlowError>> {
        let wanted = self.api_accesses(accesses).await?;
        let zone = self
            .zones()
            .list()
            .await
            .map_err(api)?
            .into_iter()
            .find(|z| z.zone_type == ZoneType::DefaultForKeysAndPersons)
            .map(|z| z.id);
        let mut new = NewKey::phone(person, "Mobile key");
        if let Some(zone) = zone {
            new = new.zones(vec![zone]);
        }
        let key = self.keys().insert(new).await.map_err(api)?;
        let update = match invite {
            Invite::Sms(phone) => KeyPhoneUpdate::sms(key.id, phone),
            Invite::Email(email, phone) => KeyPhoneUpdate::email(key.id, email, phone),
        };
        self.key_phones().update(update).await.map_err(api)?;
        if let Some(zone) = zone
            && self
                .keys()
                .can_update_main_zone(key.id)
                .await
                .map_err(api)?
                .is_ok()
        {
            self.keys()
                .update_main_zone(key.id, zone)
                .await
                .map_err(flow)?;
        }
        for access in &wanted {
            self.security_accesses()
                .add_to_key(key.id, access)
                .await
                .map_err(flow)?;
        }
        self.order_and_track(key.id).await
    }

    /// Sends the mobile key invite again (`ReRegister`), e.g. after it expired.
    pub async fn resend_invite(&self, key: KeyId) -> Result<(), Error<ApiError>> {
        self.key_phones().re_register(key).await
    }

    async fn strip_api_accesses(&self, key: KeyId) -> Result<(), Error<FlowError>> {
        let current = self
            .security_accesses()
            .of_key(key, AccessMode::Planned)
            .await
            .map_err(api)?
            .security_accesses;
        for access in current.iter().filter(|a| a.is_api_access()) {
            self.security_accesses()
                .remove_from_key(key, access)
                .await
                .map_err(flow)?;
        }
        Ok(())
    }

    /// Unlinks a key from its person (ES "un-toggle the key"): a phone key is
    /// returned (CanReturn + Return; completed at once); a physical key loses
    /// its API accesses and its holder and is ordered (completes when Programmed).
    pub async fn unlink_key(&self, key: KeyId) -> Result<Operation<Key>, Error<FlowError>> {
        let current = self.keys().get(key).await.map_err(get)?;
        if current.is_phone() {
            self.keys().return_key(key).await.map_err(flow)?;
            let mut returned = current;
            returned.state = KeyState::Returned;
            return Ok(Operation::completed(returned));
        }
        self.strip_api_accesses(key).await?;
        let current = self.keys().get(key).await.map_err(get)?;
        if current.person_id.is_some() {
            self.keys().hand_over(current, None).await.map_err(flow)?;
        }
        self.order_and_track(key).await
    }

    /// Blocks a person (ES "user blocked"): every key of the person loses its
    /// API accesses; physical keys are ordered (still usable until programmed),
    /// phone keys are returned.
    pub async fn block_person(&self, person: PersonId) -> Result<BlockOutcome, Error<FlowError>> {
        let keys = self.persons().keys(person).await.map_err(api)?;
        let mut outcome = BlockOutcome::default();
        for key in keys {
            if matches!(key.state, KeyState::Returned | KeyState::Deleted) {
                continue;
            }
            if key.is_phone() {
                self.keys().return_key(key.id).await.map_err(flow)?;
                outcome.returned.push(key.id);
            } else {
                self.strip_api_accesses(key.id).await?;
                let op = self.order_and_track(key.id).await?;
                outcome.ordered.push((key.id, op));
            }
        }
        Ok(outcome)
    }

    /// The audit trail from `cursor` (or from `start` when `None`) until now:
    /// `GetLockLogDataByTimestamp` on windows of `window` over the server's
    /// arrival time, so entries that arrive late from offline locks are still
    /// exported. Entries are yielded sorted by (TimestampUtc, DeviceLog_ID),
    /// each with the cursor to resume after it.
    pub fn audit_trail(
        &self,
        cursor: Option<AuditCursor>,
        start: DateTime<Utc>,
        window: chrono::Duration,
    ) -> impl Stream<Item = Result<(LockLogData, AuditCursor), Error<ApiError>>> + Send + use<>
    {
        let client = self.clone();
        let from = cursor.as_ref().map(|c| c.timestamp).unwrap_or(start);
        struct St {
            client: Client,
            next: DateTime<Utc>,
            until: Option<DateTime<Utc>>,
            after: Option<AuditCursor>,
            window: chrono::Duration,
            rows: std::vec::IntoIter<LockLogData>,
            done: bool,
        }
        let st = St {
            client,
            next: from,
            until: None,
            after: cursor,
            window: window.max(chrono::Duration::seconds(1)),
            rows: Vec::new().into_iter(),
            done: false,
        };
        futures_util::stream::unfold(st, |mut st| async move {
            loop {
                if let Some(row) = st.rows.next() {
                    let c = AuditCursor {
                        timestamp: row.timestamp,
                        id: Some(row.id.0),
                    };
                    if st.after.as_ref().is_some_and(|a| !c.is_after(a)) {
                        continue;
                    }
                    st.after = Some(c.clone());
                    return Some((Ok((row, c)), st));
                }
                if st.done {
                    return None;
                }
                let until = *st.until.get_or_insert_with(|| st.client.now());
                if st.next >= until {
                    return None;
                }
                let end = (st.next + st.window).min(until);
                match st.client.lock_logs().by_timestamp(st.next, end).await {
                    Err(e) => {
                        st.done = true;
                        return Some((Err(e), st));
                    }
                    Ok(page) => {
                        let mut logs = page.logs;
                        logs.sort_by_key(|l| (l.timestamp, l.id));
                        st.rows = logs.into_iter();
                        st.next = end;
                    }
                }
            }
        })
    }

    /// The current time on the client's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock_now()
    }
}

/// Where an audit trail export stands: the `TimestampUtc` of the last entry
/// handled and its id (entries sharing a timestamp are ordered by id).
/// Text form `2025-05-20T10:00:00.5Z|<guid>`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditCursor {
    /// The arrival time of the last entry handled.
    pub timestamp: DateTime<Utc>,
    /// Its `DeviceLog_ID`.
    pub id: Option<uuid::Uuid>,
}

impl AuditCursor {
    /// A cursor at a time (entries arriving at or after it are exported).
    pub fn at(timestamp: DateTime<Utc>) -> Self {
        Self {
            timestamp,
            id: None,
        }
    }

    fn is_after(&self, other: &AuditCursor) -> bool {
        (self.timestamp, self.id) > (other.timestamp, other.id)
    }

    /// Parses the text form.
    pub fn parse(s: &str) -> Result<Self, access_core::ValidationError> {
        let bad = || {
            access_core::ValidationError::new("cursor", "must be '<TimestampUtc>|<DeviceLog_ID>'")
        };
        let (ts, id) = s.split_once('|').unwrap_or((s, ""));
        let timestamp = crate::dates::parse_utc(ts).ok_or_else(bad)?;
        let id = if id.is_empty() {
            None
        } else {
            Some(uuid::Uuid::parse_str(id).map_err(|_| bad())?)
        };
        Ok(Self { timestamp, id })
    }
}

impl std::fmt::Display for AuditCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}|", crate::dates::format_utc(&self.timestamp))?;
        if let Some(id) = self.id {
            write!(f, "{id}")?;
        }
        Ok(())
    }
}
