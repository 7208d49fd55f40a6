//! Environment lanes: one lane per recorded environment over time — its start (microVM, code
//! fetch, bootstrap, init), then busy and idle, then a tick where it went — with the deploys
//! marked, in a time window.
//!
//! Thousands of lanes cannot each get a pixel row, and a run's spans are far finer than a
//! pixel column, so the chart rasterises: each row of the plot is a group of consecutive lanes
//! (never thinner than [`LANE_MIN_ROW_PX`]), each column a slice of the window, and a cell is
//! shaded from idle to busy by the share of its lanes' ready time they were busy — except that
//! a start phase wins any cell it appears in, so a 200 ms cold start stays visible in an
//! hour-long window. The work is
//! bounded by rows × columns plus the spans, whatever the run, and the note says how many lanes
//! each row merged and how many environments the report did not record: nothing is dropped
//! silently.

use crate::Variant;
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, PixelRect, Scale};
use crate::layout::*;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::report::{ColdStartPhase, EnvironmentLanes, Lane};
use coldstart_prose::labels;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// A window of simulated time to draw, seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeWindow {
    from_s: f64,
    to_s: f64,
}

impl TimeWindow {
    /// The window from `from_s` to `to_s`: finite, non-negative and not empty.
    pub fn new(from_s: f64, to_s: f64) -> Result<TimeWindow, ChartError> {
        if !(from_s.is_finite() && to_s.is_finite()) || from_s < 0.0 || to_s <= from_s {
            return Err(ChartError::new(format!(
                "window: {from_s}..{to_s} s is not a time window; expected 0 <= from < to, in \
                 seconds of simulated time"
            )));
        }
        Ok(TimeWindow { from_s, to_s })
    }

    /// Start, seconds.
    pub fn from_s(self) -> f64 {
        self.from_s
    }

    /// End, seconds.
    pub fn to_s(self) -> f64 {
        self.to_s
    }

    /// The whole run of every variant: from 0 to the latest end.
    fn of(variants: &[Variant<'_>]) -> Option<TimeWindow> {
        let end = (variants.iter())
            .map(|v| v.report.end.as_secs_f64())
            .fold(0.0, f64::max);
        TimeWindow::new(0.0, end).ok()
    }
}

/// What a cell can show: a start phase, or a ready environment shaded by the share of the
/// cell's time it was busy, in [`LANE_BUSY_LEVELS`] steps from idle (0) to busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shade {
    Phase(usize),
    Ready(u8),
}

/// The colour `level` steps of [`LANE_BUSY_LEVELS`] from `idle` to `busy`.
fn blend(idle: RGBColor, busy: RGBColor, level: u8) -> RGBColor {
    let f = f64::from(level) / f64::from(LANE_BUSY_LEVELS);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    RGBColor(
        mix(idle.0, busy.0),
        mix(idle.1, busy.1),
        mix(idle.2, busy.2),
    )
}

/// The start phases a lane records, in running order.
const START_PHASES: [ColdStartPhase; 4] = [
    ColdStartPhase::Microvm,
    ColdStartPhase::CodeFetch,
    ColdStartPhase::Bootstrap,
    ColdStartPhase::Init,
];

/// Time per state in each column of one row, seconds: four phases, busy, idle.
struct RowRaster {
    from_s: f64,
    column_s: f64,
    cells: Vec<[f64; 6]>,
}

impl RowRaster {
    fn new(window: TimeWindow, columns: usize) -> Self {
        RowRaster {
            from_s: window.from_s,
            column_s: (window.to_s - window.from_s) / columns as f64,
            cells: vec![[0.0; 6]; columns],
        }
    }

    fn clear(&mut self) {
        self.cells.iter_mut().for_each(|c| *c = [0.0; 6]);
    }

    /// Adds `weight` × the overlap of [a, b) with each column to state `k`.
    fn add(&mut self, k: usize, a: f64, b: f64, weight: f64) {
        let n = self.cells.len();
        let (ca, cb) = (
            (a - self.from_s) / self.column_s,
            (b - self.from_s) / self.column_s,
        );
        if cb <= 0.0 || ca >= n as f64 || b <= a {
            return;
        }
        let (ca, cb) = (ca.max(0.0), cb.min(n as f64));
        let first = ca.floor() as usize;
        let last = (cb.ceil() as usize).clamp(first + 1, n);
        for (c, cell) in self.cells[first..last].iter_mut().enumerate() {
            let c = (first + c) as f64;
            let overlap = (cb.min(c + 1.0) - ca.max(c)).max(0.0);
            cell[k] += overlap * self.column_s * weight;
        }
    }

    fn lane(&mut self, lane: &Lane) {
        let mut t = lane.created.as_secs_f64();
        let ready = lane.ready.map(|r| r.as_secs_f64());
        let start_end = ready.unwrap_or(f64::INFINITY);
        for (k, phase) in START_PHASES.iter().enumerate() {
            let d = lane.phases.get(*phase).as_secs_f64();
            let end = (t + d).min(start_end);
            self.add(k, t, end, 1.0);
            t = end;
        }
        for s in &lane.spans {
            let (a, b) = (s.start.as_secs_f64(), s.end.as_secs_f64());
            let len = b - a;
            if len <= 0.0 {
                continue;
            }
            let busy = (s.busy.as_secs_f64() / len).clamp(0.0, 1.0);
            if busy > 0.0 {
                self.add(4, a, b, busy);
            }
            if busy < 1.0 {
                self.add(5, a, b, 1.0 - busy);
            }
        }
    }

    /// The shade of each column: a start phase if any is there, else the busy share of the
    /// ready time; nothing when the row's lanes were there for under half a column.
    fn shades(&self) -> Vec<Option<Shade>> {
        (self.cells.iter())
            .map(|cell| {
                if cell.iter().sum::<f64>() < self.column_s * 0.5 {
                    return None;
                }
                let phase = (0..4)
                    .filter(|&k| cell[k] > 0.0)
                    .max_by(|&a, &b| cell[a].total_cmp(&cell[b]));
                Some(match phase {
                    Some(k) => Shade::Phase(k),
                    None => {
                        let share = cell[4] / (cell[4] + cell[5]);
                        Shade::Ready((share * f64::from(LANE_BUSY_LEVELS)).round() as u8)
                    }
                })
            })
            .collect()
    }
}

/// The lanes of one variant and how they are grouped into rows.
struct Rows<'r> {
    lanes: &'r EnvironmentLanes,
    /// Lanes per row (1: no merging).
    per_row: usize,
    rows: usize,
}

impl<'r> Rows<'r> {
    fn of(lanes: &'r EnvironmentLanes, plot_height_px: i32) -> Self {
        let n = lanes.lanes.len();
        let fit = usize::try_from(plot_height_px / LANE_MIN_ROW_PX)
            .unwrap_or(1)
            .max(1);
        let per_row = n.div_ceil(fit).max(1);
        Rows {
            lanes,
            per_row,
            rows: n.div_ceil(per_row),
        }
    }

    fn group(&self, row: usize) -> &'r [Lane] {
        let lanes = &self.lanes.lanes;
        let start = (row * self.per_row).min(lanes.len());
        &lanes[start..(start + self.per_row).min(lanes.len())]
    }

    /// The row's name for read-outs: "env 12" or "envs 12–15".
    fn name(&self, row: usize) -> String {
        match self.group(row) {
            [one] => format!("env {}", one.env_id),
            [first, .., last] => format!("envs {}–{}", first.env_id, last.env_id),
            [] => String::new(),
        }
    }
}

/// A lane's read-out: how it started, how busy it was, how it ended.
fn describe_lane(lane: &Lane) -> String {
    let kind = if lane.provisioned {
        "provisioned"
    } else if lane.proactive {
        "on-demand, initialised proactively"
    } else {
        "on-demand"
    };
    let ms = |m: coldstart_core::Micros| Unit::Milliseconds.format(m.as_ms_f64());
    let secs = |m: coldstart_core::Micros| Unit::Seconds.format(m.as_secs_f64());
    let phases: Vec<String> = (START_PHASES.iter())
        .map(|&p| format!("{} {}", labels::phase(p).label, ms(lane.phases.get(p))))
        .collect();
    let life: u64 = lane.spans.iter().map(|s| (s.end - s.start).0).sum();
    let busy: u64 = lane.spans.iter().map(|s| s.busy.0).sum();
    let share = if life > 0 {
        format!("busy {}", Unit::Fraction.format(busy as f64 / life as f64))
    } else {
        "never ready".to_owned()
    };
    let end = match lane.end {
        Some(e) => format!("gone at {} ({})", secs(e.at), labels::reclaim(e.why).label),
        None => "alive at the end".to_owned(),
    };
    format!(
        "env {} ({kind}): created at {} ({}), {share}, {end}",
        lane.env_id,
        secs(lane.created),
        phases.join(", ")
    )
}

/// Draws the lanes of every variant (one panel each) over `window`, or over the whole run.
pub fn draw_lanes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
    window: Option<TimeWindow>,
) -> Result<ChartGeometry, ChartError> {
    let title = "Environment lanes";
    let recorded: Vec<Option<&EnvironmentLanes>> = (variants.iter())
        .map(|v| v.report.environment_lanes.as_ref())
        .collect();
    let any_lane = recorded.iter().flatten().any(|l| !l.lanes.is_empty());
    let window = window.or_else(|| TimeWindow::of(variants));
    let Some(window) = window.filter(|_| any_lane) else {
        let created: u64 = variants.iter().map(|v| v.report.environments.created).sum();
        let message = if created > 0 && recorded.iter().all(Option::is_none) {
            "No lanes recorded: set output.environment_lanes to record them"
        } else {
            "No environments to show"
        };
        return frame::empty(area, theme, title, message);
    };
    let mut legend: Vec<LegendEntry> = (START_PHASES.iter().enumerate())
        .map(|(k, &p)| LegendEntry::new(Swatch::Block, theme.phases[k], labels::phase(p).label))
        .collect();
    legend.push(LegendEntry::new(Swatch::Block, theme.busy, "busy"));
    // Idle is the neutral grey, not the environments chart's sky blue, which is the microVM's
    // colour here.
    legend.push(LegendEntry::new(Swatch::Block, theme.warm, "idle"));
    legend.push(LegendEntry::new(
        Swatch::Tick,
        theme.foreground,
        "reclaimed",
    ));
    let deploys = variants.iter().any(|v| !v.report.deploys_s.is_empty());
    if deploys {
        let color = theme.cause_color(coldstart_core::report::ColdCause::Deploy);
        legend.push(LegendEntry::new(Swatch::Dashed, color, "deploy"));
    }
    let frame = frame::begin(area, theme, title, &legend)?;
    let span_s = window.to_s - window.from_s;
    let unit = Unit::for_time_span(window.to_s);
    let per_unit = unit.seconds_per_unit();
    let x_axis = Axis::numeric(
        "t",
        unit,
        Scale::Linear,
        (window.from_s / per_unit, window.to_s / per_unit),
    );
    let areas = frame::panels(&frame.body, variants.len());
    let mut geometry = ChartGeometry::default();
    let mut notes = Vec::new();
    for (i, (panel_area, variant)) in areas.iter().zip(variants).enumerate() {
        let style = PanelStyle {
            caption: (variants.len() > 1).then_some(variant.label),
            x_title: i + 1 == variants.len(),
            y_label_px: LANE_LABEL_AREA_PX,
        };
        let (panel, note) = draw_panel(
            panel_area, theme, &style, variant, window, &x_axis, per_unit,
        )?;
        notes.extend(note);
        geometry.items.extend(panel.1);
        geometry.panels.push(panel.0);
    }
    let span_unit = Unit::for_time_span(span_s);
    let mut note = format!(
        "{} window, first created at top, shade = busy share",
        span_unit.short(span_s / span_unit.seconds_per_unit())
    );
    notes.dedup();
    for n in notes {
        note.push_str("; ");
        note.push_str(&n);
    }
    frame.note(theme, &note)?;
    Ok(geometry)
}

type PanelResult = ((Panel, Vec<Item>), Option<String>);

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    style: &PanelStyle<'_>,
    variant: &Variant<'_>,
    window: TimeWindow,
    x_axis: &Axis,
    per_unit: f64,
) -> Result<PanelResult, ChartError> {
    let empty = EnvironmentLanes::default();
    let lanes = variant.report.environment_lanes.as_ref().unwrap_or(&empty);
    // The plot is built on y from 0 to 1 (top = first row), so its height is known before the
    // rows are chosen; the panel's axis then counts rows for read-outs.
    let mut chart = frame::builder(area, theme, style).build_cartesian_2d(
        Coord::linear(x_axis.min..x_axis.max),
        Coord::linear(0.0..1.0),
    )?;
    let pixel_rows = chart.as_coord_spec().get_y_axis_pixel_range();
    let rows = Rows::of(lanes, (pixel_rows.end - pixel_rows.start).abs().max(1));
    let n_rows = rows.rows.max(1) as f64;
    let mut y_axis = Axis::numeric("environment", Unit::Category, Scale::Linear, (0.0, n_rows));
    // Row r (from the top) is category rows - 1 - r, since the axis counts from the bottom.
    y_axis.categories = (0..rows.rows).rev().map(|r| rows.name(r)).collect();
    frame::draw_axes(&mut chart, theme, x_axis, &y_axis, style.x_title)?;
    let panel = Panel::from_coords(
        style.caption.unwrap_or_default(),
        chart.as_coord_spec(),
        x_axis.clone(),
        y_axis.clone(),
    );
    let mut items = Vec::new();
    if lanes.lanes.is_empty() {
        let message = if variant.report.environment_lanes.is_none() {
            "no lanes recorded"
        } else {
            "no environments"
        };
        frame::plot_message(&chart, theme, message)?;
        return Ok(((panel, items), None));
    }
    let columns = usize::try_from(panel.plot.width()).unwrap_or(1).max(1);
    let mut raster = RowRaster::new(window, columns);
    let column_u = (window.to_s - window.from_s) / columns as f64 / per_unit;
    let x_at = |c: usize| x_axis.min + c as f64 * column_u;
    let shade_color = |s: Shade| match s {
        Shade::Phase(k) => theme.phases[k],
        Shade::Ready(level) => blend(theme.warm, theme.busy, level),
    };
    let row_px = f64::from(panel.plot.bottom - panel.plot.top) / n_rows;
    for r in 0..rows.rows {
        raster.clear();
        let group = rows.group(r);
        for lane in group {
            raster.lane(lane);
        }
        let y0 = (n_rows - r as f64 - 1.0) / n_rows;
        // A hair of background between rows when they are tall enough to show it.
        let gap = if row_px >= 4.0 { 1.0 / row_px } else { 0.0 };
        let (top, bottom) = (y0 + (1.0 - gap) / n_rows, y0);
        let shades = raster.shades();
        let mut c = 0;
        while c < columns {
            let Some(shade) = shades[c] else {
                c += 1;
                continue;
            };
            let run_end = (c..columns)
                .find(|&e| shades[e] != Some(shade))
                .unwrap_or(columns);
            let rect = Rectangle::new(
                [(x_at(c), bottom), (x_at(run_end), top)],
                shade_color(shade).filled(),
            );
            chart.draw_series(std::iter::once(rect))?;
            c = run_end;
        }
        // Ends inside the window, as ticks across the row.
        let tick = theme.foreground.stroke_width(1);
        chart.draw_series(
            (group.iter())
                .filter_map(|l| l.end)
                .map(|e| e.at.as_secs_f64())
                .filter(|&t| t >= window.from_s && t <= window.to_s)
                .map(|t| PathElement::new(vec![(t / per_unit, bottom), (t / per_unit, top)], tick)),
        )?;
        let (_, y_top) = panel.data_to_pixel(x_axis.min, top * n_rows);
        let (_, y_bottom) = panel.data_to_pixel(x_axis.min, bottom * n_rows);
        let text = match group {
            [one] => describe_lane(one),
            _ => format!(
                "{} ({} environments merged in this row: a start phase shows where any \
                 started, otherwise the shade is their busy share)",
                rows.name(r),
                group.len()
            ),
        };
        items.push(Item {
            area: PixelRect {
                left: panel.plot.left,
                top: y_top.min(y_bottom),
                right: panel.plot.right,
                bottom: y_top.max(y_bottom),
            },
            text: format!("{}{text}", caption_prefix(style)),
        });
    }
    let color = theme.cause_color(coldstart_core::report::ColdCause::Deploy);
    for &at in &variant.report.deploys_s {
        if at < window.from_s || at > window.to_s {
            continue;
        }
        let x = at / per_unit;
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(x, 0.0), (x, 1.0)],
            DASH_PX,
            DASH_GAP_PX,
            color.stroke_width(CURVE_STROKE_PX),
        )))?;
    }
    let mut note = Vec::new();
    if rows.per_row > 1 {
        note.push(format!("{} lanes per row merged", rows.per_row));
    }
    let created = lanes.created;
    let shown = lanes.lanes.len() as u64;
    if created > shown {
        note.push(format!(
            "first {} of {} environments recorded",
            crate::units::Unit::Environments.tick(shown as f64),
            crate::units::Unit::Environments.tick(created as f64)
        ));
    }
    let note = (!note.is_empty()).then(|| note.join(", "));
    Ok(((panel, items), note))
}

fn caption_prefix(style: &PanelStyle<'_>) -> String {
    style.caption.map(|c| format!("{c}: ")).unwrap_or_default()
}
