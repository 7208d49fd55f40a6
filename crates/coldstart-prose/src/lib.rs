//! Coldstart prose: the presentation layer, everything a reader sees of a run's results except
//! the charts, the same on the page and in the terminal.
//!
//! The core decides *what* happened and *what* changed between variants; this crate decides how
//! to *show* it: [`labels`] names causes, phases and outcomes once; [`table`] lays the summary
//! and the comparison out as rows and columns (the page renders them as table elements, the CLI
//! as aligned text); [`csv`] writes the CSV files with their documented columns and one quoting
//! rule; [`explanation`] phrases the core's `explain::explain` / `explain::profile` as sentences;
//! [`format`](mod@format) writes numbers (thousands separators, digits per magnitude, units);
//! [`plan`] shows the planners' answers (a table per planner and a recommendation);
//! [`replication`] shows a comparison over several seeds (intervals, and what is within the
//! noise); [`traffic`] shows what an imported log says and the model's check against it;
//! [`chart_text`] is each chart's text alternative (a summary and the data as a table);
//! [`naming`] names a new variant for what differs in it;
//! [`charted`] says which runs the charts need beyond the scenario itself (the timeline's request
//! sample, the size sweep), so the page and `coldstart plot` run the same ones.
//!
//! Plain strings and data, no I/O and no browser types: the web crate puts them on the page, the
//! CLI prints them, and both read the same words.
#![warn(missing_docs)]

pub mod chart_text;
pub mod charted;
pub mod csv;
pub mod explanation;
pub mod format;
pub mod labels;
pub mod naming;
pub mod plan;
pub mod replication;
pub mod table;
pub mod traffic;
