//! `POST /magiclinkadmin` (the SDK's `guest_links` module) **\[seed\]**.

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::{SimApi, body, cards, check_duplicates, flag, ids, refused};
use crate::testkit::state::{MagicLink, ResourceKind, Schedule};

/// The vendor's time format, `YYYY-MM-DD hh:mm:ss` (UTC) **\[seed\]**.
const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

fn time(b: &Value, field: &str) -> Result<Option<NaiveDateTime>, SimError> {
    let bad = || SimError::bad_request(format!("{field} must be YYYY-MM-DD hh:mm:ss"));
    match b.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(t)) => NaiveDateTime::parse_from_str(t, TIME_FORMAT)
            .map(Some)
            .map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

/// `POST /magiclinkadmin {email_list, resource_id_list, end_time, name,
/// start_time?, send_email?, config_id?, smartcards?, allow_duplicates?,
/// time_mapping?}`: a temporary policy and its magic link. The resources must
/// be doors ("These must be doors!"), the start (default now) before the end
/// (default never), one card per guest; unknown guests become guest users.
pub(super) fn create(api: &SimApi, req: &SimRequest<'_>) -> SimResult {
    let b = body(req)?;
    let emails: Vec<String> = match b.get("email_list") {
        Some(Value::Array(e)) if !e.is_empty() => e
            .iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect(),
        _ => return refused("email_list is required"),
    };
    let doors = ids(b.get("resource_id_list"), "resource_id_list")?;
    if doors.is_empty() {
        return refused("resource_id_list is required");
    }
    let start = time(&b, "start_time")?.unwrap_or(api.now().naive_utc());
    let end = time(&b, "end_time")?.unwrap_or(NaiveDateTime::MAX);
    if start >= end {
        return refused("start_time must be before end_time");
    }
    let name = b
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if name.trim().is_empty() {
        return refused("name is required");
    }
    let schedule = match b.get("time_mapping") {
        None | Some(Value::Null) => Schedule::always(),
        Some(v) => Schedule::parse(v)
            .map_err(|e| SimError::bad_request(format!("time_mapping is invalid: {e}")))?,
    };
    let per_guest = match b.get("smartcards") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let c = cards(v)?;
            if c.len() != emails.len() {
                return refused("smartcards must map 1-1 to email_list");
            }
            Some(c)
        }
    };
    let allow = flag(b.get("allow_duplicates")).unwrap_or(false);
    let send_email = flag(b.get("send_email")).unwrap_or(true);
    let config_id = b.get("config_id").and_then(Value::as_i64).unwrap_or(1);
    let mut s = api.state();
    for id in &doors {
        match s.resource(*id) {
            Some(r) if r.kind == ResourceKind::Door => {}
            Some(_) => return refused(format!("Resource {id} is not a door")),
            None => return Err(SimError::not_found(format!("Resource {id} not found"))),
        }
    }
    if let Some(c) = &per_guest {
        for (email, card) in emails.iter().zip(c) {
            check_duplicates(&s, s.email_id_of(email), std::slice::from_ref(card), allow)?;
        }
    }
    let mut email_ids = serde_json::Map::new();
    for (i, email) in emails.iter().enumerate() {
        let id = match s.email_id_of(email) {
            Some(id) => id,
            None => s.add_member(email, true),
        };
        if let Some(c) = &per_guest {
            s.give_cards(id, std::slice::from_ref(&c[i]));
        }
        email_ids.insert(email.clone(), json!(id));
    }
    let id = s.next_link_id();
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    s.add_link(MagicLink {
        id,
        token: token.clone(),
        name,
        emails,
        resource_ids: doors,
        start,
        end,
        schedule,
        config_id,
        send_email,
    });
    Ok(SimAnswer::json(&json!({
        "success": "Successfully created a new temporary policy and magic link.",
        "magic_token": token,
        "email_ids": email_ids,
        "config_id": config_id,
        "magic_link_id": id,
    })))
}

/// A guest presents `token` at `door` now (the clock's time): the door
/// unlocks for 5 s when the link covers the door, the window (from
/// `start_time`, before `end_time`) and the schedule (`time_mapping`, by the
/// UTC weekday and hour).
pub(crate) fn open(api: &SimApi, token: &str, door: i64) -> crate::testkit::GuestEntry {
    use crate::testkit::GuestEntry;
    use chrono::{Datelike, Timelike};
    let now = api.now();
    let mut s = api.state();
    let Some(link) = s.link_by_token(token) else {
        return GuestEntry::UnknownToken;
    };
    if !link.resource_ids.contains(&door) {
        return GuestEntry::WrongDoor;
    }
    let naive = now.naive_utc();
    if naive < link.start {
        return GuestEntry::NotYetValid;
    }
    if naive >= link.end {
        return GuestEntry::Expired;
    }
    let day = now.weekday().num_days_from_sunday() as usize;
    if !link.schedule.allows(day, now.hour() as u8) {
        return GuestEntry::OutsideSchedule;
    }
    if let Some(r) = s.resource_mut(door) {
        r.locked = false;
        r.pending_lock_at = Some(now + chrono::Duration::seconds(5));
    }
    GuestEntry::Granted
}
