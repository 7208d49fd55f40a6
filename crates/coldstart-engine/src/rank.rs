//! Putting things in order by a number, through one sort routine for the whole program.
//!
//! Every `sort_by` or `sort_by_key` with its own closure or element type is a separate copy of
//! the standard library's sort: about 7 KB of wasm for a stable sort. The page's module held
//! fourteen of them (97 KB before compression, 5 % of it) for lists that are mostly a few dozen
//! items long. Here each item's key is packed into a [`Key`], the `(key, position)` pairs are
//! sorted by the one routine, and the items are moved into that order. Ties keep their original
//! order, so [`by_key`] is a stable sort.

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
}

/// Sorts `items` by `key`, stably (equal keys keep their order).
pub fn by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> Key) {
    let order = order_of(items.iter().map(key).collect());
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    // `order` is a permutation of the positions, so each slot is taken exactly once.
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The positions of `keys` in sorted order, ties by position: the program's one sort routine.
fn order_of(keys: Vec<Key>) -> Vec<usize> {
    let mut pairs: Vec<(Key, usize)> = keys.into_iter().zip(0..).collect();
    pairs.sort_unstable();
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
