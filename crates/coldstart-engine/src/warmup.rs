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
    #[inline]
    pub fn apply(&self, handler: Micros, k: u32) -> Micros {
        match k.checked_sub(1).and_then(|i| self.factors.get(i as usize)) {
            Some(&f) => Micros(round_to_u64(handler.0 as f64 * f)),
            None => handler,
        }
    }

    /// Whether every invocation takes its drawn time.
    #[cfg(test)]
    pub fn is_flat(&self) -> bool {
        self.factors.is_empty()
    }
}

/// `x.round() as u64`, exactly, for every `x` (NaN and negatives give 0, past `u64::MAX` the
/// maximum). Why not `round()`: baseline x86-64 has no rounding instruction and wasm's rounds
/// half to even, so `round` is a library call (~60 instructions, at every invocation the table
/// covers). Below 2^63 the signed conversions are single instructions on baseline x86-64 (the
/// unsigned ones are sequences), and the fraction `x − trunc(x)` is exact (below 2^53 by
/// Sterbenz's lemma, above it `x` is whole), so comparing it with one half rounds half away
/// from zero. From 2^63 on `x` is whole, and the saturating cast is the rounding too (as for
/// NaN and negatives, which give 0 either way).
#[inline]
fn round_to_u64(x: f64) -> u64 {
    /// 2^63, the first value past `i64`.
    const I64_END: f64 = 9_223_372_036_854_775_808.0;
    if (0.0..I64_END).contains(&x) {
        let whole = x as i64;
        (whole + i64::from(x - whole as f64 >= 0.5)) as u64
    } else {
        x as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_round_half_away_from_zero_cast() {
        let mut specials = vec![
            0.0,
            -0.0,
            0.5,
            0.49999999999999994,
            1.5,
            2.5,
            -0.5,
            -0.7,
            -2.5,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            9_223_372_036_854_774_784.0,
            9_223_372_036_854_775_808.0,
            9_007_199_254_740_993.0,
            18_446_744_073_709_551_615.0,
            18_446_744_073_709_551_616.0,
            1e30,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
        ];
        // Neighbours of every half: the cases a `+ 0.5` rounding gets wrong.
        for k in 0..2_000u32 {
            let half = f64::from(k) + 0.5;
            specials.extend([half, half.next_down(), half.next_up()]);
        }
        let mut x: f64 = 1.0e-3;
        while x < 1.0e21 {
            specials.extend([x, x.next_down(), x.next_up(), x * 1.37]);
            x *= 1.9;
        }
        for x in specials {
            assert_eq!(round_to_u64(x), x.round() as u64, "{x:e}");
        }
    }

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
