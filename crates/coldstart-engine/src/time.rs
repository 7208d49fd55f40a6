//! Simulated time as integer microseconds, so event order never depends on floating-point rounding.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Sub};

/// Milliseconds from which [`Micros::from_ms_f64`] saturates at [`Micros::NEVER`].
const MS_LIMIT: f64 = (u64::MAX / 1_000) as f64;
/// 2^63: below it a non-negative `f64` converts through `i64` exactly as through `u64`.
const I64_END: f64 = 9_223_372_036_854_775_808.0;

/// 2^52: every `f64` from it up is a whole number.
const TWO_52: f64 = 4_503_599_627_370_496.0;

/// `t as u64` for a whole number `0 <= t < 2^52` (the caller has truncated it), without a
/// conversion instruction: wasm's (saturating) `i64.trunc_sat_f64_s`, which `as` compiles to,
/// is checked in V8 by rounding the input and converting the result back (node 20 and Chromium
/// 156 alike), where this is an add and the bits: the whole number below 2^52, plus 2^52, is
/// exact, and sits in the low bits of the sum's representation. Also `fastexp`'s, which has
/// the whole number already.
#[inline(always)]
pub(crate) fn whole_below_2_52(t: f64) -> u64 {
    (t + TWO_52).to_bits() - TWO_52.to_bits()
}

/// A point in simulated time or a duration, in whole microseconds.
///
/// One type for both keeps arithmetic simple; field names say which one is meant
/// (`arrival`, `duration`). Microseconds resolve the shortest phase we model (a
/// warm handler of ~1 ms) while `u64` still spans 584,000 years.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Micros(pub u64);

impl Micros {
    /// Zero time: the start of a simulation, or an absent phase.
    pub const ZERO: Micros = Micros(0);
    /// The end of time: the deadline of something that never happens (no keep-alive limit, no
    /// lifetime): an idle deadline at `NEVER` schedules no check.
    pub const NEVER: Micros = Micros(u64::MAX);
    /// Whole milliseconds.
    pub const fn from_ms(ms: u64) -> Self {
        Micros(ms * 1_000)
    }
    /// Whole seconds.
    pub const fn from_secs(s: u64) -> Self {
        Micros(s * 1_000_000)
    }
    /// Fractional milliseconds, rounded to the nearest microsecond; negative and NaN give zero.
    ///
    /// Validation rejects such inputs before they get here; sampled values that are
    /// negative (a normal's left tail) are exactly the ones we truncate at zero.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn from_ms_f64(ms: f64) -> Self {
        if cfg!(target_arch = "wasm32") {
            Self::from_ms_f64_by_bits(ms)
        } else {
            Self::from_ms_f64_far(ms)
        }
    }

    /// [`Micros::from_ms_f64`] in wasm: below 2^52 µs the whole number is read from the bits
    /// ([`whole_below_2_52`]), the rest out of line. On the mixed 10 M day −1.2 % V8
    /// instructions and 3 % less time in node (one loaded command), and 210 B less gzip than the
    /// conversion inlined everywhere (docs/benchmarks.md, "Issue 14, seventeenth round: wasm
    /// speed on the mixed day").
    #[inline(always)]
    fn from_ms_f64_by_bits(ms: f64) -> Self {
        // Also false for NaN; `us < 2^52` keeps `ms` far below `MS_LIMIT`.
        let us = ms * 1_000.0 + 0.5;
        if ms > 0.0 && us < TWO_52 {
            return Micros(whole_below_2_52(us.trunc()));
        }
        Self::from_ms_f64_far(ms)
    }

    /// [`Micros::from_ms_f64`] on every input; in wasm, on those not below 2^52 µs (and zero,
    /// negative, NaN), out of line.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn from_ms_f64_far(ms: f64) -> Self {
        // Natively every draw and arrival passes here (two or three times a request), so the
        // common case is one comparison pair and a signed conversion. `+ 0.5` then truncation
        // rounds a positive value like `round()` does, without the libm call `round` compiles
        // to on baseline x86-64. Below 2^63 µs the signed conversion truncates exactly as the
        // unsigned one, which on baseline x86-64 costs two conversions and a blend.
        if ms > 0.0 && ms < MS_LIMIT {
            let us = ms * 1_000.0 + 0.5;
            if us < I64_END {
                Micros(us as i64 as u64)
            } else {
                Micros(us as u64)
            }
        } else if ms > 0.0 {
            Micros(u64::MAX)
        } else {
            // Zero, negative or NaN.
            Micros(0)
        }
    }
    /// Fractional microseconds, rounded half away from zero: `us.round() as u64`, exactly, for
    /// every `us` (NaN and negatives give 0, past `u64::MAX` the maximum). Why not `round()`:
    /// baseline x86-64 has no rounding instruction and wasm's rounds half to even, so `round` is
    /// a library call (~60 instructions, at every invocation a warm-up curve covers). Below 2^63
    /// the signed conversions are single instructions on baseline x86-64 (the unsigned ones are
    /// sequences), and the fraction `us − trunc(us)` is exact (below 2^53 by Sterbenz's lemma,
    /// above it `us` is whole), so comparing it with one half rounds half away from zero. From
    /// 2^63 on `us` is whole, and the saturating cast is the rounding too (as for NaN and
    /// negatives, which give 0 either way).
    #[inline]
    pub fn from_us_f64(us: f64) -> Self {
        if (0.0..I64_END).contains(&us) {
            let whole = us as i64;
            Micros((whole + i64::from(us - whole as f64 >= 0.5)) as u64)
        } else {
            Micros(us as u64)
        }
    }
    /// Fractional seconds, rounded to the nearest microsecond.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn from_secs_f64(s: f64) -> Self {
        Self::from_ms_f64(s * 1_000.0)
    }
    /// As fractional milliseconds, for reports.
    pub fn as_ms_f64(self) -> f64 {
        self.0 as f64 / 1_000.0
    }
    /// As fractional seconds, for reports and cost.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1_000_000.0
    }
    /// Subtraction that stops at zero (what `-` does too; for callers that want to say so).
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    pub fn saturating_sub(self, other: Micros) -> Micros {
        Micros(self.0.saturating_sub(other.0))
    }
}

impl Add for Micros {
    type Output = Micros;
    fn add(self, rhs: Micros) -> Micros {
        Micros(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Micros {
    fn add_assign(&mut self, rhs: Micros) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Micros {
    type Output = Micros;
    fn sub(self, rhs: Micros) -> Micros {
        Micros(self.0.saturating_sub(rhs.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conversion as it was written before its fast path: the reference.
    fn reference(ms: f64) -> Micros {
        if ms.is_nan() || ms <= 0.0 {
            Micros(0)
        } else if ms >= (u64::MAX / 1_000) as f64 {
            Micros(u64::MAX)
        } else {
            Micros((ms * 1_000.0 + 0.5) as u64)
        }
    }

    #[test]
    fn from_us_f64_is_round_half_away_from_zero_cast() {
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
            assert_eq!(Micros::from_us_f64(x), Micros(x.round() as u64), "{x:e}");
        }
    }

    #[test]
    fn from_ms_f64_equals_the_plain_conversion_everywhere() {
        use rand::{RngExt, SeedableRng};
        let edges = [
            0.0,
            -0.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            1e-300,
            0.0004999,
            0.0005,
            0.0015,
            2.5e-3,
            1.0,
            123.4565,
            I64_END / 1_000.0,
            f64::from_bits((I64_END / 1_000.0).to_bits() - 1),
            f64::from_bits((I64_END / 1_000.0).to_bits() + 1),
            MS_LIMIT,
            f64::from_bits(MS_LIMIT.to_bits() - 1),
            f64::MAX,
        ];
        let more = [
            TWO_52 / 1_000.0,
            f64::from_bits((TWO_52 / 1_000.0).to_bits() - 1),
            f64::from_bits((TWO_52 / 1_000.0).to_bits() + 1),
            (TWO_52 - 1.5) / 1_000.0,
        ];
        for ms in edges.into_iter().chain(more) {
            assert_eq!(Micros::from_ms_f64(ms), reference(ms), "{ms:e} ms");
            assert_eq!(Micros::from_ms_f64_by_bits(ms), reference(ms), "{ms:e} ms");
        }
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(5);
        for _ in 0..200_000 {
            // Any positive double (random exponent and mantissa), and halves of a microsecond.
            let ms = f64::from_bits(rng.random_range(0..0x7FF0_0000_0000_0000u64));
            assert_eq!(Micros::from_ms_f64(ms), reference(ms), "{ms:e} ms");
            assert_eq!(Micros::from_ms_f64_by_bits(ms), reference(ms), "{ms:e} ms");
            let half = (rng.random_range(0..1u64 << 40) as f64 + 0.5) / 1_000.0;
            assert_eq!(Micros::from_ms_f64(half), reference(half), "{half:e} ms");
            assert_eq!(
                Micros::from_ms_f64_by_bits(half),
                reference(half),
                "{half:e} ms"
            );
            // Around 2^52 µs, where the bits stop being the way.
            let near = (TWO_52 + rng.random_range(-4.0..4.0) * 2.0) / 1_000.0;
            assert_eq!(
                Micros::from_ms_f64_by_bits(near),
                reference(near),
                "{near:e} ms"
            );
        }
    }
}
