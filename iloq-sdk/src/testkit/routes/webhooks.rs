//! Webhooks (beta, `crate::webhooks`): events and subscriptions; deliveries
//! are recorded by the state's `emit`.

use access_core::testkit::{SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{SimSubscription, text};
use super::{Ctx, body, invalid, ok, refuse, void};

/// `GET Webhooks/Events`: `key_added`, `key_blocklisted`, `device_log_arrived`.
pub(super) fn events(_: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(json!([
        {"Id": 1, "Name": "key_added", "DisplayName": "Key added", "Description": "A key was added"},
        {"Id": 2, "Name": "key_blocklisted", "DisplayName": "Key blocklisted", "Description": "A key was added to the block list"},
        {"Id": 3, "Name": "device_log_arrived", "DisplayName": "Device log arrived", "Description": "A lock log entry arrived"}
    ]))
}

/// `GET Webhooks/Subscriptions`.
pub(super) fn subscriptions(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    ok(Value::Array(
        st.subscriptions
            .iter()
            .map(SimSubscription::to_json)
            .collect(),
    ))
}

/// `GET Webhooks/Subscriptions/{id}`.
pub(super) fn subscription(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = req.text("id");
    let st = ctx.lock();
    match st
        .subscriptions
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(id))
    {
        Some(s) => ok(s.to_json()),
        None => Err(invalid(id, "id")),
    }
}

/// `POST Webhooks/Subscriptions` (`AddSubscriptionParam`): at most 3
/// subscriptions per event per locking system; answers the subscription
/// with its `SignKey`.
pub(super) fn subscribe(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let event_id = b.get("WebhookEventId").and_then(Value::as_i64).unwrap_or(0);
    if !(1..=3).contains(&event_id) {
        return Err(invalid(event_id, "WebhookEventId"));
    }
    let mut st = ctx.lock();
    if st
        .subscriptions
        .iter()
        .filter(|s| s.event_id == event_id)
        .count()
        >= 3
    {
        return Err(refuse(
            "At most 3 subscriptions per event per locking system",
        ));
    }
    let sub = SimSubscription {
        id: text(&b, "SubscriptionId").unwrap_or_default(),
        event_id,
        target: text(&b, "TargetEndpointUri").unwrap_or_default(),
        sign_key: Uuid::new_v4().simple().to_string(),
        counter: 0,
    };
    let out = sub.to_json();
    st.subscriptions.push(sub);
    ok(out)
}

/// `PUT Webhooks/Subscriptions`: a new target.
pub(super) fn update(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let id = text(&b, "SubscriptionId").unwrap_or_default();
    let mut st = ctx.lock();
    match st
        .subscriptions
        .iter_mut()
        .find(|s| s.id.eq_ignore_ascii_case(&id))
    {
        Some(s) => {
            if let Some(t) = text(&b, "TargetEndpointUri") {
                s.target = t;
            }
            void()
        }
        None => Err(invalid(id, "SubscriptionId")),
    }
}

/// `DELETE Webhooks/Subscriptions/{id}`.
pub(super) fn unsubscribe(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let id = req.text("id");
    let mut st = ctx.lock();
    let before = st.subscriptions.len();
    st.subscriptions.retain(|s| !s.id.eq_ignore_ascii_case(id));
    if st.subscriptions.len() == before {
        Err(invalid(id, "id"))
    } else {
        void()
    }
}
