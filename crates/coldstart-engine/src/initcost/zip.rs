//! Zip packages: the archive and each layer are downloaded, then extracted onto the
//! environment's disk before the runtime starts.

use crate::defaults as d;
use crate::package::ZipFetch;

/// Code-fetch time of a zip package, ms:
/// `overhead × (1 + layers) + zipped / transfer + unzipped / extract + files × create`,
/// with `files` as stated in `fetch`, else `unzipped / mean_file_kib`.
///
/// The function archive and every layer are separate archives, so each pays the fixed overhead;
/// the byte costs depend only on the totals (the sizes in a scenario already include layers).
/// Extraction pays per byte (inflate) and per file (creating it on disk): a node_modules tree of
/// tiny files costs several times more to extract per MB than a few large native libraries,
/// which is why zips of Node.js dependencies lose to images much earlier than Python ones.
pub fn fetch_ms(
    zipped_mb: f64,
    unzipped_mb: f64,
    layers: u32,
    fetch: &ZipFetch,
    mean_file_kib: f64,
) -> f64 {
    let archives = 1.0 + f64::from(layers);
    let files = fetch
        .files
        .map_or(unzipped_mb * KIB_PER_MB / mean_file_kib, |n| n as f64);
    fetch.overhead_ms * archives
        + zipped_mb / fetch.transfer_mb_s * MS_PER_S
        + unzipped_mb / fetch.extract_mb_s * MS_PER_S
        + files * fetch.file_create_ms
}

/// Zip fetch per zipped MB of a `runtime` dependency tree at its measured compression ratio and
/// file size, ms: the marginal cost of one more zipped MB, overhead excluded.
pub fn fetch_ms_per_zipped_mb(runtime: crate::scenario::Runtime, fetch: &ZipFetch) -> f64 {
    let kib = d::zip_mean_file_kib(runtime);
    let ratio = d::zip_compression_ratio(runtime);
    fetch_ms(1.0, ratio, 0, fetch, kib) - fetch_ms(0.0, 0.0, 0, fetch, kib)
}

/// Milliseconds per second (a unit conversion, not a model constant).
const MS_PER_S: f64 = 1_000.0;
/// KiB per MB (a unit conversion; sizes in MB are treated as MiB).
const KIB_PER_MB: f64 = 1_024.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Runtime;

    fn fetch(overhead_ms: f64, transfer_mb_s: f64, extract_mb_s: f64) -> ZipFetch {
        ZipFetch {
            overhead_ms,
            transfer_mb_s,
            extract_mb_s,
            ..ZipFetch::default()
        }
    }

    /// Per-file cost of `unzipped_mb` in files of `kib`, ms.
    fn files_ms(unzipped_mb: f64, kib: f64) -> f64 {
        unzipped_mb * 1_024.0 / kib * d::ZIP_FILE_CREATE_MS
    }

    #[test]
    fn hand_computed_fetch_times() {
        // 10 MB at 50 MB/s = 200 ms; 30 MB at 100 MB/s = 300 ms; + 20 ms overhead; 30 MB in
        // 1 MiB files = 30 files.
        let f = fetch(20.0, 50.0, 100.0);
        assert_eq!(
            fetch_ms(10.0, 30.0, 0, &f, 1_024.0),
            520.0 + 30.0 * d::ZIP_FILE_CREATE_MS
        );
        // Two layers: three archives pay the overhead.
        assert_eq!(
            fetch_ms(10.0, 30.0, 2, &f, 1_024.0),
            560.0 + 30.0 * d::ZIP_FILE_CREATE_MS
        );
        // An empty package costs only the overhead.
        assert_eq!(fetch_ms(0.0, 0.0, 0, &f, 8.0), 20.0);
        // The same bytes in 8 KiB files: 3,840 files.
        assert_eq!(
            fetch_ms(10.0, 30.0, 0, &f, 8.0),
            520.0 + 3_840.0 * d::ZIP_FILE_CREATE_MS
        );
    }

    #[test]
    fn many_small_files_cost_more_to_extract_than_a_few_large_ones() {
        let f = ZipFetch::default();
        let kib = |r: Runtime| d::zip_mean_file_kib(r);
        let node = fetch_ms(10.0, 30.0, 0, &f, kib(Runtime::Nodejs));
        let python = fetch_ms(10.0, 30.0, 0, &f, kib(Runtime::Python));
        let java = fetch_ms(10.0, 30.0, 0, &f, kib(Runtime::Java));
        assert!(node > python && python > java, "{node} {python} {java}");
        let files_gap = files_ms(30.0, kib(Runtime::Nodejs)) - files_ms(30.0, kib(Runtime::Python));
        assert!(
            (node - python - files_gap).abs() < 1e-9,
            "only the file count differs"
        );
    }

    #[test]
    fn a_stated_file_count_replaces_the_runtime_estimate() {
        let f = ZipFetch {
            files: Some(10),
            file_create_ms: 1.0,
            ..fetch(0.0, 1e9, 1e9)
        };
        let t = fetch_ms(0.0, 30.0, 0, &f, 8.0);
        assert!((t - 10.0 - 30.0 / 1e9 * 1e3).abs() < 1e-9, "{t}");
    }

    #[test]
    fn defaults_leave_most_of_shilkovs_node_slope_to_dependency_loading() {
        // Shilkov, Node.js zip: 1 KB → 0.26 s, 35 MB → 3.87 s end-to-end, i.e. 103 ms per
        // zipped MB. The fetch of a Node.js tree (measured ratio and file size) takes the minor
        // share; Node spends the rest, NODE_DEPENDENCY_INIT_MS_PER_ZIPPED_MB, require-ing.
        let slope = (3_870.0 - 260.0) / 35.0;
        let per_mb = fetch_ms_per_zipped_mb(Runtime::Nodejs, &ZipFetch::default());
        let modelled = per_mb + d::NODE_DEPENDENCY_INIT_MS_PER_ZIPPED_MB;
        assert!(
            (modelled / slope - 1.0).abs() < 0.02,
            "fetch {per_mb} + loading ms/MB vs {slope} ms/MB"
        );
        assert!(per_mb < 0.35 * slope, "fetch is the minor part: {per_mb}");
    }
}
