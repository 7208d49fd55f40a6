//! `coldstart sweep`: cold-start init cost against package size (the core's `compare::sweep`),
//! and its conversion into the sweep chart's series, shared with `plot --chart sweep`.

use crate::cli::SweepArgs;
use crate::failure::Failure;
use crate::output;
use crate::scenario_file;
use coldstart_charts::SweepSeries as ChartSeries;
use coldstart_core::Scenario;
use coldstart_core::compare::{self, SweepConfig, SweepPoint};
use std::fmt::Write as _;

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
    let sizes = args.sizes.clone().unwrap_or_else(compare::default_sizes_mb);
    let mut config = SweepConfig::default();
    if let Some(series) = &args.series {
        config.series = series.iter().map(|s| s.core()).collect();
    }
    if let Some(samples) = args.samples {
        config.samples = samples;
    }
    let points =
        compare::sweep(&file.scenario, &sizes, &config).map_err(|error| Failure::Scenario {
            path: file.path.clone(),
            error,
        })?;
    let text = match args.format {
        SweepFormat::Json => output::json(&points).map_err(Failure::Invalid)?,
        SweepFormat::Csv => csv(&points),
    };
    output::print(&text)
}

fn csv(points: &[SweepPoint]) -> String {
    let mut out = String::from("series,size_mb,p50_ms,p99_ms,mean_ms,refused\n");
    let opt = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for p in points {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            p.series.name(),
            p.size_mb,
            opt(p.p50_ms),
            opt(p.p99_ms),
            opt(p.mean_ms),
            p.refused
                .as_deref()
                .map(output::csv_field)
                .unwrap_or_default(),
        );
    }
    out
}

/// The sweep chart's series for a scenario, computed as the web page does, so a plotted sweep
/// matches the page's.
pub fn chart_series(base: &Scenario) -> Result<Vec<ChartSeries>, coldstart_core::ScenarioError> {
    ChartSeries::for_scenario(base)
}
