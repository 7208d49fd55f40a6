//! `coldstart import`: each format's fixture (the core's tests/fixtures/traffic) becomes a
//! scenario that `coldstart run` runs; bad files exit 2 naming the file, line and rule.

use crate::{coldstart, preset, s, scratch_dir, stdout_ok};
use coldstart_core::Scenario;
use coldstart_core::scenario::Workload;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../coldstart-core/tests/fixtures/traffic")
        .join(name)
}

fn arrivals(s: &Scenario) -> usize {
    match &s.workload {
        Workload::Trace { arrivals_ms } => arrivals_ms.len(),
        other => panic!("not a trace: {other:?}"),
    }
}

#[test]
fn import_then_run_each_format() {
    let dir = scratch_dir("import-run");
    let durations = fixture("azure2019-durations.csv");
    let memory = fixture("azure2019-memory.csv");
    let cases: [(&str, Vec<&str>, usize); 8] = [
        (
            "azure2021.csv",
            vec!["--format", "azure2021", "--busiest"],
            3,
        ),
        ("lambda-export.log", vec!["--format", "lambda-log"], 4),
        ("lambda-events.json", vec!["--format", "lambda-log"], 4),
        ("arrivals.csv", vec!["--format", "csv"], 4),
        (
            "azure2019-invocations.csv",
            vec![
                "--format",
                "azure2019",
                "--busiest",
                "--sampler",
                "equidistant",
                "--durations",
                s(&durations),
            ],
            142,
        ),
        // The format told from the file's first lines.
        ("lambda-json-format.log", vec![], 4),
        ("azure2021.csv", vec!["--app", "a1"], 4),
        (
            "azure2019-invocations.csv",
            vec![
                "--busiest",
                "2",
                "--durations",
                s(&durations),
                "--memory",
                s(&memory),
            ],
            172,
        ),
    ];
    for (k, (name, opts, n)) in cases.into_iter().enumerate() {
        let out = dir.join(format!("{k}-{name}.scenario.json"));
        let input = fixture(name);
        let mut args = vec!["import", s(&input)];
        args.extend(opts);
        args.extend(["--out", s(&out)]);
        let printed = stdout_ok(&coldstart(&args));
        assert!(printed.contains("Requests"), "{name}: {printed}");
        let scenario = Scenario::from_json(&std::fs::read_to_string(&out).expect("written"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(arrivals(&scenario), n, "{name}");
        let report = stdout_ok(&coldstart(["run", s(&out), "--quiet", "--format", "json"]));
        let report: serde_json::Value = serde_json::from_str(&report).expect("JSON report");
        assert_eq!(report["requests"], n, "{name}");
    }
}

#[test]
fn azure_app_memory_sets_the_memory_size() {
    let dir = scratch_dir("import-memory");
    let out = dir.join("s.json");
    let printed = stdout_ok(&coldstart([
        "import",
        s(&fixture("azure2019-invocations.csv")),
        "--app",
        "a1",
        "--memory",
        s(&fixture("azure2019-memory.csv")),
        "--out",
        s(&out),
    ]));
    assert!(printed.contains("Functions"), "{printed}");
    let scenario = Scenario::from_json(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        scenario.function.memory_mb, 213,
        "a1's p99 of 212.4 MB, rounded up"
    );
    let refused = coldstart([
        "import",
        s(&fixture("arrivals.csv")),
        "--memory",
        s(&fixture("azure2019-memory.csv")),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--memory applies to --format azure2019 only (the file is csv)"),
        "{err}"
    );
}

#[test]
fn template_memory_and_check() {
    let (template, _) = preset("python-zip-heavy");
    let dir = scratch_dir("import-template");
    let out = dir.join("s.json");
    let printed = stdout_ok(&coldstart([
        "import",
        s(&fixture("lambda-export.log")),
        "--format",
        "lambda-log",
        "--template",
        s(&template),
        "--check",
        "--seed",
        "9",
        "--out",
        s(&out),
    ]));
    assert!(printed.contains("simulated"), "{printed}");
    let scenario = Scenario::from_json(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(scenario.function.memory_mb, 512, "memory from the log");
    assert_eq!(scenario.seed, 9);
    assert_eq!(scenario.name, "lambda-export");
    assert_eq!(
        scenario.function.runtime,
        coldstart_core::scenario::Runtime::Python,
        "runtime from the template"
    );
    let json = stdout_ok(&coldstart([
        "import",
        s(&fixture("lambda-events.json")),
        "--format",
        "lambda-log",
        "--check",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["observed"]["cold_starts"], 2);
    assert_eq!(v["check"]["simulated"]["invocations"], 4);
}

#[test]
fn bad_input_exits_2_naming_file_line_and_rule() {
    let dir = scratch_dir("import-bad");
    let cases: [(&str, &[u8], &str, &[&str]); 5] = [
        ("trunc.log", b"2024-05-01T12:00:00Z REPORT RequestId: 1\tDura", "lambda-log", &["trunc.log", "line 1", "Name: value"]),
        ("bytes.csv", b"timestamp\n1\n\xff\xfe\n", "csv", &["bytes.csv", "line 3", "UTF-8"]),
        ("cols.csv", b"HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,1\n", "azure2019", &["cols.csv", "line 2", "expected 6 columns"]),
        ("empty.log", b"START RequestId: 1\n", "lambda-log", &["empty.log", "no requests"]),
        ("events.json", b"{\"events\": [{\"timestamp\": 1, \"message\": \"REPORT RequestId: 1 Duration: -3 ms\"}]}", "lambda-log", &["events.json", "event 1", "Duration"]),
    ];
    for (name, bytes, format, mentions) in cases {
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = coldstart(["import", s(&file), "--format", format]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}");
        assert!(!err.contains("panicked"), "{err}");
        for m in mentions {
            assert!(err.contains(m), "{name}: stderr lacks {m:?}: {err}");
        }
    }
    let csv = fixture("arrivals.csv");
    for (opts, mention) in [
        (
            vec!["--format", "csv", "--busiest"],
            "--busiest applies to --format azure2019 or azure2021",
        ),
        (
            vec!["--format", "azure2021", "--sampler", "poisson"],
            "--sampler applies to --format azure2019",
        ),
        (
            vec!["--format", "csv", "--check"],
            "--check applies to --format lambda-log",
        ),
        (
            vec!["--format", "lambda-log", "--time-unit", "ms"],
            "--time-unit applies to --format csv",
        ),
    ] {
        let mut args = vec!["import", s(&csv)];
        args.extend(opts);
        let out = coldstart(&args);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(mention));
    }
    let missing = coldstart(["import", s(&dir.join("nope.log")), "--format", "lambda-log"]);
    assert_eq!(
        missing.status.code(),
        Some(1),
        "an unreadable file is an I/O failure"
    );
}
