//! The one plotters coordinate type of every chart's axes, linear or log chosen at run time.
//!
//! plotters compiles its chart builder, mesh, axis and label code once per pair of coordinate
//! types. With `f64` ranges, `log_scale()` and `with_key_points` mixed across the charts that
//! was five copies (≈ 37 KB of the page's wasm, docs/benchmarks.md); every axis is now a
//! [`Coord`], which maps and picks key points exactly as the plotters type it stands for
//! (`RangedCoordf64`, `LogCoord<f64>`, either with fixed key points), so the pictures are the
//! same.

use plotters::coord::combinators::{IntoLogRange, LogCoord};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;

/// One axis' mapping from data to pixels: plotters' linear or log `f64` coordinate, and the
/// key points the chart fixed, if any.
pub(crate) struct Coord {
    mapping: Mapping,
    /// Bold key points (ticks and grid lines) chosen by the chart instead of plotters; such an
    /// axis has no light ones, as plotters' `with_key_points`.
    fixed_ticks: Option<Vec<f64>>,
}

enum Mapping {
    Linear(RangedCoordf64),
    Log(LogCoord<f64>),
}

impl Coord {
    /// Equal distances are equal differences.
    pub(crate) fn linear(range: Range<f64>) -> Self {
        Coord {
            mapping: Mapping::Linear(range.into()),
            fixed_ticks: None,
        }
    }

    /// Equal distances are equal ratios (base 10, as `range.log_scale()`).
    pub(crate) fn log(range: Range<f64>) -> Self {
        Coord {
            mapping: Mapping::Log(range.log_scale().into()),
            fixed_ticks: None,
        }
    }

    /// The same mapping with the chart's own ticks instead of plotters' choice.
    pub(crate) fn with_ticks(self, ticks: Vec<f64>) -> Self {
        Coord {
            fixed_ticks: Some(ticks),
            ..self
        }
    }
}

impl Ranged for Coord {
    // Tick labels always come from the chart's own formatter (`frame::draw_axes_at_most`).
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        match &self.mapping {
            Mapping::Linear(coord) => coord.map(value, limit),
            Mapping::Log(coord) => coord.map(value, limit),
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        match (&self.fixed_ticks, &self.mapping) {
            (Some(_), _) if hint.weight().allow_light_points() => Vec::new(),
            (Some(ticks), _) => ticks.clone(),
            (None, Mapping::Linear(coord)) => coord.key_points(hint),
            (None, Mapping::Log(coord)) => coord.key_points(hint),
        }
    }

    fn range(&self) -> Range<f64> {
        match &self.mapping {
            Mapping::Linear(coord) => coord.range(),
            Mapping::Log(coord) => coord.range(),
        }
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        match &self.mapping {
            Mapping::Linear(coord) => coord.axis_pixel_range(limit),
            Mapping::Log(coord) => coord.axis_pixel_range(limit),
        }
    }
}

impl ValueFormatter<f64> for Coord {
    /// What plotters would write for a tick without the chart's formatter (none of the charts
    /// asks for that): its linear axes' short decimal, its log axes' `Debug` form.
    fn format_ext(&self, value: &f64) -> String {
        match &self.mapping {
            Mapping::Linear(coord) => coord.format_ext(value),
            Mapping::Log(_) => format!("{value:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::coord::combinators::BindKeyPoints;
    use plotters::coord::ranged1d::{BoldPoints, LightPoints};

    const LIMITS: [(i32, i32); 3] = [(0, 800), (540, 20), (13, 14)];
    /// Where values fall on the axis: before, at and between its ends, and past them.
    const SHARES: [f64; 7] = [-0.5, 0.0, 0.001, 0.37, 0.5, 1.0, 1.5];

    /// The coordinate maps, picks key points and spans pixels exactly as the plotters type it
    /// stands for, over ranges of many shapes (tiny, wide, reversed, from zero).
    #[test]
    fn maps_and_ticks_as_plotters() {
        let ranges = [
            (0.0, 1.0),
            (1.0, 1e6),
            (0.3, 0.31),
            (5.0, 2.0),
            (0.0, 250.0),
        ];
        for (lo, hi) in ranges {
            let ours = Coord::linear(lo..hi);
            let theirs: RangedCoordf64 = (lo..hi).into();
            same(&ours, &theirs, lo, hi);
            let ours = Coord::log(lo..hi);
            let theirs: LogCoord<f64> = (lo..hi).log_scale().into();
            same(&ours, &theirs, lo, hi);
            let ticks = vec![lo, (lo + hi) / 2.0, hi];
            let ours = Coord::log(lo..hi).with_ticks(ticks.clone());
            let theirs = (lo..hi).log_scale().with_key_points(ticks);
            same(&ours, &theirs, lo, hi);
        }
    }

    fn same<R: Ranged<ValueType = f64>>(ours: &Coord, theirs: &R, lo: f64, hi: f64) {
        let bits = |v: Vec<f64>| v.into_iter().map(f64::to_bits).collect::<Vec<_>>();
        assert_eq!(ours.range(), theirs.range(), "{lo}..{hi}");
        for limit in LIMITS {
            assert_eq!(ours.axis_pixel_range(limit), theirs.axis_pixel_range(limit));
            for value in SHARES.map(|share| lo + share * (hi - lo)) {
                let (a, b) = (ours.map(&value, limit), theirs.map(&value, limit));
                assert_eq!(a, b, "{lo}..{hi}: {value} in {limit:?}");
            }
        }
        for n in [0, 1, 2, 5, 12, 100] {
            let (a, b) = (
                ours.key_points(BoldPoints(n)),
                theirs.key_points(BoldPoints(n)),
            );
            assert_eq!(bits(a), bits(b), "{lo}..{hi}: {n} bold points");
            let (a, b) = (
                ours.key_points(LightPoints::new(n, 4 * n)),
                theirs.key_points(LightPoints::new(n, 4 * n)),
            );
            assert_eq!(bits(a), bits(b), "{lo}..{hi}: {n} light points");
        }
    }
}
