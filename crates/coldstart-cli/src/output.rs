//! How reports are printed: the full JSON report, CSV for spreadsheets and plotting scripts,
//! and a human-readable table.
//!
//! CSV comes in two shapes, chosen by `--format`:
//! - `csv`: the time series, one row per bucket (`output.bucket_s` wide);
//! - `csv-requests`: the per-request sample, one row per sampled request (needs a sample:
//!   `output.request_sample` in the scenario or `--sample N`), or with `--all-requests` every
//!   request, written row by row as the run proceeds (same header and rows).

use coldstart_core::Report;
use coldstart_core::report::{LatencySummary, RequestRecord, TimeSeries};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::PathBuf;

use crate::failure::Failure;

/// Output format of `run` and `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The whole report as pretty-printed JSON (for `compare`, the comparison with its deltas).
    Json,
    /// The time series, one row per bucket.
    Csv,
    /// The per-request sample, one row per request.
    CsvRequests,
    /// A summary for people.
    Table,
}

/// The full report(s) as pretty JSON.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| format!("cannot write the report as JSON: {e}"))
}

/// The serde name of a unit enum value (`scale_out`, `throttled`, …), so CSV uses the same
/// words as the JSON report.
fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Header of the time-series CSV; `variant` is the first column when several runs are printed.
const TIMESERIES_COLUMNS: &str = "start_s,arrivals,cold_starts,throttles,busy,idle,provisioned,\
concurrency_limit,warm_min_ms,warm_max_ms,cold_min_ms,cold_max_ms";

/// The time series of each report as CSV, one row per bucket, with a leading `variant`
/// column. Empty cells mean "none" (no limit, no request of that kind in the bucket).
pub fn timeseries_csv(reports: &[(&str, &Report)]) -> String {
    let mut out = format!("variant,{TIMESERIES_COLUMNS}\n");
    for (label, report) in reports {
        write_timeseries(&mut out, label, &report.timeseries);
    }
    out
}

fn write_timeseries(out: &mut String, label: &str, ts: &TimeSeries) {
    for i in 0..ts.arrivals.len() {
        let get = |v: &Vec<f64>| opt(v.get(i));
        let range = |v: &Vec<Option<(f64, f64)>>| match v.get(i).copied().flatten() {
            Some((lo, hi)) => (lo.to_string(), hi.to_string()),
            None => (String::new(), String::new()),
        };
        let (warm_lo, warm_hi) = range(&ts.warm_latency_ms);
        let (cold_lo, cold_hi) = range(&ts.cold_latency_ms);
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(label),
            i as f64 * ts.bucket_s,
            opt(ts.arrivals.get(i)),
            opt(ts.cold_starts.get(i)),
            opt(ts.throttles.get(i)),
            get(&ts.busy),
            get(&ts.idle),
            get(&ts.provisioned),
            opt(ts.concurrency_limit.get(i).copied().flatten()),
            warm_lo,
            warm_hi,
            cold_lo,
            cold_hi,
        );
    }
}

/// Header of the per-request CSV.
const REQUEST_COLUMNS: &str = "id,arrival_ms,start_ms,end_ms,latency_ms,cold_cause,microvm_ms,\
code_fetch_ms,bootstrap_ms,init_ms,handler_ms,env_id,provisioned,outcome,retries";

/// The header line of the per-request CSV, sampled or streamed.
pub fn requests_csv_header() -> String {
    format!("variant,{REQUEST_COLUMNS}\n")
}

/// The per-request sample of each report as CSV, with a leading `variant` column. Times are
/// milliseconds from the start of the run; `cold_cause` is empty for a warm start.
pub fn requests_csv(reports: &[(&str, &Report)]) -> String {
    let mut out = requests_csv_header();
    for (label, report) in reports {
        for r in &report.samples {
            write_request(&mut out, label, r);
        }
    }
    out
}

/// Appends one request's CSV row (with its `variant` cell) to `out`.
pub fn write_request(out: &mut String, label: &str, r: &RequestRecord) {
    let _ = writeln!(
        out,
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        csv_field(label),
        r.id,
        r.arrival.as_ms_f64(),
        r.start.as_ms_f64(),
        r.end.as_ms_f64(),
        r.end.saturating_sub(r.arrival).as_ms_f64(),
        r.cold.map(|c| serde_name(&c)).unwrap_or_default(),
        r.phases.microvm.as_ms_f64(),
        r.phases.code_fetch.as_ms_f64(),
        r.phases.bootstrap.as_ms_f64(),
        r.phases.init.as_ms_f64(),
        r.phases.handler.as_ms_f64(),
        opt(r.env_id),
        r.provisioned,
        serde_name(&r.outcome),
        r.retries,
    );
}

/// Quotes a CSV field when it holds a separator, quote or line break (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A summary table, one column per report: counts, cold starts by cause, latency percentiles,
/// environments and cost.
pub fn table(reports: &[(&str, &Report)]) -> String {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut row = |name: &str, f: &dyn Fn(&Report) -> String| {
        rows.push((
            name.to_string(),
            reports.iter().map(|(_, r)| f(r)).collect(),
        ));
    };
    row("requests", &|r| r.requests.to_string());
    row("completed", &|r| r.completed.to_string());
    row("cold starts", &|r| {
        format!("{} ({:.2} %)", r.cold_starts, 100.0 * r.cold_start_ratio)
    });
    row("  first", &|r| r.cold_by_cause.first.to_string());
    row("  scale-out", &|r| r.cold_by_cause.scale_out.to_string());
    row("  keep-alive expired", &|r| {
        r.cold_by_cause.keep_alive_expired.to_string()
    });
    row("  lifetime expired", &|r| {
        r.cold_by_cause.lifetime_expired.to_string()
    });
    row("  reset (crash/timeout)", &|r| {
        r.cold_by_cause.reset.to_string()
    });
    row("throttled", &|r| r.throttled.to_string());
    row("dropped", &|r| r.dropped.to_string());
    row("errors", &|r| r.errors.to_string());
    row("retries", &|r| r.retries.to_string());
    for (kind, pick) in [
        (
            "all",
            (|r: &Report| r.latency_ms.all) as fn(&Report) -> LatencySummary,
        ),
        ("warm", |r: &Report| r.latency_ms.warm),
        ("cold", |r: &Report| r.latency_ms.cold),
    ] {
        row(&format!("latency {kind} p50 / p99 ms"), &|r| {
            let l = pick(r);
            format!("{:.1} / {:.1}", l.p50, l.p99)
        });
        row(&format!("latency {kind} p99.9 / max ms"), &|r| {
            let l = pick(r);
            format!("{:.1} / {:.1}", l.p999, l.max)
        });
    }
    row("cold phases p50 ms (vm/fetch/boot/init)", &|r| {
        let p = &r.phases_ms;
        format!(
            "{:.0}/{:.0}/{:.0}/{:.0}",
            p.microvm.p50, p.code_fetch.p50, p.bootstrap.p50, p.init.p50
        )
    });
    row("environments created", &|r| {
        r.environments.created.to_string()
    });
    row("environments mean total / busy / idle", &|r| {
        let e = &r.environments;
        format!(
            "{:.2} / {:.2} / {:.2}",
            e.mean_total, e.mean_busy, e.mean_idle
        )
    });
    row("peak concurrency", &|r| {
        r.environments.peak_concurrency.to_string()
    });
    row("cost USD", &|r| format!("{:.6}", r.cost_usd.total));

    let header: Vec<String> = reports.iter().map(|(l, _)| l.to_string()).collect();
    align(&header, &rows)
}

/// Lays out named rows under a header, the names left-aligned and the cells right-aligned.
pub fn align<N: AsRef<str>>(header: &[String], rows: &[(N, Vec<String>)]) -> String {
    let width = |s: &str| s.chars().count();
    let name_width = rows
        .iter()
        .map(|(n, _)| width(n.as_ref()))
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|(_, cells)| cells.get(i).map(|c| width(c)))
                .chain([width(&header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let mut line = |name: &str, cells: &[String]| {
        let _ = write!(out, "{name:<name_width$}");
        for (cell, w) in cells.iter().zip(&widths) {
            let _ = write!(out, "  {cell:>w$}");
        }
        out.push('\n');
    };
    line("", header);
    for (name, cells) in rows {
        line(name.as_ref(), cells);
    }
    out
}

/// Writes a command's whole output to stdout. A reader that went away (`| head`) has all it
/// wanted, so a broken pipe is success, not a panic as `print!` would make it.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(stdout_failure(e)),
        _ => Ok(()),
    }
}

/// A failure to write to stdout, named like a file failure.
pub fn stdout_failure(error: io::Error) -> Failure {
    Failure::Io {
        path: PathBuf::from("<stdout>"),
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("zip"), "zip");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn timeseries_has_one_row_per_bucket() {
        let mut report = Report::default();
        report.timeseries.bucket_s = 10.0;
        report.timeseries.arrivals = vec![3, 4];
        report.timeseries.cold_starts = vec![1, 0];
        report.timeseries.throttles = vec![0, 0];
        report.timeseries.busy = vec![0.5, 0.25];
        report.timeseries.idle = vec![0.5, 0.75];
        report.timeseries.provisioned = vec![0.0, 0.0];
        report.timeseries.concurrency_limit = vec![Some(1000), None];
        report.timeseries.warm_latency_ms = vec![None, Some((1.5, 9.0))];
        report.timeseries.cold_latency_ms = vec![Some((300.0, 310.0)), None];
        let csv = timeseries_csv(&[("a", &report)]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1], "a,0,3,1,0,0.5,0.5,0,1000,,,300,310");
        assert_eq!(lines[2], "a,10,4,0,0,0.25,0.75,0,,1.5,9,,");
    }
}
