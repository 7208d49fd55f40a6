//! The lifecycle charts: environment lanes (one lane per environment over a time window) and the
//! operation order (deploy, upload, then one median cold start phase by phase).

use coldstart_charts::{ChartGeometry, ChartKind, Theme, TimeWindow, Variant, draw_lanes};
use coldstart_core::Micros;
use coldstart_core::report::{
    ColdAnatomy, ColdSplit, DeploySteps, EnvironmentLanes, Lane, LaneEnd, LaneSpan, Phases,
    Reclaim, Report, UploadRoute,
};
use plotters::prelude::*;

const WIDTH: u32 = 900;
const HEIGHT: u32 = 480;

fn svg_of(
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, coldstart_charts::Shift>) -> ChartGeometry,
) -> (String, ChartGeometry) {
    let mut svg = String::new();
    let geometry = {
        let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let geometry = draw(&area);
        area.present().expect("present");
        geometry
    };
    (svg, geometry)
}

fn s(secs: f64) -> Micros {
    Micros::from_secs_f64(secs)
}

/// An environment created at `at` s: a 1 s start (0.1 microVM, 0.2 code, 0.3 bootstrap, 0.4
/// init), busy 10 s, idle until `end` s, then gone for `why` (or alive at the end).
fn lane(env_id: u32, at: f64, end: f64, why: Option<Reclaim>) -> Lane {
    let ready = at + 1.0;
    Lane {
        env_id,
        provisioned: false,
        proactive: false,
        created: s(at),
        ready: Some(s(ready)),
        phases: Phases {
            microvm: s(0.1),
            code_fetch: s(0.2),
            bootstrap: s(0.3),
            init: s(0.4),
            handler: Micros::ZERO,
        },
        spans: vec![
            LaneSpan {
                start: s(ready),
                end: s(ready + 10.0),
                busy: s(10.0),
            },
            LaneSpan {
                start: s(ready + 10.0),
                end: s(end),
                busy: Micros::ZERO,
            },
        ],
        end: why.map(|why| LaneEnd { at: s(end), why }),
    }
}

/// A 600 s run with `n` environments created one per `every` s, each reclaimed after 200 s,
/// a deploy at 300 s, and `created` environments in all.
fn lanes_report(n: u32, every: f64, created: u64) -> Report {
    let lanes = (0..n)
        .map(|i| {
            let at = f64::from(i) * every;
            lane(
                i,
                at,
                (at + 200.0).min(600.0),
                (at + 200.0 < 600.0).then_some(Reclaim::KeepAlive),
            )
        })
        .collect();
    Report {
        end: s(600.0),
        deploys_s: vec![300.0],
        environment_lanes: Some(EnvironmentLanes {
            created,
            resolution: Micros(1),
            lanes,
        }),
        ..Report::default()
    }
}

fn one(report: &Report) -> [Variant<'_>; 1] {
    [Variant {
        label: "zip",
        report,
    }]
}

#[test]
fn lanes_draw_each_environment_with_its_start_busy_idle_end_and_the_deploy() {
    let report = lanes_report(3, 250.0, 3);
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| {
        ChartKind::Lanes
            .draw(a, &one(&report), &[], &theme)
            .unwrap()
    });
    for text in [
        "Environment lanes",
        "microVM",
        "busy",
        "idle",
        "reclaimed",
        "deploy",
    ] {
        assert!(svg.contains(text), "SVG lacks {text:?}");
    }
    assert!(!svg.contains("merged"), "three lanes need no merging");
    let panel = &geometry.panels[0];
    assert_eq!(
        (panel.x.min, panel.x.max),
        (0.0, 600.0),
        "the whole 600 s run, in seconds"
    );
    // One read-out per lane, top to bottom in creation order, naming its life.
    assert_eq!(geometry.items.len(), 3);
    let first = &geometry.items[0];
    assert!(
        first.text.starts_with("env 0 (on-demand): created at 0 s"),
        "{}",
        first.text
    );
    assert!(first.text.contains("init 400 ms"), "{}", first.text);
    assert!(
        first.text.contains("gone at 200 s (keep-alive expired)"),
        "{}",
        first.text
    );
    assert!(geometry.items[2].text.contains("alive at the end"));
    assert!(geometry.items[0].area.top < geometry.items[1].area.top);
    // The busy colour fills env 0's row from 1 s to 11 s: a blue rectangle exists.
    let busy = format!(
        "{:02X}{:02X}{:02X}",
        theme.busy.0, theme.busy.1, theme.busy.2
    );
    assert!(svg.to_uppercase().contains(&busy), "no busy fill");
}

#[test]
fn a_window_zooms_in_and_bad_windows_are_refused() {
    let report = lanes_report(3, 250.0, 3);
    let theme = Theme::light();
    let window = TimeWindow::new(0.0, 2.0).unwrap();
    let (svg, geometry) = svg_of(|a| draw_lanes(a, &one(&report), &theme, Some(window)).unwrap());
    let panel = &geometry.panels[0];
    assert_eq!((panel.x.min, panel.x.max), (0.0, 2.0), "seconds");
    assert!(svg.contains("2 s window"), "the note names the window");
    // Zoomed in on env 0's start, each phase is wide enough to show in its own colour.
    let upper = svg.to_uppercase();
    for c in theme.phases {
        let hex = format!("{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert!(upper.contains(&hex), "phase colour {hex} missing");
    }
    for (from, to) in [(5.0, 5.0), (-1.0, 3.0), (f64::NAN, 3.0), (3.0, 1.0)] {
        let err = TimeWindow::new(from, to).unwrap_err();
        assert!(err.message().starts_with("window:"), "{err}");
    }
}

#[test]
fn thousands_of_lanes_merge_into_rows_and_the_note_says_so() {
    // 5,000 recorded of 8,000 created: far more lanes than pixel rows.
    let report = lanes_report(5_000, 0.1, 8_000);
    let theme = Theme::dark();
    let (svg, geometry) = svg_of(|a| {
        ChartKind::Lanes
            .draw(a, &one(&report), &[], &theme)
            .unwrap()
    });
    let rows = geometry.items.len();
    assert!(rows > 10 && rows < 200, "{rows} rows");
    assert!(svg.contains("lanes per row merged"), "merging is said");
    assert!(
        svg.contains("first 5,000 of 8,000 environments recorded"),
        "the rest is counted"
    );
    let first = &geometry.items[0].text;
    assert!(first.starts_with("envs 0–"), "{first}");
    assert!(first.contains("merged in this row"), "{first}");
    // Every lane is in exactly one row.
    let last = &geometry.items[rows - 1].text;
    assert!(last.contains("–4999"), "{last}");
}

#[test]
fn lanes_say_when_none_were_recorded() {
    let mut report = Report::default();
    report.environments.created = 4;
    report.end = s(60.0);
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| {
        ChartKind::Lanes
            .draw(a, &one(&report), &[], &theme)
            .unwrap()
    });
    assert!(
        svg.contains("No lanes recorded: set output.environment_lanes"),
        "{svg}"
    );
    assert!(geometry.is_empty());
}

#[test]
fn degenerate_lanes_still_draw() {
    // An environment created at the very end (never ready), and one whose spans are empty.
    let mut report = lanes_report(1, 1.0, 2);
    let lanes = report.environment_lanes.as_mut().unwrap();
    lanes.lanes.push(Lane {
        env_id: 1,
        created: s(600.0),
        ..Lane::default()
    });
    lanes.lanes[0].spans.clear();
    let theme = Theme::light();
    let (_, geometry) = svg_of(|a| {
        ChartKind::Lanes
            .draw(a, &one(&report), &[], &theme)
            .unwrap()
    });
    assert_eq!(geometry.items.len(), 2);
    assert!(geometry.items[1].text.contains("never ready"));
    // A zero-length run still draws an axis.
    let mut report = lanes_report(1, 1.0, 1);
    report.end = Micros::ZERO;
    let (svg, geometry) = svg_of(|a| {
        ChartKind::Lanes
            .draw(a, &one(&report), &[], &theme)
            .unwrap()
    });
    assert!(
        geometry.is_empty() && svg.contains("No "),
        "nothing to window"
    );
}

fn order_report(upload_ms: f64, snapshot_ms: Option<f64>, cold: bool) -> Report {
    let split = ColdSplit {
        wait: 0.0,
        microvm: 100.0,
        code_fetch: 150.0,
        bootstrap: 200.0,
        init: 300.0,
        handler: 50.0,
    };
    Report {
        deploy_steps: Some(DeploySteps {
            route: UploadRoute::Direct,
            upload_mb: 12.0,
            upload_ms,
            snapshot_ms,
        }),
        cold_anatomy: if cold {
            vec![ColdAnatomy {
                quantile: 0.5,
                ms: split.total(),
                samples: 9,
                near: 3,
                split,
            }]
        } else {
            Vec::new()
        },
        ..Report::default()
    }
}

#[test]
fn operation_order_draws_deploy_upload_then_the_median_cold_start_in_order() {
    let zip = order_report(1_200.0, None, true);
    let snap = order_report(1_200.0, Some(900.0), false);
    let variants = [
        Variant {
            label: "zip",
            report: &zip,
        },
        Variant {
            label: "snap",
            report: &snap,
        },
    ];
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| ChartKind::Order.draw(a, &variants, &[], &theme).unwrap());
    for text in [
        "Operation order",
        "deploy",
        "off the request path",
        "no cold start in snap",
    ] {
        assert!(svg.contains(text), "SVG lacks {text:?}");
    }
    assert_eq!(geometry.panels.len(), 2);
    let texts: Vec<&str> = geometry.items.iter().map(|i| i.text.as_str()).collect();
    assert!(
        texts[0].starts_with("zip · upload: 1,200 ms, 12.0 MB direct to Lambda"),
        "{texts:?}"
    );
    assert!(texts[1].starts_with("snap · upload"), "{texts:?}");
    assert!(texts[2].starts_with("snap · snapshot: 900 ms"), "{texts:?}");
    // The request path: microVM, code load, bootstrap, init, handler, one after the other,
    // adding up to the median cold start.
    let order = [
        "microVM",
        "code load",
        "bootstrap / restore",
        "init",
        "handler",
    ];
    for (item, name) in geometry.items[3..].iter().zip(order) {
        assert!(
            item.text.starts_with(&format!("zip · {name}: ")),
            "{}",
            item.text
        );
    }
    assert!(
        geometry.items[7]
            .text
            .contains("from 750 ms to 800 ms of the median cold start (800 ms)")
    );
    // Each bar starts where the one before it ends.
    for w in geometry.items[3..].windows(2) {
        assert!((w[1].area.left - w[0].area.right).abs() <= 1, "{w:?}");
    }
}

#[test]
fn operation_order_draws_without_cold_starts_and_with_a_zero_upload() {
    let report = order_report(0.0, None, false);
    let theme = Theme::light();
    let (svg, geometry) = svg_of(|a| {
        ChartKind::Order
            .draw(a, &one(&report), &[], &theme)
            .unwrap()
    });
    assert!(svg.contains("no cold start in these runs"));
    for panel in &geometry.panels {
        assert!(panel.x.max > panel.x.min, "{panel:?}");
    }
    // A long upload switches the axis to seconds.
    let report = order_report(120_000.0, None, true);
    let (_, geometry) = svg_of(|a| {
        ChartKind::Order
            .draw(a, &one(&report), &[], &theme)
            .unwrap()
    });
    assert_eq!(
        geometry.panels[0].x.unit,
        coldstart_charts::units::Unit::Seconds
    );
}
