//! Integration tests of the simulation engine: one binary, one module per behaviour.

mod analytic;
mod async_model;
mod billing;
mod calibration;
mod causes;
mod common;
mod deploys;
mod drain;
mod fields;
mod importer;
mod initcost;
mod lanes;
mod limits;
mod plan;
mod presets;
mod proactive;
mod properties;
mod provisioned;
mod replication;
mod request_stream;
mod stepping;
mod stream;
mod traffic;
mod validation;
mod warmup;
