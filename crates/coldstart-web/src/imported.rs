//! The reader's own traffic on the page: a Lambda log, a CSV of timestamps or an Azure
//! Functions trace, read in the run worker with the core's chunked [`Importer`], never sent
//! anywhere.
//!
//! The arrivals stay in the worker (a day of a busy function is a million of them: the page's
//! thread would only copy them back and forth). The worker's second module makes an
//! [`ImportSummary`] (what the file says, the model's cold starts beside the observed ones) and
//! turns it into the import card's markup there; the page gets that markup and the
//! [`ImportTerms`], what the variants take from the file (window, rate, handler durations,
//! memory). The variants then carry a Poisson stand-in at
//! the trace's mean rate, which is what a share link holds; each run request says
//! `imported`, and the worker swaps its arrivals in for the stand-in ([`with_arrivals`]).

use coldstart_core::dist::Dist;
use coldstart_core::rank::{self, Key};
use coldstart_core::scenario::Workload;
use coldstart_core::traffic::{
    self, Format, ImportOptions, Importer, ModelCheck, Next, Observed, Pick, Traffic,
};
use coldstart_core::{Scenario, ScenarioError};
use serde::{Deserialize, Serialize};

/// What an import found: all but the arrivals. It stays in the run worker's second module,
/// which sends the page the import card's markup ([`crate::dom::import_card_html`]) and the
/// [`ImportTerms`], the first module's only reader of an import: the card's words and tables,
/// and readers of the observed summary and the model check, are in neither module's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportSummary {
    /// The files read, in reading order.
    pub files: Vec<String>,
    /// Arrivals imported.
    pub arrivals: u64,
    /// The arrival window, whole seconds.
    pub duration_s: f64,
    /// Arrivals per second over the window: the rate of the share links' stand-in.
    pub mean_rate_per_s: f64,
    /// Handler durations from the file, when it has them.
    pub handler_ms: Option<Dist>,
    /// Configured memory from the file, when it says.
    pub memory_mb: Option<u32>,
    /// What the file says.
    pub observed: Observed,
    /// The model's cold starts beside the observed ones, for a log that says which were cold.
    pub check: Option<ModelCheck>,
}

impl ImportSummary {
    /// What the variants take from the file.
    pub fn terms(&self) -> ImportTerms {
        ImportTerms {
            duration_s: self.duration_s,
            mean_rate_per_s: self.mean_rate_per_s,
            handler_ms: self.handler_ms.clone(),
            memory_mb: self.memory_mb,
        }
    }
}

/// What the variants take from an imported file (`Playground.apply_import`, the first
/// module's only reader of an import): its window, durations and memory, and the rate of the
/// Poisson stand-in for its arrivals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportTerms {
    /// The arrival window, whole seconds.
    pub duration_s: f64,
    /// Arrivals per second over the window: the rate of the share links' stand-in.
    pub mean_rate_per_s: f64,
    /// Handler durations from the file, when it has them.
    pub handler_ms: Option<Dist>,
    /// Configured memory from the file, when it says.
    pub memory_mb: Option<u32>,
}

impl ImportTerms {
    /// `variant` with the imported traffic's window, durations and memory (as the CLI's
    /// import does), and the Poisson stand-in for its arrivals.
    pub fn apply(&self, variant: &Scenario) -> Scenario {
        let traffic = Traffic {
            arrivals_ms: Vec::new(),
            duration_s: self.duration_s,
            handler_ms: self.handler_ms.clone(),
            memory_mb: self.memory_mb,
            observed: Observed::default(),
        };
        let mut s = traffic.scenario(variant);
        s.workload = Workload::Poisson {
            rate_per_s: self.mean_rate_per_s,
        };
        s
    }
}

/// The variants of a run request with the imported arrivals in place of their stand-in.
pub fn with_arrivals(scenarios: &mut [Scenario], arrivals_ms: &[f64]) {
    for s in scenarios {
        s.workload = Workload::Trace {
            arrivals_ms: arrivals_ms.to_vec(),
        };
    }
}

/// Orders the files of one import the way the importer reads them (an Azure 2019 invocations
/// file before its durations and memory files), from the first bytes of each; the file names
/// go along to name them in errors.
pub fn reading_order(heads: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..heads.len()).collect();
    rank::by_key(&mut order, |&i| {
        Key::ascending_u64(u64::from(
            traffic::detect(&heads[i]).is_some_and(Format::is_companion),
        ))
    });
    order
}

/// The Azure functions an import keeps, as the reader typed them: `3` (the busiest three), a
/// function's hash, or `app:HASH` (every function of that app).
pub fn pick(which: &str) -> Result<Pick, String> {
    let typed = which.trim();
    let bad = |rule: String| format!("Azure traces: functions = {typed}: {rule}");
    if let Some(app) = typed.strip_prefix("app:") {
        let app = app.trim();
        return if app.is_empty() {
            Err(bad("app: needs the app's hash (HashApp)".to_string()))
        } else {
            Ok(Pick::App(app.to_string()))
        };
    }
    if typed.is_empty() || typed.bytes().all(|b| b.is_ascii_digit()) {
        let rule = format!(
            "a whole number of busiest functions from 1 to {}, a function's hash, or app:HASH",
            coldstart_core::defaults::AZURE_MAX_FUNCTIONS
        );
        let n: u32 = typed.parse().map_err(|_| bad(rule.clone()))?;
        return Pick::busiest(n).map_err(|_| bad(rule));
    }
    if typed.contains(['.', ',', ' ', '-']) && coldstart_core::number::parse_f64(typed).is_some() {
        return Err(bad(format!(
            "a whole number of busiest functions from 1 to {}, a function's hash, or app:HASH",
            coldstart_core::defaults::AZURE_MAX_FUNCTIONS
        )));
    }
    Ok(Pick::Function(typed.to_string()))
}

/// One import in progress in the worker: files begun, fed chunk by chunk, ended.
pub struct ImportJob {
    importer: Importer,
    files: Vec<String>,
    /// The file being read, for errors.
    current: String,
}

impl ImportJob {
    /// An import keeping the functions of an Azure trace the reader named (other formats have
    /// one function): a number N for the busiest N, a function's hash, or `app:HASH` for every
    /// function of an app. An error names the input, the value and the rule.
    pub fn new(which: &str) -> Result<ImportJob, String> {
        let pick = pick(which)?;
        Ok(ImportJob {
            importer: Importer::new(ImportOptions {
                pick,
                ..ImportOptions::default()
            }),
            files: Vec::new(),
            current: String::new(),
        })
    }

    /// Begins a file (its format detected from its first lines).
    pub fn begin_file(&mut self, name: &str) -> Result<(), String> {
        self.current = name.to_string();
        if self.files.last().map(String::as_str) != Some(name) {
            self.files.push(name.to_string());
        }
        self.importer.begin_file(None).map_err(|e| self.named(e))
    }

    /// The next bytes of the file, split anywhere.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.importer.feed_bytes(bytes).map_err(|e| self.named(e))
    }

    /// Ends the file; `true` when it must be read once more from its start (an Azure 2021
    /// trace, counted first to find its busiest functions).
    pub fn end_file(&mut self) -> Result<bool, String> {
        match self.importer.end_file().map_err(|e| self.named(e))? {
            Next::Done => Ok(false),
            Next::ReadAgain => Ok(true),
        }
    }

    /// The arrivals and the summary, with `template` (the first variant) taking the traffic:
    /// its model is run on the arrivals to set cold starts beside the log's.
    pub fn finish(self, template: &Scenario) -> Result<(Vec<f64>, ImportSummary), String> {
        let imported = self.importer.finish(template).map_err(|e| e.to_string())?;
        let check = traffic::check_model(&imported.scenario, &imported.observed)
            .map_err(|e: ScenarioError| e.to_string())?;
        let Scenario {
            workload,
            duration_s,
            function,
            ..
        } = imported.scenario;
        let Workload::Trace { arrivals_ms } = workload else {
            return Err("the import gave no arrivals".to_string());
        };
        let summary = ImportSummary {
            files: self.files,
            arrivals: arrivals_ms.len() as u64,
            duration_s,
            mean_rate_per_s: arrivals_ms.len() as f64 / duration_s.max(1.0),
            handler_ms: (function.handler_ms != template.function.handler_ms)
                .then_some(function.handler_ms),
            memory_mb: (function.memory_mb != template.function.memory_mb)
                .then_some(function.memory_mb),
            observed: imported.observed,
            check,
        };
        Ok((arrivals_ms, summary))
    }

    fn named(&self, e: traffic::ImportError) -> String {
        format!("{}: {e}", self.current)
    }
}
