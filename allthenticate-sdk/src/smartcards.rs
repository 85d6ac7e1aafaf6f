//! Smartcards and PINs ("Create PIN/SmartCard for users" in the quickstart **\[seed\]**).

use access_core::http::Body;
use access_core::{Error, ValidationError};
use serde::Serialize;

use crate::model::{Smartcard, Success};
use crate::{Client, EmailId};

access_core::error_enum! {
    /// Failures of `PUT /modifysmartcards`: one endpoint-specific row, then the
    /// general rows (see [`crate::error`]).
    pub enum ModifySmartcardsError for crate::error::AllthenticateErrorBody {
        /// A card number is already owned by someone else in the organisation and
        /// `allow_duplicates` was not set **\[I\]** the seed documents the flag, not the
        /// message; recognised by the word "duplicate".
        DuplicateSmartcard = (400 | 409, contains "duplicate") => Conflict,
        /// 400 or 422: the vendor refused the parameters **\[V\]** quickstart ("400 or 500 on failure").
        Refused = (400 | 422, any) => InvalidInput,
        /// 401 or 403: the API key is missing, wrong, expired, or lacks the
        /// privilege the endpoint needs **\[I\]**.
        Unauthorized = (401 | 403, any) => Auth,
        /// 404: the user, group or resource addressed does not exist **\[I\]**.
        NotFound = (404, any) => NotFound,
        /// 409: the request conflicts with the organisation's state **\[I\]**.
        Conflict = (409, any) => Conflict,
        /// 429: slow down **\[I\]** (no rate limits are documented).
        RateLimited = (429, any) => RateLimited,
        /// 502 to 504: the service or a gateway before it is unavailable; trying
        /// again later may help **\[I\]**.
        Unavailable = (502..=504, any) => Transient,
        /// Any other 5xx **\[V\]** quickstart ("400 or 500 on failure").
        Server = (500 | 501 | 505..=599, any) => Other,
    }
}

/// `PUT /modifysmartcards`: assigns smartcards (or PINs) to a member **\[seed\]**.
///
/// * `email_id` (required): the member.
/// * `smartcards` (required): a **serialized** JSON array (a string holding
///   `[{"number": "<integer string>", "label": "..."}]`) **\[seed\]**.
/// * `allow_duplicates`: allow a number someone else in the organisation owns.
///
/// Whether the call replaces or adds to the member's cards is not documented; the
/// simulator adds (and relabels a number already held) **\[I\]**. Not idempotent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ModifySmartcards {
    email_id: EmailId,
    smartcards: Vec<Smartcard>,
    allow_duplicates: Option<bool>,
}

impl ModifySmartcards {
    /// Assigns `cards` (at least one) to the member `email_id`.
    pub fn new(
        email_id: EmailId,
        cards: impl IntoIterator<Item = Smartcard>,
    ) -> Result<Self, ValidationError> {
        let m = Self {
            email_id,
            smartcards: cards.into_iter().collect(),
            allow_duplicates: None,
        };
        m.check()?;
        Ok(m)
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.smartcards.is_empty() {
            return Err(ValidationError::new(
                "smartcards",
                "at least one card is required",
            ));
        }
        for c in &self.smartcards {
            Smartcard::new(c.number.clone())?;
        }
        Ok(())
    }

    fn wire_body(&self) -> Result<Body, ValidationError> {
        let serialized = serde_json::to_string(&self.smartcards)
            .map_err(|e| ValidationError::new("smartcards", e.to_string()))?;
        Body::json(&ModifyBody {
            email_id: self.email_id,
            smartcards: serialized,
            allow_duplicates: self.allow_duplicates,
        })
    }

    /// `allow_duplicates`.
    pub fn allow_duplicates(mut self, allow: bool) -> Self {
        self.allow_duplicates = Some(allow);
        self
    }
}

#[derive(Serialize)]
struct ModifyBody {
    email_id: EmailId,
    smartcards: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    allow_duplicates: Option<bool>,
}

access_core::endpoint! {
    impl Endpoint for ModifySmartcards {
        method: PUT,
        name: "PUT /modifysmartcards",
        path: "modifysmartcards",
        output: Success,
        error: ModifySmartcardsError,
        idempotent: false,
        secrets: |s| crate::model::card_secrets(&s.smartcards),
        validate: |s| s.check(),
        body: |s| s.wire_body(),
        decode: |_, r| r.json(),
    }
}

/// Smartcard calls of a [`Client`]: `client.smartcards()`.
#[derive(Debug, Clone, Copy)]
pub struct Smartcards<'a>(&'a Client);

impl Client {
    /// Smartcards and PINs (`/modifysmartcards`).
    pub fn smartcards(&self) -> Smartcards<'_> {
        Smartcards(self)
    }
}

impl Smartcards<'_> {
    /// `PUT /modifysmartcards`.
    pub async fn assign(
        self,
        request: ModifySmartcards,
    ) -> Result<Success, Error<ModifySmartcardsError>> {
        self.0.send(&request).await
    }
}
