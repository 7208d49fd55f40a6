//! Embeds the presets of `scenarios/` (every `*.json`, sorted by file name) so the page's preset
//! menu and the tests see exactly the files in the repository, without a list to keep in sync.
//!
//! With the `native-hashes` feature it also runs every preset natively, here on the build host,
//! and embeds the fingerprint of each report: the browser test compares its own run with these,
//! so native and wasm are checked against each other with the same code (`src/fingerprint.rs`).
//! The same for the test-only scenarios of `tests/determinism/` (embedded with their text): cases
//! the check needs that the page's menu should not offer, e.g. a diurnal day, whose sine, cosine
//! and per-window floor rate are where native and wasm arithmetic could part.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[cfg(feature = "native-hashes")]
#[path = "src/fingerprint.rs"]
#[allow(dead_code)]
mod fingerprint;
#[cfg(feature = "native-hashes")]
#[path = "src/preset_file.rs"]
mod preset_file;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = manifest.join("../../scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());

    let files = json_files(&dir);
    let cases_dir = manifest.join("tests/determinism");
    println!("cargo:rerun-if-changed={}", cases_dir.display());
    let cases = json_files(&cases_dir);

    let mut presets =
        String::from("/// `(file stem, JSON text)` of every preset, sorted by file name.\n");
    presets.push_str("pub const PRESETS: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let _ = writeln!(
            presets,
            "    ({:?}, include_str!({:?})),",
            stem(file),
            file.canonicalize().unwrap_or_else(|_| file.clone())
        );
    }
    presets.push_str("];\n");
    // The menu's titles for the presets (scenarios/titles.txt), read by `presets::title`.
    let titles = dir.join("titles.txt");
    println!("cargo:rerun-if-changed={}", titles.display());
    let _ = writeln!(
        presets,
        "/// `scenarios/titles.txt`: `file stem = title` lines.\npub const TITLES: &str = include_str!({:?});",
        titles.canonicalize().unwrap_or_else(|_| titles.clone())
    );

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("presets.rs"), presets).expect("OUT_DIR is writable");
    std::fs::write(out.join("native_hashes.rs"), native_hashes(&files, &cases))
        .expect("OUT_DIR is writable");
}

/// The `*.json` files of `dir`, sorted by file name (none if it cannot be read).
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `(file stem, fingerprint)` of each preset's native run, and `(file stem, text, fingerprint)`
/// of each test-only case's; empty lists without the feature.
fn native_hashes(files: &[PathBuf], cases: &[PathBuf]) -> String {
    let mut out = String::from(
        "/// `(file stem, native fingerprint)`, empty unless built with `native-hashes`.\n",
    );
    out.push_str("pub const NATIVE_HASHES: &[(&str, &str)] = &[\n");
    #[cfg(feature = "native-hashes")]
    for file in files {
        let text = std::fs::read_to_string(file).expect("preset is readable");
        let hash = match fingerprint::preset_fingerprint(&text) {
            Ok(h) => h,
            Err(e) => format!("error: {e}"),
        };
        let _ = writeln!(out, "    ({:?}, {:?}),", stem(file), hash);
    }
    #[cfg(not(feature = "native-hashes"))]
    let _ = files;
    out.push_str("];\n");
    out.push_str(
        "/// `(file stem, JSON text, native fingerprint)` of `tests/determinism/*.json`, empty unless\n\
         /// built with `native-hashes`.\n",
    );
    out.push_str("pub const NATIVE_CASES: &[(&str, &str, &str)] = &[\n");
    #[cfg(feature = "native-hashes")]
    for file in cases {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(file).expect("test case is readable");
        let hash = match fingerprint::preset_fingerprint(&text) {
            Ok(h) => h,
            Err(e) => format!("error: {e}"),
        };
        let path = file.canonicalize().unwrap_or_else(|_| file.clone());
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({path:?}), {hash:?}),",
            stem(file)
        );
    }
    #[cfg(not(feature = "native-hashes"))]
    let _ = cases;
    out.push_str("];\n");
    out
}
