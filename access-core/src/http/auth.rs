//! The auth hook each vendor plugs into the transport.
//!
//! A vendor session implements [`Authorizer`]: it says what to attach to a
//! request ([`AuthParts`]), recognises an answer that means "these credentials
//! are no longer good", and renews them. [`CredentialCache`] gives every vendor
//! the same single-flight renewal: however many concurrent calls find the
//! credentials expired, one renewal request goes out and the others wait for it
//! and share its outcome, success or failure, within one bounded time.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use reqwest::header::HeaderName;
use secrecy::SecretString;
use tokio::sync::{Mutex, RwLock};

use super::{Response, Transport};
use crate::clock::Clock;
use crate::error::{AuthError, ErrorKind};

/// What a session attaches to a request. Every value is a secret: headers are
/// marked sensitive, and the URL that carries query values is never logged.
#[derive(Default)]
#[non_exhaustive]
pub struct AuthParts {
    /// Headers to set, e.g. `Authorization: Bearer …` or iLOQ's `SessionId`.
    pub headers: Vec<(HeaderName, SecretString)>,
    /// Query parameters to append, e.g. EF-45's `lock_uid` or an `api_key`.
    pub query: Vec<(String, SecretString)>,
    /// Fields to add to a JSON object body (or a form body), e.g. `api_key`.
    pub body_fields: Vec<(String, SecretString)>,
    /// Parameters that go in the body when the request has one (JSON object or
    /// form), and in the query otherwise (e.g. Allthenticate's `api_key`).
    pub params: Vec<(String, SecretString)>,
    /// The generation of the credentials used; passed back to [`Authorizer::renew`].
    pub generation: u64,
    /// A base URL that replaces the transport's for this request, when the session
    /// decides where requests go (iLOQ's `GetUrl` pool URL, which a renewal may change).
    pub base_url: Option<url::Url>,
}

impl AuthParts {
    /// Parts of the given generation with nothing in them yet.
    pub fn new(generation: u64) -> Self {
        Self {
            generation,
            ..Self::default()
        }
    }

    /// Sends this request to `base` instead of the transport's base URL.
    pub fn with_base_url(mut self, base: url::Url) -> Self {
        self.base_url = Some(base);
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: SecretString) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: impl Into<String>, value: SecretString) -> Self {
        self.query.push((name.into(), value));
        self
    }

    /// Adds a body field.
    pub fn body_field(mut self, name: impl Into<String>, value: SecretString) -> Self {
        self.body_fields.push((name.into(), value));
        self
    }

    /// Adds a parameter placed in the body when the request has a JSON or form
    /// body, and in the query otherwise.
    pub fn param(mut self, name: impl Into<String>, value: SecretString) -> Self {
        self.params.push((name.into(), value));
        self
    }

    /// Every secret value, for scrubbing text that may echo them.
    pub(crate) fn secret_values(&self) -> impl Iterator<Item = &SecretString> {
        self.headers
            .iter()
            .map(|(_, v)| v)
            .chain(self.query.iter().map(|(_, v)| v))
            .chain(self.body_fields.iter().map(|(_, v)| v))
            .chain(self.params.iter().map(|(_, v)| v))
    }
}

impl fmt::Debug for AuthParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names =
            |v: &Vec<(String, SecretString)>| v.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        f.debug_struct("AuthParts")
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("query", &names(&self.query))
            .field("body_fields", &names(&self.body_fields))
            .field("params", &names(&self.params))
            .field("values", &"[redacted]")
            .field("generation", &self.generation)
            .field("base_url", &self.base_url.as_ref().map(|u| u.as_str()))
            .finish()
    }
}

/// A vendor session as the transport sees it.
#[async_trait]
pub trait Authorizer: Send + Sync {
    /// The credentials to attach now, obtaining or renewing them first if they are
    /// missing or about to expire.
    async fn authorize(&self, transport: &Transport) -> Result<AuthParts, AuthError>;

    /// Whether this answer means the credentials used were refused as expired or
    /// invalid (EasySecure 401, iLOQ 401 "Invalid session id", ...). The transport
    /// then renews and replays the request once; a refused request was not acted
    /// on, so replaying it is safe even for non-idempotent endpoints.
    ///
    /// Answer `true` only for the vendor's signal that the credentials were
    /// refused *before the call was acted on* (a 401, possibly narrowed by the
    /// vendor's documented text), never for a guess on an error's wording: any
    /// other answer is returned to the caller as it is, with
    /// [`Error::may_have_been_sent`](crate::Error::may_have_been_sent) true.
    fn is_rejection(&self, response: &Response) -> bool;

    /// Renews the credentials of `rejected_generation`. When another task has
    /// already renewed them, this returns at once without a second renewal.
    async fn renew(&self, transport: &Transport, rejected_generation: u64)
    -> Result<(), AuthError>;
}

/// Freshly obtained credentials and when they stop being valid.
pub struct Fresh<T> {
    /// The credentials.
    pub value: T,
    /// When they expire, if the vendor says.
    pub expires_at: Option<DateTime<Utc>>,
}

impl<T> Fresh<T> {
    /// Credentials that do not expire on a known schedule.
    pub fn new(value: T) -> Self {
        Self {
            value,
            expires_at: None,
        }
    }

    /// Credentials valid until `expires_at`.
    pub fn until(value: T, expires_at: DateTime<Utc>) -> Self {
        Self {
            value,
            expires_at: Some(expires_at),
        }
    }

    /// Credentials valid for `lifetime` from `now`, as a server announces it
    /// (`expiresIn`). The lifetime is a number the server sent, so it is
    /// clamped, never trusted to fit: anything longer than
    /// [`Fresh::MAX_LIFETIME`] counts as that (the credentials are then renewed
    /// early, which is harmless; a server that revokes them sooner is answered by
    /// the renewal after a rejection), and an expiry past the last time `chrono`
    /// can hold is that time. No lifetime panics or wraps.
    pub fn valid_for(value: T, now: DateTime<Utc>, lifetime: Duration) -> Self {
        Self::until(value, Self::expiry_after(now, lifetime))
    }

    /// The longest lifetime [`Fresh::valid_for`] accepts: 366 days.
    pub const MAX_LIFETIME: Duration = Duration::from_secs(366 * 24 * 60 * 60);

    /// `now + lifetime`, with `lifetime` clamped to [`Fresh::MAX_LIFETIME`] and
    /// the sum saturating at the last time `chrono` can hold: the expiry of
    /// [`Fresh::valid_for`].
    pub fn expiry_after(now: DateTime<Utc>, lifetime: Duration) -> DateTime<Utc> {
        let lifetime = lifetime.min(Self::MAX_LIFETIME);
        // Both conversions succeed for a lifetime of at most a year; the
        // fallbacks only keep the arithmetic total.
        chrono::Duration::from_std(lifetime)
            .ok()
            .and_then(|d| now.checked_add_signed(d))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

struct Slot<T> {
    value: Arc<T>,
    generation: u64,
    expires_at: Option<DateTime<Utc>>,
}

/// Holds a vendor's current credentials and renews them single-flight.
///
/// `T` is whatever the vendor needs (an EasySecure token pair, an iLOQ session
/// with its resolved URL, an EF-45 `lock_uid`). It is renewed ahead of expiry by
/// `margin` (so a call never starts with credentials about to lapse) and after a
/// rejection.
///
/// **Single flight, success and failure alike.** One renewal runs at a time;
/// every call that needs it while it runs waits for it and takes its outcome:
/// the new credentials, or the same [`AuthError`]. A renewal that fails is not
/// run again by each waiting caller in turn. A renewal is bounded by
/// [`CredentialCache::renewal_timeout`] in all, so however many calls wait, none
/// waits longer than one renewal's bound; past it the renewal fails with
/// [`AuthError::RenewalFailed`] of kind [`Transient`](crate::ErrorKind::Transient).
/// A call that arrives after a failed renewal has finished starts a new one.
pub struct CredentialCache<T> {
    slot: RwLock<Option<Slot<T>>>,
    gate: Mutex<Gate>,
    /// Renewal attempts finished (success or failure), read before queueing at
    /// the gate so a waiter knows whether an attempt ended while it waited.
    attempts: AtomicU64,
    clock: Arc<dyn Clock>,
    margin: Duration,
    timeout: Duration,
}

/// What the renewal gate guards.
struct Gate {
    /// The generation of the newest credentials (the count of successful renewals).
    generation: u64,
    /// The last attempt's failure, with the attempt number it ended as.
    failure: Option<(u64, AuthError)>,
}

impl<T> fmt::Debug for CredentialCache<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialCache")
            .field("margin", &self.margin)
            .field("renewal_timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<T: Send + Sync + 'static> CredentialCache<T> {
    /// The bound on one renewal when none is set: 30 s, the transport's default
    /// attempt timeout.
    pub const DEFAULT_RENEWAL_TIMEOUT: Duration = Duration::from_secs(30);

    /// An empty cache that renews `margin` before expiry, on the given clock.
    pub fn new(clock: Arc<dyn Clock>, margin: Duration) -> Self {
        Self::holding(clock, margin, None, 0)
    }

    /// A cache already holding credentials (e.g. from a login the caller made).
    pub fn with_value(clock: Arc<dyn Clock>, margin: Duration, fresh: Fresh<T>) -> Self {
        let slot = Slot {
            value: Arc::new(fresh.value),
            generation: 1,
            expires_at: fresh.expires_at,
        };
        Self::holding(clock, margin, Some(slot), 1)
    }

    fn holding(clock: Arc<dyn Clock>, margin: Duration, slot: Option<Slot<T>>, g: u64) -> Self {
        Self {
            slot: RwLock::new(slot),
            gate: Mutex::new(Gate {
                generation: g,
                failure: None,
            }),
            attempts: AtomicU64::new(0),
            clock,
            margin,
            timeout: Self::DEFAULT_RENEWAL_TIMEOUT,
        }
    }

    /// Bounds one renewal (all its requests together) by `timeout`; vendors pass
    /// [`TransportConfig::renewal_deadline`](crate::http::TransportConfig::renewal_deadline).
    pub fn renewal_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn usable(&self, slot: &Slot<T>) -> bool {
        match slot.expires_at {
            None => true,
            Some(at) => {
                // Checked: a margin or a clock beyond chrono's range means the
                // credentials are due for renewal, never a panic.
                chrono::Duration::from_std(self.margin)
                    .ok()
                    .and_then(|margin| self.clock.now().checked_add_signed(margin))
                    .is_some_and(|renew_at| renew_at < at)
            }
        }
    }

    /// The current credentials and their generation, if there are any usable ones.
    pub async fn current(&self) -> Option<(Arc<T>, u64)> {
        let guard = self.slot.read().await;
        guard
            .as_ref()
            .filter(|s| self.usable(s))
            .map(|s| (s.value.clone(), s.generation))
    }

    /// The failure of an attempt that ended after `seen` attempts, if the last
    /// one failed: the outcome a caller that waited for it shares.
    fn failure_since(&self, gate: &Gate, seen: u64) -> Option<AuthError> {
        match &gate.failure {
            Some((attempt, error)) if *attempt > seen => Some(error.clone()),
            _ => None,
        }
    }

    /// The current credentials, obtaining them with `renew` when missing or about
    /// to expire. `renew` receives the previous credentials (for a refresh token).
    /// Concurrent callers share one renewal and its outcome.
    pub async fn get<F, Fut>(&self, renew: F) -> Result<(Arc<T>, u64), AuthError>
    where
        F: FnOnce(Option<Arc<T>>) -> Fut,
        Fut: Future<Output = Result<Fresh<T>, AuthError>>,
    {
        if let Some(found) = self.current().await {
            return Ok(found);
        }
        let seen = self.attempts.load(Ordering::Acquire);
        let mut gate = self.gate.lock().await;
        // Someone may have renewed while we waited for the gate, or failed to.
        if let Some(found) = self.current().await {
            return Ok(found);
        }
        if let Some(error) = self.failure_since(&gate, seen) {
            return Err(error);
        }
        let previous = self.slot.read().await.as_ref().map(|s| s.value.clone());
        self.renew_locked(&mut gate, previous, renew).await
    }

    /// Renews after the credentials of `rejected` were refused. If they were
    /// already replaced, returns the replacement without renewing again; if a
    /// renewal failed while this call waited for it, returns that failure.
    pub async fn renew_rejected<F, Fut>(
        &self,
        rejected: u64,
        renew: F,
    ) -> Result<(Arc<T>, u64), AuthError>
    where
        F: FnOnce(Option<Arc<T>>) -> Fut,
        Fut: Future<Output = Result<Fresh<T>, AuthError>>,
    {
        let seen = self.attempts.load(Ordering::Acquire);
        let mut gate = self.gate.lock().await;
        {
            let guard = self.slot.read().await;
            if let Some(slot) = guard.as_ref()
                && slot.generation != rejected
                && self.usable(slot)
            {
                return Ok((slot.value.clone(), slot.generation));
            }
        }
        if let Some(error) = self.failure_since(&gate, seen) {
            return Err(error);
        }
        let previous = self.slot.read().await.as_ref().map(|s| s.value.clone());
        self.renew_locked(&mut gate, previous, renew).await
    }

    async fn renew_locked<F, Fut>(
        &self,
        gate: &mut Gate,
        previous: Option<Arc<T>>,
        renew: F,
    ) -> Result<(Arc<T>, u64), AuthError>
    where
        F: FnOnce(Option<Arc<T>>) -> Fut,
        Fut: Future<Output = Result<Fresh<T>, AuthError>>,
    {
        let outcome = match tokio::time::timeout(self.timeout, renew(previous)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(AuthError::RenewalFailed {
                message: format!("no renewal within {:?}", self.timeout),
                kind: ErrorKind::Transient,
                retryable: true,
            }),
        };
        // Counted before the gate opens: whoever queued during this attempt
        // sees it ended and takes its outcome.
        let attempt = self.attempts.fetch_add(1, Ordering::AcqRel) + 1;
        let fresh = match outcome {
            Ok(fresh) => fresh,
            Err(error) => {
                tracing::debug!(attempt, error = %error, "credential renewal failed");
                gate.failure = Some((attempt, error.clone()));
                return Err(error);
            }
        };
        gate.failure = None;
        gate.generation += 1;
        let generation = gate.generation;
        let value = Arc::new(fresh.value);
        *self.slot.write().await = Some(Slot {
            value: value.clone(),
            generation,
            expires_at: fresh.expires_at,
        });
        tracing::debug!(generation, "credentials renewed");
        Ok((value, generation))
    }

    /// Installs credentials the caller obtained itself (an explicit connect or
    /// take-over), as a new generation. Waits for any renewal under way, so the
    /// result is never overwritten by an older renewal. Answers the new generation.
    pub async fn install(&self, fresh: Fresh<T>) -> (Arc<T>, u64) {
        let mut gate = self.gate.lock().await;
        gate.failure = None;
        gate.generation += 1;
        let generation = gate.generation;
        let value = Arc::new(fresh.value);
        *self.slot.write().await = Some(Slot {
            value: value.clone(),
            generation,
            expires_at: fresh.expires_at,
        });
        (value, generation)
    }

    /// Forgets the credentials (logout).
    pub async fn clear(&self) -> Option<Arc<T>> {
        self.slot.write().await.take().map(|s| s.value)
    }

    /// How many times credentials were obtained so far.
    pub async fn renewals(&self) -> u64 {
        self.gate.lock().await.generation
    }

    /// How many renewal attempts ended so far, failed ones included.
    pub fn attempts(&self) -> u64 {
        self.attempts.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lifetimes a server may announce, from none to the largest a `Duration`
    /// holds: the expiry never panics, never lies before `now`, and never
    /// lies more than [`Fresh::MAX_LIFETIME`] after it.
    #[test]
    fn announced_lifetimes_are_clamped() {
        let nows = [
            Utc::now(),
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC - chrono::Duration::seconds(10),
            DateTime::<Utc>::MAX_UTC,
        ];
        let lifetimes = [
            Duration::ZERO,
            Duration::from_secs(1),
            Duration::from_secs(3600),
            Fresh::<()>::MAX_LIFETIME,
            Duration::from_secs(9_000_000_000_000),
            Duration::from_secs(i64::MAX as u64),
            Duration::from_secs(u64::MAX),
            Duration::MAX,
        ];
        for now in nows {
            for lifetime in lifetimes {
                let at = Fresh::<()>::expiry_after(now, lifetime);
                assert!(at >= now, "{now} + {lifetime:?} = {at}");
                let expected =
                    chrono::Duration::from_std(lifetime.min(Fresh::<()>::MAX_LIFETIME)).unwrap();
                let exact = now.checked_add_signed(expected);
                assert_eq!(at, exact.unwrap_or(DateTime::<Utc>::MAX_UTC));
                let fresh = Fresh::valid_for((), now, lifetime);
                assert_eq!(fresh.expires_at, Some(at));
            }
        }
    }

    fn cache() -> CredentialCache<String> {
        CredentialCache::new(Arc::new(crate::clock::SystemClock), Duration::ZERO)
            .renewal_timeout(Duration::from_millis(200))
    }

    /// Twenty callers find no credentials while the renewal fails (or hangs
    /// past its bound): one renewal runs, and every caller gets its error.
    #[tokio::test]
    async fn concurrent_callers_share_one_failed_or_hung_renewal() {
        for hang in [false, true] {
            let cache = Arc::new(cache());
            let runs = Arc::new(AtomicU64::new(0));
            let calls = (0..20).map(|_| {
                let (cache, runs) = (cache.clone(), runs.clone());
                tokio::spawn(async move {
                    cache
                        .get(|_| async move {
                            runs.fetch_add(1, Ordering::SeqCst);
                            if hang {
                                std::future::pending::<()>().await;
                            }
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Err(AuthError::Rejected {
                                message: "refresh token refused".into(),
                            })
                        })
                        .await
                })
            });
            let outcomes = futures_util::future::join_all(calls).await;
            assert_eq!(runs.load(Ordering::SeqCst), 1, "hang: {hang}");
            assert_eq!(cache.attempts(), 1);
            for outcome in outcomes {
                let error = outcome.unwrap().unwrap_err();
                match (hang, &error) {
                    (false, AuthError::Rejected { .. }) => {}
                    (true, AuthError::RenewalFailed { kind, .. }) => {
                        assert_eq!(*kind, ErrorKind::Transient)
                    }
                    other => panic!("unexpected {other:?}"),
                }
            }
        }
    }

    /// Callers rejected with the same generation share one renewal after a
    /// rejection too, failure included; a later call starts a new renewal.
    #[tokio::test]
    async fn rejected_callers_share_the_failure_and_a_later_call_tries_again() {
        let cache = Arc::new(CredentialCache::with_value(
            Arc::new(crate::clock::SystemClock),
            Duration::ZERO,
            Fresh::new("first".to_string()),
        ));
        let runs = Arc::new(AtomicU64::new(0));
        let calls = (0..10).map(|_| {
            let (cache, runs) = (cache.clone(), runs.clone());
            tokio::spawn(async move {
                cache
                    .renew_rejected(1, |_| async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Err::<Fresh<String>, _>(AuthError::NoSession("gone".into()))
                    })
                    .await
            })
        });
        for outcome in futures_util::future::join_all(calls).await {
            assert!(matches!(outcome.unwrap(), Err(AuthError::NoSession(_))));
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        let (value, generation) = cache
            .renew_rejected(1, |_| async { Ok(Fresh::new("second".to_string())) })
            .await
            .unwrap();
        assert_eq!((value.as_str(), generation), ("second", 2));
        assert_eq!(cache.attempts(), 2);
        assert_eq!(cache.renewals().await, 2);
    }
}
