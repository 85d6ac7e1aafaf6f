//! User info (card, PIN, flags) and the combined user record (subject, user
//! info and faces in one call).

use access_core::http::{Body, Query, segment};
use access_core::model::{CardNumber, Pin};
use access_core::paging::Pager;
use access_core::{Error, ExposeSecret, SecretString, ValidationError};
use futures_util::stream::BoxStream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::faces::Face;
use crate::ids::UserUuid;
use crate::model::{Ack, Page, Paging, lenient_bool, opt_secret, pager};
use crate::subjects::Subject;

/// A user-info row: card, PIN and flags **\[V\]** members from E3 `UserInfoData`
/// (`_card`, `_pin`, `_admin`, `_byPassCard`, `_indivisual` used as
/// verify_type); **\[I\]** JSON names. The PIN is a secret: `Debug` redacts it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserInfo {
    /// The person's id.
    pub user_uuid: UserUuid,
    /// The card number, in hex pairs (`65 D8 A1 BD`) **\[seed\]**.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub card: Option<CardNumber>,
    /// The PIN.
    #[serde(default, with = "opt_secret", skip_serializing_if = "Option::is_none")]
    pub pin: Option<SecretString>,
    /// Whether the user is a device administrator.
    #[serde(
        default,
        deserialize_with = "lenient_bool::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub admin: Option<bool>,
    /// Whether the card alone opens (no biometric needed).
    #[serde(
        default,
        deserialize_with = "lenient_bool::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub bypass_card: Option<bool>,
    /// How the user is verified (device value).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub verify_type: Option<i64>,
    /// Fields the documentation does not describe (sent back unchanged).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UserInfo {
    /// User info for `user_uuid` with nothing set.
    pub fn new(user_uuid: UserUuid) -> Self {
        Self {
            user_uuid,
            card: None,
            pin: None,
            admin: None,
            bypass_card: None,
            verify_type: None,
            extra: Map::new(),
        }
    }

    /// Sets the card; it must be in hex pairs (`65 D8 A1 BD`), checked when
    /// the row is sent ([`SaveUserInfo`]).
    pub fn card(mut self, card: CardNumber) -> Self {
        self.card = Some(card);
        self
    }

    /// Sets the PIN (the device's rule is access-core's [`Pin`] rule: 4 to 12
    /// digits, checked by [`Pin::new`]).
    pub fn pin(mut self, pin: Pin) -> Self {
        self.pin = Some(SecretString::from(pin.expose().to_string()));
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if let Some(c) = &self.card {
            CardNumber::from_hex_pairs(c.as_str())?;
        }
        if let Some(p) = &self.pin {
            Pin::new(p.expose_secret())?;
        }
        Ok(())
    }
}

/// `GET /1.0/user-info?page=&page_size=` **\[seed\]**; **\[V\]** path E3: the user-info rows.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ListUserInfo {
    paging: Paging,
}

impl ListUserInfo {
    /// The list with `paging`.
    pub fn new(paging: Paging) -> Self {
        Self { paging }
    }
}

access_core::endpoint! {
    impl Endpoint for ListUserInfo {
        name: "GET /user-info",
        method: GET,
        path: "user-info",
        output: Page<UserInfo>,
        error: ListUserInfoError,
        idempotent: true,
        decode: |_s, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            s.paging.push(&mut q);
            q
        },
        validate: |s| s.paging.validate(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /user-info` (see [`crate::error`] for how they are read).
    pub enum ListUserInfoError {
        /// The user-info row does not exist (device code -601).
        NotFound = (_, code "-601") => NotFound,
    }
}

/// `GET /1.0/user-info/card/{card}` **\[I\]** path; **\[seed\]** `card` "expressed in HEX
/// with space inserted per 2 bytes", e.g. `65 D8 A1 BD`: the user holding a card.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UserInfoByCard {
    card: CardNumber,
}

impl UserInfoByCard {
    /// Looks up `card`, which must be in hex pairs (build it with
    /// [`CardNumber::from_hex_pairs`], or convert with `to_hex_pairs`).
    pub fn new(card: CardNumber) -> Result<Self, ValidationError> {
        CardNumber::from_hex_pairs(card.as_str())?;
        Ok(Self { card })
    }
}

access_core::endpoint! {
    impl Endpoint for UserInfoByCard {
        name: "GET /user-info/card/{card}",
        method: GET,
        path: |s| format!("user-info/card/{}", segment(s.card.as_str())),
        output: UserInfo,
        error: UserInfoByCardError,
        idempotent: true,
        decode: |_s, r| r.json(),
        validate: |s| CardNumber::from_hex_pairs(s.card.as_str()).map(|_| ()),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /user-info/card/{card}` (see [`crate::error`] for how they are read).
    pub enum UserInfoByCardError {
        /// No user holds the card (device codes -603, -601, -741).
        NotFound = (_, code "-603" | code "-601" | code "-741") => NotFound,
    }
}

/// `GET /1.0/user-info/{user_uuid}` **\[I\]** path; **\[seed\]** `user_uuid`: one user-info row.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GetUserInfo {
    user: UserUuid,
}

impl GetUserInfo {
    /// The row of `user`.
    pub fn new(user: UserUuid) -> Self {
        Self { user }
    }
}

access_core::endpoint! {
    impl Endpoint for GetUserInfo {
        name: "GET /user-info/{user_uuid}",
        method: GET,
        path: |s| format!("user-info/{}", segment(s.user.as_str())),
        output: UserInfo,
        error: GetUserInfoError,
        idempotent: true,
        decode: |_s, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /user-info/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum GetUserInfoError {
        /// The user-info row does not exist (device code -601).
        NotFound = (_, code "-601") => NotFound,
    }
}

/// `POST /1.0/user-info` **\[V\]** E3: add or update a user-info row.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SaveUserInfo {
    info: UserInfo,
}

impl SaveUserInfo {
    /// Saves `info`.
    pub fn new(info: UserInfo) -> Self {
        Self { info }
    }
}

access_core::endpoint! {
    impl Endpoint for SaveUserInfo {
        name: "POST /user-info",
        method: POST,
        path: "user-info",
        output: Ack,
        error: SaveUserInfoError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |s| Body::json(&s.info),
        validate: |s| s.info.check(),
        secrets: |s| s.info.pin.iter().cloned().collect(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /user-info` (see [`crate::error`] for how they are read).
    pub enum SaveUserInfoError {
        /// The user-info row does not exist (device code -601).
        NotFound = (_, code "-601") => NotFound,
    }
}

/// `DELETE /1.0/user-info/{user_uuid}` **\[I\]** method and path; **\[seed\]** `user_uuid`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeleteUserInfo {
    user: UserUuid,
}

impl DeleteUserInfo {
    /// Deletes the row of `user`.
    pub fn new(user: UserUuid) -> Self {
        Self { user }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteUserInfo {
        name: "DELETE /user-info/{user_uuid}",
        method: DELETE,
        path: |s| format!("user-info/{}", segment(s.user.as_str())),
        output: Ack,
        error: DeleteUserInfoError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /user-info/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum DeleteUserInfoError {
        /// The user-info row does not exist (device code -601).
        NotFound = (_, code "-601") => NotFound,
    }
}

/// A whole user: the subject fields, the card and the faces in one object
/// **\[seed\]** body example `{"user_uuid":"1","record_version":0,"last_name":"abc",
/// ..., "faces":[{"sub_id":1,...}]}`; **\[I\]** the other fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The subject part (names, templates, Wiegand data) and unknown fields.
    #[serde(flatten)]
    pub subject: Subject,
    /// The card, in hex pairs.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub card: Option<CardNumber>,
    /// The faces.
    #[serde(default)]
    pub faces: Vec<Face>,
}

impl User {
    /// A user from its subject part.
    pub fn new(subject: Subject) -> Self {
        Self {
            subject,
            card: None,
            faces: Vec::new(),
        }
    }

    /// Sets the card; it must be in hex pairs (`65 D8 A1 BD`), checked when
    /// the user is saved ([`SaveUser`]).
    pub fn card(mut self, card: CardNumber) -> Self {
        self.card = Some(card);
        self
    }

    /// Adds faces; each gets this user's uuid.
    pub fn faces(mut self, faces: impl IntoIterator<Item = Face>) -> Self {
        let uuid = self.subject.user_uuid.clone();
        self.faces
            .extend(faces.into_iter().map(|f| f.user(uuid.clone())));
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.subject.last_name.trim().is_empty() {
            return Err(ValidationError::new(
                "last_name",
                "must not be empty (device code -210)",
            ));
        }
        for f in &self.faces {
            f.sub_id.check()?;
        }
        if let Some(c) = &self.card {
            CardNumber::from_hex_pairs(c.as_str())?;
        }
        Ok(())
    }
}

/// `POST /1.0/user` with the user JSON **\[seed\]** URL and body example; **\[I\]** method:
/// add or update a user with its faces in one call.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SaveUser {
    user: User,
}

impl SaveUser {
    /// Saves `user`.
    pub fn new(user: User) -> Result<Self, ValidationError> {
        user.check()?;
        Ok(Self { user })
    }
}

access_core::endpoint! {
    impl Endpoint for SaveUser {
        name: "POST /user",
        method: POST,
        path: "user",
        output: Ack,
        error: SaveUserError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |s| Body::json(&s.user),
        validate: |s| s.user.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /user` (see [`crate::error`] for how they are read).
    pub enum SaveUserError {
        /// The user does not exist (device codes -761, -601, -201).
        NotFound = (_, code "-761" | code "-601" | code "-201") => NotFound,
    }
}

/// `GET /1.0/user` **\[V\]** E2: the users (E2 reads it as a list; paging as the
/// other lists **\[I\]**).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ListUsers {
    paging: Paging,
}

impl ListUsers {
    /// The list with `paging`.
    pub fn new(paging: Paging) -> Self {
        Self { paging }
    }
}

access_core::endpoint! {
    impl Endpoint for ListUsers {
        name: "GET /user",
        method: GET,
        path: "user",
        output: Page<User>,
        error: ListUsersError,
        idempotent: true,
        decode: |_s, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            s.paging.push(&mut q);
            q
        },
        validate: |s| s.paging.validate(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /user` (see [`crate::error`] for how they are read).
    pub enum ListUsersError {
        /// The user does not exist (device codes -761, -601, -201).
        NotFound = (_, code "-761" | code "-601" | code "-201") => NotFound,
    }
}

/// `GET /1.0/user/{user_uuid}` **\[I\]** path; **\[seed\]** `user_uuid`: one user with faces.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GetUser {
    user: UserUuid,
}

impl GetUser {
    /// The user `user`.
    pub fn new(user: UserUuid) -> Self {
        Self { user }
    }
}

access_core::endpoint! {
    impl Endpoint for GetUser {
        name: "GET /user/{user_uuid}",
        method: GET,
        path: |s| format!("user/{}", segment(s.user.as_str())),
        output: User,
        error: GetUserError,
        idempotent: true,
        decode: |_s, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /user/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum GetUserError {
        /// The user does not exist (device codes -761, -601, -201).
        NotFound = (_, code "-761" | code "-601" | code "-201") => NotFound,
    }
}

/// `DELETE /1.0/user/{user_uuid}` **\[I\]** path; **\[seed\]** `user_uuid`, "Default
/// response": delete a user from every table (subject, user info, faces).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeleteUser {
    user: UserUuid,
}

impl DeleteUser {
    /// Deletes `user`.
    pub fn new(user: UserUuid) -> Self {
        Self { user }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteUser {
        name: "DELETE /user/{user_uuid}",
        method: DELETE,
        path: |s| format!("user/{}", segment(s.user.as_str())),
        output: Ack,
        error: DeleteUserError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /user/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum DeleteUserError {
        /// The user does not exist (device codes -761, -601, -201).
        NotFound = (_, code "-761" | code "-601" | code "-201") => NotFound,
    }
}

/// User-info calls of a [`Client`]: `client.user_info()`.
#[derive(Debug, Clone, Copy)]
pub struct UserInfos<'a>(&'a Client);

/// User calls (subject, user info and faces together) of a [`Client`]:
/// `client.users()`.
#[derive(Debug, Clone, Copy)]
pub struct Users<'a>(&'a Client);

impl Client {
    /// User info: card, PIN, flags (`/user-info`).
    pub fn user_info(&self) -> UserInfos<'_> {
        UserInfos(self)
    }

    /// Whole users (`/user`).
    pub fn users(&self) -> Users<'_> {
        Users(self)
    }
}

impl<'a> UserInfos<'a> {
    /// `GET /user-info`: one page (or, with [`Paging::all`], the whole list).
    pub async fn page(self, paging: Paging) -> Result<Page<UserInfo>, Error<ListUserInfoError>> {
        self.0.send(&ListUserInfo::new(paging)).await
    }

    /// Every user-info row, `page_size` rows a request, through the bounded
    /// [`Pager`] (pages keyed by `user_uuid`).
    pub fn pager(self, page_size: u32) -> Pager<'a, UserInfo, ListUserInfoError> {
        let client = self.0;
        pager(
            page_size,
            |i: &UserInfo| i.user_uuid.clone(),
            move |p| async move { client.send(&ListUserInfo::new(p)).await },
        )
    }

    /// Every user-info row as a stream (`pager(page_size).stream()`).
    pub fn stream(
        self,
        page_size: u32,
    ) -> BoxStream<'a, Result<UserInfo, Error<ListUserInfoError>>> {
        self.pager(page_size).stream()
    }

    /// Every user-info row (`pager(page_size).all()`).
    pub async fn all(self, page_size: u32) -> Result<Vec<UserInfo>, Error<ListUserInfoError>> {
        self.pager(page_size).all().await
    }

    /// `GET /user-info/{user_uuid}`: one row.
    pub async fn get(self, user: &UserUuid) -> Result<UserInfo, Error<GetUserInfoError>> {
        self.0.send(&GetUserInfo::new(user.clone())).await
    }

    /// `GET /user-info/card/{card}`: the row of a card (hex pairs).
    pub async fn by_card(self, card: &CardNumber) -> Result<UserInfo, Error<UserInfoByCardError>> {
        self.0.send(&UserInfoByCard::new(card.clone())?).await
    }

    /// `POST /user-info`: adds or updates a row.
    pub async fn save(self, info: UserInfo) -> Result<Ack, Error<SaveUserInfoError>> {
        self.0.send(&SaveUserInfo::new(info)).await
    }

    /// `DELETE /user-info/{user_uuid}`: deletes a row.
    pub async fn delete(self, user: &UserUuid) -> Result<Ack, Error<DeleteUserInfoError>> {
        self.0.send(&DeleteUserInfo::new(user.clone())).await
    }
}

impl<'a> Users<'a> {
    /// `GET /user`: one page (or, with [`Paging::all`], the whole list).
    pub async fn page(self, paging: Paging) -> Result<Page<User>, Error<ListUsersError>> {
        self.0.send(&ListUsers::new(paging)).await
    }

    /// Every user, `page_size` rows a request, through the bounded [`Pager`]
    /// (pages keyed by `user_uuid`).
    pub fn pager(self, page_size: u32) -> Pager<'a, User, ListUsersError> {
        let client = self.0;
        pager(
            page_size,
            |u: &User| u.subject.user_uuid.clone(),
            move |p| async move { client.send(&ListUsers::new(p)).await },
        )
    }

    /// Every user as a stream (`pager(page_size).stream()`).
    pub fn stream(self, page_size: u32) -> BoxStream<'a, Result<User, Error<ListUsersError>>> {
        self.pager(page_size).stream()
    }

    /// Every user (`pager(page_size).all()`).
    pub async fn all(self, page_size: u32) -> Result<Vec<User>, Error<ListUsersError>> {
        self.pager(page_size).all().await
    }

    /// `GET /user/{user_uuid}`: one whole user.
    pub async fn get(self, user: &UserUuid) -> Result<User, Error<GetUserError>> {
        self.0.send(&GetUser::new(user.clone())).await
    }

    /// `POST /user`: adds or updates a whole user with faces. Without a
    /// record version the subject part gets the device's
    /// ([`Client::record_version`]).
    pub async fn save(self, user: User) -> Result<Ack, Error<SaveUserError>> {
        let mut user = SaveUser::new(user)?.user;
        user.subject = self
            .0
            .with_record_version(user.subject)
            .await
            .map_err(|e| e.recast_with(SaveUserError::from_details))?;
        self.0.send(&SaveUser { user }).await
    }

    /// `DELETE /user/{user_uuid}`: deletes a user from every table.
    pub async fn delete(self, user: &UserUuid) -> Result<Ack, Error<DeleteUserError>> {
        self.0.send(&DeleteUser::new(user.clone())).await
    }
}
