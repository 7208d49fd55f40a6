//! Faithful down-sampling of a scatter for a screen of limited width.
//!
//! Drawing 100,000 requests on an 800-pixel-wide canvas paints most pixels many times over.
//! Keeping, per pixel column, only the fastest and the slowest request draws the same picture
//! as far as the eye can tell: every spike and every floor stays visible. Taking "the first N"
//! instead would silently cut off the end of the run.
//!
//! Extremes alone overstate the spread, though: the more requests a column holds, the further
//! apart its fastest and slowest are, so a busy minute looks wider than a quiet one with the
//! same distribution. [`column_quantiles`] gives each column group's median and p1–p99, which
//! do not grow with the count: the timeline draws those, and the extremes faintly.

/// Keeps, for each of `columns` equal slices of `x_range`, the point with the smallest and the
/// point with the largest y (one point when they coincide). Output is ordered by column, and
/// within a column by x.
///
/// Points outside `x_range` count towards the nearest edge column, and non-finite points are
/// skipped. When there are no more than two points per column the input already fits the
/// budget and is returned unchanged (apart from skipping non-finite points). A degenerate range
/// (`x_range.1 <= x_range.0`) puts every point in one column.
pub fn downsample_extremes(
    points: &[(f64, f64)],
    x_range: (f64, f64),
    columns: usize,
) -> Vec<(f64, f64)> {
    let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
    if columns == 0 || points.len() <= 2 * columns {
        return points.iter().filter(finite).copied().collect();
    }
    let (start, end) = x_range;
    let width = end - start;
    let column_of = |x: f64| -> usize {
        if width.is_nan() || width <= 0.0 {
            return 0;
        }
        let c = ((x - start) / width * columns as f64).floor();
        // Casting a negative float saturates to 0; the upper edge is clamped explicitly.
        (c.max(0.0) as usize).min(columns - 1)
    };
    // Indices of the lowest and highest point seen in each column.
    let mut extremes: Vec<Option<(usize, usize)>> = vec![None; columns];
    for (i, point) in points.iter().enumerate().filter(|(_, p)| finite(p)) {
        let slot = &mut extremes[column_of(point.0)];
        *slot = Some(match *slot {
            None => (i, i),
            Some((lo, hi)) => (
                if point.1 < points[lo].1 { i } else { lo },
                if point.1 > points[hi].1 { i } else { hi },
            ),
        });
    }
    let mut out = Vec::with_capacity(2 * columns);
    for (lo, hi) in extremes.into_iter().flatten() {
        let (a, b) = (points[lo], points[hi]);
        if lo == hi {
            out.push(a);
        } else if a.0 <= b.0 {
            out.extend([a, b]);
        } else {
            out.extend([b, a]);
        }
    }
    out
}

/// One group of pixel columns: its middle x, the number of points in it and their y at each
/// requested quantile.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnQuantiles {
    /// Middle of the group's slice of the x range.
    pub x: f64,
    /// Points in the group.
    pub count: usize,
    /// The y at each requested quantile (nearest rank), in the order asked.
    pub y: Vec<f64>,
}

/// For each of `groups` equal slices of `x_range` that holds a point, the y values at the
/// quantiles `qs` (nearest rank: the smallest y with at least `q` of the slice's points at or
/// below it). Points outside the range count towards the nearest edge slice; non-finite points
/// are skipped. Ordered by x.
pub fn column_quantiles(
    points: &[(f64, f64)],
    x_range: (f64, f64),
    groups: usize,
    qs: &[f64],
) -> Vec<ColumnQuantiles> {
    if groups == 0 {
        return Vec::new();
    }
    let (start, end) = x_range;
    let width = end - start;
    let slice = |x: f64| -> usize {
        if width.is_nan() || width <= 0.0 {
            return 0;
        }
        let c = ((x - start) / width * groups as f64).floor();
        (c.max(0.0) as usize).min(groups - 1)
    };
    let mut ys: Vec<Vec<f64>> = vec![Vec::new(); groups];
    for &(x, y) in points.iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
        ys[slice(x)].push(y);
    }
    let step = if width > 0.0 {
        width / groups as f64
    } else {
        0.0
    };
    (ys.into_iter().enumerate())
        .filter(|(_, v)| !v.is_empty())
        .map(|(i, mut v)| ColumnQuantiles {
            x: start + (i as f64 + 0.5) * step,
            count: v.len(),
            y: order_statistics(&mut v, qs),
        })
        .collect()
}

/// The y at each quantile of `qs` (nearest rank) among `v`, in the order asked, as sorting `v`
/// would give them: each is an order statistic, found by selection among the values not yet
/// placed, which costs a fraction of a sort (the timeline's band asks for three per group).
/// `v` ends partly ordered.
fn order_statistics(v: &mut [f64], qs: &[f64]) -> Vec<f64> {
    let n = v.len();
    let rank = |q: f64| ((q.clamp(0.0, 1.0) * n as f64).ceil() as usize).clamp(1, n) - 1;
    // As `u64`s for the program's one sort of integers (`coldstart_core::rank`).
    let mut wanted: Vec<u64> = qs.iter().map(|&q| rank(q) as u64).collect();
    coldstart_core::rank::sort_u64(&mut wanted);
    wanted.dedup();
    // Each selection leaves the values at or below its rank before it, so the next (higher)
    // rank is selected among those after it only.
    let mut placed = 0;
    for k in wanted.into_iter().map(|k| k as usize) {
        v[placed..].select_nth_unstable_by(k - placed, f64::total_cmp);
        placed = k + 1;
    }
    qs.iter().map(|&q| v[rank(q)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic, irregular scatter: x spread over 0..100 out of order, y with spikes.
    fn scatter(n: usize) -> Vec<(f64, f64)> {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|_| {
                // xorshift64: enough irregularity for a test, no dependency.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let x = (state % 100_000) as f64 / 1_000.0;
                let y = ((state >> 20) % 10_000) as f64 / 10.0;
                (x, y)
            })
            .collect()
    }

    #[test]
    fn every_column_keeps_its_minimum_and_maximum() {
        let points = scatter(20_000);
        let columns = 37;
        let kept = downsample_extremes(&points, (0.0, 100.0), columns);
        assert!(kept.len() <= 2 * columns, "{} points kept", kept.len());
        for c in 0..columns {
            let (lo, hi) = (c as f64 * 100.0 / 37.0, (c + 1) as f64 * 100.0 / 37.0);
            let in_column = |p: &&(f64, f64)| p.0 >= lo && p.0 < hi;
            let all: Vec<f64> = points.iter().filter(in_column).map(|p| p.1).collect();
            let ours: Vec<f64> = kept.iter().filter(in_column).map(|p| p.1).collect();
            let min = all.iter().copied().fold(f64::INFINITY, f64::min);
            let max = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            assert!(
                ours.contains(&min),
                "column {c}: minimum {min} lost, kept {ours:?}"
            );
            assert!(
                ours.contains(&max),
                "column {c}: maximum {max} lost, kept {ours:?}"
            );
        }
        assert!(kept.iter().all(|p| points.contains(p)), "invented a point");
    }

    #[test]
    fn the_end_of_the_run_survives() {
        // "First N" would drop the spike at the very end.
        let mut points: Vec<(f64, f64)> = (0..10_000).map(|i| (f64::from(i), 10.0)).collect();
        points.push((10_000.0, 5_000.0));
        let kept = downsample_extremes(&points, (0.0, 10_000.0), 100);
        assert!(kept.contains(&(10_000.0, 5_000.0)));
    }

    #[test]
    fn few_points_are_kept_unchanged() {
        let points = scatter(50);
        assert_eq!(downsample_extremes(&points, (0.0, 100.0), 25), points);
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let points = scatter(1_000);
        let one_column = downsample_extremes(&points, (5.0, 5.0), 500);
        assert_eq!(one_column, points, "under budget: unchanged");
        let squeezed = downsample_extremes(&points, (5.0, 5.0), 10);
        assert_eq!(squeezed.len(), 2, "a degenerate range is one column");
        assert!(downsample_extremes(&[], (0.0, 1.0), 10).is_empty());
        assert!(downsample_extremes(&points, (0.0, 1.0), 0).len() == points.len());
        let with_nan = [(f64::NAN, 1.0), (1.0, f64::INFINITY), (2.0, 3.0)];
        assert_eq!(
            downsample_extremes(&with_nan, (0.0, 4.0), 1),
            vec![(2.0, 3.0)]
        );
    }

    /// Selection gives each quantile as sorting does, whatever the order of `qs`, with
    /// repeated values, signed zeros and a single value.
    #[test]
    fn order_statistics_are_the_sorted_values_at_their_ranks() {
        let by_sorting = |v: &[f64], qs: &[f64]| -> Vec<f64> {
            let mut v = v.to_vec();
            v.sort_unstable_by(f64::total_cmp);
            let n = v.len();
            (qs.iter())
                .map(|&q| v[((q.clamp(0.0, 1.0) * n as f64).ceil() as usize).clamp(1, n) - 1])
                .collect()
        };
        let qs_list: [&[f64]; 4] = [
            &[0.01, 0.5, 0.99],
            &[0.99, 0.01, 0.5, 0.5],
            &[0.0, 1.0, -1.0, 2.0],
            &[0.25],
        ];
        for n in [1, 2, 3, 7, 100, 1_001, 5_000] {
            let mut v: Vec<f64> = scatter(n).into_iter().map(|p| p.1).collect();
            v.extend([0.0, -0.0, 3.0, 3.0].iter().take(n.min(4)));
            for qs in qs_list {
                let expected = by_sorting(&v, qs);
                let got = order_statistics(&mut v.clone(), qs);
                assert_eq!(
                    got.iter().map(|y| y.to_bits()).collect::<Vec<_>>(),
                    expected.iter().map(|y| y.to_bits()).collect::<Vec<_>>(),
                    "n {n}, qs {qs:?}"
                );
            }
        }
    }

    #[test]
    fn column_quantiles_do_not_widen_with_the_count() {
        // Two slices with the same distribution (y = 1..=100 repeated), one ten times busier:
        // the extremes are the same, and so are the median and the p1–p99 band.
        let mut points = Vec::new();
        for (x, copies) in [(0.25, 1), (0.75, 10)] {
            for _ in 0..copies {
                points.extend((1..=100).map(|y| (x, f64::from(y))));
            }
        }
        let q = column_quantiles(&points, (0.0, 1.0), 2, &[0.01, 0.5, 0.99]);
        assert_eq!(q.len(), 2);
        assert_eq!((q[0].x, q[0].count), (0.25, 100));
        assert_eq!((q[1].x, q[1].count), (0.75, 1_000));
        assert_eq!(q[0].y, [1.0, 50.0, 99.0]);
        assert_eq!(q[1].y, q[0].y);
    }

    #[test]
    fn column_quantiles_skip_empty_slices_and_bad_points() {
        let points = [
            (0.1, 5.0),
            (f64::NAN, 1.0),
            (0.1, f64::INFINITY),
            (-3.0, 7.0),
        ];
        let q = column_quantiles(&points, (0.0, 1.0), 4, &[0.5, 1.0]);
        assert_eq!(q.len(), 1, "one slice holds points");
        assert_eq!(q[0].count, 2);
        assert_eq!(q[0].y, [5.0, 7.0]);
        assert!(column_quantiles(&points, (0.0, 1.0), 0, &[0.5]).is_empty());
    }
}
