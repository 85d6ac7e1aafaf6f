//! The SOAP side of the EasySecure simulator (features `soap` and `testkit`).
//!
//! ESWS is served over the same protocol-neutral state as the REST simulator
//! (`crate::testkit::state`): users keyed by `wsAltUserId`, groups, locations,
//! terminals, logs with increasing `scanID`s and syncs. What only SOAP has (the
//! company security keys, QR codes, autoSync tokens) is in [`SoapSimState`].
//!
//! `handle_soap` answers one request; the REST simulator routes `POST
//! /webservicesesws` to it. [`SoapSim`] serves it on its own for SOAP-only tests:
//! a seeded company reachable with [`SoapSim::SECURITY_KEY`] (which holds the
//! `^ ; + #` punctuation of the vendor's sample key and an `&`), and
//! [`SoapSim::BRANCH_KEY`] for a Branch company.
//!
//! Answers are shaped like PHP SoapServer output (the samples' shape **\[V\]** D);
//! the success strings the pages do not show (`OK` of updateUser*, the
//! getSyncStatus values `PENDING`/`DONE`) are inferred **\[I\]**.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use access_core::clock::Clock;
use access_core::testkit::{Faults, SimClock, SimServer, SimulatedApi};
use chrono::{NaiveDateTime, Timelike};
use wiremock::{Request, ResponseTemplate};

use super::client::{CompanyKind, SOAP_PATH};
use super::error::NO_RECORD;
use super::xml::{ENCODING_STYLE, NAMESPACE, escape_text, parse_document};
use crate::testkit::state::{
    Account, AccountRole, Company, SimLog, SimState, SimUser, UserChanges,
};

/// What only the SOAP side keeps.
#[derive(Debug, Default)]
pub struct SoapSimState {
    /// security key -> (company name, kind)
    keys: HashMap<String, (String, CompanyKind)>,
    /// (company, wsAltUserId) -> QR code
    qr: HashMap<(String, String), String>,
    /// autoSync token -> (company, sync id of the shared state)
    auto_syncs: HashMap<String, (String, String)>,
    next_token: u64,
}

impl SoapSimState {
    /// No keys.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets `key` reach the company named `company` (exact name) of the shared state.
    pub fn add_key(
        &mut self,
        key: impl Into<String>,
        company: impl Into<String>,
        kind: CompanyKind,
    ) {
        self.keys.insert(key.into(), (company.into(), kind));
    }
}

/// A parsed request: the function and its parameters by name.
struct Call {
    function: String,
    params: BTreeMap<String, String>,
    info: BTreeMap<String, String>,
}

fn parse_call(body: &[u8]) -> Result<Call, String> {
    let root = parse_document(body)?;
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
        } else {
            for item in &p.children {
                let k = item
                    .child("key")
                    .map(|e| e.text.clone())
                    .unwrap_or_default();
                let v = item
                    .child("value")
                    .map(|e| e.text.clone())
                    .unwrap_or_default();
                info.insert(k, v);
            }
            params.insert(p.name.clone(), String::new());
        }
    }
    Ok(Call {
        function,
        params,
        info,
    })
}

impl Call {
    fn get(&self, name: &str) -> &str {
        self.params.get(name).map(|s| s.trim()).unwrap_or("")
    }

    fn num(&self, name: &str) -> Option<i64> {
        self.get(name).parse().ok()
    }
}

/// A return value to write.
enum Ret {
    Text(String),
    Nil,
    /// items of `tns:<type>` with (name, value) members
    List(&'static str, Vec<Vec<(&'static str, String)>>),
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
            escape_text(t)
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
                        escape_text(v)
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

fn xml(status: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into_bytes(), "text/xml; charset=utf-8")
}

/// A SOAP Fault as PHP's SoapServer sends it (HTTP 500).
fn fault(code: &str, message: &str) -> ResponseTemplate {
    xml(
        500,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>{}</faultcode><faultstring>{}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>",
            escape_text(code),
            escape_text(message)
        ),
    )
}

/// Where a list answer's errors go.
fn error_item(function: &str, text: &str) -> Ret {
    let (ty, field): (&'static str, &'static str) = match function {
        "getGroups" => ("getGroupsObject", "GroupId"),
        "getLogs" | "getLogsById" => ("getLogsObject", "Terminal"),
        _ => ("getUsersObject", "UserId"),
    };
    Ret::List(ty, vec![vec![(field, text.to_string())]])
}

fn is_list(function: &str) -> bool {
    matches!(
        function,
        "getUsers" | "getGroups" | "getLogs" | "getLogsById"
    )
}

const BRANCH_NO_GROUP: &str =
    "Company is Branches but no group name specified. It is required for this type of company.";
const BRANCH_GROUP_MISSING: &str =
    "Company is Branches but the group name specified does not exists.";

/// Answers one ESWS request from the shared state `state` and the SOAP-only
/// `soap` state, at `now` (the simulator clock, naive UTC).
///
/// This is what the REST simulator routes `POST /webservicesesws` to.
pub(crate) fn handle_soap(
    state: &mut SimState,
    soap: &mut SoapSimState,
    now: NaiveDateTime,
    request: &Request,
) -> ResponseTemplate {
    if request.method.as_str() != "POST" {
        return ResponseTemplate::new(405);
    }
    let call = match parse_call(&request.body) {
        Ok(c) => c,
        Err(e) => return fault("SOAP-ENV:Client", &format!("Bad Request: {e}")),
    };
    let f = call.function.as_str();
    const KNOWN: [&str; 15] = [
        "getUsers",
        "getUsersPageNr",
        "getGroups",
        "getLogs",
        "getLogsById",
        "updateUser",
        "updateUserAltId",
        "updateCard",
        "deleteUser",
        "setQR",
        "getQR",
        "deleteQR",
        "getSyncToken",
        "autoSync",
        "getSyncStatus",
    ];
    if !KNOWN.contains(&f) {
        return fault(
            "SOAP-ENV:Server",
            &format!("Function (\"Esws.{f}\") is not a valid method for this service"),
        );
    }
    let key = call.get("p_companyID").to_string();
    let refusal = if key.is_empty() {
        Some("ERROR_NO_SECURITY_HASH")
    } else if !soap.keys.contains_key(&key) {
        Some("ERROR_UNKNOWN_SECURITY_HASH")
    } else {
        None
    };
    if let Some(r) = refusal {
        let ret = if is_list(f) {
            error_item(f, r)
        } else {
            Ret::Text(r.into())
        };
        return xml(200, envelope(f, &ret));
    }
    let (company_name, kind) = soap.keys[&key].clone();
    let Some(company) = state.company_mut(&company_name) else {
        return xml(
            200,
            envelope(f, &Ret::Text("ERROR_UNKNOWN_SECURITY_HASH".into())),
        );
    };
    let ret = route(company, soap, kind, &call, now);
    xml(200, envelope(f, &ret))
}

fn fmt_time(t: &Option<NaiveDateTime>, with_time: bool) -> String {
    match t {
        Some(t) if with_time => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        Some(t) => t.format("%Y-%m-%d").to_string(),
        None => String::new(),
    }
}

fn user_item(u: &SimUser, with_time: bool) -> Vec<(&'static str, String)> {
    let mut item = vec![
        ("UserId", u.user_id.to_string()),
        ("PIN", u.pin.clone()),
        ("Achternaam", u.last_name.clone()),
        ("Insertion", String::new()),
        ("Voornaam", u.first_name.clone()),
        ("Admin", u8::from(u.admin).to_string()),
        ("Security", u8::from(u.security).to_string()),
        ("StartDate", fmt_time(&u.start, with_time)),
        ("ExpireDate", fmt_time(&u.expire, with_time)),
    ];
    const INFO: [&str; 14] = [
        "info1", "info2", "info3", "info4", "info5", "info6", "info7", "info8", "info9", "info10",
        "info11", "info12", "info13", "info14",
    ];
    for k in INFO {
        item.push((k, u.info.get(k).cloned().unwrap_or_default()));
    }
    item.push(("GroupS", u.groups.join(";")));
    item.push(("TemplatesNr", "0".into()));
    // After TemplatesNr the page is cut off; these names are inferred [I].
    item.push(("cardId", u.card_id.clone()));
    item.push(("cardCustom", u.card_custom.clone()));
    item.push(("licensePlate", u.license_plate.clone()));
    item.push(("wsAltUserId", u.ws_alt_user_id.clone()));
    item
}

fn log_item(l: &SimLog) -> Vec<(&'static str, String)> {
    vec![
        ("scanID", l.scan_id.to_string()),
        ("Terminal", l.terminal.clone()),
        ("TerminalKey", l.terminal_key.clone()),
        ("UserID", l.user.clone()),
        ("Time", l.time.format("%Y-%m-%d %H:%M:%S").to_string()),
        ("LocationId", l.location_id.to_string()),
        ("LocationName", l.location_name.clone()),
        ("Success", u8::from(l.success).to_string()),
        ("TerminalName", l.terminal_name.clone()),
        ("LogText", l.log_text.clone()),
    ]
}

fn logs_or_no_record(items: Vec<Vec<(&'static str, String)>>) -> Ret {
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

fn parse_date(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim();
    NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

fn without_seconds(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0).unwrap_or(t)
}

/// The expiry of a user whose update names none: 2030-12-31 **\[V\]** D.
fn default_expiry() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2030, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

fn opt_text(call: &Call, name: &str) -> Option<String> {
    let v = call.get(name);
    (!v.is_empty()).then(|| v.to_string())
}

fn opt_flag(call: &Call, name: &str) -> Option<bool> {
    match call.get(name) {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

fn ws_of(company: &Company, user_id: u64) -> Option<String> {
    company
        .users
        .values()
        .find(|u| u.user_id == user_id)
        .map(|u| u.ws_alt_user_id.clone())
}

fn card_owner(company: &Company, card: &str) -> Option<String> {
    company
        .users
        .values()
        .find(|u| !card.is_empty() && u.card_id == card)
        .map(|u| u.ws_alt_user_id.clone())
}

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

fn update(
    company: &mut Company,
    kind: CompanyKind,
    call: &Call,
    ws: &str,
    now: NaiveDateTime,
) -> Ret {
    let groups: Vec<String> = call
        .get("p_groupName")
        .split(';')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(String::from)
        .collect();
    if kind == CompanyKind::Branches {
        if groups.is_empty() {
            return Ret::Text(BRANCH_NO_GROUP.into());
        }
        if groups
            .iter()
            .any(|g| !company.groups.iter().any(|x| &x.name == g))
        {
            return Ret::Text(BRANCH_GROUP_MISSING.into());
        }
        if call.get("p_locationID").is_empty() {
            return Ret::Text("Company is Branches but no location has been provided".into());
        }
    }
    let card = opt_text(call, "p_cardId");
    if let Some(c) = card.as_deref()
        && c != "Remove"
        && card_owner(company, c).is_some_and(|owner| owner != ws)
    {
        return Ret::Text("CARD_EXISTS_FOR_AN_OTHER_USER".into());
    }
    let changes = UserChanges {
        first_name: opt_text(call, "p_Voornaam"),
        last_name: opt_text(call, "p_Achternaam"),
        pin: opt_text(call, "p_PIN"),
        admin: opt_flag(call, "p_Admin"),
        security: opt_flag(call, "p_Security"),
        // A missing or invalid start is today, a missing or invalid expiry
        // 2030-12-31; seconds are not stored **\[V\]** D updateUserAltId.
        start: Some(
            parse_date(call.get("p_StartDate"))
                .map(without_seconds)
                .unwrap_or_else(|| now.date().and_hms_opt(0, 0, 0).unwrap_or(now)),
        ),
        expire: Some(
            parse_date(call.get("p_ExpireDate"))
                .map(without_seconds)
                .unwrap_or_else(default_expiry),
        ),
        info: call.info.clone(),
        groups: (!groups.is_empty()).then(|| (groups, call.get("p_groupUpdate") == "1")),
        card_id: card,
        card_custom: opt_text(call, "p_cardCustom"),
        license_plate: opt_text(call, "p_licensePlate"),
        phone: opt_text(call, "p_phone"),
        is_visitor: opt_flag(call, "p_isVisitor"),
        mobile_key: opt_flag(call, "p_syncToTapkey"),
    };
    // Text outside Latin-1 becomes '?' on import **\[V\]** D index.
    let mut changes = changes;
    for v in [
        &mut changes.first_name,
        &mut changes.last_name,
        &mut changes.license_plate,
    ]
    .into_iter()
    .flatten()
    {
        *v = v
            .chars()
            .map(|c| if (c as u32) > 0xFF { '?' } else { c })
            .collect();
    }
    match company.upsert_user(ws, changes, now) {
        Ok(_) => Ret::Text("OK".into()),
        Err(_) => Ret::Text("CAN_NOT_SAVE_USER".into()),
    }
}

fn alt_user_checks(company: &Company, call: &Call) -> Result<String, Ret> {
    if !company.has_ws_alt_label {
        return Err(Ret::Text("NO_WS_ALT_USER_ID_INFOFIELD_SET".into()));
    }
    let ws = call.get("p_wsAltUserId");
    if ws.is_empty() {
        return Err(Ret::Text("NO_ID_RECEIVED".into()));
    }
    Ok(ws.to_string())
}

fn existing_alt_user(company: &Company, call: &Call) -> Result<String, Ret> {
    let ws = alt_user_checks(company, call)?;
    if !company.users.contains_key(&ws) {
        return Err(Ret::Text("NO_USER_FOUND_WITH_WSALTUSERID".into()));
    }
    Ok(ws)
}

fn route(
    company: &mut Company,
    soap: &mut SoapSimState,
    kind: CompanyKind,
    call: &Call,
    now: NaiveDateTime,
) -> Ret {
    let cname = company.name.clone();
    match call.function.as_str() {
        "getUsers" => {
            let with_time = call.get("p_addTimeToDate") == "1";
            let location = call
                .num("p_locationID")
                .filter(|_| kind == CompanyKind::Branches);
            let mut users: Vec<&SimUser> = company
                .users
                .values()
                .filter(|u| match location {
                    Some(loc) => company
                        .groups
                        .iter()
                        .any(|g| g.location_id == loc && u.groups.contains(&g.name)),
                    None => true,
                })
                .collect();
            users.sort_by_key(|u| u.user_id);
            if let Some(id) = call.num("p_userId") {
                users.retain(|u| u.user_id as i64 == id);
            }
            let page: Vec<&SimUser> = match call.num("p_page") {
                Some(p) if p >= 1 => users
                    .into_iter()
                    .skip((p as usize - 1) * 1000)
                    .take(1000)
                    .collect(),
                _ => users,
            };
            Ret::List(
                "getUsersObject",
                page.into_iter().map(|u| user_item(u, with_time)).collect(),
            )
        }
        "getUsersPageNr" => Ret::Text(company.users.len().div_ceil(1000).to_string()),
        "getGroups" => {
            let location = call
                .num("p_locationID")
                .filter(|_| kind == CompanyKind::Branches);
            Ret::List(
                "getGroupsObject",
                company
                    .groups
                    .iter()
                    .filter(|g| location.is_none_or(|l| g.location_id == l))
                    .map(|g| vec![("GroupId", g.id.to_string()), ("GroupName", g.name.clone())])
                    .collect(),
            )
        }
        "getLogs" => {
            let (Some(from), Some(to)) = (
                parse_date(call.get("p_exportTimeFrom")),
                parse_date(call.get("p_exportTimeTo")),
            ) else {
                return logs_or_no_record(Vec::new());
            };
            let on_created = call.get("p_filterOn") == "created";
            let tr_only = call.get("p_timeregistrationModules") == "1";
            let location = call.num("p_locationId");
            let user_ws = call.num("p_userId").map(|id| ws_of(company, id as u64));
            let info_name = call.get("p_infoFieldName");
            let info_value = call.get("p_infoFieldValue");
            let info_filter = (1..=14)
                .any(|n| info_name == format!("info{n}"))
                .then_some((info_name, info_value));
            let items = company
                .logs
                .iter()
                .filter(|l| {
                    let t = if on_created { l.created } else { l.time };
                    t >= from && t <= to
                })
                .filter(|l| location.is_none_or(|loc| l.location_id == loc))
                .filter(|l| match &user_ws {
                    Some(ws) => ws.as_deref() == Some(l.user.as_str()),
                    None => true,
                })
                .filter(|l| match info_filter {
                    Some((k, v)) => company
                        .users
                        .get(&l.user)
                        .is_some_and(|u| u.info.get(k).map(String::as_str) == Some(v)),
                    None => true,
                })
                .filter(|l| !tr_only || company.is_time_clock(&l.terminal))
                .map(log_item)
                .collect();
            logs_or_no_record(items)
        }
        "getLogsById" => {
            let (Some(from), Some(to)) = (call.num("p_exportIdFrom"), call.num("p_exportIdTo"))
            else {
                return logs_or_no_record(Vec::new());
            };
            let tr_only = call.get("p_timeregistrationModules") == "1";
            let items = company
                .logs
                .iter()
                .filter(|l| l.scan_id >= from && l.scan_id <= to)
                .filter(|l| !tr_only || company.is_time_clock(&l.terminal))
                .map(log_item)
                .collect();
            logs_or_no_record(items)
        }
        "updateUser" => {
            let id = call.get("p_Id");
            if id.is_empty() {
                return Ret::Text("NO_ID_RECEIVED".into());
            }
            let Some(id) = id
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=400_000_000).contains(n))
            else {
                return Ret::Text("INCORRECT_ID_RECEIVED".into());
            };
            match ws_of(company, id) {
                Some(ws) => update(company, kind, call, &ws, now),
                None => Ret::Text("CAN_NOT_SAVE_USER".into()),
            }
        }
        "updateUserAltId" => match alt_user_checks(company, call) {
            Err(r) => r,
            Ok(ws) => update(company, kind, call, &ws, now),
        },
        "updateCard" => {
            let ws = match existing_alt_user(company, call) {
                Ok(ws) => ws,
                Err(r) => return r,
            };
            let card = call.get("p_usbCardId").to_string();
            if !card.bytes().all(|b| b.is_ascii_digit()) {
                return Ret::Text("CARD_NOT_VALID".into());
            }
            if card_owner(company, &card).is_some_and(|o| o != ws) {
                return Ret::Text("CARD_EXISTS_FOR_AN_OTHER_USER".into());
            }
            if let Some(u) = company.users.get_mut(&ws) {
                u.card_id = card;
            }
            Ret::Text("OK".into())
        }
        "deleteUser" => {
            let Some(id) = call.num("p_Id") else {
                return Ret::Text("NO_ID_RECEIVED".into());
            };
            let location = call.num("p_locationID");
            if kind == CompanyKind::Branches && location.is_none() {
                return Ret::Text("Company is Branches but no location has been provided".into());
            }
            let Some(ws) = ws_of(company, id as u64) else {
                return Ret::Text("User does not exist in our db".into());
            };
            if let (CompanyKind::Branches, Some(loc)) = (kind, location) {
                let locations: Vec<i64> = company
                    .groups
                    .iter()
                    .filter(|g| company.users[&ws].groups.contains(&g.name))
                    .map(|g| g.location_id)
                    .collect();
                if locations.iter().any(|l| *l != loc) {
                    let here: Vec<String> = company
                        .groups
                        .iter()
                        .filter(|g| g.location_id == loc)
                        .map(|g| g.name.clone())
                        .collect();
                    if let Some(u) = company.users.get_mut(&ws) {
                        u.groups.retain(|g| !here.contains(g));
                    }
                    return Ret::Text(
                        "User is linked to multiple locations, we will remove the user from this location"
                            .into(),
                    );
                }
            }
            company.users.remove(&ws);
            soap.qr.remove(&(cname, ws));
            Ret::Text("User has been deleted".into())
        }
        "setQR" => match existing_alt_user(company, call) {
            Err(r) => r,
            Ok(ws) => {
                let code = random_alnum(32);
                soap.qr.insert((cname, ws), code.clone());
                Ret::Text(code)
            }
        },
        "getQR" => match existing_alt_user(company, call) {
            Err(r) => r,
            Ok(ws) => match soap.qr.get(&(cname, ws)) {
                Some(code) => Ret::Text(code.clone()),
                None => Ret::Nil,
            },
        },
        "deleteQR" => match existing_alt_user(company, call) {
            Err(r) => r,
            Ok(ws) => {
                soap.qr.remove(&(cname, ws));
                Ret::Text("OK".into())
            }
        },
        "getSyncToken" => {
            let (user, pass) = (call.get("p_adminUsername"), call.get("p_adminPassword"));
            if user.is_empty() {
                return Ret::Text("NO USERNAME PROVIDED".into());
            }
            if pass.is_empty() {
                return Ret::Text("NO PASSWORD PROVIDED".into());
            }
            let Some(id) = call.num("p_userId") else {
                return Ret::Text("NO USERID PROVIDED".into());
            };
            if !company
                .accounts
                .iter()
                .any(|a| a.role == AccountRole::Admin && a.email == user && a.password == pass)
            {
                return Ret::Text("NO ADMIN FOUND BASED ON USERNAME AND PASSWORD".into());
            }
            if ws_of(company, id as u64).is_none() {
                return Ret::Text("NO USER FOUND BASED ON THE ID PROVIDED".into());
            }
            Ret::Text(random_alnum(40))
        }
        "autoSync" => {
            let Some(loc) = call.num("p_locationId") else {
                return Ret::Text("NO LOCATIONID PROVIDED".into());
            };
            if !company.locations.contains_key(&loc) {
                return Ret::Text("NO LOCATION FOUND BASED ON THE ID PROVIDED".into());
            }
            let target = match call.num("p_userId").unwrap_or(0) {
                0 => None,
                id => match ws_of(company, id as u64) {
                    Some(ws) => Some(ws),
                    None => return Ret::Text("NO USER FOUND BASED ON THE ID PROVIDED".into()),
                },
            };
            match company.start_sync(target.as_deref(), now) {
                Ok(sync_id) => {
                    soap.next_token += 1;
                    let token = format!("{:0>8}{}", soap.next_token, random_alnum(56));
                    soap.auto_syncs.insert(token.clone(), (cname, sync_id));
                    Ret::Text(token)
                }
                Err((_, message)) => Ret::Text(format!("NOT OK, NOT JSON {message}")),
            }
        }
        "getSyncStatus" => {
            let token = call.get("p_syncToken");
            let Some((_, sync_id)) = soap.auto_syncs.get(token).cloned() else {
                return Ret::Text("NO SYNC FOUND BASED ON THE TOKEN PROVIDED".into());
            };
            company.advance_syncs(now);
            let done = company
                .sync_logs
                .iter()
                .filter(|l| l.sync_id == sync_id)
                .all(|l| l.stage == 2);
            Ret::Text(if done { "DONE" } else { "PENDING" }.into())
        }
        _ => Ret::Text("UNKNOWN_FUNCTION".into()),
    }
}

struct SoapOnlyApi {
    state: Mutex<(SimState, SoapSimState)>,
    clock: SimClock,
}

impl SoapOnlyApi {
    fn lock(&self) -> MutexGuard<'_, (SimState, SoapSimState)> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SimulatedApi for SoapOnlyApi {
    fn handle(&self, request: &Request) -> ResponseTemplate {
        if request.url.path().trim_end_matches('/') != format!("/{SOAP_PATH}") {
            return ResponseTemplate::new(404)
                .set_body_string("<html><body>Not Found</body></html>");
        }
        let now = self.clock.now().naive_utc();
        let mut guard = self.lock();
        let (state, soap) = &mut *guard;
        handle_soap(state, soap, now, request)
    }
}

/// A stand-alone ESWS simulator (the REST simulator can serve the same state
/// through `handle_soap`). Dropping it stops the server.
pub struct SoapSim {
    server: SimServer,
    api: Arc<SoapOnlyApi>,
    clock: SimClock,
}

impl std::fmt::Debug for SoapSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoapSim")
            .field("uri", &self.server.uri())
            .finish()
    }
}

/// A simulated user as the SOAP tests see it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SoapSimUser {
    /// EasySecure's id.
    pub user_id: u64,
    /// wsAltUserId.
    pub ws_alt_user_id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Groups.
    pub groups: Vec<String>,
    /// Card number (decimal).
    pub card_id: String,
    /// Whether the user holds a QR code.
    pub has_qr: bool,
}

impl SoapSim {
    /// The seeded company's name.
    pub const COMPANY: &'static str = crate::testkit::EasySecureSim::COMPANY;
    /// The seeded company's security key (32 characters, with `^ ; + # &`).
    pub const SECURITY_KEY: &'static str = crate::testkit::EasySecureSim::SECURITY_KEY;
    /// A Branch company's key.
    pub const BRANCH_KEY: &'static str = "Br4nch^Key;+#0000000000000000000";
    /// The Branch company's name.
    pub const BRANCH_COMPANY: &'static str = "EasySecure Branches";
    /// The seeded i3 administrator (for getSyncToken).
    pub const ADMIN_USERNAME: &'static str = "admin@demo.easysecure.example";
    /// Its password.
    pub const ADMIN_PASSWORD: &'static str = "demo-admin-password";
    /// The time-registration terminal.
    pub const TIME_CLOCK: &'static str = crate::testkit::EasySecureSim::TIME_CLOCK;

    /// Starts a seeded simulator on its own clock.
    pub async fn start() -> Self {
        Self::start_with_clock(SimClock::new()).await
    }

    /// Starts a seeded simulator on `clock`.
    pub async fn start_with_clock(clock: SimClock) -> Self {
        let now = clock.now().naive_utc();
        let mut state = SimState::default();
        state
            .companies
            .insert(Self::COMPANY.into(), seed(Self::COMPANY, now));
        state
            .companies
            .insert(Self::BRANCH_COMPANY.into(), seed(Self::BRANCH_COMPANY, now));
        let mut soap = SoapSimState::new();
        soap.add_key(Self::SECURITY_KEY, Self::COMPANY, CompanyKind::EasySecure);
        soap.add_key(
            Self::BRANCH_KEY,
            Self::BRANCH_COMPANY,
            CompanyKind::Branches,
        );
        let api = Arc::new(SoapOnlyApi {
            state: Mutex::new((state, soap)),
            clock: clock.clone(),
        });
        let server = SimServer::start(api.clone()).await;
        Self { server, api, clock }
    }

    /// The base URL to give [`super::SoapClientBuilder::base_url`].
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The clock.
    pub fn clock(&self) -> &SimClock {
        &self.clock
    }

    /// Failure knobs (503s, latency, malformed bodies, hangs).
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// Every request received.
    pub async fn requests(&self) -> Vec<Request> {
        self.server.requests()
    }

    /// How many requests called `Esws.<function>`.
    pub async fn count(&self, function: &str) -> usize {
        let needle = format!("Esws.{function} ");
        self.requests()
            .await
            .iter()
            .filter(|r| String::from_utf8_lossy(&r.body).contains(&needle))
            .count()
    }

    /// A user of the seeded company by wsAltUserId.
    pub fn user(&self, ws_alt_user_id: &str) -> Option<SoapSimUser> {
        let guard = self.api.lock();
        let (state, soap) = &*guard;
        let u = state.company(Self::COMPANY)?.users.get(ws_alt_user_id)?;
        Some(SoapSimUser {
            user_id: u.user_id,
            ws_alt_user_id: u.ws_alt_user_id.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            groups: u.groups.clone(),
            card_id: u.card_id.clone(),
            has_qr: soap
                .qr
                .contains_key(&(Self::COMPANY.to_string(), ws_alt_user_id.to_string())),
        })
    }

    /// Adds `n` users `GEN-00001`… (for paging tests).
    pub fn add_users(&self, n: usize) {
        let now = self.clock.now().naive_utc();
        let mut guard = self.api.lock();
        if let Some(c) = guard.0.company_mut(Self::COMPANY) {
            for i in 0..n {
                let changes = UserChanges {
                    first_name: Some(format!("Guest {i}")),
                    last_name: Some("Generated".into()),
                    ..UserChanges::default()
                };
                let _ = c.upsert_user(&format!("GEN-{:05}", c.next_user_id), changes, now);
            }
        }
    }

    /// The user presents a credential at a terminal now; answers the `scanID`.
    pub fn present(&self, ws_alt_user_id: &str, terminal: &str, key: &str) -> Option<i64> {
        let now = self.clock.now().naive_utc();
        let mut guard = self.api.lock();
        let c = guard.0.company_mut(Self::COMPANY)?;
        Some(c.register(terminal, ws_alt_user_id, key, now, now))
    }

    /// The highest scanID of the seeded company.
    pub fn last_scan_id(&self) -> Option<i64> {
        let guard = self.api.lock();
        guard
            .0
            .company(Self::COMPANY)?
            .logs
            .iter()
            .map(|l| l.scan_id)
            .max()
    }

    /// Removes (or restores) the `wsAltUserId` info label of the seeded company.
    pub fn set_ws_alt_user_id_label(&self, present: bool) {
        if let Some(c) = self.api.lock().0.company_mut(Self::COMPANY) {
            c.has_ws_alt_label = present;
        }
    }
}

fn seed(name: &str, now: NaiveDateTime) -> Company {
    let mut c = Company::new(name);
    c.accounts.push(Account {
        email: SoapSim::ADMIN_USERNAME.into(),
        password: SoapSim::ADMIN_PASSWORD.into(),
        role: AccountRole::Admin,
        ws_alt_user_id: None,
    });
    for (id, loc) in [(1, "Head office"), (2, "Time registration")] {
        c.locations.insert(id, loc.into());
    }
    c.seed_groups([
        (1, "Staff", 1),
        (10, "Time registration", 2),
        (13, "Visitors", 1),
    ]);
    c.seed_terminals([
        ("AC-1001", "Main entrance", 1, false),
        (SoapSim::TIME_CLOCK, "Canteen time clock", 2, true),
    ]);
    let start = now - chrono::Duration::days(365);
    for (ws, first, last, groups, card) in [
        (
            "EMP-001",
            "Jan",
            "Jansen",
            vec!["Staff", "Time registration"],
            "1708695997",
        ),
        (
            "EMP-002",
            "Fatima",
            "El Amrani",
            vec!["Staff"],
            "2271560481",
        ),
    ] {
        c.seed_user(ws, (first, last), &groups, card, start);
    }
    c.seed_logs(SoapSim::TIME_CLOCK, "AC-1001", now);
    c
}
