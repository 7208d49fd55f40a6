//! Packaging comparisons: the same function and workload shipped as a zip, an image or with
//! SnapStart, run with common random numbers, and each variant's deltas to the first.
//!
//! [`compare`] runs full simulations. The engine draws arrivals and handler durations from their
//! own random streams (see `simulation`), so variants that differ only in packaging see the same
//! requests with the same handler times: every difference in the results comes from the
//! init-cost model (and from what longer cold starts do to concurrency). Why two of the reports
//! differ is [`crate::explain`]'s; cost against size without the engine is [`crate::sweep`]'s.

pub mod replication;

use crate::error::ScenarioError;
use crate::package::Package;
use crate::report::{CdfPoint, Latencies, PhaseSummaries, Report};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Results of a comparison: one entry per variant, in input order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// What each variant produced.
    pub variants: Vec<VariantResult>,
    /// Each variant minus the first (the first entry is all zeros).
    pub deltas: Vec<Delta>,
}

/// The packaging-relevant part of one variant's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantResult {
    /// Scenario name.
    pub name: String,
    /// The variant's package.
    pub package: Package,
    /// Whether the variant uses SnapStart.
    pub snapstart: bool,
    /// Arrivals (equal across variants: common random numbers).
    pub requests: u64,
    /// Cold starts.
    pub cold_starts: u64,
    /// Cold starts per started invocation.
    pub cold_start_ratio: f64,
    /// Latency of all, cold and warm requests, ms.
    pub latency_ms: Latencies,
    /// Durations of each cold-start phase, ms.
    pub phases_ms: PhaseSummaries,
    /// Total cost, USD.
    pub cost_usd: f64,
    /// Latency CDF of cold requests.
    pub cold_latency_cdf: Vec<CdfPoint>,
}

/// A variant minus the first variant; positive means slower, more or dearer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// Variant name.
    pub name: String,
    /// Cold-start latency p50, ms.
    pub cold_p50_ms: f64,
    /// Cold-start latency p90, ms.
    pub cold_p90_ms: f64,
    /// Cold-start latency p99, ms.
    pub cold_p99_ms: f64,
    /// Latency p99 over all requests, ms.
    pub all_p99_ms: f64,
    /// Mean code fetch per cold start, ms.
    pub code_fetch_mean_ms: f64,
    /// Mean bootstrap (or restore) per cold start, ms.
    pub bootstrap_mean_ms: f64,
    /// Mean function init (or restore hooks) per cold start, ms.
    pub init_mean_ms: f64,
    /// Cold starts.
    pub cold_starts: i64,
    /// Total cost, USD.
    pub cost_usd: f64,
}

/// Why variants cannot be compared. Each error names the variant by its index in the input, so
/// a caller can point at the file or the page's variant it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    /// No variant was given.
    Empty,
    /// Variant `index` differs from variant 0 in `field`, a top-level field other than `name`,
    /// `package` and `snapstart`: the common random numbers would no longer make the deltas
    /// attributable to packaging.
    Differs {
        /// The variant, in input order (at least 1).
        index: usize,
        /// The first top-level field that differs, e.g. `function` or `seed`.
        field: &'static str,
    },
    /// Variant `index` cannot run: it does not validate, or it is too big.
    Variant {
        /// The variant, in input order.
        index: usize,
        /// Its own error, with the field path inside the scenario.
        error: ScenarioError,
    },
}

impl CompareError {
    /// The variant the error is about, if any.
    pub fn index(&self) -> Option<usize> {
        match self {
            CompareError::Empty => None,
            CompareError::Differs { index, .. } | CompareError::Variant { index, .. } => {
                Some(*index)
            }
        }
    }
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareError::Empty => write!(f, "compare needs at least one scenario"),
            CompareError::Differs { index, field } => write!(
                f,
                "variants[{index}].{field} differs from variants[0]: compared variants may \
                 differ only in name, package and snapstart, so that every difference in the \
                 results comes from the init-cost model"
            ),
            CompareError::Variant { index, error } => match error {
                ScenarioError::Invalid { path, value, rule } => {
                    write!(f, "variants[{index}].{path} = {value}: {rule}")
                }
                other => write!(f, "variants[{index}]: {other}"),
            },
        }
    }
}

impl std::error::Error for CompareError {}

/// Runs `variants` (at least one) that differ only in `name`, `package` and `snapstart`, and
/// reports each with its deltas to the first. Any other difference (seed, workload, function,
/// platform…) is refused, naming the variant and the first differing field: it would break the
/// common random numbers that make the deltas attributable to packaging.
pub fn compare(variants: &[Scenario]) -> Result<Comparison, CompareError> {
    compare_with_reports(variants).map(|(comparison, _)| comparison)
}

/// [`compare`], also returning each variant's full report, in input order: what
/// [`crate::explain::explain`] needs (causes, throttles, errors) beyond the packaging summary,
/// without running twice.
pub fn compare_with_reports(
    variants: &[Scenario],
) -> Result<(Comparison, Vec<Report>), CompareError> {
    let Some(first) = variants.first() else {
        return Err(CompareError::Empty);
    };
    for (index, v) in variants.iter().enumerate().skip(1) {
        if let Some(field) = first_difference(first, v) {
            return Err(CompareError::Differs { index, field });
        }
    }
    let reports = (variants.iter().enumerate())
        .map(|(index, v)| crate::run(v).map_err(|error| CompareError::Variant { index, error }))
        .collect::<Result<Vec<_>, _>>()?;
    let results: Vec<VariantResult> = variants
        .iter()
        .zip(&reports)
        .map(|(v, r)| summarise(v, r))
        .collect();
    let deltas = results.iter().map(|r| delta(&results[0], r)).collect();
    let comparison = Comparison {
        variants: results,
        deltas,
    };
    Ok((comparison, reports))
}

/// The first top-level field other than name, package and snapstart where `b` differs from `a`.
fn first_difference(a: &Scenario, b: &Scenario) -> Option<&'static str> {
    let fields: [(&str, bool); 9] = [
        ("seed", a.seed == b.seed),
        ("duration_s", a.duration_s == b.duration_s),
        ("workload", a.workload == b.workload),
        ("function", a.function == b.function),
        ("platform", a.platform == b.platform),
        ("provisioned", a.provisioned == b.provisioned),
        ("invocation", a.invocation == b.invocation),
        ("prices", a.prices == b.prices),
        ("output", a.output == b.output),
    ];
    fields.iter().find(|(_, same)| !same).map(|(f, _)| *f)
}

fn summarise(s: &Scenario, r: &Report) -> VariantResult {
    VariantResult {
        name: s.name.clone(),
        package: s.package.clone(),
        snapstart: s.snapstart.is_some(),
        requests: r.requests,
        cold_starts: r.cold_starts,
        cold_start_ratio: r.cold_start_ratio,
        latency_ms: r.latency_ms.clone(),
        phases_ms: r.phases_ms.clone(),
        cost_usd: r.cost_usd.total,
        cold_latency_cdf: r.cold_latency_cdf.clone(),
    }
}

fn delta(base: &VariantResult, v: &VariantResult) -> Delta {
    let (b, c) = (&base.latency_ms.cold, &v.latency_ms.cold);
    let (bp, vp) = (&base.phases_ms, &v.phases_ms);
    Delta {
        name: v.name.clone(),
        cold_p50_ms: c.p50 - b.p50,
        cold_p90_ms: c.p90 - b.p90,
        cold_p99_ms: c.p99 - b.p99,
        all_p99_ms: v.latency_ms.all.p99 - base.latency_ms.all.p99,
        code_fetch_mean_ms: vp.code_fetch.mean - bp.code_fetch.mean,
        bootstrap_mean_ms: vp.bootstrap.mean - bp.bootstrap.mean,
        init_mean_ms: vp.init.mean - bp.init.mean,
        cold_starts: v.cold_starts as i64 - base.cold_starts as i64,
        cost_usd: v.cost_usd - base.cost_usd,
    }
}
