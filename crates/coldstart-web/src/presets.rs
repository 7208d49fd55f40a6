//! The preset menu: every JSON file of `scenarios/`, embedded at build time (see `build.rs`).

use crate::preset_file;
use crate::session;
use coldstart_core::{Scenario, ScenarioError};

include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// The menu title of a preset, from `scenarios/titles.txt` (`file stem = title` lines, `#`
/// comments).
pub fn title(id: &str) -> Option<&'static str> {
    TITLES
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .find(|(stem, _)| stem.trim() == id)
        .map(|(_, title)| title.trim())
}

/// `(id, label)` of every preset that parses, in file order. The label is the preset's title
/// from `scenarios/titles.txt`, or, for a file without one, its name with spaces for dashes.
pub fn list() -> Vec<(String, String)> {
    PRESETS
        .iter()
        .filter_map(|(id, text)| {
            preset_file::parse(text).ok()?;
            let label = title(id).map_or_else(|| id.replace(['-', '_'], " "), str::to_string);
            Some(((*id).to_string(), label))
        })
        .collect()
}

/// The variants of a preset and, when a one-scenario preset has no zip/image twin, why not (an
/// image too large for any zip): the page shows it instead of one variant without a word.
pub fn load_with_note(id: &str) -> Result<(Vec<Scenario>, Option<String>), ScenarioError> {
    let (_, text) = PRESETS
        .iter()
        .find(|(name, _)| *name == id)
        .ok_or_else(|| ScenarioError::invalid("preset", id, "no preset has this name"))?;
    let mut variants = preset_file::parse(text)?;
    if variants.len() != 1 {
        return Ok((variants, None));
    }
    let (variants, why) = coldstart_core::twin::with_twin(&variants.remove(0));
    let note = why.map(|e| {
        let name = variants.first().map_or("", |s| s.name.as_str());
        format!("{name} is shown alone: it has no twin packaged the other way ({e}).")
    });
    Ok((variants, note))
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
        // A preset shown alone says why; a compared one has nothing to say.
        for (id, _) in PRESETS {
            let (variants, note) = load_with_note(id).unwrap();
            assert_eq!(variants, load(id).unwrap(), "{id}");
            assert_eq!(variants.len() == 1, note.is_some(), "{id}: {note:?}");
        }
        assert!(load("no-such-preset").is_err());
    }

    #[test]
    fn every_preset_has_a_human_title_and_every_title_a_preset() {
        for (id, _) in PRESETS {
            let t = title(id).unwrap_or_else(|| panic!("{id}: no line in scenarios/titles.txt"));
            assert!(t != *id && t.contains(' '), "{id}: {t}");
        }
        for line in TITLES
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let (stem, _) = line.split_once('=').expect("`stem = title`");
            assert!(
                PRESETS.iter().any(|(id, _)| *id == stem.trim()),
                "titles.txt names no preset file: {line}"
            );
        }
        let menu = list();
        assert!(menu.iter().all(|(id, label)| label != id), "{menu:?}");
    }
}
