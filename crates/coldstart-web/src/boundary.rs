//! The closed sets that cross the JavaScript boundary, as wasm-bindgen string enums: JS passes
//! and receives the same strings as before, Rust matches on a closed set. A string JS gets
//! wrong arrives as wasm-bindgen's hidden `__Invalid` variant, which each use refuses or maps to
//! the default, never a panic.
// wasm-bindgen adds the hidden `__Invalid` variant and a `from_js_value` function without docs.
#![allow(missing_docs)]

use coldstart_charts::Theme;
use wasm_bindgen::prelude::{JsError, JsValue, wasm_bindgen};

/// A DOM call's thrown value as an error JS can read: its message when it is a string, else its
/// debug form. For both wasm modules' exports (this crate's and `coldstart-web-tools`).
pub fn js_err(e: JsValue) -> JsError {
    JsError::new(&e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// A plain JavaScript object of `fields`, in order, the way `serde_wasm_bindgen::to_value`
/// wrote a struct (a `None` an `undefined` property, a list an `Array`): the page's few
/// structured answers (the page mode, a download, a linked plan question) are made here, since
/// serde-wasm-bindgen's serializer and its cache of key strings (a hash map) were ~5 KB of the
/// first module for three small structs (docs/benchmarks.md, "Issue 14, fourteenth round: wasm
/// size").
pub fn js_object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a property of a new plain object never throws.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// `Some(text)` as a string, `None` as `undefined` (serde-wasm-bindgen's `Option`).
pub fn js_opt(text: Option<&str>) -> JsValue {
    text.map_or(JsValue::UNDEFINED, JsValue::from_str)
}

/// What an edit means for the page, as its JavaScript receives it (a wasm-bindgen string enum:
/// JS sees the string, Rust a closed set).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditResult {
    /// Rebuild the panel and re-run.
    Shape = "shape",
    /// Re-run.
    Value = "value",
    /// Show the problems and keep the last results.
    Invalid = "invalid",
}

/// What a run's reply meant for the page (a wasm-bindgen string enum).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// The first seed's results are in: draw the charts.
    Charts = "charts",
    /// A variant's first-seed report is in, the others are still running: nothing to show yet.
    Partial = "partial",
    /// Every seed has run: update the summary.
    Done = "done",
    /// The run failed: show the problems.
    Failed = "failed",
    /// A variant's request records are in (for the downloads): nothing to draw.
    Records = "records",
    /// The size sweep is in (for the sweep chart, when it is drawn): nothing to draw now.
    Sweep = "sweep",
    /// The reply belonged to a replaced or cancelled run.
    Dropped = "dropped",
}

/// A planner, as the Plan view's menu names it (a wasm-bindgen string enum).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Planner {
    /// The least constant provisioned concurrency meeting the target.
    Provisioned = "provisioned",
    /// An hourly provisioned-concurrency schedule.
    Schedule = "schedule",
    /// The memory curve.
    Memory = "memory",
    /// Zip, image or SnapStart.
    Packaging = "packaging",
}

/// A download of the results, as the page's buttons name it (a wasm-bindgen string enum: a name
/// JS gets wrong arrives as the hidden invalid variant and is refused).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The per-request CSV.
    RequestsCsv = "requests-csv",
    /// The time-series CSV.
    TimeseriesCsv = "timeseries-csv",
    /// The reports as JSON.
    ReportJson = "report-json",
}

impl Export {
    /// Every download, in the page's order.
    pub const ALL: [Export; 3] = [
        Export::RequestsCsv,
        Export::TimeseriesCsv,
        Export::ReportJson,
    ];

    /// Its name (`requests-csv`, …).
    pub fn id(self) -> &'static str {
        match self {
            Export::RequestsCsv => "requests-csv",
            Export::TimeseriesCsv => "timeseries-csv",
            Export::ReportJson => "report-json",
            _ => "invalid",
        }
    }
}

/// A chart theme, as the page names it (a wasm-bindgen string enum: JS passes `"light"` or
/// `"dark"`; anything else, e.g. a stale stored preference, draws light as before).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    /// Light background.
    Light = "light",
    /// Dark background.
    Dark = "dark",
}

impl ThemeName {
    /// The charts' theme of that name (the second module draws the plan's chart with it too).
    pub fn theme(self) -> Theme {
        match self {
            ThemeName::Dark => Theme::dark(),
            _ => Theme::light(),
        }
    }

    pub(crate) fn id(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            _ => "light",
        }
    }
}
