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
pub fn leaked<'a>(text: &str, secrets: &[&'a str]) -> Option<&'a str> {
    secrets.iter().copied().find(|secret| {
        if secret.is_empty() || text.contains(secret) {
            return true;
        }
        let mut set = crate::secrets::Secrets::new();
        set.add(&crate::SecretString::from(secret.to_string()));
        set.found_in(text)
    })
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
