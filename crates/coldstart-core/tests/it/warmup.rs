//! Warm-up of repeated invocations: the k-th invocation on an environment takes its drawn
//! handler time × the runtime's factor for k; the report gives latency by invocation index.

use super::common::*;
use coldstart_core::defaults::warmup_curve;
use coldstart_core::scenario::{Runtime, Warmup};

/// `n` requests 1 s apart, each 10 ms: one environment serves them all, one after another.
fn sequential(runtime: Runtime, warmup: Warmup, n: usize) -> coldstart_core::Scenario {
    let arrivals: Vec<f64> = (0..n).map(|i| i as f64 * 1_000.0).collect();
    let mut s = without_snapstart(base(10.0, None, &arrivals, n as f64));
    s.function.runtime = runtime;
    s.function.warmup = warmup;
    s
}

fn handler_ms(r: &coldstart_core::Report, id: u64) -> f64 {
    rec(r, id).phases.handler.as_ms_f64()
}

#[test]
fn the_factor_per_invocation_index_follows_each_runtime_default() {
    // Hand-computed: factor(k) = 1 + (first − 1) × exp(−(k − 1) / decay).
    let expect = |first: f64, decay: f64, k: u32| {
        if first == 1.0 {
            10.0
        } else {
            10.0 * (1.0 + (first - 1.0) * (-(f64::from(k) - 1.0) / decay).exp())
        }
    };
    for (runtime, first, decay) in [
        (Runtime::Java, 3.0, 20.0),
        (Runtime::Dotnet, 2.0, 10.0),
        (Runtime::Nodejs, 1.5, 5.0),
        (Runtime::Python, 1.2, 3.0),
        (Runtime::Ruby, 1.2, 3.0),
        (Runtime::Provided, 1.0, 0.0),
        (Runtime::Go, 1.0, 0.0),
        (Runtime::DotnetAot, 1.0, 0.0),
    ] {
        assert_eq!(warmup_curve(runtime), (first, decay), "{runtime:?}");
        let r = run(&sequential(runtime, Warmup::Runtime, 30));
        assert_eq!(r.cold_starts, 1, "{runtime:?}: one environment");
        for id in 0..30u64 {
            let k = id as u32 + 1;
            assert_eq!(rec(&r, id).invocation, k, "{runtime:?}");
            let want = expect(first, decay, k);
            assert!(
                (handler_ms(&r, id) - want).abs() <= 0.001,
                "{runtime:?} k={k}: {} ms, want {want} ms",
                handler_ms(&r, id)
            );
        }
    }
    // Java's first invocation: 3 × 10 ms; the 21st: 10 × (1 + 2/e).
    let r = run(&sequential(Runtime::Java, Warmup::Runtime, 21));
    assert_eq!(rec(&r, 0).phases.handler, ms(30));
    assert_eq!(rec(&r, 20).phases.handler.0, 17_358);
}

#[test]
fn warmup_none_and_a_custom_curve() {
    let r = run(&sequential(Runtime::Java, Warmup::None, 5));
    assert!((0..5).all(|id| rec(&r, id).phases.handler == ms(10)));
    let custom = Warmup::Curve {
        first_factor: 4.0,
        decay_invocations: 0.0,
    };
    let r = run(&sequential(Runtime::Provided, custom, 3));
    let got: Vec<f64> = (0..3).map(|id| handler_ms(&r, id)).collect();
    assert_eq!(got, [40.0, 10.0, 10.0], "decay 0: only the first is slower");
}

#[test]
fn latency_by_invocation_index_buckets() {
    let r = run(&sequential(Runtime::Java, Warmup::Runtime, 150));
    let b = &r.latency_by_invocation;
    let shape: Vec<(u32, Option<u32>, u64)> = b
        .iter()
        .map(|x| (x.first, x.last, x.latency_ms.count))
        .collect();
    assert_eq!(
        shape,
        [
            (1, Some(1), 1),
            (2, Some(10), 9),
            (11, Some(100), 90),
            (101, None, 50)
        ]
    );
    // The first includes the cold start and the slowest handler; later buckets get faster.
    let p50: Vec<f64> = b.iter().map(|x| x.latency_ms.p50).collect();
    assert!(p50.windows(2).all(|w| w[0] > w[1]), "{p50:?}");
    // From the 101st, Java's factor is at most 1 + 2 e^−5 ≈ 1.013.
    assert!(b[3].latency_ms.max < 10.14, "warmed up: {b:?}");
    // The warm-up curve's power-of-two bins add up to every completed request.
    let bins: Vec<(u32, u32)> = r.warmup_curve.iter().map(|p| (p.first, p.last)).collect();
    assert_eq!(&bins[..3], [(1, 1), (2, 3), (4, 7)]);
    assert_eq!(r.warmup_curve.iter().map(|p| p.count).sum::<u64>(), 150);
    assert_eq!(r.warmup_curve[0].mean_handler_ms, 30.0);
    let h: Vec<f64> = r.warmup_curve.iter().map(|p| p.mean_handler_ms).collect();
    assert!(h.windows(2).all(|w| w[0] > w[1]), "{h:?}");
}

#[test]
fn warmup_keeps_runs_deterministic() {
    let s = sequential(Runtime::Dotnet, Warmup::Runtime, 50);
    assert_eq!(run(&s), run(&s));
}
