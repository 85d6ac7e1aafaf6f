//! The SOAP 1.1 RPC/encoded wire format of ESWS: the request envelope writer and
//! a lenient response reader built on quick-xml.
//!
//! The request shape is the one of the vendor's samples **\[V\]** D: the four
//! namespace declarations on `soapenv:Envelope`, an empty `soapenv:Header`, the
//! operation element `uen:Esws.<function>` with the SOAP encoding style, and one
//! `xsi:type="xsd:string"` element per parameter, in the documented order, one
//! element per line. The reader ignores namespace prefixes and `xsi:type`
//! annotations, because the vendor's own samples get them wrong (the getGroups
//! sample declares `tns:getUsersObject` items and uses an undeclared `tns`
//! prefix).

use std::borrow::Cow;

use access_core::DecodeError;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The SOAP encoding style URI.
pub(crate) const ENCODING_STYLE: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// The ESWS namespace URI.
pub(crate) const NAMESPACE: &str = "uen:esws";

/// Escapes text for an XML element or attribute value: `& < > " '`.
///
/// The company key of the samples (`^4p;tU0Q+#dE…`) holds `^ ; + #`, which XML
/// leaves alone; `&` and `<` would break the envelope and are escaped.
pub fn escape_text(value: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(value)
}

/// A parameter value of an ESWS request.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Param {
    /// `xsd:string` text (integers are sent as strings too, as in the samples).
    Text(String),
    /// An `xsd:integer`, for the parameters whose page's sample types them so
    /// (`deletePictureAndTemplates`' two flags **\[V\]** D).
    Integer(i64),
    /// A PHP associative array (`p_infoFields`), written as an Apache SOAP `Map`
    /// of `item`/`key`/`value` **\[I\]**: the encoding is not in the available pages.
    Map(Vec<(String, String)>),
}

/// The parameters whose values are secrets: the company key, passwords and PINs.
const SECRET_PARAMS: &[&str] = &["p_companyID", "p_adminPassword", "p_PIN"];

/// The values of the secret parameters of a request, for the transport to
/// remove from anything an answer quotes them in.
pub(crate) fn secret_params(params: &[(&str, Param)]) -> Vec<access_core::SecretString> {
    params
        .iter()
        .filter(|(name, _)| SECRET_PARAMS.contains(name))
        .filter_map(|(_, p)| match p {
            Param::Text(t) if !t.is_empty() => Some(t),
            _ => None,
        })
        .flat_map(|t| {
            // As sent and as an answer quotes it inside XML (`&` as `&amp;`).
            let escaped = escape_text(t);
            let escaped = (escaped != t.as_str()).then(|| escaped.into_owned());
            std::iter::once(t.clone()).chain(escaped)
        })
        .map(access_core::SecretString::from)
        .collect()
}

impl Param {
    pub(crate) fn text(value: impl Into<String>) -> Self {
        Param::Text(value.into())
    }

    pub(crate) fn empty() -> Self {
        Param::Text(String::new())
    }

    pub(crate) fn opt<T: ToString>(value: Option<T>) -> Self {
        Param::Text(value.map(|v| v.to_string()).unwrap_or_default())
    }
}

/// Writes the request envelope of `Esws.<function>` with `params` in order.
///
/// The first parameter is always `p_companyID`; its value is exposed only here,
/// into the body that goes on the wire.
pub(crate) fn request_envelope(function: &str, params: &[(&str, Param)]) -> String {
    let mut out = String::with_capacity(512 + params.len() * 64);
    out.push_str(
        "<soapenv:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:uen=\"",
    );
    out.push_str(NAMESPACE);
    out.push_str("\">\n");
    out.push_str("<soapenv:Header/>\n<soapenv:Body>\n");
    out.push_str("<uen:Esws.");
    out.push_str(function);
    out.push_str(" soapenv:encodingStyle=\"");
    out.push_str(ENCODING_STYLE);
    out.push_str("\">\n");
    for (name, value) in params {
        match value {
            Param::Text(text) => {
                out.push('<');
                out.push_str(name);
                out.push_str(" xsi:type=\"xsd:string\">");
                out.push_str(&escape_text(text));
                out.push_str("</");
                out.push_str(name);
                out.push_str(">\n");
            }
            Param::Integer(n) => {
                out.push('<');
                out.push_str(name);
                out.push_str(" xsi:type=\"xsd:integer\">");
                out.push_str(&n.to_string());
                out.push_str("</");
                out.push_str(name);
                out.push_str(">\n");
            }
            Param::Map(pairs) if pairs.is_empty() => {
                out.push('<');
                out.push_str(name);
                out.push_str(" xsi:type=\"xsd:string\"></");
                out.push_str(name);
                out.push_str(">\n");
            }
            Param::Map(pairs) => {
                out.push('<');
                out.push_str(name);
                out.push_str(
                    " xsi:type=\"apache:Map\" xmlns:apache=\"http://xml.apache.org/xml-soap\">\n",
                );
                for (k, v) in pairs {
                    out.push_str("<item><key xsi:type=\"xsd:string\">");
                    out.push_str(&escape_text(k));
                    out.push_str("</key><value xsi:type=\"xsd:string\">");
                    out.push_str(&escape_text(v));
                    out.push_str("</value></item>\n");
                }
                out.push_str("</");
                out.push_str(name);
                out.push_str(">\n");
            }
        }
    }
    out.push_str("</uen:Esws.");
    out.push_str(function);
    out.push_str(">\n</soapenv:Body>\n</soapenv:Envelope>\n");
    out
}

/// The deepest element nesting [`parse_document`] reads: the envelope, its
/// body, the response element and `return` are four levels, an ESWS answer
/// (a list of structs, an Apache map) a handful more. A deeper document is a
/// parse error, never a deeper tree: the conversions below recurse once per
/// level, so the limit bounds their stack use whatever a server sends.
pub(crate) const MAX_DEPTH: usize = 64;

/// One element of a parsed document: its local name (prefix dropped), its
/// attributes by local name, its text and its child elements.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) attributes: Vec<(String, String)>,
    pub(crate) text: String,
    pub(crate) children: Vec<Element>,
}

/// Dropped iteratively: the children of every descendant move to one flat list
/// and are dropped from there, each with no children left, so dropping a tree of
/// any depth takes constant stack (the parser bounds the depth too, see
/// [`MAX_DEPTH`]; this keeps a tree built another way safe as well).
impl Drop for Element {
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.children);
        while let Some(mut el) = pending.pop() {
            pending.append(&mut el.children);
        }
    }
}

impl Element {
    pub(crate) fn child(&self, local: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == local)
    }

    pub(crate) fn attribute(&self, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }

    fn is_nil(&self) -> bool {
        matches!(self.attribute("nil"), Some("true" | "1"))
    }

    fn looks_like_array(&self) -> bool {
        self.attribute("arrayType").is_some()
            || self
                .attribute("type")
                .is_some_and(|t| t.ends_with(":Array") || t == "Array")
    }

    fn looks_like_map(&self) -> bool {
        self.attribute("type").is_some_and(|t| t.ends_with(":Map"))
            || (!self.children.is_empty()
                && self.children.iter().all(|c| {
                    c.name == "item"
                        && c.children.len() == 2
                        && c.child("key").is_some()
                        && c.child("value").is_some()
                }))
    }
}

fn local(name: &[u8]) -> String {
    let name = match name.iter().rposition(|b| *b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(name).into_owned()
}

fn start_element(e: &BytesStart<'_>) -> Result<Element, String> {
    let mut el = Element::default();
    el.name = local(e.name().as_ref());
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|e| format!("bad attribute: {e}"))?;
        let value = attr
            .unescape_value()
            .map_err(|e| format!("bad attribute value: {e}"))?
            .into_owned();
        el.attributes.push((local(attr.key.as_ref()), value));
    }
    Ok(el)
}

/// The error of an element opened deeper than [`MAX_DEPTH`].
fn too_deep(reader: &Reader<&[u8]>) -> String {
    format!(
        "the XML nests deeper than {MAX_DEPTH} elements (at byte {})",
        reader.buffer_position()
    )
}

/// Parses a whole XML document into its root element. Unbalanced or truncated
/// documents, bad entities, non-UTF-8 text and elements nested deeper than
/// [`MAX_DEPTH`] are errors, never panics. The parser itself keeps the open
/// elements in a list (no recursion), and stops at the first element too deep.
pub(crate) fn parse_document(body: &[u8]) -> Result<Element, String> {
    let mut reader = Reader::from_reader(body);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                if root.is_some() {
                    return Err("content after the root element".into());
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(&reader));
                }
                stack.push(start_element(&e)?);
            }
            Event::Empty(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(&reader));
                }
                let el = start_element(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err("content after the root element".into()),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("closing tag without an opening tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| format!("bad text: {e}"))?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err("text outside the root element".into()),
                }
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| format!("bad CDATA: {e}"))?;
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let resolved: String = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => return Err("bad character reference".into()),
                    }
                } else {
                    let name = r.decode().map_err(|e| format!("bad entity: {e}"))?;
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("unknown entity &{name};"))?
                        .to_string()
                };
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&resolved),
                    None => return Err("entity outside the root element".into()),
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(format!(
            "document ends inside <{}> (truncated)",
            stack.last().map(|e| e.name.as_str()).unwrap_or("?")
        ));
    }
    root.ok_or_else(|| "no XML element in the answer".into())
}

/// A value of an RPC/encoded answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SoapValue {
    /// `xsi:nil="true"` (PHP `NULL`), e.g. getQR for a user without QR code.
    Nil,
    /// A scalar, as text.
    Text(String),
    /// A `SOAP-ENC:Array`.
    Array(Vec<SoapValue>),
    /// A struct (or an Apache `Map`), members in order.
    Struct(Vec<(String, SoapValue)>),
}

/// Dropped iteratively, like [`Element`]: nested values move to one flat list
/// first, so no drop recurses whatever the depth.
impl Drop for SoapValue {
    fn drop(&mut self) {
        let mut pending: Vec<SoapValue> = match self {
            SoapValue::Array(items) => std::mem::take(items),
            SoapValue::Struct(members) => std::mem::take(members)
                .into_iter()
                .map(|(_, v)| v)
                .collect(),
            SoapValue::Nil | SoapValue::Text(_) => return,
        };
        while let Some(mut value) = pending.pop() {
            match &mut value {
                SoapValue::Array(items) => pending.append(items),
                SoapValue::Struct(members) => {
                    pending.extend(std::mem::take(members).into_iter().map(|(_, v)| v));
                }
                SoapValue::Nil | SoapValue::Text(_) => {}
            }
        }
    }
}

impl SoapValue {
    /// The items of an array answer (the value is left empty); `None` for
    /// anything else. (A value cannot be moved out of: it drops iteratively.)
    pub(crate) fn take_items(&mut self) -> Option<Vec<SoapValue>> {
        match self {
            SoapValue::Array(items) => Some(std::mem::take(items)),
            _ => None,
        }
    }

    /// Converts a parsed element. Recurses once per level: the elements come from
    /// [`parse_document`], whose depth is at most [`MAX_DEPTH`].
    fn from_element(el: &Element) -> SoapValue {
        if el.is_nil() {
            return SoapValue::Nil;
        }
        if el.looks_like_array() {
            return SoapValue::Array(el.children.iter().map(SoapValue::from_element).collect());
        }
        if el.children.is_empty() {
            return SoapValue::Text(el.text.clone());
        }
        if el.looks_like_map() {
            return SoapValue::Struct(
                el.children
                    .iter()
                    .map(|item| {
                        let key = item
                            .child("key")
                            .map(|k| k.text.clone())
                            .unwrap_or_default();
                        let value = item
                            .child("value")
                            .map(SoapValue::from_element)
                            .unwrap_or(SoapValue::Nil);
                        (key, value)
                    })
                    .collect(),
            );
        }
        if el.children.iter().all(|c| c.name == "item") {
            return SoapValue::Array(el.children.iter().map(SoapValue::from_element).collect());
        }
        SoapValue::Struct(
            el.children
                .iter()
                .map(|c| (c.name.clone(), SoapValue::from_element(c)))
                .collect(),
        )
    }

    /// The value as JSON, scalars as strings: the shape the shared REST models
    /// (`LogEntry`, `Group`, `UserRecord`) read leniently. Recurses once per level,
    /// as `serde_json::from_value` and the drop of the JSON tree do after it: the
    /// value comes from [`parse_document`], whose depth is at most [`MAX_DEPTH`].
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            SoapValue::Nil => Value::Null,
            SoapValue::Text(t) => Value::String(t.clone()),
            SoapValue::Array(items) => Value::Array(items.iter().map(Self::to_json).collect()),
            SoapValue::Struct(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// The text of a scalar answer; `None` for `Nil`.
    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            SoapValue::Text(t) => Some(t),
            _ => None,
        }
    }

    /// A member of a struct by name.
    pub(crate) fn member(&self, name: &str) -> Option<&SoapValue> {
        match self {
            SoapValue::Struct(m) => m.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// A SOAP Fault (`faultcode`, `faultstring`), as PHP's SoapServer sends it with
/// HTTP 500 for a malformed request or an unknown function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) code: String,
    pub(crate) message: String,
}

/// What a response envelope held.
#[derive(Debug)]
pub(crate) enum Parsed {
    /// The `return` value of `Esws.<fn>Response`.
    Return(SoapValue),
    /// A SOAP Fault.
    Fault(Fault),
}

fn body_of(root: &Element) -> Result<&Element, String> {
    if root.name != "Envelope" {
        return Err(format!(
            "expected a SOAP Envelope, found <{}> (not a SOAP answer)",
            root.name
        ));
    }
    root.child("Body")
        .ok_or_else(|| "the SOAP Envelope has no Body".to_string())
}

/// Reads a response envelope of `Esws.<function>`.
pub(crate) fn parse_response(function: &str, body: &[u8]) -> Result<Parsed, String> {
    let root = parse_document(body)?;
    let soap_body = body_of(&root)?;
    let first = soap_body
        .children
        .first()
        .ok_or_else(|| "the SOAP Body is empty".to_string())?;
    if first.name == "Fault" {
        return Ok(Parsed::Fault(Fault {
            code: first
                .child("faultcode")
                .map(|c| c.text.trim().to_string())
                .unwrap_or_default(),
            message: first
                .child("faultstring")
                .map(|c| c.text.trim().to_string())
                .unwrap_or_default(),
        }));
    }
    let expected = format!("Esws.{function}Response");
    if first.name != expected {
        if !first.name.ends_with("Response") {
            return Err(format!("expected <{expected}>, found <{}>", first.name));
        }
        // Tolerated: the vendor's pages mix up operation names in samples.
        tracing::debug!(expected = %expected, found = %first.name, "ESWS answered with another response element");
    }
    let value = match first.child("return").or_else(|| first.children.first()) {
        Some(ret) => SoapValue::from_element(ret),
        // `<ns1:Esws.deleteQRResponse/>`: a void answer.
        None => SoapValue::Nil,
    };
    Ok(Parsed::Return(value))
}

/// Reads the SOAP Fault of a (non-2xx) answer, if it is one.
pub(crate) fn parse_fault(body: &[u8]) -> Option<Fault> {
    let root = parse_document(body).ok()?;
    let soap_body = body_of(&root).ok()?;
    let fault = soap_body.child("Fault")?;
    Some(Fault {
        code: fault
            .child("faultcode")
            .map(|c| c.text.trim().to_string())
            .unwrap_or_default(),
        message: fault
            .child("faultstring")
            .map(|c| c.text.trim().to_string())
            .unwrap_or_default(),
    })
}

/// A decode error for an answer of `function` that is not a readable envelope.
pub(crate) fn decode_error(
    status: u16,
    function: &str,
    message: String,
    body: &[u8],
) -> DecodeError {
    DecodeError::new(
        status,
        format!("Envelope/Body/Esws.{function}Response"),
        message,
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_documented_shape() {
        let xml = request_envelope(
            "getLogsById",
            &[
                ("p_companyID", Param::text("^4p;tU0Q+#dE&<")),
                ("p_exportIdFrom", Param::text("1")),
                (
                    "p_infoFields",
                    Param::Map(vec![("info1".into(), "a&b".into())]),
                ),
            ],
        );
        assert!(xml.contains("<uen:Esws.getLogsById soapenv:encodingStyle="));
        assert!(
            xml.contains(
                "<p_companyID xsi:type=\"xsd:string\">^4p;tU0Q+#dE&amp;&lt;</p_companyID>"
            )
        );
        assert!(xml.contains("<value xsi:type=\"xsd:string\">a&amp;b</value>"));
        let root = parse_document(xml.as_bytes()).unwrap();
        assert_eq!(root.name, "Envelope");
    }

    #[test]
    fn reads_arrays_structs_nil_and_faults() {
        let ok = br#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><ns1:Esws.getGroupsResponse xmlns:ns1="uen:esws"><return xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="tns:getUsersObject[1]"><item xsi:type="tns:getGroupsObject"><GroupId xsi:type="xsd:string">1</GroupId><GroupName>A &amp; B</GroupName></item></return></ns1:Esws.getGroupsResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
        let parsed = parse_response("getGroups", ok).unwrap();
        let Parsed::Return(SoapValue::Array(items)) = &parsed else {
            panic!("not an array")
        };
        assert_eq!(
            items[0].member("GroupName"),
            Some(&SoapValue::Text("A & B".into()))
        );
        let nil = br#"<e:Envelope><e:Body><x:Esws.getQRResponse><return xsi:nil="true"/></x:Esws.getQRResponse></e:Body></e:Envelope>"#;
        assert!(matches!(
            parse_response("getQR", nil).unwrap(),
            Parsed::Return(SoapValue::Nil)
        ));
        let fault = br#"<e:Envelope><e:Body><e:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>Function ("x") is not a valid method</faultstring></e:Fault></e:Body></e:Envelope>"#;
        assert!(matches!(
            parse_response("x", fault).unwrap(),
            Parsed::Fault(Fault { .. })
        ));
        assert!(parse_fault(fault).is_some());
    }

    #[test]
    fn refuses_html_and_truncation() {
        assert!(parse_response("getUsers", b"<html><body>502 Bad Gateway</body></html>").is_err());
        assert!(
            parse_response(
                "getUsers",
                b"<e:Envelope><e:Body><x:Esws.getUsersResponse><return>"
            )
            .is_err()
        );
        assert!(parse_response("getUsers", b"").is_err());
        assert!(parse_response("getUsers", b"not xml at all").is_err());
        assert!(parse_response("getUsers", b"<a>&bogus;</a>").is_err());
    }

    /// An answer envelope whose `return` holds `inner` as its only content.
    fn envelope_around(inner: &str) -> String {
        format!(
            "<e:Envelope><e:Body><x:Esws.getUsersResponse><return>{inner}</return>\
             </x:Esws.getUsersResponse></e:Body></e:Envelope>"
        )
    }

    /// `<item>` nested so that the whole document is `depth` elements deep.
    fn items(depth: usize) -> String {
        let n = depth - 4;
        format!("{}x{}", "<item>".repeat(n), "</item>".repeat(n))
    }

    /// Runs `f` on a thread with a small stack (64 KiB): what it does must not
    /// depend on the depth of the input.
    fn on_small_stack(f: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn nesting_up_to_the_limit_is_read_and_deeper_is_refused() {
        let at_limit = envelope_around(&items(MAX_DEPTH));
        assert!(matches!(
            parse_response("getUsers", at_limit.as_bytes()),
            Ok(Parsed::Return(_))
        ));
        // An empty element one level deeper is refused as well as an open one.
        let empty = envelope_around(&format!(
            "{}<item/>{}",
            "<item>".repeat(MAX_DEPTH - 4),
            "</item>".repeat(MAX_DEPTH - 4)
        ));
        for deeper in [envelope_around(&items(MAX_DEPTH + 1)), empty] {
            let err = parse_response("getUsers", deeper.as_bytes()).unwrap_err();
            assert!(err.contains("nests deeper than 64"), "{err}");
            assert!(parse_fault(deeper.as_bytes()).is_none());
        }
    }

    #[test]
    fn the_parser_refuses_any_depth_without_recursing() {
        on_small_stack(|| {
            for depth in [MAX_DEPTH + 1, 1_000, 100_000, 1_000_000] {
                let doc = envelope_around(&items(depth));
                let err = parse_response("getUsers", doc.as_bytes()).unwrap_err();
                assert!(err.contains("nests deeper"), "{depth}: {err}");
                // Unclosed: refused at the same point, not at the end.
                let open = envelope_around(&"<item>".repeat(depth));
                assert!(
                    parse_document(open.as_bytes())
                        .unwrap_err()
                        .contains("nests deeper")
                );
            }
        });
    }

    #[test]
    fn trees_of_any_depth_drop_without_recursing() {
        on_small_stack(|| {
            let mut el = Element::default();
            for _ in 0..1_000_000 {
                let mut parent = Element::default();
                parent.name = "item".into();
                parent.children.push(el);
                parent.children.push(Element::default());
                el = parent;
            }
            drop(el);
            let mut value = SoapValue::Nil;
            for i in 0..1_000_000 {
                value = if i % 2 == 0 {
                    SoapValue::Array(vec![value, SoapValue::Text("x".into())])
                } else {
                    SoapValue::Struct(vec![("k".into(), value), ("n".into(), SoapValue::Nil)])
                };
            }
            drop(value);
        });
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn sample() -> String {
            r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="uen:esws"><SOAP-ENV:Body><ns1:Esws.getLogsByIdResponse><return SOAP-ENC:arrayType="tns:getLogsObject[1]" xsi:type="SOAP-ENC:Array"><item><scanID>5</scanID><Terminal>T &amp; 1</Terminal><LogText>Verify Success</LogText></item></return></ns1:Esws.getLogsByIdResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
                .to_string()
        }

        /// One nesting level: its opening and closing text, how many elements
        /// deeper the next level starts, and how deep its own deepest element is.
        type Level = (&'static str, &'static str, usize, usize);

        /// One nesting level of an answer: the shapes the reader treats apart
        /// (plain items, SOAP-ENC arrays, `nil`, Apache map entries nesting in
        /// `value`, struct members with a sibling, an empty child before the
        /// nesting one).
        fn level() -> impl Strategy<Value = Level> {
            prop_oneof![
                Just(("<item>", "</item>", 1, 1)),
                Just(("<item xsi:type=\"SOAP-ENC:Array\">", "</item>", 1, 1)),
                Just(("<item xsi:nil=\"false\">", "</item>", 1, 1)),
                Just(("<item><key>k</key><value>", "</value></item>", 2, 2)),
                Just(("<M><O>x</O><N>", "</N></M>", 2, 2)),
                Just(("<a:x><b/>", "</a:x>", 1, 2)),
            ]
        }

        /// An envelope nested with `levels` below `return`, and its depth in
        /// elements (the envelope takes four).
        fn nested(levels: &[Level], leaf: &str) -> (String, usize) {
            let mut inner = String::new();
            for (open, ..) in levels {
                inner.push_str(open);
            }
            inner.push_str(leaf);
            for (_, close, ..) in levels.iter().rev() {
                inner.push_str(close);
            }
            let (mut start, mut depth) = (4, 4);
            for (_, _, nest, reach) in levels {
                depth = depth.max(start + reach);
                start += nest;
            }
            if leaf == "<z/>" {
                depth = depth.max(start + 1);
            }
            (envelope_around(&inner), depth)
        }

        proptest! {
            /// Depth, not shape, decides: a document within the limit is read
            /// (and converts to JSON), one element deeper is refused as too deep.
            #[test]
            fn depth_decides_whatever_the_shape(
                levels in proptest::collection::vec(level(), 0..(MAX_DEPTH + 20)),
                leaf in prop_oneof![Just("text"), Just("<z/>"), Just("")],
            ) {
                let (doc, depth) = nested(&levels, leaf);
                match parse_response("getUsers", doc.as_bytes()) {
                    Ok(Parsed::Return(value)) => {
                        prop_assert!(depth <= MAX_DEPTH, "{depth} levels were read");
                        let _ = value.to_json().to_string();
                    }
                    Ok(Parsed::Fault(_)) => prop_assert!(false, "not a fault"),
                    Err(e) => {
                        prop_assert!(depth > MAX_DEPTH, "{depth} levels refused: {e}");
                        prop_assert!(e.contains("nests deeper"), "{e}");
                    }
                }
            }

        }

        proptest! {
            // Each case is up to a few megabytes.
            #![proptest_config(ProptestConfig::with_cases(48))]

            /// Far deeper nesting (to 200 000 levels, a few megabytes), cut at
            /// any point or complete: always an error, never a stack overflow.
            #[test]
            fn any_depth_is_an_error(
                level in level(),
                repeat in (MAX_DEPTH + 1)..200_000usize,
                cut in any::<proptest::sample::Index>(),
            ) {
                let (doc, _) = nested(&vec![level; repeat], "text");
                prop_assert!(parse_response("getUsers", doc.as_bytes()).is_err());
                prop_assert!(parse_fault(doc.as_bytes()).is_none());
                let cut = cut.index(doc.len());
                prop_assert!(parse_response("getUsers", &doc.as_bytes()[..cut]).is_err());
            }
        }

        proptest! {
            #[test]
            fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..400)) {
                let _ = parse_response("getLogsById", &body);
                let _ = parse_fault(&body);
            }

            #[test]
            fn every_truncation_is_an_error(cut in 0usize..400) {
                let full = sample();
                let cut = cut.min(full.len() - 1);
                prop_assert!(parse_response("getLogsById", &full.as_bytes()[..cut]).is_err());
            }

            #[test]
            fn written_params_read_back_exactly(values in proptest::collection::vec("\\PC{0,30}", 1..6)) {
                let params: Vec<(&str, Param)> = ["p_companyID", "p_a", "p_b", "p_c", "p_d", "p_e"]
                    .iter()
                    .zip(&values)
                    .map(|(n, v)| (*n, Param::text(v.clone())))
                    .collect();
                let xml = request_envelope("getUsers", &params);
                let root = parse_document(xml.as_bytes()).unwrap();
                let op = &root.child("Body").unwrap().children[0];
                prop_assert_eq!(&op.name, "Esws.getUsers");
                for ((name, _), (el, v)) in params.iter().zip(op.children.iter().zip(&values)) {
                    prop_assert_eq!(&el.name, name);
                    prop_assert_eq!(&el.text, v);
                }
            }
        }
    }
}
