//! Integration tests of coldstart-charts: every chart drawn to SVG from hand-built reports.

mod charts;
mod fixtures;
mod lifecycle;
mod plans;
