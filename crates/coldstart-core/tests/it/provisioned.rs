//! Provisioned concurrency: never cold, preferred, spill-over, schedule changes, replacement
//! after a reset, recycling at the maximum lifetime.

use super::common::*;
use coldstart_core::EnvState;
use coldstart_core::report::{ColdCause, Outcome};
use coldstart_core::scenario::{Provisioned, ProvisionedChange};
use coldstart_core::{Dist, Micros, Scenario, ScenarioError, Simulation};

#[test]
fn provisioned_environments_are_never_cold_and_spill_over() {
    let mut s = without_snapstart(base(1_000.0, Some(60.0), &[0.0, 0.0, 0.0, 5_000.0], 10.0));
    s.provisioned = Some(Provisioned {
        count: 2,
        schedule: vec![],
    });
    let r = run(&s);
    let on_pc: Vec<_> = r.samples.iter().filter(|x| x.provisioned).collect();
    assert_eq!(on_pc.len(), 3, "two at once, then the later one");
    assert!(
        on_pc
            .iter()
            .all(|x| x.cold.is_none() && x.phases.init_total().0 == 0)
    );
    assert_eq!(r.cold_starts, 1);
    assert_eq!(r.cold_by_cause.scale_out, 1, "a spill-over is a scale-out");
    assert_eq!(r.provisioned_spillovers, 1);
    // At 5 s the on-demand env is idle too, but provisioned ones are preferred.
    assert!(rec(&r, 3).provisioned);
    assert!((r.environments.mean_provisioned - 2.0).abs() < 1e-9);
    assert!(r.cost_usd.provisioned_capacity > 0.0);
    assert!(r.cost_usd.provisioned_duration > 0.0);
}

#[test]
fn schedule_adds_and_removes_provisioned_environments() {
    let mut s = without_snapstart(base(100.0, Some(60.0), &[], 40.0));
    s.provisioned = Some(Provisioned {
        count: 1,
        schedule: vec![
            ProvisionedChange {
                at_s: 10.0,
                count: 3,
            },
            ProvisionedChange {
                at_s: 30.0,
                count: 0,
            },
        ],
    });
    let r = run(&s);
    // 1 for 10 s, 3 from 10 s to 30 s, 0 after: (10 + 3×20) / 40. The two added environments
    // count from their allocation (initialising ones are provisioned too).
    let want = (10.0 + 3.0 * 20.0) / 40.0;
    assert!(
        (r.environments.mean_provisioned - want).abs() < 1e-9,
        "{} vs {want}",
        r.environments.mean_provisioned
    );
    assert_eq!(r.environments.created, 3);
}

/// Function init of the scenarios below, ms: constant and not CPU-bound, so exact.
const INIT_MS: u64 = 1_000;
/// Least time a new environment takes to be ready, ms: `base`'s constant 50 ms microVM plus the
/// function init. The rest — the 1 MB zip's fetch and the ~15 ms custom-runtime bootstrap
/// (a log-normal, since SnapStart cannot be combined with provisioned concurrency) — is well
/// under [`SLACK_MS`], so the tests place requests clear of both ends of each window.
const READY_MS: u64 = 50 + INIT_MS;
/// Upper bound on the code fetch plus bootstrap, ms.
const SLACK_MS: u64 = 100;

/// `base` without SnapStart, with a 1 s function init and `count` provisioned environments.
fn with_provisioned(handler_ms: f64, arrivals_ms: &[f64], duration_s: f64, count: u32) -> Scenario {
    let mut s = without_snapstart(base(handler_ms, Some(60.0), arrivals_ms, duration_s));
    s.function.init_ms = Dist::constant(INIT_MS as f64);
    s.function.init_cpu_bound = 0.0;
    s.provisioned = Some(Provisioned {
        count,
        schedule: vec![],
    });
    s
}

#[test]
fn a_timed_out_provisioned_environment_is_replaced() {
    // Every request times out: handler 2 s, timeout 1 s. One provisioned environment (id 0).
    //   0 ms    request 0 warm on env 0; times out at 1,000 → env 0 is reset and its
    //           replacement, env 1, initialises from 1,000 to 1,000 + READY_MS (+ < SLACK_MS).
    //   1,100   request 1 finds no idle provisioned env: spills over, cold on on-demand env 2
    //           (cause: the reset), and times out 1 s after its init.
    //   2,200   request 2 warm on the replacement, env 1; times out at 3,200, and env 1 is
    //           replaced in turn by env 3.
    let mut s = with_provisioned(2_000.0, &[0.0, 1_100.0, 2_200.0], 4.0, 1);
    s.function.timeout_s = 1.0;
    const { assert!(1_000 + READY_MS + SLACK_MS < 2_200) };
    let r = run(&s);
    assert_conservation(&r);
    assert_eq!(r.timeouts, 3);
    let r0 = rec(&r, 0);
    assert_eq!(
        (r0.env_id, r0.provisioned, r0.end),
        (Some(0), true, ms(1_000))
    );
    let r1 = rec(&r, 1);
    assert_eq!((r1.env_id, r1.provisioned), (Some(2), false));
    assert_eq!(
        r1.cold,
        Some(ColdCause::Reset),
        "the spill-over is the reset's doing"
    );
    assert_eq!(r1.phases.init, ms(INIT_MS));
    assert_eq!(r1.end, ms(1_100) + r1.phases.init_total() + ms(1_000));
    let r2 = rec(&r, 2);
    assert_eq!((r2.env_id, r2.provisioned, r2.cold), (Some(1), true, None));
    assert_eq!((r2.start, r2.end), (ms(2_200), ms(3_200)));
    // Four environments, one cold start, and the provisioned count never drops (a
    // replacement counts from its allocation).
    assert_eq!(r.environments.created, 4);
    assert_eq!(r.cold_starts, 1);
    assert_eq!(r.provisioned_spillovers, 1);
    assert!((r.environments.mean_provisioned - 1.0).abs() < 1e-12);
}

#[test]
fn the_replacement_initialises_before_it_takes_requests() {
    let mut s = with_provisioned(2_000.0, &[0.0], 3.0, 1);
    s.function.timeout_s = 1.0;
    let mut sim = Simulation::new(&s).unwrap();
    sim.step_until(ms(1_000));
    assert_eq!(sim.environment(0), Some(EnvState::Terminated));
    assert_eq!(sim.environment(1), Some(EnvState::Initializing));
    assert_eq!(sim.counts().provisioned, 1);
    sim.step_until(ms(1_000 + READY_MS) - Micros(1));
    assert_eq!(sim.environment(1), Some(EnvState::Initializing));
    sim.step_until(ms(1_000 + READY_MS + SLACK_MS));
    assert_eq!(sim.environment(1), Some(EnvState::Idle));
}

#[test]
fn provisioned_environments_are_recycled_at_their_lifetime_once_idle() {
    // Lifetime 10 s for every environment; handler 100 ms; one provisioned env (id 0, born 0).
    //   9,950 ms  request 0 warm on env 0, still running at its 10 s lifetime: not interrupted,
    //             ends 10,050; env 0 is then recycled: env 1 initialises from 10,050.
    //   10,100    request 1 spills over, cold on on-demand env 2 (cause: lifetime).
    //   11,300    request 2 warm on env 1 (ready before 10,050 + READY_MS + SLACK_MS).
    //   20,050    env 1 (born 10,050) reaches its lifetime idle: recycled at once, env 3
    //             initialises from 20,050.
    //   20,080    request 3 spills over warm onto env 2 (idle, retires at 20,100), ends
    //             20,180; env 2 is then past its lifetime and goes.
    //   21,300    request 4 warm on env 3.
    let arrivals = [9_950.0, 10_100.0, 11_300.0, 20_080.0, 21_300.0];
    let mut s = with_provisioned(100.0, &arrivals, 25.0, 1);
    s.platform.max_lifetime_s = Some(Dist::constant(10.0));
    const { assert!(10_050 + READY_MS + SLACK_MS < 11_300 && 20_050 + READY_MS + SLACK_MS < 21_300) };
    let r = run(&s);
    assert_conservation(&r);
    let r0 = rec(&r, 0);
    assert_eq!(
        (r0.env_id, r0.outcome, r0.end),
        (Some(0), Outcome::Ok, ms(10_050))
    );
    assert_eq!(
        r0.phases.handler,
        ms(100),
        "recycling never interrupts a request"
    );
    let r1 = rec(&r, 1);
    assert_eq!((r1.env_id, r1.provisioned), (Some(2), false));
    assert_eq!(r1.cold, Some(ColdCause::LifetimeExpired));
    assert_eq!(r1.end, ms(10_100) + r1.phases.init_total() + ms(100));
    let r2 = rec(&r, 2);
    assert_eq!((r2.env_id, r2.provisioned, r2.cold), (Some(1), true, None));
    let r3 = rec(&r, 3);
    assert_eq!((r3.env_id, r3.provisioned, r3.cold), (Some(2), false, None));
    assert_eq!(r3.end, ms(20_180));
    let r4 = rec(&r, 4);
    assert_eq!((r4.env_id, r4.provisioned, r4.cold), (Some(3), true, None));
    assert_eq!((r4.start, r4.end), (ms(21_300), ms(21_400)));
    // The two replacements are environments created, never cold starts of a request.
    assert_eq!(r.environments.created, 4);
    assert_eq!(r.cold_starts, 1);
    assert_eq!(r.cold_by_cause.lifetime_expired, 1);
    assert_eq!(r.provisioned_spillovers, 2);
    assert!((r.environments.mean_provisioned - 1.0).abs() < 1e-12);
}

#[test]
fn an_idle_provisioned_environment_is_recycled_at_its_lifetime() {
    let mut s = with_provisioned(100.0, &[], 25.0, 2);
    s.platform.max_lifetime_s = Some(Dist::constant(10.0));
    let mut sim = Simulation::new(&s).unwrap();
    sim.step_until(ms(10_000) - Micros(1));
    assert_eq!(sim.environment(0), Some(EnvState::Idle));
    sim.step_until(ms(10_000));
    // Both (born together) are replaced together, by envs 2 and 3.
    assert_eq!(sim.environment(0), Some(EnvState::Terminated));
    assert_eq!(sim.environment(1), Some(EnvState::Terminated));
    assert_eq!(sim.environment(2), Some(EnvState::Initializing));
    assert_eq!(sim.environment(3), Some(EnvState::Initializing));
    assert_eq!(sim.counts().provisioned, 2);
    sim.step_until(ms(10_000 + READY_MS + SLACK_MS));
    assert_eq!(sim.environment(3), Some(EnvState::Idle));
    // Their lifetime counts from their creation at 10 s: replaced again at 20 s.
    sim.step_until(ms(20_000) - Micros(1));
    assert_eq!(sim.environment(3), Some(EnvState::Idle));
    sim.step_until(ms(20_000));
    assert_eq!(sim.environment(3), Some(EnvState::Terminated));
    sim.run_to_end();
    let r = sim.into_report();
    assert_eq!(r.environments.created, 6);
    assert_eq!(r.cold_starts, 0);
}

#[test]
fn a_provisioned_loss_during_a_pending_scale_down_is_not_replaced() {
    // Two provisioned envs; every request times out after 1 s. Requests at 0 and 300 ms take
    // both, so the drop to one at 500 ms waits for one of them. The first reset (1,000 ms)
    // completes that scale-down: no replacement. The second (1,300 ms) is replaced, keeping
    // the one still configured.
    let mut s = with_provisioned(2_000.0, &[0.0, 300.0], 3.0, 2);
    s.function.timeout_s = 1.0;
    s.provisioned = Some(Provisioned {
        count: 2,
        schedule: vec![ProvisionedChange {
            at_s: 0.5,
            count: 1,
        }],
    });
    let r = run(&s);
    assert_eq!(r.timeouts, 2);
    assert_eq!(
        r.environments.created, 3,
        "two at the start, one replacement"
    );
    // Two alive until 1 s, then one (the replacement counts from its allocation): (2 + 2) / 3.
    assert!((r.environments.mean_provisioned - 4.0 / 3.0).abs() < 1e-9);
}

#[test]
fn a_zero_lifetime_for_provisioned_environments_is_refused_as_unbounded() {
    // Recycling is driven by the lifetime alone, so a zero one would never end; on-demand
    // environments recycle only when a request finishes, so for them it is fine.
    let mut s = with_provisioned(100.0, &[0.0], 3.0, 1);
    s.platform.max_lifetime_s = Some(Dist::constant(0.0));
    assert!(matches!(
        coldstart_core::run(&s),
        Err(ScenarioError::TooBig { .. })
    ));
    s.provisioned = None;
    assert!(coldstart_core::run(&s).is_ok());
}

#[test]
fn a_provisioned_image_may_load_past_the_on_demand_init_limit() {
    // An image reading 6 GB at init loads for longer than 10 s. On demand that Init is cut and
    // retried; a provisioned environment initialises off the request path, where AWS allows a
    // longer Init, so it loads once and serves warm once ready.
    let mut s = without_snapstart(base(10.0, None, &[60_000.0], 120.0));
    s.function.runtime = coldstart_core::scenario::Runtime::Python;
    s.package = coldstart_core::Package::Image {
        image_mb: 10_240.0,
        base_mb: None,
        read_at_init: coldstart_core::package::ReadAtInit::Mb(6_144.0),
        shared_fraction: 0.0,
        just_deployed: false,
        cache: Default::default(),
    };
    s.provisioned = Some(Provisioned {
        count: 1,
        schedule: vec![],
    });
    let r = run(&s);
    assert_eq!(r.init_retried, 0);
    assert_eq!(r.cold_starts, 0);
    assert!(rec(&r, 0).provisioned && rec(&r, 0).cold.is_none());
    // The same image on demand is cut at the limit and retried.
    s.provisioned = None;
    let on_demand = run(&s);
    assert_eq!((on_demand.cold_starts, on_demand.init_retried), (1, 1));
}
