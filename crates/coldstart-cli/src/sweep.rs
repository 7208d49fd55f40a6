//! `coldstart sweep`: cold-start init cost against package size (the core's `compare::sweep`),
//! and its conversion into the sweep chart's series, shared with `plot --chart sweep`.

use crate::cli::SweepArgs;
use crate::failure::Failure;
use crate::output;
use crate::scenario_file;
use coldstart_charts::SweepSeries as ChartSeries;
use coldstart_core::Scenario;
use coldstart_core::compare::{self, SweepConfig, SweepPoint, SweepSeries};
use std::fmt::Write as _;

/// Output format of `sweep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepFormat {
    /// One row per (series, size).
    Csv,
    /// The points as a JSON array.
    Json,
}

/// The serde name of a curve (`zip`, `image`, `image_read`), as in the JSON output.
fn series_name(series: SweepSeries) -> &'static str {
    match series {
        SweepSeries::Zip => "zip",
        SweepSeries::Image => "image",
        SweepSeries::ImageRead => "image_read",
    }
}

/// Legend label of a curve in the chart; the same words as the web page's.
fn series_label(series: SweepSeries) -> &'static str {
    match series {
        SweepSeries::Zip => "zip",
        SweepSeries::Image => "image",
        SweepSeries::ImageRead => "image, by bytes read at init",
    }
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
    print!("{text}");
    Ok(())
}

fn csv(points: &[SweepPoint]) -> String {
    let mut out = String::from("series,size_mb,p50_ms,p99_ms,mean_ms,refused\n");
    let opt = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for p in points {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            series_name(p.series),
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

/// The sweep chart's series for a scenario, computed as the web page does (zip and image
/// curves over the default sizes), so a plotted sweep matches the page's.
pub fn chart_series(base: &Scenario) -> Result<Vec<ChartSeries>, coldstart_core::ScenarioError> {
    let config = SweepConfig {
        series: vec![SweepSeries::Zip, SweepSeries::Image],
        ..SweepConfig::default()
    };
    let points = compare::sweep(base, &compare::default_sizes_mb(), &config)?;
    Ok(config
        .series
        .iter()
        .map(|&curve| {
            let of_curve: Vec<&SweepPoint> = points.iter().filter(|p| p.series == curve).collect();
            let accepted: Vec<(f64, f64, f64)> = of_curve
                .iter()
                .filter_map(|p| Some((p.size_mb, p.p50_ms?, p.p99_ms?)))
                .collect();
            // Where some sizes are refused, the curve ends at the largest deployable one.
            let limit_mb = of_curve
                .iter()
                .any(|p| p.refused.is_some())
                .then(|| accepted.iter().map(|p| p.0).fold(f64::NAN, f64::max))
                .filter(|x| x.is_finite());
            ChartSeries {
                label: series_label(curve).to_string(),
                points: accepted,
                limit_mb,
            }
        })
        .collect())
}
