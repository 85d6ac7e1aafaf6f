//! Subjects: the iris records keyed by `user_uuid` (E3).

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use serde_json::json;

use super::super::state::SubjectRow;
use super::{Device, Paging, body, coded, done};

fn not_found() -> SimError {
    coded(404, -201, "subject uuid does not exist")
}

/// A subject from the body; -203 when it is not one.
fn read(req: &SimRequest<'_>) -> Result<SubjectRow, SimError> {
    body(req)
        .and_then(|b| SubjectRow::read(b).ok())
        .ok_or_else(|| coded(400, -203, "subject serialize error"))
}

/// `GET /subjects?page=&page_size=`.
pub(super) fn list(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let paging = Paging::of(req)?;
    let s = dev.lock();
    paging.answer(s.subjects().map(|r| r.json().done()), s.subject_count())
}

/// `GET /subjects/record-version`: `{"record_version": n}`, the configured
/// algorithm version ([`crate::testkit::SimConfig::record_version`]).
pub(super) fn record_version(dev: &Device, _req: &SimRequest<'_>) -> SimResult {
    let v = dev.lock().record_version;
    Ok(SimAnswer::json(&json!({"record_version": v})))
}

/// `POST /subjects/duplication`: whether a subject holds the candidate's
/// left or right template, `{"duplicated": bool, "user_uuid": ...}`.
pub(super) fn check_duplication(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let candidate = read(req)?;
    let s = dev.lock();
    let hit = s.duplicate_of(
        candidate.left_eye_template.as_deref(),
        candidate.right_eye_template.as_deref(),
    );
    Ok(SimAnswer::json(
        &json!({"duplicated": hit.is_some(), "user_uuid": hit}),
    ))
}

/// `GET /subjects/{user_uuid}` (-201 when unknown).
pub(super) fn get(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let s = dev.lock();
    let row = s.subject(req.text("user_uuid")).ok_or_else(not_found)?;
    Ok(SimAnswer::json(&row.json().done()))
}

/// `POST /subjects`: adds or replaces a subject (-210 without a last name)
/// and logs `AddSubjects`.
pub(super) fn save(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    let row = read(req)?;
    if row.last_name.trim().is_empty() {
        return Err(coded(400, -210, "last_name is null"));
    }
    let now = dev.now();
    let mut s = dev.lock();
    let id = row.user_uuid.clone();
    s.put_subject(row);
    s.push_log(now, "UserData", Some(&id), "AddSubjects", "Success");
    done("Subject saved")
}

/// `DELETE /subjects/{user_uuid}` (-201 when unknown).
pub(super) fn delete(dev: &Device, req: &SimRequest<'_>) -> SimResult {
    match dev.lock().remove_subject(req.text("user_uuid")) {
        Some(_) => done("Subject deleted"),
        None => Err(not_found()),
    }
}
