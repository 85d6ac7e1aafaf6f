//! Faces: the face templates of each user, up to six per user (`sub_id` 0..=5).

use access_core::http::{Body, Query, segment};
use access_core::paging::Pager;
use access_core::{Error, ValidationError};
use futures_util::stream::BoxStream;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::ids::UserUuid;
use crate::model::{Ack, Page, Paging, pager};

/// Which face of a user (`sub_id`) **\[seed\]** 0..5 with these meanings; E4 has
/// `UMXDB_ERROR_FACE_SUBID_OUT_OF_RANGE = -409`. Values outside 0..=5 read from
/// the device are kept as [`FaceSubId::Unknown`] and refused when sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FaceSubId {
    /// 0: colour face.
    Color,
    /// 1: black and white face.
    BlackWhite,
    /// 2: colour face with glasses.
    ColorGlasses,
    /// 3: black and white face with glasses.
    BlackWhiteGlasses,
    /// 4: colour face, updated.
    ColorUpdated,
    /// 5: black and white face, updated.
    BlackWhiteUpdated,
    /// Any other value the device sent.
    Unknown(i64),
}

impl FaceSubId {
    /// Every valid sub id in order.
    pub const ALL: [FaceSubId; 6] = [
        FaceSubId::Color,
        FaceSubId::BlackWhite,
        FaceSubId::ColorGlasses,
        FaceSubId::BlackWhiteGlasses,
        FaceSubId::ColorUpdated,
        FaceSubId::BlackWhiteUpdated,
    ];

    /// The sub id for a number; only 0..=5 are valid.
    pub fn new(value: i64) -> Result<Self, ValidationError> {
        match Self::from_wire(value) {
            FaceSubId::Unknown(_) => Err(ValidationError::new("sub_id", "must be 0..=5")),
            ok => Ok(ok),
        }
    }

    fn from_wire(value: i64) -> Self {
        match value {
            0 => FaceSubId::Color,
            1 => FaceSubId::BlackWhite,
            2 => FaceSubId::ColorGlasses,
            3 => FaceSubId::BlackWhiteGlasses,
            4 => FaceSubId::ColorUpdated,
            5 => FaceSubId::BlackWhiteUpdated,
            other => FaceSubId::Unknown(other),
        }
    }

    /// The number on the wire.
    pub fn value(self) -> i64 {
        match self {
            FaceSubId::Color => 0,
            FaceSubId::BlackWhite => 1,
            FaceSubId::ColorGlasses => 2,
            FaceSubId::BlackWhiteGlasses => 3,
            FaceSubId::ColorUpdated => 4,
            FaceSubId::BlackWhiteUpdated => 5,
            FaceSubId::Unknown(v) => v,
        }
    }

    pub(crate) fn check(self) -> Result<(), ValidationError> {
        Self::new(self.value()).map(|_| ())
    }
}

impl Serialize for FaceSubId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.value())
    }
}

impl<'de> Deserialize<'de> for FaceSubId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let n = v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            .ok_or_else(|| {
                serde::de::Error::custom(format!("sub_id must be a number, found {v}"))
            })?;
        Ok(FaceSubId::from_wire(n))
    }
}

/// A face record **\[V\]** names from E5 `CMV_Model_Faces`; **\[I\]** that they equal the
/// EF-45 REST JSON. E4's guidance: roll within ±9° for enrolment, face score
/// above 0.45 and frontal score above 0.4 are recommended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Face {
    /// The owner.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub user_uuid: Option<UserUuid>,
    /// Which face.
    pub sub_id: FaceSubId,
    /// Distance between the eyes in pixels.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub face_eye_width: Option<i64>,
    /// Size of `face_feature` in bytes.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub face_feature_size: Option<i64>,
    /// Frontal score 0..1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub face_frontal_score: Option<f64>,
    /// Left eye x.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub face_left_eye_x: Option<i64>,
    /// Right eye x.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub face_right_eye_x: Option<i64>,
    /// Head roll in degrees.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub face_roll: Option<f64>,
    /// Face score.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub face_score: Option<f64>,
    /// LED state while captured (0 off, 1 on); note the wire name's capitals.
    #[serde(
        rename = "face_LED_state",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "access_core::lenient::optional"
    )]
    pub led_state: Option<i64>,
    /// The face template (base64) **\[I\]**.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_feature: Option<String>,
    /// Fields the documentation does not describe.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Face {
    /// A face of `user` with template `feature` (base64).
    pub fn new(
        user: UserUuid,
        sub_id: FaceSubId,
        feature: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        sub_id.check()?;
        let feature = feature.into();
        if feature.is_empty() {
            return Err(ValidationError::new("face_feature", "must not be empty"));
        }
        Ok(Self {
            user_uuid: Some(user),
            sub_id,
            face_eye_width: None,
            face_feature_size: None,
            face_frontal_score: None,
            face_left_eye_x: None,
            face_right_eye_x: None,
            face_roll: None,
            face_score: None,
            led_state: None,
            face_feature: Some(feature),
            extra: Map::new(),
        })
    }

    /// Sets the owner (faces from a capture carry none).
    pub fn user(mut self, user: UserUuid) -> Self {
        self.user_uuid = Some(user);
        self
    }
}

/// `GET /1.0/faces?page=&page_size=` **\[seed\]**: every face, paged (default 50 a
/// page; without `page`, the whole list).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ListFaces {
    paging: Paging,
}

impl ListFaces {
    /// The list with `paging`.
    pub fn new(paging: Paging) -> Self {
        Self { paging }
    }
}

access_core::endpoint! {
    impl Endpoint for ListFaces {
        name: "GET /faces",
        method: GET,
        path: "faces",
        output: Page<Face>,
        error: ListFacesError,
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
    /// Failures of `GET /faces` (see [`crate::error`] for how they are read).
    pub enum ListFacesError {
        /// The face does not exist (device codes -401, -403).
        NotFound = (_, code "-401" | code "-403") => NotFound,
    }
}

/// `POST /1.0/faces` **\[V\]** E3: add a face record (body: the face JSON).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AddFace {
    face: Face,
}

impl AddFace {
    /// Adds `face`; it needs an owner and a sub id 0..=5.
    pub fn new(face: Face) -> Result<Self, ValidationError> {
        let s = Self { face };
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ValidationError> {
        self.face.sub_id.check()?;
        if self.face.user_uuid.is_none() {
            return Err(ValidationError::new("user_uuid", "is required"));
        }
        Ok(())
    }
}

access_core::endpoint! {
    impl Endpoint for AddFace {
        name: "POST /faces",
        method: POST,
        path: "faces",
        output: Ack,
        error: AddFaceError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        body: |s| Body::json(&s.face),
        validate: |s| s.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `POST /faces` (see [`crate::error`] for how they are read).
    pub enum AddFaceError {
        /// The face does not exist (device codes -401, -403).
        NotFound = (_, code "-401" | code "-403") => NotFound,
    }
}

/// The answer of the per-user face calls: a list, or a single face object **\[I\]**.
fn decode_faces(r: access_core::http::Response) -> Result<Vec<Face>, access_core::DecodeError> {
    let v: Value = r.json()?;
    let items = match v {
        Value::Array(_) => v,
        Value::Object(ref o) if o.contains_key("items") => o["items"].clone(),
        Value::Object(ref o) if o.contains_key("faces") => o["faces"].clone(),
        Value::Object(_) => Value::Array(vec![v]),
        other => other,
    };
    let bytes = serde_json::to_vec(&items).unwrap_or_default();
    access_core::http::decode_json(r.status, &bytes)
}

/// The answer of [`GetFace`]: the face with `sub_id`, sent alone or in a list **\[I\]**;
/// an answer without it is a decode error.
fn decode_one_face(
    r: access_core::http::Response,
    sub_id: FaceSubId,
) -> Result<Face, access_core::DecodeError> {
    let status = r.status;
    decode_faces(r)?
        .into_iter()
        .find(|f| f.sub_id == sub_id)
        .ok_or_else(|| {
            access_core::DecodeError::new(
                status,
                ".",
                format!("the answer holds no face with sub_id {}", sub_id.value()),
                b"",
            )
        })
}

/// `GET /1.0/faces/{user_uuid}[?subId=n]` **\[seed\]** URL: a user's faces, or only
/// the one with `subId`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FacesOfUser {
    user: UserUuid,
    sub_id: Option<FaceSubId>,
}

impl FacesOfUser {
    /// All faces of `user`.
    pub fn new(user: UserUuid) -> Self {
        Self { user, sub_id: None }
    }

    /// Only the face `sub_id`.
    pub fn sub_id(mut self, sub_id: FaceSubId) -> Self {
        self.sub_id = Some(sub_id);
        self
    }
}

access_core::endpoint! {
    impl Endpoint for FacesOfUser {
        name: "GET /faces/{user_uuid}",
        method: GET,
        path: |s| format!("faces/{}", segment(s.user.as_str())),
        output: Vec<Face>,
        error: FacesOfUserError,
        idempotent: true,
        decode: |_s, r| decode_faces(r),
        query: |s| {
            let mut q = Query::new();
            q.push_opt("subId", s.sub_id.map(FaceSubId::value));
            q
        },
        validate: |s| s.sub_id.map(FaceSubId::check).unwrap_or(Ok(())),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /faces/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum FacesOfUserError {
        /// The face does not exist (device codes -401, -403).
        NotFound = (_, code "-401" | code "-403") => NotFound,
    }
}

/// `GET /1.0/faces/{user_uuid}?subId=n`: one face. **\[seed\]** lists an operation with
/// `user_uuid` and a required `sub_id` but shows no URL for it; its placement
/// follows the seed's URL examples of the same path (`/faces/{user_uuid}?lock_uid=..&subId=1`):
/// the user in the path, the sub id as the query parameter `subId` **\[I\]**. The
/// answer is a single face or a one-element list; both are read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GetFace {
    user: UserUuid,
    sub_id: FaceSubId,
}

impl GetFace {
    /// The face `sub_id` of `user`.
    pub fn new(user: UserUuid, sub_id: FaceSubId) -> Result<Self, ValidationError> {
        sub_id.check()?;
        Ok(Self { user, sub_id })
    }
}

access_core::endpoint! {
    impl Endpoint for GetFace {
        name: "GET /faces/{user_uuid}?subId",
        method: GET,
        path: |s| format!("faces/{}", segment(s.user.as_str())),
        output: Face,
        error: GetFaceError,
        idempotent: true,
        decode: |s, r| decode_one_face(r, s.sub_id),
        query: |s| {
            let mut q = Query::new();
            q.push("subId", s.sub_id.value());
            q
        },
        validate: |s| s.sub_id.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `GET /faces/{user_uuid}?subId=n` (see [`crate::error`] for how they are read).
    pub enum GetFaceError {
        /// The face does not exist (device codes -401, -403).
        NotFound = (_, code "-401" | code "-403") => NotFound,
    }
}

/// `DELETE /1.0/faces/{user_uuid}?subId=n` **\[seed\]** URL example; **\[I\]** method: delete
/// one face ("one face info deleted at a time").
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeleteFace {
    user: UserUuid,
    sub_id: FaceSubId,
}

impl DeleteFace {
    /// Deletes the face `sub_id` of `user`.
    pub fn new(user: UserUuid, sub_id: FaceSubId) -> Result<Self, ValidationError> {
        sub_id.check()?;
        Ok(Self { user, sub_id })
    }
}

access_core::endpoint! {
    impl Endpoint for DeleteFace {
        name: "DELETE /faces/{user_uuid}",
        method: DELETE,
        path: |s| format!("faces/{}", segment(s.user.as_str())),
        output: Ack,
        error: DeleteFaceError,
        idempotent: false,
        decode: |_s, r| Ack::decode(r),
        query: |s| {
            let mut q = Query::new();
            q.push("subId", s.sub_id.value());
            q
        },
        validate: |s| s.sub_id.check(),
    }
}

crate::error::device_errors! {
    /// Failures of `DELETE /faces/{user_uuid}` (see [`crate::error`] for how they are read).
    pub enum DeleteFaceError {
        /// The face does not exist (device codes -401, -403).
        NotFound = (_, code "-401" | code "-403") => NotFound,
    }
}

/// Face calls of a [`Client`]: `client.faces()`.
#[derive(Debug, Clone, Copy)]
pub struct Faces<'a>(&'a Client);

impl Client {
    /// Faces (`/faces`).
    pub fn faces(&self) -> Faces<'_> {
        Faces(self)
    }
}

impl<'a> Faces<'a> {
    /// `GET /faces`: one page (or, with [`Paging::all`], the whole list).
    pub async fn page(self, paging: Paging) -> Result<Page<Face>, Error<ListFacesError>> {
        self.0.send(&ListFaces::new(paging)).await
    }

    /// Every face, `page_size` rows a request, through the bounded [`Pager`]
    /// (pages keyed by `user_uuid` and `sub_id`).
    pub fn pager(self, page_size: u32) -> Pager<'a, Face, ListFacesError> {
        let client = self.0;
        pager(
            page_size,
            |f: &Face| (f.user_uuid.clone(), f.sub_id.value()),
            move |p| async move { client.send(&ListFaces::new(p)).await },
        )
    }

    /// Every face as a stream (`pager(page_size).stream()`).
    pub fn stream(self, page_size: u32) -> BoxStream<'a, Result<Face, Error<ListFacesError>>> {
        self.pager(page_size).stream()
    }

    /// Every face (`pager(page_size).all()`).
    pub async fn all(self, page_size: u32) -> Result<Vec<Face>, Error<ListFacesError>> {
        self.pager(page_size).all().await
    }

    /// `GET /faces/{user_uuid}`: a user's faces (or only the one the request's
    /// `sub_id` names).
    pub async fn of_user(self, request: FacesOfUser) -> Result<Vec<Face>, Error<FacesOfUserError>> {
        self.0.send(&request).await
    }

    /// `GET /faces/{user_uuid}?subId=n`: one face.
    pub async fn get(
        self,
        user: &UserUuid,
        sub_id: FaceSubId,
    ) -> Result<Face, Error<GetFaceError>> {
        self.0.send(&GetFace::new(user.clone(), sub_id)?).await
    }

    /// `POST /faces`: adds a face.
    pub async fn add(self, face: Face) -> Result<Ack, Error<AddFaceError>> {
        self.0.send(&AddFace::new(face)?).await
    }

    /// `DELETE /faces/{user_uuid}?subId=n`: deletes one face.
    pub async fn delete(
        self,
        user: &UserUuid,
        sub_id: FaceSubId,
    ) -> Result<Ack, Error<DeleteFaceError>> {
        self.0.send(&DeleteFace::new(user.clone(), sub_id)?).await
    }
}
