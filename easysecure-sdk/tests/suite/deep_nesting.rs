//! Recursion on server data (issue 16, class 1): every SOAP operation against
//! answers nested ever deeper (`<item>` inside `<item>` ..., and the other
//! shapes the reader treats specially: arrays, Apache maps, structs), from a few
//! levels to a hundred thousand, sent through the shared transport from a real
//! loopback server. An answer deeper than the reader's limit must end in a typed
//! error: `Error::Decode` for a 200 envelope, `UnexpectedStatus` for a 500 whose
//! body is then no readable Fault. None may overflow the stack, neither on the
//! calling thread nor on a tokio worker with a 2 MiB stack (tokio's default).
#![cfg(all(feature = "testkit", feature = "soap"))]

use std::time::Duration;

use access_core::testkit::hostile::{CallSettings, HostileServer, Hostility, no_redirect_client};
use access_core::{AnyError, Error};

use crate::common::soap_cases;

/// The deepest element nesting the SOAP reader accepts (documented in the
/// parser); the envelope, its body, the response element and `return` take four.
const MAX_DEPTH: usize = 64;

/// Depths of the whole document, in elements: well within the limit, at it, just
/// over it, and far beyond.
const DEPTHS: [usize; 5] = [10, MAX_DEPTH, MAX_DEPTH + 1, 1_000, 100_000];

/// Elements of the envelope around the nesting: `Envelope`, `Body`, the response
/// element, `return`.
const ENVELOPE: usize = 4;

/// One nesting level: opening text, closing text, name, and how many elements
/// deep one level goes (its innermost element holds the next level).
type Shape = (&'static str, &'static str, &'static str, usize);

/// The shapes of one level: a plain `item`, a SOAP-ENC array, an Apache map
/// entry (`item`/`key`/`value`, nesting in `value`), and a struct member.
const SHAPES: [Shape; 4] = [
    ("<item>", "</item>", "plain items", 1),
    ("<item type=\"Array\">", "</item>", "arrays", 1),
    (
        "<item><key>k</key><value>",
        "</value></item>",
        "map values",
        2,
    ),
    ("<M><O>x</O><N>", "</N></M>", "structs", 2),
];

/// An ESWS answer envelope `depth` elements deep (to the innermost element that
/// holds text), nested with `shape` inside `return`. The response element's name
/// fits every operation (the reader tolerates another `Esws.*Response`).
fn nested_envelope(depth: usize, (open, close, _, levels): Shape) -> Vec<u8> {
    let depth = depth.saturating_sub(ENVELOPE).div_ceil(levels);
    let mut body = String::with_capacity(256 + depth * (open.len() + close.len()));
    body.push_str(
        "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ns1=\"uen:esws\"><SOAP-ENV:Body><ns1:Esws.deepResponse><return>",
    );
    for _ in 0..depth {
        body.push_str(open);
    }
    body.push_str("leaf");
    for _ in 0..depth {
        body.push_str(close);
    }
    body.push_str("</return></ns1:Esws.deepResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>");
    body.into_bytes()
}

/// Generous per-attempt timeout (a 100 000-level body is a few megabytes) and the
/// SDK's default response limit, so the depth, not the size, is what is refused.
fn settings() -> CallSettings {
    CallSettings::new(Duration::from_secs(20), 16 * 1024 * 1024)
}

/// Sends every SOAP operation against `status` with every nested answer (spawned
/// as a task when `spawn`, so it runs on a runtime worker; otherwise polled on
/// the calling thread) and checks the outcome of every cell: an answer deeper
/// than the reader's limit must be a typed error of the kind above; one within
/// the limit is an answer of the wrong shape, which an operation may read
/// leniently (a typed error or a success, never a panic). Answers the number of
/// cells and how many of them were over the limit.
async fn run_all(status: u16, spawn: bool) -> (usize, usize) {
    // One HTTP client for every cell (building one per call loads TLS roots).
    let cases = soap_cases(Some(no_redirect_client()));
    assert_eq!(cases.len(), 24, "every SOAP operation is in the table");
    let (mut cells, mut over) = (0, 0);
    for shape in SHAPES {
        for depth in DEPTHS {
            let server = HostileServer::start(Hostility::Custom {
                status,
                content_type: "text/xml; charset=utf-8".into(),
                body: nested_envelope(depth, shape),
            })
            .await
            .expect("a loopback server");
            for case in &cases {
                let call = case.call(server.uri(), settings());
                let outcome: Result<(), Error<AnyError>> = if spawn {
                    tokio::spawn(call).await.unwrap_or_else(|e| {
                        panic!(
                            "{} answering {depth} elements deep ({}): {e}",
                            case.name(),
                            shape.2
                        )
                    })
                } else {
                    call.await
                };
                let what = format!(
                    "{} answering {depth} elements deep ({})",
                    case.name(),
                    shape.2
                );
                let too_deep = depth > MAX_DEPTH;
                match (status, outcome) {
                    (200, Err(Error::Decode(_))) => {}
                    (500, Err(Error::UnexpectedStatus { status: 500, .. })) => {}
                    (_, _) if !too_deep => {}
                    (_, other) => {
                        panic!("{what} (HTTP {status}): expected a typed error, got {other:?}")
                    }
                }
                cells += 1;
                over += usize::from(too_deep);
            }
        }
    }
    (cells, over)
}

/// Every SOAP operation, 200 and 500, every shape and depth.
async fn run_both(spawn: bool) -> (usize, usize) {
    let (a, b) = run_all(200, spawn).await;
    let (c, d) = run_all(500, spawn).await;
    (a + c, b + d)
}

/// On a multi-thread runtime whose workers have a 2 MiB stack, each call spawned
/// as a task (so it decodes on a worker).
#[test]
fn deep_answers_are_decode_errors_on_a_2_mib_worker() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(2 << 20)
        .enable_all()
        .build()
        .unwrap();
    let (cells, over) = runtime.block_on(run_both(true));
    println!(
        "easysecure deep nesting (2 MiB workers): {cells} cells, {over} over the limit, all passed"
    );
    assert_eq!(cells, 2 * 24 * SHAPES.len() * DEPTHS.len());
}

/// On the calling thread itself (a current-thread runtime, nothing spawned: the
/// parser runs on this thread's own stack).
#[test]
fn deep_answers_are_decode_errors_on_the_calling_thread() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (cells, over) = runtime.block_on(run_both(false));
    println!(
        "easysecure deep nesting (calling thread): {cells} cells, {over} over the limit, all passed"
    );
    assert_eq!(cells, 2 * 24 * SHAPES.len() * DEPTHS.len());
}
