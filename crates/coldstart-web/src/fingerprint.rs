//! A short, stable fingerprint of a report, to check that wasm and native runs agree bit for bit.
//!
//! The fingerprint is FNV-1a (64 bit) over the report's JSON. serde_json prints floats with the
//! shortest representation that round-trips, so two reports have the same text exactly when every
//! number is the same `f64`. Also compiled into the build script (`native-hashes`), which is what
//! makes the native and the browser figures come from one code path.

use coldstart_core::Report;

/// FNV-1a offset basis and prime (64 bit), from the algorithm's definition.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of some bytes.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// Fingerprint of one report, as 16 hex digits (a string, so it crosses to JavaScript intact).
pub fn report_fingerprint(report: &Report) -> Result<String, String> {
    let json = serde_json::to_string(report).map_err(|e| e.to_string())?;
    Ok(format!("{:016x}", fnv1a(json.as_bytes())))
}

/// Runs every variant of a preset file and fingerprints the reports together.
pub fn preset_fingerprint(text: &str) -> Result<String, String> {
    let variants = crate::preset_file::parse(text).map_err(|e| e.to_string())?;
    let mut all = Vec::with_capacity(variants.len());
    for scenario in &variants {
        let report = coldstart_core::run(scenario).map_err(|e| e.to_string())?;
        all.push(report_fingerprint(&report)?);
    }
    Ok(format!("{:016x}", fnv1a(all.join(",").as_bytes())))
}
