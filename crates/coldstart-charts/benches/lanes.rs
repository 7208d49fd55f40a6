//! Drawing the environment lanes of a run with thousands of environments: the chart must fit a
//! page's frame budget whatever the run, since it rasterises rows × pixel columns.
//!
//! `cargo bench -p coldstart-charts --bench lanes -- --warm-up-time 1 --measurement-time 3`

use coldstart_charts::{ChartKind, Theme, Variant};
use coldstart_core::Scenario;
use criterion::{Criterion, criterion_group, criterion_main};
use plotters::prelude::*;
use std::hint::black_box;

/// 1,000 requests/s of 3 s exponential handlers for 5 minutes, no concurrency limit, the
/// default 3 s timeout: ~2,000 environments alive at once and ~126,000 created (a third of the
/// requests time out and reset theirs), of which the recorder keeps its most, 5,000.
const MANY_ENVIRONMENTS: &str = r#"{
    "name": "bench-many-environments", "seed": 7, "duration_s": 300,
    "workload": {"kind": "poisson", "rate_per_s": 1000},
    "function": {"runtime": "python", "memory_mb": 512,
                 "handler_ms": {"dist": "exponential", "mean": 3000}},
    "package": {"type": "zip", "zipped_mb": 5, "unzipped_mb": 15},
    "platform": {"account_concurrency": null, "scaling": {"mode": "unlimited"}},
    "deploys": [{"at_s": 150}],
    "output": {"environment_lanes": 5000}
}"#;

fn lanes(c: &mut Criterion) {
    let scenario = Scenario::from_json(MANY_ENVIRONMENTS).expect("bench scenario parses");
    let report = coldstart_core::run(&scenario).expect("runs");
    let recorded = report
        .environment_lanes
        .as_ref()
        .map_or(0, |l| l.lanes.len());
    assert!(recorded > 2_000, "{recorded} lanes");
    let variants = [Variant {
        label: "many",
        report: &report,
    }];
    let theme = Theme::light();
    let mut group = c.benchmark_group("lanes");
    group.sample_size(20);
    group.bench_function(format!("svg_960x540_{recorded}_lanes"), |b| {
        b.iter(|| {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (960, 540)).into_drawing_area();
                let geometry = ChartKind::Lanes.draw(&area, &variants, &[], &theme);
                black_box(geometry.expect("draws"));
                area.present().expect("present");
            }
            black_box(svg.len())
        })
    });
    group.finish();
}

criterion_group!(benches, lanes);
criterion_main!(benches);
