//! Invalid scenarios become errors naming the field; too-big runs are refused up front.

use super::common::*;
use coldstart_core::scenario::{Invocation, Warmup, Workload};
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
            "platform.proactive_init.share",
            Box::new(|s| {
                s.platform.proactive_init =
                    Some(coldstart_core::scenario::ProactiveInit { share: 2.0 })
            }),
        ),
        (
            "deploys[0].image_changed_fraction",
            Box::new(|s| {
                s.deploys = vec![coldstart_core::scenario::Deploy {
                    at_s: 1.0,
                    image_changed_fraction: 1.5,
                }]
            }),
        ),
        (
            "deploys[0].at_s",
            Box::new(|s| {
                s.deploys = vec![coldstart_core::scenario::Deploy {
                    at_s: -1.0,
                    image_changed_fraction: 1.0,
                }]
            }),
        ),
        (
            "function.warmup.first_factor",
            Box::new(|s| {
                s.function.warmup = Warmup::Curve {
                    first_factor: 0.5,
                    decay_invocations: 10.0,
                }
            }),
        ),
        (
            "function.warmup.decay_invocations",
            Box::new(|s| {
                s.function.warmup = Warmup::Curve {
                    first_factor: 2.0,
                    decay_invocations: f64::NAN,
                }
            }),
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
            assert!(message.contains("864.0 million arrivals"), "{message}");
            assert!(message.contains("limit of 50.0 million"), "{message}");
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

#[test]
fn a_run_whose_real_work_outgrows_the_estimate_stops_at_the_event_budget() {
    // A one-day microVM phase behind keep-alive 0 on a stream: every batch is cold, and each
    // shard keeps polling every second behind its cold start. The up-front estimate passes
    // (about 37 million events); the run must still stop, with a message saying what ran out.
    let mut s: coldstart_core::Scenario = serde_json::from_value(serde_json::json!({
        "name": "poll storm", "seed": 1, "duration_s": 36_000,
        "workload": {"kind": "poisson", "rate_per_s": 1},
        "function": {"runtime": "provided", "memory_mb": 1024, "timeout_s": 900,
                     "handler_ms": {"dist": "constant", "value": 10}},
        "package": {"type": "zip", "zipped_mb": 1, "unzipped_mb": 2},
        "invocation": {"model": "stream", "shards": 1000, "batch_size": 1,
                       "batching_window_s": 0, "parallelization_factor": 1},
        "platform": {"keep_alive_s": {"dist": "constant", "value": 0},
                     "microvm_ms": {"dist": "constant", "value": 86400000}},
        "output": {"request_sample": 0, "bucket_s": 3600}
    }))
    .expect("parses");
    s.output.request_sample = 0;
    // The default budget (200 million events) stops it too, after ~3 min of a debug build; a
    // lowered budget shows the same rule in a test's time.
    let mut sim = coldstart_core::Simulation::new(&s).expect("passes the up-front estimate");
    sim.limit_events(2_000_000);
    sim.run_to_end();
    match sim.exhausted() {
        Some(ScenarioError::TooBig { message }) => {
            assert!(
                message.contains("budget of 2.0 million events"),
                "{message}"
            );
            assert!(message.contains("simulated time"), "{message}");
        }
        other => panic!("expected the budget to stop the run, got {other:?}"),
    }
    sim.limit_events(u64::MAX);
    assert!(sim.exhausted().is_some(), "a stopped run stays stopped");
}

#[test]
fn echoed_values_and_parser_messages_are_bounded() {
    // 1e308 would print 309 digits; an unknown field's name is the link author's text.
    let mut s = base(10.0, Some(60.0), &[0.0], 1.0);
    s.duration_s = 1e308;
    let e = coldstart_core::validate(&s).expect_err("refused");
    assert!(e.to_string().len() < 200, "{e}");
    assert!(e.to_string().contains("1.000e308"), "{e}");
    let long = "x".repeat(5_311);
    let text = format!(r#"{{"duration_s": 1, "{long}": 1}}"#);
    let e = coldstart_core::Scenario::from_json(&text).expect_err("unknown field");
    assert!(
        e.to_string().len() < 400,
        "{} characters",
        e.to_string().len()
    );
}

#[test]
fn a_trace_arrival_at_the_very_end_is_refused_not_dropped() {
    // The window is [0, duration_s): an arrival at 1,000 ms of a 1 s run would never run.
    let s = base(10.0, Some(60.0), &[0.0, 999.0, 1_000.0], 1.0);
    let e = coldstart_core::validate(&s).expect_err("refused");
    assert_eq!(e.path(), Some("workload.arrivals_ms[2]"));
    assert!(e.to_string().contains("before the end of the run"), "{e}");
    let ok = base(10.0, Some(60.0), &[0.0, 999.0], 1.0);
    assert_eq!(coldstart_core::run(&ok).expect("runs").requests, 2);
}
