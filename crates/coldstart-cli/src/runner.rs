//! Running scenarios through the core's incremental API, with a progress bar on long runs.
//!
//! The simulation advances in slices of [`EVENTS_PER_SLICE`] events; between slices the bar is
//! updated from `Simulation::progress`. The result is the same report `coldstart_core::run`
//! gives: slicing only decides when we look, never what is simulated. With the request stream
//! on (`run --all-requests`), each slice's finished requests are handed over after it, so
//! every request is written as the run proceeds while memory holds one slice's worth.

use crate::failure::Failure;
use crate::scenario_file::ScenarioFile;
use coldstart_core::report::RequestRecord;
use coldstart_core::{Report, Simulation};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::ops::ControlFlow;
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
    run_sliced(file, progress, false, |_| Ok(ControlFlow::Continue(())))
}

/// Runs one scenario with the core's request stream on, handing every finished request's
/// record to `sink` after each slice (and once more at the end), so memory holds one slice's
/// requests at most. `sink` may stop the run early (e.g. its reader went away); the report is
/// then that of what was simulated so far.
pub fn run_streaming<F>(file: &ScenarioFile, progress: Progress, sink: F) -> Result<Report, Failure>
where
    F: FnMut(&mut dyn Iterator<Item = RequestRecord>) -> Result<ControlFlow<()>, Failure>,
{
    run_sliced(file, progress, true, sink)
}

/// Runs one scenario in slices; with `stream`, the request stream is on and drained into
/// `sink` after each slice (otherwise `sink` sees nothing and no record is kept).
fn run_sliced<F>(
    file: &ScenarioFile,
    progress: Progress,
    stream: bool,
    sink: F,
) -> Result<Report, Failure>
where
    F: FnMut(&mut dyn Iterator<Item = RequestRecord>) -> Result<ControlFlow<()>, Failure>,
{
    let mut sim = Simulation::new(&file.scenario).map_err(|error| Failure::Scenario {
        path: file.path.clone(),
        error,
    })?;
    sim.stream_requests(stream);
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
    let outcome = drive(&mut sim, &bar, sink);
    bar.finish_and_clear();
    if let Some(error) = sim.exhausted() {
        return Err(Failure::Scenario {
            path: file.path.clone(),
            error: error.clone(),
        });
    }
    outcome.map(|()| sim.into_report())
}

/// The slice loop: advance, move the bar, hand over the finished requests; until the run ends
/// or the sink says stop.
fn drive<F>(sim: &mut Simulation, bar: &ProgressBar, mut sink: F) -> Result<(), Failure>
where
    F: FnMut(&mut dyn Iterator<Item = RequestRecord>) -> Result<ControlFlow<()>, Failure>,
{
    let started = std::time::Instant::now();
    loop {
        let ran = sim.run_events(EVENTS_PER_SLICE);
        if started.elapsed() >= BAR_DELAY {
            bar.set_position((sim.progress() * BAR_STEPS as f64) as u64);
        }
        if sink(&mut sim.drain_finished())?.is_break() || ran < EVENTS_PER_SLICE {
            return Ok(());
        }
    }
}

/// Runs several scenarios one after the other.
pub fn run_all(files: &[ScenarioFile], progress: Progress) -> Result<Vec<Report>, Failure> {
    files.iter().map(|f| run(f, progress)).collect()
}
