//! Share links compressed and inflated with `miniz_oxide`, for the CLI and the tests (the
//! `miniz` feature). The page uses the browser's DEFLATE instead and leaves this out of its wasm;
//! everything else a link is (JSON, version, base64url, limits, messages) is the parent module's.

use super::{MAX_JSON_BYTES, ShareError, SharedState, framed, payload, read};

/// DEFLATE level for [`encode`]: the best ratio; payloads are a few KB, so speed is irrelevant.
pub(super) const DEFLATE_LEVEL: u8 = 10;

/// Packs a state into a fragment (without the leading `#`). Deterministic: the same state always
/// gives the same string. It does not validate; a state that fails validation gives a link that
/// [`decode`] refuses, with the same error.
pub fn encode(state: &SharedState) -> String {
    framed(&miniz_oxide::deflate::compress_to_vec(
        &payload(state),
        DEFLATE_LEVEL,
    ))
}

/// Unpacks and validates a fragment (a leading `#` is ignored). Bounded in time and memory for
/// any input; see the parent module's documentation for the limits.
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let mut reading = read(fragment)?;
    let deflated = reading.deflated();
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_JSON_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::InflatedTooLarge {
                limit: MAX_JSON_BYTES,
            },
            status => ShareError::Inflate {
                message: format!("{status:?}"),
            },
        })?;
    let used = deflate_stream_len(deflated);
    if used != Some(deflated.len()) {
        return Err(ShareError::Inflate {
            message: format!(
                "{} bytes follow the end of the compressed data",
                deflated.len() - used.unwrap_or(0).min(deflated.len())
            ),
        });
    }
    reading.push(&json)?;
    reading.finish()
}

/// How many bytes the raw DEFLATE stream at the start of `deflated` takes (`None` if it never
/// ends). A link is exactly one stream: bytes after it would be silently ignored otherwise.
/// Called after a successful bounded inflate, so the loop ends within MAX_JSON_BYTES of output.
fn deflate_stream_len(deflated: &[u8]) -> Option<usize> {
    use miniz_oxide::inflate::stream::{InflateState, inflate};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut scratch = vec![0u8; INFLATE_SCRATCH_BYTES];
    let mut consumed = 0;
    loop {
        let r = inflate(
            &mut state,
            &deflated[consumed..],
            &mut scratch,
            MZFlush::None,
        );
        consumed += r.bytes_consumed;
        match r.status {
            Ok(MZStatus::StreamEnd) => return Some(consumed),
            Ok(_) if r.bytes_consumed == 0 && r.bytes_written == 0 => return None,
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

/// Output buffer of the stream-length check, bytes (reused across calls of `inflate`).
const INFLATE_SCRATCH_BYTES: usize = 32 * 1024;
