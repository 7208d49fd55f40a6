//! Invalid scenarios become errors naming the field; too-big runs are refused up front.

use super::common::*;
use coldstart_core::scenario::{Invocation, Workload};
use coldstart_core::{Dist, ScenarioError};

type Change = Box<dyn Fn(&mut coldstart_core::Scenario)>;

fn path_of(s: &coldstart_core::Scenario) -> String {
    match coldstart_core::validate(s) {
        Err(e) => e.path().unwrap_or("<no path>").to_string(),
        Ok(()) => "<ok>".to_string(),
    }
}

#[test]
fn each_bad_field_is_named() {
    let ok = base(10.0, Some(60.0), &[0.0], 10.0);
    assert_eq!(path_of(&ok), "<ok>");
    let cases: Vec<(&str, Change)> = vec![
        ("duration_s", Box::new(|s| s.duration_s = f64::NAN)),
        ("duration_s", Box::new(|s| s.duration_s = -1.0)),
        ("duration_s", Box::new(|s| s.duration_s = f64::INFINITY)),
        ("seed", Box::new(|s| s.seed = u64::MAX)),
        (
            "function.memory_mb",
            Box::new(|s| s.function.memory_mb = 64),
        ),
        (
            "function.timeout_s",
            Box::new(|s| s.function.timeout_s = 901.0),
        ),
        (
            "function.error_rate",
            Box::new(|s| s.function.error_rate = 1.5),
        ),
        (
            "function.handler_ms.value",
            Box::new(|s| s.function.handler_ms = Dist::constant(-1.0)),
        ),
        (
            "function.handler_ms.p99_over_p50",
            Box::new(|s| {
                s.function.handler_ms = Dist::LogNormal {
                    median: 1.0,
                    p99_over_p50: 0.5,
                }
            }),
        ),
        (
            "function.handler_ms.max",
            Box::new(|s| s.function.handler_ms = Dist::Uniform { min: 5.0, max: 1.0 }),
        ),
        (
            "function.handler_ms.samples",
            Box::new(|s| s.function.handler_ms = Dist::Empirical { samples: vec![] }),
        ),
        (
            "workload.rate_per_s",
            Box::new(|s| s.workload = Workload::Poisson { rate_per_s: 1e300 }),
        ),
        (
            "workload.arrivals_ms[0]",
            Box::new(|s| {
                s.workload = Workload::Trace {
                    arrivals_ms: vec![f64::NAN],
                }
            }),
        ),
        (
            "workload.parts[0]",
            Box::new(|s| {
                s.workload = Workload::Mix {
                    parts: vec![Workload::Mix { parts: vec![] }],
                }
            }),
        ),
        (
            "platform.reserved_concurrency",
            Box::new(|s| {
                s.platform.account_concurrency = Some(1_000);
                s.platform.reserved_concurrency = Some(950);
            }),
        ),
        (
            "platform.keep_alive_s.value",
            Box::new(|s| s.platform.keep_alive_s = Some(Dist::constant(f64::INFINITY))),
        ),
        (
            "invocation.max_retries",
            Box::new(|s| {
                s.invocation = Invocation::Async {
                    max_retries: 3,
                    max_event_age_s: 60.0,
                }
            }),
        ),
        (
            "invocation.max_event_age_s",
            Box::new(|s| {
                s.invocation = Invocation::Async {
                    max_retries: 2,
                    max_event_age_s: 30_000.0,
                }
            }),
        ),
        (
            "invocation.parallelization_factor",
            Box::new(|s| {
                s.invocation = Invocation::Stream {
                    shards: 1,
                    batch_size: 10,
                    batching_window_s: 0.0,
                    parallelization_factor: 11,
                }
            }),
        ),
        (
            "prices.gb_s_x86_usd",
            Box::new(|s| s.prices.gb_s_x86_usd = -0.1),
        ),
        ("output.bucket_s", Box::new(|s| s.output.bucket_s = 0.0)),
        ("output.bucket_s", Box::new(|s| s.output.bucket_s = 1e-6)),
    ];
    for (want, change) in cases {
        let mut s = ok.clone();
        change(&mut s);
        assert_eq!(path_of(&s), want);
        assert!(coldstart_core::run(&s).is_err());
    }
}

#[test]
fn a_huge_run_is_refused_up_front_with_its_size() {
    let mut s = base(10.0, Some(60.0), &[], 86_400.0);
    s.workload = Workload::Poisson {
        rate_per_s: 10_000.0,
    };
    match coldstart_core::Simulation::new(&s) {
        Err(ScenarioError::TooBig { message }) => {
            assert!(message.contains("8.640e8"), "{message}");
            assert!(message.contains("rate or duration_s"), "{message}");
        }
        other => panic!("expected TooBig, got {:?}", other.err()),
    }
    // Unlimited concurrency with long handlers at a high rate: too many environments.
    let mut s = base(600_000.0, Some(60.0), &[], 10.0);
    s.workload = Workload::Poisson {
        rate_per_s: 100_000.0,
    };
    assert!(matches!(
        coldstart_core::validate(&s),
        Err(ScenarioError::TooBig { .. })
    ));
}
