//! `run --format csv-requests --all-requests`: every request, streamed while the run proceeds.

use crate::{coldstart, preset, s, stdout_ok};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// The per-request header scripts rely on; changing it breaks them, so it is spelled out here.
const HEADER: &str = "variant,id,arrival_ms,start_ms,end_ms,latency_ms,cold_cause,microvm_ms,\
code_fetch_ms,bootstrap_ms,init_ms,handler_ms,env_id,provisioned,outcome,retries";

fn id(row: &str) -> u64 {
    row.split(',')
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect("id column")
}

#[test]
fn every_request_is_one_row_equal_to_a_full_sample() {
    let (path, scenario) = preset("java-zip");
    let report = coldstart_core::run(&scenario).expect("runs");
    let all = stdout_ok(&coldstart([
        "run",
        "-q",
        "--format",
        "csv-requests",
        "--all-requests",
        s(&path),
    ]));
    let mut rows: Vec<&str> = all.lines().collect();
    assert_eq!(rows.remove(0), HEADER);
    assert_eq!(rows.len() as u64, report.requests);
    rows.sort_by_key(|r| id(r));
    let ids: Vec<u64> = rows.iter().map(|r| id(r)).collect();
    assert_eq!(
        ids,
        (0..report.requests).collect::<Vec<_>>(),
        "each id once"
    );

    // The same rows as a reservoir large enough to keep every request (which lists by id).
    let sampled = stdout_ok(&coldstart([
        "run",
        "-q",
        "--format",
        "csv-requests",
        "--sample",
        &report.requests.to_string(),
        s(&path),
    ]));
    let mut expected: Vec<&str> = sampled.lines().collect();
    assert_eq!(expected.remove(0), HEADER);
    assert_eq!(rows, expected);
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    // The preset's rows are far more than a pipe buffer, so the writer is still running when
    // the reader goes away.
    let (path, _) = preset("node-zip-api");
    let mut child = Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .args(["run", "--format", "csv-requests", "--all", s(&path)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    reader.read_line(&mut line).expect("header");
    assert_eq!(line.trim_end(), HEADER);
    drop(reader);
    let out = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {:?}: {stderr}",
        out.status.code()
    );
    assert!(stderr.is_empty(), "quiet: {stderr}");
}

#[test]
fn all_requests_needs_the_per_request_format_and_no_sample() {
    let (path, _) = preset("node-zip-api");
    let out = coldstart(["run", "--format", "json", "--all-requests", s(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format csv-requests"));
    let out = coldstart([
        "run",
        "--format",
        "csv-requests",
        "--all-requests",
        "--sample",
        "5",
        s(&path),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
