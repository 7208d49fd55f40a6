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
pub use zip::{fetch_ms as zip_fetch_ms, fetch_ms_per_zipped_mb as zip_fetch_ms_per_zipped_mb};

use crate::defaults as d;
use crate::dist::{Dist, Sampler};
use crate::error::ScenarioError;
use crate::package::{Package, image_base_mb};
use crate::rng::SimRng;
use crate::scenario::Scenario;
use crate::time::Micros;
use rand::{Rng, SeedableRng};
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
    /// How the environment started, which decides what counts toward the Init limit and what
    /// is billed.
    pub kind: StartKind,
}

/// How a cold start brings the function up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StartKind {
    /// A zip is downloaded and extracted before the runtime starts: its fetch is outside Init
    /// Duration, neither limited nor billed.
    #[default]
    Zip,
    /// An image's chunks load lazily as bootstrap and function init read files: the loading is
    /// part of Init, counts toward the 10 s Init limit and is billed as Init (AWS reports image
    /// loading in Init Duration).
    Image,
    /// SnapStart: a snapshot restore (reported in `bootstrap`, of which `runtime_load` is the
    /// runtime loading at its end), then the `afterRestore` hooks. AWS bills the runtime load
    /// and the hooks as Billed Restore Duration; restoring the snapshot is not billed as
    /// duration (Python and .NET pay per GB restored instead, see `cost`).
    SnapStart {
        /// The billed runtime-loading part of the restore.
        runtime_load: Micros,
    },
}

impl InitPhases {
    /// The part of an Init that ran for `ran` (in order: an image's loading, bootstrap or
    /// restore, function init or hooks) that AWS bills as Init (or Billed Restore Duration).
    pub fn billed_of(&self, ran: Micros) -> Micros {
        match self.kind {
            StartKind::Zip | StartKind::Image => ran,
            StartKind::SnapStart { runtime_load } => {
                // Restoring the snapshot comes first and is not billed.
                ran.saturating_sub(self.bootstrap.saturating_sub(runtime_load))
            }
        }
    }
}

impl InitPhases {
    /// Sum of the three phases.
    pub fn total(&self) -> Micros {
        self.code_fetch + self.bootstrap + self.init
    }

    /// The part that happens before Init begins: a zip's fetch, nothing for an image.
    pub fn before_init(&self) -> Micros {
        match self.kind {
            StartKind::Zip => self.code_fetch,
            StartKind::Image | StartKind::SnapStart { .. } => Micros::ZERO,
        }
    }

    /// What Init Duration reports: bootstrap and function init, plus an image's loading.
    pub fn init_duration(&self) -> Micros {
        self.total() - self.before_init()
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
    Restore {
        restore: Sampler,
        hook: Sampler,
        cache: SnapshotCache,
        runtime_load_share: f64,
    },
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
                    cache: SnapshotCache::new(&snap.snapshot_cache, snap.just_published),
                    runtime_load_share: snap.runtime_load_share,
                },
            });
        }

        crate::scenario::fields::INIT_CPU_BOUND.check(f.init_cpu_bound)?;
        limits::validate_dist(&crate::scenario::fields::INIT_MS, &f.init_ms)?;
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
                d::zip_mean_file_kib(f.runtime),
            ))),
            Package::Image {
                image_mb,
                base_mb,
                read_at_init,
                shared_fraction,
                just_deployed,
                cache,
            } => CodeFetch::Image(ImageLoader::new(
                read_at_init.mb(image_mb - image_base_mb(*image_mb, *base_mb, f.runtime)),
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

    /// A new version goes live at `now`: an image's changed chunks (`image_changed_fraction` of
    /// its own init working set) are in no cache, and a SnapStart version's snapshot cache is
    /// cold again (its first restores pay the warm-up of `snapstart.snapshot_cache`). A zip's
    /// fetch has no cache state in this model, so a zip is fetched as before.
    pub fn deploy(&mut self, now: Micros, image_changed_fraction: f64) {
        if let CodeFetch::Image(loader) = &mut self.fetch {
            loader.deploy(now, image_changed_fraction);
        }
        if let Start::Restore { cache, .. } = &mut self.start {
            cache.publish();
        }
    }

    /// Phases of one cold start beginning at `now`. Mutates cache state (an image's chunks warm
    /// the local and AZ caches), so call it once per cold start, in simulated-time order.
    ///
    /// Takes exactly two draws from `rng`, whatever the package, to seed one generator for the
    /// code fetch and one for bootstrap and init: the fetch of an image consumes a variable
    /// number of draws, and without the split it would shift the bootstrap and init draws, so
    /// variants and sweep points would no longer share random numbers.
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    pub fn cold_start<R: Rng + ?Sized>(&mut self, now: Micros, rng: &mut R) -> InitPhases {
        let mut fetch_rng = SimRng::seed_from_u64(rng.next_u64());
        let mut start_rng = SimRng::seed_from_u64(rng.next_u64());
        let (code_fetch, fetched_kind) = match &mut self.fetch {
            CodeFetch::Zip(t) => (*t, StartKind::Zip),
            CodeFetch::Image(loader) => (loader.load(now, &mut fetch_rng).0, StartKind::Image),
            CodeFetch::Snapshot => (Micros::ZERO, StartKind::Zip),
        };
        let r = &mut start_rng;
        let (bootstrap, init, kind) = match &mut self.start {
            Start::Boot { bootstrap, init } => {
                (bootstrap.sample(r), init.sample_ms(r), fetched_kind)
            }
            Start::Restore {
                restore,
                hook,
                cache,
                runtime_load_share,
            } => {
                let restore_ms = restore.sample(r);
                let kind = StartKind::SnapStart {
                    runtime_load: Micros::from_ms_f64(restore_ms * *runtime_load_share),
                };
                (restore_ms + cache.next_extra_ms(), hook.sample(r), kind)
            }
        };
        InitPhases {
            code_fetch,
            bootstrap: Micros::from_ms_f64(bootstrap),
            init: Micros::from_ms_f64(init),
            kind,
        }
    }
}

/// The tiered cache of a version's snapshot: the first restores after the version is published
/// read the snapshot from colder tiers and are slower; the extra time decays as restores warm
/// the caches (Kazulkin, Java 21: ~2.27 s first cold start against ~1.7 s after a few dozen).
/// Deterministic: the k-th restore of the run pays `first_extra_ms × exp(−k / decay_restores)`.
#[derive(Debug, Clone)]
struct SnapshotCache {
    /// The extra time of the current version's first restore (0 for a version in steady state).
    first_extra_ms: f64,
    /// The configured extra time of a just-published version's first restore.
    published_extra_ms: f64,
    decay_restores: f64,
    restores: u64,
}

impl SnapshotCache {
    /// A version live for a while has a warm cache: only a just-published one warms up.
    fn new(c: &crate::scenario::SnapshotCacheWarmup, just_published: bool) -> SnapshotCache {
        SnapshotCache {
            first_extra_ms: if just_published {
                c.first_extra_ms
            } else {
                0.0
            },
            published_extra_ms: c.first_extra_ms,
            decay_restores: c.decay_restores,
            restores: 0,
        }
    }

    /// A new version is published: its snapshot is in no cache tier yet.
    fn publish(&mut self) {
        self.first_extra_ms = self.published_extra_ms;
        self.restores = 0;
    }

    fn next_extra_ms(&mut self) -> f64 {
        let k = self.restores as f64;
        self.restores += 1;
        if self.first_extra_ms == 0.0 || self.decay_restores <= 0.0 {
            return 0.0;
        }
        self.first_extra_ms * (-k / self.decay_restores).exp()
    }
}

fn sampler(path: &str, dist: &Dist) -> Result<Sampler, ScenarioError> {
    Sampler::new(dist).map_err(|e| ScenarioError::invalid(path, format!("{dist:?}"), e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::ReadAtInit;
    use crate::scenario::{Runtime, SnapStart};
    use rand::SeedableRng;
    use rand_pcg::Pcg64;

    fn scenario(runtime: Runtime, memory_mb: u32, package: Package) -> Scenario {
        let mut s = Scenario::from_json(
            r#"{"duration_s": 60, "workload": {"kind": "poisson", "rate_per_s": 1},
                "function": {"runtime": "java", "memory_mb": 1769,
                             "handler_ms": {"dist": "constant", "value": 10},
                             "init_ms": {"dist": "constant", "value": 1000},
                             "init_cpu_bound": 1.0},
                "package": {"type": "zip", "zipped_mb": 1, "unzipped_mb": 3}}"#,
        )
        .expect("test scenario parses");
        s.function.runtime = runtime;
        s.function.memory_mb = memory_mb;
        s.package = package;
        s
    }

    fn starts(s: &Scenario, n: u64) -> Vec<InitPhases> {
        let mut m = InitCostModel::new(s).expect("valid");
        let mut rng = Pcg64::seed_from_u64(1);
        (0..n)
            .map(|i| m.cold_start(Micros::from_secs(60 * i), &mut rng))
            .collect()
    }

    fn median(mut v: Vec<Micros>) -> Micros {
        v.sort_unstable();
        v[v.len() / 2]
    }

    #[test]
    fn zip_phases_hand_computed() {
        // Default rates: 10 ms + 10 MB zipped at 300 MB/s + 30 MB at 1,000 MB/s + 30 one-MiB
        // Java files at 25 µs; CPU-bound 1 s init at half a vCPU.
        let s = scenario(Runtime::Java, 1769 / 2, Package::zip(10.0, 30.0));
        let p = starts(&s, 1)[0];
        assert_eq!(
            p.code_fetch,
            Micros::from_ms_f64(10.0 + 10.0 / 300.0 * 1e3 + 30.0 + 30.0 * 0.025)
        );
        assert_eq!(p.init, Micros::from_ms_f64(1000.0 * 1769.0 / 884.0));
        assert!(p.bootstrap > Micros::ZERO);
    }

    #[test]
    fn bootstrap_medians_follow_the_runtime_table() {
        for (runtime, image) in [(Runtime::Provided, false), (Runtime::Java, true)] {
            let pkg = if image {
                Package::image(100.0)
            } else {
                Package::zip(1.0, 3.0)
            };
            let m = median(
                starts(&scenario(runtime, 1769, pkg), 2001)
                    .iter()
                    .map(|p| p.bootstrap)
                    .collect(),
            );
            let (p50, _) = d::bootstrap_p50_p90_ms(runtime, image);
            assert!(
                (m.as_ms_f64() / p50 - 1.0).abs() < 0.05,
                "{runtime:?}: {m:?} vs {p50}"
            );
        }
    }

    #[test]
    fn snapstart_restore_replaces_fetch_bootstrap_and_init() {
        let mut s = scenario(Runtime::Java, 1769, Package::zip(40.0, 120.0));
        s.snapstart = Some(SnapStart {
            restore_ms: Some(Dist::constant(150.0)),
            after_restore_hook_ms: Dist::constant(20.0),
            runtime_load_share: 0.5,
            just_published: false,
            snapshot_cache: crate::scenario::SnapshotCacheWarmup {
                first_extra_ms: 0.0,
                decay_restores: 0.0,
            },
        });
        let p = starts(&s, 1)[0];
        assert_eq!(
            p,
            InitPhases {
                code_fetch: Micros::ZERO,
                bootstrap: Micros::from_ms(150),
                init: Micros::from_ms(20),
                kind: StartKind::SnapStart {
                    runtime_load: Micros::from_ms(75),
                },
            }
        );
        // Without SnapStart the same function pays fetch + bootstrap + its 1 s init.
        s.snapstart = None;
        let p = starts(&s, 1)[0];
        assert!(
            p.code_fetch > Micros::ZERO && p.bootstrap > Micros::ZERO,
            "{p:?}"
        );
        assert_eq!(p.init, Micros::from_ms(1_000));
    }

    #[test]
    fn snapstart_default_restore_is_the_runtime_default() {
        let mut s = scenario(Runtime::Python, 1769, Package::zip(1.0, 3.0));
        s.snapstart = Some(SnapStart {
            restore_ms: None,
            after_restore_hook_ms: Dist::zero(),
            runtime_load_share: 0.5,
            just_published: false,
            snapshot_cache: crate::scenario::SnapshotCacheWarmup {
                first_extra_ms: 0.0,
                decay_restores: 0.0,
            },
        });
        let m = median(starts(&s, 2001).iter().map(|p| p.bootstrap).collect());
        let (restore_p50, _) = d::snapstart_restore_ms(Runtime::Python).expect("supported");
        assert!((m.as_ms_f64() / restore_p50 - 1.0).abs() < 0.05, "{m:?}");
    }

    fn image(image_mb: f64, read: ReadAtInit) -> Package {
        let Package::Image { cache, .. } = Package::image(image_mb) else {
            unreachable!()
        };
        Package::Image {
            image_mb,
            base_mb: Some(0.0),
            read_at_init: read,
            shared_fraction: 0.0,
            just_deployed: false,
            cache,
        }
    }

    #[test]
    fn unread_image_bytes_cost_nothing() {
        // Shilkov: minimal image 0.79 s, +100 MB 0.87 s, +5 GB 0.82 s — lazy loading hides size.
        let small = scenario(Runtime::Nodejs, 1024, image(100.0, ReadAtInit::Mb(30.0)));
        let huge = scenario(Runtime::Nodejs, 1024, image(5_120.0, ReadAtInit::Mb(30.0)));
        assert_eq!(starts(&small, 50), starts(&huge, 50));
    }

    #[test]
    fn a_huge_image_reading_little_starts_about_as_fast_as_a_zip() {
        let zip = scenario(Runtime::Python, 1024, Package::zip(10.0, 30.0));
        let img = scenario(Runtime::Python, 1024, image(10_240.0, ReadAtInit::Mb(30.0)));
        let total = |s: &Scenario| median(starts(s, 501).iter().map(InitPhases::total).collect());
        let (z, i) = (total(&zip).as_ms_f64(), total(&img).as_ms_f64());
        assert!(
            (i / z - 1.0).abs() < 0.5,
            "zip {z} ms vs 10 GB image {i} ms"
        );
    }

    #[test]
    fn an_image_loading_gigabytes_at_init_is_far_slower() {
        let lazy = scenario(Runtime::Python, 3008, image(10_240.0, ReadAtInit::Mb(30.0)));
        let eager = scenario(
            Runtime::Python,
            3008,
            image(10_240.0, ReadAtInit::Mb(6_000.0)),
        );
        let fetch = |s: &Scenario| median(starts(s, 101).iter().map(|p| p.code_fetch).collect());
        let (l, e) = (fetch(&lazy), fetch(&eager));
        assert!(
            e.as_ms_f64() > 50.0 * l.as_ms_f64(),
            "lazy {l:?} vs eager {e:?}"
        );
        assert!(
            e > Micros::from_secs(10),
            "6 GB at init exceeds the 10 s init limit: {e:?}"
        );
    }

    #[test]
    fn the_first_cold_start_after_a_deploy_is_the_slowest() {
        let Package::Image { cache, .. } = Package::image(1.0) else {
            unreachable!()
        };
        let s = scenario(
            Runtime::Python,
            1024,
            Package::Image {
                image_mb: 1_024.0,
                base_mb: None,
                read_at_init: ReadAtInit::Mb(200.0),
                shared_fraction: 0.0,
                just_deployed: true,
                cache,
            },
        );
        let fetches: Vec<Micros> = starts(&s, 20).iter().map(|p| p.code_fetch).collect();
        assert!(
            fetches[1..].iter().all(|f| f.0 * 2 < fetches[0].0),
            "{fetches:?}"
        );
    }
}
