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

use super::{BreakEven, Target, break_even, check_budget, gb_s_prices, monthly_usd, run_batch};
use crate::defaults as d;
use crate::error::ScenarioError;
use crate::report::Report;
use crate::scenario::{Provisioned, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
/// their reports in order ([`super::in_order`], or threads).
pub fn provisioned<R>(
    scenario: &Scenario,
    target: Target,
    runner: &mut R,
) -> Result<ProvisionedPlan, ScenarioError>
where
    R: FnMut(&[Scenario]) -> Result<Vec<Report>, ScenarioError>,
{
    target.validate()?;
    if scenario.snapstart.is_some() {
        return Err(ScenarioError::invalid(
            "snapstart",
            "set",
            "AWS does not combine SnapStart with provisioned concurrency: plan the scenario \
             without it, or weigh SnapStart with the packaging planner",
        ));
    }
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
    let mut seen: BTreeMap<u32, Candidate> = BTreeMap::new();
    let evaluate = |batch: &[u32],
                    runner: &mut R,
                    seen: &mut BTreeMap<u32, Candidate>|
     -> Result<Vec<Report>, ScenarioError> {
        let scenarios: Vec<Scenario> = batch.iter().map(|&n| with_count(scenario, n)).collect();
        let reports = run_batch(runner, &scenarios)?;
        for ((&n, s), r) in batch.iter().zip(&scenarios).zip(&reports) {
            seen.insert(n, candidate(s, r, n, &target)?);
        }
        Ok(reports)
    };

    let reports = evaluate(&[0], runner, &mut seen)?;
    let on_demand_peak = reports[0].environments.peak_concurrency;
    let start = on_demand_peak.clamp(1, cap);
    let ceiling = start.saturating_mul(1 << d::PLAN_PC_DOUBLINGS).min(cap);
    let worst_runs = 1 + (d::PLAN_PC_DOUBLINGS as usize + 1) + rounds(ceiling) * probes();
    let per_run = crate::validation::estimate(&with_count(scenario, ceiling)).events;
    check_budget("provisioned-concurrency", worst_runs, per_run)?;

    let mut answer = None;
    if seen[&0].meets {
        answer = Some(0);
    } else {
        // Find a count that meets the target, from the on-demand peak, doubling.
        let (mut lo, mut hi) = (0, start);
        loop {
            evaluate(&[hi], runner, &mut seen)?;
            if seen[&hi].meets {
                break;
            }
            if hi >= ceiling {
                hi = 0;
                break;
            }
            lo = hi;
            hi = hi.saturating_mul(2).min(ceiling);
        }
        if hi > 0 {
            // Shrink (lo fails, hi meets) until adjacent, a round of probes at a time.
            while hi - lo > 1 {
                let batch = interior(lo, hi);
                evaluate(&batch, runner, &mut seen)?;
                if let Some(&n) = batch.iter().find(|n| seen[n].meets) {
                    hi = n;
                }
                lo = batch
                    .iter()
                    .copied()
                    .filter(|&n| n < hi && !seen[&n].meets)
                    .max()
                    .unwrap_or(lo)
                    .max(lo);
            }
            answer = Some(hi);
        }
    }
    let not_monotone = match answer {
        Some(a) => seen
            .values()
            .filter(|c| c.count > a && !c.meets)
            .map(|c| c.count)
            .collect(),
        None => Vec::new(),
    };
    Ok(ProvisionedPlan {
        target,
        answer,
        on_demand: seen[&0].clone(),
        at_answer: answer.and_then(|a| seen.get(&a).cloned()),
        below_answer: answer
            .filter(|&a| a > 0)
            .and_then(|a| seen.get(&(a - 1)).cloned()),
        on_demand_peak,
        searched_up_to: ceiling,
        not_monotone,
        series: seen.into_values().collect(),
        break_even: break_even(&scenario.prices, scenario.function.architecture),
    })
}

/// `scenario` with a constant provisioned count (0: none).
fn with_count(scenario: &Scenario, count: u32) -> Scenario {
    let mut s = scenario.clone();
    s.provisioned = (count > 0).then_some(Provisioned {
        count,
        schedule: Vec::new(),
    });
    s
}

fn probes() -> usize {
    d::PLAN_PROBES_PER_ROUND as usize
}

/// The counts probed strictly between `lo` and `hi`: all of them when they fit in one round,
/// else [`PLAN_PROBES_PER_ROUND`](d::PLAN_PROBES_PER_ROUND) evenly spaced ones, so every gap
/// left is at most ⌈(hi − lo) / (probes + 1)⌉.
fn interior(lo: u32, hi: u32) -> Vec<u32> {
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
fn rounds(width: u32) -> usize {
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

/// One count's figures from its run.
fn candidate(
    s: &Scenario,
    r: &Report,
    count: u32,
    target: &Target,
) -> Result<Candidate, ScenarioError> {
    let metric = target.measure_or_refuse(r)?;
    let (_, _, pc_duration_price) = gb_s_prices(&s.prices, s.function.architecture);
    let gb = f64::from(s.function.memory_mb) / MB_PER_GB;
    let capacity_gb_s = f64::from(count) * gb * s.duration_s;
    let utilization = (count > 0 && pc_duration_price > 0.0)
        .then(|| r.cost_usd.provisioned_duration / pc_duration_price / capacity_gb_s);
    Ok(Candidate {
        count,
        metric,
        meets: target.met_by(metric),
        cold_share: r.cold_start_ratio,
        p99_ms: r.latency_ms.all.at(&crate::report::P99),
        spillovers: r.provisioned_spillovers,
        run_cost_usd: r.cost_usd.total,
        monthly_usd: monthly_usd(s, r),
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
