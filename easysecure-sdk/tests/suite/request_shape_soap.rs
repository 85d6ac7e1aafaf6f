//! Request shape of every ESWS (SOAP) operation, as one table that reads like
//! the function pages (`../shared/api/easysecure.md` §2): per operation the
//! request built with a value in every optional parameter, and the envelope the
//! SDK sends, parsed: the operation element `uen:Esws.<function>` in the body of
//! a SOAP 1.1 envelope, RPC/encoded, and every parameter in the documented
//! order with its name, `xsi:type` and value (`p_infoFields` as an Apache map of
//! `info<n>` keys). The company key travels as the first body parameter,
//! `p_companyID`, and in no header ("goes in no header"); the request is a POST
//! to the webservice path with no query, `Content-Type: text/xml;
//! charset=utf-8` and the `SOAPAction` of the operation.
//!
//! `soap_golden.rs` compares the same envelopes byte for byte with golden
//! files, but with most optional parameters empty; this table sets them all, so
//! a parameter sent under the wrong name, in the wrong place or with another
//! parameter's value is seen.
#![cfg(feature = "soap")]

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use access_core::http::Endpoint;
use access_core::model::CardNumber;
use chrono::NaiveDateTime;
use easysecure_sdk::model::PinCode;
use easysecure_sdk::soap::cards::UpdateCard;
use easysecure_sdk::soap::faces::{
    DeletePictureAndTemplates, FaceDevice, ImageFormat, ImageToFaceTemplate,
};
use easysecure_sdk::soap::groups::GetGroups;
use easysecure_sdk::soap::logs::{FilterOn, GetLogs, GetLogsById};
use easysecure_sdk::soap::qr::{DeleteQr, GetQr, SetQr};
use easysecure_sdk::soap::sync::{
    AutoSync, GetSyncStatus, GetSyncToken, GetTotalSyncToken, SyncEsiScd, SyncToken,
};
use easysecure_sdk::soap::users::{
    CardChange, DeleteUser, GetMultipleUsersIds2, GetUserId, GetUsers, GetUsersByInfoField,
    GetUsersPageNr, UpdateUser, UpdateUser2, UpdateUserAltId, UpdateUserContractor, UserFields,
};
use easysecure_sdk::soap::{CompanyKey, SoapClient};
use easysecure_sdk::{SecretString, UserId, WsAltUserId};
use quick_xml::events::Event;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A key with the punctuation the documentation's example key has (XML-escaped on the wire).
const KEY: &str = "^4p;tU0Q+#dEIhTWkuj5FnLD^aOLqVu0&<k>";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn alt() -> WsAltUserId {
    WsAltUserId::new("EMP-0042").unwrap()
}

fn key() -> CompanyKey {
    CompanyKey::new(SecretString::from(KEY.to_string())).unwrap()
}

// ---- a small XML tree ----

#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn element(e: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let k = String::from_utf8(a.key.as_ref().to_vec()).map_err(|e| e.to_string())?;
        let v = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
        attrs.push((k, v));
    }
    Ok(Element {
        name: String::from_utf8(e.name().as_ref().to_vec()).map_err(|e| e.to_string())?,
        attrs,
        ..Element::default()
    })
}

/// Parses a whole document into its root element (entities resolved).
fn parse(xml: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => stack.push(element(&e)?),
            Event::Empty(e) => {
                let el = element(&e)?;
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack
                    .last_mut()
                    .ok_or("unbalanced end tag")?
                    .children
                    .push(done);
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| e.to_string())?;
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .map(String::from)
                        .unwrap_or_default()
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or(format!("unknown entity &{name};"))?
                        .to_string()
                };
                stack.last_mut().unwrap().text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut top = stack.pop().ok_or("no document")?;
    if !stack.is_empty() || top.children.len() != 1 {
        return Err("not one root element".into());
    }
    Ok(top.children.remove(0))
}

// ---- the table ----

/// A documented parameter: a string, or an Apache map of string pairs.
#[derive(Debug, Clone, PartialEq)]
enum P {
    S(String),
    /// An `xsd:integer` (the page's sample types the parameter so).
    I(String),
    Map(Vec<(String, String)>),
}

fn s(v: &str) -> P {
    P::S(v.to_string())
}

fn i(v: &str) -> P {
    P::I(v.to_string())
}

type Sent = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
type Sender = Box<dyn Fn(SoapClient) -> Sent + Send + Sync>;

struct Row {
    function: &'static str,
    params: Vec<(&'static str, P)>,
    reply: String,
    send: Sender,
}

fn op<E>(e: E, function: &'static str, params: Vec<(&'static str, P)>, ret: &str) -> Row
where
    E: Endpoint + 'static,
    E::Error: std::fmt::Debug,
{
    let e = Arc::new(e);
    Row {
        function,
        params,
        reply: ret.to_string(),
        send: Box::new(move |client: SoapClient| {
            let e = e.clone();
            Box::pin(async move {
                client
                    .send(&*e)
                    .await
                    .map(|_| ())
                    .map_err(|err| format!("{err:?}"))
            })
        }),
    }
}

fn answer(function: &str, ret: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"uen:esws\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><SOAP-ENV:Body><ns1:Esws.{function}Response>{ret}</ns1:Esws.{function}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
        ),
        "text/xml; charset=utf-8",
    )
}

fn text(t: &str) -> String {
    format!("<return xsi:type=\"xsd:string\">{t}</return>")
}

/// `p_PIN` … `p_isVisitor` of `updateUser`/`updateUserAltId` with every field set.
fn fields() -> UserFields {
    let mut f = UserFields::new()
        .name("Renée", "de Vries")
        .pin(PinCode::new("1234").unwrap())
        .validity(at("2024-02-01 08:00:00"), at("2024-12-31 23:59:00"))
        .groups(["Staff", "Time registration"])
        .card(CardChange::Set("123456789".into()))
        .license_plate("AB-123-C")
        .info(1, "Kitchen <B>")
        .info(14, "Floor & 3");
    f.admin = Some(true);
    f.security = Some(false);
    f.group_update = Some(true);
    f.card_custom = Some("C-77".into());
    f.is_visitor = Some(true);
    f
}

fn field_params() -> Vec<(&'static str, P)> {
    vec![
        ("p_PIN", s("1234")),
        ("p_Achternaam", s("de Vries")),
        ("p_Voornaam", s("Renée")),
        ("p_Admin", s("1")),
        ("p_Security", s("0")),
        ("p_StartDate", s("2024-02-01 08:00:00")),
        ("p_ExpireDate", s("2024-12-31 23:59:00")),
        (
            "p_infoFields",
            P::Map(vec![
                ("info1".into(), "Kitchen <B>".into()),
                ("info14".into(), "Floor & 3".into()),
            ]),
        ),
        ("p_groupName", s("Staff;Time registration")),
        ("p_groupUpdate", s("1")),
        ("p_cardId", s("123456789")),
        ("p_cardCustom", s("C-77")),
        ("p_licensePlate", s("AB-123-C")),
        ("p_isVisitor", s("1")),
    ]
}

/// Every ESWS operation the crate implements, parameters in the documented order.
fn table() -> Vec<Row> {
    let k = key();
    let company = ("p_companyID", s(KEY));
    let mut update_user = vec![company.clone(), ("p_Id", s("1001"))];
    update_user.extend(field_params());
    update_user.push(("p_locationID", s("7")));
    let mut update_alt = vec![company.clone(), ("p_wsAltUserId", s("EMP-0042"))];
    update_alt.extend(field_params());
    update_alt.extend([
        ("p_locationID", s("7")),
        ("p_phone", s("+31612345678")),
        ("p_syncToTapkey", s("1")),
    ]);
    let mut update2 = vec![company.clone(), ("p_Id", s("1001"))];
    update2.extend(field_params().into_iter().map(|(n, v)| {
        if n == "p_groupName" {
            ("p_groupId", s("1;13"))
        } else {
            (n, v)
        }
    }));
    update2.extend([
        ("p_locationID", s("7")),
        ("p_visitorStartTime", s("08:30")),
        ("p_visitorEndTime", s("17:00")),
        ("p_phone", s("+31612345678")),
        ("p_syncToTapkey", s("1")),
    ]);
    let mut contractor = vec![
        company.clone(),
        ("p_Id", s("1001")),
        ("p_Contractor_Code", s("4711")),
        ("p_Contractor_name", s("Bouw & Co")),
    ];
    for (n, v) in field_params() {
        let custom = n == "p_cardCustom";
        contractor.push((n, v));
        if custom {
            contractor.push(("p_groupId", s("10;13")));
        }
    }
    contractor.push(("p_locationID", s("7")));
    let mut fields2 = fields();
    fields2.groups.clear();
    let users = "<return SOAP-ENC:arrayType=\"tns:getUsersObject[1]\" xsi:type=\"SOAP-ENC:Array\"><item xsi:type=\"tns:getUsersObject\"><UserId xsi:type=\"xsd:string\">1001</UserId><Voornaam>Jan</Voornaam></item></return>";
    let logs = "<return SOAP-ENC:arrayType=\"tns:getLogsObject[1]\" xsi:type=\"SOAP-ENC:Array\"><item><scanID>500123</scanID><Terminal>TR-2001</Terminal><TerminalKey>DUTY IN</TerminalKey><UserID>EMP-1</UserID><Time>2024-01-02 08:01:02</Time><LocationId>3</LocationId><Success>1</Success></item></return>";
    vec![
        op(
            GetUsers::new(&k)
                .page(3)
                .location(7)
                .user(UserId::new(1001))
                .add_time_to_date(true),
            "getUsers",
            vec![
                company.clone(),
                ("p_page", s("3")),
                ("p_locationID", s("7")),
                ("p_userId", s("1001")),
                ("p_addTimeToDate", s("1")),
            ],
            users,
        ),
        op(
            GetUsersPageNr::new(&k).location(7),
            "getUsersPageNr",
            vec![company.clone(), ("p_locationID", s("7"))],
            &text("3"),
        ),
        op(
            GetUserId::new(&k, alt()),
            "getUserId",
            vec![company.clone(), ("p_wsAltUserId", s("EMP-0042"))],
            &text("2179"),
        ),
        op(
            GetMultipleUsersIds2::new(&k, alt()),
            "getMultipleUsersIds2",
            vec![company.clone(), ("p_wsAltUserId", s("EMP-0042"))],
            "<return xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"tns:getMultipleUsersIds2Object[1]\"><item xsi:type=\"tns:getMultipleUsersIds2Object\"><UserId xsi:type=\"xsd:string\">2110</UserId><Achternaam xsi:type=\"xsd:string\">Doe</Achternaam><Voornaam xsi:type=\"xsd:string\">Mike</Voornaam><FaceTemplates xsi:type=\"xsd:string\">2</FaceTemplates></item></return>",
        ),
        op(
            GetUsersByInfoField::new(&k, 3, "NL123456789B01").unwrap(),
            "getUsersByInfoField",
            vec![
                company.clone(),
                ("p_InfoField", s("info3")),
                ("p_InfoFieldValue", s("NL123456789B01")),
            ],
            "<return xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"tns:getUsersByInfoFieldObject[1]\"><item xsi:type=\"tns:getUsersByInfoFieldObject\"><UserId xsi:type=\"xsd:string\">2110</UserId><Achternaam xsi:type=\"xsd:string\">Mike</Achternaam><Voornaam xsi:type=\"xsd:string\">Doe</Voornaam><FaceTemplates xsi:type=\"xsd:string\">0</FaceTemplates></item></return>",
        ),
        op(
            GetGroups::new(&k).location(7),
            "getGroups",
            vec![company.clone(), ("p_locationID", s("7"))],
            "<return xsi:type=\"SOAP-ENC:Array\"><item xsi:type=\"tns:getGroupsObject\"><GroupId xsi:type=\"xsd:string\">1</GroupId><GroupName xsi:type=\"xsd:string\">Group 1</GroupName></item></return>",
        ),
        op(
            GetLogs::new(&k, at("2024-01-01 00:00:00"), at("2024-01-31 23:59:59"))
                .unwrap()
                .location(3)
                .user(UserId::new(1001))
                .info_field(2, "Sales & Marketing")
                .filter_on(FilterOn::Created)
                .time_registration_only(true),
            "getLogs",
            vec![
                company.clone(),
                ("p_exportTimeFrom", s("2024-01-01 00:00:00")),
                ("p_exportTimeTo", s("2024-01-31 23:59:59")),
                ("p_locationId", s("3")),
                ("p_userId", s("1001")),
                ("p_infoFieldName", s("info2")),
                ("p_infoFieldValue", s("Sales & Marketing")),
                ("p_filterOn", s("created")),
                ("p_timeregistrationModules", s("1")),
            ],
            logs,
        ),
        op(
            GetLogsById::new(&k, 500001, 510000)
                .unwrap()
                .time_registration_only(true),
            "getLogsById",
            vec![
                company.clone(),
                ("p_exportIdFrom", s("500001")),
                ("p_exportIdTo", s("510000")),
                ("p_timeregistrationModules", s("1")),
            ],
            logs,
        ),
        op(
            UpdateUser::new(&k, UserId::new(1001), fields())
                .unwrap()
                .location(7),
            "updateUser",
            update_user,
            &text("OK"),
        ),
        op(
            UpdateUser2::new(&k, UserId::new(1001), fields2)
                .unwrap()
                .group_ids([1, 13])
                .location(7)
                .visitor_time(
                    chrono::NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
                    chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                )
                .phone("+31612345678")
                .sync_to_tapkey(true),
            "updateUser2",
            update2,
            &text("OK"),
        ),
        op(
            UpdateUserContractor::new(&k, UserId::new(1001), 4711, "Bouw & Co", fields())
                .unwrap()
                .group_ids([10, 13])
                .location(7),
            "updateUserContractor",
            contractor,
            &text("OK"),
        ),
        op(
            UpdateUserAltId::new(&k, alt(), fields())
                .unwrap()
                .location(7)
                .phone("+31612345678")
                .sync_to_tapkey(true),
            "updateUserAltId",
            update_alt,
            &text("OK"),
        ),
        op(
            UpdateCard::new(
                &k,
                alt(),
                &CardNumber::from_hex_pairs("65 D8 A1 BD").unwrap(),
            )
            .unwrap(),
            "updateCard",
            vec![
                company.clone(),
                ("p_wsAltUserId", s("EMP-0042")),
                ("p_usbCardId", s("1708695997")),
            ],
            &text("OK"),
        ),
        op(
            UpdateCard::delete(&k, alt()),
            "updateCard",
            vec![
                company.clone(),
                ("p_wsAltUserId", s("EMP-0042")),
                ("p_usbCardId", s("")),
            ],
            &text("OK"),
        ),
        op(
            DeleteUser::new(&k, UserId::new(1001)).unwrap().location(7),
            "deleteUser",
            vec![
                company.clone(),
                ("p_Id", s("1001")),
                ("p_locationID", s("7")),
            ],
            &text("User has been deleted"),
        ),
        op(
            SetQr::new(&k, alt()),
            "setQR",
            vec![company.clone(), ("p_wsAltUserId", s("EMP-0042"))],
            &text("aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY"),
        ),
        op(
            GetQr::new(&k, alt()),
            "getQR",
            vec![company.clone(), ("p_wsAltUserId", s("EMP-0042"))],
            "<return xsi:nil=\"true\"/>",
        ),
        op(
            DeleteQr::new(&k, alt()),
            "deleteQR",
            vec![company.clone(), ("p_wsAltUserId", s("EMP-0042"))],
            &text("OK"),
        ),
        op(
            DeletePictureAndTemplates::new(&k, alt(), true, false).unwrap(),
            "deletePictureAndTemplates",
            vec![
                company.clone(),
                ("p_wsAltUserId", s("EMP-0042")),
                ("p_deletePicture", i("1")),
                ("p_deleteTemplates", i("0")),
            ],
            &text("PROFILE_PICTURE_DELETED"),
        ),
        op(
            DeletePictureAndTemplates::new(&k, alt(), false, true).unwrap(),
            "deletePictureAndTemplates",
            vec![
                company.clone(),
                ("p_wsAltUserId", s("EMP-0042")),
                ("p_deletePicture", i("0")),
                ("p_deleteTemplates", i("1")),
            ],
            &text("FACE_TEMPLATES_DELETED"),
        ),
        op(
            ImageToFaceTemplate::new(
                &k,
                UserId::new(1001),
                b"\xff\xd8\xff\xe0JFIF".to_vec(),
                ImageFormat::Jpg,
                FaceDevice {
                    ip: std::net::Ipv4Addr::new(192, 168, 1, 40),
                    port: 51211,
                    did: 543714888,
                },
            )
            .unwrap()
            .update_picture(true),
            "imageToFaceTemplate",
            vec![
                company.clone(),
                ("p_updatePicture", s("1")),
                ("p_Id", s("1001")),
                ("p_data", s("/9j/4EpGSUY=")),
                ("p_extenstion", s("jpg")),
                ("p_ip", s("192.168.1.40")),
                ("p_port", s("51211")),
                ("p_did", s("543714888")),
            ],
            &text("OK"),
        ),
        op(
            GetSyncToken::new(
                &k,
                "admin@example.com",
                SecretString::from("s3cret&pw".to_string()),
                UserId::new(1001),
            )
            .unwrap()
            .location(2),
            "getSyncToken",
            vec![
                company.clone(),
                ("p_adminUsername", s("admin@example.com")),
                ("p_adminPassword", s("s3cret&pw")),
                ("p_userId", s("1001")),
                ("p_locationID", s("2")),
            ],
            &text("tok123"),
        ),
        op(
            GetTotalSyncToken::new(
                &k,
                "admin@example.com",
                SecretString::from("s3cret&pw".to_string()),
            )
            .unwrap(),
            "getTotalSyncToken",
            vec![
                company.clone(),
                ("p_adminUsername", s("admin@example.com")),
                ("p_adminPassword", s("s3cret&pw")),
            ],
            &text("tok456"),
        ),
        op(
            SyncEsiScd::new(&k, 3).unwrap(),
            "syncEsiScd",
            vec![company.clone(), ("p_locationID", s("3"))],
            &text("[{&quot;543714888&quot;:&quot;ok&quot;}]"),
        ),
        op(
            AutoSync::new(&k, 3).unwrap().user(UserId::new(1001)),
            "autoSync",
            vec![
                company.clone(),
                ("p_locationId", s("3")),
                ("p_userId", s("1001")),
            ],
            &text("TOKEN64"),
        ),
        op(
            AutoSync::new(&k, 3).unwrap(),
            "autoSync",
            vec![
                company.clone(),
                ("p_locationId", s("3")),
                ("p_userId", s("0")),
            ],
            &text("TOKEN64"),
        ),
        op(
            GetSyncStatus::new(&k, SyncToken::new("TOKEN64").unwrap()),
            "getSyncStatus",
            vec![company, ("p_syncToken", s("TOKEN64"))],
            &text("DONE"),
        ),
    ]
}

/// The parameters of the operation element, or what is wrong with the envelope.
fn operation(r: &Request, function: &str) -> Result<Vec<(String, String, P)>, String> {
    let xml = std::str::from_utf8(&r.body).map_err(|e| e.to_string())?;
    let root = parse(xml)?;
    if root.name != "soapenv:Envelope"
        || root.attr("xmlns:soapenv") != Some("http://schemas.xmlsoap.org/soap/envelope/")
        || root.attr("xmlns:uen") != Some("uen:esws")
        || root.attr("xmlns:xsi") != Some("http://www.w3.org/2001/XMLSchema-instance")
        || root.attr("xmlns:xsd") != Some("http://www.w3.org/2001/XMLSchema")
    {
        return Err(format!("not a SOAP 1.1 envelope in uen:esws: {root:?}"));
    }
    let body = root
        .children
        .iter()
        .find(|c| c.name == "soapenv:Body")
        .ok_or("no soapenv:Body")?;
    let [call] = body.children.as_slice() else {
        return Err(format!("{} elements in the body", body.children.len()));
    };
    if call.name != format!("uen:Esws.{function}") {
        return Err(format!(
            "operation `{}` (expected uen:Esws.{function})",
            call.name
        ));
    }
    if call.attr("soapenv:encodingStyle") != Some("http://schemas.xmlsoap.org/soap/encoding/") {
        return Err("the operation is not RPC/encoded (soapenv:encodingStyle)".into());
    }
    let mut params = Vec::new();
    for p in &call.children {
        let ty = p.attr("xsi:type").unwrap_or("(none)").to_string();
        let value = if p.children.is_empty() && ty == "xsd:integer" {
            P::I(p.text.clone())
        } else if p.children.is_empty() {
            P::S(p.text.clone())
        } else {
            let mut pairs = Vec::new();
            for item in &p.children {
                match item.children.as_slice() {
                    [k, v]
                        if item.name == "item"
                            && k.name == "key"
                            && v.name == "value"
                            && k.attr("xsi:type") == Some("xsd:string")
                            && v.attr("xsi:type") == Some("xsd:string") =>
                    {
                        pairs.push((k.text.clone(), v.text.clone()))
                    }
                    _ => return Err(format!("{}: not an Apache map item: {item:?}", p.name)),
                }
            }
            P::Map(pairs)
        };
        params.push((p.name.clone(), ty, value));
    }
    Ok(params)
}

fn header(r: &Request, name: &str) -> Option<String> {
    let all: Vec<_> = r.headers.get_all(name).iter().collect();
    match all.as_slice() {
        [one] => one.to_str().ok().map(str::to_string),
        _ => None,
    }
}

#[derive(Clone)]
struct Slot(Arc<Mutex<ResponseTemplate>>);

impl Respond for Slot {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.lock().unwrap().clone()
    }
}

/// The number of ESWS operations the crate implements.
const ALL_OPERATIONS: usize = 24;

#[tokio::test]
async fn every_soap_operation_sends_the_documented_envelope() {
    let rows = table();
    let mut functions: Vec<&str> = rows.iter().map(|r| r.function).collect();
    functions.sort_unstable();
    functions.dedup();
    assert_eq!(functions.len(), ALL_OPERATIONS, "{functions:?}");
    let server = MockServer::start().await;
    let slot = Slot(Arc::new(Mutex::new(ResponseTemplate::new(500))));
    Mock::given(any())
        .respond_with(slot.clone())
        .mount(&server)
        .await;
    let client = SoapClient::builder(SecretString::from(KEY.to_string()))
        .base_url(format!("{}/webservicesesws", server.uri()))
        .build()
        .unwrap();
    let mut failures = Vec::new();
    for row in &rows {
        *slot.0.lock().unwrap() = answer(row.function, &row.reply);
        let before = server.received_requests().await.unwrap().len();
        let outcome = (row.send)(client.clone()).await;
        let received = server.received_requests().await.unwrap();
        let new = &received[before..];
        let mut bad = Vec::new();
        if let Err(e) = outcome {
            bad.push(format!("the call failed: {e}"));
        }
        let [r] = new else {
            failures.push(format!("{}: {} requests sent", row.function, new.len()));
            continue;
        };
        if r.method.as_str() != "POST" {
            bad.push(format!("method {}", r.method));
        }
        if r.url.path() != "/webservicesesws" {
            bad.push(format!("path {}", r.url.path()));
        }
        if let Some(q) = r.url.query() {
            bad.push(format!("query `{q}` (expected none)"));
        }
        let action = format!("\"uen:esws#Esws.{}\"", row.function);
        for (name, want) in [
            ("content-type", Some("text/xml; charset=utf-8")),
            ("soapaction", Some(action.as_str())),
            ("accept", Some("text/xml")),
            ("authorization", None),
        ] {
            let got = header(r, name);
            if got.as_deref() != want || (want.is_none() && r.headers.contains_key(name)) {
                bad.push(format!("header `{name}` {got:?} (expected {want:?})"));
            }
        }
        for (name, _) in r.headers.iter() {
            let value = r.headers.get(name).and_then(|v| v.to_str().ok());
            if value.is_some_and(|v| v.contains(KEY)) {
                bad.push(format!("the company key in header `{name}`"));
            }
        }
        match operation(r, row.function) {
            Err(e) => bad.push(e),
            Ok(got) => {
                let want: Vec<(String, String, P)> = row
                    .params
                    .iter()
                    .map(|(n, v)| {
                        let ty = match v {
                            P::S(_) => "xsd:string",
                            P::I(_) => "xsd:integer",
                            P::Map(_) => "apache:Map",
                        };
                        (n.to_string(), ty.to_string(), v.clone())
                    })
                    .collect();
                if got != want {
                    bad.push(format!("parameters\n    {got:?}\n  expected\n    {want:?}"));
                }
            }
        }
        if !bad.is_empty() {
            failures.push(format!("Esws.{}:\n  {}", row.function, bad.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests differ from the documented envelope:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
