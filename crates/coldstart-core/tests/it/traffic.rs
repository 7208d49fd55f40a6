//! Imported traffic: each format on its fixture (tests/fixtures/traffic, written by hand in the
//! documented formats), the scenario it makes, hostile input, and observed against simulated
//! on a log the test writes from a run of the model itself.

use coldstart_core::report::Phases;
use coldstart_core::scenario::Workload;
use coldstart_core::traffic::azure2019::{self, Pick, Sampler};
use coldstart_core::traffic::timestamps::{self, TimeUnit};
use coldstart_core::traffic::{self, lambda_log};
use coldstart_core::{Dist, Scenario, Simulation, validate};
use proptest::prelude::*;

const EXPORT: &str = include_str!("../fixtures/traffic/lambda-export.log");
const EVENTS: &str = include_str!("../fixtures/traffic/lambda-events.json");
const CSV: &str = include_str!("../fixtures/traffic/arrivals.csv");
const AZ_INV: &str = include_str!("../fixtures/traffic/azure2019-invocations.csv");
const AZ_DUR: &str = include_str!("../fixtures/traffic/azure2019-durations.csv");

fn template() -> Scenario {
    Scenario::from_json(include_str!("../../../../scenarios/node-zip-api.json")).expect("preset")
}

#[test]
fn lambda_export_and_events_json_agree() {
    let text = lambda_log::parse(EXPORT).expect("export");
    let json = lambda_log::parse(EVENTS).expect("events");
    assert_eq!(text, json, "the same log in both forms");
    let o = &text.observed;
    assert_eq!(o.format, "lambda-log");
    assert_eq!((o.requests, o.cold_starts), (4, Some(2)));
    assert_eq!(o.cold_share, Some(0.5));
    assert_eq!(o.skipped_lines, 3, "START, the function's own line, END");
    let init = o.init_ms.expect("init");
    assert_eq!(
        (init.count, init.p50, init.p99, init.max),
        (2, Some(290.0), None, 325.0)
    );
    let handler = o.handler_ms.expect("handler");
    assert_eq!((handler.p50, handler.mean), (Some(20.0), 22.5));
    assert_eq!((o.memory_mb, o.max_memory_used_mb), (Some(512), Some(72)));
    // First arrival: 12:00:00.410 − 20 − 290 ms = 12:00:00.100; last: 12:10:00.350 − 25 − 325.
    assert_eq!(o.start_epoch_ms, Some(1_714_564_800_100.0));
    assert_eq!(text.arrivals_ms, [0.0, 900.0, 1_900.0, 599_900.0]);
    assert_eq!(o.span_s, 599.9);
    assert_eq!(
        text.duration_s, 600.0,
        "whole seconds past the last arrival"
    );
}

#[test]
fn imported_scenarios_validate_and_run() {
    let cases = [
        lambda_log::parse(EXPORT).unwrap(),
        timestamps::parse(CSV, TimeUnit::Auto).unwrap(),
        azure2019::parse(AZ_INV, Some(AZ_DUR), Pick::BUSIEST, Sampler::Uniform, 3).unwrap(),
    ];
    for t in cases {
        let s = t.scenario(&template());
        validate(&s).unwrap_or_else(|e| panic!("{}: {e}", t.observed.format));
        let Workload::Trace { arrivals_ms } = &s.workload else {
            panic!("a trace workload")
        };
        assert_eq!(arrivals_ms, &t.arrivals_ms);
        assert!(arrivals_ms.iter().all(|&a| a <= s.duration_s * 1000.0));
        if let Some(h) = &t.handler_ms {
            assert_eq!(&s.function.handler_ms, h);
        }
        let report = coldstart_core::run(&s).expect("runs");
        assert_eq!(report.requests, t.arrivals_ms.len() as u64);
    }
}

#[test]
fn csv_fixture() {
    let t = timestamps::parse(CSV, TimeUnit::Auto).unwrap();
    assert_eq!(t.arrivals_ms, [0.0, 250.0, 3_000.0, 60_000.0]);
    assert_eq!(
        t.handler_ms,
        Some(Dist::Empirical {
            samples: vec![11.0, 12.5, 14.0, 40.0]
        })
    );
    assert_eq!(t.memory_mb, None, "the template's memory stays");
    assert_eq!(
        t.duration_s, 61.0,
        "the last arrival, at 60 s, is inside the run"
    );
}

#[test]
fn azure_fixture_busiest_with_durations() {
    let t = azure2019::parse(AZ_INV, Some(AZ_DUR), Pick::BUSIEST, Sampler::Equidistant, 0).unwrap();
    assert_eq!(t.observed.requests, 142, "f-busy's invocations");
    assert_eq!(t.arrivals_ms.len(), 142);
    assert_eq!(t.duration_s, 600.0, "the file's ten minutes");
    let h = t.observed.handler_ms.unwrap();
    assert_eq!((h.p50, h.p99, h.max), (Some(60.0), Some(900.0), 1_900.0));
    let Some(Dist::Empirical { samples }) = &t.handler_ms else {
        panic!("empirical handler")
    };
    let mean = samples.iter().sum::<f64>() / samples.len() as f64;
    // The piecewise-linear CDF's mean, ∫ of the inverse CDF over [0, 1]: the trapezoids
    // 0.01 × 13.5 + 0.24 × 27.5 + 0.25 × 50 + 0.25 × 85 + 0.24 × 505 + 0.01 × 1,400 = 175.685.
    assert!((mean - 175.685).abs() < 0.5, "{mean}");
    let quiet = azure2019::parse(
        AZ_INV,
        None,
        Pick::Function("f-quiet".into()),
        Sampler::Uniform,
        0,
    )
    .unwrap();
    assert_eq!(quiet.arrivals_ms.len(), 2);
    assert_eq!(quiet.handler_ms, None);
    let missing = azure2019::parse(
        AZ_INV,
        Some(AZ_DUR),
        Pick::Function("f-none".into()),
        Sampler::Uniform,
        0,
    );
    assert!(missing.unwrap_err().to_string().contains("f-none"));
}

#[test]
fn a_busy_azure_day_imports_a_million_invocations() {
    let mut text = String::from("HashOwner,HashApp,HashFunction,Trigger");
    for m in 1..=1440 {
        text.push_str(&format!(",{m}"));
    }
    text.push_str("\no,a,busy,http");
    for _ in 0..1440 {
        text.push_str(",694");
    }
    let t = azure2019::parse(&text, None, Pick::BUSIEST, Sampler::Uniform, 1).unwrap();
    assert_eq!(t.arrivals_ms.len(), 999_360);
    assert_eq!(t.duration_s, 86_400.0);
    let s = t.scenario(&template());
    validate(&s).expect("a day of one busy function is a valid scenario");
    assert!(s.output.bucket_s >= 1.0);
}

#[test]
fn hostile_logs_are_errors_with_a_place() {
    let cases: [(&str, u64, &str); 5] = [
        (
            "2024-05-01T12:00:00Z REPORT RequestId: 1\tDura",
            1,
            "Name: value",
        ),
        (
            "2024-05-01T12:00:00Z REPORT RequestId: 1\tMemory Size: 512 MB",
            1,
            "Duration",
        ),
        (
            "x\n2024-05-01T12:00:00Z REPORT RequestId: 1\tDuration: 1e999 ms",
            2,
            "≥ 0",
        ),
        (
            "x\ny\n2024-13-01T12:00:00Z REPORT RequestId: 1\tDuration: 1 ms",
            3,
            "timestamp",
        ),
        ("{\"events\": [{\"timestamp\": \"soon\"", 1, "JSON"),
    ];
    for (text, line, rule) in cases {
        let e = lambda_log::parse(text).unwrap_err();
        assert_eq!(e.line, line, "{text}: {e}");
        assert!(e.to_string().contains(rule), "{text}: {e}");
    }
    let e = traffic::utf8(b"timestamp\n1\n\xc3\x28\n").unwrap_err();
    assert_eq!((e.line, e.at.as_str()), (3, "column 1"));
}

/// Writes the REPORT lines AWS would write for a run: one per request at its end, with `Init
/// Duration` (bootstrap and function init, for a zip) on cold starts.
fn synthetic_log(s: &Scenario) -> String {
    let mut sim = Simulation::new(s).expect("valid");
    sim.stream_requests(true);
    let mut log = String::new();
    let epoch = 1_714_564_800_000.0;
    loop {
        let n = sim.run_events(10_000);
        for r in sim.drain_finished() {
            let Phases {
                bootstrap,
                init,
                handler,
                ..
            } = r.phases;
            let cold = match r.cold {
                Some(_) => format!("Init Duration: {:.2} ms\t", (bootstrap + init).as_ms_f64()),
                None => String::new(),
            };
            log.push_str(&format!(
                "{:.3} REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: 80 MB\t{cold}\n",
                epoch + r.end.as_ms_f64(),
                r.id,
                handler.as_ms_f64(),
                handler.as_ms_f64().ceil(),
                s.function.memory_mb,
            ));
        }
        if n == 0 || sim.is_finished() {
            break;
        }
    }
    log
}

#[test]
fn observed_against_simulated_on_the_models_own_log() {
    // Sparse traffic, so idle environments expire and about a quarter of requests are cold:
    // P(gap > keep-alive) = exp(−0.004/s × ~360 s) ≈ 0.24.
    let mut truth = template();
    truth.duration_s = 259_200.0;
    truth.workload = Workload::Poisson { rate_per_s: 0.004 };
    let log = synthetic_log(&truth);
    let imported = lambda_log::parse(&log).expect("the synthetic log imports");
    assert_eq!(imported.memory_mb, Some(truth.function.memory_mb));

    let mut replay = imported.scenario(&template());
    replay.seed = 7; // other draws than the run that wrote the log
    let check = traffic::check_model(&replay, &imported.observed)
        .expect("runs")
        .expect("the log says which requests were cold");
    let (o, s) = (&check.observed, &check.simulated);
    assert_eq!(o.invocations, s.invocations, "every request replayed once");
    assert!(
        o.cold_share > 0.15 && o.cold_share < 0.35,
        "{}",
        o.cold_share
    );
    assert!((o.cold_share - s.cold_share).abs() < 0.05, "{o:?} vs {s:?}");
    let (oi, si) = (o.init_ms.unwrap(), s.init_ms.unwrap());
    let (op, sp) = (oi.p50.unwrap(), si.p50.unwrap());
    assert!((op - sp).abs() / op < 0.1, "init p50 {op} vs {sp}");
    assert!(
        oi.p99.is_some() && si.p99.is_some(),
        "over 100 cold starts each"
    );

    // A CSV says nothing about cold starts: nothing to check against.
    let csv = timestamps::parse(CSV, TimeUnit::Auto).unwrap();
    assert_eq!(
        traffic::check_model(&csv.scenario(&template()), &csv.observed),
        Ok(None)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// No input panics any parser: each returns traffic or an error.
    #[test]
    fn no_panic_on_arbitrary_text(text in "(\\PC|[\\t\\n,\":{}\\[\\]0-9.-]){0,200}") {
        let _ = lambda_log::parse(&text);
        let _ = timestamps::parse(&text, TimeUnit::Auto);
        let _ = azure2019::parse(&text, Some(&text), Pick::BUSIEST, Sampler::Poisson, 0);
        let _ = azure2019::durations(&text, "f");
        let _ = coldstart_core::traffic::azure2021::parse(&text, Pick::BUSIEST);
    }

    /// Near-miss REPORT lines: fields cut anywhere.
    #[test]
    fn no_panic_on_truncated_report_lines(cut in 0usize..400) {
        let line = EXPORT.lines().nth(6).unwrap();
        let end = line.char_indices().map(|(i, _)| i).chain([line.len()]).nth(cut).unwrap_or(line.len());
        let _ = lambda_log::parse(&line[..end]);
    }
}
