//! Replications: a comparison under several seeds, and whether a difference is within the noise.

use coldstart_core::Scenario;
use coldstart_core::compare::replication::{
    Figure, Replications, replicate, replication_scenarios,
};
use coldstart_core::scenario::Provisioned;

/// A noisy spike: Poisson arrivals rising from 20 to 300 requests per second for a minute,
/// handlers with a wide log-normal, so each seed's cold starts and tails differ.
fn noisy() -> Scenario {
    Scenario::from_json(
        r#"{
        "name": "on-demand", "seed": 7, "duration_s": 300,
        "workload": {"kind": "spikes", "base_rate_per_s": 20,
                     "spikes": [{"at_s": 120, "duration_s": 60, "rate_per_s": 300}]},
        "function": {"runtime": "nodejs", "memory_mb": 512, "timeout_s": 10,
                     "handler_ms": {"dist": "log_normal", "median": 120, "p99_over_p50": 6},
                     "init_ms": {"dist": "log_normal", "median": 300, "p99_over_p50": 2}},
        "package": {"type": "zip", "zipped_mb": 5, "unzipped_mb": 15}
    }"#,
    )
    .expect("noisy scenario parses")
}

fn with_pc(count: u32, name: &str) -> Scenario {
    Scenario {
        name: name.into(),
        provisioned: Some(Provisioned {
            count,
            schedule: Vec::new(),
        }),
        ..noisy()
    }
}

const SEEDS: u32 = 8;

/// Per replication, `figure` of the variant minus the base's, run one by one (not through
/// `replicate`), to check the verdict against the raw differences.
fn paired(variant: &Scenario, figure: Figure) -> Vec<f64> {
    (0..SEEDS)
        .map(|k| {
            let runs: Vec<_> = replication_scenarios(&[noisy(), variant.clone()], k)
                .iter()
                .map(|s| coldstart_core::run(s).expect("runs"))
                .collect();
            figure.of(&runs[1]).unwrap() - figure.of(&runs[0]).unwrap()
        })
        .collect()
}

#[test]
fn ten_provisioned_environments_move_the_cold_tail_within_the_noise() {
    let pc = with_pc(10, "10 provisioned");
    let (r, first) =
        replicate(&[noisy(), pc.clone()], Replications::new(SEEDS).unwrap()).expect("replicates");
    assert_eq!(r.replications, SEEDS);
    assert_eq!(
        first[0],
        coldstart_core::run(&noisy()).unwrap(),
        "replication 0 is the scenario"
    );
    for figure in [Figure::ColdP99Ms, Figure::AllP999Ms] {
        let d = r.differences[1].of(figure).expect("every seed supports it");
        assert_eq!(d.beyond_noise(), Some(false), "{figure:?}: {d:?}");
        // The raw paired differences go both ways: a single seed could show either sign.
        let raw = paired(&pc, figure);
        assert!(
            raw.iter().any(|d| *d > 0.0) && raw.iter().any(|d| *d < 0.0),
            "{figure:?}: {raw:?}"
        );
        let mean = raw.iter().sum::<f64>() / raw.len() as f64;
        assert!((mean - d.mean).abs() < 1e-9);
    }
    // Provisioned capacity is billed by the hour whatever the seed: a cost difference that holds.
    let cost = r.differences[1].of(Figure::CostUsd).unwrap();
    assert_eq!(cost.beyond_noise(), Some(true), "{cost:?}");
}

#[test]
fn five_hundred_provisioned_environments_differ_beyond_the_noise() {
    let (r, _) = replicate(
        &[noisy(), with_pc(500, "500 provisioned")],
        Replications::new(SEEDS).unwrap(),
    )
    .expect("replicates");
    for figure in [Figure::ColdStartShare, Figure::AllP99Ms, Figure::AllP999Ms] {
        let d = r.differences[1].of(figure).expect("every seed supports it");
        assert_eq!(d.beyond_noise(), Some(true), "{figure:?}: {d:?}");
        assert!(d.mean < 0.0, "{figure:?} falls: {d:?}");
    }
    // No cold start left: its p99 has no sample in any replication, so no estimate.
    assert_eq!(r.variants[1].of(Figure::ColdP99Ms), None);
    assert_eq!(
        r.differences[0].of(Figure::CostUsd).map(|e| e.mean),
        Some(0.0)
    );
}

#[test]
fn one_replication_gives_means_without_intervals() {
    let (r, _) = replicate(&[noisy()], Replications::ONE).expect("replicates");
    let share = r.variants[0].of(Figure::ColdStartShare).unwrap();
    assert_eq!(share.half_width, None);
    assert_eq!(r.seeds, [7]);
}
