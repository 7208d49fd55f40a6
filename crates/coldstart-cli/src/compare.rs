//! `coldstart compare`: two to four packagings of the same function, run with common random
//! numbers by the core's `compare::compare`, printed side by side with deltas to the first. The
//! table is followed by the page's "Why they differ" paragraphs (`coldstart_prose::explanation`),
//! so a writer gets the same sentences from the terminal as from the page. With
//! `--replications N` the comparison also runs under the next N − 1 seeds and the key figures
//! come with 95 % intervals (`coldstart_prose::replication`).

use crate::cli::CompareArgs;
use crate::failure::Failure;
use crate::output::{self, Format};
use crate::scenario_file;
use coldstart_core::compare::replication::{self, Replicated, Replications};
use coldstart_core::compare::{self, CompareError};
use coldstart_prose::{csv, explanation, table};
use indicatif::ProgressBar;
use std::time::Duration;

/// How often the spinner moves while the core compares (it has no progress to report).
const SPINNER_TICK: Duration = Duration::from_millis(120);

/// Runs the comparison and prints it.
pub fn compare(args: &CompareArgs) -> Result<(), Failure> {
    let replications =
        Replications::new(args.replications).map_err(|e| Failure::Invalid(format!("--{e}")))?;
    let files = scenario_file::load_all(&args.files)?;
    let mut scenarios: Vec<_> = files.iter().map(|f| f.scenario.clone()).collect();
    if let Some(seed) = args.seed {
        scenarios.iter_mut().for_each(|s| s.seed = seed);
    }
    let spinner = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    spinner.set_message(format!("comparing {} variants", scenarios.len()));
    spinner.enable_steady_tick(SPINNER_TICK);
    let result = compare::compare_with_reports(&scenarios).and_then(|(comparison, reports)| {
        let replicated = replicate(&scenarios, &reports, replications, &spinner)?;
        Ok((comparison, reports, replicated))
    });
    spinner.finish_and_clear();
    // The core names the variant by its index; the file is clearer.
    let (comparison, reports, replicated) = result.map_err(|error| match error {
        CompareError::Variant { index, error } => Failure::Scenario {
            path: files[index].path.clone(),
            error,
        },
        other => match other.index().and_then(|i| files.get(i)) {
            Some(file) => Failure::Invalid(format!("{}: {other}", file.path.display())),
            None => Failure::Invalid(other.to_string()),
        },
    })?;
    let text = match args.format {
        Format::Json => match &replicated {
            None => output::json(&comparison).map_err(Failure::Invalid)?,
            Some(r) => output::json(&serde_json::json!({
                "comparison": comparison,
                "replicated": r,
            }))
            .map_err(Failure::Invalid)?,
        },
        Format::Csv => match &replicated {
            None => csv::comparison(&comparison),
            Some(r) => coldstart_prose::replication::table(r).to_csv(),
        },
        Format::Table => {
            let why = explanation::why_of(&scenarios, &reports)
                .map(|why| match &replicated {
                    Some(r) => why.with_noise(r),
                    None => why,
                })
                .map(|why| format!("\n{}", why.to_text()))
                .unwrap_or_default();
            let seeds = (replicated.as_ref())
                .map(|r| {
                    format!(
                        "\nAcross seeds (mean ± 95 % interval)\n\n{}",
                        coldstart_prose::replication::table(r).to_text()
                    )
                })
                .unwrap_or_default();
            format!("{}{seeds}{why}", table::comparison(&comparison).to_text())
        }
        Format::CsvRequests => {
            return Err(Failure::Invalid(
                "compare has no per-request output: use `coldstart run --format csv-requests` \
                 on each file"
                    .into(),
            ));
        }
    };
    output::print(&text)
}

/// With more than one replication, runs the variants under the next seeds and summarises them
/// with replication 0's `reports` (the run just made); `None` for one replication.
fn replicate(
    scenarios: &[coldstart_core::Scenario],
    reports: &[coldstart_core::Report],
    replications: Replications,
    spinner: &ProgressBar,
) -> Result<Option<Replicated>, CompareError> {
    if replications.get() < 2 {
        return Ok(None);
    }
    replication::replicate_after(scenarios, reports, replications, |k| {
        spinner.set_message(format!("seed {} of {}", k + 1, replications.get()));
    })
    .map(Some)
}
