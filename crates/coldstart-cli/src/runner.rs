//! Running scenarios through the core's incremental API, with a progress bar on long runs.
//!
//! The simulation advances in slices of [`EVENTS_PER_SLICE`] events; between slices the bar is
//! updated from `Simulation::progress`. The result is the same report `coldstart_core::run`
//! gives: slicing only decides when we look, never what is simulated.

use crate::failure::Failure;
use crate::scenario_file::ScenarioFile;
use coldstart_core::{Report, Simulation};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// Events per slice: a few milliseconds of work, so the bar moves smoothly without the
/// bookkeeping showing up in the run time.
const EVENTS_PER_SLICE: u64 = 100_000;
/// Resolution of the bar: progress is shown in thousandths of the simulated duration.
const BAR_STEPS: u64 = 1_000;
/// Runs shorter than this never show a bar (indicatif waits this long before the first draw).
const BAR_DELAY: Duration = Duration::from_millis(300);

/// Whether to draw progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// On stderr, when it is a terminal.
    Auto,
    /// Never.
    Hidden,
}

impl Progress {
    /// `Hidden` when `quiet`, else `Auto`.
    pub fn unless(quiet: bool) -> Progress {
        if quiet {
            Progress::Hidden
        } else {
            Progress::Auto
        }
    }
}

/// Runs one scenario to the end and returns its report.
pub fn run(file: &ScenarioFile, progress: Progress) -> Result<Report, Failure> {
    let mut sim = Simulation::new(&file.scenario).map_err(|error| Failure::Scenario {
        path: file.path.clone(),
        error,
    })?;
    let bar = match progress {
        // indicatif hides the bar by itself when stderr is not a terminal (pipes, CI logs).
        Progress::Auto => {
            ProgressBar::with_draw_target(Some(BAR_STEPS), ProgressDrawTarget::stderr())
        }
        Progress::Hidden => ProgressBar::hidden(),
    };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {percent:>3}% simulated, {elapsed} elapsed")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(file.scenario.name.clone());
    let started = std::time::Instant::now();
    while sim.run_events(EVENTS_PER_SLICE) == EVENTS_PER_SLICE {
        if started.elapsed() >= BAR_DELAY {
            bar.set_position((sim.progress() * BAR_STEPS as f64) as u64);
        }
    }
    bar.finish_and_clear();
    Ok(sim.into_report())
}

/// Runs several scenarios one after the other.
pub fn run_all(files: &[ScenarioFile], progress: Progress) -> Result<Vec<Report>, Failure> {
    files.iter().map(|f| run(f, progress)).collect()
}
