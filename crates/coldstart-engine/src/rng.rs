//! The simulator's random number generator: `rand_pcg`'s `Pcg64Mcg`, bit for bit, with its
//! state's multiply written for wasm.
//!
//! Why not `Pcg64Mcg` itself: each draw multiplies the 128-bit state by a 128-bit constant, which
//! in wasm is a call to compiler-builtins' `__multi3` (see [`crate::wide`]); here it is
//! `wide::wrapping_mul`, inline. The seed and every number drawn are `Pcg64Mcg`'s (tests below),
//! so no report changes.
//!
//! Public (and re-exported by `coldstart-core`) so that every sampling goes through this one
//! generator type: the package-size sweep samples the init-cost model alone, and with `Pcg64Mcg`
//! there it compiled a second copy of the model's cold start and of every distribution's draw
//! into the page's first module; the Azure 2019 importer's sampler likewise in the second.

use crate::wide;
use core::convert::Infallible;
use rand::{SeedableRng, TryRng};
use rand_pcg::Pcg64Mcg;

/// PCG's multiplier for a 128-bit multiplicative congruential generator (O'Neill 2014; the
/// constant `rand_pcg` and the C++ `pcg64_fast` use). An algorithm's constant, not a model
/// parameter: the tests fail unless the stream equals `rand_pcg`'s.
const MULTIPLIER: u128 = 0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645;

/// `Pcg64Mcg` (MCG 128-bit state, XSL RR output): same seeding (`SeedableRng` via
/// `Pcg64Mcg::from_seed`), same `next_u64`, same `next_u32` (the low half of `next_u64`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimRng {
    state: u128,
}

impl SeedableRng for SimRng {
    type Seed = [u8; 16];

    fn from_seed(seed: Self::Seed) -> Self {
        SimRng {
            state: Pcg64Mcg::from_seed(seed).state(),
        }
    }
}

impl TryRng for SimRng {
    type Error = Infallible;

    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.try_next_u64().map(|x| x as u32)
    }

    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.state = wide::wrapping_mul(self.state, MULTIPLIER);
        Ok(output_xsl_rr(self.state))
    }

    #[inline]
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        rand::rand_core::utils::fill_bytes_via_next_word(dest, || self.try_next_u64())
    }
}

/// PCG's XSL RR output: the state's two halves xor-ed, rotated by its top six bits.
#[inline(always)]
fn output_xsl_rr(state: u128) -> u64 {
    let rot = (state >> 122) as u32;
    let xsl = ((state >> 64) as u64) ^ (state as u64);
    xsl.rotate_right(rot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, RngExt};

    /// The wasm path, run natively: the state after each draw, multiplied in halves, equals
    /// `Pcg64Mcg`'s, and the outputs too.
    #[test]
    fn draws_in_halves_are_pcg64mcg_draws() {
        for seed in [0, 1, 7, 11, u64::MAX] {
            let mut pcg = Pcg64Mcg::seed_from_u64(seed);
            let mut state = SimRng::seed_from_u64(seed).state;
            for _ in 0..10_000 {
                state = wide::wrapping_mul_in_halves(state, MULTIPLIER);
                assert_eq!(output_xsl_rr(state), pcg.next_u64());
            }
            assert_eq!(state, pcg.state());
        }
    }

    #[test]
    fn the_same_numbers_as_pcg64mcg() {
        for seed in [0, 3, 11, 0x9E37_79B9_7F4A_7C15] {
            let mut pcg = Pcg64Mcg::seed_from_u64(seed);
            let mut ours = SimRng::seed_from_u64(seed);
            for _ in 0..1_000 {
                assert_eq!(ours.next_u64(), pcg.next_u64());
                assert_eq!(ours.next_u32(), pcg.next_u32());
                assert_eq!(
                    ours.random::<f64>().to_bits(),
                    pcg.random::<f64>().to_bits()
                );
            }
            for len in [0, 1, 7, 8, 9, 31] {
                let (mut a, mut b) = (vec![0u8; len], vec![0u8; len]);
                ours.fill_bytes(&mut a);
                pcg.fill_bytes(&mut b);
                assert_eq!(a, b, "fill_bytes of {len}");
            }
            assert_eq!(ours.state, pcg.state());
        }
    }
}
