//! Each chart's text alternative: what a screen-reader user (or anyone who cannot read the
//! picture) gets instead of the canvas. A short summary sentence per chart, plus the chart's data
//! as a [`Table`] the page folds under the chart. Both come from the same reports the chart is
//! drawn from, so the words and the picture cannot disagree.
//!
//! One function per chart; [`overview`] is the text of a chart that has none of its own yet, so
//! a new chart is never left without an alternative.

use crate::format;
use crate::labels;
use crate::table::{Row, Table};
use coldstart_core::Report;
use coldstart_core::report::{
    ColdStartPhase, Lane, LatencySummary, P50, P90, P99, P999, Percentile, Reclaim, UploadRoute,
};
use coldstart_core::sweep::{SweepPoint, SweepSeries};

/// A chart's text alternative: one or two sentences, and the data behind the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartText {
    /// What the chart shows, in words: the figures a reader would take from it.
    pub summary: String,
    /// The data drawn, one column per variant (or per curve for the sweep).
    pub table: Table,
}

/// Rows of a time-series table: a longer run is read as this many windows, so the table stays
/// short enough to read through with a screen reader.
pub const TIME_WINDOWS: usize = 12;

/// Rows of the sweep's table at most (the sweep has more sizes than a reader needs).
pub const SWEEP_ROWS: usize = 12;

/// `(name, report)` of each variant, in the order of the chart's legend.
pub type Named<'a> = (&'a str, &'a Report);

fn columns(variants: &[Named<'_>]) -> Vec<String> {
    variants.iter().map(|(n, _)| (*n).to_string()).collect()
}

impl ChartText {
    /// The usual shape: a sentence per variant, and a table with a column per variant.
    fn per_variant(sentences: &[String], variants: &[Named<'_>], rows: Vec<Row>) -> ChartText {
        ChartText {
            summary: sentences.join(" "),
            table: Table {
                columns: columns(variants),
                rows,
            },
        }
    }
}

fn at(s: &LatencySummary, p: &Percentile) -> String {
    s.at(p)
        .map_or_else(|| format::NONE.to_string(), |v| format::ms(v, s.count))
}

/// "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `m:ss` of a time in seconds (`h:mm:ss` from an hour), as the timeline's axis reads.
fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The buckets of a time series grouped into at most [`TIME_WINDOWS`] windows: `(first bucket,
/// end bucket)` ranges, equal in width but the last.
fn windows(buckets: usize) -> Vec<(usize, usize)> {
    if buckets == 0 {
        return Vec::new();
    }
    let width = buckets.div_ceil(TIME_WINDOWS);
    (0..buckets)
        .step_by(width)
        .map(|start| (start, (start + width).min(buckets)))
        .collect()
}

/// The longest time series among the variants (they share a bucket width: one scenario's
/// duration), so every variant reads on the same windows.
fn series_windows(variants: &[Named<'_>]) -> (f64, Vec<(usize, usize)>) {
    let bucket_s = variants.first().map_or(0.0, |(_, r)| r.timeseries.bucket_s);
    let buckets = (variants.iter())
        .map(|(_, r)| r.timeseries.arrivals.len())
        .max()
        .unwrap_or(0);
    (bucket_s, windows(buckets))
}

fn window_label(bucket_s: f64, (start, end): (usize, usize)) -> String {
    format!(
        "{}–{}",
        clock(start as f64 * bucket_s),
        clock(end as f64 * bucket_s)
    )
}

/// The latency timeline: requests and cold starts over time.
pub fn timeline(variants: &[Named<'_>]) -> ChartText {
    let (bucket_s, windows) = series_windows(variants);
    let rows = (windows.iter())
        .map(|&w| {
            let cells = (variants.iter())
                .map(|(_, r)| {
                    let sum =
                        |v: &[u64]| v.get(w.0..w.1.min(v.len())).map_or(0, |s| s.iter().sum());
                    let arrivals: u64 = sum(&r.timeseries.arrivals);
                    let cold: u64 = sum(&r.timeseries.cold_starts);
                    format!("{} ({} cold)", format::count(arrivals), format::count(cold))
                })
                .collect();
            Row::new(window_label(bucket_s, w), "requests (cold starts)", cells)
        })
        .collect();
    let sentences: Vec<String> = (variants.iter())
        .map(|(name, r)| {
            let cold = &r.latency_ms.cold;
            let warm = &r.latency_ms.warm;
            let busiest = busiest_window(r, &windows, bucket_s);
            // The cold-start share is per invocation that started: throttled requests never
            // start and retries start again, so the count beside it is the invocations'.
            let mut s = if r.invocations == r.requests {
                format!(
                    "{name}: {} requests, {} of them cold starts ({})",
                    format::count(r.requests),
                    format::count(r.cold_starts),
                    format::percent(r.cold_start_ratio)
                )
            } else {
                format!(
                    "{name}: {} requests, {} invocations started, {} of them cold starts ({})",
                    format::count(r.requests),
                    format::count(r.invocations),
                    format::count(r.cold_starts),
                    format::percent(r.cold_start_ratio)
                )
            };
            if cold.count > 0 && warm.count > 0 {
                s.push_str(&format!(
                    "; cold requests take {} ms at the median against {} ms warm",
                    at(cold, &P50),
                    at(warm, &P50)
                ));
            }
            if let Some(window) = busiest {
                s.push_str(&format!(", most cold starts in {window}"));
            }
            s.push('.');
            s
        })
        .collect();
    ChartText::per_variant(&sentences, variants, rows)
}

/// The window with the most cold starts, when there were any.
fn busiest_window(r: &Report, windows: &[(usize, usize)], bucket_s: f64) -> Option<String> {
    let cold = &r.timeseries.cold_starts;
    let (w, n) = (windows.iter())
        .map(|&w| {
            (
                w,
                cold.get(w.0..w.1.min(cold.len()))
                    .map_or(0, |s| s.iter().sum::<u64>()),
            )
        })
        .max_by_key(|&(w, n)| (n, std::cmp::Reverse(w.0)))?;
    (n > 0).then(|| window_label(bucket_s, w))
}

/// Busy, idle and provisioned environments over time.
pub fn environments(variants: &[Named<'_>]) -> ChartText {
    let (bucket_s, windows) = series_windows(variants);
    let mean = |v: &[f64], (a, b): (usize, usize)| {
        let s = v.get(a..b.min(v.len())).unwrap_or_default();
        if s.is_empty() {
            0.0
        } else {
            s.iter().sum::<f64>() / s.len() as f64
        }
    };
    let rows = (windows.iter())
        .map(|&w| {
            let cells = (variants.iter())
                .map(|(_, r)| {
                    let t = &r.timeseries;
                    format!(
                        "{} busy, {} idle",
                        format::decimal(mean(&t.busy, w)),
                        format::decimal(mean(&t.idle, w))
                    )
                })
                .collect();
            Row::new(window_label(bucket_s, w), "mean environments", cells)
        })
        .collect();
    let sentences: Vec<String> = (variants.iter())
        .map(|(name, r)| {
            let e = &r.environments;
            let mut s = format!(
                "{name}: {} environments created, {} at most busy at once, on average {} busy and {} idle",
                format::count(e.created),
                format::count(u64::from(e.peak_concurrency)),
                format::decimal(e.mean_busy),
                format::decimal(e.mean_idle)
            );
            if e.mean_provisioned > 0.0 {
                s.push_str(&format!(
                    " ({} provisioned)",
                    format::decimal(e.mean_provisioned)
                ));
            }
            s.push('.');
            s
        })
        .collect();
    ChartText::per_variant(&sentences, variants, rows)
}

/// Where a cold start's time goes, phase by phase.
pub fn anatomy(variants: &[Named<'_>]) -> ChartText {
    let rows = (ColdStartPhase::ALL.iter())
        .map(|&phase| {
            let cells = (variants.iter())
                .map(|(_, r)| {
                    let s = phase.of(&r.phases_ms);
                    format!("{} / {}", at(s, &P50), at(s, &P99))
                })
                .collect();
            Row::new(
                labels::phase(phase).label.to_string(),
                "ms p50 / p99",
                cells,
            )
        })
        .collect();
    let sentences: Vec<String> = (variants.iter())
        .map(|(name, r)| {
            let cold = &r.latency_ms.cold;
            if cold.count == 0 {
                return format!("{name}: no cold starts.");
            }
            let largest = (ColdStartPhase::ALL.iter())
                .map(|&p| (p, p.of(&r.phases_ms)))
                .filter(|(_, s)| s.count > 0)
                .max_by(|a, b| a.1.p50.total_cmp(&b.1.p50));
            let mut s = format!("{name}: a median cold request takes {} ms", at(cold, &P50));
            if let Some((phase, summary)) = largest {
                s.push_str(&format!(
                    ", its largest phase {} ({} ms at the median)",
                    labels::phase(phase).noun,
                    at(summary, &P50)
                ));
            }
            s.push('.');
            s
        })
        .collect();
    ChartText::per_variant(&sentences, variants, rows)
}

/// The latency distribution: the percentiles of all requests and of cold starts.
pub fn cdf(variants: &[Named<'_>]) -> ChartText {
    let mut rows = Vec::new();
    for (what, pick) in [
        (
            "All requests",
            (|r: &Report| r.latency_ms.all) as fn(&Report) -> LatencySummary,
        ),
        ("Cold starts", |r: &Report| r.latency_ms.cold),
    ] {
        for p in [P50, P90, P99, P999] {
            let cells = variants.iter().map(|(_, r)| at(&pick(r), &p)).collect();
            rows.push(Row::new(format!("{what}, {}", p.name), "ms", cells));
        }
    }
    let sentences: Vec<String> = (variants.iter())
        .map(|(name, r)| {
            let all = &r.latency_ms.all;
            let cold = &r.latency_ms.cold;
            let mut s = format!(
                "{name}: half the requests finish within {} ms",
                at(all, &P50)
            );
            // A p99 is said only where the sample supports one (100 requests).
            if all.at(&P99).is_some() {
                s.push_str(&format!(" and 99 % within {} ms", at(all, &P99)));
            }
            if cold.count > 0 {
                s.push_str(&format!(
                    "; cold starts within {} ms at the median",
                    at(cold, &P50)
                ));
            }
            s.push('.');
            s
        })
        .collect();
    ChartText::per_variant(&sentences, variants, rows)
}

/// The curve's name in the sweep's table and sentence: the chart's legend label, before the
/// axis note ("zip", "image reading 6.4 % at init").
fn curve_name(series: SweepSeries) -> &'static str {
    let label = series.label();
    label.split(" · ").next().unwrap_or(label)
}

/// The size sweep: cold-start cost against package size, one column per curve. `of` names the
/// function swept (the first variant).
pub fn sweep(of: &str, points: &[SweepPoint]) -> ChartText {
    let mut curves: Vec<SweepSeries> = Vec::new();
    let mut sizes: Vec<f64> = Vec::new();
    for p in points {
        if !curves.contains(&p.series) {
            curves.push(p.series);
        }
        if !sizes.contains(&p.size_mb) {
            sizes.push(p.size_mb);
        }
    }
    coldstart_core::rank::sort_f64(&mut sizes);
    let step = sizes.len().div_ceil(SWEEP_ROWS).max(1);
    let mut picked: Vec<f64> = sizes.iter().copied().step_by(step).collect();
    if let Some(&last) = sizes.last()
        && picked.last() != Some(&last)
    {
        picked.push(last);
    }
    let find =
        |c: SweepSeries, size: f64| (points.iter()).find(|p| p.series == c && p.size_mb == size);
    let cell = |p: Option<&SweepPoint>| match p {
        Some(SweepPoint {
            p50_ms: Some(a),
            p99_ms: Some(b),
            ..
        }) => format!("{} / {}", format::ms(*a, 1), format::ms(*b, 1)),
        Some(SweepPoint {
            refused: Some(_), ..
        }) => "refused".to_string(),
        _ => format::NONE.to_string(),
    };
    let rows = (picked.iter())
        .map(|&size| {
            let cells = curves.iter().map(|&c| cell(find(c, size))).collect();
            Row::new(format::megabytes(size), "ms p50 / p99", cells)
        })
        .collect();
    let sentences: Vec<String> = (curves.iter())
        .filter_map(|&c| {
            let ok: Vec<&SweepPoint> = (points.iter())
                .filter(|p| p.series == c && p.p50_ms.is_some())
                .collect();
            let (first, last) = (ok.first()?, ok.last()?);
            Some(format!(
                "as {} from {} ms at {} to {} ms at {}",
                curve_name(c),
                format::ms(first.p50_ms.unwrap_or_default(), 1),
                format::megabytes(first.size_mb),
                format::ms(last.p50_ms.unwrap_or_default(), 1),
                format::megabytes(last.size_mb)
            ))
        })
        .collect();
    let summary = if sentences.is_empty() {
        format!("No size sweep for {of}.")
    } else {
        format!(
            "{of}'s median cold-start cost grows {}.",
            and_list(&sentences)
        )
    };
    ChartText {
        summary,
        table: Table {
            columns: curves.iter().map(|&c| curve_name(c).to_string()).collect(),
            rows,
        },
    }
}

/// The warm-up: mean latency against the invocation index on an environment.
pub fn warmup(variants: &[Named<'_>]) -> ChartText {
    // Each bin as `first << 32 | last`, whose numeric order is the pairs' order: sorted by the
    // program's one sort of `u64`s (`rank`'s documentation says why).
    let mut packed: Vec<u64> = (variants.iter())
        .flat_map(|(_, r)| {
            (r.warmup_curve.iter()).map(|p| u64::from(p.first) << 32 | u64::from(p.last))
        })
        .collect();
    coldstart_core::rank::sort_u64(&mut packed);
    packed.dedup();
    let bins: Vec<(u32, u32)> = (packed.iter())
        .map(|&b| ((b >> 32) as u32, (b & u64::from(u32::MAX)) as u32))
        .collect();
    let rows = (bins.iter())
        .map(|&(first, last)| {
            let cells = (variants.iter())
                .map(|(_, r)| {
                    (r.warmup_curve.iter())
                        .find(|p| (p.first, p.last) == (first, last))
                        .map_or_else(
                            || format::NONE.to_string(),
                            |p| format::ms(p.mean_handler_ms, p.count),
                        )
                })
                .collect();
            let label = if first == last {
                format!("invocation {first}")
            } else {
                format!("invocations {first}–{last}")
            };
            Row::new(label, "ms mean handler", cells)
        })
        .collect();
    let sentences: Vec<String> = (variants.iter())
        .filter_map(|(name, r)| {
            let (first, last) = (r.warmup_curve.first()?, r.warmup_curve.last()?);
            Some(format!(
                "{name}: the handler takes {} ms on an environment's first invocation and {} ms by invocation {}.",
                format::ms(first.mean_handler_ms, first.count),
                format::ms(last.mean_handler_ms, last.count),
                format::count(u64::from(last.first))
            ))
        })
        .collect();
    let summary = if sentences.is_empty() {
        "No completed requests to show a warm-up.".to_string()
    } else {
        sentences.join(" ")
    };
    ChartText {
        summary,
        table: Table {
            columns: columns(variants),
            rows,
        },
    }
}

/// Why environments went away, in the lanes table's words.
const RECLAIMS: [(Reclaim, &str); 5] = [
    (Reclaim::KeepAlive, "Reclaimed after keep-alive"),
    (Reclaim::Lifetime, "Reached their lifetime"),
    (Reclaim::Reset, "Reset after a timeout"),
    (Reclaim::Deploy, "Retired by a deploy"),
    (Reclaim::ScaleDown, "Removed by a scale-down"),
];

/// The environment lanes: how many environments lived, how they ended. A run that recorded no
/// lanes says so.
pub fn lanes(variants: &[Named<'_>]) -> ChartText {
    let count = |r: &Report, keep: &dyn Fn(&Lane) -> bool| {
        r.environment_lanes.as_ref().map_or(0, |l| {
            l.lanes.iter().filter(|lane| keep(lane)).count() as u64
        })
    };
    let cells = |f: &dyn Fn(&Report) -> String| variants.iter().map(|(_, r)| f(r)).collect();
    let mut rows = vec![
        Row::new(
            "Environments created".to_string(),
            "count",
            cells(&|r| format::count(r.environments.created)),
        ),
        Row::new(
            "Drawn as lanes".to_string(),
            "count",
            cells(&|r| format::count(count(r, &|_| true))),
        ),
        Row::new(
            "Provisioned".to_string(),
            "count",
            cells(&|r| format::count(count(r, &|l| l.provisioned))),
        ),
    ];
    for (why, label) in RECLAIMS {
        rows.push(Row::new(
            label.to_string(),
            "count",
            cells(&|r| format::count(count(r, &|l| l.end.is_some_and(|e| e.why == why)))),
        ));
    }
    rows.push(Row::new(
        "Alive at the end".to_string(),
        "count",
        cells(&|r| format::count(count(r, &|l| l.end.is_none()))),
    ));
    let sentences: Vec<String> = (variants.iter())
        .map(|(name, r)| match &r.environment_lanes {
            None => format!("{name}: no environment lanes were recorded."),
            Some(l) => format!(
                "{name}: {} environments created, {} drawn; {} reclaimed after keep-alive and {} alive at the end.",
                format::count(r.environments.created),
                format::count(l.lanes.len() as u64),
                format::count(count(r, &|lane| {
                    lane.end.is_some_and(|e| e.why == Reclaim::KeepAlive)
                })),
                format::count(count(r, &|lane| lane.end.is_none()))
            ),
        })
        .collect();
    ChartText::per_variant(&sentences, variants, rows)
}

/// How the code reaches Lambda, in words.
fn route(r: UploadRoute) -> &'static str {
    match r {
        UploadRoute::Direct => "a direct zip upload",
        UploadRoute::S3 => "a zip through S3",
        UploadRoute::EcrPush => "an image pushed to ECR",
    }
}

/// The operation order: the deploy-time steps, then the median cold start phase by phase.
pub fn order(variants: &[Named<'_>]) -> ChartText {
    let mut rows = vec![
        Row::new(
            "Upload (off the request path)".to_string(),
            "ms",
            (variants.iter())
                .map(|(_, r)| {
                    r.deploy_steps
                        .map_or_else(|| format::NONE.to_string(), |d| format::ms(d.upload_ms, 1))
                })
                .collect(),
        ),
        Row::new(
            "SnapStart snapshot (off the request path)".to_string(),
            "ms",
            (variants.iter())
                .map(|(_, r)| {
                    r.deploy_steps
                        .and_then(|d| d.snapshot_ms)
                        .map_or_else(|| format::NONE.to_string(), |ms| format::ms(ms, 1))
                })
                .collect(),
        ),
    ];
    for phase in ColdStartPhase::ALL {
        rows.push(Row::new(
            labels::phase(phase).label.to_string(),
            "ms p50",
            (variants.iter())
                .map(|(_, r)| at(phase.of(&r.phases_ms), &P50))
                .collect(),
        ));
    }
    let sentences: Vec<String> = (variants.iter())
        .map(|(name, r)| {
            let mut s = format!("{name}:");
            if let Some(d) = r.deploy_steps {
                s.push_str(&format!(
                    " {} of {} takes {} ms off the request path;",
                    route(d.route),
                    format::megabytes(d.upload_mb),
                    format::ms(d.upload_ms, 1)
                ));
            }
            let cold = &r.latency_ms.cold;
            if cold.count == 0 {
                s.push_str(" no cold starts.");
            } else {
                let phases: Vec<String> = (ColdStartPhase::ALL.iter())
                    .map(|&p| {
                        format!(
                            "{} {} ms",
                            labels::phase(p).noun,
                            at(p.of(&r.phases_ms), &P50)
                        )
                    })
                    .collect();
                s.push_str(&format!(
                    " then a median cold start: {}.",
                    and_list(&phases)
                ));
            }
            s
        })
        .collect();
    ChartText::per_variant(&sentences, variants, rows)
}

/// The text of a chart without one of its own: the run's key figures (requests, cold starts,
/// their latency), which every chart is about.
pub fn overview(variants: &[Named<'_>]) -> ChartText {
    let mut text = cdf(variants);
    text.table.rows.insert(
        0,
        Row::new(
            "Cold starts".to_string(),
            "count",
            variants
                .iter()
                .map(|(_, r)| format::count(r.cold_starts))
                .collect(),
        ),
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_every_bucket_once_in_at_most_twelve_rows() {
        for buckets in [0, 1, 11, 12, 13, 60, 361] {
            let w = windows(buckets);
            assert!(w.len() <= TIME_WINDOWS, "{buckets}: {w:?}");
            let covered: usize = w.iter().map(|(a, b)| b - a).sum();
            assert_eq!(covered, buckets);
            assert!(w.windows(2).all(|p| p[0].1 == p[1].0), "{w:?}");
        }
    }

    #[test]
    fn clock_reads_like_the_axis() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(150.0), "2:30");
        assert_eq!(clock(3725.0), "1:02:05");
    }

    #[test]
    fn lists_read_as_prose() {
        let s = |v: &[&str]| and_list(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&["a"]), "a");
        assert_eq!(s(&["a", "b", "c"]), "a, b and c");
    }
}
