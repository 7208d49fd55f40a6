//! Runs the built `coldstart` binary on the presets in `scenarios/` and on broken inputs.

mod all_requests;
mod errors;
mod import;
mod link;
mod plan;
mod plot;
mod reports;

use coldstart_core::Scenario;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The presets, sorted, with their parsed scenarios.
pub fn presets() -> Vec<(PathBuf, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "toml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no presets in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("preset readable");
            let scenario = if p.extension().is_some_and(|e| e == "toml") {
                Scenario::from_toml(&text)
            } else {
                Scenario::from_json(&text)
            }
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, scenario)
        })
        .collect()
}

/// The preset with this file stem.
pub fn preset(stem: &str) -> (PathBuf, Scenario) {
    presets()
        .into_iter()
        .find(|(p, _)| p.file_stem().is_some_and(|s| s == stem))
        .unwrap_or_else(|| panic!("no preset {stem}"))
}

/// Runs the binary with these arguments.
pub fn coldstart<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .args(args)
        .output()
        .expect("the binary starts")
}

/// Stdout of a run that must succeed.
pub fn stdout_ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// A path as an argument string (the test paths are UTF-8).
pub fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A fresh directory for one test's files.
pub fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("coldstart-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
