//! Zip packages: the archive and each layer are downloaded, then extracted onto the
//! environment's disk before the runtime starts.

use crate::package::ZipFetch;

/// Code-fetch time of a zip package, ms:
/// `overhead × (1 + layers) + zipped / transfer + unzipped / extract`.
///
/// The function archive and every layer are separate archives, so each pays the fixed overhead;
/// the byte costs depend only on the totals (the sizes in a scenario already include layers).
pub fn fetch_ms(zipped_mb: f64, unzipped_mb: f64, layers: u32, fetch: &ZipFetch) -> f64 {
    let archives = 1.0 + f64::from(layers);
    fetch.overhead_ms * archives
        + zipped_mb / fetch.transfer_mb_s * MS_PER_S
        + unzipped_mb / fetch.extract_mb_s * MS_PER_S
}

/// Milliseconds per second (a unit conversion, not a model constant).
const MS_PER_S: f64 = 1_000.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn fetch(overhead_ms: f64, transfer_mb_s: f64, extract_mb_s: f64) -> ZipFetch {
        ZipFetch {
            overhead_ms,
            transfer_mb_s,
            extract_mb_s,
        }
    }

    #[test]
    fn hand_computed_fetch_times() {
        // 10 MB at 50 MB/s = 200 ms; 30 MB at 100 MB/s = 300 ms; + 20 ms overhead.
        assert_eq!(fetch_ms(10.0, 30.0, 0, &fetch(20.0, 50.0, 100.0)), 520.0);
        // Two layers: three archives pay the overhead.
        assert_eq!(fetch_ms(10.0, 30.0, 2, &fetch(20.0, 50.0, 100.0)), 560.0);
        // An empty package costs only the overhead.
        assert_eq!(fetch_ms(0.0, 0.0, 0, &fetch(20.0, 50.0, 100.0)), 20.0);
    }

    #[test]
    fn defaults_take_the_fetch_share_of_shilkovs_node_slope() {
        // Shilkov, Node.js zip: 1 KB → 0.26 s, 35 MB → 3.87 s end-to-end, i.e. 103 ms per
        // zipped MB. Node spends NODE_DEPENDENCY_INIT_MS_PER_ZIPPED_MB of it loading the
        // dependencies inside Init; the rest is the code fetch.
        let slope = (3_870.0 - 260.0) / 35.0;
        let target = slope - crate::defaults::NODE_DEPENDENCY_INIT_MS_PER_ZIPPED_MB;
        let ratio = crate::defaults::ZIP_COMPRESSION_RATIO;
        let d = ZipFetch::default();
        let per_mb = fetch_ms(1.0, ratio, 0, &d) - fetch_ms(0.0, 0.0, 0, &d);
        assert!(
            (per_mb / target - 1.0).abs() < 0.05,
            "fetch {per_mb} ms/MB vs target {target} ms/MB"
        );
    }
}
