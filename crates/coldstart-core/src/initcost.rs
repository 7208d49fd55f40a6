//! Init cost of a cold start: code fetch (zip or image), runtime bootstrap, function init — or,
//! with SnapStart, a snapshot restore and its `afterRestore` hooks instead.
//!
//! One [`InitCostModel`] lives for a whole run and carries the state that makes cold starts
//! depend on each other: which caches already hold an image's chunks. The formulas, their
//! defaults and the sources behind them are in docs/init-cost-models.md.

mod image;
mod limits;
mod runtime;
mod zip;

pub use image::{ImageLoader, TierCounts};
pub use limits::validate_packaging;
pub use runtime::{bootstrap_dist, init_cpu_factor, vcpus};
pub use zip::fetch_ms as zip_fetch_ms;

use crate::defaults as d;
use crate::dist::{Dist, Sampler};
use crate::error::ScenarioError;
use crate::package::Package;
use crate::scenario::Scenario;
use crate::time::Micros;
use rand::Rng;
use runtime::FunctionInit;

/// The init-cost phases of one cold start. The engine adds the microVM phase and the handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InitPhases {
    /// Code fetch: zip download + extraction, or image chunks read during init. Zero with
    /// SnapStart: the snapshot restore replaces it.
    pub code_fetch: Micros,
    /// Runtime bootstrap (extensions + runtime), or SnapStart restore.
    pub bootstrap: Micros,
    /// Function init (code outside the handler), already scaled by the CPU share; with
    /// SnapStart the `afterRestore` hooks.
    pub init: Micros,
}

impl InitPhases {
    /// Sum of the three phases.
    pub fn total(&self) -> Micros {
        self.code_fetch + self.bootstrap + self.init
    }
}

/// How the code reaches the environment.
#[derive(Debug, Clone)]
enum CodeFetch {
    /// A zip is downloaded and extracted: a fixed time for a given package.
    Zip(Micros),
    /// An image is loaded lazily; the loader keeps the cache state.
    Image(ImageLoader),
    /// SnapStart: the snapshot restore brings code and memory at once.
    Snapshot,
}

/// What runs once the code is there.
#[derive(Debug, Clone)]
enum Start {
    /// Runtime bootstrap, then function init.
    Boot {
        bootstrap: Sampler,
        init: FunctionInit,
    },
    /// SnapStart: restore the snapshot taken after init at publish time, then run the hooks.
    Restore { restore: Sampler, hook: Sampler },
}

/// The init-cost model of one function, with the cache state that persists across its cold starts.
#[derive(Debug, Clone)]
pub struct InitCostModel {
    fetch: CodeFetch,
    start: Start,
}

impl InitCostModel {
    /// Built once per run from a scenario; validates the packaging first.
    pub fn new(scenario: &Scenario) -> Result<InitCostModel, ScenarioError> {
        validate_packaging(scenario)?;
        let f = &scenario.function;
        let is_image = matches!(scenario.package, Package::Image { .. });

        if let Some(snap) = &scenario.snapstart {
            let default_restore =
                d::snapstart_restore_ms(f.runtime).map(|(median, ratio)| Dist::LogNormal {
                    median,
                    p99_over_p50: ratio,
                });
            // validate_packaging has refused SnapStart on runtimes without a default restore.
            let restore = snap
                .restore_ms
                .clone()
                .or(default_restore)
                .unwrap_or_else(Dist::zero);
            return Ok(InitCostModel {
                fetch: CodeFetch::Snapshot,
                start: Start::Restore {
                    restore: sampler("snapstart.restore_ms", &restore)?,
                    hook: sampler(
                        "snapstart.after_restore_hook_ms",
                        &snap.after_restore_hook_ms,
                    )?,
                },
            });
        }

        if !(0.0..=1.0).contains(&f.init_cpu_bound) {
            return Err(ScenarioError::invalid(
                "function.init_cpu_bound",
                f.init_cpu_bound,
                "must be between 0 and 1",
            ));
        }
        limits::validate_dist("function.init_ms", &f.init_ms)?;
        let fetch = match &scenario.package {
            Package::Zip {
                zipped_mb,
                unzipped_mb,
                layers,
                fetch,
                ..
            } => CodeFetch::Zip(Micros::from_ms_f64(zip::fetch_ms(
                *zipped_mb,
                *unzipped_mb,
                *layers,
                fetch,
            ))),
            Package::Image {
                image_mb,
                read_at_init,
                shared_fraction,
                just_deployed,
                cache,
            } => CodeFetch::Image(ImageLoader::new(
                read_at_init.mb(*image_mb),
                *shared_fraction,
                *just_deployed,
                cache,
            )),
        };
        Ok(InitCostModel {
            fetch,
            start: Start::Boot {
                bootstrap: sampler("function.runtime", &bootstrap_dist(f.runtime, is_image))?,
                init: FunctionInit::new(
                    sampler("function.init_ms", &f.init_ms)?,
                    init_cpu_factor(f.memory_mb, f.init_cpu_bound),
                ),
            },
        })
    }

    /// Phases of one cold start beginning at `now`. Mutates cache state (an image's chunks warm
    /// the local and AZ caches), so call it once per cold start, in simulated-time order.
    pub fn cold_start<R: Rng + ?Sized>(&mut self, now: Micros, rng: &mut R) -> InitPhases {
        let code_fetch = match &mut self.fetch {
            CodeFetch::Zip(t) => *t,
            CodeFetch::Image(loader) => loader.load(now, rng).0,
            CodeFetch::Snapshot => Micros::ZERO,
        };
        let (bootstrap, init) = match &self.start {
            Start::Boot { bootstrap, init } => (bootstrap.sample(rng), init.sample_ms(rng)),
            Start::Restore { restore, hook } => (restore.sample(rng), hook.sample(rng)),
        };
        InitPhases {
            code_fetch,
            bootstrap: Micros::from_ms_f64(bootstrap),
            init: Micros::from_ms_f64(init),
        }
    }
}

fn sampler(path: &str, dist: &Dist) -> Result<Sampler, ScenarioError> {
    Sampler::new(dist).map_err(|e| ScenarioError::invalid(path, format!("{dist:?}"), e))
}
