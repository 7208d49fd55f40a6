//! Size sweep: cold-start latency (p50 solid, p99 dashed) against package or image size on a
//! log axis from 1 MB to 10 GB, with the deployment limits drawn as vertical lines.
//!
//! A zip curve ends at its limit: points beyond `limit_mb` are not drawn, because such a
//! package cannot be deployed, and extrapolating past the limit would suggest it could.

use coldstart_core::compare::{self, SweepConfig, SweepPoint, SweepSeries as Curve};
use coldstart_core::{Scenario, ScenarioError};

use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Panel, Scale};
use crate::layout::*;
use crate::ranges::from_zero;
use crate::theme::Theme;
use crate::units::Unit;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One curve of the sweep: a packaging (say, zip or image) measured at several sizes.
///
/// The charts' own input type, so the charts do not depend on how a sweep is computed; the
/// page and the CLI convert their sweep results into it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepSeries {
    /// Legend name, e.g. "zip" or "image".
    pub label: String,
    /// `(size_mb, p50_ms, p99_ms)` per size; any order.
    pub points: Vec<(f64, f64, f64)>,
    /// Largest deployable size, MB; the curve stops there. `None` = no limit inside the axis.
    pub limit_mb: Option<f64>,
}

impl SweepSeries {
    /// The sweep the page and the CLI draw for a scenario: its function as a zip and as the
    /// same code in a container image, over the core's default sizes. One definition, so a
    /// plotted SVG and the live page always show the same curves.
    pub fn for_scenario(base: &Scenario) -> Result<Vec<SweepSeries>, ScenarioError> {
        let config = SweepConfig {
            series: vec![Curve::Zip, Curve::Image],
            ..SweepConfig::default()
        };
        let points = compare::sweep(base, &compare::default_sizes_mb(), &config)?;
        Ok(config
            .series
            .iter()
            .map(|&curve| Self::from_points(curve, &points))
            .collect())
    }

    /// One curve of a core sweep. Where some sizes are refused (past a package limit), the
    /// curve ends at the largest deployable one.
    pub fn from_points(curve: Curve, points: &[SweepPoint]) -> SweepSeries {
        let of_curve = || points.iter().filter(move |p| p.series == curve);
        let accepted: Vec<(f64, f64, f64)> = of_curve()
            .filter_map(|p| Some((p.size_mb, p.p50_ms?, p.p99_ms?)))
            .collect();
        let limit_mb = of_curve()
            .any(|p| p.refused.is_some())
            .then(|| accepted.iter().map(|p| p.0).fold(f64::NAN, f64::max))
            .filter(|x| x.is_finite());
        SweepSeries {
            label: curve.label().to_string(),
            points: accepted,
            limit_mb,
        }
    }

    /// The deployable points with a positive size, by size.
    fn drawable(&self) -> Vec<(f64, f64, f64)> {
        let limit = self.limit_mb.unwrap_or(f64::INFINITY);
        let mut points: Vec<(f64, f64, f64)> = (self.points.iter().copied())
            .filter(|(mb, p50, p99)| {
                mb.is_finite() && *mb > 0.0 && *mb <= limit && p50.is_finite() && p99.is_finite()
            })
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        points
    }
}

/// Ticks at powers of ten in MB up to 100 MB, then at powers of ten in GB (1,024 MB, …), so
/// the axis ends on "10 GB" (the image limit) rather than on 10,000 MB = "9.77 GB".
fn size_ticks(lo: f64, hi: f64) -> Vec<f64> {
    const MB_PER_GB: f64 = 1_024.0;
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    (first..=last)
        .map(|k| {
            if k < 3 {
                10f64.powi(k)
            } else {
                MB_PER_GB * 10f64.powi(k - 3)
            }
        })
        .filter(|mb| (lo..=hi).contains(mb))
        .collect()
}

/// Draws the size sweep.
pub fn draw_sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[SweepSeries],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let drawable: Vec<Vec<(f64, f64, f64)>> = series.iter().map(SweepSeries::drawable).collect();
    let mut legend: Vec<LegendEntry> = (series.iter().enumerate())
        .map(|(i, s)| LegendEntry::new(Swatch::Line, theme.series_color(i), s.label.clone()))
        .collect();
    legend.push(LegendEntry::new(Swatch::Line, theme.muted, "p50"));
    legend.push(LegendEntry::new(Swatch::Dashed, theme.muted, "p99"));
    legend.push(LegendEntry::new(Swatch::Dashed, theme.reference, "limit"));
    let title = "Cold start vs package size";
    if drawable.iter().all(Vec::is_empty) {
        return frame::empty(
            area,
            theme,
            title,
            "No sweep to show: run a size sweep first",
        );
    }
    let frame = frame::begin(area, theme, title, &legend)?;

    let sizes = drawable.iter().flatten().map(|p| p.0);
    let (lo, hi) = sizes.fold((SWEEP_MIN_MB, SWEEP_MAX_MB), |(lo, hi), mb| {
        (lo.min(mb), hi.max(mb))
    });
    let x_axis = Axis::numeric("size", Unit::Megabytes, Scale::Log, (lo, hi));
    let top = drawable
        .iter()
        .flatten()
        .map(|p| p.1.max(p.2))
        .fold(0.0, f64::max);
    let y_range = from_zero(top, SWEEP_LABEL_HEADROOM);
    let y_axis = Axis::numeric("cold start", Unit::Milliseconds, Scale::Linear, y_range);

    let style = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut chart = frame::builder(&frame.body, theme, &style).build_cartesian_2d(
        (lo..hi).log_scale().with_key_points(size_ticks(lo, hi)),
        y_range.0..y_range.1,
    )?;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords("", chart.as_coord_spec(), x_axis, y_axis);

    // Limits first, under the curves; their labels step down so neighbours never collide.
    let limit_style = theme.reference.stroke_width(CURVE_STROKE_PX);
    let label_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.muted),
        HPos::Right,
        VPos::Top,
    );
    for (row, (mb, label)) in SWEEP_LIMITS.into_iter().enumerate() {
        if !(lo..=hi).contains(&mb) {
            continue;
        }
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(mb, y_range.0), (mb, y_range.1)],
            DASH_PX,
            DASH_GAP_PX,
            limit_style,
        )))?;
        let dy = LEGEND_GAP_PX / 2 + LEGEND_ROW_PX * i32::try_from(row).unwrap_or(0);
        chart.draw_series(std::iter::once(
            EmptyElement::at((mb, y_range.1))
                + Text::new(label.to_owned(), (-LEGEND_GAP_PX, dy), label_style.clone()),
        ))?;
    }

    for (i, points) in drawable.iter().enumerate() {
        let color = theme.series_color(i);
        let line = color.stroke_width(CURVE_STROKE_PX);
        chart.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), line))?;
        chart.draw_series(std::iter::once(DashedPathElement::new(
            points.iter().map(|p| (p.0, p.2)).collect::<Vec<_>>(),
            DASH_PX,
            DASH_GAP_PX,
            line,
        )))?;
        chart.draw_series(
            points
                .iter()
                .map(|p| Circle::new((p.0, p.1), MARKER_RADIUS_PX, color.filled())),
        )?;
    }
    Ok(ChartGeometry {
        panels: vec![panel],
    })
}
