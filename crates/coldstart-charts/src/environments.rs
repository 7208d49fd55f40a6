//! Execution environments over time: busy and idle stacked (their sum is every environment
//! that exists), provisioned ones as a line (a subset of that sum, not a third layer), the
//! concurrency limit as a dashed step line, and a tick for each time bucket with cold starts.
//!
//! The values are time averages per bucket, so they are drawn as steps: a bucket's average is
//! true for the whole bucket, and interpolating between buckets would invent values. An
//! average hides a spike shorter than its bucket (a minute that throttled can average 720 busy
//! of a limit of 1,000), so the most busy environments at any instant of each bucket are drawn
//! over it as a line, and each bucket reads out its averages, peaks, cold starts and throttles
//! on hover.

use crate::Variant;
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, PixelRect, Scale};
use crate::layout::*;
use crate::ranges::from_zero;
use crate::theme::Theme;
use crate::units::{Unit, significant};
use coldstart_core::report::TimeSeries;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// One variant's time series, checked: a positive bucket width and a length.
struct Buckets<'r> {
    series: &'r TimeSeries,
    count: usize,
}

impl<'r> Buckets<'r> {
    fn of(series: &'r TimeSeries) -> Self {
        let valid = series.bucket_s.is_finite() && series.bucket_s > 0.0;
        let count = if valid {
            (series.busy.len())
                .max(series.idle.len())
                .max(series.provisioned.len())
        } else {
            0
        };
        Buckets { series, count }
    }

    fn value(values: &[f64], i: usize) -> f64 {
        values
            .get(i)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    }

    fn busy(&self, i: usize) -> f64 {
        Self::value(&self.series.busy, i)
    }

    fn total(&self, i: usize) -> f64 {
        self.busy(i) + Self::value(&self.series.idle, i)
    }

    fn provisioned(&self, i: usize) -> f64 {
        Self::value(&self.series.provisioned, i)
    }

    fn limit(&self, i: usize) -> Option<f64> {
        self.series
            .concurrency_limit
            .get(i)
            .copied()
            .flatten()
            .map(f64::from)
    }

    fn cold(&self, i: usize) -> u64 {
        self.series.cold_starts.get(i).copied().unwrap_or(0)
    }

    fn throttles(&self, i: usize) -> u64 {
        self.series.throttles.get(i).copied().unwrap_or(0)
    }

    /// Most busy environments at any instant of bucket `i` (the average when the report
    /// predates the peaks).
    fn peak_busy(&self, i: usize) -> f64 {
        (self.series.peak_busy.get(i)).map_or_else(|| self.busy(i), |p| f64::from(*p))
    }

    /// Most environments at any instant of bucket `i`.
    fn peak_total(&self, i: usize) -> f64 {
        (self.series.peak_total.get(i)).map_or_else(|| self.total(i), |p| f64::from(*p))
    }

    fn has_peaks(&self) -> bool {
        !self.series.peak_busy.is_empty()
    }

    fn span_s(&self) -> f64 {
        self.count as f64 * self.series.bucket_s
    }

    fn peak(&self) -> f64 {
        (0..self.count)
            .map(|i| self.peak_total(i).max(self.provisioned(i)))
            .fold(0.0, f64::max)
    }

    fn max_limit(&self) -> Option<f64> {
        (0..self.count)
            .filter_map(|i| self.limit(i))
            .reduce(f64::max)
    }

    /// Step outline of `value`: each bucket's value held from its start to its end, in the
    /// display unit of time.
    fn steps(&self, per_unit: f64, value: impl Fn(usize) -> f64) -> Vec<(f64, f64)> {
        let width = self.series.bucket_s / per_unit;
        (0..self.count)
            .flat_map(|i| {
                let start = i as f64 * width;
                [(start, value(i)), (start + width, value(i))]
            })
            .collect()
    }

    /// Runs of buckets with a limit, each as a step outline: no limit means no line.
    fn limit_runs(&self, per_unit: f64) -> Vec<Vec<(f64, f64)>> {
        let width = self.series.bucket_s / per_unit;
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut open = false;
        for i in 0..self.count {
            match self.limit(i) {
                Some(limit) => {
                    let start = i as f64 * width;
                    if !open {
                        runs.push(Vec::new());
                        open = true;
                    }
                    if let Some(run) = runs.last_mut() {
                        run.extend([(start, limit), (start + width, limit)]);
                    }
                }
                None => open = false,
            }
        }
        runs
    }
}

/// Draws the environments of each variant, one panel per variant on shared axes.
pub fn draw_environments<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let data: Vec<Buckets<'_>> = (variants.iter())
        .map(|v| Buckets::of(&v.report.timeseries))
        .collect();
    let peak = data.iter().map(Buckets::peak).fold(0.0, f64::max);
    let max_limit = data.iter().filter_map(Buckets::max_limit).reduce(f64::max);
    // A limit far above the data would flatten it; then the legend states the limit instead.
    let limit_on_scale = max_limit.filter(|l| *l <= LIMIT_OFF_SCALE_FACTOR * peak.max(1.0));

    let mut legend = vec![
        LegendEntry::new(Swatch::Block, theme.busy, "busy (average)"),
        LegendEntry::new(Swatch::Block, theme.idle, "idle (average)"),
    ];
    if data.iter().any(Buckets::has_peaks) {
        legend.push(LegendEntry::new(
            Swatch::Line,
            theme.foreground,
            "busy, most at any instant",
        ));
    }
    if data
        .iter()
        .any(|d| (0..d.count).any(|i| d.provisioned(i) > 0.0))
    {
        let label = "provisioned (part of busy + idle)";
        legend.push(LegendEntry::new(Swatch::Line, theme.provisioned, label));
    }
    match (max_limit, limit_on_scale) {
        (Some(_), Some(_)) => legend.push(LegendEntry::new(
            Swatch::Dashed,
            theme.foreground,
            "concurrency limit",
        )),
        (Some(limit), None) => legend.push(LegendEntry::new(
            Swatch::Dashed,
            theme.muted,
            format!("concurrency limit {} (off scale)", significant(limit)),
        )),
        _ => {}
    }
    if data.iter().any(|d| (0..d.count).any(|i| d.cold(i) > 0)) {
        legend.push(LegendEntry::new(
            Swatch::Tick,
            theme.cold_any,
            "time bucket with cold starts",
        ));
    }
    let title = "Execution environments";
    if data.iter().all(|d| d.count == 0) {
        let message = "No time series to show: the run produced no time buckets";
        return frame::empty(area, theme, title, message);
    }
    let frame = frame::begin(area, theme, title, &legend)?;
    let bucket = data.iter().map(|d| d.series.bucket_s).fold(0.0, f64::max);
    frame.note(
        theme,
        &format!(
            "areas: average per {} bucket; line: its busiest instant",
            Unit::Seconds.short(bucket)
        ),
    )?;

    let span_s = data.iter().map(Buckets::span_s).fold(0.0, f64::max);
    let unit = Unit::for_time_span(span_s);
    let x_axis = Axis::numeric(
        "t",
        unit,
        Scale::Linear,
        (0.0, span_s / unit.seconds_per_unit()),
    );
    let top = peak.max(limit_on_scale.unwrap_or(0.0));
    let y_axis = Axis::numeric(
        "environments",
        Unit::Environments,
        Scale::Linear,
        from_zero(top, LINEAR_HEADROOM),
    );
    let areas = frame::panels(&frame.body, data.len());
    let mut geometry = ChartGeometry::default();
    for (i, (panel_area, buckets)) in areas.iter().zip(&data).enumerate() {
        let style = PanelStyle {
            caption: Some(variants[i].label),
            x_title: i + 1 == data.len(),
            y_label_px: Y_LABEL_AREA_PX,
        };
        let draw_limit = limit_on_scale.is_some();
        let panel = draw_panel(
            panel_area, theme, &style, buckets, &x_axis, &y_axis, draw_limit,
        )?;
        geometry
            .items
            .extend(bucket_items(&panel, variants[i].label, buckets));
        geometry.panels.push(panel);
    }
    Ok(geometry)
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    style: &PanelStyle<'_>,
    buckets: &Buckets<'_>,
    x_axis: &Axis,
    y_axis: &Axis,
    draw_limit: bool,
) -> Result<Panel, ChartError> {
    let mut chart = frame::builder(area, theme, style).build_cartesian_2d(
        Coord::linear(x_axis.min..x_axis.max),
        Coord::linear(y_axis.min..y_axis.max),
    )?;
    frame::draw_axes(&mut chart, theme, x_axis, y_axis, style.x_title)?;
    let panel = Panel::from_coords(
        style.caption.unwrap_or_default(),
        chart.as_coord_spec(),
        x_axis.clone(),
        y_axis.clone(),
    );
    if buckets.count == 0 {
        frame::plot_message(&chart, theme, "no time series recorded")?;
        return Ok(panel);
    }
    let per_unit = x_axis.unit.seconds_per_unit();
    // Total first, busy over it: the visible idle band is the difference.
    let total = buckets.steps(per_unit, |i| buckets.total(i));
    chart.draw_series(AreaSeries::new(total, 0.0, theme.idle.filled()))?;
    let busy = buckets.steps(per_unit, |i| buckets.busy(i));
    chart.draw_series(AreaSeries::new(busy, 0.0, theme.busy.filled()))?;
    if buckets.has_peaks() {
        let peaks = buckets.steps(per_unit, |i| buckets.peak_busy(i));
        let line = theme.foreground.stroke_width(1);
        chart.draw_series(LineSeries::new(peaks, line))?;
    }
    if (0..buckets.count).any(|i| buckets.provisioned(i) > 0.0) {
        let provisioned = buckets.steps(per_unit, |i| buckets.provisioned(i));
        let line = theme.provisioned.stroke_width(CURVE_STROKE_PX + 1);
        chart.draw_series(LineSeries::new(provisioned, line))?;
    }
    if draw_limit {
        let line = theme.foreground.stroke_width(CURVE_STROKE_PX);
        for run in buckets.limit_runs(per_unit) {
            let run = run.into_iter().map(|(t, l)| (t, l.min(y_axis.max)));
            chart.draw_series(std::iter::once(DashedPathElement::new(
                run.collect::<Vec<_>>(),
                DASH_PX,
                DASH_GAP_PX,
                line,
            )))?;
        }
    }
    let width = buckets.series.bucket_s / per_unit;
    let tick = theme.cold_any.stroke_width(CURVE_STROKE_PX);
    chart.draw_series(
        (0..buckets.count)
            .filter(|i| buckets.cold(*i) > 0)
            .map(|i| {
                let t = (i as f64 + 0.5) * width;
                EmptyElement::at((t, y_axis.max))
                    + PathElement::new(vec![(0, 0), (0, EVENT_TICK_PX)], tick)
            }),
    )?;
    Ok(panel)
}

/// One hover item per bucket (or per run of buckets narrower than a pixel column): its time
/// span, busy and idle on average and at their busiest instant, cold starts and throttles.
fn bucket_items(panel: &Panel, label: &str, buckets: &Buckets<'_>) -> Vec<Item> {
    let per_unit = panel.x.unit.seconds_per_unit();
    let bucket_s = buckets.series.bucket_s;
    let columns = usize::try_from(panel.plot.width()).unwrap_or(1).max(1);
    let span_s = buckets.span_s();
    let per_item = ((span_s / columns as f64 / bucket_s).ceil() as usize).max(1);
    let tick = |v: f64| Unit::Seconds.tick(v);
    let count = coldstart_prose::format::count;
    (0..buckets.count)
        .step_by(per_item)
        .map(|first| {
            let range = first..(first + per_item).min(buckets.count);
            let n = range.len() as f64;
            let (start_s, end_s) = (first as f64 * bucket_s, range.end as f64 * bucket_s);
            let mean = |f: &dyn Fn(usize) -> f64| range.clone().map(f).sum::<f64>() / n;
            let most = |f: &dyn Fn(usize) -> f64| range.clone().map(f).fold(0.0, f64::max);
            let busy = mean(&|i| buckets.busy(i));
            let idle = mean(&|i| buckets.total(i) - buckets.busy(i));
            let peak_busy = most(&|i| buckets.peak_busy(i));
            let peak_total = most(&|i| buckets.peak_total(i));
            let cold: u64 = range.clone().map(|i| buckets.cold(i)).sum();
            let throttles: u64 = range.clone().map(|i| buckets.throttles(i)).sum();
            let (left, _) = panel.data_to_pixel(start_s / per_unit, 0.0);
            let (right, _) = panel.data_to_pixel(end_s / per_unit, 0.0);
            Item {
                area: PixelRect {
                    left: left.max(panel.plot.left),
                    top: panel.plot.top,
                    right: right.min(panel.plot.right).max(left),
                    bottom: panel.plot.bottom,
                },
                text: format!(
                    "{label} · {}–{} s: busy {} on average, at most {}; idle {} on average; \
                     at most {} environments; {} cold starts; {} throttled",
                    tick(start_s),
                    tick(end_s),
                    significant(busy),
                    count(peak_busy as u64),
                    significant(idle),
                    count(peak_total as u64),
                    count(cold),
                    count(throttles),
                ),
            }
        })
        .collect()
}
