//! Warm-up: how the handler speeds up with the invocations an environment has served (JIT
//! compilation, class loading, first-call caches), per variant.
//!
//! One curve per variant: the mean handler time of the requests whose final attempt was the
//! k-th invocation of its environment, in the report's power-of-two bins of k (1, 2–3, 4–7, …),
//! each drawn at the bin's geometric middle on a log axis. The handler time rather than the
//! latency, so the first bin is not dwarfed by the cold start it usually pays.

use crate::Variant;
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, Scale};
use crate::layout::*;
use crate::ranges::{from_zero, log_decades};
use crate::theme::Theme;
use crate::units::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Headroom above the slowest point, as a share of it.
const HEADROOM: f64 = 0.1;

/// The drawable points of a report's warm-up curve: (bin middle, mean handler ms).
fn points(report: &coldstart_core::Report) -> Vec<(f64, f64)> {
    (report.warmup_curve.iter())
        .filter(|p| p.count > 0 && p.mean_handler_ms.is_finite() && p.mean_handler_ms >= 0.0)
        .map(|p| {
            let middle = (f64::from(p.first) * f64::from(p.last.max(p.first))).sqrt();
            (middle, p.mean_handler_ms)
        })
        .collect()
}

/// Draws the warm-up curve of every variant.
pub fn draw_warmup<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let title = "Warm-up";
    let curves: Vec<Vec<(f64, f64)>> = variants.iter().map(|v| points(v.report)).collect();
    let Some(x_range) = log_decades(curves.iter().flatten().map(|p| p.0)) else {
        return frame::empty(area, theme, title, "No completed requests to show");
    };
    let top = curves.iter().flatten().map(|p| p.1).fold(0.0, f64::max);
    let y_range = from_zero(top, HEADROOM);
    let legend: Vec<LegendEntry> = (variants.iter().enumerate())
        .map(|(i, v)| {
            let first = v.report.warmup_curve.first().map(|p| p.mean_handler_ms);
            let last = v.report.warmup_curve.last().map(|p| p.mean_handler_ms);
            let label = match (first, last) {
                (Some(a), Some(b)) if b > 0.0 => {
                    format!(
                        "{}: 1st {} / latest {:.2}×",
                        v.label,
                        Unit::Milliseconds.format(a),
                        a / b
                    )
                }
                _ => v.label.to_owned(),
            };
            LegendEntry::new(Swatch::Line, theme.series_color(i), label)
        })
        .collect();
    let frame = frame::begin(area, theme, title, &legend)?;
    frame.note(
        theme,
        "mean handler time of the k-th invocation on an environment",
    )?;
    let x_axis = Axis::numeric("invocations", Unit::Invocations, Scale::Log, x_range);
    let y_axis = Axis::numeric("handler", Unit::Milliseconds, Scale::Linear, y_range);
    let style = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut chart = frame::builder(&frame.body, theme, &style).build_cartesian_2d(
        Coord::log(x_range.0..x_range.1),
        Coord::linear(y_range.0..y_range.1),
    )?;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords("warm-up", chart.as_coord_spec(), x_axis, y_axis);
    let mut items = Vec::new();
    for (variant, curve) in variants.iter().zip(&curves) {
        let bins = variant.report.warmup_curve.iter().filter(|p| p.count > 0);
        for (p, &(x, y)) in bins.zip(curve) {
            let range = if p.last > p.first {
                format!("invocations {}–{}", p.first, p.last)
            } else {
                format!("invocation {}", p.first)
            };
            let text = format!(
                "{}: {range}: handler {} (n = {})",
                variant.label,
                Unit::Milliseconds.format(y),
                p.count
            );
            items.push(Item::point(
                panel.data_to_pixel(x, y),
                MARKER_RADIUS_PX,
                text,
            ));
        }
    }
    for (i, curve) in curves.iter().enumerate() {
        let color = theme.series_color(i);
        chart.draw_series(LineSeries::new(
            curve.iter().copied(),
            color.stroke_width(CURVE_STROKE_PX),
        ))?;
        chart.draw_series(
            (curve.iter()).map(|&p| Circle::new(p, MARKER_RADIUS_PX, color.filled())),
        )?;
    }
    Ok(ChartGeometry {
        panels: vec![panel],
        items,
    })
}
