//! Bad input never panics: invalid scenarios and links exit with status 2 and a message naming
//! the problem; unreadable or unwritable files exit with status 1.

use crate::{coldstart, preset, s, scratch_dir};
use coldstart_core::defaults::{MAX_INPUT_BYTES, MAX_TOML_INPUT_BYTES};
use std::process::Output;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit status and that stderr mentions every fragment; no panic message.
fn fails(out: &Output, status: i32, mentions: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(status), "stderr: {err}");
    assert!(out.stdout.is_empty(), "nothing on stdout on failure");
    assert!(!err.contains("panicked"), "{err}");
    for m in mentions {
        assert!(err.contains(m), "stderr lacks {m:?}: {err}");
    }
}

#[test]
fn out_of_range_field_names_path_value_and_rule() {
    let (_, mut scenario) = preset("node-zip-api");
    scenario.function.memory_mb = 64;
    let dir = scratch_dir("range");
    let file = dir.join("tiny.json");
    std::fs::write(&file, serde_json::to_string(&scenario).expect("JSON")).expect("write");
    let out = coldstart(["run", s(&file)]);
    fails(&out, 2, &["tiny.json", "function.memory_mb = 64", "128"]);
}

#[test]
fn syntax_errors_and_unknown_fields_exit_2() {
    let dir = scratch_dir("syntax");
    let cases = [
        ("truncated.json", "{\"duration_s\": 60,", "truncated.json"),
        ("typo.json", "{\"duraton_s\": 60}", "duraton_s"),
        ("nan.json", "{\"duration_s\": NaN}", "nan.json"),
        ("bad.toml", "duration_s = [", "bad.toml"),
    ];
    for (name, text, mention) in cases {
        let file = dir.join(name);
        std::fs::write(&file, text).expect("write");
        fails(&coldstart(["run", s(&file)]), 2, &[mention]);
    }
}

#[test]
fn missing_file_exits_1() {
    let dir = scratch_dir("missing");
    let file = dir.join("nope.json");
    fails(&coldstart(["run", s(&file)]), 1, &["nope.json"]);
}

#[test]
fn unwritable_svg_exits_1() {
    let (path, _) = preset("node-zip-api");
    let dir = scratch_dir("unwritable");
    let svg = dir.join("no-such-dir").join("out.svg");
    let out = coldstart(["plot", "-q", s(&path), "--chart", "cdf", "--svg", s(&svg)]);
    fails(&out, 1, &["out.svg"]);
}

#[test]
fn bad_arguments_exit_2() {
    let (path, _) = preset("node-zip-api");
    fails(
        &coldstart(["run", s(&path), "--format", "xml"]),
        2,
        &["xml"],
    );
    fails(&coldstart(["run", s(&path), "--seed=-1"]), 2, &["--seed"]);
    fails(
        &coldstart(["plot", s(&path), "--chart", "pie", "--svg", "x.svg"]),
        2,
        &["pie"],
    );
    fails(&coldstart(["compare", s(&path)]), 2, &[]);
    fails(&coldstart(["frobnicate"]), 2, &["frobnicate"]);
}

#[test]
fn csv_requests_without_a_sample_explains_what_to_do() {
    let (path, scenario) = preset("node-zip-api");
    assert_eq!(scenario.output.request_sample, 0, "preset keeps no sample");
    let out = coldstart(["run", "--format", "csv-requests", s(&path)]);
    fails(&out, 2, &["--sample"]);
}

#[test]
fn compare_refuses_variants_that_differ_beyond_packaging() {
    let (a, _) = preset("node-zip-api");
    let (b, _) = preset("java-zip");
    let out = coldstart(["compare", "-q", s(&a), s(&b)]);
    fails(&out, 2, &["java-zip.json", "differs from variants[0]"]);
}

#[test]
fn out_of_range_svg_size_exits_2() {
    let (path, _) = preset("node-zip-api");
    let dir = scratch_dir("svgsize");
    let svg = dir.join("x.svg");
    let out = coldstart([
        "plot",
        "-q",
        s(&path),
        "--chart",
        "cdf",
        "--svg",
        s(&svg),
        "--width",
        "3",
    ]);
    fails(&out, 2, &["width"]);
    assert!(!svg.exists());
}

#[test]
fn binary_and_wrongly_encoded_files_are_invalid_input_not_io_errors() {
    let dir = scratch_dir("encodings");
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "garbage.json",
            vec![0x00, 0xFF, 0x13, 0x37, 0xC3],
            "not UTF-8",
        ),
        (
            "latin1.json",
            b"{\"name\": \"caf\xE9\"}".to_vec(),
            "not UTF-8",
        ),
        ("utf16.json", vec![0xFF, 0xFE, b'{', 0, b'}', 0], "UTF-16"),
    ];
    for (name, bytes, says) in cases {
        let file = dir.join(name);
        std::fs::write(&file, bytes).expect("scratch file");
        fails(&coldstart(["run", s(&file)]), 2, &[name, says]);
    }
}

#[test]
fn sweep_and_plot_validate_the_whole_scenario_not_only_its_package() {
    // Memory 0 once gave a sweep p50 of 1.8e16 ms; every command now refuses it by name.
    let dir = scratch_dir("sweep-memory");
    let (path, _) = preset("node-zip-api");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("preset")).expect("json");
    v["function"]["memory_mb"] = serde_json::json!(0);
    let file = dir.join("memory0.json");
    std::fs::write(&file, v.to_string()).expect("scratch file");
    fails(&coldstart(["sweep", s(&file)]), 2, &["function.memory_mb"]);
    let svg = dir.join("out.svg");
    let out = coldstart(["plot", "-q", s(&file), "--chart", "sweep", "--svg", s(&svg)]);
    fails(&out, 2, &["function.memory_mb"]);
}

/// A file of `len` bytes that takes no disk space: the size caps are checked before reading.
fn sparse_file(dir: &str, name: &str, len: u64) -> std::path::PathBuf {
    let file = scratch_dir(dir).join(name);
    std::fs::File::create(&file)
        .and_then(|f| f.set_len(len))
        .expect("sparse scratch file");
    file
}

#[test]
fn a_toml_file_over_its_own_cap_is_refused_and_pointed_to_json() {
    // TOML's parser keeps a spanned document (~200 bytes a number), so TOML has a lower cap
    // than JSON; a file between the two caps is refused as TOML only.
    let file = sparse_file("too-big-toml", "huge.toml", MAX_TOML_INPUT_BYTES + 1);
    fails(
        &coldstart(["run", s(&file)]),
        2,
        &[
            "huge.toml",
            "TOML scenario files are at most 16 MiB",
            "JSON",
        ],
    );
}

#[test]
fn a_file_over_the_input_cap_is_refused_before_it_is_read() {
    // A sparse file one byte over 100 MiB: refused from its size alone, exit 2, with both
    // sizes in the message (a 120 MB JSON once took 2 GB of memory before being refused).
    let file = sparse_file("too-big", "huge.json", MAX_INPUT_BYTES + 1);
    fails(
        &coldstart(["run", s(&file)]),
        2,
        &["huge.json", "100 MiB", "at most"],
    );
}

#[test]
fn compare_refuses_zero_replications_naming_the_flag_and_rule() {
    let (a, _) = preset("java-zip");
    let (b, _) = preset("java-snapstart");
    let out = coldstart(["compare", "-q", "--replications", "0", s(&a), s(&b)]);
    fails(&out, 2, &["--replications = 0", "must be 1 to 100"]);
}
