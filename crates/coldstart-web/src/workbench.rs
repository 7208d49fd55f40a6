//! The playground's logic without the DOM: the compared variants, the problems found in them,
//! the run in progress and the last results, with every action the page can take on them.
//!
//! [`crate::Playground`] is a thin `#[wasm_bindgen]` wrapper that adds the page's elements and
//! canvases; everything it decides is decided here, in plain Rust, so native tests (the
//! no-panic property test in `tests/workbench.rs`) drive exactly the code the page runs.

use crate::controls::{Edit, FieldError};
use crate::session::{self, Problem, Session};
use crate::{export, page, presets, run};
use coldstart_charts::{ChartKind, SweepSeries, Variant};
use coldstart_core::{Report, Scenario, ScenarioError};
use coldstart_prose::{charted, csv, explanation, format, table};
use serde::Serialize;

/// Progress shown while a run is unfinished stays below 1, which means "done".
const SLICE_PROGRESS_CAP: f64 = 0.999;

/// A finished comparison: what the charts, table and exports are made from.
pub struct Results {
    scenarios: Vec<Scenario>,
    reports: Vec<Report>,
    sweep: Vec<SweepSeries>,
    elapsed_ms: f64,
}

impl Results {
    /// The variants as the charts take them.
    pub fn variants(&self) -> Vec<Variant<'_>> {
        self.scenarios
            .iter()
            .zip(&self.reports)
            .map(|(s, r)| Variant {
                label: s.name.as_str(),
                report: r,
            })
            .collect()
    }

    /// `(name, report)` of every variant, as the table and the CSV exports take them.
    pub fn named(&self) -> Vec<(&str, &Report)> {
        self.scenarios
            .iter()
            .map(|s| s.name.as_str())
            .zip(&self.reports)
            .collect()
    }

    /// The size sweep of the compared packages.
    pub fn sweep(&self) -> &[SweepSeries] {
        &self.sweep
    }

    /// The reports, in variant order.
    pub fn reports(&self) -> &[Report] {
        &self.reports
    }

    /// The file-name stem naming the compared variants.
    pub fn stem(&self) -> String {
        let names: Vec<&str> = self.scenarios.iter().map(|s| s.name.as_str()).collect();
        export::file_stem(&names)
    }
}

/// A file for the page to offer as a download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Download {
    /// Suggested file name, naming the scenario.
    pub filename: String,
    /// MIME type.
    pub mime: &'static str,
    /// The file's text.
    pub text: String,
}

/// What an edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOutcome {
    /// The draft took the text; `valid` says whether every variant now validates.
    Applied {
        /// Whether the panel's inputs stay or the panel must be rebuilt.
        edit: Edit,
        /// Whether every variant validates, so a run can start.
        valid: bool,
    },
    /// The draft refused the text (not a number, blank but required…): the problem is listed
    /// at the input's path and the draft is unchanged.
    Refused,
}

impl EditOutcome {
    /// The page's word for it: `"shape"` (rebuild the panel, re-run), `"value"` (re-run) or
    /// `"invalid"` (show the problems, keep the last results).
    pub fn as_str(self) -> &'static str {
        match self {
            EditOutcome::Applied {
                edit: Edit::Shape,
                valid: true,
            } => "shape",
            EditOutcome::Applied {
                edit: Edit::Value,
                valid: true,
            } => "value",
            _ => "invalid",
        }
    }
}

/// The playground's state and actions, without the page's elements.
pub struct Workbench {
    session: Session,
    problems: Vec<Problem>,
    job: Option<(run::Job, Vec<Scenario>, f64)>,
    results: Option<Results>,
    notice: Option<String>,
    /// Why the loaded preset is shown without its twin, if it is.
    preset_note: Option<String>,
    linked_chart: Option<String>,
}

impl Workbench {
    /// Restores the state from a URL fragment (without `#`; empty for the default comparison).
    /// A bad fragment gives the default comparison and a [`Workbench::notice`] saying why.
    pub fn new(fragment: &str) -> Workbench {
        let (session, notice, linked_chart) = Session::restore(fragment);
        Workbench {
            session,
            problems: Vec::new(),
            job: None,
            results: None,
            notice,
            preset_note: None,
            linked_chart,
        }
    }

    /// A message for the user about the link the page was opened with (corrupt, too new…).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The chart named in the share link, if any (an embed link carries one).
    pub fn linked_chart(&self) -> Option<&str> {
        self.linked_chart.as_deref()
    }

    /// The variants being edited.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// What stops the variants from running, each located at its variant and field.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Indices of the variants with a problem (their tabs are marked).
    pub fn invalid_variants(&self) -> Vec<usize> {
        self.problems.iter().map(|p| p.variant).collect()
    }

    /// Applies the text of an input. A refused text replaces any earlier problem at the same
    /// path; an applied one re-validates every variant.
    pub fn edit(&mut self, path: &str, raw: &str) -> EditOutcome {
        match self.session.edit(path, raw) {
            Ok(edit) => {
                self.problems = self.session.scenarios().err().unwrap_or_default();
                EditOutcome::Applied {
                    edit,
                    valid: self.problems.is_empty(),
                }
            }
            Err(FieldError { path, message }) => {
                self.problems.retain(|p| p.path.as_deref() != Some(&path));
                self.problems.push(Problem {
                    variant: self.session.active(),
                    message: format!("{path} = {message}"),
                    path: Some(path),
                });
                EditOutcome::Refused
            }
        }
    }

    /// Shows another variant in the panel (an index out of range is ignored).
    pub fn select_variant(&mut self, index: usize) {
        self.session.select(index);
    }

    /// Adds a copy of the selected variant; `false` at the limit.
    pub fn add_variant(&mut self) -> bool {
        self.session.add_variant()
    }

    /// Removes a variant (the last one stays) and re-validates the rest.
    pub fn remove_variant(&mut self, index: usize) -> bool {
        let removed = self.session.remove_variant(index);
        self.problems = self.session.scenarios().err().unwrap_or_default();
        removed
    }

    /// Replaces the variants with a preset's.
    pub fn load_preset(&mut self, id: &str) -> Result<(), ScenarioError> {
        let (variants, note) = presets::load_with_note(id)?;
        self.session.replace(&variants);
        self.problems.clear();
        self.preset_note = note;
        Ok(())
    }

    /// Why the last preset loaded is shown as one variant (it has no twin), if it is.
    pub fn preset_note(&self) -> Option<&str> {
        self.preset_note.as_deref()
    }

    /// Replaces the variants with the default comparison under a Poisson workload sized for
    /// `requests` arrivals per variant: the benchmark's scenario.
    pub fn load_benchmark(&mut self, requests: u32) {
        let mut variants = session::default_comparison();
        for s in &mut variants {
            s.workload = coldstart_core::scenario::Workload::Poisson {
                rate_per_s: f64::from(requests) / s.duration_s,
            };
        }
        self.session.replace(&variants);
        self.problems.clear();
        self.preset_note = None;
    }

    /// Starts a run of the current variants at time `now_ms`. Returns `false` (and lists the
    /// problems) when a variant is invalid or too big to run; the previous results stay.
    pub fn start(&mut self, now_ms: f64) -> bool {
        self.job = None;
        let scenarios = match self.session.scenarios() {
            Ok(s) => s,
            Err(problems) => {
                self.problems = problems;
                return false;
            }
        };
        match run::Job::new(&scenarios) {
            Ok(job) => {
                self.problems.clear();
                self.job = Some((job, scenarios, now_ms));
                true
            }
            Err((variant, e)) => {
                self.problems = vec![Problem {
                    variant,
                    path: e.path().map(str::to_string),
                    message: e.to_string(),
                }];
                false
            }
        }
    }

    /// Advances the run until `now_ms()` passes `deadline_ms` (the clock is read every
    /// [`run::EVENTS_PER_CHECK`] events). Returns the fraction done; at 1 the results are in
    /// place and the run is over. Without a run, returns 1.
    pub fn step(&mut self, deadline_ms: f64, mut now_ms: impl FnMut() -> f64) -> f64 {
        let Some((job, _, _)) = self.job.as_mut() else {
            return 1.0;
        };
        if !job.advance(|| now_ms() < deadline_ms) {
            return job.progress().min(SLICE_PROGRESS_CAP);
        }
        if let Some((variant, e)) = job.failure() {
            self.job = None;
            self.problems = vec![Problem {
                variant,
                path: None,
                message: e.to_string(),
            }];
            return 1.0;
        }
        if let Some((job, scenarios, started)) = self.job.take()
            && let Some(reports) = job.into_reports()
        {
            // The sweep of the first variant; empty when the core refuses it (the chart then
            // says "no data", and the run's own errors are shown elsewhere).
            let mut sweep = (scenarios.first())
                .and_then(|base| charted::sweep(base).ok())
                .map(|points| SweepSeries::from_sweep(&points))
                .unwrap_or_default();
            // Every compared variant marked at its own size on its packaging's curve.
            for (i, (s, r)) in scenarios.iter().zip(&reports).enumerate() {
                SweepSeries::mark_variant(&mut sweep, i, &s.name, &s.package, r);
            }
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

    /// The last results, if a run has finished.
    pub fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// The summary table of the last results.
    pub fn summary(&self) -> Option<table::Table> {
        self.results.as_ref().map(|r| table::summary(&r.named()))
    }

    /// The "why they differ" sentences of the last results.
    pub fn explanation(&self) -> Option<explanation::Why> {
        let r = self.results.as_ref()?;
        explanation::why_of(&r.scenarios, &r.reports)
    }

    /// Whether results are shown that are not those of the current inputs: an edit, a preset
    /// or a variant changed them since the run (and, when the inputs are invalid, no run can
    /// replace them). The page dims such results and [`Workbench::run_info`] says whose they are.
    pub fn stale(&self) -> bool {
        let Some(r) = &self.results else {
            return false;
        };
        !self.problems.is_empty() || self.session.scenarios().map_or(true, |s| s != r.scenarios)
    }

    /// One line about the results shown: variants, requests and time taken when they are the
    /// current inputs'; otherwise which scenario they belong to and what brings them up to date.
    pub fn run_info(&self) -> String {
        let Some(r) = &self.results else {
            return String::new();
        };
        if self.stale() {
            let names: Vec<&str> = r.scenarios.iter().map(|s| s.name.as_str()).collect();
            let next = if self.problems.is_empty() {
                "re-running with the current inputs"
            } else {
                "fix the highlighted input to re-run"
            };
            return format!(
                "Out of date: these results are for {}; {next}.",
                names.join(" vs ")
            );
        }
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
    pub fn fragment(&self, chart: Option<&str>) -> String {
        match &self.results {
            Some(r) => Session::fragment(&r.scenarios, chart),
            None => String::new(),
        }
    }

    /// The `<iframe>` snippet embedding `chart` of the current results.
    pub fn embed_snippet(&self, page_url: &str, chart: &str, theme: Option<&str>) -> String {
        page::embed_snippet(page_url, chart, theme, &self.fragment(Some(chart)))
    }

    /// The link back from an embed to the full playground with the same scenario.
    pub fn full_page_url(&self, page_url: &str) -> String {
        let base = page_url.split(['?', '#']).next().unwrap_or_default();
        format!("{base}#{}", self.fragment(None))
    }

    /// A download of the results: `requests-csv`, `timeseries-csv` or `report-json`.
    pub fn export_data(&self, what: &str) -> Result<Download, String> {
        let r = self.results.as_ref().ok_or("no results yet")?;
        let stem = r.stem();
        Ok(match what {
            "requests-csv" => Download {
                filename: format!("{stem}-requests.csv"),
                mime: "text/csv",
                text: csv::requests(&r.named()),
            },
            "timeseries-csv" => Download {
                filename: format!("{stem}-timeseries.csv"),
                mime: "text/csv",
                text: csv::timeseries(&r.named()),
            },
            "report-json" => {
                let pairs: Vec<(&Scenario, &Report)> = r.scenarios.iter().zip(&r.reports).collect();
                Download {
                    filename: format!("{stem}-report.json"),
                    mime: "application/json",
                    text: export::report_json(&pairs).map_err(|e| e.to_string())?,
                }
            }
            other => return Err(format!("unknown export '{other}'")),
        })
    }

    /// The file name of a chart's SVG export.
    pub fn svg_name(&self, kind: ChartKind) -> String {
        format!("{}-{}.svg", self.stem(), kind.as_str())
    }

    /// The file name of a chart's PNG (the page makes the PNG from the canvas).
    pub fn png_name(&self, chart: &str) -> String {
        format!("{}-{chart}.png", self.stem())
    }

    fn stem(&self) -> String {
        self.results
            .as_ref()
            .map_or_else(|| "coldstart".to_string(), Results::stem)
    }
}
