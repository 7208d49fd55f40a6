//! The log-normal handler draw's exponential, in wasm, without changing a single microsecond.
//!
//! Every request of a log-normal handler costs one `exp`. Natively that is glibc's (a table and
//! FMA, about 6 ns); in wasm it is compiler-builtins' (FreeBSD's `e_exp.c`: a degree-5
//! polynomial and a division on one dependent chain: 34-36 ns a draw in V8, this one 20), which
//! made the mixed 10 M day lose more to native in wasm than the warm million, whose handler is
//! exponential (docs/benchmarks.md, "Issue 14, thirteenth round: wasm speed on the mixed day").
//!
//! The draw is only ever used rounded to a microsecond (`Micros::from_ms_f64`), and that
//! rounding is non-decreasing in its argument. So [`micros_of_exp_ms`] computes `exp` to within
//! a few ulps with a 32-entry table and a short polynomial, takes the value `from_ms_f64` would
//! truncate, and uses its microsecond when it lies farther from both ends of that microsecond
//! than a bracket far wider than both its own error and the platform `exp`'s (under one ulp): the
//! platform's `exp` then rounds to the same microsecond. Only when it lies closer (one draw in
//! about 40 million at the mixed day's 120 ms median, in 400,000 at 10 s) is the platform's `exp`
//! called. The result is the platform's `from_ms_f64(x.exp())` on every input, whatever its
//! last bit would be: no report changes on either target (tests below; the fingerprint tests
//! compare wasm with native).

use crate::time::{Micros, whole_below_2_52};

/// `2^(j/32)` for `j` in `0..32`, each the double nearest to it (the tests check them against
/// `exp2`).
const TWO_TO_J_32: [f64; 32] = [
    1.0,
    1.0218971486541166,
    1.0442737824274138,
    1.0671404006768237,
    1.0905077326652577,
    1.1143867425958924,
    1.1387886347566916,
    1.1637248587775775,
    1.189207115002721,
    1.215247359980469,
    1.241857812073484,
    1.2690509571917332,
    1.2968395546510096,
    1.3252366431597413,
    1.3542555469368927,
    1.383909881963832,
    core::f64::consts::SQRT_2,
    1.4451808069770467,
    1.4768261459394993,
    1.5091644275934228,
    1.5422108254079407,
    1.5759808451078865,
    1.6104903319492543,
    1.645755478153965,
    1.681792830507429,
    1.718619298122478,
    1.7562521603732995,
    1.7947090750031072,
    1.8340080864093424,
    1.8741676341103,
    1.9152065613971474,
    1.9571441241754002,
];

/// `32 / ln 2`.
const THIRTY_TWO_OVER_LN2: f64 = 46.16624130844683;
/// `ln 2 / 32` in two parts: the first has 32 significant bits, so `k × LN2_32_HI` is exact for
/// every `k` reached here (|k| < 2^15); the second is the rest.
const LN2_32_HI: f64 = 0.02166084938653512;
const LN2_32_LO: f64 = 5.9631716539705866e-12;
/// `1.5 × 2^52`: adding it rounds a value below 2^51 in magnitude to an integer, which then sits
/// in the low bits of the sum's representation.
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;

/// `exp(x)` for `|x| ≤ 700`, to within a few ulps (the tests bound it by 2^-50 relative): `x =
/// k ln2/32 + r` with `|r| ≤ ln2/64`, `exp(x) = 2^(k/32) e^r`, `e^r` by its Taylor series to
/// `r^6` (the next term is below 4·10⁻¹⁸).
#[inline(always)]
fn exp_near(x: f64) -> f64 {
    let shifted = x * THIRTY_TWO_OVER_LN2 + ROUND_SHIFT;
    let k = shifted.to_bits() as i32;
    let kd = shifted - ROUND_SHIFT;
    let r = (x - kd * LN2_32_HI) - kd * LN2_32_LO;
    // `e^r − 1` in Estrin's order rather than Horner's: wasm has no fused multiply-add, and the
    // draw is one dependent chain, so the polynomial's depth (4 steps, not 12) is what it costs.
    let r2 = r * r;
    let low = 0.5 + r * (1.0 / 6.0);
    let high = (1.0 / 24.0 + r * (1.0 / 120.0)) + r2 * (1.0 / 720.0);
    let q = (r + r2 * low) + (r2 * r2) * high;
    let t = TWO_TO_J_32[(k & 31) as usize];
    let scale = f64::from_bits(((i64::from(k >> 5) + 1023) as u64) << 52);
    (t + t * q) * scale
}

/// Half the width of the bracket, relative: 2^-43, 32 times what separates the rounded
/// microsecond value of [`exp_near`] from that of any `exp` within an ulp (under 2^-48: 2^-50
/// and 2^-52 from the two `exp`s, three roundings of 2^-53 from the scaling to microseconds).
const BRACKET: f64 = 1.0 / 8_796_093_022_208.0;

/// 2^40 µs: an early exit, not a bound the result needs. From 2^43 µs up the margin is a whole
/// microsecond or more, so the fraction test would fail anyway (as it does for NaN and
/// infinity); below 2^40 µs every draw a scenario can hold takes the fast path.
const FAST_END: f64 = 1_099_511_627_776.0;

/// `Micros::from_ms_f64(exp(x))`, with `exp` the platform's: the same value, but the platform's
/// `exp` is called only when the bracket around [`exp_near`] straddles a microsecond boundary.
#[inline(always)]
pub(crate) fn micros_of_exp_ms(x: f64) -> Micros {
    micros_of_exp_ms_with(x, f64::exp)
}

/// [`micros_of_exp_ms`] with the `exp` it must agree with given, so the tests can check it
/// against another one (the `libm` crate's, compiler-builtins' `exp` in wasm) natively.
///
/// `v` is `from_ms_f64`'s value before it truncates (`ms * 1000 + 0.5`, the same two roundings)
/// for [`exp_near`]'s `ms`. The platform's `exp` gives a value within `v × 2^-48` of it (see
/// [`BRACKET`]), so when `v`'s fraction keeps `v × BRACKET` away from both ends of its
/// microsecond, the platform's truncates to the same one. The fraction is exact (`v - trunc(v)`
/// with `trunc(v) ≤ v < 2 trunc(v)`, or `v` itself below 1), and so is `1 - f` where it matters
/// (`f ≥ 1/2`; below, `1 - f > 1/2` exceeds the margin anyway). Checking the fraction, rather than
/// rounding both ends of a bracket around `exp_near` as the thirteenth round did, saves two
/// conversions; the whole number is read from the bits of `t + 2^52`, not converted with wasm's
/// saturating `i64.trunc_sat_f64_s`, which V8 checks by converting back (docs/benchmarks.md,
/// "Issue 14, seventeenth round: wasm speed on the mixed day").
#[inline(always)]
fn micros_of_exp_ms_with(x: f64, exp: impl Fn(f64) -> f64) -> Micros {
    // Also false for NaN.
    if x.abs() <= 700.0 {
        let v = exp_near(x) * 1_000.0 + 0.5;
        if v < FAST_END {
            let t = v.trunc();
            let f = v - t;
            let margin = v * BRACKET;
            if f > margin && 1.0 - f > margin {
                return Micros(whole_below_2_52(t));
            }
        }
    }
    Micros::from_ms_f64(exp(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_distr::{Distribution, Normal};

    fn relative(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn the_table_holds_the_powers_of_two() {
        for (j, t) in TWO_TO_J_32.iter().enumerate() {
            let exact = (j as f64 / 32.0).exp2();
            assert!(
                t.to_bits().abs_diff(exact.to_bits()) <= 1,
                "2^({j}/32): {t} against {exact}"
            );
        }
        assert_eq!(
            (LN2_32_HI + LN2_32_LO) * 32.0,
            core::f64::consts::LN_2,
            "ln 2 / 32"
        );
        assert_eq!(LN2_32_HI.to_bits() & 0xF_FFFF, 0, "k × LN2_32_HI is exact");
    }

    /// Uniform over the whole domain, and log-normal arguments like the presets' handler times.
    fn arguments() -> Vec<f64> {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(14);
        let mut xs: Vec<f64> = (0..400_000)
            .map(|_| rng.random_range(-700.0..=700.0))
            .collect();
        for (median, p99_over_p50) in [(120.0f64, 4.0f64), (900.0, 1.8), (0.05, 50.0), (5.0, 1.01)]
        {
            let normal = Normal::new(median.ln(), p99_over_p50.ln() / 2.326_347_874).unwrap();
            xs.extend((0..400_000).map(|_| normal.sample(&mut rng)));
        }
        xs.extend([-700.0, 700.0, 0.0, -0.0, 1e-300, -1e-300, 0.5, -0.5]);
        xs
    }

    #[test]
    fn exp_near_is_within_2_to_the_minus_50_of_exp() {
        let worst = arguments()
            .into_iter()
            .map(|x| relative(exp_near(x), x.exp()).max(relative(exp_near(x), libm::exp(x))))
            .fold(0.0, f64::max);
        assert!(worst <= 2f64.powi(-50), "{worst:e}");
    }

    /// The microsecond of the platform's `exp` (glibc's here) and of the `libm` crate's (the
    /// algorithm compiler-builtins gives wasm), for drawn arguments and for arguments whose
    /// value lies within a few ulps of a rounding boundary, where the bracket falls back.
    #[test]
    fn the_microsecond_is_the_one_of_exp_everywhere() {
        let mut xs = arguments();
        // ln((n + 0.5) / 1000): the exact value is a half microsecond; its neighbours too.
        for n in (0..200_000u64)
            .map(|i| i * 997 + 1)
            .chain([1, 2, 119_999, 10_000_000_000])
        {
            let x = ((n as f64 + 0.5) / 1_000.0).ln();
            let mut v = x;
            for _ in 0..4 {
                v = v.next_down();
            }
            for _ in 0..9 {
                xs.push(v);
                v = v.next_up();
            }
        }
        xs.extend([
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            700.0f64.next_up(),
            -700.0f64.next_down(),
            709.0,
            -745.0,
            1e6,
        ]);
        let mut fell_back = 0;
        for &x in &xs {
            assert_eq!(
                micros_of_exp_ms(x),
                Micros::from_ms_f64(x.exp()),
                "x = {x:e}"
            );
            assert_eq!(
                micros_of_exp_ms_with(x, libm::exp),
                Micros::from_ms_f64(libm::exp(x)),
                "x = {x:e}"
            );
            let called = core::cell::Cell::new(false);
            micros_of_exp_ms_with(x, |x| {
                called.set(true);
                x.exp()
            });
            fell_back += usize::from(called.get());
        }
        // The boundary arguments do reach the platform's `exp`; the drawn ones almost never.
        assert!(fell_back > 100_000, "{fell_back}");
    }
}
