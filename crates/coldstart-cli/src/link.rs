//! `coldstart link`: share fragments for the web page, and decoding them back to scenarios.

use crate::cli::LinkArgs;
use crate::failure::Failure;
use crate::output;
use crate::scenario_file;
use coldstart_core::share::{self, SharedState};

/// Prints the fragment for the given files, or (with `--decode`) the scenarios in a fragment.
pub fn link(args: &LinkArgs) -> Result<(), Failure> {
    if let Some(fragment) = &args.decode {
        let state = share::decode(fragment.trim()).map_err(Failure::Link)?;
        let json = serde_json::to_string_pretty(&state)
            .map_err(|e| Failure::Invalid(format!("cannot print the decoded state: {e}")))?;
        return output::print(&format!("{json}\n"));
    }
    let files = scenario_file::load_all(&args.files)?;
    let state = SharedState {
        variants: files.into_iter().map(|f| f.scenario).collect(),
        chart: args.chart.map(|c| c.as_str().to_string()),
        plan: None,
    };
    let fragment = share::encode(&state);
    // Decoding our own link applies the same checks the page will (variant count, validation),
    // so a link that would not open is an error here rather than a surprise in the browser.
    share::decode(&fragment).map_err(Failure::Link)?;
    let line = match &args.base_url {
        Some(base) => format!("{}#{fragment}\n", base.trim_end_matches('#')),
        None => format!("{fragment}\n"),
    };
    output::print(&line)
}
