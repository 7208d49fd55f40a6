//! Writes every chart, in both themes, as SVG files for a visual check:
//! `cargo run -p coldstart-charts --example gallery -- /tmp/charts`.

#[path = "../tests/it/fixtures.rs"]
mod fixtures;

use coldstart_charts::{ChartKind, Theme, Variant, render_svg};
use coldstart_core::Report;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "charts".into()));
    std::fs::create_dir_all(&dir)?;
    let zip = fixtures::report(3_000, 1_400.0, 7);
    let image = fixtures::report(3_000, 900.0, 11);
    let no_sample = fixtures::without_samples(zip.clone());
    let empty = Report::default();
    let sweep = fixtures::sweep();
    let pair = [
        Variant {
            label: "zip",
            report: &zip,
        },
        Variant {
            label: "container image",
            report: &image,
        },
    ];
    let extra = fixtures::report(3_000, 600.0, 13);
    let four = [
        pair[0],
        pair[1],
        Variant {
            label: "SnapStart",
            report: &extra,
        },
        Variant {
            label: "empty",
            report: &empty,
        },
    ];
    let cases: [(&str, &[Variant<'_>]); 4] = [
        ("pair", &pair),
        ("four", &four),
        (
            "nosample",
            &[Variant {
                label: "zip (no sample)",
                report: &no_sample,
            }],
        ),
        (
            "empty",
            &[Variant {
                label: "empty",
                report: &empty,
            }],
        ),
    ];
    for (theme_name, theme) in [("light", Theme::light()), ("dark", Theme::dark())] {
        for (case, variants) in cases {
            for kind in ChartKind::ALL {
                let sweep = if case == "empty" { &[][..] } else { &sweep[..] };
                let svg = render_svg(kind, variants, sweep, &theme, 900, 480)?;
                let path = dir.join(format!("{kind}-{case}-{theme_name}.svg"));
                std::fs::write(&path, svg)?;
            }
        }
    }
    println!("wrote charts to {}", dir.display());
    Ok(())
}
