//! Authentication: the two role paths, tokens, and the session that renews them.
//!
//! EasySecure has two "role-based" paths **\[seed\]**: **Admin** (`/admins/…`, for
//! integrations) and **User** (`/users/…`, for the mobile app). Each path has its
//! own login, and a function is only available on its own path: an integration
//! that needs both uses two tokens. This crate makes the two paths two types,
//! [`Admin`] and [`User`], so a [`Client<Admin>`](crate::Client) cannot call a
//! user-only endpoint and the reverse does not compile.
//!
//! Login (`company` is **case-sensitive**: "EasySecure" is not "Easysecure";
//! `email`; `password`) answers an `idToken` valid for one hour and a
//! `refreshToken` valid indefinitely **\[seed\]**. The session sends the `idToken`
//! as `Authorization: Bearer …`, renews it with the `refreshToken` a margin before
//! it expires and after a 401, single-flight (one refresh request however many
//! calls hit the expiry), and falls back to a fresh login when the refresh token
//! is refused and the password is known.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use access_core::http::{
    AuthParts, Authorizer, Body, CredentialCache, Endpoint, Fresh, Response, Transport,
};
use access_core::model::EmailAddress;
use access_core::{AuthError, DecodeError, Error, ExposeSecret, SecretString, ValidationError};
use async_trait::async_trait;
use reqwest::header::AUTHORIZATION;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::Ack;

/// How long an `idToken` is valid **\[seed\]**.
pub const ID_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

mod sealed {
    pub trait Sealed {}
}

/// One of EasySecure's two role paths: [`Admin`] or [`User`].
pub trait Role: sealed::Sealed + fmt::Debug + Send + Sync + 'static {
    /// The path prefix, `admins` or `users`.
    const PREFIX: &'static str;
    /// `POST /<prefix>/login`.
    const LOGIN: &'static str;
    /// `POST /<prefix>/refreshToken`.
    const REFRESH: &'static str;
    /// `POST /<prefix>/logout`.
    const LOGOUT: &'static str;
    /// `POST /<prefix>/resetPasswordRequest`.
    const RESET_REQUEST: &'static str;
    /// `POST /<prefix>/resetPassword`.
    const RESET: &'static str;
}

/// The Admin path (`/admins/…`): accounts invited from EasySecure's Administrator
/// menu; what integrations use **\[V\]** P.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Admin;

/// The User path (`/users/…`): accounts invited to the app from EasySecure's user
/// menu (the mobile app) **\[V\]** P. A user acts on their own record only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct User;

impl sealed::Sealed for Admin {}
impl sealed::Sealed for User {}

impl Role for Admin {
    const PREFIX: &'static str = "admins";
    const LOGIN: &'static str = "POST /admins/login";
    const REFRESH: &'static str = "POST /admins/refreshToken";
    const LOGOUT: &'static str = "POST /admins/logout";
    const RESET_REQUEST: &'static str = "POST /admins/resetPasswordRequest";
    const RESET: &'static str = "POST /admins/resetPassword";
}

impl Role for User {
    const PREFIX: &'static str = "users";
    const LOGIN: &'static str = "POST /users/login";
    const REFRESH: &'static str = "POST /users/refreshToken";
    const LOGOUT: &'static str = "POST /users/logout";
    const RESET_REQUEST: &'static str = "POST /users/resetPasswordRequest";
    const RESET: &'static str = "POST /users/resetPassword";
}

/// Marks an endpoint as callable with a session of role `R`.
///
/// Every request type implements it by hand next to its `access_core::endpoint!`
/// block (`impl RoleEndpoint<Admin> for GetUsers {}`).
///
/// [`Client::send`](crate::Client::send) accepts only endpoints of its own role,
/// which is what makes a user-only call on an admin client a compile error.
pub trait RoleEndpoint<R: Role>: Endpoint {}

access_core::error_enum! {
    /// Failures of `POST /admins/login` and `POST /users/login` (the same rows on both
    /// paths **\[seed\]**).
    pub enum LoginError for crate::error::EasySecureErrorBody {
        /// 404 "Invalid Login Credentials": wrong company (case-sensitive!), e-mail
        /// or password.
        InvalidLoginCredentials = (404, message "Invalid Login Credentials") => Auth,
        /// 500 "Incorrect EasySecure setup": the environment is not set up for API access.
        IncorrectSetup = (500, message "Incorrect EasySecure setup") => Other,
        /// 500 "It is currently not possible to create a new account/user".
        CannotCreateAccount = (500, message "It is currently not possible to create a new account/user") => Other,
        /// 500 "Can not save data".
        CannotSaveData = (500, message "Can not save data") => Other,
        /// 500 "It is currently not possible to delete the account".
        CannotDeleteAccount = (500, message "It is currently not possible to delete the account") => Other,
        /// 500 "Unknown exception".
        UnknownException = (500, message "Unknown exception") => Other,
        /// 500 "Firebase unknown exception": the identity provider behind the API failed.
        FirebaseUnknownException = (500, message "Firebase unknown exception") => Other,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/refreshToken` and `POST /users/refreshToken` **\[seed\]**.
    pub enum RefreshTokenError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 401 "Invalid refresh token": log in again.
        InvalidRefreshToken = (401, message "Invalid refresh token") => Auth,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/logout` and `POST /users/logout` **\[seed\]**.
    pub enum LogoutError for crate::error::EasySecureErrorBody {
        /// 500 "Can't revoke token from Firebase": the tokens may stay valid.
        CannotRevokeToken = (500, message "Can't revoke token from Firebase") => Other,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/resetPasswordRequest` and `POST /users/resetPasswordRequest` **\[seed\]**.
    pub enum ResetPasswordRequestError for crate::error::EasySecureErrorBody {
        /// 500 "Passwords request email not sent".
        EmailNotSent = (500, message "Passwords request email not sent") => Other,
        /// 500 "Can not save data".
        CannotSaveData = (500, message "Can not save data") => Other,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/resetPassword` and `POST /users/resetPassword` **\[seed\]**.
    pub enum ResetPasswordError for crate::error::EasySecureErrorBody {
        /// 500 "Passwords request token used": the reset token was already used.
        TokenUsed = (500, message "Passwords request token used") => Conflict,
        /// 500 "It is currently not possible to change the password".
        CannotChangePassword = (500, message "It is currently not possible to change the password") => Other,
        /// 500 "Can not save data".
        CannotSaveData = (500, message "Can not save data") => Other,
    }
}

access_core::error_enum! {
    /// Failures of `POST /users/changePassword` **\[seed\]**.
    pub enum ChangePasswordError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 500 "It is currently not possible to change the password".
        CannotChangePassword = (500, message "It is currently not possible to change the password") => Other,
    }
}

/// What a login needs: company (case-sensitive, sent exactly as given), e-mail and
/// password. `Debug` does not show the password.
#[derive(Clone)]
pub struct LoginCredentials {
    company: String,
    email: EmailAddress,
    password: SecretString,
}

impl fmt::Debug for LoginCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginCredentials")
            .field("company", &self.company)
            .field("email", &self.email.as_str())
            .field("password", &"[redacted]")
            .finish()
    }
}

impl LoginCredentials {
    /// Validates the parts: a non-empty company (kept exactly, never trimmed or
    /// re-cased), a plausible e-mail address, a non-empty password.
    pub fn new(
        company: impl Into<String>,
        email: impl Into<String>,
        password: SecretString,
    ) -> Result<Self, ValidationError> {
        let company = company.into();
        if company.trim().is_empty() {
            return Err(ValidationError::new("company", "must not be empty"));
        }
        let email = EmailAddress::new(email)?;
        if password.expose_secret().is_empty() {
            return Err(ValidationError::new("password", "must not be empty"));
        }
        Ok(Self {
            company,
            email,
            password,
        })
    }

    /// The company name, exactly as given.
    pub fn company(&self) -> &str {
        &self.company
    }

    /// The e-mail address.
    pub fn email(&self) -> &EmailAddress {
        &self.email
    }

    fn body(&self) -> Result<Body, ValidationError> {
        Body::json(&serde_json::json!({
            "company": self.company,
            "email": self.email.as_str(),
            "password": self.password.expose_secret(),
        }))
    }
}

/// The tokens a login or refresh answers. `Debug` shows neither.
#[derive(Clone)]
#[non_exhaustive]
pub struct Tokens {
    /// `idToken`: valid for one hour; sent as `Authorization: Bearer`.
    pub id_token: SecretString,
    /// `refreshToken`: valid indefinitely **\[seed\]**. A refresh answer may leave it
    /// out, in which case the old one stays in use **\[I\]**.
    pub refresh_token: Option<SecretString>,
    /// `expiresIn` in seconds, if the server sends it (Firebase does; EasySecure's
    /// docs only say "1 hour") **\[I\]**. A negative value is taken as absent
    /// (the one-hour default applies); a value beyond `i64` is a decode error of
    /// the login or refresh; the session counts at most a year of it (see
    /// [`Fresh::valid_for`](access_core::http::Fresh::valid_for)).
    pub expires_in: Option<u64>,
    /// Every other field, as sent (values kept; do not log them blindly).
    pub extra: Map<String, Value>,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("id_token", &"[redacted]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_in", &self.expires_in)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[derive(Deserialize)]
struct RawTokens {
    #[serde(rename = "idToken", alias = "id_token", alias = "token")]
    id_token: String,
    #[serde(rename = "refreshToken", alias = "refresh_token", default)]
    refresh_token: Option<String>,
    #[serde(
        rename = "expiresIn",
        alias = "expires_in",
        default,
        deserialize_with = "crate::model::de::opt_i64"
    )]
    expires_in: Option<i64>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Tokens {
    /// Tokens obtained elsewhere (e.g. stored by a mobile app), for
    /// [`ClientBuilder::with_tokens`](crate::ClientBuilder::with_tokens). The
    /// `idToken` is assumed fresh (valid for one hour from now).
    pub fn new(id_token: SecretString, refresh_token: Option<SecretString>) -> Self {
        Self {
            id_token,
            refresh_token,
            expires_in: None,
            extra: Map::new(),
        }
    }

    fn decode(response: &Response) -> Result<Self, DecodeError> {
        let raw: RawTokens = response.json().map_err(|mut e| {
            // The excerpt of a token answer would hold the tokens.
            e.excerpt = "[redacted]".into();
            e
        })?;
        if raw.id_token.is_empty() {
            return Err(DecodeError::new(
                response.status,
                "idToken",
                "is empty",
                b"[redacted]",
            ));
        }
        Ok(Tokens {
            id_token: SecretString::from(raw.id_token),
            refresh_token: raw
                .refresh_token
                .filter(|s| !s.is_empty())
                .map(SecretString::from),
            expires_in: raw.expires_in.and_then(|s| u64::try_from(s).ok()),
            extra: raw.extra,
        })
    }
}

// The five session endpoints below exist on both role paths with one request
// type generic over the role (`Login<R>`); `access_core::endpoint!` writes
// impls for one concrete type only, so their `impl Endpoint` blocks are written
// out by hand, with the same items the macro writes.

/// `POST /admins/login` or `POST /users/login` **\[seed\]**: body `{company, email,
/// password}` (names documented), answer `{idToken, refreshToken}`. Sent by
/// [`ClientBuilder::login`](crate::ClientBuilder::login); never retried.
pub struct Login<R: Role> {
    credentials: LoginCredentials,
    _role: PhantomData<R>,
}

impl<R: Role> fmt::Debug for Login<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("path", &R::LOGIN)
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl<R: Role> Login<R> {
    /// A login with these credentials.
    pub fn new(credentials: LoginCredentials) -> Self {
        Self {
            credentials,
            _role: PhantomData,
        }
    }
}

access_core::endpoint! {
    impl<R: Role> Endpoint for Login<R> {
        name: R::LOGIN,
        method: POST,
        path: |_| format!("{}/login", R::PREFIX),
        output: Tokens,
        error: LoginError,
        idempotent: false,
        authenticated: false,
        decode: |_, response| Tokens::decode(&response),
        body: |s| s.credentials.body(),
        // An answer quoting the login body must not get the password into an error.
        secrets: |s| vec![s.credentials.password.clone()],
    }
}

/// `POST /admins/refreshToken` or `POST /users/refreshToken` **\[seed\]**: body
/// `{refreshToken}` **\[I\]**, answer a new `idToken` (and possibly a new
/// `refreshToken`). The session sends it for you.
pub struct RefreshToken<R: Role> {
    refresh_token: SecretString,
    _role: PhantomData<R>,
}

impl<R: Role> fmt::Debug for RefreshToken<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshToken")
            .field("path", &R::REFRESH)
            .field("refresh_token", &"[redacted]")
            .finish()
    }
}

impl<R: Role> RefreshToken<R> {
    /// A refresh with this token (refused when empty).
    pub fn new(refresh_token: SecretString) -> Result<Self, ValidationError> {
        if refresh_token.expose_secret().is_empty() {
            return Err(ValidationError::new("refreshToken", "must not be empty"));
        }
        Ok(Self {
            refresh_token,
            _role: PhantomData,
        })
    }
}

access_core::endpoint! {
    impl<R: Role> Endpoint for RefreshToken<R> {
        name: R::REFRESH,
        method: POST,
        path: |_| format!("{}/refreshToken", R::PREFIX),
        output: Tokens,
        error: RefreshTokenError,
        idempotent: false,
        authenticated: false,
        decode: |_, response| Tokens::decode(&response),
        body: |s| Body::json(&serde_json::json!({ "refreshToken": s.refresh_token.expose_secret() })),
        secrets: |s| vec![s.refresh_token.clone()],
    }
}

/// `POST /admins/logout` or `POST /users/logout` **\[seed\]**: revokes the tokens at
/// Firebase. Body `{}` **\[I\]**; authenticated.
#[derive(Debug, Default)]
pub struct Logout<R: Role>(PhantomData<R>);

impl<R: Role> Logout<R> {
    /// The logout request.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

access_core::endpoint! {
    impl<R: Role> Endpoint for Logout<R> {
        name: R::LOGOUT,
        method: POST,
        path: |_| format!("{}/logout", R::PREFIX),
        output: Ack,
        error: LogoutError,
        idempotent: false,
        decode: |_, response| Ack::decode(&response),
        body: |_| Body::json(&serde_json::json!({})),
    }
}
impl<R: Role> RoleEndpoint<R> for Logout<R> {}

/// `POST /admins/resetPasswordRequest` or `POST /users/resetPasswordRequest`
/// **\[seed\]**: EasySecure mails a reset link. Body `{company, email}` **\[I\]**;
/// unauthenticated.
#[derive(Debug)]
pub struct ResetPasswordRequest<R: Role> {
    company: String,
    email: EmailAddress,
    _role: PhantomData<R>,
}

impl<R: Role> ResetPasswordRequest<R> {
    /// Validates company (non-empty, case kept) and e-mail.
    pub fn new(
        company: impl Into<String>,
        email: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        let company = company.into();
        if company.trim().is_empty() {
            return Err(ValidationError::new("company", "must not be empty"));
        }
        Ok(Self {
            company,
            email: EmailAddress::new(email)?,
            _role: PhantomData,
        })
    }
}

access_core::endpoint! {
    impl<R: Role> Endpoint for ResetPasswordRequest<R> {
        name: R::RESET_REQUEST,
        method: POST,
        path: |_| format!("{}/resetPasswordRequest", R::PREFIX),
        output: Ack,
        error: ResetPasswordRequestError,
        idempotent: false,
        authenticated: false,
        decode: |_, response| Ack::decode(&response),
        body: |s| Body::json(&serde_json::json!({ "company": s.company, "email": s.email.as_str() })),
    }
}

/// `POST /admins/resetPassword` or `POST /users/resetPassword` **\[seed\]**: sets a
/// new password with the token from the reset mail. Body `{token, password}`
/// **\[I\]**; unauthenticated. A token works once (500 "Passwords request token used").
pub struct ResetPassword<R: Role> {
    token: SecretString,
    password: SecretString,
    _role: PhantomData<R>,
}

impl<R: Role> fmt::Debug for ResetPassword<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResetPassword")
            .field("path", &R::RESET)
            .field("token", &"[redacted]")
            .field("password", &"[redacted]")
            .finish()
    }
}

impl<R: Role> ResetPassword<R> {
    /// Both values must be non-empty.
    pub fn new(token: SecretString, password: SecretString) -> Result<Self, ValidationError> {
        if token.expose_secret().is_empty() {
            return Err(ValidationError::new("token", "must not be empty"));
        }
        if password.expose_secret().is_empty() {
            return Err(ValidationError::new("password", "must not be empty"));
        }
        Ok(Self {
            token,
            password,
            _role: PhantomData,
        })
    }
}

access_core::endpoint! {
    impl<R: Role> Endpoint for ResetPassword<R> {
        name: R::RESET,
        method: POST,
        path: |_| format!("{}/resetPassword", R::PREFIX),
        output: Ack,
        error: ResetPasswordError,
        idempotent: false,
        authenticated: false,
        decode: |_, response| Ack::decode(&response),
        body: |s| Body::json(&serde_json::json!({
            "token": s.token.expose_secret(),
            "password": s.password.expose_secret(),
        })),
        secrets: |s| vec![s.token.clone(), s.password.clone()],
    }
}

/// `POST /users/changePassword` **\[seed\]**, user path only: body `{oldPassword,
/// newPassword}` **\[I\]**; authenticated.
pub struct ChangePassword {
    old_password: SecretString,
    new_password: SecretString,
}

impl fmt::Debug for ChangePassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChangePassword { old_password: [redacted], new_password: [redacted] }")
    }
}

impl ChangePassword {
    /// Both passwords must be non-empty.
    pub fn new(
        old_password: SecretString,
        new_password: SecretString,
    ) -> Result<Self, ValidationError> {
        if old_password.expose_secret().is_empty() {
            return Err(ValidationError::new("oldPassword", "must not be empty"));
        }
        if new_password.expose_secret().is_empty() {
            return Err(ValidationError::new("newPassword", "must not be empty"));
        }
        Ok(Self {
            old_password,
            new_password,
        })
    }
}

access_core::endpoint! {
    impl Endpoint for ChangePassword {
        name: "POST /users/changePassword",
        method: POST,
        path: "users/changePassword",
        output: Ack,
        error: ChangePasswordError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| {
            Body::json(&serde_json::json!({
                "oldPassword": s.old_password.expose_secret(),
                "newPassword": s.new_password.expose_secret(),
            }))
        },
        secrets: |s| vec![s.old_password.clone(), s.new_password.clone()],
    }
}
impl RoleEndpoint<User> for ChangePassword {}

struct TokenPair {
    id_token: SecretString,
    refresh_token: Option<SecretString>,
}

impl TokenPair {
    /// Registers both tokens with the transport, so no answer of any later call
    /// (a refresh echoing the old pair, say) shows them.
    fn register(&self, transport: &Transport) -> &Self {
        transport.secrets().register(&self.id_token);
        if let Some(refresh) = &self.refresh_token {
            transport.secrets().register(refresh);
        }
        self
    }
}

/// A logged-in session of role `R`: the token pair, renewed single-flight.
///
/// Implements [`Authorizer`], so the shared transport attaches the `idToken`,
/// renews it `margin` before its hour is up (on the client's clock), and renews
/// and replays a request once after a 401. `Debug` shows no secret.
pub struct Session<R: Role> {
    credentials: Option<LoginCredentials>,
    cache: CredentialCache<TokenPair>,
    refreshes: AtomicU64,
    logins: AtomicU64,
    _role: PhantomData<R>,
}

impl<R: Role> fmt::Debug for Session<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("role", &R::PREFIX)
            .field("credentials", &self.credentials)
            .field("tokens", &"[redacted]")
            .field("refreshes", &self.refreshes.load(Ordering::Relaxed))
            .finish()
    }
}

fn to_auth<E: access_core::ServiceError>(e: Error<E>) -> AuthError {
    match &e {
        Error::Service { status, error } if matches!(status, 400 | 401 | 403 | 404) => {
            AuthError::Rejected {
                message: format!("HTTP {status}: {error}"),
            }
        }
        _ => AuthError::RenewalFailed {
            message: e.to_string(),
            kind: e.kind(),
            retryable: e.is_retryable(),
        },
    }
}

impl<R: Role> Session<R> {
    pub(crate) fn new(
        transport: &Transport,
        margin: Duration,
        credentials: Option<LoginCredentials>,
        tokens: Tokens,
    ) -> Self {
        let expires_at = Self::expiry(transport, &tokens);
        if let Some(c) = &credentials {
            transport.secrets().register(&c.password);
        }
        let pair = TokenPair {
            id_token: tokens.id_token,
            refresh_token: tokens.refresh_token,
        };
        pair.register(transport);
        Self {
            credentials,
            cache: CredentialCache::with_value(
                transport.clock().clone(),
                margin,
                Fresh::until(pair, expires_at),
            )
            .renewal_timeout(transport.config().renewal_deadline()),
            refreshes: AtomicU64::new(0),
            logins: AtomicU64::new(1),
            _role: PhantomData,
        }
    }

    /// When the `idToken` of `tokens` expires: `expiresIn` from now, or
    /// [`ID_TOKEN_LIFETIME`] when the server sends none (or zero). The lifetime
    /// is a server's number: [`Fresh::expiry_after`] clamps it to a year, so no
    /// `expiresIn` panics or wraps the computation.
    fn expiry(transport: &Transport, tokens: &Tokens) -> chrono::DateTime<chrono::Utc> {
        let lifetime = tokens
            .expires_in
            .filter(|s| *s > 0)
            .map(Duration::from_secs)
            .unwrap_or(ID_TOKEN_LIFETIME);
        Fresh::<TokenPair>::expiry_after(transport.clock().now(), lifetime)
    }

    /// How many times the `idToken` was renewed with the refresh token.
    pub fn refresh_count(&self) -> u64 {
        self.refreshes.load(Ordering::Relaxed)
    }

    /// How many logins this session made (1 for the initial one, more after a
    /// refused refresh token).
    pub fn login_count(&self) -> u64 {
        self.logins.load(Ordering::Relaxed)
    }

    pub(crate) async fn clear(&self) {
        self.cache.clear().await;
    }

    async fn obtain(
        &self,
        transport: &Transport,
        previous: Option<Arc<TokenPair>>,
    ) -> Result<Fresh<TokenPair>, AuthError> {
        let refresh = previous.as_ref().and_then(|p| p.refresh_token.clone());
        if let Some(refresh) = refresh {
            let request = RefreshToken::<R>::new(refresh.clone())
                .map_err(|e| AuthError::NoSession(e.to_string()))?;
            match transport.send(&request, None).await {
                Ok(tokens) => {
                    self.refreshes.fetch_add(1, Ordering::Relaxed);
                    tracing::debug!(role = R::PREFIX, "idToken refreshed");
                    let expires_at = Self::expiry(transport, &tokens);
                    let pair = TokenPair {
                        id_token: tokens.id_token,
                        refresh_token: tokens.refresh_token.or(Some(refresh)),
                    };
                    pair.register(transport);
                    return Ok(Fresh::until(pair, expires_at));
                }
                Err(e) => {
                    let refused = matches!(
                        e,
                        Error::Service {
                            status: 400 | 401,
                            ..
                        }
                    );
                    if !(refused && self.credentials.is_some()) {
                        return Err(to_auth(e));
                    }
                    tracing::debug!(role = R::PREFIX, "refresh token refused; logging in again");
                }
            }
        }
        let Some(credentials) = &self.credentials else {
            return Err(AuthError::NoSession(
                "the session has no tokens and no password to log in with".into(),
            ));
        };
        let tokens = transport
            .send(&Login::<R>::new(credentials.clone()), None)
            .await
            .map_err(to_auth)?;
        self.logins.fetch_add(1, Ordering::Relaxed);
        let expires_at = Self::expiry(transport, &tokens);
        let pair = TokenPair {
            id_token: tokens.id_token,
            refresh_token: tokens.refresh_token,
        };
        pair.register(transport);
        Ok(Fresh::until(pair, expires_at))
    }

    fn parts(pair: &TokenPair, generation: u64) -> AuthParts {
        AuthParts::new(generation).header(
            AUTHORIZATION,
            SecretString::from(format!("Bearer {}", pair.id_token.expose_secret())),
        )
    }
}

#[async_trait]
impl<R: Role> Authorizer for Session<R> {
    async fn authorize(&self, transport: &Transport) -> Result<AuthParts, AuthError> {
        let (pair, generation) = self
            .cache
            .get(|previous| self.obtain(transport, previous))
            .await?;
        Ok(Self::parts(&pair, generation))
    }

    /// HTTP 401 only: the server refused the bearer token (expired or revoked)
    /// before it ran the call, so the transport renews once and replays even a
    /// write. A 401 is a refusal for the credentials, decided before the
    /// handler acts; no other status (a 403, a 409, a body that mentions the
    /// token) proves that, so none triggers a renewal or a replay.
    fn is_rejection(&self, response: &Response) -> bool {
        response.status == 401
    }

    async fn renew(
        &self,
        transport: &Transport,
        rejected_generation: u64,
    ) -> Result<(), AuthError> {
        self.cache
            .renew_rejected(rejected_generation, |previous| {
                self.obtain(transport, previous)
            })
            .await?;
        Ok(())
    }
}
