//! ESWS, the SOAP webservice (feature `soap`): reading request envelopes,
//! writing answers and faults, and the company-key check every function runs.
//!
//! A request is a SOAP 1.1 RPC/encoded envelope `POST /webservicesesws` whose
//! body holds one `Esws.<function>` element with one element per parameter
//! (`p_infoFields` an Apache map of `item`/`key`/`value`). The envelope is read
//! here with quick-xml, by hand, never with the SDK's own reader, and answers
//! are written by hand in the shape of PHP's SoapServer output (the samples'
//! shape **\[V\]** D); the success strings the pages do not show (`OK` of
//! updateUser*, the getSyncStatus values `PENDING`/`DONE`) are inferred **\[I\]**.
//!
//! ESWS answers its documented failures inside a 200 answer (the string result,
//! or the first field of a list item); a SOAP Fault is for what PHP itself
//! refuses, and for failures injected with a `SOAP-ENV:` code.

pub(super) mod cards;
pub(super) mod faces;
pub(super) mod groups;
pub(super) mod logs;
pub(super) mod qr;
pub(super) mod sync;
pub(super) mod users;

use std::collections::BTreeMap;

use access_core::testkit::{SimAnswer, SimError, SimRequest, SimResult};
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::Event;
use wiremock::Request;

use super::Sim;
use crate::testkit::state::{Company, EswsState, KeyKind};

/// The webservice's path below its host.
const PATH: &str = "/webservicesesws";
/// The ESWS namespace URI.
const NAMESPACE: &str = "uen:esws";
/// The SOAP encoding style URI.
const ENCODING_STYLE: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// What getLogs/getLogsById answer in `Terminal` when there is nothing **\[V\]** D.
const NO_RECORD: &str = "-1 NO RECORD";
/// The fault code of a request PHP cannot read.
pub(crate) const CLIENT_FAULT: &str = "SOAP-ENV:Client";
/// The fault code of a failure of the service.
pub(crate) const SERVER_FAULT: &str = "SOAP-ENV:Server";
/// How deep a request envelope may nest (envelope, body, function, map, item, key).
const MAX_DEPTH: usize = 16;

/// Whether `request` is addressed to the webservice.
pub(super) fn is_esws_request(request: &Request) -> bool {
    request.method.as_str() == "POST" && request.url.path().trim_end_matches('/') == PATH
}

/// The function an ESWS request calls, as its route names it (`Esws.getUsers`);
/// `None` when the body is no envelope of an `Esws.` function.
pub(crate) fn function_of(body: &[u8]) -> Option<String> {
    parse_call(body)
        .ok()
        .map(|c| format!("Esws.{}", c.function))
}

/// Whether a failure is to be answered as a SOAP Fault: it answers an ESWS
/// function (its routed path is `Esws.<function>`, which the server fills in
/// for route failures and injected faults alike), or its code is `SOAP-ENV:…`.
pub(super) fn is_fault_code(e: &SimError) -> bool {
    e.path.as_deref().is_some_and(|p| p.starts_with("Esws."))
        || e.code
            .as_deref()
            .is_some_and(|c| c.starts_with("SOAP-ENV:"))
}

/// A failure as a SOAP Fault, as PHP's SoapServer sends it: `faultcode` the
/// error's `SOAP-ENV:` code (else `SOAP-ENV:Client` for a 4xx and
/// `SOAP-ENV:Server` otherwise), `faultstring` its message, the error's status.
/// A 404 (the router's "no route": a function the service does not have) is
/// answered as PHP answers an unknown function, a Server fault with HTTP 500.
pub(crate) fn fault(e: &SimError) -> SimAnswer {
    let code = match e.code.as_deref() {
        Some(c) if c.starts_with("SOAP-ENV:") => c,
        _ if (400..500).contains(&e.status) && e.status != 404 => CLIENT_FAULT,
        _ => SERVER_FAULT,
    };
    let status = if e.status == 404 { 500 } else { e.status };
    SimAnswer::text(
        status,
        "text/xml; charset=utf-8",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>{}</faultcode><faultstring>{}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>",
            escape(code),
            escape(e.message.as_str())
        ),
    )
}

// --- reading ---------------------------------------------------------------

/// One element of a request envelope: local name, text, children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, local: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == local)
    }
}

fn local_name(qname: &[u8]) -> String {
    let local = match qname.iter().rposition(|b| *b == b':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    };
    String::from_utf8_lossy(local).into_owned()
}

/// Reads a whole request document into its root element.
fn read_tree(body: &[u8]) -> Result<Node, String> {
    let mut reader = Reader::from_reader(body);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    let push_child =
        |stack: &mut Vec<Node>, root: &mut Option<Node>, node: Node| match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => *root = Some(node),
        };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML: {e}"))?;
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH || root.is_some() {
                    return Err("unexpected element".into());
                }
                stack.push(Node {
                    name: local_name(e.name().as_ref()),
                    ..Node::default()
                });
            }
            Event::Empty(e) => {
                if root.is_some() {
                    return Err("content after the root element".into());
                }
                let node = Node {
                    name: local_name(e.name().as_ref()),
                    ..Node::default()
                };
                push_child(&mut stack, &mut root, node);
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("closing tag without an opening tag")?;
                push_child(&mut stack, &mut root, node);
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| format!("bad text: {e}"))?;
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| format!("bad CDATA: {e}"))?;
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .ok()
                        .flatten()
                        .ok_or("bad character reference")?
                        .to_string()
                } else {
                    let name = r.decode().map_err(|e| format!("bad entity: {e}"))?;
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("unknown entity &{name};"))?
                        .to_string()
                };
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("truncated document".into());
    }
    root.ok_or_else(|| "no element".into())
}

/// A parsed request: the function (without `Esws.`) and its parameters.
#[derive(Debug)]
pub(super) struct Call {
    pub(super) function: String,
    params: BTreeMap<String, String>,
    /// `p_infoFields`: its items' keys and values.
    pub(super) info: BTreeMap<String, String>,
}

impl Call {
    /// A parameter, trimmed; empty when absent.
    pub(super) fn get(&self, name: &str) -> &str {
        self.params.get(name).map(|s| s.trim()).unwrap_or("")
    }

    /// A parameter as an integer.
    pub(super) fn num(&self, name: &str) -> Option<i64> {
        self.get(name).parse().ok()
    }

    /// A parameter, `None` when empty.
    pub(super) fn opt_text(&self, name: &str) -> Option<String> {
        let v = self.get(name);
        (!v.is_empty()).then(|| v.to_string())
    }

    /// A `0`/`1` parameter.
    pub(super) fn opt_flag(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    }
}

fn parse_call(body: &[u8]) -> Result<Call, String> {
    let root = read_tree(body)?;
    if root.name != "Envelope" {
        return Err("not a SOAP envelope".into());
    }
    let soap_body = root.child("Body").ok_or("no Body")?;
    let op = soap_body.children.first().ok_or("empty Body")?;
    let function = op
        .name
        .strip_prefix("Esws.")
        .ok_or("the operation is not Esws.<function>")?
        .to_string();
    let mut params = BTreeMap::new();
    let mut info = BTreeMap::new();
    for p in &op.children {
        if p.children.is_empty() {
            params.insert(p.name.clone(), p.text.clone());
            continue;
        }
        for item in &p.children {
            let part = |name| item.child(name).map(|e| e.text.clone()).unwrap_or_default();
            info.insert(part("key"), part("value"));
        }
        params.insert(p.name.clone(), String::new());
    }
    Ok(Call {
        function,
        params,
        info,
    })
}

// --- writing ---------------------------------------------------------------

/// A return value to write.
pub(super) enum Ret {
    /// `xsd:string`.
    Text(String),
    /// `xsi:nil` (PHP `NULL`).
    Nil,
    /// A `SOAP-ENC:Array` of `tns:<type>` items with `(name, value)` members.
    List(&'static str, Vec<Item>),
}

/// The members of one list item.
pub(super) type Item = Vec<(&'static str, String)>;

impl Ret {
    /// A string result.
    pub(super) fn text(t: impl Into<String>) -> Self {
        Ret::Text(t.into())
    }
}

fn envelope(function: &str, ret: &Ret) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" ",
    );
    out.push_str(&format!(
        "xmlns:ns1=\"{NAMESPACE}\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" \
         SOAP-ENV:encodingStyle=\"{ENCODING_STYLE}\"><SOAP-ENV:Body><ns1:Esws.{function}Response>"
    ));
    match ret {
        Ret::Text(t) => out.push_str(&format!(
            "<return xsi:type=\"xsd:string\">{}</return>",
            escape(t.as_str())
        )),
        Ret::Nil => out.push_str("<return xsi:nil=\"true\"/>"),
        Ret::List(ty, items) => {
            out.push_str(&format!(
                "<return SOAP-ENC:arrayType=\"tns:{ty}[{}]\" xsi:type=\"SOAP-ENC:Array\">",
                items.len()
            ));
            for item in items {
                out.push_str(&format!("<item xsi:type=\"tns:{ty}\">"));
                for (k, v) in item {
                    out.push_str(&format!(
                        "<{k} xsi:type=\"xsd:string\">{}</{k}>",
                        escape(v.as_str())
                    ));
                }
                out.push_str("</item>");
            }
            out.push_str("</return>");
        }
    }
    out.push_str(&format!(
        "</ns1:Esws.{function}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    ));
    out
}

/// Where a list function's errors go: the first member of one item.
fn error_item(function: &str, text: &str) -> Ret {
    let (ty, field): (&'static str, &'static str) = match function {
        "getGroups" => ("getGroupsObject", "GroupId"),
        "getMultipleUsersIds2" => ("getMultipleUsersIds2Object", "UserId"),
        "getUsersByInfoField" => ("getUsersByInfoFieldObject", "UserId"),
        "getLogs" | "getLogsById" => ("getLogsObject", "Terminal"),
        _ => ("getUsersObject", "UserId"),
    };
    Ret::List(ty, vec![vec![(field, text.to_string())]])
}

fn is_list(function: &str) -> bool {
    matches!(
        function,
        "getUsers"
            | "getGroups"
            | "getLogs"
            | "getLogsById"
            | "getMultipleUsersIds2"
            | "getUsersByInfoField"
    )
}

/// The logs found, or the one `-1 NO RECORD` item ESWS answers for none.
fn logs_or_no_record(items: Vec<Item>) -> Ret {
    if items.is_empty() {
        Ret::List(
            "getLogsObject",
            vec![vec![
                ("scanID", String::new()),
                ("Terminal", NO_RECORD.to_string()),
            ]],
        )
    } else {
        Ret::List("getLogsObject", items)
    }
}

// --- running a function ----------------------------------------------------

/// What a function runs on: the company the key reaches, the ESWS-only state,
/// the company's kind, the call and the simulator's time.
pub(super) struct Esws<'a> {
    pub(super) company: &'a mut Company,
    pub(super) esws: &'a mut EswsState,
    pub(super) kind: KeyKind,
    pub(super) call: &'a Call,
    pub(super) now: NaiveDateTime,
}

impl Esws<'_> {
    /// The key of a user's QR code.
    pub(super) fn qr_key(&self, ws: &str) -> (String, String) {
        (self.company.name.clone(), ws.to_string())
    }

    /// The checks of the wsAltUserId functions: the company's wsAltUserId info
    /// label and a non-empty `p_wsAltUserId`.
    pub(super) fn alt_user(&self) -> Result<String, Ret> {
        if !self.company.has_ws_alt_label {
            return Err(Ret::text("NO_WS_ALT_USER_ID_INFOFIELD_SET"));
        }
        let ws = self.call.get("p_wsAltUserId");
        if ws.is_empty() {
            return Err(Ret::text("NO_ID_RECEIVED"));
        }
        Ok(ws.to_string())
    }

    /// [`alt_user`](Self::alt_user), and the user must exist.
    pub(super) fn existing_alt_user(&self) -> Result<String, Ret> {
        let ws = self.alt_user()?;
        if self.company.user(&ws).is_none() {
            return Err(Ret::text("NO_USER_FOUND_WITH_WSALTUSERID"));
        }
        Ok(ws)
    }
}

/// Answers an ESWS request: reads the envelope (a Client fault when it cannot),
/// checks the company key (`ERROR_NO_SECURITY_HASH`,
/// `ERROR_UNKNOWN_SECURITY_HASH` inside a 200 answer, in a list's first item
/// for a list function), then runs `f` on the company the key reaches.
pub(super) fn answer(
    sim: &Sim,
    req: &SimRequest<'_>,
    f: impl FnOnce(&mut Esws<'_>) -> Ret,
) -> SimResult {
    let call = parse_call(req.body())
        .map_err(|e| SimError::coded(500, CLIENT_FAULT, format!("Bad Request: {e}")))?;
    let function = call.function.clone();
    let now = sim.now();
    let mut guard = sim.lock();
    let st = &mut *guard;
    let key = call.get("p_companyID");
    let found = st
        .esws
        .keys
        .get(key)
        .cloned()
        .and_then(|(name, kind)| Some((st.companies.get_mut(&name)?, kind)));
    let ret = match found {
        _ if key.is_empty() => refusal(&function, "ERROR_NO_SECURITY_HASH"),
        None => refusal(&function, "ERROR_UNKNOWN_SECURITY_HASH"),
        Some((company, kind)) => f(&mut Esws {
            company,
            esws: &mut st.esws,
            kind,
            call: &call,
            now,
        }),
    };
    Ok(SimAnswer::text(
        200,
        "text/xml; charset=utf-8",
        envelope(&function, &ret),
    ))
}

fn refusal(function: &str, text: &str) -> Ret {
    if is_list(function) {
        error_item(function, text)
    } else {
        Ret::text(text)
    }
}

// --- values ----------------------------------------------------------------

/// A date as ESWS writes it: with its time (`yyyy-mm-dd hh:ii:ss`) or without.
fn date_text(t: &Option<NaiveDateTime>, with_time: bool) -> String {
    match t {
        Some(t) if with_time => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        Some(t) => t.format("%Y-%m-%d").to_string(),
        None => String::new(),
    }
}

/// A date parameter: `yyyy-mm-dd hh:ii:ss`, `yyyy-mm-dd hh:ii` or `yyyy-mm-dd`.
fn parse_date(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim();
    NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

fn without_seconds(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0).unwrap_or(t)
}

/// `n` random characters of `[0-9a-zA-Z]` (QR codes, sync tokens).
fn random_alnum(n: usize) -> String {
    let mut s = String::new();
    while s.len() < n {
        s.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    // Mix in upper case: the real codes use [0-9a-zA-Z].
    s.chars()
        .take(n)
        .enumerate()
        .map(|(i, c)| {
            if i % 3 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_function_and_parameters_of_an_envelope() {
        let body = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:uen=\"uen:esws\"><soapenv:Header/><soapenv:Body><uen:Esws.updateUserAltId><p_companyID>a&amp;b</p_companyID><p_PIN/><p_infoFields><item><key>info1</key><value>x</value></item></p_infoFields></uen:Esws.updateUserAltId></soapenv:Body></soapenv:Envelope>";
        let call = parse_call(body.as_bytes()).unwrap();
        assert_eq!(call.function, "updateUserAltId");
        assert_eq!(call.get("p_companyID"), "a&b");
        assert_eq!(call.get("p_PIN"), "");
        assert_eq!(call.info.get("info1").map(String::as_str), Some("x"));
        assert_eq!(
            function_of(body.as_bytes()).as_deref(),
            Some("Esws.updateUserAltId")
        );
        for bad in ["", "<a>", "<x><Body><Esws.f/></Body></x>", "{\"json\": 1}"] {
            assert!(function_of(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn faults_keep_their_status_but_a_missing_route_is_a_server_fault() {
        let f = fault(&SimError::injected(503));
        assert_eq!(f.status, 503);
        assert!(
            String::from_utf8_lossy(&f.body).contains("<faultcode>SOAP-ENV:Server</faultcode>")
        );
        let f = fault(&SimError::not_found("no route"));
        assert_eq!(f.status, 500);
        let f = fault(&SimError::bad_request("x"));
        assert!(String::from_utf8_lossy(&f.body).contains("SOAP-ENV:Client"));
    }
}
