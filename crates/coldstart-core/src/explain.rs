//! Why results differ, as plain data: [`explain`] turns two reports of one comparison into the
//! structured reasons they differ (which phase moved most, which cold-start causes changed), and
//! [`profile`] does the same for one report alone, so the page and the CLI can phrase it their
//! own way (`coldstart-prose`).

use crate::rank::{self, Key};
use crate::report::{ColdCause, ColdStartPhase, LatencySummary, PhaseSummaries, Report};
use serde::{Deserialize, Serialize};

/// A figure in the base variant and in another, and the other minus the base.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Change<T> {
    /// In the base variant (variant 0).
    pub base: T,
    /// In the variant explained.
    pub other: T,
    /// `other − base`: positive means slower, more or dearer.
    pub delta: T,
}

impl Change<f64> {
    fn of(base: f64, other: f64) -> Self {
        Change {
            base,
            other,
            delta: other - base,
        }
    }
}

impl Change<i64> {
    fn count(base: u64, other: u64) -> Self {
        // Counts are bounded by the run budget, far below i64::MAX; saturate rather than wrap.
        let base = i64::try_from(base).unwrap_or(i64::MAX);
        let other = i64::try_from(other).unwrap_or(i64::MAX);
        Change {
            base,
            other,
            delta: other.saturating_sub(base),
        }
    }
}

/// How the median of one cold-start phase changed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhaseChange {
    /// The phase.
    pub phase: ColdStartPhase,
    /// Its median over the variant's cold starts, ms.
    pub median_ms: Change<f64>,
}

/// How the number of cold starts of one cause changed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CauseChange {
    /// The cause.
    pub cause: ColdCause,
    /// Cold starts of that cause.
    pub count: Change<i64>,
}

/// Why one variant's results differ from the base's, as numbers: what changed, biggest first.
///
/// Medians of phases do not add up to the median cold start (a median is not additive), so the
/// phase list says which phase moved most, not how the total splits. Means do add up, which is
/// why the time environments spend initialising is given as a mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Cold requests in each variant; a side with none has no cold latencies or phases.
    pub cold_starts: Change<i64>,
    /// Cold-start latency p50 (arrival to end of the cold request), ms.
    pub cold_p50_ms: Change<f64>,
    /// Cold-start latency p99, ms.
    pub cold_p99_ms: Change<f64>,
    /// Per-phase medians, sorted by the size of the change (largest first, ties in running
    /// order), so the dominant cause comes first.
    pub phases: Vec<PhaseChange>,
    /// Mean time before the handler (microVM + code fetch + bootstrap + init), ms: how long a
    /// new environment is held before it serves. Shorter holds free environments sooner, so
    /// fewer requests find them all busy and scale out.
    pub init_mean_ms: Change<f64>,
    /// Cold starts by cause, sorted by the size of the change (largest first, ties in
    /// [`ColdCause::ALL`] order).
    pub causes: Vec<CauseChange>,
    /// Environments created.
    pub environments_created: Change<i64>,
    /// Throttle events.
    pub throttles: Change<i64>,
    /// Requests that ended in an error.
    pub errors: Change<i64>,
    /// Requests refused (sync) or dropped (async/stream).
    pub dropped: Change<i64>,
    /// Total cost, USD.
    pub cost_usd: Change<f64>,
    /// The handler's warm-up on an environment, when both runs have warm invocations early and
    /// late on their environments.
    pub warmup: Option<WarmupChange>,
    /// Deploys inside the run (each retires the warm environments).
    pub deploys: Change<i64>,
}

/// How the warm-up changed: the latency of invocations early on an environment (its 2nd to
/// 10th: warm, but before JIT and caches have settled) against late ones (the latest bucket of
/// `Report::latency_by_invocation` both runs reached).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WarmupChange {
    /// p50 latency of invocations 2–10, ms.
    pub early_p50_ms: Change<f64>,
    /// First invocation index of the late bucket (11 or 101).
    pub late_from: u32,
    /// p50 latency of the late bucket, ms.
    pub late_p50_ms: Change<f64>,
}

/// The p50 of the `latency_by_invocation` bucket starting at invocation `first`, if it holds
/// requests.
fn bucket_p50(r: &Report, first: u32) -> Option<f64> {
    (r.latency_by_invocation.iter())
        .find(|b| b.first == first && b.latency_ms.count > 0)
        .map(|b| b.latency_ms.p50)
}

fn warmup_change(base: &Report, other: &Report) -> Option<WarmupChange> {
    let early = Change::of(bucket_p50(base, 2)?, bucket_p50(other, 2)?);
    let (late_from, late) = (base.latency_by_invocation.iter().rev())
        .filter(|b| b.first > 2)
        .find_map(|b| {
            Some((
                b.first,
                bucket_p50(base, b.first)?,
                bucket_p50(other, b.first)?,
            ))
        })
        .map(|(first, b, o)| (first, Change::of(b, o)))?;
    Some(WarmupChange {
        early_p50_ms: early,
        late_from,
        late_p50_ms: late,
    })
}

/// Explains `other` against `base` (two runs of one comparison, so with the same arrivals and
/// handler durations): the cold-start latency change, then the phases and the causes that
/// moved, largest first. Pure arithmetic on the reports; never fails.
pub fn explain(base: &Report, other: &Report) -> Explanation {
    let (bp, op) = (&base.phases_ms, &other.phases_ms);
    let mut phases: Vec<PhaseChange> = ColdStartPhase::ALL
        .iter()
        .map(|&phase| PhaseChange {
            phase,
            median_ms: Change::of(phase.of(bp).p50, phase.of(op).p50),
        })
        .collect();
    // A stable sort keeps running order among equal changes.
    rank::by_key(&mut phases, |p| {
        Key::descending_f64(p.median_ms.delta.abs())
    });
    let mut causes: Vec<CauseChange> = ColdCause::ALL
        .iter()
        .map(|&cause| CauseChange {
            cause,
            count: Change::count(base.cold_by_cause.of(cause), other.cold_by_cause.of(cause)),
        })
        .collect();
    rank::by_key(&mut causes, |c| {
        Key::descending_u64(c.count.delta.unsigned_abs())
    });
    let init_mean =
        |p: &PhaseSummaries| p.microvm.mean + p.code_fetch.mean + p.bootstrap.mean + p.init.mean;
    Explanation {
        cold_starts: Change::count(base.cold_starts, other.cold_starts),
        cold_p50_ms: Change::of(base.latency_ms.cold.p50, other.latency_ms.cold.p50),
        cold_p99_ms: Change::of(base.latency_ms.cold.p99, other.latency_ms.cold.p99),
        phases,
        init_mean_ms: Change::of(init_mean(bp), init_mean(op)),
        causes,
        environments_created: Change::count(base.environments.created, other.environments.created),
        throttles: Change::count(base.throttled, other.throttled),
        errors: Change::count(base.errors, other.errors),
        dropped: Change::count(base.dropped, other.dropped),
        cost_usd: Change::of(base.cost_usd.total, other.cost_usd.total),
        warmup: warmup_change(base, other),
        deploys: Change::count(base.deploys_s.len() as u64, other.deploys_s.len() as u64),
    }
}

/// A phase's median over one variant's cold starts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhaseMedian {
    /// The phase.
    pub phase: ColdStartPhase,
    /// Median, ms.
    pub median_ms: f64,
}

/// Cold starts of one cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseCount {
    /// The cause.
    pub cause: ColdCause,
    /// Cold starts of that cause.
    pub count: u64,
}

/// One variant's cold starts on their own, for when there is nothing to compare with: how
/// often, why, and where the time goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColdStartProfile {
    /// Arrivals.
    pub requests: u64,
    /// Invocations that paid a cold start.
    pub cold_starts: u64,
    /// Cold starts per started invocation.
    pub cold_start_ratio: f64,
    /// Causes with at least one cold start, most frequent first (ties in [`ColdCause::ALL`]
    /// order).
    pub causes: Vec<CauseCount>,
    /// Phase medians, longest first (ties in running order); empty without cold starts.
    pub phases: Vec<PhaseMedian>,
    /// Cold-start latency.
    pub cold_ms: LatencySummary,
    /// Warm latency, for scale.
    pub warm_ms: LatencySummary,
}

/// Profiles one report's cold starts. Pure arithmetic; never fails.
pub fn profile(report: &Report) -> ColdStartProfile {
    let mut causes: Vec<CauseCount> = ColdCause::ALL
        .iter()
        .map(|&cause| CauseCount {
            cause,
            count: report.cold_by_cause.of(cause),
        })
        .filter(|c| c.count > 0)
        .collect();
    rank::by_key(&mut causes, |c| Key::descending_u64(c.count));
    let mut phases: Vec<PhaseMedian> = if report.cold_starts == 0 {
        Vec::new()
    } else {
        ColdStartPhase::ALL
            .iter()
            .map(|&phase| PhaseMedian {
                phase,
                median_ms: phase.of(&report.phases_ms).p50,
            })
            .collect()
    };
    rank::by_key(&mut phases, |p| Key::descending_f64(p.median_ms));
    ColdStartProfile {
        requests: report.requests,
        cold_starts: report.cold_starts,
        cold_start_ratio: report.cold_start_ratio,
        causes,
        phases,
        cold_ms: report.latency_ms.cold,
        warm_ms: report.latency_ms.warm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report with `cold` cold starts whose phase medians and means are `phases_ms`
    /// (microVM, code fetch, bootstrap, init, handler).
    fn report(cold: u64, phases_ms: [f64; 5]) -> Report {
        let mut r = Report {
            requests: 1_000,
            cold_starts: cold,
            cold_start_ratio: cold as f64 / 1_000.0,
            ..Report::default()
        };
        for (phase, ms) in ColdStartPhase::ALL.iter().zip(phases_ms) {
            let s = match phase {
                ColdStartPhase::Microvm => &mut r.phases_ms.microvm,
                ColdStartPhase::CodeFetch => &mut r.phases_ms.code_fetch,
                ColdStartPhase::Bootstrap => &mut r.phases_ms.bootstrap,
                ColdStartPhase::Init => &mut r.phases_ms.init,
                ColdStartPhase::Handler => &mut r.phases_ms.handler,
            };
            *s = LatencySummary {
                count: cold,
                mean: ms,
                p50: ms,
                ..LatencySummary::default()
            };
        }
        r.latency_ms.cold = LatencySummary {
            count: cold,
            p50: phases_ms.iter().sum(),
            p99: 2.0 * phases_ms.iter().sum::<f64>(),
            ..LatencySummary::default()
        };
        r
    }

    /// A report whose invocations 1, 2–10, 11–100 and 101+ had these p50s (0: none).
    fn by_invocation(p50s: [f64; 4]) -> Report {
        let firsts = [1, 2, 11, 101];
        Report {
            latency_by_invocation: (firsts.iter().zip(p50s))
                .map(|(&first, p50)| crate::report::InvocationLatency {
                    first,
                    last: None,
                    latency_ms: LatencySummary {
                        count: u64::from(p50 > 0.0),
                        p50,
                        ..LatencySummary::default()
                    },
                })
                .collect(),
            ..Report::default()
        }
    }

    #[test]
    fn explain_compares_early_and_late_invocations_and_counts_deploys() {
        // A JIT runtime (early invocations three times slower) against no warm-up.
        let flat = by_invocation([300.0, 60.0, 60.0, 60.0]);
        let mut jit = by_invocation([400.0, 180.0, 75.0, 61.0]);
        jit.deploys_s = vec![100.0, 200.0];
        let e = explain(&flat, &jit);
        let w = e.warmup.expect("both have early and late invocations");
        assert_eq!(w.early_p50_ms, Change::of(60.0, 180.0));
        assert_eq!((w.late_from, w.late_p50_ms), (101, Change::of(60.0, 61.0)));
        assert_eq!(
            (e.deploys.base, e.deploys.other, e.deploys.delta),
            (0, 2, 2)
        );
        // Without late invocations in one run, the latest bucket both reached is used.
        let short = by_invocation([300.0, 70.0, 65.0, 0.0]);
        let w = explain(&flat, &short).warmup.expect("11–100 in both");
        assert_eq!(w.late_from, 11);
        // Without early warm invocations, nothing is said.
        assert_eq!(
            explain(&flat, &by_invocation([300.0, 0.0, 0.0, 0.0])).warmup,
            None
        );
    }

    #[test]
    fn explain_puts_the_phase_that_moved_most_first_whatever_its_sign() {
        let zip = report(27, [80.0, 250.0, 135.0, 350.0, 40.0]);
        let image = report(17, [80.0, 40.0, 193.0, 350.0, 40.0]);
        let e = explain(&zip, &image);
        let order: Vec<_> = e.phases.iter().map(|p| p.phase).collect();
        assert_eq!(
            order,
            [
                ColdStartPhase::CodeFetch,
                ColdStartPhase::Bootstrap,
                ColdStartPhase::Microvm,
                ColdStartPhase::Init,
                ColdStartPhase::Handler
            ],
            "largest |change| first, unchanged phases in running order"
        );
        assert_eq!(e.phases[0].median_ms.delta, -210.0);
        assert_eq!(e.phases[1].median_ms.delta, 58.0);
        assert_eq!(e.cold_p50_ms.base, 855.0);
        assert_eq!(e.cold_p50_ms.delta, 703.0 - 855.0);
        assert_eq!(e.cold_p99_ms.delta, 2.0 * (703.0 - 855.0));
        assert_eq!(
            e.init_mean_ms.delta, -152.0,
            "means of phases before the handler add up"
        );
        assert_eq!(e.cold_starts.delta, -10);
    }

    #[test]
    fn explain_splits_the_cold_start_change_by_cause_largest_first() {
        let mut a = report(27, [80.0; 5]);
        a.cold_by_cause.first = 1;
        a.cold_by_cause.scale_out = 18;
        a.cold_by_cause.keep_alive_expired = 8;
        let mut b = report(17, [80.0; 5]);
        b.cold_by_cause.first = 1;
        b.cold_by_cause.scale_out = 12;
        b.cold_by_cause.keep_alive_expired = 4;
        let e = explain(&a, &b);
        let got: Vec<_> = e.causes.iter().map(|c| (c.cause, c.count.delta)).collect();
        assert_eq!(
            got,
            [
                (ColdCause::ScaleOut, -6),
                (ColdCause::KeepAliveExpired, -4),
                (ColdCause::First, 0),
                (ColdCause::LifetimeExpired, 0),
                (ColdCause::Reset, 0),
                (ColdCause::Deploy, 0)
            ]
        );
        let total: i64 = e.causes.iter().map(|c| c.count.delta).sum();
        assert_eq!(
            total, e.cold_starts.delta,
            "the causes account for the whole change"
        );
    }

    #[test]
    fn explain_reports_throttles_errors_and_cost_as_other_minus_base() {
        let mut a = report(5, [1.0; 5]);
        a.throttled = 3;
        a.errors = 7;
        a.dropped = 1;
        a.cost_usd.total = 0.25;
        let mut b = a.clone();
        b.throttled = 10;
        b.errors = 2;
        b.cost_usd.total = 0.20;
        let e = explain(&a, &b);
        assert_eq!(
            (e.throttles.base, e.throttles.other, e.throttles.delta),
            (3, 10, 7)
        );
        assert_eq!(e.errors.delta, -5);
        assert_eq!(e.dropped.delta, 0);
        assert!((e.cost_usd.delta + 0.05).abs() < 1e-12);
        let same = explain(&a, &a);
        assert!(same.phases.iter().all(|p| p.median_ms.delta == 0.0));
        assert_eq!(same.cold_starts.delta, 0);
    }

    #[test]
    fn profile_ranks_causes_and_phases_and_drops_empty_causes() {
        let mut r = report(20, [80.0, 12.0, 135.0, 400.0, 40.0]);
        r.cold_by_cause.first = 1;
        r.cold_by_cause.scale_out = 4;
        r.cold_by_cause.keep_alive_expired = 15;
        let p = profile(&r);
        let causes: Vec<_> = p.causes.iter().map(|c| (c.cause, c.count)).collect();
        assert_eq!(
            causes,
            [
                (ColdCause::KeepAliveExpired, 15),
                (ColdCause::ScaleOut, 4),
                (ColdCause::First, 1)
            ]
        );
        assert_eq!(p.phases[0].phase, ColdStartPhase::Init);
        assert_eq!(p.phases[1].phase, ColdStartPhase::Bootstrap);
        assert_eq!(
            p.phases.last().map(|x| x.phase),
            Some(ColdStartPhase::CodeFetch)
        );
        assert!(profile(&report(0, [0.0; 5])).phases.is_empty());
    }
}
