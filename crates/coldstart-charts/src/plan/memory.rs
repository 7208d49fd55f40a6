//! The memory plan: cost per million requests above, latency below (warm p50, cold p99 and the
//! p99 of all requests, on a log axis), against memory size on a log axis from 128 MB to 10 GB.
//!
//! Only simulated sizes are data: each is a marker, and the dashed lines between markers are
//! faint guides (a size between two markers was not simulated, and its cost or latency need not
//! lie on the line). The cheapest and the fastest sizes, and the cheapest meeting the target,
//! are marked with labelled vertical lines across both panels.

use super::{join, line, marker, muted_text, plot_width, strong_text, target_label, text_at};
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, Scale};
use crate::layout::*;
use crate::ranges::{from_zero, log_fitted};
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::plan::Target;
use coldstart_core::plan::memory::{MemoryPlan, MemoryPoint, Speed};
use coldstart_core::rank::{self, Key};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(super) const TITLE: &str = "Memory size";

/// One latency series of the lower panel.
struct Series {
    name: &'static str,
    color: RGBColor,
    /// Filled dots, or rings (told apart without colour).
    filled: bool,
    value: fn(&MemoryPoint) -> Option<f64>,
    /// Why a plan can have no value of it, for the legend when none is drawn.
    none: &'static str,
}

fn latency_series(theme: &Theme) -> [Series; 3] {
    [
        Series {
            name: "warm p50",
            color: theme.warm,
            filled: true,
            value: |p| p.warm_p50_ms,
            none: "no warm request",
        },
        Series {
            name: "cold p99",
            color: theme.cold_any,
            filled: true,
            value: |p| p.cold_p99_ms,
            none: "under 100 cold starts",
        },
        Series {
            name: "p99 of all",
            color: theme.foreground,
            filled: false,
            value: |p| p.all_p99_ms,
            none: "under 100 requests",
        },
    ]
}

/// A memory size as configured, "1,769 MB": the sizes are exact settings, not rounded to GB.
fn size(mb: f64) -> String {
    format!("{} MB", coldstart_prose::format::count(mb as u64))
}

/// A value a chart can place: finite and, for a log axis, positive.
fn drawable(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && *v > 0.0)
}

/// The memory axis's ticks inside `lo..=hi`, every other one dropped until at most `max`.
fn memory_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let mut ticks: Vec<f64> = (PLAN_MEMORY_TICKS_MB.into_iter())
        .filter(|t| (lo..=hi).contains(t))
        .collect();
    while ticks.len() > max.max(2) {
        let last = ticks.last().copied();
        ticks = ticks.into_iter().step_by(2).collect();
        // Keep the axis's end (10 GB) in place of the one before it.
        if let (Some(last), Some(end)) = (last, ticks.last_mut()) {
            *end = last;
        }
    }
    ticks
}

/// The sizes to mark and what each is, one label per size ("cheapest · fastest").
fn marks(plan: &MemoryPlan) -> Vec<(u32, String)> {
    let fastest = match plan.fastest_by {
        Speed::AllP99 => "fastest (p99 of all)",
        Speed::AllMean => "fastest (mean of all)",
    };
    let mut out: Vec<(u32, String)> = Vec::new();
    for (mb, what) in [
        (plan.cheapest_mb, "cheapest"),
        (plan.fastest_mb, fastest),
        (plan.cheapest_meeting_mb, "cheapest meeting the target"),
    ] {
        let Some(mb) = mb else { continue };
        match out.iter_mut().find(|(m, _)| *m == mb) {
            Some((_, label)) => {
                label.push_str(" · ");
                label.push_str(what);
            }
            None => out.push((mb, what.to_owned())),
        }
    }
    rank::by_key(&mut out, |(mb, _)| Key::ascending_u64(u64::from(*mb)));
    out
}

/// Draws the memory plan.
pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &MemoryPlan,
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let points: Vec<&MemoryPoint> = plan.points.iter().filter(|p| p.memory_mb > 0).collect();
    if points.is_empty() {
        return frame::empty(area, theme, TITLE, "No memory size was simulated");
    }
    let series = latency_series(theme);
    let mut legend = vec![LegendEntry::new(
        Swatch::Dot,
        theme.foreground,
        "cost per million requests",
    )];
    legend.extend(series.iter().map(|s| {
        let swatch = if s.filled { Swatch::Dot } else { Swatch::Ring };
        if points.iter().any(|p| drawable((s.value)(p)).is_some()) {
            LegendEntry::new(swatch, s.color, s.name)
        } else {
            LegendEntry::new(swatch, s.color, format!("{} (none: {})", s.name, s.none))
        }
    }));
    if let Some(t @ Target::P99Ms { .. }) = plan.config.target {
        legend.push(LegendEntry::new(
            Swatch::Dashed,
            theme.reference,
            format!("{} (p99 of all)", target_label(&t)),
        ));
    }
    let frame = frame::begin(area, theme, TITLE, &legend)?;
    frame.note(
        theme,
        "markers: simulated sizes; dashed lines only join them",
    )?;

    let sizes = points.iter().map(|p| f64::from(p.memory_mb));
    let (lo, hi) = sizes.fold(PLAN_MEMORY_AXIS_MB, |(lo, hi), mb| (lo.min(mb), hi.max(mb)));
    let (x0, x1) = (lo / LOG_FIT_PAD, hi * LOG_FIT_PAD);
    let x_axis = Axis::numeric("memory", Unit::Megabytes, Scale::Log, (x0, x1));
    let max_ticks = usize::try_from(plot_width(&frame.body) / PX_PER_X_TICK).unwrap_or(0);
    let x_ticks = memory_ticks(x0, x1, max_ticks);
    let panels = frame::panels(&frame.body, 2);

    // Cost per million requests.
    let costs: Vec<(f64, f64)> = (points.iter())
        .filter_map(|p| Some((f64::from(p.memory_mb), drawable(p.cost_per_million_usd)?)))
        .collect();
    let cost_range = from_zero(
        costs.iter().map(|c| c.1).fold(0.0, f64::max),
        PLAN_LABEL_HEADROOM,
    );
    let cost_axis = Axis::numeric(
        "cost per million requests",
        Unit::Usd,
        Scale::Linear,
        cost_range,
    );
    let top = PanelStyle {
        caption: None,
        x_title: false,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut cost = frame::builder(&panels[0], theme, &top).build_cartesian_2d(
        Coord::log(x0..x1).with_ticks(x_ticks.clone()),
        Coord::linear(cost_range.0..cost_range.1),
    )?;
    frame::draw_axes(&mut cost, theme, &x_axis, &cost_axis, false)?;
    let cost_panel = Panel::from_coords("cost", cost.as_coord_spec(), x_axis.clone(), cost_axis);

    // Latency, log: a cold p99 of seconds and a warm median of milliseconds on one axis.
    let target_ms = match plan.config.target {
        Some(Target::P99Ms { max }) => Some(max),
        _ => None,
    };
    let latencies = (points.iter())
        .flat_map(|p| series.iter().filter_map(move |s| drawable((s.value)(p))))
        .chain(target_ms);
    let fitted = log_fitted(latencies);
    let y_range = fitted.unwrap_or((1.0, EMPTY_LATENCY_AXIS_MAX_MS));
    let y_axis = Axis::numeric("latency", Unit::Milliseconds, Scale::Log, y_range);
    let bottom = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let plot_h = i32::try_from(panels[1].dim_in_pixel().1).unwrap_or(0)
        - X_TICK_AREA_PX
        - X_TITLE_AREA_PX
        - PLOT_TOP_MARGIN_PX;
    let max_y_ticks = usize::try_from(plot_h / PX_PER_LOG_Y_TICK)
        .unwrap_or(0)
        .clamp(2, MAX_Y_TICKS);
    let mut latency = frame::builder(&panels[1], theme, &bottom).build_cartesian_2d(
        Coord::log(x0..x1).with_ticks(x_ticks),
        Coord::log(y_range.0..y_range.1).with_ticks(crate::sweep::log_ticks(
            y_range.0,
            y_range.1,
            max_y_ticks,
        )),
    )?;
    frame::draw_axes(&mut latency, theme, &x_axis, &y_axis, true)?;
    let latency_panel = Panel::from_coords("latency", latency.as_coord_spec(), x_axis, y_axis);
    if fitted.is_none() {
        frame::plot_message(&latency, theme, "No latency to show: no request completed")?;
    }

    // The marks under the data, their labels stepping down a row each.
    let label_style = strong_text(theme, HPos::Left, VPos::Top);
    let label_left = muted_text(theme, HPos::Right, VPos::Top);
    let middle = (x0 * x1).sqrt();
    for (row, (mb, label)) in marks(plan).into_iter().enumerate() {
        let x = f64::from(mb);
        let style = theme.reference.stroke_width(1);
        line(
            &mut cost,
            (x, cost_range.0),
            (x, cost_range.1),
            style,
            false,
        )?;
        line(&mut latency, (x, y_range.0), (x, y_range.1), style, false)?;
        let dy = LEGEND_GAP_PX / 2 + LEGEND_ROW_PX * i32::try_from(row).unwrap_or(0);
        let text = format!("{}: {label}", size(x));
        if x <= middle {
            text_at(
                &mut cost,
                (x, cost_range.1),
                (LEGEND_GAP_PX / 2, dy),
                text,
                &label_style,
            )?;
        } else {
            let mut style = label_left.clone();
            style.color = theme.foreground.to_backend_color();
            text_at(
                &mut cost,
                (x, cost_range.1),
                (-LEGEND_GAP_PX / 2, dy),
                text,
                &style,
            )?;
        }
    }
    if let Some(t) = target_ms {
        line(
            &mut latency,
            (x0, t),
            (x1, t),
            theme.reference.stroke_width(CURVE_STROKE_PX),
            true,
        )?;
    }

    let mut items = Vec::new();
    join(&mut cost, costs.clone(), theme.foreground)?;
    for &(x, usd) in &costs {
        marker(&mut cost, (x, usd), theme.foreground, true)?;
        items.push(Item::point(
            cost_panel.data_to_pixel(x, usd),
            MARKER_RADIUS_PX,
            format!(
                "{}: {} per million requests",
                size(x),
                Unit::Usd.format(usd)
            ),
        ));
    }
    for s in &series {
        let values: Vec<(f64, f64)> = (points.iter())
            .filter_map(|p| Some((f64::from(p.memory_mb), drawable((s.value)(p))?)))
            .collect();
        join(&mut latency, values.clone(), s.color)?;
        for &(x, ms) in &values {
            marker(&mut latency, (x, ms), s.color, s.filled)?;
            items.push(Item::point(
                latency_panel.data_to_pixel(x, ms),
                MARKER_RADIUS_PX,
                format!("{}: {} {}", size(x), s.name, Unit::Milliseconds.format(ms)),
            ));
        }
    }
    Ok(ChartGeometry {
        panels: vec![cost_panel, latency_panel],
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_ticks_thin_out_but_keep_both_ends() {
        let all = memory_ticks(100.0, 12_000.0, 10);
        assert_eq!(all, PLAN_MEMORY_TICKS_MB.to_vec());
        let few = memory_ticks(100.0, 12_000.0, 4);
        assert_eq!(few, vec![128.0, 512.0, 2_048.0, 10_240.0]);
        let fewer = memory_ticks(100.0, 12_000.0, 2);
        assert_eq!(fewer.first(), Some(&128.0));
        assert_eq!(fewer.last(), Some(&10_240.0));
    }
}
