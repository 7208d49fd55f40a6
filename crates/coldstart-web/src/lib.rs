//! Coldstart web: the playground's wasm side, and the only crate that knows JavaScript.
//!
//! The page's JavaScript (`web/app.js`) only wires DOM events to the [`Playground`] handle.
//! Everything else happens here: the scenario panel is built from the field table in
//! [`controls`], edits land in JSON drafts, the core validates and runs the variants in slices
//! (one per animation frame), the charts crate draws on the page's canvases, and the summary
//! table, exports and share links are made from the reports, which never leave wasm memory.
//!
//! No panic crosses the boundary: every exported method returns a value or a `JsError`, and
//! `console_error_panic_hook` reports any bug that slips through.
#![warn(missing_docs)]

pub mod canvas;
pub mod controls;
pub mod dom;
pub mod export;
pub mod fingerprint;
pub mod format;
pub mod page;
pub mod preset_file;
pub mod presets;
pub mod run;
pub mod session;
pub mod summary;
pub mod sweep;

use coldstart_charts::{ChartGeometry, ChartKind, SweepSeries, Theme, Variant};
use coldstart_core::{Report, Scenario};
use controls::{Control, Edit};
use plotters::prelude::IntoDrawingArea;
use serde::Serialize;
use session::{Problem, Session};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlCanvasElement, HtmlSelectElement};

/// Installs the panic hook once, when the module starts.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Milliseconds from the page's time origin (0 outside a browser).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn theme(name: &str) -> Theme {
    if name == "dark" {
        Theme::dark()
    } else {
        Theme::light()
    }
}

fn chart_kind(name: &str) -> Result<ChartKind, JsError> {
    name.parse::<ChartKind>()
        .map_err(|_| JsError::new(&format!("unknown chart '{name}'")))
}

fn js_err(e: JsValue) -> JsError {
    JsError::new(&e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// A finished comparison: what the charts, table and exports are made from.
struct Results {
    scenarios: Vec<Scenario>,
    reports: Vec<Report>,
    sweep: Vec<SweepSeries>,
    elapsed_ms: f64,
}

impl Results {
    fn variants(&self) -> Vec<Variant<'_>> {
        self.scenarios
            .iter()
            .zip(&self.reports)
            .map(|(s, r)| Variant {
                label: s.name.as_str(),
                report: r,
            })
            .collect()
    }
    fn named(&self) -> Vec<(&str, &Report)> {
        self.scenarios
            .iter()
            .map(|s| s.name.as_str())
            .zip(&self.reports)
            .collect()
    }
    fn stem(&self) -> String {
        let names: Vec<&str> = self.scenarios.iter().map(|s| s.name.as_str()).collect();
        export::file_stem(&names)
    }
}

/// A file for the page to offer as a download.
#[derive(Serialize)]
struct Download {
    filename: String,
    mime: &'static str,
    text: String,
}

/// The playground: the compared variants, the run in progress and the last results.
#[wasm_bindgen]
pub struct Playground {
    session: Session,
    form: Element,
    tabs: Element,
    summary: Element,
    compact: bool,
    shown: Vec<Control>,
    problems: Vec<Problem>,
    job: Option<(run::Job, Vec<Scenario>, f64)>,
    results: Option<Results>,
    geometries: Vec<(ChartKind, ChartGeometry)>,
    notice: Option<String>,
    linked_chart: Option<String>,
}

#[wasm_bindgen]
impl Playground {
    /// Restores the state from a URL fragment (without `#`; empty for the default comparison)
    /// and remembers where the panel, tabs and summary live. `compact` builds the embed strip.
    #[wasm_bindgen(constructor)]
    pub fn new(
        fragment: &str,
        form: Element,
        tabs: Element,
        summary: Element,
        compact: bool,
    ) -> Playground {
        let (session, notice, linked_chart) = Session::restore(fragment);
        Playground {
            session,
            form,
            tabs,
            summary,
            compact,
            shown: Vec::new(),
            problems: Vec::new(),
            job: None,
            results: None,
            geometries: Vec::new(),
            notice,
            linked_chart,
        }
    }

    /// A message for the user about the link the page was opened with (corrupt, too new…).
    pub fn notice(&self) -> Option<String> {
        self.notice.clone()
    }

    /// The chart named in the share link, if any (an embed link carries one).
    pub fn linked_chart(&self) -> Option<String> {
        self.linked_chart.clone()
    }

    /// Rebuilds the variant tabs and the scenario panel for the selected variant, and shows the
    /// current problems next to their inputs.
    pub fn render_panel(&mut self) -> Result<(), JsError> {
        let names = self.session.names();
        let invalid: Vec<usize> = self.problems.iter().map(|p| p.variant).collect();
        if !self.compact {
            dom::render_tabs(&self.tabs, &names, self.session.active(), &invalid)
                .map_err(js_err)?;
        }
        self.shown = dom::render_form(&self.form, self.session.active_draft(), self.compact)
            .map_err(js_err)?;
        self.show_problems()
    }

    fn show_problems(&self) -> Result<(), JsError> {
        dom::show_problems(
            &self.form,
            &self.shown,
            &self.problems,
            self.session.active(),
            &self.session.names(),
        )
        .map_err(js_err)
    }

    /// Applies the text of an input. Returns `"shape"` when the panel must be rebuilt (a
    /// different pattern or package type), `"value"` otherwise, or `"invalid"` after showing
    /// why next to the input; the typed text stays and the last good charts stay on screen.
    pub fn edit(&mut self, path: &str, raw: &str) -> Result<String, JsError> {
        match self.session.edit(path, raw) {
            Ok(edit) => {
                self.problems = self.session.scenarios().err().unwrap_or_default();
                if edit == Edit::Shape || path == "name" {
                    self.render_panel()?;
                } else {
                    self.show_problems()?;
                    let invalid: Vec<usize> = self.problems.iter().map(|p| p.variant).collect();
                    if !self.compact {
                        dom::render_tabs(
                            &self.tabs,
                            &self.session.names(),
                            self.session.active(),
                            &invalid,
                        )
                        .map_err(js_err)?;
                    }
                }
                Ok(if self.problems.is_empty() {
                    if edit == Edit::Shape {
                        "shape"
                    } else {
                        "value"
                    }
                } else {
                    "invalid"
                }
                .to_string())
            }
            Err(e) => {
                self.problems
                    .retain(|p| p.path.as_deref() != Some(e.path.as_str()));
                self.problems.push(Problem {
                    variant: self.session.active(),
                    path: Some(e.path.clone()),
                    message: format!("{} = {}", e.path, e.message),
                });
                self.show_problems()?;
                Ok("invalid".to_string())
            }
        }
    }

    /// Shows another variant in the panel.
    pub fn select_variant(&mut self, index: usize) -> Result<(), JsError> {
        self.session.select(index);
        self.render_panel()
    }

    /// Adds a copy of the selected variant; `false` at the limit of four.
    pub fn add_variant(&mut self) -> Result<bool, JsError> {
        let added = self.session.add_variant();
        self.render_panel()?;
        Ok(added)
    }

    /// Removes a variant (the last one stays).
    pub fn remove_variant(&mut self, index: usize) -> Result<bool, JsError> {
        let removed = self.session.remove_variant(index);
        self.problems = self.session.scenarios().err().unwrap_or_default();
        self.render_panel()?;
        Ok(removed)
    }

    /// Fills a `<select>` with the presets.
    pub fn fill_presets(&self, select: HtmlSelectElement) -> Result<(), JsError> {
        dom::fill_presets(&select, &presets::list()).map_err(js_err)
    }

    /// Replaces the variants with a preset's.
    pub fn load_preset(&mut self, id: &str) -> Result<(), JsError> {
        let variants = presets::load(id).map_err(|e| JsError::new(&e.to_string()))?;
        self.session.replace(&variants);
        self.problems.clear();
        self.render_panel()
    }

    /// Starts a run of the current variants. Returns `false` (and shows the problems) when a
    /// variant is invalid; the previous results stay.
    pub fn start(&mut self) -> Result<bool, JsError> {
        self.job = None;
        let scenarios = match self.session.scenarios() {
            Ok(s) => s,
            Err(problems) => {
                self.problems = problems;
                self.show_problems()?;
                return Ok(false);
            }
        };
        match run::Job::new(&scenarios) {
            Ok(job) => {
                self.problems.clear();
                self.show_problems()?;
                self.job = Some((job, scenarios, now_ms()));
                Ok(true)
            }
            Err((variant, e)) => {
                self.problems = vec![Problem {
                    variant,
                    path: e.path().map(str::to_string),
                    message: e.to_string(),
                }];
                self.show_problems()?;
                Ok(false)
            }
        }
    }

    /// Advances the run for about `budget_ms` milliseconds. Returns the fraction done; at 1 the
    /// results are in place (and the run is over). Without a run, returns 1.
    pub fn step(&mut self, budget_ms: f64) -> f64 {
        let Some((job, _, _)) = self.job.as_mut() else {
            return 1.0;
        };
        let deadline = now_ms() + budget_ms;
        if !job.advance(|| now_ms() < deadline) {
            return job.progress().min(SLICE_PROGRESS_CAP);
        }
        if let Some((job, scenarios, started)) = self.job.take()
            && let Some(reports) = job.into_reports()
        {
            let sweep = sweep::series(&scenarios);
            self.results = Some(Results {
                scenarios,
                reports,
                sweep,
                elapsed_ms: now_ms() - started,
            });
        }
        1.0
    }

    /// Stops the run in progress; the previous results stay.
    pub fn cancel(&mut self) {
        self.job = None;
    }

    /// Whether a run is in progress.
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// Whether there are results to draw.
    pub fn has_results(&self) -> bool {
        self.results.is_some()
    }

    /// Draws a chart (`timeline`, `environments`, `anatomy`, `cdf`, `sweep`) on a canvas, at
    /// the canvas' on-screen size and the screen's pixel ratio, in the `light` or `dark` theme.
    pub fn draw(
        &mut self,
        chart: &str,
        canvas: HtmlCanvasElement,
        theme_name: &str,
    ) -> Result<(), JsError> {
        let kind = chart_kind(chart)?;
        let Some(results) = &self.results else {
            return Err(JsError::new("nothing to draw yet"));
        };
        let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let backend = canvas::PageBackend::canvas(canvas, ratio).map_err(|e| JsError::new(&e))?;
        let area = backend.into_drawing_area();
        let geometry = kind
            .draw(
                &area,
                &results.variants(),
                &results.sweep,
                &theme(theme_name),
            )
            .map_err(|e| JsError::new(&e.to_string()))?;
        area.present().map_err(|e| JsError::new(&e.to_string()))?;
        self.geometries.retain(|(k, _)| *k != kind);
        self.geometries.push((kind, geometry));
        Ok(())
    }

    /// The values under the pointer, at CSS pixel `(x, y)` of a drawn chart.
    pub fn hover(&self, chart: &str, x: f64, y: f64) -> Option<String> {
        let kind = chart.parse::<ChartKind>().ok()?;
        let (_, geometry) = self.geometries.iter().find(|(k, _)| *k == kind)?;
        geometry.describe(x.round() as i32, y.round() as i32)
    }

    /// Rebuilds the summary table from the last results.
    pub fn render_summary(&self) -> Result<(), JsError> {
        let Some(results) = &self.results else {
            return Ok(());
        };
        dom::render_table(&self.summary, &summary::table(&results.named())).map_err(js_err)
    }

    /// One line about the last run: variants, requests and time taken.
    pub fn run_info(&self) -> String {
        let Some(r) = &self.results else {
            return String::new();
        };
        let requests: u64 = r.reports.iter().map(|r| r.requests).sum();
        let events: u64 = r.reports.iter().map(|r| r.events).sum();
        format!(
            "{} variants · {} requests · {} events · simulated in {} ms",
            r.reports.len(),
            format::count(requests),
            format::count(events),
            format::thousands(r.elapsed_ms.round() as i64)
        )
    }

    /// The share fragment (without `#`) of the variants last drawn, naming `chart` for embeds.
    pub fn fragment(&self, chart: Option<String>) -> String {
        match &self.results {
            Some(r) => Session::fragment(&r.scenarios, chart.as_deref()),
            None => String::new(),
        }
    }

    /// The `<iframe>` snippet embedding `chart` of the current results.
    pub fn embed_snippet(&self, page_url: &str, chart: &str, theme_name: Option<String>) -> String {
        page::embed_snippet(
            page_url,
            chart,
            theme_name.as_deref(),
            &self.fragment(Some(chart.to_string())),
        )
    }

    /// The link back from an embed to the full playground with the same scenario.
    pub fn full_page_url(&self, page_url: &str) -> String {
        let base = page_url.split(['?', '#']).next().unwrap_or_default();
        format!("{base}#{}", self.fragment(None))
    }

    /// A download of the results: `requests-csv`, `timeseries-csv` or `report-json`, as
    /// `{ filename, mime, text }`.
    pub fn export_data(&self, what: &str) -> Result<JsValue, JsError> {
        let r = self
            .results
            .as_ref()
            .ok_or_else(|| JsError::new("no results yet"))?;
        let stem = r.stem();
        let download = match what {
            "requests-csv" => Download {
                filename: format!("{stem}-requests.csv"),
                mime: "text/csv",
                text: export::requests_csv(&r.named()),
            },
            "timeseries-csv" => Download {
                filename: format!("{stem}-timeseries.csv"),
                mime: "text/csv",
                text: export::timeseries_csv(&r.named()),
            },
            "report-json" => {
                let pairs: Vec<(&Scenario, &Report)> = r.scenarios.iter().zip(&r.reports).collect();
                Download {
                    filename: format!("{stem}-report.json"),
                    mime: "application/json",
                    text: export::report_json(&pairs).map_err(|e| JsError::new(&e.to_string()))?,
                }
            }
            other => return Err(JsError::new(&format!("unknown export '{other}'"))),
        };
        serde_wasm_bindgen::to_value(&download).map_err(|e| JsError::new(&e.to_string()))
    }

    /// A chart as SVG, drawn in Rust by plotters' SVG backend, as `{ filename, mime, text }`.
    pub fn export_svg(
        &self,
        chart: &str,
        theme_name: &str,
        width: u32,
        height: u32,
    ) -> Result<JsValue, JsError> {
        let kind = chart_kind(chart)?;
        let r = self
            .results
            .as_ref()
            .ok_or_else(|| JsError::new("no results yet"))?;
        let text = render_svg(
            kind,
            &r.variants(),
            &r.sweep,
            &theme(theme_name),
            width,
            height,
        )
        .map_err(|e| JsError::new(&e))?;
        let download = Download {
            filename: format!("{}-{}.svg", r.stem(), kind.as_str()),
            mime: "image/svg+xml",
            text,
        };
        serde_wasm_bindgen::to_value(&download).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The file name of a chart's PNG (the page makes the PNG from the canvas).
    pub fn png_name(&self, chart: &str) -> String {
        let stem = self
            .results
            .as_ref()
            .map_or_else(|| "coldstart".to_string(), Results::stem);
        format!("{stem}-{chart}.png")
    }

    /// Replaces the variants with the default comparison under a Poisson workload sized for
    /// `requests` arrivals per variant: the benchmark's scenario.
    pub fn load_benchmark(&mut self, requests: u32) -> Result<(), JsError> {
        let mut variants = session::default_comparison();
        for s in &mut variants {
            s.workload = coldstart_core::scenario::Workload::Poisson {
                rate_per_s: f64::from(requests) / s.duration_s,
            };
        }
        self.session.replace(&variants);
        self.problems.clear();
        self.render_panel()
    }

    /// Fingerprint of the reports of the last results, comma-separated (determinism checks).
    pub fn fingerprints(&self) -> Result<String, JsError> {
        let r = self
            .results
            .as_ref()
            .ok_or_else(|| JsError::new("no results yet"))?;
        let prints = r
            .reports
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
    sweep: &[SweepSeries],
    theme: &Theme,
    width: u32,
    height: u32,
) -> Result<String, String> {
    coldstart_charts::check_svg_size(width, height).map_err(|e| e.to_string())?;
    let mut svg = String::new();
    {
        let backend = plotters::prelude::SVGBackend::with_string(&mut svg, (width, height));
        let area = canvas::PageBackend::measured(backend).into_drawing_area();
        kind.draw(&area, variants, sweep, theme)
            .map_err(|e| e.to_string())?;
        area.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// Progress shown while a run is unfinished stays below 1, which means "done".
const SLICE_PROGRESS_CAP: f64 = 0.999;

/// How the page was opened (`?embed&chart=…&theme=…`), as `{ embed, chart, theme }`.
#[wasm_bindgen]
pub fn page_mode(search: &str) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&page::parse_query(search))
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The chart names, in page order.
#[wasm_bindgen]
pub fn chart_names() -> Vec<String> {
    page::CHARTS.iter().map(|s| (*s).to_string()).collect()
}

/// Runs every variant of a preset file and returns the fingerprint of the reports, the same
/// function the build script runs natively (the determinism test compares the two).
#[wasm_bindgen]
pub fn preset_fingerprint(text: &str) -> Result<String, JsError> {
    fingerprint::preset_fingerprint(text).map_err(|e| JsError::new(&e))
}
