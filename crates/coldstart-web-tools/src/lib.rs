//! Coldstart web tools: the page's second wasm module, the Plan view's planners and the reader's
//! traffic importer.
//!
//! The first module (`coldstart-web`) is what every page load downloads before its first chart;
//! the planners' searches and the importer's parsers are a sixth of its code that no first chart
//! needs, so they live here, and the page fetches this module only when the reader reaches for a
//! plan or an import (the Plan form or the import card first touched, or a link's plan question:
//! `web/tools.js`). The logic stays in `coldstart-web`'s [`planning`] and
//! [`imported`] modules (this crate links them without the first module's exports); this crate
//! only exports it. What crosses between the two modules is JSON or numbers, through JavaScript
//! that only wires: a [`PlanStart`] from `Playground.plan_start`, each candidate's measure from
//! the run workers' `measure_candidate`, the plan's question back to `Playground.share_plan`,
//! an import's arrivals to the run worker's `ImportedTrace` and its terms to
//! `Playground.apply_import`, and the import card's markup, made here, to the page.
//!
//! No panic crosses the boundary: every exported method returns a value or a `JsError`. A bug
//! that slips through traps (`RuntimeError: unreachable`), which the page's scripts report as
//! a failed run; the shipped build (`-Cpanic=immediate-abort`, scripts/wasm_env.sh) traps with
//! no message, elsewhere (the browser tests, a build without the wrapper: docs/toolchain.md)
//! `console_error_panic_hook` logs the panic's message first.
#![warn(missing_docs)]

use coldstart_web::boundary::{ThemeName, js_err};
use coldstart_web::planning::{self, PlanStart};
use coldstart_web::{canvas, dom, imported};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlCanvasElement};

/// Installs the panic hook once, when the module starts (this module's own instance). Not in
/// the shipped build, whose panics trap at once without calling a hook (coldstart-web's `start`).
#[cfg(not(panic = "immediate-abort"))]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// A planner question being answered (the Plan view): the page runs each batch's candidates in
/// its pool of run workers (the first module's `measure_candidate`) and hands the measures back
/// in batch order.
#[wasm_bindgen]
pub struct PlanJob {
    planning: planning::Planning,
    /// What the answer does not cover, said above it.
    caveat: Option<String>,
}

#[wasm_bindgen]
impl PlanJob {
    /// Starts the question `start` (JSON, as `Playground.plan_start` made it); a scenario or
    /// target the planner refuses (the worst-case work too large, say) is an error in words.
    #[wasm_bindgen(constructor)]
    pub fn new(start: &str) -> Result<PlanJob, JsError> {
        let start: PlanStart = serde_json::from_str(start)
            .map_err(|e| JsError::new(&format!("a plan question: {e}")))?;
        let planning = planning::Planning::new(&start.scenario, start.request)
            .map_err(|e| JsError::new(&e))?;
        Ok(PlanJob {
            planning,
            caveat: start.caveat,
        })
    }

    /// The variant the plan is for.
    pub fn of(&self) -> String {
        self.planning.of().to_string()
    }

    /// The question (JSON), for `Playground.share_plan` once answered: share links carry it.
    pub fn question(&self) -> Result<String, JsError> {
        serde_json::to_string(self.planning.request()).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The next batch's candidates (scenarios as JSON, one per worker task), or `undefined`
    /// when the search is over.
    pub fn next_batch(&mut self) -> Result<Option<Vec<String>>, JsError> {
        let batch = self.planning.next_batch().map_err(|e| JsError::new(&e))?;
        batch
            .map(|scenarios| {
                scenarios
                    .iter()
                    .map(serde_json::to_string)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| JsError::new(&e.to_string()))
            })
            .transpose()
    }

    /// The batch's measures (JSON, as `measure_candidate` made them), in the batch's order.
    pub fn accept(&mut self, measures: Vec<String>) -> Result<(), JsError> {
        let measures = measures
            .iter()
            .map(|m| serde_json::from_str(m))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| JsError::new(&format!("a plan worker's measure: {e}")))?;
        self.planning
            .accept(&measures)
            .map_err(|e| JsError::new(&e))
    }

    /// Fraction done, 0 to 1.
    pub fn progress(&self) -> f64 {
        self.planning.progress()
    }

    /// Ends the search and writes the answer into `container`: the recommendation and the
    /// table of every simulated candidate.
    pub fn finish(&mut self, container: Element) -> Result<(), JsError> {
        self.planning.finish().map_err(|e| JsError::new(&e))?;
        let (answer, first, table) = self
            .planning
            .answer()
            .ok_or_else(|| JsError::new("no plan"))?;
        dom::render_plan(
            &container,
            self.planning.of(),
            self.caveat.as_deref(),
            &answer,
            first,
            &table,
        )
        .map_err(js_err)
    }

    /// Draws the finished plan's chart (the simulated candidates only) on `canvas`.
    pub fn draw(&self, canvas: HtmlCanvasElement, theme_name: ThemeName) -> Result<(), JsError> {
        let plan = self
            .planning
            .plan()
            .ok_or_else(|| JsError::new("nothing to draw yet"))?;
        let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let backend = canvas::PageBackend::canvas(canvas, ratio).map_err(|e| JsError::new(&e))?;
        let area = backend.into_drawing_area();
        coldstart_charts::plan::draw(&area, plan, &theme_name.theme())
            .map_err(|e| JsError::new(&e.to_string()))?;
        area.present().map_err(|e| JsError::new(&e.to_string()))
    }
}

/// An import of the reader's traffic in the run worker (`web/worker.js`): files begun, fed
/// chunk by chunk as they are read, ended; then the arrivals, which the worker hands to the
/// first module's `ImportedTrace` for the runs.
#[wasm_bindgen]
pub struct TrafficImport {
    job: Option<imported::ImportJob>,
}

#[wasm_bindgen]
impl TrafficImport {
    /// An import keeping the `busiest` functions of an Azure trace, as typed (1 for one).
    #[wasm_bindgen(constructor)]
    pub fn new(busiest: &str) -> Result<TrafficImport, JsError> {
        let job = imported::ImportJob::new(busiest).map_err(|e| JsError::new(&e))?;
        Ok(TrafficImport { job: Some(job) })
    }

    fn job(&mut self) -> Result<&mut imported::ImportJob, JsError> {
        self.job
            .as_mut()
            .ok_or_else(|| JsError::new("the import is finished"))
    }

    /// Begins the file `name`.
    pub fn begin_file(&mut self, name: &str) -> Result<(), JsError> {
        self.job()?.begin_file(name).map_err(|e| JsError::new(&e))
    }

    /// The file's next bytes, split anywhere.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.job()?.feed(bytes).map_err(|e| JsError::new(&e))
    }

    /// Ends the file; `true` when it must be read again from its start.
    pub fn end_file(&mut self) -> Result<bool, JsError> {
        self.job()?.end_file().map_err(|e| JsError::new(&e))
    }

    /// The imported arrivals and their summary, with the first variant (JSON) as the template.
    pub fn finish(&mut self, template: &str) -> Result<ImportedTraffic, JsError> {
        let template: coldstart_core::Scenario = serde_json::from_str(template)
            .map_err(|e| JsError::new(&format!("an import template: {e}")))?;
        let job = self
            .job
            .take()
            .ok_or_else(|| JsError::new("the import is finished"))?;
        let (arrivals_ms, summary) = job.finish(&template).map_err(|e| JsError::new(&e))?;
        let terms =
            serde_json::to_string(&summary.terms()).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(ImportedTraffic {
            arrivals_ms,
            terms,
            card: dom::import_card_html(&summary),
        })
    }
}

/// A finished import: the arrivals, for the first module's `ImportedTrace`, what the variants
/// take from it, and the import card's markup.
#[wasm_bindgen]
pub struct ImportedTraffic {
    arrivals_ms: Vec<f64>,
    terms: String,
    card: String,
}

#[wasm_bindgen]
impl ImportedTraffic {
    /// The arrivals, milliseconds from the window's start (a `Float64Array`), moved out: the
    /// page copies them into the first module at once, and a 10-million-arrival import held
    /// here as well would be 80 MB more at the peak (this module's memory never shrinks, but
    /// the freed pages serve the next import).
    pub fn take_arrivals_ms(&mut self) -> Vec<f64> {
        std::mem::take(&mut self.arrivals_ms)
    }

    /// What the variants take from the import (JSON for `Playground.apply_import`).
    pub fn terms(&self) -> String {
        self.terms.clone()
    }

    /// What the file says beside what the model says: the import card's markup, which the
    /// page sets into the card (`dom::import_card_html`).
    pub fn card(&self) -> String {
        self.card.clone()
    }
}

/// The order to read an import's files in (indices), from the first bytes of each: an Azure
/// 2019 invocations file before its companions.
#[wasm_bindgen]
pub fn import_order(heads: Vec<String>) -> Vec<u32> {
    imported::reading_order(&heads)
        .into_iter()
        .map(|i| i as u32)
        .collect()
}
