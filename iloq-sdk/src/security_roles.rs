//! Security roles (`/api/v2/SecurityRoles`, `SecurityRolesApi`), which iLOQ
//! Manager calls "code access groups": an online access code (PIN) and relay
//! time for network-module doors, linked to calendar data
//! (`CalendarDataSecurityRoleLinks`). `TypeMask` tells the kind of role.
//!
//! Rights: reading needs "view person role list", writing "edit person roles"
//! **\[V\]** OpenAPI. Persons are linked to security roles in Manager; the API
//! has no call that reads or sets those links (a role still linked to a person
//! cannot be deleted: `CanDelete` 1).

use access_core::http::{Body, segment};
use access_core::{Error, ValidationError};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::{Checked, check, guarded, refused};
use crate::ids::{RealEstateId, SecurityRoleId, ZoneId};
use crate::macros::int_enum;

int_enum! {
    /// The answer of `GET /SecurityRoles/{id}/CanDelete` (CanDeleteSecurityRole)
    /// **\[V\]** ENK CanDeleteSecurityRole.php.
    pub enum CanDeleteSecurityRole {
        /// The role can be deleted.
        Ok = 0 => "OK",
        /// The role is linked to a person: remove the person links first.
        LinkedToPerson = 1 => "linked to a person (remove the person links first)",
        /// The role is linked to calendar data outside the user's zones.
        CalendarDataOutsideZones = 2 => "linked to calendar data outside the user's zones",
    }
}

impl CanDeleteSecurityRole {
    /// Whether the delete may be sent.
    pub fn is_ok(self) -> bool {
        self == Self::Ok
    }
}

/// A security role, "code access group" (`SecurityRole`) **\[V\]** OpenAPI. The
/// same model is read, inserted and updated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SecurityRole {
    /// `SecurityRole_ID`.
    #[serde(rename = "SecurityRole_ID")]
    pub id: SecurityRoleId,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// `OnlineAccessCode`: empty when read (iLOQ does not answer it here); an
    /// empty string on update keeps the previous code.
    #[serde(rename = "OnlineAccessCode", default)]
    pub online_access_code: Option<String>,
    /// `OnlineRelayOperatingTimeMs`: how long the relay stays on after access
    /// is granted, in milliseconds.
    #[serde(rename = "OnlineRelayOperatingTimeMs", default)]
    pub online_relay_operating_time_ms: i32,
    /// `RealEstate_ID` (required on insert and update; the root real estate is all zeros).
    #[serde(
        rename = "RealEstate_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub real_estate_id: Option<RealEstateId>,
    /// `TypeMask`: the kind of role (iLOQ's reference lists no values; kept as read).
    #[serde(rename = "TypeMask", default)]
    pub type_mask: i64,
    /// `Zone_ID`.
    #[serde(
        rename = "Zone_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub zone_id: Option<ZoneId>,
    /// Fields this SDK does not model, kept on read and written back.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl SecurityRole {
    /// A new role named `name` in `real_estate` (the root is
    /// `RealEstateId::new(Uuid::nil())`), with a generated `SecurityRole_ID`.
    pub fn new(name: impl Into<String>, real_estate: RealEstateId) -> Self {
        Self {
            id: SecurityRoleId::generate(),
            name: Some(name.into()),
            description: None,
            online_access_code: None,
            online_relay_operating_time_ms: 0,
            real_estate_id: Some(real_estate),
            type_mask: 0,
            zone_id: None,
            extra: serde_json::Map::new(),
        }
    }

    /// Sets `Description`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets `OnlineAccessCode`.
    pub fn online_access_code(mut self, code: impl Into<String>) -> Self {
        self.online_access_code = Some(code.into());
        self
    }

    /// Sets `OnlineRelayOperatingTimeMs`.
    pub fn relay_time_ms(mut self, ms: i32) -> Self {
        self.online_relay_operating_time_ms = ms;
        self
    }

    /// Sets `Zone_ID`.
    pub fn zone(mut self, zone: ZoneId) -> Self {
        self.zone_id = Some(zone);
        self
    }

    /// `RealEstate_ID` is required and not nullable; the relay time is not negative.
    fn check(&self) -> Result<(), ValidationError> {
        if self.real_estate_id.is_none() {
            return Err(ValidationError::new(
                "RealEstate_ID",
                "is required (the root real estate is 00000000-0000-0000-0000-000000000000)",
            ));
        }
        if self.online_relay_operating_time_ms < 0 {
            return Err(ValidationError::new(
                "OnlineRelayOperatingTimeMs",
                "must not be negative",
            ));
        }
        Ok(())
    }
}

/// `GET /api/v2/SecurityRoles` **\[V\]** OpenAPI: every security role. Rights:
/// "view person role list".
#[derive(Debug, Clone)]
pub struct ListSecurityRoles {}

impl ListSecurityRoles {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListSecurityRoles {
        name: "GET /api/v2/SecurityRoles",
        method: GET,
        path: "api/v2/SecurityRoles",
        output: Vec<SecurityRole>,
        error: ListSecurityRolesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/SecurityRoles` (iLOQ documents none per endpoint: its general rows).
    pub enum ListSecurityRolesError {
    }
}

/// `GET /api/v2/SecurityRoles/{id}` **\[V\]** OpenAPI: one role. An unknown id is
/// iLOQ's "Invalid value" ([`GetSecurityRoleError::NotFound`]) **\[I\]**. Rights:
/// "view person role list".
#[derive(Debug, Clone)]
pub struct GetSecurityRole {
    id: SecurityRoleId,
}

impl GetSecurityRole {
    /// The request with its required parameters.
    pub fn new(id: SecurityRoleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetSecurityRole {
        name: "GET /api/v2/SecurityRoles/{id}",
        method: GET,
        path: |s| format!("api/v2/SecurityRoles/{}", segment(&s.id.to_string())),
        output: SecurityRole,
        error: GetSecurityRoleError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/SecurityRoles/{id}` (its documented row and iLOQ's general rows).
    pub enum GetSecurityRoleError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404) **\[V\]** T4E for persons; **\[I\]** here.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `POST /api/v2/SecurityRoles` **\[V\]** OpenAPI: body the bare `SecurityRole`;
/// answers the role as stored. Not idempotent. Rights: "edit person roles".
#[derive(Debug, Clone)]
pub struct InsertSecurityRole {
    role: SecurityRole,
}

impl InsertSecurityRole {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(role: SecurityRole) -> Result<Self, ValidationError> {
        let request = Self { role };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for InsertSecurityRole {
        name: "POST /api/v2/SecurityRoles",
        method: POST,
        path: "api/v2/SecurityRoles",
        output: SecurityRole,
        error: InsertSecurityRoleError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| Body::json(&s.role),
        validate: |s| s.role.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/SecurityRoles` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertSecurityRoleError {
    }
}

/// `PUT /api/v2/SecurityRoles` **\[V\]** OpenAPI: body the bare `SecurityRole`;
/// empty answer. An empty `OnlineAccessCode` keeps the previous code. Rights:
/// "edit person roles".
#[derive(Debug, Clone)]
pub struct UpdateSecurityRole {
    role: SecurityRole,
}

impl UpdateSecurityRole {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(role: SecurityRole) -> Result<Self, ValidationError> {
        let request = Self { role };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateSecurityRole {
        name: "PUT /api/v2/SecurityRoles",
        method: PUT,
        path: "api/v2/SecurityRoles",
        output: (),
        error: UpdateSecurityRoleError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.role),
        validate: |s| s.role.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/SecurityRoles` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdateSecurityRoleError {
    }
}

/// `GET /api/v2/SecurityRoles/{id}/CanDelete` **\[V\]** OpenAPI: whether the role
/// may be deleted ([`CanDeleteSecurityRole`]). Rights: "edit person roles".
#[derive(Debug, Clone)]
pub struct CanDeleteSecurityRoleRequest {
    id: SecurityRoleId,
}

impl CanDeleteSecurityRoleRequest {
    /// The request with its required parameters.
    pub fn new(id: SecurityRoleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for CanDeleteSecurityRoleRequest {
        name: "GET /api/v2/SecurityRoles/{id}/CanDelete",
        method: GET,
        path: |s| format!("api/v2/SecurityRoles/{}/CanDelete", segment(&s.id.to_string())),
        output: CanDeleteSecurityRole,
        error: CanDeleteSecurityRoleRequestError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/SecurityRoles/{id}/CanDelete` (iLOQ documents none per endpoint: its general rows).
    pub enum CanDeleteSecurityRoleRequestError {
    }
}

/// `DELETE /api/v2/SecurityRoles/{id}` **\[V\]** OpenAPI. Ask `CanDelete` first
/// ([`SecurityRoles::delete`] does). Rights: "edit person roles".
#[derive(Debug, Clone)]
pub struct DeleteSecurityRole {
    id: SecurityRoleId,
}

impl DeleteSecurityRole {
    /// The request with its required parameters.
    pub fn new(id: SecurityRoleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteSecurityRole {
        name: "DELETE /api/v2/SecurityRoles/{id}",
        method: DELETE,
        path: |s| format!("api/v2/SecurityRoles/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteSecurityRoleError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/SecurityRoles/{id}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteSecurityRoleError {
    }
}

/// Security role calls of a [`Client`]: `client.security_roles()`.
#[derive(Debug, Clone, Copy)]
pub struct SecurityRoles<'a>(&'a Client);

impl Client {
    /// Security roles, "code access groups" (`/api/v2/SecurityRoles`).
    pub fn security_roles(&self) -> SecurityRoles<'_> {
        SecurityRoles(self)
    }
}

impl SecurityRoles<'_> {
    /// Every security role (answered whole).
    pub async fn list(self) -> Result<Vec<SecurityRole>, Error<ListSecurityRolesError>> {
        self.0.send(&ListSecurityRoles::new()).await
    }

    /// One role.
    pub async fn get(
        self,
        id: SecurityRoleId,
    ) -> Result<SecurityRole, Error<GetSecurityRoleError>> {
        self.0.send(&GetSecurityRole::new(id)).await
    }

    /// Inserts a role; answers it as iLOQ stored it.
    pub async fn insert(
        self,
        role: SecurityRole,
    ) -> Result<SecurityRole, Error<InsertSecurityRoleError>> {
        self.0.send(&InsertSecurityRole::new(role)?).await
    }

    /// Updates a role (the whole record).
    pub async fn update(self, role: SecurityRole) -> Result<(), Error<UpdateSecurityRoleError>> {
        self.0.send(&UpdateSecurityRole::new(role)?).await
    }

    /// Whether the role may be deleted.
    pub async fn can_delete(
        self,
        id: SecurityRoleId,
    ) -> Result<CanDeleteSecurityRole, Error<CanDeleteSecurityRoleRequestError>> {
        self.0.send(&CanDeleteSecurityRoleRequest::new(id)).await
    }

    /// Asks `CanDelete`, then deletes. A refusal is [`Checked::Refused`] with
    /// iLOQ's reason; the delete is not sent.
    pub async fn delete(
        self,
        id: SecurityRoleId,
    ) -> Result<(), Error<Checked<CanDeleteSecurityRole, DeleteSecurityRoleError>>> {
        let can = check(
            self.can_delete(id).await,
            DeleteSecurityRoleError::from_details,
        )?;
        if !can.is_ok() {
            return Err(refused(can));
        }
        guarded(self.0.send(&DeleteSecurityRole::new(id)).await)
    }
}
