//! Packaging comparisons: the same function and workload shipped as a zip, an image or with
//! SnapStart, run with common random numbers; and fast "cold-start cost versus size" sweeps.
//!
//! [`compare`] runs full simulations. The engine draws arrivals and handler durations from their
//! own random streams (see `simulation`), so variants that differ only in packaging see the same
//! requests with the same handler times: every difference in the results comes from the
//! init-cost model (and from what longer cold starts do to concurrency).
//!
//! [`explain`] turns two reports into the structured reasons they differ (which phase moved most,
//! which cold-start causes changed), and [`profile`] does the same for one report alone: plain
//! data, so the page and the CLI can phrase it their own way.
//!
//! [`sweep`] does not run the engine: it samples the init-cost model alone, which is what moves
//! with package size, so a whole chart costs milliseconds and can be redrawn on every slider move.

use crate::defaults as d;
use crate::error::ScenarioError;
use crate::initcost::InitCostModel;
use crate::package::{Package, ReadAtInit, ZipFetch, ZipUpload};
use crate::report::{CdfPoint, ColdCause, Latencies, LatencySummary, PhaseSummaries, Report};
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
    compare_with_reports(variants).map(|(comparison, _)| comparison)
}

/// [`compare`], also returning each variant's full report, in input order: what [`explain`]
/// needs (causes, throttles, errors) beyond the packaging summary, without running twice.
pub fn compare_with_reports(
    variants: &[Scenario],
) -> Result<(Comparison, Vec<Report>), ScenarioError> {
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
    let reports = variants
        .iter()
        .map(crate::run)
        .collect::<Result<Vec<_>, _>>()?;
    let results: Vec<VariantResult> = variants
        .iter()
        .zip(&reports)
        .map(|(v, r)| summarise(v, r))
        .collect();
    let deltas = results.iter().map(|r| delta(&results[0], r)).collect();
    let comparison = Comparison {
        variants: results,
        deltas,
    };
    Ok((comparison, reports))
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

fn summarise(s: &Scenario, r: &Report) -> VariantResult {
    VariantResult {
        name: s.name.clone(),
        package: s.package.clone(),
        snapstart: s.snapstart.is_some(),
        requests: r.requests,
        cold_starts: r.cold_starts,
        cold_start_ratio: r.cold_start_ratio,
        latency_ms: r.latency_ms.clone(),
        phases_ms: r.phases_ms.clone(),
        cost_usd: r.cost_usd.total,
        cold_latency_cdf: r.cold_latency_cdf.clone(),
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

/// One phase of a cold start, in the order a cold start runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColdStartPhase {
    /// Placement and microVM start.
    Microvm,
    /// Zip download and extraction, or image chunk loading.
    CodeFetch,
    /// Runtime bootstrap, or SnapStart restore.
    Bootstrap,
    /// Function init, or SnapStart `afterRestore` hooks.
    Init,
    /// The handler of the cold request.
    Handler,
}

impl ColdStartPhase {
    /// All phases, in running order.
    pub const ALL: [ColdStartPhase; 5] = [
        ColdStartPhase::Microvm,
        ColdStartPhase::CodeFetch,
        ColdStartPhase::Bootstrap,
        ColdStartPhase::Init,
        ColdStartPhase::Handler,
    ];

    /// This phase's summary in a report.
    pub fn of(self, phases: &PhaseSummaries) -> &LatencySummary {
        match self {
            ColdStartPhase::Microvm => &phases.microvm,
            ColdStartPhase::CodeFetch => &phases.code_fetch,
            ColdStartPhase::Bootstrap => &phases.bootstrap,
            ColdStartPhase::Init => &phases.init,
            ColdStartPhase::Handler => &phases.handler,
        }
    }
}

/// A figure in the base variant and in another, and the other minus the base.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Change<T> {
    /// In the base variant (variant 0).
    pub base: T,
    /// In the variant explained.
    pub other: T,
    /// `other − base`: positive means slower, more or dearer.
    pub delta: T,
}

impl Change<f64> {
    fn of(base: f64, other: f64) -> Self {
        Change {
            base,
            other,
            delta: other - base,
        }
    }
}

impl Change<i64> {
    fn count(base: u64, other: u64) -> Self {
        // Counts are bounded by the run budget, far below i64::MAX; saturate rather than wrap.
        let base = i64::try_from(base).unwrap_or(i64::MAX);
        let other = i64::try_from(other).unwrap_or(i64::MAX);
        Change {
            base,
            other,
            delta: other.saturating_sub(base),
        }
    }
}

/// How the median of one cold-start phase changed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhaseChange {
    /// The phase.
    pub phase: ColdStartPhase,
    /// Its median over the variant's cold starts, ms.
    pub median_ms: Change<f64>,
}

/// How the number of cold starts of one cause changed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CauseChange {
    /// The cause.
    pub cause: ColdCause,
    /// Cold starts of that cause.
    pub count: Change<i64>,
}

/// Why one variant's results differ from the base's, as numbers: what changed, biggest first.
///
/// Medians of phases do not add up to the median cold start (a median is not additive), so the
/// phase list says which phase moved most, not how the total splits. Means do add up, which is
/// why the time environments spend initialising is given as a mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Cold requests in each variant; a side with none has no cold latencies or phases.
    pub cold_starts: Change<i64>,
    /// Cold-start latency p50 (arrival to end of the cold request), ms.
    pub cold_p50_ms: Change<f64>,
    /// Cold-start latency p99, ms.
    pub cold_p99_ms: Change<f64>,
    /// Per-phase medians, sorted by the size of the change (largest first, ties in running
    /// order), so the dominant cause comes first.
    pub phases: Vec<PhaseChange>,
    /// Mean time before the handler (microVM + code fetch + bootstrap + init), ms: how long a
    /// new environment is held before it serves. Shorter holds free environments sooner, so
    /// fewer requests find them all busy and scale out.
    pub init_mean_ms: Change<f64>,
    /// Cold starts by cause, sorted by the size of the change (largest first, ties in
    /// [`ColdCause::ALL`] order).
    pub causes: Vec<CauseChange>,
    /// Environments created.
    pub environments_created: Change<i64>,
    /// Throttle events.
    pub throttles: Change<i64>,
    /// Requests that ended in an error.
    pub errors: Change<i64>,
    /// Requests refused (sync) or dropped (async/stream).
    pub dropped: Change<i64>,
    /// Total cost, USD.
    pub cost_usd: Change<f64>,
}

/// Explains `other` against `base` (two runs of one comparison, so with the same arrivals and
/// handler durations): the cold-start latency change, then the phases and the causes that
/// moved, largest first. Pure arithmetic on the reports; never fails.
pub fn explain(base: &Report, other: &Report) -> Explanation {
    let (bp, op) = (&base.phases_ms, &other.phases_ms);
    let mut phases: Vec<PhaseChange> = ColdStartPhase::ALL
        .iter()
        .map(|&phase| PhaseChange {
            phase,
            median_ms: Change::of(phase.of(bp).p50, phase.of(op).p50),
        })
        .collect();
    // A stable sort keeps running order among equal changes.
    phases.sort_by(|a, b| b.median_ms.delta.abs().total_cmp(&a.median_ms.delta.abs()));
    let mut causes: Vec<CauseChange> = ColdCause::ALL
        .iter()
        .map(|&cause| CauseChange {
            cause,
            count: Change::count(base.cold_by_cause.of(cause), other.cold_by_cause.of(cause)),
        })
        .collect();
    causes.sort_by_key(|c| std::cmp::Reverse(c.count.delta.unsigned_abs()));
    let init_mean =
        |p: &PhaseSummaries| p.microvm.mean + p.code_fetch.mean + p.bootstrap.mean + p.init.mean;
    Explanation {
        cold_starts: Change::count(base.cold_starts, other.cold_starts),
        cold_p50_ms: Change::of(base.latency_ms.cold.p50, other.latency_ms.cold.p50),
        cold_p99_ms: Change::of(base.latency_ms.cold.p99, other.latency_ms.cold.p99),
        phases,
        init_mean_ms: Change::of(init_mean(bp), init_mean(op)),
        causes,
        environments_created: Change::count(base.environments.created, other.environments.created),
        throttles: Change::count(base.throttled, other.throttled),
        errors: Change::count(base.errors, other.errors),
        dropped: Change::count(base.dropped, other.dropped),
        cost_usd: Change::of(base.cost_usd.total, other.cost_usd.total),
    }
}

/// A phase's median over one variant's cold starts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhaseMedian {
    /// The phase.
    pub phase: ColdStartPhase,
    /// Median, ms.
    pub median_ms: f64,
}

/// Cold starts of one cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseCount {
    /// The cause.
    pub cause: ColdCause,
    /// Cold starts of that cause.
    pub count: u64,
}

/// One variant's cold starts on their own, for when there is nothing to compare with: how
/// often, why, and where the time goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColdStartProfile {
    /// Arrivals.
    pub requests: u64,
    /// Invocations that paid a cold start.
    pub cold_starts: u64,
    /// Cold starts per started invocation.
    pub cold_start_ratio: f64,
    /// Causes with at least one cold start, most frequent first (ties in [`ColdCause::ALL`]
    /// order).
    pub causes: Vec<CauseCount>,
    /// Phase medians, longest first (ties in running order); empty without cold starts.
    pub phases: Vec<PhaseMedian>,
    /// Cold-start latency.
    pub cold_ms: LatencySummary,
    /// Warm latency, for scale.
    pub warm_ms: LatencySummary,
}

/// Profiles one report's cold starts. Pure arithmetic; never fails.
pub fn profile(report: &Report) -> ColdStartProfile {
    let mut causes: Vec<CauseCount> = ColdCause::ALL
        .iter()
        .map(|&cause| CauseCount {
            cause,
            count: report.cold_by_cause.of(cause),
        })
        .filter(|c| c.count > 0)
        .collect();
    causes.sort_by_key(|c| std::cmp::Reverse(c.count));
    let mut phases: Vec<PhaseMedian> = if report.cold_starts == 0 {
        Vec::new()
    } else {
        ColdStartPhase::ALL
            .iter()
            .map(|&phase| PhaseMedian {
                phase,
                median_ms: phase.of(&report.phases_ms).p50,
            })
            .collect()
    };
    phases.sort_by(|a, b| b.median_ms.total_cmp(&a.median_ms));
    ColdStartProfile {
        requests: report.requests,
        cold_starts: report.cold_starts,
        cold_start_ratio: report.cold_start_ratio,
        causes,
        phases,
        cold_ms: report.latency_ms.cold,
        warm_ms: report.latency_ms.warm,
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

    /// A report with `cold` cold starts whose phase medians and means are `phases_ms`
    /// (microVM, code fetch, bootstrap, init, handler).
    fn report(cold: u64, phases_ms: [f64; 5]) -> Report {
        let mut r = Report {
            requests: 1_000,
            cold_starts: cold,
            cold_start_ratio: cold as f64 / 1_000.0,
            ..Report::default()
        };
        for (phase, ms) in ColdStartPhase::ALL.iter().zip(phases_ms) {
            let s = match phase {
                ColdStartPhase::Microvm => &mut r.phases_ms.microvm,
                ColdStartPhase::CodeFetch => &mut r.phases_ms.code_fetch,
                ColdStartPhase::Bootstrap => &mut r.phases_ms.bootstrap,
                ColdStartPhase::Init => &mut r.phases_ms.init,
                ColdStartPhase::Handler => &mut r.phases_ms.handler,
            };
            *s = LatencySummary {
                count: cold,
                mean: ms,
                p50: ms,
                ..LatencySummary::default()
            };
        }
        r.latency_ms.cold = LatencySummary {
            count: cold,
            p50: phases_ms.iter().sum(),
            p99: 2.0 * phases_ms.iter().sum::<f64>(),
            ..LatencySummary::default()
        };
        r
    }

    #[test]
    fn explain_puts_the_phase_that_moved_most_first_whatever_its_sign() {
        let zip = report(27, [80.0, 250.0, 135.0, 350.0, 40.0]);
        let image = report(17, [80.0, 40.0, 193.0, 350.0, 40.0]);
        let e = explain(&zip, &image);
        let order: Vec<_> = e.phases.iter().map(|p| p.phase).collect();
        assert_eq!(
            order,
            [
                ColdStartPhase::CodeFetch,
                ColdStartPhase::Bootstrap,
                ColdStartPhase::Microvm,
                ColdStartPhase::Init,
                ColdStartPhase::Handler
            ],
            "largest |change| first, unchanged phases in running order"
        );
        assert_eq!(e.phases[0].median_ms.delta, -210.0);
        assert_eq!(e.phases[1].median_ms.delta, 58.0);
        assert_eq!(e.cold_p50_ms.base, 855.0);
        assert_eq!(e.cold_p50_ms.delta, 703.0 - 855.0);
        assert_eq!(e.cold_p99_ms.delta, 2.0 * (703.0 - 855.0));
        assert_eq!(
            e.init_mean_ms.delta, -152.0,
            "means of phases before the handler add up"
        );
        assert_eq!(e.cold_starts.delta, -10);
    }

    #[test]
    fn explain_splits_the_cold_start_change_by_cause_largest_first() {
        let mut a = report(27, [80.0; 5]);
        a.cold_by_cause.first = 1;
        a.cold_by_cause.scale_out = 18;
        a.cold_by_cause.keep_alive_expired = 8;
        let mut b = report(17, [80.0; 5]);
        b.cold_by_cause.first = 1;
        b.cold_by_cause.scale_out = 12;
        b.cold_by_cause.keep_alive_expired = 4;
        let e = explain(&a, &b);
        let got: Vec<_> = e.causes.iter().map(|c| (c.cause, c.count.delta)).collect();
        assert_eq!(
            got,
            [
                (ColdCause::ScaleOut, -6),
                (ColdCause::KeepAliveExpired, -4),
                (ColdCause::First, 0),
                (ColdCause::LifetimeExpired, 0),
                (ColdCause::Reset, 0),
                (ColdCause::Deploy, 0)
            ]
        );
        let total: i64 = e.causes.iter().map(|c| c.count.delta).sum();
        assert_eq!(
            total, e.cold_starts.delta,
            "the causes account for the whole change"
        );
    }

    #[test]
    fn explain_reports_throttles_errors_and_cost_as_other_minus_base() {
        let mut a = report(5, [1.0; 5]);
        a.throttled = 3;
        a.errors = 7;
        a.dropped = 1;
        a.cost_usd.total = 0.25;
        let mut b = a.clone();
        b.throttled = 10;
        b.errors = 2;
        b.cost_usd.total = 0.20;
        let e = explain(&a, &b);
        assert_eq!(
            (e.throttles.base, e.throttles.other, e.throttles.delta),
            (3, 10, 7)
        );
        assert_eq!(e.errors.delta, -5);
        assert_eq!(e.dropped.delta, 0);
        assert!((e.cost_usd.delta + 0.05).abs() < 1e-12);
        let same = explain(&a, &a);
        assert!(same.phases.iter().all(|p| p.median_ms.delta == 0.0));
        assert_eq!(same.cold_starts.delta, 0);
    }

    #[test]
    fn profile_ranks_causes_and_phases_and_drops_empty_causes() {
        let mut r = report(20, [80.0, 12.0, 135.0, 400.0, 40.0]);
        r.cold_by_cause.first = 1;
        r.cold_by_cause.scale_out = 4;
        r.cold_by_cause.keep_alive_expired = 15;
        let p = profile(&r);
        let causes: Vec<_> = p.causes.iter().map(|c| (c.cause, c.count)).collect();
        assert_eq!(
            causes,
            [
                (ColdCause::KeepAliveExpired, 15),
                (ColdCause::ScaleOut, 4),
                (ColdCause::First, 1)
            ]
        );
        assert_eq!(p.phases[0].phase, ColdStartPhase::Init);
        assert_eq!(p.phases[1].phase, ColdStartPhase::Bootstrap);
        assert_eq!(
            p.phases.last().map(|x| x.phase),
            Some(ColdStartPhase::CodeFetch)
        );
        assert!(profile(&report(0, [0.0; 5])).phases.is_empty());
    }
}
