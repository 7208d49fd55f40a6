//! How reports are printed: the output formats, the full JSON report, and stdout that a closed
//! pipe does not turn into a panic. The CSV files and the table are `coldstart_prose`'s, the same
//! as the page's downloads and summary.
//!
//! CSV comes in two shapes, chosen by `--format`:
//! - `csv`: the time series, one row per bucket (`output.bucket_s` wide);
//! - `csv-requests`: the per-request sample, one row per sampled request (needs a sample:
//!   `output.request_sample` in the scenario or `--sample N`), or with `--all-requests` every
//!   request, written row by row as the run proceeds (same header and rows).

use serde::Serialize;
use std::io::{self, Write as _};
use std::path::PathBuf;

use crate::failure::Failure;

/// Output format of `run` and `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The whole report as pretty-printed JSON (for `compare`, the comparison with its deltas).
    Json,
    /// The time series, one row per bucket.
    Csv,
    /// The per-request sample, one row per request.
    CsvRequests,
    /// A summary for people.
    Table,
}

/// The full report(s) as pretty JSON.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| format!("cannot write the report as JSON: {e}"))
}

/// Writes a command's whole output to stdout. A reader that went away (`| head`) has all it
/// wanted, so a broken pipe is success, not a panic as `print!` would make it.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(stdout_failure(e)),
        _ => Ok(()),
    }
}

/// A failure to write to stdout, named like a file failure.
pub fn stdout_failure(error: io::Error) -> Failure {
    Failure::Io {
        path: PathBuf::from("<stdout>"),
        error,
    }
}
