//! What a run costs, from the scenario's price table.
//!
//! - Requests: every attempt that ran on an environment is a billed request (retries included;
//!   throttled and dropped events are not billed).
//! - On-demand duration: memory (GB) × billed duration per attempt, at the architecture's
//!   GB-second price. The billed duration of an attempt is its invoke time plus, when
//!   `prices.bill_init` (AWS since Aug 2025), its init time, rounded UP to
//!   [`BILLING_GRANULARITY_MS`] (1 ms) per attempt as AWS does — see [`billed_duration`]. For
//!   short handlers this is not negligible: a 2.3 ms handler bills 3 ms.
//! - Provisioned capacity: memory × provisioned count × time enabled, each period between
//!   schedule changes rounded up to whole 5-minute increments, over the arrival window.
//! - Duration on provisioned environments: memory × handler time, rounded up the same way, at the
//!   provisioned duration price. Their init — at allocation, and again for each replacement after
//!   a reset or a recycling at the maximum lifetime — is paid by the capacity charge: the count
//!   is billed whether its environments are initialising or idle.

use crate::defaults::{BILLING_GRANULARITY_MS, PC_BILLING_INCREMENT_S, SNAPSTART_CACHE_MIN_S};
use crate::rank::{self, Key};
use crate::report::Cost;
use crate::scenario::{Architecture, Provisioned, Scenario};
use crate::time::Micros;

/// MB in a GB, as AWS counts memory for billing.
const MB_PER_GB: f64 = 1_024.0;

/// Billed usage accumulated by a run, each duration already rounded per attempt.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Usage {
    /// Billed requests (attempts started).
    pub requests: u64,
    /// SnapStart restores (every cold start of a SnapStart function is one).
    pub restores: u64,
    /// Billed duration on on-demand environments (invoke, plus init when billed), µs.
    pub on_demand_us: u128,
    /// Billed duration on provisioned environments, µs.
    pub provisioned_us: u128,
}

/// The billed duration of one attempt: `invoke` plus `init` when init is billed, rounded up to
/// the billing granularity. Every attempt that ran bills at least one increment, since a real
/// invocation always takes some time (a constant-zero handler is a modelling shortcut).
#[inline]
pub fn billed_duration(init: Micros, invoke: Micros, bill_init: bool) -> Micros {
    let run = if bill_init { init + invoke } else { invoke };
    // Rounded up as (run + step − 1) / step: one multiply by the step's inverse, where
    // `div_ceil`'s remainder test took a second (−10 instructions a request; docs/benchmarks.md,
    // "Issue 14, seventeenth round: the SimFaaS grid"). The same for every run short of
    // `u64::MAX` − step µs, half a million years, where the product below would overflow anyway.
    let steps = run.0.saturating_add(BILLING_STEP_US - 1) / BILLING_STEP_US;
    Micros(steps.max(1) * BILLING_STEP_US)
}

/// The billing granularity in µs, a compile-time constant so the per-attempt rounding divides
/// by a known number (a multiply, in the engine's hot path).
const BILLING_STEP_US: u64 = {
    let us = (BILLING_GRANULARITY_MS * 1_000.0) as u64;
    if us == 0 { 1 } else { us }
};

/// Provisioned count as (start, count) periods over `[0, horizon)`, in time order.
pub fn provisioned_periods(p: &Provisioned, horizon: Micros) -> Vec<(Micros, Micros, u32)> {
    let mut changes: Vec<(Micros, u32)> = vec![(Micros::ZERO, p.count)];
    let mut schedule: Vec<_> = p
        .schedule
        .iter()
        .map(|c| (Micros::from_secs_f64(c.at_s), c.count))
        .collect();
    rank::by_key(&mut schedule, |c| Key::ascending_u64(c.0.0));
    changes.extend(schedule.into_iter().filter(|c| c.0 < horizon));
    changes
        .iter()
        .enumerate()
        .map(|(i, &(at, n))| {
            let end = changes.get(i + 1).map_or(horizon, |c| c.0);
            (at, end, n)
        })
        .filter(|&(at, end, _)| end > at)
        .collect()
}

/// The cost of a run.
pub fn cost(s: &Scenario, usage: &Usage, horizon: Micros) -> Cost {
    let p = &s.prices;
    let gb = f64::from(s.function.memory_mb) / MB_PER_GB;
    let (od, pc_capacity, pc_duration) = match s.function.architecture {
        Architecture::X86_64 => (
            p.gb_s_x86_usd,
            p.pc_gb_s_x86_usd,
            p.pc_duration_gb_s_x86_usd,
        ),
        Architecture::Arm64 => (
            p.gb_s_arm_usd,
            p.pc_gb_s_arm_usd,
            p.pc_duration_gb_s_arm_usd,
        ),
    };
    let secs = |us: u128| us as f64 / 1e6;
    let requests = usage.requests as f64 * p.per_request_usd;
    let duration = gb * secs(usage.on_demand_us) * od;
    let provisioned_capacity = s.provisioned.as_ref().map_or(0.0, |pc| {
        provisioned_periods(pc, horizon)
            .iter()
            .map(|&(at, end, n)| {
                let billed = ((end - at).as_secs_f64() / PC_BILLING_INCREMENT_S).ceil()
                    * PC_BILLING_INCREMENT_S;
                f64::from(n) * gb * billed * pc_capacity
            })
            .sum()
    });
    let provisioned_duration = gb * secs(usage.provisioned_us) * pc_duration;
    let (snapstart_cache, snapstart_restore) = snapstart_charges(s, usage, horizon, gb);
    let snapstart_publish = snapstart_publish_init_s(s).map_or(0.0, |secs| {
        gb * secs * od * f64::from(snapstart_publishes(s, horizon))
    });
    Cost {
        requests,
        duration,
        provisioned_capacity,
        provisioned_duration,
        snapstart_cache,
        snapstart_restore,
        snapstart_publish,
        total: requests
            + duration
            + provisioned_capacity
            + provisioned_duration
            + snapstart_cache
            + snapstart_restore
            + snapstart_publish,
    }
}

/// Deploys inside the arrival window, in time order, seconds.
fn deploys_in_window(s: &Scenario, horizon: Micros) -> Vec<f64> {
    let mut at: Vec<f64> = (s.deploys.iter())
        .map(|d| d.at_s)
        .filter(|&t| Micros::from_secs_f64(t) < horizon)
        .collect();
    rank::sort_f64(&mut at);
    at
}

/// SnapStart versions published during the run: the first one if `just_published`, and one
/// per deploy inside the window.
fn snapstart_publishes(s: &Scenario, horizon: Micros) -> u32 {
    let first = s.snapstart.as_ref().is_some_and(|snap| snap.just_published);
    u32::from(first) + deploys_in_window(s, horizon).len() as u32
}

/// The Init that a SnapStart version published during the run runs once to take its snapshot,
/// seconds, at its mean: the zip bootstrap's median plus function init at the configured
/// memory. AWS bills it as duration for every runtime; `None` when it is not billed.
fn snapstart_publish_init_s(s: &Scenario) -> Option<f64> {
    if !s.prices.bill_init {
        return None;
    }
    snapshot_init_s(s)
}

/// How long the Init that takes a SnapStart snapshot runs, seconds, at its mean (`None`
/// without SnapStart): billed here, drawn as a deploy-time step by the operation-order chart.
pub(crate) fn snapshot_init_s(s: &Scenario) -> Option<f64> {
    s.snapstart.as_ref()?;
    let f = &s.function;
    // The zip bootstrap's median: SnapStart functions are zips.
    let (bootstrap_ms, _) = crate::defaults::bootstrap_p50_p90_ms(f.runtime, false);
    let init_ms =
        f.init_ms.mean() * crate::initcost::init_cpu_factor(f.memory_mb, f.init_cpu_bound);
    Some((bootstrap_ms + init_ms) / 1_000.0)
}

/// SnapStart's own charges, (cache, restores), as AWS prices them per runtime: Java pays none;
/// Python and .NET pay for caching the snapshot while the version is active (the whole run, and
/// at least 3 h for a version published at its start) and per GB restored at each cold start.
fn snapstart_charges(s: &Scenario, usage: &Usage, horizon: Micros, gb: f64) -> (f64, f64) {
    use crate::scenario::Runtime;
    let Some(snap) = &s.snapstart else {
        return (0.0, 0.0);
    };
    if !matches!(s.function.runtime, Runtime::Python | Runtime::Dotnet) {
        return (0.0, 0.0);
    }
    let p = &s.prices;
    // Each version is cached from its publish until the next deploy (taken as deleting it) or
    // the run's end; one published during the run pays at least the 3-hour minimum.
    let deploys = deploys_in_window(s, horizon);
    let mut starts = vec![0.0];
    starts.extend(&deploys);
    let end = horizon.as_secs_f64();
    let active_s: f64 = (0..starts.len())
        .map(|i| {
            let span = starts.get(i + 1).copied().unwrap_or(end) - starts[i];
            let published_in_run = i > 0 || snap.just_published;
            if published_in_run {
                span.max(SNAPSTART_CACHE_MIN_S)
            } else {
                span
            }
        })
        .sum();
    (
        gb * active_s * p.snapstart_cache_gb_s_usd,
        gb * usage.restores as f64 * p.snapstart_restore_gb_usd,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ProvisionedChange;

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{"duration_s": 600, "workload": {"kind": "poisson", "rate_per_s": 1},
                "function": {"runtime": "python", "memory_mb": 2048,
                             "handler_ms": {"dist": "constant", "value": 100}},
                "package": {"type": "zip", "zipped_mb": 1, "unzipped_mb": 2}}"#,
        )
        .unwrap()
    }

    #[test]
    fn on_demand_cost_by_hand() {
        let s = scenario();
        let usage = Usage {
            requests: 1_000_000,
            on_demand_us: 500_000_000, // 500 s at 2 GB = 1,000 GB-s
            provisioned_us: 0,
            restores: 0,
        };
        let c = cost(&s, &usage, Micros::from_secs(600));
        assert!((c.requests - 0.20).abs() < 1e-12);
        assert!((c.duration - 1_000.0 * 0.000_016_666_7).abs() < 1e-12);
        assert_eq!(c.provisioned_capacity, 0.0);
        assert!((c.total - c.requests - c.duration).abs() < 1e-12);
    }

    #[test]
    fn rounding_up_matches_a_ceiling_division_at_every_step_edge() {
        // The step's edges, a zero run (one increment), and runs of seconds to a year.
        for k in [0, 1, 2, 3, 999, 1_000, 7_919, 900_000, 31_536_000_000] {
            for run in [k * BILLING_STEP_US, k * BILLING_STEP_US + 1]
                .into_iter()
                .chain((k * BILLING_STEP_US).checked_sub(1))
            {
                let expected = run.div_ceil(BILLING_STEP_US).max(1) * BILLING_STEP_US;
                assert_eq!(
                    billed_duration(Micros::ZERO, Micros(run), false),
                    Micros(expected),
                    "{run} µs"
                );
            }
        }
    }

    #[test]
    fn each_attempt_rounds_up_to_one_millisecond() {
        let ms = Micros::from_ms;
        // 2.3 ms handler → 3 ms; exactly 2 ms stays 2 ms.
        assert_eq!(billed_duration(Micros::ZERO, Micros(2_300), false), ms(3));
        assert_eq!(billed_duration(Micros::ZERO, ms(2), false), ms(2));
        // Init + invoke are rounded once, together: 250.4 + 2.3 = 252.7 → 253 ms.
        assert_eq!(
            billed_duration(Micros(250_400), Micros(2_300), true),
            ms(253)
        );
        // Init not billed: only the invoke counts.
        assert_eq!(
            billed_duration(Micros(250_400), Micros(2_300), false),
            ms(3)
        );
        // Any attempt bills at least one increment.
        assert_eq!(billed_duration(Micros::ZERO, Micros::ZERO, true), ms(1));
    }

    #[test]
    fn provisioned_capacity_rounds_up_to_five_minutes() {
        let mut s = scenario();
        s.function.architecture = Architecture::Arm64;
        s.provisioned = Some(Provisioned {
            count: 2,
            schedule: vec![ProvisionedChange {
                at_s: 60.0,
                count: 0,
            }],
        });
        // 2 envs × 2 GB × 60 s → billed as 300 s.
        let c = cost(&s, &Usage::default(), Micros::from_secs(600));
        let want = 2.0 * 2.0 * 300.0 * 0.000_003_333_4;
        assert!(
            (c.provisioned_capacity - want).abs() < 1e-12,
            "{}",
            c.provisioned_capacity
        );
    }
}
