//! Coldstart engine: the Lambda model and the deterministic discrete-event simulator that runs it —
//! lifecycle, warm reuse, scaling and concurrency limits, provisioned concurrency, the three
//! invocation models, and the init cost of zip packages versus container images.
//!
//! A crate of its own, below `coldstart-core`'s analyses (comparisons, sweeps, planners, the
//! traffic importer, share links), because it changes for a different reason and is built
//! differently: the page's size-optimised wasm compiles this crate at opt-level `s` with its event
//! loop compiled for speed (below; `.cargo/config.toml`, `profile.wasm-release.package.coldstart-engine`),
//! since every request of every run goes through that loop, and everything else at `z`. Use it
//! through `coldstart-core`, which re-exports every public module here under the same path.
//!
//! No I/O, no threads, nothing of the browser: parsers take text, `run` takes a [`Scenario`] and
//! returns a [`Report`]. The same code runs natively and in wasm.
#![warn(missing_docs)]
// The page's shipped wasm (scripts/wasm_env.sh sets the cfg, with RUSTC_BOOTSTRAP=1) builds this
// crate at opt-level `s` and its hot functions, marked `#[cfg_attr(coldstart_shipped_wasm,
// optimize(speed))]`, for speed: the event loop keeps opt-level 3's speed, the cold code (set-up,
// validation, reports) `s`'s size (.cargo/config.toml). Every other build ignores the marks.
// The small helpers those functions call are `#[cfg_attr(target_arch = "wasm32", inline(always))]`:
// at a size level LLVM keeps them out of line, a call per request; natively they keep the
// attributes they had (`#[inline]` or none), so the native code is unchanged.
#![cfg_attr(coldstart_shipped_wasm, feature(optimize_attribute))]

pub mod cost;
pub mod defaults;
pub mod dist;
pub(crate) mod engine;
pub mod error;
pub(crate) mod fastexp;
pub mod initcost;
pub(crate) mod invocation;
pub(crate) mod lanes;
pub(crate) mod lifecycle;
pub(crate) mod metrics;
pub mod number;
pub mod package;
pub(crate) mod placement;
pub mod rank;
pub mod report;
pub mod rng;
pub mod scaling;
pub mod scenario;
pub mod simulation;
pub(crate) mod slots;
pub mod tagged;
pub mod time;
pub mod upload;
pub mod validation;
pub mod warmup;
pub(crate) mod wide;
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
