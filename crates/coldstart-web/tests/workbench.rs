//! No panic reaches the browser: random (valid and invalid) edits, share fragments and preset
//! texts go through the same entry points the page uses (the [`Workbench`] behind the
//! `#[wasm_bindgen]` `Playground`), natively. Each case ends in results or in problems that
//! name a field; NaN, infinities, negative, huge and blank values and hostile strings are covered.
#![cfg(not(target_arch = "wasm32"))]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use coldstart_charts::{ChartKind, SweepSeries, Theme, TimelineSample, Variant};
use coldstart_core::Scenario;
use coldstart_core::compare::replication;
use coldstart_core::share;
use coldstart_web::session::{self, Link, Problem, Session};
use coldstart_web::workbench::{Arrival, EditOutcome, EditResult, Export, Workbench};
use coldstart_web::{controls, dom, fingerprint, imported, page, preset_file, presets, run};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Clock readings a run may take in one case; the clock is read every `EVENTS_PER_CHECK` (4,096)
/// events, so this caps a case at about 100,000 events (the default comparison needs about
/// 65,000) and the whole test at a few seconds of an unoptimised build.
const CHECKS_PER_CASE: f64 = 24.0;

/// Longest hostile string, bytes: well past any field, short enough to stay fast.
const HUGE_LEN: usize = 100_000;

/// Text a user might type or paste into an input.
fn typed_text() -> impl Strategy<Value = String> {
    let specials = prop::sample::select(vec![
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "-Infinity",
        "1e308",
        "-1e308",
        "1e309",
        "-5",
        "-0",
        "0",
        "0.0000001",
        "",
        " ",
        "1_000",
        "1,5",
        "0x10",
        "1e-320",
        "9007199254740993",
        "18446744073709551616",
        "-9223372036854775809",
        "true",
        "false",
        "zip",
        "image",
        "poisson",
        "spikes",
        "steps",
        "trace",
        "mix",
        // Lists for the trace, steps and samples textareas: good, unordered, short, bad tokens.
        "0, 40, 80\n120 160",
        "5000 10 0",
        "0 5\n60 50\n120 0",
        "60 5\n0 50",
        "0 5\n60",
        "0 5 7",
        "1, 2, x",
        "-1, 1e300",
        "0;;\n\n,",
        "stream",
        "async",
        "sync",
        "nodejs",
        "python",
        "arm64",
        "x86_64",
        "lognormal",
        "constant",
        "--",
        "1e",
        ".",
        "½",
        "٣",
        "\u{0}",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        4 => specials,
        3 => any::<f64>().prop_map(|x| x.to_string()),
        2 => (-1e7f64..1e7).prop_map(|x| format!("{x:.3}")),
        1 => any::<i64>().prop_map(|x| x.to_string()),
        1 => ".{0,40}",
        1 => Just("9".repeat(HUGE_LEN)),
        1 => Just("<script>".repeat(HUGE_LEN / 8)),
    ]
}

/// One thing a user does to the page.
#[derive(Debug, Clone)]
enum Action {
    /// Types into the `n`-th input the panel shows (modulo their number).
    Edit(usize, String),
    /// An edit at a path no input has (a hand-made request, a stale element).
    EditPath(String, String),
    Select(usize),
    Add,
    Remove(usize),
    /// Chooses the `n`-th preset (modulo their number), or a name no preset has.
    Preset(Option<usize>),
}

fn action() -> impl Strategy<Value = Action> {
    let junk_path = prop::sample::select(vec![
        "",
        "no.such.field",
        "workload.spikes[99].at_s",
        "function.handler_ms.",
        "package",
        "workload.kind.extra",
        "workload.arrivals_ms",
        "workload.steps",
        "function.handler_ms.samples",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        12 => (any::<usize>(), typed_text()).prop_map(|(n, t)| Action::Edit(n, t)),
        1 => (junk_path, typed_text()).prop_map(|(p, t)| Action::EditPath(p, t)),
        1 => (0usize..6).prop_map(Action::Select),
        1 => Just(Action::Add),
        1 => (0usize..6).prop_map(Action::Remove),
        1 => prop::option::weighted(0.8, any::<usize>()).prop_map(Action::Preset),
    ]
}

/// A JSON value a hostile or careless link could hold where a number or string was.
fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            json!(1e308),
            json!(-1e308),
            json!(-5),
            json!(0),
            json!(-0.0),
            json!(5e-324),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(null),
            json!(true),
            json!(""),
            json!("NaN"),
            json!([]),
            json!({}),
            json!({ "dist": "constant", "value": -1 }),
        ]),
        any::<f64>()
            .prop_map(|x| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
    ]
}

/// Replaces the `n`-th leaf (modulo their number) of a JSON value.
fn replace_leaf(value: &mut Value, n: usize, leaf: Value) {
    fn count(v: &Value) -> usize {
        match v {
            Value::Object(m) => m.values().map(count).sum(),
            Value::Array(a) => a.iter().map(count).sum(),
            _ => 1,
        }
    }
    let target = n % count(value).max(1);
    walk_to(value, target, &mut 0, leaf);
}

/// Puts `leaf` at the `target`-th leaf in document order; returns it if not placed yet.
fn walk_to(v: &mut Value, target: usize, i: &mut usize, leaf: Value) -> Option<Value> {
    match v {
        Value::Object(m) => {
            let mut leaf = Some(leaf);
            for c in m.values_mut() {
                leaf = walk_to(c, target, i, leaf?);
            }
            leaf
        }
        Value::Array(a) => {
            let mut leaf = Some(leaf);
            for c in a.iter_mut() {
                leaf = walk_to(c, target, i, leaf?);
            }
            leaf
        }
        other => {
            let hit = *i == target;
            *i += 1;
            if hit {
                *other = leaf;
                None
            } else {
                Some(leaf)
            }
        }
    }
}

/// The JSON of the default comparison's share state, with random leaves replaced.
fn mutated_state_json() -> impl Strategy<Value = String> {
    prop::collection::vec((any::<usize>(), json_leaf()), 0..4).prop_map(|edits| {
        let mut state = json!({ "variants": session::default_comparison() });
        for (n, leaf) in edits {
            replace_leaf(&mut state, n, leaf);
        }
        state.to_string()
    })
}

/// A fragment packed like `share::encode` does, around any JSON text.
fn pack(json: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
    format!("v1.{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// The link a page opened on `fragment` reads, as the page reads it (web/app.js's `readLink`:
/// no fragment, no link), with miniz_oxide standing in for the browser's DEFLATE.
fn open(fragment: &str) -> Link {
    (!fragment.is_empty()).then(|| share::decode(fragment))
}

/// The share fragment of variants, as the page makes it (`Session::payload`, deflated, framed).
fn fragment_of(variants: &[Scenario], chart: Option<&str>) -> String {
    let payload = Session::payload(variants, chart, None);
    share::framed(&miniz_oxide::deflate::compress_to_vec(&payload, 6))
}

/// The share fragment of `bench`'s results naming `chart`, made as the page makes it (web/app.js's
/// `shareFragment`: `link_payload`, deflated, `keep_link`).
fn link_of(bench: &Workbench, chart: Option<&str>) -> String {
    let payload = bench.link_payload(chart).expect("results to link");
    let deflated = miniz_oxide::deflate::compress_to_vec(&payload, 6);
    bench
        .keep_link(chart, &payload, &deflated)
        .expect("the results it was made of")
}

/// What a page may be opened with.
fn fragment() -> impl Strategy<Value = String> {
    let good = fragment_of(&session::default_comparison(), Some("cdf"));
    let truncated = good[..good.len() / 2].to_string();
    prop_oneof![
        2 => Just(String::new()),
        1 => Just(good),
        1 => Just(truncated),
        6 => mutated_state_json().prop_map(|j| pack(&j)),
        1 => prop::sample::select(vec!["[".repeat(10_000), "null".into(), "1e999".into(), "{}".into()])
            .prop_map(|j| pack(&j)),
        1 => ".{0,80}",
        1 => Just(format!("v1.{}", "A".repeat(HUGE_LEN))),
    ]
}

/// Every problem names a field: its path is known and non-empty (a hand-made edit at a blank
/// path is refused at that blank path, as "no such input"), or the scenario is refused as too
/// big, which names no single field but says what to change.
fn assert_located(problems: &[Problem], context: &str) {
    for p in problems {
        let located = p
            .path
            .as_deref()
            .is_some_and(|path| !path.is_empty() || p.message.ends_with("no such input"));
        assert!(
            located || p.message.contains("too big"),
            "{context}: a problem without a field: {p:?}"
        );
        assert!(!p.message.is_empty(), "{context}: an empty message");
    }
}

/// Edits and checks the outcome: a refused text is listed at its path, by name; an applied one
/// leaves problems only when a variant no longer validates, each at a field.
fn edit_and_check(bench: &mut Workbench, path: &str, text: &str) {
    match bench.edit(path, text) {
        EditOutcome::Refused => {
            let here = bench
                .problems()
                .iter()
                .find(|p| p.path.as_deref() == Some(path));
            let here = here
                .unwrap_or_else(|| panic!("refused {path} = {text:.40} without a problem at it"));
            assert!(here.message.contains(path), "{}", here.message);
        }
        EditOutcome::Applied { valid, .. } => assert_eq!(valid, bench.problems().is_empty()),
    }
    assert_located(bench.problems(), &format!("edit {path} = {text:.40}"));
}

fn apply(bench: &mut Workbench, action: &Action) {
    match action {
        Action::Edit(n, text) => {
            let shown: Vec<String> = controls::controls(bench.session().active_draft())
                .into_iter()
                .flat_map(|(_, cs)| cs.into_iter().map(|c| c.path))
                .collect();
            edit_and_check(bench, &shown[n % shown.len()], text);
        }
        Action::EditPath(path, text) => edit_and_check(bench, path, text),
        Action::Select(i) => bench.select_variant(*i),
        Action::Add => {
            let before = bench.session().drafts().len();
            let added = bench.add_variant();
            assert_eq!(added, before < session::MAX_VARIANTS);
        }
        Action::Remove(i) => {
            bench.remove_variant(*i);
            assert!(!bench.session().drafts().is_empty());
        }
        Action::Preset(n) => {
            let list = presets::list();
            match n {
                Some(n) => {
                    bench
                        .load_preset(&list[n % list.len()].0)
                        .expect("every preset loads");
                    assert!(bench.problems().is_empty());
                }
                None => {
                    let err = bench.load_preset("../../etc/passwd").unwrap_err();
                    assert_eq!(err.path(), Some("preset"));
                }
            }
        }
    }
}

/// Runs for at most [`CHECKS_PER_CASE`] clock readings; `Some(finished)` if it started.
fn run_bounded(bench: &mut Workbench) -> Option<bool> {
    let mut ticks = 0.0;
    if !bench.start(ticks) {
        assert_located(bench.problems(), "start");
        assert!(!bench.running());
        return None;
    }
    let done = bench.step(CHECKS_PER_CASE, || {
        ticks += 1.0;
        ticks
    });
    assert!((0.0..=1.0).contains(&done), "progress {done}");
    if done < 1.0 {
        bench.cancel();
    }
    Some(done >= 1.0)
}

/// The page's outputs of finished results: the table, the run line, one data export and one
/// chart (all of them every time would take most of the test's time in an unoptimised build:
/// the report JSON of the default comparison alone is 14 MB), and the share link.
fn use_results(bench: &Workbench, export: Export, chart: ChartKind) {
    let results = bench.results().expect("a finished run has results");
    assert!(bench.summary().is_some());
    assert!(bench.run_info().contains("variants"));
    let why = bench.explanation().expect("results are explained");
    let variants = results.reports().len();
    assert_eq!(why.paragraphs.len(), variants.saturating_sub(1).max(1));
    assert!(why.paragraphs.iter().all(|p| !p.sentences.is_empty()));
    let file = bench
        .export_data(export)
        .unwrap_or_else(|e| panic!("{export:?}: {e}"));
    let kind = export.id().split('-').next().unwrap_or_default();
    assert!(
        !file.text.is_empty() && file.filename.contains(kind),
        "{export:?}"
    );
    let sweep: &[SweepSeries] = results.sweep();
    let variants = results.variants_drawn_by(chart).expect("lanes read");
    let svg = coldstart_charts::render_svg(chart, &variants, sweep, &Theme::dark(), 480, 320);
    assert!(svg.is_ok_and(|s| s.starts_with("<svg")), "{chart:?}");
    // The link of the results opens them again, without a notice.
    let fragment = link_of(bench, Some("cdf"));
    let reopened = Workbench::new(open(&fragment));
    assert_eq!(reopened.notice(), None, "own link refused");
    assert_eq!(reopened.linked_chart(), Some("cdf"));
    // The link's chart is used: an embed without `&chart=` shows it, the full page brings it
    // into view; a chart named in the URL wins.
    let linked = Workbench::new(open(&link_of(bench, Some("timeline"))));
    let show =
        |search: &str| page::chart_to_show(&page::parse_query(search), linked.linked_chart());
    assert_eq!(show("?embed").as_deref(), Some("timeline"));
    assert_eq!(show("").as_deref(), Some("timeline"));
    assert_eq!(show("?embed&chart=sweep").as_deref(), Some("sweep"));
    let snippet = Workbench::embed_snippet(
        "https://example.org/lab/?x=<\"#old",
        "cdf",
        Some("dark"),
        &fragment,
    );
    assert!(
        snippet.starts_with("<iframe") && !snippet.contains("<\""),
        "{snippet}"
    );
    assert!(
        Workbench::full_page_url("https://example.org/lab/?embed#x", &link_of(bench, None))
            .starts_with("https://example.org/lab/#v1.")
    );
}

/// The default comparison, run to the end, is explained in words naming both variants and the
/// phase that moved most.
#[test]
fn the_default_comparison_is_explained_in_words() {
    let mut bench = Workbench::new(None);
    assert!(bench.start(0.0));
    assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
    let why = bench.explanation().expect("results");
    assert_eq!(why.title, "Why they differ");
    let [paragraph] = why.paragraphs.as_slice() else {
        panic!("one paragraph for two variants: {why:?}");
    };
    let text = paragraph.sentences.join(" ");
    let names = bench.session().names();
    assert!(
        text.starts_with(&format!(
            "{} differs from {} only in package",
            names[1], names[0]
        )) && text.contains(&format!("{} cold-starts", names[1])),
        "{text}"
    );
    assert!(
        text.contains("code fetch"),
        "the packaging's phase is named: {text}"
    );
}

/// The page's CSV downloads are the CLI's files: the columns docs/cli.md documents, and the same
/// text the CLI writes for the same reports (the page once wrote `bucket_start_s`, a `start`
/// column instead of `cold_cause`, and 0 where the CLI leaves a cell empty). The requests CSV
/// and the report JSON list every sampled request, though the worker's reports reach the page
/// without them (their records follow, read only for these downloads): the same files, run on
/// the page's thread or in a worker, as from the reports run natively in one go.
#[test]
fn downloads_have_the_documented_columns_and_the_clis_cells() {
    let docs = include_str!("../../../docs/cli.md");
    let documented = |first: &str| {
        (docs.lines().map(str::trim))
            .find(|l| l.starts_with(first))
            .unwrap_or_else(|| panic!("docs/cli.md shows no header starting {first}"))
    };
    let mut local = Workbench::new(None);
    assert!(local.start(0.0));
    assert_eq!(local.step(f64::INFINITY, || 0.0), 1.0);
    let mut remote = Workbench::new(None);
    run_through_worker(&mut remote);
    let scenarios = local.session().scenarios().expect("valid");
    let native = native_reports(&local);
    let named: Vec<(&str, &coldstart_core::Report)> = (scenarios.iter())
        .map(|s| s.name.as_str())
        .zip(&native)
        .collect();
    let pairs: Vec<_> = scenarios.iter().zip(&native).collect();
    for (export, header, cli) in [
        (
            Export::RequestsCsv,
            documented("variant,id,"),
            coldstart_prose::csv::requests(&named),
        ),
        (
            Export::TimeseriesCsv,
            documented("variant,start_s,"),
            coldstart_prose::csv::timeseries(&named),
        ),
        (
            Export::ReportJson,
            "[",
            coldstart_web::export::report_json(&pairs).expect("writes"),
        ),
    ] {
        for bench in [&local, &remote] {
            let file = bench
                .export_data(export)
                .unwrap_or_else(|e| panic!("{export:?}: {e}"));
            assert_eq!(file.text.lines().next(), Some(header), "{export:?}");
            assert!(file.text.lines().count() > 1, "{export:?} has rows");
            assert!(file.text == cli, "{export:?}: not the CLI's file");
        }
    }
    let requests = native.iter().map(|r| r.samples.len()).sum::<usize>();
    let rows = (remote.export_data(Export::RequestsCsv).expect("csv").text)
        .lines()
        .count();
    assert_eq!(rows, requests + 1, "every sampled request, and the header");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_links_and_edits_end_in_results_or_located_problems(
        fragment in fragment(),
        actions in prop::collection::vec(action(), 0..8),
        chart in prop::sample::select(ChartKind::ALL.to_vec()),
        export in prop_oneof![
            3 => Just(Export::RequestsCsv),
            3 => Just(Export::TimeseriesCsv),
            1 => Just(Export::ReportJson),
        ],
    ) {
        let mut bench = Workbench::new(open(&fragment));
        // One seed: the case's clock budget fits one run of the default comparison, not three.
        prop_assert!(bench.set_replications("1").is_ok());
        if let Some(notice) = bench.notice() {
            prop_assert!(notice.contains("could not be opened"), "{}", notice);
        }
        // Whatever the link, the page opens on variants that validate.
        prop_assert!(bench.session().scenarios().is_ok());
        for action in &actions {
            apply(&mut bench, action);
        }
        if run_bounded(&mut bench) == Some(true) {
            use_results(&bench, export, chart);
        }
    }

    #[test]
    fn random_preset_texts_parse_or_fail_with_a_reason(json in mutated_state_json(), wrap in any::<bool>()) {
        // A preset file is one scenario or an array of them: take the variants out of the state.
        let value: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
        let text = match (value.get("variants"), wrap) {
            (Some(v), true) => v.to_string(),
            (Some(Value::Array(v)), false) => v.first().map_or("{}".to_string(), Value::to_string),
            _ => json,
        };
        match preset_file::parse(&text) {
            Ok(variants) => {
                prop_assert!(!variants.is_empty());
                for s in &variants {
                    if let Err(e) = run::validate(s) {
                        prop_assert!(e.path().is_some_and(|p| !p.is_empty()), "{}", e);
                    }
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn any_query_string_opens_a_page(search in ".{0,200}") {
        let mode = page::parse_query(&search);
        prop_assert!(page::is_chart(&mode.chart));
        prop_assert!(matches!(mode.theme.as_deref(), None | Some("light" | "dark")));
    }
}

/// A preset load or an invalid edit never leaves the previous results marked current: they are
/// stale, and the run line names the scenario they belong to until a run replaces them. After
/// each preset's run the summary's columns are the tabs' names, and a preset shown alone says
/// why it has no twin.
#[test]
fn a_preset_load_never_leaves_a_previous_result_marked_current() {
    let mut bench = Workbench::new(None);
    assert!(!bench.stale(), "nothing shown, nothing stale");
    assert!(bench.start(0.0));
    assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
    assert!(!bench.stale());
    assert_eq!(
        bench.copied_notice("Link"),
        "Link copied to the clipboard.",
        "current results: the plain notice"
    );
    assert!(bench.run_info().contains("simulated in"));
    for (id, _) in coldstart_web::presets::list() {
        let before = bench.session().names().join(" vs ");
        bench.load_preset(&id).unwrap();
        if bench.session().names().join(" vs ") != before {
            assert!(
                bench.stale(),
                "{id}: the previous results are not marked stale"
            );
            let info = bench.run_info();
            assert!(
                info.starts_with("Out of date: these results are for ") && info.contains(&before),
                "{id}: {info}"
            );
            assert!(!info.contains("simulated in"), "{id}: {info}");
        }
        assert_eq!(
            bench.session().names().len() == 1,
            bench.preset_note().is_some(),
            "{id}: a preset alone says why: {:?}",
            bench.preset_note()
        );
        assert!(bench.start(0.0), "{id}: {:?}", bench.problems());
        assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
        assert!(!bench.stale(), "{id}");
        let table = bench.summary().expect("results");
        assert_eq!(table.columns, bench.session().names(), "{id}");
    }
    // An invalid value: the results stay, dimmed, and the line says how to bring them back.
    let shown = bench.session().names().join(" vs ");
    assert_eq!(
        bench.edit("function.memory_mb", "99999").result(),
        EditResult::Invalid
    );
    assert!(bench.stale());
    assert!(!bench.start(0.0));
    let notice = bench.copied_notice("Link");
    assert!(
        notice.starts_with("Link copied to the clipboard. It opens the results shown, ")
            && notice.contains(&shown),
        "a link copied now opens the results shown, not the invalid input: {notice}"
    );
    let info = bench.run_info();
    assert!(
        info.contains(&shown) && info.contains("fix the highlighted input"),
        "{info}"
    );
    assert_eq!(
        bench.edit("function.memory_mb", "2048").result(),
        EditResult::Value
    );
    assert!(bench.stale(), "valid again but not re-run yet");
    assert!(bench.start(0.0));
    assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
    assert!(!bench.stale());
}

/// A workbench that ran the default comparison with one seed on this thread, to its end.
fn ran_with_one_seed() -> Workbench {
    let mut bench = Workbench::new(None);
    bench.set_replications("1").expect("valid");
    assert!(bench.start(0.0));
    assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
    bench
}

/// Several seeds: the summary gains the interval table (mean ± half-width, paired differences),
/// the explanation ends with what is within the noise, and the charts stay the first seed's (the
/// same reports as a one-seed run). Changing the seeds marks the results stale; a bad count is
/// refused naming the input, the value and the rule.
#[test]
fn several_seeds_give_intervals_and_a_noise_verdict() {
    let one = ran_with_one_seed();
    assert!(one.seeds_table().is_none(), "one seed, no intervals");

    let mut bench = Workbench::new(None);
    assert_eq!(
        bench.replications().get(),
        coldstart_web::workbench::DEFAULT_REPLICATIONS
    );
    bench.set_replications("4").expect("valid");
    assert!(bench.start(0.0));
    assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
    assert_eq!(
        bench.results().expect("results").reports(),
        one.results().expect("results").reports(),
        "the charts and tables are the first seed's"
    );
    let seeds = bench.seeds_table().expect("intervals");
    assert_eq!(seeds.columns, bench.session().names());
    let first_row = &seeds.rows[0];
    assert_eq!(first_row.label, "Seeds");
    assert!(first_row.cells[0].ends_with("(4)"), "{first_row:?}");
    let share = (seeds.rows.iter())
        .find(|r| r.label == "Cold-start share")
        .expect("share row");
    assert!(share.cells.iter().all(|c| c.contains(" ± ")), "{share:?}");
    let why = bench.explanation().expect("explained");
    let last = why.paragraphs[0].sentences.last().expect("sentences");
    assert!(
        last.starts_with("Across 4 seeds (paired differences, 95 % intervals)"),
        "{last}"
    );
    assert!(bench.run_info().contains("4 seeds"), "{}", bench.run_info());

    bench.set_replications("2").expect("valid");
    assert!(bench.stale(), "the shown results are 4 seeds'");
    for bad in ["0", "101", "2.5", "", "x"] {
        let err = bench.set_replications(bad).unwrap_err();
        assert!(
            err.starts_with(&format!("Seeds = {}", bad.trim())) && err.contains("1 to 100"),
            "{bad}: {err}"
        );
    }
    assert_eq!(
        bench.replications().get(),
        2,
        "a refused count keeps the last one"
    );
}

/// Drives a run the way the page's worker does: the request crosses as JSON, every reply as
/// bytes, and the workbench takes them in. Returns what each reply meant, in order.
fn run_through_worker(bench: &mut Workbench) -> Vec<Arrival> {
    let request = bench.start_remote(0.0, 1).expect("valid variants start");
    let json = serde_json::to_string(&request).expect("a request serialises");
    let mut task = run::Task::new(
        serde_json::from_str(&json).expect("and parses back"),
        0,
        None,
    );
    let mut arrivals = Vec::new();
    while !task.is_done() {
        if task.holding() {
            // The later seeds wait for the page: it resumes them once the charts are drawn.
            assert!(
                arrivals.contains(&Arrival::Charts),
                "held before the charts"
            );
            assert!(task.advance(|| true).is_none(), "no work while held");
            assert!(task.resume() && !task.holding());
            continue;
        }
        if let Some(reply) = task.advance(|| true) {
            let bytes = reply.to_bytes().expect("a reply serialises");
            arrivals.push(bench.accept_bytes(&bytes, 1.0).expect("and parses back"));
        }
    }
    arrivals
}

/// A chart as the page draws it from its results (the reports without their records and
/// lanes, the timeline's sample, the lanes read for the lanes chart), as an SVG document.
fn page_svg(results: &coldstart_web::workbench::Results, kind: ChartKind) -> String {
    use plotters::prelude::*;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
        let variants = results.variants_drawn_by(kind).expect("lanes read");
        kind.draw_sampled(
            &area,
            &variants,
            results.samples(),
            results.sweep_drawn_by(kind),
            &Theme::light(),
        )
        .expect("draws");
        area.present().expect("presents");
    }
    svg
}

/// The first seed's reports as the run made them, request records included: the charted
/// scenarios run natively in one go.
fn native_reports(bench: &Workbench) -> Vec<coldstart_core::Report> {
    let scenarios = bench.session().scenarios().expect("valid");
    run::run_all(&scenarios).expect("runs")
}

/// A run in the worker gives the page the same results as a run on its own thread: every
/// report bit for bit (through the reply's bytes), request records included, and the same
/// intervals over the seeds. The charts are drawn once, when the last variant's first-seed
/// report is in; each report's records follow it.
#[test]
fn a_run_in_the_worker_gives_the_same_results_as_one_on_the_page() {
    for preset in ["default", "python-zip-heavy", "java-snapstart"] {
        let mut local = Workbench::new(None);
        let mut remote = Workbench::new(None);
        if preset != "default" {
            local.load_preset(preset).expect("a preset");
            remote.load_preset(preset).expect("a preset");
        }
        assert!(local.start(0.0));
        assert_eq!(local.step(f64::INFINITY, || 0.0), 1.0);
        let arrivals = run_through_worker(&mut remote);
        let variants = remote.session().names().len();
        let mut expected = [Arrival::Partial, Arrival::Records].repeat(variants - 1);
        // The worker makes the size sweep once its first-seed reports are out and the page resumes it.
        expected.extend([
            Arrival::Charts,
            Arrival::Records,
            Arrival::Sweep,
            Arrival::Done,
        ]);
        assert_eq!(arrivals, expected, "{preset}");
        let (l, r) = (
            local.results().expect("local"),
            remote.results().expect("remote"),
        );
        // The worker's sweep is the one the page makes itself on first use.
        assert_eq!(r.sweep(), l.sweep(), "{preset}");
        assert!(!r.sweep().is_empty(), "{preset}");
        let native = native_reports(&remote);
        let full = (l.full_reports().expect("local records"))
            .into_iter()
            .zip(r.full_reports().expect("remote records"));
        for ((a, b), n) in full.zip(&native) {
            assert!(
                !n.samples.is_empty(),
                "{preset}: a charted run keeps records"
            );
            assert_eq!(&a, n, "{preset}");
            assert_eq!(
                fingerprint::report_fingerprint(&b),
                fingerprint::report_fingerprint(n),
                "{preset}"
            );
        }
        // The drawn reports come without their records and lanes; the timeline's sample
        // stands for the records, and the lanes chart reads the lanes when drawn.
        for ((report, sample), n) in r.reports().iter().zip(r.samples()).zip(&native) {
            assert!(report.samples.is_empty(), "{preset}");
            assert!(report.environment_lanes.is_none(), "{preset}");
            assert!(
                n.environment_lanes.is_some(),
                "{preset}: a charted run keeps lanes"
            );
            assert_eq!(sample, &TimelineSample::of(&n.samples), "{preset}");
        }
        // So every chart the page draws is the chart of the run's own reports.
        let names: Vec<&str> = (r.named().iter()).map(|(name, _)| *name).collect();
        let native_variants: Vec<Variant<'_>> = (names.iter().zip(&native))
            .map(|(label, report)| Variant { label, report })
            .collect();
        for kind in ChartKind::ALL {
            let page = page_svg(r, kind);
            let own = coldstart_charts::render_svg(
                kind,
                &native_variants,
                r.sweep_drawn_by(kind),
                &Theme::light(),
                640,
                400,
            )
            .expect("draws");
            assert!(page == own, "{preset}: the {kind} chart differs");
        }
        assert_eq!(l.replicated(), r.replicated(), "{preset}");
        assert!(
            r.replicated().is_some(),
            "{preset}: the default seeds give intervals"
        );
        assert!(!remote.running() && !remote.stale(), "{preset}");
    }
}

/// An embed of another chart never draws the size sweep, so its worker is not asked for one:
/// the run's replies are those of the full page without the sweep, and should the results be
/// asked for the sweep after all, the page makes the same one itself.
#[test]
fn an_embed_of_another_chart_asks_its_worker_for_no_sweep() {
    let mut full = Workbench::opened(None, "");
    let mut embed = Workbench::opened(None, "?embed&chart=cdf");
    assert!(
        !embed
            .start_remote(0.0, 1)
            .expect("valid variants start")
            .sweep
    );
    let with_sweep = run_through_worker(&mut full);
    let without = run_through_worker(&mut embed);
    let expected: Vec<Arrival> = (with_sweep.iter().copied())
        .filter(|a| *a != Arrival::Sweep)
        .collect();
    assert_ne!(with_sweep, expected, "the full page's worker sends a sweep");
    assert_eq!(without, expected);
    let (f, e) = (
        full.results().expect("full"),
        embed.results().expect("embed"),
    );
    assert_eq!(e.sweep(), f.sweep());
    assert!(!e.sweep().is_empty());

    // Which pages show it: the full page every chart, an embed the URL's chart, else the link's.
    let linked = Workbench::new(open(&link_of(&full, Some("sweep"))));
    assert_eq!(linked.linked_chart(), Some("sweep"));
    let shows = |search: &str| page::shows_sweep(&page::parse_query(search), linked.linked_chart());
    assert!(shows(""), "the full page shows every chart");
    assert!(shows("?embed"), "the link's chart is the sweep");
    assert!(shows("?embed&chart=sweep"));
    assert!(
        !shows("?embed&chart=cdf"),
        "the URL's chart wins over the link's"
    );
    assert!(!page::shows_sweep(&page::parse_query("?embed"), None));
}

/// A run split between two workers ([`run::Part`]) gives the page what one worker gives it:
/// the same reports bit for bit and the same intervals, whichever part's replies come first;
/// the charts come once every first-seed report is in, the end once both parts are done. A
/// part the request has not is refused in words.
#[test]
fn a_run_split_between_two_workers_gives_the_same_results() {
    let mut whole = Workbench::new(None);
    run_through_worker(&mut whole);
    for first in [0, 1] {
        let mut split = Workbench::new(None);
        let request = split.start_remote(0.0, 2).expect("valid variants start");
        assert_eq!((request.parts, split.run_parts()), (2, 2));
        let mut tasks: Vec<run::Task> = (0..2)
            .map(|part| run::Task::new(request.clone(), part, None))
            .collect();
        tasks.swap(0, first);
        // One part runs to its end before the other starts: the replies interleave worst.
        let mut arrivals = Vec::new();
        for task in &mut tasks {
            while !task.is_done() {
                // Resumed at once: one part runs to its end before the other starts.
                task.resume();
                if let Some(reply) = task.advance(|| true) {
                    let bytes = reply.to_bytes().expect("a reply serialises");
                    arrivals.push(split.accept_bytes(&bytes, 1.0).expect("and parses back"));
                }
            }
        }
        // Part 0 alone makes the sweep, after its report and records.
        let mut expected = vec![
            Arrival::Partial,
            Arrival::Records,
            Arrival::Partial,
            Arrival::Charts,
            Arrival::Records,
            Arrival::Done,
        ];
        expected.insert(if first == 0 { 2 } else { 5 }, Arrival::Sweep);
        assert_eq!(arrivals, expected, "part {first} first");
        let (w, s) = (
            whole.results().expect("whole"),
            split.results().expect("split"),
        );
        assert_eq!(w.reports().len(), s.reports().len());
        let (w_full, s_full) = (
            w.full_reports().expect("whole"),
            s.full_reports().expect("split"),
        );
        for (a, b) in w_full.iter().zip(&s_full) {
            assert_eq!(
                fingerprint::report_fingerprint(a),
                fingerprint::report_fingerprint(b)
            );
        }
        // The intervals the page makes from the workers' figures are the core's own.
        let scenarios = whole.session().scenarios().expect("valid");
        let (core, _) = replication::replicate(&scenarios, whole.replications()).expect("runs");
        assert_eq!(w.replicated(), Some(&core));
        assert_eq!(w.replicated(), s.replicated(), "part {first} first");
        assert!(!split.running() && !split.stale());
    }

    let mut bench = Workbench::new(None);
    let request = bench.start_remote(0.0, 2).expect("starts");
    let mut task = run::Task::new(request, 2, None);
    let reply = task.advance(|| true).expect("one reply");
    assert_eq!(bench.accept(reply, 1.0), Arrival::Failed);
    let message = &bench.problems()[0].message;
    assert!(message.contains("run part 2 of 2"), "{message}");
}

/// The page makes a share link asynchronously (the browser's `CompressionStream`): the link of
/// the results it was asked for is kept and given again, and one whose results (or Plan
/// question) changed while it was compressed is dropped rather than kept for the new ones.
#[test]
fn a_link_is_kept_for_the_results_it_was_made_of() {
    let mut bench = Workbench::new(None);
    let mut other = Workbench::new(None);
    assert_eq!(bench.link_payload(None), None, "no results, no link");
    assert_eq!(bench.fragment(None), None);
    run_through_worker(&mut bench);
    assert_eq!(
        other.edit("function.memory_mb", "2048").result(),
        EditResult::Value
    );
    run_through_worker(&mut other);
    for chart in [None, Some("cdf"), Some("timeline")] {
        assert_eq!(bench.fragment(chart), None, "{chart:?}: not made yet");
        let link = link_of(&bench, chart);
        assert_eq!(bench.fragment(chart), Some(link.clone()), "{chart:?}: kept");
        let reopened = Workbench::new(open(&link));
        assert_eq!(reopened.notice(), None);
        assert_eq!(reopened.linked_chart(), chart);
        assert_eq!(
            reopened.session().scenarios().expect("valid"),
            bench.session().scenarios().expect("valid")
        );
    }
    // Another chart's payload, or other results', is not this link's.
    let cdf = bench.link_payload(Some("cdf")).expect("results");
    let deflated = miniz_oxide::deflate::compress_to_vec(&cdf, 6);
    assert_eq!(bench.keep_link(Some("sweep"), &cdf, &deflated), None);
    assert_eq!(bench.fragment(Some("sweep")), None);
    let theirs = other.link_payload(Some("cdf")).expect("results");
    assert_ne!(theirs, cdf);
    assert_eq!(bench.keep_link(Some("cdf"), &theirs, &deflated), None);
    // A new Plan question changes every link: the kept ones are dropped.
    bench.set_plan_question(coldstart_core::plan::Request::Memory {
        config: Default::default(),
    });
    assert_eq!(bench.fragment(Some("cdf")), None);
    assert_eq!(bench.keep_link(Some("cdf"), &cdf, &deflated), None);
}

/// Replies of a run that a newer run replaced, or that was cancelled, change nothing; a reply
/// that is not a reply is an error naming what it should have been.
#[test]
fn a_replaced_or_cancelled_runs_replies_are_dropped() {
    let mut bench = Workbench::new(None);
    bench.set_replications("1").expect("valid");
    let old = bench.start_remote(0.0, 1).expect("starts");
    let mut old_task = run::Task::new(old, 0, None);
    let newer = bench.start_remote(0.0, 1).expect("starts again");
    let reply = old_task.advance(|| true).expect("a report");
    assert_eq!(bench.accept(reply, 1.0), Arrival::Dropped);
    assert!(bench.results().is_none() && bench.running());

    let mut task = run::Task::new(newer, 0, None);
    bench.cancel();
    while let Some(reply) = task.advance(|| true) {
        assert_eq!(bench.accept(reply, 1.0), Arrival::Dropped);
    }
    assert!(bench.results().is_none() && !bench.running());

    let err = bench.accept_bytes(&[0xff, 0xff, 0xff], 1.0).unwrap_err();
    assert!(err.starts_with("a run worker's reply"), "{err}");
}

/// The results' line never says a run is under way when none is: after a cancelled or failed
/// run of the current inputs it says the run was stopped and how to start one; an edit (whose
/// run the page starts) or a new run brings back the usual line.
#[test]
fn the_results_line_says_when_the_current_inputs_run_was_stopped() {
    let mut bench = ran_with_one_seed();
    let shown = bench.session().names().join(" vs ");
    assert_eq!(
        bench.edit("function.memory_mb", "2048").result(),
        EditResult::Value
    );
    let before_run = bench.run_info();
    assert!(
        before_run.contains(&shown) && before_run.contains("re-running with the current inputs"),
        "an edit's run is about to start: {before_run}"
    );
    assert!(bench.start_remote(0.0, 1).is_some());
    bench.cancel();
    assert!(bench.stale() && !bench.running());
    let stopped = bench.run_info();
    assert!(
        stopped.contains(&shown) && stopped.contains("was stopped (change an input to run again)"),
        "{stopped}"
    );
    // The seeds are an input too: other seeds are another run's.
    bench.set_replications("2").expect("valid");
    let seeds = bench.run_info();
    assert!(
        seeds.contains("re-running with the current inputs"),
        "other seeds start a run: {seeds}"
    );
    bench.set_replications("1").expect("valid");
    assert!(bench.run_info().contains("was stopped"));
    assert_eq!(
        bench.edit("function.memory_mb", "3008").result(),
        EditResult::Value
    );
    let edited = bench.run_info();
    assert!(
        edited.contains("re-running with the current inputs"),
        "an edit after the stop starts a run: {edited}"
    );
    bench.cancel();
    assert!(bench.run_info().contains("was stopped"));
    assert!(bench.start(0.0));
    assert!(
        bench
            .run_info()
            .contains("re-running with the current inputs")
    );
    assert_eq!(bench.step(f64::INFINITY, || 0.0), 1.0);
    assert!(!bench.stale(), "{}", bench.run_info());
}

/// A variant's request records come just after its report (the worker posts both in one task)
/// and belong to the results they complete, even when the run was cancelled in between; until
/// they are in, the downloads that list requests say so instead of writing a file without them,
/// and records of another run are dropped.
#[test]
fn records_complete_their_results_even_after_a_cancel() {
    let mut bench = Workbench::new(None);
    bench.set_replications("1").expect("valid");
    let request = bench.start_remote(0.0, 1).expect("starts");
    let mut task = run::Task::new(request, 0, None);
    let mut held = Vec::new();
    while bench.results().is_none() {
        let reply = task.advance(|| true).expect("replies until the charts");
        if matches!(reply, run::Reply::Records { .. }) {
            held.push(reply);
        } else {
            bench.accept(reply, 1.0);
        }
    }
    let last = task
        .ready()
        .expect("the last report's records are ready at once");
    assert!(task.ready().is_none(), "one reply ready, not more");
    bench.cancel();
    let err = bench.export_data(Export::RequestsCsv).unwrap_err();
    assert!(err.contains("did not arrive"), "{err}");
    assert!(
        bench.export_data(Export::TimeseriesCsv).is_ok(),
        "needs no records"
    );
    for reply in held.into_iter().chain([last]) {
        let bytes = reply.to_bytes().expect("serialises");
        let other = run::Reply::from_bytes(&bytes).expect("parses");
        let run::Reply::Records {
            run,
            variant,
            records,
        } = other
        else {
            panic!("records");
        };
        let stray = run::Reply::Records {
            run: run + 1,
            variant,
            records: records.clone(),
        };
        assert_eq!(bench.accept(stray, 1.0), Arrival::Dropped);
        assert_eq!(bench.accept_bytes(&bytes, 1.0), Ok(Arrival::Records));
        assert_eq!(
            bench.accept_bytes(&bytes, 1.0),
            Ok(Arrival::Dropped),
            "once"
        );
    }
    let csv = bench
        .export_data(Export::RequestsCsv)
        .expect("the records are in");
    let native = native_reports(&bench);
    let sampled: usize = native.iter().map(|r| r.samples.len()).sum();
    assert_eq!(csv.text.lines().count(), sampled + 1);
}

/// On this thread (no workers), a cancel or a re-run right after the last report came in
/// leaves that report's records with the results on the screen, as a worker's would: the
/// downloads that list requests still work.
#[test]
fn records_on_this_thread_complete_their_results_after_a_cancel_or_rerun() {
    for rerun in [false, true] {
        let mut bench = Workbench::new(None);
        assert!(bench.start(0.0));
        // A deadline already past: each step takes in at most one reply.
        while !bench.take_new_charts() {
            assert!(bench.step(0.0, || 0.0) < 1.0, "charts before the end");
        }
        if rerun {
            assert!(bench.start(1.0));
        } else {
            bench.cancel();
        }
        let csv = bench
            .export_data(Export::RequestsCsv)
            .expect("the records are in");
        let native = native_reports(&bench);
        let sampled: usize = native.iter().map(|r| r.samples.len()).sum();
        assert_eq!(csv.text.lines().count(), sampled + 1, "rerun {rerun}");
    }
}

/// A variant the core refuses in the worker comes back as one `Failed` reply naming the
/// variant and the field, and the page lists it as a problem at that variant.
#[test]
fn a_variant_the_worker_refuses_is_a_problem_naming_it() {
    let mut bench = Workbench::new(None);
    let mut request = bench.start_remote(0.0, 1).expect("starts");
    request.scenarios[1].function.memory_mb = 1;
    let mut task = run::Task::new(request, 0, None);
    let reply = task.advance(|| true).expect("one reply");
    assert!(task.is_done() && task.advance(|| true).is_none());
    assert_eq!(bench.accept(reply, 1.0), Arrival::Failed);
    let [problem] = bench.problems() else {
        panic!("one problem: {:?}", bench.problems());
    };
    assert_eq!(problem.variant, 1);
    assert_eq!(problem.path.as_deref(), Some("function.memory_mb"));
    assert!(problem.message.contains('1'), "{}", problem.message);
    assert!(!bench.running());
}

/// A Lambda log of `n` REPORT lines a second apart, every tenth a cold start.
fn lambda_log(n: u32) -> String {
    (0..n)
        .map(|i| {
            let init = if i % 10 == 0 {
                "\tInit Duration: 412.50 ms"
            } else {
                ""
            };
            format!(
                "2024-05-01T12:{:02}:{:02}.000Z REPORT RequestId: r-{i}\tDuration: {}.25 ms\t\
                 Billed Duration: 40 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB{init}\t\n",
                i / 60,
                i % 60,
                20 + i % 17
            )
        })
        .collect()
}

/// A log read in the worker in uneven chunks becomes the variants' traffic: the page gets a
/// summary (observed cold starts beside the model's), the variants a Poisson stand-in at the
/// log's rate (what share links carry), and runs in the worker use the log's own arrivals.
#[test]
fn an_imported_log_is_replayed_in_the_worker_and_set_beside_the_model() {
    let log = lambda_log(600);
    let mut bench = Workbench::new(None);
    bench.set_replications("1").expect("valid");
    let template = bench.import_template().expect("valid variants");
    let mut job = imported::ImportJob::new("1").expect("one function");
    job.begin_file("app <1> & \"2\".log").expect("a log");
    for chunk in log.as_bytes().chunks(977) {
        job.feed(chunk).expect("well-formed");
    }
    assert!(!job.end_file().expect("ends"), "a log is read once");
    let (arrivals, summary) = job.finish(&template).expect("imported");
    assert_eq!(arrivals.len(), 600);
    assert_eq!(summary.observed.cold_starts, Some(60));
    assert_eq!(summary.memory_mb, Some(512));
    let check = summary.check.as_ref().expect("a log says which were cold");
    assert_eq!(check.observed.cold_starts, 60);
    assert!(check.simulated.invocations > 0);

    // The card's markup, made in the worker: the file's name escaped, the model check shown.
    let card = dom::import_card_html(&summary);
    assert!(
        card.starts_with(
            "<p class=\"import-what\">Imported app &lt;1&gt; &amp; &quot;2&quot;.log: 600 arrivals"
        ),
        "{card}"
    );
    assert!(card.contains("<h3 class=\"import-check-title\">Observed vs simulated</h3>"));
    assert_eq!(card.matches("<table class=\"plan-table\">").count(), 2);

    bench.apply_import(summary.terms()).expect("applies");
    let variants = bench.session().scenarios().expect("still valid");
    for v in &variants {
        assert_eq!(v.function.memory_mb, 512, "the log's memory");
        assert!(
            matches!(v.workload, coldstart_core::scenario::Workload::Poisson { rate_per_s } if (rate_per_s - summary.mean_rate_per_s).abs() < 1e-12),
            "{:?}",
            v.workload
        );
    }
    let request = bench.start_remote(0.0, 1).expect("starts");
    assert!(request.imported);
    let mut task = run::Task::new(request, 0, Some(&arrivals));
    while !task.is_done() {
        task.resume();
        if let Some(reply) = task.advance(|| true) {
            bench.accept(reply, 1.0);
        }
    }
    let results = bench.results().expect("results");
    assert!(
        results.reports().iter().all(|r| r.requests == 600),
        "every variant runs the log's 600 arrivals"
    );
    // (Checked on the results: before them there is no link to make.)
    assert!(
        link_of(&bench, None).len() < 2_000,
        "the share link carries the stand-in, not the trace"
    );

    // A worker that lost the arrivals says so rather than running the stand-in.
    let request = bench.start_remote(0.0, 1).expect("starts");
    let mut task = run::Task::new(request, 0, None);
    let reply = task.advance(|| true).expect("one reply");
    assert_eq!(bench.accept(reply, 1.0), Arrival::Failed);
    assert!(
        bench.problems()[0]
            .message
            .contains("import the file again")
    );
}

/// A bad file is an error naming the file, the line and the rule.
#[test]
fn a_broken_log_is_named_by_file_and_line() {
    let mut job = imported::ImportJob::new("1").expect("one function");
    job.begin_file("broken.log").expect("begins");
    let text = "2024-05-01T12:00:00Z REPORT RequestId: 1\tDuration: 3 ms\n2024-05-01T12:00:01Z REPORT RequestId: 2\tMemory Size: 512 MB\n";
    let err = job
        .feed(text.as_bytes())
        .and_then(|()| job.end_file().map(drop))
        .unwrap_err();
    assert!(err.starts_with("broken.log: line 2"), "{err}");
    assert!(err.contains("Duration"), "{err}");
    for typed in ["0", "2.5", "", "1001", "app:", "-3"] {
        let err = imported::ImportJob::new(typed).err().expect("refused");
        assert!(
            err.starts_with(&format!("Azure traces: functions = {typed}: ")),
            "{err}"
        );
    }
    use coldstart_core::traffic::Pick;
    assert_eq!(
        imported::pick(" 3 "),
        Pick::busiest(3).map_err(|e| e.to_string())
    );
    assert_eq!(imported::pick("app:abc"), Ok(Pick::App("abc".into())));
    assert_eq!(
        imported::pick("9f2c1e"),
        Ok(Pick::Function("9f2c1e".into()))
    );
}

/// A run worker starts its part of the link's first run before the page has made its
/// playground (`Workbench::first_request`, `web/worker.js`), and keeps it only when the page's
/// first request is the same JSON text: so for every link the page may open with, the early
/// request is the page's, its replies complete the page's results, and a part the run has not
/// starts nothing early.
#[test]
fn the_run_a_worker_starts_from_the_link_is_the_pages_first_run() {
    let default = session::default_comparison();
    let mut three = default.clone();
    let mut bigger = default[0].clone();
    bigger.function.memory_mb = 2048;
    three.push(bigger);
    // A link's variants are validated when it is read: one that would not run opens the
    // default comparison (with a notice), so every link runs.
    let mut broken = default.clone();
    broken[0].duration_s = -1.0;
    let links = [
        fragment_of(&broken, None),
        String::new(),
        fragment_of(&three, Some("cdf")),
        fragment_of(&default[..1], None),
        "v1.!!!not-a-link".to_string(),
    ];
    // The full page, an embed of a chart other than the size sweep (its runs ask for no sweep)
    // and an embed of the sweep.
    let searches = ["", "?embed&chart=timeline", "?embed&chart=sweep"];
    for (link, search) in links.iter().flat_map(|l| searches.map(|s| (l, s))) {
        for workers in 1..=4 {
            let mut page = Workbench::opened(open(link), search);
            let request = page.start_remote(250.0, workers).expect("the link runs");
            let text = serde_json::to_string(&request).expect("serialises");
            let mut arrivals = Vec::new();
            for part in 0..workers {
                let Some(early) = Workbench::first_request(open(link), search, workers, part)
                else {
                    assert!(
                        part >= request.parts,
                        "{link:?}: part {part} of {workers} not started early"
                    );
                    continue;
                };
                assert_eq!(
                    serde_json::to_string(&early).expect("serialises"),
                    text,
                    "{link:?}, part {part}"
                );
                let mut task = run::Task::new(early, part, None);
                while !task.is_done() {
                    task.resume();
                    if let Some(reply) = task.advance(|| true) {
                        arrivals.push(page.accept(reply, 1.0));
                    }
                }
            }
            assert!(
                arrivals.contains(&Arrival::Charts) && arrivals.contains(&Arrival::Done),
                "{link:?}: {arrivals:?}"
            );
            assert_eq!(
                page.results().map(|r| r.reports().len()),
                Some(page.session().drafts().len()),
                "{link:?}"
            );
        }
    }
}

/// The summary's key ([`Workbench::summary_key`], by which the page writes the summary once per
/// results): the same from a one-seed run's first-seed results to its end, since its end adds
/// nothing to the summary; another once the intervals of several seeds are in; another for the
/// next run, even of the same inputs with the same figures.
#[test]
fn the_summary_is_rewritten_only_when_what_it_shows_changed() {
    let keys_of_a_run = |bench: &mut Workbench| {
        let request = bench.start_remote(0.0, 1).expect("valid variants start");
        let mut task = run::Task::new(request, 0, None);
        let (mut at_charts, mut at_end) = (None, None);
        while !task.is_done() {
            if task.holding() {
                assert!(task.resume());
                continue;
            }
            if let Some(reply) = task.advance(|| true) {
                let bytes = reply.to_bytes().expect("a reply serialises");
                match bench.accept_bytes(&bytes, 1.0).expect("and parses back") {
                    Arrival::Charts => at_charts = bench.summary_key(),
                    Arrival::Done => at_end = bench.summary_key(),
                    _ => {}
                }
            }
        }
        (at_charts.expect("charts"), at_end.expect("an end"))
    };
    let mut bench = Workbench::new(None);
    assert_eq!(bench.summary_key(), None, "no results, no summary");
    bench.set_replications("1").expect("valid");
    let (charts, end) = keys_of_a_run(&mut bench);
    assert_eq!(charts, end, "one seed: its end changes nothing shown");
    let (again, _) = keys_of_a_run(&mut bench);
    assert_ne!(
        again, end,
        "the next run's results, though the same figures"
    );
    bench.set_replications("2").expect("valid");
    let (charts, end) = keys_of_a_run(&mut bench);
    assert_ne!(charts, end, "two seeds: the intervals come at the end");
    assert!(bench.seeds_table().is_some());
}
