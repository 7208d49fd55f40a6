//! Asynchronous invocation: throttle back-off, error retries and maximum event age.

use super::common::*;
use coldstart_core::report::Outcome;
use coldstart_core::scenario::Invocation;

fn async_scenario(handler_ms: f64, arrivals: &[f64], max_age_s: f64) -> coldstart_core::Scenario {
    let mut s = base(handler_ms, Some(600.0), arrivals, 10.0);
    s.invocation = Invocation::Async {
        max_retries: 2,
        max_event_age_s: max_age_s,
    };
    s.platform.account_concurrency = Some(1_000);
    s.platform.reserved_concurrency = Some(1);
    s
}

#[test]
fn throttled_events_back_off_exponentially_then_run() {
    // R0 holds the only slot until 5.25 s. R1 (10 ms) is throttled at 0.01, 1.01, 3.01 s and
    // runs warm at 7.01 s (back-off 1, 2, 4 s), ending at 12.01 s.
    let s = async_scenario(5_000.0, &[0.0, 10.0], 21_600.0);
    let r = run(&s);
    let r1 = rec(&r, 1);
    assert_eq!(r1.outcome, Outcome::Ok);
    assert_eq!(r1.retries, 3);
    assert_eq!(r1.start, ms(7_010));
    assert_eq!(r1.end, ms(12_010));
    assert_eq!(r1.cold, None);
    assert_eq!(r.throttled, 3);
    assert_eq!(
        r.latency_ms.warm.max, 12_000.0,
        "queueing delay is part of latency"
    );
    assert_conservation(&r);
}

#[test]
fn events_older_than_the_maximum_age_are_dropped() {
    // R0 holds the slot for 100 s. R1 is throttled at 0.01, 1.01, 3.01, 7.01, 15.01, 31.01 s;
    // the next try (+32 s) would be 63 s old > 60 s: dropped at 31.01 s.
    let mut s = async_scenario(100_000.0, &[0.0, 10.0], 60.0);
    s.function.timeout_s = 200.0;
    let r = run(&s);
    let r1 = rec(&r, 1);
    assert_eq!(r1.outcome, Outcome::Dropped);
    assert_eq!(r1.end, ms(31_010));
    assert_eq!(r1.retries, 5);
    assert_eq!(r.dropped, 1);
    assert_eq!(r.throttled, 6);
}

#[test]
fn failed_events_are_retried_after_one_then_two_minutes() {
    let mut s = async_scenario(100.0, &[0.0], 21_600.0);
    s.function.error_rate = 1.0;
    let r = run(&s);
    let r0 = rec(&r, 0);
    // 0–350 ms cold, retry at 60.35 s (warm, to 60.45), retry at 180.45 s (to 180.55): error.
    assert_eq!(r0.outcome, Outcome::Error);
    assert_eq!(r0.retries, 2);
    assert_eq!(r0.start, ms(180_450));
    assert_eq!(r0.end, ms(180_550));
    assert_eq!((r.invocations, r.retries, r.errors), (3, 2, 1));
    assert_eq!(r.cost_usd.requests, 3.0 * s.prices.per_request_usd);
}

#[test]
fn sync_errors_are_not_retried() {
    let mut s = base(100.0, Some(600.0), &[0.0], 10.0);
    s.function.error_rate = 1.0;
    let r = run(&s);
    assert_eq!((r.invocations, r.retries, r.errors), (1, 0, 1));
}

#[test]
fn a_cold_start_completes_before_a_retry_due_at_the_same_microsecond() {
    // R0 runs cold 0–60.25 s on env 1 and fails; its retry is due at 120.25 s. R1 arrives at
    // 60 s, finds env 1 busy and runs cold on env 2 until 120.25 s: at the same microsecond.
    // R1's completion took its place in the order when R1 started (60 s), before the retry was
    // scheduled (60.25 s), so it runs first and frees env 2 for the retry, which starts warm
    // (env 1 expired at 61.25 s). The completion is queued only when env 2's init is done
    // (60.25 s, after the retry was scheduled); were it given a new place then, the retry
    // would find env 2 busy and start cold (checked: with `on_init_done` scheduling the
    // completion afresh, this test fails on R0's cold start and counts 4).
    let mut s = base(60_000.0, Some(1.0), &[0.0, 60_000.0], 400.0);
    s.invocation = Invocation::Async {
        max_retries: 1,
        max_event_age_s: 21_600.0,
    };
    s.function.error_rate = 1.0;
    let r = run(&s);
    let r0 = rec(&r, 0);
    assert_eq!(r0.retries, 1);
    assert_eq!(r0.start, ms(120_250), "the retry is due as R1 completes");
    assert_eq!(r0.cold, None, "the retry runs warm on env 2");
    assert_eq!(r0.end, ms(180_250));
    // R0, R1, and R1's retry at 180.25 s (env 2 still busy with R0's until that microsecond,
    // whose completion took its place after the retry's).
    let r1 = rec(&r, 1);
    assert_eq!((r1.retries, r1.start), (1, ms(180_250)));
    assert!(r1.cold.is_some());
    assert_eq!(r.cold_starts, 3);
    assert_conservation(&r);
}
