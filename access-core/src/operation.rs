//! Work the hardware finishes later.
//!
//! Programming an iLOQ key (Ordered, then Programmed when someone holds it to a
//! programmer), a mobile-key invite (Sent, then Programmed), an EasySecure sync
//! to terminals, an EF-45 capture: the call that starts the work returns before
//! the work is done. Such calls answer an [`Operation`]: already completed, or
//! pending with a way to [`poll`](Operation::poll) it and to
//! [`wait`](Operation::wait) for it under a [`PollPolicy`].
//!
//! Device loops that produce data repeatedly (EF-45 match data, live preview)
//! are streams built with [`poll_stream`], which stop on the last item, on the
//! policy's timeout, or when dropped.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures_core::Stream;

use crate::error::{CoreResult, Error};

/// How often and how long to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollPolicy {
    /// The wait before the second poll.
    pub interval: Duration,
    /// The longest wait between two polls (the wait doubles up to this).
    pub max_interval: Duration,
    /// Give up after this long; `None` polls until the stream is dropped.
    pub timeout: Option<Duration>,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(5),
            timeout: Some(Duration::from_secs(60)),
        }
    }
}

impl PollPolicy {
    /// Polls every `interval` (no growth) for at most `timeout`.
    pub fn every(interval: Duration, timeout: Duration) -> Self {
        Self {
            interval,
            max_interval: interval,
            timeout: Some(timeout),
        }
    }

    /// Sets the longest wait between polls, letting the wait double up to it.
    pub fn with_max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max.max(self.interval);
        self
    }

    /// Polls without a time limit (a stream that runs until dropped).
    pub fn forever(interval: Duration) -> Self {
        Self {
            interval,
            max_interval: interval,
            timeout: None,
        }
    }

    fn next_interval(&self, current: Duration) -> Duration {
        current.saturating_mul(2).min(self.max_interval)
    }
}

/// The answer of one poll.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress<T> {
    /// The work is done.
    Done(T),
    /// Still pending; the vendor's current stage if it says one (`Ordered`, `Sent`, ...).
    Pending(Option<String>),
}

/// A boxed future as returned by pollers.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Asks the vendor how pending work is going.
pub trait Poller<T>: Send {
    /// One poll.
    fn poll(&mut self) -> BoxFuture<'_, CoreResult<Progress<T>>>;
    /// What is pending, for messages ("iLOQ key 42 programming").
    fn describe(&self) -> String;
}

struct FnPoller<F> {
    what: String,
    f: F,
}

impl<T, F, Fut> Poller<T> for FnPoller<F>
where
    F: FnMut() -> Fut + Send,
    Fut: Future<Output = CoreResult<Progress<T>>> + Send + 'static,
{
    fn poll(&mut self) -> BoxFuture<'_, CoreResult<Progress<T>>> {
        Box::pin((self.f)())
    }
    fn describe(&self) -> String {
        self.what.clone()
    }
}

enum State<T> {
    Done(T),
    Pending {
        poller: Box<dyn Poller<T>>,
        stage: Option<String>,
    },
}

/// Work that is either completed or still pending on the hardware.
pub struct Operation<T> {
    state: State<T>,
}

impl<T: fmt::Debug> fmt::Debug for Operation<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.state {
            State::Done(v) => f.debug_tuple("Operation::Completed").field(v).finish(),
            State::Pending { poller, stage } => f
                .debug_struct("Operation::Pending")
                .field("what", &poller.describe())
                .field("stage", stage)
                .finish(),
        }
    }
}

impl<T: Send + 'static> Operation<T> {
    /// Work that finished within the call.
    pub fn completed(value: T) -> Self {
        Self {
            state: State::Done(value),
        }
    }

    /// Pending work with its poller.
    pub fn pending(poller: impl Poller<T> + 'static, stage: Option<String>) -> Self {
        Self {
            state: State::Pending {
                poller: Box::new(poller),
                stage,
            },
        }
    }

    /// Pending work polled by calling `f`.
    pub fn pending_fn<F, Fut>(what: impl Into<String>, stage: Option<String>, f: F) -> Self
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = CoreResult<Progress<T>>> + Send + 'static,
    {
        Self::pending(
            FnPoller {
                what: what.into(),
                f,
            },
            stage,
        )
    }

    /// Whether the work is done.
    pub fn is_completed(&self) -> bool {
        matches!(self.state, State::Done(_))
    }

    /// The result, when done.
    pub fn result(&self) -> Option<&T> {
        match &self.state {
            State::Done(v) => Some(v),
            State::Pending { .. } => None,
        }
    }

    /// The vendor's last reported stage of pending work.
    pub fn stage(&self) -> Option<&str> {
        match &self.state {
            State::Done(_) => None,
            State::Pending { stage, .. } => stage.as_deref(),
        }
    }

    /// Asks the vendor once; answers the result if the work is now done.
    pub async fn poll(&mut self) -> CoreResult<Option<&T>> {
        if let State::Pending { poller, stage } = &mut self.state {
            match poller.poll().await? {
                Progress::Done(v) => self.state = State::Done(v),
                Progress::Pending(s) => {
                    if s.is_some() {
                        *stage = s;
                    }
                }
            }
        }
        Ok(self.result())
    }

    /// Polls under `policy` until the work is done. When the policy's timeout
    /// passes first, the error is [`Error::StillPending`]: the work may still finish.
    pub async fn wait(mut self, policy: &PollPolicy) -> CoreResult<T> {
        let started = Instant::now();
        let mut interval = policy.interval;
        loop {
            if self.poll().await?.is_some() {
                break;
            }
            if let Some(limit) = policy.timeout
                && started.elapsed().saturating_add(interval) > limit
            {
                let what = match &self.state {
                    State::Pending { poller, stage } => match stage {
                        Some(s) => format!("{} (stage {s})", poller.describe()),
                        None => poller.describe(),
                    },
                    State::Done(_) => String::new(),
                };
                return Err(Error::StillPending {
                    waited: started.elapsed(),
                    what,
                });
            }
            tokio::time::sleep(interval).await;
            interval = policy.next_interval(interval);
        }
        match self.state {
            State::Done(v) => Ok(v),
            State::Pending { .. } => unreachable!("loop exits only when done"),
        }
    }

    /// Maps the eventual result.
    pub fn map<U: Send + 'static>(
        self,
        f: impl Fn(T) -> U + Send + Sync + 'static,
    ) -> Operation<U> {
        match self.state {
            State::Done(v) => Operation::completed(f(v)),
            State::Pending { poller, stage } => Operation::pending(
                Mapped {
                    inner: poller,
                    f: std::sync::Arc::new(f),
                },
                stage,
            ),
        }
    }
}

struct Mapped<T, U> {
    inner: Box<dyn Poller<T>>,
    f: std::sync::Arc<dyn Fn(T) -> U + Send + Sync>,
}

impl<T: Send + 'static, U: Send + 'static> Poller<U> for Mapped<T, U> {
    fn poll(&mut self) -> BoxFuture<'_, CoreResult<Progress<U>>> {
        let f = self.f.clone();
        let fut = self.inner.poll();
        Box::pin(async move {
            Ok(match fut.await? {
                Progress::Done(v) => Progress::Done(f(v)),
                Progress::Pending(s) => Progress::Pending(s),
            })
        })
    }
    fn describe(&self) -> String {
        self.inner.describe()
    }
}

/// What one step of a device polling loop found.
#[derive(Debug, Clone, PartialEq)]
pub enum Tick<T> {
    /// Data: yield it and keep polling.
    Item(T),
    /// Data, and the loop is finished: yield it and stop.
    Last(T),
    /// Nothing yet: wait and poll again.
    Nothing,
    /// Stop without data.
    Stop,
}

/// A stream that calls `step` under `policy` and yields what it finds.
///
/// It ends after [`Tick::Last`] or [`Tick::Stop`], after the first error (which it
/// yields), when the policy's timeout passes, or when it is dropped; no request is
/// sent after that. The wait between polls resets to `policy.interval` after data.
pub fn poll_stream<T, E, F, Fut>(
    policy: PollPolicy,
    step: F,
) -> impl Stream<Item = Result<T, E>> + Send
where
    T: Send,
    E: Send,
    F: FnMut() -> Fut + Send,
    Fut: Future<Output = Result<Tick<T>, E>> + Send,
{
    struct St<F> {
        step: F,
        started: Option<Instant>,
        interval: Duration,
        done: bool,
    }
    let state = St {
        step,
        started: None,
        interval: policy.interval,
        done: false,
    };
    futures_util::stream::unfold(state, move |mut st| {
        let policy = policy.clone();
        async move {
            if st.done {
                return None;
            }
            loop {
                match st.started {
                    None => st.started = Some(Instant::now()),
                    Some(started) => {
                        if let Some(limit) = policy.timeout
                            && started.elapsed().saturating_add(st.interval) > limit
                        {
                            return None;
                        }
                        tokio::time::sleep(st.interval).await;
                    }
                }
                match (st.step)().await {
                    Ok(Tick::Item(v)) => {
                        st.interval = policy.interval;
                        return Some((Ok(v), st));
                    }
                    Ok(Tick::Last(v)) => {
                        st.done = true;
                        return Some((Ok(v), st));
                    }
                    Ok(Tick::Nothing) => {
                        st.interval = policy.next_interval(st.interval);
                    }
                    Ok(Tick::Stop) => return None,
                    Err(e) => {
                        st.done = true;
                        return Some((Err(e), st));
                    }
                }
            }
        }
    })
}
