//! Coldstart web: the playground's wasm side, and the only crate that knows JavaScript.
//!
//! The page's JavaScript (`web/app.js`) only wires DOM events to the [`Playground`] handle, a
//! thin `#[wasm_bindgen]` wrapper around the plain-Rust [`workbench::Workbench`] (so native
//! tests drive the same logic the page runs). Everything else happens here: the scenario panel is built from the field table in
//! [`controls`], edits land in JSON drafts, the core validates and runs the variants in slices
//! (one per animation frame), the charts crate draws on the page's canvases, and the summary
//! table, exports and share links are made from the reports, which never leave wasm memory.
//!
//! No panic crosses the boundary: every exported method returns a value or a `JsError`. A bug
//! that slips through traps (`RuntimeError: unreachable`), which the page's scripts report as
//! a failed run; the shipped build (`-Cpanic=immediate-abort`, scripts/wasm_env.sh) traps with
//! no message, elsewhere (the browser tests, a build without the wrapper: docs/toolchain.md)
//! `console_error_panic_hook` logs the panic's message first.
//!
//! The page's wasm is two modules. This crate's `page` feature (on by default) is the first, the
//! one every page load fetches: the playground, the runs and their charts. The Plan view's
//! planners and the traffic importer are the second, `coldstart-web-tools`, which the page fetches
//! only when a plan or an import is first asked for: that crate uses this one without `page`, so
//! it links the logic it needs ([`planning::Planning`], [`imported::ImportJob`], the DOM and
//! canvas helpers) and none of these exports (docs/benchmarks.md, "Issue 14, eleventh round:
//! splitting off the planners and the importer").
#![warn(missing_docs)]
// Without `page` the exports below are left out, and with them the only users of some helpers.
#![cfg_attr(not(feature = "page"), allow(dead_code, unused_imports))]

#[cfg(feature = "page")]
pub mod ahead;
pub mod boundary;
pub mod canvas;
pub mod controls;
pub mod dom;
pub mod export;
pub mod fingerprint;
pub mod focus;
pub mod imported;
#[cfg(feature = "page")]
pub mod link;
pub mod number_lists;
pub mod page;
pub mod planning;
pub mod preset_file;
pub mod presets;
pub mod run;
pub mod session;
pub mod workbench;

pub use boundary::ThemeName;
use boundary::{Arrival, EditResult, Export, Planner, js_err};
use coldstart_charts::{ChartKind, SweepSeries, Theme, TimelineSample, Variant};
use controls::{Control, Edit};
#[cfg(feature = "page")]
pub use link::LinkReader;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlSelectElement};
use workbench::{Download, EditOutcome, Workbench};

/// Installs the panic hook once, when the module starts, so a panic's message reaches the
/// console. Not in the shipped build (`-Cpanic=immediate-abort`, scripts/wasm_env.sh): there a
/// panic traps at once and never calls a hook, which would only be bytes to download.
#[cfg(all(feature = "page", not(panic = "immediate-abort")))]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

#[wasm_bindgen]
extern "C" {
    /// `performance.now()` of the global scope: a window's or a worker's (where there is no
    /// `window` to ask).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Milliseconds from the time origin of the page, or of the worker.
fn now_ms() -> f64 {
    performance_now()
}

fn chart_kind(name: &str) -> Result<ChartKind, JsError> {
    name.parse::<ChartKind>()
        .map_err(|_| JsError::new(&format!("unknown chart '{name}'")))
}

/// Runs one plan candidate (a scenario as JSON) and returns its measure as JSON: what each of
/// the page's plan workers does. A candidate the core refuses is an error in words.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub fn measure_candidate(scenario: &str) -> Result<String, JsError> {
    let scenario: coldstart_core::Scenario = serde_json::from_str(scenario)
        .map_err(|e| JsError::new(&format!("a plan candidate: {e}")))?;
    let measure = planning::measure(&scenario).map_err(|e| JsError::new(&e.to_string()))?;
    serde_json::to_string(&measure).map_err(|e| JsError::new(&e.to_string()))
}

/// Imported arrivals, kept in the run worker for every run that asks for them. The worker reads
/// them with the second module (`coldstart-web-tools`'s `TrafficImport`) and hands them over
/// here once, as numbers.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub struct ImportedTrace {
    arrivals_ms: Vec<f64>,
}

#[cfg(feature = "page")]
#[wasm_bindgen]
impl ImportedTrace {
    /// Keeps `arrivals_ms` (milliseconds from the window's start, as the importer made them).
    #[wasm_bindgen(constructor)]
    pub fn new(arrivals_ms: Vec<f64>) -> ImportedTrace {
        ImportedTrace { arrivals_ms }
    }
}

/// A run in a Web Worker (`web/worker.js`): the worker's side of [`Playground::start_remote`].
#[cfg(feature = "page")]
#[wasm_bindgen]
pub struct RunTask {
    task: run::Task,
}

#[cfg(feature = "page")]
#[wasm_bindgen]
impl RunTask {
    /// Prepares part `part` of a request (JSON, as the page posted it; [`run::Part`]). A
    /// variant the core refuses is not an error here: it is the task's one reply.
    #[wasm_bindgen(constructor)]
    pub fn new(request: &str, part: usize) -> Result<RunTask, JsError> {
        let request: run::RunRequest = serde_json::from_str(request)
            .map_err(|e| JsError::new(&format!("a run request: {e}")))?;
        Ok(RunTask {
            task: run::Task::new(request, part, None),
        })
    }

    /// [`RunTask::new`] for a request that runs on the imported arrivals the worker keeps.
    pub fn with_imported(
        request: &str,
        part: usize,
        imported: &ImportedTrace,
    ) -> Result<RunTask, JsError> {
        let request: run::RunRequest = serde_json::from_str(request)
            .map_err(|e| JsError::new(&format!("a run request: {e}")))?;
        Ok(RunTask {
            task: run::Task::new(request, part, Some(&imported.arrivals_ms)),
        })
    }

    /// Works for about `budget_ms` milliseconds, or until a reply is ready: that reply, as
    /// bytes for [`Playground::accept`].
    pub fn step(&mut self, budget_ms: f64) -> Result<Option<Vec<u8>>, JsError> {
        let deadline = now_ms() + budget_ms;
        self.task
            .advance(|| now_ms() < deadline)
            .map(|reply| reply.to_bytes().map_err(|e| JsError::new(&e)))
            .transpose()
    }

    /// A reply that is ready without more work (a variant's records, which follow its report),
    /// as bytes: the worker posts it in the same task as the report, so a cancel read between
    /// the two cannot drop it.
    pub fn ready(&mut self) -> Result<Option<Vec<u8>>, JsError> {
        (self.task.ready())
            .map(|reply| reply.to_bytes().map_err(|e| JsError::new(&e)))
            .transpose()
    }

    /// Fraction done, 0 to 1.
    pub fn progress(&self) -> f64 {
        self.task.progress()
    }

    /// Whether the task waits for [`RunTask::resume`] before its later seeds (the page's first
    /// charts are being drawn); stepping it does nothing until then.
    pub fn holding(&self) -> bool {
        self.task.holding()
    }

    /// Lets the later seeds run; `true` when the task was holding, so the worker steps it again.
    pub fn resume(&mut self) -> bool {
        self.task.resume()
    }

    /// Whether every reply has been given.
    pub fn done(&self) -> bool {
        self.task.is_done()
    }
}

/// The request (JSON) of the first run of a page opened on `link` (the URL's, read)
/// and the query `search` with `workers` run workers, as [`Playground::start_remote`] will make it: run worker `part`
/// starts its part as soon as the wasm is in, while the page makes its playground, and keeps it
/// when the page's first request is the same text ([`Workbench::first_request`]). `undefined`
/// when the link's variants cannot run or the run has no part `part`.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub fn first_run_request(
    link: LinkReader,
    search: &str,
    workers: usize,
    part: usize,
) -> Result<Option<String>, JsError> {
    Workbench::first_request(link.into_link(), search, workers, part)
        .map(|r| serde_json::to_string(&r).map_err(|e| JsError::new(&e.to_string())))
        .transpose()
}

/// The playground: the page's elements around a [`Workbench`], which holds the variants, the
/// run in progress and the last results. Every decision is the workbench's; this wrapper only
/// moves values across the boundary and redraws the DOM.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub struct Playground {
    bench: Workbench,
    form: Element,
    tabs: Element,
    summary: Element,
    /// The panel paths an embed shows (`&controls=`); `None` on the full page.
    embed: Option<Vec<&'static str>>,
    shown: Vec<Control>,
    charts: focus::ChartItems,
    /// The [`Workbench::summary_key`] of the summary on the page.
    summary_shown: Option<(u64, bool)>,
}

#[cfg(feature = "page")]
#[wasm_bindgen]
impl Playground {
    /// Restores the state from the link the page was opened with (read from the URL's fragment;
    /// none for the default comparison) and remembers where the panel, tabs and summary live. `search`, the query string, says
    /// whether this is an embed and which inputs it shows (`&controls=`, none by default).
    #[wasm_bindgen(constructor)]
    pub fn new(
        link: LinkReader,
        form: Element,
        tabs: Element,
        summary: Element,
        search: &str,
    ) -> Playground {
        let mode = page::parse_query(search);
        Playground {
            bench: Workbench::opened(link.into_link(), search),
            form,
            tabs,
            summary,
            embed: mode.embed.then(|| page::embed_paths(&mode.controls)),
            shown: Vec::new(),
            charts: focus::ChartItems::default(),
            summary_shown: None,
        }
    }

    /// A message for the user about the link the page was opened with (corrupt, too new…).
    pub fn notice(&self) -> Option<String> {
        self.bench.notice().map(str::to_string)
    }

    /// The chart the page puts forward for the query string `search` and the link's chart: the
    /// embed's chart, or on the full page the linked chart to scroll to (see
    /// [`page::chart_to_show`]).
    pub fn chart_to_show(&self, search: &str) -> Option<String> {
        page::chart_to_show(&page::parse_query(search), self.bench.linked_chart())
    }

    /// Rebuilds the variant tabs and the scenario panel for the selected variant, and shows the
    /// current problems next to their inputs.
    pub fn render_panel(&mut self) -> Result<(), JsError> {
        self.render_tabs()?;
        let session = self.bench.session();
        let names = session.names();
        let embed = self.embed.as_deref().map(|paths| dom::EmbedInputs {
            paths,
            variant: names.get(session.active()).map_or("", String::as_str),
        });
        self.shown = dom::render_form(&self.form, session.active_draft(), embed).map_err(js_err)?;
        self.show_problems()
    }

    fn render_tabs(&self) -> Result<(), JsError> {
        if self.embed.is_some() {
            return Ok(());
        }
        let session = self.bench.session();
        dom::render_tabs(
            &self.tabs,
            &self.form,
            &session.names(),
            session.active(),
            &self.bench.invalid_variants(),
        )
        .map_err(js_err)
    }

    fn show_problems(&self) -> Result<(), JsError> {
        let session = self.bench.session();
        dom::show_problems(
            &self.form,
            &self.shown,
            self.bench.problems(),
            session.active(),
            &session.names(),
        )
        .map_err(js_err)
    }

    /// Applies the text of an input. Returns `"shape"` when the panel must be rebuilt (a
    /// different pattern or package type), `"value"` otherwise, or `"invalid"` after showing
    /// why next to the input; the typed text stays and the last good charts stay on screen.
    pub fn edit(&mut self, path: &str, raw: &str) -> Result<EditResult, JsError> {
        let outcome = self.bench.edit(path, raw);
        match outcome {
            EditOutcome::Applied { edit, .. } if edit == Edit::Shape || path == "name" => {
                self.render_panel()?;
            }
            EditOutcome::Applied { .. } => {
                self.show_problems()?;
                self.render_tabs()?;
                self.show_name()?;
            }
            EditOutcome::Refused => self.show_problems()?,
        }
        Ok(outcome.result())
    }

    /// Puts the selected variant's name in the panel's name input when the session renamed it
    /// (a new variant is named for what differs in it, so an edit can change its name).
    fn show_name(&self) -> Result<(), JsError> {
        let session = self.bench.session();
        let Some(name) = session.names().get(session.active()).cloned() else {
            return Ok(());
        };
        let input = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&dom::input_id("name")))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input
            && input.value() != name
        {
            input.set_value(&name);
        }
        Ok(())
    }

    /// Shows another variant in the panel.
    pub fn select_variant(&mut self, index: usize) -> Result<(), JsError> {
        self.bench.select_variant(index);
        self.render_panel()
    }

    /// Adds a copy of the selected variant; `false` at the limit of four.
    pub fn add_variant(&mut self) -> Result<bool, JsError> {
        let added = self.bench.add_variant();
        self.render_panel()?;
        Ok(added)
    }

    /// Removes a variant (the last one stays).
    pub fn remove_variant(&mut self, index: usize) -> Result<bool, JsError> {
        let removed = self.bench.remove_variant(index);
        self.render_panel()?;
        Ok(removed)
    }

    /// Fills a `<select>` with the presets.
    pub fn fill_presets(&self, select: HtmlSelectElement) -> Result<(), JsError> {
        dom::fill_presets(&select, &presets::list()).map_err(js_err)
    }

    /// Replaces the variants with a preset's ([`Playground::preset_note`] says why one is shown
    /// alone).
    pub fn load_preset(&mut self, id: &str) -> Result<(), JsError> {
        self.bench
            .load_preset(id)
            .map_err(|e| JsError::new(&e.to_string()))?;
        self.render_panel()
    }

    /// Why the last preset loaded is shown as one variant (it has no zip/image twin), if it is.
    pub fn preset_note(&self) -> Option<String> {
        self.bench.preset_note().map(str::to_string)
    }

    /// Whether the results shown are not those of the current inputs (the page dims them, and
    /// [`Playground::run_info`] says whose they are).
    pub fn stale(&self) -> bool {
        self.bench.stale()
    }

    /// Starts a run of the current variants. Returns `false` (and shows the problems) when a
    /// variant is invalid; the previous results stay.
    pub fn start(&mut self) -> Result<bool, JsError> {
        let started = self.bench.start(now_ms());
        self.show_problems()?;
        Ok(started)
    }

    /// Starts a run of the current variants in up to `workers` workers: the request (JSON) to
    /// post to each of the first [`Playground::run_parts`] of them with its part's index, or
    /// `undefined` (and the problems shown) when a variant is invalid. The workers' replies go
    /// to [`Playground::accept`].
    pub fn start_remote(&mut self, workers: usize) -> Result<Option<String>, JsError> {
        let request = self.bench.start_remote(now_ms(), workers);
        self.show_problems()?;
        request
            .map(|r| serde_json::to_string(&r).map_err(|e| JsError::new(&e.to_string())))
            .transpose()
    }

    /// Into how many parts the run in progress is split: one per worker, from the first.
    pub fn run_parts(&self) -> usize {
        self.bench.run_parts()
    }

    /// Takes in a run worker's reply (bytes, as [`RunTask::step`] made them) and says what to
    /// do: draw the charts, update the summary, show the problems, or nothing (a replaced run's).
    pub fn accept(&mut self, reply: &[u8]) -> Result<Arrival, JsError> {
        let arrival = self
            .bench
            .accept_bytes(reply, now_ms())
            .map_err(|e| JsError::new(&e))?;
        if arrival == Arrival::Failed {
            self.show_problems()?;
        }
        Ok(arrival)
    }

    /// The first variant (JSON), validated: the template an import's traffic goes into.
    pub fn import_template(&self) -> Result<String, JsError> {
        let template = self.bench.import_template().map_err(|e| JsError::new(&e))?;
        serde_json::to_string(&template).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Every variant takes the imported traffic (the worker's `ImportTerms`, JSON); the panel
    /// is rebuilt. The import card (what the file says beside what the model says) is markup
    /// the worker made with the second module (`dom::import_card_html`); the page sets it.
    pub fn apply_import(&mut self, terms: &str) -> Result<(), JsError> {
        let terms: imported::ImportTerms = serde_json::from_str(terms)
            .map_err(|e| JsError::new(&format!("an import's terms: {e}")))?;
        self.bench
            .apply_import(terms)
            .map_err(|e| JsError::new(&e))?;
        self.render_panel()
    }

    /// Runs go back to the variants' own workload.
    pub fn drop_import(&mut self) {
        self.bench.drop_import();
    }

    /// The planner question the link carries, as the Plan form shows it (`{planner, metric,
    /// value}`), or `undefined`: the page fills the form and answers it.
    pub fn linked_plan(&self) -> Result<JsValue, JsError> {
        match self.bench.plan_question() {
            Some(q) => Ok(planning::PlanForm::of(q).to_js()),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The plan just answered (its question, JSON, as the second module's `PlanJob` gives it):
    /// share links carry its question from now on.
    pub fn share_plan(&mut self, question: &str) -> Result<(), JsError> {
        let question = serde_json::from_str(question)
            .map_err(|e| JsError::new(&format!("a plan question: {e}")))?;
        self.bench.set_plan_question(question);
        Ok(())
    }

    /// Fills the Plan view's menu with the planners' questions.
    pub fn fill_planners(&self, select: HtmlSelectElement) -> Result<(), JsError> {
        let items: Vec<(&str, &str)> = Planner::ALL
            .iter()
            .map(|p| (p.id(), p.question()))
            .collect();
        dom::fill_options(&select, &items).map_err(js_err)
    }

    /// A planner question on the variant in the panel, against the target the form gives
    /// (`metric` is `cold-share`, typed in percent, or `p99-ms`): what the second module's
    /// `PlanJob` starts from ([`planning::PlanStart`], JSON). An error names the input, the value
    /// and the rule, or the variant's problem; the planner's own refusals (the search too large)
    /// come from `PlanJob`.
    pub fn plan_start(
        &self,
        planner: Planner,
        metric: &str,
        value: &str,
    ) -> Result<String, JsError> {
        let metric = planning::TargetMetric::parse(metric).map_err(|e| JsError::new(&e))?;
        let target = planning::target_from_form(metric, value).map_err(|e| JsError::new(&e))?;
        let scenario = self
            .bench
            .planned_scenario()
            .map_err(|e| JsError::new(&e))?;
        let request = planning::request_for(planner, target).map_err(|e| JsError::new(&e))?;
        let caveat = self
            .bench
            .imported()
            .map(|imported| planning::stand_in_caveat(imported, planner));
        let start = planning::PlanStart {
            scenario,
            request,
            caveat,
        };
        serde_json::to_string(&start).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Advances the run for about `budget_ms` milliseconds. Returns the fraction done; at 1 the
    /// results are in place (and the run is over). Without a run, returns 1.
    pub fn step(&mut self, budget_ms: f64) -> f64 {
        self.bench.step(now_ms() + budget_ms, now_ms)
    }

    /// Whether the first seed's results came in since the last call (the page draws the charts
    /// then; later seeds only add the intervals to the summary).
    pub fn take_new_charts(&mut self) -> bool {
        self.bench.take_new_charts()
    }

    /// Stops the run in progress; the previous results stay.
    pub fn cancel(&mut self) {
        self.bench.cancel();
    }

    /// Whether a run is in progress.
    pub fn running(&self) -> bool {
        self.bench.running()
    }

    /// Whether there are results to draw.
    pub fn has_results(&self) -> bool {
        self.bench.results().is_some()
    }

    /// Draws a chart (`timeline`, `environments`, `anatomy`, `cdf`, `sweep`) on a canvas, at
    /// the canvas' on-screen size and the screen's pixel ratio, in the `light` or `dark` theme.
    pub fn draw(
        &mut self,
        chart: &str,
        canvas: HtmlCanvasElement,
        theme_name: ThemeName,
    ) -> Result<(), JsError> {
        let kind = chart_kind(chart)?;
        let Some(results) = self.bench.results() else {
            return Err(JsError::new("nothing to draw yet"));
        };
        let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let backend = canvas::PageBackend::canvas(canvas, ratio).map_err(|e| JsError::new(&e))?;
        let area = backend.into_drawing_area();
        let variants = results
            .variants_drawn_by(kind)
            .map_err(|e| JsError::new(&e))?;
        let geometry = kind
            .draw_sampled(
                &area,
                &variants,
                results.samples(),
                results.sweep_drawn_by(kind),
                &theme_name.theme(),
            )
            .map_err(|e| JsError::new(&e.to_string()))?;
        area.present().map_err(|e| JsError::new(&e.to_string()))?;
        self.charts.set(kind, geometry);
        Ok(())
    }

    /// Writes a chart's text alternative (summary and data table, from the same results the
    /// chart is drawn from) into its card.
    pub fn describe(&self, chart: &str, card: Element) -> Result<(), JsError> {
        let kind = chart_kind(chart)?;
        let Some(text) = self.bench.chart_text(kind) else {
            return Ok(());
        };
        dom::render_chart_text(&card, &text).map_err(js_err)
    }

    /// The values under the pointer, at CSS pixel `(x, y)` of a drawn chart.
    pub fn hover(&self, chart: &str, x: f64, y: f64) -> Option<String> {
        self.charts.hover(chart.parse::<ChartKind>().ok()?, x, y)
    }

    /// A key pressed on a focused chart: the arrow keys, Home and End move to a data item,
    /// whose read-out is returned and around which `ring` is placed (over `canvas`). `None` for
    /// any other key, which the page leaves to the browser.
    pub fn chart_key(
        &mut self,
        chart: &str,
        key: &str,
        canvas: &HtmlElement,
        ring: &HtmlElement,
    ) -> Option<String> {
        let focused = self.charts.key(chart.parse::<ChartKind>().ok()?, key)?;
        place_ring(ring, canvas, focused.area);
        Some(focused.text)
    }

    /// A tap (or click) at CSS pixel `(x, y)` of a chart: the read-out of the item there, with
    /// `ring` around it, and the keyboard focus moved to it.
    pub fn chart_tap(
        &mut self,
        chart: &str,
        x: f64,
        y: f64,
        canvas: &HtmlElement,
        ring: &HtmlElement,
    ) -> Option<String> {
        let focused = self.charts.tap(chart.parse::<ChartKind>().ok()?, x, y)?;
        place_ring(ring, canvas, focused.area);
        Some(focused.text)
    }

    /// Rebuilds the summary from the last results: why the variants differ, in words, and
    /// the table; left as it is when it shows them already ([`Workbench::summary_key`]).
    pub fn render_summary(&mut self) -> Result<(), JsError> {
        let key = self.bench.summary_key();
        if key.is_some() && key == self.summary_shown {
            return Ok(());
        }
        let Some(table) = self.bench.summary() else {
            return Ok(());
        };
        dom::render_summary(
            &self.summary,
            self.bench.explanation().as_ref(),
            &table,
            self.bench.seeds_table().as_ref(),
        )
        .map_err(js_err)?;
        self.summary_shown = key;
        Ok(())
    }

    /// Sets how many seeds each run is made under from the page's input text; an error (not a
    /// whole number from 1 to 100) names the input, the value and the rule.
    pub fn set_replications(&mut self, raw: &str) -> Result<(), JsError> {
        self.bench
            .set_replications(raw)
            .map_err(|e| JsError::new(&e))
    }

    /// The seeds each run is made under (the page's input starts from it).
    pub fn replications(&self) -> u32 {
        self.bench.replications().get()
    }

    /// One line about the last run: variants, requests and time taken.
    pub fn run_info(&self) -> String {
        self.bench.run_info()
    }

    /// The notice once a link or an embed code (`what`: "Link", "Embed code") is copied; it
    /// says whose results a link opens when they are not the current inputs'.
    pub fn copied_notice(&self, what: &str) -> String {
        self.bench.copied_notice(what)
    }

    /// The share fragment (without `#`) of the variants last drawn, naming `chart` for embeds,
    /// once made; `undefined` before (web/app.js, `shareFragment`).
    pub fn fragment(&self, chart: Option<String>) -> Option<String> {
        self.bench.fragment(chart.as_deref())
    }

    /// What the share link of the variants last drawn compresses (naming `chart` for embeds),
    /// for the page to deflate; `undefined` without results.
    pub fn link_payload(&self, chart: Option<String>) -> Option<Vec<u8>> {
        self.bench.link_payload(chart.as_deref())
    }

    /// The share fragment of `deflated` (`payload`, raw DEFLATE), kept for [`Playground::fragment`];
    /// `undefined` when the results changed meanwhile.
    pub fn keep_link(
        &self,
        chart: Option<String>,
        payload: &[u8],
        deflated: &[u8],
    ) -> Option<String> {
        self.bench.keep_link(chart.as_deref(), payload, deflated)
    }

    /// The `<iframe>` snippet embedding `chart` with the share fragment `fragment`.
    pub fn embed_snippet(
        &self,
        page_url: &str,
        chart: &str,
        theme_name: Option<ThemeName>,
        fragment: &str,
    ) -> String {
        Workbench::embed_snippet(page_url, chart, theme_name.map(ThemeName::id), fragment)
    }

    /// The link back from an embed to the full playground with the share fragment `fragment`.
    pub fn full_page_url(&self, page_url: &str, fragment: &str) -> String {
        Workbench::full_page_url(page_url, fragment)
    }

    /// A download of the results: `requests-csv`, `timeseries-csv` or `report-json`, as
    /// `{ filename, mime, text }`.
    pub fn export_data(&self, what: Export) -> Result<JsValue, JsError> {
        let download = self.bench.export_data(what).map_err(|e| JsError::new(&e))?;
        Ok(download.to_js())
    }

    /// A chart as SVG, drawn in Rust by plotters' SVG backend, as `{ filename, mime, text }`.
    pub fn export_svg(
        &self,
        chart: &str,
        theme_name: ThemeName,
        width: u32,
        height: u32,
    ) -> Result<JsValue, JsError> {
        let kind = chart_kind(chart)?;
        let r = self
            .bench
            .results()
            .ok_or_else(|| JsError::new("no results yet"))?;
        let variants = r.variants_drawn_by(kind).map_err(|e| JsError::new(&e))?;
        let text = render_svg(
            kind,
            &variants,
            r.samples(),
            r.sweep_drawn_by(kind),
            &theme_name.theme(),
            width,
            height,
        )
        .map_err(|e| JsError::new(&e))?;
        let download = Download {
            filename: self.bench.svg_name(kind),
            mime: "image/svg+xml",
            text,
        };
        Ok(download.to_js())
    }

    /// The file name of a chart's PNG (the page makes the PNG from the canvas).
    pub fn png_name(&self, chart: &str) -> String {
        self.bench.png_name(chart)
    }

    /// Replaces the variants with the default comparison under a Poisson workload sized for
    /// `requests` arrivals per variant: the benchmark's scenario.
    pub fn load_benchmark(&mut self, requests: u32) -> Result<(), JsError> {
        self.bench.load_benchmark(requests);
        self.render_panel()
    }
}

#[cfg(feature = "page")]
impl Playground {
    /// Fingerprint of the reports of the last results, comma-separated (determinism checks).
    ///
    /// Not exported to JavaScript: only the browser tests (Rust) call it, and as an export it
    /// kept 1.7 KB of the shipped module's code (docs/benchmarks.md, "Issue 14, fifteenth round:
    /// wasm size").
    pub fn fingerprints(&self) -> Result<String, JsError> {
        let r = self
            .bench
            .results()
            .ok_or_else(|| JsError::new("no results yet"))?;
        let prints = (r.full_reports().map_err(|e| JsError::new(&e))?)
            .iter()
            .map(fingerprint::report_fingerprint)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| JsError::new(&e))?;
        Ok(prints.join(","))
    }
}

/// A chart as an SVG document, like `coldstart_charts::render_svg` but measuring text with the
/// browser's canvas (see [`canvas`]), so the export works under the page's CSP.
fn render_svg(
    kind: ChartKind,
    variants: &[Variant<'_>],
    samples: &[TimelineSample],
    sweep: &[SweepSeries],
    theme: &Theme,
    width: u32,
    height: u32,
) -> Result<String, String> {
    coldstart_charts::check_svg_size(width, height).map_err(|e| e.to_string())?;
    let mut svg = String::new();
    {
        let area = canvas::PageBackend::svg(&mut svg, (width, height)).into_drawing_area();
        kind.draw_sampled(&area, variants, samples, sweep, theme)
            .map_err(|e| e.to_string())?;
        area.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// How the page was opened (`?embed&chart=…&theme=…`), as `{ embed, chart, theme }`.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub fn page_mode(search: &str) -> Result<JsValue, JsError> {
    Ok(page::parse_query(search).to_js())
}

/// The chart names, in page order.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub fn chart_names() -> Vec<String> {
    ChartKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect()
}

/// Runs every variant of a preset file and returns the fingerprint of the reports, the same
/// function the build script runs natively (the determinism test compares the two).
#[cfg(feature = "page")]
#[wasm_bindgen]
pub fn preset_fingerprint(text: &str) -> Result<String, JsError> {
    fingerprint::preset_fingerprint(text).map_err(|e| JsError::new(&e))
}

/// Puts the focus ring around `area` (CSS pixels of `canvas`), or hides it. The ring shares the
/// canvas' positioned parent, so the canvas' offset places it.
fn place_ring(
    ring: &HtmlElement,
    canvas: &HtmlElement,
    area: Option<coldstart_charts::geometry::PixelRect>,
) {
    let Some(a) = area else {
        ring.set_hidden(true);
        return;
    };
    let style = ring.style();
    let px = |v: i32| format!("{v}px");
    let (x, y) = (canvas.offset_left(), canvas.offset_top());
    // A failure leaves the ring where it was; the read-out still says where the focus is.
    let _ = style.set_property("left", &px(x + a.left - 2));
    let _ = style.set_property("top", &px(y + a.top - 2));
    let _ = style.set_property("width", &px(a.width() + 3));
    let _ = style.set_property("height", &px(a.bottom - a.top + 4));
    ring.set_hidden(false);
}
