//! Persons (`crate::persons`): by id and by external id through the state's
//! indexes.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{SimKey, SimPerson, SimPersonRole, text};
use super::{Ctx, body, capture, invalid, ok, query_all, refuse, uuid_field, void};

/// `GET Persons`: all of them, no paging.
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.persons.values().map(SimPerson::to_json).collect(),
    ))
}

/// `GET Persons/{id}`: an unknown id is "Invalid value" **\[V\]** T4E.
pub(super) fn get(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = capture(req, "id")?;
    match st.persons.get(&id) {
        Some(p) => ok(p.to_json()),
        None => Err(invalid(req.text("id"), "id")),
    }
}

/// `GET Persons/GetByExternalPersonIds?externalPersonIds=a&externalPersonIds=b`:
/// no match at all is a 400, not an empty list **\[V\]** HEL.
pub(super) fn by_external_ids(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let ids = query_all(req, "externalPersonIds");
    let st = ctx.lock();
    let found = st.persons_by_external_ids(&ids);
    if found.is_empty() {
        return Err(invalid(ids.join(","), "externalPersonIds"));
    }
    ok(Value::Array(
        found.into_iter().map(SimPerson::to_json).collect(),
    ))
}

/// `POST Persons` (`InsertPersonParam`): `PersonCode` 1 to 20 characters,
/// `ZoneIds` not empty (T4E), a unique `ExternalPersonId`.
pub(super) fn insert(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let person = b.get("Person").cloned().unwrap_or(Value::Null);
    let code = text(&person, "PersonCode").unwrap_or_default();
    if code.is_empty() || code.chars().count() > 20 {
        return Err(invalid(code, "Person.PersonCode"));
    }
    let zones = b
        .get("ZoneIds")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if zones == 0 {
        return Err(invalid("[]", "ZoneIds"));
    }
    let mut st = ctx.lock();
    if let Some(ext) = text(&person, "ExternalPersonId").filter(|e| !e.is_empty())
        && st.external_id_taken(&ext)
    {
        return Err(invalid(ext, "ExternalPersonId"));
    }
    let id = uuid_field(&person, "Person_ID")
        .filter(|u| !u.is_nil())
        .unwrap_or_else(Uuid::new_v4);
    st.insert_person(SimPerson::from_json(id, &person));
    ok(json!({ "PersonIds": [id] }))
}

/// `PUT Persons` (`{"Person": {...}}`; a bare person is refused, HEL f0c60aa).
/// `State` is read-only and kept.
pub(super) fn update(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let Some(person) = b.get("Person") else {
        return Err(invalid("body", "Person"));
    };
    let Some(id) = uuid_field(person, "Person_ID") else {
        return Err(invalid("null", "Person.Person_ID"));
    };
    let mut st = ctx.lock();
    let Some(state) = st.persons.get(&id).map(|p| p.state) else {
        return Err(invalid(id, "Person.Person_ID"));
    };
    let mut updated = SimPerson::from_json(id, person);
    updated.state = state;
    st.insert_person(updated);
    void()
}

/// The person in the capture `{id}`, which must exist.
fn person_id(ctx: &Ctx, req: &SimRequest<'_>) -> Result<Uuid, access_core::testkit::SimError> {
    Uuid::parse_str(req.text("id"))
        .ok()
        .filter(|id| ctx.lock().persons.contains_key(id))
        .ok_or_else(|| invalid(req.text("id"), "id"))
}

/// `GET Persons/{id}/CanDelete`: 0 OK, 1 the person has active keys.
pub(super) fn can_delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = person_id(ctx, req)?;
    ok(json!(if ctx.lock().has_active_keys(id) { 1 } else { 0 }))
}

/// `DELETE Persons/{id}`: refused while the person has active keys.
pub(super) fn delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = person_id(ctx, req)?;
    let mut st = ctx.lock();
    if st.has_active_keys(id) {
        return Err(refuse("The person has active keys"));
    }
    st.remove_person(id);
    void()
}

/// `GET Persons/{id}/Keys`: `{"Keys": Key[]}` (wrapped).
pub(super) fn keys(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let keys: Vec<Value> = Uuid::parse_str(req.text("id"))
        .map(|id| st.keys_of(id).map(SimKey::to_json).collect())
        .unwrap_or_default();
    ok(json!({ "Keys": keys }))
}

/// `GET Persons/{id}/PersonRoles`: the roles the person has (the person must exist).
pub(super) fn roles(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = person_id(ctx, req)?;
    let st = ctx.lock();
    ok(Value::Array(
        st.person_roles
            .values()
            .filter(|r| r.persons.contains(&id))
            .map(SimPersonRole::to_json)
            .collect(),
    ))
}

/// `GET Persons/{id}/NortecActivationCode`.
pub(super) fn nortec_code(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = person_id(ctx, req)?;
    ok(json!(format!("NORTEC-{}", &id.simple().to_string()[..8])))
}
