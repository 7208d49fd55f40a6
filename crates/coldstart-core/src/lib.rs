//! Coldstart core: a deterministic discrete-event simulator of Lambda-style execution
//! environments — lifecycle, warm reuse, scaling and concurrency limits, provisioned concurrency,
//! the three invocation models, and the init cost of zip packages versus container images.
//!
//! The crate does no I/O, spawns no threads and knows nothing of the browser: parsers take text,
//! `run` takes a [`Scenario`] and returns a [`Report`]. The same code runs natively and in wasm.
#![warn(missing_docs)]

pub mod defaults;
pub mod dist;
pub mod error;
pub mod initcost;
pub mod package;
pub mod report;
pub mod scenario;
pub mod share;
pub mod time;

pub use dist::Dist;
pub use error::ScenarioError;
pub use package::Package;
pub use report::Report;
pub use scenario::Scenario;
pub use time::Micros;
