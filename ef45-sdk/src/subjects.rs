//! Subjects: the iris records (names, templates, Wiegand data) keyed by `user_uuid`.

use access_core::ValidationError;
use access_core::http::{Body, segment};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::RecordError;
use crate::macros::endpoint;
use crate::types::{Ack, Page, Paging, UserUuid, lenient_bool};

/// The default `record_version`: the device's built-in algorithm
/// `DB_DELTAID_FEATURE_VERSION = 0x2310` = 8976 [V, E4]. Read the device's own
/// with [`GetRecordVersion`].
pub const DEFAULT_RECORD_VERSION: u32 = 8976;

/// An iris subject [V: `left_eye_template`, `right_eye_template` (E3);
/// I: the other JSON names are the snake_case forms of E3's members].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Subject {
    /// The person's id.
    pub user_uuid: UserUuid,
    /// The biometric algorithm version of the templates (e.g. 8976), not a counter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_version: Option<u32>,
    /// Last name (the device refuses a null one: -210).
    #[serde(default)]
    pub last_name: String,
    /// First name.
    #[serde(default)]
    pub first_name: String,
    /// Whether access is allowed.
    #[serde(
        default,
        deserialize_with = "lenient_bool::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub access_allowed: Option<bool>,
    /// Wiegand facility (-1 when unused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiegand_facility: Option<i64>,
    /// Wiegand site (-1 when unused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiegand_site: Option<i64>,
    /// Wiegand code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiegand_code: Option<u64>,
    /// Wiegand custom data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiegand_custom: Option<String>,
    /// Access allowed until (device text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_until: Option<String>,
    /// Left iris template (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_eye_template: Option<String>,
    /// Right iris template (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right_eye_template: Option<String>,
    /// Fields the documentation does not describe (sent back unchanged).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Subject {
    /// A subject; the last name is required by the device (-210).
    pub fn new(
        user_uuid: UserUuid,
        last_name: impl Into<String>,
        first_name: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        let last_name = last_name.into();
        if last_name.trim().is_empty() {
            return Err(ValidationError::new(
                "last_name",
                "must not be empty (device code -210)",
            ));
        }
        Ok(Self {
            user_uuid,
            record_version: Some(DEFAULT_RECORD_VERSION),
            last_name,
            first_name: first_name.into(),
            access_allowed: Some(true),
            wiegand_facility: None,
            wiegand_site: None,
            wiegand_code: None,
            wiegand_custom: None,
            match_until: None,
            left_eye_template: None,
            right_eye_template: None,
            extra: Map::new(),
        })
    }

    /// Sets the iris templates (base64, as captured).
    pub fn with_templates(mut self, left: Option<String>, right: Option<String>) -> Self {
        self.left_eye_template = left;
        self.right_eye_template = right;
        self
    }

    /// Sets the record version.
    pub fn with_record_version(mut self, version: u32) -> Self {
        self.record_version = Some(version);
        self
    }
}

/// `GET /1.0/subjects?page=&page_size=` [V path E3; seed paging]: the subjects.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ListSubjects {
    paging: Paging,
}

impl ListSubjects {
    /// The list with `paging`.
    pub fn new(paging: Paging) -> Self {
        Self { paging }
    }
}

endpoint! {
    ListSubjects: GET "GET /subjects",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = Page<Subject>,
    path = |_s| "subjects",
    query = |s, q| { s.paging.push(&mut q); },
    validate = |s| { s.paging.validate() },
    decode = |_s, r| r.json(),
}

/// `GET /1.0/subjects/{user_uuid}` [V path shape E3 (`/subjects/1`); seed
/// `user_uuid`]: one subject.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GetSubject {
    user: UserUuid,
}

impl GetSubject {
    /// The subject of `user`.
    pub fn new(user: UserUuid) -> Self {
        Self { user }
    }
}

endpoint! {
    GetSubject: GET "GET /subjects/{user_uuid}",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = Subject,
    path = |s| format!("subjects/{}", segment(s.user.as_str())),
    decode = |_s, r| r.json(),
}

/// `POST /1.0/subjects` [V, E3]: add a subject, or update it when the
/// `user_uuid` exists [I: the seed calls it "add or update"].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SaveSubject {
    subject: Subject,
}

impl SaveSubject {
    /// Saves `subject`.
    pub fn new(subject: Subject) -> Result<Self, ValidationError> {
        let s = Self { subject };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.subject.last_name.trim().is_empty() {
            return Err(ValidationError::new(
                "last_name",
                "must not be empty (device code -210)",
            ));
        }
        Ok(())
    }
}

endpoint! {
    SaveSubject: POST "POST /subjects",
    idempotent = false,
    auth = true,
    error = RecordError,
    output = Ack,
    path = |_s| "subjects",
    body = |s| Body::json(&s.subject),
    validate = |s| { s.check() },
    decode = |_s, r| Ack::decode(r),
}

/// `DELETE /1.0/subjects/{user_uuid}` [I method and path; seed `user_uuid`]:
/// delete a subject.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeleteSubject {
    user: UserUuid,
}

impl DeleteSubject {
    /// Deletes the subject of `user`.
    pub fn new(user: UserUuid) -> Self {
        Self { user }
    }
}

endpoint! {
    DeleteSubject: DELETE "DELETE /subjects/{user_uuid}",
    idempotent = false,
    auth = true,
    error = RecordError,
    output = Ack,
    path = |s| format!("subjects/{}", segment(s.user.as_str())),
    decode = |_s, r| Ack::decode(r),
}

/// The answer of the duplication check \[I\]: whether the templates match an
/// enrolled subject, and whose.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct DuplicationResult {
    /// Whether a matching subject exists.
    #[serde(default, deserialize_with = "lenient_bool::deserialize")]
    pub duplicated: Option<bool>,
    /// The matching subject.
    #[serde(default)]
    pub user_uuid: Option<UserUuid>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /1.0/subjects/duplication` with the candidate's templates [I path,
/// method and body; seed "Duplication check result"]: is this iris already
/// enrolled? A read: retried like one.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CheckDuplication {
    subject: Subject,
}

impl CheckDuplication {
    /// Checks `subject`'s templates (at least one required).
    pub fn new(subject: Subject) -> Result<Self, ValidationError> {
        let s = Self { subject };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.subject.left_eye_template.is_none() && self.subject.right_eye_template.is_none() {
            return Err(ValidationError::new(
                "templates",
                "at least one iris template is required",
            ));
        }
        Ok(())
    }
}

endpoint! {
    CheckDuplication: POST "POST /subjects/duplication",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = DuplicationResult,
    path = |_s| "subjects/duplication",
    body = |s| Body::json(&s.subject),
    validate = |s| { s.check() },
    decode = |_s, r| r.json(),
}

/// The device's record version `{"record_version": 8976}` [I shape].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct RecordVersion {
    /// The algorithm/template version; fixed unless the algorithm changes.
    pub record_version: u32,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /1.0/subjects/record-version` [I path; seed: "represents the device's
/// built-in biometric algorithm type and version (ex. 8976)"].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetRecordVersion;

impl GetRecordVersion {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

endpoint! {
    GetRecordVersion: GET "GET /subjects/record-version",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = RecordVersion,
    path = |_s| "subjects/record-version",
    decode = |_s, r| r.json(),
}
