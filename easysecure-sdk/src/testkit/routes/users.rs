//! Users (admin path): `getUsers`, `setUsers`, `setWsAltUserId`,
//! `syncUserToFirebase`.
//!
//! Users are keyed by `wsAltUserId` (`setUsers` updates the user with that id
//! or creates one) and written with getUsersObject's names, every value a
//! string. `getUsers` pages by 1000 in EasySecure id order and filters by id
//! through the id index.

use access_core::testkit::{SimRequest, SimResult};
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::Sim;
use super::body::{date, flag, flag_text, opt_time, refuse, refused, text};
use crate::testkit::state::{SimUser, UserChanges};

/// How many users a `getUsers` page holds.
const PAGE: usize = 1000;

/// A user as `getUsers` answers it.
fn user_json(u: &SimUser) -> Value {
    let mut m = Map::new();
    m.insert("UserId".into(), json!(u.user_id.to_string()));
    m.insert("wsAltUserId".into(), json!(u.ws_alt_user_id));
    m.insert("PIN".into(), json!(u.pin));
    m.insert("Achternaam".into(), json!(u.last_name));
    m.insert("Insertion".into(), json!(""));
    m.insert("Voornaam".into(), json!(u.first_name));
    m.insert("Admin".into(), flag_text(u.admin));
    m.insert("Security".into(), flag_text(u.security));
    m.insert("StartDate".into(), opt_time(&u.start));
    m.insert("ExpireDate".into(), opt_time(&u.expire));
    for n in 1..=14 {
        let k = format!("info{n}");
        let v = u.info.get(&k).cloned().unwrap_or_default();
        m.insert(k, json!(v));
    }
    m.insert("GroupS".into(), json!(u.groups.join(";")));
    m.insert("TemplatesNr".into(), flag_text(u.picture.is_some()));
    m.insert("cardId".into(), json!(u.card_id));
    m.insert("cardCustom".into(), json!(u.card_custom));
    m.insert("licensePlate".into(), json!(u.license_plate));
    m.insert("phone".into(), json!(u.phone));
    m.insert("isVisitor".into(), flag_text(u.is_visitor));
    m.insert("syncToTapkey".into(), flag_text(u.mobile_key));
    Value::Object(m)
}

/// The changes one `setUsers` item asks for; 400 "Incorrect format" for a bad
/// date, a PIN that is not digits or an info field other than `info1`…`info14`.
fn changes(item: &Value) -> Result<UserChanges, access_core::testkit::SimError> {
    let bad = || refuse(400, "Incorrect format");
    let mut c = UserChanges {
        first_name: text(item, "Voornaam"),
        last_name: text(item, "Achternaam"),
        pin: text(item, "PIN"),
        admin: flag(item, "Admin"),
        security: flag(item, "Security"),
        start: date(item, "StartDate").map_err(|_| bad())?,
        expire: date(item, "ExpireDate").map_err(|_| bad())?,
        card_id: text(item, "cardId"),
        card_custom: text(item, "cardCustom"),
        license_plate: text(item, "licensePlate"),
        phone: text(item, "phone"),
        is_visitor: flag(item, "isVisitor"),
        mobile_key: flag(item, "syncToTapkey"),
        ..UserChanges::default()
    };
    if let Some(pin) = &c.pin
        && !pin.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if let Some(Value::Object(info)) = item.get("infoFields") {
        for (k, v) in info {
            let n = k.strip_prefix("info").and_then(|n| n.parse::<u8>().ok());
            if !n.is_some_and(|n| (1..=14).contains(&n)) {
                return Err(bad());
            }
            let v = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            c.info.insert(k.clone(), v);
        }
    }
    if let Some(names) = text(item, "groupName") {
        let list = names
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        c.groups = Some((list, flag(item, "groupUpdate").unwrap_or(false)));
    }
    Ok(c)
}

/// `POST /admins/getUsers`: `{page?, userId?}`; every user, one page of 1000,
/// or the user with that id. 500 "Info label function not found" without the
/// company's wsAltUserId label.
pub(super) fn get_users(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, _| {
        if !c.has_ws_alt_label {
            return Err(refuse(500, "Info label function not found"));
        }
        let page = text(body, "page").and_then(|p| p.parse::<usize>().ok());
        let list: Vec<Value> = match text(body, "userId").and_then(|p| p.parse::<u64>().ok()) {
            Some(id) => c.user_by_id(id).map(user_json).into_iter().collect(),
            None => match page {
                Some(p) if p >= 1 => c
                    .users_by_id()
                    .skip((p - 1) * PAGE)
                    .take(PAGE)
                    .map(user_json)
                    .collect(),
                _ => c.users_by_id().map(user_json).collect(),
            },
        };
        Ok(Value::Array(list))
    })
}

/// What `setUsers` answers for a card another user holds: ESWS's
/// `updateUserAltId` code for the same rule **\[V\]** D, as a 400 message on REST **\[I\]**.
const CARD_TAKEN: &str = "CARD_EXISTS_FOR_AN_OTHER_USER";

/// `POST /admins/setUsers`: `{users: [...]}`, each keyed by `wsAltUserId`;
/// answers how many were created and updated. Nothing is written when an item
/// is refused (a bad value, or a card another user holds, as ESWS refuses it).
pub(super) fn set_users(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, now| {
        let missing = || refuse(400, "Required field missing");
        let items = match body.get("users") {
            Some(Value::Array(items)) if !items.is_empty() => items,
            _ => return Err(missing()),
        };
        let mut parsed = Vec::with_capacity(items.len());
        // Cards given (or freed) by earlier items of this call.
        let mut given: HashMap<String, String> = HashMap::new();
        let mut changed: HashSet<String> = HashSet::new();
        for item in items {
            let ws = text(item, "wsAltUserId").ok_or_else(missing)?;
            if ws.trim().is_empty() {
                return Err(refuse(
                    400,
                    "wsAltUserId needs to have a value. Cannot be empty",
                ));
            }
            let ch = changes(item)?;
            if let Some(card) = ch
                .card_id
                .as_deref()
                .filter(|v| *v != "Remove" && !v.is_empty())
            {
                let holder = given
                    .get(card)
                    .map(String::as_str)
                    .or_else(|| c.card_owner(card).filter(|o| !changed.contains(*o)));
                if holder.is_some_and(|h| h != ws) {
                    return Err(refuse(400, CARD_TAKEN));
                }
            }
            if let Some(card) = &ch.card_id {
                changed.insert(ws.clone());
                given.retain(|_, holder| *holder != ws);
                if card != "Remove" && !card.is_empty() {
                    given.insert(card.clone(), ws.clone());
                }
            }
            parsed.push((ws, ch));
        }
        let (mut created, mut updated) = (0, 0);
        for (ws, ch) in parsed {
            if c.upsert_user(&ws, ch, now).map_err(refused)? {
                created += 1;
            } else {
                updated += 1;
            }
        }
        Ok(json!({ "message": "OK", "created": created, "updated": updated }))
    })
}

/// `POST /admins/setWsAltUserId`: `{userId, wsAltUserId}` gives the user with
/// that EasySecure id a new key.
pub(super) fn set_ws_alt_user_id(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, _| {
        let (Some(id), Some(ws)) = (body.get("userId"), text(body, "wsAltUserId")) else {
            return Err(refuse(400, "Required field missing"));
        };
        let id = match id {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.parse::<u64>().ok(),
            _ => None,
        }
        .ok_or_else(|| refuse(404, "The user id needs to be integer"))?;
        c.set_ws_alt_user_id(id, &ws).map_err(refused)?;
        Ok(json!({ "message": "OK" }))
    })
}

/// `POST /admins/syncUserToFirebase`: `{wsAltUserId, email?}` gives the user an
/// app account (once).
pub(super) fn sync_user_to_firebase(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, _, body, _| {
        let ws = text(body, "wsAltUserId").ok_or_else(|| refuse(400, "Required field missing"))?;
        if !c.has_ws_alt_label {
            return Err(refuse(500, "Info label function not found"));
        }
        let email = text(body, "email");
        let u = c
            .user_mut(&ws)
            .ok_or_else(|| refuse(404, "User not found"))?;
        if u.firebase_registered {
            return Err(refuse(500, "User already registered in Firebase"));
        }
        if let Some(e) = email {
            u.email = e;
        }
        if u.email.is_empty() {
            return Err(refuse(500, "Passwords request email not sent"));
        }
        u.firebase_registered = true;
        Ok(json!({ "message": "OK" }))
    })
}
