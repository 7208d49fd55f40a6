//! Faithful down-sampling of a scatter for a screen of limited width.
//!
//! Drawing 100,000 requests on an 800-pixel-wide canvas paints most pixels many times over.
//! Keeping, per pixel column, only the fastest and the slowest request draws the same picture
//! as far as the eye can tell: every spike and every floor stays visible. Taking "the first N"
//! instead would silently cut off the end of the run.

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
}
