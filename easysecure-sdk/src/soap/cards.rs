//! Cards: `updateCard` and the [`Cards`] handle (`soap.cards()`).

use access_core::model::CardNumber;
use access_core::{Error, ValidationError};

use super::client::{CompanyKey, SOAP_PATH, SoapClient};
use super::error::{Classify, decode_ok};
use super::wire::{self, Params, TextPolicy, latin1};
use super::xml::Param;
use crate::WsAltUserId;

crate::soap::error::esws_errors! {
    /// Failures of `updateCard` **\[V\]** D updateCard.php.
    pub enum UpdateCardError {
        /// `NO_WS_ALT_USER_ID_INFOFIELD_SET`: the company has no info label with
        /// the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = (200, code "NO_WS_ALT_USER_ID_INFOFIELD_SET") => InvalidInput,
        /// `NO_ID_RECEIVED`: no `p_wsAltUserId` was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `CAN_NOT_SAVE_USER`: the user could not be saved.
        CanNotSaveUser = (200, code "CAN_NOT_SAVE_USER") => Other,
        /// `CARD_NOT_SUPPORTED`: the card type is not supported.
        CardNotSupported = (200, code "CARD_NOT_SUPPORTED") => InvalidInput,
        /// `CARD_NOT_VALID`: the card number is not valid.
        CardNotValid = (200, code "CARD_NOT_VALID") => InvalidInput,
        /// `CARD_EXISTS_FOR_AN_OTHER_USER`: another user already holds this card.
        CardExistsForAnOtherUser = (200, code "CARD_EXISTS_FOR_AN_OTHER_USER") => Conflict,
        /// `NO_USER_FOUND_WITH_WSALTUSERID`: no user has this wsAltUserId.
        NoUserFoundWithWsAltUserId = (200, code "NO_USER_FOUND_WITH_WSALTUSERID") => NotFound,
        /// `NO_INFO_FOUND_WITH_WSALTUSERID`: no info record holds this
        /// wsAltUserId (kind `InvalidInput`: the enum's one `NotFound` is the
        /// missing user).
        NoInfoFoundWithWsAltUserId = (200, code "NO_INFO_FOUND_WITH_WSALTUSERID") => InvalidInput,
    }
}

/// `Esws.updateCard`: sets or deletes the card of the user with this
/// wsAltUserId **\[V\]** D updateCard.php. `p_usbCardId` is the decimal value a
/// USB desktop reader types; an empty value deletes the card. Answers `OK` or an
/// error code. Not idempotent: never retried.
#[derive(Debug, Clone)]
pub struct UpdateCard {
    key: CompanyKey,
    alt_id: WsAltUserId,
    usb_card_id: String,
}

impl UpdateCard {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "updateCard";

    /// Sets the card, given as decimal digits or as hex pairs (`65 D8 A1 BD`,
    /// converted to decimal); refuses a number that has no decimal form.
    pub fn new(
        key: &CompanyKey,
        alt_id: WsAltUserId,
        card: &CardNumber,
    ) -> Result<Self, ValidationError> {
        let decimal = card.to_decimal().ok_or_else(|| {
            ValidationError::new(
                "p_usbCardId",
                "must be the card's decimal number (or hex pairs to convert)",
            )
        })?;
        Ok(Self {
            key: key.clone(),
            alt_id,
            usb_card_id: decimal,
        })
    }

    /// Deletes the user's card (sends an empty `p_usbCardId`).
    pub fn delete(key: &CompanyKey, alt_id: WsAltUserId) -> Self {
        Self {
            key: key.clone(),
            alt_id,
            usb_card_id: String::new(),
        }
    }

    /// Whether this request deletes the card.
    pub fn is_delete(&self) -> bool {
        self.usb_card_id.is_empty()
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            (
                "p_wsAltUserId",
                Param::text(latin1(
                    "p_wsAltUserId",
                    self.alt_id.as_str(),
                    TextPolicy::Refuse,
                )?),
            ),
            ("p_usbCardId", Param::text(self.usb_card_id.clone())),
        ])
    }
}

const UPDATE_CARD_ERRORS: Classify<UpdateCardError> = Classify::<UpdateCardError>::new();

access_core::endpoint! {
    impl Endpoint for UpdateCard {
        name: "ESWS Esws.updateCard",
        method: POST,
        path: |_| SOAP_PATH,
        output: (),
        error: UpdateCardError,
        idempotent: false,
        authenticated: false,
        outcome: |_, r| decode_ok(Self::FUNCTION, &r, &UPDATE_CARD_ERRORS),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| {
            if !s.usb_card_id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ValidationError::new("p_usbCardId", "must be decimal digits"));
            }
            s.params().map(|_| ())
        },
        secrets: |s| wire::secrets(s.params()),
    }
}

/// Card calls of a [`SoapClient`]: `soap.cards()`.
#[derive(Debug, Clone, Copy)]
pub struct Cards<'a>(&'a SoapClient);

impl SoapClient {
    /// Cards (`updateCard`).
    pub fn cards(&self) -> Cards<'_> {
        Cards(self)
    }
}

impl Cards<'_> {
    /// `updateCard`: gives the user this card (decimal, or hex pairs converted).
    pub async fn set(
        self,
        alt_id: WsAltUserId,
        card: &CardNumber,
    ) -> Result<(), Error<UpdateCardError>> {
        self.0
            .send(&UpdateCard::new(self.0.key(), alt_id, card)?)
            .await
    }

    /// `updateCard` with an empty card: deletes the user's card.
    pub async fn delete(self, alt_id: WsAltUserId) -> Result<(), Error<UpdateCardError>> {
        self.0.send(&UpdateCard::delete(self.0.key(), alt_id)).await
    }
}
