//! Coldstart core: a deterministic discrete-event simulator of Lambda-style execution
//! environments — lifecycle, warm reuse, scaling and concurrency limits, provisioned concurrency,
//! the three invocation models, and the init cost of zip packages versus container images.
//!
//! The crate does no I/O, spawns no threads and knows nothing of the browser: parsers take text,
//! `run` takes a [`Scenario`] and returns a [`Report`]. The same code runs natively and in wasm.
#![warn(missing_docs)]

pub mod compare;
pub mod cost;
pub mod defaults;
pub mod dist;
pub(crate) mod engine;
pub mod error;
pub mod explain;
pub mod initcost;
pub(crate) mod invocation;
pub(crate) mod lanes;
pub(crate) mod lifecycle;
pub(crate) mod metrics;
pub mod package;
pub(crate) mod placement;
pub mod plan;
pub mod rank;
pub mod report;
pub mod scaling;
pub mod scenario;
pub mod share;
pub mod simulation;
pub(crate) mod slots;
pub mod sweep;
pub mod time;
pub mod traffic;
pub mod twin;
pub mod upload;
pub mod validation;
pub mod warmup;
pub mod workload;

pub use dist::Dist;
pub use error::ScenarioError;
pub use lifecycle::{Counts, EnvState};
pub use package::Package;
pub use report::Report;
pub use scenario::Scenario;
pub use simulation::Simulation;
pub use time::Micros;
pub use validation::validate;

/// Validates and runs a scenario to the end.
///
/// Same scenario and seed give a bit-identical report, natively and in wasm. For progress and
/// cancellation, drive a [`Simulation`] instead.
pub fn run(scenario: &Scenario) -> Result<Report, ScenarioError> {
    let mut sim = Simulation::new(scenario)?;
    sim.run_to_end();
    if let Some(why) = sim.exhausted() {
        return Err(why.clone());
    }
    Ok(sim.into_report())
}
