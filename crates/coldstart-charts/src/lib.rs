//! Coldstart charts: the playground's charts, drawn with plotters on any
//! [`DrawingBackend`], so the web page (canvas) and the CLI (SVG) draw the same pictures from
//! the same code.
//!
//! Each `draw_*` function fills the drawing area it is given (background, title, legend,
//! axes, data) and returns a [`ChartGeometry`] that maps a pixel back to data for hover
//! read-outs. No chart panics or fails on odd data: an empty report, a single request or
//! all-zero values draw a "no data" state or a degenerate-but-valid axis instead.
//!
//! Text needs no font files: on a canvas the browser renders it, in SVG it is written as
//! `<text>` elements; plotters' "ttf" feature (and font-kit with it) stays off.
#![warn(missing_docs)]

mod anatomy;
mod cdf;
mod coord;
pub mod downsample;
mod environments;
mod error;
mod export;
mod frame;
pub mod geometry;
mod lanes;
pub mod layout;
mod order;
pub mod plan;
mod ranges;
mod sweep;
mod theme;
mod timeline;
pub mod units;
mod warmup;

pub use anatomy::{AnatomyBar, anatomy_bars, draw_anatomy};
pub use cdf::{draw_cdf, nines, tail_top};
pub use downsample::{column_quantiles, downsample_extremes};
pub use environments::draw_environments;
pub use error::ChartError;
pub use export::{ChartKind, check_svg_size, render_lanes_svg, render_svg};
pub use geometry::ChartGeometry;
pub use lanes::{TimeWindow, draw_lanes};
pub use order::draw_order;
pub use plan::{draw as draw_plan, render_svg as render_plan_svg};
pub use sweep::{SweepMarker, SweepSeries, draw_sweep};
pub use theme::Theme;
pub use timeline::{TimelineSample, draw_timeline, draw_timeline_sampled};
pub use warmup::draw_warmup;

pub use plotters::coord::Shift;
pub use plotters::drawing::DrawingArea;
pub use plotters::prelude::DrawingBackend;

use coldstart_core::Report;

/// One run to chart, with the name it has in legends and captions.
#[derive(Debug, Clone, Copy)]
pub struct Variant<'a> {
    /// Short name, e.g. "zip" or "image".
    pub label: &'a str,
    /// The run's report.
    pub report: &'a Report,
}
