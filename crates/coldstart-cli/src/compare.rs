//! `coldstart compare`: two to four packagings of the same function, run with common random
//! numbers by the core's `compare::compare`, printed side by side with deltas to the first. The
//! table is followed by the page's "Why they differ" paragraphs (`coldstart_prose::explanation`),
//! so a writer gets the same sentences from the terminal as from the page.

use crate::cli::CompareArgs;
use crate::failure::Failure;
use crate::output::{self, Format};
use crate::scenario_file;
use coldstart_core::compare::{self, Comparison};
use coldstart_core::{Report, Scenario};
use coldstart_prose::explanation::{self, Packaging};
use indicatif::ProgressBar;
use std::fmt::Write as _;
use std::time::Duration;

/// How often the spinner moves while the core compares (it has no progress to report).
const SPINNER_TICK: Duration = Duration::from_millis(120);

/// Runs the comparison and prints it.
pub fn compare(args: &CompareArgs) -> Result<(), Failure> {
    let files = scenario_file::load_all(&args.files)?;
    let mut scenarios: Vec<_> = files.iter().map(|f| f.scenario.clone()).collect();
    if let Some(seed) = args.seed {
        scenarios.iter_mut().for_each(|s| s.seed = seed);
    }
    let spinner = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    spinner.set_message(format!("comparing {} variants", scenarios.len()));
    spinner.enable_steady_tick(SPINNER_TICK);
    let result = compare::compare_with_reports(&scenarios);
    spinner.finish_and_clear();
    // The core names the variant by index (`variants[1].workload`); the file is clearer.
    let (comparison, reports) = result.map_err(|error| {
        let index = error
            .path()
            .and_then(|p| p.strip_prefix("variants["))
            .and_then(|p| p.split(']').next())
            .and_then(|i| i.parse::<usize>().ok())
            .unwrap_or(0);
        Failure::Scenario {
            path: files[index.min(files.len() - 1)].path.clone(),
            error,
        }
    })?;
    let text = match args.format {
        Format::Json => output::json(&comparison).map_err(Failure::Invalid)?,
        Format::Csv => csv(&comparison),
        Format::Table => format!("{}{}", table(&comparison), why(&scenarios, &reports)),
        Format::CsvRequests => {
            return Err(Failure::Invalid(
                "compare has no per-request output: use `coldstart run --format csv-requests` \
                 on each file"
                    .into(),
            ));
        }
    };
    output::print(&text)
}

/// Columns of the comparison CSV: the variant's figures, then its deltas to the first.
const COLUMNS: &str = "variant,package,snapstart,requests,cold_starts,cold_start_ratio,\
cold_p50_ms,cold_p90_ms,cold_p99_ms,all_p99_ms,code_fetch_mean_ms,bootstrap_mean_ms,init_mean_ms,\
cost_usd,delta_cold_p50_ms,delta_cold_p99_ms,delta_all_p99_ms,delta_cold_starts,delta_cost_usd";

fn package_kind(p: &coldstart_core::Package) -> &'static str {
    match p {
        coldstart_core::Package::Zip { .. } => "zip",
        coldstart_core::Package::Image { .. } => "image",
    }
}

fn csv(c: &Comparison) -> String {
    let mut out = format!("{COLUMNS}\n");
    for (v, d) in c.variants.iter().zip(&c.deltas) {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            output::csv_field(&v.name),
            package_kind(&v.package),
            v.snapstart,
            v.requests,
            v.cold_starts,
            v.cold_start_ratio,
            v.latency_ms.cold.p50,
            v.latency_ms.cold.p90,
            v.latency_ms.cold.p99,
            v.latency_ms.all.p99,
            v.phases_ms.code_fetch.mean,
            v.phases_ms.bootstrap.mean,
            v.phases_ms.init.mean,
            v.cost_usd,
            d.cold_p50_ms,
            d.cold_p99_ms,
            d.all_p99_ms,
            d.cold_starts,
            d.cost_usd,
        );
    }
    out
}

/// The explanation under the table: a blank line, its title, then one paragraph per variant
/// after the first, each on one line (a writer pastes it; the terminal wraps it).
fn why(scenarios: &[Scenario], reports: &[Report]) -> String {
    let named: Vec<explanation::Named<'_>> = scenarios
        .iter()
        .zip(reports)
        .map(|(s, r)| (s.name.as_str(), Packaging::of(s), r))
        .collect();
    let Some(why) = explanation::why(&named) else {
        return String::new();
    };
    let mut out = format!("\n{}\n", why.title);
    for paragraph in &why.paragraphs {
        let _ = write!(out, "\n{}\n", paragraph.sentences.join(" "));
    }
    out
}

fn table(c: &Comparison) -> String {
    let pairs: Vec<_> = c.variants.iter().zip(&c.deltas).collect();
    let mut rows: Vec<(&str, Vec<String>)> = Vec::new();
    let mut row =
        |name: &'static str, f: &dyn Fn(&compare::VariantResult, &compare::Delta) -> String| {
            rows.push((name, pairs.iter().map(|(v, d)| f(v, d)).collect()));
        };
    row("package", &|v, _| {
        let snap = if v.snapstart { " + SnapStart" } else { "" };
        format!("{}{snap}", package_kind(&v.package))
    });
    row("requests", &|v, _| v.requests.to_string());
    row("cold starts", &|v, d| {
        format!("{} ({:+})", v.cold_starts, d.cold_starts)
    });
    row("cold p50 ms", &|v, d| {
        format!("{:.1} ({:+.1})", v.latency_ms.cold.p50, d.cold_p50_ms)
    });
    row("cold p90 ms", &|v, d| {
        format!("{:.1} ({:+.1})", v.latency_ms.cold.p90, d.cold_p90_ms)
    });
    row("cold p99 ms", &|v, d| {
        format!("{:.1} ({:+.1})", v.latency_ms.cold.p99, d.cold_p99_ms)
    });
    row("all p99 ms", &|v, d| {
        format!("{:.1} ({:+.1})", v.latency_ms.all.p99, d.all_p99_ms)
    });
    row("code fetch mean ms", &|v, d| {
        format!(
            "{:.1} ({:+.1})",
            v.phases_ms.code_fetch.mean, d.code_fetch_mean_ms
        )
    });
    row("bootstrap mean ms", &|v, d| {
        format!(
            "{:.1} ({:+.1})",
            v.phases_ms.bootstrap.mean, d.bootstrap_mean_ms
        )
    });
    row("init mean ms", &|v, d| {
        format!("{:.1} ({:+.1})", v.phases_ms.init.mean, d.init_mean_ms)
    });
    row("cost USD", &|v, d| {
        format!("{:.6} ({:+.6})", v.cost_usd, d.cost_usd)
    });
    let header: Vec<String> = c.variants.iter().map(|v| v.name.clone()).collect();
    output::align(&header, &rows)
}
