//! Provisioned concurrency: never cold, preferred, spill-over, schedule changes.

use super::common::*;
use coldstart_core::scenario::{Provisioned, ProvisionedChange};

#[test]
fn provisioned_environments_are_never_cold_and_spill_over() {
    let mut s = without_snapstart(base(1_000.0, Some(60.0), &[0.0, 0.0, 0.0, 5_000.0], 10.0));
    s.provisioned = Some(Provisioned {
        count: 2,
        schedule: vec![],
    });
    let r = run(&s);
    let on_pc: Vec<_> = r.samples.iter().filter(|x| x.provisioned).collect();
    assert_eq!(on_pc.len(), 3, "two at once, then the later one");
    assert!(
        on_pc
            .iter()
            .all(|x| x.cold.is_none() && x.phases.init_total().0 == 0)
    );
    assert_eq!(r.cold_starts, 1);
    assert_eq!(r.cold_by_cause.scale_out, 1, "a spill-over is a scale-out");
    assert_eq!(r.provisioned_spillovers, 1);
    // At 5 s the on-demand env is idle too, but provisioned ones are preferred.
    assert!(rec(&r, 3).provisioned);
    assert!((r.environments.mean_provisioned - 2.0).abs() < 1e-9);
    assert!(r.cost_usd.provisioned_capacity > 0.0);
    assert!(r.cost_usd.provisioned_duration > 0.0);
}

#[test]
fn schedule_adds_and_removes_provisioned_environments() {
    let mut s = without_snapstart(base(100.0, Some(60.0), &[], 40.0));
    s.provisioned = Some(Provisioned {
        count: 1,
        schedule: vec![
            ProvisionedChange {
                at_s: 10.0,
                count: 3,
            },
            ProvisionedChange {
                at_s: 30.0,
                count: 0,
            },
        ],
    });
    let r = run(&s);
    // 1 for 10 s, 3 from 10 s to 30 s, 0 after: (10 + 3×20) / 40. The two added environments
    // count from their allocation (initialising ones are provisioned too).
    let want = (10.0 + 3.0 * 20.0) / 40.0;
    assert!(
        (r.environments.mean_provisioned - want).abs() < 1e-9,
        "{} vs {want}",
        r.environments.mean_provisioned
    );
    assert_eq!(r.environments.created, 3);
}
