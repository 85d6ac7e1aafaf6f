//! Users (admin path): `getUsers`, `setUsers`, `setWsAltUserId`, `syncUserToFirebase`.
//!
//! EasySecure keeps users (employees, guests of a reservation) with names, PIN,
//! validity window, info fields, access groups and credentials (card, licence
//! plate, mobile key). Integrations key users by **`wsAltUserId`**, their own id
//! stored in the info field whose function is `wsAltUserId`: `setUsers` updates
//! the user with that id or creates one **\[seed\]**. Changes reach the terminals
//! only after a sync (see [`sync`](crate::sync)).
//!
//! **Provenance.** Paths and error rows **\[seed\]**. Field names are the SOAP
//! `updateUserAltId` parameters without `p_` and the `getUsersObject` keys
//! **\[V\]** D, assumed identical in REST **\[I\]**; the `{"users": [...]}` envelope of
//! `setUsers` is **\[I\]**.

use access_core::http::Body;
use access_core::model::{CardNumber, EmailAddress, PhoneNumber};
use access_core::paging::{Page, Pager};
use access_core::{Error, ValidationError};
use chrono::NaiveDateTime;
use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;
use serde::Serialize;

use crate::auth::{Admin, RoleEndpoint};
use crate::client::Client;
use crate::model::non_empty;
use crate::model::{
    Ack, InfoFields, PinCode, UserId, UserRecord, WsAltUserId, decode_list, ser_datetime, ser_flag,
};

access_core::error_enum! {
    /// Failures of `POST /admins/getUsers` **\[seed\]**.
    pub enum GetUsersError for crate::error::EasySecureErrorBody {
        /// 500 "Info label function not found": the company has no info label with
        /// function `wsAltUserId` (set it up in EasySecure).
        InfoLabelFunctionNotFound = (500, message "Info label function not found") => InvalidInput,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/setUsers` **\[seed\]**.
    pub enum SetUsersError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 400 "wsAltUserId needs to have a value. Cannot be empty" (the SDK refuses
        /// this before sending; the variant exists for servers that still say it).
        WsAltUserIdEmpty = (400, message "wsAltUserId needs to have a value. Cannot be empty") => InvalidInput,
        /// 400 "Incorrect format": a date or number in the wrong form.
        IncorrectFormat = (400, message "Incorrect format") => InvalidInput,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/setWsAltUserId` **\[seed\]**.
    pub enum SetWsAltUserIdError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 404 "The user id needs to be integer" (documented with 404).
        UserIdNotInteger = (404, message "The user id needs to be integer") => InvalidInput,
    }
}

access_core::error_enum! {
    /// Failures of `POST /admins/syncUserToFirebase` **\[seed\]**.
    pub enum SyncUserToFirebaseError for crate::error::EasySecureErrorBody {
        /// 400 "Required field missing".
        RequiredFieldMissing = (400, message "Required field missing") => InvalidInput,
        /// 500 "Info label function not found".
        InfoLabelFunctionNotFound = (500, message "Info label function not found") => InvalidInput,
        /// 500 "User already registered in Firebase": the user already has an app account.
        AlreadyRegistered = (500, message "User already registered in Firebase") => Conflict,
        /// 500 "Passwords request email not sent".
        EmailNotSent = (500, message "Passwords request email not sent") => Other,
        /// 500 "Can not save data".
        CannotSaveData = (500, message "Can not save data") => Other,
    }
}

/// `POST /admins/getUsers` **\[seed\]**: users, all or filtered. Body **\[I\]** from SOAP
/// `getUsers`: `page` (pages of 1000: page n holds users 1000·(n−1)+1 … 1000·n),
/// `locationId` (Branch companies), `userId`, `addTimeToDate` (1 adds the time to
/// the dates). A read: retried on 502/503/504.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GetUsers {
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(rename = "locationId", skip_serializing_if = "Option::is_none")]
    location_id: Option<i64>,
    #[serde(rename = "userId", skip_serializing_if = "Option::is_none")]
    user_id: Option<UserId>,
    #[serde(
        rename = "addTimeToDate",
        serialize_with = "ser_flag",
        skip_serializing_if = "Option::is_none"
    )]
    add_time_to_date: Option<bool>,
}

/// How many users a page of `getUsers` holds **\[V\]** D.
pub const USERS_PAGE_SIZE: usize = 1000;

impl GetUsers {
    /// Every user (no filter).
    pub fn new() -> Self {
        Self::default()
    }

    /// Page `n` (from 1) of 1000 users; page 0 is refused before sending.
    pub fn page(mut self, n: u32) -> Self {
        self.page = Some(n);
        self
    }

    /// Only users of this location (Branch companies).
    pub fn location_id(mut self, id: i64) -> Self {
        self.location_id = Some(id);
        self
    }

    /// Only the user with this EasySecure id.
    pub fn user_id(mut self, id: UserId) -> Self {
        self.user_id = Some(id);
        self
    }

    /// Whether dates carry their time of day.
    pub fn add_time_to_date(mut self, yes: bool) -> Self {
        self.add_time_to_date = Some(yes);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.page == Some(0) {
            return Err(ValidationError::new("page", "pages start at 1"));
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for GetUsers {
        name: "POST /admins/getUsers",
        method: POST,
        path: "admins/getUsers",
        output: Vec<UserRecord>,
        error: GetUsersError,
        idempotent: true,
        decode: |_, r| decode_list(&r, &["users", "data", "result"]),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for GetUsers {}

/// One user to create or update with `setUsers`, keyed by `wsAltUserId`.
///
/// Only the fields you set are sent. Wire names are the SOAP `updateUserAltId`
/// parameters **\[I\]**. Dates are sent as `yyyy-mm-dd hh:ii:ss`; EasySecure replaces
/// a missing start with today and a missing expiry with 2030-12-31 **\[V\]** D.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserUpsert {
    #[serde(rename = "wsAltUserId")]
    ws_alt_user_id: WsAltUserId,
    #[serde(rename = "Voornaam", skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(rename = "Achternaam", skip_serializing_if = "Option::is_none")]
    last_name: Option<String>,
    #[serde(rename = "PIN", skip_serializing_if = "Option::is_none")]
    pin: Option<PinCode>,
    #[serde(
        rename = "Admin",
        serialize_with = "ser_flag",
        skip_serializing_if = "Option::is_none"
    )]
    admin: Option<bool>,
    #[serde(
        rename = "Security",
        serialize_with = "ser_flag",
        skip_serializing_if = "Option::is_none"
    )]
    security: Option<bool>,
    #[serde(
        rename = "StartDate",
        serialize_with = "ser_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    start_date: Option<NaiveDateTime>,
    #[serde(
        rename = "ExpireDate",
        serialize_with = "ser_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    expire_date: Option<NaiveDateTime>,
    #[serde(rename = "infoFields", skip_serializing_if = "InfoFields::is_empty")]
    info: InfoFields,
    #[serde(rename = "groupName", skip_serializing_if = "Option::is_none")]
    group_name: Option<String>,
    #[serde(skip)]
    group_names: Vec<String>,
    #[serde(
        rename = "groupUpdate",
        serialize_with = "ser_flag",
        skip_serializing_if = "Option::is_none"
    )]
    group_update: Option<bool>,
    #[serde(rename = "cardId", skip_serializing_if = "Option::is_none")]
    card_id: Option<String>,
    #[serde(rename = "cardCustom", skip_serializing_if = "Option::is_none")]
    card_custom: Option<String>,
    #[serde(rename = "licensePlate", skip_serializing_if = "Option::is_none")]
    license_plate: Option<String>,
    #[serde(
        rename = "isVisitor",
        serialize_with = "ser_flag",
        skip_serializing_if = "Option::is_none"
    )]
    is_visitor: Option<bool>,
    #[serde(rename = "locationID", skip_serializing_if = "Option::is_none")]
    location_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<PhoneNumber>,
    #[serde(
        rename = "syncToTapkey",
        serialize_with = "ser_flag",
        skip_serializing_if = "Option::is_none"
    )]
    mobile_key: Option<bool>,
}

/// The `cardId` value that deletes a user's card **\[V\]** D updateUser.
pub const REMOVE_CARD: &str = "Remove";

impl UserUpsert {
    /// A user with this `wsAltUserId`; set the rest with the setters.
    pub fn new(ws_alt_user_id: WsAltUserId) -> Self {
        Self {
            ws_alt_user_id,
            first_name: None,
            last_name: None,
            pin: None,
            admin: None,
            security: None,
            start_date: None,
            expire_date: None,
            info: InfoFields::new(),
            group_name: None,
            group_names: Vec::new(),
            group_update: None,
            card_id: None,
            card_custom: None,
            license_plate: None,
            is_visitor: None,
            location_id: None,
            phone: None,
            mobile_key: None,
        }
    }

    /// The key.
    pub fn ws_alt_user_id(&self) -> &WsAltUserId {
        &self.ws_alt_user_id
    }

    /// Sets first (`Voornaam`) and last (`Achternaam`) name.
    pub fn name(mut self, first: impl Into<String>, last: impl Into<String>) -> Self {
        self.first_name = Some(first.into());
        self.last_name = Some(last.into());
        self
    }

    /// Sets the PIN.
    pub fn pin(mut self, pin: PinCode) -> Self {
        self.pin = Some(pin);
        self
    }

    /// Removes the user's PIN (sends `PIN: ""`, which EasySecure reads as "no PIN" **\[V\]** D).
    pub fn clear_pin(mut self) -> Self {
        self.pin = Some(PinCode::none());
        self
    }

    /// Sets the terminal admin flag.
    pub fn admin(mut self, yes: bool) -> Self {
        self.admin = Some(yes);
        self
    }

    /// Sets the security flag.
    pub fn security(mut self, yes: bool) -> Self {
        self.security = Some(yes);
        self
    }

    /// Sets the validity window (`StartDate`, `ExpireDate`); `start < expire` is
    /// checked before sending. A reservation guest is valid from check-in to checkout.
    pub fn validity(mut self, start: Option<NaiveDateTime>, expire: Option<NaiveDateTime>) -> Self {
        self.start_date = start;
        self.expire_date = expire;
        self
    }

    /// Sets info field `n` (1 to 14; another number is refused before sending).
    pub fn info(mut self, n: u8, value: impl Into<String>) -> Self {
        self.info.insert(n, value);
        self
    }

    /// Sets the access groups (by name; they must exist, see `getGroups`) and
    /// whether they replace the user's current groups (`groupUpdate = 1` **\[I\]**).
    /// An empty list with `replace` removes every group. An empty name, or one
    /// containing `;`, is refused before sending.
    pub fn groups<I, S>(mut self, groups: I, replace: bool) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let names: Vec<String> = groups.into_iter().map(Into::into).collect();
        self.group_name = Some(names.join(";"));
        self.group_names = names;
        self.group_update = Some(replace);
        self
    }

    /// Sets the card (`cardId`), sent as its decimal value (what EasySecure's
    /// USB reader types): give it as decimal digits or as hex pairs
    /// (`65 D8 A1 BD`, converted). A card number that is neither is refused
    /// before sending ([`ValidationError`] on `cardId`), as EasySecure's own
    /// `updateCard` takes decimal digits only **\[I\]**.
    pub fn card(mut self, card: &CardNumber) -> Self {
        self.card_id = Some(
            card.to_decimal()
                .unwrap_or_else(|| card.as_str().to_string()),
        );
        self
    }

    /// Deletes the user's card (`cardId = "Remove"` **\[V\]** D).
    pub fn remove_card(mut self) -> Self {
        self.card_id = Some(REMOVE_CARD.into());
        self
    }

    /// Sets the custom card number (`cardCustom`), e.g. a Mifare number as the
    /// device reads it (an empty number is refused before sending).
    pub fn card_custom(mut self, number: impl Into<String>) -> Self {
        self.card_custom = Some(number.into());
        self
    }

    /// Sets the licence plate (LPN cameras); `""` clears it.
    pub fn license_plate(mut self, plate: impl Into<String>) -> Self {
        self.license_plate = Some(plate.into());
        self
    }

    /// Marks the user as a visitor.
    pub fn visitor(mut self, yes: bool) -> Self {
        self.is_visitor = Some(yes);
        self
    }

    /// Sets the location (required by Branch companies).
    pub fn location_id(mut self, id: i64) -> Self {
        self.location_id = Some(id);
        self
    }

    /// Sets the phone number (where a mobile key is sent).
    pub fn phone(mut self, phone: PhoneNumber) -> Self {
        self.phone = Some(phone);
        self
    }

    /// Issues (`true`) or withdraws a Tapkey mobile key (`syncToTapkey` **\[I\]**).
    pub fn mobile_key(mut self, yes: bool) -> Self {
        self.mobile_key = Some(yes);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.ws_alt_user_id.as_str().trim().is_empty() {
            return Err(ValidationError::new("wsAltUserId", "must not be empty"));
        }
        if let (Some(a), Some(b)) = (self.start_date, self.expire_date)
            && a >= b
        {
            return Err(ValidationError::new(
                "StartDate",
                "must be before ExpireDate",
            ));
        }
        self.info.check()?;
        for n in &self.group_names {
            non_empty("groupName", n)?;
            if n.contains(';') {
                return Err(ValidationError::new(
                    "groupName",
                    "a group name cannot contain ';'",
                ));
            }
        }
        if let Some(c) = &self.card_id {
            check_card_id(c)?;
        }
        if let Some(n) = &self.card_custom {
            non_empty("cardCustom", n)?;
        }
        Ok(())
    }
}

/// Checks a `cardId` before sending: [`REMOVE_CARD`] or the card's decimal
/// number (EasySecure's `cardId` is the number its USB reader types; a typed
/// name or a hex string without spaces is refused rather than stored as a card
/// no reader will ever present) **\[I\]**.
pub(crate) fn check_card_id(card_id: &str) -> Result<(), ValidationError> {
    if card_id == REMOVE_CARD
        || (!card_id.is_empty()
            && card_id.len() <= 38
            && card_id.bytes().all(|b| b.is_ascii_digit()))
    {
        return Ok(());
    }
    Err(ValidationError::new(
        "cardId",
        "must be the card's decimal number, or hex pairs such as '65 D8 A1 BD' to convert",
    ))
}

/// `POST /admins/setUsers` **\[seed\]**: creates or updates users keyed by
/// `wsAltUserId` (which must be non-empty: refused before sending). Body
/// `{"users": [...]}` **\[I\]**. Idempotent: an upsert keyed by the caller's
/// `wsAltUserId` where every field is set to a value (groups replaced or added,
/// the card set or removed), so sending it twice leaves the users as sending it
/// once; retried like a read on 502/503/504 and connection failures, and a
/// refused batch may be split and resent (the bulk sync does). Sync afterwards
/// to reach the terminals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetUsers {
    users: Vec<UserUpsert>,
}

impl SetUsers {
    /// One or more users. No batch limit is documented; large imports may be split
    /// by the caller (e.g. 1000 per call, the `getUsers` page size).
    pub fn new(users: Vec<UserUpsert>) -> Result<Self, ValidationError> {
        let s = Self { users };
        s.check()?;
        Ok(s)
    }

    /// One user.
    pub fn one(user: UserUpsert) -> Result<Self, ValidationError> {
        Self::new(vec![user])
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.users.is_empty() {
            return Err(ValidationError::new("users", "must hold at least one user"));
        }
        self.users.iter().try_for_each(UserUpsert::check)
    }
}

access_core::endpoint! {
    impl Endpoint for SetUsers {
        name: "POST /admins/setUsers",
        method: POST,
        path: "admins/setUsers",
        output: Ack,
        error: SetUsersError,
        idempotent: true,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
        secrets: |s| s.users.iter().filter_map(|u| u.pin.as_ref()).filter_map(PinCode::secret).collect(),
    }
}
impl RoleEndpoint<Admin> for SetUsers {}

/// `POST /admins/setWsAltUserId` **\[seed\]**: gives an existing user (by EasySecure's
/// integer id) a `wsAltUserId`. Body `{userId, wsAltUserId}` **\[I\]**; the user id
/// must be an integer (checked before sending).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetWsAltUserId {
    #[serde(rename = "userId")]
    user_id: UserId,
    #[serde(rename = "wsAltUserId")]
    ws_alt_user_id: WsAltUserId,
}

impl SetWsAltUserId {
    /// For a user id already parsed.
    pub fn new(user_id: UserId, ws_alt_user_id: WsAltUserId) -> Self {
        Self {
            user_id,
            ws_alt_user_id,
        }
    }

    fn check(&self) -> Result<(), ValidationError> {
        if !self.user_id.is_valid() {
            return Err(ValidationError::new(
                "userId",
                "must be an integer from 1 to 400000000",
            ));
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for SetWsAltUserId {
        name: "POST /admins/setWsAltUserId",
        method: POST,
        path: "admins/setWsAltUserId",
        output: Ack,
        error: SetWsAltUserIdError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for SetWsAltUserId {}

/// `POST /admins/syncUserToFirebase` **\[seed\]**: gives a user an app account (User
/// path) and mails them a password link. Body `{wsAltUserId, email}` **\[I\]**.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncUserToFirebase {
    #[serde(rename = "wsAltUserId")]
    ws_alt_user_id: WsAltUserId,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<EmailAddress>,
}

impl SyncUserToFirebase {
    /// For this user.
    pub fn new(ws_alt_user_id: WsAltUserId) -> Self {
        Self {
            ws_alt_user_id,
            email: None,
        }
    }

    /// The address the password mail goes to **\[I\]**.
    pub fn email(mut self, email: EmailAddress) -> Self {
        self.email = Some(email);
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        non_empty("wsAltUserId", self.ws_alt_user_id.as_str())
    }
}

access_core::endpoint! {
    impl Endpoint for SyncUserToFirebase {
        name: "POST /admins/syncUserToFirebase",
        method: POST,
        path: "admins/syncUserToFirebase",
        output: Ack,
        error: SyncUserToFirebaseError,
        idempotent: false,
        decode: |_, r| Ack::decode(&r),
        body: |s| Body::json(s),
        validate: |s| s.check(),
    }
}
impl RoleEndpoint<Admin> for SyncUserToFirebase {}

/// User calls of an admin [`Client`]: `admin.users()`.
#[derive(Debug, Clone, Copy)]
pub struct Users<'a>(&'a Client<Admin>);

impl Client<Admin> {
    /// Users (`/admins/getUsers`, `setUsers`, `setWsAltUserId`, `syncUserToFirebase`).
    pub fn users(&self) -> Users<'_> {
        Users(self)
    }
}

impl<'a> Users<'a> {
    /// `POST /admins/getUsers`: one answer of the request (one page of 1000 when
    /// [`GetUsers::page`] is set, every user otherwise).
    pub async fn page(self, request: GetUsers) -> Result<Vec<UserRecord>, Error<GetUsersError>> {
        self.0.send(&request).await
    }

    /// Every user, read page by page (pages of 1000 until a short page). Pages are
    /// keyed by user id, so a server answering the same page twice ends the list
    /// with `Error::Paging`, as does a list longer than the pager's `max_pages`.
    pub fn pager(self) -> Pager<'a, UserRecord, GetUsersError> {
        let client = self.0;
        Pager::new(1u32, move |page: u32| async move {
            let users = client.send(&GetUsers::new().page(page)).await?;
            Ok(Page::numbered(users, page, USERS_PAGE_SIZE)
                .keyed(|u: &UserRecord| u.user_id.clone()))
        })
    }

    /// Every user as a stream, one page in memory at a time (`pager().stream()`).
    pub fn stream(self) -> BoxStream<'a, Result<UserRecord, Error<GetUsersError>>> {
        self.pager().stream()
    }

    /// Every user (`pager().all()`).
    pub async fn all(self) -> Result<Vec<UserRecord>, Error<GetUsersError>> {
        self.pager().all().await
    }

    /// The user with this `wsAltUserId`, if any. Reads pages until it is found
    /// (the REST API documents no filter by wsAltUserId).
    pub async fn find(self, id: &WsAltUserId) -> Result<Option<UserRecord>, Error<GetUsersError>> {
        let mut users = self.stream();
        while let Some(user) = users.try_next().await? {
            if user.ws_alt_user_id.as_deref() == Some(id.as_str()) {
                return Ok(Some(user));
            }
        }
        Ok(None)
    }

    /// `POST /admins/setUsers` with one user: creates or updates by `wsAltUserId`.
    pub async fn upsert(self, user: UserUpsert) -> Result<Ack, Error<SetUsersError>> {
        self.0.send(&SetUsers::one(user)?).await
    }

    /// `POST /admins/setUsers` with several users.
    pub async fn set(self, users: Vec<UserUpsert>) -> Result<Ack, Error<SetUsersError>> {
        self.0.send(&SetUsers::new(users)?).await
    }

    /// `POST /admins/setWsAltUserId`: gives the user with EasySecure id `user_id`
    /// this `wsAltUserId`.
    pub async fn set_ws_alt_user_id(
        self,
        user_id: UserId,
        ws_alt_user_id: WsAltUserId,
    ) -> Result<Ack, Error<SetWsAltUserIdError>> {
        self.0
            .send(&SetWsAltUserId::new(user_id, ws_alt_user_id))
            .await
    }

    /// `POST /admins/syncUserToFirebase`: gives a user an app account.
    pub async fn sync_to_firebase(
        self,
        request: SyncUserToFirebase,
    ) -> Result<Ack, Error<SyncUserToFirebaseError>> {
        self.0.send(&request).await
    }
}
