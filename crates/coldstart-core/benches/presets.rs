//! Requests simulated per second for every preset in `scenarios/` (the web page's presets).
//!
//! Each preset runs exactly as shipped (its own seed, workload and output settings) through
//! `coldstart_core::run`, so the figure includes validation, sampler set-up and report building,
//! which is what a user waits for. Criterion's throughput is the preset's request count, so the
//! report reads directly as requests per second.
//!
//! ```text
//! cargo bench -p coldstart-core --bench presets -- --warm-up-time 1 --measurement-time 3
//! ```

use coldstart_core::Scenario;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// The presets folder, found from this crate's manifest so `cargo bench` works from any directory.
fn presets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

/// A preset file holds one scenario or an array of them (the variants of a comparison).
fn variants(text: &str) -> Result<Vec<Scenario>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    items
        .into_iter()
        .map(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
        .collect()
}

/// Every variant of every preset, named `file` or `file/variant`, in file-name order.
fn presets() -> Vec<(String, Scenario)> {
    let dir = presets_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for path in files {
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let scenarios =
            variants(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
        let several = scenarios.len() > 1;
        for scenario in scenarios {
            let id = if several {
                format!("{stem}/{}", scenario.name)
            } else {
                stem.clone()
            };
            all.push((id, scenario));
        }
    }
    all
}

fn bench_presets(c: &mut Criterion) {
    let mut group = c.benchmark_group("presets");
    for (id, scenario) in presets() {
        // One untimed run gives the request count; runs are deterministic, so every timed run
        // simulates exactly this many requests.
        let requests = coldstart_core::run(&scenario)
            .unwrap_or_else(|e| panic!("preset {id} is invalid: {e}"))
            .requests;
        group.throughput(Throughput::Elements(requests));
        group.bench_function(&id, |b| {
            b.iter(|| coldstart_core::run(black_box(&scenario)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_presets);
criterion_main!(benches);
