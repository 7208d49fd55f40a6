//! The same function shipped the other way: a zip's image twin and an image's zip twin.
//!
//! A comparison of packaging is only fair if both variants hold the same code. An image that
//! holds a runtime is its base image (hundreds of MB, shared by many functions and so always
//! cached) plus the function's own layers; a zip holds only the function's code. So the image
//! twin of a zip is the runtime's base image plus the zip's unzipped content, of which init reads
//! the loadable share (what the zip's init imports, an image running the same code imports
//! too; type declarations, docs and tests are never read: `defaults::code_loadable_share`,
//! measured); the zip twin of an image is its own layers, zipped at the runtime's measured ratio,
//! uploaded through S3 when over the direct-upload limit — and does not exist when those layers
//! exceed the 250 MB unzipped limit.

use crate::defaults as d;
use crate::error::ScenarioError;
use crate::package::{ImageCache, Package, ReadAtInit, ZipFetch, ZipUpload, image_base_mb};
use crate::scenario::Scenario;

/// Name suffixes that mark which way a variant is shipped.
const ZIP_SUFFIX: &str = " (zip)";
const IMAGE_SUFFIX: &str = " (image)";

/// The twin of `scenario`: same function, workload, platform and seed (so common random
/// numbers hold), the other package type, no SnapStart (it supports zips only, and the twin
/// compares packaging). Both names are suffixed with their package type.
///
/// Errors when the twin cannot exist: an image whose own layers are larger than a zip may be.
pub fn twin(scenario: &Scenario) -> Result<Scenario, ScenarioError> {
    let runtime = scenario.function.runtime;
    let package = match &scenario.package {
        Package::Zip { unzipped_mb, .. } => Package::Image {
            image_mb: d::image_base_mb(runtime) + unzipped_mb,
            base_mb: None,
            read_at_init: ReadAtInit::Mb(unzipped_mb * d::code_loadable_share(runtime)),
            shared_fraction: 0.0,
            just_deployed: false,
            cache: ImageCache::default(),
        },
        Package::Image {
            image_mb, base_mb, ..
        } => {
            let own_mb = image_mb - image_base_mb(*image_mb, *base_mb, runtime);
            if own_mb > d::ZIP_MAX_UNZIPPED_MB {
                return Err(ScenarioError::invalid(
                    "package.image_mb",
                    image_mb,
                    format!(
                        "has no zip twin: the function's own layers ({own_mb:.0} MB above the \
                         base image) exceed the {} MB unzipped limit of a zip (AWS Lambda \
                         quotas)",
                        d::ZIP_MAX_UNZIPPED_MB
                    ),
                ));
            }
            let zipped_mb = own_mb / d::zip_compression_ratio(runtime);
            Package::Zip {
                zipped_mb,
                unzipped_mb: own_mb,
                layers: 0,
                upload: if zipped_mb > d::ZIP_DIRECT_MAX_ZIPPED_MB {
                    ZipUpload::S3
                } else {
                    ZipUpload::Direct
                },
                fetch: ZipFetch::default(),
            }
        }
    };
    let mut twin = scenario.clone();
    twin.package = package;
    twin.snapstart = None;
    twin.name = named(&scenario.name, &twin.package);
    crate::validate(&twin)?;
    Ok(twin)
}

/// `scenario` and its twin, both named by package type; `scenario` alone (unrenamed) with the
/// reason when no twin exists.
pub fn with_twin(scenario: &Scenario) -> (Vec<Scenario>, Option<ScenarioError>) {
    match twin(scenario) {
        Ok(t) => {
            let mut first = scenario.clone();
            first.name = named(&scenario.name, &scenario.package);
            (vec![first, t], None)
        }
        Err(e) => (vec![scenario.clone()], Some(e)),
    }
}

/// `name` with its package suffix replaced by `package`'s.
fn named(name: &str, package: &Package) -> String {
    let stem = name
        .trim_end_matches(ZIP_SUFFIX)
        .trim_end_matches(IMAGE_SUFFIX);
    let suffix = match package {
        Package::Zip { .. } => ZIP_SUFFIX,
        Package::Image { .. } => IMAGE_SUFFIX,
    };
    format!("{stem}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Runtime;

    fn node_zip(unzipped_mb: f64) -> Scenario {
        let mut s = Scenario::from_json(
            r#"{"name": "api", "duration_s": 60, "workload": {"kind": "poisson", "rate_per_s": 1},
                "function": {"runtime": "nodejs", "memory_mb": 512,
                             "handler_ms": {"dist": "constant", "value": 10}},
                "package": {"type": "zip", "zipped_mb": 1, "unzipped_mb": 3}}"#,
        )
        .expect("parses");
        s.package = Package::zip(unzipped_mb / 2.66, unzipped_mb);
        s
    }

    #[test]
    fn a_zips_image_twin_is_the_base_image_plus_the_code_and_reads_its_loadable_share() {
        let zip = node_zip(6.0);
        let image = twin(&zip).expect("a twin exists");
        let Package::Image {
            image_mb,
            read_at_init,
            base_mb,
            ..
        } = &image.package
        else {
            panic!("the twin of a zip is an image")
        };
        assert_eq!(*image_mb, d::image_base_mb(Runtime::Nodejs) + 6.0);
        assert_eq!(
            *image_mb, 406.0,
            "Node.js base image ~400 MB + 6 MB of code"
        );
        assert_eq!(*base_mb, None);
        assert_eq!(*read_at_init, ReadAtInit::Mb(6.0 * 0.411));
        assert_eq!(image.name, "api (image)");
        assert_eq!((image.seed, &image.workload), (zip.seed, &zip.workload));
    }

    #[test]
    fn an_images_zip_twin_holds_its_own_layers_and_goes_through_s3_when_large() {
        let mut s = node_zip(6.0);
        s.function.runtime = Runtime::Python;
        s.package = Package::image(700.0);
        let zip = twin(&s).expect("200 MB of own layers fit a zip");
        let Package::Zip {
            zipped_mb,
            unzipped_mb,
            upload,
            ..
        } = zip.package
        else {
            panic!("the twin of an image is a zip")
        };
        assert_eq!(unzipped_mb, 200.0);
        assert!((zipped_mb - 200.0 / 3.34).abs() < 1e-9);
        assert_eq!(
            upload,
            ZipUpload::S3,
            "59.9 MB zipped is over the 50 MB direct limit"
        );
        assert_eq!(zip.name, "api (zip)");
    }

    #[test]
    fn an_image_larger_than_any_zip_has_no_twin_and_says_why() {
        let mut s = node_zip(6.0);
        s.package = Package::image(10_240.0);
        let e = twin(&s).expect_err("9.8 GB of own layers cannot be a zip");
        assert_eq!(e.path(), Some("package.image_mb"));
        assert!(e.to_string().contains("250 MB"), "{e}");
        let (variants, why) = with_twin(&s);
        assert_eq!(variants.len(), 1);
        assert!(why.is_some());
    }

    #[test]
    fn twins_of_twins_keep_the_code_size() {
        let zip = node_zip(30.0);
        let back = twin(&twin(&zip).expect("image")).expect("zip again");
        let Package::Zip { unzipped_mb, .. } = back.package else {
            panic!("zip")
        };
        assert!((unzipped_mb - 30.0).abs() < 1e-9);
        assert_eq!(back.name, "api (zip)");
    }
}
