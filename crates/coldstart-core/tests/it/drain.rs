//! Work that drains after the arrival window: in the time series, not in the window's averages.

use super::common::*;
use coldstart_core::report::{ColdCause, TimeSeries};
use coldstart_core::scenario::Invocation;

#[test]
fn a_busy_environment_after_the_window_is_in_the_series() {
    // 2 s window, 1 s buckets, handler 3 s. R0 (0 ms): env 0 busy 0–3.25 s, then idle for good.
    // R1 (1.9 s): scale-out, env 1 busy 1.9–5.15 s. The run ends at 5.15 s.
    let s = base(3_000.0, None, &[0.0, 1_900.0], 2.0);
    let r = run(&s);
    assert_eq!(r.end, ms(5_150));
    let ts = &r.timeseries;
    assert_eq!(ts.arrivals, vec![1, 1, 0, 0, 0, 0]);
    // The last bucket is 0.15 s long: its means divide by 0.15 s, not by 1 s.
    let want_busy = [1.0, 1.1, 2.0, 1.25, 1.0, 1.0];
    let want_idle = [0.0, 0.0, 0.0, 0.75, 1.0, 1.0];
    for (i, (b, w)) in ts.busy.iter().zip(want_busy).enumerate() {
        assert!((b - w).abs() < 1e-9, "busy[{i}] = {b}, want {w}");
    }
    for (i, (b, w)) in ts.idle.iter().zip(want_idle).enumerate() {
        assert!((b - w).abs() < 1e-9, "idle[{i}] = {b}, want {w}");
    }
    assert_eq!(ts.concurrency_limit.len(), 6);
    // The averages are over the window only: env 0 for 2 s, env 1 for 0.1 s, over 2 s.
    assert!((r.environments.mean_total - 2.1 / 2.0).abs() < 1e-9);
    assert!((r.environments.mean_busy - 2.1 / 2.0).abs() < 1e-9);
}

#[test]
fn cold_starts_of_late_retries_are_in_the_series() {
    // Async, always failing, 1 s keep-alive, 10 s window: R0 is cold at 0 (ends 0.35 s), its
    // retries at 60.35 s and 180.7 s find the environment reclaimed and are cold again, long
    // after the window. The run ends at 181.05 s.
    let mut s = base(100.0, Some(1.0), &[0.0], 10.0);
    s.invocation = Invocation::Async {
        max_retries: 2,
        max_event_age_s: 21_600.0,
    };
    s.function.error_rate = 1.0;
    let r = run(&s);
    assert_eq!(r.end, ms(181_050));
    assert_eq!(r.cold_starts, 3);
    assert_eq!(r.cold_by_cause.keep_alive_expired, 2);
    let ts = &r.timeseries;
    assert_eq!(ts.cold_starts.len(), 182);
    assert_eq!(ts.cold_starts.iter().sum::<u64>(), r.cold_starts);
    assert_eq!((ts.cold_starts[60], ts.cold_starts[180]), (1, 1));
    assert!((ts.busy[60] - 0.35).abs() < 1e-9);
    assert!(
        (ts.busy[181] - 1.0).abs() < 1e-9,
        "busy for all of the partial last bucket"
    );
    assert_eq!(rec(&r, 0).cold, Some(ColdCause::KeepAliveExpired));
    // Window average: one environment for 1.35 s of the 10 s window.
    assert!((r.environments.mean_total - 0.135).abs() < 1e-9);
}

#[test]
fn buckets_of_a_fraction_of_a_microsecond_more_are_averaged_over_their_real_width() {
    // Time is kept in whole microseconds, so 1.5 µs buckets are integrated over 2 µs: the means
    // divide by those 2 µs (dividing by 1.5 µs made one busy environment 1.33), and the series
    // says so. One request at 0 keeps its environment initialising for all of the 20 µs window
    // and of the drain the series covers.
    let ts = one_request_series(1_000.0, 0.000_02, 0.000_001_5);
    assert_eq!(ts.bucket_s, 0.000_002);
    assert!(ts.busy.len() > 10, "{} buckets", ts.busy.len());
    for (i, b) in ts.busy.iter().enumerate() {
        assert!((b - 1.0).abs() < 1e-9, "busy[{i}] = {b}, want 1");
    }
}

#[test]
fn a_busy_bucket_averages_exactly_one_whatever_its_width() {
    // 4.1 s × 10^6 is 4,099,999.9999999995 in floating point: dividing a bucket's 4,100,000 µs
    // of one busy environment by it gave 1.0000000000000002.
    let ts = one_request_series(20_000.0, 8.2, 4.1);
    assert_eq!(ts.bucket_s, 4.1);
    assert_eq!(ts.busy[..4], [1.0; 4], "{:?}", ts.busy);
}

/// The time series of one request arriving at 0 with a `handler_ms` handler, in a window of
/// `duration_s` cut into buckets of `bucket_s`.
fn one_request_series(handler_ms: f64, duration_s: f64, bucket_s: f64) -> TimeSeries {
    let mut s = base(handler_ms, None, &[0.0], duration_s);
    s.output.bucket_s = bucket_s;
    run(&s).timeseries
}
