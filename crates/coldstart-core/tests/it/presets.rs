//! Every preset in scenarios/ runs, deterministically, and its report is consistent.

use std::path::Path;

#[test]
fn presets_run_and_are_consistent() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut ran = 0;
    for entry in std::fs::read_dir(&dir).expect("scenarios/ exists") {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => coldstart_core::Scenario::from_json(&text),
            Some("toml") => coldstart_core::Scenario::from_toml(&text),
            _ => continue,
        }
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let r =
            coldstart_core::run(&scenario).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            r,
            coldstart_core::run(&scenario).unwrap(),
            "{}",
            path.display()
        );
        assert_eq!(r.completed + r.dropped, r.requests, "{}", path.display());
        assert!(r.requests > 0, "{}", path.display());
        assert!(r.cold_starts > 0 && r.cold_starts <= r.invocations);
        let m = &r.environments;
        assert!((m.mean_total - m.mean_busy - m.mean_idle).abs() < 1e-6 * m.mean_total.max(1.0));
        assert!(r.cost_usd.total > 0.0);
        ran += 1;
    }
    assert!(ran > 0);
}

#[test]
fn schema_doc_examples_parse_and_run() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario-schema.md"),
    )
    .expect("docs/scenario-schema.md exists");
    let block = |lang: &str| {
        let start = doc.find(&format!("```{lang}\n")).expect("example block") + lang.len() + 4;
        let end = start + doc[start..].find("```").expect("closed block");
        doc[start..end].to_string()
    };
    for s in [
        coldstart_core::Scenario::from_json(&block("json")).expect("JSON example parses"),
        coldstart_core::Scenario::from_toml(&block("toml")).expect("TOML example parses"),
    ] {
        let r = coldstart_core::run(&s).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        assert!(r.requests > 0);
    }
}
