//! Browser tests of the bindings, run by wasm-bindgen-test in headless Chromium:
//! `cargo test -p coldstart-web --target wasm32-unknown-unknown --features native-hashes`.
#![cfg(target_arch = "wasm32")]

use coldstart_web::workbench::{EditResult, Export};
use coldstart_web::{
    LinkReader, Playground, ThemeName, chart_names, dom, fingerprint, page_mode, preset_file,
    presets,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

mod native {
    include!(concat!(env!("OUT_DIR"), "/native_hashes.rs"));
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn element(tag: &str) -> Element {
    let e = document().create_element(tag).unwrap();
    document().body().unwrap().append_child(&e).unwrap();
    e
}

fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let c: HtmlCanvasElement = element("canvas").dyn_into().unwrap();
    c.set_attribute(
        "style",
        &format!("width:{width}px;height:{height}px;display:block"),
    )
    .unwrap();
    c
}

/// Distinct RGBA values among the canvas' pixels (1 for a blank canvas).
fn distinct_colours(c: &HtmlCanvasElement) -> usize {
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(c.width()), f64::from(c.height()))
        .unwrap()
        .data();
    let mut seen = std::collections::HashSet::new();
    for px in data.chunks_exact(4).step_by(7) {
        seen.insert([px[0], px[1], px[2], px[3]]);
    }
    seen.len()
}

/// Reads a share link as web/app.js's `readLink` does, piece by piece, with miniz_oxide standing
/// in for the browser's DecompressionStream.
fn read_link(fragment: &str) -> LinkReader {
    let mut reader = LinkReader::new(fragment);
    if let Some(deflated) = reader.deflated() {
        match miniz_oxide::inflate::decompress_to_vec(&deflated) {
            Ok(json) => {
                for piece in json.chunks(1000) {
                    if !reader.push(piece) {
                        break;
                    }
                }
            }
            Err(e) => reader.fail(&format!("{:?}", e.status)),
        }
    }
    reader
}

fn playground() -> Playground {
    Playground::new(
        LinkReader::new(""),
        element("form"),
        element("div"),
        element("div"),
        "",
    )
}

fn run_to_end(p: &mut Playground) {
    assert!(p.start().unwrap(), "the default scenario starts");
    let mut slices = 0;
    while p.step(50.0) < 1.0 {
        slices += 1;
        assert!(slices < 10_000, "the run never finished");
    }
}

#[wasm_bindgen_test]
fn every_chart_draws_on_a_fresh_canvas() {
    let mut p = playground();
    run_to_end(&mut p);
    for chart in coldstart_web::chart_names() {
        let c = canvas(640, 360);
        assert_eq!(distinct_colours(&c), 1, "a fresh canvas is blank");
        p.draw(&chart, c.clone(), ThemeName::Light).unwrap();
        assert!(
            c.width() >= 640,
            "{chart}: backing store sized to the layout"
        );
        let colours = distinct_colours(&c);
        assert!(colours > 4, "{chart}: only {colours} colours drawn");
        let url = c.to_data_url().unwrap();
        assert!(
            url.starts_with("data:image/png;base64,"),
            "{chart}: {}",
            &url[..30]
        );
    }
}

#[wasm_bindgen_test]
fn hover_reads_values_after_drawing() {
    let mut p = playground();
    run_to_end(&mut p);
    let c = canvas(640, 360);
    p.draw("cdf", c, ThemeName::Dark).unwrap();
    let hits = (0..20)
        .flat_map(|i| (0..10).map(move |j| (32.0 * f64::from(i), 36.0 * f64::from(j))))
        .filter_map(|(x, y)| p.hover("cdf", x, y))
        .count();
    assert!(hits > 0, "no point of the plot gives a read-out");
    assert_eq!(
        p.hover("timeline", 100.0, 100.0),
        None,
        "undrawn chart has no read-out"
    );
}

#[wasm_bindgen_test]
fn an_invalid_scenario_is_an_error_naming_the_field() {
    let mut p = playground();
    p.render_panel().unwrap();
    let form = p.edit("function.memory_mb", "99999").unwrap();
    assert_eq!(form, EditResult::Invalid);
    assert!(!p.start().unwrap(), "an invalid scenario does not start");
    let message = document()
        .get_element_by_id("in-function-memory_mb-error")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(message.contains("function.memory_mb"), "{message}");
    assert!(message.contains("99999"), "{message}");
}

#[wasm_bindgen_test]
fn unknown_charts_and_exports_are_errors_not_panics() {
    let mut p = playground();
    assert!(
        p.draw("cdf", canvas(300, 200), ThemeName::Light).is_err(),
        "no results yet"
    );
    run_to_end(&mut p);
    assert!(p.draw("pie", canvas(300, 200), ThemeName::Light).is_err());
    // A name JS gets wrong arrives as wasm-bindgen's hidden invalid variant.
    assert!(p.export_data(Export::__Invalid).is_err());
    assert!(p.export_svg("cdf", ThemeName::Light, 1, 1).is_err());
    let svg = p.export_svg("cdf", ThemeName::Light, 640, 400).unwrap();
    let text = js_sys::Reflect::get(&svg, &"text".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(text.starts_with("<svg"), "{}", &text[..40]);
}

#[wasm_bindgen_test]
fn page_mode_reads_the_embed_query() {
    let mode = page_mode("?embed&chart=sweep&theme=dark").unwrap();
    let get = |k: &str| js_sys::Reflect::get(&mode, &k.into()).unwrap();
    assert_eq!(get("embed").as_bool(), Some(true));
    assert_eq!(get("chart").as_string().as_deref(), Some("sweep"));
    assert_eq!(get("theme").as_string().as_deref(), Some("dark"));
}

#[wasm_bindgen_test]
fn a_share_link_restores_the_same_results() {
    let mut p = playground();
    p.edit("seed", "7").unwrap();
    run_to_end(&mut p);
    // As web/app.js makes it, with miniz_oxide standing in for the browser's CompressionStream.
    assert_eq!(p.fragment(None), None, "not made yet");
    let payload = p.link_payload(None).expect("results");
    let deflated = miniz_oxide::deflate::compress_to_vec(&payload, 6);
    let fragment = p
        .keep_link(None, &payload, &deflated)
        .expect("the same results");
    assert_eq!(p.fragment(None), Some(fragment.clone()), "kept");
    let mut q = Playground::new(
        read_link(&fragment),
        element("form"),
        element("div"),
        element("div"),
        "",
    );
    assert_eq!(q.notice(), None);
    run_to_end(&mut q);
    assert_eq!(p.fingerprints().unwrap(), q.fingerprints().unwrap());
    let bad = Playground::new(
        read_link("v1.@@@"),
        element("form"),
        element("div"),
        element("div"),
        "",
    );
    assert!(
        bad.notice()
            .is_some_and(|n| n.contains("could not be opened"))
    );
}

/// Determinism: every preset run here, in wasm, gives the report fingerprint the build script
/// computed natively from the same preset with the same function.
#[wasm_bindgen_test]
fn presets_give_the_native_reports_bit_for_bit() {
    assert!(
        !native::NATIVE_HASHES.is_empty(),
        "no native fingerprints: build the tests with --features native-hashes"
    );
    assert_eq!(native::NATIVE_HASHES.len(), presets::PRESETS.len());
    for ((id, text), (native_id, native_hash)) in presets::PRESETS.iter().zip(native::NATIVE_HASHES)
    {
        assert_eq!(id, native_id);
        let wasm_hash = fingerprint::preset_fingerprint(text).unwrap();
        assert_eq!(
            &wasm_hash, native_hash,
            "{id}: wasm and native reports differ"
        );
    }
    // The fingerprint sees a one-bit change of any figure.
    let (_, text) = presets::PRESETS[0];
    let mut variants = preset_file::parse(text).unwrap();
    variants[0].seed ^= 1;
    let json = serde_json::to_string(&variants).unwrap();
    assert_ne!(
        fingerprint::preset_fingerprint(&json).unwrap(),
        native::NATIVE_HASHES[0].1
    );
}

/// Determinism beyond the presets: the test-only scenarios of `tests/determinism/` (a diurnal day
/// and short diurnal cycles mixed with a spike: `libm`'s sine and cosine, and every gap divided
/// by a window's floor rate) give the native reports bit for bit.
#[wasm_bindgen_test]
fn test_only_cases_give_the_native_reports_bit_for_bit() {
    assert!(
        native::NATIVE_CASES
            .iter()
            .any(|(_, text, _)| text.contains("\"diurnal\"")),
        "no diurnal case: build the tests with --features native-hashes"
    );
    for (id, text, native_hash) in native::NATIVE_CASES {
        let wasm_hash = fingerprint::preset_fingerprint(text).unwrap();
        assert_eq!(
            &wasm_hash, native_hash,
            "{id}: wasm and native reports differ"
        );
    }
}

#[wasm_bindgen_test]
fn the_variant_tabs_follow_the_aria_tabs_pattern() {
    let tabs = element("div");
    let form = element("form");
    form.set_id("panel-under-test");
    let mut p = Playground::new(
        LinkReader::new(""),
        form.clone(),
        tabs.clone(),
        element("div"),
        "",
    );
    p.render_panel().unwrap();
    p.select_variant(1).unwrap();
    let list = tabs
        .query_selector("[role=tablist]")
        .unwrap()
        .expect("a tablist");
    let mut tabs_seen = Vec::new();
    let mut child = list.first_element_child();
    while let Some(tab) = child {
        child = tab.next_element_sibling();
        tabs_seen.push(tab);
    }
    assert_eq!(tabs_seen.len(), 2);
    for (i, tab) in tabs_seen.iter().enumerate() {
        assert_eq!(
            tab.get_attribute("role").as_deref(),
            Some("tab"),
            "only tabs in the list"
        );
        let selected = i == 1;
        assert_eq!(
            tab.get_attribute("aria-selected").as_deref(),
            Some(if selected { "true" } else { "false" })
        );
        assert_eq!(
            tab.get_attribute("tabindex").as_deref(),
            Some(if selected { "0" } else { "-1" }),
            "roving tabindex"
        );
        assert_eq!(
            tab.get_attribute("aria-controls").as_deref(),
            Some("panel-under-test")
        );
    }
    assert_eq!(form.get_attribute("role").as_deref(), Some("tabpanel"));
    assert_eq!(
        form.get_attribute("aria-labelledby").as_deref(),
        Some(tabs_seen[1].id().as_str())
    );
    // Add and remove sit beside the list, the remove button named for the selected variant.
    let remove = tabs
        .query_selector("[data-remove]")
        .unwrap()
        .expect("remove");
    assert!(
        remove
            .get_attribute("aria-label")
            .unwrap()
            .contains("(image)")
    );
}

#[wasm_bindgen_test]
fn every_chart_card_gets_a_text_alternative_from_the_results() {
    let mut p = playground();
    run_to_end(&mut p);
    let charts = element("div");
    dom::render_chart_cards(&charts).unwrap();
    for chart in chart_names() {
        let card = charts
            .query_selector(&format!(".chart-card[data-chart={chart}]"))
            .unwrap()
            .expect("a card per chart");
        p.describe(&chart, card.clone()).unwrap();
        let summary = card.query_selector(".chart-summary").unwrap().unwrap();
        let text = summary.text_content().unwrap_or_default();
        assert!(text.len() > 20, "{chart}: {text}");
        assert_eq!(
            summary.get_attribute("aria-live").as_deref(),
            Some("polite")
        );
        let rows = card.query_selector(".chart-table tbody tr").unwrap();
        assert!(rows.is_some(), "{chart}: no data rows");
        for b in ["[data-export=png]", "[data-export=svg]", "[data-embed]"] {
            let name = card
                .query_selector(b)
                .unwrap()
                .unwrap()
                .get_attribute("aria-label")
                .unwrap();
            let title = card
                .query_selector("h2")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap();
            assert!(name.contains(&title), "{chart}: {name}");
        }
    }
}

/// The page's canvas backend draws filled circles and rectangles and paths without setting a
/// colour the context already holds, and gives it each colour as a JavaScript string made once
/// (the timeline draws thousands of circles in a few colours, the lanes thousands of cells): the
/// same pixels as plotters-canvas' own drawing, for every chart of the default comparison (in
/// the light theme, and the two with most colours in the dark one too: one synchronous test, kept
/// well under the test runner's wait for the page).
#[wasm_bindgen_test]
fn charts_reusing_the_colours_draw_the_same_pixels() {
    use coldstart_web::canvas::PageBackend;
    use plotters::prelude::IntoDrawingArea;
    let scenarios = coldstart_web::session::default_comparison();
    let reports = coldstart_web::run::run_all(&scenarios).expect("runs");
    let variants: Vec<coldstart_charts::Variant<'_>> = (scenarios.iter().zip(&reports))
        .map(|(s, report)| coldstart_charts::Variant {
            label: &s.name,
            report,
        })
        .collect();
    let points = coldstart_prose::charted::sweep(&scenarios[0]).expect("sweeps");
    let sweep = coldstart_charts::SweepSeries::from_sweep(&points);
    let pixels = |c: &HtmlCanvasElement| {
        let ctx: web_sys::CanvasRenderingContext2d =
            c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
        (ctx.get_image_data(0.0, 0.0, f64::from(c.width()), f64::from(c.height())))
            .unwrap()
            .data()
            .0
    };
    use coldstart_charts::ChartKind;
    let light = ChartKind::ALL.map(|k| (k, coldstart_charts::Theme::light()));
    let dark =
        [ChartKind::Timeline, ChartKind::Lanes].map(|k| (k, coldstart_charts::Theme::dark()));
    for (kind, theme) in light.into_iter().chain(dark) {
        let mut drawn = Vec::new();
        for reuse in [true, false] {
            let c = canvas(640, 400);
            let backend = PageBackend::canvas(c.clone(), 1.75).unwrap();
            let backend = if reuse {
                backend
            } else {
                backend.setting_every_fill()
            };
            let area = backend.into_drawing_area();
            kind.draw(&area, &variants, &sweep, &theme).unwrap();
            area.present().unwrap();
            assert!(distinct_colours(&c) > 20, "the {kind} chart is drawn");
            drawn.push(pixels(&c));
        }
        assert!(drawn[0].len() > 1_000_000, "a 1,120 × 700 canvas");
        let differ = drawn[0]
            .iter()
            .zip(&drawn[1])
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(differ, 0, "the {kind} chart: {differ} bytes differ");
    }
}

/// The same object as serde-wasm-bindgen made: the same keys in the same order (an absent
/// value an `undefined` property) and the same values.
fn assert_same_object(ours: &wasm_bindgen::JsValue, theirs: &wasm_bindgen::JsValue) {
    let keys = |v: &wasm_bindgen::JsValue| -> Vec<String> {
        js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>())
            .iter()
            .map(|k| k.as_string().unwrap())
            .collect()
    };
    assert_eq!(keys(ours), keys(theirs));
    assert_eq!(
        js_sys::JSON::stringify(ours).unwrap(),
        js_sys::JSON::stringify(theirs).unwrap()
    );
    for key in keys(theirs) {
        let get = |v| js_sys::Reflect::get(v, &key.as_str().into()).unwrap();
        assert_eq!(
            get(ours).is_undefined(),
            get(theirs).is_undefined(),
            "{key}"
        );
        assert_eq!(get(ours).is_array(), get(theirs).is_array(), "{key}");
    }
}

#[wasm_bindgen_test]
fn the_page_mode_a_download_and_a_plan_form_are_the_objects_serde_wasm_bindgen_made() {
    for search in [
        "",
        "?embed",
        "?embed&chart=timeline&theme=dark&controls=memory,package",
        "?embed&chart=nope&controls=nope&theme=sepia",
        "?theme=light",
    ] {
        let mode = coldstart_web::page::parse_query(search);
        assert_same_object(&mode.to_js(), &serde_wasm_bindgen::to_value(&mode).unwrap());
        assert_same_object(&page_mode(search).unwrap(), &mode.to_js());
    }
    let download = coldstart_web::workbench::Download {
        filename: "a \"b\".json".to_string(),
        mime: "application/json",
        text: "{\n  \"x\": 1\n}\n".to_string(),
    };
    assert_same_object(
        &download.to_js(),
        &serde_wasm_bindgen::to_value(&download).unwrap(),
    );
    let form = coldstart_web::planning::PlanForm {
        planner: "memory",
        metric: "p99-ms",
        value: "900".to_string(),
    };
    assert_same_object(&form.to_js(), &serde_wasm_bindgen::to_value(&form).unwrap());
}
