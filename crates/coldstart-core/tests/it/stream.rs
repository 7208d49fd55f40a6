//! Stream (poll-based) invocation: batches, iterator age, blocking retries.

use super::common::*;
use coldstart_core::report::Outcome;
use coldstart_core::scenario::{Invocation, Workload};

fn stream(batch_size: u32, window_s: f64) -> Invocation {
    Invocation::Stream {
        shards: 1,
        batch_size,
        batching_window_s: window_s,
        parallelization_factor: 1,
    }
}

#[test]
fn records_wait_for_the_poll_and_iterator_age_is_recorded() {
    // Five records at 0.2 s; the shard is polled at 1 s; one batch of 5 × 10 ms on a cold env.
    let mut s = base(10.0, Some(60.0), &[200.0; 5], 5.0);
    s.invocation = stream(10, 0.0);
    let r = run(&s);
    let st = r.stream.as_ref().expect("stream stats");
    assert_eq!(st.batches, 1);
    assert_eq!(st.iterator_age_ms.count, 5);
    assert_eq!(st.iterator_age_ms.p50, 800.0);
    assert_eq!(r.cold_starts, 1);
    assert_eq!(r.invocations, 1);
    for id in 0..5 {
        assert_eq!(rec(&r, id).end, ms(1_000 + COLD_MS + 50));
    }
    assert_eq!(r.latency_ms.all.max, 1_100.0);
    assert_conservation(&r);
}

#[test]
fn full_batches_leave_and_the_rest_wait_for_the_window() {
    // 25 records at 0.1 s, batch 10, window 3 s: polls at 1 s take two full batches in turn
    // (the second after the first completes), the last 5 wait for the window (poll at 4 s).
    let mut s = base(1.0, Some(60.0), &[100.0; 25], 10.0);
    s.invocation = stream(10, 3.0);
    let r = run(&s);
    assert_eq!(r.stream.as_ref().unwrap().batches, 3);
    assert_eq!(rec(&r, 0).end, ms(1_000 + COLD_MS + 10));
    assert_eq!(rec(&r, 10).end, ms(1_000 + COLD_MS + 10 + 10));
    assert_eq!(rec(&r, 24).start, ms(4_000));
}

#[test]
fn failed_batches_block_their_shard_and_are_retried() {
    let mut s = base(5.0, Some(60.0), &[], 20.0);
    s.workload = Workload::Poisson { rate_per_s: 20.0 };
    s.invocation = stream(5, 0.0);
    s.function.error_rate = 0.5;
    let r = run(&s);
    assert!(r.retries > 0);
    assert!(
        r.samples.iter().all(|x| x.outcome == Outcome::Ok),
        "retried until success"
    );
    // Order is kept: a record never ends before an earlier record of its shard.
    let mut by_id = r.samples.clone();
    by_id.sort_by_key(|x| x.id);
    assert!(by_id.windows(2).all(|w| w[0].end <= w[1].end));
    assert_conservation(&r);
}
