//! Duration distributions that users choose for handler, init, keep-alive and platform phases.
//!
//! Sampling is delegated to `rand_distr`: this module maps the user-facing parameters (means and
//! standard deviations in the field's unit) onto those samplers, once, at build time, and draws
//! the handler's time at every arrival ([`Sampler::sample_ms_as_micros`]: `fastexp` for a
//! log-normal in wasm, one out-of-line call natively).

use crate::tagged;
use crate::time::Micros;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp, Normal, StandardNormal, Uniform};
use serde::{Deserialize, Serialize};

/// A non-negative random quantity. The unit is the one of the field holding it (`handler_ms`
/// is in milliseconds, `keep_alive_s` in seconds).
///
/// Read in one pass through [`DistFields`] ([`crate::tagged`]); written in the tagged form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "dist",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "crate::tagged::Map<DistFields>"
)]
pub enum Dist {
    /// Always the same value.
    Constant {
        /// The value.
        value: f64,
    },
    /// Exponential with the given mean (memoryless: the textbook service time).
    Exponential {
        /// Mean.
        mean: f64,
    },
    /// Normal, truncated at zero (negative draws are redrawn, up to a bound, then zero).
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        std_dev: f64,
    },
    /// Log-normal given by its median and the p99/p50 ratio the way latency is usually reported.
    LogNormal {
        /// Median (p50).
        median: f64,
        /// Ratio p99 / p50 (≥ 1); 1 means constant.
        p99_over_p50: f64,
    },
    /// Uniform on [min, max].
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Resample a measured list uniformly (e.g. durations from CloudWatch REPORT lines).
    Empirical {
        /// The measured values; at least one.
        samples: Vec<f64>,
    },
}

tagged::reader! {
    /// Every field of every [`Dist`], each `Some` when present ([`crate::tagged`]).
    struct DistFields for Dist called "dist" tagged "dist" by DistKind {
        value: f64,
        mean: f64,
        std_dev: f64,
        median: f64,
        p99_over_p50: f64,
        min: f64,
        max: f64,
        samples: Vec<f64>,
    }
    Constant = "constant" { value },
    Exponential = "exponential" { mean },
    Normal = "normal" { mean, std_dev },
    LogNormal = "log_normal" { median, p99_over_p50 },
    Uniform = "uniform" { min, max },
    Empirical = "empirical" { samples },
}

impl Dist {
    /// The zero constant: an absent phase.
    pub fn zero() -> Dist {
        Dist::Constant { value: 0.0 }
    }
    /// A constant.
    pub fn constant(value: f64) -> Dist {
        Dist::Constant { value }
    }
    /// The mean of the distribution (of the untruncated normal), for analytic checks and estimates.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Constant { value } => *value,
            Dist::Exponential { mean } => *mean,
            Dist::Normal { mean, .. } => *mean,
            Dist::LogNormal {
                median,
                p99_over_p50,
            } => {
                let sigma = lognormal_sigma(*p99_over_p50);
                median * (sigma * sigma / 2.0).exp()
            }
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Empirical { samples } => {
                samples.iter().sum::<f64>() / samples.len().max(1) as f64
            }
        }
    }
    /// The same distribution with every value multiplied by `k` (≥ 0): the same draws from the
    /// same random numbers, scaled, so runs that differ only by the factor keep common random
    /// numbers.
    pub fn scaled(&self, k: f64) -> Dist {
        match self {
            Dist::Constant { value } => Dist::Constant { value: value * k },
            Dist::Exponential { mean } => Dist::Exponential { mean: mean * k },
            Dist::Normal { mean, std_dev } => Dist::Normal {
                mean: mean * k,
                std_dev: std_dev * k,
            },
            Dist::LogNormal {
                median,
                p99_over_p50,
            } => Dist::LogNormal {
                median: median * k,
                p99_over_p50: *p99_over_p50,
            },
            Dist::Uniform { min, max } => Dist::Uniform {
                min: min * k,
                max: max * k,
            },
            Dist::Empirical { samples } => Dist::Empirical {
                samples: samples.iter().map(|v| v * k).collect(),
            },
        }
    }
    /// The largest value the distribution can produce, where bounded.
    pub fn max(&self) -> Option<f64> {
        match self {
            Dist::Constant { value } => Some(*value),
            Dist::Uniform { max, .. } => Some(*max),
            Dist::Empirical { samples } => samples.iter().copied().reduce(f64::max),
            _ => None,
        }
    }
}

/// z-score of the 99th percentile of a standard normal.
const Z_P99: f64 = 2.326_347_874;

fn lognormal_sigma(p99_over_p50: f64) -> f64 {
    p99_over_p50.max(1.0).ln() / Z_P99
}

/// A validated [`Dist`] turned into a ready sampler. Build it once per run; sampling is hot.
///
/// The empirical samples are a boxed slice, not a `Vec`: the compiler kept the variant in the
/// niche of a vector's capacity, and every draw decoded it (an `xor`, a test and a conditional
/// move before the jump) — the handler's draw at every arrival, the keep-alive's at every going
/// idle. A slice's pointer has no room for the other five, so the variant gets a tag word of
/// its own, read as it is. (`#[repr(u8)]` did the same natively but made the page's modules
/// ≈ 650 B larger; docs/benchmarks.md, "Issue 14, seventeenth round: the SimFaaS grid".)
#[derive(Debug, Clone)]
pub enum Sampler {
    /// Constant.
    Constant(f64),
    /// Exponential.
    Exponential(Exp<f64>),
    /// Truncated normal.
    Normal(Normal<f64>),
    /// Log-normal: [`rand_distr::LogNormal`] is the exponential of this normal (its
    /// `new` and `sample` are exactly that); kept as the normal so that the handler's draw can
    /// take the exponential its own way ([`Sampler::sample_ms_as_micros`]).
    LogNormal(Normal<f64>),
    /// Uniform.
    Uniform(Uniform<f64>),
    /// Empirical.
    Empirical(Box<[f64]>),
}

impl Sampler {
    /// Builds the sampler. Fails with a message (field-less; the caller adds the path) on
    /// parameters `rand_distr` refuses. Validation has normally caught those already.
    pub fn new(dist: &Dist) -> Result<Sampler, String> {
        Ok(match dist {
            Dist::Constant { value } => Sampler::Constant(*value),
            Dist::Exponential { mean } => {
                if *mean == 0.0 {
                    Sampler::Constant(0.0)
                } else {
                    Sampler::Exponential(Exp::new(1.0 / mean).map_err(|e| e.to_string())?)
                }
            }
            Dist::Normal { mean, std_dev } => {
                Sampler::Normal(Normal::new(*mean, *std_dev).map_err(|e| e.to_string())?)
            }
            Dist::LogNormal {
                median,
                p99_over_p50,
            } => {
                if *median == 0.0 {
                    Sampler::Constant(0.0)
                } else {
                    // What `rand_distr::LogNormal::new` does, with its checks and error message.
                    Sampler::LogNormal(
                        Normal::new(median.ln(), lognormal_sigma(*p99_over_p50))
                            .map_err(|e| e.to_string())?,
                    )
                }
            }
            Dist::Uniform { min, max } => {
                Sampler::Uniform(Uniform::new_inclusive(*min, *max).map_err(|e| e.to_string())?)
            }
            Dist::Empirical { samples } => {
                if samples.is_empty() {
                    return Err("needs at least one sample".into());
                }
                Sampler::Empirical(samples.as_slice().into())
            }
        })
    }

    /// Draws one non-negative value.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sample_inline(rng)
    }

    /// [`Sampler::sample`], inlined where it is drawn for every request (the handler time at
    /// arrival, the keep-alive when an environment goes idle): the call and the dispatch on
    /// the distribution cost about a third of a log-normal draw's instructions.
    #[inline(always)]
    pub(crate) fn sample_inline<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Constant(v) => *v,
            Sampler::Exponential(d) => d.sample(rng),
            Sampler::Normal(d) => {
                for _ in 0..crate::defaults::NORMAL_MAX_REDRAWS {
                    let x = d.sample(rng);
                    if x >= 0.0 {
                        return x;
                    }
                }
                0.0
            }
            Sampler::LogNormal(d) => d.sample(rng).exp(),
            Sampler::Uniform(d) => d.sample(rng),
            Sampler::Empirical(v) => v[rng.random_range(0..v.len())],
        }
    }

    /// `Micros::from_ms_f64(self.sample_inline(rng))`, the handler's draw at every arrival.
    /// In wasm a log-normal's exponential goes through [`crate::fastexp`], which gives the same
    /// microsecond as the platform's `exp` in 20 ns of a dependent chain in V8 against 34-36 for
    /// compiler-builtins' `exp`; natively glibc's `exp` is already fast and stays.
    #[inline(always)]
    pub(crate) fn sample_ms_as_micros<R: Rng + ?Sized>(&self, rng: &mut R) -> Micros {
        match self {
            Sampler::LogNormal(d) if cfg!(target_arch = "wasm32") => {
                crate::fastexp::micros_of_exp_ms(d.sample(rng))
            }
            Sampler::LogNormal(d) => log_normal_ms_as_micros(d, rng),
            _ => Micros::from_ms_f64(self.sample_inline(rng)),
        }
    }
}

/// The log-normal handler draw at every arrival, natively: one out-of-line call with the
/// standard normal's draw inside, where `Normal::sample` was a call with its own register saves
/// followed by the rest inline. `from_zscore` of a standard normal draw is what `Normal::sample`
/// computes (the same operations, so the same numbers). Inlined into the event loop instead,
/// the draw's registers cost the warm Poisson million +1 % (its handler is exponential: the
/// loop's other paths paid). In wasm the draw stays `Normal::sample`'s, with `fastexp`'s `exp`.
#[inline(never)]
fn log_normal_ms_as_micros<R: Rng + ?Sized>(d: &Normal<f64>, rng: &mut R) -> Micros {
    Micros::from_ms_f64(d.from_zscore(StandardNormal.sample(rng)).exp())
}
