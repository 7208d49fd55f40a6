//! What the scenario fuzz targets share: running a parsed scenario for a bounded number of
//! events, so JSON and TOML inputs are held to the same bound and the same check.

use coldstart_core::{Scenario, Simulation};

/// Events simulated per input: enough to reach cold starts, scale-out, retries and expiries
/// in small scenarios while keeping each execution to milliseconds.
pub const MAX_EVENTS: u64 = 20_000;

/// Validates and runs `scenario` for at most [`MAX_EVENTS`]; any outcome but a panic is fine.
pub fn run_capped(scenario: &Scenario) {
    // `Simulation::new` validates (ranges and run budget) before building anything.
    if let Ok(mut sim) = Simulation::new(scenario) {
        sim.run_events(MAX_EVENTS);
        let report = sim.report();
        assert!(report.cold_start_ratio.is_finite() || report.requests == 0);
    }
}
