//! Running the compared variants in slices, so a long comparison never blocks the page: each
//! animation frame advances the simulations for a time budget, then yields to the browser.

use coldstart_core::simulation::Simulation;
use coldstart_core::{Report, Scenario, ScenarioError};

/// Events simulated between two looks at the clock: small enough that a slice overshoots its
/// budget by well under a millisecond, large enough that reading the clock costs nothing.
pub const EVENTS_PER_CHECK: u64 = 4_096;

/// Checks a scenario the way a run would, without running it.
pub fn validate(scenario: &Scenario) -> Result<(), ScenarioError> {
    coldstart_core::validation::validate(scenario)
}

/// A comparison in progress: the variants run one after the other, each as the charts need it
/// ([`coldstart_prose::charted::scenario`]: plus a request sample for the timeline when it keeps
/// none; nothing else changes, so figures match the CLI's).
pub struct Job {
    sims: Vec<Simulation>,
    reports: Vec<Report>,
    events: u64,
}

impl Job {
    /// Prepares every variant; fails with the index of the first one the core refuses.
    pub fn new(scenarios: &[Scenario]) -> Result<Job, (usize, ScenarioError)> {
        let sims = scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Simulation::new(&coldstart_prose::charted::scenario(s)).map_err(|e| (i, e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Job {
            reports: Vec::with_capacity(sims.len()),
            sims,
            events: 0,
        })
    }

    /// Advances until `keep_going` says stop (checked every [`EVENTS_PER_CHECK`] events) or
    /// every variant has finished. Returns `true` when finished.
    pub fn advance(&mut self, mut keep_going: impl FnMut() -> bool) -> bool {
        while self.reports.len() < self.sims.len() {
            let sim = &mut self.sims[self.reports.len()];
            self.events += sim.run_events(EVENTS_PER_CHECK);
            if sim.is_finished() {
                self.reports.push(sim.report());
            }
            if !keep_going() {
                break;
            }
        }
        self.reports.len() == self.sims.len()
    }

    /// Events simulated so far, over all variants.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Fraction done, 0 to 1, over all variants.
    pub fn progress(&self) -> f64 {
        let n = self.sims.len().max(1) as f64;
        let current = self
            .sims
            .get(self.reports.len())
            .map_or(0.0, |s| s.progress().clamp(0.0, 1.0));
        ((self.reports.len() as f64 + current) / n).min(1.0)
    }

    /// The reports, once [`Job::advance`] returned `true`.
    pub fn into_reports(self) -> Option<Vec<Report>> {
        (self.reports.len() == self.sims.len()).then_some(self.reports)
    }
}

/// Runs a comparison to the end in one go (tests and the benchmark).
pub fn run_all(scenarios: &[Scenario]) -> Result<Vec<Report>, (usize, ScenarioError)> {
    let mut job = Job::new(scenarios)?;
    while !job.advance(|| true) {}
    Ok(job.into_reports().unwrap_or_default())
}
