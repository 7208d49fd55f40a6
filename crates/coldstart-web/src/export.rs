//! Downloads: the JSON report and the file names, which name the scenario so a folder of exports
//! stays readable. The CSV downloads are `coldstart_prose::csv`'s, the same files the CLI writes.

use coldstart_core::{Report, Scenario};

/// Longest file-name stem, in characters, before the chart or data suffix.
const MAX_STEM: usize = 60;

/// A file-name-safe stem naming the compared variants: `node-zip-vs-node-image`.
pub fn file_stem(names: &[&str]) -> String {
    let joined = names
        .iter()
        .map(|n| slug(n))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    let mut stem = if joined.is_empty() {
        "coldstart".to_string()
    } else {
        joined.join("-vs-")
    };
    if stem.chars().count() > MAX_STEM {
        stem = stem
            .chars()
            .take(MAX_STEM)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string();
    }
    stem
}

/// Lower-case ASCII letters and digits, other runs of characters as one `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Every variant's scenario and full report, pretty-printed.
pub fn report_json(variants: &[(&Scenario, &Report)]) -> Result<String, serde_json::Error> {
    let items: Vec<serde_json::Value> = variants
        .iter()
        .map(|(s, r)| serde_json::json!({ "scenario": s, "report": r }))
        .collect();
    serde_json::to_string_pretty(&items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_name_the_variants_safely() {
        assert_eq!(
            file_stem(&["Node API (zip)", "Node API (image)"]),
            "node-api-zip-vs-node-api-image"
        );
        assert_eq!(file_stem(&["../../etc", "   "]), "etc");
        assert_eq!(file_stem(&[]), "coldstart");
        assert!(file_stem(&["a".repeat(200).as_str()]).len() <= MAX_STEM);
    }
}
