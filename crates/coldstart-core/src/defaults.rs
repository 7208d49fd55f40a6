//! The defaults table: every number the model assumes when a scenario does not say, with its source.
//!
//! Sources are abbreviated here and given in full in docs/model.md and docs/init-cost-models.md.
//! No other module may hold a model constant.

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
