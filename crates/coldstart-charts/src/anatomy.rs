//! Cold-start anatomy: per variant, one horizontal bar per cold-start percentile (the median, and
//! the p99 when enough cold starts support it, else the p90), each splitting the time of the
//! cold starts at that percentile — the wait before the final attempt (async queueing and
//! retries), microVM, code fetch, bootstrap, init — and the handler after them.
//!
//! A bar is the report's `cold_anatomy`: the percentile of the cold latency itself (the number
//! the summary table shows), split as the requests at that percentile split. Its length is the
//! percentile, so the chart and the table agree. A percentile the sample cannot support
//! (`coldstart_core::report::PERCENTILES`) gets no bar.

use crate::Variant;
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, PixelRect, Scale};
use crate::layout::*;
use crate::ranges::from_zero;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::report::ColdStartPhase;
use coldstart_core::report::{P50, P90, P99, Percentile, Report};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The percentiles a variant's bars show, top to bottom: the first of each group that the
/// sample supports (the p99 when there are 100 cold starts, else the p90 with 10, else nothing).
const BAR_PERCENTILES: [&[Percentile]; 2] = [&[P50], &[P99, P90]];

/// Part names in stacking order, left to right: the wait, then the phases.
fn part_names() -> [&'static str; 6] {
    let p = ColdStartPhase::ALL.map(|p| coldstart_prose::labels::phase(p).label);
    [
        coldstart_prose::labels::WAIT.label,
        p[0],
        p[1],
        p[2],
        p[3],
        p[4],
    ]
}

/// One bar of the anatomy: the cold starts at one percentile of a variant's cold latency.
#[derive(Debug, Clone, PartialEq)]
pub struct AnatomyBar {
    /// The percentile.
    pub percentile: Percentile,
    /// The cold-start latency at it, ms: the table's value, and the bar's length.
    pub ms: f64,
    /// Cold starts behind the percentile.
    pub samples: u64,
    /// The parts, ms, in [`part_names`] order; they add up to `ms`.
    pub parts: [f64; 6],
}

/// The bars of one report, top to bottom: none without cold starts, and none for a
/// percentile its cold starts cannot support.
pub fn anatomy_bars(report: &Report) -> Vec<AnatomyBar> {
    let cold = &report.latency_ms.cold;
    let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
    BAR_PERCENTILES
        .iter()
        .filter_map(|group| {
            group.iter().find_map(|p| {
                let ms = cold.at(p)?;
                let at = (report.cold_anatomy.iter()).find(|a| a.quantile == p.quantile)?;
                Some(AnatomyBar {
                    percentile: *p,
                    ms: clean(ms),
                    samples: cold.count,
                    parts: at.split.parts().map(clean),
                })
            })
        })
        .collect()
}

/// One row: its label and the bar it draws; `None` for a variant without a bar, which gets a
/// row saying why.
struct Row {
    label: String,
    bar: Option<AnatomyBar>,
}

/// Rows top to bottom.
fn rows(variants: &[Variant<'_>]) -> Vec<Row> {
    let mut rows = Vec::new();
    for v in variants {
        let bars = anatomy_bars(v.report);
        if bars.is_empty() {
            rows.push(Row {
                label: v.label.to_owned(),
                bar: None,
            });
        }
        for bar in bars {
            rows.push(Row {
                label: format!(
                    "{} · {} (n = {})",
                    v.label,
                    bar.percentile.name,
                    coldstart_prose::format::count(bar.samples)
                ),
                bar: Some(bar),
            });
        }
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
        theme.reference,
        theme.phases[0],
        theme.phases[1],
        theme.phases[2],
        theme.phases[3],
        theme.warm,
    ];
    let title = "Cold-start anatomy";
    let rows = rows(variants);
    let longest = (rows.iter().filter_map(|r| r.bar.as_ref()))
        .map(|b| b.ms)
        .fold(0.0, f64::max);
    if rows.iter().all(|r| r.bar.is_none()) || longest <= 0.0 {
        return frame::empty(area, theme, title, "No cold starts to show in these runs");
    }
    // A part no bar has (the wait, for synchronous requests) stays out of the legend.
    let used = |i: usize| (rows.iter().filter_map(|r| r.bar.as_ref())).any(|b| b.parts[i] > 0.0);
    let legend: Vec<LegendEntry> = (part_names().into_iter().zip(colors).enumerate())
        .filter(|&(i, _)| i > 0 || used(i))
        .map(|(_, (name, color))| LegendEntry::new(Swatch::Block, color, name))
        .collect();
    let frame = frame::begin(area, theme, title, &legend)?;
    frame.note(
        theme,
        "bar = the cold-start percentile, split as the requests at it split; n = cold starts",
    )?;

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
    let mut chart = frame::builder(&frame.body, theme, &style).build_cartesian_2d(
        Coord::linear(x_range.0..x_range.1),
        Coord::linear(0.0..n as f64),
    )?;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords("", chart.as_coord_spec(), x_axis, y_axis);

    let gap = (1.0 - BAR_FILL_SHARE) / 2.0;
    let value_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.muted),
        HPos::Left,
        VPos::Center,
    );
    let mut items = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let base = (n - 1 - i) as f64;
        let middle = base + 0.5;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x_range.0, middle))
                + Text::new(row.label.clone(), (-LEGEND_GAP_PX, 0), label_style.clone()),
        ))?;
        let Some(bar) = &row.bar else {
            chart.draw_series(std::iter::once(
                EmptyElement::at((x_range.0, middle))
                    + Text::new("no cold starts", (LEGEND_GAP_PX, 0), value_style.clone()),
            ))?;
            continue;
        };
        let mut start = 0.0;
        let mut bars = Vec::with_capacity(bar.parts.len());
        for ((ms, color), name) in bar.parts.into_iter().zip(colors).zip(part_names()) {
            if ms > 0.0 {
                let corners = [(start, base + gap), (start + ms, base + 1.0 - gap)];
                bars.push(Rectangle::new(corners, color.filled()));
                let (a, b) = (
                    panel.data_to_pixel(corners[0].0, corners[0].1),
                    panel.data_to_pixel(corners[1].0, corners[1].1),
                );
                items.push(Item {
                    area: PixelRect {
                        left: a.0.min(b.0),
                        top: a.1.min(b.1),
                        right: a.0.max(b.0),
                        bottom: a.1.max(b.1),
                    },
                    text: format!(
                        "{}: {name} = {} of {}",
                        row.label,
                        Unit::Milliseconds.format(ms),
                        Unit::Milliseconds.format(bar.ms)
                    ),
                });
            }
            start += ms;
        }
        chart.draw_series(bars)?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((start, middle))
                + Text::new(
                    Unit::Milliseconds.format(bar.ms),
                    (LEGEND_GAP_PX / 2, 0),
                    value_style.clone(),
                ),
        ))?;
    }
    Ok(ChartGeometry {
        panels: vec![panel],
        items,
    })
}
