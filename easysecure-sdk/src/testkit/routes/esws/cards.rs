//! ESWS cards: `updateCard`.

use access_core::testkit::{SimRequest, SimResult};

use super::super::Sim;
use super::{Ret, answer};

/// `updateCard(p_companyID, p_wsAltUserId, p_usbCardId)`: the decimal number a
/// USB reader types (`""` deletes the card); another user's card is
/// `CARD_EXISTS_FOR_AN_OTHER_USER` (found through the card index).
pub(in super::super) fn update_card(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let ws = match x.existing_alt_user() {
            Ok(ws) => ws,
            Err(r) => return r,
        };
        let card = x.call.get("p_usbCardId").to_string();
        if !card.bytes().all(|b| b.is_ascii_digit()) {
            return Ret::text("CARD_NOT_VALID");
        }
        if x.company.card_owner(&card).is_some_and(|o| o != ws) {
            return Ret::text("CARD_EXISTS_FOR_AN_OTHER_USER");
        }
        x.company.set_card(&ws, &card);
        Ret::text("OK")
    })
}
