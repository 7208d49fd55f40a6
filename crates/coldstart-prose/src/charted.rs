//! The runs behind the charts, beyond the report of the scenario itself: the timeline needs
//! per-request records, the lanes chart environment lanes, the sweep chart a size sweep. The charts crate only draws what it is
//! given; the page and `coldstart plot` both ask here what to run, so a plotted SVG and the live
//! page show the same data.

use coldstart_core::sweep::{self, SweepConfig, SweepPoint, SweepSeries};
use coldstart_core::{Scenario, ScenarioError};

/// Per-request records a run keeps for the timeline when its scenario keeps none: enough for a
/// dense scatter at any screen width, small enough to draw within a frame or two.
pub const TIMELINE_REQUEST_SAMPLE: u32 = 20_000;

/// Environments whose lanes a charted run records when its scenario records none: more than a
/// chart has pixel rows (the chart merges rows beyond that, and says so), a small share of the
/// recorder's span budget each.
pub const CHARTED_ENVIRONMENT_LANES: u32 = 2_000;

/// The curves of the sweep chart: the function as a zip, the same code in a container image read
/// whole at init, and an image of each size that reads Slacker's typical 6.4 % of itself (the lazy
/// start that lets a huge image start like a zip).
pub const SWEEP_CURVES: [SweepSeries; 3] =
    [SweepSeries::Zip, SweepSeries::Image, SweepSeries::ImageLazy];

/// The scenario as a charted run needs it: unchanged, except that a scenario keeping no
/// per-request records keeps [`TIMELINE_REQUEST_SAMPLE`] of them for the timeline, and one
/// recording no lanes records [`CHARTED_ENVIRONMENT_LANES`]. Neither changes an aggregate, so
/// every other figure stays the scenario's own.
pub fn scenario(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    if s.output.request_sample == 0 {
        s.output.request_sample = TIMELINE_REQUEST_SAMPLE;
    }
    if s.output.environment_lanes == 0 {
        s.output.environment_lanes = CHARTED_ENVIRONMENT_LANES;
    }
    s
}

/// The size sweep the sweep chart draws for a scenario: [`SWEEP_CURVES`] over the core's
/// default sizes.
pub fn sweep(base: &Scenario) -> Result<Vec<SweepPoint>, ScenarioError> {
    let config = SweepConfig {
        series: SWEEP_CURVES.to_vec(),
        ..SweepConfig::default()
    };
    sweep::sweep(base, &sweep::default_sizes_mb(), &config)
}
