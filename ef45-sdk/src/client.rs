//! The EF-45 client and its builder.

use std::fmt;
use std::sync::Arc;

use access_core::http::{CallOptions, Endpoint, Transport, TransportBuilder};
use access_core::{Error, ValidationError};

use crate::auth::{ConnectPolicy, LockSession, LostLockPolicy};
use crate::enrolment::BiometricDataVersion;
use crate::firmware::FirmwareEndpointVersion;
use crate::ids::LockUid;
use crate::lock::{
    AppVersion, Connect, ConnectError, Disconnect, DisconnectError, GetVersion, GetVersionError,
    TakeOver, TakeOverError,
};
use crate::subjects::{GetRecordVersion, GetRecordVersionError, Subject};

/// Builds a [`Client`].
pub struct ClientBuilder {
    transport: TransportBuilder,
    connect: ConnectPolicy,
    lost: LostLockPolicy,
    biometric: Option<BiometricDataVersion>,
    firmware: Option<FirmwareEndpointVersion>,
    record_version: Option<u32>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("transport", &self.transport)
            .field("connect", &self.connect)
            .field("lost", &self.lost)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    // base_url (including `/1.0`, e.g. `http://192.168.0.100:9980/1.0`), http_client,
    // timeouts, retry (reads only; writes are never retried), the size limit of
    // ordinary answers (default DEFAULT_RESPONSE_LIMIT), clock.
    access_core::transport_setters!(transport);

    /// The device's address (IP or host name): the base URL becomes
    /// `http://{host}:9980/1.0`. The device speaks plain HTTP only **\[V\]**.
    pub fn device(self, host: &str) -> Self {
        self.base_url(format!("http://{host}:{}/1.0", Client::DEFAULT_PORT))
    }

    /// How the first lock is obtained (default [`ConnectPolicy::ConnectOrTakeOver`]).
    pub fn connect_policy(mut self, policy: ConnectPolicy) -> Self {
        self.connect = policy;
        self
    }

    /// What happens when the device refuses the lock (default
    /// [`LostLockPolicy::TakeOver`]). Only a 401 counts as a lost lock
    /// ([`crate::auth::is_lock_refusal`]): any other answer, whatever its text
    /// says about a lock, is returned to the caller without `PUT /lock` and
    /// without a replay, with `may_have_been_sent()` true.
    pub fn lost_lock_policy(mut self, policy: LostLockPolicy) -> Self {
        self.lost = policy;
        self
    }

    /// Fixes the biometric-data endpoint version instead of asking the device's
    /// version on first use.
    pub fn biometric_data_version(mut self, version: BiometricDataVersion) -> Self {
        self.biometric = Some(version);
        self
    }

    /// Fixes the firmware endpoint set instead of asking the device's version
    /// on first use.
    pub fn firmware_endpoint_version(mut self, version: FirmwareEndpointVersion) -> Self {
        self.firmware = Some(version);
        self
    }

    /// Fixes the `record_version` given to subjects that carry none, instead
    /// of reading the device's (`GET /subjects/record-version`) once per
    /// connection.
    pub fn record_version(mut self, version: u32) -> Self {
        self.record_version = Some(version);
        self
    }

    /// Builds the client. No request is sent until the first call.
    pub fn build(self) -> Result<Client, ValidationError> {
        let transport = self.transport.build()?;
        let clock = transport.clock().clone();
        Ok(Client {
            inner: Arc::new(Inner {
                session: LockSession::new(clock, self.connect, self.lost)
                    .renewal_timeout(transport.config().renewal_deadline()),
                transport,
                biometric: self.biometric,
                firmware: self.firmware,
                version: std::sync::Mutex::new(None),
                record_override: self.record_version,
                record: std::sync::Mutex::new(None),
            }),
        })
    }
}

struct Inner {
    transport: Transport,
    session: LockSession,
    biometric: Option<BiometricDataVersion>,
    firmware: Option<FirmwareEndpointVersion>,
    version: std::sync::Mutex<Option<AppVersion>>,
    /// The builder's fixed record version, if any.
    record_override: Option<u32>,
    /// The device's record version and the lock generation
    /// ([`LockSession::acquisitions`]) it was read under.
    record: std::sync::Mutex<Option<(u64, u32)>>,
}

/// An EF-45 device client. Cheap to clone; clones share the lock session.
///
/// The client obtains the lock on the first call that needs it and adds
/// `lock_uid` to every call (see [`crate::auth`]). Call
/// [`Client::disconnect`] when done so other clients can connect.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("transport", &self.inner.transport)
            .field("session", &self.inner.session)
            .finish()
    }
}

impl Client {
    /// The device's REST port **\[V\]**.
    pub const DEFAULT_PORT: u16 = 9980;

    /// The response size limit of ordinary calls (2 MiB): EF-45 JSON answers are small.
    pub const DEFAULT_RESPONSE_LIMIT: usize = 2 * 1024 * 1024;

    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            transport: Transport::builder("ef45").max_response_bytes(Self::DEFAULT_RESPONSE_LIMIT),
            connect: ConnectPolicy::default(),
            lost: LostLockPolicy::default(),
            biometric: None,
            firmware: None,
            record_version: None,
        }
    }

    /// The transport (base URL, configuration).
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The lock session.
    pub fn session(&self) -> &LockSession {
        &self.inner.session
    }

    /// Sends any endpoint with the lock attached.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error<E::Error>> {
        self.inner
            .transport
            .send(endpoint, Some(&self.inner.session))
            .await
    }

    /// Sends any endpoint with per-call options (timeouts, size limit).
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Output, Error<E::Error>> {
        self.inner
            .transport
            .send_with(endpoint, Some(&self.inner.session), options)
            .await
    }

    /// `POST /lock`: connects now. Does nothing when this client already holds
    /// a lock. Fails with [`ConnectError::AlreadyLocked`] while another client
    /// holds the device (use [`Client::take_over`] to take it).
    pub async fn connect(&self) -> Result<(), Error<ConnectError>> {
        if self.inner.session.current().await.is_some() {
            return Ok(());
        }
        let grant = self.inner.transport.send(&Connect::new(), None).await?;
        self.forget_record_version();
        self.inner.session.install(grant.lock_uid).await;
        Ok(())
    }

    /// `PUT /lock`: takes the device over from whoever holds it.
    pub async fn take_over(&self) -> Result<(), Error<TakeOverError>> {
        let grant = self.inner.transport.send(&TakeOver::new(), None).await?;
        self.forget_record_version();
        self.inner.session.install(grant.lock_uid).await;
        Ok(())
    }

    /// `DELETE /lock/{lock_uid}`: releases the lock, if this client holds one.
    pub async fn disconnect(&self) -> Result<(), Error<DisconnectError>> {
        self.forget_record_version();
        if let Some(uid) = self.inner.session.release().await {
            self.inner
                .transport
                .send(&Disconnect::new(uid), None)
                .await?;
        }
        Ok(())
    }

    /// The lock this client holds now, if any (no request).
    pub async fn lock_uid(&self) -> Option<LockUid> {
        self.inner.session.current().await
    }

    /// `GET /version`: the app version (asked once, then remembered until a
    /// firmware upgrade).
    pub async fn version(&self) -> Result<AppVersion, Error<GetVersionError>> {
        if let Some(v) = self.remembered_version() {
            return Ok(v);
        }
        let v = self.inner.transport.send(&GetVersion::new(), None).await?;
        *self.inner.version.lock().unwrap_or_else(|e| e.into_inner()) = Some(v.clone());
        Ok(v)
    }

    fn remembered_version(&self) -> Option<AppVersion> {
        self.inner
            .version
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn forget_version(&self) {
        *self.inner.version.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The record version subjects without one get: the builder's
    /// [`ClientBuilder::record_version`], or the device's own
    /// (`GET /subjects/record-version`), asked once per connection: a new lock
    /// (connect, take over, a lock taken back after it was lost) asks again.
    /// The seed: the value "represents the device's built-in biometric (iris,
    /// face) algorithm type and version" and "is fixed and not subject to
    /// change unless the algorithm is changed"; devices differ (8976 in the
    /// seed's example, 17952 in the on-device handler E3).
    pub async fn record_version(&self) -> Result<u32, Error<GetRecordVersionError>> {
        if let Some(v) = self.inner.record_override {
            return Ok(v);
        }
        let generation = self.inner.session.acquisitions().await;
        if let Some((g, v)) = *self.inner.record.lock().unwrap_or_else(|e| e.into_inner())
            && g == generation
            && g > 0
        {
            return Ok(v);
        }
        let v = self.send(&GetRecordVersion::new()).await?.record_version;
        // The call may have obtained (or taken back) the lock: remember the
        // value under the generation it was read with.
        let generation = self.inner.session.acquisitions().await;
        *self.inner.record.lock().unwrap_or_else(|e| e.into_inner()) = Some((generation, v));
        Ok(v)
    }

    fn forget_record_version(&self) {
        *self.inner.record.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// `subject` with the device's record version when it carries none.
    pub(crate) async fn with_record_version(
        &self,
        mut subject: Subject,
    ) -> Result<Subject, Error<GetRecordVersionError>> {
        if subject.record_version.is_none() {
            subject.record_version = Some(self.record_version().await?);
        }
        Ok(subject)
    }

    /// The biometric-data endpoint version: as configured, or from the app
    /// version (1.2.34 and later use the revised endpoint).
    pub async fn biometric_data_version(
        &self,
    ) -> Result<BiometricDataVersion, Error<GetVersionError>> {
        if let Some(v) = self.inner.biometric {
            return Ok(v);
        }
        Ok(if self.version().await?.has_revised_biometric_data() {
            BiometricDataVersion::Revised
        } else {
            BiometricDataVersion::Original
        })
    }

    /// The firmware endpoint set: as configured, or from the app version
    /// (1.2.34 and later use the revised endpoints **\[I\]**, as biometric data
    /// does).
    pub async fn firmware_endpoint_version(
        &self,
    ) -> Result<FirmwareEndpointVersion, Error<GetVersionError>> {
        if let Some(v) = self.inner.firmware {
            return Ok(v);
        }
        Ok(if self.version().await?.has_revised_firmware_endpoints() {
            FirmwareEndpointVersion::Revised
        } else {
            FirmwareEndpointVersion::Original
        })
    }
}
