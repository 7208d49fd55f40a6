//! The packaging planner: the scenario's function shipped as a zip, as a container image and as
//! a zip with SnapStart, against one target — which is cheapest while meeting it.
//!
//! The zip and the image hold the same code: the one the scenario does not use is its twin
//! ([`crate::twin::twin`]: a zip's image is the runtime's base image plus the code; an image's
//! zip is its own layers, and does not exist past the 250 MB unzipped limit). SnapStart is the
//! zip variant with the scenario's SnapStart settings, or the defaults, where AWS allows it
//! (Java, Python and managed .NET; never with provisioned concurrency or an image). A variant
//! that cannot exist is kept with the reason, from validation.

use super::{Measure, Target, Variation, check_budget};
use crate::error::ScenarioError;
use crate::package::Package;
use crate::report::Report;
use crate::scenario::{Scenario, SnapStart, SnapshotCacheWarmup};
use serde::{Deserialize, Serialize};

/// A way to ship the function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Packaging {
    /// A zip package.
    Zip,
    /// A container image.
    Image,
    /// A zip package with SnapStart.
    Snapstart,
}

impl Packaging {
    /// All, in the order the plan lists them.
    pub const ALL: [Packaging; 3] = [Packaging::Zip, Packaging::Image, Packaging::Snapstart];

    /// Machine name, as in CSV files.
    pub fn name(self) -> &'static str {
        match self {
            Packaging::Zip => "zip",
            Packaging::Image => "image",
            Packaging::Snapstart => "snapstart",
        }
    }
}

/// One packaging, simulated or refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackagingOption {
    /// Which.
    pub packaging: Packaging,
    /// The package (`None` when it cannot exist).
    pub package: Option<Package>,
    /// Why it cannot exist (limits, runtime support), from validation.
    pub refused: Option<String>,
    /// The run's figures, when it ran.
    pub result: Option<PackagingResult>,
}

/// A simulated packaging's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackagingResult {
    /// The target's metric.
    pub metric: f64,
    /// Whether it meets the target.
    pub meets: bool,
    /// Cold starts per started invocation.
    pub cold_share: f64,
    /// Median cold-start latency, ms (`None` without cold starts).
    pub cold_p50_ms: Option<f64>,
    /// p99 of all completed requests, ms (`None` below 100).
    pub all_p99_ms: Option<f64>,
    /// The run's cost, USD.
    pub run_cost_usd: f64,
    /// The cost of a 30-day month ([`super::monthly_usd`]), USD.
    pub monthly_usd: f64,
}

/// The packaging decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackagingPlan {
    /// What a packaging must achieve.
    pub target: Target,
    /// Zip, image, SnapStart, in that order.
    pub options: Vec<PackagingOption>,
    /// The cheapest packaging that meets the target (ties: the first listed).
    pub cheapest_meeting: Option<Packaging>,
    /// The packaging with the best target metric (ties: the first listed).
    pub best_metric: Option<Packaging>,
    /// Where the same code shipped as an image starts as fast as the zip, on the init-cost
    /// model's size sweep (`None` when the sweep is refused).
    #[serde(default)]
    pub crossover: Option<Crossover>,
}

/// The zip/image crossover on the size sweep ([`crate::sweep`]: init cost alone, no engine
/// runs): at which code size the same code as an image (the runtime's base image plus the code)
/// starts a cold start at least as fast as the zip, at the median.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crossover {
    /// The smallest swept code size, MB, where the image's median init cost is at most the
    /// zip's, or where a zip can no longer exist; `None`: the zip is faster at every size.
    pub image_from_mb: Option<f64>,
    /// Whether that size is where the zip stops existing (past 250 MB unzipped) rather than
    /// where the image becomes faster.
    pub at_zip_limit: bool,
    /// The function's own code size, MB (a zip's unzipped size; `None` for an image).
    pub this_mb: Option<f64>,
}

/// The crossover of `scenario`'s function on the default sweep sizes.
pub fn crossover(scenario: &Scenario) -> Result<Crossover, ScenarioError> {
    use crate::sweep::{self, SweepConfig, SweepSeries};
    let config = SweepConfig {
        series: vec![SweepSeries::Zip, SweepSeries::Image],
        ..SweepConfig::default()
    };
    let points = sweep::sweep(scenario, &sweep::default_sizes_mb(), &config)?;
    let at = |series: SweepSeries, size: f64| {
        points
            .iter()
            .find(|p| p.series == series && p.size_mb == size)
    };
    let mut found = None;
    for size in sweep::default_sizes_mb() {
        let (Some(zip), Some(image)) = (at(SweepSeries::Zip, size), at(SweepSeries::Image, size))
        else {
            continue;
        };
        match (zip.p50_ms, image.p50_ms) {
            (None, _) => {
                found = Some((size, true));
                break;
            }
            (Some(z), Some(i)) if i <= z => {
                found = Some((size, false));
                break;
            }
            _ => {}
        }
    }
    Ok(Crossover {
        image_from_mb: found.map(|(size, _)| size),
        at_zip_limit: found.is_some_and(|(_, limit)| limit),
        this_mb: match &scenario.package {
            Package::Zip { unzipped_mb, .. } => Some(*unzipped_mb),
            Package::Image { .. } => None,
        },
    })
}

/// Simulates the scenario's function as a zip, an image and with SnapStart, with common random
/// numbers, and picks the cheapest that meets `target`.
pub fn packaging<R>(
    scenario: &Scenario,
    target: Target,
    runner: &mut R,
) -> Result<PackagingPlan, ScenarioError>
where
    R: FnMut(&[Scenario]) -> Result<Vec<Report>, ScenarioError>,
{
    super::drive(Search::new(scenario, target)?, runner)
}

/// The packaging decision as a state machine: one batch, the packagings that can exist.
#[derive(Debug, Clone)]
pub(super) struct Search {
    /// The scenario every packaging varies.
    scenario: Scenario,
    target: Target,
    /// Each packaging, as a scenario or the reason it cannot exist.
    variants: Vec<(Packaging, Result<Scenario, ScenarioError>)>,
    /// The runs' measures, in the order of the runnable variants, once accepted.
    measures: Option<Vec<Measure>>,
}

impl Search {
    pub(super) fn new(scenario: &Scenario, target: Target) -> Result<Search, ScenarioError> {
        target.validate()?;
        crate::validate(scenario)?;
        let variants: Vec<(Packaging, Result<Scenario, ScenarioError>)> = Packaging::ALL
            .iter()
            .map(|&p| (p, variant(scenario, p)))
            .collect();
        let search = Search {
            scenario: scenario.clone(),
            target,
            variants,
            measures: None,
        };
        let worst = (search.runnable())
            .map(|s| crate::validation::estimate(s).events)
            .fold(0.0, f64::max);
        check_budget("packaging", search.runnable().count(), worst)?;
        Ok(search)
    }

    fn runnable(&self) -> impl Iterator<Item = &Scenario> {
        self.variants.iter().filter_map(|(_, v)| v.as_ref().ok())
    }
}

impl super::Search for Search {
    type Plan = PackagingPlan;

    fn base(&self) -> &Scenario {
        &self.scenario
    }

    fn next(&mut self) -> Result<Option<Vec<Variation>>, ScenarioError> {
        Ok(self.measures.is_none().then(|| {
            (self.runnable())
                .map(|s| Variation::Packaging {
                    package: s.package.clone(),
                    snapstart: s.snapstart.clone(),
                })
                .collect()
        }))
    }

    fn accept(&mut self, measures: &[Measure]) -> Result<(), ScenarioError> {
        super::expect_len(measures, self.runnable().count())?;
        for m in measures {
            self.target.measure_or_refuse(m)?;
        }
        self.measures = Some(measures.to_vec());
        Ok(())
    }

    fn remaining(&self) -> super::Remaining {
        match self.measures {
            Some(_) => super::Remaining::NONE,
            None => super::Remaining {
                batches: 1,
                runs: self.runnable().count(),
            },
        }
    }

    fn finish(self) -> Result<PackagingPlan, ScenarioError> {
        let target = self.target;
        let mut measures = self.measures.ok_or_else(super::unfinished)?.into_iter();
        let mut options = Vec::with_capacity(self.variants.len());
        for (packaging, v) in self.variants {
            options.push(match v {
                Err(e) => PackagingOption {
                    packaging,
                    package: None,
                    refused: Some(e.to_string()),
                    result: None,
                },
                Ok(s) => {
                    let m = measures.next().ok_or_else(super::unfinished)?;
                    let metric = target.measure_or_refuse(&m)?;
                    PackagingOption {
                        packaging,
                        package: Some(s.package),
                        refused: None,
                        result: Some(PackagingResult {
                            metric,
                            meets: target.met_by(metric),
                            cold_share: m.cold_share,
                            cold_p50_ms: m.cold_p50_ms,
                            all_p99_ms: m.all_p99_ms,
                            run_cost_usd: m.run_cost_usd,
                            monthly_usd: m.monthly_usd,
                        }),
                    }
                }
            });
        }
        let least = |value: &dyn Fn(&PackagingResult) -> Option<f64>| {
            let mut best: Option<(f64, Packaging)> = None;
            for o in &options {
                if let Some(v) = o.result.as_ref().and_then(value)
                    && best.is_none_or(|(b, _)| v < b)
                {
                    best = Some((v, o.packaging));
                }
            }
            best.map(|(_, p)| p)
        };
        Ok(PackagingPlan {
            target,
            cheapest_meeting: least(&|r| r.meets.then_some(r.monthly_usd)),
            best_metric: least(&|r| Some(r.metric)),
            options,
            crossover: crossover(&self.scenario).ok(),
        })
    }
}

/// The scenario shipped as `p`, validated; an error says why it cannot be.
fn variant(scenario: &Scenario, p: Packaging) -> Result<Scenario, ScenarioError> {
    let is_zip = matches!(scenario.package, Package::Zip { .. });
    // The zip is built only for the options that need it: an image past the zip limits has no
    // zip twin, and that must not refuse the image itself.
    let zip = || -> Result<Scenario, ScenarioError> {
        let mut zip = if is_zip {
            scenario.clone()
        } else {
            crate::twin::twin(scenario)?
        };
        zip.snapstart = None;
        Ok(zip)
    };
    let mut out = match p {
        Packaging::Zip => zip()?,
        Packaging::Image if !is_zip => scenario.clone(),
        Packaging::Image => crate::twin::twin(scenario)?,
        Packaging::Snapstart => {
            let mut zip = zip()?;
            zip.snapstart = Some(scenario.snapstart.clone().unwrap_or_else(default_snapstart));
            zip
        }
    };
    out.name = scenario.name.clone();
    crate::validate(&out)?;
    Ok(out)
}

/// SnapStart with the model's defaults, on a version live for a while (steady state).
fn default_snapstart() -> SnapStart {
    SnapStart {
        restore_ms: None,
        after_restore_hook_ms: crate::Dist::zero(),
        runtime_load_share: crate::defaults::SNAPSTART_RUNTIME_LOAD_SHARE,
        just_published: false,
        snapshot_cache: SnapshotCacheWarmup::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Search as _;

    /// The worker rebuilds each packaging from the base and its variation: it must be the
    /// scenario the planner validated, for a zip (whose twin is an image) and an image.
    #[test]
    fn variations_rebuild_each_packaging_exactly() {
        let zip = Scenario::from_json(
            r#"{"name": "z", "duration_s": 10, "workload": {"kind": "poisson", "rate_per_s": 2},
                "function": {"runtime": "java", "memory_mb": 1024,
                             "handler_ms": {"dist": "constant", "value": 20}},
                "package": {"type": "zip", "zipped_mb": 5, "unzipped_mb": 15}}"#,
        )
        .expect("parses");
        let image = crate::twin::twin(&zip).expect("an image twin");
        for s in [zip, image] {
            let mut search = Search::new(&s, Target::ColdShare { max: 0.1 }).expect("plans");
            let variations = search.next().expect("no error").expect("a batch");
            let rebuilt: Vec<Scenario> = variations.iter().map(|v| v.apply(&s)).collect();
            let want: Vec<Scenario> = search.runnable().cloned().collect();
            assert_eq!(rebuilt, want);
            assert_eq!(rebuilt.len(), 3, "zip, image and SnapStart for Java");
        }
    }
}
