//! Simulated requests per second, aggregates only: a warm-dominated Poisson workload, and a
//! realistic mixed day (`bench/mixed-10m.json`: diurnal traffic with spikes that reach the
//! scaling limit, a container image, log-normal handler and init times, 10 M requests).
//!
//! `cargo bench -p coldstart-core --bench engine -- --warm-up-time 1 --measurement-time 3`

use coldstart_core::Scenario;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// 1,000 requests/s for 1,000 s (1 M requests), 50 ms exponential handlers, default platform:
/// ~50 environments busy, almost every request warm.
const WARM_POISSON: &str = r#"{
    "name": "bench-warm-poisson", "seed": 7, "duration_s": 1000,
    "workload": {"kind": "poisson", "rate_per_s": 1000},
    "function": {"runtime": "python", "memory_mb": 512,
                 "handler_ms": {"dist": "exponential", "mean": 50}},
    "package": {"type": "zip", "zipped_mb": 5, "unzipped_mb": 15}
}"#;

/// Whole runs of `scenario` (validation, set-up, simulation, report), counted in requests.
fn bench_runs(c: &mut Criterion, id: &str, scenario: &Scenario) {
    let requests = coldstart_core::run(scenario).expect("runs").requests;
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.throughput(Throughput::Elements(requests));
    group.bench_function(id, |b| {
        b.iter_batched(
            || scenario.clone(),
            |s| black_box(coldstart_core::run(&s).expect("runs").requests),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn engine(c: &mut Criterion) {
    let scenario = Scenario::from_json(WARM_POISSON).expect("bench scenario parses");
    bench_runs(c, "warm_poisson_1M", &scenario);
}

fn mixed(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/mixed-10m.json");
    let text = std::fs::read_to_string(path).expect("bench/mixed-10m.json is in the repository");
    let scenario = Scenario::from_json(&text).expect("bench scenario parses");
    bench_runs(c, "mixed_10M", &scenario);
}

criterion_group!(benches, engine, mixed);
criterion_main!(benches);
