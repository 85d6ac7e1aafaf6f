//! ESWS users: `getUsers`, `getUsersPageNr`, `getUserId`,
//! `getMultipleUsersIds2`, `getUsersByInfoField`, `updateUser`, `updateUser2`,
//! `updateUserAltId`, `updateUserContractor`, `deleteUser`.
//!
//! `getUsers` pages by 1000 in EasySecure id order and finds one user by id
//! through the id index; `updateUser` finds its user by id the same way,
//! `updateUserAltId` by wsAltUserId (creating it when new).

use access_core::testkit::{SimRequest, SimResult};

use super::super::Sim;
use super::{Esws, Item, Ret, answer, date_text, parse_date, without_seconds};
use crate::testkit::state::{KeyKind, SimUser, UserChanges};

/// How many users a `getUsers` page holds.
const PAGE: usize = 1000;

const BRANCH_NO_GROUP: &str =
    "Company is Branches but no group name specified. It is required for this type of company.";
const BRANCH_GROUP_MISSING: &str =
    "Company is Branches but the group name specified does not exists.";
const BRANCH_NO_LOCATION: &str = "Company is Branches but no location has been provided";

/// A user as getUsersObject, with dates with or without their time.
fn user_item(u: &SimUser, with_time: bool) -> Item {
    let mut item = vec![
        ("UserId", u.user_id.to_string()),
        ("PIN", u.pin.clone()),
        ("Achternaam", u.last_name.clone()),
        ("Insertion", String::new()),
        ("Voornaam", u.first_name.clone()),
        ("Admin", u8::from(u.admin).to_string()),
        ("Security", u8::from(u.security).to_string()),
        ("StartDate", date_text(&u.start, with_time)),
        ("ExpireDate", date_text(&u.expire, with_time)),
    ];
    const INFO: [&str; 14] = [
        "info1", "info2", "info3", "info4", "info5", "info6", "info7", "info8", "info9", "info10",
        "info11", "info12", "info13", "info14",
    ];
    for k in INFO {
        item.push((k, u.info.get(k).cloned().unwrap_or_default()));
    }
    item.push(("GroupS", u.groups.join(";")));
    item.push(("TemplatesNr", "0".into()));
    // After TemplatesNr the page is cut off; these names are inferred [I].
    item.push(("cardId", u.card_id.clone()));
    item.push(("cardCustom", u.card_custom.clone()));
    item.push(("licensePlate", u.license_plate.clone()));
    item.push(("wsAltUserId", u.ws_alt_user_id.clone()));
    item
}

/// `getUsers(p_companyID, p_page, p_locationID, p_userId, p_addTimeToDate)`.
pub(in super::super) fn get_users(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let call = x.call;
        let company = &*x.company;
        let with_time = call.get("p_addTimeToDate") == "1";
        let location = call
            .num("p_locationID")
            .filter(|_| x.kind == KeyKind::Branches);
        let at_location = |u: &&SimUser| match location {
            Some(loc) => company
                .groups
                .iter()
                .any(|g| g.location_id == loc && u.groups.contains(&g.name)),
            None => true,
        };
        let users: Box<dyn Iterator<Item = &SimUser>> = match call.num("p_userId") {
            Some(id) => Box::new(
                u64::try_from(id)
                    .ok()
                    .and_then(|id| company.user_by_id(id))
                    .into_iter(),
            ),
            None => Box::new(company.users_by_id()),
        };
        let users = users.filter(at_location);
        let items: Vec<Item> = match call.num("p_page") {
            Some(p) if p >= 1 => users
                .skip((p as usize - 1) * PAGE)
                .take(PAGE)
                .map(|u| user_item(u, with_time))
                .collect(),
            _ => users.map(|u| user_item(u, with_time)).collect(),
        };
        Ret::List("getUsersObject", items)
    })
}

/// `getUsersPageNr(p_companyID)`: the number of `getUsers` pages.
pub(in super::super) fn get_users_page_nr(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        Ret::text(x.company.user_count().div_ceil(PAGE).to_string())
    })
}

/// The updateUser* family on the user `ws`: Branch rules, the card's owner,
/// dates (a missing or invalid start is today, a missing or invalid expiry
/// 2030-12-31; seconds are not stored **\[V\]** D updateUserAltId), and text
/// outside Latin-1 turned into `?` **\[V\]** D index.
fn update(x: &mut Esws<'_>, ws: &str) -> Ret {
    let groups: Vec<String> = x
        .call
        .get("p_groupName")
        .split(';')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(String::from)
        .collect();
    let known = groups
        .iter()
        .all(|g| x.company.groups.iter().any(|k| &k.name == g));
    update_in(x, ws, groups, known)
}

/// [`update`] with the groups already read (by name or by id) and whether all
/// of them exist.
fn update_in(x: &mut Esws<'_>, ws: &str, groups: Vec<String>, all_known: bool) -> Ret {
    let call = x.call;
    if x.kind == KeyKind::Branches {
        if groups.is_empty() && all_known {
            return Ret::text(BRANCH_NO_GROUP);
        }
        if !all_known {
            return Ret::text(BRANCH_GROUP_MISSING);
        }
        if call.get("p_locationID").is_empty() {
            return Ret::text(BRANCH_NO_LOCATION);
        }
    }
    let card = call.opt_text("p_cardId");
    if let Some(c) = card.as_deref()
        && c != "Remove"
        && x.company.card_owner(c).is_some_and(|owner| owner != ws)
    {
        return Ret::text("CARD_EXISTS_FOR_AN_OTHER_USER");
    }
    let today = x.now.date().and_hms_opt(0, 0, 0).unwrap_or(x.now);
    let default_expiry = chrono::NaiveDate::from_ymd_opt(2030, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let latin1 = |v: Option<String>| {
        v.map(|v| {
            v.chars()
                .map(|c| if (c as u32) > 0xFF { '?' } else { c })
                .collect::<String>()
        })
    };
    let changes = UserChanges {
        first_name: latin1(call.opt_text("p_Voornaam")),
        last_name: latin1(call.opt_text("p_Achternaam")),
        pin: call.opt_text("p_PIN"),
        admin: call.opt_flag("p_Admin"),
        security: call.opt_flag("p_Security"),
        start: Some(
            parse_date(call.get("p_StartDate"))
                .map(without_seconds)
                .unwrap_or(today),
        ),
        expire: Some(
            parse_date(call.get("p_ExpireDate"))
                .map(without_seconds)
                .unwrap_or(default_expiry),
        ),
        info: call.info.clone(),
        groups: (!groups.is_empty()).then(|| (groups, call.get("p_groupUpdate") == "1")),
        card_id: card,
        card_custom: call.opt_text("p_cardCustom"),
        license_plate: latin1(call.opt_text("p_licensePlate")),
        phone: call.opt_text("p_phone"),
        is_visitor: call.opt_flag("p_isVisitor"),
        visitor_start: call.opt_text("p_visitorStartTime"),
        visitor_end: call.opt_text("p_visitorEndTime"),
        contractor: call
            .opt_text("p_Contractor_Code")
            .map(|code| (code, call.get("p_Contractor_name").to_string())),
        mobile_key: call.opt_flag("p_syncToTapkey"),
    };
    match x.company.upsert_user(ws, changes, x.now) {
        Ok(_) => Ret::text("OK"),
        Err(_) => Ret::text("CAN_NOT_SAVE_USER"),
    }
}

/// `updateUser(p_companyID, p_Id, ...)`: the user with EasySecure id `p_Id`
/// (1–400000000).
pub(in super::super) fn update_user(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| match by_id(x) {
        Ok(ws) => update(x, &ws),
        Err(r) => r,
    })
}

/// The user of `p_Id` (1–400000000) of updateUser and updateUser2.
fn by_id(x: &Esws<'_>) -> Result<String, Ret> {
    let id = x.call.get("p_Id");
    if id.is_empty() {
        return Err(Ret::text("NO_ID_RECEIVED"));
    }
    let Some(id) = id
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=400_000_000).contains(n))
    else {
        return Err(Ret::text("INCORRECT_ID_RECEIVED"));
    };
    x.company
        .ws_of(id)
        .map(str::to_string)
        .ok_or_else(|| Ret::text("CAN_NOT_SAVE_USER"))
}

/// `updateUser2(p_companyID, p_Id, ..., p_groupId, ..., p_locationID,
/// p_visitorStartTime, p_visitorEndTime, p_phone, p_syncToTapkey)`: updateUser
/// with the groups given by id (`1;2`). An id that is no group is refused for
/// Branch companies and left out otherwise, as unknown names are **\[I\]**.
pub(in super::super) fn update_user2(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let ws = match by_id(x) {
            Ok(ws) => ws,
            Err(r) => return r,
        };
        let mut names = Vec::new();
        let mut all_known = true;
        for id in x.call.get("p_groupId").split(';').map(str::trim) {
            if id.is_empty() {
                continue;
            }
            match id
                .parse::<u64>()
                .ok()
                .and_then(|id| x.company.groups.iter().find(|g| g.id == id))
            {
                Some(g) => names.push(g.name.clone()),
                None => all_known = false,
            }
        }
        update_in(x, &ws, names, all_known)
    })
}

/// `updateUserAltId(p_companyID, p_wsAltUserId, ...)`: creates or updates the
/// user keyed by `p_wsAltUserId`.
pub(in super::super) fn update_user_alt_id(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| match x.alt_user() {
        Err(r) => r,
        Ok(ws) => update(x, &ws),
    })
}

/// `deleteUser(p_companyID, p_Id, p_locationID)`: a Branch company's user
/// linked to several locations only leaves the given one.
pub(in super::super) fn delete_user(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let Some(id) = x.call.num("p_Id") else {
            return Ret::text("NO_ID_RECEIVED");
        };
        let location = x.call.num("p_locationID");
        if x.kind == KeyKind::Branches && location.is_none() {
            return Ret::text(BRANCH_NO_LOCATION);
        }
        let Some(ws) = u64::try_from(id)
            .ok()
            .and_then(|id| x.company.ws_of(id))
            .map(str::to_string)
        else {
            return Ret::text("User does not exist in our db");
        };
        if let (KeyKind::Branches, Some(loc)) = (x.kind, location) {
            let company = &*x.company;
            let member_of = company
                .user(&ws)
                .map(|u| u.groups.clone())
                .unwrap_or_default();
            let elsewhere = company
                .groups
                .iter()
                .filter(|g| member_of.contains(&g.name))
                .any(|g| g.location_id != loc);
            if elsewhere {
                let here: Vec<String> = company
                    .groups
                    .iter()
                    .filter(|g| g.location_id == loc)
                    .map(|g| g.name.clone())
                    .collect();
                if let Some(u) = x.company.user_mut(&ws) {
                    u.groups.retain(|g| !here.contains(g));
                }
                return Ret::text(
                    "User is linked to multiple locations, we will remove the user from this location",
                );
            }
        }
        x.company.remove_user(&ws);
        let qr = x.qr_key(&ws);
        x.esws.qr.remove(&qr);
        Ret::text("User has been deleted")
    })
}

/// `getUserId(p_companyID, p_wsAltUserId)`: the EasySecure id of the user with
/// this wsAltUserId, found through the shared state's wsAltUserId index.
pub(in super::super) fn get_user_id(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        if !x.company.has_ws_alt_label {
            return Ret::text("NO_WS_ALT_USER_ID_INFOFIELD");
        }
        let ws = x.call.get("p_wsAltUserId");
        if ws.is_empty() {
            return Ret::text("NO_ID_RECEIVED");
        }
        match x.company.user(ws) {
            Some(u) => Ret::text(u.user_id.to_string()),
            None => Ret::text("NO_USER_ID_FOUND"),
        }
    })
}

/// `getMultipleUsersIds2(p_companyID, p_wsAltUserId)`: the users with this
/// wsAltUserId (the shared state keys users by it, so at most one), each with
/// name and face-template count; the page's errors in the first item's `UserId`.
pub(in super::super) fn get_multiple_users_ids2(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let ty = "getMultipleUsersIds2Object";
        let error = |t: &str| Ret::List(ty, vec![vec![("UserId", t.to_string())]]);
        if !x.company.has_ws_alt_label {
            return error("NO_WS_ALT_USER_ID_INFOFIELD");
        }
        let ws = x.call.get("p_wsAltUserId");
        match x.company.user(ws).filter(|_| !ws.is_empty()) {
            Some(u) => Ret::List(
                ty,
                vec![vec![
                    ("UserId", u.user_id.to_string()),
                    ("Achternaam", u.last_name.clone()),
                    ("Voornaam", u.first_name.clone()),
                    ("FaceTemplates", u.face_templates.to_string()),
                ]],
            ),
            None => error("NO_USER_ID_FOUND"),
        }
    })
}

/// `updateUserContractor(p_companyID, p_Id, p_Contractor_Code,
/// p_Contractor_name, ..., p_groupName, p_groupUpdate, p_cardId, p_cardCustom,
/// p_groupId, p_licensePlate, p_isVisitor, p_locationID)`: updateUser that also
/// stores the contractor; the groups are the names and the ids together.
pub(in super::super) fn update_user_contractor(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let ws = match by_id(x) {
            Ok(ws) => ws,
            Err(r) => return r,
        };
        if x.call.num("p_Contractor_Code").is_none() {
            return Ret::text("CAN_NOT_SAVE_USER");
        }
        let mut names = Vec::new();
        let mut all_known = true;
        for name in x.call.get("p_groupName").split(';').map(str::trim) {
            if name.is_empty() {
                continue;
            }
            all_known &= x.company.groups.iter().any(|g| g.name == name);
            names.push(name.to_string());
        }
        for id in x.call.get("p_groupId").split(';').map(str::trim) {
            if id.is_empty() {
                continue;
            }
            match id
                .parse::<u64>()
                .ok()
                .and_then(|id| x.company.groups.iter().find(|g| g.id == id))
            {
                Some(g) if !names.contains(&g.name) => names.push(g.name.clone()),
                Some(_) => {}
                None => all_known = false,
            }
        }
        update_in(x, &ws, names, all_known)
    })
}

/// `getUsersByInfoField(p_companyID, p_InfoField, p_InfoFieldValue)`: the users
/// whose info field holds the value (an empty value: those whose field is
/// empty), in id order; `NO_VALID_INFOFIELD` for a field other than `info1` …
/// `info14`, `NO_USER_ID_FOUND` for none, in the first item's `UserId`.
pub(in super::super) fn get_users_by_info_field(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let ty = "getUsersByInfoFieldObject";
        let error = |t: &str| Ret::List(ty, vec![vec![("UserId", t.to_string())]]);
        let field = x.call.get("p_InfoField");
        let valid = field
            .strip_prefix("info")
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=14).contains(&n));
        if !valid {
            return error("NO_VALID_INFOFIELD");
        }
        let value = x.call.get("p_InfoFieldValue");
        let items: Vec<Item> = x
            .company
            .users_by_id()
            .filter(|u| u.info.get(field).map_or("", |v| v.as_str()) == value)
            .map(|u| {
                vec![
                    ("UserId", u.user_id.to_string()),
                    ("Achternaam", u.last_name.clone()),
                    ("Voornaam", u.first_name.clone()),
                    ("FaceTemplates", u.face_templates.to_string()),
                ]
            })
            .collect();
        if items.is_empty() {
            return error("NO_USER_ID_FOUND");
        }
        Ret::List(ty, items)
    })
}
