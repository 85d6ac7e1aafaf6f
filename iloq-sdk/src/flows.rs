//! The integration's flows (EasySecure's iLOQ recipes) as single calls, each
//! built on the typed endpoints **\[I\]** composition; every step **\[V\]**.
//!
//! | Flow | Calls |
//! |---|---|
//! | [`Flows::link_key`] | GET key (+ GET person when it changes hands), PUT `/Keys` (holder; needs the handover setting), per access CanAdd + POST, CanOrder + Order |
//! | [`Flows::change_key_accesses`] | GET key, GET key accesses (mode 1), CanDelete + DELETE / CanAdd + POST for the Type 3 differences, CanOrder + Order |
//! | [`Flows::send_mobile_key`] | GET person, POST `/Keys` (type 6), PUT `/KeyPhones`, CanUpdateMainZone + UpdateMainZone, accesses, CanOrder + Order (sends the invite) |
//! | [`Flows::resend_invite`] | GET key, POST `/KeyPhones/{id}/ReRegister` |
//! | [`Flows::unlink_key`] | remove every API access; phone key: CanReturn + Return; physical key: release the holder, CanOrder + Order |
//! | [`Flows::block_person`] | GET person, then every key of the person: phone keys returned, physical keys stripped of API accesses and ordered |
//! | [`Flows::put_time_profile_on_key`] | GET key, GET time profile + its `TimeLimitData`, GET the key's slots (mode 1); the key's slot of the profile rewritten (PUT) or a free slot ≥ 2 added (CanAdd + POST); CanOrder + Order |
//! | [`Flows::remove_time_profile_from_key`] | GET key, GET time profile, DELETE the key's slot of the profile, CanOrder + Order |
//!
//! Every id a flow is given is read before anything is written (the key with
//! `GET /Keys/{id}`, the person with `GET /Persons/{id}`, the time profile
//! with `GET /TimeLimitTitles/{id}`, the security accesses from
//! `GET /SecurityAccesses`): an id iLOQ has no record of answers
//! [`Error::NotFound`] (kind `NotFound`) and nothing is written, so a typo
//! "blocks" nobody. [`Flows::link_key`] reads the person only when the key
//! changes hands.
//!
//! The flows are methods of the [`Flows`] handle (`client.flows()`); the audit
//! trail is [`crate::lock_logs::LockLogs::audit_trail`]. Calls that order
//! programming answer an [`Operation`] that completes when
//! iLOQ reports the key `Programmed` (someone presented the key to a wall
//! reader or the programming token, or the S50 app registered).

use std::collections::BTreeSet;

use access_core::{Error, ErrorKind, Operation, ServiceError, VendorErrorBody};

use crate::client::Client;
use crate::error::{Checked, IloqErrorBody};
use crate::ids::{KeyId, PersonId, SecurityAccessId, TimeLimitTitleId};
use crate::key_phones::KeyPhoneUpdate;
use crate::keys::{CanOrderKey, Key, KeyState, NewKey};
use crate::locks::ZoneType;
use crate::persons::Person;
use crate::security_accesses::{AccessMode, SecurityAccess};
use crate::time_limits::TimeLimitTitle;
use crate::time_limits::{CanAddTimeLimit, KeyTimeLimitSlot, TimeLimitPeriod};

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
    /// A record the flow needs does not exist (the webhook event, a
    /// subscription's sign key). An id the caller named that iLOQ has no
    /// record of is [`Error::NotFound`] instead, answered before any write.
    #[error("{0}")]
    NotFound(String),
    /// An iLOQ call of the flow failed: iLOQ's status, `Code` and `Message`,
    /// and the class the call's own error enum gave it.
    #[error(
        "HTTP {status}: {}{}",
        code.as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(|c| format!("{}: ", access_core::Escaped(c)))
            .unwrap_or_default(),
        access_core::Escaped(message)
    )]
    Api {
        /// The HTTP status.
        status: u16,
        /// iLOQ's `Code`, if it sent one.
        code: Option<String>,
        /// iLOQ's `Message`.
        message: String,
        /// The class of the failure.
        kind: ErrorKind,
    },
}

impl ServiceError for FlowError {
    fn from_response(r: &access_core::http::Response) -> Option<Self> {
        IloqErrorBody::parse(r).map(|d| FlowError::Api {
            status: d.status,
            kind: ErrorKind::from_status(d.status),
            code: d.code,
            message: d.message,
        })
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Refused { .. } | Self::SettingOff(_) => ErrorKind::Conflict,
            Self::NotFound(_) => ErrorKind::NotFound,
            Self::Api { kind, .. } => *kind,
        }
    }
    fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => code.as_deref(),
            _ => None,
        }
    }
    fn message(&self) -> Option<&str> {
        match self {
            Self::Api { message, .. } => Some(message),
            _ => None,
        }
    }
    fn clean_server_text(&mut self, clean: &mut dyn FnMut(&mut String)) {
        match self {
            Self::Refused { reason, .. } => clean(reason),
            Self::NotFound(text) => clean(text),
            Self::Api { code, message, .. } => {
                if let Some(code) = code {
                    clean(code);
                }
                clean(message);
            }
            Self::SettingOff(_) => {}
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

    pub(crate) fn of<E: ServiceError>(status: u16, e: &E) -> Self {
        FlowError::Api {
            status,
            code: e.code().map(str::to_string),
            message: e.message().unwrap_or_default().to_string(),
            kind: e.kind(),
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

fn flow<C, E>(e: Error<Checked<C, E>>) -> Error<FlowError>
where
    C: CanCode + std::fmt::Debug + Send + Sync + 'static,
    E: ServiceError,
{
    e.map_service(|status, c| match c {
        Checked::Refused(c) => FlowError::Refused {
            check: C::CHECK,
            reason: c.to_string(),
            code: c.wire(),
        },
        Checked::SettingOff(s) => FlowError::SettingOff(s),
        Checked::Api(a) => FlowError::of(status, &a),
    })
}

pub(crate) fn api<E: ServiceError>(e: Error<E>) -> Error<FlowError> {
    e.map_service(|status, e| FlowError::of(status, &e))
}

const VENDOR: &str = "iloq";

/// A failed read by id: iLOQ's "no such record" answer (the read's variant of
/// kind `NotFound`, "Invalid value" for an unknown id) becomes
/// [`Error::NotFound`] naming `what`; any other failure is the flow's
/// [`FlowError::Api`].
fn known<E: ServiceError>(
    what: impl FnOnce() -> String,
) -> impl FnOnce(Error<E>) -> Error<FlowError> {
    move |e| match e {
        Error::Service { ref error, .. } if error.kind() == ErrorKind::NotFound => {
            Error::not_found(VENDOR, what())
        }
        other => api(other),
    }
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

/// What [`Flows::block_person`] did.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct BlockOutcome {
    /// Physical keys stripped of their API accesses and ordered: they stay
    /// usable at the doors until programmed (ES warns about this).
    pub ordered: Vec<(KeyId, Operation<Key>)>,
    /// Phone keys returned (revoked when the app next connects).
    pub returned: Vec<KeyId>,
}

/// The integration's flows on a [`Client`]: `client.flows()`.
#[derive(Debug, Clone, Copy)]
pub struct Flows<'a>(&'a Client);

impl Client {
    /// The integration's flows (link a key, send a mobile key, block a person, ...).
    pub fn flows(&self) -> Flows<'_> {
        Flows(self)
    }
}

impl Flows<'_> {
    async fn api_accesses(
        self,
        ids: &[SecurityAccessId],
    ) -> Result<Vec<SecurityAccess>, Error<FlowError>> {
        let all = self.0.security_accesses().list().await.map_err(api)?;
        ids.iter()
            .map(|id| {
                all.iter()
                    .find(|a| a.id == *id)
                    .cloned()
                    .ok_or_else(|| Error::not_found(VENDOR, format!("security access {id}")))
            })
            .map(|r| r.and_then(|a| a.require_api_access().map(|_| a).map_err(Error::from)))
            .collect()
    }

    /// The key, read by id: [`Error::NotFound`] if iLOQ has no such key.
    async fn key(self, key: KeyId) -> Result<Key, Error<FlowError>> {
        self.0
            .keys()
            .get(key)
            .await
            .map_err(known(|| format!("key {key}")))
    }

    /// The person, read by id: [`Error::NotFound`] if iLOQ has no such person.
    async fn person(self, person: PersonId) -> Result<Person, Error<FlowError>> {
        self.0
            .persons()
            .get(person)
            .await
            .map_err(known(|| format!("person {person}")))
    }

    /// The time profile, read by id: [`Error::NotFound`] if iLOQ has none.
    async fn time_profile(
        self,
        profile: TimeLimitTitleId,
    ) -> Result<TimeLimitTitle, Error<FlowError>> {
        self.0
            .time_limits()
            .title(profile)
            .await
            .map_err(known(|| format!("time profile {profile}")))
    }

    async fn order_and_track(self, key: KeyId) -> Result<Operation<Key>, Error<FlowError>> {
        self.0.keys().order(key).await.map_err(flow)?;
        let key = self.key(key).await?;
        Ok(self.0.keys().programming(key))
    }

    /// Links a pre-added S5 key or fob to a person with API access rights and
    /// orders it (ES "link a pre-added physical key"). Every access must be
    /// Type 3; a non-API access is refused before anything is changed. The
    /// operation completes when the key is Programmed.
    pub async fn link_key(
        self,
        key: KeyId,
        person: PersonId,
        accesses: &[SecurityAccessId],
    ) -> Result<Operation<Key>, Error<FlowError>> {
        let wanted = self.api_accesses(accesses).await?;
        let current = self.key(key).await?;
        if current.person_id != Some(person) {
            self.person(person).await?;
            self.0
                .keys()
                .hand_over(current, Some(person))
                .await
                .map_err(flow)?;
        }
        let have: BTreeSet<_> = self
            .0
            .security_accesses()
            .of_key(key, AccessMode::Planned)
            .await
            .map_err(api)?
            .security_accesses
            .into_iter()
            .map(|a| a.id)
            .collect();
        for access in wanted.iter().filter(|a| !have.contains(&a.id)) {
            self.0
                .security_accesses()
                .add_to_key(key, access)
                .await
                .map_err(flow)?;
        }
        self.order_and_track(key).await
    }

    /// Makes `desired` the key's API accesses (Type 3 only; non-API accesses
    /// on the key stay as they are), then orders. Completes when Programmed.
    pub async fn change_key_accesses(
        self,
        key: KeyId,
        desired: &[SecurityAccessId],
    ) -> Result<Operation<Key>, Error<FlowError>> {
        let wanted = self.api_accesses(desired).await?;
        self.key(key).await?;
        let current = self
            .0
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
            self.0
                .security_accesses()
                .remove_from_key(key, access)
                .await
                .map_err(flow)?;
        }
        for access in wanted.iter().filter(|a| !have_ids.contains(&a.id)) {
            self.0
                .security_accesses()
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
        self,
        person: PersonId,
        invite: Invite,
        accesses: &[SecurityAccessId],
    ) -> Result<Operation<Key>, Error<FlowError>> {
        let wanted = self.api_accesses(accesses).await?;
        self.person(person).await?;
        let zone = self
            .0
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
        let key = self.0.keys().insert(new).await.map_err(api)?;
        let update = match invite {
            Invite::Sms(phone) => KeyPhoneUpdate::sms(key.id, phone),
            Invite::Email(email, phone) => KeyPhoneUpdate::email(key.id, email, phone),
        };
        self.0.key_phones().update(update).await.map_err(api)?;
        if let Some(zone) = zone
            && self
                .0
                .keys()
                .can_update_main_zone(key.id)
                .await
                .map_err(api)?
                .is_ok()
        {
            self.0
                .keys()
                .update_main_zone(key.id, zone)
                .await
                .map_err(flow)?;
        }
        for access in &wanted {
            self.0
                .security_accesses()
                .add_to_key(key.id, access)
                .await
                .map_err(flow)?;
        }
        self.order_and_track(key.id).await
    }

    /// Sends the mobile key invite again (`ReRegister`), e.g. after it expired.
    pub async fn resend_invite(
        self,
        key: KeyId,
    ) -> Result<(), Error<crate::key_phones::ReRegisterKeyPhoneError>> {
        match self.0.keys().get(key).await {
            Ok(_) => {}
            Err(Error::Service { ref error, .. }) if error.kind() == ErrorKind::NotFound => {
                return Err(Error::not_found(VENDOR, format!("key {key}")));
            }
            Err(other) => return Err(other.recast()),
        }
        self.0.key_phones().re_register(key).await
    }

    async fn strip_api_accesses(self, key: KeyId) -> Result<(), Error<FlowError>> {
        let current = self
            .0
            .security_accesses()
            .of_key(key, AccessMode::Planned)
            .await
            .map_err(api)?
            .security_accesses;
        for access in current.iter().filter(|a| a.is_api_access()) {
            self.0
                .security_accesses()
                .remove_from_key(key, access)
                .await
                .map_err(flow)?;
        }
        Ok(())
    }

    /// Unlinks a key from its person (ES "un-toggle the key"): a phone key is
    /// returned (CanReturn + Return; completed at once); a physical key loses
    /// its API accesses and its holder and is ordered (completes when Programmed).
    pub async fn unlink_key(self, key: KeyId) -> Result<Operation<Key>, Error<FlowError>> {
        let current = self.key(key).await?;
        if current.is_phone() {
            self.0.keys().return_key(key).await.map_err(flow)?;
            let mut returned = current;
            returned.state = KeyState::Returned;
            return Ok(Operation::completed(returned));
        }
        self.strip_api_accesses(key).await?;
        let current = self.key(key).await?;
        if current.person_id.is_some() {
            self.0.keys().hand_over(current, None).await.map_err(flow)?;
        }
        self.order_and_track(key).await
    }

    /// Subscribes `target` (an HTTPS URL of yours) to
    /// [`device_log_arrived`](crate::webhooks::DEVICE_LOG_ARRIVED) from now
    /// until `until`, and answers the subscription with its `SignKey` for
    /// [`AuditTrailFeed`](crate::webhooks::AuditTrailFeed). Finds the event's
    /// id with `GET /Webhooks/Events` (`NotFound` if the system has no such
    /// event: webhooks are a beta feature iLOQ enables per customer), posts the
    /// subscription (answered empty; never retried: a second POST would make a
    /// second subscription) and reads it back for the key.
    pub async fn subscribe_audit_trail(
        self,
        target: impl Into<String>,
        until: chrono::DateTime<chrono::Utc>,
    ) -> Result<crate::webhooks::AuditSubscription, Error<FlowError>> {
        use crate::webhooks::{DEVICE_LOG_ARRIVED, NewSubscription};
        let hooks = self.0.webhooks();
        let event = hooks
            .events()
            .await
            .map_err(api)?
            .into_iter()
            .find(|e| e.name.as_deref() == Some(DEVICE_LOG_ARRIVED))
            .ok_or_else(|| Error::Service {
                status: 200,
                error: FlowError::NotFound(format!(
                    "the locking system has no webhook event {DEVICE_LOG_ARRIVED:?}"
                )),
            })?;
        let new = NewSubscription::new(event.id, target, self.0.now(), until)?;
        let id = hooks.subscribe(new).await.map_err(api)?;
        let read = hooks.subscription(id).await.map_err(api)?;
        let sign_key = read.sign_key.map(|k| k.0).ok_or_else(|| Error::Service {
            status: 200,
            error: FlowError::NotFound("the subscription was answered without its SignKey".into()),
        })?;
        Ok(crate::webhooks::AuditSubscription { id, sign_key })
    }

    /// Puts a time profile on a key and orders it: the key may then open only
    /// in the profile's weekly periods (and within its start and end dates).
    ///
    /// The slot rules of iLOQ's `KeyTimeLimitSlot` **\[V\]** OpenAPI: `SlotNo` 0
    /// is the key's start date and 1 its end date (no profile, no data; they
    /// are set only through the full replace `PUT /Keys/{id}/SecurityAccesses`
    /// **\[V\]** ENK), and every time profile is a `SlotNo` 2 slot that needs
    /// both `TimeLimitTitle_ID` and `TimeLimitData`, with the profile's own start
    /// and end dates when it has them (iLOQ itself places the profiles in the
    /// key's memory). So the flow never touches the date slots: a key that
    /// already carries the profile has that slot rewritten with the profile's
    /// current periods (`PUT /Keys/{id}/TimeLimitTitles/{id}`), otherwise a
    /// slot is added after `CanAdd` said 0. A profile without periods is
    /// refused before anything is changed. The operation completes when the
    /// key is Programmed.
    pub async fn put_time_profile_on_key(
        self,
        key: KeyId,
        profile: TimeLimitTitleId,
    ) -> Result<Operation<Key>, Error<FlowError>> {
        let tl = self.0.time_limits();
        self.key(key).await?;
        let title = self.time_profile(profile).await?;
        let periods: Vec<TimeLimitPeriod> = tl
            .data(profile)
            .await
            .map_err(api)?
            .iter()
            .map(crate::time_limits::TimeLimitData::period)
            .collect();
        if periods.is_empty() {
            return Err(access_core::ValidationError::new(
                "TimeLimitData",
                "the time profile has no weekly periods: a key slot needs them",
            )
            .into());
        }
        let slots = self.key_slots(key).await?;
        let existing = slots.iter().any(|s| s.time_limit_title_id == Some(profile));
        let mut slot = KeyTimeLimitSlot::time_profile(profile, periods)?;
        slot.title_start = title.start;
        slot.title_end = title.end;
        if existing {
            tl.update_key_slot(key, profile, slot).await.map_err(api)?;
        } else {
            let can = tl.can_add(key, slot.clone()).await.map_err(api)?;
            if can != CanAddTimeLimit::Ok {
                return Err(Error::Service {
                    status: 200,
                    error: FlowError::Refused {
                        check: "CanAddTimeLimit",
                        reason: can.to_string(),
                        code: can.code(),
                    },
                });
            }
            tl.add(key, slot).await.map_err(api)?;
        }
        self.order_and_track(key).await
    }

    /// Takes a time profile off a key (`DELETE /Keys/{id}/TimeLimitTitles/{id}`)
    /// and orders it. Completes when the key is Programmed.
    pub async fn remove_time_profile_from_key(
        self,
        key: KeyId,
        profile: TimeLimitTitleId,
    ) -> Result<Operation<Key>, Error<FlowError>> {
        self.key(key).await?;
        self.time_profile(profile).await?;
        self.0
            .time_limits()
            .remove(key, profile)
            .await
            .map_err(api)?;
        self.order_and_track(key).await
    }

    /// The key's planned slots (`KeyTimeLimitSlots` of `GetTimeLimitsResult`).
    async fn key_slots(self, key: KeyId) -> Result<Vec<KeyTimeLimitSlot>, Error<FlowError>> {
        let all = self
            .0
            .time_limits()
            .of_key(key, AccessMode::Planned)
            .await
            .map_err(api)?;
        Ok(all.slots)
    }

    /// Blocks a person (ES "user blocked"): every key of the person loses its
    /// API accesses; physical keys are ordered (still usable until programmed),
    /// phone keys are returned.
    pub async fn block_person(self, person: PersonId) -> Result<BlockOutcome, Error<FlowError>> {
        self.person(person).await?;
        let keys = self.0.persons().keys(person).await.map_err(api)?;
        let mut outcome = BlockOutcome::default();
        for key in keys {
            if matches!(key.state, KeyState::Returned | KeyState::Deleted) {
                continue;
            }
            if key.is_phone() {
                self.0.keys().return_key(key.id).await.map_err(flow)?;
                outcome.returned.push(key.id);
            } else {
                self.strip_api_accesses(key.id).await?;
                let op = self.order_and_track(key.id).await?;
                outcome.ordered.push((key.id, op));
            }
        }
        Ok(outcome)
    }
}
