//! `coldstart run`: one scenario, printed as JSON, CSV or a table; or every request as CSV,
//! streamed while the run proceeds.

use crate::cli::RunArgs;
use crate::failure::Failure;
use crate::output::{self, Format};
use crate::runner;
use crate::scenario_file::{self, ScenarioFile};
use coldstart_core::report::RequestRecord;
use coldstart_prose::{csv, table};
use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::time::Instant;

/// Runs the scenario file and prints the report in the chosen format.
pub fn run(args: &RunArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let mut file = scenario_file::load(&args.file)?;
    if let Some(seed) = args.seed {
        file.scenario.seed = seed;
    }
    if let Some(sample) = args.sample {
        file.scenario.output.request_sample = sample;
    }
    if args.all_requests {
        if args.format != Format::CsvRequests {
            return Err(Failure::Invalid(
                "--all-requests writes per-request rows: use it with --format csv-requests".into(),
            ));
        }
        return stream_requests(&file, args);
    }
    if args.format == Format::CsvRequests && file.scenario.output.request_sample == 0 {
        return Err(Failure::Invalid(
            "--format csv-requests needs a per-request sample: pass --sample N \
             or --all-requests, or set output.request_sample in the scenario"
                .into(),
        ));
    }
    let loaded = Instant::now();
    let report = runner::run(&file, args.progress())?;
    let simulated = Instant::now();
    let label = file.scenario.name.as_str();
    let text = match args.format {
        Format::Json => output::json(&report).map_err(Failure::Invalid)?,
        Format::Csv => csv::timeseries(&[(label, &report)]),
        Format::CsvRequests => csv::requests(&[(label, &report)]),
        Format::Table => table::summary(&[(label, &report)]).to_text(),
    };
    let formatted = Instant::now();
    output::print(&text)?;
    if args.timing {
        let printed = Instant::now();
        let s = |from: Instant, to: Instant| (to - from).as_secs_f64();
        eprintln!(
            "{{\"timing_s\":{{\"load\":{},\"simulate\":{},\"format\":{},\"print\":{},\"total\":{}}}}}",
            s(started, loaded),
            s(loaded, simulated),
            s(simulated, formatted),
            s(formatted, printed),
            s(started, printed),
        );
    }
    Ok(())
}

/// Writes every request as a CSV row to stdout, slice by slice: the header with the first
/// slice (so a scenario refused before running leaves stdout empty), then each slice's finished
/// requests in the order they finished, flushed after the slice so a reader sees rows while
/// the run proceeds. A closed stdout (`| head`) ends the run quietly.
fn stream_requests(file: &ScenarioFile, args: &RunArgs) -> Result<(), Failure> {
    let label = file.scenario.name.as_str();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut row = csv::requests_header();
    let mut header_written = false;
    let sink = |records: &mut dyn Iterator<Item = RequestRecord>| {
        if !header_written {
            header_written = true;
            if written(out.write_all(row.as_bytes()))?.is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        for r in records {
            row.clear();
            csv::write_request(&mut row, label, &r);
            if written(out.write_all(row.as_bytes()))?.is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        written(out.flush())
    };
    runner::run_streaming(file, args.progress(), sink)?;
    written(out.flush()).map(|_| ())
}

/// Whether writing may go on: `Break` when the reader closed the pipe, an I/O failure for
/// anything else.
fn written(result: io::Result<()>) -> Result<ControlFlow<()>, Failure> {
    match result {
        Ok(()) => Ok(ControlFlow::Continue(())),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ControlFlow::Break(())),
        Err(e) => Err(output::stdout_failure(e)),
    }
}
