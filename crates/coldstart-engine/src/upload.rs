//! The deploy-time steps before any cold start: uploading the code (a zip straight to Lambda up
//! to 50 MB zipped, a larger zip through S3 up to 250 MB unzipped, an image pushed to ECR) and,
//! with SnapStart, the Init that takes the snapshot when the version is published.
//!
//! They are off the request path: no request waits for them, so the simulation never uses
//! them. They are reported so the operation-order chart can draw a cold start's whole story
//! (deploy → upload → environment → code load → bootstrap → init → handler) with this
//! scenario's numbers. The upload's length is the size over an assumed uplink
//! ([`d::UPLOAD_MB_PER_S`], marked [?]: AWS publishes none).

use crate::defaults as d;
use crate::package::{Package, ZipUpload};
use crate::report::{DeploySteps, UploadRoute};
use crate::scenario::Scenario;

/// The deploy-time steps of a scenario's package.
pub fn deploy_steps(s: &Scenario) -> DeploySteps {
    let (route, upload_mb) = match &s.package {
        Package::Zip {
            zipped_mb,
            upload: ZipUpload::Direct,
            ..
        } => (UploadRoute::Direct, *zipped_mb),
        Package::Zip {
            zipped_mb,
            upload: ZipUpload::S3,
            ..
        } => (UploadRoute::S3, *zipped_mb),
        // A first push sends every layer, the base's too: a private repository holds none yet.
        Package::Image { image_mb, .. } => (UploadRoute::EcrPush, *image_mb),
    };
    DeploySteps {
        route,
        upload_mb,
        upload_ms: upload_mb / d::UPLOAD_MB_PER_S * 1_000.0,
        snapshot_ms: crate::cost::snapshot_init_s(s).map(|secs| secs * 1_000.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(package: Package) -> Scenario {
        let preset = include_str!("../../../scenarios/node-zip-api.json");
        Scenario {
            package,
            ..Scenario::from_json(preset).expect("preset parses")
        }
    }

    #[test]
    fn the_route_follows_the_package_and_the_time_its_size() {
        let direct = deploy_steps(&scenario(Package::zip(20.0, 60.0)));
        assert_eq!(
            (direct.route, direct.upload_mb),
            (UploadRoute::Direct, 20.0)
        );
        assert_eq!(direct.upload_ms, 20.0 / d::UPLOAD_MB_PER_S * 1_000.0);
        let mut s3 = Package::zip(120.0, 240.0);
        if let Package::Zip { upload, .. } = &mut s3 {
            *upload = ZipUpload::S3;
        }
        assert_eq!(deploy_steps(&scenario(s3)).route, UploadRoute::S3);
        let image = deploy_steps(&scenario(Package::image(1_000.0)));
        assert_eq!(
            (image.route, image.upload_mb),
            (UploadRoute::EcrPush, 1_000.0)
        );
        assert!(image.upload_ms > direct.upload_ms);
        assert_eq!(image.snapshot_ms, None, "no SnapStart, no snapshot");
        let snap = include_str!("../../../scenarios/java-snapstart.json");
        let snap = Scenario::from_json(snap).expect("preset parses");
        let ms = deploy_steps(&snap).snapshot_ms.expect("a snapshot step");
        assert!(ms > 0.0);
    }
}
