//! `coldstart`: the simulator on the command line. Runs, compares, sweeps and plots scenarios
//! with the same core and charts as the web page, so a post's static figures and the live page
//! agree exactly for the same scenario and seed; makes share links for the page; and imports
//! real traffic (Lambda logs, timestamp CSVs, the Azure 2019 trace) as scenarios; and plans
//! provisioned concurrency, memory and packaging, running the candidates on threads.
//!
//! This is the only crate that reads or writes files. Exit status: 0 on success, 1 on an I/O
//! error, 2 on invalid input (a bad scenario, share link or argument).
#![warn(missing_docs)]

mod cli;
mod compare;
mod failure;
mod import;
mod link;
mod output;
mod parallel;
mod plan;
mod plot;
mod run;
mod runner;
mod scenario_file;
mod sweep;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("coldstart: {failure}");
            failure.exit_code()
        }
    }
}

fn dispatch(cli: cli::Cli) -> Result<(), failure::Failure> {
    match cli.command {
        cli::Command::Run(args) => run::run(&args),
        cli::Command::Compare(args) => compare::compare(&args),
        cli::Command::Sweep(args) => sweep::sweep(&args),
        cli::Command::Plot(args) => plot::plot(&args),
        cli::Command::Link(args) => link::link(&args),
        cli::Command::Import(args) => import::import(&args),
        cli::Command::Plan(args) => plan::plan(&args),
    }
}
