//! `coldstart plot`: one of the page's charts, rendered to an SVG file by the charts crate, from
//! the same runs the page makes for it (`coldstart_prose::charted`).

use crate::cli::{PlotArgs, ThemeName};
use crate::failure::Failure;
use crate::runner;
use crate::scenario_file;
use coldstart_charts::{ChartKind, SweepSeries, Theme, Variant, render_lanes_svg, render_svg};
use coldstart_prose::charted;

/// Runs the scenarios (not needed for the sweep chart) and writes the chart.
pub fn plot(args: &PlotArgs) -> Result<(), Failure> {
    if args.window.is_some() && args.chart != ChartKind::Lanes {
        return Err(Failure::Invalid(format!(
            "--window: only the lanes chart takes a time window, not {}",
            args.chart
        )));
    }
    let mut files = scenario_file::load_all(&args.files)?;
    for f in &mut files {
        if let Some(seed) = args.seed {
            f.scenario.seed = seed;
        }
        f.scenario = charted::scenario(&f.scenario);
    }
    let theme = match args.theme {
        ThemeName::Light => Theme::light(),
        ThemeName::Dark => Theme::dark(),
    };
    let (reports, series) = if args.chart == ChartKind::Sweep {
        let first = &files[0];
        let points = charted::sweep(&first.scenario).map_err(|error| Failure::Scenario {
            path: first.path.clone(),
            error,
        })?;
        (Vec::new(), SweepSeries::from_sweep(&points))
    } else {
        (runner::run_all(&files, args.progress())?, Vec::new())
    };
    let variants: Vec<Variant<'_>> = files
        .iter()
        .zip(&reports)
        .map(|(f, report)| Variant {
            label: &f.scenario.name,
            report,
        })
        .collect();
    let svg = match args.window {
        Some(window) => render_lanes_svg(&variants, &theme, args.width, args.height, window),
        None => render_svg(
            args.chart,
            &variants,
            &series,
            &theme,
            args.width,
            args.height,
        ),
    }
    .map_err(|e| Failure::Invalid(e.to_string()))?;
    std::fs::write(&args.svg, svg).map_err(|error| Failure::Io {
        path: args.svg.clone(),
        error,
    })?;
    Ok(())
}
