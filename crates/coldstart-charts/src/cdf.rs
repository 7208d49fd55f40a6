//! Latency distribution: one cumulative curve per variant on a log latency axis, with each
//! variant's percentiles marked, in two panels side by side: all requests, and cold starts only.
//!
//! A log axis because the warm body and the cold tail of a Lambda latency distribution are
//! orders of magnitude apart; on a linear one the body would be a vertical line at the left.
//! The share axis is tail-scaled ([`nines`]: 50, 90, 99, 99.9 % equally spaced), because cold
//! starts live above p99, which a linear 0–100 % axis squeezes into its top pixels. It ends a
//! little above the highest percentile the panel's sample supports
//! (`coldstart_core::report::PERCENTILES`: p99 needs 100 requests), and only supported
//! percentiles are marked. Each panel's latency axis is fitted to its own data.
//!
//! The second panel is there to explain *why* packagings that differ a lot per cold start look
//! the same over all requests: cold starts are typically well under 1 % of requests, so they sit
//! in the last sliver of the all-requests curve (above p99) and the curves of a zip and an image
//! lie on top of each other. Among cold starts alone the difference is the whole curve. Side by
//! side rather than stacked, so each panel keeps the full height in a compact embed.

use crate::Variant;
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, Scale};
use crate::layout::*;
use crate::ranges::log_fitted;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::Report;
use coldstart_core::report::{CdfPoint, LatencySummary, PERCENTILES, Percentile};
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A share's position on the tail-scaled axis: `-log10(1 − q)`, its number of nines (0.5 →
/// 0.30, 0.9 → 1, 0.99 → 2, 0.999 → 3); infinite at 1.
pub fn nines(q: f64) -> f64 {
    -(1.0 - q).log10()
}

/// The top of a panel's share axis, in nines: a little above the highest percentile that the
/// largest of `counts` supports; `None` when none supports even a median.
pub fn tail_top(counts: impl IntoIterator<Item = u64>) -> Option<f64> {
    let n = counts.into_iter().max()?;
    let top = PERCENTILES.iter().rev().find(|p| p.supported(n))?;
    Some(nines(top.quantile) + TAIL_HEADROOM_NINES)
}

/// The points of a CDF that a log axis can show, in quantile order, at their tail-scaled
/// height, capped at `top` (the maximum, at 100 %, sits at the top edge).
fn drawable(cdf: &[CdfPoint], top: f64) -> Vec<(f64, f64)> {
    (cdf.iter())
        .filter(|p| p.ms.is_finite() && p.ms > 0.0 && (0.0..=1.0).contains(&p.quantile))
        .map(|p| (p.ms, nines(p.quantile).min(top)))
        .collect()
}

/// Which requests a panel shows: its caption, its y axis title, and where in a report its
/// curve and its p50/p99 are.
struct Population {
    caption: &'static str,
    y_title: &'static str,
    cdf: fn(&Report) -> &[CdfPoint],
    summary: fn(&Report) -> &LatencySummary,
    empty: &'static str,
}

/// The two panels, left to right.
const POPULATIONS: [Population; 2] = [
    Population {
        caption: "all requests",
        y_title: "requests",
        cdf: |r| &r.latency_cdf,
        summary: |r| &r.latency_ms.all,
        empty: "no completed requests",
    },
    Population {
        caption: "cold starts only",
        y_title: "cold starts",
        cdf: |r| &r.cold_latency_cdf,
        summary: |r| &r.latency_ms.cold,
        empty: "no cold starts",
    },
];

/// Draws the latency CDF of every variant: all requests on the left, cold starts only on the
/// right, on one latency axis.
pub fn draw_cdf<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    // Per panel: the top of its share axis and each variant's curve under it.
    let tops: Vec<Option<f64>> = (POPULATIONS.iter())
        .map(|p| tail_top(variants.iter().map(|v| (p.summary)(v.report).count)))
        .collect();
    let curves: Vec<Vec<Vec<(f64, f64)>>> = (POPULATIONS.iter().zip(&tops))
        .map(|(p, top)| {
            (variants.iter())
                .map(|v| drawable((p.cdf)(v.report), top.unwrap_or(0.0)))
                .collect()
        })
        .collect();
    // The legend says how rare cold starts are: the reason the left panel's curves coincide.
    let legend: Vec<LegendEntry> = (variants.iter().enumerate())
        .map(|(i, v)| {
            let r = v.report;
            let label = format!(
                "{}: {} cold starts ({})",
                v.label,
                r.cold_starts,
                Unit::Fraction.format(r.cold_start_ratio)
            );
            LegendEntry::new(Swatch::Line, theme.series_color(i), label)
        })
        .collect();
    let title = "Latency distribution";
    if log_fitted(curves.iter().flatten().flatten().map(|p| p.0)).is_none() {
        return frame::empty(area, theme, title, "No completed requests to show");
    }
    let frame = frame::begin(area, theme, title, &legend)?;
    frame.note(
        theme,
        "share at or below; 50, 90, 99, 99.9 % equally spaced",
    )?;
    let width = i32::try_from(frame.body.dim_in_pixel().0).unwrap_or(0);
    let (left, right) = frame.body.split_horizontally(width / 2);
    let mut geometry = ChartGeometry::default();
    for (((population, panel_area), curves), top) in
        (POPULATIONS.iter().zip([left, right]).zip(&curves)).zip(&tops)
    {
        // A panel without data keeps an axis (and says why) rather than disappearing.
        let x_range = log_fitted(curves.iter().flatten().map(|p| p.0))
            .unwrap_or((1.0, crate::layout::EMPTY_LATENCY_AXIS_MAX_MS));
        let top = top.unwrap_or(nines(0.5) + TAIL_HEADROOM_NINES);
        let panel = draw_panel(
            &panel_area,
            theme,
            population,
            variants,
            curves,
            (x_range, top),
            &mut geometry.items,
        )?;
        geometry.panels.push(panel);
    }
    Ok(geometry)
}

/// One panel: the guides of the percentiles under `top`, a curve per variant and a marker at
/// each percentile its sample supports.
fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    population: &Population,
    variants: &[Variant<'_>],
    curves: &[Vec<(f64, f64)>],
    (x_range, top): ((f64, f64), f64),
    items: &mut Vec<Item>,
) -> Result<Panel, ChartError> {
    // A log axis needs a power of ten inside it for its ticks; a fitted range narrower than
    // that (cold starts between 1.5 and 3.2 s) is drawn on a linear axis, which labels it.
    let log = x_range.1 >= 10f64.powf(x_range.0.log10().ceil());
    let scale = if log { Scale::Log } else { Scale::Linear };
    let x_axis = Axis::numeric("latency", Unit::Milliseconds, scale, x_range);
    let y_axis = Axis::numeric(
        population.y_title,
        Unit::TailShare,
        Scale::Linear,
        (0.0, top),
    );
    let style = PanelStyle {
        caption: Some(population.caption),
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let builder = || frame::builder(area, theme, &style);
    let axes = (x_axis, y_axis);
    let latency = if log {
        Coord::log(x_range.0..x_range.1)
    } else {
        Coord::linear(x_range.0..x_range.1)
    };
    let chart = builder().build_cartesian_2d(latency, Coord::linear(0.0..top))?;
    plot(chart, theme, population, variants, curves, axes, items)
}

/// The panel's content on its chart, whichever the latency axis.
fn plot<DB>(
    mut chart: ChartContext<'_, DB, Cartesian2d<Coord, Coord>>,
    theme: &Theme,
    population: &Population,
    variants: &[Variant<'_>],
    curves: &[Vec<(f64, f64)>],
    (x_axis, y_axis): (Axis, Axis),
    items: &mut Vec<Item>,
) -> Result<Panel, ChartError>
where
    DB: DrawingBackend,
{
    let x_range = (x_axis.min, x_axis.max);
    let top = y_axis.max;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords(population.caption, chart.as_coord_spec(), x_axis, y_axis);
    if curves.iter().all(Vec::is_empty) {
        frame::plot_message(&chart, theme, population.empty)?;
        return Ok(panel);
    }

    let guide = theme.reference.stroke_width(1);
    let label_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.muted),
        HPos::Left,
        VPos::Bottom,
    );
    let guides: Vec<&Percentile> = (PERCENTILES.iter())
        .filter(|p| nines(p.quantile) <= top)
        .collect();
    for p in &guides {
        let y = nines(p.quantile);
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(x_range.0, y), (x_range.1, y)],
            DASH_PX,
            DASH_GAP_PX,
            guide,
        )))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x_range.0, y))
                + Text::new(p.name, (LEGEND_GAP_PX, -2), label_style.clone()),
        ))?;
    }

    for (i, (variant, curve)) in variants.iter().zip(curves).enumerate() {
        let color = theme.series_color(i);
        chart.draw_series(LineSeries::new(
            curve.iter().copied(),
            color.stroke_width(CURVE_STROKE_PX),
        ))?;
        if curve.is_empty() {
            continue;
        }
        let summary = (population.summary)(variant.report);
        let marks: Vec<(&Percentile, f64, f64)> = (guides.iter())
            .filter_map(|p| Some((*p, summary.at(p)?, nines(p.quantile))))
            .filter(|(_, ms, _)| ms.is_finite() && *ms > 0.0)
            .collect();
        chart.draw_series(marks.iter().map(|&(_, ms, y)| {
            Circle::new(
                (ms.clamp(x_range.0, x_range.1), y),
                MARKER_RADIUS_PX,
                color.filled(),
            )
        }))?;
        // Read-outs name the curve's points and, over them, the percentile markers.
        let name = format!("{} ({})", variant.label, population.caption);
        for &(ms, y) in curve {
            let text = if y >= top {
                // Capped at the top edge: the tail above the axis, up to the maximum.
                format!(
                    "{name}: above the axis, up to {}",
                    Unit::Milliseconds.format(ms)
                )
            } else {
                format!(
                    "{name}: {} at or below {}",
                    Unit::TailShare.format(y),
                    Unit::Milliseconds.format(ms)
                )
            };
            items.push(Item::point(panel.data_to_pixel(ms, y), 1, text));
        }
        for &(p, ms, y) in &marks {
            let text = format!(
                "{name}: {} = {} (n = {})",
                p.name,
                Unit::Milliseconds.format(ms),
                summary.count
            );
            let at = panel.data_to_pixel(ms.clamp(x_range.0, x_range.1), y);
            items.push(Item::point(at, MARKER_RADIUS_PX, text));
        }
    }
    Ok(panel)
}
