//! Test endpoints: what a vendor crate writes for each documented endpoint.
#![allow(dead_code)]

use std::borrow::Cow;

use access_core::http::{Body, Endpoint, Method, Query, Response, segment};
use access_core::{DecodeError, ErrorKind, ServiceError, ValidationError};
use serde::{Deserialize, Serialize};

/// The documented failures of the test API: JSON `{"message": ...}` bodies.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum ThingError {
    #[error("thing not found")]
    NotFound,
    #[error("HTTP {status}: {message}")]
    Unknown { status: u16, message: String },
}

#[derive(Deserialize)]
struct Message {
    message: String,
}

impl ServiceError for ThingError {
    fn from_response(r: &Response) -> Option<Self> {
        let m: Message = r.json().ok()?;
        Some(match (r.status, m.message.as_str()) {
            (404, "Thing not found") => ThingError::NotFound,
            (status, _) => ThingError::Unknown {
                status,
                message: m.message,
            },
        })
    }
    fn kind(&self) -> ErrorKind {
        match self {
            ThingError::NotFound => ErrorKind::NotFound,
            // The one rule of every vendor: an undocumented failure is classed
            // by its status.
            ThingError::Unknown { status, .. } => ErrorKind::from_status(*status),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thing {
    pub id: u32,
    pub name: String,
}

/// `GET /things/{id}`: a read, so idempotent. The whole endpoint in a few lines.
pub struct GetThing(pub String);

impl Endpoint for GetThing {
    type Output = Thing;
    type Error = ThingError;
    const METHOD: Method = Method::GET;
    const NAME: &'static str = "GET /things/{id}";
    const IDEMPOTENT: bool = true;
    fn path(&self) -> Cow<'_, str> {
        format!("things/{}", segment(&self.0)).into()
    }
    fn decode(&self, r: Response) -> Result<Thing, DecodeError> {
        r.json()
    }
}

/// `GET /things`: a list with repeated `id` query keys; 204 means none.
pub struct ListThings(pub Vec<u32>);

impl Endpoint for ListThings {
    type Output = Option<Vec<Thing>>;
    type Error = ThingError;
    const METHOD: Method = Method::GET;
    const NAME: &'static str = "GET /things";
    const IDEMPOTENT: bool = true;
    fn path(&self) -> Cow<'_, str> {
        "/things".into()
    }
    fn query(&self) -> Query {
        let mut q = Query::new();
        for id in &self.0 {
            q.push("id", id);
        }
        q
    }
    fn decode(&self, r: Response) -> Result<Self::Output, DecodeError> {
        r.json_or_empty()
    }
}

/// `POST /doors/{id}/unlock`: opens a door, so never retried.
pub struct Unlock {
    pub door: String,
    pub seconds: u32,
}

impl Unlock {
    pub fn new(door: &str, seconds: u32) -> Result<Self, ValidationError> {
        let u = Self {
            door: door.to_string(),
            seconds,
        };
        u.validate()?;
        Ok(u)
    }
}

impl Endpoint for Unlock {
    type Output = ();
    type Error = ThingError;
    const METHOD: Method = Method::POST;
    const NAME: &'static str = "POST /doors/{id}/unlock";
    const IDEMPOTENT: bool = false;
    fn path(&self) -> Cow<'_, str> {
        format!("doors/{}/unlock", segment(&self.door)).into()
    }
    fn validate(&self) -> Result<(), ValidationError> {
        if !(5..=60).contains(&self.seconds) {
            return Err(ValidationError::new(
                "unlock_time",
                "must be 5 to 60 seconds",
            ));
        }
        Ok(())
    }
    fn body(&self) -> Result<Body, ValidationError> {
        Body::json(&serde_json::json!({ "unlock_time": self.seconds }))
    }
    fn decode(&self, r: Response) -> Result<(), DecodeError> {
        r.empty()
    }
}

/// `POST /forms`: a form body.
pub struct SubmitForm(pub Vec<(String, String)>);

impl Endpoint for SubmitForm {
    type Output = ();
    type Error = ThingError;
    const METHOD: Method = Method::POST;
    const NAME: &'static str = "POST /forms";
    const IDEMPOTENT: bool = false;
    fn path(&self) -> Cow<'_, str> {
        "forms".into()
    }
    fn body(&self) -> Result<Body, ValidationError> {
        Ok(Body::Form(self.0.clone()))
    }
    fn decode(&self, r: Response) -> Result<(), DecodeError> {
        r.empty()
    }
}
