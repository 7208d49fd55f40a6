//! Downloads: the JSON report and the file names, which name the scenario so a folder of exports
//! stays readable. The CSV downloads are `coldstart_prose::csv`'s, the same files the CLI writes.

use coldstart_core::{Report, Scenario};
use serde::Serialize;

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

/// One variant in the JSON download.
///
/// A struct rather than `json!({..})`: the macro serializes into `Value`, which links a second
/// writer of every scenario and report type (the page's only other one writes text), and its map
/// sorts the keys alphabetically, so the download's fields came out in another order than the
/// CLI's `--format json`. Now both follow the types' declaration order.
#[derive(Serialize)]
struct Variant<'a> {
    scenario: &'a Scenario,
    report: &'a Report,
}

/// Every variant's scenario and full report, pretty-printed.
pub fn report_json(variants: &[(&Scenario, &Report)]) -> Result<String, serde_json::Error> {
    let items: Vec<Variant> = variants
        .iter()
        .map(|&(scenario, report)| Variant { scenario, report })
        .collect();
    serde_json::to_string(&items).map(|compact| indent(&compact))
}

/// Compact JSON text laid out as `serde_json::to_string_pretty` would.
///
/// `to_string_pretty` is a second copy of every scenario and report writer (serde_json's
/// formatter is a type parameter), 12 KB of wasm before compression for one download; the compact
/// writer is there anyway for share links.
fn indent(compact: &str) -> String {
    const STEP: &str = "  ";
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(STEP, depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty container stays on one line: `[]`, `{}`.
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
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

    /// The download reads back into the very scenarios and reports, fields in the CLI's order.
    #[test]
    fn the_json_download_reads_back_in_declaration_order() {
        let scenario: Scenario =
            serde_json::from_str(include_str!("../../../scenarios/node-zip-api.json")).unwrap();
        let report = coldstart_core::run(&scenario).unwrap();
        let text = report_json(&[(&scenario, &report), (&scenario, &report)]).unwrap();
        let items = [Variant {
            scenario: &scenario,
            report: &report,
        }];
        assert_eq!(
            report_json(&[(&scenario, &report)]).unwrap(),
            serde_json::to_string_pretty(&items).unwrap(),
            "laid out exactly as serde_json's pretty writer"
        );

        #[derive(serde::Deserialize)]
        struct Item {
            scenario: Scenario,
            report: Report,
        }
        let items: Vec<Item> = serde_json::from_str(&text).unwrap();
        assert_eq!(items.len(), 2);
        for item in &items {
            assert_eq!(item.scenario, scenario);
            assert_eq!(item.report, report);
        }
        // Declaration order (`Variant`, `Scenario`), not the alphabetical order of a `Value` map.
        let at = |key: &str| text.find(key).unwrap();
        assert!(at("\"scenario\"") < at("\"report\""));
        assert!(at("\"name\"") < at("\"duration_s\""));
    }

    #[test]
    fn indent_leaves_strings_and_empty_containers_alone() {
        let value = serde_json::json!({
            "a": "x{,}:[\"]\\", "b": [], "c": {}, "d": [1, {"e": null}], "é": "ü"
        });
        let compact = serde_json::to_string(&value).unwrap();
        assert_eq!(
            indent(&compact),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
