//! Imported traffic as tables: what the file says ([`observed`]) and, for a Lambda log, the
//! observed cold starts beside the simulated ones ([`model_check`]). Same [`Table`] as the run
//! summary, so the page and the CLI render it the same way.

use crate::format;
use crate::table::{Row, Table};
use coldstart_core::traffic::{ColdStarts, ModelCheck, Observed, Quantiles};

/// `p50 / p99 (n)` of a set of measurements; "–" for a percentile the sample cannot support.
fn quantiles(q: Option<&Quantiles>) -> String {
    let Some(q) = q else {
        return format::NONE.to_string();
    };
    let cell =
        |v: Option<f64>| v.map_or_else(|| format::NONE.to_string(), |v| format::ms(v, q.count));
    format!(
        "{} / {} (n = {})",
        cell(q.p50),
        cell(q.p99),
        format::count(q.count)
    )
}

/// Seconds as a reader says them: `42 s`, `1.5 h`, `3 d`.
fn span(s: f64) -> String {
    if s >= 172_800.0 {
        format!("{} d", format::decimal(s / 86_400.0))
    } else if s >= 7_200.0 {
        format!("{} h", format::decimal(s / 3_600.0))
    } else if s >= 120.0 {
        format!("{} min", format::decimal(s / 60.0))
    } else {
        format!("{} s", format::decimal(s))
    }
}

/// What an imported file says, one column.
pub fn observed(o: &Observed) -> Table {
    let none = || format::NONE.to_string();
    let mut rows = vec![
        Row::new("Requests", "count", vec![format::count(o.requests)]),
        Row::new(
            "Cold starts",
            "of requests",
            vec![match (o.cold_starts, o.cold_share) {
                (Some(n), Some(share)) => {
                    format!("{} ({})", format::count(n), format::percent(share))
                }
                _ => "not in this format".to_string(),
            }],
        ),
        Row::new(
            "Init Duration",
            "ms p50 / p99 (n)",
            vec![quantiles(o.init_ms.as_ref())],
        ),
    ];
    if o.restore_ms.is_some() {
        rows.push(Row::new(
            "Restore Duration",
            "ms p50 / p99 (n)",
            vec![quantiles(o.restore_ms.as_ref())],
        ));
    }
    rows.extend([
        Row::new(
            "Handler",
            "ms p50 / p99 (n)",
            vec![quantiles(o.handler_ms.as_ref())],
        ),
        Row::new("Time span", "first to last arrival", vec![span(o.span_s)]),
        Row::new(
            "Memory",
            "MB configured / max used",
            vec![format!(
                "{} / {}",
                o.memory_mb
                    .map_or_else(none, |m| format::count(u64::from(m))),
                o.max_memory_used_mb
                    .map_or_else(none, |m| format::count(u64::from(m)))
            )],
        ),
        Row::new(
            "Skipped lines",
            "not records",
            vec![format::count(o.skipped_lines)],
        ),
    ]);
    if let Some(n) = o.functions {
        let with_durations = o.functions_with_durations.map_or_else(String::new, |d| {
            format!(", {} with durations", format::count(d))
        });
        rows.push(Row::new(
            "Functions",
            "merged into the workload",
            vec![format!("{}{with_durations}", format::count(n))],
        ));
    }
    if let Some(mb) = o.allocated_mb_p99 {
        rows.push(Row::new(
            "Allocated memory",
            "MB, the app's p99",
            vec![format::decimal(mb)],
        ));
    }
    Table {
        columns: vec![format!("observed ({})", o.format)],
        rows,
    }
}

/// Observed against simulated: cold-start share and Init Duration.
pub fn model_check(c: &ModelCheck) -> Table {
    let sides = [&c.observed, &c.simulated];
    let cells = |f: &dyn Fn(&ColdStarts) -> String| sides.iter().map(|s| f(s)).collect();
    Table {
        columns: vec!["observed".to_string(), "simulated".to_string()],
        rows: vec![
            Row::new(
                "Invocations",
                "count",
                cells(&|s| format::count(s.invocations)),
            ),
            Row::new(
                "Cold starts",
                "of invocations",
                cells(&|s| {
                    format!(
                        "{} ({})",
                        format::count(s.cold_starts),
                        format::percent(s.cold_share)
                    )
                }),
            ),
            Row::new(
                "Init Duration",
                "ms p50 / p99 (n)",
                cells(&|s| quantiles(s.init_ms.as_ref())),
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observed_table_of_a_csv_says_cold_starts_are_unknown() {
        let o = Observed {
            format: "csv".into(),
            requests: 1234,
            span_s: 90.0,
            ..Observed::default()
        };
        let text = observed(&o).to_text();
        assert!(text.contains("observed (csv)"), "{text}");
        assert!(text.contains("1,234"), "{text}");
        assert!(text.contains("not in this format"), "{text}");
        assert!(text.contains("90.00 s"), "{text}");
        assert!(!text.contains("Functions"), "not an Azure trace: {text}");
    }

    #[test]
    fn observed_table_of_azure_functions_says_how_many_and_their_memory() {
        let o = Observed {
            format: "azure2019".into(),
            requests: 172,
            functions: Some(3),
            functions_with_durations: Some(2),
            allocated_mb_p99: Some(212.4),
            ..Observed::default()
        };
        let t = observed(&o);
        let row = |label: &str| {
            t.rows
                .iter()
                .find(|r| r.label == label)
                .unwrap_or_else(|| panic!("no {label} row"))
                .cells[0]
                .clone()
        };
        assert_eq!(row("Functions"), "3, 2 with durations");
        assert_eq!(row("Allocated memory"), format::decimal(212.4));
    }

    #[test]
    fn model_check_has_two_columns() {
        let side = |n, share| ColdStarts {
            invocations: 1000,
            cold_starts: n,
            cold_share: share,
            init_ms: Quantiles::of(&mut vec![200.0, 300.0]),
        };
        let c = ModelCheck {
            observed: side(240, 0.24),
            simulated: side(250, 0.25),
        };
        let t = model_check(&c);
        assert_eq!(t.columns, ["observed", "simulated"]);
        assert_eq!(t.rows[1].cells, ["240 (24.0 %)", "250 (25.0 %)"]);
        assert_eq!(t.rows[2].cells[0], "200 / – (n = 2)");
    }
}
