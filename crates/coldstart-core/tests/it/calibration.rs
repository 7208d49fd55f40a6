//! The calibration of docs/calibration.md: the fit set (published figures that set a default)
//! and the held-out set (published figures no default was tuned to), each pinned within the
//! tolerance the document states. A held-out figure the model misses is pinned at its
//! documented miss, so the document cannot drift from the model; it is never refitted here.

use super::initcost::{median_init_ms, preset};
use coldstart_core::Scenario;
use coldstart_core::defaults as d;
use coldstart_core::initcost::{zip_fetch_ms, zip_fetch_ms_per_zipped_mb};
use coldstart_core::package::{Package, ReadAtInit, ZipFetch};
use coldstart_core::scenario::Runtime;
use coldstart_core::sweep::{self, SweepConfig, SweepSeries};

// ─── Fit set ───────────────────────────────────────────────────────────────────────────────

#[test]
fn fit_shilkov_node_zip_sizes() {
    // Shilkov, Node.js, median end-to-end cold start by zipped dependency size: 1 KB → 0.26 s,
    // 14 MB → 1.70 s, 35 MB → 3.87 s. NODE_DEPENDENCY_INIT_MS_PER_ZIPPED_MB was derived from
    // this slope, so matching it shows only that the derivation is carried out right.
    let measured = [(0.001, 260.0), (14.0, 1_700.0), (35.0, 3_870.0)];
    let fetch = ZipFetch::default();
    let kib = d::zip_mean_file_kib(Runtime::Nodejs);
    let ratio = d::zip_compression_ratio(Runtime::Nodejs);
    let extra = |zipped: f64| {
        zip_fetch_ms(zipped, zipped * ratio, 0, &fetch, kib)
            + zipped * d::NODE_DEPENDENCY_INIT_MS_PER_ZIPPED_MB
    };
    let (base_size, base_ms) = measured[0];
    for (zipped, ms) in &measured[1..] {
        let modelled = base_ms + extra(*zipped) - extra(base_size);
        assert!(
            (modelled / ms - 1.0).abs() < 0.02,
            "{zipped} MB: modelled {modelled:.0} ms, measured {ms} ms"
        );
    }
    // The fetch share of the slope follows from the measured trees, not from the slope.
    let fetch_per_mb = zip_fetch_ms_per_zipped_mb(Runtime::Nodejs, &fetch);
    assert!((fetch_per_mb - 30.7).abs() < 0.1, "{fetch_per_mb}");
}

#[test]
fn fit_lambda_perf_hello_world_is_the_bootstrap_table() {
    // lambda-perf p50s are the bootstrap medians themselves (docs/init-cost-models.md).
    assert_eq!(d::bootstrap_p50_p90_ms(Runtime::Nodejs, false).0, 135.0);
    assert_eq!(d::bootstrap_p50_p90_ms(Runtime::Nodejs, true).0, 240.0);
    assert_eq!(d::bootstrap_p50_p90_ms(Runtime::Python, false).0, 83.0);
    assert_eq!(d::bootstrap_p50_p90_ms(Runtime::Python, true).0, 140.0);
}

// ─── Held-out set ──────────────────────────────────────────────────────────────────────────

/// Smallest code size (unzipped MB, 1 MB grid up to the zip limit) from which the same code as
/// an image (base image + the code, of which init reads the measured loadable share) has a
/// lower median init cost than the zip; `None` if the zip stays ahead.
fn crossover_mb(base: &Scenario) -> Option<f64> {
    let sizes: Vec<f64> = (1..=250).map(f64::from).collect();
    let config = SweepConfig {
        series: vec![SweepSeries::Zip, SweepSeries::Image],
        ..SweepConfig::default()
    };
    let points = sweep::sweep(base, &sizes, &config).expect("sweeps");
    let (zip, image) = points.split_at(sizes.len());
    zip.iter()
        .zip(image)
        .find(|(z, i)| i.p50_ms < z.p50_ms)
        .map(|(z, _)| z.size_mb)
}

fn without_layers(mut s: Scenario) -> Scenario {
    // The benchmark packages have no layers; each layer adds a per-archive overhead to the zip.
    if let Package::Zip { layers, .. } = &mut s.package {
        *layers = 0;
    }
    s
}

#[test]
fn held_out_stuyvenberg_node_crossover_is_missed_low_as_documented() {
    // Stuyvenberg (Jan 2024): images beat zip from ~30 MB of dependencies on Node.js. Stated
    // tolerance: a factor of 2 (15–60 MB). The model MISSES it: it crosses at 10 MB, because
    // the per-file extraction cost (25 µs, [?]) on the measured 2.76 KiB Node.js files makes
    // a zip cost ~11.5 ms per unzipped MB against under 1 ms for the lazily loaded chunks of
    // the 41 % of the code that Node.js can `require`.
    // docs/calibration.md gives the reasons; this pins the documented value.
    let node = crossover_mb(&without_layers(preset("node-zip-api.json"))).expect("crosses");
    assert!((8.0..=12.0).contains(&node), "Node.js crossover {node} MB");
    assert!(node < 15.0, "outside the stated tolerance, as documented");
}

#[test]
fn held_out_stuyvenberg_python_crossover_is_missed_low_as_documented() {
    // Stuyvenberg (Jan 2024): images beat zip from ~200 MB on Python. Stated tolerance: a
    // factor of 2 (100–400 MB; no crossover within the 250 MB zip limit counts as > 250). The
    // model MISSES it at ~55 MB, low like the Node.js one and for the same reason (see
    // docs/calibration.md); this pins the documented value.
    let python = without_layers(preset("python-zip-heavy.json"));
    let py = crossover_mb(&python).expect("crosses below 250 MB");
    assert!((48.0..=62.0).contains(&py), "Python crossover {py} MB");
    assert!(py < 100.0, "outside the stated tolerance, as documented");
}

/// End-to-end cold start of a Node.js image whose init reads 1 MB of its own layers, with
/// `extra_mb` of unread bytes added: microVM median + the init-cost median (the handler of a
/// hello world is a few ms).
fn node_image_cold_ms(extra_mb: f64) -> f64 {
    let mut s = preset("node-zip-api.json");
    s.function.init_ms = coldstart_core::Dist::zero();
    s.package = Package::Image {
        image_mb: d::image_base_mb(Runtime::Nodejs) + 1.0 + extra_mb,
        base_mb: None,
        read_at_init: ReadAtInit::Mb(1.0),
        shared_fraction: 0.0,
        just_deployed: false,
        cache: Default::default(),
    };
    d::MICROVM_MEDIAN_MS + median_init_ms(&s, 401)
}

#[test]
fn held_out_shilkov_images_extra_size_has_no_visible_effect() {
    // Shilkov (2021): minimal image 0.79 s, +100 MB 0.87 s (+10 %), +5 GB 0.82 s (+4 %).
    // Stated tolerance: each ratio to the minimal image within ±15 % of the published one.
    let minimal = node_image_cold_ms(0.0);
    for (extra, published_ratio) in [(100.0, 0.87 / 0.79), (5_120.0, 0.82 / 0.79)] {
        let ratio = node_image_cold_ms(extra) / minimal;
        assert!(
            (ratio / published_ratio - 1.0).abs() < 0.15,
            "+{extra} MB: model ratio {ratio:.3}, published {published_ratio:.3}"
        );
    }
}

#[test]
fn held_out_shilkov_minimal_image_level_is_missed_low_as_documented() {
    // Shilkov's 0.79 s (2021, end to end through API Gateway) against the model's microVM +
    // 2026 lambda-perf image bootstrap: the model MISSES it by more than the ±25 % tolerance,
    // at ~0.32 s. The gap between his image and zip starts (0.79 vs 0.26 s) has since shrunk
    // to ~0.1 s in lambda-perf's 2026 data; docs/calibration.md explains.
    let minimal = node_image_cold_ms(0.0);
    assert!((280.0..=380.0).contains(&minimal), "{minimal} ms");
    assert!(
        minimal < 0.75 * 790.0,
        "outside the stated tolerance, as documented"
    );
}
