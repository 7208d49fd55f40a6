//! 128-bit products written for wasm.
//!
//! wasm has no 64 × 64 → 128-bit multiply, so rustc turns every `u128` product (even of two
//! widened `u64`s) into a call to compiler-builtins' `__multi3`: outside LTO, never inlined,
//! blind to constants and to zero high words. In the page's wasm that call was 8–10 % of a run
//! (node --cpu-prof; docs/benchmarks.md, "Issue 14, seventh round: wasm speed"), from the gauges'
//! areas (three products per event) and the random number generator (one per draw). On wasm these
//! functions multiply 32-bit halves in 64-bit words, inline; natively they are the `u128`
//! product, which x86-64 and aarch64 do in one to three instructions. Same results either way
//! (tests below run the wasm path natively).

/// `u128::from(a) * u128::from(b)`, which cannot overflow.
#[inline(always)]
pub(crate) fn widening_mul(a: u64, b: u64) -> u128 {
    if cfg!(target_arch = "wasm32") {
        let (lo, hi) = widening_mul_in_halves(a, b);
        (u128::from(hi) << 64) | u128::from(lo)
    } else {
        u128::from(a) * u128::from(b)
    }
}

/// `a.wrapping_mul(b)`.
#[inline(always)]
pub(crate) fn wrapping_mul(a: u128, b: u128) -> u128 {
    if cfg!(target_arch = "wasm32") {
        wrapping_mul_in_halves(a, b)
    } else {
        a.wrapping_mul(b)
    }
}

/// `a.saturating_mul(b)`: in wasm, `u64::saturating_mul` finds the overflow through a 128-bit
/// product, i.e. `__multi3`.
#[inline(always)]
pub(crate) fn saturating_mul(a: u64, b: u64) -> u64 {
    if cfg!(target_arch = "wasm32") {
        match widening_mul_in_halves(a, b) {
            (lo, 0) => lo,
            _ => u64::MAX,
        }
    } else {
        a.saturating_mul(b)
    }
}

/// `a.wrapping_mul(b)` from 64-bit multiplies only: the low words' full product plus the two
/// cross products' low words (the high words' product is past 2^128).
#[inline(always)]
pub(crate) fn wrapping_mul_in_halves(a: u128, b: u128) -> u128 {
    let (a_lo, a_hi) = (a as u64, (a >> 64) as u64);
    let (b_lo, b_hi) = (b as u64, (b >> 64) as u64);
    let (lo, carry) = widening_mul_in_halves(a_lo, b_lo);
    let hi = carry
        .wrapping_add(a_lo.wrapping_mul(b_hi))
        .wrapping_add(a_hi.wrapping_mul(b_lo));
    (u128::from(hi) << 64) | u128::from(lo)
}

/// The 128-bit product of two 64-bit words as (low word, high word), from four 32 × 32 → 64-bit
/// products. A `u32` operand (high half zero) leaves two of them, which the optimiser drops.
#[inline(always)]
fn widening_mul_in_halves(a: u64, b: u64) -> (u64, u64) {
    const LOW: u64 = u32::MAX as u64;
    let (a0, a1) = (a & LOW, a >> 32);
    let (b0, b1) = (b & LOW, b >> 32);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    // At most 3 × (2^32 − 1) < 2^64: no overflow.
    let middle = (p00 >> 32) + (p01 & LOW) + (p10 & LOW);
    let lo = (middle << 32) | (p00 & LOW);
    let hi = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Words that exercise every carry: zero, one, all ones, single high bits, PCG's multiplier.
    const EDGES: [u128; 8] = [
        0,
        1,
        u64::MAX as u128,
        1 << 63,
        1 << 64,
        1 << 127,
        u128::MAX,
        0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645,
    ];

    proptest! {
        #[test]
        fn the_product_in_halves_is_the_u128_product(a: u64, b: u64) {
            let (lo, hi) = widening_mul_in_halves(a, b);
            prop_assert_eq!((u128::from(hi) << 64) | u128::from(lo), u128::from(a) * u128::from(b));
        }

        #[test]
        fn the_saturating_product_in_halves_is_u64s(a: u64, b: u64) {
            let (lo, hi) = widening_mul_in_halves(a, b);
            prop_assert_eq!(if hi == 0 { lo } else { u64::MAX }, a.saturating_mul(b));
        }

        #[test]
        fn the_wrapping_product_in_halves_is_the_u128_one(a: u128, b: u128) {
            prop_assert_eq!(wrapping_mul_in_halves(a, b), a.wrapping_mul(b));
        }
    }

    #[test]
    fn the_products_in_halves_carry_at_the_extremes() {
        for a in EDGES {
            for b in EDGES {
                assert_eq!(
                    wrapping_mul_in_halves(a, b),
                    a.wrapping_mul(b),
                    "{a:#x} * {b:#x}"
                );
                let (a, b) = (a as u64, b as u64);
                let (lo, hi) = widening_mul_in_halves(a, b);
                assert_eq!(
                    (u128::from(hi) << 64) | u128::from(lo),
                    u128::from(a) * u128::from(b)
                );
            }
        }
    }
}
