//! How the page was opened: full playground or embed (`?embed&chart=cdf&theme=dark`), and the
//! `<iframe>` snippet that opens an embed.

use coldstart_charts::ChartKind;

/// Whether `name` names one of the charts (`ChartKind::ALL` is the one list of them).
pub fn is_chart(name: &str) -> bool {
    name.parse::<ChartKind>().is_ok()
}

/// The chart an embed shows when the URL names none (or an unknown one).
pub const DEFAULT_EMBED_CHART: &str = "cdf";

/// Size of the `<iframe>` in the embed snippet, CSS pixels: fits a blog column.
pub const EMBED_SIZE: (u32, u32) = (720, 520);

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
}

/// Parses `?embed&chart=cdf&theme=dark` (leading `?` optional). Unknown keys and values are
/// ignored: a bad link still opens the playground.
pub fn parse_query(search: &str) -> PageMode {
    let mut mode = PageMode {
        embed: false,
        chart: DEFAULT_EMBED_CHART.to_string(),
        chart_named: false,
        theme: None,
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
            _ => {}
        }
    }
    mode
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

/// Escapes text for an HTML attribute value in double quotes.
fn attr(text: &str) -> String {
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
    format!(
        "<iframe src=\"{}\" width=\"{}\" height=\"{}\" style=\"border:0;max-width:100%\" loading=\"lazy\" title=\"Coldstart Lab: {} chart\"></iframe>",
        attr(&url),
        EMBED_SIZE.0,
        EMBED_SIZE.1,
        attr(chart)
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
}
