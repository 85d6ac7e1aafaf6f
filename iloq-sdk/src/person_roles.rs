//! Person roles (`/api/v2/PersonRoles`, `PersonRolesApi`): the roles persons
//! have in the locking system, each with the security accesses it grants.
//!
//! Rights: "view person role list" **\[V\]** OpenAPI. The API only reads them:
//! no operation creates a role, changes one, or links a person to one (iLOQ
//! Manager does), so person roles cannot be written through this crate.

use access_core::Error;
use access_core::http::segment;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::ids::{PersonId, PersonRoleId};
use crate::persons::GetPersonRolesError;
use crate::security_accesses::SecurityAccess;

/// A person role (`PersonRole`) **\[V\]** OpenAPI: `PersonRole_ID`, `Name`,
/// `Description`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PersonRole {
    /// `PersonRole_ID`.
    #[serde(
        rename = "PersonRole_ID",
        default,
        deserialize_with = "access_core::lenient::optional"
    )]
    pub id: Option<PersonRoleId>,
    /// `Name`.
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    /// `Description`.
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `GET /api/v2/PersonRoles` **\[V\]** OpenAPI: every person role of the locking
/// system the user has rights to. Rights: "view person role list".
#[derive(Debug, Clone)]
pub struct ListPersonRoles {}

impl ListPersonRoles {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListPersonRoles {
        name: "GET /api/v2/PersonRoles",
        method: GET,
        path: "api/v2/PersonRoles",
        output: Vec<PersonRole>,
        error: ListPersonRolesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/PersonRoles` (iLOQ documents none per endpoint: its general rows).
    pub enum ListPersonRolesError {
    }
}

/// `GET /api/v2/PersonRoles/{id}` **\[V\]** OpenAPI: one role. An unknown id is
/// iLOQ's "Invalid value" ([`GetPersonRoleError::NotFound`]) **\[I\]** (as for
/// persons, **\[V\]** T4E). Rights: "view person role list".
#[derive(Debug, Clone)]
pub struct GetPersonRole {
    id: PersonRoleId,
}

impl GetPersonRole {
    /// The request with its required parameters.
    pub fn new(id: PersonRoleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetPersonRole {
        name: "GET /api/v2/PersonRoles/{id}",
        method: GET,
        path: |s| format!("api/v2/PersonRoles/{}", segment(&s.id.to_string())),
        output: PersonRole,
        error: GetPersonRoleError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/PersonRoles/{id}` (its documented row and iLOQ's general rows).
    pub enum GetPersonRoleError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404) **\[V\]** T4E for persons; **\[I\]** here.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/PersonRoles/{id}/SecurityAccesses` **\[V\]** OpenAPI: the
/// security accesses linked to a role (`SecurityAccess[]`). Rights: "view
/// person role list".
#[derive(Debug, Clone)]
pub struct GetPersonRoleSecurityAccesses {
    id: PersonRoleId,
}

impl GetPersonRoleSecurityAccesses {
    /// The request with its required parameters.
    pub fn new(id: PersonRoleId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetPersonRoleSecurityAccesses {
        name: "GET /api/v2/PersonRoles/{id}/SecurityAccesses",
        method: GET,
        path: |s| format!("api/v2/PersonRoles/{}/SecurityAccesses", segment(&s.id.to_string())),
        output: Vec<SecurityAccess>,
        error: GetPersonRoleSecurityAccessesError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/PersonRoles/{id}/SecurityAccesses` (iLOQ documents none per endpoint: its general rows).
    pub enum GetPersonRoleSecurityAccessesError {
    }
}

/// Person role calls of a [`Client`]: `client.person_roles()` (read only).
#[derive(Debug, Clone, Copy)]
pub struct PersonRoles<'a>(&'a Client);

impl Client {
    /// Person roles (`/api/v2/PersonRoles`), read only.
    pub fn person_roles(&self) -> PersonRoles<'_> {
        PersonRoles(self)
    }
}

impl PersonRoles<'_> {
    /// Every person role (answered whole).
    pub async fn list(self) -> Result<Vec<PersonRole>, Error<ListPersonRolesError>> {
        self.0.send(&ListPersonRoles::new()).await
    }

    /// One role.
    pub async fn get(self, id: PersonRoleId) -> Result<PersonRole, Error<GetPersonRoleError>> {
        self.0.send(&GetPersonRole::new(id)).await
    }

    /// The security accesses a role grants.
    pub async fn security_accesses(
        self,
        id: PersonRoleId,
    ) -> Result<Vec<SecurityAccess>, Error<GetPersonRoleSecurityAccessesError>> {
        self.0.send(&GetPersonRoleSecurityAccesses::new(id)).await
    }

    /// The roles of a person (`GET /api/v2/Persons/{id}/PersonRoles`, the
    /// same call as `client.persons().roles(person)`).
    pub async fn of_person(
        self,
        person: PersonId,
    ) -> Result<Vec<PersonRole>, Error<GetPersonRolesError>> {
        self.0.persons().roles(person).await
    }
}
