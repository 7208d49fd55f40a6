//! `coldstart sweep`: cold-start init cost against package size (the core's `sweep::sweep`),
//! printed as JSON or as `coldstart_prose::csv::sweep`'s CSV.

use crate::cli::SweepArgs;
use crate::failure::Failure;
use crate::output;
use crate::scenario_file;
use coldstart_core::sweep::{self, SweepConfig};

/// Output format of `sweep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepFormat {
    /// One row per (series, size).
    Csv,
    /// The points as a JSON array.
    Json,
}

/// Runs the sweep and prints it.
pub fn sweep(args: &SweepArgs) -> Result<(), Failure> {
    let file = scenario_file::load(&args.file)?;
    let sizes = args.sizes.clone().unwrap_or_else(sweep::default_sizes_mb);
    let mut config = SweepConfig::default();
    if let Some(series) = &args.series {
        config.series = series.iter().map(|s| s.core()).collect();
    }
    if let Some(samples) = args.samples {
        config.samples = samples;
    }
    let points =
        sweep::sweep(&file.scenario, &sizes, &config).map_err(|error| Failure::Scenario {
            path: file.path.clone(),
            error,
        })?;
    let text = match args.format {
        SweepFormat::Json => output::json(&points).map_err(Failure::Invalid)?,
        SweepFormat::Csv => coldstart_prose::csv::sweep(&points),
    };
    output::print(&text)
}
