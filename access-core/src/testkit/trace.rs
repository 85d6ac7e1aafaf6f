//! Capture everything the SDK traces, to assert that no secret reaches a log.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every span, span field and event at every level as text.
///
/// Install it with [`TraceCapture::install`] for the current thread (use a
/// current-thread runtime). A test that captures must be the only test of its
/// test binary: tracing caches per call site, globally, whether anyone listens,
/// and a concurrent test without a subscriber can make the capture miss spans.
#[derive(Clone, Default)]
pub struct TraceCapture {
    text: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
}

impl std::fmt::Debug for TraceCapture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TraceCapture").finish_non_exhaustive()
    }
}

struct Text<'a>(&'a mut String);

impl Visit for Text<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl TraceCapture {
    /// A capture, not yet installed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Installs the capture as this thread's subscriber until the guard drops.
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        tracing::subscriber::set_default(self.clone())
    }

    /// Everything captured so far.
    pub fn text(&self) -> String {
        self.text.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Panics naming the secret if any of `secrets` was captured.
    pub fn assert_free_of(&self, secrets: &[&str]) {
        let text = self.text();
        if let Some(s) = leaked(&text, secrets) {
            panic!("the trace contains a secret: {s:?}");
        }
    }

    /// Everything captured, after asserting that it holds `marker` (proof that
    /// the calls were traced at all) and none of `secrets`.
    ///
    /// Panics naming the missing marker or the secret found.
    pub fn assert_traced_without(&self, marker: &str, secrets: &[&str]) -> String {
        let text = self.text();
        assert!(text.contains(marker), "{marker:?} was not traced: {text}");
        self.assert_free_of(secrets);
        text
    }

    fn push(&self, f: impl FnOnce(&mut String)) {
        let mut text = self.text.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut text);
        text.push('\n');
    }
}

/// Panics naming the text and the secret if any of `texts` (a trace, `Debug`
/// outputs, error messages) contains any of `secrets`.
pub fn assert_no_secret_in<T: AsRef<str>>(texts: &[T], secrets: &[&str]) {
    for text in texts {
        let text = text.as_ref();
        if let Some(secret) = leaked(text, secrets) {
            panic!("{secret:?} leaked into: {text}");
        }
    }
}

/// The first of `secrets` that `text` holds in any form a server or a
/// formatter may give it: plain, percent-encoded, JSON- or XML-escaped (each
/// character, or a few), or quoted by `Debug` (see [`crate::secrets`]). An
/// empty secret counts as leaked: it would make every check pass.
///
/// The check is written independently of the scrubber it checks
/// ([`crate::secrets`]): it reads every escape in one pass, repeated until the
/// text stops changing, and also looks for a secret cut off at the end of an
/// excerpt. A scrubber bug that the checker shared would go unseen otherwise.
pub fn leaked<'a>(text: &str, secrets: &[&'a str]) -> Option<&'a str> {
    // Two chains of readings: `+` kept, and `+` read as a space (form encoding).
    let mut readings = vec![text.to_string()];
    for plus_is_space in [false, true] {
        let mut current = text.to_string();
        for _ in 0..4 {
            let next = unescape_all(&current, plus_is_space);
            if next == current {
                break;
            }
            readings.push(next.clone());
            current = next;
        }
    }
    secrets.iter().copied().find(|secret| {
        secret.is_empty()
            || readings
                .iter()
                .any(|r| r.contains(secret) || cut_off_at_end(r, secret))
    })
}

/// Whether `text` ends (before an ellipsis) with at least the first eight
/// characters of `secret`: an excerpt cut in the middle of it.
fn cut_off_at_end(text: &str, secret: &str) -> bool {
    let body = text.trim_end_matches(['…', '"', '}', ')', ' ']);
    let chars: Vec<char> = secret.chars().collect();
    (8..chars.len()).any(|n| body.ends_with(&chars[..n].iter().collect::<String>()))
}

/// Every escape a server or a formatter may use, read in one pass: JSON and
/// Rust `Debug` backslash escapes (`\u0041`, `\u{41}`, `\/`, `\"`, `\\`), XML
/// references (`&#65;`, `&#x41;`, `&amp;`, ...), percent escapes, and `+` as a
/// space when `plus_is_space`.
fn unescape_all(text: &str, plus_is_space: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let push = |out: &mut Vec<u8>, c: char| {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    let hex = |s: &[char]| u32::from_str_radix(&s.iter().collect::<String>(), 16).ok();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest = &chars[i..];
        if c == '\\'
            && rest.len() >= 6
            && rest[1] == 'u'
            && rest[2] != '{'
            && let Some(mut code) = hex(&rest[2..6])
        {
            let mut used = 6;
            if (0xD800..0xDC00).contains(&code)
                && rest.len() >= 12
                && rest[6] == '\\'
                && rest[7] == 'u'
                && let Some(low) = hex(&rest[8..12])
            {
                code = 0x10000 + ((code - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                used = 12;
            }
            push(&mut out, char::from_u32(code).unwrap_or('\u{fffd}'));
            i += used;
            continue;
        }
        if c == '\\'
            && rest.len() >= 4
            && rest[1] == 'u'
            && rest[2] == '{'
            && let Some(end) = rest.iter().position(|x| *x == '}')
            && let Some(code) = hex(&rest[3..end])
        {
            push(&mut out, char::from_u32(code).unwrap_or('\u{fffd}'));
            i += end + 1;
            continue;
        }
        if c == '\\' && rest.len() >= 2 && matches!(rest[1], '/' | '"' | '\\' | '\'') {
            push(&mut out, rest[1]);
            i += 2;
            continue;
        }
        if c == '&'
            && let Some(end) = rest.iter().take(12).position(|x| *x == ';')
        {
            let name: String = rest[1..end].iter().collect();
            let decoded = match name.as_str() {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            if let Some(d) = decoded {
                push(&mut out, d);
                i += end + 1;
                continue;
            }
        }
        if c == '%'
            && rest.len() >= 3
            && let (Some(h), Some(l)) = (rest[1].to_digit(16), rest[2].to_digit(16))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        if c == '+' && plus_is_space {
            out.push(b' ');
            i += 1;
            continue;
        }
        push(&mut out, c);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Subscriber for TraceCapture {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.push(|t| {
            let _ = write!(
                t,
                "span {} {}",
                span.metadata().level(),
                span.metadata().name()
            );
            span.record(&mut Text(t));
        });
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _span: &Id, values: &Record<'_>) {
        self.push(|t| {
            t.push_str("record");
            values.record(&mut Text(t));
        });
    }
    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}
    fn event(&self, event: &Event<'_>) {
        self.push(|t| {
            let _ = write!(
                t,
                "event {} {}",
                event.metadata().level(),
                event.metadata().target()
            );
            event.record(&mut Text(t));
        });
    }
    fn enter(&self, _span: &Id) {}
    fn exit(&self, _span: &Id) {}
}
