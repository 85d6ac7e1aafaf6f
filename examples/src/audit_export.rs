//! Collect access events from every vendor since stored cursors, merge them into one
//! time-ordered stream, write JSON Lines, and store the new cursors.
//!
//! Memory stays constant whatever the number of events: each vendor's stream pages on
//! its own, and the merge holds one event per vendor. A vendor that fails keeps its
//! old cursor (everything up to its last written event counts as exported) and the
//! others finish; the next run resumes it.

use std::collections::BTreeMap;
use std::io::Write;

use access_core::model::{AccessEvent, EventCursor};
use access_core::traits::{EventLog, EventStream};
use futures_util::StreamExt;

/// The stored cursors, one per vendor, as `vendor:position` text.
pub type Cursors = BTreeMap<String, String>;

/// Reads stored cursors (JSON object); an absent file means "from the start".
pub fn load_cursors(path: &std::path::Path) -> std::io::Result<Cursors> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(std::io::Error::other),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Cursors::new()),
        Err(e) => Err(e),
    }
}

/// Stores cursors, replacing the file atomically.
pub fn save_cursors(path: &std::path::Path, cursors: &Cursors) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(
        &tmp,
        serde_json::to_vec_pretty(cursors).map_err(std::io::Error::other)?,
    )?;
    std::fs::rename(tmp, path)
}

/// What one export did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// Events written per vendor.
    pub written: BTreeMap<String, usize>,
    /// Vendors that failed, with the failure.
    pub failures: BTreeMap<String, String>,
}

impl ExportReport {
    /// Events written in all.
    pub fn total(&self) -> usize {
        self.written.values().sum()
    }
}

struct Head<'a> {
    vendor: String,
    stream: EventStream<'a>,
    next: Option<AccessEvent>,
}

/// Exports every vendor's events after its cursor in `cursors` to `out` as JSON
/// Lines, oldest first across vendors, and advances `cursors` to the last event
/// written per vendor.
pub async fn export(
    sources: &[(&str, &dyn EventLog)],
    cursors: &mut Cursors,
    out: &mut dyn Write,
) -> std::io::Result<ExportReport> {
    let mut report = ExportReport::default();
    let mut heads: Vec<Head<'_>> = Vec::new();
    for (vendor, log) in sources {
        let cursor = cursors
            .get(*vendor)
            .and_then(|c| c.parse::<EventCursor>().ok());
        heads.push(Head {
            vendor: vendor.to_string(),
            stream: log.events_since(cursor),
            next: None,
        });
        report.written.insert(vendor.to_string(), 0);
    }
    // Prime one event per vendor.
    for head in &mut heads {
        advance(head, &mut report).await;
    }
    while let Some(i) = heads
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.next.as_ref().map(|e| (i, e.occurred_at)))
        .min_by_key(|(_, t)| *t)
        .map(|(i, _)| i)
    {
        let head = &mut heads[i];
        if let Some(event) = head.next.take() {
            serde_json::to_writer(&mut *out, &event).map_err(std::io::Error::other)?;
            out.write_all(b"\n")?;
            cursors.insert(head.vendor.clone(), event.cursor.to_string());
            *report.written.entry(head.vendor.clone()).or_default() += 1;
        }
        advance(head, &mut report).await;
    }
    out.flush()?;
    Ok(report)
}

async fn advance(head: &mut Head<'_>, report: &mut ExportReport) {
    match head.stream.next().await {
        Some(Ok(event)) => head.next = Some(event),
        Some(Err(e)) => {
            report.failures.insert(head.vendor.clone(), e.to_string());
            head.next = None;
            head.stream = Box::pin(futures_util::stream::empty());
        }
        None => head.next = None,
    }
}
