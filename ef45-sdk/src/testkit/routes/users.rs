//! User info (card, PIN, flags) and the combined user record (subject, user
//! info and faces in one call).

use std::collections::BTreeMap;

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::Value;

use super::super::state::{BadField, FaceRow, Fields, InfoRow, SubjectRow};
use super::{Device, Paging, body, coded, done};

fn info_not_found() -> SimError {
    coded(404, -601, "user-info uuid does not exist")
}

fn user_not_found() -> SimError {
    coded(404, -761, "user uuid does not exist")
}

/// `GET /user-info?page=&page_size=`: a user without a card has `"card": ""`.
pub(super) fn list_info(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let paging = Paging::of(req)?;
    let s = dev.lock();
    paging.answer(s.infos().map(InfoRow::json), s.info_count())
}

/// `GET /user-info/card/{card}` (hex pairs, e.g. `65 D8 A1 BD`; -603 when
/// no user holds it).
pub(super) fn info_by_card(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let s = dev.lock();
    let row = s
        .info_by_card(req.text("card"))
        .ok_or_else(|| coded(404, -603, "user-info select by card error"))?;
    Ok(SimAnswer::json(&row.json()))
}

/// `GET /user-info/{user_uuid}` (-601 when unknown).
pub(super) fn get_info(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let s = dev.lock();
    let row = s.info(req.text("user_uuid")).ok_or_else(info_not_found)?;
    Ok(SimAnswer::json(&row.json()))
}

/// `POST /user-info`: adds or replaces a row.
pub(super) fn save_info(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let row = body(req)
        .and_then(|b| InfoRow::read(b).ok())
        .ok_or_else(|| SimError::bad_request("invalid user info"))?;
    dev.lock().put_info(row);
    done("User info saved")
}

/// `DELETE /user-info/{user_uuid}` (-601 when unknown).
pub(super) fn delete_info(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    match dev.lock().remove_info(req.text("user_uuid")) {
        Some(_) => done("User info deleted"),
        None => Err(info_not_found()),
    }
}

/// `GET /user?page=&page_size=`: every user as `GET /user/{user_uuid}` writes it.
pub(super) fn list(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let paging = Paging::of(req)?;
    let s = dev.lock();
    let users = s.subjects().filter_map(|r| s.user_json(&r.user_uuid));
    paging.answer(users, s.subject_count())
}

/// A user record: the subject's fields (and any undocumented ones), the card
/// and the faces in one object (seed).
struct UserBody {
    subject: SubjectRow,
    card: Option<String>,
    faces: Vec<FaceRow>,
}

fn read_user(body: Value) -> Result<UserBody, BadField> {
    let mut f = Fields::of(body)?;
    let card = f.text("card")?.filter(|c| !c.trim().is_empty());
    let faces = f
        .list("faces")?
        .into_iter()
        .map(FaceRow::read)
        .collect::<Result<Vec<_>, _>>()?;
    let mut subject = SubjectRow::take(&mut f)?;
    subject.extra = f.rest();
    Ok(UserBody {
        subject,
        card,
        faces,
    })
}

/// `POST /user`: adds or updates a user in every table. The card replaces the
/// user-info row's card (PIN and flags kept); faces, when sent, replace the
/// user's faces. -210 without a last name, -409 for a face sub id outside
/// 0..=5; logs `AddUsers`.
pub(super) fn save(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let user = body(req)
        .and_then(|b| read_user(b).ok())
        .ok_or_else(|| coded(400, -203, "user serialize error"))?;
    if user.subject.last_name.trim().is_empty() {
        return Err(coded(400, -210, "last_name is null"));
    }
    if let Some(bad) = user.faces.iter().find(|f| !f.sub_id_in_range()) {
        return Err(coded(
            400,
            -409,
            format!("face sub_id {} out of range", bad.sub_id),
        ));
    }
    let now = dev.now();
    let id = user.subject.user_uuid.clone();
    let mut s = dev.lock();
    let mut info = s.remove_info(&id).unwrap_or_else(|| InfoRow::new(&id));
    if user.card.is_some() {
        info.card = user.card;
    }
    s.put_info(info);
    if !user.faces.is_empty() {
        let faces: BTreeMap<i64, FaceRow> = user
            .faces
            .into_iter()
            .map(|mut f| {
                f.user_uuid = Some(id.clone());
                (f.sub_id, f)
            })
            .collect();
        s.faces.insert(id.clone(), faces);
    }
    s.put_subject(user.subject);
    s.push_log(now, "UserData", Some(&id), "AddUsers", "Success");
    done("User saved")
}

/// `GET /user/{user_uuid}` (-761 when unknown).
pub(super) fn get(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let s = dev.lock();
    let user = s
        .user_json(req.text("user_uuid"))
        .ok_or_else(user_not_found)?;
    Ok(SimAnswer::json(&user))
}

/// `DELETE /user/{user_uuid}`: removes the user from every table (-761 when
/// unknown) and logs `DeleteUsers`.
pub(super) fn delete(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let id = req.text("user_uuid");
    let now = dev.now();
    let mut s = dev.lock();
    s.remove_subject(id).ok_or_else(user_not_found)?;
    s.remove_info(id);
    s.faces.remove(id);
    s.push_log(now, "UserData", Some(id), "DeleteUsers", "Success");
    done("User deleted")
}
