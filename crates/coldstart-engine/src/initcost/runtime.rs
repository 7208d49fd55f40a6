//! Runtime bootstrap and function init: what runs inside the Init phase once the code is there.

use crate::defaults as d;
use crate::dist::{Dist, Sampler};
use crate::scenario::Runtime;

/// z-score of the 90th percentile of a standard normal.
const Z_P90: f64 = 1.281_551_566;
/// z-score of the 99th percentile of a standard normal.
const Z_P99: f64 = 2.326_347_874;

/// The hello-world Init Duration of `runtime` as a log-normal through the published p50 and p90.
///
/// `Dist::LogNormal` is parameterised by p99/p50; a log-normal's quantile ratios are powers of
/// each other (`p99/p50 = (p90/p50)^(z99/z90)`), so the p90 converts exactly.
pub fn bootstrap_dist(runtime: Runtime, image: bool) -> Dist {
    let (p50, p90) = d::bootstrap_p50_p90_ms(runtime, image);
    Dist::LogNormal {
        median: p50,
        p99_over_p50: (p90 / p50).powf(Z_P99 / Z_P90),
    }
}

/// vCPUs a function gets at `memory_mb`: proportional to memory, one at 1,769 MB, at most six.
pub fn vcpus(memory_mb: u32) -> f64 {
    (f64::from(memory_mb) / d::MB_PER_VCPU).min(d::MAX_VCPUS)
}

/// Multiplier on a function init measured at one vCPU: the CPU-bound fraction runs at the
/// speed of the CPU share the init can use (at most `INIT_THREADS` vCPUs), the rest (waiting on
/// I/O, the network) does not change with memory.
///
/// At 128 MB a fully CPU-bound init takes 1769 / 128 ≈ 13.8 times as long as at 1,769 MB.
pub fn init_cpu_factor(memory_mb: u32, cpu_bound: f64) -> f64 {
    let usable = vcpus(memory_mb).min(d::INIT_THREADS);
    (1.0 - cpu_bound) + cpu_bound / usable
}

/// Samples function init at the configured memory.
#[derive(Debug, Clone)]
pub struct FunctionInit {
    sampler: Sampler,
    factor: f64,
}

impl FunctionInit {
    /// From the measured-at-one-vCPU sampler and the scaling factor of `init_cpu_factor`.
    pub fn new(sampler: Sampler, factor: f64) -> Self {
        FunctionInit { sampler, factor }
    }

    /// One init duration, ms.
    pub fn sample_ms<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sampler.sample(rng) * self.factor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lognormal_passes_through_the_published_p50_and_p90() {
        // Python image: p50 140 ms, p90 280 ms → ln-sigma = ln 2 / z90.
        let Dist::LogNormal {
            median,
            p99_over_p50,
        } = bootstrap_dist(Runtime::Python, true)
        else {
            panic!("bootstrap is log-normal")
        };
        assert_eq!(median, 140.0);
        let sigma = p99_over_p50.ln() / Z_P99;
        let p90 = median * (sigma * Z_P90).exp();
        assert!((p90 - 280.0).abs() < 1e-9, "p90 = {p90}");
    }

    #[test]
    fn cpu_bound_init_scales_with_memory_below_one_vcpu_and_not_above() {
        // Fully CPU-bound: 128 MB is 1769/128 times slower than 1,769 MB.
        assert!((init_cpu_factor(128, 1.0) - 1769.0 / 128.0).abs() < 1e-12);
        assert_eq!(init_cpu_factor(1_769, 1.0), 1.0);
        // Single-threaded init gains nothing from the extra vCPUs at 10 GB.
        assert_eq!(init_cpu_factor(10_240, 1.0), 1.0);
        // Half CPU-bound at 884.5 MB (half a vCPU): 0.5 + 0.5 × 2 = 1.5.
        assert!((init_cpu_factor(885, 0.5) - (0.5 + 0.5 * 1769.0 / 885.0)).abs() < 1e-12);
        // I/O-bound init does not depend on memory.
        assert_eq!(init_cpu_factor(128, 0.0), 1.0);
    }

    #[test]
    fn vcpus_are_capped_at_six() {
        assert!((vcpus(10_240) - 10_240.0 / 1_769.0).abs() < 1e-12);
        assert!(vcpus(10_240) <= 6.0);
        assert!((vcpus(1_769) - 1.0).abs() < 1e-12);
    }
}
