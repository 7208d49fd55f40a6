//! `coldstart run`: one scenario, printed as JSON, CSV or a table.

use crate::cli::RunArgs;
use crate::failure::Failure;
use crate::output::{self, Format};
use crate::runner;
use crate::scenario_file;

/// Runs the scenario file and prints the report in the chosen format.
pub fn run(args: &RunArgs) -> Result<(), Failure> {
    let mut file = scenario_file::load(&args.file)?;
    if let Some(seed) = args.seed {
        file.scenario.seed = seed;
    }
    if let Some(sample) = args.sample {
        file.scenario.output.request_sample = sample;
    }
    if args.format == Format::CsvRequests && file.scenario.output.request_sample == 0 {
        return Err(Failure::Invalid(
            "--format csv-requests needs a per-request sample: pass --sample N \
             or set output.request_sample in the scenario"
                .into(),
        ));
    }
    let report = runner::run(&file, args.progress())?;
    let label = file.scenario.name.as_str();
    let text = match args.format {
        Format::Json => output::json(&report).map_err(Failure::Invalid)?,
        Format::Csv => output::timeseries_csv(&[(label, &report)]),
        Format::CsvRequests => output::requests_csv(&[(label, &report)]),
        Format::Table => output::table(&[(label, &report)]),
    };
    print!("{text}");
    Ok(())
}
