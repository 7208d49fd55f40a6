//! `coldstart plan provisioned|memory|packaging`: the core's planners, their candidates run on
//! threads (`parallel`), printed as `coldstart_prose::plan`'s table and recommendation, as JSON
//! or as the plan's CSV. Progress (runs finished of runs started) goes to stderr.

use crate::cli::{PlanArgs, PlanFormat, Planner};
use crate::failure::Failure;
use crate::{output, parallel, scenario_file};
use coldstart_core::plan::{self, Target, memory::MemoryConfig};
use coldstart_core::{Report, Scenario, ScenarioError};
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
    let bar = progress_bar(args.quiet);
    let mut runner = |batch: &[Scenario]| -> Result<Vec<Report>, ScenarioError> {
        parallel::run_batch(batch, threads, &bar)
    };
    let scenario_failure = |error| Failure::Scenario {
        path: file.path.clone(),
        error,
    };
    let text = match args.planner {
        Planner::Provisioned => {
            let target = target.ok_or_else(|| needs_target("provisioned"))?;
            bar.set_message("planning provisioned concurrency");
            let p = plan::provisioned::provisioned(&scenario, target, &mut runner);
            bar.finish_and_clear();
            let p = p.map_err(scenario_failure)?;
            match args.format {
                PlanFormat::Json => output::json(&p).map_err(Failure::Invalid)?,
                PlanFormat::Csv => csv::plan_provisioned(&p),
                PlanFormat::Table => format!(
                    "{}\n{}\n",
                    prose::provisioned(&p).to_text(),
                    prose::provisioned_answer(&p)
                ),
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
            bar.set_message("planning memory");
            let p = plan::memory::memory(&scenario, &config, &mut runner);
            bar.finish_and_clear();
            let p = p.map_err(scenario_failure)?;
            match args.format {
                PlanFormat::Json => output::json(&p).map_err(Failure::Invalid)?,
                PlanFormat::Csv => csv::plan_memory(&p),
                PlanFormat::Table => format!(
                    "{}\n{}\n",
                    prose::memory(&p).to_text(),
                    prose::memory_answer(&p)
                ),
            }
        }
        Planner::Packaging => {
            let target = target.ok_or_else(|| needs_target("packaging"))?;
            bar.set_message("planning packaging");
            let p = plan::packaging::packaging(&scenario, target, &mut runner);
            bar.finish_and_clear();
            let p = p.map_err(scenario_failure)?;
            match args.format {
                PlanFormat::Json => output::json(&p).map_err(Failure::Invalid)?,
                PlanFormat::Csv => csv::plan_packaging(&p),
                PlanFormat::Table => format!(
                    "{}\n{}\n",
                    prose::packaging(&p).to_text(),
                    prose::packaging_answer(&p)
                ),
            }
        }
    };
    output::print(&text)
}

/// A bar counting finished runs against runs started (its length grows with each batch a
/// planner hands over); hidden when quiet or when stderr is not a terminal.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} runs, {elapsed} elapsed")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(TICK);
    bar
}
