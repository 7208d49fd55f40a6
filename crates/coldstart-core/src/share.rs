//! Share links: the whole playground state (every compared variant, and the chart an embed shows)
//! packed into a URL fragment, and unpacked again without trusting a byte of it.
//!
//! Format: `v1.` followed by base64url (RFC 4648 §5, no padding) of a raw DEFLATE stream (RFC 1951)
//! of the JSON of a [`SharedState`]. The version is outside the compressed payload so a reader
//! can refuse (or migrate) a link before spending any work on it.
//!
//! Decoding is bounded at every step, because fragments are pasted by strangers: the fragment
//! length is capped before base64, the inflated size is capped while inflating (a zip bomb stops
//! at the cap instead of filling memory), JSON nesting is capped by serde_json's recursion limit
//! (128 levels), and every scenario is validated like a typed-in one. Nothing here panics on input.
//!
//! This module is everything but the DEFLATE itself: the JSON, the version, base64url, the limits
//! and every message ([`payload`] and [`framed`] to write a link, [`read`] and [`Reading`] to open
//! one). Who compresses is the caller's choice: the CLI and the tests use `miniz_oxide` through
//! [`encode`] and [`decode`] (the `miniz` feature), while the page uses the browser's own
//! `CompressionStream`/`DecompressionStream("deflate-raw")`, so its wasm carries no DEFLATE code
//! (about 33 KB before compression). Both write and read the same raw DEFLATE (RFC 1951), so
//! either opens the other's links, though their bytes for one state differ.

use crate::error::ScenarioError;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version written by [`encode`]. Bump it only for an incompatible change of the payload
/// (a renamed or removed field, a changed unit); additive changes with a serde default keep it,
/// since old payloads still deserialise. A bump adds a frozen copy of the old payload type and a
/// conversion arm in `payload_for_version`, so links made today keep opening.
pub const CURRENT_VERSION: u32 = 1;

/// Longest fragment accepted, in characters (64 KiB). Far above a four-variant scenario with a
/// few thousand trace timestamps, far below what could stall a tab; checked before any decoding.
pub const MAX_FRAGMENT_LEN: usize = 64 * 1024;

/// Largest inflated JSON accepted, in bytes (1 MiB). DEFLATE can expand about 1,000×, so the
/// fragment cap alone would still admit ~48 MB; inflation stops at this cap instead.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

/// Most variants in one link: the page and `coldstart compare` compare up to four side by side.
pub const MAX_VARIANTS: usize = 4;

/// Longest chart name. Chart names are short identifiers (`timeline`, `cdf`, …).
pub const MAX_CHART_NAME_LEN: usize = 32;

/// Everything a link restores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedState {
    /// The compared scenarios, 1 to [`MAX_VARIANTS`]; the first is the one a single view shows.
    pub variants: Vec<Scenario>,
    /// The chart an embed shows (a chart identifier such as `timeline`); `None` = the page's default.
    /// The core only checks that it is a short identifier; the page maps it to a chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
    /// The planner question the page's Plan view answers for the variant in its panel (the
    /// first, when the link is opened); `None` = no plan. Only the question travels: whoever
    /// opens the link runs the plan again, with the same result (plans are deterministic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::plan::Request>,
}

/// Why a fragment could not be opened. Every variant says what was wrong and where.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareError {
    /// The fragment is empty.
    Empty,
    /// The fragment is longer than [`MAX_FRAGMENT_LEN`].
    FragmentTooLong {
        /// Its length in bytes.
        len: usize,
        /// The cap.
        limit: usize,
    },
    /// No `v<N>.` prefix.
    MissingVersion,
    /// A version this build cannot read.
    UnsupportedVersion {
        /// The prefix as found, e.g. `v9`.
        found: String,
    },
    /// The payload is not base64url.
    Base64 {
        /// Byte offset in the fragment (prefix included) where decoding failed, when known.
        position: Option<usize>,
        /// What base64 reported.
        message: String,
    },
    /// The payload is not a valid DEFLATE stream.
    Inflate {
        /// What the decompressor reported.
        message: String,
    },
    /// The inflated payload exceeds [`MAX_JSON_BYTES`].
    InflatedTooLarge {
        /// The cap, bytes.
        limit: usize,
    },
    /// The payload is not valid JSON for [`SharedState`] (syntax, nesting, unknown field, type).
    Json {
        /// 1-based line in the inflated JSON.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's message, which names the field or token.
        message: String,
    },
    /// No variants, or more than [`MAX_VARIANTS`].
    VariantCount {
        /// How many the link holds.
        count: usize,
    },
    /// The chart name is not a short identifier.
    BadChart {
        /// The name, truncated for display.
        found: String,
    },
    /// The plan's target is out of its bounds.
    BadPlan {
        /// The validation error (field path, value, rule).
        error: ScenarioError,
    },
    /// A variant fails scenario validation.
    Scenario {
        /// Index in `variants`.
        variant: usize,
        /// The validation error (field path, value, rule).
        error: ScenarioError,
    },
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Empty => write!(f, "share link is empty"),
            ShareError::FragmentTooLong { len, limit } => {
                write!(f, "share link too long ({len} > {limit} characters)")
            }
            ShareError::MissingVersion => {
                write!(
                    f,
                    "share link has no version prefix (expected \"v{CURRENT_VERSION}.\")"
                )
            }
            ShareError::UnsupportedVersion { found } => write!(
                f,
                "unsupported share-link version \"{found}\": this build reads v1 to v{CURRENT_VERSION}"
            ),
            ShareError::Base64 {
                position: Some(p),
                message,
            } => write!(f, "bad base64 at position {p}: {message}"),
            ShareError::Base64 {
                position: None,
                message,
            } => write!(f, "bad base64: {message}"),
            ShareError::Inflate { message } => {
                write!(f, "share link payload is not valid DEFLATE data: {message}")
            }
            ShareError::InflatedTooLarge { limit } => {
                write!(
                    f,
                    "share link payload too large (> {limit} bytes once inflated)"
                )
            }
            ShareError::Json {
                line,
                column,
                message,
            } => write!(
                f,
                "invalid JSON in share link at line {line}, column {column}: {message}"
            ),
            ShareError::VariantCount { count } => write!(
                f,
                "share link holds {count} variants: allowed 1 to {MAX_VARIANTS}"
            ),
            ShareError::BadChart { found } => write!(
                f,
                "chart = \"{found}\": must be 1 to {MAX_CHART_NAME_LEN} characters of a-z, 0-9, '_' or '-'"
            ),
            ShareError::BadPlan { error } => write!(f, "plan: {error}"),
            ShareError::Scenario { variant, error } => match error {
                ScenarioError::Invalid { path, value, rule } => {
                    write!(f, "variants[{variant}].{path} = {value}: {rule}")
                }
                other => write!(f, "variants[{variant}]: {other}"),
            },
        }
    }
}

impl std::error::Error for ShareError {}

/// What a link of `state` compresses: its JSON. It does not validate; a state that fails
/// validation gives a link that [`Reading::finish`] refuses, with the same error.
pub fn payload(state: &SharedState) -> Vec<u8> {
    // Serialising these plain structs to a Vec cannot fail: no maps with non-string keys, no
    // fallible Serialize impls, and non-finite floats are written as `null` rather than refused.
    serde_json::to_vec(state).expect("SharedState serialises to JSON")
}

/// The fragment (without the leading `#`) of `deflated`, a raw DEFLATE stream of a [`payload`]:
/// the version, then base64url.
pub fn framed(deflated: &[u8]) -> String {
    format!("v{CURRENT_VERSION}.{}", base64url::encode(deflated))
}

/// A fragment whose framing is read (length, version, base64url), on its way to a state: the
/// caller inflates [`Reading::deflated`] into [`Reading::push`], piece by piece, and stops at the
/// first error, then [`Reading::finish`] parses and checks the JSON. A DEFLATE error is the
/// caller's to report, as [`ShareError::Inflate`] with what its decompressor said.
#[derive(Debug)]
pub struct Reading {
    version: u32,
    deflated: Vec<u8>,
    json: Vec<u8>,
}

/// Reads a fragment's framing (a leading `#` is ignored). Bounded in time and memory for any
/// input; see the module documentation for the limits.
pub fn read(fragment: &str) -> Result<Reading, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Err(ShareError::Empty);
    }
    if fragment.len() > MAX_FRAGMENT_LEN {
        return Err(ShareError::FragmentTooLong {
            len: fragment.len(),
            limit: MAX_FRAGMENT_LEN,
        });
    }
    let (prefix, payload) = fragment.split_once('.').ok_or(ShareError::MissingVersion)?;
    let version = parse_version(prefix)?;
    let deflated = base64url::decode(payload).map_err(|e| ShareError::Base64 {
        position: e.position.map(|at| prefix.len() + 1 + at),
        message: e.message,
    })?;
    // Said here rather than by each decompressor, in their own words.
    if deflated.is_empty() {
        return Err(ShareError::Inflate {
            message: "no compressed data".to_string(),
        });
    }
    Ok(Reading {
        version,
        deflated,
        json: Vec::new(),
    })
}

impl Reading {
    /// The raw DEFLATE stream to inflate.
    pub fn deflated(&self) -> &[u8] {
        &self.deflated
    }

    /// Takes the next piece of the inflated payload; an error once the whole passes
    /// [`MAX_JSON_BYTES`], when the caller stops inflating (a zip bomb ends there).
    pub fn push(&mut self, inflated: &[u8]) -> Result<(), ShareError> {
        if self.json.len() + inflated.len() > MAX_JSON_BYTES {
            return Err(ShareError::InflatedTooLarge {
                limit: MAX_JSON_BYTES,
            });
        }
        self.json.extend_from_slice(inflated);
        Ok(())
    }

    /// The state, once the whole stream is inflated: parsed for the link's version and checked.
    pub fn finish(self) -> Result<SharedState, ShareError> {
        let state = payload_for_version(self.version, &self.json)?;
        check(&state)?;
        Ok(state)
    }
}

/// Reads `v<N>` and accepts the versions this build can open.
fn parse_version(prefix: &str) -> Result<u32, ShareError> {
    let unsupported = || ShareError::UnsupportedVersion {
        found: prefix.chars().take(MAX_CHART_NAME_LEN).collect(),
    };
    let digits = prefix.strip_prefix('v').ok_or_else(unsupported)?;
    // One spelling per version: `v1`, not `v01` or `v0001`.
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unsupported());
    }
    match digits.parse::<u32>() {
        Ok(n) if (1..=CURRENT_VERSION).contains(&n) => Ok(n),
        _ => Err(unsupported()),
    }
}

/// The migration hook: turns the JSON of any readable version into the current [`SharedState`].
/// Version 1 is the first and current one. When version 2 arrives, the arm for 1 parses a frozen
/// copy of today's type and converts it: `1 => parse_json::<v1::SharedState>(json).map(Into::into)`.
fn payload_for_version(version: u32, json: &[u8]) -> Result<SharedState, ShareError> {
    match version {
        CURRENT_VERSION => parse_json(json),
        other => Err(ShareError::UnsupportedVersion {
            found: format!("v{other}"),
        }),
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<T, ShareError> {
    // Read as text, like every other scenario source (drafts, presets, the worker's requests):
    // `from_slice` would link a second copy of every scenario type's reader, one per serde_json
    // input type, about 90 KB of the page's wasm before compression.
    let text = std::str::from_utf8(json).map_err(|e| {
        let valid = &json[..e.valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        ShareError::Json {
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
            column: valid.len() - line_start + 1,
            message: "invalid UTF-8".to_string(),
        }
    })?;
    // serde_json refuses nesting deeper than 128 arrays/objects (its default recursion limit),
    // so a hostile `[[[[…` cannot exhaust the stack; the tests check this.
    serde_json::from_str(text).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        // serde_json appends the position to its message; it is in the fields already.
        let full = e.to_string();
        let message = full
            .strip_suffix(&format!(" at line {line} column {column}"))
            .unwrap_or(&full)
            .to_string();
        ShareError::Json {
            line,
            column,
            message,
        }
    })
}

/// Structural and scenario checks on a parsed state.
fn check(state: &SharedState) -> Result<(), ShareError> {
    let count = state.variants.len();
    if count == 0 || count > MAX_VARIANTS {
        return Err(ShareError::VariantCount { count });
    }
    if let Some(chart) = &state.chart {
        let ok = !chart.is_empty()
            && chart.len() <= MAX_CHART_NAME_LEN
            && chart
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !ok {
            return Err(ShareError::BadChart {
                found: chart.chars().take(MAX_CHART_NAME_LEN).collect(),
            });
        }
    }
    if let Some(plan) = &state.plan {
        plan.validate()
            .map_err(|error| ShareError::BadPlan { error })?;
    }
    for (variant, scenario) in state.variants.iter().enumerate() {
        crate::validation::validate(scenario)
            .map_err(|error| ShareError::Scenario { variant, error })?;
    }
    Ok(())
}

mod base64url;

// Compiled for the crate's own tests too, which check both halves together.
#[cfg(any(feature = "miniz", test))]
mod miniz;
#[cfg(any(feature = "miniz", test))]
pub use miniz::{decode, encode};

#[cfg(test)]
mod tests;
