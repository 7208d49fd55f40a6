//! Latency distribution: one cumulative curve per variant on a log latency axis, with each
//! variant's p50 and p99 marked where its curve crosses 50 % and 99 %.
//!
//! A log axis because the warm body and the cold tail of a Lambda latency distribution are
//! orders of magnitude apart; on a linear one the body would be a vertical line at the left.

use crate::Variant;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Panel, Scale};
use crate::layout::*;
use crate::ranges::log_decades;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::report::CdfPoint;
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

/// Draws the latency CDF of every variant on one set of axes.
pub fn draw_cdf<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let curves: Vec<Vec<(f64, f64)>> = (variants.iter())
        .map(|v| drawable(&v.report.latency_cdf))
        .collect();
    let legend: Vec<LegendEntry> = (variants.iter().zip(&curves).enumerate())
        .map(|(i, (v, curve))| {
            let all = &v.report.latency_ms.all;
            let label = if curve.is_empty() {
                format!("{}: no completed requests", v.label)
            } else {
                let (p50, p99) = (
                    Unit::Milliseconds.format(all.p50),
                    Unit::Milliseconds.format(all.p99),
                );
                format!("{}: p50 {p50} · p99 {p99}", v.label)
            };
            LegendEntry::new(Swatch::Line, theme.series_color(i), label)
        })
        .collect();
    let title = "Latency distribution";
    let Some(x_range) = log_decades(curves.iter().flatten().map(|p| p.0)) else {
        return frame::empty(area, theme, title, "No completed requests to show");
    };
    let frame = frame::begin(area, theme, title, &legend)?;
    frame.note(theme, "share of requests at or below each latency")?;
    let x_axis = Axis::numeric("latency", Unit::Milliseconds, Scale::Log, x_range);
    let y_axis = Axis::numeric("requests", Unit::Fraction, Scale::Linear, (0.0, 1.0));
    let style = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut chart = frame::builder(&frame.body, theme, &style)
        .build_cartesian_2d((x_range.0..x_range.1).log_scale(), 0.0..1.0)?;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords("", chart.as_coord_spec(), x_axis, y_axis);

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

    for (i, (variant, curve)) in variants.iter().zip(&curves).enumerate() {
        let color = theme.series_color(i);
        chart.draw_series(LineSeries::new(
            curve.iter().copied(),
            color.stroke_width(CURVE_STROKE_PX),
        ))?;
        if curve.is_empty() {
            continue;
        }
        let all = &variant.report.latency_ms.all;
        let markers = [(all.p50, MARKED[0].0), (all.p99, MARKED[1].0)];
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
    Ok(ChartGeometry {
        panels: vec![panel],
    })
}
