//! Cold-start anatomy: per variant, two horizontal bars (median and p99) stacking the phases
//! of a cold start — microVM, code fetch, bootstrap, init — and the handler after them.
//!
//! Each bar stacks the per-phase percentile (the median microVM time, then the median code
//! fetch, …). That is not the percentile of the total, since the slowest fetch and the slowest
//! init rarely meet in one request, but it shows which phase dominates, which is the question
//! this chart answers. The note under the title says so.

use crate::Variant;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Panel, Scale};
use crate::layout::*;
use crate::ranges::from_zero;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::compare::ColdStartPhase;
use coldstart_core::report::{LatencySummary, PhaseSummaries, Report};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Phase names in stacking order, left to right.
fn phase_names() -> [&'static str; 5] {
    ColdStartPhase::ALL.map(|p| coldstart_prose::labels::phase(p).label)
}

/// One bar: its label and the phase durations it stacks, ms; `None` for a variant without
/// cold starts, which gets a row saying so.
struct Row {
    label: String,
    phases: Option<[f64; 5]>,
}

impl Row {
    fn total(&self) -> f64 {
        self.phases.map_or(0.0, |p| p.iter().sum())
    }
}

fn summaries(p: &PhaseSummaries) -> [&LatencySummary; 5] {
    ColdStartPhase::ALL.map(|phase| phase.of(p))
}

fn has_cold_starts(report: &Report) -> bool {
    report.cold_starts > 0 || summaries(&report.phases_ms).iter().any(|s| s.count > 0)
}

/// Rows top to bottom.
fn rows(variants: &[Variant<'_>]) -> Vec<Row> {
    let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let mut rows = Vec::new();
    for v in variants {
        if !has_cold_starts(v.report) {
            rows.push(Row {
                label: v.label.to_owned(),
                phases: None,
            });
            continue;
        }
        let phases = summaries(&v.report.phases_ms);
        rows.push(Row {
            label: format!("{} · median", v.label),
            phases: Some(phases.map(|s| clean(s.p50))),
        });
        rows.push(Row {
            label: format!("{} · p99", v.label),
            phases: Some(phases.map(|s| clean(s.p99))),
        });
    }
    rows
}

/// Draws the cold-start anatomy of every variant.
pub fn draw_anatomy<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let colors = [
        theme.phases[0],
        theme.phases[1],
        theme.phases[2],
        theme.phases[3],
        theme.warm,
    ];
    let legend: Vec<LegendEntry> = (phase_names().into_iter().zip(colors))
        .map(|(name, color)| LegendEntry::new(Swatch::Block, color, name))
        .collect();
    let title = "Cold-start anatomy";
    let rows = rows(variants);
    let longest = rows.iter().map(Row::total).fold(0.0, f64::max);
    if rows.iter().all(|r| r.phases.is_none()) || longest <= 0.0 {
        return frame::empty(area, theme, title, "No cold starts to show in these runs");
    }
    let frame = frame::begin(area, theme, title, &legend)?;
    frame.note(theme, "each bar stacks the per-phase median or p99")?;

    let n = rows.len();
    let x_range = from_zero(longest, ANATOMY_LABEL_HEADROOM);
    let x_axis = Axis::numeric("cold start", Unit::Milliseconds, Scale::Linear, x_range);
    let mut y_axis = Axis::numeric("", Unit::Category, Scale::Linear, (0.0, n as f64));
    // Row i from the top spans y = n-1-i .. n-i; categories are listed from the bottom up.
    y_axis.categories = rows.iter().rev().map(|r| r.label.clone()).collect();

    let label_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.foreground),
        HPos::Right,
        VPos::Center,
    );
    let mut widest = 0;
    for row in &rows {
        widest = widest.max(frame.body.estimate_text_size(&row.label, &label_style)?.0);
    }
    let body_width = f64::from(frame.body.dim_in_pixel().0);
    let cap = (body_width * MAX_CATEGORY_LABEL_SHARE) as i32;
    let wanted = i32::try_from(widest).unwrap_or(cap) + 2 * LEGEND_GAP_PX;
    let style = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: wanted.min(cap),
    };
    let mut chart = frame::builder(&frame.body, theme, &style)
        .build_cartesian_2d(x_range.0..x_range.1, 0.0..n as f64)?;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords("", chart.as_coord_spec(), x_axis, y_axis);

    let gap = (1.0 - BAR_FILL_SHARE) / 2.0;
    let value_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.muted),
        HPos::Left,
        VPos::Center,
    );
    for (i, row) in rows.iter().enumerate() {
        let base = (n - 1 - i) as f64;
        let middle = base + 0.5;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x_range.0, middle))
                + Text::new(row.label.clone(), (-LEGEND_GAP_PX, 0), label_style.clone()),
        ))?;
        let Some(phases) = row.phases else {
            chart.draw_series(std::iter::once(
                EmptyElement::at((x_range.0, middle))
                    + Text::new("no cold starts", (LEGEND_GAP_PX, 0), value_style.clone()),
            ))?;
            continue;
        };
        let mut start = 0.0;
        let mut bars = Vec::with_capacity(phases.len());
        for (ms, color) in phases.into_iter().zip(colors) {
            if ms > 0.0 {
                let corners = [(start, base + gap), (start + ms, base + 1.0 - gap)];
                bars.push(Rectangle::new(corners, color.filled()));
            }
            start += ms;
        }
        chart.draw_series(bars)?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((start, middle))
                + Text::new(
                    Unit::Milliseconds.format(start),
                    (LEGEND_GAP_PX / 2, 0),
                    value_style.clone(),
                ),
        ))?;
    }
    Ok(ChartGeometry {
        panels: vec![panel],
    })
}
