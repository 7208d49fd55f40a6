//! The request stream: a caller that drains after each slice receives every request's record,
//! exactly once, the same records a reservoir large enough to keep them all holds, and the
//! report does not change.
//!
//! The cases cover every outcome: a preset (cold and warm starts), the same under a reserved
//! concurrency of 5 with errors (sync throttles), async (throttle back-off, error retries,
//! dropped events) and stream (batches finishing many records in one event).

use coldstart_core::report::{Outcome, RequestRecord};
use coldstart_core::scenario::Invocation;
use coldstart_core::{Report, Scenario, Simulation};
use std::path::Path;

/// Events per slice: small, so a run is drained many times and records finishing at a slice
/// boundary are exercised.
const SLICE: u64 = 257;

fn preset() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/node-zip-api.json");
    Scenario::from_json(&std::fs::read_to_string(path).expect("preset exists")).expect("parses")
}

fn cases() -> Vec<(&'static str, Scenario)> {
    let plain = preset();
    let mut limited = preset();
    limited.platform.reserved_concurrency = Some(5);
    limited.function.error_rate = 0.05;
    let mut queued = limited.clone();
    queued.invocation = Invocation::Async {
        max_retries: 2,
        max_event_age_s: 60.0,
    };
    let mut stream = limited.clone();
    stream.invocation = Invocation::Stream {
        shards: 2,
        batch_size: 10,
        batching_window_s: 1.0,
        parallelization_factor: 1,
    };
    vec![
        ("preset", plain),
        ("sync, limited", limited),
        ("async", queued),
        ("stream", stream),
    ]
}

/// Runs `s` with the stream on, draining after every slice; returns the records in the order
/// received and the report.
fn streamed(s: &Scenario) -> (Vec<RequestRecord>, Report) {
    let mut sim = Simulation::new(s).expect("valid");
    sim.stream_requests(true);
    let mut got = Vec::new();
    while sim.run_events(SLICE) == SLICE {
        got.extend(sim.drain_finished());
    }
    got.extend(sim.drain_finished());
    assert_eq!(sim.drain_finished().count(), 0, "a drained stream is empty");
    (got, sim.into_report())
}

#[test]
fn every_arrival_is_streamed_exactly_once() {
    for (name, s) in cases() {
        let (got, report) = streamed(&s);
        let mut ids: Vec<u64> = got.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let expected: Vec<u64> = (0..report.requests).collect();
        assert_eq!(ids, expected, "{name}: ids 0..requests, each once");
        let count = |o: Outcome| got.iter().filter(|r| r.outcome == o).count() as u64;
        assert_eq!(count(Outcome::Ok) + count(Outcome::Error), report.completed);
        assert_eq!(
            count(Outcome::Throttled) + count(Outcome::Dropped),
            report.dropped,
            "{name}"
        );
        // Records arrive in the order their requests finished.
        assert!(got.windows(2).all(|w| w[0].end <= w[1].end), "{name}");
    }
}

#[test]
fn limited_cases_reach_every_outcome() {
    // Guards the other tests' coverage: without throttles, errors and retries they would
    // only compare easy records.
    let all: Vec<RequestRecord> = cases().iter().flat_map(|(_, s)| streamed(s).0).collect();
    for o in [
        Outcome::Ok,
        Outcome::Error,
        Outcome::Throttled,
        Outcome::Dropped,
    ] {
        assert!(all.iter().any(|r| r.outcome == o), "no {o:?} record");
    }
    assert!(all.iter().any(|r| r.retries > 0), "no retried record");
    assert!(all.iter().any(|r| r.cold.is_some()), "no cold record");
}

#[test]
fn streamed_records_equal_a_full_reservoir() {
    for (name, mut s) in cases() {
        let (mut got, without) = streamed(&s);
        s.output.request_sample = u32::try_from(without.requests).expect("small preset");
        let full = coldstart_core::run(&s).expect("valid");
        assert_eq!(
            full.samples.len() as u64,
            full.requests,
            "{name}: keeps all"
        );
        got.sort_by_key(|r| r.id);
        assert_eq!(got, full.samples, "{name}");
    }
}

#[test]
fn streaming_does_not_change_the_report() {
    for (name, s) in cases() {
        let (_, with) = streamed(&s);
        let without = coldstart_core::run(&s).expect("valid");
        assert_eq!(with, without, "{name}");
        assert!(
            with.samples.is_empty(),
            "{name}: the stream is not the sample"
        );
    }
}

#[test]
fn nothing_is_streamed_unless_asked() {
    let mut sim = Simulation::new(&preset()).expect("valid");
    sim.run_to_end();
    assert!(sim.report().requests > 0);
    assert_eq!(sim.drain_finished().count(), 0);
}

#[test]
fn turning_the_stream_off_keeps_what_was_not_drained() {
    let mut sim = Simulation::new(&preset()).expect("valid");
    sim.stream_requests(true);
    sim.run_events(10 * SLICE);
    sim.stream_requests(false);
    let kept = sim.drain_finished().count();
    assert!(kept > 0, "records finished while on are kept");
    sim.run_to_end();
    assert_eq!(
        sim.drain_finished().count(),
        0,
        "nothing collected while off"
    );
}
