//! Each cold-start cause (first, scale-out, keep-alive, lifetime, reset), keep-alive expiry and
//! maximum lifetime.

use super::common::*;
use coldstart_core::report::ColdCause;

#[test]
fn keep_alive_expiry_decides_warm_or_cold() {
    // Cold start ends at 350 ms; the env is idle from 350 ms with a 1 s keep-alive.
    // 1300 ms: idle 0.95 s → warm (ends 1400). 2401 ms: idle 1.001 s → reclaimed → cold.
    let s = base(100.0, Some(1.0), &[0.0, 1_300.0, 2_401.0], 5.0);
    let r = run(&s);
    assert_eq!(rec(&r, 0).cold, Some(ColdCause::First));
    assert_eq!(rec(&r, 1).cold, None);
    assert_eq!(rec(&r, 2).cold, Some(ColdCause::KeepAliveExpired));
    assert_eq!(rec(&r, 2).end, ms(2_401 + COLD_MS + 100));
    assert_eq!(r.cold_by_cause.keep_alive_expired, 1);
    assert_eq!(r.environments.created, 2);
    assert_conservation(&r);
}

#[test]
fn without_keep_alive_an_environment_stays_forever() {
    let s = base(100.0, None, &[0.0, 50_000.0], 60.0);
    let r = run(&s);
    assert_eq!(rec(&r, 1).cold, None);
    // One environment alive from 0 to the end of the window.
    assert!((r.environments.mean_total - 1.0).abs() < 1e-9);
}

#[test]
fn lifetime_retires_idle_and_busy_environments() {
    // Idle: lifetime 2 s, no keep-alive; the env is retired at 2 s; the request at 3 s is cold.
    let mut s = base(100.0, None, &[0.0, 1_000.0, 3_000.0], 5.0);
    s.platform.max_lifetime_s = Some(coldstart_core::Dist::constant(2.0));
    let r = run(&s);
    assert_eq!(rec(&r, 1).cold, None, "still young at 1 s");
    assert_eq!(rec(&r, 2).cold, Some(ColdCause::LifetimeExpired));
    assert_eq!(r.cold_by_cause.lifetime_expired, 1);

    // Busy past its lifetime: retired when the request ends (3.25 s), not interrupted.
    let mut s = base(3_000.0, None, &[0.0, 5_000.0], 10.0);
    s.platform.max_lifetime_s = Some(coldstart_core::Dist::constant(1.0));
    let r = run(&s);
    assert_eq!(rec(&r, 0).end, ms(COLD_MS + 3_000));
    assert_eq!(rec(&r, 1).cold, Some(ColdCause::LifetimeExpired));
}

#[test]
fn reclaimed_environments_explain_later_scale_out() {
    // Two concurrent requests make two envs; both expire; two concurrent requests later are
    // both cold because of the keep-alive, not a scale-out.
    let s = base(100.0, Some(1.0), &[0.0, 0.0, 10_000.0, 10_000.0], 20.0);
    let r = run(&s);
    assert_eq!(r.cold_by_cause.first, 1);
    assert_eq!(r.cold_by_cause.scale_out, 1);
    assert_eq!(r.cold_by_cause.keep_alive_expired, 2);
}

#[test]
fn placement_policies_choose_different_environments() {
    use coldstart_core::scenario::Placement;
    // Env 0 idle from 350 ms, env 1 from 450 ms (handler 100 ms, arrivals 0 and 100 ms).
    let arrivals = [0.0, 100.0, 1_000.0];
    let env_for = |p: Placement| {
        let mut s = base(100.0, Some(60.0), &arrivals, 5.0);
        s.platform.placement = p;
        rec(&run(&s), 2).env_id
    };
    assert_eq!(env_for(Placement::MostRecentlyUsed), Some(1));
    assert_eq!(env_for(Placement::LeastRecentlyUsed), Some(0));
    assert_eq!(env_for(Placement::NewestCreated), Some(1));
    let random = env_for(Placement::Random);
    assert!(random == Some(0) || random == Some(1));
}

#[test]
fn init_over_ten_seconds_is_retried_inside_the_invoke_phase() {
    // Restore 12 s > 10 s limit: 10 s lost, then 12 s again inside the invoke, then 1 s handler.
    let mut s = base(1_000.0, Some(60.0), &[0.0], 60.0);
    s.snapstart = Some(
        serde_json::from_str(
            r#"{"restore_ms": {"dist": "constant", "value": 12000},
                "snapshot_cache": {"first_extra_ms": 0}}"#,
        )
        .unwrap(),
    );
    let r = run(&s);
    assert_eq!(r.init_retried, 1);
    assert_eq!(rec(&r, 0).end, ms(50 + 10_000 + 12_000 + 1_000));
    assert_eq!(rec(&r, 0).outcome, coldstart_core::report::Outcome::Ok);
    // With a 5 s timeout the retried init cannot finish: error at the timeout, env reset.
    s.function.timeout_s = 5.0;
    let r = run(&s);
    assert_eq!(rec(&r, 0).outcome, coldstart_core::report::Outcome::Error);
    assert_eq!(rec(&r, 0).end, ms(50 + 10_000 + 5_000));
    assert_eq!(r.timeouts, 1);
}

#[test]
fn timeout_resets_the_environment() {
    let mut s = base(2_000.0, Some(60.0), &[0.0, 5_000.0], 10.0);
    s.function.timeout_s = 1.0;
    let r = run(&s);
    assert_eq!(rec(&r, 0).outcome, coldstart_core::report::Outcome::Error);
    assert_eq!(rec(&r, 0).end, ms(COLD_MS + 1_000));
    assert_eq!(
        rec(&r, 1).cold,
        Some(ColdCause::Reset),
        "the reset environment is gone, and that, not scale-out, is why R1 is cold"
    );
    assert_eq!(r.timeouts, 2);
    assert_eq!((r.cold_by_cause.first, r.cold_by_cause.reset), (1, 1));
    assert_eq!(r.cold_by_cause.scale_out, 0);
    assert_eq!(r.cold_starts, r.cold_by_cause.total());
}

#[test]
fn a_reset_explains_one_cold_start_and_no_more() {
    // R0 (0 ms) and R1 (100 ms) run concurrently on envs 0 and 1: cold first and scale-out.
    // Handlers 2 s against a 1 s timeout: both time out and both envs are reset. R2 and R3
    // (5 s, together) and R4 (5.1 s, while they run) need three environments: two replace the
    // reset ones, the third is a genuine scale-out.
    let mut s = base(
        2_000.0,
        Some(60.0),
        &[0.0, 100.0, 5_000.0, 5_000.0, 5_100.0],
        10.0,
    );
    s.function.timeout_s = 1.0;
    let r = run(&s);
    let c = &r.cold_by_cause;
    assert_eq!((c.first, c.scale_out, c.reset), (1, 2, 2));
    assert_eq!(rec(&r, 4).cold, Some(ColdCause::ScaleOut));
}
