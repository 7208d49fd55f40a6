//! Size sweep: cold-start latency (p50 solid, p99 dashed) against package or image size on a
//! log axis from 1 MB to 10 GB, with the deployment limits drawn as vertical lines.
//!
//! A zip curve ends at its limit: points beyond `limit_mb` are not drawn, because such a
//! package cannot be deployed, and extrapolating past the limit would suggest it could.
//!
//! The cold-start axis is logarithmic too. An image that reads all of 10 GB at init takes
//! tens of seconds, a zip a few hundred milliseconds: on a linear axis the first flattens the
//! region where the packaging choice is actually made (1–250 MB) into one line at the bottom.
//! On a log axis equal distances are equal ratios, so "twice as slow" looks the same at
//! 300 ms as at 30 s, and the lazy image's curve reads against the zip's at any size.

use crate::coord::Coord;
use coldstart_core::Report;
use coldstart_core::package::Package;
use coldstart_core::report::ColdStartPhase;
use coldstart_core::sweep::{SweepPoint, SweepSeries as Curve};

use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, Scale};
use crate::layout::*;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::rank::{self, Key};
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
    /// The compared variants packaged this way, each marked at its own size (the x this curve
    /// uses) and its cold-start init-cost median from its report; empty when the caller has
    /// no report to place.
    pub markers: Vec<SweepMarker>,
}

/// One compared variant placed on the sweep: a diamond in the variant's colour, labelled with
/// its name, so the curves read against the choice the user is actually making.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepMarker {
    /// The variant's name.
    pub name: String,
    /// The variant's index, for its colour ([`Theme::series_color`]).
    pub variant: usize,
    /// Its package size, MB, on this curve's x.
    pub size_mb: f64,
    /// The median of its cold starts' init cost (code fetch, bootstrap, init), ms.
    pub p50_ms: f64,
}

impl SweepSeries {
    /// Every curve of a core sweep, in the order the points name them.
    pub fn from_sweep(points: &[SweepPoint]) -> Vec<SweepSeries> {
        let mut curves: Vec<Curve> = Vec::new();
        for p in points {
            if !curves.contains(&p.series) {
                curves.push(p.series);
            }
        }
        (curves.into_iter())
            .map(|curve| Self::from_points(curve, points))
            .collect()
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
            markers: Vec::new(),
        }
    }

    /// Marks a compared variant on the curve of its packaging: a zip at its unzipped size on
    /// the zip curve, an image at its image size on the curve whose x is the image size. The
    /// y is the median of its cold starts' init cost (code fetch, bootstrap and init, the part
    /// the sweep draws), summed from its report's phase medians. Nothing without cold starts
    /// or without that curve.
    pub fn mark_variant(
        series: &mut [SweepSeries],
        variant: usize,
        name: &str,
        package: &Package,
        report: &Report,
    ) {
        if report.latency_ms.cold.count == 0 {
            return;
        }
        let (curve, size_mb) = match package {
            Package::Zip { unzipped_mb, .. } => (Curve::Zip, *unzipped_mb),
            Package::Image { image_mb, .. } => (Curve::ImageLazy, *image_mb),
        };
        let p50_ms = [
            ColdStartPhase::CodeFetch,
            ColdStartPhase::Bootstrap,
            ColdStartPhase::Init,
        ]
        .iter()
        .map(|phase| phase.of(&report.phases_ms).p50)
        .sum();
        if let Some(s) = series.iter_mut().find(|s| s.label == curve.label()) {
            s.markers.push(SweepMarker {
                name: name.to_string(),
                variant,
                size_mb,
                p50_ms,
            });
        }
    }

    /// The deployable points that log axes can show (positive size and latencies), by size.
    fn drawable(&self) -> Vec<(f64, f64, f64)> {
        let limit = self.limit_mb.unwrap_or(f64::INFINITY);
        let positive = |v: f64| v.is_finite() && v > 0.0;
        let mut points: Vec<(f64, f64, f64)> = (self.points.iter().copied())
            .filter(|&(mb, p50, p99)| positive(mb) && mb <= limit && positive(p50) && positive(p99))
            .collect();
        rank::by_key(&mut points, |p| Key::ascending_f64(p.0));
        points
    }

    /// The markers log axes can show (positive size and time).
    fn drawable_markers(&self) -> impl Iterator<Item = &SweepMarker> {
        let positive = |v: f64| v.is_finite() && v > 0.0;
        (self.markers.iter()).filter(move |m| positive(m.size_mb) && positive(m.p50_ms))
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

/// The 1-2-5 steps of a decade, then sparser ones: the densest set whose ticks fit is used.
const LOG_TICK_STEPS: [&[f64]; 3] = [&[1.0, 2.0, 5.0], &[1.0, 3.0], &[1.0]];

/// Ticks of a log axis from `lo` to `hi`: 1-2-5 per decade (100, 200, 500, 1,000 …), or
/// sparser when more than `max` would not fit; always at least the decades inside the range.
pub(crate) fn log_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let in_range = |steps: &[f64]| -> Vec<f64> {
        (first..=last)
            .flat_map(|k| steps.iter().map(move |m| m * 10f64.powi(k)))
            .filter(|v| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9))
            .collect()
    };
    LOG_TICK_STEPS
        .iter()
        .map(|steps| in_range(steps))
        .find(|ticks| ticks.len() <= max)
        .unwrap_or_else(|| in_range(&[1.0]))
}

/// The cold-start axis: from the largest 1-2-5 value at or below the fastest point (so the
/// axis starts on a round value) to above the slowest, leaving the top `label_share` of the
/// plot's height to the limit labels; at least `SWEEP_MIN_DECADES` of data span, so nearly
/// flat curves are not stretched into steep ones. `None` without a positive value.
fn cold_start_range(values: impl IntoIterator<Item = f64>, label_share: f64) -> Option<(f64, f64)> {
    let (min, max) = crate::ranges::positive_extent(values)?;
    let decade = 10f64.powf(min.log10().floor());
    let lo = LOG_TICK_STEPS[0]
        .iter()
        .map(|m| m * decade)
        .filter(|v| *v <= min)
        .fold(decade, f64::max);
    let span = (max / lo).log10().max(SWEEP_MIN_DECADES);
    let share = label_share.clamp(0.0, SWEEP_MAX_LABEL_SHARE);
    Some((lo, lo * 10f64.powf(span / (1.0 - share))))
}

/// The row (0 = top) of each limit label. A label is right-aligned against its line and moves
/// down a row only where it would overlap the label before it, so a wide chart keeps them all
/// in one row and gives the curves the height; `right_edges` are the labels' right ends and
/// `widths` their widths, px, in the same (ascending) order.
fn limit_label_rows(right_edges: &[i32], widths: &[i32]) -> Vec<usize> {
    let mut row_ends: Vec<i32> = Vec::new();
    right_edges
        .iter()
        .zip(widths)
        .map(|(&right, &width)| {
            let left = right - width;
            match row_ends.iter().position(|&end| end + LEGEND_GAP_PX <= left) {
                Some(row) => {
                    row_ends[row] = right;
                    row
                }
                None => {
                    row_ends.push(right);
                    row_ends.len() - 1
                }
            }
        })
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
    // The dash means p99 and nothing else: the package limits are thin solid lines labelled
    // where they stand, so they need no legend entry.
    legend.push(LegendEntry::new(Swatch::Dashed, theme.muted, "p99"));
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

    let markers: Vec<&SweepMarker> = series.iter().flat_map(|s| s.drawable_markers()).collect();
    let sizes = (drawable.iter().flatten().map(|p| p.0)).chain(markers.iter().map(|m| m.size_mb));
    let (lo, hi) = sizes.fold((SWEEP_MIN_MB, SWEEP_MAX_MB), |(lo, hi), mb| {
        (lo.min(mb), hi.max(mb))
    });
    let x_axis = Axis::numeric("size", Unit::Megabytes, Scale::Log, (lo, hi));
    // The plot area the builder will lay out (its bands are known before it runs): the limit
    // labels' rows and the number of y ticks depend on it, and both must be known to choose
    // the y range.
    let (body_w, body_h) = frame.body.dim_in_pixel();
    let plot_w = i32::try_from(body_w).unwrap_or(0) - Y_LABEL_AREA_PX - PLOT_RIGHT_MARGIN_PX;
    let plot_h =
        i32::try_from(body_h).unwrap_or(0) - X_TICK_AREA_PX - X_TITLE_AREA_PX - PLOT_TOP_MARGIN_PX;
    let limits: Vec<(f64, &str)> = (SWEEP_LIMITS.into_iter())
        .filter(|(mb, _)| (lo..=hi).contains(mb))
        .collect();
    let label_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.muted),
        HPos::Right,
        VPos::Top,
    );
    let right_edges: Vec<i32> = (limits.iter())
        .map(|(mb, _)| {
            let share = (mb / lo).ln() / (hi / lo).ln();
            Y_LABEL_AREA_PX + (f64::from(plot_w) * share) as i32 - LEGEND_GAP_PX
        })
        .collect();
    let widths = (limits.iter())
        .map(|(_, label)| {
            let (w, _) = frame.body.estimate_text_size(label, &label_style)?;
            Ok(i32::try_from(w).unwrap_or(plot_w))
        })
        .collect::<Result<Vec<i32>, ChartError>>()?;
    let rows = limit_label_rows(&right_edges, &widths);
    let row_count = rows.iter().max().map_or(0, |r| r + 1);
    let label_band = LEGEND_GAP_PX / 2 + LEGEND_ROW_PX * i32::try_from(row_count).unwrap_or(0);

    let latencies = (drawable.iter().flatten().flat_map(|p| [p.1, p.2]))
        .chain(markers.iter().map(|m| m.p50_ms));
    let label_share = f64::from(label_band) / f64::from(plot_h.max(1));
    let Some(y_range) = cold_start_range(latencies, label_share) else {
        return frame::no_data(&frame.body, theme, "No positive cold-start times to show");
    };
    let y_axis = Axis::numeric("cold start", Unit::Milliseconds, Scale::Log, y_range);
    let max_y_ticks = usize::try_from(plot_h / PX_PER_LOG_Y_TICK)
        .unwrap_or(0)
        .clamp(2, MAX_Y_TICKS);

    let style = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut chart = frame::builder(&frame.body, theme, &style).build_cartesian_2d(
        Coord::log(lo..hi).with_ticks(size_ticks(lo, hi)),
        Coord::log(y_range.0..y_range.1).with_ticks(log_ticks(y_range.0, y_range.1, max_y_ticks)),
    )?;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords("", chart.as_coord_spec(), x_axis, y_axis);

    // Limits first, under the curves; their labels step down where neighbours would collide.
    let limit_style = theme.reference.stroke_width(1);
    for ((mb, label), row) in limits.into_iter().zip(rows) {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(mb, y_range.0), (mb, y_range.1)],
            limit_style,
        )))?;
        let dy = LEGEND_GAP_PX / 2 + LEGEND_ROW_PX * i32::try_from(row).unwrap_or(0);
        chart.draw_series(std::iter::once(
            EmptyElement::at((mb, y_range.1))
                + Text::new(label.to_owned(), (-LEGEND_GAP_PX, dy), label_style.clone()),
        ))?;
    }

    let mut items = Vec::new();
    // Last to first, so the first curve (the zip, which ends at its limit) stays on top where a
    // lazy image's curve runs along it.
    for (i, points) in drawable.iter().enumerate().rev() {
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
        let label = series.get(i).map_or("", |s| s.label.as_str());
        for &(mb, p50, p99) in points {
            let text = format!(
                "{label} at {}: cold start p50 {}, p99 {}",
                Unit::Megabytes.format(mb),
                Unit::Milliseconds.format(p50),
                Unit::Milliseconds.format(p99)
            );
            items.push(Item::point(
                panel.data_to_pixel(mb, p50),
                MARKER_RADIUS_PX,
                text,
            ));
        }
    }
    // The compared variants last, on top of every curve: a diamond in the variant's colour
    // with its name beside it.
    let name_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.foreground),
        HPos::Left,
        VPos::Center,
    );
    let r = MARKER_RADIUS_PX * 2;
    for m in &markers {
        let color = theme.series_color(m.variant);
        chart.draw_series(std::iter::once(
            EmptyElement::at((m.size_mb, m.p50_ms))
                + Polygon::new(vec![(0, -r), (r, 0), (0, r), (-r, 0)], color.filled())
                + PathElement::new(
                    vec![(0, -r), (r, 0), (0, r), (-r, 0), (0, -r)],
                    theme.background.stroke_width(1),
                )
                + Text::new(
                    m.name.clone(),
                    (r + LEGEND_GAP_PX / 2, 0),
                    name_style.clone(),
                ),
        ))?;
        let text = format!(
            "{} (your variant) at {}: cold-start init cost p50 {}",
            m.name,
            Unit::Megabytes.format(m.size_mb),
            Unit::Milliseconds.format(m.p50_ms)
        );
        items.push(Item::point(
            panel.data_to_pixel(m.size_mb, m.p50_ms),
            r,
            text,
        ));
    }
    Ok(ChartGeometry {
        panels: vec![panel],
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_are_1_2_5_when_they_fit_and_decades_when_not() {
        assert_eq!(
            log_ticks(200.0, 3_000.0, 8),
            vec![200.0, 500.0, 1_000.0, 2_000.0]
        );
        assert_eq!(
            log_ticks(100.0, 30_000.0, 5),
            vec![100.0, 1_000.0, 10_000.0]
        );
        assert_eq!(log_ticks(100.0, 30_000.0, 6).len(), 6, "1-3 steps fit");
    }

    #[test]
    fn cold_start_axis_starts_on_a_round_value_and_leaves_the_label_band_free() {
        let (lo, hi) = cold_start_range([410.0, 22_000.0, f64::NAN, 0.0], 0.2).unwrap();
        assert_eq!(lo, 200.0);
        // The slowest point sits at the bottom 80 % of the axis: the top 20 % is the labels'.
        let at = (22_000.0_f64 / lo).ln() / (hi / lo).ln();
        assert!((at - 0.8).abs() < 1e-9, "{at}");
        // A lone value still gets an axis of some decades; a silly band share is capped.
        let (lo, hi) = cold_start_range([300.0], 5.0).unwrap();
        assert_eq!(lo, 200.0);
        assert!((hi / lo).log10() >= SWEEP_MIN_DECADES);
        assert!(hi.is_finite());
        assert_eq!(cold_start_range([0.0, -1.0], 0.1), None);
    }

    #[test]
    fn limit_labels_share_a_row_unless_they_would_overlap() {
        // Wide chart: 50 MB, 250 MB and 10 GB labels far apart.
        assert_eq!(
            limit_label_rows(&[400, 560, 900], &[110, 110, 80]),
            vec![0, 0, 0]
        );
        // Narrow chart: the 250 MB label would overlap the 50 MB one, the 10 GB one fits
        // after the 50 MB one in the first row.
        assert_eq!(
            limit_label_rows(&[200, 260, 420], &[110, 110, 80]),
            vec![0, 1, 0]
        );
        assert_eq!(
            limit_label_rows(&[200, 230, 260], &[110, 110, 110]),
            vec![0, 1, 2]
        );
        assert!(limit_label_rows(&[], &[]).is_empty());
    }
}
