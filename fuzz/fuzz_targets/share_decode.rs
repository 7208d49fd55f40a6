//! Share-link decoding: must return Ok or Err for any input, never panic, hang or blow up.
//!
//! Each input is tried twice: as a fragment (exercising the version, base64 and inflate
//! layers), and wrapped into a well-formed `v1.` link so the bytes reach the JSON parser and
//! scenario validation, which random fragments almost never do.
#![no_main]

use coldstart_core::share;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check(&String::from_utf8_lossy(data));
    let wrapped = share_link_around(data);
    check(&wrapped);
});

fn check(fragment: &str) {
    if let Ok(state) = share::decode(fragment) {
        // Whatever decodes re-encodes to a link that decodes to the same state.
        assert_eq!(share::decode(&share::encode(&state)).as_ref(), Ok(&state));
    }
}

/// A `v1.` link whose inflated payload is `json`.
fn share_link_around(json: &[u8]) -> String {
    use base64::Engine as _;
    let deflated = miniz_oxide::deflate::compress_to_vec(json, 1);
    format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated)
    )
}
