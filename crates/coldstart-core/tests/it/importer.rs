//! The chunked importer the page's Web Worker and the CLI call: any split of the input gives
//! the same result as the whole text, formats are told from their first lines, files come in
//! order, bad bytes and lines are errors with a place. Also the Azure imports of several
//! functions, with durations and app memory.

use coldstart_core::Dist;
use coldstart_core::Scenario;
use coldstart_core::scenario::Workload;
use coldstart_core::traffic::azure2019::{self, Sampler};
use coldstart_core::traffic::{
    self, Format, ImportOptions, Imported, Importer, Next, Pick, detect, import_text, lambda_log,
};

const EXPORT: &str = include_str!("../fixtures/traffic/lambda-export.log");
const EVENTS: &str = include_str!("../fixtures/traffic/lambda-events.json");
const JSON_FORMAT: &str = include_str!("../fixtures/traffic/lambda-json-format.log");
const CSV: &str = include_str!("../fixtures/traffic/arrivals.csv");
const AZ_INV: &str = include_str!("../fixtures/traffic/azure2019-invocations.csv");
const AZ_DUR: &str = include_str!("../fixtures/traffic/azure2019-durations.csv");
const AZ_MEM: &str = include_str!("../fixtures/traffic/azure2019-memory.csv");
const AZ21: &str = include_str!("../fixtures/traffic/azure2021.csv");

fn template() -> Scenario {
    Scenario::from_json(include_str!("../../../../scenarios/node-zip-api.json")).expect("preset")
}

fn arrivals(s: &Scenario) -> &[f64] {
    match &s.workload {
        Workload::Trace { arrivals_ms } => arrivals_ms,
        other => panic!("not a trace: {other:?}"),
    }
}

/// Feeds `files` (format, bytes) to one importer in chunks of `chunk` bytes.
fn chunked(
    files: &[(Option<Format>, &[u8])],
    chunk: usize,
    options: ImportOptions,
) -> Result<Imported, traffic::ImportError> {
    let mut importer = Importer::new(options);
    for (format, bytes) in files {
        loop {
            importer.begin_file(*format)?;
            let mut read = 0;
            for piece in bytes.chunks(chunk) {
                importer.feed_bytes(piece)?;
                read += piece.len() as u64;
                assert_eq!(importer.bytes_read(), read, "progress counts every byte");
            }
            if importer.end_file()? == Next::Done {
                break;
            }
        }
    }
    importer.finish(&template())
}

#[test]
fn formats_are_told_from_their_first_lines() {
    let cases = [
        (EXPORT, Format::LambdaLog),
        (EVENTS, Format::LambdaLog),
        (JSON_FORMAT, Format::LambdaLog),
        (CSV, Format::Csv),
        (AZ_INV, Format::Azure2019),
        (AZ_DUR, Format::Azure2019Durations),
        (AZ_MEM, Format::Azure2019Memory),
        (AZ21, Format::Azure2021),
        ("1714564800,12\n", Format::Csv),
        (
            "# app log\nhello\nREPORT RequestId: 1 Duration: 1 ms\n",
            Format::LambdaLog,
        ),
    ];
    for (text, format) in cases {
        assert_eq!(detect(text), Some(format), "{text:.60}");
        // Cut anywhere in its first line, the head still tells when the line is decisive.
        assert_eq!(Format::from_id(format.id()), Some(format));
    }
    assert_eq!(detect("name,age\nbob,3\n"), None);
    assert_eq!(detect(""), None);
    let e = import_text(
        "name,age\nbob,3\n",
        None,
        ImportOptions::default(),
        &template(),
    )
    .unwrap_err();
    assert!(e.rule.contains("choose the format"), "{e}");
}

#[test]
fn any_split_gives_the_whole_texts_result() {
    // A multi-byte character in a skipped line, so some splits cut it.
    let csv = CSV.replace(
        "timestamp,duration_ms\n",
        "timestamp,duration_ms\n# café €\n",
    );
    let cases: [(&str, &str); 5] = [
        ("export", EXPORT),
        ("events", EVENTS),
        ("json format", JSON_FORMAT),
        ("csv", &csv),
        ("azure2021", AZ21),
    ];
    for (name, text) in cases {
        let whole = import_text(text, None, ImportOptions::default(), &template())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for chunk in [1, 2, 3, 5, 64, 4096] {
            let pieces = chunked(&[(None, text.as_bytes())], chunk, ImportOptions::default())
                .unwrap_or_else(|e| panic!("{name} in {chunk}-byte pieces: {e}"));
            assert_eq!(pieces, whole, "{name} in {chunk}-byte pieces");
        }
        // A CRLF file and a byte-order mark change nothing.
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let windows = chunked(&[(None, crlf.as_bytes())], 7, ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name} with CRLF: {e}"));
        assert_eq!(windows.observed, whole.observed, "{name} with CRLF");
    }
}

#[test]
fn lambda_json_log_format_reads_like_the_text_export() {
    let text = lambda_log::parse(EXPORT).unwrap();
    let json = lambda_log::parse(JSON_FORMAT).unwrap();
    assert_eq!(json.arrivals_ms, text.arrivals_ms);
    assert_eq!(json.handler_ms, text.handler_ms);
    let (o, t) = (&json.observed, &text.observed);
    assert_eq!((o.requests, o.cold_starts), (4, Some(2)));
    assert_eq!(
        (o.init_ms, o.memory_mb, o.max_memory_used_mb),
        (t.init_ms, t.memory_mb, t.max_memory_used_mb)
    );
    assert_eq!(o.start_epoch_ms, t.start_epoch_ms);
    assert_eq!(
        o.skipped_lines, 2,
        "platform.start and the function's own JSON line"
    );
    // The same records as the messages of a log-events query, and after an export's stamp.
    let events: Vec<String> = JSON_FORMAT
        .lines()
        .map(|l| {
            format!(
                "{{\"timestamp\": 1, \"message\": {}}}",
                serde_json::to_string(l).unwrap()
            )
        })
        .collect();
    let query = lambda_log::parse(&format!("{{\"events\": [{}]}}", events.join(",\n"))).unwrap();
    assert_eq!(
        query.arrivals_ms, text.arrivals_ms,
        "the record's time, not the event's"
    );
    let stamped: String = JSON_FORMAT
        .lines()
        .map(|l| format!("2024-05-01T13:00:00Z {l}\n"))
        .collect();
    assert_eq!(
        lambda_log::parse(&stamped).unwrap().arrivals_ms,
        text.arrivals_ms
    );
}

#[test]
fn lambda_json_records_with_errors_name_line_and_field() {
    let report = |metrics: &str| {
        format!(
            "{{\"time\":\"2024-05-01T12:00:00Z\",\"type\":\"platform.start\"}}\n\
             {{\"time\":\"2024-05-01T12:00:01Z\",\"type\":\"platform.report\",\"record\":{{\"metrics\":{metrics}}}}}\n"
        )
    };
    let cases = [
        (report("{\"billedDurationMs\":3}"), "record.metrics.durationMs"),
        (report("{\"durationMs\":-1}"), "≥ 0"),
        (report("{\"durationMs\":1,\"memorySizeMB\":12.5}"), "whole number of MB"),
        (report("{\"durationMs\":1"), "not JSON"),
        (
            "{\"time\":\"yesterday\",\"type\":\"platform.report\",\"record\":{\"metrics\":{\"durationMs\":1}}}\n{}\n"
                .to_string(),
            "time",
        ),
    ];
    for (text, mention) in cases {
        let e = lambda_log::parse(&text).unwrap_err();
        assert!(e.line >= 1 && e.line <= 2, "{text}: {e}");
        assert!(e.to_string().contains(mention), "{text}: {e}");
    }
}

#[test]
fn non_utf8_bytes_name_offset_line_and_column() {
    let mut bytes = b"timestamp\n1\n22".to_vec();
    bytes.extend([0xff, b'\n']);
    for chunk in [1, 3, 100] {
        let e = chunked(
            &[(Some(Format::Csv), &bytes)],
            chunk,
            ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!((e.line, e.at.as_str()), (3, "column 3"), "{chunk}: {e}");
        assert!(e.rule.contains("0xff at offset 14"), "{chunk}: {e}");
    }
    // The same before the format is known (the head being read).
    let e = chunked(&[(None, &bytes)], 4, ImportOptions::default()).unwrap_err();
    assert_eq!((e.line, e.at.as_str()), (3, "column 3"), "{e}");
    // A character cut by the end of the file.
    let e = chunked(
        &[(Some(Format::Csv), b"timestamp\n1\n\xe2\x82")],
        2,
        ImportOptions::default(),
    )
    .unwrap_err();
    assert!(e.rule.contains("cuts short"), "{e}");
    // Split characters are joined: `€` is three bytes.
    let ok = "timestamp\n# €€€\n1\n2\n".as_bytes();
    assert!(chunked(&[(None, ok)], 1, ImportOptions::default()).is_ok());
}

#[test]
fn hostile_files_through_the_importer() {
    let long = format!(
        "timestamp\n{}\n",
        "1".repeat(traffic::MAX_LINE_BYTES + 100_000)
    );
    let cases: [(&str, Option<Format>, u64, &str); 4] = [
        (
            "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,1\n",
            None,
            2,
            "truncated",
        ),
        (
            "app,func,end_timestamp\na,f,1\n",
            Some(Format::Azure2021),
            1,
            "`duration`",
        ),
        (
            "2024-05-01T12:00:00Z REPORT RequestId: 1\tDura",
            None,
            1,
            "Name: value",
        ),
        (
            "timestamp,duration_ms\n2024-05-01T12:00:00Z,5\n2024-05-01T12:00:01Z",
            None,
            3,
            "duration",
        ),
    ];
    for (text, format, line, mention) in cases {
        let e = import_text(text, format, ImportOptions::default(), &template()).unwrap_err();
        assert_eq!(e.line, line, "{text:.60}: {e}");
        assert!(e.to_string().contains(mention), "{text:.60}: {e}");
    }
    // A line that never ends is refused once past the bound, not held whole.
    let e = chunked(
        &[(Some(Format::Csv), long.as_bytes())],
        1 << 16,
        ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.rule.contains("longer than 1 MiB"), "{e}");
}

#[test]
fn files_come_in_order() {
    let mut i = Importer::new(ImportOptions::default());
    i.begin_file(Some(Format::Azure2019Durations)).unwrap_err();
    let mut i = Importer::new(ImportOptions::default());
    i.feed("x").unwrap_err();
    i.begin_file(None).unwrap();
    i.begin_file(None).unwrap_err();
    i.feed(CSV).unwrap();
    assert_eq!(i.end_file(), Ok(Next::Done));
    let e = i.begin_file(Some(Format::Csv)).unwrap_err();
    assert!(e.rule.contains("one traffic file"), "{e}");
    let e = Importer::new(ImportOptions::default())
        .finish(&template())
        .unwrap_err();
    assert!(e.rule.contains("no file"), "{e}");
}

#[test]
fn azure2021_busiest_is_read_twice() {
    let mut i = Importer::new(ImportOptions {
        pick: Pick::busiest(2).unwrap(),
        ..ImportOptions::default()
    });
    i.begin_file(None).unwrap();
    i.feed(AZ21).unwrap();
    assert_eq!(i.end_file(), Ok(Next::ReadAgain));
    i.finish(&template()).unwrap_err();
    let imported = chunked(
        &[(None, AZ21.as_bytes())],
        5,
        ImportOptions {
            pick: Pick::busiest(2).unwrap(),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    // f1 (3 rows) and f1b and f2 (1 each, f2 first seen): f1 and f2.
    assert_eq!(
        arrivals(&imported.scenario),
        [500.0, 1_400.0, 3_000.0, 397_500.0]
    );
    assert_eq!(imported.observed.functions, Some(2));
}

#[test]
fn azure2019_several_functions_durations_and_memory() {
    let files = |pick: Pick| {
        chunked(
            &[
                (None, AZ_INV.as_bytes()),
                (None, AZ_MEM.as_bytes()),
                (None, AZ_DUR.as_bytes()),
            ],
            16,
            ImportOptions {
                pick,
                sampler: Sampler::Equidistant,
                ..ImportOptions::default()
            },
        )
        .unwrap()
    };
    // f-busy (142), f-mid (30), f-quiet (2).
    let two = files(Pick::busiest(2).unwrap());
    assert_eq!(two.observed.requests, 172);
    assert_eq!(arrivals(&two.scenario).len(), 172);
    assert!(
        arrivals(&two.scenario).windows(2).all(|w| w[0] <= w[1]),
        "merged in time order"
    );
    assert_eq!(two.observed.functions, Some(2));
    assert_eq!(two.observed.functions_with_durations, Some(2));
    // Memory: a1's p99 212.4 MB and a2's 90 MB; the larger, rounded up.
    assert_eq!(two.observed.allocated_mb_p99, Some(212.4));
    assert_eq!(two.scenario.function.memory_mb, 213);
    // The mixture: 142/172 of the points from f-busy, 30/172 from f-mid (1 to 9 ms).
    let Dist::Empirical { samples } = &two.scenario.function.handler_ms else {
        panic!("empirical")
    };
    assert_eq!(samples.len(), 1_000);
    let small = samples.iter().filter(|&&s| s <= 9.0).count();
    assert_eq!(small, 174, "30/172 of 1,000 points rounded: f-mid's share");
    let h = two.observed.handler_ms.unwrap();
    assert_eq!(h.count, 172);
    assert!((h.mean - (85.0 * 142.0 + 5.0 * 30.0) / 172.0).abs() < 1e-9);

    // All of app a1: f-quiet and f-busy, whose memory comes from a1 alone.
    let app = files(Pick::App("a1".into()));
    assert_eq!(
        (app.observed.requests, app.observed.functions),
        (144, Some(2))
    );
    assert_eq!(app.scenario.function.memory_mb, 213);
    // One function of a small app: Lambda's smallest size.
    let mid = files(Pick::Function("f-mid".into()));
    assert_eq!(
        mid.scenario.function.memory_mb, 128,
        "90 MB is below Lambda's 128 MB"
    );
    assert_eq!(mid.observed.allocated_mb_p99, Some(90.0));

    // The single busiest function keeps the one-function distribution exactly.
    let one = files(Pick::BUSIEST);
    let alone =
        azure2019::parse(AZ_INV, Some(AZ_DUR), Pick::BUSIEST, Sampler::Equidistant, 0).unwrap();
    assert_eq!(
        Some(&one.scenario.function.handler_ms),
        alone.handler_ms.as_ref()
    );
}

#[test]
fn azure2019_picks_and_memory_refusals() {
    let e = Pick::busiest(0).unwrap_err();
    assert!(e.rule.contains("from 1 to 1000"), "{e}");
    Pick::busiest(1_001).unwrap_err();
    let e =
        azure2019::parse(AZ_INV, None, Pick::App("a9".into()), Sampler::Uniform, 0).unwrap_err();
    assert!(e.rule.contains("no such app"), "{e}");
    let huge = AZ_MEM.replace("212.4,260", "20000,20000");
    let e = azure2019::parse_with_memory(
        AZ_INV,
        None,
        Some(&huge),
        Pick::App("a1".into()),
        Sampler::Uniform,
        0,
    )
    .unwrap_err();
    assert!(e.rule.contains("past Lambda's largest"), "{e}");
    let bad = AZ_MEM.replace("180,212.4", "180,170");
    let e =
        azure2019::parse_with_memory(AZ_INV, None, Some(&bad), Pick::BUSIEST, Sampler::Uniform, 0)
            .unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.at.contains("AverageAllocatedMb_pct99"), "{e}");
    let e = azure2019::parse_with_memory(
        AZ_INV,
        None,
        Some("HashOwner,HashApp,SampleCount\n"),
        Pick::BUSIEST,
        Sampler::Uniform,
        0,
    )
    .unwrap_err();
    assert!(e.rule.contains("AverageAllocatedMb"), "{e}");
}

/// Feeds a CSV of `rows` arrivals one millisecond apart, generated a chunk at a time (the
/// file itself never exists), to an importer.
fn rows_of_arrivals(rows: u64) -> Result<Imported, traffic::ImportError> {
    let mut importer = Importer::new(ImportOptions::default());
    importer.begin_file(Some(Format::Csv))?;
    importer.feed("t_ms\n")?;
    let mut chunk = String::new();
    for i in 0..rows {
        chunk.push_str(&i.to_string());
        chunk.push('\n');
        if chunk.len() >= 1 << 20 {
            importer.feed(&chunk)?;
            chunk.clear();
        }
    }
    importer.feed(&chunk)?;
    importer.end_file()?;
    importer.finish(&template())
}

/// 10⁷ rows, the most a trace workload holds (`defaults::MAX_LIST_LEN`), import; one more is
/// refused naming its line. About a minute in a debug build on two shared cores, so the suite
/// skips it; `bench/import.sh` runs it in release.
#[test]
#[ignore = "10^7 rows: run in release by bench/import.sh"]
fn ten_million_rows() {
    let max = coldstart_core::defaults::MAX_LIST_LEN as u64;
    let imported = rows_of_arrivals(max).expect("10^7 rows are a valid trace");
    assert_eq!(arrivals(&imported.scenario).len() as u64, max);
    assert_eq!(imported.observed.requests, max);
    assert_eq!(
        imported.scenario.duration_s, 10_000.0,
        "10^7 ms, whole seconds past the last"
    );
    let e = rows_of_arrivals(max + 1).unwrap_err();
    assert_eq!(e.line, max + 2, "the header, then the 10,000,001st row");
    assert!(e.rule.contains("more than 10000000 requests"), "{e}");
}

#[path = "../../examples/trace_samples/samples.rs"]
mod samples;

/// The committed sample of this name (docs/samples/).
fn sample(name: &str) -> String {
    let path = format!("{}/../../docs/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn committed_samples_are_the_generators_output() {
    for (name, text) in samples::samples() {
        assert!(
            sample(name) == text,
            "docs/samples/{name} is not what the generator writes: run `cargo run -p \
             coldstart-core --example trace_samples` and review the diff"
        );
    }
}

#[test]
fn every_sample_imports_with_its_format_told() {
    let import = |files: &[&str], pick: Pick| {
        let texts: Vec<String> = files.iter().map(|f| sample(f)).collect();
        let files: Vec<(Option<Format>, &[u8])> =
            texts.iter().map(|t| (None, t.as_bytes())).collect();
        chunked(
            &files,
            4096,
            ImportOptions {
                pick,
                ..ImportOptions::default()
            },
        )
    };
    // The three forms of one Lambda log: counted independently of the parser.
    let text = sample("lambda-report.log");
    let reports = text.matches("\tDuration: ").count() as u64;
    let colds = text.matches("Init Duration: ").count() as u64;
    let log = import(&["lambda-report.log"], Pick::BUSIEST).unwrap();
    assert_eq!(
        (log.observed.requests, log.observed.cold_starts),
        (reports, Some(colds))
    );
    assert!(
        reports > 100 && colds > 1,
        "{reports} requests, {colds} cold"
    );
    assert_eq!(
        log.observed.skipped_lines,
        3 * reports,
        "START, the function's line, END"
    );
    let json = import(&["lambda-json-format.log"], Pick::BUSIEST).unwrap();
    assert_eq!(arrivals(&json.scenario), arrivals(&log.scenario));
    assert_eq!(json.observed.cold_starts, Some(colds));
    let events = import(&["lambda-events.json"], Pick::BUSIEST).unwrap();
    let n = events.observed.requests as usize;
    assert_eq!(
        n,
        sample("lambda-events.json")
            .matches("REPORT RequestId")
            .count()
    );
    assert_eq!(
        arrivals(&events.scenario),
        &arrivals(&log.scenario)[..n],
        "the first hour"
    );

    let csv = import(&["arrivals.csv"], Pick::BUSIEST).unwrap();
    assert_eq!(csv.observed.requests, 200);

    // Azure 2019: the three files; f-api and f-worker are the busiest, both of app-shop.
    let az = [
        "azure2019-invocations.csv",
        "azure2019-durations.csv",
        "azure2019-memory.csv",
    ];
    let two = import(&az, Pick::busiest(2).unwrap()).unwrap();
    assert_eq!(two.observed.functions, Some(2));
    assert_eq!(two.observed.functions_with_durations, Some(2));
    assert_eq!(
        two.scenario.function.memory_mb, 339,
        "app-shop's p99 of 338.4 MB"
    );
    let hooks = import(&az, Pick::App("app-hooks".into())).unwrap();
    assert_eq!(
        hooks.scenario.function.memory_mb, 128,
        "127 MB is below Lambda's least"
    );
    let all = import(&az, Pick::busiest(6).unwrap()).unwrap();
    assert_eq!(
        all.observed.functions_with_durations,
        Some(5),
        "f-rare has no durations row"
    );
    assert_eq!(all.scenario.duration_s, 86_400.0);

    // Azure 2021: a func id in two apps must be named with its app.
    let e = import(&["azure2021.csv"], Pick::Function("f-9c1e".into())).unwrap_err();
    assert!(e.rule.contains("APP/FUNC"), "{e}");
    let one = import(&["azure2021.csv"], Pick::Function("app-5e/f-9c1e".into())).unwrap();
    let rows = sample("azure2021.csv").matches("app-5e,f-9c1e,").count() as u64;
    assert_eq!(one.observed.requests, rows);
    let busiest = import(&["azure2021.csv"], Pick::BUSIEST).unwrap();
    let a7 = sample("azure2021.csv").matches("app-a7,f-9c1e,").count() as u64;
    assert_eq!(
        busiest.observed.requests, a7,
        "app-a7's f-9c1e (every 25 s), not f-9c1e of both apps"
    );
    assert!(a7 > rows);
}

/// Feeds `bytes` cut at `cuts` (positions, any order, past-the-end ones ignored).
fn split_at(
    bytes: &[u8],
    cuts: &[usize],
    format: Option<Format>,
) -> Result<Imported, traffic::ImportError> {
    let mut cuts: Vec<usize> = cuts.iter().copied().filter(|&c| c <= bytes.len()).collect();
    cuts.sort_unstable();
    let mut importer = Importer::new(ImportOptions::default());
    loop {
        importer.begin_file(format)?;
        let mut from = 0;
        for &c in cuts.iter().chain([&bytes.len()]) {
            importer.feed_bytes(&bytes[from..c])?;
            from = c;
        }
        if importer.end_file()? == Next::Done {
            break;
        }
    }
    importer.finish(&template())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    /// Any bytes, cut anywhere: no panic, and the same result (or the same error, at the same
    /// line, column and offset) as in one piece.
    #[test]
    fn any_bytes_any_cuts_same_as_whole(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        cuts in proptest::collection::vec(0usize..300, 0..6),
        format in proptest::sample::select(vec![None, Some(Format::LambdaLog), Some(Format::Csv), Some(Format::Azure2021)]),
    ) {
        proptest::prop_assert_eq!(split_at(&bytes, &cuts, format), split_at(&bytes, &[], format));
    }

    /// A fixture with one byte changed (often into a bad UTF-8 byte or a broken field), cut
    /// anywhere: the same as in one piece.
    #[test]
    fn damaged_fixtures_any_cuts_same_as_whole(
        which in 0usize..5,
        at in 0usize..2_000,
        byte in proptest::prelude::any::<u8>(),
        cuts in proptest::collection::vec(0usize..2_000, 0..6),
    ) {
        let text = [EXPORT, EVENTS, JSON_FORMAT, CSV, AZ21][which];
        let mut bytes = text.as_bytes().to_vec();
        let at = at % bytes.len();
        bytes[at] = byte;
        proptest::prop_assert_eq!(split_at(&bytes, &cuts, None), split_at(&bytes, &[], None));
    }
}

#[test]
fn log_events_json_is_read_event_by_event() {
    // Minified on one line of over 1 MiB: read as a document, not refused as a long line.
    let event = r#"{"logStreamName":"s","timestamp":1714564800410,"message":"REPORT RequestId: 1\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 512 MB\tMax Memory Used: 70 MB\t\n","ingestionTime":1714564800450,"eventId":"0"}"#;
    let n = 8_000;
    let doc = format!(
        r#"{{"searchedLogStreams":[{{"logStreamName":"s","searchedCompletely":true}}],"events":[{}],"nextToken":"abc"}}"#,
        vec![event; n].join(",")
    );
    assert!(doc.len() > traffic::MAX_LINE_BYTES);
    let imported = chunked(&[(None, doc.as_bytes())], 1 << 16, ImportOptions::default()).unwrap();
    assert_eq!(imported.observed.requests, n as u64);
    // Errors: where the document breaks, with the line of the byte.
    let cases: [(&str, u64, &str); 5] = [
        ("{\"events\": 5}", 1, "must be an array"),
        ("{\"events\": []} x", 1, "after the document"),
        (
            "{\"events\": [\n{\"timestamp\": 1},\n{\"timestamp\": 1 \"message\": \"x\"}\n]}",
            3,
            "event 2",
        ),
        ("{\"nextToken\": tru, \"events\": []}", 1, "`nextToken`"),
        (
            "[\n{\"timestamp\": 1, \"message\": \"REPORT RequestId: 1 Duration: 1 ms\"},\n",
            3,
            "truncated",
        ),
    ];
    for (text, line, mention) in cases {
        let e = lambda_log::parse_json(text).unwrap_err();
        assert_eq!(e.line, line, "{text}: {e}");
        assert!(e.to_string().contains(mention), "{text}: {e}");
    }
}
