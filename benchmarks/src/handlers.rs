//! Loopback answers in each vendor's shape, for the fixed-response server.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use serde_json::{Value, json};

use crate::fixtures;
use crate::server::{Handler, Reply, Request};

fn as_u64(v: &Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// Counters of an EasySecure loopback server.
#[derive(Debug, Default)]
pub struct EsCounters {
    /// `refreshToken` requests received.
    pub refreshes: AtomicU64,
    /// `getUsers` requests received.
    pub get_users: AtomicU64,
    /// `getLogs` requests received.
    pub get_logs: AtomicU64,
}

/// EasySecure's REST API as far as the benchmarks call it: `getUsers` answers
/// `users` (fixed), `refreshToken` a new token after `refresh_delay`,
/// `getLogsMinMaxIds` ids 1..=`log_count`, `getLogs` the entries of the asked
/// id range, generated on the fly (constant memory whatever the log size).
pub fn easysecure(
    users: Bytes,
    log_count: u64,
    refresh_delay: Option<Duration>,
    counters: Arc<EsCounters>,
) -> Handler {
    let tokens = Bytes::from_static(
        br#"{"idToken":"bench-id-token-2","refreshToken":"bench-refresh-token","expiresIn":3600}"#,
    );
    let range = Bytes::from(
        serde_json::to_vec(&json!({"minId": "1", "maxId": log_count})).unwrap_or_default(),
    );
    Arc::new(move |r: &Request| match r.path.as_str() {
        "/admins/getUsers" => {
            counters.get_users.fetch_add(1, Ordering::Relaxed);
            Reply::json(users.clone())
        }
        "/admins/refreshToken" => {
            counters.refreshes.fetch_add(1, Ordering::Relaxed);
            let reply = Reply::json(tokens.clone());
            match refresh_delay {
                Some(d) => reply.delayed(d),
                None => reply,
            }
        }
        "/admins/getLogsMinMaxIds" => Reply::json(range.clone()),
        "/admins/getLogs" => {
            counters.get_logs.fetch_add(1, Ordering::Relaxed);
            let body = r.json();
            let from = body
                .get("exportIdFrom")
                .and_then(as_u64)
                .unwrap_or(1)
                .max(1);
            let to = body
                .get("exportIdTo")
                .and_then(as_u64)
                .unwrap_or(0)
                .min(log_count);
            if from > to {
                Reply::json(Bytes::from_static(b"[]"))
            } else {
                Reply::json(fixtures::easysecure_logs(from, to))
            }
        }
        _ => Reply::status(404, Bytes::from_static(br#"{"message":"Not found"}"#)),
    })
}

/// The lock group every iLOQ loopback session selects.
pub fn iloq_lock_group() -> String {
    fixtures::uuid(0x24, 1)
}

/// iLOQ's session setup (`Url/GetUrl` keeps the service address,
/// `CreateSession`, one `LockGroups` entry, `SetLockgroup`) and `GET /Persons`
/// answering `persons` (fixed).
pub fn iloq(persons: Bytes) -> Handler {
    iloq_with(persons, Vec::new())
}

/// [`iloq`] with more fixed answers: `(path, body)`.
pub fn iloq_with(persons: Bytes, extra: Vec<(&'static str, Bytes)>) -> Handler {
    let session = Bytes::from_static(br#"{"Result":0,"SessionID":"bench-session-id"}"#);
    let groups = Bytes::from(
        serde_json::to_vec(
            &json!([{ "LockGroup_ID": iloq_lock_group(), "Name": "Bench", "State": 0 }]),
        )
        .unwrap_or_default(),
    );
    let rights = Bytes::from_static(br#"{"RightsMask":0}"#);
    Arc::new(move |r: &Request| match r.path.as_str() {
        "/api/v2/Url/GetUrl" => Reply::json(Bytes::from_static(b"\"\"")),
        "/api/v2/CreateSession" => Reply::json(session.clone()),
        "/api/v2/LockGroups" => Reply::json(groups.clone()),
        "/api/v2/SetLockgroup" => Reply::json(rights.clone()),
        "/api/v2/Persons" => Reply::json(persons.clone()),
        other => match extra.iter().find(|(p, _)| *p == other) {
            Some((_, body)) => Reply::json(body.clone()),
            None => Reply::status(404, Bytes::from_static(br#"{"message":"Not found"}"#)),
        },
    })
}

/// A fixed answer for each `(path, body)`; 404 elsewhere.
pub fn fixed(routes: Vec<(&'static str, Bytes)>) -> Handler {
    Arc::new(
        move |r: &Request| match routes.iter().find(|(p, _)| *p == r.path) {
            Some((_, body)) => Reply::json(body.clone()),
            None => Reply::status(404, Bytes::from_static(br#"{"message":"Not found"}"#)),
        },
    )
}

/// The `lock_uid` every EF-45 loopback connect answers.
pub fn ef45_lock_uid() -> String {
    fixtures::uuid(0x41, 1)
}

/// An EF-45 answering `POST /1.0/lock` and `GET /1.0/biometric-data/v2` (fixed).
pub fn ef45_biometric(body: Bytes) -> Handler {
    let lock = Bytes::from(
        serde_json::to_vec(&json!({ "lock_uid": ef45_lock_uid() })).unwrap_or_default(),
    );
    fixed(vec![("/1.0/lock", lock), ("/1.0/biometric-data/v2", body)])
}
