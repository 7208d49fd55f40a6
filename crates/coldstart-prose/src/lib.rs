//! Coldstart prose: human-readable text about a run's results, the same words on the page and
//! in the terminal.
//!
//! The core decides *what* changed between variants ([`coldstart_core::compare::explain`],
//! [`coldstart_core::compare::profile`]); this crate decides how to *say* it: [`explanation`]
//! phrases those reasons as sentences, with the numbers written by [`format`](mod@format) (thousands
//! separators, digits per magnitude, units). Plain strings, no I/O and no browser types, so the
//! web crate puts them in text nodes, the CLI prints them, and both read the same sentences; it
//! changes only when the wording does.
#![warn(missing_docs)]

pub mod explanation;
pub mod format;
