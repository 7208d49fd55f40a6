//! `coldstart plan provisioned|memory|packaging`: the core's planners stepped by their
//! `plan::Driver` (as the page steps them), each batch's candidates run on threads
//! (`parallel`), printed as `coldstart_prose::plan`'s table and recommendation, as JSON or as the
//! plan's CSV; `--svg` also writes the plan's chart (`coldstart_charts::render_plan_svg`).
//! Progress (runs finished of at most how many) goes to stderr.

use crate::cli::{
    DEFAULT_SVG_HEIGHT_PX, DEFAULT_SVG_WIDTH_PX, PlanArgs, PlanFormat, Planner, ThemeName,
};
use crate::failure::Failure;
use crate::{output, parallel, scenario_file};
use coldstart_core::plan::{Driver, Plan, Request, Target, memory::MemoryConfig};
use coldstart_core::{Scenario, ScenarioError};
use coldstart_prose::csv;
use coldstart_prose::plan as prose;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// How often the bar redraws while runs are in flight.
const TICK: Duration = Duration::from_millis(120);

/// Runs the chosen planner and prints its answer.
pub fn plan(args: &PlanArgs) -> Result<(), Failure> {
    let file = scenario_file::load(&args.file)?;
    let mut scenario = file.scenario.clone();
    if let Some(seed) = args.seed {
        scenario.seed = seed;
    }
    let target = match &args.target {
        Some(text) => {
            Some(Target::parse(text).map_err(|e| Failure::Invalid(format!("--target: {e}")))?)
        }
        None => None,
    };
    let needs_target = |what: &str| {
        Failure::Invalid(format!(
            "plan {what} needs --target cold-share=<0 to 1> or --target p99-ms=<milliseconds>"
        ))
    };
    if args.planner != Planner::Memory && (args.sizes.is_some() || args.handler_cpu_bound.is_some())
    {
        return Err(Failure::Invalid(
            "--sizes and --handler-cpu-bound are options of plan memory".into(),
        ));
    }
    let threads = match args.threads {
        Some(0) => return Err(Failure::Invalid("--threads must be at least 1".into())),
        Some(n) => n,
        None => parallel::default_threads(),
    };
    if args.hourly && args.planner != Planner::Provisioned {
        return Err(Failure::Invalid(
            "--hourly is an option of plan provisioned".into(),
        ));
    }
    let request = match args.planner {
        Planner::Provisioned => {
            let target = target.ok_or_else(|| needs_target("provisioned"))?;
            if args.hourly {
                Request::Schedule { target }
            } else {
                Request::Provisioned { target }
            }
        }
        Planner::Memory => {
            let mut config = MemoryConfig {
                target,
                ..MemoryConfig::default()
            };
            if let Some(sizes) = &args.sizes {
                config.sizes_mb = sizes.clone();
            }
            if let Some(f) = args.handler_cpu_bound {
                config.handler_cpu_bound = f;
            }
            Request::Memory { config }
        }
        Planner::Packaging => Request::Packaging {
            target: target.ok_or_else(|| needs_target("packaging"))?,
        },
    };
    let bar = progress_bar(args.quiet);
    bar.set_message(match &request {
        Request::Provisioned { .. } => "planning provisioned concurrency",
        Request::Schedule { .. } => "planning an hourly provisioned schedule",
        Request::Memory { .. } => "planning memory",
        Request::Packaging { .. } => "planning packaging",
    });
    let planned = drive(&scenario, &request, threads, &bar);
    bar.finish_and_clear();
    let planned = planned.map_err(|error| Failure::Scenario {
        path: file.path.clone(),
        error,
    })?;
    if let Some(path) = &args.svg {
        let theme = match args.theme {
            ThemeName::Light => coldstart_charts::Theme::light(),
            ThemeName::Dark => coldstart_charts::Theme::dark(),
        };
        let svg = coldstart_charts::render_plan_svg(
            &planned,
            &theme,
            DEFAULT_SVG_WIDTH_PX,
            DEFAULT_SVG_HEIGHT_PX,
        )
        .map_err(|e| Failure::Invalid(e.to_string()))?;
        std::fs::write(path, svg).map_err(|error| Failure::Io {
            path: path.clone(),
            error,
        })?;
    }
    let table = |table: coldstart_prose::table::Table, answer: String| {
        format!("{}\n{answer}\n", table.to_text())
    };
    let text = match (&planned, args.format) {
        (_, PlanFormat::Json) => json(&planned)?,
        (Plan::Provisioned(p), PlanFormat::Csv) => csv::plan_provisioned(p),
        (Plan::Provisioned(p), PlanFormat::Table) => {
            table(prose::provisioned(p), prose::provisioned_answer(p))
        }
        (Plan::Schedule(p), PlanFormat::Csv) => csv::plan_schedule(p),
        (Plan::Schedule(p), PlanFormat::Table) => format!(
            "{}\n{}",
            prose::schedule_hours(p).to_text(),
            table(prose::schedule(p), prose::schedule_answer(p))
        ),
        (Plan::Memory(p), PlanFormat::Csv) => csv::plan_memory(p),
        (Plan::Memory(p), PlanFormat::Table) => table(prose::memory(p), prose::memory_answer(p)),
        (Plan::Packaging(p), PlanFormat::Csv) => csv::plan_packaging(p),
        (Plan::Packaging(p), PlanFormat::Table) => {
            table(prose::packaging(p), prose::packaging_answer(p))
        }
    };
    output::print(&text)
}

/// The plan as JSON: the plan itself, without the driver's `planner` tag (which the command
/// line already names).
fn json(planned: &Plan) -> Result<String, Failure> {
    match planned {
        Plan::Provisioned(p) => output::json(p),
        Plan::Schedule(p) => output::json(p),
        Plan::Memory(p) => output::json(p),
        Plan::Packaging(p) => output::json(p),
    }
    .map_err(Failure::Invalid)
}

/// Steps the planner's driver to its plan, each batch measured on `threads` threads; the bar's
/// length follows the driver's bound on runs.
fn drive(
    scenario: &Scenario,
    request: &Request,
    threads: usize,
    bar: &ProgressBar,
) -> Result<Plan, ScenarioError> {
    let mut driver = Driver::new(scenario, request)?;
    while let Some(batch) = driver.next_batch()? {
        bar.set_length(u64::from(driver.progress().runs_max));
        let base = driver.base();
        let measures = parallel::run_batch(&batch, threads, bar, |v| v.measure(base))?;
        driver.accept(&measures)?;
    }
    driver.finish()
}

/// A bar counting finished runs against the planner's bound on runs (which shrinks as the search
/// narrows); hidden when quiet or when stderr is not a terminal.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {pos} of at most {len} runs, {elapsed} elapsed",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(TICK);
    bar
}
