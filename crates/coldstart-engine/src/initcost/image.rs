//! Container images after Brooker et al., "On-demand Container Loading in AWS Lambda" (USENIX
//! ATC'23): the image is a flattened block device cut into fixed-size chunks that load lazily on
//! first read, deduplicated across functions, from a worker-local cache, an availability-zone
//! cache or the S3 origin.
//!
//! Init reads the same chunks at every cold start (the same code imports the same files), so the
//! model tracks cache state per tier for that working set rather than per chunk: which workers
//! hold it locally, and whether the AZ cache does. Chunks shared with popular base images are in
//! every cache from the start; the image's unique chunks are cold after a deploy and warm up as
//! cold starts fetch them. Tier choices are binomial draws over chunk counts, so one cold start
//! costs O(1) however large the image: the size sweep samples thousands of them per frame.

use crate::package::{ImageCache, TierCost};
use crate::time::Micros;
use rand::{Rng, RngExt};
use rand_distr::{Binomial, Distribution};

/// KiB per MB (sizes in MB are treated as MiB for chunking).
const KIB_PER_MB: f64 = 1_024.0;
/// Milliseconds per second.
const MS_PER_S: f64 = 1_000.0;
/// Trial counts whose binomial set-up one [`BinomialMemo`] keeps (direct-mapped by `n`): the
/// chunks that missed the local cache, the AZ draw's `n`, spread over a few hundred values
/// around their mean (±3 standard deviations of 11,674 chunks at a 67 % hit rate is ±150).
const MEMO_SLOTS: usize = 256;

/// Chunks fetched from each tier by one cold start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TierCounts {
    /// From the worker-local cache.
    pub local: u64,
    /// From the availability-zone cache.
    pub az: u64,
    /// From the S3 origin.
    pub origin: u64,
}

/// The lazy loader of one image and the cache state of its init working set.
#[derive(Debug, Clone)]
pub struct ImageLoader {
    cache: ImageCache,
    chunk_mb: f64,
    /// Chunks read at init that popular base images share: cached everywhere.
    shared_chunks: u64,
    /// The local-cache draw over the shared chunks (its `n` and `p` are fixed).
    shared_local: PreparedBinomial,
    /// The AZ-cache draws over the local misses, whose `n` varies from cold start to cold start.
    az_draws: BinomialMemo,
    /// Chunks read at init that only this image has, grouped by cache state: one group until a
    /// deploy changes some of them, which then form a new, cold group.
    groups: Vec<ChunkGroup>,
}

/// Unique chunks that entered the caches together.
#[derive(Debug, Clone)]
struct ChunkGroup {
    chunks: u64,
    /// The local-cache draw over these chunks, set up once for `chunks` (redone when a deploy
    /// changes them).
    local: PreparedBinomial,
    /// Per worker: when its local cache finished receiving these chunks (`None`: never).
    worker_warm_at: Vec<Option<Micros>>,
    /// When the AZ cache finished receiving them (`None`: not yet).
    az_warm_at: Option<Micros>,
}

impl ChunkGroup {
    fn new(chunks: u64, local_hit: f64, workers: usize, warm: Option<Micros>) -> ChunkGroup {
        ChunkGroup {
            chunks,
            local: PreparedBinomial::new(chunks, local_hit),
            worker_warm_at: vec![warm; workers],
            az_warm_at: warm,
        }
    }

    /// Whether every cache holds these chunks at `now` (they then read like any warm chunk).
    fn warm_everywhere(&self, now: Micros) -> bool {
        is_warm(self.az_warm_at, now) && self.worker_warm_at.iter().all(|&t| is_warm(t, now))
    }
}

impl ImageLoader {
    /// A loader for an image whose init reads `read_mb`, `shared_fraction` of it from popular
    /// base images. `just_deployed`: the unique chunks are in no cache yet; otherwise every cache
    /// is in steady state (the hit probabilities of `cache` apply from the first cold start).
    /// Parameters must have passed `validate_packaging`.
    pub fn new(
        read_mb: f64,
        shared_fraction: f64,
        just_deployed: bool,
        cache: &ImageCache,
    ) -> Self {
        let chunk_mb = f64::from(cache.chunk_kib) / KIB_PER_MB;
        let chunks = (read_mb / chunk_mb).ceil() as u64;
        let shared_chunks = ((chunks as f64) * shared_fraction).round() as u64;
        let warm = if just_deployed {
            None
        } else {
            Some(Micros::ZERO)
        };
        let workers = cache.workers.max(1) as usize;
        ImageLoader {
            cache: cache.clone(),
            chunk_mb,
            shared_chunks,
            shared_local: PreparedBinomial::new(shared_chunks, cache.local_hit),
            az_draws: BinomialMemo::new(cache.az_hit),
            groups: vec![ChunkGroup::new(
                chunks - shared_chunks.min(chunks),
                cache.local_hit,
                workers,
                warm,
            )],
        }
    }

    /// Chunks init reads, shared plus unique.
    pub fn chunks(&self) -> u64 {
        self.shared_chunks + self.groups.iter().map(|g| g.chunks).sum::<u64>()
    }

    /// A new version is deployed at `now`: `changed_fraction` of the unique chunks init reads
    /// (of every group alike) are new, in no cache yet; the rest keep their cache state. Groups
    /// that every cache already holds merge, so the groups stay few.
    pub fn deploy(&mut self, now: Micros, changed_fraction: f64) {
        let workers = self.worker_count();
        let local_hit = self.cache.local_hit;
        let mut changed = 0;
        for g in &mut self.groups {
            let m = ((g.chunks as f64) * changed_fraction).round() as u64;
            let m = m.min(g.chunks);
            g.chunks -= m;
            g.local = PreparedBinomial::new(g.chunks, local_hit);
            changed += m;
        }
        let (warm, mut groups): (Vec<ChunkGroup>, Vec<ChunkGroup>) =
            std::mem::take(&mut self.groups)
                .into_iter()
                .filter(|g| g.chunks > 0)
                .partition(|g| g.warm_everywhere(now));
        let warm_chunks: u64 = warm.iter().map(|g| g.chunks).sum();
        if warm_chunks > 0 {
            groups.insert(
                0,
                ChunkGroup::new(warm_chunks, local_hit, workers, Some(Micros::ZERO)),
            );
        }
        if changed > 0 {
            groups.push(ChunkGroup::new(changed, local_hit, workers, None));
        }
        self.groups = groups;
    }

    fn worker_count(&self) -> usize {
        self.cache.workers.max(1) as usize
    }

    /// Loads the init working set for a cold start at `now` and returns how long it took and
    /// where the chunks came from. Updates the cache state: the worker the environment landed on
    /// and the AZ cache hold the unique chunks from the end of this load on, so cold starts that
    /// begin before then (a burst) still miss.
    pub fn load<R: Rng + ?Sized>(&mut self, now: Micros, rng: &mut R) -> (Micros, TierCounts) {
        let worker = rng.random_range(0..self.worker_count());
        let mut counts = TierCounts::default();
        let az_draws = &mut self.az_draws;
        split(
            self.shared_chunks,
            Some(&self.shared_local),
            Some(&mut *az_draws),
            rng,
            &mut counts,
        );
        for g in &self.groups {
            let on_warm_worker = is_warm(g.worker_warm_at[worker], now);
            let az_holds = is_warm(g.az_warm_at, now);
            split(
                g.chunks,
                on_warm_worker.then_some(&g.local),
                az_holds.then_some(&mut *az_draws),
                rng,
                &mut counts,
            );
        }

        let c = &self.cache;
        let ms = self.tier_ms(counts.local, &c.local)
            + self.tier_ms(counts.az, &c.az)
            + self.tier_ms(counts.origin, &c.origin);
        let took = Micros::from_ms_f64(ms);

        let done = now + took;
        let earliest = |t: Option<Micros>| Some(t.map_or(done, |t| t.min(done)));
        for g in self.groups.iter_mut().filter(|g| g.chunks > 0) {
            g.worker_warm_at[worker] = earliest(g.worker_warm_at[worker]);
            g.az_warm_at = earliest(g.az_warm_at);
        }
        (took, counts)
    }

    /// Time to fetch `k` chunks from one tier, ms: the request latency is paid once per wave of
    /// `parallelism` requests, the bytes at the tier's throughput.
    fn tier_ms(&self, k: u64, tier: &TierCost) -> f64 {
        let parallelism = u64::from(self.cache.parallelism.max(1));
        let waves = k.div_ceil(parallelism) as f64;
        waves * tier.latency_ms + (k as f64) * self.chunk_mb / tier.throughput_mb_s * MS_PER_S
    }
}

/// Spreads `n` chunk reads over the tiers: local with the local hit probability if the worker
/// holds them (`local`, the draw set up for `n`), else the AZ cache with its hit probability if
/// it holds them (`az`), else S3.
fn split<R: Rng + ?Sized>(
    n: u64,
    local: Option<&PreparedBinomial>,
    az: Option<&mut BinomialMemo>,
    rng: &mut R,
    counts: &mut TierCounts,
) {
    let local = local.map_or(0, |d| d.sample(rng));
    let missed = n - local;
    let az = az.map_or(0, |d| d.sample(missed, rng));
    counts.local += local;
    counts.az += az;
    counts.origin += missed - az;
}

fn is_warm(warm_at: Option<Micros>, now: Micros) -> bool {
    warm_at.is_some_and(|t| t <= now)
}

/// A binomial distribution set up once, with the degenerate cases short-cut (and no panic on a
/// rounding-edge `p`). Why kept: `Binomial::new` costs about 140 instructions (BTPE's constants)
/// or 210 (BINV's `q^n`, a `powf`) against 75–560 for the draw itself, and a cold start of a
/// large image draws up to four times; the same distribution gives the same draws, so keeping it
/// changes no result.
#[derive(Debug, Clone, Copy)]
enum PreparedBinomial {
    /// Every draw is this (`n = 0`, `p ≤ 0` or `p ≥ 1`).
    Constant(u64),
    Draw(Binomial),
}

impl PreparedBinomial {
    fn new(n: u64, p: f64) -> PreparedBinomial {
        if n == 0 || p <= 0.0 {
            PreparedBinomial::Constant(0)
        } else if p >= 1.0 {
            PreparedBinomial::Constant(n)
        } else {
            Binomial::new(n, p).map_or(PreparedBinomial::Constant(0), PreparedBinomial::Draw)
        }
    }

    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        match self {
            PreparedBinomial::Constant(k) => *k,
            PreparedBinomial::Draw(b) => b.sample(rng),
        }
    }
}

/// Binomial draws at one probability whose trial count varies, each count's set-up kept in a
/// direct-mapped table of [`MEMO_SLOTS`] (a later count on the same slot replaces it). The AZ
/// draw's `n` (the local misses) takes a few hundred values over a run, so most cold starts find
/// their set-up done; the draws are those of a fresh `Binomial::new(n, p)`.
#[derive(Debug, Clone)]
struct BinomialMemo {
    p: f64,
    /// Per slot, the trial count set up there and its distribution (`None`: empty).
    slots: Vec<Option<(u64, PreparedBinomial)>>,
}

impl BinomialMemo {
    fn new(p: f64) -> BinomialMemo {
        BinomialMemo {
            p,
            slots: Vec::new(),
        }
    }

    fn sample<R: Rng + ?Sized>(&mut self, n: u64, rng: &mut R) -> u64 {
        if self.slots.is_empty() {
            self.slots = vec![None; MEMO_SLOTS];
        }
        let slot = &mut self.slots[(n % MEMO_SLOTS as u64) as usize];
        match slot {
            Some((m, d)) if *m == n => d.sample(rng),
            _ => {
                let d = PreparedBinomial::new(n, self.p);
                *slot = Some((n, d));
                d.sample(rng)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64;

    /// Local 0.1 ms / 1,000 MB/s, AZ 1 ms / 250 MB/s, S3 25 ms / 100 MB/s, 8 in flight.
    fn cache(local_hit: f64, az_hit: f64, workers: u32) -> ImageCache {
        ImageCache {
            chunk_kib: 512,
            parallelism: 8,
            workers,
            local_hit,
            az_hit,
            local: TierCost {
                latency_ms: 0.1,
                throughput_mb_s: 1_000.0,
            },
            az: TierCost {
                latency_ms: 1.0,
                throughput_mb_s: 250.0,
            },
            origin: TierCost {
                latency_ms: 25.0,
                throughput_mb_s: 100.0,
            },
        }
    }

    fn rng() -> Pcg64 {
        Pcg64::seed_from_u64(7)
    }

    #[test]
    fn all_local_hits_hand_computed() {
        // 64 MB = 128 chunks of 512 KiB = 16 waves of 8: 16 × 0.1 ms + 64 MB / 1,000 MB/s.
        let mut l = ImageLoader::new(64.0, 0.0, false, &cache(1.0, 1.0, 1));
        let (t, counts) = l.load(Micros::ZERO, &mut rng());
        assert_eq!(
            counts,
            TierCounts {
                local: 128,
                az: 0,
                origin: 0
            }
        );
        assert_eq!(t, Micros::from_ms_f64(1.6 + 64.0));
    }

    #[test]
    fn all_origin_right_after_deploy_hand_computed() {
        // Same 128 chunks, all from S3: 16 × 25 ms + 64 MB / 100 MB/s = 400 + 640 ms.
        let mut l = ImageLoader::new(64.0, 0.0, true, &cache(1.0, 1.0, 1));
        let (t, counts) = l.load(Micros::ZERO, &mut rng());
        assert_eq!(
            counts,
            TierCounts {
                local: 0,
                az: 0,
                origin: 128
            }
        );
        assert_eq!(t, Micros::from_ms(1_040));
    }

    #[test]
    fn all_az_hits_hand_computed() {
        // Local misses always, AZ always hits: 16 × 1 ms + 64 MB / 250 MB/s = 16 + 256 ms.
        let mut l = ImageLoader::new(64.0, 0.0, false, &cache(0.0, 1.0, 1));
        let (t, counts) = l.load(Micros::ZERO, &mut rng());
        assert_eq!(counts.az, 128);
        assert_eq!(t, Micros::from_ms(272));
    }

    #[test]
    fn shared_chunks_are_warm_even_right_after_deploy() {
        // Half the chunks come from a popular base image: they hit locally, the rest go to S3.
        let mut l = ImageLoader::new(64.0, 0.5, true, &cache(1.0, 1.0, 1));
        let (t, counts) = l.load(Micros::ZERO, &mut rng());
        assert_eq!(
            counts,
            TierCounts {
                local: 64,
                az: 0,
                origin: 64
            }
        );
        // Local: 8 waves × 0.1 + 32 ms; origin: 8 waves × 25 + 320 ms.
        assert_eq!(t, Micros::from_ms_f64(0.8 + 32.0 + 200.0 + 320.0));
    }

    #[test]
    fn successive_cold_starts_warm_the_az_then_the_local_cache() {
        // One worker: the first cold start fills both caches, the second hits locally.
        let mut l = ImageLoader::new(64.0, 0.0, true, &cache(1.0, 1.0, 1));
        let mut r = rng();
        let (first, c1) = l.load(Micros::ZERO, &mut r);
        assert_eq!(c1.origin, 128);
        let later = Micros::from_secs(10);
        let (second, c2) = l.load(later, &mut r);
        assert_eq!(c2.local, 128);
        assert_eq!(first, Micros::from_ms(1_040));
        assert_eq!(second, Micros::from_ms_f64(1.6 + 64.0));
    }

    #[test]
    fn a_burst_misses_until_the_first_load_completes() {
        let mut l = ImageLoader::new(64.0, 0.0, true, &cache(1.0, 1.0, 1));
        let mut r = rng();
        let (first, _) = l.load(Micros::ZERO, &mut r);
        // Started while the first load is still in flight: the caches do not hold it yet.
        let (_, during) = l.load(Micros::from_ms(100), &mut r);
        assert_eq!(during.origin, 128);
        // The second load finished later, but the caches became warm at the first one's end.
        let (_, after) = l.load(first, &mut r);
        assert_eq!(after.local, 128);
    }

    #[test]
    fn a_new_worker_reads_from_the_az_cache_warmed_by_another() {
        // Many workers, all local hits once warm: after one cold start, other workers get AZ
        // hits, and each worker that has served a cold start turns local.
        let mut l = ImageLoader::new(64.0, 0.0, true, &cache(1.0, 1.0, 1_000));
        let mut r = rng();
        l.load(Micros::ZERO, &mut r);
        let mut from_az = 0;
        for s in 1..=20 {
            let (_, c) = l.load(Micros::from_secs(1 + s), &mut r);
            assert_eq!(
                c.origin, 0,
                "the AZ cache holds the image from the first load on"
            );
            from_az += u64::from(c.az == 128);
        }
        assert!(
            from_az >= 15,
            "1,000 workers: most loads land on a cold worker ({from_az})"
        );
    }

    #[test]
    fn a_deploy_makes_its_changed_chunks_cold_and_keeps_the_rest_warm() {
        // One worker, always hits once cached. Warm image; a deploy changes a quarter of it.
        let mut l = ImageLoader::new(64.0, 0.0, false, &cache(1.0, 1.0, 1));
        let mut r = rng();
        l.deploy(Micros::from_secs(1), 0.25);
        assert_eq!(l.chunks(), 128, "the working set keeps its size");
        let (t, c) = l.load(Micros::from_secs(2), &mut r);
        assert_eq!((c.local, c.az, c.origin), (96, 0, 32));
        // Local: 12 waves × 0.1 + 48 ms; origin: 4 waves × 25 + 160 ms.
        assert_eq!(t, Micros::from_ms_f64(1.2 + 48.0 + 100.0 + 160.0));
        // Once loaded, the changed chunks are cached too.
        let (_, c) = l.load(Micros::from_secs(3), &mut r);
        assert_eq!(c.local, 128);
        // A deploy changing nothing changes nothing; groups warm everywhere merge.
        l.deploy(Micros::from_secs(4), 0.0);
        assert_eq!(l.groups.len(), 1);
        // A full redeploy is like a first deploy.
        l.deploy(Micros::from_secs(5), 1.0);
        let (t, c) = l.load(Micros::from_secs(6), &mut r);
        assert_eq!(c.origin, 128);
        assert_eq!(t, Micros::from_ms(1_040));
    }

    #[test]
    fn steady_state_hit_mix_matches_the_probabilities() {
        let mut l = ImageLoader::new(5_120.0, 0.0, false, &cache(0.67, 0.997, 16));
        let (_, c) = l.load(Micros::ZERO, &mut rng());
        let n = l.chunks() as f64;
        assert_eq!(n, 10_240.0);
        assert!((c.local as f64 / n - 0.67).abs() < 0.02, "{c:?}");
        assert!((c.az as f64 / n - 0.33 * 0.997).abs() < 0.02, "{c:?}");
    }

    /// What the kept set-ups must give: a fresh distribution for every draw.
    fn fresh(n: u64, p: f64, rng: &mut Pcg64) -> u64 {
        if n == 0 || p <= 0.0 {
            0
        } else if p >= 1.0 {
            n
        } else {
            Binomial::new(n, p).unwrap().sample(rng)
        }
    }

    #[test]
    fn kept_binomial_set_ups_draw_what_fresh_ones_draw() {
        // Two generators on the same seed: one draws through a fresh `Binomial` each time, the
        // other through the prepared and memoised ones. Trial counts range over 20 times the
        // memo's slots, so slots are replaced; the probabilities cover BINV (small n·p), BTPE,
        // the flipped side (p > 0.5) and the degenerate ends.
        let mut choose = Pcg64::seed_from_u64(11);
        for p in [0.0, 0.003, 0.33, 0.5, 0.67, 0.997, 1.0] {
            let (mut a, mut b) = (rng(), rng());
            let mut memo = BinomialMemo::new(p);
            for _ in 0..3_000 {
                let n = choose.random_range(0..20 * MEMO_SLOTS as u64);
                assert_eq!(
                    memo.sample(n, &mut b),
                    fresh(n, p, &mut a),
                    "memo n={n} p={p}"
                );
                let fixed = PreparedBinomial::new(n, p);
                for _ in 0..3 {
                    assert_eq!(fixed.sample(&mut b), fresh(n, p, &mut a), "n={n} p={p}");
                }
            }
        }
    }
}
