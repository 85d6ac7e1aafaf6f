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
        method: GET,
        name: "GET /user-info",
        path: "user-info",
        idempotent: true,
        error: ListUserInfoError,
        output: Page<UserInfo>,
        query: |s| {
            let mut q = Query::new();
            s.paging.push(&mut q);
            q
        },
        validate: |s| s.paging.validate(),
        decode: |_s, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /user-info` (see [`crate::error`] for how they are read).
    pub enum ListUserInfoError for crate::error::Ef45ErrorBody {
        /// The user-info row does not exist (device code -601).
        NotFound = (_, code "-601") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: GET,
        name: "GET /user-info/card/{card}",
        path: |s| format!("user-info/card/{}", segment(s.card.as_str())),
        idempotent: true,
        error: UserInfoByCardError,
        output: UserInfo,
        validate: |s| CardNumber::from_hex_pairs(s.card.as_str()).map(|_| ()),
        decode: |_s, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /user-info/card/{card}` (see [`crate::error`] for how they are read).
    pub enum UserInfoByCardError for crate::error::Ef45ErrorBody {
        /// No user holds the card (device codes -603, -601, -741).
        NotFound = (_, code "-603" | code "-601" | code "-741") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: GET,
        name: "GET /user-info/{user_uuid}",
        path: |s| format!("user-info/{}", segment(s.user.as_str())),
        idempotent: true,
        error: GetUserInfoError,
        output: UserInfo,
        decode: |_s, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /user-info/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum GetUserInfoError for crate::error::Ef45ErrorBody {
        /// The user-info row does not exist (device code -601).
        NotFound = (_, code "-601") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: POST,
        name: "POST /user-info",
        path: "user-info",
        idempotent: false,
        error: SaveUserInfoError,
        output: Ack,
        body: |s| Body::json(&s.info),
        validate: |s| s.info.check(),
        secrets: |s| s.info.pin.iter().cloned().collect(),
        decode: |_s, r| Ack::decode(r),
    }
}

access_core::error_enum! {
    /// Failures of `POST /user-info` (see [`crate::error`] for how they are read).
    pub enum SaveUserInfoError for crate::error::Ef45ErrorBody {
        /// The user-info row does not exist (device code -601).
        NotFound = (_, code "-601") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: DELETE,
        name: "DELETE /user-info/{user_uuid}",
        path: |s| format!("user-info/{}", segment(s.user.as_str())),
        idempotent: false,
        error: DeleteUserInfoError,
        output: Ack,
        decode: |_s, r| Ack::decode(r),
    }
}

access_core::error_enum! {
    /// Failures of `DELETE /user-info/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum DeleteUserInfoError for crate::error::Ef45ErrorBody {
        /// The user-info row does not exist (device code -601).
        NotFound = (_, code "-601") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: POST,
        name: "POST /user",
        path: "user",
        idempotent: false,
        error: SaveUserError,
        output: Ack,
        body: |s| Body::json(&s.user),
        validate: |s| s.user.check(),
        decode: |_s, r| Ack::decode(r),
    }
}

access_core::error_enum! {
    /// Failures of `POST /user` (see [`crate::error`] for how they are read).
    pub enum SaveUserError for crate::error::Ef45ErrorBody {
        /// The user does not exist (device codes -761, -601, -201).
        NotFound = (_, code "-761" | code "-601" | code "-201") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: GET,
        name: "GET /user",
        path: "user",
        idempotent: true,
        error: ListUsersError,
        output: Page<User>,
        query: |s| {
            let mut q = Query::new();
            s.paging.push(&mut q);
            q
        },
        validate: |s| s.paging.validate(),
        decode: |_s, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /user` (see [`crate::error`] for how they are read).
    pub enum ListUsersError for crate::error::Ef45ErrorBody {
        /// The user does not exist (device codes -761, -601, -201).
        NotFound = (_, code "-761" | code "-601" | code "-201") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: GET,
        name: "GET /user/{user_uuid}",
        path: |s| format!("user/{}", segment(s.user.as_str())),
        idempotent: true,
        error: GetUserError,
        output: User,
        decode: |_s, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /user/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum GetUserError for crate::error::Ef45ErrorBody {
        /// The user does not exist (device codes -761, -601, -201).
        NotFound = (_, code "-761" | code "-601" | code "-201") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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
        method: DELETE,
        name: "DELETE /user/{user_uuid}",
        path: |s| format!("user/{}", segment(s.user.as_str())),
        idempotent: false,
        error: DeleteUserError,
        output: Ack,
        decode: |_s, r| Ack::decode(r),
    }
}

access_core::error_enum! {
    /// Failures of `DELETE /user/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum DeleteUserError for crate::error::Ef45ErrorBody {
        /// The user does not exist (device codes -761, -601, -201).
        NotFound = (_, code "-761" | code "-601" | code "-201") => NotFound,
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
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

    /// `POST /user`: adds or updates a whole user with faces.
    pub async fn save(self, user: User) -> Result<Ack, Error<SaveUserError>> {
        self.0.send(&SaveUser::new(user)?).await
    }

    /// `DELETE /user/{user_uuid}`: deletes a user from every table.
    pub async fn delete(self, user: &UserUuid) -> Result<Ack, Error<DeleteUserError>> {
        self.0.send(&DeleteUser::new(user.clone())).await
    }
}
