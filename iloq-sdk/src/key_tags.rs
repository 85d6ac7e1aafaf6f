//! Key tags (`/api/v2/KeyTags`, `KeyTagsApi`): key/value pairs on a key
//! (`FNKeyTag`), optionally written to the key's audit trail.
//!
//! Rights: reading needs "view key list", writing "edit keys" **\[V\]** OpenAPI.
//! iLOQ advises namespaced keys such as `companyname_maintenance_ticket`, so
//! that applications sharing the API do not overwrite each other's tags.

use access_core::http::{Body, segment};
use access_core::{Error, ValidationError};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::ids::{KeyId, KeyTagId};

/// A key tag (`FNKeyTag`) **\[V\]** OpenAPI. The same model is read, inserted
/// and updated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyTag {
    /// `Tag_ID`.
    #[serde(rename = "Tag_ID")]
    pub id: KeyTagId,
    /// `FNKey_ID`: the key the tag is on.
    #[serde(rename = "FNKey_ID")]
    pub key_id: KeyId,
    /// `Key`: the tag's name (iLOQ advises `companyname_purpose`).
    #[serde(rename = "Key", default)]
    pub key: Option<String>,
    /// `Value`.
    #[serde(rename = "Value", default)]
    pub value: Option<String>,
    /// `SaveToKeyAuditTrail`: whether the value is saved on audit trails.
    #[serde(rename = "SaveToKeyAuditTrail", default)]
    pub save_to_audit_trail: bool,
    /// Fields this SDK does not model, kept on read and written back.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl KeyTag {
    /// A new tag `key` = `value` on `key_id`, with a generated `Tag_ID`.
    pub fn new(key_id: KeyId, key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            id: KeyTagId::generate(),
            key_id,
            key: Some(key.into()),
            value: Some(value.into()),
            save_to_audit_trail: false,
            extra: serde_json::Map::new(),
        }
    }

    /// Sets `SaveToKeyAuditTrail`.
    pub fn save_to_audit_trail(mut self, yes: bool) -> Self {
        self.save_to_audit_trail = yes;
        self
    }

    /// A tag names its key: `Key` is given and not blank **\[I\]** (nullable in
    /// the model; a tag without a name cannot be told apart from others).
    fn check(&self) -> Result<(), ValidationError> {
        match self.key.as_deref() {
            Some(k) if !k.trim().is_empty() => Ok(()),
            _ => Err(ValidationError::new("Key", "is required (the tag's name)")),
        }
    }
}

/// `GET /api/v2/KeyTags` **\[V\]** OpenAPI: every tag of the keys the user has
/// rights to. Rights: "view key list".
#[derive(Debug, Clone)]
pub struct ListKeyTags {}

impl ListKeyTags {
    /// The request.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {}
    }
}

access_core::endpoint! {
    impl Endpoint for ListKeyTags {
        name: "GET /api/v2/KeyTags",
        method: GET,
        path: "api/v2/KeyTags",
        output: Vec<KeyTag>,
        error: ListKeyTagsError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/KeyTags` (iLOQ documents none per endpoint: its general rows).
    pub enum ListKeyTagsError {
    }
}

/// `GET /api/v2/KeyTags/{id}` **\[V\]** OpenAPI: one tag. An unknown id is iLOQ's
/// "Invalid value" ([`GetKeyTagError::NotFound`]) **\[I\]**. Rights: "view key list".
#[derive(Debug, Clone)]
pub struct GetKeyTag {
    id: KeyTagId,
}

impl GetKeyTag {
    /// The request with its required parameters.
    pub fn new(id: KeyTagId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetKeyTag {
        name: "GET /api/v2/KeyTags/{id}",
        method: GET,
        path: |s| format!("api/v2/KeyTags/{}", segment(&s.id.to_string())),
        output: KeyTag,
        error: GetKeyTagError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

access_core::error_enum! {
    /// Failures of `GET /api/v2/KeyTags/{id}` (its documented row and iLOQ's general rows).
    pub enum GetKeyTagError for crate::error::IloqErrorBody {
        /// The id is unknown: HTTP 400 "Invalid value (...)" (iLOQ answers an unknown
        /// id so, not with 404) **\[V\]** T4E for persons; **\[I\]** here.
        NotFound = (400, contains "Invalid value") => NotFound,
        /// Any status with `Code` "Unauthorized" **\[V\]** HEL.
        Unauthorized = (_, code "Unauthorized") => Auth,
        /// Any other answer with `Code` "ValidationFailed" **\[V\]** HEL, T4E.
        ValidationFailed = (_, code "ValidationFailed") => InvalidInput,
    }
}

/// `GET /api/v2/Keys/{id}/KeyTags` **\[V\]** OpenAPI: a key's tags. Rights:
/// "view key list".
#[derive(Debug, Clone)]
pub struct GetKeyTagsOfKey {
    id: KeyId,
}

impl GetKeyTagsOfKey {
    /// The request with its required parameters.
    pub fn new(id: KeyId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for GetKeyTagsOfKey {
        name: "GET /api/v2/Keys/{id}/KeyTags",
        method: GET,
        path: |s| format!("api/v2/Keys/{}/KeyTags", segment(&s.id.to_string())),
        output: Vec<KeyTag>,
        error: GetKeyTagsOfKeyError,
        idempotent: true,
        decode: |_, r| r.json(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `GET /api/v2/Keys/{id}/KeyTags` (iLOQ documents none per endpoint: its general rows).
    pub enum GetKeyTagsOfKeyError {
    }
}

/// `POST /api/v2/KeyTags` **\[V\]** OpenAPI: body the bare `FNKeyTag`; empty
/// answer. Not idempotent. Rights: "edit keys".
#[derive(Debug, Clone)]
pub struct InsertKeyTag {
    tag: KeyTag,
}

impl InsertKeyTag {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(tag: KeyTag) -> Result<Self, ValidationError> {
        let request = Self { tag };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for InsertKeyTag {
        name: "POST /api/v2/KeyTags",
        method: POST,
        path: "api/v2/KeyTags",
        output: (),
        error: InsertKeyTagError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.tag),
        validate: |s| s.tag.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `POST /api/v2/KeyTags` (iLOQ documents none per endpoint: its general rows).
    pub enum InsertKeyTagError {
    }
}

/// `PUT /api/v2/KeyTags` **\[V\]** OpenAPI: body the bare `FNKeyTag`; empty
/// answer. Rights: "edit keys".
#[derive(Debug, Clone)]
pub struct UpdateKeyTag {
    tag: KeyTag,
}

impl UpdateKeyTag {
    /// The request with its required parameters, checked against iLOQ's
    /// documented rules before anything is sent.
    pub fn new(tag: KeyTag) -> Result<Self, ValidationError> {
        let request = Self { tag };
        access_core::http::Endpoint::validate(&request)?;
        Ok(request)
    }
}

access_core::endpoint! {
    impl Endpoint for UpdateKeyTag {
        name: "PUT /api/v2/KeyTags",
        method: PUT,
        path: "api/v2/KeyTags",
        output: (),
        error: UpdateKeyTagError,
        idempotent: false,
        decode: |_, r| r.empty(),
        body: |s| Body::json(&s.tag),
        validate: |s| s.tag.check(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `PUT /api/v2/KeyTags` (iLOQ documents none per endpoint: its general rows).
    pub enum UpdateKeyTagError {
    }
}

/// `DELETE /api/v2/KeyTags/{id}` **\[V\]** OpenAPI. Rights: "edit keys".
#[derive(Debug, Clone)]
pub struct DeleteKeyTag {
    id: KeyTagId,
}

impl DeleteKeyTag {
    /// The request with its required parameters.
    pub fn new(id: KeyTagId) -> Self {
        Self { id }
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteKeyTag {
        name: "DELETE /api/v2/KeyTags/{id}",
        method: DELETE,
        path: |s| format!("api/v2/KeyTags/{}", segment(&s.id.to_string())),
        output: (),
        error: DeleteKeyTagError,
        idempotent: false,
        decode: |_, r| r.empty(),
    }
}

crate::error::iloq_errors! {
    /// Failures of `DELETE /api/v2/KeyTags/{id}` (iLOQ documents none per endpoint: its general rows).
    pub enum DeleteKeyTagError {
    }
}

/// Key tag calls of a [`Client`]: `client.key_tags()`.
#[derive(Debug, Clone, Copy)]
pub struct KeyTags<'a>(&'a Client);

impl Client {
    /// Key tags, key/value pairs on keys (`/api/v2/KeyTags`).
    pub fn key_tags(&self) -> KeyTags<'_> {
        KeyTags(self)
    }
}

impl KeyTags<'_> {
    /// Every tag (answered whole).
    pub async fn list(self) -> Result<Vec<KeyTag>, Error<ListKeyTagsError>> {
        self.0.send(&ListKeyTags::new()).await
    }

    /// One tag.
    pub async fn get(self, id: KeyTagId) -> Result<KeyTag, Error<GetKeyTagError>> {
        self.0.send(&GetKeyTag::new(id)).await
    }

    /// A key's tags.
    pub async fn of_key(self, key: KeyId) -> Result<Vec<KeyTag>, Error<GetKeyTagsOfKeyError>> {
        self.0.send(&GetKeyTagsOfKey::new(key)).await
    }

    /// Adds a tag to its key; answers its `Tag_ID` (iLOQ answers nothing).
    pub async fn insert(self, tag: KeyTag) -> Result<KeyTagId, Error<InsertKeyTagError>> {
        let id = tag.id;
        self.0.send(&InsertKeyTag::new(tag)?).await?;
        Ok(id)
    }

    /// Updates a tag (the whole record).
    pub async fn update(self, tag: KeyTag) -> Result<(), Error<UpdateKeyTagError>> {
        self.0.send(&UpdateKeyTag::new(tag)?).await
    }

    /// Deletes a tag.
    pub async fn delete(self, id: KeyTagId) -> Result<(), Error<DeleteKeyTagError>> {
        self.0.send(&DeleteKeyTag::new(id)).await
    }
}
