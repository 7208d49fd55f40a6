//! Environment lanes: the recorder (`output.environment_lanes`) shows each environment's start
//! phases, busy and idle spans and why it went, and changes nothing else in the run.

use super::common::*;
use coldstart_core::report::{Lane, Reclaim};
use coldstart_core::scenario::Deploy;

fn lane(r: &coldstart_core::Report, env_id: u32) -> &Lane {
    let lanes = r.environment_lanes.as_ref().expect("lanes recorded");
    lanes
        .lanes
        .iter()
        .find(|l| l.env_id == env_id)
        .expect("lane")
}

#[test]
fn a_lane_shows_the_start_phases_the_busy_and_idle_spans_and_the_deploy_that_retired_it() {
    // A cold start at 0 (250 ms: 50 ms microVM + 200 ms restore), 100 ms handler, idle, warm
    // again at 2 s, a deploy at 3 s retires it; a new environment starts at 4 s.
    let mut s = base(100.0, None, &[0.0, 2_000.0, 4_000.0], 10.0);
    s.deploys = vec![Deploy {
        at_s: 3.0,
        image_changed_fraction: 1.0,
    }];
    s.output.environment_lanes = 10;
    let r = run(&s);
    let lanes = r.environment_lanes.as_ref().unwrap();
    assert_eq!((lanes.created, lanes.lanes.len()), (2, 2));
    let first = lane(&r, 0);
    assert_eq!(first.created, ms(0));
    assert_eq!(first.phases.microvm, ms(50));
    assert_eq!(first.phases.bootstrap, ms(200));
    assert_eq!(first.ready, Some(ms(COLD_MS)));
    let spans: Vec<(u64, u64, u64)> = (first.spans.iter())
        .map(|s| (s.start.0 / 1_000, s.end.0 / 1_000, s.busy.0 / 1_000))
        .collect();
    assert_eq!(
        spans,
        [
            (250, 350, 100),
            (350, 2_000, 0),
            (2_000, 2_100, 100),
            (2_100, 3_000, 0)
        ]
    );
    let end = first.end.expect("retired");
    assert_eq!((end.at, end.why), (ms(3_000), Reclaim::Deploy));
    // The new version's environment is alive at the end of the run: its last span is closed
    // there, with no end.
    let second = lane(&r, 1);
    assert_eq!(second.created, ms(4_000));
    assert_eq!(second.end, None);
    assert_eq!(second.spans.last().unwrap().end, r.end);
}

#[test]
fn keep_alive_reclaims_are_recorded_and_only_the_first_environments_kept() {
    // Three at once (three environments), then idle past a 1 s keep-alive.
    let mut s = base(100.0, Some(1.0), &[0.0, 0.0, 0.0], 5.0);
    s.output.environment_lanes = 2;
    let r = run(&s);
    let lanes = r.environment_lanes.as_ref().unwrap();
    assert_eq!(lanes.created, 3, "the third is counted, not recorded");
    assert_eq!(lanes.lanes.len(), 2);
    for l in &lanes.lanes {
        let end = l.end.expect("reclaimed");
        assert_eq!(end.why, Reclaim::KeepAlive);
        assert_eq!(end.at, ms(COLD_MS + 100 + 1_000));
    }
}

#[test]
fn recording_lanes_changes_nothing_else_in_the_report() {
    for preset in [
        include_str!("../../../../scenarios/node-zip-api.json"),
        include_str!("../../../../scenarios/java-snapstart.json"),
    ] {
        let mut s = coldstart_core::Scenario::from_json(preset).unwrap();
        s.duration_s = s.duration_s.min(600.0);
        let off = run(&s);
        assert!(off.environment_lanes.is_none());
        s.output.environment_lanes = 50;
        let mut on = run(&s);
        let lanes = on.environment_lanes.take().expect("recorded");
        assert_eq!(on, off, "{}", s.name);
        assert_eq!(lanes.created, off.environments.created);
        assert_eq!(lanes.lanes.len() as u64, off.environments.created.min(50));
        // Every lane's spans are contiguous from ready on.
        for l in &lanes.lanes {
            if let (Some(ready), Some(first)) = (l.ready, l.spans.first()) {
                assert_eq!(first.start, ready);
            }
            assert!(l.spans.windows(2).all(|w| w[0].end == w[1].start));
            assert!(l.spans.iter().all(|s| s.busy <= s.end - s.start));
        }
    }
}

#[test]
fn too_many_lanes_are_refused_naming_the_field() {
    let mut s = base(100.0, None, &[0.0], 1.0);
    s.output.environment_lanes = coldstart_core::defaults::MAX_ENVIRONMENT_LANES + 1;
    let err = coldstart_core::validate(&s).unwrap_err().to_string();
    assert!(err.contains("output.environment_lanes"), "{err}");
    assert!(err.contains("5001"), "{err}");
}
