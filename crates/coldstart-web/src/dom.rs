//! Builds the page's dynamic parts from Rust: the scenario panel, the variant tabs, the summary
//! table and the preset menu. Only `createElement`, attributes and `textContent`: no HTML is ever
//! parsed, so nothing a user types or a link carries can become markup.

use crate::controls::{self, Control, Input, Scope};
use crate::imported::ImportSummary;
use crate::page;
use crate::session::{self, Problem};
use coldstart_charts::ChartKind;
use coldstart_prose::chart_text::ChartText;
use coldstart_prose::explanation::Why;
use coldstart_prose::format;
use coldstart_prose::table::Table;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement};

/// Result of DOM calls; errors are the browser's exceptions.
pub type DomResult<T> = Result<T, JsValue>;

fn document() -> DomResult<Document> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// An element with a class and optional text.
fn el(doc: &Document, tag: &str, class: &str, text: Option<&str>) -> DomResult<Element> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    Ok(e)
}

/// Appends a freshly made element to a parent.
fn push(parent: &Element, child: DomResult<Element>) -> DomResult<()> {
    let child = child?;
    parent.append_child(&child)?;
    Ok(())
}

fn clear(node: &Element) {
    node.set_text_content(None);
}

/// The element id of an input for a path (`function.handler_ms.median` → `in-function-handler_ms-median`).
pub fn input_id(path: &str) -> String {
    let mut id = String::from("in-");
    id.extend(path.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        }
    }));
    id
}

/// An embed's inputs: the panel paths it shows (`&controls=`) and the name of the variant its
/// per-variant inputs change, which their group says.
#[derive(Debug, Clone, Copy)]
pub struct EmbedInputs<'a> {
    /// Panel paths shown (see `page::EMBED_CONTROLS`).
    pub paths: &'a [&'static str],
    /// The variant the per-variant inputs edit.
    pub variant: &'a str,
}

/// Rebuilds the scenario panel for a draft: every section on the full page, or in an embed only
/// the inputs its link asked for, each group saying which variant it changes.
/// Returns the controls shown, so errors can find their input later.
pub fn render_form(
    form: &Element,
    draft: &serde_json::Value,
    embed: Option<EmbedInputs<'_>>,
) -> DomResult<Vec<Control>> {
    let doc = document()?;
    clear(form);
    let banner = el(&doc, "div", "form-problems", None)?;
    banner.set_id("form-problems");
    banner.set_attribute("role", "alert")?;
    banner.set_attribute("hidden", "")?;
    form.append_child(&banner)?;
    let mut shown = Vec::new();
    for (section, list) in controls::controls(draft) {
        let list: Vec<Control> = list
            .into_iter()
            .filter(|c| embed.is_none_or(|e| e.paths.contains(&c.path.as_str())))
            .collect();
        if list.is_empty() {
            continue;
        }
        let set = el(&doc, "fieldset", "section", None)?;
        let legend = match embed {
            None => {
                let legend = el(&doc, "legend", "", Some(section.title))?;
                let badge = match section.scope {
                    Scope::Shared => "all variants",
                    Scope::Variant => "this variant",
                };
                push(&legend, el(&doc, "span", "scope-badge", Some(badge)))?;
                legend
            }
            // An embed shows no tabs: the group says whose inputs these are.
            Some(e) => {
                let whose = match section.scope {
                    Scope::Shared => "all variants".to_string(),
                    Scope::Variant => e.variant.to_string(),
                };
                el(
                    &doc,
                    "legend",
                    "embed-scope",
                    Some(&format!("{} · changes {whose}", section.title)),
                )?
            }
        };
        set.append_child(&legend)?;
        for c in &list {
            push(&set, render_control(&doc, c))?;
        }
        form.append_child(&set)?;
        shown.extend(list);
    }
    Ok(shown)
}

fn render_control(doc: &Document, c: &Control) -> DomResult<Element> {
    let id = input_id(&c.path);
    let wrap = el(doc, "div", "field", None)?;
    wrap.set_attribute("data-field", &c.path)?;
    let label = el(doc, "label", "", None)?;
    label.set_attribute("for", &id)?;
    push(&label, el(doc, "span", "label-text", Some(&c.label)))?;
    if !c.unit.is_empty() {
        push(&label, el(doc, "span", "unit", Some(c.unit)))?;
    }
    let help_id = format!("{id}-help");
    let err_id = format!("{id}-error");

    let control: Element = if let Some(note) = &c.read_only_note {
        wrap.append_child(&label)?;
        let p = el(doc, "p", "readonly", Some(note))?;
        p.set_id(&id);
        p
    } else if c.list.is_some() {
        wrap.append_child(&label)?;
        let area = el(doc, "textarea", "list-input", None)?;
        area.set_attribute("rows", &LIST_ROWS.to_string())?;
        area.set_attribute("spellcheck", "false")?;
        area.set_attribute("autocomplete", "off")?;
        // A fresh textarea's content is its value: no HtmlTextAreaElement binding needed.
        area.set_text_content(Some(&c.value));
        area
    } else {
        match c.field.input {
            Input::Choice(_) | Input::Shape(_) => {
                wrap.append_child(&label)?;
                let select: HtmlSelectElement = doc.create_element("select")?.dyn_into()?;
                for (value, text) in c.options.iter().flatten() {
                    let o = doc.create_element("option")?;
                    o.set_attribute("value", value)?;
                    o.set_text_content(Some(text));
                    select.append_child(&o)?;
                }
                select.set_value(&c.value);
                select.into()
            }
            Input::Flag | Input::Presence => {
                wrap.set_class_name("field field-check");
                let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
                input.set_type("checkbox");
                input.set_checked(c.value == "true");
                label.insert_before(&input, label.first_child().as_ref())?;
                wrap.append_child(&label)?;
                input.into()
            }
            Input::Text { max_chars } => {
                wrap.append_child(&label)?;
                let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
                input.set_type("text");
                input.set_max_length(i32::try_from(max_chars).unwrap_or(i32::MAX));
                input.set_value(&c.value);
                input.into()
            }
            Input::Number { .. } | Input::Params(_) | Input::List { .. } => {
                wrap.append_child(&label)?;
                let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
                input.set_type("number");
                input.set_attribute("inputmode", "decimal")?;
                if let Some((min, max, step)) = c.bounds {
                    input.set_min(&min.to_string());
                    input.set_max(&max.to_string());
                    input.set_step(&step.to_string());
                }
                if let Some(p) = c.placeholder {
                    input.set_placeholder(p);
                }
                input.set_value(&c.value);
                input.into()
            }
        }
    };
    control.set_id(&id);
    control.set_attribute("data-path", &c.path)?;
    control.set_attribute("aria-describedby", &format!("{help_id} {err_id}"))?;
    if !matches!(c.field.input, Input::Flag | Input::Presence) || c.read_only_note.is_some() {
        wrap.append_child(&control)?;
    }
    let help = el(doc, "p", "help", Some(&c.help))?;
    help.set_id(&help_id);
    wrap.append_child(&help)?;
    let err = el(doc, "p", "field-error", None)?;
    err.set_id(&err_id);
    err.set_attribute("hidden", "")?;
    wrap.append_child(&err)?;
    Ok(wrap)
}

/// Visible lines of a list's textarea (it scrolls beyond, and the user can resize it).
const LIST_ROWS: u32 = 4;

/// Shows problems: next to the input when it is on screen, in the panel's banner otherwise
/// (another variant, or a field the panel does not show). Clears earlier messages first.
pub fn show_problems(
    form: &Element,
    controls_shown: &[Control],
    problems: &[Problem],
    active: usize,
    names: &[String],
) -> DomResult<()> {
    let doc = document()?;
    for c in controls_shown {
        let id = input_id(&c.path);
        if let Some(e) = doc.get_element_by_id(&format!("{id}-error")) {
            e.set_text_content(None);
            e.set_attribute("hidden", "")?;
        }
        if let Some(e) = doc.get_element_by_id(&id) {
            e.remove_attribute("aria-invalid")?;
            if let Some(w) = e.closest(".field")? {
                w.class_list().remove_1("invalid")?;
            }
        }
    }
    let banner = form.query_selector(".form-problems")?;
    let mut elsewhere = Vec::new();
    for p in problems {
        let target = (p.variant == active)
            .then(|| {
                p.path
                    .as_deref()
                    .and_then(|path| controls::input_for_error(controls_shown, path))
            })
            .flatten();
        match target {
            Some(c) => {
                let id = input_id(&c.path);
                if let Some(e) = doc.get_element_by_id(&format!("{id}-error")) {
                    e.set_text_content(Some(&p.message));
                    e.remove_attribute("hidden")?;
                }
                if let Some(e) = doc.get_element_by_id(&id) {
                    e.set_attribute("aria-invalid", "true")?;
                    if let Some(w) = e.closest(".field")? {
                        w.class_list().add_1("invalid")?;
                    }
                }
            }
            None => {
                let name = names
                    .get(p.variant)
                    .cloned()
                    .unwrap_or_else(|| session::variant_letter(p.variant));
                elsewhere.push(format!("{name}: {}", p.message));
            }
        }
    }
    if let Some(banner) = banner {
        clear(&banner);
        if elsewhere.is_empty() {
            banner.set_attribute("hidden", "")?;
        } else {
            for line in elsewhere {
                push(&banner, el(&doc, "p", "", Some(&line)))?;
            }
            banner.remove_attribute("hidden")?;
        }
    }
    Ok(())
}

/// The element id of variant `i`'s tab (the panel is labelled by the selected one).
pub fn tab_id(i: usize) -> String {
    format!("variant-tab-{i}")
}

/// Rebuilds the variant tabs after the WAI-ARIA tabs pattern: a `tablist` holding only `tab`s
/// (the selected one `aria-selected` and the only one in the tab order; the page moves between
/// them with the arrow keys, Home and End), the form as their `tabpanel`, and beside the list
/// the buttons that add a variant and remove the selected one. `invalid` marks variants with
/// problems.
pub fn render_tabs(
    tabs: &Element,
    panel: &Element,
    names: &[String],
    active: usize,
    invalid: &[usize],
) -> DomResult<()> {
    let doc = document()?;
    clear(tabs);
    tabs.remove_attribute("role")?;
    let list = el(&doc, "div", "tab-list", None)?;
    list.set_attribute("role", "tablist")?;
    list.set_attribute("aria-label", "Variants")?;
    for (i, name) in names.iter().enumerate() {
        let selected = i == active;
        let tab = el(
            &doc,
            "button",
            if selected { "tab active" } else { "tab" },
            None,
        )?;
        tab.set_id(&tab_id(i));
        tab.set_attribute("type", "button")?;
        tab.set_attribute("role", "tab")?;
        tab.set_attribute("aria-selected", if selected { "true" } else { "false" })?;
        tab.set_attribute("aria-controls", &panel.id())?;
        tab.set_attribute("tabindex", if selected { "0" } else { "-1" })?;
        tab.set_attribute("data-variant", &i.to_string())?;
        if invalid.contains(&i) {
            tab.class_list().add_1("invalid")?;
            tab.set_attribute("aria-invalid", "true")?;
        }
        push(&tab, el(&doc, "span", &format!("swatch swatch-{i}"), None))?;
        push(
            &tab,
            el(
                &doc,
                "span",
                "tab-letter",
                Some(&session::variant_letter(i)),
            ),
        )?;
        push(&tab, el(&doc, "span", "tab-name", Some(name)))?;
        list.append_child(&tab)?;
    }
    tabs.append_child(&list)?;
    panel.set_attribute("role", "tabpanel")?;
    panel.set_attribute("aria-labelledby", &tab_id(active))?;
    let actions = el(&doc, "div", "tab-actions", None)?;
    if names.len() < session::MAX_VARIANTS {
        let add = el(&doc, "button", "tab-add", Some("+ variant"))?;
        add.set_attribute("type", "button")?;
        add.set_attribute("data-add", "")?;
        add.set_attribute(
            "title",
            "Compare one more variant (a copy of the selected one)",
        )?;
        actions.append_child(&add)?;
    }
    if names.len() > 1 {
        let name = names.get(active).map_or("", String::as_str);
        let remove = el(&doc, "button", "tab-remove", Some("Remove"))?;
        remove.set_attribute("type", "button")?;
        remove.set_attribute("data-remove", &active.to_string())?;
        remove.set_attribute("aria-label", &format!("Remove variant {name}"))?;
        remove.set_attribute("title", &format!("Remove variant {name}"))?;
        actions.append_child(&remove)?;
    }
    tabs.append_child(&actions)?;
    Ok(())
}

/// Rebuilds the summary: the explanation in words (when there is one), a compact row of key
/// numbers per variant, then the full table folded in a closed "All numbers" disclosure, so on
/// a desktop the first chart follows the answer instead of the table.
pub fn render_summary(
    container: &Element,
    why: Option<&Why>,
    table: &Table,
    seeds: Option<&Table>,
) -> DomResult<()> {
    let doc = document()?;
    clear(container);
    if let Some(why) = why {
        let block = explanation(&doc, why)?;
        container.append_child(&block)?;
    }
    let keys = key_numbers(&doc, table)?;
    container.append_child(&keys)?;
    // Over several seeds, the key figures with their intervals, folded like the full table:
    // the sentences above already say which differences hold. The table may be wider than the
    // card: its box scrolls, so it takes the focus.
    if let Some(seeds) = seeds {
        let block = el(&doc, "details", "seeds", None)?;
        block.set_id("seeds");
        let summary = el(
            &doc,
            "summary",
            "",
            Some(
                "Across seeds: mean ± 95 % interval, and each variant's paired difference to the first",
            ),
        )?;
        summary.set_id("seeds-title");
        block.append_child(&summary)?;
        let scroller = el(&doc, "div", "seeds-scroll", None)?;
        scroller.set_attribute("tabindex", "0")?;
        scroller.set_attribute("role", "region")?;
        scroller.set_attribute("aria-labelledby", "seeds-title")?;
        let t = data_table(&doc, seeds, "seeds-table")?;
        scroller.append_child(&t)?;
        block.append_child(&scroller)?;
        container.append_child(&block)?;
    }
    let details = el(&doc, "details", "all-numbers", None)?;
    push(&details, el(&doc, "summary", "", Some("All numbers")))?;
    let t = summary_table(&doc, table)?;
    details.append_child(&t)?;
    container.append_child(&details)?;
    Ok(())
}

/// The cell of the table row labelled `label` for variant `i`, if the table has that row.
fn cell<'t>(table: &'t Table, label: &str, i: usize) -> Option<&'t str> {
    (table.rows.iter())
        .find(|r| r.label == label)
        .and_then(|r| r.cells.get(i))
        .map(String::as_str)
}

/// The cold p50 / p99 of a "Latency, cold" cell ("p50 / p99 / p99.9 (n = N)"), with its n.
fn cold_p50_p99(cell: &str) -> String {
    let (values, n) = match cell.find(" (") {
        Some(at) => (&cell[..at], &cell[at..]),
        None => (cell, ""),
    };
    let parts: Vec<&str> = values.split(" / ").collect();
    match parts.as_slice() {
        [p50, p99, ..] => format!("{p50} / {p99}{n}"),
        _ => cell.to_string(),
    }
}

/// One compact line per variant under the explanation: its cold-start share, the cold starts'
/// p50 / p99 and the cost, taken from the summary table's own cells so both read the same.
fn key_numbers(doc: &Document, table: &Table) -> DomResult<Element> {
    let block = el(doc, "div", "key-numbers", None)?;
    block.set_id("key-numbers");
    block.set_attribute("aria-label", "Key numbers")?;
    for (i, name) in table.columns.iter().enumerate() {
        let line = el(doc, "p", "key-variant", None)?;
        line.set_attribute("data-variant", &i.to_string())?;
        push(&line, el(doc, "span", &format!("swatch swatch-{i}"), None))?;
        push(&line, el(doc, "span", "key-name", Some(name)))?;
        let figures = [
            (
                "Cold starts",
                cell(table, "Cold starts", i).map(str::to_string),
            ),
            (
                "Cold p50 / p99 (ms)",
                cell(table, "Latency, cold", i).map(cold_p50_p99),
            ),
            ("Cost", cell(table, "Cost", i).map(|c| c.to_string())),
        ];
        for (label, value) in figures {
            let Some(value) = value else { continue };
            let item = el(doc, "span", "key-item", None)?;
            push(&item, el(doc, "span", "key-label", Some(label)))?;
            push(&item, el(doc, "span", "key-value", Some(&value)))?;
            line.append_child(&item)?;
        }
        block.append_child(&line)?;
    }
    Ok(block)
}

/// The "why they differ" block: a heading, then one paragraph per explained variant, led by
/// the variant's colour swatch so it reads against the charts' legends.
fn explanation(doc: &Document, why: &Why) -> DomResult<Element> {
    let block = el(doc, "div", "why", None)?;
    block.set_id("why");
    block.set_attribute("aria-labelledby", "why-title")?;
    let title = el(doc, "h3", "why-title", Some(why.title))?;
    title.set_id("why-title");
    block.append_child(&title)?;
    let body = el(doc, "div", "why-body", None)?;
    body.set_id("why-body");
    for paragraph in &why.paragraphs {
        let p = el(doc, "p", "why-text", None)?;
        p.set_attribute("data-variant", &paragraph.variant.to_string())?;
        push(
            &p,
            el(
                doc,
                "span",
                &format!("swatch swatch-{}", paragraph.variant),
                None,
            ),
        )?;
        p.append_child(&doc.create_text_node(&paragraph.sentences.join(" ")))?;
        body.append_child(&p)?;
    }
    block.append_child(&body)?;
    // On a phone the text is cut to a few lines (all of it stays in the document for screen
    // readers) so the first chart is on the first screen; this button shows the rest.
    let more = el(doc, "button", "why-more btn btn-small", Some("Read all"))?;
    more.set_attribute("type", "button")?;
    more.set_attribute("aria-expanded", "false")?;
    more.set_attribute("aria-controls", "why-body")?;
    block.append_child(&more)?;
    Ok(block)
}

/// The summary table element.
fn summary_table(doc: &Document, table: &Table) -> DomResult<Element> {
    data_table(doc, table, "summary-table")
}

/// A [`Table`] as a table element of class `class`: a header row of variant names with their
/// swatches, then one row per figure with its unit.
fn data_table(doc: &Document, table: &Table, class: &str) -> DomResult<Element> {
    let t = el(doc, "table", class, None)?;
    let head = el(doc, "thead", "", None)?;
    let tr = el(doc, "tr", "", None)?;
    push(&tr, el(doc, "th", "", Some("Metric")))?;
    push(&tr, el(doc, "th", "unit-col", Some("Unit")))?;
    for (i, name) in table.columns.iter().enumerate() {
        let th = el(doc, "th", "num", None)?;
        th.set_attribute("scope", "col")?;
        push(&th, el(doc, "span", &format!("swatch swatch-{i}"), None))?;
        th.append_child(&doc.create_text_node(name))?;
        tr.append_child(&th)?;
    }
    head.append_child(&tr)?;
    t.append_child(&head)?;
    push(&t, table_body(doc, table))?;
    Ok(t)
}

/// A [`Table`]'s rows: the label as a row header, the unit, then a numeric cell per column.
fn table_body(doc: &Document, table: &Table) -> DomResult<Element> {
    let body = el(doc, "tbody", "", None)?;
    for row in &table.rows {
        let tr = el(doc, "tr", if row.nested { "nested" } else { "" }, None)?;
        let th = el(doc, "th", "", Some(&row.label))?;
        th.set_attribute("scope", "row")?;
        tr.append_child(&th)?;
        push(&tr, el(doc, "td", "unit-col", Some(row.unit)))?;
        for cell in &row.cells {
            push(&tr, el(doc, "td", "num", Some(cell)))?;
        }
        body.append_child(&tr)?;
    }
    Ok(body)
}

/// Builds one card per chart, in `ChartKind::ALL` order, into `container`: a hidden heading, the
/// chart's note, the export and embed buttons (named for their chart), the embed panel (its
/// snippet, sized for the chart, and a preview of that size), the canvas, the hover read-out,
/// and the chart's text alternative (a summary announced when it changes, and its data table
/// behind a disclosure). `web/app.js` wires the cards by their `data-chart` name, so a new chart
/// needs no edit to the page.
///
/// The cards are static markup, made as one HTML string the browser parses in one call: made
/// node by node they took ~250 calls across the wasm boundary, ~70 ms of the phone's page
/// thread (4x) on the first chart's path (docs/benchmarks.md, "Issue 14, tenth round"). The page
/// itself no longer calls this: index.html holds the same string (a test below keeps them equal),
/// so the browser parses, styles and lays the cards out while the module downloads instead of
/// in the frame before the first chart (thirteenth round); the browser tests build them here.
pub fn render_chart_cards(container: &Element) -> DomResult<()> {
    container.set_inner_html(&chart_cards_html());
    Ok(())
}

/// The chart cards' markup ([`render_chart_cards`]).
pub fn chart_cards_html() -> String {
    let mut html = String::new();
    for kind in ChartKind::ALL {
        chart_card(&mut html, kind);
    }
    html
}

/// One chart's card: its title and note, its export and embed buttons, its embed panel, the
/// canvas with the ring of the item the keyboard or a tap reached, the read-out of that item,
/// the chart's text alternative and its data table.
fn chart_card(html: &mut String, kind: ChartKind) {
    use std::fmt::Write as _;
    let name = kind.as_str();
    let title = page::attr(kind.title());
    let note = page::attr(kind.note());
    let _ = write!(
        html,
        "<section class=\"card chart-card\" data-chart=\"{name}\" aria-labelledby=\"title-{name}\">\
         <header class=\"card-head\"><h2 class=\"visually-hidden\" id=\"title-{name}\">{title}</h2>\
         <p class=\"chart-note\">{note}</p><div class=\"card-actions\">"
    );
    for (format, label) in [("png", "PNG"), ("svg", "SVG")] {
        let what = format!("Download the {title} chart as {label}");
        let _ = write!(
            html,
            "<button class=\"btn btn-small\" type=\"button\" data-export=\"{format}\" \
             aria-label=\"{what}\" title=\"{what}\">{label}</button>"
        );
    }
    let what = format!("Embed the {title} chart in a web page");
    let _ = write!(
        html,
        "<button class=\"btn btn-small\" type=\"button\" data-embed=\"{name}\" aria-expanded=\"false\" \
         aria-controls=\"embed-{name}\" aria-label=\"{what}\" title=\"{what}\">Embed</button></div></header>"
    );
    embed_panel(html, kind);
    // The canvas is focusable, so the arrow keys step through its data items (crate::focus),
    // each item's read-out going to the live region below it; it is described by its text
    // alternative (the summary in words) and by that read-out.
    let _ = write!(
        html,
        "<div class=\"canvas-wrap\"><canvas aria-label=\"{title} chart\" role=\"img\" tabindex=\"0\" \
         aria-keyshortcuts=\"ArrowLeft ArrowRight ArrowUp ArrowDown Home End\" \
         aria-describedby=\"alt-{name} readout-{name}\"></canvas>\
         <div class=\"item-focus\" aria-hidden=\"true\" hidden=\"\"></div></div>\
         <output class=\"readout\" id=\"readout-{name}\" aria-live=\"polite\"></output>\
         <p class=\"chart-summary\" id=\"alt-{name}\" aria-live=\"polite\"></p>\
         <details class=\"chart-data\"><summary>Data table<span class=\"visually-hidden\">: {title}</span></summary>\
         <div class=\"chart-table\" tabindex=\"0\" role=\"region\" aria-label=\"Data table: {title}\"></div>\
         </details></section>"
    );
}

/// A chart's embed panel, hidden until its "Embed" button opens it: the snippet (filled by the
/// page with the current link), a copy button, and a box drawn at the frame's proportions with
/// its size, so the author sees what the post will hold. The box's proportions are the frame's:
/// one of a few fixed classes, since the page's Content-Security-Policy allows no inline style.
fn embed_panel(html: &mut String, kind: ChartKind) {
    use std::fmt::Write as _;
    let (width, height) = page::embed_size(kind);
    let name = kind.as_str();
    let title = page::attr(kind.title());
    let _ = write!(
        html,
        "<div class=\"embed-panel\" id=\"embed-{name}\" hidden=\"\" role=\"group\" aria-label=\"Embed code: {title}\">\
         <div class=\"embed-preview\" data-size=\"{width}x{height}\" aria-hidden=\"true\">\
         <div class=\"embed-frame embed-frame-{width}x{height}\"><span>{width} × {height} px</span></div></div>\
         <div class=\"embed-code\"><label for=\"embed-{name}-code\">Paste into your page: a {width} × {height} px \
         frame showing this chart of the current scenario.</label>\
         <textarea class=\"embed-snippet\" id=\"embed-{name}-code\" readonly=\"\" rows=\"3\" spellcheck=\"false\"></textarea>\
         <button class=\"btn btn-small\" type=\"button\" data-copy-embed=\"{name}\" \
         aria-label=\"Copy embed code of the {title} chart\">Copy embed code</button></div></div>"
    );
}

/// Writes a chart's text alternative into its card: the summary (announced by screen readers
/// when it changes, so an unchanged one is left alone) and the data table.
pub fn render_chart_text(card: &Element, text: &ChartText) -> DomResult<()> {
    let doc = document()?;
    if let Some(summary) = card.query_selector(".chart-summary")?
        && summary.text_content().as_deref() != Some(text.summary.as_str())
    {
        summary.set_text_content(Some(&text.summary));
    }
    if let Some(holder) = card.query_selector(".chart-table")? {
        clear(&holder);
        let t = chart_data_table(&doc, &text.table)?;
        holder.append_child(&t)?;
    }
    Ok(())
}

/// A chart's data as a table element: a header row of the columns (variants, or the sweep's
/// curves, so no variant swatches), then one row per entry.
fn chart_data_table(doc: &Document, table: &Table) -> DomResult<Element> {
    let t = el(doc, "table", "data-table", None)?;
    let head = el(doc, "thead", "", None)?;
    let tr = el(doc, "tr", "", None)?;
    let corner = el(doc, "th", "", None)?;
    corner.set_attribute("scope", "col")?;
    push(&corner, el(doc, "span", "visually-hidden", Some("Row")))?;
    tr.append_child(&corner)?;
    push(&tr, el(doc, "th", "unit-col", Some("Unit")))?;
    columns_and_rows(doc, &t, head, tr, table)?;
    Ok(t)
}

/// Ends a table whose header row `tr` holds its leading cells: a header per column of `table`,
/// then its rows.
fn columns_and_rows(
    doc: &Document,
    t: &Element,
    head: Element,
    tr: Element,
    table: &Table,
) -> DomResult<()> {
    for name in &table.columns {
        let th = el(doc, "th", "num", Some(name))?;
        th.set_attribute("scope", "col")?;
        tr.append_child(&th)?;
    }
    head.append_child(&tr)?;
    t.append_child(&head)?;
    push(t, table_body(doc, table))
}

/// Fills a menu with `(value, label)` options, the first selected.
pub fn fill_options(select: &HtmlSelectElement, items: &[(&str, &str)]) -> DomResult<()> {
    let doc = document()?;
    clear(select);
    for (value, label) in items {
        let o = doc.create_element("option")?;
        o.set_attribute("value", value)?;
        o.set_text_content(Some(label));
        select.append_child(&o)?;
    }
    Ok(())
}

/// Writes a plan's answer into `container`: what it does not cover (`caveat`, e.g. imported
/// traffic it plans on a stand-in of), the recommendation as a paragraph, then a table
/// with a row per simulated candidate (`first` heads the candidates' column, the marks column
/// says which is the answer). As markup, like the import card: one table writer for both.
pub fn render_plan(
    container: &Element,
    of: &str,
    caveat: Option<&str>,
    answer: &str,
    first: &str,
    table: &Table,
) -> DomResult<()> {
    let mut html = String::new();
    para_html(&mut html, "plan-of", &format!("For the variant {of}:"));
    if let Some(caveat) = caveat {
        para_html(&mut html, "plan-caveat", caveat);
    }
    para_html(&mut html, "plan-answer", answer);
    scrolling_table_html(&mut html, first, table, "Every simulated candidate");
    container.set_inner_html(&html);
    Ok(())
}

/// What an imported file says, as the import card's markup: the files and the traffic, a note
/// on what share links carry, what the file says, and the model's cold starts beside the log's.
/// Made where the summary is, in the run worker's second module, and set into the card by the
/// page: the summary never crosses as JSON, so neither module carries a reader of it, and the
/// first module none of the card's words (docs/benchmarks.md, "Issue 14, fourteenth round: wasm
/// size"). The same table as a plan's (`scrolling_table_html`); every text escaped.
pub fn import_card_html(summary: &ImportSummary) -> String {
    let mut html = String::new();
    let rate = format::decimal(summary.mean_rate_per_s);
    para_html(
        &mut html,
        "import-what",
        &format!(
            "Imported {}: {} arrivals over {} s ({rate} per second on average). Every variant \
             now runs on these arrivals; nothing left this browser.",
            summary.files.join(", "),
            format::count(summary.arrivals),
            format::count(summary.duration_s as u64),
        ),
    );
    para_html(
        &mut html,
        "import-note",
        &format!(
            "Share links carry the scenario, not the trace: whoever opens one gets a Poisson \
             stand-in at {rate} requests per second over the same window."
        ),
    );
    let observed = coldstart_prose::traffic::observed(&summary.observed);
    scrolling_table_html(&mut html, "The file", &observed, "What the file says");
    if let Some(check) = &summary.check {
        html.push_str("<h3 class=\"import-check-title\">Observed vs simulated</h3>");
        let table = coldstart_prose::traffic::model_check(check);
        scrolling_table_html(&mut html, "Cold starts", &table, "Observed vs simulated");
        para_html(
            &mut html,
            "import-note",
            "The simulated column is the first variant's model: its runtime, package and init \
             settings, not your function's. Set them to your function's before reading a gap in \
             Init Duration as the model's error.",
        );
    }
    html
}

/// `<p class="CLASS">TEXT</p>`.
fn para_html(html: &mut String, class: &str, text: &str) {
    html.push_str(&format!("<p class=\"{class}\">{}</p>", page::attr(text)));
}

/// A [`Table`] as markup, its columns named by `table.columns` after a first column headed
/// `first` and the unit (or mark) column, in a region that scrolls sideways on a phone.
fn scrolling_table_html(html: &mut String, first: &str, table: &Table, label: &str) {
    html.push_str(&format!(
        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\
         <table class=\"plan-table\"><thead><tr><th scope=\"col\">{}</th>\
         <th class=\"unit-col\" scope=\"col\"></th>",
        page::attr(label),
        page::attr(first)
    ));
    for name in &table.columns {
        html.push_str(&format!(
            "<th class=\"num\" scope=\"col\">{}</th>",
            page::attr(name)
        ));
    }
    html.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        html.push_str(if row.nested {
            "<tr class=\"nested\">"
        } else {
            "<tr>"
        });
        html.push_str(&format!(
            "<th scope=\"row\">{}</th><td class=\"unit-col\">{}</td>",
            page::attr(&row.label),
            page::attr(row.unit)
        ));
        for cell in &row.cells {
            html.push_str(&format!("<td class=\"num\">{}</td>", page::attr(cell)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
}

/// Fills the preset menu: a placeholder, then one option per preset.
pub fn fill_presets(select: &HtmlSelectElement, presets: &[(String, String)]) -> DomResult<()> {
    let doc = document()?;
    clear(select);
    let first = doc.create_element("option")?;
    first.set_attribute("value", "")?;
    first.set_text_content(Some("Choose a preset…"));
    select.append_child(&first)?;
    for (id, label) in presets {
        let o = doc.create_element("option")?;
        o.set_attribute("value", id)?;
        o.set_text_content(Some(label));
        select.append_child(&o)?;
    }
    select.set_value("");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// index.html carries the chart cards' markup, so the browser parses, styles and lays them
    /// out while the module downloads; it must be this function's, byte for byte, between its two
    /// markers (`COLDSTART_WRITE_CARDS=1 cargo test -p coldstart-web --lib cards_in_index` writes
    /// it there after a change to the cards).
    #[test]
    fn chart_cards_in_index_html() {
        const START: &str = "<!-- chart cards: dom::chart_cards_html -->";
        const END: &str = "<!-- end of chart cards -->";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../index.html");
        let index = std::fs::read_to_string(path).unwrap();
        let from = index
            .find(START)
            .expect("index.html: no chart cards' start marker")
            + START.len();
        let to = index
            .find(END)
            .expect("index.html: no chart cards' end marker");
        let cards = chart_cards_html();
        if std::env::var_os("COLDSTART_WRITE_CARDS").is_some() {
            std::fs::write(path, format!("{}{cards}{}", &index[..from], &index[to..])).unwrap();
            return;
        }
        assert!(
            index[from..to] == cards,
            "index.html's chart cards differ from dom::chart_cards_html(): run \
             COLDSTART_WRITE_CARDS=1 cargo test -p coldstart-web --lib cards_in_index"
        );
    }

    #[test]
    fn every_chart_has_one_card_with_its_canvas_and_unique_ids() {
        let html = chart_cards_html();
        for kind in ChartKind::ALL {
            let name = kind.as_str();
            assert_eq!(
                html.matches(&format!(
                    "<section class=\"card chart-card\" data-chart=\"{name}\""
                ))
                .count(),
                1,
                "{name}"
            );
            for id in ["title", "embed", "readout", "alt"] {
                assert!(html.contains(&format!("id=\"{id}-{name}\"")), "{id}-{name}");
            }
        }
        assert_eq!(html.matches("<canvas ").count(), ChartKind::ALL.len());
        assert_eq!(html.matches("</section>").count(), ChartKind::ALL.len());
        let ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "ids repeat: {ids:?}");
        // Every id a card refers to (a label's input, a button's panel, the canvas' descriptions,
        // the card's title) is one of its ids.
        for attr in [
            "for",
            "aria-controls",
            "aria-describedby",
            "aria-labelledby",
        ] {
            let marker = format!(" {attr}=\"");
            let refs = html.split(&marker).skip(1);
            let refs = refs.flat_map(|rest| rest[..rest.find('"').unwrap()].split(' '));
            for id in refs {
                assert!(unique.contains(id), "{attr}=\"{id}\" names no element");
            }
        }
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(page::attr("a<b & c>d\""), "a&lt;b &amp; c&gt;d&quot;");
        assert_eq!(
            page::attr("say \"<hi>\" & go"),
            "say &quot;&lt;hi&gt;&quot; &amp; go"
        );
    }
}
