//! The URL, the session and the locking system (`crate::auth`).

use access_core::testkit::{SimAnswer, SimRequest, SimResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::state::{SimSession, text};
use super::{Ctx, body, check_pool, invalid, ok, session_id, uuid_field, void};

/// `POST Url/GetUrl`: the pool URL **with a trailing slash** (`{uri}/iloqwspool1/`,
/// `{uri}` being `http://` and the request's `Host`, or the server's own
/// address without one), or `""` when the knob says so. `CustomerCode` is 2 to 50 characters **\[V\]** ENK.
pub(super) fn get_url(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let code = text(&body(req), "CustomerCode").unwrap_or_default();
    if !(2..=50).contains(&code.len()) {
        return Err(invalid(code, "CustomerCode"));
    }
    let st = ctx.lock();
    if st.get_url_empty {
        return ok(json!(""));
    }
    let base = request_base(req)
        .or_else(|| ctx.base.get().cloned())
        .unwrap_or_default();
    ok(json!(format!("{base}/{}/", st.pool)))
}

/// `http://{Host}` from the request's `Host` header, when it names a host
/// (and port): the address the caller reached the simulator at, which is the
/// one to answer when the simulator listens on `0.0.0.0` or behind a port
/// mapping. `None` without a usable header.
fn request_base(req: &SimRequest<'_>) -> Option<String> {
    let host = req.header("host")?.trim();
    let usable = !host.is_empty()
        && !host
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '/' | '\\' | '@' | '?' | '#'));
    usable.then(|| format!("http://{host}"))
}

/// `POST CreateSession` (on the pool): `{"Result": 0, "SessionID"}`, or
/// `Result` 5 and no session for wrong credentials (HTTP 200 **\[I\]**).
pub(super) fn create_session(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let now = ctx.now();
    let b = body(req);
    let mut st = ctx.lock();
    check_pool(&st, req)?;
    let field = |k: &str| text(&b, k).unwrap_or_default();
    let login = &ctx.login;
    if field("UserName") != login.user_name
        || field("Password") != login.password
        || field("CustomerCode") != login.customer_code
    {
        return ok(json!({ "Result": 5, "SessionID": null }));
    }
    let id = Uuid::new_v4().to_string();
    st.sessions.insert(
        id.clone(),
        SimSession {
            lock_group: None,
            last_used: now,
        },
    );
    // HEL's real fixture shows Result 0 on success.
    ok(json!({ "Result": 0, "SessionID": id }))
}

/// `GET LockGroups`: the one seeded locking system.
pub(super) fn lock_groups(ctx: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(json!([ctx.lock().lock_group_json()]))
}

/// `POST SetLockgroup`: selects the locking system for the session.
pub(super) fn set_lockgroup(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    let b = body(req);
    let mut st = ctx.lock();
    let id = uuid_field(&b, "LockGroup_ID");
    if id != Some(st.lock_group) {
        return Err(invalid(
            b.get("LockGroup_ID").unwrap_or(&Value::Null),
            "LockGroup_ID",
        ));
    }
    if let Some(s) = st.sessions.get_mut(session_id(req)) {
        s.lock_group = id;
    }
    ok(json!({ "RightsMask": 2_251_799_813_685_248u64 * 2 - 1 }))
}

/// `GET KillSession`: ends the session.
pub(super) fn kill_session(ctx: &Ctx, req: &SimRequest<'_>) -> SimResult {
    ctx.lock().sessions.remove(session_id(req));
    void()
}

/// `GET Test`: "Test OK".
pub(super) fn test(_: &Ctx, _: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json("Test OK"))
}

/// `GET Version`: the assembly version.
pub(super) fn version(_: &Ctx, _: &SimRequest<'_>) -> SimResult {
    Ok(SimAnswer::json("7.5.0.0 (simulated)"))
}

/// `GET LockGroups/ConnectionSettings`.
pub(super) fn connection_settings(_: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(json!({
        "SignalMessageServiceAddress": "https://signal.example.invalid/",
        "SignalRServiceAddress": "https://signalr.example.invalid/"
    }))
}

/// `POST LockGroups/GenerateAccessToken`: a fresh token.
pub(super) fn generate_access_token(_: &Ctx, _: &SimRequest<'_>) -> SimResult {
    ok(json!({ "AccessToken": Uuid::new_v4().simple().to_string() }))
}
