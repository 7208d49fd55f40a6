//! The playground's logic without the DOM: the compared variants, the problems found in them,
//! the run in progress and the last results, with every action the page can take on them.
//!
//! [`crate::Playground`] is a thin `#[wasm_bindgen]` wrapper that adds the page's elements and
//! canvases; everything it decides is decided here, in plain Rust, so native tests (the
//! no-panic property test in `tests/workbench.rs`) drive exactly the code the page runs.

pub use crate::boundary::{Arrival, EditResult, Export};
use crate::controls::{Edit, FieldError};
use crate::imported::ImportTerms;
use crate::session::{self, Link, Problem, Session};
use crate::{export, page, presets, run};
use coldstart_charts::{ChartKind, SweepSeries, TimelineSample, Variant};
use coldstart_core::compare::replication::{self, Replicated, Replications, RunFigures};
use coldstart_core::plan::Request;
use coldstart_core::share;
use coldstart_core::sweep::SweepPoint;
use coldstart_core::{Report, Scenario, ScenarioError};
use coldstart_prose::chart_text::{self, ChartText};
use coldstart_prose::{charted, csv, explanation, format, table};
use serde::Serialize;
use std::cell::{OnceCell, RefCell};

/// Progress shown while a run is unfinished stays below 1, which means "done".
const SLICE_PROGRESS_CAP: f64 = 0.999;

/// Seeds the page runs each comparison under unless the reader asks for others: enough for
/// an interval (two would give t = 12.7, a uselessly wide one), few enough that the default
/// comparison's first chart stays quick. Measured with the release page in headless Chromium
/// (tests/e2e/run.mjs prints it): see docs/benchmarks.md, "Seeds on the page".
pub const DEFAULT_REPLICATIONS: u32 = 3;

/// A finished comparison: what the charts, table and exports are made from.
pub struct Results {
    scenarios: Vec<Scenario>,
    /// The first seed's reports, without their per-request records (see `records`) and their
    /// environment lanes (see `lanes`).
    reports: Vec<Report>,
    /// What the timeline draws of each variant's records.
    samples: Vec<TimelineSample>,
    /// Each variant's environment lanes as the run sent them.
    lanes: Vec<run::Lanes>,
    /// The reports with their lanes, made when the lanes chart (or a download) first asks.
    laned: OnceCell<Result<Vec<Report>, String>>,
    /// Each variant's records as the run sent them (`None` until they are in), read only for
    /// the downloads that list requests.
    records: Vec<Option<run::Records>>,
    /// The seeds the comparison ran under.
    replications: Replications,
    /// The comparison over those seeds; `None` for one seed, or until every seed has run.
    replicated: Option<Replicated>,
    /// Which run of the workbench made them.
    run: u64,
    /// The size sweep: the run worker's ([`run::Reply::Sweep`]) when it came first, else made
    /// when first asked for ([`Results::sweep`]). It samples thousands of cold starts (~10 ms
    /// of the page's wasm on a desktop, 40–68 ms at 4× in the phone profiles of
    /// docs/benchmarks.md) for a chart below the screen, so the charts on the screen and the
    /// summary never wait for it, and the workers make it while the page draws them.
    sweep: OnceCell<Sweep>,
    elapsed_ms: f64,
    /// Share fragments made so far, by the chart they name ([`Workbench::keep_link`]): the page
    /// asks again after every run and copy, and compressing is asynchronous in the browser.
    fragments: Fragments,
}

impl Results {
    /// The variants these results are of, as the run line and the copy notice name them
    /// ("Node.js API (zip) vs Node.js API (image)").
    fn names(&self) -> String {
        let names: Vec<&str> = self.scenarios.iter().map(|s| s.name.as_str()).collect();
        names.join(" vs ")
    }

    /// The first seed's results of run number `run`; the intervals come when every seed has
    /// run.
    fn new(
        scenarios: Vec<Scenario>,
        first: Vec<First>,
        records: Vec<Option<run::Records>>,
        replications: Replications,
        run: u64,
        elapsed_ms: f64,
    ) -> Results {
        let (mut reports, mut samples, mut lanes) = (Vec::new(), Vec::new(), Vec::new());
        for f in first {
            reports.push(f.report);
            samples.push(f.sample);
            lanes.push(f.lanes);
        }
        Results {
            scenarios,
            reports,
            samples,
            lanes,
            laned: OnceCell::new(),
            records,
            replications,
            replicated: None,
            run,
            sweep: OnceCell::new(),
            elapsed_ms,
            fragments: Fragments::default(),
        }
    }

    /// The variants as the charts take them, without their environment lanes
    /// ([`Results::variants_drawn_by`] has them for the lanes chart).
    pub fn variants(&self) -> Vec<Variant<'_>> {
        self.variants_of(&self.reports)
    }

    fn variants_of<'a>(&'a self, reports: &'a [Report]) -> Vec<Variant<'a>> {
        self.scenarios
            .iter()
            .zip(reports)
            .map(|(s, r)| Variant {
                label: s.name.as_str(),
                report: r,
            })
            .collect()
    }

    /// `(name, report)` of every variant, for `reports` in variant order.
    fn named_of<'a>(&'a self, reports: &'a [Report]) -> Vec<(&'a str, &'a Report)> {
        self.scenarios
            .iter()
            .map(|s| s.name.as_str())
            .zip(reports)
            .collect()
    }

    /// The variants as chart `kind` takes them: with their environment lanes for the lanes
    /// chart (read from the run's bytes the first time), without for the others.
    pub fn variants_drawn_by(&self, kind: ChartKind) -> Result<Vec<Variant<'_>>, String> {
        Ok(match kind {
            ChartKind::Lanes => self.variants_of(self.laned()?),
            _ => self.variants(),
        })
    }

    /// The reports with their environment lanes.
    fn laned(&self) -> Result<&[Report], String> {
        let laned = self.laned.get_or_init(|| {
            (self.reports.iter().zip(&self.lanes))
                .map(|(report, lanes)| {
                    let mut laned = report.clone();
                    laned.environment_lanes = lanes.decode()?;
                    Ok(laned)
                })
                .collect()
        });
        laned.as_deref().map_err(Clone::clone)
    }

    /// What the timeline draws of each variant's request records, in variant order.
    pub fn samples(&self) -> &[TimelineSample] {
        &self.samples
    }

    /// `(name, report)` of every variant, as the table and the time-series CSV take them: the
    /// reports without their request records ([`Results::full_reports`] has them).
    pub fn named(&self) -> Vec<(&str, &Report)> {
        self.named_of(&self.reports)
    }

    /// The reports with their request records and environment lanes, as the run made them:
    /// for the report JSON (and the determinism checks), read from the run's bytes only now.
    pub fn full_reports(&self) -> Result<Vec<Report>, String> {
        self.with_records(self.laned()?)
    }

    /// `reports` with each variant's request records read in: the requests CSV needs no
    /// lanes, so it passes the reports without them and their bytes stay unread.
    fn with_records(&self, reports: &[Report]) -> Result<Vec<Report>, String> {
        (self.scenarios.iter().zip(reports).zip(&self.records))
            .map(|((scenario, report), records)| {
                let records = records.as_ref().ok_or_else(|| {
                    format!(
                        "The request records of {} did not arrive from the run; run it again.",
                        scenario.name
                    )
                })?;
                let mut full = report.clone();
                full.samples = records.decode()?;
                Ok(full)
            })
            .collect()
    }

    /// The size sweep of the compared packages, made on first use.
    pub fn sweep(&self) -> &[SweepSeries] {
        &self.sweep_made().series
    }

    /// What `kind` draws of the size sweep: all of it for the sweep chart, nothing for the
    /// others, so that drawing them never makes it.
    pub fn sweep_drawn_by(&self, kind: ChartKind) -> &[SweepSeries] {
        match kind {
            ChartKind::Sweep => self.sweep(),
            _ => &[],
        }
    }

    fn sweep_made(&self) -> &Sweep {
        self.sweep.get_or_init(|| {
            // The sweep of the first variant; empty when the core refuses it (the chart then
            // says "no data", and the run's own errors are shown elsewhere).
            let points = (self.scenarios.first())
                .and_then(|base| charted::sweep(base).ok())
                .unwrap_or_default();
            self.sweep_of(points)
        })
    }

    /// The sweep chart's curves of `points`, every compared variant marked at its own size on
    /// its packaging's curve.
    fn sweep_of(&self, points: Vec<SweepPoint>) -> Sweep {
        let mut series = SweepSeries::from_sweep(&points);
        for (i, (s, r)) in self.scenarios.iter().zip(&self.reports).enumerate() {
            SweepSeries::mark_variant(&mut series, i, &s.name, &s.package, r);
        }
        Sweep { series, points }
    }

    /// Takes the run worker's sweep, unless the page made it first (the same sweep).
    fn take_sweep(&self, points: Vec<SweepPoint>) {
        if self.sweep.get().is_none() {
            let _ = self.sweep.set(self.sweep_of(points));
        }
    }

    /// The first seed's reports, in variant order, without their request records and
    /// environment lanes (`samples` empty, `environment_lanes` `None`):
    /// [`Results::full_reports`] has them.
    pub fn reports(&self) -> &[Report] {
        &self.reports
    }

    /// The comparison over several seeds, when it ran under more than one.
    pub fn replicated(&self) -> Option<&Replicated> {
        self.replicated.as_ref()
    }

    /// The file-name stem naming the compared variants.
    pub fn stem(&self) -> String {
        let names: Vec<&str> = self.scenarios.iter().map(|s| s.name.as_str()).collect();
        export::file_stem(&names)
    }
}

/// A variant's first-seed report as it came from the run, the heavy parts apart.
struct First {
    /// The report, without its request records and environment lanes.
    report: Report,
    /// What the timeline draws of its request records.
    sample: TimelineSample,
    /// Its environment lanes, encoded.
    lanes: run::Lanes,
}

/// The size sweep of the first variant's packaging, as the sweep chart draws it.
struct Sweep {
    series: Vec<SweepSeries>,
    /// The points as the core made them, for the chart's text alternative.
    points: Vec<SweepPoint>,
}

/// Share fragments made so far for one set of scenarios, by the chart they name (`None`: the
/// whole page's link).
type Fragments = RefCell<Vec<(Option<String>, String)>>;

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

impl Download {
    /// As the page's JavaScript reads it (`{ filename, mime, text }`).
    pub fn to_js(&self) -> wasm_bindgen::JsValue {
        crate::boundary::js_object(&[
            ("filename", self.filename.as_str().into()),
            ("mime", self.mime.into()),
            ("text", self.text.as_str().into()),
        ])
    }
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
    /// What the page does next.
    pub fn result(self) -> EditResult {
        match self {
            EditOutcome::Applied {
                edit: Edit::Shape,
                valid: true,
            } => EditResult::Shape,
            EditOutcome::Applied {
                edit: Edit::Value,
                valid: true,
            } => EditResult::Value,
            _ => EditResult::Invalid,
        }
    }
}

/// The run in progress: its number, what it runs and since when; `local` when it runs on this
/// thread ([`Workbench::start`]) rather than in a worker.
struct Pending {
    run: u64,
    scenarios: Vec<Scenario>,
    started_ms: f64,
    local: Option<run::Task>,
    /// The first seed's reports in so far, by variant (the parts' replies interleave).
    first: Vec<Option<First>>,
    /// The first seed's request records in so far, by variant.
    records: Vec<Option<run::Records>>,
    /// Parts the run is split into ([`run::Part`]), one per worker.
    parts: usize,
    /// Parts not done yet.
    parts_left: usize,
    /// Every run's figures in so far, by index in run order: the intervals are made from them
    /// once every part is done.
    figures: Vec<Option<RunFigures>>,
    /// The size sweep, when a worker sent it before the results were complete.
    sweep: Option<Vec<SweepPoint>>,
}

/// The playground's state and actions, without the page's elements.
pub struct Workbench {
    session: Session,
    problems: Vec<Problem>,
    pending: Option<Pending>,
    /// The Plan view's question: the link's until the reader answers one, then theirs. Share
    /// links carry it.
    plan: Option<Request>,
    /// The reader's traffic, when imported: its arrivals are in the run worker, the variants
    /// carry its stand-in.
    imported: Option<ImportTerms>,
    /// The seeds each run is made under.
    replications: Replications,
    /// Runs started so far: tells the results of the run in progress from earlier ones.
    runs: u64,
    /// The first seed's results came in and are not drawn yet.
    new_charts: bool,
    /// The inputs of the last run when it was cancelled (the Cancel button, or a run that
    /// failed), until a run starts: while they are still the inputs, no run of them is under
    /// way, and the results' line must not say one is (an edit since then starts one).
    stopped: Option<(Vec<Scenario>, Replications)>,
    results: Option<Results>,
    notice: Option<String>,
    /// Why the loaded preset is shown without its twin, if it is.
    preset_note: Option<String>,
    linked_chart: Option<String>,
    /// Whether the page shows the size sweep chart: an embed of another chart never draws it,
    /// so its workers are not asked for a sweep (thousands of sampled cold starts) it would
    /// not use.
    sweep_shown: bool,
}

impl Workbench {
    /// Restores the state from the link the page was opened with (`None` for the default
    /// comparison). A bad link gives the default comparison and a [`Workbench::notice`] saying why.
    pub fn new(link: Link) -> Workbench {
        let session::Restored {
            session,
            notice,
            chart: linked_chart,
            plan: linked_plan,
        } = Session::restore(link);
        Workbench {
            session,
            plan: linked_plan,
            problems: Vec::new(),
            pending: None,
            imported: None,
            replications: Replications::new(DEFAULT_REPLICATIONS).unwrap_or(Replications::ONE),
            runs: 0,
            new_charts: false,
            stopped: None,
            results: None,
            notice,
            preset_note: None,
            linked_chart,
            sweep_shown: true,
        }
    }

    /// The workbench of a page opened on `link` with the query `search`: as
    /// [`Workbench::new`], told whether the page shows the size sweep chart
    /// ([`page::shows_sweep`]), which its runs then ask the workers for only if it does.
    pub fn opened(link: Link, search: &str) -> Workbench {
        let mut bench = Workbench::new(link);
        bench.sweep_shown = page::shows_sweep(&page::parse_query(search), bench.linked_chart());
        bench
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

    /// The seeds each run is made under.
    pub fn replications(&self) -> Replications {
        self.replications
    }

    /// Sets the seeds from the page's input text; an error names the input, the value and the
    /// rule, and keeps the previous count.
    pub fn set_replications(&mut self, raw: &str) -> Result<(), String> {
        let text = raw.trim();
        let n: u32 = text.parse().map_err(|_| {
            format!(
                "Seeds = {text}: a whole number of seeds, 1 to {}",
                replication::MAX_REPLICATIONS
            )
        })?;
        self.replications = Replications::new(n).map_err(|e| match e {
            ScenarioError::Invalid { value, rule, .. } => format!("Seeds = {value}: {rule}"),
            other => other.to_string(),
        })?;
        Ok(())
    }

    /// The first variant, validated: the template an import's traffic goes into (and whose
    /// model is set beside the log's cold starts).
    pub fn import_template(&self) -> Result<Scenario, String> {
        let mut all = self.valid_variants()?;
        if all.is_empty() {
            return Err("no variant to import into".to_string());
        }
        Ok(all.swap_remove(0))
    }

    /// The variants, validated; otherwise the first problem, as the import and the Plan view
    /// say it (they act on the variants as the panel shows them).
    fn valid_variants(&self) -> Result<Vec<Scenario>, String> {
        self.session.scenarios().map_err(|problems| {
            problems.first().map_or_else(
                || "the variants are invalid".to_string(),
                |p| format!("Fix the inputs first: {}", p.message),
            )
        })
    }

    /// Every variant takes the imported traffic: its window, durations and memory, and the
    /// Poisson stand-in for its arrivals (which stay in the worker); runs use the arrivals
    /// until [`Workbench::drop_import`].
    pub fn apply_import(&mut self, terms: ImportTerms) -> Result<(), String> {
        let variants = self.valid_variants()?;
        let changed: Vec<Scenario> = variants.iter().map(|v| terms.apply(v)).collect();
        self.session.replace(&changed);
        self.problems.clear();
        self.imported = Some(terms);
        Ok(())
    }

    /// Runs go back to the variants' own workload (the stand-in, or what the reader types).
    pub fn drop_import(&mut self) {
        self.imported = None;
    }

    /// What the variants took from the imported traffic, while runs use it.
    pub fn imported(&self) -> Option<&ImportTerms> {
        self.imported.as_ref()
    }

    /// The Plan view's question, for share links: the link's until the reader answers one.
    pub fn plan_question(&self) -> Option<&Request> {
        self.plan.as_ref()
    }

    /// The question the reader answered last: share links carry it from now on.
    pub fn set_plan_question(&mut self, question: Request) {
        self.plan = Some(question);
        if let Some(r) = &self.results {
            r.fragments.borrow_mut().clear();
        }
    }

    /// The variant in the panel, validated: what the Plan view plans for. An invalid one is
    /// an error naming its problem.
    pub fn planned_scenario(&self) -> Result<Scenario, String> {
        let active = self.session.active();
        let mut all = self.valid_variants()?;
        if active >= all.len() {
            return Err("no variant to plan for".to_string());
        }
        Ok(all.swap_remove(active))
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
        // One seed: the benchmark times one run and its redraw (the page's time to all seeds is
        // measured on its own, tests/e2e/run.mjs).
        self.replications = Replications::ONE;
    }

    /// Starts a run of the current variants at time `now_ms`, here on this thread: drive it
    /// with [`Workbench::step`]. Returns `false` (and lists the problems) when a variant is
    /// invalid or too big to run; the previous results stay.
    pub fn start(&mut self, now_ms: f64) -> bool {
        match self.begin(now_ms, 1, false) {
            Some(request) => {
                let task = run::Task::new(request, 0, None);
                if let Some(pending) = &mut self.pending {
                    pending.local = Some(task);
                }
                true
            }
            None => false,
        }
    }

    /// Starts a run of the current variants at time `now_ms` in up to `workers` workers: the
    /// request to post to each of the first `request.parts` of them, with its part's index,
    /// whose replies go to [`Workbench::accept`]. The run is split no finer than its runs, and
    /// not at all on imported arrivals (one worker keeps them). `None` (and the problems
    /// listed) when a variant is invalid; the previous results stay.
    pub fn start_remote(&mut self, now_ms: f64, workers: usize) -> Option<run::RunRequest> {
        self.begin(now_ms, workers, true)
    }

    /// The request of the run a page opened on `link` with the query `search` starts
    /// first, with `workers` run workers: what [`Workbench::opened`] then
    /// [`Workbench::start_remote`] give, so a run worker
    /// can start its part while the page is still making its playground (`web/worker.js`), and
    /// the page's own first request, posted later, is found identical and adopted instead of
    /// run again. `None` when the link's variants cannot run (the page then shows why) or the
    /// run has no part `part` (fewer runs than workers).
    pub fn first_request(
        link: Link,
        search: &str,
        workers: usize,
        part: usize,
    ) -> Option<run::RunRequest> {
        Workbench::opened(link, search)
            .start_remote(0.0, workers)
            .filter(|request| part < request.parts)
    }

    /// Starts a run; `remote` in workers: each part holds its later seeds until the page
    /// resumes them ([`run::RunRequest::hold`]), and part 0 makes the size sweep
    /// ([`run::RunRequest::sweep`]).
    fn begin(&mut self, now_ms: f64, workers: usize, remote: bool) -> Option<run::RunRequest> {
        self.drop_pending();
        self.stopped = None;
        let scenarios = match self.session.scenarios() {
            Ok(s) => s,
            Err(problems) => {
                self.problems = problems;
                return None;
            }
        };
        self.problems.clear();
        self.runs += 1;
        let runs = scenarios.len() * self.replications.get() as usize;
        let parts = if self.imported.is_some() {
            1
        } else {
            workers.min(runs).max(1)
        };
        self.pending = Some(Pending {
            run: self.runs,
            scenarios: scenarios.clone(),
            started_ms: now_ms,
            local: None,
            first: (0..scenarios.len()).map(|_| None).collect(),
            records: vec![None; scenarios.len()],
            parts,
            parts_left: parts,
            figures: vec![None; runs],
            sweep: None,
        });
        Some(run::RunRequest {
            run: self.runs,
            scenarios,
            replications: self.replications,
            imported: self.imported.is_some(),
            parts,
            hold: remote && self.replications.get() > 1,
            // Workers make the sweep while the page draws; on this thread, or when the page
            // does not show the sweep chart, it waits for the chart to ask.
            sweep: remote && self.sweep_shown,
        })
    }

    /// Advances a run started with [`Workbench::start`] until `now_ms()` passes `deadline_ms`
    /// (the clock is read every [`run::EVENTS_PER_CHECK`] events). Returns the fraction done;
    /// at 1 the results are in place and the run is over. Without a run, returns 1.
    pub fn step(&mut self, deadline_ms: f64, mut now_ms: impl FnMut() -> f64) -> f64 {
        loop {
            let Some(task) = self.pending.as_mut().and_then(|p| p.local.as_mut()) else {
                return 1.0;
            };
            match task.advance(|| now_ms() < deadline_ms) {
                Some(reply) => {
                    self.accept(reply, now_ms());
                }
                None if task.is_done() => return 1.0,
                None => return task.progress().min(SLICE_PROGRESS_CAP),
            }
            if now_ms() >= deadline_ms {
                let progress = self.pending.as_ref().and_then(|p| p.local.as_ref());
                return progress.map_or(1.0, |t| t.progress().min(SLICE_PROGRESS_CAP));
            }
        }
    }

    /// Takes in a reply of the run in progress at time `now_ms`, and says what the page should
    /// do. A reply of a run that a newer one replaced, or that was cancelled, is dropped.
    pub fn accept(&mut self, reply: run::Reply, now_ms: f64) -> Arrival {
        let reply = match reply {
            run::Reply::Records {
                run,
                variant,
                records,
            } => return self.accept_records(run, variant, records),
            run::Reply::Sweep { run, points } => return self.accept_sweep(run, points),
            reply => reply,
        };
        let Some(pending) = self.pending.as_mut().filter(|p| p.run == reply.run()) else {
            return Arrival::Dropped;
        };
        let elapsed_ms = now_ms - pending.started_ms;
        match reply {
            run::Reply::First {
                variant,
                report,
                sample,
                lanes,
                ..
            } => {
                // A variant's report comes once; anything else is not this run's.
                match pending.first.get_mut(variant) {
                    Some(slot @ None) => {
                        *slot = Some(First {
                            report: *report,
                            sample,
                            lanes,
                        });
                    }
                    _ => return Arrival::Dropped,
                }
                if pending.first.iter().any(Option::is_none) {
                    return Arrival::Partial;
                }
                let first = pending.first.iter_mut().filter_map(Option::take).collect();
                let results = Results::new(
                    pending.scenarios.clone(),
                    first,
                    std::mem::take(&mut pending.records),
                    self.replications,
                    pending.run,
                    elapsed_ms,
                );
                if let Some(points) = pending.sweep.take() {
                    results.take_sweep(points);
                }
                self.results = Some(results);
                self.new_charts = true;
                Arrival::Charts
            }
            run::Reply::Done { figures, .. } => {
                for (i, f) in figures {
                    if let Some(slot) = pending.figures.get_mut(i) {
                        *slot = Some(f);
                    }
                }
                pending.parts_left = pending.parts_left.saturating_sub(1);
                if pending.parts_left > 0 {
                    return Arrival::Partial;
                }
                let replicated = Self::summarise(pending, self.replications);
                self.pending = None;
                if let Some(results) = self.results.as_mut().filter(|r| r.run == self.runs) {
                    results.replicated = replicated;
                    results.elapsed_ms = elapsed_ms;
                }
                Arrival::Done
            }
            // Taken in above.
            run::Reply::Records { .. } | run::Reply::Sweep { .. } => Arrival::Dropped,
            run::Reply::Failed {
                variant,
                path,
                message,
                ..
            } => {
                self.pending = None;
                self.problems = vec![Problem {
                    variant,
                    path,
                    message,
                }];
                Arrival::Failed
            }
        }
    }

    /// A variant's request records: they follow its first-seed report, so they belong to the
    /// results shown (even when their run was cancelled since) or to the run in progress.
    fn accept_records(&mut self, run: u64, variant: usize, records: run::Records) -> Arrival {
        let slots = match (&mut self.results, &mut self.pending) {
            (Some(results), _) if results.run == run => &mut results.records,
            (_, Some(pending)) if pending.run == run => &mut pending.records,
            _ => return Arrival::Dropped,
        };
        match slots.get_mut(variant) {
            Some(slot @ None) => {
                *slot = Some(records);
                Arrival::Records
            }
            _ => Arrival::Dropped,
        }
    }

    /// The size sweep a worker made: it goes to the results shown when they are its run's
    /// (even when that run was cancelled since), or waits in the run in progress for its
    /// results.
    fn accept_sweep(&mut self, run: u64, figures: Vec<run::SweepFigures>) -> Arrival {
        let points = |scenarios: &[Scenario]| -> Vec<SweepPoint> {
            let Some(base) = scenarios.first() else {
                return Vec::new();
            };
            figures.into_iter().map(|f| f.point(base)).collect()
        };
        match (&self.results, &mut self.pending) {
            (Some(results), _) if results.run == run => {
                results.take_sweep(points(&results.scenarios));
            }
            (_, Some(pending)) if pending.run == run => {
                pending.sweep = Some(points(&pending.scenarios));
            }
            _ => return Arrival::Dropped,
        }
        Arrival::Sweep
    }

    /// The comparison over the seeds, from every run's figures; `None` for one seed, or when a
    /// run's figures are missing (then no interval would be honest).
    fn summarise(pending: &Pending, replications: Replications) -> Option<Replicated> {
        if replications.get() < 2 {
            return None;
        }
        let variants = pending.scenarios.len().max(1);
        let figures: Option<Vec<RunFigures>> = pending.figures.iter().copied().collect();
        let runs: Vec<Vec<RunFigures>> = figures?.chunks(variants).map(<[_]>::to_vec).collect();
        let names: Vec<&str> = pending.scenarios.iter().map(|s| s.name.as_str()).collect();
        let first_seed = pending.scenarios.first().map_or(0, |s| s.seed);
        let seeds: Vec<u64> = (0..replications.get())
            .map(|k| replication::replication_seed(first_seed, k))
            .collect();
        Some(replication::summarise_figures(&names, &seeds, &runs))
    }

    /// [`Workbench::accept`] for a reply as the worker posts it ([`run::Reply::to_bytes`]).
    pub fn accept_bytes(&mut self, bytes: &[u8], now_ms: f64) -> Result<Arrival, String> {
        Ok(self.accept(run::Reply::from_bytes(bytes)?, now_ms))
    }

    /// Whether the first seed's results came in since the last call: the page draws the charts
    /// then, while later seeds may still be running.
    pub fn take_new_charts(&mut self) -> bool {
        std::mem::take(&mut self.new_charts)
    }

    /// Into how many parts the run in progress is split (0 without one): the workers to post
    /// its request to, each with its part's index.
    pub fn run_parts(&self) -> usize {
        self.pending.as_ref().map_or(0, |p| p.parts)
    }

    /// Stops the run in progress; the previous results stay, and its later replies are dropped.
    pub fn cancel(&mut self) {
        self.drop_pending();
        self.stopped = self
            .session
            .scenarios()
            .ok()
            .map(|scenarios| (scenarios, self.replications));
    }

    /// Drops the run in progress. A run on this thread may still hold the records of the
    /// report last taken in ([`run::Task::ready`]): they go to the results they complete,
    /// which stay on the screen, as a worker's would.
    fn drop_pending(&mut self) {
        let local = self.pending.take().and_then(|p| p.local);
        if let Some(run::Reply::Records {
            run,
            variant,
            records,
        }) = local.and_then(|mut task| task.ready())
        {
            self.accept_records(run, variant, records);
        }
    }

    /// Whether a run is in progress.
    pub fn running(&self) -> bool {
        self.pending.is_some()
    }

    /// The last results, if a run has finished.
    pub fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// The summary table of the last results.
    pub fn summary(&self) -> Option<table::Table> {
        self.results.as_ref().map(|r| table::summary(&r.named()))
    }

    /// A chart's text alternative from the last results: its summary sentence and data table.
    /// A chart without a text of its own gets the run's key figures ([`chart_text::overview`]).
    pub fn chart_text(&self, kind: ChartKind) -> Option<ChartText> {
        let r = self.results.as_ref()?;
        let named = r.named();
        Some(match kind {
            ChartKind::Timeline => chart_text::timeline(&named),
            ChartKind::Environments => chart_text::environments(&named),
            ChartKind::Anatomy => chart_text::anatomy(&named),
            ChartKind::Cdf => chart_text::cdf(&named),
            ChartKind::Sweep => {
                let of = named.first().map_or("", |(name, _)| *name);
                chart_text::sweep(of, &r.sweep_made().points)
            }
            ChartKind::Warmup => chart_text::warmup(&named),
            ChartKind::Lanes => {
                // The lanes' text reads the lanes (a failure to read them is the chart's error).
                chart_text::lanes(&r.named_of(r.laned().ok()?))
            }
            ChartKind::Order => chart_text::order(&named),
            // A chart added to `ChartKind::ALL` is described by the run's key figures until
            // it has a text of its own; while every chart has one, the arm is unreachable.
            #[allow(unreachable_patterns)]
            _ => chart_text::overview(&named),
        })
    }

    /// What the summary ([`Workbench::summary`], [`Workbench::explanation`],
    /// [`Workbench::seeds_table`]) is made of, as a key: the run whose results are shown and
    /// whether the comparison over its seeds is in. Equal keys, the same summary, so the page
    /// writes it once per key: a one-seed run's end changes none of it, and rewriting it cost the
    /// page's thread ~2 ms and a layout after every re-run's charts. A newer run has another key,
    /// whatever its figures.
    pub fn summary_key(&self) -> Option<(u64, bool)> {
        let r = self.results.as_ref()?;
        Some((r.run, r.replicated.is_some()))
    }

    /// The key figures over the seeds of the last results, when they ran under several.
    pub fn seeds_table(&self) -> Option<table::Table> {
        let r = self.results.as_ref()?.replicated.as_ref()?;
        Some(coldstart_prose::replication::table(r))
    }

    /// The "why they differ" sentences of the last results, each paragraph ending with what
    /// the seeds say when there were several.
    pub fn explanation(&self) -> Option<explanation::Why> {
        let r = self.results.as_ref()?;
        let why = explanation::why_of(&r.scenarios, &r.reports)?;
        Some(match &r.replicated {
            Some(seeds) => why.with_noise(seeds),
            None => why,
        })
    }

    /// Whether results are shown that are not those of the current inputs: an edit, a preset
    /// or a variant changed them since the run (and, when the inputs are invalid, no run can
    /// replace them). The page dims such results and [`Workbench::run_info`] says whose they are.
    pub fn stale(&self) -> bool {
        self.results
            .as_ref()
            .is_some_and(|r| self.stale_for(r, self.session.scenarios().ok().as_deref()))
    }

    /// [`Workbench::stale`] given the current inputs' scenarios (`None` while they are invalid),
    /// for a caller that needs them too and builds them once.
    fn stale_for(&self, r: &Results, current: Option<&[Scenario]>) -> bool {
        !self.problems.is_empty()
            || r.replications != self.replications
            || current != Some(r.scenarios.as_slice())
    }

    /// One line about the results shown: variants, requests and time taken when they are the
    /// current inputs'; otherwise which scenario they belong to and what brings them up to date.
    pub fn run_info(&self) -> String {
        let Some(r) = &self.results else {
            return String::new();
        };
        let current = self.session.scenarios().ok();
        if self.stale_for(r, current.as_deref()) {
            let next = if !self.problems.is_empty() {
                "fix the highlighted input to re-run"
            } else if self
                .stopped
                .as_ref()
                .is_some_and(|(scenarios, replications)| {
                    *replications == self.replications
                        && current.as_deref() == Some(scenarios.as_slice())
                })
            {
                "the run with the current inputs was stopped (change an input to run again)"
            } else {
                "re-running with the current inputs"
            };
            return format!("Out of date: these results are for {}; {next}.", r.names());
        }
        let requests: u64 = r.reports.iter().map(|r| r.requests).sum();
        let events: u64 = r.reports.iter().map(|r| r.events).sum();
        let seeds = match (r.replications.get(), &r.replicated) {
            (1, _) => "1 seed".to_string(),
            (n, Some(_)) => format!("{n} seeds"),
            (n, None) if self.running() => format!("seed 1 of {n}, the others running"),
            (n, None) => format!("seed 1 of {n}, the others stopped"),
        };
        format!(
            "{} variants · {seeds} · {} requests · {} events · simulated in {} ms",
            r.reports.len(),
            format::count(requests),
            format::count(events),
            format::thousands(r.elapsed_ms.round() as i64)
        )
    }

    /// What the page says once a link or an embed code (`what`) is on the clipboard. A link
    /// opens the results it was made from, the ones shown: when those are not the current
    /// inputs' (an invalid input, a run not started yet), the notice says whose they are, so a
    /// reader does not share the edits they think they are sharing.
    pub fn copied_notice(&self, what: &str) -> String {
        match &self.results {
            Some(r) if self.stale() => format!(
                "{what} copied to the clipboard. It opens the results shown, {}, not the inputs \
                 changed since.",
                r.names()
            ),
            _ => format!("{what} copied to the clipboard."),
        }
    }

    /// The share fragment (without `#`) of the variants last drawn, naming `chart` for embeds,
    /// once made ([`Workbench::keep_link`]); `None` before.
    pub fn fragment(&self, chart: Option<&str>) -> Option<String> {
        let made = self.results.as_ref()?.fragments.borrow();
        made.iter()
            .find(|(c, _)| c.as_deref() == chart)
            .map(|(_, fragment)| fragment.clone())
    }

    /// What the share link of the variants last drawn, naming `chart`, compresses: the page
    /// deflates it (the browser's `CompressionStream`) and hands it to [`Workbench::keep_link`].
    /// `None` without results.
    pub fn link_payload(&self, chart: Option<&str>) -> Option<Vec<u8>> {
        let r = self.results.as_ref()?;
        Some(Session::payload(&r.scenarios, chart, self.plan.as_ref()))
    }

    /// The link of `deflated`, a raw DEFLATE stream of `payload` (what [`Workbench::link_payload`]
    /// gave for `chart`), kept for [`Workbench::fragment`]. `None` when the results (or the Plan
    /// view's question) changed while it was compressed: the link would restore the old ones.
    pub fn keep_link(
        &self,
        chart: Option<&str>,
        payload: &[u8],
        deflated: &[u8],
    ) -> Option<String> {
        if self.link_payload(chart).as_deref() != Some(payload) {
            return None;
        }
        let fragment = share::framed(deflated);
        let mut made = self.results.as_ref()?.fragments.borrow_mut();
        made.retain(|(c, _)| c.as_deref() != chart);
        made.push((chart.map(str::to_string), fragment.clone()));
        Some(fragment)
    }

    /// The `<iframe>` snippet embedding `chart` with the share fragment `fragment`.
    pub fn embed_snippet(
        page_url: &str,
        chart: &str,
        theme: Option<&str>,
        fragment: &str,
    ) -> String {
        page::embed_snippet(page_url, chart, theme, fragment)
    }

    /// The link back from an embed to the full playground with the share fragment `fragment`.
    pub fn full_page_url(page_url: &str, fragment: &str) -> String {
        let base = page_url.split(['?', '#']).next().unwrap_or_default();
        format!("{base}#{fragment}")
    }

    /// A download of the results: `requests-csv`, `timeseries-csv` or `report-json`.
    pub fn export_data(&self, what: Export) -> Result<Download, String> {
        let r = self.results.as_ref().ok_or("no results yet")?;
        let stem = r.stem();
        Ok(match what {
            Export::RequestsCsv => {
                // The records only: the requests CSV has no use for the lanes.
                let full = r.with_records(&r.reports)?;
                Download {
                    filename: format!("{stem}-requests.csv"),
                    mime: "text/csv",
                    text: csv::requests(&r.named_of(&full)),
                }
            }
            Export::TimeseriesCsv => Download {
                filename: format!("{stem}-timeseries.csv"),
                mime: "text/csv",
                text: csv::timeseries(&r.named()),
            },
            Export::ReportJson => {
                let full = r.full_reports()?;
                let pairs: Vec<(&Scenario, &Report)> = r.scenarios.iter().zip(&full).collect();
                Download {
                    filename: format!("{stem}-report.json"),
                    mime: "application/json",
                    text: export::report_json(&pairs).map_err(|e| e.to_string())?,
                }
            }
            _ => return Err("unknown export".to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// On the page's own thread (no workers to make it), the size sweep is made when the sweep
    /// chart (or its text) first asks for it, not when the results come in: the charts on the
    /// screen and the summary do not wait for it. Made, it is the first variant's sweep with
    /// every variant marked, as before.
    #[test]
    fn the_sweep_is_made_on_first_use() {
        let mut bench = Workbench::new(None);
        assert!(bench.start(0.0));
        assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
        let results = bench.results.as_ref().expect("results");
        assert!(results.sweep.get().is_none(), "not made with the results");
        for kind in ChartKind::ALL {
            if kind != ChartKind::Sweep {
                assert!(results.sweep_drawn_by(kind).is_empty());
            }
        }
        assert!(results.sweep.get().is_none(), "nor by the other charts");
        let scenarios = &results.scenarios;
        let points = charted::sweep(&scenarios[0]).expect("sweeps");
        let mut expected = SweepSeries::from_sweep(&points);
        for (i, (s, r)) in scenarios.iter().zip(&results.reports).enumerate() {
            SweepSeries::mark_variant(&mut expected, i, &s.name, &s.package, r);
        }
        assert!(expected.iter().any(|s| !s.markers.is_empty()), "marked");
        assert_eq!(
            results.sweep_drawn_by(ChartKind::Sweep),
            expected.as_slice()
        );
        assert_eq!(results.sweep(), expected.as_slice());
        assert_eq!(results.sweep_made().points, points);
    }

    /// A run in workers has part 0 make the size sweep after its first-seed reports (with one
    /// seed, after its end) once the page resumes it, and part 0 only; the page takes it in
    /// whether it comes before the results are complete (kept with the run) or after, and it is
    /// the sweep the page would make itself. A sweep of another
    /// run is dropped; a sweep the page already made stays.
    #[test]
    fn a_workers_sweep_is_taken_in_before_or_after_the_results() {
        let sweep_of = |replies: &[run::Reply]| {
            (replies.iter())
                .filter(|r| matches!(r, run::Reply::Sweep { .. }))
                .count()
        };
        let mut bench = Workbench::new(None);
        bench.set_replications("1").expect("valid");
        let request = bench.start_remote(0.0, 2).expect("starts");
        assert!(request.sweep, "the workers make it");
        let drain = |part: usize| {
            let mut task = run::Task::new(request.clone(), part, None);
            let mut replies = Vec::new();
            let mut held = 0;
            while !task.is_done() {
                // The sweep waits for the page to draw the first charts (the one seed's end
                // does not).
                if task.holding() {
                    held += 1;
                    let reported = replies.iter().any(|r| matches!(r, run::Reply::Done { .. }));
                    assert!(reported && sweep_of(&replies) == 0, "held for the sweep");
                    assert!(task.resume());
                }
                replies.extend(task.advance(|| true));
            }
            assert_eq!(held, usize::from(part == 0), "part {part}");
            replies
        };
        let (zero, one) = (drain(0), drain(1));
        assert_eq!((sweep_of(&zero), sweep_of(&one)), (1, 0), "part 0 only");
        // Part 0 first: its sweep waits in the run until the other part's report is in.
        for reply in zero {
            bench.accept(reply, 1.0);
        }
        assert!(bench.results.is_none());
        assert!(bench.pending.as_ref().is_some_and(|p| p.sweep.is_some()));
        for reply in one {
            bench.accept(reply, 1.0);
        }
        let results = bench.results.as_ref().expect("results");
        assert!(results.sweep.get().is_some(), "taken from the worker");
        let scenarios = &results.scenarios;
        let points = charted::sweep(&scenarios[0]).expect("sweeps");
        assert_eq!(results.sweep_made().points, points, "the page's own sweep");
        let mut expected = SweepSeries::from_sweep(&points);
        for (i, (s, r)) in scenarios.iter().zip(&results.reports).enumerate() {
            SweepSeries::mark_variant(&mut expected, i, &s.name, &s.package, r);
        }
        assert_eq!(results.sweep(), expected.as_slice());
        let run = results.run;
        let stray = run::Reply::Sweep {
            run: run + 1,
            points: Vec::new(),
        };
        assert_eq!(bench.accept(stray, 1.0), Arrival::Dropped);
        // After the results (and even after they are complete), a sweep of their run is
        // taken in; one the page made first is kept.
        let late = run::Reply::Sweep {
            run,
            points: Vec::new(),
        };
        assert_eq!(bench.accept(late, 1.0), Arrival::Sweep);
        let results = bench.results.as_ref().expect("results");
        assert_eq!(results.sweep(), expected.as_slice(), "kept");
    }

    /// The requests CSV reads the request records but not the environment lanes (only the
    /// lanes chart, its text and the report JSON need them).
    #[test]
    fn the_requests_csv_leaves_the_lanes_unread() {
        let mut bench = Workbench::new(None);
        assert!(bench.start(0.0));
        assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
        let csv = bench.export_data(Export::RequestsCsv).expect("records in");
        assert!(csv.text.lines().count() > 1, "rows");
        let results = bench.results.as_ref().expect("results");
        assert!(results.laned.get().is_none(), "lanes not read");
        bench.export_data(Export::ReportJson).expect("records in");
        let results = bench.results.as_ref().expect("results");
        assert!(results.laned.get().is_some(), "the report JSON reads them");
    }
}
