//! Subjects: the iris records (names, templates, Wiegand data) keyed by `user_uuid`.

use access_core::http::{Body, Query, segment};
use access_core::paging::Pager;
use access_core::{Error, ValidationError};
use futures_util::stream::BoxStream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::ids::UserUuid;
use crate::model::{Ack, Page, Paging, lenient_bool, pager};

/// An iris subject **\[V\]** `left_eye_template`, `right_eye_template` (E3);
/// **\[I\]** the other JSON names are the snake_case forms of E3's members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Subject {
    /// The person's id.
    pub user_uuid: UserUuid,
    /// The biometric algorithm version of the templates, not a counter. It
    /// differs between devices (the seed's example is 8976 =
    /// `DB_DELTAID_FEATURE_VERSION` of E4; the on-device handler E3 writes
    /// 17952), so [`Subject::new`] leaves it unset and the resource handles
    /// (`client.subjects().save`, `check_duplication`, `client.users().save`)
    /// fill in the device's own value ([`crate::Client::record_version`]).
    /// A request sent with `Client::send` carries what is set here (no
    /// `record_version` key when unset).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub wiegand_facility: Option<i64>,
    /// Wiegand site (-1 when unused).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub wiegand_site: Option<i64>,
    /// Wiegand code.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
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
            record_version: None,
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
    pub fn templates(mut self, left: Option<String>, right: Option<String>) -> Self {
        self.left_eye_template = left;
        self.right_eye_template = right;
        self
    }

    /// Sets the record version (otherwise the resource handles use the
    /// device's, read once per connection).
    pub fn record_version(mut self, version: u32) -> Self {
        self.record_version = Some(version);
        self
    }
}

/// `GET /1.0/subjects?page=&page_size=` **\[V\]** path E3; **\[seed\]** paging: the subjects.
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

access_core::endpoint! {
    impl Endpoint for ListSubjects {
        name: "GET /subjects",
        method: GET,
        path: "subjects",
        output: Page<Subject>,
        error: ListSubjectsError,
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
    /// Failures of `GET /subjects` (see [`crate::error`] for how they are read).
    pub enum ListSubjectsError {
        /// The subject does not exist (device code -201).
        NotFound = (_, code "-201") => NotFound,
    }
}

/// `GET /1.0/subjects/{user_uuid}` **\[V\]** path shape E3 (`/subjects/1`); **\[seed\]**
/// `user_uuid`: one subject.
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

access_core::endpoint! {
    impl Endpoint for GetSubject {
        name: "GET /subjects/{user_uuid}",
        method: GET,
        path: |s| format!("subjects/{}", segment(s.user.as_str())),
        output: Subject,
        error: GetSubjectError,
        idempotent: true,
        decode: |_s, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /subjects/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum GetSubjectError {
        /// The subject does not exist (device code -201).
        NotFound = (_, code "-201") => NotFound,
    }
}

/// `POST /1.0/subjects` **\[V\]** E3: add a subject, or update it when the
/// `user_uuid` exists **\[I\]** the seed calls it "add or update".
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

access_core::endpoint! {
    impl Endpoint for SaveSubject {
        name: "POST /subjects",
        method: POST,
        path: "subjects",
        output: Ack,
        error: SaveSubjectError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |s| Body::json(&s.subject),
        validate: |s| s.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /subjects` (see [`crate::error`] for how they are read).
    pub enum SaveSubjectError {
        /// The subject does not exist (device code -201).
        NotFound = (_, code "-201") => NotFound,
    }
}

/// `DELETE /1.0/subjects/{user_uuid}` **\[I\]** method and path; **\[seed\]** `user_uuid`:
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

access_core::endpoint! {
    impl Endpoint for DeleteSubject {
        name: "DELETE /subjects/{user_uuid}",
        method: DELETE,
        path: |s| format!("subjects/{}", segment(s.user.as_str())),
        output: Ack,
        error: DeleteSubjectError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /subjects/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum DeleteSubjectError {
        /// The subject does not exist (device code -201).
        NotFound = (_, code "-201") => NotFound,
    }
}

/// The answer of the duplication check **\[I\]**: whether the templates match an
/// enrolled subject, and whose.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct DuplicationResult {
    /// Whether a matching subject exists.
    #[serde(default, deserialize_with = "lenient_bool::deserialize")]
    pub duplicated: Option<bool>,
    /// The matching subject.
    #[serde(default, deserialize_with = "access_core::lenient::optional")]
    pub user_uuid: Option<UserUuid>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /1.0/subjects/duplication` with the candidate's templates **\[I\]** path,
/// method and body; **\[seed\]** "Duplication check result": is this iris already
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

access_core::endpoint! {
    impl Endpoint for CheckDuplication {
        name: "POST /subjects/duplication",
        method: POST,
        path: "subjects/duplication",
        output: DuplicationResult,
        error: CheckDuplicationError,
        idempotent: true,
        decode: |_s, r| r.json(),
        body: |s| Body::json(&s.subject),
        validate: |s| s.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /subjects/duplication` (see [`crate::error`] for how they are read).
    pub enum CheckDuplicationError {
        /// The subject does not exist (device code -201).
        NotFound = (_, code "-201") => NotFound,
    }
}

/// The device's record version `{"record_version": 8976}` **\[I\]** shape.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct RecordVersion {
    /// The algorithm/template version; fixed unless the algorithm changes.
    pub record_version: u32,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /1.0/subjects/record-version` **\[I\]** path; **\[seed\]** "represents the device's
/// built-in biometric algorithm type and version (ex. 8976)".
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetRecordVersion;

impl GetRecordVersion {
    /// The request.
    pub fn new() -> Self {
        Self
    }
}

access_core::endpoint! {
    impl Endpoint for GetRecordVersion {
        name: "GET /subjects/record-version",
        method: GET,
        path: "subjects/record-version",
        output: RecordVersion,
        error: GetRecordVersionError,
        idempotent: true,
        decode: |_s, r| r.json(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /subjects/record-version` (see [`crate::error`] for how they are read).
    pub enum GetRecordVersionError {
        /// The subject does not exist (device code -201).
        NotFound = (_, code "-201") => NotFound,
    }
}

/// Subject calls of a [`Client`]: `client.subjects()`.
#[derive(Debug, Clone, Copy)]
pub struct Subjects<'a>(&'a Client);

impl Client {
    /// Subjects (`/subjects`).
    pub fn subjects(&self) -> Subjects<'_> {
        Subjects(self)
    }
}

impl<'a> Subjects<'a> {
    /// `GET /subjects`: one page (or, with [`Paging::all`], the whole list).
    pub async fn page(self, paging: Paging) -> Result<Page<Subject>, Error<ListSubjectsError>> {
        self.0.send(&ListSubjects::new(paging)).await
    }

    /// Every subject, `page_size` rows a request, through the bounded
    /// [`Pager`] (pages keyed by `user_uuid`).
    pub fn pager(self, page_size: u32) -> Pager<'a, Subject, ListSubjectsError> {
        let client = self.0;
        pager(
            page_size,
            |s: &Subject| s.user_uuid.clone(),
            move |p| async move { client.send(&ListSubjects::new(p)).await },
        )
    }

    /// Every subject as a stream (`pager(page_size).stream()`).
    pub fn stream(
        self,
        page_size: u32,
    ) -> BoxStream<'a, Result<Subject, Error<ListSubjectsError>>> {
        self.pager(page_size).stream()
    }

    /// Every subject (`pager(page_size).all()`).
    pub async fn all(self, page_size: u32) -> Result<Vec<Subject>, Error<ListSubjectsError>> {
        self.pager(page_size).all().await
    }

    /// `GET /subjects/{user_uuid}`: one subject.
    pub async fn get(self, user: &UserUuid) -> Result<Subject, Error<GetSubjectError>> {
        self.0.send(&GetSubject::new(user.clone())).await
    }

    /// `POST /subjects`: adds or updates a subject. Without a record version
    /// the subject gets the device's ([`Client::record_version`]).
    pub async fn save(self, subject: Subject) -> Result<Ack, Error<SaveSubjectError>> {
        let request = SaveSubject::new(subject)?;
        let subject = self
            .0
            .with_record_version(request.subject)
            .await
            .map_err(|e| e.recast_with(SaveSubjectError::from_details))?;
        self.0.send(&SaveSubject { subject }).await
    }

    /// `DELETE /subjects/{user_uuid}`: deletes a subject.
    pub async fn delete(self, user: &UserUuid) -> Result<Ack, Error<DeleteSubjectError>> {
        self.0.send(&DeleteSubject::new(user.clone())).await
    }

    /// `POST /subjects/duplication`: whether `subject`'s templates are already enrolled.
    pub async fn check_duplication(
        self,
        subject: Subject,
    ) -> Result<DuplicationResult, Error<CheckDuplicationError>> {
        let request = CheckDuplication::new(subject)?;
        let subject = self
            .0
            .with_record_version(request.subject)
            .await
            .map_err(|e| e.recast_with(CheckDuplicationError::from_details))?;
        self.0.send(&CheckDuplication { subject }).await
    }

    /// `GET /subjects/record-version`: the device's record version, asked now
    /// (see [`Client::record_version`] for the value remembered per connection).
    pub async fn record_version(self) -> Result<RecordVersion, Error<GetRecordVersionError>> {
        self.0.send(&GetRecordVersion::new()).await
    }
}
