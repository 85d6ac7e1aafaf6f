//! Checking the exact request an SDK sent, for the request-shape tables
//! (`tests/suite/request_shape.rs` in each vendor crate): one row per endpoint,
//! its answer set per row on one wiremock server ([`AnswerSlot`]), the captured
//! request compared with the documented method, path and JSON body. Where the
//! credential goes differs per vendor and stays in each crate's table.

use std::sync::{Arc, Mutex};

use serde_json::Value;
use wiremock::{Request, Respond, ResponseTemplate};

/// The answer the server gives the next request; a table sets it per row
/// before sending the row's request.
#[derive(Clone)]
pub struct AnswerSlot(Arc<Mutex<ResponseTemplate>>);

impl AnswerSlot {
    /// A slot answering `answer` until set otherwise.
    pub fn new(answer: ResponseTemplate) -> Self {
        Self(Arc::new(Mutex::new(answer)))
    }

    /// Answers `answer` from now on.
    pub fn set(&self, answer: ResponseTemplate) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = answer;
    }
}

impl Respond for AnswerSlot {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The one value of header `name`, `None` when absent; more than one (or one
/// that is not text) is an error.
pub fn single_header(r: &Request, name: &str) -> Result<Option<String>, String> {
    let all: Vec<_> = r.headers.get_all(name).iter().collect();
    match all.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.to_str().map_err(|e| e.to_string())?.to_string())),
        many => Err(format!("{} `{name}` headers", many.len())),
    }
}

/// Pushes a line onto `bad` for another method or path than documented.
pub fn check_target(r: &Request, method: &str, path: &str, bad: &mut Vec<String>) {
    if r.method.as_str() != method {
        bad.push(format!("method {} (expected {method})", r.method));
    }
    if r.url.path() != path {
        bad.push(format!("path {} (expected {path})", r.url.path()));
    }
}

/// Pushes a line onto `bad` unless the body is exactly `want` as JSON with
/// `Content-Type: application/json`, or, for `None`, no body and no
/// `Content-Type` at all.
pub fn check_json_body(r: &Request, want: Option<&Value>, bad: &mut Vec<String>) {
    let content_type = single_header(r, "content-type");
    let Some(want) = want else {
        if !r.body.is_empty() {
            bad.push(format!(
                "body `{}` (expected none)",
                String::from_utf8_lossy(&r.body)
            ));
        }
        if !matches!(content_type, Ok(None)) {
            bad.push(format!("Content-Type {content_type:?} without a body"));
        }
        return;
    };
    if !matches!(&content_type, Ok(Some(ct)) if ct == "application/json") {
        bad.push(format!(
            "Content-Type {content_type:?} (expected application/json)"
        ));
    }
    match serde_json::from_slice::<Value>(&r.body) {
        Ok(got) if &got == want => {}
        Ok(got) => bad.push(format!("body\n    {got}\n  expected\n    {want}")),
        Err(e) => bad.push(format!(
            "body is not JSON ({e}): {}",
            String::from_utf8_lossy(&r.body)
        )),
    }
}
