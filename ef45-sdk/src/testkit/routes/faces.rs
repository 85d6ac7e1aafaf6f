//! Faces: up to six face templates per user (`sub_id` 0..=5).

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::Value;

use super::super::state::FaceRow;
use super::{Device, Paging, body, coded, done};

fn no_such_sub_id() -> SimError {
    coded(404, -403, "face uuid and sub_id do not exist")
}

fn out_of_range(what: &str) -> SimError {
    coded(400, -409, what)
}

/// `GET /faces?page=&page_size=`: every face of every user.
pub(super) fn list(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let paging = Paging::of(req)?;
    let s = dev.lock();
    let total = s.faces.values().map(|m| m.len()).sum();
    paging.answer(
        s.faces.values().flat_map(|m| m.values().map(FaceRow::json)),
        total,
    )
}

/// `POST /faces` with a face and its owner: -409 for a sub id outside
/// 0..=5, -100 without `user_uuid`.
pub(super) fn add(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let face = body(req)
        .and_then(|b| FaceRow::read(b).ok())
        .ok_or_else(|| SimError::bad_request("invalid face"))?;
    if !face.sub_id_in_range() {
        return Err(out_of_range("face sub_id out of range"));
    }
    let owner = face
        .user_uuid
        .clone()
        .ok_or_else(|| coded(400, -100, "uuid is null"))?;
    dev.lock()
        .faces
        .entry(owner)
        .or_default()
        .insert(face.sub_id, face);
    done("Face saved")
}

/// `GET /faces/{user_uuid}[?subId=]`: the user's faces (a list), or the one
/// `subId` names (a one-element list; the seed's URL example puts `subId` in
/// the query, so this serves `GetFace` too). -401 for a user without faces.
pub(super) fn of_user(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let s = dev.lock();
    let faces = s
        .faces
        .get(req.text("user_uuid"))
        .filter(|m| !m.is_empty())
        .ok_or_else(|| coded(404, -401, "face uuid does not exist"))?;
    let rows: Vec<Value> = match req.query("subId") {
        None => faces.values().map(FaceRow::json).collect(),
        Some(sub) => {
            let sub: i64 = sub
                .parse()
                .map_err(|_| out_of_range("face sub_id out of range"))?;
            vec![faces.get(&sub).ok_or_else(no_such_sub_id)?.json()]
        }
    };
    Ok(SimAnswer::json(&rows))
}

/// `DELETE /faces/{user_uuid}?subId=`: deletes one face.
pub(super) fn delete(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let sub: i64 = req
        .query("subId")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| out_of_range("subId is required"))?;
    let mut s = dev.lock();
    match s
        .faces
        .get_mut(req.text("user_uuid"))
        .and_then(|m| m.remove(&sub))
    {
        Some(_) => done("Face deleted"),
        None => Err(no_such_sub_id()),
    }
}
