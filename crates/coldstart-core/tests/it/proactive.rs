//! Proactive initialization: recycled environments replaced off the request path.

use super::common::*;
use coldstart_core::Dist;
use coldstart_core::report::ColdCause;
use coldstart_core::scenario::ProactiveInit;

/// One request a second for 60 s on one environment whose lifetime is 10.3 s: it is recycled
/// between two requests about every 10.3 s (10.3, 20.6, 30.9, …).
fn recycling() -> coldstart_core::Scenario {
    let arrivals: Vec<f64> = (0..60).map(|i| f64::from(i) * 1_000.0).collect();
    let mut s = without_snapstart(base(10.0, None, &arrivals, 60.0));
    s.platform.max_lifetime_s = Some(Dist::constant(10.3));
    s
}

#[test]
fn proactive_initialization_moves_recycling_cold_starts_off_the_request_path() {
    let off = run(&recycling());
    assert_eq!(off.proactive_inits, 0);
    assert_eq!(off.cold_by_cause.first, 1);
    let recycled = off.cold_by_cause.lifetime_expired;
    assert!(recycled >= 4, "{:?}", off.cold_by_cause);
    assert_eq!(off.cold_starts, 1 + recycled);

    let mut s = recycling();
    s.platform.proactive_init = Some(ProactiveInit { share: 1.0 });
    let on = run(&s);
    assert_conservation(&on);
    assert_eq!(on.cold_starts, 1, "only the first request is cold");
    assert_eq!(on.cold_by_cause.lifetime_expired, 0);
    assert!(on.proactive_inits >= 4, "{}", on.proactive_inits);
    assert_eq!(on.environments.created, off.environments.created);
    assert!(on.latency_ms.all.max < off.latency_ms.all.max);
    // Every replacement was idle before the next request came: they are all warm.
    assert!(
        (1..60).all(|id| rec(&on, id).cold.is_none()),
        "warm after the first"
    );

    // A share of 0 is the same run as off; a share in between replaces some.
    s.platform.proactive_init = Some(ProactiveInit { share: 0.0 });
    assert_eq!(run(&s).cold_by_cause, off.cold_by_cause);
    s.platform.proactive_init = Some(ProactiveInit { share: 0.5 });
    let half = run(&s);
    assert_eq!(
        half.proactive_inits + half.cold_by_cause.of(ColdCause::LifetimeExpired),
        on.proactive_inits,
        "each recycling is either proactive or a later cold start"
    );
}

#[test]
fn proactive_initialization_is_off_by_default_and_keeps_keep_alive_cold_starts() {
    assert_eq!(recycling().platform.proactive_init, None);
    // Keep-alive reclamation is not replaced proactively: the next request still pays.
    let mut s = without_snapstart(base(10.0, Some(5.0), &[0.0, 20_000.0], 30.0));
    s.platform.proactive_init = Some(ProactiveInit { share: 1.0 });
    let r = run(&s);
    assert_eq!(r.cold_by_cause.keep_alive_expired, 1);
    assert_eq!(r.proactive_inits, 0);
}

#[test]
fn a_request_during_a_proactive_init_is_cold_because_of_the_recycling() {
    // The lifetime ends exactly when a request arrives: the replacement is still initialising.
    let mut s = recycling();
    s.platform.max_lifetime_s = Some(Dist::constant(10.0));
    s.platform.proactive_init = Some(ProactiveInit { share: 1.0 });
    let r = run(&s);
    assert_eq!(r.cold_by_cause.scale_out, 0, "{:?}", r.cold_by_cause);
    assert!(r.cold_by_cause.lifetime_expired > 0);
}
