//! [`Client`] and [`ClientBuilder`] (a private module: both are re-exported
//! at the crate's root).

use std::fmt;
use std::sync::Arc;

use access_core::http::{CallOptions, Endpoint, HeaderName, Transport, TransportBuilder};
use access_core::{Error, SecretString, ValidationError};

use crate::auth::{
    API_KEY_HEADER, CustomerCode, Login, PoolPolicy, Session, SessionState, Test, Version,
};
use crate::ids::LockGroupId;

/// An iLOQ 5 Series Public API v2 client. Cheap to clone: clones share the
/// connection pool and the session.
///
/// The session is set up on the first call (`Url/GetUrl`, `CreateSession`,
/// `LockGroups`, `SetLockgroup`) and again whenever iLOQ answers 401 "Invalid
/// session id"; call [`Client::logout`] to end it (`KillSession`).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    session: Session,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("session", &self.inner.session)
            .finish()
    }
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    transport: TransportBuilder,
    customer_code: Option<String>,
    user_name: Option<String>,
    password: Option<SecretString>,
    lock_group: Option<LockGroupId>,
    api_key: Option<SecretString>,
    pool_policy: PoolPolicy,
    allowed_pool_hosts: Vec<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.transport.base_url_display())
            .field("customer_code", &self.customer_code)
            .field("user_name", &self.user_name)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("lock_group", &self.lock_group)
            .field("pool_policy", &self.pool_policy)
            .field("allowed_pool_hosts", &self.allowed_pool_hosts)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    // base_url: the service address, e.g. `https://s5.iloq.com/iloqws` (shown in
    // the Manager login window); the client resolves the pool URL from it. Also
    // http_client, timeouts, retry (idempotent endpoints only), size limit, clock.
    access_core::transport_setters!(transport);

    /// The service code (`CustomerCode`, 2 to 50 characters).
    pub fn customer_code(mut self, code: impl Into<String>) -> Self {
        self.customer_code = Some(code.into());
        self
    }

    /// The integration agent's user name and password. ES advises a dedicated
    /// user with every right, no password expiry and no programming token.
    pub fn credentials(mut self, user_name: impl Into<String>, password: SecretString) -> Self {
        self.user_name = Some(user_name.into());
        self.password = Some(password);
        self
    }

    /// The locking system to select. Required when the user has more than one.
    pub fn lock_group(mut self, id: LockGroupId) -> Self {
        self.lock_group = Some(id);
        self
    }

    /// The API Gateway key, sent as `x-api-key` on every request.
    pub fn api_key(mut self, key: SecretString) -> Self {
        self.api_key = Some(key);
        self
    }

    /// Hosts, besides the service's own domain, that `Url/GetUrl` may move the
    /// session to: for on-premise systems whose server pools live under another
    /// domain. Bare host names or IP addresses (no scheme, port or path);
    /// adds to earlier calls. The scheme rule still holds (an `https` service
    /// stays `https`). See [`PoolPolicy`] for the whole rule; an invalid host
    /// fails [`ClientBuilder::build`].
    pub fn allowed_pool_hosts<I, S>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed_pool_hosts
            .extend(hosts.into_iter().map(Into::into));
        self
    }

    /// Replaces the rule for the pool URLs `Url/GetUrl` may answer (default
    /// [`PoolPolicy::new`]: same scheme, the service's registrable domain, taken
    /// as the last two labels of its host; an IP-address or `localhost`
    /// service accepts only its own host). A URL outside it fails the session
    /// setup with `AuthError::UntrustedUrl` before the password is sent.
    /// Hosts from [`ClientBuilder::allowed_pool_hosts`] are added to it.
    pub fn pool_policy(mut self, policy: PoolPolicy) -> Self {
        self.pool_policy = policy;
        self
    }

    /// Builds the client; nothing is sent yet.
    pub fn build(self) -> Result<Client, ValidationError> {
        if self.transport.base_url_ref().is_none() {
            return Err(ValidationError::new("base_url", "is required"));
        }
        let customer_code = CustomerCode::new(
            self.customer_code
                .ok_or_else(|| ValidationError::new("CustomerCode", "is required"))?,
        )?;
        let user_name = self
            .user_name
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| ValidationError::new("UserName", "is required"))?;
        let password = self
            .password
            .ok_or_else(|| ValidationError::new("Password", "is required"))?;
        let mut pool_policy = self.pool_policy;
        for host in &self.allowed_pool_hosts {
            pool_policy = pool_policy.allow_host(host)?;
        }
        let mut builder = self.transport;
        if let Some(key) = &self.api_key {
            // A credential on every request: scrubbed from every answer like the session's.
            builder = builder.secret_header(HeaderName::from_static(API_KEY_HEADER), key)?;
        }
        let service = builder.build()?;
        let login = Login {
            customer_code,
            user_name,
            password,
            lock_group: self.lock_group,
            pool_policy,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                session: Session::new(service, login),
            }),
        })
    }
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            transport: Transport::builder("iloq"),
            customer_code: None,
            user_name: None,
            password: None,
            lock_group: None,
            api_key: None,
            pool_policy: PoolPolicy::new(),
            allowed_pool_hosts: Vec::new(),
        }
    }

    /// Sends any endpoint: session endpoints on the service address, every
    /// other one on the resolved pool URL with the `SessionId` header.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error<E::Error>> {
        self.send_with(endpoint, &CallOptions::default()).await
    }

    /// [`Client::send`] with per-call options (timeout, retry, size limit).
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Output, Error<E::Error>> {
        let session = &self.inner.session;
        if !E::AUTHENTICATED {
            return session.service().send_with(endpoint, None, options).await;
        }
        // The session sends every call to its resolved pool URL (AuthParts base
        // URL), so a replay after a re-setup goes to the URL the new session
        // resolved, not the old one.
        session
            .service()
            .send_with(endpoint, Some(session), options)
            .await
    }

    /// Sets the session up now (it is otherwise set up by the first call) and
    /// answers what it established: locking system, rights, resolved URL.
    pub async fn login(&self) -> Result<Arc<SessionState>, Error<crate::auth::CreateSessionError>> {
        Ok(self.inner.session.state().await?)
    }

    /// Ends the session with `KillSession`. The next call sets up a new one.
    pub async fn logout(&self) -> Result<(), Error<crate::auth::KillSessionError>> {
        self.inner.session.kill().await
    }

    /// The current time on the client's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.session.service().clock().now()
    }

    /// How many times the session was set up so far (more than 1 after expiries).
    pub async fn session_setups(&self) -> u64 {
        self.inner.session.setups().await
    }

    /// `GET /api/v2/Test`: "Test OK" when the service answers.
    pub async fn test(&self) -> Result<String, Error<crate::auth::TestError>> {
        self.send(&Test::new()).await
    }

    /// `GET /api/v2/Version`: the server's assembly version.
    pub async fn version(&self) -> Result<String, Error<crate::auth::VersionError>> {
        self.send(&Version::new()).await
    }
}
