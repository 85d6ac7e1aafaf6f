//! Webhooks (beta, `crate::webhooks`): events, subscriptions and their
//! payloads; deliveries are recorded by the state's `emit`. Event and
//! subscription ids are GUIDs **\[V\]** OpenAPI.

use access_core::testkit::{SimError, SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{SimPayload, SimSubscription, State, WEBHOOK_EVENTS, seed_id, text};
use super::{Ctx, body, capture, invalid, ok, refuse, utc_field, uuid_field, void};

/// `GET Webhooks/Events`: `key_added`, `key_blocklisted`, `device_log_arrived`.
pub(super) fn events(_: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(Value::Array(
        WEBHOOK_EVENTS
            .iter()
            .map(|(n, name, display, description)| {
                json!({"Id": seed_id(*n), "Name": name, "DisplayName": display, "Description": description})
            })
            .collect(),
    ))
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

/// The subscription in the capture `{id}`, which must exist.
fn subscription_id(st: &State, req: &SimRequest<'_>) -> Result<Uuid, SimError> {
    let id = capture(req, "id")?;
    if st.subscriptions.iter().any(|s| s.id == id) {
        Ok(id)
    } else {
        Err(invalid(req.text("id"), "id"))
    }
}

/// `GET Webhooks/Subscriptions/{id}`.
pub(super) fn subscription(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = subscription_id(&st, req)?;
    match st.subscriptions.iter().find(|s| s.id == id) {
        Some(s) => ok(s.to_json()),
        None => Err(invalid(id, "id")),
    }
}

/// The writable fields of an `AddSubscriptionParam` (POST and PUT): a known
/// event (GUID), an absolute target, start before end.
fn read_subscription(b: &Value) -> Result<SimSubscription, SimError> {
    let Some(id) = uuid_field(b, "SubscriptionId") else {
        return Err(invalid(
            b.get("SubscriptionId").unwrap_or(&Value::Null),
            "SubscriptionId",
        ));
    };
    let event_id = uuid_field(b, "WebhookEventId")
        .filter(|e| WEBHOOK_EVENTS.iter().any(|(n, ..)| seed_id(*n) == *e));
    let Some(event_id) = event_id else {
        return Err(invalid(
            b.get("WebhookEventId").unwrap_or(&Value::Null),
            "WebhookEventId",
        ));
    };
    let target = text(b, "TargetEndpointUri").unwrap_or_default();
    if !(target.starts_with("https://") || target.starts_with("http://")) {
        return Err(invalid(&target, "TargetEndpointUri"));
    }
    let (start, end) = (utc_field(b, "StartDateUtc"), utc_field(b, "EndDateUtc"));
    match (start, end) {
        (Some(s), Some(e)) if s < e && e - s <= chrono::Duration::days(366) => {}
        _ => return Err(invalid("EndDateUtc", "EndDateUtc")),
    }
    Ok(SimSubscription {
        id,
        event_id,
        target,
        start,
        end,
        custom_header: text(b, "CustomHeader"),
        json_path_filter: text(b, "JsonPathFilter"),
        sign_key: Uuid::new_v4().simple().to_string(),
        counter: 0,
    })
}

/// `POST Webhooks/Subscriptions` (`AddSubscriptionParam`): at most 3
/// subscriptions per event per locking system; void (the `SignKey` is read
/// with `GET Webhooks/Subscriptions/{id}`) **\[V\]** OpenAPI.
pub(super) fn subscribe(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let sub = read_subscription(&body(req))?;
    let mut st = ctx.lock();
    if st.subscriptions.iter().any(|s| s.id == sub.id) {
        return Err(invalid(sub.id, "SubscriptionId"));
    }
    if st
        .subscriptions
        .iter()
        .filter(|s| s.event_id == sub.event_id)
        .count()
        >= 3
    {
        return Err(refuse(
            "At most 3 subscriptions per event per locking system",
        ));
    }
    st.subscriptions.push(sub);
    void()
}

/// `PUT Webhooks/Subscriptions` (`AddSubscriptionParam`): every writable
/// field replaced; the `SignKey` and counter stay.
pub(super) fn update(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let new = read_subscription(&body(req))?;
    let mut st = ctx.lock();
    match st.subscriptions.iter_mut().find(|s| s.id == new.id) {
        Some(s) => {
            *s = SimSubscription {
                sign_key: s.sign_key.clone(),
                counter: s.counter,
                ..new
            };
            void()
        }
        None => Err(invalid(new.id, "SubscriptionId")),
    }
}

/// `DELETE Webhooks/Subscriptions/{id}` (its payloads go with it).
pub(super) fn unsubscribe(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let mut st = ctx.lock();
    let id = subscription_id(&st, req)?;
    st.subscriptions.retain(|s| s.id != id);
    st.payloads.retain(|p| p.subscription != id);
    void()
}

/// The subscriptions with a payload in state 3 or 4
/// (`GetSubscriptionsWithPendingPayloadsResult`).
fn pending_subscriptions(st: &State) -> Value {
    let ids: std::collections::BTreeSet<Uuid> = st
        .payloads
        .iter()
        .filter(|p| matches!(p.state, 3 | 4))
        .map(|p| p.subscription)
        .collect();
    json!({ "SubscriptionIds": ids.into_iter().collect::<Vec<_>>() })
}

/// `GET Webhooks/Subscriptions/PendingPayloads`.
pub(super) fn pending_payloads(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(pending_subscriptions(&ctx.lock()))
}

/// `GET Webhooks/Subscriptions/PendingEvents` (deprecated, the same answer).
pub(super) fn pending_events(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(pending_subscriptions(&ctx.lock()))
}

/// The subscription's payloads matching `keep`, the most recent first, at most 1000.
fn payloads_of(st: &State, id: Uuid, keep: impl Fn(&SimPayload) -> bool) -> Value {
    Value::Array(
        st.payloads
            .iter()
            .rev()
            .filter(|p| p.subscription == id && keep(p))
            .take(1000)
            .map(SimPayload::to_json)
            .collect(),
    )
}

/// `GET Webhooks/Subscriptions/{id}/Payloads?state=` (`state` required).
pub(super) fn payloads(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = subscription_id(&st, req)?;
    let raw = req.query("state").unwrap_or_default();
    let Ok(state) = raw.parse::<i64>() else {
        return Err(invalid(raw, "state"));
    };
    ok(payloads_of(&st, id, |p| p.state == state))
}

/// `GET Webhooks/Subscriptions/{id}/PendingEvents` (deprecated): the payloads
/// not sent successfully (state 3 or 4).
pub(super) fn pending_events_of(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let st = ctx.lock();
    let id = subscription_id(&st, req)?;
    ok(payloads_of(&st, id, |p| matches!(p.state, 3 | 4)))
}
