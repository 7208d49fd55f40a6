//! Coldstart core: what is built on the simulator — comparisons of variants, sweeps, the
//! planners, the digital twin of a measured function, the traffic importer, share links and the
//! explanations — and, re-exported under the same paths, the model and simulator itself
//! (`coldstart-engine`), so that a user of the project needs this one crate.
//!
//! The crate does no I/O, spawns no threads and knows nothing of the browser: parsers take text,
//! `run` takes a [`Scenario`] and returns a [`Report`]. The same code runs natively and in wasm.
#![warn(missing_docs)]

pub mod compare;
pub mod explain;
pub mod plan;
pub mod share;
pub mod sweep;
pub mod traffic;
pub mod twin;

pub use coldstart_engine::{
    Counts, Dist, EnvState, Micros, Package, Report, Scenario, ScenarioError, Simulation, run,
    validate,
};
pub use coldstart_engine::{
    cost, defaults, dist, error, initcost, number, package, rank, report, rng, scaling, scenario,
    simulation, time, upload, validation, warmup, workload,
};
