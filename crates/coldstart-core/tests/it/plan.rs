//! The planners on cases computed by hand: a steady trace whose concurrency is known, a memory
//! curve whose cheapest and fastest sizes follow from the price and CPU rules, the packaging
//! decision, an hourly schedule on a workload busy every other hour, the step-wise driver
//! against the one-shot calls, determinism whatever the order a batch runs in, the planners'
//! budget and hostile settings.

use coldstart_core::plan::memory::{MemoryConfig, Speed, memory};
use coldstart_core::plan::packaging::{Packaging, packaging};
use coldstart_core::plan::provisioned::provisioned;
use coldstart_core::plan::schedule::schedule;
use coldstart_core::plan::{
    Driver, Measure, Plan, Request, Target, Variation, in_order, monthly_usd,
};
use coldstart_core::{Report, Scenario, ScenarioError};

/// Arrivals every `gap_ms` for `duration_s`, a constant handler, a custom runtime (no warm-up),
/// no platform limits, no lifetime: what runs at once is `⌈handler / gap⌉`.
fn steady(gap_ms: f64, handler_ms: f64, duration_s: f64, keep_alive_s: f64) -> Scenario {
    let n = (duration_s * 1_000.0 / gap_ms) as usize;
    let arrivals: Vec<f64> = (0..n).map(|i| i as f64 * gap_ms).collect();
    Scenario::from_json(&format!(
        r#"{{"name": "steady", "seed": 3, "duration_s": {duration_s},
            "workload": {{"kind": "trace", "arrivals_ms": {arrivals:?}}},
            "function": {{"runtime": "provided", "memory_mb": 1024, "timeout_s": 10,
                         "handler_ms": {{"dist": "constant", "value": {handler_ms}}},
                         "init_ms": {{"dist": "constant", "value": 100}}}},
            "package": {{"type": "zip", "zipped_mb": 1, "unzipped_mb": 2}},
            "platform": {{"account_concurrency": null, "scaling": {{"mode": "unlimited"}},
                         "keep_alive_s": {{"dist": "constant", "value": {keep_alive_s}}},
                         "max_lifetime_s": null,
                         "microvm_ms": {{"dist": "constant", "value": 50}}}}}}"#
    ))
    .expect("parses")
}

fn runner_never_called(_: &[Scenario]) -> Result<Vec<Report>, ScenarioError> {
    panic!("the planner must refuse before running anything")
}

/// Runs a batch last to first, then puts the reports back in order: what threads finishing in
/// any order amount to.
fn reversed(batch: &[Scenario]) -> Result<Vec<Report>, ScenarioError> {
    let mut reports: Vec<Report> = batch
        .iter()
        .rev()
        .map(coldstart_core::run)
        .collect::<Result<_, _>>()?;
    reports.reverse();
    Ok(reports)
}

#[test]
fn the_least_count_is_the_steady_concurrency() {
    // Every 50 ms a request holds an environment for 120 ms: at most ⌈120 / 50⌉ = 3 run at
    // once. Three provisioned environments serve every request warm; with two, the third
    // concurrent request spills over to a cold on-demand environment.
    let s = steady(50.0, 120.0, 20.0, 600.0);
    let target = Target::ColdShare { max: 0.0 };
    let plan = provisioned(&s, target, &mut in_order).expect("plans");
    assert_eq!(plan.answer, Some(3), "{plan:#?}");
    let at = plan.at_answer.as_ref().expect("the answer was simulated");
    assert_eq!((at.count, at.metric, at.spillovers), (3, 0.0, 0));
    let below = plan.below_answer.as_ref().expect("one below was simulated");
    assert_eq!(below.count, 2);
    assert!(!below.meets && below.spillovers > 0, "{below:?}");
    assert!(plan.on_demand.cold_share > 0.0);
    assert!(plan.not_monotone.is_empty());
    assert!(plan.searched_up_to >= plan.on_demand_peak);
    // The series is every simulated count, ascending, with the on-demand run first.
    let counts: Vec<u32> = plan.series.iter().map(|c| c.count).collect();
    assert!(counts.windows(2).all(|w| w[0] < w[1]), "{counts:?}");
    assert_eq!(counts[0], 0);
    // Three environments busy 120 ms of every 150 ms: 80 % of their capacity (billing rounds
    // each 120 ms handler up to 120 ms exactly, so this is exact but for the run's edges).
    let u = at.utilization.expect("provisioned");
    assert!((u - 0.8).abs() < 0.01, "{u}");
    // Above the 60 % break-even, provisioned is cheaper than on-demand for the same work.
    assert!(at.monthly_usd < plan.on_demand.monthly_usd, "{plan:#?}");
}

#[test]
fn a_target_no_count_can_meet_is_reported_not_searched_forever() {
    // Every request takes 120 ms however warm: a p99 of 100 ms is out of reach.
    let s = steady(20.0, 120.0, 4.0, 600.0);
    let plan = provisioned(&s, Target::P99Ms { max: 100.0 }, &mut in_order).expect("plans");
    assert_eq!(plan.answer, None);
    assert!(plan.at_answer.is_none() && plan.below_answer.is_none());
    let top = plan.series.last().expect("searched");
    assert_eq!(top.count, plan.searched_up_to);
    assert_eq!(plan.searched_up_to, 4 * plan.on_demand_peak.max(1));
    assert_eq!(top.p99_ms, Some(120.0));
}

#[test]
fn an_on_demand_run_that_meets_the_target_needs_no_provisioned_concurrency() {
    let s = steady(50.0, 120.0, 20.0, 600.0);
    let plan = provisioned(&s, Target::ColdShare { max: 0.05 }, &mut in_order).expect("plans");
    assert_eq!(plan.answer, Some(0));
    assert_eq!(plan.series.len(), 1);
    assert!(plan.below_answer.is_none());
}

#[test]
fn plans_do_not_depend_on_the_order_a_batch_runs_in() {
    let mut s = steady(50.0, 120.0, 20.0, 600.0);
    s.workload = coldstart_core::scenario::Workload::Poisson { rate_per_s: 30.0 };
    let target = Target::P99Ms { max: 200.0 };
    let a = provisioned(&s, target, &mut in_order).expect("plans");
    let b = provisioned(&s, target, &mut reversed).expect("plans");
    assert_eq!(a, b);
    if let Some(n) = a.answer {
        assert!(
            a.at_answer
                .as_ref()
                .is_some_and(|c| c.meets && c.count == n)
        );
        assert!(n == 0 || a.below_answer.as_ref().is_some_and(|c| !c.meets));
    }
    let config = MemoryConfig {
        sizes_mb: vec![256, 1_024],
        ..MemoryConfig::default()
    };
    assert_eq!(
        memory(&s, &config, &mut in_order).expect("plans"),
        memory(&s, &config, &mut reversed).expect("plans")
    );
}

#[test]
fn the_memory_curve_marks_the_cheapest_and_the_fastest_by_hand() {
    // Every request is cold (keep-alive 0, one a second) and its 500 ms init is all CPU: it
    // takes 500 × 1,769 / m ms below one vCPU and 500 ms from 1,769 MB. Billed per request:
    // m/1024 GB × (init + handler) = 500 × 1,769 / 1,024 ms·GB (the same at every size below
    // one vCPU) + m/1024 × handler: cheapest at 128 MB; fastest from 1,769 MB, where the tie
    // with 3,008 MB goes to the smaller.
    let mut s = steady(1_000.0, 10.0, 150.0, 0.0);
    s.function.init_ms = coldstart_core::Dist::constant(500.0);
    s.function.init_cpu_bound = 1.0;
    let config = MemoryConfig {
        sizes_mb: vec![128, 512, 1_769, 3_008],
        handler_cpu_bound: 0.0,
        target: Some(Target::P99Ms { max: 1_000.0 }),
    };
    let plan = memory(&s, &config, &mut in_order).expect("plans");
    assert_eq!(plan.points.len(), 4);
    assert_eq!(plan.cheapest_mb, Some(128), "{plan:#?}");
    assert_eq!(plan.fastest_by, Speed::AllP99);
    assert_eq!(plan.fastest_mb, Some(1_769), "{plan:#?}");
    // 128 MB: 500 × 13.8 ≈ 6.9 s of init, too slow; 512 MB: ~1.7 s; 1,769 MB: ~0.7 s.
    assert_eq!(plan.cheapest_meeting_mb, Some(1_769));
    for p in &plan.points {
        assert_eq!(p.handler_factor, 1.0, "a handler with no CPU-bound part");
        assert_eq!(p.warm_p50_ms, None, "no warm request");
        assert!(p.cold_p99_ms.is_some(), "150 cold starts support a p99");
        assert_eq!(p.cold_share, 1.0);
    }
    let costs: Vec<f64> = plan
        .points
        .iter()
        .map(|p| p.cost_per_million_usd.unwrap())
        .collect();
    assert!(costs.windows(2).all(|w| w[0] < w[1]), "{costs:?}");
}

#[test]
fn a_cpu_bound_handler_speeds_up_to_one_vcpu() {
    let s = steady(200.0, 100.0, 5.0, 600.0);
    let config = MemoryConfig {
        sizes_mb: vec![512, 1_024, 2_048],
        handler_cpu_bound: 1.0,
        target: None,
    };
    let plan = memory(&s, &config, &mut in_order).expect("plans");
    let k: Vec<f64> = plan.points.iter().map(|p| p.handler_factor).collect();
    // The scenario's 1,024 MB is the reference; 512 MB has half the CPU; 2,048 MB caps at one
    // vCPU (1,769 MB).
    assert!((k[0] - 2.0).abs() < 1e-12, "{k:?}");
    assert_eq!(k[1], 1.0);
    assert!((k[2] - 1_024.0 / 1_769.0).abs() < 1e-12, "{k:?}");
    assert!(plan.points[0].warm_p50_ms > plan.points[1].warm_p50_ms);
}

#[test]
fn the_packaging_planner_picks_the_cheapest_that_meets_the_target() {
    let mut s = steady(100.0, 50.0, 20.0, 600.0);
    s.function.runtime = coldstart_core::scenario::Runtime::Java;
    s.function.warmup = coldstart_core::scenario::Warmup::None;
    let plan = packaging(&s, Target::P99Ms { max: 60_000.0 }, &mut in_order).expect("plans");
    let names: Vec<Packaging> = plan.options.iter().map(|o| o.packaging).collect();
    assert_eq!(names, Packaging::ALL);
    assert!(plan.options.iter().all(|o| o.result.is_some()), "{plan:#?}");
    let cheapest = plan
        .options
        .iter()
        .min_by(|a, b| {
            let m = |o: &coldstart_core::plan::packaging::PackagingOption| {
                o.result.as_ref().unwrap().monthly_usd
            };
            m(a).total_cmp(&m(b))
        })
        .unwrap();
    assert_eq!(plan.cheapest_meeting, Some(cheapest.packaging));

    // A custom runtime has no SnapStart: the option is kept with AWS's rule.
    s.function.runtime = coldstart_core::scenario::Runtime::Provided;
    let plan = packaging(&s, Target::P99Ms { max: 60_000.0 }, &mut in_order).expect("plans");
    let snap = &plan.options[2];
    assert!(snap.result.is_none());
    assert!(
        snap.refused
            .as_deref()
            .unwrap()
            .contains("SnapStart supports"),
        "{snap:?}"
    );
    // Nothing meets an impossible target.
    let plan = packaging(&s, Target::P99Ms { max: 1.0 }, &mut in_order).expect("plans");
    assert_eq!(plan.cheapest_meeting, None);
    assert!(plan.best_metric.is_some());
}

/// An image past the zip limits has no zip twin: the zip and SnapStart options are refused
/// with the limit, and the image itself is still planned (it once was refused with them).
#[test]
fn an_image_without_a_zip_twin_is_still_planned() {
    let mut s = steady(100.0, 50.0, 20.0, 600.0);
    s.package = coldstart_core::package::Package::Image {
        image_mb: 2_048.0,
        base_mb: None,
        read_at_init: coldstart_core::package::ReadAtInit::Fraction(0.1),
        shared_fraction: 0.0,
        just_deployed: false,
        cache: Default::default(),
    };
    let plan = packaging(&s, Target::P99Ms { max: 60_000.0 }, &mut in_order).expect("plans");
    let [zip, image, snap] = &plan.options[..] else {
        panic!("three options: {plan:#?}");
    };
    assert!(zip.refused.is_some() && snap.refused.is_some(), "{plan:#?}");
    assert!(
        image.refused.is_none() && image.result.is_some(),
        "{image:?}"
    );
    assert_eq!(plan.cheapest_meeting, Some(Packaging::Image));
}

/// The packaging plan's crossover is the size sweep's: the first swept size where the image's
/// median init cost is at most the zip's, and the zip faster at every smaller size.
#[test]
fn the_packaging_crossover_is_where_the_sweep_curves_cross() {
    use coldstart_core::sweep::{self, SweepConfig, SweepSeries};
    let s: coldstart_core::Scenario =
        serde_json::from_str(include_str!("../../../../scenarios/python-zip-heavy.json"))
            .expect("a preset");
    let c = coldstart_core::plan::packaging::crossover(&s).expect("sweeps");
    assert_eq!(c.this_mb, Some(245.0));
    let at = c
        .image_from_mb
        .expect("an image pays off somewhere below 250 MB");
    assert!(!c.at_zip_limit);
    let config = SweepConfig {
        series: vec![SweepSeries::Zip, SweepSeries::Image],
        ..SweepConfig::default()
    };
    let points = sweep::sweep(&s, &sweep::default_sizes_mb(), &config).expect("sweeps");
    let p50 = |series, size: f64| {
        (points.iter())
            .find(|p| p.series == series && p.size_mb == size)
            .and_then(|p| p.p50_ms)
            .expect("a point")
    };
    assert!(p50(SweepSeries::Image, at) <= p50(SweepSeries::Zip, at));
    for size in sweep::default_sizes_mb().into_iter().filter(|&x| x < at) {
        assert!(
            p50(SweepSeries::Image, size) > p50(SweepSeries::Zip, size),
            "{size} MB"
        );
    }
}

#[test]
fn monthly_cost_scales_usage_and_bills_capacity_for_the_month() {
    let mut s = steady(1_000.0, 10.0, 60.0, 600.0);
    s.provisioned = Some(coldstart_core::scenario::Provisioned {
        count: 2,
        schedule: vec![],
    });
    let r = coldstart_core::run(&s).expect("runs");
    let usage = r.cost_usd.total - r.cost_usd.provisioned_capacity;
    // 2 × 1 GB × 30 days × $0.0000041667, whatever the run's 5-minute rounding.
    let capacity = 2.0 * 1.0 * 2_592_000.0 * 0.000_004_166_7;
    let want = usage * 2_592_000.0 / 60.0 + capacity;
    assert!((monthly_usd(&s, &r) - want).abs() < 1e-9, "{want}");
}

#[test]
fn planners_refuse_work_past_their_budget_before_running() {
    // One run of this fits the run budget (~170 million events); twelve do not fit the
    // planners'.
    let mut s = steady(1_000.0, 10.0, 86_400.0, 600.0);
    s.workload = coldstart_core::scenario::Workload::Poisson { rate_per_s: 500.0 };
    coldstart_core::validate(&s).expect("one run fits");
    let e = memory(&s, &MemoryConfig::default(), &mut runner_never_called).expect_err("too big");
    assert!(matches!(e, ScenarioError::TooBig { .. }), "{e}");
    assert!(e.to_string().contains("memory planner"), "{e}");
}

#[test]
fn hostile_settings_name_their_field() {
    let s = steady(100.0, 10.0, 5.0, 600.0);
    let cases: Vec<(MemoryConfig, &str)> = vec![
        (
            MemoryConfig {
                sizes_mb: vec![],
                ..Default::default()
            },
            "memory.sizes_mb",
        ),
        (
            MemoryConfig {
                sizes_mb: vec![100],
                ..Default::default()
            },
            "memory.sizes_mb[0]",
        ),
        (
            MemoryConfig {
                sizes_mb: vec![512, 20_000],
                ..Default::default()
            },
            "memory.sizes_mb[1]",
        ),
        (
            MemoryConfig {
                sizes_mb: vec![512, 512],
                ..Default::default()
            },
            "memory.sizes_mb[1]",
        ),
        (
            MemoryConfig {
                sizes_mb: (0..101).map(|i| 128 + i).collect(),
                ..Default::default()
            },
            "memory.sizes_mb",
        ),
        (
            MemoryConfig {
                handler_cpu_bound: f64::NAN,
                ..Default::default()
            },
            "memory.handler_cpu_bound",
        ),
        (
            MemoryConfig {
                target: Some(Target::ColdShare { max: 2.0 }),
                ..Default::default()
            },
            "target.cold_share",
        ),
    ];
    for (config, path) in cases {
        let e = memory(&s, &config, &mut runner_never_called).expect_err(path);
        assert_eq!(e.path(), Some(path), "{e}");
    }
    let bad_target = Target::P99Ms { max: -1.0 };
    let e = provisioned(&s, bad_target, &mut runner_never_called).expect_err("bad target");
    assert_eq!(e.path(), Some("target.p99_ms"));
    let e = packaging(&s, bad_target, &mut runner_never_called).expect_err("bad target");
    assert_eq!(e.path(), Some("target.p99_ms"));

    let mut broken = s.clone();
    broken.duration_s = f64::NAN;
    let e = provisioned(
        &broken,
        Target::ColdShare { max: 0.1 },
        &mut runner_never_called,
    )
    .expect_err("invalid scenario");
    assert_eq!(e.path(), Some("duration_s"));

    let mut snap = s.clone();
    snap.function.runtime = coldstart_core::scenario::Runtime::Java;
    snap.snapstart = Some(
        Scenario::from_json(
            r#"{"duration_s": 1, "workload": {"kind": "poisson", "rate_per_s": 1},
            "function": {"runtime": "java", "memory_mb": 512,
                         "handler_ms": {"dist": "constant", "value": 1}},
            "package": {"type": "zip", "zipped_mb": 1, "unzipped_mb": 2},
            "snapstart": {}}"#,
        )
        .unwrap()
        .snapstart
        .unwrap(),
    );
    let e = provisioned(
        &snap,
        Target::ColdShare { max: 0.1 },
        &mut runner_never_called,
    )
    .expect_err("SnapStart and PC");
    assert_eq!(e.path(), Some("snapstart"));

    // A p99 target on a run with too few requests says so instead of reading a maximum as p99.
    let few = steady(1_000.0, 10.0, 20.0, 600.0);
    let e =
        provisioned(&few, Target::P99Ms { max: 100.0 }, &mut in_order).expect_err("20 requests");
    assert_eq!(e.path(), Some("target.p99_ms"));
    assert!(e.to_string().contains("at least 100"), "{e}");

    // A runner that loses a report is caught, not trusted.
    let mut lossy = |_: &[Scenario]| -> Result<Vec<Report>, ScenarioError> { Ok(vec![]) };
    let e = provisioned(&s, Target::ColdShare { max: 0.1 }, &mut lossy).expect_err("lossy");
    assert_eq!(e.path(), Some("runner"));
}

/// A request every 500 ms, each holding its environment 1,200 ms (so ⌈1,200 / 500⌉ = 3 at
/// once), in the even hours of a four-hour run; nothing in the odd ones.
fn busy_every_other_hour() -> Scenario {
    let mut s = steady(500.0, 1_200.0, 4.0 * 3_600.0, 600.0);
    let arrivals: Vec<f64> = (0..4 * 7_200)
        .map(|i| f64::from(i) * 500.0)
        .filter(|ms| ((ms / 3_600_000.0) as u32).is_multiple_of(2))
        .collect();
    s.workload = coldstart_core::scenario::Workload::Trace {
        arrivals_ms: arrivals,
    };
    s
}

#[test]
fn an_hourly_schedule_provisions_the_busy_hours_only() {
    let s = busy_every_other_hour();
    let plan = schedule(&s, Target::ColdShare { max: 0.0 }, &mut in_order).expect("plans");
    // The constant count is the busy hours' concurrency, 3.
    assert_eq!(plan.constant.answer, Some(3), "{:#?}", plan.constant);
    // Each busy hour: 7,200 arrivals, 2 a second; Little's law 2 × 1.2 s = 2.4 busy.
    let rates: Vec<f64> = plan.slots.iter().map(|h| h.rate_per_s).collect();
    assert_eq!(rates, vec![2.0, 0.0, 2.0, 0.0]);
    let busy: Vec<f64> = plan.slots.iter().map(|h| h.mean_busy).collect();
    assert!((busy[0] - 2.4).abs() < 1e-12 && busy[1] == 0.0, "{busy:?}");
    assert_eq!(plan.mean_handler_ms, 1_200.0);
    // Rungs: both busy hours gain their 1st, 2nd, 3rd environment together.
    assert_eq!(plan.rungs, 3);
    let answer = plan.answer.as_ref().expect("a schedule meets the target");
    assert_eq!(answer.counts, vec![3, 0, 3, 0]);
    assert_eq!((answer.metric, answer.spillovers), (0.0, 0));
    let below = plan.below_answer.as_ref().expect("rung 2 simulated");
    assert_eq!(below.counts, vec![2, 0, 2, 0]);
    assert!(!below.meets && below.spillovers > 0, "{below:?}");
    assert!(plan.not_monotone.is_empty());
    // 3 from the start, none at 1 h, 3 again five minutes before 2 h, none at 3 h.
    let changes: Vec<(f64, u32)> = (answer.provisioned.schedule.iter())
        .map(|c| (c.at_s, c.count))
        .collect();
    assert_eq!(answer.provisioned.count, 3);
    assert_eq!(
        changes,
        vec![(3_600.0, 0), (6_900.0, 3), (10_800.0, 0)],
        "{answer:#?}"
    );
    // Mean count: 3 for 1 h, then 3 for 1 h 5 min, over 4 h = 1.5625. Every request runs warm
    // on a provisioned environment either way, so the month differs by capacity alone:
    // (3 − 1.5625) × 1 GB × 2,592,000 s × $0.0000041667.
    assert!(
        (answer.mean_count - 1.5625).abs() < 1e-12,
        "{}",
        answer.mean_count
    );
    let constant = plan.constant.at_answer.as_ref().expect("simulated");
    let saving = (3.0 - 1.5625) * 2_592_000.0 * 0.000_004_166_7;
    let got = constant.monthly_usd - answer.monthly_usd;
    assert!((got - saving).abs() < 1e-6, "{got} vs {saving}");
    assert!(answer.monthly_usd < plan.constant.on_demand.monthly_usd);
}

#[test]
fn an_hourly_schedule_is_not_searched_when_on_demand_meets_the_target() {
    let s = busy_every_other_hour();
    let plan = schedule(&s, Target::ColdShare { max: 0.5 }, &mut in_order).expect("plans");
    assert_eq!(plan.constant.answer, Some(0));
    assert_eq!((plan.rungs, plan.answer.is_none()), (0, true));
    assert!(plan.series.is_empty());
}

/// Steps a driver to its plan the way the page's workers do: the base scenario and each
/// variation go through JSON (as in a message to a worker), each batch runs last to first, each
/// measure comes back through JSON, and the measures go back in batch order; checks progress and
/// the driver's refusals on the way.
fn stepwise(s: &Scenario, request: &Request) -> Plan {
    let mut driver = Driver::new(s, request).expect("valid");
    let base: Scenario =
        serde_json::from_str(&serde_json::to_string(driver.base()).expect("serialises"))
            .expect("parses");
    let mut last = driver.progress();
    assert_eq!((last.batches_done, last.runs_done), (0, 0));
    let e = driver.accept(&[]).expect_err("nothing handed out");
    assert_eq!(e.path(), Some("runner"));
    while let Some(batch) = driver.next_batch().expect("next") {
        assert_eq!(driver.next_batch().expect("again"), Some(batch.clone()));
        let mut done: Vec<(usize, String)> = (batch.iter().enumerate().rev())
            .map(|(i, v)| {
                let v: Variation =
                    serde_json::from_str(&serde_json::to_string(v).expect("serialises"))
                        .expect("parses");
                let m = v.measure(&base).expect("runs");
                (i, serde_json::to_string(&m).expect("serialises"))
            })
            .collect();
        done.sort_by_key(|(i, _)| *i);
        let measures: Vec<Measure> = (done.iter())
            .map(|(_, json)| serde_json::from_str(json).expect("parses"))
            .collect();
        if batch.len() > 1 {
            let e = driver.accept(&measures[1..]).expect_err("one short");
            assert_eq!(e.path(), Some("runner"));
        }
        driver.accept(&measures).expect("accepts");
        let now = driver.progress();
        assert_eq!(now.batches_done, last.batches_done + 1);
        assert_eq!(now.runs_done, last.runs_done + batch.len() as u32);
        assert!(now.batches_done <= now.batches_max && now.runs_done <= now.runs_max);
        assert!(now.batches_max <= last.batches_max, "{last:?} → {now:?}");
        assert!(now.runs_max <= last.runs_max, "{last:?} → {now:?}");
        last = now;
    }
    let end = driver.progress();
    assert_eq!(
        (end.batches_max, end.runs_max),
        (end.batches_done, end.runs_done)
    );
    driver.finish().expect("a plan")
}

#[test]
fn the_step_wise_driver_gives_the_one_shot_plan_for_every_planner() {
    let mut s = steady(50.0, 120.0, 20.0, 600.0);
    s.workload = coldstart_core::scenario::Workload::Poisson { rate_per_s: 30.0 };
    let target = Target::P99Ms { max: 200.0 };
    let p = stepwise(&s, &Request::Provisioned { target });
    assert_eq!(
        p,
        Plan::Provisioned(provisioned(&s, target, &mut in_order).expect("plans"))
    );
    let config = MemoryConfig {
        sizes_mb: vec![256, 1_024, 2_048],
        ..MemoryConfig::default()
    };
    let p = stepwise(
        &s,
        &Request::Memory {
            config: config.clone(),
        },
    );
    assert_eq!(
        p,
        Plan::Memory(memory(&s, &config, &mut in_order).expect("plans"))
    );
    let mut java = s.clone();
    java.function.runtime = coldstart_core::scenario::Runtime::Java;
    let p = stepwise(&java, &Request::Packaging { target });
    assert_eq!(
        p,
        Plan::Packaging(packaging(&java, target, &mut in_order).expect("plans"))
    );
    let hourly = busy_every_other_hour();
    let target = Target::ColdShare { max: 0.0 };
    let p = stepwise(&hourly, &Request::Schedule { target });
    assert_eq!(
        p,
        Plan::Schedule(schedule(&hourly, target, &mut in_order).expect("plans"))
    );
}

#[test]
fn requests_and_plans_have_stable_json_shapes() {
    let r: Request = serde_json::from_str(
        r#"{"planner": "provisioned", "target": {"metric": "cold_share", "max": 0.01}}"#,
    )
    .expect("parses");
    assert_eq!(
        r,
        Request::Provisioned {
            target: Target::ColdShare { max: 0.01 }
        }
    );
    let r: Request = serde_json::from_str(r#"{"planner": "memory"}"#).expect("parses");
    assert_eq!(
        r,
        Request::Memory {
            config: MemoryConfig::default()
        }
    );
    let bad = serde_json::from_str::<Request>(r#"{"planner": "pc", "target": null}"#);
    assert!(bad.is_err());
    // Read in one pass (`coldstart_engine::tagged`): the tags may come last, every variant
    // reads back what it writes, and a field of another planner is refused by name.
    let r: Request = serde_json::from_str(
        r#"{"target": {"max": 300, "metric": "p99_ms"}, "planner": "schedule"}"#,
    )
    .expect("parses");
    assert_eq!(
        r,
        Request::Schedule {
            target: Target::P99Ms { max: 300.0 }
        }
    );
    let target = Target::ColdShare { max: 0.05 };
    for r in [
        Request::Provisioned { target },
        Request::Schedule { target },
        Request::Packaging { target },
        Request::Memory {
            config: MemoryConfig {
                sizes_mb: vec![256, 1_024],
                handler_cpu_bound: 0.25,
                target: Some(target),
            },
        },
    ] {
        let json = serde_json::to_string(&r).expect("serialises");
        assert_eq!(
            serde_json::from_str::<Request>(&json).ok(),
            Some(r),
            "{json}"
        );
    }
    let stray = serde_json::from_str::<Request>(
        r#"{"planner": "memory", "target": {"metric": "p99_ms", "max": 300}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        stray.contains("unknown field `target` for a `memory` planner, expected `config`"),
        "{stray}"
    );
    let null = serde_json::from_str::<Request>(r#"{"planner": "memory", "config": null}"#);
    assert!(
        null.is_err(),
        "a null config is refused, as by serde's derive"
    );
    // The planner and metric tags are names only, and neither reads a sequence
    // (`coldstart_engine::tagged`): in the flat reader's field order `["memory", {…}]` would be
    // read as a memory planner's `target`.
    for (json, expected) in [
        (
            r#"{"planner": {"provisioned": null}, "target": {"metric": "p99_ms", "max": 3}}"#,
            "expected variant identifier",
        ),
        (
            r#"{"planner": "schedule", "target": {"metric": {"p99_ms": null}, "max": 3}}"#,
            "expected variant identifier",
        ),
        (
            r#"["memory", {"sizes_mb": [256]}]"#,
            "invalid type: sequence, expected internally tagged enum Request",
        ),
        (
            r#"{"planner": "packaging", "target": ["cold_share", 0.01]}"#,
            "invalid type: sequence, expected internally tagged enum Target",
        ),
    ] {
        let e = serde_json::from_str::<Request>(json)
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "{json}: {e}");
    }
    let s = steady(50.0, 120.0, 20.0, 600.0);
    let plan = stepwise(
        &s,
        &Request::Packaging {
            target: Target::P99Ms { max: 500.0 },
        },
    );
    let json = serde_json::to_value(&plan).expect("serialises");
    assert_eq!(json["planner"], "packaging");
    assert!(json["options"].is_array(), "{json}");
    let back: Plan = serde_json::from_value(json).expect("parses back");
    assert_eq!(back, plan);
}

#[test]
fn a_driver_refuses_a_plan_before_its_last_batch() {
    let s = steady(50.0, 120.0, 20.0, 600.0);
    let mut d = Driver::new(
        &s,
        &Request::Provisioned {
            target: Target::ColdShare { max: 0.0 },
        },
    )
    .expect("valid");
    d.next_batch().expect("first batch");
    let e = d.finish().expect_err("unfinished");
    assert_eq!(e.path(), Some("runner"));
    let e = Driver::new(
        &s,
        &Request::Schedule {
            target: Target::P99Ms { max: 0.0 },
        },
    )
    .expect_err("bad target");
    assert_eq!(e.path(), Some("target.p99_ms"));
}

#[test]
fn the_break_even_holds_in_simulated_runs() {
    // One environment busy `handler / 1 s` of the time, for 300 s (one 5-minute capacity
    // increment), 1 GB. Provisioned bills capacity + its duration price; the same work
    // on-demand bills the higher duration price (plus the init of its cold starts, which the
    // break-even leaves out). At the break-even the two are equal; below it on-demand is
    // cheaper, above it provisioned.
    let b = coldstart_core::plan::break_even(
        &coldstart_core::scenario::Prices::default(),
        coldstart_core::scenario::Architecture::X86_64,
    );
    let u = b.utilization.expect("a break-even");
    let costs = |busy: f64| {
        let on_demand = steady(1_000.0, busy * 1_000.0, 300.0, 600.0);
        let mut pc = on_demand.clone();
        pc.provisioned = Some(coldstart_core::scenario::Provisioned {
            count: 1,
            schedule: vec![],
        });
        let od = coldstart_core::run(&on_demand).expect("runs");
        let pc = coldstart_core::run(&pc).expect("runs");
        assert_eq!((pc.cold_starts, pc.provisioned_spillovers), (0, 0));
        // 300 requests of the handler rounded up to the millisecond, at the on-demand price.
        let billed_s = (busy * 1_000.0).ceil() / 1_000.0;
        let work = od.cost_usd.requests + 300.0 * billed_s * b.on_demand_gb_s_usd;
        assert!(od.cost_usd.total > work, "on-demand also bills its inits");
        (work, pc.cost_usd.total)
    };
    let (od, pc) = costs(u);
    assert!((pc / od - 1.0).abs() < 0.001, "at {u}: {od} vs {pc}");
    let (od, pc) = costs(0.3);
    assert!(pc > 1.2 * od, "at 30 %: {od} vs {pc}");
    let (od, pc) = costs(0.9);
    assert!(pc < od, "at 90 %: {od} vs {pc}");
}
