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
