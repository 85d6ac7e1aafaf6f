//! Medians, interleaved A/B ratios and a recorder of criterion samples.
//!
//! Criterion measures one benchmark after the other; on a machine shared with
//! other builds the load changes between them. Ratios are therefore also
//! measured *interleaved*: A and B alternate in short rounds within the same
//! second, and the ratio is the median of the per-round ratios.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The median of `values` (0 when empty).
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if !n.is_multiple_of(2) {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The `q` quantile (0..=1) of `values` (sorted in place).
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let i = ((values.len() - 1) as f64 * q).round() as usize;
    values[i.min(values.len() - 1)]
}

/// The result of an interleaved comparison.
#[derive(Debug, Clone, Copy)]
pub struct AbResult {
    /// Median time of one A iteration.
    pub a: Duration,
    /// Median time of one B iteration.
    pub b: Duration,
    /// Median of the per-round ratios A/B.
    pub ratio: f64,
    /// Rounds measured.
    pub rounds: usize,
}

/// Runs `a` and `b` alternately, `iters` times each per round, for `rounds`
/// rounds (the order flips every round), after one warm-up round.
pub async fn interleaved<A, FA, B, FB>(rounds: usize, iters: usize, mut a: A, mut b: B) -> AbResult
where
    A: FnMut() -> FA,
    FA: Future<Output = ()>,
    B: FnMut() -> FB,
    FB: Future<Output = ()>,
{
    async fn time<F: FnMut() -> Fut, Fut: Future<Output = ()>>(f: &mut F, iters: usize) -> f64 {
        let start = Instant::now();
        for _ in 0..iters {
            f().await;
        }
        start.elapsed().as_secs_f64() / iters as f64
    }
    time(&mut a, iters).await;
    time(&mut b, iters).await;
    let mut ta = Vec::with_capacity(rounds);
    let mut tb = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    for r in 0..rounds {
        let (x, y) = if r % 2 == 0 {
            let x = time(&mut a, iters).await;
            (x, time(&mut b, iters).await)
        } else {
            let y = time(&mut b, iters).await;
            (time(&mut a, iters).await, y)
        };
        ta.push(x);
        tb.push(y);
        ratios.push(x / y);
    }
    AbResult {
        a: Duration::from_secs_f64(median(&mut ta)),
        b: Duration::from_secs_f64(median(&mut tb)),
        ratio: median(&mut ratios),
        rounds,
    }
}

/// The result of a three-way interleaved comparison: A against B and against C.
#[derive(Debug, Clone, Copy)]
pub struct Ab3Result {
    /// Median time of one A iteration.
    pub a: Duration,
    /// Median time of one B iteration.
    pub b: Duration,
    /// Median time of one C iteration.
    pub c: Duration,
    /// Median of the per-round ratios A/B.
    pub ratio_b: f64,
    /// Median of the per-round ratios A/C.
    pub ratio_c: f64,
    /// Rounds measured.
    pub rounds: usize,
}

/// Runs `a`, `b` and `c` in turn, `iters` times each per round, for `rounds`
/// rounds (the order goes through all six permutations), after one warm-up
/// round; A/B and A/C are the medians of the per-round ratios.
pub async fn interleaved3<A, FA, B, FB, C, FC>(
    rounds: usize,
    iters: usize,
    mut a: A,
    mut b: B,
    mut c: C,
) -> Ab3Result
where
    A: FnMut() -> FA,
    FA: Future<Output = ()>,
    B: FnMut() -> FB,
    FB: Future<Output = ()>,
    C: FnMut() -> FC,
    FC: Future<Output = ()>,
{
    async fn time<F: FnMut() -> Fut, Fut: Future<Output = ()>>(f: &mut F, iters: usize) -> f64 {
        let start = Instant::now();
        for _ in 0..iters {
            f().await;
        }
        start.elapsed().as_secs_f64() / iters as f64
    }
    const ORDERS: [[usize; 3]; 6] = [
        [0, 1, 2],
        [2, 1, 0],
        [1, 2, 0],
        [0, 2, 1],
        [2, 0, 1],
        [1, 0, 2],
    ];
    time(&mut a, iters).await;
    time(&mut b, iters).await;
    time(&mut c, iters).await;
    let (mut ta, mut tb, mut tc) = (Vec::new(), Vec::new(), Vec::new());
    let (mut rb, mut rc) = (Vec::new(), Vec::new());
    for r in 0..rounds {
        let mut t = [0.0; 3];
        for k in ORDERS[r % ORDERS.len()] {
            t[k] = match k {
                0 => time(&mut a, iters).await,
                1 => time(&mut b, iters).await,
                _ => time(&mut c, iters).await,
            };
        }
        ta.push(t[0]);
        tb.push(t[1]);
        tc.push(t[2]);
        rb.push(t[0] / t[1]);
        rc.push(t[0] / t[2]);
    }
    Ab3Result {
        a: Duration::from_secs_f64(median(&mut ta)),
        b: Duration::from_secs_f64(median(&mut tb)),
        c: Duration::from_secs_f64(median(&mut tc)),
        ratio_b: median(&mut rb),
        ratio_c: median(&mut rc),
        rounds,
    }
}

static SAMPLES: Mutex<BTreeMap<String, Vec<f64>>> = Mutex::new(BTreeMap::new());

/// Records one criterion sample (`iters` iterations took `elapsed`) under `id`.
pub fn record(id: &str, iters: u64, elapsed: Duration) {
    let per = elapsed.as_secs_f64() / iters.max(1) as f64;
    SAMPLES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(id.to_string())
        .or_default()
        .push(per);
}

/// The median seconds per iteration recorded under `id`, if any.
pub fn recorded_median(id: &str) -> Option<f64> {
    let mut map = SAMPLES.lock().unwrap_or_else(|e| e.into_inner());
    map.get_mut(id).filter(|v| !v.is_empty()).map(|v| median(v))
}

/// Formats seconds readably.
pub fn fmt_secs(s: f64) -> String {
    if s.abs() >= 1.0 {
        format!("{s:.3} s")
    } else if s.abs() >= 1e-3 {
        format!("{:.3} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}
