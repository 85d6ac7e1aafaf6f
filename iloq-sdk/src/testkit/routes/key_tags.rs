//! Key tags (`crate::key_tags`): key/value pairs on existing keys, indexed by key.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::Value;
use uuid::Uuid;

use super::super::state::{SimKeyTag, text};
use super::{Ctx, body, capture, invalid, key_id, ok, uuid_field, void};

/// `GET KeyTags`: every tag.
pub(super) fn list(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.key_tags.values().map(SimKeyTag::to_json).collect(),
    ))
}

/// `GET KeyTags/{id}`: an unknown id is "Invalid value".
pub(super) fn get(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = capture(req, "id")?;
    match ctx.lock().key_tags.get(&id) {
        Some(t) => ok(t.to_json()),
        None => Err(invalid(req.text("id"), "id")),
    }
}

/// `GET Keys/{id}/KeyTags`: the key's tags (the key must exist).
pub(super) fn of_key(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = key_id(&st, req)?;
    ok(Value::Array(
        st.tags_of(id).map(SimKeyTag::to_json).collect(),
    ))
}

/// The key of an `FNKeyTag` body, which must exist.
fn tag_key(
    st: &super::super::state::State,
    b: &Value,
) -> Result<Uuid, access_core::testkit::SimError> {
    uuid_field(b, "FNKey_ID")
        .filter(|k| st.keys.contains_key(k))
        .ok_or_else(|| {
            invalid(
                text(b, "FNKey_ID").unwrap_or_else(|| "null".into()),
                "FNKey_ID",
            )
        })
}

/// `POST KeyTags` (a bare `FNKeyTag`): on an existing key; a nil or missing
/// `Tag_ID` gets a new one, a taken one is refused.
pub(super) fn insert(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let key = tag_key(&st, &b)?;
    let id = uuid_field(&b, "Tag_ID")
        .filter(|u| !u.is_nil())
        .unwrap_or_else(Uuid::new_v4);
    if st.key_tags.contains_key(&id) {
        return Err(invalid(id, "Tag_ID"));
    }
    st.insert_key_tag(SimKeyTag::from_json(id, key, &b));
    void()
}

/// `PUT KeyTags`: the tag must exist (it may move to another existing key).
pub(super) fn update(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let Some(id) = uuid_field(&b, "Tag_ID").filter(|id| st.key_tags.contains_key(id)) else {
        return Err(invalid(
            text(&b, "Tag_ID").unwrap_or_else(|| "null".into()),
            "Tag_ID",
        ));
    };
    let key = tag_key(&st, &b)?;
    st.insert_key_tag(SimKeyTag::from_json(id, key, &b));
    void()
}

/// `DELETE KeyTags/{id}`: an unknown id is "Invalid value".
pub(super) fn delete(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = capture(req, "id")?;
    match ctx.lock().remove_key_tag(id) {
        Some(_) => void(),
        None => Err(invalid(req.text("id"), "id")),
    }
}
