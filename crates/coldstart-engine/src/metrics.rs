//! What a run measures, in memory that does not grow with the number of requests.
//!
//! - Latencies (all / warm / cold, per cold-start phase; a stream's iterator age, which
//!   `invocation::stream` keeps) go into histograms in HdrHistogram's layout (3 significant
//!   digits, 1 µs to ~38 hours; [`Hist`]), never into a list of samples.
//!   Reports read every quantile of a histogram in one cumulative pass over its counts, and the
//!   mean from an exact running sum, so building a report costs a few passes per histogram, not
//!   one per CDF point.
//! - Environment counts are integrated over time (count × µs) on every state change, which gives
//!   exact time averages; the same areas are split on fixed buckets for the time series.
//!
//! Two spans, on purpose:
//! - The time averages (`mean_total`, `mean_busy`, …) cover the arrival window `[0, duration)`,
//!   numerator and denominator alike. That window is where the workload runs, so they answer
//!   "how many environments does this workload keep alive" — the steady-state quantity the
//!   queueing model predicts (tests/it/analytic.rs) and the span provisioned capacity is billed
//!   over. The drain after the window is not a property of the workload: one async event retried
//!   for six hours would otherwise divide every mean by six hours.
//! - The time series covers the simulated span: it starts with the window's buckets and grows
//!   past the window while in-flight work drains, so a cold start, throttle or busy environment
//!   after the last arrival is in the series, not only in the totals. The series stops growing
//!   at [`crate::defaults::MAX_BUCKETS`] buckets (or twice the window's, if that is more) — the
//!   bound validation already puts on the window's series, so memory stays bounded; only async
//!   retries or stream records outliving that are in the totals alone.
//! - The optional per-request sample is a uniform reservoir (Vitter's algorithm R) of
//!   `output.request_sample` records over all requests that reached an outcome; with 0 nothing
//!   is kept.
//! - The optional request stream ([`Metrics::keep_all`]) holds every finished request's record
//!   until the caller collects it: memory is bounded by what has not been collected yet, not by
//!   the run. Off by default, and then `finish` pays one branch on a bool for it.

use crate::cost;
use crate::invocation::Attempt;
use crate::lifecycle::Counts;
use crate::report::{
    CdfPoint, ColdAnatomy, ColdByCause, ColdCause, ColdSplit, ColdStartPhase, InvocationLatency,
    LatencySummary, Outcome, PERCENTILES, Phases, RequestRecord, WarmupPoint,
};
use crate::scaling::ThrottleReason;
use crate::time::Micros;
use crate::wide::widening_mul;
use rand::{Rng, RngExt};

mod hist;
pub use hist::Hist;

/// Points of a reported CDF (evenly spaced quantiles, plus the tail points below).
const CDF_POINTS: u32 = 100;
/// Extra tail quantiles of a CDF.
const CDF_TAIL: [f64; 3] = [0.995, 0.999, 0.9999];

/// Summary in milliseconds of a histogram of microseconds.
pub fn summarise(h: &Hist) -> LatencySummary {
    if h.is_empty() {
        return LatencySummary::default();
    }
    let ms = |us: u64| us as f64 / 1_000.0;
    let q = h.quantiles(&PERCENTILES.map(|p| p.quantile));
    LatencySummary {
        count: h.len(),
        mean: h.mean() / 1_000.0,
        p50: ms(q[0]),
        p90: ms(q[1]),
        p99: ms(q[2]),
        p999: ms(q[3]),
        max: ms(h.max()),
    }
}

/// A CDF's quantiles, ascending and distinct: the evenly spaced points with the tail merged
/// in, not sorted (both lists are ascending; a sort of the whole was a twentieth of a short
/// run's report).
fn cdf_quantiles() -> Vec<f64> {
    let mut tail = CDF_TAIL.into_iter().peekable();
    let mut out = Vec::with_capacity(CDF_POINTS as usize + CDF_TAIL.len());
    for i in 1..=CDF_POINTS {
        let point = f64::from(i) / f64::from(CDF_POINTS);
        out.extend(std::iter::from_fn(|| {
            tail.next_if(|t| t.total_cmp(&point).is_lt())
        }));
        out.push(point);
    }
    out.extend(tail);
    out.dedup();
    out
}

/// CDF points of a histogram, quantile ascending.
pub fn cdf(h: &Hist) -> Vec<CdfPoint> {
    if h.is_empty() {
        return Vec::new();
    }
    let quantiles = cdf_quantiles();
    let values = h.quantiles(&quantiles);
    quantiles
        .into_iter()
        .zip(values)
        .map(|(q, v)| CdfPoint {
            ms: v as f64 / 1_000.0,
            quantile: q,
        })
        .collect()
}

/// Where cold requests' time went, summed per bucket of the cold-latency histogram: the wait
/// before the final attempt and its five phases, µs. One entry per occupied bucket, so memory is
/// bounded by the histogram's resolution, not by the number of requests.
///
/// Entries are found through tables indexed like the histogram's counters, one block of
/// [`SPLIT_BLOCK`] counters (a power of two of latencies) allocated when a cold request first
/// falls in it — not through a sorted vector: keeping 112-byte entries sorted moved half of
/// them on every new bucket, and a run with tens of thousands of cold starts occupies thousands
/// of buckets (a fifth of a low-rate run's instructions went to that `memmove`); and not one
/// table over the whole range, whose growth copied and zeroed more than a short run's cold
/// starts ever touch. Nor a map: its code would cost the page's wasm several kilobytes.
#[derive(Debug, Clone, Default)]
pub struct ColdSplits {
    /// Per block of counters (empty until one of them is occupied), per counter: 0 when no cold
    /// request fell in it, else 1 + its entry's index. `u16` is enough: there is at most one
    /// entry per counter, and the histogram has fewer than 2^15 counters.
    blocks: Vec<Vec<u16>>,
    /// (cold requests, sums of wait and the five phases) per occupied bucket, in first-seen order.
    entries: Vec<(u64, [u128; SPLITS])>,
}

/// Sums per entry of [`ColdSplits`]: the wait before the final attempt, then each phase.
const SPLITS: usize = 1 + ColdStartPhase::ALL.len();

/// Counters per block of [`ColdSplits`]' tables: one power of two of latencies past the first.
const SPLIT_BLOCK: usize = 1_024;

impl ColdSplits {
    /// Adds one cold request of `latency` µs whose final attempt had `phases`; `bucket` is the
    /// lowest value of its cold-histogram bucket (`Hist::bucket_of`).
    fn record(&mut self, bucket: u64, latency: u64, phases: &Phases) {
        let p = ColdStartPhase::ALL.map(|phase| phases.get(phase).0);
        let wait = latency.saturating_sub(p.iter().sum());
        let counter = hist::counter_of(bucket);
        let (b, offset) = (counter / SPLIT_BLOCK, counter % SPLIT_BLOCK);
        if b >= self.blocks.len() {
            self.blocks.resize_with(b + 1, Vec::new);
        }
        let block = &mut self.blocks[b];
        if block.is_empty() {
            *block = vec![0; SPLIT_BLOCK];
        }
        if block[offset] == 0 {
            self.entries.push((0, [0; SPLITS]));
            block[offset] = self.entries.len() as u16;
        }
        let (n, sums) = &mut self.entries[usize::from(block[offset]) - 1];
        *n += 1;
        for (sum, v) in sums.iter_mut().zip([wait, p[0], p[1], p[2], p[3], p[4]]) {
            *sum += u128::from(v);
        }
    }

    /// The occupied bucket nearest to `bucket` (itself when occupied; the lower one on a tie).
    fn nearest(&self, bucket: u64) -> Option<&(u64, [u128; SPLITS])> {
        let last = (self.blocks.len() * SPLIT_BLOCK).checked_sub(1)?;
        let occupied = |counter: usize| {
            let block = &self.blocks[counter / SPLIT_BLOCK];
            match block.get(counter % SPLIT_BLOCK) {
                None | Some(0) => None,
                Some(&e) => Some((
                    hist::counter_value(counter),
                    &self.entries[usize::from(e) - 1],
                )),
            }
        };
        let at = hist::counter_of(bucket).min(last);
        if let Some((value, entry)) = occupied(at)
            && value == bucket
        {
            return Some(entry);
        }
        // Counters are in value order: scan down for the nearest below, up for the nearest above.
        let below = (0..=at)
            .rev()
            .filter_map(occupied)
            .find(|&(value, _)| value < bucket);
        let above = (at..=last)
            .filter_map(occupied)
            .find(|&(value, _)| value > bucket);
        match (below, above) {
            (Some((b, lo)), Some((a, hi))) => Some(if bucket - b <= a - bucket { lo } else { hi }),
            (lo, hi) => lo.or(hi).map(|(_, v)| v),
        }
    }
}

/// The cold starts at each of [`PERCENTILES`] of `cold`, taken apart: the mean split of the
/// requests in the percentile's histogram bucket, scaled so the parts add up to the percentile
/// [`summarise`] reports.
pub fn cold_anatomy(cold: &Hist, splits: &ColdSplits) -> Vec<ColdAnatomy> {
    if cold.is_empty() {
        return Vec::new();
    }
    let values = cold.quantiles(&PERCENTILES.map(|p| p.quantile));
    (PERCENTILES.iter().zip(values))
        .filter_map(|(p, v)| {
            let (n, sums) = splits.nearest(cold.bucket_of(v))?;
            let total: u128 = sums.iter().sum();
            let ms = v as f64 / 1_000.0;
            // Mean parts, rescaled from their own total (within 0.1 % of v) to v itself.
            let scale = if total == 0 { 0.0 } else { ms / total as f64 };
            let [wait, microvm, code_fetch, bootstrap, init, handler] =
                sums.map(|s| s as f64 * scale);
            Some(ColdAnatomy {
                quantile: p.quantile,
                ms,
                samples: cold.len(),
                near: *n,
                split: ColdSplit {
                    wait,
                    microvm,
                    code_fetch,
                    bootstrap,
                    init,
                    handler,
                },
            })
        })
        .collect()
}

/// The bucket of [`crate::defaults::INVOCATION_BUCKETS`] holding invocation index `k`.
#[cfg_attr(target_arch = "wasm32", inline(always))]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn invocation_bucket(k: u32) -> usize {
    let b = crate::defaults::INVOCATION_BUCKETS;
    b.iter().rposition(|&first| k >= first).unwrap_or(0)
}

/// The report's latency by invocation index, one entry per bucket (empty ones included).
pub fn latency_by_invocation(h: &[Hist; 4]) -> Vec<InvocationLatency> {
    let b = crate::defaults::INVOCATION_BUCKETS;
    (0..b.len())
        .map(|i| InvocationLatency {
            first: b[i],
            last: b.get(i + 1).map(|next| next - 1),
            latency_ms: summarise(&h[i]),
        })
        .collect()
}

/// The report's warm-up curve: one point per occupied power-of-two bin of the invocation index.
pub fn warmup_curve(bins: &[(u64, u128, u128)]) -> Vec<WarmupPoint> {
    (bins.iter().enumerate())
        .filter(|(_, b)| b.0 > 0)
        .map(|(i, &(n, latency, handler))| WarmupPoint {
            first: 1 << i,
            last: ((1u64 << (i + 1)) - 1).min(u64::from(u32::MAX)) as u32,
            count: n,
            mean_latency_ms: latency as f64 / n as f64 / 1_000.0,
            mean_handler_ms: handler as f64 / n as f64 / 1_000.0,
        })
        .collect()
}

/// One value per cold-start phase, indexed by the phase.
#[derive(Debug, Clone, Default)]
pub struct PerPhase<T>([T; ColdStartPhase::ALL.len()]);

impl<T> std::ops::Index<ColdStartPhase> for PerPhase<T> {
    type Output = T;
    fn index(&self, phase: ColdStartPhase) -> &T {
        &self.0[phase as usize]
    }
}

impl<T> std::ops::IndexMut<ColdStartPhase> for PerPhase<T> {
    fn index_mut(&mut self, phase: ColdStartPhase) -> &mut T {
        &mut self.0[phase as usize]
    }
}

/// Billed time, each attempt rounded up to the billing step as AWS does; the two are priced
/// differently (`cost::Usage`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Billed {
    /// On-demand attempts, init included when `prices.bill_init`, µs.
    pub on_demand_us: u128,
    /// Attempts on provisioned environments, µs (their init is in the capacity charge).
    pub provisioned_us: u128,
}

/// One time-series bucket, accumulated.
#[derive(Debug, Clone, Copy, Default)]
pub struct Bucket {
    /// Arrivals.
    pub arrivals: u64,
    /// Cold starts.
    pub cold_starts: u64,
    /// Throttle events.
    pub throttles: u64,
    /// Busy × µs.
    pub busy_area: u128,
    /// Idle × µs.
    pub idle_area: u128,
    /// Provisioned × µs.
    pub provisioned_area: u128,
    /// Most busy environments at any instant of the bucket: an average hides a spike that
    /// filled the concurrency limit for seconds of a minute.
    pub peak_busy: u32,
    /// Most environments (busy + idle) at any instant of the bucket.
    pub peak_total: u32,
    /// Fastest / slowest warm latency of requests arriving in the bucket, µs.
    pub warm: Span,
    /// Fastest / slowest cold latency, µs.
    pub cold: Span,
}

/// The fastest and slowest of the latencies recorded in a bucket, empty until the first. Not
/// an `Option`: widening an empty one by a minimum and a maximum needs no test of which it is
/// (a test and a jump on every completion, and the tag's store). The fastest is kept inverted,
/// so that the empty span is all zeros (`u64::MAX` as the fastest, 0 as the slowest) and a
/// bucket's default stays zeroed memory: a non-zero default made every new bucket a written
/// copy (≈ 390 B more in each of the page's modules).
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    /// `!fastest`.
    lo_inv: u64,
    hi: u64,
}

impl Span {
    /// Fastest and slowest, if any latency was recorded.
    pub fn get(self) -> Option<(u64, u64)> {
        let lo = !self.lo_inv;
        (lo <= self.hi).then_some((lo, self.hi))
    }
}

#[inline(always)]
fn widen(range: &mut Span, v: u64) {
    range.lo_inv = range.lo_inv.max(!v);
    range.hi = range.hi.max(v);
}

/// Time integrals of environment counts: the series buckets over the simulated span so far,
/// from which the totals over the arrival window `[0, horizon)` are summed (see the module
/// notes and [`Metrics::window_areas`]).
#[derive(Debug, Clone, Default)]
pub struct Gauges {
    /// Integrated up to here.
    last: Micros,
    horizon: Micros,
    bucket: Micros,
    /// Most buckets the series may have (window plus drain).
    max_buckets: usize,
    /// Index and end of the bucket holding `last`: most advances stay inside it, which saves
    /// a division per event.
    current: usize,
    current_end: Micros,
    /// An advance to a time before this stays in the current bucket (which exists) and, while
    /// the window is open, before the horizon: one segment, no bookkeeping. Zero: no fast path.
    fast_end: Micros,
    /// The totals over the arrival window, summed from the buckets when the integration
    /// passed the horizon (segments are split there); `None` while the window is open.
    window: Option<Areas>,
    /// Arrivals in the current bucket not yet added to its count: an arrival inside the fast
    /// path's span counts here, without the bucket's look-up, and the count moves into the
    /// bucket when the integration leaves it ([`Metrics::bucket_arrivals`] adds it meanwhile).
    open_arrivals: u64,
}

/// Environment counts integrated over a span, count × µs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// Busy × µs.
    pub busy: u128,
    /// Idle × µs.
    pub idle: u128,
    /// Provisioned × µs.
    pub provisioned: u128,
}

impl Areas {
    /// Total (busy + idle) × µs.
    pub fn total(&self) -> u128 {
        self.busy + self.idle
    }
}

/// The areas of `buckets`, summed.
fn areas(buckets: &[Bucket]) -> Areas {
    buckets.iter().fold(Areas::default(), |a, b| Areas {
        busy: a.busy + b.busy_area,
        idle: a.idle + b.idle_area,
        provisioned: a.provisioned + b.provisioned_area,
    })
}

/// The attempt that ended a request, and where it ran: what its record reports.
#[derive(Debug, Clone, Copy)]
pub struct Ran<'a> {
    /// The attempt, borrowed from the environment it ran on, not copied.
    pub attempt: &'a Attempt,
    /// Environment of the attempt.
    pub env_id: u32,
    /// Whether that environment was provisioned.
    pub provisioned: bool,
}

/// How a request (or stream record) ended. Which outcomes carry an attempt is part of the
/// type: a completed request (ok or a function error) ran on an environment; a throttled one
/// never did; a dropped one may have (an async event whose failed attempt left it too old to
/// retry) or not (throttled until too old, a stream batch past its retention).
#[derive(Debug, Clone, Copy)]
pub enum Ending<'a> {
    /// Its final attempt ran to its end, successfully or with a function error (the error
    /// draw or a timeout) that no retry follows.
    Completed {
        /// The final attempt.
        ran: Ran<'a>,
        /// Whether it ended in a function error.
        failed: bool,
    },
    /// Refused by a concurrency or scaling limit, with no retry: sync requests only (an async
    /// event is retried after a back-off; a throttled stream batch blocks its shard).
    Throttled,
    /// Given up by the retry policy: an async event too old to retry, after its failed
    /// attempt (`Some`) or after throttles (`None`), or a stream batch's record past the
    /// retention (`None`, whatever attempts the batch made).
    Dropped(Option<Ran<'a>>),
}

impl<'a> Ending<'a> {
    /// The outcome a request's record reports.
    pub fn outcome(self) -> Outcome {
        match self {
            Ending::Completed { failed: false, .. } => Outcome::Ok,
            Ending::Completed { failed: true, .. } => Outcome::Error,
            Ending::Throttled => Outcome::Throttled,
            Ending::Dropped(_) => Outcome::Dropped,
        }
    }

    /// The final attempt, if one ran.
    pub fn ran(self) -> Option<Ran<'a>> {
        match self {
            Ending::Completed { ran, .. } | Ending::Dropped(Some(ran)) => Some(ran),
            Ending::Throttled | Ending::Dropped(None) => None,
        }
    }
}

/// A finished request (or stream record), as the metrics need it.
#[derive(Debug, Clone, Copy)]
pub struct Finished<'a> {
    /// Arrival sequence number.
    pub id: u64,
    /// First arrival.
    pub arrival: Micros,
    /// When the outcome was reached.
    pub end: Micros,
    /// How it ended, with its final attempt where one ran.
    pub ending: Ending<'a>,
    /// Retries before the final attempt.
    pub retries: u32,
}

impl Finished<'_> {
    /// The per-request record the report and the request stream hold.
    pub fn record(&self) -> RequestRecord {
        let ran = self.ending.ran();
        let attempt = ran.map(|r| r.attempt);
        RequestRecord {
            id: self.id,
            arrival: self.arrival,
            start: attempt.map_or(self.end, |a| a.start),
            end: self.end,
            cold: attempt.and_then(|a| a.cold),
            phases: attempt.map_or(Phases::default(), |a| a.phases),
            env_id: ran.map(|r| r.env_id),
            provisioned: ran.is_some_and(|r| r.provisioned),
            outcome: self.ending.outcome(),
            retries: self.retries,
            invocation: attempt.map_or(0, |a| a.invocation),
        }
    }
}

/// How many requests reached each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcomes {
    /// Completed successfully.
    pub ok: u64,
    /// Completed with a function error.
    pub error: u64,
    /// Throttled, with no retry.
    pub throttled: u64,
    /// Given up by the retry policy.
    pub dropped: u64,
}

/// Everything measured during a run.
#[derive(Debug)]
pub struct Metrics {
    /// Latency of completed cold requests, µs. The warm ones' histogram is not kept: every
    /// completed request is in `by_invocation` (a completed request ran an attempt:
    /// [`Ending::Completed`]), so the warm ones are those less the cold ones
    /// ([`Metrics::latencies`]), and a warm request records its latency once, not twice; only
    /// its exact extremes are kept for it.
    pub cold: Hist,
    /// The smallest and largest latency of a completed warm request, µs (`u64::MAX` and 0 while
    /// there is none).
    warm_min: u64,
    warm_max: u64,
    /// Where the cold ones' time went, per bucket of `cold`.
    pub cold_splits: ColdSplits,
    /// Cold-start phases.
    pub phases: PerPhase<Hist>,
    /// Latency of completed requests by the invocation index of their final attempt on its
    /// environment, in the buckets of [`crate::defaults::INVOCATION_BUCKETS`].
    pub by_invocation: [Hist; 4],
    /// Per power-of-two bin of the invocation index (1, 2–3, 4–7, …): completed requests, and
    /// their summed latency and handler time, µs. One bin per bit of a `u32` index, all there
    /// from the start: growing the list as indices grew put its growth's code in every
    /// completion's path; the report lists the occupied bins only. On the heap, not an array
    /// in the struct: the array's initialisation and moves cost each of the page's modules ~1.9 KB
    /// gzip.
    pub warmup_bins: Vec<(u64, u128, u128)>,
    /// Arrivals.
    pub requests: u64,
    /// Attempts started on an environment.
    pub invocations: u64,
    /// Cold starts by cause.
    pub cold_by_cause: ColdByCause,
    /// Throttle events, indexed by `ThrottleReason`.
    pub throttles: [u64; crate::scaling::THROTTLE_REASONS],
    /// Requests by outcome.
    pub outcomes: Outcomes,
    /// Retries scheduled.
    pub retries: u64,
    /// Attempts that hit the function timeout.
    pub timeouts: u64,
    /// Cold starts whose init exceeded the init limit and was retried in the invoke phase.
    pub init_retried: u64,
    /// Invocations served on-demand while provisioned concurrency was configured and all busy.
    pub spillovers: u64,
    /// Environments initialised off the request path (proactive initialization).
    pub proactive_inits: u64,
    /// Largest concurrency.
    pub peak_concurrency: u32,
    /// Billed time so far.
    pub billed: Billed,
    /// Whether init time is billed (`prices.bill_init`).
    bill_init: bool,
    /// Time integrals.
    pub gauges: Gauges,
    /// Time series.
    pub buckets: Vec<Bucket>,
    sample_size: usize,
    seen: u64,
    /// The reservoir.
    pub samples: Vec<RequestRecord>,
    /// Whether every finished request's record is kept in [`Metrics::finished`].
    pub keep_all: bool,
    /// Records of requests finished since the caller last collected them, in finishing order.
    pub finished: Vec<RequestRecord>,
}

impl Metrics {
    /// Empty metrics for a run whose arrival window is `horizon`; `bill_init` says whether
    /// on-demand init time is billed.
    pub fn new(horizon: Micros, bucket: Micros, sample_size: u32, bill_init: bool) -> Metrics {
        let bucket = Micros(bucket.0.max(1));
        let n_buckets = horizon.0.div_ceil(bucket.0).max(1) as usize;
        let max_buckets = (2 * n_buckets).max(crate::defaults::MAX_BUCKETS as usize);
        Metrics {
            cold: Hist::new(),
            warm_min: u64::MAX,
            warm_max: 0,
            cold_splits: ColdSplits::default(),
            phases: PerPhase::default(),
            by_invocation: std::array::from_fn(|_| Hist::new()),
            warmup_bins: vec![(0, 0, 0); u32::BITS as usize],
            requests: 0,
            invocations: 0,
            cold_by_cause: ColdByCause::default(),
            throttles: [0; crate::scaling::THROTTLE_REASONS],
            outcomes: Outcomes::default(),
            retries: 0,
            timeouts: 0,
            init_retried: 0,
            spillovers: 0,
            proactive_inits: 0,
            peak_concurrency: 0,
            billed: Billed::default(),
            bill_init,
            gauges: Gauges {
                horizon,
                bucket,
                max_buckets,
                current_end: bucket,
                fast_end: bucket.min(horizon),
                // An empty window (a duration under half a microsecond) is closed from the start.
                window: (horizon == Micros::ZERO).then(Areas::default),
                ..Gauges::default()
            },
            buckets: vec![Bucket::default(); n_buckets],
            sample_size: sample_size as usize,
            seen: 0,
            samples: Vec::new(),
            keep_all: false,
            finished: Vec::new(),
        }
    }

    /// Reserves the reservoir for the requests the run expects (`expected_requests`, the
    /// workload's estimate), at most the sample size: filled by pushes it would grow by
    /// doubling, copying its records at each step (~2 MB in all for a 20,000-record sample)
    /// and touching fresh memory, while a run expecting fewer requests than the sample holds
    /// reserves only those (more than expected grow it as before). Memory only: the sample is
    /// the same either way.
    pub fn reserve_sample(&mut self, expected_requests: f64) {
        // `as` saturates, and takes a NaN to 0.
        let expected = expected_requests.ceil() as usize;
        self.samples.reserve_exact(expected.min(self.sample_size));
    }

    /// The bucket holding time `t`, growing the series into the drain if needed (and allowed).
    /// Usually the gauges' current bucket (`t` is now, or a recent arrival), found without
    /// the division.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn bucket_mut(&mut self, t: Micros) -> Option<&mut Bucket> {
        let g = &self.gauges;
        if t < g.current_end
            && t.0 >= g.current_end.0 - g.bucket.0
            && g.current < self.buckets.len()
        {
            return self.buckets.get_mut(g.current);
        }
        self.bucket_elsewhere(t)
    }

    /// [`Metrics::bucket_mut`] for a time outside the current bucket, or in a current bucket
    /// the series does not hold yet: a division, and the series growing. Out of line: inlined,
    /// its code (a `resize`) sat in the arrival's and the completion's paths, which run it
    /// rarely.
    #[inline(never)]
    fn bucket_elsewhere(&mut self, t: Micros) -> Option<&mut Bucket> {
        let i = usize::try_from(t.0 / self.gauges.bucket.0).unwrap_or(usize::MAX);
        if i >= self.buckets.len() && i < self.gauges.max_buckets {
            self.buckets.resize(i + 1, Bucket::default());
        }
        self.buckets.get_mut(i)
    }

    /// The series buckets' width: `output.bucket_s` in whole microseconds (at least one), the
    /// width the areas are integrated over, so the only one to divide them by.
    pub fn bucket_width(&self) -> Micros {
        self.gauges.bucket
    }

    /// End of the span the series covers so far: the arrival window, or later while work drains.
    pub fn series_end(&self) -> Micros {
        self.gauges.last.max(self.gauges.horizon)
    }

    /// Integrates the counts that held from the last call until `now` into the series buckets
    /// (and, past the horizon, closes the window's totals). Always inline: its common case is a
    /// few adds, run at every event; in wasm, with the areas' products written out
    /// (`wide::widening_mul`), LLVM kept it out of line with the rare case inlined into it.
    #[inline(always)]
    pub fn advance(&mut self, now: Micros, c: Counts) {
        let g = &mut self.gauges;
        if now <= g.last {
            return;
        }
        if now < g.fast_end
            && let Some(b) = self.buckets.get_mut(g.current)
        {
            // The common case: the counts held for one segment inside the current bucket.
            // `now > g.last` (above), so the plain difference: `Micros`' saturating one cost a
            // compare and a select at every event, and LLVM did not drop them.
            let span = now.0 - g.last.0;
            b.busy_area += widening_mul(c.busy.into(), span);
            b.idle_area += widening_mul(c.idle.into(), span);
            b.provisioned_area += widening_mul(c.provisioned.into(), span);
            b.peak_busy = b.peak_busy.max(c.busy);
            b.peak_total = b.peak_total.max(c.total());
            g.last = now;
            return;
        }
        self.advance_across(now, c);
    }

    /// [`Metrics::advance`] across bucket boundaries or the horizon.
    #[cold]
    #[inline(never)]
    // Rare per event, but run at every bucket boundary of every run: for speed in the page's
    // size-optimised engine too.
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn advance_across(&mut self, now: Micros, c: Counts) {
        let g = &mut self.gauges;
        if g.open_arrivals > 0 {
            if let Some(b) = self.buckets.get_mut(g.current) {
                b.arrivals += g.open_arrivals;
            }
            g.open_arrivals = 0;
        }
        let (busy, idle, pc) = (
            u128::from(c.busy),
            u128::from(c.idle),
            u128::from(c.provisioned),
        );
        let mut t = g.last;
        while t < now && g.current < g.max_buckets {
            let mut seg_end = g.current_end.min(now);
            if g.window.is_none() && t < g.horizon {
                seg_end = seg_end.min(g.horizon);
            }
            let span = u128::from((seg_end - t).0);
            if g.current >= self.buckets.len() {
                self.buckets.push(Bucket::default());
            }
            if let Some(b) = self.buckets.get_mut(g.current) {
                b.busy_area += busy * span;
                b.idle_area += idle * span;
                b.provisioned_area += pc * span;
                if span > 0 {
                    b.peak_busy = b.peak_busy.max(c.busy);
                    b.peak_total = b.peak_total.max(c.total());
                }
            }
            t = seg_end;
            if g.window.is_none() && t >= g.horizon {
                g.window = Some(areas(&self.buckets));
            }
            if t == g.current_end {
                g.current += 1;
                g.current_end += g.bucket;
            }
        }
        g.last = now;
        g.fast_end = if g.current < self.buckets.len() {
            match g.window {
                None => g.current_end.min(g.horizon),
                Some(_) => g.current_end,
            }
        } else {
            Micros::ZERO
        };
    }

    /// The environment counts integrated over the arrival window `[0, horizon)`, or over what
    /// has been simulated of it so far.
    pub fn window_areas(&self) -> Areas {
        self.gauges.window.unwrap_or_else(|| areas(&self.buckets))
    }

    /// A request arrived. Inside the current bucket's fast span it is counted without the
    /// bucket's look-up. The loop integrates up to an event before running it, so every
    /// arrival of a run is there, one at a bucket's first instant too (the advance to it made
    /// that bucket the current one), but one at the horizon when the horizon is a bucket's
    /// edge (a trace's last entry rounded up to it): the integration has then left the
    /// series' last bucket, and the look-up creates the next.
    #[inline]
    pub fn arrival(&mut self, now: Micros) {
        self.requests += 1;
        let g = &mut self.gauges;
        if g.last <= now && now < g.fast_end {
            g.open_arrivals += 1;
            return;
        }
        if let Some(b) = self.bucket_mut(now) {
            b.arrivals += 1;
        }
    }

    /// Arrivals per bucket of the series, the current bucket's still open ones included.
    pub fn bucket_arrivals(&self) -> impl Iterator<Item = u64> + '_ {
        let (current, open) = (self.gauges.current, self.gauges.open_arrivals);
        (self.buckets.iter().enumerate())
            .map(move |(i, b)| b.arrivals + if i == current { open } else { 0 })
    }

    /// A request (or batch) was refused.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    pub fn throttle(&mut self, now: Micros, reason: ThrottleReason) {
        self.throttles[reason as usize] += 1;
        if let Some(b) = self.bucket_mut(now) {
            b.throttles += 1;
        }
    }

    /// An attempt started on an environment. Inline, with a cold start's records out of line:
    /// in a warm start the plan is known to be warm, and what is left is two counters, not a
    /// call per request.
    #[inline(always)]
    pub fn started(&mut self, a: &Attempt, serving: u32) {
        self.invocations += 1;
        self.peak_concurrency = self.peak_concurrency.max(serving);
        if a.init_retried {
            self.init_retried += 1;
        }
        if let Some(cause) = a.cold {
            self.cold_started(cause, a);
        }
    }

    /// [`Metrics::started`]'s records of a cold start.
    #[inline(never)]
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn cold_started(&mut self, cause: ColdCause, a: &Attempt) {
        self.cold_by_cause.add(cause);
        for phase in ColdStartPhase::ALL {
            self.phases[phase].record(a.phases.get(phase).0);
        }
        if let Some(b) = self.bucket_mut(a.start) {
            b.cold_starts += 1;
        }
    }

    /// Billing of an ended attempt, rounded up per attempt as AWS does.
    pub fn billed(&mut self, a: &Attempt, provisioned: bool) {
        if provisioned {
            // Provisioned init is paid by the capacity charge, never per invocation.
            let d = cost::billed_duration(Micros::ZERO, a.billed_invoke, false);
            self.billed.provisioned_us += u128::from(d.0);
        } else {
            let d = cost::billed_duration(a.billed_init, a.billed_invoke, self.bill_init);
            self.billed.on_demand_us += u128::from(d.0);
        }
        if a.timed_out {
            self.timeouts += 1;
        }
    }

    /// A request reached its outcome. `rng` feeds the reservoir only.
    #[inline]
    pub fn finish<R: Rng + ?Sized>(&mut self, f: Finished<'_>, rng: &mut R) {
        self.finish_inline(f, rng);
    }

    /// [`Metrics::finish`], always inlined: for the completion, where nearly every request
    /// reaches its outcome, so that its record is not passed through memory to a call.
    #[inline(always)]
    pub fn finish_inline<R: Rng + ?Sized>(&mut self, f: Finished<'_>, rng: &mut R) {
        if let Ending::Completed { ran, failed } = f.ending {
            // One count chosen by address (adding `!failed` and `failed` to both was 0.8 % more
            // instructions natively).
            let o = &mut self.outcomes;
            *(if failed { &mut o.error } else { &mut o.ok }) += 1;
            // A request ends after it arrives: the plain difference (`Micros`' saturating one
            // cost a compare and a select a request).
            let latency = f.end.0 - f.arrival.0;
            let a = ran.attempt;
            self.by_invocation[invocation_bucket(a.invocation)].record(latency);
            let bin = (u32::BITS - a.invocation.max(1).leading_zeros() - 1) as usize;
            let b = &mut self.warmup_bins[bin];
            b.0 += 1;
            b.1 += u128::from(latency);
            b.2 += u128::from(a.phases.handler.0);
            let cold = a.cold.is_some();
            if cold {
                self.cold.record(latency);
                let bucket = self.cold.bucket_of(latency);
                self.cold_splits.record(bucket, latency, &a.phases);
            } else {
                self.warm_min = self.warm_min.min(latency);
                self.warm_max = self.warm_max.max(latency);
            }
            if let Some(b) = self.bucket_mut(f.arrival) {
                let range = if cold { &mut b.cold } else { &mut b.warm };
                widen(range, latency);
            }
        } else if let Ending::Throttled = f.ending {
            self.outcomes.throttled += 1;
        } else {
            self.outcomes.dropped += 1;
        }
        if self.keep_all {
            self.finished.push(f.record());
        }
        if self.sample_size > 0 {
            self.sample(f, rng);
        }
    }

    /// The latency histograms of all completed requests and of the warm ones, µs: the
    /// invocation buckets' union, and that less the cold ones.
    pub fn latencies(&self) -> (Hist, Hist) {
        let [b0, b1, b2, b3] = &self.by_invocation;
        let all = Hist::union(&[b0, b1, b2, b3]);
        let warm = all.without(&self.cold, self.warm_min, self.warm_max);
        (all, warm)
    }

    fn sample<R: Rng + ?Sized>(&mut self, f: Finished<'_>, rng: &mut R) {
        self.seen += 1;
        if self.samples.len() < self.sample_size {
            self.samples.push(f.record());
        } else {
            let j = rng.random_range(0..self.seen);
            if let Some(s) = self.samples.get_mut(j as usize) {
                *s = f.record();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauges_integrate_exactly_and_split_buckets() {
        let mut m = Metrics::new(Micros(100), Micros(10), 0, true);
        let c = |busy, idle| Counts {
            busy,
            idle,
            ..Counts::default()
        };
        m.advance(Micros(5), c(0, 0));
        m.advance(Micros(25), c(2, 1)); // 20 µs of 2 busy + 1 idle
        m.advance(Micros(150), c(1, 0)); // totals stop at 100: 75 µs of 1 busy
        let window = m.window_areas();
        assert_eq!(window.busy, 40 + 75);
        assert_eq!(window.idle, 20);
        assert_eq!(window.total(), 60 + 75);
        assert_eq!(m.buckets[0].busy_area, 10);
        // Peaks are the most at any instant of the bucket, not the average.
        assert_eq!((m.buckets[0].peak_busy, m.buckets[0].peak_total), (2, 3));
        assert_eq!((m.buckets[9].peak_busy, m.buckets[9].peak_total), (1, 1));
        assert_eq!(m.buckets[1].busy_area, 20);
        assert_eq!(m.buckets[2].busy_area, 10 + 5);
        assert_eq!(m.buckets[9].busy_area, 10);
        // The series goes on into the drain: 50 µs past the window, five more buckets.
        assert_eq!(m.buckets.len(), 15);
        assert_eq!(m.buckets[14].busy_area, 10);
        assert_eq!(m.series_end(), Micros(150));
        // ... but no further than the series bound.
        m.advance(Micros(u64::MAX / 2), c(1, 0));
        assert_eq!(m.buckets.len(), crate::defaults::MAX_BUCKETS as usize);
        assert_eq!(
            m.window_areas(),
            window,
            "the window's totals are unchanged"
        );
    }

    #[test]
    fn gauges_equal_a_microsecond_by_microsecond_count() {
        use rand::SeedableRng;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(9);
        // Horizons on and off bucket boundaries, read while the window is open and after.
        for (horizon, bucket) in [(1_000, 7), (700, 7), (30, 1), (999, 1_000), (1, 3)] {
            let max_buckets = crate::defaults::MAX_BUCKETS as usize;
            let mut m = Metrics::new(Micros(horizon), Micros(bucket), 0, true);
            let n = (horizon * 3 / bucket + 2) as usize;
            let (mut busy, mut idle, mut pc) = (vec![0u128; n], vec![0u128; n], vec![0u128; n]);
            let mut peaks = vec![(0u32, 0u32); n];
            let mut window = Areas::default();
            let (mut last, mut now) = (0u64, 0u64);
            while now < horizon * 3 {
                let c = Counts {
                    busy: rng.random_range(0..5),
                    idle: rng.random_range(0..5),
                    provisioned: rng.random_range(0..3),
                    ..Counts::default()
                };
                now += rng.random_range(0..bucket * 2);
                m.advance(Micros(now), c);
                for us in last..now {
                    let i = (us / bucket) as usize;
                    if i >= max_buckets {
                        break;
                    }
                    busy[i] += u128::from(c.busy);
                    idle[i] += u128::from(c.idle);
                    pc[i] += u128::from(c.provisioned);
                    peaks[i] = (peaks[i].0.max(c.busy), peaks[i].1.max(c.total()));
                    if us < horizon {
                        window.busy += u128::from(c.busy);
                        window.idle += u128::from(c.idle);
                        window.provisioned += u128::from(c.provisioned);
                    }
                }
                last = last.max(now);
                assert_eq!(m.window_areas(), window, "horizon {horizon}, at {now}");
            }
            for (i, b) in m.buckets.iter().enumerate() {
                let want = (busy[i], idle[i], pc[i], peaks[i]);
                let got = (
                    b.busy_area,
                    b.idle_area,
                    b.provisioned_area,
                    (b.peak_busy, b.peak_total),
                );
                assert_eq!(got, want, "horizon {horizon}, bucket {i}");
            }
        }
    }

    #[test]
    fn the_reservoir_is_reserved_for_the_expected_requests_up_to_its_size() {
        let reserved = |expected: f64| {
            let mut m = Metrics::new(Micros(1_000), Micros(10), 20_000, true);
            m.reserve_sample(expected);
            m.samples.capacity()
        };
        // A short run reserves room for its own requests, not for the whole sample.
        let few = reserved(9.5);
        assert!((10..20_000).contains(&few), "{few}");
        assert_eq!(reserved(100_000.0), 20_000);
        assert_eq!(reserved(f64::NAN), 0);
        assert_eq!(reserved(f64::INFINITY), 20_000);
    }

    #[test]
    fn each_ending_counts_its_outcome_and_only_completions_their_latency() {
        use rand::SeedableRng;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        let mut m = Metrics::new(Micros(1_000), Micros(10), 0, true);
        m.keep_all = true;
        let warm = Attempt {
            start: Micros(2),
            end: Micros(9),
            invocation: 3,
            ..Attempt::default()
        };
        let cold = Attempt {
            start: Micros(4),
            cold: Some(ColdCause::ScaleOut),
            invocation: 1,
            ..Attempt::default()
        };
        let warm_on_provisioned = Ran {
            attempt: &warm,
            env_id: 7,
            provisioned: true,
        };
        let cold_on_demand = Ran {
            attempt: &cold,
            env_id: 8,
            provisioned: false,
        };
        let endings = [
            Ending::Completed {
                ran: warm_on_provisioned,
                failed: false,
            },
            Ending::Completed {
                ran: cold_on_demand,
                failed: false,
            },
            Ending::Completed {
                ran: warm_on_provisioned,
                failed: true,
            },
            Ending::Throttled,
            Ending::Dropped(Some(cold_on_demand)),
            Ending::Dropped(None),
        ];
        for (id, ending) in (0..).zip(endings) {
            let f = Finished {
                id,
                arrival: Micros(1),
                end: Micros(9),
                ending,
                retries: 0,
            };
            m.finish(f, &mut rng);
        }
        let expected = Outcomes {
            ok: 2,
            error: 1,
            throttled: 1,
            dropped: 2,
        };
        assert_eq!(m.outcomes, expected);
        // The three completions, each 8 µs: two warm ones (the 3rd invocation's bucket), one
        // cold (the 1st's); the dropped request's cold attempt enters no histogram.
        let (all, warm_only) = m.latencies();
        assert_eq!((all.len(), warm_only.len(), m.cold.len()), (3, 2, 1));
        assert_eq!((m.by_invocation[0].len(), m.by_invocation[1].len()), (1, 2));
        let records: Vec<_> = (m.finished.iter())
            .map(|r| (r.outcome, r.env_id, r.provisioned, r.start, r.cold))
            .collect();
        let on_provisioned = (Some(7), true, Micros(2), None);
        let on_demand = (Some(8), false, Micros(4), Some(ColdCause::ScaleOut));
        let never = (None, false, Micros(9), None);
        let row = |o, (e, p, s, c)| (o, e, p, s, c);
        assert_eq!(
            records,
            [
                row(Outcome::Ok, on_provisioned),
                row(Outcome::Ok, on_demand),
                row(Outcome::Error, on_provisioned),
                row(Outcome::Throttled, never),
                row(Outcome::Dropped, on_demand),
                row(Outcome::Dropped, never),
            ]
        );
    }

    #[test]
    fn reservoir_keeps_at_most_its_size() {
        use rand::SeedableRng;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(1);
        let mut m = Metrics::new(Micros(1_000), Micros(10), 5, true);
        for id in 0..1_000 {
            let attempt = Attempt {
                start: Micros(id),
                end: Micros(id + 3),
                invocation: 1,
                ..Attempt::default()
            };
            let ran = Ran {
                attempt: &attempt,
                env_id: 0,
                provisioned: false,
            };
            m.finish(
                Finished {
                    id,
                    arrival: Micros(id),
                    end: Micros(id + 3),
                    ending: Ending::Completed { ran, failed: false },
                    retries: 0,
                },
                &mut rng,
            );
        }
        assert_eq!(m.samples.len(), 5);
        assert!(m.samples.iter().any(|s| s.id >= 5), "later requests get in");
        let (all, warm) = m.latencies();
        assert_eq!((all.len(), warm.len()), (1_000, 1_000));
        assert_eq!(all.max(), 3);
    }

    #[test]
    fn one_pass_quantiles_and_the_cdf_equal_hdrhistograms_one_at_a_time() {
        use rand::SeedableRng;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
        let mut h = Hist::new();
        let mut reference =
            hdrhistogram::Histogram::<u64>::new_with_bounds(1, 1 << 37, 3).expect("valid bounds");
        let (mut lo, mut hi) = (u64::MAX, 0);
        for _ in 0..10_000 {
            // Log-uniform over 1 µs .. ~17 min: many histogram rows, many empty bins.
            let v = 2f64.powf(rng.random_range(0.0..30.0)) as u64;
            h.record(v);
            reference.saturating_record(v);
            (lo, hi) = (lo.min(v), hi.max(v));
        }
        let want = |q: f64| reference.value_at_quantile(q).clamp(lo, hi);
        // Unsorted, with duplicates and the edges.
        let qs = [0.99, 0.0, 0.5, 1.0, 0.5, 0.001, 0.9999, 0.25];
        assert_eq!(h.quantiles(&qs), qs.map(want));
        let c = cdf(&h);
        assert!(c.iter().all(|p| p.ms == want(p.quantile) as f64 / 1_000.0));
    }

    #[test]
    fn mean_is_exact_not_bucketed() {
        let mut h = Hist::new();
        // 10,001 and 10,003 share a 3-digit bucket; their exact mean is 10,002.
        h.record(10_001);
        h.record(10_003);
        assert_eq!(h.mean(), 10_002.0);
        let merged = Hist::union(&[&h, &Hist::new()]);
        assert_eq!(merged.mean(), 10_002.0);
        assert_eq!(summarise(&merged).mean, 10.002);
    }

    /// Arrivals counted in the open bucket without its look-up land in the bucket of their
    /// time, read mid-bucket or after it was left, as each arrival's own look-up put them; those
    /// at a bucket's first instant (30, 60 and 90 µs) are counted open too, in the bucket the
    /// advance to them made the current one.
    #[test]
    fn arrivals_land_in_their_buckets_whether_the_bucket_is_open_or_left() {
        let mut m = Metrics::new(Micros(100), Micros(10), 0, true);
        let mut want = [0u64; 10];
        let (mut t, mut k) = (0u64, 1u64);
        while t < 100 {
            m.advance(Micros(t), Counts::default());
            m.arrival(Micros(t));
            want[(t / 10) as usize] += 1;
            let open: Vec<u64> = m.bucket_arrivals().collect();
            assert_eq!(open, want, "read at {t} µs");
            t += k % 4;
            k += 1;
        }
        m.advance(Micros(100), Counts::default());
        assert_eq!(m.bucket_arrivals().collect::<Vec<_>>(), want);
        assert_eq!(m.requests, want.iter().sum::<u64>());
    }

    /// The arrivals outside the fast span take the look-up and land in their own buckets: one
    /// behind the integration (a caller that did not advance to it first), and those at the
    /// horizon when it is a bucket's edge (a trace's last entry rounded up to it), where the
    /// series has no current bucket until the first of them creates the drain's; an arrival
    /// in that bucket once the integration is inside it is counted open again.
    #[test]
    fn arrivals_outside_the_fast_span_land_in_their_buckets() {
        let mut m = Metrics::new(Micros(100), Micros(10), 0, true);
        m.advance(Micros(15), Counts::default());
        m.arrival(Micros(15));
        m.arrival(Micros(5));
        m.advance(Micros(100), Counts::default());
        m.arrival(Micros(100));
        m.arrival(Micros(100));
        m.advance(Micros(105), Counts::default());
        m.arrival(Micros(105));
        let mut want = vec![0u64; 11];
        (want[0], want[1], want[10]) = (1, 1, 3);
        assert_eq!(m.bucket_arrivals().collect::<Vec<_>>(), want);
        m.advance(Micros(110), Counts::default());
        assert_eq!(m.bucket_arrivals().take(11).collect::<Vec<_>>(), want);
        assert_eq!(m.requests, 5);
    }

    #[test]
    fn cdf_quantiles_are_the_points_and_the_tail_sorted_without_repeats() {
        let mut want: Vec<f64> = (1..=CDF_POINTS)
            .map(|i| f64::from(i) / f64::from(CDF_POINTS))
            .chain(CDF_TAIL)
            .collect();
        want.sort_by(f64::total_cmp);
        want.dedup();
        assert_eq!(cdf_quantiles(), want);
    }

    #[test]
    fn cdf_is_monotone_and_ends_at_the_max() {
        let mut h = Hist::new();
        for v in 1..=1_000u64 {
            h.record(v * 1_000);
        }
        let c = cdf(&h);
        assert!(
            c.windows(2)
                .all(|w| w[0].ms <= w[1].ms && w[0].quantile < w[1].quantile)
        );
        assert!((c.iter().find(|p| p.quantile == 1.0).unwrap().ms - 1_000.0).abs() < 1.0);
    }

    #[test]
    fn cold_anatomy_adds_up_to_each_reported_percentile() {
        use rand::SeedableRng;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        let mut cold = Hist::new();
        let mut splits = ColdSplits::default();
        for _ in 0..5_000 {
            let mut ms = |lo: f64, hi: f64| Micros((rng.random_range(lo..hi) * 1_000.0) as u64);
            let phases = Phases {
                microvm: ms(50.0, 80.0),
                code_fetch: ms(10.0, 400.0),
                bootstrap: ms(100.0, 200.0),
                init: ms(200.0, 2_000.0),
                handler: ms(5.0, 50.0),
            };
            // Some requests waited (an async retry) before the attempt that cold-started.
            let wait = if rng.random_range(0.0..1.0) < 0.1 {
                30_000
            } else {
                0
            };
            let latency = phases.init_total().0 + phases.handler.0 + wait;
            cold.record(latency);
            splits.record(cold.bucket_of(latency), latency, &phases);
        }
        let summary = summarise(&cold);
        let anatomy = cold_anatomy(&cold, &splits);
        assert_eq!(anatomy.len(), PERCENTILES.len());
        for (a, p) in anatomy.iter().zip(PERCENTILES) {
            let reported = summary.at(&p).expect("5,000 samples support p99.9");
            assert_eq!(a.ms, reported, "{}", p.name);
            assert!((a.split.total() - reported).abs() < 1e-9, "{}", p.name);
            assert_eq!(a.samples, 5_000);
            assert!(a.near >= 1);
            assert!(a.split.init > 0.0 && a.split.handler > 0.0);
        }
    }

    #[test]
    fn cold_splits_find_the_nearest_occupied_bucket() {
        let mut splits = ColdSplits::default();
        let phases = |init| Phases {
            init: Micros(init),
            ..Phases::default()
        };
        splits.record(20, 20, &phases(20));
        splits.record(10, 10, &phases(10));
        splits.record(10, 12, &phases(12));
        let init_of = |b| splits.nearest(b).map(|(n, sums)| (*n, sums[4]));
        assert_eq!(init_of(10), Some((2, 22)), "two requests in bucket 10");
        assert_eq!(init_of(14), Some((2, 22)));
        assert_eq!(init_of(16), Some((1, 20)));
        assert_eq!(init_of(5), Some((2, 22)));
        assert_eq!(init_of(99), Some((1, 20)));
        assert_eq!(ColdSplits::default().nearest(10), None);
    }

    #[test]
    fn cold_splits_agree_with_a_search_over_every_recorded_bucket() {
        use rand::SeedableRng;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
        let mut cold = Hist::new();
        let mut splits = ColdSplits::default();
        let mut recorded: Vec<(u64, u64)> = Vec::new(); // (bucket, init) of every request
        for _ in 0..3_000 {
            // Log-uniform from 1 µs to ~3 days, so buckets of every width are hit, the top included.
            let latency = 2f64.powf(rng.random_range(0.0..38.0)) as u64;
            let init = latency / 2;
            let bucket = cold.bucket_of(latency);
            cold.record(latency);
            splits.record(
                bucket,
                latency,
                &Phases {
                    init: Micros(init),
                    ..Phases::default()
                },
            );
            recorded.push((bucket, init));
        }
        let expected = |query: u64| {
            // Nearest recorded bucket by value, the lower one on a tie; its count and init sum.
            let best = recorded
                .iter()
                .map(|&(b, _)| b)
                .min_by_key(|&b| (b.abs_diff(query), b))
                .expect("recorded");
            let hits = recorded.iter().filter(|&&(b, _)| b == best);
            (
                hits.clone().count() as u64,
                hits.map(|&(_, i)| u128::from(i)).sum::<u128>(),
            )
        };
        for _ in 0..2_000 {
            let query = cold.bucket_of(2f64.powf(rng.random_range(0.0..39.0)) as u64);
            let (n, sums) = splits.nearest(query).expect("occupied buckets");
            assert_eq!((*n, sums[4]), expected(query), "bucket {query}");
        }
    }

    #[test]
    fn percentiles_need_their_samples() {
        let s = |count| LatencySummary {
            count,
            p50: 1.0,
            p99: 2.0,
            ..LatencySummary::default()
        };
        assert_eq!(s(0).at(&crate::report::P50), None);
        assert_eq!(s(1).at(&crate::report::P50), Some(1.0));
        assert_eq!(s(99).at(&crate::report::P99), None);
        assert_eq!(s(100).at(&crate::report::P99), Some(2.0));
        for p in &PERCENTILES[1..] {
            // 1 / (1 − q) samples: at least one lies above the q-quantile.
            assert_eq!(
                p.min_samples,
                (1.0 / (1.0 - p.quantile)).round().max(1.0) as u64
            );
        }
    }
}
