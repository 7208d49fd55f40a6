//! The CSV files, written once for the page's downloads and the CLI's `--format csv…`: the time
//! series, the per-request records, the comparison and the size sweep. Their columns are the
//! ones docs/cli.md documents; one quoting rule ([`field`]) and one rule for "none" (an empty
//! cell, never a 0 that reads as a measurement).
//!
//! Numbers are written in full (Rust's shortest round-trip form), not rounded for reading: a CSV
//! feeds a script.

use crate::labels;
use coldstart_core::Report;
use coldstart_core::compare::Comparison;
use coldstart_core::plan::memory::MemoryPlan;
use coldstart_core::plan::packaging::PackagingPlan;
use coldstart_core::plan::provisioned::{Candidate, ProvisionedPlan};
use coldstart_core::plan::schedule::SchedulePlan;
use coldstart_core::report::{RequestRecord, TimeSeries};
use coldstart_core::sweep::SweepPoint;

/// Columns of the time-series CSV, one row per bucket of `output.bucket_s` seconds.
pub const TIMESERIES_COLUMNS: &str = "variant,start_s,arrivals,cold_starts,throttles,busy,idle,\
provisioned,concurrency_limit,warm_min_ms,warm_max_ms,cold_min_ms,cold_max_ms";

/// Columns of the per-request CSV, one row per request.
pub const REQUEST_COLUMNS: &str = "variant,id,arrival_ms,start_ms,end_ms,latency_ms,cold_cause,\
microvm_ms,code_fetch_ms,bootstrap_ms,init_ms,handler_ms,env_id,provisioned,outcome,retries";

/// Columns of the comparison CSV: a variant's figures, then its deltas to the first.
pub const COMPARISON_COLUMNS: &str = "variant,package,snapstart,requests,cold_starts,\
cold_start_ratio,cold_p50_ms,cold_p90_ms,cold_p99_ms,all_p99_ms,code_fetch_mean_ms,\
bootstrap_mean_ms,init_mean_ms,cost_usd,delta_cold_p50_ms,delta_cold_p99_ms,delta_all_p99_ms,\
delta_cold_starts,delta_cost_usd";

/// Columns of the size-sweep CSV, one row per (series, size).
pub const SWEEP_COLUMNS: &str = "series,size_mb,p50_ms,p99_ms,mean_ms,refused";

/// Columns of the provisioned-concurrency plan's CSV, one row per simulated count.
pub const PLAN_PROVISIONED_COLUMNS: &str = "count,metric,target_max,meets,answer,cold_share,\
p99_ms,spillovers,utilization,run_cost_usd,monthly_usd";

/// Columns of the hourly provisioned-concurrency plan's CSV: one row for on-demand, one for the
/// least constant count, one per simulated schedule (`counts`: per hour, space-separated).
pub const PLAN_SCHEDULE_COLUMNS: &str = "kind,rung,safety,mean_count,counts,metric,target_max,\
meets,answer,cold_share,p99_ms,spillovers,run_cost_usd,monthly_usd";

/// Columns of the memory plan's CSV, one row per simulated size.
pub const PLAN_MEMORY_COLUMNS: &str = "memory_mb,handler_factor,requests,cost_per_million_usd,\
monthly_usd,warm_p50_ms,cold_p99_ms,all_p99_ms,all_mean_ms,cold_share,meets,cheapest,fastest";

/// Columns of the packaging plan's CSV, one row per packaging.
pub const PLAN_PACKAGING_COLUMNS: &str = "packaging,metric,target_max,meets,cheapest_meeting,\
cold_share,cold_p50_ms,all_p99_ms,run_cost_usd,monthly_usd,refused";

/// A field as CSV writes it: quoted when it holds a separator, quote or line break, with quotes
/// doubled (RFC 4180).
pub fn field(s: &str) -> String {
    // A cell a spreadsheet would read as a formula (`=1+2`, `+cmd`, `-2+3`, `@SUM`, or after a
    // tab or carriage return) is a CSV-injection risk when the text is a user's (a scenario
    // name from a share link): it gets a leading apostrophe, as OWASP's CSV-injection guidance
    // recommends, and quotes. Plain numbers, negative ones included, stay numbers.
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && coldstart_core::number::parse_f64(s).is_none();
    if formula {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A value, or an empty cell for none.
fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Appends one line of cells, comma-separated.
fn line(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(","));
    out.push('\n');
}

/// The time series of every variant, one row per bucket. Empty cells mean "none": no limit, no
/// request of that kind in the bucket.
pub fn timeseries(variants: &[(&str, &Report)]) -> String {
    let mut out = format!("{TIMESERIES_COLUMNS}\n");
    for (name, report) in variants {
        write_timeseries(&mut out, name, &report.timeseries);
    }
    out
}

fn write_timeseries(out: &mut String, name: &str, ts: &TimeSeries) {
    for i in 0..ts.arrivals.len() {
        let range = |v: &[Option<(f64, f64)>]| match v.get(i).copied().flatten() {
            Some((lo, hi)) => [lo.to_string(), hi.to_string()],
            None => [String::new(), String::new()],
        };
        let [warm_lo, warm_hi] = range(&ts.warm_latency_ms);
        let [cold_lo, cold_hi] = range(&ts.cold_latency_ms);
        line(
            out,
            &[
                field(name),
                (i as f64 * ts.bucket_s).to_string(),
                opt(ts.arrivals.get(i)),
                opt(ts.cold_starts.get(i)),
                opt(ts.throttles.get(i)),
                opt(ts.busy.get(i)),
                opt(ts.idle.get(i)),
                opt(ts.provisioned.get(i)),
                opt(ts.concurrency_limit.get(i).copied().flatten()),
                warm_lo,
                warm_hi,
                cold_lo,
                cold_hi,
            ],
        );
    }
}

/// The header line of the per-request CSV, for a writer that streams the rows after it.
pub fn requests_header() -> String {
    format!("{REQUEST_COLUMNS}\n")
}

/// The sampled requests of every variant, one row each. Times are milliseconds from the start of
/// the run; `cold_cause` is empty for a warm start, `env_id` for a request that never ran.
pub fn requests(variants: &[(&str, &Report)]) -> String {
    let mut out = requests_header();
    for (name, report) in variants {
        for r in &report.samples {
            write_request(&mut out, name, r);
        }
    }
    out
}

/// Appends one request's row (with its `variant` cell) to `out`.
pub fn write_request(out: &mut String, name: &str, r: &RequestRecord) {
    let p = &r.phases;
    line(
        out,
        &[
            field(name),
            r.id.to_string(),
            r.arrival.as_ms_f64().to_string(),
            r.start.as_ms_f64().to_string(),
            r.end.as_ms_f64().to_string(),
            r.end.saturating_sub(r.arrival).as_ms_f64().to_string(),
            opt(r.cold.map(|c| labels::cause(c).id)),
            p.microvm.as_ms_f64().to_string(),
            p.code_fetch.as_ms_f64().to_string(),
            p.bootstrap.as_ms_f64().to_string(),
            p.init.as_ms_f64().to_string(),
            p.handler.as_ms_f64().to_string(),
            opt(r.env_id),
            r.provisioned.to_string(),
            labels::outcome(r.outcome).id.to_string(),
            r.retries.to_string(),
        ],
    );
}

/// The package kind of a compared variant, as the CSV and the table name it.
pub fn package_kind(p: &coldstart_core::Package) -> &'static str {
    match p {
        coldstart_core::Package::Zip { .. } => "zip",
        coldstart_core::Package::Image { .. } => "image",
    }
}

/// One row per compared variant: its figures, then its deltas to the first variant.
pub fn comparison(c: &Comparison) -> String {
    let mut out = format!("{COMPARISON_COLUMNS}\n");
    for (v, d) in c.variants.iter().zip(&c.deltas) {
        line(
            &mut out,
            &[
                field(&v.name),
                package_kind(&v.package).to_string(),
                v.snapstart.to_string(),
                v.requests.to_string(),
                v.cold_starts.to_string(),
                v.cold_start_ratio.to_string(),
                v.latency_ms.cold.p50.to_string(),
                v.latency_ms.cold.p90.to_string(),
                v.latency_ms.cold.p99.to_string(),
                v.latency_ms.all.p99.to_string(),
                v.phases_ms.code_fetch.mean.to_string(),
                v.phases_ms.bootstrap.mean.to_string(),
                v.phases_ms.init.mean.to_string(),
                v.cost_usd.to_string(),
                d.cold_p50_ms.to_string(),
                d.cold_p99_ms.to_string(),
                d.all_p99_ms.to_string(),
                d.cold_starts.to_string(),
                d.cost_usd.to_string(),
            ],
        );
    }
    out
}

/// One row per (series, size) of a size sweep; a refused size has empty figures and the reason.
pub fn sweep(points: &[SweepPoint]) -> String {
    let mut out = format!("{SWEEP_COLUMNS}\n");
    for p in points {
        line(
            &mut out,
            &[
                p.series.name().to_string(),
                p.size_mb.to_string(),
                opt(p.p50_ms),
                opt(p.p99_ms),
                opt(p.mean_ms),
                p.refused.as_deref().map(field).unwrap_or_default(),
            ],
        );
    }
    out
}

/// One row per simulated provisioned count, ascending; `answer` is true on the least count
/// meeting the target.
pub fn plan_provisioned(plan: &ProvisionedPlan) -> String {
    let mut out = format!("{PLAN_PROVISIONED_COLUMNS}\n");
    for c in &plan.series {
        line(
            &mut out,
            &[
                c.count.to_string(),
                c.metric.to_string(),
                plan.target.max().to_string(),
                c.meets.to_string(),
                (plan.answer == Some(c.count)).to_string(),
                c.cold_share.to_string(),
                opt(c.p99_ms),
                c.spillovers.to_string(),
                opt(c.utilization),
                c.run_cost_usd.to_string(),
                c.monthly_usd.to_string(),
            ],
        );
    }
    out
}

/// On-demand, the least constant count (when one meets the target), then every simulated hourly
/// schedule by rung.
pub fn plan_schedule(plan: &SchedulePlan) -> String {
    let mut out = format!("{PLAN_SCHEDULE_COLUMNS}\n");
    let max = plan.target.max().to_string();
    let hours = plan.slots.len();
    let constant = |c: &Candidate, kind: &str| {
        let counts = vec![c.count.to_string(); hours].join(" ");
        [
            kind.to_string(),
            String::new(),
            String::new(),
            c.count.to_string(),
            counts,
            c.metric.to_string(),
            max.clone(),
            c.meets.to_string(),
            "false".to_string(),
            c.cold_share.to_string(),
            opt(c.p99_ms),
            c.spillovers.to_string(),
            c.run_cost_usd.to_string(),
            c.monthly_usd.to_string(),
        ]
    };
    line(&mut out, &constant(&plan.constant.on_demand, "on_demand"));
    if let Some(c) = plan.constant.at_answer.as_ref().filter(|c| c.count > 0) {
        line(&mut out, &constant(c, "constant"));
    }
    let answer = plan.answer.as_ref().map(|a| a.rung);
    for c in &plan.series {
        let counts: Vec<String> = c.counts.iter().map(u32::to_string).collect();
        line(
            &mut out,
            &[
                "hourly".to_string(),
                c.rung.to_string(),
                c.safety.to_string(),
                c.mean_count.to_string(),
                counts.join(" "),
                c.metric.to_string(),
                max.clone(),
                c.meets.to_string(),
                (answer == Some(c.rung)).to_string(),
                c.cold_share.to_string(),
                opt(c.p99_ms),
                c.spillovers.to_string(),
                c.run_cost_usd.to_string(),
                c.monthly_usd.to_string(),
            ],
        );
    }
    out
}

/// One row per simulated memory size, ascending; `meets` is empty without a target.
pub fn plan_memory(plan: &MemoryPlan) -> String {
    let mut out = format!("{PLAN_MEMORY_COLUMNS}\n");
    for p in &plan.points {
        line(
            &mut out,
            &[
                p.memory_mb.to_string(),
                p.handler_factor.to_string(),
                p.requests.to_string(),
                opt(p.cost_per_million_usd),
                p.monthly_usd.to_string(),
                opt(p.warm_p50_ms),
                opt(p.cold_p99_ms),
                opt(p.all_p99_ms),
                p.all_mean_ms.to_string(),
                p.cold_share.to_string(),
                opt(p.meets),
                (plan.cheapest_mb == Some(p.memory_mb)).to_string(),
                (plan.fastest_mb == Some(p.memory_mb)).to_string(),
            ],
        );
    }
    out
}

/// One row per packaging (zip, image, SnapStart); one that cannot exist has empty figures and
/// the reason.
pub fn plan_packaging(plan: &PackagingPlan) -> String {
    let mut out = format!("{PLAN_PACKAGING_COLUMNS}\n");
    for o in &plan.options {
        let r = o.result.as_ref();
        line(
            &mut out,
            &[
                o.packaging.name().to_string(),
                opt(r.map(|r| r.metric)),
                plan.target.max().to_string(),
                opt(r.map(|r| r.meets)),
                (plan.cheapest_meeting == Some(o.packaging)).to_string(),
                opt(r.map(|r| r.cold_share)),
                opt(r.and_then(|r| r.cold_p50_ms)),
                opt(r.and_then(|r| r.all_p99_ms)),
                opt(r.map(|r| r.run_cost_usd)),
                opt(r.map(|r| r.monthly_usd)),
                o.refused.as_deref().map(field).unwrap_or_default(),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("zip"), "zip");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_defused() {
        assert_eq!(field("=1+2"), "\"'=1+2\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
        assert_eq!(field("-2+3"), "\"'-2+3\"");
        assert_eq!(field("\t=x"), "\"'\t=x\"");
        // Numbers stay numbers.
        assert_eq!(field("-1.5"), "-1.5");
        assert_eq!(field("api"), "api");
    }

    #[test]
    fn every_row_has_as_many_cells_as_the_header() {
        let mut report = Report::default();
        report.timeseries.bucket_s = 10.0;
        report.timeseries.arrivals = vec![3];
        let cells = |text: &str| {
            text.lines()
                .map(|l| l.split(',').count())
                .collect::<Vec<_>>()
        };
        let ts = timeseries(&[("a", &report)]);
        assert_eq!(cells(&ts), [13, 13], "{ts}");
        report.samples = vec![RequestRecord {
            id: 1,
            arrival: coldstart_core::Micros::ZERO,
            start: coldstart_core::Micros::ZERO,
            end: coldstart_core::Micros::ZERO,
            cold: None,
            phases: Default::default(),
            env_id: None,
            provisioned: false,
            outcome: coldstart_core::report::Outcome::Throttled,
            retries: 0,
            invocation: 1,
        }];
        let rq = requests(&[("a", &report)]);
        assert_eq!(cells(&rq), [16, 16], "{rq}");
    }
}
