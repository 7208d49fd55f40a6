//! The hourly provisioned-concurrency planner: the least schedule — one count per hour —
//! that meets a target, beside the least constant count ([`super::provisioned`]) and on-demand,
//! each with its monthly cost.
//!
//! Method. First the constant search runs as it does alone; its answer N bounds every hour.
//! Then each hour h gets its expected **busy environments** by Little's law, `R_h = λ_h × W`:
//! the hour's expected arrival rate ([`crate::workload::mean_arrivals`]) times the handler's
//! mean duration (what a request holds a provisioned environment for). Hours are sized by
//! square-root staffing, `n_h(β) = min(⌊R_h + β √R_h⌋, N)` (0 where `R_h = 0`): under Poisson
//! arrivals the busy count is Poisson with mean `R_h`, whose spread is `√R_h`, so one safety
//! factor β gives every hour the same chance of finding its environments all busy. As β grows
//! the schedules form a **ladder**: each rung adds one environment to one hour (hours whose
//! breakpoints `(k − R_h) / √R_h` coincide step together), from all zeros (on-demand, which
//! the constant search ran) to N in every hour with traffic (the top). The planner simulates the
//! top with the first round, then narrows the least meeting rung with
//! [`PLAN_PROBES_PER_ROUND`](d::PLAN_PROBES_PER_ROUND) rungs per round, as the constant search
//! narrows counts. Like it, the search assumes the metric improves up the ladder and checks the
//! answer and the rung below, both simulated.
//!
//! The target is the whole run's, as for the constant count: a schedule may leave a quiet hour
//! with a higher cold-start share than a busy one. Increases are made
//! [`PLAN_SCHEDULE_LEAD_S`](d::PLAN_SCHEDULE_LEAD_S) before their hour, since the new
//! environments initialise before they take requests (the model's allocation); decreases at the
//! hour.

use super::provisioned::{self, ProvisionedPlan, interior, probes, rounds};
use super::{Measure, Remaining, Target, Variation, check_budget};
use crate::defaults as d;
use crate::error::ScenarioError;
use crate::report::Report;
use crate::scenario::{Provisioned, ProvisionedChange, Scenario};
use serde::{Deserialize, Serialize};

/// One hour of the run (the last may be shorter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    /// Start, seconds from the run's start.
    pub start_s: f64,
    /// Length, seconds.
    pub length_s: f64,
    /// Expected arrivals per second over the slot.
    pub rate_per_s: f64,
    /// Expected busy environments, `rate × mean handler duration` (Little's law).
    pub mean_busy: f64,
}

/// One simulated schedule of the ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleCandidate {
    /// Its rung: 1 (the first environment added) up to the ladder's top.
    pub rung: u32,
    /// The safety factor β whose schedule this is: `count = min(⌊busy + β √busy⌋, N)` per slot.
    pub safety: f64,
    /// Provisioned environments per slot.
    pub counts: Vec<u32>,
    /// The schedule as the scenario's `provisioned` field (increases ahead of their hour).
    pub provisioned: Provisioned,
    /// The provisioned count averaged over the run.
    pub mean_count: f64,
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
}

/// The hourly plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchedulePlan {
    /// What the schedule must achieve.
    pub target: Target,
    /// The constant plan: its answer N caps every hour, its on-demand run is rung 0.
    pub constant: ProvisionedPlan,
    /// The slot length, seconds.
    pub slot_s: f64,
    /// How long before its slot an increase is made, seconds.
    pub lead_s: f64,
    /// The handler's mean duration, ms: Little's law's W.
    pub mean_handler_ms: f64,
    /// The run's slots with their expected rates.
    pub slots: Vec<Slot>,
    /// Rungs on the ladder (0 when there is nothing to schedule: on-demand meets the target,
    /// no constant count does, or no slot has traffic).
    pub rungs: u32,
    /// The least schedule meeting the target; `None` when the ladder was not searched or its
    /// top misses the target (then the constant count is the answer).
    pub answer: Option<ScheduleCandidate>,
    /// The rung below the answer, which misses the target (`None` when the answer is rung 1:
    /// below it is on-demand, `constant.on_demand`).
    pub below_answer: Option<ScheduleCandidate>,
    /// Simulated rungs above the answer that miss the target: evidence against the monotone
    /// assumption.
    pub not_monotone: Vec<u32>,
    /// Every simulated schedule, by rung.
    pub series: Vec<ScheduleCandidate>,
}

/// Plans an hourly provisioned-concurrency schedule for `scenario`'s workload; `runner` as for
/// [`super::provisioned::provisioned`], whose search runs first.
pub fn schedule<R>(
    scenario: &Scenario,
    target: Target,
    runner: &mut R,
) -> Result<SchedulePlan, ScenarioError>
where
    R: FnMut(&[Scenario]) -> Result<Vec<Report>, ScenarioError>,
{
    super::drive(Search::new(scenario, target)?, runner)
}

/// The rungs of the ladder: every safety factor at which some slot gains an environment.
#[derive(Debug, Clone)]
struct Ladder {
    /// Expected busy environments per slot.
    busy: Vec<f64>,
    /// The constant answer: no slot gets more.
    cap: u32,
    /// Distinct breakpoints, ascending: rung `i` (1-based) is the schedule at `betas[i − 1]`.
    betas: Vec<f64>,
}

/// The safety factor at which a slot of `busy` expected environments gains its `k`-th.
fn breakpoint(k: u32, busy: f64) -> f64 {
    (f64::from(k) - busy) / busy.sqrt()
}

impl Ladder {
    fn new(busy: Vec<f64>, cap: u32) -> Result<Ladder, ScenarioError> {
        let rungs: usize = busy.iter().filter(|&&r| r > 0.0).count() * cap as usize;
        if rungs > d::PLAN_SCHEDULE_MAX_RUNGS {
            return Err(ScenarioError::TooBig {
                message: format!(
                    "an hourly schedule over {} hours of up to {cap} environments has {rungs} \
                     possible steps, more than the planner's limit of {}; plan a representative \
                     day (duration_s at most 86,400)",
                    busy.len(),
                    d::PLAN_SCHEDULE_MAX_RUNGS
                ),
            });
        }
        let mut betas: Vec<f64> = Vec::with_capacity(rungs);
        for &r in busy.iter().filter(|&&r| r > 0.0) {
            betas.extend((1..=cap).map(|k| breakpoint(k, r)));
        }
        crate::rank::sort_f64(&mut betas);
        betas.dedup();
        Ok(Ladder { busy, cap, betas })
    }

    fn rungs(&self) -> u32 {
        self.betas.len() as u32
    }

    /// The safety factor of rung `i` (≥ 1).
    fn beta(&self, rung: u32) -> f64 {
        self.betas[rung as usize - 1]
    }

    /// Environments per slot at rung `i` (≥ 1): per slot, how many of its breakpoints are at
    /// or below the rung's β (the same arithmetic as the ladder's, so rungs are exact).
    fn counts(&self, rung: u32) -> Vec<u32> {
        let beta = self.beta(rung);
        (self.busy.iter())
            .map(|&r| {
                if r <= 0.0 {
                    return 0;
                }
                let (mut lo, mut hi) = (0, self.cap);
                while lo < hi {
                    let mid = lo + (hi - lo).div_ceil(2);
                    if breakpoint(mid, r) <= beta {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                lo
            })
            .collect()
    }
}

/// The schedule of `counts` per slot: the first slot's count from the start (allocated before
/// traffic), each increase `lead_s` before its slot, each decrease at its slot.
pub fn provisioned_for(slots: &[Slot], counts: &[u32], lead_s: f64) -> Provisioned {
    let mut schedule = Vec::new();
    for (h, w) in counts.windows(2).enumerate() {
        let start = slots[h + 1].start_s;
        if w[1] > w[0] {
            schedule.push(ProvisionedChange {
                at_s: (start - lead_s).max(0.0),
                count: w[1],
            });
        } else if w[1] < w[0] {
            schedule.push(ProvisionedChange {
                at_s: start,
                count: w[1],
            });
        }
    }
    Provisioned {
        count: counts.first().copied().unwrap_or(0),
        schedule,
    }
}

/// The run's slots and their expected rates and busy environments.
fn slots(s: &Scenario, mean_handler_s: f64) -> Vec<Slot> {
    let arrivals =
        crate::workload::mean_arrivals_by_slot(&s.workload, d::PLAN_SCHEDULE_SLOT_S, s.duration_s);
    (arrivals.iter().enumerate())
        .map(|(h, &n)| {
            let start_s = h as f64 * d::PLAN_SCHEDULE_SLOT_S;
            let length_s = d::PLAN_SCHEDULE_SLOT_S.min(s.duration_s - start_s);
            let rate_per_s = n / length_s;
            Slot {
                start_s,
                length_s,
                rate_per_s,
                mean_busy: rate_per_s * mean_handler_s,
            }
        })
        .collect()
}

/// Where the search stands after the constant search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// The constant search is running.
    Constant,
    /// Rung `lo` misses (0: on-demand); `hi` is the least rung seen meeting (`None`: the top
    /// is in the next batch).
    Ladder { lo: u32, hi: Option<u32> },
    /// Over: the least rung meeting, if any.
    Done(Option<u32>),
}

/// The hourly search as a state machine: the constant search's batches, then the ladder's.
#[derive(Debug, Clone)]
pub(super) struct Search {
    target: Target,
    constant: provisioned::Search,
    phase: Phase,
    slots: Vec<Slot>,
    mean_handler_ms: f64,
    ladder: Option<Ladder>,
    /// The rungs of the batch handed out and not yet accepted.
    pending: Vec<u32>,
    seen: super::Seen<ScheduleCandidate>,
}

impl Search {
    pub(super) fn new(scenario: &Scenario, target: Target) -> Result<Search, ScenarioError> {
        let constant = provisioned::Search::new(scenario, target)?;
        let mean_handler_ms = scenario.function.handler_ms.mean();
        Ok(Search {
            target,
            constant,
            phase: Phase::Constant,
            slots: slots(scenario, mean_handler_ms / 1_000.0),
            mean_handler_ms,
            ladder: None,
            pending: Vec::new(),
            seen: super::Seen::new(),
        })
    }

    /// Rung `i`'s schedule.
    fn schedule(&self, ladder: &Ladder, rung: u32) -> Provisioned {
        provisioned_for(&self.slots, &ladder.counts(rung), d::PLAN_SCHEDULE_LEAD_S)
    }

    /// The scenario with rung `i`'s schedule.
    fn candidate_scenario(&self, ladder: &Ladder, rung: u32) -> Scenario {
        let mut s = self.constant.scenario().clone();
        s.provisioned = Some(self.schedule(ladder, rung));
        s
    }

    /// Builds the ladder once the constant search is over, checking the work bound.
    fn start_ladder(&mut self) -> Result<Phase, ScenarioError> {
        let n = match self.constant.answer() {
            Some(n) if n > 0 => n,
            _ => return Ok(Phase::Done(None)),
        };
        let ladder = Ladder::new(self.slots.iter().map(|s| s.mean_busy).collect(), n)?;
        let top = ladder.rungs();
        if top == 0 {
            return Ok(Phase::Done(None));
        }
        let done = self.constant.runs_done();
        let worst = done + ladder_runs(top);
        let per_run = crate::validation::estimate(&self.candidate_scenario(&ladder, top)).events;
        check_budget("hourly provisioned-concurrency", worst, per_run)?;
        self.ladder = Some(ladder);
        Ok(Phase::Ladder { lo: 0, hi: None })
    }
}

/// Runs the ladder's search makes at most over `top` rungs: the first round with the top, then
/// rounds of probes.
fn ladder_runs(top: u32) -> usize {
    1 + (rounds(top) + 1) * probes()
}

impl super::Search for Search {
    type Plan = SchedulePlan;

    fn base(&self) -> &Scenario {
        self.constant.scenario()
    }

    fn next(&mut self) -> Result<Option<Vec<Variation>>, ScenarioError> {
        if self.phase == Phase::Constant {
            if let Some(batch) = self.constant.next()? {
                return Ok(Some(batch));
            }
            self.phase = self.start_ladder()?;
        }
        let Some(ladder) = &self.ladder else {
            return Ok(None);
        };
        self.pending = match self.phase {
            Phase::Ladder { lo: _, hi: None } => {
                let top = ladder.rungs();
                let mut batch = interior(0, top);
                batch.push(top);
                batch
            }
            Phase::Ladder { lo, hi: Some(hi) } if hi - lo <= 1 => {
                self.phase = Phase::Done(Some(hi));
                return Ok(None);
            }
            Phase::Ladder { lo, hi: Some(hi) } => interior(lo, hi),
            Phase::Constant | Phase::Done(_) => return Ok(None),
        };
        Ok(Some(
            (self.pending.iter())
                .map(|&i| Variation::Provisioned {
                    provisioned: Some(self.schedule(ladder, i)),
                })
                .collect(),
        ))
    }

    fn accept(&mut self, measures: &[Measure]) -> Result<(), ScenarioError> {
        if self.phase == Phase::Constant {
            return self.constant.accept(measures);
        }
        super::expect_len(measures, self.pending.len())?;
        let ladder = self.ladder.as_ref().ok_or_else(super::unfinished)?;
        let batch = std::mem::take(&mut self.pending);
        for (&rung, m) in batch.iter().zip(measures) {
            let pc = self.schedule(ladder, rung);
            let mean_count =
                super::mean_provisioned(Some(&pc), self.constant.scenario().duration_s);
            let metric = self.target.measure_or_refuse(m)?;
            self.seen.insert(
                rung,
                ScheduleCandidate {
                    rung,
                    safety: ladder.beta(rung),
                    counts: ladder.counts(rung),
                    provisioned: pc,
                    mean_count,
                    metric,
                    meets: self.target.met_by(metric),
                    cold_share: m.cold_share,
                    p99_ms: m.all_p99_ms,
                    spillovers: m.spillovers,
                    run_cost_usd: m.run_cost_usd,
                    monthly_usd: m.monthly_usd,
                },
            );
        }
        let meets = |i: u32| self.seen[&i].meets;
        if let Phase::Ladder { lo, hi } = self.phase {
            let least = batch.iter().copied().find(|&i| meets(i));
            self.phase = match (least, hi) {
                (Some(h), _) => {
                    let lo = (batch.iter().copied())
                        .filter(|&i| i < h && !meets(i))
                        .max()
                        .unwrap_or(lo)
                        .max(lo);
                    Phase::Ladder { lo, hi: Some(h) }
                }
                // The top misses: no schedule below the constant count meets the target.
                (None, None) => Phase::Done(None),
                (None, Some(h)) => Phase::Ladder {
                    lo: batch.iter().copied().max().unwrap_or(lo).max(lo),
                    hi: Some(h),
                },
            };
        }
        Ok(())
    }

    fn remaining(&self) -> Remaining {
        let p = probes();
        match self.phase {
            Phase::Constant => {
                let c = super::Search::remaining(&self.constant);
                // The ladder's top is at most every slot at the constant search's ceiling.
                let top = (self.slots.len() as u64 * u64::from(self.constant.ceiling()))
                    .min(d::PLAN_SCHEDULE_MAX_RUNGS as u64) as u32;
                Remaining {
                    batches: c.batches + rounds(top) + 1,
                    runs: c.runs + ladder_runs(top),
                }
            }
            Phase::Ladder { lo, hi } => {
                let top = self.ladder.as_ref().map_or(0, Ladder::rungs);
                match hi {
                    None => Remaining {
                        batches: rounds(top) + 1,
                        runs: ladder_runs(top),
                    },
                    Some(h) => Remaining {
                        batches: rounds(h - lo),
                        runs: rounds(h - lo) * p,
                    },
                }
            }
            Phase::Done(_) => Remaining::NONE,
        }
    }

    fn finish(self) -> Result<SchedulePlan, ScenarioError> {
        let Phase::Done(answer) = self.phase else {
            return Err(super::unfinished());
        };
        let not_monotone = match answer {
            Some(a) => (self.seen.values())
                .filter(|c| c.rung > a && !c.meets)
                .map(|c| c.rung)
                .collect(),
            None => Vec::new(),
        };
        Ok(SchedulePlan {
            target: self.target,
            constant: self.constant.plan()?,
            slot_s: d::PLAN_SCHEDULE_SLOT_S,
            lead_s: d::PLAN_SCHEDULE_LEAD_S,
            mean_handler_ms: self.mean_handler_ms,
            slots: self.slots,
            rungs: self.ladder.as_ref().map_or(0, Ladder::rungs),
            answer: answer.and_then(|a| self.seen.get(&a).cloned()),
            below_answer: answer
                .filter(|&a| a > 1)
                .and_then(|a| self.seen.get(&(a - 1)).cloned()),
            not_monotone,
            series: self.seen.into_values().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_adds_one_environment_at_a_time_from_none_to_the_cap() {
        // Two busy hours alike, one quiet, one at a quarter of the load.
        let ladder = Ladder::new(vec![4.0, 0.0, 4.0, 1.0], 6).expect("small");
        // Busy hours: breakpoints (k − 4) / 2 for k = 1..6, shared; the light hour (k − 1) / 1.
        // Distinct: −1.5, −1, −0.5, 0, 0.5, 1 (busy) and 0, 1, 2, 3, 4, 5 (light) → 10.
        assert_eq!(ladder.rungs(), 10);
        assert_eq!(ladder.counts(1), vec![1, 0, 1, 0]);
        assert_eq!(ladder.beta(4), 0.0);
        // At β = 0 Little's law alone: 4 busy, 1 light.
        assert_eq!(ladder.counts(4), vec![4, 0, 4, 1]);
        assert_eq!(ladder.counts(10), vec![6, 0, 6, 6]);
        // Every rung is above the one below it in some hour and below it in none.
        for i in 2..=10 {
            let (a, b) = (ladder.counts(i - 1), ladder.counts(i));
            assert!(a.iter().zip(&b).all(|(x, y)| x <= y), "{i}: {a:?} {b:?}");
            assert_ne!(a, b, "{i}");
        }
    }

    #[test]
    fn a_ladder_past_its_bound_is_refused() {
        let e = Ladder::new(vec![1.0; 1_000], 101).expect_err("too many");
        assert!(matches!(e, ScenarioError::TooBig { .. }), "{e}");
        assert!(e.to_string().contains("representative day"), "{e}");
    }

    #[test]
    fn increases_come_ahead_of_their_hour_and_decreases_at_it() {
        let slots: Vec<Slot> = (0..4)
            .map(|h| Slot {
                start_s: f64::from(h) * 3_600.0,
                length_s: 3_600.0,
                rate_per_s: 0.0,
                mean_busy: 0.0,
            })
            .collect();
        let pc = provisioned_for(&slots, &[3, 0, 3, 3], 300.0);
        assert_eq!(pc.count, 3);
        let changes: Vec<(f64, u32)> = pc.schedule.iter().map(|c| (c.at_s, c.count)).collect();
        assert_eq!(changes, vec![(3_600.0, 0), (6_900.0, 3)]);
    }
}
