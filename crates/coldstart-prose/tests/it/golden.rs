//! Golden files: the CSV files and tables of a small fixed comparison, checked in under
//! `tests/it/golden/`. A change of columns, quoting, empty cells, labels or digits shows up as a
//! diff here, for the page and the CLI at once (both write through this crate). When the change is
//! intended, or the model's numbers moved, regenerate with
//! `UPDATE_EXPECT=1 cargo test -p coldstart-prose` and review the diff.

use coldstart_core::{Report, Scenario};
use coldstart_core::{compare, sweep};
use coldstart_prose::{csv, explanation, table};
use expect_test::expect_file;

/// Two packagings of one small function: a short spiky workload under a reserved concurrency of
/// two, so the files hold warm and cold starts, throttled requests (no environment) and buckets
/// without cold starts (empty cells). The zip's name holds a comma and a quote, to pin quoting.
fn fixture() -> (Vec<Scenario>, Vec<Report>) {
    let zip = serde_json::json!({
        "name": "api, \"zip\"",
        "seed": 7,
        "duration_s": 90,
        "workload": {
            "kind": "spikes",
            "base_rate_per_s": 0.2,
            "spikes": [{ "at_s": 30, "duration_s": 5, "rate_per_s": 4 }]
        },
        "function": {
            "runtime": "nodejs",
            "memory_mb": 512,
            "handler_ms": { "dist": "constant", "value": 400 },
            "init_ms": { "dist": "constant", "value": 150 }
        },
        "package": { "type": "zip", "zipped_mb": 2, "unzipped_mb": 6 },
        "platform": { "reserved_concurrency": 2 },
        "output": { "request_sample": 12, "bucket_s": 30 }
    });
    let mut image = zip.clone();
    image["name"] = "api image".into();
    image["package"] = serde_json::json!({ "type": "image", "image_mb": 200 });
    let scenarios: Vec<Scenario> = [zip, image]
        .into_iter()
        .map(|v| serde_json::from_value(v).expect("the fixture is a scenario"))
        .collect();
    let reports = scenarios
        .iter()
        .map(|s| coldstart_core::run(s).expect("the fixture runs"))
        .collect();
    (scenarios, reports)
}

fn named<'a>(scenarios: &'a [Scenario], reports: &'a [Report]) -> Vec<(&'a str, &'a Report)> {
    scenarios
        .iter()
        .map(|s| s.name.as_str())
        .zip(reports)
        .collect()
}

#[test]
fn requests_csv() {
    let (scenarios, reports) = fixture();
    expect_file!["golden/requests.csv"].assert_eq(&csv::requests(&named(&scenarios, &reports)));
}

#[test]
fn timeseries_csv() {
    let (scenarios, reports) = fixture();
    expect_file!["golden/timeseries.csv"].assert_eq(&csv::timeseries(&named(&scenarios, &reports)));
}

#[test]
fn summary_table() {
    let (scenarios, reports) = fixture();
    let t = table::summary(&named(&scenarios, &reports));
    expect_file!["golden/summary.txt"].assert_eq(&t.to_text());
    expect_file!["golden/summary.csv"].assert_eq(&t.to_csv());
}

#[test]
fn comparison_table_and_csv() {
    let (scenarios, _) = fixture();
    let (comparison, reports) = compare::compare_with_reports(&scenarios).expect("compares");
    let why = explanation::why_of(&scenarios, &reports).expect("two variants are explained");
    let text = format!(
        "{}\n{}",
        table::comparison(&comparison).to_text(),
        why.to_text()
    );
    expect_file!["golden/comparison.txt"].assert_eq(&text);
    expect_file!["golden/comparison.csv"].assert_eq(&csv::comparison(&comparison));
}

#[test]
fn sweep_csv() {
    let (scenarios, _) = fixture();
    let config = sweep::SweepConfig {
        series: vec![sweep::SweepSeries::Zip, sweep::SweepSeries::Image],
        samples: 20,
    };
    let points = sweep::sweep(&scenarios[0], &[1.0, 100.0, 1_000.0], &config).expect("sweeps");
    expect_file!["golden/sweep.csv"].assert_eq(&csv::sweep(&points));
}

/// The CSV headers are the ones docs/cli.md shows in its examples, line for line.
#[test]
fn csv_columns_are_the_documented_ones() {
    let docs = include_str!("../../../../docs/cli.md");
    let documented = |first: &str| {
        docs.lines()
            .map(str::trim)
            .find(|l| l.starts_with(first))
            .unwrap_or_else(|| panic!("docs/cli.md shows no header starting {first}"))
    };
    assert_eq!(documented("variant,start_s,"), csv::TIMESERIES_COLUMNS);
    assert_eq!(documented("variant,id,"), csv::REQUEST_COLUMNS);
    assert_eq!(documented("count,metric,"), csv::PLAN_PROVISIONED_COLUMNS);
    assert_eq!(documented("memory_mb,"), csv::PLAN_MEMORY_COLUMNS);
    assert_eq!(documented("packaging,metric,"), csv::PLAN_PACKAGING_COLUMNS);
}

/// A steady trace for the planners: a request every 50 ms holding its environment 120 ms (three
/// at once), on a custom runtime without limits, for 20 s.
fn steady() -> Scenario {
    let arrivals: Vec<f64> = (0..400).map(|i| f64::from(i) * 50.0).collect();
    serde_json::from_value(serde_json::json!({
        "name": "steady",
        "seed": 3,
        "duration_s": 20,
        "workload": { "kind": "trace", "arrivals_ms": arrivals },
        "function": {
            "runtime": "provided",
            "memory_mb": 1024,
            "handler_ms": { "dist": "constant", "value": 120 },
            "init_ms": { "dist": "constant", "value": 100 }
        },
        "package": { "type": "zip", "zipped_mb": 1, "unzipped_mb": 2 },
        "platform": {
            "account_concurrency": null,
            "scaling": { "mode": "unlimited" },
            "max_lifetime_s": null
        }
    }))
    .expect("the fixture is a scenario")
}

#[test]
fn plan_tables_answers_and_csv() {
    use coldstart_core::plan::{self, Target, memory::MemoryConfig};
    let s = steady();
    let pc =
        plan::provisioned::provisioned(&s, Target::ColdShare { max: 0.0 }, &mut plan::in_order)
            .expect("plans");
    let config = MemoryConfig {
        sizes_mb: vec![128, 1_024, 3_008],
        target: Some(Target::P99Ms { max: 150.0 }),
        ..MemoryConfig::default()
    };
    let mem = plan::memory::memory(&s, &config, &mut plan::in_order).expect("plans");
    let pkg = plan::packaging::packaging(&s, Target::P99Ms { max: 150.0 }, &mut plan::in_order)
        .expect("plans");
    let text = format!(
        "{}\n{}\n\n{}\n{}\n\n{}\n{}\n",
        coldstart_prose::plan::provisioned(&pc).to_text(),
        coldstart_prose::plan::provisioned_answer(&pc),
        coldstart_prose::plan::memory(&mem).to_text(),
        coldstart_prose::plan::memory_answer(&mem),
        coldstart_prose::plan::packaging(&pkg).to_text(),
        coldstart_prose::plan::packaging_answer(&pkg),
    );
    expect_file!["golden/plan.txt"].assert_eq(&text);
    expect_file!["golden/plan-provisioned.csv"].assert_eq(&csv::plan_provisioned(&pc));
    expect_file!["golden/plan-memory.csv"].assert_eq(&csv::plan_memory(&mem));
    expect_file!["golden/plan-packaging.csv"].assert_eq(&csv::plan_packaging(&pkg));
}

/// The hourly schedule on a workload busy in its first and third hours, light in its second and
/// idle in its fourth: the per-hour table, the comparison with the constant count and
/// on-demand, the recommendation and the CSV.
#[test]
fn plan_schedule_tables_answer_and_csv() {
    use coldstart_core::plan::{self, Target};
    let mut s = steady();
    s.duration_s = 4.0 * 3_600.0;
    s.workload = serde_json::from_value(serde_json::json!({
        "kind": "steps",
        "steps": [
            { "at_s": 0, "rate_per_s": 2 },
            { "at_s": 3600, "rate_per_s": 0.2 },
            { "at_s": 7200, "rate_per_s": 2 },
            { "at_s": 10800, "rate_per_s": 0 }
        ]
    }))
    .expect("a workload");
    s.function.handler_ms = coldstart_core::Dist::constant(1_000.0);
    let p = plan::schedule::schedule(&s, Target::ColdShare { max: 0.001 }, &mut plan::in_order)
        .expect("plans");
    let text = format!(
        "{}\n{}\n{}\n",
        coldstart_prose::plan::schedule_hours(&p).to_text(),
        coldstart_prose::plan::schedule(&p).to_text(),
        coldstart_prose::plan::schedule_answer(&p),
    );
    expect_file!["golden/plan-schedule.txt"].assert_eq(&text);
    expect_file!["golden/plan-schedule.csv"].assert_eq(&csv::plan_schedule(&p));
}

/// Every chart's text alternative, as the page shows it: the summary, then the table as text.
#[test]
fn chart_texts() {
    use coldstart_prose::chart_text::{self, ChartText};
    let (scenarios, reports) = fixture();
    let n = named(&scenarios, &reports);
    let points = coldstart_prose::charted::sweep(&scenarios[0]).expect("the fixture sweeps");
    // The lanes are recorded by the charted run (as on the page), not the plain one.
    let charted: Vec<Report> = (scenarios.iter())
        .map(|s| coldstart_core::run(&coldstart_prose::charted::scenario(s)).expect("runs"))
        .collect();
    let charted_named = named(&scenarios, &charted);
    let lanes = chart_text::lanes(&charted_named);
    for (i, r) in charted.iter().enumerate() {
        let cell = |label: &str| -> u64 {
            let row = lanes
                .table
                .rows
                .iter()
                .find(|row| row.label == label)
                .unwrap();
            row.cells[i].replace(',', "").parse().unwrap()
        };
        let drawn = r.environment_lanes.as_ref().expect("recorded").lanes.len() as u64;
        assert!(drawn > 0);
        assert_eq!(cell("Drawn as lanes"), drawn);
        let ended: u64 = lanes.table.rows[3..]
            .iter()
            .map(|row| row.cells[i].replace(',', "").parse::<u64>().unwrap())
            .sum();
        assert_eq!(
            ended, drawn,
            "every drawn lane ends once or is alive at the end"
        );
    }
    let texts: [(&str, ChartText); 8] = [
        ("timeline", chart_text::timeline(&n)),
        ("environments", chart_text::environments(&n)),
        ("lanes", chart_text::lanes(&charted_named)),
        ("order", chart_text::order(&n)),
        ("anatomy", chart_text::anatomy(&n)),
        ("cdf", chart_text::cdf(&n)),
        ("sweep", chart_text::sweep(&scenarios[0].name, &points)),
        ("warmup", chart_text::warmup(&n)),
    ];
    let mut out = String::new();
    for (chart, text) in &texts {
        // Every variant is named in the summary and has a column (the sweep's columns are curves).
        if *chart != "sweep" {
            for (name, _) in &n {
                assert!(text.summary.contains(name), "{chart}: {}", text.summary);
            }
            assert_eq!(text.table.columns.len(), n.len(), "{chart}");
        }
        assert!(!text.table.rows.is_empty(), "{chart}: no data rows");
        out.push_str(&format!(
            "== {chart}\n{}\n{}\n",
            text.summary,
            text.table.to_text()
        ));
    }
    expect_file!["golden/chart-texts.txt"].assert_eq(&out);
}

/// The figures in the words are the report's: the cold starts counted in the timeline's table
/// add up to the report's, and the distribution's p50 is the summary's.
#[test]
fn chart_texts_agree_with_the_report() {
    use coldstart_prose::chart_text;
    let (scenarios, reports) = fixture();
    let n = named(&scenarios, &reports);
    let t = chart_text::timeline(&n);
    for (i, r) in reports.iter().enumerate() {
        let cold: u64 = (t.table.rows.iter())
            .map(|row| {
                let cell = &row.cells[i];
                let inside = &cell[cell.find('(').unwrap() + 1..cell.find(" cold").unwrap()];
                inside.replace(',', "").parse::<u64>().unwrap()
            })
            .sum();
        assert_eq!(cold, r.cold_starts, "variant {i}");
    }
    let c = chart_text::cdf(&n);
    let p50 = coldstart_prose::format::ms(
        reports[0].latency_ms.all.p50,
        reports[0].latency_ms.all.count,
    );
    assert_eq!(c.table.rows[0].cells[0], p50);
    assert!(
        c.summary.contains(&format!("within {p50} ms")),
        "{}",
        c.summary
    );
}
