//! The summary tables as data: one column per variant, one row per figure with its unit. The
//! page turns a [`Table`] into table elements, the CLI into aligned text ([`Table::to_text`]), so
//! both show the same rows with the same words and digits.

use crate::{csv, format, labels};
use coldstart_core::Report;
use coldstart_core::compare::{Comparison, Delta, VariantResult};
use coldstart_core::report::ColdStartPhase;
use coldstart_core::report::{ColdCause, LatencySummary, P50, P90, P99, P999, Percentile};

/// One row: a figure and its unit, with one cell per variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What the figure is.
    pub label: String,
    /// Its unit ("" for none).
    pub unit: &'static str,
    /// One formatted value per variant.
    pub cells: Vec<String>,
    /// A part of the row above it (a cause of the cold starts, a phase of the cold latency).
    pub nested: bool,
}

impl Row {
    /// A top-level row (not a part of the row above it).
    pub fn new(label: impl Into<String>, unit: &'static str, cells: Vec<String>) -> Row {
        Row {
            label: label.into(),
            unit,
            cells,
            nested: false,
        }
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Variant names, in column order.
    pub columns: Vec<String>,
    /// Rows in display order.
    pub rows: Vec<Row>,
}

/// Requests in a million, for the per-million cost.
const PER_MILLION: f64 = 1_000_000.0;

/// Characters a nested row's label is indented by in text.
const NEST_INDENT: &str = "  ";

/// Collects rows, computing each cell from one variant.
struct Rows<'v, T> {
    variants: &'v [T],
    rows: Vec<Row>,
}

impl<T> Rows<'_, T> {
    fn add(&mut self, label: &str, unit: &'static str, nested: bool, cell: impl Fn(&T) -> String) {
        self.rows.push(Row {
            label: label.to_string(),
            unit,
            nested,
            cells: self.variants.iter().map(cell).collect(),
        });
    }
}

/// The percentiles of the summary's latency rows.
const SUMMARY_PERCENTILES: [Percentile; 3] = [P50, P99, P999];

/// One percentile of a summary, or "–" when its sample cannot support it
/// ([`LatencySummary::at`]: a p99 needs 100 requests).
fn at(s: &LatencySummary, p: &Percentile) -> String {
    s.at(p)
        .map_or_else(|| format::NONE.to_string(), |v| format::ms(v, s.count))
}

/// `p50 / p99 / p99.9` of a latency summary, each "–" when the sample cannot support it.
fn percentiles(s: &LatencySummary) -> String {
    let [a, b, c] = SUMMARY_PERCENTILES.map(|p| at(s, &p));
    format!("{a} / {b} / {c}")
}

/// [`percentiles`] with the number of requests behind them.
fn percentiles_n(s: &LatencySummary) -> String {
    format!("{} (n = {})", percentiles(s), format::count(s.count))
}

/// The unit of a latency row with its sample size.
const PERCENTILES_N_UNIT: &str = "ms p50 / p99 / p99.9 (n)";

/// The summary of named reports: requests and outcomes, cold starts by cause, latency with the
/// cold starts' phases, environments and cost.
pub fn summary(variants: &[(&str, &Report)]) -> Table {
    let reports: Vec<&Report> = variants.iter().map(|(_, r)| *r).collect();
    let mut t = Rows {
        variants: &reports,
        rows: Vec::new(),
    };
    t.add("Requests", "count", false, |r| format::count(r.requests));
    t.add("Cold starts", "of invocations", false, |r| {
        format!(
            "{} ({})",
            format::count(r.cold_starts),
            format::percent(r.cold_start_ratio)
        )
    });
    for cause in ColdCause::ALL {
        t.add(labels::cause(cause).label, "of invocations", true, |r| {
            let n = r.cold_by_cause.of(cause);
            format!(
                "{} ({})",
                format::count(n),
                format::percent(cause_ratio(r, n))
            )
        });
    }
    t.add("Latency, all", PERCENTILES_N_UNIT, false, |r| {
        percentiles_n(&r.latency_ms.all)
    });
    t.add("Latency, warm", PERCENTILES_N_UNIT, false, |r| {
        percentiles_n(&r.latency_ms.warm)
    });
    t.add("Latency, cold", PERCENTILES_N_UNIT, false, |r| {
        percentiles_n(&r.latency_ms.cold)
    });
    for phase in ColdStartPhase::ALL {
        t.add(
            labels::phase(phase).label,
            "ms p50 / p99 / p99.9",
            true,
            |r| percentiles(phase.of(&r.phases_ms)),
        );
    }
    t.add("Throttles", "events", false, |r| format::count(r.throttled));
    t.add("Dropped or refused", "requests", false, |r| {
        format::count(r.dropped)
    });
    t.add("Errors", "requests", false, |r| format::count(r.errors));
    t.add("Retries", "attempts", false, |r| format::count(r.retries));
    t.add("Environments created", "count", false, |r| {
        format::count(r.environments.created)
    });
    t.add("Environments, mean", "total / busy / idle", false, |r| {
        let e = &r.environments;
        format!(
            "{} / {} / {}",
            format::decimal(e.mean_total),
            format::decimal(e.mean_busy),
            format::decimal(e.mean_idle)
        )
    });
    t.add("Peak concurrency", "environments", false, |r| {
        format::count(u64::from(r.environments.peak_concurrency))
    });
    t.add("Cost", "USD", false, |r| format::usd(r.cost_usd.total));
    t.add("Cost per million requests", "USD", true, |r| {
        if r.requests == 0 {
            format::NONE.to_string()
        } else {
            format::usd(r.cost_usd.total / r.requests as f64 * PER_MILLION)
        }
    });
    Table {
        columns: variants.iter().map(|(n, _)| (*n).to_string()).collect(),
        rows: t.rows,
    }
}

/// Cold starts of one cause per started invocation. The report gives the overall ratio, so the
/// number of started invocations is `cold_starts / cold_start_ratio`.
fn cause_ratio(r: &Report, count: u64) -> f64 {
    if r.cold_starts == 0 || r.cold_start_ratio <= 0.0 {
        return 0.0;
    }
    let started = r.cold_starts as f64 / r.cold_start_ratio;
    count as f64 / started
}

/// A figure and its change against the first variant: `812 (+12.3)`.
fn with_delta(value: String, delta: String) -> String {
    format!("{value} ({delta})")
}

/// A signed millisecond change, with the digits of [`format::ms`]; no change is `0`.
fn signed_ms(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let sign = if x > 0.0 { "+" } else { "" };
    format!("{sign}{}", format::ms(x, 1))
}

/// The comparison of packagings: each variant's figures with its change against the first.
pub fn comparison(c: &Comparison) -> Table {
    let pairs: Vec<(&VariantResult, &Delta)> = c.variants.iter().zip(&c.deltas).collect();
    let mut t = Rows {
        variants: &pairs,
        rows: Vec::new(),
    };
    t.add("Package", "", false, |(v, _)| {
        let snap = if v.snapstart { " + SnapStart" } else { "" };
        format!("{}{snap}", csv::package_kind(&v.package))
    });
    t.add("Requests", "count", false, |(v, _)| {
        format::count(v.requests)
    });
    t.add("Cold starts", "count", false, |(v, d)| {
        let sign = if d.cold_starts > 0 { "+" } else { "" };
        with_delta(
            format::count(v.cold_starts),
            format!("{sign}{}", format::thousands(d.cold_starts)),
        )
    });
    type Pick = fn(&VariantResult, &Delta) -> (f64, f64);
    type Of = fn(&VariantResult) -> &LatencySummary;
    type Moved = fn(&Delta) -> f64;
    let latency: [(&str, Percentile, Of, Moved); 4] = [
        (
            "Latency, cold p50",
            P50,
            |v| &v.latency_ms.cold,
            |d| d.cold_p50_ms,
        ),
        (
            "Latency, cold p90",
            P90,
            |v| &v.latency_ms.cold,
            |d| d.cold_p90_ms,
        ),
        (
            "Latency, cold p99",
            P99,
            |v| &v.latency_ms.cold,
            |d| d.cold_p99_ms,
        ),
        (
            "Latency, all p99",
            P99,
            |v| &v.latency_ms.all,
            |d| d.all_p99_ms,
        ),
    ];
    let base = c.variants.first();
    for (label, p, of, delta) in latency {
        t.add(label, "ms (n)", false, |(v, d)| {
            let s = of(v);
            let n = format::count(s.count);
            // A change is only shown when both sides support the percentile.
            let base_ok = base.is_some_and(|b| of(b).at(&p).is_some());
            match s.at(&p) {
                Some(value) if base_ok => format!(
                    "{} ({}, n = {n})",
                    format::ms(value, s.count),
                    signed_ms(delta(d))
                ),
                Some(value) => format!("{} (n = {n})", format::ms(value, s.count)),
                None => format!("{} (n = {n})", format::NONE),
            }
        });
    }
    let phases: [(ColdStartPhase, Pick); 3] = [
        (ColdStartPhase::CodeFetch, |v, d| {
            (v.phases_ms.code_fetch.mean, d.code_fetch_mean_ms)
        }),
        (ColdStartPhase::Bootstrap, |v, d| {
            (v.phases_ms.bootstrap.mean, d.bootstrap_mean_ms)
        }),
        (ColdStartPhase::Init, |v, d| {
            (v.phases_ms.init.mean, d.init_mean_ms)
        }),
    ];
    for (phase, pick) in phases {
        t.add(labels::phase(phase).label, "ms mean", true, |(v, d)| {
            let (value, delta) = pick(v, d);
            with_delta(format::ms(value, 1), signed_ms(delta))
        });
    }
    t.add("Cost", "USD", false, |(v, d)| {
        let sign = if d.cost_usd > 0.0 { "+" } else { "" };
        with_delta(
            format::usd(v.cost_usd),
            format!("{sign}{}", format::usd(d.cost_usd)),
        )
    });
    Table {
        columns: c.variants.iter().map(|v| v.name.clone()).collect(),
        rows: t.rows,
    }
}

impl Table {
    /// The table as aligned text for a terminal: labels (nested ones indented) and units
    /// left-aligned, one right-aligned column per variant under its name.
    pub fn to_text(&self) -> String {
        let width = |s: &str| s.chars().count();
        let labels: Vec<String> = (self.rows.iter())
            .map(|r| {
                let indent = if r.nested { NEST_INDENT } else { "" };
                format!("{indent}{}", r.label)
            })
            .collect();
        let label_w = labels.iter().map(|l| width(l)).max().unwrap_or(0);
        let unit_w = self.rows.iter().map(|r| width(r.unit)).max().unwrap_or(0);
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                (self.rows.iter())
                    .filter_map(|r| r.cells.get(i).map(|c| width(c)))
                    .chain([width(&self.columns[i])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let mut line = |label: &str, unit: &str, cells: &[String]| {
            let mut text = format!("{label:<label_w$}  {unit:<unit_w$}");
            for (cell, w) in cells.iter().zip(&widths) {
                text.push_str(&format!("  {cell:>w$}"));
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line("", "", &self.columns);
        for (label, row) in labels.iter().zip(&self.rows) {
            line(label, row.unit, &row.cells);
        }
        out
    }

    /// The table as CSV: `figure,unit`, then one column per variant, cells as shown.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("figure,unit");
        for c in &self.columns {
            out.push(',');
            out.push_str(&csv::field(c));
        }
        out.push('\n');
        for r in &self.rows {
            let cells: Vec<String> = [r.label.as_str(), r.unit]
                .into_iter()
                .chain(r.cells.iter().map(String::as_str))
                .map(csv::field)
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cell_per_variant_and_causes_share_the_invocations() {
        let mut a = Report {
            requests: 1000,
            cold_starts: 40,
            cold_start_ratio: 0.04,
            ..Report::default()
        };
        a.cold_by_cause.first = 10;
        a.cold_by_cause.scale_out = 30;
        a.latency_ms.cold.count = 40;
        a.latency_ms.cold.p50 = 812.4;
        let b = Report::default();
        let t = summary(&[("zip", &a), ("image", &b)]);
        assert_eq!(t.columns, ["zip", "image"]);
        assert!(t.rows.iter().all(|r| r.cells.len() == 2));
        let cell = |label: &str, i: usize| {
            (t.rows.iter())
                .find(|r| r.label == label)
                .map(|r| r.cells[i].clone())
                .unwrap()
        };
        assert_eq!(cell("Cold starts", 0), "40 (4.00 %)");
        assert_eq!(cell("first request", 0), "10 (1.00 %)");
        assert_eq!(cell("scale-out", 0), "30 (3.00 %)");
        assert_eq!(
            cell("Latency, cold", 0),
            "812 / – / – (n = 40)",
            "40 cold starts support a median, not a p99 or a p99.9"
        );
        assert_eq!(
            cell("Latency, cold", 1),
            "– / – / – (n = 0)",
            "no cold requests"
        );
        assert_eq!(cell("Cost per million requests", 1), "–");
    }

    #[test]
    fn text_puts_every_cell_under_its_column() {
        let t = Table {
            columns: vec!["zip".into(), "a longer name".into()],
            rows: vec![
                Row {
                    label: "Requests".into(),
                    unit: "count",
                    cells: vec!["1,000".into(), "7".into()],
                    nested: false,
                },
                Row {
                    label: "scale-out".into(),
                    unit: "",
                    cells: vec!["3".into(), "12,345".into()],
                    nested: true,
                },
            ],
        };
        let text = t.to_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        let end_of = |line: &str, cell: &str| line.find(cell).map(|i| i + cell.len());
        assert_eq!(end_of(lines[0], "a longer name"), Some(lines[0].len()));
        assert_eq!(end_of(lines[1], "7"), Some(lines[1].len()));
        assert_eq!(end_of(lines[2], "12,345"), Some(lines[2].len()));
        assert!(
            lines[2].starts_with("  scale-out"),
            "nested rows are indented"
        );
    }
}
