//! Deploys: a new version retires the warm environments (in-flight work finishes, none is
//! reused), and the cold starts it causes are attributed to it.

use super::common::*;
use coldstart_core::report::{ColdCause, Outcome};
use coldstart_core::scenario::{Deploy, Provisioned};

fn deploy(at_s: f64) -> Deploy {
    Deploy {
        at_s,
        image_changed_fraction: 1.0,
    }
}

#[test]
fn a_deploy_retires_warm_environments_into_a_cold_start_wave() {
    // Five at once (five environments), five again at 2 s (all warm), a deploy at 3 s, five at 4 s.
    let mut arrivals = vec![0.0; 5];
    arrivals.extend([2_000.0; 5]);
    arrivals.extend([4_000.0; 5]);
    let mut s = base(100.0, None, &arrivals, 10.0);
    s.deploys = vec![deploy(3.0)];
    let r = run(&s);
    assert_conservation(&r);
    assert_eq!(r.deploys_s, [3.0]);
    assert!((5..10).all(|id| rec(&r, id).cold.is_none()), "warm before");
    for id in 10..15 {
        let x = rec(&r, id);
        assert_eq!(x.cold, Some(ColdCause::Deploy), "request {id}");
        assert!(x.env_id.is_some_and(|e| e >= 5), "a new environment");
        assert_eq!(x.invocation, 1);
        // Hand-computed: 250 ms cold start + 100 ms handler.
        assert_eq!(x.end - x.arrival, ms(COLD_MS + 100));
    }
    let c = &r.cold_by_cause;
    assert_eq!((c.first, c.scale_out, c.deploy, c.total()), (1, 4, 5, 10));
    // The wave is in the time series at 4 s (1-s buckets).
    assert_eq!(r.timeseries.cold_starts[4], 5);
}

#[test]
fn in_flight_work_finishes_and_its_environment_is_not_reused() {
    // A 1 s request starts at 2.5 s on the warm environment; the deploy lands at 3 s.
    let mut s = base(1_000.0, None, &[0.0, 2_500.0, 5_000.0], 10.0);
    s.deploys = vec![deploy(3.0)];
    let r = run(&s);
    let during = rec(&r, 1);
    assert_eq!(during.outcome, Outcome::Ok);
    assert_eq!(
        during.cold, None,
        "it ran on the old version's warm environment"
    );
    assert_eq!(during.end, ms(3_500));
    let after = rec(&r, 2);
    assert_eq!(after.cold, Some(ColdCause::Deploy));
    assert_ne!(after.env_id, during.env_id);
    // Without the deploy the same request is warm.
    s.deploys.clear();
    assert_eq!(rec(&run(&s), 2).cold, None);
}

#[test]
fn a_deploy_replaces_provisioned_environments() {
    // One provisioned environment; a deploy at 1 s replaces it. A request just after spills
    // over (cause: the deploy); one much later is served by the new provisioned environment.
    let mut s = without_snapstart(base(10.0, None, &[1_001.0, 5_000.0], 10.0));
    s.provisioned = Some(Provisioned {
        count: 1,
        schedule: vec![],
    });
    s.deploys = vec![deploy(1.0)];
    let r = run(&s);
    let spill = rec(&r, 0);
    assert_eq!(spill.cold, Some(ColdCause::Deploy));
    assert!(!spill.provisioned);
    let later = rec(&r, 1);
    assert!(later.provisioned && later.cold.is_none());
    assert_eq!(
        later.env_id,
        Some(1),
        "the replacement, created at the deploy"
    );
    assert!((r.environments.mean_provisioned - 1.0).abs() < 1e-9);
}

#[test]
fn a_snapstart_deploy_makes_the_snapshot_cache_cold_again() {
    // A version live for a while (no cache warm-up), then a deploy: the next restore pays the
    // configured first-restore extra time again.
    let mut s = base(10.0, None, &[0.0, 2_000.0], 10.0);
    let snap = s.snapstart.as_mut().expect("base has SnapStart");
    snap.just_published = false;
    snap.snapshot_cache.first_extra_ms = 500.0;
    let r = run(&s);
    assert_eq!(rec(&r, 0).phases.bootstrap, ms(200));
    assert_eq!(r.cost_usd.snapstart_publish, 0.0);
    s.deploys = vec![deploy(1.0)];
    let r = run(&s);
    assert_eq!(rec(&r, 0).phases.bootstrap, ms(200));
    let after = rec(&r, 1);
    assert_eq!(after.cold, Some(ColdCause::Deploy));
    assert_eq!(after.phases.bootstrap, ms(700));
    assert!(r.cost_usd.snapstart_publish > 0.0, "the new version's Init");
}

#[test]
fn deploys_after_the_window_and_none_change_nothing() {
    let s = base(100.0, None, &[0.0, 2_000.0], 5.0);
    let mut late = s.clone();
    late.deploys = vec![deploy(50.0)];
    let (a, b) = (run(&s), run(&late));
    assert_eq!(a.cold_by_cause, b.cold_by_cause);
    assert!(b.deploys_s.is_empty());
}
