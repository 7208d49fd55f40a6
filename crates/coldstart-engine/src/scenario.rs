//! The input: one function on one platform under one workload, as users write it in JSON or TOML.
//!
//! Every field has a unit in its name and a documented range; `validate` (in `validation`) checks
//! them all and names the offending field path. Unknown fields are rejected so a typo is an error,
//! not a silently ignored setting.

pub mod choice;
pub mod edit;
pub mod fields;

use crate::dist::Dist;
use crate::package::Package;
use serde::{Deserialize, Serialize};

mod mode_fields;
mod workload_fields;

/// A complete, self-contained simulation input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Shown in reports, charts and exported file names.
    #[serde(default = "default_name")]
    pub name: String,
    /// Seed of every random stream; the same scenario and seed give bit-identical results.
    /// Kept below 2^53 so it survives a round trip through JavaScript numbers.
    #[serde(default)]
    pub seed: u64,
    /// Simulated time during which requests arrive, in seconds. In-flight work drains after it.
    pub duration_s: f64,
    /// When requests arrive.
    pub workload: Workload,
    /// What runs: runtime, memory, handler and init code.
    pub function: Function,
    /// How the code is shipped: zip package or container image. Decides the code-fetch phase.
    pub package: Package,
    /// SnapStart: init once at publish, restore a snapshot at each cold start. Zip only.
    #[serde(default)]
    pub snapstart: Option<SnapStart>,
    /// Account and platform behaviour: limits, scaling rate, keep-alive, placement.
    #[serde(default)]
    pub platform: Platform,
    /// Pre-initialised environments.
    #[serde(default)]
    pub provisioned: Option<Provisioned>,
    /// Synchronous, asynchronous or stream (poll-based) invocation.
    #[serde(default)]
    pub invocation: Invocation,
    /// Price table; defaults to us-east-1 list prices.
    #[serde(default)]
    pub prices: Prices,
    /// What the report keeps beyond aggregates.
    #[serde(default)]
    pub output: Output,
    /// New versions going live during the run: each retires the environments of the version
    /// before it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deploys: Vec<Deploy>,
}

/// A new version of the function goes live (a deploy, or a configuration change, which also
/// publishes a new version of the code and configuration).
///
/// From then on requests run on the new version: environments of older versions are retired
/// (in-flight requests finish first; none is reused), an image's changed chunks are cold in
/// every cache, and a SnapStart version's snapshot cache is cold again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deploy {
    /// When the new version takes traffic, seconds from the start.
    pub at_s: f64,
    /// Container images: the share (0 to 1) of the image's own chunks read at init that the
    /// new version changes; they are in no cache yet. Ignored for a zip. Default 1: the
    /// function's code layer rebuilt whole.
    #[serde(default = "default_changed_fraction")]
    pub image_changed_fraction: f64,
}

fn default_changed_fraction() -> f64 {
    crate::defaults::DEPLOY_IMAGE_CHANGED_FRACTION
}

fn default_name() -> String {
    "scenario".to_string()
}

/// Arrival processes. Rates are in requests per second.
///
/// Read through [`workload_fields`] (one pass, no intermediate copy of a trace's arrivals);
/// written in the same tagged form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "crate::tagged::Map<workload_fields::WorkloadFields>"
)]
pub enum Workload {
    /// Poisson arrivals at a constant rate.
    Poisson {
        /// Mean arrivals per second (0 to 1,000,000).
        rate_per_s: f64,
    },
    /// Piecewise-constant Poisson rate: each step holds from `at_s` until the next step.
    Steps {
        /// Steps in increasing `at_s`; the rate before the first step is zero.
        steps: Vec<RateStep>,
    },
    /// A base Poisson rate with bursts on top.
    Spikes {
        /// Rate outside the spikes.
        base_rate_per_s: f64,
        /// Each spike adds its rate for its duration.
        spikes: Vec<Spike>,
    },
    /// Sinusoidal rate: mean × (1 + amplitude × sin(2π (t − phase) / period)).
    Diurnal {
        /// Mean rate over a period.
        mean_rate_per_s: f64,
        /// Relative swing, 0 to 1.
        amplitude: f64,
        /// Length of one cycle, seconds (86,400 for a day).
        period_s: f64,
        /// Shift of the cycle, seconds.
        #[serde(default)]
        phase_s: f64,
    },
    /// Replay: exact arrival times, milliseconds from the start, in any order.
    Trace {
        /// Arrival timestamps in milliseconds.
        arrivals_ms: Vec<f64>,
    },
    /// Superposition of independent workloads (their arrivals merged).
    Mix {
        /// The parts; none may itself be a `mix`.
        parts: Vec<Workload>,
    },
}

/// One step of a `steps` workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateStep {
    /// Start of the step, seconds.
    pub at_s: f64,
    /// Rate from then on.
    pub rate_per_s: f64,
}

/// One burst of a `spikes` workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spike {
    /// Start, seconds.
    pub at_s: f64,
    /// Length, seconds.
    pub duration_s: f64,
    /// Rate added on top of the base rate.
    pub rate_per_s: f64,
}

/// Lambda managed runtimes, plus the custom runtime whose `bootstrap` is the user's binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Runtime {
    /// nodejs20.x / nodejs22.x.
    Nodejs,
    /// python3.12+.
    Python,
    /// java21+ (JVM).
    Java,
    /// dotnet8, managed (JIT).
    Dotnet,
    /// dotnet8 compiled ahead of time, on provided.al2023.
    DotnetAot,
    /// ruby3.3.
    Ruby,
    /// Go on provided.al2023.
    Go,
    /// A custom runtime (`provided.al2023`) whose `bootstrap` is e.g. a Rust binary.
    Provided,
}

/// Instruction set; decides the price per GB-second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    /// Intel/AMD.
    #[default]
    X86_64,
    /// Graviton; about 20 % cheaper per GB-second.
    Arm64,
}

/// The function's own configuration and code behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// Runtime; decides the bootstrap cost and whether SnapStart is possible.
    pub runtime: Runtime,
    /// Memory, 128 to 10,240 MB; CPU share is proportional (1 vCPU at 1,769 MB).
    pub memory_mb: u32,
    /// Price table column.
    #[serde(default)]
    pub architecture: Architecture,
    /// Function timeout, 1 to 900 s (AWS default 3 s).
    #[serde(default = "default_timeout_s")]
    pub timeout_s: f64,
    /// Handler duration per request, milliseconds (at the configured memory).
    pub handler_ms: Dist,
    /// Function init (code outside the handler) measured at 1 vCPU, milliseconds.
    /// Scaled by the CPU share for the fraction given in `init_cpu_bound`.
    #[serde(default = "Dist::zero")]
    pub init_ms: Dist,
    /// Fraction of the function init that is CPU-bound and so scales with memory (0 to 1).
    #[serde(default = "default_cpu_bound")]
    pub init_cpu_bound: f64,
    /// Probability that an invocation fails (0 to 1); async and stream invocations retry failures.
    #[serde(default)]
    pub error_rate: f64,
    /// How the handler speeds up over an environment's first invocations (JIT, first-call caches).
    #[serde(default, skip_serializing_if = "Warmup::is_default")]
    pub warmup: Warmup,
}

/// The warm-up of an environment: its k-th invocation takes the drawn handler time ×
/// `1 + (first_factor − 1) × exp(−(k − 1) / decay_invocations)`. The factor multiplies the draw,
/// so no random number depends on it (variants keep common random numbers).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(
    tag = "mode",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "crate::tagged::Map<mode_fields::WarmupFields>"
)]
pub enum Warmup {
    /// The runtime's default curve (`defaults::warmup_curve`): JIT runtimes warm up, Rust, Go and
    /// .NET AOT do not.
    #[default]
    Runtime,
    /// No warm-up: every invocation takes its drawn handler time.
    None,
    /// A curve of one's own.
    Curve {
        /// The first invocation's factor, ≥ 1 (1 = no warm-up).
        first_factor: f64,
        /// Invocations over which the excess over 1 falls to 1/e (0 = only the first is slower).
        decay_invocations: f64,
    },
}

impl Warmup {
    fn is_default(&self) -> bool {
        *self == Warmup::Runtime
    }

    /// The curve in force for `runtime`, as (first_factor, decay_invocations).
    pub fn curve(&self, runtime: Runtime) -> (f64, f64) {
        match *self {
            Warmup::Runtime => crate::defaults::warmup_curve(runtime),
            Warmup::None => (1.0, 0.0),
            Warmup::Curve {
                first_factor,
                decay_invocations,
            } => (first_factor, decay_invocations),
        }
    }
}

fn default_timeout_s() -> f64 {
    crate::defaults::TIMEOUT_S
}
fn default_cpu_bound() -> f64 {
    crate::defaults::INIT_CPU_BOUND
}

/// SnapStart settings: a cold start restores a snapshot instead of running init.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapStart {
    /// Restore time of the snapshot, milliseconds; defaults are per runtime (see docs/init-cost-models.md).
    #[serde(default)]
    pub restore_ms: Option<Dist>,
    /// `afterRestore` hooks, milliseconds (limited to 10 s by AWS).
    #[serde(default = "Dist::zero")]
    pub after_restore_hook_ms: Dist,
    /// Share of each restore (the cache warm-up excluded) spent loading the runtime, 0 to 1:
    /// AWS bills it with the hooks as Billed Restore Duration; the rest, restoring the snapshot,
    /// is not billed.
    #[serde(default = "default_runtime_load_share")]
    pub runtime_load_share: f64,
    /// The version was published at the start of the run: its snapshot cache is cold (the
    /// first restores are slower, see `snapshot_cache`), the publish-time init is billed once,
    /// and Python and .NET pay at least the 3-hour cache minimum. Otherwise the version has
    /// been live for a while and the run sees it in steady state.
    #[serde(default)]
    pub just_published: bool,
    /// How much slower a just-published version's first restores are while its snapshot is
    /// read from colder cache tiers.
    #[serde(default, skip_serializing_if = "SnapshotCacheWarmup::is_default")]
    pub snapshot_cache: SnapshotCacheWarmup,
}

impl Default for SnapStart {
    fn default() -> Self {
        SnapStart {
            restore_ms: None,
            after_restore_hook_ms: Dist::zero(),
            runtime_load_share: default_runtime_load_share(),
            just_published: false,
            snapshot_cache: SnapshotCacheWarmup::default(),
        }
    }
}

fn default_runtime_load_share() -> f64 {
    crate::defaults::SNAPSTART_RUNTIME_LOAD_SHARE
}

/// The extra restore time of a new version's first restores: `first_extra_ms × exp(−k /
/// decay_restores)` for the k-th restore of the run (the version is published at time 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SnapshotCacheWarmup {
    /// Extra time of the very first restore, ms (0 switches the warm-up off).
    pub first_extra_ms: f64,
    /// Restores over which the extra time falls to 1/e of its first value.
    pub decay_restores: f64,
}

impl Default for SnapshotCacheWarmup {
    fn default() -> Self {
        use crate::defaults as d;
        SnapshotCacheWarmup {
            first_extra_ms: d::SNAPSTART_FIRST_RESTORE_EXTRA_MS,
            decay_restores: d::SNAPSTART_CACHE_DECAY_RESTORES,
        }
    }
}

impl SnapshotCacheWarmup {
    fn is_default(&self) -> bool {
        *self == SnapshotCacheWarmup::default()
    }
}

/// Platform and account behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Platform {
    /// Regional account concurrency quota (AWS default 1,000). `None` = unlimited (textbook models).
    pub account_concurrency: Option<u32>,
    /// Reserved concurrency of this function: its own cap (0 stops the function).
    pub reserved_concurrency: Option<u32>,
    /// How fast new environments may be added.
    pub scaling: Scaling,
    /// Idle time after which an environment is reclaimed, seconds. `None` = never.
    pub keep_alive_s: Option<Dist>,
    /// Age after which an environment is replaced once idle, seconds. `None` = never.
    pub max_lifetime_s: Option<Dist>,
    /// Which idle environment takes a request.
    pub placement: Placement,
    /// Placement and microVM start before code fetch, milliseconds.
    pub microvm_ms: Dist,
    /// Init longer than this on an on-demand environment fails and is retried inside the invoke
    /// phase (AWS: 10 s). `None` disables the rule.
    pub init_limit_s: Option<f64>,
    /// How many synchronous invocations per second the function may receive.
    pub invocation_rate: InvocationRate,
    /// Proactive initialization: the platform replaces some recycled environments off the
    /// request path. Off (`None`) by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proactive_init: Option<ProactiveInit>,
}

/// Proactive initialization (Stuyvenberg, "Understanding AWS Lambda proactive initialization"):
/// when an on-demand environment reaches its maximum lifetime, the platform starts its
/// replacement at once, before any request needs it, with probability `share`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProactiveInit {
    /// Probability that a recycled on-demand environment is replaced proactively (0 to 1).
    #[serde(default = "default_proactive_share")]
    pub share: f64,
}

fn default_proactive_share() -> f64 {
    crate::defaults::PROACTIVE_INIT_SHARE
}

/// The cap on synchronous invocation requests per second, the second dimension of Lambda's
/// limits next to concurrency: a function of very short invocations can stay under its
/// concurrency and still be refused for its request rate.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(
    tag = "mode",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "crate::tagged::Map<mode_fields::InvocationRateFields>"
)]
pub enum InvocationRate {
    /// AWS: at most 10 × the account's concurrency quota per second, reached by the scaling
    /// rule's request dimension (10 requests per second per environment the scaling rate may
    /// add: +10,000 RPS every 10 s under standard scaling). Unlimited when the account quota is.
    #[default]
    Quota,
    /// A fixed cap, requests per second (a burst of one second's worth is allowed).
    Fixed {
        /// Requests per second.
        per_s: u32,
    },
    /// No request-rate limit (textbook models).
    Unlimited,
}

/// Scaling-rate rule for new execution environments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "mode",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "crate::tagged::Map<mode_fields::ScalingFields>"
)]
pub enum Scaling {
    /// Since Nov 2023: per function, `envs_per_window` new environments per window, refilled continuously.
    Standard {
        /// Token-bucket capacity (AWS: 1,000).
        envs_per_window: u32,
        /// Refill window, seconds (AWS: 10).
        window_s: f64,
    },
    /// Before Nov 2023: an initial burst, then a linear increase per minute.
    Legacy {
        /// Burst (3,000 / 1,000 / 500 by Region).
        initial_burst: u32,
        /// Added environments per minute after the burst (500).
        per_minute: u32,
    },
    /// No rate limit (textbook models).
    Unlimited,
}

/// Which idle environment serves the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Most recently used: observed Lambda behaviour; lets extra environments expire.
    #[default]
    MostRecentlyUsed,
    /// Least recently used: spreads load, keeps more environments warm.
    LeastRecentlyUsed,
    /// The environment created last.
    NewestCreated,
    /// Uniformly at random among idle environments.
    Random,
}

/// Provisioned concurrency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provisioned {
    /// Environments allocated at time zero.
    pub count: u32,
    /// Later changes of the count (e.g. scheduled scaling).
    #[serde(default)]
    pub schedule: Vec<ProvisionedChange>,
}

/// One scheduled change of provisioned concurrency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionedChange {
    /// When, seconds.
    pub at_s: f64,
    /// New count.
    pub count: u32,
}

/// The three Lambda invocation models.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(
    tag = "model",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "crate::tagged::Map<mode_fields::InvocationFields>"
)]
pub enum Invocation {
    /// RequestResponse: the caller waits; a throttle is an HTTP 429 to the caller.
    #[default]
    Sync,
    /// Event: queued internally; throttles and errors are retried.
    Async {
        /// Retries after a function error (0 to 2, AWS default 2).
        max_retries: u32,
        /// Events older than this are dropped, seconds (60 to 21,600).
        max_event_age_s: f64,
    },
    /// Event source mapping over a stream (Kinesis / DynamoDB Streams).
    Stream {
        /// Shards (1 to 10,000).
        shards: u32,
        /// Records per batch (1 to 10,000, default 100).
        batch_size: u32,
        /// Wait up to this long to fill a batch, seconds (0 to 300).
        batching_window_s: f64,
        /// Concurrent batches per shard (1 to 10).
        parallelization_factor: u32,
    },
}

/// Prices in USD (us-east-1 list prices by default; see docs/model.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Prices {
    /// Per request.
    pub per_request_usd: f64,
    /// On-demand duration per GB-second, x86_64.
    pub gb_s_x86_usd: f64,
    /// On-demand duration per GB-second, arm64.
    pub gb_s_arm_usd: f64,
    /// Provisioned capacity per GB-second, x86_64 (billed while enabled).
    pub pc_gb_s_x86_usd: f64,
    /// Provisioned capacity per GB-second, arm64.
    pub pc_gb_s_arm_usd: f64,
    /// Duration on provisioned environments per GB-second, x86_64.
    pub pc_duration_gb_s_x86_usd: f64,
    /// Duration on provisioned environments per GB-second, arm64.
    pub pc_duration_gb_s_arm_usd: f64,
    /// Bill the Init phase as duration (AWS since 1 Aug 2025).
    pub bill_init: bool,
    /// SnapStart cache, per GB-second of memory while the version is active (at least 3 h),
    /// for Python and .NET; Java pays no SnapStart charge.
    pub snapstart_cache_gb_s_usd: f64,
    /// SnapStart restore, per GB of memory restored, for Python and .NET; Java pays none.
    pub snapstart_restore_gb_usd: f64,
}

/// What the report keeps besides aggregates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Output {
    /// Keep at most this many per-request records (a uniform reservoir sample); 0 keeps none,
    /// so memory does not grow with the number of requests.
    pub request_sample: u32,
    /// Width of the time-series buckets, seconds.
    pub bucket_s: f64,
    /// Record the lifecycle of the first this-many environments created (microVM, code
    /// loading, bootstrap, init, then busy and idle spans, then why they went) for the lanes
    /// chart; 0 records none, and the engine does no per-environment bookkeeping.
    #[serde(skip_serializing_if = "is_zero")]
    pub environment_lanes: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Default for Platform {
    fn default() -> Self {
        use crate::defaults as d;
        Platform {
            account_concurrency: Some(d::ACCOUNT_CONCURRENCY),
            reserved_concurrency: None,
            scaling: Scaling::default(),
            keep_alive_s: Some(Dist::Uniform {
                min: d::KEEP_ALIVE_MIN_S,
                max: d::KEEP_ALIVE_MAX_S,
            }),
            max_lifetime_s: Some(Dist::constant(d::MAX_LIFETIME_S)),
            placement: Placement::default(),
            microvm_ms: Dist::LogNormal {
                median: d::MICROVM_MEDIAN_MS,
                p99_over_p50: d::MICROVM_P99_OVER_P50,
            },
            init_limit_s: Some(d::INIT_LIMIT_S),
            invocation_rate: InvocationRate::default(),
            proactive_init: None,
        }
    }
}

impl Default for Scaling {
    fn default() -> Self {
        Scaling::Standard {
            envs_per_window: crate::defaults::SCALING_ENVS_PER_WINDOW,
            window_s: crate::defaults::SCALING_WINDOW_S,
        }
    }
}

impl Default for Prices {
    fn default() -> Self {
        use crate::defaults as d;
        Prices {
            per_request_usd: d::PRICE_PER_REQUEST_USD,
            gb_s_x86_usd: d::PRICE_GB_S_X86_USD,
            gb_s_arm_usd: d::PRICE_GB_S_ARM_USD,
            pc_gb_s_x86_usd: d::PRICE_PC_GB_S_X86_USD,
            pc_gb_s_arm_usd: d::PRICE_PC_GB_S_ARM_USD,
            pc_duration_gb_s_x86_usd: d::PRICE_PC_DURATION_GB_S_X86_USD,
            pc_duration_gb_s_arm_usd: d::PRICE_PC_DURATION_GB_S_ARM_USD,
            bill_init: true,
            snapstart_cache_gb_s_usd: d::PRICE_SNAPSTART_CACHE_GB_S_USD,
            snapstart_restore_gb_usd: d::PRICE_SNAPSTART_RESTORE_GB_USD,
        }
    }
}

impl Default for Output {
    fn default() -> Self {
        Output {
            request_sample: 0,
            bucket_s: crate::defaults::BUCKET_S,
            environment_lanes: 0,
        }
    }
}

impl Scenario {
    /// Parses JSON, rejecting unknown fields. Does not validate ranges: call `validate`.
    ///
    /// `#[inline]` so that serde's reader of every scenario type is compiled in the calling
    /// crate, not here: the page's wasm builds this crate for speed and its callers for size, and
    /// a reader is large code run once per scenario (docs/benchmarks.md, "the engine crate").
    #[inline]
    pub fn from_json(text: &str) -> Result<Scenario, crate::ScenarioError> {
        serde_json::from_str(text).map_err(crate::ScenarioError::parse)
    }
    /// Parses TOML, rejecting unknown fields. Does not validate ranges: call `validate`.
    #[inline]
    pub fn from_toml(text: &str) -> Result<Scenario, crate::ScenarioError> {
        toml::from_str(text).map_err(crate::ScenarioError::parse)
    }
}
