//! The provisioned-concurrency planner: the least constant provisioned count that meets a target,
//! what it costs a month against on-demand, and every simulated count for a chart.
//!
//! The search assumes the target's metric does not get worse as the count grows (**monotone**):
//! more provisioned environments take more requests off the on-demand path. It is not exactly
//! true — recycling and placement move cold starts around — so the plan checks what it can: the
//! answer meets the target, the count one below it does not (both simulated), and every
//! simulated count above the answer that misses the target is listed in `not_monotone`.
//!
//! Method: run on-demand (count 0). If that misses the target, run its peak concurrency, doubling
//! up to [`PLAN_PC_DOUBLINGS`](d::PLAN_PC_DOUBLINGS) times until the target is met (more
//! environments than ever run at once would sit idle, so past that the target is out of reach);
//! then shrink the bracket (largest failing, least meeting) with
//! [`PLAN_PROBES_PER_ROUND`](d::PLAN_PROBES_PER_ROUND) evenly spaced counts per round, run as
//! one batch, until the two are adjacent.

use super::{BreakEven, Measure, Target, Variation, break_even, check_budget, gb_s_prices};
use crate::defaults as d;
use crate::error::ScenarioError;
use crate::report::Report;
use crate::scenario::{Provisioned, Scenario};
use serde::{Deserialize, Serialize};

/// One simulated provisioned count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Provisioned concurrency, constant over the run (0 = on-demand only).
    pub count: u32,
    /// The target's metric.
    pub metric: f64,
    /// Whether it meets the target.
    pub meets: bool,
    /// Cold starts per started invocation.
    pub cold_share: f64,
    /// p99 latency of all completed requests, ms (`None` below 100 requests).
    pub p99_ms: Option<f64>,
    /// Invocations that found every provisioned environment busy and ran on-demand.
    pub spillovers: u64,
    /// The run's cost, USD.
    pub run_cost_usd: f64,
    /// The cost of a 30-day month ([`super::monthly_usd`]), USD.
    pub monthly_usd: f64,
    /// Share of the provisioned capacity that was busy (billed provisioned duration over
    /// count × duration_s); `None` at count 0.
    pub utilization: Option<f64>,
}

/// The plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionedPlan {
    /// What the count must achieve.
    pub target: Target,
    /// The least count meeting the target; `None` when none up to `searched_up_to` does.
    pub answer: Option<u32>,
    /// The on-demand run (count 0).
    pub on_demand: Candidate,
    /// The run at the answer.
    pub at_answer: Option<Candidate>,
    /// The run one below the answer, which misses the target (`None` when the answer is 0).
    pub below_answer: Option<Candidate>,
    /// Peak concurrency of the on-demand run: where the search starts.
    pub on_demand_peak: u32,
    /// The largest count the search would try.
    pub searched_up_to: u32,
    /// Simulated counts above the answer that miss the target: evidence against the monotone
    /// assumption (empty when none was seen).
    pub not_monotone: Vec<u32>,
    /// Every simulated count, ascending: the chart's points.
    pub series: Vec<Candidate>,
    /// The utilization break-even of the scenario's prices.
    pub break_even: BreakEven,
}

/// MB in a GB, as AWS counts memory for billing.
const MB_PER_GB: f64 = 1_024.0;

/// Plans provisioned concurrency for `scenario`'s workload (its own `provisioned` is replaced
/// by each candidate's constant count). `runner` runs each batch of candidates and returns
/// their reports in order ([`super::in_order`], or threads); [`super::Driver`] is the same
/// search a batch at a time.
pub fn provisioned<R>(
    scenario: &Scenario,
    target: Target,
    runner: &mut R,
) -> Result<ProvisionedPlan, ScenarioError>
where
    R: FnMut(&[Scenario]) -> Result<Vec<Report>, ScenarioError>,
{
    super::drive(Search::new(scenario, target)?, runner)
}

/// Where the search stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// The on-demand run (count 0) is next.
    OnDemand,
    /// `lo` misses the target; `hi` is next, doubling up to the ceiling.
    Doubling { lo: u32, hi: u32 },
    /// `lo` misses, `hi` meets: probe between them until adjacent.
    Shrink { lo: u32, hi: u32 },
    /// Over: the least count meeting the target, if any up to the ceiling does.
    Done(Option<u32>),
}

/// The constant-count search as a state machine: [`super::Search`]'s batches are its rounds.
#[derive(Debug, Clone)]
pub(super) struct Search {
    scenario: Scenario,
    target: Target,
    /// The platform's cap on provisioned concurrency.
    cap: u32,
    phase: Phase,
    /// The counts of the batch handed out and not yet accepted.
    pending: Vec<u32>,
    seen: super::Seen<Candidate>,
    on_demand_peak: u32,
    /// The largest count the search may try (known after the on-demand run).
    ceiling: u32,
}

impl Search {
    pub(super) fn new(scenario: &Scenario, target: Target) -> Result<Search, ScenarioError> {
        target.validate()?;
        if scenario.snapstart.is_some() {
            return Err(ScenarioError::invalid(
                "snapstart",
                "set",
                "AWS does not combine SnapStart with provisioned concurrency: plan the scenario \
                 without it, or weigh SnapStart with the packaging planner",
            ));
        }
        // The base every candidate varies: the scenario without its own provisioned field.
        let base = with_count(scenario, 0);
        crate::validate(&base)?;
        let cap = crate::scaling::ConcurrencyCap::from_platform(&scenario.platform)
            .limit
            .unwrap_or(d::MAX_CONCURRENCY)
            .min(d::MAX_CONCURRENCY);
        if cap == 0 {
            return Err(ScenarioError::invalid(
                "platform.reserved_concurrency",
                0,
                "the function cannot run at all, so no provisioned count can meet a target",
            ));
        }
        Ok(Search {
            scenario: base,
            target,
            cap,
            phase: Phase::OnDemand,
            pending: Vec::new(),
            seen: super::Seen::new(),
            on_demand_peak: 0,
            ceiling: cap,
        })
    }

    /// The least count meeting the target once the search is over (`None` inside it too).
    pub(super) fn answer(&self) -> Option<u32> {
        match self.phase {
            Phase::Done(a) => a,
            _ => None,
        }
    }

    /// The scenario every candidate varies (without provisioned concurrency).
    pub(super) fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Runs accepted so far.
    pub(super) fn runs_done(&self) -> usize {
        self.seen.len()
    }

    /// The largest count the search may try (the platform's cap until the on-demand run).
    pub(super) fn ceiling(&self) -> u32 {
        self.ceiling
    }

    /// Runs the search at most makes from the start: the on-demand run, the doublings, the
    /// rounds of probes up to `ceiling`.
    fn worst_runs(ceiling: u32) -> usize {
        1 + (d::PLAN_PC_DOUBLINGS as usize + 1) + rounds(ceiling) * probes()
    }

    /// The plan, once the search is over.
    pub(super) fn plan(&self) -> Result<ProvisionedPlan, ScenarioError> {
        let Phase::Done(answer) = self.phase else {
            return Err(super::unfinished());
        };
        let not_monotone = match answer {
            Some(a) => (self.seen.values())
                .filter(|c| c.count > a && !c.meets)
                .map(|c| c.count)
                .collect(),
            None => Vec::new(),
        };
        Ok(ProvisionedPlan {
            target: self.target,
            answer,
            on_demand: self.seen[&0].clone(),
            at_answer: answer.and_then(|a| self.seen.get(&a).cloned()),
            below_answer: answer
                .filter(|&a| a > 0)
                .and_then(|a| self.seen.get(&(a - 1)).cloned()),
            on_demand_peak: self.on_demand_peak,
            searched_up_to: self.ceiling,
            not_monotone,
            series: self.seen.values().cloned().collect(),
            break_even: break_even(&self.scenario.prices, self.scenario.function.architecture),
        })
    }
}

impl super::Search for Search {
    type Plan = ProvisionedPlan;

    fn base(&self) -> &Scenario {
        &self.scenario
    }

    fn next(&mut self) -> Result<Option<Vec<Variation>>, ScenarioError> {
        self.pending = match self.phase {
            Phase::OnDemand => vec![0],
            Phase::Doubling { hi, .. } => vec![hi],
            Phase::Shrink { lo, hi } if hi - lo <= 1 => {
                self.phase = Phase::Done(Some(hi));
                return Ok(None);
            }
            Phase::Shrink { lo, hi } => interior(lo, hi),
            Phase::Done(_) => return Ok(None),
        };
        Ok(Some(
            (self.pending.iter())
                .map(|&n| Variation::Provisioned {
                    provisioned: constant(n),
                })
                .collect(),
        ))
    }

    fn accept(&mut self, measures: &[Measure]) -> Result<(), ScenarioError> {
        super::expect_len(measures, self.pending.len())?;
        let batch = std::mem::take(&mut self.pending);
        for (&n, m) in batch.iter().zip(measures) {
            let c = candidate(&self.scenario, m, n, &self.target)?;
            self.seen.insert(n, c);
        }
        let meets = |n: u32| self.seen[&n].meets;
        self.phase = match self.phase {
            Phase::OnDemand => {
                self.on_demand_peak = measures[0].peak_concurrency;
                let start = self.on_demand_peak.clamp(1, self.cap);
                self.ceiling = start
                    .saturating_mul(1 << d::PLAN_PC_DOUBLINGS)
                    .min(self.cap);
                let per_run =
                    crate::validation::estimate(&with_count(&self.scenario, self.ceiling)).events;
                check_budget(
                    "provisioned-concurrency",
                    Self::worst_runs(self.ceiling),
                    per_run,
                )?;
                if meets(0) {
                    Phase::Done(Some(0))
                } else {
                    Phase::Doubling { lo: 0, hi: start }
                }
            }
            Phase::Doubling { lo, hi } => {
                if meets(hi) {
                    Phase::Shrink { lo, hi }
                } else if hi >= self.ceiling {
                    Phase::Done(None)
                } else {
                    Phase::Doubling {
                        lo: hi,
                        hi: hi.saturating_mul(2).min(self.ceiling),
                    }
                }
            }
            Phase::Shrink { lo, hi } => {
                let hi = batch.iter().copied().find(|&n| meets(n)).unwrap_or(hi);
                let lo = (batch.iter().copied())
                    .filter(|&n| n < hi && !meets(n))
                    .max()
                    .unwrap_or(lo)
                    .max(lo);
                Phase::Shrink { lo, hi }
            }
            Phase::Done(a) => Phase::Done(a),
        };
        Ok(())
    }

    fn remaining(&self) -> super::Remaining {
        let p = probes();
        match self.phase {
            Phase::OnDemand => {
                let ceiling = self.cap;
                super::Remaining {
                    batches: 1 + (d::PLAN_PC_DOUBLINGS as usize + 1) + rounds(ceiling),
                    runs: Self::worst_runs(ceiling),
                }
            }
            Phase::Doubling { hi, .. } => {
                let (mut n, mut h) = (1, hi);
                while h < self.ceiling {
                    n += 1;
                    h = h.saturating_mul(2).min(self.ceiling);
                }
                let r = rounds(self.ceiling);
                super::Remaining {
                    batches: n + r,
                    runs: n + r * p,
                }
            }
            Phase::Shrink { lo, hi } => {
                let r = rounds(hi - lo);
                super::Remaining {
                    batches: r,
                    runs: r * p,
                }
            }
            Phase::Done(_) => super::Remaining::NONE,
        }
    }

    fn finish(self) -> Result<ProvisionedPlan, ScenarioError> {
        self.plan()
    }
}

/// `scenario` with a constant provisioned count (0: none).
pub(super) fn with_count(scenario: &Scenario, count: u32) -> Scenario {
    let mut s = scenario.clone();
    s.provisioned = constant(count);
    s
}

/// A constant provisioned count as the scenario's field (0: none).
fn constant(count: u32) -> Option<Provisioned> {
    (count > 0).then_some(Provisioned {
        count,
        schedule: Vec::new(),
    })
}

pub(super) fn probes() -> usize {
    d::PLAN_PROBES_PER_ROUND as usize
}

/// The counts probed strictly between `lo` and `hi`: all of them when they fit in one round,
/// else [`PLAN_PROBES_PER_ROUND`](d::PLAN_PROBES_PER_ROUND) evenly spaced ones, so every gap
/// left is at most ⌈(hi − lo) / (probes + 1)⌉.
pub(super) fn interior(lo: u32, hi: u32) -> Vec<u32> {
    let width = u64::from(hi - lo);
    let p = u64::from(d::PLAN_PROBES_PER_ROUND);
    if width - 1 <= p {
        return (lo + 1..hi).collect();
    }
    let mut out: Vec<u32> = (1..=p).map(|k| lo + (width * k / (p + 1)) as u32).collect();
    out.dedup();
    out
}

/// Rounds [`interior`] needs at most to bring a bracket of `width` down to adjacent counts.
pub(super) fn rounds(width: u32) -> usize {
    let p = d::PLAN_PROBES_PER_ROUND;
    let (mut w, mut n) = (width, 0);
    while w > 1 {
        n += 1;
        if w - 1 <= p {
            break;
        }
        w = w.div_ceil(p + 1);
    }
    n
}

/// One count's figures from its run; `s` is the planned scenario (its prices, memory and
/// duration; its own provisioned field is not read).
pub(super) fn candidate(
    s: &Scenario,
    m: &Measure,
    count: u32,
    target: &Target,
) -> Result<Candidate, ScenarioError> {
    let metric = target.measure_or_refuse(m)?;
    let (_, _, pc_duration_price) = gb_s_prices(&s.prices, s.function.architecture);
    let gb = f64::from(s.function.memory_mb) / MB_PER_GB;
    let capacity_gb_s = f64::from(count) * gb * s.duration_s;
    let utilization = (count > 0 && pc_duration_price > 0.0)
        .then(|| m.provisioned_duration_usd / pc_duration_price / capacity_gb_s);
    Ok(Candidate {
        count,
        metric,
        meets: target.met_by(metric),
        cold_share: m.cold_share,
        p99_ms: m.all_p99_ms,
        spillovers: m.spillovers,
        run_cost_usd: m.run_cost_usd,
        monthly_usd: m.monthly_usd,
        utilization,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_cover_small_brackets_and_split_large_ones_evenly() {
        assert_eq!(interior(0, 1), Vec::<u32>::new());
        assert_eq!(interior(2, 7), vec![3, 4, 5, 6]);
        assert_eq!(interior(0, 9), (1..9).collect::<Vec<_>>());
        let wide = interior(0, 90);
        assert_eq!(wide, vec![10, 20, 30, 40, 50, 60, 70, 80]);
        let gaps: Vec<u32> = std::iter::once(5)
            .chain(interior(5, 1_000))
            .chain([1_000])
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| w[1] - w[0])
            .collect();
        assert!(gaps.iter().all(|&g| (1..=111).contains(&g)), "{gaps:?}");
    }

    #[test]
    fn rounds_bound_the_search() {
        assert_eq!(rounds(1), 0);
        assert_eq!(rounds(9), 1);
        assert_eq!(rounds(10), 2);
        assert_eq!(rounds(81), 2);
        assert_eq!(rounds(1_000_000), 7);
    }
}
