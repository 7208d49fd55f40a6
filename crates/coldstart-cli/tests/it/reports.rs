//! `run`, `compare` and `sweep` print what the core computes, in the documented shapes.

use crate::{coldstart, preset, presets, s, scratch_dir, stdout_ok};
use coldstart_core::Report;

#[test]
fn run_json_equals_the_core_run_for_every_preset() {
    for (path, scenario) in presets() {
        let out = stdout_ok(&coldstart(["run", "-q", "--format", "json", s(&path)]));
        let printed: Report = serde_json::from_str(&out).expect("report JSON");
        let expected = coldstart_core::run(&scenario).expect("preset runs");
        assert_eq!(printed, expected, "{}", path.display());
    }
}

#[test]
fn seed_flag_overrides_the_scenario_seed() {
    let (path, mut scenario) = preset("node-zip-api");
    scenario.seed = 4242;
    let out = stdout_ok(&coldstart([
        "run",
        "-q",
        "--format",
        "json",
        "--seed",
        "4242",
        s(&path),
    ]));
    let printed: Report = serde_json::from_str(&out).expect("report JSON");
    assert_eq!(printed, coldstart_core::run(&scenario).expect("runs"));
    assert_eq!(printed.seed, 4242);
}

#[test]
fn timing_goes_to_stderr_and_leaves_the_report_alone() {
    let (path, _) = preset("node-zip-api");
    let plain = stdout_ok(&coldstart(["run", "-q", "--format", "json", s(&path)]));
    let out = coldstart(["run", "-q", "--format", "json", "--timing", s(&path)]);
    assert_eq!(
        stdout_ok(&out),
        plain,
        "the report is the same with --timing"
    );
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
    let line: serde_json::Value = serde_json::from_str(stderr.trim()).expect("one JSON line");
    let phase = |name: &str| {
        line["timing_s"][name]
            .as_f64()
            .unwrap_or_else(|| panic!("timing_s.{name} in {stderr}"))
    };
    let parts = ["load", "simulate", "format", "print"].map(phase);
    assert!(parts.iter().all(|&p| p >= 0.0), "{stderr}");
    // The total is measured once from start to end, so it is the parts' sum up to rounding.
    assert!(
        (parts.iter().sum::<f64>() - phase("total")).abs() < 1e-6,
        "{stderr}"
    );
    assert!(
        phase("simulate") > 0.0,
        "a 6,000-request run takes time: {stderr}"
    );

    let refused = coldstart([
        "run",
        "-q",
        "--format",
        "csv-requests",
        "--all-requests",
        "--timing",
        s(&path),
    ]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "--timing does not time a streamed run"
    );
}

#[test]
fn toml_scenarios_run_like_their_json_twin() {
    let (path, scenario) = preset("python-zip-heavy");
    let dir = scratch_dir("toml");
    let toml_path = dir.join("python-zip-heavy.toml");
    std::fs::write(&toml_path, toml::to_string(&scenario).expect("TOML")).expect("write");
    let from_json = stdout_ok(&coldstart(["run", "-q", "--format", "json", s(&path)]));
    let from_toml = stdout_ok(&coldstart(["run", "-q", "--format", "json", s(&toml_path)]));
    assert_eq!(from_json, from_toml);
}

#[test]
fn csv_has_one_row_per_bucket_and_csv_requests_one_per_sampled_request() {
    let (path, scenario) = preset("java-zip");
    let report = coldstart_core::run(&scenario).expect("runs");
    let csv = stdout_ok(&coldstart(["run", "-q", "--format", "csv", s(&path)]));
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("variant,start_s,arrivals,cold_starts,"));
    assert_eq!(lines.len() - 1, report.timeseries.arrivals.len());
    let columns = lines[0].split(',').count();
    assert!(lines.iter().all(|l| l.split(',').count() == columns));
    let arrivals: u64 = lines[1..]
        .iter()
        .map(|l| {
            l.split(',')
                .nth(2)
                .and_then(|v| v.parse::<u64>().ok())
                .expect("arrivals")
        })
        .sum();
    assert_eq!(arrivals, report.requests);

    let sample = 50;
    let csv = stdout_ok(&coldstart([
        "run",
        "-q",
        "--format",
        "csv-requests",
        "--sample",
        "50",
        s(&path),
    ]));
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("variant,id,arrival_ms,start_ms,end_ms,latency_ms,cold_cause,"));
    assert_eq!(lines.len() - 1, sample);
    let cold = lines[1..]
        .iter()
        .filter(|l| l.split(',').nth(6) != Some(""))
        .count();
    assert!(cold <= sample);
}

#[test]
fn table_shows_the_key_figures() {
    let (path, scenario) = preset("rust-provided");
    let report = coldstart_core::run(&scenario).expect("runs");
    let table = stdout_ok(&coldstart(["run", "-q", s(&path)]));
    assert!(
        table
            .lines()
            .next()
            .is_some_and(|l| l.trim() == scenario.name)
    );
    let requests = table
        .lines()
        .find(|l| l.starts_with("Requests"))
        .expect("requests row");
    assert!(
        requests.ends_with(&format!(
            " {}",
            coldstart_prose::format::count(report.requests)
        )),
        "{requests}"
    );
    // The page's summary, row for row: the same table as data, rendered as text.
    let page = coldstart_prose::table::summary(&[(&scenario.name, &report)]);
    for row in &page.rows {
        assert!(
            table.contains(&row.label),
            "no {} row in\n{table}",
            row.label
        );
    }
}

#[test]
fn compare_prints_one_row_per_variant_with_deltas() {
    let (zip, _) = preset("java-zip");
    let (snap, _) = preset("java-snapstart");
    let csv = stdout_ok(&coldstart([
        "compare",
        "-q",
        "--format",
        "csv",
        s(&zip),
        s(&snap),
    ]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with("java-zip,zip,false,"));
    assert!(lines[2].starts_with("java-snapstart,zip,true,"));
    // The first variant's deltas to itself are zero.
    assert!(lines[1].ends_with(",0,0,0,0,0"), "{}", lines[1]);
    let json = stdout_ok(&coldstart([
        "compare",
        "-q",
        "--format",
        "json",
        s(&zip),
        s(&snap),
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["variants"].as_array().map(Vec::len), Some(2));
}

#[test]
fn compare_table_ends_with_the_paragraph_explaining_why() {
    let (zip, _) = preset("java-zip");
    let (snap, _) = preset("java-snapstart");
    let table = stdout_ok(&coldstart(["compare", "-q", s(&zip), s(&snap)]));
    let (_, why) = table
        .split_once("\nWhy they differ\n")
        .expect("the explanation follows the table");
    let paragraph = why.trim();
    assert_eq!(
        paragraph.lines().count(),
        1,
        "one paragraph per variant after the first: {why}"
    );
    assert!(
        paragraph
            .starts_with("java-snapstart differs from java-zip only in snapstart (on vs off).")
            && paragraph.contains("java-snapstart cold-starts ")
            && paragraph.contains(" than java-zip at p50"),
        "names the variant against the base: {paragraph}"
    );
    // SnapStart replaces init with the restore hooks: the phase that moves most, with its cause.
    assert!(
        paragraph.contains("init ") && paragraph.contains("shorter (only the restore hooks run)"),
        "names the phase that changed and why: {paragraph}"
    );
}

#[test]
fn sweep_csv_has_a_row_per_series_and_size() {
    let (path, _) = preset("python-image-1gb");
    let csv = stdout_ok(&coldstart([
        "sweep",
        "--sizes",
        "10,100,1000",
        "--series",
        "zip,image",
        "--samples",
        "50",
        s(&path),
    ]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "series,size_mb,p50_ms,p99_ms,mean_ms,refused");
    assert_eq!(lines.len(), 1 + 2 * 3, "{csv}");
    // 1,000 MB unzipped is past the zip limit: refused, with the reason.
    let refused = lines
        .iter()
        .find(|l| l.starts_with("zip,1000,"))
        .expect("zip 1000 row");
    assert!(refused.contains(",,,,"), "{refused}");
    let image = lines
        .iter()
        .find(|l| l.starts_with("image,1000,"))
        .expect("image 1000 row");
    let p50: f64 = image
        .split(',')
        .nth(2)
        .and_then(|v| v.parse().ok())
        .expect("p50");
    assert!(p50 > 0.0);
}

#[test]
fn sweep_csv_names_the_lazy_image_curve() {
    let (path, _) = preset("node-zip-api");
    let csv = stdout_ok(&coldstart([
        "sweep",
        "--sizes",
        "250,10240",
        "--series",
        "image,image-lazy",
        "--samples",
        "50",
        s(&path),
    ]));
    let p50 = |prefix: &str| -> f64 {
        let line = csv
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} row in {csv}"));
        line.split(',')
            .nth(2)
            .and_then(|v| v.parse().ok())
            .expect("p50")
    };
    // At 10 GB the lazy image reads 6.4 % of what the image read whole does.
    assert!(
        p50("image_lazy,10240,") * 3.0 < p50("image,10240,"),
        "{csv}"
    );
    assert!(p50("image_lazy,250,") <= p50("image,250,"), "{csv}");
}

#[test]
fn compare_replications_show_intervals_and_what_is_within_the_noise() {
    use coldstart_core::compare::replication::{Replications, replicate};
    let (zip, zip_s) = preset("java-zip");
    let (snap, snap_s) = preset("java-snapstart");
    let args = |format: &'static str| {
        coldstart([
            "compare",
            "-q",
            "--replications",
            "3",
            "--format",
            format,
            s(&zip),
            s(&snap),
        ])
    };
    let json: serde_json::Value = serde_json::from_str(&stdout_ok(&args("json"))).expect("JSON");
    let (expected, _) =
        replicate(&[zip_s, snap_s], Replications::new(3).expect("valid")).expect("runs");
    assert_eq!(
        json["replicated"],
        serde_json::to_value(&expected).expect("JSON"),
        "the CLI prints the core's replication summary"
    );
    let table = stdout_ok(&args("table"));
    assert!(
        table.contains("Across seeds (mean ± 95 % interval)"),
        "{table}"
    );
    assert!(table.contains("42–44 (3)"), "the seeds run: {table}");
    let (_, why) = table
        .split_once("\nWhy they differ\n")
        .expect("explanation");
    assert!(
        why.contains("Across 3 seeds (paired differences, 95 % intervals)"),
        "{why}"
    );
}
