//! The page's Plan view without the DOM: a planner question on the variant in the panel,
//! answered by the core's [`coldstart_core::plan::Driver`] a batch at a time.
//!
//! The page hands each batch's candidates to a pool of Web Workers (as many as the machine has
//! cores), each of which runs one candidate to a [`Measure`] ([`measure`]); the measures come
//! back in batch order, so the plan is the one a one-thread run gives (the driver's batches
//! depend only on the measures). Cancelling is dropping the [`Planning`].
//!
//! Two wasm modules share this file. The page's first module reads the form ([`target_from_form`],
//! [`request_for`]) and measures candidates in the run workers ([`measure`], the engine it has
//! anyway); the search itself ([`Planning`], the core's planners and their words) is only in the
//! second, `coldstart-web-tools`, fetched when a plan is first asked for. [`PlanStart`] is what
//! crosses between them, as JSON.

use coldstart_core::plan::memory::MemoryConfig;
use coldstart_core::plan::{Driver, Plan, Request};
use coldstart_core::plan::{Measure, Target};
use coldstart_core::simulation::Simulation;
use coldstart_core::{Scenario, ScenarioError};
use coldstart_prose::plan as words;
use coldstart_prose::table::Table;
use serde::{Deserialize, Serialize};

use crate::boundary::Planner;
use crate::imported::ImportTerms;
use crate::run::BROWSER_EVENT_BUDGET;

impl Planner {
    /// Every planner, in the menu's order.
    pub const ALL: [Planner; 4] = [
        Planner::Provisioned,
        Planner::Schedule,
        Planner::Memory,
        Planner::Packaging,
    ];

    /// The menu's words for it: the question it answers.
    pub fn question(self) -> &'static str {
        match self {
            Planner::Provisioned => "How much provisioned concurrency?",
            Planner::Schedule => "Provisioned concurrency by the hour?",
            Planner::Memory => "Which memory size?",
            Planner::Packaging => "Zip, image or SnapStart?",
            _ => "",
        }
    }

    /// Its name, as the menu's option value.
    pub fn id(self) -> &'static str {
        match self {
            Planner::Provisioned => "provisioned",
            Planner::Schedule => "schedule",
            Planner::Memory => "memory",
            Planner::Packaging => "packaging",
            _ => "invalid",
        }
    }
}

/// The metric a target bounds, as the page's menu names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetMetric {
    /// Cold starts per started invocation, typed in percent.
    ColdSharePercent,
    /// The p99 latency of all requests, typed in milliseconds.
    P99Ms,
}

impl TargetMetric {
    /// Reads the menu's value: `cold-share` or `p99-ms`.
    pub fn parse(id: &str) -> Result<TargetMetric, String> {
        match id {
            "cold-share" => Ok(TargetMetric::ColdSharePercent),
            "p99-ms" => Ok(TargetMetric::P99Ms),
            other => Err(format!(
                "Target metric = {other}: must be cold-share or p99-ms"
            )),
        }
    }
}

/// The target from the form: a metric and the number typed for it (a percentage for the
/// cold-start share). An error names the input, the value and the rule; nothing is clamped.
pub fn target_from_form(metric: TargetMetric, text: &str) -> Result<Target, String> {
    let typed = text.trim();
    let (name, rule) = match metric {
        TargetMetric::ColdSharePercent => ("Target cold-start share", "a percentage, 0 to 100"),
        TargetMetric::P99Ms => ("Target p99", "milliseconds, above 0"),
    };
    let bad = || format!("{name} = {typed}: {rule}");
    let value = coldstart_core::number::parse_f64(typed).ok_or_else(bad)?;
    let target = match metric {
        // Checked here, in the unit typed: the core's rule speaks of a share from 0 to 1.
        TargetMetric::ColdSharePercent if !(0.0..=100.0).contains(&value) => return Err(bad()),
        TargetMetric::ColdSharePercent => Target::ColdShare { max: value / 100.0 },
        TargetMetric::P99Ms => Target::P99Ms { max: value },
    };
    target.validate().map_err(|e| match e {
        ScenarioError::Invalid { rule, .. } => format!("{name} = {typed}: {rule}"),
        other => format!("{name} = {typed}: {other}"),
    })?;
    Ok(target)
}

/// The question `planner` asks against `target`, as the driver and share links take it.
pub fn request_for(planner: Planner, target: Target) -> Result<Request, String> {
    Ok(match planner {
        Planner::Provisioned => Request::Provisioned { target },
        Planner::Schedule => Request::Schedule { target },
        Planner::Memory => Request::Memory {
            config: MemoryConfig {
                target: Some(target),
                ..MemoryConfig::default()
            },
        },
        Planner::Packaging => Request::Packaging { target },
        _ => return Err("unknown planner".to_string()),
    })
}

/// A planner question read from the Plan form by the page's first module, for the second
/// module's planner to answer (JSON between them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStart {
    /// The variant, validated.
    pub scenario: Scenario,
    /// The question.
    pub request: Request,
    /// What the answer does not cover, said above it (a plan on imported traffic).
    pub caveat: Option<String>,
}

/// A planner question in progress, then its answer.
pub struct Planning {
    /// The name of the variant planned for.
    of: String,
    /// The question, as share links carry it.
    request: Request,
    driver: Option<Driver>,
    plan: Option<Plan>,
}

impl Planning {
    /// Prepares `request` on `scenario`; a scenario or target the planner refuses (the
    /// worst-case work too large, say) is an error in words.
    pub fn new(scenario: &Scenario, request: Request) -> Result<Planning, String> {
        let driver = Driver::new(scenario, &request).map_err(|e| e.to_string())?;
        Ok(Planning {
            of: scenario.name.clone(),
            request,
            driver: Some(driver),
            plan: None,
        })
    }

    /// The question, as share links carry it.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// The variant planned for.
    pub fn of(&self) -> &str {
        &self.of
    }

    /// The next batch of candidates to run, or `None` when the search is over (then
    /// [`Planning::finish`]).
    pub fn next_batch(&mut self) -> Result<Option<Vec<Scenario>>, String> {
        let Some(driver) = self.driver.as_mut() else {
            return Ok(None);
        };
        let batch = driver.next_batch().map_err(|e| e.to_string())?;
        Ok(batch.map(|variations| {
            let base = driver.base();
            variations.iter().map(|v| v.apply(base)).collect()
        }))
    }

    /// The measures of the last batch's candidates, in its order.
    pub fn accept(&mut self, measures: &[Measure]) -> Result<(), String> {
        let driver = self.driver.as_mut().ok_or("the plan is finished")?;
        driver.accept(measures).map_err(|e| e.to_string())
    }

    /// Fraction done, 0 to 1: runs accepted over the most the search may still need.
    pub fn progress(&self) -> f64 {
        match &self.driver {
            Some(driver) => {
                let p = driver.progress();
                f64::from(p.runs_done) / f64::from(p.runs_max.max(1))
            }
            None => 1.0,
        }
    }

    /// Ends the search and keeps the answer.
    pub fn finish(&mut self) -> Result<&Plan, String> {
        if let Some(driver) = self.driver.take() {
            self.plan = Some(driver.finish().map_err(|e| e.to_string())?);
        }
        self.plan.as_ref().ok_or_else(|| "no plan".to_string())
    }

    /// The answer, once finished.
    pub fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }

    /// The answer as the page shows it: the recommendation, and the table of every simulated
    /// candidate with the header of its first column.
    pub fn answer(&self) -> Option<(String, &'static str, Table)> {
        Some(match self.plan.as_ref()? {
            Plan::Provisioned(p) => (
                words::provisioned_answer(p),
                "Provisioned",
                words::provisioned(p),
            ),
            Plan::Schedule(p) => (words::schedule_answer(p), "Schedule", words::schedule(p)),
            Plan::Memory(p) => (words::memory_answer(p), "Memory", words::memory(p)),
            Plan::Packaging(p) => (words::packaging_answer(p), "Packaging", words::packaging(p)),
        })
    }
}

/// What a plan on imported traffic does not cover: its workers plan on the variants' Poisson
/// stand-in, not the arrivals (which stay in the run worker), so bursts are smoothed out and,
/// for the hourly schedule, every hour looks alike.
pub fn stand_in_caveat(imported: &ImportTerms, planner: Planner) -> String {
    let shape = if planner == Planner::Schedule {
        " The day's shape is lost with it, so every hour gets the same count: plan an hourly \
         schedule on a diurnal or stepped workload instead."
    } else {
        " Bursts in your traffic are smoothed out, so the answer may be low for them."
    };
    format!(
        "This plan runs on a Poisson stand-in at {} requests per second over the imported \
         window, not on your imported arrivals.{shape}",
        coldstart_prose::format::decimal(imported.mean_rate_per_s)
    )
}

/// Runs one candidate and measures it: what each of the page's plan workers does. The page's
/// event budget applies, as to its own runs.
pub fn measure(scenario: &Scenario) -> Result<Measure, ScenarioError> {
    let mut sim = Simulation::new(scenario)?;
    sim.limit_events(BROWSER_EVENT_BUDGET);
    sim.run_to_end();
    if let Some(why) = sim.exhausted() {
        return Err(why.clone());
    }
    Ok(Measure::of(scenario, &sim.report()))
}

/// The form's inputs for a planner question from a link: the planner, the target's metric and
/// the number as the form shows it (a percentage for the cold-start share). A memory question
/// without a target shows the form's default target.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlanForm {
    /// [`Planner::id`].
    pub planner: &'static str,
    /// `cold-share` or `p99-ms`.
    pub metric: &'static str,
    /// The number, as typed.
    pub value: String,
}

impl PlanForm {
    /// As the page's JavaScript reads it (`{ planner, metric, value }`).
    pub fn to_js(&self) -> wasm_bindgen::JsValue {
        crate::boundary::js_object(&[
            ("planner", self.planner.into()),
            ("metric", self.metric.into()),
            ("value", self.value.as_str().into()),
        ])
    }

    /// The form for `request`.
    pub fn of(request: &Request) -> PlanForm {
        let planner = match request {
            Request::Provisioned { .. } => Planner::Provisioned,
            Request::Schedule { .. } => Planner::Schedule,
            Request::Memory { .. } => Planner::Memory,
            Request::Packaging { .. } => Planner::Packaging,
        };
        let (metric, value) = match request.target() {
            Some(Target::ColdShare { max }) => ("cold-share", max * 100.0),
            Some(Target::P99Ms { max }) => ("p99-ms", *max),
            None => ("cold-share", 1.0),
        };
        PlanForm {
            planner: planner.id(),
            metric,
            // Shortest text that reads back to the same number.
            value: format!("{value}"),
        }
    }
}
