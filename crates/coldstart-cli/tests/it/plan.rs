//! `coldstart plan`: the same plan on one thread and on several, every format, and the
//! arguments it refuses.

use crate::{coldstart, s, scratch_dir, stdout_ok};
use std::path::PathBuf;

/// A small steady workload: 20 requests a second for 20 s, a Java zip (SnapStart possible).
fn scenario(test: &str) -> PathBuf {
    let dir = scratch_dir(test);
    let path = dir.join("steady.json");
    std::fs::write(
        &path,
        r#"{"name": "steady", "seed": 3, "duration_s": 20,
            "workload": {"kind": "poisson", "rate_per_s": 20},
            "function": {"runtime": "java", "memory_mb": 1024, "timeout_s": 10,
              "handler_ms": {"dist": "log_normal", "median": 80, "p99_over_p50": 3},
              "init_ms": {"dist": "constant", "value": 800}},
            "package": {"type": "zip", "zipped_mb": 5, "unzipped_mb": 15}}"#,
    )
    .expect("writes");
    path
}

#[test]
fn plans_are_the_same_on_one_thread_and_on_several() {
    let file = scenario("plan-threads");
    let runs: [&[&str]; 3] = [
        &["provisioned", "--target", "p99-ms=800"],
        &[
            "memory",
            "--sizes",
            "256,1024,2048",
            "--target",
            "cold-share=0.05",
        ],
        &["packaging", "--target", "cold-share=0.02"],
    ];
    for args in runs {
        let with = |threads: &str, format: &str| {
            let mut all = vec!["plan", args[0], s(&file), "-q", "--format", format];
            all.extend(&args[1..]);
            all.extend(["--threads", threads]);
            stdout_ok(&coldstart(all))
        };
        let one = with("1", "json");
        for threads in ["2", "4"] {
            assert_eq!(one, with(threads, "json"), "{args:?} on {threads} threads");
        }
        assert!(one.contains("\"target\""), "{one}");
        let table = with("2", "table");
        assert!(table.contains("meets"), "{table}");
        let csv = with("2", "csv");
        let width = csv.lines().next().unwrap().split(',').count();
        assert!(csv.lines().all(|l| l.split(',').count() >= width), "{csv}");
    }
}

#[test]
fn the_provisioned_answer_reads_as_a_recommendation() {
    let file = scenario("plan-answer");
    let out = stdout_ok(&coldstart([
        "plan",
        "pc",
        s(&file),
        "--target",
        "p99-ms=800",
        "-q",
    ]));
    assert!(out.contains("least meeting"), "{out}");
    assert!(
        out.contains("is the least constant count that meets"),
        "{out}"
    );
    assert!(out.contains("60.0 %"), "the break-even: {out}");
}

#[test]
fn bad_arguments_are_refused_with_exit_2() {
    let file = scenario("plan-errors");
    let f = s(&file);
    let cases: [(&[&str], &str); 7] = [
        (&["plan", "provisioned", f], "--target"),
        (&["plan", "packaging", f, "--target", "p99=5"], "target"),
        (
            &["plan", "provisioned", f, "--target", "cold-share=2"],
            "target.cold_share",
        ),
        (
            &[
                "plan",
                "provisioned",
                f,
                "--target",
                "cold-share=0.1",
                "--sizes",
                "512",
            ],
            "plan memory",
        ),
        (&["plan", "memory", f, "--threads", "0"], "--threads"),
        (&["plan", "memory", f, "--hourly"], "--hourly"),
        (
            &["plan", "memory", f, "--sizes", "512,100"],
            "memory.sizes_mb[1]",
        ),
    ];
    for (args, says) in cases {
        let out = coldstart(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// Busy in the first and third hours (2 requests a second), idle in the second and fourth.
fn busy_every_other_hour(test: &str) -> PathBuf {
    let dir = scratch_dir(test);
    let path = dir.join("hours.json");
    std::fs::write(
        &path,
        r#"{"name": "hours", "seed": 3, "duration_s": 14400,
            "workload": {"kind": "steps", "steps": [
              {"at_s": 0, "rate_per_s": 2}, {"at_s": 3600, "rate_per_s": 0},
              {"at_s": 7200, "rate_per_s": 2}, {"at_s": 10800, "rate_per_s": 0}]},
            "function": {"runtime": "nodejs", "memory_mb": 1024, "timeout_s": 10,
              "handler_ms": {"dist": "constant", "value": 1000}},
            "package": {"type": "zip", "zipped_mb": 5, "unzipped_mb": 15}}"#,
    )
    .expect("writes");
    path
}

#[test]
fn the_hourly_plan_is_the_same_on_one_thread_and_on_several() {
    let file = busy_every_other_hour("plan-hourly");
    let with = |threads: &str, format: &str| {
        stdout_ok(&coldstart([
            "plan",
            "pc",
            s(&file),
            "--hourly",
            "--target",
            "cold-share=0.002",
            "-q",
            "--format",
            format,
            "--threads",
            threads,
        ]))
    };
    let one = with("1", "json");
    for threads in ["2", "4"] {
        assert_eq!(one, with(threads, "json"), "on {threads} threads");
    }
    let plan: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    // The idle hours get no environment; the busy hours the same count as each other.
    let counts = &plan["answer"]["counts"];
    assert_eq!(counts[1], 0, "{counts}");
    assert_eq!(counts[3], 0, "{counts}");
    assert_eq!(counts[0], counts[2], "{counts}");
    let hourly = plan["answer"]["monthly_usd"].as_f64().expect("a cost");
    let constant = plan["constant"]["at_answer"]["monthly_usd"]
        .as_f64()
        .expect("a cost");
    assert!(hourly < constant, "{hourly} vs {constant}");
    let table = with("2", "table");
    assert!(table.contains("An hourly schedule meets"), "{table}");
    assert!(table.contains("least constant"), "{table}");
    let csv = with("2", "csv");
    assert!(csv.starts_with("kind,rung,"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("hourly,")), "{csv}");
}

#[test]
fn svg_writes_the_plans_chart_with_its_axes() {
    let file = scenario("plan-svg");
    let dir = file.parent().expect("a scratch dir").to_path_buf();
    let cases: [(&[&str], &[&str]); 3] = [
        (
            &["pc", "--target", "p99-ms=800"],
            &[
                "monthly cost (USD)",
                "p99 latency (ms)",
                "provisioned concurrency (environments)",
                "answer: ",
            ],
        ),
        (
            &["memory", "--sizes", "256,1024,2048"],
            &[
                "memory (MB)",
                "cost per million requests (USD)",
                "latency (ms)",
                "cheapest",
            ],
        ),
        (
            &["package", "--target", "cold-share=0.02"],
            &[
                "cold-start share (%)",
                "monthly cost (USD)",
                "zip with SnapStart",
            ],
        ),
    ];
    for (args, says) in cases {
        let svg_path = dir.join(format!("{}.svg", args[0]));
        let mut all = vec!["plan", args[0], s(&file), "-q", "--svg", s(&svg_path)];
        all.extend(&args[1..]);
        let out = stdout_ok(&coldstart(all));
        assert!(out.contains("meets"), "the table is still printed: {out}");
        let svg = std::fs::read_to_string(&svg_path).expect("the SVG is written");
        assert!(svg.starts_with("<svg"), "{args:?}");
        for text in says {
            assert!(svg.contains(text), "{args:?}: the SVG lacks {text:?}");
        }
    }
    // An unwritable path is an I/O error naming it; --theme needs --svg.
    let bad = dir.join("missing").join("x.svg");
    let out = coldstart([
        "plan",
        "memory",
        s(&file),
        "-q",
        "--sizes",
        "512",
        "--svg",
        s(&bad),
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("x.svg"));
    let out = coldstart(["plan", "memory", s(&file), "-q", "--theme", "dark"]);
    assert_eq!(out.status.code(), Some(2));
}
