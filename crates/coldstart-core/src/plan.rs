//! Planners: answers to the decisions people open a cold-start tool with — how much provisioned
//! concurrency ([`provisioned`]), which memory size ([`memory`]), zip, image or SnapStart
//! ([`packaging`]) — by simulating candidate scenarios, plus the price arithmetic they share
//! ([`break_even`], [`monthly_usd`]).
//!
//! Every planner is a pure function of the scenario and its settings:
//!
//! - **Common random numbers.** Candidates are clones of the scenario with one thing changed
//!   (the provisioned count, the memory, the package), same seed: they see the same arrivals and
//!   the same handler draws, so their differences are the decision's.
//! - **Batches.** Candidates go to a caller-supplied runner in batches (a whole round of a search
//!   at once), which returns one report per scenario, in order. [`in_order`] runs them one after
//!   the other; the CLI runs a batch on threads. Each run is deterministic and which candidates
//!   are run never depends on how a batch was run, so the plan is identical either way.
//! - **Bounded work.** Before simulating, a planner adds up the run budget's estimate of every run
//!   it may make and refuses past [`defaults::PLAN_MAX_RUNS`](crate::defaults::PLAN_MAX_RUNS) runs
//!   or [`defaults::PLAN_MAX_EVENTS`](crate::defaults::PLAN_MAX_EVENTS) events.
//! - **Errors name field, value and rule**, like the scenario's own (`target.cold_share`,
//!   `memory.sizes_mb[3]`, …).
//!
//! docs/planners.md explains each planner, its assumptions and its sources.

mod driver;
pub mod memory;
pub mod packaging;
pub mod provisioned;
pub mod schedule;

pub use driver::{Driver, Plan, Progress, Request};

use crate::defaults as d;
use crate::error::ScenarioError;
use crate::report::{P50, P99, Report};
use crate::scenario::{Architecture, Prices, Scenario};
use coldstart_engine::tagged;
use serde::{Deserialize, Serialize};

/// What a plan must achieve.
///
/// Read in one pass through [`TargetFields`] (`coldstart_engine::tagged`); written in the
/// tagged form.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "metric",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "coldstart_engine::tagged::Map<TargetFields>"
)]
pub enum Target {
    /// Cold starts per started invocation at most `max` (0 to 1).
    ColdShare {
        /// The largest acceptable share.
        max: f64,
    },
    /// The 99th percentile of the latency of all completed requests (cold starts included) at
    /// most `max` milliseconds.
    P99Ms {
        /// The largest acceptable p99, ms.
        max: f64,
    },
}

tagged::reader! {
    /// Both [`Target`]s' field, `Some` when present.
    struct TargetFields for Target called "target" tagged "metric" by TargetMetric {
        max: f64,
    }
    ColdShare = "cold_share" { max },
    P99Ms = "p99_ms" { max },
}

impl Target {
    /// Parses `cold-share=0.01` or `p99-ms=500` (also with underscores), as the CLI and share
    /// links write a target.
    pub fn parse(text: &str) -> Result<Target, ScenarioError> {
        let rule = "must be cold-share=<0 to 1> or p99-ms=<milliseconds>";
        let (metric, value) = text
            .split_once('=')
            .ok_or_else(|| ScenarioError::invalid("target", text, rule))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| ScenarioError::invalid("target", text, rule))?;
        let target = match metric.trim().replace('_', "-").as_str() {
            "cold-share" => Target::ColdShare { max: value },
            "p99-ms" => Target::P99Ms { max: value },
            _ => return Err(ScenarioError::invalid("target", text, rule)),
        };
        target.validate()?;
        Ok(target)
    }

    /// Checks the bound: a share from 0 to 1, a latency from 0 (exclusive) to a day.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        match *self {
            Target::ColdShare { max } => {
                if !(max.is_finite() && (0.0..=1.0).contains(&max)) {
                    return Err(ScenarioError::invalid(
                        "target.cold_share",
                        max,
                        "must be a share between 0 and 1",
                    ));
                }
            }
            Target::P99Ms { max } => {
                if !(max.is_finite() && max > 0.0 && max <= d::MAX_DIST_MS) {
                    return Err(ScenarioError::invalid(
                        "target.p99_ms",
                        max,
                        format!("must be greater than 0 and at most {} ms", d::MAX_DIST_MS),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The target's metric in a run: the cold-start share, or the p99 of all completed
    /// requests (`None` when fewer than 100 requests completed: the run cannot support a p99).
    pub fn measure(&self, m: &Measure) -> Option<f64> {
        match self {
            Target::ColdShare { .. } => Some(m.cold_share),
            Target::P99Ms { .. } => m.all_p99_ms,
        }
    }

    /// Whether a measured value meets the target.
    pub fn met_by(&self, value: f64) -> bool {
        match *self {
            Target::ColdShare { max } | Target::P99Ms { max } => value <= max,
        }
    }

    /// Machine name of the metric, as in CSV files: `cold_share` or `p99_ms`.
    pub fn metric_name(&self) -> &'static str {
        match self {
            Target::ColdShare { .. } => "cold_share",
            Target::P99Ms { .. } => "p99_ms",
        }
    }

    /// The bound.
    pub fn max(&self) -> f64 {
        match *self {
            Target::ColdShare { max } | Target::P99Ms { max } => max,
        }
    }

    /// The metric in a report, or an error saying why the run cannot measure it (too few
    /// requests for a p99), naming the field to change.
    fn measure_or_refuse(&self, m: &Measure) -> Result<f64, ScenarioError> {
        self.measure(m).ok_or_else(|| {
            ScenarioError::invalid(
                "target.p99_ms",
                self.max(),
                format!(
                    "the run completes {} requests and a p99 needs at least {}: raise the \
                     workload's rate or duration_s",
                    m.completed, P99.min_samples
                ),
            )
        })
    }
}

/// What a planner reads from one run: a few figures, computed where the run happened (a thread,
/// a Web Worker) so that only these cross to the planner, not the whole [`Report`] with its
/// time series, CDFs and samples.
///
/// Every planner decides from these alone (`Measure::of` is the only place they are read from a
/// report), so a batch's measures in batch order determine the plan exactly as its reports do.
/// Counts fit in 53 bits (JavaScript numbers) for any run the run budget admits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Arrivals.
    pub requests: u64,
    /// Completed requests: what the latency percentiles summarise.
    pub completed: u64,
    /// Cold starts per started invocation (the report's `cold_start_ratio`).
    pub cold_share: f64,
    /// p99 of all completed requests, ms (`None` below 100: the percentile rule).
    pub all_p99_ms: Option<f64>,
    /// Mean of all completed requests, ms.
    pub all_mean_ms: f64,
    /// Median of warm requests, ms (`None` without any).
    pub warm_p50_ms: Option<f64>,
    /// Median of cold requests, ms (`None` without any).
    pub cold_p50_ms: Option<f64>,
    /// p99 of cold requests, ms (`None` below 100 cold starts).
    pub cold_p99_ms: Option<f64>,
    /// Most environments busy or initialising at once.
    pub peak_concurrency: u32,
    /// Invocations that found every provisioned environment busy and ran on-demand.
    pub spillovers: u64,
    /// The run's cost, USD.
    pub run_cost_usd: f64,
    /// The run's duration charge on provisioned environments, USD.
    pub provisioned_duration_usd: f64,
    /// The cost of a 30-day month ([`monthly_usd`]), USD.
    pub monthly_usd: f64,
}

impl Measure {
    /// The figures of `report`, the run of `scenario`.
    pub fn of(scenario: &Scenario, report: &Report) -> Measure {
        let l = &report.latency_ms;
        Measure {
            requests: report.requests,
            completed: l.all.count,
            cold_share: report.cold_start_ratio,
            all_p99_ms: l.all.at(&P99),
            all_mean_ms: l.all.mean,
            warm_p50_ms: l.warm.at(&P50),
            cold_p50_ms: l.cold.at(&P50),
            cold_p99_ms: l.cold.at(&P99),
            peak_concurrency: report.environments.peak_concurrency,
            spillovers: report.provisioned_spillovers,
            run_cost_usd: report.cost_usd.total,
            provisioned_duration_usd: report.cost_usd.provisioned_duration,
            monthly_usd: monthly_usd(scenario, report),
        }
    }
}

/// Runs one candidate and measures it: what a worker (a thread, a Web Worker) does with each
/// scenario of a batch.
pub fn measure(scenario: &Scenario) -> Result<Measure, ScenarioError> {
    Ok(Measure::of(scenario, &crate::run(scenario)?))
}

/// What one candidate changes in the planner's scenario ([`Driver::base`]): the only thing that
/// has to reach a worker per run, once the worker holds the base (a trace scenario can be
/// megabytes; a variation is a few numbers).
///
/// JSON: `{"change": "provisioned", "provisioned": null | {"count": 3, "schedule": […]}}`,
/// `{"change": "memory", "memory_mb": 512, "handler_ms": {"dist": …}}`,
/// `{"change": "packaging", "package": {"type": …}, "snapstart": null | {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
pub enum Variation {
    /// Provisioned concurrency: none, a constant count, or a schedule.
    Provisioned {
        /// The scenario's new `provisioned` field.
        provisioned: Option<crate::scenario::Provisioned>,
    },
    /// Memory, with the handler's duration rescaled to it.
    Memory {
        /// The new `function.memory_mb`.
        memory_mb: u32,
        /// The new `function.handler_ms`.
        handler_ms: crate::Dist,
    },
    /// The way the function is shipped.
    Packaging {
        /// The new `package`.
        package: crate::Package,
        /// The new `snapstart`.
        snapstart: Option<crate::scenario::SnapStart>,
    },
}

impl Variation {
    /// `base` with this change: the candidate scenario.
    pub fn apply(&self, base: &Scenario) -> Scenario {
        let mut s = base.clone();
        match self {
            Variation::Provisioned { provisioned } => s.provisioned = provisioned.clone(),
            Variation::Memory {
                memory_mb,
                handler_ms,
            } => {
                s.function.memory_mb = *memory_mb;
                s.function.handler_ms = handler_ms.clone();
            }
            Variation::Packaging { package, snapstart } => {
                s.package = package.clone();
                s.snapstart = snapstart.clone();
            }
        }
        s
    }

    /// Runs `base` with this change and measures it: what a worker does with each variation of
    /// a batch.
    pub fn measure(&self, base: &Scenario) -> Result<Measure, ScenarioError> {
        measure(&self.apply(base))
    }
}

/// Runs scenarios one after the other and returns their reports in order: the planners'
/// runner where there are no threads (the core itself, wasm, tests).
pub fn in_order(batch: &[Scenario]) -> Result<Vec<Report>, ScenarioError> {
    batch.iter().map(crate::run).collect()
}

/// A planner's search, a batch at a time: the one shape [`Driver`] steps and [`drive`] runs.
///
/// `next` hands out a batch of variations of `base` (at most once before it is accepted; `None`
/// when the search is over), `accept` takes its measures in batch order and moves the search on,
/// `finish` builds the plan. Which batches come next depends only on the measures, never on who
/// ran them.
trait Search {
    /// What the search answers.
    type Plan;
    /// The scenario every candidate varies.
    fn base(&self) -> &Scenario;
    /// The next batch of candidates, or `None` when the search is over.
    fn next(&mut self) -> Result<Option<Vec<Variation>>, ScenarioError>;
    /// The measures of the batch last handed out, in its order.
    fn accept(&mut self, measures: &[Measure]) -> Result<(), ScenarioError>;
    /// Upper bounds on what is left, the batch handed out and not yet accepted included.
    fn remaining(&self) -> Remaining;
    /// The plan, once `next` has said the search is over.
    fn finish(self) -> Result<Self::Plan, ScenarioError>;
}

/// Upper bounds on a search's batches and runs still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Remaining {
    batches: usize,
    runs: usize,
}

impl Remaining {
    const NONE: Remaining = Remaining {
        batches: 0,
        runs: 0,
    };
}

/// Runs a search to its plan, each batch through `runner`, measured here.
fn drive<S, R>(mut search: S, runner: &mut R) -> Result<S::Plan, ScenarioError>
where
    S: Search,
    R: FnMut(&[Scenario]) -> Result<Vec<Report>, ScenarioError>,
{
    while let Some(variations) = search.next()? {
        let batch: Vec<Scenario> = (variations.iter())
            .map(|v| v.apply(search.base()))
            .collect();
        let reports = run_batch(runner, &batch)?;
        let measures: Vec<Measure> = (batch.iter().zip(&reports))
            .map(|(s, r)| Measure::of(s, r))
            .collect();
        search.accept(&measures)?;
    }
    search.finish()
}

/// Hands `batch` to the runner and checks it answered once per scenario.
fn run_batch<R>(runner: &mut R, batch: &[Scenario]) -> Result<Vec<Report>, ScenarioError>
where
    R: FnMut(&[Scenario]) -> Result<Vec<Report>, ScenarioError>,
{
    let reports = runner(batch)?;
    if reports.len() != batch.len() {
        return Err(ScenarioError::invalid(
            "runner",
            format!("{} reports for {} scenarios", reports.len(), batch.len()),
            "a planner's runner must return one report per scenario, in order",
        ));
    }
    Ok(reports)
}

/// Refuses measures that are not one per scenario of the batch handed out.
fn expect_len(measures: &[Measure], batch: usize) -> Result<(), ScenarioError> {
    if measures.len() != batch {
        return Err(ScenarioError::invalid(
            "runner",
            format!("{} measures for {batch} scenarios", measures.len()),
            "a planner takes one measure per scenario of the batch it handed out, in order",
        ));
    }
    Ok(())
}

/// The error of asking for a plan before the search is over.
fn unfinished() -> ScenarioError {
    ScenarioError::invalid(
        "runner",
        "unfinished",
        "a plan is ready only once every batch has been accepted and no next batch is left",
    )
}

/// Refuses a planner whose worst case is more than the planners' budget: `runs` simulations of
/// at most `events_per_run` expected events each.
fn check_budget(planner: &str, runs: usize, events_per_run: f64) -> Result<(), ScenarioError> {
    let events = runs as f64 * events_per_run;
    if runs > d::PLAN_MAX_RUNS {
        return Err(ScenarioError::TooBig {
            message: format!(
                "the {planner} planner would run up to {runs} simulations, more than the \
                 planners' limit of {}; ask for fewer candidates",
                d::PLAN_MAX_RUNS
            ),
        });
    }
    if events > d::PLAN_MAX_EVENTS {
        return Err(ScenarioError::TooBig {
            message: format!(
                "the {planner} planner would run up to {runs} simulations of about {} events \
                 each ({} in all), more than the planners' limit of {}; shorten duration_s or \
                 lower the workload's rate (a representative hour plans as well as a month)",
                crate::error::human_count(events_per_run),
                crate::error::human_count(events),
                crate::error::human_count(d::PLAN_MAX_EVENTS)
            ),
        });
    }
    Ok(())
}

/// The price per GB-second of (on-demand duration, provisioned capacity, duration on
/// provisioned environments) for an architecture.
pub fn gb_s_prices(prices: &Prices, arch: Architecture) -> (f64, f64, f64) {
    match arch {
        Architecture::X86_64 => (
            prices.gb_s_x86_usd,
            prices.pc_gb_s_x86_usd,
            prices.pc_duration_gb_s_x86_usd,
        ),
        Architecture::Arm64 => (
            prices.gb_s_arm_usd,
            prices.pc_gb_s_arm_usd,
            prices.pc_duration_gb_s_arm_usd,
        ),
    }
}

/// The utilization break-even of provisioned against on-demand pricing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BreakEven {
    /// On-demand duration, USD per GB-s.
    pub on_demand_gb_s_usd: f64,
    /// Provisioned capacity, USD per GB-s (billed whether busy or idle).
    pub capacity_gb_s_usd: f64,
    /// Duration on provisioned environments, USD per GB-s (billed while busy).
    pub provisioned_duration_gb_s_usd: f64,
    /// The share of provisioned capacity that must be busy for provisioned to cost less than
    /// the same work on-demand: `capacity / (on_demand − provisioned_duration)`. `None` when
    /// provisioned duration costs as much as on-demand or more (it never pays).
    pub utilization: Option<f64>,
}

/// The utilization break-even for an architecture's prices.
///
/// One GB-second of provisioned capacity busy a share `u` of the time costs `capacity + u ×
/// provisioned_duration`; the same work on-demand costs `u × on_demand`. They are equal at
/// `u = capacity / (on_demand − provisioned_duration)`: at list prices (x86_64)
/// 0.0000041667 / (0.0000166667 − 0.0000097222) = 0.600. Per-request charges are the same
/// either way and cancel; the init that on-demand cold starts bill is left out (counting it
/// would favour provisioned: the real break-even is a little lower). Derivation in
/// docs/planners.md.
pub fn break_even(prices: &Prices, arch: Architecture) -> BreakEven {
    let (od, cap, pcd) = gb_s_prices(prices, arch);
    let saving = od - pcd;
    BreakEven {
        on_demand_gb_s_usd: od,
        capacity_gb_s_usd: cap,
        provisioned_duration_gb_s_usd: pcd,
        utilization: (saving > 0.0).then(|| cap / saving),
    }
}

/// MB in a GB, as AWS counts memory for billing.
const MB_PER_GB: f64 = 1_024.0;

/// A run's cost over a 30-day month ([`defaults::PLAN_MONTH_S`](crate::defaults::PLAN_MONTH_S)),
/// USD: the usage-based charges (requests, duration, SnapStart) scaled from the run's
/// `duration_s` to the month, as if the run's workload repeated all month; and provisioned
/// capacity for the month at the run's time-averaged provisioned count, exactly (a run's
/// capacity charge is rounded up to 5-minute increments, which scaling a short run would
/// multiply). One-off charges of the run (a SnapStart version published at its start) are
/// scaled like the rest.
pub fn monthly_usd(s: &Scenario, report: &Report) -> f64 {
    let c = &report.cost_usd;
    let scale = d::PLAN_MONTH_S / s.duration_s;
    let usage = (c.total - c.provisioned_capacity).max(0.0);
    let (_, capacity_price, _) = gb_s_prices(&s.prices, s.function.architecture);
    let gb = f64::from(s.function.memory_mb) / MB_PER_GB;
    let mean_count = mean_provisioned(s.provisioned.as_ref(), s.duration_s);
    usage * scale + mean_count * gb * d::PLAN_MONTH_S * capacity_price
}

/// The candidates a search has measured, by their key (a provisioned count, a schedule's rung),
/// in key order. A sorted vector rather than a `BTreeMap`: a search measures tens of
/// candidates, and each key and value type of a B-tree is its own copy of the tree's code
/// (≈ 7 KB of the page's wasm).
#[derive(Debug, Clone)]
struct Seen<T> {
    entries: Vec<(u32, T)>,
}

impl<T> Seen<T> {
    fn new() -> Self {
        Seen {
            entries: Vec::new(),
        }
    }

    /// Keeps `value` under `key`, replacing what was there.
    fn insert(&mut self, key: u32, value: T) {
        match self.entries.binary_search_by_key(&key, |e| e.0) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (key, value)),
        }
    }

    fn get(&self, key: &u32) -> Option<&T> {
        let i = self.entries.binary_search_by_key(key, |e| e.0).ok()?;
        Some(&self.entries[i].1)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    /// The values in key order.
    fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().map(|e| &e.1)
    }

    /// The values in key order.
    fn into_values(self) -> impl Iterator<Item = T> {
        self.entries.into_iter().map(|e| e.1)
    }
}

impl<T> std::ops::Index<&u32> for Seen<T> {
    type Output = T;

    /// The value under a key the search has measured (as `BTreeMap`'s, panics on another).
    fn index(&self, key: &u32) -> &T {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no candidate {key} was measured"),
        }
    }
}

/// The provisioned count of `pc` averaged over the arrival window of `duration_s` (0 without
/// provisioned concurrency).
fn mean_provisioned(pc: Option<&crate::scenario::Provisioned>, duration_s: f64) -> f64 {
    let Some(pc) = pc else {
        return 0.0;
    };
    let horizon = crate::Micros::from_secs_f64(duration_s);
    let weighted: f64 = crate::cost::provisioned_periods(pc, horizon)
        .iter()
        .map(|&(at, end, n)| f64::from(n) * (end - at).as_secs_f64())
        .sum();
    weighted / duration_s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_keeps_candidates_in_key_order_and_replaces_by_key() {
        let mut seen = Seen::new();
        for (key, value) in [(5, "e"), (0, "a"), (9, "x"), (3, "c"), (9, "i")] {
            seen.insert(key, value);
        }
        assert_eq!(seen.len(), 4);
        assert_eq!(
            seen.values().copied().collect::<Vec<_>>(),
            ["a", "c", "e", "i"]
        );
        assert_eq!(
            (seen.get(&3), seen.get(&4), seen[&0]),
            (Some(&"c"), None, "a")
        );
        assert_eq!(seen.into_values().last(), Some("i"));
    }

    #[test]
    fn targets_parse_and_refuse_nonsense_naming_the_field() {
        assert_eq!(
            Target::parse("cold-share=0.01"),
            Ok(Target::ColdShare { max: 0.01 })
        );
        assert_eq!(
            Target::parse("p99_ms = 500"),
            Ok(Target::P99Ms { max: 500.0 })
        );
        for bad in ["", "p99", "latency=5", "cold-share=x", "=1"] {
            let e = Target::parse(bad).expect_err(bad);
            assert_eq!(e.path(), Some("target"), "{bad}: {e}");
        }
        for (bad, path) in [
            ("cold-share=1.5", "target.cold_share"),
            ("cold-share=-0.1", "target.cold_share"),
            ("cold-share=NaN", "target.cold_share"),
            ("p99-ms=0", "target.p99_ms"),
            ("p99-ms=inf", "target.p99_ms"),
            ("p99-ms=1e300", "target.p99_ms"),
        ] {
            let e = Target::parse(bad).expect_err(bad);
            assert_eq!(e.path(), Some(path), "{bad}: {e}");
        }
    }

    #[test]
    fn break_even_is_sixty_percent_at_list_prices() {
        let p = Prices::default();
        for arch in [Architecture::X86_64, Architecture::Arm64] {
            let b = break_even(&p, arch);
            let (od, cap, pcd) = gb_s_prices(&p, arch);
            let u = b.utilization.expect("provisioned duration is cheaper");
            assert_eq!(u, cap / (od - pcd));
            assert!((u - 0.60).abs() < 0.0005, "{arch:?}: {u}");
            // At u, a busy-u GB-second costs the same either way.
            assert!((cap + u * pcd - u * od).abs() < 1e-15);
        }
        let mut dear = p.clone();
        dear.pc_duration_gb_s_x86_usd = dear.gb_s_x86_usd;
        assert_eq!(break_even(&dear, Architecture::X86_64).utilization, None);
    }

    #[test]
    fn scaled_distributions_scale_their_draws() {
        use crate::dist::{Dist, Sampler};
        use rand::SeedableRng;
        let dists = [
            Dist::constant(10.0),
            Dist::Exponential { mean: 10.0 },
            Dist::LogNormal {
                median: 10.0,
                p99_over_p50: 3.0,
            },
            Dist::Empirical {
                samples: vec![1.0, 4.0, 9.0],
            },
        ];
        for dist in dists {
            let (a, b) = (
                Sampler::new(&dist).unwrap(),
                Sampler::new(&dist.scaled(0.5)).unwrap(),
            );
            let mut r1 = rand_pcg::Pcg64Mcg::seed_from_u64(7);
            let mut r2 = rand_pcg::Pcg64Mcg::seed_from_u64(7);
            for _ in 0..20 {
                let (x, y) = (a.sample(&mut r1), b.sample(&mut r2));
                assert!((x * 0.5 - y).abs() < 1e-9 * x.max(1.0), "{dist:?}: {x} {y}");
            }
        }
    }
}
