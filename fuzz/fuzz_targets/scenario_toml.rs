//! Scenario TOML: parse, validate and run a bounded number of events. Any input must give a
//! parse error, a validation error or a report; never a panic, a hang or a huge allocation.
#![no_main]

use coldstart_core::{Scenario, Simulation};
use libfuzzer_sys::fuzz_target;

/// Events simulated per input: enough to reach cold starts, scale-out, retries and expiries
/// in small scenarios while keeping each execution to milliseconds.
const MAX_EVENTS: u64 = 20_000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scenario) = Scenario::from_toml(text) {
        run_capped(&scenario);
    }
});

fn run_capped(scenario: &Scenario) {
    // `Simulation::new` validates (ranges and run budget) before building anything.
    if let Ok(mut sim) = Simulation::new(scenario) {
        sim.run_events(MAX_EVENTS);
        let report = sim.report();
        assert!(report.cold_start_ratio.is_finite() || report.requests == 0);
    }
}
