//! The preset menu: every JSON file of `scenarios/`, embedded at build time (see `build.rs`).

use crate::preset_file;
use crate::session;
use coldstart_core::{Scenario, ScenarioError};

include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// `(id, label)` of every preset that parses, in file order. The label is the first variant's
/// name, or the file name when the scenario has the default name.
pub fn list() -> Vec<(String, String)> {
    PRESETS
        .iter()
        .filter_map(|(id, text)| {
            let variants = preset_file::parse(text).ok()?;
            let label = match variants.first().map(|s| s.name.as_str()) {
                Some(name) if name != "scenario" && !name.is_empty() => name
                    .trim_end_matches(" (zip)")
                    .trim_end_matches(" (image)")
                    .to_string(),
                _ => id.replace(['-', '_'], " "),
            };
            Some(((*id).to_string(), label))
        })
        .collect()
}

/// The variants of a preset. A one-scenario preset becomes a comparison with its zip/image twin,
/// so the page always compares.
pub fn load(id: &str) -> Result<Vec<Scenario>, ScenarioError> {
    let (_, text) = PRESETS
        .iter()
        .find(|(name, _)| *name == id)
        .ok_or_else(|| ScenarioError::invalid("preset", id, "no preset has this name"))?;
    let mut variants = preset_file::parse(text)?;
    if variants.len() == 1 {
        variants = session::with_twin(variants.remove(0));
    }
    Ok(variants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_file_parses_validates_and_loads() {
        for (id, text) in PRESETS {
            let variants = preset_file::parse(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            for s in &variants {
                crate::run::validate(s).unwrap_or_else(|e| panic!("{id}: {e}"));
            }
            let loaded = load(id).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(
                (2..=session::MAX_VARIANTS).contains(&loaded.len())
                    || variants.len() == 1 && loaded.len() == 1,
                "{id}"
            );
        }
        assert_eq!(list().len(), PRESETS.len(), "every preset is in the menu");
        assert!(load("no-such-preset").is_err());
    }
}
