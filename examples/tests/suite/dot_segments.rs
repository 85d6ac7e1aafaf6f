//! Dot segments in paths (issue 16, class 6; docs/reliability.md): no id, in any
//! crate, can move a request up the path or drop a segment.
//!
//! Each row of the table is one kind of id that becomes a path segment, taken
//! through its crate's own constructor (`FromStr`, `new`) into that crate's
//! path-building endpoint and sent through the shared transport to a wiremock
//! server that answers every request (a catch-all). Each hostile id either is
//! refused with a `ValidationError` before anything is sent, or reaches the server
//! as exactly one segment right below the endpoint's prefix, decoding back to the
//! id. EasySecure and Allthenticate have no dynamic path segment (their ids
//! travel in bodies and queries); the last rows send through the shared transport
//! an endpoint of any crate that builds its path with `segment()`, and one that
//! forgets to.
//!
//! A second table decodes EF-45 answers whose ids are hostile: an id the device
//! answers is sent back as a path segment, so it is held to the same rule.

use std::borrow::Cow;
use std::str::FromStr;

use access_core::http::{Endpoint, Response, Transport, segment};
use access_core::model::CardNumber;
use access_core::{DecodeError, Error, ServiceError};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The hostile ids: dot segments plain and escaped, paths that climb, and nothing.
const HOSTILE: &[&str] = &[
    ".",
    "..",
    "%2e",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "%2e.",
    "a/..",
    "../x",
    "..\\x",
    "x/../../y",
    "",
    "./",
    "a/./b",
    "a?b",
    "a#b",
];

/// What happened to one id.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Refused with a `ValidationError` (by a constructor or before sending).
    Refused,
    /// Sent (whatever the server answered).
    Sent,
}

fn refused<T>(r: Result<T, access_core::ValidationError>) -> Result<T, Outcome> {
    r.map_err(|_| Outcome::Refused)
}

async fn send<E: Endpoint>(t: &Transport, endpoint: Result<E, Outcome>) -> Outcome {
    let endpoint = match endpoint {
        Ok(e) => e,
        Err(o) => return o,
    };
    match t.send(&endpoint, None).await {
        Err(Error::Validation(_)) => Outcome::Refused,
        _ => Outcome::Sent,
    }
}

/// One kind of id: the vendor, the endpoint, the base path of the transport, and
/// the prefix the request must stay under (the id is the next segment).
struct Row {
    name: &'static str,
    base: &'static str,
    prefix: &'static str,
    /// An id of this kind that is valid, to show the row reaches the server.
    control: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        name: "ef45 DeleteUser user_uuid",
        base: "/1.0/",
        prefix: "/1.0/user/",
        control: "u-1",
    },
    Row {
        name: "ef45 GetUser user_uuid",
        base: "/1.0/",
        prefix: "/1.0/user/",
        control: "111",
    },
    Row {
        name: "ef45 GetUserInfo user_uuid",
        base: "/1.0/",
        prefix: "/1.0/user-info/",
        control: "1",
    },
    Row {
        name: "ef45 DeleteUserInfo user_uuid",
        base: "/1.0/",
        prefix: "/1.0/user-info/",
        control: "1",
    },
    Row {
        name: "ef45 UserInfoByCard card",
        base: "/1.0/",
        prefix: "/1.0/user-info/card/",
        control: "65 D8 A1 BD",
    },
    Row {
        name: "ef45 GetSubject user_uuid",
        base: "/1.0/",
        prefix: "/1.0/subjects/",
        control: "1",
    },
    Row {
        name: "ef45 DeleteSubject user_uuid",
        base: "/1.0/",
        prefix: "/1.0/subjects/",
        control: "1",
    },
    Row {
        name: "ef45 FacesOfUser user_uuid",
        base: "/1.0/",
        prefix: "/1.0/faces/",
        control: "1",
    },
    Row {
        name: "ef45 GetFace user_uuid",
        base: "/1.0/",
        prefix: "/1.0/faces/",
        control: "1",
    },
    Row {
        name: "ef45 DeleteFace user_uuid",
        base: "/1.0/",
        prefix: "/1.0/faces/",
        control: "1",
    },
    Row {
        name: "ef45 ClearAntiPassback user_uuid",
        base: "/1.0/",
        prefix: "/1.0/user/",
        control: "1",
    },
    Row {
        name: "ef45 GetMatchData id",
        base: "/1.0/",
        prefix: "/1.0/match-data/",
        control: "e-1",
    },
    Row {
        name: "ef45 GetLog id",
        base: "/1.0/",
        prefix: "/1.0/logs/",
        control: "68",
    },
    Row {
        name: "ef45 Disconnect lock_uid",
        base: "/1.0/",
        prefix: "/1.0/lock/",
        control: "13dbb896-ed1e-11e6-9822-503f98000109",
    },
    Row {
        name: "iloq DeletePerson id",
        base: "/iloq/",
        prefix: "/iloq/api/v2/Persons/",
        control: "0b6c2a3e-5f4b-4c52-9d3e-2b1f6a7c8d90",
    },
    Row {
        name: "iloq GetPersonRoles id",
        base: "/iloq/",
        prefix: "/iloq/api/v2/Persons/",
        control: "0b6c2a3e-5f4b-4c52-9d3e-2b1f6a7c8d90",
    },
    Row {
        name: "iloq CanDeleteKeySecurityAccess access_id",
        base: "/iloq/",
        prefix: "/iloq/api/v2/Keys/0b6c2a3e-5f4b-4c52-9d3e-2b1f6a7c8d90/SecurityAccesses/",
        control: "1b6c2a3e-5f4b-4c52-9d3e-2b1f6a7c8d91",
    },
    Row {
        name: "iloq GetTimeLimitTitle id",
        base: "/iloq/",
        prefix: "/iloq/api/v2/TimeLimitTitles/",
        control: "0b6c2a3e-5f4b-4c52-9d3e-2b1f6a7c8d90",
    },
    Row {
        name: "iloq GetLock id",
        base: "/iloq/",
        prefix: "/iloq/api/v2/Locks/",
        control: "0b6c2a3e-5f4b-4c52-9d3e-2b1f6a7c8d90",
    },
    Row {
        name: "iloq DeleteSubscription id",
        base: "/iloq/",
        prefix: "/iloq/api/v2/Webhooks/Subscriptions/",
        control: "0b6c2a3e-5f4b-4c52-9d3e-2b1f6a7c8d90",
    },
    Row {
        name: "any crate: segment() + transport",
        base: "/api/",
        prefix: "/api/things/",
        control: "t-1",
    },
];

const KEY: &str = "0b6c2a3e-5f4b-4c52-9d3e-2b1f6a7c8d90";

/// Builds the row's endpoint from `id` with the crate's own constructors and sends it.
async fn run(row: &str, t: &Transport, id: &str) -> Outcome {
    use ef45_sdk as ef;
    use iloq_sdk as il;
    let user = || refused(ef::UserUuid::from_str(id));
    match row {
        "ef45 DeleteUser user_uuid" => send(t, user().map(ef::users::DeleteUser::new)).await,
        "ef45 GetUser user_uuid" => send(t, user().map(ef::users::GetUser::new)).await,
        "ef45 GetUserInfo user_uuid" => send(t, user().map(ef::users::GetUserInfo::new)).await,
        "ef45 DeleteUserInfo user_uuid" => {
            send(t, user().map(ef::users::DeleteUserInfo::new)).await
        }
        "ef45 UserInfoByCard card" => {
            let e = refused(CardNumber::from_hex_pairs(id))
                .and_then(|c| refused(ef::users::UserInfoByCard::new(c)));
            send(t, e).await
        }
        "ef45 GetSubject user_uuid" => send(t, user().map(ef::subjects::GetSubject::new)).await,
        "ef45 DeleteSubject user_uuid" => {
            send(t, user().map(ef::subjects::DeleteSubject::new)).await
        }
        "ef45 FacesOfUser user_uuid" => send(t, user().map(ef::faces::FacesOfUser::new)).await,
        "ef45 GetFace user_uuid" => {
            let sub = ef::faces::FaceSubId::new(1).unwrap();
            let e = user().and_then(|u| refused(ef::faces::GetFace::new(u, sub)));
            send(t, e).await
        }
        "ef45 DeleteFace user_uuid" => {
            let sub = ef::faces::FaceSubId::new(1).unwrap();
            let e = user().and_then(|u| refused(ef::faces::DeleteFace::new(u, sub)));
            send(t, e).await
        }
        "ef45 ClearAntiPassback user_uuid" => {
            send(t, user().map(ef::device::ClearAntiPassback::new)).await
        }
        "ef45 GetMatchData id" => send(t, Ok(ef::recognition::GetMatchData::new().id(id))).await,
        "ef45 GetLog id" => {
            let e = id
                .parse::<i64>()
                .map_err(|_| Outcome::Refused)
                .and_then(|n| refused(ef::logs::GetLog::new(n)));
            send(t, e).await
        }
        "ef45 Disconnect lock_uid" => {
            send(
                t,
                refused(ef::LockUid::new(id)).map(ef::lock::Disconnect::new),
            )
            .await
        }
        "iloq DeletePerson id" => {
            send(
                t,
                refused(il::PersonId::from_str(id)).map(il::persons::DeletePerson::new),
            )
            .await
        }
        "iloq GetPersonRoles id" => {
            let e = refused(il::PersonId::from_str(id)).map(il::persons::GetPersonRoles::new);
            send(t, e).await
        }
        "iloq CanDeleteKeySecurityAccess access_id" => {
            let key = il::KeyId::from_str(KEY).unwrap();
            let e = refused(il::SecurityAccessId::from_str(id))
                .map(|a| il::security_accesses::CanDeleteKeySecurityAccess::new(key, a));
            send(t, e).await
        }
        "iloq GetTimeLimitTitle id" => {
            let e = refused(il::TimeLimitTitleId::from_str(id))
                .map(il::time_limits::GetTimeLimitTitle::new);
            send(t, e).await
        }
        "iloq GetLock id" => {
            send(
                t,
                refused(il::LockId::from_str(id)).map(il::locks::GetLock::new),
            )
            .await
        }
        "iloq DeleteSubscription id" => {
            let e = refused(il::SubscriptionId::from_str(id))
                .map(il::webhooks::DeleteSubscription::new);
            send(t, e).await
        }
        "any crate: segment() + transport" => send(t, Ok(Thing(id.to_string(), true))).await,
        other => panic!("no row {other}"),
    }
}

/// An endpoint written like any vendor crate's, without a constructor that
/// checks its id: only `segment()` and the transport stand between the id and the
/// URL. With `.1 == false` it forgets `segment()`.
struct Thing(String, bool);

/// No documented failure.
#[derive(Debug)]
enum NoError {}

impl std::fmt::Display for NoError {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}
impl std::error::Error for NoError {}
impl ServiceError for NoError {
    fn from_response(_: &Response) -> Option<Self> {
        None
    }
}

impl Endpoint for Thing {
    type Output = ();
    type Error = NoError;
    const METHOD: access_core::http::Method = access_core::http::Method::DELETE;
    const NAME: &'static str = "DELETE /things/{id}";
    const IDEMPOTENT: bool = false;
    fn path(&self) -> Cow<'_, str> {
        if self.1 {
            format!("things/{}", segment(&self.0)).into()
        } else {
            format!("things/{}", self.0).into()
        }
    }
    fn decode(&self, _: Response) -> Result<(), DecodeError> {
        Ok(())
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn no_id_leaves_its_endpoint_prefix_in_any_crate() {
    let server = server().await;
    let mut cells = 0;
    let mut refusals = 0;
    for row in ROWS {
        let t = Transport::builder("test")
            .base_url(format!("{}{}", server.uri(), row.base))
            .build()
            .unwrap();
        for id in std::iter::once(&row.control).chain(HOSTILE) {
            server.reset().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(404))
                .mount(&server)
                .await;
            let outcome = run(row.name, &t, id).await;
            let requests = server.received_requests().await.unwrap_or_default();
            cells += 1;
            match outcome {
                Outcome::Refused => {
                    assert!(
                        *id != row.control,
                        "{}: the valid id {id:?} was refused",
                        row.name
                    );
                    assert!(
                        requests.is_empty(),
                        "{}: {id:?} refused but {} request(s) sent",
                        row.name,
                        requests.len()
                    );
                    refusals += 1;
                }
                Outcome::Sent => {
                    assert_eq!(requests.len(), 1, "{}: {id:?}", row.name);
                    let path = requests[0].url.path();
                    let rest = path.strip_prefix(row.prefix).unwrap_or_else(|| {
                        panic!(
                            "{}: {id:?} left the prefix {}: {path}",
                            row.name, row.prefix
                        )
                    });
                    let seg = rest.split('/').next().unwrap();
                    assert_eq!(
                        percent_decode(seg),
                        **id,
                        "{}: {id:?} was not sent as one segment: {path}",
                        row.name
                    );
                }
            }
        }
    }
    assert_eq!(cells, ROWS.len() * (HOSTILE.len() + 1));
    // `.`, `..` and the empty id are refused in every row.
    assert!(refusals >= ROWS.len() * 3, "{refusals}");
}

/// An endpoint that forgets `segment()`: the id may split into segments (the
/// reason every crate builds with `segment()`), but the request still never
/// climbs above the prefix, and a dot or empty segment is refused before sending.
#[tokio::test]
async fn without_segment_the_transport_still_refuses_dot_and_empty_segments() {
    let server = server().await;
    let t = Transport::builder("test")
        .base_url(format!("{}/api/", server.uri()))
        .build()
        .unwrap();
    for id in HOSTILE {
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        let outcome = send(&t, Ok(Thing(id.to_string(), false))).await;
        let requests = server.received_requests().await.unwrap_or_default();
        for r in &requests {
            let path = r.url.path();
            assert!(
                path.starts_with("/api/things/"),
                "{id:?} left the prefix: {path}"
            );
            assert!(
                !path.split('/').skip(1).any(|s| s.is_empty()
                    || s == "."
                    || s == ".."
                    || s.eq_ignore_ascii_case("%2e")
                    || s.eq_ignore_ascii_case("%2e%2e")),
                "{id:?}: {path}"
            );
        }
        if [
            ".",
            "..",
            "",
            "a/..",
            "../x",
            "x/../../y",
            "%2e%2e",
            "./",
            "a/./b",
        ]
        .contains(id)
        {
            assert_eq!(outcome, Outcome::Refused, "{id:?}");
            assert!(requests.is_empty(), "{id:?}");
        }
    }
}

/// Ids the EF-45 device answers are sent back as path segments (`DeleteMatchData`
/// of a polled event, `DeleteUser` of a listed user): decoding refuses `.`, `..`,
/// and an empty required id; an empty optional id is absent.
#[test]
fn ids_decoded_from_answers_refuse_dot_segments() {
    use ef45_sdk as ef;
    type Read = fn(&[u8]) -> Result<Option<String>, DecodeError>;
    fn json<T: serde::de::DeserializeOwned>(b: &[u8]) -> Result<T, DecodeError> {
        Response::new(200, Default::default(), b.to_vec()).json()
    }
    let rows: &[(&str, &str, Read)] = &[
        ("UserInfo.user_uuid", r#"{"user_uuid": @}"#, |b| {
            json::<ef::users::UserInfo>(b).map(|v| Some(v.user_uuid.to_string()))
        }),
        ("Subject.user_uuid", r#"{"user_uuid": @}"#, |b| {
            json::<ef::subjects::Subject>(b).map(|v| Some(v.user_uuid.to_string()))
        }),
        ("Face.user_uuid", r#"{"user_uuid": @, "sub_id": 1}"#, |b| {
            json::<ef::faces::Face>(b).map(|v| v.user_uuid.map(|u| u.to_string()))
        }),
        (
            "LogEntry.user_uuid",
            r#"{"id": 1, "event_type": "Recognition", "user_uuid": @}"#,
            |b| json::<ef::logs::LogEntry>(b).map(|v| v.user_uuid.map(|u| u.to_string())),
        ),
        ("MatchRecord.user_uuid", r#"{"user_uuid": @}"#, |b| {
            json::<ef::recognition::MatchRecord>(b).map(|v| v.user_uuid.map(|u| u.to_string()))
        }),
        ("MatchRecord.encounter_id", r#"{"encounter_id": @}"#, |b| {
            json::<ef::recognition::MatchRecord>(b).map(|v| v.encounter_id.map(|u| u.to_string()))
        }),
        (
            "BiometricRecord.encounter_id",
            r#"{"encounter_id": @}"#,
            |b| {
                json::<ef::enrolment::BiometricRecord>(b)
                    .map(|v| v.encounter_id.map(|u| u.to_string()))
            },
        ),
    ];
    for (name, template, read) in rows {
        // The control: a plain id decodes.
        let ok = template.replace('@', r#""111""#);
        assert_eq!(
            read(ok.as_bytes()).unwrap().as_deref(),
            Some("111"),
            "{name}"
        );
        for id in [".", "..", ""] {
            let body = template.replace('@', &serde_json::to_string(id).unwrap());
            match read(body.as_bytes()) {
                Err(_) => {}
                Ok(None) => assert_eq!(id, "", "{name}: {id:?} dropped instead of refused"),
                Ok(Some(v)) => panic!("{name}: {id:?} decoded as {v:?}"),
            }
        }
    }
}
