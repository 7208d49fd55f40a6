//! Latency timeline: each request's latency against its arrival time, cold starts coloured by
//! cause, warm requests grey, throttled or dropped requests as ticks along the top.
//!
//! When the warm requests outnumber what the panel can draw one by one, they are summarised per
//! group of [`BAND_GROUP_PX`] pixel columns: a median line and a p1–p99 band, which do not widen
//! because a column holds more requests, with each column's fastest and slowest request faint
//! behind them (so a lone outlier stays visible without reading as a band).
//!
//! The latency axis is logarithmic because warm requests (milliseconds) and cold starts
//! (seconds) differ by orders of magnitude; on a linear axis the warm ones would be a flat line.
//! Several variants are drawn as small multiples on shared axes, so they compare at a glance.

use crate::Variant;
use crate::downsample::{column_quantiles, downsample_extremes};
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Panel, Scale};
use crate::layout::*;
use crate::ranges::log_decades;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::report::{ColdCause, Outcome, Report};
use plotters::coord::Shift;
use plotters::prelude::*;

const TITLE: &str = "Latency timeline";

/// A point in time (seconds) and a latency (ms).
type Point = (f64, f64);
/// A time (seconds) and the lowest and highest latency seen around it (ms).
type Envelope = (f64, f64, f64);

/// What one variant contributes, in seconds and milliseconds.
#[derive(Default)]
struct Requests {
    /// Warm requests from the sample.
    warm: Vec<Point>,
    /// Cold starts from the sample, by cause in [`ColdCause::ALL`] order.
    cold: [Vec<Point>; ColdCause::ALL.len()],
    /// Warm latency range per time-series bucket (only when there is no sample).
    warm_ranges: Vec<Envelope>,
    /// Cold latency range per bucket (only when there is no sample).
    cold_ranges: Vec<Envelope>,
    /// Arrival times of requests that were never served.
    unserved: Vec<f64>,
    /// End of the simulated span, seconds.
    end_s: f64,
}

impl Requests {
    fn of(report: &Report) -> Self {
        if report.samples.is_empty() {
            Self::from_time_series(report)
        } else {
            Self::from_samples(report)
        }
    }

    fn from_samples(report: &Report) -> Self {
        let mut out = Requests {
            end_s: report.end.as_secs_f64(),
            ..Requests::default()
        };
        for record in &report.samples {
            let t = record.arrival.as_secs_f64();
            // The x axis is arrival time: a request ending after the run does not stretch it.
            out.end_s = out.end_s.max(t);
            if matches!(record.outcome, Outcome::Throttled | Outcome::Dropped) {
                out.unserved.push(t);
                continue;
            }
            let latency = (record.end - record.arrival).as_ms_f64();
            match record.cold {
                Some(cause) => out.cold[cause_index(cause)].push((t, latency)),
                None => out.warm.push((t, latency)),
            }
        }
        out
    }

    /// Without a request sample the time series still has each bucket's fastest and slowest
    /// warm and cold latency: drawn as a vertical range per bucket, it shows the same envelope.
    fn from_time_series(report: &Report) -> Self {
        let series = &report.timeseries;
        let bucket = series.bucket_s;
        let mut out = Requests {
            end_s: report.end.as_secs_f64(),
            ..Requests::default()
        };
        if !(bucket.is_finite() && bucket > 0.0) {
            return out;
        }
        let middle = |i: usize| (i as f64 + 0.5) * bucket;
        let ranges = |buckets: &[Option<(f64, f64)>]| -> Vec<Envelope> {
            buckets
                .iter()
                .enumerate()
                .filter_map(|(i, range)| range.map(|(lo, hi)| (middle(i), lo, hi)))
                .collect()
        };
        out.warm_ranges = ranges(&series.warm_latency_ms);
        out.cold_ranges = ranges(&series.cold_latency_ms);
        out.unserved = (series.throttles.iter().enumerate())
            .filter(|(_, n)| **n > 0)
            .map(|(i, _)| middle(i))
            .collect();
        let buckets = series
            .warm_latency_ms
            .len()
            .max(series.cold_latency_ms.len())
            .max(series.throttles.len());
        out.end_s = out.end_s.max(buckets as f64 * bucket);
        out
    }

    fn latencies(&self) -> impl Iterator<Item = f64> + '_ {
        let points = self.warm.iter().chain(self.cold.iter().flatten());
        let ranges = self.warm_ranges.iter().chain(&self.cold_ranges);
        (points.map(|p| p.1)).chain(ranges.flat_map(|r| [r.1, r.2]))
    }

    fn has_ranges(&self) -> bool {
        !self.warm_ranges.is_empty() || !self.cold_ranges.is_empty()
    }

    fn is_empty(&self) -> bool {
        self.warm.is_empty()
            && self.cold.iter().all(Vec::is_empty)
            && !self.has_ranges()
            && self.unserved.is_empty()
    }
}

fn cause_index(cause: ColdCause) -> usize {
    match cause {
        ColdCause::First => 0,
        ColdCause::ScaleOut => 1,
        ColdCause::KeepAliveExpired => 2,
        ColdCause::LifetimeExpired => 3,
        ColdCause::Reset => 4,
        ColdCause::Deploy => 5,
    }
}

/// How a cold-start cause reads in legends.
pub(crate) fn cause_label(cause: ColdCause) -> String {
    format!("cold: {}", coldstart_prose::labels::cause(cause).label)
}

/// Whether a panel `columns` wide summarises these warm requests (median and p1–p99 band)
/// rather than drawing each: more than two per pixel column.
fn banded(requests: &Requests, columns: usize) -> bool {
    requests.warm.len() > 2 * columns
}

fn legend(theme: &Theme, data: &[Requests], columns: usize) -> Vec<LegendEntry> {
    let mut entries = Vec::new();
    if data.iter().any(|d| !d.warm.is_empty()) {
        entries.push(LegendEntry::new(Swatch::Dot, theme.warm, "warm"));
    }
    if data.iter().any(|d| banded(d, columns)) {
        entries.push(LegendEntry::new(Swatch::Line, theme.muted, "warm median"));
        entries.push(LegendEntry::new(Swatch::Block, theme.warm, "warm p1–p99"));
    }
    for (i, cause) in ColdCause::ALL.into_iter().enumerate() {
        if data.iter().any(|d| !d.cold[i].is_empty()) {
            let color = theme.cause_color(cause);
            entries.push(LegendEntry::new(Swatch::Dot, color, cause_label(cause)));
        }
    }
    if data.iter().any(|d| !d.warm_ranges.is_empty()) {
        entries.push(LegendEntry::new(Swatch::Line, theme.warm, "warm range"));
    }
    if data.iter().any(|d| !d.cold_ranges.is_empty()) {
        let label = "cold range (cause not sampled)";
        entries.push(LegendEntry::new(Swatch::Line, theme.cold_any, label));
    }
    if data.iter().any(|d| !d.unserved.is_empty()) {
        let label = "throttled or dropped";
        entries.push(LegendEntry::new(Swatch::Tick, theme.foreground, label));
    }
    entries
}

/// Draws the latency timeline of each variant, one panel per variant on shared axes.
pub fn draw_timeline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let data: Vec<Requests> = variants.iter().map(|v| Requests::of(v.report)).collect();
    if data.iter().all(Requests::is_empty) {
        let message = "No requests to show: the run recorded no sample and no time series";
        return frame::empty(area, theme, TITLE, message);
    }
    // The legend is drawn before the panels: their width is at most the area's.
    let area_columns = usize::try_from(area.dim_in_pixel().0).unwrap_or(0);
    let frame = frame::begin(area, theme, TITLE, &legend(theme, &data, area_columns))?;
    let end_s = data.iter().map(|d| d.end_s).fold(0.0, f64::max);
    let unit = Unit::for_time_span(end_s);
    let x_max = if end_s > 0.0 {
        end_s / unit.seconds_per_unit()
    } else {
        1.0
    };
    let x_axis = Axis::numeric("t", unit, Scale::Linear, (0.0, x_max));
    let y_range = log_decades(data.iter().flat_map(Requests::latencies))
        .unwrap_or((1.0, EMPTY_LATENCY_AXIS_MAX_MS));
    let y_axis = Axis::numeric("latency", Unit::Milliseconds, Scale::Log, y_range);

    let mut geometry = ChartGeometry::default();
    let mut band = false;
    let areas = frame::panels(&frame.body, data.len());
    for (i, (panel_area, requests)) in areas.iter().zip(&data).enumerate() {
        let style = PanelStyle {
            caption: Some(variants[i].label),
            x_title: i + 1 == data.len(),
            y_label_px: Y_LABEL_AREA_PX,
        };
        let panel = draw_panel(panel_area, theme, &style, requests, &x_axis, &y_axis)?;
        band |= banded(requests, usize::try_from(panel.plot.width()).unwrap_or(0));
        geometry.panels.push(panel);
    }
    let note = if data.iter().any(Requests::has_ranges) {
        let bucket = variants
            .iter()
            .map(|v| v.report.timeseries.bucket_s)
            .fold(0.0, f64::max);
        format!(
            "range per {} bucket (no request sample)",
            Unit::Seconds.short(bucket)
        )
    } else if band {
        format!(
            "warm: median and p1–p99 per {BAND_GROUP_PX} px, faint dots the fastest and slowest \
             request per pixel column"
        )
    } else {
        "every sampled request".to_owned()
    };
    frame.note(theme, &note)?;
    Ok(geometry)
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    style: &PanelStyle<'_>,
    requests: &Requests,
    x_axis: &Axis,
    y_axis: &Axis,
) -> Result<Panel, ChartError> {
    let (y_min, y_max) = (y_axis.min, y_axis.max);
    let mut chart = frame::builder(area, theme, style)
        .build_cartesian_2d(x_axis.min..x_axis.max, (y_min..y_max).log_scale())?;
    frame::draw_axes(&mut chart, theme, x_axis, y_axis, style.x_title)?;
    let panel = Panel::from_coords(
        style.caption.unwrap_or_default(),
        chart.as_coord_spec(),
        x_axis.clone(),
        y_axis.clone(),
    );
    let columns = usize::try_from(panel.plot.width()).unwrap_or(1);
    let per_unit = x_axis.unit.seconds_per_unit();
    // Into display units, and onto the axis: a zero latency cannot sit on a log axis.
    let place = |&(t, ms): &Point| (t / per_unit, ms.clamp(y_min, y_max));
    let x_range = (x_axis.min, x_axis.max);

    if requests.is_empty() {
        frame::plot_message(&chart, theme, "no requests recorded")?;
        return Ok(panel);
    }

    let warm: Vec<Point> = requests.warm.iter().map(place).collect();
    if banded(requests, columns) {
        draw_band(&mut chart, theme, &warm, x_range, columns)?;
    } else {
        let warm_style = theme.warm.filled();
        chart.draw_series(
            warm.iter()
                .map(|p| Circle::new(*p, WARM_RADIUS_PX, warm_style)),
        )?;
    }
    draw_ranges(
        &mut chart,
        &requests.warm_ranges,
        theme.warm,
        per_unit,
        y_axis,
    )?;
    draw_ranges(
        &mut chart,
        &requests.cold_ranges,
        theme.cold_any,
        per_unit,
        y_axis,
    )?;

    let cold_total: usize = requests.cold.iter().map(Vec::len).sum();
    let keep_all = cold_total <= COLD_KEEP_ALL_PER_COLUMN * columns;
    for (cause, points) in ColdCause::ALL.into_iter().zip(&requests.cold) {
        let points: Vec<Point> = points.iter().map(place).collect();
        let points = if keep_all {
            points
        } else {
            downsample_extremes(&points, x_range, columns)
        };
        let style = theme.cause_color(cause).filled();
        chart.draw_series(
            points
                .iter()
                .map(|p| Circle::new(*p, COLD_RADIUS_PX, style)),
        )?;
    }

    // A tick per pixel column is all the eye can tell apart; keep one per column.
    let mut seen = vec![false; columns.max(1)];
    let tick = theme.foreground.stroke_width(CURVE_STROKE_PX);
    let mut ticks = Vec::new();
    for t in requests.unserved.iter().map(|t| t / per_unit) {
        let (px, _) = panel.data_to_pixel(t, y_max);
        let column = usize::try_from(px - panel.plot.left)
            .unwrap_or(0)
            .min(columns - 1);
        if !std::mem::replace(&mut seen[column], true) {
            ticks.push(t);
        }
    }
    chart.draw_series(ticks.into_iter().map(|t| {
        EmptyElement::at((t, y_max)) + PathElement::new(vec![(0, 0), (0, EVENT_TICK_PX)], tick)
    }))?;
    Ok(panel)
}

/// Many warm requests: each column's fastest and slowest faintly, then per group of
/// [`BAND_GROUP_PX`] columns the p1–p99 band (a bar as wide as the group) and the median line,
/// broken where a group has no request.
fn draw_band<DB: DrawingBackend, X, Y>(
    chart: &mut ChartContext<'_, DB, plotters::coord::cartesian::Cartesian2d<X, Y>>,
    theme: &Theme,
    warm: &[Point],
    x_range: (f64, f64),
    columns: usize,
) -> Result<(), ChartError>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    let faint = theme.warm.mix(EXTREMES_ALPHA).filled();
    let extremes = downsample_extremes(warm, x_range, columns);
    chart.draw_series((extremes.iter()).map(|p| Circle::new(*p, WARM_RADIUS_PX, faint)))?;
    let group_px = usize::try_from(BAND_GROUP_PX).unwrap_or(1).max(1);
    let groups = (columns / group_px).max(1);
    let summary = column_quantiles(warm, x_range, groups, &BAND_QUANTILES);
    let band = theme.warm.mix(BAND_ALPHA).stroke_width(BAND_GROUP_PX);
    chart.draw_series(
        summary
            .iter()
            .map(|g| PathElement::new(vec![(g.x, g.y[0]), (g.x, g.y[2])], band)),
    )?;
    // Runs of adjacent groups: the median line does not bridge a gap without requests.
    let step = (x_range.1 - x_range.0) / groups as f64;
    let mut run: Vec<Point> = Vec::new();
    let median = theme.muted.stroke_width(CURVE_STROKE_PX);
    for g in &summary {
        if run.last().is_some_and(|last| g.x - last.0 > 1.5 * step) {
            chart.draw_series(LineSeries::new(std::mem::take(&mut run), median))?;
        }
        run.push((g.x, g.y[1]));
    }
    chart.draw_series(LineSeries::new(run, median))?;
    Ok(())
}

/// Vertical bars from the fastest to the slowest latency of each bucket, with a dot at each end
/// so a bucket whose range is a single value still shows.
fn draw_ranges<DB: DrawingBackend, X, Y>(
    chart: &mut ChartContext<'_, DB, plotters::coord::cartesian::Cartesian2d<X, Y>>,
    ranges: &[Envelope],
    color: RGBColor,
    per_unit: f64,
    y_axis: &Axis,
) -> Result<(), ChartError>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    let on_axis = |ms: f64| ms.clamp(y_axis.min, y_axis.max);
    let stroke = color.stroke_width(ENVELOPE_STROKE_PX);
    chart.draw_series(ranges.iter().map(|&(t, lo, hi)| {
        PathElement::new(
            vec![(t / per_unit, on_axis(lo)), (t / per_unit, on_axis(hi))],
            stroke,
        )
    }))?;
    chart.draw_series(ranges.iter().flat_map(|&(t, lo, hi)| {
        [lo, hi].map(|ms| Circle::new((t / per_unit, on_axis(ms)), WARM_RADIUS_PX, color.filled()))
    }))?;
    Ok(())
}
