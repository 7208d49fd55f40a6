//! The planners' charts, drawn to SVG from real plans of tiny scenarios (run through the core's
//! step-wise `plan::Driver`, as the page and the CLI run them): what each says (axis titles with
//! units, the target, the answer), that the memory chart draws exactly one marker per simulated
//! value, and that odd plans (no answer, every option refused, one point, nothing) still draw.

use coldstart_charts::{ChartGeometry, Theme, draw_plan, plan, render_plan_svg};
use coldstart_core::Scenario;
use coldstart_core::plan::memory::MemoryConfig;
use coldstart_core::plan::{Driver, Plan, Request, Target};
use plotters::prelude::*;

const WIDTH: u32 = 900;
const HEIGHT: u32 = 560;

/// Arrivals every `gap_ms` while `busy(ms)` says so, for `duration_s`: a constant handler, a
/// custom runtime (no warm-up), no platform limits, so what runs at once is known by hand.
fn trace(gap_ms: f64, handler_ms: f64, duration_s: f64, busy: impl Fn(f64) -> bool) -> Scenario {
    let n = (duration_s * 1_000.0 / gap_ms) as usize;
    let arrivals: Vec<f64> = (0..n)
        .map(|i| i as f64 * gap_ms)
        .filter(|ms| busy(*ms))
        .collect();
    Scenario::from_json(&format!(
        r#"{{"name": "steady", "seed": 3, "duration_s": {duration_s},
            "workload": {{"kind": "trace", "arrivals_ms": {arrivals:?}}},
            "function": {{"runtime": "provided", "memory_mb": 1024, "timeout_s": 10,
                         "handler_ms": {{"dist": "constant", "value": {handler_ms}}},
                         "init_ms": {{"dist": "constant", "value": 100}}}},
            "package": {{"type": "zip", "zipped_mb": 1, "unzipped_mb": 2}},
            "platform": {{"account_concurrency": null, "scaling": {{"mode": "unlimited"}},
                         "keep_alive_s": {{"dist": "constant", "value": 600}},
                         "max_lifetime_s": null,
                         "microvm_ms": {{"dist": "constant", "value": 50}}}}}}"#
    ))
    .expect("parses")
}

fn steady(gap_ms: f64, handler_ms: f64, duration_s: f64) -> Scenario {
    trace(gap_ms, handler_ms, duration_s, |_| true)
}

/// Plans `s` a batch at a time, each candidate measured on its own, as a worker would.
fn plan_of(s: &Scenario, request: Request) -> Plan {
    let mut driver = Driver::new(s, &request).expect("a valid request");
    let base = driver.base().clone();
    while let Some(batch) = driver.next_batch().expect("a batch") {
        let measures: Vec<_> = (batch.iter())
            .map(|v| v.measure(&base).expect("runs"))
            .collect();
        driver.accept(&measures).expect("accepted");
    }
    driver.finish().expect("a plan")
}

fn svg_of(plan: &Plan) -> (String, ChartGeometry) {
    let mut svg = String::new();
    let geometry = {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let geometry = draw_plan(&area, plan, &Theme::light()).expect("draws");
        area.present().expect("present");
        geometry
    };
    (svg, geometry)
}

fn assert_mentions(svg: &str, texts: &[&str]) {
    for text in texts {
        assert!(svg.contains(text), "SVG lacks {text:?}");
    }
}

fn circles(svg: &str) -> usize {
    svg.matches("<circle").count()
}

/// Where the geometry says an item was drawn, for a read-out.
fn item_named<'a>(g: &'a ChartGeometry, text: &str) -> &'a coldstart_charts::geometry::Item {
    (g.items.iter())
        .find(|i| i.text.contains(text))
        .unwrap_or_else(|| panic!("no item {text:?} in {:?}", g.items))
}

#[test]
fn provisioned_chart_shows_cost_and_metric_against_the_count_with_the_answer() {
    // A request every 50 ms holding its environment 120 ms: 3 at once, so 3 is the answer.
    let plan = plan_of(
        &steady(50.0, 120.0, 20.0),
        Request::Provisioned {
            target: Target::ColdShare { max: 0.0 },
        },
    );
    let Plan::Provisioned(p) = &plan else {
        unreachable!()
    };
    assert_eq!(p.answer, Some(3));
    let (svg, g) = svg_of(&plan);
    assert_mentions(
        &svg,
        &[
            "Provisioned concurrency",
            "monthly cost (USD)",
            "cold-start share (%)",
            "provisioned concurrency (environments)",
            "target ≤ 0.0 %",
            "answer: 3 provisioned",
            "on-demand $",
            "pays above 60.0 % busy (break-even)",
        ],
    );
    // One marker per simulated count in each panel, read back by the hover.
    assert_eq!(g.panels.len(), 2);
    assert_eq!(g.items.len(), 2 * p.series.len());
    let answer = item_named(&g, "3 provisioned: cold-start share 0.0 % (meets");
    let (x, y) = (
        (answer.area.left + answer.area.right) / 2,
        (answer.area.top + answer.area.bottom) / 2,
    );
    assert_eq!(g.item_at(x, y), Some(answer));
    let on_demand = item_named(&g, "on-demand: $");
    assert!(
        on_demand.area.left < answer.area.left,
        "count 0 is leftmost"
    );
    // The pixels map back to the count.
    let (count, _) = g.pixel_to_data(x, y).expect("inside the metric panel");
    assert!((count - 3.0).abs() < 0.1, "{count}");
    assert_eq!(plan::title(&plan), "Provisioned concurrency");
}

#[test]
fn provisioned_chart_without_an_answer_says_so() {
    // Every request takes 120 ms however warm: a p99 of 100 ms is out of reach.
    let plan = plan_of(
        &steady(20.0, 120.0, 4.0),
        Request::Provisioned {
            target: Target::P99Ms { max: 100.0 },
        },
    );
    let (svg, g) = svg_of(&plan);
    assert_mentions(
        &svg,
        &["p99 latency (ms)", "target ≤ 100 ms", "meets the target"],
    );
    assert!(
        svg.contains("no count up to"),
        "the missing answer is stated"
    );
    assert!(!svg.contains("answer:"));
    assert!(!g.items.is_empty());
}

#[test]
fn schedule_chart_steps_the_hourly_counts_over_the_rate() {
    // One request a second holding its environment 2.4 s, in the even hours of three: the busy
    // hours need 3 each, the quiet hour none.
    let s = trace(1_000.0, 2_400.0, 3.0 * 3_600.0, |ms| {
        ((ms / 3_600_000.0) as u32).is_multiple_of(2)
    });
    let plan = plan_of(
        &s,
        Request::Schedule {
            target: Target::ColdShare { max: 0.0 },
        },
    );
    let Plan::Schedule(p) = &plan else {
        unreachable!()
    };
    let answer = p.answer.as_ref().expect("a schedule meets the target");
    assert_eq!(answer.counts, vec![3, 0, 3]);
    let (svg, g) = svg_of(&plan);
    assert_mentions(
        &svg,
        &[
            "Hourly provisioned schedule",
            "arrival rate (req/s)",
            "provisioned (environments)",
            "time (h)",
            "hourly schedule, $",
            "constant 3, $",
            "busy expected",
            "ahead of their hour",
        ],
    );
    // One read-out per hour in each panel, naming the hour's rate and its count.
    assert_eq!(g.items.len(), 2 * p.slots.len());
    assert!(item_named(&g, "hour 2 (").text.ends_with("0 req/s"));
    assert!(item_named(&g, "schedule 3").text.starts_with("hour 1"));
}

#[test]
fn schedule_chart_says_why_there_is_no_schedule() {
    let s = trace(1_000.0, 2_400.0, 2.0 * 3_600.0, |ms| ms < 3_600_000.0);
    let plan = plan_of(
        &s,
        Request::Schedule {
            target: Target::ColdShare { max: 0.5 },
        },
    );
    let (svg, _) = svg_of(&plan);
    assert_mentions(
        &svg,
        &["on-demand meets the target", "arrival rate (req/s)"],
    );
}

/// Every request cold (one a second, no keep-alive), a 500 ms init all CPU-bound.
fn all_cold() -> Scenario {
    let mut s = steady(1_000.0, 10.0, 150.0);
    s.platform.keep_alive_s = Some(coldstart_core::Dist::constant(0.0));
    s.function.init_ms = coldstart_core::Dist::constant(500.0);
    s.function.init_cpu_bound = 1.0;
    s
}

#[test]
fn memory_chart_draws_one_marker_per_simulated_value_and_marks_cheapest_and_fastest() {
    let config = MemoryConfig {
        sizes_mb: vec![128, 512, 1_769, 3_008],
        handler_cpu_bound: 0.0,
        target: Some(Target::P99Ms { max: 1_000.0 }),
    };
    let plan = plan_of(&all_cold(), Request::Memory { config });
    let Plan::Memory(p) = &plan else {
        unreachable!()
    };
    let (svg, g) = svg_of(&plan);
    assert_mentions(
        &svg,
        &[
            "Memory size",
            "memory (MB)",
            "cost per million requests (USD)",
            "latency (ms)",
            "128 MB: cheapest",
            "1,769 MB: fastest (p99 of all) · cheapest meeting the target",
            "target ≤ 1,000 ms (p99 of all)",
            "10 GB",
        ],
    );
    // Markers: the simulated values and nothing in between. No warm request here, so no warm
    // p50 marker at all.
    let values: usize = (p.points.iter())
        .map(|q| {
            [
                q.cost_per_million_usd,
                q.warm_p50_ms,
                q.cold_p99_ms,
                q.all_p99_ms,
            ]
            .iter()
            .flatten()
            .count()
        })
        .sum();
    assert_eq!(values, 4 * 3);
    assert_eq!(g.items.len(), values);
    let legend_dots = 4;
    assert_eq!(circles(&svg), values + legend_dots);
    assert!(!g.items.iter().any(|i| i.text.contains("warm p50")));
    // The log axis spans Lambda's memory range whatever sizes were simulated.
    let x = &g.panels[0].x;
    assert!(x.min <= 128.0 && x.max >= 10_240.0, "{x:?}");
}

#[test]
fn memory_chart_of_one_size_draws_its_markers() {
    let config = MemoryConfig {
        sizes_mb: vec![1_024],
        handler_cpu_bound: 0.5,
        target: None,
    };
    let plan = plan_of(&steady(200.0, 100.0, 30.0), Request::Memory { config });
    let (svg, g) = svg_of(&plan);
    assert_mentions(&svg, &["1,024 MB: cheapest · fastest"]);
    // Cost and warm p50 (2 cold starts: no cold p99; 150 requests: a p99 of all).
    assert_eq!(g.items.len(), 3, "{:?}", g.items);
}

#[test]
fn packaging_chart_compares_the_options_and_names_a_refused_one() {
    let mut s = steady(100.0, 50.0, 20.0);
    s.function.runtime = coldstart_core::scenario::Runtime::Java;
    s.function.warmup = coldstart_core::scenario::Warmup::None;
    let target = Target::P99Ms { max: 60_000.0 };
    let plan = plan_of(&s, Request::Packaging { target });
    let Plan::Packaging(p) = &plan else {
        unreachable!()
    };
    let cheapest = p.cheapest_meeting.expect("a generous target is met");
    let (svg, g) = svg_of(&plan);
    assert_mentions(
        &svg,
        &[
            "Packaging",
            "p99 latency (ms)",
            "monthly cost (USD)",
            "zip",
            "container image",
            "zip with SnapStart",
            "· cheapest meeting the target",
            "target ≤ 60,000 ms",
        ],
    );
    let label = coldstart_prose::plan::packaging_label(cheapest);
    assert!(svg.contains(&format!("cheapest meeting the target: {label}")));
    assert_eq!(g.items.len(), 6, "a metric and a cost bar per option");

    // A custom runtime has no SnapStart: its row says why instead of a bar.
    s.function.runtime = coldstart_core::scenario::Runtime::Provided;
    let plan = plan_of(&s, Request::Packaging { target });
    let (svg, g) = svg_of(&plan);
    assert!(svg.contains("cannot exist: SnapStart supports"), "{svg}");
    assert_eq!(g.items.len(), 5);
    assert!(
        item_named(&g, "zip with SnapStart: cannot exist")
            .text
            .contains("Java")
    );
}

#[test]
fn degenerate_plans_draw_without_panicking() {
    let mut s = steady(100.0, 50.0, 20.0);
    s.function.runtime = coldstart_core::scenario::Runtime::Java;
    let target = Target::P99Ms { max: 1.0 };
    // Nothing meets the target.
    let plan = plan_of(&s, Request::Packaging { target });
    let (svg, _) = svg_of(&plan);
    assert!(svg.contains("no option meets the target"));
    // Every option refused.
    let mut refused = plan.clone();
    if let Plan::Packaging(p) = &mut refused {
        for o in &mut p.options {
            o.result = None;
            o.refused = Some("package.unzipped_mb = 300: over 250 MB unzipped".into());
        }
        p.cheapest_meeting = None;
        p.best_metric = None;
    }
    let (svg, g) = svg_of(&refused);
    assert_eq!(svg.matches("cannot exist: over 250 MB unzipped").count(), 3);
    assert_eq!(g.items.len(), 3);

    // Nothing simulated at all: each planner's "no data" state.
    let provisioned = plan_of(
        &steady(50.0, 120.0, 20.0),
        Request::Provisioned {
            target: Target::ColdShare { max: 0.05 },
        },
    );
    let memory = plan_of(
        &steady(200.0, 100.0, 5.0),
        Request::Memory {
            config: MemoryConfig {
                sizes_mb: vec![512],
                ..MemoryConfig::default()
            },
        },
    );
    let schedule = plan_of(
        &trace(1_000.0, 2_400.0, 3_600.0, |_| true),
        Request::Schedule {
            target: Target::ColdShare { max: 0.9 },
        },
    );
    let mut empties = Vec::new();
    for mut plan in [provisioned, memory, schedule, refused] {
        // One point first: draws with its axes.
        let (svg, g) = svg_of(&plan);
        assert!(!g.is_empty(), "{svg}");
        match &mut plan {
            Plan::Provisioned(p) => p.series.clear(),
            Plan::Memory(p) => p.points.clear(),
            Plan::Schedule(p) => p.slots.clear(),
            Plan::Packaging(p) => p.options.clear(),
        }
        let (svg, g) = svg_of(&plan);
        assert!(g.is_empty() && g.items.is_empty());
        assert!(svg.contains(plan::title(&plan)));
        empties.push(svg);
    }
    assert!(empties.iter().all(|svg| svg.contains("No ")));
    // In either theme, and to a standalone document of the asked size.
    let doc = render_plan_svg(&plan, &Theme::dark(), 640, 400).expect("renders");
    assert!(doc.starts_with("<svg") && doc.contains("width=\"640\""));
    assert!(render_plan_svg(&plan, &Theme::light(), 10, 400).is_err());
}
