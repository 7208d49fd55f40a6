//! How the function's code is shipped. The package type decides the code-fetch phase of a cold
//! start; the models themselves live in `initcost`, their defaults in `defaults`.

use crate::defaults as d;
use crate::scenario::Runtime;
use crate::tagged;
use serde::{Deserialize, Serialize};

/// Zip package or container image: the two Lambda deployment package types.
///
/// Read in one pass through [`PackageFields`] ([`crate::tagged`]); written in the tagged form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "crate::tagged::Map<PackageFields>"
)]
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
        /// Cost of fetching and extracting the archive; defaults from `defaults`.
        #[serde(default, skip_serializing_if = "ZipFetch::is_default")]
        fetch: ZipFetch,
    },
    /// An OCI container image, up to 10 GB, loaded lazily in chunks: the runtime's base image
    /// layers, which many functions share, then the function's own layers (dependencies, code,
    /// data).
    Image {
        /// Image size, MB (at most 10,240): base layers plus the function's own layers.
        image_mb: f64,
        /// Size of the runtime base image's layers, MB. `None`: the AWS base image of the
        /// runtime (`defaults::image_base_mb`) if the image is larger than it, else 0 (an
        /// image built on a minimal base). The base's start-up reads hit the caches, being shared by
        /// many functions, and are part of the measured image bootstrap.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base_mb: Option<f64>,
        /// How much of the function's own layers (`image_mb − base`) init reads (beyond the
        /// base runtime's own start-up reads, which the image bootstrap already contains).
        #[serde(default)]
        read_at_init: ReadAtInit,
        /// Fraction of the chunks init reads from the function's own layers that other images
        /// share too (a popular dependency layer), and so are already in every cache, 0 to 1.
        #[serde(default)]
        shared_fraction: f64,
        /// The image was just deployed: its unique chunks are in no cache yet. Otherwise the
        /// caches are in steady state from the first cold start on.
        #[serde(default)]
        just_deployed: bool,
        /// Chunking, parallelism and the three cache tiers; defaults from `defaults`.
        #[serde(default, skip_serializing_if = "ImageCache::is_default")]
        cache: ImageCache,
    },
}

tagged::reader! {
    /// Every field of both [`Package`]s, each `Some` when present ([`crate::tagged`]).
    struct PackageFields for Package called "package" tagged "type" by PackageKind {
        zipped_mb: f64,
        unzipped_mb: f64,
        layers: u32,
        upload: ZipUpload,
        fetch: ZipFetch,
        image_mb: f64,
        base_mb: Option<f64>,
        read_at_init: ReadAtInit,
        shared_fraction: f64,
        just_deployed: bool,
        cache: ImageCache,
    }
    Zip = "zip" {
        zipped_mb,
        unzipped_mb,
        layers = default,
        upload = default,
        fetch = default,
    },
    Image = "image" {
        image_mb,
        base_mb = default,
        read_at_init = default,
        shared_fraction = default,
        just_deployed = default,
        cache = default,
    },
}

impl Package {
    /// A direct-upload zip with no layers and the default fetch model.
    pub fn zip(zipped_mb: f64, unzipped_mb: f64) -> Package {
        Package::Zip {
            zipped_mb,
            unzipped_mb,
            layers: 0,
            upload: ZipUpload::Direct,
            fetch: ZipFetch::default(),
        }
    }

    /// An image on the runtime's default base that reads the default fraction of its own layers
    /// at init, shares nothing of them, in steady state.
    pub fn image(image_mb: f64) -> Package {
        Package::Image {
            image_mb,
            base_mb: None,
            read_at_init: ReadAtInit::default(),
            shared_fraction: 0.0,
            just_deployed: false,
            cache: ImageCache::default(),
        }
    }
}

/// The base-image part of an image of `image_mb` for `runtime`, MB: the stated `base_mb`;
/// else the runtime's AWS base image when the image is larger than it; else 0 — an image
/// smaller than the AWS base is built on a minimal one (`FROM scratch`, Alpine), and all of it
/// counts as the function's own layers.
pub fn image_base_mb(image_mb: f64, base_mb: Option<f64>, runtime: Runtime) -> f64 {
    base_mb.unwrap_or_else(|| {
        let aws = d::image_base_mb(runtime);
        if image_mb > aws { aws } else { 0.0 }
    })
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

/// Bytes of an image's own layers (everything above the base) read during init, absolute or
/// relative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ReadAtInit {
    /// A fraction of the function's own layers, 0 to 1 (Slacker, FAST'16: 6.4 % of an image on
    /// average).
    Fraction(f64),
    /// An absolute amount, MB, at most the size of the function's own layers.
    Mb(f64),
}

impl Default for ReadAtInit {
    fn default() -> Self {
        ReadAtInit::Fraction(d::IMAGE_READ_FRACTION)
    }
}

impl ReadAtInit {
    /// Megabytes read from own layers of `own_mb`.
    pub fn mb(&self, own_mb: f64) -> f64 {
        match *self {
            ReadAtInit::Fraction(f) => f * own_mb,
            ReadAtInit::Mb(mb) => mb,
        }
    }
}

/// Zip code fetch: `overhead + zipped / transfer + unzipped / extract + files × file_create`.
///
/// Separate rates because the two costs scale with different sizes: the download with the
/// compressed bytes, extraction (and writing to the environment's disk) with the uncompressed ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ZipFetch {
    /// Fixed cost per fetch (locating the code, attaching the disk), ms.
    pub overhead_ms: f64,
    /// Download rate of the zipped bytes, MB/s.
    pub transfer_mb_s: f64,
    /// Extraction rate of the unzipped bytes, MB/s.
    pub extract_mb_s: f64,
    /// Files in the unzipped package. `None`: the unzipped size over the runtime's measured
    /// mean file size (`defaults::zip_mean_file_kib`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<u64>,
    /// Cost of creating one extracted file on the environment's disk, ms.
    pub file_create_ms: f64,
}

impl Default for ZipFetch {
    fn default() -> Self {
        ZipFetch {
            overhead_ms: d::ZIP_FETCH_OVERHEAD_MS,
            transfer_mb_s: d::ZIP_TRANSFER_MB_S,
            extract_mb_s: d::ZIP_EXTRACT_MB_S,
            files: None,
            file_create_ms: d::ZIP_FILE_CREATE_MS,
        }
    }
}

impl ZipFetch {
    fn is_default(&self) -> bool {
        *self == ZipFetch::default()
    }
}

/// Latency and throughput of one cache tier, as seen by one environment loading chunks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierCost {
    /// Time to first byte of one chunk request, ms. Overlapped across `parallelism` requests.
    pub latency_ms: f64,
    /// Aggregate throughput from this tier to one environment, MB/s.
    pub throughput_mb_s: f64,
}

/// Container-image loading after Brooker et al. (USENIX ATC'23): a flattened block device in
/// fixed-size chunks, loaded lazily on first read from a worker-local cache, an
/// availability-zone cache, or the S3 origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageCache {
    /// Chunk size, KiB (ATC'23: 512).
    pub chunk_kib: u32,
    /// Chunk requests in flight at once.
    pub parallelism: u32,
    /// Workers a new environment may land on; each has its own local cache.
    pub workers: u32,
    /// Probability a chunk the worker has cached is still there (steady state; ATC'23: 67 %).
    pub local_hit: f64,
    /// Probability a chunk missing locally is in the AZ cache once it holds the image
    /// (ATC'23: 32 % of all reads hit the AZ cache, < 0.1 % go to S3).
    pub az_hit: f64,
    /// Worker-local cache.
    pub local: TierCost,
    /// Availability-zone cache.
    pub az: TierCost,
    /// Origin object store (S3).
    pub origin: TierCost,
}

impl Default for ImageCache {
    fn default() -> Self {
        ImageCache {
            chunk_kib: d::IMAGE_CHUNK_KIB,
            parallelism: d::IMAGE_FETCH_PARALLELISM,
            workers: d::IMAGE_WORKERS,
            local_hit: d::IMAGE_LOCAL_HIT,
            az_hit: d::IMAGE_AZ_HIT,
            local: TierCost {
                latency_ms: d::IMAGE_LOCAL_LATENCY_MS,
                throughput_mb_s: d::IMAGE_LOCAL_MB_S,
            },
            az: TierCost {
                latency_ms: d::IMAGE_AZ_LATENCY_MS,
                throughput_mb_s: d::IMAGE_AZ_MB_S,
            },
            origin: TierCost {
                latency_ms: d::IMAGE_ORIGIN_LATENCY_MS,
                throughput_mb_s: d::IMAGE_ORIGIN_MB_S,
            },
        }
    }
}

impl ImageCache {
    fn is_default(&self) -> bool {
        *self == ImageCache::default()
    }
}
