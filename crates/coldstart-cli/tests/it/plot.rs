//! `plot` writes a well-formed SVG of the requested size for every chart.

use crate::{coldstart, preset, s, scratch_dir, stdout_ok};

/// Checks the document is a complete SVG of the given size with some drawing in it.
fn assert_svg(text: &str, width: u32, height: u32) {
    assert!(
        text.starts_with(&format!("<svg width=\"{width}\" height=\"{height}\"")),
        "{}",
        &text[..text.len().min(120)]
    );
    assert!(text.trim_end().ends_with("</svg>"));
    assert!(text.contains("<text"), "has labels");
    assert!(text.matches('<').count() > 20, "has drawing elements");
}

#[test]
fn every_chart_renders_to_svg() {
    let (zip, _) = preset("java-zip");
    let (snap, _) = preset("java-snapstart");
    let dir = scratch_dir("charts");
    for chart in [
        "timeline",
        "environments",
        "lanes",
        "anatomy",
        "order",
        "cdf",
        "sweep",
        "warmup",
    ] {
        let svg = dir.join(format!("{chart}.svg"));
        stdout_ok(&coldstart([
            "plot",
            "-q",
            s(&zip),
            s(&snap),
            "--chart",
            chart,
            "--svg",
            s(&svg),
        ]));
        assert_svg(&std::fs::read_to_string(&svg).expect("written"), 960, 540);
    }
}

#[test]
fn theme_and_size_are_applied_and_output_is_deterministic() {
    let (path, _) = preset("python-image-1gb");
    let dir = scratch_dir("theme");
    let draw = |name: &str, theme: &str| {
        let svg = dir.join(name);
        let args = ["plot", "-q", s(&path), "--chart", "cdf", "--theme", theme];
        stdout_ok(&coldstart(
            [
                &args[..],
                &["--width", "640", "--height", "400", "--svg", s(&svg)],
            ]
            .concat(),
        ));
        std::fs::read_to_string(&svg).expect("written")
    };
    let light = draw("light.svg", "light");
    let dark = draw("dark.svg", "dark");
    assert_svg(&light, 640, 400);
    assert_svg(&dark, 640, 400);
    assert_ne!(light, dark, "themes differ");
    assert_eq!(
        light,
        draw("light-again.svg", "light"),
        "same input, same SVG"
    );
}

#[test]
fn the_lanes_chart_takes_a_time_window_and_refuses_a_bad_one() {
    let (path, _) = preset("node-zip-api");
    let dir = scratch_dir("window");
    let svg = dir.join("lanes.svg");
    let args = ["plot", "-q", s(&path), "--chart", "lanes", "--svg", s(&svg)];
    stdout_ok(&coldstart([&args[..], &["--window", "600..660"]].concat()));
    let text = std::fs::read_to_string(&svg).expect("written");
    assert_svg(&text, 960, 540);
    assert!(text.contains("60 s window"), "the note names the window");
    for (window, says) in [("660..600", "window: 660..600 s"), ("a..b", "FROM..TO")] {
        let out = coldstart([&args[..], &["--window", window]].concat());
        assert!(!out.status.success(), "{window} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{window}: {err}");
    }
    let cdf = ["plot", "-q", s(&path), "--chart", "cdf", "--svg", s(&svg)];
    let out = coldstart([&cdf[..], &["--window", "0..60"]].concat());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("only the lanes chart"),
        "{err}"
    );
}
