//! `coldstart import`: a Lambda log, a CSV of timestamps or an Azure 2019 / 2021 trace becomes a
//! scenario file (a `trace` workload and the measured handler durations, on a template's
//! function and platform), and the observed summary is printed. With `--check`, a Lambda log's
//! observed cold starts are printed beside the model's for the same traffic.
//!
//! Line formats are read line by line (memory grows with the requests kept, not with the
//! file); the log-events JSON and the Azure durations file are read whole.

use crate::cli::{ImportArgs, ImportFormat, SamplerArg, TimeUnitArg};
use crate::failure::Failure;
use crate::output;
use crate::scenario_file;
use coldstart_core::defaults::MAX_NAME_CHARS;
use coldstart_core::traffic::azure2019::{self, Pick};
use coldstart_core::traffic::azure2021;
use coldstart_core::traffic::timestamps::{TimeUnit, Timestamps};
use coldstart_core::traffic::{self, ImportError, Traffic, lambda_log};
use coldstart_core::{Scenario, validate};
use coldstart_prose::traffic as prose;
use serde::Serialize;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The default template: the Node.js zip API preset (its runtime, package, init and platform).
const DEFAULT_TEMPLATE: &str = include_str!("../../../scenarios/node-zip-api.json");

/// What `--json` prints.
#[derive(Serialize)]
struct Printed<'a> {
    observed: &'a traffic::Observed,
    check: Option<&'a traffic::ModelCheck>,
}

/// Imports the file, writes the scenario (with `--out`) and prints the summary.
pub fn import(args: &ImportArgs) -> Result<(), Failure> {
    options_fit(args)?;
    let template = match &args.template {
        Some(path) => scenario_file::load(path)?.scenario,
        None => Scenario::from_json(DEFAULT_TEMPLATE)
            .map_err(|e| Failure::Invalid(format!("built-in template: {e}")))?,
    };
    let bad = |path: &Path| {
        let path = path.to_path_buf();
        move |error| Failure::Import { path, error }
    };
    let traffic = match args.format {
        ImportFormat::LambdaLog => lambda(&args.file)?,
        ImportFormat::Csv => {
            let mut reader = Timestamps::new(match args.time_unit {
                TimeUnitArg::Auto => TimeUnit::Auto,
                TimeUnitArg::S => TimeUnit::Seconds,
                TimeUnitArg::Ms => TimeUnit::Milliseconds,
            });
            each_line(&args.file, |line| reader.line(line))?;
            reader.finish().map_err(bad(&args.file))?
        }
        ImportFormat::Azure2019 => {
            let pick = match &args.function {
                Some(hash) => Pick::Hash(hash.clone()),
                None => Pick::Busiest,
            };
            let mut reader = azure2019::Invocations::new(pick);
            each_line(&args.file, |line| reader.line(line))?;
            let counts = reader.finish().map_err(bad(&args.file))?;
            let durations = match &args.durations {
                Some(path) => {
                    let text = read_text(path)?;
                    Some(azure2019::durations(&text, &counts.function).map_err(bad(path))?)
                }
                None => None,
            };
            let seed = args.seed.unwrap_or(template.seed);
            azure2019::traffic(&counts, durations.as_ref(), args.sampler.core(), seed)
                .map_err(bad(&args.file))?
        }
        ImportFormat::Azure2021 => {
            // Two passes for the busiest function; each keeps one count per function at most.
            let func = match &args.function {
                Some(hash) => hash.clone(),
                None => {
                    let mut counter = azure2021::Counter::default();
                    each_line(&args.file, |line| counter.line(line))?;
                    counter.busiest().map_err(bad(&args.file))?
                }
            };
            let mut reader = azure2021::Reader::new(func);
            each_line(&args.file, |line| reader.line(line))?;
            reader.finish().map_err(bad(&args.file))?
        }
    };
    let mut scenario = traffic.scenario(&template);
    scenario.name = name_of(&args.file);
    if let Some(seed) = args.seed {
        scenario.seed = seed;
    }
    validate(&scenario).map_err(|e| {
        Failure::Invalid(format!(
            "the imported scenario is not valid with this template: {e}"
        ))
    })?;
    let check = if args.check {
        traffic::check_model(&scenario, &traffic.observed).map_err(|error| Failure::Scenario {
            path: args.file.clone(),
            error,
        })?
    } else {
        None
    };
    if let Some(out) = &args.out {
        write_scenario(out, &scenario)?;
    }
    let text = if args.json {
        output::json(&Printed {
            observed: &traffic.observed,
            check: check.as_ref(),
        })
        .map_err(Failure::Invalid)?
    } else {
        let mut text = prose::observed(&traffic.observed).to_text();
        if let Some(c) = &check {
            text.push('\n');
            text.push_str(&prose::model_check(c).to_text());
        }
        if let Some(out) = &args.out {
            text.push_str(&format!(
                "\nscenario: {} ({} arrivals over {} s)\n",
                out.display(),
                traffic.arrivals_ms.len(),
                scenario.duration_s
            ));
        }
        text
    };
    output::print(&text)
}

/// Refuses options that do not apply to the chosen format, rather than ignoring them.
fn options_fit(args: &ImportArgs) -> Result<(), Failure> {
    let azure_2019 = [
        ("--durations", args.durations.is_some()),
        ("--sampler", args.sampler != SamplerArg::Uniform),
    ];
    let azure = [
        ("--function", args.function.is_some()),
        ("--busiest", args.busiest),
    ];
    let first_set = |options: &[(&'static str, bool)], format: &'static str| {
        options
            .iter()
            .find(|(_, set)| *set)
            .map(|(name, _)| (*name, format))
    };
    let misfit = match args.format {
        ImportFormat::Azure2019 => None,
        ImportFormat::Azure2021 => first_set(&azure_2019, "azure2019"),
        _ => first_set(&azure, "azure2019 or azure2021")
            .or_else(|| first_set(&azure_2019, "azure2019")),
    }
    .or_else(|| {
        (args.format != ImportFormat::Csv && args.time_unit != TimeUnitArg::Auto)
            .then_some(("--time-unit", "csv"))
    })
    .or_else(|| {
        (args.format != ImportFormat::LambdaLog && args.check).then_some((
            "--check",
            "lambda-log (the only format that records cold starts)",
        ))
    });
    match misfit {
        Some((option, format)) => Err(Failure::Invalid(format!(
            "{option} applies to --format {format} only"
        ))),
        None => Ok(()),
    }
}

/// A Lambda log: the log-events JSON read whole, text read line by line.
fn lambda(path: &Path) -> Result<Traffic, Failure> {
    let bad = |error| Failure::Import {
        path: path.to_path_buf(),
        error,
    };
    let mut head = [0u8; 512];
    let n = open(path)?
        .read(&mut head)
        .map_err(|error| io(path, error))?;
    let first = head[..n]
        .iter()
        // Past blanks and a UTF-8 byte-order mark.
        .find(|b| !(b.is_ascii_whitespace() || matches!(b, 0xef | 0xbb | 0xbf)));
    if matches!(first, Some(b'{' | b'[')) {
        let text = read_text(path)?;
        return lambda_log::parse_json(&text).map_err(bad);
    }
    let mut log = lambda_log::LambdaLog::new();
    each_line(path, |line| log.line(line))?;
    log.finish().map_err(bad)
}

/// Feeds each line of the file (UTF-8, checked line by line) to `f`.
fn each_line(
    path: &Path,
    mut f: impl FnMut(&str) -> Result<(), ImportError>,
) -> Result<(), Failure> {
    let bad = |error| Failure::Import {
        path: path.to_path_buf(),
        error,
    };
    let mut reader = BufReader::new(open(path)?);
    let mut buf = Vec::new();
    let mut n = 0u64;
    loop {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .map_err(|error| io(path, error))?
            == 0
        {
            return Ok(());
        }
        n += 1;
        let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = traffic::utf8(bytes).map_err(|e| bad(ImportError { line: n, ..e }))?;
        f(line).map_err(bad)?;
    }
}

fn open(path: &Path) -> Result<File, Failure> {
    File::open(path).map_err(|error| io(path, error))
}

fn io(path: &Path, error: std::io::Error) -> Failure {
    Failure::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// A whole file as UTF-8 text.
fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|error| io(path, error))?;
    traffic::utf8(&bytes).map_err(|error| Failure::Import {
        path: path.to_path_buf(),
        error,
    })?;
    // Checked just above.
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// The scenario's name: the imported file's stem.
fn name_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
    stem.chars().take(MAX_NAME_CHARS).collect()
}

fn write_scenario(path: &Path, scenario: &Scenario) -> Result<(), Failure> {
    let json = output::json(scenario).map_err(Failure::Invalid)?;
    std::fs::write(path, json).map_err(|error| io(path, error))
}
