//! A latency histogram with HdrHistogram's bucket layout (3 significant digits from 1 µs), kept
//! as a plain array of counters that grows only as far as the largest value recorded.
//!
//! Why not the `hdrhistogram` crate itself: a run records one or two values per request, and a
//! profile of the engine showed the crate's general recording path (resizing, range errors, its
//! own extremes, a count type generic over widths) at about a tenth of a run; its fixed range
//! also made every histogram 29,696 counters (232 KB) allocated and zeroed up front — eleven of
//! them per run, a tenth of a short preset's time. Here recording is an index computation and an
//! increment, and a histogram costs memory only for the range its values cover.
//!
//! The layout and the quantile rule are HdrHistogram's (`value_at_quantiles` of hdrhistogram
//! 7.5), so every reported percentile is what the crate reported: the tests check that against
//! the crate on random data.

/// Largest latency the histograms resolve, µs: 2^37 µs ≈ 38.2 hours. The longest latency the
/// model can produce is a stream record's (it may wait the whole record retention,
/// [`crate::defaults::STREAM_RECORD_RETENTION_S`] = 24 h, and then run a batch bounded by the
/// function timeout and init); async events give up after at most 6 h, sync requests after the
/// timeout. The exact maximum is kept besides.
const MAX_US: u64 = 1 << 37;
/// First value past the counters: the top bucket of a range up to [`MAX_US`] runs to twice
/// it, and values from here on are counted at `MAX_US` (HdrHistogram's saturating record).
const COUNTED_END: u64 = 2 * MAX_US;

/// Values a histogram makes room for at its first record, µs: 2^26 µs ≈ 67 s covers the
/// latencies and phases of most runs (17,409 counters of 4 bytes, about 68 KB), so their
/// counters are never copied to a larger array.
const FIRST_RESERVE_US: u64 = 1 << 26;

/// Counters a histogram's array starts at a multiple of: a bucket's (its counters are one power
/// of two), which is also a multiple of [`SCAN_BLOCK`], so the quantile passes sum the same
/// blocks as over an array from counter 0.
const BASE_ALIGN: usize = HALF as usize;

/// log2 of half the sub-buckets of a bucket: 3 significant digits need 2,000 distinct values
/// per power of two, so 2,048 sub-buckets, of which buckets past the first use the upper half.
const HALF_MAGNITUDE: u32 = 10;
const HALF: u64 = 1 << HALF_MAGNITUDE;
/// Values below this share bucket 0 at 1 µs resolution.
const SUB_MASK: u64 = 2 * HALF - 1;
/// `64 − log2(unit) − HALF_MAGNITUDE − 1`, with a unit of 1 µs.
const LEADING_ZERO_BASE: u32 = 64 - HALF_MAGNITUDE - 1;

/// The bucket (power of two above the first 2,048 values) holding `v`.
#[inline]
fn bucket_of(v: u64) -> u32 {
    LEADING_ZERO_BASE - (v | SUB_MASK).leading_zeros()
}

/// The counter of `v`.
#[cfg_attr(target_arch = "wasm32", inline(always))]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn index_of(v: u64) -> usize {
    let bucket = bucket_of(v);
    let sub = v >> bucket;
    ((u64::from(bucket + 1) << HALF_MAGNITUDE) + sub - HALF) as usize
}

/// The lowest value counted by counter `index`.
fn value_of(index: usize) -> u64 {
    let bucket = (index >> HALF_MAGNITUDE) as i64 - 1;
    let sub = (index as u64 & (HALF - 1)) + HALF;
    if bucket < 0 {
        sub - HALF
    } else {
        sub << bucket
    }
}

/// The lowest value counted with `v`.
fn lowest_equivalent(v: u64) -> u64 {
    let bucket = bucket_of(v);
    (v >> bucket) << bucket
}

/// The highest value counted with `v`.
fn highest_equivalent(v: u64) -> u64 {
    if v == u64::MAX {
        return u64::MAX;
    }
    lowest_equivalent(v).saturating_add(1 << bucket_of(v)) - 1
}

/// The counter of `v` (values past the range share the top one), for tables kept beside a
/// histogram and indexed like its counters.
#[cfg_attr(target_arch = "wasm32", inline(always))]
pub fn counter_of(v: u64) -> usize {
    index_of(v.min(MAX_US))
}

/// The lowest value counted by counter `index` (the inverse of [`counter_of`] on the lowest
/// values of buckets).
pub fn counter_value(index: usize) -> u64 {
    value_of(index)
}

/// Counters passed by their sum while a quantile pass looks for the one reaching its target: a
/// report reads percentiles near 1 from a dozen histograms of up to ~20,000 counters (a 2^25 µs
/// range), and adding them one by one was a tenth of a 6,000-request preset's instructions.
/// Summing a block is a short loop the compiler vectorises; only the block holding the answer
/// is then walked counter by counter, so the answers are those of a one-by-one walk.
const SCAN_BLOCK: usize = 64;

/// The sum of a block of counters. `narrow`: the histogram holds at most 2^32 − 1 values, so
/// no counter has saturated and no block's sum passes `u32`; the block is then summed in 32
/// bits, four counters to an SSE2 add, where widening each to 64 bits took about three times
/// the instructions (a third of a short run's report).
#[inline(always)]
fn block_sum(block: &[u32], narrow: bool) -> u64 {
    if narrow {
        u64::from(block.iter().fold(0u32, |s, &c| s.wrapping_add(c)))
    } else {
        block.iter().map(|&c| u64::from(c)).sum()
    }
}

/// A histogram of microseconds plus the exact extremes, so reported percentiles are clamped to
/// values that really occurred (a constant distribution reports exactly), and the exact sum.
#[derive(Debug, Clone, Default)]
pub struct Hist {
    /// Counts in HdrHistogram's layout from counter `base` up to the largest value's counter.
    /// `u32` is enough: every recorded value is a request, a stream record or a cold-start
    /// phase, each behind an arrival, and a run stops at `defaults::BUDGET_MAX_EVENTS` (2·10⁸)
    /// events.
    counts: Vec<u32>,
    /// The counter `counts[0]` stands for: the start of the smallest value's bucket. Why not
    /// counter 0: a histogram of seconds-long values (a 10 GB image's cold starts and phases)
    /// zero-filled some 13,000 counters below its first value, ~0.5 MB written per run of
    /// ml-image-10gb, 4 % of its instructions; the counters below `base` are zero and never
    /// stored.
    base: usize,
    len: u64,
    min: u64,
    max: u64,
    /// Exact sum of the recorded values, µs (the mean is exact, not bucket midpoints).
    sum: u128,
}

impl Hist {
    /// An empty histogram (allocates nothing).
    pub fn new() -> Hist {
        Hist {
            min: u64::MAX,
            ..Hist::default()
        }
    }

    /// Records one value, µs (values beyond the histogram's range are counted at its top).
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn record(&mut self, v: u64) {
        let i = index_of(if v < COUNTED_END { v } else { MAX_US });
        // Below `base` wraps to past the end: one test for both sides, which also spares the
        // increment its bounds check (with the check after a possible growth, as before `base`,
        // the mixed day's ~5 records a request cost +0.4 % instructions).
        let j = i.wrapping_sub(self.base);
        if let Some(c) = self.counts.get_mut(j) {
            *c = c.saturating_add(1);
        } else {
            self.grow_to_count(i);
        }
        self.len += 1;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        self.sum += u128::from(v);
    }

    /// Counts one value in counter `i`, which is not part of the array yet. Out of line, with
    /// its bounds check: inlined, the growth's call and check sat in every record's path.
    #[cold]
    #[inline(never)]
    fn grow_to_count(&mut self, i: usize) {
        self.grow(i);
        let c = &mut self.counts[i - self.base];
        *c = c.saturating_add(1);
    }

    /// Makes counter `i` part of the array: at the first value the array starts at its bucket;
    /// a value below `base` moves the counters up (once per lower bucket reached, so at most a
    /// few dozen times in a histogram's life); one above extends it.
    #[cold]
    fn grow(&mut self, i: usize) {
        if self.counts.is_empty() {
            self.base = i / BASE_ALIGN * BASE_ALIGN;
        } else if i < self.base {
            let base = i / BASE_ALIGN * BASE_ALIGN;
            let (below, len) = (self.base - base, self.counts.len());
            // Not `splice`: the same move, with less code in the page's module.
            self.counts.resize(len + below, 0);
            self.counts.copy_within(0..len, below);
            self.counts[..below].fill(0);
            self.base = base;
            return;
        }
        let end = i + 1 - self.base;
        if self.counts.capacity() < end {
            // Room for every counter up to `FIRST_RESERVE_US` at once (or twice the old room):
            // growing from the few counters the first values need, doubling each time, copied
            // the whole array at each of a dozen reallocations, a twentieth of a 6,000-request
            // preset's instructions. Natively the reserved room is not written, so it costs
            // address space until used; in wasm it grows the linear memory, which never
            // shrinks: at most about 68 KB per histogram, ~0.8 MB for a run's 11 or 12.
            let room = end
                .max((index_of(FIRST_RESERVE_US) + 1).saturating_sub(self.base))
                .max(2 * self.counts.capacity());
            self.counts.reserve_exact(room - self.counts.len());
        }
        self.counts.resize(end, 0);
    }

    /// The union of several histograms, built in one array spanning all of theirs, each added
    /// in place. Why not a fold of pairwise unions: each step copied the whole union so far (a
    /// report's union of the four invocation buckets copied its counters five times, ~20 KB
    /// each for a 10 GB image's seconds-long latencies: ml-image-10gb −1.4 % instructions,
    /// docs/benchmarks.md, "Issue 14, eighteenth round: ml-image-10gb").
    pub fn union(hists: &[&Hist]) -> Hist {
        let mut out = Hist::new();
        let held = || hists.iter().filter(|h| !h.counts.is_empty());
        if let (Some(base), Some(end)) = (
            held().map(|h| h.base).min(),
            held().map(|h| h.base + h.counts.len()).max(),
        ) {
            out.base = base;
            out.counts = vec![0; end - base];
        }
        for h in hists {
            if !h.counts.is_empty() {
                let from = h.base - out.base;
                for (c, s) in out.counts[from..from + h.counts.len()]
                    .iter_mut()
                    .zip(&h.counts)
                {
                    *c = c.saturating_add(*s);
                }
            }
            out.len += h.len;
            out.min = out.min.min(h.min);
            out.max = out.max.max(h.max);
            out.sum += h.sum;
        }
        out
    }

    /// What is left of `self` once the values of `part` are taken out, given the exact extremes
    /// of what is left (`min`, `max`; unused when nothing is left). `part` must be a sub-multiset
    /// of `self`'s values (its counters under `self`'s, its sum and count within them).
    pub fn without(&self, part: &Hist, min: u64, max: u64) -> Hist {
        let mut counts = self.counts.clone();
        if !part.counts.is_empty() {
            let from = part.base - self.base;
            for (c, p) in counts[from..from + part.counts.len()]
                .iter_mut()
                .zip(&part.counts)
            {
                *c -= *p;
            }
        }
        let len = self.len - part.len;
        if len == 0 {
            return Hist::new();
        }
        Hist {
            counts,
            base: self.base,
            len,
            min,
            max,
            sum: self.sum - part.sum,
        }
    }

    /// Values recorded.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The values at several quantiles (any order), µs, in ONE cumulative pass over the counts
    /// (a CDF asks for over a hundred). Each is HdrHistogram's value at that quantile: the
    /// highest value equivalent to the first counter at which the cumulative count reaches
    /// `⌈q × len⌉` (at least 1), the lowest for `q = 0`; then clamped to the exact extremes.
    /// All zeros when empty.
    pub fn quantiles(&self, qs: &[f64]) -> Vec<u64> {
        let mut out = vec![0; qs.len()];
        if self.is_empty() {
            return out;
        }
        // Visit the quantiles in ascending order and put each answer back in its caller's slot.
        // A report's lists (the percentiles, a CDF's points) come ascending: then they are
        // visited as they are, without sorting their positions (a sixth of the instructions of
        // a short run's report).
        let ascending = qs.is_sorted_by(|a, b| a.total_cmp(b).is_le());
        let mut order = Vec::new();
        if !ascending {
            order = (0..qs.len()).collect();
            crate::rank::by_key(&mut order, |&a| crate::rank::Key::ascending_f64(qs[a]));
        }
        let counts = &self.counts;
        // `next` is the first counter not yet added to `cumulative`; `at` the last one added.
        // The counters below the smallest value's are zero: the pass starts at the block holding
        // it (block boundaries, and so the sums, stay those of a pass from 0).
        // Indices below are into `counts`, i.e. counters from `base` (a multiple of the block).
        let start =
            (index_of(self.min.min(MAX_US)) / SCAN_BLOCK * SCAN_BLOCK).saturating_sub(self.base);
        let (mut cumulative, mut next, mut at) = (0u64, start, start);
        let narrow = self.len <= u64::from(u32::MAX);
        for i in (0..qs.len()).map(|k| if ascending { k } else { order[k] }) {
            let q = qs[i];
            let target = ((q.clamp(0.0, 1.0) * self.len as f64).ceil() as u64).max(1);
            while cumulative < target {
                let Some(block) = counts.get(next..next + SCAN_BLOCK) else {
                    // The last counters, fewer than a block: one at a time.
                    let Some(&count) = counts.get(next) else {
                        break; // unreachable: the counts add up to `len` ≥ target
                    };
                    at = next;
                    next += 1;
                    cumulative += u64::from(count);
                    continue;
                };
                let sum = block_sum(block, narrow);
                if cumulative + sum < target {
                    cumulative += sum;
                    next += SCAN_BLOCK;
                    at = next - 1;
                    continue;
                }
                // The target is reached inside this block: find the counter that reaches it.
                for (offset, &count) in block.iter().enumerate() {
                    cumulative += u64::from(count);
                    if cumulative >= target {
                        at = next + offset;
                        next = at + 1;
                        break;
                    }
                }
            }
            let value = value_of(self.base + at);
            let value = if q == 0.0 {
                lowest_equivalent(value)
            } else {
                highest_equivalent(value)
            };
            out[i] = value.clamp(self.min, self.max);
        }
        out
    }

    /// Exact mean, µs (0 when empty).
    pub fn mean(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        self.sum as f64 / self.len as f64
    }

    /// Exact largest value, µs.
    pub fn max(&self) -> u64 {
        self.max
    }

    /// The histogram bucket holding `v`: the lowest value it stands for, µs.
    pub fn bucket_of(&self, v: u64) -> u64 {
        lowest_equivalent(v.min(MAX_US))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hdrhistogram::Histogram;
    use rand::{RngExt, SeedableRng};

    /// The crate's histogram with the bounds the engine used before this one.
    fn reference() -> Histogram<u64> {
        Histogram::new_with_bounds(1, MAX_US, 3).expect("valid bounds")
    }

    #[test]
    fn a_block_sums_alike_in_32_and_64_bits_below_2_to_the_32_values() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(9);
        // Counters that add up to at most u32::MAX: the most a narrow histogram's block holds.
        let most = u32::MAX / SCAN_BLOCK as u32;
        for top in [1, 1_000, most] {
            let block: Vec<u32> = (0..SCAN_BLOCK).map(|_| rng.random_range(0..=top)).collect();
            let exact: u64 = block.iter().map(|&c| u64::from(c)).sum();
            assert_eq!(block_sum(&block, true), exact);
            assert_eq!(block_sum(&block, false), exact);
        }
        // Past 2^32 values (saturated counters) only the wide sum is exact.
        let full = vec![u32::MAX; SCAN_BLOCK];
        assert_eq!(
            block_sum(&full, false),
            u64::from(u32::MAX) * SCAN_BLOCK as u64
        );
    }

    /// Past 2^32 − 1 values a block of counters can sum past `u32`: the quantile pass must then
    /// sum in 64 bits. A histogram whose every counter saturated answers like one with a single
    /// value in each (the same shape, scaled).
    #[test]
    fn a_histogram_past_2_to_the_32_values_sums_its_blocks_in_64_bits() {
        let mut one_each = Hist::new();
        for v in 0..200 {
            one_each.record(v);
        }
        let saturated = Hist {
            counts: (one_each.counts.iter())
                .map(|&c| if c > 0 { u32::MAX } else { 0 })
                .collect(),
            len: one_each.len * u64::from(u32::MAX),
            sum: one_each.sum * u128::from(u32::MAX),
            ..one_each.clone()
        };
        assert!(saturated.len > u64::from(u32::MAX));
        let qs = [0.1, 0.5, 0.9, 0.99, 1.0];
        assert_eq!(saturated.quantiles(&qs), one_each.quantiles(&qs));
    }

    #[test]
    fn quantiles_and_buckets_are_hdrhistograms() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(5);
        let mut qs: Vec<f64> = (0..=1_000).map(|i| f64::from(i) / 1_000.0).collect();
        qs.extend([0.995, 0.9999, 0.123_456, 1e-9, 1.5, -0.5]);
        for (n, top) in [
            (1, 10.0),
            (7, 20.0),
            (1_000, 30.0),
            (20_000, 38.5),
            (5_000, 45.0),
        ] {
            let (mut ours, mut theirs) = (Hist::new(), reference());
            let (mut lo, mut hi) = (u64::MAX, 0);
            for _ in 0..n {
                // Log-uniform from 0 to past the top of the range (which saturates).
                let v = 2f64.powf(rng.random_range(0.0..top)) as u64 - 1;
                ours.record(v);
                theirs.saturating_record(v);
                (lo, hi) = (lo.min(v), hi.max(v));
            }
            assert_eq!(ours.len(), theirs.len());
            let want: Vec<u64> = (qs.iter())
                .map(|&q| theirs.value_at_quantile(q).clamp(lo, hi))
                .collect();
            assert_eq!(ours.quantiles(&qs), want, "{n} values up to 2^{top}");
            // Ascending, the list is read in place (here with ties and a negative zero).
            let mut sorted: Vec<f64> = qs.iter().copied().chain([0.5, 0.5, -0.0]).collect();
            sorted.sort_by(f64::total_cmp);
            let want_sorted: Vec<u64> = (sorted.iter())
                .map(|&q| theirs.value_at_quantile(q).clamp(lo, hi))
                .collect();
            assert_eq!(ours.quantiles(&sorted), want_sorted);
            for v in [
                0,
                1,
                2_047,
                2_048,
                2_049,
                123_456_789,
                MAX_US,
                MAX_US + 1,
                COUNTED_END,
                u64::MAX,
            ] {
                let v_in = v.min(MAX_US);
                assert_eq!(ours.bucket_of(v), theirs.lowest_equivalent(v_in), "{v}");
                assert_eq!(highest_equivalent(v), theirs.highest_equivalent(v), "{v}");
            }
        }
    }

    #[test]
    fn quantiles_reached_at_the_edges_of_scan_blocks_are_hdrhistograms() {
        // Below 2,048 µs a counter is one microsecond, so these values sit on either side of
        // the block boundaries (multiples of SCAN_BLOCK) and in the short tail past the last
        // whole block; every quantile k/n is asked, so each value is some target's answer.
        let b = SCAN_BLOCK as u64;
        let values = [
            0,
            b - 1,
            b - 1,
            b,
            b + 1,
            2 * b - 1,
            2 * b,
            1_000,
            2_047,
            2_048,
        ];
        for last in [2_048, 2_048 + 1, 2_048 + 3 * b / 2] {
            let (mut ours, mut theirs) = (Hist::new(), reference());
            for v in values.into_iter().chain([last]) {
                ours.record(v);
                theirs.saturating_record(v);
            }
            let n = values.len() + 1;
            let qs: Vec<f64> = (0..=n).map(|k| k as f64 / n as f64).collect();
            let want: Vec<u64> = (qs.iter())
                .map(|&q| theirs.value_at_quantile(q).clamp(0, last.max(2_048)))
                .collect();
            assert_eq!(ours.quantiles(&qs), want, "last value {last}");
        }
    }

    #[test]
    fn merging_adds_counts_of_different_lengths() {
        let (mut a, mut b) = (Hist::new(), Hist::new());
        for v in [5, 10_000, 10_000] {
            a.record(v);
        }
        b.record(3_000_000);
        let m = Hist::union(&[&a, &b]);
        assert_eq!((m.len(), m.max(), m.mean()), (4, 3_000_000, 755_001.25));
        assert_eq!(
            m.quantiles(&[0.0, 0.5, 0.75, 1.0]),
            [5, 10_007, 10_007, 3_000_000]
        );
        assert_eq!(Hist::union(&[&b, &a]).quantiles(&[0.5]), [10_007]);
    }

    #[test]
    fn a_union_holds_what_one_histogram_of_every_value_holds() {
        // Parts that start below, inside and above each other, empty ones among them, and the
        // same part twice: the union's counters, base and statistics are those of one histogram
        // that recorded every value of every part.
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(5);
        for round in 0..40 {
            let parts: Vec<Hist> = (0..1 + round % 6)
                .map(|k| {
                    let mut h = Hist::new();
                    let top = rng.random_range(1.0..36.0);
                    for _ in 0..(k * 37 + round) % 200 {
                        h.record(2f64.powf(rng.random_range(0.0..top)) as u64);
                    }
                    h
                })
                .collect();
            let mut refs: Vec<&Hist> = parts.iter().collect();
            if round % 5 == 0 {
                refs.push(&parts[0]);
            }
            let mut all = Hist::new();
            for h in &refs {
                for (i, &c) in h.counts.iter().enumerate() {
                    for _ in 0..c {
                        all.record(value_of(h.base + i));
                    }
                }
            }
            let u = Hist::union(&refs);
            let trimmed = |h: &Hist| {
                let end = h.counts.iter().rposition(|&c| c > 0).map_or(0, |e| e + 1);
                (h.base, h.counts[..end].to_vec())
            };
            if all.is_empty() {
                assert!(u.counts.iter().all(|&c| c == 0), "round {round}");
            } else {
                assert_eq!(trimmed(&u), trimmed(&all), "round {round}");
            }
            let len: u64 = refs.iter().map(|h| h.len).sum();
            let sum: u128 = refs.iter().map(|h| h.sum).sum();
            let min = refs.iter().map(|h| h.min).min().unwrap_or(u64::MAX);
            let max = refs.iter().map(|h| h.max).max().unwrap_or(0);
            assert_eq!(
                (u.len, u.sum, u.min, u.max),
                (len, sum, min, max),
                "round {round}"
            );
        }
    }

    #[test]
    fn a_part_taken_out_of_a_union_reads_as_the_other_part_recorded() {
        // The warm requests' histogram is the union less the cold ones: it must answer every
        // question as if it had been recorded itself, whichever part starts lower.
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(11);
        let qs: Vec<f64> = (0..=100).map(|i| f64::from(i) / 100.0).collect();
        for (n_kept, n_out, kept_top, out_top) in [
            (1_000, 50, 20.0, 30.0),
            (500, 500, 30.0, 12.0),
            (3, 0, 10.0, 10.0),
            (0, 7, 10.0, 25.0),
            (0, 0, 1.0, 1.0),
        ] {
            let (mut kept, mut out) = (Hist::new(), Hist::new());
            for _ in 0..n_kept {
                kept.record(2f64.powf(rng.random_range(0.0..kept_top)) as u64);
            }
            for _ in 0..n_out {
                out.record(2f64.powf(rng.random_range(0.0..out_top)) as u64);
            }
            let union = Hist::union(&[&out, &kept]);
            let left = union.without(&out, kept.min, kept.max());
            assert_eq!(
                (left.len(), left.sum, left.min, left.max(), left.mean()),
                (kept.len(), kept.sum, kept.min, kept.max(), kept.mean()),
                "{n_kept} kept, {n_out} out"
            );
            assert_eq!(left.quantiles(&qs), kept.quantiles(&qs));
        }
    }

    #[test]
    fn counters_up_to_the_first_reserve_are_never_moved() {
        let mut h = Hist::new();
        h.record(1);
        let at = h.counts.as_ptr();
        let mut v = 1u64;
        while v < FIRST_RESERVE_US {
            h.record(v);
            v = v * 3 / 2 + 1;
        }
        assert_eq!(h.counts.as_ptr(), at, "reallocated below the first reserve");
        assert_eq!(
            h.base + h.counts.len(),
            index_of(h.max()) + 1,
            "only the range covered is written"
        );
        h.record(4 * FIRST_RESERVE_US);
        assert_eq!(h.quantiles(&[1.0]), [4 * FIRST_RESERVE_US]);
    }

    #[test]
    fn values_below_the_first_move_the_array_and_read_as_hdrhistograms() {
        // Each value lower than all before (the array starts at the first one's bucket and
        // moves up at every lower bucket), then the same merged with a higher-starting one.
        let qs: Vec<f64> = (0..=200).map(|i| f64::from(i) / 200.0).collect();
        let (mut ours, mut theirs) = (Hist::new(), reference());
        let mut v = 1u64 << 36;
        while v > 0 {
            ours.record(v);
            theirs.saturating_record(v);
            v = v * 7 / 10;
        }
        assert_eq!(ours.base, 0);
        let want: Vec<u64> = (qs.iter())
            .map(|&q| theirs.value_at_quantile(q).clamp(1, 1 << 36))
            .collect();
        assert_eq!(ours.quantiles(&qs), want);
        let mut high = Hist::new();
        for v in [40_000_000, 3_000_000_000] {
            high.record(v);
            theirs.saturating_record(v);
        }
        assert!(high.base > 0);
        let want: Vec<u64> = (qs.iter())
            .map(|&q| theirs.value_at_quantile(q).clamp(1, 1 << 36))
            .collect();
        assert_eq!(Hist::union(&[&high, &ours]).quantiles(&qs), want);
        assert_eq!(Hist::union(&[&ours, &high]).quantiles(&qs), want);
        assert_eq!(
            Hist::union(&[&Hist::new(), &high]).quantiles(&qs)[200],
            3_000_000_000
        );
    }

    #[test]
    fn an_empty_histogram_allocates_nothing_and_reports_zeros() {
        let h = Hist::new();
        assert!(h.is_empty() && h.counts.capacity() == 0);
        assert_eq!(h.quantiles(&[0.5, 1.0]), [0, 0]);
        assert_eq!(h.mean(), 0.0);
    }

    #[test]
    fn a_pass_starting_at_the_smallest_values_block_reads_as_hdrhistograms() {
        // Every value far above zero, the smallest in the middle of a scan block and in its
        // first and last counters: the pass skips the zero counters below and answers the same.
        let b = SCAN_BLOCK as u64;
        for lowest in [5_000_123, 1_024 + 7 * b, 1_024 + 8 * b - 1] {
            let (mut ours, mut theirs) = (Hist::new(), reference());
            for k in 0..500 {
                let v = lowest + k * k * 37;
                ours.record(v);
                theirs.saturating_record(v);
            }
            let qs: Vec<f64> = (0..=500).map(|k| f64::from(k) / 500.0).collect();
            let top = lowest + 499 * 499 * 37;
            let want: Vec<u64> = (qs.iter())
                .map(|&q| theirs.value_at_quantile(q).clamp(lowest, top))
                .collect();
            assert_eq!(ours.quantiles(&qs), want, "from {lowest}");
        }
    }
}
