//! Putting things in order by a number, through one sort routine for the whole program.
//!
//! Every `sort_by` or `sort_by_key` with its own closure or element type is a separate copy of
//! the standard library's sort: about 7 KB of wasm for a stable sort. The page's module held
//! fourteen of them (97 KB before compression, 5 % of it) for lists that are mostly a few dozen
//! items long. Here each item's key is packed into a [`Key`], the `(key, position)` pairs are
//! sorted by the one routine (a radix sort: [`order_of`]), and the items are moved into that
//! order. Ties keep their original
//! order, so [`by_key`] is a stable sort.
//!
//! Lists of plain numbers are sorted in place by [`sort_u64`] instead, `f64`s as their `u64`
//! images by [`sort_f64`] (no key list: a trace's arrival times may be millions long). The
//! standard library's unstable sort is likewise one copy per element type, crate and comparison
//! (4 to 6 KB of wasm each): the page's module held two for `f64` (the engine's and the core's)
//! and four more for `u64`-like lists (a trace's times, the warm-up bins, a chart's quantile
//! ranks and reading order), all now one.

/// A sort key: an order-preserving `u64` image of a number, ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key(u64);

impl Key {
    /// Ascending in [`f64::total_cmp`]'s order (−NaN < −∞ < … < −0 < +0 < … < +∞ < NaN).
    pub fn ascending_f64(x: f64) -> Self {
        // The IEEE 754 totalOrder trick: flip every bit of a negative number (so larger
        // magnitudes sort first) and only the sign bit of a positive one.
        let bits = x.to_bits();
        Key(if bits >> 63 == 1 {
            !bits
        } else {
            bits | 1 << 63
        })
    }

    /// Descending in [`f64::total_cmp`]'s order: the exact reverse of [`Key::ascending_f64`].
    pub fn descending_f64(x: f64) -> Self {
        Key(!Key::ascending_f64(x).0)
    }

    /// Ascending.
    pub fn ascending_u64(x: u64) -> Self {
        Key(x)
    }

    /// Descending.
    pub fn descending_u64(x: u64) -> Self {
        Key(!x)
    }

    /// Ascending, negative numbers first: the sign bit flipped maps `i64::MIN..=i64::MAX` onto
    /// `0..=u64::MAX` in order.
    pub fn ascending_i64(x: i64) -> Self {
        Key(x.cast_unsigned() ^ 1 << 63)
    }
}

/// Sorts `items` by `key`, stably (equal keys keep their order).
///
/// The items are moved into their order in place, cycle by cycle: no second list of them (a
/// run's 20,000-record request sample is ~2 MB).
pub fn by_key<T>(items: &mut [T], key: impl Fn(&T) -> Key) {
    let mut order = order_of(items.iter().map(key).collect());
    // `order[k]` is the position of the item that goes to `k`. Following each cycle of that
    // permutation, a swap puts one item in its place; a position done is marked `usize::MAX`.
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = std::mem::replace(&mut order[at], usize::MAX);
            if from == usize::MAX || from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `values` ascending in [`f64::total_cmp`]'s order. Unstable, which for numbers cannot
/// show: values that compare equal under `total_cmp` have the same bits.
///
/// The numbers are sorted as their order-preserving images ([`Key::ascending_f64`]) by
/// [`sort_u64`], so the program holds one copy of the standard library's sort for both types.
/// Turning the list into its images and back reuses its allocation (`into_iter().map().collect()`
/// between types of one size and alignment; a test checks it), so a trace's millions of arrival
/// times are never held twice.
pub fn sort_f64(values: &mut Vec<f64>) {
    let mut keys: Vec<u64> = (std::mem::take(values).into_iter())
        .map(|x| Key::ascending_f64(x).0)
        .collect();
    sort_u64(&mut keys);
    *values = keys.into_iter().map(f64_of_ascending).collect();
}

/// The number whose [`Key::ascending_f64`] is `key`.
fn f64_of_ascending(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

/// Sorts `values` ascending, in place (equal numbers are indistinguishable, so unstable is
/// exact). Never inlined, so that the program keeps one copy of the sort (see the module's
/// documentation).
#[inline(never)]
pub fn sort_u64(values: &mut [u64]) {
    values.sort_unstable();
}

/// The length from which [`order_of`] sorts by radix: below it, a pass's 256 counters cost more
/// than the insertion sort's comparisons (quadratic, but on a few dozen pairs).
const RADIX_MIN_LEN: usize = 64;

/// Sorts `(key, position)` pairs by key, stably: each pair moves left past larger keys only.
fn insertion_sort(pairs: &mut [(u64, usize)]) {
    for i in 1..pairs.len() {
        let mut j = i;
        while j > 0 && pairs[j - 1].0 > pairs[j].0 {
            pairs.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The positions of `keys` in sorted order, ties by position: the program's one sort routine.
///
/// A least-significant-byte-first radix sort of the `(key, position)` pairs: each pass
/// distributes them stably by one byte of the key, so ties keep their order, and a byte equal
/// in every key is skipped. A run's request sample (20,000 records in arrival order, keys under
/// 2^24: three passes) sorts in about a sixth of the instructions of the standard library's
/// comparison sort, and the program holds one small routine instead of that sort's several.
/// Short lists (a histogram's dozen quantiles, sorted at every report) are sorted by insertion
/// instead: each radix pass costs 256 counters whatever the length, which made a report's
/// fifteen small sorts ~180,000 instructions, 1.5 % of a preset's run.
fn order_of(keys: Vec<Key>) -> Vec<usize> {
    let mut pairs: Vec<(u64, usize)> = keys.into_iter().map(|k| k.0).zip(0..).collect();
    if pairs.len() < RADIX_MIN_LEN {
        insertion_sort(&mut pairs);
        return pairs.into_iter().map(|(_, i)| i).collect();
    }
    let first = pairs.first().map_or(0, |p| p.0);
    let varying = pairs.iter().fold(0, |bits, p| bits | (p.0 ^ first));
    let mut spare = vec![(0, 0); pairs.len()];
    for shift in (0..u64::BITS).step_by(8) {
        if (varying >> shift) & 0xff == 0 {
            continue;
        }
        let byte = |key: u64| ((key >> shift) & 0xff) as usize;
        // Where each byte value's pairs start, then the pairs moved there in order.
        let mut at = [0usize; 256];
        for p in &pairs {
            at[byte(p.0)] += 1;
        }
        let mut start = 0;
        for slot in &mut at {
            (*slot, start) = (start, start + *slot);
        }
        for &p in &pairs {
            let slot = &mut at[byte(p.0)];
            spare[*slot] = p;
            *slot += 1;
        }
        std::mem::swap(&mut pairs, &mut spare);
    }
    pairs.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same order as the standard library's stable sort with `total_cmp`, ties included
        /// (each item carries its original position, so a swapped tie would show).
        #[test]
        fn ascending_f64_is_a_stable_total_cmp_sort(xs in prop::collection::vec(
            prop_oneof![any::<f64>(), Just(0.0), Just(-0.0), Just(1.5), Just(f64::NAN), Just(-f64::NAN)],
            0..60,
        )) {
            let items: Vec<(f64, usize)> = xs.iter().copied().zip(0..).collect();
            let mut want = items.clone();
            want.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut got = items.clone();
            by_key(&mut got, |&(x, _)| Key::ascending_f64(x));
            prop_assert_eq!(bits(&got), bits(&want));

            let mut want = items.clone();
            want.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut got = items;
            by_key(&mut got, |&(x, _)| Key::descending_f64(x));
            prop_assert_eq!(bits(&got), bits(&want));
        }

        #[test]
        fn u64_keys_sort_stably_both_ways(xs in prop::collection::vec(0u64..5, 0..60)) {
            let items: Vec<(u64, usize)> = xs.iter().copied().zip(0..).collect();
            let mut want = items.clone();
            want.sort_by_key(|&(x, _)| x);
            let mut got = items.clone();
            by_key(&mut got, |&(x, _)| Key::ascending_u64(x));
            prop_assert_eq!(&got, &want);

            let mut want = items.clone();
            want.sort_by_key(|&(x, _)| std::cmp::Reverse(x));
            let mut got = items;
            by_key(&mut got, |&(x, _)| Key::descending_u64(x));
            prop_assert_eq!(&got, &want);
        }
    }

    proptest! {
        /// The in-place number sorts give the standard library's order, bit for bit (NaNs and
        /// signed zeros included), and `i64` keys order as the integers do.
        #[test]
        fn number_sorts_and_i64_keys_match_the_standard_order(
            fs in prop::collection::vec(
                prop_oneof![any::<f64>(), Just(0.0), Just(-0.0), Just(f64::NAN), Just(-f64::NAN)],
                0..80,
            ),
            us in prop::collection::vec(prop_oneof![any::<u64>(), 0u64..4], 0..80),
            is in prop::collection::vec(prop_oneof![any::<i64>(), -2i64..2, Just(i64::MIN)], 0..80),
        ) {
            let mut want = fs.clone();
            want.sort_by(f64::total_cmp);
            let mut got = fs;
            sort_f64(&mut got);
            let to_bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(to_bits(&got), to_bits(&want));

            let mut want = us.clone();
            want.sort();
            let mut got = us;
            sort_u64(&mut got);
            prop_assert_eq!(got, want);

            let items: Vec<(i64, usize)> = is.iter().copied().zip(0..).collect();
            let mut want = items.clone();
            want.sort_by_key(|&(x, _)| x);
            let mut got = items;
            by_key(&mut got, |&(x, _)| Key::ascending_i64(x));
            prop_assert_eq!(got, want);
        }
    }

    proptest! {
        /// Keys differing in any of their bytes, some in many, with ties, in lists longer than
        /// a byte's 256 values: the radix sort's passes and skipped bytes against the standard
        /// library's stable sort.
        #[test]
        fn wide_u64_keys_sort_stably(xs in prop::collection::vec(
            prop_oneof![any::<u64>(), 0u64..4, 0u64..1 << 20, Just(u64::MAX)],
            0..700,
        )) {
            let items: Vec<(u64, usize)> = xs.iter().copied().zip(0..).collect();
            let mut want = items.clone();
            want.sort_by_key(|&(x, _)| x);
            let mut got = items;
            by_key(&mut got, |&(x, _)| Key::ascending_u64(x));
            prop_assert_eq!(&got, &want);
        }
    }

    /// `sort_f64` sorts the list where it is: turning it into keys and back keeps the one
    /// allocation (the memory bound of a large trace relies on it).
    #[test]
    fn sort_f64_keeps_the_list_where_it_is() {
        let mut values: Vec<f64> = (0..5_000)
            .map(|i| f64::from((i * 7_919) % 1_000) - 500.0)
            .collect();
        let (at, capacity) = (values.as_ptr(), values.capacity());
        sort_f64(&mut values);
        assert_eq!((values.as_ptr(), values.capacity()), (at, capacity));
        assert!(values.is_sorted());
        assert_eq!(values.first(), Some(&-500.0));
    }

    fn bits(v: &[(f64, usize)]) -> Vec<(u64, usize)> {
        v.iter().map(|&(x, i)| (x.to_bits(), i)).collect()
    }

    #[test]
    fn extremes_are_ordered_like_total_cmp() {
        let xs = [
            f64::NAN,
            f64::INFINITY,
            1.0,
            0.0,
            -0.0,
            -1.0,
            f64::NEG_INFINITY,
            -f64::NAN,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(
                    Key::ascending_f64(a).cmp(&Key::ascending_f64(b)),
                    a.total_cmp(&b),
                    "{a} vs {b}"
                );
            }
        }
    }
}
