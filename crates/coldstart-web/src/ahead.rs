//! The page's drawing code, run ahead in a run worker so that V8 compiles it there.
//!
//! V8 compiles a wasm function when it is first called, on the thread that calls it (lazy
//! compilation), and optimises the hot ones later; the compiled code belongs to the module, and
//! the page shares its module with the run workers (it posts them its compiled
//! `WebAssembly.Module`). On a cold load the page's thread is the first chart's critical path
//! while the run workers, their part of the first run done, wait for the page to ask for it
//! (docs/benchmarks.md, "the first chart's start-up"): in a traced phone load the page's thread
//! spent ~135 ms of its CPU (4× throttled) compiling wasm functions, most of them in taking the
//! replies in and drawing the first chart, whose first draw also ran unoptimised code. So run
//! worker 0 takes its own first reply in as the page will, and draws each chart from it into an
//! SVG string nobody reads: the page's thread then finds that code compiled, and the hottest
//! of it optimised. Nothing here changes what the page shows.

use crate::canvas::PageBackend;
use crate::page;
use crate::run::Reply;
use coldstart_charts::{ChartKind, Theme, TimelineSample, Variant};
use coldstart_core::Report;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;

/// The size the charts are drawn at ahead, CSS pixels: the SVG export's default. The charts'
/// code is the same at any size; only the number of marks of a few charts follows the width.
const AHEAD_SIZE: (u32, u32) = (960, 540);

/// A run's charts drawn ahead from one variant's first-seed reply, one chart per call, in the
/// page's order of chart cards ([`ChartKind::ALL`]), or an embed's one chart.
#[wasm_bindgen]
pub struct DrawAhead {
    /// The variant's report with its environment lanes read in (the lanes chart draws them).
    report: Report,
    sample: TimelineSample,
    /// The charts left to draw, the next last.
    charts: Vec<ChartKind>,
}

#[wasm_bindgen]
impl DrawAhead {
    /// Takes in a run reply's bytes ([`crate::RunTask::step`]'s) the way the page does, and
    /// reads its environment lanes as the lanes chart does; `undefined` for a reply that is not
    /// a first-seed report, or that cannot be read (the page then says why when it takes it).
    /// `search` is the page's query string: an embed draws one chart, the one its query names
    /// or else the default embed chart (a share link's own chart is not read here: its code is
    /// then drawn ahead only where the two charts share it).
    pub fn of(reply: &[u8], search: &str) -> Option<DrawAhead> {
        match Reply::from_bytes(reply).ok()? {
            Reply::First {
                mut report,
                sample,
                lanes,
                ..
            } => {
                // Lanes that cannot be read leave the lanes chart's code alone, not the others'.
                report.environment_lanes = lanes.decode().unwrap_or_default();
                let mode = page::parse_query(search);
                let mut charts: Vec<ChartKind> = match page::chart_to_show(&mode, None) {
                    Some(chart) if mode.embed => chart.parse().into_iter().collect(),
                    _ => ChartKind::ALL.to_vec(),
                };
                charts.reverse();
                Some(DrawAhead {
                    report: *report,
                    sample,
                    charts,
                })
            }
            _ => None,
        }
    }

    /// Draws the next chart: whether it drew, or `undefined` when none was left. A chart that
    /// fails to draw here is passed over: the page draws it again and shows the failure there.
    pub fn draw_next(&mut self) -> Option<bool> {
        let kind = self.charts.pop()?;
        let variants = [Variant {
            label: "",
            report: &self.report,
        }];
        let mut svg = String::new();
        let area = PageBackend::svg(&mut svg, AHEAD_SIZE).into_drawing_area();
        let drawn = kind.draw_sampled(
            &area,
            &variants,
            std::slice::from_ref(&self.sample),
            &[],
            &Theme::light(),
        );
        Some(drawn.is_ok() && area.present().is_ok())
    }
}
