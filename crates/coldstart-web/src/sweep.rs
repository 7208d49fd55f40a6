//! The size-sweep chart's data: the core's sweep of the first variant (its runtime, memory and
//! init code) as a zip and as a container image, turned into the charts' series.

use coldstart_charts::SweepSeries;
use coldstart_core::Scenario;

/// The sweep series of the first variant; empty when there is none or the core refuses it (the
/// chart then says "no data", and the run's own errors are shown elsewhere).
pub fn series(scenarios: &[Scenario]) -> Vec<SweepSeries> {
    scenarios
        .first()
        .and_then(|base| SweepSeries::for_scenario(base).ok())
        .unwrap_or_default()
}
