//! User info (card, PIN, flags) and the combined user record (subject, user
//! info and faces in one call).

use access_core::http::{Body, segment};
use access_core::model::CardNumber;
use access_core::{SecretString, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::RecordError;
use crate::faces::Face;
use crate::macros::endpoint;
use crate::subjects::Subject;
use crate::types::{Ack, Page, Paging, UserUuid, lenient_bool, opt_secret};

/// A user-info row: card, PIN and flags [V members from E3 `UserInfoData`
/// (`_card`, `_pin`, `_admin`, `_byPassCard`, `_indivisual` used as
/// verify_type); I JSON names]. The PIN is a secret: `Debug` redacts it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserInfo {
    /// The person's id.
    pub user_uuid: UserUuid,
    /// The card number, in hex pairs (`65 D8 A1 BD`) \[seed\].
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

    /// Sets the card; it must be in hex pairs (`65 D8 A1 BD`).
    pub fn with_card(mut self, card: CardNumber) -> Result<Self, ValidationError> {
        CardNumber::from_hex_pairs(card.as_str())?;
        self.card = Some(card);
        Ok(self)
    }

    /// Sets the PIN (4 to 12 digits).
    pub fn with_pin(mut self, pin: SecretString) -> Result<Self, ValidationError> {
        use access_core::ExposeSecret;
        // The device's rule is access-core's `Pin` rule.
        access_core::model::Pin::new(pin.expose_secret())?;
        self.pin = Some(pin);
        Ok(self)
    }
}

/// `GET /1.0/user-info?page=&page_size=` [seed; V path E3]: the user-info rows.
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

endpoint! {
    ListUserInfo: GET "GET /user-info",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = Page<UserInfo>,
    path = |_s| "user-info",
    query = |s, q| { s.paging.push(&mut q); },
    validate = |s| { s.paging.validate() },
    decode = |_s, r| r.json(),
}

/// `GET /1.0/user-info/card/{card}` [I path; seed: `card` "expressed in HEX
/// with space inserted per 2 bytes", e.g. `65 D8 A1 BD`]: the user holding a card.
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

endpoint! {
    UserInfoByCard: GET "GET /user-info/card/{card}",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = UserInfo,
    path = |s| format!("user-info/card/{}", segment(s.card.as_str())),
    validate = |s| { CardNumber::from_hex_pairs(s.card.as_str()).map(|_| ()) },
    decode = |_s, r| r.json(),
}

/// `GET /1.0/user-info/{user_uuid}` [I path; seed `user_uuid`]: one user-info row.
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

endpoint! {
    GetUserInfo: GET "GET /user-info/{user_uuid}",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = UserInfo,
    path = |s| format!("user-info/{}", segment(s.user.as_str())),
    decode = |_s, r| r.json(),
}

/// `POST /1.0/user-info` [V, E3]: add or update a user-info row.
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

endpoint! {
    SaveUserInfo: POST "POST /user-info",
    idempotent = false,
    auth = true,
    error = RecordError,
    output = Ack,
    path = |_s| "user-info",
    body = |s| Body::json(&s.info),
    validate = |s| {
        match &s.info.card {
            Some(c) => CardNumber::from_hex_pairs(c.as_str()).map(|_| ()),
            None => Ok(()),
        }
    },
    secrets = |s| s.info.pin.iter().cloned().collect(),
    decode = |_s, r| Ack::decode(r),
}

/// `DELETE /1.0/user-info/{user_uuid}` [I method and path; seed `user_uuid`].
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

endpoint! {
    DeleteUserInfo: DELETE "DELETE /user-info/{user_uuid}",
    idempotent = false,
    auth = true,
    error = RecordError,
    output = Ack,
    path = |s| format!("user-info/{}", segment(s.user.as_str())),
    decode = |_s, r| Ack::decode(r),
}

/// A whole user: the subject fields, the card and the faces in one object
/// [seed body example `{"user_uuid":"1","record_version":0,"last_name":"abc",
/// ..., "faces":[{"sub_id":1,...}]}`; I the other fields].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The subject part (names, templates, Wiegand data) and unknown fields.
    #[serde(flatten)]
    pub subject: Subject,
    /// The card, in hex pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

    /// Sets the card (hex pairs).
    pub fn with_card(mut self, card: CardNumber) -> Result<Self, ValidationError> {
        CardNumber::from_hex_pairs(card.as_str())?;
        self.card = Some(card);
        Ok(self)
    }

    /// Adds faces; each gets this user's uuid.
    pub fn with_faces(mut self, faces: impl IntoIterator<Item = Face>) -> Self {
        let uuid = self.subject.user_uuid.clone();
        self.faces
            .extend(faces.into_iter().map(|f| f.with_user(uuid.clone())));
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

/// `POST /1.0/user` with the user JSON [seed URL and body example; I method]:
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

endpoint! {
    SaveUser: POST "POST /user",
    idempotent = false,
    auth = true,
    error = RecordError,
    output = Ack,
    path = |_s| "user",
    body = |s| Body::json(&s.user),
    validate = |s| { s.user.check() },
    decode = |_s, r| Ack::decode(r),
}

/// `GET /1.0/user` [V, E2]: the users (E2 reads it as a list; paging as the
/// other lists \[I\]).
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

endpoint! {
    ListUsers: GET "GET /user",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = Page<User>,
    path = |_s| "user",
    query = |s, q| { s.paging.push(&mut q); },
    validate = |s| { s.paging.validate() },
    decode = |_s, r| r.json(),
}

/// `GET /1.0/user/{user_uuid}` [I path; seed `user_uuid`]: one user with faces.
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

endpoint! {
    GetUser: GET "GET /user/{user_uuid}",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = User,
    path = |s| format!("user/{}", segment(s.user.as_str())),
    decode = |_s, r| r.json(),
}

/// `DELETE /1.0/user/{user_uuid}` [I path; seed `user_uuid`, "Default
/// response"]: delete a user from every table (subject, user info, faces).
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

endpoint! {
    DeleteUser: DELETE "DELETE /user/{user_uuid}",
    idempotent = false,
    auth = true,
    error = RecordError,
    output = Ack,
    path = |s| format!("user/{}", segment(s.user.as_str())),
    decode = |_s, r| Ack::decode(r),
}
