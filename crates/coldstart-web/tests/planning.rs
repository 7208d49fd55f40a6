//! The Plan view's logic, natively: the target typed in the form, and a planner driven a batch
//! at a time with the page's worker-side measure gives the core's plan.

use coldstart_core::plan::{self, Driver, Request, Target};
use coldstart_web::boundary::Planner;
use coldstart_web::planning::{self, Planning, TargetMetric};
use coldstart_web::workbench::Workbench;

/// Drives a planning to its end the way the page's pool does: every candidate of a batch
/// measured (in any order: here back to front), handed back in batch order.
fn plan_like_the_page(planning: &mut Planning) {
    while let Some(batch) = planning.next_batch().expect("a batch") {
        let mut measures: Vec<_> = batch
            .iter()
            .rev()
            .map(|s| planning::measure(s).expect("a candidate runs"))
            .collect();
        measures.reverse();
        planning.accept(&measures).expect("accepted");
        assert!((0.0..=1.0).contains(&planning.progress()));
    }
    planning.finish().expect("a plan");
}

/// Each planner of the menu, on the default comparison's first variant, gives the plan the
/// core's driver gives with the core's own runner, and words and a table to show it.
#[test]
fn every_planner_on_the_page_gives_the_cores_plan() {
    let bench = Workbench::new(None);
    let mut scenario = bench.planned_scenario().expect("a valid variant");
    // A shorter day keeps the test quick; the plan is compared, not its figures.
    scenario.duration_s = 600.0;
    let target = Target::ColdShare { max: 0.01 };
    for planner in Planner::ALL {
        let question = planning::request_for(planner, target).expect("a planner of the menu");
        let mut page = Planning::new(&scenario, question).expect("starts");
        plan_like_the_page(&mut page);
        let request = match planner {
            Planner::Provisioned => Request::Provisioned { target },
            Planner::Schedule => Request::Schedule { target },
            Planner::Memory => Request::Memory {
                config: plan::memory::MemoryConfig {
                    target: Some(target),
                    ..Default::default()
                },
            },
            _ => Request::Packaging { target },
        };
        let mut core = Driver::new(&scenario, &request).expect("starts");
        while let Some(batch) = core.next_batch().expect("a batch") {
            let base = core.base().clone();
            let measures: Vec<_> = batch
                .iter()
                .map(|v| v.measure(&base).expect("runs"))
                .collect();
            core.accept(&measures).expect("accepted");
        }
        let expected = core.finish().expect("a plan");
        assert_eq!(page.plan(), Some(&expected), "{planner:?}");
        let (answer, first, table) = page.answer().expect("words");
        assert!(!answer.is_empty() && !first.is_empty(), "{planner:?}");
        assert!(
            !table.rows.is_empty() && !table.columns.is_empty(),
            "{planner:?}"
        );
        assert_eq!(page.progress(), 1.0);
    }
}

/// The target as typed: a percentage for the cold-start share, milliseconds for the p99; a bad
/// one names the input, the value and the rule in the unit typed, and is never clamped.
#[test]
fn the_typed_target_is_read_in_its_unit_or_refused_in_words() {
    let share = TargetMetric::parse("cold-share").expect("known");
    let p99 = TargetMetric::parse("p99-ms").expect("known");
    assert_eq!(
        planning::target_from_form(share, " 1.5 "),
        Ok(Target::ColdShare { max: 0.015 })
    );
    assert_eq!(
        planning::target_from_form(p99, "250"),
        Ok(Target::P99Ms { max: 250.0 })
    );
    for (metric, typed, says) in [
        (
            share,
            "250",
            "Target cold-start share = 250: a percentage, 0 to 100",
        ),
        (
            share,
            "-1",
            "Target cold-start share = -1: a percentage, 0 to 100",
        ),
        (
            share,
            "1 %",
            "Target cold-start share = 1 %: a percentage, 0 to 100",
        ),
        (p99, "0", "Target p99 = 0: must be greater than 0"),
        (p99, "abc", "Target p99 = abc: milliseconds, above 0"),
        (p99, "NaN", "Target p99 = NaN: must be greater than 0"),
    ] {
        let err = planning::target_from_form(metric, typed).unwrap_err();
        assert!(err.starts_with(says), "{typed}: {err}");
    }
    let err = TargetMetric::parse("p50").unwrap_err();
    assert!(
        err.contains("p50") && err.contains("cold-share or p99-ms"),
        "{err}"
    );
}

/// The variant planned for is the one in the panel; an invalid one is refused naming its
/// problem rather than planned with a guess.
#[test]
fn the_plan_is_for_the_variant_in_the_panel() {
    let mut bench = Workbench::new(None);
    bench.select_variant(1);
    let names = bench.session().names();
    assert_eq!(bench.planned_scenario().expect("valid").name, names[1]);
    bench.edit("function.memory_mb", "1");
    let err = bench.planned_scenario().unwrap_err();
    assert!(
        err.starts_with("Fix the inputs first") && err.contains("memory"),
        "{err}"
    );
}

/// The page's two wasm modules hand a plan question over as JSON (`Playground.plan_start` in the
/// first, `PlanJob` in the second): every preset's variants and every planner's question come
/// back unchanged, so the second module plans exactly what the first read from the form.
#[test]
fn a_plan_question_crosses_between_the_modules_unchanged() {
    let target = Target::P99Ms { max: 900.0 };
    for (id, _) in coldstart_web::presets::list() {
        for scenario in coldstart_web::presets::load(&id).expect("a preset loads") {
            for planner in Planner::ALL {
                let start = planning::PlanStart {
                    scenario: scenario.clone(),
                    request: planning::request_for(planner, target).expect("a planner"),
                    caveat: Some("a caveat".to_string()),
                };
                let json = serde_json::to_string(&start).expect("serialises");
                let back: planning::PlanStart = serde_json::from_str(&json).expect("reads back");
                assert_eq!(back, start, "{id} {planner:?}");
            }
        }
    }
}

/// A plan started from the question as the second module receives it (JSON) is the plan the
/// in-memory question gives.
#[test]
fn a_plan_from_the_handed_over_question_is_the_same_plan() {
    let bench = Workbench::new(None);
    let mut scenario = bench.planned_scenario().expect("a valid variant");
    scenario.duration_s = 600.0;
    let request = planning::request_for(Planner::Provisioned, Target::ColdShare { max: 0.01 })
        .expect("a planner");
    let start = planning::PlanStart {
        scenario: scenario.clone(),
        request: request.clone(),
        caveat: None,
    };
    let handed: planning::PlanStart =
        serde_json::from_str(&serde_json::to_string(&start).expect("serialises")).expect("reads");
    let mut direct = Planning::new(&scenario, request).expect("starts");
    plan_like_the_page(&mut direct);
    let mut second = Planning::new(&handed.scenario, handed.request).expect("starts");
    plan_like_the_page(&mut second);
    assert!(direct.plan().is_some());
    assert_eq!(second.plan(), direct.plan());
    assert_eq!(second.request(), direct.request());
}
