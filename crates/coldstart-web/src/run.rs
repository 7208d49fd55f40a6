//! Running the compared variants in slices, so a long comparison never blocks the page: each
//! animation frame advances the simulations for a time budget, then yields to the browser.

use coldstart_core::simulation::Simulation;
use coldstart_core::{Report, Scenario, ScenarioError};

/// Events simulated between two looks at the clock: small enough that a slice overshoots its
/// budget by well under a millisecond, large enough that reading the clock costs nothing.
pub const EVENTS_PER_CHECK: u64 = 4_096;

/// Most events one variant may simulate in the page: the core's budget (200 million) would keep
/// a tab busy for about a minute of wasm; this bounds a hostile link's work to some seconds
/// (about 10 s at the wasm engine's measured ~3 M requests/s, a few events per request), and a
/// run that needs more stops with the core's "budget" message instead of freezing the tab.
pub const BROWSER_EVENT_BUDGET: u64 = 30_000_000;

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
                let mut sim =
                    Simulation::new(&coldstart_prose::charted::scenario(s)).map_err(|e| (i, e))?;
                sim.limit_events(BROWSER_EVENT_BUDGET);
                Ok(sim)
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
            if sim.exhausted().is_some() {
                // Spent the work budget: the run stops here, whatever the clock says.
                return true;
            }
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

    /// The variant (index) whose run spent the work budget, and why: its results would cover
    /// only part of the scenario, so there are none.
    pub fn failure(&self) -> Option<(usize, ScenarioError)> {
        let i = self.reports.len();
        let why = self.sims.get(i)?.exhausted()?;
        Some((i, why.clone()))
    }

    /// The reports, once [`Job::advance`] returned `true` (none if a variant spent the budget).
    pub fn into_reports(self) -> Option<Vec<Report>> {
        (self.reports.len() == self.sims.len()).then_some(self.reports)
    }
}

/// Runs a comparison to the end in one go (tests and the benchmark).
pub fn run_all(scenarios: &[Scenario]) -> Result<Vec<Report>, (usize, ScenarioError)> {
    let mut job = Job::new(scenarios)?;
    while !job.advance(|| true) {}
    if let Some(failure) = job.failure() {
        return Err(failure);
    }
    Ok(job.into_reports().unwrap_or_default())
}
