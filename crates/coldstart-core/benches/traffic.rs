//! Imported traffic (issue 11): a day of one busy Azure Functions 2019 function — 694
//! invocations a minute, 999,360 in the day, among 200 quieter functions, with its durations
//! file — read through the chunked `traffic::Importer` in 1 MiB pieces, as the page and the CLI
//! do; then the same import followed by the replay (`run` of the imported scenario on the
//! node-zip-api preset). Also a Lambda log of 100,000 REPORT lines (text), per line.
//!
//! `cargo bench -p coldstart-core --bench traffic -- --warm-up-time 1 --measurement-time 3`

use coldstart_core::Scenario;
use coldstart_core::traffic::{Format, ImportOptions, Imported, Importer, Next};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::fmt::Write;
use std::hint::black_box;

/// Invocations a minute of the busy function: 694 × 1,440 = 999,360 in the day.
const BUSY_PER_MINUTE: u32 = 694;

/// The invocations file: the busy function and 200 functions invoked once every ten minutes.
fn invocations() -> String {
    let mut text = String::from("HashOwner,HashApp,HashFunction,Trigger");
    for m in 1..=1440 {
        write!(text, ",{m}").unwrap();
    }
    text.push_str("\nowner,app-busy,busy,http");
    for _ in 0..1440 {
        write!(text, ",{BUSY_PER_MINUTE}").unwrap();
    }
    for f in 0..200 {
        write!(text, "\nowner,app{f},quiet{f},timer").unwrap();
        for m in 0..1440 {
            text.push_str(if m % 10 == 0 { ",1" } else { ",0" });
        }
    }
    text.push('\n');
    text
}

const DURATIONS: &str = "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\n\
    owner,app-busy,busy,120,999360,10,2400,10,18,60,95,140,900,2400\n";

/// 100,000 REPORT lines, one every 50 ms, every hundredth cold.
fn lambda_log() -> String {
    let mut text = String::new();
    let start = 1_714_564_800_000u64;
    for i in 0..100_000u64 {
        let ms = start + i * 50;
        let (s, frac) = (ms / 1000 % 86_400, ms % 1000);
        let init = if i % 100 == 0 {
            "\tInit Duration: 245.67 ms"
        } else {
            ""
        };
        writeln!(
            text,
            "2024-05-01T{:02}:{:02}:{:02}.{frac:03}Z REPORT RequestId: {i:08x}-4b1c\tDuration: {}.{:02} ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: 71 MB{init}\t",
            s / 3600,
            s / 60 % 60,
            s % 60,
            10 + i % 40,
            i % 100,
            11 + i % 40
        )
        .unwrap();
    }
    text
}

/// Feeds the files through one importer in 1 MiB pieces.
fn import(files: &[(Format, &str)], template: &Scenario) -> Imported {
    let mut importer = Importer::new(ImportOptions::default());
    for (format, text) in files {
        importer.begin_file(Some(*format)).expect("begins");
        for piece in text.as_bytes().chunks(1 << 20) {
            importer.feed_bytes(piece).expect("imports");
        }
        assert_eq!(importer.end_file().expect("ends"), Next::Done);
    }
    importer.finish(template).expect("a valid scenario")
}

fn template() -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/node-zip-api.json"
    );
    Scenario::from_json(&std::fs::read_to_string(path).expect("preset")).expect("parses")
}

fn azure_day(c: &mut Criterion) {
    let template = template();
    let inv = invocations();
    let files = [
        (Format::Azure2019, inv.as_str()),
        (Format::Azure2019Durations, DURATIONS),
    ];
    let imported = import(&files, &template);
    assert_eq!(imported.observed.requests, 999_360);
    let mut group = c.benchmark_group("traffic");
    group.sample_size(10);
    group.throughput(Throughput::Elements(imported.observed.requests));
    group.bench_function("azure2019_day_1M_import", |b| {
        b.iter(|| black_box(import(&files, &template).observed.requests))
    });
    group.bench_function("azure2019_day_1M_import_and_run", |b| {
        b.iter(|| {
            let imported = import(&files, &template);
            black_box(
                coldstart_core::run(&imported.scenario)
                    .expect("runs")
                    .requests,
            )
        })
    });
    group.finish();
}

fn lambda(c: &mut Criterion) {
    let template = template();
    let log = lambda_log();
    let files = [(Format::LambdaLog, log.as_str())];
    assert_eq!(import(&files, &template).observed.requests, 100_000);
    let mut group = c.benchmark_group("traffic");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("lambda_log_100k_lines_import", |b| {
        b.iter(|| black_box(import(&files, &template).observed.requests))
    });
    group.finish();
}

criterion_group!(benches, azure_day, lambda);
criterion_main!(benches);
