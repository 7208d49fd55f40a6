//! Downloads: per-request CSV, time-series CSV, the JSON report, and the file names, which name
//! the scenario so a folder of exports stays readable.

use coldstart_core::report::{ColdCause, Outcome};
use coldstart_core::{Report, Scenario};
use std::fmt::Write as _;

/// Longest file-name stem, in characters, before the chart or data suffix.
const MAX_STEM: usize = 60;

/// A file-name-safe stem naming the compared variants: `node-zip-vs-node-image`.
pub fn file_stem(names: &[&str]) -> String {
    let joined = names
        .iter()
        .map(|n| slug(n))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    let mut stem = if joined.is_empty() {
        "coldstart".to_string()
    } else {
        joined.join("-vs-")
    };
    if stem.chars().count() > MAX_STEM {
        stem = stem
            .chars()
            .take(MAX_STEM)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string();
    }
    stem
}

/// Lower-case ASCII letters and digits, other runs of characters as one `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn cause_name(c: Option<ColdCause>) -> &'static str {
    match c {
        None => "warm",
        Some(ColdCause::First) => "first",
        Some(ColdCause::ScaleOut) => "scale_out",
        Some(ColdCause::KeepAliveExpired) => "keep_alive_expired",
        Some(ColdCause::LifetimeExpired) => "lifetime_expired",
        Some(ColdCause::Reset) => "reset",
    }
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Ok => "ok",
        Outcome::Error => "error",
        Outcome::Throttled => "throttled",
        Outcome::Dropped => "dropped",
    }
}

/// A CSV field: quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The sampled requests of every variant, one row each, times in milliseconds.
pub fn requests_csv(variants: &[(&str, &Report)]) -> String {
    let mut out = String::from(
        "variant,id,arrival_ms,start_ms,end_ms,latency_ms,start,outcome,retries,env_id,provisioned,microvm_ms,code_fetch_ms,bootstrap_ms,init_ms,handler_ms\n",
    );
    for (name, report) in variants {
        let name = csv_field(name);
        for r in &report.samples {
            let p = &r.phases;
            let _ = writeln!(
                out,
                "{name},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                r.id,
                r.arrival.as_ms_f64(),
                r.start.as_ms_f64(),
                r.end.as_ms_f64(),
                r.end.saturating_sub(r.arrival).as_ms_f64(),
                cause_name(r.cold),
                outcome_name(r.outcome),
                r.retries,
                r.env_id.map(|e| e.to_string()).unwrap_or_default(),
                r.provisioned,
                p.microvm.as_ms_f64(),
                p.code_fetch.as_ms_f64(),
                p.bootstrap.as_ms_f64(),
                p.init.as_ms_f64(),
                p.handler.as_ms_f64(),
            );
        }
    }
    out
}

/// The time series of every variant, one row per bucket.
pub fn timeseries_csv(variants: &[(&str, &Report)]) -> String {
    let mut out = String::from(
        "variant,bucket_start_s,arrivals,cold_starts,throttles,busy,idle,provisioned,concurrency_limit,warm_min_ms,warm_max_ms,cold_min_ms,cold_max_ms\n",
    );
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for (name, report) in variants {
        let name = csv_field(name);
        let ts = &report.timeseries;
        for i in 0..ts.arrivals.len() {
            let warm = ts.warm_latency_ms.get(i).copied().flatten();
            let cold = ts.cold_latency_ms.get(i).copied().flatten();
            let _ = writeln!(
                out,
                "{name},{},{},{},{},{},{},{},{},{},{},{},{}",
                i as f64 * ts.bucket_s,
                ts.arrivals[i],
                ts.cold_starts.get(i).copied().unwrap_or(0),
                ts.throttles.get(i).copied().unwrap_or(0),
                ts.busy.get(i).copied().unwrap_or(0.0),
                ts.idle.get(i).copied().unwrap_or(0.0),
                ts.provisioned.get(i).copied().unwrap_or(0.0),
                ts.concurrency_limit
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                opt(warm.map(|w| w.0)),
                opt(warm.map(|w| w.1)),
                opt(cold.map(|c| c.0)),
                opt(cold.map(|c| c.1)),
            );
        }
    }
    out
}

/// Every variant's scenario and full report, pretty-printed.
pub fn report_json(variants: &[(&Scenario, &Report)]) -> Result<String, serde_json::Error> {
    let items: Vec<serde_json::Value> = variants
        .iter()
        .map(|(s, r)| serde_json::json!({ "scenario": s, "report": r }))
        .collect();
    serde_json::to_string_pretty(&items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use coldstart_core::Micros;
    use coldstart_core::report::{Phases, RequestRecord};

    #[test]
    fn file_stems_name_the_variants_safely() {
        assert_eq!(
            file_stem(&["Node API (zip)", "Node API (image)"]),
            "node-api-zip-vs-node-api-image"
        );
        assert_eq!(file_stem(&["../../etc", "   "]), "etc");
        assert_eq!(file_stem(&[]), "coldstart");
        assert!(file_stem(&["a".repeat(200).as_str()]).len() <= MAX_STEM);
    }

    #[test]
    fn requests_csv_has_one_row_per_sample_and_quotes_names() {
        let report = Report {
            samples: vec![RequestRecord {
                id: 3,
                arrival: Micros::from_ms(10),
                start: Micros::from_ms(10),
                end: Micros::from_ms(1_210),
                cold: Some(ColdCause::First),
                phases: Phases {
                    handler: Micros::from_ms(200),
                    ..Phases::default()
                },
                env_id: Some(0),
                provisioned: false,
                outcome: Outcome::Ok,
                retries: 0,
            }],
            ..Report::default()
        };
        let csv = requests_csv(&[("a, \"b\"", &report)]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[1].starts_with("\"a, \"\"b\"\"\",3,10,10,1210,1200,first,ok,0,0,false,"),
            "{}",
            lines[1]
        );
        assert_eq!(
            lines[0].split(',').count(),
            lines[1].split(',').count() - 1,
            "the quoted name holds one comma"
        );
    }
}
