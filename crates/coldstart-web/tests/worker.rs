//! The run worker's side of the bindings, run by wasm-bindgen-test in a dedicated worker of
//! headless Chromium (no `window`, no document), as `web/worker.js` runs them:
//! `cargo test -p coldstart-web --target wasm32-unknown-unknown --features native-hashes`.
#![cfg(target_arch = "wasm32")]

use coldstart_web::ahead::DrawAhead;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// The first reply of part 0 of the default link's first run, and the records after it.
fn first_reply() -> (Vec<u8>, Vec<u8>) {
    let request = coldstart_web::first_run_request(coldstart_web::LinkReader::new(""), "", 2, 0)
        .unwrap()
        .expect("the default link runs");
    let mut task = coldstart_web::RunTask::new(&request, 0).unwrap();
    let mut slices = 0;
    let first = loop {
        if let Some(reply) = task.step(50.0).unwrap() {
            break reply;
        }
        slices += 1;
        assert!(slices < 10_000, "the run never replied");
    };
    let records = task
        .ready()
        .unwrap()
        .expect("the records follow the report");
    (first, records)
}

#[wasm_bindgen_test]
fn a_run_worker_draws_every_chart_ahead_from_its_first_reply_only() {
    let (first, records) = first_reply();
    assert!(
        DrawAhead::of(&records, "").is_none(),
        "records are not a report to draw"
    );
    assert!(
        DrawAhead::of(&first[..first.len() / 2], "").is_none(),
        "cut bytes are refused, not a panic"
    );
    let drawn = |search: &str| {
        let mut ahead = DrawAhead::of(&first, search).expect("a first-seed report");
        let mut drawn = 0;
        while let Some(ok) = ahead.draw_next() {
            assert!(ok, "chart {drawn} of {search:?} drew");
            drawn += 1;
        }
        assert_eq!(
            ahead.draw_next(),
            None,
            "nothing is left once every chart is drawn"
        );
        drawn
    };
    let all = coldstart_charts::ChartKind::ALL.len();
    assert_eq!(drawn(""), all, "the full page draws every chart");
    assert_eq!(drawn("?embed&chart=cdf"), 1, "an embed draws its one chart");
    assert_eq!(
        drawn("?embed&chart=plan"),
        0,
        "an embed of the Plan view draws no chart"
    );
}
