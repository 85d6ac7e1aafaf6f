//! The client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use access_core::http::{CallOptions, HeaderValue, Transport, TransportBuilder};
use access_core::{Error, SecretString, ValidationError};
use reqwest::header::ACCEPT_LANGUAGE;

use crate::auth::{
    Admin, LoginCredentials, LoginError, Logout, LogoutError, ResetPassword, ResetPasswordError,
    ResetPasswordRequest, ResetPasswordRequestError, Role, RoleEndpoint, Session, Tokens, User,
};
use crate::model::{Ack, Language};

/// Builds a [`Client`]: transport settings, then a login on one of the two role paths.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use easysecure_sdk::Client;
/// use easysecure_sdk::model::Language;
/// let admin = Client::builder()
///     .language(Language::En)
///     .login_admin("EasySecure", "api@example.com", "secret".to_string().into())
///     .await?;
/// # Ok(()) }
/// ```
pub struct ClientBuilder {
    transport: TransportBuilder,
    language: Language,
    token_margin: Duration,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.transport.base_url_display())
            .field("language", &self.language)
            .field("token_margin", &self.token_margin)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            transport: Transport::builder("easysecure").base_url(Self::DEFAULT_BASE_URL),
            language: Language::En,
            token_margin: Duration::from_secs(300),
        }
    }
}

impl ClientBuilder {
    /// The production REST base URL **\[V\]** P.
    pub const DEFAULT_BASE_URL: &'static str = "https://api.easysecure.cloud";

    /// A builder with the defaults (production base URL, English, 5-minute token margin).
    pub fn new() -> Self {
        Self::default()
    }

    // base_url (default Self::DEFAULT_BASE_URL; a simulator's URL in tests), http_client,
    // timeouts, retry (reads only: writes are never retried), size limit, and the
    // clock token expiry is measured on (tests use the testkit's SimClock).
    access_core::transport_setters!(transport);

    /// Sets `Accept-Language` (default [`Language::En`]).
    pub fn language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Renews the `idToken` this long before its hour is up (default 5 minutes).
    pub fn token_margin(mut self, margin: Duration) -> Self {
        self.token_margin = margin;
        self
    }

    /// Builds the transport alone (for sending unauthenticated endpoints yourself).
    pub fn build_transport(&self) -> Result<Transport, ValidationError> {
        self.transport
            .clone()
            .default_header(
                ACCEPT_LANGUAGE,
                HeaderValue::from_static(self.language.header_value()),
            )
            .build()
    }

    /// Logs in on the path of role `R` (`POST /admins/login` or `/users/login`)
    /// and returns the client. The password is kept (as a secret) so the session can
    /// log in again if EasySecure ever refuses the refresh token.
    pub async fn login<R: Role>(
        self,
        company: impl Into<String>,
        email: impl Into<String>,
        password: SecretString,
    ) -> Result<Client<R>, Error<LoginError>> {
        let credentials = LoginCredentials::new(company, email, password)?;
        let transport = self.build_transport()?;
        let tokens = transport
            .send(&crate::auth::Login::<R>::new(credentials.clone()), None)
            .await?;
        let session = Session::new(&transport, self.token_margin, Some(credentials), tokens);
        Ok(Client {
            inner: Arc::new(Inner { transport, session }),
        })
    }

    /// Logs in on the Admin path (integrations).
    pub async fn login_admin(
        self,
        company: impl Into<String>,
        email: impl Into<String>,
        password: SecretString,
    ) -> Result<Client<Admin>, Error<LoginError>> {
        self.login::<Admin>(company, email, password).await
    }

    /// Logs in on the User path (the app's account of one person).
    pub async fn login_user(
        self,
        company: impl Into<String>,
        email: impl Into<String>,
        password: SecretString,
    ) -> Result<Client<User>, Error<LoginError>> {
        self.login::<User>(company, email, password).await
    }

    /// A client from tokens obtained elsewhere (no password kept: when the refresh
    /// token is refused, calls fail with an authentication error).
    pub fn with_tokens<R: Role>(self, tokens: Tokens) -> Result<Client<R>, ValidationError> {
        let transport = self.build_transport()?;
        let session = Session::new(&transport, self.token_margin, None, tokens);
        Ok(Client {
            inner: Arc::new(Inner { transport, session }),
        })
    }

    /// `POST /<role>/resetPasswordRequest`: asks EasySecure to mail a reset link.
    pub async fn request_password_reset<R: Role>(
        &self,
        company: impl Into<String>,
        email: impl Into<String>,
    ) -> Result<Ack, Error<ResetPasswordRequestError>> {
        let request = ResetPasswordRequest::<R>::new(company, email)?;
        self.build_transport()?.send(&request, None).await
    }

    /// `POST /<role>/resetPassword`: sets a new password with the mailed token.
    pub async fn reset_password<R: Role>(
        &self,
        token: SecretString,
        new_password: SecretString,
    ) -> Result<Ack, Error<ResetPasswordError>> {
        let request = ResetPassword::<R>::new(token, new_password)?;
        self.build_transport()?.send(&request, None).await
    }
}

struct Inner<R: Role> {
    transport: Transport,
    session: Session<R>,
}

/// An EasySecure REST client logged in on role path `R` ([`Admin`] or [`User`]).
///
/// Cheap to clone (clones share the connection pool and the session). Admin-only
/// endpoints exist only on `Client<Admin>`, user-only ones only on `Client<User>`.
/// Calls are grouped in resource handles: [`Client::users`], [`Client::groups`],
/// [`Client::logs`] and [`Client::syncs`] on the admin path, [`Client::profile`]
/// (and `syncs()`) on the user path; [`Client::send`] sends any request type of
/// the client's role.
/// With the right role the calls compile:
///
/// ```no_run
/// # async fn f(admin: easysecure_sdk::Client<easysecure_sdk::auth::Admin>, user: easysecure_sdk::Client<easysecure_sdk::auth::User>) {
/// let _ = admin.send(&easysecure_sdk::users::GetUsers::new()).await;
/// let _ = admin.users().all().await;
/// let _ = user.send(&easysecure_sdk::profile::SetConsent::new(true)).await;
/// let _ = user.profile().set_consent(true).await;
/// # }
/// ```
///
/// and with the wrong one they do not:
///
/// ```compile_fail
/// # async fn f(user: easysecure_sdk::Client<easysecure_sdk::auth::User>) {
/// // getUsers is admin-only: a user session does not compile.
/// let _ = user.send(&easysecure_sdk::users::GetUsers::new()).await;
/// # }
/// ```
///
/// ```compile_fail
/// # async fn f(admin: easysecure_sdk::Client<easysecure_sdk::auth::Admin>) {
/// // setConsent is user-only: an admin session does not compile.
/// let _ = admin.send(&easysecure_sdk::profile::SetConsent::new(true)).await;
/// # }
/// ```
///
/// ```compile_fail
/// # async fn f(admin: easysecure_sdk::Client<easysecure_sdk::auth::Admin>) {
/// // nor do the handles of the other path.
/// let _ = admin.profile().set_consent(true).await;
/// # }
/// ```
pub struct Client<R: Role> {
    inner: Arc<Inner<R>>,
}

impl<R: Role> Clone for Client<R> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<R: Role> fmt::Debug for Client<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("role", &R::PREFIX)
            .field("transport", &self.inner.transport)
            .field("session", &self.inner.session)
            .finish()
    }
}

impl Client<Admin> {
    /// A builder (then [`ClientBuilder::login_admin`] or [`ClientBuilder::login_user`]).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

impl<R: Role> Client<R> {
    /// Sends any endpoint of this role path through the shared transport.
    pub async fn send<E: RoleEndpoint<R>>(
        &self,
        endpoint: &E,
    ) -> Result<E::Output, Error<E::Error>> {
        self.inner
            .transport
            .send(endpoint, Some(&self.inner.session))
            .await
    }

    /// Sends with per-call options (timeout, retry policy, size limit).
    pub async fn send_with<E: RoleEndpoint<R>>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Output, Error<E::Error>> {
        self.inner
            .transport
            .send_with(endpoint, Some(&self.inner.session), options)
            .await
    }

    /// The transport (base URL, clock, configuration).
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The session (refresh and login counters).
    pub fn session(&self) -> &Session<R> {
        &self.inner.session
    }

    /// `POST /<role>/logout`: revokes the tokens and forgets them. A later call
    /// logs in again with the stored password.
    pub async fn logout(&self) -> Result<Ack, Error<LogoutError>> {
        let result = self.send(&Logout::<R>::new()).await;
        self.inner.session.clear().await;
        result
    }
}
