//! The memory planner: the scenario at each of a set of memory sizes → cost per million requests,
//! warm p50 and cold p99 (cold starts included, unlike timing a real function's warm
//! invocations), with the cheapest and the fastest size marked. Only simulated sizes are
//! reported: nothing is interpolated between them.
//!
//! Memory changes three things in the model: the price per request (GB-seconds), function init
//! (its CPU-bound part, `function.init_cpu_bound`, scaled by the CPU share up to one vCPU: the
//! init-cost model's own rule), and the handler. `function.handler_ms` is measured at the
//! configured memory, so the planner rescales it to each size with the same rule and a
//! CPU-bound fraction of its own ([`MemoryConfig::handler_cpu_bound`], default
//! [`PLAN_HANDLER_CPU_BOUND`](d::PLAN_HANDLER_CPU_BOUND) [?]): a handler that waits on the
//! network does not get faster with memory; a single-threaded computing one does, up to 1,769 MB.

use super::{Measure, Target, Variation, check_budget};
use crate::defaults as d;
use crate::error::ScenarioError;
use crate::initcost::init_cpu_factor;
use crate::report::Report;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// Memory planner settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MemoryConfig {
    /// Sizes to simulate, MB, strictly ascending, each 128 to 10,240.
    pub sizes_mb: Vec<u32>,
    /// Fraction of the handler that is CPU-bound (0 to 1).
    pub handler_cpu_bound: f64,
    /// Optional target: marks the sizes that meet it and the cheapest of those.
    pub target: Option<Target>,
}

impl Default for MemoryConfig {
    fn default() -> Self {
        MemoryConfig {
            sizes_mb: d::PLAN_MEMORY_SIZES_MB.to_vec(),
            handler_cpu_bound: d::PLAN_HANDLER_CPU_BOUND,
            target: None,
        }
    }
}

/// One simulated memory size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryPoint {
    /// Memory, MB.
    pub memory_mb: u32,
    /// The handler's duration relative to the scenario's own memory.
    pub handler_factor: f64,
    /// Arrivals.
    pub requests: u64,
    /// Cost per million requests, USD (`None` without requests).
    pub cost_per_million_usd: Option<f64>,
    /// The cost of a 30-day month ([`super::monthly_usd`]), USD.
    pub monthly_usd: f64,
    /// Median latency of warm requests, ms (`None` without any).
    pub warm_p50_ms: Option<f64>,
    /// p99 latency of cold requests, ms (`None` below 100 cold starts: the percentile rule).
    pub cold_p99_ms: Option<f64>,
    /// p99 latency of all completed requests, cold starts included, ms (`None` below 100).
    pub all_p99_ms: Option<f64>,
    /// Mean latency of all completed requests, ms.
    pub all_mean_ms: f64,
    /// Cold starts per started invocation.
    pub cold_share: f64,
    /// Whether it meets the target (`None` without a target).
    pub meets: Option<bool>,
}

/// Which latency decided the fastest size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speed {
    /// The p99 of all requests, cold starts included (every size supports it).
    AllP99,
    /// The mean of all requests: some size completed fewer than 100 requests, too few for a p99.
    AllMean,
}

/// The memory curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryPlan {
    /// The settings used.
    pub config: MemoryConfig,
    /// One point per size, ascending.
    pub points: Vec<MemoryPoint>,
    /// The size with the least cost per million requests (ties: the smaller).
    pub cheapest_mb: Option<u32>,
    /// The size with the lowest latency by `fastest_by` (ties: the smaller).
    pub fastest_mb: Option<u32>,
    /// What "fastest" was judged by.
    pub fastest_by: Speed,
    /// The cheapest size meeting the target, if any does.
    pub cheapest_meeting_mb: Option<u32>,
}

/// Runs the scenario at every size of `config` and marks the cheapest and the fastest.
pub fn memory<R>(
    scenario: &Scenario,
    config: &MemoryConfig,
    runner: &mut R,
) -> Result<MemoryPlan, ScenarioError>
where
    R: FnMut(&[Scenario]) -> Result<Vec<Report>, ScenarioError>,
{
    super::drive(Search::new(scenario, config)?, runner)
}

/// The memory curve as a state machine: one batch, every size.
#[derive(Debug, Clone)]
pub(super) struct Search {
    config: MemoryConfig,
    /// Each size's handler factor, in the order of `config.sizes_mb`.
    factors: Vec<f64>,
    /// The scenario every size varies.
    scenario: Scenario,
    /// One candidate per size.
    candidates: Vec<Variation>,
    points: Vec<MemoryPoint>,
    /// Whether the batch was accepted.
    done: bool,
}

impl Search {
    pub(super) fn new(scenario: &Scenario, config: &MemoryConfig) -> Result<Search, ScenarioError> {
        validate(config)?;
        crate::validate(scenario)?;
        let f = config.handler_cpu_bound;
        let own = init_cpu_factor(scenario.function.memory_mb, f);
        let factors: Vec<f64> = (config.sizes_mb.iter())
            .map(|&m| init_cpu_factor(m, f) / own)
            .collect();
        let candidates: Vec<Scenario> = (config.sizes_mb.iter())
            .zip(&factors)
            .map(|(&m, &k)| {
                let mut s = scenario.clone();
                s.function.memory_mb = m;
                s.function.handler_ms = scenario.function.handler_ms.scaled(k);
                s
            })
            .collect();
        let mut worst = 0.0_f64;
        for (i, c) in candidates.iter().enumerate() {
            crate::validate(c).map_err(|e| match e {
                ScenarioError::Invalid { path, value, rule } => ScenarioError::invalid(
                    path,
                    value,
                    format!(
                        "{rule} (at memory.sizes_mb[{i}] = {} MB)",
                        config.sizes_mb[i]
                    ),
                ),
                other => other,
            })?;
            worst = worst.max(crate::validation::estimate(c).events);
        }
        check_budget("memory", candidates.len(), worst)?;
        Ok(Search {
            config: config.clone(),
            factors,
            scenario: scenario.clone(),
            candidates: (candidates.into_iter())
                .map(|c| Variation::Memory {
                    memory_mb: c.function.memory_mb,
                    handler_ms: c.function.handler_ms,
                })
                .collect(),
            points: Vec::new(),
            done: false,
        })
    }
}

impl super::Search for Search {
    type Plan = MemoryPlan;

    fn base(&self) -> &Scenario {
        &self.scenario
    }

    fn next(&mut self) -> Result<Option<Vec<Variation>>, ScenarioError> {
        Ok((!self.done).then(|| self.candidates.clone()))
    }

    fn accept(&mut self, measures: &[Measure]) -> Result<(), ScenarioError> {
        super::expect_len(measures, self.config.sizes_mb.len())?;
        let mut points = Vec::with_capacity(measures.len());
        for ((&mb, m), &k) in self.config.sizes_mb.iter().zip(measures).zip(&self.factors) {
            let meets = match &self.config.target {
                Some(t) => Some(t.met_by(t.measure_or_refuse(m)?)),
                None => None,
            };
            points.push(MemoryPoint {
                memory_mb: mb,
                handler_factor: k,
                requests: m.requests,
                cost_per_million_usd: (m.requests > 0)
                    .then(|| m.run_cost_usd / m.requests as f64 * 1e6),
                monthly_usd: m.monthly_usd,
                warm_p50_ms: m.warm_p50_ms,
                cold_p99_ms: m.cold_p99_ms,
                all_p99_ms: m.all_p99_ms,
                all_mean_ms: m.all_mean_ms,
                cold_share: m.cold_share,
                meets,
            });
        }
        self.points = points;
        self.done = true;
        Ok(())
    }

    fn remaining(&self) -> super::Remaining {
        if self.done {
            super::Remaining::NONE
        } else {
            super::Remaining {
                batches: 1,
                runs: self.config.sizes_mb.len(),
            }
        }
    }

    fn finish(self) -> Result<MemoryPlan, ScenarioError> {
        if !self.done {
            return Err(super::unfinished());
        }
        let points = self.points;
        let fastest_by = if points.iter().all(|p| p.all_p99_ms.is_some()) {
            Speed::AllP99
        } else {
            Speed::AllMean
        };
        let speed = |p: &MemoryPoint| match fastest_by {
            Speed::AllP99 => p.all_p99_ms,
            Speed::AllMean => (p.requests > 0).then_some(p.all_mean_ms),
        };
        let cheapest_of = |ok: &dyn Fn(&MemoryPoint) -> bool| {
            least(&points, |p| p.cost_per_million_usd.filter(|_| ok(p)))
        };
        Ok(MemoryPlan {
            cheapest_mb: cheapest_of(&|_| true),
            fastest_mb: least(&points, speed),
            fastest_by,
            cheapest_meeting_mb: cheapest_of(&|p| p.meets == Some(true)),
            points,
            config: self.config,
        })
    }
}

/// The memory of the point with the least value (the first, so the smaller size, on ties).
fn least(points: &[MemoryPoint], value: impl Fn(&MemoryPoint) -> Option<f64>) -> Option<u32> {
    let mut best: Option<(f64, u32)> = None;
    for p in points {
        if let Some(v) = value(p)
            && best.is_none_or(|(b, _)| v < b)
        {
            best = Some((v, p.memory_mb));
        }
    }
    best.map(|(_, m)| m)
}

fn validate(c: &MemoryConfig) -> Result<(), ScenarioError> {
    if c.sizes_mb.is_empty() || c.sizes_mb.len() > d::PLAN_MAX_RUNS {
        return Err(ScenarioError::invalid(
            "memory.sizes_mb",
            format!("{} sizes", c.sizes_mb.len()),
            format!("must list between 1 and {} sizes", d::PLAN_MAX_RUNS),
        ));
    }
    for (i, &m) in c.sizes_mb.iter().enumerate() {
        if !(d::MEMORY_MIN_MB..=d::MEMORY_MAX_MB).contains(&m) {
            return Err(ScenarioError::invalid(
                format!("memory.sizes_mb[{i}]"),
                m,
                format!(
                    "must be between {} and {} MB (AWS Lambda memory limits)",
                    d::MEMORY_MIN_MB,
                    d::MEMORY_MAX_MB
                ),
            ));
        }
        if i > 0 && m <= c.sizes_mb[i - 1] {
            return Err(ScenarioError::invalid(
                format!("memory.sizes_mb[{i}]"),
                m,
                "sizes must be strictly ascending",
            ));
        }
    }
    let f = c.handler_cpu_bound;
    if !(f.is_finite() && (0.0..=1.0).contains(&f)) {
        return Err(ScenarioError::invalid(
            "memory.handler_cpu_bound",
            f,
            "must be a fraction between 0 and 1",
        ));
    }
    if let Some(t) = &c.target {
        t.validate()?;
    }
    Ok(())
}
