//! Hand-built reports: small enough to reason about, shaped like a real run (a first cold
//! start, a scale-out burst with throttles, a keep-alive expiry, warm traffic in between).

use coldstart_charts::SweepSeries;
use coldstart_core::Micros;
use coldstart_core::report::{
    CdfPoint, ColdAnatomy, ColdCause, ColdSplit, LatencySummary, Outcome, PERCENTILES,
    PhaseSummaries, Phases, Report, RequestRecord, TimeSeries,
};

/// A deterministic xorshift stream, so fixtures need no RNG crate.
pub struct Noise(u64);

impl Noise {
    pub fn new(seed: u64) -> Self {
        Noise(seed | 1)
    }

    /// Uniform in [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn summary(sorted: &[f64]) -> LatencySummary {
    if sorted.is_empty() {
        return LatencySummary::default();
    }
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    LatencySummary {
        count: sorted.len() as u64,
        mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        p999: at(0.999),
        max: at(1.0),
    }
}

fn phase(p50: f64, p99: f64) -> LatencySummary {
    LatencySummary {
        count: 12,
        mean: p50,
        p50,
        p90: p99 * 0.8,
        p99,
        p999: p99,
        max: p99,
    }
}

/// The cold starts at each percentile, split in fixed shares of the phases' medians.
fn anatomy(cold: &LatencySummary, cold_ms: f64) -> Vec<ColdAnatomy> {
    let shares = [0.0, 80.0, cold_ms * 0.15, 120.0, cold_ms * 0.35, 25.0];
    let sum: f64 = shares.iter().sum();
    (PERCENTILES.iter())
        .filter(|_| cold.count > 0)
        .map(|p| {
            let ms = [cold.p50, cold.p90, cold.p99, cold.p999]
                [PERCENTILES.iter().position(|q| q == p).unwrap_or(0)];
            let [wait, microvm, code_fetch, bootstrap, init, handler] =
                shares.map(|s| s / sum * ms);
            ColdAnatomy {
                quantile: p.quantile,
                ms,
                samples: cold.count,
                near: 1,
                split: ColdSplit {
                    wait,
                    microvm,
                    code_fetch,
                    bootstrap,
                    init,
                    handler,
                },
            }
        })
        .collect()
}

/// A 600 s run of `requests` requests; `cold_ms` is the typical cold-start latency.
pub fn report(requests: usize, cold_ms: f64, seed: u64) -> Report {
    let mut noise = Noise::new(seed);
    let span_s = 600.0;
    let mut samples = Vec::with_capacity(requests);
    for id in 0..requests {
        let t = span_s * id as f64 / requests as f64;
        let (cold, outcome) = if id == 0 {
            (Some(ColdCause::First), Outcome::Ok)
        } else if (120.0..124.0).contains(&t) && noise.next() < 0.3 {
            (Some(ColdCause::ScaleOut), Outcome::Ok)
        } else if (124.0..126.0).contains(&t) && noise.next() < 0.5 {
            (None, Outcome::Throttled)
        } else if (450.0..451.0).contains(&t) && noise.next() < 0.5 {
            (Some(ColdCause::KeepAliveExpired), Outcome::Ok)
        } else {
            (None, Outcome::Ok)
        };
        let latency_ms = match (cold, outcome) {
            (_, Outcome::Throttled) => 0.0,
            (Some(_), _) => cold_ms * (0.7 + 0.6 * noise.next()),
            (None, _) => 15.0 + 60.0 * noise.next() * noise.next(),
        };
        let arrival = Micros::from_secs_f64(t);
        samples.push(RequestRecord {
            id: id as u64,
            arrival,
            start: arrival,
            end: arrival + Micros::from_ms_f64(latency_ms),
            cold,
            phases: Phases::default(),
            env_id: Some(0),
            provisioned: false,
            outcome,
            retries: 0,
            invocation: 1,
        });
    }
    let served: Vec<&RequestRecord> = samples
        .iter()
        .filter(|r| r.outcome != Outcome::Throttled)
        .collect();
    let latency = |r: &RequestRecord| (r.end - r.arrival).as_ms_f64();
    let mut all: Vec<f64> = served.iter().map(|r| latency(r)).collect();
    all.sort_by(f64::total_cmp);
    let mut cold: Vec<f64> = served
        .iter()
        .filter(|r| r.cold.is_some())
        .map(|r| latency(r))
        .collect();
    cold.sort_by(f64::total_cmp);
    let mut warm: Vec<f64> = served
        .iter()
        .filter(|r| r.cold.is_none())
        .map(|r| latency(r))
        .collect();
    warm.sort_by(f64::total_cmp);
    let cdf = |sorted: &[f64]| -> Vec<CdfPoint> {
        (1..=100)
            .filter(|_| !sorted.is_empty())
            .map(|i| {
                let q = i as f64 / 100.0;
                let idx = ((sorted.len() - 1) as f64 * q).round() as usize;
                CdfPoint {
                    ms: sorted[idx],
                    quantile: q,
                }
            })
            .collect()
    };

    let bucket_s = 10.0;
    let buckets = (span_s / bucket_s) as usize;
    let mut timeseries = TimeSeries {
        bucket_s,
        ..TimeSeries::default()
    };
    for b in 0..buckets {
        let in_bucket: Vec<&RequestRecord> = samples
            .iter()
            .filter(|r| (r.arrival.as_secs_f64() / bucket_s) as usize == b)
            .collect();
        let range = |cold_wanted: bool| {
            let values: Vec<f64> = in_bucket
                .iter()
                .filter(|r| r.outcome != Outcome::Throttled && r.cold.is_some() == cold_wanted)
                .map(|r| latency(r))
                .collect();
            let lo = values.iter().copied().reduce(f64::min)?;
            let hi = values.iter().copied().reduce(f64::max)?;
            Some((lo, hi))
        };
        let burst = (12..13).contains(&b);
        timeseries.arrivals.push(in_bucket.len() as u64);
        timeseries
            .cold_starts
            .push(in_bucket.iter().filter(|r| r.cold.is_some()).count() as u64);
        timeseries.throttles.push(
            in_bucket
                .iter()
                .filter(|r| r.outcome == Outcome::Throttled)
                .count() as u64,
        );
        timeseries
            .busy
            .push(if burst { 9.5 } else { 1.0 + noise.next() });
        timeseries
            .idle
            .push(if b > 12 && b < 40 { 6.0 } else { 1.5 });
        timeseries.provisioned.push(2.0);
        timeseries.concurrency_limit.push(Some(10));
        timeseries.warm_latency_ms.push(range(false));
        timeseries.cold_latency_ms.push(range(true));
    }

    Report {
        name: format!("fixture-{seed}"),
        seed,
        requests: requests as u64,
        completed: served.len() as u64,
        cold_starts: cold.len() as u64,
        cold_start_ratio: cold.len() as f64 / served.len().max(1) as f64,
        throttled: (samples.len() - served.len()) as u64,
        latency_ms: coldstart_core::report::Latencies {
            all: summary(&all),
            cold: summary(&cold),
            warm: summary(&warm),
        },
        phases_ms: PhaseSummaries {
            microvm: phase(80.0, 130.0),
            code_fetch: phase(cold_ms * 0.15, cold_ms * 0.4),
            bootstrap: phase(120.0, 210.0),
            init: phase(cold_ms * 0.35, cold_ms * 0.8),
            handler: phase(25.0, 60.0),
        },
        cold_anatomy: anatomy(&summary(&cold), cold_ms),
        latency_cdf: cdf(&all),
        cold_latency_cdf: cdf(&cold),
        timeseries,
        samples,
        end: Micros::from_secs_f64(span_s),
        ..Report::default()
    }
}

/// The same run without its request sample: charts must fall back to the time series.
pub fn without_samples(mut report: Report) -> Report {
    report.samples.clear();
    report
}

/// A zip curve that stops at 250 MB, a lazy image curve to 10 GB, and an image read whole at
/// init whose cost grows with every MB to tens of seconds (as the core's sweep gives).
pub fn sweep() -> Vec<SweepSeries> {
    let sizes: [f64; 10] = [
        1.0, 5.0, 10.0, 50.0, 100.0, 250.0, 500.0, 1_000.0, 5_000.0, 10_240.0,
    ];
    let zip = sizes
        .iter()
        .map(|&mb| (mb, 250.0 + 12.0 * mb, 400.0 + 20.0 * mb))
        .collect();
    let image = sizes
        .iter()
        .map(|&mb| (mb, 900.0 + 40.0 * mb.ln(), 1_600.0 + 90.0 * mb.ln()))
        .collect();
    let eager = sizes
        .iter()
        .map(|&mb| (mb, 500.0 + 2.1 * mb, 1_000.0 + 2.2 * mb))
        .collect();
    vec![
        SweepSeries {
            label: "zip".into(),
            points: zip,
            limit_mb: Some(250.0),
            markers: Vec::new(),
        },
        SweepSeries {
            label: "container image".into(),
            points: image,
            limit_mb: Some(10_240.0),
            markers: Vec::new(),
        },
        SweepSeries {
            label: "image read whole".into(),
            points: eager,
            limit_mb: None,
            markers: Vec::new(),
        },
    ]
}
