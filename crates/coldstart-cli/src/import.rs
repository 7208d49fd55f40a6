//! `coldstart import`: a Lambda log, a CSV of timestamps or an Azure 2019 / 2021 trace becomes a
//! scenario file (a `trace` workload and the measured handler durations, on a template's
//! function and platform), and the observed summary is printed. With `--check`, a Lambda log's
//! observed cold starts are printed beside the model's for the same traffic.
//!
//! Files go through the core's chunked [`Importer`], as on the page: read in pieces of
//! [`CHUNK_BYTES`], so memory grows with the requests kept, not with the file.

use crate::cli::{ImportArgs, SamplerArg, TimeUnitArg};
use crate::failure::Failure;
use crate::output;
use crate::scenario_file;
use coldstart_core::Scenario;
use coldstart_core::defaults::MAX_NAME_CHARS;
use coldstart_core::traffic::timestamps::TimeUnit;
use coldstart_core::traffic::{
    self, DETECT_BYTES, Format, ImportError, ImportOptions, Importer, Next, Pick,
};
use coldstart_prose::traffic as prose;
use serde::Serialize;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

/// The default template: the Node.js zip API preset (its runtime, package, init and platform).
const DEFAULT_TEMPLATE: &str = include_str!("../../../scenarios/node-zip-api.json");

/// Bytes read from the file at a time.
const CHUNK_BYTES: usize = 1 << 20;

/// What `--json` prints.
#[derive(Serialize)]
struct Printed<'a> {
    observed: &'a traffic::Observed,
    check: Option<&'a traffic::ModelCheck>,
}

/// Imports the file, writes the scenario (with `--out`) and prints the summary.
pub fn import(args: &ImportArgs) -> Result<(), Failure> {
    let format = match args.format {
        Some(f) => f.core(),
        None => detected(&args.file)?,
    };
    options_fit(args, format)?;
    let template = match &args.template {
        Some(path) => scenario_file::load(path)?.scenario,
        None => Scenario::from_json(DEFAULT_TEMPLATE)
            .map_err(|e| Failure::Invalid(format!("built-in template: {e}")))?,
    };
    let bad = |path: &Path| {
        let path = path.to_path_buf();
        move |error| Failure::Import { path, error }
    };
    let pick = match (&args.function, args.busiest, &args.app) {
        (Some(hash), _, _) => Pick::Function(hash.clone()),
        (_, _, Some(app)) => Pick::App(app.clone()),
        (_, Some(n), _) => {
            Pick::busiest(n).map_err(|e| Failure::Invalid(format!("--busiest {e}")))?
        }
        _ => Pick::BUSIEST,
    };
    let mut importer = Importer::new(ImportOptions {
        pick,
        sampler: args.sampler.core(),
        seed: args.seed,
        time_unit: match args.time_unit {
            TimeUnitArg::Auto => TimeUnit::Auto,
            TimeUnitArg::S => TimeUnit::Seconds,
            TimeUnitArg::Ms => TimeUnit::Milliseconds,
        },
    });
    read(&mut importer, &args.file, format)?;
    for (path, companion) in [
        (&args.durations, Format::Azure2019Durations),
        (&args.memory, Format::Azure2019Memory),
    ] {
        if let Some(path) = path {
            read(&mut importer, path, companion)?;
        }
    }
    let imported = importer.finish(&template).map_err(bad(&args.file))?;
    let observed = imported.observed;
    let mut scenario = imported.scenario;
    scenario.name = name_of(&args.file);
    let check = if args.check {
        traffic::check_model(&scenario, &observed).map_err(|error| Failure::Scenario {
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
            observed: &observed,
            check: check.as_ref(),
        })
        .map_err(Failure::Invalid)?
    } else {
        let mut text = prose::observed(&observed).to_text();
        if let Some(c) = &check {
            text.push('\n');
            text.push_str(&prose::model_check(c).to_text());
        }
        if let Some(out) = &args.out {
            let arrivals = match &scenario.workload {
                coldstart_core::scenario::Workload::Trace { arrivals_ms } => arrivals_ms.len(),
                _ => 0,
            };
            text.push_str(&format!(
                "\nscenario: {} ({arrivals} arrivals over {} s)\n",
                out.display(),
                scenario.duration_s
            ));
        }
        text
    };
    output::print(&text)
}

/// The file's format, told from its first [`DETECT_BYTES`].
fn detected(path: &Path) -> Result<Format, Failure> {
    let mut head = Vec::with_capacity(DETECT_BYTES);
    open(path)?
        .take(DETECT_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|error| io(path, error))?;
    // The head may end inside a character: detect from its valid part.
    let text = match std::str::from_utf8(&head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    };
    traffic::detect(text).ok_or_else(|| {
        Failure::Invalid(format!(
            "{}: cannot tell the format from its first lines; give --format \
             (lambda-log, csv, azure2019, azure2021)",
            path.display()
        ))
    })
}

/// Refuses options that do not apply to the chosen format, rather than ignoring them.
fn options_fit(args: &ImportArgs, format: Format) -> Result<(), Failure> {
    let azure_2019 = [
        ("--durations", args.durations.is_some()),
        ("--memory", args.memory.is_some()),
        ("--sampler", args.sampler != SamplerArg::Uniform),
    ];
    let azure = [
        ("--function", args.function.is_some()),
        ("--busiest", args.busiest.is_some()),
        ("--app", args.app.is_some()),
    ];
    let first_set = |options: &[(&'static str, bool)], format: &'static str| {
        options
            .iter()
            .find(|(_, set)| *set)
            .map(|(name, _)| (*name, format))
    };
    let misfit = match format {
        Format::Azure2019 => None,
        Format::Azure2021 => first_set(&azure_2019, "azure2019"),
        _ => first_set(&azure, "azure2019 or azure2021")
            .or_else(|| first_set(&azure_2019, "azure2019")),
    }
    .or_else(|| {
        (format != Format::Csv && args.time_unit != TimeUnitArg::Auto)
            .then_some(("--time-unit", "csv"))
    })
    .or_else(|| {
        (format != Format::LambdaLog && args.check).then_some((
            "--check",
            "lambda-log (the only format that records cold starts)",
        ))
    });
    match misfit {
        Some((option, fits)) => Err(Failure::Invalid(format!(
            "{option} applies to --format {fits} only (the file is {})",
            format.id()
        ))),
        None => Ok(()),
    }
}

/// Feeds a file to the importer in chunks, as many times as it asks.
fn read(importer: &mut Importer, path: &Path, format: Format) -> Result<(), Failure> {
    let bad = |error: ImportError| Failure::Import {
        path: path.to_path_buf(),
        error,
    };
    let mut buf = vec![0u8; CHUNK_BYTES];
    loop {
        importer.begin_file(Some(format)).map_err(bad)?;
        let mut file = open(path)?;
        loop {
            let n = file.read(&mut buf).map_err(|error| io(path, error))?;
            if n == 0 {
                break;
            }
            importer.feed_bytes(&buf[..n]).map_err(bad)?;
        }
        if importer.end_file().map_err(bad)? == Next::Done {
            return Ok(());
        }
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

/// The scenario's name: the imported file's stem.
fn name_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
    stem.chars().take(MAX_NAME_CHARS).collect()
}

/// Writes the scenario as it is serialised, not through a string: a day of a busy function is
/// millions of arrivals, and the file would be one more copy of them in memory.
fn write_scenario(path: &Path, scenario: &Scenario) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(File::create(path).map_err(|error| io(path, error))?);
    serde_json::to_writer_pretty(&mut out, scenario)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|error| io(path, error))
}
