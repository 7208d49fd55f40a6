//! Latency timeline: each request's latency against its arrival time, cold starts coloured by
//! cause, warm requests grey, throttled or dropped requests as ticks along the top, and above
//! each panel a request-rate strip: arrivals, cold starts and throttles per second.
//!
//! Marks stand for how many events they summarise: a down-sampled cold-start mark's area grows
//! with the cold starts in its pixel column, a throttle tick's length with the decades of
//! throttles in its column, and the rate strip (whose bars read out their counts on hover)
//! gives the numbers, so 999 cold starts in a spike never read as 8 dots, nor 11,135
//! throttles as one tick.
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
use crate::coord::Coord;
use crate::downsample::{column_quantiles, downsample_extremes};
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, PixelRect, Scale};
use crate::layout::*;
use crate::ranges::log_decades;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::Micros;
use coldstart_core::report::{ColdCause, Outcome, Report, RequestRecord};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

const TITLE: &str = "Latency timeline";

/// A run's request sample as the timeline draws it: each sampled request's arrival, and its
/// latency and kind (warm, cold by cause) or that it was never served, in the sample's order.
///
/// This is all the timeline reads of the per-request records, about a fifth of their bytes: the
/// page's run worker sends it instead of the records ([`TimelineSample::of`] there, drawn here
/// by the same code as from a report's own sample, so the picture is the same at every size).
/// Not a per-pixel summary: the x axis is shared by every variant (up to the latest end of any,
/// which no one worker knows), and every resize, theme change or SVG export draws at another
/// width.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TimelineSample {
    requests: Vec<SampledRequest>,
}

/// One request of a [`TimelineSample`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct SampledRequest {
    /// First arrival.
    arrival: Micros,
    /// What the timeline draws of it.
    drawn: Drawn,
}

/// How the timeline draws a request.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
enum Drawn {
    /// A warm start, and its latency (end − arrival).
    Warm(Micros),
    /// A cold start of this cause, and its latency.
    Cold(ColdCause, Micros),
    /// Throttled or dropped: a tick along the top.
    Unserved,
}

impl TimelineSample {
    /// The timeline's view of per-request records (a report's `samples`).
    pub fn of(records: &[RequestRecord]) -> TimelineSample {
        let requests = records
            .iter()
            .map(|r| SampledRequest {
                arrival: r.arrival,
                drawn: if matches!(r.outcome, Outcome::Throttled | Outcome::Dropped) {
                    Drawn::Unserved
                } else {
                    let latency = r.end - r.arrival;
                    match r.cold {
                        Some(cause) => Drawn::Cold(cause, latency),
                        None => Drawn::Warm(latency),
                    }
                },
            })
            .collect();
        TimelineSample { requests }
    }

    /// Requests in the sample.
    pub fn len(&self) -> usize {
        self.requests.len()
    }

    /// Whether the run kept no sample (the timeline then draws the time series' ranges).
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }
}

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
    /// Counts per time-series bucket, for the rate strip.
    rates: Rates,
}

/// Arrivals, cold starts and throttles per time-series bucket: what the rate strip draws.
#[derive(Default)]
struct Rates {
    /// Bucket width, seconds (0 when the report has no series).
    bucket_s: f64,
    arrivals: Vec<u64>,
    cold: Vec<u64>,
    throttles: Vec<u64>,
}

/// One bar of the rate strip: a run of buckets drawn in one place, with the highest per-second
/// rate among them (so a one-second spike inside a wide bar keeps its height) and their sums.
struct RateBar {
    start_s: f64,
    end_s: f64,
    arrivals: u64,
    cold: u64,
    throttles: u64,
    peak: [f64; 3],
}

impl Rates {
    fn of(report: &Report) -> Self {
        let s = &report.timeseries;
        if !(s.bucket_s.is_finite() && s.bucket_s > 0.0) {
            return Rates::default();
        }
        Rates {
            bucket_s: s.bucket_s,
            arrivals: s.arrivals.clone(),
            cold: s.cold_starts.clone(),
            throttles: s.throttles.clone(),
        }
    }

    fn len(&self) -> usize {
        self.arrivals
            .len()
            .max(self.cold.len())
            .max(self.throttles.len())
    }

    /// The buckets grouped so that a bar is at least one of `columns` pixel columns wide over
    /// `span_s` seconds.
    fn bars(&self, span_s: f64, columns: usize) -> Vec<RateBar> {
        let n = self.len();
        if n == 0 || self.bucket_s <= 0.0 {
            return Vec::new();
        }
        let px_s = span_s / columns.max(1) as f64;
        let per_bar = ((px_s / self.bucket_s).ceil() as usize).max(1);
        let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
        (0..n)
            .step_by(per_bar)
            .map(|first| {
                let range = first..(first + per_bar).min(n);
                let mut bar = RateBar {
                    start_s: first as f64 * self.bucket_s,
                    end_s: range.end as f64 * self.bucket_s,
                    arrivals: 0,
                    cold: 0,
                    throttles: 0,
                    peak: [0.0; 3],
                };
                for i in range {
                    let counts = [
                        at(&self.arrivals, i),
                        at(&self.cold, i),
                        at(&self.throttles, i),
                    ];
                    bar.arrivals += counts[0];
                    bar.cold += counts[1];
                    bar.throttles += counts[2];
                    for (peak, c) in bar.peak.iter_mut().zip(counts) {
                        *peak = peak.max(c as f64 / self.bucket_s);
                    }
                }
                bar
            })
            .collect()
    }

    /// The highest per-second rate of any bucket (arrivals or throttles).
    fn peak_per_s(&self) -> f64 {
        (self
            .arrivals
            .iter()
            .chain(&self.throttles)
            .chain(&self.cold))
        .map(|c| *c as f64 / self.bucket_s)
        .fold(0.0, f64::max)
    }
}

impl Requests {
    /// A variant's requests from its report and its sample (the report's own when `None`).
    fn of(report: &Report, sample: Option<&TimelineSample>) -> Self {
        let own;
        let sample = match sample {
            Some(sample) => sample,
            None => {
                own = TimelineSample::of(&report.samples);
                &own
            }
        };
        let mut out = if sample.is_empty() {
            Self::from_time_series(report)
        } else {
            Self::from_sample(report, sample)
        };
        out.rates = Rates::of(report);
        out
    }

    fn from_sample(report: &Report, sample: &TimelineSample) -> Self {
        let mut out = Requests {
            end_s: report.end.as_secs_f64(),
            ..Requests::default()
        };
        for request in &sample.requests {
            let t = request.arrival.as_secs_f64();
            // The x axis is arrival time: a request ending after the run does not stretch it.
            out.end_s = out.end_s.max(t);
            match request.drawn {
                Drawn::Unserved => out.unserved.push(t),
                Drawn::Cold(cause, latency) => {
                    out.cold[cause_index(cause)].push((t, latency.as_ms_f64()));
                }
                Drawn::Warm(latency) => out.warm.push((t, latency.as_ms_f64())),
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
        let label = "throttled or dropped (longer: more)";
        entries.push(LegendEntry::new(Swatch::Tick, theme.foreground, label));
    }
    if data.iter().any(|d| d.rates.len() > 0) {
        let arrivals = theme.warm.mix(RATE_ARRIVALS_ALPHA);
        entries.push(LegendEntry::new(
            Swatch::Block,
            rgb(arrivals, theme.background),
            "arrivals /s",
        ));
        if data.iter().any(|d| d.rates.cold.iter().any(|c| *c > 0)) {
            entries.push(LegendEntry::new(
                Swatch::Line,
                theme.cold_any,
                "cold starts /s",
            ));
        }
        if data
            .iter()
            .any(|d| d.rates.throttles.iter().any(|c| *c > 0))
        {
            entries.push(LegendEntry::new(
                Swatch::Block,
                theme.foreground,
                "throttles /s",
            ));
        }
    }
    entries
}

/// Opacity of the arrivals' bars in the rate strip: a light ground for the cold starts and
/// throttles drawn over it.
const RATE_ARRIVALS_ALPHA: f64 = 0.55;

/// A colour mixed over the background, as an opaque colour for a legend swatch.
fn rgb(c: RGBAColor, bg: RGBColor) -> RGBColor {
    let RGBAColor(r, g, b, a) = c;
    let mix = |f: u8, b: u8| (f64::from(f) * a + f64::from(b) * (1.0 - a)).round() as u8;
    RGBColor(mix(r, bg.0), mix(g, bg.1), mix(b, bg.2))
}

/// Draws the latency timeline of each variant, one panel per variant on shared axes.
pub fn draw_timeline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    draw_timeline_sampled(area, variants, &[], theme)
}

/// [`draw_timeline`] for reports that came without their request sample: variant `i` is drawn
/// from `samples[i]` (from its report's own sample when there is no `samples[i]`).
pub fn draw_timeline_sampled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    samples: &[TimelineSample],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let data: Vec<Requests> = (variants.iter().enumerate())
        .map(|(i, v)| Requests::of(v.report, samples.get(i)))
        .collect();
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
    // One rate scale for every variant's strip, so their heights compare.
    let rate_max = data
        .iter()
        .map(|d| d.rates.peak_per_s())
        .fold(0.0, f64::max);

    let mut geometry = ChartGeometry::default();
    let mut band = false;
    let areas = frame::panels(&frame.body, data.len());
    for (i, (panel_area, requests)) in areas.iter().zip(&data).enumerate() {
        let label = variants[i].label;
        let style = PanelStyle {
            caption: Some(label),
            x_title: i + 1 == data.len(),
            y_label_px: Y_LABEL_AREA_PX,
        };
        let (plot_area, style) = if requests.rates.len() > 0 && rate_max > 0.0 {
            let caption_px = theme.label_size.ceil() as i32 + CAPTION_PAD_PX;
            // A short panel (several variants stacked) keeps most of its height for latency.
            let panel_px = i32::try_from(panel_area.dim_in_pixel().1).unwrap_or(0);
            let strip_px = (panel_px / RATE_STRIP_SHARE).clamp(RATE_STRIP_MIN_PX, RATE_STRIP_PX);
            let (strip, rest) = panel_area.split_vertically(strip_px + caption_px);
            let items = draw_strip(&strip, theme, label, requests, &x_axis, rate_max)?;
            geometry.items.extend(items);
            (
                rest,
                PanelStyle {
                    caption: None,
                    ..style
                },
            )
        } else {
            (panel_area.clone(), style)
        };
        let mut panel = draw_panel(&plot_area, theme, &style, requests, &x_axis, &y_axis)?;
        panel.label = label.to_owned();
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
    let note = if data.iter().any(|d| d.rates.len() > 0) {
        format!("{note}; strip: per second")
    } else {
        note
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
    let mut chart = frame::builder(area, theme, style).build_cartesian_2d(
        Coord::linear(x_axis.min..x_axis.max),
        Coord::log(y_min..y_max),
    )?;
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

    for (cause, points) in ColdCause::ALL.into_iter().zip(&requests.cold) {
        let points: Vec<Point> = points.iter().map(place).collect();
        let style = theme.cause_color(cause).filled();
        // A column with a few cold starts draws each; a crowded one (a spike) keeps its
        // fastest and slowest, each standing for half the column's cold starts of this cause,
        // its area growing with that number.
        let counts = column_counts(&points, x_range, columns);
        let (sparse, dense): (Vec<Point>, Vec<Point>) = points
            .iter()
            .partition(|p| counts[column_of(p.0, x_range, columns)] <= COLD_KEEP_ALL_PER_COLUMN);
        chart.draw_series(
            sparse
                .iter()
                .map(|p| Circle::new(*p, COLD_RADIUS_PX, style)),
        )?;
        let kept = downsample_extremes(&dense, x_range, columns);
        chart.draw_series(kept.iter().map(|p| {
            let n = counts[column_of(p.0, x_range, columns)];
            Circle::new(*p, mark_radius(n), style)
        }))?;
    }

    // A tick per pixel column is all the eye can tell apart: one per column, as long as the
    // decades of throttles it stands for.
    let tick = theme.foreground.stroke_width(CURVE_STROKE_PX);
    let times: Vec<Point> = (requests.unserved.iter())
        .map(|t| (t / per_unit, 0.0))
        .collect();
    let counts = column_counts(&times, x_range, columns);
    let mut first_t: Vec<Option<f64>> = vec![None; columns.max(1)];
    for (t, _) in &times {
        first_t[column_of(*t, x_range, columns)].get_or_insert(*t);
    }
    chart.draw_series(first_t.iter().zip(&counts).filter_map(|(t, n)| {
        let len = tick_length(*n);
        t.map(|t| EmptyElement::at((t, y_max)) + PathElement::new(vec![(0, 0), (0, len)], tick))
    }))?;
    Ok(panel)
}

/// The pixel column (of `columns` across `x_range`) of `x`, clamped to the panel.
fn column_of(x: f64, (start, end): (f64, f64), columns: usize) -> usize {
    let width = end - start;
    if width.is_nan() || width <= 0.0 || columns == 0 {
        return 0;
    }
    let c = ((x - start) / width * columns as f64).floor();
    (c.max(0.0) as usize).min(columns - 1)
}

/// How many points fall in each pixel column.
fn column_counts(points: &[Point], x_range: (f64, f64), columns: usize) -> Vec<usize> {
    let mut counts = vec![0; columns.max(1)];
    for p in points.iter().filter(|p| p.0.is_finite()) {
        counts[column_of(p.0, x_range, columns)] += 1;
    }
    counts
}

/// The radius of a down-sampled cold-start mark standing for a column of `n` cold starts
/// (two marks share them): area proportional to the count, from the normal mark up to
/// [`COLD_MAX_RADIUS_PX`].
pub(crate) fn mark_radius(n: usize) -> i32 {
    let per_mark = (n as f64 / 2.0).max(1.0);
    let r = f64::from(COLD_RADIUS_PX) * per_mark.sqrt();
    (r.round() as i32).clamp(COLD_RADIUS_PX, COLD_MAX_RADIUS_PX)
}

/// The length of a throttle tick standing for `n` throttles: one [`EVENT_TICK_PX`] per decade,
/// up to [`MAX_TICK_DECADES`] of them.
pub(crate) fn tick_length(n: usize) -> i32 {
    let decades = 1.0 + (n.max(1) as f64).log10();
    (f64::from(EVENT_TICK_PX) * decades.min(MAX_TICK_DECADES)).round() as i32
}

/// The rate strip above a latency panel: per bar of buckets, arrivals per second as a light
/// bar, throttles per second as a dark bar over it, cold starts per second as a step line;
/// each bar is a hover item with its counts. Returns the items.
fn draw_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    label: &str,
    requests: &Requests,
    x_axis: &Axis,
    rate_max: f64,
) -> Result<Vec<Item>, ChartError> {
    let top = rate_max * (1.0 + LINEAR_HEADROOM);
    let mut chart = ChartBuilder::on(area);
    chart
        .caption(
            label,
            frame::text(theme, theme.label_size, theme.foreground),
        )
        .margin_top(PLOT_TOP_MARGIN_PX)
        .margin_right(PLOT_RIGHT_MARGIN_PX)
        .x_label_area_size(0)
        .y_label_area_size(Y_LABEL_AREA_PX);
    let mut chart = chart.build_cartesian_2d(
        Coord::linear(x_axis.min..x_axis.max),
        Coord::linear(0.0..top),
    )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .axis_style(theme.muted)
        .y_labels(0)
        .x_labels(0)
        .draw()?;
    let strip = Panel::from_coords(
        label,
        chart.as_coord_spec(),
        x_axis.clone(),
        Axis::numeric("rate", Unit::Environments, Scale::Linear, (0.0, top)),
    );
    // The scale in words inside the strip's top right corner: two tick labels would not fit
    // its height, and one at the left would touch the latency axis' top label.
    let scale = frame::anchored(
        frame::text(theme, theme.tick_size, theme.muted),
        HPos::Right,
        VPos::Top,
    );
    let (dx, dy) = area.get_base_pixel();
    area.draw(&Text::new(
        format!("top: {} /s", Unit::Seconds.tick(rate_max)),
        (strip.plot.right - TICK_MARK_PX - dx, strip.plot.top - dy),
        scale,
    ))?;
    let per_unit = x_axis.unit.seconds_per_unit();
    let columns = usize::try_from(strip.plot.width()).unwrap_or(1);
    let span_s = x_axis.max * per_unit;
    let bars = requests.rates.bars(span_s, columns);
    let x = |s: f64| (s / per_unit).min(x_axis.max);
    let arrivals = theme.warm.mix(RATE_ARRIVALS_ALPHA).filled();
    chart.draw_series(
        bars.iter()
            .filter(|b| b.peak[0] > 0.0)
            .map(|b| Rectangle::new([(x(b.start_s), 0.0), (x(b.end_s), b.peak[0])], arrivals)),
    )?;
    let throttled = theme.foreground.filled();
    chart.draw_series(bars.iter().filter(|b| b.peak[2] > 0.0).map(|b| {
        Rectangle::new(
            [(x(b.start_s), 0.0), (x(b.end_s), b.peak[2].min(top))],
            throttled,
        )
    }))?;
    // Cold starts per second as an outline over each bar that had any: no line along zero.
    let cold = theme.cold_any.stroke_width(CURVE_STROKE_PX);
    chart.draw_series(bars.iter().filter(|b| b.cold > 0).map(|b| {
        let (x0, x1, h) = (x(b.start_s), x(b.end_s), b.peak[1]);
        PathElement::new(vec![(x0, 0.0), (x0, h), (x1, h), (x1, 0.0)], cold)
    }))?;
    let tick = |v: f64| Unit::Seconds.tick(v);
    let count = coldstart_prose::format::count;
    Ok(bars
        .iter()
        .map(|b| {
            let (left, _) = strip.data_to_pixel(x(b.start_s), 0.0);
            let (right, _) = strip.data_to_pixel(x(b.end_s), 0.0);
            Item {
                area: PixelRect {
                    left,
                    top: strip.plot.top,
                    right: right.max(left),
                    bottom: strip.plot.bottom,
                },
                text: format!(
                    "{label} · {}–{} s: {} arrivals (at most {}/s), {} cold starts, {} throttled",
                    tick(b.start_s),
                    tick(b.end_s),
                    count(b.arrivals),
                    tick(b.peak[0]),
                    count(b.cold),
                    count(b.throttles),
                ),
            }
        })
        .collect())
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
