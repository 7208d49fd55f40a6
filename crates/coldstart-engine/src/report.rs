//! The output: aggregates that scripts rely on (stable JSON keys), time series for charts, and an
//! optional sample of per-request records.

use crate::time::Micros;
use serde::{Deserialize, Serialize};

/// Why a request met no warm environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColdCause {
    /// No environment had ever existed for the function.
    First,
    /// Environments existed but all were busy: the platform scaled out.
    ScaleOut,
    /// An environment had existed but was reclaimed after its idle keep-alive.
    KeepAliveExpired,
    /// An environment had existed but was replaced at its maximum lifetime.
    LifetimeExpired,
    /// An environment had existed but was reset after a crash or a function timeout, so the
    /// request that would have found it idle initialises a new one.
    Reset,
    /// An environment had existed but was retired by a deploy (`deploys`): a new version's
    /// requests never reuse an old version's environments.
    Deploy,
}

impl ColdCause {
    /// All causes, in display order.
    pub const ALL: [ColdCause; 6] = [
        ColdCause::First,
        ColdCause::ScaleOut,
        ColdCause::KeepAliveExpired,
        ColdCause::LifetimeExpired,
        ColdCause::Reset,
        ColdCause::Deploy,
    ];
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Handled successfully.
    Ok,
    /// The handler failed (error rate or timeout) and no retry remains.
    Error,
    /// Refused by a concurrency or scaling limit (sync: HTTP 429 to the caller).
    Throttled,
    /// Async/stream: given up after the maximum event age or retries.
    Dropped,
}

/// Durations of the phases of one start, in microseconds. A warm start has only `handler`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Phases {
    /// Placement and microVM start.
    pub microvm: Micros,
    /// Code fetch: zip download + extraction, or image chunk loading.
    pub code_fetch: Micros,
    /// Runtime bootstrap (and extensions), or SnapStart restore.
    pub bootstrap: Micros,
    /// Function init (code outside the handler), including a retried init after the 10 s limit.
    pub init: Micros,
    /// The handler itself.
    pub handler: Micros,
}

impl Phases {
    /// The duration of one phase.
    pub fn get(&self, phase: ColdStartPhase) -> Micros {
        match phase {
            ColdStartPhase::Microvm => self.microvm,
            ColdStartPhase::CodeFetch => self.code_fetch,
            ColdStartPhase::Bootstrap => self.bootstrap,
            ColdStartPhase::Init => self.init,
            ColdStartPhase::Handler => self.handler,
        }
    }

    /// The cold-start overhead: everything before the handler.
    pub fn init_total(&self) -> Micros {
        self.microvm + self.code_fetch + self.bootstrap + self.init
    }
}

/// One request, as kept in the sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// Arrival sequence number, from 0.
    pub id: u64,
    /// First arrival (before any queueing or retry).
    pub arrival: Micros,
    /// Start of the final attempt's handling (start of its cold start if it had one).
    pub start: Micros,
    /// End of the final attempt.
    pub end: Micros,
    /// Cold start cause; `None` for a warm start or a throttled request.
    pub cold: Option<ColdCause>,
    /// Phases of the final attempt.
    pub phases: Phases,
    /// Environment that served the final attempt.
    pub env_id: Option<u32>,
    /// Whether that environment was a provisioned one.
    pub provisioned: bool,
    /// Final outcome.
    pub outcome: Outcome,
    /// Retries (async/stream) before the final attempt.
    pub retries: u32,
    /// Which invocation of its environment the final attempt was, from 1 (0: none ran).
    #[serde(default)]
    pub invocation: u32,
}

/// Latency summary in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct LatencySummary {
    /// Requests summarised.
    pub count: u64,
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// 99.9th percentile.
    pub p999: f64,
    /// Maximum.
    pub max: f64,
}

/// A percentile the reports summarise, and how many samples it needs before it says more than
/// the sample's maximum. A median needs one sample; a tail quantile q needs `1 / (1 − q)`:
/// with fewer, no sample lies above the q-quantile, so a
/// "p99" of 40 cold starts is their slowest one under another name; tables, charts and sentences
/// leave such a percentile out ([`LatencySummary::at`]). The one list is [`PERCENTILES`].
#[derive(Debug, Clone, Copy)]
pub struct Percentile {
    /// Short name: "p50", "p99.9".
    pub name: &'static str,
    /// The quantile, 0 to 1.
    pub quantile: f64,
    /// Fewest samples that support it: 1 for the median, `1 / (1 − quantile)` for a tail.
    pub min_samples: u64,
    /// Its value in a summary.
    pick: fn(&LatencySummary) -> f64,
}

impl PartialEq for Percentile {
    fn eq(&self, other: &Self) -> bool {
        self.quantile == other.quantile && self.min_samples == other.min_samples
    }
}

impl Percentile {
    /// Whether `samples` values support this percentile.
    pub fn supported(&self, samples: u64) -> bool {
        samples > 0 && samples >= self.min_samples
    }
}

/// The median.
pub const P50: Percentile = Percentile {
    name: "p50",
    quantile: 0.5,
    min_samples: 1,
    pick: |s| s.p50,
};
/// The 90th percentile.
pub const P90: Percentile = Percentile {
    name: "p90",
    quantile: 0.9,
    min_samples: 10,
    pick: |s| s.p90,
};
/// The 99th percentile.
pub const P99: Percentile = Percentile {
    name: "p99",
    quantile: 0.99,
    min_samples: 100,
    pick: |s| s.p99,
};
/// The 99.9th percentile.
pub const P999: Percentile = Percentile {
    name: "p99.9",
    quantile: 0.999,
    min_samples: 1_000,
    pick: |s| s.p999,
};

/// Every percentile a [`LatencySummary`] holds, ascending, with the samples each needs: the one
/// rule the table, the charts and the sentences apply.
pub const PERCENTILES: [Percentile; 4] = [P50, P90, P99, P999];

impl LatencySummary {
    /// The value at `p`, or `None` when the summary's sample cannot support it.
    pub fn at(&self, p: &Percentile) -> Option<f64> {
        p.supported(self.count).then(|| (p.pick)(self))
    }
}

/// Where the time of the cold starts at one percentile of their latency went, ms: the wait
/// before the final attempt (queueing, earlier attempts and back-off; zero for a synchronous
/// request) and the phases of the final attempt.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ColdSplit {
    /// Arrival to the start of the final attempt.
    pub wait: f64,
    /// Placement and microVM.
    pub microvm: f64,
    /// Code fetch.
    pub code_fetch: f64,
    /// Runtime bootstrap or snapshot restore.
    pub bootstrap: f64,
    /// Function init.
    pub init: f64,
    /// Handler.
    pub handler: f64,
}

impl ColdSplit {
    /// The parts in running order: wait, microVM, code fetch, bootstrap, init, handler.
    pub fn parts(&self) -> [f64; 6] {
        [
            self.wait,
            self.microvm,
            self.code_fetch,
            self.bootstrap,
            self.init,
            self.handler,
        ]
    }
    /// Their sum.
    pub fn total(&self) -> f64 {
        self.parts().iter().sum()
    }
}

/// The cold starts at one percentile of cold latency, taken apart. `ms` is the percentile
/// `latency_ms.cold` reports, and `split` adds up to it: the mean split of the cold requests
/// whose latency fell in the same histogram bucket (within 0.1 %), scaled to that value. Unlike
/// stacking each phase's own percentile, this is one kind of request, so the bar is the number.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ColdAnatomy {
    /// The quantile, 0 to 1 (one of [`PERCENTILES`]).
    pub quantile: f64,
    /// The cold-start latency at that quantile, ms.
    pub ms: f64,
    /// Cold requests behind the percentile (the cold latency summary's count).
    pub samples: u64,
    /// Cold requests whose split was averaged.
    pub near: u64,
    /// Where the time went; adds up to `ms`.
    pub split: ColdSplit,
}

/// Latency of completed requests (arrival to end), split warm / cold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Latencies {
    /// All completed requests.
    pub all: LatencySummary,
    /// Requests that paid a cold start.
    pub cold: LatencySummary,
    /// Requests served warm.
    pub warm: LatencySummary,
}

/// Environment counts, time-averaged over the simulated span.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Environments {
    /// Environments created (on-demand and provisioned).
    pub created: u64,
    /// Time-averaged total (initialising + busy + idle).
    pub mean_total: f64,
    /// Time-averaged busy (initialising or running a handler).
    pub mean_busy: f64,
    /// Time-averaged idle.
    pub mean_idle: f64,
    /// Time-averaged provisioned.
    pub mean_provisioned: f64,
    /// Largest concurrency reached.
    pub peak_concurrency: u32,
}

/// Cold-start counts by cause.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ColdByCause {
    /// First request.
    pub first: u64,
    /// Scale-out.
    pub scale_out: u64,
    /// After idle keep-alive.
    pub keep_alive_expired: u64,
    /// After maximum lifetime.
    pub lifetime_expired: u64,
    /// After an environment reset (crash or timeout). Defaults to 0 when reading a report
    /// written before this cause existed.
    #[serde(default)]
    pub reset: u64,
    /// After a deploy retired the environments (defaults to 0 in older reports).
    #[serde(default)]
    pub deploy: u64,
}

impl ColdByCause {
    /// All cold starts.
    pub fn total(&self) -> u64 {
        self.first
            + self.scale_out
            + self.keep_alive_expired
            + self.lifetime_expired
            + self.reset
            + self.deploy
    }
    /// The count of one cause.
    pub fn of(&self, cause: ColdCause) -> u64 {
        match cause {
            ColdCause::First => self.first,
            ColdCause::ScaleOut => self.scale_out,
            ColdCause::KeepAliveExpired => self.keep_alive_expired,
            ColdCause::LifetimeExpired => self.lifetime_expired,
            ColdCause::Reset => self.reset,
            ColdCause::Deploy => self.deploy,
        }
    }
    /// Counts one more cold start of `cause`.
    pub fn add(&mut self, cause: ColdCause) {
        let n = match cause {
            ColdCause::First => &mut self.first,
            ColdCause::ScaleOut => &mut self.scale_out,
            ColdCause::KeepAliveExpired => &mut self.keep_alive_expired,
            ColdCause::LifetimeExpired => &mut self.lifetime_expired,
            ColdCause::Reset => &mut self.reset,
            ColdCause::Deploy => &mut self.deploy,
        };
        *n += 1;
    }
}

/// Summaries of each cold-start phase, milliseconds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PhaseSummaries {
    /// Placement and microVM.
    pub microvm: LatencySummary,
    /// Code fetch.
    pub code_fetch: LatencySummary,
    /// Runtime bootstrap or snapshot restore.
    pub bootstrap: LatencySummary,
    /// Function init.
    pub init: LatencySummary,
    /// Handler (of cold requests).
    pub handler: LatencySummary,
}

/// One phase of a cold start, in the order a cold start runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColdStartPhase {
    /// Placement and microVM start.
    Microvm,
    /// Zip download and extraction, or image chunk loading.
    CodeFetch,
    /// Runtime bootstrap, or SnapStart restore.
    Bootstrap,
    /// Function init, or SnapStart `afterRestore` hooks.
    Init,
    /// The handler of the cold request.
    Handler,
}

impl ColdStartPhase {
    /// All phases, in running order.
    pub const ALL: [ColdStartPhase; 5] = [
        ColdStartPhase::Microvm,
        ColdStartPhase::CodeFetch,
        ColdStartPhase::Bootstrap,
        ColdStartPhase::Init,
        ColdStartPhase::Handler,
    ];

    /// This phase's summary in a report.
    pub fn of(self, phases: &PhaseSummaries) -> &LatencySummary {
        match self {
            ColdStartPhase::Microvm => &phases.microvm,
            ColdStartPhase::CodeFetch => &phases.code_fetch,
            ColdStartPhase::Bootstrap => &phases.bootstrap,
            ColdStartPhase::Init => &phases.init,
            ColdStartPhase::Handler => &phases.handler,
        }
    }
}

/// Cost in USD.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cost {
    /// Request charges.
    pub requests: f64,
    /// On-demand duration (and billed init).
    pub duration: f64,
    /// Provisioned capacity (billed while enabled).
    pub provisioned_capacity: f64,
    /// Duration on provisioned environments.
    pub provisioned_duration: f64,
    /// SnapStart cache (Python and .NET: memory × time the version is active, at least 3 h).
    #[serde(default)]
    pub snapstart_cache: f64,
    /// SnapStart restores (Python and .NET: memory × restores).
    #[serde(default)]
    pub snapstart_restore: f64,
    /// The Init a just-published SnapStart version runs once for its snapshot, billed as
    /// duration (every runtime).
    #[serde(default)]
    pub snapstart_publish: f64,
    /// Sum.
    pub total: f64,
}

/// Fixed-width buckets over simulated time; every vector has one entry per bucket.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TimeSeries {
    /// Bucket width, seconds: `output.bucket_s` in whole microseconds (at least one), the width
    /// the series was integrated over.
    pub bucket_s: f64,
    /// Arrivals per bucket.
    pub arrivals: Vec<u64>,
    /// Cold starts per bucket.
    pub cold_starts: Vec<u64>,
    /// Throttles per bucket.
    pub throttles: Vec<u64>,
    /// Time-averaged busy environments.
    pub busy: Vec<f64>,
    /// Time-averaged idle environments (on-demand and provisioned).
    pub idle: Vec<f64>,
    /// Time-averaged provisioned environments.
    pub provisioned: Vec<f64>,
    /// Most busy environments at any instant of each bucket (the average `busy` hides a
    /// spike shorter than the bucket).
    #[serde(default)]
    pub peak_busy: Vec<u32>,
    /// Most environments (busy + idle) at any instant of each bucket.
    #[serde(default)]
    pub peak_total: Vec<u32>,
    /// The concurrency limit in force.
    pub concurrency_limit: Vec<Option<u32>>,
    /// Per bucket: fastest and slowest warm latency, ms (NaN-free: `None` when empty).
    pub warm_latency_ms: Vec<Option<(f64, f64)>>,
    /// Per bucket: fastest and slowest cold latency, ms.
    pub cold_latency_ms: Vec<Option<(f64, f64)>>,
}

/// Stream invocations: how far behind the consumer fell.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StreamStats {
    /// Batches invoked.
    pub batches: u64,
    /// Iterator age (record arrival to batch start), ms.
    pub iterator_age_ms: LatencySummary,
}

/// Everything a run produces.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Report {
    /// Scenario name.
    pub name: String,
    /// Seed used.
    pub seed: u64,
    /// Arrivals.
    pub requests: u64,
    /// Requests that ran to an end (ok or error).
    pub completed: u64,
    /// Invocations that paid a cold start.
    pub cold_starts: u64,
    /// cold_starts / started invocations.
    pub cold_start_ratio: f64,
    /// By cause.
    pub cold_by_cause: ColdByCause,
    /// Throttle events (a retried async event can be throttled several times).
    pub throttled: u64,
    /// Requests whose final outcome is `Throttled` (sync) or `Dropped` (async/stream).
    pub dropped: u64,
    /// Requests that ended in `Error`.
    pub errors: u64,
    /// Retries performed (async/stream).
    pub retries: u64,
    /// Latency, ms.
    pub latency_ms: Latencies,
    /// Phase durations of cold starts, ms.
    pub phases_ms: PhaseSummaries,
    /// Environment counts.
    pub environments: Environments,
    /// Cost, USD.
    pub cost_usd: Cost,
    /// Time series for charts.
    pub timeseries: TimeSeries,
    /// Stream statistics (stream invocation only).
    pub stream: Option<StreamStats>,
    /// Latency CDF of all completed requests, from the histogram: ~100 points, quantile ascending.
    pub latency_cdf: Vec<CdfPoint>,
    /// Latency CDF of cold requests.
    pub cold_latency_cdf: Vec<CdfPoint>,
    /// Sampled per-request records (empty unless `output.request_sample` > 0).
    pub samples: Vec<RequestRecord>,
    /// Simulated end time (last event).
    pub end: Micros,
    /// Events processed.
    pub events: u64,
    /// Attempts started on an environment (retries included); the cold-start ratio's denominator.
    #[serde(default)]
    pub invocations: u64,
    /// Attempts that hit the function timeout (their environment is reset).
    #[serde(default)]
    pub timeouts: u64,
    /// Cold starts whose init exceeded the init limit (10 s) and was retried in the invoke phase.
    #[serde(default)]
    pub init_retried: u64,
    /// Invocations served on-demand while provisioned concurrency was configured and all busy.
    #[serde(default)]
    pub provisioned_spillovers: u64,
    /// Throttle events by reason.
    #[serde(default)]
    pub throttled_by_reason: ThrottleCounts,
    /// The cold starts at each of [`PERCENTILES`] of cold latency, taken apart (empty without
    /// cold requests).
    #[serde(default)]
    pub cold_anatomy: Vec<ColdAnatomy>,
    /// Latency of completed requests by the invocation index of their final attempt on its
    /// environment: 1st (the cold start, or a provisioned environment's first), 2–10, 11–100,
    /// 101 and later. Shows the warm-up (`function.warmup`).
    #[serde(default)]
    pub latency_by_invocation: Vec<InvocationLatency>,
    /// Mean latency and handler time against the invocation index, in power-of-two bins (1, 2–3,
    /// 4–7, …; occupied bins only): the warm-up chart's data.
    #[serde(default)]
    pub warmup_curve: Vec<WarmupPoint>,
    /// When each deploy of the run happened, seconds (the scenario's `deploys` inside the
    /// arrival window, in time order): charts mark them.
    #[serde(default)]
    pub deploys_s: Vec<f64>,
    /// On-demand environments the platform initialised off the request path
    /// (`platform.proactive_init`): created, never a request's cold start, Init not billed.
    #[serde(default)]
    pub proactive_inits: u64,
    /// The life of each recorded environment, for the lanes chart (when
    /// `output.environment_lanes` is above 0; `null` otherwise). Written even when `null`: the
    /// page moves reports between its worker and its thread in a format without field names
    /// (postcard), where a skipped field would shift every later one.
    #[serde(default)]
    pub environment_lanes: Option<EnvironmentLanes>,
    /// The deploy-time steps before any cold start (upload, SnapStart snapshot): off the
    /// request path, for the operation-order chart (`null` when there are none; written even
    /// then, as `environment_lanes`).
    #[serde(default)]
    pub deploy_steps: Option<DeploySteps>,
}

/// How the code reaches Lambda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadRoute {
    /// A zip uploaded straight to Lambda: at most 50 MB zipped.
    Direct,
    /// A zip uploaded to S3 and read from there: at most 250 MB unzipped.
    S3,
    /// A container image pushed to ECR: at most 10 GB.
    EcrPush,
}

/// The deploy-time steps of the function's version, before any cold start.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DeploySteps {
    /// How the code is uploaded.
    pub route: UploadRoute,
    /// What is uploaded, MB (zipped size; image size).
    pub upload_mb: f64,
    /// How long the upload takes at the assumed uplink, ms (`defaults::UPLOAD_MB_PER_S`, [?]).
    pub upload_ms: f64,
    /// SnapStart: the Init that takes the snapshot when the version is published, ms (its
    /// mean); `None` without SnapStart.
    pub snapshot_ms: Option<f64>,
}

/// Why an environment went away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reclaim {
    /// Idle for its whole keep-alive window.
    KeepAlive,
    /// Reached its maximum lifetime (a provisioned one is replaced).
    Lifetime,
    /// Reset after a function timeout.
    Reset,
    /// Retired by a deploy: a new version never reuses it.
    Deploy,
    /// Removed by a provisioned-concurrency scale-down.
    ScaleDown,
}

/// The recorded environments' lives: the first `lanes.len()` of the `created` environments, in
/// creation order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EnvironmentLanes {
    /// Environments the run created, recorded or not: lanes beyond the limit are counted here,
    /// never dropped silently.
    pub created: u64,
    /// Busy and idle spells shorter than this were merged with their neighbours into one span
    /// (which keeps its busy time), so the recorder's memory stays bounded.
    pub resolution: Micros,
    /// One lane per recorded environment.
    pub lanes: Vec<Lane>,
}

/// One environment's life: created, initialising through its phases, ready, then busy and idle
/// spans, then gone (or alive at the end of the run).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Lane {
    /// The environment's id (its creation number).
    pub env_id: u32,
    /// A provisioned environment.
    pub provisioned: bool,
    /// An on-demand environment the platform initialised off the request path.
    pub proactive: bool,
    /// When it was created.
    pub created: Micros,
    /// When it left `Initializing` (`None`: still initialising when the run ended).
    pub ready: Option<Micros>,
    /// Its start: microVM, code fetch, bootstrap, init (handler unused), run in that order from
    /// `created`.
    pub phases: Phases,
    /// Busy and idle spans from `ready` on, in time order, contiguous.
    pub spans: Vec<LaneSpan>,
    /// When and why it went; `None`: alive at the end of the run.
    pub end: Option<LaneEnd>,
}

/// A stretch of an environment's life after init.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LaneSpan {
    /// Start.
    pub start: Micros,
    /// End.
    pub end: Micros,
    /// Time busy within it: all of it, none of it, or part of it for merged short spells.
    pub busy: Micros,
}

/// How an environment's lane ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneEnd {
    /// When it went.
    pub at: Micros,
    /// Why.
    pub why: Reclaim,
}

/// Latency of the requests whose final attempt was invocation `first` to `last` of its
/// environment.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct InvocationLatency {
    /// First invocation index of the bucket, from 1.
    pub first: u32,
    /// Last invocation index of the bucket; `None` for the open last bucket.
    pub last: Option<u32>,
    /// Their latency, ms.
    pub latency_ms: LatencySummary,
}

/// One power-of-two bin of the invocation index.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct WarmupPoint {
    /// First invocation index of the bin.
    pub first: u32,
    /// Last invocation index of the bin.
    pub last: u32,
    /// Completed requests whose final attempt fell in the bin.
    pub count: u64,
    /// Their mean latency (arrival to end), ms.
    pub mean_latency_ms: f64,
    /// Their mean handler time (warm-up factor included), ms.
    pub mean_handler_ms: f64,
}

/// Throttle events by reason.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ThrottleCounts {
    /// Account concurrency quota reached.
    pub account_concurrency: u64,
    /// Reserved concurrency reached.
    pub reserved_concurrency: u64,
    /// Scaling rate: no new environment could be created yet.
    pub scaling_rate: u64,
    /// Invocation rate: more synchronous requests in a second than the quota (10 × the
    /// concurrency quota) or the scaling rule's request dimension allows.
    #[serde(default)]
    pub invocation_rate: u64,
}

/// One point of a cumulative distribution.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct CdfPoint {
    /// Latency, ms.
    pub ms: f64,
    /// Fraction of requests at or below `ms`, 0 to 1.
    pub quantile: f64,
}
