//! The defaults table: every number the model assumes when a scenario does not say, with its source.
//!
//! Sources are abbreviated here and given in full in docs/model.md and docs/init-cost-models.md.
//! No other module may hold a model constant.

// Sources are cited as `[AWS]`, `[S]`, `[? tunable]`: plain text, not intra-doc links.
#![allow(rustdoc::broken_intra_doc_links)]

/// AWS regional concurrency quota, default. [AWS Lambda quotas]
pub const ACCOUNT_CONCURRENCY: u32 = 1_000;
/// Unreserved concurrency AWS keeps for functions without a reservation. [AWS Lambda quotas]
pub const UNRESERVED_MINIMUM: u32 = 100;
/// New environments per scaling window, per function (since Nov 2023). [AWS "Lambda scaling behavior"]
pub const SCALING_ENVS_PER_WINDOW: u32 = 1_000;
/// Scaling window, seconds. [same]
pub const SCALING_WINDOW_S: f64 = 10.0;
/// Legacy initial burst (us-east-1 and other large Regions). [archived Developer Guide]
pub const LEGACY_BURST: u32 = 3_000;
/// Legacy linear scaling after the burst, environments per minute. [same]
pub const LEGACY_PER_MINUTE: u32 = 500;
/// Synchronous invocation requests per second per function, as a multiple of the account's
/// concurrency quota. [AWS Lambda quotas: "10 × concurrent executions quota"]
pub const INVOCATIONS_PER_S_PER_CONCURRENCY: u32 = 10;
/// Requests per second the scaling rule grants per environment it may add: 1,000 environments
/// or 10,000 RPS every 10 s. [AWS "Lambda scaling behavior"]
pub const SCALING_RPS_PER_ENV: u32 = 10;
/// Init phase limit for on-demand environments, seconds. [AWS "Lambda execution environment"]
pub const INIT_LIMIT_S: f64 = 10.0;
/// Function timeout default, seconds. [AWS]
pub const TIMEOUT_S: f64 = 3.0;
/// Idle keep-alive, seconds: uniform 5–7 min fits Shilkov's 2021 data (cold probability 0.003
/// below 5 min, 0.41 at 6 min, 1.0 from 7 min). [Shilkov, mikhail.io]
pub const KEEP_ALIVE_MIN_S: f64 = 300.0;
/// Upper end of the keep-alive range, seconds. [same]
pub const KEEP_ALIVE_MAX_S: f64 = 420.0;
/// Maximum environment lifetime, seconds (~2 h observed for busy environments). [S]
pub const MAX_LIFETIME_S: f64 = 7_200.0;
/// Placement + microVM start median, milliseconds (Firecracker boots in ≤ 125 ms; we take the
/// median of placement plus boot). [Firecracker SPECIFICATION.md; tunable]
pub const MICROVM_MEDIAN_MS: f64 = 80.0;
/// p99/p50 of the microVM phase. [tunable]
pub const MICROVM_P99_OVER_P50: f64 = 1.6;
/// Fraction of an image read at start-up. [Slacker, FAST'16: 6.4 %]
pub const IMAGE_READ_FRACTION: f64 = 0.064;
/// Memory at which a function has one full vCPU, MB. [AWS]
pub const MB_PER_VCPU: f64 = 1_769.0;
/// Memory limits, MB. [AWS]
pub const MEMORY_MIN_MB: u32 = 128;
/// Upper memory limit, MB. [AWS]
pub const MEMORY_MAX_MB: u32 = 10_240;
/// Async: default retries after a function error. [AWS]
pub const ASYNC_MAX_RETRIES: u32 = 2;
/// Async: default (and maximum) event age, seconds. [AWS]
pub const ASYNC_MAX_EVENT_AGE_S: f64 = 21_600.0;
/// Async throttle back-off: first delay, seconds. [AWS]
pub const ASYNC_BACKOFF_MIN_S: f64 = 1.0;
/// Async throttle back-off: cap, seconds. [AWS]
pub const ASYNC_BACKOFF_MAX_S: f64 = 300.0;
/// Async retry delays after a function error, seconds (~1 min, then ~2 min). [AWS]
pub const ASYNC_ERROR_RETRY_DELAYS_S: [f64; 2] = [60.0, 120.0];
/// Stream shard poll interval, seconds. [AWS]
pub const STREAM_POLL_INTERVAL_S: f64 = 1.0;
/// A Kinesis event source mapping's records per batch when not set. [AWS Lambda Developer Guide,
/// "Using Lambda with Kinesis": BatchSize default 100]
pub const STREAM_BATCH_SIZE: u32 = 100;
/// Its batching window when not set, seconds. [AWS, MaximumBatchingWindowInSeconds default 0]
pub const STREAM_BATCHING_WINDOW_S: f64 = 0.0;
/// Its concurrent batches per shard when not set. [AWS, ParallelizationFactor default 1]
pub const STREAM_PARALLELIZATION_FACTOR: u32 = 1;

/// us-east-1 prices, USD. [AWS price list]
pub const PRICE_PER_REQUEST_USD: f64 = 0.20 / 1_000_000.0;
/// On-demand duration per GB-s, x86_64.
pub const PRICE_GB_S_X86_USD: f64 = 0.000_016_666_7;
/// On-demand duration per GB-s, arm64.
pub const PRICE_GB_S_ARM_USD: f64 = 0.000_013_333_4;
/// Provisioned capacity per GB-s, x86_64.
pub const PRICE_PC_GB_S_X86_USD: f64 = 0.000_004_166_7;
/// Provisioned capacity per GB-s, arm64.
pub const PRICE_PC_GB_S_ARM_USD: f64 = 0.000_003_333_4;
/// Duration on provisioned environments per GB-s, x86_64.
pub const PRICE_PC_DURATION_GB_S_X86_USD: f64 = 0.000_009_722_2;
/// Duration on provisioned environments per GB-s, arm64.
pub const PRICE_PC_DURATION_GB_S_ARM_USD: f64 = 0.000_007_777_8;

/// Time-series bucket width when the scenario does not say, seconds.
pub const BUCKET_S: f64 = 60.0;

// ─── Init-cost models (issue 3): code fetch, runtime bootstrap, image caches, SnapStart ─────────
// Sources and the reasoning behind every [?] value: docs/init-cost-models.md.

/// Zip limit: zipped size for a direct upload, MB. [P AWS "Lambda quotas"]
pub const ZIP_DIRECT_MAX_ZIPPED_MB: f64 = 50.0;
/// Zip limit: unzipped size including layers and a custom runtime, MB. [P AWS "Lambda quotas"]
pub const ZIP_MAX_UNZIPPED_MB: f64 = 250.0;
/// Zip limit: layers per function. [P AWS "Lambda quotas"]
pub const ZIP_MAX_LAYERS: u32 = 5;
/// Container image limit, MB (10 GB). [P AWS "Lambda quotas"]
pub const IMAGE_MAX_MB: f64 = 10_240.0;

/// Zip fetch: fixed cost per archive (locating it, the first request to S3), ms. [? tunable]
pub const ZIP_FETCH_OVERHEAD_MS: f64 = 10.0;
/// Zip fetch: S3 → worker download rate of the zipped bytes, MB/s: a few parallel ranged GETs
/// into a worker with a multi-10-Gbit/s NIC (one S3 stream gives ~100 MB/s). [? tunable]
pub const ZIP_TRANSFER_MB_S: f64 = 300.0;
/// Zip fetch: inflate rate of the unzipped bytes, MB/s: a modern inflate (zlib-ng, libdeflate)
/// produces about 1 GB/s per core. [? tunable]
pub const ZIP_EXTRACT_MB_S: f64 = 1_000.0;
/// Zip fetch: cost of creating and writing one extracted file on the environment's disk, ms
/// (open + write + close on ext4 inside a microVM: tens of microseconds on an idle disk).
/// [? tunable, not fitted: the first version chose it together with per-runtime file sizes that
/// were fitted to the zip/image crossovers; those sizes are now measured, and the crossovers are
/// held out, see docs/calibration.md. `bench/package_trees.sh` measured ~600 µs per file on a
/// loaded 2-vCPU VM, an upper bound dominated by that VM's contention.]
pub const ZIP_FILE_CREATE_MS: f64 = 0.025;
/// Mean size of one file in an unzipped package, KiB, by runtime: it decides how many files a
/// zip's extraction creates. Node.js and Python are measured on real dependency trees
/// (`bench/package_trees.sh`: express + AWS SDK v3 clients + zod + pino, 5,397 files, 2.76 KiB
/// mean; numpy + pandas + requests, 3,740 files, 26.7 KiB mean). Ruby gems are small text files
/// like npm packages [? assumed like Node.js]; compiled runtimes ship a few binaries, assemblies
/// or jars [? 1 MiB]. Not fitted to any published cold-start figure.
pub fn zip_mean_file_kib(runtime: crate::scenario::Runtime) -> f64 {
    use crate::scenario::Runtime as R;
    match runtime {
        R::Nodejs | R::Ruby => 2.76,
        R::Python => 26.7,
        R::Dotnet | R::Java | R::Go | R::Provided | R::DotnetAot => 1_024.0,
    }
}

/// Unzipped / zipped size of a package, by runtime, at zip's default deflate level. Measured on
/// the same trees (`bench/package_trees.sh`: Node.js 2.66, Python 3.34); others [? 3, typical
/// for binaries and jars' already-compressed content mixed with text]. Used to turn an unzipped
/// size into a zipped one (the twin, the size sweep) and by the calibration.
pub fn zip_compression_ratio(runtime: crate::scenario::Runtime) -> f64 {
    use crate::scenario::Runtime as R;
    match runtime {
        R::Nodejs | R::Ruby => 2.66,
        R::Python => 3.34,
        R::Dotnet | R::Java | R::Go | R::Provided | R::DotnetAot => 3.0,
    }
}

/// Node.js function init per zipped MB of dependencies (`require`: read, parse, compile), ms:
/// Shilkov's end-to-end slope (103 ms per zipped MB, 1 KB → 35 MB) minus the model's zip fetch
/// of a Node.js tree per zipped MB (`zip_fetch_ms_per_zipped_mb`, ≈ 30.7 ms). An image running
/// the same code pays it too. FITTED to Shilkov's zip figures (docs/calibration.md).
pub const NODE_DEPENDENCY_INIT_MS_PER_ZIPPED_MB: f64 = 72.5;

/// Share of a package's bytes that the runtime's import machinery can ever read at init, by
/// runtime: an upper bound on what the same code as an image loads. Measured on the same trees
/// (`bench/package_trees.sh`, "loadable_share"): Node.js 0.411 (type declarations, READMEs,
/// licences and test folders are never `require`d), Python 0.772 (`tests/` folders, time-zone
/// data, metadata and stubs are not imported). Others [? 1: compiled code is loaded whole].
/// Not fitted to any cold-start figure.
pub fn code_loadable_share(runtime: crate::scenario::Runtime) -> f64 {
    use crate::scenario::Runtime as R;
    match runtime {
        R::Nodejs => 0.411,
        R::Python => 0.772,
        R::Ruby | R::Dotnet | R::Java | R::Go | R::Provided | R::DotnetAot => 1.0,
    }
}

/// Size of the AWS base image of a runtime, MB (uncompressed, as `docker images` shows it). Its
/// layers are shared by every function built on it, so they are in every cache; only the
/// image's size and the 10 GB limit depend on it, not the cold start (its start-up reads are in
/// the measured image bootstrap). Node.js ~400 MB [S shared domain notes: "AWS base images are
/// hundreds of MB (e.g. Node.js ~400 MB)"]; the others [? approximate sizes of
/// public.ecr.aws/lambda/* images: Python, Java, .NET and Ruby carry a full interpreter or VM
/// on Amazon Linux (~500 MB); provided.al2023, used by Rust, Go and .NET AOT, is a minimal OS
/// (~120 MB)].
pub fn image_base_mb(runtime: crate::scenario::Runtime) -> f64 {
    use crate::scenario::Runtime as R;
    match runtime {
        R::Nodejs => 400.0,
        R::Python | R::Java | R::Dotnet | R::Ruby => 500.0,
        R::Provided | R::Go | R::DotnetAot => 120.0,
    }
}

/// Image chunk size, KiB. [P Brooker et al., USENIX ATC'23]
pub const IMAGE_CHUNK_KIB: u32 = 512;
/// Chunk requests in flight per environment. [? not published; tunable]
pub const IMAGE_FETCH_PARALLELISM: u32 = 8;
/// Workers a function's new environments are spread over, each with its own local cache.
/// [? not published; tunable]
pub const IMAGE_WORKERS: u32 = 16;
/// Steady-state probability that a chunk is in the worker-local cache. [S ATC'23: 67 % local hits]
pub const IMAGE_LOCAL_HIT: f64 = 0.67;
/// Probability that a local miss hits the AZ cache once it holds the image:
/// 32 % AZ hits / (32 % + < 0.1 % S3). [S ATC'23]
pub const IMAGE_AZ_HIT: f64 = 0.997;
/// Worker-local cache: first-byte latency, ms (local flash / memory). [? tunable]
pub const IMAGE_LOCAL_LATENCY_MS: f64 = 0.1;
/// Worker-local cache: throughput to one environment, MB/s. [? tunable]
pub const IMAGE_LOCAL_MB_S: f64 = 1_000.0;
/// AZ cache: first-byte latency, ms (a network round trip plus flash). [? tunable]
pub const IMAGE_AZ_LATENCY_MS: f64 = 1.0;
/// AZ cache: throughput to one environment, MB/s. [? tunable]
pub const IMAGE_AZ_MB_S: f64 = 250.0;
/// S3 origin: first-byte latency, ms. [? tunable; S3 small-object first-byte latency is tens of ms]
pub const IMAGE_ORIGIN_LATENCY_MS: f64 = 25.0;
/// S3 origin: throughput to one environment, MB/s. [? tunable; ~100 MB/s per S3 connection]
pub const IMAGE_ORIGIN_MB_S: f64 = 100.0;

/// vCPUs at the largest memory size. [P AWS: up to 6 vCPUs at 10,240 MB]
pub const MAX_VCPUS: f64 = 6.0;
/// Threads that function init keeps busy: init code is single-threaded, so its CPU-bound part
/// speeds up with memory only until one full vCPU (.NET init: 3.28 s at 128 MB, 1.00 s at
/// 512 MB, flat at 0.52 s from 2 GB). [S Shilkov]
pub const INIT_THREADS: f64 = 1.0;
/// Fraction of function init that is CPU-bound, when a scenario does not say: an even split
/// between computing (class loading, JIT, building objects) and waiting (network, disk), since
/// the share varies by runtime and code and no public measurement separates it. The presets
/// set their own. [? tunable]
pub const INIT_CPU_BOUND: f64 = 0.5;

/// Hello-world Init Duration (runtime bootstrap + trivial function init) as (p50, p90) ms, by
/// runtime, for a zip package (`image = false`) or a container image. [S maxday/lambda-perf, 2026]
pub fn bootstrap_p50_p90_ms(runtime: crate::scenario::Runtime, image: bool) -> (f64, f64) {
    use crate::scenario::Runtime as R;
    match (runtime, image) {
        (R::Provided, false) => (15.0, 16.0),
        (R::Provided, true) => (32.0, 58.0),
        (R::Go, false) => (45.0, 51.0),
        (R::Go, true) => (42.0, 77.0),
        (R::Python, false) => (83.0, 93.0),
        (R::Python, true) => (140.0, 280.0),
        (R::Nodejs, false) => (135.0, 150.0),
        (R::Nodejs, true) => (240.0, 450.0),
        (R::Java, false) => (190.0, 248.0),
        (R::Java, true) => (280.0, 520.0),
        (R::Ruby, false) => (245.0, 391.0),
        (R::Ruby, true) => (281.0, 355.0),
        (R::Dotnet, false) => (268.0, 325.0),
        (R::Dotnet, true) => (437.0, 697.0),
        (R::DotnetAot, false) => (82.0, 89.0),
        (R::DotnetAot, true) => (57.0, 99.0),
    }
}

/// SnapStart restore duration as (median ms, p99/p50) for the runtimes that support it
/// (Java 11+, Python 3.12+, .NET 8+ [P AWS SnapStart docs]); `None` for the others.
/// The values are not published by AWS: community reports put Java restores at roughly
/// 100–250 ms with a long tail, Python and .NET somewhat slower. [? tunable]
pub fn snapstart_restore_ms(runtime: crate::scenario::Runtime) -> Option<(f64, f64)> {
    use crate::scenario::Runtime as R;
    match runtime {
        R::Java => Some((150.0, 4.0)),
        R::Python => Some((200.0, 4.0)),
        R::Dotnet => Some((250.0, 4.0)),
        _ => None,
    }
}
/// Extra time of a just-published version's first SnapStart restore, ms, while the snapshot is
/// read from colder cache tiers: Kazulkin (dev.to SnapStart series, Java 21) measured ~2.27 s
/// for the first cold start against ~1.7 s at p50 after a few dozen, a ~570 ms difference that
/// we give wholly to the restore [? attribution: his figures are end to end, JIT and first
/// invoke included]. [S Kazulkin; FITTED, docs/calibration.md]
pub const SNAPSTART_FIRST_RESTORE_EXTRA_MS: f64 = 570.0;
/// Restores over which that extra time falls to 1/e ("after a few dozen" it is gone: 3 time
/// constants ≈ 30 restores). [S Kazulkin; ? the decay's shape is not published]
pub const SNAPSTART_CACHE_DECAY_RESTORES: f64 = 10.0;
/// Share of a SnapStart restore spent loading the runtime, which AWS bills (with the
/// `afterRestore` hooks) as Billed Restore Duration; the snapshot restore itself is not billed.
/// [P AWS "Monitoring for Lambda SnapStart" defines the two durations; ? the split is not
/// published: we assume half]
pub const SNAPSTART_RUNTIME_LOAD_SHARE: f64 = 0.5;
/// SnapStart cache charge for Python and .NET, USD per GB-s while the version is active.
/// [S AWS Lambda pricing page, us-east-1, "SnapStart cache"]
pub const PRICE_SNAPSTART_CACHE_GB_S_USD: f64 = 0.000_001_504_6;
/// SnapStart restore charge for Python and .NET, USD per GB restored.
/// [S AWS Lambda pricing page, us-east-1, "SnapStart restore"]
pub const PRICE_SNAPSTART_RESTORE_GB_USD: f64 = 0.000_139_799_8;
/// The SnapStart cache is charged for at least this long per version, seconds (3 h).
/// [P AWS SnapStart pricing]
pub const SNAPSTART_CACHE_MIN_S: f64 = 10_800.0;
/// SnapStart restore hooks (`afterRestore`) time limit, ms. [P AWS SnapStart docs]
pub const SNAPSTART_HOOK_LIMIT_MS: f64 = 10_000.0;

// ----- Engine: stream retention, billing increments, validation ranges and the run budget -----

/// Stream records older than this are dropped instead of retried, seconds (Kinesis default
/// retention 24 h). [AWS Kinesis Data Streams]
pub const STREAM_RECORD_RETENTION_S: f64 = 86_400.0;
/// Provisioned concurrency capacity is billed in increments of this many seconds. [AWS pricing]
pub const PC_BILLING_INCREMENT_S: f64 = 300.0;
/// Function timeout limits, seconds. [AWS Lambda quotas]
pub const TIMEOUT_MIN_S: f64 = 1.0;
/// Upper function timeout, seconds. [AWS Lambda quotas]
pub const TIMEOUT_MAX_S: f64 = 900.0;
/// Async retries after a function error, at most. [AWS]
pub const ASYNC_MAX_RETRIES_LIMIT: u32 = 2;
/// Async maximum event age range, seconds. [AWS]
pub const ASYNC_MIN_EVENT_AGE_S: f64 = 60.0;
/// Stream shards at most (an engine bound, not an AWS one).
pub const STREAM_MAX_SHARDS: u32 = 10_000;
/// Stream batch size at most. [AWS, Kinesis]
pub const STREAM_MAX_BATCH: u32 = 10_000;
/// Stream batching window at most, seconds. [AWS]
pub const STREAM_MAX_WINDOW_S: f64 = 300.0;
/// Stream parallelization factor at most. [AWS]
pub const STREAM_MAX_PARALLELIZATION: u32 = 10;
/// Longest simulated arrival window, seconds (one year; engine bound).
pub const MAX_DURATION_S: f64 = 31_536_000.0;
/// Highest arrival rate accepted, per second (engine bound).
pub const MAX_RATE_PER_S: f64 = 1_000_000.0;
/// Largest duration a distribution may produce on average, milliseconds (one day; engine bound).
pub const MAX_DIST_MS: f64 = 86_400_000.0;
/// Largest keep-alive or lifetime on average, seconds (one year; engine bound).
pub const MAX_DIST_S: f64 = 31_536_000.0;
/// Largest p99/p50 ratio of a log-normal (engine bound: beyond it the tail is meaningless).
pub const MAX_P99_OVER_P50: f64 = 1_000.0;
/// Most samples in an empirical distribution or arrivals in a trace (engine bound).
pub const MAX_LIST_LEN: usize = 10_000_000;
/// Most items in a list of steps, spikes, mix parts or schedule changes (engine bound).
pub const MAX_ITEMS: usize = 10_000;
/// Concurrency, reserved concurrency, provisioned count and scaling figures at most (engine bound).
pub const MAX_CONCURRENCY: u32 = 1_000_000;
/// Most per-request records kept in the report.
pub const MAX_REQUEST_SAMPLE: u32 = 1_000_000;
/// Upload throughput from the deployer to AWS (Lambda's API, S3 or ECR), MB/s. [?] AWS
/// publishes none: it is the deployer's own uplink (here ~80 Mbit/s, an office or CI runner).
/// It only sets the length of the upload step in the operation-order chart: the upload is a
/// deploy-time step, off every request's path, and changes no simulated latency or cost.
pub const UPLOAD_MB_PER_S: f64 = 10.0;
/// Most environments whose lanes a run records (`output.environment_lanes`; engine bound: the
/// lanes chart merges rows beyond a few hundred anyway).
pub const MAX_ENVIRONMENT_LANES: u32 = 5_000;
/// Most lane spans kept over all recorded environments: about 1.3 MB of compact JSON (18,074
/// spans measured 0.97 MB). Past it, spans shorter than a doubled resolution merge into one
/// (with their busy time), so the report stays small whatever the run (engine bound; more than 3 x MAX_ENVIRONMENT_LANES,
/// since a lane merged to the whole run still has up to three spans).
pub const LANE_SPANS_MAX: usize = 25_000;
/// The lanes' first resolution, as a share of the run: spans shorter than duration / this merge
/// from the start (finer than any pixel of a full-run chart; engine bound).
pub const LANE_FIRST_RESOLUTION_DIVISOR: u64 = 1 << 16;
/// Most time-series buckets (duration_s / bucket_s).
pub const MAX_BUCKETS: f64 = 100_000.0;
/// Redraws of a negative value a truncated normal (`dist: normal`) makes before it gives 0, so a
/// draw costs at most this many normals: at worst (a mean near 0, half the draws negative) one
/// draw in 2^16 comes out as 0 instead of a redrawn value (engine bound, not a model parameter).
pub const NORMAL_MAX_REDRAWS: u32 = 16;
/// Environment losses (reclaimed, reset, retired) remembered to name later cold starts' causes
/// until a cold start uses them: past it the oldest unused one is forgotten, and a cold start it
/// would have explained counts as scale-out. One byte each, so at most 1 MiB; a run reaches it
/// only after a million losses no cold start used (engine bound).
pub const CAUSES_MAX_REMEMBERED: usize = 1 << 20;
/// Largest price accepted per unit, USD (a typo guard).
pub const MAX_PRICE_USD: f64 = 1.0;
/// Run budget: most expected arrivals of one run. A 10-million-request run needs about a second
/// natively and a few in the browser; this leaves room for a bigger one, not for a frozen tab.
pub const BUDGET_MAX_ARRIVALS: f64 = 50_000_000.0;
/// Run budget: most expected events (arrivals, completions, retries, polls, idle checks).
pub const BUDGET_MAX_EVENTS: f64 = 200_000_000.0;
/// Run budget: most environments expected alive at once (each costs ~100 bytes).
pub const BUDGET_MAX_ENVIRONMENTS: f64 = 2_000_000.0;
/// Largest scenario file accepted, bytes (100 MiB): room for a trace at MAX_LIST_LEN arrivals
/// written compactly, refused before it is read. A JSON trace is parsed in one pass straight
/// into its list (measured: 10⁷ arrivals, 77 MB of JSON, 242 MB peak for the whole run).
/// (engine bound)
pub const MAX_INPUT_BYTES: u64 = 100 * 1024 * 1024;
/// Largest TOML scenario file accepted, bytes (16 MiB). The TOML parser builds a document with
/// a span for every value before serde sees it, about 200 bytes per number (measured: a
/// 17 MB file of 2·10⁶ arrivals peaked at 411 MB), so a trace past a million arrivals belongs
/// in JSON, where the cap is [`MAX_INPUT_BYTES`]. TOML is for scenarios written by hand.
/// (engine bound)
pub const MAX_TOML_INPUT_BYTES: u64 = 16 * 1024 * 1024;
/// Longest scenario name, characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Largest seed: 2^53, so it survives a round trip through JavaScript numbers.
pub const MAX_SEED: u64 = 1 << 53;

// ─── Imported traffic (issue 11) ───────────────────────────────────────────────────────────────
/// Most values an imported handler distribution keeps: beyond it, that many evenly spaced order
/// statistics of the measured durations (engine bound: keeps a day of traffic's scenario file
/// small; 10,000 quantiles move a p99.9 by at most one rank in 10,000).
pub const IMPORT_EMPIRICAL_POINTS: usize = 10_000;
/// Points drawn from the Azure 2019 duration percentiles' piecewise-linear inverse CDF (one per
/// 0.1 % of probability; engine bound).
pub const AZURE_DURATION_POINTS: usize = 1_000;
/// Quantiles of the Azure 2019 duration file's percentile columns `percentile_Average_{0,1,25,
/// 50,75,99,100}`. [Azure Functions 2019 trace description, AzurePublicDataset]
pub const AZURE_DURATION_QUANTILES: [f64; 7] = [0.0, 0.01, 0.25, 0.5, 0.75, 0.99, 1.0];
/// Minutes in one Azure 2019 invocation file (one day). [Azure Functions 2019 trace description]
pub const AZURE_MINUTES_PER_DAY: usize = 1_440;
/// Most functions one Azure import merges into a workload (`--busiest N`, or an app's
/// functions). Engine bound: the 2019 reader keeps each candidate's 1,440 minute counts
/// (5.6 KB) while it streams the file, so 1,000 functions hold at most 5.6 MB.
pub const AZURE_MAX_FUNCTIONS: u32 = 1_000;
/// Quantiles of the Azure 2019 app memory file's columns `AverageAllocatedMb_pct{1,5,25,50,75,
/// 95,99,100}`. [Azure Functions 2019 trace description, AzurePublicDataset]
pub const AZURE_MEMORY_QUANTILES: [f64; 8] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0];
/// Which of those an imported Azure app's Lambda memory size is taken from: the 99th percentile
/// of its average allocated memory, so the function fits its memory 99 % of the time. [?]
/// A choice, not a measurement: Azure's allocated (committed) memory is not a Lambda memory
/// setting, which also sets the CPU share (docs/traces.md).
pub const AZURE_MEMORY_QUANTILE: f64 = 0.99;

// ─── Init-cost models (issue 3), continued: the packaging size sweep ───────────────────────────
/// Size sweep: cold starts sampled per point (enough for a stable p99 at browser speed). [UI]
pub const SWEEP_SAMPLES: u32 = 400;
/// Size sweep: most samples per point accepted. [UI budget]
pub const SWEEP_MAX_SAMPLES: u32 = 100_000;
/// Size sweep: default x values, MB, from 1 MB to 10 GB, including the zip limits (50 MB zipped
/// is 150 MB unzipped at the default 3:1 ratio; 250 MB unzipped). [UI]
pub const SWEEP_SIZES_MB: [f64; 17] = [
    1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 150.0, 200.0, 250.0, 500.0, 1_000.0, 2_000.0, 3_000.0,
    5_000.0, 7_500.0, 10_240.0,
];

// ─── Engine: billing granularity ───────────────────────────────────────────────────────────────
/// Lambda bills each invocation's duration rounded up to this many milliseconds (since Dec 2020;
/// before, 100 ms). Since 1 Aug 2025 the Init phase is part of the billed duration of the
/// invocation that paid it, so one rounding covers init + invoke. [P AWS Lambda pricing page;
/// AWS News Blog, "New for AWS Lambda – 1ms Billing Granularity", Dec 2020; AWS Compute Blog,
/// Apr 2025]
pub const BILLING_GRANULARITY_MS: f64 = 1.0;

// ─── Warm-up of repeated invocations (issue 10) ─────────────────────────────────────────────────
// The k-th invocation on an environment takes its drawn handler time × (1 + (first_factor − 1) ×
// exp(−(k − 1) / decay_invocations)). Sources and reasoning: docs/model.md, "Warm-up".

/// Warm-up curve of a runtime as (first_factor, decay_invocations): how much slower the first
/// invocation on a fresh environment runs than a warmed-up one, and over how many invocations
/// the excess falls to 1/e.
///
/// - Java: 3.0 = the AWS Compute Blog's tiered-compilation table (Sailes & Davison, "Increasing
///   performance of Java AWS Lambda functions using tiered compilation"): warm p99 255 ms with the
///   default JVM against 86 ms when compilation stops at C1 (p95 93 vs 32, p90 58 vs 23: ~2.5–3×
///   at every quantile), i.e. the profiling tiers that precede C2 cost ~3× on the invocations an
///   environment serves before C2 has compiled the hot path. [S AWS Compute Blog; DERIVED from
///   that table, so the table is fit, not validation: docs/calibration.md] Decay 20 invocations
///   [? not published: the table has ~47 warm invocations per environment (35,247 warm / 754 cold)
///   and the slowdown is visible up to its p90, so the warm-up spans tens of invocations].
/// - .NET (JIT): 2.0, decay 10. Tiered compilation runs methods unoptimised (tier 0) until they
///   have been called 30 times (`TC_CallCountThreshold`) [P Microsoft .NET runtime configuration
///   docs]; hence a decay of ~10 (three time constants ≈ 30 calls). The factor [? not published].
/// - Node.js: 1.5, decay 5. V8 interprets, then compiles hot functions in tiers; smaller warm-up
///   than a JVM [S shared domain notes; ? values].
/// - Python and Ruby: 1.2, decay 3. No JIT by default (CPython 3.12's specialising interpreter
///   adapts after a few executions; Ruby 3.3 ships YJIT off); first-call caches only [? values].
/// - Rust, Go (provided.al2023) and .NET AOT: none, (1.0, 0): compiled ahead of time.
pub fn warmup_curve(runtime: crate::scenario::Runtime) -> (f64, f64) {
    use crate::scenario::Runtime as R;
    match runtime {
        R::Java => (3.0, 20.0),
        R::Dotnet => (2.0, 10.0),
        R::Nodejs => (1.5, 5.0),
        R::Python | R::Ruby => (1.2, 3.0),
        R::Provided | R::Go | R::DotnetAot => (1.0, 0.0),
    }
}
/// Largest `first_factor` accepted (a typo guard, engine bound).
pub const WARMUP_MAX_FIRST_FACTOR: f64 = 1_000.0;
/// Largest `decay_invocations` accepted (engine bound: the factor table stays small).
pub const WARMUP_MAX_DECAY_INVOCATIONS: f64 = 100_000.0;
/// The warm-up factor is taken as 1 once its excess is below this (a precomputed table covers
/// the invocations before; past it, the handler time is the drawn one). [engine]
pub const WARMUP_NEGLIGIBLE_EXCESS: f64 = 1e-4;
/// Invocation-index buckets of the report's latency by invocation: 1st, 2–10, 11–100, 101+
/// (each the first index of its bucket). [UI]
pub const INVOCATION_BUCKETS: [u32; 4] = [1, 2, 11, 101];

// ─── Deploys (issue 10) ─────────────────────────────────────────────────────────────────────────
/// Share of an image's own init working set that a deploy changes, when the scenario does not
/// say: all of it, as when the function's code layer is rebuilt whole. ATC'23 (Brooker et al.)
/// found ~80 % of new uploads have no unique chunk at all and the rest 4.3 % on average, but
/// that is uniqueness against every image Lambda has seen, not against the function's previous
/// version. [? tunable: the conservative end]
pub const DEPLOY_IMAGE_CHANGED_FRACTION: f64 = 1.0;

// ─── Proactive initialization (issue 10) ────────────────────────────────────────────────────────
/// Share of recycled on-demand environments the platform replaces off the request path, when
/// `platform.proactive_init` is on and does not say: the middle of the 50–85 % of inits that
/// Stuyvenberg measured to be proactive on functions with steady traffic, where nearly every init
/// replaces a recycled environment. [S Stuyvenberg, "Understanding AWS Lambda proactive
/// initialization", 2023; ? the point within the range]
pub const PROACTIVE_INIT_SHARE: f64 = 0.675;

// ─── Planners (issue 12) ────────────────────────────────────────────────────────────────────────
/// A month for the planners' monthly costs: 30 days, in seconds. A run's usage-based cost is
/// scaled from its `duration_s` to this span (the workload taken as representative). [UI]
pub const PLAN_MONTH_S: f64 = 30.0 * 86_400.0;
/// Most simulations one planner may run. [UI budget]
pub const PLAN_MAX_RUNS: usize = 100;
/// Most expected events (the run budget's estimate, summed over a planner's runs at worst)
/// one planner may spend: five runs at the single-run budget, a few minutes on two cores. [UI
/// budget]
pub const PLAN_MAX_EVENTS: f64 = 1_000_000_000.0;
/// Provisioned-concurrency planner: counts simulated per round of its search (a 9-ary search:
/// the bracket shrinks ninefold per round). Fixed, not the number of threads, so the counts
/// simulated, and so the answer, are the same on any machine. [UI]
pub const PLAN_PROBES_PER_ROUND: u32 = 8;
/// Provisioned-concurrency planner: how many times the upper end of the search may double past
/// the on-demand run's peak concurrency before the target is declared out of reach (so at most
/// 4 × that peak is tried): more environments than requests ever run at once would sit idle.
/// [UI]
pub const PLAN_PC_DOUBLINGS: u32 = 2;
/// Hourly provisioned-concurrency planner: the length of one slot of the schedule, seconds. AWS
/// Application Auto Scaling changes provisioned concurrency on scheduled actions (cron or rate
/// expressions); an hour is the granularity the issue asks for. [P Application Auto Scaling
/// scheduled scaling; UI]
pub const PLAN_SCHEDULE_SLOT_S: f64 = 3_600.0;
/// Hourly provisioned-concurrency planner: how long before its hour a schedule's increase is
/// made, seconds, so the new environments have initialised when the hour's traffic comes. The
/// model readies each new environment after its own init (seconds); AWS allocates up to 6,000
/// per minute [?], and bills capacity in 5-minute increments, so one increment ahead costs at
/// most one extra increment. Decreases are made at the hour. [? lead; S AWS price list]
pub const PLAN_SCHEDULE_LEAD_S: f64 = 300.0;
/// Hourly provisioned-concurrency planner: most schedules on its ladder (hours × the constant
/// answer), so the ladder's breakpoints stay a few megabytes in a browser tab; past it the
/// planner asks for a shorter representative span. [UI budget]
pub const PLAN_SCHEDULE_MAX_RUNGS: usize = 100_000;
/// Memory planner: the sizes simulated by default, MB, from the smallest to the largest Lambda
/// allows, with 1,769 MB (one full vCPU) and 3,008 MB (the former maximum). [P AWS Lambda
/// memory limits; UI]
pub const PLAN_MEMORY_SIZES_MB: [u32; 12] = [
    128, 256, 512, 1_024, 1_536, 1_769, 2_048, 3_008, 4_096, 6_144, 8_192, 10_240,
];
/// Memory planner: fraction of the handler that is CPU-bound, and so runs faster with memory up
/// to one vCPU (single-threaded, like init: `INIT_THREADS`), when not given. `function.handler_ms`
/// is measured at the configured memory; the planner rescales it to each size. The even split
/// of `INIT_CPU_BOUND`, for the same reason: no public measurement separates it. [? tunable]
pub const PLAN_HANDLER_CPU_BOUND: f64 = 0.5;
