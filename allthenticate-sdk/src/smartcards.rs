//! Smartcards and PINs ("Create PIN/SmartCard for users" in the quickstart **\[seed\]**).

use access_core::http::Body;
use access_core::{Error, ValidationError};
use serde::Serialize;

use crate::model::{Smartcard, Success};
use crate::{Client, EmailId};

crate::error::allthenticate_errors! {
    /// Failures of `PUT /modifysmartcards`: one endpoint-specific row, then the
    /// general rows (see [`crate::error`]).
    pub enum ModifySmartcardsError {
        /// A card number is already owned by someone else in the organisation and
        /// `allow_duplicates` was not set **\[I\]** the seed documents the flag, not the
        /// message; recognised by the word "duplicate".
        DuplicateSmartcard = (400 | 409, contains "duplicate") => Conflict,
    }
}

/// `PUT /modifysmartcards`: sets the smartcards (or PINs) of a member **\[seed\]**.
///
/// * `email_id` (required): the member.
/// * `smartcards` (required): a **serialized** JSON array (a string holding
///   `[{"number": "<integer string>", "label": "..."}]`) **\[seed\]**. May be empty:
///   `"[]"` clears the member's cards **\[I\]**.
/// * `allow_duplicates`: allow a number someone else in the organisation owns.
///
/// **The list replaces the member's cards** **\[I\]**. The seed does not say whether
/// the call replaces or adds, nor how cards are removed. It is a `PUT` (which replaces
/// the target's state) of a *required* array, and it is the only documented endpoint
/// that writes a member's cards: only if the array is the member's whole set can a card
/// ever be removed, so the SDK and the simulator read it that way, and an empty array
/// clears the cards ([`ModifySmartcards::clear`]). To add a card, send the cards the
/// member keeps as well. Not idempotent (never retried).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ModifySmartcards {
    email_id: EmailId,
    smartcards: Vec<Smartcard>,
    allow_duplicates: Option<bool>,
}

impl ModifySmartcards {
    /// Sets the cards of the member `email_id` to `cards` (replacing the ones it
    /// has; an empty list clears them **\[I\]**).
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

    /// Removes every card of the member `email_id`: `smartcards` is `"[]"` **\[I\]**.
    pub fn clear(email_id: EmailId) -> Self {
        Self {
            email_id,
            smartcards: Vec::new(),
            allow_duplicates: None,
        }
    }

    /// The cards the member will hold afterwards (empty: none).
    pub fn cards(&self) -> &[Smartcard] {
        &self.smartcards
    }

    fn check(&self) -> Result<(), ValidationError> {
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
        name: "PUT /modifysmartcards",
        method: PUT,
        path: "modifysmartcards",
        output: Success,
        error: ModifySmartcardsError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| s.wire_body(),
        validate: |s| s.check(),
        secrets: |s| crate::model::card_secrets(&s.smartcards),
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
    /// `PUT /modifysmartcards`: the member's cards become the request's list.
    pub async fn assign(
        self,
        request: ModifySmartcards,
    ) -> Result<Success, Error<ModifySmartcardsError>> {
        self.0.send(&request).await
    }

    /// `PUT /modifysmartcards` with `smartcards: "[]"`: removes every card of the
    /// member `email_id` **\[I\]**.
    pub async fn clear(self, email_id: EmailId) -> Result<Success, Error<ModifySmartcardsError>> {
        self.0.send(&ModifySmartcards::clear(email_id)).await
    }
}
