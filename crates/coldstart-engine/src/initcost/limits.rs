//! Validation of the packaging: the AWS limits on zip packages, container images and SnapStart,
//! and the model parameters' ranges, each read from the field table (`scenario::fields`). Every
//! error names the field path, the value and the rule, with the limit's source.

use crate::defaults as d;
use crate::dist::{Dist, Sampler};
use crate::error::ScenarioError;
use crate::package::{ImageCache, Package, ReadAtInit, ZipFetch, ZipUpload};
use crate::scenario::fields::{self as F, FieldSpec, SNAPSTART_DOC};
use crate::scenario::{Runtime, Scenario};

/// Bytes in a MB (sizes in MB are treated as MiB).
const BYTES_PER_MB: f64 = 1_048_576.0;

/// Validates `package` and `snapstart` against the AWS limits and the models' parameter ranges.
pub fn validate_packaging(scenario: &Scenario) -> Result<(), ScenarioError> {
    match &scenario.package {
        Package::Zip {
            zipped_mb,
            unzipped_mb,
            layers,
            upload,
            fetch,
        } => validate_zip(*zipped_mb, *unzipped_mb, *layers, *upload, fetch)?,
        Package::Image {
            image_mb,
            base_mb,
            read_at_init,
            shared_fraction,
            cache,
            ..
        } => validate_image(
            *image_mb,
            *base_mb,
            scenario.function.runtime,
            read_at_init,
            *shared_fraction,
            cache,
        )?,
    }
    if let Some(snap) = &scenario.snapstart {
        validate_snapstart(scenario)?;
        if let Some(restore) = &snap.restore_ms {
            validate_dist(&F::SNAPSTART_RESTORE_MS, restore)?;
        }
        validate_dist(&F::SNAPSTART_HOOK_MS, &snap.after_restore_hook_ms)?;
        F::SNAPSTART_RUNTIME_LOAD_SHARE.check(snap.runtime_load_share)?;
        F::SNAPSTART_FIRST_EXTRA_MS.check(snap.snapshot_cache.first_extra_ms)?;
        F::SNAPSTART_DECAY_RESTORES.check(snap.snapshot_cache.decay_restores)?;
        // The table bounds the distribution's location; the hooks' limit is on every value.
        if let Some(max) = snap.after_restore_hook_ms.max()
            && max > d::SNAPSTART_HOOK_LIMIT_MS
        {
            return Err(ScenarioError::invalid(
                F::SNAPSTART_HOOK_MS.path,
                max,
                format!(
                    "restore hooks are limited to {} ms ({SNAPSTART_DOC})",
                    d::SNAPSTART_HOOK_LIMIT_MS
                ),
            ));
        }
    }
    Ok(())
}

fn validate_zip(
    zipped_mb: f64,
    unzipped_mb: f64,
    layers: u32,
    upload: ZipUpload,
    fetch: &ZipFetch,
) -> Result<(), ScenarioError> {
    // The unzipped limit first: past it, a container image is the answer, whatever the route.
    F::UNZIPPED_MB.check(unzipped_mb)?;
    match upload {
        ZipUpload::Direct => F::ZIPPED_MB.check(zipped_mb)?,
        ZipUpload::S3 => F::ZIPPED_MB_S3.check(zipped_mb)?,
    }
    if zipped_mb > unzipped_mb {
        return Err(ScenarioError::invalid(
            "package.zipped_mb",
            zipped_mb,
            format!("must not exceed package.unzipped_mb ({unzipped_mb} MB)"),
        ));
    }
    F::LAYERS.check_whole(layers)?;
    F::FETCH_OVERHEAD_MS.check(fetch.overhead_ms)?;
    F::FETCH_TRANSFER_MB_S.check(fetch.transfer_mb_s)?;
    F::FETCH_EXTRACT_MB_S.check(fetch.extract_mb_s)?;
    F::FETCH_FILE_CREATE_MS.check(fetch.file_create_ms)?;
    if let Some(files) = fetch.files {
        // A file holds at least one byte: 250 MB unzipped cannot hold more files than bytes.
        let most = (unzipped_mb * BYTES_PER_MB).floor() as u64;
        if files > most {
            return Err(ScenarioError::invalid(
                "package.fetch.files",
                files,
                format!("at most one file per byte of package.unzipped_mb ({most} files)"),
            ));
        }
    }
    Ok(())
}

fn validate_image(
    image_mb: f64,
    base_mb: Option<f64>,
    runtime: Runtime,
    read_at_init: &ReadAtInit,
    shared_fraction: f64,
    cache: &ImageCache,
) -> Result<(), ScenarioError> {
    F::IMAGE_MB.check(image_mb)?;
    if let Some(base) = base_mb {
        F::BASE_MB.check(base)?;
        if base > image_mb {
            return Err(ScenarioError::invalid(
                "package.base_mb",
                base,
                format!(
                    "the base layers cannot be larger than the image (package.image_mb = {image_mb})"
                ),
            ));
        }
    }
    let own_mb = image_mb - crate::package::image_base_mb(image_mb, base_mb, runtime);
    match *read_at_init {
        ReadAtInit::Fraction(f) => F::READ_AT_INIT_FRACTION.check(f)?,
        ReadAtInit::Mb(mb) => {
            F::READ_AT_INIT_MB.check(mb)?;
            if mb > own_mb {
                return Err(ScenarioError::invalid(
                    "package.read_at_init.mb",
                    mb,
                    format!(
                        "init reads at most the function's own layers: package.image_mb = {image_mb} minus \
                         the base layers = {own_mb} MB (set package.base_mb for a smaller base)"
                    ),
                ));
            }
        }
    }
    F::SHARED_FRACTION.check(shared_fraction)?;
    F::CACHE_CHUNK_KIB.check_whole(cache.chunk_kib)?;
    F::CACHE_PARALLELISM.check_whole(cache.parallelism)?;
    F::CACHE_WORKERS.check_whole(cache.workers)?;
    F::CACHE_LOCAL_HIT.check(cache.local_hit)?;
    F::CACHE_AZ_HIT.check(cache.az_hit)?;
    for (latency, throughput, tier) in [
        (
            &F::CACHE_LOCAL_LATENCY_MS,
            &F::CACHE_LOCAL_MB_S,
            &cache.local,
        ),
        (&F::CACHE_AZ_LATENCY_MS, &F::CACHE_AZ_MB_S, &cache.az),
        (
            &F::CACHE_ORIGIN_LATENCY_MS,
            &F::CACHE_ORIGIN_MB_S,
            &cache.origin,
        ),
    ] {
        latency.check(tier.latency_ms)?;
        throughput.check(tier.throughput_mb_s)?;
    }
    Ok(())
}

fn validate_snapstart(scenario: &Scenario) -> Result<(), ScenarioError> {
    let runtime = scenario.function.runtime;
    if !matches!(runtime, Runtime::Java | Runtime::Python | Runtime::Dotnet) {
        return Err(ScenarioError::invalid(
            "snapstart",
            format!("set, with function.runtime = {runtime:?}"),
            format!(
                "SnapStart supports Java 11+, Python 3.12+ and managed .NET 8+ only \
                 ({SNAPSTART_DOC})"
            ),
        ));
    }
    if matches!(scenario.package, Package::Image { .. }) {
        return Err(ScenarioError::invalid(
            "snapstart",
            "set, with package.type = image",
            format!("SnapStart does not support container images ({SNAPSTART_DOC})"),
        ));
    }
    if let Some(pc) = &scenario.provisioned
        && (pc.count > 0 || pc.schedule.iter().any(|c| c.count > 0))
    {
        return Err(ScenarioError::invalid(
            "snapstart",
            format!("set, with provisioned.count = {}", pc.count),
            format!("SnapStart cannot be combined with provisioned concurrency ({SNAPSTART_DOC})"),
        ));
    }
    Ok(())
}

/// Checks a duration distribution against its row of the field table, then that `rand_distr`
/// accepts it.
pub(crate) fn validate_dist(spec: &FieldSpec, dist: &Dist) -> Result<(), ScenarioError> {
    spec.check_dist(dist)?;
    Sampler::new(dist)
        .map(|_| ())
        .map_err(|e| ScenarioError::invalid(spec.path, format!("{dist:?}"), e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Provisioned, SnapStart};

    fn base(package: Package) -> Scenario {
        let mut s = Scenario::from_json(
            r#"{"duration_s": 60, "workload": {"kind": "poisson", "rate_per_s": 1},
                "function": {"runtime": "python", "memory_mb": 1024,
                             "handler_ms": {"dist": "constant", "value": 10}},
                "package": {"type": "zip", "zipped_mb": 1, "unzipped_mb": 3}}"#,
        )
        .expect("base scenario parses");
        s.package = package;
        s
    }

    fn package(json: &str) -> Package {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    /// Expects `s` to be refused at `path` with `value`, by a rule mentioning each of `mentions`.
    fn assert_refused(s: &Scenario, path: &str, value: &str, mentions: &[&str]) {
        let err = validate_packaging(s).expect_err(path);
        let ScenarioError::Invalid {
            path: p,
            value: v,
            rule,
        } = &err
        else {
            panic!("{path}: expected Invalid, got {err:?}")
        };
        assert_eq!((p.as_str(), v.as_str()), (path, value));
        for m in mentions {
            assert!(rule.contains(m), "{path}: rule {rule:?} lacks {m:?}");
        }
        let shown = err.to_string();
        assert!(shown.contains(path) && shown.contains(value), "{shown}");
    }

    /// Table rows: package JSON, then the expected path, value and words of the rule.
    fn check_packages(rows: &[(&str, &str, &str, &[&str])]) {
        for (json, path, value, mentions) in rows {
            assert_refused(&base(package(json)), path, value, mentions);
        }
    }

    const Q: &str = "AWS Lambda quotas";

    #[test]
    fn valid_packages_pass() {
        assert_eq!(validate_packaging(&base(Package::zip(10.0, 30.0))), Ok(()));
        assert_eq!(validate_packaging(&base(Package::image(1_000.0))), Ok(()));
        assert_eq!(
            validate_packaging(&base(Package::image(d::IMAGE_MAX_MB))),
            Ok(())
        );
        let mut s = base(Package::zip(
            d::ZIP_DIRECT_MAX_ZIPPED_MB,
            d::ZIP_MAX_UNZIPPED_MB,
        ));
        assert_eq!(validate_packaging(&s), Ok(()));
        s.snapstart = Some(snapstart());
        assert_eq!(validate_packaging(&s), Ok(()), "Python supports SnapStart");
    }

    #[test]
    fn zip_limits() {
        check_packages(&[
            (
                r#"{"type":"zip","zipped_mb":51,"unzipped_mb":200}"#,
                "package.zipped_mb",
                "51",
                &["50 MB", Q, "s3"],
            ),
            (
                r#"{"type":"zip","zipped_mb":10,"unzipped_mb":251}"#,
                "package.unzipped_mb",
                "251",
                &["250 MB", Q, "container image"],
            ),
            (
                r#"{"type":"zip","zipped_mb":1,"unzipped_mb":3,"layers":6}"#,
                "package.layers",
                "6",
                &["5 layers", Q],
            ),
            (
                r#"{"type":"zip","zipped_mb":20,"unzipped_mb":10}"#,
                "package.zipped_mb",
                "20",
                &["unzipped_mb"],
            ),
            (
                r#"{"type":"zip","zipped_mb":-1,"unzipped_mb":3}"#,
                "package.zipped_mb",
                "-1",
                &["between 0 and 50 MB"],
            ),
            (
                r#"{"type":"zip","zipped_mb":1,"unzipped_mb":3,"fetch":{"transfer_mb_s":0}}"#,
                "package.fetch.transfer_mb_s",
                "0",
                &["between 0.1 and 1000000 MB/s"],
            ),
            (
                r#"{"type":"zip","zipped_mb":1,"unzipped_mb":3,"fetch":{"overhead_ms":1e300}}"#,
                "package.fetch.overhead_ms",
                "1.000e300",
                &["between 0 and 60000 ms"],
            ),
            (
                r#"{"type":"zip","zipped_mb":1,"unzipped_mb":3,"fetch":{"extract_mb_s":-2}}"#,
                "package.fetch.extract_mb_s",
                "-2",
                &["between 0.1 and 1000000"],
            ),
            (
                r#"{"type":"zip","zipped_mb":1,"unzipped_mb":3,"fetch":{"overhead_ms":-5}}"#,
                "package.fetch.overhead_ms",
                "-5",
                &["between 0 and 60000"],
            ),
        ]);
        // Values JSON cannot spell.
        assert_refused(
            &base(Package::zip(1.0, f64::NAN)),
            "package.unzipped_mb",
            "NaN",
            &["finite"],
        );
        assert_refused(
            &base(Package::zip(f64::INFINITY, 3.0)),
            "package.zipped_mb",
            "inf",
            &["finite"],
        );
    }

    #[test]
    fn s3_upload_lifts_only_the_zipped_limit() {
        let s3 = |unzipped: u32| {
            base(package(&format!(
                r#"{{"type":"zip","zipped_mb":120,"unzipped_mb":{unzipped},"upload":"s3"}}"#
            )))
        };
        assert_eq!(validate_packaging(&s3(240)), Ok(()));
        assert_refused(&s3(260), "package.unzipped_mb", "260", &["250 MB"]);
    }

    #[test]
    fn image_limits() {
        check_packages(&[
            (
                r#"{"type":"image","image_mb":10241}"#,
                "package.image_mb",
                "10241",
                &["10240 MB", Q],
            ),
            (
                r#"{"type":"image","image_mb":0}"#,
                "package.image_mb",
                "0",
                &["> 0"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"read_at_init":{"fraction":1.5}}"#,
                "package.read_at_init.fraction",
                "1.5",
                &["between 0 and 1"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"read_at_init":{"mb":1001}}"#,
                "package.read_at_init.mb",
                "1001",
                &["image_mb = 1000"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"read_at_init":{"mb":-1}}"#,
                "package.read_at_init.mb",
                "-1",
                &["between 0 and 10240 MB"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"shared_fraction":-0.1}"#,
                "package.shared_fraction",
                "-0.1",
                &["between 0 and 1"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"cache":{"chunk_kib":0}}"#,
                "package.cache.chunk_kib",
                "0",
                &["between 1 and"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"cache":{"parallelism":0}}"#,
                "package.cache.parallelism",
                "0",
                &["between 1 and"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"cache":{"workers":0}}"#,
                "package.cache.workers",
                "0",
                &["between 1 and"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"cache":{"local_hit":2}}"#,
                "package.cache.local_hit",
                "2",
                &["between 0 and 1"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"cache":{"az_hit":-1}}"#,
                "package.cache.az_hit",
                "-1",
                &["between 0 and 1"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"cache":{"origin":{"latency_ms":25,"throughput_mb_s":0}}}"#,
                "package.cache.origin.throughput_mb_s",
                "0",
                &["between 0.1 and 1000000"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"cache":{"az":{"latency_ms":1e300,"throughput_mb_s":250}}}"#,
                "package.cache.az.latency_ms",
                "1.000e300",
                &["between 0 and 60000"],
            ),
            (
                r#"{"type":"image","image_mb":1000,"cache":{"az":{"latency_ms":-1,"throughput_mb_s":9}}}"#,
                "package.cache.az.latency_ms",
                "-1",
                &["between 0 and 60000"],
            ),
        ]);
    }

    fn snapstart() -> SnapStart {
        SnapStart {
            restore_ms: None,
            after_restore_hook_ms: Dist::zero(),
            runtime_load_share: d::SNAPSTART_RUNTIME_LOAD_SHARE,
            just_published: false,
            snapshot_cache: Default::default(),
        }
    }

    #[test]
    fn snapstart_restrictions() {
        let doc = "Lambda SnapStart";
        let with = |edit: &dyn Fn(&mut Scenario)| {
            let mut s = base(Package::zip(1.0, 3.0));
            s.snapstart = Some(snapstart());
            edit(&mut s);
            s
        };
        for (runtime, name) in [
            (Runtime::Nodejs, "Nodejs"),
            (Runtime::Ruby, "Ruby"),
            (Runtime::Go, "Go"),
            (Runtime::Provided, "Provided"),
            (Runtime::DotnetAot, "DotnetAot"),
        ] {
            assert_refused(
                &with(&|s| s.function.runtime = runtime),
                "snapstart",
                &format!("set, with function.runtime = {name}"),
                &["Java 11+, Python 3.12+ and managed .NET 8+", doc],
            );
        }
        assert_refused(
            &with(&|s| s.package = Package::image(100.0)),
            "snapstart",
            "set, with package.type = image",
            &["container images", doc],
        );
        assert_refused(
            &with(&|s| {
                s.provisioned = Some(Provisioned {
                    count: 2,
                    schedule: vec![],
                })
            }),
            "snapstart",
            "set, with provisioned.count = 2",
            &["provisioned concurrency", doc],
        );
        assert_refused(
            &with(&|s| {
                s.snapstart.as_mut().unwrap().after_restore_hook_ms = Dist::constant(11_000.0)
            }),
            "snapstart.after_restore_hook_ms.value",
            "11000",
            &["10000 ms", doc],
        );
        assert_refused(
            &with(&|s| {
                s.snapstart.as_mut().unwrap().restore_ms = Some(Dist::LogNormal {
                    median: 100.0,
                    p99_over_p50: 0.5,
                })
            }),
            "snapstart.restore_ms.p99_over_p50",
            "0.5",
            &["between 1 and 1000"],
        );
        // A restore of 1e300 ms would put cold latency past any clock: at most a day.
        assert_refused(
            &with(&|s| s.snapstart.as_mut().unwrap().restore_ms = Some(Dist::constant(1e300))),
            "snapstart.restore_ms.value",
            "1.000e300",
            &["between 0 and 86400000"],
        );
    }
}
