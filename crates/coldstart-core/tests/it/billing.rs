//! Billed duration: each attempt rounds up to 1 ms, init included when billed (AWS since Aug 2025).

use super::common::*;
use coldstart_core::scenario::Provisioned;

/// Handler 100.4 ms; cold starts bill 200 ms of init: `base`'s 250 ms cold start with the
/// 200 ms in the `afterRestore` hooks, which AWS bills, instead of the restore, which it does not.
/// R0 at 0 ms is cold, R1 at 1,000 ms warm on the same environment (kept forever).
fn two_requests() -> coldstart_core::Scenario {
    let mut s = base(100.4, None, &[0.0, 1_000.0], 2.0);
    s.snapstart = Some(
        serde_json::from_str(
            r#"{"restore_ms": {"dist": "constant", "value": 0},
                "after_restore_hook_ms": {"dist": "constant", "value": 200},
                "snapshot_cache": {"first_extra_ms": 0}}"#,
        )
        .expect("snapstart parses"),
    );
    s
}

#[test]
fn snapstart_bills_the_runtime_load_and_hooks_not_the_snapshot_restore() {
    // `base` restores in 200 ms with no hooks; half of it (the default runtime-load share) is
    // Billed Restore Duration: 100 + 100.4 → 201 ms cold, 101 ms warm.
    let s = base(100.4, None, &[0.0, 1_000.0], 2.0);
    let r = run(&s);
    assert_eq!(r.cold_starts, 1);
    let want = 0.302 * s.prices.gb_s_x86_usd;
    assert!(
        (r.cost_usd.duration - want).abs() < 1e-15,
        "{}",
        r.cost_usd.duration
    );
    // With no runtime load billed, only the handler is: 101 + 101 ms.
    let mut free = s.clone();
    if let Some(snap) = &mut free.snapstart {
        snap.runtime_load_share = 0.0;
    }
    let want = 0.202 * s.prices.gb_s_x86_usd;
    assert!((run(&free).cost_usd.duration - want).abs() < 1e-15);
}

#[test]
fn snapstart_charges_python_for_cache_and_restores_and_java_for_neither() {
    use coldstart_core::scenario::Runtime;
    // Three cold starts (keep-alive 0) of a 1 GB function over a 60 s run.
    let mut s = base(10.0, Some(0.0), &[0.0, 1_000.0, 2_000.0], 60.0);
    let java = run(&s);
    assert_eq!(java.cold_starts, 3);
    assert_eq!(
        (
            java.cost_usd.snapstart_cache,
            java.cost_usd.snapstart_restore
        ),
        (0.0, 0.0)
    );
    s.function.runtime = Runtime::Python;
    let python = run(&s);
    // Cache: 1 GB × the 60 s run (the version has been live for a while); restores: 1 GB × 3.
    let cache = 1.0 * 60.0 * s.prices.snapstart_cache_gb_s_usd;
    let restores = 3.0 * s.prices.snapstart_restore_gb_usd;
    assert!((python.cost_usd.snapstart_cache - cache).abs() < 1e-15);
    assert!((python.cost_usd.snapstart_restore - restores).abs() < 1e-15);
    let others = python.cost_usd.requests + python.cost_usd.duration;
    assert!((python.cost_usd.total - others - cache - restores).abs() < 1e-15);
    assert_eq!(python.cost_usd.snapstart_publish, 0.0);
    // Just published: at least 3 h of cache, and the publish-time Init billed once as duration
    // (zip bootstrap median 83 ms + no function init, at 1 GB).
    if let Some(snap) = &mut s.snapstart {
        snap.just_published = true;
    }
    let fresh = run(&s);
    let cache = 1.0 * 10_800.0 * s.prices.snapstart_cache_gb_s_usd;
    assert!((fresh.cost_usd.snapstart_cache - cache).abs() < 1e-15);
    let publish = 1.0 * 0.083 * s.prices.gb_s_x86_usd;
    assert!((fresh.cost_usd.snapstart_publish - publish).abs() < 1e-15);
}

#[test]
fn a_new_versions_first_restores_are_slower_and_settle() {
    // Default snapshot-cache warm-up: +570 ms on the first restore, decaying over ~10 restores.
    let arrivals: Vec<f64> = (0..60).map(|i| f64::from(i) * 1_000.0).collect();
    let mut s = base(10.0, Some(0.0), &arrivals, 70.0);
    s.snapstart = Some(
        serde_json::from_str(
            r#"{"restore_ms": {"dist": "constant", "value": 200}, "just_published": true}"#,
        )
        .unwrap(),
    );
    let r = run(&s);
    let restore = |id| rec(&r, id).phases.bootstrap.as_ms_f64();
    assert!((restore(0) - 770.0).abs() < 0.01, "{}", restore(0));
    assert!((restore(10) - (200.0 + 570.0 * (-1.0f64).exp())).abs() < 0.01);
    let settled = 200.0 + 570.0 * (-5.9f64).exp();
    assert!(
        (restore(59) - settled).abs() < 0.01,
        "settled: {}",
        restore(59)
    );
    assert!(restore(59) < 202.0);
    // A version live for a while restores at the settled speed from the first cold start.
    if let Some(snap) = &mut s.snapstart {
        snap.just_published = false;
    }
    let live = run(&s);
    assert!((rec(&live, 0).phases.bootstrap.as_ms_f64() - 200.0).abs() < 0.01);
}

#[test]
fn on_demand_duration_is_rounded_up_per_attempt() {
    let s = two_requests();
    let r = run(&s);
    assert_eq!((r.cold_starts, r.completed), (1, 2));
    // Cold: 200 ms init + 100.4 ms handler = 300.4 → 301 ms. Warm: 100.4 → 101 ms.
    // 1 GB × 0.402 s; billing to the microsecond would give 0.4008 GB-s.
    let want = 1.0 * 0.402 * s.prices.gb_s_x86_usd;
    assert!(
        (r.cost_usd.duration - want).abs() < 1e-15,
        "{} vs {want}",
        r.cost_usd.duration
    );
}

#[test]
fn unbilled_init_leaves_only_the_rounded_handler() {
    let mut s = two_requests();
    s.prices.bill_init = false;
    let r = run(&s);
    // 101 ms + 101 ms.
    let want = 0.202 * s.prices.gb_s_x86_usd;
    assert!((r.cost_usd.duration - want).abs() < 1e-15);
}

#[test]
fn provisioned_duration_is_rounded_up_too() {
    let mut s = without_snapstart(base(100.4, None, &[0.0], 1.0));
    s.provisioned = Some(Provisioned {
        count: 1,
        schedule: Vec::new(),
    });
    let r = run(&s);
    assert_eq!(r.cold_starts, 0);
    assert_eq!(r.cost_usd.duration, 0.0);
    let want = 0.101 * s.prices.pc_duration_gb_s_x86_usd;
    assert!((r.cost_usd.provisioned_duration - want).abs() < 1e-15);
}
