//! The router every vendor simulator is written on.
//!
//! A simulator is a context (its state behind a lock, its clock) and a
//! [`Router`] of plain functions, one per documented route:
//!
//! ```
//! use access_core::testkit::router::{Router, SimAnswer, SimError, SimRequest, SimResult};
//!
//! struct Ctx;
//!
//! fn get_person(_: &Ctx, req: &SimRequest<'_>) -> SimResult {
//!     let id: u32 = req.param("id")?;
//!     Ok(SimAnswer::json(&serde_json::json!({ "Person_ID": id })))
//! }
//!
//! fn vendor_error(e: &SimError) -> SimAnswer {
//!     SimAnswer::json_status(e.status, &serde_json::json!({ "Message": e.message }))
//! }
//!
//! let router = Router::new(vendor_error)
//!     .case_insensitive()
//!     .route("GET", "api/v2/Persons/{id}", get_person);
//! assert_eq!(router.find("GET", "/API/v2/persons/7").map(|m| m.pattern()), Some("api/v2/Persons/{id}"));
//! assert!(router.find("DELETE", "/api/v2/Persons/7").is_none());
//! ```
//!
//! The route key is the request's method and path unless the vendor says
//! otherwise ([`Router::key`]): EasySecure's SOAP webservice routes on the
//! function named in the envelope, as `("ESWS", "Esws.getUsers")`, which is
//! also the SDK's endpoint name, so a targeted fault names either the same way.

use std::str::FromStr;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wiremock::{Request, ResponseTemplate};

/// What a route answers: a status, a body, its content type and extra headers.
#[derive(Debug, Clone, PartialEq)]
pub struct SimAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body bytes (empty for none).
    pub body: Vec<u8>,
    /// The `Content-Type`, if the answer has a body.
    pub content_type: Option<String>,
    /// Further headers.
    pub headers: Vec<(String, String)>,
}

impl SimAnswer {
    /// 200 with `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(body: &T) -> Self {
        Self::json_status(200, body)
    }

    /// `status` with `body` as JSON.
    pub fn json_status<T: Serialize + ?Sized>(status: u16, body: &T) -> Self {
        let body = serde_json::to_vec(body).unwrap_or_else(|_| b"null".to_vec());
        Self::bytes(status, "application/json", body)
    }

    /// `status` with no body at all (a 200 or 204 acknowledgement).
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            body: Vec::new(),
            content_type: None,
            headers: Vec::new(),
        }
    }

    /// `status` with a text body of `content_type`.
    pub fn text(status: u16, content_type: &str, body: impl Into<String>) -> Self {
        Self::bytes(status, content_type, body.into().into_bytes())
    }

    /// `status` with a binary body of `content_type`.
    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            status,
            body,
            content_type: Some(content_type.to_string()),
            headers: Vec::new(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The wiremock template that sends this answer.
    pub fn into_template(self) -> ResponseTemplate {
        let mut t = ResponseTemplate::new(self.status);
        for (k, v) in self.headers {
            t = t.insert_header(k.as_str(), v.as_str());
        }
        match self.content_type {
            Some(ct) => t.set_body_raw(self.body, &ct),
            None if self.body.is_empty() => t,
            None => t.set_body_bytes(self.body),
        }
    }
}

/// A failure a route answers, rendered in the vendor's error shape by the
/// router's error-body builder ([`Router::new`]). Injected faults
/// ([`Faults`](super::Faults)) are rendered by the same builder, so a fault
/// arrives as the vendor's own typed error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimError {
    /// The HTTP status.
    pub status: u16,
    /// The vendor's error code, where it has one.
    pub code: Option<String>,
    /// The vendor's message.
    pub message: String,
    /// The routed path the failure answers (the simulator fills it in for a
    /// route's failure and an injected fault; EasySecure echoes it as `url`).
    pub path: Option<String>,
}

impl SimError {
    /// `status` with `message` and no code.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            code: None,
            message: message.into(),
            path: None,
        }
    }

    /// `status` with the vendor's `code` and `message`.
    pub fn coded(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: Some(code.into()),
            message: message.into(),
            path: None,
        }
    }

    /// 400 with `message`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }

    /// 404 with `message`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, message)
    }

    /// What an injected fault of `status` answers (`injected 503`).
    pub fn injected(status: u16) -> Self {
        Self::new(status, format!("injected {status}"))
    }
}

/// A route's outcome: an answer, or a failure in the vendor's error shape.
pub type SimResult = Result<SimAnswer, SimError>;

/// A route handler: a plain function over the simulator's context.
pub type Handler<C> = fn(&C, &SimRequest<'_>) -> SimResult;

/// A check run before every authenticated route (the vendor's session or key
/// check). Public routes ([`Router::public`]) skip it.
pub type Guard<C> = fn(&C, &SimRequest<'_>) -> Result<(), SimError>;

/// Renders a [`SimError`] in the vendor's error shape.
pub type ErrorBody = fn(&SimError) -> SimAnswer;

/// Computes a request's route key (method, path); `None` routes nowhere.
pub type KeyFn = fn(&Request) -> Option<(String, String)>;

/// The route key of an ordinary REST request: its method and URL path.
pub fn method_and_path(r: &Request) -> Option<(String, String)> {
    Some((r.method.as_str().to_string(), r.url.path().to_string()))
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Capture(String),
}

fn parse_pattern(pattern: &str) -> Vec<Segment> {
    segments(pattern)
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Capture(name.to_string()),
                None => Segment::Literal(s.to_string()),
            },
        )
        .collect()
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn eq(a: &str, b: &str, fold: bool) -> bool {
    if fold {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// A path segment with its `%XX` escapes read (lossily; `+` stays a plus).
fn decode(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_string();
    }
    let bytes = segment.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

struct Route<C> {
    method: String,
    pattern: &'static str,
    segments: Vec<Segment>,
    public: bool,
    handler: Handler<C>,
}

/// A route the router found for a request, with its captures.
#[derive(Debug, Clone)]
pub struct RouteMatch {
    index: usize,
    method: String,
    pattern: &'static str,
    captures: Vec<(String, String)>,
}

impl RouteMatch {
    /// The route's pattern, e.g. `api/v2/Persons/{id}`.
    pub fn pattern(&self) -> &'static str {
        self.pattern
    }

    /// The route's method.
    pub fn method(&self) -> &str {
        &self.method
    }
}

/// The routes of one simulator: method and path pattern to handler.
pub struct Router<C> {
    routes: Vec<Route<C>>,
    fold_case: bool,
    error_body: ErrorBody,
    guard: Option<Guard<C>>,
    key: KeyFn,
    method_not_allowed: Option<&'static str>,
}

impl<C> std::fmt::Debug for Router<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Router")
            .field("routes", &self.routes.len())
            .field("fold_case", &self.fold_case)
            .finish_non_exhaustive()
    }
}

impl<C> Router<C> {
    /// An empty router whose failures `error_body` renders in the vendor's shape.
    pub fn new(error_body: ErrorBody) -> Self {
        Self {
            routes: Vec::new(),
            fold_case: false,
            error_body,
            guard: None,
            key: method_and_path,
            method_not_allowed: None,
        }
    }

    /// Literal path segments compare case-insensitively (iLOQ's IIS does).
    pub fn case_insensitive(mut self) -> Self {
        self.fold_case = true;
        self
    }

    /// Whether literal segments compare case-insensitively.
    pub fn folds_case(&self) -> bool {
        self.fold_case
    }

    /// Runs `guard` before every route not added with [`public`](Self::public).
    pub fn guard(mut self, guard: Guard<C>) -> Self {
        self.guard = Some(guard);
        self
    }

    /// A known path asked with a method none of its routes takes answers 405
    /// with `message` (after the guard), in the vendor's error shape, instead
    /// of "no route". Off by default: the request is then unrouted.
    pub fn method_not_allowed(mut self, message: &'static str) -> Self {
        self.method_not_allowed = Some(message);
        self
    }

    /// The vendor's 405 for `path` asked with a method none of its routes
    /// takes, if the router answers 405 ([`method_not_allowed`](Self::method_not_allowed)).
    pub fn refuse_method(&self, ctx: &C, request: &Request, path: &str) -> Option<SimAnswer> {
        let message = self.method_not_allowed?;
        let parts: Vec<&str> = segments(path).collect();
        let known = self.routes.iter().any(|route| {
            route.segments.len() == parts.len()
                && route.segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => eq(l, p, self.fold_case),
                    Segment::Capture(_) => true,
                })
        });
        if !known {
            return None;
        }
        let req = SimRequest {
            request,
            path,
            captures: &[],
        };
        let mut e = match self.guard.map(|guard| guard(ctx, &req)) {
            Some(Err(refused)) => refused,
            _ => SimError::new(405, message),
        };
        e.path.get_or_insert_with(|| path.to_string());
        Some(self.error(&e))
    }

    /// Routes on `key` instead of the method and URL path.
    pub fn key(mut self, key: KeyFn) -> Self {
        self.key = key;
        self
    }

    /// Adds an authenticated route: `method` and a `pattern` of literal segments
    /// and `{name}` captures, relative to the simulator's base URL.
    pub fn route(self, method: &str, pattern: &'static str, handler: Handler<C>) -> Self {
        self.add(method, pattern, handler, false)
    }

    /// Adds a route the guard does not check (a login, a public lookup).
    pub fn public(self, method: &str, pattern: &'static str, handler: Handler<C>) -> Self {
        self.add(method, pattern, handler, true)
    }

    fn add(
        mut self,
        method: &str,
        pattern: &'static str,
        handler: Handler<C>,
        public: bool,
    ) -> Self {
        self.routes.push(Route {
            method: method.to_ascii_uppercase(),
            pattern,
            segments: parse_pattern(pattern),
            public,
            handler,
        });
        self
    }

    /// Every route as `METHOD pattern`, in the order added.
    pub fn routes(&self) -> Vec<String> {
        self.routes
            .iter()
            .map(|r| format!("{} {}", r.method, r.pattern))
            .collect()
    }

    /// The route for `method` and `path`. A route whose literal segments match
    /// more of the path wins over one that captures them, so
    /// `Persons/GetByExternalPersonIds` is not taken for `Persons/{id}`.
    pub fn find(&self, method: &str, path: &str) -> Option<RouteMatch> {
        let parts: Vec<&str> = segments(path).collect();
        let mut best: Option<(usize, usize)> = None;
        for (index, route) in self.routes.iter().enumerate() {
            if !route.method.eq_ignore_ascii_case(method) || route.segments.len() != parts.len() {
                continue;
            }
            let mut literals = 0;
            let matched = route.segments.iter().zip(&parts).all(|(s, p)| match s {
                Segment::Literal(l) => {
                    literals += 1;
                    eq(l, p, self.fold_case)
                }
                Segment::Capture(_) => true,
            });
            if matched && best.is_none_or(|(_, n)| literals > n) {
                best = Some((index, literals));
            }
        }
        let (index, _) = best?;
        let route = &self.routes[index];
        let captures = route
            .segments
            .iter()
            .zip(&parts)
            .filter_map(|(s, p)| match s {
                Segment::Capture(name) => Some((name.clone(), decode(p))),
                Segment::Literal(_) => None,
            })
            .collect();
        Some(RouteMatch {
            index,
            method: route.method.clone(),
            pattern: route.pattern,
            captures,
        })
    }

    /// The route key of `request` (see [`key`](Self::key)).
    pub fn key_of(&self, request: &Request) -> Option<(String, String)> {
        (self.key)(request)
    }

    /// Renders `error` in the vendor's shape.
    pub fn error(&self, error: &SimError) -> SimAnswer {
        (self.error_body)(error)
    }

    /// Answers `request` on its route: the guard, then the handler, with a
    /// failure rendered in the vendor's shape.
    pub fn answer(
        &self,
        ctx: &C,
        request: &Request,
        found: &RouteMatch,
        key_path: &str,
    ) -> SimAnswer {
        let route = &self.routes[found.index];
        let req = SimRequest {
            request,
            path: key_path,
            captures: &found.captures,
        };
        let outcome = match (route.public, self.guard) {
            (false, Some(guard)) => guard(ctx, &req).and_then(|()| (route.handler)(ctx, &req)),
            _ => (route.handler)(ctx, &req),
        };
        outcome.unwrap_or_else(|mut e| {
            e.path.get_or_insert_with(|| key_path.to_string());
            self.error(&e)
        })
    }
}

/// One request as a route handler sees it: the captures of its pattern, its
/// query, headers and body.
#[derive(Debug)]
pub struct SimRequest<'a> {
    request: &'a Request,
    path: &'a str,
    captures: &'a [(String, String)],
}

impl<'a> SimRequest<'a> {
    /// A request with no route captures (a control request).
    pub(crate) fn bare(request: &'a Request, path: &'a str) -> Self {
        Self {
            request,
            path,
            captures: &[],
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &str {
        self.request.method.as_str()
    }

    /// The routed path (the URL path for REST routes).
    pub fn path(&self) -> &str {
        self.path
    }

    /// The capture `name` as sent (percent-decoded); empty if the pattern has none.
    pub fn text(&self, name: &str) -> &str {
        self.captures
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The capture `name` parsed as `T`; a 400 naming the value if it does not parse.
    pub fn param<T: FromStr>(&self, name: &str) -> Result<T, SimError> {
        let raw = self.text(name);
        raw.parse().map_err(|_| {
            SimError::bad_request(format!("The value '{raw}' is not valid for {name}."))
        })
    }

    /// The first query value of `name` (percent-decoded).
    pub fn query(&self, name: &str) -> Option<String> {
        self.request
            .url
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// The first query value of `name`, compared case-insensitively.
    pub fn query_folded(&self, name: &str) -> Option<String> {
        self.request
            .url
            .query_pairs()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.into_owned())
    }

    /// Every query pair, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.request.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.request.body
    }

    /// The body as JSON (`null` when empty); a 400 when it is not JSON.
    pub fn json_value(&self) -> Result<Value, SimError> {
        if self.request.body.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&self.request.body)
            .map_err(|_| SimError::bad_request("The request body is not valid JSON."))
    }

    /// The body decoded as `T`; a 400 when it does not decode.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, SimError> {
        serde_json::from_slice(&self.request.body)
            .map_err(|e| SimError::bad_request(format!("The request body is invalid: {e}")))
    }

    /// The underlying wiremock request.
    pub fn raw(&self) -> &'a Request {
        self.request
    }
}

/// Whether the route key `(method, path)` is addressed by `target`, an
/// endpoint name such as `GET /api/v2/Persons/{id}` or `ESWS Esws.getUsers`:
/// the same method, and the target's segments match the end of the path
/// (a `{...}` segment matches any one segment).
pub(crate) fn target_matches(target: &str, method: &str, path: &str, fold: bool) -> bool {
    let Some((t_method, t_path)) = target.split_once(' ') else {
        return false;
    };
    if !t_method.eq_ignore_ascii_case(method) {
        return false;
    }
    // A name may show the query it needs (`GET /logs?min&max`): only the path routes.
    let t_path = t_path.split_once('?').map_or(t_path, |(p, _)| p);
    let want: Vec<&str> = segments(t_path).collect();
    let got: Vec<&str> = segments(path).collect();
    if want.len() > got.len() {
        return false;
    }
    let tail = &got[got.len() - want.len()..];
    want.iter().zip(tail).all(|(w, g)| {
        (w.starts_with('{') && w.ends_with('}')) || eq(w, g, fold) || eq(w, &decode(g), fold)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(_: &(), _: &SimRequest<'_>) -> SimResult {
        Ok(SimAnswer::empty(204))
    }

    fn body(e: &SimError) -> SimAnswer {
        SimAnswer::json_status(e.status, &serde_json::json!({ "message": e.message }))
    }

    #[test]
    fn literals_win_over_captures_and_case_folds_only_when_asked() {
        let r = Router::<()>::new(body)
            .route("GET", "Persons/{id}", ok)
            .route("GET", "Persons/GetByExternalPersonIds", ok);
        assert_eq!(
            r.find("GET", "/Persons/GetByExternalPersonIds")
                .unwrap()
                .pattern(),
            "Persons/GetByExternalPersonIds"
        );
        assert_eq!(
            r.find("GET", "/Persons/x%2Fy").unwrap().captures[0].1,
            "x/y"
        );
        assert!(r.find("GET", "/persons/1").is_none());
        let folded = Router::<()>::new(body)
            .case_insensitive()
            .route("GET", "Persons/{id}", ok);
        assert!(folded.find("get", "/PERSONS/1").is_some());
        assert!(folded.find("GET", "/Persons/1/Keys").is_none());
    }

    #[test]
    fn targets_match_the_end_of_the_path() {
        assert!(target_matches(
            "GET /api/v2/Persons/{id}",
            "GET",
            "/pool/api/v2/Persons/7",
            false
        ));
        assert!(!target_matches(
            "GET /api/v2/Persons/{id}",
            "PUT",
            "/api/v2/Persons/7",
            false
        ));
        assert!(!target_matches(
            "GET /api/v2/Persons/{id}",
            "GET",
            "/api/v2/Persons",
            false
        ));
        assert!(target_matches(
            "ESWS Esws.getUsers",
            "ESWS",
            "Esws.getUsers",
            false
        ));
        assert!(!target_matches(
            "POST /admins/setUsers",
            "POST",
            "/admins/getUsers",
            false
        ));
    }
}
