//! `link` prints the fragment the page opens, and `link --decode` reads one back.

use crate::{coldstart, preset, presets, s, stdout_ok};
use coldstart_core::share::{self, SharedState};

#[test]
fn link_of_every_preset_decodes_to_it() {
    for (path, scenario) in presets() {
        let fragment = stdout_ok(&coldstart(["link", s(&path)]));
        let fragment = fragment.trim();
        assert!(fragment.starts_with("v1."), "{fragment}");
        let state = share::decode(fragment).expect("decodes");
        assert_eq!(state.variants, vec![scenario], "{}", path.display());
        assert_eq!(state.chart, None);
    }
}

#[test]
fn link_with_chart_and_base_url_and_decode_round_trip() {
    let (zip, a) = preset("java-zip");
    let (snap, b) = preset("java-snapstart");
    let url = stdout_ok(&coldstart([
        "link",
        s(&zip),
        s(&snap),
        "--chart",
        "anatomy",
        "--base-url",
        "https://example.org/lab/",
    ]));
    let fragment = url
        .trim()
        .strip_prefix("https://example.org/lab/#")
        .expect("base URL then #");
    let decoded = stdout_ok(&coldstart(["link", "--decode", fragment]));
    let state: SharedState = serde_json::from_str(&decoded).expect("state JSON");
    assert_eq!(
        state,
        SharedState {
            variants: vec![a, b],
            chart: Some("anatomy".into()),
            plan: None,
        }
    );
}

#[test]
fn bad_fragments_and_too_many_variants_exit_2() {
    let out = coldstart(["link", "--decode", "v9.abc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported share-link version \"v9\""));
    let out = coldstart(["link", "--decode", "v1.ab$"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad base64 at position 5"));

    let (p, _) = preset("node-zip-api");
    let five = vec![s(&p); share::MAX_VARIANTS + 1];
    let out = coldstart([&["link"][..], &five].concat());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("variants"));
}
