//! The command line, declared with clap's derive API: one subcommand per task.

use crate::output::Format;
use crate::runner::Progress;
use crate::sweep::SweepFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use coldstart_charts::{ChartKind, TimeWindow};
use coldstart_core::share::MAX_VARIANTS;
use coldstart_core::sweep::SweepSeries;
use std::path::PathBuf;

/// Simulate AWS Lambda-style cold starts: the Coldstart Lab engine on the command line.
#[derive(Debug, Parser)]
#[command(name = "coldstart", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one scenario and print its report.
    Run(RunArgs),
    /// Run two to four packagings of one function with common random numbers, side by side.
    Compare(CompareArgs),
    /// Cold-start init cost against package size, for a scenario's runtime and init code.
    Sweep(SweepArgs),
    /// Draw one of the playground's charts to an SVG file.
    Plot(PlotArgs),
    /// Print a share-link fragment for scenario files, or decode one.
    Link(LinkArgs),
    /// Turn a Lambda log, a CSV of timestamps or an Azure 2019 / 2021 trace into a scenario.
    Import(ImportArgs),
    /// Answer a decision by simulation: provisioned concurrency, memory size or packaging.
    Plan(PlanArgs),
}

/// Arguments of `coldstart plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Which decision.
    #[arg(value_enum)]
    pub planner: Planner,
    /// The scenario: its workload, function and platform; the planner varies one thing.
    pub file: PathBuf,
    /// What the answer must achieve: `cold-share=0.01` (cold starts per invocation) or
    /// `p99-ms=500` (p99 of all requests, cold starts included). Required for `provisioned`
    /// and `packaging`; for `memory` it marks the sizes that meet it.
    #[arg(long, value_name = "METRIC=MAX")]
    pub target: Option<String>,
    /// Threads running the candidates (default: the machine's parallelism). The plan is the
    /// same with any number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
    /// `provisioned`: also plan an hourly schedule (per-hour counts from the workload's rate,
    /// the least meeting the target) and compare it with the constant count and on-demand.
    #[arg(long)]
    pub hourly: bool,
    /// `memory`: sizes in MB, comma-separated, ascending (default: 128 MB to 10,240 MB, 12
    /// sizes).
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    pub sizes: Option<Vec<u32>>,
    /// `memory`: fraction of the handler that is CPU-bound, 0 to 1 (default 0.5).
    #[arg(long, value_name = "FRACTION")]
    pub handler_cpu_bound: Option<f64>,
    /// Seed for every candidate, instead of the scenario's.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Also write the plan's chart here, as SVG (the page's picture of the same plan).
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Colours of the `--svg` chart.
    #[arg(long, value_enum, default_value_t = ThemeName::Light, requires = "svg")]
    pub theme: ThemeName,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// A planner, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Planner {
    /// The least constant provisioned concurrency meeting the target (with `--hourly`, the least
    /// hourly schedule too), and its monthly cost.
    #[value(alias = "pc")]
    Provisioned,
    /// Cost per million requests, warm p50 and cold p99 at each memory size.
    Memory,
    /// Zip, container image or SnapStart: the cheapest meeting the target.
    #[value(alias = "package")]
    Packaging,
}

/// Output format of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// The planner's table and its recommendation.
    Table,
    /// The whole plan as JSON.
    Json,
    /// One row per simulated candidate.
    Csv,
}

/// Arguments of `coldstart import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The traffic file: a Lambda log (text, JSON log format or log-events JSON), a CSV, an
    /// Azure 2019 invocations file, or an Azure 2021 trace.
    pub file: PathBuf,
    /// What the file is (default: told from its first lines).
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Write the scenario (JSON) here.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Scenario whose runtime, package, platform, invocation and prices the import keeps
    /// (default: the node-zip-api preset).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Azure 2019 / 2021: the function to import, by its HashFunction (2021: `func`, or
    /// `APP/FUNC` when the func is in several apps).
    #[arg(long, value_name = "HASH", conflicts_with_all = ["busiest", "app"])]
    pub function: Option<String>,
    /// Azure 2019 / 2021: the N functions with the most invocations as one workload (default:
    /// the busiest one).
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "1", conflicts_with = "app")]
    pub busiest: Option<u32>,
    /// Azure 2019 / 2021: every function of this app (HashApp; 2021: `app`) as one workload.
    #[arg(long, value_name = "HASH")]
    pub app: Option<String>,
    /// Azure 2019: how a minute's count becomes arrival times.
    #[arg(long, value_enum, default_value_t = SamplerArg::Uniform)]
    pub sampler: SamplerArg,
    /// Azure 2019: the durations file (HashOwner,HashApp,HashFunction,Average,Count,…), for the
    /// handler distribution.
    #[arg(long, value_name = "FILE")]
    pub durations: Option<PathBuf>,
    /// Azure 2019: the app memory file (HashOwner,HashApp,SampleCount,AverageAllocatedMb,…),
    /// for the memory size (the app's p99, rounded up to a Lambda size).
    #[arg(long, value_name = "FILE")]
    pub memory: Option<PathBuf>,
    /// CSV: unit of numeric timestamps (auto: the header's `_ms`/`_s`, else ≥ 10¹¹ is ms).
    #[arg(long, value_enum, default_value_t = TimeUnitArg::Auto)]
    pub time_unit: TimeUnitArg,
    /// Seed of the scenario and of the Azure sampler, instead of the template's.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Lambda log: run the imported scenario and print observed against simulated cold starts.
    #[arg(long)]
    pub check: bool,
    /// Print the observed summary (and the check) as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// A traffic file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// AWS Lambda logs: REPORT lines with a timestamp each, Lambda's JSON log format
    /// (platform.report records), or log-events JSON.
    LambdaLog,
    /// A CSV of arrival timestamps with an optional duration column.
    Csv,
    /// Azure Functions 2019 invocations per minute.
    Azure2019,
    /// Azure Functions 2021 invocations (`app,func,end_timestamp,duration`).
    Azure2021,
}

impl ImportFormat {
    /// The core's format.
    pub fn core(self) -> coldstart_core::traffic::Format {
        use coldstart_core::traffic::Format;
        match self {
            ImportFormat::LambdaLog => Format::LambdaLog,
            ImportFormat::Csv => Format::Csv,
            ImportFormat::Azure2019 => Format::Azure2019,
            ImportFormat::Azure2021 => Format::Azure2021,
        }
    }
}

/// Arrivals within an Azure minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SamplerArg {
    /// The minute's count at independent uniform times.
    Uniform,
    /// The minute's count evenly spaced.
    Equidistant,
    /// A Poisson process at the minute's count per minute.
    Poisson,
}

impl SamplerArg {
    /// The core's sampler.
    pub fn core(self) -> coldstart_core::traffic::azure2019::Sampler {
        use coldstart_core::traffic::azure2019::Sampler;
        match self {
            SamplerArg::Uniform => Sampler::Uniform,
            SamplerArg::Equidistant => Sampler::Equidistant,
            SamplerArg::Poisson => Sampler::Poisson,
        }
    }
}

/// Unit of a CSV's numeric timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimeUnitArg {
    /// From the header, else from the size of the first value.
    Auto,
    /// Seconds.
    S,
    /// Milliseconds.
    Ms,
}

/// Arguments of `coldstart link`.
#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
pub struct LinkArgs {
    /// Scenario files (JSON or TOML), one per compared variant.
    #[arg(required_unless_present = "decode", conflicts_with = "decode")]
    pub files: Vec<PathBuf>,
    /// Chart an embed of this link shows.
    #[arg(long, value_parser = chart_kind)]
    pub chart: Option<ChartKind>,
    /// Print a whole URL: this base followed by `#` and the fragment.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Decode a fragment (with or without the leading `#`) and print its scenarios as JSON.
    #[arg(long, value_name = "FRAGMENT")]
    pub decode: Option<String>,
}

/// Arguments of `coldstart run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file: JSON, or TOML when the name ends in `.toml`.
    pub file: PathBuf,
    /// Seed of every random stream, instead of the scenario's `seed`.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Keep a uniform sample of this many per-request records (`output.request_sample`),
    /// e.g. for `--format csv-requests`.
    #[arg(long, value_name = "N", conflicts_with = "all_requests")]
    pub sample: Option<u32>,
    /// With `--format csv-requests`: every request instead of a sample, written as the run
    /// proceeds (memory does not grow with the run).
    #[arg(long, visible_alias = "all")]
    pub all_requests: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also print to stderr, as one JSON line, the seconds this run spent reading and checking
    /// the file, simulating (with building the report), formatting and writing it: the work
    /// without the process start, for benchmarks (bench/simfaas_compare.py).
    #[arg(long, conflicts_with = "all_requests")]
    pub timing: bool,
}

impl RunArgs {
    /// Whether to draw a progress bar.
    pub fn progress(&self) -> Progress {
        Progress::unless(self.quiet)
    }
}

/// Arguments of `coldstart compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two to four scenario files that differ only in name, package and snapstart.
    #[arg(num_args = 2..=MAX_VARIANTS, required = true)]
    pub files: Vec<PathBuf>,
    /// Seed for every variant, instead of the scenarios' (equal) `seed`.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output format (`csv` = one row per variant with its deltas to the first).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Run the comparison under this many seeds (the scenarios' seed, then the next ones; 1 to
    /// 100) and show the key figures as means with 95 % intervals, and which differences are
    /// within the noise.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub replications: u32,
    /// No spinner.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `coldstart sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The base scenario: its runtime, memory, function init and package shape are kept.
    pub file: PathBuf,
    /// Sizes in MB, comma-separated (default: 1 MB to 10 GB, including the zip limits).
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    pub sizes: Option<Vec<f64>>,
    /// Curves to compute, comma-separated (default: all).
    #[arg(long, value_enum, value_delimiter = ',', num_args = 1..)]
    pub series: Option<Vec<SweepCurve>>,
    /// Cold starts sampled per point.
    #[arg(long, value_name = "N")]
    pub samples: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SweepFormat::Csv)]
    pub format: SweepFormat,
}

/// A sweep curve, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SweepCurve {
    /// Zip package of the given unzipped size.
    Zip,
    /// The same code as a container image: the given size of code and dependencies added to a
    /// runtime base image, of which init reads what the runtime can import (the measured
    /// loadable share; like for like with `zip`).
    Image,
    /// Container image of the given size reading 6.4 % of itself at init (Slacker's typical
    /// lazy start).
    ImageLazy,
    /// Container image reading the given amount at init.
    ImageRead,
}

impl SweepCurve {
    /// The core's curve.
    pub fn core(self) -> SweepSeries {
        match self {
            SweepCurve::Zip => SweepSeries::Zip,
            SweepCurve::Image => SweepSeries::Image,
            SweepCurve::ImageLazy => SweepSeries::ImageLazy,
            SweepCurve::ImageRead => SweepSeries::ImageRead,
        }
    }
}

/// Default SVG size: 16:9 at a width that reads well in a blog post's column.
pub const DEFAULT_SVG_WIDTH_PX: u32 = 960;
/// Default SVG height.
pub const DEFAULT_SVG_HEIGHT_PX: u32 = 540;

/// Arguments of `coldstart plot`.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// One to four scenario files, drawn as variants of one chart (the sweep uses the first).
    #[arg(num_args = 1..=MAX_VARIANTS, required = true)]
    pub files: Vec<PathBuf>,
    /// Which chart: timeline, environments, lanes, anatomy, order, cdf, sweep or warmup.
    #[arg(long, value_parser = chart_kind)]
    pub chart: ChartKind,
    /// Where to write the SVG.
    #[arg(long, value_name = "FILE")]
    pub svg: PathBuf,
    /// Colours.
    #[arg(long, value_enum, default_value_t = ThemeName::Light)]
    pub theme: ThemeName,
    /// Width in pixels.
    #[arg(long, default_value_t = DEFAULT_SVG_WIDTH_PX)]
    pub width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = DEFAULT_SVG_HEIGHT_PX)]
    pub height: u32,
    /// Seed for every scenario, instead of their own.
    #[arg(long)]
    pub seed: Option<u64>,
    /// The lanes chart's time window, seconds of simulated time (default: the whole run).
    #[arg(long, value_name = "FROM..TO", value_parser = time_window)]
    pub window: Option<TimeWindow>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

impl PlotArgs {
    /// Whether to draw a progress bar.
    pub fn progress(&self) -> Progress {
        Progress::unless(self.quiet)
    }
}

/// Chart colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeName {
    /// Dark lines on white.
    Light,
    /// Light lines on a dark background.
    Dark,
}

/// Parses a chart name with the charts crate's own list, so the CLI accepts exactly the
/// names the page uses.
fn chart_kind(name: &str) -> Result<ChartKind, String> {
    name.parse::<ChartKind>().map_err(|e| e.to_string())
}

/// "60..120": a time window in seconds.
fn time_window(text: &str) -> Result<TimeWindow, String> {
    let rule = || format!("window: {text:?} is not FROM..TO in seconds, e.g. 60..120");
    let (from, to) = text.split_once("..").ok_or_else(rule)?;
    let from: f64 = from.trim().parse().map_err(|_| rule())?;
    let to: f64 = to.trim().parse().map_err(|_| rule())?;
    TimeWindow::new(from, to).map_err(|e| e.to_string())
}
