//! Packaging comparisons: the same function and workload shipped as a zip, an image or with
//! SnapStart, run with common random numbers; and fast "cold-start cost versus size" sweeps.
//!
//! [`compare`] runs full simulations. The engine draws arrivals and handler durations from their
//! own random streams (see `simulation`), so variants that differ only in packaging see the same
//! requests with the same handler times: every difference in the results comes from the
//! init-cost model (and from what longer cold starts do to concurrency).
//!
//! [`sweep`] does not run the engine: it samples the init-cost model alone, which is what moves
//! with package size, so a whole chart costs milliseconds and can be redrawn on every slider move.

use crate::defaults as d;
use crate::error::ScenarioError;
use crate::initcost::InitCostModel;
use crate::package::{Package, ReadAtInit, ZipFetch, ZipUpload};
use crate::report::{CdfPoint, Latencies, PhaseSummaries, Report};
use crate::scenario::Scenario;
use crate::time::Micros;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

/// Results of a comparison: one entry per variant, in input order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// What each variant produced.
    pub variants: Vec<VariantResult>,
    /// Each variant minus the first (the first entry is all zeros).
    pub deltas: Vec<Delta>,
}

/// The packaging-relevant part of one variant's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantResult {
    /// Scenario name.
    pub name: String,
    /// The variant's package.
    pub package: Package,
    /// Whether the variant uses SnapStart.
    pub snapstart: bool,
    /// Arrivals (equal across variants: common random numbers).
    pub requests: u64,
    /// Cold starts.
    pub cold_starts: u64,
    /// Cold starts per started invocation.
    pub cold_start_ratio: f64,
    /// Latency of all, cold and warm requests, ms.
    pub latency_ms: Latencies,
    /// Durations of each cold-start phase, ms.
    pub phases_ms: PhaseSummaries,
    /// Total cost, USD.
    pub cost_usd: f64,
    /// Latency CDF of cold requests.
    pub cold_latency_cdf: Vec<CdfPoint>,
}

/// A variant minus the first variant; positive means slower, more or dearer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// Variant name.
    pub name: String,
    /// Cold-start latency p50, ms.
    pub cold_p50_ms: f64,
    /// Cold-start latency p90, ms.
    pub cold_p90_ms: f64,
    /// Cold-start latency p99, ms.
    pub cold_p99_ms: f64,
    /// Latency p99 over all requests, ms.
    pub all_p99_ms: f64,
    /// Mean code fetch per cold start, ms.
    pub code_fetch_mean_ms: f64,
    /// Mean bootstrap (or restore) per cold start, ms.
    pub bootstrap_mean_ms: f64,
    /// Mean function init (or restore hooks) per cold start, ms.
    pub init_mean_ms: f64,
    /// Cold starts.
    pub cold_starts: i64,
    /// Total cost, USD.
    pub cost_usd: f64,
}

/// Runs `variants` (at least one) that differ only in `name`, `package` and `snapstart`, and
/// reports each with its deltas to the first. Any other difference (seed, workload, function,
/// platform…) is refused, naming the first differing field: it would break the common random
/// numbers that make the deltas attributable to packaging.
pub fn compare(variants: &[Scenario]) -> Result<Comparison, ScenarioError> {
    let Some(first) = variants.first() else {
        return Err(ScenarioError::invalid(
            "variants",
            "[]",
            "compare needs at least one scenario",
        ));
    };
    for (i, v) in variants.iter().enumerate().skip(1) {
        if let Some(field) = first_difference(first, v) {
            return Err(ScenarioError::invalid(
                format!("variants[{i}].{field}"),
                "differs from variants[0]",
                "compared variants may differ only in name, package and snapstart, so that \
                 every difference in the results comes from the init-cost model",
            ));
        }
    }
    let results = variants
        .iter()
        .map(|v| crate::run(v).map(|r| summarise(v, r)))
        .collect::<Result<Vec<_>, _>>()?;
    let deltas = results.iter().map(|r| delta(&results[0], r)).collect();
    Ok(Comparison {
        variants: results,
        deltas,
    })
}

/// The first top-level field other than name, package and snapstart where `b` differs from `a`.
fn first_difference(a: &Scenario, b: &Scenario) -> Option<&'static str> {
    let fields: [(&str, bool); 9] = [
        ("seed", a.seed == b.seed),
        ("duration_s", a.duration_s == b.duration_s),
        ("workload", a.workload == b.workload),
        ("function", a.function == b.function),
        ("platform", a.platform == b.platform),
        ("provisioned", a.provisioned == b.provisioned),
        ("invocation", a.invocation == b.invocation),
        ("prices", a.prices == b.prices),
        ("output", a.output == b.output),
    ];
    fields.iter().find(|(_, same)| !same).map(|(f, _)| *f)
}

fn summarise(s: &Scenario, r: Report) -> VariantResult {
    VariantResult {
        name: s.name.clone(),
        package: s.package.clone(),
        snapstart: s.snapstart.is_some(),
        requests: r.requests,
        cold_starts: r.cold_starts,
        cold_start_ratio: r.cold_start_ratio,
        latency_ms: r.latency_ms,
        phases_ms: r.phases_ms,
        cost_usd: r.cost_usd.total,
        cold_latency_cdf: r.cold_latency_cdf,
    }
}

fn delta(base: &VariantResult, v: &VariantResult) -> Delta {
    let (b, c) = (&base.latency_ms.cold, &v.latency_ms.cold);
    let (bp, vp) = (&base.phases_ms, &v.phases_ms);
    Delta {
        name: v.name.clone(),
        cold_p50_ms: c.p50 - b.p50,
        cold_p90_ms: c.p90 - b.p90,
        cold_p99_ms: c.p99 - b.p99,
        all_p99_ms: v.latency_ms.all.p99 - base.latency_ms.all.p99,
        code_fetch_mean_ms: vp.code_fetch.mean - bp.code_fetch.mean,
        bootstrap_mean_ms: vp.bootstrap.mean - bp.bootstrap.mean,
        init_mean_ms: vp.init.mean - bp.init.mean,
        cold_starts: v.cold_starts as i64 - base.cold_starts as i64,
        cost_usd: v.cost_usd - base.cost_usd,
    }
}

/// Which curve a sweep point belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SweepSeries {
    /// Zip package of `size_mb` unzipped (zipped at the base's compression ratio); direct upload
    /// while the zipped size allows it, S3 upload beyond; refused past 250 MB unzipped.
    Zip,
    /// The same code as a container image, like for like with `Zip`: `size_mb` of code and
    /// dependencies added to a runtime base image, all of it read at init (the same imports load
    /// the same files; the runtime's own reads are in the image bootstrap). The crossover with
    /// `Zip` is where an image starts to pay off.
    Image,
    /// Container image of `size_mb` that reads Slacker's typical share of itself at init
    /// (6.4 %, `defaults::IMAGE_READ_FRACTION`), whatever the base reads: the lazy start that
    /// lets a 10 GB image cold-start about like a zip near its 250 MB limit. Against `Image` on
    /// the same axis it shows that what an image costs is what it reads, not what it holds. The
    /// fraction is fixed rather than taken from the base so that the curve means the same for
    /// every scenario and its legend can say what it is.
    ImageLazy,
    /// Container image of the base's size (at least `size_mb`) reading `size_mb` at init: a huge
    /// image that reads little starts like a small one; one that loads gigabytes of weights
    /// eagerly does not.
    ImageRead,
}

impl SweepSeries {
    /// All series, in drawing order.
    pub const ALL: [SweepSeries; 4] = [
        SweepSeries::Zip,
        SweepSeries::Image,
        SweepSeries::ImageLazy,
        SweepSeries::ImageRead,
    ];

    /// Machine name, as in CSV output and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SweepSeries::Zip => "zip",
            SweepSeries::Image => "image",
            SweepSeries::ImageLazy => "image_lazy",
            SweepSeries::ImageRead => "image_read",
        }
    }

    /// Legend label: what the curve is, then what the x axis means for it (the curves share
    /// one size axis but not one meaning of "size").
    pub fn label(self) -> &'static str {
        // The 6.4 % is `defaults::IMAGE_READ_FRACTION`; a unit test keeps the two in step.
        match self {
            SweepSeries::Zip => "zip · x = unzipped size",
            SweepSeries::Image => "image reading all its code at init · x = code size",
            SweepSeries::ImageLazy => "image reading 6.4 % at init · x = image size",
            SweepSeries::ImageRead => "image · x = MB read at init",
        }
    }
}

/// Sweep settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SweepConfig {
    /// Cold starts sampled per point.
    pub samples: u32,
    /// Curves to compute.
    pub series: Vec<SweepSeries>,
}

impl Default for SweepConfig {
    fn default() -> Self {
        SweepConfig {
            samples: d::SWEEP_SAMPLES,
            series: SweepSeries::ALL.to_vec(),
        }
    }
}

/// One point of a cost-versus-size curve: the init-cost phases (code fetch + bootstrap + function
/// init) of a cold start, without the microVM phase and the handler, which packaging does not
/// change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// The curve.
    pub series: SweepSeries,
    /// The x value, MB: unzipped size, image size, or bytes read at init.
    pub size_mb: f64,
    /// The package sampled.
    pub package: Package,
    /// Median init cost, ms (`None` when the package is refused).
    pub p50_ms: Option<f64>,
    /// 99th percentile, ms.
    pub p99_ms: Option<f64>,
    /// Mean, ms.
    pub mean_ms: Option<f64>,
    /// Why the package cannot exist (e.g. past the zip limits), from validation.
    pub refused: Option<String>,
}

/// Cold-start init cost versus size, for the base scenario's runtime, memory and function init.
///
/// Each point samples `config.samples` cold starts of a fresh [`InitCostModel`] with the base's
/// seed, so neighbouring points share random numbers and the curves are smooth. The image cache
/// state follows the base: after a deploy (`just_deployed`) every sample is a first cold start;
/// otherwise caches are in steady state. SnapStart is off: it makes the package irrelevant.
/// Points past a limit are kept, with `refused` set, so a chart can mark where zip ends.
pub fn sweep(
    base: &Scenario,
    sizes_mb: &[f64],
    config: &SweepConfig,
) -> Result<Vec<SweepPoint>, ScenarioError> {
    if config.samples == 0 || config.samples > d::SWEEP_MAX_SAMPLES {
        return Err(ScenarioError::invalid(
            "sweep.samples",
            config.samples,
            format!("must be between 1 and {}", d::SWEEP_MAX_SAMPLES),
        ));
    }
    for (i, s) in sizes_mb.iter().enumerate() {
        if !(s.is_finite() && *s >= 0.0) {
            return Err(ScenarioError::invalid(
                format!("sweep.sizes_mb[{i}]"),
                s,
                "must be a finite number ≥ 0",
            ));
        }
    }
    let shape = Shape::of(&base.package);
    let mut scenario = base.clone();
    scenario.snapstart = None;
    // The base's own packaging must be sound: its errors would otherwise repeat on every point.
    InitCostModel::new(base)?;

    let mut points = Vec::with_capacity(config.series.len() * sizes_mb.len());
    let mut totals = Vec::with_capacity(config.samples as usize);
    for &series in &config.series {
        for &size_mb in sizes_mb {
            scenario.package = shape.package(series, size_mb);
            points.push(match InitCostModel::new(&scenario) {
                Err(e) => SweepPoint {
                    series,
                    size_mb,
                    package: scenario.package.clone(),
                    p50_ms: None,
                    p99_ms: None,
                    mean_ms: None,
                    refused: Some(e.to_string()),
                },
                Ok(model) => {
                    sample_totals(
                        &model,
                        shape.just_deployed,
                        base.seed,
                        config.samples,
                        &mut totals,
                    );
                    SweepPoint {
                        series,
                        size_mb,
                        package: scenario.package.clone(),
                        p50_ms: Some(quantile(&totals, 0.50)),
                        p99_ms: Some(quantile(&totals, 0.99)),
                        mean_ms: Some(totals.iter().sum::<f64>() / totals.len() as f64),
                        refused: None,
                    }
                }
            });
        }
    }
    Ok(points)
}

/// Sizes from 1 MB to 10 GB that include the zip limits, for a default sweep chart.
pub fn default_sizes_mb() -> Vec<f64> {
    d::SWEEP_SIZES_MB.to_vec()
}

/// What the sweep keeps from the base package while it varies the size.
struct Shape {
    /// Unzipped / zipped.
    compression_ratio: f64,
    layers: u32,
    fetch: ZipFetch,
    image_mb: f64,
    shared_fraction: f64,
    just_deployed: bool,
    cache: crate::package::ImageCache,
}

impl Shape {
    fn of(package: &Package) -> Shape {
        let Package::Image {
            cache: default_cache,
            ..
        } = Package::image(d::IMAGE_MAX_MB)
        else {
            unreachable!("Package::image builds an image")
        };
        let mut shape = Shape {
            compression_ratio: d::ZIP_COMPRESSION_RATIO,
            layers: 0,
            fetch: ZipFetch::default(),
            image_mb: d::IMAGE_MAX_MB,
            shared_fraction: 0.0,
            just_deployed: false,
            cache: default_cache,
        };
        match package {
            Package::Zip {
                zipped_mb,
                unzipped_mb,
                layers,
                fetch,
                ..
            } => {
                if *zipped_mb > 0.0 && unzipped_mb >= zipped_mb {
                    shape.compression_ratio = unzipped_mb / zipped_mb;
                }
                shape.layers = *layers;
                shape.fetch = fetch.clone();
            }
            Package::Image {
                image_mb,
                shared_fraction,
                just_deployed,
                cache,
                ..
            } => {
                shape.image_mb = *image_mb;
                shape.shared_fraction = *shared_fraction;
                shape.just_deployed = *just_deployed;
                shape.cache = cache.clone();
            }
        }
        shape
    }

    fn package(&self, series: SweepSeries, size_mb: f64) -> Package {
        let image = |image_mb: f64, read_at_init: ReadAtInit| Package::Image {
            image_mb,
            read_at_init,
            shared_fraction: self.shared_fraction,
            just_deployed: self.just_deployed,
            cache: self.cache.clone(),
        };
        match series {
            SweepSeries::Zip => {
                let zipped_mb = size_mb / self.compression_ratio;
                Package::Zip {
                    zipped_mb,
                    unzipped_mb: size_mb,
                    layers: self.layers,
                    upload: if zipped_mb <= d::ZIP_DIRECT_MAX_ZIPPED_MB {
                        ZipUpload::Direct
                    } else {
                        ZipUpload::S3
                    },
                    fetch: self.fetch.clone(),
                }
            }
            SweepSeries::Image => {
                // The unread base image costs nothing; it only keeps the package realistic.
                let image_mb = (size_mb + d::SWEEP_IMAGE_BASE_MB)
                    .min(d::IMAGE_MAX_MB)
                    .max(size_mb);
                image(image_mb, ReadAtInit::Mb(size_mb))
            }
            SweepSeries::ImageLazy => image(size_mb, ReadAtInit::Fraction(d::IMAGE_READ_FRACTION)),
            SweepSeries::ImageRead => image(self.image_mb.max(size_mb), ReadAtInit::Mb(size_mb)),
        }
    }
}

/// Fills `totals` with `n` sampled init costs (ms), sorted ascending.
fn sample_totals(
    model: &InitCostModel,
    fresh_each: bool,
    seed: u64,
    n: u32,
    totals: &mut Vec<f64>,
) {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut steady = model.clone();
    totals.clear();
    for _ in 0..n {
        let phases = if fresh_each {
            model.clone().cold_start(Micros::ZERO, &mut rng)
        } else {
            steady.cold_start(Micros::ZERO, &mut rng)
        };
        totals.push(phases.total().as_ms_f64());
    }
    totals.sort_by(f64::total_cmp);
}

/// Nearest-rank quantile of sorted, non-empty values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_series_has_a_distinct_name_and_a_label_that_defines_its_x() {
        for (i, a) in SweepSeries::ALL.iter().enumerate() {
            assert!(a.label().contains("x = "), "{a:?}: {}", a.label());
            for b in &SweepSeries::ALL[i + 1..] {
                assert_ne!(a.name(), b.name());
                assert_ne!(a.label(), b.label());
            }
        }
    }

    #[test]
    fn lazy_image_label_states_the_default_read_fraction() {
        let percent = format!("{} %", d::IMAGE_READ_FRACTION * 100.0);
        assert!(
            SweepSeries::ImageLazy.label().contains(&percent),
            "{} should say {percent}",
            SweepSeries::ImageLazy.label()
        );
    }

    #[test]
    fn lazy_image_is_an_image_of_x_reading_the_default_fraction() {
        let shape = Shape::of(&Package::image(d::IMAGE_MAX_MB));
        let Package::Image {
            image_mb,
            read_at_init,
            ..
        } = shape.package(SweepSeries::ImageLazy, 2_000.0)
        else {
            panic!("an image");
        };
        assert_eq!(image_mb, 2_000.0);
        assert!((read_at_init.mb(image_mb) - 2_000.0 * d::IMAGE_READ_FRACTION).abs() < 1e-9);
    }
}
