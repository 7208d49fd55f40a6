//! The presentation crate's integration tests: golden files for every CSV and table, and the
//! documented CSV columns.

mod golden;
