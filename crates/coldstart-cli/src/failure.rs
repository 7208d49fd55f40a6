//! Why a command failed, and the exit status each kind of failure gets.

use coldstart_core::ScenarioError;
use coldstart_core::share::ShareError;
use coldstart_core::traffic::ImportError;
use std::fmt;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status for a file that cannot be read or written.
const EXIT_IO: u8 = 1;
/// Exit status for input that is readable but wrong (scenario, traffic file, link, option
/// value); clap
/// uses the same status for malformed arguments.
const EXIT_INVALID: u8 = 2;

/// A failed command. Messages name the file and, for scenarios, the field path, value and rule.
#[derive(Debug)]
pub enum Failure {
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        error: std::io::Error,
    },
    /// A scenario file does not parse or does not validate.
    Scenario {
        /// The file.
        path: PathBuf,
        /// The core's error, with field path, value and rule.
        error: ScenarioError,
    },
    /// A traffic file (log, CSV, trace) does not import.
    Import {
        /// The file.
        path: PathBuf,
        /// The core's error, with line, column or field, value and rule.
        error: ImportError,
    },
    /// A share link does not decode.
    Link(ShareError),
    /// Any other invalid input (an option value the core refuses, too many files, …).
    Invalid(String),
}

impl Failure {
    /// The process exit status for this failure.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Failure::Io { .. } => EXIT_IO,
            Failure::Scenario { .. }
            | Failure::Import { .. }
            | Failure::Link(_)
            | Failure::Invalid(_) => EXIT_INVALID,
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Failure::Scenario { path, error } => write!(f, "{}: {error}", path.display()),
            Failure::Import { path, error } => write!(f, "{}: {error}", path.display()),
            Failure::Link(error) => write!(f, "{error}"),
            Failure::Invalid(message) => write!(f, "{message}"),
        }
    }
}
