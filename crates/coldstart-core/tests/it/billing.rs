//! Billed duration: each attempt rounds up to 1 ms, init included when billed (AWS since Aug 2025).

use super::common::*;
use coldstart_core::scenario::Provisioned;

/// Handler 100.4 ms; `base` cold starts bill 200 ms of init (the SnapStart restore).
/// R0 at 0 ms is cold, R1 at 1,000 ms warm on the same environment (kept forever).
fn two_requests() -> coldstart_core::Scenario {
    base(100.4, None, &[0.0, 1_000.0], 2.0)
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
