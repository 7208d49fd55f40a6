//! How the function's code is shipped. The package type decides the code-fetch phase of a cold
//! start; the models themselves live in `initcost`.

use serde::{Deserialize, Serialize};

/// Zip package or container image: the two Lambda deployment package types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Package {
    /// A .zip archive (function code plus up to 5 layers).
    Zip {
        /// Compressed size, MB (50 MB for a direct upload; larger needs `upload = "s3"`).
        zipped_mb: f64,
        /// Uncompressed size of function plus layers, MB (at most 250 MB).
        unzipped_mb: f64,
        /// Number of layers, 0 to 5.
        #[serde(default)]
        layers: u32,
        /// How the archive was uploaded; decides the zipped-size limit.
        #[serde(default)]
        upload: ZipUpload,
    },
    /// An OCI container image, up to 10 GB, loaded lazily in chunks.
    Image {
        /// Image size, MB (at most 10,240).
        image_mb: f64,
        /// How much of the image init actually reads.
        #[serde(default)]
        read_at_init: ReadAtInit,
        /// Fraction of the image's chunks shared with popular base images (already cached), 0 to 1.
        #[serde(default)]
        shared_fraction: f64,
        /// The image was just deployed: its unique chunks are in no cache yet.
        #[serde(default)]
        just_deployed: bool,
    },
}

/// Upload path of a zip package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZipUpload {
    /// Uploaded directly to Lambda: at most 50 MB zipped.
    #[default]
    Direct,
    /// Uploaded from S3: the zipped limit no longer applies (the 250 MB unzipped one does).
    S3,
}

/// Bytes of an image read during init, absolute or relative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ReadAtInit {
    /// A fraction of the image (Slacker, FAST'16: 6.4 % on average).
    Fraction(f64),
    /// An absolute amount, MB.
    Mb(f64),
}

impl Default for ReadAtInit {
    fn default() -> Self {
        ReadAtInit::Fraction(crate::defaults::IMAGE_READ_FRACTION)
    }
}
