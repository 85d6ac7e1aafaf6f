//! The lock session: how the client obtains, attaches and re-acquires `lock_uid`.
//!
//! * **Attach.** Every call except `/lock` and `/version` gets `lock_uid` as a
//!   query parameter **\[V\]** E1/E2/E3, added by [`LockSession`] through
//!   `access_core`'s [`Authorizer`] hook (never by hand in a request type).
//! * **Obtain.** The first call that needs a lock obtains one as
//!   [`ConnectPolicy`] says (default: `POST /lock`, and `PUT /lock` when the
//!   device refuses that with a 4xx; not on a 5xx or a transport failure, where
//!   the on-device middleware E3 would force the lock too). Concurrent first calls share
//!   one request ([`CredentialCache`] single-flight).
//! * **Lost lock.** The device refuses a `lock_uid` it does not hold (another
//!   client took the lock over with `PUT /lock`, or the device restarted) with
//!   **HTTP 401**, the answer of the simulator (`401 "Invalid lock_uid"`) and the
//!   only signal the session acts on ([`is_lock_refusal`]). The fact sheet
//!   documents no body for it **\[I\]**, so the status alone decides: the
//!   `lock_uid` is the only credential the device checks, and a 401 says the
//!   request was refused for its credential, that is before the device acted
//!   on it. With [`LostLockPolicy::TakeOver`] (default) the session takes the
//!   lock back with **one** `PUT /lock` however many calls noticed it
//!   ([`CredentialCache`] single-flight), and each refused call is replayed
//!   once, non-idempotent writes (`DELETE /user`, `POST /user`, ...) included:
//!   the 401 proves the first attempt did nothing. A second 401 after the
//!   replay is `AuthError::RejectedAfterRenewal` (no third attempt). With
//!   [`LostLockPolicy::Fail`] the call fails with `AuthError::Rejected` and
//!   the other client keeps the device: choose this when two integrations
//!   share a device and must not fight over it.
//! * **Anything else is the device's answer, not a lost lock.** A 423, a 409
//!   "record locked", a 403 "door locked", a 400 that names `lock_uid`, or any
//!   other non-401 answer is never taken for a lost lock, whatever its text
//!   says: the session does not take the device (`PUT /lock` evicts another
//!   client) and the call is not replayed, because such an answer does not
//!   prove the device refused the request before acting. The call returns the
//!   device's error as it is, with `may_have_been_sent()` true.
//!   ([`is_lost_lock`], which reads the text, is a hint for logs only.)

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use access_core::clock::Clock;
use access_core::http::{AuthParts, Authorizer, CredentialCache, Fresh, Response, Transport};
use access_core::{AuthError, Error, ServiceError};
use async_trait::async_trait;

use crate::error::failure_text;
use crate::ids::LockUid;
use crate::lock::{Connect, TakeOver};

/// How the session obtains its first lock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectPolicy {
    /// `POST /lock` only: fail while another client holds the device.
    Connect,
    /// `PUT /lock` straight away: take the device from whoever holds it.
    TakeOver,
    /// `POST /lock`, and `PUT /lock` when the device refuses it with a 4xx.
    /// E1 (the spec's ReDoc page) describes `POST` as creating a new uuid "to
    /// connect" and `PUT` as updating it "to gain access" ("Force connection"),
    /// and documents no status for a refused `POST`: a refusal of access is a
    /// 4xx. A 5xx, a timeout or a broken connection is a device fault, not a
    /// refusal, and forcing the lock then would evict another client for
    /// nothing, so it is reported instead. (E3, on the device itself, forces
    /// on any non-200 answer; the SDK does not follow it there.)
    #[default]
    ConnectOrTakeOver,
}

/// What the session does when the device refuses the lock (HTTP 401, see
/// [`is_lock_refusal`]; no other answer counts as a lost lock).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum LostLockPolicy {
    /// Take the lock back once (`PUT /lock`, shared by concurrent calls) and
    /// replay the refused call once: the 401 proves the device did not act on it.
    #[default]
    TakeOver,
    /// Fail the call; the other client keeps the device.
    Fail,
}

/// Whether an answer *may* concern the lock: HTTP 401 or 423, or a 4xx whose
/// text names the lock (`lock_uid`, `lock uid`, `locked`) **\[I\]**.
///
/// A hint for logs and diagnostics only: text and 423 are guesses (a record,
/// a door or a resource can be "locked" too), so the session never recovers
/// on this. Recovery (`PUT /lock` and a replay) happens only on
/// [`is_lock_refusal`].
pub fn is_lost_lock(response: &Response) -> bool {
    if matches!(response.status, 401 | 423) {
        return true;
    }
    if !(400..500).contains(&response.status) {
        return false;
    }
    let text = failure_text(response).to_ascii_lowercase();
    text.contains("lock_uid") || text.contains("lock uid") || text.contains("locked")
}

/// Whether the device refused this request's `lock_uid`: HTTP **401**, whatever
/// the body says (the simulator answers `401 "Invalid lock_uid"`; a real
/// device's text is not documented **\[I\]**).
///
/// This is the only answer the session takes for a lost or foreign lock, and
/// the only one after which a call is replayed. It proves the device refused
/// the request before acting: the `lock_uid` is the only credential the device
/// checks, and a 401 refuses a request for its credentials, so nothing was
/// done and replaying even a non-idempotent write (`DELETE /user`) cannot act
/// twice. No other status qualifies, whatever its text: a 423 or a 409 naming
/// a lock may come from a record, a door or the operation itself, after the
/// device acted or in its middle.
pub fn is_lock_refusal(response: &Response) -> bool {
    response.status == 401
}

/// The EF-45 session: the current [`LockUid`] in a [`CredentialCache`].
pub struct LockSession {
    cache: CredentialCache<LockUid>,
    connect: ConnectPolicy,
    lost: LostLockPolicy,
}

impl fmt::Debug for LockSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockSession")
            .field("lock_uid", &"[redacted]")
            .field("connect", &self.connect)
            .field("lost", &self.lost)
            .finish()
    }
}

fn renewal_failed<E: ServiceError>(e: Error<E>, what: &str) -> AuthError {
    AuthError::RenewalFailed {
        message: format!("{what} failed: {e}"),
        kind: e.kind(),
        retryable: e.is_retryable(),
    }
}

impl LockSession {
    /// A session that has no lock yet.
    pub fn new(clock: Arc<dyn Clock>, connect: ConnectPolicy, lost: LostLockPolicy) -> Self {
        Self {
            cache: CredentialCache::new(clock, Duration::ZERO),
            connect,
            lost,
        }
    }

    /// Bounds one lock request or take over (all its requests) by `timeout`:
    /// calls waiting for it share its outcome, so none waits longer. The
    /// client sets the transport's `renewal_deadline()`.
    pub fn renewal_timeout(mut self, timeout: Duration) -> Self {
        self.cache = self.cache.renewal_timeout(timeout);
        self
    }

    async fn obtain(
        transport: &Transport,
        policy: ConnectPolicy,
    ) -> Result<Fresh<LockUid>, AuthError> {
        match policy {
            ConnectPolicy::TakeOver => Self::take_over_now(transport).await,
            ConnectPolicy::Connect => transport
                .send(&Connect::new(), None)
                .await
                .map(|g| Fresh::new(g.lock_uid))
                .map_err(|e| renewal_failed(e, "connect (POST /lock)")),
            ConnectPolicy::ConnectOrTakeOver => match transport.send(&Connect::new(), None).await {
                Ok(g) => Ok(Fresh::new(g.lock_uid)),
                Err(Error::Service { status, .. })
                | Err(Error::UnexpectedStatus { status, .. })
                    if (400..500).contains(&status) =>
                {
                    tracing::info!(status, "connect refused; taking the lock over (PUT /lock)");
                    Self::take_over_now(transport).await
                }
                Err(e) => Err(renewal_failed(e, "connect (POST /lock)")),
            },
        }
    }

    async fn take_over_now(transport: &Transport) -> Result<Fresh<LockUid>, AuthError> {
        transport
            .send(&TakeOver::new(), None)
            .await
            .map(|g| Fresh::new(g.lock_uid))
            .map_err(|e| renewal_failed(e, "take over (PUT /lock)"))
    }

    /// The lock, obtained per the connect policy when there is none.
    pub async fn lock_uid(&self, transport: &Transport) -> Result<LockUid, AuthError> {
        let policy = self.connect;
        let (uid, _) = self.cache.get(|_| Self::obtain(transport, policy)).await?;
        Ok((*uid).clone())
    }

    /// The lock held now, if any (no request).
    pub async fn current(&self) -> Option<LockUid> {
        self.cache.current().await.map(|(u, _)| (*u).clone())
    }

    /// Replaces the lock: connects with `policy` now, whatever is cached.
    pub async fn reconnect(
        &self,
        transport: &Transport,
        policy: ConnectPolicy,
    ) -> Result<LockUid, AuthError> {
        let fresh = Self::obtain(transport, policy).await?;
        let (uid, _) = self.cache.install(fresh).await;
        Ok((*uid).clone())
    }

    /// Replaces the lock with one obtained by the caller (explicit connect).
    pub(crate) async fn install(&self, uid: LockUid) {
        self.cache.install(Fresh::new(uid)).await;
    }

    /// Forgets the lock and answers it (for disconnect).
    pub async fn release(&self) -> Option<LockUid> {
        self.cache.clear().await.map(|u| (*u).clone())
    }

    /// How many times a lock was obtained (connect, take over, re-acquire).
    pub async fn acquisitions(&self) -> u64 {
        self.cache.renewals().await
    }
}

#[async_trait]
impl Authorizer for LockSession {
    async fn authorize(&self, transport: &Transport) -> Result<AuthParts, AuthError> {
        let policy = self.connect;
        let (uid, generation) = self.cache.get(|_| Self::obtain(transport, policy)).await?;
        Ok(AuthParts::new(generation).query("lock_uid", uid.to_secret()))
    }

    /// Only [`is_lock_refusal`] (HTTP 401): the device refused the `lock_uid`
    /// before acting, so the transport may take the lock back and replay the
    /// call once, writes included. Any other answer is returned as it is.
    fn is_rejection(&self, response: &Response) -> bool {
        is_lock_refusal(response)
    }

    async fn renew(
        &self,
        transport: &Transport,
        rejected_generation: u64,
    ) -> Result<(), AuthError> {
        match self.lost {
            LostLockPolicy::TakeOver => {
                tracing::info!("lock lost; taking it back (PUT /lock)");
                self.cache
                    .renew_rejected(rejected_generation, |_| Self::take_over_now(transport))
                    .await
                    .map(|_| ())
            }
            LostLockPolicy::Fail => Err(AuthError::Rejected {
                message: "the device refused the lock_uid (taken over by another client or the device restarted); LostLockPolicy::Fail keeps it that way".into(),
            }),
        }
    }
}
