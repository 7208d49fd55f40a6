//! The sample files' contents, deterministic (one PCG stream, seeded): shared by the example
//! that writes them and the test that checks the committed copies.
//!
//! - `lambda-report.log`: three hours of one function's CloudWatch log, exported as text (each
//!   event `<ISO 8601 time> <message>`: START, the function's own line, END, REPORT);
//! - `lambda-json-format.log`: the same invocations in Lambda's JSON log format
//!   (`platform.initStart`, `platform.start`, the function's JSON line, `platform.report`);
//! - `lambda-events.json`: the first hour's events as `aws logs filter-log-events` prints them;
//! - `arrivals.csv`: a CSV of ISO 8601 timestamps with a duration column;
//! - `azure2019-invocations.csv`, `azure2019-durations.csv`, `azure2019-memory.csv`: a day of
//!   six functions of three apps in the Azure Functions 2019 trace's three formats;
//! - `azure2021.csv`: two hours of four functions in the 2021 trace's format, with one `func`
//!   id in two apps (the description: a func is unique only within its app).

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use std::fmt::Write;

/// The samples' seed.
const SEED: u64 = 11;
/// 2024-05-01T12:00:00Z, ms since 1970.
const START_MS: u64 = 1_714_564_800_000;

/// A uniform draw in [0, 1) from the generator's raw output (53 bits), so the files do not
/// depend on how a `rand` version turns bits into floats.
fn uniform(rng: &mut Pcg64Mcg) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn exponential(rng: &mut Pcg64Mcg, mean: f64) -> f64 {
    -(1.0 - uniform(rng)).ln() * mean
}

/// Log-normal with this median and σ of the logarithm (Box–Muller).
fn lognormal(rng: &mut Pcg64Mcg, median: f64, sigma: f64) -> f64 {
    let (u, v) = (1.0 - uniform(rng), uniform(rng));
    let z = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
    median * (sigma * z).exp()
}

/// A Poisson count with this mean (Knuth's product of uniforms; means here stay below 100).
fn poisson(rng: &mut Pcg64Mcg, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut k = 0;
    let mut p = uniform(rng);
    while p > limit {
        k += 1;
        p *= uniform(rng);
    }
    k
}

/// `2024-05-01T12:00:00.123Z` for ms since 1970 (the samples stay within 2024-05-01/02).
fn iso(ms: u64) -> String {
    let day_ms = 86_400_000;
    let day = (ms - (START_MS - 12 * 3_600_000)) / day_ms + 1;
    let t = ms % day_ms;
    format!(
        "2024-05-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        t / 3_600_000,
        t / 60_000 % 60,
        t / 1000 % 60,
        t % 1000
    )
}

fn request_id(rng: &mut Pcg64Mcg) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// One invocation of the sample Lambda function.
struct Invocation {
    id: String,
    /// When the request arrived, ms since 1970 (whole ms).
    arrival_ms: u64,
    init_ms: Option<f64>,
    duration_ms: f64,
    max_memory_used_mb: u32,
}

impl Invocation {
    /// When the handler started: after Init on a cold start.
    fn start_ms(&self) -> u64 {
        self.arrival_ms + self.init_ms.map_or(0, |i| i.ceil() as u64)
    }
    fn end_ms(&self) -> u64 {
        self.start_ms() + self.duration_ms.ceil() as u64
    }
    fn billed_ms(&self) -> u64 {
        self.duration_ms.ceil() as u64
    }
}

/// Three hours of a function invoked about every 40 s on average, in bursts: an environment
/// idle for more than 7 minutes is gone, so the next request is cold (keep-alive as measured
/// by docs/model.md's sources, roughly); one request at a time.
fn invocations(rng: &mut Pcg64Mcg) -> Vec<Invocation> {
    let mut out: Vec<Invocation> = Vec::new();
    let mut t = START_MS as f64;
    let end = (START_MS + 3 * 3_600_000) as f64;
    loop {
        // A quiet spell, then a burst of a few requests seconds apart.
        t += exponential(rng, 240_000.0);
        let burst = 1 + poisson(rng, 5.0);
        for _ in 0..burst {
            t += exponential(rng, 3_000.0);
            if t >= end {
                return out;
            }
            let arrival_ms = (t as u64).max(out.last().map_or(0, |p| p.end_ms() + 1));
            let cold = out.last().is_none_or(|p| arrival_ms - p.end_ms() > 420_000);
            let init_ms = cold.then(|| round2(lognormal(rng, 260.0, 0.15)));
            out.push(Invocation {
                id: request_id(rng),
                arrival_ms,
                init_ms,
                duration_ms: round2(lognormal(rng, 38.0, 0.5)),
                max_memory_used_mb: 68 + (uniform(rng) * 20.0) as u32,
            });
            t = out.last().map_or(t, |p| p.end_ms() as f64);
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The REPORT line's message, as Lambda writes it (tab-separated, a tab at the end).
fn report_message(i: &Invocation) -> String {
    let init = i
        .init_ms
        .map_or_else(String::new, |ms| format!("Init Duration: {ms:.2} ms\t"));
    format!(
        "REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: {} MB\t{init}",
        i.id,
        i.duration_ms,
        i.billed_ms(),
        i.max_memory_used_mb
    )
}

/// Each invocation's text events: (time, message).
fn text_events<'a>(inv: impl IntoIterator<Item = &'a Invocation>) -> Vec<(u64, String)> {
    let mut events = Vec::new();
    for (k, i) in inv.into_iter().enumerate() {
        let mid = i.start_ms() + (i.duration_ms / 2.0) as u64;
        events.push((
            i.start_ms(),
            format!("START RequestId: {} Version: $LATEST", i.id),
        ));
        events.push((
            mid,
            format!("{}\t{}\tINFO\thandled order {}", iso(mid), i.id, 1000 + k),
        ));
        events.push((i.end_ms(), format!("END RequestId: {}", i.id)));
        events.push((i.end_ms(), report_message(i)));
    }
    events
}

fn lambda_report_log(inv: &[Invocation]) -> String {
    let mut out = String::new();
    for (t, message) in text_events(inv) {
        writeln!(out, "{} {message}", iso(t)).unwrap();
    }
    out
}

fn lambda_json_format_log(inv: &[Invocation]) -> String {
    let mut out = String::new();
    for (k, i) in inv.iter().enumerate() {
        if i.init_ms.is_some() {
            writeln!(
                out,
                r#"{{"time":"{}","type":"platform.initStart","record":{{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:20.v48","functionName":"orders","functionVersion":"$LATEST"}}}}"#,
                iso(i.arrival_ms)
            )
            .unwrap();
        }
        writeln!(
            out,
            r#"{{"time":"{}","type":"platform.start","record":{{"requestId":"{}","version":"$LATEST"}}}}"#,
            iso(i.start_ms()),
            i.id
        )
        .unwrap();
        let mid = i.start_ms() + (i.duration_ms / 2.0) as u64;
        writeln!(
            out,
            r#"{{"timestamp":"{}","level":"INFO","requestId":"{}","message":"handled order {}"}}"#,
            iso(mid),
            i.id,
            1000 + k
        )
        .unwrap();
        let init = i
            .init_ms
            .map_or_else(String::new, |ms| format!(r#","initDurationMs":{ms:.2}"#));
        writeln!(
            out,
            r#"{{"time":"{}","type":"platform.report","record":{{"requestId":"{}","metrics":{{"durationMs":{:.2},"billedDurationMs":{},"memorySizeMB":512,"maxMemoryUsedMB":{}{init}}},"status":"success"}}}}"#,
            iso(i.end_ms()),
            i.id,
            i.duration_ms,
            i.billed_ms(),
            i.max_memory_used_mb
        )
        .unwrap();
    }
    out
}

/// The first hour's events as `aws logs filter-log-events` prints them (indented JSON).
fn lambda_events_json(inv: &[Invocation]) -> String {
    let hour = START_MS + 3_600_000;
    let mut out = String::from("{\n    \"events\": [\n");
    let events = text_events(inv.iter().filter(|i| i.end_ms() < hour));
    for (k, (t, message)) in events.iter().enumerate() {
        let comma = if k + 1 < events.len() { "," } else { "" };
        write!(
            out,
            "        {{\n            \"logStreamName\": \"2024/05/01/[$LATEST]5f0c2b7e9a1d4c3b8e6f\",\n            \"timestamp\": {t},\n            \"message\": {},\n            \"ingestionTime\": {},\n            \"eventId\": \"{:056}\"\n        }}{comma}\n",
            serde_json::to_string(&format!("{message}\n")).unwrap(),
            t + 40,
            k
        )
        .unwrap();
    }
    out.push_str("    ],\n    \"searchedLogStreams\": []\n}\n");
    out
}

/// Requests to an API over ten minutes, with their durations in ms.
fn arrivals_csv(rng: &mut Pcg64Mcg) -> String {
    let mut out = String::from("timestamp,duration_ms\n");
    let mut t = START_MS as f64;
    for _ in 0..200 {
        t += exponential(rng, 3_000.0);
        writeln!(out, "{},{:.1}", iso(t as u64), lognormal(rng, 55.0, 0.4)).unwrap();
    }
    out
}

/// One function of the 2019 sample: owner, app, function, trigger, and its mean invocations
/// in minute m (0-based).
type Azure2019Function = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    fn(usize) -> f64,
);

const AZURE2019: [Azure2019Function; 6] = [
    // A web API with a daily cycle, busiest in the afternoon: 8 to 72 a minute.
    ("owner-1", "app-shop", "f-api", "http", |m| {
        40.0 + 32.0 * (std::f64::consts::TAU * (m as f64 - 540.0) / 1440.0).sin()
    }),
    // A queue worker: a 5-minute burst every 90 minutes, else nearly idle.
    ("owner-1", "app-shop", "f-worker", "queue", |m| {
        if m % 90 < 5 { 150.0 } else { 0.2 }
    }),
    // A timer every hour.
    ("owner-1", "app-shop", "f-nightly", "timer", |m| {
        if m % 60 == 0 { 1.0 } else { 0.0 }
    }),
    // A webhook called now and then.
    ("owner-2", "app-hooks", "f-hook", "http", |_| 0.3),
    // A report every 15 minutes.
    ("owner-2", "app-hooks", "f-report", "timer", |m| {
        if m % 15 == 0 { 1.0 } else { 0.0 }
    }),
    // Nearly never: no durations row (as in the trace, some functions have none that day).
    ("owner-3", "app-rare", "f-rare", "event", |m| {
        if m == 777 { 1.0 } else { 0.0 }
    }),
];

fn azure2019_invocations(rng: &mut Pcg64Mcg) -> (String, Vec<u64>) {
    let mut out = String::from("HashOwner,HashApp,HashFunction,Trigger");
    for m in 1..=1440 {
        write!(out, ",{m}").unwrap();
    }
    out.push('\n');
    let mut totals = Vec::new();
    for (owner, app, function, trigger, rate) in AZURE2019 {
        write!(out, "{owner},{app},{function},{trigger}").unwrap();
        let mut total = 0;
        for m in 0..1440 {
            let mean = rate(m);
            // Timers fire exactly; the rest are Poisson counts.
            let n = if trigger == "timer" {
                mean as u32
            } else {
                poisson(rng, mean)
            };
            total += u64::from(n);
            write!(out, ",{n}").unwrap();
        }
        out.push('\n');
        totals.push(total);
    }
    (out, totals)
}

fn azure2019_durations(totals: &[u64]) -> String {
    // Average, Minimum, Maximum and the seven percentiles, ms, per function (f-rare has none).
    let rows: [[f64; 10]; 5] = [
        [
            118.0, 9.0, 2_950.0, 9.0, 14.0, 61.0, 92.0, 140.0, 870.0, 2_950.0,
        ],
        [
            1_430.0, 310.0, 9_800.0, 310.0, 420.0, 900.0, 1_200.0, 1_750.0, 6_100.0, 9_800.0,
        ],
        [
            20_500.0, 18_000.0, 26_000.0, 18_000.0, 18_000.0, 19_400.0, 20_100.0, 21_300.0,
            26_000.0, 26_000.0,
        ],
        [35.0, 4.0, 410.0, 4.0, 5.0, 12.0, 21.0, 40.0, 380.0, 410.0],
        [
            2_200.0, 1_900.0, 3_100.0, 1_900.0, 1_900.0, 2_050.0, 2_180.0, 2_300.0, 3_100.0,
            3_100.0,
        ],
    ];
    let mut out = String::from(
        "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\n",
    );
    for (((owner, app, function, _, _), row), total) in AZURE2019.iter().zip(rows).zip(totals) {
        write!(out, "{owner},{app},{function},{},{total}", row[0]).unwrap();
        for v in &row[1..] {
            write!(out, ",{v}").unwrap();
        }
        out.push('\n');
    }
    out
}

fn azure2019_memory() -> String {
    let mut out = String::from(
        "HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100\n",
    );
    // app-rare has no row (the trace's memory files miss some apps, and two of the 14 days).
    out.push_str("owner-1,app-shop,17280,243.7,168,181,212,239,268,301,338.4,402\n");
    out.push_str("owner-2,app-hooks,2160,96.2,71,76,85,94,104,118,126.9,131\n");
    out
}

/// Two hours of four functions (one func id in two apps), rows in order of their end.
fn azure2021(rng: &mut Pcg64Mcg) -> String {
    let functions: [(&str, &str, f64, f64); 4] = [
        ("app-a7", "f-9c1e", 25.0, 0.08),
        ("app-a7", "f-03bd", 120.0, 1.4),
        ("app-5e", "f-9c1e", 90.0, 0.02),
        ("app-5e", "f-77aa", 600.0, 12.0),
    ];
    let mut rows: Vec<(f64, String)> = Vec::new();
    for (app, func, mean_gap_s, median_s) in functions {
        let mut t = 0.0;
        loop {
            t += exponential(rng, mean_gap_s);
            let duration = lognormal(rng, median_s, 0.6);
            let end = t + duration;
            if end >= 7_200.0 {
                break;
            }
            rows.push((end, format!("{app},{func},{end:.6},{duration:.6}")));
        }
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = String::from("app,func,end_timestamp,duration\n");
    for (_, row) in rows {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// Every sample: (file name in docs/samples/, contents).
pub fn samples() -> Vec<(&'static str, String)> {
    let mut rng = Pcg64Mcg::seed_from_u64(SEED);
    let inv = invocations(&mut rng);
    let arrivals = arrivals_csv(&mut rng);
    let (invocations_2019, totals) = azure2019_invocations(&mut rng);
    let trace_2021 = azure2021(&mut rng);
    vec![
        ("lambda-report.log", lambda_report_log(&inv)),
        ("lambda-json-format.log", lambda_json_format_log(&inv)),
        ("lambda-events.json", lambda_events_json(&inv)),
        ("arrivals.csv", arrivals),
        ("azure2019-invocations.csv", invocations_2019),
        ("azure2019-durations.csv", azure2019_durations(&totals)),
        ("azure2019-memory.csv", azure2019_memory()),
        ("azure2021.csv", trace_2021),
    ]
}
