//! Properties over random scenarios (proptest).

use super::common::*;
use coldstart_core::report::Outcome;
use coldstart_core::scenario::{Invocation, Placement, Provisioned, Scaling, Workload};
use coldstart_core::{Dist, Scenario};
use proptest::prelude::*;

fn dist_ms() -> impl Strategy<Value = Dist> {
    prop_oneof![
        (0.0..2_000.0).prop_map(Dist::constant),
        (1.0..2_000.0).prop_map(|mean| Dist::Exponential { mean }),
        (1.0..500.0, 1.0..10.0).prop_map(|(median, p99_over_p50)| Dist::LogNormal {
            median,
            p99_over_p50
        }),
        (0.0..100.0, 0.0..100.0).prop_map(|(mean, std_dev)| Dist::Normal { mean, std_dev }),
    ]
}

fn invocation() -> impl Strategy<Value = Invocation> {
    prop_oneof![
        Just(Invocation::Sync),
        (0u32..=2, 60.0..600.0).prop_map(|(max_retries, max_event_age_s)| Invocation::Async {
            max_retries,
            max_event_age_s
        }),
        (1u32..4, 1u32..20, 0.0..3.0, 1u32..4).prop_map(|(shards, batch_size, w, p)| {
            Invocation::Stream {
                shards,
                batch_size,
                batching_window_s: w,
                parallelization_factor: p,
            }
        }),
    ]
}

prop_compose! {
    fn scenario()(
        seed in 0u64..1_000,
        rate in 0.0..40.0,
        duration in 1.0..20.0,
        handler in dist_ms(),
        keep in prop::option::of(0.0..5.0),
        lifetime in prop::option::of(0.5..10.0),
        placement in prop_oneof![
            Just(Placement::MostRecentlyUsed), Just(Placement::LeastRecentlyUsed),
            Just(Placement::NewestCreated), Just(Placement::Random)],
        account in prop::option::of(100u32..200),
        reserved in prop::option::of(0u32..8),
        scaling in prop_oneof![
            (0u32..10, 0.5..5.0).prop_map(|(n, w)| Scaling::Standard { envs_per_window: n, window_s: w }),
            (0u32..10, 0u32..100).prop_map(|(b, m)| Scaling::Legacy { initial_burst: b, per_minute: m }),
            Just(Scaling::Unlimited)],
        invocation in invocation(),
        provisioned in prop::option::of(0u32..3),
        error_rate in prop_oneof![Just(0.0), 0.0..0.5],
        timeout in 1.0..5.0,
    ) -> Scenario {
        let mut s = base(0.0, None, &[], duration);
        s.seed = seed;
        s.workload = Workload::Poisson { rate_per_s: rate };
        s.function.handler_ms = handler;
        s.function.timeout_s = timeout;
        s.function.error_rate = error_rate;
        s.platform.keep_alive_s = keep.map(Dist::constant);
        s.platform.max_lifetime_s = lifetime.map(Dist::constant);
        s.platform.placement = placement;
        s.platform.account_concurrency = account;
        s.platform.reserved_concurrency = reserved;
        s.platform.scaling = scaling;
        s.platform.microvm_ms = Dist::Exponential { mean: 50.0 };
        s.invocation = invocation;
        s.provisioned = provisioned.map(|count| Provisioned { count, schedule: vec![] });
        // `base` uses SnapStart, which AWS (and validation) refuse with provisioned
        // concurrency: without this, every provisioned case would be refused and the
        // provisioned invariants below never checked.
        if s.provisioned.is_some() {
            s = without_snapstart(s);
        }
        s
    }
}

fn cap(s: &Scenario) -> Option<u32> {
    coldstart_core::scaling::ConcurrencyCap::from_platform(&s.platform).limit
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold(s in scenario()) {
        let r = match coldstart_core::run(&s) {
            Ok(r) => r,
            // Provisioned above a small reserved cap is refused: fine, nothing to check.
            Err(_) => return Ok(()),
        };
        // Same seed ⇒ identical report.
        prop_assert_eq!(&r, &coldstart_core::run(&s).unwrap());
        // Every arrival ends in exactly one outcome.
        assert_conservation(&r);
        // Concurrency never above the limit.
        if let Some(l) = cap(&s) {
            prop_assert!(r.environments.peak_concurrency <= l);
        }
        for x in &r.samples {
            // Warm starts pay no init phase; provisioned environments never start cold.
            if x.cold.is_none() {
                prop_assert_eq!(x.phases.init_total().0, 0);
            }
            if x.provisioned {
                prop_assert!(x.cold.is_none());
            }
            prop_assert!(x.end >= x.arrival);
            if x.outcome == Outcome::Throttled {
                prop_assert!(matches!(s.invocation, Invocation::Sync));
            }
        }
        let m = &r.environments;
        // The configured provisioned count holds for the whole window: environments reset
        // after a timeout or recycled at their lifetime (both common here: timeouts of 1–5 s,
        // lifetimes of 0.5–10 s) are replaced at the instant they go.
        if let Some(pc) = &s.provisioned {
            prop_assert!((m.mean_provisioned - f64::from(pc.count)).abs() < 1e-9);
        }
        prop_assert!((m.mean_total - m.mean_busy - m.mean_idle).abs() < 1e-6 * m.mean_total.max(1.0));
        prop_assert!(r.cold_starts <= r.invocations);
    }

    #[test]
    fn changing_the_package_keeps_arrivals_and_handler_draws(s in scenario()) {
        // Common random numbers: a different package (here: no SnapStart, a bigger zip) must
        // not change which requests arrive when, nor their handler durations.
        let mut other = s.clone();
        other.snapstart = None;
        other.package = serde_json::from_str(r#"{"type": "zip", "zipped_mb": 40, "unzipped_mb": 120}"#).unwrap();
        other.platform.account_concurrency = None;
        other.platform.reserved_concurrency = None;
        other.platform.scaling = Scaling::Unlimited;
        other.invocation = Invocation::Sync;
        other.function.error_rate = 0.0;
        let mut a = other.clone();
        a.package = s.package.clone();
        a.snapstart = s.snapstart.clone();
        let (Ok(ra), Ok(rb)) = (coldstart_core::run(&a), coldstart_core::run(&other)) else {
            return Ok(());
        };
        prop_assert_eq!(ra.requests, rb.requests);
        for (x, y) in ra.samples.iter().zip(&rb.samples) {
            prop_assert_eq!(x.arrival, y.arrival);
            // Both complete (no limits, no errors); the handler phase is the same draw unless
            // the timeout cut one of them after a long init retry.
            if x.phases.handler.0 > 0 && y.phases.handler.0 > 0 && x.outcome == Outcome::Ok && y.outcome == Outcome::Ok {
                prop_assert_eq!(x.phases.handler, y.phases.handler);
            }
        }
    }

    #[test]
    fn arbitrary_numbers_never_panic(
        a in prop::num::f64::ANY, b in prop::num::f64::ANY, c in prop::num::f64::ANY,
        n in any::<u32>(), which in 0u8..8,
    ) {
        let mut s = base(10.0, Some(60.0), &[0.0, 1.0], 2.0);
        match which {
            0 => s.duration_s = a,
            1 => s.workload = Workload::Diurnal { mean_rate_per_s: a, amplitude: b, period_s: c, phase_s: a },
            2 => s.function.handler_ms = Dist::LogNormal { median: a, p99_over_p50: b },
            3 => s.platform.keep_alive_s = Some(Dist::Uniform { min: a, max: b }),
            4 => s.invocation = Invocation::Stream { shards: n, batch_size: n, batching_window_s: a, parallelization_factor: n },
            5 => s.platform.scaling = Scaling::Standard { envs_per_window: n, window_s: a },
            6 => s.workload = Workload::Trace { arrivals_ms: vec![a, b, c] },
            _ => s.function.handler_ms = Dist::Normal { mean: a, std_dev: b },
        }
        let _ = coldstart_core::run(&s);
    }
}

/// Scenarios built to make the real work outgrow the up-front estimate (issue 15): provisioned
/// schedules that flap, async events retried behind throttles, stream shards polling behind
/// long cold starts with keep-alive 0, microVM phases near their one-day bound.
fn hostile() -> impl Strategy<Value = Scenario> {
    (
        0u64..1_000,
        0.1..50.0,
        prop_oneof![Just(0u32), 1u32..3],
        1.0..86_400_000.0,
        1u32..2_000,
        0u8..3,
        2usize..400,
    )
        .prop_map(|(seed, rate, reserved, microvm_ms, shards, which, flaps)| {
            let mut s = without_snapstart(base(5.0, Some(0.0), &[], 3_600.0));
            s.seed = seed;
            s.output.request_sample = 0;
            s.workload = Workload::Poisson { rate_per_s: rate };
            s.platform.microvm_ms = Dist::constant(microvm_ms);
            match which {
                0 => {
                    s.platform.reserved_concurrency = Some(reserved);
                    s.invocation = Invocation::Async {
                        max_retries: 2,
                        max_event_age_s: 21_600.0,
                    };
                }
                1 => {
                    s.invocation = Invocation::Stream {
                        shards,
                        batch_size: 1,
                        batching_window_s: 0.0,
                        parallelization_factor: 1,
                    };
                }
                _ => {
                    let schedule = (0..flaps)
                        .map(|i| coldstart_core::scenario::ProvisionedChange {
                            at_s: i as f64,
                            count: if i % 2 == 0 { 1_000 } else { 0 },
                        })
                        .collect();
                    s.provisioned = Some(Provisioned { count: 0, schedule });
                }
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_run_ends_within_its_event_budget(s in hostile()) {
        const BUDGET: u64 = 200_000;
        let Ok(mut sim) = coldstart_core::Simulation::new(&s) else {
            return Ok(()); // refused up front: also within budget
        };
        sim.limit_events(BUDGET);
        sim.run_to_end();
        prop_assert!(sim.events() <= BUDGET, "{} events", sim.events());
        prop_assert!(sim.is_finished());
        if sim.events() == BUDGET {
            prop_assert!(sim.exhausted().is_some(), "stopped at the budget without saying so");
        }
    }
}
