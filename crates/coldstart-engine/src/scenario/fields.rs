//! The scenario's numeric fields as data: path, unit, range, whether whole, what a blank means,
//! and where each bound comes from.
//!
//! Validation checks every number against its row here, and the page's form reads the same rows
//! for its input bounds, units and placeholders, so the two cannot drift (the form once allowed
//! a seed of 2^53 − 1 and names of 60 characters while the core said 2^53 and 200). A field
//! added to the schema gets one row here, one check in `validation`, and one row in the form.
//! docs/scenario-schema.md's table of bounds is checked against [`ALL`] by a test.

use crate::defaults as d;
use crate::dist::Dist;
use crate::error::ScenarioError;

/// Where a bound comes from, said in the error message and the documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An AWS limit, with the document that states it.
    Aws(&'static str),
    /// An engine bound from `defaults`: it keeps a run within memory and time and mirrors no
    /// AWS limit.
    Engine,
    /// What the quantity is (a fraction, a probability, an integer JavaScript holds exactly).
    Definition(&'static str),
}

/// What leaving a field out (the page: a blank input) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// The field is required.
    Required,
    /// The key may be left out; the schema's default, described, applies.
    Default(&'static str),
    /// The field may be `null`, which means what is described ("unlimited", "never").
    Null(&'static str),
}

/// What kind of value the field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any finite number in the range.
    Number,
    /// A whole number in the range (the schema's type is an unsigned integer).
    Whole,
    /// A [`Dist`]: the range bounds its location parameters (value, mean, median, bounds,
    /// samples, standard deviation); its p99/p50 ratio has its own row, [`P99_OVER_P50`].
    Dist,
}

/// One numeric field of the scenario and its allowed range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// Dotted path as errors name it; `[]` stands for any index (`workload.spikes[].at_s`).
    pub path: &'static str,
    /// Unit ("" for none).
    pub unit: &'static str,
    /// Smallest allowed value (excluded when `min_exclusive`).
    pub min: f64,
    /// The value must be greater than `min`, not equal to it (a duration of 0 is no run).
    pub min_exclusive: bool,
    /// Largest allowed value.
    pub max: f64,
    /// Number, whole number or distribution.
    pub kind: Kind,
    /// What leaving it out means.
    pub blank: Blank,
    /// Where the bounds come from.
    pub source: Source,
    /// Said after the rule: what to do instead (e.g. upload from S3).
    pub advice: &'static str,
    /// The shape in which this row applies, when a path has a row per shape ("" otherwise).
    pub applies: &'static str,
}

/// Source of the package-size limits.
pub const QUOTAS: &str = "AWS Lambda quotas, \"Deployment package\"";
/// Source of the function configuration limits.
const CONFIG_QUOTAS: &str = "AWS Lambda quotas";
/// Source of the asynchronous invocation limits.
const ASYNC_DOC: &str = "AWS Lambda Developer Guide, asynchronous invocation";
/// Source of the event source mapping limits.
const ESM_DOC: &str = "AWS Lambda Developer Guide, Kinesis event source mapping";
/// Source of the SnapStart limits.
pub const SNAPSTART_DOC: &str =
    "AWS Lambda Developer Guide, \"Improving startup performance with Lambda SnapStart\"";
const FRACTION: Source = Source::Definition("a fraction");
const PROBABILITY: Source = Source::Definition("a probability");

/// Largest chunk the image model accepts, KiB (64 MiB: far above any real block size).
const MAX_CHUNK_KIB: f64 = 65_536.0;
/// Largest worker pool the image model accepts (one cache-state slot each).
const MAX_WORKERS: f64 = 100_000.0;
/// Largest fixed cost of one fetch step (per archive, per chunk request), ms: a minute; values
/// like 1e300 would overflow time.
const MAX_STEP_MS: f64 = 60_000.0;
/// Slowest transfer, inflate or cache throughput, MB/s (250 MB then takes 42 minutes).
const MIN_RATE_MB_S: f64 = 0.1;
/// Fastest throughput, MB/s (a typo guard: 1 TB/s).
const MAX_RATE_MB_S: f64 = 1_000_000.0;
/// Largest per-file extraction cost, ms (a typo guard: a second per file).
const MAX_FILE_CREATE_MS: f64 = 1_000.0;

const fn spec(path: &'static str, unit: &'static str, min: f64, max: f64) -> FieldSpec {
    FieldSpec {
        path,
        unit,
        min,
        min_exclusive: false,
        max,
        kind: Kind::Number,
        blank: Blank::Required,
        source: Source::Engine,
        advice: "",
        applies: "",
    }
}

const fn fraction(path: &'static str) -> FieldSpec {
    spec(path, "", 0.0, 1.0).from(FRACTION)
}

const fn price(path: &'static str) -> FieldSpec {
    spec(path, "USD", 0.0, d::MAX_PRICE_USD).or(Blank::Default("us-east-1 list price"))
}

impl FieldSpec {
    const fn whole(mut self) -> Self {
        self.kind = Kind::Whole;
        self
    }
    const fn dist(mut self) -> Self {
        self.kind = Kind::Dist;
        self
    }
    const fn above_min(mut self) -> Self {
        self.min_exclusive = true;
        self
    }
    const fn or(mut self, blank: Blank) -> Self {
        self.blank = blank;
        self
    }
    const fn from(mut self, source: Source) -> Self {
        self.source = source;
        self
    }
    const fn advise(mut self, advice: &'static str) -> Self {
        self.advice = advice;
        self
    }
    const fn when(mut self, applies: &'static str) -> Self {
        self.applies = applies;
        self
    }

    /// The rule a value breaks when it is out of range, with the bound's source.
    pub fn rule(&self) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        let range = if self.min_exclusive {
            format!("must be > {} and at most {}{unit}", self.min, self.max)
        } else {
            format!("must be between {} and {}{unit}", self.min, self.max)
        };
        let source = match self.source {
            Source::Aws(doc) => format!(" ({doc})"),
            Source::Engine => " (engine bound)".to_string(),
            Source::Definition(what) => format!(" ({what})"),
        };
        format!("{range}{source}{}", self.advice)
    }

    /// Whether `v` is in the range.
    pub fn contains(&self, v: f64) -> bool {
        let above = if self.min_exclusive {
            v > self.min
        } else {
            v >= self.min
        };
        v.is_finite() && above && v <= self.max
    }

    /// Checks a number at this field's own path.
    pub fn check(&self, v: f64) -> Result<(), ScenarioError> {
        self.check_at(self.path, v)
    }

    /// Checks a number at `path`: an indexed path (`workload.spikes[2].at_s`) or a mix part's.
    pub fn check_at(&self, path: &str, v: f64) -> Result<(), ScenarioError> {
        if !v.is_finite() {
            return Err(ScenarioError::invalid(path, v, "must be a finite number"));
        }
        if !self.contains(v) {
            return Err(ScenarioError::invalid(path, v, self.rule()));
        }
        Ok(())
    }

    /// Checks a whole number at this field's own path, compared as an integer (a seed of
    /// 2^53 + 1 is no float).
    pub fn check_whole(&self, v: impl Into<u64>) -> Result<(), ScenarioError> {
        self.check_whole_at(self.path, v)
    }

    /// Checks a whole number at `path`.
    pub fn check_whole_at(&self, path: &str, v: impl Into<u64>) -> Result<(), ScenarioError> {
        let v: u64 = v.into();
        // The bounds are whole and at most 2^53, so they convert exactly.
        let (min, max) = (self.min as u64, self.max as u64);
        let above = if self.min_exclusive {
            v > min
        } else {
            v >= min
        };
        if above && v <= max {
            Ok(())
        } else {
            Err(ScenarioError::invalid(path, v, self.rule()))
        }
    }

    /// Checks a distribution at this field's own path: every parameter finite, its location
    /// parameters in this field's range, its p99/p50 ratio in [`P99_OVER_P50`]'s.
    pub fn check_dist(&self, dist: &Dist) -> Result<(), ScenarioError> {
        self.check_dist_at(self.path, dist)
    }

    /// Checks a distribution at `path`.
    pub fn check_dist_at(&self, path: &str, dist: &Dist) -> Result<(), ScenarioError> {
        let at = |name: &str, v: f64| self.check_at(&format!("{path}.{name}"), v);
        match dist {
            Dist::Constant { value } => at("value", *value),
            Dist::Exponential { mean } => at("mean", *mean),
            Dist::Normal { mean, std_dev } => {
                at("mean", *mean)?;
                at("std_dev", *std_dev)
            }
            Dist::LogNormal {
                median,
                p99_over_p50,
            } => {
                at("median", *median)?;
                P99_OVER_P50.check_at(&format!("{path}.p99_over_p50"), *p99_over_p50)
            }
            Dist::Uniform { min, max } => {
                at("min", *min)?;
                at("max", *max)?;
                if max < min {
                    return Err(ScenarioError::invalid(
                        format!("{path}.max"),
                        max,
                        format!("must be at least min ({min})"),
                    ));
                }
                Ok(())
            }
            Dist::Empirical { samples } => {
                if samples.is_empty() || samples.len() > d::MAX_LIST_LEN {
                    return Err(ScenarioError::invalid(
                        format!("{path}.samples"),
                        format!("{} items", samples.len()),
                        format!("must have between 1 and {} items", d::MAX_LIST_LEN),
                    ));
                }
                for (i, v) in samples.iter().enumerate() {
                    self.check_at(&format!("{path}.samples[{i}]"), *v)?;
                }
                Ok(())
            }
        }
    }
}

/// A log-normal distribution's p99/p50 ratio, in any distribution field: at least 1 (1 is a
/// constant); the upper bound keeps the tail's draws finite.
pub const P99_OVER_P50: FieldSpec = spec("p99_over_p50", "×", 1.0, d::MAX_P99_OVER_P50);

macro_rules! fields {
    ($( $(#[$doc:meta])* $name:ident = $spec:expr; )*) => {
        $( $(#[$doc])* pub const $name: FieldSpec = $spec; )*
        /// Every numeric field of the scenario, in schema order: the one list validation, the
        /// form and docs/scenario-schema.md are checked against.
        pub const ALL: &[&FieldSpec] = &[ $( &$name ),* ];
    };
}

fields! {
    /// The seed of every random stream.
    SEED = spec("seed", "", 0.0, d::MAX_SEED as f64)
        .whole()
        .or(Blank::Default("0"))
        .from(Source::Definition("2^53, so it survives JavaScript numbers"));
    /// The arrival window.
    DURATION_S = spec("duration_s", "s", 0.0, d::MAX_DURATION_S).above_min();
    /// `poisson`: the rate.
    RATE_PER_S = spec("workload.rate_per_s", "req/s", 0.0, d::MAX_RATE_PER_S);
    /// `steps`: a step's start.
    STEP_AT_S = spec("workload.steps[].at_s", "s", 0.0, d::MAX_DURATION_S);
    /// `steps`: a step's rate.
    STEP_RATE_PER_S = spec("workload.steps[].rate_per_s", "req/s", 0.0, d::MAX_RATE_PER_S);
    /// `spikes`: the rate outside the spikes.
    BASE_RATE_PER_S = spec("workload.base_rate_per_s", "req/s", 0.0, d::MAX_RATE_PER_S);
    /// `spikes`: a spike's start.
    SPIKE_AT_S = spec("workload.spikes[].at_s", "s", 0.0, d::MAX_DURATION_S);
    /// `spikes`: a spike's length.
    SPIKE_DURATION_S = spec("workload.spikes[].duration_s", "s", 0.0, d::MAX_DURATION_S);
    /// `spikes`: the rate a spike adds.
    SPIKE_RATE_PER_S = spec("workload.spikes[].rate_per_s", "req/s", 0.0, d::MAX_RATE_PER_S);
    /// `diurnal`: the mean rate.
    MEAN_RATE_PER_S = spec("workload.mean_rate_per_s", "req/s", 0.0, d::MAX_RATE_PER_S);
    /// `diurnal`: the relative swing.
    AMPLITUDE = fraction("workload.amplitude");
    /// `diurnal`: one cycle.
    PERIOD_S = spec("workload.period_s", "s", 0.0, d::MAX_DURATION_S).above_min();
    /// `diurnal`: the cycle's shift.
    PHASE_S = spec("workload.phase_s", "s", -d::MAX_DURATION_S, d::MAX_DURATION_S)
        .or(Blank::Default("0"));
    /// `trace`: an arrival time (also before the run's end, a rule of its own).
    ARRIVAL_MS = spec("workload.arrivals_ms[]", "ms", 0.0, d::MAX_DURATION_S * 1_000.0);
    /// The function's memory.
    MEMORY_MB = spec("function.memory_mb", "MB", d::MEMORY_MIN_MB as f64, d::MEMORY_MAX_MB as f64)
        .whole()
        .from(Source::Aws(CONFIG_QUOTAS));
    /// The function's timeout.
    TIMEOUT_S = spec("function.timeout_s", "s", d::TIMEOUT_MIN_S, d::TIMEOUT_MAX_S)
        .or(Blank::Default("3 s"))
        .from(Source::Aws(CONFIG_QUOTAS));
    /// The handler's duration.
    HANDLER_MS = spec("function.handler_ms", "ms", 0.0, d::MAX_DIST_MS).dist();
    /// The function's init at one vCPU.
    INIT_MS = spec("function.init_ms", "ms", 0.0, d::MAX_DIST_MS)
        .dist()
        .or(Blank::Default("0"));
    /// The CPU-bound part of init.
    INIT_CPU_BOUND = fraction("function.init_cpu_bound").or(Blank::Default("0.5"));
    /// The chance an invocation fails.
    ERROR_RATE = spec("function.error_rate", "", 0.0, 1.0)
        .from(PROBABILITY)
        .or(Blank::Default("0"));
    /// A warm-up curve's first factor.
    WARMUP_FIRST_FACTOR = spec("function.warmup.first_factor", "×", 1.0, d::WARMUP_MAX_FIRST_FACTOR);
    /// A warm-up curve's decay.
    WARMUP_DECAY_INVOCATIONS = spec(
        "function.warmup.decay_invocations",
        "invocations",
        0.0,
        d::WARMUP_MAX_DECAY_INVOCATIONS,
    );
    /// The zipped size of a directly uploaded archive.
    ZIPPED_MB = spec("package.zipped_mb", "MB", 0.0, d::ZIP_DIRECT_MAX_ZIPPED_MB)
        .from(Source::Aws(QUOTAS))
        .when("package.upload = direct")
        .advise(
            " for a direct upload; larger archives must be uploaded from S3: set package.upload \
             to \"s3\"",
        );
    /// The zipped size of an archive uploaded from S3 (also at most the unzipped size).
    ZIPPED_MB_S3 = spec("package.zipped_mb", "MB", 0.0, d::ZIP_MAX_UNZIPPED_MB)
        .from(Source::Aws(QUOTAS))
        .when("package.upload = s3");
    /// Function plus layers, unzipped.
    UNZIPPED_MB = spec("package.unzipped_mb", "MB", 0.0, d::ZIP_MAX_UNZIPPED_MB)
        .from(Source::Aws(QUOTAS))
        .advise(", including layers and a custom runtime; larger code needs a container image");
    /// Layers attached.
    LAYERS = spec("package.layers", "layers", 0.0, d::ZIP_MAX_LAYERS as f64)
        .whole()
        .or(Blank::Default("0"))
        .from(Source::Aws(QUOTAS));
    /// A zip fetch's fixed cost.
    FETCH_OVERHEAD_MS = spec("package.fetch.overhead_ms", "ms", 0.0, MAX_STEP_MS)
        .or(Blank::Default("model"));
    /// A zip's download rate.
    FETCH_TRANSFER_MB_S = spec("package.fetch.transfer_mb_s", "MB/s", MIN_RATE_MB_S, MAX_RATE_MB_S)
        .or(Blank::Default("model"));
    /// A zip's extraction rate.
    FETCH_EXTRACT_MB_S = spec("package.fetch.extract_mb_s", "MB/s", MIN_RATE_MB_S, MAX_RATE_MB_S)
        .or(Blank::Default("model"));
    /// The cost of creating one extracted file.
    FETCH_FILE_CREATE_MS = spec("package.fetch.file_create_ms", "ms", 0.0, MAX_FILE_CREATE_MS)
        .or(Blank::Default("model"));
    /// The container image's size.
    IMAGE_MB = spec("package.image_mb", "MB", 0.0, d::IMAGE_MAX_MB)
        .above_min()
        .from(Source::Aws(QUOTAS));
    /// The runtime base image's layers (also at most the image).
    BASE_MB = spec("package.base_mb", "MB", 0.0, d::IMAGE_MAX_MB)
        .or(Blank::Default("the runtime's AWS base image"))
        .from(Source::Aws(QUOTAS));
    /// Init's reads as a fraction of the image's own layers.
    READ_AT_INIT_FRACTION = fraction("package.read_at_init.fraction")
        .or(Blank::Default("6.4 % of the own layers"));
    /// Init's reads in MB (also at most the own layers).
    READ_AT_INIT_MB = spec("package.read_at_init.mb", "MB", 0.0, d::IMAGE_MAX_MB)
        .from(Source::Aws(QUOTAS));
    /// The share of init's chunks other images share.
    SHARED_FRACTION = fraction("package.shared_fraction").or(Blank::Default("0"));
    /// The image's chunk size.
    CACHE_CHUNK_KIB = spec("package.cache.chunk_kib", "KiB", 1.0, MAX_CHUNK_KIB)
        .whole()
        .or(Blank::Default("model"));
    /// Chunk requests in flight.
    CACHE_PARALLELISM = spec("package.cache.parallelism", "", 1.0, u32::MAX as f64)
        .whole()
        .or(Blank::Default("model"));
    /// Workers a new environment may land on.
    CACHE_WORKERS = spec("package.cache.workers", "", 1.0, MAX_WORKERS)
        .whole()
        .or(Blank::Default("model"));
    /// The worker cache's hit ratio.
    CACHE_LOCAL_HIT = fraction("package.cache.local_hit").or(Blank::Default("model"));
    /// The AZ cache's hit ratio.
    CACHE_AZ_HIT = fraction("package.cache.az_hit").or(Blank::Default("model"));
    /// The worker cache's latency.
    CACHE_LOCAL_LATENCY_MS = spec("package.cache.local.latency_ms", "ms", 0.0, MAX_STEP_MS)
        .or(Blank::Default("model"));
    /// The worker cache's throughput.
    CACHE_LOCAL_MB_S = spec("package.cache.local.throughput_mb_s", "MB/s", MIN_RATE_MB_S, MAX_RATE_MB_S)
        .or(Blank::Default("model"));
    /// The AZ cache's latency.
    CACHE_AZ_LATENCY_MS = spec("package.cache.az.latency_ms", "ms", 0.0, MAX_STEP_MS)
        .or(Blank::Default("model"));
    /// The AZ cache's throughput.
    CACHE_AZ_MB_S = spec("package.cache.az.throughput_mb_s", "MB/s", MIN_RATE_MB_S, MAX_RATE_MB_S)
        .or(Blank::Default("model"));
    /// The origin's latency.
    CACHE_ORIGIN_LATENCY_MS = spec("package.cache.origin.latency_ms", "ms", 0.0, MAX_STEP_MS)
        .or(Blank::Default("model"));
    /// The origin's throughput.
    CACHE_ORIGIN_MB_S = spec("package.cache.origin.throughput_mb_s", "MB/s", MIN_RATE_MB_S, MAX_RATE_MB_S)
        .or(Blank::Default("model"));
    /// A snapshot restore.
    SNAPSTART_RESTORE_MS = spec("snapstart.restore_ms", "ms", 0.0, d::MAX_DIST_MS)
        .dist()
        .or(Blank::Default("the runtime's measured restore"));
    /// The `afterRestore` hooks (their largest value too, a rule of its own).
    SNAPSTART_HOOK_MS = spec("snapstart.after_restore_hook_ms", "ms", 0.0, d::SNAPSTART_HOOK_LIMIT_MS)
        .dist()
        .or(Blank::Default("0"))
        .from(Source::Aws(SNAPSTART_DOC));
    /// The runtime-loading share of a restore.
    SNAPSTART_RUNTIME_LOAD_SHARE = fraction("snapstart.runtime_load_share")
        .or(Blank::Default("0.5"));
    /// A new version's first restore's extra time.
    SNAPSTART_FIRST_EXTRA_MS = spec("snapstart.snapshot_cache.first_extra_ms", "ms", 0.0, d::MAX_DIST_MS)
        .or(Blank::Default("570 ms"));
    /// Restores over which the extra time falls to 1/e.
    SNAPSTART_DECAY_RESTORES = spec(
        "snapstart.snapshot_cache.decay_restores",
        "restores",
        0.0,
        d::MAX_CONCURRENCY as f64,
    )
    .or(Blank::Default("10"));
    /// The account's concurrency quota.
    ACCOUNT_CONCURRENCY = spec("platform.account_concurrency", "envs", 0.0, d::MAX_CONCURRENCY as f64)
        .whole()
        .or(Blank::Null("unlimited"));
    /// The function's reserved concurrency (also at most the account's minus the unreserved
    /// minimum, a rule of its own).
    RESERVED_CONCURRENCY = spec("platform.reserved_concurrency", "envs", 0.0, d::MAX_CONCURRENCY as f64)
        .whole()
        .or(Blank::Null("none"));
    /// Standard scaling: the token bucket.
    SCALING_ENVS_PER_WINDOW = spec(
        "platform.scaling.envs_per_window",
        "envs",
        0.0,
        d::MAX_CONCURRENCY as f64,
    )
    .whole();
    /// Standard scaling: the refill window.
    SCALING_WINDOW_S = spec("platform.scaling.window_s", "s", 0.0, d::MAX_DURATION_S).above_min();
    /// Legacy scaling: the burst.
    SCALING_INITIAL_BURST = spec(
        "platform.scaling.initial_burst",
        "envs",
        0.0,
        d::MAX_CONCURRENCY as f64,
    )
    .whole();
    /// Legacy scaling: environments added per minute.
    SCALING_PER_MINUTE = spec("platform.scaling.per_minute", "envs", 0.0, d::MAX_CONCURRENCY as f64)
        .whole();
    /// Idle time before reclaim.
    KEEP_ALIVE_S = spec("platform.keep_alive_s", "s", 0.0, d::MAX_DIST_S)
        .dist()
        .or(Blank::Null("never reclaimed"));
    /// Age at which an idle environment is replaced.
    MAX_LIFETIME_S = spec("platform.max_lifetime_s", "s", 0.0, d::MAX_DIST_S)
        .dist()
        .or(Blank::Null("never replaced"));
    /// Placement and microVM start.
    MICROVM_MS = spec("platform.microvm_ms", "ms", 0.0, d::MAX_DIST_MS)
        .dist()
        .or(Blank::Default("measured"));
    /// The init limit.
    INIT_LIMIT_S = spec("platform.init_limit_s", "s", 0.0, d::MAX_DIST_S).or(Blank::Null("no limit"));
    /// A fixed invocation-rate cap.
    INVOCATION_RATE_PER_S = spec("platform.invocation_rate.per_s", "req/s", 1.0, d::MAX_RATE_PER_S)
        .whole();
    /// Proactive initialization's share.
    PROACTIVE_SHARE = spec("platform.proactive_init.share", "", 0.0, 1.0)
        .from(PROBABILITY)
        .or(Blank::Default("0.675"));
    /// Provisioned environments at the start (also at most the concurrency cap).
    PROVISIONED_COUNT = spec("provisioned.count", "envs", 0.0, d::MAX_CONCURRENCY as f64)
        .whole()
        .or(Blank::Null("none"));
    /// A scheduled change's time.
    SCHEDULE_AT_S = spec("provisioned.schedule[].at_s", "s", 0.0, d::MAX_DURATION_S);
    /// A scheduled change's count (also at most the concurrency cap).
    SCHEDULE_COUNT = spec("provisioned.schedule[].count", "envs", 0.0, d::MAX_CONCURRENCY as f64)
        .whole();
    /// Async: retries after an error.
    MAX_RETRIES = spec("invocation.max_retries", "", 0.0, d::ASYNC_MAX_RETRIES_LIMIT as f64)
        .whole()
        .from(Source::Aws(ASYNC_DOC));
    /// Async: the oldest event kept.
    MAX_EVENT_AGE_S = spec("invocation.max_event_age_s", "s", d::ASYNC_MIN_EVENT_AGE_S, d::ASYNC_MAX_EVENT_AGE_S)
        .from(Source::Aws(ASYNC_DOC));
    /// Stream: shards.
    SHARDS = spec("invocation.shards", "", 1.0, d::STREAM_MAX_SHARDS as f64).whole();
    /// Stream: records per batch.
    BATCH_SIZE = spec("invocation.batch_size", "records", 1.0, d::STREAM_MAX_BATCH as f64)
        .whole()
        .from(Source::Aws(ESM_DOC));
    /// Stream: the batching window.
    BATCHING_WINDOW_S = spec("invocation.batching_window_s", "s", 0.0, d::STREAM_MAX_WINDOW_S)
        .from(Source::Aws(ESM_DOC));
    /// Stream: concurrent batches per shard.
    PARALLELIZATION_FACTOR = spec(
        "invocation.parallelization_factor",
        "",
        1.0,
        d::STREAM_MAX_PARALLELIZATION as f64,
    )
    .whole()
    .from(Source::Aws(ESM_DOC));
    /// Price per request.
    PRICE_PER_REQUEST = price("prices.per_request_usd");
    /// On-demand GB-second, x86_64.
    PRICE_GB_S_X86 = price("prices.gb_s_x86_usd");
    /// On-demand GB-second, arm64.
    PRICE_GB_S_ARM = price("prices.gb_s_arm_usd");
    /// Provisioned capacity GB-second, x86_64.
    PRICE_PC_GB_S_X86 = price("prices.pc_gb_s_x86_usd");
    /// Provisioned capacity GB-second, arm64.
    PRICE_PC_GB_S_ARM = price("prices.pc_gb_s_arm_usd");
    /// Duration on provisioned environments, x86_64.
    PRICE_PC_DURATION_X86 = price("prices.pc_duration_gb_s_x86_usd");
    /// Duration on provisioned environments, arm64.
    PRICE_PC_DURATION_ARM = price("prices.pc_duration_gb_s_arm_usd");
    /// SnapStart cache GB-second.
    PRICE_SNAPSTART_CACHE = price("prices.snapstart_cache_gb_s_usd");
    /// SnapStart restore per GB.
    PRICE_SNAPSTART_RESTORE = price("prices.snapstart_restore_gb_usd");
    /// Per-request records kept.
    REQUEST_SAMPLE = spec("output.request_sample", "requests", 0.0, d::MAX_REQUEST_SAMPLE as f64)
        .whole()
        .or(Blank::Default("0"));
    /// Environments whose lanes are recorded.
    ENVIRONMENT_LANES = spec(
        "output.environment_lanes",
        "environments",
        0.0,
        d::MAX_ENVIRONMENT_LANES as f64
    )
    .whole()
    .or(Blank::Default("0"));
    /// The time series' bucket (also at most 100,000 buckets over the run, a rule of its own).
    BUCKET_S = spec("output.bucket_s", "s", 0.0, d::MAX_DURATION_S)
        .above_min()
        .or(Blank::Default("60 s"));
    /// A deploy's time.
    DEPLOY_AT_S = spec("deploys[].at_s", "s", 0.0, d::MAX_DURATION_S);
    /// The share of an image's own init chunks a deploy changes.
    DEPLOY_CHANGED_FRACTION = fraction("deploys[].image_changed_fraction").or(Blank::Default("1"));
}

/// The row for `path` (with `[]` for any index).
pub fn find(path: &str) -> Option<&'static FieldSpec> {
    ALL.iter().copied().find(|f| f.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for f in ALL {
            assert!(f.min < f.max, "{}: {} < {}", f.path, f.min, f.max);
            assert!(f.min.is_finite() && f.max.is_finite(), "{}", f.path);
            if f.kind == Kind::Whole {
                assert!(f.min >= 0.0 && f.max <= d::MAX_SEED as f64, "{}", f.path);
                assert_eq!((f.min.fract(), f.max.fract()), (0.0, 0.0), "{}", f.path);
            }
            // A path has one row per shape it applies in.
            assert!(seen.insert((f.path, f.applies)), "{} listed twice", f.path);
        }
    }

    #[test]
    fn a_rule_names_the_bounds_the_unit_and_the_source() {
        assert_eq!(
            MEMORY_MB.rule(),
            "must be between 128 and 10240 MB (AWS Lambda quotas)"
        );
        assert_eq!(
            DURATION_S.rule(),
            "must be > 0 and at most 31536000 s (engine bound)"
        );
        assert!(ZIPPED_MB.rule().contains("set package.upload to \"s3\""));
        let e = SEED.check_whole(d::MAX_SEED + 1).unwrap_err();
        assert_eq!(e.path(), Some("seed"));
        assert_eq!(SEED.check_whole(d::MAX_SEED), Ok(()));
        assert!(DURATION_S.check(0.0).is_err());
        assert!(MEMORY_MB.check_at("x", f64::NAN).is_err());
    }
}
