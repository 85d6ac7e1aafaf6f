//! Persons (`/api/v2/Persons`): the people keys are handed to.
//!
//! Rights: reading needs "view person list", writing "edit persons" **\[V\]** ENK.
//! There is no paging: `GET /Persons` answers everyone in the user's zones.

use access_core::Error;
use access_core::ValidationError;
use access_core::http::{Body, Query, segment};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::decode;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::{PersonId, ZoneId};
use crate::keys::Key;
use crate::macros::int_enum;

int_enum! {
    /// `Person.State` (PniPersonState) **\[V\]** ENK; read-only.
    pub enum PersonState {
        /// Active.
        Active = 0 => "active",
        /// Not in use.
        NotInUse = 1 => "not in use",
    }
}

int_enum! {
    /// The answer of `GET /Persons/{id}/CanDelete` (PniPersonCanDeleteErrorType)
    /// **\[V\]** ENK; T4E Delete.ps1 uses the same codes.
    pub enum CanDeletePerson {
        /// The person can be deleted.
        Ok = 0 => "OK",
        /// Has active keys (return them first).
        HasActiveKeys = 1 => "has active keys (return them first)",
        /// Has a user account in this locking system.
        HasUserAccount = 2 => "has a user account in this locking system",
        /// Linked programming keys or network module.
        LinkedProgrammingKeys = 3 => "linked programming keys or network module",
        /// User account in another locking system.
        UserAccountElsewhere = 4 => "user account in another locking system",
        /// Is the current user.
        CurrentUser = 5 => "is the current user",
        /// S50 service user.
        S50ServiceUser = 6 => "S50 service user",
        /// Has calendar data orders.
        CalendarOrders = 7 => "has calendar data orders",
        /// No right to delete.
        NoRight = 8 => "no right to delete",
        /// Last Manager user.
        LastManagerUser = 9 => "last Manager user",
        /// iLOQ HOME main user.
        HomeMainUser = 10 => "iLOQ HOME main user",
        /// Error.
        Error = -1 => "error",
    }
}

impl CanDeletePerson {
    /// Whether the delete may be sent.
    pub fn is_ok(self) -> bool {
        self == Self::Ok
    }
}

/// A person (`Person`) **\[V\]** ENK Person.php. Every field but the id is
/// optional in the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Person {
    /// `Person_ID`.
    #[serde(rename = "Person_ID")]
    pub id: PersonId,
    /// `FirstName`.
    #[serde(rename = "FirstName", default)]
    pub first_name: Option<String>,
    /// `LastName`.
    #[serde(rename = "LastName", default)]
    pub last_name: Option<String>,
    /// `PersonCode`: at most 20 characters, required on insert.
    #[serde(rename = "PersonCode", default)]
    pub person_code: Option<String>,
    /// `ExternalPersonId`: the integrator's id, unique when given.
    #[serde(rename = "ExternalPersonId", default)]
    pub external_id: Option<String>,
    /// `eMail` (note the casing).
    #[serde(rename = "eMail", default)]
    pub email: Option<String>,
    /// `Phone1`.
    #[serde(rename = "Phone1", default)]
    pub phone1: Option<String>,
    /// `Phone2`.
    #[serde(rename = "Phone2", default)]
    pub phone2: Option<String>,
    /// `Phone3`.
    #[serde(rename = "Phone3", default)]
    pub phone3: Option<String>,
    /// `Address`.
    #[serde(rename = "Address", default)]
    pub address: Option<String>,
    /// `ZipCode`.
    #[serde(rename = "ZipCode", default)]
    pub zip_code: Option<String>,
    /// `PostOffice`.
    #[serde(rename = "PostOffice", default)]
    pub post_office: Option<String>,
    /// `Country`.
    #[serde(rename = "Country", default)]
    pub country: Option<String>,
    /// `CompanyName`.
    #[serde(rename = "CompanyName", default)]
    pub company_name: Option<String>,
    /// `WorkTitle`.
    #[serde(rename = "WorkTitle", default)]
    pub work_title: Option<String>,
    /// `ContactInfo`.
    #[serde(rename = "ContactInfo", default)]
    pub contact_info: Option<String>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `LanguageCode`: the language of SMS and e-mail (phone key invites).
    #[serde(rename = "LanguageCode", default)]
    pub language_code: Option<String>,
    /// `EmploymentEndDate`.
    #[serde(rename = "EmploymentEndDate", default, with = "crate::dates::utc_opt")]
    pub employment_end: Option<DateTime<Utc>>,
    /// `ExternalCanEdit`.
    #[serde(rename = "ExternalCanEdit", default)]
    pub external_can_edit: bool,
    /// `State` (read-only).
    #[serde(rename = "State", default = "person_active")]
    pub state: PersonState,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn person_active() -> PersonState {
    PersonState::Active
}

impl Person {
    /// A person with a generated `Person_ID` and a `PersonCode` (required by
    /// iLOQ on insert, at most 20 characters). Other fields are set directly.
    pub fn new(person_code: impl Into<String>) -> Result<Self, ValidationError> {
        let p = Self {
            id: PersonId::generate(),
            first_name: None,
            last_name: None,
            person_code: Some(person_code.into()),
            external_id: None,
            email: None,
            phone1: None,
            phone2: None,
            phone3: None,
            address: None,
            zip_code: None,
            post_office: None,
            country: None,
            company_name: None,
            work_title: None,
            contact_info: None,
            description: None,
            language_code: None,
            employment_end: None,
            external_can_edit: true,
            state: PersonState::Active,
            extra: serde_json::Map::new(),
        };
        p.check_code()?;
        Ok(p)
    }

    /// Sets first and last name.
    pub fn name(mut self, first: impl Into<String>, last: impl Into<String>) -> Self {
        self.first_name = Some(first.into());
        self.last_name = Some(last.into());
        self
    }

    /// Sets the `ExternalPersonId`.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// Sets `eMail`.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets `Phone1`.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone1 = Some(phone.into());
        self
    }

    /// "first last".
    pub fn full_name(&self) -> String {
        [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// On insert `PersonCode` is required (`PersonInsert`: not nullable) and at
    /// most 20 characters.
    fn check_code(&self) -> Result<(), ValidationError> {
        match self.person_code.as_deref() {
            None | Some("") => Err(ValidationError::new("PersonCode", "is required")),
            Some(_) => self.check_code_length(),
        }
    }

    /// On update `PersonCode` may be empty or null (`PersonUpdate`: nullable),
    /// and is at most 20 characters when given.
    fn check_code_length(&self) -> Result<(), ValidationError> {
        match self.person_code.as_deref() {
            Some(c) if c.chars().count() > 20 => Err(ValidationError::new(
                "PersonCode",
                "must be at most 20 characters",
            )),
            _ => Ok(()),
        }
    }
}

/// The answer of `POST /Persons` (`InsertResult`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InsertPersonResult {
    /// The ids of the inserted persons.
    #[serde(rename = "PersonIds", default)]
    pub person_ids: Vec<PersonId>,
}

pub use crate::person_roles::PersonRole;

#[derive(Deserialize)]
struct KeysWrapper {
    #[serde(rename = "Keys", default)]
    keys: Vec<Key>,
}

fn decode_keys_wrapper(
    r: access_core::http::Response,
) -> Result<Vec<Key>, access_core::DecodeError> {
    r.json::<KeysWrapper>().map(|w| w.keys)
}

/// `GET /api/v2/Persons` **\[V\]** ENK: every person, no paging.
#[derive(Debug, Clone)]
pub struct ListPersons {}

impl ListPersons {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListPersons {
        name: "GET /api/v2/Persons",
        method: GET,
        path: "api/v2/Persons",
        output: Vec<Person>,
        error: ListPersonsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Persons` (iLOQ documents none per endpoint: its general rows).
    pub enum ListPersonsError {
    }
}

/// `GET /api/v2/Persons/{id}` **\[V\]** ENK. An unknown id is an "Invalid
/// value" error ([`GetPersonError::NotFound`]) **\[V\]** T4E.
#[derive(Debug, Clone)]
pub struct GetPerson {
    id: PersonId,
}

impl GetPerson {
    /// The request with its required parameters.
    pub fn new(id: PersonId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetPerson {
        name: "GET /api/v2/Persons/{id}",
        method: GET,
        path: |s| format!("api/v2/Persons/{}", segment(&s.id.to_string())),
        output: Person,
        error: GetPersonError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Persons/{id}` (its documented row and iLOQ's general rows).
    pub enum GetPersonError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404; T4E treats it as not found) **\[V\]** T4E.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Persons/GetByExternalPersonIds?externalPersonIds=a&externalPersonIds=b`
/// **\[V\]** ENK PersonsApi.php (repeated keys). When none is known iLOQ
/// answers 400 "Invalid value" ([`GetPersonsByExternalIdsError::NoneFound`]).
#[derive(Debug, Clone)]
pub struct GetPersonsByExternalIds {
    external_ids: Vec<String>,
}

impl GetPersonsByExternalIds {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(external_ids: Vec<String>) -> Result<Self, ValidationError> {
        let request = Self { external_ids };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for GetPersonsByExternalIds {
        name: "GET /api/v2/Persons/GetByExternalPersonIds",
        method: GET,
        path: "api/v2/Persons/GetByExternalPersonIds",
        output: Vec<Person>,
        error: GetPersonsByExternalIdsError,
        idempotent: true,
        decode: |_, r| r.json(),
        query: |s| {
            let mut q = Query::new();
            for id in &s.external_ids { q.push("externalPersonIds", id); }
            q
        },
        validate: |s| {
            if s.external_ids.is_empty() || s.external_ids.iter().any(|i| i.trim().is_empty()) {
                return Err(ValidationError::new("externalPersonIds", "needs at least one non-empty id"));
            }
            Ok(())
        },
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/Persons/GetByExternalPersonIds` (its documented row and iLOQ's general rows).
    pub enum GetPersonsByExternalIdsError for crate::error::IloqErrorBody {
        /// HTTP 400 `ValidationFailed` "Invalid value (<id>) for parameter
        /// externalPersonIds.": none of the ids is known **\[V\]** HEL. [`Persons::by_external_ids`]
        /// turns this into an empty list, as HEL does.
        NoneFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `POST /api/v2/Persons` **\[V\]** ENK; HEL, T4E: body
/// `{"Person": {...}, "ZoneIds": [...]}`. `ZoneIds` is mandatory in practice;
/// T4E uses the zone of Type 4 ("default zone for keys and persons"), as
/// [`Persons::insert`] does when none is given. Not idempotent.
#[derive(Debug, Clone)]
pub struct InsertPerson {
    person: Person,
    zone_ids: Vec<ZoneId>,
}

impl InsertPerson {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(person: Person, zone_ids: Vec<ZoneId>) -> Result<Self, ValidationError> {
        let request = Self { person, zone_ids };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for InsertPerson {
        name: "POST /api/v2/Persons",
        method: POST,
        path: "api/v2/Persons",
        output: InsertPersonResult,
        error: InsertPersonError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| Body::json(&serde_json::json!({ "Person": s.person, "ZoneIds": s.zone_ids })),
        validate: |s| {
            s.person.check_code()?;
            if s.zone_ids.is_empty() {
                return Err(ValidationError::new("ZoneIds", "needs at least one zone (iLOQ uses the Type 4 zone)"));
            }
            Ok(())
        },
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/Persons` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertPersonError {
    }
}

/// `PUT /api/v2/Persons` **\[V\]** ENK; HEL f0c60aa, f1379f0: body
/// `{"Person": {...}}` (the wrapper is required); empty answer. `PersonCode`
/// may be empty or null here (`PersonUpdate` makes it nullable, unlike
/// `PersonInsert`); at most 20 characters when given.
#[derive(Debug, Clone)]
pub struct UpdatePerson {
    person: Person,
}

impl UpdatePerson {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(person: Person) -> Result<Self, ValidationError> {
        let request = Self { person };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdatePerson {
        name: "PUT /api/v2/Persons",
        method: PUT,
        path: "api/v2/Persons",
        output: (),
        error: UpdatePersonError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&serde_json::json!({ "Person": s.person })),
        validate: |s| s.person.check_code_length(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/Persons` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdatePersonError {
    }
}

/// `GET /api/v2/Persons/{id}/CanDelete` **\[V\]** ENK: whether the person may be deleted.
#[derive(Debug, Clone)]
pub struct CanDeletePersonRequest {
    id: PersonId,
}

impl CanDeletePersonRequest {
    /// The request with its required parameters.
    pub fn new(id: PersonId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanDeletePersonRequest {
        name: "GET /api/v2/Persons/{id}/CanDelete",
        method: GET,
        path: |s| format!("api/v2/Persons/{}/CanDelete", segment(&s.id.to_string())),
        output: CanDeletePerson,
        error: CanDeletePersonRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Persons/{id}/CanDelete` (iLOQ documents none per endpoint: its general rows).
    pub enum CanDeletePersonRequestError {
    }
}

/// `DELETE /api/v2/Persons/{id}` **\[V\]** ENK. Ask `CanDelete` first
/// ([`Persons::delete`] does).
#[derive(Debug, Clone)]
pub struct DeletePerson {
    id: PersonId,
}

impl DeletePerson {
    /// The request with its required parameters.
    pub fn new(id: PersonId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeletePerson {
        name: "DELETE /api/v2/Persons/{id}",
        method: DELETE,
        path: |s| format!("api/v2/Persons/{}", segment(&s.id.to_string())),
        output: (),
        error: DeletePersonError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/Persons/{id}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeletePersonError {
    }
}

/// `GET /api/v2/Persons/{id}/Keys` **\[V\]** ENK: answers `{"Keys": [...]}`
/// (wrapped, not a bare array).
#[derive(Debug, Clone)]
pub struct GetPersonKeys {
    id: PersonId,
}

impl GetPersonKeys {
    /// The request with its required parameters.
    pub fn new(id: PersonId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetPersonKeys {
        name: "GET /api/v2/Persons/{id}/Keys",
        method: GET,
        path: |s| format!("api/v2/Persons/{}/Keys", segment(&s.id.to_string())),
        output: Vec<Key>,
        error: GetPersonKeysError,
        idempotent: true,
        decode: |_, r| decode_keys_wrapper(r),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Persons/{id}/Keys` (iLOQ documents none per endpoint: its general rows).
    pub enum GetPersonKeysError {
    }
}

/// `GET /api/v2/Persons/{id}/PersonRoles` **\[V\]** ENK: the person's roles
/// ([`crate::person_roles`]). Rights: "view person role list".
#[derive(Debug, Clone)]
pub struct GetPersonRoles {
    id: PersonId,
}

impl GetPersonRoles {
    /// The request with its required parameters.
    pub fn new(id: PersonId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetPersonRoles {
        name: "GET /api/v2/Persons/{id}/PersonRoles",
        method: GET,
        path: |s| format!("api/v2/Persons/{}/PersonRoles", segment(&s.id.to_string())),
        output: Vec<PersonRole>,
        error: GetPersonRolesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Persons/{id}/PersonRoles` (iLOQ documents none per endpoint: its general rows).
    pub enum GetPersonRolesError {
    }
}

/// `GET /api/v2/Persons/{id}/NortecActivationCode` **\[V\]** ENK: a string.
#[derive(Debug, Clone)]
pub struct GetNortecActivationCode {
    id: PersonId,
}

impl GetNortecActivationCode {
    /// The request with its required parameters.
    pub fn new(id: PersonId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetNortecActivationCode {
        name: "GET /api/v2/Persons/{id}/NortecActivationCode",
        method: GET,
        path: |s| format!("api/v2/Persons/{}/NortecActivationCode", segment(&s.id.to_string())),
        output: String,
        error: GetNortecActivationCodeError,
        idempotent: true,
        decode: |_, r| decode::string(r),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Persons/{id}/NortecActivationCode` (iLOQ documents none per endpoint: its general rows).
    pub enum GetNortecActivationCodeError {
    }
}

/// Person calls of a [`Client`]: `client.persons()`.
#[derive(Debug, Clone, Copy)]
pub struct Persons<'a>(&'a Client);

impl Client {
    /// Persons (`/api/v2/Persons`).
    pub fn persons(&self) -> Persons<'_> {
        Persons(self)
    }
}

impl Persons<'_> {
    /// Every person (`GET /Persons`, answered whole).
    pub async fn list(self) -> Result<Vec<Person>, Error<ListPersonsError>> {
        self.0.send(&ListPersons::new()).await
    }

    /// One person.
    pub async fn get(self, id: PersonId) -> Result<Person, Error<GetPersonError>> {
        self.0.send(&GetPerson::new(id)).await
    }

    /// Persons by external ids; an empty list when iLOQ knows none of them (its
    /// 400 "Invalid value" answer), as HEL does.
    pub async fn by_external_ids<S: AsRef<str>>(
        &self,
        ids: &[S],
    ) -> Result<Vec<Person>, Error<GetPersonsByExternalIdsError>> {
        let request =
            GetPersonsByExternalIds::new(ids.iter().map(|s| s.as_ref().to_string()).collect())?;
        match self.0.send(&request).await {
            Err(Error::Service {
                error: GetPersonsByExternalIdsError::NoneFound { .. },
                ..
            }) => Ok(Vec::new()),
            other => other,
        }
    }

    /// Inserts a person. With no `zone_ids`, the zone of Type 4 (default zone
    /// for keys and persons) is used, as T4E does. Answers the new id.
    pub async fn insert(
        self,
        person: Person,
        zone_ids: Vec<ZoneId>,
    ) -> Result<PersonId, Error<InsertPersonError>> {
        let zone_ids = if zone_ids.is_empty() {
            vec![
                self.0
                    .zones()
                    .default_zone()
                    .await
                    .map_err(|e| e.recast_with(InsertPersonError::from_details))?,
            ]
        } else {
            zone_ids
        };
        let id = person.id;
        let result = self.0.send(&InsertPerson::new(person, zone_ids)?).await?;
        Ok(result.person_ids.first().copied().unwrap_or(id))
    }

    /// Updates a person (the whole record, in the `{"Person": ...}` wrapper).
    pub async fn update(self, person: Person) -> Result<(), Error<UpdatePersonError>> {
        self.0.send(&UpdatePerson::new(person)?).await
    }

    /// Whether the person may be deleted.
    pub async fn can_delete(
        self,
        id: PersonId,
    ) -> Result<CanDeletePerson, Error<CanDeletePersonRequestError>> {
        self.0.send(&CanDeletePersonRequest::new(id)).await
    }

    /// Asks `CanDelete`, then deletes. A refusal is [`Checked::Refused`] with
    /// iLOQ's reason; the delete is not sent.
    pub async fn delete(
        self,
        id: PersonId,
    ) -> Result<(), Error<Checked<CanDeletePerson, DeletePersonError>>> {
        let can = check(self.can_delete(id).await, DeletePersonError::from_details)?;
        if !can.is_ok() {
            return Err(refused(can));
        }
        guarded(self.0.send(&DeletePerson::new(id)).await)
    }

    /// The person's keys.
    pub async fn keys(self, id: PersonId) -> Result<Vec<Key>, Error<GetPersonKeysError>> {
        self.0.send(&GetPersonKeys::new(id)).await
    }

    /// The person's roles.
    pub async fn roles(self, id: PersonId) -> Result<Vec<PersonRole>, Error<GetPersonRolesError>> {
        self.0.send(&GetPersonRoles::new(id)).await
    }

    /// The person's Nortec activation code.
    pub async fn nortec_activation_code(
        self,
        id: PersonId,
    ) -> Result<String, Error<GetNortecActivationCodeError>> {
        self.0.send(&GetNortecActivationCode::new(id)).await
    }
}
