//! How the page was opened: full playground or embed
//! (`?embed&chart=cdf&theme=dark&controls=memory,package`), and the `<iframe>` snippet that opens
//! an embed, sized for its chart.

use coldstart_charts::ChartKind;
use coldstart_core::scenario::fields as F;

/// Whether `name` names one of the charts (`ChartKind::ALL` is the one list of them) or the
/// Plan view's chart ([`PLAN_VIEW`]), the views an embed can show.
pub fn is_chart(name: &str) -> bool {
    name == PLAN_VIEW || name.parse::<ChartKind>().is_ok()
}

/// The name an embed gives the Plan view (`?embed&chart=plan`): the plan's chart and its
/// recommendation, for the link's planner question.
pub const PLAN_VIEW: &str = "plan";

/// Size of the plan embed's `<iframe>`: the chart's two panels and the recommendation under it.
pub const PLAN_EMBED_SIZE: (u32, u32) = (720, 640);

/// The chart an embed shows when the URL names none (or an unknown one).
pub const DEFAULT_EMBED_CHART: &str = "cdf";

/// Smallest frame an embed is laid out for, CSS pixels: the chart, its legend and axis titles
/// stay inside it (the end-to-end test checks the chart's box against the frame).
pub const MIN_EMBED_SIZE: (u32, u32) = (320, 240);

/// Size of the `<iframe>` in a chart's embed snippet, CSS pixels: a blog column's width, and a
/// height that gives the chart its usual proportions. The time-series charts are wider than
/// tall (minutes on the x axis); the others fit a common 640 × 420 frame. A chart added to
/// `ChartKind::ALL` gets the common size without an edit here.
pub fn embed_size(kind: ChartKind) -> (u32, u32) {
    match kind {
        ChartKind::Timeline | ChartKind::Environments | ChartKind::Lanes => (720, 440),
        _ => (640, 420),
    }
}

/// The inputs an embed can show, by the name `&controls=` gives them, with the panel paths each
/// covers (a workload's rate sits at a different path per pattern, a package's size per type).
/// An embed shows none unless asked: the chart keeps the frame.
/// Paths are the core's field-table rows, so a renamed field cannot leave an embed input behind.
pub const EMBED_CONTROLS: &[(&str, &[&str])] = &[
    (
        "rate",
        &[
            F::RATE_PER_S.path,
            F::MEAN_RATE_PER_S.path,
            F::BASE_RATE_PER_S.path,
        ],
    ),
    ("memory", &[F::MEMORY_MB.path]),
    ("package", &["package.type"]),
    ("size", &[F::UNZIPPED_MB.path, F::IMAGE_MB.path]),
];

/// The panel paths of the embed inputs named in `names`, in panel order.
pub fn embed_paths(names: &[String]) -> Vec<&'static str> {
    (EMBED_CONTROLS.iter())
        .filter(|(name, _)| names.iter().any(|n| n == name))
        .flat_map(|(_, paths)| paths.iter().copied())
        .collect()
}

/// Checks a `controls=` value: comma-separated names from [`EMBED_CONTROLS`]. The error names
/// the parameter, the value and the rule, like the link's other errors.
pub fn parse_controls(value: &str) -> Result<Vec<String>, String> {
    let known: Vec<&str> = EMBED_CONTROLS.iter().map(|(name, _)| *name).collect();
    let mut names = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !known.contains(&name) {
            let shown: String = name.chars().take(40).collect();
            return Err(format!(
                "controls = '{shown}': not an embed input; the link may name {} (comma-separated)",
                known.join(", ")
            ));
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// The page mode parsed from the query string.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageMode {
    /// One chart with compact controls.
    pub embed: bool,
    /// The chart to show in embed mode.
    pub chart: String,
    /// Whether the URL named a (known) chart with `&chart=`; if not, the share link's chart
    /// may choose it (see [`chart_to_show`]).
    pub chart_named: bool,
    /// `light` or `dark` when the URL forces one; otherwise the page follows the system.
    pub theme: Option<String>,
    /// The inputs an embed shows (`&controls=`, names from [`EMBED_CONTROLS`]); none by default.
    pub controls: Vec<String>,
    /// What is wrong with the query, for the page's notice (an unknown `controls` name).
    pub problem: Option<String>,
}

impl PageMode {
    /// As the page's JavaScript reads it (`{ embed, chart, chart_named, theme, controls,
    /// problem }`).
    pub fn to_js(&self) -> wasm_bindgen::JsValue {
        use crate::boundary::{js_object, js_opt};
        let controls: js_sys::Array = self
            .controls
            .iter()
            .map(|c| wasm_bindgen::JsValue::from_str(c))
            .collect();
        js_object(&[
            ("embed", self.embed.into()),
            ("chart", self.chart.as_str().into()),
            ("chart_named", self.chart_named.into()),
            ("theme", js_opt(self.theme.as_deref())),
            ("controls", controls.into()),
            ("problem", js_opt(self.problem.as_deref())),
        ])
    }
}

/// Parses `?embed&chart=cdf&theme=dark` (leading `?` optional). Unknown keys and values are
/// ignored: a bad link still opens the playground.
pub fn parse_query(search: &str) -> PageMode {
    let mut mode = PageMode {
        embed: false,
        chart: DEFAULT_EMBED_CHART.to_string(),
        chart_named: false,
        theme: None,
        controls: Vec::new(),
        problem: None,
    };
    for pair in search.trim_start_matches('?').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "embed" => mode.embed = value != "0" && value != "false",
            "chart" if is_chart(value) => {
                mode.chart = value.to_string();
                mode.chart_named = true;
            }
            "theme" if value == "light" || value == "dark" => mode.theme = Some(value.to_string()),
            "controls" => match parse_controls(&percent_decoded(value)) {
                Ok(names) => mode.controls = names,
                Err(e) => mode.problem = Some(e),
            },
            _ => {}
        }
    }
    mode
}

/// `%2C` and `+` as a browser may write them in a query value; other escapes stay as typed.
fn percent_decoded(value: &str) -> String {
    value
        .replace("%2C", ",")
        .replace("%2c", ",")
        .replace('+', " ")
}

/// The chart the page puts forward, given the share link's `linked` chart (validated by the core
/// only as a short identifier; an unknown name is ignored). In embed mode: the chart named in
/// the URL, else the link's, else [`DEFAULT_EMBED_CHART`]. On the full page: the link's chart, to
/// bring into view after the first draw, or `None`.
pub fn chart_to_show(mode: &PageMode, linked: Option<&str>) -> Option<String> {
    let linked = linked.filter(|name| is_chart(name)).map(str::to_string);
    if !mode.embed {
        return linked;
    }
    if mode.chart_named {
        return Some(mode.chart.clone());
    }
    Some(linked.unwrap_or_else(|| mode.chart.clone()))
}

/// Whether the page shows the size sweep chart: the full page shows every chart, an embed only
/// the one [`chart_to_show`] picks.
pub fn shows_sweep(mode: &PageMode, linked: Option<&str>) -> bool {
    !mode.embed || chart_to_show(mode, linked).as_deref() == Some(ChartKind::Sweep.as_str())
}

/// Escapes text for an HTML attribute value in double quotes (and for a text node, where the
/// escaped quote reads the same: the chart cards' markup, `dom::chart_cards_html`).
pub(crate) fn attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The embed URL: the page's address (without query and fragment), the embed query, and the
/// share fragment.
pub fn embed_url(page_url: &str, chart: &str, theme: Option<&str>, fragment: &str) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or_default();
    let chart = if is_chart(chart) {
        chart
    } else {
        DEFAULT_EMBED_CHART
    };
    let theme = match theme {
        Some(t @ ("light" | "dark")) => format!("&theme={t}"),
        _ => String::new(),
    };
    format!("{base}?embed&chart={chart}{theme}#{fragment}")
}

/// The `<iframe>` snippet for a blog post. Everything interpolated is attribute-escaped.
pub fn embed_snippet(page_url: &str, chart: &str, theme: Option<&str>, fragment: &str) -> String {
    let url = embed_url(page_url, chart, theme, fragment);
    let ((width, height), title) = if chart == PLAN_VIEW {
        (PLAN_EMBED_SIZE, "Plan")
    } else {
        let kind = chart.parse::<ChartKind>().unwrap_or(ChartKind::Cdf);
        (embed_size(kind), kind.title())
    };
    format!(
        "<iframe src=\"{}\" width=\"{width}\" height=\"{height}\" style=\"border:0;max-width:100%\" loading=\"lazy\" title=\"Coldstart Lab: {}\"></iframe>",
        attr(&url),
        attr(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_query_is_read_and_bad_values_ignored() {
        let m = parse_query("?embed&chart=timeline&theme=dark");
        assert!(m.embed);
        assert_eq!(m.chart, "timeline");
        assert_eq!(m.theme.as_deref(), Some("dark"));
        let m = parse_query("chart=<script>&theme=neon");
        assert!(!m.embed);
        assert_eq!(m.chart, DEFAULT_EMBED_CHART);
        assert_eq!(m.theme, None);
    }

    #[test]
    fn the_links_chart_is_used_unless_the_url_names_one() {
        let embed = parse_query("?embed");
        assert!(!embed.chart_named);
        assert_eq!(
            chart_to_show(&embed, Some("timeline")).as_deref(),
            Some("timeline")
        );
        assert_eq!(
            chart_to_show(&embed, None).as_deref(),
            Some(DEFAULT_EMBED_CHART)
        );
        assert_eq!(
            chart_to_show(&embed, Some("nope")).as_deref(),
            Some(DEFAULT_EMBED_CHART)
        );
        let named = parse_query("?embed&chart=sweep");
        assert!(named.chart_named);
        assert_eq!(
            chart_to_show(&named, Some("timeline")).as_deref(),
            Some("sweep")
        );
        let full = parse_query("");
        assert_eq!(
            chart_to_show(&full, Some("anatomy")).as_deref(),
            Some("anatomy")
        );
        assert_eq!(chart_to_show(&full, Some("nope")), None);
        assert_eq!(chart_to_show(&full, None), None);
    }

    #[test]
    fn snippet_points_at_the_embed_and_escapes() {
        let s = embed_snippet("https://x.io/lab/?a=1#old", "sweep", Some("dark"), "v1.abc");
        assert!(
            s.contains("src=\"https://x.io/lab/?embed&amp;chart=sweep&amp;theme=dark#v1.abc\""),
            "{s}"
        );
        let s = embed_snippet("https://x.io/\"><script>", "cdf", None, "v1.a");
        assert!(!s.contains("<script>"), "{s}");
    }

    #[test]
    fn each_charts_snippet_has_its_own_size_within_the_frame_range() {
        for kind in ChartKind::ALL {
            let (w, h) = embed_size(kind);
            assert!(w >= MIN_EMBED_SIZE.0 && h >= MIN_EMBED_SIZE.1, "{kind}");
            let s = embed_snippet("https://x.io/", kind.as_str(), None, "v1.a");
            assert!(s.contains(&format!("width=\"{w}\" height=\"{h}\"")), "{s}");
            assert!(s.contains(kind.title()), "{s}");
        }
        assert_ne!(
            embed_size(ChartKind::Timeline),
            embed_size(ChartKind::Cdf),
            "the time series are wider"
        );
    }

    #[test]
    fn embed_inputs_are_opt_in_and_an_unknown_name_is_a_clear_error() {
        let m = parse_query("?embed&chart=cdf");
        assert!(m.controls.is_empty() && m.problem.is_none());
        assert!(embed_paths(&m.controls).is_empty());
        let m = parse_query("?embed&controls=memory%2Cpackage,memory");
        assert_eq!(m.controls, ["memory", "package"]);
        assert_eq!(
            embed_paths(&m.controls),
            ["function.memory_mb", "package.type"]
        );
        let m = parse_query("?embed&controls=memory,colour");
        assert!(m.controls.is_empty());
        let problem = m.problem.expect("an error");
        assert!(
            problem.contains("controls")
                && problem.contains("'colour'")
                && problem.contains("rate, memory, package, size"),
            "{problem}"
        );
    }
}
