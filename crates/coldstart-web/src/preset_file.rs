//! The format of a preset file in `scenarios/`: one scenario object, or an array of scenarios
//! (the variants of a comparison). Shared with the build script, so it needs only core and serde_json.

use coldstart_core::{Scenario, ScenarioError};

/// Parses a preset file into its variants (at least one). Read straight from the text (not
/// through a `serde_json::Value`), like share links, so the page carries one scenario reader.
pub fn parse(text: &str) -> Result<Vec<Scenario>, ScenarioError> {
    let variants = if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<Scenario>>(text).map_err(ScenarioError::parse)?
    } else {
        vec![serde_json::from_str::<Scenario>(text).map_err(ScenarioError::parse)?]
    };
    if variants.is_empty() {
        return Err(ScenarioError::invalid(
            "",
            "[]",
            "a preset holds at least one scenario",
        ));
    }
    Ok(variants)
}
