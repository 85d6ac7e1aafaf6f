//! Users: `getUsers`, `getUsersPageNr`, `updateUser`, `updateUserAltId` and
//! `deleteUser`, and the [`Users`] handle (`soap.users()`).

use access_core::model::CardNumber;
use access_core::paging::{Page, Pager};
use access_core::{DecodeError, Error, ValidationError};
use chrono::NaiveDateTime;
use futures_util::stream::BoxStream;

use super::client::{CompanyKey, CompanyKind, SOAP_PATH, SoapClient};
use super::error::{Classify, decode_list, decode_text, looks_like_error_code};
use super::wire::{self, Params, TextPolicy, check_user_id, flag, format_soap_datetime, latin1};
use super::xml::Param;
use crate::model::{InfoFields, PinCode, UserRecord};
use crate::{UserId, WsAltUserId};

/// The number of users in one `getUsers` page **\[V\]** D getUsers.
pub const USERS_PAGE_SIZE: usize = 1000;

// ---------------------------------------------------------------------------
// getUsers, getUsersPageNr

crate::soap::error::esws_errors! {
    /// Failures of `getUsers` (returned in `UserId` **\[V\]** D getUsers).
    pub enum GetUsersError {
        /// `INCORRECT_ID_RECEIVED`: the user id was refused.
        IncorrectIdReceived = (200, code "INCORRECT_ID_RECEIVED") => InvalidInput,
    }
}

/// `Esws.getUsers`: one page of 1000 users, or all users, or one user
/// **\[V\]** D getUsers.php, two versions.
///
/// Parameters: `p_companyID`, `p_page` (empty: all users; `n`: users
/// 1000·(n−1)+1 … 1000·n), `p_locationID` (Branch companies only), `p_userId`
/// (one user), `p_addTimeToDate` (newer page only: `1` adds the time to
/// StartDate/ExpireDate). Errors come back in `UserId`. The item fields after
/// `TemplatesNr` are not documented and are kept in `UserRecord::extra`.
#[derive(Debug, Clone)]
pub struct GetUsers {
    key: CompanyKey,
    page: Option<u32>,
    location_id: Option<u64>,
    user_id: Option<UserId>,
    add_time_to_date: bool,
}

impl GetUsers {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getUsers";

    /// All users (no page).
    pub fn new(key: &CompanyKey) -> Self {
        Self {
            key: key.clone(),
            page: None,
            location_id: None,
            user_id: None,
            add_time_to_date: false,
        }
    }

    /// Page `page` (from 1) of 1000 users.
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Only the users of this location (Branch companies; no effect otherwise).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// Only this user.
    pub fn user(mut self, user_id: UserId) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// Asks for the time in StartDate and ExpireDate (`p_addTimeToDate=1`, newer
    /// page only).
    pub fn add_time_to_date(mut self, yes: bool) -> Self {
        self.add_time_to_date = yes;
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_page", Param::opt(self.page)),
            ("p_locationID", Param::opt(self.location_id)),
            ("p_userId", Param::opt(self.user_id)),
            (
                "p_addTimeToDate",
                if self.add_time_to_date {
                    Param::text("1")
                } else {
                    Param::empty()
                },
            ),
        ])
    }
}

const GET_USERS_ERRORS: Classify<GetUsersError> = Classify::<GetUsersError>::new();

access_core::endpoint! {
    impl Endpoint for GetUsers {
        name: "ESWS Esws.getUsers",
        method: POST,
        path: |_| SOAP_PATH,
        output: Vec<UserRecord>,
        error: GetUsersError,
        idempotent: true,
        authenticated: false,
        outcome: |_, r| decode_list(Self::FUNCTION, &r, "UserId", &GET_USERS_ERRORS),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            if s.page == Some(0) {
                return Err(ValidationError::new("p_page", "pages start at 1"));
            }
            if let Some(id) = s.user_id {
                check_user_id("p_userId", id)?;
            }
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `getUsersPageNr`: those of `getUsers`, whose page names it
    /// **\[I\]**.
    pub enum GetUsersPageNrError {
        /// `INCORRECT_ID_RECEIVED`: the id was refused.
        IncorrectIdReceived = (200, code "INCORRECT_ID_RECEIVED") => InvalidInput,
    }
}

/// `Esws.getUsersPageNr`: the highest `p_page` value of getUsers. Named on the
/// getUsers page only **\[V\]** D; its parameters (`p_companyID`, `p_locationID`)
/// and its integer answer are inferred **\[I\]**.
#[derive(Debug, Clone)]
pub struct GetUsersPageNr {
    key: CompanyKey,
    location_id: Option<u64>,
}

impl GetUsersPageNr {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getUsersPageNr";

    /// The page count of every user.
    pub fn new(key: &CompanyKey) -> Self {
        Self {
            key: key.clone(),
            location_id: None,
        }
    }

    /// The page count of one location's users (Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_locationID", Param::opt(self.location_id)),
        ])
    }

    fn outcome(
        &self,
        r: &access_core::http::Response,
    ) -> Result<Result<u32, GetUsersPageNrError>, DecodeError> {
        let errors = Classify::<GetUsersPageNrError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(None) => Ok(0),
            Ok(Some(t)) if t.is_empty() => Ok(0),
            Ok(Some(t)) => match t.parse::<u32>() {
                Ok(n) => Ok(n),
                Err(_) => Err(errors.any(r.status, &t)),
            },
        })
    }
}

access_core::endpoint! {
    impl Endpoint for GetUsersPageNr {
        name: "ESWS Esws.getUsersPageNr",
        method: POST,
        path: |_| SOAP_PATH,
        output: u32,
        error: GetUsersPageNrError,
        idempotent: true,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// updateUser, updateUserAltId

/// A change of the card of `p_cardId`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CardChange {
    /// Sets the card id as read on an SDK2 device: its decimal number (anything
    /// else is refused before sending **\[I\]**; [`CardChange::card`] converts hex pairs).
    Set(String),
    /// Removes the card (the documented value `Remove`).
    Remove,
}

impl CardChange {
    /// Sets `card`, given as decimal digits or as hex pairs (`65 D8 A1 BD`,
    /// converted to the decimal number EasySecure stores **\[I\]**); a card
    /// number that is neither is refused.
    pub fn card(card: &CardNumber) -> Result<Self, ValidationError> {
        card.to_decimal().map(CardChange::Set).ok_or_else(|| {
            ValidationError::new(
                "p_cardId",
                "must be the card's decimal number, or hex pairs such as '65 D8 A1 BD' to convert",
            )
        })
    }
}

/// The user data of `updateUser` and `updateUserAltId` **\[V\]** D. Every field is
/// optional; an unset field is sent as an empty string.
///
/// Text must be Latin-1 (see [`TextPolicy`]). Dates are sent as
/// `yyyy-mm-dd hh:ii:ss`; the service stores no seconds, and replaces a missing
/// start date with today and a missing expiry with 2030-12-31.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct UserFields {
    /// `p_PIN` (digits; redacted in `Debug`).
    pub pin: Option<PinCode>,
    /// `p_Achternaam`: last name.
    pub last_name: Option<String>,
    /// `p_Voornaam`: first name.
    pub first_name: Option<String>,
    /// `p_Admin` (0/1).
    pub admin: Option<bool>,
    /// `p_Security` (0/1).
    pub security: Option<bool>,
    /// `p_StartDate`.
    pub start_date: Option<NaiveDateTime>,
    /// `p_ExpireDate`.
    pub expire_date: Option<NaiveDateTime>,
    /// `p_infoFields`: `info1` … `info14` (encoding inferred: an Apache SOAP Map **\[I\]**).
    pub info: InfoFields,
    /// `p_groupName`: group names, sent joined with `;`. Required for Branch
    /// companies; the groups must exist.
    pub groups: Vec<String>,
    /// `p_groupUpdate` (0/1; probably "replace the group membership" **\[I\]**).
    pub group_update: Option<bool>,
    /// `p_cardId`.
    pub card: Option<CardChange>,
    /// `p_cardCustom`: the custom card number as an SDK2 device reads it.
    pub card_custom: Option<String>,
    /// `p_licensePlate`.
    pub license_plate: Option<String>,
    /// `p_isVisitor` (0/1 **\[I\]**).
    pub is_visitor: Option<bool>,
    /// An info field number outside 1 to 14 given to [`UserFields::info`],
    /// refused when the request is sent.
    bad_info: Option<u8>,
}

impl UserFields {
    /// No field set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the first and last name.
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

    /// Sets the groups.
    pub fn groups<I: IntoIterator<Item = S>, S: Into<String>>(mut self, groups: I) -> Self {
        self.groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the validity window.
    pub fn validity(mut self, start: NaiveDateTime, expire: NaiveDateTime) -> Self {
        self.start_date = Some(start);
        self.expire_date = Some(expire);
        self
    }

    /// Sets or removes the card.
    pub fn card(mut self, card: CardChange) -> Self {
        self.card = Some(card);
        self
    }

    /// Sets the licence plate.
    pub fn license_plate(mut self, plate: impl Into<String>) -> Self {
        self.license_plate = Some(plate.into());
        self
    }

    /// Sets info field `n` (1 to 14; another number is refused when the
    /// request is sent).
    pub fn info(mut self, n: u8, value: impl Into<String>) -> Self {
        if self.info.set(n, value).is_err() {
            self.bad_info = Some(n);
        }
        self
    }

    fn check(&self, kind: CompanyKind) -> Result<(), ValidationError> {
        if let Some(n) = self.bad_info {
            return Err(ValidationError::new(
                "p_infoFields",
                format!("info field numbers are 1 to 14, not {n}"),
            ));
        }
        if let (Some(s), Some(e)) = (self.start_date, self.expire_date)
            && s > e
        {
            return Err(ValidationError::new(
                "p_StartDate",
                "must not be after p_ExpireDate",
            ));
        }
        if kind == CompanyKind::Branches && self.groups.iter().all(|g| g.trim().is_empty()) {
            return Err(ValidationError::new(
                "p_groupName",
                "is required for Branch companies (an existing group)",
            ));
        }
        for g in &self.groups {
            if g.contains(';') {
                return Err(ValidationError::new(
                    "p_groupName",
                    "a group name cannot contain ';' (the separator of several groups)",
                ));
            }
        }
        if let Some(CardChange::Set(c)) = &self.card {
            if c.trim().is_empty() || c == "Remove" {
                return Err(ValidationError::new(
                    "p_cardId",
                    "must not be empty or 'Remove' (use CardChange::Remove)",
                ));
            }
            if c.len() > 38 || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ValidationError::new(
                    "p_cardId",
                    "must be the card's decimal number (CardChange::card converts hex pairs)",
                ));
            }
        }
        Ok(())
    }

    fn params(&self, policy: TextPolicy) -> Result<Params, ValidationError> {
        let text = |field: &str, v: &Option<String>| -> Result<Param, ValidationError> {
            Ok(match v {
                Some(v) => Param::text(latin1(field, v, policy)?),
                None => Param::empty(),
            })
        };
        let mut info = Vec::new();
        for (k, v) in self.info.iter() {
            info.push((
                k.to_string(),
                latin1(&format!("p_infoFields.{k}"), v, policy)?,
            ));
        }
        let groups = latin1("p_groupName", &self.groups.join(";"), policy)?;
        Ok(vec![
            ("p_PIN", Param::opt(self.pin.as_ref().map(PinCode::expose))),
            ("p_Achternaam", text("p_Achternaam", &self.last_name)?),
            ("p_Voornaam", text("p_Voornaam", &self.first_name)?),
            ("p_Admin", flag(self.admin)),
            ("p_Security", flag(self.security)),
            (
                "p_StartDate",
                Param::opt(self.start_date.as_ref().map(format_soap_datetime)),
            ),
            (
                "p_ExpireDate",
                Param::opt(self.expire_date.as_ref().map(format_soap_datetime)),
            ),
            ("p_infoFields", Param::Map(info)),
            ("p_groupName", Param::text(groups)),
            ("p_groupUpdate", flag(self.group_update)),
            (
                "p_cardId",
                match &self.card {
                    Some(CardChange::Set(c)) => Param::text(latin1("p_cardId", c, policy)?),
                    Some(CardChange::Remove) => Param::text("Remove"),
                    None => Param::empty(),
                },
            ),
            ("p_cardCustom", text("p_cardCustom", &self.card_custom)?),
            (
                "p_licensePlate",
                text("p_licensePlate", &self.license_plate)?,
            ),
            ("p_isVisitor", flag(self.is_visitor)),
        ])
    }
}

/// The answer of an accepted user update. The pages do not show the success
/// string (the simulator answers `OK` **\[I\]**); it is kept as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpdateReply {
    /// The service's answer, e.g. `OK`.
    pub message: String,
}

fn decode_update<E: access_core::error_table::ErrorTable>(
    function: &str,
    r: &access_core::http::Response,
    errors: &Classify<E>,
) -> Result<Result<UpdateReply, E>, DecodeError> {
    Ok(match decode_text(function, r, errors)? {
        Err(e) => Err(e),
        Ok(text) => {
            let message = text.unwrap_or_default();
            if looks_like_error_code(&message) || message.starts_with("Company is Branches") {
                Err(errors.any(r.status, &message))
            } else {
                Ok(UpdateReply { message })
            }
        }
    })
}

crate::soap::error::esws_errors! {
    /// Failures of `updateUser` **\[V\]** D updateUser.php.
    pub enum UpdateUserError {
        /// `NO_ID_RECEIVED`: no id was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `INCORRECT_ID_RECEIVED`: `p_Id` is outside 1 to 400000000.
        IncorrectIdReceived = (200, code "INCORRECT_ID_RECEIVED") => InvalidInput,
        /// `NO_WS_ALT_USER_ID_INFOFIELD_SET`: the company has no info label with
        /// the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = (200, code "NO_WS_ALT_USER_ID_INFOFIELD_SET") => InvalidInput,
        /// A Branch company needs `p_groupName`.
        BranchesNoGroupName = (200, code "Company is Branches but no group name specified. It is required for this type of company.") => InvalidInput,
        /// A Branch company named a group that does not exist.
        BranchesGroupNotFound = (200, code "Company is Branches but the group name specified does not exists.") => NotFound,
        /// A Branch company must name the location. Documented for deleteUser;
        /// assumed to be the answer of user updates too **\[I\]**.
        BranchesNoLocation = (200, code "Company is Branches but no location has been provided") => InvalidInput,
        /// `CAN_NOT_SAVE_USER`: the user could not be saved.
        CanNotSaveUser = (200, code "CAN_NOT_SAVE_USER") => Other,
        /// `CARD_EXISTS_FOR_AN_OTHER_USER`: the card is used by another user.
        CardExistsForAnOtherUser = (200, code "CARD_EXISTS_FOR_AN_OTHER_USER") => Conflict,
    }
}

/// `Esws.updateUser`: creates or updates the user with EasySecure id `p_Id`
/// (1 to 400000000) **\[V\]** D updateUser.php.
///
/// Parameters in order: `p_companyID`, `p_Id`, `p_PIN`, `p_Achternaam`,
/// `p_Voornaam`, `p_Admin`, `p_Security`, `p_StartDate`, `p_ExpireDate`,
/// `p_infoFields`, `p_groupName`, `p_groupUpdate`, `p_cardId`, `p_cardCustom`,
/// `p_licensePlate`, `p_isVisitor`, `p_locationID`. Branch companies need a group
/// name and a location id. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct UpdateUser {
    key: CompanyKey,
    id: UserId,
    fields: UserFields,
    location_id: Option<u64>,
    policy: TextPolicy,
}

impl UpdateUser {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "updateUser";

    /// Updates user `id` with `fields`; refuses an id outside 1 to 400000000
    /// and fields that break a rule on their own.
    pub fn new(key: &CompanyKey, id: UserId, fields: UserFields) -> Result<Self, ValidationError> {
        check_user_id("p_Id", id)?;
        fields.check(CompanyKind::EasySecure)?;
        Ok(Self {
            key: key.clone(),
            id,
            fields,
            location_id: None,
            policy: TextPolicy::Refuse,
        })
    }

    /// The location (required for Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// What to do with characters outside Latin-1.
    pub fn text_policy(mut self, policy: TextPolicy) -> Self {
        self.policy = policy;
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        let mut p = vec![self.key.param(), ("p_Id", Param::text(self.id.to_string()))];
        p.extend(self.fields.params(self.policy)?);
        p.push(("p_locationID", Param::opt(self.location_id)));
        Ok(p)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateUser {
        name: "ESWS Esws.updateUser",
        method: POST,
        path: |_| SOAP_PATH,
        output: UpdateReply,
        error: UpdateUserError,
        idempotent: false,
        authenticated: false,
        outcome: |_, r| decode_update(
            Self::FUNCTION,
            &r,
            &Classify::<UpdateUserError>::new(),
        ),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            check_user_id("p_Id", s.id)?;
            s.fields.check(s.key.kind())?;
            if s.key.is_branches() && s.location_id.is_none() {
                return Err(ValidationError::new("p_locationID", "is required for Branch companies"));
            }
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `updateUserAltId` **\[V\]** D updateUserAltId.php.
    pub enum UpdateUserAltIdError {
        /// `NO_ID_RECEIVED`: no `p_wsAltUserId` was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `INCORRECT_ID_RECEIVED`: the id was refused.
        IncorrectIdReceived = (200, code "INCORRECT_ID_RECEIVED") => InvalidInput,
        /// `NO_WS_ALT_USER_ID_INFOFIELD_SET`: the company has no info label with
        /// the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = (200, code "NO_WS_ALT_USER_ID_INFOFIELD_SET") => InvalidInput,
        /// A Branch company needs `p_groupName`.
        BranchesNoGroupName = (200, code "Company is Branches but no group name specified. It is required for this type of company.") => InvalidInput,
        /// A Branch company named a group that does not exist.
        BranchesGroupNotFound = (200, code "Company is Branches but the group name specified does not exists.") => NotFound,
        /// A Branch company must name the location. Documented for deleteUser;
        /// assumed to be the answer of user updates too **\[I\]**.
        BranchesNoLocation = (200, code "Company is Branches but no location has been provided") => InvalidInput,
        /// `CAN_NOT_SAVE_USER`: the user could not be saved.
        CanNotSaveUser = (200, code "CAN_NOT_SAVE_USER") => Other,
        /// `CARD_EXISTS_FOR_AN_OTHER_USER`: the card is used by another user.
        CardExistsForAnOtherUser = (200, code "CARD_EXISTS_FOR_AN_OTHER_USER") => Conflict,
    }
}

/// `Esws.updateUserAltId`: creates or updates the user with this wsAltUserId
/// (an upsert by the integrator's own id) **\[V\]** D updateUserAltId.php.
///
/// Parameters in order: those of updateUser with `p_wsAltUserId` instead of
/// `p_Id`, then `p_phone` and `p_syncToTapkey` (descriptions cut off; string and
/// 0/1 **\[I\]**). The company needs an info label whose function is
/// `wsAltUserId`. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct UpdateUserAltId {
    key: CompanyKey,
    alt_id: WsAltUserId,
    fields: UserFields,
    location_id: Option<u64>,
    phone: Option<String>,
    sync_to_tapkey: Option<bool>,
    policy: TextPolicy,
}

impl UpdateUserAltId {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "updateUserAltId";

    /// Upserts the user `alt_id` with `fields`; refuses fields that break a
    /// rule on their own.
    pub fn new(
        key: &CompanyKey,
        alt_id: WsAltUserId,
        fields: UserFields,
    ) -> Result<Self, ValidationError> {
        fields.check(CompanyKind::EasySecure)?;
        Ok(Self {
            key: key.clone(),
            alt_id,
            fields,
            location_id: None,
            phone: None,
            sync_to_tapkey: None,
            policy: TextPolicy::Refuse,
        })
    }

    /// The location (required for Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// `p_phone`.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// `p_syncToTapkey`: issue (or keep) a Tapkey mobile key **\[I\]**.
    pub fn sync_to_tapkey(mut self, yes: bool) -> Self {
        self.sync_to_tapkey = Some(yes);
        self
    }

    /// What to do with characters outside Latin-1.
    pub fn text_policy(mut self, policy: TextPolicy) -> Self {
        self.policy = policy;
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        let mut p = vec![
            self.key.param(),
            (
                "p_wsAltUserId",
                Param::text(latin1(
                    "p_wsAltUserId",
                    self.alt_id.as_str(),
                    TextPolicy::Refuse,
                )?),
            ),
        ];
        p.extend(self.fields.params(self.policy)?);
        p.push(("p_locationID", Param::opt(self.location_id)));
        p.push((
            "p_phone",
            match &self.phone {
                Some(v) => Param::text(latin1("p_phone", v, self.policy)?),
                None => Param::empty(),
            },
        ));
        p.push(("p_syncToTapkey", flag(self.sync_to_tapkey)));
        Ok(p)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateUserAltId {
        name: "ESWS Esws.updateUserAltId",
        method: POST,
        path: |_| SOAP_PATH,
        output: UpdateReply,
        error: UpdateUserAltIdError,
        idempotent: false,
        authenticated: false,
        outcome: |_, r| decode_update(
            Self::FUNCTION,
            &r,
            &Classify::<UpdateUserAltIdError>::new(),
        ),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            s.fields.check(s.key.kind())?;
            if s.key.is_branches() && s.location_id.is_none() {
                return Err(ValidationError::new("p_locationID", "is required for Branch companies"));
            }
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// updateUser2

crate::soap::error::esws_errors! {
    /// Failures of `updateUser2`. The page's list of answers is cut off in the
    /// stored copy **\[V\]** D updateUser2.php (top only); the rows are those of
    /// updateUser and the index page's general list **\[I\]**.
    pub enum UpdateUser2Error {
        /// `NO_ID_RECEIVED`: no id was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `INCORRECT_ID_RECEIVED`: `p_Id` is outside 1 to 400000000.
        IncorrectIdReceived = (200, code "INCORRECT_ID_RECEIVED") => InvalidInput,
        /// A Branch company needs `p_groupId` (the index page's sentence, which
        /// says "group name" **\[I\]**).
        BranchesNoGroupName = (200, code "Company is Branches but no group name specified. It is required for this type of company.") => InvalidInput,
        /// A Branch company named a group id that does not exist.
        BranchesGroupNotFound = (200, code "Company is Branches but the group name specified does not exists.") => NotFound,
        /// A Branch company must name the location **\[I\]**.
        BranchesNoLocation = (200, code "Company is Branches but no location has been provided") => InvalidInput,
        /// `CAN_NOT_SAVE_USER`: the user could not be saved.
        CanNotSaveUser = (200, code "CAN_NOT_SAVE_USER") => Other,
        /// `CARD_EXISTS_FOR_AN_OTHER_USER`: the card is used by another user.
        CardExistsForAnOtherUser = (200, code "CARD_EXISTS_FOR_AN_OTHER_USER") => Conflict,
    }
}

/// `Esws.updateUser2`: updateUser with group **ids** instead of names, and a
/// visitor's start and end time, a phone number and the Tapkey flag
/// **\[V\]** D updateUser2.php.
///
/// Parameters in order: `p_companyID`, `p_Id`, `p_PIN`, `p_Achternaam`,
/// `p_Voornaam`, `p_Admin`, `p_Security`, `p_StartDate`, `p_ExpireDate`,
/// `p_infoFields`, `p_groupId` (ids joined with `;`, e.g. `1;2`; they must
/// exist), `p_groupUpdate`, `p_cardId`, `p_cardCustom`, `p_licensePlate`,
/// `p_isVisitor`, `p_locationID`, `p_visitorStartTime`, `p_visitorEndTime`,
/// `p_phone`, `p_syncToTapkey`. The page's heading names the function
/// `updateUser(...)`, its title and URL `updateUser2`; the SDK sends
/// `Esws.updateUser2` **\[I\]**. The descriptions after `p_cardCustom` are cut off:
/// the visitor times are sent as `hh:ii` **\[I\]**, the phone as text and
/// `p_syncToTapkey` as 0/1 as for updateUserAltId **\[I\]**.
/// [`UserFields::groups`] (names) is refused here: give ids with
/// [`UpdateUser2::group_ids`]. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct UpdateUser2 {
    key: CompanyKey,
    id: UserId,
    fields: UserFields,
    group_ids: Vec<u64>,
    location_id: Option<u64>,
    visitor_start: Option<chrono::NaiveTime>,
    visitor_end: Option<chrono::NaiveTime>,
    phone: Option<String>,
    sync_to_tapkey: Option<bool>,
    policy: TextPolicy,
}

impl UpdateUser2 {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "updateUser2";

    /// Updates user `id` with `fields`; refuses an id outside 1 to 400000000,
    /// fields that break a rule on their own, and group names in `fields`.
    pub fn new(key: &CompanyKey, id: UserId, fields: UserFields) -> Result<Self, ValidationError> {
        check_user_id("p_Id", id)?;
        fields.check(CompanyKind::EasySecure)?;
        Self::no_group_names(&fields)?;
        Ok(Self {
            key: key.clone(),
            id,
            fields,
            group_ids: Vec::new(),
            location_id: None,
            visitor_start: None,
            visitor_end: None,
            phone: None,
            sync_to_tapkey: None,
            policy: TextPolicy::Refuse,
        })
    }

    fn no_group_names(fields: &UserFields) -> Result<(), ValidationError> {
        if fields.groups.is_empty() {
            Ok(())
        } else {
            Err(ValidationError::new(
                "p_groupId",
                "updateUser2 takes group ids (UpdateUser2::group_ids), not names",
            ))
        }
    }

    /// `p_groupId`: the ids of the user's groups (required for Branch companies).
    pub fn group_ids(mut self, ids: impl IntoIterator<Item = u64>) -> Self {
        self.group_ids = ids.into_iter().collect();
        self
    }

    /// The location (required for Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// `p_visitorStartTime` and `p_visitorEndTime` (sent as `hh:ii` **\[I\]**).
    pub fn visitor_time(mut self, start: chrono::NaiveTime, end: chrono::NaiveTime) -> Self {
        self.visitor_start = Some(start);
        self.visitor_end = Some(end);
        self
    }

    /// `p_phone`.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// `p_syncToTapkey`: issue (or keep) a Tapkey mobile key **\[I\]**.
    pub fn sync_to_tapkey(mut self, yes: bool) -> Self {
        self.sync_to_tapkey = Some(yes);
        self
    }

    /// What to do with characters outside Latin-1.
    pub fn text_policy(mut self, policy: TextPolicy) -> Self {
        self.policy = policy;
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        let ids = group_id_list(&self.group_ids);
        let mut p = vec![self.key.param(), ("p_Id", Param::text(self.id.to_string()))];
        p.extend(self.fields.params(self.policy)?.into_iter().map(|(n, v)| {
            if n == "p_groupName" {
                ("p_groupId", Param::text(ids.clone()))
            } else {
                (n, v)
            }
        }));
        let time = |t: &Option<chrono::NaiveTime>| {
            Param::opt(t.as_ref().map(|t| t.format("%H:%M").to_string()))
        };
        p.push(("p_locationID", Param::opt(self.location_id)));
        p.push(("p_visitorStartTime", time(&self.visitor_start)));
        p.push(("p_visitorEndTime", time(&self.visitor_end)));
        p.push((
            "p_phone",
            match &self.phone {
                Some(v) => Param::text(latin1("p_phone", v, self.policy)?),
                None => Param::empty(),
            },
        ));
        p.push(("p_syncToTapkey", flag(self.sync_to_tapkey)));
        Ok(p)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateUser2 {
        name: "ESWS Esws.updateUser2",
        method: POST,
        path: |_| SOAP_PATH,
        output: UpdateReply,
        error: UpdateUser2Error,
        idempotent: false,
        authenticated: false,
        outcome: |_, r| decode_update(
            Self::FUNCTION,
            &r,
            &Classify::<UpdateUser2Error>::new(),
        ),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            check_user_id("p_Id", s.id)?;
            s.fields.check(CompanyKind::EasySecure)?;
            Self::no_group_names(&s.fields)?;
            if s.key.is_branches() {
                if s.group_ids.is_empty() {
                    return Err(ValidationError::new("p_groupId", "is required for Branch companies (an existing group id)"));
                }
                if s.location_id.is_none() {
                    return Err(ValidationError::new("p_locationID", "is required for Branch companies"));
                }
            }
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// updateUserContractor

crate::soap::error::esws_errors! {
    /// Failures of `updateUserContractor`. The page's list of answers is cut off
    /// in the stored copy **\[V\]** D updateUserContractor.php (top only); the rows
    /// are those of updateUser and the index page's general list **\[I\]**.
    pub enum UpdateUserContractorError {
        /// `NO_ID_RECEIVED`: no id was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `INCORRECT_ID_RECEIVED`: `p_Id` is outside 1 to 400000000.
        IncorrectIdReceived = (200, code "INCORRECT_ID_RECEIVED") => InvalidInput,
        /// A Branch company needs `p_groupName`.
        BranchesNoGroupName = (200, code "Company is Branches but no group name specified. It is required for this type of company.") => InvalidInput,
        /// A Branch company named a group that does not exist.
        BranchesGroupNotFound = (200, code "Company is Branches but the group name specified does not exists.") => NotFound,
        /// A Branch company must name the location **\[I\]**.
        BranchesNoLocation = (200, code "Company is Branches but no location has been provided") => InvalidInput,
        /// `CAN_NOT_SAVE_USER`: the user could not be saved.
        CanNotSaveUser = (200, code "CAN_NOT_SAVE_USER") => Other,
        /// `CARD_EXISTS_FOR_AN_OTHER_USER`: the card is used by another user.
        CardExistsForAnOtherUser = (200, code "CARD_EXISTS_FOR_AN_OTHER_USER") => Conflict,
    }
}

/// `Esws.updateUserContractor`: updateUser for a contractor's employee, with
/// the contractor's code and name, and groups by name and by id
/// **\[V\]** D updateUserContractor.php.
///
/// Parameters in order (the page's signature): `p_companyID`, `p_Id`,
/// `p_Contractor_Code` (numeric), `p_Contractor_name`, `p_PIN`,
/// `p_Achternaam`, `p_Voornaam`, `p_Admin`, `p_Security`, `p_StartDate`,
/// `p_ExpireDate`, `p_infoFields`, `p_groupName`, `p_groupUpdate`, `p_cardId`,
/// `p_cardCustom`, `p_groupId`, `p_licensePlate`, `p_isVisitor`,
/// `p_locationID`. The table spells the name `p_Contractor_Name`; the SDK
/// follows the signature, as it does for `p_Id` **\[I\]**. `p_groupId` (ids joined
/// with `;`) is inferred to take ids like updateUser2's **\[I\]** (its row is cut
/// off). Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct UpdateUserContractor {
    key: CompanyKey,
    id: UserId,
    contractor_code: u64,
    contractor_name: String,
    fields: UserFields,
    group_ids: Vec<u64>,
    location_id: Option<u64>,
    policy: TextPolicy,
}

impl UpdateUserContractor {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "updateUserContractor";

    /// Updates user `id`, employed by contractor `contractor_code`
    /// (`contractor_name`), with `fields`; refuses an id outside 1 to
    /// 400000000, an empty contractor name and fields that break a rule on
    /// their own.
    pub fn new(
        key: &CompanyKey,
        id: UserId,
        contractor_code: u64,
        contractor_name: impl Into<String>,
        fields: UserFields,
    ) -> Result<Self, ValidationError> {
        let s = Self {
            key: key.clone(),
            id,
            contractor_code,
            contractor_name: contractor_name.into(),
            fields,
            group_ids: Vec::new(),
            location_id: None,
            policy: TextPolicy::Refuse,
        };
        s.check(CompanyKind::EasySecure)?;
        Ok(s)
    }

    fn check(&self, kind: CompanyKind) -> Result<(), ValidationError> {
        check_user_id("p_Id", self.id)?;
        if self.contractor_name.trim().is_empty() {
            return Err(ValidationError::new(
                "p_Contractor_name",
                "must not be empty",
            ));
        }
        self.fields.check(kind)
    }

    /// `p_groupId`: group ids, besides the names in the fields.
    pub fn group_ids(mut self, ids: impl IntoIterator<Item = u64>) -> Self {
        self.group_ids = ids.into_iter().collect();
        self
    }

    /// The location (required for Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    /// What to do with characters outside Latin-1.
    pub fn text_policy(mut self, policy: TextPolicy) -> Self {
        self.policy = policy;
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        let ids = group_id_list(&self.group_ids);
        let mut p = vec![
            self.key.param(),
            ("p_Id", Param::text(self.id.to_string())),
            (
                "p_Contractor_Code",
                Param::text(self.contractor_code.to_string()),
            ),
            (
                "p_Contractor_name",
                Param::text(latin1(
                    "p_Contractor_name",
                    &self.contractor_name,
                    self.policy,
                )?),
            ),
        ];
        for (name, value) in self.fields.params(self.policy)? {
            let after_custom = name == "p_cardCustom";
            p.push((name, value));
            if after_custom {
                p.push(("p_groupId", Param::text(ids.clone())));
            }
        }
        p.push(("p_locationID", Param::opt(self.location_id)));
        Ok(p)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateUserContractor {
        name: "ESWS Esws.updateUserContractor",
        method: POST,
        path: |_| SOAP_PATH,
        output: UpdateReply,
        error: UpdateUserContractorError,
        idempotent: false,
        authenticated: false,
        outcome: |_, r| decode_update(
            Self::FUNCTION,
            &r,
            &Classify::<UpdateUserContractorError>::new(),
        ),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            s.check(s.key.kind())?;
            if s.key.is_branches() && s.location_id.is_none() {
                return Err(ValidationError::new("p_locationID", "is required for Branch companies"));
            }
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// deleteUser

/// What `deleteUser` did (its successful sentences **\[V\]** D deleteUser.php).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeleteOutcome {
    /// "User has been deleted". Every module the user had access to is marked,
    /// so the user leaves the terminals at the next overwrite or delete sync.
    Deleted,
    /// "User does not exist in our db": nothing to delete.
    DidNotExist,
    /// "User is linked to multiple locations, we will remove the user from this
    /// location".
    RemovedFromLocation,
}

impl DeleteOutcome {
    /// The documented sentence.
    pub fn as_wire(&self) -> &'static str {
        match self {
            DeleteOutcome::Deleted => "User has been deleted",
            DeleteOutcome::DidNotExist => "User does not exist in our db",
            DeleteOutcome::RemovedFromLocation => {
                "User is linked to multiple locations, we will remove the user from this location"
            }
        }
    }

    /// Reads a documented sentence.
    pub fn from_wire(text: &str) -> Option<Self> {
        [
            DeleteOutcome::Deleted,
            DeleteOutcome::DidNotExist,
            DeleteOutcome::RemovedFromLocation,
        ]
        .into_iter()
        .find(|o| o.as_wire() == text.trim())
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `deleteUser` **\[V\]** D deleteUser.php. Its successful
    /// sentences are typed outcomes ([`DeleteOutcome`]), not errors.
    pub enum DeleteUserError {
        /// `NO_ID_RECEIVED`: no `p_Id` was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `USER_WAS_NOT_FOUND`: no user has this id.
        UserWasNotFound = (200, code "USER_WAS_NOT_FOUND") => NotFound,
        /// A Branch company must name the location.
        BranchesNoLocation = (200, code "Company is Branches but no location has been provided") => InvalidInput,
    }
}

/// `Esws.deleteUser`: deletes the user with EasySecure id `p_Id`
/// **\[V\]** D deleteUser.php. Parameters: `p_companyID`, `p_Id`, `p_locationID`
/// (required for Branch companies). Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct DeleteUser {
    key: CompanyKey,
    id: UserId,
    location_id: Option<u64>,
}

impl DeleteUser {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "deleteUser";

    /// Deletes user `id`; refuses an id outside 1 to 400000000.
    pub fn new(key: &CompanyKey, id: UserId) -> Result<Self, ValidationError> {
        check_user_id("p_Id", id)?;
        Ok(Self {
            key: key.clone(),
            id,
            location_id: None,
        })
    }

    /// The location (required for Branch companies).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_Id", Param::text(self.id.to_string())),
            ("p_locationID", Param::opt(self.location_id)),
        ])
    }

    fn outcome(
        &self,
        r: &access_core::http::Response,
    ) -> Result<Result<DeleteOutcome, DeleteUserError>, DecodeError> {
        let errors = Classify::<DeleteUserError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(text) => {
                let text = text.unwrap_or_default();
                DeleteOutcome::from_wire(&text).ok_or_else(|| errors.any(r.status, &text))
            }
        })
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteUser {
        name: "ESWS Esws.deleteUser",
        method: POST,
        path: |_| SOAP_PATH,
        output: DeleteOutcome,
        error: DeleteUserError,
        idempotent: false,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            check_user_id("p_Id", s.id)?;
            if s.key.is_branches() && s.location_id.is_none() {
                return Err(ValidationError::new("p_locationID", "is required for Branch companies"));
            }
            Ok(())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// getUserId

crate::soap::error::esws_errors! {
    /// Failures of `getUserId` **\[V\]** D getUserId.php.
    pub enum GetUserIdError {
        /// `NO_WS_ALT_USER_ID_INFOFIELD`: the company has no info field whose
        /// function is wsAltUserId (the page spells it without `_SET`).
        NoWsAltUserIdInfofield = (200, code "NO_WS_ALT_USER_ID_INFOFIELD") => InvalidInput,
        /// `NO_USER_ID_FOUND`: no user has this wsAltUserId.
        NoUserIdFound = (200, code "NO_USER_ID_FOUND") => NotFound,
        /// `NO_ID_RECEIVED`: no `p_wsAltUserId` was sent (the index page's
        /// general answer for a missing id **\[V\]** D index; that getUserId sends
        /// it **\[I\]**).
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
    }
}

/// `Esws.getUserId`: the EasySecure user id of the user with this wsAltUserId,
/// in one call and without paging through getUsers **\[V\]** D getUserId.php.
/// Parameters: `p_companyID`, `p_wsAltUserId`. The answer is an integer sent
/// as `xsd:string`. Idempotent.
#[derive(Debug, Clone)]
pub struct GetUserId {
    key: CompanyKey,
    alt_id: WsAltUserId,
}

impl GetUserId {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getUserId";

    /// The user id of `alt_id`.
    pub fn new(key: &CompanyKey, alt_id: WsAltUserId) -> Self {
        Self {
            key: key.clone(),
            alt_id,
        }
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            (
                "p_wsAltUserId",
                Param::text(latin1(
                    "p_wsAltUserId",
                    self.alt_id.as_str(),
                    TextPolicy::Refuse,
                )?),
            ),
        ])
    }

    fn outcome(
        &self,
        r: &access_core::http::Response,
    ) -> Result<Result<UserId, GetUserIdError>, DecodeError> {
        let errors = Classify::<GetUserIdError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(text) => {
                let text = text.unwrap_or_default();
                match text.parse::<u64>() {
                    Ok(id) if id >= 1 => Ok(UserId::new(id)),
                    _ if looks_like_error_code(&text) => Err(errors.any(r.status, &text)),
                    _ => {
                        return Err(super::xml::decode_error(
                            r.status,
                            Self::FUNCTION,
                            format!("expected a user id (an integer from 1), found `{text}`"),
                            &r.body,
                        ));
                    }
                }
            }
        })
    }
}

access_core::endpoint! {
    impl Endpoint for GetUserId {
        name: "ESWS Esws.getUserId",
        method: POST,
        path: |_| SOAP_PATH,
        output: UserId,
        error: GetUserIdError,
        idempotent: true,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| s.params().map(|_| ()),
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// getMultipleUsersIds2

/// One user of `getMultipleUsersIds2` and `getUsersByInfoField` (a
/// `getMultipleUsersIds2Object` / `getUsersByInfoFieldObject`, the same four
/// members **\[V\]** D getMultipleUsersIds2.php, getUsersByInfoField.php): every
/// member arrives as a string.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserMatch {
    /// `UserId`.
    pub user_id: UserId,
    /// `Achternaam`: last name.
    pub last_name: String,
    /// `Voornaam`: first name.
    pub first_name: String,
    /// `FaceTemplates`: how many face templates the user has (empty: 0 **\[I\]**).
    pub face_templates: u32,
}

#[derive(serde::Deserialize)]
struct RawUserMatch {
    #[serde(rename = "UserId", default)]
    user_id: String,
    #[serde(rename = "Achternaam", default)]
    last_name: Option<String>,
    #[serde(rename = "Voornaam", default)]
    first_name: Option<String>,
    #[serde(rename = "FaceTemplates", default)]
    face_templates: Option<String>,
}

fn user_matches(
    function: &str,
    r: &access_core::http::Response,
    raw: Vec<RawUserMatch>,
) -> Result<Vec<UserMatch>, DecodeError> {
    raw.into_iter()
        .enumerate()
        .map(|(i, m)| {
            let bad = |what: String| {
                super::xml::decode_error(r.status, function, format!("item[{i}]: {what}"), &r.body)
            };
            let user_id = m
                .user_id
                .trim()
                .parse::<u64>()
                .map_err(|_| bad(format!("UserId `{}` is not a user id", m.user_id)))?;
            let templates = m.face_templates.unwrap_or_default();
            let face_templates = match templates.trim() {
                "" => 0,
                t => t
                    .parse::<u32>()
                    .map_err(|_| bad(format!("FaceTemplates `{t}` is not a count")))?,
            };
            Ok(UserMatch {
                user_id: UserId::new(user_id),
                last_name: m.last_name.unwrap_or_default(),
                first_name: m.first_name.unwrap_or_default(),
                face_templates,
            })
        })
        .collect()
}

crate::soap::error::esws_errors! {
    /// Failures of `getMultipleUsersIds2`, answered in the first item's
    /// `UserId` **\[V\]** D getMultipleUsersIds2.php.
    pub enum GetMultipleUsersIds2Error {
        /// `NO_WS_ALT_USER_ID_INFOFIELD`: the company has no info field whose
        /// function is wsAltUserId.
        NoWsAltUserIdInfofield = (200, code "NO_WS_ALT_USER_ID_INFOFIELD") => InvalidInput,
        /// `NO_USER_ID_FOUND`: no user has this wsAltUserId.
        NoUserIdFound = (200, code "NO_USER_ID_FOUND") => NotFound,
    }
}

/// `Esws.getMultipleUsersIds2`: every user with this wsAltUserId, with name
/// and number of face templates **\[V\]** D getMultipleUsersIds2.php.
/// Parameters: `p_companyID`, `p_wsAltUserId`. Errors come back in the first
/// item's `UserId`. Idempotent.
#[derive(Debug, Clone)]
pub struct GetMultipleUsersIds2 {
    key: CompanyKey,
    alt_id: WsAltUserId,
}

impl GetMultipleUsersIds2 {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getMultipleUsersIds2";

    /// The users with `alt_id`.
    pub fn new(key: &CompanyKey, alt_id: WsAltUserId) -> Self {
        Self {
            key: key.clone(),
            alt_id,
        }
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            (
                "p_wsAltUserId",
                Param::text(latin1(
                    "p_wsAltUserId",
                    self.alt_id.as_str(),
                    TextPolicy::Refuse,
                )?),
            ),
        ])
    }

    fn outcome(
        &self,
        r: &access_core::http::Response,
    ) -> Result<Result<Vec<UserMatch>, GetMultipleUsersIds2Error>, DecodeError> {
        let errors = Classify::<GetMultipleUsersIds2Error>::new();
        Ok(
            match decode_list::<RawUserMatch, _>(Self::FUNCTION, r, "UserId", &errors)? {
                Err(e) => Err(e),
                Ok(raw) => Ok(user_matches(Self::FUNCTION, r, raw)?),
            },
        )
    }
}

access_core::endpoint! {
    impl Endpoint for GetMultipleUsersIds2 {
        name: "ESWS Esws.getMultipleUsersIds2",
        method: POST,
        path: |_| SOAP_PATH,
        output: Vec<UserMatch>,
        error: GetMultipleUsersIds2Error,
        idempotent: true,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| s.params().map(|_| ()),
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// getUsersByInfoField

crate::soap::error::esws_errors! {
    /// Failures of `getUsersByInfoField`, answered in the first item's
    /// `UserId` **\[V\]** D getUsersByInfoField.php.
    pub enum GetUsersByInfoFieldError {
        /// `NO_VALID_INFOFIELD`: the company does not have that info field.
        NoValidInfofield = (200, code "NO_VALID_INFOFIELD") => InvalidInput,
        /// `NO_USER_ID_FOUND`: no user has this value.
        NoUserIdFound = (200, code "NO_USER_ID_FOUND") => NotFound,
    }
}

/// `Esws.getUsersByInfoField`: the users whose info field `info<n>` holds a
/// value (or is empty), with name and number of face templates
/// **\[V\]** D getUsersByInfoField.php. Parameters: `p_companyID`,
/// `p_InfoField` (`info1` … `info14`), `p_InfoFieldValue` (empty: the users
/// whose field is empty). Errors come back in the first item's `UserId`.
/// Idempotent.
#[derive(Debug, Clone)]
pub struct GetUsersByInfoField {
    key: CompanyKey,
    field: u8,
    value: String,
}

impl GetUsersByInfoField {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getUsersByInfoField";

    /// The users whose `info<field>` is `value` (`""`: empty); refuses a field
    /// number outside 1 to 14.
    pub fn new(
        key: &CompanyKey,
        field: u8,
        value: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        let s = Self {
            key: key.clone(),
            field,
            value: value.into(),
        };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        if !(1..=14).contains(&self.field) {
            return Err(ValidationError::new(
                "p_InfoField",
                format!("info field numbers are 1 to 14, not {}", self.field),
            ));
        }
        Ok(())
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_InfoField", Param::text(format!("info{}", self.field))),
            (
                "p_InfoFieldValue",
                Param::text(latin1("p_InfoFieldValue", &self.value, TextPolicy::Refuse)?),
            ),
        ])
    }

    fn outcome(
        &self,
        r: &access_core::http::Response,
    ) -> Result<Result<Vec<UserMatch>, GetUsersByInfoFieldError>, DecodeError> {
        let errors = Classify::<GetUsersByInfoFieldError>::new();
        Ok(
            match decode_list::<RawUserMatch, _>(Self::FUNCTION, r, "UserId", &errors)? {
                Err(e) => Err(e),
                Ok(raw) => Ok(user_matches(Self::FUNCTION, r, raw)?),
            },
        )
    }
}

access_core::endpoint! {
    impl Endpoint for GetUsersByInfoField {
        name: "ESWS Esws.getUsersByInfoField",
        method: POST,
        path: |_| SOAP_PATH,
        output: Vec<UserMatch>,
        error: GetUsersByInfoFieldError,
        idempotent: true,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            s.check()?;
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

// ---------------------------------------------------------------------------
// the handle

/// User calls of a [`SoapClient`]: `soap.users()`.
#[derive(Debug, Clone, Copy)]
pub struct Users<'a>(&'a SoapClient);

impl SoapClient {
    /// Users (`getUsers`, `getUsersPageNr`, `getUserId`,
    /// `getMultipleUsersIds2`, `getUsersByInfoField`, `updateUser`,
    /// `updateUser2`, `updateUserAltId`, `updateUserContractor`, `deleteUser`).
    pub fn users(&self) -> Users<'_> {
        Users(self)
    }
}

impl<'a> Users<'a> {
    /// `getUsers` page `page` (from 1) of 1000 users.
    pub async fn page(self, page: u32) -> Result<Vec<UserRecord>, Error<GetUsersError>> {
        self.0.send(&GetUsers::new(self.0.key()).page(page)).await
    }

    /// Every user, page by page (1000 a page), through the shared
    /// [`Pager`]: the next page is requested only when the stream is polled
    /// past the current one. The list ends after a page of fewer than 1000
    /// users; a page that repeats the one before (the same user ids) or more
    /// pages than [`Pager::max_pages`] ends it with [`Error::Paging`].
    pub fn pager(self) -> Pager<'a, UserRecord, GetUsersError> {
        let users = self;
        Pager::new(1u32, move |page: u32| async move {
            let items = users.page(page).await?;
            Ok(Page::numbered(items, page, USERS_PAGE_SIZE)
                .keyed(|u: &UserRecord| u.user_id.clone()))
        })
    }

    /// Every user as a stream (= `pager().stream()`).
    pub fn stream(self) -> BoxStream<'a, Result<UserRecord, Error<GetUsersError>>> {
        self.pager().stream()
    }

    /// Every user (= `pager().all()`).
    pub async fn all(self) -> Result<Vec<UserRecord>, Error<GetUsersError>> {
        self.pager().all().await
    }

    /// `getUsers` for one user (by EasySecure id); `None` when the answer is empty.
    pub async fn by_id(self, id: UserId) -> Result<Option<UserRecord>, Error<GetUsersError>> {
        Ok(self
            .0
            .send(&GetUsers::new(self.0.key()).user(id))
            .await?
            .into_iter()
            .next())
    }

    /// `getUsersPageNr`: the number of the last getUsers page **\[I\]**.
    pub async fn page_count(self) -> Result<u32, Error<GetUsersPageNrError>> {
        self.0.send(&GetUsersPageNr::new(self.0.key())).await
    }

    /// `updateUser`: creates or updates the user with EasySecure id `id`
    /// (build [`UpdateUser`] for the location and the text policy).
    pub async fn update(
        self,
        id: UserId,
        fields: UserFields,
    ) -> Result<UpdateReply, Error<UpdateUserError>> {
        self.0
            .send(&UpdateUser::new(self.0.key(), id, fields)?)
            .await
    }

    /// `updateUserAltId`: creates or updates the user with this wsAltUserId
    /// (build [`UpdateUserAltId`] for the location, phone, Tapkey and text
    /// policy).
    pub async fn update_alt_id(
        self,
        alt_id: WsAltUserId,
        fields: UserFields,
    ) -> Result<UpdateReply, Error<UpdateUserAltIdError>> {
        self.0
            .send(&UpdateUserAltId::new(self.0.key(), alt_id, fields)?)
            .await
    }

    /// `updateUser2`: creates or updates the user with EasySecure id `id`, in
    /// the groups with these ids (build [`UpdateUser2`] with
    /// [`SoapClient::key`] for the location, visitor times, phone, Tapkey and
    /// text policy, and send it with [`SoapClient::send`]).
    pub async fn update2(
        self,
        id: UserId,
        fields: UserFields,
        group_ids: impl IntoIterator<Item = u64>,
    ) -> Result<UpdateReply, Error<UpdateUser2Error>> {
        self.0
            .send(&UpdateUser2::new(self.0.key(), id, fields)?.group_ids(group_ids))
            .await
    }

    /// `updateUserContractor`: creates or updates user `id`, employed by the
    /// contractor `contractor_code` (build [`UpdateUserContractor`] for group
    /// ids, the location and the text policy).
    pub async fn update_contractor(
        self,
        id: UserId,
        contractor_code: u64,
        contractor_name: &str,
        fields: UserFields,
    ) -> Result<UpdateReply, Error<UpdateUserContractorError>> {
        self.0
            .send(&UpdateUserContractor::new(
                self.0.key(),
                id,
                contractor_code,
                contractor_name,
                fields,
            )?)
            .await
    }

    /// `getMultipleUsersIds2`: every user with this wsAltUserId, with name and
    /// number of face templates.
    pub async fn all_with_alt_id(
        self,
        alt_id: WsAltUserId,
    ) -> Result<Vec<UserMatch>, Error<GetMultipleUsersIds2Error>> {
        self.0
            .send(&GetMultipleUsersIds2::new(self.0.key(), alt_id))
            .await
    }

    /// `getUsersByInfoField`: the users whose `info<field>` is `value` (`""`:
    /// those whose field is empty).
    pub async fn by_info_field(
        self,
        field: u8,
        value: &str,
    ) -> Result<Vec<UserMatch>, Error<GetUsersByInfoFieldError>> {
        self.0
            .send(&GetUsersByInfoField::new(self.0.key(), field, value)?)
            .await
    }

    /// `getUserId`: the EasySecure id of the user with this wsAltUserId.
    pub async fn id_of(self, alt_id: WsAltUserId) -> Result<UserId, Error<GetUserIdError>> {
        self.0.send(&GetUserId::new(self.0.key(), alt_id)).await
    }

    /// `deleteUser` (build [`DeleteUser`] for a Branch company's location).
    pub async fn delete(self, id: UserId) -> Result<DeleteOutcome, Error<DeleteUserError>> {
        self.0.send(&DeleteUser::new(self.0.key(), id)?).await
    }
}

/// `p_groupId`: group ids joined with `;` (`1;2`), as updateUser2.php shows.
fn group_id_list(ids: &[u64]) -> String {
    ids.iter().map(u64::to_string).collect::<Vec<_>>().join(";")
}
