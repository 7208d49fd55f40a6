//! Concurrency caps, the scaling rate and sync throttling.

use super::common::*;
use coldstart_core::report::Outcome;
use coldstart_core::scenario::{Scaling, Workload};

#[test]
fn sync_requests_over_the_reserved_cap_get_429() {
    let mut s = base(500.0, Some(60.0), &[0.0, 10.0, 20.0, 1_000.0], 5.0);
    s.platform.account_concurrency = Some(1_000);
    s.platform.reserved_concurrency = Some(1);
    let r = run(&s);
    assert_eq!(rec(&r, 0).outcome, Outcome::Ok);
    assert_eq!(rec(&r, 1).outcome, Outcome::Throttled);
    assert_eq!(rec(&r, 2).outcome, Outcome::Throttled);
    assert_eq!(rec(&r, 1).end, ms(10), "a 429 returns at once");
    assert_eq!(rec(&r, 3).outcome, Outcome::Ok);
    assert_eq!(rec(&r, 3).cold, None);
    assert_eq!(r.throttled, 2);
    assert_eq!(r.throttled_by_reason.reserved_concurrency, 2);
    assert_eq!(r.dropped, 2);
    assert_conservation(&r);
}

#[test]
fn reserved_zero_stops_the_function() {
    let mut s = base(10.0, Some(60.0), &[0.0, 1.0], 5.0);
    s.platform.account_concurrency = Some(1_000);
    s.platform.reserved_concurrency = Some(0);
    let r = run(&s);
    assert_eq!(
        (r.throttled, r.completed, r.environments.created),
        (2, 0, 0)
    );
}

/// Peak concurrency over the sampled records (final attempts of completed requests).
fn sampled_peak(r: &coldstart_core::Report) -> usize {
    let mut edges: Vec<(u64, i32)> = r
        .samples
        .iter()
        .filter(|x| x.env_id.is_some())
        .flat_map(|x| [(x.start.0, 1), (x.end.0, -1)])
        .collect();
    edges.sort_by_key(|&(t, d)| (t, d)); // ends before starts at equal times
    let mut cur = 0i32;
    let mut peak = 0i32;
    for (_, d) in edges {
        cur += d;
        peak = peak.max(cur);
    }
    peak as usize
}

#[test]
fn concurrency_never_exceeds_the_reserved_cap() {
    let mut s = base(200.0, Some(10.0), &[], 30.0);
    s.workload = Workload::Poisson { rate_per_s: 100.0 };
    s.platform.account_concurrency = Some(1_000);
    s.platform.reserved_concurrency = Some(5);
    let r = run(&s);
    assert!(r.throttled > 0, "the load needs ~25 concurrent");
    assert_eq!(r.environments.peak_concurrency, 5);
    assert!(sampled_peak(&r) <= 5);
    assert!(r.environments.created <= 5);
    assert_conservation(&r);
}

#[test]
fn scaling_rate_is_never_exceeded() {
    // 10 environments per 1 s window; 100 requests at once, then a steady overload.
    let mut s = base(3_000.0, Some(60.0), &[], 10.0);
    s.workload = Workload::Mix {
        parts: vec![
            Workload::Trace {
                arrivals_ms: vec![0.0; 100],
            },
            Workload::Poisson { rate_per_s: 50.0 },
        ],
    };
    s.platform.scaling = Scaling::Standard {
        envs_per_window: 10,
        window_s: 1.0,
    };
    let r = run(&s);
    assert!(r.throttled_by_reason.scaling_rate > 0);
    let mut cold: Vec<u64> = r
        .samples
        .iter()
        .filter(|x| x.cold.is_some())
        .map(|x| x.start.0)
        .collect();
    cold.sort_unstable();
    assert_eq!(
        cold.iter().filter(|&&t| t == 0).count(),
        10,
        "the bucket starts full"
    );
    // Token bucket: at most 10 + 10 per second since the start, and at most 20 in any 1 s.
    for (i, &t) in cold.iter().enumerate() {
        let allowed = 10 + (t / 100_000) as usize; // one token per 100 ms
        assert!(i < allowed, "cold start #{i} at {t} µs exceeds the rate");
        let window = cold[i..].iter().take_while(|&&u| u < t + 1_000_000).count();
        assert!(window <= 20, "{window} creations within 1 s from {t} µs");
    }
}

#[test]
fn legacy_scaling_bursts_then_grows_per_minute() {
    let mut s = base(120_000.0, Some(600.0), &[], 120.0);
    s.workload = Workload::Trace {
        arrivals_ms: (0..200).map(|i| f64::from(i) * 500.0).collect(),
    };
    s.platform.scaling = Scaling::Legacy {
        initial_burst: 50,
        per_minute: 60,
    };
    let r = run(&s);
    // Handlers of 2 min never finish in time to be reused: every served request is a new env.
    // 50 at once, then one per second.
    let created_by = |t_s: u64| {
        r.samples
            .iter()
            .filter(|x| x.cold.is_some() && x.start.0 <= t_s * 1_000_000)
            .count()
    };
    assert_eq!(created_by(24), 49, "the burst covers 0..24.5 s at 2/s");
    assert!(created_by(99) <= 50 + 100);
    assert!(r.throttled_by_reason.scaling_rate > 0);
}

#[test]
fn account_cap_applies_without_reservation() {
    let mut s = base(1_000.0, Some(60.0), &[0.0, 0.0, 0.0], 5.0);
    s.platform.account_concurrency = Some(2);
    let r = run(&s);
    assert_eq!(r.throttled_by_reason.account_concurrency, 1);
    assert_eq!(r.environments.created, 2);
}

#[test]
fn fifty_thousand_requests_per_second_on_a_thousand_concurrency_are_mostly_rate_throttled() {
    // A 5 ms function at 50,000 req/s needs only ~250 concurrent environments, far under the
    // 1,000 quota; what refuses it is the invocation-rate quota, 10 × 1,000 = 10,000 req/s.
    let mut s = base(5.0, Some(600.0), &[], 20.0);
    s.workload = Workload::Poisson {
        rate_per_s: 50_000.0,
    };
    s.platform.account_concurrency = Some(1_000);
    s.platform.scaling = Scaling::default();
    s.output.request_sample = 0;
    let r = run(&s);
    let throttled_share = r.throttled as f64 / r.requests as f64;
    assert!(
        (throttled_share - 0.8).abs() < 0.02,
        "expected ~80 % throttled (40,000 of 50,000 per second), got {throttled_share}"
    );
    // The first cold starts (250 ms each) briefly need more environments than the scaling
    // rate and the quota give; after that every refusal is a rate refusal.
    let by_rate = r.throttled_by_reason.invocation_rate as f64 / r.throttled as f64;
    assert!(
        by_rate > 0.97,
        "share refused for the request rate: {by_rate}"
    );
}

#[test]
fn the_invocation_rate_counts_sync_requests_only() {
    // Async events are queued by Lambda's own poller: the sync request-rate quota does not
    // refuse them at arrival.
    let mut s = base(5.0, Some(600.0), &[], 5.0);
    s.workload = Workload::Poisson {
        rate_per_s: 30_000.0,
    };
    s.platform.account_concurrency = Some(1_000);
    s.output.request_sample = 0;
    s.invocation = coldstart_core::scenario::Invocation::Async {
        max_retries: 0,
        max_event_age_s: 3_600.0,
    };
    let r = run(&s);
    assert_eq!(r.throttled_by_reason.invocation_rate, 0);
}
