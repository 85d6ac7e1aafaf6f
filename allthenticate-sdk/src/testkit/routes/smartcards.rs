//! `PUT /modifysmartcards` (the SDK's `smartcards` module) **\[seed\]**.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::{Value, json};

use super::{SimApi, body, cards, check_duplicates, flag, refused};

/// `PUT /modifysmartcards {email_id, smartcards: "<serialized JSON array>",
/// allow_duplicates?}`: the list replaces the member's cards, and `"[]"` clears
/// them **\[I\]** (a `PUT` of the required whole array; the only documented
/// endpoint that writes cards, so the only way to remove one). A number listed
/// twice keeps its first place and its last label; a number someone else holds is
/// refused unless `allow_duplicates` **\[I\]**.
pub(super) fn modify(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let b = body(req)?;
    let Some(email_id) = b.get("email_id").and_then(Value::as_i64) else {
        return refused("email_id is required");
    };
    let given = match b.get("smartcards") {
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(v) => cards(&v)?,
            Err(_) => return refused("smartcards must be a serialized JSON array"),
        },
        _ => return refused("smartcards must be a serialized JSON array"),
    };
    let allow = flag(b.get("allow_duplicates")).unwrap_or(false);
    let mut s = api.state();
    if s.user(email_id).is_none() {
        return Err(SimError::not_found(format!("User {email_id} not found")));
    }
    check_duplicates(&s, Some(email_id), &given, allow)?;
    s.set_cards(email_id, &given);
    Ok(SimAnswer::json(
        &json!({"success": "Smartcards have been successfully updated!"}),
    ))
}
