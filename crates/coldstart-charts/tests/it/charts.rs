//! Each chart, drawn to an SVG string: what it says (titles, axis titles, legend), how much it
//! draws, how it copes with empty and degenerate reports, and what its geometry reads back.

use crate::fixtures;
use coldstart_charts::{
    ChartGeometry, ChartKind, SweepSeries, Theme, TimelineSample, Variant, anatomy_bars,
    draw_anatomy, draw_cdf, draw_environments, draw_timeline, draw_timeline_sampled, nines,
    render_svg, tail_top,
};
use coldstart_core::Micros;
use coldstart_core::report::{
    CdfPoint, LatencySummary, Outcome, PERCENTILES, Report, RequestRecord, TimeSeries, WarmupPoint,
};
use plotters::prelude::*;

const WIDTH: u32 = 900;
const HEIGHT: u32 = 480;

/// Draws with `draw` on an SVG backend; returns the document and the geometry.
fn svg_of(
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, coldstart_charts::Shift>) -> ChartGeometry,
) -> (String, ChartGeometry) {
    let mut svg = String::new();
    let geometry = {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let geometry = draw(&area);
        area.present().expect("present");
        geometry
    };
    (svg, geometry)
}

fn count(svg: &str, tag: &str) -> usize {
    svg.matches(&format!("<{tag}")).count()
}

fn assert_mentions(svg: &str, texts: &[&str]) {
    for text in texts {
        assert!(svg.contains(text), "SVG lacks {text:?}");
    }
}

/// The centres of all circles, as drawn.
fn circle_centres(svg: &str) -> Vec<(i32, i32)> {
    let attr = |tag: &str, name: &str| -> Option<i32> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + tag[start..].find('"')?;
        tag[start..end].parse().ok()
    };
    svg.split("<circle")
        .skip(1)
        .filter_map(|tag| Some((attr(tag, "cx")?, attr(tag, "cy")?)))
        .collect()
}

struct Pair {
    zip: Report,
    image: Report,
}

impl Pair {
    fn new() -> Self {
        Pair {
            zip: fixtures::report(3_000, 1_400.0, 7),
            image: fixtures::report(3_000, 900.0, 11),
        }
    }

    fn variants(&self) -> [Variant<'_>; 2] {
        [
            Variant {
                label: "zip",
                report: &self.zip,
            },
            Variant {
                label: "image",
                report: &self.image,
            },
        ]
    }
}

#[test]
fn timeline_shows_requests_causes_and_throttles() {
    let pair = Pair::new();
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| draw_timeline(a, &pair.variants(), &theme).unwrap());
    assert_mentions(
        &svg,
        &[
            "Latency timeline",
            "latency (ms)",
            "t (s)",
            "warm",
            "cold: first request",
            "cold: scale-out",
            "cold: keep-alive expired",
            "throttled or dropped",
            "fastest and slowest request per pixel column",
        ],
    );
    assert!(
        !svg.contains("lifetime expired"),
        "legend lists an absent cause"
    );
    assert_eq!(geometry.panels.len(), 2, "one panel per variant");
    let columns = usize::try_from(geometry.panels[0].plot.width()).unwrap();
    let circles = count(&svg, "circle");
    // At most two warm dots per column per panel, plus every cold start (about 35 per run).
    assert!(circles > columns, "{circles} dots for {columns} columns");
    assert!(
        circles <= 2 * (2 * columns + 60),
        "{circles} dots for {columns} columns"
    );
    let panel = &geometry.panels[1];
    let middle = (
        (panel.plot.left + panel.plot.right) / 2,
        (panel.plot.top + panel.plot.bottom) / 2,
    );
    let read_out = geometry.describe(middle.0, middle.1).unwrap();
    assert!(
        read_out.starts_with("image: t = 300 s, latency = "),
        "{read_out}"
    );
    assert!(read_out.ends_with(" ms"), "{read_out}");
}

/// Above each latency panel a rate strip reads out, per bar of buckets, the arrivals, cold
/// starts and throttles it stands for; a spike's down-sampled cold starts are drawn as marks
/// that grow with their count, and a column's throttle tick with its decades.
#[test]
fn timeline_has_a_rate_strip_and_marks_sized_by_their_counts() {
    let mut report = fixtures::report(3_000, 1_000.0, 7);
    // A spike: 1,000 cold starts in one second at 300 s, and 11,135 throttles in its bucket.
    let at = Micros::from_ms(300_000);
    for i in 0..1_000u64 {
        let arrival = at + Micros::from_ms(i % 1_000);
        report.samples.push(RequestRecord {
            id: 1_000_000 + i,
            arrival,
            end: arrival + Micros::from_ms(800 + i % 400),
            cold: Some(coldstart_core::report::ColdCause::ScaleOut),
            outcome: Outcome::Ok,
            ..report.samples[0].clone()
        });
    }
    let bucket = (300.0 / report.timeseries.bucket_s) as usize;
    report.timeseries.throttles[bucket] += 11_135;
    report.timeseries.cold_starts[bucket] += 1_000;
    report.timeseries.arrivals[bucket] += 1_000 + 11_135;
    for i in 0..200u64 {
        let arrival = at + Micros::from_ms(i);
        report.samples.push(RequestRecord {
            id: 2_000_000 + i,
            arrival,
            end: arrival,
            cold: None,
            outcome: Outcome::Throttled,
            ..report.samples[0].clone()
        });
    }
    let variants = [Variant {
        label: "spiky",
        report: &report,
    }];
    let (svg, geometry) = svg_of(|a| draw_timeline(a, &variants, &Theme::light()).unwrap());
    assert_mentions(&svg, &["arrivals /s", "cold starts /s", "throttles /s"]);
    let panel = &geometry.panels[0];
    assert_eq!(panel.label, "spiky");
    // The strip's bar holding the spike names its counts.
    let strip = geometry
        .items
        .iter()
        .find(|i| i.text.contains("11,135 throttled"))
        .expect("a strip bar with the spike's throttles");
    assert!(
        strip.area.bottom < panel.plot.top,
        "the strip is above the latency plot"
    );
    let (x, _) = panel.data_to_pixel(300.0 / panel.x.unit.seconds_per_unit(), 1.0);
    let read = geometry
        .describe(x + 1, (strip.area.top + strip.area.bottom) / 2)
        .unwrap();
    assert!(
        read.starts_with("spiky · 300–310 s: ") && read.contains("cold starts, 11,135 throttled"),
        "{read}"
    );
    // The spike's cold starts are down-sampled to a few marks, each larger than a lone one.
    let radius = |tag: &str| -> Option<i32> {
        let start = tag.find(" r=\"")? + 4;
        tag[start..start + tag[start..].find('"')?].parse().ok()
    };
    let radii: Vec<i32> = svg.split("<circle").skip(1).filter_map(radius).collect();
    let big = coldstart_charts::layout::COLD_MAX_RADIUS_PX;
    assert!(
        radii.contains(&big),
        "no mark sized for a column of many cold starts: {radii:?}"
    );
    assert!(radii.iter().all(|r| *r <= big));
}

#[test]
fn timeline_keeps_a_late_spike_among_many_requests() {
    let mut report = fixtures::report(100_000, 1_000.0, 3);
    let last = report.samples.last_mut().unwrap();
    last.end = last.arrival + Micros::from_ms(30_000);
    let spike = (last.arrival.as_secs_f64(), 30_000.0);
    let theme = Theme::dark();
    let variants = [Variant {
        label: "busy",
        report: &report,
    }];
    let (svg, geometry) = svg_of(|a| draw_timeline(a, &variants, &theme).unwrap());
    let panel = &geometry.panels[0];
    let columns = usize::try_from(panel.plot.width()).unwrap();
    let centres = circle_centres(&svg);
    assert!(
        centres.len() < 3 * columns,
        "{} dots drawn for 100,000 requests",
        centres.len()
    );
    let expected = panel.data_to_pixel(spike.0 / panel.x.unit.seconds_per_unit(), spike.1);
    assert!(
        centres.contains(&expected),
        "spike at {expected:?} was dropped"
    );
}

/// Many warm requests are summarised per group of columns — a p1–p99 band and a median line
/// that do not widen with the count — with the per-column extremes faint behind them.
#[test]
fn timeline_summarises_many_warm_requests_with_a_median_and_a_band() {
    let report = fixtures::report(100_000, 1_000.0, 3);
    let variants = [Variant {
        label: "busy",
        report: &report,
    }];
    let (svg, geometry) = svg_of(|a| draw_timeline(a, &variants, &Theme::light()).unwrap());
    assert_mentions(
        &svg,
        &["warm median", "warm p1–p99", "median and p1–p99 per"],
    );
    let columns = usize::try_from(geometry.panels[0].plot.width()).unwrap();
    let group = coldstart_charts::layout::BAND_GROUP_PX as usize;
    let band_alpha = format!("opacity=\"{}\"", coldstart_charts::layout::BAND_ALPHA);
    let bands = svg.matches(&band_alpha).count();
    assert!(
        bands >= columns / group * 9 / 10 && bands <= columns / group,
        "{bands} band bars for {columns} columns"
    );
    // A few requests per column are still drawn one by one, without a band.
    let pair = Pair::new();
    let (svg, _) = svg_of(|a| draw_timeline(a, &pair.variants(), &Theme::light()).unwrap());
    if pair.zip.samples.len() <= 2 * columns {
        assert!(!svg.contains("warm median"));
    }
}

#[test]
fn timeline_falls_back_to_time_series_envelopes() {
    let report = fixtures::without_samples(fixtures::report(2_000, 1_000.0, 5));
    let theme = Theme::light();
    let variants = [Variant {
        label: "zip",
        report: &report,
    }];
    let (svg, geometry) = svg_of(|a| draw_timeline(a, &variants, &theme).unwrap());
    assert_mentions(
        &svg,
        &[
            "warm range",
            "cold range (cause not sampled)",
            "range per 10 s bucket",
        ],
    );
    assert!(!svg.contains("cold: scale-out"));
    // A bar per bucket with warm traffic (60), plus a few cold ones.
    assert!(
        count(&svg, "polyline") >= 60,
        "{} bars",
        count(&svg, "polyline")
    );
    assert_eq!(geometry.panels.len(), 1);
}

#[test]
fn environments_stack_busy_and_idle_with_the_limit() {
    let pair = Pair::new();
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| draw_environments(a, &pair.variants(), &theme).unwrap());
    assert_mentions(
        &svg,
        &[
            "Execution environments",
            "busy",
            "idle",
            "provisioned (part of busy + idle)",
            "concurrency limit",
            "time bucket with cold starts",
            "environments",
            "average per 10 s bucket",
        ],
    );
    assert!(
        !svg.contains("off scale"),
        "a limit of 10 is on the scale of 11 environments"
    );
    assert_eq!(
        count(&svg, "polygon"),
        4,
        "busy and total areas in two panels"
    );
    assert_eq!(geometry.panels.len(), 2);
    let y = &geometry.panels[0].y;
    assert!(y.max >= 11.0 && y.max < 13.0, "y axis to {}", y.max);
}

/// A bucket's average hides a spike shorter than the bucket: the busiest instant is drawn as a
/// line over the averages and the axis reaches it, and hovering a bucket reads out its
/// averages, its peaks, its cold starts and its throttles.
#[test]
fn environments_show_the_busiest_instant_of_each_bucket_and_read_out_buckets() {
    let mut report = fixtures::report(3_000, 1_000.0, 7);
    let n = report.timeseries.busy.len();
    let spike = 12;
    report.timeseries.busy[spike] = 720.0;
    report.timeseries.idle[spike] = 280.0;
    report.timeseries.peak_busy = (0..n).map(|i| if i == spike { 1_000 } else { 3 }).collect();
    report.timeseries.peak_total = (0..n).map(|i| if i == spike { 1_000 } else { 5 }).collect();
    report.timeseries.throttles[spike] = 11_135;
    let variants = [Variant {
        label: "spiky",
        report: &report,
    }];
    let (svg, geometry) = svg_of(|a| draw_environments(a, &variants, &Theme::light()).unwrap());
    assert_mentions(
        &svg,
        &["busy, most at any instant", "line: its busiest instant"],
    );
    let panel = &geometry.panels[0];
    assert!(
        panel.y.max >= 1_000.0,
        "the axis reaches the peak: {}",
        panel.y.max
    );
    let bucket_s = report.timeseries.bucket_s;
    let t = (spike as f64 + 0.5) * bucket_s / panel.x.unit.seconds_per_unit();
    let (x, y) = panel.data_to_pixel(t, 100.0);
    let read = geometry.describe(x, y).unwrap();
    assert_eq!(
        read,
        "spiky · 120–130 s: busy 720 on average, at most 1,000; idle 280 on average; at most \
         1,000 environments; 0 cold starts; 11,135 throttled"
            .replace(
                "0 cold starts",
                &format!("{} cold starts", report.timeseries.cold_starts[spike])
            )
    );
}

#[test]
fn a_far_away_limit_is_stated_not_drawn() {
    let mut report = fixtures::report(500, 1_000.0, 9);
    for limit in &mut report.timeseries.concurrency_limit {
        *limit = Some(1_000);
    }
    let theme = Theme::light();
    let variants = [Variant {
        label: "zip",
        report: &report,
    }];
    let (svg, geometry) = svg_of(|a| draw_environments(a, &variants, &theme).unwrap());
    assert_mentions(&svg, &["concurrency limit 1,000 (off scale)"]);
    assert!(
        geometry.panels[0].y.max < 20.0,
        "the limit stretched the axis"
    );
}

#[test]
fn anatomy_bars_are_the_reported_cold_start_percentiles() {
    let pair = Pair::new();
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| draw_anatomy(a, &pair.variants(), &theme).unwrap());
    let n = coldstart_prose::format::count(pair.zip.latency_ms.cold.count);
    assert_mentions(
        &svg,
        &[
            "Cold-start anatomy",
            "microVM",
            "code fetch",
            "bootstrap / restore",
            "init",
            "handler",
            &format!("zip · p50 (n = {n})"),
            "cold start (ms)",
        ],
    );
    // Fewer than 100 cold starts: no p99 bar; a p90 bar only with at least 10.
    let bars_of = |r: &Report| 1 + usize::from(r.latency_ms.cold.count >= 10);
    assert!(pair.zip.latency_ms.cold.count < 100);
    assert!(
        !svg.contains("· p99"),
        "a p99 of under 100 cold starts is not drawn"
    );
    let bars = bars_of(&pair.zip) + bars_of(&pair.image);
    // Synchronous requests never wait: no wait part in the legend.
    assert!(!svg.contains(coldstart_prose::labels::WAIT.label));
    // Background + 5 legend blocks + 5 phases per bar.
    assert_eq!(count(&svg, "rect"), 1 + 5 + bars * 5);
    let panel = &geometry.panels[0];
    assert_eq!(panel.y.categories.len(), bars);
    let top_row = (panel.plot.left + 5, panel.plot.top + 5);
    let read_out = geometry.describe(top_row.0, top_row.1).unwrap();
    assert!(read_out.starts_with("zip · p50"), "{read_out}");
    // The number at the end of each bar is the table's percentile.
    let p50 = coldstart_charts::units::Unit::Milliseconds.format(pair.zip.latency_ms.cold.p50);
    assert_mentions(&svg, &[&p50]);
}

/// Every preset, run: each bar's parts add up to the cold-start percentile the report (and so
/// the summary table) gives, and no bar stands for a percentile its sample cannot support.
#[test]
fn anatomy_totals_equal_the_reported_percentile_on_every_preset() {
    let presets = [
        include_str!("../../../../scenarios/java-snapstart.json"),
        include_str!("../../../../scenarios/java-zip.json"),
        include_str!("../../../../scenarios/node-zip-api.json"),
        include_str!("../../../../scenarios/python-zip-heavy.json"),
        include_str!("../../../../scenarios/rust-provided.json"),
    ];
    for text in presets {
        let scenario = coldstart_core::Scenario::from_json(text).unwrap();
        let report = coldstart_core::run(&scenario).unwrap();
        let bars = anatomy_bars(&report);
        assert!(!bars.is_empty(), "{}: has cold starts", scenario.name);
        for bar in bars {
            let cold = &report.latency_ms.cold;
            assert_eq!(Some(bar.ms), cold.at(&bar.percentile), "{}", scenario.name);
            let total: f64 = bar.parts.iter().sum();
            assert!(
                (total - bar.ms).abs() <= 1e-9 * bar.ms.max(1.0),
                "{} {}: parts {total} vs percentile {}",
                scenario.name,
                bar.percentile.name,
                bar.ms
            );
            assert!(bar.percentile.supported(bar.samples));
            assert_eq!(bar.samples, cold.count);
        }
    }
}

#[test]
fn anatomy_names_a_variant_without_cold_starts() {
    let pair = Pair::new();
    let warm_only = Report::default();
    let variants = [
        Variant {
            label: "zip",
            report: &pair.zip,
        },
        Variant {
            label: "provisioned",
            report: &warm_only,
        },
    ];
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| draw_anatomy(a, &variants, &theme).unwrap());
    assert_mentions(&svg, &["provisioned", "no cold starts"]);
    let zip_bars = 1 + usize::from(pair.zip.latency_ms.cold.count >= 10);
    assert_eq!(geometry.panels[0].y.categories.len(), zip_bars + 1);
}

#[test]
fn cdf_draws_all_requests_and_cold_starts_only_side_by_side() {
    let pair = Pair::new();
    let theme = Theme::dark();
    let (svg, geometry) = svg_of(|a| draw_cdf(a, &pair.variants(), &theme).unwrap());
    let cold_count = format!("zip: {} cold starts", pair.zip.cold_starts);
    assert_mentions(
        &svg,
        &[
            "Latency distribution",
            "all requests",
            "cold starts only",
            "latency (ms)",
            "requests (%)",
            "cold starts (%)",
            "p50",
            &cold_count,
        ],
    );
    // One marker per variant at every percentile its own sample supports.
    let marks = |s: &LatencySummary| PERCENTILES.iter().filter(|p| s.at(p).is_some()).count();
    let reports = [&pair.zip, &pair.image];
    let expected: usize = (reports.iter())
        .map(|r| marks(&r.latency_ms.all) + marks(&r.latency_ms.cold))
        .sum();
    assert_eq!(count(&svg, "circle"), expected);
    let [all, cold] = &geometry.panels[..] else {
        panic!("two panels, got {}", geometry.panels.len());
    };
    assert!(
        all.plot.right < cold.plot.left,
        "side by side, all requests first"
    );
    assert_eq!(all.x.scale, coldstart_charts::geometry::Scale::Log);
    let read_out = geometry
        .describe(cold.plot.left + 5, cold.plot.bottom - 5)
        .unwrap();
    assert!(
        read_out.starts_with("cold starts only: latency = "),
        "{read_out}"
    );
}

/// The share axis is tail-scaled: 50, 90, 99 and 99.9 % are equally spaced, it ends a quarter
/// decade above the highest percentile the sample supports, and each latency axis is fitted to
/// its own panel's data instead of whole decades.
#[test]
fn cdf_share_axis_is_tail_scaled_and_axes_fit_the_data() {
    assert!((nines(0.5) - 0.5f64.log10().abs()).abs() < 1e-12);
    for (q, n) in [(0.9, 1.0), (0.99, 2.0), (0.999, 3.0)] {
        assert!((nines(q) - n).abs() < 1e-9, "{q}");
    }
    assert_eq!(tail_top([0]), None);
    assert!(
        (tail_top([14]).unwrap() - (1.0 + 0.25)).abs() < 1e-9,
        "p90 with 14"
    );
    assert!((tail_top([99, 5_000]).unwrap() - (3.0 + 0.25)).abs() < 1e-9);

    let pair = Pair::new();
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| draw_cdf(a, &pair.variants(), &theme).unwrap());
    let [all, cold] = &geometry.panels[..] else {
        panic!("two panels");
    };
    let reports = [&pair.zip, &pair.image];
    let count_of = |f: fn(&Report) -> u64| reports.iter().map(|r| f(r)).max().unwrap();
    let all_n = count_of(|r| r.latency_ms.all.count);
    let cold_n = count_of(|r| r.latency_ms.cold.count);
    assert_eq!((all.y.min, all.y.max), (0.0, tail_top([all_n]).unwrap()));
    assert_eq!((cold.y.min, cold.y.max), (0.0, tail_top([cold_n]).unwrap()));
    // A guide per supported percentile, named; none for the rest.
    let supported = |n: u64| PERCENTILES.iter().filter(|p| p.supported(n)).count();
    assert!(
        supported(all_n) >= 3,
        "the fixture supports a p99 over all requests"
    );
    assert_mentions(&svg, &["p50", "p90", "p99"]);
    // The p99 guide of the all-requests panel reads 99 %.
    let height = f64::from(all.plot.bottom - all.plot.top);
    let y99 = all.plot.bottom - (height * nines(0.99) / all.y.max).round() as i32;
    let read = geometry.describe(all.plot.left + 3, y99).unwrap();
    assert!(read.contains("requests = 99"), "{read}");
    // Latency axes hug their own data (within the fitted padding), not whole decades.
    for (panel, f) in [
        (
            all,
            (|r: &Report| &r.latency_cdf) as fn(&Report) -> &Vec<CdfPoint>,
        ),
        (cold, |r: &Report| &r.cold_latency_cdf),
    ] {
        let values: Vec<f64> = reports
            .iter()
            .flat_map(|r| f(r).iter().map(|p| p.ms))
            .collect();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(0.0, f64::max);
        let pad = coldstart_charts::layout::LOG_FIT_PAD;
        assert!(
            (panel.x.min - lo / pad).abs() < 1e-9,
            "{}: {} vs {lo}",
            panel.label,
            panel.x.min
        );
        assert!(
            (panel.x.max - hi * pad).abs() < 1e-9,
            "{}: {} vs {hi}",
            panel.label,
            panel.x.max
        );
    }
}

#[test]
fn cdf_says_when_no_variant_has_a_cold_start() {
    let pair = Pair::new();
    let mut warm = pair.zip.clone();
    warm.cold_latency_cdf.clear();
    warm.cold_starts = 0;
    warm.cold_start_ratio = 0.0;
    warm.latency_ms.cold = Default::default();
    let variants = [Variant {
        label: "provisioned",
        report: &warm,
    }];
    let (svg, geometry) = svg_of(|a| draw_cdf(a, &variants, &Theme::light()).unwrap());
    assert_mentions(
        &svg,
        &[
            "provisioned: 0 cold starts",
            "no cold starts",
            "all requests",
        ],
    );
    let supported = (PERCENTILES.iter())
        .filter(|p| warm.latency_ms.all.at(p).is_some())
        .count();
    assert_eq!(
        count(&svg, "circle"),
        supported,
        "markers on the all-requests curve only"
    );
    assert_eq!(geometry.panels.len(), 2, "the empty panel still reads out");
}

#[test]
fn sweep_stops_the_zip_curve_at_its_limit() {
    let series = fixtures::sweep();
    let theme = Theme::light();
    let svg = render_svg(ChartKind::Sweep, &[], &series, &theme, WIDTH, HEIGHT).unwrap();
    assert_mentions(
        &svg,
        &[
            "Cold start vs package size",
            "size (MB)",
            "cold start (ms)",
            "50 MB zipped (direct upload)",
            "250 MB unzipped",
            "10 GB image",
            "zip",
            "container image",
            "1 MB",
            "10 GB",
        ],
    );
    assert!(!svg.contains("9.77 GB"), "size ticks must be round");
    assert!(
        !svg.contains(">limit<"),
        "the limits are labelled where they stand; the legend's dash means p99 only"
    );
    // p50 dots: six zip sizes up to 250 MB, ten sizes for each image curve.
    assert_eq!(count(&svg, "circle"), 6 + 10 + 10);
}

#[test]
fn sweep_marks_the_compared_variants_at_their_size_in_their_colour() {
    let theme = Theme::light();
    let mut series = fixtures::sweep();
    let plain = render_svg(ChartKind::Sweep, &[], &series, &theme, WIDTH, HEIGHT).unwrap();
    series[0].markers.push(coldstart_charts::SweepMarker {
        name: "my zip".into(),
        variant: 0,
        size_mb: 120.0,
        p50_ms: 900.0,
    });
    series[1].markers.push(coldstart_charts::SweepMarker {
        name: "my image".into(),
        variant: 1,
        size_mb: 1_500.0,
        p50_ms: 2_000.0,
    });
    let svg = render_svg(ChartKind::Sweep, &[], &series, &theme, WIDTH, HEIGHT).unwrap();
    assert_mentions(&svg, &["my zip", "my image"]);
    // One diamond per variant, in its own colour; the curves' dots are unchanged.
    assert_eq!(count(&svg, "polygon") - count(&plain, "polygon"), 2);
    assert_eq!(count(&svg, "circle"), count(&plain, "circle"));
    for i in 0..2 {
        let c = theme.series_color(i);
        let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
        assert!(
            svg.lines()
                .any(|l| l.contains("<polygon") && l.contains(&fill)),
            "no marker in {fill}"
        );
    }
    // Hover on a marker names the variant.
    let (_, geometry) = svg_of(|a| ChartKind::Sweep.draw(a, &[], &series, &theme).unwrap());
    let (x, y) = geometry.panels[0].data_to_pixel(120.0, 900.0);
    let text = geometry.describe(x, y).unwrap();
    assert!(text.contains("my zip"), "{text}");
}

#[test]
fn sweep_cold_start_axis_is_log_so_small_packages_stay_readable() {
    let series = fixtures::sweep();
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| ChartKind::Sweep.draw(a, &[], &series, &theme).unwrap());
    let panel = &geometry.panels[0];
    assert_eq!(panel.y.scale, coldstart_charts::geometry::Scale::Log);
    // The image read whole reaches ~22 s; on a linear axis the zip's whole range (262 ms at
    // 1 MB to 3.25 s at 250 MB) would take about a tenth of the height. On the log axis it
    // takes a good share of it.
    let zip = &series[0].points;
    let (_, low) = panel.data_to_pixel(zip[0].0, zip[0].1);
    let (_, high) = panel.data_to_pixel(zip[5].0, zip[5].1);
    let height = panel.plot.bottom - panel.plot.top;
    assert!(
        low - high > height / 3,
        "zip spans {} of {height} px",
        low - high
    );
    // Decade ticks label the axis, in ms.
    assert_mentions(&svg, &["1,000", "10,000"]);
    // Hover reads back each point's own values through the log mapping, within a pixel.
    for s in &series {
        for &(mb, p50, _) in s
            .points
            .iter()
            .filter(|p| p.0 <= s.limit_mb.unwrap_or(f64::MAX))
        {
            let (x, y) = panel.data_to_pixel(mb, p50);
            let (read_mb, read_ms) = geometry.pixel_to_data(x, y).expect("inside the plot");
            let one_px = (panel.y.max / panel.y.min).powf(1.0 / f64::from(height));
            assert!(
                read_ms / p50 <= one_px && p50 / read_ms <= one_px,
                "{}: {p50} ms read as {read_ms}",
                s.label
            );
            assert!(
                (read_mb / mb - 1.0).abs() < 0.02,
                "{mb} MB read as {read_mb}"
            );
            // Over a point, the read-out names it: the series, its size and its values.
            let text = geometry.describe(x, y).expect("a read-out");
            let p50_text = coldstart_charts::units::Unit::Milliseconds.format(p50);
            assert!(
                text.starts_with(&format!("{} at ", s.label))
                    && text.contains(&format!("cold start p50 {p50_text}")),
                "{text}"
            );
        }
    }
}

#[test]
fn every_chart_has_a_no_data_state() {
    let empty = Report::default();
    let variants = [Variant {
        label: "empty",
        report: &empty,
    }];
    for theme in [Theme::light(), Theme::dark()] {
        for kind in ChartKind::ALL {
            let (svg, geometry) = svg_of(|a| kind.draw(a, &variants, &[], &theme).unwrap());
            assert!(svg.contains("No "), "{kind}: no message in {svg}");
            assert!(geometry.is_empty(), "{kind}: geometry for nothing");
            assert!(
                geometry
                    .describe(WIDTH as i32 / 2, HEIGHT as i32 / 2)
                    .is_none()
            );
            // No variants at all is the same state.
            let (_, geometry) = svg_of(|a| kind.draw(a, &[], &[], &theme).unwrap());
            assert!(geometry.is_empty(), "{kind}");
        }
    }
}

#[test]
fn degenerate_reports_still_draw_axes() {
    // One request, zero latency; a time series of all zeros; a sweep of one point.
    let arrival = Micros::from_secs(5);
    let single = Report {
        samples: vec![RequestRecord {
            id: 0,
            arrival,
            start: arrival,
            end: arrival,
            cold: None,
            phases: Default::default(),
            env_id: Some(0),
            provisioned: false,
            outcome: Outcome::Ok,
            retries: 0,
            invocation: 1,
        }],
        warmup_curve: vec![WarmupPoint {
            first: 1,
            last: 1,
            count: 1,
            mean_latency_ms: 0.0,
            mean_handler_ms: 0.0,
        }],
        timeseries: TimeSeries {
            bucket_s: 60.0,
            arrivals: vec![0; 3],
            cold_starts: vec![0; 3],
            throttles: vec![0; 3],
            busy: vec![0.0; 3],
            idle: vec![0.0; 3],
            provisioned: vec![0.0; 3],
            peak_busy: vec![0; 3],
            peak_total: vec![0; 3],
            concurrency_limit: vec![None; 3],
            warm_latency_ms: vec![None; 3],
            cold_latency_ms: vec![None; 3],
        },
        ..Report::default()
    };
    let variants = [Variant {
        label: "one",
        report: &single,
    }];
    let sweep = [SweepSeries {
        label: "zip".into(),
        points: vec![(10.0, 300.0, 300.0)],
        limit_mb: None,
        markers: Vec::new(),
    }];
    let theme = Theme::light();
    for kind in [
        ChartKind::Timeline,
        ChartKind::Environments,
        ChartKind::Sweep,
        ChartKind::Warmup,
    ] {
        let (_, geometry) = svg_of(|a| kind.draw(a, &variants, &sweep, &theme).unwrap());
        let panel = &geometry.panels[0];
        assert!(
            panel.x.max > panel.x.min && panel.y.max > panel.y.min,
            "{kind}: {panel:?}"
        );
        let centre = (
            (panel.plot.left + panel.plot.right) / 2,
            (panel.plot.top + panel.plot.bottom) / 2,
        );
        assert!(geometry.describe(centre.0, centre.1).is_some(), "{kind}");
    }
    // Everything beyond the limit: nothing deployable, nothing drawn.
    let beyond = [SweepSeries {
        label: "zip".into(),
        points: vec![(500.0, 1.0, 2.0)],
        limit_mb: Some(250.0),
        markers: Vec::new(),
    }];
    let (_, geometry) = svg_of(|a| ChartKind::Sweep.draw(a, &[], &beyond, &theme).unwrap());
    assert!(geometry.is_empty());
}

#[test]
fn svg_export_is_a_complete_document_in_either_theme() {
    let pair = Pair::new();
    let sweep = fixtures::sweep();
    for theme in [Theme::light(), Theme::dark()] {
        for kind in ChartKind::ALL {
            let svg = render_svg(kind, &pair.variants(), &sweep, &theme, 640, 360).unwrap();
            assert!(
                svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
                "{kind}"
            );
            assert!(svg.contains("width=\"640\" height=\"360\""), "{kind}");
            let background = format!(
                "fill=\"#{:02X}{:02X}{:02X}\"",
                theme.background.0, theme.background.1, theme.background.2
            );
            assert!(svg.contains(&background), "{kind}: background {background}");
        }
    }
}

/// A panel whose data spans less than a decade has no power of ten for a log axis to label:
/// it is drawn on a linear latency axis, with its own ticks.
#[test]
fn a_narrow_cdf_panel_gets_a_labelled_linear_axis() {
    let mut pair = Pair::new();
    for r in [&mut pair.zip, &mut pair.image] {
        for (i, p) in r.cold_latency_cdf.iter_mut().enumerate() {
            p.ms = 1_500.0 + 17.0 * i as f64;
        }
    }
    let (svg, geometry) = svg_of(|a| draw_cdf(a, &pair.variants(), &Theme::light()).unwrap());
    let [all, cold] = &geometry.panels[..] else {
        panic!("two panels");
    };
    assert_eq!(all.x.scale, coldstart_charts::geometry::Scale::Log);
    assert_eq!(cold.x.scale, coldstart_charts::geometry::Scale::Linear);
    assert!(
        cold.x.min > 1_000.0 && cold.x.max < 10_000.0,
        "{:?}",
        cold.x
    );
    assert_mentions(&svg, &["2,000", "3,000"]);
}

/// Hover names the data item under the pointer, not the pointer's coordinates: an anatomy
/// segment with its phase and the bar's total, a CDF percentile marker with its sample, a sweep
/// point with its size.
#[test]
fn hover_reads_the_data_item_under_the_pointer() {
    let pair = Pair::new();
    let theme = Theme::light();
    let (_, anatomy) = svg_of(|a| draw_anatomy(a, &pair.variants(), &theme).unwrap());
    let init = (anatomy.items.iter())
        .find(|i| i.text.starts_with("zip · p50") && i.text.contains(": init = "))
        .expect("an init segment");
    let (x, y) = (
        (init.area.left + init.area.right) / 2,
        (init.area.top + init.area.bottom) / 2,
    );
    let read = anatomy.describe(x, y).unwrap();
    assert_eq!(read, init.text);
    let total = coldstart_charts::units::Unit::Milliseconds.format(pair.zip.latency_ms.cold.p50);
    assert!(read.ends_with(&format!(" of {total}")), "{read}");

    let (_, cdf) = svg_of(|a| draw_cdf(a, &pair.variants(), &theme).unwrap());
    let p50 = coldstart_charts::units::Unit::Milliseconds.format(pair.image.latency_ms.all.p50);
    let marker = (cdf.items.iter())
        .find(|i| i.text.starts_with("image (all requests): p50 = "))
        .expect("the image's p50 marker");
    assert!(marker.text.contains(&p50), "{}", marker.text);
    // A pointer a few pixels off the marker still reads it (snap), not the axes.
    let (mx, my) = (
        (marker.area.left + marker.area.right) / 2,
        (marker.area.top + marker.area.bottom) / 2,
    );
    let near = cdf.describe(mx + 2, my + 1).unwrap();
    assert!(
        near.contains("p50 = ") || near.contains("at or below"),
        "{near}"
    );

    let series = [SweepSeries {
        label: "zip".into(),
        points: vec![(1.0, 300.0, 400.0), (10.0, 500.0, 700.0)],
        limit_mb: None,
        markers: Vec::new(),
    }];
    let (_, sweep) = svg_of(|a| coldstart_charts::draw_sweep(a, &series, &theme).unwrap());
    let point = sweep.items.first().expect("a sweep point");
    assert!(point.text.starts_with("zip at 1"), "{}", point.text);
    assert!(
        point.text.contains("p50 300 ms, p99 400 ms"),
        "{}",
        point.text
    );
    // Far from every item, the read-out is the axes' values again.
    let panel = &sweep.panels[0];
    let empty = sweep
        .describe(panel.plot.right - 2, panel.plot.top + 2)
        .unwrap();
    assert!(empty.contains("size = "), "{empty}");
}

#[test]
fn warmup_draws_handler_time_against_the_invocation_index_per_variant() {
    let run = |runtime: &str| {
        let s = coldstart_core::Scenario::from_json(&format!(
            r#"{{"name": "{runtime}", "duration_s": 120,
                "workload": {{"kind": "poisson", "rate_per_s": 20}},
                "function": {{"runtime": "{runtime}", "memory_mb": 1024,
                             "handler_ms": {{"dist": "constant", "value": 20}}}},
                "package": {{"type": "zip", "zipped_mb": 1, "unzipped_mb": 3}}}}"#
        ))
        .expect("parses");
        coldstart_core::run(&s).expect("runs")
    };
    let (java, rust) = (run("java"), run("provided"));
    let variants = [
        Variant {
            label: "java",
            report: &java,
        },
        Variant {
            label: "rust",
            report: &rust,
        },
    ];
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| ChartKind::Warmup.draw(a, &variants, &[], &theme).unwrap());
    assert_mentions(
        &svg,
        &[
            "Warm-up",
            "invocations",
            "handler (ms)",
            "java: 1st 60.0 ms",
        ],
    );
    assert!(svg.contains("rust: 1st 20.0 ms / latest 1.00×"), "{svg}");
    let points = java.warmup_curve.len() + rust.warmup_curve.len();
    assert_eq!(
        count(&svg, "circle"),
        points,
        "one marker per bin and variant"
    );
    let panel = &geometry.panels[0];
    assert_eq!(panel.x.min, 1.0);
    // Each bin is drawn at its geometric middle; the axis covers the last one.
    let last = java.warmup_curve.last().unwrap();
    assert!(panel.x.max >= (f64::from(last.first) * f64::from(last.last)).sqrt());
}

/// The page's run worker sends the timeline's view of the request records
/// ([`TimelineSample`]) instead of the records: drawn from it, beside reports without their
/// records, the timeline is the same document as from the reports' own records, banded (many
/// requests per pixel column) or not, at every size, and with throttled requests.
#[test]
fn the_timeline_from_its_sample_is_the_timeline_from_the_records() {
    let many = Pair::new();
    let few = Pair {
        zip: fixtures::report(300, 1_400.0, 3),
        image: fixtures::report(300, 900.0, 5),
    };
    let mut throttled = coldstart_core::Scenario::from_json(include_str!(
        "../../../../scenarios/node-zip-api.json"
    ))
    .expect("a preset");
    throttled.output.request_sample = 5_000;
    throttled.platform.account_concurrency = Some(2);
    let run = coldstart_core::run(&throttled).expect("runs");
    assert!(
        run.samples.iter().any(|r| r.outcome == Outcome::Throttled),
        "the run throttles"
    );
    let single = Pair {
        zip: run.clone(),
        image: run,
    };
    for (pair, name) in [(&many, "banded"), (&few, "sparse"), (&single, "throttled")] {
        let samples = [
            TimelineSample::of(&pair.zip.samples),
            TimelineSample::of(&pair.image.samples),
        ];
        let bare = Pair {
            zip: fixtures::without_samples(pair.zip.clone()),
            image: fixtures::without_samples(pair.image.clone()),
        };
        for (width, height) in [(WIDTH, HEIGHT), (412, 300), (1_600, 900)] {
            let draw = |variants: &[Variant<'_>], samples: &[TimelineSample]| {
                let mut svg = String::new();
                {
                    let area =
                        SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
                    draw_timeline_sampled(&area, variants, samples, &Theme::dark()).unwrap();
                    area.present().unwrap();
                }
                svg
            };
            let own = draw(&pair.variants(), &[]);
            let sampled = draw(&bare.variants(), &samples);
            assert!(count(&own, "circle") > 100, "{name}: draws requests");
            assert!(
                own == sampled,
                "{name} at {width} × {height}: the drawings differ"
            );
        }
    }
}
