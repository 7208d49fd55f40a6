//! "Cold-start cost versus size" sweeps. [`sweep`] does not run the engine: it samples the
//! init-cost model alone, which is what moves with package size, so a whole chart costs
//! milliseconds and can be redrawn on every slider move.

use crate::defaults as d;
use crate::error::ScenarioError;
use crate::initcost::InitCostModel;
use crate::package::{Package, ReadAtInit, ZipFetch, ZipUpload};
use crate::rng::SimRng;
use crate::scenario::Scenario;
use crate::time::Micros;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

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
            SweepSeries::Image => "same code as an image (base + code) · x = code size",
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
    // The whole base must be sound, not only its packaging: memory, init and every other field
    // shape each point, and their errors would otherwise repeat on every point.
    crate::validate(base)?;
    let shape = Shape::of(&base.package, base.function.runtime);
    let mut scenario = base.clone();
    scenario.snapstart = None;

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

/// The package [`sweep`] of `base` samples at `size_mb` on curve `series`: each point's
/// `package`, for a reader that has the point's figures without it (the page's run worker sends
/// them in postcard, which cannot read a package's tagged form back).
pub fn point_package(base: &Scenario, series: SweepSeries, size_mb: f64) -> Package {
    Shape::of(&base.package, base.function.runtime).package(series, size_mb)
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
    /// The runtime's base image, MB: the "same code as an image" sits on it.
    base_mb: f64,
    /// Share of the code the runtime's init can read (`defaults::code_loadable_share`).
    loadable_share: f64,
    shared_fraction: f64,
    just_deployed: bool,
    cache: crate::package::ImageCache,
}

impl Shape {
    fn of(package: &Package, runtime: crate::scenario::Runtime) -> Shape {
        let mut shape = Shape {
            compression_ratio: d::zip_compression_ratio(runtime),
            layers: 0,
            fetch: ZipFetch::default(),
            image_mb: d::IMAGE_MAX_MB,
            base_mb: d::image_base_mb(runtime),
            loadable_share: d::code_loadable_share(runtime),
            shared_fraction: 0.0,
            just_deployed: false,
            cache: crate::package::ImageCache::default(),
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
                base_mb,
                shared_fraction,
                just_deployed,
                cache,
                ..
            } => {
                shape.image_mb = *image_mb;
                shape.base_mb = crate::package::image_base_mb(*image_mb, *base_mb, runtime);
                shape.shared_fraction = *shared_fraction;
                shape.just_deployed = *just_deployed;
                shape.cache = cache.clone();
            }
        }
        shape
    }

    fn package(&self, series: SweepSeries, size_mb: f64) -> Package {
        let image =
            |image_mb: f64, base_mb: Option<f64>, read_at_init: ReadAtInit| Package::Image {
                image_mb,
                base_mb,
                read_at_init,
                shared_fraction: self.shared_fraction,
                just_deployed: self.just_deployed,
                cache: self.cache.clone(),
            };
        // A base that leaves room for `own` MB of the function's layers within 10 GB.
        let base_beside = |own: f64| self.base_mb.min((d::IMAGE_MAX_MB - own).max(0.0));
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
                // The twin: the runtime's base image plus the code, of which init reads what
                // the runtime can import.
                let base = base_beside(size_mb);
                let read = size_mb * self.loadable_share;
                image(size_mb + base, Some(base), ReadAtInit::Mb(read))
            }
            SweepSeries::ImageLazy => {
                image(size_mb, None, ReadAtInit::Fraction(d::IMAGE_READ_FRACTION))
            }
            SweepSeries::ImageRead => {
                let image_mb = self.image_mb.max(size_mb + base_beside(size_mb));
                image(
                    image_mb,
                    Some(self.base_mb.min(image_mb - size_mb)),
                    ReadAtInit::Mb(size_mb),
                )
            }
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
    let mut rng = SimRng::seed_from_u64(seed);
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
    crate::rank::sort_f64(totals);
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

    /// A point's package as [`point_package`] rebuilds it is the package the sweep sampled,
    /// for a zip and an image base, on every curve, refused points included.
    #[test]
    fn point_package_is_the_package_each_point_sampled() {
        for package in [Package::zip(10.0, 30.0), Package::image(2_000.0)] {
            let preset = include_str!("../../../scenarios/node-zip-api.json");
            let base = Scenario {
                package,
                ..Scenario::from_json(preset).expect("preset parses")
            };
            let config = SweepConfig {
                samples: 50,
                ..SweepConfig::default()
            };
            let points = sweep(&base, &default_sizes_mb(), &config).expect("sweeps");
            assert!(points.iter().any(|p| p.refused.is_some()), "past a limit");
            for p in &points {
                assert_eq!(
                    point_package(&base, p.series, p.size_mb),
                    p.package,
                    "{p:?}"
                );
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
        let runtime = crate::scenario::Runtime::Nodejs;
        let shape = Shape::of(&Package::image(d::IMAGE_MAX_MB), runtime);
        let Package::Image {
            image_mb,
            read_at_init,
            ..
        } = shape.package(SweepSeries::ImageLazy, 2_000.0)
        else {
            panic!("an image");
        };
        assert_eq!(image_mb, 2_000.0);
        // The fraction applies to the layers above the runtime's base image.
        let own = image_mb - d::image_base_mb(runtime);
        assert!((read_at_init.mb(own) - own * d::IMAGE_READ_FRACTION).abs() < 1e-9);
    }

    #[test]
    fn the_same_code_as_an_image_sits_on_the_runtime_base_image_and_reads_the_code() {
        let runtime = crate::scenario::Runtime::Python;
        let shape = Shape::of(&Package::zip(10.0, 30.0), runtime);
        let Package::Image {
            image_mb,
            base_mb,
            read_at_init,
            ..
        } = shape.package(SweepSeries::Image, 100.0)
        else {
            panic!("an image");
        };
        assert_eq!(base_mb, Some(d::image_base_mb(runtime)));
        assert_eq!(image_mb, 100.0 + d::image_base_mb(runtime));
        assert_eq!(
            read_at_init,
            ReadAtInit::Mb(100.0 * d::code_loadable_share(runtime))
        );
        // At 10 GB of code the base shrinks so the image stays within the limit.
        let Package::Image {
            image_mb, base_mb, ..
        } = shape.package(SweepSeries::Image, d::IMAGE_MAX_MB)
        else {
            panic!("an image");
        };
        assert_eq!((image_mb, base_mb), (d::IMAGE_MAX_MB, Some(0.0)));
    }
}
