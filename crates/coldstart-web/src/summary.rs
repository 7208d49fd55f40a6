//! The summary table: one column per variant, one row per figure, each with its unit. A plain
//! model so it can be tested natively; `dom` turns it into table elements.

use coldstart_core::Report;
use coldstart_core::report::LatencySummary;
use coldstart_prose::format;

/// One row: a figure and its unit, with one cell per variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What the figure is.
    pub label: &'static str,
    /// Its unit.
    pub unit: &'static str,
    /// One formatted value per variant.
    pub cells: Vec<String>,
    /// Indented under the previous heading row.
    pub nested: bool,
}

/// The table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Variant names, in column order.
    pub columns: Vec<String>,
    /// Rows in display order.
    pub rows: Vec<Row>,
}

/// Picks a count out of a report.
type CountOf = fn(&Report) -> u64;
/// Picks a latency summary out of a report.
type LatencyOf = fn(&Report) -> &LatencySummary;

/// Builds the table for named reports.
pub fn table(variants: &[(&str, &Report)]) -> Table {
    let mut rows = Vec::new();
    let mut row = |label, unit, nested, f: &dyn Fn(&Report) -> String| {
        rows.push(Row {
            label,
            unit,
            nested,
            cells: variants.iter().map(|(_, r)| f(r)).collect(),
        });
    };
    row("Requests", "count", false, &|r| format::count(r.requests));
    row("Cold starts", "of invocations", false, &|r| {
        format!(
            "{} ({})",
            format::count(r.cold_starts),
            format::percent(r.cold_start_ratio)
        )
    });
    let by_cause: [(&str, CountOf); 5] = [
        ("first request", |r| r.cold_by_cause.first),
        ("scale-out", |r| r.cold_by_cause.scale_out),
        ("keep-alive expired", |r| r.cold_by_cause.keep_alive_expired),
        ("lifetime expired", |r| r.cold_by_cause.lifetime_expired),
        ("reset (crash or timeout)", |r| r.cold_by_cause.reset),
    ];
    for (label, get) in by_cause {
        row(label, "of invocations", true, &move |r| {
            format::percent(cause_ratio(r, get(r)))
        });
    }
    let latency: [(&str, LatencyOf); 3] = [
        ("Latency, all", |r| &r.latency_ms.all),
        ("Latency, cold", |r| &r.latency_ms.cold),
        ("Latency, warm", |r| &r.latency_ms.warm),
    ];
    for (label, get) in latency {
        row(label, "ms p50 / p99 / p99.9", false, &move |r| {
            let s = get(r);
            format!(
                "{} / {} / {}",
                format::ms(s.p50, s.count),
                format::ms(s.p99, s.count),
                format::ms(s.p999, s.count)
            )
        });
    }
    row("Throttles", "events", false, &|r| {
        format::count(r.throttled)
    });
    row("Dropped or refused", "requests", false, &|r| {
        format::count(r.dropped)
    });
    row("Errors", "requests", false, &|r| format::count(r.errors));
    row("Environments created", "count", false, &|r| {
        format::count(r.environments.created)
    });
    row("Peak concurrency", "environments", false, &|r| {
        format::count(u64::from(r.environments.peak_concurrency))
    });
    row("Cost", "USD", false, &|r| format::usd(r.cost_usd.total));
    row("Cost per million requests", "USD", true, &|r| {
        if r.requests == 0 {
            "–".to_string()
        } else {
            format::usd(r.cost_usd.total / r.requests as f64 * PER_MILLION)
        }
    });
    Table {
        columns: variants
            .iter()
            .map(|(name, _)| (*name).to_string())
            .collect(),
        rows,
    }
}

/// Requests in a million, for the per-million cost.
const PER_MILLION: f64 = 1_000_000.0;

/// Cold starts of one cause per started invocation. The report gives the overall ratio, so the
/// number of started invocations is `cold_starts / cold_start_ratio`.
fn cause_ratio(r: &Report, count: u64) -> f64 {
    if r.cold_starts == 0 || r.cold_start_ratio <= 0.0 {
        return 0.0;
    }
    let started = r.cold_starts as f64 / r.cold_start_ratio;
    count as f64 / started
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cell_per_variant_and_causes_add_up() {
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
        let t = table(&[("zip", &a), ("image", &b)]);
        assert_eq!(t.columns, ["zip", "image"]);
        assert!(t.rows.iter().all(|r| r.cells.len() == 2));
        let cell = |label: &str, i: usize| {
            t.rows
                .iter()
                .find(|r| r.label == label)
                .map(|r| r.cells[i].clone())
                .unwrap()
        };
        assert_eq!(cell("Cold starts", 0), "40 (4.00 %)");
        assert_eq!(cell("first request", 0), "1.00 %");
        assert_eq!(cell("scale-out", 0), "3.00 %");
        assert_eq!(cell("Latency, cold", 0), "812 / 0.00 / 0.00");
        assert_eq!(
            cell("Latency, cold", 1),
            "– / – / –",
            "no cold requests: no figures"
        );
        assert_eq!(cell("Cost per million requests", 1), "–");
    }
}
