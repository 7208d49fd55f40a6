//! The playground's state: the compared variants as editable drafts, which one the panel shows,
//! and how a share link, a preset or the default comparison becomes that state.

use crate::controls::{self, Edit, FieldError, Scope};
use coldstart_core::plan::Request;
use coldstart_core::share::{self, ShareError, SharedState};
use coldstart_core::{Scenario, ScenarioError};
use serde_json::Value;

/// Most variants compared side by side (the share codec's limit too).
pub const MAX_VARIANTS: usize = share::MAX_VARIANTS;

/// The scenario the page opens with when the URL has none: a Node.js API under a steady rate
/// with a burst, shipped as a zip; the second variant is the same function as a container image.
const DEFAULT_SCENARIO: &str = r#"{
  "name": "Node.js API (zip)",
  "seed": 42,
  "duration_s": 1800,
  "workload": {
    "kind": "spikes",
    "base_rate_per_s": 5,
    "spikes": [{ "at_s": 600, "duration_s": 120, "rate_per_s": 60 }]
  },
  "function": {
    "runtime": "nodejs",
    "memory_mb": 1024,
    "handler_ms": { "dist": "log_normal", "median": 40, "p99_over_p50": 4 },
    "init_ms": { "dist": "log_normal", "median": 1090, "p99_over_p50": 2 }
  },
  "package": { "type": "zip", "zipped_mb": 15, "unzipped_mb": 45 }
}"#;

/// Something that stops the variants from running, located as precisely as known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Index of the variant.
    pub variant: usize,
    /// Field path, when the error names one.
    pub path: Option<String>,
    /// The message to show.
    pub message: String,
}

/// The link a page was opened with, read: `None` without one, else the state it restores or why
/// it could not be opened. The page reads it through the browser's DEFLATE (`LinkReader` in
/// lib.rs), the tests through `share::decode`.
pub type Link = Option<Result<SharedState, ShareError>>;

/// The variants being compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    drafts: Vec<Value>,
    active: usize,
    /// The last path edited: parse errors from serde carry no path, and the last edit is
    /// almost always the cause.
    last_edit: Option<String>,
    /// Per variant: whether the page chose its name (a variant added here), so it follows what
    /// differs in it from the first until the user names it.
    auto_named: Vec<bool>,
}

/// What a link restores: the variants, a message if the link was bad, the chart it names and
/// the planner question it carries.
pub struct Restored {
    /// The variants (the default comparison for an empty or bad link).
    pub session: Session,
    /// Why a bad link was not opened.
    pub notice: Option<String>,
    /// The chart the link names.
    pub chart: Option<String>,
    /// The Plan view's question.
    pub plan: Option<Request>,
}

impl Session {
    /// A session over valid scenarios (at most [`MAX_VARIANTS`] are kept).
    pub fn new(scenarios: &[Scenario]) -> Session {
        let drafts = scenarios
            .iter()
            .take(MAX_VARIANTS)
            .filter_map(draft_of)
            .collect::<Vec<_>>();
        if drafts.is_empty() {
            return Session::new(&default_comparison());
        }
        Session {
            auto_named: vec![false; drafts.len()],
            drafts,
            active: 0,
            last_edit: None,
        }
    }

    /// Restores the state of a link. No link gives the default comparison; a bad one gives the
    /// default too, plus a message saying why.
    pub fn restore(link: Link) -> Restored {
        let mut restored = Restored {
            session: Session::new(&default_comparison()),
            notice: None,
            chart: None,
            plan: None,
        };
        match link {
            None => {}
            Some(Ok(SharedState {
                variants,
                chart,
                plan,
            })) => {
                restored.session = Session::new(&variants);
                restored.chart = chart;
                restored.plan = plan;
            }
            Some(Err(e)) => {
                restored.notice = Some(format!(
                    "This link could not be opened ({e}). Showing the default scenario instead."
                ));
            }
        }
        restored
    }

    /// What the share link of valid scenarios (the page passes the ones last drawn) compresses,
    /// naming a chart for embeds and the Plan view's question when one was answered
    /// ([`share::payload`]; the page deflates it and [`share::framed`] makes the link).
    pub fn payload(scenarios: &[Scenario], chart: Option<&str>, plan: Option<&Request>) -> Vec<u8> {
        share::payload(&SharedState {
            variants: scenarios.to_vec(),
            chart: chart.map(str::to_string),
            plan: plan.cloned(),
        })
    }

    /// The drafts, in variant order.
    pub fn drafts(&self) -> &[Value] {
        &self.drafts
    }

    /// The variant the panel edits.
    pub fn active(&self) -> usize {
        self.active
    }

    /// The active draft.
    pub fn active_draft(&self) -> &Value {
        &self.drafts[self.active]
    }

    /// Display names of the variants (the draft's `name`, or a letter).
    pub fn names(&self) -> Vec<String> {
        self.drafts
            .iter()
            .enumerate()
            .map(|(i, d)| match d.get("name").and_then(Value::as_str) {
                Some(n) if !n.trim().is_empty() => n.to_string(),
                _ => variant_letter(i),
            })
            .collect()
    }

    /// Shows another variant in the panel.
    pub fn select(&mut self, index: usize) {
        if index < self.drafts.len() {
            self.active = index;
        }
    }

    /// Adds a copy of the active variant and selects it; `false` at the limit. The copy is
    /// named for what differs in it from the first variant (at first nothing: "copy of …"),
    /// and keeps following its differences until the user names it.
    pub fn add_variant(&mut self) -> bool {
        if self.drafts.len() >= MAX_VARIANTS {
            return false;
        }
        let copy = self.active_draft().clone();
        self.drafts.push(copy);
        self.auto_named.push(true);
        self.active = self.drafts.len() - 1;
        self.rename_auto();
        true
    }

    /// Removes a variant; the last one stays.
    pub fn remove_variant(&mut self, index: usize) -> bool {
        if self.drafts.len() <= 1 || index >= self.drafts.len() {
            return false;
        }
        self.drafts.remove(index);
        self.auto_named.remove(index);
        self.active = self.active.min(self.drafts.len() - 1);
        self.rename_auto();
        true
    }

    /// Names every page-named variant for what differs in it from the first (both must parse;
    /// an invalid draft keeps its name until it is valid again).
    fn rename_auto(&mut self) {
        let Some(base) = self.drafts.first().and_then(scenario_of) else {
            return;
        };
        for i in 1..self.drafts.len() {
            if !self.auto_named.get(i).copied().unwrap_or(false) {
                continue;
            }
            if let Some(other) = scenario_of(&self.drafts[i]) {
                let name = coldstart_prose::naming::variant_name(&base, &other);
                if let Value::Object(map) = &mut self.drafts[i] {
                    map.insert("name".to_string(), Value::String(name));
                }
            }
        }
    }

    /// Replaces every variant (a preset was chosen).
    pub fn replace(&mut self, scenarios: &[Scenario]) {
        *self = Session::new(scenarios);
    }

    /// Applies typed text to the active variant, or to every variant for shared inputs.
    /// Only an applied edit becomes the last edit: a refused one changed nothing, so it cannot
    /// be the cause of a later parse error.
    pub fn edit(&mut self, path: &str, raw: &str) -> Result<Edit, FieldError> {
        let result = self.apply(path, raw);
        if result.is_ok() {
            self.last_edit = Some(path.to_string());
            if path == "name" {
                if let Some(auto) = self.auto_named.get_mut(self.active) {
                    *auto = false;
                }
            } else {
                if path == "package.type" {
                    self.follow_package_type();
                }
                self.rename_auto();
            }
        }
        result
    }

    /// A name that says its packaging ("Node.js API (zip)") follows a change of package type,
    /// so the legend never calls an image "(zip)".
    fn follow_package_type(&mut self) {
        let draft = &mut self.drafts[self.active];
        let kind = draft
            .pointer("/package/type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let (old, new) = match kind.as_str() {
            "image" => (" (zip)", " (image)"),
            "zip" => (" (image)", " (zip)"),
            _ => return,
        };
        if let Some(Value::String(name)) = draft.get_mut("name")
            && let Some(stem) = name.strip_suffix(old)
        {
            *name = format!("{stem}{new}");
        }
    }

    fn apply(&mut self, path: &str, raw: &str) -> Result<Edit, FieldError> {
        match controls::scope_of(path) {
            Some(Scope::Shared) => {
                let mut result = Ok(Edit::Value);
                for draft in &mut self.drafts {
                    result = controls::apply(draft, path, raw);
                    if result.is_err() {
                        break;
                    }
                }
                result
            }
            _ => {
                let active = self.active;
                controls::apply(&mut self.drafts[active], path, raw)
            }
        }
    }

    /// The scenarios, if every draft parses and validates; otherwise every problem found.
    pub fn scenarios(&self) -> Result<Vec<Scenario>, Vec<Problem>> {
        let mut ok = Vec::new();
        let mut problems = Vec::new();
        for (variant, draft) in self.drafts.iter().enumerate() {
            let parsed = from_draft::<Scenario>(draft)
                .map_err(|e| {
                    controls::whole_number_problem(draft).unwrap_or_else(|| ScenarioError::parse(e))
                })
                .and_then(|s| crate::run::validate(&s).map(|()| s));
            match parsed {
                Ok(s) => ok.push(s),
                Err(e) => problems.push(Problem {
                    variant,
                    path: e
                        .path()
                        .map(str::to_string)
                        .or_else(|| self.last_edit.clone()),
                    message: e.to_string(),
                }),
            }
        }
        if problems.is_empty() {
            Ok(ok)
        } else {
            Err(problems)
        }
    }
}

/// A draft as a scenario, when it parses (through [`from_draft`], the module's one reader).
fn scenario_of(draft: &Value) -> Option<Scenario> {
    from_draft(draft).ok()
}

/// `A`, `B`, … for variant indices.
pub fn variant_letter(index: usize) -> String {
    char::from(b'A' + (index % 26) as u8).to_string()
}

/// The default comparison: the default scenario as a zip and as a container image.
pub fn default_comparison() -> Vec<Scenario> {
    match Scenario::from_json(DEFAULT_SCENARIO) {
        Ok(zip) => with_twin(zip),
        Err(_) => Vec::new(),
    }
}

/// A scenario and the same function shipped the other way (zip ↔ image), for a one-scenario
/// preset to become a comparison: `coldstart_core::twin` builds it (base image + the zip's code,
/// or an image's own layers as a zip). An image too large for any zip stays alone.
pub fn with_twin(scenario: Scenario) -> Vec<Scenario> {
    coldstart_core::twin::with_twin(&scenario).0
}

/// The core's type (a scenario, or part of one) as a draft.
///
/// Through JSON text, like [`from_draft`]: `serde_json::to_value` would link a second writer of
/// every scenario type (the one into `Value`, about 30 KB of the wasm before compression) beside
/// the text writer that share links need anyway.
pub(crate) fn draft_of<T: serde::Serialize>(value: &T) -> Option<Value> {
    let text = serde_json::to_string(value).ok()?;
    serde_json::from_str(&text).ok()
}

/// A value's JSON text, as its `Display` writes it. Not `to_string()`: `Display` goes through an
/// `io::Write` adapter and brings a second writer of every `Value` (pretty, for `{:#}`) and
/// `io::Error`'s messages into the page's module; this is the compact writer the page has anyway
/// (docs/benchmarks.md, "Issue 14, fourteenth round: wasm size").
pub(crate) fn json_text(v: &Value) -> String {
    // Writing a `Value` to a `String` cannot fail: its keys are strings.
    serde_json::to_string(v).unwrap_or_default()
}

/// A draft (or part of one) as the core's type.
///
/// Read from the draft's JSON text rather than from the `Value` itself: the scenario types are
/// then deserialized by one reader in the whole module (share links and presets are text too),
/// instead of a second copy of every type's reader for `Value` (about 56 KB of the wasm before
/// compression). The text reader's " at line 1 column N" points into text the user never saw,
/// so it is cut from the message.
pub(crate) fn from_draft<T: serde::de::DeserializeOwned>(draft: &Value) -> Result<T, String> {
    serde_json::from_str(&json_text(draft)).map_err(|e| {
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        message
            .strip_suffix(&position)
            .unwrap_or(&message)
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_that_is_not_a_scenario_says_why_without_a_text_position() {
        let mut draft = serde_json::to_value(&default_comparison()[0]).expect("serializes");
        draft["function"]["memory_mb"] = serde_json::json!("lots");
        let e = from_draft::<Scenario>(&draft).expect_err("a string for a number");
        assert!(e.contains("invalid type: string \"lots\""), "{e}");
        assert!(!e.contains(" at line "), "{e}");
        draft["function"]["memory_mb"] = serde_json::json!(1024);
        let s = from_draft::<Scenario>(&draft).expect("a scenario again");
        assert_eq!(s.function.memory_mb, 1024);
    }

    #[test]
    fn the_default_is_the_same_function_as_zip_and_image() {
        let v = default_comparison();
        assert_eq!(v.len(), 2);
        assert!(matches!(v[0].package, coldstart_core::Package::Zip { .. }));
        assert!(matches!(
            v[1].package,
            coldstart_core::Package::Image { .. }
        ));
        assert_eq!(v[0].workload, v[1].workload);
        assert_eq!(v[0].function, v[1].function);
        assert_eq!(v[0].seed, v[1].seed, "common random numbers");
        for s in &v {
            crate::run::validate(s).expect("the default scenario is valid");
        }
        // The image twin is the Node.js base image plus the zip's code, read whole at init.
        let coldstart_core::Package::Zip {
            zipped_mb,
            unzipped_mb,
            ..
        } = v[0].package
        else {
            unreachable!()
        };
        let coldstart_core::Package::Image { image_mb, .. } = v[1].package else {
            unreachable!()
        };
        let base = coldstart_core::defaults::image_base_mb(v[0].function.runtime);
        assert_eq!(image_mb, base + unzipped_mb);
        // Its function init is the calibrated Node.js dependency loading of its zipped size
        // (docs/calibration.md), not a free guess.
        let coldstart_core::Dist::LogNormal { median, .. } = v[0].function.init_ms else {
            panic!("log-normal init")
        };
        let calibrated =
            zipped_mb * coldstart_core::defaults::NODE_DEPENDENCY_INIT_MS_PER_ZIPPED_MB;
        assert!(
            (median / calibrated - 1.0).abs() < 0.01,
            "{median} vs {calibrated}"
        );
    }

    #[test]
    fn shared_edits_reach_every_variant_and_variant_edits_one() {
        let mut s = Session::new(&default_comparison());
        s.edit("seed", "9").unwrap();
        s.edit("function.memory_mb", "2048").unwrap();
        let v = s.scenarios().expect("valid");
        assert_eq!((v[0].seed, v[1].seed), (9, 9));
        assert_eq!(
            (v[0].function.memory_mb, v[1].function.memory_mb),
            (2048, 1024)
        );
    }

    #[test]
    fn a_bad_value_is_reported_at_its_path_for_its_variant() {
        let mut s = Session::new(&default_comparison());
        s.select(1);
        s.edit("function.memory_mb", "99999").unwrap();
        let problems = s.scenarios().unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].variant, 1);
        assert_eq!(problems[0].path.as_deref(), Some("function.memory_mb"));
        assert!(
            problems[0].message.contains("99999"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_refused_edit_does_not_take_the_blame_for_an_earlier_one() {
        let mut s = Session::new(&default_comparison());
        // -5 reaches the draft (ranges are the core's job) but cannot become a u32: a parse
        // error without a path, located at the last edit that changed the draft.
        s.edit("function.memory_mb", "-5").unwrap();
        assert!(s.edit("seed", "not a number").is_err());
        let problems = s.scenarios().unwrap_err();
        assert_eq!(problems[0].path.as_deref(), Some("function.memory_mb"));
    }

    #[test]
    fn a_number_a_whole_number_field_cannot_hold_is_named_with_its_rule() {
        // The draft keeps what was typed; the scenario's reader alone would say "invalid type:
        // floating point `-5.0`, expected u32", naming neither the field nor the rule.
        for (typed, shown) in [
            ("-5", "-5"),
            ("1536.5", "1536.5"),
            ("1e30", "1e+30"),
            ("5000000000", "5000000000"),
        ] {
            let mut s = Session::new(&default_comparison());
            s.edit("function.memory_mb", typed).unwrap();
            let problems = s.scenarios().unwrap_err();
            assert_eq!(problems.len(), 1, "{typed}");
            assert_eq!(problems[0].path.as_deref(), Some("function.memory_mb"));
            assert_eq!(
                problems[0].message,
                format!(
                    "function.memory_mb = {shown}: must be a whole number between 128 and \
                     10240 MB (AWS Lambda quotas)"
                ),
                "{typed}"
            );
        }
        // A whole number out of range still gets the core's own message.
        let mut s = Session::new(&default_comparison());
        s.edit("function.memory_mb", "99999").unwrap();
        let problems = s.scenarios().unwrap_err();
        assert!(
            problems[0]
                .message
                .starts_with("function.memory_mb = 99999: must be between"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn share_fragments_round_trip_and_garbage_falls_back_with_a_message() {
        let v = default_comparison();
        let question = Request::Memory {
            config: Default::default(),
        };
        let payload = Session::payload(&v, Some("cdf"), Some(&question));
        let fragment = share::framed(&miniz_oxide::deflate::compress_to_vec(&payload, 6));
        let r = Session::restore(Some(share::decode(&fragment)));
        assert_eq!(r.notice, None);
        assert_eq!(r.chart.as_deref(), Some("cdf"));
        assert_eq!(r.plan, Some(question));
        assert_eq!(r.session.scenarios().unwrap(), v);
        let r = Session::restore(Some(share::decode("v1.%%%not-base64")));
        assert!(r.notice.is_some_and(|n| n.contains("could not be opened")));
        assert_eq!(r.session.scenarios().unwrap(), v);
        let r = Session::restore(None);
        assert_eq!(r.notice, None);
        assert_eq!(r.session.scenarios().unwrap(), v);
    }

    #[test]
    fn a_new_variant_is_named_for_what_differs_until_the_user_names_it() {
        let mut s = Session::new(&default_comparison());
        s.select(0);
        assert!(s.add_variant());
        assert_eq!(s.names()[2], "copy of Node.js API (zip)");
        s.edit("function.memory_mb", "2048").unwrap();
        assert_eq!(s.names()[2], "2,048 MB");
        s.edit("package.type", "image").unwrap();
        assert!(
            s.names()[2].starts_with("2,048 MB, image"),
            "{:?}",
            s.names()
        );
        s.edit("name", "mine").unwrap();
        s.edit("function.memory_mb", "512").unwrap();
        assert_eq!(s.names()[2], "mine", "a name the user gave stays");
        // The variants the page opened with keep their names.
        assert_eq!(s.names()[0], "Node.js API (zip)");
    }

    #[test]
    fn a_name_saying_its_packaging_follows_the_package_type() {
        let mut s = Session::new(&default_comparison());
        s.edit("package.type", "image").unwrap();
        assert_eq!(s.names()[0], "Node.js API (image)");
        s.edit("package.type", "zip").unwrap();
        assert_eq!(s.names()[0], "Node.js API (zip)");
    }

    #[test]
    fn variants_are_capped_and_the_last_one_stays() {
        let mut s = Session::new(&default_comparison());
        assert!(s.add_variant());
        assert!(s.add_variant());
        assert!(!s.add_variant(), "four at most");
        assert_eq!(s.names()[3], "copy of Node.js API (zip)");
        for _ in 0..3 {
            assert!(s.remove_variant(0));
        }
        assert!(!s.remove_variant(0));
        assert_eq!(s.drafts().len(), 1);
    }
}
