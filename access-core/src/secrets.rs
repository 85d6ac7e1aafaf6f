//! The one registry of secrets, and the scrubbing of everything a server says.
//!
//! A server may quote a request back (an echo in an error body, a proxy's
//! diagnostic page), and it may answer credentials of its own (a session id,
//! a token pair, a lock id, a webhook signing key) in a body that then fails to
//! decode. Whatever the SDK keeps of an answer (an error's `Display` and
//! `Debug`, a decode excerpt, a log field) is therefore passed through
//! [`Secrets::scrub`] before anyone sees it.
//!
//! **Which secrets.** A [`Secrets`] set is built for every call by the
//! transport: the credentials the call carries (`AuthParts`), the secrets the
//! endpoint declares (`Endpoint::secrets`, e.g. an id in the path), the
//! transport's secret default headers (iLOQ's `x-api-key`), and every secret
//! the session registered in the transport's [`SecretRegistry`] (tokens,
//! session ids and lock ids it obtained, including earlier generations).
//! Secrets a server *answers* are not known before the answer decodes, so a
//! value under a credential field name ([`CREDENTIAL_FIELDS`] and the
//! endpoint's own `answer_secrets`) is redacted by name with
//! [`redact_fields`].
//!
//! **In which forms.** A secret is removed as sent, percent-encoded (query and
//! form style, either hex case), JSON-escaped (`/` as `\/` too) and
//! XML-escaped; and because a server may escape any character it likes (JSON
//! `\u0041`, XML `&#65;`, `%41`), the text is also read through each decoder
//! (and each pair of them): when a decoded reading holds a secret, that
//! reading, scrubbed, replaces the text. A secret cut off at the end of an
//! excerpt is removed too.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, RwLock};

use secrecy::{ExposeSecret, SecretString};

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not scrubbed as text (they would match
/// everywhere); credentials are all longer.
pub const MIN_SECRET_LEN: usize = 4;

/// Field names whose values are credentials in any vendor's answers and
/// requests (compared without regard to case, `-` and `_`): session ids, tokens,
/// lock ids, keys, signing keys, passwords, PINs, sync tokens.
pub const CREDENTIAL_FIELDS: &[&str] = &[
    "password",
    "passwd",
    "pin",
    "token",
    "idtoken",
    "refreshtoken",
    "accesstoken",
    "synctoken",
    "sessionid",
    "lockuid",
    "signkey",
    "apikey",
    "xapikey",
    "secret",
    "clientsecret",
    "authorization",
    "companykey",
];

/// How many secrets a [`SecretRegistry`] keeps (the oldest are dropped first):
/// enough for every generation of credentials a long-running session sees in
/// the time an old one may still be echoed.
pub const REGISTRY_CAPACITY: usize = 64;

/// A set of secrets and the scrubbing of text against them.
#[derive(Clone, Default)]
pub struct Secrets {
    /// The secrets' plain values (and the token of an `Authorization` value).
    plain: Vec<SecretString>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} redacted)", self.plain.len())
    }
}

impl Secrets {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a secret. An `Authorization`-style value (`Bearer <token>`,
    /// `Basic <credentials>`) adds its token alone as well. Values shorter
    /// than [`MIN_SECRET_LEN`] are ignored.
    pub fn add(&mut self, secret: &SecretString) {
        let plain = secret.expose_secret();
        self.push(plain);
        if let Some((scheme, token)) = plain.split_once(' ')
            && matches!(
                scheme.to_ascii_lowercase().as_str(),
                "bearer" | "basic" | "token" | "digest"
            )
        {
            self.push(token.trim());
        }
    }

    fn push(&mut self, plain: &str) {
        if plain.len() >= MIN_SECRET_LEN && !self.plain.iter().any(|s| s.expose_secret() == plain) {
            self.plain.push(SecretString::from(plain.to_string()));
        }
    }

    /// Adds every secret of `secrets`.
    pub fn extend<'a>(&mut self, secrets: impl IntoIterator<Item = &'a SecretString>) {
        for s in secrets {
            self.add(s);
        }
    }

    /// Whether the set holds no secret.
    pub fn is_empty(&self) -> bool {
        self.plain.is_empty()
    }

    /// How many secrets the set holds.
    pub fn len(&self) -> usize {
        self.plain.len()
    }

    /// Every form in which a secret of the set may appear literally in a
    /// server's text: plain, percent-encoded (form and path style, upper- and
    /// lower-case hex), JSON-escaped (with and without `\/`), XML-escaped.
    /// Longest first, so a form that contains another is replaced whole.
    pub fn forms(&self) -> Vec<String> {
        let mut forms: Vec<String> = Vec::new();
        for secret in &self.plain {
            for form in forms_of(secret.expose_secret()) {
                if form.len() >= MIN_SECRET_LEN && !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        forms
    }

    /// Whether `text` holds a secret of the set in any form [`Secrets::scrub`]
    /// removes (a check for tests and assertions).
    pub fn found_in(&self, text: &str) -> bool {
        !self.is_empty() && self.scrub(text) != text
    }

    /// `text` without any secret of the set, in any of its forms, or decoded
    /// from any escaping a server may have applied (see the module docs).
    pub fn scrub(&self, text: &str) -> String {
        if self.is_empty() {
            return text.to_string();
        }
        let forms = self.forms();
        let mut out = replace_forms(text, &forms);
        // A server may escape characters at will: read the text through each
        // decoder and each pair of decoders; a reading that holds a secret
        // replaces the text, scrubbed.
        for _ in 0..3 {
            let mut changed = false;
            for view in decoded_views(&out) {
                if self.holds_plain(&view) {
                    out = replace_forms(&view, &forms);
                    changed = true;
                    break;
                }
            }
            if !changed {
                break;
            }
        }
        out
    }

    /// [`Secrets::scrub`] in place.
    pub fn scrub_in_place(&self, text: &mut String) {
        if !self.is_empty() {
            let clean = self.scrub(text);
            if clean != *text {
                *text = clean;
            }
        }
    }

    /// `bytes` with every literal form of every secret replaced, or `None` when
    /// there is none (the body an endpoint's error type then reads).
    pub fn scrub_bytes(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        let mut body: Option<Vec<u8>> = None;
        for form in self.forms() {
            let current = body.as_deref().unwrap_or(bytes);
            if let Some(replaced) = replace_bytes(current, form.as_bytes(), REDACTED.as_bytes()) {
                body = Some(replaced);
            }
        }
        body
    }

    fn holds_plain(&self, text: &str) -> bool {
        self.plain.iter().any(|s| text.contains(s.expose_secret()))
    }
}

/// The secrets a session obtained or was given (tokens, session ids, lock ids,
/// keys), shared by every call of a transport and of the transports derived
/// from it. Bounded: at most [`REGISTRY_CAPACITY`] secrets, oldest dropped.
#[derive(Clone, Default)]
pub struct SecretRegistry {
    inner: Arc<RwLock<Vec<SecretString>>>,
}

impl fmt::Debug for SecretRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.inner.read().map(|v| v.len()).unwrap_or(0);
        write!(f, "SecretRegistry({n} redacted)")
    }
}

impl SecretRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a secret the session obtained or was given; from now on it is
    /// scrubbed from every answer of every call of the transport.
    pub fn register(&self, secret: &SecretString) {
        if secret.expose_secret().len() < MIN_SECRET_LEN {
            return;
        }
        let known = |all: &[SecretString]| {
            all.iter()
                .any(|s| s.expose_secret() == secret.expose_secret())
        };
        if known(&self.inner.read().unwrap_or_else(|e| e.into_inner())) {
            return;
        }
        let mut all = self.inner.write().unwrap_or_else(|e| e.into_inner());
        if all
            .iter()
            .any(|s| s.expose_secret() == secret.expose_secret())
        {
            return;
        }
        if all.len() >= REGISTRY_CAPACITY {
            all.remove(0);
        }
        all.push(secret.clone());
    }

    /// Registers a plain value as a secret.
    pub fn register_str(&self, secret: &str) {
        self.register(&SecretString::from(secret.to_string()));
    }

    /// Adds every registered secret to `set`.
    pub fn add_to(&self, set: &mut Secrets) {
        let all = self.inner.read().unwrap_or_else(|e| e.into_inner());
        set.extend(all.iter());
    }

    /// How many secrets are registered.
    pub fn len(&self) -> usize {
        self.inner.read().map(|v| v.len()).unwrap_or(0)
    }

    /// Whether none is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The forms of one secret (see [`Secrets::forms`]).
fn forms_of(plain: &str) -> Vec<String> {
    let form: String = url::form_urlencoded::byte_serialize(plain.as_bytes()).collect();
    let path = percent_all(plain);
    let json = serde_json::to_string(plain).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or(&json)
        .to_string();
    let json_slash = json.replace('/', "\\/");
    let xml = xml_escape(plain);
    let mut forms = vec![plain.to_string()];
    for f in [form, path, json, json_slash, xml] {
        let lower = lower_hex(&f);
        forms.push(f);
        forms.push(lower);
    }
    forms
}

/// Percent-encodes every byte outside the URL's unreserved set.
fn percent_all(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() * 3);
    for b in plain.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `text` with the hex digits of every `%XX` escape in lower case.
fn lower_hex(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            out.push('%');
            out.push((bytes[i + 1] as char).to_ascii_lowercase());
            out.push((bytes[i + 2] as char).to_ascii_lowercase());
            i += 3;
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(c);
            i += c.len_utf8().max(1);
        }
    }
    out
}

fn xml_escape(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len());
    for c in plain.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` with every form replaced, and a form cut off at its end (an excerpt
/// ends in the middle of a secret) replaced too.
fn replace_forms(text: &str, forms: &[String]) -> String {
    let mut text = text.to_string();
    for form in forms {
        if text.contains(form.as_str()) {
            text = text.replace(form.as_str(), REDACTED);
        }
        let body = text.trim_end_matches('…');
        for cut in (MIN_SECRET_LEN..form.len()).rev() {
            if form.is_char_boundary(cut) && body.ends_with(&form[..cut]) {
                let keep = body.len() - cut;
                text = format!("{}{REDACTED}…", &body[..keep]);
                break;
            }
        }
    }
    text
}

type Decoder = fn(&str) -> Option<String>;

/// The readings of `text` through each decoder and each pair of decoders that
/// change it.
fn decoded_views(text: &str) -> Vec<String> {
    const DECODERS: [Decoder; 3] = [json_unescape, xml_unescape, percent_decode];
    let mut views = Vec::new();
    for first in DECODERS {
        if let Some(once) = first(text) {
            for second in DECODERS {
                if let Some(twice) = second(&once) {
                    views.push(twice);
                }
            }
            views.push(once);
        }
    }
    views
}

/// Reads JSON string escapes (`\uXXXX` with surrogate pairs, `\/`, `\"`, `\\`,
/// `\n`, ...) anywhere in `text`; `None` when there is none.
fn json_unescape(text: &str) -> Option<String> {
    if !text.contains('\\') {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut changed = false;
    let hex4 = |at: usize| -> Option<u32> {
        let s: String = chars.get(at..at + 4)?.iter().collect();
        u32::from_str_radix(&s, 16).ok()
    };
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' || i + 1 >= chars.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let next = chars[i + 1];
        let simple = match next {
            '/' => Some('/'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            i += 2;
            changed = true;
            continue;
        }
        if next == 'u'
            && let Some(high) = hex4(i + 2)
        {
            if (0xD800..0xDC00).contains(&high)
                && chars.get(i + 6) == Some(&'\\')
                && chars.get(i + 7) == Some(&'u')
                && let Some(low) = hex4(i + 8)
                && (0xDC00..0xE000).contains(&low)
            {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                i += 12;
            } else {
                out.push(char::from_u32(high).unwrap_or('\u{fffd}'));
                i += 6;
            }
            changed = true;
            continue;
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// Reads XML character references and the predefined entities anywhere in
/// `text`; `None` when there is none.
fn xml_unescape(text: &str) -> Option<String> {
    if !text.contains('&') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let decoded = tail.find(';').filter(|end| *end <= 12).and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let code = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse::<u32>().ok())
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
                changed = true;
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Reads `%XX` escapes (and `+` as a space, the form encoding) anywhere in
/// `text`, lossily; `None` when there is none.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') && !text.contains('+') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                out.push(b'%');
                i += 1;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    let decoded = String::from_utf8_lossy(&out).into_owned();
    (decoded != text).then_some(decoded)
}

/// `haystack` with every `needle` replaced, or `None` when there is none.
fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Option<Vec<u8>> {
    if needle.is_empty() || !haystack.windows(needle.len()).any(|w| w == needle) {
        return None;
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Whether `name` is a credential field: one of [`CREDENTIAL_FIELDS`] or of
/// `extra`, compared without regard to case, `-` and `_`.
pub fn is_credential_field(name: &str, extra: &[&str]) -> bool {
    let norm = normalise(name);
    !norm.is_empty()
        && (CREDENTIAL_FIELDS.contains(&norm.as_str())
            || extra.iter().any(|e| normalise(e) == norm))
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `text` (a body excerpt, a decode message, a vendor message, valid or cut
/// off) with the value of every credential field redacted, in the shapes a
/// server writes them: JSON `"SessionID": "…"` (also inside an escaped JSON
/// string, `\"SessionID\":\"…\"`), XML `<SessionID>…</SessionID>`, and
/// `lock_uid=…` in a query or form. `extra` adds an endpoint's own names to
/// [`CREDENTIAL_FIELDS`].
pub fn redact_fields<'a>(text: &'a str, extra: &[&str]) -> Cow<'a, str> {
    let spans = field_spans(text, extra);
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in spans {
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The values of every credential field in `text` (the ones
/// [`redact_fields`] redacts), JSON escapes read: a body that failed to decode
/// is searched with it, and the values found are scrubbed from every text of
/// the error, in every encoding (a decode message quoting a mistyped session
/// id, say).
pub fn field_values(text: &str, extra: &[&str]) -> Vec<SecretString> {
    let mut values = Vec::new();
    for (start, end) in field_spans(text, extra) {
        let raw = &text[start..end];
        values.push(json_unescape(raw).unwrap_or_else(|| raw.to_string()));
        // A value that is markup or a JSON list or object (a token wrapped in
        // a map, say): its leaves are secrets too, as a decoder may quote them
        // one by one.
        match raw.trim_start().as_bytes().first() {
            Some(b'<') => values.extend(
                raw.split(['<', '>'])
                    .enumerate()
                    .filter(|(i, _)| i % 2 == 0)
                    .map(|(_, leaf)| leaf.trim().to_string()),
            ),
            Some(b'[') | Some(b'{') => values.extend(json_strings(raw)),
            _ => {}
        }
    }
    values
        .into_iter()
        .filter(|v| v.len() >= MIN_SECRET_LEN)
        .map(SecretString::from)
        .collect()
}

/// Every string literal (escapes read) and bare scalar in a JSON text, valid
/// or cut off.
fn json_strings(raw: &str) -> Vec<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(bytes.len());
                if raw.is_char_boundary(start) && raw.is_char_boundary(end) {
                    let lit = &raw[start..end];
                    out.push(json_unescape(lit).unwrap_or_else(|| lit.to_string()));
                }
                i = end + 1;
            }
            b if b.is_ascii_alphanumeric() || b == b'-' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'.' | b'+'))
                {
                    i += 1;
                }
                out.push(raw[start..i].to_string());
            }
            _ => i += 1,
        }
    }
    out
}

/// Where the value of every credential field in `text` starts and ends, in order.
fn field_spans(text: &str, extra: &[&str]) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // A name starts after a quote, `<`, `?`, `&`, `;`, whitespace or the start.
        let boundary = i == 0
            || matches!(
                bytes[i - 1],
                b'"' | b'<' | b'?' | b'&' | b';' | b' ' | b'\n' | b'\t' | b',' | b'{'
            );
        if !boundary || !(bytes[i].is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let word = |from: usize| {
            from + bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
                .count()
        };
        let tag = i > 0 && bytes[i - 1] == b'<';
        let mut name_start = i;
        let mut name_end = word(i);
        // An element with a namespace prefix (`<ns1:return>`): the local name counts.
        if tag
            && bytes.get(name_end) == Some(&b':')
            && bytes.get(name_end + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            name_start = name_end + 1;
            name_end = word(name_start);
        }
        let name = &text[name_start..name_end];
        if !is_credential_field(name, extra) {
            i = name_end.max(i + 1);
            continue;
        }
        let Some((value_start, value_end)) = field_value(bytes, name_end, tag, &text[i..name_end])
        else {
            i = name_end;
            continue;
        };
        if value_end > value_start
            && text.is_char_boundary(value_start)
            && text.is_char_boundary(value_end)
        {
            spans.push((value_start, value_end));
        }
        i = value_end.max(name_end);
    }
    spans
}

/// Where the value of a field whose name ends at `at` starts and ends, for the
/// JSON, escaped-JSON, XML (`tag`: the name opened an element) and query shapes.
fn field_value(bytes: &[u8], at: usize, tag: bool, qname: &str) -> Option<(usize, usize)> {
    let mut i = at;
    let skip_ws = |mut i: usize| {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        i
    };
    // XML: `<name>` or `<name attr="…">`, then text up to the next `<`.
    if tag {
        let gt = at + bytes[at..].iter().position(|b| *b == b'>')?;
        if bytes[gt - 1] == b'/' {
            return None;
        }
        let start = gt + 1;
        // Up to the element's end tag (its content may be markup, a PHP map of
        // `<item>`s), or to the end of a text cut off.
        let close = format!("</{qname}>");
        let end = find(&bytes[start..], close.as_bytes()).map_or(bytes.len(), |k| start + k);
        return Some((start, end));
    }
    // JSON (possibly escaped): closing quote of the name, `:`, opening quote.
    if bytes.get(i) == Some(&b'\\') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'"') {
        i += 1;
    }
    i = skip_ws(i);
    match bytes.get(i) {
        Some(b':') | Some(b'=') => i += 1,
        _ => return None,
    }
    let separator_eq = bytes[i - 1] == b'=';
    i = skip_ws(i);
    if matches!(bytes.get(i), Some(b'[') | Some(b'{')) {
        // A list or an object: up to its matching bracket (strings skipped),
        // or to the end of a text cut off.
        return Some((i, i + structure_len(&bytes[i..])));
    }
    let escaped_quote = bytes.get(i) == Some(&b'\\') && bytes.get(i + 1) == Some(&b'"');
    if escaped_quote || bytes.get(i) == Some(&b'"') {
        let start = i + if escaped_quote { 2 } else { 1 };
        let mut j = start;
        while j < bytes.len() {
            if escaped_quote {
                // The value ends at the next `\"` that is not `\\\"`.
                if bytes[j] == b'\\' && bytes.get(j + 1) == Some(&b'"') {
                    break;
                }
                if bytes[j] == b'\\' && bytes.get(j + 1) == Some(&b'\\') {
                    j += 2;
                    continue;
                }
            } else {
                if bytes[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if bytes[j] == b'"' {
                    break;
                }
            }
            j += 1;
        }
        return Some((start, j.min(bytes.len())));
    }
    let stops: &[u8] = if separator_eq {
        b"&;# \t\r\n\"'<"
    } else {
        b",}] \t\r\n\"<"
    };
    let end = i + bytes[i..].iter().take_while(|b| !stops.contains(b)).count();
    Some((i, end))
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The length of the JSON list or object `bytes` starts with, up to and with
/// its matching bracket; all of `bytes` when it is cut off.
fn structure_len(bytes: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr/et+key&=\"<é>";

    fn set() -> Secrets {
        let mut s = Secrets::new();
        s.add(&SecretString::from(SECRET.to_string()));
        s.add(&SecretString::from("Bearer tok-0123456789".to_string()));
        s
    }

    fn json_u_all(s: &str) -> String {
        s.encode_utf16().map(|u| format!("\\u{u:04x}")).collect()
    }

    fn xml_numeric(s: &str) -> String {
        s.chars().map(|c| format!("&#{};", c as u32)).collect()
    }

    fn xml_hex(s: &str) -> String {
        s.chars().map(|c| format!("&#x{:X};", c as u32)).collect()
    }

    /// Every form a server might use to quote a secret back: scrubbed, the
    /// text around it kept.
    #[test]
    fn every_encoding_of_a_secret_is_removed() {
        let set = set();
        let encodings: Vec<(&str, String)> = vec![
            ("plain", SECRET.to_string()),
            (
                "form",
                url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect(),
            ),
            ("path", percent_all(SECRET)),
            ("path lower", lower_hex(&percent_all(SECRET))),
            ("json", serde_json::to_string(SECRET).unwrap()),
            (
                "json slash",
                serde_json::to_string(SECRET).unwrap().replace('/', "\\/"),
            ),
            ("json \\u all", json_u_all(SECRET)),
            ("xml", xml_escape(SECRET)),
            ("xml numeric", xml_numeric(SECRET)),
            ("xml hex", xml_hex(SECRET)),
            ("json of percent", json_u_all(&percent_all(SECRET))),
            (
                "xml of json",
                xml_numeric(&serde_json::to_string(SECRET).unwrap()),
            ),
            ("percent of xml", percent_all(&xml_escape(SECRET))),
            ("bearer token", "tok-0123456789".into()),
            ("bearer json", json_u_all("Bearer tok-0123456789")),
        ];
        for (name, encoded) in encodings {
            let text = format!("before {encoded} after");
            let clean = set.scrub(&text);
            assert!(!set.holds_plain(&clean), "{name}: {clean}");
            for view in decoded_views(&clean) {
                assert!(!set.holds_plain(&view), "{name}: {clean} reads as {view}");
            }
            assert!(clean.contains(REDACTED), "{name}: {clean}");
            assert!(
                clean.contains("before") && clean.contains("after"),
                "{name}: {clean}"
            );
            assert!(set.found_in(&text), "{name}");
        }
    }

    /// An excerpt cut off inside a secret loses the secret's start too.
    #[test]
    fn a_secret_cut_off_at_the_end_is_removed() {
        let set = set();
        let clean = set.scrub("token tok-01234…");
        assert_eq!(clean, format!("token {REDACTED}…"));
    }

    /// Text without a secret comes back unchanged, escapes and all.
    #[test]
    fn text_without_secrets_is_unchanged() {
        let set = set();
        for text in [
            "plain",
            "a \\u0041 b",
            "a &amp; b",
            "100%25 + 1",
            "%zz &#xZZ; \\u12",
        ] {
            assert_eq!(set.scrub(text), text);
        }
        assert_eq!(Secrets::new().scrub("anything"), "anything");
    }

    /// Values under credential names are redacted in every shape, valid or
    /// cut off; other fields stay.
    #[test]
    fn answered_credentials_are_redacted_by_name() {
        let cases = [
            (
                r#"{"SessionID":"abc-123","Name":"x"}"#,
                r#"{"SessionID":"[redacted]","Name":"x"}"#,
            ),
            (
                r#"{"session_id": "abc-123"#,
                r#"{"session_id": "[redacted]"#,
            ),
            (
                r#"{"idToken":"eyJ.x","refreshToken":"r1","expiresIn":"bad"}"#,
                r#"{"idToken":"[redacted]","refreshToken":"[redacted]","expiresIn":"bad"}"#,
            ),
            (
                r#"{\"lock_uid\":\"0a1b\",\"x\":1}"#,
                r#"{\"lock_uid\":\"[redacted]\",\"x\":1}"#,
            ),
            (
                "<SignKey>k-1</SignKey><Id>7</Id>",
                "<SignKey>[redacted]</SignKey><Id>7</Id>",
            ),
            (
                "GET /user?lock_uid=0a1b-2c&x=1",
                "GET /user?lock_uid=[redacted]&x=1",
            ),
            (
                r#"{"pin": 1234, "card": "5"}"#,
                r#"{"pin": [redacted], "card": "5"}"#,
            ),
            (r#"{"Name":"token holder"}"#, r#"{"Name":"token holder"}"#),
            (
                r#"{"SessionID":["7c9e",{"a":"]"}],"x":1}"#,
                r#"{"SessionID":[redacted],"x":1}"#,
            ),
            (r#"{"lock_uid":{"id":"0a1b"#, r#"{"lock_uid":[redacted]"#),
            (
                r#"<ns1:return xsi:type="xsd:string">TOKEN-1</ns1:return><x/>"#,
                r#"<ns1:return xsi:type="xsd:string">[redacted]</ns1:return><x/>"#,
            ),
            (
                "<return><item><key>a</key><value>TOKEN</value></item></return>",
                "<return>[redacted]</return>",
            ),
            ("<ns1:return>TOKEN-cut", "<ns1:return>[redacted]"),
        ];
        // (`return` is an endpoint's own name: ESWS `getSyncToken`.)
        for (text, want) in cases {
            assert_eq!(redact_fields(text, &["return"]), want, "{text}");
        }
        assert_eq!(
            redact_fields(r#"{"syncKey":"k"}"#, &["sync_key"]),
            r#"{"syncKey":"[redacted]"}"#
        );
    }

    /// The values under credential names are found (escapes read), so a
    /// decode message quoting one can be scrubbed.
    #[test]
    fn answered_values_are_found() {
        let body = r#"{"SessionID": 12345678, "idToken":"a\/b-token", "Name":"n"}"#;
        let values: Vec<String> = field_values(body, &[])
            .iter()
            .map(|v| v.expose_secret().to_string())
            .collect();
        assert_eq!(values, ["12345678", "a/b-token"]);
        let wrapped = r#"<return><item><key>token</key><value>TOKEN-9</value></item></return>"#;
        let leaves: Vec<String> = field_values(wrapped, &["return"])
            .iter()
            .map(|v| v.expose_secret().to_string())
            .collect();
        assert!(leaves.contains(&"TOKEN-9".to_string()), "{leaves:?}");
        let listed: Vec<String> = field_values(r#"{"SessionID":["sid-1234",{"a":"b"}]}"#, &[])
            .iter()
            .map(|v| v.expose_secret().to_string())
            .collect();
        assert!(listed.contains(&"sid-1234".to_string()), "{listed:?}");
    }

    /// The registry keeps at most its capacity, newest kept.
    #[test]
    fn the_registry_is_bounded() {
        let registry = SecretRegistry::new();
        for i in 0..(REGISTRY_CAPACITY + 10) {
            registry.register_str(&format!("secret-{i:04}"));
        }
        assert_eq!(registry.len(), REGISTRY_CAPACITY);
        let mut set = Secrets::new();
        registry.add_to(&mut set);
        let newest = format!("secret-{:04}", REGISTRY_CAPACITY + 9);
        assert!(set.found_in(&newest));
        assert!(!set.found_in("secret-0000"));
        assert!(!format!("{registry:?}").contains("secret"));
    }
}
