//! Warm-up of repeated invocations: an environment's first invocations run slower (JIT
//! compilation, class loading, first-call caches) and speed up with each one it serves.
//!
//! The k-th invocation on an environment (k = 1 for the one that cold-started it, or a
//! provisioned environment's first) takes its drawn handler time × `factor(k)`, where
//! `factor(k) = 1 + (first_factor − 1) × exp(−(k − 1) / decay_invocations)`. The factors are
//! computed once per run into a table; past the table the factor is 1, so the per-request cost
//! is one counter increment, one bounds check and at most one multiply. Defaults and sources:
//! `defaults::warmup_curve`, docs/model.md.

use crate::defaults as d;
use crate::scenario::Function;
use crate::time::Micros;

/// Most entries of a factor table (engine bound; reached only by very slow decays).
const MAX_TABLE: usize = 1 << 20;

/// The warm-up factors of one run.
#[derive(Debug, Clone, Default)]
pub struct WarmupCurve {
    /// `factors[k − 1]` for the invocations whose factor is not 1.
    factors: Vec<f64>,
}

impl WarmupCurve {
    /// The curve of a function (its `warmup` field, or its runtime's default).
    pub fn new(f: &Function) -> WarmupCurve {
        let (first, decay) = f.warmup.curve(f.runtime);
        WarmupCurve::from_parts(first, decay)
    }

    /// The curve with these parameters (assumed valid: first ≥ 1, decay ≥ 0, both finite).
    pub fn from_parts(first_factor: f64, decay_invocations: f64) -> WarmupCurve {
        let excess = first_factor - 1.0;
        if excess.is_nan() || excess <= 0.0 {
            return WarmupCurve::default();
        }
        let mut factors = vec![first_factor];
        if decay_invocations > 0.0 {
            // The excess falls below the negligible bound after
            // decay × ln(excess / bound) invocations.
            let n = (decay_invocations * (excess / d::WARMUP_NEGLIGIBLE_EXCESS).ln()).ceil();
            let n = if n.is_finite() && n > 0.0 {
                (n as usize).min(MAX_TABLE)
            } else {
                0
            };
            factors.extend((1..=n).map(|i| 1.0 + excess * (-(i as f64) / decay_invocations).exp()));
        }
        WarmupCurve { factors }
    }

    /// The factor of the `k`-th invocation on an environment (k ≥ 1; 1 for k = 0 too).
    #[inline]
    pub fn factor(&self, k: u32) -> f64 {
        match k.checked_sub(1) {
            Some(i) => self.factors.get(i as usize).copied().unwrap_or(1.0),
            None => 1.0,
        }
    }

    /// The handler time of the `k`-th invocation whose drawn time is `handler`.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn apply(&self, handler: Micros, k: u32) -> Micros {
        match k.checked_sub(1).and_then(|i| self.factors.get(i as usize)) {
            Some(&f) => Micros::from_us_f64(handler.0 as f64 * f),
            None => handler,
        }
    }

    /// Whether every invocation takes its drawn time.
    #[cfg(test)]
    pub fn is_flat(&self) -> bool {
        self.factors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_decay_from_the_first_to_one() {
        let c = WarmupCurve::from_parts(3.0, 20.0);
        assert_eq!(c.factor(1), 3.0);
        assert!((c.factor(21) - (1.0 + 2.0 / std::f64::consts::E)).abs() < 1e-12);
        assert_eq!(c.factor(100_000), 1.0);
        assert_eq!(c.apply(Micros(1_000), 1), Micros(3_000));
        let flat = WarmupCurve::from_parts(1.0, 10.0);
        assert!(flat.is_flat());
        assert_eq!(flat.apply(Micros(1_000), 1), Micros(1_000));
        let once = WarmupCurve::from_parts(2.0, 0.0);
        assert_eq!((once.factor(1), once.factor(2)), (2.0, 1.0));
    }
}
