//! Work the hardware finishes later, and device polling streams.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use access_core::{Error, Operation, PollPolicy, Progress, Tick, poll_stream};
use futures_util::StreamExt;

fn quick(timeout_ms: u64) -> PollPolicy {
    PollPolicy::every(Duration::from_millis(5), Duration::from_millis(timeout_ms))
}

#[tokio::test]
async fn a_completed_operation_needs_no_poll() {
    let op = Operation::completed("Programmed");
    assert!(op.is_completed());
    assert_eq!(op.wait(&quick(10)).await.unwrap(), "Programmed");
}

#[tokio::test]
async fn a_pending_operation_completes_when_the_vendor_says_so() {
    let polls = Arc::new(AtomicUsize::new(0));
    let p = polls.clone();
    let mut op = Operation::pending_fn("key 42 programming", Some("Ordered".into()), move || {
        let n = p.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            Ok(if n < 3 {
                Progress::Pending(Some("Ordered".into()))
            } else {
                Progress::Done("Programmed")
            })
        }
    });
    assert!(!op.is_completed());
    assert_eq!(op.stage(), Some("Ordered"));
    assert_eq!(op.poll().await.unwrap(), None);
    let done = op.wait(&quick(5_000)).await.unwrap();
    assert_eq!(done, "Programmed");
    assert_eq!(polls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn waiting_past_the_timeout_says_still_pending() {
    let op: Operation<()> = Operation::pending_fn("sync to terminals", None, || async {
        Ok(Progress::Pending(Some("Sent".into())))
    });
    let err = op.wait(&quick(40)).await.unwrap_err();
    match &err {
        Error::StillPending { what, .. } => {
            assert!(what.contains("sync to terminals") && what.contains("Sent"))
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
}

#[tokio::test]
async fn map_transforms_the_eventual_result() {
    let op = Operation::pending_fn("x", None, || async { Ok(Progress::Done(21)) }).map(|v| v * 2);
    assert_eq!(op.wait(&quick(100)).await.unwrap(), 42);
}

#[tokio::test]
async fn a_poll_stream_stops_on_its_last_item() {
    let n = Arc::new(AtomicUsize::new(0));
    let c = n.clone();
    let items: Vec<_> = poll_stream(quick(5_000), move || {
        let i = c.fetch_add(1, Ordering::SeqCst);
        async move {
            Ok::<_, String>(match i {
                0 | 2 => Tick::Nothing,
                1 => Tick::Item(1),
                3 => Tick::Last(2),
                _ => Tick::Item(99),
            })
        }
    })
    .collect()
    .await;
    assert_eq!(items, vec![Ok(1), Ok(2)]);
    assert_eq!(n.load(Ordering::SeqCst), 4, "no poll after the last item");
}

#[tokio::test]
async fn a_poll_stream_stops_on_timeout_and_on_error() {
    let empty: Vec<Result<u8, String>> = poll_stream(quick(30), || async { Ok(Tick::Nothing) })
        .collect()
        .await;
    assert!(empty.is_empty());
    let errs: Vec<Result<u8, String>> =
        poll_stream(quick(1_000), || async { Err("device gone".to_string()) })
            .collect()
            .await;
    assert_eq!(errs, vec![Err("device gone".to_string())]);
}

#[tokio::test]
async fn dropping_a_poll_stream_stops_polling() {
    let n = Arc::new(AtomicUsize::new(0));
    let c = n.clone();
    let mut stream = Box::pin(poll_stream(
        PollPolicy::forever(Duration::from_millis(1)),
        move || {
            c.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, String>(Tick::Item(())) }
        },
    ));
    stream.next().await;
    stream.next().await;
    drop(stream);
    let after_drop = n.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(n.load(Ordering::SeqCst), after_drop);
    assert_eq!(after_drop, 2);
}
