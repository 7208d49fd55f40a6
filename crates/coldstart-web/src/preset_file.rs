//! The format of a preset file in `scenarios/`: one scenario object, or an array of scenarios
//! (the variants of a comparison). Shared with the build script, so it needs only core and serde_json.

use coldstart_core::{Scenario, ScenarioError};

/// Parses a preset file into its variants (at least one).
pub fn parse(text: &str) -> Result<Vec<Scenario>, ScenarioError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(ScenarioError::parse)?;
    let variants = match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(ScenarioError::parse))
            .collect::<Result<Vec<Scenario>, _>>()?,
        other => vec![serde_json::from_value(other).map_err(ScenarioError::parse)?],
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
