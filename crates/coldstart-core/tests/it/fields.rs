//! The field table is what validation enforces: for every row, a value past its bounds, at its
//! path, is refused at that path; and docs/scenario-schema.md's table of bounds is the table's.

use coldstart_core::scenario::fields::{self, Blank, FieldSpec, Kind, Source};
use coldstart_core::{Scenario, validate};
use serde_json::{Value, json};

/// Scenarios that together hold every field of the table (each valid as it is).
fn fixtures() -> Vec<Value> {
    let common = |workload: Value, invocation: Value, package: Value| {
        json!({
            "duration_s": 60, "workload": workload, "invocation": invocation,
            "function": {"runtime": "python", "memory_mb": 1024, "timeout_s": 3,
                "handler_ms": {"dist": "constant", "value": 10},
                "init_ms": {"dist": "constant", "value": 100},
                "init_cpu_bound": 0.5, "error_rate": 0.0,
                "warmup": {"mode": "curve", "first_factor": 2, "decay_invocations": 5}},
            "package": package,
            "platform": {"account_concurrency": 1000, "reserved_concurrency": 100,
                "scaling": {"mode": "standard", "envs_per_window": 1000, "window_s": 10},
                "keep_alive_s": {"dist": "constant", "value": 300},
                "max_lifetime_s": {"dist": "constant", "value": 7200},
                "microvm_ms": {"dist": "constant", "value": 80},
                "init_limit_s": 10,
                "invocation_rate": {"mode": "fixed", "per_s": 1000},
                "proactive_init": {"share": 0.5}},
            "output": {"request_sample": 10, "bucket_s": 10, "environment_lanes": 10},
            "deploys": [{"at_s": 30, "image_changed_fraction": 0.5}]
        })
    };
    let zip = |upload: &str| {
        json!({"type": "zip", "zipped_mb": 5, "unzipped_mb": 15, "layers": 1, "upload": upload,
               "fetch": {"overhead_ms": 10, "transfer_mb_s": 300, "extract_mb_s": 1000,
                         "file_create_ms": 0.02}})
    };
    let image = |read: Value| {
        json!({"type": "image", "image_mb": 1000, "base_mb": 100, "read_at_init": read,
               "shared_fraction": 0.1, "cache": {"chunk_kib": 512, "parallelism": 8,
               "workers": 16, "local_hit": 0.6, "az_hit": 0.9,
               "local": {"latency_ms": 0.1, "throughput_mb_s": 1000},
               "az": {"latency_ms": 1, "throughput_mb_s": 250},
               "origin": {"latency_ms": 25, "throughput_mb_s": 100}}})
    };
    let mut snap = common(
        json!({"kind": "spikes", "base_rate_per_s": 1,
               "spikes": [{"at_s": 10, "duration_s": 5, "rate_per_s": 2}]}),
        json!({"model": "sync"}),
        zip("direct"),
    );
    snap["snapstart"] = json!({"restore_ms": {"dist": "constant", "value": 200},
        "after_restore_hook_ms": {"dist": "constant", "value": 10}, "runtime_load_share": 0.5,
        "just_published": true, "snapshot_cache": {"first_extra_ms": 500, "decay_restores": 10}});
    let mut legacy = common(
        json!({"kind": "steps", "steps": [{"at_s": 0, "rate_per_s": 1}]}),
        json!({"model": "async", "max_retries": 2, "max_event_age_s": 3600}),
        image(json!({"fraction": 0.1})),
    );
    legacy["platform"]["scaling"] =
        json!({"mode": "legacy", "initial_burst": 3000, "per_minute": 500});
    legacy["provisioned"] = json!({"count": 2, "schedule": [{"at_s": 30, "count": 3}]});
    legacy["seed"] = json!(7);
    // Written back from the typed scenario, so every defaulted field is present too.
    let full = |v: Value| {
        let s: Scenario = serde_json::from_value(v).expect("a fixture parses");
        serde_json::to_value(&s).expect("serializes")
    };
    [
        snap,
        legacy,
        common(
            json!({"kind": "diurnal", "mean_rate_per_s": 1, "amplitude": 0.5, "period_s": 60,
                   "phase_s": 0}),
            json!({"model": "stream", "shards": 1, "batch_size": 10, "batching_window_s": 0,
                   "parallelization_factor": 1}),
            zip("s3"),
        ),
        common(
            json!({"kind": "trace", "arrivals_ms": [5, 10]}),
            json!({"model": "sync"}),
            image(json!({"mb": 10})),
        ),
        common(
            json!({"kind": "poisson", "rate_per_s": 1}),
            json!({"model": "sync"}),
            zip("direct"),
        ),
    ]
    .into_iter()
    .map(full)
    .collect()
}

/// `a.b[].c` → the steps `a`, `b`, 0, `c`.
fn concrete(path: &str) -> String {
    path.replace("[]", "[0]")
}

fn slot<'v>(v: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut at = v;
    for part in path.split('.') {
        let (key, index) = match part.strip_suffix("[0]") {
            Some(k) => (k, true),
            None => (part, false),
        };
        at = at.get_mut(key)?;
        if index {
            at = at.get_mut(0)?;
        }
    }
    Some(at)
}

fn verdict(v: &Value) -> Result<(), String> {
    let s: Scenario = serde_json::from_value(v.clone()).map_err(|e| format!("parse: {e}"))?;
    validate(&s).map_err(|e| e.path().unwrap_or("<no path>").to_string())
}

/// The out-of-range values to try for a row: just past its largest and below its smallest
/// value (where the schema's type can hold them), as JSON at the field's path.
fn outside(f: &FieldSpec) -> Vec<Value> {
    let mut out = Vec::new();
    if f.kind == Kind::Whole {
        // Integers, since past 2^53 a float cannot say max + 1.
        let past = f.max as u64 + 1;
        if past <= u64::from(u32::MAX) || f.path == "seed" {
            out.push(json!(past));
        }
        let min = f.min as u64;
        if f.min_exclusive {
            out.push(json!(min));
        } else if min > 0 {
            out.push(json!(min - 1));
        }
        return out;
    }
    let wrap = |x: f64| {
        if f.kind == Kind::Dist {
            json!({"dist": "constant", "value": x})
        } else {
            json!(x)
        }
    };
    out.push(wrap(f.max * (1.0 + 1e-9) + 1e-9));
    out.push(wrap(if f.min_exclusive {
        f.min
    } else {
        f.min - 1.0 - f.min.abs() * 1e-9
    }));
    out
}

#[test]
fn every_row_of_the_field_table_is_enforced_at_its_path() {
    let fixtures = fixtures();
    for (i, f) in fixtures.iter().enumerate() {
        assert_eq!(verdict(f), Ok(()), "fixture {i}");
    }
    let mut checked = 0;
    for f in fields::ALL {
        let path = concrete(f.path);
        // The zipped size has a row per upload route: try each on a zip of its route.
        let route = f.applies.strip_prefix("package.upload = ");
        let base = fixtures
            .iter()
            .find(|fx| {
                let mut fx = (*fx).clone();
                slot(&mut fx, &path).is_some()
                    && route.is_none_or(|r| fx["package"]["upload"] == json!(r))
            })
            .unwrap_or_else(|| panic!("no fixture holds {path}"));
        for x in outside(f) {
            let mut v = base.clone();
            *slot(&mut v, &path).expect("present") = x.clone();
            let got = verdict(&v).expect_err(&format!("{path} = {x} is refused"));
            assert!(
                got == path || got.starts_with(&format!("{path}.")),
                "{path} = {x}: refused at {got}"
            );
            checked += 1;
        }
    }
    assert!(checked > fields::ALL.len(), "{checked} checks");
}

/// The generated section of docs/scenario-schema.md: one line per row of the table.
fn bounds_table() -> String {
    let mut out = String::from(
        "| Field | Unit | Range | Whole | Left empty | Bound from |\n|---|---|---|---|---|---|\n",
    );
    let n = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e16 {
            coldstart_core::error::thousands(x as i64)
        } else {
            format!("{x}")
        }
    };
    for f in fields::ALL {
        let range = if f.min_exclusive {
            format!("> {} … {}", n(f.min), n(f.max))
        } else {
            format!("{} … {}", n(f.min), n(f.max))
        };
        let range = if f.kind == Kind::Dist {
            format!("distribution, {range}")
        } else {
            range
        };
        let blank = match f.blank {
            Blank::Required => "required".to_string(),
            Blank::Default(what) => format!("default: {what}"),
            Blank::Null(what) => format!("`null`: {what} (omitted: its default)"),
        };
        let source = match f.source {
            Source::Aws(doc) => doc.replace('"', ""),
            Source::Engine => "*engine*".to_string(),
            Source::Definition(what) => what.to_string(),
        };
        let whole = if f.kind == Kind::Whole { "yes" } else { "" };
        let unit = if f.unit.is_empty() { "—" } else { f.unit };
        let applies = if f.applies.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.applies)
        };
        out.push_str(&format!(
            "| `{}`{applies} | {unit} | {range} | {whole} | {blank} | {source} |\n",
            f.path
        ));
    }
    out
}

const BEGIN: &str = "<!-- BEGIN field table: generated from coldstart_core::scenario::fields::ALL \
                     by tests/it/fields.rs; UPDATE_EXPECT=1 rewrites it -->\n";
const END: &str = "<!-- END field table -->";

/// docs/scenario-schema.md lists every bound with the table's numbers: its section between the
/// markers is the table, written out (regenerate with `UPDATE_EXPECT=1` and review the diff).
#[test]
fn the_schema_doc_lists_every_bound_of_the_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/scenario-schema.md");
    let doc = std::fs::read_to_string(path).expect("docs/scenario-schema.md");
    let start = doc
        .find(BEGIN)
        .expect("the doc has the generated section's start marker");
    let end = doc[start..]
        .find(END)
        .map(|e| start + e)
        .expect("the doc has the generated section's end marker");
    let expected = bounds_table();
    let shown = &doc[start + BEGIN.len()..end];
    if shown != expected {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let updated = format!("{}{BEGIN}{expected}{}", &doc[..start], &doc[end..]);
            std::fs::write(path, updated).expect("rewrite the doc");
        } else {
            panic!(
                "docs/scenario-schema.md's field table differs from fields::ALL; rerun with \
                 UPDATE_EXPECT=1 and review the diff.\nexpected:\n{expected}"
            );
        }
    }
}
