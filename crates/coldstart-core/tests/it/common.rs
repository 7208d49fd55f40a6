//! Scenario builders with hand-computable timings.
//!
//! `base` is a Java zip function with SnapStart whose restore is a constant 200 ms and whose
//! hook is zero, on a constant 50 ms microVM: every cold start costs exactly 250 ms (50 ms
//! microVM, no code fetch, 200 ms "bootstrap" = restore, no init). No limits, no lifetime, and
//! no warm-up (every invocation takes its handler time; tests/it/warmup.rs covers the curve).

use coldstart_core::report::{Outcome, RequestRecord};
use coldstart_core::{Micros, Report, Scenario};

/// Cold-start overhead of `base`, ms.
pub const COLD_MS: u64 = 250;

pub fn base(
    handler_ms: f64,
    keep_alive_s: Option<f64>,
    arrivals_ms: &[f64],
    duration_s: f64,
) -> Scenario {
    let keep = keep_alive_s.map_or("null".to_string(), |k| {
        format!(r#"{{"dist": "constant", "value": {k}}}"#)
    });
    let arrivals = format!("{arrivals_ms:?}");
    Scenario::from_json(&format!(
        r#"{{
        "name": "hand", "seed": 1, "duration_s": {duration_s},
        "workload": {{"kind": "trace", "arrivals_ms": {arrivals}}},
        "function": {{"runtime": "java", "memory_mb": 1024, "timeout_s": 900,
                     "handler_ms": {{"dist": "constant", "value": {handler_ms}}},
                     "warmup": {{"mode": "none"}}}},
        "package": {{"type": "zip", "zipped_mb": 1, "unzipped_mb": 2}},
        "snapstart": {{"restore_ms": {{"dist": "constant", "value": 200}},
                      "snapshot_cache": {{"first_extra_ms": 0}}}},
        "platform": {{"account_concurrency": null, "scaling": {{"mode": "unlimited"}},
                     "keep_alive_s": {keep}, "max_lifetime_s": null,
                     "microvm_ms": {{"dist": "constant", "value": 50}}}},
        "output": {{"request_sample": 100000, "bucket_s": 1}}
    }}"#
    ))
    .expect("base scenario parses")
}

/// `base` without SnapStart (which AWS does not combine with provisioned concurrency): a
/// custom runtime whose cold start is 50 ms microVM + a small zip fetch + a ~15 ms bootstrap.
pub fn without_snapstart(mut s: Scenario) -> Scenario {
    s.snapstart = None;
    s.function.runtime = coldstart_core::scenario::Runtime::Provided;
    s
}

pub fn run(s: &Scenario) -> Report {
    coldstart_core::run(s).expect("scenario runs")
}

pub fn ms(v: u64) -> Micros {
    Micros::from_ms(v)
}

/// The sampled record of request `id` (the tests keep every request).
pub fn rec(r: &Report, id: u64) -> &RequestRecord {
    r.samples
        .iter()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("request {id} not in the sample"))
}

/// Every request has exactly one record and the outcome counts add up.
pub fn assert_conservation(r: &Report) {
    let mut ids: Vec<u64> = r.samples.iter().map(|s| s.id).collect();
    ids.dedup();
    assert_eq!(ids.len() as u64, r.requests, "one record per arrival");
    let count = |o| r.samples.iter().filter(|s| s.outcome == o).count() as u64;
    assert_eq!(count(Outcome::Ok) + count(Outcome::Error), r.completed);
    assert_eq!(count(Outcome::Error), r.errors);
    assert_eq!(
        count(Outcome::Throttled) + count(Outcome::Dropped),
        r.dropped
    );
    assert_eq!(r.completed + r.dropped, r.requests);
}
