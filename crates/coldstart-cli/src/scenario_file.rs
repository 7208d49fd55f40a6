//! Reading scenario files: JSON or TOML by extension, parsed and validated by the core.

use crate::failure::Failure;
use coldstart_core::Scenario;
use std::path::{Path, PathBuf};

/// A scenario and the file it came from (kept for error messages and output labels).
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// Where it was read.
    pub path: PathBuf,
    /// The parsed, validated scenario.
    pub scenario: Scenario,
}

/// Reads, parses and validates one scenario file. `.toml` is TOML; anything else is JSON.
pub fn load(path: &Path) -> Result<ScenarioFile, Failure> {
    let text = std::fs::read_to_string(path).map_err(|error| Failure::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let parsed = if is_toml {
        Scenario::from_toml(&text)
    } else {
        Scenario::from_json(&text)
    };
    let scenario = parsed.map_err(|error| Failure::Scenario {
        path: path.to_path_buf(),
        error,
    })?;
    Ok(ScenarioFile {
        path: path.to_path_buf(),
        scenario,
    })
}

/// Reads several files, stopping at the first failure.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<ScenarioFile>, Failure> {
    paths.iter().map(|p| load(p)).collect()
}
