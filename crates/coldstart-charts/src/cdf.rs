//! Latency distribution: one cumulative curve per variant on a log latency axis, with each
//! variant's p50 and p99 marked where its curve crosses 50 % and 99 %, in two panels side by
//! side: all requests, and cold starts only.
//!
//! A log axis because the warm body and the cold tail of a Lambda latency distribution are
//! orders of magnitude apart; on a linear one the body would be a vertical line at the left.
//!
//! The second panel is there to explain *why* packagings that differ a lot per cold start look
//! the same over all requests: cold starts are typically well under 1 % of requests, so they sit
//! in the last sliver of the all-requests curve (above p99) and the curves of a zip and an image
//! lie on top of each other. Among cold starts alone the difference is the whole curve. Side by
//! side rather than stacked, so each panel keeps the full height in a compact embed, on the same
//! latency axis so the cold curves visibly sit to the right of the body of all requests.

use crate::Variant;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Panel, Scale};
use crate::layout::*;
use crate::ranges::log_decades;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::Report;
use coldstart_core::report::{CdfPoint, LatencySummary};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The quantiles marked on every curve, with their labels.
const MARKED: [(f64, &str); 2] = [(0.5, "p50"), (0.99, "p99")];

/// The points of a CDF that a log axis can show, in quantile order.
fn drawable(cdf: &[CdfPoint]) -> Vec<(f64, f64)> {
    (cdf.iter())
        .filter(|p| p.ms.is_finite() && p.ms > 0.0 && (0.0..=1.0).contains(&p.quantile))
        .map(|p| (p.ms, p.quantile))
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
    let curves: Vec<Vec<Vec<(f64, f64)>>> = (POPULATIONS.iter())
        .map(|p| {
            (variants.iter())
                .map(|v| drawable((p.cdf)(v.report)))
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
    let Some(x_range) = log_decades(curves.iter().flatten().flatten().map(|p| p.0)) else {
        return frame::empty(area, theme, title, "No completed requests to show");
    };
    let frame = frame::begin(area, theme, title, &legend)?;
    frame.note(theme, "share at or below each latency")?;
    let width = i32::try_from(frame.body.dim_in_pixel().0).unwrap_or(0);
    let (left, right) = frame.body.split_horizontally(width / 2);
    let mut geometry = ChartGeometry::default();
    for ((population, panel_area), curves) in POPULATIONS.iter().zip([left, right]).zip(&curves) {
        let panel = draw_panel(&panel_area, theme, population, variants, curves, x_range)?;
        geometry.panels.push(panel);
    }
    Ok(geometry)
}

/// One panel: the p50/p99 guides, a curve per variant and its two markers.
fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    population: &Population,
    variants: &[Variant<'_>],
    curves: &[Vec<(f64, f64)>],
    x_range: (f64, f64),
) -> Result<Panel, ChartError> {
    let x_axis = Axis::numeric("latency", Unit::Milliseconds, Scale::Log, x_range);
    let y_axis = Axis::numeric(
        population.y_title,
        Unit::Fraction,
        Scale::Linear,
        (0.0, 1.0),
    );
    let style = PanelStyle {
        caption: Some(population.caption),
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut chart = frame::builder(area, theme, &style)
        .build_cartesian_2d((x_range.0..x_range.1).log_scale(), 0.0..1.0)?;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords(population.caption, chart.as_coord_spec(), x_axis, y_axis);
    if curves.iter().all(Vec::is_empty) {
        frame::plot_message(&chart, theme, population.empty)?;
        return Ok(panel);
    }

    let guide = theme.reference.stroke_width(1);
    let label_style = frame::text(theme, theme.tick_size, theme.muted);
    for (q, name) in MARKED {
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(x_range.0, q), (x_range.1, q)],
            DASH_PX,
            DASH_GAP_PX,
            guide,
        )))?;
        // p50 sits above its line; p99 below, since above it there is only 1 % of the height.
        let (v, dy) = if q < 0.9 {
            (VPos::Bottom, -2)
        } else {
            (VPos::Top, 3)
        };
        let style = frame::anchored(label_style.clone(), HPos::Left, v);
        chart.draw_series(std::iter::once(
            EmptyElement::at((x_range.0, q)) + Text::new(name, (LEGEND_GAP_PX, dy), style),
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
        let markers = [(summary.p50, MARKED[0].0), (summary.p99, MARKED[1].0)];
        chart.draw_series(
            (markers.into_iter())
                .filter(|(ms, _)| ms.is_finite() && *ms > 0.0)
                .map(|(ms, q)| {
                    Circle::new(
                        (ms.clamp(x_range.0, x_range.1), q),
                        MARKER_RADIUS_PX,
                        color.filled(),
                    )
                }),
        )?;
    }
    Ok(panel)
}
