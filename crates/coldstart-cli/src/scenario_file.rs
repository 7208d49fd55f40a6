//! Reading scenario files: JSON or TOML by extension, parsed and validated by the core.

use crate::failure::Failure;
use coldstart_core::Scenario;
use coldstart_core::defaults::{MAX_INPUT_BYTES, MAX_TOML_INPUT_BYTES};
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
    let io = |error| Failure::Io {
        path: path.to_path_buf(),
        error,
    };
    let invalid = |message: String| Failure::Scenario {
        path: path.to_path_buf(),
        error: coldstart_core::ScenarioError::parse(message),
    };
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let size = std::fs::metadata(path).map_err(io)?.len();
    let (cap, kind) = if is_toml {
        (MAX_TOML_INPUT_BYTES, "TOML scenario files are at most")
    } else {
        (MAX_INPUT_BYTES, "scenario files are at most")
    };
    if size > cap {
        let hint = if is_toml {
            " (TOML costs about 200 bytes of memory per number; write a long trace as JSON, \
             which takes up to 100 MiB)"
        } else {
            ""
        };
        return Err(invalid(format!(
            "the file is {} MiB; {kind} {} MiB{hint}",
            size.div_ceil(MIB),
            cap / MIB
        )));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = text_of(bytes).map_err(invalid)?;
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

/// Bytes per MiB, for messages.
const MIB: u64 = 1024 * 1024;

/// A scenario file's bytes as text, or why they are not: scenario files are UTF-8 (JSON and TOML
/// both require it), and a wrong encoding is the user's input to fix, not an I/O failure.
fn text_of(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 text; save it as UTF-8".to_string());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {}); scenario files are JSON or \
             TOML in UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads several files, stopping at the first failure.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<ScenarioFile>, Failure> {
    paths.iter().map(|p| load(p)).collect()
}
