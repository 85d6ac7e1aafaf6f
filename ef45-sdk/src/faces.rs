//! Faces: the face templates of each user, up to six per user (`sub_id` 0..=5).

use access_core::ValidationError;
use access_core::http::{Body, segment};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::RecordError;
use crate::macros::endpoint;
use crate::types::{Ack, Page, Paging, UserUuid};

/// Which face of a user (`sub_id`) [seed: 0..5 with these meanings; E4 has
/// `UMXDB_ERROR_FACE_SUBID_OUT_OF_RANGE = -409`]. Values outside 0..=5 read from
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

/// A face record [V names from E5 `CMV_Model_Faces`; I that they equal the
/// EF-45 REST JSON]. E4's guidance: roll within ±9° for enrolment, face score
/// above 0.45 and frontal score above 0.4 are recommended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Face {
    /// The owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_uuid: Option<UserUuid>,
    /// Which face.
    pub sub_id: FaceSubId,
    /// Distance between the eyes in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_eye_width: Option<i64>,
    /// Size of `face_feature` in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_feature_size: Option<i64>,
    /// Frontal score 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_frontal_score: Option<f64>,
    /// Left eye x.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_left_eye_x: Option<i64>,
    /// Right eye x.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_right_eye_x: Option<i64>,
    /// Head roll in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_roll: Option<f64>,
    /// Face score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_score: Option<f64>,
    /// LED state while captured (0 off, 1 on); note the wire name's capitals.
    #[serde(
        rename = "face_LED_state",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub led_state: Option<i64>,
    /// The face template (base64) \[I\].
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
    pub fn with_user(mut self, user: UserUuid) -> Self {
        self.user_uuid = Some(user);
        self
    }
}

/// `GET /1.0/faces?page=&page_size=` \[seed\]: every face, paged (default 50 a
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

endpoint! {
    ListFaces: GET "GET /faces",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = Page<Face>,
    path = |_s| "faces",
    query = |s, q| { s.paging.push(&mut q); },
    validate = |s| { s.paging.validate() },
    decode = |_s, r| r.json(),
}

/// `POST /1.0/faces` [V, E3]: add a face record (body: the face JSON).
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

endpoint! {
    AddFace: POST "POST /faces",
    idempotent = false,
    auth = true,
    error = RecordError,
    output = Ack,
    path = |_s| "faces",
    body = |s| Body::json(&s.face),
    validate = |s| { s.check() },
    decode = |_s, r| Ack::decode(r),
}

/// The answer of the per-user face calls: a list, or a single face object \[I\].
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

/// `GET /1.0/faces/{user_uuid}[?subId=n]` [seed URL]: a user's faces, or only
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

endpoint! {
    FacesOfUser: GET "GET /faces/{user_uuid}",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = Vec<Face>,
    path = |s| format!("faces/{}", segment(s.user.as_str())),
    query = |s, q| { q.push_opt("subId", s.sub_id.map(FaceSubId::value)); },
    validate = |s| { s.sub_id.map(FaceSubId::check).unwrap_or(Ok(())) },
    decode = |_s, r| decode_faces(r),
}

/// `GET /1.0/faces/{user_uuid}/{sub_id}` [I path; seed lists an operation with
/// `user_uuid` and a required `sub_id`]: one face.
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

endpoint! {
    GetFace: GET "GET /faces/{user_uuid}/{sub_id}",
    idempotent = true,
    auth = true,
    error = RecordError,
    output = Face,
    path = |s| format!("faces/{}/{}", segment(s.user.as_str()), s.sub_id.value()),
    validate = |s| { s.sub_id.check() },
    decode = |_s, r| r.json(),
}

/// `DELETE /1.0/faces/{user_uuid}?subId=n` [seed URL example; I method]: delete
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

endpoint! {
    DeleteFace: DELETE "DELETE /faces/{user_uuid}",
    idempotent = false,
    auth = true,
    error = RecordError,
    output = Ack,
    path = |s| format!("faces/{}", segment(s.user.as_str())),
    query = |s, q| { q.push("subId", s.sub_id.value()); },
    validate = |s| { s.sub_id.check() },
    decode = |_s, r| Ack::decode(r),
}
